/*
 * entity_json.c - the canonical JSON form of an entity, and reading it (or FtM JSON) back.
 *
 * The store keeps each entity as this JSON and diffs versions by comparing it, so the writer
 * must give the same bytes for the same entity: keys in a fixed order (id, schema, caption,
 * source, native_id, properties, provenance), properties in LK_PROP_MAP order, values in
 * insertion order, no insignificant white space. It is written by hand rather than through
 * jansson so that the escaping is ours and fixed: '"', '\\' and control characters escaped
 * (\n, \t, ... or \u00XX), all other UTF-8 written as is, and any invalid UTF-8 byte (which
 * lk_entity_add() never lets in, but an entity may be built by hand) written as \ufffd, so
 * the output is valid JSON whatever the entity holds.
 *
 * "provenance" has, for each property with at least one known origin, one string per value
 * of that property in the same order ("" where unknown); it is omitted when no value has an
 * origin. The reader accepts that form and plain FollowTheMoney entity objects
 * ({"id","schema","properties":{...}}, extra keys such as "datasets" ignored) via jansson.
 */
#include "lookout/entity.h"
#include "lookout/error.h"
#include "lookout/utf8.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* The largest entity JSON the reader accepts. */
#define MAX_ENTITY_JSON (16u << 20)

static int put_json_string(lk_buf *b, const char *s)
{
	int rc;
	if (!s)
		return lk_buf_put(b, "null", 4);
	if ((rc = lk_buf_putc(b, '"')))
		return rc;
	size_t n = strlen(s), run = 0;
	for (size_t i = 0; i < n && rc == 0;) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char ubuf[8];
		size_t k = 1;
		if (c == '"') {
			esc = "\\\"";
		} else if (c == '\\') {
			esc = "\\\\";
		} else if (c < 0x20) {
			switch (c) {
			case '\b': esc = "\\b"; break;
			case '\f': esc = "\\f"; break;
			case '\n': esc = "\\n"; break;
			case '\r': esc = "\\r"; break;
			case '\t': esc = "\\t"; break;
			default:
				snprintf(ubuf, sizeof ubuf, "\\u%04x", c);
				esc = ubuf;
			}
		} else if (c >= 0x80) {
			uint32_t cp;
			k = lk_utf8_decode(s + i, n - i, &cp);
			if (k == 1)
				esc = "\\ufffd"; /* an invalid byte */
		}
		if (!esc) {
			i += k;
			run += k;
			continue;
		}
		/* flush the run of bytes that need no escaping, then the escape */
		rc = lk_buf_put(b, s + i - run, run);
		run = 0;
		if (rc == 0)
			rc = lk_buf_puts(b, esc);
		i += k;
	}
	if (rc == 0)
		rc = lk_buf_put(b, s + n - run, run);
	if (rc == 0)
		rc = lk_buf_putc(b, '"');
	return rc;
}

static int put_key(lk_buf *b, bool *first, const char *key)
{
	int rc = 0;
	if (!*first)
		rc = lk_buf_putc(b, ',');
	*first = false;
	if (rc == 0)
		rc = put_json_string(b, key);
	if (rc == 0)
		rc = lk_buf_putc(b, ':');
	return rc;
}

/* "properties" (origins == false) or "provenance" (origins == true) object. */
static int put_props(lk_buf *b, const lk_entity *e, const size_t *count,
                     const size_t *with_origin, bool origins)
{
	int rc = lk_buf_putc(b, '{');
	bool first = true;
	for (size_t p = 0; p < LK_PROP__COUNT && rc == 0; p++) {
		if (!count[p] || (origins && !with_origin[p]))
			continue;
		rc = put_key(b, &first, lk_prop_name((lk_prop)p));
		if (rc == 0)
			rc = lk_buf_putc(b, '[');
		size_t seen = 0;
		for (size_t i = 0; i < e->nvalues && seen < count[p] && rc == 0; i++) {
			const lk_value *v = &e->values[i];
			if ((size_t)v->prop != p)
				continue;
			if (seen++ > 0)
				rc = lk_buf_putc(b, ',');
			if (rc == 0) {
				const char *s = origins ? (v->origin ? v->origin : "") : v->value;
				rc = put_json_string(b, s ? s : "");
			}
		}
		if (rc == 0)
			rc = lk_buf_putc(b, ']');
	}
	if (rc == 0)
		rc = lk_buf_putc(b, '}');
	return rc;
}

