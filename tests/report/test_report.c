/*
 * test_report.c - `lookout report`: the list-changes part on real data (OFAC 2019 -> 2021),
 * the HTML opened in headless Chromium and screenshotted, the CSV read back with the
 * library's CSV reader, escaping of hostile names (tests/fixtures/report), the period filter
 * and usage errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <jansson.h>

#include "lk_test.h"

typedef struct fixture {
	char *dir;
	char db[4200];
	char env[4400];
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->dir = lk_test_tmpdir();
	snprintf(f->db, sizeof f->db, "%s/test.db", f->dir);
	snprintf(f->env, sizeof f->env, "LOOKOUT_DB='%s'", f->db);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	lk_test_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static void import(fixture *f, const char *source, const char *path)
{
	assert_int_equal(
		lk_test_run_cli(NULL, f->env, "lists import --quiet --source %s '%s'", source, path), 0);
}

/* Today (offset days) as YYYY-MM-DD, UTC. */
static void day(char out[11], int offset)
{
	time_t t = time(NULL) + (time_t)offset * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static void expect_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("expected \"%s\" in the report", needle);
}

/* The caption of an entity in a version (from its stored JSON). */
typedef struct find_ctx {
	const char *id;
	char caption[512];
} find_ctx;

static int find_caption(void *ctx, const char *id, const char *json, size_t len)
{
	find_ctx *c = ctx;

	if (strcmp(id, c->id) != 0)
		return 0;
	json_t *doc = json_loadb(json, len, 0, NULL);
	assert_non_null(doc);
	snprintf(c->caption, sizeof c->caption, "%s",
	         json_string_value(json_object_get(doc, "caption")));
	json_decref(doc);
	return 1;
}

/* The text as HTML writes it (the escaping the report must do). */
static void html_escape(const char *s, char *out, size_t size)
{
	size_t n = 0;

	for (; *s && n + 7 < size; s++) {
		const char *e = *s == '&' ? "&amp;" : *s == '<' ? "&lt;" : *s == '>' ? "&gt;"
		              : *s == '"' ? "&quot;" : *s == '\'' ? "&#39;" : NULL;
		if (e) {
			memcpy(out + n, e, strlen(e));
			n += strlen(e);
		} else {
			out[n++] = *s;
		}
	}
	out[n] = 0;
}

static bool png_ok(const char *path, unsigned want_width, size_t *size)
{
	size_t n = 0;
	char *png = lk_test_read_file(path, &n);
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	bool ok = n > 33 && memcmp(png, sig, 8) == 0 && memcmp(png + 12, "IHDR", 4) == 0;

	if (ok) {
		const unsigned char *w = (const unsigned char *)png + 16;
		unsigned width = (unsigned)w[0] << 24 | (unsigned)w[1] << 16 | (unsigned)w[2] << 8 | w[3];

		ok = width == want_width;
	}
	*size = n;
	free(png);
	return ok;
}

