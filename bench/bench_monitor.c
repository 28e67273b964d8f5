/*
 * bench_monitor.c - monitoring at scale: N synthetic customers (default 1,000,000; first and
 * last names recombined from the yente benchmark negatives, with 0.1 % seeded with names of
 * OFAC 2021 entities), imported with `customers import`'s library call, then
 *   1. a full monitoring run (every customer new) against OFAC 2021 less 100 entities;
 *   2. the list change: the 100 entities added back (a new version);
 *   3. the delta run (customers ranked by their stored retrieval keys, candidates scored
 *      forward).
 * Prints one JSON object: times, alerts, peak RSS (of the process so far, and of the delta
 * run alone: peak_rss_mb_delta_run, where Linux lets the peak be reset). --alerts FILE writes the delta run's
 * alerts (customer ref, entity id and score, a line each) to compare two builds.
 *
 * usage: bench_monitor [--customers N] [--threads T] [--dir DIR] [--keep] [--alerts FILE]
 * Needs $LOOKOUT_DATA (default ../shared/data).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "lookout/lookout.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double peak_rss_mb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss / 1024.0;
}

/* CPU seconds (user + system) of the process so far. */
static double cpu_s(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/* Reset the kernel's peak RSS of this process to the current RSS (Linux: clear_refs 5), so
 * that the next step's own peak can be read; false where it is not supported. */
static bool reset_peak_rss(void)
{
	FILE *f = fopen("/proc/self/clear_refs", "w");
	if (!f)
		return false;
	bool ok = fputs("5", f) >= 0;
	return fclose(f) == 0 && ok;
}

/* VmHWM of this process in MB (the peak since the last reset), or -1. */
static double hwm_mb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	double v = -1;
	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, "VmHWM:", 6) == 0)
			v = strtod(line + 6, NULL) / 1024.0;
	if (f)
		fclose(f);
	return v;
}

static void die(const char *what)
{
	fprintf(stderr, "bench_monitor: %s: %s\n", what, lk_error_last()->message);
	exit(1);
}

static const char *data_dir(void)
{
	const char *d = getenv("LOOKOUT_DATA");
	return d && *d ? d : "../shared/data";
}

static lk_list *parse_set(const char *dir)
{
	char p[3][1024];
	const char *paths[3];
	const char *names[3] = {"sdn.csv", "add.csv", "alt.csv"};
	for (int i = 0; i < 3; i++) {
		snprintf(p[i], sizeof p[i], "%s/%s/%s", data_dir(), dir, names[i]);
		paths[i] = p[i];
	}
	lk_list *l = NULL;
	lk_parse_opts o = LK_PARSE_OPTS_INIT;
	if (lk_list_parse(&l, paths, 3, &o) != 0)
		die("parsing OFAC");
	return l;
}

typedef struct pool {
	char **v;
	size_t n, cap;
} pool;

static void pool_add(pool *p, const char *s)
{
	if (!*s || strchr(s, '"') || strchr(s, ','))
		return;
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 1024;
		p->v = realloc(p->v, p->cap * sizeof *p->v);
		if (!p->v)
			exit(1);
	}
	p->v[p->n++] = strdup(s);
}

