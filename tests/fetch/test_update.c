/*
 * test_update.c - `lookout lists update` against a loopback HTTP server (tests/support/
 * lk_httpd.c) serving $LOOKOUT_DATA/lists: a good update is imported, an identical one is a
 * no-op, and a truncated download, a file with half its entities missing, an HTTP 500, a slow
 * body past the timeout, a file over the size limit and a refused connection are each refused
 * with a clear message while `lists show --json` stays byte for byte what it was.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "lk_httpd.h"
#include "lk_test.h"

typedef struct fixture {
	char *dir;
	char env[4300];
	lk_httpd *httpd;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->dir = lk_test_tmpdir();
	/* no LOOKOUT_LISTS_URL or sources file from the environment of whoever runs the tests */
	snprintf(f->env, sizeof f->env,
	         "LOOKOUT_DB='%s/test.db' TMPDIR='%s' LOOKOUT_LISTS_URL= LOOKOUT_LISTS_CONFIG=",
	         f->dir, f->dir);
	f->httpd = lk_httpd_start(lk_test_data("lists"));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	lk_httpd_stop(f->httpd);
	lk_test_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* Run `lookout lists update ARGS` with stderr folded into *out. */
static int update(fixture *f, char **out, const char *args)
{
	return lk_test_run_cli(out, f->env, "lists update --quiet %s 2>&1", args);
}

static char *show(fixture *f)
{
	char *out = NULL;

	assert_int_equal(lk_test_run_cli(&out, f->env, "lists show --json"), 0);
	return out;
}

static void expect_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("expected \"%s\" in:\n%s", needle, hay);
}

/* Import OFAC 2019 through the server; returns `lists show --json` after it. */
static char *start_with_2019(fixture *f)
{
	char *out = NULL;
	char args[512];

	snprintf(args, sizeof args, "--from ofac_sdn=%s/ofac/sdn-2019-01", lk_httpd_url(f->httpd));
	assert_int_equal(update(f, &out, args), 0);
	expect_contains(out, "ofac_sdn  imported  version 1, the first of the source: 7379 entities");
	free(out);
	return show(f);
}

static void test_update__newer_version_is_imported_and_repeat_is_noop(void **state)
{
	fixture *f = *state;
	char *before = start_with_2019(f);
	char *out = NULL, *after, *again, *direct = NULL;
	char args[512];

	snprintf(args, sizeof args, "--json --from ofac_sdn=%s/ofac/sdn-2021-07",
	         lk_httpd_url(f->httpd));
	assert_int_equal(update(f, &out, args), 0);
	expect_contains(out, "\"outcome\": \"imported\"");
	expect_contains(out, "\"version\": 2");
	expect_contains(out, "\"previous_version\": 1");
	expect_contains(out, "\"entities\": 8976");
	expect_contains(out, "\"previous_entities\": 7379");
	expect_contains(out, "\"files\": 3"); /* sdn_comments.csv is optional and absent: 404 */
	expect_contains(out, "\"failed\": 0");
	free(out);
	after = show(f);
	assert_string_not_equal(before, after);
	expect_contains(after, "\"entities\": 8976");

	/* the same files again: nothing written */
	assert_int_equal(update(f, &out, args), 0);
	expect_contains(out, "\"outcome\": \"unchanged\"");
	expect_contains(out, "\"version\": 2");
	free(out);
	again = show(f);
	assert_string_equal(after, again);

	/* the hash of an update is the hash of `lists import` of the same directory */
	{
		char env[4400];
		char *imp = NULL;

		snprintf(env, sizeof env, "LOOKOUT_DB='%s/direct.db'", f->dir);
		assert_int_equal(lk_test_run_cli(&imp, env, "lists import --json --quiet '%s'",
		                                 lk_test_data("lists/ofac/sdn-2021-07")),
		                 0);
		json_t *a = json_loads(imp, 0, NULL), *b = json_loads(after, 0, NULL);
		assert_non_null(a);
		assert_non_null(b);
		const char *ha = json_string_value(json_object_get(a, "hash"));
		const char *hb = json_string_value(
			json_object_get(json_array_get(json_object_get(b, "sources"), 0), "hash"));
		assert_non_null(ha);
		assert_non_null(hb);
		assert_string_equal(ha, hb);
		json_decref(a);
		json_decref(b);
		free(imp);
		(void)direct;
	}
	free(before);
	free(after);
	free(again);
}

/* One refused update: exit code, the message, and the active version untouched. */
static void refused(fixture *f, const char *before, const char *args, int want_rc,
                    const char *want_msg)
{
	char *out = NULL, *now;
	int rc = update(f, &out, args);

	if (rc != want_rc)
		fail_msg("lists update %s: exit %d, expected %d; output:\n%s", args, rc, want_rc, out);
	expect_contains(out, want_msg);
	expect_contains(out, "version 1 stays active");
	expect_contains(out, "lookout: 1 of 1 sources not updated");
	assert_null(strstr(out, "Sanitizer"));
	free(out);
	now = show(f);
	assert_string_equal(before, now);
	free(now);
}

