/*
 * ident.c - identifiers with a structure that can be checked: IMO ship numbers, MMSI, BIC
 * (SWIFT) and LEI codes, and the normalisation used to compare identifiers of any kind.
 *
 * Vessels are the one place where the lists carry strong identifiers, and they are written in
 * many ways: "IMO 9176187" (OFAC remarks, "Vessel Registration Identification IMO 9176187"),
 * "IMO: 8937675" (EU remarks), bare "9176187" (UN, UK). The IMO check digit lets a screening
 * tell a typo from a different ship. Passport and ID numbers have no common check; they are
 * compared after lk_ident_normalize(), which drops the separators lists disagree on
 * ("A-123 456" vs "A123456") and folds the Cyrillic letters that look Latin (Russian
 * documents written with "АВ" in Cyrillic are the same number as "AB").
 */
#include "lookout/entity.h"
#include "lookout/error.h"
#include "lookout/utf8.h"

#include <string.h>

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static char upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Skip blanks, an optional case-insensitive keyword ("IMO", "MMSI"), then ':', '#', '.', '-'
 * and blanks. */
static const char *skip_label(const char *s, const char *kw)
{
	size_t n = strlen(kw), i;
	while (is_blank(*s))
		s++;
	for (i = 0; i < n && s[i] && upper(s[i]) == kw[i]; i++)
		;
	if (i == n) {
		s += n;
		while (is_blank(*s) || *s == ':' || *s == '#' || *s == '.' || *s == '-')
			s++;
	}
	return s;
}

/* Collect exactly `want` digits from s (blanks between them allowed) into out. */
static bool collect_digits(const char *s, char *out, size_t want)
{
	size_t n = 0;
	for (; *s; s++) {
		if (is_digit(*s)) {
			if (n == want)
				return false;
			out[n++] = *s;
		} else if (!is_blank(*s)) {
			return false;
		}
	}
	out[n] = 0;
	return n == want;
}

bool lk_imo_digits(const char *s, char out[8])
{
	if (!s)
		return false;
	return collect_digits(skip_label(s, "IMO"), out, 7);
}

bool lk_imo_valid(const char *s)
{
	char d[8];
	if (!lk_imo_digits(s, d))
		return false;
	/* 0000000 passes the arithmetic but is the placeholder some registries use */
	if (strcmp(d, "0000000") == 0)
		return false;
	int sum = 0;
	for (int i = 0; i < 6; i++)
		sum += (d[i] - '0') * (7 - i);
	return sum % 10 == d[6] - '0';
}

bool lk_mmsi_valid(const char *s)
{
	char d[10];
	if (!s || !collect_digits(skip_label(s, "MMSI"), d, 9))
		return false;
	/* 2..7: ship stations, whose first three digits are the flag's MID. 0 is a group,
	 * 1 SAR aircraft, 8 handhelds, 9 coast/AtoN/SART devices: not a ship's identity. */
	return d[0] >= '2' && d[0] <= '7';
}

bool lk_bic_valid(const char *s)
{
	if (!s)
		return false;
	size_t n = strlen(s);
	if (n != 8 && n != 11)
		return false;
	for (size_t i = 0; i < 6; i++)
		if (!is_alpha(s[i]))
			return false;
	for (size_t i = 6; i < n; i++)
		if (!is_alpha(s[i]) && !is_digit(s[i]))
			return false;
	return true;
}

bool lk_lei_valid(const char *s)
{
	if (!s || strlen(s) != 20)
		return false;
	/* ISO 17442: 18 alphanumerics and 2 check digits; ISO 7064 MOD 97-10 over the whole
	 * code with letters as 10..35 must leave 1. */
	unsigned rem = 0;
	for (size_t i = 0; i < 20; i++) {
		char c = upper(s[i]);
		if (is_digit(c)) {
			rem = (rem * 10 + (unsigned)(c - '0')) % 97;
		} else if (i < 18 && c >= 'A' && c <= 'Z') {
			unsigned v = (unsigned)(c - 'A') + 10;
			rem = (rem * 100 + v) % 97;
		} else {
			return false;
		}
	}
	return rem == 1;
}

/* Cyrillic capitals and small letters that look like Latin capitals (passport series). */
static char cyrillic_lookalike(uint32_t cp)
{
	static const struct {
		uint32_t cp;
		char latin;
	} map[] = {
		{0x0410, 'A'}, {0x0412, 'B'}, {0x0415, 'E'}, {0x041A, 'K'}, {0x041C, 'M'},
		{0x041D, 'H'}, {0x041E, 'O'}, {0x0420, 'P'}, {0x0421, 'C'}, {0x0422, 'T'},
		{0x0423, 'Y'}, {0x0425, 'X'}, {0x0406, 'I'}, {0x0408, 'J'}, {0x0405, 'S'},
		{0x0430, 'A'}, {0x0432, 'B'}, {0x0435, 'E'}, {0x043A, 'K'}, {0x043C, 'M'},
		{0x043D, 'H'}, {0x043E, 'O'}, {0x0440, 'P'}, {0x0441, 'C'}, {0x0442, 'T'},
		{0x0443, 'Y'}, {0x0445, 'X'}, {0x0456, 'I'}, {0x0458, 'J'}, {0x0455, 'S'},
	};
	for (size_t i = 0; i < LK_ARRAY_SIZE(map); i++)
		if (map[i].cp == cp)
			return map[i].latin;
	return 0;
}

/* Non-ASCII code points that are separators or marks, never part of a number: Latin-1
 * punctuation and symbols, general punctuation (dashes, quotes, spaces), the numero sign,
 * CJK punctuation and the full-width ASCII punctuation. */
static bool is_separator(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 ||
	       (cp >= 0x2000 && cp <= 0x206F) || cp == 0x2116 || (cp >= 0x3000 && cp <= 0x303F) ||
	       (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
	       (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) || cp == 0xFEFF ||
	       cp == 0xFFFD;
}

int lk_ident_normalize(lk_buf *out, const char *s)
{
	int rc = 0;
	size_t n = s ? strlen(s) : 0;
	for (size_t i = 0; i < n && rc == 0;) {
		uint32_t cp;
		size_t k = lk_utf8_decode(s + i, n - i, &cp);
		i += k;
		if (cp < 0x80) {
			char c = (char)cp;
			if (is_digit(c) || is_alpha(c))
				rc = lk_buf_putc(out, upper(c));
		} else if (cp >= 0xFF10 && cp <= 0xFF19) {
			rc = lk_buf_putc(out, (char)('0' + (cp - 0xFF10))); /* full-width digits */
		} else if (cp >= 0xFF21 && cp <= 0xFF3A) {
			rc = lk_buf_putc(out, (char)('A' + (cp - 0xFF21)));
		} else if (cp >= 0xFF41 && cp <= 0xFF5A) {
			rc = lk_buf_putc(out, (char)('A' + (cp - 0xFF41)));
		} else if (cyrillic_lookalike(cp)) {
			rc = lk_buf_putc(out, cyrillic_lookalike(cp));
		} else if (!is_separator(cp)) {
			/* another script's letter or digit: kept as written */
			rc = lk_buf_put(out, s + i - k, k);
		}
	}
	return rc;
}
