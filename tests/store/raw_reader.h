/*
 * raw_reader.h - an independent reader of the raw list files for the acceptance diff tests
 * (test_diff_real.c): a whole-file RFC 4180 CSV reader that decodes Windows-1252 and
 * normalises fields only as the entity model documents (whitespace, OFAC's "-0-"), and
 * per-key sets of strings to compare groups of raw rows. It shares no code with the
 * library's CSV reader or parsers on purpose: it is what the diffs are checked against.
 */
#ifndef LK_TESTS_STORE_RAW_READER_H
#define LK_TESTS_STORE_RAW_READER_H

#include <stdlib.h>
#include <string.h>

#include "lk_test.h"

/* ---- the raw files: an independent CSV reader ---- */

typedef struct rec {
	char **f;
	size_t n;
} rec;

typedef struct table {
	rec *r;
	size_t n, cap;
} table;

/* Windows-1252 0x80..0x9F (0 where undefined); 0xA0..0xFF are Latin-1. */
static const unsigned short cp1252_hi[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
	0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static inline bool utf8_ok(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned c = s[i];
		size_t k = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
		if (k == 0 || i + k > n || (k == 2 && c < 0xC2))
			return false;
		for (size_t j = 1; j < k; j++)
			if ((s[i + j] & 0xC0) != 0x80)
				return false;
		i += k;
	}
	return true;
}

/* A field as UTF-8 (kept if valid, else read as Windows-1252), whitespace (including
 * U+00A0) collapsed and trimmed, and OFAC's "-0-" as empty. malloc'd. */
static inline char *norm_field(const char *s, size_t n)
{
	char *u = malloc(n * 3 + 1), *o = malloc(n * 3 + 1);
	assert_true(u && o);
	size_t un = 0;
	if (utf8_ok((const unsigned char *)s, n)) {
		memcpy(u, s, n);
		un = n;
	} else {
		for (size_t i = 0; i < n; i++) {
			unsigned c = (unsigned char)s[i];
			unsigned cp = c >= 0x80 && c < 0xA0 ? cp1252_hi[c - 0x80] : c;
			un += lk_test_put_utf8(u + un, cp ? cp : 0xFFFD);
		}
	}
	size_t on = 0;
	bool space = false;
	for (size_t i = 0; i < un; i++) {
		bool ws = u[i] == ' ' || u[i] == '\t' || u[i] == '\r' || u[i] == '\n';
		bool nbsp = i + 1 < un && (unsigned char)u[i] == 0xC2 && (unsigned char)u[i + 1] == 0xA0;
		if (ws || nbsp) {
			space = on > 0;
			i += nbsp;
			continue;
		}
		if (space)
			o[on++] = ' ';
		space = false;
		o[on++] = u[i];
	}
	o[on] = '\0';
	free(u);
	if (strcmp(o, "-0-") == 0)
		o[0] = '\0';
	return o;
}

/* Read a whole CSV file: RFC 4180 quoting, CRLF or LF, and a last line that is only the
 * Ctrl-Z end-of-file byte (OFAC) is not a record. */
static inline void read_csv(table *t, const char *path)
{
	size_t len;
	char *d = lk_test_read_file(path, &len);
	memset(t, 0, sizeof *t);
	char *fld = malloc(len + 1);
	assert_non_null(fld);
	size_t fn = 0, i = 0;
	rec cur = {0};
	size_t fcap = 0;
	bool quoted = false, any = false;
	while (i <= len) {
		char c = i < len ? d[i] : '\n';
		bool at_end = i == len;
		i++;
		if (quoted) {
			if (c == '"' && i < len && d[i] == '"') {
				fld[fn++] = '"';
				i++;
			} else if (c == '"') {
				quoted = false;
			} else if (!at_end) {
				fld[fn++] = c;
			}
			if (!at_end)
				continue;
		}
		if (c == '"' && !at_end) {
			quoted = true;
			any = true;
			continue;
		}
		if (c == '\r' && i < len && d[i] == '\n')
			continue;
		if (c == ',' || c == '\n' || c == '\r') {
			if (cur.n == fcap) {
				fcap = fcap ? fcap * 2 : 32;
				cur.f = realloc(cur.f, fcap * sizeof *cur.f);
				assert_non_null(cur.f);
			}
			cur.f[cur.n++] = norm_field(fld, fn);
			fn = 0;
			if (c == ',')
				continue;
			bool blank = cur.n == 1 && ((!any && cur.f[0][0] == '\0') ||
			                            strcmp(cur.f[0], "\x1a") == 0);
			if (blank) {
				free(cur.f[0]);
				free(cur.f);
			} else {
				if (t->n == t->cap) {
					t->cap = t->cap ? t->cap * 2 : 1024;
					t->r = realloc(t->r, t->cap * sizeof *t->r);
					assert_non_null(t->r);
				}
				t->r[t->n++] = cur;
			}
			memset(&cur, 0, sizeof cur);
			fcap = 0;
			any = false;
			if (at_end)
				break;
			continue;
		}
		fld[fn++] = c;
		any = true;
	}
	free(cur.f);
	free(fld);
	free(d);
}

