/*
 * cli_match.c - the parts of `lookout screen` and `lookout compare` that both need: their
 * option values, the index built from the store, results as JSON, and explanations in words.
 *
 * The explanation in words is for an analyst deciding on an alert, so it says what the
 * engine saw in the terms of the case: which of the entity's names matched the name asked
 * about, which query part met which listed part and how ("Lawrow ~ LAVROV (phonetic, 0.97)"),
 * and what the birth date, country or identifier added or took away. The JSON keeps the
 * engine's own explanation object (lk_explanation_to_json) unchanged, for programs.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli_match.h"

/* ---- option values ---- */

bool cli_parse_schema(const char *s, lk_schema *out)
{
	lk_schema alias;

	if (strcasecmp(s, "any") == 0) {
		*out = LK_SCHEMA_UNKNOWN;
		return true;
	}
	for (int i = 1; i < LK_SCHEMA__COUNT; i++) {
		if (strcasecmp(s, lk_schema_name((lk_schema)i)) == 0) {
			*out = (lk_schema)i;
			return true;
		}
	}
	alias = lk_schema_from_name(s);
	if (alias == LK_SCHEMA_UNKNOWN)
		return false;
	*out = alias;
	return true;
}

const char *cli_schema_label(lk_schema s)
{
	return s == LK_SCHEMA_UNKNOWN ? "Any" : lk_schema_name(s);
}

bool cli_parse_threshold(const char *s, double *out)
{
	char *end = NULL;
	double v;

	if (!s || !((*s >= '0' && *s <= '9') || *s == '.'))
		return false;
	v = strtod(s, &end);
	if (*end || !(v >= 0.0 && v <= 1.0))
		return false;
	*out = v;
	return true;
}

const char *cli_parse_gender(const char *s)
{
	if (strcasecmp(s, "male") == 0 || strcasecmp(s, "m") == 0)
		return "male";
	if (strcasecmp(s, "female") == 0 || strcasecmp(s, "f") == 0)
		return "female";
	return NULL;
}

/* ---- the index ---- */

/*
 * Check each --source against the active versions; name the known sources if not. The
 * dataset names of the API are understood too: "default" (every source: no filter) and
 * "sanctions" (the sources whose active version is a sanctions list, lk_version_info
 * .sanctions); *sources is then pointed at the resolved names, which live as long as the
 * process (one command a process).
 */
static int resolve_sources(lk_store *store, const char *const **sources, size_t *nsources)
{
	static char names[CLI_MATCH_MAX_VALUES][64];
	static const char *resolved[CLI_MATCH_MAX_VALUES];
	lk_version_info *active = NULL;
	size_t n = 0, nres = 0;
	bool all = false, collection = false;
	char known[512] = "";
	int rc;

	if (!sources || *nsources == 0)
		return 0;
	rc = lk_store_active_versions(store, &active, &n);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		size_t used = strlen(known);

		snprintf(known + used, sizeof(known) - used, "%s%s", i ? ", " : "",
		         active[i].source);
	}
	for (size_t s = 0; s < *nsources && rc == 0; s++) {
		const char *want = (*sources)[s];
		bool sanctions = strcmp(want, "sanctions") == 0, found = false;
		bool every = strcmp(want, "default") == 0;

		all |= every;
		collection |= sanctions || every;
		for (size_t i = 0; i < n && !every; i++) {
			bool dup = false;

			if (!lk_version_in_dataset(&active[i], want))
				continue;
			found = true;
			for (size_t k = 0; k < nres && !dup; k++)
				dup = strcmp(names[k], active[i].source) == 0;
			if (dup)
				continue;
			if (nres == CLI_MATCH_MAX_VALUES) {
				rc = lk_error_set(LK_EINVALID, "more than %d sources to screen against",
				                  CLI_MATCH_MAX_VALUES);
				break;
			}
			snprintf(names[nres], sizeof names[nres], "%s", active[i].source);
			resolved[nres] = names[nres];
			nres++;
		}
		if (rc == 0 && !found && sanctions)
			rc = lk_error_set(LK_ENOTFOUND, "no sanctions list in the store (sources: %s)",
			                  n ? known : "none");
		else if (rc == 0 && !found && !every)
			rc = lk_error_set(LK_ENOTFOUND, "no source '%s' in the store (sources: %s)",
			                  want, n ? known : "none");
	}
	free(active);
	if (rc == 0 && collection) {
		*sources = all ? NULL : resolved;
		*nsources = all ? 0 : nres;
	}
	return rc;
}

int cli_index_open(cli_ctx *ctx, const char *const **sources, size_t *nsources, lk_index **out)
{
	lk_store *store = NULL;
	lk_index *ix = NULL;
	cli_progress p;
	int rc;

	*out = NULL;
	cli_progress_init(&p, ctx, "index");
	rc = cli_store_open(ctx, false, &store);
	if (rc < 0)
		goto done;
	rc = resolve_sources(store, sources, nsources);
	if (rc < 0)
		goto done;
	cli_progress_status(&p, "building the index of %s", lk_store_path(store));
	rc = lk_index_load_or_build(&ix, store, LK_INDEX_SAVE_SNAPSHOT);
	cli_progress_done(&p);
	if (rc < 0)
		goto done;
	if (lk_index_count(ix) == 0) {
		rc = lk_error_set(LK_ENOTFOUND,
		                  "no lists in the store at %s: import a list first "
		                  "(lookout lists import PATH)",
		                  lk_store_path(store));
		goto done;
	}
	*out = ix;
	ix = NULL;
done:
	lk_index_unref(ix);
	lk_store_close(store);
	return rc;
}

/* ---- JSON ---- */

