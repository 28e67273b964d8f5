/*
 * test_api.c - `lookout serve` over loopback: yente-shaped matching (Putin first, match
 * true), every response checked against docs/openapi.json, every route in the document,
 * auth (401 without a key, 403 with too weak a role), bad requests answered 4xx with a JSON
 * error while the server keeps serving, the streamed batch, static files without path
 * traversal, metrics.
 */
#include <sys/stat.h>

#include "http_client.h"
#include "openapi_check.h"
#include "server_fixture.h"

static sf_store F;
static ht_server S;
static json_t *DOC;
static char WEB[4300];

static int setup(void **state)
{
	char path[4400], *text;

	(void)state;
	sf_open(&F, true);
	/* a web root, and a secret beside it that must stay out of reach */
	snprintf(WEB, sizeof WEB, "%s/web", F.dir);
	mkdir(WEB, 0755);
	snprintf(path, sizeof path, "%s/index.html", WEB);
	lk_test_write_file(path, "<!doctype html><title>t</title>", 31);
	snprintf(path, sizeof path, "%s/app.js", WEB);
	lk_test_write_file(path, "console.log(1)", 14);
	snprintf(path, sizeof path, "%s/.env", WEB);
	lk_test_write_file(path, "hidden", 6);
	snprintf(path, sizeof path, "%s/secret.txt", F.dir);
	lk_test_write_file(path, "secret", 6);
	snprintf(path, sizeof path, "--web %s --max-body 1048576", WEB);
	if (!ht_server_start(&S, F.db, F.dir, path))
		return -1;
	snprintf(path, sizeof path, "%s/../../docs/openapi.json", getenv("LOOKOUT_FIXTURES"));
	text = lk_test_read_file(path, NULL);
	DOC = json_loads(text, 0, NULL);
	free(text);
	return DOC ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	assert_int_equal(ht_server_stop(&S), 0); /* SIGTERM: a clean exit */
	json_decref(DOC);
	sf_close(&F);
	return 0;
}

/* The response validates against the document for this route and status. */
static void expect_valid(const char *tpl, const char *method, const ht_response *r)
{
	char err[512];

	if (!oa_validate(DOC, tpl, method, r->status, r->body, err, sizeof err))
		fail_msg("%s %s %d: %s\n%.400s", method, tpl, r->status, err, r->body);
}

static const char putin[] =
	"{\"queries\":{\"q1\":{\"schema\":\"Person\",\"properties\":{\"name\":[\"Wladimir Putin\"],"
	"\"birthDate\":[\"1952-10-07\"]}}}}";

static void test_match_putin(void **state)
{
	ht_response r = ht_post(S.port, "/match/default", putin);
	json_t *v, *first;

	(void)state;
	assert_int_equal(r.status, 200);
	expect_valid("/match/{dataset}", "post", &r);
	v = json_loads(r.body, 0, NULL);
	first = json_array_get(json_object_get(json_object_get(json_object_get(v, "responses"), "q1"),
	                                       "results"),
	                       0);
	assert_non_null(first);
	assert_non_null(strstr(json_string_value(json_object_get(first, "caption")), "PUTIN"));
	assert_true(json_is_true(json_object_get(first, "match")));
	assert_true(json_number_value(json_object_get(first, "score")) >= 0.7);
	/* the birth date counted for it */
	assert_true(json_number_value(json_object_get(json_object_get(first, "features"),
	                                              "birthDate")) > 0);
	json_decref(v);
	ht_free(&r);

	/* a single dataset restricts; an unknown one is 404 */
	r = ht_post(S.port, "/match/un_sc", putin);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "\"ofac_sdn\""));
	ht_free(&r);
	r = ht_post(S.port, "/match/nosuch", putin);
	assert_int_equal(r.status, 404);
	expect_valid("/match/{dataset}", "post", &r);
	ht_free(&r);
	/* threshold and limit as yente takes them */
	r = ht_post(S.port, "/match/default?threshold=0.99&limit=1&algorithm=logic-v1", putin);
	assert_int_equal(r.status, 200);
	v = json_loads(r.body, 0, NULL);
	first = json_array_get(json_object_get(json_object_get(json_object_get(v, "responses"), "q1"),
	                                       "results"),
	                       0);
	assert_true(json_is_false(json_object_get(first, "match")));
	assert_int_equal(json_array_size(json_object_get(
		json_object_get(json_object_get(v, "responses"), "q1"), "results")), 1);
	json_decref(v);
	ht_free(&r);
	r = ht_post(S.port, "/match/default?algorithm=nope", putin);
	assert_int_equal(r.status, 400);
	ht_free(&r);
}

