/*
 * text_words.c - one word of a text as a possible part of a name.
 *
 * Running text inflects names ("Putins", "Путина", "Лавровым", "Ławrowa"), glues particles to
 * them (Korean 김정은은, 푸틴과; Arabic وبوتين), glues scraping debris to them ("PutinWHO",
 * "Shappswarnte") and surrounds them with titles. A word's forms are the word itself and the
 * word with such endings, particles or prefixes stripped; a form counts when every part of
 * its matching form (lk_text_latinize, in each transliteration that applies) is a retrieval
 * key of the index: its canonical spelling (exact) or else its consonant skeleton. Everything
 * else about the word is then left to the screening engine.
 */
#include "scan_int.h"
#include "lookout/utf8.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* ---- word lists ---- */

/* Titles and offices as lk_text_latinize writes them (one word, no spaces). Words ending in
 * "minister", "ministr", "prasident" or "prezident" are offices too. */
static const char *const titles[] = {
	"admiral", "botschafter", "chairman", "chancellor", "dr", "frau", "general", "generalsekretar",
	"gouverneur", "governor", "herr", "kanzler", "king", "konig", "madame", "monsieur", "mr",
	"mrs", "ms", "premier", "premierminister", "president", "presidente", "prezydent", "prime",
	"prince", "prinz", "prof", "professor", "secretary", "sekretar", "senator", "sheikh", "sir",
	"vorsitzende", "vorsitzender",
};

#define SUFFIX(s) {s, sizeof s - 1}
static const struct {
	const char *s;
	size_t n;
} title_suffixes[] = {SUFFIX("minister"),  SUFFIX("ministr"),    SUFFIX("prasident"),
                      SUFFIX("prasidenten"), SUFFIX("prezident"), SUFFIX("prezidenta"),
                      SUFFIX("ministra")};
#undef SUFFIX

/* Titles in scripts whose latinisation is split into syllables or unreliable: compared as
 * UTF-8, at the start of the word (a particle may follow). */
static const char *const titles_raw[] = {
	"위원장", "대통령", "장관", "총비서", "총리", "주석", "국무위원장", "외무장관", "외교장관",
	"국방장관", "비서", "의장", "원수", "동지", "씨",
	"الرئيس", "رئيس", "وزير", "السيد", "الزعيم", "الأمين",
	"президент", "министр", "председатель", "господин", "глава",
};

/* Place nouns (latinised) that make a hyphenated compound a place: Kim-Il-Sung-Platz. */
static const char *const places[] = {
	"airport", "allee", "avenue", "bahnhof", "bezirk", "bridge", "brucke", "city", "damm",
	"denkmal", "flughafen", "gasse", "hafen", "hall", "institut", "institute", "kai", "kreis",
	"markt", "mausoleum", "memorial", "museum", "park", "partei", "party", "platz", "ploshchad",
	"plosad", "port", "prospekt", "province", "provinz", "region", "ring", "road", "square",
	"stadion", "stadium", "stadt", "station", "str", "strasse", "street", "tower", "ufer",
	"ulitsa", "ulica", "universitat", "universitaet", "university", "weg",
};

static bool in_list(const char *const *list, size_t n, const char *w)
{
	for (size_t i = 0; i < n; i++)
		if (list[i][0] == w[0] && strcmp(list[i], w) == 0)
			return true;
	return false;
}

bool lk_scan__is_title(const char *latin)
{
	if (in_list(titles, LK_ARRAY_SIZE(titles), latin))
		return true;
	size_t n = strlen(latin);
	for (size_t i = 0; i < LK_ARRAY_SIZE(title_suffixes); i++) {
		size_t m = title_suffixes[i].n;
		if (n >= m && latin[n - 1] == title_suffixes[i].s[m - 1] &&
		    memcmp(latin + n - m, title_suffixes[i].s, m) == 0)
			return true;
	}
	return false;
}

/* ---- keys ---- */

static bool keys_linked(const lk_index *ix, uint64_t ka, uint64_t kb);

/* Part i of a and part j of b are on one listed name: by spelling, or by a skeleton. */
static bool parts_linked(const lk_index *ix, const scan_form *a, size_t i, const scan_form *b,
                         size_t j)
{
	if (keys_linked(ix, a->key[i], b->key[j]))
		return true;
	for (size_t x = 0; x < 2 && a->skel[i][x]; x++)
		for (size_t y = 0; y < 2 && b->skel[j][y]; y++)
			if (keys_linked(ix, a->skel[i][x], b->skel[j][y]))
				return true;
	return false;
}

/* The keys of one latinised part: its canonical spelling if the index knows it, and its
 * primary consonant skeleton (not for parts of three letters or fewer, whose skeletons meet
 * too much). false if neither is a key. */
