/*
 * ftm_json.c - OpenSanctions / FollowTheMoney entities as JSON lines.
 *
 * One JSON object per line: {"id", "schema", "properties": {"name": [...], ...}, "caption",
 * "datasets", "referents", "first_seen", ...}. The entities a screen can match (Person,
 * Organization, Company, LegalEntity, PublicBody, Vessel, Airplane) become lk_entity records
 * with their FtM id unchanged. The other schemas describe those entities from the side:
 * a Sanction names its entity, a Passport its holder, an entity names its Address through
 * "addressEntity", an Occupancy joins a holder to a Position. What the model has a place for
 * is folded into the entity concerned (program, passportNumber, idNumber, address, position);
 * these records may come before or after the entity, so folds are collected while reading and
 * attached at the end. Everything else (Ownership, Family, Payment, ...) is counted in one
 * warning, as are the properties the model lacks.
 *
 * Each line is bounded (FTM_MAX_LINE), checked for UTF-8 before jansson sees it (so that the
 * error says "invalid UTF-8" and where, rather than jansson's decoder message), and parsed on
 * its own; a line that ends the file without its closing brace is reported as truncated.
 */
#include "parse_int.h"
#include "lookout/strmap.h"
#include "lookout/utf8.h"
#include "lookout/buf.h"

#include <jansson.h>
#include <string.h>

#define FTM_MAX_LINE ((size_t)16 << 20)
#define FTM_SCRATCH_MAX ((size_t)512 << 20)
/* Distinct names listed in a warning before "and N more". */
#define FTM_WARN_NAMES 12

/* A value to attach at the end: to the entity `target`, either `value` or the text of the
 * Address / Position record `ref`. */
typedef struct fold {
	lk_prop prop;
	const char *target;
	const char *value;
	const char *ref;
	const char *origin;
	const char *schema; /* the folded record's schema, for the warning */
	struct fold *next;
} fold;

typedef struct text_node {
	const char *text;
	struct text_node *next;
} text_node;

/* Counts by name, in order of first appearance (for deterministic warnings). */
typedef struct tally_item {
	const char *name;
	size_t count;
} tally_item;

typedef struct tally {
	lk_strmap *index; /* name -> tally_item */
	tally_item **items;
	size_t n, cap;
} tally;

typedef struct ftm_ctx {
	lk_list *l;
	const lk_input *in;
	lk_arena *scratch;
	lk_strmap *entities; /* FtM id -> lk_entity */
	lk_strmap *texts;    /* Address / Position id -> text_node list */
	fold *folds, *last_fold;
	tally skipped, dropped;
	size_t records, duplicates, unresolved, non_string;
	long line;
	const char *origin;
} ftm_ctx;

static int tally_add(ftm_ctx *x, tally *t, const char *name, size_t n)
{
	tally_item *it = lk_strmap_get(t->index, name);
	if (!it) {
		if (t->n == t->cap) {
			size_t cap = t->cap ? 2 * t->cap : 16;
			tally_item **items = lk_arena_grow(x->scratch, t->items, t->n, cap, sizeof *items);
			if (!items)
				return LK_ENOMEM;
			t->items = items;
			t->cap = cap;
		}
		if (!(it = lk_arena_alloc(x->scratch, sizeof *it)) ||
		    !(it->name = lk_arena_strdup(x->scratch, name)))
			return LK_ENOMEM;
		int rc = lk_strmap_put(t->index, name, it);
		if (rc)
			return rc;
		t->items[t->n++] = it;
	}
	it->count += n;
	return 0;
}

/* "764 Family, 103 Occupancy" (or "wikidataId (710)") into out, at most FTM_WARN_NAMES. */
static int tally_format(const tally *t, lk_buf *out, bool count_first)
{
	int rc = 0;
	for (size_t i = 0; i < t->n && !rc; i++) {
		if (i == FTM_WARN_NAMES)
			return lk_buf_printf(out, " and %zu more", t->n - i);
		const tally_item *it = t->items[i];
		if (count_first)
			rc = lk_buf_printf(out, "%s%zu %s", i ? ", " : "", it->count, it->name);
		else
			rc = lk_buf_printf(out, "%s%s (%zu)", i ? ", " : "", it->name, it->count);
	}
	return rc;
}

