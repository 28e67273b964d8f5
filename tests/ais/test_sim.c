/*
 * test_sim.c - the AIS simulator: its NMEA decodes with zero errors into exactly the
 * messages it meant; the scripted kinematics hold when measured on the decoded output (the
 * rendezvous pair within 100-300 m below 2 kn for the scripted hours, the dark gap, the
 * spoofed jump, the identity swap, the zone entry); the ground truth agrees with the decoded
 * output; background traffic never comes near a detector's threshold; output is the same for
 * a seed and differs between seeds; bad scenarios are refused with errors that say where.
 * Several seeds, on tests/fixtures/ais/scenario_dprk.json.
 */
#define _XOPEN_SOURCE 700  /* nftw */
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "lk_test.h"
#include "ais/sim_int.h"

typedef struct dpos {
	uint32_t mmsi;
	int64_t t;
	double lat, lon, sog;
} dpos;

typedef struct dstat {
	uint32_t mmsi;
	int64_t t;
	uint32_t imo;
	char name[21], callsign[8];
} dstat;

typedef struct run {
	dpos *pos;
	size_t npos;
	dstat *st;
	size_t nst;
	long messages, errors;
	uint64_t hash;
	json_t *truth;            /* array of events */
	int64_t start, duration;
	lk_ais_scenario *sc;
} run;

static void on_err(void *ud, lk_ais_error_kind kind, long line, const char *msg)
{
	(void)ud;
	print_message("decode error line %ld: %s: %s\n", line, lk_ais_error_name(kind), msg);
}

/* Simulate, feed every line to the decoder, keep what was decoded. */
static void simulate(run *r, uint64_t seed, long background)
{
	memset(r, 0, sizeof(*r));
	assert_int_equal(lk_ais_scenario_load(&r->sc, lk_test_fixture("ais/scenario_dprk.json")), 0);
	lk_ais_sim_options o = LK_AIS_SIM_OPTIONS_INIT;
	o.seed = seed;
	o.background = background;
	lk_ais_sim *s;
	assert_int_equal(lk_ais_sim_new(&s, r->sc, &o), 0);
	lk_ais_options dopts = LK_AIS_OPTIONS_INIT;
	dopts.on_error = on_err;
	lk_ais_decoder *d;
	assert_int_equal(lk_ais_decoder_new(&d, &dopts), 0);
	size_t cappos = 1 << 16, capst = 1 << 12;
	r->pos = malloc(cappos * sizeof(dpos));
	r->st = malloc(capst * sizeof(dstat));
	assert_non_null(r->pos);
	assert_non_null(r->st);
	r->hash = 1469598103934665603ull;
	char buf[512];
	lk_ais_msg want, got;
	int n;
	while ((n = lk_ais_sim_next_nmea(s, buf, sizeof(buf), &want)) > 0) {
		for (int i = 0; i < n; i++)
			r->hash = (r->hash ^ (unsigned char)buf[i]) * 1099511628211ull;
		int decoded = 0;
		for (char *p = buf; *p;) {
			char *nl = strchr(p, '\n');
			assert_non_null(nl);
			if (lk_ais_decoder_line(d, &got, p, (size_t)(nl - p)) == 1)
				decoded++;
			p = nl + 1;
		}
		/* one message in, the same message out */
		assert_int_equal(decoded, 1);
		char ja[8192], jb[8192];
		assert_true(lk_ais_to_json(ja, sizeof(ja), &want, NULL, 0) > 0);
		assert_true(lk_ais_to_json(jb, sizeof(jb), &got, NULL, 0) > 0);
		assert_string_equal(ja, jb);
		assert_int_equal(got.tag_time, want.tag_time);
		r->messages++;
		if (got.type == 1) {
			if (r->npos == cappos) {
				cappos *= 2;
				r->pos = realloc(r->pos, cappos * sizeof(dpos));
				assert_non_null(r->pos);
			}
			double lat, lon;
			assert_true(lk_ais_has_position(&got, &lat, &lon));
			r->pos[r->npos++] = (dpos){got.mmsi, got.tag_time, lat, lon,
			                           got.u.pos.speed / 10.0};
		} else {
			assert_int_equal(got.type, 5);
			if (r->nst == capst) {
				capst *= 2;
				r->st = realloc(r->st, capst * sizeof(dstat));
				assert_non_null(r->st);
			}
			dstat *x = &r->st[r->nst++];
			x->mmsi = got.mmsi, x->t = got.tag_time, x->imo = got.u.stat.imo;
			memcpy(x->name, got.u.stat.shipname, sizeof(x->name));
			memcpy(x->callsign, got.u.stat.callsign, sizeof(x->callsign));
		}
	}
	assert_int_equal(n, 0);
	lk_ais_decoder_finish(d);
	for (int k = 0; k < LK_AIS_ERR_COUNT; k++)
		r->errors += lk_ais_decoder_stats(d)->errors[k];
	assert_int_equal(r->errors, 0);
	assert_int_equal(r->messages, lk_ais_sim_messages(s));
	char *truth;
	size_t tlen;
	assert_int_equal(lk_ais_sim_truth(s, &truth, &tlen), 0);
	/* a second call gives the same */
	char *again;
	assert_int_equal(lk_ais_sim_truth(s, &again, NULL), 0);
	assert_string_equal(truth, again);
	free(again);
	r->truth = json_array();
	for (char *p = truth, *nl; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		assert_non_null(nl);
		json_error_t e;
		json_t *ev = json_loadb(p, (size_t)(nl - p), 0, &e);
		assert_non_null(ev);
		json_array_append_new(r->truth, ev);
	}
	free(truth);
	r->start = lk_ais_scenario_start(r->sc);
	r->duration = lk_ais_scenario_duration(r->sc);
	lk_ais_decoder_free(d);
	lk_ais_sim_free(s);
}

