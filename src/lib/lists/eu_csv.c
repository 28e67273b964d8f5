/*
 * eu_csv.c - the EU Financial Sanctions File as CSV v1.0 (semicolon-separated).
 *
 * One row per sub-record: each row repeats the entity's columns (Date_file, Entity_logical_id,
 * Subject_type, legal basis, Programme, Entity_remark, EU_ref_num) and fills one of the
 * sections name (Naal_*), address (Addr_*), birth (Birt_*), identification (Iden_*) or
 * citizenship (Citi_*), each headed by its own logical id. Rows are grouped into entities by
 * Entity_logical_id through a map, so an entity's rows need not be contiguous; entities come
 * out in the order of their first row, and the first name row gives the entity's name.
 *
 * Quirks of the real file (checked on the 2018-07-04 export):
 *  - The header repeats the column name Entity_logical_id at the head of every section (it is
 *    the section's back-reference to its entity); the first one is the entity's id, columns
 *    are otherwise found by name, so a reordered export still reads.
 *  - Every line, header included, is quoted as a whole, with the row's own CSV inside and a
 *    run of tab characters before the closing quote: "a;b;""x;y"";c<TAB><TAB>...". So the
 *    reader sees one field per line, and its content, once the outer "" escapes are undone
 *    and the tabs stripped, is the real semicolon-separated row, whose fields may themselves
 *    be quoted (a function "Former Governor of Karbala and An Najaf;" holds a semicolon).
 *    Plain rows (several fields per line) are read as they are.
 *  - Inside fields the export wrote every comma as a tab ("al-Awja<TAB> near Tikrit"; the
 *    file has no commas otherwise) and every line break as the two characters backslash, n;
 *    both are undone.
 *  - The text is Windows-1252 (the reader's LK_CSV_AUTO also takes UTF-8), and letters outside
 *    it (Greek, Bulgarian names) were written as '?': those names are skipped, with a warning.
 *  - A copy of the file may stop after any complete row (the sample is a prefix of the full
 *    file); only a row cut in the middle is an error.
 */
#include "eu_common.h"
#include "core/csv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "lookout/strmap.h"

#define PARSER "eu_csv"

/* The columns we read, by header name. */
#define COLUMNS(X)                                                                         \
	X(DATE_FILE, "Date_file") X(ENTITY_ID, "Entity_logical_id")                            \
	X(SUBJECT_TYPE, "Subject_type") X(LEBA_DATE, "Leba_publication_date")                  \
	X(LEBA_URL, "Leba_url") X(PROGRAMME, "Programme") X(REMARK, "Entity_remark")           \
	X(NAAL_ID, "Naal_logical_id") X(NAAL_DATE, "Naal_leba_publication_date")               \
	X(LASTNAME, "Naal_lastname") X(FIRSTNAME, "Naal_firstname")                            \
	X(MIDDLENAME, "Naal_middlename") X(WHOLENAME, "Naal_wholename")                        \
	X(GENDER, "Naal_gender") X(TITLE, "Naal_title") X(FUNCTION, "Naal_function")           \
	X(ADDR_ID, "Addr_logical_id") X(ADDR_DATE, "Addr_leba_publication_date")               \
	X(ADDR_NUMBER, "Addr_number") X(ADDR_STREET, "Addr_street")                            \
	X(ADDR_ZIPCODE, "Addr_zipcode") X(ADDR_CITY, "Addr_city")                              \
	X(ADDR_COUNTRY, "Addr_country") X(ADDR_OTHER, "Addr_other")                            \
	X(BIRT_ID, "Birt_logical_id") X(BIRT_PUB, "Birt_leba_publication_date")                \
	X(BIRT_DATE, "Birt_date") X(BIRT_PLACE, "Birt_place") X(BIRT_COUNTRY, "Birt_country")  \
	X(IDEN_ID, "Iden_logical_id") X(IDEN_DATE, "Iden_leba_publication_date")               \
	X(IDEN_NUMBER, "Iden_number") X(CITI_ID, "Citi_logical_id")                            \
	X(CITI_DATE, "Citi_leba_publication_date") X(CITI_COUNTRY, "Citi_country")

