/*
 * ofac_remarks.c - the remarks mini-language of OFAC's legacy CSV files (see ofac_remarks.h).
 *
 * A remarks text is split at ';' into clauses. Each clause is, in order of precedence: a name
 * ("a.k.a. 'X'", "f.k.a. 'X'", "n.k.a. 'X'"), a link ("Linked To: Y"), a birth date ("DOB 07
 * Oct 1952", "DOB circa 1951", "DOB 1960 to 1962"), an identifier or attribute whose key is in
 * the shared OFAC type table (ofac_common.c), a recurring free-text statement, or anything
 * else, which is kept whole in notes. "alt." before a key ("alt. Passport ...") only says that
 * it is another value of the same kind.
 *
 * The keys were counted in the real files with a throwaway script (count.py: csv.reader over
 * cp1252; each Remarks (12 columns) or comment (2 columns) split at ';'; "alt. " and a final
 * '.' dropped; each (ent_num, clause) counted once over all files; the key is a known prefix
 * (DOB, nationality, Linked To, a.k.a., ...) or the words before the first token holding a
 * digit, a ':', a quote, '(' or '#'; clauses without a digit and no known prefix are "free
 * text"):
 *
 *   cd shared/data/lists/ofac && python3 count.py sdn-2024-05-03/sdn.csv \
 *       sdn-2021-07/sdn.csv sdn-2019-01/sdn.csv cons-2025-12-19/cons_prim.csv \
 *       cons-2025-12-19/cons_comments.csv partial-2025-12/sdn_comments.csv
 *
 * Keys with 5 or more distinct clauses, by count (the free text is positions in older lists,
 * honorifics, family relations, "all offices worldwide"; keys with fewer clauses, such as
 * "C.I.N.", "Romanian C.R." or "Registration Country", are in the table too):
 *   DOB 8144, Linked To 7034, nationality 4996, POB 4704, Gender 4311, a.k.a. 3903, Tax ID No.
 *   3139, Secondary sanctions risk 2804, Registration Number 2791, (free text) 2634, Additional
 *   Sanctions Information 2361, Passport 2260, Organization Established Date 1827, citizen 1257,
 *   National ID No. 1198, Website 1098, Vessel Registration Identification 872, Cedula No. 761,
 *   Executive Order 736, Transactions Prohibited For Persons 594, Organization Type 522,
 *   C.U.R.P. 498, Digital Currency Address - XBT 475, NIT 461, Government Gazette Number 455,
 *   Email Address 431, Registration ID 428, R.F.C. 402, Aircraft Model 378, Target Type 349,
 *   Identification Number 329, Aircraft Manufacturer 327, For more information 277, Aircraft
 *   Manufacture Date 260, Business Registration Number 243, Aircraft Operator 210, Folio
 *   Mercantil No. 191, RUC 189, Company Number 178, MMSI 167, ISIN 167, Aircraft Tail Number
 *   147, Commercial Registry Number 145, Unified Social Credit Code 142, Former Vessel Flag 123,
 *   Listing Date 112, Effective Date 109, Legal Entity Number 95, f.k.a. 90, License 89,
 *   Aircraft Construction Number 82, V.A.T. Number 80, Digital Currency Address - ETH 73, C.R.
 *   No. 72, Matricula Mercantil No 72, Phone Number 71, Economic Register Number 70, Digital
 *   Currency Address - USDT 68, Purchase/Sales For Divestment Date 68, SWIFT/BIC 56, Equity
 *   Ticker 52, Trade License No. 47, D.N.I. 42, Business Registration Document 41, Telephone 41,
 *   CAATSA Section 39, Chamber of Commerce Number 37, D-U-N-S Number 35, Fax 33, Central
 *   Registration System Number 30, Driver 29, Electoral Registry No. 29, Istanbul Chamber of
 *   Comm. No. 27, Birth Certificate Number 27, RIF 26, Business Number 24, RFC 23, BIK 23,
 *   Diplomatic Passport 22, Public Registration Number 22, Nationality 22, Enterprise Number 20,
 *   Italian Fiscal Code 18, Vessel Year of Build 18, National Foreign ID Number 17, Personal ID
 *   Card 17, UK Company Number 16, arrested 16, C.U.I. 16, Credencial electoral 15, Cartilla de
 *   Servicio Militar Nacional 15, US FEIN 14, Residency Number 14, Vice-Chairperson, 14, SSN 13,
 *   Chinese Commercial Code 13, I.F.E. 13, RTN 12, Permit Number 12, Registered Charity No. 11,
 *   Dubai Chamber of Commerce Membership No. 11, Branch Unit Number 10, Other Vessel Type 10,
 *   Digital Currency Address - LTC 10, C.U.I.T. 9, LE Number 9, Certificate of Incorporation
 *   Number 9, for more information 9, Turkish Identification Number 8, Numero de Identidad 8,
 *   Aircraft Mode S Transponder Code 8, Digital Currency Address - XMR 8, Telephone No. 7,
 *   C.U.I.P. 7, Citizen 7, United Social Credit Code Certificate 7, Digital Currency Address -
 *   TRX 7, Kenyan ID No. 6, Travel Document Number 6, Passport Booklet 6, Fax No. 6, Digital
 *   Currency Address - BCH 6, VisaNumberID 5, C.I.F. 5, File Number 5, Turkish Identificiation
 *   Number 5
 */
