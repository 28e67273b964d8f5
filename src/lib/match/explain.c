/*
 * explain.c - explanations as JSON, for the CLI, the API and the audit trail.
 */
#include "match_int.h"
#include "lookout/error.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>

static double r3(double v)
{
	return round(v * 1000.0) / 1000.0;
}

int lk_explanation_to_json(const lk_explanation *x, lk_buf *out)
{
	json_t *o = json_object();
	json_t *parts = json_array(), *features = json_array();
	if (!o || !parts || !features) {
		json_decref(o);
		json_decref(parts);
		json_decref(features);
		return lk_error_set(LK_ENOMEM, "explain: out of memory");
	}
	json_object_set_new(o, "query_name", x->query_name ? json_string(x->query_name) : json_null());
	json_object_set_new(o, "matched_name",
	                    x->matched_name ? json_string(x->matched_name) : json_null());
	json_object_set_new(o, "matched_property",
	                    x->matched_prop ? json_string(x->matched_prop) : json_null());
	json_object_set_new(o, "transliteration", json_string(x->translit ? x->translit : "default"));
	json_object_set_new(o, "name_score", json_real(r3(x->name_score)));
	for (size_t i = 0; i < x->nparts; i++) {
		const lk_part_match *p = &x->parts[i];
		json_t *j = json_object();
		json_object_set_new(j, "query", p->query[0] ? json_string(p->query) : json_null());
		json_object_set_new(j, "candidate",
		                    p->candidate[0] ? json_string(p->candidate) : json_null());
		json_object_set_new(j, "how", json_string(lk_part_how_name(p->how)));
		json_object_set_new(j, "similarity", json_real(r3(p->similarity)));
		json_object_set_new(j, "weight", json_real(r3(p->weight)));
		json_object_set_new(j, "role", json_string(p->role ? p->role : "name"));
		json_array_append_new(parts, j);
	}
	for (size_t i = 0; i < x->nfeatures; i++) {
		const lk_feature_effect *f = &x->features[i];
		json_t *j = json_object();
		json_object_set_new(j, "feature", json_string(f->feature));
		json_object_set_new(j, "delta", json_real(r3(f->delta)));
		json_object_set_new(j, "detail", json_string(f->detail));
		json_array_append_new(features, j);
	}
	json_object_set_new(o, "parts", parts);
	json_object_set_new(o, "features", features);
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	json_decref(o);
	if (!s)
		return lk_error_set(LK_ENOMEM, "explain: out of memory");
	int rc = lk_buf_puts(out, s);
	free(s);
	return rc;
}
