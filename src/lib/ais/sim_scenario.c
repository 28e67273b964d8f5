/*
 * sim_scenario.c - reading a simulation scenario (JSON, see docs/AIS.md "Simulation") into
 * an lk_ais_scenario, and checking that what it scripts is unambiguous for the detectors:
 * transits between 5 and 25 kn, holds drifting below 1.5 kn, encounters of 2.5 h or more,
 * holds not between 3.5 and 4.5 h (loitering starts at 4 h), dark periods not between 11 and
 * 12.5 h, spoofed positions 20 km or more off the track, no vessel starting inside the zone.
 * Every error names the place in the document ("scenario: events[3] (dark): ...").
 *
 * A vessel's path is a list of fixes: its route's waypoints (times given, or computed from
 * its speed) and, for each encounter or loitering, a hold (a fix where the slow drift begins
 * and one where it ends). Unknown keys are errors, so that a misspelt key is never silently
 * ignored; "comment" is allowed everywhere.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>

#include "sim_int.h"

#define H(x) ((int64_t)llround((x) * 3600.0))

typedef struct parser {
	lk_ais_scenario *sc;
	char where[96];
} parser;

static int bad(parser *p, int code, const char *fmt, ...) LK_PRINTF(3, 4);

static int bad(parser *p, int code, const char *fmt, ...)
{
	char msg[320];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return lk_error_set(code, "scenario: %s%s%s", p->where, p->where[0] ? ": " : "", msg);
}

/* Only the listed keys (and "comment") may appear in o. */
static int check_keys(parser *p, json_t *o, const char *const *keys)
{
	if (!json_is_object(o))
		return bad(p, LK_EFORMAT, "expected an object");
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v) {
		bool ok = strcmp(k, "comment") == 0;
		for (size_t i = 0; keys[i] && !ok; i++)
			ok = strcmp(k, keys[i]) == 0;
		if (!ok)
			return bad(p, LK_EFORMAT, "unknown key \"%s\"", k);
	}
	return 0;
}

/* A number in [lo, hi]; absent: def (or an error when required). */
static int get_num(parser *p, json_t *o, const char *key, double lo, double hi, bool required,
                   double def, double *out)
{
	json_t *v = json_object_get(o, key);
	if (!v) {
		if (required)
			return bad(p, LK_EFORMAT, "\"%s\" is missing", key);
		*out = def;
		return 0;
	}
	if (!json_is_number(v))
		return bad(p, LK_EFORMAT, "\"%s\" is not a number", key);
	double x = json_number_value(v);
	if (!(x >= lo && x <= hi))
		return bad(p, LK_EINVALID, "\"%s\" is %g, expected %g to %g", key, x, lo, hi);
	*out = x;
	return 0;
}

static int get_pair(parser *p, json_t *o, const char *key, double lo, double hi, double out[2])
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return 0;
	if (!json_is_array(v) || json_array_size(v) != 2 ||
	    !json_is_number(json_array_get(v, 0)) || !json_is_number(json_array_get(v, 1)))
		return bad(p, LK_EFORMAT, "\"%s\" is not [min, max]", key);
	double a = json_number_value(json_array_get(v, 0)), b = json_number_value(json_array_get(v, 1));
	if (!(a >= lo && b <= hi && a <= b))
		return bad(p, LK_EINVALID, "\"%s\" is [%g, %g], expected %g <= min <= max <= %g", key,
		           a, b, lo, hi);
	out[0] = a, out[1] = b;
	return 0;
}

/* Text the AIS sixbit table can carry: upper-cased, at most max characters, no '@'. */
static int get_text(parser *p, json_t *o, const char *key, char *out, size_t max)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return 0;
	const char *s = json_string_value(v);
	if (!s)
		return bad(p, LK_EFORMAT, "\"%s\" is not a string", key);
	size_t n = strlen(s);
	if (n > max)
		return bad(p, LK_EINVALID, "\"%s\" has %zu characters, at most %zu", key, n, max);
	for (size_t i = 0; i < n; i++) {
		unsigned c = (unsigned char)s[i];
		if (c >= 'a' && c <= 'z')
			c -= 32;
		if (c < 32 || c > 95 || c == '@')
			return bad(p, LK_EINVALID, "\"%s\": character %zu is not in the AIS sixbit "
			           "table", key, i + 1);
		out[i] = (char)c;
	}
	out[n] = '\0';
	while (n > 0 && out[n - 1] == ' ')
		out[--n] = '\0';
	return 0;
}

static int find_vessel(parser *p, json_t *v)
{
	const char *id = json_string_value(v);
	if (!id)
		return bad(p, LK_EFORMAT, "vessel reference is not a string");
	for (size_t i = 0; i < p->sc->nv; i++)
		if (strcmp(p->sc->v[i].id, id) == 0)
			return (int)i;
	return bad(p, LK_EINVALID, "no vessel \"%s\"", id);
}

