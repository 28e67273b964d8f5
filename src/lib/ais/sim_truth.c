/*
 * sim_truth.c - the ground truth of a simulation: the events the detectors must find, taken
 * from the messages actually produced for the scripted vessels (dark gaps between their real
 * report times, identity changes at the first static report that carries them, zone entries
 * at the first position inside) and, for encounters and loitering, from the script's holds.
 * Background vessels produce no events (ais_sim.h says why), so only scripted MMSIs are
 * followed: memory grows with them, not with the traffic.
 *
 * Written as JSON lines in the shared event format (docs/AIS.md): {"type", "mmsi", "start",
 * "end", ...}, with the scenario's vessel id under "vessel". Start and end follow the
 * detectors' definitions (docs/AIS.md, "Events"): a dark period from the last position before
 * to the first after, a zone entry from the last position outside to the first inside, an
 * identity change from the last static report of the old value to the first of the new, ...
 * Encounters are the script's (the detector measures them on a 10-minute grid).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lookout/buf.h"
#include "sim_int.h"

#define DARK_S (12 * 3600)

static const char *const type_names[] = {"designated", "encounter", "loitering", "dark",
	"identity_change", "bad_imo", "shared_imo", "spoofing", "zone_entry"};

static tr_event *new_event(lk_ais_sim *s, tr_type type, int vessel, uint32_t mmsi,
                           int64_t start, int64_t end)
{
	if (s->nev == s->capev) {
		size_t n = s->capev ? s->capev * 2 : 32;
		tr_event *e = realloc(s->ev, n * sizeof(*e));
		if (!e) {
			s->truth_failed = true;
			return NULL;
		}
		s->ev = e;
		s->capev = n;
	}
	tr_event *e = &s->ev[s->nev++];
	memset(e, 0, sizeof(*e));
	e->type = type, e->vessel = vessel, e->mmsi = mmsi;
	e->start = start, e->end = end;
	return e;
}

static tr_mmsi *mmsi_rec(lk_ais_sim *s, int vessel, uint32_t mmsi)
{
	for (size_t i = 0; i < s->ntm; i++)
		if (s->tm[i].mmsi == mmsi)
			return &s->tm[i];
	if (s->ntm == s->captm) {
		size_t n = s->captm ? s->captm * 2 : 16;
		tr_mmsi *t = realloc(s->tm, n * sizeof(*t));
		if (!t) {
			s->truth_failed = true;
			return NULL;
		}
		s->tm = t;
		s->captm = n;
	}
	tr_mmsi *r = &s->tm[s->ntm++];
	memset(r, 0, sizeof(*r));
	r->mmsi = mmsi;
	r->vessel = vessel;
	r->first = -1;
	return r;
}

static void seen(tr_mmsi *r, int64_t t)
{
	if (r->first < 0)
		r->first = t;
	r->last = t;
}

void lk_ais__truth_script(lk_ais_sim *s)
{
	const lk_ais_scenario *sc = s->sc;
	for (size_t i = 0; i < sc->nhold; i++) {
		const sim_hold *h = &sc->hold[i];
		if (h->b < 0 || h->t1 >= s->duration)
			continue;
		int who[2] = {h->a, h->b};
		uint32_t mm[2];
		for (int k = 0; k < 2; k++) {
			const sim_vessel *v = &sc->v[who[k]];
			size_t j = 0;
			while (j + 1 < v->nident && v->ident[j + 1].t <= h->t0)
				j++;
			mm[k] = v->ident[j].mmsi;
		}
		int lo = mm[0] < mm[1] ? 0 : 1;
		tr_event *e = new_event(s, TR_ENCOUNTER, who[lo], mm[lo], h->t0, h->t1);
		if (!e)
			return;
		e->other = mm[1 - lo];
		e->lat = h->lat, e->lon = h->lon;
	}
}

static bool in_zone(const lk_ais_sim *s, double lat, double lon)
{
	return s->sc->zone && lk_ais_zone_contains(s->sc->zone, lat, lon);
}

static bool near_zone(const lk_ais_sim *s, double lat, double lon)
{
	return s->sc->zone &&
	       lk_ais_zone_distance_m(s->sc->zone, lat, lon, SIM_ZONE_NEAR_M) <= SIM_ZONE_NEAR_M;
}

/* A run of reports below 2 kn ends: loitering when it lasted 4 h (the scenario keeps slow
 * runs below 3.5 h or above 4.5 h). */
static void close_slow(lk_ais_sim *s, tr_mmsi *r)
{
	if (!r->slow)
		return;
	r->slow = false;
	if (r->slow_t1 - r->slow_t0 < 4 * 3600)
		return;
	tr_event *e = new_event(s, TR_LOITERING, r->vessel, r->mmsi, r->slow_t0, r->slow_t1);
	if (e)
		e->lat = r->slow_lat / (double)r->slow_n, e->lon = r->slow_lon / (double)r->slow_n;
}

