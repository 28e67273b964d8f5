/*
 * server.h - `lookout serve`: the HTTP API on libmicrohttpd (internals of the lookout
 * binary; the server, like the CLI, uses only the public API in include/lookout/).
 *
 * Threads. One libmicrohttpd I/O thread (epoll) accepts connections, reads requests and
 * writes responses; it never waits on a slow client, so slow connections cost a socket and
 * a little memory, nothing more. Cheap routes (health, metrics, catalog, entities, static
 * files) are answered on the I/O thread. Routes that screen or read the store are handed to
 * a pool of worker threads through a bounded queue: the connection is suspended, a worker
 * builds the response and resumes it. When the queue is full the I/O thread answers 503 at
 * once: beyond capacity a client gets a fast refusal, never a collapse.
 *
 * The index. srv_state holds the current lk_index. A request takes a reference for its
 * duration (srv_index_get/lk_index_unref); the watcher thread polls the store's active
 * versions and, when they change, builds a new index and swaps the pointer. Requests in
 * flight finish on the old index, which is freed with its last reference.
 *
 * Routes. Every capability is one entry of the route table (routes.c): method, path pattern
 * with {params}, handler, the role it needs, whether it runs on a worker.
 *
 * Memory: a srv_req lives from the first callback of its request to libmicrohttpd's
 * "request completed" notification and owns its body and response buffers.
 */
#ifndef LK_SERVER_H
#define LK_SERVER_H

#include <pthread.h>
#include <stdatomic.h>
#include <jansson.h>
#include <microhttpd.h>

#include "lookout/lookout.h"
#include "lookout/keys.h"

/* Monitoring (customers, alerts, decisions) is mounted when the library has it. */
#if defined(__has_include)
#if __has_include("lookout/monitor.h")
#define SRV_HAVE_MONITOR 1
#endif
#if __has_include("lookout/scan.h")
#define SRV_HAVE_SCAN 1
#endif
#endif

/* ---- configuration (lookout serve options) ---- */

typedef struct srv_config {
	const char *db;             /* store path (NULL: $LOOKOUT_DB or ./lookout.db) */
	const char *bind;           /* "127.0.0.1" */
	unsigned port;              /* 8080; 0 picks a free port (printed) */
	const char *web;            /* web root (NULL: none, no static files) */
	unsigned threads;           /* worker threads */
	unsigned queue;             /* pending worker jobs beyond which 503 */
	unsigned max_connections;   /* open connections (libmicrohttpd refuses beyond) */
	unsigned timeout;           /* idle connection timeout, seconds */
	size_t max_body;            /* request body limit, bytes */
	unsigned key_concurrency;   /* requests in flight per API key (429 beyond) */
	double poll_interval;       /* seconds between checks of the store's active versions */
	bool require_key_for_read;  /* read endpoints need a key too */
	bool quiet;                 /* no startup line on stdout */
	const char *ready_file;     /* write the bound port here once ready (tests) */
} srv_config;

/* ---- shared state ---- */

#define SRV_MAX_ROUTES 64
#define SRV_LAT_BUCKETS 14

typedef struct srv_route_metrics {
	atomic_ullong count[6];                     /* by status class: 1xx..5xx, [0] unused */
	atomic_ullong buckets[SRV_LAT_BUCKETS + 1]; /* latency histogram, last = +Inf */
	atomic_ullong sum_us;                       /* total latency, microseconds */
} srv_route_metrics;

typedef struct srv_key_slot {
	char id[LK_KEY_ID_LEN];
	atomic_uint inflight;
} srv_key_slot;

#define SRV_MAX_KEY_SLOTS 256

