/*
 * text_judge.c - what counts in running text: which spans are worth screening and which of
 * the engine's matches are mentions (text.c asks; scan_int.h says what each function does).
 *
 * The engine judges a name as a screening query: a missing part costs a little, and a Han or
 * Hangul query is read every way it can be. Running text is different: every capitalised
 * phrase (and, in scripts without capitals, every word) is tried, so a piece of a name, a
 * common word that reads like a name, or a function word next to a name would be reported.
 * These rules were found on real prose (bench_scan's news corpus, docs/SCANNING.md).
 */
#include "scan_int.h"
#include "lookout/strmap.h"
#include "lookout/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

typedef struct cjk_set cjk_set;

/* What the judges look up in the index (lk_scan__tables_new). */
struct scan_tables {
	const lk_index *ix;
	cjk_set *cjk;             /* made when first needed (cjk_set_new) */
	lk_strmap *firsts;        /* likewise (name_firsts) */
};

/* ---- Han and Hangul ----
 *
 * Chinese, Japanese and Korean text has no capitals, so every word is a candidate, and the
 * readings that let a query in Han or Hangul find a romanised name (金正恩 ~ KIM Jong Un,
 * 푸틴 ~ PUTIN) read ordinary words as names too: 일부 "some" as CHOE Pu Il with the family
 * name missing, 安装 "install" as CHANG AN SHIPPING, 버전 "version" as the vessel PO CHON.
 * Unless the list itself writes the name in Han or Hangul, such a span must read as the
 * whole name in running text: every given, family, initial and name part of the listed name
 * is in it, at least two of them for a person (with the family name first, see
 * cjk_family_first) and three for an organisation or vessel (two syllables read as a
 * romanised company or ship name are most often a common word). A lone syllable is a family
 * name standing for someone already named only before a title ("김 위원장"). */

