/*
 * api_query.c - queries in, results out, for /match, /search, /screen and /screen/batch.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api_query.h"
#include "cli_match.h"

bool srv_schema(const char *name, lk_schema *out)
{
	for (int i = 0; i < LK_SCHEMA__COUNT; i++) {
		if (strcmp(name, lk_schema_name((lk_schema)i)) == 0) {
			*out = (lk_schema)i;
			return true;
		}
	}
	return false;
}

static bool schema_field(srv_req *r, json_t *obj, const char *where, lk_query *q)
{
	json_t *v = json_object_get(obj, "schema");

	if (!v || json_is_null(v))
		return true;
	if (!json_is_string(v)) {
		srv_error(r, 400, "invalid_query", "%s: 'schema' must be a string", where);
		return false;
	}
	if (!srv_schema(json_string_value(v), &q->schema)) {
		srv_error(r, 400, "unknown_schema",
		          "%s: unknown schema '%.64s' (known: Thing, LegalEntity, Person, "
		          "Organization, Company, PublicBody, Vessel, Airplane)",
		          where, json_string_value(v));
		return false;
	}
	return true;
}

/* Append one string value to dst. */
static bool take_one(srv_req *r, json_t *item, const char *where, const char *field,
                     const char **dst, size_t *n, size_t max_len)
{
	if (!json_is_string(item)) {
		srv_error(r, 400, "invalid_query", "%s: '%s' must hold strings", where, field);
		return false;
	}
	if (json_string_length(item) > max_len) {
		srv_error(r, 400, "value_too_long",
		          "%s: a value of '%s' is %zu bytes long; at most %zu are allowed", where,
		          field, json_string_length(item), max_len);
		return false;
	}
	if (json_string_length(item) == 0)
		return true;
	if (*n >= SRV_MAX_VALUES) {
		srv_error(r, 400, "too_many_values", "%s: '%s' has more than %d values", where, field,
		          SRV_MAX_VALUES);
		return false;
	}
	dst[(*n)++] = json_string_value(item);
	return true;
}

/* Append the string values of v (a string or an array of strings) to dst. */
static bool take_values(srv_req *r, json_t *v, const char *where, const char *field,
                        const char **dst, size_t *n, size_t max_len)
{
	size_t i;
	json_t *item;

	if (!v || json_is_null(v))
		return true;
	if (json_is_string(v))
		return take_one(r, v, where, field, dst, n, max_len);
	if (!json_is_array(v)) {
		srv_error(r, 400, "invalid_query", "%s: '%s' must be a string or an array of strings",
		          where, field);
		return false;
	}
	json_array_foreach(v, i, item) {
		if (!take_one(r, item, where, field, dst, n, max_len))
			return false;
	}
	return true;
}

static void query_init(srv_query *q)
{
	lk_query init = LK_QUERY_INIT;

	memset(q, 0, sizeof *q);
	q->q = init;
	q->q.names = q->names;
	q->q.birth_dates = q->dates;
	q->q.countries = q->countries;
	q->q.identifiers = q->ids;
}

static const char *const name_props[] = {"name", "alias", "weakAlias", "previousName"};
static const char *const part_props[] = {"firstName", "secondName", "middleName",
                                         "fatherName", "lastName"};
static const char *const country_props[] = {"nationality", "citizenship", "country",
                                            "jurisdiction", "flag", "mainCountry"};
static const char *const ident_props[] = {
	"idNumber", "passportNumber", "taxNumber", "registrationNumber", "swiftBic", "leiCode",
	"innCode", "ogrnCode", "imoNumber", "mmsi", "callSign", "serialNumber", "vatCode"};

