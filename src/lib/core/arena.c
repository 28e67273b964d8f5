/*
 * arena.c - bump allocation in chunks, released all at once.
 *
 * A parsed list version allocates hundreds of thousands of small strings; an arena makes that
 * cheap and makes freeing a version one call. Large requests get a chunk of their own so that
 * the bump chunks stay small.
 */
#include "lookout/arena.h"
#include "lookout/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_SIZE (64u * 1024u)
#define ALIGN 16u

struct chunk {
	struct chunk *next;
	size_t size;
	size_t used;
	_Alignas(16) unsigned char data[];
};

struct lk_arena {
	struct chunk *head;
	size_t used;
	size_t max;
};

lk_arena *lk_arena_new(size_t max_bytes)
{
	lk_arena *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	a->max = max_bytes;
	return a;
}

void lk_arena_free(lk_arena *a)
{
	if (!a)
		return;
	struct chunk *c = a->head;
	while (c) {
		struct chunk *next = c->next;
		free(c);
		c = next;
	}
	free(a);
}

static struct chunk *new_chunk(size_t size)
{
	struct chunk *c = malloc(sizeof *c + size);
	if (!c)
		return NULL;
	c->next = NULL;
	c->size = size;
	c->used = 0;
	return c;
}

void *lk_arena_alloc(lk_arena *a, size_t n)
{
	if (n == 0)
		n = 1;
	size_t need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (need < n) {
		lk_error_set(LK_ETOOBIG, "arena: allocation of %zu bytes overflows", n);
		return NULL;
	}
	if (a->max && (need > a->max || a->used > a->max - need)) {
		lk_error_set(LK_ETOOBIG, "arena: limit of %zu bytes reached", a->max);
		return NULL;
	}
	struct chunk *c = a->head;
	if (!c || c->size - c->used < need) {
		if (need > CHUNK_SIZE / 4) {
			/* A big block gets its own chunk, linked behind the current one so that the
			 * current chunk's free space is not abandoned. */
			struct chunk *big = new_chunk(need);
			if (!big) {
				lk_error_set(LK_ENOMEM, "arena: out of memory (%zu bytes)", need);
				return NULL;
			}
			big->used = need;
			if (c) {
				big->next = c->next;
				c->next = big;
			} else {
				a->head = big;
			}
			a->used += need;
			memset(big->data, 0, need);
			return big->data;
		}
		c = new_chunk(CHUNK_SIZE);
		if (!c) {
			lk_error_set(LK_ENOMEM, "arena: out of memory");
			return NULL;
		}
		c->next = a->head;
		a->head = c;
	}
	void *p = c->data + c->used;
	c->used += need;
	a->used += need;
	memset(p, 0, need);
	return p;
}

char *lk_arena_strndup(lk_arena *a, const char *s, size_t n)
{
	char *p = lk_arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *lk_arena_strdup(lk_arena *a, const char *s)
{
	return s ? lk_arena_strndup(a, s, strlen(s)) : NULL;
}

char *lk_arena_printf(lk_arena *a, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *p = NULL;
	if (n >= 0 && (p = lk_arena_alloc(a, (size_t)n + 1)))
		vsnprintf(p, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	return p;
}

void *lk_arena_grow(lk_arena *a, void *old, size_t old_n, size_t new_n, size_t elem)
{
	if (new_n && elem > SIZE_MAX / new_n) {
		lk_error_set(LK_ETOOBIG, "arena: array of %zu x %zu bytes overflows", new_n, elem);
		return NULL;
	}
	void *p = lk_arena_alloc(a, new_n * elem);
	if (p && old && old_n)
		memcpy(p, old, (old_n < new_n ? old_n : new_n) * elem);
	return p;
}

size_t lk_arena_used(const lk_arena *a)
{
	return a->used;
}
