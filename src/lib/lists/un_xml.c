/*
 * un_xml.c - the UN Security Council Consolidated List XML (CONSOLIDATED_LIST).
 *
 * The list is INDIVIDUALS/INDIVIDUAL (Person) and ENTITIES/ENTITY (Organization) records,
 * read one record at a time through the streaming helper in xml_util.c. Each record becomes
 * one entity "un-<DATAID>". Decisions a reader of the output needs to know:
 *
 *  - program and regime: the regime is read from the REFERENCE_NUMBER prefix ("KPi.033" ->
 *    "UN DPRK 1718"), which is stable across the years, rather than from UN_LIST_TYPE, whose
 *    spellings changed. The reference number itself is kept as a note
 *    ("UN reference number: KPi.033") and as the origin of the program value, so that
 *    `lookout entity` shows it; it is not an identity document, so it is not an idNumber.
 *  - names: name is FIRST_NAME..FOURTH_NAME joined with spaces. The UN puts the family name in
 *    different slots by culture: on the DPRK regime FIRST_NAME is the family name ("RI" /
 *    "WON HO"), elsewhere the given name comes first. lastName is set only where defensible:
 *    the first slot on the DPRK regime, the second of a two-part name, or a final "AL-"/"EL-"
 *    nisba; SECOND_NAME and THIRD_NAME are otherwise kept as secondName/middleName.
 *  - aliases: QUALITY "Good", "a.k.a." or empty -> alias, "Low" -> weakAlias, "f.k.a." or a
 *    note "formerly/previously listed as" -> previousName. Older files pack several names into
 *    one ALIAS_NAME ("A; B b) C"), which are split (the text is taken apart in un_text.c).
 *  - birth dates: EXACT DATE or YEAR as written, APPROXIMATELY as the year, BETWEEN (and
 *    2016's YEAR "1955-1958") as a year range; a day is never invented. TYPE_OF_DATE is
 *    upper case in 2026 and title case in 2016.
 *  - documents: Passport-like types -> passportNumber, others -> idNumber; when NUMBER wraps
 *    the number in prose ("Diplomatic Passport: Z30321794") the number is extracted and the
 *    text kept in the origin, together with the issuing country, date and note.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lookout/entity.h"
#include "lookout/error.h"
#include "un_text.h"
#include "xml_util.h"

#define UN_PARSER "un_xml"
#define UN_ID_PREFIX "un"
/* Scratch memory for one record's temporary strings (the record itself is far smaller). */
#define UN_SCRATCH_MAX (64u << 20)

/* Regimes by the two-letter prefix of REFERENCE_NUMBER ("KPi.033", "QDe.004"). */
static const struct {
	const char *prefix;
	const char *regime;
} un_regimes[] = {
	{"CD", "UN DRC 1533"},
	{"CF", "UN CAR 2127"},
	{"CI", "UN Cote d'Ivoire 1572"},
	{"GB", "UN Guinea-Bissau 2048"},
	{"HT", "UN Haiti 2653"},
	{"IQ", "UN Iraq 1518"},
	{"IR", "UN Iran 1737"},
	{"KP", "UN DPRK 1718"},
	{"LR", "UN Liberia 1521"},
	{"LY", "UN Libya 1970"},
	{"ML", "UN Mali 2374"},
	{"QD", "UN ISIL (Da'esh) and Al-Qaida 1267"},
	{"SD", "UN Sudan 1591"},
	{"SL", "UN Sierra Leone 1132"},
	{"SO", "UN Al-Shabaab 2713"},
	{"SS", "UN South Sudan 2206"},
	{"TA", "UN Taliban 1988"},
	{"YE", "UN Yemen 2140"},
};

typedef struct un_rec {
	lk_list *l;
	lk_arena *a;       /* the list's arena (values and origins are copied into it) */
	lk_arena *tmp;     /* scratch for this record */
	lk_entity *e;
	xmlNodePtr n;
	const char *where;  /* "file.xml: line N" for warnings */
	bool person;
	bool family_first; /* FIRST_NAME is the family name (DPRK regime) */
	lk_xml *x;
	unsigned unknown_warned; /* PROGRAM values warned about, over the whole list */
} un_rec;

