/*
 * test_topics.c - which versions are sanctions lists: the topics an import counts
 * (versions.topics), lk_version_info.sanctions for official formats and FollowTheMoney
 * files with and without a sanction topic, the migration that counts the topics of versions
 * stored before the column existed, and the dataset names a source may not take.
 */
#include "store_fixture.h"

/* An FtM list of source `source`: a person with `topic` (none if NULL), twice over, and a
 * company with the topics "sanction.linked" and "debarment". */
static lk_list *ftm_list(const char *source, const char *topic)
{
	char seed[128];
	snprintf(seed, sizeof seed, "%s %s", source, topic ? topic : "-");
	lk_list *l = tl_new(source, seed);
	if (topic)
		tl_add(l, LK_SCHEMA_PERSON, "1", LK_PROP_NAME, "Ivan PETROV", LK_PROP_TOPICS, topic,
		       LK_PROP_TOPICS, topic, -1);
	else
		tl_add(l, LK_SCHEMA_PERSON, "1", LK_PROP_NAME, "Ivan PETROV", -1);
	tl_add(l, LK_SCHEMA_COMPANY, "2", LK_PROP_NAME, "Acme LLC", LK_PROP_TOPICS, "debarment",
	       -1);
	return l;
}

static const lk_version_info *find(const lk_version_info *v, size_t n, const char *source)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].source, source) == 0)
			return &v[i];
	fail_msg("no active version of %s", source);
	return NULL;
}

/* Import the four lists of the tests below. */
static void import_four(lk_store *s)
{
	lk_list *l[4] = {ftm_list("sanctioned", "sanction"), ftm_list("linked", "sanction.linked"),
	                 ftm_list("donations", NULL), tl_new("official", "official")};
	l[3]->format = LK_FORMAT_OFAC_CSV; /* no topics at all: an official list */
	tl_add(l[3], LK_SCHEMA_PERSON, "9", LK_PROP_NAME, "Olga IVANOVA", -1);
	for (int i = 0; i < 4; i++) {
		ts_import(s, l[i]);
		tl_free(l[i]);
	}
}

static void check_four(lk_store *s)
{
	lk_version_info *v = NULL;
	size_t n = 0;
	assert_int_equal(lk_store_active_versions(s, &v, &n), 0);
	assert_int_equal(n, 4);
	assert_true(find(v, n, "sanctioned")->sanctions);
	assert_true(find(v, n, "linked")->sanctions);
	assert_false(find(v, n, "donations")->sanctions);
	assert_true(find(v, n, "official")->sanctions);
	free(v);
	/* each entity counted once per topic, however often it repeats one */
	char *t = ts_sql_text(s, "SELECT topics FROM versions WHERE source = 'sanctioned'");
	assert_string_equal(t, "{\"debarment\":1,\"sanction\":1}");
	free(t);
	t = ts_sql_text(s, "SELECT topics FROM versions WHERE source = 'donations'");
	assert_string_equal(t, "{\"debarment\":1}");
	free(t);
	t = ts_sql_text(s, "SELECT topics FROM versions WHERE source = 'official'");
	assert_string_equal(t, "{}");
	free(t);
}

static void test_topics__import_counts_topics_and_marks_sanctions_lists(void **state)
{
	(void)state;
	char *dir;
	lk_store *s = ts_open(&dir);
	import_four(s);
	check_four(s);
	/* a version is what decides: the same source without the topic is no longer one */
	lk_list *l = ftm_list("sanctioned", "crime");
	ts_import(s, l);
	tl_free(l);
	lk_version_info *v = NULL;
	size_t n = 0;
	assert_int_equal(lk_store_active_versions(s, &v, &n), 0);
	assert_false(find(v, n, "sanctioned")->sanctions);
	free(v);
	ts_close(s, dir);
}

/* A store of schema version 6 (no topics column) is counted from its stored entities. */
static void test_topics__migration_counts_the_topics_of_older_versions(void **state)
{
	(void)state;
	char *dir;
	lk_store *s = ts_open(&dir);
	import_four(s);
	char path[4200];
	snprintf(path, sizeof path, "%s", lk_store_path(s));
	lk_store_close(s);
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	                              "ALTER TABLE versions DROP COLUMN topics;"
	                              "PRAGMA user_version = 6;",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(lk_store_open(&s, path), 0);
	assert_int_equal(ts_sql_int(s, "PRAGMA user_version"), 7);
	check_four(s);
	ts_close(s, dir);
}

static void test_topics__dataset_names_are_not_source_names(void **state)
{
	(void)state;
	char *dir;
	lk_store *s = ts_open(&dir);
	const char *names[] = {"default", "sanctions"};
	for (int i = 0; i < 2; i++) {
		lk_list *l = ftm_list(names[i], "sanction");
		assert_int_equal(lk_store_import(s, l, NULL), LK_EINVALID);
		assert_non_null(strstr(lk_error_last()->message, "not a source name"));
		tl_free(l);
	}
	assert_int_equal(ts_sql_int(s, "SELECT count(*) FROM sources"), 0);
	ts_close(s, dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_topics__import_counts_topics_and_marks_sanctions_lists),
		cmocka_unit_test(test_topics__migration_counts_the_topics_of_older_versions),
		cmocka_unit_test(test_topics__dataset_names_are_not_source_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
