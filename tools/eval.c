/*
 * eval.c - the evaluation behind `make eval`: runs the development sets of $LOOKOUT_DATA/eval
 * through the public screening API and writes docs/EVALUATION.md.
 *
 * The sets (each file's format is described where it is read):
 *   - the yente benchmark's UN positives (perturbed names, row-aligned with the list's names)
 *     screened against an index of the UN 2026 list, and against the production universe;
 *   - its 100,000 synthetic negatives and the US Congress names (not on any of these lists),
 *     screened against the production universe (UN 2026 + OFAC 2024-05-03 + UK 2018);
 *   - Wikidata and Google transliteration pairs (native script <-> English), with a negative
 *     control that pairs each native name with another English name of the same set;
 *   - watchman's cross-script pairs with their expected minimum scores.
 * The harness never looks at a row's content to decide how to treat it: every row of a set
 * goes through the same call, and what is unmappable or invalid is counted and reported.
 * `--quick` takes the first 200 rows of each set (a sanity run, seconds not minutes).
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "lookout/lookout.h"
#include "lookout/csv.h"
#include "lookout/match.h"
#include "lookout/text.h"

#define MAX_TABLE_BYTES (1u << 30)  /* the largest eval file is 4 MB */
#define MAX_FIELDS 64
#define MAX_WORDS 64
#define QUICK_ROWS 200
#define PAIR_SAMPLE 5000            /* transliteration pairs per set, every k-th row */
#define WORST_SHOWN 20
#define MISSES_SHOWN 20
#define UN_LIST "lists/un/un_consolidated_20260227.xml"
#define OFAC_LIST "lists/ofac/sdn-2024-05-03"
#define UK_LIST "lists/uk/hmt_ofsi_ConList_20180413.csv"

static bool quick;
static int nthreads = 2;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	const lk_error *e = lk_error_last();
	fprintf(stderr, "eval: %s%s%s\n", what, e->code ? ": " : "", e->code ? e->message : "");
	exit(1);
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		die("out of memory");
	return p;
}

static char *path_join(const char *dir, const char *rel)
{
	size_t n = strlen(dir) + strlen(rel) + 2;
	char *p = xcalloc(n, 1);
	snprintf(p, n, "%s/%s", dir, rel);
	return p;
}

/* ---- tables: whole files of records ---- */

typedef struct table {
	lk_arena *arena;  /* the fields */
	char ***rows;     /* rows[i][j], NUL-terminated fields */
	size_t *nfields;
	size_t n, cap;
} table;

static void table_push(table *t, char **fields, size_t nf)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 1024;
		t->rows = realloc(t->rows, t->cap * sizeof(*t->rows));
		t->nfields = realloc(t->nfields, t->cap * sizeof(*t->nfields));
		if (!t->rows || !t->nfields)
			die("out of memory");
	}
	t->rows[t->n] = lk_arena_alloc(t->arena, nf * sizeof(char *));
	if (!t->rows[t->n])
		die("out of memory");
	for (size_t j = 0; j < nf; j++) {
		if (!(t->rows[t->n][j] = lk_arena_strdup(t->arena, fields[j])))
			die("out of memory");
	}
	t->nfields[t->n++] = nf;
}

static void table_init(table *t)
{
	memset(t, 0, sizeof(*t));
	if (!(t->arena = lk_arena_new(MAX_TABLE_BYTES)))
		die("out of memory");
}

/*
 * A CSV file through the library's reader. Records whose first field starts with '#' are
 * comments (watchman's pairs file has them) and blank lines are skipped. A set that cannot be
 * read in full stops the evaluation: numbers on part of a set would mislead.
 */
static void table_read_csv(table *t, const char *path)
{
	lk_csv_reader *r = NULL;
	char *fields[MAX_FIELDS];
	int rc;

	table_init(t);
	if (lk_csv_reader_open(&r, path, NULL) != 0)
		die("cannot read a set");
	while ((rc = lk_csv_reader_next(r)) == 1) {
		size_t nf = lk_csv_reader_nfields(r);
		if (nf > MAX_FIELDS) {
			fprintf(stderr, "eval: %s: line %ld: %zu fields\n", path,
				lk_csv_reader_line(r), nf);
			exit(1);
		}
		for (size_t j = 0; j < nf; j++)
			fields[j] = (char *)lk_csv_reader_field(r, j, NULL);
		if ((nf > 1 || fields[0][0]) && fields[0][0] != '#')
			table_push(t, fields, nf);
	}
	if (rc < 0)
		die("cannot read a set");
	lk_csv_reader_free(r);
}

/*
 * A tab-separated file without quoting: the transliteration pairs hold names with unpaired
 * quotes ("weird, al"), which RFC 4180 quoting would run together with the next lines.
 */
