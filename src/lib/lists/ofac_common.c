/*
 * ofac_common.c - the OFAC vocabulary shared by the legacy CSV parser and the sdnList XML
 * parser: the SDN type to schema mapping, the table of identifier and attribute types (the
 * keys of the CSV remarks mini-language, which are also the XML idType values) with the
 * entity property each one feeds, and OFAC's "LAST, First Middle" name convention.
 *
 * One table serves both formats so that a passport read from sdn.csv and the same passport
 * read from sdn.xml end up as the same value under the same property.
 */
#include <assert.h>
#include <ctype.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>

#include "ofac_common.h"

/* How a type's value is added. */
typedef enum type_kind {
	K_VALUE,   /* the value as written, under prop */
	K_REG,     /* a registration/tax number: also the issuing country as jurisdiction
	            * for organisations */
	K_COUNTRY, /* a country, mapped to an ISO code when possible */
	K_DATE,    /* a partial date (kept as written if it does not parse) */
	K_NOTE,    /* kept in notes as "Type: value" (sanctions information, links...) */
	K_GENDER,  /* "Male"/"Female" -> "male"/"female" */
	K_CRYPTO,  /* "Digital Currency Address - XBT": the address, under prop */
	K_REGFLAG  /* "Nationality of Registration": flag of a vessel, else jurisdiction */
} type_kind;

/* Flags of a table entry. */
enum {
	F_PREFIX = 1, /* the type may continue after the name ("Listing Date (EO 14024 ...)") */
	F_QUAL = 2    /* in remarks, a "(...)" qualifier after the name belongs to the type */
};

typedef struct ofac_type {
	const char *name; /* as OFAC writes it, without trailing punctuation */
	type_kind kind;
	lk_prop prop;
	int flags;
} ofac_type;

/*
 * The types, from counting the keys of the remarks in the real sdn.csv / cons_prim.csv files
 * (2019, 2021, 2024, 2025) and the idType values of the sdnList XML files. Spelling variants
 * that occur in the real files are listed as their own rows ("Turkish Identificiation
 * Number" is OFAC's typo, used in five records).
 */