static bool part_key(const scan_ctx *c, const char *p, size_t n, uint64_t *key, uint64_t skel[2],
                     bool *exact, char canon[TOKEN_CAP], bool need_exact)
{
	const posting *ps;
	if (n == 0 || n > LK_TEXT__MAX_TOKEN)
		return false;
	lk_text__canon(canon, TOKEN_CAP, p, n);
	uint64_t k = lk_match__key_hash(canon, 'C');
	*exact = lk_match__postings(c->ix, k, &ps) > 0;
	if (need_exact && !*exact)
		return false; /* (the caller wants exact spellings only: no skeletons needed) */
	*key = *exact ? k : 0;
	skel[0] = skel[1] = 0;
	if (n > 3) {
		char sk[LK_TEXT__MAX_SKELETONS][32];
		size_t ns = lk_text__skeletons(sk, p, n), w = 0;
		for (size_t i = 0; i < ns && w < 2; i++) {
			if (strlen(sk[i]) < 2)
				continue;
			uint64_t h = lk_match__key_hash(sk[i], 'P');
			size_t df = lk_match__postings(c->ix, h, &ps);
			if (df > 0 && df <= c->stop_df)
				skel[w++] = h;
		}
	}
	if (!*exact)
		*key = skel[0];
	return *key != 0;
}

/* Rank of a reading: linked parts first, then exact spellings, then fewer parts. */
static int reading_rank(const scan_form *f)
{
	return (f->linked ? 64 : 0) + (f->exact ? 32 : 0) + (SCAN_MAX_PARTS - f->nparts);
}

/*
 * The default latinisation of s[0..n) into c->latin, as lk_text_latinize writes it. A word's
 * is wanted twice (latin_word, for the word lists, then for its first form): the last one is
 * kept per thread, by its bytes (the latinisation depends on them alone), and read back.
 */
static _Thread_local struct {
	size_t n, len;                /* n 0: none */
	char in[SCAN_FORM_CAP];
	char out[4 * SCAN_FORM_CAP];
} last_latin;

static int latinize_default(scan_ctx *c, const char *s, size_t n)
{
	lk_buf_clear(&c->latin);
	if (n && n == last_latin.n && memcmp(s, last_latin.in, n) == 0)
		return lk_buf_put(&c->latin, last_latin.out, last_latin.len);
	int rc = lk_text_latinize(&c->latin, s, n, LK_TRANSLIT_DEFAULT);
	if (rc == 0 && n < sizeof last_latin.in && c->latin.len < sizeof last_latin.out) {
		last_latin.n = n;
		memcpy(last_latin.in, s, n);
		last_latin.len = c->latin.len;
		memcpy(last_latin.out, lk_buf_cstr(&c->latin), c->latin.len);
	}
	return rc;
}

/*
 * Hangul and Han words character by character. A word of Hangul syllables (U+AC00..U+D7A3)
 * reads, in the default, MR and DPRK transliterations, as its syllables' readings one by
 * one, space-separated (lk_text__hangul_syllables writes each syllable by itself, as names
 * are written: Kim Jong Un); a word of CJK unified ideographs (U+4E00..U+9FFF, which NFKC
 * leaves alone) reads, in every transliteration, as its characters' readings one by one. So
 * the parts of such a word's reading are its characters' parts, and what part_key says of
 * each character's part is worked out once per thread and index and kept, in a table
 * direct-mapped on the character and the transliteration. A character that does not read as
 * one short part (or as nothing) is not kept, and a word with one takes the general way, as
 * does every other word and the loanword reading of Hangul (a whole word at once). The
 * readings of words are compared with their characters' in tests/scan/test_scan_readings.c,
 * and scans with this cache with scans without it.
 */
#define CHAR_SLOTS 65536 /* a power of two, at most 65536 (4 MiB a thread, touched as used) */
#define CHAR_TEXT 16     /* bytes of a kept reading and canonical spelling, with the NUL */

typedef struct char_keys {
	uint32_t cp;            /* 0: an empty slot */
	uint8_t variant;        /* lk_translit */
	uint8_t nparts;         /* parts of the reading: 0 or 1; 2: not kept (general way) */
	bool ok, exact;         /* the one part: part_key's result and exact */
	uint64_t key, skel[2];  /* ... and its keys */
	char canon[CHAR_TEXT];  /* ... its canonical spelling */
	char latin[CHAR_TEXT];  /* ... and as latinised */
} char_keys;

typedef struct char_cache {
	uint64_t serial;        /* the index's (lk_index.serial): keys depend on it */
	lk_buf tmp;             /* scratch of lk_text__latinize_cjk_char */
	char_keys slot[CHAR_SLOTS];
} char_cache;

static pthread_key_t chars_key;
static pthread_once_t chars_once = PTHREAD_ONCE_INIT;

static void chars_free(void *p)
{
	char_cache *cc = p;
	if (cc)
		lk_buf_dispose(&cc->tmp);
	free(cc);
}

static void chars_key_init(void)
{
	pthread_key_create(&chars_key, chars_free);
}

/* The thread's cache for the index c->ix, or NULL (no memory). */
static char_cache *thread_chars(const scan_ctx *c)
{
	pthread_once(&chars_once, chars_key_init);
	char_cache *cc = pthread_getspecific(chars_key);
	if (!cc) {
		cc = calloc(1, sizeof *cc);
		if (!cc || pthread_setspecific(chars_key, cc)) {
			free(cc);
			return NULL;
		}
		lk_buf_init(&cc->tmp, 1 << 16);
		cc->serial = c->ix->serial;
	}
	if (cc->serial != c->ix->serial) {
		memset(cc->slot, 0, sizeof cc->slot);
		cc->serial = c->ix->serial;
	}
	return cc;
}