static char *ctext(un_rec *r, xmlNodePtr n, const char *name)
{
	return n ? lk_xml__child_text(r->tmp, n, name) : NULL;
}

static int add(un_rec *r, lk_prop p, const char *v, const char *origin)
{
	return v ? lk_entity_add(r->e, r->a, p, v, origin) : 0;
}

static int add_country(un_rec *r, lk_prop p, const char *v, const char *origin)
{
	return v ? lk_entity_add_country(r->e, r->a, p, v, origin) : 0;
}

/* Add an ISO date if text reads as one; *ok tells whether it did. */
static int add_date(un_rec *r, lk_prop p, const char *text, const char *origin, bool *ok)
{
	char iso[11], day[11];
	if (ok)
		*ok = false;
	if (!text)
		return 0;
	/* LISTED_ON is sometimes written with a UTC offset: "2001-01-25-05:00". */
	size_t n = strlen(text);
	if (n > 10 && text[4] == '-' && text[7] == '-' && strchr("-+T ", text[10])) {
		memcpy(day, text, 10);
		day[10] = 0;
		text = day;
	}
	if (!lk_date_normalize(text, iso))
		return 0;
	if (ok)
		*ok = true;
	return lk_entity_add(r->e, r->a, p, iso, origin);
}

/* A four-digit year. */
static bool parse_year(const char *s, size_t n, int *out)
{
	if (n != 4)
		return false;
	int y = 0;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		y = y * 10 + (s[i] - '0');
	}
	if (y < 1)
		return false;
	*out = y;
	return true;
}

/* "1955-1958" (2016's YEAR of an approximate date). */
static bool parse_year_range(const char *s, int *from, int *to)
{
	const char *dash = strchr(s, '-');
	if (!dash || !parse_year(s, (size_t)(dash - s), from) ||
	    !parse_year(dash + 1, strlen(dash + 1), to))
		return false;
	return *from <= *to;
}

/* Join the non-NULL parts with sep into scratch memory; NULL when all are NULL. */
static char *join(un_rec *r, const char *sep, const char *const *parts, size_t n)
{
	lk_buf b;
	char *out = NULL;
	lk_buf_init(&b, UN_SCRATCH_MAX);
	for (size_t i = 0; i < n; i++) {
		if (!parts[i] || !*parts[i])
			continue;
		if ((b.len && lk_buf_puts(&b, sep) < 0) || lk_buf_puts(&b, parts[i]) < 0)
			goto done;
	}
	if (b.len)
		out = lk_arena_strdup(r->tmp, lk_buf_cstr(&b));
done:
	lk_buf_dispose(&b);
	return out;
}

