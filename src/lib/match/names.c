/*
 * names.c - a name into tokens with roles and weights.
 *
 * Name parts do not count alike. A family name identifies more than a given name; a
 * patronymic is often missing from a query; "al", "bin", "van" and "de" are glue; legal forms
 * (LLC, OOO, JSC, GmbH, 주식회사) and generic words (trading, international, group) say almost
 * nothing about which company is meant. Roles come from the name's shape ("LAST, First" as
 * OFAC and the UK write persons), from the entity's lastName values, and from word lists
 * below; the scorer weighs parts by role and by rarity in the lists.
 */
#include "match_int.h"
#include "lookout/utf8.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static const float role_weights[ROLE__COUNT] = {
	[ROLE_NAME] = 1.0f,   [ROLE_FAMILY] = 1.2f,  [ROLE_GIVEN] = 0.9f,  [ROLE_PATRONYMIC] = 0.45f,
	[ROLE_PARTICLE] = 0.2f, [ROLE_TITLE] = 0.05f, [ROLE_INITIAL] = 0.35f, [ROLE_LEGAL] = 0.1f,
	[ROLE_GENERIC] = 0.3f, [ROLE_NUMBER] = 1.0f,  [ROLE_WORD] = 1.0f,
};

static const char *const role_names[ROLE__COUNT] = {
	[ROLE_NAME] = "name",         [ROLE_FAMILY] = "family",   [ROLE_GIVEN] = "given",
	[ROLE_PATRONYMIC] = "patronymic", [ROLE_PARTICLE] = "particle", [ROLE_TITLE] = "title",
	[ROLE_INITIAL] = "initial",   [ROLE_LEGAL] = "legal form", [ROLE_GENERIC] = "generic",
	[ROLE_NUMBER] = "number",     [ROLE_WORD] = "word",
};

float lk_match__role_weight(uint8_t r)
{
	return r < ROLE__COUNT ? role_weights[r] : 1.0f;
}

const char *lk_match__role_name(uint8_t r)
{
	return r < ROLE__COUNT ? role_names[r] : "name";
}

name_kind lk_match__kind(lk_schema s)
{
	switch (s) {
	case LK_SCHEMA_PERSON: return KIND_PERSON;
	case LK_SCHEMA_ORGANIZATION:
	case LK_SCHEMA_COMPANY:
	case LK_SCHEMA_PUBLIC_BODY: return KIND_ORG;
	case LK_SCHEMA_VESSEL:
	case LK_SCHEMA_AIRPLANE: return KIND_VESSEL;
	default: return KIND_ANY;
	}
}

/* Sorted word lists (binary search). Spellings are as lk_text_latinize writes them, including
 * ICU's renderings of Cyrillic (ООО -> ooo, общество -> obsestvo). */
static const char *const legal_forms[] = {
	"ab", "ad", "ag", "akcionernoe", "aktsionernoe", "ao", "aps", "as", "asa", "bhd", "bv", "cia",
	"cjsc", "closed", "co", "company", "corp", "corporation", "cv", "dat", "dd", "doo", "ead",
	"eirl", "fzc", "fzco", "fze", "fzllc", "gk", "gmbh", "hoesa", "inc", "incorporated", "joint",
	"jsc", "jusik", "jusikhoesa", "kabushiki", "kaisha", "kft", "kg", "kk", "liability",
	"limited", "llc", "llp", "lp", "ltd", "ltda", "mbh", "nv", "oao", "obschestvo", "obsestvo",
	"obshchestvo", "ogranicennoj", "ogranichennoi", "ogranichennoy", "ojsc", "ooo", "open",
	"otkrytoe", "otvetstvennostiu", "otvetstvennostu", "otvetstvennostyu", "oy", "oyj", "pao",
	"pat", "pjsc", "plc", "private", "pte", "pty", "public", "publichnoe", "publicnoe", "pvt",
	"sa", "sac", "sae", "sal", "sarl", "sas", "sdn", "sl", "sp", "spa", "spol", "srl", "sro",
	"sti", "stock", "tov", "vat", "yugen", "yuhan", "yuhanhoesa", "zakrytoe", "zao", "zat", "zoo",
	"zrt",
};

