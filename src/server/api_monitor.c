/*
 * api_monitor.c - monitoring over HTTP, mounted when the library has it (monitor.h):
 * customers (list, upsert one), alerts (the queue by status, one alert with its customer,
 * entity, explanation and decisions) and decisions on alerts. Every write goes through the
 * library with the actor "key:<id>", so it lands in the audit trail with the key that made it.
 */
#include "server.h"

#ifdef SRV_HAVE_MONITOR

#include <stdlib.h>
#include <string.h>

#include "api_query.h"
#include "lookout/monitor.h"

static char *actor_of(srv_req *r, char buf[32])
{
	snprintf(buf, 32, "key:%s", r->key_id[0] ? r->key_id : "anonymous");
	return buf;
}

static json_t *customer_json(const lk_customer *c)
{
	json_t *aliases = json_array();

	for (size_t i = 0; aliases && i < c->naliases; i++)
		json_array_append_new(aliases, json_string(c->aliases[i]));
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:b,s:b,s:s,s:s}", "ref", c->ref, "name",
	                 c->name, "schema", lk_schema_name(c->schema), "dob", c->dob, "country",
	                 c->country, "id", c->ident, "aliases", aliases, "removed", c->removed,
	                 "screened", c->screened, "created_at", c->created_at, "updated_at",
	                 c->updated_at);
}

void api_customers_list(srv_state *s, srv_req *r)
{
	lk_store *store = srv_store(r);
	lk_customer *cs = NULL;
	size_t n = 0;
	long limit, offset;
	const char *removed = srv_arg(r, "removed");
	json_t *a;
	int rc;

	(void)s;
	if (!store || !srv_arg_int(r, "limit", 100, 1, 10000, &limit) ||
	    !srv_arg_int(r, "offset", 0, 0, 0x7fffffffL, &offset))
		return;
	rc = lk_customers_list(store, removed && strcmp(removed, "true") == 0, &cs, &n);
	if (rc < 0) {
		srv_lk_error(r, rc);
		return;
	}
	a = json_array();
	for (size_t i = (size_t)offset; i < n && i < (size_t)(offset + limit); i++)
		json_array_append_new(a, customer_json(&cs[i]));
	lk_customers_free(cs, n);
	srv_json(r, 200, json_pack("{s:o,s:I,s:I,s:I}", "customers", a, "total", (json_int_t)n,
	                           "limit", (json_int_t)limit, "offset", (json_int_t)offset));
}

static const char *opt_str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) && json_string_length(v) ? json_string_value(v) : NULL;
}

void api_customers_upsert(srv_state *s, srv_req *r)
{
	lk_store *store = srv_store(r);
	json_t *body, *aliases;
	lk_customer_in in;
	const char *al[LK_CUSTOMER_MAX_ALIASES];
	lk_upsert_change change = LK_UPSERT_UNCHANGED;
	char actor[32];
	size_t i;
	json_t *v;
	int rc;

	(void)s;
	if (!store || !(body = srv_body_json(r)))
		return;
	memset(&in, 0, sizeof in);
	in.ref = opt_str(body, "ref");
	in.name = opt_str(body, "name");
	in.schema = LK_SCHEMA_PERSON;
	if (opt_str(body, "schema") && !srv_schema(opt_str(body, "schema"), &in.schema)) {
		srv_error(r, 400, "unknown_schema", "unknown schema '%.64s'", opt_str(body, "schema"));
		goto done;
	}
	in.dob = opt_str(body, "dob");
	in.country = opt_str(body, "country");
	in.id = opt_str(body, "id");
	aliases = json_object_get(body, "aliases");
	json_array_foreach(aliases, i, v) {
		if (!json_is_string(v) || in.naliases >= LK_CUSTOMER_MAX_ALIASES) {
			srv_error(r, 400, "invalid_request",
			          "'aliases' must be at most %d strings", LK_CUSTOMER_MAX_ALIASES);
			goto done;
		}
		al[in.naliases++] = json_string_value(v);
	}
	in.aliases = al;
	if ((rc = lk_customer_check(&in)) < 0 ||
	    (rc = lk_customer_upsert(store, &in, actor_of(r, actor), &change)) < 0) {
		srv_lk_error(r, rc);
		goto done;
	}
	srv_json(r, change == LK_UPSERT_ADDED ? 201 : 200,
	         json_pack("{s:s,s:s}", "ref", in.ref,
	                   "change", change == LK_UPSERT_ADDED     ? "added"
	                             : change == LK_UPSERT_UPDATED ? "updated"
	                                                           : "unchanged"));
done:
	json_decref(body);
}

static json_t *alert_json(const lk_alert *a)
{
	json_t *x = a->explanation && a->explanation[0] ? json_loads(a->explanation, 0, NULL) : NULL;

	return json_pack("{s:I,s:s,s:s,s:s,s:s?,s:f,s:s,s:s,s:s,s:s?,s:o?,s:I}", "id",
	                 (json_int_t)a->id, "customer_ref", a->customer_ref, "entity_id",
	                 a->entity_id, "source", a->source, "entity_caption", a->entity_caption,
	                 "score", a->score, "status", lk_alert_status_name(a->status), "created_at",
	                 a->created_at, "updated_at", a->updated_at, "closed_reason",
	                 a->closed_reason && a->closed_reason[0] ? a->closed_reason : NULL,
	                 "explanation", x, "run_id", (json_int_t)a->run_id);
}

