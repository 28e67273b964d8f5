/*
 * fuzz_ofac_remarks.c - libFuzzer target for the OFAC remarks mini-language
 * (lk_ofac__parse_remarks): any text, for each schema, must parse into properties and notes
 * or fail with an error; never crash, read out of bounds or leak. The first byte picks the
 * schema, the rest is the remarks text.
 */
#include <stddef.h>
#include <stdint.h>

#include "lists/ofac_remarks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const lk_schema schemas[] = {LK_SCHEMA_PERSON, LK_SCHEMA_ORGANIZATION,
	                                    LK_SCHEMA_VESSEL, LK_SCHEMA_AIRPLANE};
	lk_ofac_remarks_stats st = {0};
	lk_arena *a;
	lk_entity *e;

	if (size == 0)
		return 0;
	a = lk_arena_new(64u << 20);
	if (a == NULL)
		return 0;
	e = lk_entity_new(a, schemas[data[0] % 4], "fuzz", LK_OFAC_ID_PREFIX, "1");
	if (e != NULL)
		(void)lk_ofac__parse_remarks(e, a, (const char *)data + 1, size - 1, "sdn.csv:1",
		                             &st);
	lk_arena_free(a);
	return 0;
}