static const char *const generic_words[] = {
	"agency",      "association", "bank",        "center",      "centre",      "commercial",
	"consulting",  "development", "enterprise",  "enterprises", "establishment", "export",
	"exports",     "foundation",  "general",     "global",      "group",       "grp",
	"holding",     "holdings",    "import",      "imports",     "industrial",  "industries",
	"industry",    "institute",   "international", "intl",      "investment",  "investments",
	"logistics",   "management",  "manufacturing", "national",  "office",      "organisation",
	"organization", "partners",   "service",     "services",    "shipping",    "solutions",
	"systems",     "tech",        "technologies", "technology", "trade",       "trading",
	"world",       "worldwide",
};

static const char *const person_particles[] = {
	"a",   "ad",  "al",  "ben", "bin", "bint", "da",  "das", "de",  "del", "della", "den",
	"der", "di",  "dos", "du",  "el",  "ibn", "la",  "le",  "st",  "ten", "ter",   "ul",
	"van", "von", "y",   "zu",
};

static const char *const org_particles[] = {
	"a", "an", "and", "at", "de", "del", "der", "des", "di", "du", "for", "in", "la", "le",
	"of", "on", "the", "und", "y",
};

static const char *const titles[] = {
	"admiral", "alhaj",  "capt",   "captain", "col",     "colonel", "dr",      "eng",
	"engineer", "gen",   "general", "hafiz",  "haj",     "haji",    "hajji",   "ii",
	"iii",     "imam",   "jr",     "lieutenant", "lt",   "maj",     "major",   "maulavi",
	"maulvi",  "mawlawi", "miss",  "mr",      "mrs",     "ms",      "mulla",   "mullah",
	"president", "prof", "qari",   "shaikh",  "sheik",   "sheikh",  "sir",     "sr",
};

static const char *const vessel_prefixes[] = {"m", "mt", "mv", "ss", "v"};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Which (first letter, length) pairs a word list has: shapes[l] has bit n set if some word of
 * the list starts with 'a' + l and is n bytes long (n < 64). A word whose pair is not there
 * cannot be in the list, and most words are not: they skip the binary search. Built once.
 */
typedef uint64_t list_shapes[26];

enum { L_LEGAL, L_GENERIC, L_PERSON_PARTICLES, L_ORG_PARTICLES, L_TITLES, L_VESSEL, L__COUNT };

static struct {
	const char *const *words;
	size_t n;
} const lists[L__COUNT] = {
	[L_LEGAL] = {legal_forms, LK_ARRAY_SIZE(legal_forms)},
	[L_GENERIC] = {generic_words, LK_ARRAY_SIZE(generic_words)},
	[L_PERSON_PARTICLES] = {person_particles, LK_ARRAY_SIZE(person_particles)},
	[L_ORG_PARTICLES] = {org_particles, LK_ARRAY_SIZE(org_particles)},
	[L_TITLES] = {titles, LK_ARRAY_SIZE(titles)},
	[L_VESSEL] = {vessel_prefixes, LK_ARRAY_SIZE(vessel_prefixes)},
};

static list_shapes shapes[L__COUNT];
static pthread_once_t shapes_once = PTHREAD_ONCE_INIT;
static int shapes_ready; /* set (atomically) once shapes are built: no pthread_once per word */

static void shapes_build(void)
{
	for (size_t l = 0; l < L__COUNT; l++)
		for (size_t i = 0; i < lists[l].n; i++) {
			const char *w = lists[l].words[i];
			size_t n = strlen(w);
			if (w[0] >= 'a' && w[0] <= 'z' && n < 64)
				shapes[l][w[0] - 'a'] |= 1ull << n;
			else
				abort(); /* the lists hold lower-case words only */
		}
	__atomic_store_n(&shapes_ready, 1, __ATOMIC_RELEASE);
}

static bool in_list(size_t l, const char *w, size_t n)
{
	if (!__atomic_load_n(&shapes_ready, __ATOMIC_ACQUIRE))
		pthread_once(&shapes_once, shapes_build);
	if (w[0] < 'a' || w[0] > 'z' || n >= 64 || !(shapes[l][w[0] - 'a'] >> n & 1))
		return false;
	return bsearch(&w, lists[l].words, lists[l].n, sizeof *lists[l].words, cmp_str) != NULL;
}

