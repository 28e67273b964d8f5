/*
 * ofac_csv.c - OFAC's legacy CSV sets: sdn.csv + add.csv + alt.csv + sdn_comments.csv, and
 * the consolidated non-SDN equivalents cons_prim.csv, cons_add.csv, cons_alt.csv,
 * cons_comments.csv.
 *
 * The files have no header; the lead's format detection tells each file's role from its
 * column count (12 primary, 6 address, 5 alias, 2 comments). They are Windows-1252 text
 * (in practice plain ASCII) with CRLF line ends, "-0- " (with its trailing space) as the null
 * marker, and a Ctrl-Z byte after the last line. The primary file's Remarks column is cut at
 * 1,000 characters; the comments file carries the rest of those remarks, so it is read first
 * and each record's remarks are joined before being parsed (ofac_remarks.c). Then the
 * primary file creates the entities, and the alias and address files attach to them by
 * ent_num.
 *
 * Failures name the file and line: a wrong column count, an invalid ent_num, a quoted field
 * or a last line cut off by truncation. Gaps that still leave a usable list are warnings: a
 * lone primary file (no aliases or addresses), rows pointing at an ent_num the primary file
 * does not have, remarks cut at 1,000 characters without their comments file.
 */
#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/csv.h"
#include "lookout/strmap.h"
#include "ofac_remarks.h"

#define PRIMARY_FIELDS 12
#define ADDRESS_FIELDS 6
#define ALIAS_FIELDS 5
#define COMMENTS_FIELDS 2

/* OFAC cuts the Remarks column at this many characters (sdn_comments.csv has the rest). */
#define REMARKS_CUT 1000

/* Limits on what untrusted comments can make the parser hold: the continuation of one
 * record's remarks (the real ones are under 8 KB) and all comments together. */
#define MAX_CONTINUATION (1u << 20)
#define MAX_COMMENTS_BYTES (256u << 20)

/* The longest ent_num we accept (they are 1 to 5 digits). */
#define MAX_ENT_NUM 20

/* The remarks continuation of one ent_num, from the comments file. */
typedef struct comment {
	char *text;
	size_t len;
	size_t cap;
	bool used;
} comment;

typedef struct ofac_set {
	lk_list *l;
	const lk_input *in[5];   /* by lk_ofac_role */
	lk_strmap *ents;         /* ent_num -> lk_entity * */
	lk_strmap *comments;     /* ent_num -> comment * (in tmp) */
	lk_arena *tmp;           /* parse-time memory: the comments */
	lk_buf remarks;          /* one record's remarks joined with its continuation */
	lk_buf field[PRIMARY_FIELDS]; /* trimmed copies of the current record's fields */
	uint64_t done_before;    /* bytes of the files already read (progress) */
	lk_ofac_remarks_stats stats;
	size_t cut_remarks;      /* remarks at REMARKS_CUT characters with no continuation */
} ofac_set;

typedef int (*row_fn)(ofac_set *s, const lk_input *in, lk_csv *c);

/* The conventional file name of a role, in the naming of the set ("sdn.csv" or
 * "cons_prim.csv"), for messages about files that are not there. */
static const char *role_file(const ofac_set *s, lk_ofac_role role)
{
	bool cons = false;

	for (int r = LK_OFAC_PRIMARY; r <= LK_OFAC_COMMENTS; r++) {
		if (s->in[r] != NULL && strncmp(s->in[r]->name, "cons", 4) == 0)
			cons = true;
	}
	switch (role) {
	case LK_OFAC_PRIMARY: return cons ? "cons_prim.csv" : "sdn.csv";
	case LK_OFAC_ADDRESS: return cons ? "cons_add.csv" : "add.csv";
	case LK_OFAC_ALIAS: return cons ? "cons_alt.csv" : "alt.csv";
	case LK_OFAC_COMMENTS: return cons ? "cons_comments.csv" : "sdn_comments.csv";
	default: return "?";
	}
}

/*
 * Field i of the current record, trimmed, in s->field[i]; NULL when it is empty or OFAC's
 * null marker "-0-".
 */
