/*
 * test_scan_pairs.c - the names two adjacent parts of a span share, found faster, are the
 * same names (issue 6, throughput).
 *
 * Two words are linked, and a span gets its candidates, from the names that the keys of two
 * adjacent parts share (lk_scan__shared_names, lk_scan__linked): the intersections of sorted
 * posting runs. Runs of like lengths are merged, a short run is looked up in a long one by
 * galloping, and a run met on both sides is taken whole; each key is looked up once. Here
 * they are compared with the plain definition (for each pair of keys in order, every name on
 * both runs, appended; the count capped at max + 1, out holding the first max) on an index of
 * made-up runs: empty, one name, short and long, disjoint, nested, interleaved, equal, and a
 * part without a listed spelling keyed by its skeleton. And the shared names of each pair are
 * kept per thread in a table keyed by the parts' keys: texts with thousands of distinct pairs
 * (the table grows many times) scan the same with the caches on, cold and warm, as off.
 *
 * A span is screened down to the threshold only, unless the near-miss score of its words as
 * written is wanted (they have other forms to try): the mentions and stats are those of
 * screening every span down to the near-miss floor (lk_scan__set_best_mode), with the caches
 * off, and on, also where every screening was kept without a near-miss score before (the
 * score is then worked out when first wanted).
 *
 * Every Arabic word is asked whether it is a function word (never part of a name), now in a
 * hash table of the list: the words of the list, with and without a leading wa- or fa-, are;
 * names, words that begin like one, and one with two such prefixes are not.
 */
#include "lk_test.h"
#include "scan_test.h"
#include "scan/scan_int.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- an index of made-up posting runs ---- */

#define NKEYS 24
#define NAMES 60000

static uint64_t rng = 0x2545F4914F6CDD1Dull;

static size_t pick(size_t n)
{
	return (size_t)(lk_test_rand(&rng) % n);
}

static int cmp_kp(const void *a, const void *b)
{
	const key_posting *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->name < y->name ? -1 : x->name > y->name;
}

/* Key k (k > 0; key 0 means none) and the names of its run, ascending. */
typedef struct run {
	uint64_t key;
	uint32_t *names;
	size_t n;
} run;

static run runs[NKEYS];

/* The names of run r: n names from [lo, lo + spread), or every step-th from lo. */
static void fill(run *r, size_t n, uint32_t lo, uint32_t spread, uint32_t step)
{
	bool *on = calloc(NAMES, sizeof *on);
	assert_non_null(on);
	size_t got = 0;
	if (step) {
		for (uint32_t x = lo; x < NAMES && got < n; x += step, got++)
			on[x] = true;
	} else {
		while (got < n && got < spread) {
			uint32_t x = lo + (uint32_t)pick(spread);
			if (x < NAMES && !on[x]) {
				on[x] = true;
				got++;
			}
		}
	}
	r->names = malloc((got ? got : 1) * sizeof *r->names);
	assert_non_null(r->names);
	r->n = 0;
	for (uint32_t x = 0; x < NAMES; x++)
		if (on[x])
			r->names[r->n++] = x;
	free(on);
}

static lk_index *made_up_index(void)
{
	/* sizes from nothing to ten thousand; some runs drawn from one small range (they share
	 * much), some spread over every name, some every k-th name (interleaved) */
	static const size_t sizes[NKEYS] = {0,    1,    2,   5,    17,   40,   100,  300,
	                                    700,  1000, 1090, 1265, 2000, 3000, 5000, 10000,
	                                    3,    64,   128,  900,  1100, 40,   4000, 16};
	for (size_t k = 0; k < NKEYS; k++) {
		runs[k].key = 0x1000 + 0x9E3779B97F4A7C15ull * (k + 1);
		if (k % 4 == 0)
			fill(&runs[k], sizes[k], 1000, 3 * (uint32_t)sizes[k] + 10, 0);
		else if (k % 4 == 1)
			fill(&runs[k], sizes[k], 0, NAMES, 0);
		else if (k % 4 == 2)
			fill(&runs[k], sizes[k], (uint32_t)k, 0, 2 + (uint32_t)k % 5);
		else
			fill(&runs[k], sizes[k], 900, 2 * (uint32_t)sizes[k] + 200, 0);
	}
	size_t total = 0;
	for (size_t k = 0; k < NKEYS; k++)
		total += runs[k].n;
	key_posting *kp = malloc(total * sizeof *kp);
	assert_non_null(kp);
	size_t w = 0;
	for (size_t k = 0; k < NKEYS; k++)
		for (size_t i = 0; i < runs[k].n; i++)
			kp[w++] = (key_posting){runs[k].key, runs[k].names[i]};
	qsort(kp, w, sizeof *kp, cmp_kp);
	lk_index *ix = lk_match__index_new();
	assert_non_null(ix);
	assert_int_equal(lk_match__build_keys(ix, kp, w), 0);
	free(kp);
	return ix;
}

