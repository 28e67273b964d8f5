/*
 * fuzz_ofac_csv.c - libFuzzer target for the OFAC legacy CSV parser: any bytes given to
 * lk_list_parse_buffer() as ofac_csv (taken as a lone file, its role from its column count)
 * must parse or fail with an error; never crash, hang or leak.
 */
#include <stddef.h>
#include <stdint.h>

#include "lookout/lookout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lk_list *l = NULL;
	lk_parse_opts opts = LK_PARSE_OPTS_INIT;

	opts.max_bytes = 64u << 20; /* a hostile input may not grow the arena without bound */
	if (lk_list_parse_buffer(&l, LK_FORMAT_OFAC_CSV, "sdn.csv", (const char *)data, size,
	                         &opts) == 0)
		lk_list_free(l);
	return 0;
}
