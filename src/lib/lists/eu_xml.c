/*
 * eu_xml.c - the EU Financial Sanctions File as the current XML export (namespace
 * http://eu.europa.ec/fpi/fsd/export): root "export" with generationDate, one sanctionEntity
 * per listed person or organisation.
 *
 * Unlike the legacy XML, nearly every value is an attribute. A sanctionEntity (logicalId,
 * euReferenceNumber, unitedNationId, designationDetails, designationDate) holds regulation
 * (programme, publicationDate, numberTitle; publicationUrl as a child element), subjectType
 * (code "person"/"enterprise", classificationCode P/E), nameAlias (wholeName and its parts,
 * gender, function, title, nameLanguage, strong), citizenship, birthdate, identification,
 * address and remark elements; most sub-records also carry a regulationSummary naming the act
 * that introduced them. Quirks: strong="false" marks a weak alias (a nickname or a partial
 * name); countryIso2Code="00" with countryDescription="UNKNOWN" means no country; a partial
 * birth date has no birthdate attribute, only year (and monthOfYear); attributes are written
 * even when empty. Each sanctionEntity is expanded on its own, so memory is bounded by the
 * largest record.
 */
#include "eu_common.h"
#include "xml_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "lookout/strmap.h"

#define PARSER "eu_xml"

/* Cap on the scratch memory of one sanctionEntity record. */
#define RECORD_MAX (64u << 20)

typedef struct ctx {
	lk_list *l;
	lk_xml *x;
	lk_strmap *byid;  /* logicalId -> lk_entity (a repeated id adds to the same entity) */
	lk_arena *tmp;    /* scratch copies of the current record's strings */
	char listed[11];  /* earliest regulation date seen in the record */
} ctx;