static const run *run_of(uint64_t key)
{
	for (size_t k = 0; k < NKEYS; k++)
		if (runs[k].key == key)
			return &runs[k];
	return NULL;
}

/* ---- the definition ---- */

/* Append the names on both runs of keys ka and kb (either 0: none) to the full list, in
 * ascending order: the names of b marked, those of a that are marked. */
static size_t both(uint64_t ka, uint64_t kb, uint32_t *all, size_t n)
{
	static uint32_t mark[NAMES], stamp;
	const run *a = ka ? run_of(ka) : NULL, *b = kb ? run_of(kb) : NULL;
	if (!a || !b)
		return n;
	stamp++;
	for (size_t j = 0; j < b->n; j++)
		mark[b->names[j]] = stamp;
	for (size_t i = 0; i < a->n; i++)
		if (mark[a->names[i]] == stamp)
			all[n++] = a->names[i];
	return n;
}

/* The definition of lk_scan__shared_names: out[0..n) kept, then the names of the key pair
 * (when both parts have a key) and of every pair of skeletons, in that order; the count capped
 * at max + 1, out holding the first max. */
static size_t reference(const scan_form *a, size_t i, const scan_form *b, size_t j,
                        uint32_t *out, size_t n, size_t max)
{
	uint32_t *all = malloc(5 * 10000 * sizeof *all);
	assert_non_null(all);
	size_t m = 0;
	if (a->key[i] && b->key[j])
		m = both(a->key[i], b->key[j], all, m);
	for (size_t x = 0; x < 2 && a->skel[i][x]; x++)
		for (size_t y = 0; y < 2 && b->skel[j][y]; y++)
			m = both(a->skel[i][x], b->skel[j][y], all, m);
	for (size_t k = 0; k < m && n <= max; k++) {
		if (n < max)
			out[n] = all[k];
		n++;
	}
	free(all);
	return n;
}

static bool linked_reference(const scan_form *a, const scan_form *b)
{
	uint32_t out[1];
	return reference(a, a->nparts - 1u, b, 0, out, 0, 0) > 0;
}

/* A form of one part keyed as part_key keys one: by its spelling (skel[0] then another key or
 * 0), or, without a listed spelling, by its first skeleton. */
static void make_form(scan_form *f, uint64_t key, uint64_t s0, uint64_t s1, bool spelled)
{
	memset(f, 0, sizeof *f);
	f->nparts = 1;
	f->exact = spelled;
	f->skel[0][0] = s0;
	f->skel[0][1] = s0 ? s1 : 0;
	f->key[0] = spelled ? key : s0;
	f->linked = true;
}

static uint64_t any_key(void)
{
	/* now and then a key the index does not have */
	return pick(9) == 0 ? 0x77ull : runs[pick(NKEYS)].key;
}

static void expect_shared(const lk_index *ix, const scan_form *a, const scan_form *b,
                          size_t n0, size_t max, const char *what)
{
	uint32_t *x = malloc((max + 1) * sizeof *x), *y = malloc((max + 1) * sizeof *y);
	assert_non_null(x);
	assert_non_null(y);
	for (size_t k = 0; k < n0 && k < max; k++)
		x[k] = y[k] = (uint32_t)(k * 7);
	size_t nx = lk_scan__shared_names(ix, a, 0, b, 0, x, n0, max);
	size_t ny = reference(a, 0, b, 0, y, n0, max);
	if (nx != ny)
		fail_msg("%s (n0 %zu, max %zu): %zu names, by the definition %zu", what, n0, max, nx,
		         ny);
	size_t kept = nx < max ? nx : max;
	for (size_t k = 0; k < kept; k++)
		if (x[k] != y[k])
			fail_msg("%s (n0 %zu, max %zu): name %zu is %u, by the definition %u", what, n0,
			         max, k, x[k], y[k]);
	if (lk_scan__linked(ix, a, b) != linked_reference(a, b))
		fail_msg("%s: linked %d, by the definition %d", what, lk_scan__linked(ix, a, b),
		         linked_reference(a, b));
	free(x);
	free(y);
}

