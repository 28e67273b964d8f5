/*
 * test_detect.c - the AIS detectors that follow positions, on hand-made message streams with
 * exactly known answers: encounters (500 m, 2 h, median speed, merging within 4 h, ports),
 * loitering, dark periods marked near the DPRK EEZ, zone entries, spoofed jumps, and the
 * memory bound of the time window over a long stream.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_test.h"
#include "detect_support.h"

#define T0 1700000400  /* a multiple of 600: the 10-minute steps fall on whole minutes */
#define A_MMSI 412000001u
#define B_MMSI 412000002u

static events ev;

static lk_ais_detect *new_detect(const char *const *params, const lk_ais_zone *z,
                                 const lk_ais_ports *ports)
{
	lk_ais_detect_options o = {.params = LK_AIS_DETECT_PARAMS_INIT};
	for (size_t i = 0; params && params[i]; i++)
		assert_int_equal(lk_ais_detect_param_set(&o.params, params[i]), 0);
	o.zone = z;
	o.ports = ports;
	o.on_event = collect;
	o.ud = &ev;
	ev.n = 0;
	lk_ais_detect *d = NULL;
	assert_int_equal(lk_ais_detect_new(&d, &o), 0);
	return d;
}

/* Two vessels at 0.5 kn, dist_m apart (B north of A), reporting every minute for `minutes`. */
static void pair_together(lk_ais_detect *d, int64_t from, int minutes, double dist_m)
{
	for (int i = 0; i <= minutes; i++) {
		int64_t t = from + i * 60;
		assert_int_equal(feed_pos(d, A_MMSI, t, 30.0, 125.0, 0.5), 0);
		assert_int_equal(feed_pos(d, B_MMSI, t, 30.0 + dist_m / M_PER_DEG_LAT, 125.0, 0.5), 0);
	}
}

static void test_detect__encounter_499_m_for_2_h_is_one_event(void **state)
{
	(void)state;
	lk_ais_detect *d = new_detect(NULL, NULL, NULL);
	pair_together(d, T0, 120, 499.0);
	assert_int_equal(lk_ais_detect_finish(d), 0);
	assert_int_equal(ev.n, 1);
	const lk_ais_event *e = &ev.e[0];
	assert_int_equal(e->type, LK_AIS_EV_ENCOUNTER);
	assert_int_equal(e->mmsi, A_MMSI);
	assert_int_equal(e->other_mmsi, B_MMSI);
	assert_true(e->start == T0 && e->end == T0 + 7200);
	/* medians to a bin: 500 m / 64 and 2 kn / 8 */
	assert_true(fabs(e->distance_m - 499.0) <= 500.0 / 64);
	assert_true(fabs(e->median_speed_kn - 0.5) <= 0.25);
	assert_true(fabs(e->lat - (30.0 + 249.5 / M_PER_DEG_LAT)) < 1e-4);
	assert_true(fabs(e->lon - 125.0) < 1e-6);
	assert_true(lk_ais_detect_stats_get(d)->pairs == 0);
	lk_ais_detect_free(d);
}

static void test_detect__encounter_501_m_is_none(void **state)
{
	(void)state;
	lk_ais_detect *d = new_detect(NULL, NULL, NULL);
	pair_together(d, T0, 180, 501.0);
	assert_int_equal(lk_ais_detect_finish(d), 0);
	assert_int_equal(ev.n, 0);
	lk_ais_detect_free(d);
}

static void test_detect__encounter_needs_2_h(void **state)
{
	(void)state;
	/* on the 10-minute grid, 1 h 59 min together gives steps spanning 1 h 50 min */
	lk_ais_detect *d = new_detect(NULL, NULL, NULL);
	pair_together(d, T0, 119, 300.0);
	assert_int_equal(lk_ais_detect_finish(d), 0);
	assert_int_equal(ev.n, 0);
	lk_ais_detect_free(d);
	/* with a 1-minute step the boundary is exact: 1 h 59 min is too short, 2 h is enough */
	const char *fine[] = {"step_s=60", NULL};
	d = new_detect(fine, NULL, NULL);
	pair_together(d, T0 + 60, 119, 300.0);
	assert_int_equal(lk_ais_detect_finish(d), 0);
	assert_int_equal(ev.n, 0);
	lk_ais_detect_free(d);
	d = new_detect(fine, NULL, NULL);
	pair_together(d, T0 + 60, 120, 300.0);
	assert_int_equal(lk_ais_detect_finish(d), 0);
	assert_int_equal(ev.n, 1);
	assert_true(ev.e[0].start == T0 + 60 && ev.e[0].end == T0 + 60 + 7200);
	lk_ais_detect_free(d);
}

