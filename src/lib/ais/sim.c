/*
 * sim.c - the streaming traffic generator: background vessels on random great-circle legs
 * and the scenario's scripted vessels, merged in time order through a binary heap keyed by
 * (time, vessel), so that memory is bounded by the number of vessels and the output is the
 * same for the same seed.
 *
 * Each vessel reports its position (type 1) every 10 s to 3 min (its own interval, with
 * 10 % jitter) and its static and voyage data (type 5) every 6 minutes, as class A
 * transponders do. Scripted vessels are silent in their dark periods, broadcast their
 * scripted identity from its time on (with a static report at the change), and report the
 * scripted false positions of a spoofing. Background vessels never do any of these; see
 * include/lookout/ais_sim.h for why they cannot trigger a detector.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_int.h"

/* Flags for background traffic (MIDs of common flags of the region; never 445, the DPRK). */
static const unsigned bg_mids[] = {412, 413, 414, 440, 441, 431, 432, 477, 351, 352, 353,
	354, 355, 356, 357, 370, 371, 372, 373, 636, 538, 563, 564, 565, 566, 548, 574, 273,
	311, 229, 248, 249, 256, 215, 210, 218, 219, 235, 636, 533};
static const char *const bg_dest[] = {"BUSAN", "SHANGHAI", "NINGBO", "QINGDAO", "DALIAN",
	"TIANJIN", "KAOHSIUNG", "YOKOHAMA", "KOBE", "INCHEON", "XIAMEN", "HONG KONG",
	"SINGAPORE", "VOSTOCHNY", "NAGOYA", "ULSAN"};
static const uint8_t bg_types[] = {70, 70, 70, 71, 79, 80, 80, 81, 84, 89, 60, 52, 30};

/* ---- the heap of next report times ---- */

static bool before(const sim_heap_item *a, const sim_heap_item *b)
{
	return a->t < b->t || (a->t == b->t && a->idx < b->idx);
}

static void heap_push(lk_ais_sim *s, sim_heap_item it)
{
	size_t i = s->nheap++;
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (!before(&it, &s->heap[parent]))
			break;
		s->heap[i] = s->heap[parent];
		i = parent;
	}
	s->heap[i] = it;
}

/* Replace the top with it (or remove the top when it is NULL) and restore the order. */
static void heap_replace_top(lk_ais_sim *s, const sim_heap_item *it)
{
	sim_heap_item x;
	if (it) {
		x = *it;
	} else {
		if (--s->nheap == 0)
			return;
		x = s->heap[s->nheap];
	}
	size_t i = 0, n = s->nheap;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && before(&s->heap[c + 1], &s->heap[c]))
			c++;
		if (!before(&s->heap[c], &x))
			break;
		s->heap[i] = s->heap[c];
		i = c;
	}
	s->heap[i] = x;
}

/* ---- background vessels ---- */

static bool bg_point_ok(const lk_ais_scenario *sc, double lat, double lon)
{
	return !lk_ais__zone_crossed(sc->zone, lat, lon, lat, lon, 1000.0, SIM_ZONE_CLEAR_M);
}

static void random_point(lk_ais_sim *s, double *lat, double *lon)
{
	const lk_ais_scenario *sc = s->sc;
	*lat = sc->south + lk_ais__rng_unit(&s->rng) * (sc->north - sc->south);
	*lon = sc->west + lk_ais__rng_unit(&s->rng) * (sc->east - sc->west);
}

/* Start a new leg from the vessel's current leg end at time t0. */
static int bg_new_leg(lk_ais_sim *s, sim_bg *b, int64_t t0)
{
	const lk_ais_scenario *sc = s->sc;
	double lat = b->lat1, lon = b->lon1;
	/* the heading at the end of the previous leg: turns of at most 120 degrees, so that
	 * the speed implied by two reports around a turn stays above half the speed */
	bool first = b->t1 == 0;
	double heading = first ? 0.0 : fmod(lk_ais__bearing(lat, lon, b->lat0, b->lon0) + 180.0,
	                                    360.0);
	for (int tries = 0; tries < 400; tries++) {
		double la, lo;
		random_point(s, &la, &lo);
		double d = lk_ais_distance_m(lat, lon, la, lo);
		/* legs of at least 10 km (fewer in a small area after many tries) */
		if (d < (tries < 100 ? 10000.0 : 2000.0))
			continue;
		if (!first && tries < 300) {
			double turn = fabs(fmod(lk_ais__bearing(lat, lon, la, lo) - heading + 540.0,
			                        360.0) - 180.0);
			if (turn > 120.0)
				continue;
		}
		if (lk_ais__zone_crossed(sc->zone, lat, lon, la, lo, 2000.0, SIM_ZONE_CLEAR_M))
			continue;
		b->lat0 = lat, b->lon0 = lon, b->lat1 = la, b->lon1 = lo;
		b->speed_kn = (float)(sc->bg_speed[0] +
		                      lk_ais__rng_unit(&s->rng) * (sc->bg_speed[1] - sc->bg_speed[0]));
		b->t0 = t0;
		int64_t dt = (int64_t)ceil(d / (b->speed_kn * SIM_KN));
		b->t1 = t0 + (dt > 1 ? dt : 1);
		/* the speed the reports carry is the leg's, to the second */
		b->speed_kn = (float)(d / (double)(b->t1 - b->t0) / SIM_KN);
		return 0;
	}
	return lk_error_set(LK_EINVALID, "simulate: no leg for background vessel %u away from "
	                    "the zone: is the area inside it?", b->index);
}

