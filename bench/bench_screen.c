/*
 * bench_screen.c - the screening benchmark: index build time and memory, single-query
 * latency, batch throughput on several threads, and a synthetic 1,000,000-entity index.
 *
 * Usage: bench_screen latency|batch|scale --queries FILE [options]
 *   --data DIR       $LOOKOUT_DATA (lists under DIR/lists)
 *   --queries FILE   queries drawn by bench/peers/screen_queries.py: n, kind, query, ... (TSV)
 *   --results FILE   latency: write n, ms, top ids, top score, match per query (TSV), which
 *                    bench/peers/screen_report.py scores next to the peers' results
 *   --builds N       latency: index builds to time (median; default 5)
 *   --warmup N       latency, scale: untimed queries first (default 100)
 *   --passes N       latency, scale: time every query N times, keep its median (default 3)
 *   --rows N         batch: names to screen (default 1,000,000), the queries cycled
 *   --threads N      batch: threads (default 2)
 *   --max-seconds S  batch: stop after S seconds (default 0: no limit) and report the rows
 *                    done, their rate and the time all --rows would take at that rate
 *   --entities N     scale: synthetic entities (default 1,000,000)
 *   --scale-queries N scale: timed queries (default 10,000)
 *   --seed S         scale: PRNG seed (default 20260227)
 * The index holds UN 2026, OFAC sdn-2024-05-03 and UK 2018, parsed with lk_list_parse (scale:
 * the synthetic universe instead). Only the public API is used. Output: one JSON line.
 *
 * Batch cycles the same queries rather than varying them per row: every row is a real name
 * from the development sets, so the work per row is that of real names; Lookout keeps no
 * cache of query results, so repeating a name costs as much as the first time.
 */
#include "lookout/lookout.h"
#include "lookout/match.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define TOPK 10
#define MAX_LINE 8192

static const char *const bench_lists[] = {
	"un/un_consolidated_20260227.xml",
	"ofac/sdn-2024-05-03",
	"uk/hmt_ofsi_ConList_20180413.csv",
};
#define NLISTS (sizeof bench_lists / sizeof bench_lists[0])

typedef struct bench_opts {
	const char *mode;
	const char *data;
	const char *queries;
	const char *results;
	int builds;
	size_t warmup;
	int passes;
	size_t rows;
	int threads;
	double max_seconds;
	size_t entities;
	size_t scale_queries;
	uint64_t seed;
} bench_opts;

typedef struct bench_query {
	long n;
	bool positive;
	char *text;
} bench_query;

typedef struct query_set {
	bench_query *q;
	size_t count;
} query_set;

/* What one timed query found: borrowed ids (they live as long as the index). */
typedef struct query_outcome {
	double seconds;
	const char *ids[TOPK];
	size_t nids;
	double top_score;
	bool top_match;
	bool error;
} query_outcome;

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

static double peak_rss_mb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss / 1024.0;
}

/* Nearest-rank percentile of sorted values (the same rule as screen_common.percentile). */
static double pct(const double *sorted, size_t n, double p)
{
	if (n == 0)
		return 0.0;
	double r = p / 100.0 * (double)n + 0.5;
	long k = (long)(r + 0.5) - 1;
	if (k < 0)
		k = 0;
	if ((size_t)k >= n)
		k = (long)n - 1;
	return sorted[k];
}

/* splitmix64: small, deterministic everywhere (as in screen_queries.py). */
static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static size_t rng_below(uint64_t *s, size_t n)
{
	return (size_t)(rng_next(s) % n);
}

static void query_set_free(query_set *qs)
{
	for (size_t i = 0; i < qs->count; i++)
		free(qs->q[i].text);
	free(qs->q);
	qs->q = NULL;
	qs->count = 0;
}

