/*
 * uk_csv.c - the UK HM Treasury / OFSI Consolidated List in its CSV form (ConList.csv).
 *
 * One row per name of a listed party: the rows of one party share a "Group ID" and differ in
 * the name ("Prime Alias" / "Primary name" row, "AKA" / "Alias" rows, "FKA" rows) and often
 * in one detail each (one row per date of birth). The rows of a group are not contiguous
 * (the file is sorted by name), so groups are joined through a map from Group ID to entity.
 *
 * Quirks of the real files, all handled here:
 *  - 2014 and 2016 files start with a two-field line "Last Updated,02/04/2014", the 2018 file
 *    pads that line to the full column count, the 2020 copy has no such line at all;
 *  - the 2020 copy's header has an extra leading empty column its data rows do not have;
 *  - the 2022 format adds columns (Name Non-Latin Script, Passport Number, National
 *    Identification Number/Details, Alias Quality, UK Sanctions List Date Designated) and
 *    calls names "Primary name" / "Alias" / "Primary name variation"; so columns are located
 *    by header name, never by position;
 *  - files are Windows-1252 (the reader converts to UTF-8);
 *  - partial dates are written with zeros: "00/00/1933" is the year 1933, "00/05/1933" May;
 *  - multi-valued cells are enumerated in prose: "(1) German (2) Moroccan";
 *  - Name 6 is the family name (or the whole name of an entity), Name 1..5 the given names,
 *    sometimes with stray leading or trailing spaces (" AL-QAHTANI").
 *
 * Names are only added once every row has been read, so that each entity's primary name is
 * its first name value (and its caption) whatever the order of its rows.
 */
#include "parse_int.h"
#include "doc_text.h"
#include "core/csv.h"
#include "lookout/strmap.h"
#include "lookout/buf.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define UK_ID_PREFIX "uk-hmt"
/* Cap on the parser's scratch memory (pending names, the group index). */
#define UK_SCRATCH_MAX ((size_t)512 << 20)

enum col {
	C_NAME6, C_NAME1, C_NAME2, C_NAME3, C_NAME4, C_NAME5, C_TITLE, C_NON_LATIN, C_DOB,
	C_TOWN_OF_BIRTH, C_COUNTRY_OF_BIRTH, C_NATIONALITY, C_PASSPORT_NUMBER, C_PASSPORT_TEXT,
	C_NI_NUMBER, C_NI_TEXT, C_POSITION, C_ADDR1, C_ADDR2, C_ADDR3, C_ADDR4, C_ADDR5, C_ADDR6,
	C_POSTCODE, C_COUNTRY, C_OTHER, C_GROUP_TYPE, C_ALIAS_TYPE, C_ALIAS_QUALITY, C_REGIME,
	C_LISTED_ON, C_LAST_UPDATED, C_GROUP_ID, C_IMO,
	C__COUNT
};

/* Header names (compared case-insensitively, trimmed). Several names may map to one column:
 * the 2014-2020 files put free text in "NI Number", the 2022 format splits it in two. */
static const struct {
	enum col col;
	const char *name;
} header_names[] = {
	{C_NAME6, "Name 6"}, {C_NAME1, "Name 1"}, {C_NAME2, "Name 2"}, {C_NAME3, "Name 3"},
	{C_NAME4, "Name 4"}, {C_NAME5, "Name 5"}, {C_TITLE, "Title"},
	{C_NON_LATIN, "Name Non-Latin Script"}, {C_DOB, "DOB"}, {C_DOB, "Date of Birth"},
	{C_TOWN_OF_BIRTH, "Town of Birth"}, {C_COUNTRY_OF_BIRTH, "Country of Birth"},
	{C_NATIONALITY, "Nationality"}, {C_PASSPORT_NUMBER, "Passport Number"},
	{C_PASSPORT_TEXT, "Passport Details"}, {C_NI_NUMBER, "National Identification Number"},
	{C_NI_TEXT, "NI Number"}, {C_NI_TEXT, "National Identification Details"},
	{C_POSITION, "Position"}, {C_ADDR1, "Address 1"}, {C_ADDR2, "Address 2"},
	{C_ADDR3, "Address 3"}, {C_ADDR4, "Address 4"}, {C_ADDR5, "Address 5"},
	{C_ADDR6, "Address 6"}, {C_POSTCODE, "Post/Zip Code"}, {C_COUNTRY, "Country"},
	{C_OTHER, "Other Information"}, {C_GROUP_TYPE, "Group Type"},
	{C_ALIAS_TYPE, "Alias Type"}, {C_ALIAS_QUALITY, "Alias Quality"}, {C_REGIME, "Regime"},
	{C_LISTED_ON, "Listed On"}, {C_LAST_UPDATED, "Last Updated"}, {C_GROUP_ID, "Group ID"},
	{C_IMO, "IMO Number"},
};