static bool mmsi_taken(uint32_t *set, size_t mask, uint32_t mmsi, bool insert)
{
	size_t h = (size_t)(mmsi * 2654435761u) & mask;
	while (set[h]) {
		if (set[h] == mmsi)
			return true;
		h = (h + 1) & mask;
	}
	if (insert)
		set[h] = mmsi;
	return false;
}

static uint32_t imo_with_check(uint32_t six)
{
	unsigned sum = 0, n = six;
	for (unsigned w = 2; w <= 7; w++, n /= 10)
		sum += (n % 10) * w;
	return six * 10 + sum % 10;
}

static bool scripted_imo(const lk_ais_scenario *sc, uint32_t imo)
{
	for (size_t i = 0; i < sc->nv; i++)
		for (size_t k = 0; k < sc->v[i].nident; k++)
			if (sc->v[i].ident[k].imo == imo)
				return true;
	return false;
}

static int bg_init(lk_ais_sim *s)
{
	const lk_ais_scenario *sc = s->sc;
	size_t n = s->nbg;
	size_t cap = 16;
	while (cap < 2 * (n + 64))
		cap *= 2;
	uint32_t *set = calloc(cap, sizeof(uint32_t));
	if (!set)
		return lk_error_set(LK_ENOMEM, "simulate: out of memory");
	for (size_t i = 0; i < sc->nv; i++)
		for (size_t k = 0; k < sc->v[i].nident; k++)
			mmsi_taken(set, cap - 1, sc->v[i].ident[k].mmsi, true);
	/* IMO numbers 2000000-2999999: valid check digits, unique, and from a range in which
	 * none of the sanctions lists in the shared data has a number (ships are numbered from
	 * 1000000 and 5000000 up, companies anywhere: tests/ais/test_sim.c checks the lists);
	 * past 100,000 vessels, none (0) */
	uint32_t imo_off = (uint32_t)lk_ais__rng_range(&s->rng, 0, 99999);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		sim_bg *b = &s->bg[i];
		b->index = (uint32_t)i;
		uint32_t mmsi;
		do {
			unsigned mid = bg_mids[lk_ais__rng_range(&s->rng, 0,
			                                         sizeof(bg_mids) / sizeof(bg_mids[0]) - 1)];
			mmsi = mid * 1000000u + (uint32_t)lk_ais__rng_range(&s->rng, 0, 999999);
		} while (mmsi_taken(set, cap - 1, mmsi, true));
		b->mmsi = mmsi;
		b->imo = 0;
		if (i < 100000) {
			uint32_t six = 200000 + (uint32_t)((i * 7919 + imo_off) % 100000);
			b->imo = imo_with_check(six);
			if (scripted_imo(sc, b->imo))
				b->imo = 0;
		}
		b->shiptype = bg_types[lk_ais__rng_range(&s->rng, 0, sizeof(bg_types) - 1)];
		b->to_bow = (uint16_t)lk_ais__rng_range(&s->rng, 40, 250);
		b->to_stern = (uint16_t)lk_ais__rng_range(&s->rng, 10, 60);
		b->to_port = (uint8_t)lk_ais__rng_range(&s->rng, 4, 25);
		b->to_starboard = (uint8_t)lk_ais__rng_range(&s->rng, 4, 25);
		b->draught = (uint8_t)lk_ais__rng_range(&s->rng, 40, 160);
		b->dest = (uint8_t)lk_ais__rng_range(&s->rng, 0, sizeof(bg_dest) / sizeof(bg_dest[0]) - 1);
		b->interval = (uint16_t)lk_ais__rng_range(&s->rng, sc->interval[0], sc->interval[1]);
		int tries = 0;
		do
			random_point(s, &b->lat1, &b->lon1);
		while (!bg_point_ok(sc, b->lat1, b->lon1) && ++tries < 1000);
		if (tries >= 1000) {
			rc = lk_error_set(LK_EINVALID, "simulate: the area lies inside the zone");
			break;
		}
		if ((rc = bg_new_leg(s, b, 0)) < 0)
			break;
		b->next_pos = lk_ais__rng_range(&s->rng, 0, b->interval - 1);
		b->next_static = b->next_pos + lk_ais__rng_range(&s->rng, 0, sc->static_interval - 1);
		heap_push(s, (sim_heap_item){b->next_pos, (uint32_t)i});
	}
	free(set);
	return rc;
}

