/*
 * sim_truth.c - the ground truth of a simulation: the events the detectors must find, taken
 * from the messages actually produced for the scripted vessels (dark gaps between their real
 * report times, identity changes at the first static report that carries them, zone entries
 * at the first position inside) and, for encounters and loitering, from the script's holds.
 * Background vessels produce no events (ais_sim.h says why), so only scripted MMSIs are
 * followed: memory grows with them, not with the traffic.
 *
 * Written as JSON lines in the shared event format (docs/AIS.md): {"type", "mmsi", "start",
 * "end", ...}, with the scenario's vessel id under "vessel".
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
		if (h->t1 >= s->duration)
			continue;
		int who[2] = {h->a, h->b};
		uint32_t mm[2] = {0, 0};
		for (int k = 0; k < 2; k++) {
			if (who[k] < 0)
				continue;
			const sim_vessel *v = &sc->v[who[k]];
			size_t j = 0;
			while (j + 1 < v->nident && v->ident[j + 1].t <= h->t0)
				j++;
			mm[k] = v->ident[j].mmsi;
		}
		if (h->b >= 0) {
			int lo = mm[0] < mm[1] ? 0 : 1;
			tr_event *e = new_event(s, TR_ENCOUNTER, who[lo], mm[lo], h->t0, h->t1);
			if (!e)
				return;
			e->other = mm[1 - lo];
			e->lat = h->lat, e->lon = h->lon;
		}
		for (int k = 0; k < 2 && h->loiter; k++) {
			if (who[k] < 0)
				continue;
			double lat, lon, sog, cog;
			lk_ais__vessel_at(&sc->v[who[k]], h->t0, &lat, &lon, &sog, &cog);
			tr_event *e = new_event(s, TR_LOITERING, who[k], mm[k], h->t0, h->t1);
			if (!e)
				return;
			e->lat = lat, e->lon = lon;
		}
	}
}

static bool in_zone(const lk_ais_sim *s, double lat, double lon)
{
	return s->sc->has_zone && lk_ais__zone_contains(&s->sc->zone, lat, lon);
}

static void close_zone(lk_ais_sim *s, tr_mmsi *r)
{
	if (!r->in_zone)
		return;
	r->in_zone = false;
	tr_event *e = new_event(s, TR_ZONE_ENTRY, r->vessel, r->mmsi, r->zone_t0, r->zone_t1);
	if (e)
		e->lat = r->zone_lat, e->lon = r->zone_lon;
}

void lk_ais__truth_position(lk_ais_sim *s, int vessel, uint32_t mmsi, int64_t t, double lat,
                            double lon, bool spoofed)
{
	tr_mmsi *r = mmsi_rec(s, vessel, mmsi);
	if (!r)
		return;
	/* a new MMSI of a vessel that keeps its IMO under another flag */
	if (r->first < 0) {
		const sim_vessel *v = &s->sc->v[vessel];
		for (size_t i = 1; i < v->nident; i++) {
			const sim_ident *a = &v->ident[i - 1], *b = &v->ident[i];
			if (b->mmsi != mmsi || a->mmsi == mmsi || !a->imo || a->imo != b->imo)
				continue;
			const char *fa = lk_ais_mid_country(a->mmsi), *fb = lk_ais_mid_country(b->mmsi);
			if (fa && fb && strcmp(fa, fb) != 0) {
				tr_event *e = new_event(s, TR_IDENTITY, vessel, mmsi, t, t);
				if (!e)
					return;
				e->field = "flag";
				e->other = a->mmsi;
				e->imo = b->imo;
				snprintf(e->from, sizeof(e->from), "%s", fa);
				snprintf(e->to, sizeof(e->to), "%s", fb);
			}
		}
	}
	seen(r, t);
	if (r->has_pos && t - r->pos_t >= DARK_S) {
		tr_event *e = new_event(s, TR_DARK, vessel, mmsi, r->pos_t, t);
		if (!e)
			return;
		e->lat = r->lat, e->lon = r->lon, e->lat2 = lat, e->lon2 = lon;
		e->value = (double)(t - r->pos_t) / 3600.0;
		e->zone = in_zone(s, r->lat, r->lon) || in_zone(s, lat, lon);
	}
	if (spoofed) {
		if (!r->in_spoof) {
			r->in_spoof = true;
			r->spoof_from = r->pos_t;
			r->spoof_lat = lat, r->spoof_lon = lon;
		}
	} else {
		if (r->in_spoof) {
			r->in_spoof = false;
			tr_event *e = new_event(s, TR_SPOOFING, vessel, mmsi, r->spoof_from, t);
			if (!e)
				return;
			e->lat = r->spoof_lat, e->lon = r->spoof_lon;
		}
		bool inside = in_zone(s, lat, lon);
		if (inside && !r->in_zone) {
			r->in_zone = true;
			r->zone_t0 = t;
			r->zone_lat = lat, r->zone_lon = lon;
		} else if (!inside && r->in_zone) {
			close_zone(s, r);
		}
		if (inside)
			r->zone_t1 = t;
	}
	r->has_pos = true;
	r->pos_t = t;
	r->lat = lat, r->lon = lon;
}

