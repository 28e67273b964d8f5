/*
 * screen.c - one query against the index: analyse the query's names in every
 * transliteration that applies, retrieve candidate names by their keys weighted by rarity,
 * score the best candidates' names part by part, adjust for birth date, country, gender and
 * identifiers, and return the best entities with their explanations.
 *
 * Per-query scratch (a score per indexed name) is kept per thread and reused, so a query
 * allocates almost nothing and threads never share mutable state.
 */
#include "match_int.h"
#include "match/keys.h"
#include "lookout/error.h"
#include "lookout/strmap.h"
#include "lookout/utf8.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define MAX_QUERY_NAMES 8
#define MAX_QUERY_FORMS 16    /* query names x transliteration variants */
#define CANDIDATE_NAMES 40    /* retrieved names scored in full per query */
#define STOP_DF_SHARE 0.05    /* keys on more than this share of names retrieve nothing... */
#define MAX_NAME_BYTES 4096   /* longer query names are refused */
#define BOUND_MARGIN 1e-6     /* see score_entity */
#define NEAR_NAMES 131072     /* indexes with fewer names: retrieval loads no score ahead (1 MiB) */

/* ---- query forms ---- */

typedef struct qform {
	mname m;
	mtoken tok[MAX_TOKENS];
	char strings[MAX_TOKENS][4][TOKEN_CAP + LK_TEXT__KOR_KEY];
	const char *query_name;
	size_t df[MAX_TOKENS];  /* postings of each part's canonical key (C), when analysed
	                           with an index */
	uint64_t ckey[MAX_TOKENS]; /* that key (its hash), when analysed with an index */
	/* every skeleton of each part, as analysed (retrieval's P and D keys) */
	char skel[MAX_TOKENS][LK_TEXT__MAX_SKELETONS][32];
	uint8_t nskel[MAX_TOKENS];
} qform;

/* ---- per-thread scratch ---- */

/* The retrieval state of one name: its score and the last (form, token) that credited it,
 * side by side so that crediting a posting touches one cache line, not two. */
typedef struct name_acc {
	float acc;              /* retrieval score */
	uint32_t stamp;         /* last (form, token) that credited the name */
} name_acc;

typedef struct cand cand;

/* A result list and its items in one block (a thread keeps the last one freed for its next
 * query: allocating items of several kilobytes made malloc consolidate its free lists every
 * query). */
typedef struct results_block {
	lk_match_results r;     /* first: a results pointer is its block's */
	size_t cap;             /* items the block holds */
	lk_match_result items[];
} results_block;

typedef struct scratch {
	size_t n;               /* names the arrays hold (any index up to this size fits) */
	name_acc *na;           /* per name */
	uint32_t *touched;      /* names with acc > 0 */
	uint64_t *heap;         /* top_names: (acc bits << 32 | ~name) of the kept names */
	size_t ntouched;
	uint32_t clock;
	qform forms[MAX_QUERY_FORMS]; /* the query's analysed names */
	uint64_t *cnames;       /* candidate (name << 8 | query form) pairs */
	size_t cap_cnames;
	cand *cands;            /* scored entities (up to cap_cnames) */
	size_t cap_cands;
	results_block *spare;   /* the last result list freed on this thread, or NULL */
	lk_match__score_ctx score; /* token credits memoised for the query (score.c) */
	lk_strmap *memo;        /* lk_match__screen_memo: name key -> name_memo */
	uint64_t memo_serial;   /* the index the memo was made with */
} scratch;

/* The name stage of one screening (lk_match__screen_memo): every entity scored, with its best
 * name and that name's score, before the features. */
typedef struct memo_cand {
	uint32_t entity;
	uint32_t name;          /* UINT32_MAX: none */
	double name_score;
	uint8_t form;
} memo_cand;

typedef struct name_memo {
	double reportable;      /* the least name score it scored names for */
	size_t candidates;      /* entities scored (lk_match_results.candidates) */
	size_t n;
	memo_cand items[];      /* the entities the features could raise to the floor */
} name_memo;

#define MEMO_ENTRIES 16384

static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;

static void scratch_free(void *p)
{
	scratch *s = p;
	if (!s)
		return;
	free(s->na);
	free(s->touched);
	free(s->heap);
	free(s->cnames);
	free(s->cands);
	free(s->spare);
	lk_strmap_free_with(s->memo, free);
	free(s);
}

static void scratch_init_key(void)
{
	pthread_key_create(&scratch_key, scratch_free);
}

static scratch *get_scratch(const lk_index *ix)
{
	pthread_once(&scratch_once, scratch_init_key);
	scratch *s = pthread_getspecific(scratch_key);
	if (s && s->n >= ix->nnames)
		return s;
	scratch_free(s);
	pthread_setspecific(scratch_key, NULL);
	s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	size_t n = ix->nnames ? ix->nnames : 1;
	s->na = calloc(n, sizeof *s->na);
	s->touched = malloc((n + 1) * sizeof *s->touched); /* credit_runs writes one beyond */
	s->heap = malloc(n * sizeof *s->heap);
	if (!s->na || !s->touched || !s->heap) {
		scratch_free(s);
		return NULL;
	}
	s->n = n;
	pthread_setspecific(scratch_key, s);
	return s;
}

/* lk_match__rarity(df, nnames) for the small document frequencies most query parts have,
 * worked out once per thread and index size (a logarithm per part otherwise). */
#define RARITY_MEMO 256
static _Thread_local struct {
	size_t nnames;
	float r[RARITY_MEMO];
	bool have[RARITY_MEMO];
} rarity_memo;

static float rarity_of(size_t df, size_t nnames)
{
	if (df >= RARITY_MEMO)
		return lk_match__rarity(df, nnames);
	if (rarity_memo.nnames != nnames) {
		memset(rarity_memo.have, 0, sizeof rarity_memo.have);
		rarity_memo.nnames = nnames;
	}
	if (!rarity_memo.have[df]) {
		rarity_memo.r[df] = lk_match__rarity(df, nnames);
		rarity_memo.have[df] = true;
	}
	return rarity_memo.r[df];
}