static void base36(char *out, size_t width, uint32_t v)
{
	static const char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	for (size_t i = width; i > 0; i--, v /= 36)
		out[i - 1] = digits[v % 36];
	out[width] = '\0';
}

static void fill_position(lk_ais_sim *s, lk_ais_msg *m, uint32_t mmsi, int64_t t, double lat,
                          double lon, double sog, double cog)
{
	memset(m, 0, sizeof(*m));
	m->type = 1;
	m->mmsi = mmsi;
	m->decoded = true;
	m->tag_time = s->sc->start + t;
	uint64_t r = lk_ais__rng_next(&s->rng);
	m->channel = (r & 1) ? 'B' : 'A';
	lk_ais_pos *p = &m->u.pos;
	p->status = 0;
	p->turn = 0;
	long sp = lround(sog * 10.0);
	p->speed = (unsigned)(sp > 1022 ? 1022 : sp);
	p->accuracy = true;
	p->lon = (int32_t)lround(lon * 600000.0);
	p->lat = (int32_t)lround(lat * 600000.0);
	p->course = (unsigned)(lround(cog * 10.0) % 3600);
	p->heading = (unsigned)(lround(cog) % 360);
	p->second = (unsigned)((s->sc->start + t) % 60);
	p->radio = (uint32_t)((r >> 8) & 0x7ffff);
}

static void fill_static(lk_ais_sim *s, lk_ais_msg *m, uint32_t mmsi, int64_t t)
{
	memset(m, 0, sizeof(*m));
	m->type = 5;
	m->mmsi = mmsi;
	m->decoded = true;
	m->tag_time = s->sc->start + t;
	m->channel = (lk_ais__rng_next(&s->rng) & 1) ? 'B' : 'A';
	lk_ais_static *p = &m->u.stat;
	p->epfd = 1;
	/* ETA two days ahead */
	char eta[21];
	lk_ais__format_utc(s->sc->start + t + 2 * 86400, eta);
	p->month = (unsigned)atoi(eta + 5);
	p->day = (unsigned)atoi(eta + 8);
	p->hour = (unsigned)atoi(eta + 11);
	p->minute = 0;
}

/* Next report of background vessel b (the heap's top). */
static int bg_emit(lk_ais_sim *s, sim_bg *b, lk_ais_msg *out, int64_t *next)
{
	int64_t t;
	if (b->next_static < b->next_pos) {
		t = b->next_static;
		fill_static(s, out, b->mmsi, t);
		lk_ais_static *p = &out->u.stat;
		p->imo = b->imo;
		snprintf(p->shipname, sizeof(p->shipname), "SIM BG %u", b->index);
		p->callsign[0] = 'S';
		base36(p->callsign + 1, 6, b->index);
		p->shiptype = b->shiptype;
		p->to_bow = b->to_bow, p->to_stern = b->to_stern;
		p->to_port = b->to_port, p->to_starboard = b->to_starboard;
		p->draught = b->draught;
		snprintf(p->destination, sizeof(p->destination), "%s", bg_dest[b->dest]);
		b->next_static += s->sc->static_interval;
	} else {
		t = b->next_pos;
		while (t >= b->t1) {
			int rc = bg_new_leg(s, b, b->t1);
			if (rc < 0)
				return rc;
		}
		double f = (double)(t - b->t0) / (double)(b->t1 - b->t0), lat, lon;
		lk_ais__gc_interp(b->lat0, b->lon0, b->lat1, b->lon1, f, &lat, &lon);
		double cog = lk_ais__bearing(lat, lon, b->lat1, b->lon1);
		fill_position(s, out, b->mmsi, t, lat, lon, b->speed_kn, cog);
		long j = b->interval / 10;
		b->next_pos += b->interval + lk_ais__rng_range(&s->rng, -j, j);
	}
	*next = b->next_pos < b->next_static ? b->next_pos : b->next_static;
	return 0;
}