/* Read the queries file: n <TAB> kind <TAB> query [<TAB> ...]. Lines are bounded. */
static int query_set_read(query_set *qs, const char *path)
{
	int rc = -1;
	size_t cap = 0, lineno = 0;
	char *line = malloc(MAX_LINE);
	FILE *f = fopen(path, "r");
	memset(qs, 0, sizeof *qs);
	if (!f || !line) {
		perror(path);
		goto done;
	}
	while (fgets(line, MAX_LINE, f)) {
		lineno++;
		size_t len = strlen(line);
		if (len == MAX_LINE - 1 && line[len - 1] != '\n') {
			fprintf(stderr, "bench_screen: %s: line %zu: longer than %d bytes\n", path,
			        lineno, MAX_LINE);
			goto done;
		}
		char *kind = strchr(line, '\t');
		char *text = kind ? strchr(kind + 1, '\t') : NULL;
		if (!text) {
			fprintf(stderr, "bench_screen: %s: line %zu: expected n, kind, query\n",
			        path, lineno);
			goto done;
		}
		*kind++ = '\0';
		*text++ = '\0';
		text[strcspn(text, "\t\n")] = '\0';
		if (qs->count == cap) {
			cap = cap ? cap * 2 : 1024;
			bench_query *g = realloc(qs->q, cap * sizeof *g);
			if (!g)
				goto done;
			qs->q = g;
		}
		bench_query *q = &qs->q[qs->count];
		q->n = strtol(line, NULL, 10);
		q->positive = strncmp(kind, "pos", 3) == 0;
		if (!(q->text = strdup(text)))
			goto done;
		qs->count++;
	}
	if (qs->count == 0) {
		fprintf(stderr, "bench_screen: %s: no queries\n", path);
		goto done;
	}
	rc = 0;
done:
	if (f)
		fclose(f);
	free(line);
	if (rc)
		query_set_free(qs);
	return rc;
}

static int parse_lists(lk_list **lists, const char *data, double *seconds)
{
	double t0 = now();
	for (size_t l = 0; l < NLISTS; l++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/lists/%s", data, bench_lists[l]);
		const char *paths[1] = {path};
		if (lk_list_parse(&lists[l], paths, 1, NULL)) {
			fprintf(stderr, "bench_screen: %s\n", lk_error_last()->message);
			return -1;
		}
	}
	*seconds = now() - t0;
	return 0;
}

static void free_lists(lk_list **lists)
{
	for (size_t l = 0; l < NLISTS; l++) {
		lk_list_free(lists[l]);
		lists[l] = NULL;
	}
}

/* Screen one name (default threshold and limit 10); time lk_match_screen and the release of
 * its results, not the copying of ids into *o. */
static void screen_one(const lk_index *ix, const char *name, query_outcome *o)
{
	const char *names[1] = {name};
	lk_query q = LK_QUERY_INIT;
	lk_match_results *r = NULL;
	q.names = names;
	q.nnames = 1;
	q.limit = TOPK;
	memset(o, 0, sizeof *o);
	double t0 = now();
	int rc = lk_match_screen(&r, ix, &q);
	double t1 = now();
	if (rc) {
		o->error = true;
	} else {
		for (size_t i = 0; i < r->count && o->nids < TOPK; i++)
			o->ids[o->nids++] = r->items[i].entity->id;
		if (r->count) {
			o->top_score = r->items[0].score;
			o->top_match = r->items[0].match;
		}
	}
	double t2 = now();
	lk_match_results_free(r);
	o->seconds = (t1 - t0) + (now() - t2);
}

static int write_results(const char *path, const query_set *qs, const query_outcome *o)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		return -1;
	}
	for (size_t i = 0; i < qs->count; i++) {
		fprintf(f, "%ld\t%.4f\t", qs->q[i].n, o[i].seconds * 1000.0);
		for (size_t k = 0; k < o[i].nids; k++)
			fprintf(f, "%s%s", k ? "," : "", o[i].ids[k]);
		fprintf(f, "\t%.4f\t%d\n", o[i].top_score, o[i].top_match ? 1 : 0);
	}
	int rc = fclose(f) == 0 ? 0 : -1;
	if (rc)
		perror(path);
	return rc;
}

/*
 * Time every query of qs, passes times over after warmup untimed ones, and print the latency
 * fields of the JSON. A query's time is its median over the passes: on a shared machine a
 * query that loses its core to another process for a scheduler tick (4 ms) would otherwise
 * make the p99; the first pass alone is reported too ("single_pass"). Ids, scores and match
 * flags come from the first pass (the engine is deterministic).
 */
