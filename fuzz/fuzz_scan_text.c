/*
 * fuzz_scan_text.c - arbitrary bytes through the text scanner (lk_scan_text and its JSON).
 *
 * The index is built once from the OFAC SDN list of 2024 (names in Latin script, vessels with
 * IMO numbers) under $LOOKOUT_DATA, so that inputs reach the span screening, coreference and
 * IMO paths and not only the word breaker. Invalid UTF-8 must be refused cleanly; every
 * mention must lie inside the input, in order, with at least one result.
 */
#include "lookout/lookout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static lk_index *ix;

static void build_index(void)
{
	const char *root = getenv("LOOKOUT_DATA");
	char path[4096];
	snprintf(path, sizeof path, "%s/lists/ofac/sdn-2024-05-03/sdn.csv", root ? root : ".");
	const char *p = path;
	lk_list *l = NULL;
	if (lk_list_parse(&l, &p, 1, NULL) != 0 ||
	    lk_index_build_from_lists(&ix, (const lk_list *const *)&l, 1) != 0) {
		fprintf(stderr, "fuzz_scan_text: cannot index %s (set LOOKOUT_DATA): %s\n", path,
		        lk_error_last()->message);
		abort();
	}
	lk_list_free(l);
}

/* Built before the first input, outside libFuzzer's per-input timeout. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	build_index();
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
