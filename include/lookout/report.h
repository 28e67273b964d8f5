/*
 * report.h - the compliance report: what changed on the lists over a period, which alerts
 * were raised, what was decided, by whom and why.
 *
 * lk_report_write() reads the store (list versions and their diffs; alerts, decisions and
 * the audit trail when the store has them) and writes one document:
 *
 *   HTML  self-contained (inline CSS, no scripts, no external resources), meant to be read
 *         and printed by a compliance officer: a summary table, then the list changes per
 *         imported version (counts, and the names added, removed and changed), then the
 *         details of each alert with its decisions.
 *   CSV   one row per fact, for spreadsheets and scripts (RFC 4180, UTF-8, header row; text
 *         cells that a spreadsheet would run as a formula - starting with = + - @ - get a
 *         leading apostrophe). Columns:
 *           section, at, source, version, entity_id, entity_name, schema, change, detail,
 *           alert_id, customer_ref, score, status, by, reason
 *         section is "version" (a version imported: change = imported, detail = counts),
 *         "entity" (change = added | removed | changed, detail = the changed properties),
 *         "alert" (reason: why a closed alert was closed), "decision" (status = the
 *         decision, by, reason) or "update" (a list update attempt from the audit trail).
 *
 * Memory: nothing is returned; the caller owns `out` and closes it.
 */
#ifndef LOOKOUT_REPORT_H
#define LOOKOUT_REPORT_H

#include <stdio.h>

#include "common.h"
#include "store.h"

typedef enum lk_report_format { LK_REPORT_HTML = 0, LK_REPORT_CSV } lk_report_format;

typedef struct lk_report_opts {
	unsigned version;         /* LK_REPORT_OPTS_VERSION */
	const char *since;        /* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ" (UTC); required */
	lk_report_format format;
	const char *title;        /* NULL: "Sanctions monitoring report" */
	size_t max_names;         /* HTML: names listed per change kind and version (0: 100);
	                           * the CSV always lists all of them */
	const char *generated_at; /* NULL: now; a fixed time for reproducible output */
} lk_report_opts;

#define LK_REPORT_OPTS_VERSION 1
#define LK_REPORT_OPTS_INIT {LK_REPORT_OPTS_VERSION, NULL, LK_REPORT_HTML, NULL, 0, NULL}

/*
 * Write the report for everything at or after opts->since to out. Returns 0, LK_EINVALID
 * for a malformed since (message says which form is expected), LK_EIO if writing fails,
 * LK_ESTORE / LK_ENOMEM.
 */
LK_EXTERN(int) lk_report_write(lk_store *s, const lk_report_opts *opts, FILE *out);

/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ" with a plausible date: what since accepts. */
LK_EXTERN(bool) lk_report_since_valid(const char *since);

#endif
