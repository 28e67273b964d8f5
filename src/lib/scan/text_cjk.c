/*
 * text_cjk.c - the names a Han or Hangul span can be, found from keys instead of the engine's
 * retrieval (lk_scan__cjk_candidates; text_judge.c judges the results, text.c asks).
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

/* ---- the names a Han or Hangul span can be ----
 *
 * cjk_match takes a result for a span in Han or Hangul only if every core part of the listed
 * name (family, given, name, word, initial) met a part of the span's reading other than
 * fuzzily: exactly, by canonical spelling, by Korean syllable key, by consonant skeleton
 * (where one side's vowels are unreliable: a Hangul word read as a foreign name, Arabic
 * script), as an initial, or two parts written as one. So the engine need not retrieve for
 * such a span over every reading (most of the scan's time on Chinese and Korean prose, for
 * spans that are almost never names): the names that can pass are those whose every core part
 * meets, by one of these keys, a part of some reading of the span. The index's names are
 * turned into such keys once per thread (cjk_names_new); a span's readings (those the engine
 * would try, lk_text_translit_variants) into the keys they offer (query_keys). Each listed
 * name is filed under the keys of its rarest core part only (its anchor: a name that passes
 * meets it), and checked part by part when a span offers one of them (cjk_candidates).
 *
 * Not covered (the judge's rules would let them pass, but the engine's scorer then had to
 * meet them fuzzily or by a one-letter reading): two syllables written as one in the list
 * whose spellings differ beyond Korean syllable keys (a Jaro-Winkler of 0.93 or more), and a
 * syllable read as one vowel letter ("i" of 이) standing as the initial of a longer listed
 * part.
 */

#define CJK_MAX_CORE 24     /* core parts of a name kept (more: never a candidate) */
#define CJK_QUERY_KEYS 1024 /* keys one span's readings offer */
#define CJK_CACHED 65536    /* spans whose candidates a thread keeps */
#define CJK_MAX_CANDS 4096  /* candidates kept per span (more: the engine retrieves) */

/* An anchor key and the names filed under it: anames[from .. to). */
typedef struct anchor_slot {
	uint64_t key;
	uint32_t from, to;
} anchor_slot;

typedef struct cjk_entry {
	uint64_t key;
	uint32_t mask;      /* the core parts it meets (bit per core part) */
	uint32_t joined;    /* of those, met by two parts of the span written as one in the
	                       list: the judge counts such a part twice (JOINED_BITS); above
	                       them, the kind of key (ENTRY_*, reading_may_pass) */
} cjk_entry;

#define JOINED_BITS ((1u << CJK_MAX_CORE) - 1u)
#define ENTRY(kind) ((uint32_t)(kind) << CJK_MAX_CORE)

/* What a listed part meets a part of the span by, through a key. */
enum {
	ENTRY_CANON = 1, /* the canonical spelling (the same letters, or PHONETIC) */
	ENTRY_KOR,       /* a Korean syllable key (PHONETIC) */
	ENTRY_SKEL,      /* the consonant skeleton (PHONETIC) */
	ENTRY_INITIAL,   /* an initial */
	ENTRY_JOINED,    /* two parts of the span written as one in the list (JOINED) */
	ENTRY_PAIR       /* this part and the next, as one part of the span (JOINED) */
};

enum { CJK_USED = 1, CJK_PERSON = 2, CJK_OWN = 4 };

struct cjk_names {
	uint32_t *off;            /* entries of name i: entries[off[i] .. off[i + 1]) */
	cjk_entry *entries;
	uint32_t *full;           /* per name: every core part's bit */
	uint32_t *family;         /* per name: its family name parts' bits (persons) */
	uint8_t *flags;           /* per name: CJK_* */
	uint64_t *akeys;          /* anchor keys, sorted, distinct */
	uint32_t *aoff;           /* the names filed under akeys[i]: anames[aoff[i] .. aoff[i + 1]) */
	struct filed *anames;
	size_t nakeys;
	struct anchor_slot *slots; /* hash table of akeys with their names: one lookup reads
	                              the key and where its names are (key 0: empty) */
	size_t slot_mask;
	uint64_t *abloom;         /* a bit per anchor key (ABLOOM_BITS): most keys a span offers
	                             are none, and this small table says so */
	uint64_t serial;          /* the index's (lk_index.serial) */
	int refs;                 /* shared_lock */
};

static void cjk_names_free(cjk_names *c)
{
	if (!c)
		return;
	free(c->off);
	free(c->entries);
	free(c->full);
	free(c->family);
	free(c->flags);
	free(c->akeys);
	free(c->slots);
	free(c->abloom);
	free(c->aoff);
	free(c->anames);
	free(c);
}

/* The last table made, shared by the threads that scan with its index (it is only read once
 * made): made again per thread, it took a tenth of a pass over the benchmark's Korean. The
 * slot holds a reference; so does each thread's scan_tables that uses it. */
static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;
static cjk_names *shared_names;

static void cjk_names_release(cjk_names *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&shared_lock);
	bool last = --c->refs == 0;
	pthread_mutex_unlock(&shared_lock);
	if (last)
		cjk_names_free(c);
}

static cjk_names *cjk_names_new(const lk_index *ix);

/* The table of ix, shared or made; NULL if out of memory. */
static cjk_names *cjk_names_get(const lk_index *ix)
{
	pthread_mutex_lock(&shared_lock);
	cjk_names *c = shared_names;
	if (c && c->serial == ix->serial)
		c->refs++;
	else
		c = NULL;
	pthread_mutex_unlock(&shared_lock);
	if (c)
		return c;
	cjk_names *made = cjk_names_new(ix); /* outside the lock: another thread may make one
	                                        too, and one of them is kept */
	if (!made)
		return NULL;
	made->serial = ix->serial;
	cjk_names *drop = NULL;
	pthread_mutex_lock(&shared_lock);
	if (shared_names && shared_names->serial == ix->serial) {
		c = shared_names;
		c->refs++;
		drop = made;
	} else {
		if (shared_names && --shared_names->refs == 0)
			drop = shared_names;
		shared_names = c = made;
		c->refs = 2; /* the slot's and the caller's */
	}
	pthread_mutex_unlock(&shared_lock);
	cjk_names_free(drop);
	return c;
}

static uint64_t ckey(char kind, const char *s)
{
	return lk_match__key_hash(s, kind);
}

typedef struct entry_vec {
	cjk_entry *v;
	size_t n, cap;
	bool oom;
} entry_vec;

