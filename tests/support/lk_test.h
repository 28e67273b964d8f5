/*
 * lk_test.h - helpers shared by the cmocka tests: where the real data lives, temporary
 * files and directories, running the CLI.
 */
#ifndef LK_TEST_H
#define LK_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "lookout/lookout.h"

/* Path of a file under $LOOKOUT_DATA (default ../shared/data), in a static rotating buffer. */
const char *lk_test_data(const char *rel);

/* Path of a file under tests/fixtures ($LOOKOUT_FIXTURES). */
const char *lk_test_fixture(const char *rel);

/* The index of the three lists the screening and scanning acceptance tests name (UN
 * consolidated 2026-02-27, OFAC SDN 2024-05-03, UK HMT 2018-04-13), built from the parsed
 * lists (which are freed again: the index copies what it needs). NULL on failure; release
 * with lk_index_unref. */
lk_index *lk_test_acceptance_index(void);

/* A cmocka group setup and teardown around lk_test_acceptance_index(): while the group runs,
 * the index is lk_test_ix. */
extern lk_index *lk_test_ix;
int lk_test_acceptance_setup(void **state);
int lk_test_acceptance_teardown(void **state);

/* lk_scan_text of text (NUL-terminated) on lk_test_ix with the default options; a failure
 * fails the test with the error's message. Free with lk_scan_result_free. */
lk_scan_result *lk_test_scan(const char *text);

/* The index of UN 2026, the OFAC consolidated non-SDN list of 2025-12-19 and the fixture
 * lists/ftm_scripts.json (names in Cyrillic, Arabic and Hangul): many spellings of the same
 * names, for the tests of the scorer's bound. NULL on failure. */
lk_index *lk_test_scripts_index(void);

/* Fail unless two scans of the same text say the same: every mention (offsets, how, query,
 * results with their entities and scores) and the stats; what names the comparison, a the
 * scan with caches ("cached") and b the other. */
void lk_test_expect_same_scan(const lk_scan_result *a, const lk_scan_result *b,
                              const char *what);

/* A growable list of strings the list owns (malloc'd). */
typedef struct lk_test_strs {
	char **v;
	size_t n, cap;
} lk_test_strs;

/* Append x (malloc'd; the list takes it); fails the test when out of memory. */
void lk_test_strs_push(lk_test_strs *s, char *x);

/* Free every string and the list's array. */
void lk_test_strs_free(lk_test_strs *s);

/* The next number of a small deterministic generator (xorshift64) whose state is *state
 * (never 0). */
uint64_t lk_test_rand(uint64_t *state);

/* Write code point cp (below 0x10000) as UTF-8 at o; returns the bytes written (1-3). */
size_t lk_test_put_utf8(char *o, uint32_t cp);

/* Create a fresh temporary directory (removed by lk_test_rmtree). malloc'd path. */
char *lk_test_tmpdir(void);

/* Remove a directory tree. */
void lk_test_rmtree(const char *path);

/* Write len bytes to path; asserts on failure. */
void lk_test_write_file(const char *path, const void *data, size_t len);

/* Read a whole file (malloc'd, NUL-terminated); asserts on failure. */
char *lk_test_read_file(const char *path, size_t *len);

/* Copy the first `len` bytes of src to dst (len = (size_t)-1: all). */
void lk_test_copy_prefix(const char *src, const char *dst, size_t len);

/*
 * Run the lookout CLI ($LOOKOUT_BIN) with a shell-quoted argument string and environment
 * prefix; capture stdout (malloc'd into *out if out != NULL) and return the exit status.
 * Example: lk_test_run_cli(&out, "LOOKOUT_DB=/tmp/x.db", "lists show --json").
 */
int lk_test_run_cli(char **out, const char *env, const char *args_fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
