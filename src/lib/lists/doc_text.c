/*
 * doc_text.c - splitting enumerated text fields and finding document numbers in prose
 * (see doc_text.h).
 *
 * The UK consolidated list writes "1) Saudi Arabia 2) Qatar" in one Nationality cell and
 * "Passport No: 592667 (Qatari passport issued on 3 May 2007)." in Passport Details; the
 * same habits appear in UN and EU remarks. The rules here were derived from the shapes that
 * occur in the real UK files (2014, 2018): keyword-led numbers ("No.", "number", "no:"),
 * bare leading numbers ("G123456 (Tunisian). Issued on ..."), and dates or years that must
 * not be mistaken for numbers ("issued on 8.11.2005").
 */
#include "doc_text.h"

#include <ctype.h>
#include <string.h>

static bool is_sp(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Length of an enumeration marker at s[i], or 0. */
static size_t marker_len(const char *s, size_t i)
{
	if (i > 0) {
		char p = s[i - 1];
		if (!is_sp(p) && !strchr(",;.:-)", p))
			return 0;
	}
	size_t j = i;
	bool paren = false;
	if (s[j] == '(') {
		paren = true;
		j++;
	}
	size_t k = j;
	if (isdigit((unsigned char)s[k])) {
		while (k < j + 2 && isdigit((unsigned char)s[k]))
			k++;
	} else if (s[k] >= 'a' && s[k] <= 'z') {
		k++;
	} else {
		return 0;
	}
	if (s[k] != ')')
		return 0;
	/* "a)" without its opening parenthesis must not be the end of a word. */
	if (!paren && i > 0 && isalnum((unsigned char)s[i - 1]))
		return 0;
	return k + 1 - i;
}

static int emit_trimmed(const char *s, size_t n, lk_lists__part_fn fn, void *ctx)
{
	while (n > 0 && (is_sp(*s) || strchr(",;-", *s))) {
		s++;
		n--;
	}
	while (n > 0 && (is_sp(s[n - 1]) || strchr(",;-", s[n - 1])))
		n--;
	if (n == 0)
		return 0;
	return fn(ctx, s, n);
}

int lk_lists__split_enum(const char *s, lk_lists__part_fn fn, void *ctx)
{
	size_t start = 0, i = 0;
	int rc;
	while (s[i]) {
		size_t m = marker_len(s, i);
		if (m) {
			if ((rc = emit_trimmed(s + start, i - start, fn, ctx)))
				return rc;
			i += m;
			start = i;
		} else {
			i++;
		}
	}
	return emit_trimmed(s + start, i - start, fn, ctx);
}

/* ---- document numbers ---- */

typedef struct doc_ctx {
	lk_lists__doc_fn fn;
	void *ctx;
} doc_ctx;

static bool tok_char(char c)
{
	return isalnum((unsigned char)c) || c == '-';
}

static bool word_eq(const char *s, size_t n, const char *w)
{
	size_t wn = strlen(w);
	if (n != wn)
		return false;
	for (size_t i = 0; i < n; i++)
		if (tolower((unsigned char)s[i]) != w[i])
			return false;
	return true;
}

static bool is_keyword(const char *s, size_t n)
{
	static const char *const kw[] = {"no", "nr", "number", "num", "passport", "#"};
	for (size_t i = 0; i < LK_ARRAY_SIZE(kw); i++)
		if (word_eq(s, n, kw[i]))
			return true;
	return false;
}

static size_t count_digits(const char *s, size_t n)
{
	size_t d = 0;
	for (size_t i = 0; i < n; i++)
		if (isdigit((unsigned char)s[i]))
			d++;
	return d;
}

/* A plain year (1800..2099) is a date, never a document number. */
static bool is_year(const char *s, size_t n)
{
	if (n != 4 || count_digits(s, n) != 4)
		return false;
	return (s[0] == '1' && s[1] >= '8') || (s[0] == '2' && s[1] == '0');
}

static bool contains_ci(const char *s, size_t n, const char *w)
{
	size_t wn = strlen(w);
	for (size_t i = 0; i + wn <= n; i++) {
		size_t j = 0;
		while (j < wn && tolower((unsigned char)s[i + j]) == w[j])
			j++;
		if (j == wn)
			return true;
	}
	return false;
}

static bool says_identity(const char *s, size_t n)
{
	static const char *const w[] = {"identity", "identification", "national id", "id card",
	                                "civil id", "id no"};
	for (size_t i = 0; i < LK_ARRAY_SIZE(w); i++)
		if (contains_ci(s, n, w[i]))
			return true;
	return false;
}

/* Next token in s[*pos..n): a run of letters, digits and '-' (trimmed of '-'), or '#'. */
static bool next_token(const char *s, size_t n, size_t *pos, const char **tok, size_t *tlen)
{
	size_t i = *pos;
	for (;;) {
		while (i < n && !tok_char(s[i]) && s[i] != '#')
			i++;
		if (i >= n) {
			*pos = n;
			return false;
		}
		if (s[i] == '#') {
			*tok = s + i;
			*tlen = 1;
			*pos = i + 1;
			return true;
		}
		size_t b = i;
		while (i < n && tok_char(s[i]))
			i++;
		size_t e = i;
		while (b < e && s[b] == '-')
			b++;
		while (e > b && s[e - 1] == '-')
			e--;
		if (e > b) {
			*tok = s + b;
			*tlen = e - b;
			*pos = i;
			return true;
		}
	}
}

static int doc_part(void *vctx, const char *s, size_t n)
{
	doc_ctx *dc = vctx;
	bool id_like = says_identity(s, n);
	const char *tok, *prev = NULL;
	size_t tlen, prevlen = 0, pos = 0;
	bool after_kw = false, found = false;
	int rc;

	while (next_token(s, n, &pos, &tok, &tlen)) {
		if (after_kw && tlen >= 3 && tlen <= 30 && count_digits(tok, tlen) > 0 &&
		    !(prev && prevlen == tlen && memcmp(prev, tok, tlen) == 0)) {
			if ((rc = dc->fn(dc->ctx, tok, tlen, id_like)))
				return rc;
			prev = tok;
			prevlen = tlen;
			found = true;
		}
		after_kw = is_keyword(tok, tlen);
	}
	if (found)
		return 0;
	pos = 0;
	while (next_token(s, n, &pos, &tok, &tlen)) {
		if (tlen <= 30 && count_digits(tok, tlen) >= 4 && !is_year(tok, tlen))
			return dc->fn(dc->ctx, tok, tlen, id_like);
	}
	return 0;
}

int lk_lists__doc_numbers(const char *s, lk_lists__doc_fn fn, void *ctx)
{
	doc_ctx dc = {fn, ctx};
	return lk_lists__split_enum(s, doc_part, &dc);
}