size_t lk_scan__code_points(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

/* Is code point c a Han character or a Hangul syllable or letter? */
static bool cjk_cp(uint32_t c)
{
	return (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x1100 && c <= 0x11FF) ||
	       (c >= 0x3130 && c <= 0x318F) || (c >= 0x4E00 && c <= 0x9FFF) ||
	       (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0x20000 && c <= 0x2FFFF);
}

/* The Han characters and Hangul syllables of the names an index lists as written (a few
 * company and person names on the UN list), sorted. */
struct cjk_set {
	size_t n;
	uint32_t cp[];
};

static int cmp_cp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* The set for ix, or NULL if out of memory. */
static cjk_set *cjk_set_new(const lk_index *ix)
{
	size_t n = 0, cap = 64;
	cjk_set *set = malloc(sizeof *set + cap * sizeof *set->cp);
	for (size_t i = 0; set && i < ix->nnames; i++) {
		const char *o = ix->names[i].orig;
		size_t len = o ? strlen(o) : 0;
		for (size_t k = 0; k < len;) {
			uint32_t c;
			k += lk_utf8_decode(o + k, len - k, &c);
			if (!cjk_cp(c))
				continue;
			if (n == cap) {
				cjk_set *grown = realloc(set, sizeof *set + cap * 2 * sizeof *set->cp);
				if (!grown) {
					free(set);
					return NULL;
				}
				set = grown;
				cap *= 2;
			}
			set->cp[n++] = c;
		}
	}
	if (!set)
		return NULL;
	qsort(set->cp, n, sizeof *set->cp, cmp_cp);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (m == 0 || set->cp[m - 1] != set->cp[i])
			set->cp[m++] = set->cp[i];
	set->n = m;
	return set;
}

bool lk_scan__cjk_text(const char *s)
{
	size_t n = strlen(s);
	bool any = false;
	for (size_t i = 0; i < n;) {
		uint32_t c;
		i += lk_utf8_decode(s + i, n - i, &c);
		if (cjk_cp(c))
			any = true;
		else if (u_isalpha((UChar32)c))
			return false;
	}
	return any;
}

/* The transliteration variant an explanation names ("hangul-mr"), or -1. */
static int translit_of(const char *name)
{
	for (unsigned v = 0; name && v < LK_TRANSLIT__COUNT; v++)
		if (strcmp(name, lk_match__translit_name(v)) == 0)
			return (int)v;
	return -1;
}

/*
 * Korean, Chinese and Japanese write the family name first: a person read from Han or Hangul
 * as such a name (not as a transcribed foreign name) has the listed family name in its first
 * syllable (用户 "user" read yong hu is not HU Yongan).
 */
static bool cjk_family_first(const char *query, const lk_match_result *r)
{
	const lk_explanation *x = &r->explanation;
	int v = translit_of(x->translit);
	if (v < 0 || v == LK_TRANSLIT_HANGUL_LOANWORD ||
	    (x->matched_name && lk_scan__cjk_text(x->matched_name)))
		return true; /* a foreign name, or the list's own writing in the same order */
	const lk_part_match *family = NULL;
	for (size_t i = 0; i < x->nparts && !family; i++)
		if (x->parts[i].role && strcmp(x->parts[i].role, "family") == 0 &&
		    x->parts[i].candidate[0])
			family = &x->parts[i];
	if (!family)
		return true; /* the list does not say which part is the family name */
	wtoken t[MAX_TOKENS];
	int nt = lk_match__analyse(t, query, strlen(query), (lk_translit)v, KIND_PERSON, NULL, 0);
	if (nt <= 0)
		return true;
	size_t n = strlen(t[0].text);
	return strncmp(family->query, t[0].text, n) == 0 &&
	       (family->query[n] == 0 || family->query[n] == ' ');
}

/*
 * Is r a person met by two Han or Hangul syllables read as a Korean or Chinese name (a
 * particle after them aside: 서명이)? Two
 * syllables read so meet some listed name far too often (the Mandarin syllables are about
 * 400): 서명 "signature" is SO Myong, 李毅 may be LI Yi. Such a span is taken only before a
 * title ("서명 위원장").
 */
bool lk_scan__cjk_two_syllables(const lk_match_result *r)
{
	const lk_explanation *x = &r->explanation;
	if (r->entity->schema != LK_SCHEMA_PERSON || translit_of(x->translit) ==
	                                                 LK_TRANSLIT_HANGUL_LOANWORD ||
	    (x->matched_name && lk_scan__cjk_text(x->matched_name)))
		return false;
	size_t syllables = 0;
	for (size_t i = 0; i < x->nparts; i++)
		if (x->parts[i].query[0] && x->parts[i].how != LK_PART_UNMATCHED)
			syllables += x->parts[i].how == LK_PART_JOINED ? 2 : 1;
	return syllables <= 2;
}

/*
 * May the span query q meet a listed name in running text? A span of one or two Han or
 * Hangul syllables can be a mention only before a title (cjk_two_syllables), unless the lists
 * write some name with its first character: the rest need not be screened at all.
 */
bool lk_scan__worth_screening(scan_tables *t, const char *q, bool title_follows)
{
	if (title_follows || !lk_scan__cjk_text(q))
		return true;
	size_t n = strlen(q), syllables = 0;
	uint32_t first = 0;
	for (size_t i = 0; i < n;) {
		uint32_t c;
		i += lk_utf8_decode(q + i, n - i, &c);
		if (cjk_cp(c) && syllables++ == 0)
			first = c;
	}
	if (syllables > 2)
		return true;
	if (!t->cjk) {
		t->cjk = cjk_set_new(t->ix);
		if (!t->cjk)
			return true; /* out of memory: screen it */
	}
	return bsearch(&first, t->cjk->cp, t->cjk->n, sizeof first, cmp_cp) != NULL;
}

/*
 * Does a match found in running text name the listed organisation or vessel, not only a piece
 * of its name? The engine forgives a missing part, as a screening query should ("Air Force"
 * is 0.78 for SYRIAN AIR FORCE, "Hong Kong" for HONG KONG ELECTRONICS, "National Academy"
 * for NATIONAL DEFENSE ACADEMY); in text, where every capitalised phrase is tried, a piece of
 * a company's name is most often something else. Every part but generic words and legal
 * forms must be there. Persons are left to the score: news name them by fewer parts than the
 * lists ("Saddam Hussein" for AL-TIKRITI, Saddam Hussein).
 */
static bool whole_name(const lk_match_result *r)
{
	if (r->entity->schema == LK_SCHEMA_PERSON)
		return true;
	const lk_explanation *x = &r->explanation;
	for (size_t i = 0; i < x->nparts; i++) {
		const lk_part_match *p = &x->parts[i];
		if (p->role && p->candidate[0] && p->how == LK_PART_UNMATCHED &&
		    (strcmp(p->role, "name") == 0 || strcmp(p->role, "word") == 0 ||
		     strcmp(p->role, "family") == 0 || strcmp(p->role, "given") == 0))
			return false;
	}
	return true;
}

/* Put "k:" and each Korean syllable key of token t (one, or several '|'-separated), and "c:"
 * and its canonical spelling, into m; false if out of memory. */
static bool put_first(lk_strmap *m, const mtoken *t)
{
	char key[LK_TEXT__KOR_KEY + 2 + TOKEN_CAP];
	snprintf(key, sizeof key, "c:%s", t->canon);
	if (!lk_strmap_get(m, key) && lk_strmap_put(m, key, m))
		return false;
	for (const char *p = t->kor; p && *p;) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		if (n < LK_TEXT__KOR_KEY) {
			snprintf(key, sizeof key, "k:%.*s", (int)n, p);
			if (!lk_strmap_get(m, key) && lk_strmap_put(m, key, m))
				return false;
		}
		p += n + (bar != NULL);
	}
	return true;
}

