/*
 * fuzz_index_snapshot.c - arbitrary bytes as a stored index snapshot.
 *
 * The reader must refuse what it cannot trust with LK_EINVALID and never read out of bounds;
 * whatever it accepts must be an index that screens without faults. The checksum and the key
 * are not checked here (the fuzzer could not get past them), so every structural check is
 * exercised on its own.
 */
#include "lookout/lookout.h"
#include "match/match_int.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lk_index *ix = NULL;
	if (lk_match__snapshot_read(&ix, data, size, NULL, false) != 0) {
		if (ix)
			abort();
		return 0;
	}
	static const char *const names[] = {"Kim Jong Un", "al-Qaida", "Ri", "Bank Melli Iran"};
	for (size_t i = 0; i < LK_ARRAY_SIZE(names); i++) {
		lk_query q = LK_QUERY_INIT;
		q.names = &names[i];
		q.nnames = 1;
		lk_match_results *r;
		if (lk_match_screen(&r, ix, &q) == 0) {
			lk_buf b;
			lk_buf_init(&b, 0);
			for (size_t k = 0; k < r->count; k++) {
				if (r->items[k].score < 0 || r->items[k].score > 1)
					abort();
				lk_entity_to_json(r->items[k].entity, &b);
				lk_explanation_to_json(&r->items[k].explanation, &b);
			}
			lk_buf_dispose(&b);
			lk_match_results_free(r);
		}
	}
	for (size_t i = 0; i < lk_index_count(ix); i++)
		if (lk_index_get(ix, lk_index_entity(ix, i)->id) == NULL)
			abort();
	lk_index_unref(ix);
	return 0;
}