enum col {
#define COL_ENUM(e, name) COL_##e,
	COLUMNS(COL_ENUM)
#undef COL_ENUM
	COL__COUNT
};

static const char *const col_names[COL__COUNT] = {
#define COL_NAME(e, name) name,
	COLUMNS(COL_NAME)
#undef COL_NAME
};

/* What we keep per entity until the end: the earliest legal act, for listingDate. */
typedef struct ent_state {
	lk_entity *e;
	char listed[11];
} ent_state;

typedef struct parser {
	lk_list *l;
	const lk_input *in;
	lk_csv *csv;
	lk_strmap *byid;
	int col[COL__COUNT];   /* index of each column in a row, or -1 */
	size_t ncols;          /* fields in the header */
	lk_buf row;            /* an unwrapped row, fields NUL-separated */
	char **field;          /* the current row's fields (LK_CSV_MAX_FIELDS), in row */
	size_t nfields;
	bool wrapped;          /* the current line was quoted as a whole */
	size_t lost_names;     /* names whose letters the export replaced by '?' */
} parser;

static int fail(parser *p, int code, const char *fmt, ...) LK_PRINTF(3, 4);

static int fail(parser *p, int code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	lk_error_set_at(code, p->in->path, lk_csv_line(p->csv), lk_csv_offset(p->csv), "%s", msg);
	lk_error_prefix("%s", PARSER);
	return code;
}

/* Errors recorded below us (reader, arena) get the parser's name in front. */
static int pass(int rc)
{
	if (rc < 0)
		lk_error_prefix("%s", PARSER);
	return rc;
}

/*
 * Split the content of a line that was quoted as a whole into p->field. The content is itself
 * a semicolon-separated row whose fields may be quoted; the tabs the export pads every line
 * with are dropped.
 */