static void to_mtokens(qform *f, const wtoken *w, size_t n, const lk_index *ix)
{
	for (size_t i = 0; i < n; i++) {
		mtoken *t = &f->tok[i];
		memcpy(f->strings[i][0], w[i].text, sizeof w[i].text);
		memcpy(f->strings[i][1], w[i].canon, sizeof w[i].canon);
		memcpy(f->strings[i][2], w[i].skel[0], sizeof w[i].skel[0]);
		t->text = f->strings[i][0];
		t->canon = f->strings[i][1];
		t->skel = f->strings[i][2];
		memcpy(f->strings[i][3], w[i].kor, sizeof w[i].kor);
		t->kor = w[i].kor[0] ? f->strings[i][3] : NULL;
		t->role = w[i].role;
		t->len = w[i].len;
		t->canon_len = w[i].canon_len;
		t->letters = lk_match__letters(w[i].text, w[i].len);
		t->loose = w[i].loose;
		t->first = w[i].len ? (uint8_t)w[i].text[0] : 0;
		t->canon_first = w[i].canon_len ? (uint8_t)w[i].canon[0] : 0;
		t->rarity = 1.0f;
		f->df[i] = 0;
		f->ckey[i] = 0;
		f->nskel[i] = w[i].nskel;
		memcpy(f->skel[i], w[i].skel, w[i].nskel * sizeof w[i].skel[0]);
		if (ix) {
			const posting *p;
			f->ckey[i] = lk_match__key_hash(t->canon, 'C');
			size_t df = lk_match__postings(ix, f->ckey[i], &p);
			/* A part no listed name has is rare by definition. */
			t->rarity = rarity_of(df ? df : 1, ix->nnames);
			f->df[i] = df;
		}
	}
	f->m.tok = f->tok;
	f->m.ntok = (uint8_t)n;
}

const char *lk_match__translit_name(unsigned v)
{
	static const char *const n[] = {"default",      "hangul-mr",    "hangul-dprk",
	                                "hangul-loanword", "han-mandarin", "han-japanese",
	                                "cyrillic-korean"};
	_Static_assert(LK_ARRAY_SIZE(n) == LK_TRANSLIT__COUNT, "a name per variant");
	return v < LK_ARRAY_SIZE(n) ? n[v] : "default";
}

/* Does a name have a part that can identify anything (not only numbers, titles, particles and
 * legal forms)? "5" or "LLC" alone would otherwise match every listed name containing it. */
static bool substantive(const wtoken *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (w[i].role != ROLE_NUMBER && w[i].role != ROLE_TITLE && w[i].role != ROLE_LEGAL &&
		    w[i].role != ROLE_PARTICLE)
			return true;
	return false;
}

/* Analyse the query's names into forms. Returns the count or a negative error. */
static int query_forms(qform *forms, const lk_query *q, const lk_index *ix, name_kind kind)
{
	size_t nf = 0;
	for (size_t i = 0; i < q->nnames && i < MAX_QUERY_NAMES; i++) {
		const char *name = q->names[i];
		if (!name)
			continue;
		size_t len = strlen(name);
		size_t bad;
		if (len > MAX_NAME_BYTES)
			return lk_error_set(LK_EINVALID, "query: name %zu is longer than %d bytes", i + 1,
			                    MAX_NAME_BYTES);
		if (!lk_utf8_valid(name, len, &bad))
			return lk_error_set(LK_EINVALID, "query: name %zu is not valid UTF-8 (byte %zu)",
			                    i + 1, bad);
		unsigned variants = 1u | lk_text_translit_variants(name, len);
		for (unsigned v = 0; v < LK_TRANSLIT__COUNT && nf < MAX_QUERY_FORMS; v++) {
			if (!(variants & (1u << v)))
				continue;
			wtoken w[MAX_TOKENS];
			int nt = lk_match__analyse(w, name, len, (lk_translit)v, kind, NULL, 0);
			if (nt < 0)
				return nt;
			if (nt == 0 || !substantive(w, (size_t)nt))
				continue;
			bool dup = false;
			for (size_t k = 0; k < nf && !dup; k++) {
				if (forms[k].m.ntok != nt)
					continue;
				size_t t = 0;
				while (t < (size_t)nt && strcmp(forms[k].tok[t].text, w[t].text) == 0)
					t++;
				dup = t == (size_t)nt;
			}
			if (dup)
				continue;
			to_mtokens(&forms[nf], w, (size_t)nt, ix);
			forms[nf].m.translit = (uint8_t)v;
			forms[nf].query_name = name;
			nf++;
		}
	}
	return (int)nf;
}

/* ---- retrieval ---- */

/* The keys of one query part, in the order they credit (the strongest first), with their
 * weights; the most a part can have: C, every skeleton, D, and two per deleted class. */
#define PART_KEYS (2 + LK_TEXT__MAX_SKELETONS + 2 * 32)

typedef struct part_keys {
	size_t n;
	uint64_t key[PART_KEYS];
	float w[PART_KEYS];
} part_keys;

static inline void add_key(part_keys *k, const char *s, char kind, float w)
{
	k->key[k->n] = lk_match__key_hash(s, kind);
	k->w[k->n] = w;
	k->n++;
}

/*
 * Credit the names on the postings runs[0..nr) (a part's keys, in order): a name is credited
 * once per part, with the weight of the first run that has it (stamp). The loop has no
 * branch on the names (each posting is one unpredictable test otherwise), and loads the
 * names' scores ahead across runs: most runs of the typo keys are a few postings long.
 */
