/*
 * test_crash.c - monitoring survives kill -9: the CLI is killed at random points of
 * `customers import` and `monitor run` (20 points; LOOKOUT_CRASH_POINTS=200 for the soak,
 * `make soak`), and after each kill a rerun completes, the audit trail verifies, no decision
 * is lost and no alert is duplicated. Halfway the lists move from OFAC 2019 to 2021, so the
 * runs also have list deltas and removed entities to process.
 *
 * Customers: names of OFAC 2019 entities (hits, some removed in 2021) and synthetic names,
 * in two versions of the customer file that differ in some names and in who is in it
 * (imported with --full, so removals are exercised too). Between rounds a decision is taken
 * through the library on an open alert; every decision taken must still be there.
 */
#include <sqlite3.h>

#include "crash_harness.h"
#include "lookout/monitor.h"

static lk_list *parse_set(const char *dir)
{
	char p[3][512];
	const char *paths[3];
	const char *names[3] = {"sdn.csv", "add.csv", "alt.csv"};
	for (int i = 0; i < 3; i++) {
		snprintf(p[i], sizeof p[i], "%s/%s", lk_test_data(dir), names[i]);
		paths[i] = p[i];
	}
	lk_list *l = NULL;
	lk_parse_opts o = LK_PARSE_OPTS_INIT;
	if (lk_list_parse(&l, paths, 3, &o) != 0)
		fail_msg("parse %s: %s", dir, lk_error_last()->message);
	return l;
}

/* Customer file `variant` (0 or 1): 1 changes every 5th name and leaves out every 7th row. */
static void write_customers(const lk_list *l, const char *path, int variant)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "ref,name,schema,dob,country,id,aliases\n");
	size_t n = 0;
	for (size_t i = 0; i < l->count && n < 300; i += 23) {
		const lk_entity *e = l->entities[i];
		if (!e->caption || strchr(e->caption, '"') ||
		    (e->schema != LK_SCHEMA_PERSON && e->schema != LK_SCHEMA_ORGANIZATION))
			continue;
		n++;
		if (variant == 1 && n % 7 == 0)
			continue;
		fprintf(f, "L%04zu,\"%s%s\",%s,,,,\n", n, e->caption,
		        variant == 1 && n % 5 == 0 ? " Jr" : "", lk_schema_name(e->schema));
	}
	for (size_t i = 0; i < 300; i++) {
		if (variant == 1 && i % 7 == 3)
			continue;
		fprintf(f, "S%04zu,Customer Person %zu%s,Person,1970-01-%02zu,France,,Alias %zu\n", i,
		        i, variant == 1 && i % 5 == 1 ? " Changed" : "", 1 + i % 28, i);
	}
	assert_int_equal(fclose(f), 0);
}

typedef struct taken {
	int64_t alert;
	size_t count;   /* decisions taken on it */
} taken;

static int64_t sql_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The invariants after a completed rerun. */
static void check(const ch_config *c, const taken *t, size_t nt, size_t round)
{
	lk_store *s = NULL;
	assert_int_equal(lk_store_open(&s, c->db), 0);
	lk_audit_verify_result v;
	assert_int_equal(lk_audit_verify(s, &v), 0);
	if (!v.ok) {
		ch_dump_log(c);
		fail_msg("round %zu: audit broken at %lld: %s", round, (long long)v.first_bad, v.reason);
	}
	for (size_t i = 0; i < nt; i++) {
		lk_decision *d = NULL;
		size_t n = 0;
		assert_int_equal(lk_alert_decisions(s, t[i].alert, &d, &n), 0);
		if (n != t[i].count)
			fail_msg("round %zu: alert %lld has %zu decisions, %zu were taken", round,
			         (long long)t[i].alert, n, t[i].count);
		lk_decisions_free(d, n);
	}
	lk_store_close(s);
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(c->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM alerts"),
	                 sql_int(db, "SELECT count(*) FROM (SELECT DISTINCT customer_id, entity_id"
	                             " FROM alerts)"));
	/* every alert was created with its audit record */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM alerts"),
	                 sql_int(db, "SELECT count(*) FROM audit WHERE action = 'alert.create'"));
	sqlite3_stmt *qc = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &qc, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(qc), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(qc, 0), "ok");
	sqlite3_finalize(qc);
	sqlite3_close(db);
}