static int run_latency(const lk_index *ix, const query_set *qs, size_t warmup, int passes,
                       query_outcome *o)
{
	query_outcome scratch;
	size_t n = qs->count, errors = 0, pos_match = 0, npos = 0, neg_match = 0;
	double *t = malloc(n * (size_t)passes * sizeof *t), *med = malloc(n * sizeof *med);
	double *first = malloc(n * sizeof *first), sum = 0.0, sum_first = 0.0;
	int rc = -1;
	if (!t || !med || !first)
		goto done;
	for (size_t i = 0; i < warmup && i < n; i++)
		screen_one(ix, qs->q[i].text, &scratch);
	for (int p = 0; p < passes; p++) {
		for (size_t i = 0; i < n; i++) {
			query_outcome *out = p == 0 ? &o[i] : &scratch;
			screen_one(ix, qs->q[i].text, out);
			t[i * (size_t)passes + (size_t)p] = out->seconds * 1000.0;
		}
	}
	for (size_t i = 0; i < n; i++) {
		double *ti = &t[i * (size_t)passes];
		first[i] = ti[0];
		sum_first += ti[0];
		qsort(ti, (size_t)passes, sizeof *ti, cmp_double);
		med[i] = ti[passes / 2];
		o[i].seconds = med[i] / 1000.0;
		sum += med[i];
		errors += o[i].error;
		if (qs->q[i].positive) {
			npos++;
			pos_match += o[i].top_match;
		} else {
			neg_match += o[i].top_match;
		}
	}
	qsort(med, n, sizeof *med, cmp_double);
	qsort(first, n, sizeof *first, cmp_double);
	printf("\"queries\":%zu,\"warmup\":%zu,\"passes\":%d,\"errors\":%zu,\"p50_ms\":%.4f,"
	       "\"p90_ms\":%.4f,\"p99_ms\":%.4f,\"max_ms\":%.4f,\"mean_ms\":%.4f,\"qps\":%.0f,"
	       "\"single_pass_p50_ms\":%.4f,\"single_pass_p99_ms\":%.4f,"
	       "\"single_pass_max_ms\":%.4f,\"single_pass_qps\":%.0f,"
	       "\"positives\":%zu,\"positives_top_match\":%zu,\"negatives_with_match\":%zu",
	       n, warmup, passes, errors, pct(med, n, 50), pct(med, n, 90), pct(med, n, 99),
	       med[n - 1], sum / (double)n, (double)n / (sum / 1000.0), pct(first, n, 50),
	       pct(first, n, 99), first[n - 1], (double)n / (sum_first / 1000.0), npos, pos_match,
	       neg_match);
	rc = 0;
done:
	free(t);
	free(med);
	free(first);
	return rc;
}

static void print_index_stats(const lk_index *ix)
{
	lk_index_stats st;
	lk_index_stats_get(ix, &st);
	printf("\"entities\":%zu,\"names\":%zu,\"keys\":%zu,\"postings\":%zu,\"identifiers\":%zu,"
	       "\"index_bytes\":%zu,\"index_mb\":%.1f,",
	       st.entities, st.names, st.keys, st.postings, st.identifiers, st.bytes,
	       st.bytes / 1048576.0);
}

static int mode_latency(const bench_opts *op, const query_set *qs)
{
	int rc = 1;
	lk_list *lists[NLISTS] = {NULL};
	lk_index *ix = NULL;
	query_outcome *o = calloc(qs->count, sizeof *o);
	double parse_s, *bt = calloc((size_t)op->builds, sizeof *bt);
	if (!o || !bt || parse_lists(lists, op->data, &parse_s))
		goto done;
	for (int b = 0; b < op->builds; b++) {
		lk_index_unref(ix);
		ix = NULL;
		double t0 = now();
		if (lk_index_build_from_lists(&ix, (const lk_list *const *)lists, NLISTS)) {
			fprintf(stderr, "bench_screen: index: %s\n", lk_error_last()->message);
			goto done;
		}
		bt[b] = now() - t0;
	}
	double rss_built = peak_rss_mb();
	free_lists(lists);
	qsort(bt, (size_t)op->builds, sizeof *bt, cmp_double);
	printf("{\"mode\":\"latency\",\"threads\":1,\"parse_s\":%.4f,\"builds\":%d,"
	       "\"build_median_s\":%.4f,\"build_min_s\":%.4f,",
	       parse_s, op->builds, bt[op->builds / 2], bt[0]);
	print_index_stats(ix);
	printf("\"peak_rss_after_build_mb\":%.1f,", rss_built);
	if (run_latency(ix, qs, op->warmup, op->passes, o))
		goto done;
	printf(",\"peak_rss_mb\":%.1f}\n", peak_rss_mb());
	fflush(stdout);
	if (op->results && write_results(op->results, qs, o))
		goto done;
	rc = 0;
done:
	free_lists(lists);
	lk_index_unref(ix);
	free(o);
	free(bt);
	return rc;
}