static void put_entry(entry_vec *e, uint64_t key, uint32_t mask, uint32_t joined)
{
	if (e->n == e->cap) {
		size_t nc = e->cap ? e->cap * 2 : 1 << 16;
		cjk_entry *p = realloc(e->v, nc * sizeof *p);
		if (!p) {
			e->oom = true;
			return;
		}
		e->v = p;
		e->cap = nc;
	}
	e->v[e->n++] = (cjk_entry){key, mask, joined};
}

/* Two strings one after the other, into out (cap bytes): false if they do not fit. */
static bool concat(char *out, size_t cap, const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	if (na + nb >= cap)
		return false;
	memcpy(out, a, na);
	memcpy(out + na, b, nb + 1);
	return true;
}

static bool personal_role(uint8_t r)
{
	return r == ROLE_NAME || r == ROLE_GIVEN || r == ROLE_FAMILY || r == ROLE_PATRONYMIC ||
	       r == ROLE_INITIAL;
}

/* The entries of listed name m (its core parts cp[0..ncore) are its tokens at), appended. */
static void name_entries(entry_vec *e, const mname *m, const int *core_of)
{
	char buf[2 * TOKEN_CAP + 2], canon[2 * TOKEN_CAP + 2];
	for (size_t t = 0; t < m->ntok; t++) {
		const mtoken *k = &m->tok[t];
		if (core_of[t] >= 0) {
			uint32_t bit = 1u << core_of[t];
			put_entry(e, ckey('c', k->canon), bit, ENTRY(ENTRY_CANON));
			put_entry(e, ckey('J', k->canon), bit, bit | ENTRY(ENTRY_JOINED));
			for (const char *p = k->kor; p && *p;) {
				size_t n = strcspn(p, "|");
				if (n < sizeof buf) {
					memcpy(buf, p, n);
					buf[n] = 0;
					put_entry(e, ckey('k', buf), bit, ENTRY(ENTRY_KOR));
				}
				p += n + (p[n] == '|');
			}
			if (k->skel && k->skel[0])
				put_entry(e, ckey(k->loose ? 'S' : 's', k->skel), bit, ENTRY(ENTRY_SKEL));
			if (k->len == 1 && personal_role(k->role))
				put_entry(e, ckey('i', k->text), bit, ENTRY(ENTRY_INITIAL));
		}
		/* this part and the next written as one in the span */
		if (t + 1 < m->ntok && (core_of[t] >= 0 || core_of[t + 1] >= 0)) {
			uint32_t mask = (core_of[t] >= 0 ? 1u << core_of[t] : 0) |
			                (core_of[t + 1] >= 0 ? 1u << core_of[t + 1] : 0);
			const mtoken *n = &m->tok[t + 1];
			if (concat(buf, sizeof buf, k->canon, n->canon))
				put_entry(e, ckey('c', buf), mask, ENTRY(ENTRY_PAIR));
			if (concat(buf, sizeof buf, k->text, n->text)) {
				lk_text__canon(canon, sizeof canon, buf, strlen(buf));
				put_entry(e, ckey('c', canon), mask, ENTRY(ENTRY_PAIR));
			}
		}
	}
}

/* A name filed under a key of its anchor, with a quick test of another core part: the bits
 * (key_bit) of every key that part can be met by; a span whose key bits have none of them
 * cannot have the name, without reading its entries. probe[0] == NO_PROBE: no test. */
#define CJK_PROBES 6
#define ABLOOM_BITS (1u << 19)
#define NO_PROBE 0xFFFFu

typedef struct filed {
	uint32_t name;
	uint16_t probe[CJK_PROBES];
} filed;

static inline unsigned key_bit(uint64_t key)
{
	return (unsigned)(key >> 20) & 4095u;
}

typedef struct key_name {
	uint64_t key;
	filed f;
} key_name;

static bool core_role(uint8_t r)
{
	return r == ROLE_FAMILY || r == ROLE_GIVEN || r == ROLE_NAME || r == ROLE_WORD ||
	       r == ROLE_INITIAL;
}

/* Does the listed value o write anything in Han or Hangul? */
static bool own_writing(const char *o)
{
	size_t len = may_be_cjk(o);
	for (size_t k = 0; k < len;) {
		uint32_t c;
		k += lk_utf8_decode(o + k, len - k, &c);
		if (cjk_cp(c))
			return true;
	}
	return false;
}

