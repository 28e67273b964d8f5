/*
 * test_detect_identity.c - the AIS detectors that follow static reports (identity changes,
 * bad and shared IMO numbers, flag changes through the IMO number, designated vessels found
 * through the screening index built from OFAC's real 2024 SDN list), the event JSON and
 * GeoJSON, and the zone and ports readers.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_test.h"
#include "lookout/lists.h"
#include "detect_support.h"

#define T0 1700000400

static events ev;

static lk_ais_detect *new_detect(const lk_index *ix)
{
	lk_ais_detect_options o = {.params = LK_AIS_DETECT_PARAMS_INIT};
	o.index = ix;
	o.on_event = collect;
	o.ud = &ev;
	ev.n = 0;
	lk_ais_detect *d = NULL;
	assert_int_equal(lk_ais_detect_new(&d, &o), 0);
	return d;
}

static void test_detect_identity__renaming_is_one_change_with_both_names(void **state)
{
	(void)state;
	lk_ais_detect *d = new_detect(NULL);
	uint32_t mmsi = 412000001;
	assert_int_equal(feed_pos(d, mmsi, T0, 31.0, 123.0, 11.0), 0);
	for (int i = 0; i < 5; i++)
		assert_int_equal(feed_static(d, mmsi, T0 + i * 360, "OCEAN STAR", "BXYZ", 9074729), 0);
	/* an empty name is "not available", not a change */
	assert_int_equal(feed_static(d, mmsi, T0 + 2000, "", "BXYZ", 9074729), 0);
	assert_int_equal(feed_static(d, mmsi, T0 + 3600, "SEA PEARL", "BXYZ", 9074729), 0);
	assert_int_equal(feed_static(d, mmsi, T0 + 4000, "SEA PEARL", "BQQQ", 9300001), 0);
	assert_int_equal(lk_ais_detect_finish(d), 0);
	assert_int_equal(ev.n, 3);
	const lk_ais_event *e = &ev.e[0];
	assert_int_equal(e->type, LK_AIS_EV_IDENTITY_CHANGE);
	assert_int_equal(e->mmsi, mmsi);
	assert_string_equal(e->field, "name");
	assert_string_equal(e->from, "OCEAN STAR");
	assert_string_equal(e->to, "SEA PEARL");
	assert_true(e->start == T0 + 4 * 360 && e->end == T0 + 3600);
	assert_true(e->has_position && fabs(e->lat - 31.0) < 1e-6);
	assert_string_equal(ev.e[1].field, "callsign");
	assert_string_equal(ev.e[1].from, "BXYZ");
	assert_string_equal(ev.e[1].to, "BQQQ");
	assert_string_equal(ev.e[2].field, "imo");
	assert_string_equal(ev.e[2].from, "9074729");
	assert_string_equal(ev.e[2].to, "9300001");
	assert_true(ev.e[2].start == T0 + 3600 && ev.e[2].end == T0 + 4000);
	lk_ais_detect_free(d);
}

static void test_detect_identity__bad_check_digit_is_reported_once(void **state)
{
	(void)state;
	lk_ais_detect *d = new_detect(NULL);
	/* 8814881: 8*7+8*6+1*5+4*4+8*3+8*2 = 165, check digit 5, not 1 */
	for (int i = 0; i < 4; i++)
		assert_int_equal(feed_static(d, 445000001, T0 + i * 360, "YON PUNG 3", "", 8814881), 0);
	/* a valid one on another vessel, and an IMO that is too long */
	assert_int_equal(feed_static(d, 445000002, T0 + 100, "OTHER", "", 9074729), 0);
	assert_int_equal(feed_static(d, 445000003, T0 + 200, "LONG", "", 12345678), 0);
	assert_int_equal(lk_ais_detect_finish(d), 0);
	assert_int_equal(count_type(&ev, LK_AIS_EV_BAD_IMO), 2);
	assert_int_equal(ev.n, 2);
	assert_int_equal(ev.e[0].mmsi, 445000001);
	assert_int_equal(ev.e[0].imo, 8814881);
	assert_true(ev.e[0].start == T0);
	assert_int_equal(ev.e[1].imo, 12345678);
	lk_ais_detect_free(d);
}

