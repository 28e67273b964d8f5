/*
 * detect_encounter.c - encounters: two vessels within enc_distance_m (500 m) of each other for
 * at least enc_min_h (2 h) at a median speed below enc_speed_kn (2 kn), as Global Fishing
 * Watch defines them; encounters of the same pair less than enc_merge_h (4 h) apart are one.
 *
 * Vessels report at their own times, so positions are first interpolated (linearly, between
 * consecutive positions at most interp_max_gap_s apart) onto a common time step (10 min):
 * each step holds at most one point per vessel. A step is closed once no position can still
 * reach it (the stream's clock is interp_max_gap_s past it). Closing a step puts its points
 * in a spatial hash of cells at least enc_distance_m wide (rows of equal latitude height,
 * columns widened with the latitude), and each point looks only at the 3 x 3 cells around its
 * own: never all pairs. Pairs found close at consecutive steps form a run; a run ends at the
 * first step where the pair is not close. A run that lasted long enough at a low enough
 * median speed is an encounter; it waits enc_merge_h for a further run of the same pair to be
 * merged into it, then it is reported, unless its mean position is within port_distance_km of
 * a port.
 *
 * Durations are therefore measured on the step grid: from the first to the last step at which
 * the pair was close. Medians come from per-pair histograms (speed bins of enc_speed_kn / 8,
 * distance bins of enc_distance_m / 64), so that a pair costs a fixed few hundred bytes however
 * long it lasts; the speed threshold falls on a bin edge, so the decision "median below 2 kn"
 * is exact, taking the upper of the two middle samples. Positions across the antimeridian are
 * interpolated the short way round; mean positions of events that straddle it are not.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lookout/error.h"
#include "detect_int.h"

#define NONE UINT32_MAX
#define M_PER_DEG 111195.08

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

int lk_ais__enc_init(lk_ais_detect *d)
{
	d->step = (int64_t)d->p.step_s;
	if (d->step < 1)
		d->step = 1;
	d->nb = (size_t)ceil(d->p.interp_max_gap_s / (double)d->step) + 2;
	d->buckets = calloc(d->nb, sizeof(*d->buckets));
	if (!d->buckets)
		return lk_error_set(LK_ENOMEM, "ais detect: out of memory");
	lk_ais__bytes(d, (long long)(d->nb * sizeof(*d->buckets)));
	d->next_step = INT64_MIN;
	return 0;
}

void lk_ais__enc_free(lk_ais_detect *d)
{
	if (d->buckets)
		for (size_t i = 0; i < d->nb; i++)
			free(d->buckets[i].p);
	free(d->buckets);
	free(d->ghead);
	free(d->gnext);
	free(d->gkey);
	free(d->pairs);
	lk_ais__map_free(&d->pmap);
}

/* ---- step points ---- */

static int push_point(lk_ais_detect *d, int64_t k, uint32_t mmsi, double lat, double lon,
                      double speed)
{
	if (d->next_step == INT64_MIN || k < d->next_step || k >= d->next_step + (int64_t)d->nb) {
		d->st.late_steps++;
		return 0;
	}
	lk_ais__bucket *b = &d->buckets[(size_t)(k % (int64_t)d->nb)];
	if (b->n == b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 256;
		lk_ais__spoint *np = realloc(b->p, ncap * sizeof(*np));
		if (!np)
			return lk_error_set(LK_ENOMEM, "ais detect: out of memory");
		lk_ais__bytes(d, (long long)((ncap - b->cap) * sizeof(*np)));
		b->p = np;
		b->cap = ncap;
	}
	b->p[b->n++] = (lk_ais__spoint){mmsi, (float)speed, lat, lon};
	return 0;
}