/* The keys of ix's names and their anchors; NULL if out of memory. */
static cjk_names *cjk_names_new(const lk_index *ix)
{
	cjk_names *c = calloc(1, sizeof *c);
	entry_vec e = {0};
	key_name *kn = NULL;
	size_t n = ix->nnames;
	if (!c)
		return NULL;
	c->off = malloc((n + 1) * sizeof *c->off);
	c->full = calloc(n ? n : 1, sizeof *c->full);
	c->family = calloc(n ? n : 1, sizeof *c->family);
	c->flags = calloc(n ? n : 1, sizeof *c->flags);
	if (!c->off || !c->full || !c->family || !c->flags)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		const mname *m = &ix->names[i];
		c->off[i] = (uint32_t)e.n;
		int core_of[MAX_TOKENS];
		size_t ncore = 0;
		for (size_t t = 0; t < m->ntok && t < MAX_TOKENS; t++)
			core_of[t] = core_role(m->tok[t].role) && m->tok[t].text[0] &&
			                     ncore < CJK_MAX_CORE
			                 ? (int)ncore++
			                 : -1;
		bool person = ix->name_schema[i] == LK_SCHEMA_PERSON, own = own_writing(m->orig);
		/* Never a mention of a span in Han or Hangul: no core part, too many, or too few to
		 * reach the judge's count (a person 2, counting a part written as two syllables
		 * twice; anything else 3) */
		if (ncore == 0 || m->ntok > MAX_TOKENS || (!own && !person && ncore < 2))
			continue;
		name_entries(&e, m, core_of);
		if (e.oom)
			goto fail;
		c->full[i] = (1u << ncore) - 1u; /* ncore <= CJK_MAX_CORE < 32 */
		/* (cjk_family_first reads the span in the listed name's own variant when it has
		 * one: then its family name is not looked for among the first syllable's keys) */
		for (size_t t = 0; person && m->translit == LK_TRANSLIT_DEFAULT && t < m->ntok; t++)
			if (core_of[t] >= 0 && m->tok[t].role == ROLE_FAMILY)
				c->family[i] |= 1u << core_of[t];
		c->flags[i] = (uint8_t)(CJK_USED | (person ? CJK_PERSON : 0) | (own ? CJK_OWN : 0));
	}
	c->off[n] = (uint32_t)e.n;
	c->entries = e.v;
	e.v = NULL;
	/* File each name under the keys of its anchor: its rarest core part (fewest listed names
	 * with its canonical spelling), so that a span brings up few names per key. */
	size_t nkn = 0, cap_kn = 0;
	for (size_t i = 0; i < n; i++) {
		if (!(c->flags[i] & CJK_USED))
			continue;
		const mname *m = &ix->names[i];
		size_t anchor = 0, best = SIZE_MAX, b = 0, df[CJK_MAX_CORE];
		for (size_t t = 0; t < m->ntok && b < CJK_MAX_CORE; t++) {
			if (!core_role(m->tok[t].role) || !m->tok[t].text[0])
				continue;
			const posting *p;
			df[b] = lk_match__postings(ix, lk_match__key_hash(m->tok[t].canon, 'C'), &p);
			/* an initial is met by any part with its letter: never the anchor if
			 * there is another part */
			if (m->tok[t].len == 1)
				df[b] = SIZE_MAX - 1;
			if (df[b] < best) {
				best = df[b];
				anchor = b;
			}
			b++;
		}
		/* The probe: the rarest other part whose keys have few distinct bits. */
		filed f = {(uint32_t)i, {NO_PROBE}};
		size_t probe_df = SIZE_MAX;
		for (size_t x = 0; x < b; x++) {
			if (x == anchor || df[x] >= probe_df)
				continue;
			uint16_t bits[CJK_PROBES];
			size_t nb = 0;
			bool fits = true;
			for (uint32_t k = c->off[i]; k < c->off[i + 1] && fits; k++) {
				if (!(c->entries[k].mask >> x & 1))
					continue;
				uint16_t kb = (uint16_t)key_bit(c->entries[k].key);
				size_t q = 0;
				while (q < nb && bits[q] != kb)
					q++;
				if (q == nb) {
					if (nb == CJK_PROBES)
						fits = false;
					else
						bits[nb++] = kb;
				}
			}
			if (!fits || nb == 0)
				continue;
			probe_df = df[x];
			for (size_t q = 0; q < CJK_PROBES; q++)
				f.probe[q] = q < nb ? bits[q] : bits[0];
		}
		for (uint32_t k = c->off[i]; k < c->off[i + 1]; k++) {
			if (!(c->entries[k].mask >> anchor & 1))
				continue;
			if (nkn == cap_kn) {
				size_t nc = cap_kn ? cap_kn * 2 : 1 << 16;
				key_name *p = realloc(kn, nc * sizeof *p);
				if (!p)
					goto fail;
				kn = p;
				cap_kn = nc;
			}
			kn[nkn++] = (key_name){c->entries[k].key, f};
		}
	}
	/* By key, the names of a key in the order they were filed (by id): a radix sort, stable
	 * (qsort took half the time of making the table). */
	if (nkn > 1) {
		key_name *tmp = malloc(nkn * sizeof *tmp);
		if (!tmp)
			goto fail;
		key_name *from = kn, *to = tmp;
		for (unsigned shift = 0; shift < 64; shift += 8) {
			size_t count[257] = {0};
			for (size_t i = 0; i < nkn; i++)
				count[((from[i].key >> shift) & 255) + 1]++;
			for (size_t b = 0; b < 256; b++)
				count[b + 1] += count[b];
			for (size_t i = 0; i < nkn; i++)
				to[count[(from[i].key >> shift) & 255]++] = from[i];
			key_name *x = from;
			from = to;
			to = x;
		}
		/* eight passes: the sorted run is back in kn */
		free(tmp);
	}
	c->akeys = malloc((nkn ? nkn : 1) * sizeof *c->akeys);
	c->aoff = malloc((nkn + 1) * sizeof *c->aoff);
	c->anames = malloc((nkn ? nkn : 1) * sizeof *c->anames);
	if (!c->akeys || !c->aoff || !c->anames)
		goto fail;
	size_t na = 0, nn = 0;
	for (size_t i = 0; i < nkn; i++) {
		if (nn && c->anames[nn - 1].name == kn[i].f.name && c->akeys[na - 1] == kn[i].key)
			continue; /* a name filed twice under one key */
		if (na == 0 || c->akeys[na - 1] != kn[i].key) {
			c->akeys[na] = kn[i].key;
			c->aoff[na++] = (uint32_t)nn;
		}
		c->anames[nn++] = kn[i].f;
	}
	c->aoff[na] = (uint32_t)nn;
	c->nakeys = na;
	size_t ns = 64;
	while (ns < 2 * na)
		ns *= 2;
	c->slots = calloc(ns, sizeof *c->slots);
	if (!c->slots)
		goto fail;
	c->slot_mask = ns - 1;
	c->abloom = calloc(ABLOOM_BITS / 64, sizeof *c->abloom);
	if (!c->abloom)
		goto fail;
	for (size_t i = 0; i < na; i++) {
		size_t bb = (size_t)(c->akeys[i] >> 40) & (ABLOOM_BITS - 1);
		c->abloom[bb >> 6] |= 1ull << (bb & 63);
		size_t h = (size_t)(c->akeys[i] ^ (c->akeys[i] >> 29)) & c->slot_mask;
		while (c->slots[h].key)
			h = (h + 1) & c->slot_mask;
		c->slots[h] = (anchor_slot){c->akeys[i], c->aoff[i], c->aoff[i + 1]};
	}
	free(kn);
	return c;
fail:
	free(e.v);
	free(kn);
	cjk_names_free(c);
	return NULL;
}

/* A set of keys: the distinct keys in the order first put, and a hash table of them (made by
 * key_set_index) for in_set. A span offers a few hundred keys and a candidate name is checked
 * against them entry by entry: a table answers in a probe or two, without sorting the keys. */
#define KEY_SLOTS (2 * CJK_QUERY_KEYS)

typedef struct key_set {
	uint64_t bits[64];          /* a bit per key (its bits 20..31): most keys looked up
	                               are not in the set, and this says so without a probe */
	uint64_t v[CJK_QUERY_KEYS];
	uint8_t vm[CJK_QUERY_KEYS]; /* per key: the readings (bit per variant) that offer it */
	size_t n;
	size_t mask;                /* slots in use - 1 (a power of two) */
	uint16_t slot[KEY_SLOTS];   /* index into v + 1; 0: empty */
} key_set;

static inline size_t set_slot(uint64_t key, size_t mask)
{
	return (size_t)(key ^ (key >> 31)) & mask;
}

/* The readings that offer key (bit per variant; 0: none, the key is not in the set). */
static inline unsigned in_set(const key_set *k, uint64_t key)
{
	unsigned b = key_bit(key);
	if (!(k->bits[b >> 6] >> (b & 63) & 1))
		return 0;
	for (size_t h = set_slot(key, k->mask);; h = (h + 1) & k->mask) {
		uint16_t i = k->slot[h];
		if (i == 0)
			return 0;
		if (k->v[i - 1] == key)
			return k->vm[i - 1];
	}
}

