/*
 * test_tracks.c - the AIS track store: segmentation by implied speed (25 kn), identities from
 * static reports and their changes, flags from the MID, the memory caps, and a run over gpsd's
 * real sample.aivdm checked against counts computed here from the decoder's output.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_test.h"
#include "lookout/ais.h"

/* A decoded type 1 report at (lat, lon) degrees, 12.3 kn, course 45.6, heading 46. */
static lk_ais_msg pos_msg(uint32_t mmsi, double lat, double lon)
{
	lk_ais_msg m;
	memset(&m, 0, sizeof(m));
	m.type = 1;
	m.mmsi = mmsi;
	m.decoded = true;
	m.tag_time = -1;
	m.u.pos.lat = (int32_t)(lat * 600000.0);
	m.u.pos.lon = (int32_t)(lon * 600000.0);
	m.u.pos.speed = 123;
	m.u.pos.course = 456;
	m.u.pos.heading = 46;
	return m;
}

static lk_ais_msg static_msg(uint32_t mmsi, const char *name, const char *callsign,
                             uint32_t imo, unsigned shiptype)
{
	lk_ais_msg m;
	memset(&m, 0, sizeof(m));
	m.type = 5;
	m.mmsi = mmsi;
	m.decoded = true;
	m.tag_time = -1;
	snprintf(m.u.stat.shipname, sizeof(m.u.stat.shipname), "%s", name);
	snprintf(m.u.stat.callsign, sizeof(m.u.stat.callsign), "%s", callsign);
	m.u.stat.imo = imo;
	m.u.stat.shiptype = shiptype;
	m.u.stat.to_bow = 100;
	m.u.stat.to_stern = 20;
	m.u.stat.to_port = 8;
	m.u.stat.to_starboard = 9;
	return m;
}

static void test_ais_tracks__haversine_matches_known_distances(void **state)
{
	(void)state;
	/* one degree of latitude on the 6371.0088 km sphere is 111.195 km */
	assert_true(fabs(lk_ais_distance_m(0, 0, 1, 0) - 111195.08) < 1.0);
	/* one degree of longitude at 60 N is half of that */
	assert_true(fabs(lk_ais_distance_m(60, 10, 60, 11) - 55597.0) < 30.0);
	/* across the antimeridian: short way round */
	assert_true(lk_ais_distance_m(0, 179.5, 0, -179.5) < 111200.0);
	assert_true(lk_ais_distance_m(10, 20, 10, 20) == 0.0);
}

static void test_ais_tracks__jump_of_100_km_in_10_min_splits_segment(void **state)
{
	(void)state;
	lk_ais_tracks *t;
	assert_int_equal(lk_ais_tracks_new(&t, NULL), 0);
	uint32_t mmsi = 445123456;
	/* 12 kn northward: 12 nmi/h = 0.2 nmi per minute = 2 nmi (1/30 degree) per 10 min */
	int64_t t0 = 1700000000;
	for (int i = 0; i < 6; i++) {
		lk_ais_msg m = pos_msg(mmsi, 38.0 + i / 30.0, 125.0);
		assert_int_equal(lk_ais_tracks_add(t, &m, t0 + i * 600), 0);
	}
	/* then 100 km further east 10 min later: ~324 kn implied */
	double lat = 38.0 + 5 / 30.0;
	double dlon = 100000.0 / (111195.08 * cos(lat * M_PI / 180.0));
	lk_ais_msg jump = pos_msg(mmsi, lat, 125.0 + dlon);
	assert_true(fabs(lk_ais_distance_m(lat, 125.0, lat, 125.0 + dlon) - 100000.0) < 100.0);
	assert_int_equal(lk_ais_tracks_add(t, &jump, t0 + 6 * 600), 0);
	lk_ais_msg next = pos_msg(mmsi, lat + 1 / 30.0, 125.0 + dlon);
	assert_int_equal(lk_ais_tracks_add(t, &next, t0 + 7 * 600), 0);

	long v = lk_ais_tracks_find(t, mmsi);
	assert_int_equal(v, 0);
	assert_int_equal(lk_ais_tracks_npoints(t, (size_t)v), 8);
	size_t pos = 0;
	lk_ais_segment s;
	assert_true(lk_ais_tracks_next_segment(t, (size_t)v, &pos, &s));
	assert_int_equal(s.id, 0);
	assert_int_equal(s.first, 0);
	assert_int_equal(s.count, 6);
	assert_true(lk_ais_tracks_next_segment(t, (size_t)v, &pos, &s));
	assert_int_equal(s.id, 1);
	assert_int_equal(s.first, 6);
	assert_int_equal(s.count, 2);
	assert_false(lk_ais_tracks_next_segment(t, (size_t)v, &pos, &s));
	assert_int_equal(lk_ais_tracks_stats_get(t)->splits, 1);

	const lk_ais_point *p = lk_ais_tracks_point(t, (size_t)v, 0);
	assert_true(p->time == t0);
	assert_true(fabs(p->lat - 38.0) < 1e-6 && fabs(p->lon - 125.0) < 1e-6);
	assert_true(fabs(p->sog - 12.3f) < 1e-4 && fabs(p->cog - 45.6f) < 1e-4);
	assert_int_equal(p->heading, 46);
	assert_int_equal(p->type, 1);
	lk_ais_tracks_free(t);
}

