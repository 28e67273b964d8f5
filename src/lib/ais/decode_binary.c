/*
 * decode_binary.c - binary messages: type 6 (addressed) and type 8 (broadcast), decoded to
 * their header (sequence number, destination, DAC/FID) and the application data kept raw,
 * as gpsd prints it for the subtypes it does not know ("data":"<bits>:<hex>").
 */
#include <string.h>

#include "ais_int.h"

static void copy_bits(lk_ais_binary *p, const lk_ais__bits *b, size_t off)
{
	p->bitcount = (unsigned)(b->nbits - off);
	memset(p->data, 0, sizeof(p->data));
	for (size_t i = 0; i < p->bitcount; i += 8) {
		unsigned w = p->bitcount - i >= 8 ? 8 : (unsigned)(p->bitcount - i);
		p->data[i / 8] = (uint8_t)(lk_ais__u(b, off + i, w) << (8 - w));
	}
}

int lk_ais__decode_binary(lk_ais_msg *m, const lk_ais__bits *b)
{
	lk_ais_binary *p = &m->u.bin;
	if (m->type == 6) {
		if (b->nbits < 88 || b->nbits > 1008)
			return lk_ais__bad_bits(m, b->nbits, "88 to 1008");
		p->seqno = lk_ais__u(b, 38, 2);
		p->dest_mmsi = lk_ais__u(b, 40, 30);
		p->retransmit = lk_ais__u(b, 70, 1);
		p->dac = lk_ais__u(b, 72, 10);
		p->fid = lk_ais__u(b, 82, 6);
		copy_bits(p, b, 88);
		return 0;
	}
	if (m->type == 8) {
		if (b->nbits < 56 || b->nbits > 1008)
			return lk_ais__bad_bits(m, b->nbits, "56 to 1008");
		p->dac = lk_ais__u(b, 40, 10);
		p->fid = lk_ais__u(b, 50, 6);
		copy_bits(p, b, 56);
		return 0;
	}
	return lk_error_set(LK_EFORMAT, "type %u is not a binary message", m->type);
}
