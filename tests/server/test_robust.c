/*
 * test_robust.c - `lookout serve` under stress on loopback: slow clients do not block
 * others; a list import while clients hammer /match swaps the index with no failed request;
 * overload gets fast 503s (and a busy key 429s), never dropped connections; SIGTERM lets a
 * streamed response in flight finish, then exits 0; a restart loads the index snapshot.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>

#include "http_client.h"
#include "server_fixture.h"

static sf_store F;
static ht_server *CUR; /* the server a test runs, stopped by stop_left_over if it fails */

static int stop_left_over(void **state)
{
	(void)state;
	if (CUR && CUR->pid > 0) {
		kill(CUR->pid, SIGKILL);
		waitpid(CUR->pid, NULL, 0);
	}
	CUR = NULL;
	return 0;
}

static int setup(void **state)
{
	(void)state;
	sf_open(&F, false);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sf_close(&F);
	return 0;
}

static const char putin[] =
	"{\"queries\":{\"q1\":{\"schema\":\"Person\",\"properties\":{\"name\":[\"Wladimir Putin\"],"
	"\"birthDate\":[\"1952-10-07\"]}}}}";

static void test_slowloris(void **state)
{
	enum { SLOW = 300 };
	ht_server s;
	int fds[SLOW];
	int open_slow = 0;

	(void)state;
	/* a long idle timeout, so that the slow connections stay for the whole test */
	CUR = &s;
	assert_true(ht_server_start(&s, F.db, F.dir, "--timeout 300 --threads 2"));
	for (int i = 0; i < SLOW; i++) {
		const char *part = i % 2 ? "POST /match/default HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"
		                         : "GET /search/default?q=Pu";
		fds[i] = ht_connect(s.port);
		if (fds[i] >= 0 && ht_send_all(fds[i], part, strlen(part)))
			open_slow++;
	}
	assert_int_equal(open_slow, SLOW);
	/* while every slow client trickles a byte now and then, others are answered */
	for (int round = 0; round < 20; round++) {
		for (int i = 0; i < SLOW; i++)
			ht_send_all(fds[i], i % 2 ? " " : "t", 1);
		ht_response r = ht_post(s.port, "/match/default", putin);
		assert_int_equal(r.status, 200);
		assert_non_null(strstr(r.body, "PUTIN"));
		ht_free(&r);
		r = ht_get(s.port, "/healthz");
		assert_int_equal(r.status, 200);
		ht_free(&r);
	}
	for (int i = 0; i < SLOW; i++)
		close(fds[i]);
	assert_int_equal(ht_server_stop(&s), 0);
}

typedef struct hammer {
	int port;
	const char *auth;        /* extra header line or NULL */
	atomic_bool *stop;
	atomic_long ok, failed, unavailable, busy_key;
	int other_status;
} hammer;

static void *hammer_main(void *arg)
{
	hammer *h = arg;

	while (!atomic_load(h->stop)) {
		ht_response r = ht_request(h->port, "POST", "/match/default", h->auth, putin,
		                           strlen(putin));

		if (r.status == 200 && strstr(r.body, "\"responses\""))
			atomic_fetch_add(&h->ok, 1);
		else if (r.status == 503 && ht_header(&r, "Retry-After"))
			atomic_fetch_add(&h->unavailable, 1);
		else if (r.status == 429)
			atomic_fetch_add(&h->busy_key, 1);
		else {
			atomic_fetch_add(&h->failed, 1);
			h->other_status = r.status;
		}
		ht_free(&r);
	}
	return NULL;
}