#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ofac_remarks.h"

/* Longest type we pass on (the longest table entry is under 100 bytes). */
#define MAX_TYPE 256

/*
 * Free-text statements that recur in the remarks of real records and are not key/value
 * clauses. They are recognised (counted as such) and kept in notes as written.
 */
static const char *const NOTE_PHRASES[] = {
	"all offices worldwide",
	"all branches worldwide",
	"and all other locations worldwide",
	"and all other offices worldwide",
	"and other locations within",
	"all locations in",
	"all branches in",
	"only locations in",
	"ICTY indictee",
	"currently incarcerated",
	"currently in jail",
	"currently in remand",
	"in custody",
	"believed to be",
	"possibly located",
	"wanted by",
	"holder of a",
	"associated with",
	"named in UNSCR",
	"HAMAS -",
	"This designation refers to",
	"For more information",
	"United States financial institutions are prohibited",
	"Individual's height",
	"From",
};

/* Family relations ("wife of X", "Spouse of X"): recognised, kept in notes. */
static const char *const RELATIONS[] = {
	"wife", "husband", "spouse", "son", "daughter", "child", "brother", "sister",
	"half-brother", "half-sister", "father", "mother", "nephew", "niece", "cousin",
	"son-in-law", "daughter-in-law", "sister-in-law", "brother-in-law", "uncle", "aunt",
	"grandson", "granddaughter", "stepson", "stepdaughter",
};

/* Honorifics and ranks written alone as a clause ("Haji", "Major General"): title. */
static const char *const TITLES[] = {
	"Haji", "Hajji", "Alhaj", "Doctor", "Dr", "Professor", "Engineer", "Sheikh", "Shaykh",
	"Sheik", "Maulana", "Moulana", "Maulawi", "Mawlawi", "Mulawi", "Maulavi", "Mullah",
	"Mufti", "Mufti or Maulana", "Qari", "Ustad", "Ustadz", "Hojjatoleslam", "Ayatollah",
	"Imam", "General", "Major General", "Brigadier General", "Lieutenant General",
	"Colonel", "Lieutenant Colonel", "Lt. Col", "Major", "Captain", "Admiral",
	"Rear Admiral", "Vice Admiral", "Justice Major", "Rank Brigadier General",
};

/*
 * Words that make a free-text clause a position ("Minister of Finance", "Member of the State
 * Duma ...", "Korea Daesong Bank representative"): older lists write a person's positions
 * as remarks rather than in the Title column.
 */