static void test_report__ofac_update_html_with_screenshot(void **state)
{
	fixture *f = *state;
	char today[11], html_path[4300], png[4300], cmd[12000], esc[1100];
	lk_store *s = NULL;
	lk_diff *d = NULL;
	find_ctx added = {0}, removed = {0};
	lk_version_info *vs = NULL;
	size_t nvs = 0, len = 0, png_size = 0, nalerts = 0;
	long long decided = 0;
	char *html;

	import(f, "ofac_sdn", lk_test_data("lists/ofac/sdn-2019-01"));
	import(f, "ofac_sdn", lk_test_data("lists/ofac/sdn-2021-07"));
	/* two customers named like listed entities, monitored, one alert decided */
	{
		char csv[4300], *alerts = NULL;
		snprintf(csv, sizeof csv, "%s/customers.csv", f->dir);
		const char *rows = "ref,name,schema\n"
		                   "C-100,Rosneft Trading S.A.,Organization\n"
		                   "C-200,\"Hakimzada, Harmohan Singh\",Person\n"
		                   "C-300,Jane Q. Unlisted,Person\n";
		lk_test_write_file(csv, rows, strlen(rows));
		assert_int_equal(lk_test_run_cli(NULL, f->env, "customers import --quiet '%s'", csv), 0);
		assert_int_equal(lk_test_run_cli(NULL, f->env, "monitor run --quiet"), 0);
		assert_int_equal(lk_test_run_cli(&alerts, f->env, "alerts list --json"), 0);
		json_t *arr = json_loads(alerts, 0, NULL);
		assert_non_null(arr);
		assert_true(json_array_size(arr) >= 2);
		nalerts = json_array_size(arr);
		decided = json_integer_value(json_object_get(json_array_get(arr, 0), "id"));
		json_decref(arr);
		free(alerts);
		assert_int_equal(lk_test_run_cli(NULL, f->env,
		                                 "alerts decide %lld --decision false-positive "
		                                 "--reason 'Different date of birth <checked>' "
		                                 "--by 'A. Officer'",
		                                 decided),
		                 0);
	}
	day(today, 0);
	snprintf(html_path, sizeof html_path, "%s/report.html", f->dir);
	assert_int_equal(lk_test_run_cli(NULL, f->env, "report --since %s --max-names 20 --out '%s'",
	                                 today, html_path),
	                 0);
	html = lk_test_read_file(html_path, &len);

	/* what the store says changed, independently of the report */
	assert_int_equal(lk_store_open(&s, f->db), 0);
	assert_int_equal(lk_store_diff(&d, s, "ofac_sdn", 0, 0), 0);
	assert_true(d->nadded > 0 && d->nremoved > 0 && d->nchanged > 0);
	assert_int_equal(lk_store_versions(s, "ofac_sdn", &vs, &nvs), 0);
	assert_int_equal(nvs, 2);
	added.id = d->added[0];
	lk_store_foreach_entity(s, vs[0].id, find_caption, &added);
	removed.id = d->removed[0];
	lk_store_foreach_entity(s, vs[1].id, find_caption, &removed);
	assert_true(added.caption[0] && removed.caption[0]);

	{
		char want[256];

		snprintf(want, sizeof want, "<span class=\"added\">%zu added</span>", d->nadded);
		expect_contains(html, want);
		snprintf(want, sizeof want, "%zu removed</span>", d->nremoved);
		expect_contains(html, want);
		snprintf(want, sizeof want, "%zu changed</span>, %zu unchanged.", d->nchanged,
		         d->unchanged);
		expect_contains(html, want);
		snprintf(want, sizeof want, "&hellip; and %zu more", d->nadded - 20);
		expect_contains(html, want);
		snprintf(want, sizeof want, "<td class=\"num\">%zu</td>", vs[0].entities);
		expect_contains(html, want);
	}
	/* the first added and removed entities by name (ids sorted, the first 20 are listed) */
	html_escape(added.caption, esc, sizeof esc);
	expect_contains(html, esc);
	html_escape(removed.caption, esc, sizeof esc);
	expect_contains(html, esc);
	expect_contains(html, "<section id=\"summary\"><h2>Summary</h2>");
	expect_contains(html, "<th>List versions imported</th><td class=\"num\">2</td>");
	expect_contains(html, vs[0].hash);
	/* self-contained and printable: no scripts, no external resources, print rules */
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<link"));
	assert_null(strstr(html, " src="));
	assert_null(strstr(html, "url("));
	expect_contains(html, "@media print");
	/* the alerts: one block each, the decision with who and why (escaped) */
	{
		char want[256];
		snprintf(want, sizeof want, "<tr><th>Alerts raised or decided in the period</th>"
		                            "<td class=\"num\">%zu</td>", nalerts);
		expect_contains(html, want);
		expect_contains(html, "<tr><th>Decisions recorded</th><td class=\"num\">1</td>");
		snprintf(want, sizeof want, "<article id=\"a%lld\"><h3>Alert %lld <span class=\"status "
		                            "status-false-positive\">", decided, decided);
		expect_contains(html, want);
		expect_contains(html, "<td>false-positive</td><td>A. Officer</td>"
		                      "<td>Different date of birth &lt;checked&gt;</td>");
		expect_contains(html, "ROSNEFT TRADING S.A.");
		expect_contains(html, "(ref C-100)");
		expect_contains(html, "<h4>Why it matched</h4>");
	}
	free(html);
	free(vs);
	lk_diff_free(d);
	lk_store_close(s);

	/* what a compliance officer sees: headless Chromium renders it to a PNG, kept in the
	 * build directory (artifacts/report.png) for a human to look at */
	mkdir("artifacts", 0755);
	snprintf(png, sizeof png, "artifacts/report.png");
	remove(png);
	snprintf(cmd, sizeof cmd,
	         "HOME='%s' timeout 120 chromium --headless --no-sandbox --disable-gpu "
	         "--disable-dev-shm-usage --user-data-dir='%s/chromium' --hide-scrollbars "
	         "--screenshot='%s' --window-size=1200,2400 'file://%s' >'%s/chromium.log' 2>&1",
	         f->dir, f->dir, png, html_path, f->dir);
	if (system("command -v chromium >/dev/null 2>&1") != 0)
		fail_msg("chromium is not installed (scripts/install-deps.sh installs it)");
	assert_int_equal(system(cmd), 0);
	if (!png_ok(png, 1200, &png_size))
		fail_msg("%s is not a 1200 px wide PNG", png);
	/* a blank page compresses to a few kB; the rendered report is far larger */
	if (png_size < 40000)
		fail_msg("%s is only %zu bytes: the page looks empty", png, png_size);
}