static int line_error(ftm_ctx *x, int code, const char *fmt, const char *detail)
{
	return lk_error_set_at(code, x->in->path, x->line, -1, fmt, detail);
}

/* ---- reading values ---- */

static lk_schema screenable_schema(const char *name)
{
	lk_schema s = lk_schema_from_name(name);
	/* lk_schema_from_name also accepts list vocabulary ("Individual"); FtM names are exact. */
	if (s == LK_SCHEMA_UNKNOWN || strcmp(lk_schema_name(s), name) != 0)
		return LK_SCHEMA_UNKNOWN;
	return s;
}

static int add_value(ftm_ctx *x, lk_entity *e, lk_prop p, const char *v)
{
	lk_arena *a = x->l->arena;
	switch (lk_prop_kind_of(p)) {
	case LK_KIND_DATE: {
		/* FtM dates may carry a time ("2024-03-13T06:53:02"); the model keeps the date. */
		char d[11];
		size_t n = strlen(v);
		if (n > 10 && v[10] == 'T') {
			memcpy(d, v, 10);
			d[10] = '\0';
			v = d;
		}
		return lk_entity_add_date(e, a, p, v, x->origin, true);
	}
	case LK_KIND_COUNTRY:
		return lk_entity_add_country(e, a, p, v, x->origin);
	default:
		return lk_entity_add(e, a, p, v, x->origin);
	}
}

static int pend_fold(ftm_ctx *x, lk_prop p, const char *target, const char *value,
                     const char *ref, const char *schema)
{
	fold *f = lk_arena_alloc(x->scratch, sizeof *f);
	if (!f || !(f->target = lk_arena_strdup(x->scratch, target)) ||
	    (value && !(f->value = lk_arena_strdup(x->scratch, value))) ||
	    (ref && !(f->ref = lk_arena_strdup(x->scratch, ref))) ||
	    !(f->schema = lk_arena_strdup(x->scratch, schema)))
		return LK_ENOMEM;
	f->prop = p;
	f->origin = x->origin;
	if (x->last_fold)
		x->last_fold->next = f;
	else
		x->folds = f;
	x->last_fold = f;
	return 0;
}

/* The string values of property `name` (an array of strings), or NULL. */
static json_t *prop_array(json_t *props, const char *name)
{
	json_t *v = props ? json_object_get(props, name) : NULL;
	return json_is_array(v) ? v : NULL;
}

/* For every target id in props[target_prop] and every string in props[value_prop]: a fold. */
static int fold_values(ftm_ctx *x, json_t *props, const char *schema, const char *target_prop,
                       const char *value_prop, lk_prop p, bool as_ref)
{
	json_t *targets = prop_array(props, target_prop), *values = prop_array(props, value_prop);
	size_t i, j;
	json_t *t, *v;
	int rc;
	if (!targets || !values)
		return 0;
	json_array_foreach(targets, i, t) {
		if (!json_is_string(t))
			continue;
		json_array_foreach(values, j, v) {
			if (!json_is_string(v))
				continue;
			if ((rc = pend_fold(x, p, json_string_value(t), as_ref ? NULL : json_string_value(v),
			                    as_ref ? json_string_value(v) : NULL, schema)))
				return rc;
		}
	}
	return 0;
}

/* Address and Position records: their text, for the entities that point to them. */
static int keep_texts(ftm_ctx *x, const char *id, json_t *props, const char *const *names,
                      size_t nnames)
{
	for (size_t k = 0; k < nnames; k++) {
		json_t *arr = prop_array(props, names[k]), *v;
		size_t i;
		if (!arr)
			continue;
		json_array_foreach(arr, i, v) {
			if (!json_is_string(v) || !json_string_length(v))
				continue;
			text_node *n = lk_arena_alloc(x->scratch, sizeof *n);
			if (!n || !(n->text = lk_arena_strdup(x->scratch, json_string_value(v))))
				return LK_ENOMEM;
			n->next = lk_strmap_get(x->texts, id);
			int rc = lk_strmap_put(x->texts, id, n);
			if (rc)
				return rc;
		}
		return 0; /* the first property that has values is the record's text */
	}
	return 0;
}

