/*
 * text_paircache.c - the pairs of parts a thread keeps (text.c decides what is kept and when
 * the map is emptied): the names two adjacent parts share, by the parts' keys.
 *
 * Open addressing on a hash of the keys (the keys are hashes already), which is kept in the
 * slot so that a probe reads no entry but the one it finds. Pairs are looked up for every two
 * adjacent name words: no key string is made.
 */
#include "scan_int.h"
#include "lookout/error.h"

#include <stdlib.h>
#include <string.h>

struct pair_map {
	pair_slot *slot;
	size_t mask;   /* slots - 1 (a power of two) */
	size_t count;
};

pair_map *lk_scan__pairs_new(void)
{
	pair_map *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->slot = calloc(1024, sizeof *m->slot);
	if (!m->slot) {
		free(m);
		return NULL;
	}
	m->mask = 1023;
	return m;
}

void lk_scan__pairs_free(pair_map *m)
{
	if (!m)
		return;
	for (size_t i = 0; i <= m->mask; i++)
		free(m->slot[i].e);
	free(m->slot);
	free(m);
}

size_t lk_scan__pairs_count(const pair_map *m)
{
	return m->count;
}

uint64_t lk_scan__pair_hash(const uint64_t key[PAIR_KEYS])
{
	uint64_t h = 0x9E3779B97F4A7C15u;
	for (size_t x = 0; x < PAIR_KEYS; x++) {
		h = (h ^ key[x]) * 0xBF58476D1CE4E5B9u;
		h ^= h >> 31;
	}
	return h ? h : 1;
}

pair_entry *lk_scan__pairs_get(const pair_map *m, const uint64_t key[PAIR_KEYS], uint64_t h)
{
	for (size_t i = (size_t)h & m->mask; m->slot[i].hash; i = (i + 1) & m->mask)
		if (m->slot[i].hash == h &&
		    memcmp(m->slot[i].e->key, key, PAIR_KEYS * sizeof *key) == 0)
			return m->slot[i].e;
	return NULL;
}

int lk_scan__pairs_put(pair_map *m, pair_entry *e, uint64_t h)
{
	if (2 * (m->count + 1) > m->mask + 1) {
		size_t size = 2 * (m->mask + 1);
		pair_slot *slot = calloc(size, sizeof *slot);
		if (!slot)
			return LK_ENOMEM;
		for (size_t i = 0; i <= m->mask; i++) {
			if (!m->slot[i].hash)
				continue;
			size_t k = (size_t)m->slot[i].hash & (size - 1);
			while (slot[k].hash)
				k = (k + 1) & (size - 1);
			slot[k] = m->slot[i];
		}
		free(m->slot);
		m->slot = slot;
		m->mask = size - 1;
	}
	size_t i = (size_t)h & m->mask;
	while (m->slot[i].hash)
		i = (i + 1) & m->mask;
	m->slot[i] = (pair_slot){h, e};
	m->count++;
	return 0;
}
