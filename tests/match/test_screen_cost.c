/*
 * test_screen_cost.c - what makes one screening cheaper changes no result:
 *   - token credits kept across the queries of one index (lk_match__score_ctx_index) give
 *     the very bits lk_match__score_names gives, with and without an explanation, on
 *     overlapping "spans" of listed names (as the text scanner screens them), also for
 *     tokens that share their strings and differ in role or looseness, and as the tables
 *     overflow and tokens replace one another;
 *   - another index forgets them;
 *   - lk_match__screen on a thread that screened many other queries before (warm caches)
 *     gives what a fresh thread gives, explanations included, with given candidates and
 *     with retrieval, at two floors;
 *   - the analysis of names with the memo of words gives what it gives on a fresh thread and
 *     without the memo, and each part's canonical spelling and skeletons are what
 *     lk_text__canon and lk_text__skeletons give.
 * The index has Latin, Cyrillic, Arabic and Hangul names (ftm_scripts.json).
 */
#include "explain_test.h"
#include "lk_test.h"
#include "match/match_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static lk_index *ix;

#define WORD_MEMO_SIZE_AT_LEAST 512 /* names.c's memo of words holds this many */

static int setup(void **state)
{
	(void)state;
	ix = lk_test_scripts_index();
	return ix && ix->nnames > 1000 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	lk_index_unref(ix);
	return 0;
}

static void same_double(double a, double b, const char *what)
{
	if (memcmp(&a, &b, sizeof a) != 0)
		fail_msg("%s: %.17g, not %.17g", what, a, b);
}

/* The names that share the canonical key of a token of m (at most 6 a key). */
static size_t neighbours(const mname *m, uint32_t *out, size_t max)
{
	size_t n = 0;
	for (size_t t = 0; t < m->ntok; t++) {
		const posting *p;
		size_t np = lk_match__postings(ix, lk_match__key_hash(m->tok[t].canon, 'C'), &p);
		for (size_t i = 0; i < np && i < 6 && n < max; i++)
			out[n++] = p[i].name;
	}
	return n;
}

/* Candidate c against every form: kept credits and plain scoring give the same bits. */
static size_t check(lk_match__score_ctx *ctx, const mname *const *forms, size_t nf,
                    const mname *c, size_t k)
{
	size_t scored = 0;
	for (size_t f = 0; f < nf; f++) {
		const mname *q = forms[f];
		same_double(lk_match__score_bound_ctx(ctx, (unsigned)f, q, c, 0.0),
		            lk_match__score_bound(q, c), "bound");
		double s = lk_match__score_names(q, c, NULL);
		same_double(lk_match__score_names_ctx(ctx, (unsigned)f, q, c, NULL), s, "score");
		if ((k + f) % 8 == 0) {
			lk_explanation a, b;
			memset(&a, 0, sizeof a);
			memset(&b, 0, sizeof b);
			lk_match__score_names_ctx(ctx, (unsigned)f, q, c, &a);
			lk_match__score_names(q, c, &b);
			same_explanation(&a, &b);
		}
		scored += s > 0;
	}
	return scored;
}