static bool named(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static const char *A(ctx *c, xmlNodePtr n, const char *name)
{
	return lk_xml__attr(c->tmp, n, name);
}

/* An allocation failed: keep the arena's own error (LK_ETOOBIG past the list's cap). */
static int nomem(ctx *c)
{
	int code = lk_error_last()->code;
	if (code != LK_ETOOBIG)
		code = LK_ENOMEM;
	const char *what = code == LK_ENOMEM ? "out of memory" : "the list exceeds its memory cap";
	return lk_xml__fail(c->x, code, "%s", what);
}

/* "nameAlias/17": which sub-record a value came from. */
static const char *origin_of(ctx *c, xmlNodePtr n)
{
	const char *id = A(c, n, "logicalId");
	return lk_arena_printf(c->l->arena, "%s/%s", (const char *)n->name, id ? id : "?");
}

/* A small positive integer attribute, or 0 when absent or not a number in [1, max]. */
static int int_attr(ctx *c, xmlNodePtr n, const char *name, int max)
{
	const char *s = A(c, n, name);
	char *end;
	if (!s)
		return 0;
	long v = strtol(s, &end, 10);
	return *end == '\0' && v >= 1 && v <= max ? (int)v : 0;
}

static int do_name(ctx *c, lk_entity *e, xmlNodePtr n, const char *origin)
{
	lk_eu_name nm = {
		.whole = A(c, n, "wholeName"),
		.first = A(c, n, "firstName"),
		.middle = A(c, n, "middleName"),
		.last = A(c, n, "lastName"),
		.gender = A(c, n, "gender"),
		.title = A(c, n, "title"),
		.function = A(c, n, "function"),
	};
	const char *strong = A(c, n, "strong");
	nm.weak = strong && strcasecmp(strong, "false") == 0;
	return lk_eu__add_name(e, c->l->arena, &nm, origin);
}

static int do_birth(ctx *c, lk_entity *e, xmlNodePtr n, const char *origin)
{
	lk_arena *a = c->l->arena;
	const char *full = A(c, n, "birthdate");
	int rc = 0;
	if (full) {
		rc = lk_eu__add_date(e, a, LK_PROP_BIRTH_DATE, full, origin);
	} else {
		/* Partial dates come as parts only: year, or year and monthOfYear. */
		int year = int_attr(c, n, "year", 9999), month = int_attr(c, n, "monthOfYear", 12);
		int day = int_attr(c, n, "dayOfMonth", 31);
		int from = int_attr(c, n, "yearRangeFrom", 9999);
		int to = int_attr(c, n, "yearRangeTo", 9999);
		char buf[16];
		if (year && month && day)
			snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
		else if (year && month)
			snprintf(buf, sizeof buf, "%04d-%02d", year, month);
		else if (year)
			snprintf(buf, sizeof buf, "%04d", year);
		else
			buf[0] = '\0';
		if (buf[0])
			rc = lk_eu__add_date(e, a, LK_PROP_BIRTH_DATE, buf, origin);
		else if (from && to)
			rc = lk_entity_add_year_range(e, a, LK_PROP_BIRTH_DATE,
			                              from < to ? from : to, from < to ? to : from,
			                              origin);
	}
	if (rc)
		return rc;
	const char *parts[] = {A(c, n, "city"), A(c, n, "place"), A(c, n, "region")};
	return lk_eu__add_birth_place(e, a, parts, LK_ARRAY_SIZE(parts), A(c, n, "countryIso2Code"),
	                              A(c, n, "countryDescription"), origin);
}

static int do_ident(ctx *c, lk_entity *e, xmlNodePtr n, const char *origin)
{
	lk_arena *a = c->l->arena;
	const char *code = A(c, n, "identificationTypeCode");
	const char *desc = A(c, n, "identificationTypeDescription");
	const char *number = A(c, n, "number");
	int rc;
	if (lk_eu__blank(number))
		number = A(c, n, "documentNumber");
	if ((rc = lk_eu__add_ident(e, a, code, desc, number, origin)) ||
	    (rc = lk_eu__add_ident(e, a, code, desc, A(c, n, "latinNumber"), origin)))
		return rc;
	/* The name printed on the document is a name the holder is known by. */
	lk_eu_name nm = {.whole = A(c, n, "nameOnDocument")};
	return lk_eu__add_name(e, a, &nm, origin);
}

/* contactInfo: key/value attributes ("PHONE", "EMAIL", "WEB", ...), else its text. */
static int do_contact(ctx *c, lk_entity *e, xmlNodePtr n, const char *origin)
{
	lk_arena *a = c->l->arena;
	const char *key = A(c, n, "key"), *value = A(c, n, "value");
	if (lk_eu__blank(value))
		value = lk_xml__text(c->tmp, n);
	if (lk_eu__blank(value))
		return 0;
	if (key) {
		if (!strcasecmp(key, "PHONE") || !strcasecmp(key, "FAX") || !strcasecmp(key, "TEL"))
			return lk_entity_add(e, a, LK_PROP_PHONE, value, origin);
		if (!strcasecmp(key, "EMAIL") || !strcasecmp(key, "E-MAIL"))
			return lk_entity_add(e, a, LK_PROP_EMAIL, value, origin);
		if (!strcasecmp(key, "WEB") || !strcasecmp(key, "WEBSITE") ||
		    !strcasecmp(key, "URL"))
			return lk_entity_add(e, a, LK_PROP_WEBSITE, value, origin);
	}
	int rc = lk_eu__add_contact(e, a, value, origin);
	return rc ? (rc < 0 ? rc : 0) : lk_entity_add(e, a, LK_PROP_NOTES, value, origin);
}

static int do_address(ctx *c, lk_entity *e, xmlNodePtr n, const char *origin)
{
	lk_arena *a = c->l->arena;
	char pobox[128] = "";
	const char *box = A(c, n, "poBox");
	int rc;
	if (!lk_eu__blank(box) && strlen(box) < 100)
		snprintf(pobox, sizeof pobox, "%s%s", strstr(box, "ox") ? "" : "P.O. Box ", box);
	const char *parts[] = {A(c, n, "street"), pobox, A(c, n, "zipCode"), A(c, n, "city"),
	                       A(c, n, "place"), A(c, n, "region")};
	if ((rc = lk_eu__add_address(e, a, parts, LK_ARRAY_SIZE(parts), A(c, n, "countryIso2Code"),
	                             A(c, n, "countryDescription"), origin)))
		return rc;
	const char *info = A(c, n, "contactInfo");
	if (!lk_eu__blank(info) && (rc = lk_eu__add_contact(e, a, info, origin)) == 0)
		rc = lk_entity_add(e, a, LK_PROP_NOTES, info, origin);
	if (rc < 0)
		return rc;
	for (xmlNodePtr k = n->children; k; k = k->next) {
		if (named(k, "contactInfo"))
			rc = do_contact(c, e, k, origin);
		else if (named(k, "remark"))
			rc = lk_eu__add_text(e, a, LK_PROP_NOTES, lk_xml__text(c->tmp, k), origin);
		if (rc)
			return rc;
	}
	return 0;
}

static int do_regulation(ctx *c, lk_entity *e, xmlNodePtr n, const char *origin)
{
	lk_arena *a = c->l->arena;
	const char *url = lk_xml__child_text(c->tmp, n, "publicationUrl");
	int rc;
	if (!url)
		url = A(c, n, "publicationUrl");
	lk_eu__keep_earliest(c->listed, A(c, n, "publicationDate"));
	if ((rc = lk_eu__add_text(e, a, LK_PROP_PROGRAM, A(c, n, "programme"), origin)))
		return rc;
	return lk_eu__add_text(e, a, LK_PROP_SOURCE_URL, url, origin);
}

/* One child of a sanctionEntity. Names are read in a first pass (see do_entity). */
static int do_child(ctx *c, lk_entity *e, xmlNodePtr n, bool names)
{
	lk_arena *a = c->l->arena;
	if (named(n, "nameAlias") != names)
		return 0;
	if (named(n, "remark"))
		return lk_eu__add_text(e, a, LK_PROP_NOTES, lk_xml__text(c->tmp, n), "remark");
	if (!named(n, "nameAlias") && !named(n, "regulation") && !named(n, "citizenship") &&
	    !named(n, "birthdate") && !named(n, "identification") && !named(n, "address"))
		return 0;
	const char *origin = origin_of(c, n);
	if (!origin)
		return nomem(c);
	for (xmlNodePtr s = n->children; s; s = s->next)
		if (named(s, "regulationSummary"))
			lk_eu__keep_earliest(c->listed, A(c, s, "publicationDate"));
	if (named(n, "nameAlias"))
		return do_name(c, e, n, origin);
	if (named(n, "regulation"))
		return do_regulation(c, e, n, origin);
	if (named(n, "citizenship"))
		return lk_eu__add_country(e, a, LK_PROP_NATIONALITY, A(c, n, "countryIso2Code"),
		                          A(c, n, "countryDescription"), origin);
	if (named(n, "birthdate"))
		return do_birth(c, e, n, origin);
	if (named(n, "identification"))
		return do_ident(c, e, n, origin);
	return do_address(c, e, n, origin);
}

static int do_entity(ctx *c, xmlNodePtr node)
{
	lk_arena *a = c->l->arena;
	int rc = 0;
	const char *id = A(c, node, "logicalId");
	if (!id)
		return lk_xml__fail(c->x, LK_EINVALID, "sanctionEntity without a logicalId");
	lk_entity *e = lk_strmap_get(c->byid, id);
	if (e) {
		if ((rc = lk_list__warn(c->l, "%s: %s: sanctionEntity %s appears more than once; "
		                        "merged", PARSER, c->x->in->path, id)))
			return rc;
	} else {
		xmlNodePtr st = lk_xml__child(node, "subjectType");
		const char *type = A(c, st, "code");
		if (lk_eu__blank(type))
			type = A(c, st, "classificationCode");
		e = lk_list__add_entity(c->l, lk_eu__schema(type), LK_EU_ID_PREFIX, id);
		if (!e || lk_strmap_put(c->byid, id, e))
			return nomem(c);
	}
	c->listed[0] = '\0';
	if ((rc = lk_eu__add_text(e, a, LK_PROP_NOTES, A(c, node, "designationDetails"),
	                          "sanctionEntity")))
		return rc;
	/* Names first, whatever the element order, so that an alias or the name printed on an
	 * identity document never becomes the entity's main name. */
	for (int pass = 1; pass >= 0; pass--)
		for (xmlNodePtr n = node->children; n; n = n->next)
			if (n->type == XML_ELEMENT_NODE && (rc = do_child(c, e, n, pass == 1)))
				return rc;
	/* The designation date, where the export gives it, is the listing date; otherwise the
	 * earliest legal act in the record is. */
	const char *designated = A(c, node, "designationDate");
	char iso[11];
	if (designated && lk_date_normalize(designated, iso))
		memcpy(c->listed, iso, sizeof iso);
	if (c->listed[0] && (rc = lk_entity_add(e, a, LK_PROP_LISTING_DATE, c->listed,
	                                        "sanctionEntity")))
		return rc;
	if (!lk_entity_first(e, LK_PROP_NAME))
		rc = lk_list__warn(c->l, "%s: %s: line %ld: sanctionEntity %s has no name", PARSER,
		                   c->x->in->path, lk_xml__line(c->x), id);
	return rc;
}

/* The root: export, whose generationDate="2018-12-21T14:39:54.511+01:00" dates the file. */
static int do_root(ctx *c)
{
	xmlChar *gen = xmlTextReaderGetAttribute(c->x->reader, (const xmlChar *)"generationDate");
	char day[11], iso[11];
	int rc = 0;
	if (gen && strlen((const char *)gen) >= 10) {
		memcpy(day, gen, 10);
		day[10] = '\0';
		if (lk_date_normalize(day, iso))
			rc = lk_list__set_published(c->l, iso);
	}
	xmlFree(gen);
	return rc;
}

/* One sanctionEntity, read with its own scratch arena (do_entity returns 0 or an error). */
static int on_entity(void *arg, xmlNodePtr node, const char *name)
{
	ctx *c = arg;
	(void)name;
	if (!(c->tmp = lk_arena_new(RECORD_MAX)))
		return nomem(c);
	int rc = do_entity(c, node);
	lk_arena_free(c->tmp);
	c->tmp = NULL;
	return rc;
}

int lk_lists__parse_eu_xml(lk_list *l, const lk_input *in)
{
	static const char *const records[] = {"sanctionEntity"};
	lk_xml x;
	ctx c = {.l = l, .x = &x};
	int rc = lk_xml__open_root(&x, in, PARSER, "export");
	if (rc < 0)
		return in->size ? lk_eu__xml_failed(&x, rc, "export") : rc;
	if (!(c.byid = lk_strmap_new())) {
		rc = nomem(&c);
		goto done;
	}
	if ((rc = do_root(&c)) < 0)
		goto done;
	rc = lk_xml__each(&x, l, records, 1, on_entity, &c);
done:
	if (rc < 0)
		rc = lk_eu__xml_failed(&x, rc, "export");
	lk_strmap_free(c.byid);
	lk_xml__close(&x);
	return rc;
}
