/*
 * test_scan_spans.c - the span resolution of scan-text, made cheaper, decides as before
 * (issue 6, throughput).
 *
 * A span's candidates (the names that have two adjacent parts of it) are cut to the 48 most
 * likely by lk_scan__best_cands, which counts the names in a hash table and keeps the best in a
 * heap, in no particular order (the engine sorts the names it is given); here the names it
 * keeps are compared with the plain definition (sort the names, count each, sort by rank,
 * take the first 48) on lists like the scanner's: runs of sorted names, a name in several of
 * them, short and long lists; and one list gives one order every time. And a screening is kept per thread by query and
 * candidates (a query screened with two different lists of candidates keeps both, chained):
 * texts whose spans give one query from different words (as written, and inflected) scan the
 * same with the caches on, warm, and off, and find their listed persons.
 */
#include "lk_test.h"
#include "scan_test.h"
#include "scan/scan_int.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SPAN_CANDS 48   /* text.c */
#define MAX_CANDS 4096  /* text.c */

/* ---- the candidates of a span ---- */

typedef struct ranked {
	uint32_t name, rank;
} ranked;

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static int cmp_ranked(const void *a, const void *b)
{
	const ranked *x = a, *y = b;
	if (x->rank != y->rank)
		return x->rank < y->rank ? 1 : -1;
	return x->name < y->name ? -1 : x->name > y->name;
}

/* The definition: each name ranked by how often v lists it (times 16) plus 15 less how far
 * its number of parts is from parts (at most 15); by rank, then name; the first 48. */
static size_t reference(uint32_t *v, size_t n, size_t parts)
{
	uint32_t *sorted = malloc((n ? n : 1) * sizeof *sorted);
	ranked *r = malloc((n ? n : 1) * sizeof *r);
	assert_non_null(sorted);
	assert_non_null(r);
	memcpy(sorted, v, n * sizeof *v);
	qsort(sorted, n, sizeof *sorted, cmp_u32);
	size_t m = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && sorted[j] == sorted[i])
			j++;
		size_t nt = lk_test_ix->names[sorted[i]].ntok;
		size_t off = nt > parts ? nt - parts : parts - nt;
		r[m++] = (ranked){sorted[i], (uint32_t)(j - i) * 16u + 15u - (uint32_t)(off < 15 ? off : 15)};
		i = j;
	}
	qsort(r, m, sizeof *r, cmp_ranked);
	if (m > SPAN_CANDS)
		m = SPAN_CANDS;
	for (size_t k = 0; k < m; k++)
		v[k] = r[k].name;
	free(sorted);
	free(r);
	return m;
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static size_t pick(size_t n)
{
	return (size_t)(lk_test_rand(&rng) % n);
}

/* A list like the scanner's: up to `runs` runs of ascending names drawn from `spread` names
 * (a small spread: many names in several runs), n names in all. */
static size_t make_list(uint32_t *v, size_t n, size_t runs, size_t spread)
{
	size_t k = 0, base = pick(lk_test_ix->nnames);
	for (size_t r = 0; r < runs && k < n; r++) {
		size_t len = r + 1 == runs ? n - k : pick(n - k + 1);
		size_t at = k;
		for (size_t i = 0; i < len; i++)
			v[k++] = (uint32_t)((base + pick(spread)) % lk_test_ix->nnames);
		qsort(v + at, len, sizeof *v, cmp_u32);
	}
	return k;
}

static void expect_best(const uint32_t *list, size_t n, size_t parts, const char *what)
{
	uint32_t *a = malloc((n ? n : 1) * sizeof *a), *b = malloc((n ? n : 1) * sizeof *b);
	assert_non_null(a);
	assert_non_null(b);
	memcpy(a, list, n * sizeof *list);
	memcpy(b, list, n * sizeof *list);
	size_t na = lk_scan__best_cands(lk_test_ix, a, n, parts), nb = reference(b, n, parts);
	if (na != nb)
		fail_msg("%s (n %zu, parts %zu): %zu candidates kept, %zu by the definition", what, n,
		         parts, na, nb);
	/* the same list again: the same order */
	uint32_t *c = malloc((n ? n : 1) * sizeof *c);
	assert_non_null(c);
	memcpy(c, list, n * sizeof *list);
	assert_int_equal(lk_scan__best_cands(lk_test_ix, c, n, parts), na);
	assert_memory_equal(a, c, na * sizeof *a);
	/* the same names as the definition's */
	qsort(a, na, sizeof *a, cmp_u32);
	qsort(b, nb, sizeof *b, cmp_u32);
	for (size_t i = 0; i < na; i++)
		if (a[i] != b[i])
			fail_msg("%s (n %zu, parts %zu): name %u kept, by the definition %u", what, n,
			         parts, a[i], b[i]);
	free(a);
	free(b);
	free(c);
}