static void dispose(run *r)
{
	free(r->pos);
	free(r->st);
	json_decref(r->truth);
	lk_ais_scenario_free(r->sc);
}

static int64_t utc(const char *s)
{
	int64_t t;
	assert_true(lk_ais__parse_utc(s, &t));
	return t;
}

/* The truth events of a type (and MMSI when not 0). */
static size_t truth_find(const run *r, const char *type, uint32_t mmsi, json_t **out, size_t max)
{
	size_t n = 0, i;
	json_t *ev;
	json_array_foreach(r->truth, i, ev) {
		if (strcmp(json_string_value(json_object_get(ev, "type")), type) != 0)
			continue;
		if (mmsi && (uint32_t)json_integer_value(json_object_get(ev, "mmsi")) != mmsi)
			continue;
		if (n < max)
			out[n] = ev;
		n++;
	}
	return n;
}

static int64_t ev_time(json_t *ev, const char *key)
{
	return utc(json_string_value(json_object_get(ev, key)));
}

/* The positions of one MMSI, in order. */
static size_t track(const run *r, uint32_t mmsi, dpos *out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < r->npos; i++)
		if (r->pos[i].mmsi == mmsi && n < max)
			out[n++] = r->pos[i];
	return n;
}

static bool scripted(const run *r, uint32_t mmsi)
{
	for (size_t i = 0; i < r->sc->nv; i++)
		for (size_t k = 0; k < r->sc->v[i].nident; k++)
			if (r->sc->v[i].ident[k].mmsi == mmsi)
				return true;
	return false;
}

#define MAXT 200000

static void check_rendezvous(const run *r)
{
	json_t *ev[4];
	assert_int_equal(truth_find(r, "encounter", 0, ev, 4), 1);
	assert_int_equal(json_integer_value(json_object_get(ev[0], "mmsi")), 352001001);
	assert_int_equal(json_integer_value(json_object_get(ev[0], "other_mmsi")), 445012345);
	int64_t t0 = ev_time(ev[0], "start"), t1 = ev_time(ev[0], "end");
	assert_int_equal(t1 - t0, 3 * 3600);
	dpos *a = malloc(MAXT * sizeof(dpos)), *b = malloc(MAXT * sizeof(dpos));
	size_t na = track(r, 352001001, a, MAXT), nb = track(r, 445012345, b, MAXT);
	size_t inside = 0, before = 0;
	double dmin = 1e9, dmax = 0;
	for (size_t i = 0; i < na; i++) {
		if (a[i].t >= t0 && a[i].t < t1) {
			/* b's report nearest in time, within the hold too */
			size_t best = nb;
			for (size_t k = 0; k < nb; k++)
				if (b[k].t >= t0 && b[k].t < t1 &&
				    (best == nb || llabs(b[k].t - a[i].t) < llabs(b[best].t - a[i].t)))
					best = k;
			if (best == nb || llabs(b[best].t - a[i].t) > 200)
				continue;
			double d = lk_ais_distance_m(a[i].lat, a[i].lon, b[best].lat, b[best].lon);
			dmin = d < dmin ? d : dmin;
			dmax = d > dmax ? d : dmax;
			assert_true(a[i].sog < 2.0 && b[best].sog < 2.0);
			inside++;
		} else if (a[i].t > t0 - 2 * 3600 && a[i].t < t0 - 60) {
			/* approaching at transit speed, clearly above 2 kn */
			assert_true(a[i].sog >= 5.0);
			before++;
		}
	}
	print_message("rendezvous: %zu reports in 3 h, %.0f-%.0f m apart\n", inside, dmin, dmax);
	assert_true(inside >= 3 * 3600 / 200);
	assert_true(before > 0);
	assert_true(dmin >= 100.0 && dmax <= 300.0);
	/* implied speed between consecutive reports within the hold: below 2 kn */
	for (size_t i = 1; i < na; i++)
		if (a[i - 1].t >= t0 && a[i].t < t1) {
			double kn = lk_ais_distance_m(a[i - 1].lat, a[i - 1].lon, a[i].lat, a[i].lon) /
			            (double)(a[i].t - a[i - 1].t) / SIM_KN;
			assert_true(kn < 2.0);
		}
	free(a);
	free(b);
}