static void test_ais_tracks__speed_limit_and_tag_time_are_used(void **state)
{
	(void)state;
	lk_ais_tracks_options o = LK_AIS_TRACKS_OPTIONS_INIT;
	o.max_speed_kn = 10.0;  /* 12 kn now splits */
	lk_ais_tracks *t;
	assert_int_equal(lk_ais_tracks_new(&t, &o), 0);
	lk_ais_msg a = pos_msg(273000001, 60.0, 30.0);
	lk_ais_msg b = pos_msg(273000001, 60.0 + 1 / 30.0, 30.0);
	a.tag_time = 1000;        /* the tag block's time wins over the caller's clock */
	b.tag_time = 1000 + 600;
	assert_int_equal(lk_ais_tracks_add(t, &a, 5), 0);
	assert_int_equal(lk_ais_tracks_add(t, &b, 5), 0);
	assert_true(lk_ais_tracks_point(t, 0, 0)->time == 1000);
	assert_int_equal(lk_ais_tracks_point(t, 0, 1)->segment, 1);
	/* an unavailable position is not a point; the vessel is known from nothing else */
	lk_ais_msg na = pos_msg(273000002, 0, 0);
	na.u.pos.lat = LK_AIS_LAT_NA;
	na.u.pos.lon = LK_AIS_LON_NA;
	assert_int_equal(lk_ais_tracks_add(t, &na, 5), 0);
	assert_int_equal(lk_ais_tracks_find(t, 273000002), -1);
	assert_int_equal(lk_ais_tracks_count(t), 1);
	lk_ais_tracks_free(t);
}