static int unwrap(parser *p, const char *s, size_t n)
{
	size_t start[LK_CSV_MAX_FIELDS];
	int rc = 0;
	while (n && (s[n - 1] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	lk_buf_clear(&p->row);
	p->nfields = 0;
	size_t i = 0;
	for (;;) {
		if (p->nfields == LK_CSV_MAX_FIELDS)
			return fail(p, LK_ETOOBIG, "more than %u fields in a row",
			            LK_CSV_MAX_FIELDS);
		start[p->nfields++] = p->row.len;
		if (i < n && s[i] == '"') {
			size_t mark = p->row.len, j = i + 1;
			bool closed = false;
			for (; j < n && !closed; j++) {
				if (s[j] == '"' && j + 1 < n && s[j + 1] == '"')
					rc = lk_buf_putc(&p->row, s[j++]);
				else if (s[j] == '"')
					closed = true;
				else
					rc = lk_buf_putc(&p->row, s[j]);
				if (rc)
					return pass(rc);
			}
			/* A quote that never closes is taken as a literal character. */
			if (closed)
				i = j;
			else
				lk_buf_truncate(&p->row, mark);
		}
		/* Unquoted text, or text after a closing quote, up to the separator. */
		size_t j = i;
		while (j < n && s[j] != ';')
			j++;
		if ((rc = lk_buf_put(&p->row, s + i, j - i)) || (rc = lk_buf_putc(&p->row, '\0')))
			return pass(rc);
		if (j >= n)
			break;
		i = j + 1;
	}
	for (size_t k = 0; k < p->nfields; k++)
		p->field[k] = p->row.ptr + start[k];
	return 0;
}

/* Make the current record's fields available in p->field. */
/* Copy the fields of a plain (not wrapped) record into p->row. */
static int copy_fields(parser *p)
{
	size_t start[LK_CSV_MAX_FIELDS];
	int rc;
	lk_buf_clear(&p->row);
	p->nfields = lk_csv_nfields(p->csv);
	for (size_t i = 0; i < p->nfields; i++) {
		start[i] = p->row.len;
		const char *v = lk_csv_field(p->csv, i);
		if ((rc = lk_buf_put(&p->row, v, lk_csv_field_len(p->csv, i))) ||
		    (rc = lk_buf_putc(&p->row, '\0')))
			return pass(rc);
	}
	for (size_t k = 0; k < p->nfields; k++)
		p->field[k] = p->row.ptr + start[k];
	return 0;
}

/*
 * Undo the export's escapes inside fields, in place: it writes every comma of a value as a tab
 * ("al-Awja<TAB> near Tikrit", "PHONE[668 33 01<TAB> 0300-820 91 99]"; the file has no other
 * commas) and every line break as the two characters backslash, n.
 */
static void unescape_fields(parser *p)
{
	for (size_t i = 0; i < p->nfields; i++) {
		char *f = p->field[i];
		size_t n = strlen(f);
		/* The padding at the end of a line is not a comma. */
		if (i + 1 == p->nfields)
			while (n && (f[n - 1] == '\t' || f[n - 1] == ' ' || f[n - 1] == '\r'))
				f[--n] = '\0';
		for (size_t k = 0; k < n; k++) {
			if (f[k] == '\t') {
				f[k] = ',';
			} else if (f[k] == '\\' && f[k + 1] == 'n') {
				f[k] = '\n';
				f[++k] = ' ';
			}
		}
	}
}

/* Make the current record's fields available in p->field. */
static int load_row(parser *p)
{
	const char *f0 = lk_csv_field(p->csv, 0);
	int rc;
	p->wrapped = lk_csv_nfields(p->csv) == 1 && lk_csv_field_quoted(p->csv, 0) &&
	             strchr(f0, ';');
	if (p->wrapped)
		rc = unwrap(p, f0, lk_csv_field_len(p->csv, 0));
	else
		rc = copy_fields(p);
	if (!rc)
		unescape_fields(p);
	return rc;
}

static bool blank_row(parser *p)
{
	for (size_t i = 0; i < p->nfields; i++)
		if (!lk_eu__blank(p->field[i]))
			return false;
	return true;
}

static const char *F(parser *p, enum col c)
{
	int i = p->col[c];
	return i >= 0 && (size_t)i < p->nfields ? p->field[i] : "";
}

static int read_header(parser *p)
{
	for (size_t c = 0; c < COL__COUNT; c++)
		p->col[c] = -1;
	p->ncols = p->nfields;
	for (size_t i = 0; i < p->nfields; i++) {
		const char *name = p->field[i];
		while (*name == ' ')
			name++;
		size_t n = strlen(name);
		while (n && (name[n - 1] == ' ' || name[n - 1] == '\t'))
			n--;
		/* The real header's first name is "Date_file" with a suffix ("Date_filexxxx"). */
		if (i == 0 && strncasecmp(name, "Date_file", 9) == 0) {
			p->col[COL_DATE_FILE] = 0;
			continue;
		}
		for (size_t c = 0; c < COL__COUNT; c++)
			if (p->col[c] < 0 && strlen(col_names[c]) == n &&
			    strncasecmp(name, col_names[c], n) == 0) {
				p->col[c] = (int)i;
				break;
			}
	}
	if (p->col[COL_ENTITY_ID] < 0 || p->col[COL_SUBJECT_TYPE] < 0 || p->col[COL_DATE_FILE] < 0)
		return fail(p, LK_EFORMAT, "not an EU sanctions CSV header (needs Date_file, "
		            "Entity_logical_id and Subject_type)");
	return 0;
}

/* "NAME/123": which sub-record a value came from; NULL when the section is empty. */
static const char *origin_of(parser *p, const char *kind, enum col id, int *rc)
{
	const char *v = F(p, id);
	*rc = 0;
	if (lk_eu__blank(v))
		return NULL;
	const char *o = lk_arena_printf(p->l->arena, "%s/%s", kind, v);
	if (!o)
		*rc = pass(lk_error_last()->code < 0 ? lk_error_last()->code : LK_ENOMEM);
	return o;
}

static int do_name(parser *p, ent_state *st, const char *o)
{
	lk_eu_name nm = {F(p, COL_WHOLENAME), F(p, COL_FIRSTNAME), F(p, COL_MIDDLENAME),
	                 F(p, COL_LASTNAME),  F(p, COL_GENDER),    F(p, COL_TITLE),
	                 F(p, COL_FUNCTION),  false};
	lk_eu__keep_earliest(st->listed, F(p, COL_NAAL_DATE));
	/* The export wrote letters outside Windows-1252 (Greek, Bulgarian) as '?': such a name
	 * ("????µ??? ?µ???") would only match noise, so it is counted and left out. */
	if (strstr(nm.whole, "??")) {
		p->lost_names++;
		return 0;
	}
	return lk_eu__add_name(st->e, p->l->arena, &nm, o);
}

static int do_address(parser *p, ent_state *st, const char *o)
{
	const char *other = F(p, COL_ADDR_OTHER);
	int rc = lk_eu__add_contact(st->e, p->l->arena, other, o);
	if (rc < 0)
		return rc;
	/* Addr_other is contact data ("PHONE[...]") or a remark on the address. */
	const char *parts[] = {F(p, COL_ADDR_NUMBER), F(p, COL_ADDR_STREET), F(p, COL_ADDR_ZIPCODE),
	                       F(p, COL_ADDR_CITY), rc == 1 ? NULL : other};
	lk_eu__keep_earliest(st->listed, F(p, COL_ADDR_DATE));
	return lk_eu__add_address(st->e, p->l->arena, parts, LK_ARRAY_SIZE(parts),
	                          F(p, COL_ADDR_COUNTRY), NULL, o);
}

static int do_birth(parser *p, ent_state *st, const char *o)
{
	const char *place[] = {F(p, COL_BIRT_PLACE)};
	int rc;
	lk_eu__keep_earliest(st->listed, F(p, COL_BIRT_PUB));
	if ((rc = lk_eu__add_date(st->e, p->l->arena, LK_PROP_BIRTH_DATE, F(p, COL_BIRT_DATE), o)))
		return rc;
	return lk_eu__add_birth_place(st->e, p->l->arena, place, 1, F(p, COL_BIRT_COUNTRY), NULL,
	                              o);
}

static int do_ident(parser *p, ent_state *st, const char *o)
{
	lk_eu__keep_earliest(st->listed, F(p, COL_IDEN_DATE));
	return lk_eu__add_legacy_ident(st->e, p->l->arena, F(p, COL_IDEN_NUMBER), o);
}

static int do_citizen(parser *p, ent_state *st, const char *o)
{
	lk_eu__keep_earliest(st->listed, F(p, COL_CITI_DATE));
	return lk_eu__add_country(st->e, p->l->arena, LK_PROP_NATIONALITY, F(p, COL_CITI_COUNTRY),
	                          NULL, o);
}

/* The sections of a row: each is read when its logical id is filled in. */
static int do_sections(parser *p, ent_state *st)
{
	static const struct {
		const char *kind;
		enum col id;
		int (*fn)(parser *, ent_state *, const char *);
	} sections[] = {{"NAME", COL_NAAL_ID, do_name},     {"ADDRESS", COL_ADDR_ID, do_address},
	                {"BIRTH", COL_BIRT_ID, do_birth},   {"PASSPORT", COL_IDEN_ID, do_ident},
	                {"CITIZEN", COL_CITI_ID, do_citizen}};
	int rc = 0;
	for (size_t i = 0; i < LK_ARRAY_SIZE(sections) && !rc; i++) {
		const char *o = origin_of(p, sections[i].kind, sections[i].id, &rc);
		if (o)
			rc = sections[i].fn(p, st, o);
	}
	return rc;
}

static int do_row(parser *p)
{
	lk_arena *a = p->l->arena;
	int rc;
	const char *id = F(p, COL_ENTITY_ID);
	if (lk_eu__blank(id))
		return fail(p, LK_EINVALID, "row without an Entity_logical_id");
	ent_state *st = lk_strmap_get(p->byid, id);
	if (!st) {
		lk_schema schema = lk_eu__schema(F(p, COL_SUBJECT_TYPE));
		st = lk_arena_alloc(a, sizeof *st);
		if (!st || !(st->e = lk_list__add_entity(p->l, schema, LK_EU_ID_PREFIX, id)))
			return pass(lk_error_last()->code < 0 ? lk_error_last()->code : LK_ENOMEM);
		if (lk_strmap_put(p->byid, id, st))
			return fail(p, LK_ENOMEM, "out of memory");
		if (!p->l->published) {
			char iso[11];
			if (lk_date_normalize(F(p, COL_DATE_FILE), iso) &&
			    (rc = lk_list__set_published(p->l, iso)))
				return pass(rc);
		}
	}
	lk_eu__keep_earliest(st->listed, F(p, COL_LEBA_DATE));
	if ((rc = lk_eu__add_text(st->e, a, LK_PROP_PROGRAM, F(p, COL_PROGRAMME), "ENTITY")) ||
	    (rc = lk_eu__add_text(st->e, a, LK_PROP_SOURCE_URL, F(p, COL_LEBA_URL), "ENTITY")) ||
	    (rc = lk_eu__add_text(st->e, a, LK_PROP_NOTES, F(p, COL_REMARK), "ENTITY")) ||
	    (rc = do_sections(p, st)))
		return pass(rc);
	return 0;
}

/* After the last row: listing dates, and a warning for entities that never got a name. */
static int finish(parser *p)
{
	size_t it = 0;
	const char *key;
	void *v;
	int rc;
	while (lk_strmap_next(p->byid, &it, &key, &v)) {
		ent_state *st = v;
		if (st->listed[0] && (rc = lk_entity_add(st->e, p->l->arena, LK_PROP_LISTING_DATE,
		                                         st->listed, "ENTITY")))
			return pass(rc);
		if (!lk_entity_first(st->e, LK_PROP_NAME) &&
		    (rc = lk_list__warn(p->l, "%s: %s: entity %s has no name row", PARSER,
		                        p->in->path, key)))
			return rc;
	}
	return 0;
}

int lk_lists__parse_eu_csv(lk_list *l, const lk_input *in)
{
	parser p = {.l = l, .in = in};
	FILE *f = NULL;
	int rc = 0, r;
	bool header = true;
	lk_buf_init(&p.row, LK_CSV_MAX_RECORD + LK_CSV_MAX_FIELDS);
	if (in->size == 0) {
		rc = lk_error_set_at(LK_EINVALID, in->path, 0, 0, "%s: empty file", PARSER);
		goto done;
	}
	if (!(f = lk_input__open(in))) {
		rc = lk_error_last()->code < 0 ? lk_error_last()->code : LK_EIO;
		goto done;
	}
	p.csv = lk_csv_new(f, in->path, ';', LK_CSV_AUTO);
	p.byid = lk_strmap_new();
	p.field = calloc(LK_CSV_MAX_FIELDS, sizeof *p.field);
	if (!p.csv || !p.byid || !p.field) {
		rc = lk_error_set(LK_ENOMEM, "%s: out of memory", PARSER);
		goto done;
	}
	while ((r = lk_csv_next(p.csv)) == 1) {
		if ((rc = load_row(&p)))
			goto done;
		if (blank_row(&p))
			continue;
		if (header) {
			if ((rc = read_header(&p)))
				goto done;
			header = false;
			continue;
		}
		if (p.nfields != p.ncols) {
			rc = fail(&p, LK_EINVALID, "%zu fields, expected %zu", p.nfields, p.ncols);
			goto done;
		}
		if ((rc = do_row(&p)))
			goto done;
		lk_list__progress(l, lk_csv_consumed(p.csv));
	}
	if (r < 0) {
		rc = pass(r);
		goto done;
	}
	if (header) {
		rc = lk_error_set_at(LK_EINVALID, in->path, 0, 0, "%s: no header row", PARSER);
		goto done;
	}
	/* A plain (unwrapped) last row without a line end may be cut inside its last field. */
	if (lk_csv_last_unterminated(p.csv) && !p.wrapped &&
	    (rc = lk_list__warn(l, "%s: %s: the last line has no line end; it may be cut", PARSER,
	                        in->path)))
		goto done;
	if (p.lost_names && (rc = lk_list__warn(l, "%s: %s: %zu names skipped: the export replaced "
	                                        "their non-Latin letters by '?'", PARSER, in->path,
	                                        p.lost_names)))
		goto done;
	rc = finish(&p);
done:
	free(p.field);
	lk_strmap_free(p.byid);
	lk_csv_free(p.csv);
	lk_buf_dispose(&p.row);
	if (f)
		fclose(f);
	return rc;
}
