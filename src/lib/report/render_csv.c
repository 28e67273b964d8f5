/*
 * render_csv.c - the report as CSV: one row per fact (see report.h for the columns).
 *
 * RFC 4180 quoting. Text that starts with = + - @ (or a tab or carriage return) gets a
 * leading apostrophe, because spreadsheets run such cells as formulas and list names and
 * decision reasons are input (OWASP's CSV-injection advice).
 */
#include <inttypes.h>
#include <string.h>

#include "lookout/error.h"
#include "report_int.h"

#define NCOLS 15

static const char *const header[NCOLS] = {
	"section", "at", "source", "version", "entity_id", "entity_name", "schema", "change",
	"detail", "alert_id", "customer_ref", "score", "status", "by", "reason"};

typedef struct row {
	const char *cell[NCOLS];
} row;

static bool cell(FILE *f, const char *s)
{
	bool quote = false;

	if (!s)
		s = "";
	if (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
	    s[0] == '\r')
		quote = true;
	for (const char *p = s; *p && !quote; p++)
		quote = *p == ',' || *p == '"' || *p == '\n' || *p == '\r';
	if (!quote)
		return fputs(s, f) != EOF;
	if (fputc('"', f) == EOF)
		return false;
	if ((s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
	     s[0] == '\r') && fputc('\'', f) == EOF)
		return false;
	for (const char *p = s; *p; p++) {
		if (*p == '"' && fputc('"', f) == EOF)
			return false;
		if (fputc(*p, f) == EOF)
			return false;
	}
	return fputc('"', f) != EOF;
}

static bool emit(FILE *f, const row *r)
{
	for (int i = 0; i < NCOLS; i++) {
		if (i && fputc(',', f) == EOF)
			return false;
		if (!cell(f, r->cell[i]))
			return false;
	}
	return fputs("\r\n", f) != EOF;
}

enum { C_SECTION, C_AT, C_SOURCE, C_VERSION, C_ENTITY, C_NAME, C_SCHEMA, C_CHANGE, C_DETAIL,
       C_ALERT, C_CUSTOMER, C_SCORE, C_STATUS, C_BY, C_REASON };

int lk_report__render_csv(const rp_report *r, FILE *f)
{
	static const char *kinds[RP__KINDS] = {"added", "removed", "changed"};
	row h;
	bool ok;

	memcpy(h.cell, header, sizeof(header));
	ok = emit(f, &h);
	for (size_t i = 0; ok && i < r->nversions; i++) {
		const rp_version *v = &r->versions[i];
		char ver[32], detail[256];
		row x = {{0}};

		snprintf(ver, sizeof ver, "%" PRId64, v->v.id);
		if (v->has_prev)
			snprintf(detail, sizeof detail,
			         "%zu entities; replaces version %" PRId64 "; %zu added, %zu removed, "
			         "%zu changed, %zu unchanged",
			         v->v.entities, v->prev.id, v->nchanges[RP_ADDED], v->nchanges[RP_REMOVED],
			         v->nchanges[RP_CHANGED], v->unchanged);
		else
			snprintf(detail, sizeof detail, "%zu entities; first version of the source",
			         v->v.entities);
		x.cell[C_SECTION] = "version";
		x.cell[C_AT] = v->v.imported_at;
		x.cell[C_SOURCE] = v->v.source;
		x.cell[C_VERSION] = ver;
		x.cell[C_CHANGE] = "imported";
		x.cell[C_DETAIL] = detail;
		ok = emit(f, &x);
		if (!v->has_prev)
			continue;
		for (int k = 0; ok && k < RP__KINDS; k++) {
			for (size_t j = 0; ok && j < v->nchanges[k]; j++) {
				const rp_change *c = &v->changes[k][j];
				row e = {{0}};

				e.cell[C_SECTION] = "entity";
				e.cell[C_AT] = v->v.imported_at;
				e.cell[C_SOURCE] = v->v.source;
				e.cell[C_VERSION] = ver;
				e.cell[C_ENTITY] = c->id;
				e.cell[C_NAME] = c->name;
				e.cell[C_SCHEMA] = c->schema;
				e.cell[C_CHANGE] = kinds[k];
				e.cell[C_DETAIL] = c->detail;
				ok = emit(f, &e);
			}
		}
	}
	for (size_t i = 0; ok && i < r->nalerts; i++) {
		const rp_alert *a = &r->alerts[i];
		char id[32], score[32];
		row x = {{0}};

		snprintf(id, sizeof id, "%" PRId64, a->id);
		snprintf(score, sizeof score, "%.4f", a->score);
		x.cell[C_SECTION] = "alert";
		x.cell[C_AT] = a->created_at;
		x.cell[C_SOURCE] = a->source;
		x.cell[C_ENTITY] = a->entity_id;
		x.cell[C_NAME] = a->entity_name;
		x.cell[C_DETAIL] = a->customer_name;
		x.cell[C_ALERT] = id;
		x.cell[C_CUSTOMER] = a->customer_ref;
		x.cell[C_SCORE] = score;
		x.cell[C_STATUS] = a->status;
		x.cell[C_REASON] = a->closed_reason; /* why a closed alert was closed */
		ok = emit(f, &x);
		for (size_t j = 0; ok && j < a->ndecisions; j++) {
			const rp_decision *d = &a->decisions[j];
			row y = {{0}};

			y.cell[C_SECTION] = "decision";
			y.cell[C_AT] = d->at;
			y.cell[C_SOURCE] = a->source;
			y.cell[C_ENTITY] = a->entity_id;
			y.cell[C_ALERT] = id;
			y.cell[C_CUSTOMER] = a->customer_ref;
			y.cell[C_STATUS] = d->decision;
			y.cell[C_BY] = d->by;
			y.cell[C_REASON] = d->reason;
			ok = emit(f, &y);
		}
	}
	for (size_t i = 0; ok && i < r->nupdates; i++) {
		const rp_update *u = &r->updates[i];
		row x = {{0}};

		x.cell[C_SECTION] = "update";
		x.cell[C_AT] = u->at;
		x.cell[C_SOURCE] = u->source;
		x.cell[C_CHANGE] = u->outcome;
		x.cell[C_BY] = u->actor;
		x.cell[C_REASON] = u->reason;
		ok = emit(f, &x);
	}
	if (!ok || fflush(f) != 0)
		return lk_error_set(LK_EIO, "cannot write the report");
	return 0;
}
