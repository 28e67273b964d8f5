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

static int armor_value(unsigned char c)
{
	if (c >= '0' && c <= 'W')
		return c - '0';
	if (c >= '`' && c <= 'w')
		return c - '`' + 40;
	return -1;
}

int lk_ais__unarmor(lk_ais__bits *out, const char *s, size_t len, unsigned fill)
{
	memset(out, 0, sizeof(*out));
	if (len > LK_AIS__MAX_CHARS)
		return lk_error_set(LK_EINVALID, "payload of %zu characters, at most %d", len,
		                    LK_AIS__MAX_CHARS);
	if (fill > 5)
		return lk_error_set(LK_EINVALID, "fill bits %u, at most 5", fill);
	size_t bit = 0;
	for (size_t i = 0; i < len; i++) {
		int v = armor_value((unsigned char)s[i]);
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
	uint32_t v = 0;
	for (unsigned i = 0; i < width; i++) {
		size_t k = off + i;
		v = (v << 1) | ((b->b[k / 8] >> (7 - k % 8)) & 1u);
	}
	return v;
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