static void change(lk_ais_sim *s, tr_mmsi *r, int64_t t, const char *field, const char *from,
                   const char *to)
{
	tr_event *e = new_event(s, TR_IDENTITY, r->vessel, r->mmsi, t, t);
	if (!e)
		return;
	e->field = field;
	snprintf(e->from, sizeof(e->from), "%s", from);
	snprintf(e->to, sizeof(e->to), "%s", to);
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
	}
	r->has_static = true;
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
	}
	r->imos[i].last = t;
}

/* Events that close at the end: designated periods, bad and shared IMOs, open zone runs. */
static void finish(lk_ais_sim *s)
{
	const lk_ais_scenario *sc = s->sc;
	for (size_t i = 0; i < s->ntm; i++) {
		tr_mmsi *r = &s->tm[i];
		close_zone(s, r);
		if (r->first < 0)
			continue;
		if (sc->v[r->vessel].designated) {
			tr_event *e = new_event(s, TR_DESIGNATED, r->vessel, r->mmsi, r->first, r->last);
			if (e) {
				/* the vessel's (listed) IMO: the first it broadcast under this MMSI */
				e->imo = r->nimos ? r->imos[0].imo : 0;
			}
		}
		for (size_t k = 0; k < r->nimos; k++) {
			if (lk_ais__imo_ok(r->imos[k].imo))
				continue;
			tr_event *e = new_event(s, TR_BAD_IMO, r->vessel, r->mmsi, r->imos[k].first,
			                        r->imos[k].last);
			if (e)
				e->imo = r->imos[k].imo;
		}
	}
	/* one IMO broadcast by several MMSIs over overlapping periods */
	for (size_t i = 0; i < s->ntm; i++) {
		for (size_t k = 0; k < s->tm[i].nimos; k++) {
			uint32_t imo = s->tm[i].imos[k].imo;
			/* handle each IMO once: at its first holder */
			bool earlier = false;
			for (size_t j = 0; j < i && !earlier; j++)
				for (size_t q = 0; q < s->tm[j].nimos; q++)
					earlier |= s->tm[j].imos[q].imo == imo;
			if (earlier)
				continue;
			int64_t from = s->tm[i].imos[k].first, to = s->tm[i].imos[k].last;
			uint32_t mm[8];
			size_t n = 0;
			mm[n++] = s->tm[i].mmsi;
			for (size_t j = i + 1; j < s->ntm && n < 8; j++)
				for (size_t q = 0; q < s->tm[j].nimos; q++) {
					if (s->tm[j].imos[q].imo != imo)
						continue;
					int64_t f2 = s->tm[j].imos[q].first, t2 = s->tm[j].imos[q].last;
					if (f2 > to || t2 < from)
						continue;
					from = f2 > from ? f2 : from;
					to = t2 < to ? t2 : to;
					mm[n++] = s->tm[j].mmsi;
				}
			if (n < 2)
				continue;
			/* ascending MMSIs; the event is the smallest's */
			for (size_t a = 1; a < n; a++)
				for (size_t b = a; b > 0 && mm[b - 1] > mm[b]; b--) {
					uint32_t x = mm[b];
					mm[b] = mm[b - 1];
					mm[b - 1] = x;
				}
			int vessel = s->tm[i].vessel;
			for (size_t j = 0; j < s->ntm; j++)
				if (s->tm[j].mmsi == mm[0])
					vessel = s->tm[j].vessel;
			tr_event *e = new_event(s, TR_SHARED_IMO, vessel, mm[0], from, to);
			if (!e)
				continue;
			e->imo = imo;
			memcpy(e->mmsis, mm, n * sizeof(uint32_t));
			e->nmmsis = n;
		}
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
		case TR_ENCOUNTER: case TR_LOITERING: case TR_SPOOFING: case TR_ZONE_ENTRY:
			W(lk_buf_printf(&b, ",\"lat\":%.6f,\"lon\":%.6f", e->lat, e->lon));
			if (e->type == TR_ZONE_ENTRY)
				W(put_str(&b, "zone", sc->zone.name));
			break;
		case TR_DARK:
			W(lk_buf_printf(&b, ",\"gap_h\":%.3f,\"start_lat\":%.6f,\"start_lon\":%.6f,"
			              "\"end_lat\":%.6f,\"end_lon\":%.6f", e->value, e->lat, e->lon,
			              e->lat2, e->lon2));
			if (e->zone)
				W(put_str(&b, "near_zone", sc->zone.name));
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