/* An Address without "full": its parts joined in postal order. */
static int keep_address_parts(ftm_ctx *x, const char *id, json_t *props)
{
	static const char *const parts[] = {"street", "street2", "postalCode", "city", "region",
	                                    "state", "country"};
	lk_buf b;
	int rc = 0;
	lk_buf_init(&b, FTM_MAX_LINE);
	for (size_t k = 0; k < LK_ARRAY_SIZE(parts) && !rc; k++) {
		json_t *arr = prop_array(props, parts[k]), *v = arr ? json_array_get(arr, 0) : NULL;
		if (json_is_string(v) && json_string_length(v) > 0)
			rc = lk_buf_printf(&b, "%s%s", b.len ? ", " : "", json_string_value(v));
	}
	if (!rc && b.len > 0) {
		text_node *n = lk_arena_alloc(x->scratch, sizeof *n);
		if (!n || !(n->text = lk_arena_strdup(x->scratch, b.ptr)))
			rc = LK_ENOMEM;
		else {
			n->next = lk_strmap_get(x->texts, id);
			rc = lk_strmap_put(x->texts, id, n);
		}
	}
	lk_buf_dispose(&b);
	return rc;
}

static int fold_record(ftm_ctx *x, const char *schema, const char *id, json_t *props)
{
	int rc = 0;
	if (strcmp(schema, "Sanction") == 0) {
		/* The program names the regime; without one, the authority says whose list it is. */
		bool has_program = prop_array(props, "program") || prop_array(props, "programId");
		if ((rc = fold_values(x, props, schema, "entity", "program", LK_PROP_PROGRAM, false)) ||
		    (rc = fold_values(x, props, schema, "entity", "programId", LK_PROP_PROGRAM, false)))
			return rc;
		if (!has_program && (rc = fold_values(x, props, schema, "entity", "authority",
		                                      LK_PROP_PROGRAM, false)))
			return rc;
		if (prop_array(props, "listingDate"))
			return fold_values(x, props, schema, "entity", "listingDate", LK_PROP_LISTING_DATE,
			                   false);
		return fold_values(x, props, schema, "entity", "startDate", LK_PROP_LISTING_DATE, false);
	}
	if (strcmp(schema, "Passport") == 0 || strcmp(schema, "Identification") == 0) {
		lk_prop p = LK_PROP_ID_NUMBER;
		json_t *types = prop_array(props, "type"), *v;
		size_t i;
		if (strcmp(schema, "Passport") == 0)
			p = LK_PROP_PASSPORT_NUMBER;
		json_array_foreach(types, i, v)
			if (json_is_string(v) && strstr(json_string_value(v), "assport"))
				p = LK_PROP_PASSPORT_NUMBER;
		if ((rc = fold_values(x, props, schema, "holder", "number", p, false)))
			return rc;
		return fold_values(x, props, schema, "holder", "passportNumber", p, false);
	}
	if (strcmp(schema, "Address") == 0) {
		static const char *const names[] = {"full"};
		if (prop_array(props, "full"))
			return keep_texts(x, id, props, names, LK_ARRAY_SIZE(names));
		return keep_address_parts(x, id, props);
	}
	if (strcmp(schema, "Position") == 0) {
		static const char *const names[] = {"name"};
		return keep_texts(x, id, props, names, LK_ARRAY_SIZE(names));
	}
	if (strcmp(schema, "Occupancy") == 0)
		return fold_values(x, props, schema, "holder", "post", LK_PROP_POSITION, true);
	return tally_add(x, &x->skipped, schema, 1);
}

static bool is_folded_schema(const char *schema)
{
	static const char *const s[] = {"Sanction", "Passport", "Identification", "Address",
	                                "Position", "Occupancy"};
	for (size_t i = 0; i < LK_ARRAY_SIZE(s); i++)
		if (strcmp(schema, s[i]) == 0)
			return true;
	return false;
}

/* The caption first, when it is one of the names, so that it stays the entity's caption. */
static int add_caption(ftm_ctx *x, lk_entity *e, json_t *obj, json_t *props)
{
	json_t *cap = json_object_get(obj, "caption"), *names = prop_array(props, "name"), *v;
	size_t i;
	if (!json_is_string(cap) || !names)
		return 0;
	json_array_foreach(names, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), json_string_value(cap)) == 0)
			return add_value(x, e, LK_PROP_NAME, json_string_value(cap));
	return 0;
}