static void load_names(pool *first, pool *last)
{
	const char *files[2] = {"eval/yente_benchmark/negatives_global.csv",
	                        "eval/yente_benchmark/negatives_us.csv"};
	for (int f = 0; f < 2; f++) {
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", data_dir(), files[f]);
		lk_csv_reader *rd = NULL;
		if (lk_csv_reader_open(&rd, path, NULL) != 0)
			die("opening the yente negatives");
		lk_csv_reader_next(rd);
		int rc;
		while ((rc = lk_csv_reader_next(rd)) != 0) {
			if (rc < 0)
				continue;
			pool_add(first, lk_csv_reader_field(rd, 1, NULL));
			pool_add(last, lk_csv_reader_field(rd, 3, NULL));
		}
		lk_csv_reader_free(rd);
	}
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

int main(int argc, char **argv)
{
	size_t ncust = 1000000;
	unsigned threads = 0;
	const char *dir = NULL;
	bool keep = false;
	const char *alerts_out = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--customers") == 0 && i + 1 < argc)
			ncust = strtoul(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
			threads = (unsigned)strtoul(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
			dir = argv[++i];
		else if (strcmp(argv[i], "--keep") == 0)
			keep = true;
		else if (strcmp(argv[i], "--alerts") == 0 && i + 1 < argc)
			alerts_out = argv[++i];
		else {
			fprintf(stderr, "usage: bench_monitor [--customers N] [--threads T] [--dir DIR] "
			        "[--keep] [--alerts FILE]\n");
			return 2;
		}
	}
	char tmpl[] = "/tmp/lk_bench_monitor.XXXXXX";
	if (!dir && !(dir = mkdtemp(tmpl))) {
		perror("mkdtemp");
		return 1;
	}
	char db[1024], csv[1024];
	snprintf(db, sizeof db, "%s/bench.db", dir);
	snprintf(csv, sizeof csv, "%s/customers.csv", dir);
	unlink(db);

	/* the lists: OFAC 2021 less every 89th entity (100 of them), then all of it */
	lk_list *full = parse_set("lists/ofac/sdn-2021-07");
	lk_list base = *full;
	base.entities = malloc(full->count * sizeof *base.entities);
	base.count = 0;
	size_t held = 0;
	for (size_t i = 0; i < full->count; i++) {
		if (i % 89 == 44 && held < 100) {
			held++;
			continue;
		}
		base.entities[base.count++] = full->entities[i];
	}
	lk_sha256_hex(base.hash, "bench base", 10);

	/* the customers */
	pool first = {0}, last = {0};
	load_names(&first, &last);
	FILE *f = fopen(csv, "w");
	if (!f) {
		perror(csv);
		return 1;
	}
	fprintf(f, "ref,name,schema,dob,country,id,aliases\n");
	size_t seeded = 0;
	for (size_t i = 0; i < ncust; i++) {
		if (i % 1000 == 500) {
			const lk_entity *e = full->entities[(i / 1000 * 7919) % full->count];
			if (e->caption && !strchr(e->caption, '"')) {
				fprintf(f, "C%07zu,\"%s\",%s,,,,\n", i, e->caption, lk_schema_name(e->schema));
				seeded++;
				continue;
			}
		}
		fprintf(f, "C%07zu,%s %s,Person,19%02d-%02d-%02d,,,\n", i,
		        first.v[next_rand() % first.n], last.v[next_rand() % last.n],
		        (int)(next_rand() % 80 + 20), (int)(next_rand() % 12 + 1),
		        (int)(next_rand() % 28 + 1));
	}
	fclose(f);

	lk_store *s = NULL;
	if (lk_store_open(&s, db) != 0)
		die("opening the store");
	lk_import_result ir;
	if (lk_store_import(s, &base, &ir) != 0)
		die("importing the base version");
	double t0 = now_s(), c0 = cpu_s();
	lk_customer_import_result cr;
	lk_customer_import_opts co = {.actor = "bench", .batch = 20000};
	if (lk_customers_import(s, csv, &co, &cr) != 0)
		die("importing customers");
	double t_import = now_s() - t0, c_import = cpu_s() - c0;
	double rss_import = peak_rss_mb();

	lk_monitor_opts mo = {.threshold = -1, .threads = threads, .actor = "bench"};
	lk_monitor_result full_run, delta_run;
	c0 = cpu_s();
	t0 = now_s();
	if (lk_monitor_run(s, &mo, &full_run) != 0)
		die("the full run");
	double t_full = now_s() - t0, c_full = cpu_s() - c0;
	double rss_full = peak_rss_mb();

	if (lk_store_import(s, full, &ir) != 0)
		die("importing the new version");
	bool own_peak = reset_peak_rss();
	c0 = cpu_s();
	t0 = now_s();
	if (lk_monitor_run(s, &mo, &delta_run) != 0)
		die("the delta run");
	double rss_delta_own = own_peak ? hwm_mb() : -1;
	double t_delta = now_s() - t0, c_delta = cpu_s() - c0;
	double rss_delta = peak_rss_mb();
	if (alerts_out) {
		lk_alert *al = NULL;
		size_t nal = 0;
		FILE *af = fopen(alerts_out, "w");
		if (!af || lk_alerts_list(s, -1, &al, &nal) != 0)
			die("listing the delta alerts");
		for (size_t i = 0; i < nal; i++)
			if (al[i].run_id == delta_run.run_id)
				fprintf(af, "%s\t%s\t%.3f\n", al[i].customer_ref, al[i].entity_id,
				        al[i].score);
		fclose(af);
		lk_alerts_free(al, nal);
	}
	lk_audit_verify_result av;
	t0 = now_s();
	if (lk_audit_verify(s, &av) != 0 || !av.ok)
		die("audit verify");
	double t_verify = now_s() - t0;
	lk_store_close(s);

	printf("{\"customers\": %zu, \"seeded\": %zu, \"threads\": %u, \"list_entities\": %zu,"
	       " \"import_s\": %.2f, \"import_cpu_s\": %.2f, \"full_run_s\": %.2f, \"full_run_cpu_s\": %.2f,"
	       " \"full_index_s\": %.2f,"
	       " \"full_alerts\": %zu, \"delta_entities\": %zu, \"delta_run_s\": %.2f,"
	       " \"delta_run_cpu_s\": %.2f,"
	       " \"delta_index_s\": %.2f, \"delta_rank_s\": %.2f, \"delta_rank_hits\": %zu,"
	       " \"delta_candidates\": %zu, \"delta_alerts\": %zu, \"audit_records\": %lld,"
	       " \"audit_verify_s\": %.2f, \"peak_rss_mb_import\": %.0f, \"peak_rss_mb_full\": %.0f,"
	       " \"peak_rss_mb_delta\": %.0f, \"peak_rss_mb_delta_run\": %.0f}\n",
	       ncust, seeded, threads, base.count, t_import, c_import, t_full, c_full,
	       full_run.index_s, full_run.alerts_new, delta_run.delta_entities, t_delta, c_delta,
	       delta_run.index_s, delta_run.reverse_s, delta_run.rank_hits, delta_run.screened, delta_run.alerts_new,
	       (long long)av.records, t_verify, rss_import, rss_full, rss_delta, rss_delta_own);
	free(base.entities);
	lk_list_free(full);
	for (size_t i = 0; i < first.n; i++)
		free(first.v[i]);
	for (size_t i = 0; i < last.n; i++)
		free(last.v[i]);
	free(first.v);
	free(last.v);
	if (!keep) {
		char p[1100];
		unlink(csv);
		unlink(db);
		snprintf(p, sizeof p, "%s-wal", db);
		unlink(p);
		snprintf(p, sizeof p, "%s-shm", db);
		unlink(p);
		rmdir(dir);
	}
	return 0;
}