typedef struct batch_ctx {
	const lk_index *ix;
	const query_set *qs;
	size_t rows;
	double deadline; /* 0: none */
	atomic_size_t next;
	atomic_size_t done;
	atomic_size_t matches;
	atomic_size_t errors;
} batch_ctx;

/* Rows are handed out in chunks from one counter so that both threads stay busy to the end. */
static void *batch_worker(void *arg)
{
	batch_ctx *c = arg;
	const size_t chunk = 256;
	size_t matches = 0, errors = 0;
	for (;;) {
		if (c->deadline > 0 && now() > c->deadline)
			break;
		size_t start = atomic_fetch_add(&c->next, chunk);
		if (start >= c->rows)
			break;
		size_t end = start + chunk < c->rows ? start + chunk : c->rows;
		for (size_t i = start; i < end; i++) {
			const char *names[1] = {c->qs->q[i % c->qs->count].text};
			lk_query q = LK_QUERY_INIT;
			lk_match_results *r = NULL;
			q.names = names;
			q.nnames = 1;
			if (lk_match_screen(&r, c->ix, &q)) {
				errors++;
				continue;
			}
			matches += r->count && r->items[0].match;
			lk_match_results_free(r);
		}
		atomic_fetch_add(&c->done, end - start);
	}
	atomic_fetch_add(&c->matches, matches);
	atomic_fetch_add(&c->errors, errors);
	return NULL;
}

static int mode_batch(const bench_opts *op, const query_set *qs)
{
	int rc = 1;
	lk_list *lists[NLISTS] = {NULL};
	lk_index *ix = NULL;
	pthread_t *th = calloc((size_t)op->threads, sizeof *th);
	int started = 0;
	double parse_s;
	batch_ctx c;
	memset(&c, 0, sizeof c);
	if (!th || parse_lists(lists, op->data, &parse_s))
		goto done;
	if (lk_index_build_from_lists(&ix, (const lk_list *const *)lists, NLISTS)) {
		fprintf(stderr, "bench_screen: index: %s\n", lk_error_last()->message);
		goto done;
	}
	free_lists(lists);
	c.ix = ix;
	c.qs = qs;
	c.rows = op->rows;
	atomic_init(&c.next, 0);
	atomic_init(&c.matches, 0);
	atomic_init(&c.errors, 0);
	atomic_init(&c.done, 0);
	double t0 = now();
	c.deadline = op->max_seconds > 0 ? t0 + op->max_seconds : 0.0;
	for (; started < op->threads; started++) {
		if (pthread_create(&th[started], NULL, batch_worker, &c)) {
			fprintf(stderr, "bench_screen: cannot start thread %d\n", started);
			break;
		}
	}
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	if (started < op->threads)
		goto done;
	double secs = now() - t0;
	size_t done = atomic_load(&c.done);
	double rate = (double)done / secs;
	printf("{\"mode\":\"batch\",\"threads\":%d,\"rows_asked\":%zu,\"rows\":%zu,"
	       "\"stopped_at_limit\":%s,\"distinct_queries\":%zu,\"seconds\":%.3f,"
	       "\"rows_per_s\":%.0f,\"seconds_for_rows_asked\":%.1f,\"rows_with_match\":%zu,"
	       "\"errors\":%zu,\"peak_rss_mb\":%.1f}\n",
	       op->threads, op->rows, done, done < op->rows ? "true" : "false", qs->count, secs,
	       rate, (double)op->rows / rate, atomic_load(&c.matches), atomic_load(&c.errors),
	       peak_rss_mb());
	rc = 0;
done:
	free_lists(lists);
	lk_index_unref(ix);
	free(th);
	return rc;
}

/* ---- scale: a synthetic universe of recombined real name parts ---- */

