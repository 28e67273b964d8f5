/*
 * test_update_monitor.c - issue 4's end-to-end acceptance with the list update going through
 * `lookout lists update` and a loopback HTTP server (tests/support/lk_httpd.c). The monitoring
 * rules themselves, with exact expected alerts, are tests/monitor/test_acceptance.c; this is
 * its HTTP-update variant, on the same customers (tests/monitor/monitor_fixture.h: 2,000 yente
 * benchmark negatives seeded with variants of OFAC names stable, removed and added between
 * 2019 and 2021).
 *
 * OFAC 2019 is fetched over HTTP, the customers imported, monitoring run; a refused update
 * (half the entities) changes nothing and raises nothing; the 2021 update is fetched over HTTP
 * and monitoring runs again. Then: new alerts only on entities added or changed in 2021 (the
 * store's own diff), every added seed alerted, no (customer, entity) pair twice, the alerts of
 * removed entities closed, a third run raises nothing, `audit verify` passes, and the report
 * of the period lists the update attempts, the changed entities and the new alerts.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lk_httpd.h"
#include "lk_test.h"
#include "../monitor/monitor_fixture.h"

#define CUSTOMERS 2000

typedef struct alert {
	long long id;
	char ref[64], entity[64], status[32];
} alert;

/* `alerts list --json` into an array. */
static alert *list_alerts(const char *env, size_t *n)
{
	char *out = NULL;
	assert_int_equal(lk_test_run_cli(&out, env, "alerts list --json"), 0);
	json_t *arr = json_loads(out, 0, NULL);
	if (!arr)
		fail_msg("alerts list --json printed: %s", out);
	*n = json_array_size(arr);
	alert *v = calloc(*n ? *n : 1, sizeof *v);
	assert_non_null(v);
	for (size_t i = 0; i < *n; i++) {
		json_t *a = json_array_get(arr, i);
		v[i].id = (long long)json_integer_value(json_object_get(a, "id"));
		snprintf(v[i].ref, sizeof v[i].ref, "%s",
		         json_string_value(json_object_get(a, "customer_ref")));
		snprintf(v[i].entity, sizeof v[i].entity, "%s",
		         json_string_value(json_object_get(a, "entity_id")));
		snprintf(v[i].status, sizeof v[i].status, "%s",
		         json_string_value(json_object_get(a, "status")));
	}
	json_decref(arr);
	free(out);
	return v;
}

static const alert *find_alert(const alert *v, size_t n, const char *ref, const char *entity)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(v[i].ref, ref) == 0 && strcmp(v[i].entity, entity) == 0)
			return &v[i];
	}
	return NULL;
}

static json_t *monitor_run(const char *env)
{
	char *out = NULL;
	assert_int_equal(lk_test_run_cli(&out, env, "monitor run --quiet --json"), 0);
	json_t *j = json_loads(out, 0, NULL);
	if (!j)
		fail_msg("monitor run --json printed: %s", out);
	free(out);
	return j;
}

static size_t jsize(json_t *o, const char *key)
{
	return (size_t)json_integer_value(json_object_get(o, key));
}