static const char *const POSITION_WORDS[] = {
	"minister", "ministry", "member", "president", "director", "chairman", "chairperson",
	"chair", "deputy", "head", "commander", "representative", "official", "secretary",
	"governor", "chief", "advisor", "adviser", "ambassador", "judge", "magistrate",
	"prosecutor", "leader", "officer", "manager", "employee", "founder", "co-founder", "owner",
	"ceo", "treasurer", "speaker", "mayor", "counselor", "counsellor", "counsel", "diplomat",
	"spokesperson", "spokesman", "senator", "congressman", "mp", "constituent", "rector",
	"superintendent", "commissioner", "inspector", "supervisor", "warden", "aide", "envoy",
	"partner", "general", "colonel", "admiral", "marshal", "businessman", "dealer",
	"associate", "professor", "dean", "coordinator", "ombudsman", "figure", "staff",
	"second-in-command", "#2", "agent", "financier", "facilitator", "operative", "militant",
	"captain", "lieutenant", "major", "sergeant", "assistant", "vice", "state duma",
	"engineer", "chemist", "accountant", "lawyer", "banker", "cleric", "physician",
};

/* If p starts with k (ASCII case-insensitive) at a word boundary, strlen(k), else 0. */
static size_t key(const char *p, const char *k)
{
	size_t n = strlen(k);

	if (strncasecmp(p, k, n) != 0)
		return 0;
	if (isalnum((unsigned char)k[n - 1]) && isalnum((unsigned char)p[n]))
		return 0;
	return n;
}

static char *skip_space(char *p)
{
	while (isspace((unsigned char)*p))
		p++;
	return p;
}

static void trim_end(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (isspace((unsigned char)s[n - 1]) || s[n - 1] == ','))
		s[--n] = '\0';
}

/* "<origin> <label>" in the arena (the provenance of a value read from a clause). */
static const char *origin_for(lk_arena *a, const char *origin, const char *label)
{
	if (origin == NULL)
		return label;
	return lk_arena_printf(a, "%s %s", origin, label);
}

/*
 * A name clause: "a.k.a. 'AL-QA'IDA'". The name runs from the first quote to the last, since
 * names contain apostrophes. A quote that is never closed means the remarks were cut off in
 * the middle of the name: not recognised (the clause goes to notes, no half name is added).
 */
static int name_clause(lk_entity *e, lk_arena *a, char *v, lk_prop prop, const char *origin,
                       const char *label)
{
	char *last;
	const char *org;
	int rc;

	while (*v == '.' || isspace((unsigned char)*v))
		v++;
	if (*v != '\'')
		return 0;
	last = strrchr(v, '\'');
	if (last == v)
		return 0;
	*last = '\0';
	v++;
	if (*skip_space(v) == '\0')
		return 0;
	if ((org = origin_for(a, origin, label)) == NULL)
		return LK_ENOMEM;
	rc = lk_ofac__add_name(e, a, prop, v, org);
	return rc < 0 ? rc : 1;
}

/* A year range "1979-1982" (as in "DOB circa 1979-1982"). */
static bool year_range(const char *v, int *from, int *to)
{
	int n = 0;

	if (sscanf(v, "%4d - %4d%n", from, to, &n) != 2 || v[n] != '\0')
		return false;
	return *from >= 1000 && *to >= 1000 && strlen(v) <= 11;
}

static int add_date(lk_entity *e, lk_arena *a, const lk_date *d, const char *org)
{
	char buf[11];

	return lk_entity_add(e, a, LK_PROP_BIRTH_DATE, lk_date_format(d, buf), org);
}

/*
 * "DOB 07 Oct 1952", "DOB Oct 1952", "DOB 1952", "DOB circa 1951", "DOB 1960 to 1962",
 * "DOB 01 Jan 1960 to 31 Dec 1962", "DOB circa 1979-1982". A range within one month or one
 * year becomes that month or year; a wider range becomes its years. No day is invented.
 */
