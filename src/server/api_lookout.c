/*
 * api_lookout.c - Lookout's own endpoints: /screen (one party, explained in words),
 * /screen/batch (many, streamed back as NDJSON while they are screened), /compare, the
 * lists and their history and diffs, /index/reload, and API keys over HTTP (admin).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_query.h"
#include "cli.h"
#include "cli_match.h"

#define SRV_MAX_BATCH 100000

static json_t *results_json(const lk_match_results *res, bool text)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < res->count; i++)
		json_array_append_new(a, srv_result_json(&res->items[i], text));
	return a;
}

void api_screen(srv_state *s, srv_req *r)
{
	json_t *body = srv_body_json(r), *src;
	srv_query q;
	lk_index *ix;
	lk_match_results *res;

	if (!body)
		return;
	if (!srv_query_from_lookout(r, body, "the query", &q))
		goto done;
	src = json_object_get(body, "dataset");
	if (src && !json_is_string(src)) {
		srv_error(r, 400, "invalid_query", "'dataset' must be a string");
		goto done;
	}
	if (!srv_dataset(s, r, src ? json_string_value(src) : "default", &q) ||
	    !(ix = srv_need_index(r)) || !(res = srv_screen(r, ix, &q)))
		goto done;
	srv_json(r, 200,
	         json_pack("{s:o,s:o,s:f,s:I}", "query", cli_json_query(&q.q), "results",
	                   results_json(res, true), "threshold", res->threshold, "candidates",
	                   (json_int_t)res->candidates));
	lk_match_results_free(res);
done:
	json_decref(body);
}

/* The error response a failed query read left in r, as an object; r is cleared for the next
 * line. */
static json_t *take_error(srv_req *r)
{
	json_t *v = json_loadb(r->out.ptr ? r->out.ptr : "", r->out.len, 0, NULL);
	json_t *e = json_incref(json_object_get(v, "error"));

	json_decref(v);
	lk_buf_clear(&r->out);
	r->status = 0;
	return e ? e : json_pack("{s:s}", "message", "invalid query");
}

static bool emit(srv_req *r, json_t *line)
{
	char *text = line ? json_dumps(line, JSON_COMPACT | JSON_REAL_PRECISION(6)) : NULL;
	bool ok = text && srv_stream_write(r, text, strlen(text)) && srv_stream_write(r, "\n", 1);

	free(text);
	json_decref(line);
	return ok;
}

/* One batch line: screen it and write its result line. false when the client went away. */
static bool batch_one(srv_state *s, srv_req *r, lk_index *ix, json_t *obj, size_t lineno,
                      json_error_t *perr)
{
	srv_query q;
	lk_match_results *res;
	json_t *ds;

	if (!obj)
		return emit(r, json_pack("{s:I,s:{s:s,s:s}}", "line", (json_int_t)lineno, "error",
		                         "code", "invalid_json", "message", perr->text));
	ds = json_object_get(obj, "dataset");
	if (!srv_query_from_lookout(r, obj, "the query", &q) ||
	    !srv_dataset(s, r, json_is_string(ds) ? json_string_value(ds) : "default", &q) ||
	    !(res = srv_screen(r, ix, &q)))
		return emit(r, json_pack("{s:I,s:O?,s:o}", "line", (json_int_t)lineno, "id",
		                         json_object_get(obj, "id"), "error", take_error(r)));
	bool explain = json_is_true(json_object_get(obj, "explain"));
	json_t *line = json_pack("{s:I,s:O?,s:o,s:o}", "line", (json_int_t)lineno, "id",
	                         json_object_get(obj, "id"), "query", cli_json_query(&q.q),
	                         "results", results_json(res, explain));
	lk_match_results_free(res);
	return emit(r, line);
}

void api_screen_batch(srv_state *s, srv_req *r)
{
	lk_index *ix = srv_need_index(r);
	const char *p, *end;
	size_t lineno = 0;

	if (!ix)
		return;
	if (r->body.len == 0) {
		srv_error(r, 400, "invalid_request",
		          "the body must hold queries, one JSON object per line (NDJSON)");
		return;
	}
	/* every line must be valid UTF-8 JSON; a bad line gets an error line, the rest go on */
	srv_stream_begin(r, "application/x-ndjson");
	if (!r->stream)
		return;
	p = r->body.ptr;
	end = r->body.ptr + r->body.len;
	while (p < end && !atomic_load(&s->stopping)) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		json_error_t err;
		json_t *obj;

		lineno++;
		while (p < le && (*p == ' ' || *p == '\t' || *p == '\r'))
			p++;
		if (p == le) {
			p = le + 1;
			continue;
		}
		if (lineno > SRV_MAX_BATCH) {
			emit(r, json_pack("{s:I,s:{s:s,s:s}}", "line", (json_int_t)lineno, "error", "code",
			                  "too_many_queries", "message",
			                  "a batch holds at most 100000 queries; the rest were not read"));
			break;
		}
		obj = json_loadb(p, (size_t)(le - p), JSON_REJECT_DUPLICATES, &err);
		bool ok = batch_one(s, r, ix, obj, lineno, &err);

		json_decref(obj);
		if (!ok)
			break;
		p = le + 1;
	}
}