typedef struct srv_state {
	srv_config cfg;
	struct MHD_Daemon *daemon;

	pthread_mutex_t lock;            /* guards ix, versions, keys */
	lk_index *ix;                    /* current index (NULL until loaded) */
	lk_version_info *versions;       /* active versions the index was built from */
	size_t nversions;
	lk_key_info *keys;               /* every key (revoked ones too), refreshed by the watcher */
	size_t nkeys;
	unsigned keys_gen;               /* bumped (under lock) by every in-process key change, so
	                                  * the watcher never installs a list read before one */
	atomic_ullong generation;        /* bumped at every index swap */
	atomic_bool ready;
	atomic_bool stopping;
	double started;                  /* monotonic seconds at start */
	double ready_seconds;            /* start to first index */
	double build_seconds;            /* the last index build, wall time */
	double build_cpu_seconds;        /* ... and its CPU time */

	/* worker pool */
	pthread_mutex_t qlock;
	pthread_cond_t qcond;
	struct srv_req **queue;
	size_t qcap, qhead, qlen;
	pthread_t *workers;
	unsigned nworkers;
	pthread_t watcher;
	pthread_mutex_t wlock;
	pthread_cond_t wcond;            /* wakes the watcher early (reload, shutdown) */
	bool reload_now;                 /* rebuild the index at once */
	bool keys_now;                   /* read the keys again at once */

	/* metrics */
	srv_route_metrics route_metrics[SRV_MAX_ROUTES + 1]; /* last: unmatched */
	atomic_ullong rejected_overload, rejected_key_cap, index_swaps, index_failures;
	atomic_uint inflight;
	srv_key_slot key_slots[SRV_MAX_KEY_SLOTS];
} srv_state;

/* ---- requests ---- */

typedef enum srv_role { SRV_OPEN = 0, SRV_READ = 1, SRV_WRITE = 2, SRV_ADMIN = 3 } srv_role;

struct srv_req;
typedef void (*srv_handler)(srv_state *s, struct srv_req *r);

typedef struct srv_route {
	const char *method;   /* "GET", "POST", "DELETE" */
	const char *pattern;  /* "/match/{dataset}" */
	srv_handler handler;
	srv_role role;        /* SRV_READ: open unless --require-key-for-read */
	bool worker;          /* runs on a worker thread (screens or reads the store) */
	const char *summary;  /* one line, for --routes */
} srv_route;

#define SRV_MAX_PARAMS 3

/* A streamed response (NDJSON): the producer appends, the I/O thread drains. */
typedef struct srv_stream {
	pthread_mutex_t lock;
	pthread_cond_t room;   /* the producer waits here while the buffer is full */
	lk_buf buf;
	size_t sent;           /* bytes of buf already handed to libmicrohttpd */
	bool finished;         /* the producer is done */
	bool suspended;        /* the connection waits for data */
	bool aborted;          /* the client went away */
	const char *ctype;     /* the response's Content-Type; its status is 200. Kept here, not
	                        * in the request: once the stream has begun, the producer may use
	                        * the request's status and body as scratch (a bad batch line's
	                        * error) while the I/O thread sends the headers */
} srv_stream;

typedef struct srv_req {
	srv_state *s;
	struct MHD_Connection *conn;
	const srv_route *route;
	int route_index;                 /* into the table, or -1 */
	char params[SRV_MAX_PARAMS][256];
	size_t nparams;
	const char *method;
	char url[512];
	lk_buf body;
	bool body_too_big;
	bool started;                    /* the final callback was seen */
	bool dispatched;                 /* handed to a worker */
	atomic_bool done;                /* the response is ready */
	double t0;
	/* the caller */
	char key_id[LK_KEY_ID_LEN];      /* "" when anonymous */
	srv_role role;
	int key_slot;                    /* index into key_slots, -1 if none counted */
	/* the response */
	int status;
	lk_buf out;
	const char *ctype;
	const char *cache_control;
	char etag[48];
	char allow[32];
	int fd;                          /* >= 0: send this file (static) */
	uint64_t fd_size;
	srv_stream *stream;              /* non-NULL: a streamed response */
	lk_index *ix;                    /* the index reference a worker holds */
} srv_req;

/* ---- server.c ---- */

/* Run the server until SIGTERM/SIGINT. Returns 0 or an error (recorded). */
int srv_run(const srv_config *cfg);

double srv_now(void);

/* The current index with a reference (lk_index_unref it), or NULL before the first load. */
lk_index *srv_index_get(srv_state *s);