static int push_fix(sim_vessel *v, size_t *cap, sim_fix f)
{
	if (v->nfix == *cap) {
		size_t n = *cap ? *cap * 2 : 8;
		sim_fix *x = realloc(v->fix, n * sizeof(*x));
		if (!x)
			return lk_error_set(LK_ENOMEM, "scenario: out of memory");
		v->fix = x;
		*cap = n;
	}
	v->fix[v->nfix++] = f;
	return 0;
}

static bool mmsi_used(const lk_ais_scenario *sc, uint32_t mmsi)
{
	for (size_t i = 0; i < sc->nv; i++)
		for (size_t k = 0; k < sc->v[i].nident; k++)
			if (sc->v[i].ident[k].mmsi == mmsi)
				return true;
	return false;
}

static int parse_vessel(parser *p, json_t *o, sim_vessel *v, size_t *fixcap)
{
	static const char *const keys[] = {"id", "mmsi", "imo", "name", "callsign", "shiptype",
		"dimensions", "destination", "designated", "speed_kn", "route", NULL};
	int rc = check_keys(p, o, keys);
	if (rc < 0)
		return rc;
	const char *id = json_string_value(json_object_get(o, "id"));
	if (!id || !id[0] || strlen(id) >= sizeof(v->id))
		return bad(p, LK_EFORMAT, "\"id\" must be a string of 1 to %zu characters",
		           sizeof(v->id) - 1);
	for (size_t i = 0; i < p->sc->nv; i++)
		if (strcmp(p->sc->v[i].id, id) == 0)
			return bad(p, LK_EINVALID, "duplicate vessel id \"%s\"", id);
	snprintf(v->id, sizeof(v->id), "%s", id);
	v->ident = calloc(1, sizeof(sim_ident));
	if (!v->ident)
		return lk_error_set(LK_ENOMEM, "scenario: out of memory");
	v->nident = 1;
	sim_ident *idt = &v->ident[0];
	double x = 0;
	if ((rc = get_num(p, o, "mmsi", 1, 999999999, true, 0, &x)) < 0)
		return rc;
	idt->mmsi = (uint32_t)x;
	if (x != floor(x))
		return bad(p, LK_EINVALID, "\"mmsi\" is not a whole number");
	if (mmsi_used(p->sc, idt->mmsi))
		return bad(p, LK_EINVALID, "MMSI %u is used by another vessel", idt->mmsi);
	if ((rc = get_num(p, o, "imo", 0, 9999999, false, 0, &x)) < 0)
		return rc;
	idt->imo = (uint32_t)x;
	if ((rc = get_text(p, o, "name", idt->name, 20)) < 0 ||
	    (rc = get_text(p, o, "callsign", idt->callsign, 7)) < 0 ||
	    (rc = get_text(p, o, "destination", v->destination, 20)) < 0)
		return rc;
	if ((rc = get_num(p, o, "shiptype", 0, 255, false, 80, &x)) < 0)
		return rc;
	v->shiptype = (unsigned)x;
	v->to_bow = 150, v->to_stern = 30, v->to_port = 12, v->to_starboard = 12;
	v->draught = 80;
	json_t *dims = json_object_get(o, "dimensions");
	if (dims) {
		static const unsigned maxd[4] = {511, 511, 63, 63};
		unsigned d[4];
		if (!json_is_array(dims) || json_array_size(dims) != 4)
			return bad(p, LK_EFORMAT, "\"dimensions\" is not [bow, stern, port, starboard]");
		for (int k = 0; k < 4; k++) {
			json_t *e = json_array_get(dims, (size_t)k);
			double dv = json_is_number(e) ? json_number_value(e) : -1;
			if (!(dv >= 0 && dv <= maxd[k]))
				return bad(p, LK_EINVALID, "\"dimensions\"[%d] out of range", k);
			d[k] = (unsigned)dv;
		}
		v->to_bow = d[0], v->to_stern = d[1], v->to_port = d[2], v->to_starboard = d[3];
	}
	json_t *des = json_object_get(o, "designated");
	if (des && !json_is_boolean(des))
		return bad(p, LK_EFORMAT, "\"designated\" is not true or false");
	v->designated = json_is_true(des);
	double speed;
	if ((rc = get_num(p, o, "speed_kn", SIM_MIN_LEG_KN, SIM_MAX_LEG_KN, false, 10, &speed)) < 0)
		return rc;
	json_t *route = json_object_get(o, "route");
	if (!json_is_array(route) || json_array_size(route) < 2)
		return bad(p, LK_EFORMAT, "\"route\" must be an array of 2 or more waypoints");
	if (json_array_size(route) > 100000)
		return bad(p, LK_ETOOBIG, "\"route\" has more than 100000 waypoints");
	size_t i;
	json_t *w;
	char outer[96];
	snprintf(outer, sizeof(outer), "%s", p->where);
	json_array_foreach(route, i, w) {
		static const char *const wkeys[] = {"t", "lat", "lon", NULL};
		snprintf(p->where, sizeof(p->where), "%.60s.route[%zu]", outer, i);
		if ((rc = check_keys(p, w, wkeys)) < 0)
			return rc;
		sim_fix f = {0, 0, 0, false};
		double t, lat, lon;
		if ((rc = get_num(p, w, "lat", -85, 85, true, 0, &lat)) < 0 ||
		    (rc = get_num(p, w, "lon", -180, 180, true, 0, &lon)) < 0)
			return rc;
		f.lat = lat, f.lon = lon;
		bool has_t = json_object_get(w, "t") != NULL;
		if ((rc = get_num(p, w, "t", 0, LK_AIS_SCENARIO_MAX_HOURS, false, 0, &t)) < 0)
			return rc;
		if (has_t || i == 0) {
			f.t = H(t);
		} else {
			const sim_fix *prev = &v->fix[v->nfix - 1];
			double d = lk_ais_distance_m(prev->lat, prev->lon, lat, lon);
			f.t = prev->t + (int64_t)llround(d / (speed * SIM_KN));
		}
		if (i > 0 && f.t <= v->fix[v->nfix - 1].t)
			return bad(p, LK_EINVALID, "time %.3f h does not follow the previous waypoint",
			           (double)f.t / 3600.0);
		if ((rc = push_fix(v, fixcap, f)) < 0)
			return rc;
	}
	snprintf(p->where, sizeof(p->where), "%s", outer);
	return 0;
}

