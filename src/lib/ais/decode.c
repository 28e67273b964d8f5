/*
 * decode.c - the dispatch on message type and the position reports: types 1-3 (class A),
 * 4 and 11 (base station, UTC answer), 9 (SAR aircraft), 18 (class B) and 27 (long range).
 *
 * Every case checks the bit count before reading a field. Like gpsd we require the standard
 * length for these fixed-size messages (with gpsd's tolerance for short class A reports);
 * other payloads are counted as bit count errors rather than decoded into garbage.
 */
#include <stdio.h>
#include <string.h>

#include "ais_int.h"

int lk_ais__bad_bits(const lk_ais_msg *m, size_t nbits, const char *want)
{
	return lk_error_set(LK_EINVALID, "type %u: %zu bits, expected %s", m->type, nbits, want);
}

#define U(off, w) lk_ais__u(b, (off), (w))
#define S(off, w) lk_ais__s(b, (off), (w))

int lk_ais__decode_position(lk_ais_msg *m, const lk_ais__bits *b)
{
	switch (m->type) {
	case 1:
	case 2:
	case 3: {
		/* gpsd accepts short class A reports (163 bits seen in the wild: the radio
		 * status is cut short) and long ones (204 bits seen: the extra bits are ignored) */
		if (b->nbits < 163)
			return lk_ais__bad_bits(m, b->nbits, "at least 163");
		lk_ais_pos *p = &m->u.pos;
		p->status = U(38, 4);
		p->turn = S(42, 8);
		p->speed = U(50, 10);
		p->accuracy = U(60, 1);
		p->lon = S(61, 28);
		p->lat = S(89, 27);
		p->course = U(116, 12);
		p->heading = U(128, 9);
		p->second = U(137, 6);
		p->maneuver = U(143, 2);
		p->raim = U(148, 1);
		/* a short report's radio status is the bits there are, as gpsd reads it */
		p->radio = b->nbits >= 168 ? U(149, 19) : U(149, (unsigned)(b->nbits - 149));
		return 0;
	}
	case 4:
	case 11: {
		if (b->nbits != 168)
			return lk_ais__bad_bits(m, b->nbits, "168");
		lk_ais_base *p = &m->u.base;
		p->year = U(38, 14);
		p->month = U(52, 4);
		p->day = U(56, 5);
		p->hour = U(61, 5);
		p->minute = U(66, 6);
		p->second = U(72, 6);
		p->accuracy = U(78, 1);
		p->lon = S(79, 28);
		p->lat = S(107, 27);
		p->epfd = U(134, 4);
		p->raim = U(148, 1);
		p->radio = U(149, 19);
		return 0;
	}
	case 9: {
		if (b->nbits != 168)
			return lk_ais__bad_bits(m, b->nbits, "168");
		lk_ais_sar *p = &m->u.sar;
		p->alt = U(38, 12);
		p->speed = U(50, 10);
		p->accuracy = U(60, 1);
		p->lon = S(61, 28);
		p->lat = S(89, 27);
		p->course = U(116, 12);
		p->second = U(128, 6);
		p->regional = U(134, 8);
		p->dte = U(142, 1);
		p->assigned = U(146, 1);
		p->raim = U(147, 1);
		p->radio = U(148, 20);
		return 0;
	}
	case 18: {
		if (b->nbits != 168)
			return lk_ais__bad_bits(m, b->nbits, "168");
		lk_ais_classb *p = &m->u.cb;
		p->reserved = U(38, 8);
		p->speed = U(46, 10);
		p->accuracy = U(56, 1);
		p->lon = S(57, 28);
		p->lat = S(85, 27);
		p->course = U(112, 12);
		p->heading = U(124, 9);
		p->second = U(133, 6);
		p->regional = U(139, 2);
		p->cs = U(141, 1);
		p->display = U(142, 1);
		p->dsc = U(143, 1);
		p->band = U(144, 1);
		p->msg22 = U(145, 1);
		p->assigned = U(146, 1);
		p->raim = U(147, 1);
		p->radio = U(148, 20);
		return 0;
	}
	case 27: {
		/* 96 bits; some transmitters pad to a full slot */
		if (b->nbits < 96 || b->nbits > 168)
			return lk_ais__bad_bits(m, b->nbits, "96 to 168");
		lk_ais_long *p = &m->u.lr;
		p->accuracy = U(38, 1);
		p->raim = U(39, 1);
		p->status = U(40, 4);
		p->lon = S(44, 18);
		p->lat = S(62, 17);
		p->speed = U(79, 6);
		p->course = U(85, 9);
		p->gnss = U(94, 1);
		return 0;
	}
	default:
		return lk_error_set(LK_EFORMAT, "type %u is not a position report", m->type);
	}
}
