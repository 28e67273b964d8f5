/*
 * date.c - partial dates as the official lists write them.
 *
 * Every list has its own habit, and the parsers hand the date text over as found:
 *   UN           "1952-10-07" (DATE), "1952" (YEAR)
 *   EU           "1952-10-07", "1952", "1952 (approximative)"
 *   UK           "07/10/1952" day first, "00/00/1933" and "00/10/1933" for unknown parts
 *   OFAC remarks "07 Oct 1952", "Oct 1952", "1952", "circa 1960", a trailing '.' when the
 *                date ends the remarks, and ranges "1961 to 1963" (split by the caller)
 * plus the usual "7 October 1952", "October 7, 1952", "07.10.1952" and ISO date-times from
 * FtM data. Unknown parts stay unknown: nothing here invents a day or a month, and a date
 * that cannot exist (2001-02-30, month 13) is rejected rather than "corrected". Approximate
 * dates ("circa", "approximately") keep only their year, the only part that is meant.
 */
#include "lookout/entity.h"
#include "lookout/error.h"

#include <string.h>

/* Longer text than this is not a single date. */
#define MAX_DATE_TEXT 64

static const struct {
	const char *name;
	int month;
} month_names[] = {
	{"jan", 1}, {"january", 1}, {"feb", 2}, {"february", 2}, {"mar", 3}, {"march", 3},
	{"apr", 4}, {"april", 4}, {"may", 5}, {"jun", 6}, {"june", 6}, {"jul", 7}, {"july", 7},
	{"aug", 8}, {"august", 8}, {"sep", 9}, {"sept", 9}, {"september", 9}, {"oct", 10},
	{"october", 10}, {"nov", 11}, {"november", 11}, {"dec", 12}, {"december", 12},
};