static void test_detect_identity__imo_broadcast_by_two_mmsis_at_once(void **state)
{
	(void)state;
	lk_ais_detect *d = new_detect(NULL);
	/* two Chinese MMSIs take turns with one IMO: shared; no flag change (same flag) */
	for (int i = 0; i < 6; i++) {
		assert_int_equal(feed_static(d, 413000002, T0 + i * 360, "ALPHA", "", 9074729), 0);
		assert_int_equal(feed_static(d, 412000001, T0 + i * 360 + 60, "BETA", "", 9074729), 0);
	}
	assert_int_equal(lk_ais_detect_finish(d), 0);
	assert_int_equal(ev.n, 1);
	const lk_ais_event *e = &ev.e[0];
	assert_int_equal(e->type, LK_AIS_EV_SHARED_IMO);
	assert_int_equal(e->imo, 9074729);
	assert_int_equal(e->nmmsis, 2);
	assert_int_equal(e->mmsi, 412000001);
	assert_int_equal(e->mmsis[0], 412000001);
	assert_int_equal(e->mmsis[1], 413000002);
	assert_true(e->start == T0 + 60 && e->end == T0 + 360);
	lk_ais_detect_free(d);
}

static void test_detect_identity__new_mmsi_of_another_flag_is_a_flag_change(void **state)
{
	(void)state;
	lk_ais_detect *d = new_detect(NULL);
	/* a Chinese MMSI broadcasts IMO 9300001 for an hour, then falls silent; a DPRK MMSI
	 * broadcasts it from then on: a swap, not a shared number */
	for (int i = 0; i < 10; i++)
		assert_int_equal(feed_static(d, 412000001, T0 + i * 360, "RICH OCEAN", "", 9300001), 0);
	for (int i = 0; i < 10; i++)
		assert_int_equal(feed_static(d, 445000009, T0 + 7200 + i * 360, "PAEK MA", "", 9300001),
		                 0);
	assert_int_equal(lk_ais_detect_finish(d), 0);
	assert_int_equal(ev.n, 1);
	const lk_ais_event *e = &ev.e[0];
	assert_int_equal(e->type, LK_AIS_EV_IDENTITY_CHANGE);
	assert_string_equal(e->field, "flag");
	assert_string_equal(e->from, "cn");
	assert_string_equal(e->to, "kp");
	assert_int_equal(e->mmsi, 445000009);
	assert_int_equal(e->other_mmsi, 412000001);
	assert_true(e->start == T0 + 9 * 360 && e->end == T0 + 7200);
	lk_ais_detect_free(d);
}

static void test_detect_identity__twins_of_two_flags_share_an_imo_without_flag_change(
	void **state)
{
	(void)state;
	lk_ais_detect *d = new_detect(NULL);
	/* a Marshall Islands and a Liberian MMSI on the air together, both claiming IMO 1900441 */
	for (int i = 0; i < 60; i++) {
		int64_t t = T0 + i * 60;
		assert_int_equal(feed_pos(d, 538007001, t, 40.0 + i * 0.003, 137.0, 11.0), 0);
		assert_int_equal(feed_pos(d, 636019002, t + 5, 41.0 - i * 0.003, 134.0, 11.0), 0);
		if (i % 6 == 0) {
			assert_int_equal(feed_static(d, 538007001, t + 10, "SIM TWIN F", "V7SF6", 1900441),
			                 0);
			assert_int_equal(feed_static(d, 636019002, t + 20, "SIM TWIN F", "D5SF7", 1900441),
			                 0);
		}
	}
	assert_int_equal(lk_ais_detect_finish(d), 0);
	assert_int_equal(ev.n, 1);
	assert_int_equal(ev.e[0].type, LK_AIS_EV_SHARED_IMO);
	assert_int_equal(ev.e[0].mmsi, 538007001);
	assert_int_equal(ev.e[0].mmsis[1], 636019002);
	lk_ais_detect_free(d);
}

/* ---- designated vessels, against OFAC's SDN list of 2024-05-03 ---- */

