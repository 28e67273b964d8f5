/*
 * ofac_xml.c - OFAC's sdnList XML (sdn.xml, consolidated.xml).
 *
 * The document is <sdnList> in the namespace http://tempuri.org/sdnList.xsd (elements are
 * matched by local name) with a <publshInformation> header (OFAC's spelling) and one
 * <sdnEntry> per listed party, read one at a time through the streaming helper in xml_util.c.
 * Each entry becomes one entity "ofac-<uid>"; the uid is the same number as the legacy CSV's
 * ent_num, so both formats give the same ids.
 *
 * The XML spells out what the CSV packs into its remarks: idList/id carries an idType that is
 * one of the remarks keys, so identifiers go through the vocabulary shared with the CSV parser
 * (ofac_common.c) and a passport read from either format lands in the same property. An
 * idType the vocabulary does not know is kept in notes rather than dropped. Provenance of
 * every value is "<file>:<line of the sdnEntry>", as the CSV parser writes "<file>:<line>".
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lookout/entity.h"
#include "lookout/error.h"
#include "ofac_common.h"
#include "xml_util.h"

#define OFAC_PARSER "ofac_xml"
/* Scratch memory for one entry's temporary strings. */
#define OFAC_SCRATCH_MAX (64u << 20)

typedef struct ofac_rec {
	lk_list *l;
	lk_arena *a;   /* the list's arena */
	lk_arena *tmp; /* scratch for this entry */
	lk_entity *e;
	xmlNodePtr n;
	const char *origin; /* "sdn.xml:1234" */
	lk_xml *x;
} ofac_rec;

static char *ctext(ofac_rec *r, xmlNodePtr n, const char *name)
{
	return n ? lk_xml__child_text(r->tmp, n, name) : NULL;
}

static int add(ofac_rec *r, lk_prop p, const char *v)
{
	return v ? lk_entity_add(r->e, r->a, p, v, r->origin) : 0;
}

static int add_country(ofac_rec *r, lk_prop p, const char *v)
{
	return v ? lk_entity_add_country(r->e, r->a, p, v, r->origin) : 0;
}

