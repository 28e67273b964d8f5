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

/* Bytes of a word_entry holding w with a key of klen bytes. */
static size_t entry_size(const scan_word *w, size_t klen)
{
	size_t size = offsetof(word_entry, w) + klen + offsetof(scan_word, form);
	for (size_t i = 0; i < w->nforms; i++)
		size += strlen(w->form[i].s) + 1 + (sizeof(scan_form) - FORM_REST);
	return size;
}

/* (What follows the NUL of a form's string is not kept: nothing reads it.) */
void lk_scan__word_entry_load(scan_word *x, const word_entry *e)
{
	size_t start = x->start, n = x->end - x->start;
	bool hyphen = x->hyphen_prev;
	const unsigned char *p = e->w + e->klen;
	memcpy(x, p, offsetof(scan_word, form));
	p += offsetof(scan_word, form);
	for (size_t i = 0; i < e->nforms; i++) {
		size_t sl = strlen((const char *)p) + 1;
		memcpy(x->form[i].s, p, sl);
		p += sl;
		memcpy((char *)&x->form[i] + FORM_REST, p, sizeof(scan_form) - FORM_REST);
		p += sizeof(scan_form) - FORM_REST;
	}
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
	for (size_t i = 0; i < x->nforms; i++) {
		size_t sl = strlen(x->form[i].s) + 1;
		memcpy(p, x->form[i].s, sl);
		p += sl;
		memcpy(p, (const char *)&x->form[i] + FORM_REST, sizeof(scan_form) - FORM_REST);
		p += sizeof(scan_form) - FORM_REST;
	}
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
