/*
 * eu_common.c - mapping of EU Financial Sanctions File sub-records to entity properties,
 * shared by eu_xml_legacy.c, eu_csv.c and eu_xml.c (see eu_common.h).
 *
 * The quirks handled here are the EU's, whatever the container: names repeated once per legal
 * act, dates with "00" for unknown parts or "(approximative)" suffixes, identifiers packed as
 * "NUMBER (code-description) [flags](remark)" in the older formats, phone numbers hidden in an
 * address's OTHER field as "PHONE[...]", and "00"/"UNKNOWN" standing for "no country".
 */
#include "eu_common.h"
#include "xml_util.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Longest address or composed name we build (anything longer is refused, not grown). */
#define JOIN_MAX (1u << 20)

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* s[0..n) without leading and trailing whitespace. */
static void trim_span(const char **s, size_t *n)
{
	while (*n && is_space(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_space((*s)[*n - 1]))
		(*n)--;
}

static bool span_equals_ci(const char *s, size_t n, const char *word)
{
	trim_span(&s, &n);
	return n == strlen(word) && strncasecmp(s, word, n) == 0;
}

bool lk_eu__blank(const char *s)
{
	if (!s)
		return true;
	size_t n = strlen(s);
	trim_span(&s, &n);
	return n == 0 || span_equals_ci(s, n, "N/A") || span_equals_ci(s, n, "UNKNOWN");
}

/* Case-insensitive substring test for ASCII needles. */
static bool ci_contains(const char *hay, const char *needle)
{
	if (!hay)
		return false;
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return false;
}

static bool ci_equals(const char *s, const char *word)
{
	return s && span_equals_ci(s, strlen(s), word);
}

lk_schema lk_eu__schema(const char *type)
{
	if (ci_equals(type, "P") || ci_equals(type, "person"))
		return LK_SCHEMA_PERSON;
	if (ci_equals(type, "E") || ci_equals(type, "enterprise"))
		return LK_SCHEMA_ORGANIZATION;
	if (ci_equals(type, "V") || ci_equals(type, "vessel"))
		return LK_SCHEMA_VESSEL;
	if (ci_equals(type, "A") || ci_equals(type, "aircraft"))
		return LK_SCHEMA_AIRPLANE;
	return LK_SCHEMA_LEGAL_ENTITY;
}

/* Equal up to leading/trailing whitespace and the length of whitespace runs. */
static bool ws_equal(const char *a, const char *b)
{
	for (;;) {
		while (is_space(*a))
			a++;
		while (is_space(*b))
			b++;
		if (!*a || !*b)
			return !*a && !*b;
		while (*a && !is_space(*a) && *a == *b) {
			a++;
			b++;
		}
		if (!((!*a || is_space(*a)) && (!*b || is_space(*b))))
			return false;
	}
}

static bool has_name(const lk_entity *e, const char *name)
{
	for (size_t i = 0; i < e->nvalues; i++) {
		lk_prop p = e->values[i].prop;
		if ((p == LK_PROP_NAME || p == LK_PROP_ALIAS || p == LK_PROP_WEAK_ALIAS) &&
		    ws_equal(e->values[i].value, name))
			return true;
	}
	return false;
}

int lk_eu__add_text(lk_entity *e, lk_arena *a, lk_prop prop, const char *value,
                    const char *origin)
{
	return lk_eu__blank(value) ? 0 : lk_entity_add(e, a, prop, value, origin);
}

/* Append part to b, separated by sep when b is not empty. */
static int join(lk_buf *b, const char *sep, const char *part)
{
	int rc = 0;
	if (lk_eu__blank(part))
		return 0;
	if (b->len && (rc = lk_buf_puts(b, sep)))
		return rc;
	return lk_buf_puts(b, part);
}

int lk_eu__add_name(lk_entity *e, lk_arena *a, const lk_eu_name *n, const char *origin)
{
	lk_buf composed;
	int rc = 0;
	const char *whole = n->whole;
	lk_buf_init(&composed, JOIN_MAX);
	if (lk_eu__blank(whole)) {
		if ((rc = join(&composed, " ", n->first)) ||
		    (rc = join(&composed, " ", n->middle)) || (rc = join(&composed, " ", n->last)))
			goto done;
		whole = lk_buf_cstr(&composed);
	}
	if (!lk_eu__blank(whole)) {
		if (!lk_entity_first(e, LK_PROP_NAME))
			rc = lk_entity_add(e, a, LK_PROP_NAME, whole, origin);
		else if (!has_name(e, whole))
			rc = lk_entity_add(e, a, n->weak ? LK_PROP_WEAK_ALIAS : LK_PROP_ALIAS,
			                   whole, origin);
		if (rc)
			goto done;
	}
	if ((rc = lk_eu__add_text(e, a, LK_PROP_FIRST_NAME, n->first, origin)) ||
	    (rc = lk_eu__add_text(e, a, LK_PROP_MIDDLE_NAME, n->middle, origin)) ||
	    (rc = lk_eu__add_text(e, a, LK_PROP_LAST_NAME, n->last, origin)) ||
	    (rc = lk_eu__add_text(e, a, LK_PROP_TITLE, n->title, origin)) ||
	    (rc = lk_eu__add_text(e, a, LK_PROP_POSITION, n->function, origin)))
		goto done;
	if (ci_equals(n->gender, "M") || ci_equals(n->gender, "male"))
		rc = lk_entity_add(e, a, LK_PROP_GENDER, "male", origin);
	else if (ci_equals(n->gender, "F") || ci_equals(n->gender, "female"))
		rc = lk_entity_add(e, a, LK_PROP_GENDER, "female", origin);
	else
		rc = lk_eu__add_text(e, a, LK_PROP_GENDER, n->gender, origin);
done:
	lk_buf_dispose(&composed);
	return rc;
}

/* Read exactly n digits at s into *out. */
static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* "1958 - 1963" or "1958-1963". */
static bool year_range(const char *s, int *from, int *to)
{
	if (!digits(s, 4, from))
		return false;
	s += 4;
	while (*s == ' ')
		s++;
	if (*s++ != '-')
		return false;
	while (*s == ' ')
		s++;
	return digits(s, 4, to) && s[4] == '\0';
}

int lk_eu__add_date(lk_entity *e, lk_arena *a, lk_prop prop, const char *text,
                    const char *origin)
{
	char buf[64], iso[11];
	int y, m, d;
	if (lk_eu__blank(text))
		return 0;
	const char *s = text;
	size_t n = strlen(s);
	trim_span(&s, &n);
	if (n >= sizeof buf)
		goto raw;
	memcpy(buf, s, n);
	buf[n] = '\0';
	/* "1963 (approximative)": the EU's mark of an uncertain date; the value stays the year. */
	if (n && buf[n - 1] == ')') {
		char *open = strrchr(buf, '(');
		if (open && open > buf) {
			*open = '\0';
			n = (size_t)(open - buf);
			while (n && is_space(buf[n - 1]))
				buf[--n] = '\0';
		}
	}
	if (year_range(buf, &y, &d)) {
		if (y < 1 || d < 1)
			goto raw;
		if (y == d) {
			snprintf(iso, sizeof iso, "%04d", y);
			return lk_entity_add(e, a, prop, iso, origin);
		}
		return lk_entity_add_year_range(e, a, prop, y < d ? y : d, y < d ? d : y, origin);
	}
	/* "1960-00-00" / "1960-05-00": zeros mark unknown parts; never invent them. */
	if (n == 10 && buf[4] == '-' && buf[7] == '-' && digits(buf, 4, &y) &&
	    digits(buf + 5, 2, &m) && digits(buf + 8, 2, &d) && y > 0 && m <= 12 &&
	    (m == 0 || d == 0)) {
		if (m == 0)
			snprintf(iso, sizeof iso, "%04d", y);
		else
			snprintf(iso, sizeof iso, "%04d-%02d", y, m);
		return lk_entity_add(e, a, prop, iso, origin);
	}
	if (lk_date_normalize(buf, iso))
		return lk_entity_add(e, a, prop, iso, origin);
raw:
	/* Not a date we can read: keep the words rather than lose them. */
	{
		lk_buf note;
		int rc;
		lk_buf_init(&note, JOIN_MAX);
		rc = lk_buf_printf(&note, "%s: %s", lk_prop_name(prop), text);
		if (!rc)
			rc = lk_entity_add(e, a, LK_PROP_NOTES, lk_buf_cstr(&note), origin);
		lk_buf_dispose(&note);
		return rc;
	}
}

static bool real_code(const char *code)
{
	return !lk_eu__blank(code) && !ci_equals(code, "00");
}

int lk_eu__add_country(lk_entity *e, lk_arena *a, lk_prop prop, const char *code,
                       const char *desc, const char *origin)
{
	if (real_code(code) && (lk_country_code(code) || lk_eu__blank(desc)))
		return lk_entity_add_country(e, a, prop, code, origin);
	if (!lk_eu__blank(desc))
		return lk_entity_add_country(e, a, prop, desc, origin);
	return 0;
}

const char *lk_eu__country_text(const char *code, const char *desc)
{
	if (real_code(code)) {
		const char *iso = lk_country_code(code);
		const char *name = iso ? lk_country_name(iso) : NULL;
		if (name)
			return name;
	}
	if (!lk_eu__blank(desc))
		return desc;
	return real_code(code) ? code : NULL;
}

/* The property an identifier of this EU type goes to. */
static lk_prop ident_prop(const char *code, const char *desc)
{
	if (ci_contains(code, "passport") || ci_contains(desc, "passport"))
		return LK_PROP_PASSPORT_NUMBER;
	if (ci_equals(code, "imo") || ci_contains(desc, "IMO number"))
		return LK_PROP_IMO_NUMBER;
	if (ci_contains(code, "swift") || ci_contains(desc, "SWIFT"))
		return LK_PROP_SWIFT_BIC;
	if (ci_equals(code, "lei"))
		return LK_PROP_LEI_CODE;
	if (ci_equals(code, "inn"))
		return LK_PROP_INN_CODE;
	if (ci_equals(code, "ogrn"))
		return LK_PROP_OGRN_CODE;
	if (ci_contains(code, "regnumber") || ci_contains(desc, "registration"))
		return LK_PROP_REGISTRATION_NUMBER;
	if (ci_contains(code, "fiscal") || ci_contains(code, "tax") ||
	    ci_contains(desc, "fiscal") || ci_contains(desc, "tax "))
		return LK_PROP_TAX_NUMBER;
	return LK_PROP_ID_NUMBER;
}

int lk_eu__add_ident(lk_entity *e, lk_arena *a, const char *code, const char *desc,
                     const char *number, const char *origin)
{
	if (lk_eu__blank(number))
		return 0;
	return lk_entity_add(e, a, ident_prop(code, desc), number, origin);
}

int lk_eu__add_legacy_ident(lk_entity *e, lk_arena *a, const char *text, const char *origin)
{
	char code[32] = "", desc[128] = "";
	if (lk_eu__blank(text))
		return 0;
	size_t numlen = strlen(text);
	/* Find " (code-": a run of lower-case letters then a hyphen, right after "(". */
	for (const char *p = text; (p = strchr(p, '(')) != NULL; p++) {
		const char *q = p + 1;
		while (*q >= 'a' && *q <= 'z')
			q++;
		if (q == p + 1 || *q != '-' || (p > text && !is_space(p[-1])))
			continue;
		size_t cl = (size_t)(q - (p + 1));
		if (cl >= sizeof code)
			continue;
		memcpy(code, p + 1, cl);
		code[cl] = '\0';
		const char *d = q + 1, *close = strchr(d, ')');
		size_t dl = close ? (size_t)(close - d) : strlen(d);
		if (dl >= sizeof desc)
			dl = sizeof desc - 1;
		memcpy(desc, d, dl);
		desc[dl] = '\0';
		numlen = (size_t)(p - text);
		break;
	}
	const char *num = text;
	trim_span(&num, &numlen);
	if (numlen == 0 || span_equals_ci(num, numlen, "UNKNOWN") ||
	    span_equals_ci(num, numlen, "N/A"))
		return 0;
	return lk_entity_addn(e, a, ident_prop(code, desc), num, numlen, origin);
}

int lk_eu__add_address(lk_entity *e, lk_arena *a, const char *const *parts, size_t nparts,
                       const char *country_code, const char *country_desc, const char *origin)
{
	lk_buf b;
	int rc = 0;
	lk_buf_init(&b, JOIN_MAX);
	for (size_t i = 0; i < nparts; i++)
		if ((rc = join(&b, ", ", parts[i])))
			goto done;
	/* An address that is only a country says no more than the country value below. */
	if (b.len) {
		if ((rc = join(&b, ", ", lk_eu__country_text(country_code, country_desc))))
			goto done;
		if ((rc = lk_entity_add(e, a, LK_PROP_ADDRESS, lk_buf_cstr(&b), origin)))
			goto done;
	}
	rc = lk_eu__add_country(e, a, LK_PROP_COUNTRY, country_code, country_desc, origin);
done:
	lk_buf_dispose(&b);
	return rc;
}

static int contact_prop(const char *key, size_t n)
{
	static const struct {
		const char *key;
		lk_prop prop;
	} keys[] = {{"PHONE", LK_PROP_PHONE}, {"TEL", LK_PROP_PHONE},     {"FAX", LK_PROP_PHONE},
	            {"EMAIL", LK_PROP_EMAIL}, {"E-MAIL", LK_PROP_EMAIL},  {"WEB", LK_PROP_WEBSITE},
	            {"WEBSITE", LK_PROP_WEBSITE}, {"URL", LK_PROP_WEBSITE}};
	for (size_t i = 0; i < LK_ARRAY_SIZE(keys); i++)
		if (strlen(keys[i].key) == n && strncasecmp(key, keys[i].key, n) == 0)
			return (int)keys[i].prop;
	return -1;
}

/* Walk "KEY[value] KEY[value]"; with add false only check the syntax. */
static int walk_contact(lk_entity *e, lk_arena *a, const char *s, const char *origin, bool add)
{
	int rc;
	bool any = false;
	for (;;) {
		while (is_space(*s) || *s == ',' || *s == ';')
			s++;
		if (!*s)
			return any ? 1 : 0;
		const char *k = s;
		while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '-')
			s++;
		int prop = contact_prop(k, (size_t)(s - k));
		if (prop < 0 || *s != '[')
			return 0;
		const char *v = s + 1, *close = strchr(v, ']');
		if (!close)
			return 0;
		/* "PHONE[0300-820 91 99, 668 33 01]": one value per number. */
		for (const char *q = v; add && q < close;) {
			const char *end = q;
			while (end < close && *end != ',' && *end != ';')
				end++;
			rc = lk_entity_addn(e, a, (lk_prop)prop, q, (size_t)(end - q), origin);
			if (rc)
				return rc;
			q = end + 1;
		}
		any = true;
		s = close + 1;
	}
}