static int cmp_fix(const void *a, const void *b)
{
	const sim_fix *x = a, *y = b;
	return x->t < y->t ? -1 : x->t > y->t;
}

/* Insert a hold (two fixes) into vessel v's path; no waypoint may fall inside it. */
static int add_hold(parser *p, sim_vessel *v, size_t *cap, int64_t t0, int64_t t1, double lat,
                    double lon, double drift_kn, double drift_deg)
{
	for (size_t i = 0; i < v->nfix; i++)
		if (v->fix[i].t >= t0 && v->fix[i].t <= t1)
			return bad(p, LK_EINVALID, "vessel \"%s\" has a waypoint or another hold at "
			           "%.3f h, inside this hold", v->id, (double)v->fix[i].t / 3600.0);
	double lat1, lon1;
	lk_ais__destination(lat, lon, drift_deg, drift_kn * SIM_KN * (double)(t1 - t0), &lat1,
	                    &lon1);
	int rc;
	if ((rc = push_fix(v, cap, (sim_fix){t0, lat, lon, true})) < 0 ||
	    (rc = push_fix(v, cap, (sim_fix){t1, lat1, lon1, false})) < 0)
		return rc;
	/* keep the fixes in time order (their times are distinct: checked above) */
	qsort(v->fix, v->nfix, sizeof(*v->fix), cmp_fix);
	return 0;
}

static int push_hold(lk_ais_scenario *sc, size_t *cap, sim_hold h)
{
	if (sc->nhold == *cap) {
		size_t n = *cap ? *cap * 2 : 8;
		sim_hold *x = realloc(sc->hold, n * sizeof(*x));
		if (!x)
			return lk_error_set(LK_ENOMEM, "scenario: out of memory");
		sc->hold = x;
		*cap = n;
	}
	sc->hold[sc->nhold++] = h;
	return 0;
}

/* Hours held: clearly a loitering (>= 4.5), clearly not (< 3.5), or refused. */
static int loiter_class(parser *p, double hours, bool *loiter)
{
	if (hours >= SIM_LOITER_MIN_H) {
		*loiter = true;
		return 0;
	}
	if (hours < SIM_LOITER_NONE_H) {
		*loiter = false;
		return 0;
	}
	return bad(p, LK_EINVALID, "%.2f h of slow drift is too close to the 4 h loitering "
	           "threshold: use less than %.1f h or at least %.1f h", hours, SIM_LOITER_NONE_H,
	           SIM_LOITER_MIN_H);
}