static void test_shared_names_are_the_definition(void **state)
{
	(void)state;
	lk_index *ix = made_up_index();
	scan_form a, b;
	/* every pair of runs, spelled on both sides, no skeletons */
	for (size_t p = 0; p < NKEYS; p++)
		for (size_t q = 0; q < NKEYS; q++) {
			make_form(&a, runs[p].key, 0, 0, true);
			make_form(&b, runs[q].key, 0, 0, true);
			char what[64];
			snprintf(what, sizeof what, "runs %zu and %zu", runs[p].n, runs[q].n);
			expect_shared(ix, &a, &b, 0, 4096, what);
			expect_shared(ix, &a, &b, 0, 10, what);
		}
	/* keys and skeletons drawn at random, spelled or keyed by a skeleton; a list already
	 * begun, and small and large caps */
	static const size_t maxes[] = {0, 1, 5, 48, 500, 4096, 20000};
	for (int t = 0; t < 3000; t++) {
		bool sa = pick(3) != 0, sb = pick(3) != 0;
		make_form(&a, any_key(), pick(3) ? any_key() : 0, pick(2) ? any_key() : 0, sa);
		make_form(&b, any_key(), pick(3) ? any_key() : 0, pick(2) ? any_key() : 0, sb);
		if (!a.key[0] && !a.skel[0][0])
			a.key[0] = runs[1].key;
		if (!b.key[0] && !b.skel[0][0])
			b.key[0] = runs[2].key;
		/* a part spelled as its own skeleton (the first skeleton pair shares what the keys
		 * share) */
		if (pick(4) == 0)
			a.skel[0][0] = a.key[0];
		if (pick(4) == 0)
			b.skel[0][0] = b.key[0];
		size_t max = maxes[pick(sizeof maxes / sizeof *maxes)];
		size_t n0 = max ? pick(max + 2) : pick(2);
		expect_shared(ix, &a, &b, n0, max, "random");
	}
	/* one key on both sides, as spelling and as skeleton */
	for (size_t p = 0; p < NKEYS; p++) {
		make_form(&a, runs[p].key, runs[p].key, runs[(p + 1) % NKEYS].key, false);
		make_form(&b, runs[p].key, runs[p].key, 0, false);
		expect_shared(ix, &a, &b, 0, 4096, "one key");
		expect_shared(ix, &a, &b, 3, 100, "one key");
	}
	/* the last part of a form of several parts meets the first of the next */
	make_form(&a, runs[5].key, 0, 0, true);
	a.nparts = 2;
	a.key[1] = runs[9].key;
	make_form(&b, runs[10].key, 0, 0, true);
	assert_int_equal(lk_scan__linked(ix, &a, &b), linked_reference(&a, &b));
	for (size_t k = 0; k < NKEYS; k++)
		free(runs[k].names);
	lk_index_unref(ix);
}

/* ---- the pairs kept per thread ---- */

void lk_scan__set_caching(bool on); /* scan_int.h */

/* A text naming pairs of listed name parts, most of them never together on one name: the
 * words of listed names (first letter capitalised), two by two, drawn across the index. */
