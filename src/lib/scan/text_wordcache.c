/*
 * text_wordcache.c - the analysed words a thread keeps (text.c decides what is kept and when
 * the map is emptied): each word's analysis packed behind its bytes as written, in an
 * open-addressing map on those bytes.
 */
#include "scan_int.h"
#include "lookout/error.h"
#include "lookout/hash.h"
#include "lookout/strmap.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* The thread's analysed words: open addressing on the word's bytes, the key kept in the entry
 * (one memory access for the slot, one for the entry, where a string map takes three). */
typedef struct word_slot {
	uint64_t hash;
	struct word_entry *e;      /* NULL: empty */
} word_slot;

struct word_map {
	word_slot *slots;
	size_t cap, count;         /* cap a power of two, count at most half of it */
};

uint64_t lk_scan__word_hash(const char *k, size_t n)
{
	return lk_hash64(k, n, 0x5CA7);
}

word_map *lk_scan__words_new(void)
{
	word_map *m = calloc(1, sizeof *m);
	if (m && !(m->slots = calloc(m->cap = 1024, sizeof *m->slots))) {
		free(m);
		m = NULL;
	}
	return m;
}

size_t lk_scan__words_count(const word_map *m)
{
	return m->count;
}

void lk_scan__word_entries_free(lk_strmap *m)
{
	size_t it = 0;
	const char *k;
	void *v;
	while (m && lk_strmap_next(m, &it, &k, &v)) {
		word_entry *e = v;
		free(e->prefixes);
		free(e);
	}
	lk_strmap_free(m);
}

/*
 * A form as kept: its string with the NUL, its part count, exact and linked, the keys and
 * skeleton keys of its parts (not of the SCAN_MAX_PARTS it has room for: nothing reads past
 * nparts), then its canonical spelling with the NUL. A form of one or two parts takes some
 * fifty bytes so, where the scan_form takes 368: the words a thread keeps are read back
 * from memory all the time (most words of a text were seen before), and fewer bytes miss the
 * caches less. Every field of scan_form is written here; the assertions below fail if one is
 * added.
 */
_Static_assert(offsetof(scan_form, nparts) == SCAN_FORM_CAP &&
                   offsetof(scan_form, exact) == offsetof(scan_form, nparts) + 1 &&
                   offsetof(scan_form, key) <= offsetof(scan_form, exact) + 8 &&
                   offsetof(scan_form, skel) ==
                       offsetof(scan_form, key) + SCAN_MAX_PARTS * sizeof(uint64_t) &&
                   offsetof(scan_form, linked) ==
                       offsetof(scan_form, skel) + SCAN_MAX_PARTS * 2 * sizeof(uint64_t) &&
                   offsetof(scan_form, canon) == offsetof(scan_form, linked) + 1 &&
                   sizeof(scan_form) < offsetof(scan_form, canon) + TOKEN_CAP + 8,
               "scan_form has a field text_wordcache.c does not keep");

/* Length of a form's canonical spelling (NUL-terminated within TOKEN_CAP). */
static size_t canon_len(const scan_form *f)
{
	size_t n = 0;
	while (n + 1 < TOKEN_CAP && f->canon[n])
		n++;
	return n;
}

static size_t form_size(const scan_form *f)
{
	size_t np = f->nparts <= SCAN_MAX_PARTS ? f->nparts : SCAN_MAX_PARTS;
	return strlen(f->s) + 1 + 2 + np * 3 * sizeof(uint64_t) + canon_len(f) + 1;
}

static unsigned char *put_form(unsigned char *p, const scan_form *f)
{
	size_t sl = strlen(f->s) + 1, np = f->nparts <= SCAN_MAX_PARTS ? f->nparts : SCAN_MAX_PARTS,
	       cl = canon_len(f);
	memcpy(p, f->s, sl);
	p += sl;
	*p++ = (unsigned char)np;
	*p++ = (unsigned char)((f->exact ? 1u : 0u) | (f->linked ? 2u : 0u));
	for (size_t i = 0; i < np; i++, p += sizeof(uint64_t))
		memcpy(p, &f->key[i], sizeof(uint64_t));
	for (size_t i = 0; i < np; i++, p += 2 * sizeof(uint64_t)) {
		memcpy(p, &f->skel[i][0], sizeof(uint64_t));
		memcpy(p + sizeof(uint64_t), &f->skel[i][1], sizeof(uint64_t));
	}
	memcpy(p, f->canon, cl);
	p[cl] = 0;
	return p + cl + 1;
}