static lk_list *ofac;
static lk_index *ix;

static int setup_lists(void **state)
{
	(void)state;
	const char *p = lk_test_data("lists/ofac/sdn-2024-05-03/sdn.csv");
	if (lk_list_parse(&ofac, &p, 1, NULL))
		return -1;
	return lk_index_build_from_lists(&ix, (const lk_list *const *)&ofac, 1) ? -1 : 0;
}

static int teardown_lists(void **state)
{
	(void)state;
	lk_index_unref(ix);
	lk_list_free(ofac);
	return 0;
}

static void test_detect_identity__listed_vessel_under_a_new_name_found_by_imo(void **state)
{
	(void)state;
	/* CHONG CHON GANG, OFAC ent_num 17069, IMO 7937317, renamed and under a new MMSI */
	const lk_entity *listed = lk_list_find_native(ofac, "17069");
	assert_non_null(listed);
	lk_ais_detect *d = new_detect(ix);
	assert_int_equal(feed_pos(d, 352001234, T0, 38.9, 125.2, 0.2), 0);
	assert_int_equal(ev.n, 0);
	assert_int_equal(feed_static(d, 352001234, T0 + 60, "HAI XING 8", "", 7937317), 0);
	assert_int_equal(feed_static(d, 352001234, T0 + 420, "HAI XING 8", "", 7937317), 0);
	/* an unlisted vessel with a valid IMO and a plain name */
	assert_int_equal(feed_static(d, 352009999, T0 + 500, "LOOKOUT TEST ONE", "", 9300001), 0);
	assert_int_equal(lk_ais_detect_finish(d), 0);
	assert_int_equal(ev.n, 1);
	const lk_ais_event *e = &ev.e[0];
	assert_int_equal(e->type, LK_AIS_EV_DESIGNATED);
	assert_int_equal(e->mmsi, 352001234);
	assert_string_equal(e->entity_id, listed->id);
	assert_string_equal(e->entity_name, "CHONG CHON GANG");
	assert_string_equal(e->matched_by, "imo");
	assert_int_equal(e->imo, 7937317);
	assert_string_equal(e->name, "HAI XING 8");
	assert_true(e->start == T0 && e->end == T0 + 60);
	print_message("%s (score %.2f): %s\n", e->entity_name, e->score, e->explanation);
	assert_non_null(strstr(e->explanation, "7937317"));
	assert_true(e->score >= 0.7);
	assert_true(lk_ais_detect_stats_get(d)->screened >= 3);
	lk_ais_detect_free(d);
}

static void test_detect_identity__listed_vessel_by_mmsi_and_by_name(void **state)
{
	(void)state;
	/* ARTAVIL (ent_num 15036) lists MMSI 572469210 in its remarks */
	const lk_entity *artavil = lk_list_find_native(ofac, "15036");
	assert_non_null(artavil);
	lk_ais_detect *d = new_detect(ix);
	assert_int_equal(feed_pos(d, 572469210, T0, 26.0, 56.0, 0.1), 0);
	assert_int_equal(ev.n, 1);
	assert_string_equal(ev.e[0].entity_id, artavil->id);
	assert_string_equal(ev.e[0].matched_by, "mmsi");
	/* the listed name alone, no identifiers: reported by name */
	assert_int_equal(feed_static(d, 352000777, T0 + 60, "CHONG CHON GANG", "", 0), 0);
	assert_int_equal(ev.n, 2);
	assert_string_equal(ev.e[1].entity_id, lk_list_find_native(ofac, "17069")->id);
	assert_string_equal(ev.e[1].matched_by, "name");
	assert_true(ev.e[1].score >= 0.90);
	lk_ais_detect_free(d);
}

/* ---- JSON and GeoJSON ---- */

