/*
 * payment_mt103.c - SWIFT MT103 (single customer credit transfer) in FIN block format.
 *
 * A FIN message is a run of blocks {1:basic header}{2:application header}{3:{108:..}}
 * {4:\r\n:20:...\r\n-}{5:{CHK:...}}. Only block 4 carries fields: each starts at a line
 * beginning ":NNa:" and runs on over continuation lines until the next tag or the "-}"
 * terminator. Files from real systems put several messages one after the other, separated by
 * nothing, by line breaks, or by '$' (the RJE convention); '{' and '$' never occur inside block
 * 4 (they are outside the SWIFT X character set), so a message ends at the next "{1:" or '$'.
 * That is also where the reader starts again after a malformed message.
 *
 * Field lengths and line counts come from the MT103 field specifications; anything longer is
 * an error, so every value fits its fixed-size slot in lk_payment.
 */
#include "payment_int.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MAX_LINES 6  /* field 72: 6*35x is the longest line-structured MT103 field */

/* MT103 fields: tag, lines at most, characters per line at most. */
static const struct tagspec {
	const char *tag;
	int lines, width;
} specs[] = {
	{"20", 1, 16},  {"13C", 1, 35}, {"23B", 1, 4},  {"23E", 1, 35}, {"26T", 1, 3},
	{"32A", 1, 24}, {"33B", 1, 18}, {"36", 1, 12},  {"50A", 2, 35}, {"50F", 5, 35},
	{"50K", 5, 35}, {"51A", 2, 35}, {"52A", 2, 35}, {"52D", 5, 35}, {"53A", 2, 35},
	{"53B", 2, 35}, {"53D", 5, 35}, {"54A", 2, 35}, {"54B", 2, 35}, {"54D", 5, 35},
	{"55A", 2, 35}, {"55B", 2, 35}, {"55D", 5, 35}, {"56A", 2, 35}, {"56C", 1, 35},
	{"56D", 5, 35}, {"57A", 2, 35}, {"57B", 2, 35}, {"57C", 1, 35}, {"57D", 5, 35},
	{"59", 5, 35},  {"59A", 2, 35}, {"59F", 5, 35}, {"70", 4, 35},  {"71A", 1, 3},
	{"71F", 1, 18}, {"71G", 1, 18}, {"72", 6, 35},  {"77B", 3, 35},
};

typedef struct field {
	char tag[4];
	const struct tagspec *spec;
	const char *ln[MAX_LINES];
	size_t len[MAX_LINES];
	int n;
	const char *at;  /* start of the tag, for error positions */
} field;

typedef struct mt {
	lk_payment_reader *r;
	lk_payment *m;
	const char *start;  /* message start */
	long line0;         /* its line */
	bool seen20, seen32a, seen50, seen59, seen70, seen72;
} mt;

static long line_at(const mt *c, const char *p)
{
	long line = c->line0;
	for (const char *q = c->start; q < p; q++)
		line += *q == '\n';
	return line;
}

static int fail(const mt *c, const char *at, int code, const char *fmt, ...) LK_PRINTF(4, 5);

static int fail(const mt *c, const char *at, int code, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return lk_error_set_at(code, c->r->name, line_at(c, at), (long long)(at - c->r->data),
	                       "mt103: message %ld: %s", c->m->index, msg);
}

/* The SWIFT X character set: a-z A-Z 0-9 / - ? : ( ) . , ' + and space. */
static bool is_x(unsigned char ch)
{
	return isalnum(ch) || ch == ' ' || strchr("/-?:().,'+", ch) != NULL;
}

static const struct tagspec *find_spec(const char *tag)
{
	/* the first two bytes before the call: most tags differ in them (every tag has two) */
	for (size_t i = 0; i < LK_ARRAY_SIZE(specs); i++)
		if (specs[i].tag[0] == tag[0] && specs[i].tag[1] == tag[1] &&
		    strcmp(specs[i].tag, tag) == 0)
			return &specs[i];
	return NULL;
}

