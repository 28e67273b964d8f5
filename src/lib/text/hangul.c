/*
 * hangul.c - romanisation of Korean: Revised Romanization (RR, 2000), McCune-Reischauer (MR)
 * as typed without diacritics, and the DPRK's usage in Latin script for names.
 *
 * A precomposed syllable U+AC00..U+D7A3 is (initial * 21 + medial) * 28 + final above U+AC00
 * (the Unicode standard, chapter 3.12), so no table of 11,172 syllables is needed;
 * hangul_jamo.c reads the input unit by unit, composing conjoining jamo back into syllables.
 * A jamo standing alone (ㄱ, ㅏ, initials in anonymised names) is romanised by itself.
 *
 * Words (runs of syllables) are romanised with the sound changes RR and MR write at syllable
 * boundaries: liaison of a final before a silent ㅇ (한국어 -> hangugeo), palatalisation
 * (같이 -> gachi), nasalisation (백마 -> baengma, 종로 -> jongno), ㄹ after ㄴ/ㄹ (신라 -> silla),
 * aspiration of ㄱ/ㄷ/ㅈ after ㅎ (좋고 -> joko). ㄱ/ㄷ/ㅂ before ㅎ keep their h, as RR writes
 * nouns (북한 -> bukhan, 집현전 -> jiphyeonjeon) and MR always does (Pukhan): Lookout
 * romanises names, not verbs (RR would write the verb 잡혀 as japyeo). Tensing is not written
 * (RR never writes it; in MR it only shows as an unvoiced k/t/p/ch, which falls out of the
 * voicing rule). Personal names are written syllable by syllable instead, with no sound
 * change (lk_text__hangul_syllables): Kim Jong Un, not Gimjeongeun.
 */
#include "text/hangul_int.h"

#include <assert.h>
#include <string.h>

static int coda_of(int t)
{
	return lk_text__hangul_final_coda[t];
}

/*
 * Liaison before a silent ㅇ: what stays behind and which initial moves over (I_O: none).
 * The second consonant of a cluster moves (읽어 -> 일거, 없어 -> 업서); ㅎ is silent (좋아 -> 조아).
 */
static const struct {
	unsigned char stay;
	unsigned char move;
} liaison[T_COUNT] = {
	{C_NONE, I_O},  {C_NONE, I_G},  {C_NONE, I_GG}, {C_K, I_S},     {C_NONE, I_N},
	{C_N, I_J},     {C_NONE, I_N},  {C_NONE, I_D},  {C_NONE, I_R},  {C_L, I_G},
	{C_L, I_M},     {C_L, I_B},     {C_L, I_S},     {C_L, I_T},     {C_L, I_P},
	{C_NONE, I_R},  {C_NONE, I_M},  {C_NONE, I_B},  {C_P, I_S},     {C_NONE, I_S},
	{C_NONE, I_SS}, {C_NG, I_O},    {C_NONE, I_J},  {C_NONE, I_CH}, {C_NONE, I_K},
	{C_NONE, I_T},  {C_NONE, I_P},  {C_NONE, I_O}
};

static const char *const rr_initial[L_COUNT] = {
	"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch",
	"k", "t", "p", "h"
};

/* DPRK usage: ㅈ is j, aspirates carry an h, no voicing alternation. */
static const char *const dprk_initial[L_COUNT] = {
	"k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj", "ch",
	"kh", "th", "ph", "h"
};

/* MR initials where no voicing or sh rule applies (apostrophes of k', t', p', ch' dropped). */
static const char *const mr_initial[L_COUNT] = {
	"k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch",
	"k", "t", "p", "h"
};

static const char *const rr_medial[V_COUNT] = {
	"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u",
	"wo", "we", "wi", "yu", "eu", "ui", "i"
};

/* MR without breves: ŏ -> o, ŭ -> u. The DPRK writes the same. */
static const char *const mr_medial[V_COUNT] = {
	"a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u",
	"wo", "we", "wi", "yu", "u", "ui", "i"
};

/*
 * The initial of a syllable in a system. word_start: nothing Korean precedes it in the word;
 * prev: the sound of the previous syllable's final after the boundary rules.
 */
