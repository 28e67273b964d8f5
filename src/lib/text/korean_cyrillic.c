/*
 * korean_cyrillic.c - Korean names written in Cyrillic, read as Korean syllables.
 *
 * Russian writes Korean names syllable by syllable, in the Kontsevich system (김정은 -> Ким
 * Чжон Ын) or in the older press usage that is still the most common (Ким Чен Ын, Ким Ир Сен,
 * Ким Ен Нам). ICU's Cyrillic transliteration turns these into "kim cen yn", which meets
 * nothing. Read as Korean they are one syllable per word, from a small inventory:
 *
 *   onset  к г кк кх | т д тт тх | п б пп пх | ч чж дж ж чч | чх ц | с сс ш | х | м | н | р л
 *   vowel  а я о ё у ю ы и э е, ый (ㅢ), ой (ㅚ: Цой), в + vowel (ㅘ ㅝ ㅚ ㅟ: Кван, Вон)
 *   coda   н нг м к г т д п б р л ль
 *
 * The spelling loses three distinctions that Latin romanisations keep: a final н is ㄴ or ㅇ
 * (Чон is 정 or 전), е is ㅓ, ㅕ or ㅔ (Чен is 정, Пхеньян's пхе is 평, Ен is 영) and ч is ㅈ
 * or ㅊ. So a syllable gets a set of Korean syllable keys (lk_text__korean_key of each Latin
 * spelling it may stand for, '|'-separated) and one Latin spelling in DPRK usage, the
 * likeliest: ч -> j, е -> o after ч ж ц ш с and yo elsewhere, н -> ng after о ё е and n
 * elsewhere (Ким Чен Ын -> "kim jong un", Ким Ир Сен -> "kim il song", Чхве Рён Хэ ->
 * "chwe ryong hae").
 *
 * A word only reads this way if all of it is one such syllable (with a Russian case ending
 * after a final consonant: Ына, Ыном); whether the name is Korean at all (a Korean family
 * name among its parts) is the matcher's decision, as for Latin.
 */
#include "text_int.h"
#include "lookout/error.h"
#include "lookout/utf8.h"

#include <stdio.h>
#include <string.h>

typedef struct cpart {
	const char *cyr;   /* lower-case UTF-8 */
	const char *latin; /* DPRK usage; "" for none */
} cpart;

/* Longest first, so that чж is not read as ч + a vowel ж. */
static const cpart onsets[] = {
	{"чч", "jj"}, {"кк", "kk"}, {"тт", "tt"}, {"пп", "pp"}, {"сс", "ss"}, {"чж", "j"},
	{"дж", "j"},  {"чх", "ch"}, {"кх", "kh"}, {"тх", "th"}, {"пх", "ph"}, {"ч", "j"},
	{"ц", "ch"},  {"ж", "j"},   {"к", "k"},   {"г", "k"},   {"т", "t"},   {"д", "t"},
	{"п", "p"},   {"б", "p"},   {"с", "s"},   {"ш", "s"},   {"х", "h"},   {"м", "m"},
	{"н", "n"},   {"р", "r"},   {"л", "r"},   {"", ""},
};

/* "е" is resolved by context (NULL here). */
static const cpart vowels[] = {
	{"ый", "ui"}, {"ой", "oe"}, {"вэ", "wae"}, {"ве", "we"}, {"ва", "wa"}, {"во", "wo"},
	{"ви", "wi"}, {"а", "a"},   {"я", "ya"},   {"о", "o"},   {"ё", "yo"},  {"у", "u"},
	{"ю", "yu"},  {"ы", "u"},   {"и", "i"},    {"э", "ae"},  {"е", NULL},
};

/* "н" is resolved by context (NULL here). */
static const cpart codas[] = {
	{"нг", "ng"}, {"ль", "l"}, {"н", NULL}, {"м", "m"}, {"к", "k"}, {"г", "k"}, {"т", "t"},
	{"д", "t"},   {"п", "p"},  {"б", "p"},  {"л", "l"}, {"р", "l"}, {"", ""},
};

/* One syllable as parsed: indexes into the tables. */
typedef struct syllable {
	size_t onset, vowel, coda;
} syllable;

