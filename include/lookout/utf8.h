/*
 * utf8.h - UTF-8 validation and decoding, and legacy single-byte encodings to UTF-8.
 *
 * OFAC and UK CSV files are Windows-1252 (a superset of Latin-1 in 0xA0-0xFF); they are
 * decoded to UTF-8 on input so that everything inside Lookout is valid UTF-8.
 */
#ifndef LOOKOUT_UTF8_H
#define LOOKOUT_UTF8_H

#include "common.h"
#include "buf.h"

/*
 * Check that s[0..len) is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
 * Returns true if valid; otherwise false and, if bad_offset is not NULL, the byte offset of
 * the first invalid sequence.
 */
LK_EXTERN(bool) lk_utf8_valid(const char *s, size_t len, size_t *bad_offset);

/*
 * Decode one code point from s[0..len). Returns the number of bytes consumed (1..4) and sets
 * *cp; for an invalid sequence returns 1 and sets *cp to U+FFFD. len must be > 0.
 */
LK_EXTERN(size_t) lk_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Append the UTF-8 encoding of cp to out (cp > U+10FFFF or a surrogate becomes U+FFFD). */
LK_EXTERN(int) lk_utf8_append(lk_buf *out, uint32_t cp);

/* The Unicode code point of a Windows-1252 byte (undefined bytes map to U+FFFD). */
LK_EXTERN(uint32_t) lk_cp1252_to_unicode(unsigned char c);

/* Append s[0..len), read as Windows-1252, to out as UTF-8. */
LK_EXTERN(int) lk_utf8_from_cp1252(lk_buf *out, const char *s, size_t len);

#endif
