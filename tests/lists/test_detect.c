/*
 * test_detect.c - every real list file is recognised from its content, with the OFAC role.
 */
#include "lk_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static lk_format detect_file(const char *rel, lk_ofac_role *role)
{
	size_t n;
	char *data = lk_test_read_file(lk_test_data(rel), &n);
	lk_format f = lk_format_detect(data, n < 65536 ? n : 65536, role);
	free(data);
	return f;
}

static void test_lists_detect__real_files_by_content(void **state)
{
	(void)state;
	static const struct {
		const char *path;
		lk_format format;
		lk_ofac_role role;
	} cases[] = {
		{"lists/un/un_consolidated_20260227.xml", LK_FORMAT_UN_XML, LK_OFAC_NONE},
		{"lists/un/un_consolidated_20160211_sample.xml", LK_FORMAT_UN_XML, LK_OFAC_NONE},
		{"lists/ofac/sdn-2024-05-03/sdn.csv", LK_FORMAT_OFAC_CSV, LK_OFAC_PRIMARY},
		{"lists/ofac/sdn-2021-07/add.csv", LK_FORMAT_OFAC_CSV, LK_OFAC_ADDRESS},
		{"lists/ofac/sdn-2021-07/alt.csv", LK_FORMAT_OFAC_CSV, LK_OFAC_ALIAS},
		{"lists/ofac/partial-2025-12/sdn_comments.csv", LK_FORMAT_OFAC_CSV, LK_OFAC_COMMENTS},
		{"lists/ofac/cons-2025-12-19/cons_prim.csv", LK_FORMAT_OFAC_CSV, LK_OFAC_PRIMARY},
		{"lists/ofac/cons-2025-12-19/cons_comments.csv", LK_FORMAT_OFAC_CSV, LK_OFAC_COMMENTS},
		{"lists/ofac/xml/consolidated_nonsdn_20230308.xml", LK_FORMAT_OFAC_XML, LK_OFAC_NONE},
		{"lists/eu/eu_legacy_global_20160211_sample.xml", LK_FORMAT_EU_XML_LEGACY, LK_OFAC_NONE},
		{"lists/eu/eu_fsf_csv_v1_20180704_sample_short.csv", LK_FORMAT_EU_CSV, LK_OFAC_NONE},
		{"lists/uk/hmt_ConList_20140402.csv", LK_FORMAT_UK_CSV, LK_OFAC_NONE},
		{"lists/uk/hmt_ofsi_ConList_20180413.csv", LK_FORMAT_UK_CSV, LK_OFAC_NONE},
		{"lists/uk/ofsi_ConList_sample_2020.csv", LK_FORMAT_UK_CSV, LK_OFAC_NONE},
		{"lists/ftm/yente_fixture_zala_entities.ftm.json", LK_FORMAT_FTM_JSON, LK_OFAC_NONE},
		{"lists/ftm/os_sa_wiki_peps_entities.ftm_20240314.json", LK_FORMAT_FTM_JSON,
		 LK_OFAC_NONE},
	};
	for (size_t i = 0; i < LK_ARRAY_SIZE(cases); i++) {
		lk_ofac_role role;
		lk_format f = detect_file(cases[i].path, &role);
		if (f != cases[i].format || role != cases[i].role)
			fail_msg("%s: detected %s role %d, expected %s role %d", cases[i].path,
			         lk_format_name(f), role, lk_format_name(cases[i].format), cases[i].role);
	}
}

static void test_lists_detect__unknown_content_is_not_guessed(void **state)
{
	(void)state;
	static const char *bad[] = {
		"", "   \n", "<html><body>hi</body></html>", "hello,world\n", "12,13,14\n",
		"\xEF\xBB\xBF", "<?xml version=\"1.0\"?><!-- only a comment -->",
	};
	for (size_t i = 0; i < LK_ARRAY_SIZE(bad); i++)
		assert_int_equal(lk_format_detect(bad[i], strlen(bad[i]), NULL), LK_FORMAT_UNKNOWN);
	/* A name in the file does not matter; content does. */
	const char *uk = "Last Updated,13/04/2018\nName 6,Name 1,Group ID\n";
	assert_int_equal(lk_format_detect(uk, strlen(uk), NULL), LK_FORMAT_UK_CSV);
	const char *eu = "<?xml version=\"1.0\"?>\n<export xmlns=\"http://eu.europa.ec/fpi/fsd/export\">";
	assert_int_equal(lk_format_detect(eu, strlen(eu), NULL), LK_FORMAT_EU_XML);
}

static void test_lists_detect__bad_paths_are_reported(void **state)
{
	(void)state;
	lk_list *l = (lk_list *)1;
	const char *missing[] = {"/nonexistent/sdn.csv"};
	assert_int_equal(lk_list_parse(&l, missing, 1, NULL), LK_EIO);
	assert_null(l);
	assert_non_null(strstr(lk_error_last()->message, "/nonexistent/sdn.csv"));

	char *dir = lk_test_tmpdir();
	char path[4200];
	snprintf(path, sizeof path, "%s/empty.xml", dir);
	lk_test_write_file(path, "", 0);
	const char *p1[] = {path};
	assert_int_equal(lk_list_parse(&l, p1, 1, NULL), LK_EINVALID);
	assert_non_null(strstr(lk_error_last()->message, "empty"));

	snprintf(path, sizeof path, "%s/notes.csv", dir);
	lk_test_write_file(path, "a,b,c\n", 6);
	assert_int_equal(lk_list_parse(&l, p1, 1, NULL), LK_EFORMAT);
	assert_non_null(strstr(lk_error_last()->message, "notes.csv"));

	/* Two different formats are two lists, not one version. */
	const char *mixed[] = {lk_test_data("lists/un/un_consolidated_20160211_sample.xml"),
	                       lk_test_data("lists/uk/ofsi_ConList_sample_2020.csv")};
	assert_int_equal(lk_list_parse(&l, mixed, 2, NULL), LK_EFORMAT);
	lk_test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lists_detect__real_files_by_content),
		cmocka_unit_test(test_lists_detect__unknown_content_is_not_guessed),
		cmocka_unit_test(test_lists_detect__bad_paths_are_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