typedef struct word_pool {
	const char **w; /* our copies, in first-seen order (the map's order is unspecified) */
	size_t count, cap;
	lk_strmap *seen;
} word_pool;

static bool is_word(const char *w, size_t n)
{
	if (n < 2)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((w[i] >= '0' && w[i] <= '9') || w[i] == '(' || w[i] == ')' || w[i] == '"')
			return false;
	return true;
}

/* Add the words of s to the pool, first-seen order, each once. */
static int pool_add_words(word_pool *p, const char *s)
{
	char w[128];
	while (*s) {
		size_t n = strcspn(s, " ,;/");
		if (n < sizeof w && is_word(s, n)) {
			memcpy(w, s, n);
			w[n] = '\0';
			if (!lk_strmap_get(p->seen, w)) {
				if (lk_strmap_put(p->seen, w, (void *)1))
					return -1;
				if (p->count == p->cap) {
					p->cap = p->cap ? p->cap * 2 : 1024;
					const char **g = realloc(p->w, p->cap * sizeof *g);
					if (!g)
						return -1;
					p->w = g;
				}
				if (!(p->w[p->count++] = strdup(w)))
					return -1;
			}
		}
		s += n;
		s += strspn(s, " ,;/");
	}
	return 0;
}

static void pool_dispose(word_pool *p)
{
	for (size_t i = 0; i < p->count; i++)
		free((char *)p->w[i]);
	free(p->w);
	lk_strmap_free(p->seen);
}

static const char *pick(const word_pool *p, uint64_t *s)
{
	return p->w[rng_below(s, p->count)];
}

static const char *const synth_countries[] = {"ru", "ir", "kp", "sy", "af", "iq", "ye", "ly",
                                              "cn", "ae", "tr", "by", "ve", "cu", "lb", "pk"};

/* Fill one synthetic entity: persons (70 %) are given [given] family with, for half of
 * them, a birth date and a nationality and for a fifth an alias; organisations (27 %) are two
 * or three organisation words; vessels (3 %) one or two words and an IMO number. */
static lk_entity *synth_entity(lk_arena *a, size_t i, uint64_t *s, const word_pool *given,
                               const word_pool *family, const word_pool *org)
{
	char native[32], name[512];
	snprintf(native, sizeof native, "%zu", i);
	size_t r = rng_below(s, 100);
	lk_schema schema = r < 70 ? LK_SCHEMA_PERSON : r < 97 ? LK_SCHEMA_ORGANIZATION
	                                                       : LK_SCHEMA_VESSEL;
	lk_entity *e = lk_entity_new(a, schema, "synthetic", "syn", native);
	if (!e)
		return NULL;
	int rc = 0;
	if (schema == LK_SCHEMA_PERSON) {
		if (rng_below(s, 3) == 0)
			snprintf(name, sizeof name, "%s %s %s", pick(given, s), pick(given, s),
			         pick(family, s));
		else
			snprintf(name, sizeof name, "%s %s", pick(given, s), pick(family, s));
		rc |= lk_entity_add(e, a, LK_PROP_NAME, name, NULL);
		if (rng_below(s, 5) == 0) {
			snprintf(name, sizeof name, "%s %s", pick(given, s), pick(family, s));
			rc |= lk_entity_add(e, a, LK_PROP_ALIAS, name, NULL);
		}
		if (rng_below(s, 2) == 0) {
			char d[16];
			snprintf(d, sizeof d, "%04zu-%02zu-%02zu", 1940 + rng_below(s, 66),
			         1 + rng_below(s, 12), 1 + rng_below(s, 28));
			rc |= lk_entity_add(e, a, LK_PROP_BIRTH_DATE, d, NULL);
			const char *cc =
				synth_countries[rng_below(s, LK_ARRAY_SIZE(synth_countries))];
			rc |= lk_entity_add(e, a, LK_PROP_NATIONALITY, cc, NULL);
		}
	} else if (schema == LK_SCHEMA_ORGANIZATION) {
		if (rng_below(s, 2) == 0)
			snprintf(name, sizeof name, "%s %s %s", pick(org, s), pick(org, s),
			         pick(org, s));
		else
			snprintf(name, sizeof name, "%s %s", pick(org, s), pick(org, s));
		rc |= lk_entity_add(e, a, LK_PROP_NAME, name, NULL);
	} else {
		snprintf(name, sizeof name, "%s %s", pick(org, s), pick(family, s));
		rc |= lk_entity_add(e, a, LK_PROP_NAME, name, NULL);
		/* An IMO number with a valid check digit: weights 7..2 over the first six. */
		char imo[16];
		unsigned d[6], sum = 0;
		d[0] = 1 + (unsigned)rng_below(s, 9);
		for (int k = 1; k < 6; k++)
			d[k] = (unsigned)rng_below(s, 10);
		for (int k = 0; k < 6; k++)
			sum += d[k] * (unsigned)(7 - k);
		snprintf(imo, sizeof imo, "IMO %u%u%u%u%u%u%u", d[0], d[1], d[2], d[3], d[4], d[5],
		         sum % 10);
		rc |= lk_entity_add(e, a, LK_PROP_IMO_NUMBER, imo, NULL);
	}
	return rc ? NULL : e;
}