int lk_ais__enc_track(lk_ais_detect *d, const lk_ais__dvessel *v, int64_t t, double lat,
                      double lon, float sog)
{
	int64_t step = d->step;
	if (!v->has_pos) {
		if (t % step == 0 && sog >= 0)
			return push_point(d, t / step, v->mmsi, lat, lon, sog);
		return 0;
	}
	int64_t t0 = v->pt;
	if (t <= t0 || (double)(t - t0) > d->p.interp_max_gap_s)
		return 0;
	double dlon = lon - v->plon;
	if (dlon > 180.0)
		dlon -= 360.0;
	else if (dlon < -180.0)
		dlon += 360.0;
	double implied = lk_ais_distance_m(v->plat, v->plon, lat, lon) / 1852.0 /
	                 ((double)(t - t0) / 3600.0);
	for (int64_t k = floor_div(t0, step) + 1; k <= floor_div(t, step); k++) {
		double f = (double)(k * step - t0) / (double)(t - t0);
		double ilon = v->plon + f * dlon;
		if (ilon > 180.0)
			ilon -= 360.0;
		else if (ilon < -180.0)
			ilon += 360.0;
		double speed = (sog >= 0 && v->psog >= 0) ? v->psog + f * (sog - v->psog) : implied;
		int rc = push_point(d, k, v->mmsi, v->plat + f * (lat - v->plat), ilon, speed);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* ---- pairs ---- */

static void hist_add(lk_ais_detect *d, lk_ais__hist *h, double s1, double s2, double dist,
                     double lat, double lon)
{
	double sw = d->p.enc_speed_kn / 8.0, dw = d->p.enc_distance_m / DIST_BINS;
	double ss[2] = {s1, s2};
	for (int i = 0; i < 2; i++) {
		double b = floor(ss[i] / sw);
		size_t bi = b < 0 ? 0 : b >= SPEED_BINS ? SPEED_BINS - 1 : (size_t)b;
		if (h->speed[bi] < UINT16_MAX)
			h->speed[bi]++;
	}
	double b = floor(dist / dw);
	size_t bi = b < 0 ? 0 : b >= DIST_BINS ? DIST_BINS - 1 : (size_t)b;
	if (h->dist[bi] < UINT16_MAX)
		h->dist[bi]++;
	h->n++;
	h->sum_lat += lat;
	h->sum_lon += lon;
}

static void hist_merge(lk_ais__hist *into, const lk_ais__hist *h)
{
	for (size_t i = 0; i < SPEED_BINS; i++)
		into->speed[i] = (uint16_t)(into->speed[i] + h->speed[i] > UINT16_MAX
		                                ? UINT16_MAX : into->speed[i] + h->speed[i]);
	for (size_t i = 0; i < DIST_BINS; i++)
		into->dist[i] = (uint16_t)(into->dist[i] + h->dist[i] > UINT16_MAX
		                               ? UINT16_MAX : into->dist[i] + h->dist[i]);
	into->n += h->n;
	into->sum_lat += h->sum_lat;
	into->sum_lon += h->sum_lon;
}

/* The bin of the upper middle sample. */
static size_t median_bin(const uint16_t *bins, size_t nbins)
{
	unsigned long total = 0;
	for (size_t i = 0; i < nbins; i++)
		total += bins[i];
	unsigned long want = total / 2, seen = 0;
	for (size_t i = 0; i < nbins; i++) {
		seen += bins[i];
		if (seen > want)
			return i;
	}
	return nbins - 1;
}

static void emit_encounter(lk_ais_detect *d, lk_ais__pair *p)
{
	const lk_ais__hist *h = &p->ev;
	double lat = h->sum_lat / h->n, lon = h->sum_lon / h->n;
	if (lk_ais__near_port(d, lat, lon)) {
		d->st.near_port++;
		return;
	}
	double sw = d->p.enc_speed_kn / 8.0, dw = d->p.enc_distance_m / DIST_BINS;
	lk_ais_event ev = {.type = LK_AIS_EV_ENCOUNTER, .mmsi = (uint32_t)(p->key >> 32),
	                   .other_mmsi = (uint32_t)p->key, .start = p->ev_start, .end = p->ev_end,
	                   .has_position = true, .lat = lat, .lon = lon,
	                   .distance_m = ((double)median_bin(h->dist, DIST_BINS) + 0.5) * dw,
	                   .median_speed_kn = ((double)median_bin(h->speed, SPEED_BINS) + 0.5) * sw};
	lk_ais__emit(d, &ev);
}

static void run_end(lk_ais_detect *d, lk_ais__pair *p)
{
	bool ok = (double)(p->run_last - p->run_start) >= d->p.enc_min_h * 3600.0 &&
	          median_bin(p->run.speed, SPEED_BINS) < 8;
	if (ok) {
		if (p->has_ev && (double)(p->run_start - p->ev_end) < d->p.enc_merge_h * 3600.0) {
			p->ev_end = p->run_last;
			hist_merge(&p->ev, &p->run);
		} else {
			if (p->has_ev)
				emit_encounter(d, p);
			p->has_ev = true;
			p->ev_start = p->run_start;
			p->ev_end = p->run_last;
			p->ev = p->run;
		}
	}
	p->run_start = -1;
	memset(&p->run, 0, sizeof(p->run));
}

static void pair_remove(lk_ais_detect *d, size_t i)
{
	lk_ais__map_del(&d->pmap, d->pairs[i].key);
	d->npairs--;
	if (i != d->npairs) {
		d->pairs[i] = d->pairs[d->npairs];
		(void)lk_ais__map_put(&d->pmap, d->pairs[i].key, (uint32_t)i, &d->st.bytes);
	}
	d->st.pairs = d->npairs;
}

static int observe(lk_ais_detect *d, int64_t T, const lk_ais__spoint *a,
                   const lk_ais__spoint *b, double dist)
{
	const lk_ais__spoint *lo = a->mmsi < b->mmsi ? a : b, *hi = lo == a ? b : a;
	uint64_t key = (uint64_t)lo->mmsi << 32 | hi->mmsi;
	uint32_t i = lk_ais__map_get(&d->pmap, key);
	lk_ais__pair *p;
	if (i == LK_AIS__MAP_NONE) {
		if (d->npairs >= d->p.max_pairs) {
			d->st.dropped_pairs++;
			return 0;
		}
		if (d->npairs == d->pcap) {
			size_t ncap = d->pcap ? d->pcap * 2 : 64;
			lk_ais__pair *np = realloc(d->pairs, ncap * sizeof(*np));
			if (!np)
				return lk_error_set(LK_ENOMEM, "ais detect: out of memory");
			lk_ais__bytes(d, (long long)((ncap - d->pcap) * sizeof(*np)));
			d->pairs = np;
			d->pcap = ncap;
		}
		int rc = lk_ais__map_put(&d->pmap, key, (uint32_t)d->npairs, &d->st.bytes);
		if (rc < 0)
			return rc;
		p = &d->pairs[d->npairs++];
		memset(p, 0, sizeof(*p));
		p->key = key;
		p->run_start = -1;
		d->st.pairs = d->npairs;
		if (d->npairs > d->st.peak_pairs)
			d->st.peak_pairs = d->npairs;
	} else {
		p = &d->pairs[i];
	}
	if (p->run_start >= 0 && p->run_last < T - d->step)
		run_end(d, p);
	if (p->run_start < 0)
		p->run_start = T;
	p->run_last = T;
	double dlon = b->lon - a->lon;
	if (dlon > 180.0)
		dlon -= 360.0;
	else if (dlon < -180.0)
		dlon += 360.0;
	hist_add(d, &p->run, lo->speed, hi->speed, dist, (a->lat + b->lat) / 2,
	         a->lon + dlon / 2);
	return 0;
}

/* After step T: end the runs not continued at T, report encounters that can no longer merge,
 * forget pairs with nothing open. final: end and report everything. */
static void sweep(lk_ais_detect *d, int64_t T, bool final)
{
	double merge = d->p.enc_merge_h * 3600.0;
	for (size_t i = 0; i < d->npairs;) {
		lk_ais__pair *p = &d->pairs[i];
		if (p->run_start >= 0 && (final || p->run_last < T))
			run_end(d, p);
		if (p->has_ev && p->run_start < 0 && (final || (double)(T - p->ev_end) >= merge)) {
			emit_encounter(d, p);
			p->has_ev = false;
		}
		if (p->run_start < 0 && !p->has_ev) {
			pair_remove(d, i);
			continue;
		}
		i++;
	}
}

/* ---- the grid of one step ---- */

typedef struct grid_row {
	int64_t ncols;
	double width;
} grid_row;

static grid_row row_geom(double ch, int64_t row)
{
	double edge = fmax(fabs((double)row * ch), fabs((double)(row + 1) * ch)) + ch;
	double c = cos(fmin(edge, 89.99) * M_PI / 180.0);
	double want = ch / c;
	grid_row g;
	g.ncols = want >= 360.0 ? 1 : (int64_t)floor(360.0 / want);
	if (g.ncols < 1)
		g.ncols = 1;
	g.width = 360.0 / (double)g.ncols;
	return g;
}

static uint64_t cell_key(int64_t row, int64_t col)
{
	return (uint64_t)(row + (1 << 30)) << 32 | (uint64_t)col;
}

static size_t cell_slot(uint64_t key, size_t cap)
{
	key ^= key >> 31;
	key *= 0x9e3779b97f4a7c15ULL;
	return (size_t)(key >> 20) & (cap - 1);
}

static int64_t col_of(const grid_row *g, double lon)
{
	int64_t c = (int64_t)floor((lon + 180.0) / g->width);
	return ((c % g->ncols) + g->ncols) % g->ncols;
}

static int close_step(lk_ais_detect *d, int64_t k)
{
	lk_ais__bucket *b = &d->buckets[(size_t)(((k % (int64_t)d->nb) + (int64_t)d->nb) %
	                                         (int64_t)d->nb)];
	int64_t T = k * d->step;
	size_t n = b->n;
	int rc = 0;
	if (n >= 2) {
		size_t cap = 1;
		while (cap < n * 2)
			cap <<= 1;
		if (cap > d->gcap) {
			uint32_t *h = realloc(d->ghead, cap * sizeof(*h));
			if (!h)
				return lk_error_set(LK_ENOMEM, "ais detect: out of memory");
			lk_ais__bytes(d, (long long)((cap - d->gcap) * sizeof(*h)));
			d->ghead = h;
			d->gcap = cap;
		}
		if (n > d->gpcap) {
			size_t pc = b->cap;
			uint32_t *nx = realloc(d->gnext, pc * sizeof(*nx));
			if (!nx)
				return lk_error_set(LK_ENOMEM, "ais detect: out of memory");
			d->gnext = nx;
			uint64_t *ky = realloc(d->gkey, pc * sizeof(*ky));
			if (!ky)
				return lk_error_set(LK_ENOMEM, "ais detect: out of memory");
			d->gkey = ky;
			lk_ais__bytes(d, (long long)((pc - d->gpcap) * (sizeof(*nx) + sizeof(*ky))));
			d->gpcap = pc;
		}
		for (size_t i = 0; i < cap; i++)
			d->ghead[i] = NONE;
		double ch = d->p.enc_distance_m / M_PER_DEG;
		for (size_t i = 0; i < n; i++) {
			int64_t row = (int64_t)floor(b->p[i].lat / ch);
			grid_row g = row_geom(ch, row);
			uint64_t key = cell_key(row, col_of(&g, b->p[i].lon));
			size_t s = cell_slot(key, cap);
			d->gkey[i] = key;
			d->gnext[i] = d->ghead[s];
			d->ghead[s] = (uint32_t)i;
		}
		double maxd = d->p.enc_distance_m;
		for (size_t i = 0; i < n && rc == 0; i++) {
			const lk_ais__spoint *a = &b->p[i];
			int64_t row = (int64_t)floor(a->lat / ch);
			for (int64_t r = row - 1; r <= row + 1 && rc == 0; r++) {
				grid_row g = row_geom(ch, r);
				int64_t c0 = col_of(&g, a->lon);
				int64_t ncheck = g.ncols < 3 ? g.ncols : 3;
				for (int64_t dc = 0; dc < ncheck && rc == 0; dc++) {
					int64_t c = g.ncols < 3 ? dc : ((c0 + dc - 1) % g.ncols + g.ncols) % g.ncols;
					uint64_t key = cell_key(r, c);
					for (uint32_t j = d->ghead[cell_slot(key, cap)]; j != NONE;
					     j = d->gnext[j]) {
						const lk_ais__spoint *o = &b->p[j];
						if (d->gkey[j] != key || o->mmsi <= a->mmsi)
							continue;
						if (fabs(o->lat - a->lat) * M_PER_DEG > maxd)
							continue;
						double dist = lk_ais_distance_m(a->lat, a->lon, o->lat, o->lon);
						if (dist <= maxd)
							rc = observe(d, T, a, o, dist);
					}
				}
			}
		}
	}
	b->n = 0;
	if (rc == 0)
		sweep(d, T, false);
	return rc;
}

int lk_ais__enc_advance(lk_ais_detect *d, bool final)
{
	int rc = 0;
	if (d->now == INT64_MIN)
		return 0;
	int64_t gap = (int64_t)ceil(d->p.interp_max_gap_s);
	/* steps k with k * step <= now - gap can receive no more points */
	int64_t limit = floor_div(d->now - gap, d->step);
	if (final)
		limit = floor_div(d->now, d->step);
	if (d->next_step == INT64_MIN) {
		d->next_step = limit + 1;
		if (!final)
			return 0;
	}
	int64_t todo = limit - d->next_step + 1;
	if (todo > (int64_t)d->nb) {
		/* a jump in time: the buckets hold nb steps at most; close those, then one empty
		 * step at the limit ends every run */
		for (size_t i = 0; i < d->nb && rc == 0; i++)
			rc = close_step(d, d->next_step++);
		d->next_step = limit;
	}
	while (rc == 0 && d->next_step <= limit)
		rc = close_step(d, d->next_step++);
	if (rc == 0 && final)
		sweep(d, limit * d->step, true);
	return rc;
}
