/*
 * test_config.c - the built-in sources and the sources file: settings, sections, replaced
 * files, locations, and the errors with their line numbers.
 */
#include <stdlib.h>
#include <string.h>

#include "lk_test.h"

static lk_fetch_config *fresh(void)
{
	lk_fetch_config *cfg = NULL;

	assert_int_equal(lk_fetch_config_new(&cfg), 0);
	return cfg;
}

static int parse(lk_fetch_config *cfg, const char *text)
{
	return lk_fetch_config_parse(cfg, "sources.conf", text, strlen(text));
}

static void test_config__builtin_sources_are_the_official_ones(void **state)
{
	lk_fetch_config *cfg = fresh();
	const char *names[] = {"un_sc", "ofac_sdn", "ofac_cons", "eu_fsf", "uk_hmt"};

	assert_int_equal(cfg->nsources, 5);
	for (size_t i = 0; i < 5; i++) {
		lk_fetch_source *s = lk_fetch_config_find(cfg, names[i]);
		assert_non_null(s);
		assert_true(s->enabled);
		for (size_t k = 0; k < s->nfiles; k++)
			assert_true(strncmp(s->files[k].location, "https://", 8) == 0);
	}
	lk_fetch_source *ofac = lk_fetch_config_find(cfg, "ofac_sdn");
	assert_int_equal(ofac->nfiles, 4);
	assert_string_equal(ofac->files[0].name, "sdn.csv");
	assert_false(ofac->files[0].optional);
	assert_string_equal(ofac->files[3].name, "sdn_comments.csv");
	assert_true(ofac->files[3].optional);
	assert_true(cfg->max_drop > 0.099 && cfg->max_drop < 0.101);
	lk_fetch_config_free(cfg);
}

static void test_config__file_sets_limits_sources_and_locations(void **state)
{
	lk_fetch_config *cfg = fresh();
	const char *text =
		"# limits\n"
		"max-size = 2M\n"
		"timeout=90   # seconds\n"
		"connect-timeout = 5\n"
		"max-drop = 25%\n"
		"location = http://mirror.example/lists\n"
		"\n"
		"[source eu_fsf]\n"
		"enabled = no\n"
		"[source ofac_sdn]\r\n"
		"file = sdn.csv https://a.example/SDN.CSV\n"
		"file = alt.csv? https://a.example/ALT.CSV\n"
		"[source my_list]\n"
		"file = list.xml /srv/lists/list.xml\n";

	assert_int_equal(parse(cfg, text), 0);
	assert_int_equal(cfg->max_bytes, 2u << 20);
	assert_int_equal(cfg->timeout_s, 90);
	assert_int_equal(cfg->connect_timeout_s, 5);
	assert_true(cfg->max_drop > 0.249 && cfg->max_drop < 0.251);
	assert_false(lk_fetch_config_find(cfg, "eu_fsf")->enabled);
	assert_string_equal(lk_fetch_config_find(cfg, "un_sc")->files[0].location,
	                    "http://mirror.example/lists/consolidated.xml");
	lk_fetch_source *ofac = lk_fetch_config_find(cfg, "ofac_sdn");
	assert_int_equal(ofac->nfiles, 2); /* the section's files replace the built-in ones */
	assert_string_equal(ofac->files[1].name, "alt.csv");
	assert_true(ofac->files[1].optional);
	assert_string_equal(ofac->files[1].location, "https://a.example/ALT.CSV");
	assert_int_equal(cfg->nsources, 6);
	assert_string_equal(lk_fetch_config_find(cfg, "my_list")->files[0].location,
	                    "/srv/lists/list.xml");

	assert_int_equal(lk_fetch_config_set_location(cfg, "my_list", "/mnt/usb/"), 0);
	assert_string_equal(lk_fetch_config_find(cfg, "my_list")->files[0].location,
	                    "/mnt/usb/list.xml");
	assert_int_equal(lk_fetch_config_set(cfg, "max-drop", "0.5"), 0);
	assert_true(cfg->max_drop > 0.499 && cfg->max_drop < 0.501);
	lk_fetch_config_free(cfg);
}

static void expect_error(const char *text, const char *msg)
{
	lk_fetch_config *cfg = fresh();

	assert_int_equal(parse(cfg, text), LK_EINVALID);
	if (!strstr(lk_error_last()->message, msg))
		fail_msg("expected \"%s\" in \"%s\"", msg, lk_error_last()->message);
	lk_fetch_config_free(cfg);
}

static void test_config__errors_name_the_line(void **state)
{
	expect_error("timeout = 10\nmax-size = lots\n",
	             "sources.conf: line 2: max-size: expected a size such as 256M, got 'lots'");
	expect_error("max-drop = 120%\n", "line 1: max-drop: expected a share");
	expect_error("\n\nfile = a.csv http://x/a.csv\n", "line 3: 'file' outside a [source NAME]");
	expect_error("[source ../etc]\n", "line 1: invalid source name '../etc'");
	expect_error("[source x]\nfile = ../passwd http://x/\n", "line 2: invalid file name");
	expect_error("[source x]\nfile = a.csv ftp://x/a.csv\n", "unsupported URL scheme in 'ftp'");
	expect_error("[source x]\nenabled = no\n", "source 'x' has no 'file' line");
	expect_error("colour = blue\n", "line 1: unknown setting 'colour'");
	expect_error("just words\n", "line 1: expected 'key = value'");
	expect_error("[source x]\nfile = a.csv\n", "line 2: file 'a.csv' has no location");
	expect_error("[source x]\nfile = a http://x/a\nfile = a http://x/b\n", "given twice");
	expect_error("[sourcex]\n", "expected a section '[source NAME]'");
	{
		char big[40 * 40];
		size_t n = 0;
		for (int i = 0; i < 40; i++)
			n += (size_t)snprintf(big + n, sizeof big - n, "[source s%d]\nfile = a /a\n", i);
		expect_error(big, "more than 32 sources");
	}
	{
		char text[] = "timeout = 1\0\n";
		lk_fetch_config *cfg = fresh();
		assert_int_equal(lk_fetch_config_parse(cfg, "nul", text, sizeof text - 1), LK_EINVALID);
		lk_fetch_config_free(cfg);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config__builtin_sources_are_the_official_ones),
		cmocka_unit_test(test_config__file_sets_limits_sources_and_locations),
		cmocka_unit_test(test_config__errors_name_the_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