/*
 * An FtM export names its dataset in each record ("datasets": ["sa_wiki_peps_v2"]). When the
 * first entity belongs to exactly one dataset, the list's source name is "ftm_" and that name
 * (unless the caller chose one); entities merged from many datasets keep the format's default
 * name. The prefix keeps OpenSanctions' copies of official lists (dataset "eu_fsf") apart from
 * the official files Lookout reads itself (source "eu_fsf").
 */
static int name_source(ftm_ctx *x, json_t *obj)
{
	json_t *ds = json_object_get(obj, "datasets");
	if (!json_is_array(ds) || json_array_size(ds) != 1 || !json_is_string(json_array_get(ds, 0)))
		return 0;
	const char *name = json_string_value(json_array_get(ds, 0));
	size_t n = strlen(name);
	if (n == 0 || n > 56)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
		      name[i] == '_' || name[i] == '-'))
			return 0;
	char prefixed[64];
	snprintf(prefixed, sizeof prefixed, "ftm_%s", name);
	return lk_list__set_source(x->l, prefixed);
}

static int entity_record(ftm_ctx *x, lk_schema schema, const char *id, json_t *obj,
                         json_t *props)
{
	lk_entity *e = lk_strmap_get(x->entities, id);
	const char *key;
	json_t *arr, *v;
	size_t i;
	int rc;

	if (e) {
		/* The same id twice: FtM fragments of one entity. Merge them. */
		x->duplicates++;
	} else {
		if (x->l->count == 0 && (rc = name_source(x, obj)))
			return rc;
		if (!(e = lk_list__add_entity(x->l, schema, NULL, id)))
			return lk_error_last()->code ? lk_error_last()->code : LK_ENOMEM;
		if ((rc = lk_strmap_put(x->entities, id, e)))
			return rc;
	}
	if ((rc = add_caption(x, e, obj, props)))
		return rc;
	json_object_foreach(props, key, arr) {
		if (!json_is_array(arr)) {
			x->non_string++;
			continue;
		}
		if (strcmp(key, "addressEntity") == 0) {
			json_array_foreach(arr, i, v)
				if (json_is_string(v) &&
				    (rc = pend_fold(x, LK_PROP_ADDRESS, id, NULL, json_string_value(v),
				                    "Address")))
					return rc;
			continue;
		}
		int p = lk_prop_from_name(key);
		/* FtM's programId ("RUSSIA-EO14024") names the same thing as the model's program. */
		if (p < 0 && strcmp(key, "programId") == 0)
			p = LK_PROP_PROGRAM;
		if (p < 0) {
			if ((rc = tally_add(x, &x->dropped, key, json_array_size(arr))))
				return rc;
			continue;
		}
		json_array_foreach(arr, i, v) {
			if (!json_is_string(v)) {
				x->non_string++;
				continue;
			}
			if ((rc = add_value(x, e, (lk_prop)p, json_string_value(v))))
				return rc;
		}
	}
	return 0;
}

/* ---- lines ---- */

