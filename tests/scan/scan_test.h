/*
 * scan_test.h - the check the scanner's cache tests share: texts scanned with the thread's
 * caches cold, then warm, then with caching off, give the same mentions and stats.
 */
#ifndef LK_TEST_SCAN_H
#define LK_TEST_SCAN_H

#include "lk_test.h"
#include "scan/scan_int.h"

#include <stdio.h>
#include <stdlib.h>

/* Scans texts[0..n) on lk_test_ix three ways: caches on (in order, so the first scans find
 * them cold), on again (warm), and off; expects each cached scan to equal the uncached one.
 * Leaves caching on. Returns the uncached results (free each and the array with
 * scan_results_free). */
static inline lk_scan_result **scan_cold_warm_off(const char *const *texts, size_t n)
{
	lk_scan_result **cold = calloc(n, sizeof *cold), **warm = calloc(n, sizeof *warm),
	               **off = calloc(n, sizeof *off);
	assert_true(cold && warm && off);
	lk_scan__set_caching(true);
	for (size_t i = 0; i < n; i++)
		cold[i] = lk_test_scan(texts[i]);
	for (size_t i = 0; i < n; i++)
		warm[i] = lk_test_scan(texts[i]);
	lk_scan__set_caching(false);
	for (size_t i = 0; i < n; i++)
		off[i] = lk_test_scan(texts[i]);
	lk_scan__set_caching(true);
	for (size_t i = 0; i < n; i++) {
		char what[48];
		snprintf(what, sizeof what, "text %zu, cold caches", i);
		lk_test_expect_same_scan(cold[i], off[i], what);
		snprintf(what, sizeof what, "text %zu, warm caches", i);
		lk_test_expect_same_scan(warm[i], off[i], what);
		lk_scan_result_free(cold[i]);
		lk_scan_result_free(warm[i]);
	}
	free(cold);
	free(warm);
	return off;
}

static inline void scan_results_free(lk_scan_result **r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		lk_scan_result_free(r[i]);
	free(r);
}

#endif
