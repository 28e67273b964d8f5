/*
 * detect.c - the detection pipeline: decoded messages in time order go to per-vessel state
 * (found by MMSI), and each position is checked at once for a dark period (the gap since the
 * vessel's previous position), a spoofed jump (the implied speed), a zone entry, and the
 * vessel's loitering run; it is also interpolated onto the encounter time steps
 * (detect_encounter.c). Static reports go to the identity checks (detect_identity.c).
 *
 * Memory is bounded by a window of stream time: every hour of stream time, vessels silent for
 * window_h hours are evicted (their open loitering run and spoofing event are closed first, so
 * nothing certain is lost; a dark period longer than the window is not reported, since its end
 * is never seen by the evicted state). The stream's clock is the newest time seen, so a file
 * with a stray far-future time evicts early: such times are the caller's to filter (the CLI's
 * --since/--until).
 */
#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lookout/error.h"
#include "detect_int.h"

#define EVICT_EVERY 3600

/* ---- parameters ---- */

typedef struct param_desc {
	const char *name;
	size_t offset;
	bool is_size;
	double min, max;
} param_desc;

#define PD(f, lo, hi) {#f, offsetof(lk_ais_detect_params, f), false, lo, hi}
#define PZ(f, lo, hi) {#f, offsetof(lk_ais_detect_params, f), true, lo, hi}
static const param_desc params[] = {
	PD(enc_distance_m, 1, 100000),  PD(enc_min_h, 0, 1000),       PD(enc_speed_kn, 0.01, 100),
	PD(enc_merge_h, 0, 1000),       PD(step_s, 1, 86400),         PD(interp_max_gap_s, 1, 86400),
	PD(port_distance_km, 0, 50),    PD(loiter_speed_kn, 0, 100),  PD(loiter_min_h, 0, 1000),
	PD(dark_h, 0.01, 10000),        PD(zone_near_km, 0, 1000),    PD(spoof_speed_kn, 1, 100000),
	PD(spoof_min_m, 0, 1e7),        PD(spoof_merge_h, 0, 1000),   PD(shared_imo_h, 0, 10000),
	PD(designated_name_score, 0, 1), PD(window_h, 1, 100000),
	PZ(max_vessels, 1, 4e9),        PZ(max_pairs, 1, 4e9),
};
#undef PD
#undef PZ

int lk_ais_detect_param_set(lk_ais_detect_params *p, const char *kv)
{
	const char *eq = strchr(kv, '=');
	if (!eq)
		return lk_error_set(LK_EINVALID, "parameter '%s': expected key=value", kv);
	size_t klen = (size_t)(eq - kv);
	for (size_t i = 0; i < sizeof(params) / sizeof(params[0]); i++) {
		const param_desc *d = &params[i];
		if (strlen(d->name) != klen || strncmp(d->name, kv, klen) != 0)
			continue;
		char *end;
		errno = 0;
		double v = strtod(eq + 1, &end);
		if (end == eq + 1 || *end != '\0' || errno != 0 || !(v >= d->min && v <= d->max))
			return lk_error_set(LK_EINVALID, "parameter %s: '%s' is not a number in "
			                    "[%g, %g]", d->name, eq + 1, d->min, d->max);
		if (d->is_size)
			*(size_t *)(void *)((char *)p + d->offset) = (size_t)v;
		else
			*(double *)(void *)((char *)p + d->offset) = v;
		return 0;
	}
	return lk_error_set(LK_EINVALID, "unknown parameter '%.*s'", (int)klen, kv);
}

int lk_ais_detect_params_print(const lk_ais_detect_params *p, lk_buf *out)
{
	int rc = 0;
	for (size_t i = 0; i < sizeof(params) / sizeof(params[0]) && rc == 0; i++) {
		const param_desc *d = &params[i];
		const char *at = (const char *)p + d->offset;
		if (d->is_size)
			rc = lk_buf_printf(out, "%s=%zu\n", d->name, *(const size_t *)(const void *)at);
		else
			rc = lk_buf_printf(out, "%s=%g\n", d->name, *(const double *)(const void *)at);
	}
	return rc;
}