static const char *fld(ofac_set *s, lk_csv *c, size_t i)
{
	const char *v = lk_csv_field(c, i);
	size_t n = lk_csv_field_len(c, i);
	lk_buf *b = &s->field[i];

	assert(i < PRIMARY_FIELDS);
	while (n > 0 && isspace((unsigned char)*v)) {
		v++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)v[n - 1]))
		n--;
	if (n == 0 || (n == 3 && memcmp(v, "-0-", 3) == 0))
		return NULL;
	lk_buf_clear(b);
	if (lk_buf_put(b, v, n) < 0)
		return NULL; /* cannot happen: the field was read within the same bound */
	return b->ptr;
}

/* The ent_num of the current record, checked: 1 to 20 digits. */
static int ent_num(ofac_set *s, const lk_input *in, lk_csv *c, const char **out)
{
	const char *v = fld(s, c, 0);
	size_t n = v ? strlen(v) : 0;

	*out = NULL;
	if (v == NULL)
		return lk_error_set_at(LK_EINVALID, in->path, lk_csv_line(c), lk_csv_offset(c),
		                       "empty ent_num");
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)v[i]) || n > MAX_ENT_NUM)
			return lk_error_set_at(LK_EINVALID, in->path, lk_csv_line(c),
			                       lk_csv_offset(c), "invalid ent_num \"%.40s\"", v);
	}
	*out = v;
	return 0;
}

static const char *origin(ofac_set *s, const lk_input *in, lk_csv *c)
{
	return lk_arena_printf(s->l->arena, "%s:%ld", in->name, lk_csv_line(c));
}

/* ---- the comments file: remarks continuations, read first ---- */

static int comments_row(ofac_set *s, const lk_input *in, lk_csv *c)
{
	const char *ent;
	const char *text = lk_csv_field(c, 1);
	size_t len = lk_csv_field_len(c, 1);
	comment *cm;
	int rc;

	if ((rc = ent_num(s, in, c, &ent)) < 0)
		return rc;
	if (fld(s, c, 1) == NULL)
		return 0;
	cm = lk_strmap_get(s->comments, ent);
	if (cm == NULL) {
		if ((cm = lk_arena_alloc(s->tmp, sizeof *cm)) == NULL)
			return lk_error_last()->code;
		if ((rc = lk_strmap_put(s->comments, ent, cm)) < 0)
			return rc;
	}
	/* Several rows for one ent_num continue each other, in file order. The text grows
	 * geometrically (old blocks stay in the scratch arena) up to a hard limit, so that a
	 * hostile file repeating one ent_num costs linear, bounded memory. */
	if (cm->len + len + 1 > cm->cap) {
		size_t cap = cm->cap ? cm->cap * 2 : 256;
		char *grown;

		while (cap < cm->len + len + 1)
			cap *= 2;
		if (cm->len + len > MAX_CONTINUATION)
			return lk_error_set_at(LK_ETOOBIG, in->path, lk_csv_line(c), lk_csv_offset(c),
			                       "the remarks continuation of ent_num %s exceeds %u bytes",
			                       ent, MAX_CONTINUATION);
		if ((grown = lk_arena_alloc(s->tmp, cap)) == NULL)
			return lk_error_last()->code;
		if (cm->len > 0)
			memcpy(grown, cm->text, cm->len);
		cm->text = grown;
		cm->cap = cap;
	}
	memcpy(cm->text + cm->len, text, len);
	cm->len += len;
	cm->text[cm->len] = '\0';
	return 0;
}

/* ---- the primary file: one entity per row ---- */

/* "SDGT] [IFSR": several programs in one column, split at the brackets. */
static int add_programs(lk_entity *e, lk_arena *a, const char *v, const char *org)
{
	while (*v) {
		size_t n;
		int rc;

		while (*v == '[' || *v == ']' || isspace((unsigned char)*v))
			v++;
		n = strcspn(v, "[]");
		if (n > 0 && (rc = lk_entity_addn(e, a, LK_PROP_PROGRAM, v, n, org)) < 0)
			return rc;
		v += n;
	}
	return 0;
}

static int add_opt(lk_entity *e, lk_arena *a, lk_prop prop, const char *v, const char *org)
{
	return v ? lk_entity_add(e, a, prop, v, org) : 0;
}