enum { PURE_NONE, PURE_HANGUL, PURE_HAN };

/* Is s[0..n) (valid UTF-8) all Hangul syllables or all CJK unified ideographs? Its code
 * points into cps (room for n / 3). */
static int pure_word(const char *s, size_t n, uint32_t *cps, size_t *ncp)
{
	const unsigned char *u = (const unsigned char *)s;
	int kind = PURE_NONE;
	if (n == 0 || n % 3)
		return PURE_NONE;
	for (size_t i = 0; i < n; i += 3) {
		if ((u[i] & 0xF0) != 0xE0)
			return PURE_NONE;
		uint32_t cp = ((u[i] & 0x0Fu) << 12) | ((u[i + 1] & 0x3Fu) << 6) | (u[i + 2] & 0x3Fu);
		int k = cp >= 0xAC00 && cp <= 0xD7A3 ? PURE_HANGUL
		        : cp >= 0x4E00 && cp <= 0x9FFF ? PURE_HAN
		                                       : PURE_NONE;
		if (k == PURE_NONE || (kind != PURE_NONE && k != kind))
			return PURE_NONE;
		kind = k;
		cps[i / 3] = cp;
	}
	*ncp = n / 3;
	return kind;
}

/* Does a pure word of this kind read character by character in transliteration v? */
static bool by_char(int kind, unsigned v)
{
	if (kind == PURE_HAN)
		return v == LK_TRANSLIT_DEFAULT || v == LK_TRANSLIT_HANGUL_MR ||
		       v == LK_TRANSLIT_HANGUL_DPRK || v == LK_TRANSLIT_HAN_MANDARIN ||
		       v == LK_TRANSLIT_HAN_JAPANESE;
	return kind == PURE_HANGUL && (v == LK_TRANSLIT_DEFAULT || v == LK_TRANSLIT_HANGUL_MR ||
	                               v == LK_TRANSLIT_HANGUL_DPRK);
}

/* What part_key says of the reading of the character cp (Hangul syllable or CJK unified
 * ideograph) in transliteration v, from the cache or worked out; NULL if it cannot be said
 * (no memory, or the reading is not kept: more than one part, or too long). */
static inline char_keys *char_slot(char_cache *cc, uint32_t cp, unsigned v)
{
	uint32_t h = ((cp << 3) | v) * 2654435761u;
	return &cc->slot[h >> 16 & (CHAR_SLOTS - 1)];
}

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/* Have the processor fetch the slots of every character of a pure word in every reading
 * key_form keys by character: a new word's characters in five readings are ten or so random
 * places in the table's 4 MiB, each a cache miss when asked for one after the other. */
static void prefetch_chars(const scan_ctx *c, int kind, const uint32_t *cps, size_t ncp)
{
	char_cache *cc = thread_chars(c);
	if (!cc)
		return;
	for (unsigned v = 0; v < LK_TRANSLIT__COUNT; v++)
		if (by_char(kind, v))
			for (size_t i = 0; i < ncp; i++)
				PREFETCH(char_slot(cc, cps[i], v));
}

static const char_keys *char_keys_of(scan_ctx *c, char_cache *cc, uint32_t cp, unsigned v)
{
	char_keys *e = char_slot(cc, cp, v);
	if (e->cp == cp && e->variant == v)
		return e->nparts < 2 ? e : NULL;
	lk_buf_clear(&c->latin);
	if (lk_text__latinize_cjk_char(&c->latin, &cc->tmp, cp, (lk_translit)v))
		return NULL;
	char_keys k;
	memset(&k, 0, sizeof k);
	k.cp = cp;
	k.variant = (uint8_t)v;
	const char *p = lk_buf_cstr(&c->latin);
	size_t pn = strlen(p);
	if (pn == 0) {
		k.nparts = 0;
	} else if (memchr(p, ' ', pn) || pn >= CHAR_TEXT) {
		k.nparts = 2;
	} else {
		char canon[TOKEN_CAP] = "";
		k.nparts = 1;
		k.ok = part_key(c, p, pn, &k.key, k.skel, &k.exact, canon, false);
		memcpy(k.latin, p, pn + 1);
		if (strlen(canon) >= CHAR_TEXT)
			k.nparts = 2;
		else
			memcpy(k.canon, canon, strlen(canon) + 1);
	}
	*e = k;
	return e->nparts < 2 ? e : NULL;
}

/* Key the reading of the pure word cps[0..ncp) in transliteration v into f (its parts, exact
 * and canon), as key_form does from the reading: 1 keyed, 0 not (a part is no key, or no
 * exact one when need_exact, or no parts), -1 if it must be read the general way. */
static int keys_by_char(scan_ctx *c, const uint32_t *cps, size_t ncp, unsigned v,
                        bool need_exact, scan_form *f)
{
	char_cache *cc = thread_chars(c);
	char_keys ks[SCAN_FORM_CAP / 3]; /* (copies: a later character may take a slot) */
	if (!cc)
		return -1;
	for (size_t i = 0; i < ncp; i++) {
		const char_keys *k = char_keys_of(c, cc, cps[i], v);
		if (!k)
			return -1;
		ks[i] = *k;
	}
	f->nparts = 0;
	f->exact = true;
	f->canon[0] = 0;
	for (size_t i = 0; i < ncp; i++) {
		const char_keys *k = &ks[i];
		if (k->nparts == 0)
			continue;
		if (f->nparts == SCAN_MAX_PARTS || !k->ok || (need_exact && !k->exact))
			return 0;
		if (f->nparts == 0)
			memcpy(f->canon, k->canon, sizeof k->canon);
		f->key[f->nparts] = k->key;
		f->skel[f->nparts][0] = k->skel[0];
		f->skel[f->nparts][1] = k->skel[1];
		f->exact &= k->exact;
		f->nparts++;
	}
	return f->nparts > 0;
}