static void credit_runs(scratch *s, const posting *const *runs, const size_t *lens,
                        const float *ws, size_t nr, uint32_t stamp)
{
	/* Locals, not s->...: the compiler cannot tell that the stores to na[] leave them be. */
	name_acc *na = s->na;
	uint32_t *touched = s->touched;
	size_t nt = s->ntouched;
	if (s->n <= NEAR_NAMES) {
		/* The scores fit in the core's own cache: loads ahead would cost more than they save
		 * (they were a third of the loop's instructions). */
		for (size_t r = 0; r < nr; r++) {
			const posting *p = runs[r];
			size_t n = lens[r];
			float w = ws[r];
			for (size_t i = 0; i < n; i++) {
				/* A branch, unlike the loop below: 19 postings in 20 credit a name its part
				 * has not credited yet, and the rest then cost no store. acc == 0 is an
				 * integer test (the score is never -0 or NaN). */
				name_acc *a = &na[p[i].name];
				if (a->stamp == stamp)
					continue;
				float acc = a->acc;
				uint32_t bits;
				memcpy(&bits, &acc, sizeof bits);
				touched[nt] = p[i].name;
				nt += bits == 0;
				a->acc = acc + w;
				a->stamp = stamp;
			}
		}
		s->ntouched = nt;
		return;
	}
	enum { AHEAD = 12 };
	size_t pr = 0, pi = 0; /* the posting whose name is prefetched */
	for (size_t ahead = 0; ahead < AHEAD && pr < nr; ahead++) {
		while (pr < nr && pi >= lens[pr]) {
			pr++;
			pi = 0;
		}
		if (pr < nr)
			__builtin_prefetch(&na[runs[pr][pi++].name], 1);
	}
	for (size_t r = 0; r < nr; r++) {
		const posting *p = runs[r];
		size_t n = lens[r];
		float w = ws[r];
		for (size_t i = 0; i < n; i++) {
			while (pr < nr && pi >= lens[pr]) {
				pr++;
				pi = 0;
			}
			if (pr < nr)
				__builtin_prefetch(&na[runs[pr][pi++].name], 1);
			uint32_t name = p[i].name;
			name_acc *a = &na[name];
			/* if (stamp != a->stamp) { if (acc == 0) touch; acc += w; } with no branch:
			 * adding +0 leaves the score's bits be (it is never -0). The touched list has
			 * room for one more than every name. */
			bool fresh = a->stamp != stamp;
			float acc = a->acc;
			touched[nt] = name;
			nt += fresh & (acc == 0);
			a->acc = acc + (fresh ? w : 0.0f);
			a->stamp = stamp;
		}
	}
	s->ntouched = nt;
}

/* Credit the names that share keys with the parts of one query form. */
static void retrieve(scratch *s, const lk_index *ix, const qform *form)
{
	size_t stop_df = (size_t)(STOP_DF_SHARE * (double)ix->nnames);
	if (stop_df < 1000)
		stop_df = 1000;
	for (size_t t = 0; t < form->m.ntok; t++) {
		const mtoken *tok = &form->tok[t];
		if (tok->role == ROLE_TITLE || tok->role == ROLE_LEGAL)
			continue;
		if (++s->clock == 0) {
			for (size_t i = 0; i < s->n; i++)
				s->na[i].stamp = 0;
			s->clock = 1;
		}
		uint32_t stamp = s->clock;
		float w = lk_match__role_weight(tok->role) * tok->rarity;
		/* Order matters: the strongest key credits first and later keys of the same part
		 * are ignored for names it already reached (stamp). */
		part_keys k;
		k.n = 1;
		k.key[0] = form->ckey[t]; /* tok->canon's C key */
		k.w[0] = w;
		/* the skeletons lk_text__skeletons gives tok->text, as analysed */
		const char (*keys)[32] = form->skel[t];
		size_t nk = form->nskel[t];
		for (size_t j = 0; j < nk; j++)
			if (keys[j][0])
				add_key(&k, keys[j], 'P', 0.8f * w);
		size_t n = strlen(keys[0]);
		if (n >= 3 && tok->role != ROLE_NUMBER) {
			/* The query's skeleton with one class deleted meets the listed skeleton
			 * (a letter too many in the query); the listed deletions are indexed as D
			 * keys (a letter missing from the query). */
			add_key(&k, keys[0], 'D', 0.5f * w);
			/* A spelling the lists know needs no typo search; an unknown one may be a
			 * typo of a listed name (these lookups are most of retrieval's cost): its
			 * skeleton with one class deleted meets a listed skeleton (a letter too many
			 * in the query, or two listed parts written as one: "CHOLCHAE" meets "Chol")
			 * and, for long skeletons only, a listed deletion (a consonant replaced).
			 * Shorter deletions are two to four consonants that a great many listed
			 * names share: they were a third of the names a query touched, and without
			 * them no positive and no payment hit was lost (docs/MATCHING.md). The
			 * part is known when its canonical spelling has postings (form->df, the
			 * count the C key finds). Deleting either of two equal neighbours gives the
			 * same key, which could credit nothing the first did not: it is left out. */
			bool subst = n >= LK_MATCH__SUBST_MIN_CLASSES;
			char d[32];
			for (size_t i = 0; form->df[t] == 0 && i < n; i++) {
				if (i > 0 && keys[0][i] == keys[0][i - 1])
					continue;
				memcpy(d, keys[0], i);
				memcpy(d + i, keys[0] + i + 1, n - i);
				add_key(&k, d, 'P', 0.5f * w);
				if (subst)
					add_key(&k, d, 'D', 0.4f * w);
			}
		}
		/* Look every key up before crediting any (the lookups are cache misses that can
		 * overlap), and keep the runs that credit. */
		for (size_t j = 0; j < k.n; j++)
			lk_match__postings_prefetch(ix, k.key[j]);
		const posting *runs[PART_KEYS];
		size_t lens[PART_KEYS];
		float ws[PART_KEYS];
		size_t nr = 0;
		for (size_t j = 0; j < k.n; j++) {
			const posting *p;
			size_t np = lk_match__postings(ix, k.key[j], &p);
			if (np == 0 || np > stop_df)
				continue;
			__builtin_prefetch(p);
			runs[nr] = p;
			lens[nr] = np;
			ws[nr] = k.w[j];
			nr++;
		}
		credit_runs(s, runs, lens, ws, nr, stamp);
	}
}

/* ---- results ---- */

/*
 * A name's rank key for top_names: the retrieval score's bits above the complement of the id,
 * so that one integer comparison orders by higher score, ties by lower id (for determinism).
 * Scores are positive floats, whose bit patterns order as their values do.
 */
static inline uint64_t rank_key(float acc, uint32_t name)
{
	uint32_t bits;
	memcpy(&bits, &acc, sizeof bits);
	return ((uint64_t)bits << 32) | (uint64_t)(UINT32_MAX - name);
}