static int primary_row(ofac_set *s, const lk_input *in, lk_csv *c)
{
	lk_arena *a = s->l->arena;
	const char *ent, *org, *v;
	comment *cm;
	lk_entity *e;
	int rc;

	if ((rc = ent_num(s, in, c, &ent)) < 0)
		return rc;
	if (lk_strmap_get(s->ents, ent) != NULL)
		return lk_list__warn(s->l, "ofac_csv: %s: line %ld: ent_num %s listed again; "
		                     "the row is skipped", in->path, lk_csv_line(c), ent);
	if ((e = lk_list__add_entity(s->l, lk_ofac__schema(fld(s, c, 2)), LK_OFAC_ID_PREFIX,
	                             ent)) == NULL)
		return lk_error_last()->code;
	if ((rc = lk_strmap_put(s->ents, ent, e)) < 0)
		return rc;
	if ((org = origin(s, in, c)) == NULL)
		return LK_ENOMEM;

	if ((v = fld(s, c, 1)) != NULL) {
		if ((rc = lk_ofac__add_name(e, a, LK_PROP_NAME, v, org)) < 0)
			return rc;
	} else if ((rc = lk_list__warn(s->l, "ofac_csv: %s: line %ld: ent_num %s has no name",
	                               in->path, lk_csv_line(c), ent)) < 0) {
		return rc;
	}
	if ((v = fld(s, c, 3)) != NULL && (rc = add_programs(e, a, v, org)) < 0)
		return rc;
	/* The Title column holds positions ("President of the Russian Federation"). */
	if ((rc = add_opt(e, a, LK_PROP_POSITION, fld(s, c, 4), org)) < 0 ||
	    (rc = add_opt(e, a, LK_PROP_CALL_SIGN, fld(s, c, 5), org)) < 0 ||
	    (rc = add_opt(e, a, LK_PROP_VESSEL_TYPE, fld(s, c, 6), org)) < 0 ||
	    (rc = add_opt(e, a, LK_PROP_TONNAGE, fld(s, c, 7), org)) < 0 ||
	    (rc = add_opt(e, a, LK_PROP_GROSS_TONNAGE, fld(s, c, 8), org)) < 0 ||
	    (rc = add_opt(e, a, LK_PROP_OWNER, fld(s, c, 10), org)) < 0)
		return rc;
	if ((v = fld(s, c, 9)) != NULL &&
	    (rc = lk_entity_add_country(e, a, LK_PROP_FLAG, v, org)) < 0)
		return rc;

	/* The remarks, joined with their continuation from the comments file. */
	lk_buf_clear(&s->remarks);
	if ((v = fld(s, c, 11)) != NULL && (rc = lk_buf_put(&s->remarks, v, strlen(v))) < 0)
		return rc;
	cm = s->comments ? lk_strmap_get(s->comments, ent) : NULL;
	if (cm != NULL) {
		/* The primary field was trimmed; the continuation starts where it was cut, so the
		 * untrimmed field decides whether a space separates them. */
		const char *raw = lk_csv_field(c, 11);
		size_t rawlen = lk_csv_field_len(c, 11);

		if (rawlen > 0 && isspace((unsigned char)raw[rawlen - 1]) && v != NULL &&
		    (rc = lk_buf_putc(&s->remarks, ' ')) < 0)
			return rc;
		if ((rc = lk_buf_put(&s->remarks, cm->text, cm->len)) < 0)
			return rc;
		cm->used = true;
	} else if (lk_csv_field_len(c, 11) >= REMARKS_CUT) {
		s->cut_remarks++;
	}
	if (s->remarks.len > 0 &&
	    (rc = lk_ofac__parse_remarks(e, a, s->remarks.ptr, s->remarks.len, org,
	                                 &s->stats)) < 0)
		return rc;
	return 0;
}

/* ---- the alias and address files ---- */

/* The entity of the row's ent_num; NULL (and *orphan counted) if the primary file has
 * none. */
static int lookup(ofac_set *s, const lk_input *in, lk_csv *c, lk_entity **out)
{
	const char *ent;
	int rc;

	*out = NULL;
	if ((rc = ent_num(s, in, c, &ent)) < 0)
		return rc;
	*out = lk_strmap_get(s->ents, ent);
	return 0;
}

