/*
 * fuzz_ais_geo.c - libFuzzer target for the readers of the AIS detectors' geography: the
 * bytes go to the GeoJSON zone reader and to the ports CSV reader; whatever they accept is
 * then queried (point in zone, distance to zone, nearest port), which must never crash, leak
 * or loop.
 */
#include <stddef.h>
#include <stdint.h>

#include "lookout/ais_detect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const double probes[][2] = {
		{0, 0}, {39.5, 128.0}, {38.3, 129.5}, {-89.9, 179.9}, {90, -180}, {45.5, 10.25},
	};
	const char *text = (const char *)data;
	lk_ais_zone *z = NULL;
	if (lk_ais_zone_parse(&z, text, size, "FUZZ") == 0) {
		for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
			(void)lk_ais_zone_contains(z, probes[i][0], probes[i][1]);
			(void)lk_ais_zone_distance_m(z, probes[i][0], probes[i][1], 50000.0);
		}
		lk_ais_zone_free(z);
	}
	lk_ais_ports *p = NULL;
	if (lk_ais_ports_parse(&p, text, size) == 0) {
		for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
			const char *name;
			(void)lk_ais_ports_nearest_m(p, probes[i][0], probes[i][1], 10000.0, &name);
		}
		lk_ais_ports_free(p);
	}
	return 0;
}
