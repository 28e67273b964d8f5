/*
 * encode.c - the inverse of the decoder: an lk_ais_msg back into the bits of its payload
 * and the sixbit armoring, for types 1-3, 4, 5, 9, 11, 18, 19, 21, 24 (parts A and B) and 27.
 *
 * Field offsets and widths are those the decoders read (decode.c, decode_static.c), so that
 * decode(encode(m)) gives m back. Spare and reserved bits the decoder does not keep are
 * written as zero, and text is padded with '@' (sixbit 0), which is what ITU-R M.1371 asks
 * for; transmitters that pad with spaces or set spare bits therefore do not get their exact
 * payload back, only the same fields (tests/ais/test_encode.c checks both properties).
 * Values are written as given: out-of-range numbers are truncated to their field width, so
 * the caller keeps them in range (the LK_AIS_*_NA constants are all in range).
 */
#include <string.h>

#include "ais_int.h"

typedef struct bitw {
	uint8_t b[LK_AIS__MAX_BITS / 8 + 8];
	size_t n;                     /* bits written */
	size_t bytes;                 /* whole bytes flushed into b */
	uint64_t acc;                 /* the last nacc bits, not yet flushed */
	unsigned nacc;
} bitw;

/* Append the low `width` bits of v, most significant first, through a 64-bit accumulator
 * (a byte at a time: the encoder runs once per simulated message). */
static void put_u(bitw *w, uint32_t v, unsigned width)
{
	if (width < 32)
		v &= (1u << width) - 1u;
	w->acc = (w->acc << width) | v;
	w->nacc += width;
	w->n += width;
	while (w->nacc >= 8) {
		w->nacc -= 8;
		if (w->bytes < sizeof(w->b))
			w->b[w->bytes++] = (uint8_t)(w->acc >> w->nacc);
	}
}

/* Flush the last partial byte (zero-padded). */
static void flush_bits(bitw *w)
{
	if (w->nacc > 0 && w->bytes < sizeof(w->b))
		w->b[w->bytes++] = (uint8_t)(w->acc << (8 - w->nacc));
	w->nacc = 0;
}

static void put_s(bitw *w, int32_t v, unsigned width)
{
	put_u(w, (uint32_t)v & (width >= 32 ? 0xffffffffu : ((1u << width) - 1u)), width);
}

/* Sixbit text of exactly nchars characters, '@'-padded. Characters outside the ITU table
 * (lower case is folded to upper case first) are written as '?'. */
static void put_text(bitw *w, const char *s, unsigned nchars)
{
	size_t len = strlen(s);
	for (unsigned i = 0; i < nchars; i++) {
		unsigned c = i < len ? (unsigned char)s[i] : '@';
		if (c >= 'a' && c <= 'z')
			c -= 32;
		unsigned v;
		if (c >= 64 && c <= 95)
			v = c - 64;
		else if (c >= 32 && c <= 63)
			v = c;
		else
			v = '?';
		put_u(w, v, 6);
	}
}

static void put_header(bitw *w, const lk_ais_msg *m)
{
	put_u(w, m->type, 6);
	put_u(w, m->repeat, 2);
	put_u(w, m->mmsi, 30);
}

