/*
 * rank.c - the candidates of a delta run, from the customers' persisted retrieval keys.
 *
 * A delta run must find, among all screened customers, those that may match an entity added
 * or changed on a list. Sharing a key is not enough (nearly every customer shares some key
 * with some changed entity), so the customers are ranked as screen.c ranks indexed names:
 * each changed entity is a query (its names, every transliteration: forms), each part of a
 * form credits every customer name that has one of its keys with the part's role weight
 * times its rarity among the customers' names (the first key the name has, strongest first;
 * typo keys only for a part no customer has; keys on too many names credit nothing), and the
 * best names of each form are the candidates. Their customers are then screened forward
 * against the list index by the run, which decides the alerts.
 *
 * The ranker reads each customer's keys blob once (lk_mon__ranker_add, in customer order)
 * and keeps only the hits on the changed entities' keys; the rarities need the counts over
 * all customers, so the ranking itself waits for lk_mon__ranker_finish.
 */
#include <stdlib.h>
#include <string.h>

#include "lookout/error.h"
#include "match/keys.h"
#include "monitor/monitor_int.h"

#define MAX_ENTITY_NAMES 64

/* A name's hit on a distinct key of the plan. */
typedef struct rhit {
	uint32_t name;
	uint32_t dk;
} rhit;

/* A name and its retrieval score in a form's heap. */
typedef struct ranked {
	float acc;
	uint32_t name;
} ranked;

struct lk_mon__ranker {
	lk_match__qplan plan;
	size_t keep_factor;
	uint32_t *form_keep;   /* heap capacity per form */
	lk_match__qkey *slots; /* the plan's keys sorted by key */
	uint64_t *dkeys;       /* distinct keys */
	uint32_t *dfirst;      /* their first slot; dfirst[ndk] = nkeys */
	uint32_t *df;          /* names that have each distinct key */
	size_t ndk;
	uint32_t *table;       /* open addressing: distinct key index + 1, 0 empty */
	size_t mask;
	rhit *hits;
	size_t nhits, cap_hits;
	uint32_t *name_cust;   /* customer of each name (only names with hits need it, but the
	                          array is indexed by name) */
	size_t nnames, cap_names;
};

static int cmp_slot(const void *a, const void *b)
{
	const lk_match__qkey *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->token != y->token)
		return x->token < y->token ? -1 : 1;
	return (x->pos > y->pos) - (x->pos < y->pos);
}

static size_t slot_of(uint64_t key, size_t mask)
{
	return (size_t)(key ^ (key >> 29)) & mask;
}

