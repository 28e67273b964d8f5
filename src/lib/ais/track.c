/*
 * track.c - the track store: per-MMSI positions split into segments by implied speed, with
 * hard caps on memory (positions per vessel, positions overall, vessels).
 *
 * Positions are dropped oldest-received first. Each vessel's positions are a ring buffer; a
 * global FIFO of (vessel, sequence number) remembers the order positions were received across
 * vessels, so that the overall cap drops the globally oldest one. Entries of positions already
 * dropped by the per-vessel cap stay in the FIFO as stale entries (recognised by their sequence
 * number) and are skipped or compacted away; the FIFO holds at most 2 * max_points entries,
 * and vessel rings shrink when a vessel has lost most of its points, so memory stays within a
 * constant factor of the caps whatever the input.
 *
 * Segmentation follows Global Fishing Watch's rule: when the speed implied by the great-circle
 * distance between a vessel's previous position and the new one, over the time between them,
 * exceeds the limit (25 kn by default), the new position starts a new segment. Only the latest
 * position is compared (GFW's segmenter also tries to reattach to older open segments; we do
 * not). Receive times have one-second resolution, so the time between positions is taken as at
 * least one second, and in absolute value for positions received out of order.
 */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lookout/error.h"
#include "track_int.h"

typedef struct fifo_entry {
	uint32_t v;
	uint64_t seq;
} fifo_entry;

struct lk_ais_tracks {
	lk_ais_tracks_options o;
	lk_ais_tracks_stats st;
	lk_ais__vessel *vs;
	size_t nv, vcap;
	/* MMSI -> vessel number + 1 (0: empty), open addressing, hcap a power of two */
	uint32_t *hkeys, *hvals;
	size_t hcap;
	/* global FIFO of received positions */
	fifo_entry *fifo;
	size_t fcap, fhead, fn, fstale;  /* fstale: entries of positions already dropped */
};

const char *lk_ais_field_name(lk_ais_field field)
{
	switch (field) {
	case LK_AIS_FIELD_NAME: return "name";
	case LK_AIS_FIELD_CALLSIGN: return "callsign";
	case LK_AIS_FIELD_IMO: return "imo";
	case LK_AIS_FIELD_SHIPTYPE: return "shiptype";
	}
	return "unknown";
}

/*
 * The haversine formula for the great-circle distance on a sphere (R. W. Sinnott, "Virtues of
 * the Haversine", Sky and Telescope 68(2), 1984, p. 159):
 *   a = sin^2(dlat / 2) + cos(lat1) cos(lat2) sin^2(dlon / 2),  d = 2 R asin(min(1, sqrt(a))).
 * R is the IUGG mean Earth radius, 6371008.8 m. The spherical model errs by up to ~0.5 %,
 * far below what a speed limit of 25 kn needs.
 */
double lk_ais_distance_m(double lat1, double lon1, double lat2, double lon2)
{
	const double rad = M_PI / 180.0;
	double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
	double s1 = sin(dlat / 2), s2 = sin(dlon / 2);
	double a = s1 * s1 + cos(lat1 * rad) * cos(lat2 * rad) * s2 * s2;
	double r = sqrt(a);
	return 2.0 * 6371008.8 * asin(r < 1.0 ? r : 1.0);
}

int lk_ais_tracks_new(lk_ais_tracks **out, const lk_ais_tracks_options *opts)
{
	static const lk_ais_tracks_options defaults = LK_AIS_TRACKS_OPTIONS_INIT;
	assert(out);
	*out = NULL;
	lk_ais_tracks *t = calloc(1, sizeof(*t));
	if (!t)
		return lk_error_set(LK_ENOMEM, "ais tracks: out of memory");
	t->o = opts ? *opts : defaults;
	assert(t->o.max_speed_kn > 0 && t->o.max_points_per_vessel > 0 && t->o.max_points > 0);
	assert(t->o.max_vessels > 0 && t->o.max_vessels < UINT32_MAX);
	t->st.bytes = sizeof(*t);
	*out = t;
	return 0;
}

void lk_ais_tracks_free(lk_ais_tracks *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nv; i++) {
		free(t->vs[i].pts);
		free(t->vs[i].chg);
	}
	free(t->vs);
	free(t->hkeys);
	free(t->hvals);
	free(t->fifo);
	free(t);
}

const lk_ais_tracks_stats *lk_ais_tracks_stats_get(lk_ais_tracks *t)
{
	return &t->st;
}