int lk_eu__add_contact(lk_entity *e, lk_arena *a, const char *text, const char *origin)
{
	if (lk_eu__blank(text) || walk_contact(e, a, text, origin, false) != 1)
		return 0;
	return walk_contact(e, a, text, origin, true);
}

int lk_eu__add_birth_place(lk_entity *e, lk_arena *a, const char *const *parts, size_t nparts,
                           const char *country_code, const char *country_desc,
                           const char *origin)
{
	lk_buf b;
	int rc = 0;
	lk_buf_init(&b, JOIN_MAX);
	for (size_t i = 0; i < nparts; i++)
		if ((rc = join(&b, ", ", parts[i])))
			goto done;
	if ((rc = join(&b, ", ", lk_eu__country_text(country_code, country_desc))))
		goto done;
	if (b.len)
		rc = lk_entity_add(e, a, LK_PROP_BIRTH_PLACE, lk_buf_cstr(&b), origin);
done:
	lk_buf_dispose(&b);
	return rc;
}

void lk_eu__keep_earliest(char best[11], const char *date)
{
	char iso[11];
	if (lk_eu__blank(date) || !lk_date_normalize(date, iso))
		return;
	if (!best[0] || strcmp(iso, best) < 0)
		memcpy(best, iso, sizeof iso);
}

