/*
 * un_text.c - taking apart the prose inside UN list fields (see un_text.h).
 *
 * Everything here follows what the real files contain. ALIAS_NAME: the 2016 list packs
 * several names into one field ("Mohammad Bakr Zolqadr; Mohammad Bakr Zolkadr", once with a
 * stray "b)" enumerator); names come with their original script or acronym in parentheses
 * ("Jin Tiesan (金铁三)", "Al-Qaida in Yemen (AQY)", "Abubakar (original script: Абубакар)"),
 * with remarks ("(birth name)", ", born in Kandahar on 01 Jan.1967", "(previously listed as)"),
 * and one HTS alias nests a whole list in parentheses, which a split on ';' leaves with
 * parentheses opened and never closed. NUMBER: about fifty numbers are written as sentences
 * ("Russian foreign travel passport number 514448632", "Libya B/002210").
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "lookout/common.h"
#include "lookout/utf8.h"
#include "un_text.h"

typedef struct walk {
	lk_un_name_fn fn;
	void *ctx;
} walk;

/* ---- alias names ---- */

/* Remove one pair of surrounding quotes ("KOMID") in place. */
static char *unquote(char *s)
{
	size_t n = strlen(s);
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s[n - 1] = 0;
		s++;
	}
	return s;
}

/*
 * True if s[0..n) has a letter outside the Latin and Greek ranges (Cyrillic, Arabic, CJK,
 * Hangul...): a name in its original script. Punctuation such as ’ does not count.
 */
static bool has_non_latin(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		i += lk_utf8_decode(s + i, n - i, &cp);
		if (cp >= 0x400 && !(cp >= 0x1E00 && cp <= 0x1EFF) && !(cp >= 0x2000 && cp <= 0x2BFF) &&
		    cp != 0xFFFD)
			return true;
	}
	return false;
}

/* An acronym given after a name: "Al-Qaida in Yemen (AQY)". */
static bool is_acronym(const char *s, size_t n)
{
	size_t upper = 0;
	if (n < 2 || n > 12)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isupper(c))
			upper++;
		else if (!isdigit(c) && c != '-' && c != '&' && c != '.')
			return false;
	}
	return upper >= 2;
}

/* Trim spaces and trailing ",;" and a stray unmatched outer parenthesis, then emit. */
static int emit(const walk *w, char *s, const char *remark, bool previous)
{
	size_t n;
	while (*s == ' ' || *s == '(')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == ',' || s[n - 1] == ';' ||
	             (s[n - 1] == ')' && !strchr(s, '('))))
		s[--n] = 0;
	while (remark && *remark == ' ')
		remark++;
	return w->fn(w->ctx, unquote(s), remark && *remark ? remark : NULL, previous);
}

#define UN_ALIAS_EXTRA 6

/*
 * One alias piece. ALIAS_NAME is free text in places, and what surrounds the name is
 * sorted out here: "a) " enumerators; a "(previously listed as)" suffix (previousName); a
 * remark in parentheses or after ", born" ("Encep Nurjaman (birth name)"), passed as remark;
 * names in another script or acronyms in parentheses ("Jin Tiesan (金铁三)", "Al-Qaida in
 * Yemen (AQY)", "(original script: Абубакар)"), emitted as names of their own; and a
 * parenthesis left open by an earlier split on ';' ("حسن غول (Hassan Ghul").
 */
