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
#include <string.h>

typedef struct part {
	const char *latin;
	const char *key;
	uint8_t len; /* of latin */
} part;

#define P(latin, key) {latin, key, sizeof latin - 1}

/* Longest spellings first within each table. The vowels ㅓ, ㅗ, ㅜ and ㅡ share one class:
 * ㅓ alone is written eo (RR), o (MR, DPRK) and u (ROK passports: Chul, Sung), ㅡ is eu or u.
 * Likewise ㅕ (yeo, yo, yu: Byung) and ㅛ/ㅠ. */
static const part onsets[] = {
	P("tch", "J"), P("kk", "K"), P("gg", "K"), P("kh", "K"), P("tt", "T"), P("th", "T"),
	P("pp", "P"),  P("ph", "P"), P("jj", "J"), P("ch", "J"), P("ss", "S"), P("sh", "S"),
	P("g", "K"),   P("k", "K"),  P("d", "T"),  P("t", "T"),  P("b", "P"),  P("p", "P"),
	P("j", "J"),   P("s", "S"),  P("h", "H"),  P("m", "M"),  P("n", "N"),  P("r", "L"),
	P("l", "L"),   P("", ""),
};

static const part vowels[] = {
	P("yeo", "YO"), P("yae", "YE"), P("wae", "WE"), P("weo", "WO"), P("yeu", "YO"), P("eo", "O"),
	P("eu", "O"),   P("ae", "E"),   P("oe", "WE"),  P("ui", "I"),   P("ya", "YA"),  P("yo", "YO"),
	P("yu", "YO"),  P("ye", "YE"),  P("wa", "WA"),  P("we", "WE"),  P("wo", "WO"),  P("wi", "WI"),
	P("oo", "O"),   P("ee", "I"),   P("a", "A"),    P("e", "E"),    P("i", "I"),    P("o", "O"),
	P("u", "O"),
};

static const part codas[] = {
	P("ng", "NG"), P("n", "N"), P("m", "M"), P("k", "K"), P("g", "K"), P("t", "T"), P("d", "T"),
	P("s", "T"),   P("p", "P"), P("b", "P"), P("l", "L"), P("r", "L"), P("", ""),
};

/* memcmp(a, b, n) == 0 for the few bytes of a spelling, without a call. */
static inline bool same(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/* The letters of onset and coda spellings, and those of vowel spellings. */
static bool consonant(char c)
{
	switch (c) {
	case 'b': case 'c': case 'd': case 'g': case 'h': case 'j': case 'k': case 'l': case 'm':
	case 'n': case 'p': case 'r': case 's': case 't':
		return true;
	default:
		return false;
	}
}

static bool vowel_letter(char c)
{
	switch (c) {
	case 'a': case 'e': case 'i': case 'o': case 'u': case 'w': case 'y':
		return true;
	default:
		return false;
	}
}

/* The entry of table spelt s[0..n), or NULL. */
static const part *find_part(const part *table, size_t count, const char *s, size_t n)
{
	for (size_t i = 0; i < count; i++)
		if (table[i].len == n && same(s, table[i].latin, n))
			return &table[i];
	return NULL;
}

/* Family-name spellings -> "S" + the family name's row number, built once; sorted holds the
 * spellings' indexes in strcmp order, for a binary search (each spelling is there once). */
static struct {
	char spelling[1024][12];
	uint16_t row[1024];
	uint16_t sorted[1024];
	uint16_t shape[26]; /* bit n of shape[l]: a spelling starts with 'a' + l, n bytes long */
	bool unshaped;      /* a spelling starts with another byte: shape says nothing */
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
	for (size_t k = 0; k < surnames.n; k++) {
		const char *sp = surnames.spelling[k];
		if (sp[0] >= 'a' && sp[0] <= 'z')
			surnames.shape[sp[0] - 'a'] |= (uint16_t)(1u << strlen(sp));
		else
			surnames.unshaped = true;
	}
	/* Insertion sort: a few hundred spellings, once. */
	for (size_t k = 0; k < surnames.n; k++) {
		size_t j = k;
		while (j > 0 &&
		       strcmp(surnames.spelling[surnames.sorted[j - 1]], surnames.spelling[k]) > 0) {
			surnames.sorted[j] = surnames.sorted[j - 1];
			j--;
		}
		surnames.sorted[j] = (uint16_t)k;
	}
}

static int surname_row(const char *tok, size_t n)
{
	pthread_once(&surnames_once, load_surnames);
	if (n < 1 || n >= sizeof surnames.spelling[0])
		return -1;
	/* The spelling that equals tok up to its first NUL, if any (as strncmp compares). */
	n = strnlen(tok, n);
	if (!surnames.unshaped &&
	    (tok[0] < 'a' || tok[0] > 'z' || !(surnames.shape[tok[0] - 'a'] >> n & 1)))
		return -1;
	size_t lo = 0, hi = surnames.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *sp = surnames.spelling[surnames.sorted[mid]];
		int c = strncmp(sp, tok, n);
		if (c == 0)
			c = sp[n] != 0; /* sp is longer than tok: it sorts after */
		if (c == 0)
			return surnames.row[surnames.sorted[mid]];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
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
		/* "S" and the row in decimal */
		char digits[8];
		size_t nd = 0, k = 0;
		do
			digits[nd++] = (char)('0' + row % 10);
		while ((row /= 10) > 0 && nd < sizeof digits);
		out[k++] = 'S';
		while (nd > 0)
			out[k++] = digits[--nd];
		out[k] = 0;
		return true;
	}
	if (n == 0 || n > 7)
		return false;
	/*
	 * Onset spellings are consonants, vowel spellings are the letters a e i o u w y, coda
	 * spellings consonants again: a syllable is a run of consonants, a run of vowel letters
	 * and a run of consonants, and those runs are its onset, vowel and coda (every spelling
	 * is in its table once). Anything else cannot be one syllable.
	 */
	size_t ol = 0, ve;
	while (ol < n && consonant(tok[ol]))
		ol++;
	ve = ol;
	while (ve < n && vowel_letter(tok[ve]))
		ve++;
	if (ve == ol || ol > 3 || ve - ol > 3 || n - ve > 2) /* longer than any spelling */
		return false;
	const part *o = find_part(onsets, LK_ARRAY_SIZE(onsets), tok, ol);
	const part *v = find_part(vowels, LK_ARRAY_SIZE(vowels), tok + ol, ve - ol);
	const part *c = find_part(codas, LK_ARRAY_SIZE(codas), tok + ve, n - ve);
	if (!o || !v || !c)
		return false;
	/* onset, vowel and coda keys: five letters at most */
	size_t k = 0;
	for (const char *p = o->key; *p; p++)
		out[k++] = *p;
	for (const char *p = v->key; *p; p++)
		out[k++] = *p;
	for (const char *p = c->key; *p; p++)
		out[k++] = *p;
	out[k] = 0;
	return true;
}