static int alias_row(ofac_set *s, const lk_input *in, lk_csv *c)
{
	lk_arena *a = s->l->arena;
	const char *type, *name, *org, *rem;
	lk_prop prop = LK_PROP_ALIAS;
	lk_entity *e;
	int rc;

	if ((rc = lookup(s, in, c, &e)) < 0)
		return rc;
	if (e == NULL)
		return 1;
	if ((name = fld(s, c, 3)) == NULL)
		return 0;
	if ((org = origin(s, in, c)) == NULL)
		return LK_ENOMEM;
	/* The real files use "aka", "fka" and "nka". Weak aliases are not in alt.csv but in
	 * the remarks ("a.k.a. 'BNC'"), as OFAC's XML confirms (category "weak"); a "weak"
	 * type is honoured should it ever appear. */
	type = fld(s, c, 2);
	if (type != NULL) {
		if (strcasecmp(type, "fka") == 0)
			prop = LK_PROP_PREVIOUS_NAME;
		else if (strstr(type, "weak") != NULL || strstr(type, "WEAK") != NULL)
			prop = LK_PROP_WEAK_ALIAS;
	}
	if ((rc = lk_ofac__add_name(e, a, prop, name, org)) < 0)
		return rc;
	if ((rem = fld(s, c, 4)) != NULL &&
	    (rc = lk_ofac__parse_remarks(e, a, rem, strlen(rem), org, &s->stats)) < 0)
		return rc;
	return 0;
}

static int address_row(ofac_set *s, const lk_input *in, lk_csv *c)
{
	lk_arena *a = s->l->arena;
	const char *parts[3], *org, *rem;
	lk_buf *joined = &s->remarks;
	lk_entity *e;
	int rc;

	if ((rc = lookup(s, in, c, &e)) < 0)
		return rc;
	if (e == NULL)
		return 1;
	if ((org = origin(s, in, c)) == NULL)
		return LK_ENOMEM;
	/* address, "city, state/province, postal code", country: one line, as printed. */
	parts[0] = fld(s, c, 2);
	parts[1] = fld(s, c, 3);
	parts[2] = fld(s, c, 4);
	lk_buf_clear(joined);
	for (int i = 0; i < 3; i++) {
		if (parts[i] == NULL)
			continue;
		if (joined->len > 0 && (rc = lk_buf_puts(joined, ", ")) < 0)
			return rc;
		if ((rc = lk_buf_puts(joined, parts[i])) < 0)
			return rc;
	}
	if (joined->len > 0 &&
	    (rc = lk_entity_add(e, a, LK_PROP_ADDRESS, joined->ptr, org)) < 0)
		return rc;
	if (parts[2] != NULL &&
	    (rc = lk_entity_add_country(e, a, LK_PROP_COUNTRY, parts[2], org)) < 0)
		return rc;
	if ((rem = fld(s, c, 5)) != NULL &&
	    (rc = lk_entity_add(e, a, LK_PROP_NOTES, rem, org)) < 0)
		return rc;
	return 0;
}

/* ---- reading one file ---- */

/*
 * Whether a last line without a line end is nevertheless whole. Archived copies of OFAC files
 * (the 2019 set) lost their final CRLF, Ctrl-Z and even part of the trailing null marker
 * ("-0" for "-0- "). The last field of every role is text, which OFAC always quotes, or the
 * null marker: a closed quoted field, or a piece of "-0-", is whole (a piece of the null
 * marker is still null). Anything else - an empty field after the last comma, or an unquoted
 * value - was cut by a truncation.
 */
static bool complete_last_line(const lk_csv *c)
{
	size_t last = lk_csv_nfields(c) - 1;
	const char *v = lk_csv_field(c, last);
	size_t n = lk_csv_field_len(c, last);

	if (lk_csv_field_quoted(c, last))
		return true;
	return n > 0 && n <= 3 && memcmp(v, "-0-", n) == 0;
}

/*
 * Read every record of in, checking its column count, and hand each to fn. Rows for which fn
 * returns 1 are counted in *orphans (rows whose ent_num the primary file lacks).
 */