/* Sift down in a min-heap of rank keys (the worst of the kept names at the root). */
static void sift_down(uint64_t *h, size_t n, size_t i)
{
	uint64_t x = h[i];
	size_t l;
	while ((l = 2 * i + 1) < n) {
		/* the smaller child by selects, not branches (a missing right child reads the left
		 * one): which child is smaller is a coin toss the processor cannot predict */
		size_t r = l + 1 < n ? l + 1 : l;
		size_t w = h[r] < h[l] ? r : l;
		uint64_t c = h[w];
		if (c >= x)
			break;
		h[i] = c;
		i = w;
	}
	h[i] = x;
}

/*
 * Put the rank keys of the k best touched names in s->heap, in no particular order (the
 * caller sorts the candidates of all forms together), and return how many there are; every
 * touched name's score is reset to 0 on the way (each is read once), ready for the next query
 * form. A bounded min-heap keeps this O(touched log k).
 */
static size_t top_names(scratch *s, size_t k)
{
	uint64_t *h = s->heap;
	name_acc *na = s->na;
	size_t n = s->ntouched < k ? s->ntouched : k;
	for (size_t i = 0; i < n; i++) {
		h[i] = rank_key(na[s->touched[i]].acc, s->touched[i]);
		na[s->touched[i]].acc = 0;
	}
	for (size_t i = n / 2; i-- > 0;)
		sift_down(h, n, i);
	const uint32_t *touched = s->touched;
	size_t nt = s->ntouched;
	/* The worst kept key in a local (the stores to na[] would reload it), and most names
	 * told from its score's bits alone: a lower score cannot rank above it. */
	uint64_t worst = n ? h[0] : 0;
	for (size_t i = n; i < nt; i++) {
		uint32_t name = touched[i];
		uint32_t bits;
		memcpy(&bits, &na[name].acc, sizeof bits);
		na[name].acc = 0;
		if (bits < (uint32_t)(worst >> 32))
			continue;
		uint64_t x = ((uint64_t)bits << 32) | (uint64_t)(UINT32_MAX - name); /* rank_key */
		if (x > worst) {
			h[0] = x;
			sift_down(h, n, 0);
			worst = h[0];
		}
	}
	return n;
}

/* Sort v[0..n) ascending (qsort's calls to a comparison were a few per cent of a payment
 * query): quicksort on the median of three, insertion sort for short ranges. Equal values
 * are equal, so the order is qsort's. */