/* Russian, Ukrainian, Belarusian and Turkic patronymics in their common romanisations. */
static bool is_patronymic(const char *w, size_t n)
{
#define S(x) {x, sizeof x - 1}
	static const struct {
		const char *s;
		size_t n;
	} suffixes[] = {
		S("ovich"), S("evich"), S("ovic"),  S("evic"),  S("ovitch"), S("evitch"),
		S("ovych"), S("evych"), S("ovna"),  S("evna"),  S("ichna"),  S("ogly"),
		S("oglu"),  S("kyzy"),  S("qizi"),  S("ovicz"), S("owitsch"), S("ewitsch"),
	};
#undef S
	if (n < 6)
		return false;
	for (size_t i = 0; i < LK_ARRAY_SIZE(suffixes); i++) {
		/* compared from the last letter, which rules out most suffixes at once */
		size_t m = suffixes[i].n, k = 0;
		if (n <= m)
			continue;
		while (k < m && w[n - 1 - k] == suffixes[i].s[m - 1 - k])
			k++;
		if (k == m)
			return true;
	}
	return false;
}

static bool all_digits(const char *w)
{
	if (!*w)
		return false;
	for (; *w; w++)
		if (*w < '0' || *w > '9')
			return false;
	return true;
}

static uint8_t classify(const char *w, size_t n, name_kind kind, uint8_t position_role,
                        size_t index, const char *const *family, size_t nfamily)
{
	if (all_digits(w))
		return ROLE_NUMBER;
	switch (kind) {
	case KIND_PERSON:
		if (in_list(L_TITLES, w, n))
			return ROLE_TITLE;
		if (in_list(L_PERSON_PARTICLES, w, n))
			return ROLE_PARTICLE;
		if (n == 1)
			return ROLE_INITIAL;
		if (index > 0 && is_patronymic(w, n))
			return ROLE_PATRONYMIC;
		if (position_role != ROLE_NAME)
			return position_role;
		for (size_t i = 0; i < nfamily; i++)
			if (strcmp(family[i], w) == 0)
				return ROLE_FAMILY;
		return ROLE_NAME;
	case KIND_ORG:
		if (in_list(L_LEGAL, w, n))
			return ROLE_LEGAL;
		if (in_list(L_GENERIC, w, n))
			return ROLE_GENERIC;
		if (in_list(L_ORG_PARTICLES, w, n))
			return ROLE_PARTICLE;
		return ROLE_WORD;
	case KIND_VESSEL:
		if (index == 0 && in_list(L_VESSEL, w, n))
			return ROLE_TITLE;
		return ROLE_WORD;
	default:
		if (in_list(L_LEGAL, w, n))
			return ROLE_LEGAL;
		if (in_list(L_TITLES, w, n))
			return ROLE_TITLE;
		if (n == 1)
			return ROLE_INITIAL;
		return ROLE_NAME;
	}
}

/*
 * What analysis works out from a token's text alone (its canonical spelling, skeletons,
 * Korean syllable key and whether it is a Korean family name), kept per thread by text: the
 * spans a scanner screens overlap ("Hajji Muhammad", "Hajji Muhammad Al", "Muhammad Al"),
 * and each analysis worked out every part again, in every transliteration. Direct-mapped: a
 * text that meets another's place replaces it.
 */
#define WORD_MEMO 512 /* a power of two */

typedef struct word_memo {
	uint8_t len;               /* of text; the entry is empty when text[0] is 0 */
	uint8_t canon_len;
	uint8_t nskel;
	int8_t korean;             /* lk_text__korean_key gave a key: 1, none: 0, not asked: -1 */
	int8_t surname;            /* lk_text__is_korean_surname: 1 or 0, not asked: -1 */
	char text[TOKEN_CAP];
	char canon[TOKEN_CAP];
	char skel[LK_TEXT__MAX_SKELETONS][32];
	char key[16];              /* the Korean syllable key, if korean is 1 */
} word_memo;

static pthread_key_t words_key;
static pthread_once_t words_once = PTHREAD_ONCE_INIT;
static _Thread_local word_memo *words; /* this thread's (freed with it), or NULL */
static _Thread_local bool words_off;   /* lk_match__words_off */

