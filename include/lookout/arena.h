/*
 * arena.h - a bump allocator: many small allocations released in one call.
 *
 * Every parsed list version lives in one arena (its entities, values and strings), so a
 * version is freed with lk_arena_free(). Allocations are 16-byte aligned. An arena can be
 * given a hard maximum size so that untrusted input cannot make it grow without bound.
 */
#ifndef LOOKOUT_ARENA_H
#define LOOKOUT_ARENA_H

#include "common.h"

typedef struct lk_arena lk_arena;

/*
 * Create an arena. max_bytes caps the total allocated (0: no cap). Returns NULL if out of
 * memory. Release with lk_arena_free().
 */
LK_EXTERN(lk_arena *) lk_arena_new(size_t max_bytes);

/* Release the arena and everything allocated from it. lk_arena_free(NULL) is a no-op. */
LK_EXTERN(void) lk_arena_free(lk_arena *a);

/*
 * Allocate n bytes (zeroed). Returns NULL and records LK_ENOMEM or LK_ETOOBIG if the
 * allocation fails or would pass the cap. The memory belongs to the arena.
 */
LK_EXTERN(void *) lk_arena_alloc(lk_arena *a, size_t n);

/* Copy a NUL-terminated string (NULL in, NULL out). */
LK_EXTERN(char *) lk_arena_strdup(lk_arena *a, const char *s);

/* Copy n bytes of s and terminate them. */
LK_EXTERN(char *) lk_arena_strndup(lk_arena *a, const char *s, size_t n);

/* Format into arena memory. */
LK_EXTERN(char *) lk_arena_printf(lk_arena *a, const char *fmt, ...) LK_PRINTF(2, 3);

/*
 * Grow an array held in the arena: returns a block of new_n elements of size elem with the
 * first old_n copied from old (which may be NULL when old_n is 0). The old block is abandoned
 * (it is reclaimed with the arena). Use geometric growth.
 */
LK_EXTERN(void *) lk_arena_grow(lk_arena *a, void *old, size_t old_n, size_t new_n, size_t elem);

/* Bytes handed out so far (for statistics and the cap). */
LK_EXTERN(size_t) lk_arena_used(const lk_arena *a);

#endif