static int parse_event(parser *p, json_t *o, size_t *fixcaps, size_t *holdcap,
                       size_t *darkcaps, size_t *spoofcaps, size_t *identcaps)
{
	lk_ais_scenario *sc = p->sc;
	const char *type = json_string_value(json_object_get(o, "type"));
	if (!type)
		return bad(p, LK_EFORMAT, "\"type\" is missing");
	int rc;
	double start = 0, hours = 0, lat = 0, lon = 0, x = 0;
	if (strcmp(type, "encounter") == 0 || strcmp(type, "loitering") == 0) {
		bool enc = type[0] == 'e';
		static const char *const ekeys[] = {"type", "vessels", "start", "hours", "lat", "lon",
			"distance_m", "drift_kn", "drift_deg", NULL};
		static const char *const lkeys[] = {"type", "vessel", "start", "hours", "lat", "lon",
			"drift_kn", "drift_deg", NULL};
		double dist = 0, drift = 0, deg = 0;
		if ((rc = check_keys(p, o, enc ? ekeys : lkeys)) < 0 ||
		    (rc = get_num(p, o, "start", 0, LK_AIS_SCENARIO_MAX_HOURS, true, 0, &start)) < 0 ||
		    (rc = get_num(p, o, "hours", 0.1, 1000, true, 0, &hours)) < 0 ||
		    (rc = get_num(p, o, "lat", -85, 85, true, 0, &lat)) < 0 ||
		    (rc = get_num(p, o, "lon", -180, 180, true, 0, &lon)) < 0 ||
		    (rc = get_num(p, o, "distance_m", 50, 400, false, 200, &dist)) < 0 ||
		    (rc = get_num(p, o, "drift_kn", 0, SIM_MAX_DRIFT_KN, false, 0.3, &drift)) < 0 ||
		    (rc = get_num(p, o, "drift_deg", 0, 360, false, 45, &deg)) < 0)
			return rc;
		int a, b = -1;
		if (enc) {
			json_t *vs = json_object_get(o, "vessels");
			if (!json_is_array(vs) || json_array_size(vs) != 2)
				return bad(p, LK_EFORMAT, "\"vessels\" must name two vessels");
			if ((a = find_vessel(p, json_array_get(vs, 0))) < 0 ||
			    (b = find_vessel(p, json_array_get(vs, 1))) < 0)
				return a < 0 ? a : b;
			if (a == b)
				return bad(p, LK_EINVALID, "a vessel cannot meet itself");
			if (hours < SIM_ENCOUNTER_MIN_H)
				return bad(p, LK_EINVALID, "an encounter of %.2f h is too close to the 2 h "
				           "threshold: use at least %.1f h", hours, SIM_ENCOUNTER_MIN_H);
		} else if ((a = find_vessel(p, json_object_get(o, "vessel"))) < 0) {
			return a;
		}
		bool loiter = false;
		if ((rc = loiter_class(p, hours, &loiter)) < 0)
			return rc;
		sim_hold h = {a, b, H(start), H(start + hours), lat, lon, loiter};
		/* encounters of one pair closer than 6 h would merge (4 h) or nearly */
		for (size_t i = 0; i < sc->nhold && enc; i++) {
			const sim_hold *g = &sc->hold[i];
			bool same = (g->a == a && g->b == b) || (g->a == b && g->b == a);
			if (same && h.t0 < g->t1 + H(SIM_MERGE_GAP_H) && g->t0 < h.t1 + H(SIM_MERGE_GAP_H))
				return bad(p, LK_EINVALID, "two encounters of the same pair less than %.0f h "
				           "apart (they merge below 4 h)", SIM_MERGE_GAP_H);
		}
		if ((rc = add_hold(p, &sc->v[a], &fixcaps[a], h.t0, h.t1, lat, lon, drift, deg)) < 0)
			return rc;
		if (enc) {
			double blat, blon;
			lk_ais__destination(lat, lon, fmod(deg + 90.0, 360.0), dist, &blat, &blon);
			if ((rc = add_hold(p, &sc->v[b], &fixcaps[b], h.t0, h.t1, blat, blon, drift,
			                   deg)) < 0)
				return rc;
		}
		return push_hold(sc, holdcap, h);
	}
	if (strcmp(type, "dark") == 0) {
		static const char *const keys[] = {"type", "vessel", "start", "hours", NULL};
		int a;
		if ((rc = check_keys(p, o, keys)) < 0 ||
		    (rc = get_num(p, o, "start", 0, LK_AIS_SCENARIO_MAX_HOURS, true, 0, &start)) < 0 ||
		    (rc = get_num(p, o, "hours", 0.1, 1000, true, 0, &hours)) < 0)
			return rc;
		if ((a = find_vessel(p, json_object_get(o, "vessel"))) < 0)
			return a;
		if (hours > SIM_DARK_NONE_H && hours < SIM_DARK_MIN_H)
			return bad(p, LK_EINVALID, "a dark period of %.2f h is too close to the 12 h "
			           "threshold: use at most %.0f h or at least %.1f h", hours,
			           SIM_DARK_NONE_H, SIM_DARK_MIN_H);
		sim_vessel *v = &sc->v[a];
		if (v->ndark == darkcaps[a]) {
			size_t n = darkcaps[a] ? darkcaps[a] * 2 : 4;
			sim_span *s = realloc(v->dark, n * sizeof(*s));
			if (!s)
				return lk_error_set(LK_ENOMEM, "scenario: out of memory");
			v->dark = s;
			darkcaps[a] = n;
		}
		v->dark[v->ndark++] = (sim_span){H(start), H(start + hours)};
		return 0;
	}
	if (strcmp(type, "identity_change") == 0) {
		static const char *const keys[] = {"type", "vessel", "at", "name", "callsign", "imo",
			"mmsi", NULL};
		int a;
		if ((rc = check_keys(p, o, keys)) < 0 ||
		    (rc = get_num(p, o, "at", 0, LK_AIS_SCENARIO_MAX_HOURS, true, 0, &start)) < 0)
			return rc;
		if ((a = find_vessel(p, json_object_get(o, "vessel"))) < 0)
			return a;
		sim_vessel *v = &sc->v[a];
		if (v->nident == identcaps[a] || identcaps[a] == 0) {
			size_t n = v->nident * 2 + 2;
			sim_ident *s = realloc(v->ident, n * sizeof(*s));
			if (!s)
				return lk_error_set(LK_ENOMEM, "scenario: out of memory");
			v->ident = s;
			identcaps[a] = n;
		}
		sim_ident id = v->ident[v->nident - 1];
		id.t = H(start);
		if (id.t <= v->ident[v->nident - 1].t)
			return bad(p, LK_EINVALID, "identity changes of vessel \"%s\" must be in time "
			           "order", v->id);
		if ((rc = get_text(p, o, "name", id.name, 20)) < 0 ||
		    (rc = get_text(p, o, "callsign", id.callsign, 7)) < 0 ||
		    (rc = get_num(p, o, "imo", 0, 9999999, false, id.imo, &x)) < 0)
			return rc;
		id.imo = (uint32_t)x;
		if ((rc = get_num(p, o, "mmsi", 1, 999999999, false, id.mmsi, &x)) < 0)
			return rc;
		if ((uint32_t)x != id.mmsi) {
			if (mmsi_used(sc, (uint32_t)x))
				return bad(p, LK_EINVALID, "MMSI %u is used by another vessel", (uint32_t)x);
			id.mmsi = (uint32_t)x;
		}
		const sim_ident *prev = &v->ident[v->nident - 1];
		if (id.mmsi == prev->mmsi && id.imo == prev->imo && !strcmp(id.name, prev->name) &&
		    !strcmp(id.callsign, prev->callsign))
			return bad(p, LK_EINVALID, "the identity does not change");
		v->ident[v->nident++] = id;
		return 0;
	}
	if (strcmp(type, "spoofing") == 0) {
		static const char *const keys[] = {"type", "vessel", "at", "lat", "lon", "reports",
			NULL};
		int a;
		double reports = 1;
		if ((rc = check_keys(p, o, keys)) < 0 ||
		    (rc = get_num(p, o, "at", 0, LK_AIS_SCENARIO_MAX_HOURS, true, 0, &start)) < 0 ||
		    (rc = get_num(p, o, "lat", -85, 85, true, 0, &lat)) < 0 ||
		    (rc = get_num(p, o, "lon", -180, 180, true, 0, &lon)) < 0 ||
		    (rc = get_num(p, o, "reports", 1, 5, false, 1, &reports)) < 0)
			return rc;
		if ((a = find_vessel(p, json_object_get(o, "vessel"))) < 0)
			return a;
		sim_vessel *v = &sc->v[a];
		if (v->nspoof == spoofcaps[a]) {
			size_t n = spoofcaps[a] ? spoofcaps[a] * 2 : 4;
			sim_spoof *s = realloc(v->spoof, n * sizeof(*s));
			if (!s)
				return lk_error_set(LK_ENOMEM, "scenario: out of memory");
			v->spoof = s;
			spoofcaps[a] = n;
		}
		v->spoof[v->nspoof++] = (sim_spoof){H(start), lat, lon, (int)reports};
		return 0;
	}
	return bad(p, LK_EINVALID, "unknown event type \"%s\" (encounter, loitering, dark, "
	           "identity_change, spoofing)", type);
}