static void test_detect__encounter_needs_median_speed_below_2_kn(void **state)
{
	(void)state;
	lk_ais_detect *d = new_detect(NULL, NULL, NULL);
	for (int i = 0; i <= 180; i++) {
		int64_t t = T0 + i * 60;
		assert_int_equal(feed_pos(d, A_MMSI, t, 30.0, 125.0, 2.0), 0);
		assert_int_equal(feed_pos(d, B_MMSI, t, 30.002, 125.0, 2.5), 0);
	}
	assert_int_equal(lk_ais_detect_finish(d), 0);
	assert_int_equal(count_type(&ev, LK_AIS_EV_ENCOUNTER), 0);
	lk_ais_detect_free(d);
}

/* Together 2 h, apart (5 km) for gap_min minutes, together 2 h again; 1-minute steps. */
static void merge_case(int gap_min, size_t expect)
{
	const char *p[] = {"step_s=60", "spoof_speed_kn=100000", "loiter_min_h=1000", NULL};
	lk_ais_detect *d = new_detect(p, NULL, NULL);
	pair_together(d, T0, 120, 400.0);
	for (int i = 1; i < gap_min; i++) {
		int64_t t = T0 + (120 + i) * 60;
		assert_int_equal(feed_pos(d, A_MMSI, t, 30.0, 125.0, 0.5), 0);
		assert_int_equal(feed_pos(d, B_MMSI, t, 30.0 + 5000.0 / M_PER_DEG_LAT, 125.0, 0.5), 0);
	}
	int64_t again = T0 + (120 + gap_min) * 60;
	pair_together(d, again, 120, 400.0);
	assert_int_equal(lk_ais_detect_finish(d), 0);
	assert_int_equal(ev.n, expect);
	assert_true(ev.e[0].type == LK_AIS_EV_ENCOUNTER && ev.e[0].start == T0);
	if (expect == 1) {
		assert_true(ev.e[0].end == again + 7200);
	} else {
		assert_true(ev.e[0].end == T0 + 7200);
		assert_true(ev.e[1].start == again && ev.e[1].end == again + 7200);
	}
	lk_ais_detect_free(d);
}

static void test_detect__encounters_3h59_apart_merge_4h01_do_not(void **state)
{
	(void)state;
	merge_case(239, 1);
	merge_case(241, 2);
}

static void test_detect__encounter_near_a_port_is_dropped(void **state)
{
	(void)state;
	/* 0.05 degree of longitude at 30 N is 4.8 km; 0.15 is 14.4 km */
	static const char near[] = "lat,lon,name\n# anchorage\n30.0,125.05,NEAR PORT\n";
	static const char far[] = "30.0,125.15,FAR PORT\n";
	lk_ais_ports *pn = NULL, *pf = NULL;
	assert_int_equal(lk_ais_ports_parse(&pn, near, strlen(near)), 0);
	assert_int_equal(lk_ais_ports_parse(&pf, far, strlen(far)), 0);
	assert_int_equal(lk_ais_ports_count(pn), 1);
	lk_ais_detect *d = new_detect(NULL, NULL, pn);
	pair_together(d, T0, 150, 200.0);
	assert_int_equal(lk_ais_detect_finish(d), 0);
	assert_int_equal(ev.n, 0);
	assert_int_equal(lk_ais_detect_stats_get(d)->near_port, 1);
	lk_ais_detect_free(d);
	d = new_detect(NULL, NULL, pf);
	pair_together(d, T0, 150, 200.0);
	assert_int_equal(lk_ais_detect_finish(d), 0);
	assert_int_equal(ev.n, 1);
	assert_int_equal(ev.e[0].type, LK_AIS_EV_ENCOUNTER);
	lk_ais_detect_free(d);
	lk_ais_ports_free(pn);
	lk_ais_ports_free(pf);
}

