/*
 * bench_parse.c - parse (and optionally import) one list repeatedly; report the median time,
 * entities per second and peak memory.
 *
 * Usage: bench_parse [--repeat N] [--import] PATH...
 * The paths form one list version, as for `lookout lists import`. Output is one JSON line so
 * that bench/run.sh can tabulate it.
 */
#include "lookout/lookout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int repeat = 5;
	bool import = false;
	int i = 1;
	for (; i < argc; i++) {
		if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
			repeat = atoi(argv[++i]);
		else if (strcmp(argv[i], "--import") == 0)
			import = true;
		else
			break;
	}
	if (i >= argc || repeat < 1) {
		fprintf(stderr, "usage: bench_parse [--repeat N] [--import] PATH...\n");
		return 2;
	}
	const char *const *paths = (const char *const *)argv + i;
	size_t npaths = (size_t)(argc - i);
	double *parse_t = calloc((size_t)repeat, sizeof *parse_t);
	double *import_t = calloc((size_t)repeat, sizeof *import_t);
	size_t entities = 0, names = 0;
	char dbpath[] = "/tmp/lookout-bench-XXXXXX";
	if (import) {
		int fd = mkstemp(dbpath);
		if (fd < 0)
			return 1;
		close(fd);
	}
	for (int r = 0; r < repeat; r++) {
		lk_list *l;
		double t0 = now();
		int rc = lk_list_parse(&l, paths, npaths, NULL);
		parse_t[r] = now() - t0;
		if (rc) {
			fprintf(stderr, "bench_parse: %s\n", lk_error_last()->message);
			return 1;
		}
		entities = l->count;
		names = lk_list_count_names(l);
		if (import) {
			/* A fresh store each time: measure a real import, not the unchanged no-op. */
			unlink(dbpath);
			char wal[64], shm[64];
			snprintf(wal, sizeof wal, "%s-wal", dbpath);
			snprintf(shm, sizeof shm, "%s-shm", dbpath);
			unlink(wal);
			unlink(shm);
			lk_store *s;
			if (lk_store_open(&s, dbpath)) {
				fprintf(stderr, "bench_parse: %s\n", lk_error_last()->message);
				return 1;
			}
			t0 = now();
			if (lk_store_import(s, l, NULL)) {
				fprintf(stderr, "bench_parse: %s\n", lk_error_last()->message);
				return 1;
			}
			import_t[r] = now() - t0;
			lk_store_close(s);
		}
		lk_list_free(l);
	}
	qsort(parse_t, (size_t)repeat, sizeof *parse_t, cmp_double);
	qsort(import_t, (size_t)repeat, sizeof *import_t, cmp_double);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	double med = parse_t[repeat / 2];
	printf("{\"paths\":\"%s\",\"repeat\":%d,\"entities\":%zu,\"names\":%zu,"
	       "\"parse_median_s\":%.4f,\"parse_min_s\":%.4f,\"entities_per_s\":%.0f,"
	       "\"import_median_s\":%.4f,\"peak_rss_mb\":%.1f}\n",
	       paths[0], repeat, entities, names, med, parse_t[0], entities / med,
	       import ? import_t[repeat / 2] : 0.0, ru.ru_maxrss / 1024.0);
	if (import) {
		char p[64];
		unlink(dbpath);
		snprintf(p, sizeof p, "%s-wal", dbpath);
		unlink(p);
		snprintf(p, sizeof p, "%s-shm", dbpath);
		unlink(p);
	}
	free(parse_t);
	free(import_t);
	return 0;
}
