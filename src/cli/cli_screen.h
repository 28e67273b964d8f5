/*
 * cli_screen.h - between cmd_screen.c (options, one party) and cmd_screen_batch.c (a file of
 * parties).
 */
#ifndef LOOKOUT_CLI_SCREEN_H
#define LOOKOUT_CLI_SCREEN_H

#include "cli_match.h"

/* Results per row of --batch unless --limit says otherwise. */
#define CLI_SCREEN_BATCH_LIMIT 5

typedef struct cli_screen_opts {
	lk_query query;       /* schema, threshold, limit and sources; the rest comes per row */
	const char *batch;    /* --batch FILE */
	const char *out;      /* --out FILE, or NULL for stdout */
	const char *format;   /* --format jsonl|csv, or NULL */
	const char *threads;  /* --threads N, or NULL */
	bool explain;         /* --explain */
} cli_screen_opts;

/* `lookout screen --batch`: returns 0, CLI_EXIT_ROW_ERRORS, or a negative error. */
int cli_screen_batch(cli_ctx *ctx, const cli_screen_opts *o);

#endif