void lk_match__words_off(bool off)
{
	words_off = off;
}

static void words_init_key(void)
{
	pthread_key_create(&words_key, free);
}

/* The entry of a token's text (len bytes, NUL-terminated), its canonical spelling and
 * skeletons worked out; NULL without memory (then work them out directly). */
static word_memo *word_at(const char *text, size_t len)
{
	if (words_off)
		return NULL;
	if (!words) {
		pthread_once(&words_once, words_init_key);
		words = calloc(WORD_MEMO, sizeof *words);
		if (!words)
			return NULL;
		pthread_setspecific(words_key, words);
	}
	if (len == 0 || len >= TOKEN_CAP)
		return NULL;
	uint64_t h = (uint64_t)len;
	for (size_t i = 0; i < len; i += 8) {
		uint64_t w = 0;
		memcpy(&w, text + i, len - i < 8 ? len - i : 8);
		h = (h ^ w) * 0x9E3779B97F4A7C15ull;
		h ^= h >> 29;
	}
	h *= 0xC2B2AE3D27D4EB4Full;
	word_memo *e = &words[(h >> 40) & (WORD_MEMO - 1)];
	if (e->len == len && memcmp(e->text, text, len) == 0)
		return e;
	e->len = (uint8_t)len;
	memcpy(e->text, text, len);
	e->text[len] = 0;
	e->canon_len = (uint8_t)lk_text__canon(e->canon, sizeof e->canon, e->text, len);
	e->nskel = (uint8_t)lk_text__skeletons(e->skel, e->text, len);
	e->korean = e->surname = -1;
	return e;
}

/* lk_text__korean_key(out, text, len), kept. */
static bool korean_key(char out[16], const char *text, size_t len)
{
	word_memo *e = word_at(text, len);
	if (!e)
		return lk_text__korean_key(out, text, len);
	if (e->korean < 0)
		e->korean = lk_text__korean_key(e->key, e->text, len) ? 1 : 0;
	if (e->korean)
		memcpy(out, e->key, sizeof e->key);
	return e->korean == 1;
}

/* lk_text__is_korean_surname(text, len), kept. */
static bool korean_surname(const char *text, size_t len)
{
	word_memo *e = word_at(text, len);
	if (!e)
		return lk_text__is_korean_surname(text, len);
	if (e->surname < 0)
		e->surname = lk_text__is_korean_surname(e->text, len) ? 1 : 0;
	return e->surname == 1;
}

/*
 * A person's name whose every part reads as one romanised Korean syllable and one of which is
 * a Korean family name (Kim Jong Un, Choe Ryong Hae, KIM, Chong-un) gets Korean syllable keys,
 * so that its RR, McCune-Reischauer and DPRK spellings meet.
 */
static void korean_keys(wtoken *toks, size_t nt, name_kind kind)
{
	if ((kind != KIND_PERSON && kind != KIND_ANY) || nt < 2 || nt > 5)
		return;
	bool surname = false;
	char keys[5][16];
	for (size_t i = 0; i < nt; i++) {
		if (!korean_key(keys[i], toks[i].text, toks[i].len))
			return;
		/* one is enough (and each is a table search) */
		surname = surname || korean_surname(toks[i].text, toks[i].len);
	}
	if (!surname)
		return;
	for (size_t i = 0; i < nt; i++)
		memcpy(toks[i].kor, keys[i], sizeof keys[i]);
}

/*
 * The same for a name in Cyrillic read as Korean (LK_TRANSLIT_CYRILLIC_KOREAN): the keys come
 * from the Cyrillic words, each the set of syllables its spelling may stand for (Чен: 정, 전,
 * 젱 ...), since the Latin spelling the variant wrote is only the likeliest one. Words and
 * tokens correspond one to one (each word is one syllable); if they do not, no keys.
 */