static void test_every_route_is_documented(void **state)
{
	char *text = NULL, *line, *save = NULL;
	int n = 0;

	(void)state;
	assert_int_equal(lk_test_run_cli(&text, NULL, "serve --routes"), 0);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char method[16], pattern[128], lower[16];

		assert_int_equal(sscanf(line, "%15s %127s", method, pattern), 2);
		for (size_t i = 0; i <= strlen(method); i++)
			lower[i] = (char)(method[i] >= 'A' && method[i] <= 'Z' ? method[i] + 32 : method[i]);
		if (strcmp(pattern, "/{*}") == 0)
			snprintf(pattern, sizeof pattern, "/{path}");
		json_t *op = json_object_get(json_object_get(json_object_get(DOC, "paths"), pattern),
		                             lower);
		if (!op)
			fail_msg("route %s %s is not in docs/openapi.json", method, pattern);
		n++;
	}
	assert_true(n >= 15);
	free(text);
}

static ht_response with_key(const char *method, const char *path, const char *key,
                            const char *body)
{
	char h[256];

	snprintf(h, sizeof h, "Authorization: Bearer %s\r\n", key);
	return ht_request(S.port, method, path, key ? h : NULL, body, body ? strlen(body) : 0);
}

static void test_auth(void **state)
{
	ht_response r;
	json_t *v;
	char token[160], path[64];

	(void)state;
	/* write endpoint: none -> 401, read -> 403, write -> 202 */
	r = with_key("POST", "/index/reload", NULL, "");
	assert_int_equal(r.status, 401);
	expect_valid("/index/reload", "post", &r);
	ht_free(&r);
	r = with_key("POST", "/index/reload", F.key_read, "");
	assert_int_equal(r.status, 403);
	expect_valid("/index/reload", "post", &r);
	ht_free(&r);
	r = with_key("POST", "/index/reload", F.key_write, "");
	assert_int_equal(r.status, 202);
	ht_free(&r);
	/* admin endpoint: write -> 403, admin -> 200 */
	r = with_key("GET", "/keys", F.key_write, NULL);
	assert_int_equal(r.status, 403);
	ht_free(&r);
	r = with_key("GET", "/keys", F.key_admin, NULL);
	assert_int_equal(r.status, 200);
	expect_valid("/keys", "get", &r);
	assert_null(strstr(r.body, F.key_read + 16)); /* secrets are never listed */
	ht_free(&r);
	/* a wrong secret for a real id, and garbage, are 401 */
	snprintf(token, sizeof token, "%s", F.key_admin);
	token[strlen(token) - 1] = token[strlen(token) - 1] == '0' ? '1' : '0';
	r = with_key("GET", "/keys", token, NULL);
	assert_int_equal(r.status, 401);
	ht_free(&r);
	r = with_key("GET", "/healthz", "nonsense", NULL);
	assert_int_equal(r.status, 401);
	ht_free(&r);
	/* create a key over HTTP, use it, revoke it: refused at once */
	r = with_key("POST", "/keys", F.key_admin, "{\"role\":\"write\",\"name\":\"http\"}");
	assert_int_equal(r.status, 201);
	expect_valid("/keys", "post", &r);
	v = json_loads(r.body, 0, NULL);
	snprintf(token, sizeof token, "%s", json_string_value(json_object_get(v, "key")));
	snprintf(path, sizeof path, "/keys/%s", json_string_value(json_object_get(v, "id")));
	json_decref(v);
	ht_free(&r);
	r = with_key("POST", "/index/reload", token, ""); /* usable at once */
	assert_int_equal(r.status, 202);
	ht_free(&r);
	r = with_key("DELETE", path, F.key_admin, NULL);
	assert_int_equal(r.status, 200);
	expect_valid("/keys/{id}", "delete", &r);
	ht_free(&r);
	r = with_key("POST", "/index/reload", token, "");
	assert_int_equal(r.status, 401);
	ht_free(&r);

	/* every write is in the audit trail with the key that made it; the chain is intact */
	r = with_key("GET", "/audit?limit=1000", F.key_admin, NULL);
	assert_int_equal(r.status, 200);
	expect_valid("/audit", "get", &r);
	v = json_loads(r.body, 0, NULL);
	int creates = 0, revokes = 0, reloads = 0;
	size_t i;
	json_t *rec;

	json_array_foreach(json_object_get(v, "records"), i, rec) {
		const char *action = json_string_value(json_object_get(rec, "action"));
		const char *who = json_string_value(json_object_get(rec, "actor"));

		assert_true(strncmp(who, "key:", 4) == 0 || strncmp(who, "cli", 3) == 0 || !who[0]);
		if (strlen(who) != 16)
			continue;
		if (strcmp(action, "key.create") == 0 && strncmp(who + 4, F.key_admin + 3, 12) == 0)
			creates++;
		if (strcmp(action, "key.revoke") == 0 && strncmp(who + 4, F.key_admin + 3, 12) == 0)
			revokes++;
		if (strcmp(action, "index.reload") == 0 && strncmp(who + 4, F.key_write + 3, 12) == 0)
			reloads++;
	}
	assert_int_equal(creates, 1);
	assert_int_equal(revokes, 1);
	assert_true(reloads >= 1);
	json_decref(v);
	ht_free(&r);
	r = ht_get(S.port, "/audit");
	assert_int_equal(r.status, 401);
	ht_free(&r);
	r = ht_get(S.port, "/audit/verify");
	assert_int_equal(r.status, 200);
	expect_valid("/audit/verify", "get", &r);
	assert_non_null(strstr(r.body, "\"ok\":true"));
	ht_free(&r);
}

