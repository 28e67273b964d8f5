/*
 * test_score_memo.c - the per-query memo of token credits (lk_match__score_ctx) changes no
 * number: lk_match__score_bound_ctx and lk_match__score_names_ctx give the very bits of
 * lk_match__score_bound and lk_match__score_names, with and without an explanation, on
 * "queries" of listed names (one to three forms each) against the names that share their
 * keys and random ones; also when the memo is full, when a form number is reused for another
 * name without a reset, and on a zeroed ctx that was never reset. The index has Latin,
 * Cyrillic, Arabic and Hangul names (ftm_scripts.json), so that loose and Korean tokens meet.
 */
#include "explain_test.h"
#include "lk_test.h"
#include "match/match_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static lk_index *build_index(void)
{
	lk_index *ix = lk_test_scripts_index();
	assert_non_null(ix);
	assert_true(ix->nnames > 1000);
	return ix;
}

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void same_double(double a, double b, const mname *q, const mname *c, const char *what)
{
	if (memcmp(&a, &b, sizeof a) != 0) {
		fprintf(stderr, "%s: memo %.17g, plain %.17g: \"%s\" ~ \"%s\"\n", what, a, b, q->orig,
		        c->orig);
		fail();
	}
}

typedef struct counts {
	size_t pairs;
	size_t scored;   /* score above 0 */
	size_t early;    /* bounds that stopped early (below what was asked) */
} counts;

/* Candidate c against every form, memo and plain; every 16th pair with an explanation. */
static void check_pair(lk_match__score_ctx *ctx, const mname *const *forms, size_t nf,
                       const mname *c, counts *n)
{
	for (size_t f = 0; f < nf; f++) {
		const mname *q = forms[f];
		double ub = lk_match__score_bound(q, c);
		/* Asked for no more than it is: the bound itself. */
		same_double(lk_match__score_bound_ctx(ctx, (unsigned)f, q, c, 0.0), ub, q, c,
		            "bound");
		same_double(lk_match__score_bound_ctx(ctx, (unsigned)f, q, c, ub), ub, q, c,
		            "bound (need = bound)");
		/* Asked for more: the bound, or a bound above it but below what was asked. */
		double need = ub + 0.01 + 0.3 * (double)(n->pairs % 4);
		double early = lk_match__score_bound_ctx(ctx, (unsigned)f, q, c, need);
		if (early != ub && !(early >= ub && early < need)) {
			fprintf(stderr, "bound %.17g, asked for %.17g: %.17g: \"%s\" ~ \"%s\"\n", ub,
			        need, early, q->orig, c->orig);
			fail();
		}
		n->early += early != ub;
		double s = lk_match__score_names(q, c, NULL);
		same_double(lk_match__score_names_ctx(ctx, (unsigned)f, q, c, NULL), s, q, c,
		            "score");
		if (n->pairs % 16 == 0) {
			lk_explanation a, b;
			memset(&a, 0, sizeof a);
			memset(&b, 0, sizeof b);
			lk_match__score_names_ctx(ctx, (unsigned)f, q, c, &a);
			lk_match__score_names(q, c, &b);
			same_explanation(&a, &b);
		}
		n->pairs++;
		n->scored += s > 0;
	}
}

/* The names that share a canonical spelling or a skeleton with a token of m (at most 8 per
 * key), as retrieval would bring them; returns how many (at most max). */
static size_t neighbours(const lk_index *ix, const mname *m, uint32_t *out, size_t max)
{
	size_t n = 0;
	for (size_t t = 0; t < m->ntok; t++) {
		const char *keys[2] = {m->tok[t].canon, m->tok[t].skel};
		const char kinds[2] = {'C', 'P'};
		for (int k = 0; k < 2; k++) {
			if (!keys[k] || !*keys[k])
				continue;
			const posting *p;
			size_t np = lk_match__postings(ix, lk_match__key_hash(keys[k], kinds[k]), &p);
			for (size_t i = 0; i < np && i < 8 && n < max; i++)
				out[n++] = p[i].name;
		}
	}
	return n;
}