/* The default reading of a pure word without spaces into out (size cap), as latin_word
 * writes it; false if it must be read the general way. */
static bool latin_by_char(scan_ctx *c, const uint32_t *cps, size_t ncp, char *out, size_t cap)
{
	char_cache *cc = thread_chars(c);
	if (!cc)
		return false;
	size_t k = 0;
	for (size_t i = 0; i < ncp; i++) {
		const char_keys *e = char_keys_of(c, cc, cps[i], LK_TRANSLIT_DEFAULT);
		if (!e)
			return false;
		for (const char *p = e->latin; *p && k + 1 < cap; p++)
			out[k++] = *p;
	}
	out[k] = 0;
	return true;
}

/*
 * Whether parts i and i + 1 of f are linked (parts_linked), remembered for the readings of one
 * form: the transliterations of a word often give some parts the same keys (Hangul read
 * syllable by syllable in three systems, Han read as Korean in three), and the answer
 * depends on the two parts' keys alone. (key_form takes this way, and leaves out the links
 * of a reading that cannot rank first, only with the scanner's caches on: the scans of
 * tests/scan/test_scan_readings.c and test_scan_wordwork.c compare on with off.)
 */
#define LINK_MEMO 16

typedef struct link_memo {
	uint64_t k[6];          /* part i's key and skeletons, then part i + 1's */
	bool linked;
} link_memo;

static bool pair_linked(const lk_index *ix, const scan_form *f, size_t i, link_memo *memo,
                        size_t *nmemo)
{
	const uint64_t k[6] = {f->key[i],     f->skel[i][0],     f->skel[i][1],
	                       f->key[i + 1], f->skel[i + 1][0], f->skel[i + 1][1]};
	for (size_t m = 0; m < *nmemo; m++)
		if (memcmp(memo[m].k, k, sizeof k) == 0)
			return memo[m].linked;
	bool linked = parts_linked(ix, f, i, f, i + 1);
	if (*nmemo < LINK_MEMO) {
		memcpy(memo[*nmemo].k, k, sizeof k);
		memo[(*nmemo)++].linked = linked;
	}
	return linked;
}

/*
 * Key the form s[0..n): in each transliteration that applies, every part must be a key. The
 * best reading is kept: parts that one listed name has together first (김정은 read as
 * "kim jong un" rather than "gim jeong eun"), then exact spellings, then fewer parts (a Hangul
 * name read as a foreign name, 푸틴 -> "putin", is one part; syllable by syllable two).
 * exact_only: the caller keeps the form only if it is exact; when one reading applies, a
 * reading with a part that is no exact key is then given up at that part.
 */
static bool key_form(scan_ctx *c, const char *s, size_t n, scan_form *out, bool exact_only)
{
	if (n == 0 || n >= SCAN_FORM_CAP)
		return false;
	uint32_t cps[SCAN_FORM_CAP / 3];
	size_t ncp = 0;
	int pure = c->char_cache ? pure_word(s, n, cps, &ncp) : PURE_NONE;
	/* (what lk_text_translit_variants says of a word of Hangul syllables only, or of CJK
	 * unified ideographs only) */
	unsigned variants = pure == PURE_HANGUL ? 1u | 1u << LK_TRANSLIT_HANGUL_MR |
	                                              1u << LK_TRANSLIT_HANGUL_DPRK |
	                                              1u << LK_TRANSLIT_HANGUL_LOANWORD
	                    : pure == PURE_HAN ? 1u | 1u << LK_TRANSLIT_HANGUL_MR |
	                                             1u << LK_TRANSLIT_HANGUL_DPRK |
	                                             1u << LK_TRANSLIT_HAN_MANDARIN |
	                                             1u << LK_TRANSLIT_HAN_JAPANESE
	                                       : 1u | lk_text_translit_variants(s, n);
	bool need_exact = exact_only && variants == 1u;
	bool found = false;
	link_memo memo[LINK_MEMO];
	size_t nmemo = 0;
	for (unsigned v = 0; v < LK_TRANSLIT__COUNT; v++) {
		if (!(variants & (1u << v)))
			continue;
		scan_form f;
		int by = pure != PURE_NONE && by_char(pure, v)
		             ? keys_by_char(c, cps, ncp, v, need_exact, &f)
		             : -1;
		if (by == 0)
			continue;
		if (by < 0) {
			int rc;
			char_cache *cc;
			if (v == LK_TRANSLIT_DEFAULT) {
				rc = latinize_default(c, s, n);
			} else if (pure == PURE_HANGUL && (cc = thread_chars(c)) != NULL) {
				/* (the loanword reading, of the whole word) */
				lk_buf_clear(&c->latin);
				rc = lk_text__latinize_hangul(&c->latin, &cc->tmp, s, n, (lk_translit)v);
			} else {
				lk_buf_clear(&c->latin);
				rc = lk_text_latinize(&c->latin, s, n, (lk_translit)v);
			}
			if (rc || c->latin.len == 0)
				continue;
			f.nparts = 0;
			f.exact = true;
			f.canon[0] = 0;
			const char *p = lk_buf_cstr(&c->latin);
			bool ok = true;
			while (*p && ok) {
				const char *e = strchr(p, ' ');
				size_t pn = e ? (size_t)(e - p) : strlen(p);
				bool exact;
				char canon[TOKEN_CAP];
				if (f.nparts == SCAN_MAX_PARTS ||
				    !part_key(c, p, pn, &f.key[f.nparts], f.skel[f.nparts], &exact, canon,
				              need_exact)) {
					ok = false;
					break;
				}
				if (f.nparts == 0)
					memcpy(f.canon, canon, sizeof canon);
				f.exact &= exact;
				f.nparts++;
				p += pn;
				while (*p == ' ')
					p++;
			}
			if (!ok || f.nparts == 0)
				continue;
		}
		if (f.nparts > 1)
			f.canon[0] = 0;
		/* A reading that would not rank above the best one even linked is not kept: whether
		 * its parts are linked need not be known. */
		f.linked = true;
		if (found && reading_rank(&f) <= reading_rank(out) && c->char_cache)
			continue;
		for (size_t i = 1; i < f.nparts && f.linked; i++)
			f.linked = c->char_cache ? pair_linked(c->ix, &f, i - 1, memo, &nmemo)
			                         : parts_linked(c->ix, &f, i - 1, &f, i);
		if (!found || reading_rank(&f) > reading_rank(out)) {
			memcpy(f.s, s, n);
			f.s[n] = 0;
			*out = f;
			found = true;
		}
	}
	return found;
}