static const ofac_type TYPES[] = {
	/* Personal data. */
	{"DOB", K_DATE, LK_PROP_BIRTH_DATE, 0},
	{"Date of Birth", K_DATE, LK_PROP_BIRTH_DATE, 0},
	{"POB", K_VALUE, LK_PROP_BIRTH_PLACE, 0},
	{"Place of Birth", K_VALUE, LK_PROP_BIRTH_PLACE, 0},
	{"nationality", K_COUNTRY, LK_PROP_NATIONALITY, 0},
	{"citizen", K_COUNTRY, LK_PROP_CITIZENSHIP, 0},
	{"citizenship", K_COUNTRY, LK_PROP_CITIZENSHIP, 0},
	{"Gender", K_GENDER, LK_PROP_GENDER, 0},
	{"Title", K_VALUE, LK_PROP_TITLE, 0},
	{"Position", K_VALUE, LK_PROP_POSITION, 0},
	{"ethnicity", K_NOTE, LK_PROP_NOTES, 0},
	{"Tribe", K_NOTE, LK_PROP_NOTES, 0},
	{"arrested", K_NOTE, LK_PROP_NOTES, 0},
	{"Chinese Commercial Code", K_NOTE, LK_PROP_NOTES, 0},
	{"Subtribe", K_NOTE, LK_PROP_NOTES, 0},
	{"Occupation", K_VALUE, LK_PROP_POSITION, 0},
	{"Alternate Title", K_VALUE, LK_PROP_POSITION, 0},
	{"Organization", K_NOTE, LK_PROP_NOTES, 0},
	{"Interpol", K_NOTE, LK_PROP_NOTES, F_PREFIX},

	/* Travel and identity documents of persons. */
	{"Passport", K_VALUE, LK_PROP_PASSPORT_NUMBER, 0},
	{"Diplomatic Passport", K_VALUE, LK_PROP_PASSPORT_NUMBER, 0},
	{"Passport Booklet", K_VALUE, LK_PROP_PASSPORT_NUMBER, 0},
	{"Travel Document Number", K_VALUE, LK_PROP_PASSPORT_NUMBER, 0},
	{"Pasaporte", K_VALUE, LK_PROP_PASSPORT_NUMBER, 0},
	{"National ID No", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"National ID Number", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"National Foreign ID Number", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"Identification Number", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"Personal ID Card", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"Cedula No", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"D.N.I", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"SSN", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"C.U.I", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"C.U.R.P", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"C.U.I.P", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"I.F.E", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"Credencial electoral", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"Electoral Registry No", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"Cartilla de Servicio Militar Nacional", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"Numero de Identidad", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"Residency Number", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"Birth Certificate Number", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"Citizen's Card Number", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"Driver's License No", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"Kenyan ID No", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"Turkish Identification Number", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"Turkish Identificiation Number", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"UAE Identification", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"Tazkira National ID Card", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"VisaNumberID", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"Immigration No", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"Stateless Person ID Card", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"Refugee ID Card", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"Bosnian Personal ID No", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"Moroccan Personal ID No", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"Serial No", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"Military ID", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"Victims of Terrorism Identification Number", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"N.I.E", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"CNP (Personal Numerical Code)", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"Public Security and Immigration No", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"Romanian Permanent Resident", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"Stateless Person Passport", K_VALUE, LK_PROP_PASSPORT_NUMBER, 0},
	{"British National Overseas Passport", K_VALUE, LK_PROP_PASSPORT_NUMBER, 0},
	{"Seafarer's Identification Document", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"Pilot License Number", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"Military Registration Number", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"Tarjeta Profesional", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"SRE Permit No", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"Temporary suspension of deportation No", K_VALUE, LK_PROP_ID_NUMBER, 0},

	/* Tax numbers. */
	{"Tax ID No", K_REG, LK_PROP_TAX_NUMBER, 0},
	{"V.A.T. Number", K_REG, LK_PROP_TAX_NUMBER, 0},
	{"US FEIN", K_REG, LK_PROP_TAX_NUMBER, 0},
	{"C.U.I.T", K_REG, LK_PROP_TAX_NUMBER, 0},
	{"C.I.F", K_REG, LK_PROP_TAX_NUMBER, 0},
	{"NIT #", K_REG, LK_PROP_TAX_NUMBER, 0},
	{"RUC #", K_REG, LK_PROP_TAX_NUMBER, 0},
	{"R.F.C", K_REG, LK_PROP_TAX_NUMBER, 0},
	{"RTN", K_REG, LK_PROP_TAX_NUMBER, 0},
	{"Italian Fiscal Code", K_REG, LK_PROP_TAX_NUMBER, 0},
	{"Numero Unico de Identificacao Tributaria (NUIT)", K_REG, LK_PROP_TAX_NUMBER, 0},
	{"RIF #", K_REG, LK_PROP_TAX_NUMBER, 0},
	{"RFC", K_REG, LK_PROP_TAX_NUMBER, 0},
	{"N.I.F", K_REG, LK_PROP_TAX_NUMBER, 0},
	{"RSIN", K_REG, LK_PROP_TAX_NUMBER, 0},
	{"Fiscal Code", K_REG, LK_PROP_TAX_NUMBER, 0},
	{"Romanian Tax Registration", K_REG, LK_PROP_TAX_NUMBER, 0},
	{"Paraguayan tax identification number", K_REG, LK_PROP_TAX_NUMBER, 0},

	/* Company and other registrations. */
	{"Registration Number", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Registration ID", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Business Registration Number", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Business Registration Document #", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Business Number", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Commercial Registry Number", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Company Number", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"UK Company Number", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"C.R. No", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Folio Mercantil No", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Matricula Mercantil No", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Chamber of Commerce Number", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Dubai Chamber of Commerce Membership No", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Istanbul Chamber of Comm. No", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Government Gazette Number", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Public Registration Number", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Central Registration System Number", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Economic Register Number (CBLS)", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Economic Register Number", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Certificate of Incorporation Number", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Enterprise Number", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Branch Unit Number", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Trade License No", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"License", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Permit Number", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"File Number", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"LE Number", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Registered Charity No", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Afghan Money Service Provider License Number", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Unified Social Credit Code (USCC)", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"United Social Credit Code Certificate (USCCC)", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"D-U-N-S Number", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Romanian C.R", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"C.I.N", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Company ID", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Organization Code", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Registration Certificate Number (Dubai)", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Russian State Individual Business Registration Number Pattern (OGRNIP)", K_REG,
	 LK_PROP_REGISTRATION_NUMBER, 0},
	{"MSB Registration Number", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Tourism License No", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Trademark number", K_REG, LK_PROP_REGISTRATION_NUMBER, 0},
	{"UN/LOCODE", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"MICEX Code", K_NOTE, LK_PROP_NOTES, 0},
	{"Registration Country", K_REGFLAG, LK_PROP_JURISDICTION, 0},
	{"Legal Entity Number", K_VALUE, LK_PROP_LEI_CODE, 0},
	{"SWIFT/BIC", K_VALUE, LK_PROP_SWIFT_BIC, 0},
	{"BIK (RU)", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"ISIN", K_VALUE, LK_PROP_ID_NUMBER, 0},
	{"Digital Currency Address", K_CRYPTO, LK_PROP_ID_NUMBER, F_PREFIX},
	{"Nationality of Registration", K_REGFLAG, LK_PROP_JURISDICTION, 0},

	/* Organisation attributes. */
	{"Organization Established Date", K_DATE, LK_PROP_INCORPORATION_DATE, 0},
	{"Organization Type", K_VALUE, LK_PROP_SECTOR, 0},
	{"Target Type", K_VALUE, LK_PROP_CLASSIFICATION, 0},
	{"Issuer Name", K_NOTE, LK_PROP_NOTES, 0},
	{"Equity Ticker", K_NOTE, LK_PROP_NOTES, 0},

	/* Contact details. */
	{"Website", K_VALUE, LK_PROP_WEBSITE, 0},
	{"Email Address", K_VALUE, LK_PROP_EMAIL, 0},
	{"Email", K_VALUE, LK_PROP_EMAIL, 0},
	{"Phone", K_VALUE, LK_PROP_PHONE, 0},
	{"Phone Number", K_VALUE, LK_PROP_PHONE, 0},
	{"Phone No", K_VALUE, LK_PROP_PHONE, 0},
	{"Telephone", K_VALUE, LK_PROP_PHONE, 0},
	{"Telephone No", K_VALUE, LK_PROP_PHONE, 0},
	{"Telephone Number", K_VALUE, LK_PROP_PHONE, 0},
	{"Fax", K_VALUE, LK_PROP_PHONE, 0},
	{"Fax No", K_VALUE, LK_PROP_PHONE, 0},
	{"TELEX", K_VALUE, LK_PROP_PHONE, 0},

	/* Vessels. The IMO number is written "IMO 1234567" after the type. */
	{"Vessel Registration Identification", K_VALUE, LK_PROP_IMO_NUMBER, 0},
	{"IMO", K_VALUE, LK_PROP_IMO_NUMBER, 0},
	{"International Maritime Organization No", K_VALUE, LK_PROP_IMO_NUMBER, 0},
	{"MMSI", K_VALUE, LK_PROP_MMSI, 0},
	{"Other Vessel Call Sign", K_VALUE, LK_PROP_CALL_SIGN, 0},
	{"Vessel Call Sign", K_VALUE, LK_PROP_CALL_SIGN, 0},
	{"Other Vessel Flag", K_COUNTRY, LK_PROP_FLAG, 0},
	{"Vessel Flag", K_COUNTRY, LK_PROP_FLAG, 0},
	{"Other Vessel Type", K_VALUE, LK_PROP_VESSEL_TYPE, 0},
	{"Vessel Type", K_VALUE, LK_PROP_VESSEL_TYPE, 0},
	{"Vessel Year of Build", K_DATE, LK_PROP_BUILD_DATE, 0},
	{"Former Vessel Flag", K_NOTE, LK_PROP_NOTES, 0},

	/* Aircraft. */
	{"Aircraft Construction Number (also called L/N or S/N or F/N)", K_VALUE,
	 LK_PROP_SERIAL_NUMBER, 0},
	{"Aircraft Construction Number", K_VALUE, LK_PROP_SERIAL_NUMBER, 0},
	{"Aircraft Manufacturer's Serial Number (MSN)", K_VALUE, LK_PROP_SERIAL_NUMBER, 0},
	{"Aircraft Manufacturer's Serial Number", K_VALUE, LK_PROP_SERIAL_NUMBER, 0},
	{"Aircraft Serial Identification", K_VALUE, LK_PROP_SERIAL_NUMBER, 0},
	{"Aircraft Model", K_VALUE, LK_PROP_MODEL, 0},
	{"Aircraft Manufacture Date", K_DATE, LK_PROP_BUILD_DATE, 0},
	{"Aircraft Tail Number", K_VALUE, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Previous Aircraft Tail Number", K_VALUE, LK_PROP_REGISTRATION_NUMBER, 0},
	{"Aircraft Mode S Transponder Code", K_VALUE, LK_PROP_ID_NUMBER, 0},
	/* The operator is another party (an airline), not the aircraft's owner. */
	{"Aircraft Operator", K_VALUE, LK_PROP_LINKED_TO, 0},

	/* Sanctions information: kept in notes, whole. */
	{"Additional Sanctions Information", K_NOTE, LK_PROP_NOTES, F_PREFIX},
	{"Secondary sanctions risk", K_NOTE, LK_PROP_NOTES, F_PREFIX},
	{"Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions",
	 K_NOTE, LK_PROP_NOTES, F_PREFIX},
	{"Executive Order 13662 Directive Determination", K_NOTE, LK_PROP_NOTES, F_PREFIX},
	{"Executive Order 14024 Directive Information", K_NOTE, LK_PROP_NOTES, F_PREFIX},
	{"Executive Order 13846 information", K_NOTE, LK_PROP_NOTES, F_PREFIX},
	{"Executive Order 13224 information", K_NOTE, LK_PROP_NOTES, F_PREFIX},
	{"Executive Order", K_NOTE, LK_PROP_NOTES, F_PREFIX},
	{"CAATSA Section 235 Information", K_NOTE, LK_PROP_NOTES, F_PREFIX},
	{"IFCA Determination", K_NOTE, LK_PROP_NOTES, F_PREFIX},
	{"PEESA Information", K_NOTE, LK_PROP_NOTES, F_PREFIX},
	{"Listing Date", K_NOTE, LK_PROP_NOTES, F_PREFIX | F_QUAL},
	{"Effective Date", K_NOTE, LK_PROP_NOTES, F_PREFIX | F_QUAL},
	{"Purchase/Sales For Divestment Date", K_NOTE, LK_PROP_NOTES, F_PREFIX | F_QUAL},
	{"For more information on directives", K_NOTE, LK_PROP_NOTES, F_PREFIX},
	{"Operations in", K_NOTE, LK_PROP_NOTES, F_PREFIX},
	{"Also operations in", K_NOTE, LK_PROP_NOTES, F_PREFIX},
};

/*
 * If text starts with name (ASCII case-insensitive; a run of whitespace in text matches a
 * space in name) at a word boundary, the number of bytes of text matched, else 0.
 */
static size_t match_name(const char *name, const char *text)
{
	const char *n = name;
	const char *t = text;

	/* Most candidates differ at once: check the first letter before the general loop (this
	 * is called for every type in the table for every remarks clause). */
	if (tolower((unsigned char)*n) != tolower((unsigned char)*t))
		return 0;

	while (*n) {
		if (*n == ' ') {
			if (!isspace((unsigned char)*t))
				return 0;
			while (isspace((unsigned char)*t))
				t++;
			n++;
			continue;
		}
		if (tolower((unsigned char)*n) != tolower((unsigned char)*t))
			return 0;
		n++;
		t++;
	}
	/* "Passport" must not match "PassportNo": a word boundary unless the name itself
	 * ends in punctuation ("NIT #"). */
	if (isalnum((unsigned char)n[-1]) && isalnum((unsigned char)*t))
		return 0;
	return (size_t)(t - text);
}

/*
 * The table entries by the lower-cased first letter of their name, so that a clause is
 * compared only with the types that can start it (every remarks clause of every entry is
 * looked up, twice).
 */
#define NBUCKETS 37 /* a-z, 0-9, anything else */
static uint16_t bucket_of[LK_ARRAY_SIZE(TYPES)];
static uint16_t bucket_start[NBUCKETS + 1];
static pthread_once_t buckets_once = PTHREAD_ONCE_INIT;

static unsigned bucket(char c)
{
	unsigned char u = (unsigned char)tolower((unsigned char)c);
	if (u >= 'a' && u <= 'z')
		return u - 'a';
	if (u >= '0' && u <= '9')
		return 26 + (u - '0');
	return 36;
}

static void build_buckets(void)
{
	size_t count[NBUCKETS] = {0}, k = 0;
	for (size_t i = 0; i < LK_ARRAY_SIZE(TYPES); i++)
		count[bucket(TYPES[i].name[0])]++;
	for (unsigned b = 0; b < NBUCKETS; b++) {
		bucket_start[b] = (uint16_t)k;
		k += count[b];
	}
	bucket_start[NBUCKETS] = (uint16_t)k;
	size_t fill[NBUCKETS];
	for (unsigned b = 0; b < NBUCKETS; b++)
		fill[b] = bucket_start[b];
	for (size_t i = 0; i < LK_ARRAY_SIZE(TYPES); i++)
		bucket_of[fill[bucket(TYPES[i].name[0])]++] = (uint16_t)i;
}

/* The range of bucket_of[] holding the types that may start text. */
static void candidates(const char *text, size_t *from, size_t *to)
{
	pthread_once(&buckets_once, build_buckets);
	unsigned b = bucket(*text);
	*from = bucket_start[b];
	*to = bucket_start[b + 1];
}

/* True if s consists only of trailing punctuation OFAC puts after a type (" :.-"). */
static bool only_trailer(const char *s)
{
	for (; *s; s++) {
		if (!isspace((unsigned char)*s) && *s != ':' && *s != '.' && *s != '-')
			return false;
	}
	return true;
}

/* The table entry for a type as given (exactly, or as a prefix for F_PREFIX entries). */
static const ofac_type *find_type(const char *type)
{
	const ofac_type *best = NULL;
	size_t best_len = 0;

	while (isspace((unsigned char)*type))
		type++;
	size_t from, to;
	candidates(type, &from, &to);
	for (size_t k = from; k < to; k++) {
		size_t i = bucket_of[k];
		size_t m = match_name(TYPES[i].name, type);

		if (m == 0 || m <= best_len)
			continue;
		if (!(TYPES[i].flags & F_PREFIX) && !only_trailer(type + m))
			continue;
		best = &TYPES[i];
		best_len = m;
	}
	return best;
}

lk_schema lk_ofac__schema(const char *sdn_type)
{
	size_t n;

	if (sdn_type == NULL)
		return LK_SCHEMA_ORGANIZATION;
	while (isspace((unsigned char)*sdn_type))
		sdn_type++;
	n = strlen(sdn_type);
	while (n > 0 && isspace((unsigned char)sdn_type[n - 1]))
		n--;
	if (n == 0 || (n == 3 && memcmp(sdn_type, "-0-", 3) == 0))
		return LK_SCHEMA_ORGANIZATION;
	if (n == 10 && strncasecmp(sdn_type, "individual", n) == 0)
		return LK_SCHEMA_PERSON;
	if (n == 6 && strncasecmp(sdn_type, "vessel", n) == 0)
		return LK_SCHEMA_VESSEL;
	if (n == 8 && strncasecmp(sdn_type, "aircraft", n) == 0)
		return LK_SCHEMA_AIRPLANE;
	if (n == 6 && strncasecmp(sdn_type, "entity", n) == 0)
		return LK_SCHEMA_ORGANIZATION;
	/* A type OFAC has never used: the most general party schema. */
	return LK_SCHEMA_LEGAL_ENTITY;
}

size_t lk_ofac__type_prefix(const char *text)
{
	const ofac_type *best = NULL;
	size_t len = 0;
	const char *p;

	size_t from, to;
	candidates(text, &from, &to);
	for (size_t k = from; k < to; k++) {
		size_t i = bucket_of[k];
		size_t m = match_name(TYPES[i].name, text);

		if (m > len) {
			best = &TYPES[i];
			len = m;
		}
	}
	if (best == NULL)
		return 0;
	p = text + len;
	if (best->kind == K_CRYPTO) {
		/* "Digital Currency Address - XBT 1Kuf...": the currency code is part of the
		 * type. */
		const char *q = p;

		while (*q == ' ')
			q++;
		if (*q == '-') {
			q++;
			while (*q == ' ')
				q++;
			if (isalnum((unsigned char)*q)) {
				while (isalnum((unsigned char)*q))
					q++;
				len = (size_t)(q - text);
			}
		}
	} else if (best->flags & F_QUAL) {
		/* "Listing Date (EO 14024 Directive 2): 24 Feb 2022". */
		const char *q = p;

		while (*q == ' ')
			q++;
		if (*q == '(') {
			const char *close = strchr(q, ')');

			if (close != NULL && close - q < 100)
				len = (size_t)(close + 1 - text);
		}
	}
	return len;
}

bool lk_ofac__type_is_document(const char *type)
{
	const ofac_type *t = find_type(type);

	if (t == NULL)
		return false;
	/* "Vessel Registration Identification IMO 9256860 (Russia)" has a country too. */
	return t->kind == K_REG ||
	       (t->kind == K_VALUE && lk_prop_kind_of(t->prop) == LK_KIND_IDENT &&
	        t->prop != LK_PROP_MMSI);
}

/* The value without the punctuation that separates it from its type ("Telephone: 0097"). */
static const char *skip_separator(const char *v)
{
	/* "Tax ID No. 123" reaches here as type "Tax ID No" and value ". 123"; OFAC also writes
	 * "National ID No.: 1372584", "C.U.R.P. # HESU430525HBCRMR05", "Passport #H0044232". */
	for (;;) {
		if (*v == ' ' || *v == ':' || *v == '\t' || *v == '#')
			v++;
		else if ((*v == '-' || *v == '.') && (v[1] == ' ' || v[1] == ':' || v[1] == '#'))
			v++;
		else
			break;
	}
	return v;
}

/* The type without trailing " :-." for display in notes and origins. */
static size_t type_display_len(const char *type)
{
	size_t n = strlen(type);

	while (n > 0 && (isspace((unsigned char)type[n - 1]) || type[n - 1] == ':' ||
	                 type[n - 1] == '-'))
		n--;
	return n;
}

/* "IMO 1234567" or "1234567": the seven digits when there are seven, else the value. */
static int add_imo(lk_entity *e, lk_arena *a, const char *value, const char *origin)
{
	char digits[8];

	if (lk_imo_digits(value, digits))
		return lk_entity_add(e, a, LK_PROP_IMO_NUMBER, digits, origin);
	return lk_entity_add(e, a, LK_PROP_IMO_NUMBER, value, origin);
}

static bool seven_digits(const char *v)
{
	for (int i = 0; i < 7; i++) {
		if (!isdigit((unsigned char)v[i]))
			return false;
	}
	return v[7] == '\0';
}

static bool starts_with_imo(const char *v)
{
	return strncasecmp(v, "IMO", 3) == 0 && (v[3] == ' ' || isdigit((unsigned char)v[3]));
}

int lk_ofac__add_typed(lk_entity *e, lk_arena *a, const char *type, const char *value,
                       const char *country, const char *origin)
{
	const ofac_type *t;
	const char *org;
	const char *raw = value;
	size_t tlen;

	assert(e != NULL && a != NULL && type != NULL && value != NULL);
	t = find_type(type);
	if (t == NULL)
		return 0;
	while (isspace((unsigned char)*type))
		type++;
	tlen = type_display_len(type);
	value = skip_separator(value);
	if (country != NULL && (*country == '\0' || strcmp(country, "-0-") == 0))
		country = NULL;

	/* The provenance names the file position, the type and the issuing country, so that an
	 * explanation can say "passport 123 (Russia), sdn.csv:4567". */
	if (country != NULL)
		org = lk_arena_printf(a, "%s%s%.*s (%s)", origin ? origin : "", origin ? " " : "",
		                      (int)tlen, type, country);
	else
		org = lk_arena_printf(a, "%s%s%.*s", origin ? origin : "", origin ? " " : "",
		                      (int)tlen, type);
	if (org == NULL)
		return LK_ENOMEM;
	if (*value == '\0' && t->kind != K_NOTE)
		return 1;

	switch (t->kind) {
	case K_VALUE:
	case K_REG: {
		int rc;

		/* "Company Number IMO 5055293", "Identification Number IMO 5342883": OFAC writes
		 * the IMO company and ship numbers under generic types. */
		if (starts_with_imo(value) || (t->prop == LK_PROP_IMO_NUMBER && seven_digits(value)))
			rc = add_imo(e, a, value, org);
		else if (t->prop == LK_PROP_IMO_NUMBER)
			/* "Vessel Registration Identification RS 150443 (Russia)": a national
			 * register number, not an IMO number. */
			rc = lk_entity_add(e, a, LK_PROP_REGISTRATION_NUMBER, value, org);
		else
			rc = lk_entity_add(e, a, t->prop, value, org);
		if (rc < 0)
			return rc;
		if (t->kind == K_REG && country != NULL && e->schema != LK_SCHEMA_PERSON) {
			rc = lk_entity_add_country(e, a, LK_PROP_JURISDICTION, country, org);
			if (rc < 0)
				return rc;
		}
		return 1;
	}
	case K_COUNTRY: {
		int rc = lk_entity_add_country(e, a, t->prop, value, org);

		return rc < 0 ? rc : 1;
	}
	case K_REGFLAG: {
		lk_prop p = e->schema == LK_SCHEMA_VESSEL ? LK_PROP_FLAG : LK_PROP_JURISDICTION;
		int rc = lk_entity_add_country(e, a, p, value, org);

		return rc < 0 ? rc : 1;
	}
	case K_DATE: {
		int rc = lk_entity_add_date(e, a, t->prop, value, org, true);

		return rc < 0 ? rc : 1;
	}
	case K_GENDER: {
		int rc;

		if (strcasecmp(value, "male") == 0)
			rc = lk_entity_add(e, a, LK_PROP_GENDER, "male", org);
		else if (strcasecmp(value, "female") == 0)
			rc = lk_entity_add(e, a, LK_PROP_GENDER, "female", org);
		else
			rc = lk_entity_add(e, a, LK_PROP_GENDER, value, org);
		return rc < 0 ? rc : 1;
	}
	case K_CRYPTO: {
		int rc = lk_entity_add(e, a, t->prop, value, org);

		return rc < 0 ? rc : 1;
	}
	case K_NOTE: {
		const char *note;
		int rc;

		/* Remarks clauses are sentences that begin with the type ("For more information on
		 * directives, please visit ...", "Additional Sanctions Information - Subject to
		 * ..."): they are kept as written. A value given apart from its type (XML) is
		 * joined as "Type: value", or "Type - value" where the type ends with a dash. */
		size_t full = strlen(type);
		bool dash = full > tlen && strchr(type + tlen, '-') != NULL;
		bool colon = full > tlen && strchr(type + tlen, ':') != NULL;
		const char *r = raw;

		while (*r == ' ')
			r++;
		if (*value == '\0')
			note = lk_arena_strndup(a, type, tlen);
		else if (!dash && !colon && (*raw == ',' || (*raw == ' ' && *r != ':')))
			note = lk_arena_printf(a, "%.*s%s", (int)tlen, type, raw);
		else
			note = lk_arena_printf(a, "%.*s%s%s", (int)tlen, type,
			                       *value == '(' ? " " : dash ? " - " : ": ", value);
		if (note == NULL)
			return LK_ENOMEM;
		rc = lk_entity_add(e, a, LK_PROP_NOTES, note, origin);
		return rc < 0 ? rc : 1;
	}
	}
	return 0;
}

int lk_ofac__add_name(lk_entity *e, lk_arena *a, lk_prop prop, const char *name,
                      const char *origin)
{
	const char *comma;
	int rc;

	assert(e != NULL && a != NULL && name != NULL);
	assert(prop == LK_PROP_NAME || prop == LK_PROP_ALIAS || prop == LK_PROP_WEAK_ALIAS ||
	       prop == LK_PROP_PREVIOUS_NAME);
	rc = lk_entity_add(e, a, prop, name, origin);
	if (rc < 0 || e->schema != LK_SCHEMA_PERSON)
		return rc;

	/* OFAC writes persons "LAST, First Middle": the part before the only comma is the
	 * surname, the rest the given names. Two commas ("KIM, Jong Un, Jr.") are ambiguous:
	 * the name is kept whole and no parts are derived. */
	comma = strchr(name, ',');
	if (comma == NULL || strchr(comma + 1, ',') != NULL)
		return 0;
	{
		const char *first = comma + 1;
		size_t last_len = (size_t)(comma - name);

		while (*first == ' ')
			first++;
		while (last_len > 0 && name[last_len - 1] == ' ')
			last_len--;
		if (last_len == 0 || *first == '\0')
			return 0;
		rc = lk_entity_addn(e, a, LK_PROP_LAST_NAME, name, last_len, origin);
		if (rc < 0)
			return rc;
		rc = lk_entity_add(e, a, LK_PROP_FIRST_NAME, first, origin);
	}
	return rc < 0 ? rc : 0;
}