void lk_ais__truth_position(lk_ais_sim *s, int vessel, uint32_t mmsi, int64_t t, double lat,
                            double lon, double sog, bool spoofed)
{
	tr_mmsi *r = mmsi_rec(s, vessel, mmsi);
	if (!r)
		return;
	seen(r, t);
	if (r->has_pos && t - r->pos_t >= DARK_S) {
		tr_event *e = new_event(s, TR_DARK, vessel, mmsi, r->pos_t, t);
		if (!e)
			return;
		e->lat = r->lat, e->lon = r->lon, e->lat2 = lat, e->lon2 = lon;
		e->value = (double)(t - r->pos_t) / 3600.0;
		e->zone = near_zone(s, r->lat, r->lon) || near_zone(s, lat, lon);
	}
	if (spoofed) {
		if (!r->in_spoof) {
			r->in_spoof = true;
			r->spoof_from = r->pos_t;
			r->spoof_lat = r->lat, r->spoof_lon = r->lon;
		}
	} else if (r->in_spoof) {
		r->in_spoof = false;
		tr_event *e = new_event(s, TR_SPOOFING, vessel, mmsi, r->spoof_from, t);
		if (!e)
			return;
		e->lat = r->spoof_lat, e->lon = r->spoof_lon, e->lat2 = lat, e->lon2 = lon;
	}
	if (!spoofed) {
		/* a position inside after one outside */
		bool inside = in_zone(s, lat, lon);
		if (inside && !r->in_zone && r->has_pos) {
			tr_event *e = new_event(s, TR_ZONE_ENTRY, vessel, mmsi, r->pos_t, t);
			if (e)
				e->lat = lat, e->lon = lon;
		}
		r->in_zone = inside;
		if (sog < 2.0) {
			if (!r->slow) {
				r->slow = true;
				r->slow_t0 = t;
				r->slow_lat = r->slow_lon = 0;
				r->slow_n = 0;
			}
			r->slow_t1 = t;
			r->slow_lat += lat, r->slow_lon += lon;
			r->slow_n++;
		} else {
			close_slow(s, r);
		}
	}
	r->has_pos = true;
	r->pos_t = t;
	r->lat = lat, r->lon = lon;
}

static void change(lk_ais_sim *s, tr_mmsi *r, int64_t t, const char *field, const char *from,
                   const char *to)
{
	tr_event *e = new_event(s, TR_IDENTITY, r->vessel, r->mmsi, r->static_t, t);
	if (!e)
		return;
	e->field = field;
	snprintf(e->from, sizeof(e->from), "%s", from);
	snprintf(e->to, sizeof(e->to), "%s", to);
}

/* The vessel's IMO number now under a new MMSI of another country, the old MMSI silent. */
static void flag_change(lk_ais_sim *s, int vessel, const sim_ident *id, int64_t t)
{
	const sim_vessel *v = &s->sc->v[vessel];
	for (size_t i = 1; i < v->nident; i++) {
		const sim_ident *a = &v->ident[i - 1], *b = &v->ident[i];
		if (b->mmsi != id->mmsi || a->mmsi == b->mmsi || !a->imo || a->imo != id->imo)
			continue;
		const char *fa = lk_ais_mid_country(a->mmsi), *fb = lk_ais_mid_country(b->mmsi);
		tr_mmsi *old = NULL;
		for (size_t k = 0; k < s->ntm; k++)
			if (s->tm[k].mmsi == a->mmsi)
				old = &s->tm[k];
		if (!fa || !fb || strcmp(fa, fb) == 0 || !old || !old->has_static)
			continue;
		tr_event *e = new_event(s, TR_IDENTITY, vessel, id->mmsi, old->static_t, t);
		if (!e)
			return;
		e->field = "flag";
		e->other = a->mmsi;
		e->imo = id->imo;
		snprintf(e->from, sizeof(e->from), "%s", fa);
		snprintf(e->to, sizeof(e->to), "%s", fb);
	}
}

/* One IMO number broadcast by several MMSIs at once: revealed when one of them broadcasts it
 * again after another started (docs/AIS.md); reported once per IMO here. */