/* Drop the repeats of k->v[0..n) (the first of each kept, in order, with the readings of
 * all of them) and index the rest. */
static void key_set_index(key_set *k)
{
	size_t size = 64;
	while (size < 2 * k->n)
		size *= 2; /* n <= CJK_QUERY_KEYS: size <= KEY_SLOTS */
	k->mask = size - 1;
	memset(k->slot, 0, size * sizeof *k->slot);
	memset(k->bits, 0, sizeof k->bits);
	size_t m = 0;
	for (size_t i = 0; i < k->n; i++) {
		uint64_t key = k->v[i];
		size_t h = set_slot(key, k->mask);
		while (k->slot[h] && k->v[k->slot[h] - 1] != key)
			h = (h + 1) & k->mask;
		if (k->slot[h]) {
			k->vm[k->slot[h] - 1] |= k->vm[i];
			continue;
		}
		k->vm[m] = k->vm[i];
		k->v[m++] = key;
		k->slot[h] = (uint16_t)m;
		unsigned b = key_bit(key);
		k->bits[b >> 6] |= 1ull << (b & 63);
	}
	k->n = m;
}

/* A part of a word's reading, with the keys it offers by itself (query_keys). */
typedef struct rtok {
	char text[TOKEN_CAP];
	char canon[TOKEN_CAP];
	char kor[16];              /* its Korean syllable key, "" if none */
	uint64_t key[5];
	uint8_t nkeys;
	uint64_t next[2];          /* the keys of this part and the next of the same word written
	                              as one (pair_keys) */
	uint8_t nnext;
} rtok;

/* A span read in one variant: its parts in order (as the engine's query form of that variant
 * has them), with the keys of each part and the next written as one. */
typedef struct span_reading {
	bool whole;                /* read (else: not a variant of the span, or cut short) */
	uint8_t nt;
	uint8_t longest;           /* the most letters of a part */
	uint32_t initials;         /* the letters of its parts of one letter (bit per a..z; bit
	                              26: another) */
	const rtok *tok[MAX_TOKENS];
	uint64_t pair[MAX_TOKENS][2];
	uint8_t npair[MAX_TOKENS];
} span_reading;

/* The keys a span's readings offer: all of them, and those that can meet a family name where
 * the judge wants it (cjk_family_first): the first syllable's, two first syllables written as
 * one, and every part of a reading as a foreign name; and each reading part by part. */
typedef struct span_keys {
	key_set all, first;
	span_reading rd[LK_TRANSLIT__COUNT];
	unsigned variants;         /* the variants read (bit per variant) */
	char query[512];           /* the query they are of ("": none; a span's candidates are
	                              looked up just before it is screened) */
} span_keys;

/* The keys of parts a and b written as one: canonical spellings joined, and the letters
 * joined in canonical spelling (as the engine joins them; the judge takes nothing looser,
 * joined_exact). Returns how many (at most 2). */
static size_t pair_keys(uint64_t out[2], const rtok *a, const rtok *b)
{
	char buf[2 * TOKEN_CAP + 2], canon[2 * TOKEN_CAP + 2];
	size_t n = 0;
	if (concat(buf, sizeof buf, a->canon, b->canon) && buf[0])
		out[n++] = ckey('J', buf);
	if (concat(buf, sizeof buf, a->text, b->text)) {
		lk_text__canon(canon, sizeof canon, buf, strlen(buf));
		if (canon[0])
			out[n++] = ckey('J', canon);
	}
	return n;
}

/* A word of a span read in one variant: its parts as lk_match__analyse gives them (the
 * parts of a span's reading are those of its words one after the other: the words are
 * joined by spaces, and a reading breaks parts at spaces). */
typedef struct word_reading {
	int nt;                    /* parts; -1: it could not be read */
	const rtok *after;         /* the first part of the word last read after this one (in a
	                              word kept as long as this one: the map is emptied whole) */
	uint64_t after_keys[2];    /* the keys of this word's last part and that one written as
	                              one (pair_keys): the spans of a run share their words */
	uint8_t nafter;
	rtok tok[];
} word_reading;

/* A word's readings, in the variants read so far (NULL: not yet). */
typedef struct word_readings {
	word_reading *v[LK_TRANSLIT__COUNT];
} word_readings;

#define READINGS_CACHED 65536  /* words whose readings a thread keeps */

static void free_readings(lk_strmap *m)
{
	size_t it = 0;
	const char *k;
	void *v;
	while (m && lk_strmap_next(m, &it, &k, &v)) {
		word_readings *e = v;
		for (size_t i = 0; i < LK_TRANSLIT__COUNT; i++)
			free(e->v[i]);
		free(e);
	}
	lk_strmap_free(m);
}

/* The readings kept for word w[0..n) (made empty if none); NULL if out of memory. */
static word_readings *readings_of_word(scan_tables *t, const char *w, size_t n)
{
	char key[SCAN_FORM_CAP + 8];
	if (n + 1 > sizeof key)
		return NULL;
	memcpy(key, w, n);
	key[n] = 0;
	word_readings *e = lk_strmap_get(t->readings, key);
	if (e)
		return e;
	e = calloc(1, sizeof *e);
	if (e && lk_strmap_put(t->readings, key, e)) {
		free(e);
		e = NULL;
	}
	return e;
}

/* Word w[0..n) read in variant v, kept in e; NULL if out of memory. */
static word_reading *read_word(word_readings *e, const char *w, size_t n, unsigned v)
{
	if (e->v[v])
		return e->v[v];
	wtoken tok[MAX_TOKENS];
	int nt = lk_match__analyse(tok, w, n, (lk_translit)v, KIND_ANY, NULL, 0);
	word_reading *r = malloc(sizeof *r + (nt > 0 ? (size_t)nt : 0) * sizeof *r->tok);
	if (!r)
		return NULL;
	r->nt = nt < 0 ? -1 : nt;
	r->after = NULL;
	for (int i = 0; i < nt; i++) {
		const wtoken *x = &tok[i];
		rtok *y = &r->tok[i];
		memcpy(y->text, x->text, sizeof y->text);
		memcpy(y->canon, x->canon, sizeof y->canon);
		if (!lk_text__korean_key(y->kor, x->text, x->len))
			y->kor[0] = 0;
		y->nkeys = 0;
		y->key[y->nkeys++] = ckey('c', x->canon);
		if (x->skel[0][0]) {
			y->key[y->nkeys++] = ckey('S', x->skel[0]);
			if (x->loose)
				y->key[y->nkeys++] = ckey('s', x->skel[0]);
		}
		if (y->kor[0])
			y->key[y->nkeys++] = ckey('k', y->kor);
		if (x->len > 1) {
			char initial[2] = {x->text[0], 0};
			y->key[y->nkeys++] = ckey('i', initial);
		}
	}
	for (int i = 0; i < nt; i++)
		r->tok[i].nnext = i + 1 < nt ? (uint8_t)pair_keys(r->tok[i].next, &r->tok[i],
		                                                   &r->tok[i + 1])
		                             : 0;
	e->v[v] = r;
	return r;
}

