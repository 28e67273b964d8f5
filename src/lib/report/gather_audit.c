/*
 * gather_audit.c - the parts of the report that come from the monitoring records: list
 * update attempts (the "list.update" records of the audit trail, accepted or not, with the
 * reason of a refusal) and alerts with their decisions.
 *
 * Alerts come from the monitor (monitor.h): those raised, re-opened, closed or decided in the
 * period, each with all its decisions.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lookout/audit.h"
#include "lookout/error.h"
#include "lookout/monitor.h"
#include "report_int.h"

static const char *dup_or_empty(lk_arena *a, const char *s)
{
	return lk_arena_strdup(a, s ? s : "");
}

int lk_report__gather_audit(rp_report *r, lk_store *s)
{
	lk_audit_record *recs = NULL;
	size_t n = 0, cap = 0;
	int rc = lk_audit_records(s, 0, 0, &recs, &n);

	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n && rc == 0; i++) {
		rp_update *u;
		json_t *d;

		if (strcmp(recs[i].action, "list.update") != 0 || strcmp(recs[i].at, r->since) < 0)
			continue;
		if (r->nupdates == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			rp_update *nu = lk_arena_grow(r->arena, r->updates, cap, ncap, sizeof(rp_update));

			if (!nu) {
				rc = lk_error_set(LK_ENOMEM, "out of memory");
				break;
			}
			r->updates = nu;
			cap = ncap;
		}
		u = &r->updates[r->nupdates++];
		d = json_loads(recs[i].detail, 0, NULL);
		u->at = dup_or_empty(r->arena, recs[i].at);
		u->source = dup_or_empty(r->arena, recs[i].subject);
		u->actor = dup_or_empty(r->arena, recs[i].actor);
		u->outcome = dup_or_empty(r->arena, json_string_value(json_object_get(d, "outcome")));
		u->reason = dup_or_empty(r->arena, json_string_value(json_object_get(d, "reason")));
		json_decref(d);
		if (!u->at || !u->source || !u->actor || !u->outcome || !u->reason)
			rc = lk_error_set(LK_ENOMEM, "out of memory");
	}
	lk_audit_records_free(recs, n);
	return rc;
}

/* The alert's explanation (JSON, lk_explanation_to_json) in words, in the arena. */
static const char *explain_text(lk_arena *a, const char *json)
{
	json_t *x = json_loads(json ? json : "", 0, NULL);
	lk_buf b;
	lk_buf_init(&b, 1u << 16);
	const char *q = json_string_value(json_object_get(x, "query_name"));
	const char *m = json_string_value(json_object_get(x, "matched_name"));
	if (q && m)
		lk_buf_printf(&b, "'%s' ~ listed '%s' (name score %.2f)\n", q, m,
		              json_number_value(json_object_get(x, "name_score")));
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(x, "features"), i, f) {
		const char *detail = json_string_value(json_object_get(f, "detail"));
		if (detail)
			lk_buf_printf(&b, "%+.2f %s\n", json_number_value(json_object_get(f, "delta")),
			              detail);
	}
	json_decref(x);
	const char *out = lk_arena_strdup(a, lk_buf_cstr(&b));
	lk_buf_dispose(&b);
	return out;
}

/* Alerts raised, re-opened, closed or decided at or after r->since, with their decisions. */
int lk_report__gather_alerts(rp_report *r, lk_store *s)
{
	lk_alert *v = NULL;
	size_t n = 0;
	int rc = lk_alerts_list(s, -1, &v, &n);
	if (rc < 0)
		return rc;
	r->have_alerts = true;
	size_t cap = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		lk_decision *d = NULL;
		size_t nd = 0;
		if ((rc = lk_alert_decisions(s, v[i].id, &d, &nd)) < 0)
			break;
		bool recent = strcmp(v[i].updated_at, r->since) >= 0;
		for (size_t k = 0; k < nd && !recent; k++)
			recent = strcmp(d[k].at, r->since) >= 0;
		if (!recent) {
			lk_decisions_free(d, nd);
			continue;
		}
		if (r->nalerts == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			rp_alert *na = lk_arena_grow(r->arena, r->alerts, cap, ncap, sizeof(rp_alert));
			if (!na) {
				lk_decisions_free(d, nd);
				rc = lk_error_set(LK_ENOMEM, "out of memory");
				break;
			}
			r->alerts = na;
			cap = ncap;
		}
		rp_alert *a = &r->alerts[r->nalerts++];
		memset(a, 0, sizeof *a);
		lk_customer c;
		a->id = v[i].id;
		a->customer_ref = dup_or_empty(r->arena, v[i].customer_ref);
		a->customer_name = dup_or_empty(r->arena, lk_customer_get(s, v[i].customer_ref, &c) == 0
		                                              ? c.name : "");
		lk_customer_dispose(&c);
		a->entity_id = dup_or_empty(r->arena, v[i].entity_id);
		a->entity_name = dup_or_empty(r->arena, v[i].entity_caption);
		a->source = dup_or_empty(r->arena, v[i].source);
		a->score = v[i].score;
		a->status = dup_or_empty(r->arena, lk_alert_status_name(v[i].status));
		a->created_at = dup_or_empty(r->arena, v[i].created_at);
		a->explanation = explain_text(r->arena, v[i].explanation);
		a->closed_reason = dup_or_empty(r->arena, v[i].closed_reason);
		a->decisions = nd ? lk_arena_alloc(r->arena, nd * sizeof *a->decisions) : NULL;
		for (size_t k = 0; a->decisions && k < nd; k++) {
			a->decisions[k] = (rp_decision){
				dup_or_empty(r->arena, d[k].at), dup_or_empty(r->arena,
				                                              lk_decision_name(d[k].decision)),
				dup_or_empty(r->arena, d[k].by), dup_or_empty(r->arena, d[k].reason)};
		}
		a->ndecisions = a->decisions ? nd : 0;
		lk_decisions_free(d, nd);
		if (!a->customer_ref || !a->entity_id || !a->status || !a->explanation ||
		    !a->closed_reason)
			rc = lk_error_set(LK_ENOMEM, "out of memory");
	}
	lk_alerts_free(v, n);
	return rc;
}
