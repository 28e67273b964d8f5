/*
 * strmap.c - string-keyed hash map with open addressing and linear probing.
 *
 * Parsers join rows by id (OFAC ent_num across sdn/alt/add, UK rows by Group ID); this map
 * keeps that O(1). Keys are copied; load factor stays under 0.7.
 */
#include "lookout/strmap.h"
#include "lookout/hash.h"
#include "lookout/error.h"

#include <stdlib.h>
#include <string.h>

struct slot {
	char *key; /* NULL: empty */
	uint64_t hash;
	void *value;
};

struct lk_strmap {
	struct slot *slots;
	size_t cap; /* power of two */
	size_t count;
};

lk_strmap *lk_strmap_new(void)
{
	lk_strmap *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->cap = 64;
	m->slots = calloc(m->cap, sizeof *m->slots);
	if (!m->slots) {
		free(m);
		return NULL;
	}
	return m;
}

void lk_strmap_free(lk_strmap *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	free(m);
}

void lk_strmap_free_with(lk_strmap *m, void (*free_value)(void *))
{
	if (!m)
		return;
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].key)
			free_value(m->slots[i].value);
	lk_strmap_free(m);
}

static size_t find_slot(const struct slot *slots, size_t cap, const char *key, uint64_t h)
{
	size_t i = (size_t)h & (cap - 1);
	while (slots[i].key && (slots[i].hash != h || strcmp(slots[i].key, key) != 0))
		i = (i + 1) & (cap - 1);
	return i;
}

static int grow(lk_strmap *m)
{
	size_t cap = m->cap * 2;
	struct slot *s = calloc(cap, sizeof *s);
	if (!s)
		return lk_error_set(LK_ENOMEM, "strmap: out of memory");
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->slots[i].key)
			continue;
		size_t j = find_slot(s, cap, m->slots[i].key, m->slots[i].hash);
		s[j] = m->slots[i];
	}
	free(m->slots);
	m->slots = s;
	m->cap = cap;
	return 0;
}

int lk_strmap_put(lk_strmap *m, const char *key, void *value)
{
	if ((m->count + 1) * 10 > m->cap * 7) {
		int rc = grow(m);
		if (rc)
			return rc;
	}
	uint64_t h = lk_hash_str(key);
	size_t i = find_slot(m->slots, m->cap, key, h);
	if (m->slots[i].key) {
		m->slots[i].value = value;
		return 0;
	}
	char *k = strdup(key);
	if (!k)
		return lk_error_set(LK_ENOMEM, "strmap: out of memory");
	m->slots[i].key = k;
	m->slots[i].hash = h;
	m->slots[i].value = value;
	m->count++;
	return 0;
}

void *lk_strmap_get(const lk_strmap *m, const char *key)
{
	uint64_t h = lk_hash_str(key);
	size_t i = find_slot(m->slots, m->cap, key, h);
	return m->slots[i].key ? m->slots[i].value : NULL;
}

size_t lk_strmap_count(const lk_strmap *m)
{
	return m->count;
}

bool lk_strmap_next(const lk_strmap *m, size_t *iter, const char **key, void **value)
{
	while (*iter < m->cap) {
		const struct slot *s = &m->slots[(*iter)++];
		if (s->key) {
			if (key)
				*key = s->key;
			if (value)
				*value = s->value;
			return true;
		}
	}
	return false;
}
