/*
 * hangul_jamo.c - reading Hangul input unit by unit for the romanisers.
 *
 * Text reaches the romanisers precomposed (NFC), decomposed into conjoining jamo (NFD; NFKC
 * also turns compatibility jamo such as ㄱ into conjoining ones), or as compatibility jamo
 * standing alone (initials of anonymised names, "ㅋㅋ"). Conjoining L V [T] sequences are
 * composed back arithmetically (the Unicode standard, chapter 3.12); halfwidth jamo are read
 * as their compatibility forms; fillers are dropped by the callers.
 */
#include "text/hangul_int.h"
#include "lookout/utf8.h"

#include <string.h>

const char *const lk_text__hangul_coda_latin[8] = {"", "k", "n", "t", "l", "m", "p", "ng"};

const unsigned char lk_text__hangul_final_coda[T_COUNT] = {
	C_NONE, C_K, C_K, C_K, C_N, C_N, C_N, C_T, C_L, C_K, C_M, C_L, C_L, C_L,
	C_P, C_L, C_M, C_P, C_P, C_T, C_T, C_NG, C_T, C_T, C_K, C_T, C_P, C_T
};

/*
 * Compatibility jamo U+3131..U+318E standing alone. Consonants that can begin a syllable are
 * romanised as initials (IS_INITIAL | index); clusters and archaic letters by their letters.
 */
#define IS_INITIAL 0x80
static const unsigned char compat_consonant[30] = {
	IS_INITIAL | I_G, IS_INITIAL | I_GG, 0, IS_INITIAL | I_N, 0, 0, IS_INITIAL | I_D,
	IS_INITIAL | I_DD, IS_INITIAL | I_R, 0, 0, 0, 0, 0, 0, 0, IS_INITIAL | I_M,
	IS_INITIAL | I_B, IS_INITIAL | I_BB, 0, IS_INITIAL | I_S, IS_INITIAL | I_SS, 0,
	IS_INITIAL | I_J, IS_INITIAL | I_JJ, IS_INITIAL | I_CH, IS_INITIAL | I_K,
	IS_INITIAL | I_T, IS_INITIAL | I_P, IS_INITIAL | I_H
};
static const char *const compat_letters[30] = {
	NULL, NULL, "gs", NULL, "nj", "nh", NULL, NULL, NULL, "lg", "lm", "lb", "ls", "lt",
	"lp", "lh", NULL, NULL, NULL, "bs", NULL, NULL, "ng", NULL, NULL, NULL, NULL, NULL,
	NULL, NULL
};
/* U+3165..U+318E: old letters, by the sounds of their parts. */
static const char *const compat_archaic[42] = {
	"nn", "nd", "ns", "nz", "lks", "ld", "lbs", "lz", "l", "mb", "ms", "mz", "m", "bg",
	"bd", "bsg", "bsd", "bj", "bt", "b", "pp", "sg", "sn", "sd", "sb", "sj", "z", "ng",
	"ng", "ngs", "ngz", "p", "h", "", "yoya", "yoyae", "yoi", "yuyeo", "yuye", "yui", "a",
	"ae"
};

static bool is_l(uint32_t c)
{
	return c >= L_BASE && c < L_BASE + L_COUNT;
}

static bool is_v(uint32_t c)
{
	return c >= V_BASE && c < V_BASE + V_COUNT;
}

static bool is_t(uint32_t c)
{
	return c > T_BASE && c < T_BASE + T_COUNT;
}

/* Halfwidth Hangul (U+FFA0..U+FFDC) to compatibility jamo; 0 if not one. */
static uint32_t from_halfwidth(uint32_t c)
{
	if (c >= 0xFFA1 && c <= 0xFFBE)
		return 0x3131 + (c - 0xFFA1);
	if (c >= 0xFFC2 && c <= 0xFFC7)
		return 0x314F + (c - 0xFFC2);
	if (c >= 0xFFCA && c <= 0xFFCF)
		return 0x3155 + (c - 0xFFCA);
	if (c >= 0xFFD2 && c <= 0xFFD7)
		return 0x315B + (c - 0xFFD2);
	if (c >= 0xFFDA && c <= 0xFFDC)
		return 0x3161 + (c - 0xFFDA);
	return 0;
}

static size_t peek(const char *s, size_t len, size_t pos, uint32_t *cp)
{
	if (pos >= len) {
		*cp = 0;
		return 0;
	}
	return lk_utf8_decode(s + pos, len - pos, cp);
}

void lk_text__hangul_next(const char *s, size_t len, size_t pos, lk_text__hangul_unit *u)
{
	uint32_t c, c2, c3;
	size_t n = peek(s, len, pos, &c), n2, n3;

	memset(u, 0, sizeof(*u));
	u->len = n;
	u->kind = U_OTHER;
	u->bad = c == 0xFFFD && n == 1;
	if (c >= 0xFFA0 && c <= 0xFFDC) {
		if (c == 0xFFA0) {
			u->kind = U_FILLER;
			return;
		}
		c = from_halfwidth(c);
		if (!c)
			return;
	}
	if (c >= S_BASE && c <= S_LAST) {
		uint32_t i = c - S_BASE;

		u->kind = U_SYLLABLE;
		u->l = (int)(i / (V_COUNT * T_COUNT));
		u->v = (int)(i / T_COUNT % V_COUNT);
		u->t = (int)(i % T_COUNT);
		if (u->t == 0) {
			n2 = peek(s, len, pos + n, &c2);
			if (n2 && is_t(c2)) {
				u->t = (int)(c2 - T_BASE);
				u->len += n2;
			}
		}
	} else if (is_l(c)) {
		n2 = peek(s, len, pos + n, &c2);
		if (n2 && is_v(c2)) {
			u->kind = U_SYLLABLE;
			u->l = (int)(c - L_BASE);
			u->v = (int)(c2 - V_BASE);
			u->len += n2;
			n3 = peek(s, len, pos + n + n2, &c3);
			if (n3 && is_t(c3)) {
				u->t = (int)(c3 - T_BASE);
				u->len += n3;
			}
		} else {
			u->kind = U_INITIAL;
			u->l = (int)(c - L_BASE);
		}
	} else if (is_v(c)) {
		u->kind = U_MEDIAL;
		u->v = (int)(c - V_BASE);
	} else if (is_t(c)) {
		u->kind = U_FINAL;
		u->t = (int)(c - T_BASE);
	} else if (c == 0x115F || c == 0x1160 || c == 0x3164) {
		u->kind = U_FILLER;
	} else if (c >= 0x3131 && c <= 0x314E) {
		unsigned char k = compat_consonant[c - 0x3131];

		if (k & IS_INITIAL) {
			u->kind = U_INITIAL;
			u->l = k & ~IS_INITIAL;
		} else {
			u->kind = U_LETTERS;
			u->letters = compat_letters[c - 0x3131];
		}
	} else if (c >= 0x314F && c <= 0x3163) {
		u->kind = U_MEDIAL;
		u->v = (int)(c - 0x314F);
	} else if (c >= 0x3165 && c <= 0x318E) {
		u->kind = U_LETTERS;
		u->letters = compat_archaic[c - 0x3165];
	}
}

int lk_text__hangul_put_other(lk_buf *out, const char *s, const lk_text__hangul_unit *u)
{
	if (u->bad)
		return lk_utf8_append(out, 0xFFFD);
	return lk_buf_put(out, s, u->len);
}
