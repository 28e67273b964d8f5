/*
 * test_bound.c - the cheap bound of a name score (lk_match__score_bound), by which screening
 * skips names, never lies below the score the scorer gives, on pairs of listed names that are
 * alike (aliases of one entity, names sharing a key) and on random pairs; and it is low for
 * most unrelated names, or it would skip nothing.
 */
#include "lk_test.h"
#include "match/match_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct tally {
	size_t pairs;
	size_t scored;   /* pairs with a score above 0 */
	size_t low;      /* pairs whose bound is below 0.3 */
} tally;

static void check(const lk_index *ix, uint32_t a, uint32_t b, tally *t)
{
	const mname *q = &ix->names[a], *c = &ix->names[b];
	double s = lk_match__score_names(q, c, NULL);
	double ub = lk_match__score_bound(q, c);
	if (ub < s) {
		fprintf(stderr, "bound %.17g below score %.17g: \"%s\" ~ \"%s\"\n", ub, s, q->orig,
		        c->orig);
		fail();
	}
	t->pairs++;
	t->scored += s > 0;
	t->low += ub < 0.3;
}

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void test_match_bound__never_below_the_score(void **state)
{
	(void)state;
	lk_index *ix = lk_test_scripts_index();
	assert_non_null(ix);
	assert_true(ix->nnames > 1000);

	tally alike = {0}, random = {0};
	/* Aliases of one entity: spelling variants, transliterations, reordered parts. */
	for (size_t e = 0; e < ix->nentities; e++)
		for (uint32_t a = ix->ent_names[e]; a < ix->ent_names[e + 1]; a++)
			for (uint32_t b = ix->ent_names[e]; b < ix->ent_names[e + 1]; b++)
				check(ix, a, b, &alike);
	/* Names that retrieval would bring together: a shared canonical spelling or skeleton. */
	for (uint32_t a = 0; a < ix->nnames; a++) {
		const mname *m = &ix->names[a];
		for (size_t t = 0; t < m->ntok; t++) {
			const char *keys[2] = {m->tok[t].canon, m->tok[t].skel};
			const char kinds[2] = {'C', 'P'};
			for (int k = 0; k < 2; k++) {
				if (!keys[k] || !*keys[k])
					continue;
				const posting *p;
				size_t n = lk_match__postings(ix, lk_match__key_hash(keys[k], kinds[k]), &p);
				for (size_t i = 0; i < n && i < 8; i++)
					check(ix, a, p[i].name, &alike);
			}
		}
	}
	/* Random pairs. */
	uint64_t seed = 20261207;
	for (int i = 0; i < 200000; i++)
		check(ix, (uint32_t)(splitmix(&seed) % ix->nnames),
		      (uint32_t)(splitmix(&seed) % ix->nnames), &random);

	printf("alike: %zu pairs, %zu scored, %zu bound < 0.3; random: %zu pairs, %zu scored, %zu "
	       "bound < 0.3\n",
	       alike.pairs, alike.scored, alike.low, random.pairs, random.scored, random.low);
	/* The test saw real matches, not only zeros... */
	assert_true(alike.scored > alike.pairs / 2);
	/* ...and the bound is useful: most random pairs (83 %) are ruled out without scoring. */
	assert_true(random.low > random.pairs * 3 / 4);
	lk_index_unref(ix);
}

static void test_match_bound__reportable_name_score(void **state)
{
	(void)state;
	lk_query q = LK_QUERY_INIT;
	const char *name = "Some Name";
	q.names = &name;
	q.nnames = 1;
	/* Name only: a name score below about 0.325 cannot reach the floor of 0.30. */
	double plain = lk_match__reportable_name_score(&q, LK_MATCH_REPORT_FLOOR);
	assert_true(plain > 0.32 && plain < 0.33);
	assert_true(0.92 * plain < LK_MATCH_REPORT_FLOOR);
	/* A birth date and a country can add 0.09: less is needed. */
	const char *dob = "1970-01-01", *country = "ru";
	q.birth_dates = &dob;
	q.nbirth_dates = 1;
	q.countries = &country;
	q.ncountries = 1;
	double more = lk_match__reportable_name_score(&q, LK_MATCH_REPORT_FLOOR);
	assert_true(more < plain);
	assert_true(0.92 * more + 0.09 < LK_MATCH_REPORT_FLOOR);
	/* An identifier can make any name a result: nothing may be skipped. */
	const char *id = "IMO 9187629";
	q.identifiers = &id;
	q.nidentifiers = 1;
	assert_true(lk_match__reportable_name_score(&q, LK_MATCH_REPORT_FLOOR) == 0.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match_bound__never_below_the_score),
		cmocka_unit_test(test_match_bound__reportable_name_score),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