static void test_update__faults_are_refused_and_change_nothing(void **state)
{
	fixture *f = *state;
	char *before = start_with_2019(f);
	const char *u = lk_httpd_url(f->httpd);
	char args[512];

	snprintf(args, sizeof args, "--from ofac_sdn=%s/500/ofac/sdn-2021-07", u);
	refused(f, before, args, 74, "sdn.csv: HTTP 500 from the server; expected 200");

	snprintf(args, sizeof args, "--from ofac_sdn=%s/truncated/ofac/sdn-2021-07", u);
	refused(f, before, args, 65, "sdn.csv: truncated download: ");

	/* half the entities: parsed fine, refused by the sanity check */
	snprintf(args, sizeof args, "--from ofac_sdn=%s/half/ofac/sdn-2021-07", u);
	refused(f, before, args, 65, "ofac_sdn  refused  4489 entities, 39.2 % fewer than the active version 1 "
	                             "(7379); the limit is 10.0 % (max-drop)");

	snprintf(args, sizeof args, "--timeout 1 --from ofac_sdn=%s/slow/ofac/sdn-2021-07", u);
	refused(f, before, args, 74, "sdn.csv: timed out after 1 s");

	snprintf(args, sizeof args, "--max-size 1M --from ofac_sdn=%s/ofac/sdn-2021-07", u);
	refused(f, before, args, 65, "sdn.csv: larger than the limit of 1048576 bytes (max-size)");

	/* a required file the server does not have */
	snprintf(args, sizeof args, "--from ofac_sdn=%s/ofac/sdn-2024-05-03", u);
	refused(f, before, args, 74, "add.csv: HTTP 404 from the server");

	/* a directory source goes through the same checks: a cut sdn.csv fails to parse */
	{
		char sub[4200], p[4300];

		snprintf(sub, sizeof sub, "%s/cut", f->dir);
		assert_int_equal(mkdir(sub, 0700), 0);
		snprintf(p, sizeof p, "%s/sdn.csv", sub);
		lk_test_copy_prefix(lk_test_data("lists/ofac/sdn-2021-07/sdn.csv"), p, 500000);
		snprintf(p, sizeof p, "%s/add.csv", sub);
		lk_test_copy_prefix(lk_test_data("lists/ofac/sdn-2021-07/add.csv"), p, (size_t)-1);
		snprintf(p, sizeof p, "%s/alt.csv", sub);
		lk_test_copy_prefix(lk_test_data("lists/ofac/sdn-2021-07/alt.csv"), p, (size_t)-1);
		snprintf(args, sizeof args, "--from ofac_sdn=%s", sub);
		/* the message names the file where it came from, not the temporary copy */
		snprintf(p, sizeof p, "%s/sdn.csv: line ", sub);
		refused(f, before, args, 65, p);
	}

	/* the same half file goes in when the limit allows it, or with --force */
	{
		char *out = NULL;

		snprintf(args, sizeof args, "--max-drop 40%% --from ofac_sdn=%s/half/ofac/sdn-2021-07",
		         u);
		assert_int_equal(update(f, &out, args), 0);
		expect_contains(out, "ofac_sdn  imported  version 2 replaces 1: 4489 entities (was 7379)");
		free(out);
		snprintf(args, sizeof args, "--force --from ofac_sdn=%s/half/ofac/sdn-2019-01", u);
		assert_int_equal(update(f, &out, args), 0);
		expect_contains(out, "imported  version 3 replaces 2");
		free(out);
	}

	/* every attempt is in the audit trail, refusals with their reason, and the chain holds */
	{
		static const char *want[] = {"imported", "failed",   "refused", "refused", "failed",
		                             "refused",  "failed",   "refused", "imported", "imported"};
		char db[4300];
		lk_store *s = NULL;
		lk_audit_record *recs = NULL;
		lk_audit_verify_result vr;
		size_t n = 0, k = 0;

		snprintf(db, sizeof db, "%s/test.db", f->dir);
		assert_int_equal(lk_store_open(&s, db), 0);
		assert_int_equal(lk_audit_records(s, 0, 0, &recs, &n), 0);
		for (size_t i = 0; i < n; i++) {
			if (strcmp(recs[i].action, "list.update") != 0)
				continue;
			assert_true(k < sizeof want / sizeof want[0]);
			json_t *d = json_loads(recs[i].detail, 0, NULL);
			assert_non_null(d);
			assert_string_equal(recs[i].subject, "ofac_sdn");
			assert_string_equal(recs[i].actor, "cli");
			assert_string_equal(json_string_value(json_object_get(d, "outcome")), want[k]);
			if (strcmp(want[k], "imported") != 0)
				assert_non_null(json_string_value(json_object_get(d, "reason")));
			/* an accepted update is recorded right after its import, same transaction */
			if (strcmp(want[k], "imported") == 0)
				assert_string_equal(recs[i - 1].action, "list.import");
			json_decref(d);
			k++;
		}
		assert_int_equal(k, sizeof want / sizeof want[0]);
		assert_int_equal(lk_audit_verify(s, &vr), 0);
		assert_true(vr.ok);
		lk_audit_records_free(recs, n);
		lk_store_close(s);
	}
	free(before);
}