static int cmp_span(const void *a, const void *b)
{
	const sim_span *x = a, *y = b;
	return x->t0 < y->t0 ? -1 : x->t0 > y->t0;
}

static int cmp_spoof(const void *a, const void *b)
{
	const sim_spoof *x = a, *y = b;
	return x->t < y->t ? -1 : x->t > y->t;
}

static bool in_hold(const sim_vessel *v, int64_t t0, int64_t t1)
{
	for (size_t i = 0; i + 1 < v->nfix; i++)
		if (v->fix[i].hold && t0 < v->fix[i + 1].t && v->fix[i].t < t1)
			return true;
	return false;
}

/* The checks that need the whole vessel: legs, dark periods, spoofs, zone. */
static int check_vessel(parser *p, const sim_vessel *v)
{
	const lk_ais_scenario *sc = p->sc;
	snprintf(p->where, sizeof(p->where), "vessel \"%s\"", v->id);
	if (v->fix[0].t >= sc->duration)
		return bad(p, LK_EINVALID, "starts at %.3f h, after the scenario's end",
		           (double)v->fix[0].t / 3600.0);
	for (size_t i = 0; i + 1 < v->nfix; i++) {
		const sim_fix *a = &v->fix[i], *b = &v->fix[i + 1];
		if (b->t <= a->t)
			return bad(p, LK_EINVALID, "two fixes at %.3f h", (double)a->t / 3600.0);
		if (a->hold)
			continue;
		double kn = lk_ais_distance_m(a->lat, a->lon, b->lat, b->lon) / (double)(b->t - a->t) /
		            SIM_KN;
		if (kn < SIM_MIN_LEG_KN || kn > SIM_MAX_LEG_KN)
			return bad(p, LK_EINVALID, "the leg from %.3f h to %.3f h needs %.1f kn; "
			           "transits must be %.0f to %.0f kn (slow drifts are declared as "
			           "encounter or loitering events)", (double)a->t / 3600.0,
			           (double)b->t / 3600.0, kn, SIM_MIN_LEG_KN, SIM_MAX_LEG_KN);
	}
	int64_t first = v->fix[0].t, last = v->fix[v->nfix - 1].t;
	if (last > sc->duration)
		last = sc->duration;
	for (size_t i = 0; i < v->ndark; i++) {
		const sim_span *d = &v->dark[i];
		if (d->t0 < first + 600 || d->t1 > last - 600)
			return bad(p, LK_EINVALID, "the dark period from %.3f h must begin and end "
			           "while the vessel sails, 10 min or more from its first and last "
			           "report", (double)d->t0 / 3600.0);
		if (i > 0 && d->t0 < v->dark[i - 1].t1 + 3600)
			return bad(p, LK_EINVALID, "dark periods overlap or are less than 1 h apart");
		if (in_hold(v, d->t0, d->t1))
			return bad(p, LK_EINVALID, "the dark period from %.3f h overlaps an "
			           "encounter or loitering", (double)d->t0 / 3600.0);
	}
	for (size_t i = 0; i < v->nspoof; i++) {
		const sim_spoof *s = &v->spoof[i];
		if (s->t < first + 600 || s->t > last - 3600)
			return bad(p, LK_EINVALID, "the spoofing at %.3f h must be while the vessel "
			           "sails (10 min after its first report, 1 h before its last)",
			           (double)s->t / 3600.0);
		for (size_t k = 0; k < v->ndark; k++)
			if (s->t >= v->dark[k].t0 - 3600 && s->t <= v->dark[k].t1)
				return bad(p, LK_EINVALID, "the spoofing at %.3f h is in or just before a "
				           "dark period", (double)s->t / 3600.0);
		if (i > 0 && s->t < v->spoof[i - 1].t + 3600)
			return bad(p, LK_EINVALID, "spoofings less than 1 h apart");
		if (in_hold(v, s->t - 3600, s->t + 3600))
			return bad(p, LK_EINVALID, "the spoofing at %.3f h is within 1 h of an "
			           "encounter or loitering", (double)s->t / 3600.0);
		double lat, lon, sog, cog;
		lk_ais__vessel_at(v, s->t, &lat, &lon, &sog, &cog);
		if (lk_ais_distance_m(lat, lon, s->lat, s->lon) < SIM_SPOOF_MIN_M)
			return bad(p, LK_EINVALID, "the spoofed position at %.3f h is less than %.0f km "
			           "from the vessel's track", (double)s->t / 3600.0,
			           SIM_SPOOF_MIN_M / 1000.0);
		if (sc->zone && lk_ais_zone_contains(sc->zone, s->lat, s->lon))
			return bad(p, LK_EINVALID, "the spoofed position at %.3f h is inside the zone",
			           (double)s->t / 3600.0);
	}
	for (size_t i = 0; i < v->nident; i++) {
		const sim_ident *id = &v->ident[i];
		if (i > 0 && (id->t < first + 600 || id->t > last - 600))
			return bad(p, LK_EINVALID, "the identity change at %.3f h must be while the "
			           "vessel sails", (double)id->t / 3600.0);
		for (size_t k = 0; k < v->ndark && i > 0; k++)
			if (id->t >= v->dark[k].t0 && id->t <= v->dark[k].t1)
				return bad(p, LK_EINVALID, "the identity change at %.3f h is inside a dark "
				           "period (it takes effect when the vessel reappears: script it "
				           "then)", (double)id->t / 3600.0);
		/* a new MMSI starting inside the zone would make "entry" ambiguous */
		bool new_mmsi = i == 0 || id->mmsi != v->ident[i - 1].mmsi;
		if (sc->zone && new_mmsi) {
			double lat, lon, sog, cog;
			lk_ais__vessel_at(v, i == 0 ? first : id->t, &lat, &lon, &sog, &cog);
			if (lk_ais_zone_contains(sc->zone, lat, lon))
				return bad(p, LK_EINVALID, "MMSI %u begins inside the zone: start it "
				           "outside so that its entry is unambiguous", id->mmsi);
		}
	}
	return 0;
}