static inline void table_free(table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		for (size_t j = 0; j < t->r[i].n; j++)
			free(t->r[i].f[j]);
		free(t->r[i].f);
	}
	free(t->r);
}

/* Fields [from, to) of a record joined with 0x1F. malloc'd. */
static inline char *join(const rec *r, size_t from, size_t to)
{
	size_t len = 1;
	for (size_t i = from; i < to && i < r->n; i++)
		len += strlen(r->f[i]) + 1;
	char *s = malloc(len);
	assert_non_null(s);
	s[0] = '\0';
	for (size_t i = from; i < to && i < r->n; i++) {
		if (i > from)
			strcat(s, "\x1f");
		strcat(s, r->f[i]);
	}
	return s;
}

/* ---- per-key sets of strings ---- */

typedef struct kv {
	char *key;
	char *val;
} kv;

typedef struct kvs {
	kv *v;
	size_t n, cap;
} kvs;

/* Add (key, val); takes ownership of val. */
static inline void kvs_add(kvs *m, const char *key, char *val)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 1024;
		m->v = realloc(m->v, m->cap * sizeof *m->v);
		assert_non_null(m->v);
	}
	m->v[m->n].key = strdup(key);
	m->v[m->n].val = val;
	m->n++;
}

static inline int kv_cmp(const void *a, const void *b)
{
	const kv *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : strcmp(x->val, y->val);
}

static inline int kv_key_cmp(const void *k, const void *b)
{
	return strcmp(k, ((const kv *)b)->key);
}

/* Turn the pairs into one entry per key whose value is the key's distinct values, sorted,
 * joined with 0x1E: two keys' value *sets* are then equal iff the strings are. */
static inline void kvs_canon(kvs *m)
{
	if (m->n == 0)
		return;
	qsort(m->v, m->n, sizeof *m->v, kv_cmp);
	size_t out = 0;
	for (size_t i = 0; i < m->n;) {
		size_t j = i, len = 1;
		for (; j < m->n && strcmp(m->v[j].key, m->v[i].key) == 0; j++)
			len += strlen(m->v[j].val) + 1;
		char *s = malloc(len);
		assert_non_null(s);
		s[0] = '\0';
		for (size_t k = i; k < j; k++) {
			if (k > i && strcmp(m->v[k].val, m->v[k - 1].val) == 0)
				continue;
			if (k > i)
				strcat(s, "\x1e");
			strcat(s, m->v[k].val);
		}
		for (size_t k = i; k < j; k++) {
			free(m->v[k].val);
			if (k > i)
				free(m->v[k].key);
		}
		m->v[out].key = m->v[i].key;
		m->v[out].val = s;
		out++;
		i = j;
	}
	m->n = out;
}

static inline const char *kvs_get(const kvs *m, const char *key)
{
	if (m->n == 0)
		return NULL;
	const kv *e = bsearch(key, m->v, m->n, sizeof *m->v, kv_key_cmp);
	return e ? e->val : NULL;
}

static inline void kvs_free(kvs *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].key);
		free(m->v[i].val);
	}
	free(m->v);
	memset(m, 0, sizeof *m);
}

/* Equal value sets for key in a and b (absent counts as empty). */
static inline bool same(const kvs *a, const kvs *b, const char *key)
{
	const char *x = kvs_get(a, key), *y = kvs_get(b, key);
	return strcmp(x ? x : "", y ? y : "") == 0;
}

#endif