static void shared_imo(lk_ais_sim *s, const tr_mmsi *r, uint32_t imo, int64_t first, int64_t t)
{
	for (size_t i = 0; i < s->nshared_done; i++)
		if (s->shared_done[i] == imo)
			return;
	if (first >= t)
		return;  /* not a broadcast "again" */
	uint32_t mm[8];
	size_t n = 0;
	int64_t start = first;
	mm[n++] = r->mmsi;
	for (size_t i = 0; i < s->ntm && n < 8; i++) {
		const tr_mmsi *o = &s->tm[i];
		if (o == r)
			continue;
		for (size_t k = 0; k < o->nimos; k++)
			if (o->imos[k].imo == imo && o->imos[k].first >= first && o->imos[k].first <= t &&
			    t - o->imos[k].last <= 24 * 3600) {
				mm[n++] = o->mmsi;
				start = o->imos[k].first > start ? o->imos[k].first : start;
			}
	}
	if (n < 2)
		return;
	for (size_t a = 1; a < n; a++)
		for (size_t b = a; b > 0 && mm[b - 1] > mm[b]; b--) {
			uint32_t x = mm[b];
			mm[b] = mm[b - 1];
			mm[b - 1] = x;
		}
	int vessel = r->vessel;
	for (size_t i = 0; i < s->ntm; i++)
		if (s->tm[i].mmsi == mm[0])
			vessel = s->tm[i].vessel;
	tr_event *e = new_event(s, TR_SHARED_IMO, vessel, mm[0], start, t);
	if (!e)
		return;
	e->imo = imo;
	memcpy(e->mmsis, mm, n * sizeof(uint32_t));
	e->nmmsis = n;
	if (s->nshared_done < sizeof(s->shared_done) / sizeof(s->shared_done[0]))
		s->shared_done[s->nshared_done++] = imo;
}

void lk_ais__truth_static(lk_ais_sim *s, int vessel, const sim_ident *id, int64_t t)
{
	tr_mmsi *r = mmsi_rec(s, vessel, id->mmsi);
	if (!r)
		return;
	seen(r, t);
	if (r->has_static) {
		if (strcmp(r->name, id->name) != 0)
			change(s, r, t, "name", r->name, id->name);
		if (strcmp(r->callsign, id->callsign) != 0)
			change(s, r, t, "callsign", r->callsign, id->callsign);
		if (r->imo != id->imo) {
			char a[16], b[16];
			snprintf(a, sizeof(a), "%u", r->imo);
			snprintf(b, sizeof(b), "%u", id->imo);
			change(s, r, t, "imo", a, b);
		}
	} else {
		flag_change(s, vessel, id, t);
	}
	r->has_static = true;
	r->static_t = t;
	memcpy(r->name, id->name, sizeof(r->name));
	memcpy(r->callsign, id->callsign, sizeof(r->callsign));
	r->imo = id->imo;
	if (id->imo == 0)
		return;
	size_t i = 0;
	while (i < r->nimos && r->imos[i].imo != id->imo)
		i++;
	if (i == r->nimos) {
		if (r->nimos == sizeof(r->imos) / sizeof(r->imos[0]))
			return;
		r->nimos++;
		r->imos[i].imo = id->imo;
		r->imos[i].first = t;
		if (!lk_ais__imo_ok(id->imo)) {
			tr_event *e = new_event(s, TR_BAD_IMO, vessel, id->mmsi, t, t);
			if (e)
				e->imo = id->imo;
		}
	}
	r->imos[i].last = t;
	shared_imo(s, r, id->imo, r->imos[i].first, t);
}

/* Events that close at the end: designated vessels, open loitering runs. */
static void finish(lk_ais_sim *s)
{
	const lk_ais_scenario *sc = s->sc;
	for (size_t i = 0; i < s->ntm; i++) {
		tr_mmsi *r = &s->tm[i];
		close_slow(s, r);
		if (r->first < 0 || !sc->v[r->vessel].designated || r->nimos == 0)
			continue;
		/* from the MMSI's first message to the static report that broadcast the listed
		 * IMO number (the report whose screening matches) */
		tr_event *e = new_event(s, TR_DESIGNATED, r->vessel, r->mmsi, r->first,
		                        r->imos[0].first);
		if (e)
			e->imo = r->imos[0].imo;
	}
}

static int cmp_event(const void *a, const void *b)
{
	const tr_event *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	if (x->mmsi != y->mmsi)
		return x->mmsi < y->mmsi ? -1 : 1;
	if (x->field && y->field)
		return strcmp(x->field, y->field);
	return 0;
}

static int put_time(lk_buf *b, const char *key, int64_t t)
{
	char ts[21];
	lk_ais__format_utc(t, ts);
	return lk_buf_printf(b, ",\"%s\":\"%s\"", key, ts);
}