static int resolve_zone(parser *p, const char *rel, const char *base_dir)
{
	char path[4096];
	const char *data = getenv("LOOKOUT_DATA");
	const char *cands[2] = {base_dir, data};
	bool found = false;
	if (rel[0] == '/') {
		snprintf(path, sizeof(path), "%s", rel);
		found = access(path, R_OK) == 0;
	}
	for (int i = 0; i < 2 && !found && rel[0] != '/'; i++) {
		if (!cands[i] || !cands[i][0])
			continue;
		snprintf(path, sizeof(path), "%s/%s", cands[i], rel);
		found = access(path, R_OK) == 0;
	}
	if (!found)
		return bad(p, LK_EIO, "zone file %s not found (relative paths are read from the "
		           "scenario's directory, then from $LOOKOUT_DATA)", rel);
	return lk_ais_zone_load(&p->sc->zone, path, p->sc->zone_name);
}

static int parse_root(parser *p, json_t *root, const char *base_dir)
{
	lk_ais_scenario *sc = p->sc;
	static const char *const keys[] = {"start", "hours", "area", "zone", "zone_name",
		"background", "report", "vessels", "events", NULL};
	int rc = check_keys(p, root, keys);
	if (rc < 0)
		return rc;
	const char *start = json_string_value(json_object_get(root, "start"));
	if (!start || !lk_ais__parse_utc(start, &sc->start))
		return bad(p, LK_EFORMAT, "\"start\" must be a UTC time \"YYYY-MM-DDTHH:MM:SSZ\"");
	double x = 0;
	if ((rc = get_num(p, root, "hours", 0.01, LK_AIS_SCENARIO_MAX_HOURS, true, 0, &x)) < 0)
		return rc;
	sc->duration = H(x);
	sc->interval[0] = 10, sc->interval[1] = 180;
	sc->static_interval = 360;
	sc->bg_speed[0] = 8, sc->bg_speed[1] = 15;
	json_t *report = json_object_get(root, "report");
	if (report) {
		static const char *const rkeys[] = {"interval_s", "static_interval_s", NULL};
		double iv[2] = {10, 180};
		snprintf(p->where, sizeof(p->where), "report");
		if ((rc = check_keys(p, report, rkeys)) < 0 ||
		    (rc = get_pair(p, report, "interval_s", 2, 3600, iv)) < 0 ||
		    (rc = get_num(p, report, "static_interval_s", 10, 86400, false, 360, &x)) < 0)
			return rc;
		sc->interval[0] = (int)iv[0], sc->interval[1] = (int)iv[1];
		sc->static_interval = (int)x;
	}
	json_t *bg = json_object_get(root, "background");
	if (bg) {
		static const char *const bkeys[] = {"vessels", "speed_kn", NULL};
		snprintf(p->where, sizeof(p->where), "background");
		if ((rc = check_keys(p, bg, bkeys)) < 0 ||
		    (rc = get_num(p, bg, "vessels", 0, LK_AIS_SCENARIO_MAX_BACKGROUND, true, 0, &x)) < 0 ||
		    (rc = get_pair(p, bg, "speed_kn", 6, SIM_MAX_LEG_KN, sc->bg_speed)) < 0)
			return rc;
		sc->background = (long)x;
	}
	json_t *area = json_object_get(root, "area");
	if (area) {
		static const char *const akeys[] = {"south", "west", "north", "east", NULL};
		snprintf(p->where, sizeof(p->where), "area");
		if ((rc = check_keys(p, area, akeys)) < 0 ||
		    (rc = get_num(p, area, "south", -80, 80, true, 0, &sc->south)) < 0 ||
		    (rc = get_num(p, area, "north", -80, 80, true, 0, &sc->north)) < 0 ||
		    (rc = get_num(p, area, "west", -180, 180, true, 0, &sc->west)) < 0 ||
		    (rc = get_num(p, area, "east", -180, 180, true, 0, &sc->east)) < 0)
			return rc;
		if (sc->north - sc->south < 0.2 || sc->east - sc->west < 0.2)
			return bad(p, LK_EINVALID, "the area must span at least 0.2 degrees each way "
			           "(south < north, west < east)");
	} else if (sc->background > 0) {
		snprintf(p->where, sizeof(p->where), "background");
		return bad(p, LK_EFORMAT, "background traffic needs an \"area\"");
	}
	p->where[0] = '\0';
	snprintf(sc->zone_name, sizeof(sc->zone_name), "PRK_EEZ");
	json_t *zn = json_object_get(root, "zone_name");
	if (zn) {
		const char *s = json_string_value(zn);
		if (!s || !s[0] || strlen(s) >= sizeof(sc->zone_name))
			return bad(p, LK_EFORMAT, "\"zone_name\" must be a string of 1 to 31 characters");
		snprintf(sc->zone_name, sizeof(sc->zone_name), "%s", s);
	}
	json_t *zone = json_object_get(root, "zone");
	if (zone && !json_is_string(zone))
		return bad(p, LK_EFORMAT, "\"zone\" must be a file name");
	if (zone && base_dir && (rc = resolve_zone(p, json_string_value(zone), base_dir)) < 0)
		return rc;

	json_t *vessels = json_object_get(root, "vessels");
	json_t *events = json_object_get(root, "events");
	if (vessels && !json_is_array(vessels))
		return bad(p, LK_EFORMAT, "\"vessels\" is not an array");
	if (events && !json_is_array(events))
		return bad(p, LK_EFORMAT, "\"events\" is not an array");
	size_t nv = vessels ? json_array_size(vessels) : 0;
	size_t ne = events ? json_array_size(events) : 0;
	if (nv > LK_AIS_SCENARIO_MAX_VESSELS || ne > LK_AIS_SCENARIO_MAX_EVENTS)
		return bad(p, LK_ETOOBIG, "at most %d vessels and %d events",
		           LK_AIS_SCENARIO_MAX_VESSELS, LK_AIS_SCENARIO_MAX_EVENTS);
	size_t *caps = calloc(5 * (nv + 1), sizeof(size_t));
	sc->v = calloc(nv + 1, sizeof(sim_vessel));
	if (!caps || !sc->v) {
		free(caps);
		return lk_error_set(LK_ENOMEM, "scenario: out of memory");
	}
	size_t *fixcaps = caps, *darkcaps = caps + (nv + 1), *spoofcaps = caps + 2 * (nv + 1);
	size_t *identcaps = caps + 3 * (nv + 1), holdcap = 0;
	size_t i;
	json_t *o;
	json_array_foreach(vessels, i, o) {
		snprintf(p->where, sizeof(p->where), "vessels[%zu]", i);
		rc = parse_vessel(p, o, &sc->v[i], &fixcaps[i]);
		sc->nv = i + 1;
		if (rc < 0)
			goto done;
	}
	json_array_foreach(events, i, o) {
		snprintf(p->where, sizeof(p->where), "events[%zu]", i);
		if ((rc = parse_event(p, o, fixcaps, &holdcap, darkcaps, spoofcaps, identcaps)) < 0)
			goto done;
	}
	for (i = 0; i < sc->nv; i++) {
		sim_vessel *v = &sc->v[i];
		if (v->ndark > 1)
			qsort(v->dark, v->ndark, sizeof(*v->dark), cmp_span);
		if (v->nspoof > 1)
			qsort(v->spoof, v->nspoof, sizeof(*v->spoof), cmp_spoof);
		if ((rc = check_vessel(p, v)) < 0)
			goto done;
	}
	/* both vessels of an encounter sail through it, and it lies within the scenario */
	for (i = 0; i < sc->nhold; i++) {
		const sim_hold *h = &sc->hold[i];
		snprintf(p->where, sizeof(p->where), "hold of vessel \"%s\" at %.3f h",
		         sc->v[h->a].id, (double)h->t0 / 3600.0);
		if (h->t0 == sc->v[h->a].fix[0].t || (h->b >= 0 && h->t0 == sc->v[h->b].fix[0].t))
			rc = bad(p, LK_EINVALID, "a vessel must sail to the hold, not start with it");
		else if (h->t1 + 600 > sc->duration)
			rc = bad(p, LK_EINVALID, "ends after the scenario (or within 10 min of its end)");
		else if (h->t1 >= sc->v[h->a].fix[sc->v[h->a].nfix - 1].t ||
		         (h->b >= 0 && h->t1 >= sc->v[h->b].fix[sc->v[h->b].nfix - 1].t))
			rc = bad(p, LK_EINVALID, "a vessel must sail on after the hold");
		if (rc < 0)
			goto done;
	}
	p->where[0] = '\0';
done:
	free(caps);
	return rc;
}

