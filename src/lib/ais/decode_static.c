/*
 * decode_static.c - identity and static data: types 5 (class A static and voyage), 19
 * (class B extended position), 21 (aid to navigation) and 24 (class B static, parts A and B).
 *
 * Quirk (from gpsd): many transmitters send type 5 with 420 or 422 bits instead of 424; the
 * missing bits are the end of the destination and the DTE flag, so such messages are
 * accepted and the absent bits read as zero (the bit buffer is zero-padded).
 */
#include <string.h>

#include "ais_int.h"

#define U(off, w) lk_ais__u(b, (off), (w))

int lk_ais__decode_static(lk_ais_msg *m, const lk_ais__bits *b)
{
	switch (m->type) {
	case 5: {
		if (b->nbits < 420 || b->nbits > 424)
			return lk_ais__bad_bits(m, b->nbits, "420 to 424");
		lk_ais_static *p = &m->u.stat;
		p->ais_version = U(38, 2);
		p->imo = U(40, 30);
		lk_ais__text(b, 70, 7, p->callsign, sizeof(p->callsign));
		lk_ais__text(b, 112, 20, p->shipname, sizeof(p->shipname));
		p->shiptype = U(232, 8);
		p->to_bow = U(240, 9);
		p->to_stern = U(249, 9);
		p->to_port = U(258, 6);
		p->to_starboard = U(264, 6);
		p->epfd = U(270, 4);
		p->month = U(274, 4);
		p->day = U(278, 5);
		p->hour = U(283, 5);
		p->minute = U(288, 6);
		p->draught = U(294, 8);
		lk_ais__text(b, 302, 20, p->destination, sizeof(p->destination));
		p->dte = U(422, 1);
		return 0;
	}
	case 19: {
		if (b->nbits != 312)
			return lk_ais__bad_bits(m, b->nbits, "312");
		lk_ais_classb *p = &m->u.cb;
		p->reserved = U(38, 8);
		p->speed = U(46, 10);
		p->accuracy = U(56, 1);
		p->lon = lk_ais__s(b, 57, 28);
		p->lat = lk_ais__s(b, 85, 27);
		p->course = U(112, 12);
		p->heading = U(124, 9);
		p->second = U(133, 6);
		p->regional = U(139, 4);
		lk_ais__text(b, 143, 20, p->shipname, sizeof(p->shipname));
		p->shiptype = U(263, 8);
		p->to_bow = U(271, 9);
		p->to_stern = U(280, 9);
		p->to_port = U(289, 6);
		p->to_starboard = U(295, 6);
		p->epfd = U(301, 4);
		p->raim = U(305, 1);
		p->dte = U(306, 1);
		p->assigned = U(307, 1);
		return 0;
	}
	case 21: {
		/* up to 14 characters of name extension and padding to a byte boundary */
		if (b->nbits < 272 || b->nbits > 368)
			return lk_ais__bad_bits(m, b->nbits, "272 to 368");
		lk_ais_aton *p = &m->u.aton;
		p->aid_type = U(38, 5);
		lk_ais__text(b, 43, 20, p->name, sizeof(p->name));
		p->accuracy = U(163, 1);
		p->lon = lk_ais__s(b, 164, 28);
		p->lat = lk_ais__s(b, 192, 27);
		p->to_bow = U(219, 9);
		p->to_stern = U(228, 9);
		p->to_port = U(237, 6);
		p->to_starboard = U(243, 6);
		p->epfd = U(249, 4);
		p->second = U(253, 6);
		p->off_position = U(259, 1);
		p->regional = U(260, 8);
		p->raim = U(268, 1);
		p->virtual_aid = U(269, 1);
		p->assigned = U(270, 1);
		/* a full 20-character name continues in the name extension after bit 272 */
		size_t n = strlen(p->name);
		if (n == 20 && b->nbits >= 278) {
			unsigned extra = (unsigned)((b->nbits - 272) / 6);
			lk_ais__text(b, 272, extra, p->name + n, sizeof(p->name) - n);
		}
		return 0;
	}
	case 24: {
		if (b->nbits < 40)
			return lk_ais__bad_bits(m, b->nbits, "160 or 168");
		lk_ais_static24 *p = &m->u.t24;
		p->partno = U(38, 2);
		if (p->partno == 0) {
			/* part A: 168 bits by the standard, 160 often seen */
			if (b->nbits != 160 && b->nbits != 168)
				return lk_ais__bad_bits(m, b->nbits, "160 or 168");
			lk_ais__text(b, 40, 20, p->shipname, sizeof(p->shipname));
			return 0;
		}
		if (p->partno != 1)
			return lk_error_set(LK_EINVALID, "type 24: part number %u", p->partno);
		if (b->nbits != 168)
			return lk_ais__bad_bits(m, b->nbits, "168");
		p->shiptype = U(40, 8);
		/* 1371-4 splits the old 7-character vendor id into 3 characters, model and
		 * serial; gpsd prints both readings */
		lk_ais__text(b, 48, 7, p->vendorid, sizeof(p->vendorid));
		p->model = U(66, 4);
		p->serial = U(70, 20);
		lk_ais__text(b, 90, 7, p->callsign, sizeof(p->callsign));
		p->auxiliary = m->mmsi / 10000000 == 98;
		p->mothership_mmsi = U(132, 30);
		p->to_bow = U(132, 9);
		p->to_stern = U(141, 9);
		p->to_port = U(150, 6);
		p->to_starboard = U(156, 6);
		return 0;
	}
	default:
		return lk_error_set(LK_EFORMAT, "type %u is not a static report", m->type);
	}
}
