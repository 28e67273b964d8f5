/*
 * entity.h - the entity model: FollowTheMoney schemas and multi-valued properties.
 *
 * Every list format is parsed into lk_entity records. An entity has a schema (Person,
 * Organization, Company, LegalEntity, PublicBody, Vessel, Airplane), the source list it came
 * from, its list-native id (OFAC ent_num, UN DATAID, UK Group ID, EU logical id, FtM id),
 * a stable Lookout id derived from them, and an ordered list of property values. Each value
 * may carry its provenance (the file and line, or the field, it was read from).
 *
 * Memory: entities, their values and strings live in an lk_arena (one per list version) and
 * are freed with it. Nothing here is freed individually.
 *
 * Dates stay partial where the source is partial: "1952", "1952-10", "1952-10-07". Nothing
 * invents a day or a month.
 */
#ifndef LOOKOUT_ENTITY_H
#define LOOKOUT_ENTITY_H

#include "common.h"
#include "arena.h"
#include "buf.h"

/* X(enum suffix, FtM name). Order is the enum order; append only. */
#define LK_SCHEMA_MAP(X)              \
	X(UNKNOWN, "Thing")               \
	X(LEGAL_ENTITY, "LegalEntity")    \
	X(PERSON, "Person")               \
	X(ORGANIZATION, "Organization")   \
	X(COMPANY, "Company")             \
	X(PUBLIC_BODY, "PublicBody")      \
	X(VESSEL, "Vessel")               \
	X(AIRPLANE, "Airplane")

typedef enum lk_schema {
#define LK__SCHEMA_ENUM(e, name) LK_SCHEMA_##e,
	LK_SCHEMA_MAP(LK__SCHEMA_ENUM)
#undef LK__SCHEMA_ENUM
	LK_SCHEMA__COUNT
} lk_schema;

/*
 * Properties: X(enum suffix, FtM name, kind). Kinds drive normalisation and matching:
 * NAME (a name of the entity), DATE (ISO partial date), COUNTRY (ISO 3166-1 alpha-2 code,
 * lower case, or the source's text when it cannot be mapped), IDENT (an identifier),
 * TEXT (anything else). Append only: the numbers are stored nowhere, but keep the order.
 */
#define LK_PROP_MAP(X)                                \
	X(NAME, "name", NAME)                             \
	X(ALIAS, "alias", NAME)                           \
	X(WEAK_ALIAS, "weakAlias", NAME)                  \
	X(PREVIOUS_NAME, "previousName", NAME)            \
	X(FIRST_NAME, "firstName", NAME)                  \
	X(SECOND_NAME, "secondName", NAME)                \
	X(MIDDLE_NAME, "middleName", NAME)                \
	X(LAST_NAME, "lastName", NAME)                    \
	X(FATHER_NAME, "fatherName", NAME)                \
	X(TITLE, "title", TEXT)                           \
	X(BIRTH_DATE, "birthDate", DATE)                  \
	X(BIRTH_PLACE, "birthPlace", TEXT)                \
	X(DEATH_DATE, "deathDate", DATE)                  \
	X(NATIONALITY, "nationality", COUNTRY)            \
	X(CITIZENSHIP, "citizenship", COUNTRY)            \
	X(COUNTRY, "country", COUNTRY)                    \
	X(JURISDICTION, "jurisdiction", COUNTRY)          \
	X(GENDER, "gender", TEXT)                         \
	X(POSITION, "position", TEXT)                     \
	X(ID_NUMBER, "idNumber", IDENT)                   \
	X(PASSPORT_NUMBER, "passportNumber", IDENT)       \
	X(TAX_NUMBER, "taxNumber", IDENT)                 \
	X(REGISTRATION_NUMBER, "registrationNumber", IDENT) \
	X(SWIFT_BIC, "swiftBic", IDENT)                   \
	X(LEI_CODE, "leiCode", IDENT)                     \
	X(INN_CODE, "innCode", IDENT)                     \
	X(OGRN_CODE, "ogrnCode", IDENT)                   \
	X(IMO_NUMBER, "imoNumber", IDENT)                 \
	X(MMSI, "mmsi", IDENT)                            \
	X(CALL_SIGN, "callSign", IDENT)                   \
	X(FLAG, "flag", COUNTRY)                          \
	X(VESSEL_TYPE, "type", TEXT)                      \
	X(TONNAGE, "tonnage", TEXT)                       \
	X(GROSS_TONNAGE, "grossRegisteredTonnage", TEXT)  \
	X(OWNER, "ownerName", TEXT)                       \
	X(BUILD_DATE, "buildDate", DATE)                  \
	X(MODEL, "model", TEXT)                           \
	X(SERIAL_NUMBER, "serialNumber", IDENT)           \
	X(INCORPORATION_DATE, "incorporationDate", DATE)  \
	X(ADDRESS, "address", TEXT)                       \
	X(EMAIL, "email", TEXT)                           \
	X(PHONE, "phone", TEXT)                           \
	X(WEBSITE, "website", TEXT)                       \
	X(PROGRAM, "program", TEXT)                       \
	X(NOTES, "notes", TEXT)                           \
	X(SOURCE_URL, "sourceUrl", TEXT)                  \
	X(LISTING_DATE, "listingDate", DATE)              \
	X(MODIFIED_AT, "modifiedAt", DATE)                \
	X(TOPICS, "topics", TEXT)                         \
	X(LINKED_TO, "linkedTo", TEXT)                    \
	X(SECTOR, "sector", TEXT)                         \
	X(LEGAL_FORM, "legalForm", TEXT)                  \
	X(CLASSIFICATION, "classification", TEXT)         \
	X(STATUS, "status", TEXT)                         \
	X(REGIME, "regime", TEXT)