static bool starts(const char *s, size_t n, const char *p, size_t *pl)
{
	*pl = strlen(p);
	return *pl <= n && memcmp(s, p, *pl) == 0;
}

/* Parse lower-case UTF-8 w[0..n) as one syllable. */
static bool parse(const char *w, size_t n, syllable *out)
{
	if (n > 12)
		return false; /* longer than any onset, vowel and coda (two letters each) */
	for (size_t o = 0; o < LK_ARRAY_SIZE(onsets); o++) {
		size_t ol, vl, cl;
		if (!starts(w, n, onsets[o].cyr, &ol))
			continue;
		for (size_t v = 0; v < LK_ARRAY_SIZE(vowels); v++) {
			if (!starts(w + ol, n - ol, vowels[v].cyr, &vl))
				continue;
			for (size_t c = 0; c < LK_ARRAY_SIZE(codas); c++)
				if (starts(w + ol + vl, n - ol - vl, codas[c].cyr, &cl) && ol + vl + cl == n) {
					*out = (syllable){o, v, c};
					return true;
				}
		}
	}
	return false;
}

/*
 * Parse a word as one syllable, or as one syllable with a Russian case ending: Russian
 * declines the last syllable of a Korean name when it ends in a consonant (встреча с Ким Чен
 * Ыном, визит Ким Чен Ына).
 */
static bool parse_word(const char *w, size_t n, syllable *out)
{
	static const char *const endings[] = {"ом", "ым", "ем", "а", "у", "е"};
	if (n > 16)
		return false; /* a syllable (12 bytes at most) and an ending (4) */
	if (parse(w, n, out))
		return true;
	for (size_t i = 0; i < LK_ARRAY_SIZE(endings); i++) {
		size_t el = strlen(endings[i]);
		if (n > el && memcmp(w + n - el, endings[i], el) == 0 && parse(w, n - el, out) &&
		    *codas[out->coda].cyr)
			return true;
	}
	return false;
}

/* Is the onset one after which Russian writes ㅓ as е (Чен, Сен)? */
static bool palatal_onset(size_t o)
{
	const char *c = onsets[o].cyr;
	return strcmp(c, "ч") == 0 || strcmp(c, "чж") == 0 || strcmp(c, "дж") == 0 ||
	       strcmp(c, "ж") == 0 || strcmp(c, "ц") == 0 || strcmp(c, "ш") == 0 ||
	       strcmp(c, "с") == 0 || strcmp(c, "сс") == 0 || strcmp(c, "чч") == 0;
}

/* The Latin vowels "е" may stand for, likeliest first. */
static size_t e_readings(const syllable *s, const char *out[4])
{
	if (!*onsets[s->onset].cyr) {
		out[0] = "yo", out[1] = "ye", out[2] = "e";
		return 3;
	}
	if (palatal_onset(s->onset)) {
		out[0] = "o", out[1] = "e", out[2] = "yo";
		return 3;
	}
	out[0] = "yo", out[1] = "e", out[2] = "o";
	return 3;
}

/* The Latin codas "н" may stand for, likeliest first (ㅇ after ㅓ ㅗ ㅕ ㅛ, else ㄴ). */
static size_t n_readings(const char *vowel_latin, const char *out[2])
{
	size_t vl = strlen(vowel_latin);
	bool o = vl > 0 && vowel_latin[vl - 1] == 'o' && strcmp(vowel_latin, "wo") != 0;
	out[0] = o ? "ng" : "n";
	out[1] = o ? "n" : "ng";
	return 2;
}

/* Lower-case a Cyrillic word into buf (UTF-8); false if it holds anything but Cyrillic. */
static bool lower_word(const char *s, size_t n, char *buf, size_t cap, size_t *len)
{
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += lk_utf8_decode(s + i, n - i, &cp);
		if (cp >= 0x0410 && cp <= 0x042F)
			cp += 0x20;
		else if (cp >= 0x0400 && cp <= 0x040F)
			cp += 0x50;
		if (cp < 0x0430 || cp > 0x045F || k + 2 >= cap)
			return false;
		buf[k++] = (char)(0xC0 | (cp >> 6));
		buf[k++] = (char)(0x80 | (cp & 0x3F));
	}
	*len = k;
	return true;
}