/* Add form s[0..n) to w if it is keyed: exact forms before skeleton-only ones. */
static void add_form(scan_ctx *c, scan_word *w, const char *s, size_t n)
{
	if (w->nforms == SCAN_MAX_FORMS)
		return;
	for (size_t i = 0; i < w->nforms; i++)
		if (strlen(w->form[i].s) == n && memcmp(w->form[i].s, s, n) == 0)
			return;
	scan_form f;
	if (!key_form(c, s, n, &f, false))
		return;
	size_t at = w->nforms;
	if (f.exact)
		while (at > 0 && !w->form[at - 1].exact)
			at--;
	memmove(&w->form[at + 1], &w->form[at], (w->nforms - at) * sizeof f);
	w->form[at] = f;
	w->nforms++;
}

/* ---- inflection ---- */

typedef struct ending {
	const char *strip;   /* ending to remove */
	const char *add;     /* what replaces it ("" usually) */
	uint8_t ns, na;      /* their lengths */
} ending;

#define E(strip, add) {strip, add, sizeof strip - 1, sizeof add - 1}

/* German genitive; Polish, Czech and other Slavic case endings in Latin script. */
static const ending latin_endings[] = {
	E("’s", ""), E("'s", ""), E("owi", ""), E("ovi", ""), E("ego", ""), E("em", ""), E("om", ""),
	E("ie", ""), E("s", ""),  E("a", ""),   E("u", ""),   E("e", ""),   E("y", ""),
};

/* Russian (and Ukrainian, Belarusian) case endings of names: Путина, Лавровым, Сергея. */
static const ending cyrillic_endings[] = {
	E("ыми", ""),  E("ого", ""),  E("его", ""), E("ому", ""),  E("ему", ""),  E("ем", "й"),
	E("ом", ""),   E("ым", ""),   E("им", ""),  E("ой", ""),   E("ую", ""),   E("ей", ""),
	E("ою", ""),   E("ея", "ей"), E("ею", "ей"), E("ии", "ий"), E("ия", "ий"), E("ию", "ий"),
	E("а", ""),    E("у", ""),    E("е", ""),   E("ы", ""),    E("и", ""),    E("я", "й"),
	E("ю", "й"),   E("я", ""),
};

#undef E

/* Korean particles written after a name (topic, subject, object, genitive, and, with...). */
#define P(s) {s, sizeof s - 1}
static const struct {
	const char *s;
	size_t n;
} korean_particles[] = {
	P("에게서"), P("께서는"), P("에게"), P("에서"), P("으로"), P("과의"), P("와의"), P("께서"),
	P("에는"),   P("이라"),   P("이다"), P("은"),   P("는"),   P("이"),   P("가"),   P("을"),
	P("를"),     P("의"),     P("와"),   P("과"),   P("도"),   P("에"),   P("께"),   P("로"),
	P("만"),     P("랑"),
};
#undef P

/* Arabic prefix letters glued to a following word: and, with/by, for, so, like. */
static const char *const arabic_prefixes[] = {"و", "ب", "ل", "ف", "ك"};

