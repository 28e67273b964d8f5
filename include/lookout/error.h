/*
 * error.h - Lookout's error model.
 *
 * Functions return 0 on success and a negative lk_error_code on the few expected failures.
 * The details of the most recent failure on this thread are kept in a thread-local record,
 * read with lk_error_last(): a one-line message that says what and where
 * ("ofac_csv: sdn.csv: line 1234: 13 fields, expected 12").
 *
 * Codes come from one X-macro table (LK_ERROR_MAP) that also yields lk_strerror() and the CLI's
 * exit codes. Never renumber a code; retired codes keep their number.
 */
#ifndef LOOKOUT_ERROR_H
#define LOOKOUT_ERROR_H

#include "common.h"

/* X(name, value, exit code for the CLI, description) */
#define LK_ERROR_MAP(X)                                                          \
	X(OK, 0, 0, "success")                                                       \
	X(ERROR, -1, 1, "unexpected error")                                          \
	X(ENOMEM, -2, 70, "out of memory")                                           \
	X(EINVALID, -3, 65, "invalid input")                                         \
	X(ENOTFOUND, -4, 3, "not found")                                             \
	X(ETOOBIG, -5, 65, "input exceeds a limit")                                  \
	X(EIO, -6, 74, "input/output error")                                         \
	X(EFORMAT, -7, 65, "unrecognised or unsupported format")                     \
	X(EEXISTS, -8, 4, "already exists")                                          \
	X(ESTORE, -9, 75, "store error")                                             \
	X(EINCOMPLETE, -10, 66, "incomplete input set")                              \
	X(EUSAGE, -11, 2, "invalid usage")                                           \
	X(EENCODING, -12, 65, "invalid character encoding")                          \
	X(ETRUNCATED, -13, 65, "input is truncated")                                 \
	X(EBUSY, -14, 75, "resource busy")

typedef enum lk_error_code {
#define LK__ERR_ENUM(name, value, exitcode, desc) LK_##name = value,
	LK_ERROR_MAP(LK__ERR_ENUM)
#undef LK__ERR_ENUM
} lk_error_code;

/* Details of the last error on this thread. */
typedef struct lk_error {
	int code;            /* an lk_error_code */
	char message[1024];  /* one line, including where ("file: line N: ...") */
	char path[512];      /* the input file concerned, or "" */
	long line;           /* 1-based line in that file, or 0 if unknown */
	long long offset;    /* byte offset in that file, or -1 if unknown */
} lk_error;

/* The static description of an error code ("invalid input"); never NULL. */
LK_EXTERN(const char *) lk_strerror(int code);

/* The symbolic name of a code ("EINVALID"); never NULL. */
LK_EXTERN(const char *) lk_error_name(int code);

/* The process exit code the CLI uses for an error code. */
LK_EXTERN(int) lk_error_exit_code(int code);

/*
 * The last error recorded on this thread. Borrowed; valid until the next lk_ call on this
 * thread that fails. If no error was recorded, code is LK_OK and message is "".
 */
LK_EXTERN(const lk_error *) lk_error_last(void);

/* Record an error and return code, so that callers can write `return lk_error_set(...)`. */
LK_EXTERN(int) lk_error_set(int code, const char *fmt, ...) LK_PRINTF(2, 3);

/*
 * Record an error at a position in an input file. line <= 0 and offset < 0 mean unknown.
 * The message becomes "path: line N: <fmt>" (or "path: byte N: ..." without a line).
 */
LK_EXTERN(int) lk_error_set_at(int code, const char *path, long line, long long offset,
                               const char *fmt, ...) LK_PRINTF(5, 6);

/* Prefix the current message with "prefix: " (to add context while unwinding). */
LK_EXTERN(void) lk_error_prefix(const char *fmt, ...) LK_PRINTF(1, 2);

/* Forget the last error. */
LK_EXTERN(void) lk_error_clear(void);

#endif