int lk_mon__ranker_new(lk_mon__ranker **out, const lk_index *ix, char *const *ids, size_t n,
                       size_t keep_factor)
{
	*out = NULL;
	lk_mon__ranker *r = calloc(1, sizeof *r);
	if (!r)
		return lk_error_set(LK_ENOMEM, "monitor: out of memory");
	r->keep_factor = keep_factor ? keep_factor : 1;
	int ret = 0;
	size_t cap_keep = 0;
	for (size_t i = 0; ret == 0 && i < n; i++) {
		const lk_entity *e = lk_index_get(ix, ids[i]);
		if (!e)
			continue;
		const char *names[MAX_ENTITY_NAMES];
		size_t nn = 0;
		for (size_t v = 0; v < e->nvalues && nn < MAX_ENTITY_NAMES; v++)
			if (lk_prop_kind_of(e->values[v].prop) == LK_KIND_NAME)
				names[nn++] = e->values[v].value;
		if (nn == 0)
			continue;
		/* the reverse query of an entity: its names, no schema (as the run asked it before) */
		size_t f0 = r->plan.nforms;
		int nf = lk_match__qplan_add(&r->plan, names, nn, LK_SCHEMA_UNKNOWN);
		if (nf == LK_EINVALID || nf == 0)
			continue; /* nothing to retrieve with: lk_match_screen would refuse the query */
		if (nf < 0) {
			ret = nf;
			break;
		}
		if (r->plan.nforms > cap_keep) {
			size_t nc = cap_keep ? cap_keep * 2 : 256;
			while (nc < r->plan.nforms)
				nc *= 2;
			uint32_t *nk = realloc(r->form_keep, nc * sizeof *nk);
			if (!nk) {
				ret = lk_error_set(LK_ENOMEM, "monitor: out of memory");
				break;
			}
			r->form_keep = nk;
			cap_keep = nc;
		}
		size_t per_form = LK_MATCH__CANDIDATE_NAMES / (size_t)nf;
		if (per_form < LK_MATCH__MIN_PER_FORM)
			per_form = LK_MATCH__MIN_PER_FORM;
		for (size_t f = f0; f < r->plan.nforms; f++)
			r->form_keep[f] = (uint32_t)(per_form * r->keep_factor);
	}
	size_t nk = r->plan.nkeys;
	if (ret == 0) {
		r->slots = malloc((nk + 1) * sizeof *r->slots);
		r->dkeys = malloc((nk + 1) * sizeof *r->dkeys);
		r->dfirst = malloc((nk + 2) * sizeof *r->dfirst);
		if (!r->slots || !r->dkeys || !r->dfirst)
			ret = lk_error_set(LK_ENOMEM, "monitor: out of memory");
	}
	if (ret == 0) {
		if (nk > 0)
			memcpy(r->slots, r->plan.keys, nk * sizeof *r->slots);
		if (nk > 1)
			qsort(r->slots, nk, sizeof *r->slots, cmp_slot);
		for (size_t i = 0; i < nk; i++)
			if (i == 0 || r->slots[i].key != r->slots[i - 1].key) {
				r->dkeys[r->ndk] = r->slots[i].key;
				r->dfirst[r->ndk++] = (uint32_t)i;
			}
		r->dfirst[r->ndk] = (uint32_t)nk;
		size_t cap = 16;
		while (cap < 2 * r->ndk)
			cap *= 2;
		r->mask = cap - 1;
		r->table = calloc(cap, sizeof *r->table);
		r->df = calloc(r->ndk + 1, sizeof *r->df);
		if (!r->table || !r->df)
			ret = lk_error_set(LK_ENOMEM, "monitor: out of memory");
	}
	for (size_t d = 0; ret == 0 && d < r->ndk; d++) {
		size_t s = slot_of(r->dkeys[d], r->mask);
		while (r->table[s])
			s = (s + 1) & r->mask;
		r->table[s] = (uint32_t)d + 1;
	}
	if (ret < 0) {
		lk_mon__ranker_free(r);
		return ret;
	}
	*out = r;
	return 0;
}

/* The distinct key index of key, or UINT32_MAX. */
static uint32_t find_key(const lk_mon__ranker *r, uint64_t key)
{
	for (size_t s = slot_of(key, r->mask);; s = (s + 1) & r->mask) {
		uint32_t d = r->table[s];
		if (d == 0)
			return UINT32_MAX;
		if (r->dkeys[d - 1] == key)
			return d - 1;
	}
}

int lk_mon__keys_check(const void *blob, size_t len)
{
	lk_match__keys_reader rd;
	int ret = lk_match__keys_open(&rd, blob, len);
	const unsigned char *k;
	size_t n;
	while (ret == 0 && (ret = lk_match__keys_next(&rd, &k, &n)) == 1)
		ret = 0;
	return ret;
}

int lk_mon__ranker_add(lk_mon__ranker *r, uint32_t cust, const void *blob, size_t len)
{
	int ret = lk_mon__keys_check(blob, len);
	if (ret < 0)
		return ret;
	lk_match__keys_reader rd;
	lk_match__keys_open(&rd, blob, len);
	const unsigned char *k;
	size_t n;
	while (lk_match__keys_next(&rd, &k, &n) == 1) {
		if (r->nnames == UINT32_MAX)
			return lk_error_set(LK_ETOOBIG, "monitor: too many customer names");
		uint32_t name = (uint32_t)r->nnames++;
		for (size_t i = 0; i < n; i++) {
			uint32_t d = find_key(r, lk_match__keys_get(k, i));
			if (d == UINT32_MAX)
				continue;
			r->df[d]++;
			if (r->nhits == r->cap_hits) {
				size_t nc = r->cap_hits ? r->cap_hits * 2 : 4096;
				rhit *nv = realloc(r->hits, nc * sizeof *nv);
				if (!nv)
					return lk_error_set(LK_ENOMEM, "monitor: out of memory");
				r->hits = nv;
				r->cap_hits = nc;
			}
			r->hits[r->nhits++] = (rhit){name, d};
		}
		if (r->nhits > 0 && r->hits[r->nhits - 1].name == name) {
			if (name >= r->cap_names) {
				size_t nc = r->cap_names ? r->cap_names * 2 : 4096;
				while (nc <= name)
					nc *= 2;
				uint32_t *nv = realloc(r->name_cust, nc * sizeof *nv);
				if (!nv)
					return lk_error_set(LK_ENOMEM, "monitor: out of memory");
				r->name_cust = nv;
				r->cap_names = nc;
			}
			r->name_cust[name] = cust;
		}
	}
	return 0;
}