static void strip_endings(scan_ctx *c, scan_word *w, const char *s, size_t n,
                          const ending *list, size_t nlist, size_t min_rest)
{
	for (size_t i = 0; i < nlist && w->nforms < SCAN_MAX_FORMS; i++) {
		size_t m = list[i].ns, a = list[i].na;
		if (n < m + min_rest || s[n - 1] != list[i].strip[m - 1] ||
		    memcmp(s + n - m, list[i].strip, m) != 0)
			continue;
		char buf[SCAN_FORM_CAP];
		if (n - m + a >= sizeof buf)
			continue;
		memcpy(buf, s, n - m);
		memcpy(buf + n - m, list[i].add, a);
		add_form(c, w, buf, n - m + a);
	}
}

/* Number of code points of s[0..n). */
/* The forms of s[0..n) for the word's script. */
static void word_forms(scan_ctx *c, scan_word *w, const char *s, size_t n)
{
	/* The word as written first; stripped forms too even when the lists know the word as
	 * written ("Ławrowa" is a listed spelling, of someone else): the spans try them all. */
	add_form(c, w, s, n);
	switch (w->script) {
	case LK_SCRIPT_LATIN:
		strip_endings(c, w, s, n, latin_endings, LK_ARRAY_SIZE(latin_endings), 3);
		break;
	case LK_SCRIPT_CYRILLIC:
		strip_endings(c, w, s, n, cyrillic_endings, LK_ARRAY_SIZE(cyrillic_endings), 6);
		break;
	case LK_SCRIPT_HANGUL:
		for (size_t i = 0; i < LK_ARRAY_SIZE(korean_particles); i++) {
			size_t m = korean_particles[i].n;
			/* at least two syllables (6 bytes) must remain */
			if (n >= m + 6 && s[n - 1] == korean_particles[i].s[m - 1] &&
			    memcmp(s + n - m, korean_particles[i].s, m) == 0) {
				add_form(c, w, s, n - m);
				break;
			}
		}
		break;
	case LK_SCRIPT_ARABIC:
		for (size_t i = 0; i < LK_ARRAY_SIZE(arabic_prefixes); i++) {
			size_t m = strlen(arabic_prefixes[i]);
			if (lk_scan__code_points(s, n) >= 5 && memcmp(s, arabic_prefixes[i], m) == 0) {
				add_form(c, w, s + m, n - m);
				break;
			}
		}
		break;
	default:
		break;
	}
}

/* ---- links ---- */

/* Do two sorted posting runs share a name? Runs of like lengths are merged; a short run is
 * looked up in a much longer one by galloping (as collect_shared). */
static bool share_name(const posting *a, size_t na, const posting *b, size_t nb)
{
	if (na > nb) {
		const posting *t = a;
		a = b;
		b = t;
		size_t tn = na;
		na = nb;
		nb = tn;
	}
	if (a == b)
		return na > 0;
	if (nb / 16 <= na) {
		size_t i = 0, j = 0;
		while (i < na && j < nb) {
			uint32_t x = a[i].name, y = b[j].name;
			if (x == y)
				return true;
			i += x < y;
			j += y < x;
		}
		return false;
	}
	size_t j = 0;
	for (size_t i = 0; i < na && j < nb; i++) {
		uint32_t want = a[i].name;
		size_t step = 1, lo = j;
		while (lo + step < nb && b[lo + step].name < want) {
			lo += step;
			step *= 2;
		}
		size_t hi = lo + step < nb ? lo + step : nb - 1;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (b[mid].name < want)
				lo = mid + 1;
			else
				hi = mid;
		}
		j = lo;
		if (b[j].name == want)
			return true;
	}
	return false;
}

static bool keys_linked(const lk_index *ix, uint64_t ka, uint64_t kb)
{
	const posting *pa, *pb;
	size_t na = lk_match__postings(ix, ka, &pa), nb = lk_match__postings(ix, kb, &pb);
	if (na == 0 || nb == 0)
		return false;
	return share_name(pa, na, pb, nb);
}

/* Append the names two posting runs share to out (at most max in all); returns the new count,
 * which exceeds max when there are more. Runs of like lengths are merged (without a branch on
 * the names: common words and skeletons have a thousand postings and more, and which run
 * moves on is unpredictable); a short run is looked up in a much longer one by galloping. */