/* A 4xx with the error shape, and the server still answers. */
static void expect_error(ht_response *r, int status)
{
	json_t *v = json_loads(r->body ? r->body : "", 0, NULL);
	json_t *msg = json_object_get(json_object_get(v, "error"), "message");

	if (r->status != status)
		fail_msg("expected %d, got %d: %.300s", status, r->status, r->body ? r->body : "");
	assert_true(json_is_string(msg) && json_string_length(msg) > 10);
	assert_true(strncmp(ht_header(r, "Content-Type"), "application/json", 16) == 0);
	json_decref(v);
	ht_free(r);
	ht_response h = ht_get(S.port, "/healthz");
	assert_int_equal(h.status, 200);
	ht_free(&h);
}

static void test_bad_requests(void **state)
{
	ht_response r;
	size_t big = 10u << 20;
	char *body;

	(void)state;
	r = ht_post(S.port, "/match/default", "{\"queries\": {\"q1\": ");
	expect_error(&r, 400);
	r = ht_post(S.port, "/match/default", "[1,2]");
	expect_error(&r, 400);
	r = ht_post(S.port, "/match/default",
	            "{\"queries\":{\"q1\":{\"schema\":\"Spaceship\",\"properties\":{\"name\":[\"x\"]}}}}");
	expect_error(&r, 400);
	r = ht_post(S.port, "/screen", "{\"names\":[\"Putin\"],\"schema\":\"Unicorn\"}");
	expect_error(&r, 400);
	/* invalid UTF-8 in a JSON body, and in a query string */
	r = ht_post(S.port, "/screen", "{\"names\":[\"Put\xff\xfein\"]}");
	expect_error(&r, 400);
	r = ht_get(S.port, "/search/default?q=Put%FF%FEin");
	expect_error(&r, 400);
	/* a 100,000-character name */
	body = malloc(200000);
	strcpy(body, "{\"queries\":{\"q1\":{\"schema\":\"Person\",\"properties\":{\"name\":[\"");
	size_t off = strlen(body);
	for (size_t i = 0; i < 100000; i++)
		body[off + i] = (char)('a' + i % 26);
	strcpy(body + off + 100000, "\"]}}}}");
	r = ht_post(S.port, "/match/default", body);
	expect_error(&r, 400);
	free(body);
	/* a 10 MB body: refused from its Content-Length before it is read */
	{
		char head[512];
		int fd = ht_connect(S.port);

		snprintf(head, sizeof head,
		         "POST /match/default HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
		         "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
		         big);
		assert_true(fd >= 0);
		assert_true(ht_send_all(fd, head, strlen(head)));
		ht_read_response(fd, &r, 30);
		close(fd);
		expect_error(&r, 413);
	}
	/* ... and without a Content-Length (chunked): refused when it outgrows the limit */
	{
		int fd = ht_connect(S.port);
		const char *head = "POST /screen HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
		                   "Transfer-Encoding: chunked\r\n\r\n";
		char *chunk = malloc(65536 + 32);
		bool sent = true;

		assert_true(fd >= 0);
		assert_true(ht_send_all(fd, head, strlen(head)));
		memset(chunk, ' ', 65536 + 32);
		for (size_t done = 0; done < big && sent; done += 65536) {
			int n = snprintf(chunk, 32, "10000\r\n");

			memset(chunk + n, ' ', 65536);
			memcpy(chunk + n + 65536, "\r\n", 2);
			sent = ht_send_all(fd, chunk, (size_t)n + 65536 + 2);
		}
		if (sent)
			ht_send_all(fd, "0\r\n\r\n", 5);
		ht_read_response(fd, &r, 30);
		close(fd);
		free(chunk);
		expect_error(&r, 413);
	}
	/* unknown endpoints and methods */
	r = ht_get(S.port, "/match/default");
	expect_error(&r, 405);
	r = ht_request(S.port, "PUT", "/lists", NULL, NULL, 0);
	expect_error(&r, 405);
	r = ht_get(S.port, "/entities/no-such-entity");
	expect_error(&r, 404);
	r = ht_get(S.port, "/search/default");
	expect_error(&r, 400);
	r = ht_get(S.port, "/search/default?q=x&limit=100000");
	expect_error(&r, 400);
}

