/*
 * fuzz_match_compare.c - arbitrary bytes through transliteration and pairwise name scoring.
 *
 * The input is split at the first NUL (or in the middle) into two names; each is
 * transliterated in every variant and the two are compared under each schema. Invalid UTF-8
 * must be refused cleanly, and scores must stay within 0..1.
 */
#include "lookout/lookout.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *buf = malloc(size + 2);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = 0;
	buf[size + 1] = 0;
	/* Two NUL-terminated names: split at the first NUL, or in the middle. buf[size] and
	 * buf[size + 1] are NUL, so b is always a valid string. */
	size_t cut = strlen(buf);
	if (cut == size)
		cut = size / 2;
	buf[cut] = 0;
	const char *a = buf, *b = buf + cut + 1;
	lk_buf out;
	lk_buf_init(&out, 1 << 16);
	for (int v = 0; v < LK_TRANSLIT__COUNT; v++) {
		lk_buf_clear(&out);
		if (lk_text_latinize(&out, a, strlen(a), (lk_translit)v) == 0) {
			/* Matching form: lower-case ASCII letters, digits and single spaces. */
			for (size_t i = 0; i < out.len; i++) {
				char c = out.ptr[i];
				if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' '))
					abort();
			}
		}
	}
	lk_buf_dispose(&out);
	static const lk_schema schemas[] = {LK_SCHEMA_UNKNOWN, LK_SCHEMA_PERSON,
	                                    LK_SCHEMA_ORGANIZATION, LK_SCHEMA_VESSEL};
	for (size_t i = 0; i < LK_ARRAY_SIZE(schemas); i++) {
		lk_match_result r;
		if (lk_match_compare(&r, a, b, schemas[i], -1) == 0 && (r.score < 0 || r.score > 1))
			abort();
	}
	free(buf);
	return 0;
}
