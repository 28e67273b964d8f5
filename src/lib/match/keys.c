/*
 * keys.c - retrieval keys outside an index (keys.h): the keys index.c posts for an entity's
 * names, written as a compact blob, the blob's reader, and the weighted keys screen.c
 * retrieves with for a query.
 *
 * Why: the monitor keeps its customers' keys in the store and ranks the customers that share
 * keys with a changed list entity the way screen.c ranks indexed names, instead of analysing
 * and indexing every customer in every delta run. The code here repeats the key rules of
 * index.c and screen.c (not their data structures); tests/monitor/test_keys.c holds the blobs
 * against a real index.
 */
#include "match/keys.h"

#include <stdlib.h>
#include <string.h>

#include "lookout/error.h"
#include "lookout/utf8.h"
#include "match_int.h"

#define MAX_QUERY_NAMES 8     /* screen.c */
#define MAX_QUERY_FORMS 16    /* screen.c */
#define MAX_NAME_BYTES 4096   /* screen.c */
#define MAX_FAMILY 8          /* index.c: family hints kept */

/* ---- the index side ---- */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

typedef struct keyvec {
	uint64_t v[MAX_TOKENS * LK_MATCH__TOKEN_KEYS];
	size_t n;
} keyvec;

/* The retrieval keys of one token: canonical (C), every skeleton (P) and, for a primary
 * skeleton of three classes or more, that skeleton with one class deleted (D); titles and
 * legal forms have none. The one rule for both index.c (postings) and the blobs here. */
size_t lk_match__token_keys(uint64_t out[LK_MATCH__TOKEN_KEYS], const wtoken *t)
{
	size_t n = 0;
	if (t->role == ROLE_TITLE || t->role == ROLE_LEGAL)
		return 0;
	out[n++] = lk_match__key_hash(t->canon, 'C');
	for (size_t i = 0; i < t->nskel; i++)
		if (t->skel[i][0])
			out[n++] = lk_match__key_hash(t->skel[i], 'P');
	const char *s = t->skel[0];
	size_t len = strnlen(s, 31);
	if (len >= 3 && t->role != ROLE_NUMBER) {
		char d[32];
		for (size_t i = 0; i < len; i++) {
			if (i > 0 && s[i] == s[i - 1])
				continue;
			memcpy(d, s, i);
			memcpy(d + i, s + i + 1, len - i);
			d[len - 1] = 0;
			out[n++] = lk_match__key_hash(d, 'D');
		}
	}
	return n;
}

static void token_keys(keyvec *k, const wtoken *t)
{
	uint64_t keys[LK_MATCH__TOKEN_KEYS];
	size_t n = lk_match__token_keys(keys, t);
	for (size_t i = 0; i < n && k->n < LK_ARRAY_SIZE(k->v); i++)
		k->v[k->n++] = keys[i];
}

/* The family-name hints of an entity: the transliterated tokens of its lastName values (the
 * one rule for index.c and the blobs here). */
size_t lk_match__family_hints(char hints[][TOKEN_CAP], size_t max, const char *const *last,
                              size_t nlast)
{
	size_t n = 0;
	lk_buf b;
	lk_buf_init(&b, 4096);
	for (size_t v = 0; v < nlast && n < max; v++) {
		lk_buf_clear(&b);
		if (lk_text_latinize(&b, last[v], strlen(last[v]), 0))
			continue;
		const char *s = lk_buf_cstr(&b);
		while (*s && n < max) {
			const char *sp = strchr(s, ' ');
			size_t len = sp ? (size_t)(sp - s) : strlen(s);
			if (len > 0 && len < TOKEN_CAP) {
				memcpy(hints[n], s, len);
				hints[n][len] = 0;
				n++;
			}
			s += len;
			while (*s == ' ')
				s++;
		}
	}
	lk_buf_dispose(&b);
	return n;
}

/* The names kept so far for the entity, as their token texts joined by 0x1f, to drop a
 * reading identical to an earlier one (index.c duplicate_name). */
typedef struct seen {
	lk_buf texts;
	size_t *off;
	size_t n, cap;
} seen;