static size_t collect_shared(const posting *a, size_t na, const posting *b, size_t nb,
                             uint32_t *out, size_t n, size_t max)
{
	if (na > nb) {
		const posting *t = a;
		a = b;
		b = t;
		size_t tn = na;
		na = nb;
		nb = tn;
	}
	if (a == b) { /* one key on both sides: every name */
		for (size_t i = 0; i < na && n <= max; i++) {
			if (n < max)
				out[n] = a[i].name;
			n++;
		}
		return n;
	}
	if (nb / 16 <= na) {
		size_t i = 0, j = 0;
#if defined(__SSE2__)
		/* Four names of each run at a time (runs of common parts and skeletons have
		 * thousands): each of a's four against each of b's, by rotating b's; then the block
		 * whose last name is smaller moves on (both if equal). Every name of a meets every
		 * name of b that could equal it, and a run holds a name once (index.c), so each
		 * shared name is found once, and in ascending order. The rest one at a time. */
		_Static_assert(sizeof(posting) == sizeof(uint32_t), "postings are packed names");
		while (i + 4 <= na && j + 4 <= nb && n <= max) {
			__m128i va = _mm_loadu_si128((const __m128i *)(a + i));
			__m128i vb = _mm_loadu_si128((const __m128i *)(b + j));
			__m128i eq = _mm_or_si128(
				_mm_or_si128(_mm_cmpeq_epi32(va, vb),
			                 _mm_cmpeq_epi32(va, _mm_shuffle_epi32(vb, _MM_SHUFFLE(0, 3, 2, 1)))),
				_mm_or_si128(_mm_cmpeq_epi32(va, _mm_shuffle_epi32(vb, _MM_SHUFFLE(1, 0, 3, 2))),
			                 _mm_cmpeq_epi32(va, _mm_shuffle_epi32(vb, _MM_SHUFFLE(2, 1, 0, 3)))));
			int hit = _mm_movemask_ps(_mm_castsi128_ps(eq));
			for (size_t k = 0; hit && k < 4 && n <= max; k++, hit >>= 1)
				if (hit & 1) {
					if (n < max)
						out[n] = a[i + k].name;
					n++;
				}
			uint32_t x = a[i + 3].name, y = b[j + 3].name;
			i += x <= y ? 4 : 0;
			j += y <= x ? 4 : 0;
		}
#endif
		while (i < na && j < nb && n <= max) {
			uint32_t x = a[i].name, y = b[j].name;
			if (x == y) {
				if (n < max)
					out[n] = x;
				n++;
			}
			i += x <= y;
			j += y <= x;
		}
		return n;
	}
	size_t j = 0;
	for (size_t i = 0; i < na && j < nb && n <= max; i++) {
		uint32_t want = a[i].name;
		size_t step = 1, lo = j;
		while (lo + step < nb && b[lo + step].name < want) {
			lo += step;
			step *= 2;
		}
		size_t hi = lo + step < nb ? lo + step : nb - 1;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (b[mid].name < want)
				lo = mid + 1;
			else
				hi = mid;
		}
		j = lo;
		if (b[j].name == want) {
			if (n < max)
				out[n] = want;
			n++;
		}
	}
	return n;
}

/* Append the names out[from..from + count) again, as collect_shared would append them (they
 * are the names some two keys share, all of them: from + count <= max). */
static size_t append_again(uint32_t *out, size_t from, size_t count, size_t n, size_t max)
{
	for (size_t k = 0; k < count && n <= max; k++) {
		if (n < max)
			out[n] = out[from + k];
		n++;
	}
	return n;
}

/* The postings of a part's keys: [0] its key, [1] and [2] its skeletons (none: 0 of them).
 * Each key is looked up once (a part without a listed spelling is keyed by its first
 * skeleton), the key table's slots loaded together. */
typedef struct part_runs {
	const posting *p[3];
	size_t n[3];
} part_runs;

static void part_runs_of(const lk_index *ix, const scan_form *f, size_t i, part_runs *r)
{
	const uint64_t k[3] = {f->key[i], f->skel[i][0], f->skel[i][1]};
	for (size_t x = 0; x < 3; x++)
		if (k[x])
			lk_match__postings_prefetch(ix, k[x]);
	for (size_t x = 0; x < 3; x++) {
		r->p[x] = NULL;
		r->n[x] = 0;
		if (!k[x])
			continue;
		if (x > 0 && k[x] == k[0]) {
			r->p[x] = r->p[0];
			r->n[x] = r->n[0];
		} else {
			r->n[x] = lk_match__postings(ix, k[x], &r->p[x]);
		}
	}
}

size_t lk_scan__shared_names(const lk_index *ix, const scan_form *a, size_t i,
                             const scan_form *b, size_t j, uint32_t *out, size_t n, size_t max)
{
	part_runs ra, rb;
	part_runs_of(ix, a, i, &ra);
	part_runs_of(ix, b, j, &rb);
	/* A part without a listed spelling is keyed by its first skeleton (part_key): when both
	 * are, the skeletons' first pair shares what the keys share, found once. */
	size_t from = n;
	bool keyed = a->key[i] && b->key[j];
	if (keyed && ra.n[0] && rb.n[0])
		n = collect_shared(ra.p[0], ra.n[0], rb.p[0], rb.n[0], out, n, max);
	size_t count = n - from;
	for (size_t x = 0; x < 2 && a->skel[i][x]; x++)
		for (size_t y = 0; y < 2 && b->skel[j][y]; y++) {
			if (x == 0 && y == 0 && keyed && a->skel[i][0] == a->key[i] &&
			    b->skel[j][0] == b->key[j] && n <= max)
				n = append_again(out, from, count, n, max);
			else if (ra.n[1 + x] && rb.n[1 + y])
				n = collect_shared(ra.p[1 + x], ra.n[1 + x], rb.p[1 + y], rb.n[1 + y], out,
				                   n, max);
		}
	return n;
}

bool lk_scan__linked(const lk_index *ix, const scan_form *a, const scan_form *b)
{
	/* The adjacent parts: the last of a and the first of b. */
	return parts_linked(ix, a, a->nparts - 1u, b, 0);
}

bool lk_scan__self_linked(const lk_index *ix, const scan_form *f)
{
	(void)ix;
	return f->linked;
}

/* ---- the word ---- */

