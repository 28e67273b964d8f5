/*
 * buf.h - growable byte buffers with a hard maximum.
 *
 * A caller-provided lk_buf is set up with lk_buf_init() and released with lk_buf_dispose().
 * Every append fails with LK_ETOOBIG instead of growing past max, so a buffer that grows on
 * untrusted input is always bounded. The contents are kept NUL-terminated.
 */
#ifndef LOOKOUT_BUF_H
#define LOOKOUT_BUF_H

#include "common.h"
#include <stdarg.h>

typedef struct lk_buf {
	char *ptr;   /* contents, NUL-terminated once anything was appended ("" otherwise) */
	size_t len;  /* bytes used, not counting the NUL */
	size_t cap;  /* bytes allocated */
	size_t max;  /* hard maximum of len (0: SIZE_MAX/2) */
} lk_buf;

#define LK_BUF_INIT {NULL, 0, 0, 0}

/* Set up an empty buffer whose length may not exceed max (0: effectively unlimited). */
LK_EXTERN(void) lk_buf_init(lk_buf *b, size_t max);

/* Free the contents; the buffer may be reused after lk_buf_init(). */
LK_EXTERN(void) lk_buf_dispose(lk_buf *b);

/* Make the buffer empty without freeing its memory. */
LK_EXTERN(void) lk_buf_clear(lk_buf *b);

/* Ensure room for n more bytes (plus NUL). LK_ETOOBIG past max, LK_ENOMEM on failure. */
LK_EXTERN(int) lk_buf_reserve(lk_buf *b, size_t n);

LK_EXTERN(int) lk_buf_put(lk_buf *b, const void *data, size_t n);
LK_EXTERN(int) lk_buf_puts(lk_buf *b, const char *s);
LK_EXTERN(int) lk_buf_putc(lk_buf *b, char c);
LK_EXTERN(int) lk_buf_printf(lk_buf *b, const char *fmt, ...) LK_PRINTF(2, 3);
LK_EXTERN(int) lk_buf_vprintf(lk_buf *b, const char *fmt, va_list ap);

/* The contents as a C string; "" for an empty buffer. Borrowed. */
LK_EXTERN(const char *) lk_buf_cstr(const lk_buf *b);

/* Take ownership of the contents (malloc'd; free() it) and leave the buffer empty. */
LK_EXTERN(char *) lk_buf_detach(lk_buf *b);

/* Remove trailing bytes so that len becomes n (n <= len). */
LK_EXTERN(void) lk_buf_truncate(lk_buf *b, size_t n);

#endif
