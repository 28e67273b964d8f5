/*
 * fuzz_scan_text.c - arbitrary bytes through the text scanner (lk_scan_text and its JSON).
 *
 * The index (fuzz_index.h) lets inputs reach the span screening, coreference and IMO paths,
 * not only the word breaker. Invalid UTF-8 must be refused cleanly; every mention must lie
 * inside the input, in order, with at least one result.
 */
#include "fuzz_index.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static lk_index *ix;

/* Built before the first input, outside libFuzzer's per-input timeout. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	ix = fuzz_sdn_index("fuzz_scan_text");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 16)
		return 0;
	const char *text = (const char *)data;
	lk_scan_result *r = NULL;
	int rc = lk_scan_text(&r, ix, text, size, NULL);
	if (rc != 0) {
		if (rc != LK_EENCODING || r)
			abort();
		return 0;
	}
	size_t prev = 0;
	for (size_t i = 0; i < r->count; i++) {
		const lk_scan_mention *m = &r->mentions[i];
		if (m->start >= m->end || m->end > size || m->start < prev || m->nresults == 0 ||
		    !m->query)
			abort();
		prev = m->start;
	}
	lk_scan_result_free(r);
	lk_buf b;
	lk_buf_init(&b, 0);
	lk_scan_options o = LK_SCAN_OPTIONS_INIT;
	o.explain = true;
	o.schema = size % 2 ? LK_SCHEMA_PERSON : LK_SCHEMA_UNKNOWN;
	if (lk_scan_text_json(&b, ix, text, size, &o) != 0)
		abort();
	lk_buf_dispose(&b);
	return 0;
}
