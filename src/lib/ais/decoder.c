/*
 * decoder.c - the streaming AIS decoder: a line goes through framing (nmea.c), reassembly
 * (reassembly.c), de-armoring (sixbit.c) and the per-type decoders, and comes out as an
 * lk_ais_msg. Bad lines never stop the stream: they are counted by kind and reported with
 * their line number through the on_error callback.
 *
 * Type 24 parts A and B are separate messages; like gpsd, the decoder remembers the last few
 * parts A by MMSI so that the part B that follows carries the vessel's name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ais_int.h"

#define NAME_CACHE 8

struct lk_ais_decoder {
	lk_ais__reasm reasm;
	lk_ais_stats stats;
	struct {
		uint32_t mmsi;
		char name[21];
	} names[NAME_CACHE];
	unsigned next_name;
};

const char *lk_ais_error_name(lk_ais_error_kind kind)
{
	static const char *const names[LK_AIS_ERR_COUNT] = {
		"bad checksum", "orphan fragment", "bad bit count", "unknown type", "malformed",
	};
	return (unsigned)kind < LK_AIS_ERR_COUNT ? names[kind] : "unknown";
}

int lk_ais_decoder_new(lk_ais_decoder **out, const lk_ais_options *opts)
{
	static const lk_ais_options defaults = LK_AIS_OPTIONS_INIT;
	if (!opts)
		opts = &defaults;
	lk_ais_decoder *d = calloc(1, sizeof(*d));
	int n = opts->max_groups > 0 ? opts->max_groups : 1;
	if (d)
		d->reasm.groups = calloc((size_t)n, sizeof(lk_ais__group));
	if (!d || !d->reasm.groups) {
		free(d);
		*out = NULL;
		return lk_error_set(LK_ENOMEM, "ais: out of memory");
	}
	d->reasm.ngroups = n;
	d->reasm.timeout = opts->group_timeout > 0 ? opts->group_timeout : 1;
	d->reasm.on_error = opts->on_error;
	d->reasm.ud = opts->ud;
	d->reasm.errors = d->stats.errors;
	*out = d;
	return 0;
}

void lk_ais_decoder_free(lk_ais_decoder *d)
{
	if (!d)
		return;
	free(d->reasm.groups);
	free(d);
}

const lk_ais_stats *lk_ais_decoder_stats(const lk_ais_decoder *d)
{
	return &d->stats;
}

void lk_ais_decoder_finish(lk_ais_decoder *d)
{
	lk_ais__reasm_expire(&d->reasm, -1);
}

int lk_ais_decode_payload(lk_ais_msg *out, const char *payload, size_t len, unsigned fill,
                          lk_ais_error_kind *kind)
{
	lk_ais__bits b;
	memset(out, 0, sizeof(*out));
	out->tag_time = -1;
	*kind = LK_AIS_ERR_MALFORMED;
	int rc = lk_ais__unarmor(&b, payload, len, fill);
	if (rc < 0) {
		if (len > LK_AIS__MAX_CHARS)
			*kind = LK_AIS_ERR_BITCOUNT;
		return rc;
	}
	*kind = LK_AIS_ERR_BITCOUNT;
	if (b.nbits < 38)
		return lk_error_set(LK_EINVALID, "%zu bits, too short for a message header",
		                    b.nbits);
	out->type = lk_ais__u(&b, 0, 6);
	out->repeat = lk_ais__u(&b, 6, 2);
	out->mmsi = lk_ais__u(&b, 8, 30);
	out->decoded = true;
	switch (out->type) {
	case 1: case 2: case 3: case 4: case 9: case 11: case 18: case 27:
		rc = lk_ais__decode_position(out, &b);
		break;
	case 5: case 19: case 21: case 24:
		rc = lk_ais__decode_static(out, &b);
		break;
	case 6: case 8:
		rc = lk_ais__decode_binary(out, &b);
		break;
	default:
		if (out->type == 0 || out->type > 27) {
			*kind = LK_AIS_ERR_UNKNOWN_TYPE;
			return lk_error_set(LK_EFORMAT, "unknown message type %u", out->type);
		}
		/* valid types whose bodies we do not decode: the header only */
		out->decoded = false;
		rc = 0;
	}
	return rc;
}

