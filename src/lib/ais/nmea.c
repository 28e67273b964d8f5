/*
 * nmea.c - NMEA 0183 framing of AIS sentences: `!AIVDM`/`!AIVDO` (any talker: !BSVDM, ...),
 * their checksum, and an optional NMEA 4.0 tag block in front (`\c:<unix time>,s:<source>*hh\`)
 * that receivers and aggregators add for receive time and station.
 *
 * Lines that are not AIS sentences (other NMEA sentences, gpsd's comment lines) are skipped,
 * not errors. Data after the checksum (the USCG receivers' ",d-109,S2105,..." metadata) is
 * ignored, as gpsd and libais do.
 */
#include <stdlib.h>
#include <string.h>

#include "ais_int.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int fail(lk_ais_error_kind *kind, lk_ais_error_kind k, const char *what)
{
	*kind = k;
	return lk_error_set(k == LK_AIS_ERR_CHECKSUM ? LK_EINVALID : LK_EFORMAT, "%s", what);
}

/* Parse "c:123,s:abc*hh" (between the backslashes). */
static int parse_tag_block(lk_ais__sentence *out, const char *s, size_t len,
                           lk_ais_error_kind *kind)
{
	const char *star = memchr(s, '*', len);
	if (!star || (size_t)(s + len - star) != 3)
		return fail(kind, LK_AIS_ERR_MALFORMED, "tag block without a checksum");
	unsigned sum = 0;
	for (const char *p = s; p < star; p++)
		sum ^= (unsigned char)*p;
	int h = hexval(star[1]), l = hexval(star[2]);
	if (h < 0 || l < 0)
		return fail(kind, LK_AIS_ERR_MALFORMED, "tag block checksum is not hexadecimal");
	if ((unsigned)(h * 16 + l) != sum)
		return fail(kind, LK_AIS_ERR_CHECKSUM, "tag block checksum mismatch");
	const char *p = s;
	while (p < star) {
		const char *end = memchr(p, ',', (size_t)(star - p));
		if (!end)
			end = star;
		if (end - p > 2 && p[1] == ':') {
			if (p[0] == 'c') {
				int64_t v = 0;
				const char *q = p + 2;
				for (; q < end && *q >= '0' && *q <= '9' && v < (int64_t)1e15; q++)
					v = v * 10 + (*q - '0');
				/* some receivers write milliseconds */
				out->tag_time = v > (int64_t)100000000000 ? v / 1000 : v;
			} else if (p[0] == 's') {
				size_t n = (size_t)(end - p - 2);
				if (n >= sizeof(out->tag_source))
					n = sizeof(out->tag_source) - 1;
				memcpy(out->tag_source, p + 2, n);
				out->tag_source[n] = '\0';
			}
		}
		p = end + 1;
	}
	return 0;
}

static bool is_ais_talker(const char *s, size_t len)
{
	/* "!xxVDM," or "!xxVDO," */
	return len >= 7 && s[0] == '!' && s[3] == 'V' && s[4] == 'D' &&
	       (s[5] == 'M' || s[5] == 'O') && s[6] == ',';
}

int lk_ais__parse_sentence(lk_ais__sentence *out, const char *line, size_t len,
                           lk_ais_error_kind *kind)
{
	memset(out, 0, sizeof(*out));
	out->tag_time = -1;
	out->seqid = -1;
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	if (len > LK_AIS__MAX_LINE)
		return fail(kind, LK_AIS_ERR_MALFORMED, "line too long");
	const char *s = line;
	if (len > 0 && s[0] == '\\') {
		const char *end = memchr(s + 1, '\\', len - 1);
		if (!end)
			return fail(kind, LK_AIS_ERR_MALFORMED, "unterminated tag block");
		int rc = parse_tag_block(out, s + 1, (size_t)(end - s - 1), kind);
		if (rc < 0)
			return rc;
		len -= (size_t)(end + 1 - s);
		s = end + 1;
	}
	if (!is_ais_talker(s, len)) {
		/* an AIS sentence cut before its first comma is malformed, anything else skipped */
		if (len >= 1 && s[0] == '!' && len < 7 && memchr(s, ',', len) == NULL &&
		    len >= 3)
			return fail(kind, LK_AIS_ERR_MALFORMED, "truncated sentence");
		return 0;
	}
	const char *star = memchr(s, '*', len);
	if (!star || s + len - star < 3)
		return fail(kind, LK_AIS_ERR_MALFORMED, "sentence without a checksum");
	unsigned sum = 0;
	for (const char *p = s + 1; p < star; p++)
		sum ^= (unsigned char)*p;
	int h = hexval(star[1]), l = hexval(star[2]);
	if (h < 0 || l < 0)
		return fail(kind, LK_AIS_ERR_MALFORMED, "checksum is not hexadecimal");
	if ((unsigned)(h * 16 + l) != sum)
		return fail(kind, LK_AIS_ERR_CHECKSUM, "checksum mismatch");

	/* fields between the talker and the '*': count,num,seqid,channel,payload,fill */
	const char *f[6];
	size_t fl[6];
	const char *p = s + 7;
	int nf = 0;
	for (;;) {
		const char *end = memchr(p, ',', (size_t)(star - p));
		if (!end)
			end = star;
		if (nf == 6)
			return fail(kind, LK_AIS_ERR_MALFORMED, "too many fields");
		f[nf] = p;
		fl[nf] = (size_t)(end - p);
		nf++;
		if (end == star)
			break;
		p = end + 1;
	}
	if (nf != 6)
		return fail(kind, LK_AIS_ERR_MALFORMED, "expected 6 fields after the talker");
	if (fl[0] != 1 || f[0][0] < '1' || f[0][0] > '9' || fl[1] != 1 || f[1][0] < '1' ||
	    f[1][0] > f[0][0])
		return fail(kind, LK_AIS_ERR_MALFORMED, "bad fragment count or number");
	out->count = (unsigned)(f[0][0] - '0');
	out->num = (unsigned)(f[1][0] - '0');
	if (fl[2] == 1 && f[2][0] >= '0' && f[2][0] <= '9')
		out->seqid = f[2][0] - '0';
	else if (fl[2] != 0)
		return fail(kind, LK_AIS_ERR_MALFORMED, "bad sequence id");
	if (fl[3] == 1)
		out->channel = f[3][0];
	else if (fl[3] > 1)
		return fail(kind, LK_AIS_ERR_MALFORMED, "bad channel");
	if (fl[5] > 1 || (fl[5] == 1 && (f[5][0] < '0' || f[5][0] > '5')))
		return fail(kind, LK_AIS_ERR_MALFORMED, "bad fill bits");
	out->fill = fl[5] == 1 ? (unsigned)(f[5][0] - '0') : 0;
	out->payload = f[4];
	out->payload_len = fl[4];
	if (out->payload_len == 0)
		return fail(kind, LK_AIS_ERR_MALFORMED, "empty payload");
	return 1;
}