int lk_entity_to_json(const lk_entity *e, lk_buf *out)
{
	size_t count[LK_PROP__COUNT] = {0}, with_origin[LK_PROP__COUNT] = {0};
	bool any_origin = false;
	bool first = true;
	int rc;
	for (size_t i = 0; i < e->nvalues; i++) {
		const lk_value *v = &e->values[i];
		if ((unsigned)v->prop >= LK_PROP__COUNT)
			continue;
		count[v->prop]++;
		if (v->origin && *v->origin) {
			with_origin[v->prop]++;
			any_origin = true;
		}
	}
	if ((rc = lk_buf_putc(out, '{')))
		return rc;
	if (!(rc = put_key(out, &first, "id")))
		rc = put_json_string(out, e->id);
	if (rc == 0 && !(rc = put_key(out, &first, "schema")))
		rc = put_json_string(out, lk_schema_name(e->schema));
	if (rc == 0 && !(rc = put_key(out, &first, "caption")))
		rc = put_json_string(out, e->caption);
	if (rc == 0 && !(rc = put_key(out, &first, "source")))
		rc = put_json_string(out, e->source);
	if (rc == 0 && !(rc = put_key(out, &first, "native_id")))
		rc = put_json_string(out, e->native_id);
	if (rc == 0 && !(rc = put_key(out, &first, "properties")))
		rc = put_props(out, e, count, with_origin, false);
	if (rc == 0 && any_origin && !(rc = put_key(out, &first, "provenance")))
		rc = put_props(out, e, count, with_origin, true);
	if (rc == 0)
		rc = lk_buf_putc(out, '}');
	return rc;
}

static const char *get_string(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Add the values of one property: an array of strings (FtM also allows a lone string). */
static int add_prop(lk_entity *e, lk_arena *a, lk_prop p, const json_t *vals,
                    const json_t *origins)
{
	int rc = 0;
	if (json_is_string(vals))
		return lk_entity_addn(e, a, p, json_string_value(vals), json_string_length(vals),
		                      NULL);
	if (!json_is_array(vals))
		return 0;
	for (size_t i = 0; i < json_array_size(vals) && rc == 0; i++) {
		const json_t *v = json_array_get(vals, i);
		const json_t *o = json_is_array(origins) ? json_array_get(origins, i) : NULL;
		if (!json_is_string(v))
			continue; /* FtM values are strings; anything else is not ours to guess */
		rc = lk_entity_addn(e, a, p, json_string_value(v), json_string_length(v),
		                    json_is_string(o) ? json_string_value(o) : NULL);
	}
	return rc;
}

int lk_entity_from_json(lk_entity **out, lk_arena *a, const char *json, size_t len)
{
	json_error_t jerr;
	json_t *root = NULL;
	lk_entity *e = NULL;
	int rc = 0;
	*out = NULL;
	if (len > MAX_ENTITY_JSON) {
		rc = lk_error_set(LK_ETOOBIG, "entity_json: %zu bytes, more than the limit of %u",
		                  len, MAX_ENTITY_JSON);
		goto done;
	}
	root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		rc = lk_error_set(LK_EINVALID, "entity_json: line %d, column %d: %s", jerr.line,
		                  jerr.column, jerr.text);
		goto done;
	}
	if (!json_is_object(root)) {
		rc = lk_error_set(LK_EINVALID, "entity_json: not a JSON object");
		goto done;
	}
	const char *id = get_string(root, "id");
	if (!id || !*id) {
		rc = lk_error_set(LK_EINVALID, "entity_json: no \"id\"");
		goto done;
	}
	const json_t *props = json_object_get(root, "properties");
	if (props && !json_is_object(props)) {
		rc = lk_error_set(LK_EINVALID, "entity_json: %s: \"properties\" is not an object",
		                  id);
		goto done;
	}
	const json_t *prov = json_object_get(root, "provenance");
	const char *schema = get_string(root, "schema");
	const char *native = get_string(root, "native_id");
	e = lk_entity_new(a, lk_schema_from_name(schema), get_string(root, "source"), NULL, id);
	if (!e) {
		rc = lk_error_last()->code == LK_ETOOBIG ? LK_ETOOBIG : LK_ENOMEM;
		goto done;
	}
	if (native && !(e->native_id = lk_arena_strdup(a, native))) {
		rc = lk_error_last()->code == LK_ETOOBIG ? LK_ETOOBIG : LK_ENOMEM;
		goto done;
	}
	/* In property order, so that the entity (and its JSON) does not depend on the order of
	 * the keys in the input. */
	for (size_t p = 0; p < LK_PROP__COUNT && props && rc == 0; p++) {
		const char *name = lk_prop_name((lk_prop)p);
		const json_t *vals = json_object_get(props, name);
		if (vals)
			rc = add_prop(e, a, (lk_prop)p, vals,
			              json_is_object(prov) ? json_object_get(prov, name) : NULL);
	}
	if (rc != 0) {
		lk_error_prefix("entity_json: %s", id);
		goto done;
	}
	/* Keep the stored caption: it may have come from a value added before the others. */
	const char *caption = get_string(root, "caption");
	if (caption && *caption && (!e->caption || strcmp(caption, e->caption) != 0)) {
		const char *c = NULL;
		for (size_t i = 0; i < e->nvalues && !c; i++)
			if (strcmp(e->values[i].value, caption) == 0)
				c = e->values[i].value;
		if (!c && !(c = lk_arena_strdup(a, caption))) {
			rc = lk_error_last()->code == LK_ETOOBIG ? LK_ETOOBIG : LK_ENOMEM;
			goto done;
		}
		e->caption = c;
	}
	*out = e;
done:
	json_decref(root);
	return rc;
}
