/*
 * ofac_common.h - OFAC vocabulary shared by the legacy CSV parser and the sdnList XML parser
 * (internal). Both formats describe the same records: the CSV packs identifiers into a
 * "remarks" mini-language ("Passport A123 (Russia); DOB 07 Oct 1952;"), the XML spells them
 * out as idList/id with an idType. One table maps both to entity properties.
 */
#ifndef LK_LISTS_OFAC_COMMON_H
#define LK_LISTS_OFAC_COMMON_H

#include "parse_int.h"

/* Id prefix of OFAC entities: "ofac-<ent_num>". */
#define LK_OFAC_ID_PREFIX "ofac"

/* Schema from the SDN type column / sdnType ("individual", "vessel", "aircraft", "Entity",
 * "-0-" or empty is an organisation). */
lk_schema lk_ofac__schema(const char *sdn_type);

/*
 * Add an identifier or attribute given by its OFAC type (the remarks key or the XML idType,
 * matched case-insensitively: "Passport", "National ID No.", "Tax ID No.", "SWIFT/BIC",
 * "Vessel Registration Identification", "MMSI", "Email Address", "Website", "Gender",
 * "Registration Number", ...). country (may be NULL) is the issuing country when given.
 * Returns 1 if the type was recognised and the value added, 0 if the type is unknown (the
 * caller decides what to do with it), or a negative error.
 * The value's origin is origin followed by the type and the country ("sdn.csv:12 Passport
 * (Russia)"); for registration and tax numbers of non-persons the country is also added as
 * jurisdiction. Sanctions information types ("Secondary sanctions risk", "Listing Date
 * (...)") are kept whole in notes.
 */
int lk_ofac__add_typed(lk_entity *e, lk_arena *a, const char *type, const char *value,
                       const char *country, const char *origin);

/*
 * Length in bytes of the known OFAC type that begins text (the longest one, matched
 * case-insensitively at a word boundary), including the qualifier some types carry in the
 * remarks ("Digital Currency Address - XBT", "Listing Date (EO 14024 Directive 2)"); 0 if
 * text does not begin with a known type. Used by the remarks parser to split a clause into
 * its type and value; text[0..len) can then be passed to lk_ofac__add_typed().
 */
size_t lk_ofac__type_prefix(const char *text);

/*
 * True if values of this type are identifiers that OFAC writes with an issuing country and
 * dates ("Passport 123 (Russia) issued 2010 expires 2015"), so that the remarks parser should
 * split those off the value; false for other types (phones, websites, notes...).
 */
bool lk_ofac__type_is_document(const char *type);

/*
 * Add a name as OFAC writes it. For persons, "LAST, First Middle" also yields lastName and
 * firstName. prop is LK_PROP_NAME, LK_PROP_ALIAS, LK_PROP_WEAK_ALIAS or LK_PROP_PREVIOUS_NAME.
 */
int lk_ofac__add_name(lk_entity *e, lk_arena *a, lk_prop prop, const char *name,
                      const char *origin);

#endif