static void test_ais_tracks__renamed_vessel_records_one_change(void **state)
{
	(void)state;
	lk_ais_tracks *t;
	assert_int_equal(lk_ais_tracks_new(&t, NULL), 0);
	uint32_t mmsi = 445112000;
	lk_ais_msg m = static_msg(mmsi, "YON PUNG 3", "HMYP3", 9074729, 80);
	assert_int_equal(lk_ais_tracks_add(t, &m, 100), 0);
	/* the same report again, and one with every field unavailable: no change */
	assert_int_equal(lk_ais_tracks_add(t, &m, 200), 0);
	lk_ais_msg empty = static_msg(mmsi, "", "", 0, 0);
	assert_int_equal(lk_ais_tracks_add(t, &empty, 250), 0);
	lk_ais_msg renamed = static_msg(mmsi, "SUN RISE", "HMYP3", 9074729, 80);
	assert_int_equal(lk_ais_tracks_add(t, &renamed, 300), 0);

	long v = lk_ais_tracks_find(t, mmsi);
	assert_true(v >= 0);
	const lk_ais_identity *id = lk_ais_tracks_identity(t, (size_t)v);
	assert_string_equal(id->name, "SUN RISE");
	assert_string_equal(id->callsign, "HMYP3");
	assert_int_equal(id->imo, 9074729);
	assert_true(id->imo_valid);
	assert_int_equal(id->shiptype, 80);
	assert_int_equal(id->to_bow + id->to_stern, 120);
	assert_int_equal(id->to_port + id->to_starboard, 17);
	assert_string_equal(id->flag, "kp");
	assert_true(id->first_seen == 100 && id->last_seen == 300);
	assert_int_equal(lk_ais_tracks_npoints(t, (size_t)v), 0);

	assert_int_equal(lk_ais_tracks_nchanges(t, (size_t)v), 1);
	const lk_ais_change *c = lk_ais_tracks_change(t, (size_t)v, 0);
	assert_int_equal(c->field, LK_AIS_FIELD_NAME);
	assert_string_equal(lk_ais_field_name(c->field), "name");
	assert_string_equal(c->old_value, "YON PUNG 3");
	assert_string_equal(c->new_value, "SUN RISE");
	assert_true(c->time == 300);

	/* a borrowed IMO with a bad check digit, and a new ship type: two more changes */
	lk_ais_msg imo = static_msg(mmsi, "SUN RISE", "HMYP3", 9074728, 81);
	assert_int_equal(lk_ais_tracks_add(t, &imo, 400), 0);
	id = lk_ais_tracks_identity(t, (size_t)v);
	assert_false(id->imo_valid);
	assert_int_equal(lk_ais_tracks_nchanges(t, (size_t)v), 3);
	c = lk_ais_tracks_change(t, (size_t)v, 1);
	assert_int_equal(c->field, LK_AIS_FIELD_IMO);
	assert_string_equal(c->old_value, "9074729");
	assert_string_equal(c->new_value, "9074728");
	assert_int_equal(lk_ais_tracks_change(t, (size_t)v, 2)->field, LK_AIS_FIELD_SHIPTYPE);

	/* class B: type 24 part A names, part B gives the call sign */
	lk_ais_msg a24;
	memset(&a24, 0, sizeof(a24));
	a24.type = 24, a24.mmsi = 351000001, a24.decoded = true, a24.tag_time = -1;
	snprintf(a24.u.t24.shipname, sizeof(a24.u.t24.shipname), "%s", "LITTLE ONE");
	assert_int_equal(lk_ais_tracks_add(t, &a24, 500), 0);
	lk_ais_msg b24 = a24;
	b24.u.t24.partno = 1, b24.u.t24.shiptype = 37;
	snprintf(b24.u.t24.callsign, sizeof(b24.u.t24.callsign), "%s", "HP1234");
	assert_int_equal(lk_ais_tracks_add(t, &b24, 510), 0);
	v = lk_ais_tracks_find(t, 351000001);
	id = lk_ais_tracks_identity(t, (size_t)v);
	assert_string_equal(id->name, "LITTLE ONE");
	assert_string_equal(id->callsign, "HP1234");
	assert_int_equal(id->shiptype, 37);
	assert_string_equal(id->flag, "pa");
	assert_int_equal(lk_ais_tracks_nchanges(t, (size_t)v), 0);
	lk_ais_tracks_free(t);
}

static void test_ais_tracks__changes_are_capped_oldest_first(void **state)
{
	(void)state;
	lk_ais_tracks_options o = LK_AIS_TRACKS_OPTIONS_INIT;
	o.max_changes = 3;
	lk_ais_tracks *t;
	assert_int_equal(lk_ais_tracks_new(&t, &o), 0);
	for (int i = 0; i < 10; i++) {
		char name[16];
		snprintf(name, sizeof(name), "NAME %d", i);
		lk_ais_msg m = static_msg(636000001, name, "", 0, 0);
		assert_int_equal(lk_ais_tracks_add(t, &m, i), 0);
	}
	assert_int_equal(lk_ais_tracks_nchanges(t, 0), 3);
	assert_string_equal(lk_ais_tracks_change(t, 0, 0)->new_value, "NAME 7");
	assert_string_equal(lk_ais_tracks_change(t, 0, 2)->new_value, "NAME 9");
	assert_int_equal(lk_ais_tracks_stats_get(t)->dropped_changes, 6);
	lk_ais_tracks_free(t);
}

static void test_ais_tracks__mid_maps_to_flag(void **state)
{
	(void)state;
	assert_string_equal(lk_ais_mid_country(445123456), "kp");
	assert_string_equal(lk_ais_mid_country(273123456), "ru");
	assert_string_equal(lk_ais_mid_country(351123456), "pa");
	assert_string_equal(lk_ais_mid_country(373123456), "pa");
	assert_string_equal(lk_ais_mid_country(412123456), "cn");
	assert_string_equal(lk_ais_mid_country(414123456), "cn");
	assert_string_equal(lk_ais_mid_country(636123456), "lr");
	assert_string_equal(lk_ais_mid_country(538123456), "mh");
	assert_string_equal(lk_ais_mid_country(201000000), "al");
	assert_string_equal(lk_ais_mid_country(775999999), "ve");
	assert_string_equal(lk_ais_mid_country(477123456), "hk");
	assert_string_equal(lk_ais_mid_country(422123456), "ir");
	assert_int_equal(lk_ais_mid(445123456), 445);
	/* not ship stations: too short, coast station, SAR aircraft, AtoN, craft, SART */
	assert_null(lk_ais_mid_country(0));
	assert_null(lk_ais_mid_country(44512345));
	assert_null(lk_ais_mid_country(2441234));
	assert_null(lk_ais_mid_country(111445100));
	assert_null(lk_ais_mid_country(992445001));
	assert_null(lk_ais_mid_country(984451234));
	assert_null(lk_ais_mid_country(970123456));
	assert_int_equal(lk_ais_mid(111445100), 0);
	/* unallocated MIDs */
	assert_null(lk_ais_mid_country(200123456));
	assert_null(lk_ais_mid_country(217123456));
	assert_null(lk_ais_mid_country(799123456));
	/* the table is sorted (bsearch) and complete: every allocated MID is found */
	int found = 0;
	for (uint32_t mid = 200; mid < 800; mid++)
		found += lk_ais_mid_country(mid * 1000000u + 123456u) != NULL;
	assert_int_equal(found, 292);
}