static int read_file(ofac_set *s, const lk_input *in, size_t nfields, row_fn fn,
                     size_t *orphan_count)
{
	FILE *f = NULL;
	lk_csv *c = NULL;
	int rc;

	if ((f = lk_input__open(in)) == NULL) {
		rc = lk_error_last()->code;
		goto done;
	}
	if ((c = lk_csv_new(f, in->path, ',', LK_CSV_AUTO)) == NULL) {
		rc = lk_error_set(LK_ENOMEM, "out of memory");
		goto done;
	}
	while ((rc = lk_csv_next(c)) > 0) {
		size_t n = lk_csv_nfields(c);

		/* A blank line carries nothing. */
		if (n == 1 && lk_csv_field_len(c, 0) == 0)
			continue;
		if (n != nfields) {
			rc = lk_error_set_at(LK_EINVALID, in->path, lk_csv_line(c), lk_csv_offset(c),
			                     "%zu fields, expected %zu%s", n, nfields,
			                     lk_csv_last_unterminated(c) ?
			                     " (the last line is cut off: truncated file?)" : "");
			goto done;
		}
		if (lk_csv_last_unterminated(c) && !complete_last_line(c)) {
			rc = lk_error_set_at(LK_ETRUNCATED, in->path, lk_csv_line(c), lk_csv_offset(c),
			                     "the last line is cut off in its last field: the file is "
			                     "truncated");
			goto done;
		}
		rc = fn(s, in, c);
		if (rc < 0)
			goto done;
		if (rc == 1 && orphan_count != NULL)
			(*orphan_count)++;
		lk_list__progress(s->l, s->done_before + lk_csv_consumed(c));
	}
	if (rc < 0)
		goto done;
	/* Every file OFAC publishes ends with Ctrl-Z after its last line. Without it the file
	 * may have lost whole lines at its end; it may also have been re-saved by another
	 * tool. Say so rather than fail. */
	if (!lk_csv_saw_eof_marker(c) &&
	    (rc = lk_list__warn(s->l, "ofac_csv: %s: no end-of-file marker (Ctrl-Z) after the "
	                        "last line: the file may be truncated", in->path)) < 0)
		goto done;
	s->done_before += in->size;
	rc = 0;
done:
	lk_csv_free(c);
	if (f != NULL)
		fclose(f);
	return rc;
}

/* ---- the set ---- */

static int warn_missing(ofac_set *s)
{
	const lk_input *p = s->in[LK_OFAC_PRIMARY];
	bool no_alt = s->in[LK_OFAC_ALIAS] == NULL;
	bool no_add = s->in[LK_OFAC_ADDRESS] == NULL;

	if (no_alt && no_add)
		return lk_list__warn(s->l, "ofac_csv: %s: the set has no %s and no %s: aliases and "
		                     "addresses are absent", p->path, role_file(s, LK_OFAC_ALIAS),
		                     role_file(s, LK_OFAC_ADDRESS));
	if (no_alt)
		return lk_list__warn(s->l, "ofac_csv: %s: the set has no %s: aliases are absent",
		                     p->path, role_file(s, LK_OFAC_ALIAS));
	if (no_add)
		return lk_list__warn(s->l, "ofac_csv: %s: the set has no %s: addresses are absent",
		                     p->path, role_file(s, LK_OFAC_ADDRESS));
	return 0;
}

static int run(ofac_set *s)
{
	const lk_input *p = s->in[LK_OFAC_PRIMARY];
	size_t orphan_rows = 0;
	int rc;

	if (s->in[LK_OFAC_COMMENTS] != NULL) {
		if ((s->comments = lk_strmap_new()) == NULL ||
		    (s->tmp = lk_arena_new(MAX_COMMENTS_BYTES)) == NULL)
			return lk_error_set(LK_ENOMEM, "out of memory");
		if ((rc = read_file(s, s->in[LK_OFAC_COMMENTS], COMMENTS_FIELDS, comments_row,
		                    NULL)) < 0)
			return rc;
	}
	if ((rc = read_file(s, p, PRIMARY_FIELDS, primary_row, NULL)) < 0)
		return rc;
	if (s->comments != NULL) {
		size_t iter = 0, unused = 0;
		const char *k;
		void *v;

		while (lk_strmap_next(s->comments, &iter, &k, &v)) {
			if (!((comment *)v)->used)
				unused++;
		}
		if (unused > 0 &&
		    (rc = lk_list__warn(s->l, "ofac_csv: %s: %zu row%s for ent_nums that %s does "
		                        "not have (ignored)", s->in[LK_OFAC_COMMENTS]->path, unused,
		                        unused == 1 ? "" : "s", p->name)) < 0)
			return rc;
	}
	for (int r = LK_OFAC_ADDRESS; r <= LK_OFAC_ALIAS; r++) {
		const lk_input *in = s->in[r];

		if (in == NULL)
			continue;
		orphan_rows = 0;
		rc = read_file(s, in, r == LK_OFAC_ALIAS ? ALIAS_FIELDS : ADDRESS_FIELDS,
		               r == LK_OFAC_ALIAS ? alias_row : address_row, &orphan_rows);
		if (rc < 0)
			return rc;
		if (orphan_rows > 0 &&
		    (rc = lk_list__warn(s->l, "ofac_csv: %s: %zu row%s for ent_nums that %s does "
		                        "not have (ignored)", in->path, orphan_rows,
		                        orphan_rows == 1 ? "" : "s", p->name)) < 0)
			return rc;
	}
	if ((rc = warn_missing(s)) < 0)
		return rc;
	if (s->cut_remarks > 0 &&
	    (rc = lk_list__warn(s->l, "ofac_csv: %s: %zu records have remarks cut at %d "
	                        "characters and no continuation (%s is not in the set)",
	                        p->path, s->cut_remarks, REMARKS_CUT,
	                        role_file(s, LK_OFAC_COMMENTS))) < 0)
		return rc;
	return 0;
}