static void test_detect__encounter_found_among_many_vessels(void **state)
{
	(void)state;
	/* 400 vessels 1 km apart on a 20 x 20 grid, 0.5 kn; one pair at 300 m. Only that pair is
	 * an encounter (the grid must find it without confusing neighbours). */
	lk_ais_detect *d = new_detect((const char *const[]){"loiter_min_h=1000", NULL}, NULL, NULL);
	for (int i = 0; i <= 150; i += 5) {
		int64_t t = T0 + i * 60;
		for (uint32_t k = 0; k < 400; k++) {
			double lat = 35.0 + (k / 20) * 1000.0 / M_PER_DEG_LAT;
			double lon = 140.0 + (k % 20) * 1000.0 / (M_PER_DEG_LAT * cos(35.0 * M_PI / 180));
			assert_int_equal(feed_pos(d, 431000000u + k, t, lat, lon, 0.3), 0);
		}
		assert_int_equal(feed_pos(d, 431999999u, t, 35.0 + 300.0 / M_PER_DEG_LAT, 140.0, 0.3),
		                 0);
	}
	assert_int_equal(lk_ais_detect_finish(d), 0);
	assert_int_equal(ev.n, 1);
	assert_int_equal(ev.e[0].mmsi, 431000000u);
	assert_int_equal(ev.e[0].other_mmsi, 431999999u);
	lk_ais_detect_free(d);
}

/* ---- loitering ---- */

static void loiter_case(int minutes, size_t expect, const lk_ais_ports *ports)
{
	lk_ais_detect *d = new_detect(NULL, NULL, ports);
	int64_t t = T0;
	for (int i = 0; i <= minutes; i += 5) {
		t = T0 + i * 60;
		assert_int_equal(feed_pos(d, A_MMSI, t, 20.0 + i * 1e-5, 120.0, 1.0), 0);
	}
	int64_t last_slow = t;
	/* then under way at 10 kn: 1543 m per 5 min */
	for (int i = 1; i <= 6; i++)
		assert_int_equal(feed_pos(d, A_MMSI, last_slow + i * 300,
		                          20.0 + minutes * 1e-5 + i * 1543.0 / M_PER_DEG_LAT, 120.0,
		                          10.0), 0);
	assert_int_equal(lk_ais_detect_finish(d), 0);
	assert_int_equal(ev.n, expect);
	if (expect) {
		assert_int_equal(ev.e[0].type, LK_AIS_EV_LOITERING);
		assert_true(ev.e[0].start == T0 && ev.e[0].end == last_slow);
		assert_true(fabs(ev.e[0].speed_kn - 1.0) < 1e-6);
		assert_true(fabs(ev.e[0].lat - (20.0 + minutes * 0.5e-5)) < 1e-4);
	}
	lk_ais_detect_free(d);
}

static void test_detect__loitering_4_h_below_2_kn(void **state)
{
	(void)state;
	loiter_case(240, 1, NULL);
	loiter_case(235, 0, NULL);
	static const char port[] = "20.0,120.05,HARBOUR\n";  /* 5.2 km away */
	lk_ais_ports *p = NULL;
	assert_int_equal(lk_ais_ports_parse(&p, port, strlen(port)), 0);
	loiter_case(300, 0, p);
	lk_ais_ports_free(p);
}

/* ---- dark periods and the zone ---- */

static lk_ais_zone *prk(void)
{
	lk_ais_zone *z = NULL;
	assert_int_equal(lk_ais_zone_load(&z, lk_test_data("geo/eez_prk.geojson"), "PRK_EEZ"), 0);
	return z;
}

static void dark_case(lk_ais_zone *z, int64_t gap, double lat0, double lon0, double lat1,
                      double lon1, size_t expect, bool near)
{
	lk_ais_detect *d = new_detect(NULL, z, NULL);
	assert_int_equal(feed_pos(d, A_MMSI, T0, lat0, lon0, 8.0), 0);
	assert_int_equal(feed_pos(d, A_MMSI, T0 + gap, lat1, lon1, 8.0), 0);
	assert_int_equal(lk_ais_detect_finish(d), 0);
	assert_int_equal(count_type(&ev, LK_AIS_EV_DARK), expect);
	if (expect) {
		const lk_ais_event *e = first_type(&ev, LK_AIS_EV_DARK);
		assert_true(e->start == T0 && e->end == T0 + gap);
		assert_true(fabs(e->gap_h - gap / 3600.0) < 1e-9);
		assert_true(fabs(e->start_lat - lat0) < 1e-5 && fabs(e->start_lon - lon0) < 1e-5);
		assert_true(fabs(e->end_lat - lat1) < 1e-5 && fabs(e->end_lon - lon1) < 1e-5);
		if (near)
			assert_string_equal(e->near_zone, "PRK_EEZ");
		else
			assert_null(e->near_zone);
	}
	lk_ais_detect_free(d);
}

