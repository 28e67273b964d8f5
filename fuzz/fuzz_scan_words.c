/*
 * fuzz_scan_words.c - the scanner's word breaker against ICU's on arbitrary text.
 *
 * text_break.c breaks lines of plain text itself and gives the others to ICU; on any valid
 * UTF-8 its segments (bytes and rule status), and its words alone, must be exactly those of
 * ICU's word break iterator over the whole text. Invalid UTF-8 is skipped (the scanner
 * refuses it before breaking).
 */
#include "lookout/lookout.h"
#include "scan/scan_int.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct seg {
	size_t start, end;
	int status;
} seg;

static size_t segments(const char *text, size_t len, unsigned flags, seg *out)
{
	scan_words w;
	lk_scan__words_init(&w, text, len, flags);
	size_t n = 0, a, b;
	int st, rc;
	while ((rc = lk_scan__words_next(&w, &a, &b, &st)) == 1) {
		if (n > len || a >= b || b > len)
			abort();
		out[n++] = (seg){a, b, st};
	}
	lk_scan__words_dispose(&w);
	if (rc != 0)
		abort();
	return n;
}

static void same(const char *text, size_t len, unsigned flags, seg *x, seg *y)
{
	size_t nx = segments(text, len, flags, x);
	size_t ny = segments(text, len, flags | LK_SCAN__WORDS_ICU, y);
	if (nx != ny)
		abort();
	for (size_t i = 0; i < nx; i++)
		if (x[i].start != y[i].start || x[i].end != y[i].end || x[i].status != y[i].status)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t bad;
	if (size > 1 << 16 || !lk_utf8_valid((const char *)data, size, &bad))
		return 0;
	seg *x = malloc((size + 1) * sizeof *x), *y = malloc((size + 1) * sizeof *y);
	if (!x || !y)
		abort();
	same((const char *)data, size, 0, x, y);
	same((const char *)data, size, LK_SCAN__WORDS_ONLY, x, y);
	free(x);
	free(y);
	return 0;
}