static int parse_line(ftm_ctx *x, const char *s, size_t n, bool last_unterminated)
{
	json_error_t jerr;
	json_t *obj = NULL;
	size_t bad;
	int rc = 0;

	if (!lk_utf8_valid(s, n, &bad)) {
		rc = lk_error_set_at(LK_EENCODING, x->in->path, x->line, -1,
		                     "invalid UTF-8 at column %zu (FtM JSON must be UTF-8)", bad + 1);
		goto done;
	}
	if (s[0] == '[') {
		rc = line_error(x, LK_EINVALID, "%s", "a JSON array: FtM JSON lines has one entity "
		                "object per line");
		goto done;
	}
	obj = json_loadb(s, n, JSON_DECODE_ANY, &jerr);
	if (!obj) {
		/* Input that stops before the object closes, on the last line, is a cut file. */
		bool cut = last_unterminated && (jerr.position >= (int)n ||
		                                 strstr(jerr.text, "premature end of input") ||
		                                 strstr(jerr.text, "end of file"));
		rc = lk_error_set_at(cut ? LK_ETRUNCATED : LK_EINVALID, x->in->path, x->line, -1,
		                     "%s at column %d: %s", cut ? "truncated JSON" : "not JSON",
		                     jerr.column, jerr.text);
		goto done;
	}
	if (!json_is_object(obj)) {
		static const char *const kinds[] = {"an object", "an array", "a string", "a number",
		                                    "a number", "true", "false", "null"};
		json_type t = json_typeof(obj);
		rc = line_error(x, LK_EINVALID, "expected a JSON object, got %s",
		                (unsigned)t < LK_ARRAY_SIZE(kinds) ? kinds[t] : "another value");
		goto done;
	}
	json_t *id = json_object_get(obj, "id"), *schema = json_object_get(obj, "schema");
	json_t *props = json_object_get(obj, "properties");
	if (!json_is_string(id) || json_string_length(id) == 0) {
		rc = line_error(x, LK_EINVALID, "%s", "the object has no \"id\" string");
		goto done;
	}
	if (!json_is_string(schema) || json_string_length(schema) == 0) {
		rc = line_error(x, LK_EINVALID, "%s", "the object has no \"schema\" string");
		goto done;
	}
	if (props && !json_is_object(props)) {
		rc = line_error(x, LK_EINVALID, "%s", "\"properties\" is not an object");
		goto done;
	}
	x->records++;
	x->origin = lk_arena_printf(x->l->arena, "%s:%ld", x->in->name, x->line);
	if (!x->origin) {
		rc = LK_ENOMEM;
		goto done;
	}
	const char *sname = json_string_value(schema);
	lk_schema sch = screenable_schema(sname);
	if (sch != LK_SCHEMA_UNKNOWN) {
		json_t *empty = NULL;
		if (!props && !(props = empty = json_object())) {
			rc = LK_ENOMEM;
			goto done;
		}
		rc = entity_record(x, sch, json_string_value(id), obj, props);
		json_decref(empty);
	} else if (is_folded_schema(sname) && props) {
		rc = fold_record(x, sname, json_string_value(id), props);
	} else if (!is_folded_schema(sname)) {
		rc = tally_add(x, &x->skipped, sname, 1);
	}
done:
	json_decref(obj);
	return rc;
}

static bool blank_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

static int read_lines(ftm_ctx *x, FILE *f)
{
	lk_buf line;
	uint64_t consumed = 0;
	int rc = 0, ch;

	lk_buf_init(&line, FTM_MAX_LINE);
	x->line = 1;
	for (;;) {
		ch = getc_unlocked(f);
		if (ch != EOF && ch != '\n') {
			consumed++;
			if (lk_buf_putc(&line, (char)ch)) {
				rc = lk_error_set_at(LK_ETOOBIG, x->in->path, x->line, -1,
				                     "line longer than %zu bytes", FTM_MAX_LINE);
				goto done;
			}
			continue;
		}
		if (ch == EOF && ferror(f)) {
			rc = lk_error_set_at(LK_EIO, x->in->path, x->line, -1, "read error");
			goto done;
		}
		if (ch == '\n')
			consumed++;
		size_t n = line.len;
		if (n > 0 && line.ptr[n - 1] == '\r')
			n--;
		const char *s = line.ptr;
		/* A byte-order mark some tools write before the first line. */
		if (x->line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
			s += 3;
			n -= 3;
		}
		if (n > 0 && !blank_line(s, n)) {
			while (*s == ' ' || *s == '\t') {
				s++;
				n--;
			}
			if ((rc = parse_line(x, s, n, ch == EOF)))
				goto done;
		}
		lk_buf_clear(&line);
		lk_list__progress(x->l, consumed);
		if (ch == EOF)
			break;
		x->line++;
	}
done:
	lk_buf_dispose(&line);
	return rc;
}

/* ---- the end: attach folds, warn ---- */