void api_compare(srv_state *s, srv_req *r)
{
	json_t *body = srv_body_json(r), *n1, *n2, *sc, *th;
	lk_schema schema = LK_SCHEMA_UNKNOWN;
	double threshold = LK_MATCH_DEFAULT_THRESHOLD;
	lk_match_result m;
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int rc;

	(void)s;
	if (!body)
		return;
	n1 = json_object_get(body, "name1");
	n2 = json_object_get(body, "name2");
	sc = json_object_get(body, "schema");
	th = json_object_get(body, "threshold");
	if (!json_is_string(n1) || !json_is_string(n2)) {
		srv_error(r, 400, "invalid_request", "'name1' and 'name2' must be strings");
		goto done;
	}
	if (json_string_length(n1) > SRV_MAX_NAME || json_string_length(n2) > SRV_MAX_NAME) {
		srv_error(r, 400, "value_too_long", "a name is longer than %d bytes", SRV_MAX_NAME);
		goto done;
	}
	if (sc && (!json_is_string(sc) || !srv_schema(json_string_value(sc), &schema))) {
		srv_error(r, 400, "unknown_schema", "unknown schema (Thing, LegalEntity, Person, "
		          "Organization, Company, PublicBody, Vessel, Airplane)");
		goto done;
	}
	if (th) {
		if (!json_is_number(th) || json_number_value(th) < 0 || json_number_value(th) > 1) {
			srv_error(r, 400, "invalid_request", "'threshold' must be a number from 0 to 1");
			goto done;
		}
		threshold = json_number_value(th);
	}
	rc = lk_match_compare(&m, json_string_value(n1), json_string_value(n2), schema, threshold);
	if (rc < 0) {
		srv_lk_error(r, rc);
		goto done;
	}
	f = open_memstream(&text, &len);
	if (f) {
		cli_print_explanation(f, &m.explanation, 0, false);
		fclose(f);
	}
	srv_json(r, 200,
	         json_pack("{s:O,s:O,s:f,s:b,s:f,s:o,s:s}", "name1", n1, "name2", n2, "score",
	                   m.score, "match", m.match, "threshold", threshold, "explanation",
	                   cli_json_explanation(&m.explanation), "explanation_text",
	                   text ? text : ""));
	free(text);
done:
	json_decref(body);
}

void api_lists(srv_state *s, srv_req *r)
{
	json_t *a = json_array();
	time_t now = time(NULL);

	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < s->nversions; i++)
		json_array_append_new(a, cli_json_version(&s->versions[i]));
	pthread_mutex_unlock(&s->lock);
	(void)now;
	srv_json(r, 200, json_pack("{s:o}", "sources", a));
}

void api_list_versions(srv_state *s, srv_req *r)
{
	lk_store *store = srv_store(r);
	lk_version_info *vs = NULL;
	size_t n = 0;
	json_t *a;
	int rc;

	(void)s;
	if (!store)
		return;
	rc = lk_store_versions(store, r->params[0], &vs, &n);
	if (rc < 0) {
		srv_lk_error(r, rc);
		return;
	}
	a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, cli_json_version(&vs[i]));
	free(vs);
	srv_json(r, 200, json_pack("{s:s,s:o}", "source", r->params[0], "versions", a));
}

static bool arg_id(srv_req *r, const char *name, int64_t *out)
{
	const char *v = srv_arg(r, name);

	*out = 0;
	if (!v || !*v)
		return true;
	if (!cli_parse_int64(v, out)) {
		srv_error(r, 400, "invalid_parameter", "'%s' must be a version id", name);
		return false;
	}
	return true;
}

/* ids (at most limit of them) with the caption each has in the index, when it has one */
static json_t *diff_ids(char *const *ids, size_t n, size_t limit, const lk_index *ix)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n && i < limit; i++) {
		const lk_entity *e = ix ? lk_index_get(ix, ids[i]) : NULL;

		json_array_append_new(a, json_pack("{s:s,s:s?}", "id", ids[i], "caption",
		                                   e ? e->caption : NULL));
	}
	return a;
}

