/*
 * routes.c - the route table: every capability of the API is one entry here. Patterns are
 * literal segments and {params}; a trailing "{*}" takes the rest of the path (static files).
 * Keep docs/openapi.json in step: the server test checks that every route is in it.
 */
#include <string.h>

#include "server.h"

/* method, pattern, handler, role, worker, summary */
const srv_route srv_routes[] = {
	/* yente-compatible */
	{"POST", "/match/{dataset}", api_match, SRV_READ, true, "match entities (yente)"},
	{"GET", "/search/{dataset}", api_search, SRV_READ, true, "search by name (yente)"},
	{"GET", "/entities/{id}", api_entity, SRV_READ, true, "one entity (yente)"},
	{"GET", "/catalog", api_catalog, SRV_READ, false, "datasets (yente)"},
	{"GET", "/algorithms", api_algorithms, SRV_OPEN, false, "scoring algorithms (yente)"},
	{"GET", "/healthz", api_healthz, SRV_OPEN, false, "liveness"},
	{"GET", "/readyz", api_readyz, SRV_OPEN, false, "readiness: the index is loaded"},
	/* Lookout's own */
	{"POST", "/screen", api_screen, SRV_READ, true, "screen one party, explained"},
	{"POST", "/screen/batch", api_screen_batch, SRV_READ, true, "screen many, streamed NDJSON"},
	{"POST", "/compare", api_compare, SRV_READ, true, "score two names against each other"},
	{"GET", "/lists", api_lists, SRV_READ, false, "active list versions"},
	{"GET", "/lists/{source}/versions", api_list_versions, SRV_READ, true, "a list's history"},
	{"GET", "/lists/{source}/diff", api_list_diff, SRV_READ, true, "what changed in a list"},
	{"POST", "/index/reload", api_index_reload, SRV_WRITE, true, "rebuild the index now"},
	{"GET", "/audit/verify", api_audit_verify, SRV_READ, true, "check the audit trail's chain"},
	{"GET", "/audit", api_audit_records, SRV_ADMIN, true, "audit records, oldest first"},
#ifdef SRV_HAVE_MONITOR
	{"GET", "/customers", api_customers_list, SRV_READ, true, "customers under monitoring"},
	{"POST", "/customers", api_customers_upsert, SRV_WRITE, true, "add or update a customer"},
	{"GET", "/alerts", api_alerts_list, SRV_READ, true, "the alert queue"},
	{"GET", "/alerts/{id}", api_alert_get, SRV_READ, true, "one alert, explained"},
	{"POST", "/alerts/{id}/decision", api_alert_decide, SRV_WRITE, true, "decide an alert"},
#endif
#ifdef SRV_HAVE_SCAN
	{"POST", "/scan/text", api_scan_text, SRV_READ, true, "listed parties named in a text"},
	{"POST", "/scan/payment", api_scan_payment, SRV_READ, true, "screen payment messages"},
#endif
	{"GET", "/keys", api_keys_list, SRV_ADMIN, true, "API keys"},
	{"POST", "/keys", api_keys_create, SRV_ADMIN, true, "create an API key"},
	{"DELETE", "/keys/{id}", api_keys_revoke, SRV_ADMIN, true, "revoke an API key"},
	{"GET", "/metrics", api_metrics, SRV_OPEN, false, "Prometheus metrics"},
	{"GET", "/openapi.json", api_openapi, SRV_OPEN, false, "this API's OpenAPI document"},
	{"GET", "/{*}", api_static, SRV_OPEN, false, "the web UI (static files)"},
	{NULL, NULL, NULL, SRV_OPEN, false, NULL},
};

size_t srv_route_count(void)
{
	return LK_ARRAY_SIZE(srv_routes) - 1;
}

/* Match path against pattern; params are copied into r when it matches. */
static bool match_pattern(const char *pattern, const char *path, srv_req *r)
{
	size_t np = 0;
	const char *p = pattern, *u = path;

	while (*p && *u) {
		if (*p != '/' || *u != '/')
			return false;
		p++;
		u++;
		const char *pe = strchr(p, '/'), *ue = strchr(u, '/');
		size_t pl = pe ? (size_t)(pe - p) : strlen(p);
		size_t ul = ue ? (size_t)(ue - u) : strlen(u);

		if (pl == 3 && strncmp(p, "{*}", 3) == 0)
			return true; /* the rest of the path, whatever it is */
		if (pl > 2 && p[0] == '{') {
			if (ul == 0 || np >= SRV_MAX_PARAMS || ul >= sizeof r->params[0])
				return false;
			memcpy(r->params[np], u, ul);
			r->params[np][ul] = '\0';
			np++;
		} else if (pl != ul || strncmp(p, u, pl) != 0) {
			return false;
		}
		p += pl;
		u += ul;
	}
	if (*p || *u)
		return false;
	r->nparams = np;
	return true;
}

int srv_route_find(const char *method, const char *path, srv_req *r)
{
	bool path_known = false;

	r->allow[0] = '\0';
	for (size_t i = 0; srv_routes[i].method; i++) {
		const srv_route *rt = &srv_routes[i];

		bool is_static = strcmp(rt->pattern, "/{*}") == 0;

		if (!match_pattern(rt->pattern, path, r) || (is_static && path_known))
			continue;
		if (strcmp(rt->method, method) == 0) {
			r->route = rt;
			r->route_index = (int)i;
			r->allow[0] = '\0';
			return 200;
		}
		/* the catch-all static route does not make other methods 405 */
		if (is_static)
			continue;
		path_known = true;
		size_t used = strlen(r->allow);
		snprintf(r->allow + used, sizeof r->allow - used, "%s%s", used ? ", " : "",
		         rt->method);
	}
	return path_known ? 405 : 404;
}
