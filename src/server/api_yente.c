/*
 * api_yente.c - the endpoints shaped like yente's (OpenSanctions' API), so that a client
 * written for yente works against Lookout unchanged: /match/{dataset}, /search/{dataset},
 * /entities/{id}, /catalog, /algorithms, /healthz, /readyz.
 *
 * Datasets are the list sources of the store plus two collections: "default", which covers
 * all of them, and "sanctions", the sources whose active version is a sanctions list (an
 * official list, or FollowTheMoney entities with a sanction topic; lk_version_info).
 * yente's algorithm names are accepted and all run Lookout's one scorer, whose name the
 * response states ("lookout-v1").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_query.h"

#define ALGORITHM "lookout-v1"

/* yente's algorithm names, accepted so that existing clients need no change */
static const char *const algorithm_aliases[] = {
	ALGORITHM, "best", "default", "logic-v1", "logic-v2", "name-based", "name-qualified",
	"regression-v1", "regression-v2", "regression-v3"};

static bool check_algorithm(srv_req *r)
{
	const char *a = srv_arg(r, "algorithm");

	if (!a)
		return true;
	for (size_t i = 0; i < LK_ARRAY_SIZE(algorithm_aliases); i++)
		if (strcmp(a, algorithm_aliases[i]) == 0)
			return true;
	srv_error(r, 400, "unknown_algorithm", "unknown algorithm '%.64s' (GET /algorithms)", a);
	return false;
}

/* A number argument in [0, 1]; def when absent. */
static bool arg_unit(srv_req *r, const char *name, double def, double *out)
{
	const char *v = srv_arg(r, name);
	char *end = NULL;

	*out = def;
	if (!v || !*v)
		return true;
	*out = strtod(v, &end);
	if (*end || !(*out >= 0.0 && *out <= 1.0)) {
		srv_error(r, 400, "invalid_parameter", "'%s' must be a number from 0 to 1", name);
		return false;
	}
	return true;
}

static json_t *total_json(size_t n)
{
	return json_pack("{s:I,s:s}", "value", (json_int_t)n, "relation", "eq");
}

/* The query as yente echoes it: {"id","schema","properties"}. */
static json_t *query_echo(const char *key, json_t *query)
{
	json_t *o = json_object();
	json_t *schema = json_object_get(query, "schema");

	json_object_set_new(o, "id", json_string(key));
	json_object_set_new(o, "schema", json_string(schema && json_is_string(schema)
	                                                 ? json_string_value(schema)
	                                                 : "Thing"));
	json_object_set(o, "properties", json_object_get(query, "properties"));
	return o;
}

void api_match(srv_state *s, srv_req *r)
{
	json_t *body = NULL, *queries, *responses = NULL, *query;
	const char *key;
	double threshold, cutoff;
	long limit;
	lk_index *ix;
	srv_query *qs = NULL;
	size_t nq, i = 0;

	const char *ex = srv_arg(r, "explain");
	bool explain = ex && (strcmp(ex, "true") == 0 || strcmp(ex, "1") == 0);

	if (!check_algorithm(r) || !arg_unit(r, "threshold", LK_MATCH_DEFAULT_THRESHOLD, &threshold) ||
	    !arg_unit(r, "cutoff", 0.0, &cutoff) ||
	    !srv_arg_int(r, "limit", 5, 1, LK_MATCH_MAX_LIMIT, &limit))
		return;
	if (!(body = srv_body_json(r)))
		return;
	queries = json_object_get(body, "queries");
	if (!json_is_object(queries) || json_object_size(queries) == 0) {
		srv_error(r, 400, "invalid_request",
		          "the body needs \"queries\": an object of named queries");
		goto done;
	}
	nq = json_object_size(queries);
	if (nq > SRV_MAX_QUERIES) {
		srv_error(r, 400, "too_many_queries", "%zu queries; at most %d per request", nq,
		          SRV_MAX_QUERIES);
		goto done;
	}
	qs = calloc(nq, sizeof *qs);
	if (!qs) {
		srv_error(r, 500, "out_of_memory", "out of memory");
		goto done;
	}
	/* read and check every query first: a bad one refuses the request as a whole */
	json_object_foreach(queries, key, query) {
		char where[128];

		snprintf(where, sizeof where, "query '%.64s'", key);
		if (!srv_query_from_yente(r, query, where, &qs[i]))
			goto done;
		qs[i].q.threshold = threshold;
		qs[i].q.limit = (size_t)limit;
		if (!srv_dataset(s, r, r->params[0], &qs[i]))
			goto done;
		i++;
	}
	if (!(ix = srv_need_index(r)))
		goto done;
	responses = json_object();
	i = 0;
	json_object_foreach(queries, key, query) {
		lk_match_results *res = srv_screen(r, ix, &qs[i++]);
		json_t *results = json_array();

		if (!res) {
			json_decref(results);
			goto done;
		}
		size_t shown = 0;

		for (size_t k = 0; k < res->count; k++) {
			if (res->items[k].score < cutoff)
				continue;
			json_array_append_new(results, srv_result_json(&res->items[k], explain));
			shown++;
		}
		json_object_set_new(responses, key,
		                    json_pack("{s:i,s:o,s:o,s:o}", "status", 200, "results", results,
		                              "total", total_json(shown), "query",
		                              query_echo(key, query)));
		lk_match_results_free(res);
	}
	srv_json(r, 200,
	         json_pack("{s:o,s:{s:s,s:f},s:I}", "responses", responses, "matcher", "name",
	                   ALGORITHM, "threshold", threshold, "limit", (json_int_t)limit));
	responses = NULL;
done:
	json_decref(responses);
	free(qs);
	json_decref(body);
}