static size_t hash_slot(uint32_t mmsi, size_t hcap)
{
	uint32_t h = mmsi * 2654435761u;  /* Knuth's multiplicative hash */
	return (size_t)(h ^ (h >> 16)) & (hcap - 1);
}

long lk_ais_tracks_find(const lk_ais_tracks *t, uint32_t mmsi)
{
	if (t->hcap == 0)
		return -1;
	for (size_t i = hash_slot(mmsi, t->hcap);; i = (i + 1) & (t->hcap - 1)) {
		if (t->hvals[i] == 0)
			return -1;
		if (t->hkeys[i] == mmsi)
			return (long)t->hvals[i] - 1;
	}
}

static int hash_grow(lk_ais_tracks *t)
{
	size_t ncap = t->hcap ? t->hcap * 2 : 1024;
	uint32_t *keys = calloc(ncap, sizeof(*keys)), *vals = calloc(ncap, sizeof(*vals));
	if (!keys || !vals) {
		free(keys);
		free(vals);
		return lk_error_set(LK_ENOMEM, "ais tracks: out of memory");
	}
	for (size_t i = 0; i < t->hcap; i++) {
		if (t->hvals[i] == 0)
			continue;
		size_t j = hash_slot(t->hkeys[i], ncap);
		while (vals[j] != 0)
			j = (j + 1) & (ncap - 1);
		keys[j] = t->hkeys[i];
		vals[j] = t->hvals[i];
	}
	free(t->hkeys);
	free(t->hvals);
	t->st.bytes += (ncap - t->hcap) * 2 * sizeof(uint32_t);
	t->hkeys = keys;
	t->hvals = vals;
	t->hcap = ncap;
	return 0;
}

/* The vessel of mmsi, created when new; NULL when max_vessels is reached (counted) or out of
 * memory (*err set). */
static lk_ais__vessel *vessel_get(lk_ais_tracks *t, uint32_t mmsi, int *err)
{
	long found = lk_ais_tracks_find(t, mmsi);
	if (found >= 0)
		return &t->vs[found];
	if (t->nv >= t->o.max_vessels) {
		t->st.dropped_vessels++;
		return NULL;
	}
	if ((t->nv + 1) * 2 > t->hcap && (*err = hash_grow(t)) < 0)
		return NULL;
	if (t->nv == t->vcap) {
		size_t ncap = t->vcap ? t->vcap * 2 : 256;
		if (ncap > t->o.max_vessels)
			ncap = t->o.max_vessels;
		lk_ais__vessel *nvs = realloc(t->vs, ncap * sizeof(*nvs));
		if (!nvs) {
			*err = lk_error_set(LK_ENOMEM, "ais tracks: out of memory");
			return NULL;
		}
		t->st.bytes += (ncap - t->vcap) * sizeof(*nvs);
		t->vs = nvs;
		t->vcap = ncap;
	}
	lk_ais__vessel *v = &t->vs[t->nv];
	memset(v, 0, sizeof(*v));
	v->id.mmsi = mmsi;
	v->id.flag = lk_ais_mid_country(mmsi);
	v->id.first_seen = v->id.last_seen = -1;
	size_t i = hash_slot(mmsi, t->hcap);
	while (t->hvals[i] != 0)
		i = (i + 1) & (t->hcap - 1);
	t->hkeys[i] = mmsi;
	t->hvals[i] = (uint32_t)(++t->nv);
	return v;
}

/* Reallocate v's ring to ncap slots (>= v->n), oldest first. */
static int ring_resize(lk_ais_tracks *t, lk_ais__vessel *v, size_t ncap)
{
	assert(ncap >= v->n);
	lk_ais_point *np = malloc(ncap * sizeof(*np));
	if (!np)
		return lk_error_set(LK_ENOMEM, "ais tracks: out of memory");
	for (size_t i = 0; i < v->n; i++)
		np[i] = v->pts[(v->head + i) % v->cap];
	free(v->pts);
	t->st.bytes = t->st.bytes - v->cap * sizeof(*np) + ncap * sizeof(*np);
	v->pts = np;
	v->cap = ncap;
	v->head = 0;
	return 0;
}

