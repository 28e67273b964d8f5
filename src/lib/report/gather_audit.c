/*
 * gather_audit.c - the parts of the report that come from the monitoring records: list
 * update attempts (the "list.update" records of the audit trail, accepted or not, with the
 * reason of a refusal) and alerts with their decisions.
 *
 * Until the store keeps alerts, have_alerts stays false and the report says so instead of
 * showing an empty table as if monitoring had run and found nothing.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lookout/audit.h"
#include "lookout/error.h"
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

int lk_report__gather_alerts(rp_report *r, lk_store *s)
{
	(void)s;
	r->have_alerts = false;
	return 0;
}