static void cyrillic_korean_keys(wtoken *toks, size_t nt, const char *name, size_t len,
                                 name_kind kind)
{
	if ((kind != KIND_PERSON && kind != KIND_ANY) || nt < 2 || nt > 5)
		return;
	char keys[5][LK_TEXT__KOR_KEY];
	size_t nw = 0;
	bool surname = false;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t at = i;
		i += lk_utf8_decode(name + i, len - i, &cp);
		if (!(cp >= 0x0400 && cp <= 0x045F))
			continue;
		size_t j = i;
		while (j < len) {
			size_t m = lk_utf8_decode(name + j, len - j, &cp);
			if (!(cp >= 0x0400 && cp <= 0x045F))
				break;
			j += m;
		}
		char latin[16];
		if (nw == nt || !lk_text__cyrillic_korean_keys(keys[nw], latin, name + at, j - at) ||
		    strcmp(latin, toks[nw].text) != 0)
			return;
		surname |= lk_text__is_korean_surname(latin, strlen(latin));
		nw++;
		i = j;
	}
	if (nw != nt || !surname)
		return;
	for (size_t i = 0; i < nt; i++)
		memcpy(toks[i].kor, keys[i], sizeof keys[i]);
}

/*
 * The Arabic article is written joined to its noun (الظواهري -> "alzwahry"); romanised lists
 * write it apart ("AL-ZAWAHIRI"). Split it off so that the noun can meet its romanisation.
 */
static void split_article(wtoken *toks, size_t *nt)
{
	for (size_t i = 0; i < *nt && *nt < MAX_TOKENS; i++) {
		wtoken *t = &toks[i];
		if (t->len < 5 || t->text[0] != 'a' || t->text[1] != 'l')
			continue;
		memmove(&toks[i + 1], &toks[i], (*nt - i) * sizeof *toks);
		(*nt)++;
		wtoken *noun = &toks[i + 1];
		memmove(noun->text, noun->text + 2, noun->len - 1u); /* with the NUL */
		noun->len = (uint8_t)(noun->len - 2);
		memcpy(t->text, "al", 3);
		t->len = 2;
		i++;
	}
}

/* Split latinized text into tokens starting at toks[*nt], all with position role pr. */
static void split(wtoken *toks, size_t *nt, const char *s, uint8_t pr)
{
	while (*s && *nt < MAX_TOKENS) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		const char *e = s;
		while (*e && *e != ' ')
			e++;
		size_t n = (size_t)(e - s);
		if (n > LK_TEXT__MAX_TOKEN)
			n = LK_TEXT__MAX_TOKEN;
		wtoken *t = &toks[(*nt)++];
		memcpy(t->text, s, n);
		t->text[n] = 0;
		t->len = (uint8_t)n;
		t->role = pr;
		s = e;
	}
}

/*
 * split() of what lk_text_latinize writes for the ASCII text s[0..len): letters and digits
 * lower-cased, apostrophes dropped, anything else a break between tokens; without the
 * buffer. len is at most 64 KiB (the latinized text then always fits the buffer that
 * analyse() gives lk_text_latinize).
 */
static void split_ascii(wtoken *toks, size_t *nt, const char *s, size_t len, uint8_t pr)
{
	size_t n = 0; /* bytes of the current token, kept up to LK_TEXT__MAX_TOKEN */
	bool open = false;
	for (size_t i = 0; i <= len && *nt < MAX_TOKENS; i++) {
		unsigned char c = i < len ? (unsigned char)s[i] : ' ';
		if (c >= 'A' && c <= 'Z')
			c |= 0x20;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (!open) {
				open = true;
				n = 0;
			}
			if (n < LK_TEXT__MAX_TOKEN)
				toks[*nt].text[n++] = (char)c;
		} else if (c != '\'' && c != '`' && open) {
			wtoken *t = &toks[(*nt)++];
			t->text[n] = 0;
			t->len = (uint8_t)n;
			t->role = pr;
			open = false;
		}
	}
}

static bool is_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

/*
 * The analysis. fast: a name in ASCII (most names of payments and of the lists) is split
 * straight from its bytes (split_ascii) and has no script to look up; the general path gives
 * the same tokens through lk_text_latinize and split().
 */