static void sort_u64(uint64_t *v, size_t n)
{
	while (n > 16) {
		uint64_t a = v[0], b = v[n / 2], c = v[n - 1];
		uint64_t p = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
		size_t i = 0, j = n - 1;
		for (;;) {
			while (v[i] < p)
				i++;
			while (v[j] > p)
				j--;
			if (i >= j)
				break;
			uint64_t t = v[i];
			v[i] = v[j];
			v[j] = t;
			i++;
			j--;
		}
		/* v[0..j] <= p <= v[j+1..n): sort the smaller side, loop on the larger */
		size_t left = j + 1;
		if (left < n - left) {
			sort_u64(v, left);
			v += left;
			n -= left;
		} else {
			sort_u64(v + left, n - left);
			n = left;
		}
	}
	for (size_t i = 1; i < n; i++) {
		uint64_t x = v[i];
		size_t j = i;
		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* May this entity be a result of the query (schema, sources)? */
static bool allowed(const lk_query *q, const lk_entity *e)
{
	if (q->schema != LK_SCHEMA_UNKNOWN && !lk_schema_is_a(e->schema, q->schema))
		return false;
	if (!q->sources || q->nsources == 0)
		return true;
	for (size_t i = 0; i < q->nsources; i++)
		if (q->sources[i] && e->source && strcmp(q->sources[i], e->source) == 0)
			return true;
	return false;
}

struct cand {
	uint32_t entity;
	const char *id;  /* ties are broken by id, so results do not depend on build order */
	double score;    /* rounded to 3 decimals, as reported */
	double name_score;
	uint32_t name;   /* the best name (an index name id), or UINT32_MAX for none */
	uint8_t form;    /* the query form that met it */
};

static int cmp_cand(const void *a, const void *b)
{
	const cand *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	int c = strcmp(x->id ? x->id : "", y->id ? y->id : "");
	return c ? c : (x->entity < y->entity ? -1 : x->entity > y->entity);
}

/* A candidate: an index name and the query form that retrieved it (ALL_FORMS: every form,
 * for entities found by identifier). Sorting these groups them by entity, since the names of
 * one entity are one range of ids. */
#define ALL_FORMS 0xFFu
#define CAND_NAME(c) ((uint32_t)((c) >> 8))
#define CAND_FORM(c) ((unsigned)((c) & 0xFFu))
#define CAND(name, form) (((uint64_t)(name) << 8) | (uint64_t)(form))

/*
 * Start loading the candidates' names and tokens from memory before they are scored: they lie
 * scattered over the index, and scoring them one after the other would wait for each miss in
 * turn. Only a hint to the processor; nothing is read that scoring would not read.
 */
static void prefetch_names(const lk_index *ix, const uint64_t *cnames, size_t nn)
{
	for (size_t i = 0; i < nn; i++)
		if (CAND_NAME(cnames[i]) < ix->nnames)
			__builtin_prefetch(&ix->names[CAND_NAME(cnames[i])]);
	for (size_t i = 0; i < nn; i++) {
		if (CAND_NAME(cnames[i]) >= ix->nnames)
			continue;
		const mname *m = &ix->names[CAND_NAME(cnames[i])];
		const char *t = (const char *)m->tok, *end = (const char *)(m->tok + m->ntok);
		for (; t < end; t += 64)
			__builtin_prefetch(t);
	}
	for (size_t i = 0; i < nn; i++) {
		if (CAND_NAME(cnames[i]) >= ix->nnames)
			continue;
		const mname *m = &ix->names[CAND_NAME(cnames[i])];
		for (size_t t = 0; t < m->ntok; t++)
			__builtin_prefetch(m->tok[t].text);
	}
}

/* Score entity ent on its candidate names, each against the query form that retrieved it
 * (a Hangul query has four readings; scoring every name against every reading would be four
 * times the work for nothing); the best pair wins. No explanation yet: only the results that
 * are returned get one (explain_result). */
static void score_entity(const lk_index *ix, const lk_query *q, const qform *forms, size_t nf,
                         uint32_t ent, const uint64_t *pairs, size_t npairs, double reportable,
                         lk_match__score_ctx *ctx, cand *out)
{
	double best = -1;
	uint32_t best_name = UINT32_MAX;
	uint8_t best_form = 0;
	bool skipped = false;
	for (size_t i = 0; i < npairs; i++) {
		uint32_t name = CAND_NAME(pairs[i]);
		const mname *m = &ix->names[name];
		size_t f0 = CAND_FORM(pairs[i]) == ALL_FORMS ? 0 : CAND_FORM(pairs[i]);
		size_t f1 = CAND_FORM(pairs[i]) == ALL_FORMS ? nf : f0 + 1;
		for (size_t f = f0; f < f1; f++) {
			/* A pair whose bound cannot beat the best so far would not replace it; one whose
			 * bound is clearly below the reportable name score cannot make the entity a
			 * result, and cannot change which pair wins if one does (BOUND_MARGIN is far
			 * more than the 1e-9 by which a later equal score may fail to replace it). A
			 * bound below both tests' values may stop early: either test then skips the
			 * pair, and which one does only matters while no pair was scored (best < 0),
			 * when the first cannot. */
			double need = reportable - BOUND_MARGIN > best + 1e-9 ? reportable - BOUND_MARGIN
			                                                      : best + 1e-9;
			double ub = lk_match__score_bound_ctx(ctx, (unsigned)f, &forms[f].m, m, need);
			if (ub <= best + 1e-9)
				continue;
			if (ub < reportable - BOUND_MARGIN) {
				skipped = true;
				continue;
			}
			double sc = lk_match__score_names_ctx(ctx, (unsigned)f, &forms[f].m, m, NULL);
			/* The first of equal scores wins: the entity's main name comes first. */
			if (sc > best + 1e-9) {
				best = sc;
				best_name = name;
				best_form = (uint8_t)f;
			}
		}
	}
	if (best < 0)
		best = 0;
	out->entity = ent;
	if (best_name == UINT32_MAX && skipped) {
		/* Every name was below the reportable score: not a result (no features needed, and
		 * no id: reading the entity would be a cache miss for most candidates). */
		out->id = NULL;
		out->name = UINT32_MAX;
		out->form = 0;
		out->name_score = 0;
		out->score = 0;
		return;
	}
	bool id_match;
	out->name = best_name;
	out->form = best_form;
	out->name_score = best;
	lk_prop prop = best_name != UINT32_MAX ? (lk_prop)ix->names[best_name].prop : LK_PROP_NAME;
	out->score = round(lk_match__features(q, ix->entities[ent], best, prop, NULL, &id_match) *
	                   1000.0) / 1000.0;
	out->id = ix->entities[ent]->id;
}

/* The explanation of a result: the winning pair's alignment and the features. ctx: the
 * memo the pair was scored with (its credits make the same alignment without Jaro-Winkler
 * again). */
static void explain_result(const lk_index *ix, const lk_query *q, const qform *forms,
                           const cand *c, lk_match__score_ctx *ctx, lk_explanation *x)
{
	memset(x, 0, sizeof *x);
	lk_prop prop = LK_PROP_NAME;
	if (c->name != UINT32_MAX) {
		const mname *m = &ix->names[c->name];
		lk_match__score_names_ctx(ctx, c->form, &forms[c->form].m, m, x);
		x->query_name = forms[c->form].query_name;
		x->matched_name = m->orig;
		prop = (lk_prop)m->prop;
		x->matched_prop = lk_prop_name(prop);
		x->translit = lk_match__translit_name(m->translit != 0 ? m->translit
		                                                        : forms[c->form].m.translit);
	}
	bool id_match;
	lk_match__features(q, ix->entities[c->entity], c->name_score, prop, x, &id_match);
}

static int validate_query(const lk_query *q)
{
	if (!q || q->version != LK_QUERY_VERSION)
		return lk_error_set(LK_EINVALID, "query: not initialised with LK_QUERY_INIT");
	if (q->nnames == 0 && q->nidentifiers == 0)
		return lk_error_set(LK_EINVALID, "query: give at least one name or identifier");
	for (size_t i = 0; i < q->nbirth_dates; i++) {
		lk_date d;
		if (!q->birth_dates[i] || lk_date_parse(&d, q->birth_dates[i]))
			return lk_error_set(LK_EINVALID, "query: birth date \"%.40s\" is not a date",
			                    q->birth_dates[i] ? q->birth_dates[i] : "");
	}
	for (size_t i = 0; i < q->ncountries; i++)
		if (!q->countries[i] || !lk_utf8_valid(q->countries[i], strlen(q->countries[i]), NULL))
			return lk_error_set(LK_EINVALID, "query: country %zu is not valid UTF-8", i + 1);
	for (size_t i = 0; i < q->nidentifiers; i++)
		if (!q->identifiers[i] ||
		    !lk_utf8_valid(q->identifiers[i], strlen(q->identifiers[i]), NULL))
			return lk_error_set(LK_EINVALID, "query: identifier %zu is not valid UTF-8", i + 1);
	return 0;
}

/* Entities found by an identifier of the query. */
static size_t ident_candidates(const lk_index *ix, const lk_query *q, uint32_t *out, size_t max)
{
	size_t n = 0;
	lk_buf b;
	lk_buf_init(&b, 256);
	for (size_t i = 0; i < q->nidentifiers; i++) {
		char digits[8];
		const char *key = NULL;
		lk_buf_clear(&b);
		if (lk_imo_digits(q->identifiers[i], digits))
			key = digits;
		else if (!lk_ident_normalize(&b, q->identifiers[i]) && b.len >= 4)
			key = lk_buf_cstr(&b);
		if (!key)
			continue;
		uint64_t h = lk_match__key_hash(key, 'I');
		size_t lo = 0, hi = ix->nidents;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (ix->idents[mid].key < h)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < ix->nidents && ix->idents[lo].key == h && n < max; lo++)
			out[n++] = ix->idents[lo].entity;
	}
	lk_buf_dispose(&b);
	return n;
}

/*
 * The screening proper. given == NULL: candidates come from retrieval by the query's keys.
 * Otherwise they are the index names given[0..ngiven), each scored against every query form
 * (the text scanner passes the names that have two parts of a span, found from the postings
 * directly, and saves the retrieval).
 */
/* Keep a scored entity in the name stage's memo (NULL: none), unless every name it has was
 * below the reportable score (never a result, whatever the features). */
static void memo_add(name_memo *m, const cand *c)
{
	if (!m || (c->name == UINT32_MAX && !c->id))
		return;
	m->items[m->n++] = (memo_cand){c->entity, c->name, c->name_score, c->form};
}

/* The features of a memoised entity: score_entity's last step. */
static void memo_features(const lk_index *ix, const lk_query *q, const memo_cand *m, cand *out)
{
	bool id_match;
	out->entity = m->entity;
	out->name = m->name;
	out->form = m->form;
	out->name_score = m->name_score;
	lk_prop prop = m->name != UINT32_MAX ? (lk_prop)ix->names[m->name].prop : LK_PROP_NAME;
	out->score = round(lk_match__features(q, ix->entities[m->entity], m->name_score, prop, NULL,
	                                      &id_match) * 1000.0) / 1000.0;
	out->id = ix->entities[m->entity]->id;
}

/* Append n in hexadecimal and a separator. */
static int put_hex(lk_buf *b, uint64_t n)
{
	char t[17];
	size_t k = sizeof t;
	t[--k] = '|';
	do {
		t[--k] = "0123456789abcdef"[n & 15];
		n >>= 4;
	} while (n);
	return lk_buf_put(b, t + k, sizeof t - k);
}

/* The memo key of q's name stage: everything but its countries. Identifiers are UTF-8
 * (validate_query), and so must the names be (else there is no key, and query_forms refuses
 * them), so that a 0xFF byte ends each; a source, which need not be, has its length first. */
static int memo_key(lk_buf *b, const lk_query *q, double floor)
{
	for (size_t i = 0; i < q->nnames; i++)
		if (q->names[i] && !lk_utf8_valid(q->names[i], strlen(q->names[i]), NULL))
			return LK_EINVALID;
	uint64_t bits;
	memcpy(&bits, &floor, sizeof bits);
	int rc = put_hex(b, bits);
	rc = rc ? rc : put_hex(b, (uint64_t)q->schema);
	rc = rc ? rc : put_hex(b, q->nnames);
	rc = rc ? rc : put_hex(b, q->nidentifiers);
	rc = rc ? rc : put_hex(b, q->sources ? q->nsources : 0);
	for (size_t i = 0; !rc && i < q->nnames; i++) {
		if (q->names[i])
			rc = lk_buf_puts(b, q->names[i]);
		rc = rc ? rc : lk_buf_put(b, q->names[i] ? "\xff" : "\xfe", 1);
	}
	for (size_t i = 0; !rc && i < q->nidentifiers; i++) {
		rc = lk_buf_puts(b, q->identifiers[i]);
		rc = rc ? rc : lk_buf_put(b, "\xff", 1);
	}
	for (size_t i = 0; !rc && q->sources && i < q->nsources; i++) {
		const char *src = q->sources[i] ? q->sources[i] : "";
		rc = put_hex(b, q->sources[i] ? strlen(src) : UINT64_MAX);
		rc = rc ? rc : lk_buf_puts(b, src);
	}
	return rc;
}

static int screen_impl(lk_match_results **out, const lk_index *ix, const lk_query *q,
                       const uint32_t *given, size_t ngiven, double floor, bool use_memo,
                       bool explain)
{
	*out = NULL;
	int rc = validate_query(q);
	if (rc)
		return rc;
	if (!(floor >= LK_MATCH_REPORT_FLOOR)) /* NaN too */
		floor = LK_MATCH_REPORT_FLOOR;
	double threshold = q->threshold >= 0 ? q->threshold : LK_MATCH_DEFAULT_THRESHOLD;
	size_t limit = q->limit ? q->limit : LK_MATCH_DEFAULT_LIMIT;
	if (limit > LK_MATCH_MAX_LIMIT)
		limit = LK_MATCH_MAX_LIMIT;

	cand *cands = NULL;
	uint64_t *cnames = NULL;
	lk_match_results *res = NULL;
	scratch *s = get_scratch(ix);
	if (!s)
		return lk_error_set(LK_ENOMEM, "screen: out of memory");
	qform *forms = s->forms;
	/* The name stage (candidates, and each entity's best name with its score) depends on
	 * the query's names, identifiers, schema, sources and floor, and on its countries only
	 * through the reportable name score (a country's bonus lowers it: more names are scored).
	 * Scoring at a lower reportable score than the query's gives every entity that can
	 * reach the floor the same best name and name score (see score_entity): with the memo,
	 * a name stage is made for the reportable score of a query with a country, reused by
	 * any query whose reportable score is at least the one it was made for (one made for a
	 * higher score would be replaced), and each query applies its own features. Queries with
	 * birth dates or a gender do not use the memo. */
	lk_buf mkey;
	lk_buf_init(&mkey, 0);
	name_memo *memo = NULL, *hit = NULL, *stale = NULL;
	double reportable = lk_match__reportable_name_score(q, floor);
	size_t nc = 0, ne = 0;
	int nf = 0;
	use_memo = use_memo && !given && q->nbirth_dates == 0 && (!q->gender || !q->gender[0]);
	if (use_memo) {
		/* Always scored for a country's bonus: a query without one then shares the stage
		 * (the few more names scored cost well under 1 % of an MT103 pass, none of whose
		 * parties has a country; a pacs.008 pass, half of whose have, did 3 % less). */
		lk_query with_country = *q;
		with_country.ncountries = 1;
		reportable = lk_match__reportable_name_score(&with_country, floor);
	}
	if (use_memo && !memo_key(&mkey, q, floor)) {
		if (s->memo && (s->memo_serial != ix->serial ||
		                lk_strmap_count(s->memo) >= MEMO_ENTRIES)) {
			lk_strmap_free_with(s->memo, free);
			s->memo = NULL;
		}
		if (!s->memo) {
			s->memo = lk_strmap_new();
			s->memo_serial = ix->serial;
		}
		hit = s->memo ? lk_strmap_get(s->memo, lk_buf_cstr(&mkey)) : NULL;
		if (hit && hit->reportable > reportable) {
			stale = hit; /* made for a higher reportable score: replaced below */
			hit = NULL;
		}
	} else {
		use_memo = false;
	}
	use_memo = use_memo && s->memo;
	if (hit) {
		/* The names were analysed and had something to match when the memo was made. */
		if (s->cap_cands < (hit->n ? hit->n : 1)) {
			cand *p = realloc(s->cands, (hit->n ? hit->n : 1) * sizeof *p);
			if (!p) {
				rc = lk_error_set(LK_ENOMEM, "screen: out of memory");
				goto done;
			}
			s->cands = p;
			s->cap_cands = hit->n ? hit->n : 1;
		}
		cands = s->cands;
		for (size_t i = 0; i < hit->n; i++) {
			memo_features(ix, q, &hit->items[i], &cands[nc]);
			if (cands[nc].score >= floor)
				nc++;
		}
		ne = hit->candidates;
		nf = -1; /* not analysed yet */
		goto scored;
	}
	nf = query_forms(forms, q, ix, lk_match__kind(q->schema));
	if (nf < 0) {
		rc = nf;
		goto done;
	}
	if (nf == 0 && q->nidentifiers == 0) {
		rc = lk_error_set(LK_EINVALID, "query: the names contain nothing to match");
		goto done;
	}
	/* Candidate names: the best retrieved names of each query form (each form competes only
	 * with itself, so that the syllable-by-syllable reading of a foreign name in Hangul cannot
	 * crowd out its reading as a foreign name), among entities the query's schema and
	 * sources allow; then every name of the entities an identifier points to. Only these
	 * names are scored in full. */
	size_t per_form = nf > 0 ? CANDIDATE_NAMES / (size_t)nf : 0;
	if (per_form < 24)
		per_form = 24;
	size_t cap_names = per_form * (size_t)(nf > 0 ? nf : 1) + 512 + ngiven;
	if (s->cap_cnames < cap_names) {
		uint64_t *p = realloc(s->cnames, cap_names * sizeof *p);
		if (!p) {
			rc = lk_error_set(LK_ENOMEM, "screen: out of memory");
			goto done;
		}
		s->cnames = p;
		s->cap_cnames = cap_names;
	}
	cnames = s->cnames;
	size_t nn = 0;
	bool has_sources = q->sources && q->nsources > 0;
	bool schema_ok[LK_SCHEMA__COUNT];
	for (int k = 0; k < LK_SCHEMA__COUNT; k++)
		schema_ok[k] = lk_schema_is_a((lk_schema)k, q->schema);
	for (size_t i = 0; given && nf > 0 && i < ngiven; i++)
		if (given[i] < ix->nnames && allowed(q, ix->entities[ix->names[given[i]].entity]))
			cnames[nn++] = CAND(given[i], ALL_FORMS);
	for (int f = 0; !given && f < nf; f++) {
		s->ntouched = 0;
		retrieve(s, ix, &forms[f]);
		size_t kept = 0;
		if (has_sources) {
			for (size_t i = 0; i < s->ntouched; i++) {
				uint32_t name = s->touched[i];
				if (allowed(q, ix->entities[ix->names[name].entity]))
					s->touched[kept++] = name;
				else
					s->na[name].acc = 0;
			}
		} else if (q->schema != LK_SCHEMA_UNKNOWN) {
			/* the same test as allowed(), on the compact schema copy */
			for (size_t i = 0; i < s->ntouched; i++) {
				uint32_t name = s->touched[i];
				if (schema_ok[ix->name_schema[name]])
					s->touched[kept++] = name;
				else
					s->na[name].acc = 0;
			}
		} else {
			kept = s->ntouched;
		}
		s->ntouched = kept;
		size_t k = top_names(s, per_form);
		for (size_t i = 0; i < k; i++)
			cnames[nn++] = CAND(UINT32_MAX - (uint32_t)s->heap[i], (unsigned)f);
		s->ntouched = 0;
	}
	uint32_t by_id[64];
	size_t nid = ident_candidates(ix, q, by_id, 64);
	for (size_t i = 0; i < nid; i++) {
		if (!allowed(q, ix->entities[by_id[i]]))
			continue;
		for (uint32_t t = ix->ent_names[by_id[i]]; t < ix->ent_names[by_id[i] + 1] &&
		                                          nn < cap_names; t++)
			cnames[nn++] = CAND(t, ALL_FORMS);
		if (ix->ent_names[by_id[i]] == ix->ent_names[by_id[i] + 1] && nn < cap_names)
			cnames[nn++] = CAND(UINT32_MAX - by_id[i], 0); /* an entity without names */
	}
	/* Group the candidates by entity and drop duplicates. */
	sort_u64(cnames, nn);
	if (s->cap_cands < (nn ? nn : 1)) {
		cand *p = realloc(s->cands, (nn ? nn : 1) * sizeof *p);
		if (!p) {
			rc = lk_error_set(LK_ENOMEM, "screen: out of memory");
			goto done;
		}
		s->cands = p;
		s->cap_cands = nn ? nn : 1;
	}
	cands = s->cands;
	prefetch_names(ix, cnames, nn);
	if (use_memo) {
		memo = malloc(sizeof *memo + (nn ? nn : 1) * sizeof *memo->items);
		if (memo) {
			memo->reportable = reportable;
			memo->n = 0;
		}
	}
	lk_match__score_ctx_index(&s->score, ix->serial);
	lk_match__score_ctx_reset(&s->score);
	for (size_t i = 0; i < nn;) {
		if (CAND_NAME(cnames[i]) >= ix->nnames) {
			/* Nameless entity found by identifier. */
			uint32_t ent = UINT32_MAX - CAND_NAME(cnames[i]);
			score_entity(ix, q, forms, (size_t)nf, ent, NULL, 0, reportable, &s->score,
			             &cands[nc]);
			ne++;
			memo_add(memo, &cands[nc]);
			if (cands[nc].score >= floor)
				nc++;
			i++;
			continue;
		}
		uint32_t ent = ix->names[CAND_NAME(cnames[i])].entity;
		size_t j = i, w = i;
		for (; j < nn && CAND_NAME(cnames[j]) < ix->nnames &&
		       ix->names[CAND_NAME(cnames[j])].entity == ent;
		     j++)
			if (w == i || cnames[w - 1] != cnames[j])
				cnames[w++] = cnames[j];
		score_entity(ix, q, forms, (size_t)nf, ent, cnames + i, w - i, reportable, &s->score,
		             &cands[nc]);
		ne++;
		memo_add(memo, &cands[nc]);
		if (cands[nc].score >= floor)
			nc++;
		i = j;
	}
	if (memo) {
		memo->candidates = ne;
		name_memo *m = realloc(memo, sizeof *memo + (memo->n ? memo->n : 1) *
		                                                sizeof *memo->items);
		if (m)
			memo = m;
		if (lk_strmap_put(s->memo, lk_buf_cstr(&mkey), memo))
			free(memo);
		else
			free(stale);
		memo = NULL;
	}
scored:
	qsort(cands, nc, sizeof *cands, cmp_cand);
	size_t count = nc < limit ? nc : limit;
	results_block *b = s->spare;
	if (b && b->cap >= count) {
		s->spare = NULL;
	} else {
		size_t cap = count > LK_MATCH_DEFAULT_LIMIT ? count : LK_MATCH_DEFAULT_LIMIT;
		b = malloc(sizeof *b + cap * sizeof *b->items);
		if (!b) {
			rc = lk_error_set(LK_ENOMEM, "screen: out of memory");
			goto done;
		}
		b->cap = cap;
	}
	res = &b->r;
	memset(res, 0, sizeof *res);
	res->items = b->items;
	res->threshold = threshold;
	res->candidates = ne;
	res->count = count;
	if (count && nf < 0 && explain) {
		/* A memoised name stage: the names are analysed only to explain the results. */
		nf = query_forms(forms, q, ix, lk_match__kind(q->schema));
		if (nf < 0) {
			rc = nf;
			goto done;
		}
		lk_match__score_ctx_index(&s->score, ix->serial);
		lk_match__score_ctx_reset(&s->score); /* what it holds was for other forms */
	}
	for (size_t i = 0; i < res->count; i++) {
		lk_match_result *r = &res->items[i];
		r->entity = ix->entities[cands[i].entity];
		r->score = cands[i].score;
		r->match = r->score >= threshold;
		if (explain)
			explain_result(ix, q, forms, &cands[i], &s->score, &r->explanation);
		else
			memset(&r->explanation, 0, sizeof r->explanation);
	}
	*out = res;
	res = NULL;
done:
	free(memo);
	lk_buf_dispose(&mkey);
	lk_match_results_free(res);
	return rc;
}

int lk_match_screen(lk_match_results **out, const lk_index *ix, const lk_query *q)
{
	return screen_impl(out, ix, q, NULL, 0, LK_MATCH_REPORT_FLOOR, false, true);
}

int lk_match__screen_memo(lk_match_results **out, const lk_index *ix, const lk_query *q,
                          double floor, bool explain)
{
	return screen_impl(out, ix, q, NULL, 0, floor, true, explain);
}

int lk_match__screen(lk_match_results **out, const lk_index *ix, const lk_query *q,
                     const uint32_t *names, size_t n, double floor)
{
	static const uint32_t none[1] = {UINT32_MAX};
	return screen_impl(out, ix, q, names && !n ? none : names, n, floor, false, true);
}

void lk_match_results_free(lk_match_results *r)
{
	if (!r)
		return;
	results_block *b = (results_block *)r;
	pthread_once(&scratch_once, scratch_init_key);
	scratch *s = pthread_getspecific(scratch_key);
	if (s && (!s->spare || s->spare->cap < b->cap)) {
		free(s->spare);
		s->spare = b;
		return;
	}
	free(b);
}

int lk_match_compare(lk_match_result *out, const char *name1, const char *name2,
                     lk_schema schema, double threshold)
{
	memset(out, 0, sizeof *out);
	if (!name1 || !name2)
		return lk_error_set(LK_EINVALID, "compare: two names are needed");
	if (threshold < 0)
		threshold = LK_MATCH_DEFAULT_THRESHOLD;
	qform *a = malloc(MAX_QUERY_FORMS * sizeof *a), *b = malloc(MAX_QUERY_FORMS * sizeof *b);
	int rc = 0;
	if (!a || !b) {
		rc = lk_error_set(LK_ENOMEM, "compare: out of memory");
		goto done;
	}
	lk_query q1 = LK_QUERY_INIT, q2 = LK_QUERY_INIT;
	q1.names = &name1;
	q1.nnames = 1;
	q2.names = &name2;
	q2.nnames = 1;
	name_kind kind = lk_match__kind(schema);
	int na = query_forms(a, &q1, NULL, kind), nb = query_forms(b, &q2, NULL, kind);
	if (na < 0 || nb < 0) {
		rc = na < 0 ? na : nb;
		goto done;
	}
	if (na == 0 || nb == 0) {
		rc = lk_error_set(LK_EINVALID, "compare: a name contains nothing to match");
		goto done;
	}
	double best = -1;
	for (int i = 0; i < na; i++)
		for (int j = 0; j < nb; j++) {
			lk_explanation x;
			memset(&x, 0, sizeof x);
			double s = lk_match__score_names(&a[i].m, &b[j].m, &x);
			if (s > best + 1e-9) {
				best = s;
				out->explanation = x;
				out->explanation.query_name = name1;
				out->explanation.matched_name = name2;
				out->explanation.matched_prop = "name";
				out->explanation.translit =
					lk_match__translit_name(b[j].m.translit ? b[j].m.translit : a[i].m.translit);
			}
		}
	lk_query none = LK_QUERY_INIT;
	bool id_match;
	lk_entity empty = {0};
	out->score = round(lk_match__features(&none, &empty, best, LK_PROP_NAME, &out->explanation,
	                                      &id_match) * 1000.0) / 1000.0;
	out->match = out->score >= threshold;
done:
	free(a);
	free(b);
	return rc;
}