/* Key k, offered by the reading in variant v (vbit: 1 << v). */
static void put_key(span_keys *s, bool first, uint64_t k, uint8_t vbit)
{
	if (s->all.n < CJK_QUERY_KEYS) {
		s->all.vm[s->all.n] = vbit;
		s->all.v[s->all.n++] = k;
	}
	if (first && s->first.n < CJK_QUERY_KEYS) {
		s->first.vm[s->first.n] = vbit;
		s->first.v[s->first.n++] = k;
	}
}

/* The keys the readings of span query q offer (as the engine reads it: every variant that
 * applies; its words are read one by one, read_word), distinct. false if some reading could
 * not be analysed or there were too many keys (then the caller lets the engine retrieve). */
static bool query_keys(scan_tables *t, span_keys *s, const char *q)
{
	size_t len = strlen(q);
	unsigned variants = 1u | lk_text_translit_variants(q, len);
	s->all.n = s->first.n = 0;
	s->variants = variants;
	s->query[0] = 0; /* until done */
	/* emptied between spans only: the span holds pointers into it */
	if (!t->readings || lk_strmap_count(t->readings) >= READINGS_CACHED) {
		free_readings(t->readings);
		t->readings = lk_strmap_new();
		if (!t->readings)
			return false;
	}
	/* the words (span_query joins them with single spaces) */
	word_readings *we[MAX_TOKENS];
	const char *ws[MAX_TOKENS];
	size_t wn[MAX_TOKENS], nw = 0;
	for (const char *p = q; *p && nw < MAX_TOKENS;) {
		size_t n = strcspn(p, " ");
		if (n) {
			we[nw] = readings_of_word(t, p, n);
			if (!we[nw])
				return false;
			ws[nw] = p;
			wn[nw++] = n;
		}
		p += n + (p[n] == ' ');
	}
	for (unsigned v = 0; v < LK_TRANSLIT__COUNT; v++) {
		span_reading *rd = &s->rd[v];
		rd->whole = false;
		if (!(variants & (1u << v)))
			continue;
		const rtok **w = rd->tok;
		word_reading *word_end[MAX_TOKENS]; /* the last part of its word: the word */
		size_t nt = 0;
		for (size_t k = 0; k < nw && nt < MAX_TOKENS; k++) {
			word_reading *r = read_word(we[k], ws[k], wn[k], v);
			if (!r || r->nt < 0)
				return false;
			for (int i = 0; i < r->nt && nt < MAX_TOKENS; i++) {
				word_end[nt] = i + 1 == r->nt ? r : NULL;
				w[nt++] = &r->tok[i];
			}
		}
		/* (at the limit, parts may be left out) */
		rd->whole = nw < MAX_TOKENS && nt < MAX_TOKENS;
		rd->nt = (uint8_t)nt;
		rd->longest = 0;
		rd->initials = 0;
		for (size_t i = 0; i < nt; i++) {
			size_t tl = strlen(w[i]->text);
			if (tl > rd->longest)
				rd->longest = (uint8_t)(tl < 255 ? tl : 255);
			if (tl == 1)
				rd->initials |= w[i]->text[0] >= 'a' && w[i]->text[0] <= 'z'
				                    ? 1u << (w[i]->text[0] - 'a')
				                    : 1u << 26;
		}
		bool foreign = v == LK_TRANSLIT_HANGUL_LOANWORD;
		uint8_t vbit = (uint8_t)(1u << v);
		for (size_t i = 0; i < nt; i++)
			for (size_t k = 0; k < w[i]->nkeys; k++)
				put_key(s, i == 0 || foreign, w[i]->key[k], vbit);
		for (size_t i = 0; i + 1 < nt; i++) {
			const uint64_t *p = w[i]->next;
			size_t np = w[i]->nnext;
			word_reading *r = word_end[i];
			if (r) { /* the next part is the next word's */
				if (r->after != w[i + 1]) {
					r->nafter = (uint8_t)pair_keys(r->after_keys, w[i], w[i + 1]);
					r->after = w[i + 1];
				}
				np = r->nafter;
				p = r->after_keys;
			}
			for (size_t k = 0; k < np; k++)
				put_key(s, i == 0 || foreign, p[k], vbit);
			rd->npair[i] = (uint8_t)np;
			memcpy(rd->pair[i], p, np * sizeof *p);
		}
	}
	if (s->all.n == CJK_QUERY_KEYS || s->first.n == CJK_QUERY_KEYS)
		return false;
	key_set_index(&s->all);
	key_set_index(&s->first);
	if (len < sizeof s->query)
		memcpy(s->query, q, len + 1);
	return true;
}

/* Could name i pass cjk_match for a span offering keys s? */
static bool name_fits(const cjk_names *c, size_t i, const span_keys *s)
{
	uint32_t met = 0, joined = 0, family = 0;
	for (uint32_t k = c->off[i]; k < c->off[i + 1]; k++) {
		const cjk_entry *e = &c->entries[k];
		if (!in_set(&s->all, e->key))
			continue;
		met |= e->mask;
		joined |= e->joined & JOINED_BITS;
		if ((e->mask & c->family[i]) && in_set(&s->first, e->key))
			family |= e->mask & c->family[i];
	}
	if (met != c->full[i])
		return false;
	if (c->flags[i] & CJK_OWN)
		return true;
	/* a person read as a Korean or Chinese name has a family name first */
	if (c->family[i] && !family)
		return false;
	int core = __builtin_popcount(met) + __builtin_popcount(joined);
	return core >= ((c->flags[i] & CJK_PERSON) ? 2 : 3);
}

/* Make t's table of names (and the stamps cjk_candidates marks names with); false if out of
 * memory. */
static bool names_ready(scan_tables *t)
{
	if (!t->names) {
		if (!t->stamp)
			t->stamp = calloc(t->ix->nnames ? t->ix->nnames : 1, sizeof *t->stamp);
		t->names = t->stamp ? cjk_names_get(t->ix) : NULL;
	}
	return t->names != NULL;
}