/* ---- scripted vessels ---- */

static const sim_ident *ident_at(const sim_vessel *v, int64_t t)
{
	size_t i = 0;
	while (i + 1 < v->nident && v->ident[i + 1].t <= t)
		i++;
	return &v->ident[i];
}

static int64_t next_ident_change(const sim_vessel *v, int64_t t)
{
	for (size_t i = 1; i < v->nident; i++)
		if (v->ident[i].t > t)
			return v->ident[i].t;
	return INT64_MAX;
}

/* The end of the dark period holding t, or -1. */
static int64_t dark_end(const sim_vessel *v, int64_t t)
{
	for (size_t i = 0; i < v->ndark; i++)
		if (t >= v->dark[i].t0 && t < v->dark[i].t1)
			return v->dark[i].t1;
	return -1;
}

static int64_t sv_next(const sim_sv *st)
{
	return st->next_pos < st->next_static ? st->next_pos : st->next_static;
}

/* Next report of scripted vessel k, or 0 with *next = -1 when it skipped a dark period
 * (nothing emitted; the vessel is re-queued). */
static int sv_emit(lk_ais_sim *s, size_t k, lk_ais_msg *out, int64_t *next, bool *emitted)
{
	const sim_vessel *v = &s->sc->v[k];
	sim_sv *st = &s->sv[k];
	*emitted = false;
	int64_t t = sv_next(st);
	int64_t de = dark_end(v, t);
	if (de >= 0) {
		/* silent until the dark period ends; both reports resume then */
		if (st->next_pos < de)
			st->next_pos = de;
		if (st->next_static < de)
			st->next_static = de;
		*next = sv_next(st);
		if (*next > st->end)
			*next = -1;
		return 0;
	}
	const sim_ident *id = ident_at(v, t);
	if (st->next_static < st->next_pos) {
		fill_static(s, out, id->mmsi, t);
		lk_ais_static *p = &out->u.stat;
		p->imo = id->imo;
		memcpy(p->shipname, id->name, sizeof(p->shipname));
		memcpy(p->callsign, id->callsign, sizeof(p->callsign));
		p->shiptype = v->shiptype;
		p->to_bow = v->to_bow, p->to_stern = v->to_stern;
		p->to_port = v->to_port, p->to_starboard = v->to_starboard;
		p->draught = v->draught;
		memcpy(p->destination, v->destination, sizeof(p->destination));
		st->next_static = t + s->sc->static_interval;
		/* a change of identity is broadcast when it happens */
		int64_t change = next_ident_change(v, t);
		if (change < st->next_static)
			st->next_static = change;
		lk_ais__truth_static(s, (int)k, id, t);
	} else {
		double lat, lon, sog, cog;
		lk_ais__vessel_at(v, t, &lat, &lon, &sog, &cog);
		bool spoofed = false;
		if (st->spoof_i < v->nspoof && t >= v->spoof[st->spoof_i].t) {
			if (st->spoof_left == 0)
				st->spoof_left = v->spoof[st->spoof_i].reports;
			lat = v->spoof[st->spoof_i].lat;
			lon = v->spoof[st->spoof_i].lon;
			spoofed = true;
			if (--st->spoof_left == 0)
				st->spoof_i++;
		}
		fill_position(s, out, id->mmsi, t, lat, lon, sog, cog);
		long j = st->interval / 10;
		st->next_pos = t + st->interval + lk_ais__rng_range(&s->rng, -j, j);
		lk_ais__truth_position(s, (int)k, id->mmsi, t, lat, lon, sog, spoofed);
	}
	*emitted = true;
	/* a new MMSI starts reporting at once */
	int64_t change = next_ident_change(v, t);
	if (change < st->next_pos && ident_at(v, change)->mmsi != id->mmsi)
		st->next_pos = change;
	*next = sv_next(st);
	if (*next > st->end)
		*next = -1;
	return 0;
}

/* ---- the public API ---- */