/* Latinise s[0..n) without spaces into out (size cap); "" if it cannot be. */
static void latin_word(scan_ctx *c, const char *s, size_t n, char *out, size_t cap)
{
	uint32_t cps[SCAN_FORM_CAP / 3];
	size_t ncp;
	out[0] = 0;
	int kind = c->char_cache && n < SCAN_FORM_CAP ? pure_word(s, n, cps, &ncp) : PURE_NONE;
	if (kind != PURE_NONE) {
		prefetch_chars(c, kind, cps, ncp); /* (for key_form, which follows) */
		if (latin_by_char(c, cps, ncp, out, cap))
			return;
	}
	if (latinize_default(c, s, n))
		return;
	size_t k = 0;
	for (const char *p = lk_buf_cstr(&c->latin); *p && k + 1 < cap; p++)
		if (*p != ' ')
			out[k++] = *p;
	out[k] = 0;
}

/* Offset of the first lower-to-upper case change after at least two letters ("PutinWHO" ->
 * 5), or 0. */
static size_t camel_break(const char *s, size_t n)
{
	size_t i = 0, letters = 0;
	bool prev_lower = false;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) { /* ASCII: what u_isupper, u_istitle and u_islower say */
			if (prev_lower && letters >= 2 && c >= 'A' && c <= 'Z')
				return i;
			prev_lower = c >= 'a' && c <= 'z';
			letters++;
			i++;
			continue;
		}
		uint32_t cp;
		size_t k = lk_utf8_decode(s + i, n - i, &cp);
		if (prev_lower && letters >= 2 && (u_isupper((UChar32)cp) || u_istitle((UChar32)cp)))
			return i;
		prev_lower = u_islower((UChar32)cp);
		letters++;
		i += k;
	}
	return 0;
}

void lk_scan__analyse_base(scan_ctx *c, const char *text, scan_word *w)
{
	const char *s = text + w->start;
	size_t n = w->end - w->start;
	char latin[SCAN_FORM_CAP];

	w->nforms = 0;
	w->title = w->place = w->glued = w->may_glue = false;
	if (n >= SCAN_FORM_CAP)
		return;
	for (size_t i = 0; i < LK_ARRAY_SIZE(titles_raw); i++) {
		if (s[0] != titles_raw[i][0]) /* (all begin with a non-ASCII byte) */
			continue;
		size_t m = strlen(titles_raw[i]);
		if (n < m || memcmp(s, titles_raw[i], m) != 0)
			continue;
		/* a particle may follow: two letters, one in Cyrillic */
		size_t after = lk_scan__code_points(s + m, n - m);
		if (after <= 2 && (w->script != LK_SCRIPT_CYRILLIC || after <= 1)) {
			w->title = true;
			return;
		}
	}
	latin_word(c, s, n, latin, sizeof latin);
	if (lk_scan__is_title(latin)) {
		w->title = true;
		return;
	}
	if (in_list(places, LK_ARRAY_SIZE(places), latin)) {
		w->place = true;
		return;
	}
	/* "PutinWHO": a listed spelling before a case change is the name, the rest debris. */
	size_t brk = camel_break(s, n);
	if (brk) {
		word_forms(c, w, s, brk);
		if (w->nforms > 0 && w->form[0].exact) {
			w->end = w->start + brk;
			return;
		}
		w->nforms = 0;
	}
	word_forms(c, w, s, n);
	w->may_glue = !(w->nforms > 0 && w->form[0].exact) && w->script == LK_SCRIPT_LATIN &&
	              n <= 40;
}

size_t lk_scan__glue_prefixes(scan_ctx *c, const char *text, const scan_word *w,
                              scan_prefix *out, size_t max)
{
	const char *s = text + w->start;
	size_t n = w->end - w->start, k = 0;
	if (!w->may_glue)
		return 0;
	/* Longest first, at least three letters. */
	size_t bounds[48], nb = 0;
	for (size_t i = 0; i < n && nb < LK_ARRAY_SIZE(bounds);) {
		uint32_t cp;
		i += lk_utf8_decode(s + i, n - i, &cp);
		bounds[nb++] = i;
	}
	for (size_t b = nb >= 2 ? nb - 2 : 0; b >= 2 && b < nb && k < max; b--) {
		size_t len = bounds[b];
		if (key_form(c, s, len, &out[k].f, true) && out[k].f.exact)
			out[k++].len = (uint16_t)len;
	}
	return k;
}

bool lk_scan__glue(const lk_index *ix, scan_word *w, const scan_prefix *p, size_t n,
                   const scan_word *prev)
{
	if (!w->may_glue || !prev || prev->nforms == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lk_scan__linked(ix, &prev->form[0], &p[i].f)) {
			w->form[0] = p[i].f;
			w->nforms = 1;
			w->end = w->start + p[i].len;
			w->glued = true;
			w->may_glue = false;
			return true;
		}
	return false;
}

void lk_scan__analyse_word(scan_ctx *c, const char *text, scan_word *w, const scan_word *prev)
{
	lk_scan__analyse_base(c, text, w);
	if (!w->may_glue || !prev || prev->nforms == 0)
		return;
	/* "Grant Shappswarnte": a listed spelling that goes with the previous name word, glued
	 * to the next word. */
	scan_prefix p[SCAN_MAX_PREFIXES];
	size_t n = lk_scan__glue_prefixes(c, text, w, p, SCAN_MAX_PREFIXES);
	lk_scan__glue(c->ix, w, p, n, prev);
}