/* Drop the oldest position of v; shrink its ring when mostly empty. */
static void drop_oldest(lk_ais_tracks *t, lk_ais__vessel *v)
{
	assert(v->n > 0);
	v->head = (v->head + 1) % v->cap;
	v->n--;
	t->st.points--;
	t->st.dropped_points++;
	/* shrinking is an optimisation: if it fails, the ring simply stays large */
	if (v->cap > 64 && v->n < v->cap / 4)
		(void)ring_resize(t, v, v->cap / 2);
}

static bool entry_stale(const lk_ais_tracks *t, const fifo_entry *e)
{
	const lk_ais__vessel *v = &t->vs[e->v];
	return e->seq < v->next_seq - v->n;
}

/* Drop the globally oldest position held: the first live entry of the FIFO. */
static void drop_global_oldest(lk_ais_tracks *t)
{
	while (t->fn > 0) {
		fifo_entry e = t->fifo[t->fhead];
		t->fhead = (t->fhead + 1) % t->fcap;
		t->fn--;
		if (entry_stale(t, &e)) {
			t->fstale--;
		} else {
			drop_oldest(t, &t->vs[e.v]);
			return;
		}
	}
}

/* Make room for one FIFO entry: remove stale entries when they are at least half of it or the
 * FIFO is at its limit of 2 * max_points, else grow. So it holds at most about twice the live
 * positions, and compaction is amortised over the entries it frees. */
static int fifo_reserve(lk_ais_tracks *t)
{
	if (t->fn < t->fcap)
		return 0;
	size_t limit = t->o.max_points * 2;
	size_t ncap = t->fcap;
	if (t->fcap == 0 || (t->fstale < t->fn / 2 && t->fcap < limit))
		ncap = t->fcap ? t->fcap * 2 : 1024;
	if (ncap > limit)
		ncap = limit;
	bool compact = ncap == t->fcap;
	fifo_entry *nf = malloc(ncap * sizeof(*nf));
	if (!nf)
		return lk_error_set(LK_ENOMEM, "ais tracks: out of memory");
	/* copy oldest first; when not growing, keep live entries only. At most max_points
	 * are live, so a full FIFO of 2 * max_points frees at least half of it. */
	size_t n = 0;
	for (size_t i = 0; i < t->fn; i++) {
		const fifo_entry *e = &t->fifo[(t->fhead + i) % t->fcap];
		if (!compact || !entry_stale(t, e))
			nf[n++] = *e;
	}
	free(t->fifo);
	t->st.bytes = t->st.bytes - t->fcap * sizeof(*nf) + ncap * sizeof(*nf);
	t->fifo = nf;
	t->fcap = ncap;
	t->fhead = 0;
	t->fn = n;
	if (compact)
		t->fstale = 0;
	assert(t->fn < t->fcap);
	return 0;
}

static void fill_point(lk_ais_point *p, const lk_ais_msg *m)
{
	unsigned speed = LK_AIS_SPEED_NA, course = LK_AIS_COURSE_NA, heading = LK_AIS_HEADING_NA;
	switch (m->type) {
	case 1: case 2: case 3:
		speed = m->u.pos.speed, course = m->u.pos.course, heading = m->u.pos.heading;
		break;
	case 18: case 19:
		speed = m->u.cb.speed, course = m->u.cb.course, heading = m->u.cb.heading;
		break;
	case 27:
		/* knots and degrees; 63 and 511 mean unavailable */
		p->sog = m->u.lr.speed == 63 ? -1.0f : (float)m->u.lr.speed;
		p->cog = m->u.lr.course >= 360 ? -1.0f : (float)m->u.lr.course;
		p->heading = -1;
		return;
	default:
		break;
	}
	p->sog = speed >= LK_AIS_SPEED_NA ? -1.0f : (float)speed / 10.0f;
	p->cog = course >= LK_AIS_COURSE_NA ? -1.0f : (float)course / 10.0f;
	p->heading = heading >= 360 ? -1 : (int16_t)heading;
}