static int dob_clause(lk_entity *e, lk_arena *a, char *v, const char *origin)
{
	const char *org;
	char *to;
	lk_date d1, d2;
	int y1, y2;
	size_t n;

	v = skip_space(v);
	if ((n = key(v, "circa")) > 0)
		v = skip_space(v + n);
	trim_end(v);
	if (*v == '\0')
		return 0;
	if ((org = origin_for(a, origin, "DOB")) == NULL)
		return LK_ENOMEM;

	to = strstr(v, " to ");
	if (to != NULL) {
		int rc;

		*to = '\0';
		if (lk_date_parse(&d1, v) != 0 || lk_date_parse(&d2, skip_space(to + 4)) != 0 ||
		    d2.year < d1.year) {
			*to = ' ';
			return 0;
		}
		if (d1.year == d2.year) {
			lk_date d = {d1.year, 0, 0};

			if (d1.month == d2.month) {
				d.month = d1.month;
				if (d1.day == d2.day)
					d.day = d1.day;
			}
			return add_date(e, a, &d, org) < 0 ? LK_ENOMEM : 1;
		}
		rc = lk_entity_add_year_range(e, a, LK_PROP_BIRTH_DATE, d1.year, d2.year, org);
		return rc < 0 ? rc : 1;
	}
	if (year_range(v, &y1, &y2)) {
		int rc;

		if (y2 < y1)
			return 0;
		rc = lk_entity_add_year_range(e, a, LK_PROP_BIRTH_DATE, y1, y2, org);
		return rc < 0 ? rc : 1;
	}
	if (lk_date_parse(&d1, v) != 0)
		return 0;
	return add_date(e, a, &d1, org) < 0 ? LK_ENOMEM : 1;
}

/*
 * Split "123 (Russia) issued 2010 expires 2015" into the value "123" and the country
 * "Russia" (in place). The dates of issue and expiry are dropped: the model has no place
 * for them and they do not identify anyone.
 */
static void split_document(char *v, const char **country)
{
	char *p;
	size_t n;

	*country = NULL;
	for (p = v; *p; p++) {
		if ((p == v || p[-1] == ' ' || p[-1] == ',') &&
		    (key(p, "issued") || key(p, "expires") || key(p, "expired"))) {
			*p = '\0';
			break;
		}
	}
	trim_end(v);
	n = strlen(v);
	if (n > 2 && v[n - 1] == ')') {
		char *open = strrchr(v, '(');

		/* "D489833(9) (Hong Kong)": only a parenthesis after a space that starts with a
		 * letter is a country; "(9)" is part of the number. */
		if (open != NULL && open > v && open[-1] == ' ' && isalpha((unsigned char)open[1])) {
			v[n - 1] = '\0';
			*country = open + 1;
			*open = '\0';
			trim_end(v);
		}
	}
}

/* A clause whose key is in the shared type table: text[0..n) is the type. */
static int typed_clause(lk_entity *e, lk_arena *a, char *text, size_t n, const char *origin)
{
	char type[MAX_TYPE];
	const char *country = NULL;
	char *v = text + n;
	char *p;

	if (n >= sizeof type)
		return 0;
	memcpy(type, text, n);
	type[n] = '\0';
	/* The separators add_typed skips, so that an empty value is seen here. */
	p = v;
	while (*p == ' ' || *p == ':' || *p == '.' || *p == '-' || *p == '#')
		p++;
	if (*p == '\0')
		return 0;
	if (lk_ofac__type_is_document(type))
		split_document(v, &country);
	return lk_ofac__add_typed(e, a, type, v, country, origin);
}

static bool note_phrase(const char *c)
{
	for (size_t i = 0; i < LK_ARRAY_SIZE(NOTE_PHRASES); i++) {
		if (key(c, NOTE_PHRASES[i]))
			return true;
	}
	return false;
}