static void test_detect__dark_12_h_marked_near_the_eez(void **state)
{
	(void)state;
	lk_ais_zone *z = prk();
	/* far outside (37.0, 124.0) to 35 km outside (38.3, 129.5): near */
	dark_case(z, 12 * 3600, 37.0, 124.0, 38.3, 129.5, 1, true);
	dark_case(z, 12 * 3600 - 60, 37.0, 124.0, 38.3, 129.5, 0, false);
	/* both ends far: 68 km outside (38.0, 129.0) is not near */
	dark_case(z, 20 * 3600, 37.0, 124.0, 38.0, 129.0, 1, false);
	/* begins inside */
	dark_case(z, 13 * 3600, 40.0, 129.0, 37.0, 129.0, 1, true);
	lk_ais_zone_free(z);
}

static void test_detect__zone_entry_when_crossing_in(void **state)
{
	(void)state;
	lk_ais_zone *z = prk();
	assert_false(lk_ais_zone_contains(z, 38.6, 129.5));
	assert_true(lk_ais_zone_contains(z, 38.7, 129.5));
	lk_ais_detect *d = new_detect(NULL, z, NULL);
	/* 0.1 degree of latitude per 30 min is 12 kn northward from 38.3 N */
	for (int i = 0; i <= 10; i++)
		assert_int_equal(feed_pos(d, A_MMSI, T0 + i * 1800, 38.3 + 0.1 * i, 129.5, 12.0), 0);
	/* a vessel first seen inside has not entered */
	for (int i = 0; i <= 10; i++)
		assert_int_equal(feed_pos(d, B_MMSI, T0 + i * 1800, 40.0 + 0.1 * i, 129.5, 12.0), 0);
	assert_int_equal(lk_ais_detect_finish(d), 0);
	assert_int_equal(ev.n, 1);
	const lk_ais_event *e = &ev.e[0];
	assert_int_equal(e->type, LK_AIS_EV_ZONE_ENTRY);
	assert_int_equal(e->mmsi, A_MMSI);
	assert_true(e->start == T0 + 3 * 1800 && e->end == T0 + 4 * 1800);
	assert_true(fabs(e->lat - 38.7) < 1e-5);
	assert_string_equal(e->zone, "PRK_EEZ");
	lk_ais_detect_free(d);
	lk_ais_zone_free(z);
}

static lk_ais_zone *random_zone;
static const lk_ais_zone *prk_zone_for_random(void)
{
	random_zone = prk();
	return random_zone;
}

/* ---- spoofing ---- */

static void test_detect__spoofed_jump_is_one_event(void **state)
{
	(void)state;
	lk_ais_detect *d = new_detect(NULL, NULL, NULL);
	/* 12 kn northward: 0.2 nmi a minute; one report 100 km east, then back on track */
	for (int i = 0; i <= 60; i++) {
		double lat = 10.0 + i * 0.2 * 1852.0 / M_PER_DEG_LAT;
		double lon = i == 30 ? 10.0 + 100000.0 / (M_PER_DEG_LAT * cos(lat * M_PI / 180)) : 10.0;
		assert_int_equal(feed_pos(d, A_MMSI, T0 + i * 60, lat, lon, 12.0), 0);
		assert_int_equal(feed_pos(d, B_MMSI, T0 + i * 60, lat + 0.5, 10.0, 12.0), 0);
	}
	assert_int_equal(lk_ais_detect_finish(d), 0);
	assert_int_equal(ev.n, 1);
	const lk_ais_event *e = &ev.e[0];
	assert_int_equal(e->type, LK_AIS_EV_SPOOFING);
	assert_int_equal(e->mmsi, A_MMSI);
	assert_true(e->start == T0 + 29 * 60 && e->end == T0 + 31 * 60);
	assert_true(e->speed_kn > 3000.0);  /* 100 km in a minute */
	lk_ais_detect_free(d);
}

/* ---- memory ---- */

/* Vessels that each report for 6 h, a new one every 5 min, for `days`. */
static lk_ais_detect_stats long_stream(int days)
{
	lk_ais_detect *d = new_detect(NULL, NULL, NULL);
	int64_t ticks = (int64_t)days * 288;
	for (int64_t k = 0; k < ticks; k++) {
		int64_t t = T0 + k * 300;
		/* vessels k-71 .. k are active; they report every 10 min */
		for (int64_t j = k - 71; j <= k; j++) {
			if (j < 0 || (k - j) % 2 != 0)
				continue;
			double lat = -60.0 + (double)(j % 1200) * 0.1;
			double lon = -170.0 + (double)((k - j) * 300) * 10.0 * 1852.0 / 3600.0 /
			                          (M_PER_DEG_LAT * cos(lat * M_PI / 180)) +
			             (double)((j / 1200) % 300);
			assert_int_equal(feed_pos(d, 200000000u + (uint32_t)j, t, lat, lon, 10.0), 0);
		}
	}
	assert_int_equal(lk_ais_detect_finish(d), 0);
	lk_ais_detect_stats st = *lk_ais_detect_stats_get(d);
	assert_int_equal(ev.n, 0);
	lk_ais_detect_free(d);
	return st;
}