static char *pairs_text(size_t words, uint64_t seed)
{
	uint64_t st = seed;
	char *t = malloc(words * 40 + 64);
	assert_non_null(t);
	size_t n = 0;
	for (size_t w = 0; w < words; w++) {
		const mname *m = &lk_test_ix->names[lk_test_rand(&st) % lk_test_ix->nnames];
		if (m->ntok == 0)
			continue;
		const char *tok = m->tok[lk_test_rand(&st) % m->ntok].text;
		size_t len = strlen(tok);
		if (len < 2 || len > 30)
			continue;
		bool letters = true;
		for (size_t i = 0; i < len; i++)
			letters &= tok[i] >= 'a' && tok[i] <= 'z';
		if (!letters)
			continue;
		t[n++] = (char)(tok[0] - 'a' + 'A');
		memcpy(t + n, tok + 1, len - 1);
		n += len - 1;
		/* two or three words make a run, then a sentence goes on */
		static const char *const gaps[] = {" ", " ", " ", " said ", ". ", ", and "};
		const char *g = gaps[lk_test_rand(&st) % (sizeof gaps / sizeof *gaps)];
		memcpy(t + n, g, strlen(g));
		n += strlen(g);
	}
	t[n] = 0;
	return t;
}

static void test_pairs_kept_per_thread(void **state)
{
	(void)state;
	/* 6000 words of listed parts: thousands of distinct pairs, some linked, most not */
	char *texts[4];
	for (size_t i = 0; i < 4; i++)
		texts[i] = pairs_text(i == 0 ? 6000 : 1500, 0x1234567ull + i);
	lk_scan_result **off = scan_cold_warm_off((const char *const *)texts, 4);
	size_t spans = 0;
	for (size_t i = 0; i < 4; i++)
		spans += off[i]->stats.spans;
	/* the texts did make spans to screen (linked pairs) */
	assert_true(spans > 100);
	scan_results_free(off, 4);
	for (size_t i = 0; i < 4; i++)
		free(texts[i]);
}

/* ---- screenings down to the threshold ---- */

void lk_scan__set_best_mode(int mode); /* scan_int.h */

/* Texts that name listed persons inflected (their other forms are tried when the words as
 * written come close), unlisted people, and listed name parts two by two. */
static const char *const inflected[] = {
	"Die Wizyta Siergieja Ławrowa w Pjongjangu. Später sprach Sergej Lawrow mit Wladimir "
	"Putins Berater, und Lawrow sagte nichts. Andrei Beloussow und Kim Jong-un trafen sich.",
	"Визит Сергея Лаврова. Владимира Путина встретил Ким Чен Ын; Путин и Лавров говорили с "
	"Андреем Белоусовым, Белоусова не было.",
	"Ławrowem rozmawiał Siergiej Ławrow, a Władimirem Putinem nikt. Maria Kowalska, Anna "
	"Nowaka i Jana Kowalskiego spotkali Ahmeda Deghdegha.",
	"Meeting Sergeja Lawrowa and Vladimira Putina; Grant Shappswarnte; Mohammeda Alia and "
	"Abdula Rahmana Yasina spoke to Hamida Mahmuda.",
};