void api_search(srv_state *s, srv_req *r)
{
	const char *text = srv_arg(r, "q");
	const char *schema = srv_arg(r, "schema");
	long limit, offset;
	srv_query q;
	lk_index *ix;
	lk_match_results *res;
	json_t *results;

	if (!srv_arg_int(r, "limit", 10, 1, LK_MATCH_MAX_LIMIT, &limit) ||
	    !srv_arg_int(r, "offset", 0, 0, LK_MATCH_MAX_LIMIT, &offset))
		return;
	if (!text || !*text) {
		srv_error(r, 400, "invalid_parameter", "'q' (the text to search for) is required");
		return;
	}
	if (strlen(text) > SRV_MAX_NAME) {
		srv_error(r, 400, "value_too_long", "'q' is %zu bytes long; at most %d are allowed",
		          strlen(text), SRV_MAX_NAME);
		return;
	}
	memset(&q, 0, sizeof q);
	lk_query init = LK_QUERY_INIT;
	q.q = init;
	q.names[0] = text;
	q.q.names = q.names;
	q.q.nnames = 1;
	if (schema && !srv_schema(schema, &q.q.schema)) {
		srv_error(r, 400, "unknown_schema", "unknown schema '%.64s'", schema);
		return;
	}
	if (!srv_dataset(s, r, r->params[0], &q) || !(ix = srv_need_index(r)))
		return;
	q.q.threshold = LK_MATCH_DEFAULT_THRESHOLD;
	q.q.limit = (size_t)(limit + offset) > LK_MATCH_MAX_LIMIT ? LK_MATCH_MAX_LIMIT
	                                                           : (size_t)(limit + offset);
	if (!(res = srv_screen(r, ix, &q)))
		return;
	results = json_array();
	for (size_t i = (size_t)offset; i < res->count; i++)
		json_array_append_new(results, srv_result_json(&res->items[i], true));
	srv_json(r, 200,
	         json_pack("{s:o,s:o,s:I,s:I,s:{}}", "results", results, "total",
	                   total_json(res->count), "limit", (json_int_t)limit, "offset",
	                   (json_int_t)offset, "facets"));
	lk_match_results_free(res);
}

void api_entity(srv_state *s, srv_req *r)
{
	lk_store *store = srv_store(r);
	lk_version_info v;
	char *text = NULL;
	json_t *stored, *o;
	lk_arena *arena = NULL;
	lk_entity *e = NULL;
	int rc;

	(void)s;
	if (!store)
		return;
	rc = lk_store_entity_json(store, r->params[0], &text, &v);
	if (rc == LK_ENOTFOUND) {
		srv_error(r, 404, "not_found", "no entity '%.128s' in the active lists", r->params[0]);
		return;
	}
	if (rc < 0) {
		srv_lk_error(r, rc);
		return;
	}
	arena = lk_arena_new(0);
	rc = arena ? lk_entity_from_json(&e, arena, text, strlen(text)) : LK_ENOMEM;
	stored = json_loads(text, 0, NULL);
	free(text);
	if (rc < 0 || !stored) {
		json_decref(stored);
		lk_arena_free(arena);
		srv_error(r, 500, "internal", "the stored entity cannot be read");
		return;
	}
	o = srv_entity_json(e);
	lk_arena_free(arena);
	if (o) {
		json_object_set(o, "provenance", json_object_get(stored, "provenance")
		                                     ? json_object_get(stored, "provenance")
		                                     : json_object());
		json_object_set_new(o, "source",
		                    json_pack("{s:s,s:I,s:s,s:s,s:s}", "name", v.source, "version",
		                              (json_int_t)v.id, "imported_at", v.imported_at,
		                              "published", v.published, "hash", v.hash));
	}
	json_decref(stored);
	srv_json(r, 200, o);
}

