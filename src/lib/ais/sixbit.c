/*
 * sixbit.c - the AIS payload armoring: characters to 6-bit values, a big-endian bit buffer,
 * field extraction and sixbit text.
 *
 * Payload characters are '0'..'W' (values 0-39) and '`'..'w' (40-63); anything else is
 * invalid. Text uses the ITU table: 0-31 are '@'..'_', 32-63 are ' '..'?'. As gpsd does,
 * text ends at the first '@' (the padding character) and trailing spaces are trimmed,
 * because transmitters pad names with either.
 */
#include <assert.h>
#include <string.h>

#include "ais_int.h"

/* Character to 6-bit value, -1 for characters outside the armoring. */
static const signed char armor_table[256] = {
#define R16(x) x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x
	R16(-1), R16(-1), R16(-1),
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,                      /* '0'.. */
	16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,            /* '@'.. */
	32, 33, 34, 35, 36, 37, 38, 39, -1, -1, -1, -1, -1, -1, -1, -1,            /* 'P'.. */
	40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55,            /* '`'.. */
	56, 57, 58, 59, 60, 61, 62, 63, -1, -1, -1, -1, -1, -1, -1, -1,            /* 'p'.. */
	R16(-1), R16(-1), R16(-1), R16(-1), R16(-1), R16(-1), R16(-1), R16(-1),
#undef R16
};

int lk_ais__unarmor(lk_ais__bits *out, const char *s, size_t len, unsigned fill)
{
	memset(out, 0, sizeof(*out));
	if (len > LK_AIS__MAX_CHARS)
		return lk_error_set(LK_EINVALID, "payload of %zu characters, at most %d", len,
		                    LK_AIS__MAX_CHARS);
	if (fill > 5)
		return lk_error_set(LK_EINVALID, "fill bits %u, at most 5", fill);
	/* four characters make three bytes */
	size_t i = 0, o = 0;
	for (; i + 4 <= len; i += 4, o += 3) {
		int a = armor_table[(unsigned char)s[i]], b = armor_table[(unsigned char)s[i + 1]];
		int c = armor_table[(unsigned char)s[i + 2]], d = armor_table[(unsigned char)s[i + 3]];
		if ((a | b | c | d) < 0)
			break;
		uint32_t v = ((uint32_t)a << 18) | ((uint32_t)b << 12) | ((uint32_t)c << 6) |
		             (uint32_t)d;
		out->b[o] = (uint8_t)(v >> 16);
		out->b[o + 1] = (uint8_t)(v >> 8);
		out->b[o + 2] = (uint8_t)v;
	}
	size_t bit = i * 6;
	for (; i < len; i++) {
		int v = armor_table[(unsigned char)s[i]];
		if (v < 0)
			return lk_error_set(LK_EINVALID, "invalid payload character 0x%02x",
			                    (unsigned char)s[i]);
		for (int k = 5; k >= 0; k--, bit++) {
			if (v & (1 << k))
				out->b[bit / 8] |= (uint8_t)(0x80u >> (bit % 8));
		}
	}
	out->nbits = bit >= fill ? bit - fill : 0;
	/* clear the fill bits so that a short field never sees them */
	for (size_t k = out->nbits; k < bit; k++)
		out->b[k / 8] &= (uint8_t)~(0x80u >> (k % 8));
	return 0;
}

uint32_t lk_ais__u(const lk_ais__bits *b, size_t off, unsigned width)
{
	assert(width <= 32 && off + width <= sizeof(b->b) * 8);
	if (width == 0)
		return 0;
	/* the (at most 5) bytes holding the field, big-endian, in a 64-bit window; the buffer
	 * has 8 bytes of zero padding beyond the longest payload, so reading on is safe */
	size_t first = off / 8;
	size_t last = (off + width - 1) / 8;
	uint64_t v = 0;
	for (size_t k = first; k <= last; k++)
		v = (v << 8) | b->b[k];
	unsigned drop = (unsigned)(8 * (last + 1) - (off + width));
	v >>= drop;
	return (uint32_t)(v & ((width == 32) ? 0xffffffffull : ((1ull << width) - 1)));
}

int32_t lk_ais__s(const lk_ais__bits *b, size_t off, unsigned width)
{
	uint32_t v = lk_ais__u(b, off, width);
	if (width < 32 && (v & (1u << (width - 1))))
		return (int32_t)((int64_t)v - ((int64_t)1 << width));
	return (int32_t)v;
}

void lk_ais__text(const lk_ais__bits *b, size_t off, unsigned nchars, char *out, size_t cap)
{
	assert(cap > 0);
	size_t n = 0;
	for (unsigned i = 0; i < nchars && n + 1 < cap; i++) {
		if (off + 6 * (size_t)(i + 1) > b->nbits)
			break;
		unsigned v = lk_ais__u(b, off + 6 * (size_t)i, 6);
		char c = (char)(v < 32 ? v + 64 : v);
		if (c == '@')
			break;
		out[n++] = c;
	}
	while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '@'))
		n--;
	out[n] = '\0';
}