/* Is a better than b: a higher score, ties to the earlier name (screen.c better()). */
static bool better(const ranked *a, const ranked *b)
{
	return a->acc > b->acc || (a->acc == b->acc && a->name < b->name);
}

/* Sift down in a min-heap with the worst kept name at the root. */
static void sift_down(ranked *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, rr = l + 1, w = i;
		if (l < n && better(&h[w], &h[l]))
			w = l;
		if (rr < n && better(&h[w], &h[rr]))
			w = rr;
		if (w == i)
			return;
		ranked t = h[i];
		h[i] = h[w];
		h[w] = t;
		i = w;
	}
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* The ranking state: postings of the plan's keys among the customer names, and screen.c's
 * per-query scratch (a score and a stamp per name). */
typedef struct ranking {
	uint32_t *post;        /* names of distinct key d: post[pfirst[d] .. pfirst[d + 1]) */
	size_t *pfirst;
	float *acc;
	uint32_t *stamp;
	uint32_t *touched;
	size_t ntouched;
	uint32_t clock;
	ranked *heap;
	uint32_t *cands;
	size_t ncands, cap_cands;
} ranking;

/* Keep the best keep names of the touched ones as candidates (their customers). */
static int keep_best(lk_mon__ranker *r, ranking *g, size_t keep)
{
	size_t n = 0;
	for (size_t i = 0; i < g->ntouched; i++) {
		ranked x = {g->acc[g->touched[i]], g->touched[i]};
		if (n < keep) {
			g->heap[n++] = x;
			if (n == keep)
				for (size_t k = n / 2; k-- > 0;)
					sift_down(g->heap, n, k);
		} else if (better(&x, &g->heap[0])) {
			g->heap[0] = x;
			sift_down(g->heap, n, 0);
		}
	}
	if (g->ncands + n > g->cap_cands) {
		size_t nc = g->cap_cands ? g->cap_cands * 2 : 1024;
		while (nc < g->ncands + n)
			nc *= 2;
		uint32_t *nv = realloc(g->cands, nc * sizeof *nv);
		if (!nv)
			return lk_error_set(LK_ENOMEM, "monitor: out of memory");
		g->cands = nv;
		g->cap_cands = nc;
	}
	for (size_t i = 0; i < n; i++)
		g->cands[g->ncands++] = r->name_cust[g->heap[i].name];
	return 0;
}

