/*
 * cli_batch.h - batch input for `lookout screen --batch` and `lookout compare --batch`: rows
 * read from CSV or JSON lines, and a pipeline that processes them on several threads and
 * writes one output record per row, in input order.
 *
 * Input rows are untrusted: every value is bounded (CLI_BATCH_MAX_FIELD bytes, at most
 * CLI_BATCH_MAX_VALUES values per column, CLI_BATCH_MAX_ROW bytes per row). A malformed row
 * (wrong column count, invalid UTF-8, an over-long field, a JSON line that is not an object)
 * is not fatal: it comes back with its error message so that the command reports it in its
 * output and reads on. Only a broken input (unreadable, a CSV header without the required
 * columns, a quoted field never closed) stops the run.
 */
#ifndef LOOKOUT_CLI_BATCH_H
#define LOOKOUT_CLI_BATCH_H

#include "cli.h"

#define CLI_BATCH_MAX_COLUMNS 8
#define CLI_BATCH_MAX_VALUES 16
#define CLI_BATCH_MAX_FIELD 4096
#define CLI_BATCH_MAX_ROW 16384
#define CLI_BATCH_MAX_LINE (64u * 1024) /* a JSON line */
#define CLI_BATCH_MAX_THREADS 256

typedef enum cli_batch_format { CLI_BATCH_CSV, CLI_BATCH_JSONL } cli_batch_format;

/* A column the command understands: its header name (case-insensitive) or JSON key. */
typedef struct cli_batch_column {
	const char *name;  /* "name" */
	bool required;     /* the CSV header must have it */
	bool multi;        /* a JSON array of values is allowed (several names, dates, ...) */
	bool numbers;      /* a JSON integer is taken as its decimal text (ids, refs) */
} cli_batch_column;

/* One input row. Values are trimmed and never empty; empty cells give no value. */
typedef struct cli_batch_row {
	long row;      /* 1-based number of the data row (the CSV header is not a row) */
	long line;     /* the input line it starts on */
	char error[480]; /* the row is malformed: why ("line 7: ..."), else "" */
	size_t n[CLI_BATCH_MAX_COLUMNS];                        /* values per column */
	const char *v[CLI_BATCH_MAX_COLUMNS][CLI_BATCH_MAX_VALUES]; /* pointing into data */
	char *data;    /* the values, NUL-separated (malloc'd) */
} cli_batch_row;

typedef struct cli_batch_reader cli_batch_reader;

/*
 * Open path ("-" is standard input) and detect its format from the content: a first
 * character (after a byte-order mark and blank space) of '{' means JSON lines, anything else
 * CSV, whose separator is ',' unless the header line has none and has ';' or tabs. cols
 * (ncols <= CLI_BATCH_MAX_COLUMNS) are the columns the command reads; row values come in
 * their order. For CSV the header is read here. Returns 0, LK_EIO, or LK_EINVALID for a CSV
 * header that lacks a required column or an empty input.
 */
int cli_batch_open(cli_batch_reader **out, const char *path, const cli_batch_column *cols,
                   size_t ncols);
void cli_batch_close(cli_batch_reader *r);

cli_batch_format cli_batch_format_of(const cli_batch_reader *r);

/* The input's size in bytes (0 if unknown) and how much has been read, for progress. */
uint64_t cli_batch_size(const cli_batch_reader *r);
uint64_t cli_batch_consumed(const cli_batch_reader *r);

/*
 * Read the next row into *row (which the caller releases with cli_batch_row_dispose).
 * Returns 1 for a row (with row->error saying why if it is malformed), 0 at the end, or a
 * negative error that stops the run (recorded with lk_error_set).
 */
int cli_batch_next(cli_batch_reader *r, cli_batch_row *row);
void cli_batch_row_dispose(cli_batch_row *row);

/* ---- the pipeline ---- */

/* What processing one row gives: its output record and how it went. */
typedef struct cli_batch_out {
	lk_buf text;   /* the output record, with its line end */
	bool match;    /* the row matched (counted in the summary) */
	bool error;    /* the row was malformed or could not be processed */
} cli_batch_out;

/*
 * Process one row: append its output record to out->text and set out->match/out->error.
 * Called from worker threads at the same time for different rows, so it may only read ctx.
 * Returns 0 (also for a row error, which is output), or a negative error that stops the run
 * (out of memory).
 */
typedef int (*cli_batch_fn)(void *ctx, const cli_batch_row *row, cli_batch_out *out);

typedef struct cli_batch_stats {
	uint64_t rows;
	uint64_t matches;
	uint64_t errors;
	double seconds;
} cli_batch_stats;

/*
 * Read every row of r, process it with fn on `threads` threads and write the records to f in
 * input order, after header (may be NULL). progress may be NULL. Returns 0 or the first
 * fatal error; stats are filled either way.
 */
int cli_batch_run(cli_batch_reader *r, cli_batch_fn fn, void *ctx, unsigned threads,
                  FILE *f, const char *header, cli_progress *progress, cli_batch_stats *stats);

/* The number of threads to use by default: the online processors (at least 1). */
unsigned cli_batch_default_threads(void);

/* Print "N rows in S s (R rows/s): M matched, E errors" to stderr. */
void cli_batch_print_summary(const char *what, const cli_batch_stats *s);

/* ---- output helpers ---- */

/* Append s to b as a CSV field (quoted when it holds the separator, a quote or a line end). */
int cli_csv_put(lk_buf *b, const char *s);

/* Dump v compactly (one line, reals with 6 significant digits) to b, with a newline. */
int cli_json_put_line(lk_buf *b, const json_t *v);

#endif