static int analyse(wtoken *toks, const char *name, size_t len, lk_translit variant,
                   name_kind kind, const char *const *family, size_t nfamily, bool fast)
{
	lk_buf b;
	lk_buf_init(&b, 1 << 16);
	size_t nt = 0;
	int rc = 0;
	const char *comma = kind == KIND_PERSON ? memchr(name, ',', len) : NULL;
	bool ascii = fast && len <= (1 << 16) && is_ascii(name, len);
	if (comma) {
		/* "LAVROV, Sergei Viktorovich": the family name comes before the comma. */
		const char *rest = comma + 1;
		size_t fam_end;
		if (ascii) {
			split_ascii(toks, &nt, name, (size_t)(comma - name), ROLE_FAMILY);
			fam_end = nt;
			split_ascii(toks, &nt, rest, len - (size_t)(rest - name), ROLE_GIVEN);
		} else {
			if ((rc = lk_text_latinize(&b, name, (size_t)(comma - name), variant)))
				goto done;
			split(toks, &nt, lk_buf_cstr(&b), ROLE_FAMILY);
			fam_end = nt;
			lk_buf_clear(&b);
			if ((rc = lk_text_latinize(&b, rest, len - (size_t)(rest - name), variant)))
				goto done;
			split(toks, &nt, lk_buf_cstr(&b), ROLE_GIVEN);
		}
		if (fam_end == 0 || fam_end == nt) /* nothing on one side: position says nothing */
			for (size_t i = 0; i < nt; i++)
				toks[i].role = ROLE_NAME;
	} else if (ascii) {
		split_ascii(toks, &nt, name, len, ROLE_NAME);
	} else {
		if ((rc = lk_text_latinize(&b, name, len, variant)))
			goto done;
		split(toks, &nt, lk_buf_cstr(&b), ROLE_NAME);
	}
	/* Arabic and Hebrew script write no short vowels; a Hangul name read as a foreign name
	 * cannot tell b/v, p/f, r/l apart. The scorer trusts their skeletons more. (ASCII is
	 * neither Arabic nor Hebrew script.) */
	lk_script script = ascii ? LK_SCRIPT_LATIN : lk_text_script(name, len);
	uint8_t loose = script == LK_SCRIPT_ARABIC || script == LK_SCRIPT_HEBREW ? LOOSE_ABJAD
	                : variant == LK_TRANSLIT_HANGUL_LOANWORD                 ? LOOSE_LOANWORD
	                                                                         : LOOSE_NONE;
	if (loose == LOOSE_ABJAD)
		split_article(toks, &nt);
	for (size_t i = 0; i < nt; i++) {
		toks[i].loose = loose;
		wtoken *t = &toks[i];
		t->role = classify(t->text, t->len, kind, t->role, i, family, nfamily);
		const word_memo *e = word_at(t->text, t->len);
		if (e) {
			t->canon_len = e->canon_len;
			memcpy(t->canon, e->canon, e->canon_len + 1u);
			t->nskel = e->nskel;
			memcpy(t->skel, e->skel, e->nskel * sizeof e->skel[0]);
		} else {
			t->canon_len = (uint8_t)lk_text__canon(t->canon, sizeof t->canon, t->text, t->len);
			t->nskel = (uint8_t)lk_text__skeletons(t->skel, t->text, t->len);
		}
		t->kor[0] = 0;
	}
	if (variant == LK_TRANSLIT_CYRILLIC_KOREAN)
		cyrillic_korean_keys(toks, nt, name, len, kind);
	else
		korean_keys(toks, nt, kind);
	rc = (int)nt;
done:
	lk_buf_dispose(&b);
	return rc;
}

int lk_match__analyse(wtoken *toks, const char *name, size_t len, lk_translit variant,
                      name_kind kind, const char *const *family, size_t nfamily)
{
	return analyse(toks, name, len, variant, kind, family, nfamily, true);
}

int lk_match__analyse_general(wtoken *toks, const char *name, size_t len, lk_translit variant,
                              name_kind kind, const char *const *family, size_t nfamily)
{
	return analyse(toks, name, len, variant, kind, family, nfamily, false);
}

float lk_match__rarity(size_t df, size_t nnames)
{
	if (nnames == 0 || df == 0)
		return 1.0f;
	/* log(N/df) relative to a rare token (df = 1), floored so that even the most common
	 * name part still counts for something. */
	double idf = log1p((double)nnames / (double)df) / log1p((double)nnames);
	double r = 0.35 + 0.65 * (idf > 1.0 ? 1.0 : idf);
	return (float)r;
}
