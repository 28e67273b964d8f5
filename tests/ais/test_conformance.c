/*
 * test_conformance.c - Lookout's AIS decoding against gpsd's regression outputs (sample.aivdm
 * scaled and unscaled, and every test/daemon-style .log with its .log.chk) and libais'
 * typeexamples: every field of the listed types must be equal (see ais_conformance.h for
 * what is compared and the documented exceptions).
 */
#include "lk_test.h"
#include "ais_conformance.h"

static void check(const conf_result *r, long min_messages)
{
	print_message("%-28s sentences %5ld, messages %5ld (in scope %5ld), repeats %3ld, "
	              "non-AIS %3ld, fields %6ld, equal %6ld, not compared %5ld\n",
	              r->name, r->sentences, r->messages, r->scope_messages, r->repeats,
	              r->non_ais, r->fields, r->equal, r->not_compared);
	if (r->first_diff[0])
		print_message("  first difference: %s\n", r->first_diff);
	assert_true(r->messages >= min_messages);
	assert_int_equal(r->misaligned, 0);
	assert_true(r->fields > 0);
	assert_int_equal(r->equal, r->fields);
}

static void run_log(const char *name, long min_messages)
{
	char in[256], chk[256];
	conf_result r;
	snprintf(in, sizeof(in), "%s", lk_test_data(name));
	snprintf(chk, sizeof(chk), "%s.chk", in);
	assert_int_equal(conf_run_gpsd(&r, name, in, chk, false, true), 0);
	check(&r, min_messages);
}

static void test_ais_conformance__gpsd_sample_scaled(void **state)
{
	(void)state;
	char in[256];
	conf_result r;
	snprintf(in, sizeof(in), "%s", lk_test_data("ais/gpsd/sample.aivdm"));
	assert_int_equal(conf_run_gpsd(&r, "sample.aivdm.js.chk", in,
	                               lk_test_data("ais/gpsd/sample.aivdm.js.chk"), true, false),
	                 0);
	check(&r, 97);
	assert_int_equal(r.repeats, 0);
}

static void test_ais_conformance__gpsd_sample_unscaled(void **state)
{
	(void)state;
	char in[256];
	conf_result r;
	snprintf(in, sizeof(in), "%s", lk_test_data("ais/gpsd/sample.aivdm"));
	assert_int_equal(conf_run_gpsd(&r, "sample.aivdm.ju.chk", in,
	                               lk_test_data("ais/gpsd/sample.aivdm.ju.chk"), false, false),
	                 0);
	check(&r, 97);
}

/* the minimum counts are the AIS objects of each .chk, repeats excluded */
static void test_ais_conformance__gpsd_logs(void **state)
{
	(void)state;
	run_log("ais/gpsd/ais-18-27.log", 138);
	run_log("ais/gpsd/ais-nmea-type6-fid55.log", 1265);
	run_log("ais/gpsd/ais-nmea.log", 166);
	run_log("ais/gpsd/ais-raw-messages.log", 108);
	run_log("ais/gpsd/ais_unpack_sixbit.log", 12);
	run_log("ais/gpsd/ait250.log", 73);
	run_log("ais/gpsd/saab-r4.log", 14);
}

static void test_ais_conformance__libais_typeexamples(void **state)
{
	(void)state;
	char nmea[256];
	conf_result r;
	snprintf(nmea, sizeof(nmea), "%s", lk_test_data("ais/libais/typeexamples.nmea"));
	assert_int_equal(conf_run_libais(&r, nmea, lk_test_data("ais/libais/typeexamples.json")),
	                 0);
	check(&r, 26);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ais_conformance__gpsd_sample_scaled),
		cmocka_unit_test(test_ais_conformance__gpsd_sample_unscaled),
		cmocka_unit_test(test_ais_conformance__gpsd_logs),
		cmocka_unit_test(test_ais_conformance__libais_typeexamples),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
