/*
 * test_retrieval.c - what retrieval must still find now that its typo search is narrower
 * (issue 6: the replaced-consonant lookup runs only for skeletons of five classes or more):
 * two listed parts written as one, a letter too many, a consonant replaced in a long part,
 * and a namesake's records that the typo candidates used to crowd out of the best 40.
 *
 * The index is the acceptance universe (UN 2026, OFAC sdn-2024-05-03, UK 2018).
 */
#include "lk_test.h"

#include <stdio.h>
#include <string.h>

static lk_match_results *screen(const char *name, size_t limit)
{
	lk_query q = LK_QUERY_INIT;
	q.schema = LK_SCHEMA_PERSON;
	q.names = &name;
	q.nnames = 1;
	q.limit = limit;
	lk_match_results *r = NULL;
	assert_int_equal(lk_match_screen(&r, lk_test_ix, &q), 0);
	assert_non_null(r);
	return r;
}

/* The score of entity id among the results, or -1 if it is not one. */
static double score_of(const lk_match_results *r, const char *id)
{
	for (size_t i = 0; i < r->count; i++)
		if (strcmp(r->items[i].entity->id, id) == 0)
			return r->items[i].score;
	return -1;
}

static void expect_match(const char *query, const char *id, size_t limit)
{
	lk_match_results *r = screen(query, limit);
	double s = score_of(r, id);
	if (s < LK_MATCH_DEFAULT_THRESHOLD)
		fprintf(stderr, "\"%s\": %s scores %.3f (-1: not a result)\n", query, id, s);
	assert_true(s >= LK_MATCH_DEFAULT_THRESHOLD);
	lk_match_results_free(r);
}

/* "CHOLCHAE" is "Chol-Chae" glued: no listed part has its spelling, and its skeleton (three
 * classes) minus one class is the skeleton of "Chol". */
static void test_retrieval__glued_parts(void **state)
{
	(void)state;
	expect_match("KO CHOLCHAE", "ofac-15660", 10);
	expect_match("KO CHOLCHAE", "uk-hmt-12869", 10);
	expect_match("KO CHOLCHAE", "un-690749", 10);
	expect_match("RI HONGSOP", "un-690740", 10);
}

/* A consonant too many: no listed part is spelled "NKUNDRA", whose skeleton less its "r" is
 * that of "Nkunda"; and one too few ("ABDURAKHMAOV": a listed deletion). */
static void test_retrieval__letter_too_many_or_too_few(void **state)
{
	(void)state;
	expect_match("LAURENT NKUNDRA", "un-6908013", 10);
	expect_match("MAGHOMED MAGHOMEDZAKIROVICH ABDURAKHMAOV", "un-6908487", 10);
}

/* A consonant replaced in a long part: ABDURAKHMANOS has no key of ABDURAKHMANOV but their
 * skeletons with one class deleted (seven classes: the replaced-consonant lookup runs). */
static void test_retrieval__consonant_replaced_in_a_long_part(void **state)
{
	(void)state;
	expect_match("MAGHOMED MAGHOMEDZAKIROVICH ABDURAKHMANOS", "un-6908487", 10);
	lk_match_results *r = screen("ABDURAKHMANOS", 50);
	assert_true(score_of(r, "un-6908487") > 0);
	lk_match_results_free(r);
}

/* The three records of CHOE Chun-Sik are the three best results: the UK record was once
 * crowded out of the 40 candidates by names that shared two consonants with "CHUNSIK". */
static void test_retrieval__all_records_of_a_namesake(void **state)
{
	(void)state;
	lk_match_results *r = screen("CHOE CHUNSIK", 3);
	assert_int_equal(r->count, 3);
	assert_true(score_of(r, "ofac-19498") >= LK_MATCH_DEFAULT_THRESHOLD);
	assert_true(score_of(r, "uk-hmt-13324") >= LK_MATCH_DEFAULT_THRESHOLD);
	assert_true(score_of(r, "un-6908500") >= LK_MATCH_DEFAULT_THRESHOLD);
	lk_match_results_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_retrieval__glued_parts),
		cmocka_unit_test(test_retrieval__letter_too_many_or_too_few),
		cmocka_unit_test(test_retrieval__consonant_replaced_in_a_long_part),
		cmocka_unit_test(test_retrieval__all_records_of_a_namesake),
	};
	return cmocka_run_group_tests(tests, lk_test_acceptance_setup,
	                              lk_test_acceptance_teardown);
}