static int seen_join(lk_buf *b, const wtoken *t, size_t nt)
{
	lk_buf_clear(b);
	for (size_t i = 0; i < nt; i++)
		if ((i > 0 && lk_buf_putc(b, '\x1f') < 0) || lk_buf_puts(b, t[i].text) < 0)
			return LK_ENOMEM;
	return lk_buf_putc(b, '\0') < 0 ? LK_ENOMEM : 0;
}

static bool seen_has(const seen *s, const char *joined)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->texts.ptr + s->off[i], joined) == 0)
			return true;
	return false;
}

static int seen_add(seen *s, const lk_buf *joined)
{
	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 16;
		size_t *no = realloc(s->off, nc * sizeof *no);
		if (!no)
			return LK_ENOMEM;
		s->off = no;
		s->cap = nc;
	}
	s->off[s->n++] = s->texts.len;
	return lk_buf_put(&s->texts, joined->ptr, joined->len) < 0 ? LK_ENOMEM : 0;
}

static int put_group(lk_buf *out, keyvec *k)
{
	if (k->n > 1)
		qsort(k->v, k->n, sizeof k->v[0], cmp_u64);
	size_t w = 0;
	for (size_t i = 0; i < k->n; i++)
		if (w == 0 || k->v[i] != k->v[w - 1])
			k->v[w++] = k->v[i];
	unsigned char hdr[2] = {(unsigned char)(w & 0xff), (unsigned char)(w >> 8)};
	if (lk_buf_put(out, hdr, 2) < 0 || lk_buf_reserve(out, w * 8) < 0)
		return lk_error_set(LK_ENOMEM, "keys: out of memory");
	for (size_t i = 0; i < w; i++) {
		unsigned char b[8];
		for (int j = 0; j < 8; j++)
			b[j] = (unsigned char)(k->v[i] >> (8 * j));
		lk_buf_put(out, b, 8);
	}
	return 0;
}

int lk_match__names_keys(lk_buf *out, lk_schema schema, const char *const *names,
                         size_t nnames, const char *const *last_names, size_t nlast)
{
	char hints[MAX_FAMILY][TOKEN_CAP];
	const char *fam[MAX_FAMILY];
	size_t nfam = lk_match__family_hints(hints, MAX_FAMILY, last_names, nlast);
	for (size_t i = 0; i < nfam; i++)
		fam[i] = hints[i];
	name_kind kind = lk_match__kind(schema);
	const unsigned char hdr[2] = {'K', LK_MATCH__KEYS_VERSION};
	seen sn = {0};
	lk_buf joined;
	lk_buf_init(&sn.texts, 0);
	lk_buf_init(&joined, 0);
	wtoken *toks = malloc(MAX_TOKENS * sizeof *toks);
	keyvec *k = malloc(sizeof *k);
	int ret = 0;
	if (!toks || !k || lk_buf_put(out, hdr, 2) < 0) {
		ret = lk_error_set(LK_ENOMEM, "keys: out of memory");
		goto done;
	}
	for (size_t v = 0; v < nnames; v++) {
		const char *name = names[v];
		if (!name)
			continue;
		size_t len = strlen(name);
		unsigned variants = 1u | lk_text_translit_variants(name, len);
		for (unsigned var = 0; var < LK_TRANSLIT__COUNT; var++) {
			if (!(variants & (1u << var)))
				continue;
			int nt = lk_match__analyse(toks, name, len, (lk_translit)var, kind, fam, nfam);
			if (nt < 0)
				break; /* as index.c: a value the text module cannot read is not indexed */
			if (nt == 0)
				continue;
			if (seen_join(&joined, toks, (size_t)nt) < 0) {
				ret = lk_error_set(LK_ENOMEM, "keys: out of memory");
				goto done;
			}
			if (seen_has(&sn, joined.ptr))
				continue;
			if (seen_add(&sn, &joined) < 0) {
				ret = lk_error_set(LK_ENOMEM, "keys: out of memory");
				goto done;
			}
			k->n = 0;
			for (int i = 0; i < nt; i++)
				token_keys(k, &toks[i]);
			if ((ret = put_group(out, k)) < 0)
				goto done;
		}
	}
done:
	free(toks);
	free(k);
	free(sn.off);
	lk_buf_dispose(&sn.texts);
	lk_buf_dispose(&joined);
	return ret;
}

