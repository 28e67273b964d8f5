/*
 * phonetic.c - spellings folded across romanisation systems, consonant skeletons and
 * Jaro-Winkler similarity.
 *
 * The same Russian name is Ushakov in English, Uschakow in German, Ouchakov in French and
 * Uszakow in Polish; the same Korean name is Jeong, Jung, Chong or Jong. Two forms are used:
 *
 * - The canonical spelling rewrites the letter groups that different systems use for one sound
 *   into one group (sch, sz, ch after t -> "sh"/"ch"; w -> v; ou -> u; y, j -> i; eo -> o ...),
 *   so that the English, German, French and Polish spellings of a Russian name, or the RR, MR
 *   and DPRK spellings of a Korean syllable, mostly become identical. Equality there is strong
 *   evidence ("phonetic" in explanations).
 * - The consonant skeleton keeps only consonant classes, which also survives what spelling
 *   cannot: vowels that Arabic script does not write (Bwtyn ~ Putin), Hangul's missing b/v,
 *   p/f and r/l distinctions, voiced/unvoiced pairs across Korean systems. It is coarse, so it
 *   only retrieves candidates; the scorer decides.
 */
#include "text_int.h"

#include <pthread.h>
#include <string.h>

static bool is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* Rewrites applied left to right, longest match first at each position. */
static const struct {
	const char *from, *to;
} canon_rules[] = {
	{"schtsch", "shch"}, {"shtch", "shch"}, {"szcz", "shch"}, {"tsch", "ch"}, {"dzh", "j"},
	{"sch", "sh"},       {"tch", "ch"},     {"ckh", "kh"},    {"sz", "sh"},   {"cz", "ch"},
	{"ck", "k"},         {"ph", "f"},       {"th", "t"},      {"dh", "d"},    {"gh", "g"},
	{"ou", "u"},         {"oo", "u"},       {"ee", "i"},      {"eo", "o"},    {"eu", "u"},
	{"ey", "ei"},      {"ej", "ei"},     {"ij", "i"},    {"iy", "i"},
	{"yy", "i"},         {"dj", "j"},       {"kw", "kv"},     {"ow", "ov"},   {"ew", "ev"},
	{"x", "ks"},         {"q", "k"},        {"w", "v"},       {"y", "i"},     {"j", "i"},
};

#define NRULES LK_ARRAY_SIZE(canon_rules)

/*
 * The rules again, grouped by their first letter (in table order within a group, so that
 * the first rule that matches is the same one), with their lengths: a letter that starts no
 * rule (most of them) is copied without looking at any rule. Built once.
 */
static struct {
	uint8_t first[256], count[256]; /* the group of a byte: rule[first .. first + count) */
	struct {
		const char *from, *to;
		uint8_t fl, tl;
	} rule[NRULES];
} canon_index;
static pthread_once_t canon_once = PTHREAD_ONCE_INIT;

static void canon_index_build(void)
{
	size_t k = 0;
	for (unsigned c = 1; c < 256; c++) {
		canon_index.first[c] = (uint8_t)k;
		for (size_t r = 0; r < NRULES; r++) {
			if ((unsigned char)canon_rules[r].from[0] != c)
				continue;
			canon_index.rule[k].from = canon_rules[r].from;
			canon_index.rule[k].to = canon_rules[r].to;
			canon_index.rule[k].fl = (uint8_t)strlen(canon_rules[r].from);
			canon_index.rule[k].tl = (uint8_t)strlen(canon_rules[r].to);
			k++;
		}
		canon_index.count[c] = (uint8_t)(k - canon_index.first[c]);
	}
}

size_t lk_text__canon(char *out, size_t cap, const char *tok, size_t n)
{
	size_t o = 0;
	if (n > LK_TEXT__MAX_TOKEN)
		n = LK_TEXT__MAX_TOKEN;
	pthread_once(&canon_once, canon_index_build);
	for (size_t i = 0; i < n && o + 1 < cap;) {
		unsigned char c = (unsigned char)tok[i];
		const char *to = NULL;
		size_t used = 1, tl = 1;
		for (size_t r = canon_index.first[c], e = r + canon_index.count[c]; r < e; r++) {
			size_t fl = canon_index.rule[r].fl, k = 1; /* the first letter is c */
			if (fl > n - i)
				continue;
			while (k < fl && tok[i + k] == canon_index.rule[r].from[k])
				k++;
			if (k == fl) {
				to = canon_index.rule[r].to;
				tl = canon_index.rule[r].tl;
				used = fl;
				break;
			}
		}
		/* A "j" that starts a Korean-style syllable (jong, jeong, jae) is a consonant, but
		 * Juri/Yuri is not; both fold to "i" here, and the skeleton keeps the consonant. A NUL
		 * byte ends the rewrite of this position, as it ends a string. */
		const char *w = to ? to : tok + i;
		for (size_t k = 0; k < tl && w[k] && o + 1 < cap; k++) {
			/* Collapse doubled letters (Beloussow, Mohammed/Mohamed). */
			if (o > 0 && out[o - 1] == w[k] && !(w[k] >= '0' && w[k] <= '9'))
				continue;
			out[o++] = w[k];
		}
		i += used;
	}
	out[o] = 0;
	return o;
}