/*
 * What a listed name can begin with, read as written in Korean, Chinese or Japanese order: the
 * family names of the persons (KIM, RI, CHOE, LI, ZHANG) and the first part of the other names
 * (CHON of CHON MA SAN), as canonical spellings and Korean syllable keys. NULL if out of memory.
 */
static lk_strmap *name_firsts(const lk_index *ix)
{
	lk_strmap *m = lk_strmap_new();
	for (size_t i = 0; m && i < ix->nnames; i++) {
		const mname *nm = &ix->names[i];
		bool person = ix->name_schema[i] == LK_SCHEMA_PERSON, ok = true;
		for (size_t t = 0; t < nm->ntok && ok; t++)
			if (person ? nm->tok[t].role == ROLE_FAMILY : t == 0)
				ok = put_first(m, &nm->tok[t]);
		if (!ok) {
			lk_strmap_free(m);
			m = NULL;
		}
	}
	return m;
}

/* Does the first syllable c (k bytes at t), read with variant v, begin a listed name? */
static bool reading_begins(scan_tables *tb, const char *t, size_t k, lk_translit v)
{
	lk_buf b;
	lk_buf_init(&b, 64);
	bool yes = false;
	if (lk_text_latinize(&b, t, k, v) == 0 && b.len > 0 && b.len < 16) {
		char low[16], key[16], canon[TOKEN_CAP], probe[TOKEN_CAP + 4];
		size_t n = 0;
		for (const char *p = lk_buf_cstr(&b); *p; p++)
			if (*p != ' ' && *p != '-')
				low[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p | 0x20 : *p);
		low[n] = 0;
		lk_text__canon(canon, sizeof canon, low, n);
		snprintf(probe, sizeof probe, "c:%s", canon);
		yes = lk_strmap_get(tb->firsts, probe) != NULL;
		if (!yes && lk_text__korean_key(key, low, n)) {
			snprintf(probe, sizeof probe, "k:%s", key);
			yes = lk_strmap_get(tb->firsts, probe) != NULL;
		}
	} else {
		yes = true; /* no reading: no judgement */
	}
	lk_buf_dispose(&b);
	return yes;
}

/*
 * May the Hangul or Han word w begin a listed name? In running text a span in these scripts
 * must read as the whole name, a person's with the family name first (cjk_match), so its
 * first syllable, in some reading (Korean RR, McCune-Reischauer or DPRK usage; Han also in
 * Mandarin or Japanese), must be one a listed name begins with. Most words of Korean and
 * Chinese prose (크기를, 설정으로) begin otherwise and need no screening. Remembered per word.
 */
bool lk_scan__first_syllable(scan_tables *tb, const char *text, scan_word *w)
{
	if (w->begins_name)
		return w->begins_name == 2;
	const char *t = text + w->start;
	uint32_t c;
	size_t k = lk_utf8_decode(t, w->end - w->start, &c);
	bool yes = true; /* no judgement: screen it */
	if (cjk_cp(c)) {
		if (!tb->firsts)
			tb->firsts = name_firsts(tb->ix);
		if (tb->firsts) {
			static const lk_translit hangul[] = {LK_TRANSLIT_DEFAULT, LK_TRANSLIT_HANGUL_MR,
			                                     LK_TRANSLIT_HANGUL_DPRK};
			static const lk_translit han[] = {LK_TRANSLIT_DEFAULT, LK_TRANSLIT_HANGUL_MR,
			                                  LK_TRANSLIT_HANGUL_DPRK,
			                                  LK_TRANSLIT_HAN_MANDARIN,
			                                  LK_TRANSLIT_HAN_JAPANESE};
			bool is_han = w->script == LK_SCRIPT_HAN;
			const lk_translit *v = is_han ? han : hangul;
			size_t nv = is_han ? LK_ARRAY_SIZE(han) : LK_ARRAY_SIZE(hangul);
			yes = false;
			for (size_t i = 0; i < nv && !yes; i++)
				yes = reading_begins(tb, t, k, v[i]);
		}
	}
	w->begins_name = yes ? 2 : 1;
	return yes;
}