static void test_detect_identity__events_as_json_and_geojson(void **state)
{
	(void)state;
	lk_ais_event e = {.type = LK_AIS_EV_DARK, .mmsi = 445123456, .start = 1700000000,
	                  .end = 1700000000 + 13 * 3600, .has_position = true, .lat = 38.5,
	                  .lon = 129.25, .gap_h = 13.0, .start_lat = 38.5, .start_lon = 129.25,
	                  .end_lat = 39.0, .end_lon = 130.0, .near_zone = "PRK_EEZ"};
	lk_buf b;
	lk_buf_init(&b, 1 << 16);
	assert_int_equal(lk_ais_event_to_json(&e, &b), 0);
	json_error_t err;
	json_t *j = json_loads(lk_buf_cstr(&b), 0, &err);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "type")), "dark");
	assert_int_equal(json_integer_value(json_object_get(j, "mmsi")), 445123456);
	assert_string_equal(json_string_value(json_object_get(j, "start")), "2023-11-14T22:13:20Z");
	assert_string_equal(json_string_value(json_object_get(j, "end")), "2023-11-15T11:13:20Z");
	assert_string_equal(json_string_value(json_object_get(j, "near_eez")), "PRK");
	assert_true(fabs(json_real_value(json_object_get(j, "end_lon")) - 130.0) < 1e-9);
	json_decref(j);

	lk_buf_clear(&b);
	assert_int_equal(lk_ais_event_to_geojson(&e, &b), 0);
	j = json_loads(lk_buf_cstr(&b), 0, &err);
	assert_non_null(j);
	json_t *g = json_object_get(j, "geometry");
	assert_string_equal(json_string_value(json_object_get(g, "type")), "LineString");
	assert_int_equal(json_array_size(json_object_get(g, "coordinates")), 2);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "properties"),
	                                                      "type")), "dark");
	json_decref(j);

	/* sixbit text may hold quotes and backslashes */
	lk_ais_event c = {.type = LK_AIS_EV_IDENTITY_CHANGE, .mmsi = 1, .field = "name"};
	snprintf(c.from, sizeof(c.from), "A \"B\\C");
	snprintf(c.to, sizeof(c.to), "D");
	lk_buf_clear(&b);
	assert_int_equal(lk_ais_event_to_json(&c, &b), 0);
	j = json_loads(lk_buf_cstr(&b), 0, &err);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "from")), "A \"B\\C");
	assert_true(json_is_null(json_object_get(j, "lat")));
	json_decref(j);

	lk_ais_event s = {.type = LK_AIS_EV_SHARED_IMO, .mmsi = 5, .imo = 9074729, .nmmsis = 2,
	                  .mmsis = {5, 7}};
	lk_buf_clear(&b);
	assert_int_equal(lk_ais_event_to_json(&s, &b), 0);
	assert_non_null(strstr(lk_buf_cstr(&b), "\"imo\":9074729,\"mmsis\":[5,7]"));
	lk_buf_dispose(&b);
}

/* ---- readers ---- */