static int attach_folds(ftm_ctx *x)
{
	tally unresolved = {NULL, NULL, 0, 0};
	int rc = 0;
	if (!(unresolved.index = lk_strmap_new()))
		return LK_ENOMEM;
	for (const fold *f = x->folds; f; f = f->next) {
		lk_entity *e = lk_strmap_get(x->entities, f->target);
		const text_node *t = f->ref ? lk_strmap_get(x->texts, f->ref) : NULL;
		if (!e || (f->ref && !t)) {
			if ((rc = tally_add(x, &unresolved, f->schema, 1)))
				goto done;
			continue;
		}
		x->origin = f->origin;
		if (!f->ref) {
			rc = add_value(x, e, f->prop, f->value);
		} else {
			/* texts are kept newest first; add them in file order */
			const text_node *nodes[64];
			size_t n = 0;
			for (; t && n < LK_ARRAY_SIZE(nodes); t = t->next)
				nodes[n++] = t;
			while (n > 0 && !rc)
				rc = add_value(x, e, f->prop, nodes[--n]->text);
		}
		if (rc)
			goto done;
	}
	if (unresolved.n > 0) {
		lk_buf b;
		lk_buf_init(&b, 4096);
		rc = tally_format(&unresolved, &b, true);
		if (!rc)
			rc = lk_list__warn(x->l, "ftm_json: %s: references to records not in the file, "
			                   "not attached: %s", x->in->path, lk_buf_cstr(&b));
		lk_buf_dispose(&b);
	}
done:
	lk_strmap_free(unresolved.index);
	return rc;
}

static int warn_counts(ftm_ctx *x)
{
	lk_buf b;
	int rc = 0;
	lk_buf_init(&b, 4096);
	if (x->skipped.n > 0) {
		if (!(rc = tally_format(&x->skipped, &b, true)))
			rc = lk_list__warn(x->l, "ftm_json: %s: skipped %s records (not entities to "
			                   "screen)", x->in->path, lk_buf_cstr(&b));
		lk_buf_clear(&b);
	}
	if (!rc && x->dropped.n > 0) {
		if (!(rc = tally_format(&x->dropped, &b, false)))
			rc = lk_list__warn(x->l, "ftm_json: %s: dropped values of %zu properties the "
			                   "model has no place for: %s", x->in->path, x->dropped.n,
			                   lk_buf_cstr(&b));
	}
	if (!rc && x->duplicates)
		rc = lk_list__warn(x->l, "ftm_json: %s: %zu records repeat an earlier id and were "
		                   "merged into it", x->in->path, x->duplicates);
	size_t unnamed = 0;
	for (size_t i = 0; i < x->l->count; i++)
		unnamed += x->l->entities[i]->caption == NULL;
	if (!rc && unnamed)
		rc = lk_list__warn(x->l, "ftm_json: %s: %zu entities have no name and cannot be "
		                   "matched by name", x->in->path, unnamed);
	if (!rc && x->non_string)
		rc = lk_list__warn(x->l, "ftm_json: %s: ignored %zu property values that are not "
		                   "strings", x->in->path, x->non_string);
	lk_buf_dispose(&b);
	return rc;
}

int lk_lists__parse_ftm_json(lk_list *l, const lk_input *in)
{
	ftm_ctx x;
	FILE *f = NULL;
	int rc = 0;

	memset(&x, 0, sizeof x);
	x.l = l;
	x.in = in;
	if (!(f = lk_input__open(in))) {
		rc = lk_error_last()->code ? lk_error_last()->code : LK_EIO;
		goto done;
	}
	x.scratch = lk_arena_new(FTM_SCRATCH_MAX);
	x.entities = lk_strmap_new();
	x.texts = lk_strmap_new();
	x.skipped.index = lk_strmap_new();
	x.dropped.index = lk_strmap_new();
	if (!x.scratch || !x.entities || !x.texts || !x.skipped.index || !x.dropped.index) {
		rc = lk_error_set(LK_ENOMEM, "out of memory");
		goto done;
	}
	if ((rc = read_lines(&x, f)))
		goto done;
	if (x.records == 0) {
		rc = lk_error_set_at(LK_EINVALID, in->path, 0, -1, "empty file: no JSON records");
		goto done;
	}
	if ((rc = attach_folds(&x)))
		goto done;
	rc = warn_counts(&x);
done:
	if (rc < 0) {
		if (lk_error_last()->code != rc)
			lk_error_set_at(rc, in->path, x.line, -1, "%s", lk_strerror(rc));
		lk_error_prefix("ftm_json");
	}
	if (f)
		fclose(f);
	lk_strmap_free(x.entities);
	lk_strmap_free(x.texts);
	lk_strmap_free(x.skipped.index);
	lk_strmap_free(x.dropped.index);
	lk_arena_free(x.scratch);
	return rc;
}
