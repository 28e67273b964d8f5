/*
 * test_audit.c - the hash-chained audit trail: appending alone and inside a caller's
 * transaction, the import's record, verification after tampering, export.
 */
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "lookout/audit.h"
#include "store_fixture.h"
#include "store/store_int.h"

typedef struct fx {
	char *dir;
	char path[512];
	lk_store *s;
} fx;

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	f->dir = lk_test_tmpdir();
	snprintf(f->path, sizeof f->path, "%s/audit.db", f->dir);
	if (lk_store_open(&f->s, f->path) != 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	lk_store_close(f->s);
	lk_test_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static int64_t count_rows(lk_store *s, const char *sql)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(s->db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void verify_ok(lk_store *s, int64_t records)
{
	lk_audit_verify_result r;
	assert_int_equal(lk_audit_verify(s, &r), 0);
	if (!r.ok)
		fail_msg("audit chain broken at %lld: %s", (long long)r.first_bad, r.reason);
	assert_int_equal(r.records, records);
	assert_int_equal(r.first_bad, 0);
}

static void test_audit__appends_chain_and_verify(void **state)
{
	fx *f = *state;
	lk_audit_verify_result r;
	assert_int_equal(lk_audit_verify(f->s, &r), 0);
	assert_true(r.ok);
	assert_int_equal(r.records, 0);
	assert_string_equal(r.head, "");

	int64_t id = 0;
	assert_int_equal(lk_audit_append(f->s, "test.one", "alice", "cust-1", "{\"b\":2,\"a\":1}",
	                                 &id), 0);
	assert_int_equal(id, 1);
	assert_int_equal(lk_audit_append(f->s, "test.two", NULL, NULL, NULL, &id), 0);
	assert_int_equal(id, 2);
	assert_int_equal(lk_audit_append(f->s, "test.three", "bob", "x\ny", "{}", &id), 0);
	assert_int_equal(id, 3);
	verify_ok(f->s, 3);

	lk_audit_record *rec = NULL;
	size_t n = 0;
	assert_int_equal(lk_audit_records(f->s, 0, 0, &rec, &n), 0);
	assert_int_equal(n, 3);
	/* the detail is stored canonically (keys sorted) and chained */
	assert_string_equal(rec[0].detail, "{\"a\":1,\"b\":2}");
	assert_string_equal(rec[0].actor, "alice");
	assert_string_equal(rec[1].actor, "");
	assert_string_equal(rec[1].detail, "{}");
	assert_string_equal(rec[0].prev_hash,
	                    "0000000000000000000000000000000000000000000000000000000000000000");
	assert_string_equal(rec[1].prev_hash, rec[0].hash);
	assert_string_equal(rec[2].prev_hash, rec[1].hash);
	assert_string_not_equal(rec[0].hash, rec[1].hash);
	lk_audit_records_free(rec, n);

	assert_int_equal(lk_audit_records(f->s, 2, 0, &rec, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(rec[0].seq, 3);
	lk_audit_records_free(rec, n);
}

static void test_audit__bad_records_are_refused_and_write_nothing(void **state)
{
	fx *f = *state;
	assert_int_equal(lk_audit_append(f->s, "", NULL, NULL, NULL, NULL), LK_EINVALID);
	assert_int_equal(lk_audit_append(f->s, "x", NULL, NULL, "[1,2]", NULL), LK_EINVALID);
	assert_non_null(strstr(lk_error_last()->message, "object"));
	assert_int_equal(lk_audit_append(f->s, "x", NULL, NULL, "{\"a\":", NULL), LK_EINVALID);
	assert_int_equal(lk_audit_append(f->s, "x", NULL, NULL, "{\"a\":1,\"a\":2}", NULL),
	                 LK_EINVALID);
	char big[LK_AUDIT_MAX_FIELD + 10];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(lk_audit_append(f->s, "x", big, NULL, NULL, NULL), LK_ETOOBIG);
	assert_int_equal(count_rows(f->s, "SELECT count(*) FROM audit"), 0);
}

static void test_audit__joins_the_callers_transaction(void **state)
{
	fx *f = *state;
	assert_false(lk_store_in_transaction(f->s));
	assert_int_equal(lk_store_begin(f->s), 0);
	assert_true(lk_store_in_transaction(f->s));
	assert_int_equal(lk_store_begin(f->s), LK_EUSAGE);
	assert_int_equal(lk_audit_append(f->s, "a", NULL, NULL, NULL, NULL), 0);
	lk_store_rollback(f->s);
	assert_false(lk_store_in_transaction(f->s));
	assert_int_equal(count_rows(f->s, "SELECT count(*) FROM audit"), 0);

	assert_int_equal(lk_store_begin(f->s), 0);
	assert_int_equal(lk_audit_append(f->s, "a", NULL, NULL, NULL, NULL), 0);
	/* a failing append undoes only itself; the caller's transaction goes on */
	assert_int_equal(lk_audit_append(f->s, "b", NULL, NULL, "nope", NULL), LK_EINVALID);
	assert_true(lk_store_in_transaction(f->s));
	assert_int_equal(lk_audit_append(f->s, "c", NULL, NULL, NULL, NULL), 0);
	assert_int_equal(lk_store_commit(f->s), 0);
	assert_int_equal(lk_store_commit(f->s), LK_EUSAGE);
	assert_int_equal(count_rows(f->s, "SELECT count(*) FROM audit"), 2);
	verify_ok(f->s, 2);
}

static lk_list *small_list(const char *seed)
{
	lk_list *l = tl_new("auditsrc", seed);
	tl_add(l, LK_SCHEMA_PERSON, "1", LK_PROP_NAME, "John Smith", -1);
	tl_add(l, LK_SCHEMA_ORGANIZATION, "2", LK_PROP_NAME, seed, -1);
	return l;
}

static void test_audit__imports_are_audited_atomically(void **state)
{
	fx *f = *state;
	lk_list *a = small_list("version a"), *b = small_list("version b");
	lk_import_result r;
	assert_int_equal(lk_store_import(f->s, a, &r), 0);
	assert_int_equal(count_rows(f->s, "SELECT count(*) FROM audit WHERE action = 'list.import'"
	                                  " AND subject = 'auditsrc'"), 1);
	/* identical input: a no-op, no record */
	assert_int_equal(lk_store_import(f->s, a, &r), 0);
	assert_true(r.unchanged);
	assert_int_equal(count_rows(f->s, "SELECT count(*) FROM audit"), 1);
	/* a failed import leaves neither a version nor a record */
	lk_store__fail_after(1);
	assert_int_equal(lk_store_import(f->s, b, &r), LK_ESTORE);
	assert_int_equal(count_rows(f->s, "SELECT count(*) FROM audit"), 1);
	assert_int_equal(count_rows(f->s, "SELECT count(*) FROM versions"), 1);
	/* inside the caller's transaction: rolled back together */
	assert_int_equal(lk_store_begin(f->s), 0);
	assert_int_equal(lk_store_import(f->s, b, &r), 0);
	assert_int_equal(lk_audit_append(f->s, "lists.update", "cli", "auditsrc", NULL, NULL), 0);
	lk_store_rollback(f->s);
	assert_int_equal(count_rows(f->s, "SELECT count(*) FROM audit"), 1);
	assert_int_equal(count_rows(f->s, "SELECT count(*) FROM versions"), 1);
	/* and committed together */
	assert_int_equal(lk_store_begin(f->s), 0);
	assert_int_equal(lk_store_import(f->s, b, &r), 0);
	assert_int_equal(lk_audit_append(f->s, "lists.update", "cli", "auditsrc", NULL, NULL), 0);
	assert_int_equal(lk_store_commit(f->s), 0);
	assert_int_equal(count_rows(f->s, "SELECT count(*) FROM audit"), 3);
	assert_int_equal(count_rows(f->s, "SELECT count(*) FROM versions"), 2);
	verify_ok(f->s, 3);
	lk_audit_record *rec = NULL;
	size_t n = 0;
	assert_int_equal(lk_audit_records(f->s, 1, 1, &rec, &n), 0);
	assert_int_equal(n, 1);
	json_t *d = json_loads(rec[0].detail, 0, NULL);
	assert_non_null(d);
	assert_int_equal(json_integer_value(json_object_get(d, "version_id")), r.version_id);
	assert_int_equal(json_integer_value(json_object_get(d, "entities")), 2);
	assert_string_equal(json_string_value(json_object_get(d, "hash")), b->hash);
	json_decref(d);
	lk_audit_records_free(rec, n);
	tl_free(a);
	tl_free(b);
}

static void exec_ok(lk_store *s, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err ? err : "?");
}

static void test_audit__tampering_is_found_and_named(void **state)
{
	fx *f = *state;
	for (int i = 0; i < 6; i++) {
		char subj[16];
		snprintf(subj, sizeof subj, "c%d", i);
		assert_int_equal(lk_audit_append(f->s, "test", "cli", subj, "{\"n\":1}", NULL), 0);
	}
	verify_ok(f->s, 6);
	/* the triggers refuse edits and deletes */
	assert_int_not_equal(sqlite3_exec(f->s->db, "UPDATE audit SET subject = 'x' WHERE seq = 2",
	                                   NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(f->s->db, "DELETE FROM audit WHERE seq = 2", NULL, NULL,
	                                  NULL), SQLITE_OK);
	verify_ok(f->s, 6);

	/* a tamperer who drops them: edit record 4's detail */
	exec_ok(f->s, "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;"
	              " UPDATE audit SET detail = '{\"n\":2}' WHERE seq = 4");
	lk_audit_verify_result r;
	assert_int_equal(lk_audit_verify(f->s, &r), 0);
	assert_false(r.ok);
	assert_int_equal(r.first_bad, 4);
	assert_non_null(strstr(r.reason, "altered"));

	/* restoring it makes the chain whole again; rewriting its hash too breaks record 5 */
	exec_ok(f->s, "UPDATE audit SET detail = '{\"n\":1}' WHERE seq = 4");
	verify_ok(f->s, 6);
	exec_ok(f->s, "UPDATE audit SET hash = '" "ab" "' WHERE seq = 4");
	assert_int_equal(lk_audit_verify(f->s, &r), 0);
	assert_false(r.ok);
	assert_int_equal(r.first_bad, 4);

	/* a deleted record */
	lk_store_close(f->s);
	assert_int_equal(lk_store_open(&f->s, f->path), 0);
	exec_ok(f->s, "DELETE FROM audit WHERE seq = 4");
	assert_int_equal(lk_audit_verify(f->s, &r), 0);
	assert_false(r.ok);
	assert_int_equal(r.first_bad, 5);
	assert_non_null(strstr(r.reason, "missing"));
}

static void test_audit__export_since(void **state)
{
	fx *f = *state;
	assert_int_equal(lk_audit_append(f->s, "a", "cli", "s1", "{\"k\":\"v\"}", NULL), 0);
	assert_int_equal(lk_audit_append(f->s, "b", "cli", "s2", NULL, NULL), 0);
	char path[600];
	snprintf(path, sizeof path, "%s/export.jsonl", f->dir);
	FILE *o = fopen(path, "w");
	assert_non_null(o);
	assert_int_equal(lk_audit_export(f->s, "2000-01-01", o), 0);
	assert_int_equal(lk_audit_export(f->s, "2999-01-01T00:00:00Z", o), 0);
	assert_int_equal(lk_audit_export(f->s, "yesterday", o), LK_EINVALID);
	assert_int_equal(lk_audit_export(f->s, "2020-13", o), LK_EINVALID);
	fclose(o);
	char *text = lk_test_read_file(path, NULL);
	/* two lines from the first export, none from the second */
	char *nl = strchr(text, '\n');
	assert_non_null(nl);
	*nl = '\0';
	json_t *j = json_loads(text, 0, NULL);
	assert_non_null(j);
	assert_int_equal(json_integer_value(json_object_get(j, "seq")), 1);
	assert_string_equal(json_string_value(json_object_get(j, "action")), "a");
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "detail"), "k")),
	                    "v");
	assert_int_equal(strlen(json_string_value(json_object_get(j, "hash"))), 64);
	json_decref(j);
	char *second = nl + 1;
	nl = strchr(second, '\n');
	assert_non_null(nl);
	assert_string_equal(nl + 1, "");
	j = json_loads(second, JSON_DISABLE_EOF_CHECK, NULL);
	assert_int_equal(json_integer_value(json_object_get(j, "seq")), 2);
	json_decref(j);
	free(text);
}

static void test_audit__two_processes_chain_without_forking_it(void **state)
{
	fx *f = *state;
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		lk_store *c = NULL;
		if (lk_store_open(&c, f->path) != 0)
			_exit(2);
		for (int i = 0; i < 50; i++)
			if (lk_audit_append(c, "child", NULL, NULL, NULL, NULL) != 0)
				_exit(3);
		lk_store_close(c);
		_exit(0);
	}
	for (int i = 0; i < 50; i++)
		assert_int_equal(lk_audit_append(f->s, "parent", NULL, NULL, NULL, NULL), 0);
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	verify_ok(f->s, 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_audit__appends_chain_and_verify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit__bad_records_are_refused_and_write_nothing,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit__joins_the_callers_transaction, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_audit__imports_are_audited_atomically, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_audit__tampering_is_found_and_named, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_audit__export_since, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit__two_processes_chain_without_forking_it,
		                                setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