static json_t *get_json(const char *path, const char *tpl)
{
	ht_response r = ht_get(S.port, path);
	json_t *v;

	if (r.status != 200)
		fail_msg("GET %s: %d %.300s", path, r.status, r.body ? r.body : "");
	expect_valid(tpl, "get", &r);
	v = json_loads(r.body, 0, NULL);
	ht_free(&r);
	return v;
}

static void test_read_endpoints(void **state)
{
	json_t *v, *first;
	char path[256];
	ht_response r;

	(void)state;
	v = get_json("/search/default?q=Sergej%20Lawrow", "/search/{dataset}");
	first = json_array_get(json_object_get(v, "results"), 0);
	assert_non_null(strstr(json_string_value(json_object_get(first, "caption")), "LAVROV"));
	/* explained in words */
	assert_non_null(strstr(json_string_value(json_object_get(first, "explanation_text")),
	                       "phonetic"));
	snprintf(path, sizeof path, "/entities/%s", json_string_value(json_object_get(first, "id")));
	json_decref(v);
	v = get_json(path, "/entities/{id}");
	assert_non_null(json_object_get(json_object_get(v, "properties"), "birthDate"));
	json_decref(v);
	v = get_json("/catalog", "/catalog");
	/* the two sources, default and sanctions (both sources are official lists) */
	assert_int_equal(json_array_size(json_object_get(v, "datasets")), 4);
	{
		json_t *d, *sanctions = NULL;
		size_t k;

		json_array_foreach(json_object_get(v, "datasets"), k, d)
			if (strcmp(json_string_value(json_object_get(d, "name")), "sanctions") == 0)
				sanctions = d;
		assert_non_null(sanctions);
		assert_string_equal(json_string_value(json_object_get(sanctions, "type")),
		                    "collection");
		assert_int_equal(json_array_size(json_object_get(sanctions, "children")), 2);
	}
	json_decref(v);
	r = ht_post(S.port, "/match/sanctions", putin);
	assert_int_equal(r.status, 200);
	expect_valid("/match/{dataset}", "post", &r);
	assert_non_null(strstr(r.body, "PUTIN"));
	ht_free(&r);
	r = ht_post(S.port, "/match/sanction", putin);
	expect_error(&r, 404);
	json_decref(get_json("/algorithms", "/algorithms"));
	json_decref(get_json("/healthz", "/healthz"));
	json_decref(get_json("/readyz", "/readyz"));
	v = get_json("/lists", "/lists");
	assert_int_equal(json_array_size(json_object_get(v, "sources")), 2);
	json_decref(v);
	v = get_json("/lists/un_sc/versions", "/lists/{source}/versions");
	assert_int_equal(json_array_size(json_object_get(v, "versions")), 2);
	json_decref(v);
	v = get_json("/lists/un_sc/diff?limit=5", "/lists/{source}/diff");
	assert_true(json_integer_value(json_object_get(json_object_get(v, "counts"), "added")) > 0);
	assert_true(json_array_size(json_object_get(v, "added")) <= 5);
	json_decref(v);
	r = ht_get(S.port, "/lists/nosuch/diff");
	expect_error(&r, 404);

	r = ht_post(S.port, "/screen", "{\"names\":[\"Sergej Lawrow\"],\"schema\":\"Person\"}");
	assert_int_equal(r.status, 200);
	expect_valid("/screen", "post", &r);
	assert_non_null(strstr(r.body, "LAVROV"));
	ht_free(&r);
	r = ht_post(S.port, "/compare", "{\"name1\":\"Sergej Lawrow\",\"name2\":\"Sergei Lavrov\"}");
	assert_int_equal(r.status, 200);
	expect_valid("/compare", "post", &r);
	ht_free(&r);

	/* metrics count what was asked */
	r = ht_get(S.port, "/metrics");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "lookout_http_requests_total{route=\"GET /catalog\",code=\"2xx\"}"));
	assert_non_null(strstr(r.body, "lookout_index_entities "));
	assert_non_null(strstr(r.body, "lookout_list_age_seconds{source=\"un_sc\"}"));
	ht_free(&r);
	r = ht_get(S.port, "/openapi.json");
	assert_int_equal(r.status, 200);
	/* the document served is the file, less the paths of routes this build does not mount */
	json_t *served = json_loads(r.body, 0, NULL), *ops;
	const char *p;

	assert_true(json_equal(json_object_get(served, "components"), json_object_get(DOC, "components")));
	assert_true(json_object_size(json_object_get(served, "paths")) >= 20);
	json_object_foreach(json_object_get(served, "paths"), p, ops)
		assert_true(json_equal(ops, json_object_get(json_object_get(DOC, "paths"), p)));
	/* clients tell from it whether monitoring is there: /alerts is served iff mounted */
	char *routes = NULL;

	assert_int_equal(lk_test_run_cli(&routes, NULL, "serve --routes"), 0);
	assert_int_equal(strstr(routes, " /alerts ") != NULL,
	                 json_object_get(json_object_get(served, "paths"), "/alerts") != NULL);
	free(routes);
	json_decref(served);
	ht_free(&r);
}

