/*
 * api_query.h - what the screening endpoints share: reading a query (yente's properties
 * form or Lookout's own), checking the dataset, and writing results as JSON.
 *
 * Limits: a property holds at most SRV_MAX_VALUES values; a name is at most SRV_MAX_NAME
 * bytes. A query that breaks them is refused with 400 and a message naming the field,
 * rather than truncated silently.
 */
#ifndef LK_SERVER_API_QUERY_H
#define LK_SERVER_API_QUERY_H

#include "server.h"

#define SRV_MAX_VALUES 32
#define SRV_MAX_SOURCES 64 /* sources a dataset may name ("sanctions" names several) */
#define SRV_MAX_NAME 1024
#define SRV_MAX_QUERIES 100

typedef struct srv_query {
	lk_query q;
	const char *names[SRV_MAX_VALUES];
	const char *dates[SRV_MAX_VALUES];
	const char *countries[SRV_MAX_VALUES];
	const char *ids[SRV_MAX_VALUES];
	const char *sources[SRV_MAX_SOURCES];     /* the dataset's sources, see srv_dataset */
	char source_names[SRV_MAX_SOURCES][64];
	char joined[SRV_MAX_NAME + 1]; /* firstName + lastName when no name is given */
} srv_query;

/* Read {"schema":..,"properties":{..}} (yente) into q; strings stay owned by obj.
 * where names the query in messages ("query 'q1'"). false after setting a 400 response. */
bool srv_query_from_yente(srv_req *r, json_t *obj, const char *where, srv_query *q);

/* Read Lookout's form {"names","schema","birthDates","countries","identifiers","gender",
 * "sources"(ignored: use the dataset),"threshold","limit"}. false after a 400 response. */
bool srv_query_from_lookout(srv_req *r, json_t *obj, const char *where, srv_query *q);

/* Check a dataset name and point q->q.sources at its sources: "default" (all lists, no
 * filter), "sanctions" (the sources whose active version is a sanctions list,
 * lk_version_info.sanctions) or a source with an active version. false after a 404
 * response. */
bool srv_dataset(srv_state *s, srv_req *r, const char *dataset, srv_query *q);

/* A schema by FtM name ("Thing" is any). false if unknown. */
bool srv_schema(const char *name, lk_schema *out);

/* The entity in yente's shape {"id","caption","schema","properties","datasets",
 * "referents","target"}. */
json_t *srv_entity_json(const lk_entity *e);

/* A screening result: the entity in yente's shape plus "score", "match", "features",
 * and with explain the engine's "explanation" and "explanation_text" (in words). */
json_t *srv_result_json(const lk_match_result *m, bool explain);

/* The current index for this request (kept in r->ix); NULL after a 503 response. */
lk_index *srv_need_index(srv_req *r);

/* Run a query; NULL after an error response. */
lk_match_results *srv_screen(srv_req *r, lk_index *ix, srv_query *q);

#endif