static void test_detect_identity__zone_reader_holes_multipolygons_and_errors(void **state)
{
	(void)state;
	static const char holed[] =
		"{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":["
		"[[0,0],[10,0],[10,10],[0,10],[0,0]],[[4,4],[6,4],[6,6],[4,6],[4,4]]]}}";
	lk_ais_zone *z = NULL;
	assert_int_equal(lk_ais_zone_parse(&z, holed, strlen(holed), "SQ"), 0);
	assert_string_equal(lk_ais_zone_name(z), "SQ");
	assert_true(lk_ais_zone_contains(z, 2, 2));
	assert_false(lk_ais_zone_contains(z, 5, 5));   /* in the hole */
	assert_false(lk_ais_zone_contains(z, 5, 11));
	assert_true(lk_ais_zone_distance_m(z, 2, 2, 1e6) == 0.0);
	/* one degree east of the edge on the equator: 111.2 km */
	assert_true(fabs(lk_ais_zone_distance_m(z, 0, 11, 1e6) - 111195.0) < 50.0);
	assert_true(lk_ais_zone_distance_m(z, 0, 40, 50000.0) > 50000.0);
	lk_ais_zone_free(z);

	static const char multi[] =
		"{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0,0],[1,0],[1,1],[0,1]]],"
		"[[[20,20],[21,20],[21,21],[20,21],[20,20]]]]}";
	assert_int_equal(lk_ais_zone_parse(&z, multi, strlen(multi), "M"), 0);
	assert_true(lk_ais_zone_contains(z, 0.5, 0.5) && lk_ais_zone_contains(z, 20.5, 20.5));
	assert_false(lk_ais_zone_contains(z, 10, 10));
	lk_ais_zone_free(z);

	static const char *const bad[] = {
		"{", "[]", "{\"type\":\"Polygon\"}", "{\"type\":\"FeatureCollection\",\"features\":[]}",
		"{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,1]]]}",
		"{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,95]]]}",
		"{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,\"x\"],[1,1]]]}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		z = NULL;
		int rc = lk_ais_zone_parse(&z, bad[i], strlen(bad[i]), "B");
		assert_true(rc == LK_EFORMAT || rc == LK_EINVALID);
		assert_null(z);
		assert_true(strncmp(lk_error_last()->message, "geojson: ", 9) == 0);
	}
	assert_int_equal(lk_ais_zone_load(&z, "/nonexistent/zone.geojson", "X"), LK_EIO);

	/* the real DPRK file: the East Sea zone, 3,044 vertices */
	assert_int_equal(lk_ais_zone_load(&z, lk_test_data("geo/eez_prk.geojson"), "PRK_EEZ"), 0);
	assert_true(lk_ais_zone_contains(z, 40.0, 129.0));
	assert_false(lk_ais_zone_contains(z, 37.0, 124.0));
	double near = lk_ais_zone_distance_m(z, 38.3, 129.5, 50000.0);
	assert_true(near > 30000.0 && near < 40000.0);
	lk_ais_zone_free(z);
}

/* The cell grid must not change any answer: compare with a plain crossing test over the real
 * polygon's ring at 20,000 pseudo-random points around it. */
static void test_detect_identity__zone_grid_agrees_with_plain_crossing_test(void **state)
{
	(void)state;
	size_t len = 0;
	char *text = lk_test_read_file(lk_test_data("geo/eez_prk.geojson"), &len);
	json_error_t err;
	json_t *root = json_loadb(text, len, 0, &err);
	assert_non_null(root);
	json_t *ring = json_array_get(json_object_get(json_object_get(json_array_get(
		json_object_get(root, "features"), 0), "geometry"), "coordinates"), 0);
	size_t n = json_array_size(ring);
	assert_int_equal(n, 3044);
	double *xs = malloc(n * sizeof(*xs)), *ys = malloc(n * sizeof(*ys));
	assert_true(xs && ys);
	for (size_t i = 0; i < n; i++) {
		xs[i] = json_number_value(json_array_get(json_array_get(ring, i), 0));
		ys[i] = json_number_value(json_array_get(json_array_get(ring, i), 1));
	}
	lk_ais_zone *z = NULL;
	assert_int_equal(lk_ais_zone_parse(&z, text, len, "PRK_EEZ"), 0);
	uint64_t seed = 88172645463325252ULL;
	size_t inside = 0;
	for (int k = 0; k < 20000; k++) {
		seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
		double lat = 38.0 + (double)(seed % 100000) / 100000.0 * 5.0;
		double lon = 126.5 + (double)((seed >> 20) % 100000) / 100000.0 * 7.5;
		bool in = false;
		for (size_t i = 0, j = n - 1; i < n; j = i++)
			if ((ys[i] > lat) != (ys[j] > lat) &&
			    lon < xs[i] + (lat - ys[i]) * (xs[j] - xs[i]) / (ys[j] - ys[i]))
				in = !in;
		assert_int_equal(lk_ais_zone_contains(z, lat, lon), in);
		inside += in;
	}
	assert_true(inside > 2000 && inside < 18000);
	lk_ais_zone_free(z);
	json_decref(root);
	free(xs);
	free(ys);
	free(text);
}

static void test_detect_identity__ports_reader(void **state)
{
	(void)state;
	lk_ais_ports *p = NULL;
	const char *path = lk_test_fixture("ais/ports_sample.csv");
	assert_int_equal(lk_ais_ports_load(&p, path), 0);
	assert_int_equal(lk_ais_ports_count(p), 3);
	const char *name = NULL;
	double dm = lk_ais_ports_nearest_m(p, 30.0, 125.0, 10000.0, &name);
	assert_true(fabs(dm - 4815.0) < 10.0);
	assert_string_equal(name, "NEAR PORT");
	assert_true(lk_ais_ports_nearest_m(p, 30.0, 125.15, 10000.0, &name) < 1.0);
	assert_string_equal(name, "FAR PORT");
	assert_true(lk_ais_ports_nearest_m(p, -30.0, 125.0, 10000.0, &name) > 10000.0);
	assert_null(name);
	lk_ais_ports_free(p);

	static const char bad1[] = "1.0,2.0,A\n1.0,abc,B\n";
	assert_int_equal(lk_ais_ports_parse(&p, bad1, strlen(bad1)), LK_EINVALID);
	assert_non_null(strstr(lk_error_last()->message, "line 2"));
	static const char bad2[] = "91.0,2.0,A\n";
	assert_int_equal(lk_ais_ports_parse(&p, bad2, strlen(bad2)), LK_EINVALID);
	assert_null(p);
}

static void test_detect_identity__parameters(void **state)
{
	(void)state;
	lk_ais_detect_params p = LK_AIS_DETECT_PARAMS_INIT;
	assert_true(p.enc_distance_m == 500 && p.enc_min_h == 2 && p.enc_speed_kn == 2);
	assert_true(p.enc_merge_h == 4 && p.loiter_min_h == 4 && p.dark_h == 12);
	assert_true(p.port_distance_km == 10 && p.zone_near_km == 50 && p.spoof_speed_kn == 50);
	assert_int_equal(lk_ais_detect_param_set(&p, "enc_distance_m=300"), 0);
	assert_true(p.enc_distance_m == 300);
	assert_int_equal(lk_ais_detect_param_set(&p, "max_pairs=1000"), 0);
	assert_int_equal(p.max_pairs, 1000);
	assert_int_equal(lk_ais_detect_param_set(&p, "nope=1"), LK_EINVALID);
	assert_int_equal(lk_ais_detect_param_set(&p, "dark_h=-1"), LK_EINVALID);
	assert_int_equal(lk_ais_detect_param_set(&p, "dark_h=12x"), LK_EINVALID);
	assert_int_equal(lk_ais_detect_param_set(&p, "dark_h"), LK_EINVALID);
	lk_buf b;
	lk_buf_init(&b, 1 << 16);
	assert_int_equal(lk_ais_detect_params_print(&p, &b), 0);
	assert_non_null(strstr(lk_buf_cstr(&b), "enc_distance_m=300\n"));
	assert_non_null(strstr(lk_buf_cstr(&b), "window_h=72\n"));
	lk_buf_dispose(&b);
	lk_ais_detect_options o = {.params = LK_AIS_DETECT_PARAMS_INIT};
	lk_ais_detect *d = NULL;
	assert_int_equal(lk_ais_detect_new(&d, &o), LK_EINVALID);  /* no callback */
	assert_null(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect_identity__renaming_is_one_change_with_both_names),
		cmocka_unit_test(test_detect_identity__bad_check_digit_is_reported_once),
		cmocka_unit_test(test_detect_identity__imo_broadcast_by_two_mmsis_at_once),
		cmocka_unit_test(test_detect_identity__new_mmsi_of_another_flag_is_a_flag_change),
		cmocka_unit_test(
			test_detect_identity__twins_of_two_flags_share_an_imo_without_flag_change),
		cmocka_unit_test(test_detect_identity__listed_vessel_under_a_new_name_found_by_imo),
		cmocka_unit_test(test_detect_identity__listed_vessel_by_mmsi_and_by_name),
		cmocka_unit_test(test_detect_identity__events_as_json_and_geojson),
		cmocka_unit_test(test_detect_identity__zone_reader_holes_multipolygons_and_errors),
		cmocka_unit_test(test_detect_identity__zone_grid_agrees_with_plain_crossing_test),
		cmocka_unit_test(test_detect_identity__ports_reader),
		cmocka_unit_test(test_detect_identity__parameters),
	};
	return cmocka_run_group_tests(tests, setup_lists, teardown_lists);
}
