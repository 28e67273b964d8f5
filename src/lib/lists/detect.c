/*
 * detect.c - recognise a list file's format from its first bytes, never from its name.
 *
 * XML lists are told apart by their root element; JSON lines by a leading object; CSV lists by
 * their header (EU "Date_file", UK "Last Updated"/"Name 6") or, for OFAC's header-less files,
 * by an integer ent_num in the first field and the number of fields in the first record, which
 * also tells the file's role in the set (12 primary, 6 address, 5 alias, 2 comments).
 */
#include "lookout/lists.h"

#include <ctype.h>
#include <string.h>

struct fmt_desc {
	const char *name, *source, *desc;
};

static const struct fmt_desc formats[] = {
#define LK__FMT_DESC(e, s, src, d) {s, src, d},
	LK_FORMAT_MAP(LK__FMT_DESC)
#undef LK__FMT_DESC
};

const char *lk_format_name(lk_format f)
{
	return (unsigned)f < LK_FORMAT__COUNT ? formats[f].name : "unknown";
}

const char *lk_format_description(lk_format f)
{
	return (unsigned)f < LK_FORMAT__COUNT ? formats[f].desc : "unrecognised";
}

const char *lk_format_default_source(lk_format f)
{
	return (unsigned)f < LK_FORMAT__COUNT ? formats[f].source : "unknown";
}

/* Name of the first element in an XML head (prefix stripped) into out. */
static bool xml_root(const char *s, size_t len, char *out, size_t outlen)
{
	size_t i = 0;
	while (i < len) {
		const char *lt = memchr(s + i, '<', len - i);
		if (!lt)
			return false;
		i = (size_t)(lt - s) + 1;
		if (i >= len)
			return false;
		if (s[i] == '?' || s[i] == '!')
			continue; /* declaration, comment, DOCTYPE */
		size_t start = i;
		while (i < len && !isspace((unsigned char)s[i]) && s[i] != '>' && s[i] != '/')
			i++;
		const char *name = s + start;
		size_t n = i - start;
		const char *colon = memchr(name, ':', n);
		if (colon) {
			n -= (size_t)(colon + 1 - name);
			name = colon + 1;
		}
		if (n == 0 || n >= outlen)
			return false;
		memcpy(out, name, n);
		out[n] = 0;
		return true;
	}
	return false;
}

/* Fields in the first CSV record of head (quote-aware), or 0 if it does not end in head. */
static size_t first_record_fields(const char *s, size_t len, char sep)
{
	size_t fields = 1;
	bool q = false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (q) {
			if (c == '"') {
				if (i + 1 < len && s[i + 1] == '"')
					i++;
				else
					q = false;
			}
		} else if (c == '"') {
			q = true;
		} else if (c == sep) {
			fields++;
		} else if (c == '\n' || c == '\r') {
			return fields;
		}
	}
	return len > 0 && !q ? fields : 0;
}

static bool starts_with_ci(const char *s, size_t len, const char *p)
{
	size_t n = strlen(p);
	if (len < n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (tolower((unsigned char)s[i]) != tolower((unsigned char)p[i]))
			return false;
	return true;
}

static bool line_contains(const char *s, size_t len, const char *needle)
{
	const char *nl = memchr(s, '\n', len);
	size_t n = nl ? (size_t)(nl - s) : len;
	size_t m = strlen(needle);
	for (size_t i = 0; i + m <= n; i++)
		if (memcmp(s + i, needle, m) == 0)
			return true;
	return false;
}

lk_format lk_format_detect(const char *head, size_t len, lk_ofac_role *role)
{
	if (role)
		*role = LK_OFAC_NONE;
	if (len >= 3 && (unsigned char)head[0] == 0xEF && (unsigned char)head[1] == 0xBB &&
	    (unsigned char)head[2] == 0xBF) {
		head += 3;
		len -= 3;
	}
	size_t i = 0;
	while (i < len && isspace((unsigned char)head[i]))
		i++;
	head += i;
	len -= i;
	if (len == 0)
		return LK_FORMAT_UNKNOWN;

	if (head[0] == '<') {
		char root[64];
		if (!xml_root(head, len, root, sizeof root))
			return LK_FORMAT_UNKNOWN;
		if (strcmp(root, "CONSOLIDATED_LIST") == 0)
			return LK_FORMAT_UN_XML;
		if (strcmp(root, "sdnList") == 0)
			return LK_FORMAT_OFAC_XML;
		if (strcmp(root, "WHOLE") == 0)
			return LK_FORMAT_EU_XML_LEGACY;
		if (strcmp(root, "export") == 0)
			return LK_FORMAT_EU_XML;
		return LK_FORMAT_UNKNOWN;
	}
	if (head[0] == '{')
		return LK_FORMAT_FTM_JSON;

	const char *h = head;
	size_t hl = len;
	if (h[0] == '"') {
		h++;
		hl--;
	}
	if (starts_with_ci(h, hl, "Date_file") && line_contains(h, hl, ";"))
		return LK_FORMAT_EU_CSV;
	/* UK: "Last Updated,dd/mm/yyyy" then the header; the 2020 export adds an empty first
	 * column, so the header may start with a comma. */
	const char *u = h;
	size_t ul = hl;
	while (ul && *u == ',') {
		u++;
		ul--;
	}
	if (starts_with_ci(u, ul, "Last Updated,") ||
	    (starts_with_ci(u, ul, "Name 6,") && line_contains(u, ul, "Group ID")))
		return LK_FORMAT_UK_CSV;

	/* OFAC: header-less; an integer ent_num, then the role's fields. */
	size_t d = 0;
	while (d < len && isdigit((unsigned char)head[d]))
		d++;
	if (d > 0 && d < len && head[d] == ',') {
		lk_ofac_role r = LK_OFAC_NONE;
		switch (first_record_fields(head, len, ',')) {
		case 12: r = LK_OFAC_PRIMARY; break;
		case 6: r = LK_OFAC_ADDRESS; break;
		case 5: r = LK_OFAC_ALIAS; break;
		case 2: r = LK_OFAC_COMMENTS; break;
		default: return LK_FORMAT_UNKNOWN;
		}
		if (role)
			*role = r;
		return LK_FORMAT_OFAC_CSV;
	}
	return LK_FORMAT_UNKNOWN;
}