static int check_params(const lk_ais_detect_params *p)
{
	for (size_t i = 0; i < sizeof(params) / sizeof(params[0]); i++) {
		const param_desc *d = &params[i];
		const char *at = (const char *)p + d->offset;
		double v = d->is_size ? (double)*(const size_t *)(const void *)at
		                      : *(const double *)(const void *)at;
		if (!(v >= d->min && v <= d->max))
			return lk_error_set(LK_EINVALID, "parameter %s: %g is not in [%g, %g]", d->name,
			                    v, d->min, d->max);
	}
	return 0;
}

/* ---- the detector ---- */

void lk_ais__bytes(lk_ais_detect *d, long long delta)
{
	d->st.bytes = (size_t)((long long)d->st.bytes + delta);
	if (d->st.bytes > d->st.peak_bytes)
		d->st.peak_bytes = d->st.bytes;
}

bool lk_ais__near_port(lk_ais_detect *d, double lat, double lon)
{
	if (!d->o.ports)
		return false;
	double lim = d->p.port_distance_km * 1000.0;
	return lk_ais_ports_nearest_m(d->o.ports, lat, lon, lim, NULL) < lim;
}

void lk_ais__emit(lk_ais_detect *d, lk_ais_event *ev)
{
	d->st.events[ev->type]++;
	d->o.on_event(d->o.ud, ev);
}

int lk_ais_detect_new(lk_ais_detect **out, const lk_ais_detect_options *opts)
{
	assert(out && opts);
	*out = NULL;
	if (!opts->on_event)
		return lk_error_set(LK_EINVALID, "ais detect: no event callback");
	int rc = check_params(&opts->params);
	if (rc < 0)
		return rc;
	lk_ais_detect *d = calloc(1, sizeof(*d));
	if (!d)
		return lk_error_set(LK_ENOMEM, "ais detect: out of memory");
	d->o = *opts;
	d->p = opts->params;
	d->now = INT64_MIN;
	d->next_evict = INT64_MIN;
	lk_ais__bytes(d, (long long)sizeof(*d));
	if ((rc = lk_ais__enc_init(d)) < 0) {
		lk_ais_detect_free(d);
		return rc;
	}
	*out = d;
	return 0;
}

void lk_ais_detect_free(lk_ais_detect *d)
{
	if (!d)
		return;
	free(d->vs);
	lk_ais__map_free(&d->vmap);
	lk_ais__enc_free(d);
	lk_ais__ident_free(d);
	free(d);
}

const lk_ais_detect_stats *lk_ais_detect_stats_get(const lk_ais_detect *d)
{
	return &d->st;
}

/* ---- loitering and spoofing ---- */

static void loiter_close(lk_ais_detect *d, lk_ais__dvessel *v)
{
	if (v->lo_start < 0)
		return;
	if ((double)(v->lo_last - v->lo_start) >= d->p.loiter_min_h * 3600.0 && v->lo_n > 0) {
		double lat = v->lo_sum_lat / v->lo_n, lon = v->lo_sum_lon / v->lo_n;
		if (lk_ais__near_port(d, lat, lon)) {
			d->st.near_port++;
		} else {
			lk_ais_event ev = {.type = LK_AIS_EV_LOITERING, .mmsi = v->mmsi,
			                   .start = v->lo_start, .end = v->lo_last, .has_position = true,
			                   .lat = lat, .lon = lon, .speed_kn = v->lo_sum_speed / v->lo_n};
			lk_ais__emit(d, &ev);
		}
	}
	v->lo_start = -1;
	v->lo_n = 0;
	v->lo_sum_lat = v->lo_sum_lon = v->lo_sum_speed = 0;
}