/* True if the input, trailing whitespace aside, ends with "</root>". */
static bool ends_with_close(const lk_input *in, const char *root)
{
	char tail[256], want[96];
	size_t n = 0;
	if (in->data) {
		n = in->len < sizeof tail ? in->len : sizeof tail;
		memcpy(tail, in->data + in->len - n, n);
	} else {
		FILE *f = fopen(in->path, "rb");
		if (!f)
			return true; /* cannot tell: keep the original error */
		if (fseek(f, -(long)sizeof tail, SEEK_END) != 0)
			rewind(f);
		n = fread(tail, 1, sizeof tail, f);
		fclose(f);
	}
	while (n && (is_space(tail[n - 1]) || tail[n - 1] == '\0'))
		n--;
	int w = snprintf(want, sizeof want, "</%s>", root);
	if (w < 0 || (size_t)w >= sizeof want)
		return true;
	return n >= (size_t)w && memcmp(tail + n - (size_t)w, want, (size_t)w) == 0;
}

int lk_eu__xml_failed(struct lk_xml *x, int rc, const char *root)
{
	char detail[600];
	if ((rc != LK_EINVALID && rc != LK_ETRUNCATED) || ends_with_close(x->in, root))
		return rc;
	const lk_error *err = lk_error_last();
	snprintf(detail, sizeof detail, "%s", x->failed ? x->errmsg : "");
	return lk_error_set_at(LK_ETRUNCATED, x->in->path, err->line, -1,
	                       "%s: the file is cut short: it does not end with </%s>%s%s%s",
	                       x->parser, root, detail[0] ? " (" : "", detail,
	                       detail[0] ? ")" : "");
}