/* Decide on the first open alert not yet decided in this test; record it. */
static void decide_one(const ch_config *c, taken *t, size_t *nt, size_t cap, size_t round)
{
	lk_store *s = NULL;
	assert_int_equal(lk_store_open(&s, c->db), 0);
	lk_alert *a = NULL;
	size_t n = 0;
	assert_int_equal(lk_alerts_list(s, LK_ALERT_OPEN, &a, &n), 0);
	if (n > 0 && *nt < cap) {
		const lk_alert *pick = &a[round % n];
		size_t k = 0;
		while (k < *nt && t[k].alert != pick->id)
			k++;
		if (k == *nt)
			t[(*nt)++] = (taken){pick->id, 0};
		assert_int_equal(lk_alert_decide(s, pick->id,
		                                 round % 2 ? LK_DECISION_FALSE_POSITIVE
		                                           : LK_DECISION_ESCALATE,
		                                 "crash test", "tester", "test", NULL), 0);
		t[k].count++;
	}
	lk_alerts_free(a, n);
	lk_store_close(s);
}

static void test_monitor__survives_kill_9_at_random_points(void **state)
{
	(void)state;
	char *dir = lk_test_tmpdir();
	ch_config c;
	ch_config_from_env(&c, 20, dir);
	unsigned rnd = c.seed;

	lk_list *l19 = parse_set("lists/ofac/sdn-2019-01"), *l21 = NULL;
	char file[2][600];
	for (int v = 0; v < 2; v++) {
		snprintf(file[v], sizeof file[v], "%s/customers%d.csv", dir, v);
		write_customers(l19, file[v], v);
	}
	lk_store *s = NULL;
	assert_int_equal(lk_store_open(&s, c.db), 0);
	lk_import_result ir;
	assert_int_equal(lk_store_import(s, l19, &ir), 0);
	lk_store_close(s);

	char *import_args[2][6] = {
		{"customers", "import", file[0], "--full", "--quiet", NULL},
		{"customers", "import", file[1], "--full", "--quiet", NULL},
	};
	char *run_args[] = {"monitor", "run", "--quiet", "--threads", "2", NULL};

	/* how long each takes (this also gives the first alerts to decide on) */
	int rc;
	double t_import = ch_calibrate(&c, import_args[0], &rc);
	assert_int_equal(rc, 0);
	double t_run = ch_calibrate(&c, run_args, &rc);
	assert_int_equal(rc, 0);
	print_message("calibration: import %.2f s, run %.2f s\n", t_import, t_run);

	/* The kill delays are spread over how long a command of that kind last took when it
	 * ran to its end: after the first full screening, `monitor run` only re-screens what
	 * changed and ends much sooner than its calibration said. */
	double last[2] = {t_run, t_import};
	taken t[256];
	size_t nt = 0, kills = 0;
	decide_one(&c, t, &nt, 256, 0);
	for (int round = 1; round <= c.points; round++) {
		if (round == c.points / 2 + 1) {
			l21 = parse_set("lists/ofac/sdn-2021-07");
			assert_int_equal(lk_store_open(&s, c.db), 0);
			assert_int_equal(lk_store_import(s, l21, &ir), 0);
			lk_store_close(s);
		}
		bool import = round % 2 == 1;
		char **args = import ? import_args[(round / 2) % 2] : run_args;
		double took = 0;
		if (ch_kill_run(&c, args, ch_delay(&rnd, last[import] * 1.2), &rc, &took))
			kills++;
		else if (rc != 0)
			fail_msg("round %d: %s exited %d without being killed", round, args[0], rc);
		else
			last[import] = took;
		/* the rerun completes */
		rc = ch_run(&c, args);
		if (rc != 0) {
			ch_dump_log(&c);
			fail_msg("round %d: rerun of %s %s exited %d", round, args[0], args[1], rc);
		}
		check(&c, t, nt, (size_t)round);
		decide_one(&c, t, &nt, 256, (size_t)round);
	}
	/* after all that, one more run has nothing new to raise */
	assert_int_equal(ch_run(&c, run_args), 0);
	assert_int_equal(lk_store_open(&s, c.db), 0);
	lk_monitor_result r;
	lk_monitor_opts mo = {.threshold = -1, .threads = 2};
	assert_int_equal(lk_monitor_run(s, &mo, &r), 0);
	assert_int_equal(r.alerts_new, 0);
	assert_int_equal(r.screened, 0);
	lk_store_close(s);
	check(&c, t, nt, (size_t)c.points + 1);
	print_message("%zu of %d commands killed before they ended; %zu alerts decided\n", kills,
	              c.points, nt);
	assert_true(kills >= (size_t)c.points / 4);
	lk_list_free(l19);
	lk_list_free(l21);
	lk_test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_monitor__survives_kill_9_at_random_points),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
