/*
 * fuzz_index.h - the index the scanning fuzz targets screen against: the OFAC SDN list of
 * 2024 under $LOOKOUT_DATA (names in Latin script, vessels with IMO numbers, banks with
 * BICs), built once in LLVMFuzzerInitialize, outside libFuzzer's per-input timeout.
 */
#ifndef FUZZ_INDEX_H
#define FUZZ_INDEX_H

#include "lookout/lookout.h"

#include <stdio.h>
#include <stdlib.h>

/* The index, or abort with a message naming target (a fuzz target cannot run without it). */
static inline lk_index *fuzz_sdn_index(const char *target)
{
	const char *root = getenv("LOOKOUT_DATA");
	char path[4096];
	snprintf(path, sizeof path, "%s/lists/ofac/sdn-2024-05-03/sdn.csv", root ? root : ".");
	const char *p = path;
	lk_list *l = NULL;
	lk_index *ix = NULL;
	if (lk_list_parse(&l, &p, 1, NULL) != 0 ||
	    lk_index_build_from_lists(&ix, (const lk_list *const *)&l, 1) != 0) {
		fprintf(stderr, "%s: cannot index %s (set LOOKOUT_DATA): %s\n", target, path,
		        lk_error_last()->message);
		abort();
	}
	lk_list_free(l);
	return ix;
}

#endif