static void test_update__a_failed_source_does_not_stop_the_others(void **state)
{
	fixture *f = *state;
	const char *u = lk_httpd_url(f->httpd);
	char *out = NULL, *now;
	char args[1024];

	snprintf(args, sizeof args,
	         "--from un_sc=%s/500/un --from ofac_sdn=%s/ofac/sdn-2019-01 "
	         "--from uk_hmt=%s/truncated/uk",
	         u, u, u);
	assert_int_equal(update(f, &out, args), 74);
	expect_contains(out, "un_sc     failed    ");
	expect_contains(out, "consolidated.xml: HTTP 500");
	expect_contains(out, "ofac_sdn  imported  version 1, the first of the source: 7379");
	expect_contains(out, "uk_hmt    failed    "); /* ConList.csv is not there: 404 */
	expect_contains(out, "lookout: 2 of 3 sources not updated");
	free(out);
	now = show(f);
	json_t *j = json_loads(now, 0, NULL);
	assert_non_null(j);
	assert_int_equal(json_array_size(json_object_get(j, "sources")), 1);
	json_decref(j);
	free(now);
}

static void test_update__base_url_from_the_environment(void **state)
{
	fixture *f = *state;
	char env[4600];
	char *out = NULL;

	/* a base serving the files under their names: here the 2019 OFAC directory */
	snprintf(env, sizeof env, "%s LOOKOUT_LISTS_URL=%s/ofac/sdn-2019-01/", f->env,
	         lk_httpd_url(f->httpd));
	assert_int_equal(lk_test_run_cli(&out, env, "lists update --quiet ofac_sdn 2>&1"), 0);
	expect_contains(out, "ofac_sdn  imported  version 1, the first of the source: 7379");
	free(out);
	/* --from wins over the environment */
	snprintf(env, sizeof env, "%s LOOKOUT_LISTS_URL=%s/500", f->env, lk_httpd_url(f->httpd));
	assert_int_equal(lk_test_run_cli(&out, env, "lists update --quiet --from ofac_sdn=%s 2>&1",
	                                 lk_test_data("lists/ofac/sdn-2019-01")),
	                 0);
	expect_contains(out, "ofac_sdn  unchanged  identical to the active version 1");
	free(out);
}

static void test_update__connection_refused(void **state)
{
	fixture *f = *state;
	char url[64];
	char *out = NULL;

	/* a port that was just ours and now has nobody listening */
	snprintf(url, sizeof url, "%s", lk_httpd_url(f->httpd));
	lk_httpd_stop(f->httpd);
	f->httpd = NULL;
	assert_int_equal(lk_test_run_cli(&out, f->env,
	                                 "lists update --quiet --from %s/ofac/sdn-2019-01 ofac_sdn 2>&1",
	                                 url),
	                 74);
	expect_contains(out, "ofac_sdn  failed  ");
	expect_contains(out, "sdn.csv: cannot connect: ");
	free(out);
	f->httpd = lk_httpd_start(lk_test_data("lists"));
}

static void test_update__usage_errors(void **state)
{
	fixture *f = *state;
	char *out = NULL;

	assert_int_equal(update(f, &out, "no_such_source"), 2);
	expect_contains(out, "unknown source 'no_such_source'");
	free(out);
	assert_int_equal(update(f, &out, "--max-drop 150% ofac_sdn"), 2);
	expect_contains(out, "--max-drop: ");
	free(out);
	assert_int_equal(update(f, &out, "--from ftp://example.org/lists ofac_sdn"), 2);
	expect_contains(out, "unsupported URL scheme");
	free(out);
	assert_int_equal(update(f, &out, "--from nosuch=/tmp"), 2);
	expect_contains(out, "no source named 'nosuch'");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_update__newer_version_is_imported_and_repeat_is_noop,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(test_update__faults_are_refused_and_change_nothing, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_update__a_failed_source_does_not_stop_the_others,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(test_update__base_url_from_the_environment, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_update__connection_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_update__usage_errors, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
