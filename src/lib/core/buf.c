/*
 * buf.c - growable, NUL-terminated byte buffers with a hard maximum.
 */
#include "lookout/buf.h"
#include "lookout/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void lk_buf_init(lk_buf *b, size_t max)
{
	b->ptr = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max ? max : SIZE_MAX / 2;
}

void lk_buf_dispose(lk_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

void lk_buf_clear(lk_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = 0;
}

int lk_buf_reserve(lk_buf *b, size_t n)
{
	if (b->max == 0)
		b->max = SIZE_MAX / 2;
	if (n > b->max || b->len > b->max - n)
		return lk_error_set(LK_ETOOBIG, "buffer limit of %zu bytes exceeded", b->max);
	size_t need = b->len + n + 1;
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	char *p = realloc(b->ptr, cap);
	if (!p)
		return lk_error_set(LK_ENOMEM, "out of memory growing a buffer to %zu bytes", cap);
	b->ptr = p;
	b->cap = cap;
	return 0;
}

int lk_buf_put(lk_buf *b, const void *data, size_t n)
{
	int rc = lk_buf_reserve(b, n);
	if (rc)
		return rc;
	if (n)
		memcpy(b->ptr + b->len, data, n);
	b->len += n;
	b->ptr[b->len] = 0;
	return 0;
}

int lk_buf_puts(lk_buf *b, const char *s)
{
	return lk_buf_put(b, s, strlen(s));
}

int lk_buf_putc(lk_buf *b, char c)
{
	if (b->len + 1 < b->cap && b->len < b->max) {
		b->ptr[b->len++] = c;
		b->ptr[b->len] = 0;
		return 0;
	}
	return lk_buf_put(b, &c, 1);
}

int lk_buf_vprintf(lk_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return lk_error_set(LK_EINVALID, "bad format string");
	int rc = lk_buf_reserve(b, (size_t)n);
	if (rc)
		return rc;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int lk_buf_printf(lk_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = lk_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

const char *lk_buf_cstr(const lk_buf *b)
{
	return b->ptr ? b->ptr : "";
}

char *lk_buf_detach(lk_buf *b)
{
	char *p = b->ptr;
	if (!p)
		p = calloc(1, 1);
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

void lk_buf_truncate(lk_buf *b, size_t n)
{
	if (n < b->len) {
		b->len = n;
		b->ptr[n] = 0;
	}
}
