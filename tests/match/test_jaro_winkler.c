/*
 * test_jaro_winkler.c - the scorer's Jaro-Winkler (lk_match__jaro_winkler, a bit-mask search
 * of the matching window) gives the very bits of the plain definition below: on the pairs of
 * tokens of listed names, on random strings of few letters (many equal bytes, so that the
 * greedy matching and the transpositions are put to the test), at the window's edges and at
 * the 64-byte cap.
 */
#include "lk_test.h"
#include "match/match_int.h"

#include <stdio.h>
#include <string.h>

/* Jaro-Winkler as defined: each byte of a takes the first unmatched equal byte of b within
 * the window; transpositions halved; the common prefix (up to 4) scaled by 0.1. Strings are cut
 * at 64 bytes, as the scorer does. */
static double plain_jaro_winkler(const char *a, size_t an, const char *b, size_t bn)
{
	if (an == 0 || bn == 0)
		return 0.0;
	if (an == bn && memcmp(a, b, an) == 0)
		return 1.0;
	if (an > 64)
		an = 64;
	if (bn > 64)
		bn = 64;
	size_t range = (an > bn ? an : bn) / 2;
	range = range > 0 ? range - 1 : 0;
	bool am[64] = {0}, bm[64] = {0};
	size_t m = 0;
	for (size_t i = 0; i < an; i++) {
		size_t lo = i > range ? i - range : 0, hi = i + range + 1 < bn ? i + range + 1 : bn;
		for (size_t j = lo; j < hi; j++)
			if (!bm[j] && a[i] == b[j]) {
				am[i] = bm[j] = true;
				m++;
				break;
			}
	}
	if (m == 0)
		return 0.0;
	size_t t = 0, j = 0;
	for (size_t i = 0; i < an; i++) {
		if (!am[i])
			continue;
		while (!bm[j])
			j++;
		if (a[i] != b[j])
			t++;
		j++;
	}
	double md = (double)m;
	double jaro = (md / (double)an + md / (double)bn + (md - (double)t / 2.0) / md) / 3.0;
	size_t prefix = 0;
	while (prefix < 4 && prefix < an && prefix < bn && a[prefix] == b[prefix])
		prefix++;
	return jaro + (double)prefix * 0.1 * (1.0 - jaro);
}

static void same(const char *a, size_t an, const char *b, size_t bn)
{
	double x = lk_match__jaro_winkler(a, an, b, bn), y = plain_jaro_winkler(a, an, b, bn);
	if (memcmp(&x, &y, sizeof x) != 0) {
		fprintf(stderr, "\"%.*s\" ~ \"%.*s\": %.17g, expected %.17g\n", (int)an, a, (int)bn, b,
		        x, y);
		fail();
	}
}

static void test_known_values(void **state)
{
	(void)state;
	/* the textbook pairs */
	assert_true(lk_match__jaro_winkler("martha", 6, "marhta", 6) > 0.9611 &&
	            lk_match__jaro_winkler("martha", 6, "marhta", 6) < 0.9612);
	assert_true(lk_match__jaro_winkler("dixon", 5, "dicksonx", 8) > 0.8133 &&
	            lk_match__jaro_winkler("dixon", 5, "dicksonx", 8) < 0.8134);
	assert_true(lk_match__jaro_winkler("abc", 3, "abc", 3) == 1.0);
	assert_true(lk_match__jaro_winkler("abc", 3, "xyz", 3) == 0.0);
	assert_true(lk_match__jaro_winkler("", 0, "xyz", 3) == 0.0);
	assert_true(lk_match__jaro_winkler("a", 1, "", 0) == 0.0);
	same("martha", 6, "marhta", 6);
	same("a", 1, "a", 1);
	same("a", 1, "b", 1);
	same("ab", 2, "ba", 2);
	same("abcd", 4, "dcba", 4);
}

static void test_random_strings(void **state)
{
	(void)state;
	uint64_t seed = 12345;
	char a[80], b[80];
	for (int round = 0; round < 200000; round++) {
		size_t an = lk_test_rand(&seed) % 20, bn = lk_test_rand(&seed) % 20;
		if (round % 50 == 0) {
			an = 40 + lk_test_rand(&seed) % 40; /* up to and over the 64-byte cap */
			bn = 40 + lk_test_rand(&seed) % 40;
		}
		unsigned letters = 1 + (unsigned)(lk_test_rand(&seed) % 6);
		for (size_t i = 0; i < an; i++)
			a[i] = (char)('a' + lk_test_rand(&seed) % letters);
		for (size_t i = 0; i < bn; i++)
			b[i] = (char)('a' + lk_test_rand(&seed) % letters);
		if (round % 7 == 0 && an > 0 && bn > 0)
			a[lk_test_rand(&seed) % an] = (char)0xC3; /* a UTF-8 lead byte */
		same(a, an, b, bn);
		same(b, bn, a, an);
	}
}

static void test_listed_tokens(void **state)
{
	(void)state;
	lk_index *ix = lk_test_scripts_index();
	assert_non_null(ix);
	uint64_t seed = 99;
	for (int round = 0; round < 100000; round++) {
		const mname *x = &ix->names[lk_test_rand(&seed) % ix->nnames];
		const mname *y = &ix->names[lk_test_rand(&seed) % ix->nnames];
		if (!x->ntok || !y->ntok)
			continue;
		const mtoken *s = &x->tok[lk_test_rand(&seed) % x->ntok];
		const mtoken *t = &y->tok[lk_test_rand(&seed) % y->ntok];
		same(s->text, s->len, t->text, t->len);
		same(s->canon, s->canon_len, t->canon, t->canon_len);
		same(s->text, s->len, s->canon, s->canon_len);
	}
	lk_index_unref(ix);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_values),
		cmocka_unit_test(test_random_strings),
		cmocka_unit_test(test_listed_tokens),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
