/*
 * error.c - error codes, their descriptions, and the thread-local last-error record.
 *
 * Every failing library call records what went wrong and where in one thread-local lk_error,
 * so that callers get a precise one-line message without threading buffers through every call.
 */
#include "lookout/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local lk_error last_error;

struct code_desc {
	int code;
	int exit_code;
	const char *name;
	const char *desc;
};

static const struct code_desc codes[] = {
#define LK__ERR_DESC(name, value, exitcode, desc) {value, exitcode, #name, desc},
	LK_ERROR_MAP(LK__ERR_DESC)
#undef LK__ERR_DESC
};

static const struct code_desc *find(int code)
{
	for (size_t i = 0; i < LK_ARRAY_SIZE(codes); i++)
		if (codes[i].code == code)
			return &codes[i];
	return NULL;
}

const char *lk_strerror(int code)
{
	const struct code_desc *d = find(code);
	return d ? d->desc : "unknown error";
}

const char *lk_error_name(int code)
{
	const struct code_desc *d = find(code);
	return d ? d->name : "EUNKNOWN";
}

int lk_error_exit_code(int code)
{
	const struct code_desc *d = find(code);
	return d ? d->exit_code : 1;
}

const lk_error *lk_error_last(void)
{
	return &last_error;
}

void lk_error_clear(void)
{
	memset(&last_error, 0, sizeof last_error);
	last_error.offset = -1;
}

static void vset(int code, const char *path, long line, long long offset, const char *fmt,
                 va_list ap)
{
	char msg[sizeof last_error.message];
	vsnprintf(msg, sizeof msg, fmt, ap);
	last_error.code = code;
	last_error.line = line > 0 ? line : 0;
	last_error.offset = offset >= 0 ? offset : -1;
	snprintf(last_error.path, sizeof last_error.path, "%s", path ? path : "");
	if (path && *path && line > 0)
		snprintf(last_error.message, sizeof last_error.message, "%s: line %ld: %s", path,
		         line, msg);
	else if (path && *path && offset >= 0)
		snprintf(last_error.message, sizeof last_error.message, "%s: byte %lld: %s", path,
		         offset, msg);
	else if (path && *path)
		snprintf(last_error.message, sizeof last_error.message, "%s: %s", path, msg);
	else
		snprintf(last_error.message, sizeof last_error.message, "%s", msg);
	/* Messages are one line: fold any newline a caller passed in. */
	for (char *p = last_error.message; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
}

int lk_error_set(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vset(code, NULL, 0, -1, fmt, ap);
	va_end(ap);
	return code;
}

int lk_error_set_at(int code, const char *path, long line, long long offset, const char *fmt,
                    ...)
{
	va_list ap;
	va_start(ap, fmt);
	vset(code, path, line, offset, fmt, ap);
	va_end(ap);
	return code;
}

void lk_error_prefix(const char *fmt, ...)
{
	char prefix[256], old[sizeof last_error.message];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	memcpy(old, last_error.message, sizeof old);
	snprintf(last_error.message, sizeof last_error.message, "%s: %s", prefix, old);
}