static void test_match_score_memo__same_bits_as_without(void **state)
{
	(void)state;
	lk_index *ix = build_index();
	lk_match__score_ctx *ctx = calloc(1, sizeof *ctx);
	assert_non_null(ctx);
	uint64_t seed = 20261207;
	counts n = {0};
	size_t queries = 0;
	for (uint32_t a = 0; a < ix->nnames; a += 3, queries++) {
		/* A query of one to three forms: the name, and names of other entities. */
		const mname *forms[3] = {&ix->names[a],
		                         &ix->names[splitmix(&seed) % ix->nnames],
		                         &ix->names[splitmix(&seed) % ix->nnames]};
		size_t nf = 1 + a % 3;
		lk_match__score_ctx_reset(ctx);
		uint32_t cands[200];
		size_t nc = 0;
		for (size_t f = 0; f < nf; f++)
			nc += neighbours(ix, forms[f], cands + nc, 160 / nf);
		/* the entity's own aliases, and some random names */
		for (uint32_t b = ix->ent_names[ix->names[a].entity];
		     b < ix->ent_names[ix->names[a].entity + 1] && nc < 190; b++)
			cands[nc++] = b;
		while (nc < 200)
			cands[nc++] = (uint32_t)(splitmix(&seed) % ix->nnames);
		for (size_t i = 0; i < nc; i++)
			check_pair(ctx, forms, nf, &ix->names[cands[i]], &n);
		/* A second pass finds everything memoised. */
		for (size_t i = 0; i < nc; i += 7)
			check_pair(ctx, forms, nf, &ix->names[cands[i]], &n);
	}
	printf("%zu queries, %zu pairs, %zu scored above 0, %zu bounds stopped early\n", queries,
	       n.pairs, n.scored, n.early);
	assert_true(n.scored > n.pairs / 20); /* real matches were compared, not only zeros */
	assert_true(n.early > n.pairs / 4);   /* and the quick bound was put to the test */
	free(ctx);
	lk_index_unref(ix);
}

static void test_match_score_memo__full_reused_and_zeroed(void **state)
{
	(void)state;
	lk_index *ix = build_index();
	lk_match__score_ctx *ctx = calloc(1, sizeof *ctx);
	assert_non_null(ctx);
	counts n = {0};
	/* A zeroed ctx, never reset, and one query against far more names than it holds: once
	 * it is full, credits are worked out without it. */
	const mname *forms[2] = {&ix->names[0], &ix->names[ix->nnames / 2]};
	for (uint32_t b = 0; b < ix->nnames && b < 4000; b++)
		check_pair(ctx, forms, 2, &ix->names[b], &n);
	assert_true(ctx->nslots >= LK_MATCH__MEMO_SLOTS / 4 * 3 ||
	            ctx->used + 2 * MAX_TOKENS + 1 > LK_MATCH__MEMO_POOL);
	/* Form numbers beyond what it keeps are not memoised, and give the same. */
	for (uint32_t b = 0; b < ix->nnames && b < 200; b++) {
		const mname *q = &ix->names[(b * 7919u) % ix->nnames], *c = &ix->names[b];
		same_double(lk_match__score_bound_ctx(ctx, LK_MATCH__MEMO_FORMS + 3, q, c, 0.0),
		            lk_match__score_bound(q, c), q, c, "bound");
		same_double(lk_match__score_names_ctx(ctx, LK_MATCH__MEMO_FORMS + 3, q, c, NULL),
		            lk_match__score_names(q, c, NULL), q, c, "score");
	}
	/* Form 0 is another name every time, without a reset: the memo starts afresh. */
	uint64_t seed = 7;
	for (int i = 0; i < 3000; i++) {
		const mname *q = &ix->names[splitmix(&seed) % ix->nnames];
		const mname *c = &ix->names[splitmix(&seed) % ix->nnames];
		const mname *one[1] = {q};
		check_pair(ctx, one, 1, c, &n);
		check_pair(ctx, one, 1, q, &n);
	}
	free(ctx);
	lk_index_unref(ix);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match_score_memo__same_bits_as_without),
		cmocka_unit_test(test_match_score_memo__full_reused_and_zeroed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