static void test_best_cands_is_the_definition(void **state)
{
	(void)state;
	assert_true(lk_test_ix->nnames > 1000);
	uint32_t *v = malloc(MAX_CANDS * sizeof *v);
	assert_non_null(v);
	/* nothing, one name, one name many times */
	expect_best(v, 0, 2, "empty");
	v[0] = 7;
	expect_best(v, 1, 2, "one");
	for (size_t i = 0; i < MAX_CANDS; i++)
		v[i] = 11;
	expect_best(v, MAX_CANDS, 3, "one name 4096 times");
	/* every size around SPAN_CANDS, and long lists, from few and from many names */
	static const size_t sizes[] = {2, 10, 47, 48, 49, 50, 95, 96, 97, 200, 1000, 4095, 4096};
	static const size_t spreads[] = {3, 40, 60, 500, 100000};
	for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++)
		for (size_t p = 0; p < sizeof spreads / sizeof *spreads; p++)
			for (size_t parts = 1; parts <= 6; parts += 1) {
				size_t n = make_list(v, sizes[s], 1 + pick(6), spreads[p]);
				char what[64];
				snprintf(what, sizeof what, "spread %zu", spreads[p]);
				expect_best(v, n, parts, what);
			}
	/* random ones */
	for (int t = 0; t < 300; t++) {
		size_t n = make_list(v, pick(MAX_CANDS + 1), 1 + pick(10), 2 + pick(300));
		expect_best(v, n, 1 + pick(6), "random");
	}
	/* all distinct, more than SPAN_CANDS: the names with the nearest number of parts */
	for (size_t i = 0; i < 300; i++)
		v[i] = (uint32_t)(i * 37 % lk_test_ix->nnames);
	expect_best(v, 300, 2, "distinct");
	free(v);
}

/* ---- screenings kept by query and candidates ---- */

void lk_scan__set_caching(bool on); /* scan_int.h */

/* Is there a mention of text[start..) "written" whose best result is the entity named
 * `listed` (its caption, or the start of it)? */
static bool mentions(const lk_scan_result *r, const char *text, const char *written,
                     const char *listed)
{
	for (size_t i = 0; i < r->count; i++) {
		const lk_scan_mention *m = &r->mentions[i];
		size_t n = strlen(written);
		if (m->end - m->start == n && memcmp(text + m->start, written, n) == 0 &&
		    m->nresults && m->results[0].entity->caption &&
		    strncmp(m->results[0].entity->caption, listed, strlen(listed)) == 0)
			return true;
	}
	return false;
}

/* The same query from different words: "Sergej Lawrow" as written and as "Sergej Lawrows"
 * with its ending stripped (the candidates come from the words as written), in texts that
 * follow each other on one thread and within one text. */
static const char *const texts[] = {
	"Am Montag traf Sergej Lawrow in Pjongjang ein. Wladimir Putin folgte.",
	"Die Rede Sergej Lawrows und der Besuch Wladimir Putins wurden verschoben.",
	"Sergej Lawrows Sprecher sagte, Sergej Lawrow komme, Wladimir Putins Berater nicht.",
	"Siergiej Ławrow przyjechał do Pjongjangu, Władimir Putin też.",
	"Wizyta Siergieja Ławrowa w Pjongjangu. Rozmowy Władimira Putina.",
	"Визит Сергея Лаврова. Сергей Лавров и Владимир Путин, Владимира Путина встретили.",
};

static void test_one_query_from_different_words(void **state)
{
	(void)state;
	size_t n = sizeof texts / sizeof *texts;
	/* the same cold, warm and uncached: the cache holds one screening per query */
	lk_scan_result **r = scan_cold_warm_off(texts, n);
	assert_true(mentions(r[0], texts[0], "Sergej Lawrow", "LAVROV"));
	assert_true(mentions(r[1], texts[1], "Sergej Lawrows", "LAVROV"));
	assert_true(mentions(r[1], texts[1], "Wladimir Putins", "PUTIN"));
	assert_true(mentions(r[2], texts[2], "Sergej Lawrows", "LAVROV"));
	assert_true(mentions(r[3], texts[3], "Siergiej Ławrow", "LAVROV"));
	assert_true(mentions(r[4], texts[4], "Siergieja Ławrowa", "LAVROV"));
	assert_true(mentions(r[5], texts[5], "Сергея Лаврова", "LAVROV"));
	assert_true(mentions(r[5], texts[5], "Владимира Путина", "PUTIN"));
	scan_results_free(r, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_best_cands_is_the_definition),
		cmocka_unit_test(test_one_query_from_different_words),
	};
	return cmocka_run_group_tests(tests, lk_test_acceptance_setup,
	                              lk_test_acceptance_teardown);
}