static int piece(const walk *w, char *s, bool previous, const char *remark, int depth)
{
	static const char *const former[] = {"(previously listed as)", "(formerly listed as)"};
	static const char *const born_marks[] = {", born", " born in ", " born on "};
	char *extra[UN_ALIAS_EXTRA];
	size_t nextra = 0, n;
	int rc;

	while (*s == ' ')
		s++;
	if (isalpha((unsigned char)s[0]) && s[1] == ')' && s[2] == ' ')
		s += 3;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == ','))
		s[--n] = 0;
	for (size_t i = 0; i < LK_ARRAY_SIZE(former); i++) {
		size_t fl = strlen(former[i]);
		if (n >= fl && strcasecmp(s + n - fl, former[i]) == 0) {
			s[n - fl] = 0;
			previous = true;
			break;
		}
	}
	for (size_t i = 0; i < LK_ARRAY_SIZE(born_marks); i++) {
		char *born = strstr(s, born_marks[i]);
		if (born && born > s) {
			*born = 0;
			remark = born + (born[0] == ',' ? 2 : 1);
			break;
		}
	}
	/* A leading "(Sheikh) Musa Hilal": the parenthesis is a remark. */
	if (s[0] == '(') {
		char *close = strchr(s, ')');
		if (close && close[1]) {
			*close = 0;
			if (!remark)
				remark = s + 1;
			s = close + 1;
		}
	}
	/* Trailing groups, innermost last: "Name (HTS) (هيئة)". */
	for (;;) {
		n = strlen(s);
		while (n && s[n - 1] == ' ')
			s[--n] = 0;
		if (!n || s[n - 1] != ')')
			break;
		int level = 0;
		char *open = NULL;
		for (char *q = s + n - 1; q >= s; q--) {
			level += *q == ')' ? 1 : *q == '(' ? -1 : 0;
			if (level == 0) {
				open = q;
				break;
			}
		}
		if (!open || open == s)
			break;
		char *inner = open + 1;
		size_t inner_len = (size_t)(s + n - 1 - inner);
		s[n - 1] = 0;
		*open = 0;
		bool label = strncasecmp(inner, "original script", 15) == 0;
		if (label && inner[15] == ':') {
			inner += 16;
			inner_len -= 16;
			label = false;
		}
		/* another script on one side of the parenthesis: both are names */
		bool script = !label && has_non_latin(inner, inner_len) != has_non_latin(s, strlen(s));
		if ((script || is_acronym(inner, inner_len)) && nextra < UN_ALIAS_EXTRA)
			extra[nextra++] = inner;
		else if (!remark)
			remark = inner;
	}
	/* A parenthesis opened and never closed: two names around it. */
	char *stack[16];
	size_t top = 0;
	for (char *q = s; *q; q++) {
		if (*q == '(' && top < LK_ARRAY_SIZE(stack))
			stack[top++] = q;
		else if (*q == ')' && top)
			top--;
	}
	if (top && stack[top - 1] > s && nextra < UN_ALIAS_EXTRA) {
		*stack[top - 1] = 0;
		extra[nextra++] = stack[top - 1] + 1;
	}
	/* The left part may itself carry groups once the open parenthesis is cut off. */
	if (top && depth < 4 && strchr(s, '('))
		rc = piece(w, s, previous, remark, depth + 1);
	else
		rc = emit(w, s, remark, previous);
	for (size_t i = 0; rc >= 0 && i < nextra; i++)
		rc = emit(w, extra[i], remark, previous);
	return rc < 0 ? rc : 0;
}

int lk_un__alias_names(char *text, lk_un_name_fn fn, void *ctx)
{
	walk w = {fn, ctx};
	int rc = 0;
	char *p = text;
	while (p && *p) {
		char *end = p + strcspn(p, ";");
		/* an enumerator inside a piece: " b) " starts a new name */
		for (char *q = p; q + 3 < end; q++) {
			if (q[0] == ' ' && isalpha((unsigned char)q[1]) && q[2] == ')' && q[3] == ' ') {
				end = q;
				break;
			}
		}
		char save = *end;
		*end = 0;
		rc = piece(&w, p, false, NULL, 0);
		*end = save;
		if (rc < 0)
			return rc;
		p = *end ? end + 1 : NULL;
	}
	return 0;
}

/* ---- document numbers ---- */

/*
 * A word of prose around a number: no digit, three letters or more of which one is lower case
 * ("passport", "Libya"; not a code such as "TR-P"), or ending in ':'.
 */
static bool is_prose_word(const char *w, size_t n)
{
	size_t letters = 0;
	bool lower = false;
	for (size_t i = 0; i < n; i++) {
		if (isdigit((unsigned char)w[i]))
			return false;
		if (isalpha((unsigned char)w[i]) || (unsigned char)w[i] >= 0x80)
			letters++;
		lower |= islower((unsigned char)w[i]) || (unsigned char)w[i] >= 0x80;
	}
	return (letters >= 3 && lower) || (n && w[n - 1] == ':');
}

/* A number marker before the number itself: "no. D00000898", "No: 123". */
static char *skip_number_marker(char *s)
{
	static const char *const markers[] = {"no. ", "no: ", "no ", "nr. ", "number "};
	for (size_t i = 0; i < LK_ARRAY_SIZE(markers); i++) {
		size_t n = strlen(markers[i]);
		if (strncasecmp(s, markers[i], n) == 0 && s[n])
			return s + n;
	}
	return s;
}

static bool has_digit(const char *s)
{
	for (; *s; s++)
		if (isdigit((unsigned char)*s))
			return true;
	return false;
}

char *lk_un__doc_number(char *s)
{
	char *cut = strstr(s, " (");
	if (cut && cut > s) {
		*cut = 0;
		if (!has_digit(s))
			*cut = ' ';
	}
	cut = strchr(s, ',');
	if (cut) {
		*cut = 0;
		if (!has_digit(s))
			*cut = ',';
	}
	char *after = NULL;
	for (char *w = s; *w;) {
		while (*w == ' ')
			w++;
		size_t n = strcspn(w, " ");
		if (n && is_prose_word(w, n))
			after = w + n;
		w += n;
	}
	if (after) {
		while (*after == ' ')
			after++;
		after = skip_number_marker(after);
		if (*after && has_digit(after))
			return after;
	}
	return has_digit(s) ? s : NULL;
}