/* ---- whether a candidate can pass the judge ----
 *
 * name_fits takes a name whose core parts each meet some part of some reading of the span.
 * The engine explains a result with one reading (its best query form, the span analysed in one
 * variant) aligned with the name one to one: each part of the reading is matched to at most
 * one listed part (or two parts on either side written as one, LK_PART_JOINED), and every
 * listed part is in the explanation, matched or not. cjk_match takes it only if every core
 * part was matched, by a relation the keys stand for (exactly or by canonical spelling,
 * Korean syllable key, consonant skeleton, an initial, two parts written as one letter for
 * letter or in canonical spelling), and, for a person read as a Korean or Chinese name, the
 * family name by the first part of the reading. So a name can pass only if, in one reading,
 * distinct parts (or adjacent pairs of parts) meet its core parts, each by a key, and
 * (where the judge asks) a family name by a part that reads as the first one. An entity none
 * of whose candidates can has no result the judge takes (lk_scan__cjk_narrow leaves it out).
 *
 * The search errs towards "can pass": relations the keys do not stand for but the engine
 * may use and the judge takes are allowed without a key (a one-letter part of the reading as
 * the initial of a longer listed part; a part of the reading written as a non-core listed
 * part and the core part after it, which the judge does not look at); so is a name whose
 * explanation could be cut short (LK_EXPLAIN_MAX_PARTS), a reading cut short, and a search
 * that takes too long. */

#define COVER_OPTS 8      /* ways one part of a reading meets a name (more: it may pass) */
#define COVER_STEPS 4096  /* search steps per name and reading (more: it may pass) */

/* A way a part (or two adjacent parts) of a reading meets a listed name: the core parts it
 * meets, and the most the judge counts them for (a part written as two counts twice; the
 * second of two listed parts met as one, after a part that is not a core part, not at all). */
typedef struct way {
	uint32_t mask;
	uint8_t count;
} way;

typedef struct cover {
	uint32_t full;                  /* the name's core parts (bit per core part) */
	uint32_t fam;                   /* those the first part must meet (0: no such test) */
	unsigned need;                  /* the judge's count (0: none, the list's own writing) */
	size_t nt;                      /* parts of the reading */
	uint8_t n1[MAX_TOKENS], n2[MAX_TOKENS];
	way one[MAX_TOKENS][COVER_OPTS]; /* the ways part t meets the name by itself */
	way two[MAX_TOKENS][COVER_OPTS]; /* ... parts t and t + 1 written as one */
	bool first[MAX_TOKENS];         /* part t is spelled as the first part */
	uint32_t reach[MAX_TOKENS + 1]; /* every core part parts t.. can meet */
	unsigned steps;
	bool overflow;                  /* too many ways: it may pass */
} cover;

static void add_way(cover *o, way *v, uint8_t *n, uint32_t m, unsigned count)
{
	for (size_t k = 0; k < *n; k++)
		if (v[k].mask == m) {
			if (count > v[k].count)
				v[k].count = (uint8_t)count;
			return;
		}
	if (*n == COVER_OPTS)
		o->overflow = true;
	else
		v[(*n)++] = (way){m, (uint8_t)count};
}

/* Can parts t.. of the reading meet the core parts not in got, each core part once, each part
 * (or pair) of the reading once, for a count of need? famok: the family name test is met. */
static bool cover_from(cover *o, size_t t, uint32_t got, unsigned count, bool famok)
{
	if (got == o->full && famok && count >= o->need)
		return true;
	if (t >= o->nt || (o->full & ~got & ~o->reach[t]))
		return false;
	if (++o->steps > COVER_STEPS)
		return true; /* cannot tell */
	for (size_t k = 0; k < o->n1[t]; k++) {
		uint32_t m = o->one[t][k].mask;
		/* (two listed parts met as one: the family name may be the second, which the
		 * judge then does not see) */
		bool fam = famok || ((m & o->fam) && (o->first[t] || __builtin_popcount(m) > 1));
		if (!(m & got) && cover_from(o, t + 1, got | m, count + o->one[t][k].count, fam))
			return true;
	}
	for (size_t k = 0; k < o->n2[t]; k++) {
		uint32_t m = o->two[t][k].mask;
		if (!(m & got) && cover_from(o, t + 2, got | m, count + o->two[t][k].count,
		                             famok || ((m & o->fam) && o->first[t])))
			return true;
	}
	return cover_from(o, t + 1, got, count, famok);
}

/* Would the judge take part x of a reading in variant lab meeting listed part k through a
 * key of kind (ENTRY_CANON, _KOR or _SKEL: the same letters, or PHONETIC)? The same letters
 * always (LK_PART_EXACT); PHONETIC not in a Mandarin reading, and in a Korean one only
 * between the same Korean syllable (same_syllable in text_judge.c). */
static bool judge_takes(const rtok *x, const mtoken *k, unsigned lab)
{
	if (strcmp(x->text, k->text) == 0)
		return true;
	if (lab == LK_TRANSLIT_HAN_MANDARIN)
		return false;
	if (lab != LK_TRANSLIT_DEFAULT && lab != LK_TRANSLIT_HANGUL_MR &&
	    lab != LK_TRANSLIT_HANGUL_DPRK)
		return true;
	char key[16];
	return x->kor[0] && lk_text__korean_key(key, k->text, k->len) && strcmp(key, x->kor) == 0;
}

