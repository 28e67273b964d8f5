/*
 * hangul_int.h - Hangul internals shared by the romanisers in text/: jamo indices in
 * Unicode's order, the seven sounds a final can have, and a decoder of input units
 * (precomposed syllables, conjoining jamo composed back into syllables, lone jamo).
 */
#ifndef LK_TEXT_HANGUL_INT_H
#define LK_TEXT_HANGUL_INT_H

#include "text/text_int.h"

#define S_BASE 0xAC00u
#define S_LAST 0xD7A3u
#define L_BASE 0x1100u
#define V_BASE 0x1161u
#define T_BASE 0x11A7u /* final 0 is "none": the first final jamo is T_BASE + 1 */
#define L_COUNT 19
#define V_COUNT 21
#define T_COUNT 28

/* Initial consonants, in Unicode's order. */
enum {
	I_G, I_GG, I_N, I_D, I_DD, I_R, I_M, I_B, I_BB, I_S, I_SS, I_O, I_J, I_JJ, I_CH,
	I_K, I_T, I_P, I_H
};

/* Finals, in Unicode's order (0: none). */
enum {
	F_NONE, F_G, F_GG, F_GS, F_N, F_NJ, F_NH, F_D, F_L, F_LG, F_LM, F_LB, F_LS, F_LT,
	F_LP, F_LH, F_M, F_B, F_BS, F_S, F_SS, F_NG, F_J, F_CH, F_K, F_T, F_P, F_H
};

/* The medials the rules look at. */
enum { V_WI = 16, V_I = 20 };

/* What a final sounds like before a consonant or a pause: seven sounds. */
enum coda { C_NONE, C_K, C_N, C_T, C_L, C_M, C_P, C_NG };

/* The sound of each final (index 0..27) before a consonant or a pause. */
extern const unsigned char lk_text__hangul_final_coda[T_COUNT];

/* The Latin letters of each coda sound: "", k, n, t, l, m, p, ng. */
extern const char *const lk_text__hangul_coda_latin[8];

/* One unit of input: a syllable, a lone jamo, a filler to drop, or anything else. */
typedef struct lk_text__hangul_unit {
	enum { U_OTHER, U_SYLLABLE, U_INITIAL, U_MEDIAL, U_FINAL, U_LETTERS, U_FILLER } kind;
	int l, v, t;          /* U_SYLLABLE; U_INITIAL uses l, U_MEDIAL v, U_FINAL t */
	const char *letters;  /* U_LETTERS: an old or clustered letter by the sounds of its parts */
	size_t len;           /* bytes of input consumed (> 0 unless pos == len) */
	bool bad;             /* U_OTHER: an invalid byte (to be written as U+FFFD) */
} lk_text__hangul_unit;

/* Read the unit at s[pos..len) (pos < len); composes conjoining jamo L V [T] and LV + T. */
void lk_text__hangul_next(const char *s, size_t len, size_t pos, lk_text__hangul_unit *u);

/* Append a U_OTHER unit's bytes (U+FFFD for an invalid byte). */
int lk_text__hangul_put_other(lk_buf *out, const char *s, const lk_text__hangul_unit *u);

/*
 * Append a, b and c to out in one write (a syllable's onset, vowel and coda: three short
 * strings for every syllable read), else, if that one write fails, as three lk_buf_puts
 * calls (what they leave in out on an error is what it was before). 0 or an error of out.
 */
int lk_text__hangul_put3(lk_buf *out, const char *a, const char *b, const char *c);

#endif
