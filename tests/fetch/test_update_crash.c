/*
 * test_update_crash.c - `lookout lists update` survives SIGKILL at any point.
 *
 * Each round starts from a store whose active OFAC version is the 2019 set, runs an update to
 * the 2021 set through the loopback HTTP server, and kills it after a random delay within the
 * time an uninterrupted update takes (so the kills fall into the download, the parse and the
 * import transaction alike). Then: the store opens, its integrity check passes, the active
 * version is the old one or the new one and is whole (its stored entities are exactly its
 * recorded count, each parses), the audit chain verifies, and a rerun completes, leaves the
 * new version active and `lookout audit verify` passes.
 * Default 10 rounds; LOOKOUT_CRASH_ROUNDS raises it (`make soak`), LOOKOUT_CRASH_SEED
 * replays one.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#include "lk_httpd.h"
#include "lk_kill.h"
#include "lk_test.h"

typedef struct active {
	char hash[LK_SHA256_HEX_LEN];
	size_t entities;
	int64_t id;
} active;

static int count_entity(void *ctx, const char *id, const char *json, size_t len)
{
	size_t *n = ctx;
	json_t *doc = json_loadb(json, len, 0, NULL);
	const char *jid = json_string_value(json_object_get(doc, "id"));

	if (!jid || strcmp(jid, id) != 0)
		fail_msg("entity %s: stored JSON does not parse or names another id", id);
	json_decref(doc);
	(*n)++;
	return 0;
}

/* Open the store, check it, and return the active ofac_sdn version (whole, or fail). */
static active check_store(const char *db)
{
	active a = {{0}, 0, 0};
	lk_version_info *vs = NULL;
	size_t n = 0, stored = 0;
	lk_store *s = NULL;
	sqlite3 *raw = NULL;
	sqlite3_stmt *st = NULL;

	/* the file itself: SQLite's own check, after recovery from the journal */
	assert_int_equal(lk_store_open(&s, db), 0);
	assert_int_equal(sqlite3_open_v2(db, &raw, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(raw, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
	sqlite3_close(raw);

	assert_int_equal(lk_store_active_versions(s, &vs, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(vs[0].source, "ofac_sdn");
	memcpy(a.hash, vs[0].hash, sizeof a.hash);
	a.entities = vs[0].entities;
	a.id = vs[0].id;
	assert_int_equal(lk_store_foreach_entity(s, vs[0].id, count_entity, &stored), 0);
	assert_int_equal(stored, vs[0].entities);

	/* the audit trail: the chain holds, and the active version's import and its accepted
	 * update are both recorded (they commit together) */
	{
		lk_audit_verify_result vr;
		lk_audit_record *recs = NULL;
		size_t nrec = 0, imports = 0, updates = 0;
		char want[64];

		assert_int_equal(lk_audit_verify(s, &vr), 0);
		if (!vr.ok)
			fail_msg("audit verify: record %lld: %s", (long long)vr.first_bad, vr.reason);
		assert_int_equal(lk_audit_records(s, 0, 0, &recs, &nrec), 0);
		snprintf(want, sizeof want, "\"version_id\":%lld", (long long)vs[0].id);
		for (size_t i = 0; i < nrec; i++) {
			if (strcmp(recs[i].action, "list.import") == 0 && strstr(recs[i].detail, want))
				imports++;
			if (strcmp(recs[i].action, "list.update") == 0 && strstr(recs[i].detail, want) &&
			    strstr(recs[i].detail, "\"outcome\":\"imported\""))
				updates++;
		}
		assert_int_equal(imports, 1);
		assert_int_equal(updates, 1);
		lk_audit_records_free(recs, nrec);
	}
	free(vs);
	lk_store_close(s);
	return a;
}

/* Start a round from the base store: a killed run leaves its -wal and -shm beside the
 * database, which SQLite would replay into the fresh copy. */
static void reset_db(const char *base_db, const char *db)
{
	char p[4300];

	snprintf(p, sizeof p, "%s-wal", db);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", db);
	unlink(p);
	lk_test_copy_prefix(base_db, db, (size_t)-1);
}

static void test_update_crash__kill_9_leaves_old_or_new_version(void **state)
{
	char *dir = lk_test_tmpdir();
	lk_httpd *httpd = lk_httpd_start(lk_test_data("lists"));
	char env[4400], base_db[4200], db[4200], from21[512];
	unsigned rounds = lk_kill_rounds(10), killed = 0, full_ms;
	active old_v, new_v;
	int code;

	lk_kill_seed();
	snprintf(base_db, sizeof base_db, "%s/base.db", dir);
	snprintf(db, sizeof db, "%s/round.db", dir);
	snprintf(from21, sizeof from21, "--from ofac_sdn=%s/ofac/sdn-2021-07", lk_httpd_url(httpd));

	/* the starting point: OFAC 2019 active */
	snprintf(env, sizeof env,
	         "LOOKOUT_DB='%s' TMPDIR='%s' LOOKOUT_LISTS_URL= LOOKOUT_LISTS_CONFIG=", base_db, dir);
	lk_kill_time_cli(&code, env, "lists update --quiet --from ofac_sdn=%s/ofac/sdn-2019-01",
	                 lk_httpd_url(httpd));
	assert_int_equal(code, 0);
	old_v = check_store(base_db);
	assert_int_equal(old_v.entities, 7379);

	/* how long an update to 2021 takes when nobody interferes, and what it leaves */
	snprintf(env, sizeof env,
	         "LOOKOUT_DB='%s' TMPDIR='%s' LOOKOUT_LISTS_URL= LOOKOUT_LISTS_CONFIG=", db, dir);
	reset_db(base_db, db);
	full_ms = lk_kill_time_cli(&code, env, "lists update --quiet %s", from21);
	assert_int_equal(code, 0);
	new_v = check_store(db);
	assert_int_equal(new_v.entities, 8976);
	print_message("an uninterrupted update takes %u ms\n", full_ms);

	for (unsigned r = 0; r < rounds; r++) {
		/* every other kill falls into the last 45 % of the run, where the parse ends and
		 * the import transaction writes */
		unsigned ms = r % 2 == 0 ? lk_kill_pick_ms(full_ms + full_ms / 10)
		                         : full_ms * 60 / 100 + lk_kill_pick_ms(full_ms * 45 / 100);
		bool was_killed;
		active now;

		reset_db(base_db, db);
		was_killed = lk_kill_cli_after(ms, &code, env, "lists update --quiet %s", from21);
		if (was_killed)
			killed++;
		else
			assert_int_equal(code, 0);
		now = check_store(db);
		if (strcmp(now.hash, old_v.hash) == 0)
			assert_int_equal(now.entities, old_v.entities);
		else if (strcmp(now.hash, new_v.hash) == 0)
			assert_int_equal(now.entities, new_v.entities);
		else
			fail_msg("round %u: active version %s is neither the old nor the new one", r,
			         now.hash);
		print_message("round %u: %s after %u ms: %s version active\n", r,
		              was_killed ? "killed" : "finished", ms,
		              strcmp(now.hash, old_v.hash) == 0 ? "old" : "new");

		/* a rerun completes and ends on the new version; `lookout audit verify` agrees */
		lk_kill_time_cli(&code, env, "lists update --quiet %s", from21);
		assert_int_equal(code, 0);
		now = check_store(db);
		assert_string_equal(now.hash, new_v.hash);
		lk_kill_time_cli(&code, env, "audit verify");
		assert_int_equal(code, 0);
	}
	print_message("%u of %u runs killed\n", killed, rounds);
	/* a kill range up to 110 % of the full run must land inside most runs */
	assert_true(killed * 2 >= rounds);
	lk_httpd_stop(httpd);
	lk_test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_update_crash__kill_9_leaves_old_or_new_version),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