static bool is_name_prop(lk_prop p)
{
	return p == LK_PROP_NAME || p == LK_PROP_ALIAS || p == LK_PROP_WEAK_ALIAS ||
	       p == LK_PROP_PREVIOUS_NAME;
}

int lk_match__entity_keys(lk_buf *out, const lk_entity *e)
{
	const char **names = malloc((e->nvalues + 1) * sizeof *names);
	const char **last = malloc((e->nvalues + 1) * sizeof *last);
	size_t nn = 0, nl = 0;
	int ret;
	if (!names || !last) {
		ret = lk_error_set(LK_ENOMEM, "keys: out of memory");
	} else {
		for (size_t i = 0; i < e->nvalues; i++) {
			if (is_name_prop(e->values[i].prop))
				names[nn++] = e->values[i].value;
			else if (e->values[i].prop == LK_PROP_LAST_NAME)
				last[nl++] = e->values[i].value;
		}
		ret = lk_match__names_keys(out, e->schema, names, nn, last, nl);
	}
	free(names);
	free(last);
	return ret;
}

int lk_match__keys_open(lk_match__keys_reader *r, const void *blob, size_t len)
{
	const unsigned char *p = blob;
	r->p = r->end = p;
	if (!p || len < 2 || p[0] != 'K' || p[1] != LK_MATCH__KEYS_VERSION)
		return lk_error_set(LK_EINVALID, "keys: not a keys blob of version %d",
		                    LK_MATCH__KEYS_VERSION);
	r->p = p + 2;
	r->end = p + len;
	return 0;
}

int lk_match__keys_next(lk_match__keys_reader *r, const unsigned char **keys, size_t *n)
{
	if (r->p == r->end)
		return 0;
	if (r->end - r->p < 2)
		return lk_error_set(LK_EINVALID, "keys: truncated group header");
	size_t c = (size_t)r->p[0] | (size_t)r->p[1] << 8;
	if (c > LK_MATCH__KEYS_MAX_GROUP)
		return lk_error_set(LK_EINVALID, "keys: a group of %zu keys (at most %d)", c,
		                    LK_MATCH__KEYS_MAX_GROUP);
	if ((size_t)(r->end - r->p - 2) < c * 8)
		return lk_error_set(LK_EINVALID, "keys: truncated group of %zu keys", c);
	*keys = r->p + 2;
	*n = c;
	r->p += 2 + c * 8;
	return 1;
}

uint64_t lk_match__keys_get(const unsigned char *keys, size_t i)
{
	const unsigned char *b = keys + 8 * i;
	uint64_t v = 0;
	for (int j = 7; j >= 0; j--)
		v = v << 8 | b[j];
	return v;
}

/* ---- the query side ---- */

static int push_token(lk_match__qplan *p, uint64_t canon, float weight, uint32_t form)
{
	if (p->ntokens == p->cap_tokens) {
		size_t nc = p->cap_tokens ? p->cap_tokens * 2 : 64;
		lk_match__qtoken *nv = realloc(p->tokens, nc * sizeof *nv);
		if (!nv)
			return lk_error_set(LK_ENOMEM, "keys: out of memory");
		p->tokens = nv;
		p->cap_tokens = nc;
	}
	p->tokens[p->ntokens++] = (lk_match__qtoken){canon, weight, form};
	return 0;
}

static int push_key(lk_match__qplan *p, const char *s, char kind, uint16_t *pos, bool typo,
                    float factor)
{
	if (p->nkeys == p->cap_keys) {
		size_t nc = p->cap_keys ? p->cap_keys * 2 : 256;
		lk_match__qkey *nv = realloc(p->keys, nc * sizeof *nv);
		if (!nv)
			return lk_error_set(LK_ENOMEM, "keys: out of memory");
		p->keys = nv;
		p->cap_keys = nc;
	}
	p->keys[p->nkeys++] = (lk_match__qkey){lk_match__key_hash(s, kind),
	                                       (uint32_t)(p->ntokens - 1), (*pos)++, typo, factor};
	return 0;
}

