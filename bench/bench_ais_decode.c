/*
 * bench_ais_decode.c - library-level AIS throughput, the part of the decoding benchmark
 * (bench/bench_ais_decode.sh) that no command-line run can isolate:
 *
 *   bench_ais_decode [--repeat N] [--json] FILE
 *       decode every line of FILE (streamed in 1 MB blocks) with lk_ais_decoder_line and, with
 *       --json, format each message with lk_ais_to_json into a buffer that is not written;
 *   bench_ais_decode [--repeat N] --simulate SCENARIO [--background N] [--hours H]
 *       generate the scenario's traffic as NMEA with lk_ais_sim_next_nmea, not written.
 *
 * Prints one JSON object: lines (or sentences), messages, the median CPU and wall times of
 * the runs and the rates per CPU second.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lookout/ais.h"
#include "lookout/ais_sim.h"
#include "lookout/error.h"

static double clock_s(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* One pass over the file: lines and messages into *lines, *msgs. */
static int decode_file(const char *path, bool json, long *lines, long *msgs, long *bytes_out)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "bench_ais_decode: %s: %s\n", path, strerror(errno));
		return -1;
	}
	lk_ais_decoder *d;
	if (lk_ais_decoder_new(&d, NULL) < 0) {
		fclose(f);
		return -1;
	}
	static char buf[(1 << 20) + 4096];
	char out[8192];
	size_t have = 0;
	long n = 0, bytes = 0;
	lk_ais_msg m;
	for (;;) {
		size_t got = fread(buf + have, 1, (1 << 20), f);
		have += got;
		size_t start = 0;
		for (;;) {
			char *nl = memchr(buf + start, '\n', have - start);
			if (!nl)
				break;
			size_t len = (size_t)(nl - (buf + start));
			if (lk_ais_decoder_line(d, &m, buf + start, len) == 1) {
				n++;
				if (json) {
					int k = lk_ais_to_json(out, sizeof(out), &m, "stdin", LK_AIS_JSON_SCALED);
					bytes += k > 0 ? k + 1 : 0;
				}
			}
			start += len + 1;
		}
		if (got == 0) {
			if (have > start && lk_ais_decoder_line(d, &m, buf + start, have - start) == 1)
				n++;
			break;
		}
		memmove(buf, buf + start, have - start);
		have -= start;
		if (have > 4096) /* a line longer than any sentence: let the decoder count it */
			have = 0;
	}
	lk_ais_decoder_finish(d);
	*lines = lk_ais_decoder_stats(d)->lines;
	*msgs = n;
	*bytes_out = bytes;
	lk_ais_decoder_free(d);
	fclose(f);
	return 0;
}

static int simulate(const char *path, long background, double hours, long *sentences,
                    long *msgs)
{
	lk_ais_scenario *sc;
	if (lk_ais_scenario_load(&sc, path) < 0) {
		fprintf(stderr, "bench_ais_decode: %s\n", lk_error_last()->message);
		return -1;
	}
	lk_ais_sim_options o = LK_AIS_SIM_OPTIONS_INIT;
	o.background = background;
	o.hours = hours;
	lk_ais_sim *s;
	if (lk_ais_sim_new(&s, sc, &o) < 0) {
		fprintf(stderr, "bench_ais_decode: %s\n", lk_error_last()->message);
		lk_ais_scenario_free(sc);
		return -1;
	}
	char buf[512];
	volatile long sink = 0;
	int k;
	while ((k = lk_ais_sim_next_nmea(s, buf, sizeof(buf), NULL)) > 0)
		sink += buf[k - 2];
	*sentences = lk_ais_sim_sentences(s);
	*msgs = lk_ais_sim_messages(s);
	lk_ais_sim_free(s);
	lk_ais_scenario_free(sc);
	return k < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	int repeat = 5;
	bool json = false;
	const char *scenario = NULL, *file = NULL;
	long background = -1;
	double hours = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--repeat") && i + 1 < argc)
			repeat = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--json"))
			json = true;
		else if (!strcmp(argv[i], "--simulate") && i + 1 < argc)
			scenario = argv[++i];
		else if (!strcmp(argv[i], "--background") && i + 1 < argc)
			background = atol(argv[++i]);
		else if (!strcmp(argv[i], "--hours") && i + 1 < argc)
			hours = atof(argv[++i]);
		else if (argv[i][0] != '-' && !file)
			file = argv[i];
		else {
			fprintf(stderr, "usage: bench_ais_decode [--repeat N] [--json] FILE\n"
			                "       bench_ais_decode [--repeat N] --simulate SCENARIO "
			                "[--background N] [--hours H]\n");
			return 2;
		}
	}
	if ((!file && !scenario) || repeat < 1 || repeat > 100)
		return 2;
	/* CPU time of this process (the machine may be shared) and wall time */
	double *t = calloc((size_t)repeat, sizeof(double));
	double *wall = calloc((size_t)repeat, sizeof(double));
	long lines = 0, msgs = 0, bytes = 0;
	for (int r = 0; r < repeat; r++) {
		double c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID), w0 = clock_s(CLOCK_MONOTONIC);
		int rc = scenario ? simulate(scenario, background, hours, &lines, &msgs)
		                  : decode_file(file, json, &lines, &msgs, &bytes);
		if (rc < 0)
			return 1;
		t[r] = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
		wall[r] = clock_s(CLOCK_MONOTONIC) - w0;
	}
	qsort(t, (size_t)repeat, sizeof(double), cmp_double);
	qsort(wall, (size_t)repeat, sizeof(double), cmp_double);
	double med = t[repeat / 2];
	printf("{\"mode\":\"%s\",\"lines\":%ld,\"messages\":%ld,\"json_bytes\":%ld,"
	       "\"cpu_median_s\":%.4f,\"wall_median_s\":%.4f,\"lines_per_cpu_s\":%.0f,"
	       "\"messages_per_cpu_s\":%.0f}\n",
	       scenario ? "simulate" : json ? "decode+json" : "decode", lines, msgs, bytes, med,
	       wall[repeat / 2], lines / med, msgs / med);
	free(t);
	free(wall);
	return 0;
}
