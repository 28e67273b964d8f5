/*
 * store_fixture.h - hand-built lists and store helpers shared by the store's tests.
 *
 * The store takes an lk_list; these tests build them directly (an arena, lk_entity_new,
 * lk_entity_add) instead of parsing files, so each test states exactly what a version holds.
 * Such lists are not made by lk_list_parse() and must be released with tl_free(), not
 * lk_list_free().
 */
#ifndef LK_TESTS_STORE_FIXTURE_H
#define LK_TESTS_STORE_FIXTURE_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "lk_test.h"

/* A list of source `source` whose content hash is the SHA-256 of `seed`. */
static inline lk_list *tl_new(const char *source, const char *seed)
{
	lk_list *l = calloc(1, sizeof *l);
	assert_non_null(l);
	l->arena = lk_arena_new(0);
	assert_non_null(l->arena);
	l->format = LK_FORMAT_FTM_JSON;
	l->source = lk_arena_strdup(l->arena, source);
	lk_sha256_hex(l->hash, seed, strlen(seed));
	return l;
}

static inline void tl_free(lk_list *l)
{
	if (!l)
		return;
	lk_arena_free(l->arena);
	free(l);
}

/*
 * Append an entity with id "t-<native_id>" and values given as (int prop, const char *value)
 * pairs ended by -1. A value of the form "value@origin" is stored with that origin.
 */
static inline lk_entity *tl_add(lk_list *l, lk_schema schema, const char *native_id, ...)
{
	if (l->count == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 64;
		l->entities = lk_arena_grow(l->arena, l->entities, l->count, nc, sizeof *l->entities);
		assert_non_null(l->entities);
		l->cap = nc;
	}
	lk_entity *e = lk_entity_new(l->arena, schema, l->source, "t", native_id);
	assert_non_null(e);
	va_list ap;
	va_start(ap, native_id);
	for (;;) {
		int prop = va_arg(ap, int);
		if (prop < 0)
			break;
		const char *v = va_arg(ap, const char *);
		const char *at = strchr(v, '@');
		if (at) {
			char *val = lk_arena_strndup(l->arena, v, (size_t)(at - v));
			assert_int_equal(lk_entity_add(e, l->arena, (lk_prop)prop, val, at + 1), 0);
		} else {
			assert_int_equal(lk_entity_add(e, l->arena, (lk_prop)prop, v, NULL), 0);
		}
	}
	va_end(ap);
	l->entities[l->count++] = e;
	return e;
}

/* Add a warning (copied into the arena). */
static inline void tl_warn(lk_list *l, const char *w)
{
	if (l->nwarnings == l->cap_warnings) {
		size_t nc = l->cap_warnings ? l->cap_warnings * 2 : 8;
		l->warnings = lk_arena_grow(l->arena, l->warnings, l->nwarnings, nc, sizeof(char *));
		assert_non_null(l->warnings);
		l->cap_warnings = nc;
	}
	l->warnings[l->nwarnings++] = lk_arena_strdup(l->arena, w);
}

/* A store in a fresh temporary directory; *dir receives the directory (free + rmtree). */
static inline lk_store *ts_open(char **dir)
{
	*dir = lk_test_tmpdir();
	char path[4200];
	snprintf(path, sizeof path, "%s/lookout.db", *dir);
	lk_store *s = NULL;
	int rc = lk_store_open(&s, path);
	if (rc != 0)
		fail_msg("lk_store_open(%s): %s", path, lk_error_last()->message);
	return s;
}

static inline void ts_close(lk_store *s, char *dir)
{
	lk_store_close(s);
	lk_test_rmtree(dir);
	free(dir);
}

/* The single integer result of sql on a separate connection to the store's file. */
static inline long long ts_sql_int(lk_store *s, const char *sql)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(lk_store_path(s), &db, SQLITE_OPEN_READONLY, NULL),
	                 SQLITE_OK);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* The single text result of sql (malloc'd), as ts_sql_int(). */
static inline char *ts_sql_text(lk_store *s, const char *sql)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(lk_store_path(s), &db, SQLITE_OPEN_READONLY, NULL),
	                 SQLITE_OK);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	const char *t = (const char *)sqlite3_column_text(st, 0);
	char *v = strdup(t ? t : "");
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* Import and fail the test with the error message if it does not succeed. */
static inline lk_import_result ts_import(lk_store *s, const lk_list *l)
{
	lk_import_result r;
	memset(&r, 0xAA, sizeof r);
	int rc = lk_store_import(s, l, &r);
	if (rc != 0)
		fail_msg("lk_store_import: %s", lk_error_last()->message);
	return r;
}

#endif
