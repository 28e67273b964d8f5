/*
 * eu_xml_legacy.c - the EU Financial Sanctions File in its legacy XML form: root WHOLE (with
 * the file date as Date="dd/mm/yyyy"), one ENTITY per listed person or organisation.
 *
 * Layout of the real files (checked on the 2016-02-11 global file): ENTITY carries its data
 * as attributes (Id, Type P/E, legal_basis, reg_date, pdf_link, programme, remark). Its
 * sub-records NAME, ADDRESS, BIRTH, PASSPORT and CITIZEN carry their own Id, Entity_id and
 * legal basis as attributes, but their values as child elements (NAME: LASTNAME, FIRSTNAME,
 * MIDDLENAME, WHOLENAME, GENDER, TITLE, FUNCTION, LANGUAGE; ADDRESS: NUMBER, STREET, ZIPCODE,
 * CITY, COUNTRY, OTHER; BIRTH: DATE, PLACE, COUNTRY; PASSPORT: NUMBER, COUNTRY; CITIZEN:
 * COUNTRY), mostly present and empty when unknown. Countries are ISO 3166 alpha-3 codes. The
 * first NAME is the entity's name, later NAMEs are aliases, and the same alias is repeated once
 * per legal act that names it. Each ENTITY is expanded on its own and dropped after use, so
 * memory is bounded by the largest record.
 */
#include "eu_common.h"
#include "xml_util.h"

#include <string.h>
#include "lookout/strmap.h"

#define PARSER "eu_xml_legacy"

/* Cap on the scratch memory of one ENTITY record. */
#define RECORD_MAX (64u << 20)

typedef struct ctx {
	lk_list *l;
	lk_xml *x;
	lk_strmap *byid;  /* ENTITY Id -> lk_entity (a repeated Id adds to the same entity) */
	lk_arena *tmp;    /* scratch copies of the current record's strings */
	char listed[11];  /* earliest reg_date seen in the record */
} ctx;