static void table_read_tsv(table *t, const char *path)
{
	FILE *f = fopen(path, "rb");
	char *line = NULL, *fields[MAX_FIELDS];
	size_t cap = 0;
	ssize_t len;

	table_init(t);
	if (!f) {
		fprintf(stderr, "eval: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		size_t nf = 0;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = 0;
		if (len == 0)
			continue;
		for (char *p = line; p && nf < MAX_FIELDS; nf++) {
			fields[nf] = p;
			if ((p = strchr(p, '\t')))
				*p++ = 0;
		}
		table_push(t, fields, nf);
	}
	free(line);
	fclose(f);
}

static void table_free(table *t)
{
	free(t->rows);
	free(t->nfields);
	lk_arena_free(t->arena);
}

static const char *field(const table *t, size_t row, size_t col)
{
	return col < t->nfields[row] ? t->rows[row][col] : "";
}

/* ---- running rows on the worker threads ---- */

typedef void (*row_fn)(void *ctx, size_t i);

typedef struct pool_job {
	atomic_size_t next;
	size_t n;
	row_fn fn;
	void *ctx;
} pool_job;

static void *pool_worker(void *arg)
{
	pool_job *job = arg;
	for (;;) {
		size_t from = atomic_fetch_add(&job->next, 32);
		if (from >= job->n)
			break;
		for (size_t i = from; i < from + 32 && i < job->n; i++)
			job->fn(job->ctx, i);
	}
	return NULL;
}

/* Run fn(ctx, i) for i in [0, n) on nthreads threads (the index is read-only and lock-free). */
static void parallel_for(size_t n, row_fn fn, void *ctx)
{
	pool_job job = {.n = n, .fn = fn, .ctx = ctx};
	pthread_t th[16];
	int started = 0;

	atomic_init(&job.next, 0);
	for (int t = 1; t < nthreads && t < 16; t++)
		started += pthread_create(&th[started], NULL, pool_worker, &job) == 0;
	pool_worker(&job);
	for (int t = 0; t < started; t++)
		pthread_join(th[t], NULL);
}

/* ---- percentages, quantiles ---- */

static char fmtbuf[64][48];
static int fmtnext;

/* "12.3 % (45/366)" in a rotating static buffer (single-threaded report code only). */
static const char *pct(size_t a, size_t b)
{
	char *s = fmtbuf[fmtnext++ % 64];
	if (b == 0)
		snprintf(s, 48, "n/a (0/0)");
	else
		snprintf(s, 48, "%.1f %% (%zu/%zu)", 100.0 * (double)a / (double)b, a, b);
	return s;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Quantile q of n sorted values (nearest rank below). */
static double quantile(const double *sorted, size_t n, double q)
{
	return n ? sorted[(size_t)(q * (double)(n - 1))] : NAN;
}

/* Markdown table cells must not contain '|' or line ends. */
static void md_cell(FILE *out, const char *s)
{
	for (; s && *s; s++)
		fputs(*s == '|' ? "\\|" : *s == '\n' || *s == '\r' ? " " : (char[2]){*s, 0}, out);
}

/* The summary at the top of the document: rows "| measure | value |" added by each report. */
static char summary[32][256];
static int nsummary;

static void summary_add(const char *fmt, ...) LK_PRINTF(1, 2);
static void summary_add(const char *fmt, ...)
{
	va_list ap;

	if (nsummary == (int)LK_ARRAY_SIZE(summary))
		return;
	va_start(ap, fmt);
	vsnprintf(summary[nsummary++], sizeof(summary[0]), fmt, ap);
	va_end(ap);
}

/* ---- the production universe and the UN index ---- */

static lk_list *parse_list(const char *data, const char *rel)
{
	char *path = path_join(data, rel);
	const char *paths[1] = {path};
	lk_list *l = NULL;

	if (lk_list_parse(&l, paths, 1, NULL) != 0)
		die("cannot read a list");
	free(path);
	return l;
}

static lk_index *build_index(lk_list **lists, size_t n)
{
	lk_index *ix = NULL;
	if (lk_index_build_from_lists(&ix, (const lk_list *const *)lists, n) != 0)
		die("index build");
	return ix;
}

static void report_index(FILE *out, const char *label, const lk_index *ix)
{
	lk_index_stats s;
	lk_index_stats_get(ix, &s);
	fprintf(out, "| %s | %zu | %zu | %zu | %zu | %.1f | %.3f |\n", label, s.entities, s.names,
		s.keys, s.postings, (double)s.bytes / 1048576.0, s.build_seconds);
}

/* ---- which entity a list name belongs to ---- */

/* The entities of an index that carry one name (after latinisation). */
typedef struct id_set {
	const lk_entity **ents;
	size_t n, cap;
} id_set;

typedef struct name_map {
	lk_strmap *map;
	lk_arena *arena;
} name_map;

static bool is_full_name(lk_prop p)
{
	return p == LK_PROP_NAME || p == LK_PROP_ALIAS || p == LK_PROP_WEAK_ALIAS ||
	       p == LK_PROP_PREVIOUS_NAME;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * The key of a name: its words after lk_text_latinize, sorted, so that the order the lists
 * write ("AWEYS, Hassan Dahir", "HASSAN DAHIR AWEYS") does not matter. False for text that
 * has no matching form.
 */
static bool name_key(lk_buf *b, const char *s)
{
	lk_buf latin;
	char *words[MAX_WORDS];
	size_t n = 0;
	bool ok = false;

	lk_buf_init(&latin, 1 << 16);
	lk_buf_clear(b);
	if (lk_text_latinize(&latin, s, strlen(s), LK_TRANSLIT_DEFAULT) != 0 || !latin.len)
		goto done;
	for (char *w = latin.ptr; w && n < MAX_WORDS; n++) { /* single spaces between words */
		words[n] = w;
		if ((w = strchr(w, ' ')))
			*w++ = 0;
	}
	qsort(words, n, sizeof(*words), cmp_str);
	for (size_t i = 0; i < n; i++) {
		if ((i && lk_buf_putc(b, ' ') != 0) || lk_buf_puts(b, words[i]) != 0)
			goto done;
	}
	ok = n > 0;
done:
	lk_buf_dispose(&latin);
	return ok;
}

/* Map every full name (name, alias, weak alias, previous name) of ix to its entities. */
static void name_map_build(name_map *m, const lk_index *ix)
{
	lk_buf key;

	m->map = lk_strmap_new();
	m->arena = lk_arena_new(0);
	if (!m->map || !m->arena)
		die("out of memory");
	lk_buf_init(&key, 1 << 16);
	for (size_t i = 0; i < lk_index_count(ix); i++) {
		const lk_entity *e = lk_index_entity(ix, i);
		for (size_t j = 0; j < e->nvalues; j++) {
			id_set *s;
			if (!is_full_name(e->values[j].prop) || !name_key(&key, e->values[j].value))
				continue;
			s = lk_strmap_get(m->map, key.ptr);
			if (!s) {
				s = lk_arena_alloc(m->arena, sizeof(*s));
				if (!s || lk_strmap_put(m->map, key.ptr, s) != 0)
					die("out of memory");
			}
			if (s->n && s->ents[s->n - 1] == e)
				continue;
			if (s->n == s->cap) {
				size_t cap = s->cap ? 2 * s->cap : 2;
				s->ents = lk_arena_grow(m->arena, s->ents, s->n, cap,
							sizeof(*s->ents));
				if (!s->ents)
					die("out of memory");
				s->cap = cap;
			}
			s->ents[s->n++] = e;
		}
	}
	lk_buf_dispose(&key);
}

static const id_set *name_map_get(const name_map *m, const char *name)
{
	lk_buf key;
	const id_set *s = NULL;

	lk_buf_init(&key, 1 << 16);
	if (name_key(&key, name))
		s = lk_strmap_get(m->map, key.ptr);
	lk_buf_dispose(&key);
	return s;
}

static void name_map_free(name_map *m)
{
	lk_strmap_free(m->map);
	lk_arena_free(m->arena);
}

static bool id_set_has(const id_set *s, const lk_entity *e)
{
	for (size_t i = 0; s && i < s->n; i++) {
		if (s->ents[i] == e || strcmp(s->ents[i]->id, e->id) == 0)
			return true;
	}
	return false;
}

/* ---- screening person records ---- */

/* One row of a yente benchmark file (PersonRecord CSV). */
typedef struct person_row {
	const char *name, *dob, *country;
	lk_script script;
	const id_set *truth[2];   /* positives: entities with the untreated name, per universe */
	const char *untreated;    /* positives: the list's name and birth date */
	const char *untreated_dob;
} person_row;

typedef struct person_set {
	const char *label;
	table t;
	person_row *rows;
	size_t n;
} person_set;

/* The outcome of screening one row once. */
typedef struct outcome {
	int rc;
	double top_score;
	bool top_match;           /* the best result reaches the threshold */
	const lk_entity *top;
	const char *top_name;     /* the name of the best result that matched (borrowed) */
	int correct_rank;         /* 1-based rank of the first correct entity, 0 if absent */
	double correct_score;
	bool correct_match;       /* a correct entity reaches the threshold */
	char *error;              /* the message of a failed call (owned), or NULL */
} outcome;

static int column(const table *t, const char *path, const char *name)
{
	for (size_t j = 0; t->n && j < t->nfields[0]; j++) {
		if (strcmp(t->rows[0][j], name) == 0)
			return (int)j;
	}
	fprintf(stderr, "eval: %s: no column %s in the header\n", path, name);
	exit(1);
}

/* Read a PersonRecord file: full_name, ..., date_of_birth, ..., nationality. */
static void person_set_read(person_set *s, const char *dir, const char *file, const char *label)
{
	char *path = path_join(dir, file);
	int cn, cd, cc;

	s->label = label;
	table_read_csv(&s->t, path);
	cn = column(&s->t, path, "full_name");
	cd = column(&s->t, path, "date_of_birth");
	cc = column(&s->t, path, "nationality");
	s->n = s->t.n - 1;
	if (quick && s->n > QUICK_ROWS)
		s->n = QUICK_ROWS;
	s->rows = xcalloc(s->n, sizeof(*s->rows));
	for (size_t i = 0; i < s->n; i++) {
		person_row *r = &s->rows[i];
		r->name = field(&s->t, i + 1, (size_t)cn);
		r->dob = field(&s->t, i + 1, (size_t)cd);
		r->country = field(&s->t, i + 1, (size_t)cc);
		r->script = lk_text_script(r->name, strlen(r->name));
	}
	free(path);
}

static void person_set_free(person_set *s)
{
	free(s->rows);
	table_free(&s->t);
}

typedef struct screen_job {
	const lk_index *ix;
	const person_row *rows;
	bool features;            /* add the row's birth date and nationality */
	int universe;             /* 0: the UN index, 1: the production universe */
	outcome *out;
} screen_job;

static void screen_row(void *ctx, size_t i)
{
	const screen_job *job = ctx;
	const person_row *r = &job->rows[i];
	lk_query q = LK_QUERY_INIT;
	lk_match_results *res = NULL;
	outcome *o = &job->out[i];

	q.schema = LK_SCHEMA_PERSON;
	q.names = &r->name;
	q.nnames = 1;
	if (job->features && r->dob[0]) {
		q.birth_dates = &r->dob;
		q.nbirth_dates = 1;
	}
	if (job->features && r->country[0]) {
		q.countries = &r->country;
		q.ncountries = 1;
	}
	memset(o, 0, sizeof(*o));
	o->rc = lk_match_screen(&res, job->ix, &q);
	if (o->rc != 0) {
		o->error = strdup(lk_error_last()->message);
		return;
	}
	if (res->count) {
		o->top = res->items[0].entity;
		o->top_score = res->items[0].score;
		o->top_match = res->items[0].match;
		o->top_name = res->items[0].explanation.matched_name;
	}
	for (size_t k = 0; r->truth[job->universe] && k < res->count; k++) {
		if (!id_set_has(r->truth[job->universe], res->items[k].entity))
			continue;
		if (!o->correct_rank) {
			o->correct_rank = (int)k + 1;
			o->correct_score = res->items[k].score;
		}
		o->correct_match |= res->items[k].match;
	}
	lk_match_results_free(res);
}

static outcome *screen_set(const lk_index *ix, int universe, const person_set *s, bool features,
			   double *secs)
{
	screen_job job = {ix, s->rows, features, universe, xcalloc(s->n, sizeof(outcome))};
	double t0 = now_s();

	parallel_for(s->n, screen_row, &job);
	*secs = now_s() - t0;
	fprintf(stderr, "eval: %s%s: %zu rows in %.1f s\n", s->label,
		features ? " with dob+country" : "", s->n, *secs);
	return job.out;
}

/* ---- reports on person records ---- */

typedef struct run {
	outcome *o;
	double secs;
} run;

static const char *const config_name[2] = {"name only", "with dob+country"};

static void run_free(run *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(r->o[i].error);
	free(r->o);
}

/* The first failed calls of a run as a list, so that an error count can be traced. */
static void report_errors(FILE *out, const person_set *s, const run *r, const char *what)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++) {
		if (!r->o[i].rc || n++ >= 5)
			continue;
		fprintf(out, "- %s, %s, row %zu (", s->label, what, i + 2);
		md_cell(out, s->rows[i].name);
		fprintf(out, ", %s, %s): %s\n", s->rows[i].dob, s->rows[i].country,
			r->o[i].error ? r->o[i].error : lk_strerror(r->o[i].rc));
	}
	if (n > 5)
		fprintf(out, "- %s, %s: %zu more failed calls\n", s->label, what, n - 5);
}

static void report_positives(FILE *out, const person_set *s, run r[2][2])
{
	static const char *const universe[2] = {"UN 2026", "production"};
	size_t unmappable = 0, ambiguous = 0, shown = 0, dob_differs = 0;

	for (size_t i = 0; i < s->n; i++) {
		unmappable += !s->rows[i].truth[0];
		ambiguous += s->rows[i].truth[0] && s->rows[i].truth[0]->n > 1;
		dob_differs += strcmp(s->rows[i].dob, s->rows[i].untreated_dob) != 0;
	}
	fprintf(out, "The treated file perturbs birth dates too: in %zu of %zu rows the treated "
		"date differs from the untreated one (another year, month or day, some written "
		"without zero padding as 1969-7-16 or impossible as 1974-01-32). The rows *with "
		"dob+country* take these dates as they are.\n\n", dob_differs, s->n);
	fprintf(out, "| index | query | rows | mappable | recall@1 | recall@1 and match | "
		"correct entity in results | correct entity matched | mean score of correct | "
		"errors | rows/s |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
	for (int u = 0; u < 2; u++) {
		for (int f = 0; f < 2; f++) {
			size_t map = 0, r1 = 0, r1m = 0, in = 0, matched = 0, err = 0;
			double sum = 0;
			for (size_t i = 0; i < s->n; i++) {
				const outcome *o = &r[u][f].o[i];
				err += o->rc != 0;
				if (!s->rows[i].truth[u])
					continue;
				map++;
				r1 += o->correct_rank == 1;
				r1m += o->correct_rank == 1 && o->top_match;
				in += o->correct_rank > 0;
				matched += o->correct_match;
				sum += o->correct_score;
			}
			summary_add("| UN positives vs %s index, %s: recall@1 / recall@1 and "
				    "match | %s / %s |", universe[u], config_name[f], pct(r1, map),
				    pct(r1m, map));
			fprintf(out, "| %s | %s | %zu | %zu | %s | %s | %s | %s | %.3f | %zu | "
				"%.0f |\n",
				universe[u], config_name[f], s->n, map, pct(r1, map), pct(r1m, map),
				pct(in, map), pct(matched, map), map ? sum / (double)map : 0.0, err,
				(double)s->n / r[u][f].secs);
		}
	}
	fprintf(out, "\n%zu rows have no UN 2026 entity carrying their untreated name "
		"(unmappable, excluded from the rates above); the untreated names of %zu rows "
		"are carried by more than one UN entity (any of them counts as correct). The mean "
		"score counts 0 where the correct entity is not among the results. A failed call "
		"(column *errors*, listed below) counts as a miss.\n\n", unmappable, ambiguous);
	if (unmappable) {
		fprintf(out, "Unmappable rows (row, untreated name -> treated name):\n\n");
		for (size_t i = 0, k = 0; i < s->n && k < 40; i++) {
			if (s->rows[i].truth[0])
				continue;
			fprintf(out, "%s%zu: ", k++ ? "; " : "", i + 2);
			md_cell(out, s->rows[i].untreated);
			fputs(" -> ", out);
			md_cell(out, s->rows[i].name);
		}
		fprintf(out, "%s\n\n", unmappable > 40 ? "; ..." : "");
	}
	for (int u = 0; u < 2; u++) {
		for (int f = 0; f < 2; f++) {
			char what[64];
			snprintf(what, sizeof(what), "%s index, %s", universe[u], config_name[f]);
			report_errors(out, s, &r[u][f], what);
		}
	}
	fprintf(out, "\nFirst %d misses against the UN index, name only (the correct entity is "
		"not the best result, or the best result is below the threshold), in file "
		"order:\n\n| row | query (treated) | expected (untreated name, entity) | rank | "
		"score of correct | best result | its score |\n|---|---|---|---|---|---|---|\n",
		MISSES_SHOWN);
	for (size_t i = 0; i < s->n && shown < MISSES_SHOWN; i++) {
		const outcome *o = &r[0][0].o[i];
		const person_row *p = &s->rows[i];
		if (!p->truth[0] || (o->correct_rank == 1 && o->top_match))
			continue;
		shown++;
		fprintf(out, "| %zu | ", i + 2);
		md_cell(out, p->name);
		fputs(" | ", out);
		md_cell(out, p->untreated);
		fprintf(out, " (%s) | %d | %.3f | ", p->truth[0]->ents[0]->id, o->correct_rank,
			o->correct_score);
		md_cell(out, o->top ? o->top->caption : (o->rc ? lk_strerror(o->rc) : "(none)"));
		fprintf(out, " | %.3f |\n", o->top_score);
	}
	fputc('\n', out);
}

struct worst {
	size_t set, row;
	double score, with_dob;
};

/* Highest score first, then highest score with dob+country, then file order. */
static int cmp_worst(const void *a, const void *b)
{
	const struct worst *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	if (x->with_dob != y->with_dob)
		return x->with_dob < y->with_dob ? 1 : -1;
	if (x->set != y->set)
		return x->set < y->set ? -1 : 1;
	return (x->row > y->row) - (x->row < y->row);
}

static void report_negatives(FILE *out, person_set *neg, run r[3][2])
{
	size_t total = 0, nworst = 0, shown = 0;
	struct worst *worst;

	fprintf(out, "| set | script | rows | flagged, name only | flagged, with dob+country | "
		"errors | rows/s (name only) |\n|---|---|---|---|---|---|---|\n");
	for (int k = 0; k < 3; k++) {
		for (int sc = -1; sc < LK_SCRIPT__COUNT; sc++) {
			size_t rows = 0, fp[2] = {0, 0}, err = 0;
			for (size_t i = 0; i < neg[k].n; i++) {
				if (sc >= 0 && neg[k].rows[i].script != (lk_script)sc)
					continue;
				rows++;
				for (int f = 0; f < 2; f++) {
					fp[f] += r[k][f].o[i].top_match;
					err += r[k][f].o[i].rc != 0;
				}
			}
			if (!rows)
				continue;
			if (sc < 0)
				summary_add("| %s: flagged (false-positive rate), name only / "
					    "with dob+country | %s / %s |", neg[k].label,
					    pct(fp[0], rows), pct(fp[1], rows));
			fprintf(out, "| %s | %s | %zu | %s | %s | %zu | ",
				sc < 0 ? neg[k].label : "",
				sc < 0 ? "**all**" : lk_script_name((lk_script)sc), rows,
				pct(fp[0], rows), pct(fp[1], rows), err);
			if (sc < 0)
				fprintf(out, "%.0f |\n", (double)neg[k].n / r[k][0].secs);
			else
				fprintf(out, " |\n");
		}
		total += neg[k].n;
	}
	for (int k = 0; k < 3; k++) {
		for (int f = 0; f < 2; f++)
			report_errors(out, &neg[k], &r[k][f], config_name[f]);
	}
	worst = xcalloc(total, sizeof(*worst));
	for (size_t k = 0; k < 3; k++) {
		for (size_t i = 0; i < neg[k].n; i++) {
			if (r[k][0].o[i].top_match)
				worst[nworst++] = (struct worst){k, i, r[k][0].o[i].top_score,
								 r[k][1].o[i].top_score};
		}
	}
	qsort(worst, nworst, sizeof(*worst), cmp_worst);
	fprintf(out, "\nThe %d worst false positives (name only; highest score first, then "
		"highest score with dob+country; a query flagged on the same entity in several "
		"rows is shown once):\n\n| set | query | script | rows (all sets) | best result | "
		"matched name | score | score with dob+country |\n"
		"|---|---|---|---|---|---|---|---|\n",
		WORST_SHOWN);
	for (size_t w = 0; w < nworst && shown < WORST_SHOWN; w++) {
		const person_row *p = &neg[worst[w].set].rows[worst[w].row];
		const outcome *o = &r[worst[w].set][0].o[worst[w].row];
		size_t same = 0;
		bool seen = false;

		for (size_t v = 0; v < nworst; v++) {
			const person_row *q = &neg[worst[v].set].rows[worst[v].row];
			bool eq = strcmp(q->name, p->name) == 0 &&
				  r[worst[v].set][0].o[worst[v].row].top == o->top;
			seen |= eq && v < w;
			same += eq;
		}
		if (seen)
			continue;
		shown++;
		fprintf(out, "| %s | ", neg[worst[w].set].label);
		md_cell(out, p->name);
		fprintf(out, " | %s | %zu | ", lk_script_name(p->script), same);
		md_cell(out, o->top->caption);
		fprintf(out, " (%s) | ", o->top->id);
		md_cell(out, o->top_name);
		fprintf(out, " | %.3f | %.3f |\n", o->top_score, worst[w].with_dob);
	}
	if (!nworst)
		fprintf(out, "| (none) | | | | | | | |\n");
	fputc('\n', out);
	free(worst);
}

/*
 * Precision at the threshold: a screened row raises an alert when any result matches. An
 * alert on a positive row is true when a correct entity matches, false otherwise; every alert
 * on a negative row is false. The positives are screened against the production universe
 * here, so that negatives and positives meet the same index.
 */
static void report_precision(FILE *out, const person_set *pos, run pr[2], const person_set *neg,
			     run nr[3][2])
{
	fprintf(out, "| negatives | query | true alerts (positives) | false alerts on positives | "
		"false alerts on negatives | precision | recall at threshold |\n"
		"|---|---|---|---|---|---|---|\n");
	for (int k = 0; k <= 3; k++) {
		for (int f = 0; f < 2; f++) {
			size_t tp = 0, fpp = 0, fpn = 0, map = 0;
			for (size_t i = 0; i < pos->n; i++) {
				const outcome *o = &pr[f].o[i];
				map += pos->rows[i].truth[1] != NULL;
				tp += o->correct_match;
				fpp += o->top_match && !o->correct_match;
			}
			for (int j = 0; j < 3; j++) {
				for (size_t i = 0; (k == 3 || k == j) && i < neg[j].n; i++)
					fpn += nr[j][f].o[i].top_match;
			}
			if (k == 3)
				summary_add("| precision, positives + all negatives, %s | %s |",
					    config_name[f], pct(tp, tp + fpp + fpn));
			fprintf(out, "| %s | %s | %zu | %zu | %zu | %s | %s |\n",
				k == 3 ? "all three" : neg[k].label, config_name[f], tp, fpp, fpn,
				pct(tp, tp + fpp + fpn), pct(tp, map));
		}
	}
	fprintf(out, "\nPer script of the query name (positives and all negatives pooled):\n\n"
		"| script | positive rows | negative rows | precision, name only | precision, with "
		"dob+country |\n|---|---|---|---|---|\n");
	for (int sc = 0; sc < LK_SCRIPT__COUNT; sc++) {
		size_t np = 0, nn = 0, tp[2] = {0, 0}, fp[2] = {0, 0};
		for (size_t i = 0; i < pos->n; i++) {
			if (pos->rows[i].script != (lk_script)sc)
				continue;
			np++;
			for (int f = 0; f < 2; f++) {
				tp[f] += pr[f].o[i].correct_match;
				fp[f] += pr[f].o[i].top_match && !pr[f].o[i].correct_match;
			}
		}
		for (int j = 0; j < 3; j++) {
			for (size_t i = 0; i < neg[j].n; i++) {
				if (neg[j].rows[i].script != (lk_script)sc)
					continue;
				nn++;
				for (int f = 0; f < 2; f++)
					fp[f] += nr[j][f].o[i].top_match;
			}
		}
		if (!np && !nn)
			continue;
		fprintf(out, "| %s | %zu | %zu | %s | %s |\n", lk_script_name((lk_script)sc), np,
			nn,
			np ? pct(tp[0], tp[0] + fp[0]) : "undefined (no positives)",
			np ? pct(tp[1], tp[1] + fp[1]) : "undefined (no positives)");
	}
	fputc('\n', out);
}

/* One line of --details: a missed positive or a flagged negative. */
static void detail_line(FILE *f, const person_set *s, size_t i, int universe, int config,
			const outcome *o, const char *kind)
{
	const person_row *p = &s->rows[i];

	fprintf(f, "%s\t%s\t%zu\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%.3f\t", kind, s->label, i + 2,
		p->name, p->dob, p->country, lk_script_name(p->script),
		universe ? "production" : "UN 2026", config_name[config], o->correct_rank,
		o->correct_score);
	fprintf(f, "%s\t%s\t%s\t%.3f\t%s\n", o->top ? o->top->id : "",
		o->top ? o->top->caption : "", o->top_name ? o->top_name : "", o->top_score,
		o->error ? o->error : "");
}

/*
 * --details FILE: every positive miss and every flagged negative (or failed call) as
 * tab-separated lines, for engineers who want more than the document shows.
 */
static void write_details(const char *path, const person_set *pos, run pr[2][2],
			  const person_set *neg, run nr[3][2])
{
	FILE *f = fopen(path, "w");

	if (!f) {
		fprintf(stderr, "eval: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	fprintf(f, "kind\tset\trow\tquery\tdob\tcountry\tscript\tindex\tquery_kind\t"
		"correct_rank\tcorrect_score\ttop_id\ttop_caption\ttop_matched_name\ttop_score\t"
		"error\n");
	for (int u = 0; u < 2; u++) {
		for (int c = 0; c < 2; c++) {
			for (size_t i = 0; i < pos->n; i++) {
				const outcome *o = &pr[u][c].o[i];
				bool hit = o->correct_rank == 1 && o->top_match;
				if (pos->rows[i].truth[u] && !hit)
					detail_line(f, pos, i, u, c, o, "miss");
			}
		}
	}
	for (int k = 0; k < 3; k++) {
		for (int c = 0; c < 2; c++) {
			for (size_t i = 0; i < neg[k].n; i++) {
				const outcome *o = &nr[k][c].o[i];
				if (o->top_match || o->rc)
					detail_line(f, &neg[k], i, 1, c, o, "flagged");
			}
		}
	}
	if (fclose(f) != 0) {
		fprintf(stderr, "eval: %s: write failed\n", path);
		exit(1);
	}
}

/* ---- transliteration pairs ---- */

typedef struct pair_set {
	const char *label;
	table t;
	size_t total, step, n;    /* rows in the file; every step-th row sampled: n rows */
	char **native;            /* native script, owned (segmented tokens joined) */
	const char **english;
	long *count;              /* how often Wikidata has the pair (1 for google_ar2en) */
	size_t *other;            /* control: the sampled row whose English name is used */
	double *score, *ctrl;
	bool *match, *ctrl_match;
	int *rc;
	double secs;
} pair_set;

/*
 * Wikidata files: "english TAB native characters separated by spaces TAB count", one name
 * token per row (despite the upstream README's full names). google_ar2en: "arabic TAB
 * english". Sample every step-th row so that at most PAIR_SAMPLE rows are compared.
 */
static void pair_set_read(pair_set *s, const char *dir, const char *file, const char *label,
			  bool wikidata)
{
	char *path = path_join(dir, file);
	size_t cap = quick ? QUICK_ROWS : PAIR_SAMPLE; /* quick: the first rows, not a sample */
	uint64_t rng = 0x9E3779B97F4A7C15ull;

	memset(s, 0, sizeof(*s));
	s->label = label;
	table_read_tsv(&s->t, path);
	s->total = s->t.n;
	s->step = s->total > cap && !quick ? (s->total + cap - 1) / cap : 1;
	s->n = (s->total + s->step - 1) / s->step;
	if (s->n > cap)
		s->n = cap;
	s->native = xcalloc(s->n, sizeof(char *));
	s->english = xcalloc(s->n, sizeof(char *));
	s->count = xcalloc(s->n, sizeof(long));
	s->other = xcalloc(s->n, sizeof(size_t));
	s->score = xcalloc(s->n, sizeof(double));
	s->ctrl = xcalloc(s->n, sizeof(double));
	s->match = xcalloc(s->n, sizeof(bool));
	s->ctrl_match = xcalloc(s->n, sizeof(bool));
	s->rc = xcalloc(2 * s->n, sizeof(int));
	for (size_t i = 0; i < s->n; i++) {
		size_t row = i * s->step;
		const char *nat = field(&s->t, row, wikidata ? 1 : 0);
		char *w;

		s->english[i] = field(&s->t, row, wikidata ? 0 : 1);
		s->count[i] = wikidata ? strtol(field(&s->t, row, 2), NULL, 10) : 1;
		s->native[i] = w = xcalloc(strlen(nat) + 1, 1);
		for (; *nat; nat++) {
			if (*nat != ' ' || !wikidata)
				*w++ = *nat;
		}
	}
	/* The control: another sampled row with a different English name, drawn with a fixed
	 * xorshift generator so that every run compares the same pairs. */
	for (size_t i = 0; i < s->n; i++) {
		size_t j = i;
		for (int tries = 0; tries < 32 && s->n > 1; tries++) {
			rng ^= rng << 13;
			rng ^= rng >> 7;
			rng ^= rng << 17;
			j = (size_t)(rng % s->n);
			if (j != i && strcasecmp(s->english[j], s->english[i]) != 0)
				break;
		}
		s->other[i] = j;
	}
	free(path);
}

static void pair_set_free(pair_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->native[i]);
	free(s->native);
	free(s->english);
	free(s->count);
	free(s->other);
	free(s->score);
	free(s->ctrl);
	free(s->match);
	free(s->ctrl_match);
	free(s->rc);
	table_free(&s->t);
}

static void compare_pair(void *ctx, size_t i)
{
	pair_set *s = ctx;
	lk_match_result r;

	s->rc[2 * i] = lk_match_compare(&r, s->native[i], s->english[i], LK_SCHEMA_UNKNOWN,
					LK_MATCH_DEFAULT_THRESHOLD);
	s->score[i] = s->rc[2 * i] ? 0.0 : r.score;
	s->match[i] = !s->rc[2 * i] && r.match;
	s->rc[2 * i + 1] = lk_match_compare(&r, s->native[i], s->english[s->other[i]],
					    LK_SCHEMA_UNKNOWN, LK_MATCH_DEFAULT_THRESHOLD);
	s->ctrl[i] = s->rc[2 * i + 1] ? 0.0 : r.score;
	s->ctrl_match[i] = !s->rc[2 * i + 1] && r.match;
}

static void pair_set_run(pair_set *s)
{
	double t0 = now_s();
	parallel_for(s->n, compare_pair, s);
	s->secs = now_s() - t0;
	fprintf(stderr, "eval: %s: %zu pairs in %.1f s\n", s->label, s->n, s->secs);
}

static void report_pairs(FILE *out, pair_set *sets, size_t nsets)
{
	fprintf(out, "| set | rows | sampled (every k-th) | matched | matched, weighted by "
		"count | score p10 / p25 / median / p75 / p90 | control: matched | control: "
		"median score | errors |\n|---|---|---|---|---|---|---|---|---|\n");
	for (size_t k = 0; k < nsets; k++) {
		pair_set *s = &sets[k];
		double *sorted = xcalloc(s->n, sizeof(double));
		double *csorted = xcalloc(s->n, sizeof(double));
		size_t m = 0, cm = 0, err = 0;
		long wsum = 0, wm = 0;

		for (size_t i = 0; i < s->n; i++) {
			m += s->match[i];
			cm += s->ctrl_match[i];
			err += (s->rc[2 * i] != 0) + (s->rc[2 * i + 1] != 0);
			wsum += s->count[i];
			wm += s->match[i] ? s->count[i] : 0;
			sorted[i] = s->score[i];
			csorted[i] = s->ctrl[i];
		}
		qsort(sorted, s->n, sizeof(double), cmp_double);
		qsort(csorted, s->n, sizeof(double), cmp_double);
		summary_add("| %s: pairs matched (control: another name) | %s (%s) |", s->label,
			    pct(m, s->n), pct(cm, s->n));
		fprintf(out, "| %s | %zu | %zu (k=%zu) | %s | %.1f %% | %.2f / %.2f / %.2f / "
			"%.2f / %.2f | %s | %.2f | %zu |\n", s->label, s->total, s->n, s->step,
			pct(m, s->n), wsum ? 100.0 * (double)wm / (double)wsum : 0.0,
			quantile(sorted, s->n, 0.1), quantile(sorted, s->n, 0.25),
			quantile(sorted, s->n, 0.5), quantile(sorted, s->n, 0.75),
			quantile(sorted, s->n, 0.9), pct(cm, s->n),
			quantile(csorted, s->n, 0.5), err);
		free(sorted);
		free(csorted);
	}
	fprintf(out, "\nExamples of pairs that do not match (the first 6 of each set, in sample "
		"order; the Wikidata sets hold some misaligned rows, which no matcher should "
		"match):\n\n| set | native | English | score |\n|---|---|---|---|\n");
	for (size_t k = 0; k < nsets; k++) {
		for (size_t i = 0, shown = 0; i < sets[k].n && shown < 6; i++) {
			if (sets[k].match[i])
				continue;
			shown++;
			fprintf(out, "| %s | ", sets[k].label);
			md_cell(out, sets[k].native[i]);
			fputs(" | ", out);
			md_cell(out, sets[k].english[i]);
			fprintf(out, " | %.3f |\n", sets[k].score[i]);
		}
	}
	fputc('\n', out);
}

/* ---- watchman's cross-script pairs: "Query,Expected Match,Min Score,Description" ---- */

static void report_cross(FILE *out, const char *path)
{
	table t;
	size_t pass = 0, match = 0, n = 0;

	table_read_csv(&t, path);
	fprintf(out, "| query | expected | their minimum | score | score >= minimum | match "
		"at %.2f | description |\n|---|---|---|---|---|---|---|\n",
		LK_MATCH_DEFAULT_THRESHOLD);
	for (size_t i = 0; i < t.n; i++) {
		lk_match_result r;
		double min = strtod(field(&t, i, 2), NULL);
		int rc;

		if (t.nfields[i] < 3 || strcmp(field(&t, i, 0), "Query") == 0)
			continue;
		rc = lk_match_compare(&r, field(&t, i, 0), field(&t, i, 1), LK_SCHEMA_UNKNOWN,
				      LK_MATCH_DEFAULT_THRESHOLD);
		n++;
		pass += !rc && r.score >= min;
		match += !rc && r.match;
		fputs("| ", out);
		md_cell(out, field(&t, i, 0));
		fputs(" | ", out);
		md_cell(out, field(&t, i, 1));
		fprintf(out, " | %.2f | ", min);
		if (rc)
			fprintf(out, "error: %s | fail | no | ", lk_strerror(rc));
		else
			fprintf(out, "%.3f | %s | %s | ", r.score,
				r.score >= min ? "pass" : "**fail**", r.match ? "yes" : "**no**");
		for (size_t j = 3; j < t.nfields[i]; j++) { /* descriptions may hold commas */
			fputs(j > 3 ? ", " : "", out);
			md_cell(out, field(&t, i, j));
		}
		fputs(" |\n", out);
	}
	fprintf(out, "\n%s of the pairs reach their minimum score; %s match at the threshold.\n\n",
		pct(pass, n), pct(match, n));
	summary_add("| watchman cross-script pairs: score >= their minimum / match | %s / %s |",
		    pct(pass, n), pct(match, n));
	table_free(&t);
}

/* ---- the document ---- */

static void usage(void)
{
	fprintf(stderr, "usage: eval [--quick] [--out FILE] [--details FILE] [--data DIR] "
		"[--threads N] [--commit REV]\n  runs the development sets of DIR/eval (default "
		"$LOOKOUT_DATA, else ../shared/data) and writes the report to FILE (default "
		"stdout);\n  --details writes every missed positive and flagged negative as TSV\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *data = getenv("LOOKOUT_DATA"), *outpath = NULL, *commit = NULL;
	const char *details = NULL;
	static const char *const neg_files[3][2] = {
		{"negatives_global.csv", "negatives_global"},
		{"negatives_us.csv", "negatives_us"},
		{"positives_us_congress_untreated.csv", "us_congress"}};
	static const char *const pair_files[4][2] = {
		{"wd_korean_80", "wd_korean_80"}, {"wd_russian_80", "wd_russian_80"},
		{"wd_arabic_80", "wd_arabic_80"},
		{"google_ar2en/ar2en-eval.txt", "google_ar2en eval"}};
	lk_list *lists[3];
	lk_index *un, *prod;
	name_map un_names, prod_names;
	person_set pos, untreated, neg[3];
	pair_set pairs[4];
	run pos_run[2][2], neg_run[3][2];
	char *eval_dir, *dir, when[64];
	FILE *out, *body;
	char *text = NULL;
	size_t textlen = 0;
	double t0 = now_s();
	time_t now = time(NULL);

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--quick") == 0)
			quick = true;
		else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
			outpath = argv[++i];
		else if (strcmp(argv[i], "--data") == 0 && i + 1 < argc)
			data = argv[++i];
		else if (strcmp(argv[i], "--details") == 0 && i + 1 < argc)
			details = argv[++i];
		else if (strcmp(argv[i], "--commit") == 0 && i + 1 < argc)
			commit = argv[++i];
		else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
			nthreads = atoi(argv[++i]);
		else
			usage();
	}
	if (!data || !*data)
		data = "../shared/data";
	if (nthreads < 1 || nthreads > 16)
		usage();
	eval_dir = path_join(data, "eval");

	/* The UN index alone, and the production universe. */
	lists[0] = parse_list(data, UN_LIST);
	lists[1] = parse_list(data, OFAC_LIST);
	lists[2] = parse_list(data, UK_LIST);
	un = build_index(lists, 1);
	prod = build_index(lists, 3);
	for (int i = 0; i < 3; i++)
		lk_list_free(lists[i]);
	name_map_build(&un_names, un);
	name_map_build(&prod_names, prod);

	/* Positives: treated names are the queries, the row-aligned untreated names say which
	 * entity is meant. */
	dir = path_join(eval_dir, "yente_benchmark");
	person_set_read(&pos, dir, "positives_un_treated.csv", "un_positives");
	person_set_read(&untreated, dir, "positives_un_untreated.csv", "un_untreated");
	if (untreated.n != pos.n) {
		fprintf(stderr, "eval: treated and untreated UN positives differ in length\n");
		return 1;
	}
	for (size_t i = 0; i < pos.n; i++) {
		pos.rows[i].untreated = untreated.rows[i].name;
		pos.rows[i].untreated_dob = untreated.rows[i].dob;
		pos.rows[i].truth[0] = name_map_get(&un_names, untreated.rows[i].name);
		pos.rows[i].truth[1] = name_map_get(&prod_names, untreated.rows[i].name);
	}
	for (int u = 0; u < 2; u++) {
		for (int f = 0; f < 2; f++)
			pos_run[u][f].o = screen_set(u ? prod : un, u, &pos, f,
						     &pos_run[u][f].secs);
	}
	for (int k = 0; k < 3; k++) {
		person_set_read(&neg[k], dir, neg_files[k][0], neg_files[k][1]);
		for (int f = 0; f < 2; f++)
			neg_run[k][f].o = screen_set(prod, 1, &neg[k], f, &neg_run[k][f].secs);
	}
	free(dir);
	if (details)
		write_details(details, &pos, pos_run, neg, neg_run);
	dir = path_join(eval_dir, "transliteration");
	for (int k = 0; k < 4; k++) {
		pair_set_read(&pairs[k], dir, pair_files[k][0], pair_files[k][1], k < 3);
		pair_set_run(&pairs[k]);
	}
	free(dir);

	/* The sections go to memory first: the summary above them is collected as they are
	 * written. */
	if (!(body = open_memstream(&text, &textlen)))
		die("out of memory");
	out = body;
	fprintf(out, "## 1. UN positives (yente benchmark)\n\n`positives_un_treated.csv` holds "
		"perturbed versions (typos, reorderings, truncations) of the UN names in the "
		"row-aligned `positives_un_untreated.csv`. Each treated name is screened as a "
		"Person (limit %d). The correct entities of a row are those of the index that "
		"carry its untreated name (name, alias, weak alias or previous name): the same "
		"words after `lk_text_latinize`, in any order (lists write \"AWEYS, Hassan "
		"Dahir\"). *recall@1*: a correct entity is the best result; *and match*: it also "
		"reaches the threshold. The second query of each index adds the row's birth date "
		"and nationality.\n\n", LK_MATCH_DEFAULT_LIMIT);
	report_positives(out, &pos, pos_run);

	fprintf(out, "## 2. Negatives\n\n`negatives_global.csv` and `negatives_us.csv` are "
		"synthetic people (50,000 each) that are on no list; "
		"`positives_us_congress_untreated.csv` holds members of the US Congress, positives "
		"of the yente benchmark for its PEP data but on none of the sanctions lists here, "
		"so they are negatives too (common US names: a hard case). Each row is screened as "
		"a Person against the production universe; a row is *flagged* when its best result "
		"is a match. The script is that of the query name (`lk_text_script`). A flagged "
		"negative may be a namesake: the synthetic names include common ones "
		"(김성훈, 张伟) that are, letter for letter, names of listed people; only the "
		"birth date and nationality can tell them apart, which is what the second column "
		"measures.\n\n");
	report_negatives(out, neg, neg_run);

	fprintf(out, "## 3. Precision\n\nPositives (the UN positives, screened against the "
		"production universe, where the correct entities are those carrying the untreated "
		"name in any of the three lists) pooled with each negative set. Precision depends "
		"on the mix: %zu positive rows against up to %zu negatives.\n\n",
		pos.n, neg[0].n + neg[1].n + neg[2].n);
	report_precision(out, &pos, pos_run[1], neg, neg_run);

	fprintf(out, "## 4. Transliteration pairs\n\nEach pair is compared with "
		"`lk_match_compare(native, english)` (schema unknown). Wikidata sets: one name "
		"token per row, native characters joined; *weighted by count* weighs a pair by how "
		"often Wikidata has it. google_ar2en: the eval split of Arabic -> English words. "
		"The control compares each native name with the English name of another sampled "
		"row of the same set (a fixed pseudo-random draw); it should rarely match.\n\n");
	report_pairs(out, pairs, 4);

	fprintf(out, "## 5. Cross-script pairs (watchman)\n\n`watchman_cross_script_pairs.csv`: "
		"each pair with the minimum score watchman expects of its own model, compared with "
		"`lk_match_compare` (schema unknown). Their minimums were set for another scorer's "
		"scale, so both columns are shown.\n\n");
	dir = path_join(eval_dir, "watchman_cross_script_pairs.csv");
	report_cross(out, dir);
	free(dir);
	fclose(body);
	out = stdout;
	if (outpath && !(out = fopen(outpath, "w"))) {
		fprintf(stderr, "eval: %s: %s\n", outpath, strerror(errno));
		return 1;
	}
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", gmtime(&now));
	fprintf(out, "# Evaluation\n\nGenerated on %s%s%s by `", when,
		commit ? " at commit " : "", commit ? commit : "");
	for (int i = 0; i < argc; i++)
		fprintf(out, "%s%s", i ? " " : "", argv[i]);
	fprintf(out, "` with `LOOKOUT_DATA=%s`, in %.0f s on %d threads. `make eval` rewrites "
		"this file: do not edit it.\n\n**Default threshold: %.2f** "
		"(`LK_MATCH_DEFAULT_THRESHOLD`): a result is a match when its score reaches it. "
		"Every rate below is at this threshold.\n\n",
		data, now_s() - t0, nthreads, LK_MATCH_DEFAULT_THRESHOLD);
	if (quick)
		fprintf(out, "**Quick mode: only the first %d rows of each set. These numbers are "
			"a sanity check, not the evaluation.**\n\n", QUICK_ROWS);
	fprintf(out, "The sets in `$LOOKOUT_DATA/eval` are for development; Lookout is also "
		"judged on real cases that are not there. The harness (`tools/eval.c`) runs every "
		"row of a set through the same public call (`lk_match_screen` or "
		"`lk_match_compare`) and never treats a row specially.\n\n## Summary\n\n"
		"| measure | value |\n|---|---|\n");
	for (int i = 0; i < nsummary; i++)
		fprintf(out, "%s\n", summary[i]);
	fprintf(out, "\nIndexes (built with `lk_index_build_from_lists` from `%s`; production adds "
		"`%s` and `%s`):\n\n| index | entities | names | keys | postings | MiB | build s "
		"|\n|---|---|---|---|---|---|---|\n", UN_LIST, OFAC_LIST, UK_LIST);
	report_index(out, "UN 2026", un);
	report_index(out, "production", prod);
	fputc('\n', out);
	fwrite(text, 1, textlen, out);
	free(text);
	if (out != stdout && fclose(out) != 0) {
		fprintf(stderr, "eval: %s: write failed\n", outpath);
		return 1;
	}
	fprintf(stderr, "eval: done in %.0f s%s%s\n", now_s() - t0, outpath ? ", wrote " : "",
		outpath ? outpath : "");

	for (int u = 0; u < 2; u++) {
		for (int f = 0; f < 2; f++)
			run_free(&pos_run[u][f], pos.n);
	}
	for (int k = 0; k < 3; k++) {
		for (int f = 0; f < 2; f++)
			run_free(&neg_run[k][f], neg[k].n);
		person_set_free(&neg[k]);
	}
	for (int k = 0; k < 4; k++)
		pair_set_free(&pairs[k]);
	person_set_free(&pos);
	person_set_free(&untreated);
	name_map_free(&un_names);
	name_map_free(&prod_names);
	lk_index_unref(un);
	lk_index_unref(prod);
	free(eval_dir);
	return 0;
}
