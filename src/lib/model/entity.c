/*
 * entity.c - schemas, properties and the entity record itself.
 *
 * The schema and property tables are expanded from the X-macros in entity.h, so that names,
 * kinds and enum values cannot drift apart. Entities live in the arena of their list version;
 * lk_entity_add() is the single door through which every parser puts a value in, so it is
 * where values are cleaned up: whitespace trimmed and collapsed (the lists are full of tabs,
 * line breaks inside quoted CSV fields and non-breaking spaces pasted from word processors),
 * invalid UTF-8 replaced by U+FFFD, empty values and exact duplicates dropped (OFAC and UK
 * repeat the same alias or address on several rows). The typed helpers for dates, countries
 * and year ranges are here too, because they are just lk_entity_add() after a normalisation.
 */
#include "lookout/entity.h"
#include "lookout/error.h"
#include "lookout/utf8.h"
#include "lookout/hash.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One value may not exceed this (the CSV reader's field limit is the same order). */
#define MAX_VALUE_BYTES (1u << 20)
/* Values per entity. The largest real entities have a few hundred; duplicates are found by a
 * linear scan, so the cap also bounds the quadratic cost on hostile input. */
#define MAX_VALUES 8192

static const char *const schema_names[] = {
#define LK__SCHEMA_NAME(e, name) name,
	LK_SCHEMA_MAP(LK__SCHEMA_NAME)
#undef LK__SCHEMA_NAME
};

static const char *const prop_names[] = {
#define LK__PROP_NAME(e, name, kind) name,
	LK_PROP_MAP(LK__PROP_NAME)
#undef LK__PROP_NAME
};

static const lk_prop_kind prop_kinds[] = {
#define LK__PROP_KIND(e, name, kind) LK_KIND_##kind,
	LK_PROP_MAP(LK__PROP_KIND)
#undef LK__PROP_KIND
};

/* Names other sources use for our schemas: UN and UK say "Individual"/"Entity", older FtM
 * data says "Aircraft", and "Ship" appears in list descriptions of vessels. */
static const struct {
	const char *name;
	lk_schema schema;
} schema_aliases[] = {
	{"Individual", LK_SCHEMA_PERSON},
	{"Entity", LK_SCHEMA_ORGANIZATION},
	{"Aircraft", LK_SCHEMA_AIRPLANE},
	{"Ship", LK_SCHEMA_VESSEL},
};

const char *lk_schema_name(lk_schema s)
{
	if ((unsigned)s >= LK_SCHEMA__COUNT)
		return schema_names[LK_SCHEMA_UNKNOWN];
	return schema_names[s];
}

lk_schema lk_schema_from_name(const char *name)
{
	if (!name)
		return LK_SCHEMA_UNKNOWN;
	for (size_t i = 0; i < LK_ARRAY_SIZE(schema_names); i++)
		if (strcmp(schema_names[i], name) == 0)
			return (lk_schema)i;
	for (size_t i = 0; i < LK_ARRAY_SIZE(schema_aliases); i++)
		if (strcmp(schema_aliases[i].name, name) == 0)
			return schema_aliases[i].schema;
	return LK_SCHEMA_UNKNOWN;
}

bool lk_schema_is_a(lk_schema s, lk_schema q)
{
	if (q == LK_SCHEMA_UNKNOWN || s == q)
		return true;
	switch (q) {
	case LK_SCHEMA_LEGAL_ENTITY:
		/* FtM: Person, Organization and its children are LegalEntities; Vessel and
		 * Airplane are Assets, not parties. */
		return s == LK_SCHEMA_PERSON || s == LK_SCHEMA_ORGANIZATION ||
		       s == LK_SCHEMA_COMPANY || s == LK_SCHEMA_PUBLIC_BODY;
	case LK_SCHEMA_ORGANIZATION:
		return s == LK_SCHEMA_COMPANY || s == LK_SCHEMA_PUBLIC_BODY;
	default:
		return false;
	}
}

const char *lk_prop_name(lk_prop p)
{
	assert((unsigned)p < LK_PROP__COUNT);
	return prop_names[p];
}

int lk_prop_from_name(const char *name)
{
	if (!name)
		return -1;
	for (size_t i = 0; i < LK_ARRAY_SIZE(prop_names); i++)
		if (strcmp(prop_names[i], name) == 0)
			return (int)i;
	return -1;
}

lk_prop_kind lk_prop_kind_of(lk_prop p)
{
	assert((unsigned)p < LK_PROP__COUNT);
	return prop_kinds[p];
}