static const char *initial_latin(int system, int l, int v, bool word_start, int prev)
{
	bool after_l = !word_start && prev == C_L;

	if (l == I_R)
		return after_l ? "l" : "r";
	switch (system) {
	case LK_TEXT__HANGUL_RR:
		return rr_initial[l];
	case LK_TEXT__HANGUL_DPRK:
		return dprk_initial[l];
	default:
		break;
	}
	/* MR: ㄱ ㄷ ㅂ ㅈ are voiced between voiced sounds; ㅅ is sh before i and wi. */
	bool voiced = !word_start && (prev == C_NONE || prev == C_N || prev == C_L ||
				      prev == C_M || prev == C_NG);
	switch (l) {
	case I_G:
		return voiced ? "g" : "k";
	case I_D:
		return voiced ? "d" : "t";
	case I_B:
		return voiced ? "b" : "p";
	case I_J:
		return voiced ? "j" : "ch";
	case I_S:
		return v == V_I || v == V_WI ? "sh" : "s";
	default:
		return mr_initial[l];
	}
}

static const char *medial_latin(int system, int v)
{
	return system == LK_TEXT__HANGUL_RR ? rr_medial[v] : mr_medial[v];
}

int lk_text__hangul_put3(lk_buf *out, const char *a, const char *b, const char *c)
{
	char buf[64];
	size_t na = strlen(a), nb = strlen(b), nc = strlen(c);
	if (na + nb + nc <= sizeof buf) {
		memcpy(buf, a, na);
		memcpy(buf + na, b, nb);
		memcpy(buf + na + nb, c, nc);
		if (lk_buf_put(out, buf, na + nb + nc) == 0)
			return 0;
	}
	int rc = lk_buf_puts(out, a);
	if (!rc)
		rc = lk_buf_puts(out, b);
	if (!rc)
		rc = lk_buf_puts(out, c);
	return rc;
}

static int put_syllable(lk_buf *out, int system, int l, int v, int coda, bool word_start,
			int prev)
{
	return lk_text__hangul_put3(out, initial_latin(system, l, v, word_start, prev),
	                            medial_latin(system, v), lk_text__hangul_coda_latin[coda]);
}

/* A jamo standing alone, as it would sound at the start of a word (or as a final). */
static int put_lone_jamo(lk_buf *out, int system, const lk_text__hangul_unit *u)
{
	switch (u->kind) {
	case U_INITIAL:
		if (u->l == I_O)
			return lk_buf_puts(out, "ng");
		return lk_buf_puts(out, initial_latin(system, u->l, 0, true, C_NONE));
	case U_MEDIAL:
		return lk_buf_puts(out, medial_latin(system, u->v));
	case U_FINAL:
		return lk_buf_puts(out, lk_text__hangul_coda_latin[coda_of(u->t)]);
	case U_LETTERS:
		return lk_buf_puts(out, u->letters);
	default:
		return 0;
	}
}

/*
 * The sound changes at the boundary between a final t and the next syllable's initial *l
 * (medial v). Sets *coda to how the final is written and may change *l.
 */
static void boundary(int t, int *l, int v, int *coda)
{
	int c = coda_of(t);

	if (t == F_NONE) {
		*coda = C_NONE;
		return;
	}
	if (*l == I_O) {
		/* Liaison: the final is pronounced as the next syllable's initial. */
		*coda = liaison[t].stay;
		*l = liaison[t].move;
		if (v == V_I && *l == I_D)
			*l = I_J; /* 굳이 -> 구지 */
		else if (v == V_I && *l == I_T)
			*l = I_CH; /* 같이 -> 가치 */
		return;
	}
	if (t == F_H || t == F_NH || t == F_LH) {
		/* ㅎ aspirates a following ㄱ ㄷ ㅈ and makes ㅅ tense; it is silent before ㄴ. */
		int rest = t == F_NH ? C_N : t == F_LH ? C_L : C_NONE;

		switch (*l) {
		case I_G:
			*l = I_K;
			*coda = rest;
			return;
		case I_D:
			*l = I_T;
			*coda = rest;
			return;
		case I_J:
			*l = I_CH;
			*coda = rest;
			return;
		case I_S:
			*l = I_SS;
			*coda = rest;
			return;
		case I_H:
			*coda = rest;
			return;
		case I_N:
			c = t == F_H ? C_N : rest; /* 놓는 -> 논는, 않는 -> 안는, 끓는 -> 끌른 */
			break;
		default:
			c = t == F_H ? C_T : rest;
			break;
		}
	}
	if (*l == I_R) {
		if (c == C_N || c == C_L) {
			*coda = C_L; /* 신라 -> 실라, 빨래 */
			return;
		}
		*l = I_N; /* 종로 -> 종노, 백리 -> 백니 -> 뱅니 */
	}
	if (*l == I_N || *l == I_M) {
		if (c == C_K)
			c = C_NG;
		else if (c == C_T)
			c = C_N;
		else if (c == C_P)
			c = C_M;
		else if (c == C_L && *l == I_N)
			*l = I_R; /* 설날 -> 설랄: written l after the l final */
	}
	*coda = c;
}

