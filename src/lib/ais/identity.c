/*
 * identity.c - a vessel's identity from its static reports, and the history of its changes.
 *
 * Type 5 (class A) gives name, call sign, IMO number, ship type and dimensions; type 19
 * (class B extended) name, ship type and dimensions; type 24 part A the name and part B the
 * call sign, ship type and dimensions. A field a report leaves empty (name or call sign "",
 * IMO 0, ship type 0: "not available" in ITU-R M.1371) does not erase what is known. A field
 * that goes from one broadcast value to another is a change, kept with its time: renamings and
 * borrowed IMO numbers are how sanctioned vessels launder their identity. Dimensions of an
 * auxiliary craft's type 24 part B (MMSI 98...) are not sent (the mothership MMSI takes their
 * bits), so they are not used.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lookout/entity.h"
#include "lookout/error.h"
#include "track_int.h"

static int record(lk_ais__vessel *v, lk_ais_field field, int64_t time, const char *old,
                  const char *new_value, size_t max_changes, long *dropped, size_t *bytes)
{
	if (max_changes == 0) {
		(*dropped)++;
		return 0;
	}
	if (v->chg_n == v->chg_cap && v->chg_cap < max_changes) {
		size_t ncap = v->chg_cap ? v->chg_cap * 2 : 4;
		if (ncap > max_changes)
			ncap = max_changes;
		lk_ais_change *nc = malloc(ncap * sizeof(*nc));
		if (!nc)
			return lk_error_set(LK_ENOMEM, "ais tracks: out of memory");
		for (size_t i = 0; i < v->chg_n; i++)
			nc[i] = v->chg[(v->chg_head + i) % v->chg_cap];
		free(v->chg);
		*bytes += (ncap - v->chg_cap) * sizeof(*nc);
		v->chg = nc;
		v->chg_cap = ncap;
		v->chg_head = 0;
	}
	if (v->chg_n == v->chg_cap) {
		v->chg_head = (v->chg_head + 1) % v->chg_cap;
		v->chg_n--;
		(*dropped)++;
	}
	lk_ais_change *c = &v->chg[(v->chg_head + v->chg_n) % v->chg_cap];
	c->field = field;
	c->time = time;
	snprintf(c->old_value, sizeof(c->old_value), "%s", old);
	snprintf(c->new_value, sizeof(c->new_value), "%s", new_value);
	v->chg_n++;
	return 0;
}

/* Set a text field from a report; "" leaves it alone. */
static int set_text(lk_ais__vessel *v, lk_ais_field field, char *cur, size_t cap,
                    const char *val, int64_t time, size_t max_changes, long *dropped,
                    size_t *bytes)
{
	int rc = 0;
	if (val[0] == '\0' || strcmp(cur, val) == 0)
		goto done;
	if (cur[0] != '\0')
		rc = record(v, field, time, cur, val, max_changes, dropped, bytes);
	snprintf(cur, cap, "%s", val);
done:
	return rc;
}

/* Set a numeric field; 0 (not available) leaves it alone. */
static int set_num(lk_ais__vessel *v, lk_ais_field field, uint32_t *cur, uint32_t val,
                   int64_t time, size_t max_changes, long *dropped, size_t *bytes)
{
	int rc = 0;
	if (val == 0 || *cur == val)
		goto done;
	if (*cur != 0) {
		char o[12], n[12];
		snprintf(o, sizeof(o), "%u", (unsigned)*cur);
		snprintf(n, sizeof(n), "%u", (unsigned)val);
		rc = record(v, field, time, o, n, max_changes, dropped, bytes);
	}
	*cur = val;
done:
	return rc;
}

static void set_dims(lk_ais_identity *id, unsigned bow, unsigned stern, unsigned port,
                     unsigned starboard)
{
	if (bow + stern + port + starboard == 0)
		return;  /* all zero: not available */
	id->to_bow = bow;
	id->to_stern = stern;
	id->to_port = port;
	id->to_starboard = starboard;
}

int lk_ais__identity_update(lk_ais__vessel *v, const lk_ais_msg *m, int64_t time,
                            size_t max_changes, long *dropped, size_t *bytes)
{
	lk_ais_identity *id = &v->id;
	const char *name = "", *callsign = "";
	uint32_t imo = 0, shiptype = 0;
	int rc = 0;
	switch (m->type) {
	case 5: {
		const lk_ais_static *s = &m->u.stat;
		name = s->shipname, callsign = s->callsign, imo = s->imo, shiptype = s->shiptype;
		set_dims(id, s->to_bow, s->to_stern, s->to_port, s->to_starboard);
		break;
	}
	case 19: {
		const lk_ais_classb *s = &m->u.cb;
		name = s->shipname, shiptype = s->shiptype;
		set_dims(id, s->to_bow, s->to_stern, s->to_port, s->to_starboard);
		break;
	}
	case 24: {
		const lk_ais_static24 *s = &m->u.t24;
		if (s->partno == 0) {
			name = s->shipname;
			break;
		}
		callsign = s->callsign, shiptype = s->shiptype;
		if (!s->auxiliary)
			set_dims(id, s->to_bow, s->to_stern, s->to_port, s->to_starboard);
		break;
	}
	default:
		goto done;
	}
	if ((rc = set_text(v, LK_AIS_FIELD_NAME, id->name, sizeof(id->name), name, time,
	                   max_changes, dropped, bytes)) < 0)
		goto done;
	if ((rc = set_text(v, LK_AIS_FIELD_CALLSIGN, id->callsign, sizeof(id->callsign),
	                   callsign, time, max_changes, dropped, bytes)) < 0)
		goto done;
	if ((rc = set_num(v, LK_AIS_FIELD_IMO, &id->imo, imo, time, max_changes, dropped,
	                  bytes)) < 0)
		goto done;
	uint32_t st = id->shiptype;
	rc = set_num(v, LK_AIS_FIELD_SHIPTYPE, &st, shiptype, time, max_changes, dropped, bytes);
	id->shiptype = st;
	if (id->imo != 0) {
		char digits[12];
		snprintf(digits, sizeof(digits), "%07u", (unsigned)id->imo);
		id->imo_valid = lk_imo_valid(digits);
	}
done:
	return rc;
}