/* "/account" (also "/D/account", "/C/account" in the bank fields) into p->account. */
static int take_account(const mt *c, const field *f, lk_payment_party *p, const char *s,
                        size_t n)
{
	s++, n--;
	if (n >= 2 && (s[0] == 'C' || s[0] == 'D') && s[1] == '/')
		s += 2, n -= 2;
	if (n == 0)
		return fail(c, f->at, LK_EINVALID, "field %s: empty account after '/'", f->tag);
	if (lk_payment__copy(p->account, sizeof p->account, s, n) < 0)
		return fail(c, f->at, LK_ETOOBIG, "field %s: account longer than 34 characters", f->tag);
	return 0;
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

static bool is_country(const char *s, size_t n)
{
	return n >= 2 && isupper((unsigned char)s[0]) && isupper((unsigned char)s[1]) &&
	       (n == 2 || s[2] == '/');
}

/* Option A: [/account] and a BIC line. */
static int party_bic(const mt *c, const field *f, lk_payment_party *p)
{
	int i = 0;
	if (f->n > 1 || (f->len[0] && f->ln[0][0] == '/')) {
		if (f->ln[0][0] != '/')
			return fail(c, f->at, LK_EINVALID, "field %s: first of two lines must be an "
			            "account starting with '/'", f->tag);
		int rc = take_account(c, f, p, f->ln[0], f->len[0]);
		if (rc < 0)
			return rc;
		i = 1;
	}
	if (i >= f->n)
		return fail(c, f->at, LK_EINVALID, "field %s: no BIC", f->tag);
	if (lk_payment__copy(p->bic, sizeof p->bic, f->ln[i], f->len[i]) < 0 ||
	    !lk_bic_valid(p->bic))
		return fail(c, f->at, LK_EINVALID, "field %s: '%.*s' is not a valid BIC", f->tag,
		            (int)f->len[i], f->ln[i]);
	return 0;
}

/* Options K, D and no letter: [/account], then name, then address lines. */
static int party_text(const mt *c, const field *f, lk_payment_party *p)
{
	int i = 0;
	if (f->len[0] && f->ln[0][0] == '/') {
		int rc = take_account(c, f, p, f->ln[0], f->len[0]);
		if (rc < 0)
			return rc;
		i = 1;
	}
	if (f->n - i > 4)
		return fail(c, f->at, LK_ETOOBIG, "field %s: more than 4 lines of name and address",
		            f->tag);
	if (i >= f->n)
		return fail(c, f->at, LK_EINVALID, "field %s: no name", f->tag);
	lk_payment__copy(p->name, sizeof p->name, f->ln[i], f->len[i]);
	for (i++; i < f->n; i++)
		lk_payment__copy(p->address[p->naddress++], sizeof p->address[0], f->ln[i], f->len[i]);
	return 0;
}

/* Option F: party identifier (50F) or [/account] (59F), then numbered lines "n/text". */
static int party_structured(const mt *c, const field *f, lk_payment_party *p)
{
	bool is50 = f->tag[0] == '5' && f->tag[1] == '0';
	int i = 0, rc;
	if (f->len[0] && f->ln[0][0] == '/') {
		if ((rc = take_account(c, f, p, f->ln[0], f->len[0])) < 0)
			return rc;
		i = 1;
	} else if (is50) {
		/* "CODE/CC/identifier", e.g. CCPT/GB/123456789 or NIDN/DE/... */
		if (f->len[0] < 8 || f->ln[0][4] != '/' || !is_country(f->ln[0] + 5, f->len[0] - 5))
			return fail(c, f->at, LK_EINVALID, "field 50F: party identifier '%.*s' is neither "
			            "/account nor CODE/CC/identifier", (int)f->len[0], f->ln[0]);
		lk_payment__copy(p->identifier, sizeof p->identifier, f->ln[0], f->len[0]);
		i = 1;
	}
	for (; i < f->n; i++) {
		const char *s = f->ln[i];
		size_t n = f->len[i];
		if (n < 3 || s[0] < '1' || s[0] > (is50 ? '8' : '3') || s[1] != '/')
			return fail(c, f->at, LK_EINVALID, "field %s: line %d '%.*s' does not start with "
			            "a line number 1-%c and '/'", f->tag, i + 1, (int)n, s, is50 ? '8' : '3');
		char num = s[0];
		s += 2, n -= 2;
		rc = 0;
		switch (num) {
		case '1':
			rc = lk_payment__append(p->name, sizeof p->name, " ", s, n);
			break;
		case '2':
			rc = lk_payment__copy(p->address[p->naddress++], sizeof p->address[0], s, n);
			break;
		case '3':
			if (p->country[0]) {  /* a further 3/ line continues the town */
				rc = lk_payment__append(p->town, sizeof p->town, " ", s, n);
				break;
			}
			if (!is_country(s, n))
				return fail(c, f->at, LK_EINVALID, "field %s: '3/%.*s' does not start with "
				            "a country code", f->tag, (int)n, s);
			memcpy(p->country, s, 2);
			if (n > 3)
				rc = lk_payment__copy(p->town, sizeof p->town, s + 3, n - 3);
			break;
		case '4':
			if (n != 8 || !all_digits(s, 8))
				return fail(c, f->at, LK_EINVALID, "field 50F: '4/%.*s' is not a date of "
				            "birth YYYYMMDD", (int)n, s);
			snprintf(p->birth_date, sizeof p->birth_date, "%.4s-%.2s-%.2s", s, s + 4, s + 6);
			break;
		case '5':
			rc = lk_payment__copy(p->birth_place, sizeof p->birth_place, s, n);
			break;
		case '6':
		case '7':
			rc = lk_payment__copy(p->identifier, sizeof p->identifier, s, n);
			break;
		case '8':
			rc = lk_payment__copy(p->extra, sizeof p->extra, s, n);
			break;
		}
		if (rc < 0)
			return fail(c, f->at, LK_ETOOBIG, "field %s: line %d too long for its part",
			            f->tag, i + 1);
	}
	if (!p->name[0])
		return fail(c, f->at, LK_EINVALID, "field %s: no name line '1/'", f->tag);
	return 0;
}

static int party(mt *c, const field *f, lk_payment_role role)
{
	lk_payment_party *p = lk_payment__add_party(c->m, role, f->tag);
	if (!p)
		return fail(c, f->at, LK_ETOOBIG, "too many parties");
	switch (f->tag[2]) {
	case 'A': return party_bic(c, f, p);
	case 'F': return party_structured(c, f, p);
	default: return party_text(c, f, p);
	}
}

/* 32A: 6!n3!a15d, value date YYMMDD, currency, amount with a decimal comma. */
static int value(mt *c, const field *f)
{
	const char *s = f->ln[0];
	size_t n = f->len[0];
	if (n < 11 || !all_digits(s, 6))
		return fail(c, f->at, LK_EINVALID, "field 32A: '%.*s' is not YYMMDD, currency, amount",
		            (int)n, s);
	int mo = (s[2] - '0') * 10 + (s[3] - '0'), d = (s[4] - '0') * 10 + (s[5] - '0');
	if (mo < 1 || mo > 12 || d < 1 || d > 31)
		return fail(c, f->at, LK_EINVALID, "field 32A: '%.6s' is not a valid date", s);
	for (int i = 6; i < 9; i++)
		if (!isupper((unsigned char)s[i]))
			return fail(c, f->at, LK_EINVALID, "field 32A: '%.3s' is not a currency code",
			            s + 6);
	/* SWIFT years are 20YY: FIN has no messages from before 2000 in circulation. */
	snprintf(c->m->value_date, sizeof c->m->value_date, "20%.2s-%.2s-%.2s", s, s + 2, s + 4);
	memcpy(c->m->currency, s + 6, 3);
	const char *a = s + 9;
	size_t an = n - 9, commas = 0, digits = 0;
	for (size_t i = 0; i < an; i++) {
		if (a[i] == ',')
			commas++;
		else if (isdigit((unsigned char)a[i]))
			digits += commas == 0;
		else
			commas = 2;
	}
	if (commas != 1 || digits == 0)
		return fail(c, f->at, LK_EINVALID, "field 32A: amount '%.*s' must be digits with one "
		            "decimal comma", (int)an, a);
	/* "98000," has no decimals: keep "98000" rather than "98000." */
	if (a[an - 1] == ',')
		an--;
	lk_payment__copy(c->m->amount, sizeof c->m->amount, a, an);
	char *comma = strchr(c->m->amount, ',');
	if (comma)
		*comma = '.';
	return 0;
}

static int text(mt *c, const field *f, lk_payment_text_role role)
{
	lk_payment_text *t = lk_payment__add_text(c->m, role, f->tag);
	if (!t)
		return fail(c, f->at, LK_ETOOBIG, "too many text fields");
	for (int i = 0; i < f->n; i++)
		if (lk_payment__append(t->text, sizeof t->text, "\n", f->ln[i], f->len[i]) < 0)
			return fail(c, f->at, LK_ETOOBIG, "field %s too long", f->tag);
	return 0;
}

static int once(mt *c, const field *f, bool *seen, const char *what)
{
	if (*seen)
		return fail(c, f->at, LK_EINVALID, "field %s: a second %s", f->tag, what);
	*seen = true;
	return 0;
}

static int process(mt *c, const field *f)
{
	int rc;
	const char *t = f->tag;
	if (f->n == 0 || (f->n == 1 && f->len[0] == 0))
		return fail(c, f->at, LK_EINVALID, "field %s is empty", t);
	if (strcmp(t, "20") == 0) {
		if ((rc = once(c, f, &c->seen20, "field 20")) < 0)
			return rc;
		return lk_payment__copy(c->m->reference, sizeof c->m->reference, f->ln[0], f->len[0]);
	}
	if (strcmp(t, "32A") == 0)
		return (rc = once(c, f, &c->seen32a, "field 32A")) < 0 ? rc : value(c, f);
	if (strcmp(t, "70") == 0)
		return (rc = once(c, f, &c->seen70, "field 70")) < 0 ? rc :
		       text(c, f, LK_PAYMENT_REMITTANCE);
	if (strcmp(t, "72") == 0)
		return (rc = once(c, f, &c->seen72, "field 72")) < 0 ? rc :
		       text(c, f, LK_PAYMENT_SENDER_TO_RECEIVER);
	if (t[0] == '5' && t[1] == '0' && t[2] != 0)  /* 50A/F/K */
		return (rc = once(c, f, &c->seen50, "ordering customer")) < 0 ? rc :
		       party(c, f, LK_PAYMENT_ORDERING_CUSTOMER);
	if (t[0] == '5' && t[1] == '9')  /* 59, 59A, 59F */
		return (rc = once(c, f, &c->seen59, "beneficiary")) < 0 ? rc :
		       party(c, f, LK_PAYMENT_BENEFICIARY);
	if (strcmp(t, "52A") == 0 || strcmp(t, "52D") == 0)
		return party(c, f, LK_PAYMENT_ORDERING_INSTITUTION);
	if (strcmp(t, "56A") == 0 || strcmp(t, "56D") == 0)
		return party(c, f, LK_PAYMENT_INTERMEDIARY);
	if (strcmp(t, "57A") == 0 || strcmp(t, "57D") == 0)
		return party(c, f, LK_PAYMENT_ACCOUNT_WITH);
	return 0;  /* a valid MT103 field that names no party */
}

/* ":NNa:" at p (line start): the tag into f, the value's first character into *val. */
static int read_tag(mt *c, const char *p, const char *le, field *f, const char **val)
{
	const char *q = p + 1;
	size_t n = 0;
	while (q < le && *q != ':' && n < 4)
		n++, q++;
	if (q >= le || *q != ':' || n < 2 || n > 3 || !isdigit((unsigned char)p[1]) ||
	    !isdigit((unsigned char)p[2]) || (n == 3 && !isupper((unsigned char)p[3])))
		return fail(c, p, LK_EINVALID, "malformed field tag '%.*s' (expected :NN: or :NNa:)",
		            (int)(q < le ? q - p + 1 : le - p), p);
	memset(f, 0, sizeof *f);
	memcpy(f->tag, p + 1, n);
	f->spec = find_spec(f->tag);
	if (!f->spec)
		return fail(c, p, LK_EINVALID, "field tag :%s: is not an MT103 field", f->tag);
	f->at = p;
	*val = q + 1;
	return 0;
}

static int add_line(mt *c, field *f, const char *s, size_t n)
{
	if (f->n >= f->spec->lines)
		return fail(c, s, LK_ETOOBIG, "field %s: more than %d line%s", f->tag, f->spec->lines,
		            f->spec->lines > 1 ? "s" : "");
	if (n > (size_t)f->spec->width)
		return fail(c, s, LK_ETOOBIG, "field %s: line of %zu characters, at most %d", f->tag, n,
		            f->spec->width);
	f->ln[f->n] = s;
	f->len[f->n++] = n;
	return 0;
}

/* Block 4 from p (just after "{4:") to the "-}" terminator; *next is set after it. */
static int block4(mt *c, const char *p, const char *end, const char **next)
{
	field f;
	bool have = false;
	int rc;
	if (p < end && *p == '\r')
		p++;
	if (p >= end || *p != '\n')
		return fail(c, p, LK_EINVALID, "block 4 must start with a line break after '{4:'");
	p++;
	for (;;) {
		if (p >= end)
			return fail(c, p, LK_ETRUNCATED, "block 4 ends without its '-}' terminator");
		if (p + 1 < end && p[0] == '-' && p[1] == '}') {
			*next = p + 2;
			break;
		}
		const char *le = memchr(p, '\n', (size_t)(end - p));
		const char *stop = le ? le : end;
		size_t n = (size_t)(stop - p);
		if (n && p[n - 1] == '\r')
			n--;
		for (size_t i = 0; i < n; i++) {
			unsigned char ch = (unsigned char)p[i];
			if (is_x(ch))
				continue;
			if (ch == '}' || ch == '{')
				return fail(c, p + i, LK_EINVALID, "'%c' inside block 4 (the block must end "
				            "with a line '-}')", ch);
			return fail(c, p + i, LK_EENCODING, "byte 0x%02X is outside the SWIFT X character "
			            "set (MT fields are a subset of ASCII)", ch);
		}
		if (!le)
			return fail(c, end, LK_ETRUNCATED, "block 4 ends without its '-}' terminator");
		if (n == 0) {
			/* blank lines are not in the standard; tolerate them between fields */
		} else if (p[0] == ':') {
			if (have && (rc = process(c, &f)) < 0)
				return rc;
			const char *val = NULL;
			if ((rc = read_tag(c, p, p + n, &f, &val)) < 0)
				return rc;
			have = true;
			if ((rc = add_line(c, &f, val, (size_t)(p + n - val))) < 0)
				return rc;
		} else if (!have) {
			return fail(c, p, LK_EINVALID, "text before the first field tag of block 4");
		} else if ((rc = add_line(c, &f, p, n)) < 0) {
			return rc;
		}
		p = le + 1;
	}
	if (have && (rc = process(c, &f)) < 0)
		return rc;
	return 0;
}

/* Parse the message in [p, end). */
static int message(mt *c, const char *p, const char *end)
{
	bool have4 = false;
	int rc;
	while (p < end) {
		unsigned char ch = (unsigned char)*p;
		if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
			p++;
			continue;
		}
		if (ch != '{') {
			if (ch < 0x20 || ch > 0x7e)
				return fail(c, p, LK_EENCODING, "byte 0x%02X outside a block (FIN messages "
				            "are ASCII)", ch);
			return fail(c, p, LK_EINVALID, "unexpected '%c' outside a block", ch);
		}
		const char *b = p++;
		char id[4] = "";
		size_t n = 0;
		while (p < end && isalnum((unsigned char)*p) && n < 3)
			id[n++] = *p++;
		id[n] = 0;
		if (p >= end || *p != ':' || n == 0)
			return fail(c, b, p >= end ? LK_ETRUNCATED : LK_EINVALID,
			            "malformed block header (expected '{N:')");
		p++;
		if (strcmp(id, "4") == 0) {
			if (have4)
				return fail(c, b, LK_EINVALID, "a second block 4");
			if ((rc = block4(c, p, end, &p)) < 0)
				return rc;
			have4 = true;
			continue;
		}
		/* Other blocks: printable ASCII with nested {tag:value} sub-blocks (3, 5). */
		const char *content = p;
		int depth = 1;
		for (; p < end && depth; p++) {
			ch = (unsigned char)*p;
			if (ch == '{')
				depth++;
			else if (ch == '}')
				depth--;
			else if (ch < 0x20 || ch > 0x7e)
				return fail(c, p, LK_EENCODING, "byte 0x%02X in block %s (FIN headers are "
				            "printable ASCII)", ch, id);
		}
		if (depth)
			return fail(c, b, LK_ETRUNCATED, "block %s is not closed", id);
		/* Block 2: I103... (input) or O103... (output): the message type. */
		if (strcmp(id, "2") == 0 && (p - 1 - content < 4 ||
		                             (content[0] != 'I' && content[0] != 'O') ||
		                             memcmp(content + 1, "103", 3) != 0))
			return fail(c, b, LK_EFORMAT, "block 2 '%.*s' is not an MT103",
			            (int)(p - 1 - content > 20 ? 20 : p - 1 - content), content);
	}
	if (!have4)
		return fail(c, c->start, LK_EINVALID, "no block 4 (text block)");
	const char *missing = !c->seen20 ? "20" : !c->seen32a ? "32A" : !c->seen50 ? "50a" :
	                      !c->seen59 ? "59a" : NULL;
	if (missing)
		return fail(c, c->start, LK_EINVALID, "mandatory field %s is missing", missing);
	return 0;
}

int lk_payment__mt103_next(lk_payment_reader *r, lk_payment *m)
{
	const char *d = r->data, *end = d + r->len;
	const char *p = d + r->pos;
	/* Skip blanks and '$' separators between messages. */
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '$')) {
		r->line += *p == '\n';
		p++;
	}
	if (p >= end) {
		r->pos = r->len;
		return 0;
	}
	/* The message runs to the next '$' or "{1:" (neither can occur inside a message). */
	const char *q = p + 1;
	while (q < end && *q != '$' && !(*q == '{' && q + 2 < end && q[1] == '1' && q[2] == ':'))
		q++;
	m->type = LK_PAYMENT_MT103;
	m->index = ++r->count;
	m->line = r->line;
	m->offset = (long long)(p - d);
	mt c = {.r = r, .m = m, .start = p, .line0 = r->line};
	int rc = message(&c, p, q);
	r->line = line_at(&c, q);
	r->pos = (size_t)(q - d);
	return rc < 0 ? rc : 1;
}