static int collect_parts(const bench_opts *op, word_pool *given, word_pool *family,
                         word_pool *org)
{
	lk_list *lists[NLISTS] = {NULL};
	double parse_s;
	int rc = -1;
	if (parse_lists(lists, op->data, &parse_s))
		goto done;
	for (size_t l = 0; l < NLISTS; l++) {
		for (size_t i = 0; i < lists[l]->count; i++) {
			const lk_entity *e = lists[l]->entities[i];
			for (size_t v = 0; v < e->nvalues; v++) {
				const lk_value *val = &e->values[v];
				bool person = e->schema == LK_SCHEMA_PERSON;
				bool org_like = !person && e->schema != LK_SCHEMA_VESSEL;
				int r = 0;
				if (person && val->prop == LK_PROP_FIRST_NAME)
					r = pool_add_words(given, val->value);
				else if (person && val->prop == LK_PROP_LAST_NAME)
					r = pool_add_words(family, val->value);
				else if (org_like && val->prop == LK_PROP_NAME)
					r = pool_add_words(org, val->value);
				if (r)
					goto done;
			}
		}
	}
	rc = given->count && family->count && org->count ? 0 : -1;
done:
	free_lists(lists);
	return rc;
}

static int mode_scale(const bench_opts *op, const query_set *file_qs)
{
	int rc = 1;
	word_pool given = {0}, family = {0}, org = {0};
	lk_list synth;
	lk_index *ix = NULL;
	query_set qs = {NULL, 0};
	query_outcome *o = NULL;
	uint64_t s = op->seed;
	memset(&synth, 0, sizeof synth);
	given.seen = lk_strmap_new();
	family.seen = lk_strmap_new();
	org.seen = lk_strmap_new();
	if (!given.seen || !family.seen || !org.seen || collect_parts(op, &given, &family, &org))
		goto done;

	double t0 = now();
	synth.arena = lk_arena_new(0);
	synth.entities = calloc(op->entities, sizeof *synth.entities);
	if (!synth.arena || !synth.entities)
		goto done;
	synth.format = LK_FORMAT_UNKNOWN;
	synth.source = "synthetic";
	synth.cap = op->entities;
	for (size_t i = 0; i < op->entities; i++) {
		synth.entities[i] = synth_entity(synth.arena, i, &s, &given, &family, &org);
		if (!synth.entities[i]) {
			fprintf(stderr, "bench_screen: synthetic entity %zu: out of memory\n", i);
			goto done;
		}
		synth.count++;
	}
	double gen_s = now() - t0;
	size_t arena_bytes = lk_arena_used(synth.arena);

	const lk_list *one[1] = {&synth};
	t0 = now();
	if (lk_index_build_from_lists(&ix, one, 1)) {
		fprintf(stderr, "bench_screen: index: %s\n", lk_error_last()->message);
		goto done;
	}
	double build_s = now() - t0;
	double rss_built = peak_rss_mb();
	lk_arena_free(synth.arena);
	synth.arena = NULL;

	/* Half the queries from the file (mostly names that are not there), half names of the
	 * synthetic entities themselves (hits, whose common parts have long posting lists). */
	size_t n = op->scale_queries, half = n / 2 < file_qs->count ? n / 2 : file_qs->count;
	qs.q = calloc(n, sizeof *qs.q);
	o = calloc(n, sizeof *o);
	if (!qs.q || !o)
		goto done;
	for (size_t i = 0; i < n; i++) {
		bench_query *q = &qs.q[qs.count];
		q->n = (long)i;
		if (i % 2 == 0 && i / 2 < half) {
			q->text = strdup(file_qs->q[i / 2].text);
		} else {
			const lk_entity *e = lk_index_entity(ix, rng_below(&s, lk_index_count(ix)));
			q->text = strdup(e && e->caption ? e->caption : "unknown");
		}
		if (!q->text)
			goto done;
		qs.count++;
	}
	printf("{\"mode\":\"scale\",\"threads\":1,\"seed\":%llu,\"synthetic_entities\":%zu,"
	       "\"given_names\":%zu,\"family_names\":%zu,\"org_words\":%zu,\"generate_s\":%.3f,"
	       "\"lists_arena_mb\":%.1f,\"build_s\":%.3f,",
	       (unsigned long long)op->seed, op->entities, given.count, family.count, org.count,
	       gen_s, arena_bytes / 1048576.0, build_s);
	print_index_stats(ix);
	printf("\"peak_rss_after_build_mb\":%.1f,", rss_built);
	if (run_latency(ix, &qs, op->warmup, op->passes, o))
		goto done;
	printf(",\"peak_rss_mb\":%.1f}\n", peak_rss_mb());
	rc = 0;
done:
	lk_index_unref(ix);
	lk_arena_free(synth.arena);
	free(synth.entities);
	query_set_free(&qs);
	free(o);
	pool_dispose(&given);
	pool_dispose(&family);
	pool_dispose(&org);
	return rc;
}