static void loiter_add(lk_ais_detect *d, lk_ais__dvessel *v, int64_t t, double lat,
                       double lon, double speed)
{
	if (speed < 0)
		return;  /* unknown: neither extends nor breaks a run */
	if (speed >= d->p.loiter_speed_kn) {
		loiter_close(d, v);
		return;
	}
	if (v->lo_start < 0)
		v->lo_start = t;
	v->lo_last = t;
	v->lo_sum_lat += lat;
	v->lo_sum_lon += lon;
	v->lo_sum_speed += speed;
	v->lo_n++;
}

static void spoof_close(lk_ais_detect *d, lk_ais__dvessel *v)
{
	if (!v->sp_open)
		return;
	lk_ais_event ev = {.type = LK_AIS_EV_SPOOFING, .mmsi = v->mmsi, .start = v->sp_start,
	                   .end = v->sp_end, .has_position = true, .lat = v->sp_elat,
	                   .lon = v->sp_elon, .start_lat = v->sp_slat, .start_lon = v->sp_slon,
	                   .end_lat = v->sp_elat, .end_lon = v->sp_elon, .speed_kn = v->sp_speed};
	v->sp_open = false;
	lk_ais__emit(d, &ev);
}

/* ---- vessels ---- */

static void vessel_close(lk_ais_detect *d, lk_ais__dvessel *v)
{
	loiter_close(d, v);
	spoof_close(d, v);
}

static lk_ais__dvessel *vessel_get(lk_ais_detect *d, uint32_t mmsi, int64_t t, int *err)
{
	uint32_t i = lk_ais__map_get(&d->vmap, mmsi);
	if (i != LK_AIS__MAP_NONE)
		return &d->vs[i];
	if (d->nv >= d->p.max_vessels) {
		d->st.dropped_vessels++;
		return NULL;
	}
	if (d->nv == d->vcap) {
		size_t ncap = d->vcap ? d->vcap * 2 : 1024;
		lk_ais__dvessel *nvs = realloc(d->vs, ncap * sizeof(*nvs));
		if (!nvs) {
			*err = lk_error_set(LK_ENOMEM, "ais detect: out of memory");
			return NULL;
		}
		lk_ais__bytes(d, (long long)((ncap - d->vcap) * sizeof(*nvs)));
		d->vs = nvs;
		d->vcap = ncap;
	}
	size_t before = d->vmap.cap;
	if ((*err = lk_ais__map_put(&d->vmap, mmsi, (uint32_t)d->nv, &d->st.bytes)) < 0)
		return NULL;
	if (d->vmap.cap != before)
		lk_ais__bytes(d, 0);
	lk_ais__dvessel *v = &d->vs[d->nv++];
	memset(v, 0, sizeof(*v));
	v->mmsi = mmsi;
	v->first_seen = v->last_seen = t;
	v->zone_state = -1;
	v->lo_start = -1;
	v->name_t = v->callsign_t = v->imo_t = -1;
	d->st.vessels = d->nv;
	if (d->nv > d->st.peak_vessels)
		d->st.peak_vessels = d->nv;
	return v;
}

static void vessel_remove(lk_ais_detect *d, size_t i)
{
	lk_ais__map_del(&d->vmap, d->vs[i].mmsi);
	d->nv--;
	if (i != d->nv) {
		d->vs[i] = d->vs[d->nv];
		(void)lk_ais__map_put(&d->vmap, d->vs[i].mmsi, (uint32_t)i, &d->st.bytes);
		/* an update of a present key never allocates */
	}
	d->st.vessels = d->nv;
}

static void evict(lk_ais_detect *d)
{
	int64_t horizon = d->now - (int64_t)(d->p.window_h * 3600.0);
	for (size_t i = 0; i < d->nv;) {
		lk_ais__dvessel *v = &d->vs[i];
		if (v->last_seen >= horizon) {
			i++;
			continue;
		}
		vessel_close(d, v);
		vessel_remove(d, i);
		d->st.evicted_vessels++;
	}
	/* give memory back after a busy period */
	if (d->vcap > 4096 && d->nv < d->vcap / 4) {
		size_t ncap = d->vcap / 2;
		lk_ais__dvessel *nvs = realloc(d->vs, ncap * sizeof(*nvs));
		if (nvs) {
			lk_ais__bytes(d, -(long long)((d->vcap - ncap) * sizeof(*nvs)));
			d->vs = nvs;
			d->vcap = ncap;
		}
	}
	lk_ais__imo_evict(d);
}

