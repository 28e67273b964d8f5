/*
 * openapi_check.h - validate JSON responses against the schemas of docs/openapi.json, for
 * the subset of JSON Schema the document uses: type (one or a list, "integer" and "null"
 * included), properties, required, additionalProperties (a schema or false), items, enum,
 * minimum, maximum, allOf, oneOf, and $ref to "#/components/schemas/...".
 *
 * oa_validate() returns true, or false with the JSON path and the reason in err.
 */
#ifndef LK_TEST_OPENAPI_CHECK_H
#define LK_TEST_OPENAPI_CHECK_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static inline bool oa_check(json_t *doc, json_t *schema, json_t *v, const char *path,
                            char *err, size_t errlen);

static inline bool oa_type_is(const char *t, json_t *v)
{
	if (strcmp(t, "object") == 0)
		return json_is_object(v);
	if (strcmp(t, "array") == 0)
		return json_is_array(v);
	if (strcmp(t, "string") == 0)
		return json_is_string(v);
	if (strcmp(t, "integer") == 0)
		return json_is_integer(v);
	if (strcmp(t, "number") == 0)
		return json_is_number(v);
	if (strcmp(t, "boolean") == 0)
		return json_is_boolean(v);
	if (strcmp(t, "null") == 0)
		return json_is_null(v);
	return false;
}

static inline json_t *oa_resolve(json_t *doc, json_t *schema)
{
	json_t *ref = json_object_get(schema, "$ref");
	const char *prefix = "#/components/schemas/";

	if (!json_is_string(ref))
		return schema;
	if (strncmp(json_string_value(ref), prefix, strlen(prefix)) != 0)
		return NULL;
	return json_object_get(json_object_get(json_object_get(doc, "components"), "schemas"),
	                       json_string_value(ref) + strlen(prefix));
}

static inline bool oa_fail(char *err, size_t errlen, const char *path, const char *why)
{
	snprintf(err, errlen, "%s: %s", path[0] ? path : "$", why);
	return false;
}

static inline bool oa_check(json_t *doc, json_t *schema, json_t *v, const char *path,
                            char *err, size_t errlen)
{
	json_t *t, *x, *sub;
	char sub_path[512];
	size_t i;
	const char *key;

	schema = oa_resolve(doc, schema);
	if (!schema)
		return oa_fail(err, errlen, path, "unresolvable $ref");
	if ((t = json_object_get(schema, "type"))) {
		bool ok = false;

		if (json_is_string(t))
			ok = oa_type_is(json_string_value(t), v);
		json_array_foreach(t, i, x) ok = ok || oa_type_is(json_string_value(x), v);
		if (!ok)
			return oa_fail(err, errlen, path, "wrong type");
	}
	if ((t = json_object_get(schema, "enum"))) {
		bool ok = false;

		json_array_foreach(t, i, x) ok = ok || json_equal(x, v);
		if (!ok)
			return oa_fail(err, errlen, path, "not one of the enum values");
	}
	if (json_is_number(v)) {
		if ((t = json_object_get(schema, "minimum")) && json_number_value(v) < json_number_value(t))
			return oa_fail(err, errlen, path, "below the minimum");
		if ((t = json_object_get(schema, "maximum")) && json_number_value(v) > json_number_value(t))
			return oa_fail(err, errlen, path, "above the maximum");
	}
	if ((t = json_object_get(schema, "allOf"))) {
		json_array_foreach(t, i, sub) if (!oa_check(doc, sub, v, path, err, errlen)) return false;
	}
	if ((t = json_object_get(schema, "oneOf"))) {
		size_t n = 0;
		char tmp[256];

		json_array_foreach(t, i, sub) n += oa_check(doc, sub, v, path, tmp, sizeof tmp);
		if (n != 1)
			return oa_fail(err, errlen, path, n ? "matches several oneOf" : "matches no oneOf");
	}
	if (json_is_object(v)) {
		json_t *props = json_object_get(schema, "properties");
		json_t *addl = json_object_get(schema, "additionalProperties");

		json_array_foreach(json_object_get(schema, "required"), i, x) {
			if (!json_object_get(v, json_string_value(x))) {
				snprintf(sub_path, sizeof sub_path, "missing required '%s'", json_string_value(x));
				return oa_fail(err, errlen, path, sub_path);
			}
		}
		json_object_foreach(v, key, x) {
			json_t *ps = props ? json_object_get(props, key) : NULL;

			snprintf(sub_path, sizeof sub_path, "%s.%s", path, key);
			if (ps) {
				if (!oa_check(doc, ps, x, sub_path, err, errlen))
					return false;
			} else if (json_is_false(addl)) {
				return oa_fail(err, errlen, sub_path, "property not allowed");
			} else if (json_is_object(addl)) {
				if (!oa_check(doc, addl, x, sub_path, err, errlen))
					return false;
			}
		}
	}
	if (json_is_array(v) && (t = json_object_get(schema, "items"))) {
		json_array_foreach(v, i, x) {
			snprintf(sub_path, sizeof sub_path, "%s[%zu]", path, i);
			if (!oa_check(doc, t, x, sub_path, err, errlen))
				return false;
		}
	}
	return true;
}

/* The response schema of path_template/method/status for content type ctype, or NULL. */
static inline json_t *oa_response_schema(json_t *doc, const char *path_template,
                                         const char *method, int status, const char *ctype)
{
	char code[8];
	json_t *op = json_object_get(json_object_get(json_object_get(doc, "paths"), path_template),
	                             method);

	snprintf(code, sizeof code, "%d", status);
	return json_object_get(json_object_get(json_object_get(json_object_get(json_object_get(
	                                                                           op, "responses"),
	                                                                       code),
	                                                       "content"),
	                                       ctype),
	                       "schema");
}

/* Validate a response body (JSON text) against the document. */
static inline bool oa_validate(json_t *doc, const char *path_template, const char *method,
                               int status, const char *body, char *err, size_t errlen)
{
	json_t *schema = oa_response_schema(doc, path_template, method, status, "application/json");
	json_t *v;
	bool ok;

	if (!schema) {
		snprintf(err, errlen, "no schema for %s %s %d", method, path_template, status);
		return false;
	}
	v = json_loads(body, 0, NULL);
	if (!v) {
		snprintf(err, errlen, "the body is not JSON");
		return false;
	}
	ok = oa_check(doc, schema, v, "", err, errlen);
	json_decref(v);
	return ok;
}

#endif