/* Append class c to key unless it repeats the last one. */
static void put_class(char *key, size_t *k, char c)
{
	if (*k > 0 && key[*k - 1] == c)
		return;
	if (*k < 31)
		key[(*k)++] = c;
}

/*
 * One skeleton. alt selects the alternative reading of ambiguous letters: bit 0 reads "j" as
 * a vowel (German/Polish Juri) instead of the affricate (Jong, Jamal); bit 1 reads "ch" as K
 * (German/Polish Chruschtschow) instead of S; bit 2 reads "w" as a vowel (Arabic-script
 * transliterations: bwtyn) instead of B.
 */
static void skeleton(char key[32], const char *t, size_t n, unsigned alt)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		char c = t[i], d = i + 1 < n ? t[i + 1] : 0;
		if (c >= '0' && c <= '9') {
			if (k < 31)
				key[k++] = c;
			continue;
		}
		if (is_vowel(c) || c == 'h') {
			if (i == 0 && c != 'h' && c != 'y')
				put_class(key, &k, 'A');
			continue;
		}
		switch (c) {
		case 'b': case 'p': case 'f': case 'v':
			put_class(key, &k, 'B');
			if (c == 'p' && d == 'h')
				i++;
			break;
		case 'w':
			if (!(alt & 4))
				put_class(key, &k, 'B');
			break;
		case 't': case 'd':
			if ((d == 's' || d == 'z') && i + 2 < n && t[i + 2] == 'c' && i + 3 < n &&
			    t[i + 3] == 'h') {
				put_class(key, &k, 'S'); /* tsch */
				i += 3;
			} else if (d == 's' || d == 'z') {
				put_class(key, &k, 'S'); /* ts, tz, dz */
				i++;
			} else if (c == 'd' && d == 'j') {
				put_class(key, &k, 'S');
				i++;
			} else {
				put_class(key, &k, 'T');
			}
			break;
		case 'c':
			if (d == 'h') {
				put_class(key, &k, (alt & 2) ? 'K' : 'S');
				i++;
			} else if (d == 'z') {
				put_class(key, &k, 'S');
				i++;
			} else if (d == 'e' || d == 'i' || d == 'y') {
				put_class(key, &k, 'S');
			} else {
				put_class(key, &k, 'K');
			}
			break;
		case 'k': case 'g': case 'q':
			put_class(key, &k, 'K');
			break;
		case 'x':
			put_class(key, &k, 'K');
			put_class(key, &k, 'S');
			break;
		case 's': case 'z':
			put_class(key, &k, 'S');
			break;
		case 'j':
			if (!(alt & 1))
				put_class(key, &k, 'S');
			else if (i == 0)
				put_class(key, &k, 'A');
			break;
		case 'l': case 'r':
			put_class(key, &k, 'L');
			break;
		case 'm':
			put_class(key, &k, 'M');
			break;
		case 'n':
			put_class(key, &k, 'N');
			if (d == 'g' && (i + 2 >= n || !is_vowel(t[i + 2])))
				i++; /* ng at a syllable end is one sound (Jong, Jeong) */
			break;
		default:
			break;
		}
	}
	key[k] = 0;
}

size_t lk_text__skeletons(char keys[][32], const char *tok, size_t n)
{
	if (n > LK_TEXT__MAX_TOKEN)
		n = LK_TEXT__MAX_TOKEN;
	unsigned amb = 0;
	if (memchr(tok, 'j', n))
		amb |= 1;
	for (size_t i = 0; i + 1 < n; i++)
		if (tok[i] == 'c' && tok[i + 1] == 'h')
			amb |= 2;
	if (memchr(tok, 'w', n))
		amb |= 4;
	size_t count = 0;
	skeleton(keys[count++], tok, n, 0);
	/* Each ambiguous letter on its own, then all together, within the cap. */
	for (unsigned bit = 1; bit <= 4 && count < LK_TEXT__MAX_SKELETONS; bit <<= 1) {
		if (!(amb & bit))
			continue;
		skeleton(keys[count], tok, n, bit);
		bool dup = false;
		for (size_t j = 0; j < count; j++)
			dup |= strcmp(keys[j], keys[count]) == 0;
		if (!dup)
			count++;
	}
	if (count < LK_TEXT__MAX_SKELETONS && __builtin_popcount(amb) > 1) {
		skeleton(keys[count], tok, n, amb);
		bool dup = false;
		for (size_t j = 0; j < count; j++)
			dup |= strcmp(keys[j], keys[count]) == 0;
		if (!dup)
			count++;
	}
	return count;
}
