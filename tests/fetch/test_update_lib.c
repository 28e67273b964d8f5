/*
 * test_update_lib.c - lk_lists_update() through the library: from a directory, the result
 * struct, the audit record, and the transaction contract (inside a caller's transaction the
 * import and its record roll back with it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "lk_test.h"

static void test_update_lib__directory_source_and_caller_transaction(void **state)
{
	char *dir = lk_test_tmpdir();
	char db[4200];
	lk_fetch_config *cfg = NULL;
	lk_store *s = NULL;
	lk_update_result res;
	lk_update_opts opts = LK_UPDATE_OPTS_INIT;
	lk_version_info *vs = NULL;
	lk_audit_record *recs = NULL;
	size_t n = 0;

	snprintf(db, sizeof db, "%s/lib.db", dir);
	assert_int_equal(lk_fetch_config_new(&cfg), 0);
	assert_int_equal(lk_store_open(&s, db), 0);
	opts.actor = "test";

	/* inside the caller's transaction, rolled back: no version, no record */
	assert_int_equal(lk_fetch_config_set_location(cfg, "un_sc", lk_test_data("lists/un")), 0);
	/* the directory has no consolidated.xml: the UN file is published under that name */
	assert_int_equal(lk_lists_update(s, cfg, "un_sc", &opts, &res), LK_EIO);
	assert_int_equal(res.outcome, LK_UPDATE_FAILED);
	assert_non_null(strstr(res.message, "consolidated.xml: cannot open"));

	assert_int_equal(lk_fetch_config_set_location(cfg, "ofac_sdn",
	                                              lk_test_data("lists/ofac/sdn-2019-01")), 0);
	assert_int_equal(lk_store_begin(s), 0);
	assert_int_equal(lk_lists_update(s, cfg, "ofac_sdn", &opts, &res), 0);
	assert_int_equal(res.outcome, LK_UPDATE_IMPORTED);
	assert_int_equal(res.entities, 7379);
	assert_int_equal(res.nfiles, 3);
	assert_true(lk_store_in_transaction(s));
	lk_store_rollback(s);
	assert_int_equal(lk_store_versions(s, "ofac_sdn", &vs, &n), LK_ENOTFOUND);

	/* on its own: imported and recorded */
	assert_int_equal(lk_lists_update(s, cfg, "ofac_sdn", &opts, &res), 0);
	assert_int_equal(res.outcome, LK_UPDATE_IMPORTED);
	assert_int_equal(res.previous_version_id, 0);
	assert_int_equal(lk_store_versions(s, "ofac_sdn", &vs, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(vs[0].hash, res.hash);
	assert_int_equal(vs[0].id, res.version_id);
	free(vs);
	assert_int_equal(lk_audit_records(s, 0, 0, &recs, &n), 0);
	{
		size_t updates = 0;
		for (size_t i = 0; i < n; i++) {
			if (strcmp(recs[i].action, "list.update") != 0)
				continue;
			json_t *d = json_loads(recs[i].detail, 0, NULL);
			assert_non_null(d);
			assert_string_equal(recs[i].actor, "test");
			const char *outcome = json_string_value(json_object_get(d, "outcome"));
			/* the failed UN attempt, then the OFAC import (the rolled-back one left nothing) */
			assert_string_equal(outcome, updates == 0 ? "failed" : "imported");
			if (updates == 1) {
				json_t *files = json_object_get(d, "files");
				assert_int_equal(json_array_size(files), 4);
				assert_non_null(strstr(json_string_value(json_object_get(
					                       json_array_get(files, 0), "location")),
				                       "sdn-2019-01/sdn.csv"));
				assert_int_equal(json_integer_value(json_object_get(d, "entities")), 7379);
			}
			json_decref(d);
			updates++;
		}
		assert_int_equal(updates, 2);
	}
	lk_audit_records_free(recs, n);

	/* an unknown source is an error and records nothing */
	assert_int_equal(lk_lists_update(s, cfg, "nope", &opts, &res), LK_ENOTFOUND);
	assert_int_equal(res.outcome, LK_UPDATE_FAILED);

	lk_store_close(s);
	lk_fetch_config_free(cfg);
	lk_test_rmtree(dir);
	free(dir);
}

static bool exists(const char *dir, const char *name)
{
	char p[4200];
	struct stat st;

	snprintf(p, sizeof p, "%s/%s", dir, name);
	return stat(p, &st) == 0;
}

static void make_dir_with_file(const char *dir, const char *name, bool subdir)
{
	char p[4200];

	snprintf(p, sizeof p, "%s/%s", dir, name);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof p, "%s/%s/sdn.csv", dir, name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs("partial download\n", f);
	fclose(f);
	if (subdir) {
		snprintf(p, sizeof p, "%s/%s/nested", dir, name);
		assert_int_equal(mkdir(p, 0700), 0);
	}
}

/* An update killed with -9 leaves its temporary directory: the next update removes those of
 * dead processes, keeps those of live ones, and its own is gone when it returns. */
static void test_update_lib__stale_temporary_directories(void **state)
{
	(void)state;
	char *dir = lk_test_tmpdir();
	char db[4200], dead[64], alive[64], odd[64];
	lk_fetch_config *cfg = NULL;
	lk_store *s = NULL;
	lk_update_result res;
	lk_update_opts opts = LK_UPDATE_OPTS_INIT;
	const char *old = getenv("TMPDIR");
	char *saved = old ? strdup(old) : NULL;

	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0)
		_exit(0);
	assert_int_equal(waitpid(child, NULL, 0), child);
	snprintf(dead, sizeof dead, "lookout-update-%ld-Ab12Cd", (long)child);
	snprintf(odd, sizeof odd, "lookout-update-%ld-Zz99Yy", (long)child);
	snprintf(alive, sizeof alive, "lookout-update-%ld-Ef34Gh", (long)getppid());
	make_dir_with_file(dir, dead, false);
	make_dir_with_file(dir, odd, true);
	make_dir_with_file(dir, alive, false);
	make_dir_with_file(dir, "lookout-update-notapid", false);

	setenv("TMPDIR", dir, 1);
	snprintf(db, sizeof db, "%s/lib.db", dir);
	assert_int_equal(lk_fetch_config_new(&cfg), 0);
	assert_int_equal(lk_store_open(&s, db), 0);
	assert_int_equal(lk_fetch_config_set_location(cfg, "un_sc", lk_test_data("lists/un")), 0);
	/* fails (no consolidated.xml there) after it made its own directory */
	assert_int_equal(lk_lists_update(s, cfg, "un_sc", &opts, &res), LK_EIO);
	if (saved)
		setenv("TMPDIR", saved, 1);
	else
		unsetenv("TMPDIR");
	free(saved);

	assert_false(exists(dir, dead));
	assert_true(exists(dir, odd)); /* a subdirectory is not an update's: left alone */
	assert_true(exists(dir, alive));
	assert_true(exists(dir, "lookout-update-notapid"));
	char own[64];
	snprintf(own, sizeof own, "lookout-update-%ld-", (long)getpid());
	DIR *d = opendir(dir);
	struct dirent *de;
	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		assert_null(strstr(de->d_name, own));
	closedir(d);

	lk_store_close(s);
	lk_fetch_config_free(cfg);
	lk_test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_update_lib__directory_source_and_caller_transaction),
		cmocka_unit_test(test_update_lib__stale_temporary_directories),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
