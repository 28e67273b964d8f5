/*
 * strmap.h - a hash map from NUL-terminated strings to pointers (open addressing).
 *
 * Keys are copied into the map; values are the caller's. Used to join records by id while
 * parsing (OFAC ent_num, UK Group ID, EU logical id).
 */
#ifndef LOOKOUT_STRMAP_H
#define LOOKOUT_STRMAP_H

#include "common.h"

typedef struct lk_strmap lk_strmap;

/* Create an empty map. NULL if out of memory. Release with lk_strmap_free(). */
LK_EXTERN(lk_strmap *) lk_strmap_new(void);

/* Release the map and its key copies (not the values). NULL is a no-op. */
LK_EXTERN(void) lk_strmap_free(lk_strmap *m);

/* Release the map as lk_strmap_free, after free_value (e.g. free) on every value. NULL is a
 * no-op. */
LK_EXTERN(void) lk_strmap_free_with(lk_strmap *m, void (*free_value)(void *));

/* Insert or replace. Returns 0 or LK_ENOMEM. */
LK_EXTERN(int) lk_strmap_put(lk_strmap *m, const char *key, void *value);

/* The value for key, or NULL. */
LK_EXTERN(void *) lk_strmap_get(const lk_strmap *m, const char *key);

/* Number of keys. */
LK_EXTERN(size_t) lk_strmap_count(const lk_strmap *m);

/*
 * Iterate: start with *iter = 0; returns true and sets *key / *value for each entry, false
 * at the end. The order is unspecified. The map must not change while iterating.
 */
LK_EXTERN(bool) lk_strmap_next(const lk_strmap *m, size_t *iter, const char **key, void **value);

#endif