/* Gaps of 12 h or more: only the scripted one, equal to the truth's. */
static void check_gaps_and_jumps(const run *r)
{
	json_t *ev[4];
	assert_int_equal(truth_find(r, "dark", 0, ev, 4), 1);
	assert_int_equal(json_integer_value(json_object_get(ev[0], "mmsi")), 445012345);
	assert_string_equal(json_string_value(json_object_get(ev[0], "near_eez")), "PRK");
	int64_t d0 = ev_time(ev[0], "start"), d1 = ev_time(ev[0], "end");
	json_t *sp[4];
	assert_int_equal(truth_find(r, "spoofing", 0, sp, 4), 1);
	uint32_t spoofer = (uint32_t)json_integer_value(json_object_get(sp[0], "mmsi"));
	int64_t s0 = ev_time(sp[0], "start"), s1 = ev_time(sp[0], "end");
	long gaps = 0, jumps = 0;
	dpos *t = malloc(MAXT * sizeof(dpos));
	for (size_t v = 0; v < r->sc->nv; v++) {
		uint32_t mmsi = r->sc->v[v].ident[0].mmsi;
		size_t n = track(r, mmsi, t, MAXT);
		assert_true(n > 100);
		for (size_t i = 1; i < n; i++) {
			int64_t dt = t[i].t - t[i - 1].t;
			assert_true(dt > 0);
			if (dt >= 12 * 3600) {
				gaps++;
				assert_int_equal(mmsi, 445012345);
				assert_int_equal(t[i - 1].t, d0);
				assert_int_equal(t[i].t, d1);
			} else {
				/* every other silence is far below the threshold */
				assert_true(dt <= 11 * 3600 + 200 || (mmsi == 445012345 && dt < 12 * 3600));
			}
			double kn = lk_ais_distance_m(t[i - 1].lat, t[i - 1].lon, t[i].lat, t[i].lon) /
			            (double)dt / SIM_KN;
			if (kn > 50.0) {
				jumps++;
				assert_int_equal(mmsi, spoofer);
				assert_true(t[i - 1].t >= s0 && t[i].t <= s1);
			} else {
				/* all other legs stay below the 25 kn that splits a track */
				assert_true(kn < 25.0);
			}
		}
	}
	free(t);
	assert_int_equal(gaps, 1);
	assert_int_equal(jumps, 2);  /* to the false position and back */
}

