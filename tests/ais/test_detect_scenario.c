/*
 * test_detect_scenario.c - acceptance of the AIS detectors on simulated traffic: for several
 * seeds, the scenarios of tests/fixtures/ais/scenario_dprk.json (a ship-to-ship rendezvous, a
 * dark period in the DPRK EEZ, an identity swap, a designated vessel under a new name, a bad
 * IMO, one IMO on two MMSIs, a spoofed jump, a loitering, among background traffic) and
 * scenario_detect.json (a flag swap through a new MMSI, repeated and long meetings, a dark
 * period, a loitering, a zone entry) are simulated, fed to the detectors, and the events found are compared with the simulator's
 * ground truth: every true event is found (recall 1.0) and nothing else is (no false
 * events). A detected event matches a true one when the type, the MMSI (and the other MMSI of
 * an encounter, the field of an identity change, the zone of an entry) agree and the time
 * ranges overlap. One seed goes through NMEA text and the decoder as well: the whole pipeline.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lk_test.h"
#include "lookout/ais_sim.h"
#include "lookout/lists.h"
#include "detect_support.h"

static lk_list *ofac;
static lk_index *ix;
static lk_ais_zone *zone;
static lk_ais_scenario *sc, *sc2;
static events ev;

static int setup(void **state)
{
	(void)state;
	const char *p = lk_test_data("lists/ofac/sdn-2024-05-03/sdn.csv");
	if (lk_list_parse(&ofac, &p, 1, NULL) ||
	    lk_index_build_from_lists(&ix, (const lk_list *const *)&ofac, 1) ||
	    lk_ais_zone_load(&zone, lk_test_data("geo/eez_prk.geojson"), "PRK_EEZ") ||
	    lk_ais_scenario_load(&sc, lk_test_fixture("ais/scenario_dprk.json")) ||
	    lk_ais_scenario_load(&sc2, lk_test_fixture("ais/scenario_detect.json")))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	lk_ais_scenario_free(sc);
	lk_ais_scenario_free(sc2);
	lk_ais_zone_free(zone);
	lk_index_unref(ix);
	lk_list_free(ofac);
	return 0;
}

static lk_ais_detect *new_detect(void)
{
	lk_ais_detect_options o = {.params = LK_AIS_DETECT_PARAMS_INIT};
	o.zone = zone;
	o.index = ix;
	o.on_event = collect;
	o.ud = &ev;
	ev.n = 0;
	lk_ais_detect *d = NULL;
	assert_int_equal(lk_ais_detect_new(&d, &o), 0);
	return d;
}

static int64_t parse_utc(const char *s)
{
	struct tm tm = {0};
	assert_non_null(s);
	assert_int_equal(sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	                        &tm.tm_hour, &tm.tm_min, &tm.tm_sec), 6);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int64_t)timegm(&tm);
}

typedef struct truth {
	lk_ais_event_type type;
	uint32_t mmsi, other;
	int64_t start, end;
	char field[16], zone[16];
	bool found;
} truth;

static lk_ais_event_type type_of(const char *name)
{
	for (int t = 0; t < LK_AIS_EV__COUNT; t++)
		if (strcmp(lk_ais_event_type_name((lk_ais_event_type)t), name) == 0)
			return (lk_ais_event_type)t;
	fail_msg("unknown truth type %s", name);
	return LK_AIS_EV__COUNT;
}

static size_t read_truth(const char *text, truth *out, size_t max)
{
	size_t n = 0;
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		json_error_t err;
		json_t *j = json_loadb(p, len, 0, &err);
		assert_non_null(j);
		assert_true(n < max);
		truth *t = &out[n++];
		memset(t, 0, sizeof(*t));
		t->type = type_of(json_string_value(json_object_get(j, "type")));
		t->mmsi = (uint32_t)json_integer_value(json_object_get(j, "mmsi"));
		t->other = (uint32_t)json_integer_value(json_object_get(j, "other_mmsi"));
		t->start = parse_utc(json_string_value(json_object_get(j, "start")));
		t->end = parse_utc(json_string_value(json_object_get(j, "end")));
		const char *f = json_string_value(json_object_get(j, "field"));
		const char *z = json_string_value(json_object_get(j, "zone"));
		snprintf(t->field, sizeof(t->field), "%s", f ? f : "");
		snprintf(t->zone, sizeof(t->zone), "%s", z ? z : "");
		json_decref(j);
		p += len;
		if (*p == '\n')
			p++;
	}
	return n;
}

static bool matches(const lk_ais_event *e, const truth *t)
{
	if (e->type != t->type || e->mmsi != t->mmsi)
		return false;
	if (e->type == LK_AIS_EV_ENCOUNTER && e->other_mmsi != t->other)
		return false;
	if (e->type == LK_AIS_EV_IDENTITY_CHANGE && strcmp(e->field, t->field) != 0)
		return false;
	if (e->type == LK_AIS_EV_ZONE_ENTRY && strcmp(e->zone, t->zone) != 0)
		return false;
	return e->start <= t->end && t->start <= e->end;
}

static void print_event(const char *what, const lk_ais_event *e)
{
	lk_buf b;
	lk_buf_init(&b, 1 << 16);
	lk_ais_event_to_json(e, &b);
	print_message("%s %s\n", what, lk_buf_cstr(&b));
	lk_buf_dispose(&b);
}

/* Compare the detected events (ev) with the simulator's truth. */
static void compare(lk_ais_sim *s, uint64_t seed, bool all_types)
{
	char *text = NULL;
	assert_int_equal(lk_ais_sim_truth(s, &text, NULL), 0);
	static truth tr[512];
	size_t nt = read_truth(text, tr, 512);
	free(text);
	size_t false_events = 0, missed = 0;
	for (size_t i = 0; i < ev.n; i++) {
		bool any = false;
		for (size_t k = 0; k < nt; k++)
			if (matches(&ev.e[i], &tr[k])) {
				tr[k].found = true;
				any = true;
			}
		if (!any) {
			false_events++;
			print_event("false event:", &ev.e[i]);
		}
	}
	for (size_t k = 0; k < nt; k++)
		if (!tr[k].found) {
			missed++;
			print_message("missed: %s mmsi %u other %u %s [%lld, %lld]\n",
			              lk_ais_event_type_name(tr[k].type), tr[k].mmsi, tr[k].other,
			              tr[k].field, (long long)tr[k].start, (long long)tr[k].end);
		}
	size_t per_type[LK_AIS_EV__COUNT] = {0};
	for (size_t k = 0; k < nt; k++)
		per_type[tr[k].type]++;
	print_message("seed %llu: %zu true events, %zu detected, %zu missed, %zu false "
	              "(designated %zu, encounter %zu, loitering %zu, dark %zu, identity %zu, "
	              "bad_imo %zu, shared_imo %zu, spoofing %zu, zone %zu)\n",
	              (unsigned long long)seed, nt, ev.n, missed, false_events,
	              per_type[0], per_type[1], per_type[2], per_type[3], per_type[4], per_type[5],
	              per_type[6], per_type[7], per_type[8]);
	/* every type of the scenario is there to be found */
	for (int t = 0; all_types && t < LK_AIS_EV__COUNT; t++)
		assert_true(per_type[t] >= 1);
	assert_true(nt >= 8);
	assert_int_equal(missed, 0);
	assert_int_equal(false_events, 0);
	assert_int_equal(ev.n, nt);  /* one found for one true: nothing merged or split */
}