static void test_match_screen_cost__credits_kept_across_queries(void **state)
{
	(void)state;
	lk_match__score_ctx *ctx = calloc(1, sizeof *ctx);
	assert_non_null(ctx);
	lk_match__score_ctx_index(ctx, ix->serial);
	uint64_t seed = 20261208;
	size_t queries = 0, pairs = 0, scored = 0;
	for (uint32_t a = 0; a < ix->nnames && queries < 1500; a += 2) {
		const mname *m = &ix->names[a];
		if (m->ntok < 2)
			continue;
		/* Spans of the name, as a scanner screens a stretch: its first two parts, all of
		 * them, all but the first; and the first span again with every part loose, and with
		 * every part a number (the same strings: their credits must not be taken for the
		 * first span's). */
		mname span[5];
		mtoken loose[MAX_TOKENS], number[MAX_TOKENS];
		span[0] = *m;
		span[0].ntok = 2;
		span[1] = *m;
		span[2] = *m;
		span[2].tok = m->tok + 1;
		span[2].ntok = (uint8_t)(m->ntok - 1);
		for (size_t t = 0; t < 2; t++) {
			loose[t] = m->tok[t];
			loose[t].loose = m->tok[t].loose == LOOSE_NONE ? LOOSE_LOANWORD : LOOSE_NONE;
			number[t] = m->tok[t];
			number[t].role = ROLE_NUMBER;
		}
		span[3] = span[0];
		span[3].tok = loose;
		span[4] = span[0];
		span[4].tok = number;
		const mname *forms[5] = {&span[0], &span[1], &span[2], &span[3], &span[4]};
		lk_match__score_ctx_reset(ctx);
		uint32_t cands[64];
		size_t nc = 0;
		for (size_t f = 0; f < 3; f++)
			nc += neighbours(forms[f], cands + nc, 40 - nc);
		for (uint32_t b = ix->ent_names[m->entity]; b < ix->ent_names[m->entity + 1] && nc < 56;
		     b++)
			cands[nc++] = b;
		while (nc < 64)
			cands[nc++] = (uint32_t)(lk_test_rand(&seed) % ix->nnames);
		for (size_t i = 0; i < nc; i++, pairs++)
			scored += check(ctx, forms, 5, &ix->names[cands[i]], pairs);
		queries++;
	}
	printf("%zu queries, %zu candidates, %zu pairs above 0, %u query tokens numbered\n",
	       queries, pairs, scored, ctx->next_qid - 1);
	assert_true(scored > pairs / 4);
	/* Far more query tokens than the table holds went through it, and credits were kept. */
	assert_true(ctx->next_qid > 2 * LK_MATCH__QTOKS);
	size_t kept = 0;
	for (size_t k = 0; k < LK_MATCH__PAIRS; k++)
		kept += ctx->pairs[k].qid != 0;
	assert_true(kept > LK_MATCH__PAIRS / 4);
	free(ctx);
}

static void test_match_screen_cost__another_index_forgets(void **state)
{
	(void)state;
	lk_match__score_ctx *ctx = calloc(1, sizeof *ctx);
	assert_non_null(ctx);
	const mname *forms[1] = {&ix->names[0]};
	/* Never told of an index: nothing is kept across queries. */
	lk_match__score_ctx_reset(ctx);
	for (uint32_t b = 0; b < 300; b++)
		check(ctx, forms, 1, &ix->names[b], b);
	assert_int_equal(ctx->next_qid, 0);
	lk_match__score_ctx_index(ctx, ix->serial);
	lk_match__score_ctx_reset(ctx);
	for (uint32_t b = 0; b < 300; b++)
		check(ctx, forms, 1, &ix->names[b], b);
	assert_true(ctx->next_qid > 1);
	/* The same index again keeps them; another forgets them. */
	uint32_t next = ctx->next_qid;
	lk_match__score_ctx_index(ctx, ix->serial);
	assert_int_equal(ctx->next_qid, next);
	lk_match__score_ctx_index(ctx, ix->serial + 1000);
	assert_int_equal(ctx->next_qid, 1);
	for (size_t k = 0; k < LK_MATCH__QTOKS; k++)
		assert_int_equal(ctx->qtoks[k].id, 0);
	for (size_t k = 0; k < LK_MATCH__PAIRS; k++)
		assert_int_equal(ctx->pairs[k].qid, 0);
	free(ctx);
}

/* ---- warm and fresh threads ---- */

#define NQUERIES 240

typedef struct run {
	const char *const *names;  /* queries */
	size_t n;                  /* how many to screen */
	const int *order;          /* which, in the order to screen them in */
	char *out[NQUERIES];       /* each query's results, printed (by query) */
} run;

static void put_results(lk_buf *b, const lk_match_results *r)
{
	lk_buf_printf(b, "%zu %zu\n", r->count, r->candidates);
	for (size_t i = 0; i < r->count; i++) {
		const lk_match_result *x = &r->items[i];
		const lk_explanation *e = &x->explanation;
		lk_buf_printf(b, "%s %a %d %a [%s|%s|%s|%s]\n", x->entity->id, x->score, x->match,
		              e->name_score, e->query_name ? e->query_name : "",
		              e->matched_name ? e->matched_name : "",
		              e->matched_prop ? e->matched_prop : "", e->translit ? e->translit : "");
		for (size_t k = 0; k < e->nparts; k++)
			lk_buf_printf(b, "  %s|%s|%d|%a|%a|%s\n", e->parts[k].query, e->parts[k].candidate,
			              (int)e->parts[k].how, e->parts[k].similarity, e->parts[k].weight,
			              e->parts[k].role);
		for (size_t k = 0; k < e->nfeatures; k++)
			lk_buf_printf(b, "  %s %a %s\n", e->features[k].feature, e->features[k].delta,
			              e->features[k].detail);
	}
}