static int usage(void)
{
	fprintf(stderr, "usage: bench_screen latency|batch|scale --queries FILE [--data DIR] "
	                "[--results FILE] [--builds N] [--warmup N] [--passes N] [--rows N] "
	                "[--threads N] "
	                "[--max-seconds S] "
	                "[--entities N] [--scale-queries N] [--seed S]\n");
	return 2;
}

int main(int argc, char **argv)
{
	bench_opts op = {NULL, getenv("LOOKOUT_DATA"), NULL, NULL, 5, 100, 3, 1000000, 2, 0.0,
	                 1000000, 10000, 20260227};
	if (argc < 2)
		return usage();
	op.mode = argv[1];
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!v)
			return usage();
		if (strcmp(a, "--data") == 0)
			op.data = v;
		else if (strcmp(a, "--queries") == 0)
			op.queries = v;
		else if (strcmp(a, "--results") == 0)
			op.results = v;
		else if (strcmp(a, "--builds") == 0)
			op.builds = atoi(v);
		else if (strcmp(a, "--warmup") == 0)
			op.warmup = strtoul(v, NULL, 10);
		else if (strcmp(a, "--passes") == 0)
			op.passes = atoi(v);
		else if (strcmp(a, "--rows") == 0)
			op.rows = strtoul(v, NULL, 10);
		else if (strcmp(a, "--threads") == 0)
			op.threads = atoi(v);
		else if (strcmp(a, "--max-seconds") == 0)
			op.max_seconds = strtod(v, NULL);
		else if (strcmp(a, "--entities") == 0)
			op.entities = strtoul(v, NULL, 10);
		else if (strcmp(a, "--scale-queries") == 0)
			op.scale_queries = strtoul(v, NULL, 10);
		else if (strcmp(a, "--seed") == 0)
			op.seed = strtoull(v, NULL, 10);
		else
			return usage();
		i++;
	}
	if (!op.data)
		op.data = "../shared/data";
	if (!op.queries || op.builds < 1 || op.passes < 1 || op.threads < 1 || op.rows < 1 ||
	    op.entities < 1 || op.scale_queries < 1)
		return usage();
	query_set qs;
	if (query_set_read(&qs, op.queries))
		return 1;
	int rc;
	if (strcmp(op.mode, "latency") == 0)
		rc = mode_latency(&op, &qs);
	else if (strcmp(op.mode, "batch") == 0)
		rc = mode_batch(&op, &qs);
	else if (strcmp(op.mode, "scale") == 0)
		rc = mode_scale(&op, &qs);
	else
		rc = usage();
	query_set_free(&qs);
	return rc;
}