/* May name i pass cjk_match for the span read in variant v (rd)? */
static bool reading_may_pass(const cjk_names *c, const lk_index *ix, size_t i,
                             const span_keys *s, unsigned v, cover *o)
{
	const span_reading *rd = &s->rd[v];
	const mname *m = &ix->names[i];
	if (!rd->whole || rd->nt + m->ntok > LK_EXPLAIN_MAX_PARTS)
		return true;
	bool own = c->flags[i] & CJK_OWN; /* (may be the list's own writing) */
	/* the variant the explanation names: the listed name's own, or the reading's */
	unsigned lab = m->translit != LK_TRANSLIT_DEFAULT ? m->translit : v;
	o->full = c->full[i];
	o->fam = own || v == LK_TRANSLIT_HANGUL_LOANWORD ? 0 : c->family[i];
	o->need = own ? 0 : (c->flags[i] & CJK_PERSON) ? 2 : 3;
	o->nt = rd->nt;
	o->steps = 0;
	o->overflow = false;
	for (size_t t = 0; t < rd->nt; t++) {
		o->n1[t] = o->n2[t] = 0;
		o->first[t] = strcmp(rd->tok[t]->text, rd->tok[0]->text) == 0;
	}
	/* the listed core parts by number (as in cjk_names_new) */
	const mtoken *core[CJK_MAX_CORE];
	size_t ncore = 0;
	for (size_t j = 0; j < m->ntok && ncore < CJK_MAX_CORE; j++)
		if (core_role(m->tok[j].role) && m->tok[j].text[0])
			core[ncore++] = &m->tok[j];
	for (uint32_t k = c->off[i]; k < c->off[i + 1]; k++) {
		const cjk_entry *e = &c->entries[k];
		if (!(in_set(&s->all, e->key) >> v & 1))
			continue;
		unsigned kind = e->joined >> CJK_MAX_CORE;
		for (size_t t = 0; t < rd->nt; t++) {
			const rtok *x = rd->tok[t];
			for (size_t q = 0; q < x->nkeys; q++) {
				if (x->key[q] != e->key)
					continue;
				if ((kind == ENTRY_CANON || kind == ENTRY_KOR || kind == ENTRY_SKEL) && !own &&
				    !judge_takes(x, core[__builtin_ctz(e->mask)], lab))
					break;
				add_way(o, o->one[t], &o->n1[t], e->mask,
				        kind == ENTRY_PAIR ? 2u : (unsigned)__builtin_popcount(e->mask));
				break;
			}
			for (size_t q = 0; q < rd->npair[t]; q++)
				if (rd->pair[t][q] == e->key) {
					add_way(o, o->two[t], &o->n2[t], e->mask, 2);
					break;
				}
		}
	}
	/* The relations no key stands for. */
	ncore = 0;
	int prev_core = -1;
	for (size_t j = 0; j < m->ntok; j++) {
		const mtoken *k = &m->tok[j];
		int b = core_role(k->role) && k->text[0] && ncore < CJK_MAX_CORE ? (int)ncore++ : -1;
		if (b >= 0 && k->len > 1 && personal_role(k->role))
			for (size_t t = 0; t < rd->nt; t++)
				if (rd->tok[t]->text[0] == k->text[0] && rd->tok[t]->text[1] == 0)
					add_way(o, o->one[t], &o->n1[t], 1u << b, 1);
		if (b >= 0 && j > 0 && prev_core < 0) {
			/* a non-core part and this one written as one: the judge checks neither, and
			 * a family name so met is none it sees */
			if (k->role == ROLE_FAMILY)
				o->fam = 0;
			size_t tl = (size_t)m->tok[j - 1].len + k->len;
			for (size_t t = 0; t < rd->nt && tl >= 6; t++) {
				size_t len = strlen(rd->tok[t]->text);
				if (len >= 6 && len + 2 >= tl && len <= tl + 2)
					add_way(o, o->one[t], &o->n1[t], 1u << b, 0);
			}
		}
		prev_core = b;
	}
	if (o->overflow)
		return true;
	o->reach[rd->nt] = 0;
	for (size_t t = rd->nt; t-- > 0;) {
		uint32_t r = o->reach[t + 1];
		for (size_t k = 0; k < o->n1[t]; k++)
			r |= o->one[t][k].mask;
		for (size_t k = 0; k < o->n2[t]; k++)
			r |= o->two[t][k].mask;
		o->reach[t] = r;
	}
	return cover_from(o, 0, 0, 0, o->fam == 0);
}

/* The core parts of name m that the span read as rd may meet by a relation no key stands
 * for (reading_may_pass adds them), at most. */
static uint32_t keyless_bits(const mname *m, const span_reading *rd)
{
	uint32_t bits = 0;
	size_t ncore = 0;
	int prev_core = -1;
	for (size_t j = 0; j < m->ntok; j++) {
		const mtoken *k = &m->tok[j];
		int b = core_role(k->role) && k->text[0] && ncore < CJK_MAX_CORE ? (int)ncore++ : -1;
		if (b >= 0 && k->len > 1 && personal_role(k->role)) {
			unsigned letter = k->text[0] >= 'a' && k->text[0] <= 'z' ? (unsigned)(k->text[0] - 'a')
			                                                       : 26u;
			if (rd->initials & (1u << letter | 1u << 26))
				bits |= 1u << b;
		}
		if (b >= 0 && j > 0 && prev_core < 0) {
			size_t tl = (size_t)m->tok[j - 1].len + k->len;
			if (tl >= 6 && rd->longest >= 6 && (size_t)rd->longest + 2 >= tl)
				bits |= 1u << b;
		}
		prev_core = b;
	}
	return bits;
}

/* May candidate name i pass cjk_match for the span with keys s (some reading may meet it)? */
static bool may_pass(const cjk_names *c, const lk_index *ix, size_t i, const span_keys *s)
{
	if (!(c->flags[i] & CJK_USED))
		return true; /* not in the table: cannot tell */
	/* first the core parts each reading's keys meet, in one pass over the name's keys */
	uint32_t met[8] = {0};
	for (uint32_t k = c->off[i]; k < c->off[i + 1]; k++) {
		const cjk_entry *e = &c->entries[k];
		for (unsigned vm = in_set(&s->all, e->key); vm; vm &= vm - 1)
			met[__builtin_ctz(vm)] |= e->mask;
	}
	cover o;
	for (unsigned v = 0; v < LK_TRANSLIT__COUNT; v++) {
		if (!(s->variants >> v & 1))
			continue;
		if (!s->rd[v].whole)
			return true;
		if (met[v] != c->full[i] &&
		    (met[v] | keyless_bits(&ix->names[i], &s->rd[v])) != c->full[i])
			continue;
		if (reading_may_pass(c, ix, i, s, v, &o))
			return true;
	}
	return false;
}

/* A small set of entity numbers (open addressing; slot 0: empty, so numbers + 1). */
static bool ent_has(const uint32_t *set, size_t mask, uint32_t e)
{
	for (size_t h = (e * 0x9E3779B1u) & mask;; h = (h + 1) & mask) {
		if (set[h] == 0)
			return false;
		if (set[h] == e + 1)
			return true;
	}
}

static void ent_put(uint32_t *set, size_t mask, uint32_t e)
{
	size_t h = (e * 0x9E3779B1u) & mask;
	while (set[h] && set[h] != e + 1)
		h = (h + 1) & mask;
	set[h] = e + 1;
}

