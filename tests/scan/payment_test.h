/*
 * payment_test.h - helpers shared by the payment message reader tests: read a fixture or a
 * string through a reader and check results and error positions.
 */
#ifndef LK_TEST_PAYMENT_H
#define LK_TEST_PAYMENT_H

#include "lk_test.h"
#include "lookout/payment.h"

#include <stdlib.h>
#include <string.h>

/* A reader over a fixture file; the buffer is returned in *buf to free after the reader. */
static inline lk_payment_reader *open_fixture(const char *rel, char **buf)
{
	size_t len;
	const char *path = lk_test_fixture(rel);
	*buf = lk_test_read_file(path, &len);
	lk_payment_reader *r = NULL;
	assert_int_equal(lk_payment_reader_new(&r, *buf, len, rel, LK_PAYMENT_FORMAT_AUTO), 0);
	return r;
}

/* Next message must parse; fails the test with the error otherwise. */
static inline void next_ok(lk_payment_reader *r, lk_payment *m)
{
	int rc = lk_payment_reader_next(r, m);
	if (rc != 1)
		fail_msg("expected a message, got %d: %s", rc, lk_error_last()->message);
}

/* Next message must fail with code, at line (-1: not checked), with a message containing
 * `text`. */
static inline void next_err(lk_payment_reader *r, lk_payment *m, int code, long index, long line,
                            const char *text)
{
	int rc = lk_payment_reader_next(r, m);
	if (rc != code)
		fail_msg("expected %s (%s), got %d (%s)", lk_error_name(code), text, rc,
		         rc < 0 ? lk_error_last()->message : "a message");
	const lk_error *e = lk_error_last();
	assert_int_equal(m->index, index);
	if (line >= 0 && e->line != line)
		fail_msg("error \"%s\" at line %ld, expected %ld", e->message, e->line, line);
	if (!strstr(e->message, text))
		fail_msg("error \"%s\" does not contain \"%s\"", e->message, text);
	char want[32];
	snprintf(want, sizeof want, "message %ld:", index);
	if (!strstr(e->message, want))
		fail_msg("error \"%s\" does not name %s", e->message, want);
}

static inline void at_end(lk_payment_reader *r, lk_payment *m)
{
	int rc = lk_payment_reader_next(r, m);
	if (rc != 0)
		fail_msg("expected the end, got %d (%s)", rc, rc < 0 ? lk_error_last()->message : "");
}

/* Parse a string that must hold exactly one message failing with code and `text`. */
static inline void string_err(const char *s, lk_payment_format f, int code, long line,
                              const char *text)
{
	lk_payment_reader *r = NULL;
	lk_payment *m = malloc(sizeof *m);
	assert_non_null(m);
	assert_int_equal(lk_payment_reader_new(&r, s, strlen(s), "mem", f), 0);
	next_err(r, m, code, 1, line, text);
	at_end(r, m);
	lk_payment_reader_free(r);
	free(m);
}

static inline void assert_party(const lk_payment_party *p, lk_payment_role role, const char *tag,
                                const char *name, const char *country, const char *town,
                                const char *account, const char *bic)
{
	assert_int_equal(p->role, role);
	assert_string_equal(p->tag, tag);
	assert_string_equal(p->name, name);
	assert_string_equal(p->country, country);
	assert_string_equal(p->town, town);
	assert_string_equal(p->account, account);
	assert_string_equal(p->bic, bic);
}

#endif
