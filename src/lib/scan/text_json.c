/*
 * text_json.c - scan results as JSON, for `lookout scan-text --json`, `lookout scan-payment`
 * and the HTTP server: the mentions with their offsets, the text as written, and each
 * mention's results in the form `lookout screen --json` gives them.
 */
#include "scan_int.h"
#include "scan_json.h"
#include "lookout/error.h"

#include <stdlib.h>
#include <string.h>

bool lk_scan__first_name(const lk_entity *e, size_t i)
{
	const lk_value *v = &e->values[i];
	if (lk_prop_kind_of(v->prop) != LK_KIND_NAME)
		return false;
	for (size_t j = 0; j < i; j++)
		if (lk_prop_kind_of(e->values[j].prop) == LK_KIND_NAME &&
		    strcmp(e->values[j].value, v->value) == 0)
			return false;
	return true;
}

/* Every name-kind value of the entity once, as `screen --json` lists them. */
static json_t *entity_names(const lk_entity *e)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < e->nvalues; i++)
		if (lk_scan__first_name(e, i))
			json_array_append_new(a, json_string(e->values[i].value));
	return a;
}

json_t *lk_scan__result_json(const lk_match_result *r, bool explain)
{
	const lk_entity *e = r->entity;
	json_t *o = json_object();
	if (!o)
		return NULL;
	json_object_set_new(o, "id", json_string(e->id));
	json_object_set_new(o, "caption", e->caption && *e->caption ? json_string(e->caption)
	                                                             : json_null());
	json_object_set_new(o, "schema", json_string(lk_schema_name(e->schema)));
	json_object_set_new(o, "source", json_string(e->source));
	json_object_set_new(o, "names", entity_names(e));
	json_object_set_new(o, "score", json_real(r->score));
	json_object_set_new(o, "match", json_boolean(r->match));
	if (explain) {
		lk_buf b;
		lk_buf_init(&b, 1 << 20);
		json_t *x = NULL;
		if (lk_explanation_to_json(&r->explanation, &b) == 0)
			x = json_loads(lk_buf_cstr(&b), 0, NULL);
		lk_buf_dispose(&b);
		if (!x) {
			json_decref(o);
			return NULL;
		}
		json_object_set_new(o, "explanation", x);
	}
	return o;
}

json_t *lk_scan__mentions_json(const lk_scan_result *r, const char *text, bool explain)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < r->count; i++) {
		const lk_scan_mention *m = &r->mentions[i];
		json_t *o = json_object(), *res = json_array();
		if (!o || !res) {
			json_decref(o);
			json_decref(res);
			json_decref(a);
			return NULL;
		}
		json_object_set_new(o, "start", json_integer((json_int_t)m->start));
		json_object_set_new(o, "end", json_integer((json_int_t)m->end));
		json_object_set_new(o, "text", json_stringn(text + m->start, m->end - m->start));
		json_object_set_new(o, "how", json_string(lk_scan_how_name(m->how)));
		json_object_set_new(o, "query", json_string(m->query));
		for (size_t k = 0; k < m->nresults; k++) {
			json_t *x = lk_scan__result_json(&m->results[k], explain);
			if (!x) {
				json_decref(o);
				json_decref(res);
				json_decref(a);
				return NULL;
			}
			json_array_append_new(res, x);
		}
		json_object_set_new(o, "results", res);
		json_array_append_new(a, o);
	}
	return a;
}

json_t *lk_scan__stats_json(const lk_scan_stats *st)
{
	return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:f}", "bytes", (json_int_t)st->bytes, "words",
	                 (json_int_t)st->words, "name_words", (json_int_t)st->name_words, "spans",
	                 (json_int_t)st->spans, "screened", (json_int_t)st->screened, "mentions",
	                 (json_int_t)st->mentions, "seconds", st->seconds);
}

int lk_scan__dump(json_t *o, lk_buf *out)
{
	if (!o)
		return lk_error_set(LK_ENOMEM, "scan: out of memory building JSON");
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	json_decref(o);
	if (!s)
		return lk_error_set(LK_ENOMEM, "scan: out of memory building JSON");
	int rc = lk_buf_puts(out, s);
	free(s);
	return rc;
}

int lk_scan_result_item_json(lk_buf *out, const lk_match_result *r, bool explain)
{
	return lk_scan__dump(lk_scan__result_json(r, explain), out);
}

int lk_scan_text_json(lk_buf *out, const lk_index *ix, const char *text, size_t len,
                      const lk_scan_options *o)
{
	lk_scan_result *r;
	int rc = lk_scan_text(&r, ix, text, len, o);
	if (rc)
		return rc;
	json_t *doc = json_object();
	json_t *m = lk_scan__mentions_json(r, text, o ? o->explain : false);
	json_t *st = lk_scan__stats_json(&r->stats);
	lk_scan_result_free(r);
	if (!doc || !m || !st) {
		json_decref(doc);
		json_decref(m);
		json_decref(st);
		return lk_error_set(LK_ENOMEM, "scan: out of memory building JSON");
	}
	json_object_set_new(doc, "mentions", m);
	json_object_set_new(doc, "stats", st);
	return lk_scan__dump(doc, out);
}
