/*
 * fuzz_ais.c - libFuzzer target for the AIS decoder: any bytes, split into lines, go through
 * NMEA framing, tag blocks, multipart reassembly, payload decoding and JSON output; the
 * result must be messages or counted errors, never a crash, a leak or unbounded memory.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "lookout/ais.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lk_ais_options o = LK_AIS_OPTIONS_INIT;
	o.max_groups = 4;   /* small limits reach the eviction and timeout paths */
	o.group_timeout = 8;
	lk_ais_decoder *d = NULL;
	if (lk_ais_decoder_new(&d, &o) < 0)
		return 0;
	const char *p = (const char *)data, *end = p + size;
	lk_ais_msg m;
	char json[8192];
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (lk_ais_decoder_line(d, &m, p, len) == 1) {
			lk_ais_to_json(json, sizeof(json), &m, "fuzz", 0);
			lk_ais_to_json(json, sizeof(json), &m, NULL,
			               LK_AIS_JSON_SCALED | LK_AIS_JSON_PARTS);
			double lat, lon;
			(void)lk_ais_has_position(&m, &lat, &lon);
		}
		p += len + (nl ? 1 : 0);
	}
	lk_ais_decoder_finish(d);
	lk_ais_decoder_free(d);
	return 0;
}