/* Romanise s word by word with the sound changes of RR (system 0) or MR (1). */
static int romanise_words(lk_buf *out, const char *s, size_t len, int system)
{
	size_t pos = 0;
	int rc = 0;
	/* The syllable waiting for its right neighbour, and its context. */
	bool have = false, word_start = true;
	int cur_l = 0, cur_v = 0, cur_t = 0, prev = C_NONE;
	lk_text__hangul_unit u;

	while (pos < len || have) {
		if (pos < len) {
			lk_text__hangul_next(s, len, pos, &u);
		} else {
			memset(&u, 0, sizeof(u));
			u.kind = U_OTHER;
		}
		if (u.kind == U_SYLLABLE) {
			int l = u.l, coda = C_NONE;

			if (have) {
				boundary(cur_t, &l, u.v, &coda);
				rc = put_syllable(out, system, cur_l, cur_v, coda, word_start,
						  prev);
				if (rc)
					goto done;
				word_start = false;
				prev = coda;
			}
			have = true;
			cur_l = l;
			cur_v = u.v;
			cur_t = u.t;
			pos += u.len;
			continue;
		}
		if (u.kind == U_FILLER) {
			pos += u.len;
			continue;
		}
		/* Anything else ends the word. */
		if (have) {
			rc = put_syllable(out, system, cur_l, cur_v, coda_of(cur_t),
					  word_start, prev);
			if (rc)
				goto done;
			have = false;
		}
		word_start = true;
		prev = C_NONE;
		if (pos >= len)
			break;
		if (u.kind == U_OTHER)
			rc = lk_text__hangul_put_other(out, s + pos, &u);
		else
			rc = put_lone_jamo(out, system, &u);
		if (rc)
			goto done;
		pos += u.len;
	}
done:
	return rc;
}

int lk_text_hangul_rr(lk_buf *out, const char *s, size_t len)
{
	assert(out && (s || len == 0));
	return romanise_words(out, s, len, LK_TEXT__HANGUL_RR);
}

int lk_text_hangul_mr(lk_buf *out, const char *s, size_t len)
{
	assert(out && (s || len == 0));
	return romanise_words(out, s, len, LK_TEXT__HANGUL_MR);
}

int lk_text__hangul_syllables(lk_buf *out, const char *s, size_t len, int system)
{
	size_t pos = 0;
	bool last_korean = false;
	int rc = 0;
	lk_text__hangul_unit u;

	assert(out && (s || len == 0));
	assert(system >= 0 && system < LK_TEXT__HANGUL__COUNT);
	while (pos < len) {
		lk_text__hangul_next(s, len, pos, &u);
		if (u.kind == U_FILLER) {
			pos += u.len;
			continue;
		}
		if (u.kind == U_OTHER) {
			rc = lk_text__hangul_put_other(out, s + pos, &u);
			last_korean = false;
		} else {
			if (last_korean)
				rc = lk_buf_putc(out, ' ');
			if (!rc && u.kind == U_SYLLABLE)
				rc = put_syllable(out, system, u.l, u.v,
						  coda_of(u.t), true, C_NONE);
			else if (!rc)
				rc = put_lone_jamo(out, system, &u);
			last_korean = true;
		}
		if (rc)
			goto done;
		pos += u.len;
	}
done:
	return rc;
}