int lk_ais_sim_new(lk_ais_sim **out, const lk_ais_scenario *sc, const lk_ais_sim_options *opts)
{
	static const lk_ais_sim_options defaults = LK_AIS_SIM_OPTIONS_INIT;
	*out = NULL;
	if (!opts)
		opts = &defaults;
	if (opts->background > LK_AIS_SCENARIO_MAX_BACKGROUND ||
	    opts->hours > LK_AIS_SCENARIO_MAX_HOURS || opts->hours < 0)
		return lk_error_set(LK_EINVALID, "simulate: background at most %d vessels, "
		                    "duration at most %d h", LK_AIS_SCENARIO_MAX_BACKGROUND,
		                    LK_AIS_SCENARIO_MAX_HOURS);
	lk_ais_sim *s = calloc(1, sizeof(*s));
	if (!s)
		return lk_error_set(LK_ENOMEM, "simulate: out of memory");
	s->sc = sc;
	s->o = *opts;
	s->rng.s = opts->seed ^ 0x6c6f6f6b6f757421ull;
	s->duration = opts->hours > 0 ? (int64_t)llround(opts->hours * 3600.0) : sc->duration;
	s->nbg = (size_t)(opts->background >= 0 ? opts->background : sc->background);
	int rc = 0;
	if (s->nbg > 0 && sc->north <= sc->south) {
		rc = lk_error_set(LK_EINVALID, "simulate: background traffic needs an area");
		goto fail;
	}
	s->bg = calloc(s->nbg + 1, sizeof(sim_bg));
	s->sv = calloc(sc->nv + 1, sizeof(sim_sv));
	s->heap = calloc(s->nbg + sc->nv + 1, sizeof(sim_heap_item));
	if (!s->bg || !s->sv || !s->heap) {
		rc = lk_error_set(LK_ENOMEM, "simulate: out of memory");
		goto fail;
	}
	for (size_t k = 0; k < sc->nv; k++) {
		const sim_vessel *v = &sc->v[k];
		sim_sv *st = &s->sv[k];
		st->interval = (int)lk_ais__rng_range(&s->rng, sc->interval[0], sc->interval[1]);
		st->next_pos = v->fix[0].t;
		st->next_static = v->fix[0].t + 1;
		st->end = v->fix[v->nfix - 1].t;
		if (st->end >= s->duration)
			st->end = s->duration - 1;
		if (st->next_pos <= st->end)
			heap_push(s, (sim_heap_item){st->next_pos, (uint32_t)(s->nbg + k)});
	}
	if ((rc = bg_init(s)) < 0)
		goto fail;
	lk_ais__truth_script(s);
	*out = s;
	return 0;
fail:
	lk_ais_sim_free(s);
	return rc;
}

void lk_ais_sim_free(lk_ais_sim *s)
{
	if (!s)
		return;
	free(s->bg);
	free(s->sv);
	free(s->heap);
	free(s->tm);
	free(s->ev);
	free(s);
}

int lk_ais_sim_next(lk_ais_sim *s, lk_ais_msg *out)
{
	while (s->nheap > 0) {
		sim_heap_item top = s->heap[0];
		if (top.t >= s->duration) {
			s->nheap = 0;
			break;
		}
		int64_t next;
		bool emitted = true;
		int rc;
		if (top.idx < s->nbg)
			rc = bg_emit(s, &s->bg[top.idx], out, &next);
		else
			rc = sv_emit(s, top.idx - s->nbg, out, &next, &emitted);
		if (rc < 0)
			return rc;
		if (next < 0 || next >= s->duration) {
			heap_replace_top(s, NULL);
		} else {
			sim_heap_item it = {next, top.idx};
			heap_replace_top(s, &it);
		}
		if (emitted) {
			s->messages++;
			return 1;
		}
	}
	return 0;
}

int lk_ais_sim_next_nmea(lk_ais_sim *s, char *buf, size_t cap, lk_ais_msg *msg)
{
	lk_ais_msg local;
	lk_ais_msg *m = msg ? msg : &local;
	int rc = lk_ais_sim_next(s, m);
	if (rc <= 0)
		return rc;
	lk_ais_nmea_options o = LK_AIS_NMEA_OPTIONS_INIT;
	o.channel = m->channel;
	o.tag_time = s->o.tag_blocks ? m->tag_time : -1;
	if (m->type == 5) {
		o.seqid = (int)(s->seqid++ % 10);
		s->sentences += 2;
	} else {
		s->sentences++;
	}
	return lk_ais_encode_nmea(buf, cap, m, &o);
}

long lk_ais_sim_messages(const lk_ais_sim *s)
{
	return s->messages;
}

long lk_ais_sim_sentences(const lk_ais_sim *s)
{
	return s->sentences;
}