/* Ask the watcher to rebuild the index now (srv_reload), or to read the keys again. */
void srv_reload(srv_state *s);
void srv_reload_keys(srv_state *s);

/* ---- responses (respond.c) ---- */

/* Set a JSON response (takes ownership of v; NULL means out of memory -> 500). */
void srv_json(srv_req *r, int status, json_t *v);

/* Set an error response {"error":{"status":..,"code":..,"message":..}}. */
void srv_error(srv_req *r, int status, const char *code, const char *fmt, ...) LK_PRINTF(4, 5);

/* The error of the last failed lk_ call as a response (status from its code). */
void srv_lk_error(srv_req *r, int rc);

/* A query-string argument, or NULL. */
const char *srv_arg(srv_req *r, const char *name);

/* A query-string argument as an integer in [min, max] (def if absent); false after setting a
 * 400 response when it is not one. */
bool srv_arg_int(srv_req *r, const char *name, long def, long min, long max, long *out);

/* The request body parsed as a JSON object; NULL after setting a 400 response. */
json_t *srv_body_json(srv_req *r);

/* Open a streamed response (application/x-ndjson); srv_stream_write appends (blocks while the
 * client is more than a megabyte behind); srv_stream_end finishes it. */
void srv_stream_begin(srv_req *r, const char *ctype);
bool srv_stream_write(srv_req *r, const char *data, size_t len);
void srv_stream_end(srv_req *r);

/* Record an audited write (a no-op until the audit trail exists). */
void srv_audit(srv_state *s, srv_req *r, const char *action, const char *subject,
               json_t *detail);

/* ---- routes.c ---- */

extern const srv_route srv_routes[];
size_t srv_route_count(void);

/* Find the route for method and path: *out the route index, params filled. Returns 200,
 * 404 (no such path) or 405 (path known, other method; allow gets the methods). */
int srv_route_find(const char *method, const char *path, srv_req *r);

/* ---- handlers (api_*.c) ---- */

void api_match(srv_state *s, srv_req *r);
void api_search(srv_state *s, srv_req *r);
void api_entity(srv_state *s, srv_req *r);
void api_catalog(srv_state *s, srv_req *r);
void api_algorithms(srv_state *s, srv_req *r);
void api_healthz(srv_state *s, srv_req *r);
void api_readyz(srv_state *s, srv_req *r);
void api_screen(srv_state *s, srv_req *r);
void api_screen_batch(srv_state *s, srv_req *r);
void api_compare(srv_state *s, srv_req *r);
void api_lists(srv_state *s, srv_req *r);
void api_list_versions(srv_state *s, srv_req *r);
void api_list_diff(srv_state *s, srv_req *r);
void api_index_reload(srv_state *s, srv_req *r);
void api_audit_verify(srv_state *s, srv_req *r);
void api_audit_records(srv_state *s, srv_req *r);
#ifdef SRV_HAVE_MONITOR
void api_customers_list(srv_state *s, srv_req *r);
void api_customers_upsert(srv_state *s, srv_req *r);
void api_alerts_list(srv_state *s, srv_req *r);
void api_alert_get(srv_state *s, srv_req *r);
void api_alert_decide(srv_state *s, srv_req *r);
#endif
#ifdef SRV_HAVE_SCAN
void api_scan_text(srv_state *s, srv_req *r);
void api_scan_payment(srv_state *s, srv_req *r);
#endif
void api_keys_list(srv_state *s, srv_req *r);
void api_keys_create(srv_state *s, srv_req *r);
void api_keys_revoke(srv_state *s, srv_req *r);
void api_metrics(srv_state *s, srv_req *r);
void api_openapi(srv_state *s, srv_req *r);
void api_static(srv_state *s, srv_req *r);

/* Open the store for this worker thread (one handle per thread, kept). NULL after setting a
 * 500/503 response. */
lk_store *srv_store(srv_req *r);

/* ---- metrics.c ---- */

void srv_metrics_observe(srv_state *s, int route_index, int status, double seconds);

/* The OpenAPI document (generated from docs/openapi.json at build time). */
extern const unsigned char srv_openapi_json[];
extern const size_t srv_openapi_json_len;

#endif