void api_list_diff(srv_state *s, srv_req *r)
{
	lk_store *store = srv_store(r);
	int64_t from, to;
	long limit;
	lk_diff *d = NULL;
	json_t *changed;
	lk_index *ix;
	int rc;

	(void)s;
	if (!store || !arg_id(r, "from", &from) || !arg_id(r, "to", &to) ||
	    !srv_arg_int(r, "limit", 100, 0, 100000, &limit))
		return;
	if ((from == 0) != (to == 0)) {
		srv_error(r, 400, "invalid_parameter", "give both 'from' and 'to', or neither");
		return;
	}
	rc = lk_store_diff(&d, store, r->params[0], from, to);
	if (rc < 0) {
		srv_lk_error(r, rc);
		return;
	}
	ix = srv_index_get(s);
	changed = json_array();
	for (size_t i = 0; i < d->nchanged && i < (size_t)limit; i++) {
		json_t *props = json_array();
		const lk_entity *e = ix ? lk_index_get(ix, d->changed[i].id) : NULL;

		for (size_t k = 0; k < d->changed[i].nprops; k++)
			json_array_append_new(props, json_string(d->changed[i].props[k]));
		json_array_append_new(changed, json_pack("{s:s,s:s?,s:o}", "id", d->changed[i].id,
		                                         "caption", e ? e->caption : NULL,
		                                         "properties", props));
	}
	srv_json(r, 200,
	         json_pack("{s:s,s:I,s:I,s:{s:I,s:I,s:I,s:I},s:I,s:o,s:o,s:o}", "source",
	                   d->source, "from", (json_int_t)d->from_version, "to",
	                   (json_int_t)d->to_version, "counts", "added", (json_int_t)d->nadded,
	                   "removed", (json_int_t)d->nremoved, "changed", (json_int_t)d->nchanged,
	                   "unchanged", (json_int_t)d->unchanged, "limit", (json_int_t)limit,
	                   "added", diff_ids(d->added, d->nadded, (size_t)limit, ix), "removed",
	                   diff_ids(d->removed, d->nremoved, (size_t)limit, NULL), "changed",
	                   changed));
	lk_index_unref(ix);
	lk_diff_free(d);
}

void api_index_reload(srv_state *s, srv_req *r)
{
	srv_reload(s);
	srv_audit(s, r, "index.reload", "index", NULL);
	srv_json(r, 202, json_pack("{s:s}", "status", "reloading"));
}

static json_t *key_json(const lk_key_info *k)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:s?}", "id", k->id, "name", k->name, "role",
	                 lk_key_role_name(k->role), "created_at", k->created_at, "revoked_at",
	                 k->revoked_at[0] ? k->revoked_at : NULL);
}

void api_keys_list(srv_state *s, srv_req *r)
{
	lk_store *store = srv_store(r);
	lk_key_info *keys = NULL;
	size_t n = 0;
	json_t *a;
	int rc;

	(void)s;
	if (!store)
		return;
	if ((rc = lk_keys_list(store, &keys, &n)) < 0) {
		srv_lk_error(r, rc);
		return;
	}
	a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, key_json(&keys[i]));
	free(keys);
	srv_json(r, 200, json_pack("{s:o}", "keys", a));
}

void api_keys_create(srv_state *s, srv_req *r)
{
	lk_store *store = srv_store(r);
	json_t *body, *role, *name;
	char token[LK_KEY_TOKEN_LEN];
	lk_key_info k;
	int rc;

	if (!store || !(body = srv_body_json(r)))
		return;
	role = json_object_get(body, "role");
	name = json_object_get(body, "name");
	if (!json_is_string(role) || !lk_key_role_from_name(json_string_value(role))) {
		srv_error(r, 400, "invalid_request", "'role' must be read, write or admin");
		goto done;
	}
	if (name && !json_is_string(name)) {
		srv_error(r, 400, "invalid_request", "'name' must be a string");
		goto done;
	}
	rc = lk_keys_create(store, lk_key_role_from_name(json_string_value(role)),
	                    name ? json_string_value(name) : NULL, token, &k);
	if (rc < 0) {
		srv_lk_error(r, rc);
		goto done;
	}
	/* usable at once, not from the watcher's next look */
	pthread_mutex_lock(&s->lock);
	lk_key_info *grown = realloc(s->keys, (s->nkeys + 1) * sizeof *grown);

	if (grown) {
		grown[s->nkeys++] = k;
		s->keys = grown;
	}
	s->keys_gen++;
	pthread_mutex_unlock(&s->lock);
	srv_reload_keys(s);
	srv_audit(s, r, "key.create", k.id, json_pack("{s:s,s:s}", "role",
	                                              lk_key_role_name(k.role), "name", k.name));
	json_t *o = key_json(&k);

	json_object_set_new(o, "key", json_string(token));
	srv_json(r, 201, o);
done:
	json_decref(body);
}

void api_keys_revoke(srv_state *s, srv_req *r)
{
	lk_store *store = srv_store(r);
	int rc;

	if (!store)
		return;
	rc = lk_keys_revoke(store, r->params[0]);
	if (rc < 0) {
		srv_lk_error(r, rc);
		return;
	}
	/* refuse the key from this moment, not from the watcher's next look */
	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < s->nkeys; i++)
		if (strcmp(s->keys[i].id, r->params[0]) == 0 && !s->keys[i].revoked_at[0])
			snprintf(s->keys[i].revoked_at, sizeof s->keys[i].revoked_at, "now");
	s->keys_gen++;
	pthread_mutex_unlock(&s->lock);
	srv_reload_keys(s);
	srv_audit(s, r, "key.revoke", r->params[0], NULL);
	srv_json(r, 200, json_pack("{s:s,s:b}", "id", r->params[0], "revoked", 1));
}
