/*
 * test_mounted.c - the capabilities the server mounts from other modules, over HTTP:
 * monitoring (customers, the alert queue, decisions with a reason, each write audited with
 * the key id) and scanning (free text, payment messages). Each part runs when the library has
 * the module; the route table and /openapi.json must agree with what is mounted.
 */
#include "http_client.h"
#include "openapi_check.h"
#include "server_fixture.h"

#if __has_include("lookout/monitor.h")
#define HAVE_MONITOR 1
#endif
#if __has_include("lookout/scan.h")
#define HAVE_SCAN 1
#endif

static sf_store F;
static ht_server S;
static json_t *DOC;

static int setup(void **state)
{
	char path[4400], *text;

	(void)state;
	sf_open(&F, false);
	if (!ht_server_start(&S, F.db, F.dir, NULL))
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
	assert_int_equal(ht_server_stop(&S), 0);
	json_decref(DOC);
	sf_close(&F);
	return 0;
}

static void expect_valid(const char *tpl, const char *method, const ht_response *r)
{
	char err[512];

	if (!oa_validate(DOC, tpl, method, r->status, r->body, err, sizeof err))
		fail_msg("%s %s %d: %s\n%.400s", method, tpl, r->status, err, r->body);
}

static ht_response keyed(const char *method, const char *path, const char *key,
                         const char *body)
{
	char h[256];

	snprintf(h, sizeof h, "Authorization: Bearer %s\r\n", key);
	return ht_request(S.port, method, path, key ? h : NULL, body, body ? strlen(body) : 0);
}

#ifdef HAVE_MONITOR
static void test_monitoring(void **state)
{
	static const char putin[] = "{\"ref\":\"c-1\",\"name\":\"Wladimir Putin\",\"schema\":\"Person\","
	                            "\"dob\":\"1952-10-07\",\"country\":\"RU\"}";
	ht_response r;
	json_t *v, *a;
	char path[64];
	long long id;

	(void)state;
	/* customers: writes need a write key */
	r = keyed("POST", "/customers", NULL, putin);
	assert_int_equal(r.status, 401);
	ht_free(&r);
	r = keyed("POST", "/customers", F.key_read, putin);
	assert_int_equal(r.status, 403);
	ht_free(&r);
	r = keyed("POST", "/customers", F.key_write, putin);
	assert_int_equal(r.status, 201);
	expect_valid("/customers", "post", &r);
	ht_free(&r);
	r = keyed("POST", "/customers", F.key_write, "{\"ref\":\"c-2\",\"name\":\"\"}");
	assert_int_equal(r.status, 400);
	ht_free(&r);
	r = ht_get(S.port, "/customers");
	assert_int_equal(r.status, 200);
	expect_valid("/customers", "get", &r);
	assert_non_null(strstr(r.body, "Wladimir Putin"));
	ht_free(&r);

	/* a monitoring run raises the alert */
	assert_int_equal(lk_test_run_cli(NULL, NULL, "--db '%s' monitor run --quiet >/dev/null 2>&1",
	                                 F.db),
	                 0);
	r = ht_get(S.port, "/alerts?status=open");
	assert_int_equal(r.status, 200);
	expect_valid("/alerts", "get", &r);
	v = json_loads(r.body, 0, NULL);
	a = json_array_get(json_object_get(v, "alerts"), 0);
	assert_non_null(a);
	assert_string_equal(json_string_value(json_object_get(a, "customer_ref")), "c-1");
	assert_non_null(strstr(json_string_value(json_object_get(a, "entity_caption")), "PUTIN"));
	id = (long long)json_integer_value(json_object_get(a, "id"));
	json_decref(v);
	ht_free(&r);
	snprintf(path, sizeof path, "/alerts/%lld", id);
	r = ht_get(S.port, path);
	assert_int_equal(r.status, 200);
	expect_valid("/alerts/{id}", "get", &r);
	assert_non_null(strstr(r.body, "\"explanation\":{"));
	ht_free(&r);
	r = ht_get(S.port, "/alerts/999999");
	assert_int_equal(r.status, 404);
	ht_free(&r);
	r = ht_get(S.port, "/alerts?status=nonsense");
	assert_int_equal(r.status, 400);
	ht_free(&r);

	/* a decision needs a write key and a reason */
	snprintf(path, sizeof path, "/alerts/%lld/decision", id);
	r = keyed("POST", path, F.key_read, "{\"decision\":\"true-match\",\"reason\":\"same dob\"}");
	assert_int_equal(r.status, 403);
	ht_free(&r);
	r = keyed("POST", path, F.key_write, "{\"decision\":\"true-match\"}");
	assert_int_equal(r.status, 400);
	ht_free(&r);
	r = keyed("POST", path, F.key_write, "{\"decision\":\"maybe\",\"reason\":\"x\"}");
	assert_int_equal(r.status, 400);
	ht_free(&r);
	r = keyed("POST", path, F.key_write,
	          "{\"decision\":\"true-match\",\"reason\":\"same birth date and name\",\"by\":\"ana\"}");
	assert_int_equal(r.status, 201);
	ht_free(&r);
	snprintf(path, sizeof path, "/alerts/%lld", id);
	r = ht_get(S.port, path);
	assert_non_null(strstr(r.body, "\"status\":\"true-match\""));
	assert_non_null(strstr(r.body, "same birth date and name"));
	ht_free(&r);

	/* both writes are in the audit trail with the write key's id */
	char actor[32];

	snprintf(actor, sizeof actor, "key:%.12s", F.key_write + 3);
	r = keyed("GET", "/audit?limit=10000", F.key_admin, NULL);
	assert_int_equal(r.status, 200);
	v = json_loads(r.body, 0, NULL);
	size_t i;
	json_t *rec;
	int decided = 0, added = 0;

	json_array_foreach(json_object_get(v, "records"), i, rec) {
		const char *action = json_string_value(json_object_get(rec, "action"));
		const char *who = json_string_value(json_object_get(rec, "actor"));

		if (strcmp(who, actor) != 0)
			continue;
		decided += strcmp(action, "alert.decide") == 0;
		added += strcmp(action, "customer.add") == 0;
	}
	assert_int_equal(decided, 1);
	assert_int_equal(added, 1);
	json_decref(v);
	ht_free(&r);
	r = ht_get(S.port, "/audit/verify");
	assert_non_null(strstr(r.body, "\"ok\":true"));
	ht_free(&r);
}
#endif