typedef enum lk_prop {
#define LK__PROP_ENUM(e, name, kind) LK_PROP_##e,
	LK_PROP_MAP(LK__PROP_ENUM)
#undef LK__PROP_ENUM
	LK_PROP__COUNT
} lk_prop;

typedef enum lk_prop_kind {
	LK_KIND_TEXT,
	LK_KIND_NAME,
	LK_KIND_DATE,
	LK_KIND_COUNTRY,
	LK_KIND_IDENT
} lk_prop_kind;

/* One property value. */
typedef struct lk_value {
	lk_prop prop;
	const char *value;  /* UTF-8, trimmed, never empty */
	const char *origin; /* provenance ("alt.csv:1234", "INDIVIDUAL_ALIAS"), or NULL */
} lk_value;

typedef struct lk_entity {
	const char *id;        /* stable Lookout id, e.g. "ofac-35096", "un-6908555" */
	const char *source;    /* source list name, e.g. "ofac_sdn", "un_sc", "uk_hmt" */
	const char *native_id; /* id in the source list (ent_num, DATAID, Group ID, ...) */
	lk_schema schema;
	const char *caption;   /* display name: the first "name" value, or NULL */
	lk_value *values;      /* nvalues values, in insertion order */
	size_t nvalues;
	size_t cap_values;
} lk_entity;

/* FtM name of a schema ("Person"); "Thing" for LK_SCHEMA_UNKNOWN. */
LK_EXTERN(const char *) lk_schema_name(lk_schema s);

/* Schema from its FtM name (exact, case-sensitive, plus a few aliases such as
 * "Individual", "Entity", "Aircraft"); LK_SCHEMA_UNKNOWN if not known. */
LK_EXTERN(lk_schema) lk_schema_from_name(const char *name);

/* True if values of schema s can be matched as query schema q (Company is an Organization
 * is a LegalEntity; Person is a LegalEntity; LK_SCHEMA_UNKNOWN as q matches anything). */
LK_EXTERN(bool) lk_schema_is_a(lk_schema s, lk_schema q);

/* FtM name of a property ("birthDate"). */
LK_EXTERN(const char *) lk_prop_name(lk_prop p);

/* Property from its FtM name; returns -1 if not known. */
LK_EXTERN(int) lk_prop_from_name(const char *name);

LK_EXTERN(lk_prop_kind) lk_prop_kind_of(lk_prop p);

/*
 * Create an entity in arena a. id is derived as "<prefix>-<native_id>" with native_id
 * lower-cased and every run of characters other than [a-z0-9.] turned into one '-'
 * (a prefix of NULL uses native_id unchanged as the id, as FtM ids already are ids).
 * Returns NULL on allocation failure.
 */
LK_EXTERN(lk_entity *) lk_entity_new(lk_arena *a, lk_schema schema, const char *source,
                                     const char *id_prefix, const char *native_id);

/*
 * Add a value: whitespace is trimmed and runs of whitespace inside collapsed to one space;
 * empty values and exact duplicates of an existing (prop, value) pair are ignored (return 0).
 * The string is copied into the arena. origin may be NULL. Sets the caption from the first
 * NAME value. Returns 0, or LK_ENOMEM/LK_ETOOBIG.
 */
LK_EXTERN(int) lk_entity_add(lk_entity *e, lk_arena *a, lk_prop prop, const char *value,
                             const char *origin);

/* Same, for n bytes of value (not necessarily NUL-terminated). */
LK_EXTERN(int) lk_entity_addn(lk_entity *e, lk_arena *a, lk_prop prop, const char *value,
                              size_t n, const char *origin);

/*
 * Add a date after normalising it with lk_date_normalize(); a value that cannot be read as a
 * date is kept as written under the same property only if keep_raw is true, otherwise
 * dropped. Returns 0, or an allocation error.
 */
LK_EXTERN(int) lk_entity_add_date(lk_entity *e, lk_arena *a, lk_prop prop, const char *text,
                                  const char *origin, bool keep_raw);