typedef enum role { R_PRIMARY, R_ALIAS, R_WEAK, R_PREVIOUS } role;

/* The names of one row, kept until all rows are read. */
typedef struct pending_name {
	role role;
	const char *full;      /* "Given names FAMILY", or NULL if the row has no name */
	const char *parts[6];  /* Name 1..5, Name 6 (trimmed; NULL when empty) */
	const char *non_latin; /* Name Non-Latin Script, or NULL */
	const char *origin;
	struct pending_name *next;
} pending_name;

typedef struct group {
	lk_entity *e;
	pending_name *names, *last;
	size_t rows;
} group;

typedef struct uk_ctx {
	lk_list *l;
	const lk_input *in;
	lk_csv *csv;
	lk_arena *scratch;
	lk_strmap *groups;
	group **order;  /* groups in order of first appearance */
	size_t ngroups, cap_groups;
	int idx[C__COUNT]; /* header index of each column, or -1 */
	size_t header_fields;
	size_t lead_empty; /* empty header columns before the first named one */
	size_t row_fields; /* field count of data rows (decided by the first data row) */
	size_t shift;      /* header index - shift = data field index */
	lk_buf tmp;
	/* counters for warnings */
	size_t bad_dates, unknown_alias_types, unknown_group_types, type_conflicts, no_primary;
	char unknown_alias_example[64], unknown_group_example[64];
} uk_ctx;