static int add_position(lk_ais_tracks *t, lk_ais__vessel *v, const lk_ais_msg *m,
                        int64_t time, double lat, double lon)
{
	int rc = 0;
	if (v->n < v->cap || v->n >= t->o.max_points_per_vessel)
		goto room;
	size_t ncap = v->cap ? v->cap * 2 : 16;
	if (ncap > t->o.max_points_per_vessel)
		ncap = t->o.max_points_per_vessel;
	if ((rc = ring_resize(t, v, ncap)) < 0)
		goto done;
room:
	if ((rc = fifo_reserve(t)) < 0)
		goto done;
	if (v->n >= t->o.max_points_per_vessel) {
		drop_oldest(t, v);
		t->fstale++;  /* its FIFO entry stays until popped or compacted */
	}
	if (t->st.points >= t->o.max_points)
		drop_global_oldest(t);
	/* grown above, or a slot freed by the per-vessel drop (shrinking leaves room) */
	assert(v->n < v->cap);

	lk_ais_point p = {.time = time, .lat = lat, .lon = lon, .type = (uint8_t)m->type};
	fill_point(&p, m);
	if (v->has_last) {
		double dt = fabs((double)(time - v->last.time));
		if (dt < 1.0)
			dt = 1.0;
		double kn = lk_ais_distance_m(v->last.lat, v->last.lon, lat, lon) / 1852.0 /
		            (dt / 3600.0);
		if (kn > t->o.max_speed_kn) {
			v->segment++;
			t->st.splits++;
		}
	}
	p.segment = v->segment;
	v->pts[(v->head + v->n) % v->cap] = p;
	v->n++;
	v->last = p;
	v->has_last = true;
	t->fifo[(t->fhead + t->fn) % t->fcap] = (fifo_entry){(uint32_t)(v - t->vs), v->next_seq};
	t->fn++;
	v->next_seq++;
	t->st.points++;
	t->st.positions++;
done:
	return rc;
}

int lk_ais_tracks_add(lk_ais_tracks *t, const lk_ais_msg *m, int64_t now)
{
	assert(t && m);
	int rc = 0;
	t->st.messages++;
	if (!m->decoded)
		goto done;
	bool vessel_pos = m->type <= 3 || m->type == 18 || m->type == 19 || m->type == 27;
	bool stat = m->type == 5 || m->type == 19 || m->type == 24;
	double lat = 0, lon = 0;
	bool has_pos = vessel_pos && lk_ais_has_position(m, &lat, &lon);
	if (!has_pos && !stat)
		goto done;
	int64_t time = m->tag_time >= 0 ? m->tag_time : now;
	lk_ais__vessel *v = vessel_get(t, m->mmsi, &rc);
	if (!v)
		goto done;
	if (v->id.first_seen < 0 || time < v->id.first_seen)
		v->id.first_seen = time;
	if (time > v->id.last_seen)
		v->id.last_seen = time;
	if (has_pos && (rc = add_position(t, v, m, time, lat, lon)) < 0)
		goto done;
	if (stat)
		rc = lk_ais__identity_update(v, m, time, t->o.max_changes, &t->st.dropped_changes,
		                             &t->st.bytes);
done:
	return rc;
}

size_t lk_ais_tracks_count(const lk_ais_tracks *t)
{
	return t->nv;
}

const lk_ais_identity *lk_ais_tracks_identity(const lk_ais_tracks *t, size_t v)
{
	assert(v < t->nv);
	return &t->vs[v].id;
}

size_t lk_ais_tracks_npoints(const lk_ais_tracks *t, size_t v)
{
	assert(v < t->nv);
	return t->vs[v].n;
}

const lk_ais_point *lk_ais_tracks_point(const lk_ais_tracks *t, size_t v, size_t i)
{
	assert(v < t->nv && i < t->vs[v].n);
	const lk_ais__vessel *ve = &t->vs[v];
	return &ve->pts[(ve->head + i) % ve->cap];
}

bool lk_ais_tracks_next_segment(const lk_ais_tracks *t, size_t v, size_t *pos,
                                lk_ais_segment *out)
{
	assert(v < t->nv && pos && out);
	size_t n = t->vs[v].n, i = *pos;
	if (i >= n)
		return false;
	uint32_t id = lk_ais_tracks_point(t, v, i)->segment;
	size_t j = i + 1;
	while (j < n && lk_ais_tracks_point(t, v, j)->segment == id)
		j++;
	*out = (lk_ais_segment){id, i, j - i};
	*pos = j;
	return true;
}

size_t lk_ais_tracks_nchanges(const lk_ais_tracks *t, size_t v)
{
	assert(v < t->nv);
	return t->vs[v].chg_n;
}

const lk_ais_change *lk_ais_tracks_change(const lk_ais_tracks *t, size_t v, size_t i)
{
	assert(v < t->nv && i < t->vs[v].chg_n);
	const lk_ais__vessel *ve = &t->vs[v];
	return &ve->chg[(ve->chg_head + i) % ve->chg_cap];
}