/* Prefixes and suffixes that mark an approximate date (lower case, compared after folding). */
static const char *const approx_prefixes[] = {
	"circa ", "circa", "c. ", "c.", "ca. ", "ca.", "ca ", "approximately ", "approx. ",
	"approx.", "approx ", "about ", "around ", "~",
};
static const char *const approx_suffixes[] = {
	"(approximative)", "(approximate)", "(approx.)", "(approx)", "(circa)", "approximately",
	"approx.", "(ca.)",
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Validate and store; a day without a month ("07/00/1933") is dropped: it cannot be used. */
static int make_date(lk_date *out, int y, int m, int d)
{
	if (y < 1 || y > 9999 || m < 0 || m > 12 || d < 0 || d > 31)
		return LK_EINVALID;
	if (m == 0)
		d = 0;
	if (d > 0 && d > days_in_month(y, m))
		return LK_EINVALID;
	out->year = y;
	out->month = m;
	out->day = d;
	return 0;
}

/* Read min_w..max_w digits at *p, not followed by another digit; -1 if not there. */
static int read_num(const char **p, int min_w, int max_w)
{
	const char *s = *p;
	int v = 0, w = 0;
	while (w < max_w && is_digit(s[w])) {
		v = v * 10 + (s[w] - '0');
		w++;
	}
	if (w < min_w || is_digit(s[w]))
		return -1;
	*p = s + w;
	return v;
}

static int month_from_word(const char *w, size_t n)
{
	if (n > 0 && w[n - 1] == '.')
		n--; /* "Sept." */
	for (size_t i = 0; i < LK_ARRAY_SIZE(month_names); i++)
		if (strlen(month_names[i].name) == n && strncmp(month_names[i].name, w, n) == 0)
			return month_names[i].month;
	return 0;
}

/* ISO: YYYY, YYYY-MM, YYYY-MM-DD (00 for unknown parts), a time after a full date ignored;
 * also YYYY/MM/DD. */
static int parse_iso(lk_date *out, const char *s)
{
	int y = read_num(&s, 4, 4), m = 0, d = 0;
	if (y < 0)
		return LK_EINVALID;
	if (*s == '-' || *s == '/') {
		/* Month and day may lack their leading zero ("1969-7-16"), as spreadsheets and
		 * hand-typed queries write them; they are still year-first. */
		char sep = *s++;
		if ((m = read_num(&s, 1, 2)) < 0)
			return LK_EINVALID;
		if (*s == sep) {
			s++;
			if ((d = read_num(&s, 1, 2)) < 0)
				return LK_EINVALID;
			/* FtM date-times: "2024-03-14T10:00:00"; only a time may follow */
			if ((*s == 't' || *s == ' ') && is_digit(s[1]) && is_digit(s[2]) &&
			    s[3] == ':' && strspn(s + 1, "0123456789:.+-z ") == strlen(s + 1))
				s += strlen(s);
		}
	}
	return *s ? LK_EINVALID : make_date(out, y, m, d);
}

/* Day first with '/', '.' or '-': "07/10/1952", "7.10.1952", "00/00/1933". */
static int parse_dmy(lk_date *out, const char *s)
{
	int d = read_num(&s, 1, 2);
	if (d < 0 || (*s != '/' && *s != '.' && *s != '-'))
		return LK_EINVALID;
	char sep = *s++;
	int m = read_num(&s, 1, 2);
	if (m < 0 || *s++ != sep)
		return LK_EINVALID;
	int y = read_num(&s, 4, 4);
	if (y < 0 || *s)
		return LK_EINVALID;
	return make_date(out, y, m, d);
}

/* Words: "07 oct 1952", "oct 1952", "7 october 1952", "october 7, 1952", "7th oct 1952". */
static int parse_words(lk_date *out, const char *s)
{
	const char *tok[4];
	size_t len[4];
	size_t n = 0;
	while (*s) {
		while (*s == ' ' || *s == ',')
			s++;
		if (!*s)
			break;
		if (n == 4)
			return LK_EINVALID;
		tok[n] = s;
		while (*s && *s != ' ' && *s != ',')
			s++;
		len[n] = (size_t)(s - tok[n]);
		n++;
	}
	int y = -1, m = 0, d = 0;
	for (size_t i = 0; i < n; i++) {
		const char *t = tok[i];
		size_t k = len[i];
		int mm = month_from_word(t, k);
		if (mm) {
			if (m)
				return LK_EINVALID;
			m = mm;
			continue;
		}
		size_t digits = 0;
		while (digits < k && is_digit(t[digits]))
			digits++;
		if (digits == 4 && k == 4 && y < 0) {
			y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 +
			    (t[3] - '0');
			continue;
		}
		const char *suf = t + digits;
		bool ordinal = k == digits + 2 &&
		               (strncmp(suf, "st", 2) == 0 || strncmp(suf, "nd", 2) == 0 ||
		                strncmp(suf, "rd", 2) == 0 || strncmp(suf, "th", 2) == 0);
		if ((digits == 1 || digits == 2) && (k == digits || ordinal) && d == 0 && y < 0) {
			d = t[0] - '0';
			if (digits == 2)
				d = d * 10 + (t[1] - '0');
			if (d == 0)
				return LK_EINVALID;
			continue;
		}
		return LK_EINVALID;
	}
	/* a day needs its month: "07 1952" is not a date */
	if (y < 0 || (d && !m))
		return LK_EINVALID;
	return make_date(out, y, m, d);
}

static bool strip_prefix(char *s, const char *prefix)
{
	size_t n = strlen(prefix);
	if (strncmp(s, prefix, n) != 0)
		return false;
	memmove(s, s + n, strlen(s + n) + 1);
	return true;
}

static bool strip_suffix(char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	if (n < k || strcmp(s + n - k, suffix) != 0)
		return false;
	s[n - k] = 0;
	return true;
}

/* Trim white space and the punctuation that ends a remark ("1952." "1952;"). */
static void trim(char *s)
{
	size_t n = strlen(s), i = 0;
	while (n > 0 && strchr(" \t\r\n.,;", s[n - 1]))
		n--;
	s[n] = 0;
	while (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')
		i++;
	memmove(s, s + i, n - i + 1);
}

int lk_date_parse(lk_date *out, const char *text)
{
	char s[MAX_DATE_TEXT + 1];
	lk_date d;
	if (!text)
		return LK_EINVALID;
	size_t n = strlen(text);
	if (n == 0 || n > MAX_DATE_TEXT)
		return LK_EINVALID;
	/* fold to lower-case ASCII; white space of any kind becomes one space */
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		char c = text[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		else if (c == '\t' || c == '\r' || c == '\n')
			c = ' ';
		if (c == ' ' && o > 0 && s[o - 1] == ' ')
			continue;
		s[o++] = c;
	}
	s[o] = 0;
	trim(s);
	bool approx = false;
	for (size_t i = 0; i < LK_ARRAY_SIZE(approx_suffixes); i++)
		if (strip_suffix(s, approx_suffixes[i])) {
			approx = true;
			trim(s);
			break;
		}
	for (size_t i = 0; i < LK_ARRAY_SIZE(approx_prefixes); i++)
		if (strip_prefix(s, approx_prefixes[i])) {
			approx = true;
			trim(s);
			break;
		}
	if (!s[0])
		return LK_EINVALID;
	int rc;
	if (is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3]))
		rc = parse_iso(&d, s);
	else
		rc = LK_EINVALID;
	if (rc != 0 && is_digit(s[0]))
		rc = parse_dmy(&d, s);
	if (rc != 0)
		rc = parse_words(&d, s);
	if (rc != 0)
		return LK_EINVALID;
	if (approx)
		d.month = d.day = 0;
	*out = d;
	return 0;
}

/* Write v (0 <= v < 10^width) as exactly width digits. */
static char *put_digits(char *p, int v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

const char *lk_date_format(const lk_date *d, char buf[11])
{
	int y = d->year < 0 ? 0 : d->year > 9999 ? 9999 : d->year;
	int m = d->month < 0 || d->month > 12 ? 0 : d->month;
	int day = m == 0 || d->day < 0 || d->day > 31 ? 0 : d->day;
	char *p = put_digits(buf, y, 4);
	if (m) {
		*p++ = '-';
		p = put_digits(p, m, 2);
		if (day) {
			*p++ = '-';
			p = put_digits(p, day, 2);
		}
	}
	*p = 0;
	return buf;
}

const char *lk_date_normalize(const char *text, char buf[11])
{
	lk_date d;
	if (lk_date_parse(&d, text) != 0)
		return NULL;
	return lk_date_format(&d, buf);
}
