/*
 * words_test.h - the comparison shared by the word breaker's tests: the segments of a text
 * as the fast breaker gives them against ICU's alone (LK_SCAN__WORDS_ICU), segment by segment
 * (bytes and rule status).
 */
#ifndef LK_TEST_WORDS_H
#define LK_TEST_WORDS_H

#include "lk_test.h"
#include "scan/scan_int.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct seg {
	size_t start, end;
	int status;
} seg;

/* How many texts were compared, and how many differed (the first 10 are printed). */
static size_t compared, failures;

/* The segments of text[0..len) (LK_SCAN__WORDS_* flags); returns the count (at most max). */
static inline size_t segments(const char *text, size_t len, unsigned flags, seg *out,
                              size_t max)
{
	scan_words w;
	lk_scan__words_init(&w, text, len, flags);
	size_t n = 0, a, b;
	int st, rc;
	while ((rc = lk_scan__words_next(&w, &a, &b, &st)) == 1) {
		assert_true(n < max);
		out[n++] = (seg){a, b, st};
	}
	assert_int_equal(rc, 0);
	lk_scan__words_dispose(&w);
	return n;
}

/* Both ways give the same segments of text[0..len) (flags: LK_SCAN__WORDS_ONLY or 0);
 * a difference counts in failures and is printed, the text escaped where not printable. */
static inline void same_segments_as_icu(const char *text, size_t len, unsigned flags)
{
	size_t max = len + 1; /* (a segment has one byte at least) */
	seg *x = malloc(max * sizeof *x), *y = malloc(max * sizeof *y);
	assert_true(x && y);
	size_t nx = segments(text, len, flags, x, max),
	       ny = segments(text, len, flags | LK_SCAN__WORDS_ICU, y, max);
	compared++;
	size_t i = 0;
	while (i < nx && i < ny && x[i].start == y[i].start && x[i].end == y[i].end &&
	       x[i].status == y[i].status)
		i++;
	if ((i < nx || i < ny) && failures++ < 10) {
		fprintf(stderr, "differs at segment %zu of \"", i);
		for (size_t k = 0; k < len && k < 200; k++) {
			unsigned char c = (unsigned char)text[k];
			if (c >= 0x20 && c < 0x7F && c != '\\')
				fputc(c, stderr);
			else
				fprintf(stderr, "\\x%02X", c);
		}
		fprintf(stderr, "\"%s: fast", flags ? " (words only)" : "");
		if (i < nx)
			fprintf(stderr, " [%zu,%zu)=%d", x[i].start, x[i].end, x[i].status);
		fprintf(stderr, ", ICU");
		if (i < ny)
			fprintf(stderr, " [%zu,%zu)=%d", y[i].start, y[i].end, y[i].status);
		fputc('\n', stderr);
	}
	free(x);
	free(y);
}

#endif