void api_alerts_list(srv_state *s, srv_req *r)
{
	lk_store *store = srv_store(r);
	const char *st = srv_arg(r, "status");
	int status = -1;
	lk_alert *as = NULL;
	size_t n = 0;
	long limit, offset;
	json_t *a;
	int rc;

	(void)s;
	if (!store || !srv_arg_int(r, "limit", 100, 1, 10000, &limit) ||
	    !srv_arg_int(r, "offset", 0, 0, 0x7fffffffL, &offset))
		return;
	if (st && *st && (status = lk_alert_status_from_name(st)) < 0) {
		srv_error(r, 400, "invalid_parameter", "unknown status '%.32s' (open, escalated, "
		          "true-match, false-positive, closed)", st);
		return;
	}
	if ((rc = lk_alerts_list(store, status, &as, &n)) < 0) {
		srv_lk_error(r, rc);
		return;
	}
	a = json_array();
	for (size_t i = (size_t)offset; i < n && i < (size_t)(offset + limit); i++) {
		json_t *o = alert_json(&as[i]);
		lk_customer c;

		json_object_del(o, "explanation"); /* the queue stays light; GET /alerts/{id} has it */
		if (lk_customer_get(store, as[i].customer_ref, &c) == 0) {
			json_object_set_new(o, "customer_name", json_string(c.name));
			lk_customer_dispose(&c);
		}
		json_array_append_new(a, o);
	}
	lk_alerts_free(as, n);
	srv_json(r, 200, json_pack("{s:o,s:I,s:I,s:I}", "alerts", a, "total", (json_int_t)n,
	                           "limit", (json_int_t)limit, "offset", (json_int_t)offset));
}

static bool alert_id(srv_req *r, int64_t *id)
{
	char *end = NULL;
	long long v = strtoll(r->params[0], &end, 10);

	if (*end || v <= 0) {
		srv_error(r, 404, "not_found", "no alert '%.32s'", r->params[0]);
		return false;
	}
	*id = v;
	return true;
}

void api_alert_get(srv_state *s, srv_req *r)
{
	lk_store *store = srv_store(r);
	lk_alert *a = NULL;
	lk_decision *ds = NULL;
	size_t nd = 0;
	lk_customer c;
	int64_t id;
	json_t *o, *decisions;
	int rc;

	if (!store || !alert_id(r, &id))
		return;
	if ((rc = lk_alert_get(store, id, &a)) < 0) {
		srv_lk_error(r, rc);
		return;
	}
	o = alert_json(a);
	if (lk_customer_get(store, a->customer_ref, &c) == 0) {
		json_object_set_new(o, "customer", customer_json(&c));
		json_object_set_new(o, "customer_name", json_string(c.name));
		lk_customer_dispose(&c);
	}
	lk_index *ix = srv_index_get(s);
	const lk_entity *e = ix ? lk_index_get(ix, a->entity_id) : NULL;

	if (e)
		json_object_set_new(o, "entity", srv_entity_json(e));
	lk_index_unref(ix);
	decisions = json_array();
	if (lk_alert_decisions(store, id, &ds, &nd) == 0) {
		for (size_t i = 0; i < nd; i++)
			json_array_append_new(
				decisions,
				json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:I}", "id", (json_int_t)ds[i].id,
			              "decision", lk_decision_name(ds[i].decision), "reason", ds[i].reason,
			              "by", ds[i].by, "actor", ds[i].actor, "at", ds[i].at, "supersedes",
			              (json_int_t)ds[i].supersedes));
		lk_decisions_free(ds, nd);
	}
	json_object_set_new(o, "decisions", decisions);
	lk_alerts_free(a, 1);
	srv_json(r, 200, o);
}

void api_alert_decide(srv_state *s, srv_req *r)
{
	lk_store *store = srv_store(r);
	json_t *body;
	const char *decision, *reason, *by;
	char actor[32];
	int64_t id, did = 0;
	int kind, rc;

	(void)s;
	if (!store || !alert_id(r, &id) || !(body = srv_body_json(r)))
		return;
	decision = opt_str(body, "decision");
	reason = opt_str(body, "reason");
	by = opt_str(body, "by");
	if (!decision || (kind = lk_decision_from_name(decision)) < 0) {
		srv_error(r, 400, "invalid_request",
		          "'decision' must be true-match, false-positive or escalate");
		goto done;
	}
	if (!reason) {
		srv_error(r, 400, "invalid_request", "'reason' is required: say why");
		goto done;
	}
	actor_of(r, actor);
	rc = lk_alert_decide(store, id, (lk_decision_kind)kind, reason, by ? by : actor, actor,
	                     &did);
	if (rc < 0) {
		srv_lk_error(r, rc);
		goto done;
	}
	srv_json(r, 201, json_pack("{s:I,s:I,s:s}", "id", (json_int_t)did, "alert",
	                           (json_int_t)id, "decision", decision));
done:
	json_decref(body);
}

#endif
