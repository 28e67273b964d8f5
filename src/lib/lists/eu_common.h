/*
 * eu_common.h - vocabulary shared by the three EU Financial Sanctions File parsers (internal):
 * the legacy XML (WHOLE/ENTITY), the CSV v1.0 and the current XML export. All three describe
 * the same records (an entity with name aliases, addresses, births, identifications and
 * citizenships, each a sub-record with its own logical id and legal basis), so the mapping of
 * those sub-records to entity properties lives here, once.
 */
#ifndef LK_LISTS_EU_COMMON_H
#define LK_LISTS_EU_COMMON_H

#include "parse_int.h"

/* Id prefix of EU entities: "eu-<logical id>". */
#define LK_EU_ID_PREFIX "eu"

/* One name alias as the EU files give it; any field may be NULL or empty. */
typedef struct lk_eu_name {
	const char *whole;
	const char *first;
	const char *middle;
	const char *last;
	const char *gender;   /* "M", "F" */
	const char *title;
	const char *function; /* becomes position */
	bool weak;            /* strong="false" in the current export */
} lk_eu_name;

/* Schema from a subject type: "P"/"person" Person, "E"/"enterprise" Organization, vessels and
 * aircraft when the export names them, LegalEntity for anything else. */
lk_schema lk_eu__schema(const char *type);

/*
 * Add a name alias: the entity's first name becomes "name", later ones "alias" (or
 * "weakAlias" when n->weak), skipping aliases that repeat a name already present (the EU files
 * repeat an alias once per legal act that mentions it). Also adds the name parts, title,
 * position and gender. A missing whole name is composed from the parts.
 */
int lk_eu__add_name(lk_entity *e, lk_arena *a, const lk_eu_name *n, const char *origin);

/*
 * Add a date as the EU files write it: "1952-10-07", "1960-00-00" and "1960-05-00" (partial:
 * "1960", "1960-05"), "1963", "1963 (approximative)", "1958 - 1963 (approximative)" (a year
 * range). "N/A" and empty text add nothing; text that is not a date is kept in "notes".
 */
int lk_eu__add_date(lk_entity *e, lk_arena *a, lk_prop prop, const char *text,
                    const char *origin);

/* Add a country given as an ISO code (alpha-2 in the export, alpha-3 in the legacy files)
 * and/or a description; the export's "00"/"UNKNOWN" means no country. */
int lk_eu__add_country(lk_entity *e, lk_arena *a, lk_prop prop, const char *code,
                       const char *desc, const char *origin);

/* English name of a country code (alpha-2 or alpha-3), else desc, else code; NULL for
 * unknown/empty. Borrowed. */
const char *lk_eu__country_text(const char *code, const char *desc);

/*
 * Add an identifier by its EU type code and description ("passport"/"National passport",
 * "id", "regnumber", "fiscalcode", "swiftbic", "imo", "other", ...): passports become
 * passportNumber, registration/tax/SWIFT/IMO numbers their own properties, the rest idNumber.
 */
int lk_eu__add_ident(lk_entity *e, lk_arena *a, const char *code, const char *desc,
                     const char *number, const char *origin);

/*
 * Add an identifier written the legacy way (legacy XML PASSPORT/NUMBER, CSV Iden_number):
 * "AD001095 (passport-National passport) [known to be expired](remark)". The number is the
 * text before the "(code-description)" group; without that group the whole text is an
 * idNumber.
 */
int lk_eu__add_legacy_ident(lk_entity *e, lk_arena *a, const char *text, const char *origin);

/*
 * Add an address from its parts (NULL or empty parts are skipped), joined with ", ", with the
 * country's name appended; the country also becomes a "country" value.
 */
int lk_eu__add_address(lk_entity *e, lk_arena *a, const char *const *parts, size_t nparts,
                       const char *country_code, const char *country_desc, const char *origin);

/*
 * Add what the legacy formats put in an address's OTHER field: "PHONE[...]" (also FAX, EMAIL,
 * WEB) becomes phone/email/website; returns 1 if it was such contact data, 0 if the caller
 * should keep the text as part of the address, or a negative error.
 */
int lk_eu__add_contact(lk_entity *e, lk_arena *a, const char *text, const char *origin);

/* Add a birth place from its parts and country (joined with ", "). */
int lk_eu__add_birth_place(lk_entity *e, lk_arena *a, const char *const *parts, size_t nparts,
                           const char *country_code, const char *country_desc,
                           const char *origin);

/* Keep in best (11 bytes, "" initially) the earliest of best and the date text (any format
 * lk_date_normalize reads); used for listingDate, the first legal act naming the entity. */
void lk_eu__keep_earliest(char best[11], const char *date);

/* Add a text value unless it is blank (see lk_eu__blank). */
int lk_eu__add_text(lk_entity *e, lk_arena *a, lk_prop prop, const char *value,
                    const char *origin);

/*
 * After an XML parse failure rc: an input that does not end with the root's end tag
 * "</root>" was cut short, and libxml2's message for that ("AttValue: ' expected", "Extra
 * content at the end of the document") hides it, so the error becomes LK_ETRUNCATED saying
 * so, with the same file and line. Other failures are returned unchanged.
 */
struct lk_xml;
int lk_eu__xml_failed(struct lk_xml *x, int rc, const char *root);

/* True for NULL, empty and the placeholders the files use for "nothing" ("N/A", "UNKNOWN"). */
bool lk_eu__blank(const char *s);

#endif
