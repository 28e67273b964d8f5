/*
 * report_int.h - the report's model, shared by the code that fills it from the store
 * (gather_*.c) and the renderers (render_html.c, render_csv.c). Everything lives in one arena.
 */
#ifndef LOOKOUT_REPORT_INT_H
#define LOOKOUT_REPORT_INT_H

#include <stdio.h>

#include "lookout/arena.h"
#include "lookout/report.h"
#include "lookout/store.h"

typedef enum rp_change_kind { RP_ADDED = 0, RP_REMOVED, RP_CHANGED, RP__KINDS } rp_change_kind;

/* One entity added, removed or changed between two versions. */
typedef struct rp_change {
	const char *id;
	const char *name;   /* the entity's caption, or its id if unknown */
	const char *schema; /* "Person", ... or "" */
	const char *detail; /* changed: the properties that differ, comma-separated; else "" */
} rp_change;

/* One version imported in the period, with its diff against the version before it. */
typedef struct rp_version {
	lk_version_info v;
	bool has_prev;
	lk_version_info prev;
	rp_change *changes[RP__KINDS];
	size_t nchanges[RP__KINDS];
	size_t unchanged;
} rp_version;

/* One list update attempt from the audit trail (accepted or not). */
typedef struct rp_update {
	const char *at, *source, *outcome, *reason, *actor;
} rp_update;

/* One decision on an alert. */
typedef struct rp_decision {
	const char *at, *decision, *by, *reason;
} rp_decision;

/* One alert raised in the period (or decided in it). */
typedef struct rp_alert {
	int64_t id;
	const char *customer_ref, *customer_name;
	const char *entity_id, *entity_name, *source;
	double score;
	const char *status, *created_at, *explanation;
	const char *closed_reason; /* why it was closed ("" unless closed) */
	rp_decision *decisions;
	size_t ndecisions;
} rp_alert;

typedef struct rp_report {
	lk_arena *arena;
	const char *title;
	char since[32];
	char generated_at[32];
	size_t max_names;
	rp_version *versions;
	size_t nversions;
	rp_update *updates;
	size_t nupdates;
	bool have_alerts; /* the store keeps alerts (else the section says so) */
	rp_alert *alerts;
	size_t nalerts;
} rp_report;

/* Fill r->versions: every version imported at or after r->since, with its diff. */
int lk_report__gather_lists(rp_report *r, lk_store *s);

/* Fill r->updates and r->alerts where the store has them (no-ops otherwise). */
int lk_report__gather_audit(rp_report *r, lk_store *s);
int lk_report__gather_alerts(rp_report *r, lk_store *s);

int lk_report__render_html(const rp_report *r, FILE *out);
int lk_report__render_csv(const rp_report *r, FILE *out);

#endif