size_t lk_scan__cjk_narrow(scan_tables *t, const char *q, const uint32_t *names, size_t n,
                           uint32_t *out)
{
	size_t size = 64;
	while (size < 2 * n)
		size *= 2;
	if (lk_scan__cjk_shortcuts_off || !names_ready(t) ||
	    (!t->keys && !(t->keys = calloc(1, sizeof *t->keys))))
		goto all;
	if (strcmp(t->keys->query, q) != 0 && !query_keys(t, t->keys, q))
		goto all;
	if (t->ent_cap < size) {
		uint32_t *p = realloc(t->ents, size * sizeof *p);
		if (!p)
			goto all;
		t->ents = p;
		t->ent_cap = size;
	}
	memset(t->ents, 0, size * sizeof *t->ents);
	/* the entities one of whose candidates may pass ... */
	bool any = false;
	for (size_t k = 0; k < n; k++) {
		uint32_t e = t->ix->names[names[k]].entity;
		if (ent_has(t->ents, size - 1, e) || !may_pass(t->names, t->ix, names[k], t->keys))
			continue;
		ent_put(t->ents, size - 1, e);
		any = true;
	}
	if (!any)
		return 0;
	/* ... with all their candidates */
	size_t m = 0;
	for (size_t k = 0; k < n; k++)
		if (ent_has(t->ents, size - 1, t->ix->names[names[k]].entity))
			out[m++] = names[k];
	return m;
all:
	memcpy(out, names, n * sizeof *out);
	return n;
}

/* A span's candidates as a thread keeps them. */
typedef struct cjk_cached {
	size_t n;
	uint32_t names[];
} cjk_cached;

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* The slot of anchor key key, or NULL. */
static const anchor_slot *anchor_key(const cjk_names *c, uint64_t key)
{
	size_t bb = (size_t)(key >> 40) & (ABLOOM_BITS - 1);
	if (!(c->abloom[bb >> 6] >> (bb & 63) & 1))
		return NULL;
	for (size_t h = (size_t)(key ^ (key >> 29)) & c->slot_mask;; h = (h + 1) & c->slot_mask) {
		const anchor_slot *a = &c->slots[h];
		if (a->key == key)
			return a;
		if (a->key == 0)
			return NULL;
	}
}

/* The candidates of q, worked out into out (up to CJK_MAX_CANDS; n up to CJK_MAX_CANDS + 1;
 * SIZE_MAX: cannot tell). */
static size_t cjk_candidates(scan_tables *t, const char *q, name_kind kind, uint32_t *out)
{
	cjk_names *c = t->names;
	(void)kind; /* the roles of a reading's parts do not change its keys */
	if (!t->keys)
		t->keys = calloc(1, sizeof *t->keys); /* kept: 25 kB a span, thousands of spans */
	span_keys *s = t->keys;
	if (!s || !query_keys(t, s, q))
		return SIZE_MAX;
	if (++t->clock == 0) {
		memset(t->stamp, 0, t->ix->nnames * sizeof *t->stamp);
		t->clock = 1;
	}
	size_t n = 0;
	for (size_t k = 0; k < s->all.n && n <= CJK_MAX_CANDS; k++) {
		const anchor_slot *at = anchor_key(c, s->all.v[k]);
		if (!at)
			continue;
		for (uint32_t j = at->from; j < at->to && n <= CJK_MAX_CANDS; j++) {
			const filed *f = &c->anames[j];
			if (f->probe[0] != NO_PROBE) {
				bool any = false;
				for (size_t b = 0; b < CJK_PROBES; b++)
					any |= s->all.bits[f->probe[b] >> 6] >> (f->probe[b] & 63) & 1;
				if (!any)
					continue;
			}
			uint32_t name = f->name;
			if (t->stamp[name] == t->clock)
				continue;
			t->stamp[name] = t->clock;
			if (!name_fits(c, name, s))
				continue;
			if (n < CJK_MAX_CANDS)
				out[n] = name;
			n++;
		}
	}
	if (n <= CJK_MAX_CANDS)
		qsort(out, n, sizeof *out, cmp_u32);
	return n;
}

size_t lk_scan__cjk_candidates(scan_tables *t, const char *q, lk_schema schema, uint32_t *out,
                               size_t max)
{
	if (!names_ready(t))
		return SIZE_MAX;
	if (!t->cands) {
		t->cands = lk_strmap_new();
		if (!t->cands)
			return SIZE_MAX;
	}
	/* the key: the schema's number, a unit separator, the query (spans are looked up by the
	 * ten thousand per MB: no printf, and no allocation for a query of common length) */
	char small[512], *key = small;
	size_t ql = strlen(q);
	if (ql + 32 > sizeof small && !(key = malloc(ql + 32)))
		return SIZE_MAX;
	{
		char num[24];
		size_t nn = 0, at = 0;
		long long x = (long long)schema;
		unsigned long long u = x < 0 ? (unsigned long long)-x : (unsigned long long)x;
		do
			num[nn++] = (char)('0' + u % 10);
		while ((u /= 10) != 0);
		if (x < 0)
			key[at++] = '-';
		while (nn)
			key[at++] = num[--nn];
		key[at++] = '\x1f';
		memcpy(key + at, q, ql + 1);
	}
	cjk_cached *e = lk_strmap_get(t->cands, key);
	size_t n = SIZE_MAX;
	if (!e) {
		if (!t->got) /* kept, as t->keys */
			t->got = malloc(CJK_MAX_CANDS * sizeof *t->got);
		uint32_t *got = t->got;
		n = got ? cjk_candidates(t, q, lk_match__kind(schema), got) : SIZE_MAX;
		if (n != SIZE_MAX) {
			if (lk_strmap_count(t->cands) >= CJK_CACHED) {
				lk_strmap_free_with(t->cands, free);
				t->cands = lk_strmap_new();
			}
			size_t kept = n < CJK_MAX_CANDS ? n : CJK_MAX_CANDS;
			e = t->cands ? malloc(sizeof *e + kept * sizeof *e->names) : NULL;
			if (e) {
				e->n = n;
				memcpy(e->names, got, kept * sizeof *got);
				if (lk_strmap_put(t->cands, key, e)) {
					free(e); /* an optimisation: go on without it */
					e = NULL;
				}
			}
			if (!e) {
				/* not kept: answer from got */
				memcpy(out, got, (n < max ? n : max) * sizeof *out);
				if (key != small)
					free(key);
				return n > max ? max + 1 : n;
			}
		}
	}
	if (key != small)
		free(key);
	if (!e)
		return SIZE_MAX;
	n = e->n;
	size_t kept = n < CJK_MAX_CANDS ? n : CJK_MAX_CANDS;
	memcpy(out, e->names, (kept < max ? kept : max) * sizeof *out);
	return n > max ? max + 1 : n;
}

void lk_scan__cjk_tables_free(scan_tables *t)
{
	cjk_names_release(t->names);
	free(t->stamp);
	free_readings(t->readings);
	lk_strmap_free_with(t->cands, free);
	free(t->keys);
	free(t->got);
	free(t->ents);
}