/* Query i: with retrieval (even i) or with given candidates (the names that share a key
 * with it), at the threshold (i % 4 < 2) or 0.1 below. */
static void screen_one(const char *name, size_t i, lk_buf *b)
{
	lk_query q = LK_QUERY_INIT;
	q.names = &name;
	q.nnames = 1;
	q.threshold = 0.7;
	double floor = i % 4 < 2 ? 0.7 : 0.6;
	uint32_t given[64];
	size_t ng = 0;
	if (i % 2) {
		wtoken w[MAX_TOKENS];
		int nt = lk_match__analyse(w, name, strlen(name), LK_TRANSLIT_DEFAULT, KIND_ANY, NULL, 0);
		for (int t = 0; t < nt && ng < 48; t++) {
			const posting *p;
			size_t np = lk_match__postings(ix, lk_match__key_hash(w[t].canon, 'C'), &p);
			for (size_t k = 0; k < np && k < 12 && ng < 48; k++)
				given[ng++] = p[k].name;
		}
	}
	lk_match_results *r = NULL;
	int rc = lk_match__screen(&r, ix, &q, i % 2 ? given : NULL, ng, floor);
	lk_buf_printf(b, "%s %d\n", name, rc);
	if (!rc)
		put_results(b, r);
	lk_match_results_free(r);
}

static void *run_thread(void *arg)
{
	run *rn = arg;
	for (size_t k = 0; k < rn->n; k++) {
		size_t i = (size_t)rn->order[k];
		lk_buf b;
		lk_buf_init(&b, 0);
		screen_one(rn->names[i], i, &b);
		rn->out[i] = strdup(lk_buf_cstr(&b));
		lk_buf_dispose(&b);
	}
	return NULL;
}

static void run_on_thread(run *rn)
{
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, run_thread, rn), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
}

static void test_match_screen_cost__warm_thread_same_as_fresh(void **state)
{
	(void)state;
	/* Queries as a scanner makes them: listed names, their first two words, all but their
	 * first word (overlapping spans that share words and candidates). */
	lk_test_strs qs = {0};
	uint64_t seed = 99;
	while (qs.n < NQUERIES) {
		const mname *m = &ix->names[lk_test_rand(&seed) % ix->nnames];
		const char *o = m->orig;
		if (!o || !strchr(o, ' ') || strlen(o) > 200)
			continue;
		lk_test_strs_push(&qs, strdup(o));
		const char *sp = strchr(o, ' ');
		const char *sp2 = strchr(sp + 1, ' ');
		if (sp2 && qs.n < NQUERIES)
			lk_test_strs_push(&qs, strndup(o, (size_t)(sp2 - o)));
		if (qs.n < NQUERIES)
			lk_test_strs_push(&qs, strdup(sp + 1));
	}
	int fwd[NQUERIES], rev[NQUERIES];
	for (int i = 0; i < NQUERIES; i++) {
		fwd[i] = i;
		rev[i] = NQUERIES - 1 - i;
	}
	run a = {(const char *const *)qs.v, qs.n, fwd, {0}};
	run b = {(const char *const *)qs.v, qs.n, rev, {0}};
	run_on_thread(&a);
	run_on_thread(&b);
	size_t results = 0;
	for (size_t i = 0; i < qs.n; i++) {
		/* every eighth query alone on a fresh thread too: cold caches */
		if (i % 8 == 0) {
			int one[1] = {(int)i};
			run c = {(const char *const *)qs.v, 1, one, {0}};
			run_on_thread(&c);
			assert_string_equal(a.out[i], c.out[i]);
			free(c.out[i]);
		}
		assert_string_equal(a.out[i], b.out[i]);
		results += strchr(a.out[i], '[') != NULL;
		free(a.out[i]);
		free(b.out[i]);
	}
	printf("%zu queries, %zu with results\n", qs.n, results);
	assert_true(results > qs.n / 3);
	lk_test_strs_free(&qs);
}

/* ---- the analysis's memo of words ---- */

#define NSAMPLE 400