static void test_report__csv_reads_back_with_hostile_names(void **state)
{
	fixture *f = *state;
	char csv_path[4300];
	lk_csv_reader *r = NULL;
	size_t rows = 0, versions = 0, entities = 0, updates = 0;
	bool seen_formula = false, seen_comma = false, seen_markup = false, seen_removed = false;
	bool seen_changed = false;
	char *html = NULL;

	import(f, "watch", lk_test_fixture("report/watch_v1.ftm.json"));
	import(f, "watch", lk_test_fixture("report/watch_v2.ftm.json"));
	/* a failed update of the source, which the audit trail records */
	{
		char conf[4300], text[4400];

		snprintf(conf, sizeof conf, "%s/sources.conf", f->dir);
		snprintf(text, sizeof text, "[source watch]\nfile = watch.ftm.json %s/gone.json\n",
		         f->dir);
		lk_test_write_file(conf, text, strlen(text));
		assert_int_equal(lk_test_run_cli(NULL, f->env,
		                                 "lists update --quiet --config '%s' watch 2>/dev/null",
		                                 conf),
		                 74);
	}
	snprintf(csv_path, sizeof csv_path, "%s/report.csv", f->dir);
	assert_int_equal(
		lk_test_run_cli(NULL, f->env, "report --since 2000-01-01 --format csv -o '%s'", csv_path),
		0);
	assert_int_equal(lk_csv_reader_open(&r, csv_path, NULL), 0);
	while (lk_csv_reader_next(r) == 1) {
		const char *section = lk_csv_reader_field(r, 0, NULL);
		const char *name = lk_csv_reader_field(r, 5, NULL);
		const char *change = lk_csv_reader_field(r, 7, NULL);

		assert_int_equal(lk_csv_reader_nfields(r), 15);
		if (rows++ == 0) {
			assert_string_equal(section, "section");
			assert_string_equal(lk_csv_reader_field(r, 14, NULL), "reason");
			continue;
		}
		if (strcmp(section, "version") == 0) {
			versions++;
			continue;
		}
		if (strcmp(section, "update") == 0) {
			assert_string_equal(lk_csv_reader_field(r, 2, NULL), "watch");
			assert_string_equal(change, "failed");
			assert_string_equal(lk_csv_reader_field(r, 13, NULL), "cli");
			assert_non_null(strstr(lk_csv_reader_field(r, 14, NULL), "gone.json: cannot open"));
			updates++;
			continue;
		}
		assert_string_equal(section, "entity");
		assert_string_equal(lk_csv_reader_field(r, 2, NULL), "watch");
		entities++;
		if (strcmp(lk_csv_reader_field(r, 4, NULL), "t-4") == 0) {
			/* a formula is defused with an apostrophe, the rest kept */
			assert_string_equal(name, "'=HYPERLINK(\"http://x.example\",\"click\")");
			assert_string_equal(change, "added");
			seen_formula = true;
		}
		if (strcmp(name, "Smith, John") == 0) {
			assert_string_equal(change, "changed");
			assert_string_equal(lk_csv_reader_field(r, 8, NULL), "birthDate");
			seen_changed = seen_comma = true;
		}
		if (strcmp(name, "<script>alert(1)</script> & \"Sons\"") == 0)
			seen_markup = true;
		if (strcmp(name, "Old Entry") == 0 && strcmp(change, "removed") == 0)
			seen_removed = true;
	}
	lk_csv_reader_free(r);
	assert_int_equal(versions, 2);
	assert_int_equal(entities, 4); /* 2 added, 1 removed, 1 changed */
	assert_int_equal(updates, 1);
	assert_true(seen_formula && seen_comma && seen_markup && seen_removed && seen_changed);

	/* the same names in HTML are text, never markup */
	assert_int_equal(lk_test_run_cli(&html, f->env, "report --since 2000-01-01"), 0);
	assert_null(strstr(html, "<script"));
	expect_contains(html, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Sons&quot;");
	expect_contains(html, "Smith, John <span class=\"meta\">Person &middot; t-1 &middot; "
	                      "birthDate</span>");
	expect_contains(html, "<th>List updates refused or failed</th><td class=\"num\">1</td>");
	expect_contains(html, "<td>watch</td><td>failed</td><td>");
	free(html);
}

static void test_report__period_and_usage(void **state)
{
	fixture *f = *state;
	char tomorrow[11];
	char *out = NULL;

	/* no store yet: nothing to report on, and none is created */
	assert_int_equal(lk_test_run_cli(NULL, f->env, "report --since 2000-01-01 2>/dev/null"), 3);
	import(f, "watch", lk_test_fixture("report/watch_v1.ftm.json"));

	day(tomorrow, 1);
	assert_int_equal(lk_test_run_cli(&out, f->env, "report --since %s --format csv", tomorrow), 0);
	assert_string_equal(out, "section,at,source,version,entity_id,entity_name,schema,change,"
	                         "detail,alert_id,customer_ref,score,status,by,reason\r\n");
	free(out);
	assert_int_equal(lk_test_run_cli(&out, f->env, "report --since %sT00:00:00Z", tomorrow), 0);
	expect_contains(out, "No list version was imported in the period.");
	expect_contains(out, "<th>List versions imported</th><td class=\"num\">0</td>");
	free(out);

	assert_int_equal(lk_test_run_cli(&out, f->env, "report 2>&1"), 2);
	expect_contains(out, "--since DATE is required");
	free(out);
	assert_int_equal(lk_test_run_cli(&out, f->env, "report --since 2026-13-01 2>&1"), 2);
	expect_contains(out, "expected YYYY-MM-DD");
	free(out);
	assert_int_equal(lk_test_run_cli(&out, f->env, "report --since 2026-01-01 --format pdf 2>&1"),
	                 2);
	expect_contains(out, "expected html or csv");
	free(out);
	/* an unwritable --out leaves no file behind */
	assert_int_equal(lk_test_run_cli(&out, f->env,
	                                 "report --since 2026-01-01 --out /nonexistent/r.html 2>&1"),
	                 74);
	expect_contains(out, "/nonexistent/r.html.tmp: cannot create");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_report__ofac_update_html_with_screenshot, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_report__csv_reads_back_with_hostile_names, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_report__period_and_usage, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