bool srv_query_from_yente(srv_req *r, json_t *obj, const char *where, srv_query *q)
{
	json_t *props;

	query_init(q);
	if (!json_is_object(obj)) {
		srv_error(r, 400, "invalid_query", "%s must be an object", where);
		return false;
	}
	if (!schema_field(r, obj, where, &q->q))
		return false;
	props = json_object_get(obj, "properties");
	if (!json_is_object(props)) {
		srv_error(r, 400, "invalid_query", "%s: 'properties' must be an object", where);
		return false;
	}
	for (size_t i = 0; i < LK_ARRAY_SIZE(name_props); i++)
		if (!take_values(r, json_object_get(props, name_props[i]), where, name_props[i],
		                 q->names, &q->q.nnames, SRV_MAX_NAME))
			return false;
	if (q->q.nnames == 0) {
		/* no full name: join the parts, given names first */
		for (size_t i = 0; i < LK_ARRAY_SIZE(part_props); i++) {
			const char *parts[SRV_MAX_VALUES];
			size_t np = 0;

			if (!take_values(r, json_object_get(props, part_props[i]), where, part_props[i],
			                 parts, &np, SRV_MAX_NAME))
				return false;
			for (size_t j = 0; j < np; j++) {
				size_t used = strlen(q->joined);

				snprintf(q->joined + used, sizeof q->joined - used, "%s%s", used ? " " : "",
				         parts[j]);
			}
		}
		if (q->joined[0])
			q->names[q->q.nnames++] = q->joined;
	}
	if (!take_values(r, json_object_get(props, "birthDate"), where, "birthDate", q->dates,
	                 &q->q.nbirth_dates, 64))
		return false;
	for (size_t i = 0; i < LK_ARRAY_SIZE(country_props); i++)
		if (!take_values(r, json_object_get(props, country_props[i]), where, country_props[i],
		                 q->countries, &q->q.ncountries, 128))
			return false;
	for (size_t i = 0; i < LK_ARRAY_SIZE(ident_props); i++)
		if (!take_values(r, json_object_get(props, ident_props[i]), where, ident_props[i],
		                 q->ids, &q->q.nidentifiers, 128))
			return false;
	json_t *g = json_object_get(props, "gender");
	if (json_is_array(g))
		g = json_array_get(g, 0);
	if (json_is_string(g))
		q->q.gender = cli_parse_gender(json_string_value(g));
	if (q->q.nnames == 0 && q->q.nidentifiers == 0) {
		srv_error(r, 400, "invalid_query",
		          "%s: give a name (properties.name) or an identifier", where);
		return false;
	}
	return true;
}

bool srv_query_from_lookout(srv_req *r, json_t *obj, const char *where, srv_query *q)
{
	json_t *v;

	query_init(q);
	if (!json_is_object(obj)) {
		srv_error(r, 400, "invalid_query", "%s must be an object", where);
		return false;
	}
	if (!schema_field(r, obj, where, &q->q))
		return false;
	v = json_object_get(obj, "name");
	if (!v)
		v = json_object_get(obj, "names");
	if (!take_values(r, v, where, "names", q->names, &q->q.nnames, SRV_MAX_NAME) ||
	    !take_values(r, json_object_get(obj, "birthDates"), where, "birthDates", q->dates,
	                 &q->q.nbirth_dates, 64) ||
	    !take_values(r, json_object_get(obj, "countries"), where, "countries", q->countries,
	                 &q->q.ncountries, 128) ||
	    !take_values(r, json_object_get(obj, "identifiers"), where, "identifiers", q->ids,
	                 &q->q.nidentifiers, 128))
		return false;
	v = json_object_get(obj, "gender");
	if (json_is_string(v))
		q->q.gender = cli_parse_gender(json_string_value(v));
	v = json_object_get(obj, "threshold");
	if (v) {
		if (!json_is_number(v) || json_number_value(v) < 0 || json_number_value(v) > 1) {
			srv_error(r, 400, "invalid_query", "%s: 'threshold' must be a number from 0 to 1",
			          where);
			return false;
		}
		q->q.threshold = json_number_value(v);
	}
	v = json_object_get(obj, "limit");
	if (v) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    json_integer_value(v) > LK_MATCH_MAX_LIMIT) {
			srv_error(r, 400, "invalid_query", "%s: 'limit' must be an integer from 1 to %d",
			          where, LK_MATCH_MAX_LIMIT);
			return false;
		}
		q->q.limit = (size_t)json_integer_value(v);
	}
	if (q->q.nnames == 0 && q->q.nidentifiers == 0) {
		srv_error(r, 400, "invalid_query", "%s: give a name or an identifier", where);
		return false;
	}
	return true;
}