/* Does a result for a query written in Han or Hangul read as the whole listed name? */
static bool cjk_match(const char *query, const lk_match_result *r)
{
	const lk_explanation *x = &r->explanation;
	size_t core = 0;
	for (size_t i = 0; i < x->nparts; i++) {
		const lk_part_match *p = &x->parts[i];
		bool is_core = p->role && (strcmp(p->role, "family") == 0 ||
		                           strcmp(p->role, "given") == 0 ||
		                           strcmp(p->role, "name") == 0 || strcmp(p->role, "word") == 0 ||
		                           strcmp(p->role, "initial") == 0);
		if (!is_core || !p->candidate[0])
			continue;
		/* A syllable's reading meets a romanisation or does not: a spelling merely close
		 * (cheng ~ chein) is another syllable. */
		if (p->how == LK_PART_UNMATCHED || p->how == LK_PART_FUZZY)
			return false;
		core += p->how == LK_PART_JOINED ? 2 : 1;
	}
	if (x->matched_name && lk_scan__cjk_text(x->matched_name))
		return true; /* the list's own writing */
	if (r->entity->schema == LK_SCHEMA_PERSON)
		return core >= 2 && cjk_family_first(query, r);
	return core >= 3;
}

bool lk_scan__text_match(const char *query, const lk_match_result *r)
{
	return whole_name(r) && (!lk_scan__cjk_text(query) || cjk_match(query, r));
}

/* ---- the tables ---- */

scan_tables *lk_scan__tables_new(const lk_index *ix)
{
	scan_tables *t = calloc(1, sizeof *t);
	if (t)
		t->ix = ix;
	return t;
}

void lk_scan__tables_free(scan_tables *t)
{
	if (!t)
		return;
	free(t->cjk);
	lk_strmap_free(t->firsts);
	free(t);
}

/* ---- initials and Arabic function words ---- */

size_t lk_scan__letter_run(const char *s, size_t n)
{
	size_t run = 0, best = 0;
	for (size_t i = 0; i < n;) {
		uint32_t c;
		i += lk_utf8_decode(s + i, n - i, &c);
		run = u_isalpha((UChar32)c) ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	return best;
}

/*
 * Arabic function words: prepositions, pronouns, demonstratives, conjunctions, particles and
 * the commonest auxiliary verbs. Arabic has no capitals, so every word would otherwise be a
 * name word, and these stand next to names all the time ("وكان كيم" read as a name meets
 * KIM Yevgeniy; "التي سيتم" "which will be", ARTA SYSTEM). They are never names, with or
 * without a leading wa- or fa- ("and", "so"). (على "on" is here, علي "Ali" is not.)
 */
static const char *const arabic_function_words[] = {
	"في", "من", "إلى", "الى", "على", "عن", "مع", "عند", "بين", "بعد", "قبل", "حتى",
	"منذ", "خلال", "حول", "ضد", "دون", "لدى", "تحت", "فوق", "أمام", "امام", "لدي",
	"التي", "التى", "الذي", "الذى", "الذين", "اللذين", "اللتين", "اللواتي", "اللاتي",
	"هذا", "هذه", "ذلك", "تلك", "هؤلاء", "أولئك", "هناك", "هنا", "هو", "هي", "هم", "هن",
	"أنا", "نحن", "أنت", "أنتم", "انه", "أنه", "أنها", "إنه", "إنها", "انها",
	"أن", "إن", "ان", "لأن", "لان", "لكن", "لكنه", "بل", "أو", "او", "أم", "ثم", "إذا", "اذا",
	"إذ", "لو", "كما", "كي", "حيث", "بينما", "عندما", "لما", "ما", "ماذا", "لماذا", "كيف",
	"متى", "أين", "هل", "كان", "كانت", "كانوا", "يكون", "تكون", "ليس", "ليست", "قد", "لقد",
	"سوف", "لم", "لن", "لا", "قال", "قالت", "يقول", "تقول", "تم", "يتم", "سيتم", "تتم",
	"ستتم", "كل", "بعض", "غير", "أي", "اي", "جميع", "عدة", "أيضا", "ايضا", "أيضاً", "فقط",
	"جدا", "نحو", "به", "بها", "له", "لها", "لهم", "منه", "منها", "عليه", "عليها", "فيه",
	"فيها", "إليه", "اليه",
};

bool lk_scan__function_word(const char *s, size_t n)
{
	for (int strip = 0; strip < 2; strip++) {
		for (size_t i = 0; i < LK_ARRAY_SIZE(arabic_function_words); i++) {
			size_t m = strlen(arabic_function_words[i]);
			if (m == n && memcmp(s, arabic_function_words[i], n) == 0)
				return true;
		}
		/* wa- or fa- (2 bytes each) before one of them */
		if (n < 6 || (memcmp(s, "و", 2) != 0 && memcmp(s, "ف", 2) != 0))
			return false;
		s += 2;
		n -= 2;
	}
	return false;
}