/* The error for a set without its primary file: it names the directory, the files that are
 * there and the one that is missing. */
static int missing_primary(const ofac_set *s, const lk_input *const *ins, size_t n)
{
	char dir[512], have[256] = "";
	const char *path = n > 0 ? ins[0]->path : "";
	const char *slash = strrchr(path, '/');
	size_t used = 0;

	if (slash == NULL)
		snprintf(dir, sizeof dir, ".");
	else
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	for (size_t i = 0; i < n && used + 1 < sizeof have; i++) {
		int w = snprintf(have + used, sizeof have - used, "%s%s", i ? ", " : "",
		                 ins[i]->name);

		if (w < 0)
			break;
		used += (size_t)w;
	}
	return lk_error_set_at(LK_EINCOMPLETE, dir, 0, -1,
	                       "the set (%s) has no %s, the primary file with the names and "
	                       "types: it cannot be imported without it", have,
	                       role_file(s, LK_OFAC_PRIMARY));
}

int lk_lists__parse_ofac_csv(lk_list *l, const lk_input *const *ins, size_t n)
{
	ofac_set s;
	int rc;

	assert(l != NULL && (ins != NULL || n == 0));
	memset(&s, 0, sizeof s);
	s.l = l;
	/* Fields arrive as UTF-8 converted from Windows-1252: up to 3 bytes per input byte. */
	lk_buf_init(&s.remarks, 3 * LK_CSV_MAX_RECORD + MAX_CONTINUATION + 1);
	for (size_t i = 0; i < PRIMARY_FIELDS; i++)
		lk_buf_init(&s.field[i], 3 * LK_CSV_MAX_FIELD + 1);

	for (size_t i = 0; i < n; i++) {
		lk_ofac_role r = ins[i]->role;

		if (r < LK_OFAC_PRIMARY || r > LK_OFAC_COMMENTS) {
			rc = lk_error_set_at(LK_EFORMAT, ins[i]->path, 0, -1,
			                     "not a file of an OFAC CSV set");
			goto done;
		}
		if (s.in[r] != NULL) {
			rc = lk_error_set_at(LK_EFORMAT, ins[i]->path, 0, -1,
			                     "same role as %s: one OFAC set per import",
			                     s.in[r]->name);
			goto done;
		}
		s.in[r] = ins[i];
	}
	if (s.in[LK_OFAC_PRIMARY] == NULL) {
		rc = missing_primary(&s, ins, n);
		goto done;
	}
	if ((s.ents = lk_strmap_new()) == NULL) {
		rc = lk_error_set(LK_ENOMEM, "out of memory");
		goto done;
	}
	rc = run(&s);
done:
	if (rc < 0)
		lk_error_prefix("ofac_csv");
	lk_strmap_free(s.ents);
	lk_strmap_free(s.comments);
	lk_arena_free(s.tmp);
	lk_buf_dispose(&s.remarks);
	for (size_t i = 0; i < PRIMARY_FIELDS; i++)
		lk_buf_dispose(&s.field[i]);
	return rc;
}
