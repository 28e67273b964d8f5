/*
 * server.c - `lookout serve`'s engine: the libmicrohttpd daemon, the request life cycle
 * (route, authenticate, read the body within its limit, run or queue, respond), the worker
 * pool with its bounded queue, the watcher that swaps the index, and graceful shutdown.
 *
 * A request's life: the first callback (headers read) finds the route, authenticates the
 * caller and refuses at once what will be refused anyway (404, 405, 401, 403, 413 by
 * Content-Length), before any body is read. Body chunks are appended up to --max-body; past
 * it they are discarded and the answer is 413. The final callback runs an I/O-thread route
 * in place, or suspends the connection and queues the request for a worker; a full queue
 * answers 503 with Retry-After. The worker resumes the connection when the response is
 * ready, and libmicrohttpd calls back once more to send it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "server.h"

static _Thread_local lk_store *tls_store;

double srv_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the index and the watcher ---- */

/* CPU time of the calling thread, seconds (the machine may be shared: wall time is not
 * what the work costs) */
static double thread_cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

lk_index *srv_index_get(srv_state *s)
{
	lk_index *ix = NULL;

	pthread_mutex_lock(&s->lock);
	if (s->ix)
		ix = lk_index_ref(s->ix);
	pthread_mutex_unlock(&s->lock);
	return ix;
}

void srv_reload(srv_state *s)
{
	pthread_mutex_lock(&s->wlock);
	s->reload_now = true;
	pthread_cond_signal(&s->wcond);
	pthread_mutex_unlock(&s->wlock);
}

void srv_reload_keys(srv_state *s)
{
	pthread_mutex_lock(&s->wlock);
	s->keys_now = true;
	pthread_cond_signal(&s->wcond);
	pthread_mutex_unlock(&s->wlock);
}

static bool versions_equal(const lk_version_info *a, size_t na, const lk_version_info *b,
                           size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		if (a[i].id != b[i].id || strcmp(a[i].source, b[i].source) != 0)
			return false;
	}
	return true;
}

/* One look at the store: refresh the keys; rebuild and swap the index if the active versions
 * changed (or force). */
static void watch_once(srv_state *s, lk_store *store, bool force)
{
	lk_version_info *vs = NULL;
	lk_key_info *keys = NULL;
	size_t nvs = 0, nkeys = 0;
	bool same;

	/* A key created or revoked over HTTP while the list was read would be lost by installing
	 * that list: install it only if no such change happened meanwhile, else read again. */
	for (int tries = 0; tries < 3; tries++) {
		pthread_mutex_lock(&s->lock);
		unsigned gen = s->keys_gen;
		pthread_mutex_unlock(&s->lock);
		if (lk_keys_list(store, &keys, &nkeys) < 0)
			break;
		pthread_mutex_lock(&s->lock);
		if (s->keys_gen == gen) {
			lk_key_info *old = s->keys;
			s->keys = keys;
			s->nkeys = nkeys;
			pthread_mutex_unlock(&s->lock);
			free(old);
			break;
		}
		pthread_mutex_unlock(&s->lock);
		free(keys);
		keys = NULL;
	}
	if (lk_store_active_versions(store, &vs, &nvs) < 0) {
		fprintf(stderr, "lookout serve: reading the active versions: %s\n",
		        lk_error_last()->message);
		return;
	}
	pthread_mutex_lock(&s->lock);
	same = s->ix && versions_equal(vs, nvs, s->versions, s->nversions);
	pthread_mutex_unlock(&s->lock);
	if (same && !force) {
		free(vs);
		return;
	}

	lk_index *ix = NULL;
	double t = srv_now(), cpu = thread_cpu();
	/* The snapshot, if one is valid for these lists and this build; it is saved below, once
	 * the index serves, when it had to be built. */
	int rc = lk_index_load_or_build(&ix, store, 0);

	if (rc < 0) {
		atomic_fetch_add(&s->index_failures, 1);
		fprintf(stderr, "lookout serve: building the index: %s (keeping the previous one)\n",
		        lk_error_last()->message);
		free(vs);
		return;
	}
	/* the versions read before the build may be older than what it saw; read them again */
	lk_version_info *vs2 = NULL;
	size_t nvs2 = 0;

	if (lk_store_active_versions(store, &vs2, &nvs2) == 0) {
		free(vs);
		vs = vs2;
		nvs = nvs2;
	}
	pthread_mutex_lock(&s->lock);
	lk_index *old = s->ix;
	lk_version_info *oldv = s->versions;
	s->ix = ix;
	s->versions = vs;
	s->nversions = nvs;
	pthread_mutex_unlock(&s->lock);
	atomic_fetch_add(&s->generation, 1);
	if (old)
		atomic_fetch_add(&s->index_swaps, 1);
	lk_index_unref(old);
	free(oldv);
	s->build_seconds = srv_now() - t;
	s->build_cpu_seconds = thread_cpu() - cpu;
	if (!atomic_load(&s->ready)) {
		s->ready_seconds = srv_now() - s->started;
		atomic_store(&s->ready, true);
	}
	bool from_snapshot = lk_index_origin_of(ix) == LK_INDEX_ORIGIN_SNAPSHOT;
	if (!s->cfg.quiet)
		fprintf(stderr,
		        "lookout serve: index of %zu entities from %zu lists (%.0f ms, %.0f ms CPU%s)\n",
		        lk_index_count(ix), nvs, s->build_seconds * 1000, s->build_cpu_seconds * 1000,
		        from_snapshot ? ", from the snapshot" : "");
	if (!s->cfg.quiet && *lk_index_snapshot_note(ix))
		fprintf(stderr, "lookout serve: index snapshot: %s\n", lk_index_snapshot_note(ix));
	/* Ready already: persist the analysed index for the next start (only this thread swaps
	 * indexes, so ix stays alive meanwhile). */
	if (!from_snapshot && lk_index_save_snapshot(ix, store) < 0 && !s->cfg.quiet)
		fprintf(stderr, "lookout serve: saving the index snapshot: %s\n",
		        lk_error_last()->message);
}

