/*
 * korean_key.c - one key for the many Latin spellings of a Korean syllable.
 *
 * 정 is Jeong (RR), Chŏng (McCune-Reischauer, typed Chong), Jong (DPRK usage) or Jung/Chung
 * (ROK passports); 은 is Eun or Un. Comparing letters fails on these; comparing syllables
 * after folding what the systems disagree on does not. A token is parsed as onset + vowel +
 * coda from the finite inventory of romanised Korean, and each part is folded:
 * plain/aspirated/tense and voiced/unvoiced onsets to one class (g k kk kh -> K, j ch tch -> J),
 * the vowels the systems spell differently to one (eo o -> O, eu u -> U, ae e -> E),
 * codas to their sound (k g -> K, t d s -> T, l r -> L). Known family-name spellings key to
 * their family name instead (Park, Pak, Bak; Lee, Yi, Ri).
 */
#include "text_int.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

typedef struct part {
	const char *latin;
	const char *key;
} part;

/* Longest spellings first within each table. The vowels ㅓ, ㅗ, ㅜ and ㅡ share one class:
 * ㅓ alone is written eo (RR), o (MR, DPRK) and u (ROK passports: Chul, Sung), ㅡ is eu or u.
 * Likewise ㅕ (yeo, yo, yu: Byung) and ㅛ/ㅠ. */
static const part onsets[] = {
	{"tch", "J"}, {"kk", "K"}, {"gg", "K"}, {"kh", "K"}, {"tt", "T"}, {"th", "T"},
	{"pp", "P"},  {"ph", "P"}, {"jj", "J"}, {"ch", "J"}, {"ss", "S"}, {"sh", "S"},
	{"g", "K"},   {"k", "K"},  {"d", "T"},  {"t", "T"},  {"b", "P"},  {"p", "P"},
	{"j", "J"},   {"s", "S"},  {"h", "H"},  {"m", "M"},  {"n", "N"},  {"r", "L"},
	{"l", "L"},   {"", ""},
};

static const part vowels[] = {
	{"yeo", "YO"}, {"yae", "YE"}, {"wae", "WE"}, {"weo", "WO"}, {"yeu", "YO"}, {"eo", "O"},
	{"eu", "O"},   {"ae", "E"},   {"oe", "WE"},  {"ui", "I"},   {"ya", "YA"},  {"yo", "YO"},
	{"yu", "YO"},  {"ye", "YE"},  {"wa", "WA"},  {"we", "WE"},  {"wo", "WO"},  {"wi", "WI"},
	{"oo", "O"},   {"ee", "I"},   {"a", "A"},    {"e", "E"},    {"i", "I"},    {"o", "O"},
	{"u", "O"},
};

static const part codas[] = {
	{"ng", "NG"}, {"n", "N"}, {"m", "M"}, {"k", "K"}, {"g", "K"}, {"t", "T"}, {"d", "T"},
	{"s", "T"},   {"p", "P"}, {"b", "P"}, {"l", "L"}, {"r", "L"}, {"", ""},
};

static size_t match_part(const part *table, size_t n, const char *s, size_t len, const char **key)
{
	for (size_t i = 0; i < n; i++) {
		size_t pl = strlen(table[i].latin);
		if (pl <= len && memcmp(s, table[i].latin, pl) == 0) {
			*key = table[i].key;
			return pl + 1; /* +1 so that the empty spelling reads as a match */
		}
	}
	return 0;
}

/* Family-name spellings -> "S" + the family name's row number, built once. */
static struct {
	char spelling[1024][12];
	uint16_t row[1024];
	size_t n;
} surnames;
static pthread_once_t surnames_once = PTHREAD_ONCE_INIT;

static void load_surnames(void)
{
	/* Walk every precomposed syllable; the surname table answers for the ones it knows. */
	uint16_t row = 0;
	for (uint32_t cp = 0xAC00; cp <= 0xD7A3; cp++) {
		char utf8[4] = {(char)(0xE0 | (cp >> 12)), (char)(0x80 | ((cp >> 6) & 0x3F)),
		                (char)(0x80 | (cp & 0x3F)), 0};
		const char *const *v = lk_text__korean_surname_variants(utf8);
		if (!v)
			continue;
		row++;
		for (; *v; v++) {
			size_t len = strlen(*v);
			if (len >= sizeof surnames.spelling[0])
				continue;
			bool seen = false;
			for (size_t k = 0; k < surnames.n && !seen; k++)
				seen = strcmp(surnames.spelling[k], *v) == 0;
			if (seen || surnames.n >= LK_ARRAY_SIZE(surnames.row))
				continue; /* the first row that lists a spelling keeps it (이 before 리) */
			memcpy(surnames.spelling[surnames.n], *v, len + 1);
			surnames.row[surnames.n++] = row;
		}
	}
}

static int surname_row(const char *tok, size_t n)
{
	pthread_once(&surnames_once, load_surnames);
	if (n < 1 || n >= sizeof surnames.spelling[0])
		return -1;
	for (size_t k = 0; k < surnames.n; k++)
		if (strncmp(surnames.spelling[k], tok, n) == 0 && surnames.spelling[k][n] == 0)
			return surnames.row[k];
	return -1;
}

bool lk_text__is_korean_surname(const char *tok, size_t n)
{
	/* "i", "o": too short to tell a family name (they key to one all the same, so that 이
	 * read as "i" meets Lee) */
	return n >= 2 && surname_row(tok, n) >= 0;
}

bool lk_text__korean_key(char out[16], const char *tok, size_t n)
{
	int row = surname_row(tok, n);
	if (row >= 0) {
		snprintf(out, 16, "S%d", row);
		return true;
	}
	if (n == 0 || n > 7)
		return false;
	/* Try each onset, then each vowel, and require a coda that ends the token exactly. */
	for (size_t o = 0; o < LK_ARRAY_SIZE(onsets); o++) {
		size_t ol = strlen(onsets[o].latin);
		if (ol > n || memcmp(tok, onsets[o].latin, ol) != 0)
			continue;
		for (size_t v = 0; v < LK_ARRAY_SIZE(vowels); v++) {
			size_t vl = strlen(vowels[v].latin);
			if (ol + vl > n || memcmp(tok + ol, vowels[v].latin, vl) != 0)
				continue;
			const char *ck;
			size_t rest = n - ol - vl;
			for (size_t c = 0; c < LK_ARRAY_SIZE(codas); c++)
				if (strlen(codas[c].latin) == rest &&
				    match_part(&codas[c], 1, tok + ol + vl, rest, &ck)) {
					snprintf(out, 16, "%s%s%s", onsets[o].key, vowels[v].key, ck);
					return true;
				}
		}
	}
	return false;
}