static void test_update_monitor__update_over_http_then_monitor(void **state)
{
	char *dir = lk_test_tmpdir();
	lk_httpd *httpd = lk_httpd_start(lk_test_data("lists"));
	const char *u = lk_httpd_url(httpd);
	char env[4400], db[4200], customers[4200];
	mf_data data;
	lk_store *s = NULL;
	lk_diff *d = NULL;
	char *out = NULL;

	snprintf(db, sizeof db, "%s/e2e.db", dir);
	snprintf(env, sizeof env,
	         "LOOKOUT_DB='%s' TMPDIR='%s' LOOKOUT_LISTS_URL= LOOKOUT_LISTS_CONFIG=", db, dir);

	/* OFAC 2019 through the HTTP server */
	assert_int_equal(lk_test_run_cli(&out, env,
	                                 "lists update --quiet --from ofac_sdn=%s/ofac/sdn-2019-01 2>&1",
	                                 u),
	                 0);
	assert_non_null(strstr(out, "ofac_sdn  imported  version 1"));
	free(out);

	/* the customers: the monitor tests' seeded file */
	mf_load(&data);
	snprintf(customers, sizeof customers, "%s/customers.csv", dir);
	mf_write_customers(&data, customers, CUSTOMERS);
	assert_int_equal(lk_test_run_cli(&out, env, "customers import --quiet --json '%s'", customers),
	                 0);
	{
		json_t *j = json_loads(out, 0, NULL);
		assert_non_null(j);
		assert_int_equal(jsize(j, "added"), CUSTOMERS);
		assert_int_equal(jsize(j, "bad"), 0);
		json_decref(j);
	}
	free(out);

	/* run 1 against 2019: the stable and removed seeds are alerted */
	json_t *run1 = monitor_run(env);
	assert_int_equal(jsize(run1, "screened"), CUSTOMERS);
	json_decref(run1);
	size_t n1 = 0;
	alert *a1 = list_alerts(env, &n1);
	for (size_t i = 0; i < data.nseeds; i++) {
		const mf_seed *sd = &data.seeds[i];
		bool want = sd->group != 2;
		if (want != (find_alert(a1, n1, sd->ref, sd->entity_id) != NULL))
			fail_msg("run 1: seed %s (%s, %s, group %d): alert %s", sd->ref, sd->name,
			         sd->entity_id, sd->group, want ? "missing" : "unexpected");
	}

	/* a refused update (half the entities) changes nothing, so monitoring finds nothing new */
	assert_int_equal(
		lk_test_run_cli(&out, env,
		                "lists update --quiet --from ofac_sdn=%s/half/ofac/sdn-2021-07 2>&1", u),
		65);
	assert_non_null(strstr(out, "ofac_sdn  refused"));
	free(out);
	json_t *run_refused = monitor_run(env);
	assert_int_equal(jsize(run_refused, "alerts_new"), 0);
	assert_int_equal(jsize(run_refused, "alerts_closed"), 0);
	json_decref(run_refused);

	/* OFAC 2021 through the HTTP server, then run 2 */
	assert_int_equal(lk_test_run_cli(&out, env,
	                                 "lists update --quiet --from ofac_sdn=%s/ofac/sdn-2021-07 2>&1",
	                                 u),
	                 0);
	assert_non_null(strstr(out, "ofac_sdn  imported  version 2 replaces 1"));
	free(out);
	json_t *run2 = monitor_run(env);
	size_t reported_new = jsize(run2, "alerts_new");
	size_t reported_closed = jsize(run2, "alerts_closed");
	json_decref(run2);

	/* what changed, from the store's own diff of the two versions */
	assert_int_equal(lk_store_open(&s, db), 0);
	assert_int_equal(lk_store_diff(&d, s, "ofac_sdn", 0, 0), 0);
	lk_strmap *added = lk_strmap_new(), *removed = lk_strmap_new(), *changed = lk_strmap_new();
	for (size_t i = 0; i < d->nadded; i++)
		lk_strmap_put(added, d->added[i], (void *)1);
	for (size_t i = 0; i < d->nremoved; i++)
		lk_strmap_put(removed, d->removed[i], (void *)1);
	for (size_t i = 0; i < d->nchanged; i++)
		lk_strmap_put(changed, d->changed[i].id, (void *)1);
	lk_store_close(s);

	for (size_t i = 0; i < n1; i++) {
		if (lk_strmap_get(added, a1[i].entity))
			fail_msg("run 1: alert on %s, which is not on the 2019 list", a1[i].entity);
	}
	size_t n2 = 0;
	alert *a2 = list_alerts(env, &n2);
	size_t fresh = 0, closed_now = 0;
	for (size_t i = 0; i < n2; i++) {
		const alert *before = NULL;
		for (size_t k = 0; k < n1 && !before; k++)
			before = a1[k].id == a2[i].id ? &a1[k] : NULL;
		if (!before) {
			fresh++;
			if (!lk_strmap_get(added, a2[i].entity) && !lk_strmap_get(changed, a2[i].entity))
				fail_msg("run 2: new alert %lld on %s, neither added nor changed in 2021",
				         a2[i].id, a2[i].entity);
		}
		if (lk_strmap_get(removed, a2[i].entity)) {
			if (strcmp(a2[i].status, "closed") != 0)
				fail_msg("alert %lld on removed entity %s is %s", a2[i].id, a2[i].entity,
				         a2[i].status);
			if (before && strcmp(before->status, "closed") != 0)
				closed_now++;
		}
		for (size_t k = i + 1; k < n2; k++) {
			if (strcmp(a2[i].ref, a2[k].ref) == 0 && strcmp(a2[i].entity, a2[k].entity) == 0)
				fail_msg("duplicate alert for %s / %s", a2[i].ref, a2[i].entity);
		}
	}
	assert_int_equal(fresh, reported_new);
	assert_int_equal(closed_now, reported_closed);
	for (size_t i = 0; i < data.nseeds; i++) {
		const mf_seed *sd = &data.seeds[i];
		const alert *x = find_alert(a2, n2, sd->ref, sd->entity_id);
		if (!x)
			fail_msg("run 2: no alert for seed %s (%s, %s)", sd->ref, sd->name, sd->entity_id);
		assert_string_equal(x->status, sd->group == 1 ? "closed" : "open");
	}
	print_message("run 1: %zu alerts; run 2: %zu new, %zu closed; diff +%zu -%zu ~%zu\n", n1,
	              fresh, closed_now, d->nadded, d->nremoved, d->nchanged);

	/* nothing changed since: nothing new */
	json_t *run3 = monitor_run(env);
	assert_int_equal(jsize(run3, "alerts_new"), 0);
	assert_int_equal(jsize(run3, "alerts_closed"), 0);
	json_decref(run3);

	/* the audit trail holds; the report of the period has the updates, changes and alerts */
	assert_int_equal(lk_test_run_cli(&out, env, "audit verify"), 0);
	free(out);
	assert_int_equal(lk_test_run_cli(&out, env, "report --since 2000-01-01 --format csv"), 0);
	{
		const mf_seed *add = NULL;
		char want[256];
		for (size_t i = 0; i < data.nseeds && !add; i++)
			add = data.seeds[i].group == 2 ? &data.seeds[i] : NULL;
		assert_non_null(add);
		snprintf(want, sizeof want, "\r\nentity,");
		assert_non_null(strstr(out, want));
		snprintf(want, sizeof want, ",%s,", add->ref); /* its alert row */
		assert_non_null(strstr(out, want));
		snprintf(want, sizeof want, ",ofac_sdn,2,%s,", add->entity_id); /* its entity row */
		assert_non_null(strstr(out, want));
		assert_non_null(strstr(out, "\r\nupdate,"));
		assert_non_null(strstr(out, ",ofac_sdn,,,,,refused,"));
	}
	free(out);

	free(a1);
	free(a2);
	lk_strmap_free(added);
	lk_strmap_free(removed);
	lk_strmap_free(changed);
	lk_diff_free(d);
	mf_free(&data);
	lk_httpd_stop(httpd);
	lk_test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_update_monitor__update_over_http_then_monitor),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