static const unsigned char *get_form(const unsigned char *p, scan_form *f)
{
	size_t sl = strlen((const char *)p) + 1;
	memcpy(f->s, p, sl);
	p += sl;
	size_t np = *p++;
	f->nparts = (uint8_t)np;
	f->exact = *p & 1u;
	f->linked = (*p++ & 2u) != 0;
	/* (key by key: a memcpy of np * 8 bytes is compiled to a rep movs, slow to start) */
	for (size_t i = 0; i < np; i++, p += sizeof(uint64_t))
		memcpy(&f->key[i], p, sizeof(uint64_t));
	for (size_t i = 0; i < np; i++, p += 2 * sizeof(uint64_t)) {
		memcpy(&f->skel[i][0], p, sizeof(uint64_t));
		memcpy(&f->skel[i][1], p + sizeof(uint64_t), sizeof(uint64_t));
	}
	size_t cl = strlen((const char *)p) + 1;
	memcpy(f->canon, p, cl);
	return p + cl;
}

/* Bytes of a word_entry holding w with a key of klen bytes. */
static size_t entry_size(const scan_word *w, size_t klen)
{
	size_t size = offsetof(word_entry, w) + klen + offsetof(scan_word, form);
	for (size_t i = 0; i < w->nforms; i++)
		size += form_size(&w->form[i]);
	return size;
}

void lk_scan__word_entry_load(scan_word *x, const word_entry *e)
{
	size_t start = x->start, n = x->end - x->start;
	bool hyphen = x->hyphen_prev;
	const unsigned char *p = e->w + e->klen;
	memcpy(x, p, offsetof(scan_word, form));
	p += offsetof(scan_word, form);
	for (size_t i = 0; i < e->nforms; i++)
		p = get_form(p, &x->form[i]);
	x->nforms = e->nforms;
	x->start = start;
	x->end = start + e->len;
	x->raw_end = start + n;
	x->hyphen_prev = hyphen;
}

word_entry *lk_scan__word_entry_new(const scan_word *x, const char *key, size_t klen)
{
	size_t size = entry_size(x, klen);
	word_entry *e = malloc(size);
	if (!e)
		return NULL;
	e->prefixes = NULL;
	e->nprefixes = 0;
	e->bytes = size;
	e->nforms = x->nforms;
	e->klen = (uint8_t)klen;
	e->len = x->end - x->start;
	unsigned char *p = e->w;
	memcpy(p, key, klen);
	p += klen;
	memcpy(p, x, offsetof(scan_word, form));
	p += offsetof(scan_word, form);
	for (size_t i = 0; i < x->nforms; i++)
		p = put_form(p, &x->form[i]);
	return e;
}

word_entry *lk_scan__words_get(const word_map *m, const char *k, size_t n, uint64_t h)
{
	for (size_t i = (size_t)h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		word_entry *e = m->slots[i].e;
		if (!e)
			return NULL;
		if (m->slots[i].hash == h && e->klen == n && memcmp(e->w, k, n) == 0)
			return e;
	}
}

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

void lk_scan__words_prefetch(const word_map *m, uint64_t h, int stage)
{
	size_t i = (size_t)h & (m->cap - 1);
	if (stage == 0) {
		PREFETCH(&m->slots[i]);
		return;
	}
	/* the first few slots of the probe (most words are found in the first) */
	for (size_t k = 0; k < 4; k++, i = (i + 1) & (m->cap - 1)) {
		const word_entry *e = m->slots[i].e;
		if (!e)
			return;
		if (m->slots[i].hash == h) {
			PREFETCH(e);
			PREFETCH((const char *)e + 64);
			return;
		}
	}
}

int lk_scan__words_put(word_map *m, word_entry *e, uint64_t h)
{
	if ((m->count + 1) * 2 > m->cap) {
		size_t cap = m->cap * 2;
		word_slot *slots = calloc(cap, sizeof *slots);
		if (!slots)
			return LK_ENOMEM;
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->slots[i].e)
				continue;
			size_t j = (size_t)m->slots[i].hash & (cap - 1);
			while (slots[j].e)
				j = (j + 1) & (cap - 1);
			slots[j] = m->slots[i];
		}
		free(m->slots);
		m->slots = slots;
		m->cap = cap;
	}
	size_t i = (size_t)h & (m->cap - 1);
	while (m->slots[i].e)
		i = (i + 1) & (m->cap - 1);
	m->slots[i].hash = h;
	m->slots[i].e = e;
	m->count++;
	return 0;
}

void lk_scan__words_free(word_map *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].e) {
			free(m->slots[i].e->prefixes);
			free(m->slots[i].e);
		}
	free(m->slots);
	free(m);
}
