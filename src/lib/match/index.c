/*
 * index.c - the screening index: every name of every listed entity, analysed once, and a
 * sorted array of retrieval-key postings.
 *
 * Retrieval keys of a name part: its canonical spelling (C), its consonant skeletons (P) and,
 * for skeletons of three classes or more, each skeleton with one class deleted (D), so that a
 * typo still reaches the name. Postings are (64-bit key hash, name) pairs sorted once; then
 * the names alone are kept, the postings of a key contiguous, and a hash table from the key
 * to its run. Everything lives in
 * one arena and nothing changes after the build, so any number of threads can read it.
 */
#include "match_int.h"
#include "lookout/error.h"
#include "lookout/strmap.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Growable array in malloc'd memory (the build's scratch; the final arrays are trimmed). */
typedef struct vec {
	void *p;
	size_t n, cap, elem;
} vec;

static void *vec_push(vec *v)
{
	if (v->n == v->cap) {
		size_t nc = v->cap ? v->cap * 2 : 1024;
		void *p = realloc(v->p, nc * v->elem);
		if (!p) {
			lk_error_set(LK_ENOMEM, "index: out of memory");
			return NULL;
		}
		v->p = p;
		v->cap = nc;
	}
	return (char *)v->p + v->elem * v->n++;
}

uint64_t lk_match__key_hash(const char *key, char kind)
{
	uint64_t h = lk_hash64(key, strlen(key), (uint64_t)(unsigned char)kind * 0x9e3779b97f4a7c15ull);
	return h ? h : 1; /* 0 marks an empty slot in the key table */
}

size_t lk_match__postings(const lk_index *ix, uint64_t key, const posting **first)
{
	if (!ix->keys)
		return 0;
	for (size_t i = (size_t)(key ^ (key >> 29)) & ix->key_mask;; i = (i + 1) & ix->key_mask) {
		const key_slot *k = &ix->keys[i];
		if (k->key == key) {
			*first = ix->postings + k->first;
			return k->count;
		}
		if (k->key == 0)
			return 0;
	}
}

/* The postings and the key table from the sorted postings with their keys. */
int lk_match__build_keys(lk_index *ix, const key_posting *kp, size_t n)
{
	size_t nkeys = 0;
	for (size_t i = 0; i < n; i++)
		if (i == 0 || kp[i].key != kp[i - 1].key)
			nkeys++;
	size_t cap = 16;
	while (cap < 2 * nkeys)
		cap *= 2;
	ix->keys = calloc(cap, sizeof *ix->keys);
	ix->postings = malloc((n ? n : 1) * sizeof *ix->postings);
	if (!ix->keys || !ix->postings)
		return lk_error_set(LK_ENOMEM, "index: out of memory");
	ix->key_mask = cap - 1;
	ix->npostings = n;
	for (size_t i = 0; i < n; i++)
		ix->postings[i].name = kp[i].name;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && kp[j].key == kp[i].key)
			j++;
		uint64_t key = kp[i].key;
		size_t slot = (size_t)(key ^ (key >> 29)) & ix->key_mask;
		while (ix->keys[slot].key)
			slot = (slot + 1) & ix->key_mask;
		ix->keys[slot] = (key_slot){key, (uint32_t)i, (uint32_t)(j - i)};
		i = j;
	}
	ix->stats.keys = nkeys;
	return 0;
}

/*
 * Sort postings by key, keeping the order of equal keys (postings are appended in name order,
 * so each key's names come out sorted): a stable LSD radix sort, 16 bits a pass.
 */
