/*
 * gather_audit.c - the parts of the report that come from the monitoring records: list
 * update attempts (from the audit trail) and alerts with their decisions.
 *
 * Until the store keeps them these leave the model empty (have_alerts false), and the report
 * says so instead of showing an empty table as if nothing had happened.
 */
#include "report_int.h"

int lk_report__gather_audit(rp_report *r, lk_store *s)
{
	(void)r;
	(void)s;
	return 0;
}

int lk_report__gather_alerts(rp_report *r, lk_store *s)
{
	(void)s;
	r->have_alerts = false;
	return 0;
}