/* The code an arena failure recorded (ETOOBIG when a cap was hit), else ENOMEM. */
static int alloc_error(void)
{
	int code = lk_error_last()->code;
	return code == LK_ETOOBIG ? LK_ETOOBIG : LK_ENOMEM;
}

/* Append the id slug of native_id to p (which has room for strlen(native_id) bytes):
 * lower-cased, runs of other characters than [a-z0-9.] as one '-', none at either end. */
static size_t slugify(char *p, const char *native_id)
{
	size_t n = 0;
	bool pending = false;
	for (const unsigned char *s = (const unsigned char *)native_id; *s; s++) {
		unsigned char c = *s;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.') {
			if (pending && n > 0)
				p[n++] = '-';
			pending = false;
			p[n++] = (char)c;
		} else {
			pending = true;
		}
	}
	return n;
}

lk_entity *lk_entity_new(lk_arena *a, lk_schema schema, const char *source,
                         const char *id_prefix, const char *native_id)
{
	assert(a && native_id);
	lk_entity *e = lk_arena_alloc(a, sizeof *e);
	if (!e)
		return NULL;
	e->schema = (unsigned)schema < LK_SCHEMA__COUNT ? schema : LK_SCHEMA_UNKNOWN;
	if (source && !(e->source = lk_arena_strdup(a, source)))
		return NULL;
	if (!(e->native_id = lk_arena_strdup(a, native_id)))
		return NULL;
	if (!id_prefix) {
		e->id = e->native_id;
		return e;
	}
	size_t plen = strlen(id_prefix), nlen = strlen(native_id);
	/* prefix, '-', slug (never longer than native_id), or a 16-digit hash, and NUL */
	char *id = lk_arena_alloc(a, plen + 1 + (nlen > 17 ? nlen : 17) + 1);
	if (!id)
		return NULL;
	memcpy(id, id_prefix, plen);
	id[plen] = '-';
	size_t n = slugify(id + plen + 1, native_id);
	if (n == 0) {
		/* Nothing of the native id survives (empty, or only punctuation or non-Latin
		 * script): use a hash so that distinct ids stay distinct and stable. */
		n = (size_t)snprintf(id + plen + 1, 18, "x%016llx",
		                     (unsigned long long)lk_hash_str(native_id));
	}
	id[plen + 1 + n] = 0;
	e->id = id;
	return e;
}

/* True for white space. Besides ASCII white space this covers the Unicode spaces that turn
 * up in the lists: NBSP (U+00A0) above all, also U+2000-U+200A, narrow NBSP, ideographic
 * space, line/paragraph separators, NEL and a stray BOM. A NUL inside a value given with a
 * length is treated as a space rather than cutting the value short. */
static bool is_space(uint32_t cp)
{
	switch (cp) {
	case 0x00: case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x20:
	case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F:
	case 0x3000: case 0xFEFF:
		return true;
	default:
		return cp >= 0x2000 && cp <= 0x200A;
	}
}

/* Write the cleaned form of value[0..n) to out (room for 3n+1 bytes); returns its length. */
static size_t clean_value(char *out, const char *value, size_t n)
{
	const unsigned char *s = (const unsigned char *)value;
	size_t i = 0, o = 0;
	bool pending = false;
	while (i < n) {
		uint32_t cp;
		size_t len;
		if (s[i] < 0x80) {
			cp = s[i];
			len = 1;
		} else {
			len = lk_utf8_decode(value + i, n - i, &cp);
		}
		if (is_space(cp)) {
			pending = o > 0;
			i += len;
			continue;
		}
		if (pending) {
			out[o++] = ' ';
			pending = false;
		}
		if (cp < 0x80) {
			out[o++] = (char)cp;
		} else if (len > 1 || cp != 0xFFFD) {
			memcpy(out + o, value + i, len);
			o += len;
		} else {
			/* an invalid byte: U+FFFD, so that every stored value is valid UTF-8 */
			memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
		}
		i += len;
	}
	out[o] = 0;
	return o;
}

static const lk_value *find_value(const lk_entity *e, lk_prop prop, const char *value)
{
	for (size_t i = 0; i < e->nvalues; i++) {
		const lk_value *v = &e->values[i];
		if (v->prop == prop && v->value[0] == value[0] && strcmp(v->value, value) == 0)
			return v;
	}
	return NULL;
}