static json_t *string_array(const char *const *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

json_t *cli_json_query(const lk_query *q)
{
	json_t *o = json_object();
	json_t *dates = json_array();

	/* dates as the engine reads them ("07/10/1952" is 1952-10-07); they were checked */
	for (size_t i = 0; dates && i < q->nbirth_dates; i++) {
		char iso[11];
		const char *d = lk_date_normalize(q->birth_dates[i], iso);

		json_array_append_new(dates, json_string(d ? d : q->birth_dates[i]));
	}
	if (!o || !dates) {
		json_decref(o);
		json_decref(dates);
		return NULL;
	}
	json_object_set_new(o, "names", string_array(q->names, q->nnames));
	json_object_set_new(o, "schema", json_string(cli_schema_label(q->schema)));
	json_object_set_new(o, "birthDates", dates);
	json_object_set_new(o, "countries", string_array(q->countries, q->ncountries));
	json_object_set_new(o, "identifiers", string_array(q->identifiers, q->nidentifiers));
	return o;
}

json_t *cli_json_explanation(const lk_explanation *x)
{
	lk_buf b;
	json_t *v = NULL;

	lk_buf_init(&b, 0);
	if (lk_explanation_to_json(x, &b) == 0)
		v = json_loadb(lk_buf_cstr(&b), b.len, 0, NULL);
	lk_buf_dispose(&b);
	return v;
}

/* Every name-kind value of e, each once, in the entity's order. */
static json_t *entity_names(const lk_entity *e)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < e->nvalues; i++) {
		const lk_value *v = &e->values[i];
		bool seen = false;

		if (lk_prop_kind_of(v->prop) != LK_KIND_NAME)
			continue;
		for (size_t j = 0; j < i && !seen; j++) {
			seen = lk_prop_kind_of(e->values[j].prop) == LK_KIND_NAME &&
			       strcmp(e->values[j].value, v->value) == 0;
		}
		if (!seen)
			json_array_append_new(a, json_string(v->value));
	}
	return a;
}

json_t *cli_json_result(const lk_match_result *r, bool names, bool explanation)
{
	const lk_entity *e = r->entity;
	json_t *o = json_object();

	if (!o)
		return NULL;
	json_object_set_new(o, "id", json_string(e->id));
	cli_json_set_str(o, "caption", e->caption);
	json_object_set_new(o, "schema", json_string(lk_schema_name(e->schema)));
	json_object_set_new(o, "source", json_string(e->source));
	if (names)
		json_object_set_new(o, "names", entity_names(e));
	json_object_set_new(o, "score", json_real(r->score));
	json_object_set_new(o, "match", json_boolean(r->match));
	if (explanation) {
		json_t *x = cli_json_explanation(&r->explanation);

		if (!x) {
			json_decref(o);
			return NULL;
		}
		json_object_set_new(o, "explanation", x);
	}
	return o;
}

int cli_json_print_doc(json_t *v)
{
	int rc = 0;

	if (!v)
		return lk_error_set(LK_ENOMEM, "out of memory building JSON output");
	if (json_dumpf(v, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(6)) != 0 ||
	    fputc('\n', stdout) == EOF)
		rc = lk_error_set(LK_EIO, "cannot write JSON to standard output");
	json_decref(v);
	return rc;
}

/* ---- in words ---- */

const char *cli_score_text(double score, char buf[16])
{
	/* the small epsilon keeps 0.7 (0.6999999...) from showing as 0.699 */
	snprintf(buf, 16, "%.3f", floor(score * 1000.0 + 1e-9) / 1000.0);
	return buf;
}

/* One part alignment in words into out. */
static void part_text(const lk_part_match *p, char *out, size_t size)
{
	const char *role = p->role ? p->role : "name";

	if (p->how == LK_PART_UNMATCHED && p->query[0])
		snprintf(out, size, "%s: no counterpart", p->query);
	else if (p->how == LK_PART_UNMATCHED)
		snprintf(out, size, "%s (%s): not in the query", p->candidate, role);
	else
		snprintf(out, size, "%s ~ %s (%s, %.2f)", p->query, p->candidate,
		         lk_part_how_name(p->how), p->similarity);
}

void cli_print_explanation(FILE *f, const lk_explanation *x, int indent, bool name_line)
{
	enum { WRAP = 100 };
	int col;

	if (name_line && x->matched_name) {
		fprintf(f, "%*squery \"%s\" ~ listed %s \"%s\" (name score %.2f", indent, "",
		        x->query_name ? x->query_name : "",
		        x->matched_prop ? x->matched_prop : "name", x->matched_name, x->name_score);
		/* say how a name in another script was read, when it was not plain Latin */
		if (x->translit && strcmp(x->translit, "latin") != 0 &&
		    strcmp(x->translit, "default") != 0)
			fprintf(f, ", read as %s", x->translit);
		fputs(")\n", f);
	}
	col = 0;
	for (size_t i = 0; i < x->nparts; i++) {
		char part[200];
		int len;

		part_text(&x->parts[i], part, sizeof(part));
		len = (int)cli_display_width(part);
		if (col == 0) {
			col = fprintf(f, "%*s  parts: ", indent, "");
		} else if (col + len + 2 > WRAP) {
			fprintf(f, ";\n%*s         ", indent, "");
			col = indent + 9;
		} else {
			col += fprintf(f, "; ");
		}
		fputs(part, f);
		col += len;
	}
	if (col > 0)
		fputc('\n', f);
	for (size_t i = 0; i < x->nfeatures; i++) {
		const lk_feature_effect *e = &x->features[i];

		fprintf(f, "%*s  %+.2f %s\n", indent, "", e->delta,
		        e->detail[0] ? e->detail : e->feature);
	}
}