static bool is_sp(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Trimmed copy of s into the scratch arena; NULL if empty (or on allocation failure, which
 * the caller detects through *rc). */
static const char *scratch_trim(uk_ctx *u, const char *s, int *rc)
{
	while (is_sp(*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && is_sp(s[n - 1]))
		n--;
	if (n == 0)
		return NULL;
	char *p = lk_arena_strndup(u->scratch, s, n);
	if (!p)
		*rc = LK_ENOMEM;
	return p;
}

static bool blank(const char *s)
{
	while (is_sp(*s))
		s++;
	return *s == '\0';
}

/* Field of the current row for a column ("" if the file has no such column). */
static const char *fld(const uk_ctx *u, enum col c)
{
	if (u->idx[c] < 0)
		return "";
	return lk_csv_field(u->csv, (size_t)u->idx[c] - u->shift);
}

static void copy_example(char *dst, size_t cap, const char *s)
{
	size_t n = strlen(s);
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static bool ieq_trim(const char *s, const char *w)
{
	while (is_sp(*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && is_sp(s[n - 1]))
		n--;
	return n == strlen(w) && strncasecmp(s, w, n) == 0;
}

/* ---- header ---- */

static bool record_has(const lk_csv *c, const char *name)
{
	for (size_t i = 0; i < lk_csv_nfields(c); i++)
		if (ieq_trim(lk_csv_field(c, i), name))
			return true;
	return false;
}

static bool record_blank(const lk_csv *c)
{
	for (size_t i = 0; i < lk_csv_nfields(c); i++)
		if (!blank(lk_csv_field(c, i)))
			return false;
	return true;
}

/* The "Last Updated,dd/mm/yyyy" line that precedes the header in the 2014-2018 files. */
static int read_date_line(uk_ctx *u)
{
	size_t n = lk_csv_nfields(u->csv), i = 0;
	while (i < n && blank(lk_csv_field(u->csv, i)))
		i++;
	if (i + 1 >= n)
		return 0;
	char iso[11];
	if (!lk_date_normalize(lk_csv_field(u->csv, i + 1), iso)) {
		return lk_list__warn(u->l, "uk_csv: %s: line %ld: cannot read the date \"%.40s\"",
		                     u->in->path, lk_csv_line(u->csv), lk_csv_field(u->csv, i + 1));
	}
	return lk_list__set_published(u->l, iso);
}

static int read_header(uk_ctx *u)
{
	lk_csv *c = u->csv;
	int rc;
	bool dated = false;
	for (;;) {
		rc = lk_csv_next(c);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return lk_error_set_at(dated ? LK_ETRUNCATED : LK_EINVALID, u->in->path,
			                       lk_csv_line(c), -1, dated ? "no header row" : "empty file");
		lk_list__progress(u->l, lk_csv_consumed(c));
		if (record_blank(c))
			continue;
		if (!dated && !record_has(c, "Group ID") && !record_has(c, "Name 6")) {
			size_t i = 0;
			while (i < lk_csv_nfields(c) && blank(lk_csv_field(c, i)))
				i++;
			if (!ieq_trim(lk_csv_field(c, i), "Last Updated"))
				return lk_error_set_at(LK_EINVALID, u->in->path, lk_csv_line(c), -1,
				                       "not a consolidated list header (no \"Name 6\" or "
				                       "\"Group ID\" column)");
			if ((rc = read_date_line(u)))
				return rc;
			dated = true;
			continue;
		}
		break;
	}
	for (size_t k = 0; k < C__COUNT; k++)
		u->idx[k] = -1;
	u->header_fields = lk_csv_nfields(c);
	u->lead_empty = 0;
	while (u->lead_empty < u->header_fields && blank(lk_csv_field(c, u->lead_empty)))
		u->lead_empty++;
	for (size_t i = 0; i < u->header_fields; i++) {
		const char *h = lk_csv_field(c, i);
		for (size_t k = 0; k < LK_ARRAY_SIZE(header_names); k++)
			if (u->idx[header_names[k].col] < 0 && ieq_trim(h, header_names[k].name))
				u->idx[header_names[k].col] = (int)i;
	}
	if (u->idx[C_GROUP_ID] < 0)
		return lk_error_set_at(LK_EINVALID, u->in->path, lk_csv_line(c), -1,
		                       "the header has no \"Group ID\" column");
	if (u->idx[C_NAME6] < 0)
		return lk_error_set_at(LK_EINVALID, u->in->path, lk_csv_line(c), -1,
		                       "the header has no \"Name 6\" column");
	return 0;
}

/* The first data row decides whether rows carry the header's leading empty columns. */
static int check_width(uk_ctx *u)
{
	size_t n = lk_csv_nfields(u->csv);
	if (u->row_fields == 0) {
		if (n == u->header_fields) {
			u->row_fields = n;
			u->shift = 0;
			return 0;
		}
		if (u->lead_empty > 0 && n == u->header_fields - u->lead_empty) {
			u->row_fields = n;
			u->shift = u->lead_empty;
			return 0;
		}
	} else if (n == u->row_fields) {
		return 0;
	}
	size_t expected = u->row_fields ? u->row_fields : u->header_fields;
	return lk_error_set_at(LK_EINVALID, u->in->path, lk_csv_line(u->csv),
	                       lk_csv_offset(u->csv), "%zu fields, expected %zu%s", n, expected,
	                       n < expected ? " (a short row: is the file truncated?)" : "");
}

/* ---- values ---- */

typedef struct add_ctx {
	uk_ctx *u;
	lk_entity *e;
	lk_prop prop;
	const char *origin;
	size_t found;
} add_ctx;

static int add_part(void *vctx, const char *s, size_t n)
{
	add_ctx *ac = vctx;
	return lk_entity_addn(ac->e, ac->u->l->arena, ac->prop, s, n, ac->origin);
}

static int add_country_part(void *vctx, const char *s, size_t n)
{
	add_ctx *ac = vctx;
	uk_ctx *u = ac->u;
	lk_buf_clear(&u->tmp);
	int rc = lk_buf_put(&u->tmp, s, n);
	if (rc)
		return rc;
	/* "Afghanistan (since 2009)", "Tunisian (dual nationality)": the remark is not part
	 * of the country; keep the text whole only when the part before it is no country. */
	char *text = u->tmp.ptr;
	char *paren = strchr(text, '(');
	if (paren && paren > text && !lk_country_code(text)) {
		char *end = paren;
		while (end > text && is_sp(end[-1]))
			end--;
		char save = *end;
		*end = '\0';
		bool known = lk_country_code(text) != NULL;
		if (!known)
			*end = save;
	}
	return lk_entity_add_country(ac->e, u->l->arena, ac->prop, text, ac->origin);
}

static int add_doc_number(void *vctx, const char *num, size_t n, bool id_like)
{
	add_ctx *ac = vctx;
	lk_prop p = ac->prop;
	if (p == LK_PROP_PASSPORT_NUMBER && id_like)
		p = LK_PROP_ID_NUMBER;
	ac->found++;
	return lk_entity_addn(ac->e, ac->u->l->arena, p, num, n, ac->origin);
}

/* Numbers from a prose document field; the prose itself goes to notes unless it is just
 * the number. */
static int add_documents(uk_ctx *u, lk_entity *e, lk_prop prop, const char *label,
                         const char *text, const char *origin)
{
	if (blank(text))
		return 0;
	add_ctx ac = {u, e, prop, origin, 0};
	int rc = lk_lists__doc_numbers(text, add_doc_number, &ac);
	if (rc)
		return rc;
	if (ac.found == 1 && lk_entity_has(e, prop, text))
		return 0;
	lk_buf_clear(&u->tmp);
	if ((rc = lk_buf_printf(&u->tmp, "%s: %s", label, text)))
		return rc;
	return lk_entity_add(e, u->l->arena, LK_PROP_NOTES, u->tmp.ptr, origin);
}

/*
 * A date as the list writes it ("dd/mm/yyyy", zeros for unknown parts). The 2014 list has an
 * impossible "29/02/1969": such a date keeps the parts that can be true (1969-02) rather than
 * an invented day or a string no date comparison can read. Anything else that is not a date
 * is kept as written. Both are counted in a warning.
 */
static int add_date(uk_ctx *u, lk_entity *e, lk_prop prop, const char *text,
                    const char *origin)
{
	char iso[11];
	int d, m, y, end = 0;
	if (blank(text))
		return 0;
	if (lk_date_normalize(text, iso))
		return lk_entity_add(e, u->l->arena, prop, iso, origin);
	u->bad_dates++;
	if (sscanf(text, " %2d/%2d/%4d %n", &d, &m, &y, &end) == 3 && text[end] == '\0' &&
	    y >= 1000 && m >= 0 && m <= 12) {
		char part[32];
		if (m > 0)
			snprintf(part, sizeof part, "%04d-%02d", y, m);
		else
			snprintf(part, sizeof part, "%04d", y);
		return lk_entity_add(e, u->l->arena, prop, part, origin);
	}
	return lk_entity_add(e, u->l->arena, prop, text, origin);
}

/* Join non-empty cells with sep into u->tmp. */
static int join_cells(uk_ctx *u, const enum col *cols, size_t n, const char *sep)
{
	lk_buf_clear(&u->tmp);
	for (size_t i = 0; i < n; i++) {
		const char *s = fld(u, cols[i]);
		while (is_sp(*s))
			s++;
		size_t len = strlen(s);
		while (len > 0 && is_sp(s[len - 1]))
			len--;
		if (len == 0)
			continue;
		int rc;
		if (u->tmp.len > 0 && (rc = lk_buf_puts(&u->tmp, sep)))
			return rc;
		if ((rc = lk_buf_put(&u->tmp, s, len)))
			return rc;
	}
	return 0;
}

/* IMO numbers written in the free text of a ship's entry ("IMO number: 9223344"). */
static int add_imo_from_text(uk_ctx *u, lk_entity *e, const char *text, const char *origin)
{
	for (const char *p = strstr(text, "IMO"); p; p = strstr(p + 3, "IMO")) {
		const char *q = p + 3;
		size_t skip = 0;
		while (*q && !isdigit((unsigned char)*q) && skip < 12) {
			q++;
			skip++;
		}
		size_t nd = 0;
		while (isdigit((unsigned char)q[nd]))
			nd++;
		if (nd != 7)
			continue;
		char digits[8];
		memcpy(digits, q, 7);
		digits[7] = '\0';
		if (lk_imo_valid(digits)) {
			int rc = lk_entity_add(e, u->l->arena, LK_PROP_IMO_NUMBER, digits, origin);
			if (rc)
				return rc;
		}
	}
	return 0;
}

static int add_row_values(uk_ctx *u, lk_entity *e, const char *origin)
{
	lk_arena *a = u->l->arena;
	int rc;
	add_ctx ac = {u, e, LK_PROP_TITLE, origin, 0};

	/* Titles are enumerated too: "a) General b)Major General". */
	ac.prop = LK_PROP_TITLE;
	if ((rc = lk_lists__split_enum(fld(u, C_TITLE), add_part, &ac)) ||
	    (rc = add_date(u, e, LK_PROP_BIRTH_DATE, fld(u, C_DOB), origin)))
		return rc;
	static const enum col birth[] = {C_TOWN_OF_BIRTH, C_COUNTRY_OF_BIRTH};
	if ((rc = join_cells(u, birth, 2, ", ")) ||
	    (rc = lk_entity_add(e, a, LK_PROP_BIRTH_PLACE, u->tmp.ptr ? u->tmp.ptr : "", origin)))
		return rc;
	ac.prop = LK_PROP_NATIONALITY;
	if ((rc = lk_lists__split_enum(fld(u, C_NATIONALITY), add_country_part, &ac)))
		return rc;
	ac.prop = LK_PROP_PASSPORT_NUMBER;
	if ((rc = lk_lists__split_enum(fld(u, C_PASSPORT_NUMBER), add_part, &ac)))
		return rc;
	if ((rc = add_documents(u, e, LK_PROP_PASSPORT_NUMBER, "Passport details",
	                        fld(u, C_PASSPORT_TEXT), origin)))
		return rc;
	ac.prop = LK_PROP_ID_NUMBER;
	if ((rc = lk_lists__split_enum(fld(u, C_NI_NUMBER), add_part, &ac)))
		return rc;
	if ((rc = add_documents(u, e, LK_PROP_ID_NUMBER, "National identification",
	                        fld(u, C_NI_TEXT), origin)))
		return rc;
	if ((rc = lk_entity_add(e, a, LK_PROP_POSITION, fld(u, C_POSITION), origin)))
		return rc;

	static const enum col addr[] = {C_ADDR1, C_ADDR2, C_ADDR3, C_ADDR4, C_ADDR5, C_ADDR6,
	                                C_POSTCODE};
	if ((rc = join_cells(u, addr, LK_ARRAY_SIZE(addr), ", ")))
		return rc;
	if (u->tmp.len > 0) {
		/* The country completes a postal address; alone it is only a country. */
		static const enum col addr_country[] = {C_ADDR1, C_ADDR2, C_ADDR3, C_ADDR4, C_ADDR5,
		                                        C_ADDR6, C_POSTCODE, C_COUNTRY};
		if ((rc = join_cells(u, addr_country, LK_ARRAY_SIZE(addr_country), ", ")) ||
		    (rc = lk_entity_add(e, a, LK_PROP_ADDRESS, u->tmp.ptr, origin)))
			return rc;
	}
	ac.prop = LK_PROP_COUNTRY;
	if (!blank(fld(u, C_COUNTRY)) && (rc = add_country_part(&ac, fld(u, C_COUNTRY),
	                                                        strlen(fld(u, C_COUNTRY)))))
		return rc;
	if ((rc = lk_entity_add(e, a, LK_PROP_NOTES, fld(u, C_OTHER), origin)) ||
	    (rc = lk_entity_add(e, a, LK_PROP_PROGRAM, fld(u, C_REGIME), origin)) ||
	    (rc = add_date(u, e, LK_PROP_LISTING_DATE, fld(u, C_LISTED_ON), origin)) ||
	    (rc = add_date(u, e, LK_PROP_MODIFIED_AT, fld(u, C_LAST_UPDATED), origin)))
		return rc;

	const char *imo = fld(u, C_IMO);
	char digits[8];
	if (!blank(imo)) {
		rc = lk_entity_add(e, a, LK_PROP_IMO_NUMBER, lk_imo_digits(imo, digits) ? digits : imo,
		                   origin);
		if (rc)
			return rc;
	}
	if (e->schema == LK_SCHEMA_VESSEL)
		return add_imo_from_text(u, e, fld(u, C_OTHER), origin);
	return 0;
}

/* ---- names ---- */

static role alias_role(uk_ctx *u, const char *type, const char *quality)
{
	role r;
	if (ieq_trim(type, "Prime Alias") || ieq_trim(type, "Primary name") ||
	    ieq_trim(type, "Primary"))
		return R_PRIMARY;
	if (ieq_trim(type, "AKA") || ieq_trim(type, "Alias") || ieq_trim(type, "a.k.a.") ||
	    ieq_trim(type, "Primary name variation")) {
		r = R_ALIAS;
	} else if (ieq_trim(type, "FKA") || ieq_trim(type, "f.k.a.") ||
	           ieq_trim(type, "Former name") || ieq_trim(type, "Previous name")) {
		return R_PREVIOUS;
	} else {
		if (u->unknown_alias_types++ == 0)
			copy_example(u->unknown_alias_example, sizeof u->unknown_alias_example, type);
		r = R_ALIAS;
	}
	/* 2022 format: "Good quality" / "Low quality" (the UN's Good/Low alias qualities). */
	if (ieq_trim(quality, "Low quality") || ieq_trim(quality, "Low"))
		return R_WEAK;
	return r;
}

static int pend_names(uk_ctx *u, group *g, const char *origin)
{
	int rc = 0;
	pending_name *p = lk_arena_alloc(u->scratch, sizeof *p);
	if (!p)
		return LK_ENOMEM;
	static const enum col parts[6] = {C_NAME1, C_NAME2, C_NAME3, C_NAME4, C_NAME5, C_NAME6};
	for (size_t i = 0; i < 6; i++)
		p->parts[i] = scratch_trim(u, fld(u, parts[i]), &rc);
	p->non_latin = scratch_trim(u, fld(u, C_NON_LATIN), &rc);
	if (rc)
		return rc;
	/* "Given names FAMILY": how the person would be written in running text. */
	if ((rc = join_cells(u, parts, 6, " ")))
		return rc;
	if (u->tmp.len > 0 && !(p->full = lk_arena_strdup(u->scratch, u->tmp.ptr)))
		return LK_ENOMEM;
	p->role = alias_role(u, fld(u, C_ALIAS_TYPE), fld(u, C_ALIAS_QUALITY));
	p->origin = origin;
	if (g->last)
		g->last->next = p;
	else
		g->names = p;
	g->last = p;
	return 0;
}

static int add_primary(uk_ctx *u, lk_entity *e, const pending_name *p)
{
	lk_arena *a = u->l->arena;
	int rc = lk_entity_add(e, a, LK_PROP_NAME, p->full, p->origin);
	if (rc || e->schema != LK_SCHEMA_PERSON)
		return rc;
	if ((p->parts[0] && (rc = lk_entity_add(e, a, LK_PROP_FIRST_NAME, p->parts[0], p->origin))) ||
	    (p->parts[1] && (rc = lk_entity_add(e, a, LK_PROP_SECOND_NAME, p->parts[1], p->origin))) ||
	    (p->parts[5] && (rc = lk_entity_add(e, a, LK_PROP_LAST_NAME, p->parts[5], p->origin))))
		return rc;
	for (size_t i = 2; i < 5; i++)
		if (p->parts[i] && (rc = lk_entity_add(e, a, LK_PROP_MIDDLE_NAME, p->parts[i],
		                                       p->origin)))
			return rc;
	return 0;
}

static int finish_group(uk_ctx *u, group *g)
{
	static const lk_prop role_prop[] = {
		[R_PRIMARY] = LK_PROP_NAME, [R_ALIAS] = LK_PROP_ALIAS,
		[R_WEAK] = LK_PROP_WEAK_ALIAS, [R_PREVIOUS] = LK_PROP_PREVIOUS_NAME,
	};
	const pending_name *promoted = NULL;
	bool has_primary = false;
	int rc;
	for (const pending_name *p = g->names; p; p = p->next)
		if (p->role == R_PRIMARY && p->full)
			has_primary = true;
	if (!has_primary) {
		/* Partial copies of the list lose the primary row of some groups: the first named
		 * row stands in, so that the entity still has a name. */
		for (const pending_name *p = g->names; p && !promoted; p = p->next)
			if (p->full)
				promoted = p;
		if (promoted) {
			u->no_primary++;
			if ((rc = add_primary(u, g->e, promoted)))
				return rc;
		}
	}
	for (const pending_name *p = g->names; p; p = p->next)
		if (p->role == R_PRIMARY && p->full && (rc = add_primary(u, g->e, p)))
			return rc;
	for (const pending_name *p = g->names; p; p = p->next) {
		if (p->role != R_PRIMARY && p->full && p != promoted &&
		    (rc = lk_entity_add(g->e, u->l->arena, role_prop[p->role], p->full, p->origin)))
			return rc;
		if (p->non_latin &&
		    (rc = lk_entity_add(g->e, u->l->arena, LK_PROP_ALIAS, p->non_latin, p->origin)))
			return rc;
	}
	return 0;
}

/* ---- rows ---- */

static lk_schema group_schema(uk_ctx *u, const char *type)
{
	if (ieq_trim(type, "Individual"))
		return LK_SCHEMA_PERSON;
	if (ieq_trim(type, "Entity"))
		return LK_SCHEMA_ORGANIZATION;
	if (ieq_trim(type, "Ship") || ieq_trim(type, "Vessel"))
		return LK_SCHEMA_VESSEL;
	if (u->unknown_group_types++ == 0)
		copy_example(u->unknown_group_example, sizeof u->unknown_group_example, type);
	return LK_SCHEMA_LEGAL_ENTITY;
}

static int read_row(uk_ctx *u)
{
	lk_csv *c = u->csv;
	int rc;
	if ((rc = check_width(u)))
		return rc;
	const char *gid = scratch_trim(u, fld(u, C_GROUP_ID), &rc);
	if (rc)
		return rc;
	if (!gid)
		return lk_error_set_at(LK_EINVALID, u->in->path, lk_csv_line(c), lk_csv_offset(c),
		                       "empty Group ID");
	const char *origin = lk_arena_printf(u->l->arena, "%s:%ld", u->in->name, lk_csv_line(c));
	if (!origin)
		return LK_ENOMEM;
	group *g = lk_strmap_get(u->groups, gid);
	if (!g) {
		lk_schema schema = group_schema(u, fld(u, C_GROUP_TYPE));
		g = lk_arena_alloc(u->scratch, sizeof *g);
		if (!g)
			return LK_ENOMEM;
		if (!(g->e = lk_list__add_entity(u->l, schema, UK_ID_PREFIX, gid)))
			return lk_error_last()->code ? lk_error_last()->code : LK_ENOMEM;
		if ((rc = lk_strmap_put(u->groups, gid, g)))
			return rc;
		if (u->ngroups == u->cap_groups) {
			size_t cap = u->cap_groups ? 2 * u->cap_groups : 256;
			group **o = lk_arena_grow(u->scratch, u->order, u->ngroups, cap, sizeof *o);
			if (!o)
				return LK_ENOMEM;
			u->order = o;
			u->cap_groups = cap;
		}
		u->order[u->ngroups++] = g;
	} else if (!blank(fld(u, C_GROUP_TYPE))) {
		lk_schema s = group_schema(u, fld(u, C_GROUP_TYPE));
		if (s != g->e->schema)
			u->type_conflicts++;
	}
	g->rows++;
	if ((rc = pend_names(u, g, origin)))
		return rc;
	return add_row_values(u, g->e, origin);
}

static int warn_counts(uk_ctx *u)
{
	int rc = 0;
	const char *p = u->in->path;
	if (u->no_primary && (rc = lk_list__warn(u->l, "uk_csv: %s: %zu groups have no primary-name "
	                                         "row; their first name was used", p, u->no_primary)))
		return rc;
	if (u->unknown_alias_types &&
	    (rc = lk_list__warn(u->l, "uk_csv: %s: %zu rows with an unknown Alias Type (e.g. \"%s\") "
	                        "read as aliases", p, u->unknown_alias_types,
	                        u->unknown_alias_example)))
		return rc;
	if (u->unknown_group_types &&
	    (rc = lk_list__warn(u->l, "uk_csv: %s: %zu rows with an unknown Group Type (e.g. \"%s\") "
	                        "read as legal entities", p, u->unknown_group_types,
	                        u->unknown_group_example)))
		return rc;
	if (u->type_conflicts &&
	    (rc = lk_list__warn(u->l, "uk_csv: %s: %zu rows disagree with their group's Group Type; "
	                        "the first row's type was kept", p, u->type_conflicts)))
		return rc;
	if (u->bad_dates &&
	    (rc = lk_list__warn(u->l, "uk_csv: %s: %zu impossible or unreadable dates were kept "
	                        "as far as they are valid, or as written", p, u->bad_dates)))
		return rc;
	return 0;
}

int lk_lists__parse_uk_csv(lk_list *l, const lk_input *in)
{
	uk_ctx u;
	FILE *f = NULL;
	int rc = 0;
	size_t rows = 0;

	memset(&u, 0, sizeof u);
	u.l = l;
	u.in = in;
	lk_buf_init(&u.tmp, 8u * LK_CSV_MAX_RECORD);
	if (!(f = lk_input__open(in))) {
		rc = lk_error_last()->code ? lk_error_last()->code : LK_EIO;
		goto done;
	}
	u.csv = lk_csv_new(f, in->path, ',', LK_CSV_AUTO);
	u.scratch = lk_arena_new(UK_SCRATCH_MAX);
	u.groups = lk_strmap_new();
	if (!u.csv || !u.scratch || !u.groups) {
		rc = lk_error_set(LK_ENOMEM, "out of memory");
		goto done;
	}
	if ((rc = read_header(&u)))
		goto done;
	while ((rc = lk_csv_next(u.csv)) == 1) {
		lk_list__progress(l, lk_csv_consumed(u.csv));
		if (record_blank(u.csv))
			continue;
		if ((rc = read_row(&u)))
			goto done;
		rows++;
	}
	if (rc < 0)
		goto done;
	if (rows == 0) {
		rc = lk_error_set_at(LK_ETRUNCATED, in->path, lk_csv_line(u.csv), -1,
		                     "no rows after the header");
		goto done;
	}
	for (size_t i = 0; i < u.ngroups; i++)
		if ((rc = finish_group(&u, u.order[i])))
			goto done;
	rc = warn_counts(&u);
done:
	if (rc < 0) {
		if (lk_error_last()->code != rc)
			lk_error_set_at(rc, in->path, u.csv ? lk_csv_line(u.csv) : 0, -1, "%s",
			                lk_strerror(rc));
		lk_error_prefix("uk_csv");
	}
	lk_csv_free(u.csv);
	if (f)
		fclose(f);
	lk_strmap_free(u.groups);
	lk_arena_free(u.scratch);
	lk_buf_dispose(&u.tmp);
	return rc;
}