#ifdef HAVE_SCAN
static void test_scanning(void **state)
{
	static const char text[] =
		"Moskau. Der russische Aussenminister Sergej Lawrow traf am Montag seinen Amtskollegen.";
	ht_response r;
	char *msg;
	size_t len;

	(void)state;
	r = ht_request(S.port, "POST", "/scan/text", "Content-Type: text/plain\r\n", text,
	               strlen(text));
	assert_int_equal(r.status, 200);
	expect_valid("/scan/text", "post", &r);
	assert_non_null(strstr(r.body, "LAVROV"));
	ht_free(&r);
	r = ht_post(S.port, "/scan/text", "{\"text\":\"Sergej Lawrow sprach.\"}");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "LAVROV"));
	ht_free(&r);
	r = ht_request(S.port, "POST", "/scan/text", "Content-Type: text/plain\r\n",
	               "Sergej \xff Lawrow", 15);
	assert_int_equal(r.status, 400);
	ht_free(&r);

	msg = lk_test_read_file(lk_test_fixture("payments/mt103_clear.txt"), &len);
	r = ht_request(S.port, "POST", "/scan/payment", "Content-Type: text/plain\r\n", msg, len);
	free(msg);
	assert_int_equal(r.status, 200);
	expect_valid("/scan/payment", "post", &r);
	assert_non_null(strstr(r.body, "\"verdict\":\"clear\""));
	ht_free(&r);
	r = ht_post(S.port, "/scan/payment?format=swift", "x");
	assert_int_equal(r.status, 400);
	ht_free(&r);
}
#endif

static void test_routes_and_document_agree(void **state)
{
	char *routes = NULL;
	ht_response r = ht_get(S.port, "/openapi.json");
	json_t *served = json_loads(r.body, 0, NULL);
	json_t *paths = json_object_get(served, "paths");

	(void)state;
	assert_int_equal(lk_test_run_cli(&routes, NULL, "serve --routes"), 0);
#ifdef HAVE_MONITOR
	assert_non_null(strstr(routes, " /alerts/{id}/decision "));
	assert_non_null(json_object_get(paths, "/alerts/{id}/decision"));
#endif
#ifdef HAVE_SCAN
	assert_non_null(strstr(routes, " /scan/text "));
	assert_non_null(json_object_get(paths, "/scan/payment"));
#endif
	assert_int_equal(strstr(routes, " /customers ") != NULL,
	                 json_object_get(paths, "/customers") != NULL);
	free(routes);
	json_decref(served);
	ht_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#ifdef HAVE_MONITOR
		cmocka_unit_test(test_monitoring),
#endif
#ifdef HAVE_SCAN
		cmocka_unit_test(test_scanning),
#endif
		cmocka_unit_test(test_routes_and_document_agree),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