static void test_ais_tracks__100k_points_for_one_vessel_stay_bounded(void **state)
{
	(void)state;
	lk_ais_tracks_options o = LK_AIS_TRACKS_OPTIONS_INIT;
	o.max_points_per_vessel = 1000;
	lk_ais_tracks *t;
	assert_int_equal(lk_ais_tracks_new(&t, &o), 0);
	size_t peak = 0;
	for (int i = 0; i < 100000; i++) {
		lk_ais_msg m = pos_msg(413000001, 30.0 + (i % 1000) * 1e-4, 122.0);
		assert_int_equal(lk_ais_tracks_add(t, &m, 1000000 + i * 10), 0);
		if (lk_ais_tracks_stats_get(t)->bytes > peak)
			peak = lk_ais_tracks_stats_get(t)->bytes;
	}
	const lk_ais_tracks_stats *st = lk_ais_tracks_stats_get(t);
	assert_int_equal(lk_ais_tracks_npoints(t, 0), 1000);
	assert_int_equal(st->points, 1000);
	assert_int_equal(st->positions, 100000);
	assert_int_equal(st->dropped_points, 99000);
	/* the newest are kept, oldest dropped first */
	assert_true(lk_ais_tracks_point(t, 0, 0)->time == 1000000 + 99000 * 10);
	assert_true(lk_ais_tracks_point(t, 0, 999)->time == 1000000 + 99999 * 10);
	/* 1000 points of ~48 bytes, the FIFO, the index and the vessel table */
	print_message("peak %zu bytes for 1000 points held\n", peak);
	assert_true(peak < 200 * 1024);
	lk_ais_tracks_free(t);
}

static void test_ais_tracks__overall_cap_drops_globally_oldest(void **state)
{
	(void)state;
	lk_ais_tracks_options o = LK_AIS_TRACKS_OPTIONS_INIT;
	o.max_points = 5000;
	o.max_vessels = 12;
	lk_ais_tracks *t;
	assert_int_equal(lk_ais_tracks_new(&t, &o), 0);
	/* 10 vessels round-robin, 1000 positions each: each keeps its 500 latest */
	for (int i = 0; i < 1000; i++) {
		for (uint32_t k = 0; k < 10; k++) {
			lk_ais_msg m = pos_msg(219000000 + k, 55.0 + i * 1e-4, 10.0 + k * 0.1);
			assert_int_equal(lk_ais_tracks_add(t, &m, i * 10), 0);
		}
	}
	const lk_ais_tracks_stats *st = lk_ais_tracks_stats_get(t);
	assert_int_equal(st->points, 5000);
	assert_int_equal(st->dropped_points, 5000);
	for (size_t v = 0; v < 10; v++) {
		assert_int_equal(lk_ais_tracks_npoints(t, v), 500);
		assert_true(lk_ais_tracks_point(t, v, 0)->time == 500 * 10);
	}
	/* then one vessel alone floods: the others are emptied oldest first */
	for (int i = 1000; i < 7000; i++) {
		lk_ais_msg m = pos_msg(219000000, 55.0 + (i % 1000) * 1e-4, 10.0);
		assert_int_equal(lk_ais_tracks_add(t, &m, i * 10), 0);
	}
	assert_int_equal(st->points, 5000);
	assert_int_equal(lk_ais_tracks_npoints(t, 0), 5000);
	assert_int_equal(lk_ais_tracks_npoints(t, 9), 0);
	assert_true(st->bytes < 1024 * 1024);
	/* vessels beyond max_vessels are counted, not kept */
	for (uint32_t k = 10; k < 15; k++) {
		lk_ais_msg m = pos_msg(219000000 + k, 55.0, 10.0);
		assert_int_equal(lk_ais_tracks_add(t, &m, 0), 0);
	}
	assert_int_equal(lk_ais_tracks_count(t), 12);
	assert_int_equal(st->dropped_vessels, 3);
	lk_ais_tracks_free(t);
}