static void test_batch_stream(void **state)
{
	/* 300 lines, one malformed, one with an unknown schema: 300 result lines in order */
	size_t n = 300, cap = n * 64;
	char *body = malloc(cap), *line, *save = NULL;
	size_t len = 0, got = 0;
	ht_response r;

	(void)state;
	for (size_t i = 1; i <= n; i++) {
		const char *q = i == 7 ? "{not json"
		              : i == 8 ? "{\"names\":[\"x\"],\"schema\":\"Unicorn\"}"
		              : i % 2 ? "{\"names\":[\"Wladimir Putin\"],\"id\":%zu}"
		                      : "{\"names\":[\"Sergej Lawrow\"],\"id\":%zu}";
		len += (size_t)snprintf(body + len, cap - len, q, i);
		body[len++] = '\n';
	}
	r = ht_request(S.port, "POST", "/screen/batch", NULL, body, len);
	free(body);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(ht_header(&r, "Content-Type"), "application/x-ndjson"));
	for (line = strtok_r(r.body, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		json_t *v = json_loads(line, 0, NULL);
		json_t *schema = oa_response_schema(DOC, "/screen/batch", "post", 200,
		                                    "application/x-ndjson");
		char err[256];

		assert_non_null(v);
		got++;
		assert_int_equal(json_integer_value(json_object_get(v, "line")), (json_int_t)got);
		if (!oa_check(DOC, schema, v, "", err, sizeof err))
			fail_msg("batch line %zu: %s", got, err);
		if (got == 7 || got == 8)
			assert_non_null(json_object_get(v, "error"));
		else
			assert_non_null(strstr(line, got % 2 ? "PUTIN" : "LAVROV"));
		json_decref(v);
	}
	assert_int_equal(got, n);
	ht_free(&r);
}