int lk_entity_addn(lk_entity *e, lk_arena *a, lk_prop prop, const char *value, size_t n,
                   const char *origin)
{
	assert(e && a && (unsigned)prop < LK_PROP__COUNT);
	char stack[512];
	char *tmp = stack;
	int rc = 0;
	if (!value || n == 0)
		return 0;
	if (n > MAX_VALUE_BYTES) {
		return lk_error_set(LK_ETOOBIG, "entity %s: %s value of %zu bytes (limit %u)",
		                    e->id, prop_names[prop], n, MAX_VALUE_BYTES);
	}
	if (3 * n + 1 > sizeof stack && !(tmp = malloc(3 * n + 1)))
		return lk_error_set(LK_ENOMEM, "entity %s: out of memory", e->id);
	size_t len = clean_value(tmp, value, n);
	if (len == 0 || find_value(e, prop, tmp))
		goto done;
	if (e->nvalues >= MAX_VALUES) {
		rc = lk_error_set(LK_ETOOBIG, "entity %s: more than %d values", e->id, MAX_VALUES);
		goto done;
	}
	if (e->nvalues == e->cap_values) {
		size_t cap = e->cap_values ? 2 * e->cap_values : 8;
		lk_value *vs = lk_arena_grow(a, e->values, e->nvalues, cap, sizeof *vs);
		if (!vs) {
			rc = alloc_error();
			goto done;
		}
		e->values = vs;
		e->cap_values = cap;
	}
	lk_value *v = &e->values[e->nvalues];
	if (!(v->value = lk_arena_strndup(a, tmp, len))) {
		rc = alloc_error();
		goto done;
	}
	v->origin = NULL;
	if (origin && *origin && !(v->origin = lk_arena_strdup(a, origin))) {
		rc = alloc_error();
		goto done;
	}
	v->prop = prop;
	/* The caption is the first "name"; until one arrives, the first name of any kind
	 * (an alias, a first name) stands in, so that no named entity is shown without one. */
	if (prop == LK_PROP_NAME ? lk_entity_first(e, LK_PROP_NAME) == NULL
	                         : (!e->caption && prop_kinds[prop] == LK_KIND_NAME))
		e->caption = v->value;
	e->nvalues++;
done:
	if (tmp != stack)
		free(tmp);
	return rc;
}

int lk_entity_add(lk_entity *e, lk_arena *a, lk_prop prop, const char *value,
                  const char *origin)
{
	return lk_entity_addn(e, a, prop, value, value ? strlen(value) : 0, origin);
}

const char *lk_entity_first(const lk_entity *e, lk_prop prop)
{
	for (size_t i = 0; i < e->nvalues; i++)
		if (e->values[i].prop == prop)
			return e->values[i].value;
	return NULL;
}

size_t lk_entity_count(const lk_entity *e, lk_prop prop)
{
	size_t n = 0;
	for (size_t i = 0; i < e->nvalues; i++)
		n += e->values[i].prop == prop;
	return n;
}

bool lk_entity_has(const lk_entity *e, lk_prop prop, const char *value)
{
	return value && find_value(e, prop, value) != NULL;
}

int lk_entity_add_date(lk_entity *e, lk_arena *a, lk_prop prop, const char *text,
                       const char *origin, bool keep_raw)
{
	char buf[11];
	if (!text)
		return 0;
	if (lk_date_normalize(text, buf))
		return lk_entity_add(e, a, prop, buf, origin);
	return keep_raw ? lk_entity_add(e, a, prop, text, origin) : 0;
}

int lk_entity_add_country(lk_entity *e, lk_arena *a, lk_prop prop, const char *text,
                          const char *origin)
{
	if (!text)
		return 0;
	const char *code = lk_country_code(text);
	return lk_entity_add(e, a, prop, code ? code : text, origin);
}

int lk_entity_add_year_range(lk_entity *e, lk_arena *a, lk_prop prop, int from, int to,
                             const char *origin)
{
	if (from > to) {
		int t = from;
		from = to;
		to = t;
	}
	if (from < 1 || to > 9999)
		return lk_error_set(LK_EINVALID, "entity %s: year range %d..%d out of bounds",
		                    e->id, from, to);
	char buf[11];
	int rc = 0;
	lk_date d = {from, 0, 0};
	if (to - from <= 10) {
		for (; d.year <= to && rc == 0; d.year++)
			rc = lk_entity_add(e, a, prop, lk_date_format(&d, buf), origin);
	} else {
		rc = lk_entity_add(e, a, prop, lk_date_format(&d, buf), origin);
		d.year = to;
		if (rc == 0)
			rc = lk_entity_add(e, a, prop, lk_date_format(&d, buf), origin);
	}
	return rc;
}