static void check_identity(const run *r)
{
	json_t *ev[8];
	assert_int_equal(truth_find(r, "identity_change", 0, ev, 8), 2);
	/* from the last static report of the old identity to the first of the new */
	int64_t at = ev_time(ev[0], "end");
	assert_int_equal(at, r->start + 18 * 3600);
	assert_true(ev_time(ev[0], "start") < at && ev_time(ev[0], "start") >= at - 360);
	for (size_t i = 0; i < r->nst; i++) {
		const dstat *x = &r->st[i];
		if (x->mmsi != 477001234)
			continue;
		assert_string_equal(x->name, x->t < at ? "SIM TRADER C" : "SIM NEW TRADER");
		assert_string_equal(x->callsign, x->t < at ? "VRSC3" : "T8NT4");
	}
	/* the change is broadcast at once */
	bool seen = false;
	for (size_t i = 0; i < r->nst; i++)
		seen |= r->st[i].mmsi == 477001234 && r->st[i].t == at;
	assert_true(seen);
	assert_int_equal(truth_find(r, "designated", 511100777, ev, 8), 1);
	assert_int_equal(json_integer_value(json_object_get(ev[0], "imo")), 8660313);
	assert_int_equal(truth_find(r, "bad_imo", 667001122, ev, 8), 1);
	assert_int_equal(truth_find(r, "shared_imo", 538007001, ev, 8), 1);
	assert_int_equal(json_array_size(json_object_get(ev[0], "mmsis")), 2);
	assert_int_equal(truth_find(r, "loitering", 412345678, ev, 8), 1);
	/* the slow reports of the 5 h hold, to the report */
	int64_t l0 = ev_time(ev[0], "start"), l1 = ev_time(ev[0], "end");
	assert_true(l0 >= r->start + 20 * 3600 && l0 < r->start + 20 * 3600 + 200);
	assert_true(l1 < r->start + 25 * 3600 && l1 > r->start + 25 * 3600 - 200);
	/* nothing else: 10 events in all */
	assert_int_equal(json_array_size(r->truth), 10);
}

static void check_zone(const run *r)
{
	json_t *ev[4];
	assert_int_equal(truth_find(r, "zone_entry", 0, ev, 4), 1);
	assert_string_equal(json_string_value(json_object_get(ev[0], "zone")), "PRK_EEZ");
	int64_t z0 = ev_time(ev[0], "start"), z1 = ev_time(ev[0], "end");
	dpos *t = malloc(MAXT * sizeof(dpos));
	size_t n = track(r, 445012345, t, MAXT);
	/* from the last position outside to the first inside, measured on the decoded track */
	int64_t before = -1, first = -1;
	for (size_t i = 1; i < n && first < 0; i++)
		if (lk_ais_zone_contains(r->sc->zone, t[i].lat, t[i].lon)) {
			assert_false(lk_ais_zone_contains(r->sc->zone, t[i - 1].lat, t[i - 1].lon));
			before = t[i - 1].t;
			first = t[i].t;
		}
	free(t);
	assert_int_equal(before, z0);
	assert_int_equal(first, z1);
	/* and no other vessel, scripted or not, is ever inside */
	for (size_t i = 0; i < r->npos; i++)
		if (r->pos[i].mmsi != 445012345)
			assert_false(lk_ais_zone_contains(r->sc->zone, r->pos[i].lat, r->pos[i].lon));
}

/* Every number that follows "IMO" (7 digits) or "MMSI" (9 digits) in the list files of the
 * shared data: what a designated-vessel check could match. */
static uint32_t listed[1 << 16];
static size_t nlisted;

static void scan_numbers(const char *text, size_t len, const char *tag, size_t digits)
{
	size_t tl = strlen(tag);
	/* text is NUL-terminated (lk_test_read_file) */
	for (const char *p = text; (p = strstr(p, tag)) != NULL; p += tl) {
		const char *q = p + tl, *end = text + len;
		int skip = 0;
		while (q < end && skip < 30 && (*q < '0' || *q > '9'))
			q++, skip++;
		uint32_t v = 0;
		size_t n = 0;
		while (q < end && *q >= '0' && *q <= '9' && n <= digits)
			v = v * 10 + (uint32_t)(*q++ - '0'), n++;
		if (n == digits && nlisted < sizeof(listed) / sizeof(listed[0]))
			listed[nlisted++] = v;
	}
}

static int scan_file(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)ftw;
	if (flag != FTW_F)
		return 0;
	size_t len;
	char *text = lk_test_read_file(path, &len);
	scan_numbers(text, len, "IMO", 7);
	scan_numbers(text, len, "MMSI", 9);
	scan_numbers(text, len, "imoNumber", 7);
	scan_numbers(text, len, "mmsi", 9);
	free(text);
	return 0;
}

static bool is_listed(uint32_t v)
{
	if (nlisted == 0) {
		assert_int_equal(nftw(lk_test_data("lists"), scan_file, 16, FTW_PHYS), 0);
		assert_true(nlisted > 500);  /* the OFAC vessels alone have 842 IMO numbers */
	}
	for (size_t i = 0; i < nlisted; i++)
		if (listed[i] == v)
			return true;
	return false;
}