bool lk_text__cyrillic_korean_syllable(const char *s, size_t n)
{
	char w[32];
	size_t wl;
	syllable sy;
	return n > 0 && lower_word(s, n, w, sizeof w, &wl) && parse_word(w, wl, &sy);
}

bool lk_text__cyrillic_korean_only(const char *s, size_t n)
{
	char w[32];
	size_t wl;
	syllable sy;
	if (n == 0 || !lower_word(s, n, w, sizeof w, &wl) || !parse_word(w, wl, &sy))
		return false;
	/* Russian words never start with ы, nor have these pairs at the start of a syllable. */
	static const char *const marks[] = {"чж", "кх", "тх", "пх", "чх"};
	if (memcmp(w, "ы", 2) == 0)
		return true;
	for (size_t i = 0; i < LK_ARRAY_SIZE(marks); i++)
		if (strcmp(onsets[sy.onset].cyr, marks[i]) == 0)
			return true;
	return false;
}

/* Write the Latin spelling for vowel reading vi and coda reading ci of a syllable. */
static void spell(const syllable *sy, size_t vi, size_t ci, char *out, size_t cap)
{
	const char *ev[4], *nv[2];
	const char *v = vowels[sy->vowel].latin;
	if (!v) {
		e_readings(sy, ev);
		v = ev[vi];
	}
	const char *c = codas[sy->coda].latin;
	if (!c) {
		n_readings(v, nv);
		c = nv[ci];
	}
	snprintf(out, cap, "%s%s%s", onsets[sy->onset].latin, v, c);
}

int lk_text__cyrillic_korean(lk_buf *out, const char *s, size_t n)
{
	char w[32], latin[16];
	size_t wl;
	syllable sy;
	if (!lower_word(s, n, w, sizeof w, &wl) || !parse_word(w, wl, &sy))
		return LK_EINVALID;
	spell(&sy, 0, 0, latin, sizeof latin);
	return lk_buf_puts(out, latin);
}

bool lk_text__cyrillic_korean_keys(char out[LK_TEXT__KOR_KEY], char latin[16], const char *s,
                                   size_t n)
{
	char w[32];
	size_t wl;
	syllable sy;
	out[0] = 0;
	if (!lower_word(s, n, w, sizeof w, &wl) || !parse_word(w, wl, &sy))
		return false;
	size_t nv = vowels[sy.vowel].latin ? 1 : 3, nc = codas[sy.coda].latin ? 1 : 2, o = 0;
	spell(&sy, 0, 0, latin, 16);
	for (size_t vi = 0; vi < nv; vi++)
		for (size_t ci = 0; ci < nc; ci++) {
			char sp[16], key[16];
			spell(&sy, vi, ci, sp, sizeof sp);
			if (!lk_text__korean_key(key, sp, strlen(sp)))
				continue;
			/* the same key from another spelling adds nothing */
			bool dup = false;
			for (const char *p = out; *p && !dup;) {
				size_t kl = strcspn(p, "|");
				dup = kl == strlen(key) && memcmp(p, key, kl) == 0;
				p += kl + (p[kl] == '|');
			}
			size_t kl = strlen(key);
			if (dup || o + kl + 2 > LK_TEXT__KOR_KEY)
				continue;
			if (o)
				out[o++] = '|';
			memcpy(out + o, key, kl + 1);
			o += kl;
		}
	return o > 0;
}

bool lk_text__korean_keys_meet(const char *a, const char *b)
{
	if (strcmp(a, b) == 0)
		return true;
	if (!strchr(a, '|') && !strchr(b, '|'))
		return false;
	for (const char *p = a; *p;) {
		size_t pl = strcspn(p, "|");
		for (const char *q = b; *q;) {
			size_t ql = strcspn(q, "|");
			if (pl == ql && memcmp(p, q, pl) == 0)
				return true;
			q += ql + (q[ql] == '|');
		}
		p += pl + (p[pl] == '|');
	}
	return false;
}