/* Distinct values in a small set kept sorted by insertion. */
static bool seen_add(uint32_t *set, size_t *n, size_t cap, uint32_t x)
{
	for (size_t i = 0; i < *n; i++)
		if (set[i] == x)
			return false;
	assert_true(*n < cap);
	set[(*n)++] = x;
	return true;
}

static void test_ais_tracks__gpsd_sample_gives_plausible_tracks(void **state)
{
	(void)state;
	FILE *f = fopen(lk_test_data("ais/gpsd/sample.aivdm"), "rb");
	assert_non_null(f);
	lk_ais_decoder *d;
	assert_int_equal(lk_ais_decoder_new(&d, NULL), 0);
	lk_ais_tracks *t;
	assert_int_equal(lk_ais_tracks_new(&t, NULL), 0);
	enum { CAP = 4096 };
	static uint32_t with_pos[CAP], named[CAP];
	size_t npos = 0, nnamed = 0;
	long positions = 0, lineno = 0;
	char line[4096];
	lk_ais_msg m;
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (lk_ais_decoder_line(d, &m, line, strlen(line)) != 1)
			continue;
		/* the caller's clock: one second per line */
		assert_int_equal(lk_ais_tracks_add(t, &m, 1600000000 + lineno), 0);
		bool vessel = m.type <= 3 || m.type == 18 || m.type == 19 || m.type == 27;
		if (vessel && lk_ais_has_position(&m, NULL, NULL)) {
			positions++;
			seen_add(with_pos, &npos, CAP, m.mmsi);
		}
		if (m.decoded && ((m.type == 5 && m.u.stat.shipname[0]) ||
		                  (m.type == 19 && m.u.cb.shipname[0]) ||
		                  (m.type == 24 && m.u.t24.partno == 0 && m.u.t24.shipname[0])))
			seen_add(named, &nnamed, CAP, m.mmsi);
	}
	fclose(f);
	lk_ais_decoder_finish(d);

	size_t tracked = 0, npoints = 0, nnamed_t = 0;
	for (size_t v = 0; v < lk_ais_tracks_count(t); v++) {
		size_t n = lk_ais_tracks_npoints(t, v);
		if (n > 0)
			tracked++;
		npoints += n;
		if (lk_ais_tracks_identity(t, v)->name[0])
			nnamed_t++;
		/* segments cover the track exactly, in order */
		size_t pos = 0, covered = 0;
		lk_ais_segment s;
		while (lk_ais_tracks_next_segment(t, v, &pos, &s)) {
			assert_int_equal(s.first, covered);
			covered += s.count;
		}
		assert_int_equal(covered, n);
	}
	print_message("sample.aivdm: %zu vessels, %zu with positions, %zu points, %zu named, "
	              "%ld splits\n", lk_ais_tracks_count(t), tracked, npoints, nnamed_t,
	              lk_ais_tracks_stats_get(t)->splits);
	assert_int_equal(tracked, npos);
	assert_int_equal(npoints, (size_t)positions);
	assert_int_equal(nnamed_t, nnamed);
	assert_int_equal(lk_ais_tracks_stats_get(t)->dropped_points, 0);
	/* what the decoder gives for this file, pinned so that a change is noticed */
	assert_int_equal(npos, 11);
	assert_int_equal(positions, 12);
	assert_int_equal(lk_ais_tracks_count(t), 17);
	lk_ais_tracks_free(t);
	lk_ais_decoder_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ais_tracks__haversine_matches_known_distances),
		cmocka_unit_test(test_ais_tracks__jump_of_100_km_in_10_min_splits_segment),
		cmocka_unit_test(test_ais_tracks__speed_limit_and_tag_time_are_used),
		cmocka_unit_test(test_ais_tracks__renamed_vessel_records_one_change),
		cmocka_unit_test(test_ais_tracks__changes_are_capped_oldest_first),
		cmocka_unit_test(test_ais_tracks__mid_maps_to_flag),
		cmocka_unit_test(test_ais_tracks__100k_points_for_one_vessel_stay_bounded),
		cmocka_unit_test(test_ais_tracks__overall_cap_drops_globally_oldest),
		cmocka_unit_test(test_ais_tracks__gpsd_sample_gives_plausible_tracks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