void api_catalog(srv_state *s, srv_req *r)
{
	json_t *datasets = json_array(), *current = json_array(), *children = json_array();
	json_t *sanctions = json_array();
	size_t total = 0, total_sanctions = 0;

	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < s->nversions; i++) {
		const lk_version_info *v = &s->versions[i];
		char version[32];

		snprintf(version, sizeof version, "%lld", (long long)v->id);
		json_array_append_new(
			datasets,
			json_pack("{s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:s,s:b}", "name", v->source, "title",
			          v->source, "type", "source", "entity_count", (json_int_t)v->entities,
			          "version", version, "updated_at", v->imported_at, "last_export",
			          v->imported_at, "hash", v->hash, "load", 1));
		json_array_append_new(current, json_string(v->source));
		json_array_append_new(children, json_string(v->source));
		total += v->entities;
		if (v->sanctions) {
			json_array_append_new(sanctions, json_string(v->source));
			total_sanctions += v->entities;
		}
	}
	pthread_mutex_unlock(&s->lock);
	if (json_array_size(sanctions)) {
		json_array_append_new(
			datasets, json_pack("{s:s,s:s,s:s,s:I,s:o,s:b}", "name", "sanctions", "title",
		                            "Sanctions lists", "type", "collection", "entity_count",
		                            (json_int_t)total_sanctions, "children", sanctions,
		                            "load", 1));
		json_array_append_new(current, json_string("sanctions"));
	} else {
		json_decref(sanctions);
	}
	json_array_append_new(datasets,
	                      json_pack("{s:s,s:s,s:s,s:I,s:o,s:b}", "name", "default", "title",
	                                "All lists", "type", "collection", "entity_count",
	                                (json_int_t)total, "children", children, "load", 1));
	json_array_append_new(current, json_string("default"));
	srv_json(r, 200,
	         json_pack("{s:o,s:o,s:[],s:b}", "datasets", datasets, "current", current,
	                   "outdated", "index_stale", !atomic_load(&s->ready)));
}

void api_algorithms(srv_state *s, srv_req *r)
{
	json_t *aliases = json_array();

	(void)s;
	for (size_t i = 1; i < LK_ARRAY_SIZE(algorithm_aliases); i++)
		json_array_append_new(aliases, json_string(algorithm_aliases[i]));
	srv_json(
		r, 200,
		json_pack(
			"{s:[{s:s,s:s,s:{s:s,s:s,s:s,s:s,s:s}}],s:s,s:s,s:o}", "algorithms", "name",
			ALGORITHM, "description",
			"Lookout's scorer: names aligned part by part across scripts and romanisations "
			"(exact, phonetic, fuzzy, initials), weighted by rarity; birth dates, countries, "
			"identifiers and gender raise or lower the score. Calibrated 0..1.",
			"features", "name", "similarity of the best-matching name pair, 0..1",
			"birthDate", "added or taken away by the birth dates", "country",
			"added or taken away by nationality/citizenship/country", "identifier",
			"added by an identifier in common", "gender", "taken away by a contradicting gender",
			"default", ALGORITHM, "best", ALGORITHM, "aliases", aliases));
}

void api_healthz(srv_state *s, srv_req *r)
{
	(void)s;
	srv_json(r, 200, json_pack("{s:s}", "status", "ok"));
}

void api_readyz(srv_state *s, srv_req *r)
{
	if (!atomic_load(&s->ready)) {
		srv_error(r, 503, "not_ready", "the index is still loading");
		return;
	}
	lk_index *ix = srv_index_get(s);
	size_t n = ix ? lk_index_count(ix) : 0;

	lk_index_unref(ix);
	srv_json(r, 200, json_pack("{s:s,s:I}", "status", "ok", "entities", (json_int_t)n));
}
