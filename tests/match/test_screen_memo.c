/*
 * test_screen_memo.c - lk_match__screen_memo (scan-payment's screenings, whose name stage is
 * shared by queries that differ only in their countries) gives what lk_match__screen gives,
 * result for result, on UN 2026, OFAC sdn-2024-05-03 and UK 2018:
 *   - the same names screened without a country, with the listed country (a bonus, which
 *     lowers the reportable name score), with another one (a penalty), in both orders, so
 *     that a name stage made for either is reused by the other;
 *   - with and without identifiers, and at several floors (the default threshold, and lower
 *     ones that let names with lower scores through), so that some names reach a floor with
 *     the listed country's bonus and not without it;
 *   - without explanations: the same results, their explanations empty.
 */
#include "lk_test.h"
#include "match/match_int.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>

static lk_index *ix;

static int setup(void **state)
{
	(void)state;
	ix = lk_test_acceptance_index();
	return ix ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	lk_index_unref(ix);
	return 0;
}

static void same_results(const lk_match_results *a, const lk_match_results *b, const char *what)
{
	if (a->count != b->count)
		fail_msg("%s: %zu results, not %zu", what, a->count, b->count);
	assert_int_equal(a->candidates, b->candidates);
	for (size_t i = 0; i < a->count; i++) {
		const lk_match_result *x = &a->items[i], *y = &b->items[i];
		if (x->entity != y->entity || x->score != y->score)
			fail_msg("%s: result %zu is %s %.3f, not %s %.3f", what, i, x->entity->id,
			         x->score, y->entity->id, y->score);
		assert_int_equal(x->match, y->match);
		const lk_explanation *ex = &x->explanation, *ey = &y->explanation;
		assert_true(ex->query_name == ey->query_name);
		assert_true(ex->matched_name == ey->matched_name);
		assert_true(ex->name_score == ey->name_score);
		assert_int_equal(ex->nparts, ey->nparts);
		assert_int_equal(ex->nfeatures, ey->nfeatures);
		for (size_t f = 0; f < ex->nfeatures; f++) {
			assert_string_equal(ex->features[f].feature, ey->features[f].feature);
			assert_true(ex->features[f].delta == ey->features[f].delta);
			assert_string_equal(ex->features[f].detail, ey->features[f].detail);
		}
	}
}

static void check(const char *name, const char *country, const char *ident, double floor,
                  size_t *found)
{
	lk_query q = LK_QUERY_INIT;
	q.names = &name;
	q.nnames = 1;
	if (country) {
		q.countries = &country;
		q.ncountries = 1;
	}
	if (ident) {
		q.identifiers = &ident;
		q.nidentifiers = 1;
	}
	q.threshold = floor;
	lk_match_results *a = NULL, *b = NULL, *c = NULL;
	int ra = lk_match__screen_memo(&a, ix, &q, floor, true);
	int rb = lk_match__screen(&b, ix, &q, NULL, 0, floor);
	int rc = lk_match__screen_memo(&c, ix, &q, floor, false);
	assert_int_equal(ra, rb);
	assert_int_equal(rc, rb);
	if (!ra) {
		char what[200];
		snprintf(what, sizeof what, "\"%s\" country %s identifier %s floor %.2f", name,
		         country ? country : "-", ident ? ident : "-", floor);
		same_results(a, b, what);
		/* without explanations: the same results, explanations empty */
		assert_int_equal(c->count, b->count);
		assert_int_equal(c->candidates, b->candidates);
		static const lk_explanation none;
		for (size_t i = 0; i < c->count; i++) {
			assert_true(c->items[i].entity == b->items[i].entity);
			assert_true(c->items[i].score == b->items[i].score);
			assert_int_equal(c->items[i].match, b->items[i].match);
			assert_memory_equal(&c->items[i].explanation, &none, sizeof none);
		}
		*found += a->count;
	}
	lk_match_results_free(a);
	lk_match_results_free(b);
	lk_match_results_free(c);
}

static void test_countries_share_names(void **state)
{
	(void)state;
	static const char *const names[] = {
		"SOVCOMFLOT", "Vladimir Putin", "Wladimir Putin", "PUTIN VLADIMIR", "Sberbank",
		"Kim Jong Un", "NS ANTARCTIC", "Sergei Lavrov", "Sergej Lawrow", "Andrei Belousov",
		"John Smith", "GARDEN FURNITURE GMBH", "Rosneft", "Bank Rossiya", "Ali Hassan",
		"Mohammed Ahmed", "Vladimr Putn", "Sovkomflot", "Lavrof", "Belousow Andrej", "Kim Jung",
		"Igor Sechin", "Gennady Timchenko", "Arkady Rotenberg", "Oleg Deripaska", "1"};
	/* no country, the listed one, other ones; then the other way round */
	static const char *const orders[][4] = {{NULL, "RU", "DE", "KP"}, {"KP", "DE", "RU", NULL},
	                                        {"DE", NULL, "RU", NULL}};
	static const double floors[] = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4};
	size_t found = 0;
	for (size_t fl = 0; fl < sizeof floors / sizeof *floors; fl++)
		for (size_t o = 0; o < sizeof orders / sizeof *orders; o++)
			for (size_t c = 0; c < 4; c++)
				for (size_t n = 0; n < sizeof names / sizeof *names; n++) {
					check(names[n], orders[o][c], NULL, floors[fl], &found);
					check(names[n], orders[o][c], n % 3 ? NULL : "SABRRUMM", floors[fl],
					      &found);
				}
	assert_true(found > 0); /* the lists know some of these names */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_countries_share_names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