/* screen.c retrieve(): the keys of one part, strongest first. */
static int part_keys(lk_match__qplan *p, const wtoken *t)
{
	uint16_t pos = 0;
	int ret = push_key(p, t->canon, 'C', &pos, false, 1.0f);
	char keys[LK_TEXT__MAX_SKELETONS][32];
	size_t nk = lk_text__skeletons(keys, t->text, t->len);
	for (size_t k = 0; ret == 0 && k < nk; k++)
		if (keys[k][0])
			ret = push_key(p, keys[k], 'P', &pos, false, 0.8f);
	size_t n = strlen(keys[0]);
	if (ret == 0 && n >= 3 && t->role != ROLE_NUMBER) {
		char d[32];
		ret = push_key(p, keys[0], 'D', &pos, false, 0.5f);
		for (size_t i = 0; ret == 0 && i < n; i++) {
			memcpy(d, keys[0], i);
			memcpy(d + i, keys[0] + i + 1, n - i);
			ret = push_key(p, d, 'P', &pos, true, 0.5f);
			if (ret == 0 && n >= LK_MATCH__SUBST_MIN_CLASSES)
				ret = push_key(p, d, 'D', &pos, true, 0.4f);
		}
	}
	return ret;
}

/* screen.c substantive(). */
static bool substantive(const wtoken *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (w[i].role != ROLE_NUMBER && w[i].role != ROLE_TITLE && w[i].role != ROLE_LEGAL &&
		    w[i].role != ROLE_PARTICLE)
			return true;
	return false;
}

int lk_match__qplan_add(lk_match__qplan *p, const char *const *names, size_t nnames,
                        lk_schema schema)
{
	size_t t0 = p->ntokens, k0 = p->nkeys, f0 = p->nforms;
	name_kind kind = lk_match__kind(schema);
	seen sn = {0};
	lk_buf joined;
	lk_buf_init(&sn.texts, 0);
	lk_buf_init(&joined, 0);
	wtoken *w = malloc(MAX_TOKENS * sizeof *w);
	int ret = w ? 0 : lk_error_set(LK_ENOMEM, "keys: out of memory");
	size_t nf = 0;
	for (size_t i = 0; ret == 0 && i < nnames && i < MAX_QUERY_NAMES; i++) {
		const char *name = names[i];
		if (!name)
			continue;
		size_t len = strlen(name);
		if (len > MAX_NAME_BYTES || !lk_utf8_valid(name, len, NULL)) {
			ret = lk_error_set(LK_EINVALID, "keys: name %zu is too long or not UTF-8", i + 1);
			break;
		}
		unsigned variants = 1u | lk_text_translit_variants(name, len);
		for (unsigned v = 0; ret == 0 && v < LK_TRANSLIT__COUNT && nf < MAX_QUERY_FORMS; v++) {
			if (!(variants & (1u << v)))
				continue;
			int nt = lk_match__analyse(w, name, len, (lk_translit)v, kind, NULL, 0);
			if (nt < 0) {
				ret = nt;
				break;
			}
			if (nt == 0 || !substantive(w, (size_t)nt))
				continue;
			if (seen_join(&joined, w, (size_t)nt) < 0) {
				ret = lk_error_set(LK_ENOMEM, "keys: out of memory");
				break;
			}
			if (seen_has(&sn, joined.ptr))
				continue; /* an earlier form has the same tokens */
			if (seen_add(&sn, &joined) < 0) {
				ret = lk_error_set(LK_ENOMEM, "keys: out of memory");
				break;
			}
			uint32_t form = (uint32_t)(p->nforms + nf);
			for (int t = 0; ret == 0 && t < nt; t++) {
				if (w[t].role == ROLE_TITLE || w[t].role == ROLE_LEGAL)
					continue;
				ret = push_token(p, lk_match__key_hash(w[t].canon, 'C'),
				                 lk_match__role_weight(w[t].role), form);
				if (ret == 0)
					ret = part_keys(p, &w[t]);
			}
			nf++;
		}
	}
	free(w);
	free(sn.off);
	lk_buf_dispose(&sn.texts);
	lk_buf_dispose(&joined);
	if (ret < 0) {
		p->ntokens = t0;
		p->nkeys = k0;
		p->nforms = f0;
		return ret;
	}
	p->nforms += nf;
	return (int)nf;
}

void lk_match__qplan_dispose(lk_match__qplan *p)
{
	if (!p)
		return;
	free(p->tokens);
	free(p->keys);
	memset(p, 0, sizeof *p);
}

float lk_match__key_rarity(size_t df, size_t nnames)
{
	return lk_match__rarity(df, nnames);
}