/* Vessel ids and identities are printable ASCII (the scenario checks them). */
static int put_str(lk_buf *b, const char *key, const char *v)
{
	int rc = lk_buf_printf(b, ",\"%s\":\"", key);
	for (const char *p = v; *p && rc == 0; p++) {
		if (*p == '"' || *p == '\\')
			rc = lk_buf_putc(b, '\\');
		if (rc == 0)
			rc = (unsigned char)*p < 0x20 ? lk_buf_printf(b, "\\u%04x", *p)
			                              : lk_buf_putc(b, *p);
	}
	return rc < 0 ? rc : lk_buf_putc(b, '"');
}

int lk_ais_sim_truth(lk_ais_sim *s, char **out, size_t *len)
{
	*out = NULL;
	if (len)
		*len = 0;
	if (!s->truth_finished) {
		finish(s);
		s->truth_finished = true;
		if (s->nev > 1)
			qsort(s->ev, s->nev, sizeof(*s->ev), cmp_event);
	}
	if (s->truth_failed)
		return lk_error_set(LK_ENOMEM, "simulate: out of memory for the ground truth");
	lk_buf b;
	lk_buf_init(&b, (size_t)1 << 30);
	const lk_ais_scenario *sc = s->sc;
	int rc = 0;
#define W(x) do { int w_ = (x); if (w_ < 0) rc = w_; } while (0)
	for (size_t i = 0; i < s->nev; i++) {
		const tr_event *e = &s->ev[i];
		W(lk_buf_printf(&b, "{\"type\":\"%s\",\"mmsi\":%u", type_names[e->type], e->mmsi));
		if (e->type == TR_ENCOUNTER || (e->type == TR_IDENTITY && e->other))
			W(lk_buf_printf(&b, ",\"other_mmsi\":%u", e->other));
		W(put_time(&b, "start", s->sc->start + e->start));
		W(put_time(&b, "end", s->sc->start + e->end));
		W(put_str(&b, "vessel", sc->v[e->vessel].id));
		switch (e->type) {
		case TR_ENCOUNTER: case TR_LOITERING: case TR_ZONE_ENTRY:
			W(lk_buf_printf(&b, ",\"lat\":%.6f,\"lon\":%.6f", e->lat, e->lon));
			if (e->type == TR_ZONE_ENTRY)
				W(put_str(&b, "zone", sc->zone_name));
			break;
		case TR_SPOOFING:
			/* where the last jump landed, and both ends */
			W(lk_buf_printf(&b, ",\"lat\":%.6f,\"lon\":%.6f,\"start_lat\":%.6f,"
			              "\"start_lon\":%.6f,\"end_lat\":%.6f,\"end_lon\":%.6f", e->lat2,
			              e->lon2, e->lat, e->lon, e->lat2, e->lon2));
			break;
		case TR_DARK:
			W(lk_buf_printf(&b, ",\"lat\":%.6f,\"lon\":%.6f,\"gap_h\":%.3f,"
			              "\"start_lat\":%.6f,\"start_lon\":%.6f,\"end_lat\":%.6f,"
			              "\"end_lon\":%.6f", e->lat, e->lon, e->value, e->lat, e->lon,
			              e->lat2, e->lon2));
			/* "PRK" for the zone "PRK_EEZ", as the detector names it */
			if (e->zone)
				W(lk_buf_printf(&b, ",\"near_eez\":\"%.*s\"",
				                (int)strcspn(sc->zone_name, "_"), sc->zone_name));
			else
				W(lk_buf_puts(&b, ",\"near_eez\":null"));
			break;
		case TR_IDENTITY:
			W(put_str(&b, "field", e->field));
			W(put_str(&b, "from", e->from));
			W(put_str(&b, "to", e->to));
			if (e->imo)
				W(lk_buf_printf(&b, ",\"imo\":%u", e->imo));
			break;
		case TR_DESIGNATED: case TR_BAD_IMO:
			W(lk_buf_printf(&b, ",\"imo\":%u", e->imo));
			break;
		case TR_SHARED_IMO:
			W(lk_buf_printf(&b, ",\"imo\":%u,\"mmsis\":[", e->imo));
			for (size_t k = 0; k < e->nmmsis; k++)
				W(lk_buf_printf(&b, "%s%u", k ? "," : "", e->mmsis[k]));
			W(lk_buf_putc(&b, ']'));
			break;
		}
		W(lk_buf_puts(&b, "}\n"));
	}
#undef W
	if (rc < 0) {
		lk_buf_dispose(&b);
		return lk_error_set(rc, "simulate: out of memory for the ground truth");
	}
	size_t n = b.len;
	*out = lk_buf_detach(&b);
	if (!*out)
		*out = calloc(1, 1);
	if (!*out)
		return lk_error_set(LK_ENOMEM, "simulate: out of memory for the ground truth");
	if (len)
		*len = n;
	return 0;
}
