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
#include "text_tables.h"
#include "lookout/strmap.h"
#include "lookout/utf8.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

/* The Han and Hangul path's shortcuts (lk_scan__parts_linked keeps its answers,
 * lk_scan__cjk_narrow leaves candidates out), per thread; off only in the tests, which
 * compare the answers with and without them. */
_Thread_local bool lk_scan__cjk_shortcuts_off;

void lk_scan__set_cjk_shortcuts(bool on)
{
	lk_scan__cjk_shortcuts_off = !on;
}


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
		size_t len = may_be_cjk(o);
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

/* Is c a letter (u_isalpha; without a call for ASCII, as the spaces of span queries are)? */
static inline bool is_letter(uint32_t c)
{
	if (c < 0x80)
		return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
	return u_isalpha((UChar32)c);
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
		else if (is_letter(c))
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
	if (title_follows)
		return true;
	/* lk_scan__cjk_text and the syllables in one pass */
	size_t n = strlen(q), syllables = 0;
	uint32_t first = 0;
	for (size_t i = 0; i < n;) {
		uint32_t c;
		i += lk_utf8_decode(q + i, n - i, &c);
		if (cjk_cp(c)) {
			if (syllables++ == 0)
				first = c;
		} else if (is_letter(c)) {
			return true; /* not Han or Hangul text */
		}
	}
	if (syllables == 0 || syllables > 2)
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

/* What listed names begin with (name_firsts): hashed spellings (lk_match__key_hash of a
 * canonical spelling, kind 'c', or of a Korean syllable key, kind 'k') in an open-addressing
 * table. Made per thread: hashing into a table of integers costs a fraction of what a map of
 * printed strings ("c:kim", "k:...") did, made and asked with snprintf (2 % of a pass over
 * the benchmark's Korean). */
struct key_table {
	size_t mask, n;
	uint64_t slot[];           /* 0: empty (lk_match__key_hash is never 0) */
};

static bool key_table_has(const key_table *t, uint64_t key)
{
	for (size_t h = (size_t)(key ^ (key >> 29)) & t->mask;; h = (h + 1) & t->mask) {
		if (t->slot[h] == key)
			return true;
		if (t->slot[h] == 0)
			return false;
	}
}

/* An empty table of size slots (a power of two), or NULL if out of memory. */
static key_table *key_table_new(size_t size)
{
	key_table *t = calloc(1, sizeof *t + size * sizeof *t->slot);
	if (t)
		t->mask = size - 1;
	return t;
}

/* Add key to *tp, growing it (at most half full); false if out of memory. */
static bool key_table_put(key_table **tp, uint64_t key)
{
	key_table *t = *tp;
	if (2 * (t->n + 1) > t->mask + 1) {
		key_table *g = key_table_new(2 * (t->mask + 1));
		if (!g)
			return false;
		for (size_t i = 0; i <= t->mask; i++)
			if (t->slot[i])
				key_table_put(&g, t->slot[i]); /* fits: no growth */
		free(t);
		*tp = t = g;
	}
	size_t h = (size_t)(key ^ (key >> 29)) & t->mask;
	while (t->slot[h] && t->slot[h] != key)
		h = (h + 1) & t->mask;
	if (!t->slot[h]) {
		t->slot[h] = key;
		t->n++;
	}
	return true;
}

/* Put the canonical spelling of token t and each of its Korean syllable keys (one, or several
 * '|'-separated) into *m; false if out of memory. */
static bool put_first(key_table **m, const mtoken *t)
{
	if (!key_table_put(m, lk_match__key_hash(t->canon, 'c')))
		return false;
	for (const char *p = t->kor; p && *p;) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		if (n < LK_TEXT__KOR_KEY) {
			char key[LK_TEXT__KOR_KEY];
			memcpy(key, p, n);
			key[n] = 0;
			if (!key_table_put(m, lk_match__key_hash(key, 'k')))
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
static key_table *name_firsts(const lk_index *ix)
{
	key_table *m = key_table_new(1024);
	bool ok = m != NULL;
	for (size_t i = 0; ok && i < ix->nnames; i++) {
		const mname *nm = &ix->names[i];
		bool person = ix->name_schema[i] == LK_SCHEMA_PERSON;
		for (size_t t = 0; t < nm->ntok && ok; t++)
			if (person ? nm->tok[t].role == ROLE_FAMILY : t == 0)
				ok = put_first(&m, &nm->tok[t]);
	}
	if (!ok) {
		free(m);
		m = NULL;
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
		char low[16], key[16], canon[TOKEN_CAP];
		size_t n = 0;
		for (const char *p = lk_buf_cstr(&b); *p; p++)
			if (*p != ' ' && *p != '-')
				low[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p | 0x20 : *p);
		low[n] = 0;
		lk_text__canon(canon, sizeof canon, low, n);
		yes = key_table_has(tb->firsts, lk_match__key_hash(canon, 'c'));
		if (!yes && lk_text__korean_key(key, low, n))
			yes = key_table_has(tb->firsts, lk_match__key_hash(key, 'k'));
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
	bool is_han = w->script == LK_SCRIPT_HAN;
	/* The answer depends only on the code point and the script: kept per thread (two bits
	 * each for Han and Hangul: 0 not known yet, 1 no, 2 yes). */
	unsigned shift = is_han ? 0 : 2;
	if (c < FIRSTS_KNOWN && tb->first_known && (tb->first_known[c] >> shift & 3)) {
		yes = (tb->first_known[c] >> shift & 3) == 2;
		w->begins_name = yes ? 2 : 1;
		return yes;
	}
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
			const lk_translit *v = is_han ? han : hangul;
			size_t nv = is_han ? LK_ARRAY_SIZE(han) : LK_ARRAY_SIZE(hangul);
			yes = false;
			for (size_t i = 0; i < nv && !yes; i++)
				yes = reading_begins(tb, t, k, v[i]);
		}
	}
	w->begins_name = yes ? 2 : 1;
	if (c < FIRSTS_KNOWN && cjk_cp(c) && tb->firsts) {
		if (!tb->first_known)
			tb->first_known = calloc(FIRSTS_KNOWN, 1);
		if (tb->first_known)
			tb->first_known[c] |= (uint8_t)((yes ? 2u : 1u) << shift);
	}
	return yes;
}

/*
 * Did a part of two syllables written as one ("jong un" ~ "jongun", "so myong" ~ "somyongi")
 * meet as the same spelling: letter for letter, or in canonical spelling? The engine also
 * joins spellings merely close (Jaro-Winkler 0.93 and up): for a syllable's reading that is
 * another name (서명이 "signature" read as a foreign word, somyongi, is not SO Myong).
 */
static bool joined_exact(const lk_part_match *p)
{
	const char *two = strchr(p->query, ' ') ? p->query : p->candidate;
	const char *one = two == p->query ? p->candidate : p->query;
	char text[2 * TOKEN_CAP], canon[2 * TOKEN_CAP], c[TOKEN_CAP];
	size_t nt = 0, nc = 0;
	for (const char *w = two; *w;) {
		size_t n = strcspn(w, " ");
		if (nt + n >= sizeof text || nc + n >= sizeof canon)
			return true; /* cannot tell: as the engine said */
		memcpy(text + nt, w, n);
		nt += n;
		size_t k = lk_text__canon(c, sizeof c, w, n);
		memcpy(canon + nc, c, k);
		nc += k;
		w += n + (w[n] == ' ');
	}
	text[nt] = canon[nc] = 0;
	if (strcmp(text, one) == 0)
		return true;
	lk_text__canon(c, sizeof c, one, strlen(one));
	return strcmp(canon, c) == 0;
}

/*
 * Did a part read from a Han or Hangul syllable in variant v meet its listed counterpart
 * (not letter for letter: in canonical spelling or by Korean syllable key) as the same
 * syllable? The canonical spelling folds what Latin spellings of one name vary in, and
 * folds different syllables with it: ji and ii (知 read ji, the II of HAI II), zhu and zhou
 * (注 and 周). A syllable read as Korean meets a romanisation of the same Korean syllable
 * (jeong ~ Jong ~ Chong, gim ~ Kim); a Mandarin reading is pinyin, and meets its spelling
 * only. Japanese readings (long vowels written ou, o or not at all) and foreign names read
 * from Hangul (consonant skeletons) keep the engine's judgement.
 */
static bool same_syllable(const lk_part_match *p, int v)
{
	if (v == LK_TRANSLIT_HAN_MANDARIN)
		return false;
	if (v != LK_TRANSLIT_DEFAULT && v != LK_TRANSLIT_HANGUL_MR && v != LK_TRANSLIT_HANGUL_DPRK)
		return true;
	char a[16], b[16];
	return lk_text__korean_key(a, p->query, strlen(p->query)) &&
	       lk_text__korean_key(b, p->candidate, strlen(p->candidate)) && strcmp(a, b) == 0;
}

/*
 * Is the listed name of x a Korean name: every part it matched with is a romanised Korean
 * syllable (or two written as one), one of them a family name? The Korean readings of a
 * span meet such a name syllable by syllable; its reading as a transcribed foreign word
 * meets it only loosely, by consonant skeleton (미영 현우 양, three given names, read
 * "miyong hyonu yang" met Hyon U JANG).
 */
static bool korean_listed(const lk_explanation *x)
{
	bool surname = false;
	for (size_t i = 0; i < x->nparts; i++) {
		const char *c = x->parts[i].candidate;
		while (*c) {
			size_t n = strcspn(c, " ");
			char key[16];
			if (!lk_text__korean_key(key, c, n))
				return false;
			surname |= lk_text__is_korean_surname(c, n);
			c += n + (c[n] == ' ');
		}
	}
	return surname;
}

/* Does a result for a query written in Han or Hangul read as the whole listed name? */
static bool cjk_match(const char *query, const lk_match_result *r)
{
	const lk_explanation *x = &r->explanation;
	bool own = x->matched_name && lk_scan__cjk_text(x->matched_name);
	int v = translit_of(x->translit);
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
		if (p->how == LK_PART_UNMATCHED || p->how == LK_PART_FUZZY ||
		    (p->how == LK_PART_JOINED && !joined_exact(p)) ||
		    (p->how == LK_PART_PHONETIC && !own && !same_syllable(p, v)))
			return false;
		core += p->how == LK_PART_JOINED ? 2 : 1;
	}
	if (own)
		return true; /* the list's own writing */
	if (v == LK_TRANSLIT_HANGUL_LOANWORD && korean_listed(x))
		return false;
	if (r->entity->schema == LK_SCHEMA_PERSON)
		return core >= 2 && cjk_family_first(query, r);
	return core >= 3;
}

bool lk_scan__text_match(const char *query, const lk_match_result *r)
{
	return whole_name(r) && (!lk_scan__cjk_text(query) || cjk_match(query, r));
}

/* ---- links between the words of a Han or Hangul run ----
 *
 * Every two adjacent words of Chinese and Korean prose are tested for a listed name they
 * share, and most such pairs recur (the same words, the same keys). Only whether there is one
 * counts for them (their spans take their candidates from cjk_candidates): the answer is kept
 * per thread, by a hash of the six keys that decide it, in a table of integers. */

#define LINK_SLOTS (1u << 16)          /* answers kept per thread ... */
#define LINKS_KEPT (LINK_SLOTS / 4 * 3) /* ... emptied when this full */

bool lk_scan__parts_linked(scan_tables *t, const scan_form *a, size_t i, const scan_form *b,
                           size_t j)
{
	if (lk_scan__cjk_shortcuts_off)
		return lk_scan__shared_names(t->ix, a, i, b, j, NULL, 0, 0) > 0;
	if (!t->links || t->nlinks >= LINKS_KEPT) {
		if (!t->links)
			t->links = malloc(LINK_SLOTS * sizeof *t->links);
		if (!t->links) /* an optimisation: go on without it */
			return lk_scan__shared_names(t->ix, a, i, b, j, NULL, 0, 0) > 0;
		memset(t->links, 0, LINK_SLOTS * sizeof *t->links);
		t->nlinks = 0;
	}
	/* A slot holds the six keys' hash with the answer in its lowest bit (0: empty): eight
	 * bytes, so that the table (half a MB) stays in the cache; two 64-bit key hashes of the
	 * index already stand for their strings the same way. */
	const uint64_t k[6] = {a->key[i], a->skel[i][0], a->skel[i][1],
	                       b->key[j], b->skel[j][0], b->skel[j][1]};
	uint64_t h = 0x9E3779B97F4A7C15ull;
	for (size_t x = 0; x < 6; x++) {
		h = (h ^ k[x]) * 0xBF58476D1CE4E5B9ull;
		h ^= h >> 31;
	}
	h = (h & ~(uint64_t)1) | 2u; /* never 0 */
	size_t at = (size_t)(h >> 40) & (LINK_SLOTS - 1);
	for (;; at = (at + 1) & (LINK_SLOTS - 1)) {
		uint64_t v = t->links[at];
		if (v == 0)
			break;
		if ((v & ~(uint64_t)1) == h)
			return v & 1;
	}
	/* with max 0 it stops at the first name the parts share */
	bool linked = lk_scan__shared_names(t->ix, a, i, b, j, NULL, 0, 0) > 0;
	t->links[at] = h | linked;
	t->nlinks++;
	return linked;
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
	free(t->firsts);
	free(t->first_known);
	lk_scan__cjk_tables_free(t);
	free(t->links);
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

/* The function words in a hash table (made once): every Arabic word is looked up, once more
 * after a wa- or fa-. Open addressing on a hash of the bytes; a slot holds a word of the
 * list (NULL: empty). */
#define FUNCTION_SLOTS 512
static const char *function_slot[FUNCTION_SLOTS];
static size_t function_longest;
static pthread_once_t function_once = PTHREAD_ONCE_INIT;

static size_t function_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return (size_t)(h ^ (h >> 15)) & (FUNCTION_SLOTS - 1);
}

static void function_table(void)
{
	_Static_assert(LK_ARRAY_SIZE(arabic_function_words) < FUNCTION_SLOTS / 2,
	               "the table of function words is at most half full");
	for (size_t i = 0; i < LK_ARRAY_SIZE(arabic_function_words); i++) {
		const char *w = arabic_function_words[i];
		size_t n = strlen(w), h = function_hash(w, n);
		while (function_slot[h])
			h = (h + 1) & (FUNCTION_SLOTS - 1);
		function_slot[h] = w;
		if (n > function_longest)
			function_longest = n;
	}
}

static bool listed_function_word(const char *s, size_t n)
{
	if (n > function_longest)
		return false;
	for (size_t h = function_hash(s, n); function_slot[h]; h = (h + 1) & (FUNCTION_SLOTS - 1))
		if (strncmp(function_slot[h], s, n) == 0 && function_slot[h][n] == 0)
			return true;
	return false;
}

bool lk_scan__function_word(const char *s, size_t n)
{
	pthread_once(&function_once, function_table);
	for (int strip = 0; strip < 2; strip++) {
		if (listed_function_word(s, n))
			return true;
		/* wa- or fa- (2 bytes each) before one of them */
		if (n < 6 || (memcmp(s, "و", 2) != 0 && memcmp(s, "ف", 2) != 0))
			return false;
		s += 2;
		n -= 2;
	}
	return false;
}