static void test_floors_decide_as_before(void **state)
{
	(void)state;
	enum { N = 4 + 3 };
	char *texts[N];
	for (size_t i = 0; i < 4; i++)
		texts[i] = strdup(inflected[i]);
	for (size_t i = 4; i < N; i++)
		texts[i] = pairs_text(2500, 0xABCDEFull + i);
	lk_scan_result *ref[N], *off[N], *on[N], *again[N], *primed[N];
	/* the reference: every screening down to the near-miss floor, nothing kept */
	lk_scan__set_caching(false);
	lk_scan__set_best_mode(1);
	for (size_t i = 0; i < N; i++)
		ref[i] = lk_test_scan(texts[i]);
	lk_scan__set_best_mode(0);
	for (size_t i = 0; i < N; i++)
		off[i] = lk_test_scan(texts[i]);
	/* with the caches: kept as screened, then met again wanting every near-miss score */
	lk_scan__set_caching(true);
	for (size_t i = 0; i < N; i++)
		on[i] = lk_test_scan(texts[i]);
	lk_scan__set_best_mode(1);
	for (size_t i = 0; i < N; i++)
		again[i] = lk_test_scan(texts[i]);
	/* every screening kept without its near-miss score (a fresh thread cache: another
	 * threshold), then the texts as usual: the scores wanted are worked out */
	lk_scan_options o = LK_SCAN_OPTIONS_INIT;
	o.threshold = 0.7001;
	lk_scan__set_best_mode(-1);
	for (size_t i = 0; i < N; i++) {
		lk_scan_result *r = NULL;
		assert_int_equal(lk_scan_text(&r, lk_test_ix, texts[i], strlen(texts[i]), &o), 0);
		lk_scan_result_free(r);
	}
	lk_scan__set_best_mode(0);
	for (size_t i = 0; i < N; i++) {
		lk_scan_result *r = NULL;
		assert_int_equal(lk_scan_text(&r, lk_test_ix, texts[i], strlen(texts[i]), &o), 0);
		primed[i] = r;
	}
	lk_scan__set_caching(false);
	for (size_t i = 0; i < N; i++) {
		lk_scan_result *r = NULL;
		assert_int_equal(lk_scan_text(&r, lk_test_ix, texts[i], strlen(texts[i]), &o), 0);
		char what[48];
		snprintf(what, sizeof what, "text %zu, primed without near misses", i);
		lk_test_expect_same_scan(primed[i], r, what);
		lk_scan_result_free(r);
		lk_scan_result_free(primed[i]);
	}
	lk_scan__set_caching(true);
	size_t mentions = 0;
	for (size_t i = 0; i < N; i++) {
		char what[48];
		snprintf(what, sizeof what, "text %zu, no cache", i);
		lk_test_expect_same_scan(off[i], ref[i], what);
		snprintf(what, sizeof what, "text %zu, cached", i);
		lk_test_expect_same_scan(on[i], ref[i], what);
		snprintf(what, sizeof what, "text %zu, cached, near misses wanted", i);
		lk_test_expect_same_scan(again[i], ref[i], what);
		mentions += ref[i]->count;
	}
	assert_true(ref[0]->count >= 4); /* Lawrow, Putin, Beloussow, Kim Jong-un */
	assert_true(mentions > 20);
	for (size_t i = 0; i < N; i++) {
		lk_scan_result_free(ref[i]);
		lk_scan_result_free(off[i]);
		lk_scan_result_free(on[i]);
		lk_scan_result_free(again[i]);
		free(texts[i]);
	}
}

/* ---- Arabic function words ---- */

static bool function_word(const char *w)
{
	return lk_scan__function_word(w, strlen(w));
}

static void test_arabic_function_words(void **state)
{
	(void)state;
	/* listed (from each end of the list, and between) */
	static const char *const listed[] = {
		"في", "من", "إلى", "الى", "التي", "الذين", "اللواتي", "هؤلاء", "أيضاً", "كان",
		"سيتم", "فقط", "إليه", "اليه", "عليها", "لا", "ما", "ثم",
	};
	for (size_t i = 0; i < sizeof listed / sizeof *listed; i++) {
		char buf[64];
		if (!function_word(listed[i]))
			fail_msg("%s is a function word", listed[i]);
		snprintf(buf, sizeof buf, "و%s", listed[i]);
		if (strlen(listed[i]) >= 4 && !function_word(buf))
			fail_msg("%s is a function word", buf);
		snprintf(buf, sizeof buf, "ف%s", listed[i]);
		if (strlen(listed[i]) >= 4 && !function_word(buf))
			fail_msg("%s is a function word", buf);
		/* two prefixes, another prefix, a letter more or less */
		snprintf(buf, sizeof buf, "وف%s", listed[i]);
		if (function_word(buf))
			fail_msg("%s is not a function word", buf);
		snprintf(buf, sizeof buf, "ب%s", listed[i]);
		if (function_word(buf))
			fail_msg("%s is not a function word", buf);
		snprintf(buf, sizeof buf, "%sة", listed[i]);
		if (function_word(buf))
			fail_msg("%s is not a function word", buf);
	}
	/* names and other words */
	static const char *const names[] = {"علي", "بوتين", "وبوتين", "كيم", "محمد", "لافروف",
	                                    "و", "ف", "وو", "الرئيس", "فيه فيه", "فيهما"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (function_word(names[i]))
			fail_msg("%s is not a function word", names[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shared_names_are_the_definition),
		cmocka_unit_test(test_pairs_kept_per_thread),
		cmocka_unit_test(test_floors_decide_as_before),
		cmocka_unit_test(test_arabic_function_words),
	};
	return cmocka_run_group_tests(tests, lk_test_acceptance_setup,
	                              lk_test_acceptance_teardown);
}