/* Background vessels: fast, regular, unique valid identities, away from the zone. */
static void check_background(const run *r, long expected)
{
	typedef struct bgv {
		uint32_t mmsi;
		int64_t last_t;
		double lat, lon;
		long n;
	} bgv;
	bgv *v = calloc((size_t)expected + 1, sizeof(bgv));
	size_t nv = 0;
	for (size_t i = 0; i < r->npos; i++) {
		const dpos *p = &r->pos[i];
		if (scripted(r, p->mmsi))
			continue;
		size_t k = 0;
		while (k < nv && v[k].mmsi != p->mmsi)
			k++;
		if (k == nv) {
			assert_true(nv < (size_t)expected);
			v[nv++] = (bgv){p->mmsi, p->t, p->lat, p->lon, 0};
			assert_true(p->t - r->start <= 180);  /* present from the start */
			assert_int_not_equal(p->mmsi / 1000000, 445);
		} else {
			int64_t dt = p->t - v[k].last_t;
			assert_true(dt > 0 && dt <= 200);  /* never dark: 10 s to 3 min (+10 %) */
			double kn = lk_ais_distance_m(v[k].lat, v[k].lon, p->lat, p->lon) / (double)dt /
			            SIM_KN;
			/* never slow, never a jump: the implied speed stays below 15.5 kn, and above
			 * 3 kn even over a report interval that straddles a turn (at most 120
			 * degrees, so the chord is at least half the path) */
			if (!(kn > 3.0 && kn < 15.5))
				fail_msg("MMSI %u: %.1f kn over %lld s", p->mmsi, kn, (long long)dt);
		}
		assert_true(p->sog >= 7.9 && p->sog <= 15.1);
		/* about 10 km clear of the zone */
		assert_true(lk_ais_zone_distance_m(r->sc->zone, p->lat, p->lon, 20000.0) >= 9000.0);
		v[k].last_t = p->t, v[k].lat = p->lat, v[k].lon = p->lon, v[k].n++;
	}
	assert_int_equal(nv, (size_t)expected);
	for (size_t k = 0; k < nv; k++)
		assert_true(r->start + r->duration - v[k].last_t <= 200);  /* to the end */
	/* identities: constant per MMSI, valid IMO, unique IMOs across all MMSIs */
	for (size_t i = 0; i < r->nst; i++) {
		const dstat *x = &r->st[i];
		if (scripted(r, x->mmsi))
			continue;
		assert_true(lk_ais__imo_ok(x->imo));
		bool first = true;
		for (size_t j = 0; j < i; j++) {
			const dstat *y = &r->st[j];
			if (y->mmsi == x->mmsi) {
				assert_int_equal(y->imo, x->imo);
				assert_string_equal(y->name, x->name);
				assert_string_equal(y->callsign, x->callsign);
				first = false;
				break;  /* the earlier ones were compared with this one already */
			}
		}
		/* nothing a designated-vessel check could match */
		if (first && (is_listed(x->imo) || is_listed(x->mmsi)))
			fail_msg("background MMSI %u / IMO %u is in a list", x->mmsi, x->imo);
	}
	for (size_t i = 0; i < r->nst; i++)
		for (size_t j = i + 1; j < r->nst && j < i + 4000; j++)
			if (r->st[i].imo == r->st[j].imo && r->st[i].mmsi != r->st[j].mmsi)
				/* only the scripted shared IMO */
				assert_int_equal(r->st[i].imo, 1900441);
	free(v);
}

static void test_ais_sim__scenario_holds_on_decoded_output_for_several_seeds(void **state)
{
	(void)state;
	static const uint64_t seeds[] = {1, 7, 20260301};
	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		run r;
		simulate(&r, seeds[i], 25);
		print_message("seed %llu: %ld messages, %zu positions, %zu truth events\n",
		              (unsigned long long)seeds[i], r.messages, r.npos,
		              json_array_size(r.truth));
		check_rendezvous(&r);
		check_gaps_and_jumps(&r);
		check_identity(&r);
		check_zone(&r);
		check_background(&r, 25);
		dispose(&r);
	}
}

static void test_ais_sim__full_background_triggers_nothing(void **state)
{
	(void)state;
	run r;
	simulate(&r, 42, -1);  /* the scenario's 150 background vessels */
	check_background(&r, 150);
	check_gaps_and_jumps(&r);
	assert_int_equal(json_array_size(r.truth), 10);
	dispose(&r);
}

