/*
 * test_payment_results_json.c - scan-payment writes each party's results directly (without
 * building a jansson tree), and the text must be the one the tree gave: the records written
 * without explanations equal, byte for byte, those written with explanations (still through
 * lk_scan__result_json) once their "explanation" members are taken out and the rest dumped
 * in order. Parties are listed names of every script of the scripts index (Cyrillic, Arabic,
 * Hangul, Latin: non-ASCII strings, escapes, several names per entity, scores of every
 * kind), screened alone and with a country.
 */
#include "lk_test.h"
#include "match/match_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void drop_explanations(json_t *j)
{
	size_t i;
	json_t *v;
	const char *k;
	if (json_is_object(j)) {
		json_object_del(j, "explanation");
		json_object_foreach(j, k, v)
			drop_explanations(v);
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			drop_explanations(v);
	}
}

static char *record(const lk_index *ix, const lk_payment *p, bool explain, size_t *results)
{
	lk_scan_options o = LK_SCAN_OPTIONS_INIT;
	o.explain = explain;
	o.threshold = 0.5; /* more results, of lower scores */
	lk_buf out;
	lk_buf_init(&out, 0);
	bool hit;
	if (lk_scan_payment_json(&out, ix, p, &o, &hit))
		fail_msg("scan: %s", lk_error_last()->message);
	json_error_t err;
	json_t *j = json_loads(lk_buf_cstr(&out), 0, &err);
	if (!j)
		fail_msg("not JSON (%s): %s", err.text, lk_buf_cstr(&out));
	lk_buf_dispose(&out);
	json_t *parties = json_object_get(j, "parties");
	for (size_t i = 0; i < json_array_size(parties); i++)
		*results += json_array_size(json_object_get(json_array_get(parties, i), "results"));
	drop_explanations(j);
	char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	json_decref(j);
	assert_non_null(s);
	return s;
}

static void test_direct_results_equal_the_tree(void **state)
{
	(void)state;
	lk_index *ix = lk_test_scripts_index();
	assert_non_null(ix);
	uint64_t seed = 7;
	size_t results = 0, compared = 0;
	static const char *const countries[] = {"", "RU", "KP", "IR", "DE"};
	for (int round = 0; round < 300; round++) {
		const mname *m = &ix->names[lk_test_rand(&seed) % ix->nnames];
		if (!m->orig || strlen(m->orig) >= sizeof((lk_payment_party *)0)->name)
			continue;
		lk_payment *p = calloc(1, sizeof *p);
		assert_non_null(p);
		p->type = LK_PAYMENT_PACS008;
		p->index = round + 1;
		p->line = 1;
		p->offset = -1;
		snprintf(p->reference, sizeof p->reference, "REF%d", round);
		snprintf(p->currency, sizeof p->currency, "EUR");
		snprintf(p->amount, sizeof p->amount, "10.00");
		p->nparties = 1;
		p->parties[0].role = LK_PAYMENT_BENEFICIARY;
		snprintf(p->parties[0].tag, sizeof p->parties[0].tag, "Cdtr");
		snprintf(p->parties[0].name, sizeof p->parties[0].name, "%s", m->orig);
		snprintf(p->parties[0].country, sizeof p->parties[0].country, "%s",
		         countries[round % 5]);
		/* each twice: the second from the party cache */
		for (int k = 0; k < 2; k++) {
			size_t r1 = 0, r2 = 0;
			char *a = record(ix, p, false, &r1), *b = record(ix, p, true, &r2);
			if (strcmp(a, b) != 0)
				fail_msg("without explanations:\n%s\nwith them:\n%s", a, b);
			assert_int_equal(r1, r2);
			results += r1;
			compared++;
			free(a);
			free(b);
		}
		free(p);
	}
	assert_true(compared > 500);
	assert_true(results > compared); /* most listed names have results, some several */
	lk_index_unref(ix);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_direct_results_equal_the_tree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