static bool has_prefix_ci(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static bool contains_ci(const char *s, const char *needle)
{
	size_t n = strlen(needle);
	for (; s && *s; s++)
		if (strncasecmp(s, needle, n) == 0)
			return true;
	return false;
}

/* ---- names ---- */

/* A final Arabic nisba or family name ("AL-TIKRITI", "AL HAKIM", "EL-SHANTI"). */
static bool is_family_particle(const char *s)
{
	return has_prefix_ci(s, "AL-") || has_prefix_ci(s, "AL ") || has_prefix_ci(s, "EL-") ||
	       has_prefix_ci(s, "EL ");
}

static int add_names(un_rec *r)
{
	static const char *const tags[] = {"FIRST_NAME", "SECOND_NAME", "THIRD_NAME",
	                                   "FOURTH_NAME"};
	const char *parts[4];
	size_t nparts = 0, last = 0;
	int rc;
	for (size_t i = 0; i < 4; i++) {
		parts[i] = ctext(r, r->n, tags[i]);
		if (parts[i]) {
			nparts++;
			last = i;
		}
	}
	char *name = join(r, " ", parts, 4);
	if (!name)
		return lk_list__warn(r->l, "un_xml: %s: %s %s has no name", r->where,
		                     r->person ? "INDIVIDUAL" : "ENTITY", r->e->native_id);
	if ((rc = add(r, LK_PROP_NAME, name, "FIRST_NAME..FOURTH_NAME")) < 0)
		return rc;
	if (!r->person || nparts < 2)
		return 0;
	if (r->family_first && parts[0]) {
		/* East Asian order: the family name comes first ("RI" "WON HO"). */
		const char *given = join(r, " ", parts + 1, 3);
		if ((rc = add(r, LK_PROP_LAST_NAME, parts[0], "FIRST_NAME")) < 0 ||
		    (rc = add(r, LK_PROP_FIRST_NAME, given, "SECOND_NAME")) < 0)
			return rc;
		return 0;
	}
	if ((rc = add(r, LK_PROP_FIRST_NAME, parts[0], "FIRST_NAME")) < 0)
		return rc;
	if (nparts == 2 && parts[1])
		return add(r, LK_PROP_LAST_NAME, parts[1], "SECOND_NAME");
	if ((rc = add(r, LK_PROP_SECOND_NAME, parts[1], "SECOND_NAME")) < 0 ||
	    (rc = add(r, LK_PROP_MIDDLE_NAME, parts[2], "THIRD_NAME")) < 0)
		return rc;
	if (last >= 2 && is_family_particle(parts[last]))
		return add(r, LK_PROP_LAST_NAME, parts[last], tags[last]);
	return 0;
}

static lk_prop alias_prop(const char *quality, const char *note)
{
	if (note && (contains_ci(note, "formerly listed") || contains_ci(note, "previously listed")))
		return LK_PROP_PREVIOUS_NAME;
	if (!quality)
		return LK_PROP_ALIAS;
	if (strcasecmp(quality, "Low") == 0)
		return LK_PROP_WEAK_ALIAS;
	if (strcasecmp(quality, "f.k.a.") == 0)
		return LK_PROP_PREVIOUS_NAME;
	return LK_PROP_ALIAS; /* "Good", "a.k.a.", "n.k.a." */
}

typedef struct alias_walk {
	un_rec *r;
	lk_prop prop;
	const char *tag;
} alias_walk;

/* One name out of an ALIAS_NAME; a remark about it goes into its origin. */
static int on_alias_name(void *ctx, const char *name, const char *remark, bool previous)
{
	alias_walk *w = ctx;
	const char *origin = w->tag;
	if (remark && !(origin = lk_arena_printf(w->r->tmp, "%s: %s", w->tag, remark)))
		return lk_error_last()->code;
	return add(w->r, previous ? LK_PROP_PREVIOUS_NAME : w->prop, name, origin);
}

static int add_aliases(un_rec *r)
{
	const char *tag = r->person ? "INDIVIDUAL_ALIAS" : "ENTITY_ALIAS";
	int rc;
	char *ons = ctext(r, r->n, "NAME_ORIGINAL_SCRIPT");
	if ((rc = add(r, LK_PROP_ALIAS, ons, "NAME_ORIGINAL_SCRIPT")) < 0)
		return rc;
	for (xmlNodePtr c = lk_xml__child(r->n, tag); c; c = lk_xml__next_same(c)) {
		char *name = ctext(r, c, "ALIAS_NAME");
		char *quality = ctext(r, c, "QUALITY");
		char *note = ctext(r, c, "NOTE");
		alias_walk w = {r, alias_prop(quality, note), tag};
		if (name && (rc = lk_un__alias_names(name, on_alias_name, &w)) < 0)
			return rc;
		/* "in Arabic script: شركة الكوثر" */
		const char *script = note && contains_ci(note, "script:") ? strchr(note, ':') : NULL;
		if (script && (rc = add(r, LK_PROP_ALIAS, script + 1, tag)) < 0)
			return rc;
		if (!r->person)
			continue;
		/* The alias's own birth data (a false identity's DOB is still a DOB to screen on). */
		const char *pob[2] = {ctext(r, c, "CITY_OF_BIRTH"), ctext(r, c, "COUNTRY_OF_BIRTH")};
		if ((rc = add_date(r, LK_PROP_BIRTH_DATE, ctext(r, c, "DATE_OF_BIRTH"), tag,
		                   NULL)) < 0 ||
		    (rc = add(r, LK_PROP_BIRTH_PLACE, join(r, ", ", pob, 2), tag)) < 0)
			return rc;
	}
	return 0;
}

/* ---- dates, places, addresses ---- */

static int add_dob(un_rec *r, xmlNodePtr d)
{
	static const char *origin = "INDIVIDUAL_DATE_OF_BIRTH";
	char *type = ctext(r, d, "TYPE_OF_DATE");
	char *date = ctext(r, d, "DATE");
	char *year = ctext(r, d, "YEAR");
	char *from = ctext(r, d, "FROM_YEAR");
	char *to = ctext(r, d, "TO_YEAR");
	char *note = ctext(r, d, "NOTE");
	bool approx = type && strcasecmp(type, "APPROXIMATELY") == 0;
	bool added = false, ok;
	int rc = 0, y1, y2;

	if (from || to) {
		bool f = from && parse_year(from, strlen(from), &y1);
		bool t = to && parse_year(to, strlen(to), &y2);
		if (f && t && y1 <= y2)
			rc = lk_entity_add_year_range(r->e, r->a, LK_PROP_BIRTH_DATE, y1, y2, origin);
		else if (f || t)
			rc = add_date(r, LK_PROP_BIRTH_DATE, f ? from : to, origin, NULL);
		added = f || t;
		if (rc < 0)
			return rc;
	}
	if (date) {
		/* an approximate full date says no more than its year */
		if (approx && strlen(date) > 4 && parse_year(date, 4, &y1))
			date[4] = 0;
		if ((rc = add_date(r, LK_PROP_BIRTH_DATE, date, origin, &ok)) < 0)
			return rc;
		added |= ok;
	}
	if (year) {
		if (parse_year_range(year, &y1, &y2)) {
			rc = lk_entity_add_year_range(r->e, r->a, LK_PROP_BIRTH_DATE, y1, y2, origin);
			ok = true;
		} else {
			rc = add_date(r, LK_PROP_BIRTH_DATE, year, origin, &ok);
		}
		if (rc < 0)
			return rc;
		added |= ok;
	}
	if (!note || added)
		return 0;
	/* EXACT with only a note: "Nov. 1973". A Hijri date is not a Gregorian one. */
	if (!contains_ci(note, "hijri")) {
		if ((rc = add_date(r, LK_PROP_BIRTH_DATE, note, origin, &ok)) < 0 || ok)
			return rc;
	}
	const char *msg = lk_arena_printf(r->tmp, "Date of birth: %s", note);
	return add(r, LK_PROP_NOTES, msg, origin);
}

static int add_pob(un_rec *r, xmlNodePtr p)
{
	const char *parts[5] = {ctext(r, p, "STREET"), ctext(r, p, "CITY"),
	                        ctext(r, p, "STATE_PROVINCE"), ctext(r, p, "COUNTRY"),
	                        ctext(r, p, "NOTE")};
	return add(r, LK_PROP_BIRTH_PLACE, join(r, ", ", parts, 5), "INDIVIDUAL_PLACE_OF_BIRTH");
}

static int add_address(un_rec *r, xmlNodePtr ad, const char *tag)
{
	int rc;
	char *country = ctext(r, ad, "COUNTRY");
	char *note = ctext(r, ad, "NOTE");
	const char *parts[5] = {ctext(r, ad, "STREET"), ctext(r, ad, "CITY"),
	                        ctext(r, ad, "STATE_PROVINCE"), ctext(r, ad, "ZIP_CODE"), NULL};
	const char *origin = tag;
	if (note && !(origin = lk_arena_printf(r->tmp, "%s: %s", tag, note)))
		return lk_error_last()->code;
	if ((rc = add_country(r, LK_PROP_COUNTRY, country, origin)) < 0)
		return rc;
	/* A bare country is a country, not an address. */
	if (!parts[0] && !parts[1] && !parts[2] && !parts[3])
		return 0;
	parts[4] = country;
	return add(r, LK_PROP_ADDRESS, join(r, ", ", parts, 5), origin);
}

/* ---- documents ---- */

static bool is_passport_type(const char *t)
{
	return t && (contains_ci(t, "passport") || contains_ci(t, "passeport") ||
	             contains_ci(t, "pasaporte"));
}

static int add_document(un_rec *r, xmlNodePtr d)
{
	char *type = ctext(r, d, "TYPE_OF_DOCUMENT");
	char *type2 = ctext(r, d, "TYPE_OF_DOCUMENT2");
	char *number = ctext(r, d, "NUMBER");
	char *issuer = ctext(r, d, "ISSUING_COUNTRY");
	char *country = ctext(r, d, "COUNTRY_OF_ISSUE");
	char *city = ctext(r, d, "CITY_OF_ISSUE");
	char *issued = ctext(r, d, "DATE_OF_ISSUE");
	char *note = ctext(r, d, "NOTE");
	if (!type && !type2 && !number && !note)
		return 0;
	if (country && issuer && strcmp(country, issuer) == 0)
		country = NULL;

	/* Some types carry the number: "Afghan national identification card (tazkira) number
	 * 545167". */
	char *raw = number;
	bool raw_is_type2 = false;
	char *value = NULL;
	const char *as_written = NULL;
	if (!raw && type2) {
		raw = type2;
		raw_is_type2 = true;
	}
	if (raw) {
		char *copy = lk_arena_strdup(r->tmp, raw);
		value = copy ? lk_un__doc_number(copy) : NULL;
		if (value && strcmp(value, raw) != 0)
			as_written = raw;
		if (!value && raw_is_type2) {
			raw = NULL;
			raw_is_type2 = false;
		}
	}
	const char *kind = type ? type : type2 ? type2 : "Document";
	bool passport = is_passport_type(type ? type : type2);
	const char *issue_place[2] = {city, country};
	const char *where = join(r, ", ", issue_place, 2);
	lk_buf b;
	int rc;
	lk_buf_init(&b, UN_SCRATCH_MAX);
	rc = lk_buf_printf(&b, "%s", kind);
	if (rc >= 0 && type && type2 && strcasecmp(type, type2) != 0 && !raw_is_type2)
		rc = lk_buf_printf(&b, " (%s)", type2);
	if (rc >= 0 && issuer)
		rc = lk_buf_printf(&b, "; issuing country %s", issuer);
	if (rc >= 0 && issued)
		rc = lk_buf_printf(&b, "; issued %s", issued);
	if (rc >= 0 && where)
		rc = lk_buf_printf(&b, "; issued in %s", where);
	if (rc >= 0 && as_written)
		rc = lk_buf_printf(&b, "; as written: %s", as_written);
	if (rc >= 0 && note)
		rc = lk_buf_printf(&b, "; %s", note);
	if (rc < 0)
		goto done;
	if (value) {
		const char *origin = lk_arena_printf(r->tmp, "INDIVIDUAL_DOCUMENT: %s", lk_buf_cstr(&b));
		if (!origin) {
			rc = lk_error_last()->code;
			goto done;
		}
		rc = add(r, passport ? LK_PROP_PASSPORT_NUMBER : LK_PROP_ID_NUMBER, value, origin);
	} else {
		/* No number: keep what is known about the document where a reader sees it. */
		if (raw && !raw_is_type2)
			rc = lk_buf_printf(&b, "; number: %s", raw);
		if (rc >= 0)
			rc = add(r, LK_PROP_NOTES, lk_buf_cstr(&b), "INDIVIDUAL_DOCUMENT");
	}
done:
	lk_buf_dispose(&b);
	return rc < 0 ? rc : 0;
}

/* ---- the record ---- */

/* Values of <tag><VALUE>..</VALUE>...</tag>, each added as prop (countries mapped). */
static int add_values(un_rec *r, const char *tag, lk_prop prop, bool country)
{
	int rc;
	for (xmlNodePtr c = lk_xml__child(r->n, tag); c; c = lk_xml__next_same(c)) {
		for (xmlNodePtr v = lk_xml__child(c, "VALUE"); v; v = lk_xml__next_same(v)) {
			char *t = lk_xml__text(r->tmp, v);
			rc = country ? add_country(r, prop, t, tag) : add(r, prop, t, tag);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

static const char *regime_of(const char *ref)
{
	if (!ref || strlen(ref) < 2)
		return NULL;
	for (size_t i = 0; i < LK_ARRAY_SIZE(un_regimes); i++)
		if (strncasecmp(ref, un_regimes[i].prefix, 2) == 0)
			return un_regimes[i].regime;
	return NULL;
}

static int add_program(un_rec *r, unsigned *unknown_warned)
{
	int rc;
	char *ref = ctext(r, r->n, "REFERENCE_NUMBER");
	char *list_type = ctext(r, r->n, "UN_LIST_TYPE");
	const char *regime = regime_of(ref);
	if (!regime && list_type) {
		/* A regime newer than this table: fall back to the list's own label. */
		regime = lk_arena_printf(r->tmp, "UN %s", list_type);
		if ((*unknown_warned)++ < 5 &&
		    (rc = lk_list__warn(r->l, "un_xml: %s: DATAID %s: unknown regime prefix in "
		                        "reference number \"%s\"; using UN_LIST_TYPE \"%s\"",
		                        r->where, r->e->native_id, ref ? ref : "", list_type)) < 0)
			return rc;
	}
	const char *origin = "UN_LIST_TYPE";
	if (ref && !(origin = lk_arena_printf(r->tmp, "REFERENCE_NUMBER %s", ref)))
		return lk_error_last()->code;
	if ((rc = add(r, LK_PROP_PROGRAM, regime, origin)) < 0 ||
	    (rc = add(r, LK_PROP_REGIME, regime, origin)) < 0)
		return rc;
	if (ref) {
		const char *msg = lk_arena_printf(r->tmp, "UN reference number: %s", ref);
		return add(r, LK_PROP_NOTES, msg, "REFERENCE_NUMBER");
	}
	return 0;
}

/* The latest LAST_DAY_UPDATED/VALUE as modifiedAt. */
static int add_modified(un_rec *r)
{
	char best[11] = "", iso[11];
	for (xmlNodePtr c = lk_xml__child(r->n, "LAST_DAY_UPDATED"); c; c = lk_xml__next_same(c))
		for (xmlNodePtr v = lk_xml__child(c, "VALUE"); v; v = lk_xml__next_same(v)) {
			char *t = lk_xml__text(r->tmp, v);
			if (t && lk_date_normalize(t, iso) && strcmp(iso, best) > 0)
				memcpy(best, iso, sizeof best);
		}
	return best[0] ? add(r, LK_PROP_MODIFIED_AT, best, "LAST_DAY_UPDATED") : 0;
}

static int parse_record(un_rec *r, unsigned *unknown_warned)
{
	int rc;
	char *gender;
	if ((rc = add_names(r)) < 0 || (rc = add_aliases(r)) < 0 ||
	    (rc = add_program(r, unknown_warned)) < 0)
		return rc;
	if ((rc = add_date(r, LK_PROP_LISTING_DATE, ctext(r, r->n, "LISTED_ON"), "LISTED_ON",
	                   NULL)) < 0 ||
	    (rc = add_modified(r)) < 0 ||
	    (rc = add(r, LK_PROP_NOTES, ctext(r, r->n, "COMMENTS1"), "COMMENTS1")) < 0 ||
	    (rc = add_values(r, "TITLE", LK_PROP_TITLE, false)) < 0)
		return rc;
	/* An organisation has no position: a rare ENTITY DESIGNATION goes to notes. */
	if ((rc = add_values(r, "DESIGNATION", r->person ? LK_PROP_POSITION : LK_PROP_NOTES,
	                     false)) < 0 ||
	    (rc = add_values(r, "NATIONALITY", LK_PROP_NATIONALITY, true)) < 0)
		return rc;
	gender = ctext(r, r->n, "GENDER");
	if (gender && (strcasecmp(gender, "male") == 0 || strcasecmp(gender, "female") == 0)) {
		for (char *p = gender; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if ((rc = add(r, LK_PROP_GENDER, gender, "GENDER")) < 0)
			return rc;
	}
	const char *addr_tag = r->person ? "INDIVIDUAL_ADDRESS" : "ENTITY_ADDRESS";
	for (xmlNodePtr c = lk_xml__child(r->n, addr_tag); c; c = lk_xml__next_same(c))
		if ((rc = add_address(r, c, addr_tag)) < 0)
			return rc;
	if (!r->person)
		return 0;
	for (xmlNodePtr c = lk_xml__child(r->n, "INDIVIDUAL_DATE_OF_BIRTH"); c;
	     c = lk_xml__next_same(c))
		if ((rc = add_dob(r, c)) < 0)
			return rc;
	for (xmlNodePtr c = lk_xml__child(r->n, "INDIVIDUAL_PLACE_OF_BIRTH"); c;
	     c = lk_xml__next_same(c))
		if ((rc = add_pob(r, c)) < 0)
			return rc;
	for (xmlNodePtr c = lk_xml__child(r->n, "INDIVIDUAL_DOCUMENT"); c;
	     c = lk_xml__next_same(c))
		if ((rc = add_document(r, c)) < 0)
			return rc;
	return 0;
}

/* dateGenerated="2026-02-27T00:00:09.554Z" -> the list's publication date. */
static int set_published(lk_list *l, lk_xml *x)
{
	int rc = 0;
	char iso[11], day[11];
	xmlChar *v = xmlTextReaderGetAttribute(x->reader, BAD_CAST "dateGenerated");
	if (!v)
		return 0;
	snprintf(day, sizeof day, "%s", (const char *)v);
	if (lk_date_normalize(day, iso))
		rc = lk_list__set_published(l, iso);
	else
		rc = lk_list__warn(l, "un_xml: %s: unreadable dateGenerated \"%s\"", x->in->name,
		                   (const char *)v);
	xmlFree(v);
	return rc;
}

/* One INDIVIDUAL or ENTITY record, read with its own scratch arena. */
static int on_record(void *ctx, xmlNodePtr n, const char *name)
{
	un_rec *r = ctx;
	const char *file = r->x->in->name;
	int rc = 0;
	long line = xmlGetLineNo(n);
	if (line <= 0)
		line = lk_xml__line(r->x);
	if (!(r->tmp = lk_arena_new(UN_SCRATCH_MAX)))
		return LK_ENOMEM;
	r->n = n;
	r->person = strcmp(name, "INDIVIDUAL") == 0;
	if (!(r->where = lk_arena_printf(r->tmp, "%s: line %ld", file, line))) {
		rc = lk_error_last()->code;
		goto done;
	}
	char *dataid = ctext(r, n, "DATAID");
	if (!dataid) {
		rc = lk_xml__fail(r->x, LK_EINVALID, "%s record at line %ld has no DATAID", name,
		                  line);
		goto done;
	}
	char *ref = ctext(r, n, "REFERENCE_NUMBER");
	r->family_first = ref && strncasecmp(ref, "KP", 2) == 0;
	r->e = lk_list__add_entity(r->l, r->person ? LK_SCHEMA_PERSON : LK_SCHEMA_ORGANIZATION,
	                           UN_ID_PREFIX, dataid);
	if (!r->e) {
		rc = lk_error_last()->code < 0 ? lk_error_last()->code : LK_ENOMEM;
		goto done;
	}
	if ((rc = parse_record(r, &r->unknown_warned)) < 0) {
		lk_error_prefix("un_xml: %s: line %ld", file, line);
		goto done;
	}
	rc = 0;
done:
	lk_arena_free(r->tmp);
	r->tmp = NULL;
	return rc;
}

int lk_lists__parse_un_xml(lk_list *l, const lk_input *in)
{
	static const char *const records[] = {"INDIVIDUAL", "ENTITY"};
	lk_xml x;
	un_rec r;
	int rc;
	memset(&r, 0, sizeof r);
	r.l = l;
	r.a = l->arena;
	r.x = &x;
	if ((rc = lk_xml__open_root(&x, in, UN_PARSER, "CONSOLIDATED_LIST")) < 0)
		return rc;
	if ((rc = set_published(l, &x)) < 0)
		goto done;
	rc = lk_xml__each(&x, l, records, sizeof records / sizeof *records, on_record, &r);
done:
	lk_xml__close(&x);
	return rc < 0 ? rc : 0;
}