/* ---- positions ---- */

static bool position_of(const lk_ais_msg *m, double *lat, double *lon, float *sog)
{
	if (!m->decoded)
		return false;
	unsigned speed = LK_AIS_SPEED_NA;
	switch (m->type) {
	case 1: case 2: case 3:
		speed = m->u.pos.speed;
		break;
	case 18: case 19:
		speed = m->u.cb.speed;
		break;
	case 27:
		if (!lk_ais_has_position(m, lat, lon))
			return false;
		*sog = m->u.lr.speed == 63 ? -1.0f : (float)m->u.lr.speed;
		return true;
	default:
		return false;
	}
	if (!lk_ais_has_position(m, lat, lon))
		return false;
	*sog = speed >= LK_AIS_SPEED_NA ? -1.0f : (float)speed / 10.0f;
	return true;
}

static void dark_check(lk_ais_detect *d, lk_ais__dvessel *v, int64_t t, double lat, double lon)
{
	double gap = (double)(t - v->pt);
	if (gap < d->p.dark_h * 3600.0)
		return;
	lk_ais_event ev = {.type = LK_AIS_EV_DARK, .mmsi = v->mmsi, .start = v->pt, .end = t,
	                   .has_position = true, .lat = v->plat, .lon = v->plon,
	                   .gap_h = gap / 3600.0, .start_lat = v->plat, .start_lon = v->plon,
	                   .end_lat = lat, .end_lon = lon};
	const lk_ais_zone *z = d->o.zone;
	if (z) {
		double lim = d->p.zone_near_km * 1000.0;
		if (lk_ais_zone_distance_m(z, v->plat, v->plon, lim) <= lim ||
		    lk_ais_zone_distance_m(z, lat, lon, lim) <= lim)
			ev.near_zone = lk_ais_zone_name(z);
	}
	lk_ais__emit(d, &ev);
}

/* Check the jump from the vessel's last position; true when it is a spoofed one. Jumps closer
 * than spoof_merge_h to the previous one extend its event. */
static bool spoof_check(lk_ais_detect *d, lk_ais__dvessel *v, int64_t t, double dist,
                        double lat, double lon)
{
	double dt = (double)(t - v->pt);
	double kn = dist / 1852.0 / ((dt < 1.0 ? 1.0 : dt) / 3600.0);
	bool jump = kn > d->p.spoof_speed_kn && dist >= d->p.spoof_min_m;
	bool recent = v->sp_open && (double)(t - v->sp_end) < d->p.spoof_merge_h * 3600.0;
	if (v->sp_open && !recent)
		spoof_close(d, v);
	if (!jump)
		return false;
	if (!v->sp_open) {
		v->sp_open = true;
		v->sp_start = v->pt;
		v->sp_slat = v->plat;
		v->sp_slon = v->plon;
		v->sp_speed = 0;
	}
	v->sp_end = t;
	v->sp_elat = lat;
	v->sp_elon = lon;
	if (kn > v->sp_speed)
		v->sp_speed = kn;
	return true;
}