static void run_seeds(const lk_ais_scenario *scen, const uint64_t *seeds, size_t n,
                      bool all_types)
{
	for (size_t i = 0; i < n; i++) {
		lk_ais_sim_options so = LK_AIS_SIM_OPTIONS_INIT;
		so.seed = seeds[i];
		lk_ais_sim *s = NULL;
		assert_int_equal(lk_ais_sim_new(&s, scen, &so), 0);
		lk_ais_detect *d = new_detect();
		lk_ais_msg m;
		while (lk_ais_sim_next(s, &m) == 1)
			assert_int_equal(lk_ais_detect_add(d, &m, m.tag_time), 0);
		assert_int_equal(lk_ais_detect_finish(d), 0);
		assert_int_equal(lk_ais_detect_stats_get(d)->untimed, 0);
		compare(s, seeds[i], all_types);
		lk_ais_detect_free(d);
		lk_ais_sim_free(s);
	}
}

/* The simulator's DPRK scenario: every event type, 150 background vessels, three seeds. */
static void test_detect_scenario__every_scripted_event_and_nothing_else(void **state)
{
	(void)state;
	static const uint64_t seeds[] = {1, 7, 42};
	run_seeds(sc, seeds, 3, true);
}

/* A flag swap through a new MMSI, one pair meeting twice and another once (with the
 * loitering its 5 h drift implies), a 16 h dark period, a loitering, a zone entry, 300
 * background vessels, three seeds. */
static void test_detect_scenario__swaps_meetings_and_entries(void **state)
{
	(void)state;
	static const uint64_t seeds[] = {3, 11, 2027};
	run_seeds(sc2, seeds, 3, false);
}

static void test_detect_scenario__through_nmea_and_the_decoder(void **state)
{
	(void)state;
	lk_ais_sim_options so = LK_AIS_SIM_OPTIONS_INIT;
	so.seed = 99;
	so.background = 300;
	lk_ais_sim *s = NULL;
	assert_int_equal(lk_ais_sim_new(&s, sc, &so), 0);
	lk_ais_decoder *dec = NULL;
	assert_int_equal(lk_ais_decoder_new(&dec, NULL), 0);
	lk_ais_detect *d = new_detect();
	char buf[1024];
	lk_ais_msg m;
	int n;
	while ((n = lk_ais_sim_next_nmea(s, buf, sizeof(buf), NULL)) > 0) {
		for (char *p = buf; *p;) {
			char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p);
			if (lk_ais_decoder_line(dec, &m, p, len) == 1)
				assert_int_equal(lk_ais_detect_add(d, &m, m.tag_time), 0);
			p += len + (nl ? 1 : 0);
		}
	}
	assert_int_equal(n, 0);
	lk_ais_decoder_finish(dec);
	const lk_ais_stats *st = lk_ais_decoder_stats(dec);
	for (int k = 0; k < LK_AIS_ERR_COUNT; k++)
		assert_int_equal(st->errors[k], 0);
	assert_int_equal(lk_ais_detect_finish(d), 0);
	compare(s, 99, true);
	lk_ais_detect_free(d);
	lk_ais_decoder_free(dec);
	lk_ais_sim_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect_scenario__every_scripted_event_and_nothing_else),
		cmocka_unit_test(test_detect_scenario__swaps_meetings_and_entries),
		cmocka_unit_test(test_detect_scenario__through_nmea_and_the_decoder),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
