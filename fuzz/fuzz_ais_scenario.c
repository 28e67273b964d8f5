/*
 * fuzz_ais_scenario.c - libFuzzer target for the AIS simulator's scenario parser: any bytes
 * are parsed as a scenario (without reading a zone file); a scenario that parses is then
 * simulated for a bounded number of messages, with its background cut to a few vessels, and
 * its ground truth written. The result must be a scenario or an error, never a crash, a leak
 * or unbounded work.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include "lookout/ais_sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lk_ais_scenario *sc = NULL;
	if (lk_ais_scenario_parse(&sc, (const char *)data, size, NULL) < 0)
		return 0;
	lk_ais_sim_options o = LK_AIS_SIM_OPTIONS_INIT;
	o.background = 3;
	lk_ais_sim *s = NULL;
	if (lk_ais_sim_new(&s, sc, &o) == 0) {
		char buf[512];
		lk_ais_msg m;
		for (int i = 0; i < 20000 && lk_ais_sim_next_nmea(s, buf, sizeof(buf), &m) > 0; i++)
			;
		char *truth = NULL;
		if (lk_ais_sim_truth(s, &truth, NULL) == 0)
			free(truth);
		lk_ais_sim_free(s);
	}
	lk_ais_scenario_free(sc);
	return 0;
}
