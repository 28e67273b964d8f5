/*
 * cmd_ais_simulate.c - `lookout ais simulate`: run a scenario through the AIS simulator and
 * write its NMEA sentences (to a file or stdout) and, beside them, the ground-truth events
 * as JSON lines. Output is streamed: memory depends on the number of vessels, not on the
 * number of messages.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lookout/ais_sim.h"
#include "cli_ais.h"

const char cli_help_ais_simulate[] =
	"usage: lookout ais simulate --scenario FILE --out FILE.nmea [--truth FILE.jsonl]\n"
	"                            [--seed N] [--background N] [--hours H] [--no-tag-blocks]\n"
	"\n"
	"Simulate AIS traffic: the scripted vessels and events of a scenario (ship-to-ship\n"
	"rendezvous, dark periods, identity changes, designated vessels, zone entries, bad and\n"
	"shared IMO numbers, spoofed positions) against background traffic that triggers no\n"
	"detector, encoded as NMEA 0183 sentences with NMEA 4.0 tag blocks (receive time). The\n"
	"ground-truth events go to --truth as JSON lines. The same scenario and seed give the\n"
	"same output. The scenario format is described in docs/AIS.md.\n"
	"\n"
	"Options:\n"
	"      --scenario FILE   the scenario (JSON)\n"
	"      --out FILE        where the NMEA goes; '-' writes to stdout\n"
	"      --truth FILE      where the ground-truth events go (JSON lines)\n"
	"      --seed N          random seed (default 1)\n"
	"      --background N    background vessels, overriding the scenario's count\n"
	"      --hours H         duration in hours, overriding the scenario's\n"
	"      --no-tag-blocks   bare sentences without the \\c:<time>*hh\\ tag block\n"
	"  -q, --quiet           no summary on stderr\n"
	"  -h, --help            show this help\n"
	"\n"
	"Examples:\n"
	"  lookout ais simulate --scenario tests/fixtures/ais/sts_dark.json --out sim.nmea \\\n"
	"      --truth sim.truth.jsonl --seed 7\n"
	"  lookout ais simulate --scenario bench.json --background 20000 --out - | lookout ais "
	"decode -\n"
	"\n"
	"Exit codes:\n"
	"   0  done\n"
	"   2  invalid usage\n"
	"  65  the scenario is invalid (the message says what and where)\n"
	"  74  a file cannot be read or written\n";

/* A non-negative integer (cli_parse_int64 takes positive ones only). */
static bool parse_count(const char *s, int64_t *out)
{
	if (s && strcmp(s, "0") == 0) {
		*out = 0;
		return true;
	}
	return cli_parse_int64(s, out);
}

int cmd_ais_simulate(cli_ctx *ctx, int argc, char **argv)
{
	static const char cmd[] = "lookout ais simulate";
	const char *scenario = NULL, *outp = NULL, *truthp = NULL, *seed_s = NULL;
	const char *bg_s = NULL, *hours_s = NULL;
	bool no_tags = false;
	const cli_option opts[] = {
		{"scenario", 0, &scenario, NULL},
		{"out", 0, &outp, NULL},
		{"truth", 0, &truthp, NULL},
		{"seed", 0, &seed_s, NULL},
		{"background", 0, &bg_s, NULL},
		{"hours", 0, &hours_s, NULL},
		{"no-tag-blocks", 0, NULL, &no_tags},
		{NULL, 0, NULL, NULL},
	};
	lk_ais_scenario *sc = NULL;
	lk_ais_sim *sim = NULL;
	FILE *out = NULL;
	char *truth = NULL;
	int npos, rc;

	rc = cli_parse(ctx, cmd, opts, argc, argv, &npos);
	if (rc < 0)
		return rc;
	if (ctx->help)
		return cli_print_help(cli_help_ais_simulate);
	if (npos != 0)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[1]);
	if (!scenario || !outp)
		return cli_usage_error(cmd, "--scenario and --out are required");
	lk_ais_sim_options so = LK_AIS_SIM_OPTIONS_INIT;
	so.tag_blocks = !no_tags;
	int64_t v;
	if (seed_s) {
		if (!parse_count(seed_s, &v))
			return cli_usage_error(cmd, "--seed must be a non-negative integer");
		so.seed = (uint64_t)v;
	}
	if (bg_s) {
		if (!parse_count(bg_s, &v) || v > LK_AIS_SCENARIO_MAX_BACKGROUND)
			return cli_usage_error(cmd, "--background must be 0 to %d",
			                       LK_AIS_SCENARIO_MAX_BACKGROUND);
		so.background = (long)v;
	}
	if (hours_s) {
		char *end;
		errno = 0;
		double h = strtod(hours_s, &end);
		if (errno || *end || !(h > 0 && h <= LK_AIS_SCENARIO_MAX_HOURS))
			return cli_usage_error(cmd, "--hours must be a number of hours above 0, at most "
			                       "%d", LK_AIS_SCENARIO_MAX_HOURS);
		so.hours = h;
	}
	if ((rc = lk_ais_scenario_load(&sc, scenario)) < 0)
		goto done;
	if ((rc = lk_ais_sim_new(&sim, sc, &so)) < 0)
		goto done;
	out = strcmp(outp, "-") == 0 ? stdout : fopen(outp, "wb");
	if (!out) {
		rc = lk_error_set(LK_EIO, "%s: %s", outp, strerror(errno));
		goto done;
	}
	static char obuf[1 << 16];
	if (out != stdout)
		setvbuf(out, obuf, _IOFBF, sizeof(obuf));
	char buf[512];
	int n;
	while ((n = lk_ais_sim_next_nmea(sim, buf, sizeof(buf), NULL)) > 0) {
		if (fwrite(buf, 1, (size_t)n, out) != (size_t)n)
			break;
	}
	if (n < 0) {
		rc = n;
		goto done;
	}
	if (fflush(out) != 0 || ferror(out)) {
		rc = lk_error_set(LK_EIO, "%s: cannot write", outp);
		goto done;
	}
	if (truthp) {
		size_t len;
		if ((rc = lk_ais_sim_truth(sim, &truth, &len)) < 0)
			goto done;
		FILE *tf = fopen(truthp, "wb");
		if (!tf) {
			rc = lk_error_set(LK_EIO, "%s: %s", truthp, strerror(errno));
			goto done;
		}
		bool ok = fwrite(truth, 1, len, tf) == len;
		if (fclose(tf) != 0 || !ok) {
			rc = lk_error_set(LK_EIO, "%s: cannot write", truthp);
			goto done;
		}
	}
	if (!ctx->quiet)
		fprintf(stderr, "lookout ais simulate: %ld messages, %ld sentences, %.1f h from %s\n",
		        lk_ais_sim_messages(sim), lk_ais_sim_sentences(sim),
		        so.hours > 0 ? so.hours : (double)lk_ais_scenario_duration(sc) / 3600.0,
		        scenario);
	rc = 0;
done:
	if (out && out != stdout)
		fclose(out);
	free(truth);
	lk_ais_sim_free(sim);
	lk_ais_scenario_free(sc);
	return rc;
}
