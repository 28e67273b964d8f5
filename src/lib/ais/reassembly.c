/*
 * reassembly.c - joining multipart AIS messages (types 5, 6, 8, 19, 21, ... need 2-5
 * sentences).
 *
 * Fragments are grouped by channel and sequence id, as receivers number them. Real feeds
 * interleave groups, lose fragments and repeat sequence ids, so a group that is not finished
 * within `timeout` lines is dropped, at most `ngroups` groups wait at once (the oldest is
 * dropped), and a fragment that does not continue its group (wrong number, wrong count,
 * no first fragment) is an orphan. Every drop is a counted error with the line where the
 * group began; the memory used never depends on the input.
 */
#include <stdio.h>
#include <string.h>

#include "ais_int.h"

void lk_ais__report(lk_ais__reasm *r, lk_ais_error_kind kind, long line, const char *msg)
{
	r->errors[kind]++;
	if (r->on_error)
		r->on_error(r->ud, kind, line, msg);
}

static void drop(lk_ais__reasm *r, lk_ais__group *g, const char *why)
{
	char msg[128];
	snprintf(msg, sizeof(msg), "incomplete %u-part message (channel %c, id %d): %s",
	         g->count, g->channel ? g->channel : '-', g->seqid, why);
	lk_ais__report(r, LK_AIS_ERR_ORPHAN, g->first_line, msg);
	g->used = false;
	r->nused--;
}

void lk_ais__reasm_expire(lk_ais__reasm *r, long line)
{
	if (r->nused == 0)
		return;  /* the common case: nothing waits */
	for (int i = 0; i < r->ngroups; i++) {
		lk_ais__group *g = &r->groups[i];
		if (!g->used)
			continue;
		if (line < 0)
			drop(r, g, "input ended");
		else if (line - g->first_line > r->timeout)
			drop(r, g, "timed out");
	}
}

static lk_ais__group *find(lk_ais__reasm *r, const lk_ais__sentence *s)
{
	for (int i = 0; i < r->ngroups; i++) {
		lk_ais__group *g = &r->groups[i];
		if (g->used && g->channel == s->channel && g->seqid == s->seqid)
			return g;
	}
	return NULL;
}

static lk_ais__group *alloc(lk_ais__reasm *r)
{
	lk_ais__group *oldest = NULL;
	for (int i = 0; i < r->ngroups; i++) {
		lk_ais__group *g = &r->groups[i];
		if (!g->used)
			return g;
		if (!oldest || g->first_line < oldest->first_line)
			oldest = g;
	}
	drop(r, oldest, "too many pending groups");
	return oldest;
}

int lk_ais__reasm_add(lk_ais__reasm *r, const lk_ais__sentence *s, long line,
                      const char **payload, size_t *len)
{
	if (s->count == 1) {
		*payload = s->payload;
		*len = s->payload_len;
		return 1;
	}
	lk_ais__group *g = find(r, s);
	char msg[128];
	if (s->num == 1) {
		if (g)
			drop(r, g, "a new group began with the same id");
		g = alloc(r);
		g->used = true;
		r->nused++;
		g->channel = s->channel;
		g->seqid = s->seqid;
		g->count = s->count;
		g->next = 1;
		g->first_line = line;
		g->len = 0;
	} else if (!g) {
		snprintf(msg, sizeof(msg), "fragment %u of %u without its first fragment", s->num,
		         s->count);
		lk_ais__report(r, LK_AIS_ERR_ORPHAN, line, msg);
		return 0;
	} else if (g->count != s->count || g->next != s->num) {
		drop(r, g, "fragments out of order or counts differ");
		snprintf(msg, sizeof(msg), "fragment %u of %u does not continue its group", s->num,
		         s->count);
		lk_ais__report(r, LK_AIS_ERR_ORPHAN, line, msg);
		return 0;
	}
	if (g->len + s->payload_len > sizeof(g->payload)) {
		g->used = false;
		r->nused--;
		lk_ais__report(r, LK_AIS_ERR_BITCOUNT, line, "multipart payload too long");
		return 0;
	}
	memcpy(g->payload + g->len, s->payload, s->payload_len);
	g->len += s->payload_len;
	g->next++;
	if (s->num < s->count)
		return 0;
	g->used = false;
	r->nused--;
	*payload = g->payload;
	*len = g->len;
	return 1;
}
