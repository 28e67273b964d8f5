/*
 * detect_map.c - the detector's hash map: 64-bit keys (an MMSI, a pair of MMSIs, an IMO
 * number) to indexes into dense arrays. Open addressing with linear probing; removals leave
 * tombstones, and the table is rebuilt when live entries and tombstones fill 70 % of it, so
 * that a long stream of vessels coming and going keeps it small.
 */
#include <stdlib.h>

#include "lookout/error.h"
#include "detect_int.h"

#define MAP_EMPTY UINT32_MAX
#define MAP_TOMB (UINT32_MAX - 1)

static size_t slot_of(uint64_t key, size_t cap)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdULL;  /* the MurmurHash3 finaliser */
	key ^= key >> 33;
	return (size_t)key & (cap - 1);
}

void lk_ais__map_prefetch(const lk_ais__map *m, uint64_t key)
{
	if (m->cap)
		__builtin_prefetch(&m->s[slot_of(key, m->cap)]);
}

uint32_t lk_ais__map_get(const lk_ais__map *m, uint64_t key)
{
	if (m->cap == 0)
		return LK_AIS__MAP_NONE;
	for (size_t i = slot_of(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
		if (m->s[i].val == MAP_EMPTY)
			return LK_AIS__MAP_NONE;
		if (m->s[i].val != MAP_TOMB && m->s[i].key == key)
			return m->s[i].val;
	}
}

static int rebuild(lk_ais__map *m, size_t ncap, size_t *bytes)
{
	lk_ais__slot *ns = malloc(ncap * sizeof(*ns));
	if (!ns)
		return lk_error_set(LK_ENOMEM, "ais detect: out of memory");
	for (size_t i = 0; i < ncap; i++)
		ns[i].val = MAP_EMPTY;
	for (size_t i = 0; i < m->cap; i++) {
		if (m->s[i].val >= MAP_TOMB)
			continue;
		size_t j = slot_of(m->s[i].key, ncap);
		while (ns[j].val != MAP_EMPTY)
			j = (j + 1) & (ncap - 1);
		ns[j] = m->s[i];
	}
	if (bytes)
		*bytes = *bytes + ncap * sizeof(*ns) - m->cap * sizeof(*ns);
	free(m->s);
	m->s = ns;
	m->cap = ncap;
	m->tombs = 0;
	return 0;
}

int lk_ais__map_put(lk_ais__map *m, uint64_t key, uint32_t val, size_t *bytes)
{
	if ((m->n + m->tombs + 1) * 10 > m->cap * 7) {
		size_t ncap = m->cap ? m->cap : 1024;
		while ((m->n + 1) * 10 > ncap * 4)  /* after a rebuild: at most 40 % full */
			ncap *= 2;
		int rc = rebuild(m, ncap, bytes);
		if (rc < 0)
			return rc;
	}
	size_t tomb = SIZE_MAX;
	for (size_t i = slot_of(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
		if (m->s[i].val == MAP_EMPTY) {
			if (tomb != SIZE_MAX) {
				i = tomb;
				m->tombs--;
			}
			m->s[i].key = key;
			m->s[i].val = val;
			m->n++;
			return 0;
		}
		if (m->s[i].val == MAP_TOMB) {
			if (tomb == SIZE_MAX)
				tomb = i;
		} else if (m->s[i].key == key) {
			m->s[i].val = val;
			return 0;
		}
	}
}

void lk_ais__map_del(lk_ais__map *m, uint64_t key)
{
	if (m->cap == 0)
		return;
	for (size_t i = slot_of(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
		if (m->s[i].val == MAP_EMPTY)
			return;
		if (m->s[i].val != MAP_TOMB && m->s[i].key == key) {
			m->s[i].val = MAP_TOMB;
			m->n--;
			m->tombs++;
			return;
		}
	}
}

void lk_ais__map_free(lk_ais__map *m)
{
	free(m->s);
	m->s = NULL;
	m->cap = m->n = m->tombs = 0;
}
