/*
 * detect_identity.c - what static reports reveal: an MMSI whose name, call sign or IMO number
 * changes; an IMO number with a bad check digit; one IMO number broadcast by several MMSIs at
 * once; a vessel (an IMO number) that reappears under an MMSI of another flag; and vessels
 * whose MMSI, IMO number, call sign or name matches a listed Vessel of the screening index.
 *
 * A report's empty field ("", IMO 0) means "not available" and changes nothing, as in
 * identity.c. The flag is the MMSI's MID country, so an MMSI cannot change flag by itself:
 * a flag change is seen through the IMO number, when a new MMSI starts broadcasting an IMO
 * number that an MMSI of another country broadcast before, and that MMSI has sent nothing
 * since the new one was first heard (the vessel took a new identity; two MMSIs on the air at
 * the same time are two vessels sharing a number).
 *
 * "At once" for shared IMO numbers means that the periods over which two MMSIs broadcast the
 * number overlap (one broadcast it again after the other started), within shared_imo_h: a
 * vessel that switches to a new MMSI and never uses the old one again is an identity change,
 * not a shared number.
 *
 * Designated vessels: each new MMSI, and each new combination of name, IMO number and call
 * sign, is screened once (schema Vessel, the name as a name, MMSI, IMO and call sign as
 * identifiers). A match through an identifier is reported whatever the name says (a vessel
 * under a new name but its old IMO number); a match by name alone needs
 * designated_name_score. Each (MMSI, entity) is reported once while the vessel is held.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lookout/entity.h"
#include "lookout/error.h"
#include "lookout/hash.h"
#include "detect_int.h"

/* ---- IMO records ---- */

static lk_ais__imo_rec *imo_rec(lk_ais_detect *d, uint32_t imo, int *err)
{
	uint32_t i = lk_ais__map_get(&d->imap, imo);
	if (i != LK_AIS__MAP_NONE)
		return &d->imos[i];
	if (d->nimos >= d->p.max_vessels) {
		d->st.dropped_imos++;
		return NULL;
	}
	if (d->nimos == d->icap) {
		size_t ncap = d->icap ? d->icap * 2 : 256;
		lk_ais__imo_rec *n = realloc(d->imos, ncap * sizeof(*n));
		if (!n) {
			*err = lk_error_set(LK_ENOMEM, "ais detect: out of memory");
			return NULL;
		}
		lk_ais__bytes(d, (long long)((ncap - d->icap) * sizeof(*n)));
		d->imos = n;
		d->icap = ncap;
	}
	if ((*err = lk_ais__map_put(&d->imap, imo, (uint32_t)d->nimos, &d->st.bytes)) < 0)
		return NULL;
	lk_ais__imo_rec *r = &d->imos[d->nimos++];
	memset(r, 0, sizeof(*r));
	r->imo = imo;
	return r;
}

void lk_ais__imo_evict(lk_ais_detect *d)
{
	int64_t horizon = d->now - (int64_t)(d->p.window_h * 3600.0);
	for (size_t i = 0; i < d->nimos;) {
		lk_ais__imo_rec *r = &d->imos[i];
		uint32_t k = 0;
		for (uint32_t j = 0; j < r->n; j++)
			if (r->m[j].last >= horizon)
				r->m[k++] = r->m[j];
		r->n = k;
		if (k > 0) {
			i++;
			continue;
		}
		lk_ais__map_del(&d->imap, r->imo);
		d->nimos--;
		if (i != d->nimos) {
			d->imos[i] = d->imos[d->nimos];
			(void)lk_ais__map_put(&d->imap, d->imos[i].imo, (uint32_t)i, &d->st.bytes);
		}
	}
}

void lk_ais__ident_free(lk_ais_detect *d)
{
	free(d->imos);
	lk_ais__map_free(&d->imap);
}

static const char *flag_of(uint32_t mmsi)
{
	const char *f = lk_ais_mid_country(mmsi);
	return f ? f : "";
}