/* Run n hammer threads until done() says so. */
static void run_hammers(hammer *h, int n, int port, const char *auth, bool (*done)(void *),
                        void *ctx)
{
	pthread_t t[32];
	atomic_bool stop = false;

	for (int i = 0; i < n; i++) {
		memset(&h[i], 0, sizeof h[i]);
		h[i].port = port;
		h[i].auth = auth;
		h[i].stop = &stop;
		pthread_create(&t[i], NULL, hammer_main, &h[i]);
	}
	while (!done(ctx))
		usleep(20000);
	atomic_store(&stop, true);
	for (int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
}

typedef struct swap_ctx {
	int port;
	int phase;
	hammer *h;
	int n;
} swap_ctx;

static long total_ok(hammer *h, int n)
{
	long s = 0;

	for (int i = 0; i < n; i++)
		s += atomic_load(&h[i].ok);
	return s;
}

/* import a new OFAC version while the hammers run; done once the catalog shows it and more
 * requests went through on the new index */
static bool swap_done(void *arg)
{
	swap_ctx *c = arg;

	if (c->phase == 0 && total_ok(c->h, c->n) > 20) {
		int rc = lk_test_run_cli(NULL, NULL,
		                         "--db '%s' lists import --quiet --source ofac_sdn '%s' >/dev/null 2>&1",
		                         F.db, lk_test_data("lists/ofac/sdn-2021-07"));
		assert_int_equal(rc, 0);
		c->phase = 1;
	} else if (c->phase == 1) {
		ht_response r = ht_get(c->port, "/metrics");
		bool swapped = r.body && strstr(r.body, "lookout_index_swaps_total 1");

		ht_free(&r);
		if (swapped)
			c->phase = 2;
	} else if (c->phase >= 2 && c->phase < 50) {
		c->phase++; /* about a second more of load on the new index */
	} else if (c->phase >= 50) {
		return true;
	}
	return false;
}

static void test_index_swap_under_load(void **state)
{
	enum { N = 4 };
	hammer h[N];
	ht_server s;
	swap_ctx c = {0, 0, h, N};
	ht_response r;
	long ok = 0, failed = 0;

	(void)state;
	CUR = &s;
	assert_true(ht_server_start(&s, F.db, F.dir, "--threads 2"));
	r = ht_get(s.port, "/lists");
	assert_non_null(strstr(r.body, "\"version\":1"));
	ht_free(&r);
	c.port = s.port;
	run_hammers(h, N, s.port, NULL, swap_done, &c);
	for (int i = 0; i < N; i++) {
		ok += h[i].ok;
		failed += h[i].failed + h[i].unavailable + h[i].busy_key;
		if (h[i].failed)
			print_error("hammer %d: status %d\n", i, h[i].other_status);
	}
	assert_int_equal(failed, 0);
	assert_true(ok > 20);
	/* the server now screens against the new version */
	r = ht_get(s.port, "/catalog");
	assert_non_null(strstr(r.body, "\"version\":\"2\""));
	ht_free(&r);
	assert_int_equal(ht_server_stop(&s), 0);
}

typedef struct count_ctx {
	hammer *h;
	int n;
	long want;
} count_ctx;

static bool count_done(void *arg)
{
	count_ctx *c = arg;
	long s = 0;

	for (int i = 0; i < c->n; i++)
		s += c->h[i].ok + c->h[i].unavailable + c->h[i].busy_key + c->h[i].failed;
	return s >= c->want;
}

/* The value of a metric without labels in a /metrics body, or -1. */
static double metric(const char *body, const char *name)
{
	char key[128];
	snprintf(key, sizeof key, "\n%s ", name);
	const char *p = body ? strstr(body, key) : NULL;
	return p ? strtod(p + strlen(key), NULL) : -1;
}

/* The results of /match for Putin with their scores, as compact JSON (malloc'd). */
static char *putin_results(int port)
{
	ht_response r = ht_post(port, "/match/default", putin);
	assert_int_equal(r.status, 200);
	json_t *v = json_loads(r.body, 0, NULL);
	assert_non_null(v);
	char *out = json_dumps(json_object_get(json_object_get(json_object_get(v, "responses"),
	                                                       "q1"),
	                                       "results"),
	                       JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(v);
	ht_free(&r);
	return out;
}

/* A start with the lists unchanged loads the index the previous start built and saved, and
 * answers the same. */
static void test_restart_loads_index_snapshot(void **state)
{
	ht_server s;

	(void)state;
	CUR = &s;
	assert_true(ht_server_start(&s, F.db, F.dir, "--threads 1"));
	ht_response r = ht_get(s.port, "/metrics");
	assert_true(metric(r.body, "lookout_index_from_snapshot") == 0);
	ht_free(&r);
	char *built = putin_results(s.port);
	/* the snapshot is saved once the server is ready; wait for it before stopping */
	sqlite3 *db;
	int n = 0;
	assert_int_equal(sqlite3_open_v2(F.db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	for (double until = ht_now() + 120; ht_now() < until && n == 0; usleep(50000)) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(db, "SELECT count(*) FROM index_snapshot", -1, &st, NULL) ==
		        SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	assert_int_equal(n, 1);
	assert_int_equal(ht_server_stop(&s), 0);

	assert_true(ht_server_start(&s, F.db, F.dir, "--threads 1"));
	r = ht_get(s.port, "/metrics");
	assert_true(metric(r.body, "lookout_index_from_snapshot") == 1);
	assert_true(metric(r.body, "lookout_index_entities") > 10000);
	ht_free(&r);
	char *loaded = putin_results(s.port);
	assert_string_equal(built, loaded);
	free(built);
	free(loaded);
	assert_int_equal(ht_server_stop(&s), 0);
}

static void test_overload_answers_503(void **state)
{
	enum { N = 16 };
	hammer h[N];
	ht_server s;
	count_ctx c = {h, N, 1500};
	long ok = 0, unavailable = 0, failed = 0;

	(void)state;
	/* one worker and a queue of one: sixteen clients at once are well beyond capacity */
	CUR = &s;
	assert_true(ht_server_start(&s, F.db, F.dir, "--threads 1 --queue 1"));
	run_hammers(h, N, s.port, NULL, count_done, &c);
	for (int i = 0; i < N; i++) {
		ok += h[i].ok;
		unavailable += h[i].unavailable;
		failed += h[i].failed + h[i].busy_key;
	}
	assert_int_equal(failed, 0);  /* only 200s and 503s with Retry-After */
	assert_true(ok > 0);
	assert_true(unavailable > 0);
	ht_response r = ht_get(s.port, "/metrics");
	assert_non_null(strstr(r.body, "lookout_http_rejected_total{reason=\"overload\"}"));
	ht_free(&r);
	assert_int_equal(ht_server_stop(&s), 0);
}

static void test_key_concurrency_cap(void **state)
{
	enum { N = 8 };
	hammer h[N];
	ht_server s;
	count_ctx c = {h, N, 600};
	char auth[200];
	long ok = 0, busy = 0, failed = 0;

	(void)state;
	snprintf(auth, sizeof auth, "Authorization: Bearer %s\r\n", F.key_read);
	CUR = &s;
	assert_true(ht_server_start(&s, F.db, F.dir,
	                            "--threads 2 --key-concurrency 1 --require-key-for-read"));
	run_hammers(h, N, s.port, auth, count_done, &c);
	for (int i = 0; i < N; i++) {
		ok += h[i].ok;
		busy += h[i].busy_key;
		failed += h[i].failed + h[i].unavailable;
	}
	assert_int_equal(failed, 0);
	assert_true(ok > 0);
	assert_true(busy > 0);
	/* without a key, reads are refused in this configuration */
	ht_response r = ht_post(s.port, "/match/default", putin);
	assert_int_equal(r.status, 401);
	ht_free(&r);
	assert_int_equal(ht_server_stop(&s), 0);
}

static void test_sigterm_finishes_in_flight(void **state)
{
	enum { LINES = 1500 };
	ht_server s;
	char head[256];
	size_t cap = LINES * 40, len = 0;
	char *body = malloc(cap);
	ht_response r;
	int fd, st = -1;
	size_t lines = 0;

	(void)state;
	CUR = &s;
	assert_true(ht_server_start(&s, F.db, F.dir, "--threads 2"));
	for (int i = 0; i < LINES; i++)
		len += (size_t)snprintf(body + len, cap - len, "{\"names\":[\"Wladimir Putin\"]}\n");
	fd = ht_connect(s.port);
	assert_true(fd >= 0);
	snprintf(head, sizeof head,
	         "POST /screen/batch HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
	         "Content-Length: %zu\r\n\r\n",
	         len);
	assert_true(ht_send_all(fd, head, strlen(head)) && ht_send_all(fd, body, len));
	free(body);
	/* the response has begun: now SIGTERM */
	struct pollfd p = {fd, POLLIN, 0};
	assert_int_equal(poll(&p, 1, 60000), 1);
	kill(s.pid, SIGTERM);
	/* new connections are refused soon; the one in flight runs to its end */
	ht_read_response(fd, &r, 120);
	close(fd);
	assert_int_equal(r.status, 200);
	for (char *q = r.body; (q = strchr(q, '\n')) != NULL; q++)
		lines++;
	assert_int_equal(lines, LINES);
	/* the last line is whole: its best result is Putin */
	r.body[r.len - 1] = '\0';
	json_t *last = json_loads(strrchr(r.body, '\n') + 1, 0, NULL);
	json_t *first = json_array_get(json_object_get(last, "results"), 0);

	assert_int_equal(json_integer_value(json_object_get(last, "line")), LINES);
	assert_non_null(strstr(json_string_value(json_object_get(first, "caption")), "PUTIN"));
	json_decref(last);
	ht_free(&r);
	for (double until = ht_now() + 30; ht_now() < until; usleep(10000))
		if (waitpid(s.pid, &st, WNOHANG) == s.pid)
			break;
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_true(ht_connect(s.port) < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		/* first: it needs a store without an index snapshot */
		cmocka_unit_test_teardown(test_restart_loads_index_snapshot, stop_left_over),
		cmocka_unit_test_teardown(test_slowloris, stop_left_over),
		cmocka_unit_test_teardown(test_overload_answers_503, stop_left_over),
		cmocka_unit_test_teardown(test_key_concurrency_cap, stop_left_over),
		cmocka_unit_test_teardown(test_sigterm_finishes_in_flight, stop_left_over),
		/* last: it makes the 2021 OFAC version active in the shared store */
		cmocka_unit_test_teardown(test_index_swap_under_load, stop_left_over),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