static void test_ais_sim__same_seed_same_bytes(void **state)
{
	(void)state;
	run a, b, c;
	simulate(&a, 99, 10);
	simulate(&b, 99, 10);
	simulate(&c, 100, 10);
	assert_true(a.hash == b.hash);
	assert_int_equal(a.messages, b.messages);
	assert_true(a.hash != c.hash);
	/* the scripted events do not depend on the seed; their report times do */
	assert_int_equal(json_array_size(a.truth), json_array_size(c.truth));
	dispose(&a);
	dispose(&b);
	dispose(&c);
}

/* A minimal valid scenario with one vessel; %s is spliced in as extra events. */
static int parse_with(const char *vessels, const char *events, const char *top)
{
	char doc[8192];
	snprintf(doc, sizeof(doc),
	         "{\"start\":\"2026-03-01T00:00:00Z\",\"hours\":48%s,\"vessels\":[%s],"
	         "\"events\":[%s]}",
	         top, vessels, events);
	lk_ais_scenario *sc = NULL;
	int rc = lk_ais_scenario_parse(&sc, doc, strlen(doc), NULL);
	lk_ais_scenario_free(sc);
	return rc;
}

#define V1 "{\"id\":\"a\",\"mmsi\":352000001,\"route\":[{\"t\":0,\"lat\":38,\"lon\":134}," \
           "{\"t\":30,\"lat\":41,\"lon\":137}]}"
#define V2 "{\"id\":\"b\",\"mmsi\":352000002,\"route\":[{\"t\":0,\"lat\":40,\"lon\":134}," \
           "{\"t\":30,\"lat\":38,\"lon\":137}]}"

