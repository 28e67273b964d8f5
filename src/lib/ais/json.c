/*
 * json.c - gpsd-compatible JSON-AIS: the field names, order and scaling of gpsd's
 * json_aivdm output (described in gpsd's AIVDM.adoc), so that tools reading gpsdecode's
 * output can read ours.
 *
 * Unscaled, numbers are the raw integers; scaled, positions are degrees with 7 decimals
 * (4 for type 27), speeds and courses have one decimal, and rate of turn is a string
 * ("n/a", "fastleft", "fastright" or degrees per minute). gpsd prints controlled vocabulary
 * as "<name>_text" beside the number in both forms (type 27's status only when scaled).
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "ais_int.h"

typedef struct jw {
	char *buf;
	size_t cap, len;
	bool overflow;
} jw;

/* The writer appends bytes directly: printf-style formatting dominated the decoder's
 * profile (docs/BENCHMARKS.md). The buffer is NUL-terminated once, at the end. */
static inline void bytes(jw *w, const char *s, size_t n)
{
	if (w->overflow || n >= w->cap - w->len) {
		w->overflow = true;
		return;
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}

/* ,"key": */
static inline void key(jw *w, const char *k)
{
	size_t n = strlen(k);
	if (w->overflow || n + 4 >= w->cap - w->len) {
		w->overflow = true;
		return;
	}
	char *p = w->buf + w->len;
	p[0] = ',';
	p[1] = '"';
	memcpy(p + 2, k, n);
	p[n + 2] = '"';
	p[n + 3] = ':';
	w->len += n + 4;
}

/* Decimal digits of v into the end of t; returns where they start. */
static char *digits(char *end, unsigned long long v)
{
	do {
		*--end = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return end;
}

static void str(jw *w, const char *k, const char *v)
{
	key(w, k);
	bytes(w, "\"", 1);
	const char *p = v;
	for (;;) {
		/* copy the run of characters that need no escape in one go */
		const char *q = p;
		while ((unsigned char)*q >= 0x20 && *q != '"' && *q != '\\')
			q++;
		bytes(w, p, (size_t)(q - p));
		unsigned char c = (unsigned char)*q;
		if (c == 0)
			break;
		if (c == '"' || c == '\\') {
			char e[2] = {'\\', (char)c};
			bytes(w, e, 2);
		} else {
			static const char hex[] = "0123456789abcdef";
			char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			bytes(w, e, 6);
		}
		p = q + 1;
	}
	bytes(w, "\"", 1);
}

static void num(jw *w, const char *k, long long v)
{
	key(w, k);
	char t[24], *end = t + sizeof(t);
	char *p = digits(end, v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v);
	if (v < 0)
		*--p = '-';
	bytes(w, p, (size_t)(end - p));
}

static void boolean(jw *w, const char *k, bool v)
{
	key(w, k);
	if (v)
		bytes(w, "true", 4);
	else
		bytes(w, "false", 5);
}

/*
 * v / 600 (decimals 4) or v / 600000 (decimals 7) printed as printf's "%.4f" / "%.7f" would
 * print it: both are v * 50 / 3 units of the last decimal, whose fraction is 0, 1/3 or 2/3,
 * never near a half, so rounding the exact quotient gives printf's digits.
 */
static void fixed_thirds(jw *w, const char *k, int32_t v, unsigned decimals)
{
	key(w, k);
	unsigned long long a = (unsigned long long)(v < 0 ? -(long long)v : (long long)v) * 50;
	unsigned long long q = a / 3 + (a % 3 == 2);
	unsigned long long scale = decimals == 7 ? 10000000ull : 10000ull;
	char t[40], *end = t + sizeof(t), *p = end;
	unsigned long long frac = q % scale;
	for (unsigned i = 0; i < decimals; i++, frac /= 10)
		*--p = (char)('0' + frac % 10);
	*--p = '.';
	p = digits(p, q / scale);
	if (v < 0)
		*--p = '-';
	bytes(w, p, (size_t)(end - p));
}

static void deg(jw *w, const char *k, int32_t v, bool scaled)
{
	if (scaled)
		fixed_thirds(w, k, v, 7);
	else
		num(w, k, v);
}

/* v / 10.0 as "%.1f": exact in decimal. */
static void tenths(jw *w, const char *k, unsigned v, bool scaled)
{
	if (!scaled) {
		num(w, k, v);
		return;
	}
	key(w, k);
	char t[24], *end = t + sizeof(t), *p = end;
	*--p = (char)('0' + v % 10);
	*--p = '.';
	p = digits(p, v / 10);
	bytes(w, p, (size_t)(end - p));
}

static void dims(jw *w, unsigned bow, unsigned stern, unsigned port, unsigned stbd)
{
	num(w, "to_bow", bow);
	num(w, "to_stern", stern);
	num(w, "to_port", port);
	num(w, "to_starboard", stbd);
}

static void shiptype(jw *w, unsigned t)
{
	num(w, "shiptype", t);
	str(w, "shiptype_text", lk_ais_shiptype_text(t));
}

static void epfd(jw *w, unsigned e)
{
	num(w, "epfd", e);
	str(w, "epfd_text", lk_ais_epfd_text(e));
}

static void type123(jw *w, const lk_ais_pos *p, bool scaled)
{
	num(w, "status", p->status);
	str(w, "status_text", lk_ais_status_text(p->status));
	if (!scaled) {
		num(w, "turn", p->turn);
	} else if (p->turn == LK_AIS_TURN_NA) {
		str(w, "turn", "n/a");
	} else if (p->turn == 127) {
		str(w, "turn", "fastright");
	} else if (p->turn == -127) {
		str(w, "turn", "fastleft");
	} else if (p->turn == 0) {
		str(w, "turn", "0.00");
	} else {
		/* ROT_AIS = 4.733 * sqrt(ROT) degrees per minute */
		double r = p->turn / 4.733;
		char t[32];
		snprintf(t, sizeof(t), "%.2f", p->turn < 0 ? -r * r : r * r);
		str(w, "turn", t);
	}
	if (scaled && p->speed == LK_AIS_SPEED_NA)
		str(w, "speed", "nan");
	else if (scaled && p->speed == 1022)
		str(w, "speed", "fast");
	else
		tenths(w, "speed", p->speed, scaled);
	boolean(w, "accuracy", p->accuracy);
	deg(w, "lon", p->lon, scaled);
	deg(w, "lat", p->lat, scaled);
	tenths(w, "course", p->course, scaled);
	num(w, "heading", p->heading);
	num(w, "second", p->second);
	num(w, "maneuver", p->maneuver);
	boolean(w, "raim", p->raim);
	num(w, "radio", p->radio);
}

static void type4(jw *w, const lk_ais_base *p, bool scaled)
{
	char t[64];
	snprintf(t, sizeof(t), "%04u-%02u-%02uT%02u:%02u:%02uZ", p->year, p->month, p->day,
	         p->hour, p->minute, p->second);
	str(w, "timestamp", t);
	boolean(w, "accuracy", p->accuracy);
	deg(w, "lon", p->lon, scaled);
	deg(w, "lat", p->lat, scaled);
	epfd(w, p->epfd);
	boolean(w, "raim", p->raim);
	num(w, "radio", p->radio);
}

static void type5(jw *w, const lk_ais_static *p, bool scaled)
{
	char t[64];
	num(w, "imo", p->imo);
	num(w, "ais_version", p->ais_version);
	str(w, "callsign", p->callsign);
	str(w, "shipname", p->shipname);
	shiptype(w, p->shiptype);
	dims(w, p->to_bow, p->to_stern, p->to_port, p->to_starboard);
	epfd(w, p->epfd);
	snprintf(t, sizeof(t), "%02u-%02uT%02u:%02uZ", p->month, p->day, p->hour, p->minute);
	str(w, "eta", t);
	tenths(w, "draught", p->draught, scaled);
	str(w, "destination", p->destination);
	num(w, "dte", p->dte);
}

static void binary(jw *w, const lk_ais_msg *m)
{
	const lk_ais_binary *p = &m->u.bin;
	if (m->type == 6) {
		num(w, "seqno", p->seqno);
		num(w, "dest_mmsi", p->dest_mmsi);
		boolean(w, "retransmit", p->retransmit);
	}
	num(w, "dac", p->dac);
	num(w, "fid", p->fid);
	key(w, "data");
	char t[24], *end = t + sizeof(t), *q = end;
	*--q = ':';
	q = digits(q, p->bitcount);
	*--q = '"';
	bytes(w, q, (size_t)(end - q));
	static const char hex[] = "0123456789abcdef";
	for (unsigned i = 0; i < (p->bitcount + 7) / 8 && i < sizeof(p->data); i++) {
		char h[2] = {hex[p->data[i] >> 4], hex[p->data[i] & 15]};
		bytes(w, h, 2);
	}
	bytes(w, "\"", 1);
}

static void type9(jw *w, const lk_ais_sar *p, bool scaled)
{
	num(w, "alt", p->alt);
	num(w, "speed", p->speed);
	boolean(w, "accuracy", p->accuracy);
	deg(w, "lon", p->lon, scaled);
	deg(w, "lat", p->lat, scaled);
	tenths(w, "course", p->course, scaled);
	num(w, "second", p->second);
	num(w, "regional", p->regional);
	num(w, "dte", p->dte);
	boolean(w, "raim", p->raim);
	num(w, "radio", p->radio);
}

static void type18(jw *w, const lk_ais_msg *m, bool scaled)
{
	const lk_ais_classb *p = &m->u.cb;
	num(w, "reserved", p->reserved);
	tenths(w, "speed", p->speed, scaled);
	boolean(w, "accuracy", p->accuracy);
	deg(w, "lon", p->lon, scaled);
	deg(w, "lat", p->lat, scaled);
	tenths(w, "course", p->course, scaled);
	num(w, "heading", p->heading);
	num(w, "second", p->second);
	num(w, "regional", p->regional);
	if (m->type == 18) {
		boolean(w, "cs", p->cs);
		boolean(w, "display", p->display);
		boolean(w, "dsc", p->dsc);
		boolean(w, "band", p->band);
		boolean(w, "msg22", p->msg22);
		boolean(w, "raim", p->raim);
		num(w, "radio", p->radio);
		return;
	}
	str(w, "shipname", p->shipname);
	shiptype(w, p->shiptype);
	dims(w, p->to_bow, p->to_stern, p->to_port, p->to_starboard);
	epfd(w, p->epfd);
	boolean(w, "raim", p->raim);
	num(w, "dte", p->dte);
	boolean(w, "assigned", p->assigned);
}

static void type21(jw *w, const lk_ais_aton *p, bool scaled)
{
	num(w, "aid_type", p->aid_type);
	str(w, "aid_type_text", lk_ais_aid_type_text(p->aid_type));
	str(w, "name", p->name);
	deg(w, "lon", p->lon, scaled);
	deg(w, "lat", p->lat, scaled);
	boolean(w, "accuracy", p->accuracy);
	dims(w, p->to_bow, p->to_stern, p->to_port, p->to_starboard);
	epfd(w, p->epfd);
	num(w, "second", p->second);
	num(w, "regional", p->regional);
	boolean(w, "off_position", p->off_position);
	boolean(w, "raim", p->raim);
	boolean(w, "virtual_aid", p->virtual_aid);
}

static void type24(jw *w, const lk_ais_static24 *p, bool parts)
{
	if (parts)
		num(w, "partno", p->partno);
	if (parts && p->partno == 0) {
		str(w, "shipname", p->shipname);
		return;
	}
	if (!parts || p->has_shipname)
		str(w, "shipname", p->shipname);
	shiptype(w, p->shiptype);
	str(w, "vendorid", p->vendorid);
	num(w, "model", p->model);
	num(w, "serial", p->serial);
	str(w, "callsign", p->callsign);
	if (p->auxiliary)
		num(w, "mothership_mmsi", p->mothership_mmsi);
	else
		dims(w, p->to_bow, p->to_stern, p->to_port, p->to_starboard);
}

static void type27(jw *w, const lk_ais_long *p, bool scaled)
{
	num(w, "status", p->status);
	if (scaled)
		str(w, "status_text", lk_ais_status_text(p->status));
	boolean(w, "accuracy", p->accuracy);
	if (scaled) {
		fixed_thirds(w, "lon", p->lon, 4);
		fixed_thirds(w, "lat", p->lat, 4);
	} else {
		num(w, "lon", p->lon);
		num(w, "lat", p->lat);
	}
	num(w, "speed", p->speed);
	num(w, "course", p->course);
	boolean(w, "raim", p->raim);
	boolean(w, "gnss", p->gnss);
}

int lk_ais_to_json(char *buf, size_t cap, const lk_ais_msg *m, const char *device,
                   unsigned flags)
{
	assert(buf && cap > 0 && m);
	bool scaled = (flags & LK_AIS_JSON_SCALED) != 0;
	/* gpsd prints a type 24 once, when part B follows its part A */
	bool parts = (flags & LK_AIS_JSON_PARTS) != 0;
	if (!parts && m->type == 24 && m->decoded &&
	    (m->u.t24.partno == 0 || !m->u.t24.has_shipname))
		return 0;
	jw w = {buf, cap, 0, false};
	static const char open[] = "{\"class\":\"AIS\"";
	bytes(&w, open, sizeof(open) - 1);
	if (device)
		str(&w, "device", device);
	num(&w, "type", m->type);
	num(&w, "repeat", m->repeat);
	num(&w, "mmsi", m->mmsi);
	boolean(&w, "scaled", scaled);
	if (m->decoded) {
		switch (m->type) {
		case 1: case 2: case 3: type123(&w, &m->u.pos, scaled); break;
		case 4: case 11: type4(&w, &m->u.base, scaled); break;
		case 5: type5(&w, &m->u.stat, scaled); break;
		case 6: case 8: binary(&w, m); break;
		case 9: type9(&w, &m->u.sar, scaled); break;
		case 18: case 19: type18(&w, m, scaled); break;
		case 21: type21(&w, &m->u.aton, scaled); break;
		case 24: type24(&w, &m->u.t24, parts); break;
		case 27: type27(&w, &m->u.lr, scaled); break;
		default: break;
		}
	}
	bytes(&w, "}", 1);
	if (w.overflow)
		return lk_error_set(LK_ETOOBIG, "ais: JSON does not fit in %zu bytes", cap);
	buf[w.len] = '\0';
	return (int)w.len;
}