static bool named(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* Text of child `name`, copied to scratch memory (NULL if absent or empty). */
static const char *ctext(ctx *c, xmlNodePtr n, const char *name)
{
	return lk_xml__child_text(c->tmp, n, name);
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

static int do_name(ctx *c, lk_entity *e, xmlNodePtr n, const char *origin)
{
	lk_eu_name nm = {
		.whole = ctext(c, n, "WHOLENAME"),
		.first = ctext(c, n, "FIRSTNAME"),
		.middle = ctext(c, n, "MIDDLENAME"),
		.last = ctext(c, n, "LASTNAME"),
		.gender = ctext(c, n, "GENDER"),
		.title = ctext(c, n, "TITLE"),
		.function = ctext(c, n, "FUNCTION"),
		.weak = false,
	};
	return lk_eu__add_name(e, c->l->arena, &nm, origin);
}

static int do_address(ctx *c, lk_entity *e, xmlNodePtr n, const char *origin)
{
	lk_arena *a = c->l->arena;
	const char *other = ctext(c, n, "OTHER");
	int rc = lk_eu__add_contact(e, a, other, origin);
	if (rc < 0)
		return rc;
	/* OTHER is contact data ("PHONE[...]") or a remark on the address ("(former location)"). */
	const char *parts[] = {ctext(c, n, "NUMBER"), ctext(c, n, "STREET"), ctext(c, n, "ZIPCODE"),
	                       ctext(c, n, "CITY"), rc == 1 ? NULL : other};
	return lk_eu__add_address(e, a, parts, LK_ARRAY_SIZE(parts), ctext(c, n, "COUNTRY"), NULL,
	                          origin);
}

static int do_birth(ctx *c, lk_entity *e, xmlNodePtr n, const char *origin)
{
	lk_arena *a = c->l->arena;
	const char *place[] = {ctext(c, n, "PLACE")};
	int rc = lk_eu__add_date(e, a, LK_PROP_BIRTH_DATE, ctext(c, n, "DATE"), origin);
	if (!rc)
		rc = lk_eu__add_birth_place(e, a, place, 1, ctext(c, n, "COUNTRY"), NULL, origin);
	return rc;
}

/* One sub-record of an ENTITY. Unknown elements are ignored (the format grew over time). */
static int do_child(ctx *c, lk_entity *e, xmlNodePtr n)
{
	static const char *const kinds[] = {"NAME", "ADDRESS", "BIRTH", "PASSPORT", "CITIZEN"};
	size_t k;
	for (k = 0; k < LK_ARRAY_SIZE(kinds) && !named(n, kinds[k]); k++)
		;
	if (k == LK_ARRAY_SIZE(kinds))
		return 0;
	const char *sid = lk_xml__attr(c->tmp, n, "Id");
	const char *origin = lk_arena_printf(c->l->arena, "%s/%s", kinds[k], sid ? sid : "?");
	if (!origin)
		return nomem(c);
	lk_eu__keep_earliest(c->listed, lk_xml__attr(c->tmp, n, "reg_date"));
	switch (k) {
	case 0:
		return do_name(c, e, n, origin);
	case 1:
		return do_address(c, e, n, origin);
	case 2:
		return do_birth(c, e, n, origin);
	case 3:
		/* The passport's COUNTRY is the issuing state, not a property of the holder. */
		return lk_eu__add_legacy_ident(e, c->l->arena, ctext(c, n, "NUMBER"), origin);
	default:
		return lk_eu__add_country(e, c->l->arena, LK_PROP_NATIONALITY,
		                          ctext(c, n, "COUNTRY"), NULL, origin);
	}
}

static int do_entity(ctx *c, xmlNodePtr node)
{
	lk_arena *a = c->l->arena;
	int rc = 0;
	const char *id = lk_xml__attr(c->tmp, node, "Id");
	if (!id)
		return lk_xml__fail(c->x, LK_EINVALID, "ENTITY without an Id attribute");
	lk_entity *e = lk_strmap_get(c->byid, id);
	if (e) {
		if ((rc = lk_list__warn(c->l, "%s: %s: ENTITY Id %s appears more than once; merged",
		                        PARSER, c->x->in->path, id)))
			return rc;
	} else {
		e = lk_list__add_entity(c->l, lk_eu__schema(lk_xml__attr(c->tmp, node, "Type")),
		                        LK_EU_ID_PREFIX, id);
		if (!e || lk_strmap_put(c->byid, id, e))
			return nomem(c);
	}
	c->listed[0] = '\0';
	lk_eu__keep_earliest(c->listed, lk_xml__attr(c->tmp, node, "reg_date"));
	if ((rc = lk_eu__add_text(e, a, LK_PROP_PROGRAM, lk_xml__attr(c->tmp, node, "programme"),
	                        "ENTITY")) ||
	    (rc = lk_eu__add_text(e, a, LK_PROP_SOURCE_URL, lk_xml__attr(c->tmp, node, "pdf_link"),
	                        "ENTITY")) ||
	    (rc = lk_eu__add_text(e, a, LK_PROP_NOTES, lk_xml__attr(c->tmp, node, "remark"),
	                        "ENTITY")))
		return rc;
	for (xmlNodePtr n = node->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && (rc = do_child(c, e, n)))
			return rc;
	if (c->listed[0] && (rc = lk_entity_add(e, a, LK_PROP_LISTING_DATE, c->listed, "ENTITY")))
		return rc;
	if (!lk_entity_first(e, LK_PROP_NAME))
		rc = lk_list__warn(c->l, "%s: %s: line %ld: ENTITY %s has no name", PARSER,
		                   c->x->in->path, lk_xml__line(c->x), id);
	return rc;
}

/* The root: WHOLE, whose Date="dd/mm/yyyy" is the file's date. */
static int do_root(ctx *c)
{
	xmlChar *date = xmlTextReaderGetAttribute(c->x->reader, (const xmlChar *)"Date");
	char iso[11];
	int rc = 0;
	if (date && lk_date_normalize((const char *)date, iso))
		rc = lk_list__set_published(c->l, iso);
	xmlFree(date);
	return rc;
}

/* One ENTITY, read with its own scratch arena (do_entity returns 0 or an error). */
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

int lk_lists__parse_eu_xml_legacy(lk_list *l, const lk_input *in)
{
	static const char *const records[] = {"ENTITY"};
	lk_xml x;
	ctx c = {.l = l, .x = &x};
	int rc = lk_xml__open_root(&x, in, PARSER, "WHOLE");
	if (rc < 0)
		return in->size ? lk_eu__xml_failed(&x, rc, "WHOLE") : rc;
	if (!(c.byid = lk_strmap_new())) {
		rc = nomem(&c);
		goto done;
	}
	if ((rc = do_root(&c)) < 0)
		goto done;
	rc = lk_xml__each(&x, l, records, 1, on_entity, &c);
done:
	if (rc < 0)
		rc = lk_eu__xml_failed(&x, rc, "WHOLE");
	lk_strmap_free(c.byid);
	lk_xml__close(&x);
	return rc;
}