bool srv_dataset(srv_state *s, srv_req *r, const char *dataset, srv_query *q)
{
	bool sanctions = strcmp(dataset, "sanctions") == 0;
	size_t n = 0;

	if (strcmp(dataset, "default") == 0)
		return true;
	/* copies of the names: the state's array may be swapped once the lock is let go */
	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < s->nversions && n < SRV_MAX_SOURCES; i++) {
		const lk_version_info *v = &s->versions[i];

		if (!lk_version_in_dataset(v, dataset))
			continue;
		snprintf(q->source_names[n], sizeof q->source_names[n], "%s", v->source);
		q->sources[n] = q->source_names[n];
		n++;
	}
	pthread_mutex_unlock(&s->lock);
	if (n == 0) {
		if (sanctions)
			srv_error(r, 404, "unknown_dataset",
			          "no sanctions list is loaded (GET /catalog lists the datasets)");
		else
			srv_error(r, 404, "unknown_dataset",
			          "no dataset '%.64s' (GET /catalog lists them; 'default' covers all, "
			          "'sanctions' the sanctions lists)", dataset);
		return false;
	}
	q->q.sources = q->sources;
	q->q.nsources = n;
	return true;
}

json_t *srv_entity_json(const lk_entity *e)
{
	json_t *o = json_object(), *props = json_object();

	if (!o || !props) {
		json_decref(o);
		json_decref(props);
		return NULL;
	}
	for (size_t i = 0; i < e->nvalues; i++) {
		const char *name = lk_prop_name(e->values[i].prop);
		json_t *a = json_object_get(props, name);

		if (!a) {
			a = json_array();
			json_object_set_new(props, name, a);
		}
		json_array_append_new(a, json_string(e->values[i].value));
	}
	json_object_set_new(o, "id", json_string(e->id));
	json_object_set_new(o, "caption", json_string(e->caption ? e->caption : e->id));
	json_object_set_new(o, "schema", json_string(lk_schema_name(e->schema)));
	json_object_set_new(o, "properties", props);
	json_object_set_new(o, "datasets", json_pack("[s]", e->source));
	json_object_set_new(o, "referents", json_pack("[s]", e->native_id ? e->native_id : ""));
	json_object_set_new(o, "target", json_true());
	return o;
}

static char *explanation_text(const lk_explanation *x)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	cli_print_explanation(f, x, 0, true);
	fclose(f);
	return text;
}

json_t *srv_result_json(const lk_match_result *m, bool explain)
{
	json_t *o = srv_entity_json(m->entity);
	json_t *features = json_object();

	if (!o || !features) {
		json_decref(o);
		json_decref(features);
		return NULL;
	}
	json_object_set_new(features, "name", json_real(m->explanation.name_score));
	for (size_t i = 0; i < m->explanation.nfeatures; i++) {
		const lk_feature_effect *f = &m->explanation.features[i];
		json_t *prev = json_object_get(features, f->feature);
		double d = f->delta + (prev ? json_number_value(prev) : 0.0);

		json_object_set_new(features, f->feature, json_real(d));
	}
	json_object_set_new(o, "score", json_real(m->score));
	json_object_set_new(o, "match", json_boolean(m->match));
	json_object_set_new(o, "features", features);
	if (explain) {
		json_t *x = cli_json_explanation(&m->explanation);

		if (x)
			json_object_set_new(o, "explanation", x);
		char *t = explanation_text(&m->explanation);

		if (t)
			json_object_set_new(o, "explanation_text", json_string(t));
		free(t);
	}
	return o;
}

lk_index *srv_need_index(srv_req *r)
{
	if (!r->ix)
		r->ix = srv_index_get(r->s);
	if (!r->ix)
		srv_error(r, 503, "not_ready", "the index is still loading; retry shortly");
	return r->ix;
}

lk_match_results *srv_screen(srv_req *r, lk_index *ix, srv_query *q)
{
	lk_match_results *res = NULL;
	int rc = lk_match_screen(&res, ix, &q->q);

	if (rc < 0) {
		srv_lk_error(r, rc);
		return NULL;
	}
	return res;
}
