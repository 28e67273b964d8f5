/*
 * api_audit.c - the audit trail over HTTP: /audit/verify recomputes the hash chain and says
 * whether it is intact (and where it breaks); /audit lists records after a sequence number
 * (admin: the records name keys and customers).
 */
#include <stdlib.h>
#include <string.h>

#include "server.h"
#include "lookout/audit.h"

void api_audit_verify(srv_state *s, srv_req *r)
{
	lk_store *store = srv_store(r);
	lk_audit_verify_result v;
	int rc;

	(void)s;
	if (!store)
		return;
	memset(&v, 0, sizeof v);
	if ((rc = lk_audit_verify(store, &v)) < 0) {
		srv_lk_error(r, rc);
		return;
	}
	srv_json(r, 200,
	         json_pack("{s:b,s:I,s:I,s:s?,s:s?}", "ok", v.ok, "records", (json_int_t)v.records,
	                   "first_bad", (json_int_t)v.first_bad, "reason",
	                   v.reason[0] ? v.reason : NULL, "head", v.head[0] ? v.head : NULL));
}

void api_audit_records(srv_state *s, srv_req *r)
{
	lk_store *store = srv_store(r);
	lk_audit_record *recs = NULL;
	size_t n = 0;
	long after, limit;
	json_t *a;
	int rc;

	(void)s;
	if (!store || !srv_arg_int(r, "after", 0, 0, 0x7fffffffL, &after) ||
	    !srv_arg_int(r, "limit", 100, 1, 10000, &limit))
		return;
	if ((rc = lk_audit_records(store, after, (size_t)limit, &recs, &n)) < 0) {
		srv_lk_error(r, rc);
		return;
	}
	a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *detail = json_loads(recs[i].detail ? recs[i].detail : "{}", 0, NULL);

		json_array_append_new(
			a, json_pack("{s:I,s:s,s:s,s:s,s:s,s:o,s:s,s:s}", "seq", (json_int_t)recs[i].seq,
		                 "at", recs[i].at, "action", recs[i].action ? recs[i].action : "",
		                 "actor", recs[i].actor ? recs[i].actor : "", "subject",
		                 recs[i].subject ? recs[i].subject : "", "detail",
		                 detail ? detail : json_object(), "prev_hash", recs[i].prev_hash,
		                 "hash", recs[i].hash));
	}
	lk_audit_records_free(recs, n);
	srv_json(r, 200, json_pack("{s:o}", "records", a));
}