static void *watcher_main(void *arg)
{
	srv_state *s = arg;
	lk_store *store = NULL;

	if (lk_store_open(&store, s->cfg.db) < 0) {
		fprintf(stderr, "lookout serve: %s\n", lk_error_last()->message);
		return NULL;
	}
	watch_once(s, store, true);
	while (!atomic_load(&s->stopping)) {
		struct timespec until;
		bool force;

		clock_gettime(CLOCK_REALTIME, &until);
		double secs = s->cfg.poll_interval;
		until.tv_sec += (time_t)secs;
		until.tv_nsec += (long)((secs - (double)(time_t)secs) * 1e9);
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_mutex_lock(&s->wlock);
		while (!s->reload_now && !s->keys_now && !atomic_load(&s->stopping)) {
			if (pthread_cond_timedwait(&s->wcond, &s->wlock, &until) == ETIMEDOUT)
				break;
		}
		force = s->reload_now;
		s->reload_now = false;
		s->keys_now = false;
		pthread_mutex_unlock(&s->wlock);
		if (atomic_load(&s->stopping))
			break;
		watch_once(s, store, force);
	}
	lk_store_close(store);
	return NULL;
}

/* ---- requests ---- */

static void req_unref(srv_req *r);

lk_store *srv_store(srv_req *r)
{
	if (!tls_store && lk_store_open(&tls_store, r->s->cfg.db) < 0) {
		tls_store = NULL;
		srv_error(r, 503, "store_unavailable", "the store cannot be opened: %s",
		          lk_error_last()->message);
		return NULL;
	}
	return tls_store;
}

/* references: libmicrohttpd's (dropped at "completed") and a worker's while it runs */
typedef struct srv_req_box {
	srv_req r;
	atomic_int refs;
} srv_req_box;

static void req_unref(srv_req *r)
{
	srv_req_box *b = (srv_req_box *)r;

	if (atomic_fetch_sub(&b->refs, 1) != 1)
		return;
	if (r->stream) {
		pthread_mutex_destroy(&r->stream->lock);
		pthread_cond_destroy(&r->stream->room);
		lk_buf_dispose(&r->stream->buf);
		free(r->stream);
	}
	if (r->fd >= 0)
		close(r->fd);
	lk_index_unref(r->ix);
	lk_buf_dispose(&r->body);
	lk_buf_dispose(&r->out);
	free(b);
}