/* Like gpsd, the last NAME_CACHE parts A wait for their part B, matched by MMSI (the oldest
 * is replaced); a part B without a waiting part A has no name. */
static void remember_name(lk_ais_decoder *d, const lk_ais_msg *m)
{
	unsigned i = 0;
	while (i < NAME_CACHE && d->names[i].mmsi != m->mmsi)
		i++;
	if (i == NAME_CACHE)
		i = d->next_name++ % NAME_CACHE;
	d->names[i].mmsi = m->mmsi;
	memcpy(d->names[i].name, m->u.t24.shipname, sizeof(d->names[i].name));
}

static void recall_name(lk_ais_decoder *d, lk_ais_msg *m)
{
	for (unsigned i = 0; i < NAME_CACHE; i++) {
		if (d->names[i].mmsi == m->mmsi && m->mmsi != 0) {
			memcpy(m->u.t24.shipname, d->names[i].name, sizeof(m->u.t24.shipname));
			m->u.t24.has_shipname = true;
			d->names[i].mmsi = 0;
			return;
		}
	}
}

int lk_ais_decoder_line(lk_ais_decoder *d, lk_ais_msg *out, const char *line, size_t len)
{
	long lineno = ++d->stats.lines;
	lk_ais__sentence s;
	lk_ais_error_kind kind = LK_AIS_ERR_MALFORMED;
	int rc = lk_ais__parse_sentence(&s, line, len, &kind);
	if (rc == 0) {
		d->stats.skipped++;
		return 0;
	}
	if (rc < 0) {
		lk_ais__report(&d->reasm, kind, lineno, lk_error_last()->message);
		return 0;
	}
	d->stats.sentences++;
	lk_ais__reasm_expire(&d->reasm, lineno);
	const char *payload;
	size_t plen;
	if (lk_ais__reasm_add(&d->reasm, &s, lineno, &payload, &plen) == 0)
		return 0;
	rc = lk_ais_decode_payload(out, payload, plen, s.fill, &kind);
	if (rc < 0) {
		lk_ais__report(&d->reasm, kind, lineno, lk_error_last()->message);
		return 0;
	}
	out->line = lineno;
	out->channel = s.channel;
	out->tag_time = s.tag_time;
	memcpy(out->tag_source, s.tag_source, sizeof(out->tag_source));
	if (out->type == 24 && out->u.t24.partno == 0)
		remember_name(d, out);
	else if (out->type == 24)
		recall_name(d, out);
	d->stats.messages++;
	return 1;
}

bool lk_ais_has_position(const lk_ais_msg *m, double *lat, double *lon)
{
	double la, lo;
	switch (m->type) {
	case 1: case 2: case 3:
		la = m->u.pos.lat / 600000.0, lo = m->u.pos.lon / 600000.0;
		break;
	case 4: case 11:
		la = m->u.base.lat / 600000.0, lo = m->u.base.lon / 600000.0;
		break;
	case 9:
		la = m->u.sar.lat / 600000.0, lo = m->u.sar.lon / 600000.0;
		break;
	case 18: case 19:
		la = m->u.cb.lat / 600000.0, lo = m->u.cb.lon / 600000.0;
		break;
	case 21:
		la = m->u.aton.lat / 600000.0, lo = m->u.aton.lon / 600000.0;
		break;
	case 27:
		la = m->u.lr.lat / 600.0, lo = m->u.lr.lon / 600.0;
		break;
	default:
		return false;
	}
	if (!m->decoded || la < -90.0 || la > 90.0 || lo < -180.0 || lo > 180.0)
		return false;
	if (lat)
		*lat = la;
	if (lon)
		*lon = lo;
	return true;
}
