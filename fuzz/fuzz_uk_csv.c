/*
 * fuzz_uk_csv.c - libFuzzer target for the UK HMT/OFSI ConList CSV parser: any bytes, parsed
 * as that format through lk_list_parse_buffer(), must give a list or a recorded error, never a
 * crash, a leak or unbounded memory.
 */
#include <stddef.h>
#include <stdint.h>
#include "lookout/lookout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lk_list *l = NULL;
	lk_parse_opts opts = LK_PARSE_OPTS_INIT;
	opts.max_bytes = 64u << 20;
	if (lk_list_parse_buffer(&l, LK_FORMAT_UK_CSV, "fuzz", (const char *)data, size, &opts) == 0)
		lk_list_free(l);
	return 0;
}