/* POST /scan/text and /scan/payment: the scanners of scan-text and scan-payment (their
 * acceptance is tested in tests/scan/; here the HTTP side: shapes, options, errors). */
static void test_scan(void **state)
{
	ht_response r;
	json_t *v, *m;
	size_t len;
	char *fin;

	(void)state;
	r = ht_post(S.port, "/scan/text",
	            "{\"text\":\"Präsident Wladimir Putin traf Außenminister Sergej Lawrow.\"}");
	assert_int_equal(r.status, 200);
	expect_valid("/scan/text", "post", &r);
	v = json_loads(r.body, 0, NULL);
	assert_int_equal(json_array_size(json_object_get(v, "mentions")), 2);
	m = json_array_get(json_object_get(v, "mentions"), 0);
	assert_string_equal(json_string_value(json_object_get(m, "text")), "Wladimir Putin");
	assert_int_equal(json_integer_value(json_object_get(m, "start")), strlen("Präsident "));
	json_decref(v);
	ht_free(&r);
	/* options come in the query string: a threshold above Lavrov's score leaves nothing;
	 * an unknown schema is refused */
	r = ht_post(S.port, "/scan/text?threshold=0.99", "{\"text\":\"Sergej Lawrow\"}");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"mentions\":[]"));
	ht_free(&r);
	r = ht_post(S.port, "/scan/text", "{\"text\":5}");
	expect_error(&r, 400);
	r = ht_post(S.port, "/scan/text?schema=Planet", "{\"text\":\"x\"}");
	expect_error(&r, 400);

	fin = lk_test_read_file(lk_test_fixture("payments/mt103_stream.txt"), &len);
	r = ht_post(S.port, "/scan/payment", fin);
	assert_int_equal(r.status, 200);
	expect_valid("/scan/payment", "post", &r);
	v = json_loads(r.body, 0, NULL);
	assert_int_equal(json_array_size(json_object_get(v, "messages")), 2);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(v, "messages"), 0), "verdict")),
	                    "hit");
	assert_int_equal(json_array_size(json_object_get(v, "errors")), 4);
	json_decref(v);
	ht_free(&r);
	free(fin);
	r = ht_post(S.port, "/scan/payment?threshold=2", "x");
	expect_error(&r, 400);
}

static void test_static_files(void **state)
{
	ht_response r;
	char inm[160];

	(void)state;
	r = ht_get(S.port, "/");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(ht_header(&r, "Content-Type"), "text/html"));
	assert_string_equal(ht_header(&r, "Cache-Control"), "no-cache");
	assert_non_null(strstr(r.body, "<title>t</title>"));
	snprintf(inm, sizeof inm, "If-None-Match: %s\r\n", ht_header(&r, "ETag"));
	ht_free(&r);
	r = ht_request(S.port, "GET", "/", inm, NULL, 0);
	assert_int_equal(r.status, 304);
	ht_free(&r);
	r = ht_get(S.port, "/app.js");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(ht_header(&r, "Content-Type"), "text/javascript"));
	assert_string_equal(r.body, "console.log(1)");
	ht_free(&r);
	const char *evil[] = {"/../secret.txt", "/%2e%2e/secret.txt", "/x/../../secret.txt",
	                      "/.env", "/%2e%65nv", "/..%2fsecret.txt", "/nosuch.html"};
	for (size_t i = 0; i < sizeof evil / sizeof *evil; i++) {
		r = ht_get(S.port, evil[i]);
		if (r.status == 200 || (r.body && strstr(r.body, "secret") && !strstr(r.body, "error")) ||
		    (r.body && strstr(r.body, "hidden")))
			fail_msg("%s was served: %d %s", evil[i], r.status, r.body ? r.body : "");
		assert_true(r.status >= 400 && r.status < 500);
		ht_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match_putin),
		cmocka_unit_test(test_every_route_is_documented),
		cmocka_unit_test(test_auth),
		cmocka_unit_test(test_bad_requests),
		cmocka_unit_test(test_read_endpoints),
		cmocka_unit_test(test_batch_stream),
		cmocka_unit_test(test_scan),
		cmocka_unit_test(test_static_files),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