typedef struct analyses {
	size_t every;              /* analyse names 0, every, 2 * every, ... */
	bool off;                  /* without the memo of words */
	char *out[NSAMPLE];        /* name i * 7's analyses, printed (every = 1: all) */
	size_t tokens;
} analyses;

/* Every reading of name a as a person and as anything, printed into b; each part's canonical
 * spelling and skeletons checked against lk_text__canon and lk_text__skeletons. */
static void analyse_name(uint32_t a, lk_buf *b, size_t *tokens)
{
	const char *name = ix->names[a].orig;
	if (!name)
		return;
	size_t len = strlen(name);
	unsigned variants = 1u | lk_text_translit_variants(name, len);
	for (int kind = 0; kind < 2; kind++)
		for (unsigned v = 0; v < LK_TRANSLIT__COUNT; v++) {
			if (!(variants >> v & 1))
				continue;
			wtoken w[MAX_TOKENS];
			int nt = lk_match__analyse(w, name, len, (lk_translit)v,
			                           kind ? KIND_ANY : KIND_PERSON, NULL, 0);
			lk_buf_printf(b, "%u %d %d:", v, kind, nt);
			for (int t = 0; t < nt; t++) {
				char canon[TOKEN_CAP], skel[LK_TEXT__MAX_SKELETONS][32];
				size_t cl = lk_text__canon(canon, sizeof canon, w[t].text, w[t].len);
				size_t ns = lk_text__skeletons(skel, w[t].text, w[t].len);
				assert_int_equal(w[t].canon_len, cl);
				assert_string_equal(w[t].canon, canon);
				assert_int_equal(w[t].nskel, ns);
				for (size_t k = 0; k < ns; k++)
					assert_string_equal(w[t].skel[k], skel[k]);
				lk_buf_printf(b, " %s/%s/%s/%u/%u", w[t].text, w[t].canon, w[t].kor, w[t].role,
				              w[t].loose);
				for (size_t k = 0; k < ns; k++)
					lk_buf_printf(b, "/%s", w[t].skel[k]);
				(*tokens)++;
			}
			lk_buf_puts(b, "\n");
		}
}

static void *analyse_thread(void *arg)
{
	analyses *an = arg;
	lk_match__words_off(an->off);
	for (uint32_t a = 0; a < ix->nnames; a += (uint32_t)an->every) {
		lk_buf b;
		lk_buf_init(&b, 0);
		analyse_name(a, &b, &an->tokens);
		if (a % 7 == 0 && a / 7 < NSAMPLE)
			an->out[a / 7] = strdup(lk_buf_cstr(&b));
		lk_buf_dispose(&b);
	}
	return NULL;
}

static void test_match_screen_cost__word_memo_same_analysis(void **state)
{
	(void)state;
	/* Every name (far more words than the memo holds: they replace one another), then the
	 * sampled names alone on a fresh thread: the same analyses. */
	analyses warm = {.every = 1}, cold = {.every = 7}, off = {.every = 7, .off = true};
	analyses *runs[3] = {&warm, &cold, &off};
	for (int r = 0; r < 3; r++) {
		pthread_t t;
		assert_int_equal(pthread_create(&t, NULL, analyse_thread, runs[r]), 0);
		assert_int_equal(pthread_join(t, NULL), 0);
	}
	size_t compared = 0;
	for (size_t i = 0; i < NSAMPLE; i++) {
		if (!warm.out[i] || !cold.out[i] || !off.out[i]) {
			assert_true(!warm.out[i] && !cold.out[i] && !off.out[i]);
			continue;
		}
		assert_string_equal(warm.out[i], cold.out[i]);
		assert_string_equal(warm.out[i], off.out[i]);
		compared++;
		free(warm.out[i]);
		free(cold.out[i]);
		free(off.out[i]);
	}
	printf("%zu tokens analysed, %zu names compared\n", warm.tokens, compared);
	assert_true(compared > NSAMPLE / 2);
	assert_true(warm.tokens > 10 * WORD_MEMO_SIZE_AT_LEAST);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match_screen_cost__credits_kept_across_queries),
		cmocka_unit_test(test_match_screen_cost__another_index_forgets),
		cmocka_unit_test(test_match_screen_cost__warm_thread_same_as_fresh),
		cmocka_unit_test(test_match_screen_cost__word_memo_same_analysis),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