static void test_ais_sim__bad_scenarios_are_refused_with_their_place(void **state)
{
	(void)state;
	static const struct {
		const char *vessels, *events, *top;
		int code;
		const char *msg;
	} cases[] = {
		{V1, "", "", 0, NULL},
		{V1 "," V2, "{\"type\":\"dark\",\"vessel\":\"a\",\"start\":10,\"hours\":13}", "", 0,
		 NULL},
		{V1, "", ",\"hourz\":3", LK_EFORMAT, "unknown key \"hourz\""},
		{V1, "{\"type\":\"dark\",\"vessel\":\"a\",\"start\":10,\"hours\":11.5}", "",
		 LK_EINVALID, "events[0]: a dark period of 11.50 h is too close"},
		{V1, "{\"type\":\"dark\",\"vessel\":\"z\",\"start\":10,\"hours\":13}", "", LK_EINVALID,
		 "events[0]: no vessel \"z\""},
		{V1, "{\"type\":\"dark\",\"vessel\":\"a\",\"start\":35,\"hours\":13}", "", LK_EINVALID,
		 "must begin and end while the vessel sails"},
		{V1 "," V2, "{\"type\":\"encounter\",\"vessels\":[\"a\",\"b\"],\"start\":10,"
		 "\"hours\":1.5,\"lat\":39,\"lon\":135}", "", LK_EINVALID, "too close to the 2 h"},
		{V1 "," V2, "{\"type\":\"encounter\",\"vessels\":[\"a\",\"b\"],\"start\":10,"
		 "\"hours\":4,\"lat\":39,\"lon\":135}", "", LK_EINVALID, "4 h loitering threshold"},
		/* a 3 h rendezvous 10 h in: both legs to it are too slow or too fast */
		{V1 "," V2, "{\"type\":\"encounter\",\"vessels\":[\"a\",\"b\"],\"start\":1,"
		 "\"hours\":3,\"lat\":39.5,\"lon\":135.5}", "", LK_EINVALID, "needs"},
		{"{\"id\":\"a\",\"mmsi\":352000001,\"route\":[{\"t\":0,\"lat\":38,\"lon\":134},"
		 "{\"t\":1,\"lat\":41,\"lon\":137}]}", "", "", LK_EINVALID,
		 "vessel \"a\": the leg from 0.000 h to 1.000 h needs"},
		{V1 "," V1, "", "", LK_EINVALID, "vessels[1]: duplicate vessel id"},
		{"{\"id\":\"a\",\"mmsi\":352000001,\"name\":\"caf\xc3\xa9\",\"route\":[]}", "", "",
		 LK_EINVALID, "not in the AIS sixbit table"},
		{"{\"id\":\"a\",\"mmsi\":352000001,\"route\":[{\"t\":0,\"lat\":95,\"lon\":134}]}", "",
		 "", LK_EFORMAT, "\"route\" must be an array of 2"},
		{V1, "{\"type\":\"spoofing\",\"vessel\":\"a\",\"at\":10,\"lat\":39.05,\"lon\":135.0}", "",
		 LK_EINVALID, "less than 20 km"},
		{V1, "{\"type\":\"teleport\",\"vessel\":\"a\"}", "", LK_EINVALID,
		 "unknown event type \"teleport\""},
		{V1, "", ",\"background\":{\"vessels\":5}", LK_EFORMAT, "needs an \"area\""},
		{V1, "{\"type\":\"identity_change\",\"vessel\":\"a\",\"at\":10}", "", LK_EINVALID,
		 "the identity does not change"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = parse_with(cases[i].vessels, cases[i].events, cases[i].top);
		if (rc != cases[i].code)
			fail_msg("case %zu: rc %d, expected %d (%s)", i, rc, cases[i].code,
			         rc ? lk_error_last()->message : "");
		if (cases[i].msg && !strstr(lk_error_last()->message, cases[i].msg))
			fail_msg("case %zu: \"%s\" does not say \"%s\"", i, lk_error_last()->message,
			         cases[i].msg);
	}
	/* not JSON at all, with the line */
	lk_ais_scenario *sc;
	assert_int_equal(lk_ais_scenario_parse(&sc, "{\n\"start\":", 10, NULL), LK_EFORMAT);
	assert_non_null(strstr(lk_error_last()->message, "line 2"));
	assert_null(sc);
	/* a zone file that does not exist */
	char *dir = lk_test_tmpdir();
	char path[1024];
	snprintf(path, sizeof(path), "%s/s.json", dir);
	const char *doc = "{\"start\":\"2026-03-01T00:00:00Z\",\"hours\":1,\"zone\":\"nope.geojson\"}";
	lk_test_write_file(path, doc, strlen(doc));
	assert_int_equal(lk_ais_scenario_load(&sc, path), LK_EIO);
	assert_non_null(strstr(lk_error_last()->message, "nope.geojson not found"));
	lk_test_rmtree(dir);
	free(dir);
}

static void test_ais_sim__long_streams_stay_bounded(void **state)
{
	(void)state;
	/* 2000 background vessels for 2 h: about 180k messages, all from a fixed-size state */
	lk_ais_scenario *sc;
	const char *doc = "{\"start\":\"2026-03-01T00:00:00Z\",\"hours\":2,"
	                  "\"area\":{\"south\":30,\"west\":150,\"north\":40,\"east\":170},"
	                  "\"background\":{\"vessels\":2000}}";
	assert_int_equal(lk_ais_scenario_parse(&sc, doc, strlen(doc), NULL), 0);
	lk_ais_sim *s;
	assert_int_equal(lk_ais_sim_new(&s, sc, NULL), 0);
	lk_ais_msg m;
	int64_t prev = 0;
	long n = 0, statics = 0;
	while (lk_ais_sim_next(s, &m) == 1) {
		assert_true(m.tag_time >= prev);  /* time order */
		prev = m.tag_time;
		statics += m.type == 5;
		n++;
	}
	print_message("%ld messages (%ld static) from 2000 vessels in 2 h\n", n, statics);
	/* each vessel: 7200 s / 10-180 s positions, 20 statics */
	assert_true(n > 2000 * 40 && n < 2000 * 800);
	assert_true(statics >= 2000 * 19 && statics <= 2000 * 21);
	char *truth;
	size_t len;
	assert_int_equal(lk_ais_sim_truth(s, &truth, &len), 0);
	assert_int_equal(len, 0);  /* background only: no event */
	free(truth);
	lk_ais_sim_free(s);
	lk_ais_scenario_free(sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ais_sim__scenario_holds_on_decoded_output_for_several_seeds),
		cmocka_unit_test(test_ais_sim__full_background_triggers_nothing),
		cmocka_unit_test(test_ais_sim__same_seed_same_bytes),
		cmocka_unit_test(test_ais_sim__bad_scenarios_are_refused_with_their_place),
		cmocka_unit_test(test_ais_sim__long_streams_stay_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