int lk_mon__ranker_finish(lk_mon__ranker *r, uint32_t **out, size_t *nout)
{
	*out = NULL;
	*nout = 0;
	size_t nt = r->plan.ntokens, nk = r->plan.nkeys, nn = r->nnames;
	size_t stop_df = (size_t)(LK_MATCH__STOP_DF_SHARE * (double)nn);
	if (stop_df < LK_MATCH__STOP_DF_MIN)
		stop_df = LK_MATCH__STOP_DF_MIN;
	ranking g = {0};
	float *w = malloc((nt + 1) * sizeof *w);
	bool *known = malloc(nt + 1);
	uint32_t *kd = malloc((nk + 1) * sizeof *kd);
	size_t max_keep = 1;
	for (size_t f = 0; f < r->plan.nforms; f++)
		if (r->form_keep[f] > max_keep)
			max_keep = r->form_keep[f];
	g.pfirst = calloc(r->ndk + 2, sizeof *g.pfirst);
	g.post = malloc((r->nhits + 1) * sizeof *g.post);
	g.acc = calloc(nn + 1, sizeof *g.acc);
	g.stamp = calloc(nn + 1, sizeof *g.stamp);
	g.touched = malloc((nn + 1) * sizeof *g.touched);
	g.heap = malloc(max_keep * sizeof *g.heap);
	int ret = 0;
	if (!w || !known || !kd || !g.pfirst || !g.post || !g.acc || !g.stamp || !g.touched ||
	    !g.heap) {
		ret = lk_error_set(LK_ENOMEM, "monitor: out of memory");
		goto done;
	}
	/* invert the hits (in name order) into postings per key (each in name order) */
	for (size_t d = 0; d < r->ndk; d++)
		g.pfirst[d + 1] = g.pfirst[d] + r->df[d];
	for (size_t i = 0; i < r->nhits; i++)
		g.post[g.pfirst[r->hits[i].dk]++] = r->hits[i].name;
	for (size_t d = r->ndk; d > 0; d--)
		g.pfirst[d] = g.pfirst[d - 1];
	g.pfirst[0] = 0;
	free(r->hits);
	r->hits = NULL;
	r->nhits = r->cap_hits = 0;

	for (size_t t = 0; t < nt; t++) {
		uint32_t d = find_key(r, r->plan.tokens[t].canon);
		size_t df = d == UINT32_MAX ? 0 : r->df[d];
		known[t] = df > 0;
		w[t] = r->plan.tokens[t].weight * lk_match__key_rarity(df ? df : 1, nn);
	}
	for (size_t k = 0; k < nk; k++)
		kd[k] = find_key(r, r->plan.keys[k].key);

	/* screen.c retrieve(), form by form: each part credits the names of its keys, strongest
	 * key first, each name once; keys on too many names credit nothing */
	size_t k = 0, t = 0;
	for (size_t f = 0; ret == 0 && f < r->plan.nforms; f++) {
		g.ntouched = 0;
		for (; t < nt && r->plan.tokens[t].form == f; t++) {
			if (++g.clock == 0) {
				memset(g.stamp, 0, (nn + 1) * sizeof *g.stamp);
				g.clock = 1;
			}
			for (; k < nk && r->plan.keys[k].token == t; k++) {
				const lk_match__qkey *q = &r->plan.keys[k];
				if (q->typo && known[t])
					continue;
				uint32_t d = kd[k];
				if (d == UINT32_MAX || r->df[d] == 0 || r->df[d] > stop_df)
					continue;
				float credit = q->factor * w[t];
				for (size_t p = g.pfirst[d]; p < g.pfirst[d + 1]; p++) {
					uint32_t name = g.post[p];
					if (g.stamp[name] == g.clock)
						continue;
					g.stamp[name] = g.clock;
					if (g.acc[name] == 0)
						g.touched[g.ntouched++] = name;
					g.acc[name] += credit;
				}
			}
		}
		ret = keep_best(r, &g, r->form_keep[f]);
		for (size_t i = 0; i < g.ntouched; i++)
			g.acc[g.touched[i]] = 0;
	}
	if (ret == 0) {
		if (g.ncands > 1)
			qsort(g.cands, g.ncands, sizeof *g.cands, cmp_u32);
		size_t u = 0;
		for (size_t i = 0; i < g.ncands; i++)
			if (u == 0 || g.cands[i] != g.cands[u - 1])
				g.cands[u++] = g.cands[i];
		*out = g.cands;
		*nout = u;
		g.cands = NULL;
	}
done:
	free(w);
	free(known);
	free(kd);
	free(g.pfirst);
	free(g.post);
	free(g.acc);
	free(g.stamp);
	free(g.touched);
	free(g.heap);
	free(g.cands);
	return ret;
}

size_t lk_mon__ranker_hits(const lk_mon__ranker *r)
{
	return r->nhits;
}

void lk_mon__ranker_free(lk_mon__ranker *r)
{
	if (!r)
		return;
	lk_match__qplan_dispose(&r->plan);
	free(r->form_keep);
	free(r->slots);
	free(r->dkeys);
	free(r->dfirst);
	free(r->df);
	free(r->table);
	free(r->hits);
	free(r->name_cust);
	free(r);
}