static bool in_list(const char *c, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (strcasecmp(c, list[i]) == 0)
			return true;
	}
	return false;
}

/* "wife of Izzat Ibrahim Al-Duri", "Child of Oppah Muchinguri". */
static bool relation(const char *c)
{
	for (size_t i = 0; i < LK_ARRAY_SIZE(RELATIONS); i++) {
		size_t n = key(c, RELATIONS[i]);

		if (n > 0 && key(c + n, " of") > 0)
			return true;
	}
	return false;
}

/* True if one of the position words occurs in c as a whole word. */
static bool position_like(const char *c)
{
	size_t len = strlen(c);

	/* A position is a short phrase, not a sentence or an identifier. */
	if (len > 200)
		return false;
	for (const char *p = c; *p; p++) {
		if (p != c && isalnum((unsigned char)p[-1]))
			continue;
		for (size_t i = 0; i < LK_ARRAY_SIZE(POSITION_WORDS); i++) {
			if (key(p, POSITION_WORDS[i]) > 0)
				return true;
		}
	}
	return false;
}

/* A lone e-mail address or web address ("info@x.org (email)", "www.x.com"). */
static int contact_clause(lk_entity *e, lk_arena *a, char *c, const char *origin)
{
	char *end = c + strcspn(c, " ");
	char *rest = skip_space(end);
	lk_prop prop;
	const char *org;
	int rc;

	if (*rest != '\0' && strcasecmp(rest, "(email)") != 0 && strcasecmp(rest, "(website)") != 0)
		return 0;
	if (memchr(c, '@', (size_t)(end - c)) != NULL && c[0] != '@')
		prop = LK_PROP_EMAIL;
	else if (key(c, "www.") || key(c, "http://") || key(c, "https://"))
		prop = LK_PROP_WEBSITE;
	else
		return 0;
	*end = '\0';
	if ((org = origin_for(a, origin, "remarks")) == NULL)
		return LK_ENOMEM;
	rc = lk_entity_add(e, a, prop, c, org);
	return rc < 0 ? rc : 1;
}

/* A free-text clause: a repeat of the Title column, an honorific, a position, a contact. */
static int free_text(lk_entity *e, lk_arena *a, char *c, const char *origin)
{
	const char *org;
	int rc;

	/* The remarks often repeat the Title column ("President of the Russian Federation"). */
	if (lk_entity_has(e, LK_PROP_POSITION, c))
		return 1;
	if ((rc = contact_clause(e, a, c, origin)) != 0)
		return rc;
	if ((org = origin_for(a, origin, "remarks")) == NULL)
		return LK_ENOMEM;
	if (in_list(c, TITLES, LK_ARRAY_SIZE(TITLES))) {
		rc = lk_entity_add(e, a, LK_PROP_TITLE, c, org);
		return rc < 0 ? rc : 1;
	}
	if (e->schema == LK_SCHEMA_PERSON && !relation(c) && position_like(c) &&
	    strpbrk(c, "0123456789") == NULL) {
		rc = lk_entity_add(e, a, LK_PROP_POSITION, c, org);
		return rc < 0 ? rc : 1;
	}
	return 0;
}

/* One clause (NUL-terminated, trimmed, modifiable). Returns 1 if recognised, 0 if it went
 * to notes as unrecognised, or a negative error. */