/* Iterate the items of a list element: <akaList><aka/>...</akaList>. */
#define FOR_ITEMS(it, r, list, item)                                                        \
	for (xmlNodePtr it##_l = lk_xml__child((r)->n, list); it##_l;                          \
	     it##_l = lk_xml__next_same(it##_l))                                                \
		for (xmlNodePtr it = lk_xml__child(it##_l, item); it; it = lk_xml__next_same(it))

/* "LAST, First" as OFAC writes names, or the last name alone. */
static char *ofac_name(ofac_rec *r, xmlNodePtr n)
{
	char *first = ctext(r, n, "firstName");
	char *last = ctext(r, n, "lastName");
	if (first && last)
		return lk_arena_printf(r->tmp, "%s, %s", last, first);
	return last ? last : first;
}

static int add_akas(ofac_rec *r)
{
	int rc;
	FOR_ITEMS(aka, r, "akaList", "aka") {
		char *name = ofac_name(r, aka);
		char *type = ctext(r, aka, "type");
		char *category = ctext(r, aka, "category");
		lk_prop prop = LK_PROP_ALIAS;
		if (!name)
			continue;
		if (type && strcasecmp(type, "f.k.a.") == 0)
			prop = LK_PROP_PREVIOUS_NAME;
		else if (category && strcasecmp(category, "weak") == 0)
			prop = LK_PROP_WEAK_ALIAS;
		if ((rc = lk_ofac__add_name(r->e, r->a, prop, name, r->origin)) < 0)
			return rc;
	}
	return 0;
}

static int add_ids(ofac_rec *r)
{
	int rc;
	FOR_ITEMS(id, r, "idList", "id") {
		char *type = ctext(r, id, "idType");
		char *number = ctext(r, id, "idNumber");
		char *country = ctext(r, id, "idCountry");
		char *issued = ctext(r, id, "issueDate");
		char *expires = ctext(r, id, "expirationDate");
		const char *origin = r->origin;
		if (!type && !number)
			continue;
		if (issued || expires) {
			origin = lk_arena_printf(r->tmp, "%s [%s%s%s%s%s]", r->origin,
			                         issued ? "issued " : "", issued ? issued : "",
			                         issued && expires ? "; " : "",
			                         expires ? "expires " : "", expires ? expires : "");
			if (!origin)
				return lk_error_last()->code;
		}
		rc = type ? lk_ofac__add_typed(r->e, r->a, type, number ? number : "", country,
		                               origin)
		          : 0;
		if (rc < 0)
			return rc;
		if (rc == 1)
			continue;
		/* A type the vocabulary does not know: keep it readable rather than guess. */
		const char *note = lk_arena_printf(r->tmp, "%s: %s%s%s%s", type ? type : "ID",
		                                   number ? number : "", country ? " (" : "",
		                                   country ? country : "", country ? ")" : "");
		if (!note)
			return lk_error_last()->code;
		if ((rc = lk_entity_add(r->e, r->a, LK_PROP_NOTES, note, origin)) < 0)
			return rc;
	}
	return 0;
}

static int add_addresses(ofac_rec *r)
{
	int rc;
	FOR_ITEMS(ad, r, "addressList", "address") {
		static const char *const tags[] = {"address1", "address2",   "address3",
		                                   "city",     "stateOrProvince", "postalCode",
		                                   "country"};
		lk_buf b;
		char *country = ctext(r, ad, "country");
		lk_buf_init(&b, OFAC_SCRATCH_MAX);
		rc = 0;
		for (size_t i = 0; i < LK_ARRAY_SIZE(tags) && rc >= 0; i++) {
			char *t = ctext(r, ad, tags[i]);
			if (t)
				rc = lk_buf_printf(&b, "%s%s", b.len ? ", " : "", t);
		}
		if (rc >= 0)
			rc = add_country(r, LK_PROP_COUNTRY, country);
		/* A bare country is a country, not an address. */
		if (rc >= 0 && b.len && (!country || strcmp(lk_buf_cstr(&b), country) != 0))
			rc = add(r, LK_PROP_ADDRESS, lk_buf_cstr(&b));
		lk_buf_dispose(&b);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* A four-digit year. */
static bool year_of(const char *s, size_t n, int *out)
{
	while (n && s[n - 1] == ' ')
		n--;
	while (n && *s == ' ')
		s++, n--;
	if (n != 4)
		return false;
	for (size_t i = 0; i < 4; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	*out = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	return *out > 0;
}

/* dateOfBirth: "1962", "11 Feb 1962", "Feb 1962", "circa 1962", "1960 to 1962". */
static int add_birth_date(ofac_rec *r, const char *text)
{
	const char *to = strstr(text, " to ");
	int y1, y2;
	if (to && year_of(text, (size_t)(to - text), &y1) && year_of(to + 4, strlen(to + 4), &y2) &&
	    y1 <= y2)
		return lk_entity_add_year_range(r->e, r->a, LK_PROP_BIRTH_DATE, y1, y2, r->origin);
	/* As the CSV parser does: a date that does not read is kept as written. */
	return lk_entity_add_date(r->e, r->a, LK_PROP_BIRTH_DATE, text, r->origin, true);
}

static int add_personal(ofac_rec *r)
{
	int rc;
	FOR_ITEMS(n, r, "nationalityList", "nationality")
		if ((rc = add_country(r, LK_PROP_NATIONALITY, ctext(r, n, "country"))) < 0)
			return rc;
	FOR_ITEMS(c, r, "citizenshipList", "citizenship")
		if ((rc = add_country(r, LK_PROP_CITIZENSHIP, ctext(r, c, "country"))) < 0)
			return rc;
	FOR_ITEMS(d, r, "dateOfBirthList", "dateOfBirthItem") {
		char *t = ctext(r, d, "dateOfBirth");
		if (t && (rc = add_birth_date(r, t)) < 0)
			return rc;
	}
	FOR_ITEMS(p, r, "placeOfBirthList", "placeOfBirthItem")
		if ((rc = add(r, LK_PROP_BIRTH_PLACE, ctext(r, p, "placeOfBirth"))) < 0)
			return rc;
	return 0;
}

static int add_vessel(ofac_rec *r)
{
	int rc;
	xmlNodePtr v = lk_xml__child(r->n, "vesselInfo");
	if (!v)
		return 0;
	if ((rc = add(r, LK_PROP_CALL_SIGN, ctext(r, v, "callSign"))) < 0 ||
	    (rc = add(r, LK_PROP_VESSEL_TYPE, ctext(r, v, "vesselType"))) < 0 ||
	    (rc = add_country(r, LK_PROP_FLAG, ctext(r, v, "vesselFlag"))) < 0 ||
	    (rc = add(r, LK_PROP_OWNER, ctext(r, v, "vesselOwner"))) < 0 ||
	    (rc = add(r, LK_PROP_TONNAGE, ctext(r, v, "tonnage"))) < 0 ||
	    (rc = add(r, LK_PROP_GROSS_TONNAGE, ctext(r, v, "grossRegisteredTonnage"))) < 0)
		return rc;
	return 0;
}

static int parse_entry(ofac_rec *r)
{
	int rc;
	char *name = ofac_name(r, r->n);
	if (!name)
		return lk_list__warn(r->l, "ofac_xml: %s: sdnEntry %s has no name", r->origin,
		                     r->e->native_id);
	if ((rc = lk_ofac__add_name(r->e, r->a, LK_PROP_NAME, name, r->origin)) < 0)
		return rc;
	FOR_ITEMS(p, r, "programList", "program")
		if ((rc = add(r, LK_PROP_PROGRAM, lk_xml__text(r->tmp, p))) < 0)
			return rc;
	/* OFAC's title is a position ("President of ..."), as the CSV parser reads it too. */
	if ((rc = add(r, LK_PROP_POSITION, ctext(r, r->n, "title"))) < 0 ||
	    (rc = add(r, LK_PROP_NOTES, ctext(r, r->n, "remarks"))) < 0 ||
	    (rc = add_akas(r)) < 0 || (rc = add_ids(r)) < 0 || (rc = add_addresses(r)) < 0 ||
	    (rc = add_personal(r)) < 0 || (rc = add_vessel(r)) < 0)
		return rc;
	return 0;
}

/* Publish_Date is MM/DD/YYYY (US order). */
static int set_published(lk_list *l, lk_xml *x, xmlNodePtr info)
{
	lk_arena *tmp = lk_arena_new(1 << 16);
	int rc = 0, m, d, y;
	char iso[16], tail;
	if (!tmp)
		return LK_ENOMEM;
	char *t = lk_xml__child_text(tmp, info, "Publish_Date");
	if (t && sscanf(t, "%2d/%2d/%4d%c", &m, &d, &y, &tail) == 3 && m >= 1 && m <= 12 &&
	    d >= 1 && d <= 31 && y >= 1900 && y <= 9999) {
		snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
		rc = lk_list__set_published(l, iso);
	} else if (t) {
		rc = lk_list__warn(l, "ofac_xml: %s: unreadable Publish_Date \"%s\"", x->in->name, t);
	}
	lk_arena_free(tmp);
	return rc;
}

/* publshInformation dates the list (not a record: returns 1, no progress report); each
 * sdnEntry is read with its own scratch arena. */
static int on_record(void *ctx, xmlNodePtr n, const char *name)
{
	ofac_rec *r = ctx;
	const char *file = r->x->in->name;
	int rc = 0;
	if (strcmp(name, "publshInformation") == 0) {
		rc = set_published(r->l, r->x, n);
		return rc < 0 ? rc : 1;
	}
	long line = xmlGetLineNo(n);
	if (line <= 0)
		line = lk_xml__line(r->x);
	if (!(r->tmp = lk_arena_new(OFAC_SCRATCH_MAX)))
		return LK_ENOMEM;
	r->n = n;
	char *uid = ctext(r, n, "uid");
	if (!uid) {
		rc = lk_xml__fail(r->x, LK_EINVALID, "sdnEntry at line %ld has no uid", line);
		goto done;
	}
	if (!(r->origin = lk_arena_printf(r->tmp, "%s:%ld", file, line))) {
		rc = lk_error_last()->code;
		goto done;
	}
	r->e = lk_list__add_entity(r->l, lk_ofac__schema(ctext(r, n, "sdnType")),
	                           LK_OFAC_ID_PREFIX, uid);
	if (!r->e) {
		rc = lk_error_last()->code < 0 ? lk_error_last()->code : LK_ENOMEM;
		goto done;
	}
	if ((rc = parse_entry(r)) < 0) {
		lk_error_prefix("ofac_xml: %s: line %ld", file, line);
		goto done;
	}
	rc = 0;
done:
	lk_arena_free(r->tmp);
	r->tmp = NULL;
	return rc;
}

int lk_lists__parse_ofac_xml(lk_list *l, const lk_input *in)
{
	static const char *const records[] = {"sdnEntry", "publshInformation"};
	lk_xml x;
	ofac_rec r;
	int rc;
	memset(&r, 0, sizeof r);
	r.l = l;
	r.a = l->arena;
	r.x = &x;
	if ((rc = lk_xml__open_root(&x, in, OFAC_PARSER, "sdnList")) < 0)
		return rc;
	rc = lk_xml__each(&x, l, records, sizeof records / sizeof *records, on_record, &r);
	lk_xml__close(&x);
	return rc < 0 ? rc : 0;
}