static void key_slot_release(srv_state *s, srv_req *r)
{
	if (r->key_slot >= 0) {
		atomic_fetch_sub(&s->key_slots[r->key_slot].inflight, 1);
		r->key_slot = -1;
	}
}

/* Count a request against its key; false when the key already has its cap in flight. */
static bool key_slot_take(srv_state *s, srv_req *r)
{
	if (!r->key_id[0] || s->cfg.key_concurrency == 0)
		return true;
	size_t h = (size_t)lk_hash_str(r->key_id) % SRV_MAX_KEY_SLOTS;
	srv_key_slot *slot = &s->key_slots[h];

	/* a collision shares a slot: the cap then applies to both keys together (rare: 256
	 * slots for a handful of keys); the slot remembers the last id for the metrics only */
	if (atomic_fetch_add(&slot->inflight, 1) >= s->cfg.key_concurrency) {
		atomic_fetch_sub(&slot->inflight, 1);
		return false;
	}
	r->key_slot = (int)h;
	return true;
}

/* The authorization header: set key_id and role, or an error response. */
static void authenticate(srv_state *s, srv_req *r)
{
	const char *h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Authorization");
	srv_role need = r->route ? r->route->role : SRV_OPEN;

	r->role = SRV_OPEN;
	if (h) {
		const lk_key_info *k;

		if (strncasecmp(h, "Bearer ", 7) != 0) {
			srv_error(r, 401, "unauthorized",
			          "the Authorization header must be 'Bearer <key>'");
			return;
		}
		h += 7;
		while (*h == ' ')
			h++;
		pthread_mutex_lock(&s->lock);
		k = lk_keys_check(s->keys, s->nkeys, h);
		if (k) {
			memcpy(r->key_id, k->id, sizeof r->key_id);
			r->role = (srv_role)k->role;
		}
		pthread_mutex_unlock(&s->lock);
		if (!k) {
			srv_error(r, 401, "unauthorized", "the API key is unknown or revoked");
			return;
		}
	}
	if (need == SRV_OPEN || (need == SRV_READ && !s->cfg.require_key_for_read))
		return;
	if (r->role == SRV_OPEN) {
		srv_error(r, 401, "unauthorized", "this endpoint needs an API key with the %s role "
		          "(Authorization: Bearer <key>)",
		          need == SRV_ADMIN ? "admin" : need == SRV_WRITE ? "write" : "read");
		return;
	}
	if (r->role < need)
		srv_error(r, 403, "forbidden", "this endpoint needs the %s role; the key has %s",
		          need == SRV_ADMIN ? "admin" : need == SRV_WRITE ? "write" : "read",
		          r->role == SRV_ADMIN ? "admin" : r->role == SRV_WRITE ? "write" : "read");
}

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	srv_req *r = cls;
	srv_stream *st = r->stream;
	ssize_t n;

	(void)pos;
	pthread_mutex_lock(&st->lock);
	size_t avail = st->buf.len - st->sent;

	if (avail > 0) {
		n = (ssize_t)(avail < max ? avail : max);
		memcpy(buf, st->buf.ptr + st->sent, (size_t)n);
		st->sent += (size_t)n;
		if (st->sent == st->buf.len) {
			lk_buf_clear(&st->buf);
			st->sent = 0;
		}
		pthread_cond_signal(&st->room);
	} else if (st->finished) {
		n = MHD_CONTENT_READER_END_OF_STREAM;
	} else {
		/* nothing yet: wait suspended until the producer resumes us */
		st->suspended = true;
		MHD_suspend_connection(r->conn);
		n = 0;
	}
	pthread_mutex_unlock(&st->lock);
	return n;
}