static void test_detect__memory_is_bounded_by_the_window(void **state)
{
	(void)state;
	lk_ais_detect_stats s10 = long_stream(10), s30 = long_stream(30);
	print_message("10 days: %ld positions, peak %zu vessels, %.2f MB; 30 days: %ld positions, "
	              "peak %zu vessels, %.2f MB, %ld evicted\n", s10.positions, s10.peak_vessels,
	              s10.peak_bytes / 1048576.0, s30.positions, s30.peak_vessels,
	              s30.peak_bytes / 1048576.0, s30.evicted_vessels);
	/* a new vessel every 5 min, each silent after 6 h, forgotten 72 h later (checked
	 * hourly): at most (6 + 72 + 1) h * 12 vessels are held */
	assert_true(s30.peak_vessels <= 79 * 12);
	assert_true(s30.peak_vessels <= s10.peak_vessels + 12);
	assert_true(s30.evicted_vessels >= 30 * 288 - 79 * 12);
	assert_true(s30.positions > 3 * s10.positions - 1000);
	assert_true(s30.peak_bytes <= s10.peak_bytes + s10.peak_bytes / 10);
}

/* ---- adversarial input ---- */

static void test_detect__random_messages_never_break_the_detector(void **state)
{
	(void)state;
	/* 200,000 messages: 120 MMSIs, times mostly forward with jumps back and far ahead,
	 * positions anywhere (antimeridian, poles), speeds and strings at random; small caps so
	 * that the drops are exercised. Nothing may crash, leak or exceed the caps. */
	const char *p[] = {"max_vessels=100", "max_pairs=50", "window_h=2", "step_s=60", NULL};
	lk_ais_detect *d = new_detect(p, prk_zone_for_random(), NULL);
	uint64_t r = 0x853c49e6748fea9bULL;
	int64_t t = T0;
	for (int i = 0; i < 200000; i++) {
		r ^= r << 13, r ^= r >> 7, r ^= r << 17;
		unsigned k = (unsigned)(r % 1000);
		t += k < 990 ? (int64_t)(r >> 40) % 10 : k < 995 ? -(int64_t)((r >> 40) % 600)
		                                                 : (int64_t)((r >> 40) % 20000);
		uint32_t mmsi = 412000000u + (uint32_t)((r >> 20) % 120);
		lk_ais_msg m;
		if (k % 7 == 0) {
			char name[21];
			snprintf(name, sizeof(name), "N%u\"%u", (unsigned)(r % 5), (unsigned)(r >> 60));
			m = static_msg(mmsi, name, k % 2 ? "AB\\CD" : "", (uint32_t)((r >> 8) % 2000000000));
		} else {
			double lat = (double)((r >> 24) % 18001) / 100.0 - 90.0;
			double lon = (double)((r >> 8) % 36001) / 100.0 - 180.0;
			if (mmsi % 2 == 0)  /* half the vessels stay in a 1 km box: many close pairs */
				lat = 40.0 + (double)(r % 100) * 1e-4, lon = 130.0 + (double)(r % 77) * 1e-4;
			m = pos_msg(mmsi, lat, lon, k % 5 == 0 ? -1.0 : (double)(r % 1023) / 10.0);
			m.type = k % 11 == 0 ? 18 : 1;
			if (m.type == 18) {
				m.u.cb.lat = m.u.pos.lat, m.u.cb.lon = m.u.pos.lon;
				m.u.cb.speed = 1023, m.u.cb.course = 3600, m.u.cb.heading = 511;
			}
		}
		assert_int_equal(lk_ais_detect_add(d, &m, k == 999 ? -1 : t), 0);
		const lk_ais_detect_stats *st = lk_ais_detect_stats_get(d);
		assert_true(st->vessels <= 100 && st->pairs <= 50);
	}
	assert_int_equal(lk_ais_detect_finish(d), 0);
	const lk_ais_detect_stats *st = lk_ais_detect_stats_get(d);
	print_message("random: %ld positions, %ld out of order, %ld late, %ld evicted, %ld dropped "
	              "vessels, %ld dropped pairs, %ld dropped IMOs, %zu events, peak %.2f MB\n",
	              st->positions, st->out_of_order, st->late_steps, st->evicted_vessels,
	              st->dropped_vessels, st->dropped_pairs, st->dropped_imos, ev.n,
	              st->peak_bytes / 1048576.0);
	assert_true(st->untimed > 0 && st->out_of_order > 0 && st->evicted_vessels > 0);
	assert_true(st->dropped_pairs > 0 && st->dropped_vessels > 0 && st->late_steps > 0);
	assert_true(st->dropped_imos > 0);
	assert_true(st->peak_bytes < 2u << 20);
	lk_ais_detect_free(d);
	lk_ais_zone_free(random_zone);
	random_zone = NULL;
}