static int encode_bits(bitw *w, const lk_ais_msg *m)
{
	memset(w, 0, sizeof(*w));
	put_header(w, m);
	switch (m->type) {
	case 1: case 2: case 3: {
		const lk_ais_pos *p = &m->u.pos;
		put_u(w, p->status, 4);
		put_s(w, p->turn, 8);
		put_u(w, p->speed, 10);
		put_u(w, p->accuracy, 1);
		put_s(w, p->lon, 28);
		put_s(w, p->lat, 27);
		put_u(w, p->course, 12);
		put_u(w, p->heading, 9);
		put_u(w, p->second, 6);
		put_u(w, p->maneuver, 2);
		put_u(w, 0, 3);
		put_u(w, p->raim, 1);
		put_u(w, p->radio, 19);
		return 0;
	}
	case 4: case 11: {
		const lk_ais_base *p = &m->u.base;
		put_u(w, p->year, 14);
		put_u(w, p->month, 4);
		put_u(w, p->day, 5);
		put_u(w, p->hour, 5);
		put_u(w, p->minute, 6);
		put_u(w, p->second, 6);
		put_u(w, p->accuracy, 1);
		put_s(w, p->lon, 28);
		put_s(w, p->lat, 27);
		put_u(w, p->epfd, 4);
		put_u(w, 0, 10);
		put_u(w, p->raim, 1);
		put_u(w, p->radio, 19);
		return 0;
	}
	case 5: {
		const lk_ais_static *p = &m->u.stat;
		put_u(w, p->ais_version, 2);
		put_u(w, p->imo, 30);
		put_text(w, p->callsign, 7);
		put_text(w, p->shipname, 20);
		put_u(w, p->shiptype, 8);
		put_u(w, p->to_bow, 9);
		put_u(w, p->to_stern, 9);
		put_u(w, p->to_port, 6);
		put_u(w, p->to_starboard, 6);
		put_u(w, p->epfd, 4);
		put_u(w, p->month, 4);
		put_u(w, p->day, 5);
		put_u(w, p->hour, 5);
		put_u(w, p->minute, 6);
		put_u(w, p->draught, 8);
		put_text(w, p->destination, 20);
		put_u(w, p->dte, 1);
		put_u(w, 0, 1);
		return 0;
	}
	case 9: {
		const lk_ais_sar *p = &m->u.sar;
		put_u(w, p->alt, 12);
		put_u(w, p->speed, 10);
		put_u(w, p->accuracy, 1);
		put_s(w, p->lon, 28);
		put_s(w, p->lat, 27);
		put_u(w, p->course, 12);
		put_u(w, p->second, 6);
		put_u(w, p->regional, 8);
		put_u(w, p->dte, 1);
		put_u(w, 0, 3);
		put_u(w, p->assigned, 1);
		put_u(w, p->raim, 1);
		put_u(w, p->radio, 20);
		return 0;
	}
	case 18: case 19: {
		const lk_ais_classb *p = &m->u.cb;
		put_u(w, p->reserved, 8);
		put_u(w, p->speed, 10);
		put_u(w, p->accuracy, 1);
		put_s(w, p->lon, 28);
		put_s(w, p->lat, 27);
		put_u(w, p->course, 12);
		put_u(w, p->heading, 9);
		put_u(w, p->second, 6);
		if (m->type == 18) {
			put_u(w, p->regional, 2);
			put_u(w, p->cs, 1);
			put_u(w, p->display, 1);
			put_u(w, p->dsc, 1);
			put_u(w, p->band, 1);
			put_u(w, p->msg22, 1);
			put_u(w, p->assigned, 1);
			put_u(w, p->raim, 1);
			put_u(w, p->radio, 20);
			return 0;
		}
		put_u(w, p->regional, 4);
		put_text(w, p->shipname, 20);
		put_u(w, p->shiptype, 8);
		put_u(w, p->to_bow, 9);
		put_u(w, p->to_stern, 9);
		put_u(w, p->to_port, 6);
		put_u(w, p->to_starboard, 6);
		put_u(w, p->epfd, 4);
		put_u(w, p->raim, 1);
		put_u(w, p->dte, 1);
		put_u(w, p->assigned, 1);
		put_u(w, 0, 4);
		return 0;
	}
	case 21: {
		const lk_ais_aton *p = &m->u.aton;
		put_u(w, p->aid_type, 5);
		put_text(w, p->name, 20);
		put_u(w, p->accuracy, 1);
		put_s(w, p->lon, 28);
		put_s(w, p->lat, 27);
		put_u(w, p->to_bow, 9);
		put_u(w, p->to_stern, 9);
		put_u(w, p->to_port, 6);
		put_u(w, p->to_starboard, 6);
		put_u(w, p->epfd, 4);
		put_u(w, p->second, 6);
		put_u(w, p->off_position, 1);
		put_u(w, p->regional, 8);
		put_u(w, p->raim, 1);
		put_u(w, p->virtual_aid, 1);
		put_u(w, p->assigned, 1);
		put_u(w, 0, 1);
		/* the name's characters beyond 20 go in the extension (at most 14), and the
		 * message is padded to a byte boundary */
		size_t len = strlen(p->name);
		if (len > 20) {
			unsigned ext = (unsigned)(len - 20 > 14 ? 14 : len - 20);
			put_text(w, p->name + 20, ext);
			while (w->n % 8)
				put_u(w, 0, 1);
		}
		return 0;
	}
	case 24: {
		const lk_ais_static24 *p = &m->u.t24;
		put_u(w, p->partno, 2);
		if (p->partno == 0) {
			put_text(w, p->shipname, 20);
			put_u(w, 0, 8);
			return 0;
		}
		if (p->partno != 1)
			return lk_error_set(LK_EINVALID, "ais encode: type 24 part number %u",
			                    p->partno);
		put_u(w, p->shiptype, 8);
		/* the same 42 bits are the old 7-character vendor id or (1371-4) 3 characters,
		 * model and serial; the decoder fills both readings from them, so model and
		 * serial are authoritative unless only a long vendor id is given */
		if (strlen(p->vendorid) > 3 && p->model == 0 && p->serial == 0) {
			put_text(w, p->vendorid, 7);
		} else {
			put_text(w, p->vendorid, 3);
			put_u(w, p->model, 4);
			put_u(w, p->serial, 20);
		}
		put_text(w, p->callsign, 7);
		if (p->auxiliary) {
			put_u(w, p->mothership_mmsi, 30);
		} else {
			put_u(w, p->to_bow, 9);
			put_u(w, p->to_stern, 9);
			put_u(w, p->to_port, 6);
			put_u(w, p->to_starboard, 6);
		}
		put_u(w, 0, 6);
		return 0;
	}
	case 27: {
		const lk_ais_long *p = &m->u.lr;
		put_u(w, p->accuracy, 1);
		put_u(w, p->raim, 1);
		put_u(w, p->status, 4);
		put_s(w, p->lon, 18);
		put_s(w, p->lat, 17);
		put_u(w, p->speed, 6);
		put_u(w, p->course, 9);
		put_u(w, p->gnss, 1);
		put_u(w, 0, 1);
		return 0;
	}
	default:
		return lk_error_set(LK_EINVALID, "ais encode: message type %u is not supported",
		                    m->type);
	}
}

int lk_ais_encode_payload(char *out, size_t cap, const lk_ais_msg *m, unsigned *fill)
{
	bitw w;
	int rc = encode_bits(&w, m);
	if (rc < 0)
		return rc;
	flush_bits(&w);
	size_t nchars = (w.n + 5) / 6;
	if (nchars + 1 > cap)
		return lk_error_set(LK_ETOOBIG, "ais encode: %zu payload characters, buffer of %zu",
		                    nchars, cap);
	/* three bytes make four characters (b is zero beyond the bits written) */
	for (size_t i = 0; i < nchars; i += 4) {
		size_t o = i / 4 * 3;
		uint32_t x = ((uint32_t)w.b[o] << 16) | ((uint32_t)w.b[o + 1] << 8) | w.b[o + 2];
		for (size_t k = 0; k < 4 && i + k < nchars; k++) {
			unsigned v = (x >> (18 - 6 * k)) & 63u;
			out[i + k] = (char)(v < 40 ? '0' + v : '`' + (v - 40));
		}
	}
	out[nchars] = '\0';
	*fill = (unsigned)(nchars * 6 - w.n);
	return (int)nchars;
}