static void add_common_headers(srv_req *r, struct MHD_Response *resp)
{
	const char *ctype = r->stream ? r->stream->ctype : r->ctype;

	MHD_add_response_header(resp, "Content-Type", ctype ? ctype : "application/json");
	MHD_add_response_header(resp, "Cache-Control",
	                        !r->stream && r->cache_control ? r->cache_control : "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	if (r->etag[0])
		MHD_add_response_header(resp, "ETag", r->etag);
	if (r->allow[0])
		MHD_add_response_header(resp, "Allow", r->allow);
	if (r->stream)
		return; /* 200: the status below may be a batch line's scratch */
	if (r->status == 503 || r->status == 429)
		MHD_add_response_header(resp, "Retry-After", "1");
	if (r->status == 401)
		MHD_add_response_header(resp, "WWW-Authenticate", "Bearer");
}

static enum MHD_Result send_response(srv_req *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	if (r->stream) {
		resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 32 * 1024, stream_read, r,
		                                         NULL);
	} else if (r->fd >= 0) {
		resp = MHD_create_response_from_fd64(r->fd_size, r->fd);
		if (resp)
			r->fd = -1; /* libmicrohttpd closes it */
	} else {
		size_t len = r->out.len;
		char *body = len ? lk_buf_detach(&r->out) : NULL;

		resp = MHD_create_response_from_buffer(len, body ? body : (char *)"",
		                                       body ? MHD_RESPMEM_MUST_FREE
		                                            : MHD_RESPMEM_PERSISTENT);
	}
	if (!resp)
		return MHD_NO;
	add_common_headers(r, resp);
	ret = MHD_queue_response(r->conn, r->stream ? 200u : (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static bool enqueue(srv_state *s, srv_req *r)
{
	srv_req_box *b = (srv_req_box *)r;

	pthread_mutex_lock(&s->qlock);
	if (s->qlen >= s->qcap || atomic_load(&s->stopping)) {
		pthread_mutex_unlock(&s->qlock);
		return false;
	}
	/* suspend before a worker can see it, so that its resume comes after */
	MHD_suspend_connection(r->conn);
	r->dispatched = true;
	atomic_fetch_add(&b->refs, 1);
	s->queue[(s->qhead + s->qlen) % s->qcap] = r;
	s->qlen++;
	pthread_cond_signal(&s->qcond);
	pthread_mutex_unlock(&s->qlock);
	return true;
}

/* Resume a connection whose response is ready (the non-streaming case). */
static void finish_job(srv_req *r)
{
	atomic_store(&r->done, true);
	MHD_resume_connection(r->conn);
}

static void *worker_main(void *arg)
{
	srv_state *s = arg;

	for (;;) {
		srv_req *r;

		pthread_mutex_lock(&s->qlock);
		while (s->qlen == 0 && !atomic_load(&s->stopping))
			pthread_cond_wait(&s->qcond, &s->qlock);
		if (s->qlen == 0) {
			pthread_mutex_unlock(&s->qlock);
			break;
		}
		r = s->queue[s->qhead];
		s->qhead = (s->qhead + 1) % s->qcap;
		s->qlen--;
		pthread_mutex_unlock(&s->qlock);

		r->route->handler(s, r);
		if (r->stream) {
			srv_stream_end(r);
		} else {
			if (!r->status)
				srv_error(r, 500, "internal", "the handler gave no response");
			finish_job(r);
		}
		req_unref(r);
	}
	lk_store_close(tls_store);
	tls_store = NULL;
	return NULL;
}

void srv_stream_begin(srv_req *r, const char *ctype)
{
	srv_stream *st = calloc(1, sizeof *st);

	if (!st) {
		srv_error(r, 500, "out_of_memory", "out of memory");
		return;
	}
	pthread_mutex_init(&st->lock, NULL);
	pthread_cond_init(&st->room, NULL);
	lk_buf_init(&st->buf, 0);
	st->ctype = ctype;
	r->status = 200;
	r->ctype = ctype;
	r->stream = st;
	finish_job(r); /* the headers go out now; the body follows as it is written */
}

bool srv_stream_write(srv_req *r, const char *data, size_t len)
{
	srv_stream *st = r->stream;
	bool ok;

	pthread_mutex_lock(&st->lock);
	while (!st->aborted && st->buf.len - st->sent > (1u << 20))
		pthread_cond_wait(&st->room, &st->lock);
	ok = !st->aborted && lk_buf_put(&st->buf, data, len) == 0;
	if (st->suspended && !st->aborted) {
		st->suspended = false;
		MHD_resume_connection(r->conn);
	}
	pthread_mutex_unlock(&st->lock);
	return ok;
}

void srv_stream_end(srv_req *r)
{
	srv_stream *st = r->stream;

	pthread_mutex_lock(&st->lock);
	st->finished = true;
	if (st->suspended && !st->aborted) {
		st->suspended = false;
		MHD_resume_connection(r->conn);
	}
	pthread_mutex_unlock(&st->lock);
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *conn, const char *url,
                                 const char *method, const char *version,
                                 const char *upload, size_t *upload_size, void **con_cls)
{
	srv_state *s = cls;
	srv_req *r = *con_cls;

	(void)version;
	if (!r) {
		srv_req_box *b = calloc(1, sizeof *b);
		const char *cl;

		if (!b)
			return MHD_NO;
		atomic_init(&b->refs, 1);
		r = &b->r;
		*con_cls = r;
		r->s = s;
		r->conn = conn;
		r->method = method;
		r->fd = -1;
		r->key_slot = -1;
		r->route_index = -1;
		r->t0 = srv_now();
		snprintf(r->url, sizeof r->url, "%s", url);
		lk_buf_init(&r->body, s->cfg.max_body);
		lk_buf_init(&r->out, 0);
		atomic_fetch_add(&s->inflight, 1);

		int found = srv_route_find(strcmp(method, "HEAD") == 0 ? "GET" : method, url, r);

		if (found == 404)
			srv_error(r, 404, "not_found", "no such endpoint: %s %s", method, url);
		else if (found == 405)
			srv_error(r, 405, "method_not_allowed", "%s is not allowed on %s (allowed: %s)",
			          method, url, r->allow);
		else if (strlen(url) >= sizeof r->url)
			srv_error(r, 414, "uri_too_long", "the path is longer than %zu bytes",
			          sizeof r->url - 1);
		else
			authenticate(s, r);
		cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
		if (!r->status && cl && strtoull(cl, NULL, 10) > s->cfg.max_body)
			srv_error(r, 413, "body_too_large", "the request body exceeds %zu bytes",
			          s->cfg.max_body);
		if (r->status)
			return send_response(r); /* refused before reading the body */
		return MHD_YES;
	}
	if (*upload_size) {
		if (!r->body_too_big && lk_buf_put(&r->body, upload, *upload_size) < 0)
			r->body_too_big = true;
		*upload_size = 0;
		return MHD_YES;
	}
	if (r->dispatched) {
		if (!atomic_load(&r->done))
			return MHD_YES;
		return send_response(r);
	}
	if (r->status)
		return send_response(r);
	if (r->body_too_big) {
		srv_error(r, 413, "body_too_large", "the request body exceeds %zu bytes",
		          s->cfg.max_body);
		return send_response(r);
	}
	if (!key_slot_take(s, r)) {
		atomic_fetch_add(&s->rejected_key_cap, 1);
		srv_error(r, 429, "too_many_requests",
		          "this API key already has %u requests in flight", s->cfg.key_concurrency);
		return send_response(r);
	}
	if (!r->route->worker) {
		r->route->handler(s, r);
		if (!r->status)
			srv_error(r, 500, "internal", "the handler gave no response");
		return send_response(r);
	}
	if (!enqueue(s, r)) {
		atomic_fetch_add(&s->rejected_overload, 1);
		srv_error(r, 503, "overloaded", "the server is at capacity; retry shortly");
		return send_response(r);
	}
	return MHD_YES;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode why)
{
	srv_state *s = cls;
	srv_req *r = *con_cls;

	(void)conn;
	(void)why;
	if (!r)
		return;
	*con_cls = NULL;
	if (r->stream) {
		pthread_mutex_lock(&r->stream->lock);
		r->stream->aborted = true; /* the producer stops writing and never resumes */
		pthread_cond_broadcast(&r->stream->room);
		pthread_mutex_unlock(&r->stream->lock);
	}
	srv_metrics_observe(s, r->route_index, r->stream ? 200 : r->status ? r->status : 500,
	                    srv_now() - r->t0);
	key_slot_release(s, r);
	atomic_fetch_sub(&s->inflight, 1);
	req_unref(r);
}

/* ---- start and stop ---- */

static int write_ready_file(const char *path, unsigned port)
{
	char tmp[4200];
	FILE *f;

	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return lk_error_set(LK_EIO, "cannot write %s: %s", tmp, strerror(errno));
	fprintf(f, "%u\n", port);
	if (fclose(f) != 0 || rename(tmp, path) != 0)
		return lk_error_set(LK_EIO, "cannot write %s: %s", path, strerror(errno));
	return 0;
}

int srv_run(const srv_config *cfg)
{
	srv_state *s = calloc(1, sizeof *s);
	struct sockaddr_in addr;
	sigset_t sigs;
	int sig = 0;
	int rc = 0;

	if (!s)
		return lk_error_set(LK_ENOMEM, "out of memory");
	s->cfg = *cfg;
	s->started = srv_now();
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)cfg->port);
	if (inet_pton(AF_INET, cfg->bind, &addr.sin_addr) != 1) {
		free(s);
		return lk_error_set(LK_EUSAGE, "--bind: '%s' is not an IPv4 address", cfg->bind);
	}
	pthread_mutex_init(&s->lock, NULL);
	pthread_mutex_init(&s->qlock, NULL);
	pthread_cond_init(&s->qcond, NULL);
	pthread_mutex_init(&s->wlock, NULL);
	pthread_cond_init(&s->wcond, NULL);
	s->qcap = cfg->queue;
	s->queue = calloc(s->qcap, sizeof *s->queue);
	s->workers = calloc(cfg->threads, sizeof *s->workers);
	if (!s->queue || !s->workers) {
		free(s->queue);
		free(s->workers);
		free(s);
		return lk_error_set(LK_ENOMEM, "out of memory");
	}

	/* the signals are taken by sigwait below; every thread started from here blocks them */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	for (unsigned i = 0; i < cfg->threads; i++) {
		if (pthread_create(&s->workers[i], NULL, worker_main, s) != 0)
			break;
		s->nworkers++;
	}
	pthread_create(&s->watcher, NULL, watcher_main, s);

	s->daemon = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
			MHD_USE_ITC,
		(uint16_t)cfg->port, NULL, NULL, on_access, s, MHD_OPTION_SOCK_ADDR,
		(struct sockaddr *)&addr, MHD_OPTION_CONNECTION_LIMIT,
		(unsigned)cfg->max_connections, MHD_OPTION_CONNECTION_TIMEOUT,
		(unsigned)cfg->timeout, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024, MHD_OPTION_LISTEN_BACKLOG_SIZE,
		(unsigned)1024, MHD_OPTION_END);
	if (!s->daemon) {
		rc = lk_error_set(LK_EIO, "cannot listen on %s:%u (in use, or not allowed)",
		                  cfg->bind, cfg->port);
		goto stop;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon,
	                                                        MHD_DAEMON_INFO_BIND_PORT);
	unsigned port = info ? info->port : cfg->port;

	if (!cfg->quiet) {
		printf("lookout serve: listening on http://%s:%u/\n", cfg->bind, port);
		fflush(stdout);
	}
	if (cfg->ready_file && write_ready_file(cfg->ready_file, port) < 0) {
		rc = LK_EIO;
		goto stop;
	}
	sigwait(&sigs, &sig);
	if (!cfg->quiet)
		fprintf(stderr, "lookout serve: %s: finishing the requests in flight\n",
		        sig == SIGINT ? "SIGINT" : "SIGTERM");

stop:
	if (s->daemon) {
		/* stop accepting, let the requests in flight finish (up to 10 s), then stop */
		MHD_socket lfd = MHD_quiesce_daemon(s->daemon);
		double until = srv_now() + 10;

		if (lfd != MHD_INVALID_SOCKET)
			close(lfd);
		while (atomic_load(&s->inflight) > 0 && srv_now() < until)
			usleep(10000);
	}
	atomic_store(&s->stopping, true);
	pthread_mutex_lock(&s->qlock);
	pthread_cond_broadcast(&s->qcond);
	pthread_mutex_unlock(&s->qlock);
	for (unsigned i = 0; i < s->nworkers; i++)
		pthread_join(s->workers[i], NULL);
	srv_reload(s);
	pthread_join(s->watcher, NULL);
	if (s->daemon)
		MHD_stop_daemon(s->daemon);
	lk_index_unref(s->ix);
	free(s->versions);
	free(s->keys);
	free(s->queue);
	free(s->workers);
	pthread_mutex_destroy(&s->lock);
	pthread_mutex_destroy(&s->qlock);
	pthread_cond_destroy(&s->qcond);
	pthread_mutex_destroy(&s->wlock);
	pthread_cond_destroy(&s->wcond);
	free(s);
	if (rc == 0 && !cfg->quiet)
		fprintf(stderr, "lookout serve: stopped\n");
	return rc;
}