static void test_detect__batch_gives_the_events_of_single_calls(void **state)
{
	(void)state;
	/* the 400-vessel grid with its one close pair, and a dark period, in batches of 37 */
	static lk_ais_msg msgs[16000];
	static int64_t times[16000];
	size_t n = 0;
	for (int i = 0; i <= 150; i += 5) {
		for (uint32_t k = 0; k < 400; k += 8) {
			double lat = 35.0 + (k / 20) * 1000.0 / M_PER_DEG_LAT;
			double lon = 140.0 + (k % 20) * 1000.0 / (M_PER_DEG_LAT * cos(35.0 * M_PI / 180));
			msgs[n] = pos_msg(431000000u + k, lat, lon, 0.3);
			times[n++] = T0 + i * 60;
		}
		msgs[n] = pos_msg(431999999u, 35.0 + 300.0 / M_PER_DEG_LAT, 140.0, 0.3);
		times[n++] = T0 + i * 60;
	}
	msgs[n] = pos_msg(431000008u, 36.0, 141.0, 5.0);
	times[n++] = T0 + 20 * 3600;
	events single;
	lk_ais_detect *d = new_detect(NULL, NULL, NULL);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(lk_ais_detect_add(d, &msgs[i], times[i]), 0);
	assert_int_equal(lk_ais_detect_finish(d), 0);
	single = ev;
	lk_ais_detect_free(d);
	d = new_detect(NULL, NULL, NULL);
	for (size_t i = 0; i < n; i += 37)
		assert_int_equal(lk_ais_detect_add_batch(d, &msgs[i], &times[i], n - i < 37 ? n - i : 37),
		                 0);
	assert_int_equal(lk_ais_detect_finish(d), 0);
	assert_int_equal(ev.n, single.n);
	assert_true(ev.n == 2 && count_type(&ev, LK_AIS_EV_ENCOUNTER) == 1 &&
	            count_type(&ev, LK_AIS_EV_DARK) == 1);
	for (size_t i = 0; i < ev.n; i++) {
		const lk_ais_event *a = &ev.e[i], *b = &single.e[i];
		assert_true(a->type == b->type && a->mmsi == b->mmsi && a->other_mmsi == b->other_mmsi);
		assert_true(a->start == b->start && a->end == b->end);
		assert_true(a->lat == b->lat && a->lon == b->lon && a->distance_m == b->distance_m);
	}
	lk_ais_detect_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect__encounter_499_m_for_2_h_is_one_event),
		cmocka_unit_test(test_detect__encounter_501_m_is_none),
		cmocka_unit_test(test_detect__encounter_needs_2_h),
		cmocka_unit_test(test_detect__encounter_needs_median_speed_below_2_kn),
		cmocka_unit_test(test_detect__encounters_3h59_apart_merge_4h01_do_not),
		cmocka_unit_test(test_detect__encounter_near_a_port_is_dropped),
		cmocka_unit_test(test_detect__encounter_found_among_many_vessels),
		cmocka_unit_test(test_detect__loitering_4_h_below_2_kn),
		cmocka_unit_test(test_detect__dark_12_h_marked_near_the_eez),
		cmocka_unit_test(test_detect__zone_entry_when_crossing_in),
		cmocka_unit_test(test_detect__spoofed_jump_is_one_event),
		cmocka_unit_test(test_detect__memory_is_bounded_by_the_window),
		cmocka_unit_test(test_detect__random_messages_never_break_the_detector),
		cmocka_unit_test(test_detect__batch_gives_the_events_of_single_calls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
