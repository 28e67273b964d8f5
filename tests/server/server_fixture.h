/*
 * server_fixture.h - a store for the server tests: the real OFAC SDN list (2024-05-03) and
 * two versions of the UN list (a 2016 sample, then 2026), imported through the CLI into a
 * fresh temporary directory; and API keys of each role.
 */
#ifndef LK_TEST_SERVER_FIXTURE_H
#define LK_TEST_SERVER_FIXTURE_H

#include <jansson.h>
#include "lk_test.h"

typedef struct sf_store {
	char *dir;
	char db[4200];
	char key_read[128], key_write[128], key_admin[128];
} sf_store;

static inline void sf_import(sf_store *f, const char *source, const char *rel)
{
	int rc = lk_test_run_cli(NULL, NULL, "--db '%s' lists import --quiet --source %s '%s' >/dev/null 2>&1",
	                         f->db, source, lk_test_data(rel));

	if (rc != 0)
		fail_msg("importing %s failed (exit %d)", rel, rc);
}

static inline void sf_key(sf_store *f, const char *role, char out[128])
{
	char *text = NULL;
	int rc = lk_test_run_cli(&text, NULL, "--db '%s' keys create --role %s --name t --json",
	                         f->db, role);
	json_t *v = json_loads(text, 0, NULL);

	assert_int_equal(rc, 0);
	assert_non_null(v);
	assert_true(json_is_string(json_object_get(v, "key")));
	snprintf(out, 128, "%s", json_string_value(json_object_get(v, "key")));
	json_decref(v);
	free(text);
}

static inline void sf_open(sf_store *f, bool with_un)
{
	memset(f, 0, sizeof *f);
	f->dir = lk_test_tmpdir();
	snprintf(f->db, sizeof f->db, "%s/lookout.db", f->dir);
	sf_import(f, "ofac_sdn", "lists/ofac/sdn-2024-05-03");
	if (with_un) {
		sf_import(f, "un_sc", "lists/un/un_consolidated_20160211_sample.xml");
		sf_import(f, "un_sc", "lists/un/un_consolidated_20260227.xml");
	}
	sf_key(f, "read", f->key_read);
	sf_key(f, "write", f->key_write);
	sf_key(f, "admin", f->key_admin);
}

static inline void sf_close(sf_store *f)
{
	lk_test_rmtree(f->dir);
	free(f->dir);
	f->dir = NULL;
}

#endif
