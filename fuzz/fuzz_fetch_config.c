/*
 * fuzz_fetch_config.c - libFuzzer target for the list-update sources file parser
 * (lk_fetch_config_parse): any bytes, applied to a configuration with the built-in sources.
 */
#include <stddef.h>
#include <stdint.h>

#include "lookout/lookout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lk_fetch_config *cfg = NULL;

	if (lk_fetch_config_new(&cfg) != 0)
		return 0;
	(void)lk_fetch_config_parse(cfg, "fuzz", (const char *)data, size);
	lk_fetch_config_free(cfg);
	return 0;
}