static void set_position(const lk_ais__dvessel *v, lk_ais_event *ev)
{
	if (v->has_pos) {
		ev->has_position = true;
		ev->lat = v->plat;
		ev->lon = v->plon;
	}
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* MMSI x broadcast IMO imo at t. */
static int imo_broadcast(lk_ais_detect *d, lk_ais__dvessel *v, uint32_t imo, int64_t t)
{
	int rc = 0;
	lk_ais__imo_rec *r = imo_rec(d, imo, &rc);
	if (!r)
		return rc;
	lk_ais__imo_member *x = NULL, *latest = NULL;
	for (uint32_t j = 0; j < r->n; j++) {
		if (r->m[j].mmsi == v->mmsi)
			x = &r->m[j];
		else if (!latest || r->m[j].last > latest->last)
			latest = &r->m[j];
	}
	if (!x) {
		/* a new MMSI for this IMO: a flag change when the last one had another flag and has
		 * been silent since the new one was first heard (else two vessels share the IMO) */
		uint32_t li = latest ? lk_ais__map_get(&d->vmap, latest->mmsi) : LK_AIS__MAP_NONE;
		bool silent = li == LK_AIS__MAP_NONE || d->vs[li].last_seen < v->first_seen;
		if (latest && silent && strcmp(flag_of(latest->mmsi), flag_of(v->mmsi)) != 0) {
			lk_ais_event ev = {.type = LK_AIS_EV_IDENTITY_CHANGE, .mmsi = v->mmsi,
			                   .other_mmsi = latest->mmsi, .start = latest->last, .end = t,
			                   .field = "flag", .imo = imo};
			snprintf(ev.from, sizeof(ev.from), "%s", flag_of(latest->mmsi));
			snprintf(ev.to, sizeof(ev.to), "%s", flag_of(v->mmsi));
			set_position(v, &ev);
			lk_ais__emit(d, &ev);
		}
		if (r->n == IMO_MEMBERS) {
			/* full: forget the member heard from least recently */
			uint32_t old = 0;
			for (uint32_t j = 1; j < r->n; j++)
				if (r->m[j].last < r->m[old].last)
					old = j;
			r->m[old] = r->m[--r->n];
		}
		x = &r->m[r->n++];
		*x = (lk_ais__imo_member){v->mmsi, t, t, false};
		return 0;  /* a first broadcast overlaps nothing yet */
	}
	x->last = t;
	/* members whose broadcasts overlap x's, recently */
	int64_t recent = t - (int64_t)(d->p.shared_imo_h * 3600.0);
	lk_ais_event ev = {.type = LK_AIS_EV_SHARED_IMO, .imo = imo, .end = t, .start = x->first};
	bool fresh = !x->reported;
	ev.mmsis[ev.nmmsis++] = x->mmsi;
	for (uint32_t j = 0; j < r->n; j++) {
		lk_ais__imo_member *y = &r->m[j];
		if (y == x || y->last < recent || y->last < x->first || x->last < y->first)
			continue;
		if (ev.nmmsis < LK_AIS_EV_MAX_MMSIS)
			ev.mmsis[ev.nmmsis++] = y->mmsi;
		if (!y->reported)
			fresh = true;
		if (y->first > ev.start)
			ev.start = y->first;
	}
	if (ev.nmmsis < 2 || !fresh)
		return 0;
	for (uint32_t j = 0; j < r->n; j++)
		for (size_t k = 0; k < ev.nmmsis; k++)
			if (r->m[j].mmsi == ev.mmsis[k])
				r->m[j].reported = true;
	qsort(ev.mmsis, ev.nmmsis, sizeof(ev.mmsis[0]), cmp_u32);
	ev.mmsi = ev.mmsis[0];
	set_position(v, &ev);
	lk_ais__emit(d, &ev);
	return 0;
}

/* ---- identity changes ---- */

static void text_field(lk_ais_detect *d, lk_ais__dvessel *v, const char *field, char *cur,
                       size_t cap, int64_t *cur_t, const char *val, int64_t t)
{
	if (val[0] == '\0')
		return;
	if (strcmp(cur, val) != 0) {
		if (cur[0] != '\0') {
			lk_ais_event ev = {.type = LK_AIS_EV_IDENTITY_CHANGE, .mmsi = v->mmsi,
			                   .start = *cur_t, .end = t, .field = field, .imo = v->imo};
			snprintf(ev.from, sizeof(ev.from), "%s", cur);
			snprintf(ev.to, sizeof(ev.to), "%s", val);
			set_position(v, &ev);
			lk_ais__emit(d, &ev);
		}
		snprintf(cur, cap, "%s", val);
	}
	*cur_t = t;
}

static bool imo_ok(uint32_t imo)
{
	char digits[12];
	if (imo > 9999999)
		return false;
	snprintf(digits, sizeof(digits), "%07u", (unsigned)imo);
	return lk_imo_valid(digits);
}

int lk_ais__ident_static(lk_ais_detect *d, lk_ais__dvessel *v, const lk_ais_msg *m, int64_t t)
{
	const char *name = "", *callsign = "";
	uint32_t imo = 0;
	switch (m->type) {
	case 5:
		name = m->u.stat.shipname, callsign = m->u.stat.callsign, imo = m->u.stat.imo;
		break;
	case 19:
		name = m->u.cb.shipname;
		break;
	case 24:
		if (m->u.t24.partno == 0)
			name = m->u.t24.shipname;
		else
			callsign = m->u.t24.callsign;
		break;
	default:
		return 0;
	}
	text_field(d, v, "name", v->name, sizeof(v->name), &v->name_t, name, t);
	text_field(d, v, "callsign", v->callsign, sizeof(v->callsign), &v->callsign_t, callsign, t);
	if (imo == 0)
		return 0;
	if (v->imo != 0 && v->imo != imo) {
		lk_ais_event ev = {.type = LK_AIS_EV_IDENTITY_CHANGE, .mmsi = v->mmsi,
		                   .start = v->imo_t, .end = t, .field = "imo", .imo = imo};
		snprintf(ev.from, sizeof(ev.from), "%u", (unsigned)v->imo);
		snprintf(ev.to, sizeof(ev.to), "%u", (unsigned)imo);
		set_position(v, &ev);
		lk_ais__emit(d, &ev);
	}
	v->imo = imo;
	v->imo_t = t;
	if (!imo_ok(imo) && v->bad_imo != imo) {
		v->bad_imo = imo;
		lk_ais_event ev = {.type = LK_AIS_EV_BAD_IMO, .mmsi = v->mmsi, .start = t, .end = t,
		                   .imo = imo};
		set_position(v, &ev);
		lk_ais__emit(d, &ev);
	}
	return imo_broadcast(d, v, imo, t);
}

/* ---- designated vessels ---- */

static uint64_t ident_hash(const lk_ais__dvessel *v)
{
	char buf[64];
	int n = snprintf(buf, sizeof(buf), "%u|%s|%s|%u", (unsigned)v->mmsi, v->name, v->callsign,
	                 (unsigned)v->imo);
	uint64_t h = lk_hash64(buf, (size_t)n, 0);
	return h ? h : 1;
}

/* Which of the vessel's identifiers the entity lists, or "name". */
static const char *matched_by(const lk_entity *e, const lk_ais__dvessel *v, const char *imo,
                              const char *mmsi)
{
	for (size_t i = 0; i < e->nvalues; i++) {
		const lk_value *val = &e->values[i];
		char digits[8];
		if (val->prop == LK_PROP_IMO_NUMBER && imo[0] && lk_imo_digits(val->value, digits) &&
		    strcmp(digits, imo) == 0)
			return "imo";
		if (val->prop == LK_PROP_MMSI && strcmp(val->value, mmsi) == 0)
			return "mmsi";
		if (val->prop == LK_PROP_CALL_SIGN && v->callsign[0] &&
		    strcasecmp(val->value, v->callsign) == 0)
			return "callsign";
	}
	return "name";
}

int lk_ais__ident_screen(lk_ais_detect *d, lk_ais__dvessel *v, int64_t t)
{
	uint64_t h = ident_hash(v);
	if (v->screened == h)
		return 0;
	v->screened = h;
	d->st.screened++;
	char mmsi[16], imo[16] = "";
	snprintf(mmsi, sizeof(mmsi), "%09u", (unsigned)v->mmsi);
	if (v->imo > 0 && v->imo <= 9999999)
		snprintf(imo, sizeof(imo), "%07u", (unsigned)v->imo);
	const char *ids[3], *names[1];
	size_t nids = 0;
	ids[nids++] = mmsi;
	if (imo[0])
		ids[nids++] = imo;
	if (strlen(v->callsign) >= 4)
		ids[nids++] = v->callsign;
	lk_query q = LK_QUERY_INIT;
	q.schema = LK_SCHEMA_VESSEL;
	q.identifiers = ids;
	q.nidentifiers = nids;
	if (v->name[0]) {
		names[0] = v->name;
		q.names = names;
		q.nnames = 1;
	}
	q.threshold = 0.5;
	q.limit = 5;
	lk_match_results *res = NULL;
	int rc = lk_match_screen(&res, d->o.index, &q);
	if (rc == LK_EINVALID) {
		lk_error_clear();
		return 0;  /* nothing usable to ask with (e.g. a name of digits only) */
	}
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < res->count; i++) {
		const lk_match_result *r = &res->items[i];
		if (r->entity->schema != LK_SCHEMA_VESSEL)
			continue;
		const char *by = matched_by(r->entity, v, imo, mmsi);
		bool ok = strcmp(by, "name") != 0 || r->score >= d->p.designated_name_score;
		if (!ok)
			continue;
		uint64_t eh = lk_hash_str(r->entity->id);
		bool seen = false;
		size_t free_slot = DESIGNATED_SEEN;
		for (size_t k = 0; k < DESIGNATED_SEEN; k++) {
			if (v->designated[k] == eh)
				seen = true;
			else if (v->designated[k] == 0 && free_slot == DESIGNATED_SEEN)
				free_slot = k;
		}
		if (seen)
			continue;
		if (free_slot < DESIGNATED_SEEN)
			v->designated[free_slot] = eh;
		lk_ais_event ev = {.type = LK_AIS_EV_DESIGNATED, .mmsi = v->mmsi,
		                   .start = v->first_seen, .end = t, .imo = v->imo,
		                   .score = r->score};
		snprintf(ev.entity_id, sizeof(ev.entity_id), "%s", r->entity->id);
		snprintf(ev.entity_name, sizeof(ev.entity_name), "%s",
		         r->entity->caption ? r->entity->caption : "");
		snprintf(ev.matched_by, sizeof(ev.matched_by), "%s", by);
		snprintf(ev.name, sizeof(ev.name), "%s", v->name);
		snprintf(ev.callsign, sizeof(ev.callsign), "%s", v->callsign);
		/* the explanation: how the identifiers and the name met the listed ones */
		size_t off = 0;
		const lk_explanation *x = &r->explanation;
		for (size_t f = 0; f < x->nfeatures && off < sizeof(ev.explanation); f++) {
			int n = snprintf(ev.explanation + off, sizeof(ev.explanation) - off, "%s%s",
			                 off ? "; " : "", x->features[f].detail);
			off += n > 0 ? (size_t)n : 0;
		}
		if (off < sizeof(ev.explanation)) {
			if (v->name[0] && x->matched_name)
				snprintf(ev.explanation + off, sizeof(ev.explanation) - off,
				         "%sAIS name %s, listed %s %s (name score %.2f)", off ? "; " : "",
				         v->name, x->matched_prop ? x->matched_prop : "name",
				         x->matched_name, x->name_score);
			else if (v->name[0])
				snprintf(ev.explanation + off, sizeof(ev.explanation) - off,
				         "%sAIS name %s does not match the listed names", off ? "; " : "",
				         v->name);
		}
		set_position(v, &ev);
		lk_ais__emit(d, &ev);
	}
	lk_match_results_free(res);
	return 0;
}