static int clause(lk_entity *e, lk_arena *a, char *c, const char *origin)
{
	char *p = c;
	size_t n;
	int r;

	if ((n = key(p, "alt.")) > 0 && isspace((unsigned char)p[n]))
		p = skip_space(p + n);

	if ((n = key(p, "a.k.a")) > 0) {
		r = name_clause(e, a, p + n, LK_PROP_WEAK_ALIAS, origin, "a.k.a.");
	} else if ((n = key(p, "f.k.a")) > 0) {
		r = name_clause(e, a, p + n, LK_PROP_PREVIOUS_NAME, origin, "f.k.a.");
	} else if ((n = key(p, "n.k.a")) > 0) {
		r = name_clause(e, a, p + n, LK_PROP_WEAK_ALIAS, origin, "n.k.a.");
	} else if ((n = key(p, "d.b.a")) > 0) {
		/* "doing business as": a trade name in use. */
		r = name_clause(e, a, p + n, LK_PROP_ALIAS, origin, "d.b.a.");
	} else if ((n = key(p, "Linked To")) > 0) {
		char *v = p + n;
		const char *org;

		while (*v == ':' || isspace((unsigned char)*v))
			v++;
		if (*v == '\0')
			return 0;
		if ((org = origin_for(a, origin, "Linked To")) == NULL)
			return LK_ENOMEM;
		r = lk_entity_add(e, a, LK_PROP_LINKED_TO, v, org);
		r = r < 0 ? r : 1;
	} else if ((n = key(p, "DOB")) > 0) {
		r = dob_clause(e, a, p + n, origin);
	} else if ((n = lk_ofac__type_prefix(p)) > 0) {
		r = typed_clause(e, a, p, n, origin);
	} else {
		r = free_text(e, a, p, origin);
		if (r != 0)
			return r;
	}
	if (r == 0) {
		/* Not a key we know: kept whole, never dropped. A recurring free-text statement
		 * ("all offices worldwide", "wife of X") counts as recognised. */
		const char *org = origin_for(a, origin, "remarks");
		int rc;

		if (org == NULL)
			return LK_ENOMEM;
		rc = lk_entity_add(e, a, LK_PROP_NOTES, c, org);
		if (rc < 0)
			return rc;
		r = note_phrase(p) || relation(p) ? 1 : 0;
	}
	return r;
}

/*
 * OFAC ends the remarks (and some clauses) with a period. It is dropped, except after an
 * abbreviation such as "S.A." where it belongs to the name.
 */
static void strip_period(lk_buf *b)
{
	size_t n = b->len;

	if (n == 0 || b->ptr[n - 1] != '.')
		return;
	if (n >= 3 && isalpha((unsigned char)b->ptr[n - 2]) &&
	    (b->ptr[n - 3] == '.' || b->ptr[n - 3] == ' '))
		return;
	lk_buf_truncate(b, n - 1);
	while (b->len > 0 && isspace((unsigned char)b->ptr[b->len - 1]))
		lk_buf_truncate(b, b->len - 1);
}

int lk_ofac__parse_remarks(lk_entity *e, lk_arena *a, const char *text, size_t len,
                           const char *origin, lk_ofac_remarks_stats *stats)
{
	lk_buf cl;
	size_t i = 0;
	int rc = 0;

	assert(e != NULL && a != NULL && (text != NULL || len == 0));
	/* A clause is at most the whole text: the buffer is bounded by the input. */
	lk_buf_init(&cl, len + 1);
	while (i < len) {
		size_t j = i, s0, s1;

		while (j < len && text[j] != ';')
			j++;
		s0 = i;
		s1 = j;
		while (s0 < s1 && isspace((unsigned char)text[s0]))
			s0++;
		while (s1 > s0 && isspace((unsigned char)text[s1 - 1]))
			s1--;
		i = j + 1;
		if (s1 == s0)
			continue;
		lk_buf_clear(&cl);
		if ((rc = lk_buf_put(&cl, text + s0, s1 - s0)) < 0)
			goto done;
		strip_period(&cl);
		if (cl.len == 0)
			continue;
		rc = clause(e, a, cl.ptr, origin);
		if (rc < 0)
			goto done;
		if (stats != NULL) {
			stats->clauses++;
			if (rc > 0)
				stats->recognised++;
		}
		rc = 0;
	}
done:
	lk_buf_dispose(&cl);
	return rc;
}
