/*
 * encode_nmea.c - NMEA 0183 framing for encoded AIS messages: `!AIVDM`/`!AIVDO` sentences
 * with their checksum, split into numbered fragments with a sequence id when the payload is
 * longer than one sentence carries, each optionally behind an NMEA 4.0 tag block
 * `\c:<unix time>[,s:<source>]*hh\` (receivers put one on every fragment; the decoder takes
 * the receive time from the fragment that completes the message).
 */
#include <stdio.h>
#include <string.h>

#include "ais_int.h"

static unsigned xor_sum(const char *s, size_t n)
{
	unsigned sum = 0;
	for (size_t i = 0; i < n; i++)
		sum ^= (unsigned char)s[i];
	return sum;
}

int lk_ais_encode_nmea(char *out, size_t cap, const lk_ais_msg *m,
                       const lk_ais_nmea_options *opts)
{
	static const lk_ais_nmea_options defaults = LK_AIS_NMEA_OPTIONS_INIT;
	if (!opts)
		opts = &defaults;
	char payload[LK_AIS__MAX_CHARS + 1];
	unsigned fill;
	int n = lk_ais_encode_payload(payload, sizeof(payload), m, &fill);
	if (n < 0)
		return n;
	unsigned per = opts->max_chars >= 1 && opts->max_chars <= 80 ? opts->max_chars : 60;
	unsigned count = ((unsigned)n + per - 1) / per;
	if (count > 9)
		return lk_error_set(LK_EINVALID, "ais encode: %d characters need %u sentences",
		                    n, count);
	const char *talker = opts->talker && strlen(opts->talker) == 2 ? opts->talker : "AI";
	if (opts->tag_source && (strlen(opts->tag_source) > 31 ||
	                         strpbrk(opts->tag_source, ",*\\!\r\n")))
		return lk_error_set(LK_EINVALID, "ais encode: bad tag block source");
	if (opts->channel && (opts->channel == ',' || opts->channel == '*' ||
	                      (unsigned char)opts->channel < 0x21 ||
	                      (unsigned char)opts->channel > 0x7e))
		return lk_error_set(LK_EINVALID, "ais encode: bad channel");
	int seqid = opts->seqid >= 0 && opts->seqid <= 9 ? opts->seqid : 0;

	size_t len = 0;
	for (unsigned part = 1; part <= count; part++) {
		char tag[80] = "", body[128];
		if (opts->tag_time >= 0) {
			char t[64];
			int tl = opts->tag_source && opts->tag_source[0]
			                 ? snprintf(t, sizeof(t), "c:%lld,s:%s",
			                            (long long)opts->tag_time, opts->tag_source)
			                 : snprintf(t, sizeof(t), "c:%lld", (long long)opts->tag_time);
			snprintf(tag, sizeof(tag), "\\%s*%02X\\", t, xor_sum(t, (size_t)tl));
		}
		unsigned off = (part - 1) * per;
		unsigned chunk = (unsigned)n - off < per ? (unsigned)n - off : per;
		char seq[2] = {count > 1 ? (char)('0' + seqid) : 0, 0};
		char chan[2] = {opts->channel, 0};
		int bl = snprintf(body, sizeof(body), "!%sVD%c,%u,%u,%s,%s,%.*s,%u", talker,
		                  opts->own ? 'O' : 'M', count, part, seq, chan, (int)chunk,
		                  payload + off, part == count ? fill : 0);
		int w = snprintf(out + len, cap > len ? cap - len : 0, "%s%s*%02X\n", tag, body,
		                 xor_sum(body + 1, (size_t)bl - 1));
		if (w < 0 || (size_t)w >= (cap > len ? cap - len : 0))
			return lk_error_set(LK_ETOOBIG, "ais encode: output buffer of %zu bytes",
			                    cap);
		len += (size_t)w;
	}
	return (int)len;
}