static int sort_postings(key_posting *p, size_t n)
{
	key_posting *tmp = malloc((n ? n : 1) * sizeof *tmp);
	size_t *count = malloc(65536 * sizeof *count);
	if (!tmp || !count) {
		free(tmp);
		free(count);
		return lk_error_set(LK_ENOMEM, "index: out of memory");
	}
	key_posting *src = p, *dst = tmp;
	for (int shift = 0; shift < 64; shift += 16) {
		memset(count, 0, 65536 * sizeof *count);
		for (size_t i = 0; i < n; i++)
			count[(src[i].key >> shift) & 0xFFFF]++;
		size_t sum = 0;
		for (size_t d = 0; d < 65536; d++) {
			size_t c = count[d];
			count[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			dst[count[(src[i].key >> shift) & 0xFFFF]++] = src[i];
		key_posting *t = src;
		src = dst;
		dst = t;
	}
	/* Four passes: the result is back in p. */
	free(tmp);
	free(count);
	return 0;
}

static int cmp_ident(const void *a, const void *b)
{
	const ident_entry *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->entity < y->entity ? -1 : x->entity > y->entity;
}

typedef struct builder {
	lk_index *ix;
	lk_strmap *interned;
	vec entities;  /* lk_entity * */
	vec names;     /* mname */
	vec postings;  /* key_posting */
	vec idents;    /* ident_entry */
	vec tokens;    /* mtoken, then moved into the arena */
	size_t ntokens_arena;
} builder;

static const char *intern(builder *b, const char *s)
{
	const char *p = lk_strmap_get(b->interned, s);
	if (p)
		return p;
	char *c = lk_arena_strdup(b->ix->arena, s);
	if (!c || lk_strmap_put(b->interned, s, c))
		return NULL;
	return c;
}

/* Postings of one token (keys.c has the rule). */
static int token_postings(builder *b, const wtoken *t, uint32_t name)
{
	uint64_t keys[LK_MATCH__TOKEN_KEYS];
	size_t n = lk_match__token_keys(keys, t);
	for (size_t i = 0; i < n; i++) {
		key_posting *p = vec_push(&b->postings);
		if (!p)
			return LK_ENOMEM;
		p->key = keys[i];
		p->name = name;
	}
	return 0;
}

static bool is_name_prop(lk_prop p)
{
	return p == LK_PROP_NAME || p == LK_PROP_ALIAS || p == LK_PROP_WEAK_ALIAS ||
	       p == LK_PROP_PREVIOUS_NAME;
}

/* Transliterated tokens of the entity's lastName values, to mark family names. */
static size_t family_hints(const lk_entity *e, char hints[][TOKEN_CAP], size_t max)
{
	const char *last[64];
	size_t n = 0;
	for (size_t v = 0; v < e->nvalues && n < LK_ARRAY_SIZE(last); v++)
		if (e->values[v].prop == LK_PROP_LAST_NAME)
			last[n++] = e->values[v].value;
	return lk_match__family_hints(hints, max, last, n);
}

/* Are these tokens the same as an mname already added for this entity? */
static bool duplicate_name(builder *b, size_t first_of_entity, const wtoken *t, size_t nt)
{
	mname *names = b->names.p;
	for (size_t i = first_of_entity; i < b->names.n; i++) {
		if (names[i].ntok != nt)
			continue;
		size_t k = 0;
		while (k < nt && strcmp(names[i].tok[k].text, t[k].text) == 0)
			k++;
		if (k == nt)
			return true;
	}
	return false;
}

static int add_name(builder *b, uint32_t ent, const lk_entity *e, const lk_value *v,
                    const char *const *fam, size_t nfam, size_t first_of_entity)
{
	wtoken toks[MAX_TOKENS];
	size_t len = strlen(v->value);
	unsigned variants = 1u | lk_text_translit_variants(v->value, len);
	name_kind kind = lk_match__kind(e->schema);
	for (unsigned var = 0; var < LK_TRANSLIT__COUNT; var++) {
		if (!(variants & (1u << var)))
			continue;
		int nt = lk_match__analyse(toks, v->value, len, (lk_translit)var, kind, fam, nfam);
		if (nt < 0)
			return 0; /* a value the text module cannot read is simply not indexed */
		if (nt == 0 || duplicate_name(b, first_of_entity, toks, (size_t)nt))
			continue;
		mtoken *mt = lk_arena_alloc(b->ix->arena, (size_t)nt * sizeof *mt);
		if (!mt)
			return LK_ENOMEM;
		uint32_t name_id = (uint32_t)b->names.n;
		for (int i = 0; i < nt; i++) {
			mt[i].text = intern(b, toks[i].text);
			mt[i].canon = intern(b, toks[i].canon);
			mt[i].skel = intern(b, toks[i].skel[0]);
			mt[i].kor = toks[i].kor[0] ? intern(b, toks[i].kor) : NULL;
			if (!mt[i].text || !mt[i].canon || !mt[i].skel)
				return LK_ENOMEM;
			mt[i].role = toks[i].role;
			mt[i].len = toks[i].len;
			mt[i].canon_len = toks[i].canon_len;
			mt[i].letters = lk_match__letters(toks[i].text, toks[i].len);
			mt[i].loose = toks[i].loose;
			mt[i].first = toks[i].len ? (uint8_t)toks[i].text[0] : 0;
			mt[i].canon_first = toks[i].canon_len ? (uint8_t)toks[i].canon[0] : 0;
			mt[i].rarity = 1.0f;
			int rc = token_postings(b, &toks[i], name_id);
			if (rc)
				return rc;
		}
		mname *m = vec_push(&b->names);
		if (!m)
			return LK_ENOMEM;
		*m = (mname){mt, (uint8_t)nt, (uint8_t)var, (uint16_t)v->prop, ent, v->value};
	}
	return 0;
}

static int add_entity(builder *b, lk_entity *e)
{
	lk_entity **slot = vec_push(&b->entities);
	if (!slot)
		return LK_ENOMEM;
	*slot = e;
	uint32_t ent = (uint32_t)(b->entities.n - 1);
	if (lk_strmap_put(b->ix->byid, e->id, e))
		return LK_ENOMEM;
	char hints[8][TOKEN_CAP];
	const char *fam[8];
	size_t nfam = family_hints(e, hints, 8);
	for (size_t i = 0; i < nfam; i++)
		fam[i] = hints[i];
	size_t first = b->names.n;
	int rc;
	for (size_t v = 0; v < e->nvalues; v++) {
		const lk_value *val = &e->values[v];
		if (is_name_prop(val->prop)) {
			if ((rc = add_name(b, ent, e, val, fam, nfam, first)))
				return rc;
		} else if (lk_prop_kind_of(val->prop) == LK_KIND_IDENT) {
			char digits[8];
			lk_buf nb;
			lk_buf_init(&nb, 256);
			const char *key = NULL;
			if (val->prop == LK_PROP_IMO_NUMBER && lk_imo_digits(val->value, digits))
				key = digits;
			else if (!lk_ident_normalize(&nb, val->value) && nb.len >= 4)
				key = lk_buf_cstr(&nb);
			if (key) {
				ident_entry *ie = vec_push(&b->idents);
				if (!ie) {
					lk_buf_dispose(&nb);
					return LK_ENOMEM;
				}
				ie->key = lk_match__key_hash(key, 'I');
				ie->entity = ent;
			}
			lk_buf_dispose(&nb);
		}
	}
	return 0;
}

/* Rarity of each token from the document frequency of its primary skeleton. */
static void set_rarity(lk_index *ix)
{
	for (size_t i = 0; i < ix->nnames; i++) {
		mname *m = &ix->names[i];
		for (size_t t = 0; t < m->ntok; t++) {
			const posting *p;
			size_t df = lk_match__postings(ix, lk_match__key_hash(m->tok[t].canon, 'C'), &p);
			m->tok[t].rarity = lk_match__rarity(df, ix->nnames);
		}
	}
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

lk_index *lk_match__index_new(void)
{
	lk_index *ix = calloc(1, sizeof *ix);
	if (!ix)
		return NULL;
	ix->refs = 1;
	static uint64_t serials;
	ix->serial = __atomic_add_fetch(&serials, 1, __ATOMIC_RELAXED);
	ix->arena = lk_arena_new(0);
	ix->byid = lk_strmap_new();
	return ix;
}

static int builder_init(builder *b, lk_index **out)
{
	memset(b, 0, sizeof *b);
	*out = NULL;
	b->ix = lk_match__index_new();
	if (!b->ix)
		return lk_error_set(LK_ENOMEM, "index: out of memory");
	b->interned = lk_strmap_new();
	b->entities.elem = sizeof(lk_entity *);
	b->names.elem = sizeof(mname);
	b->postings.elem = sizeof(key_posting);
	b->idents.elem = sizeof(ident_entry);
	if (!b->ix->arena || !b->ix->byid || !b->interned)
		return lk_error_set(LK_ENOMEM, "index: out of memory");
	return 0;
}

static void builder_abort(builder *b)
{
	free(b->entities.p);
	free(b->names.p);
	free(b->postings.p);
	free(b->idents.p);
	lk_strmap_free(b->interned);
	if (b->ix) {
		lk_strmap_free(b->ix->byid);
		lk_arena_free(b->ix->arena);
		free(b->ix);
	}
}

/* Move the build vectors into the index and finish. */
static int builder_finish(builder *b, lk_index **out, double t0)
{
	lk_index *ix = b->ix;
	if (sort_postings(b->postings.p, b->postings.n)) {
		builder_abort(b);
		return LK_ENOMEM;
	}
	/* One posting per (key, name): a name that has a key twice (two tokens alike) counts once. */
	key_posting *ps = b->postings.p;
	size_t w = 0;
	for (size_t i = 0; i < b->postings.n; i++)
		if (w == 0 || ps[i].key != ps[w - 1].key || ps[i].name != ps[w - 1].name)
			ps[w++] = ps[i];
	b->postings.n = w;
	if (b->idents.n > 1) /* qsort must not get the NULL of an empty vector */
		qsort(b->idents.p, b->idents.n, sizeof(ident_entry), cmp_ident);

	ix->entities = b->entities.p;
	ix->nentities = b->entities.n;
	ix->names = b->names.p;
	ix->nnames = b->names.n;
	ix->idents = b->idents.p;
	ix->nidents = b->idents.n;
	int krc = lk_match__build_keys(ix, b->postings.p, b->postings.n);
	free(b->postings.p);
	if (krc) {
		lk_strmap_free(b->interned);
		lk_index_unref(ix);
		return LK_ENOMEM;
	}
	set_rarity(ix);
	/* Names were added entity by entity, so each entity's names are one range. */
	ix->ent_names = malloc((ix->nentities + 1) * sizeof *ix->ent_names);
	if (!ix->ent_names) {
		lk_strmap_free(b->interned);
		lk_index_unref(ix);
		return lk_error_set(LK_ENOMEM, "index: out of memory");
	}
	for (size_t e = 0, n = 0; e <= ix->nentities; e++) {
		while (n < ix->nnames && ix->names[n].entity < e)
			n++;
		ix->ent_names[e] = (uint32_t)n;
	}
	ix->name_schema = malloc(ix->nnames + 1);
	if (!ix->name_schema) {
		lk_strmap_free(b->interned);
		lk_index_unref(ix);
		return lk_error_set(LK_ENOMEM, "index: out of memory");
	}
	for (size_t n = 0; n < ix->nnames; n++)
		ix->name_schema[n] = (uint8_t)ix->entities[ix->names[n].entity]->schema;

	ix->stats.entities = ix->nentities;
	ix->stats.names = ix->nnames;
	ix->stats.postings = ix->npostings;
	ix->stats.identifiers = ix->nidents;
	ix->stats.bytes = lk_arena_used(ix->arena) + (ix->key_mask + 1) * sizeof(key_slot) +
	                  (ix->nentities + 1) * sizeof(uint32_t) + ix->nnames + b->entities.cap * b->entities.elem +
	                  b->names.cap * b->names.elem + ix->npostings * sizeof(posting) +
	                  b->idents.cap * b->idents.elem;
	ix->stats.build_seconds = now_s() - t0;
	lk_strmap_free(b->interned);
	*out = ix;
	return 0;
}

typedef struct store_ctx {
	builder *b;
	int rc;
} store_ctx;

static int from_store_entity(void *ctx, const char *id, const char *json, size_t len)
{
	store_ctx *c = ctx;
	lk_entity *e;
	int rc = lk_entity_from_json(&e, c->b->ix->arena, json, len);
	if (rc) {
		lk_error_prefix("index: entity %s", id);
		return c->rc = rc;
	}
	if ((rc = add_entity(c->b, e)))
		return c->rc = rc;
	return 0;
}

int lk_index_build_from_store(lk_index **out, lk_store *store)
{
	builder b;
	double t0 = now_s();
	int rc = builder_init(&b, out);
	if (rc) {
		builder_abort(&b);
		return rc;
	}
	store_ctx c = {&b, 0};
	rc = lk_store_foreach_active(store, from_store_entity, &c);
	if (c.rc)
		rc = c.rc;
	if (rc) {
		builder_abort(&b);
		return rc;
	}
	if ((rc = builder_finish(&b, out, t0)) == 0)
		(*out)->origin = LK_INDEX_ORIGIN_STORE;
	return rc;
}

/* A deep copy of an entity into the index's arena (the lists may be freed after the build). */
static lk_entity *copy_entity(lk_arena *a, const lk_entity *src)
{
	lk_entity *e = lk_arena_alloc(a, sizeof *e);
	if (!e)
		return NULL;
	*e = *src;
	e->id = lk_arena_strdup(a, src->id);
	e->source = lk_arena_strdup(a, src->source);
	e->native_id = lk_arena_strdup(a, src->native_id);
	e->values = lk_arena_alloc(a, (src->nvalues ? src->nvalues : 1) * sizeof *e->values);
	if (!e->values || (src->id && !e->id))
		return NULL;
	e->cap_values = src->nvalues;
	e->caption = NULL;
	for (size_t i = 0; i < src->nvalues; i++) {
		e->values[i].prop = src->values[i].prop;
		e->values[i].value = lk_arena_strdup(a, src->values[i].value);
		e->values[i].origin = lk_arena_strdup(a, src->values[i].origin);
		if (!e->values[i].value)
			return NULL;
		if (src->caption == src->values[i].value)
			e->caption = e->values[i].value;
	}
	if (!e->caption && src->caption)
		e->caption = lk_arena_strdup(a, src->caption);
	return e;
}

int lk_index_build_from_lists(lk_index **out, const lk_list *const *lists, size_t n)
{
	builder b;
	double t0 = now_s();
	int rc = builder_init(&b, out);
	for (size_t l = 0; !rc && l < n; l++)
		for (size_t i = 0; !rc && i < lists[l]->count; i++) {
			lk_entity *e = copy_entity(b.ix->arena, lists[l]->entities[i]);
			rc = e ? add_entity(&b, e) : lk_error_last()->code;
		}
	if (rc) {
		builder_abort(&b);
		return rc;
	}
	return builder_finish(&b, out, t0);
}

int lk_index_build_from_entities(lk_index **out, const lk_entity *const *entities, size_t n)
{
	builder b;
	double t0 = now_s();
	int rc = builder_init(&b, out);
	for (size_t i = 0; !rc && i < n; i++) {
		lk_entity *e = copy_entity(b.ix->arena, entities[i]);
		rc = e ? add_entity(&b, e) : lk_error_last()->code;
	}
	if (rc) {
		builder_abort(&b);
		return rc;
	}
	return builder_finish(&b, out, t0);
}

lk_index *lk_index_ref(lk_index *ix)
{
	__atomic_add_fetch(&ix->refs, 1, __ATOMIC_RELAXED);
	return ix;
}

void lk_index_unref(lk_index *ix)
{
	if (!ix || __atomic_sub_fetch(&ix->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	free(ix->entities);
	free(ix->names);
	free(ix->ent_names);
	free(ix->name_schema);
	free(ix->postings);
	free(ix->keys);
	free(ix->idents);
	lk_strmap_free(ix->byid);
	lk_arena_free(ix->arena);
	free(ix->snap_key);
	for (size_t i = 0; i < LK_ARRAY_SIZE(ix->snap_mem); i++)
		free(ix->snap_mem[i]);
	free(ix);
}

void lk_index_stats_get(const lk_index *ix, lk_index_stats *out)
{
	*out = ix->stats;
}

size_t lk_index_count(const lk_index *ix)
{
	return ix->nentities;
}

const lk_entity *lk_index_entity(const lk_index *ix, size_t i)
{
	return i < ix->nentities ? ix->entities[i] : NULL;
}

const lk_entity *lk_index_get(const lk_index *ix, const char *id)
{
	return lk_strmap_get(ix->byid, id);
}