int lk_ais_scenario_parse(lk_ais_scenario **out, const char *text, size_t len,
                          const char *base_dir)
{
	*out = NULL;
	if (len > LK_AIS_SCENARIO_MAX_BYTES)
		return lk_error_set(LK_ETOOBIG, "scenario: %zu bytes, at most %zu", len,
		                    LK_AIS_SCENARIO_MAX_BYTES);
	json_error_t jerr;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return lk_error_set(LK_EFORMAT, "scenario: line %d, column %d: %s", jerr.line,
		                    jerr.column, jerr.text);
	lk_ais_scenario *sc = calloc(1, sizeof(*sc));
	if (!sc) {
		json_decref(root);
		return lk_error_set(LK_ENOMEM, "scenario: out of memory");
	}
	parser p = {sc, ""};
	int rc = parse_root(&p, root, base_dir);
	json_decref(root);
	if (rc < 0) {
		lk_ais_scenario_free(sc);
		return rc;
	}
	*out = sc;
	return 0;
}

int lk_ais_scenario_load(lk_ais_scenario **out, const char *path)
{
	*out = NULL;
	FILE *f = fopen(path, "rb");
	if (!f)
		return lk_error_set(LK_EIO, "%s: %s", path, strerror(errno));
	char *text = malloc(LK_AIS_SCENARIO_MAX_BYTES + 1);
	if (!text) {
		fclose(f);
		return lk_error_set(LK_ENOMEM, "scenario: out of memory");
	}
	size_t len = fread(text, 1, LK_AIS_SCENARIO_MAX_BYTES + 1, f);
	int rc = 0;
	if (ferror(f))
		rc = lk_error_set(LK_EIO, "%s: read error", path);
	fclose(f);
	if (rc == 0) {
		char dir[4096];
		snprintf(dir, sizeof(dir), "%s", path);
		char *slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		else
			snprintf(dir, sizeof(dir), ".");
		rc = lk_ais_scenario_parse(out, text, len, dir);
		if (rc < 0)
			lk_error_prefix("%s", path);
	}
	free(text);
	return rc;
}

void lk_ais_scenario_free(lk_ais_scenario *sc)
{
	if (!sc)
		return;
	for (size_t i = 0; i < sc->nv; i++) {
		free(sc->v[i].fix);
		free(sc->v[i].ident);
		free(sc->v[i].dark);
		free(sc->v[i].spoof);
	}
	free(sc->v);
	free(sc->hold);
	lk_ais_zone_free(sc->zone);
	free(sc);
}

int64_t lk_ais_scenario_start(const lk_ais_scenario *sc)
{
	return sc->start;
}

int64_t lk_ais_scenario_duration(const lk_ais_scenario *sc)
{
	return sc->duration;
}