/* Add a country: mapped to an ISO code with lk_country_code() when possible, else as written. */
LK_EXTERN(int) lk_entity_add_country(lk_entity *e, lk_arena *a, lk_prop prop, const char *text,
                                     const char *origin);

/* The first value of prop, or NULL. */
LK_EXTERN(const char *) lk_entity_first(const lk_entity *e, lk_prop prop);

/* Number of values of prop. */
LK_EXTERN(size_t) lk_entity_count(const lk_entity *e, lk_prop prop);

/* True if e has the value (exact byte comparison). */
LK_EXTERN(bool) lk_entity_has(const lk_entity *e, lk_prop prop, const char *value);

/*
 * Canonical JSON of the entity, appended to out:
 *   {"id":..,"schema":..,"caption":..,"source":..,"native_id":..,
 *    "properties":{"name":[..],...},"provenance":{"name":[..],...}}
 * Properties appear in LK_PROP_MAP order, values in insertion order; "provenance" lists,
 * per property, the origin of each value ("" where unknown) and is omitted when no value has
 * one. The same entity always gives the same bytes.
 */
LK_EXTERN(int) lk_entity_to_json(const lk_entity *e, lk_buf *out);

/*
 * Parse JSON in the form written by lk_entity_to_json() (or an FtM entity object with
 * "id", "schema", "properties") into a new entity in arena a. Unknown properties are
 * ignored. Returns 0, LK_EINVALID with a message, or an allocation error.
 */
LK_EXTERN(int) lk_entity_from_json(lk_entity **out, lk_arena *a, const char *json, size_t len);

/* ---- dates ---- */

/* A partial date: year always set; month and day 0 when unknown. */
typedef struct lk_date {
	int year;  /* 1..9999 */
	int month; /* 0 unknown, 1..12 */
	int day;   /* 0 unknown, 1..31 */
} lk_date;

/*
 * Read a date as lists write it: "1952-10-07", "1952-10", "1952", "07/10/1952" (day first),
 * "00/00/1933" and "00/10/1933" (unknown parts), "07 Oct 1952", "Oct 1952", "7 October 1952",
 * "circa 1952"/"c. 1952"/"approximately 1952" (year). Returns 0 and fills *out, or LK_EINVALID.
 * Impossible dates (2001-02-30) are rejected.
 */
LK_EXTERN(int) lk_date_parse(lk_date *out, const char *text);

/* Format as ISO partial: "1952", "1952-10", "1952-10-07". buf must hold 11 bytes. */
LK_EXTERN(const char *) lk_date_format(const lk_date *d, char buf[11]);

/*
 * Normalise a date string to ISO partial form in buf (11 bytes). Returns buf, or NULL if the
 * text is not a date.
 */
LK_EXTERN(const char *) lk_date_normalize(const char *text, char buf[11]);

/*
 * Add a date range [from, to] (years): each year as its own value when the range spans at
 * most 10 years, otherwise the two endpoints. Never invents a day.
 */
LK_EXTERN(int) lk_entity_add_year_range(lk_entity *e, lk_arena *a, lk_prop prop, int from,
                                        int to, const char *origin);

/* ---- identifiers ---- */

/* True if s (optionally prefixed "IMO", spaces allowed) is a 7-digit IMO number with a
 * valid check digit (the weighted sum of the first six digits by 7..2, mod 10). */
LK_EXTERN(bool) lk_imo_valid(const char *s);

/* Extract the 7 digits of an IMO number into out (8 bytes); false if not 7 digits. */
LK_EXTERN(bool) lk_imo_digits(const char *s, char out[8]);

/* True if s is a 9-digit MMSI whose first digit is 2..7 (a ship station with a MID). */
LK_EXTERN(bool) lk_mmsi_valid(const char *s);

/* True if s is a syntactically valid BIC (8 or 11 characters: 4 letters bank, 2 letters
 * country, 2 alphanumerics location, optional 3 alphanumerics branch). */
LK_EXTERN(bool) lk_bic_valid(const char *s);

/* True if s is a 20-character LEI with a valid ISO 7064 MOD 97-10 check. */
LK_EXTERN(bool) lk_lei_valid(const char *s);

/* Normalise an identifier for comparison: keep letters and digits, upper-cased. */
LK_EXTERN(int) lk_ident_normalize(lk_buf *out, const char *s);

/* ---- countries ---- */

/*
 * ISO 3166-1 alpha-2 code (lower case) for a country name or code as lists write it
 * ("Russia", "Russian Federation", "RU", "RUS", "Korea, North", "Democratic People's Republic
 * of Korea", "Iran (Islamic Republic of)"). NULL if not recognised. Borrowed static string.
 */
LK_EXTERN(const char *) lk_country_code(const char *name);

/* English short name of an ISO alpha-2 code, or NULL. */
LK_EXTERN(const char *) lk_country_name(const char *code);

#endif