static int add_position(lk_ais_detect *d, lk_ais__dvessel *v, int64_t t, double lat,
                        double lon, float sog)
{
	int rc = 0;
	bool inside = d->o.zone && lk_ais_zone_contains(d->o.zone, lat, lon);
	double speed = sog;
	if (v->has_pos) {
		if (t < v->pt) {
			d->st.out_of_order++;
			return 0;
		}
		double dist = lk_ais_distance_m(v->plat, v->plon, lat, lon);
		if (t == v->pt && dist < 1.0)
			return 0;  /* the same report through another receiver */
		d->st.positions++;
		if ((double)(t - v->pt) >= d->p.dark_h * 3600.0) {
			loiter_close(d, v);
			dark_check(d, v, t, lat, lon);
		}
		bool jump = spoof_check(d, v, t, dist, lat, lon);
		if (speed < 0 && t > v->pt)
			speed = dist / 1852.0 / ((double)(t - v->pt) / 3600.0);
		/* a spoofed jump is no track to interpolate along */
		if (!jump && (rc = lk_ais__enc_track(d, v, t, lat, lon, sog)) < 0)
			return rc;
		if (d->o.zone && v->zone_state == 0 && inside) {
			lk_ais_event ev = {.type = LK_AIS_EV_ZONE_ENTRY, .mmsi = v->mmsi, .start = v->pt,
			                   .end = t, .has_position = true, .lat = lat, .lon = lon,
			                   .zone = lk_ais_zone_name(d->o.zone)};
			lk_ais__emit(d, &ev);
		}
	} else {
		d->st.positions++;
		if ((rc = lk_ais__enc_track(d, v, t, lat, lon, sog)) < 0)
			return rc;
	}
	loiter_add(d, v, t, lat, lon, speed);
	v->zone_state = inside ? 1 : 0;
	v->has_pos = true;
	v->pt = t;
	v->plat = lat;
	v->plon = lon;
	v->psog = sog;
	return 0;
}

int lk_ais_detect_add(lk_ais_detect *d, const lk_ais_msg *m, int64_t time)
{
	assert(d && m);
	int rc = 0;
	d->st.messages++;
	if (time < 0) {
		d->st.untimed++;
		return 0;
	}
	double lat = 0, lon = 0;
	float sog = -1;
	bool pos = position_of(m, &lat, &lon, &sog);
	bool stat = m->decoded && (m->type == 5 || m->type == 19 || m->type == 24);
	if (!pos && !stat)
		return 0;
	if (time > d->now) {
		d->now = time;
		if (d->next_evict == INT64_MIN)
			d->next_evict = time + EVICT_EVERY;
		if (time >= d->next_evict) {
			evict(d);
			d->next_evict = time + EVICT_EVERY;
		}
		if ((rc = lk_ais__enc_advance(d, false)) < 0)
			return rc;
	}
	size_t before = d->nv;
	lk_ais__dvessel *v = vessel_get(d, m->mmsi, time, &rc);
	if (!v)
		return rc;
	if (time > v->last_seen)
		v->last_seen = time;
	if (pos && (rc = add_position(d, v, time, lat, lon, sog)) < 0)
		return rc;
	if (stat) {
		d->st.statics++;
		if ((rc = lk_ais__ident_static(d, v, m, time)) < 0)
			return rc;
	}
	if ((stat || d->nv != before) && d->o.index)
		rc = lk_ais__ident_screen(d, v, time);
	return rc;
}

int lk_ais_detect_add_batch(lk_ais_detect *d, const lk_ais_msg *msgs, const int64_t *times,
                            size_t n)
{
	/* two stages ahead: the map slot of message i + 16, the vessel of message i + 8 (looked up
	 * now, used only as a prefetch hint: processing may move vessels) */
	enum { AHEAD_SLOT = 16, AHEAD_VESSEL = 8 };
	assert(d && (msgs || n == 0));
	for (size_t i = 0; i < n; i++) {
		if (i + AHEAD_SLOT < n)
			lk_ais__map_prefetch(&d->vmap, msgs[i + AHEAD_SLOT].mmsi);
		if (i + AHEAD_VESSEL < n) {
			uint32_t v = lk_ais__map_get(&d->vmap, msgs[i + AHEAD_VESSEL].mmsi);
			if (v != LK_AIS__MAP_NONE && v < d->nv) {
				__builtin_prefetch(&d->vs[v]);
				__builtin_prefetch((const char *)&d->vs[v] + 64);
			}
		}
		int rc = lk_ais_detect_add(d, &msgs[i], times ? times[i] : msgs[i].tag_time);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int lk_ais_detect_finish(lk_ais_detect *d)
{
	int rc = lk_ais__enc_advance(d, true);
	for (size_t i = 0; i < d->nv; i++)
		vessel_close(d, &d->vs[i]);
	return rc;
}
