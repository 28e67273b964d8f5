/*
 * test_core.c - errors, arena, buffers, UTF-8, hashing and the string map.
 */
#include "lk_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_core_error__message_names_file_and_line(void **state)
{
	(void)state;
	int rc = lk_error_set_at(LK_EINVALID, "sdn.csv", 1234, -1, "13 fields, expected %d", 12);
	assert_int_equal(rc, LK_EINVALID);
	const lk_error *e = lk_error_last();
	assert_int_equal(e->code, LK_EINVALID);
	assert_string_equal(e->message, "sdn.csv: line 1234: 13 fields, expected 12");
	assert_string_equal(e->path, "sdn.csv");
	assert_int_equal(e->line, 1234);
	lk_error_set_at(LK_ETRUNCATED, "x.xml", 0, 77, "cut\nshort");
	assert_string_equal(lk_error_last()->message, "x.xml: byte 77: cut short");
	lk_error_prefix("import %s", "un");
	assert_string_equal(lk_error_last()->message, "import un: x.xml: byte 77: cut short");
}

static void test_core_error__codes_have_names_and_exit_codes(void **state)
{
	(void)state;
	assert_string_equal(lk_strerror(LK_ENOTFOUND), "not found");
	assert_string_equal(lk_error_name(LK_EINCOMPLETE), "EINCOMPLETE");
	assert_int_equal(lk_error_exit_code(LK_OK), 0);
	assert_int_not_equal(lk_error_exit_code(LK_EINVALID), 0);
	assert_string_equal(lk_strerror(-9999), "unknown error");
	/* Codes are part of the ABI: never renumbered. */
	assert_int_equal(LK_ENOMEM, -2);
	assert_int_equal(LK_EINVALID, -3);
	assert_int_equal(LK_ENOTFOUND, -4);
}

static void test_core_arena__allocations_are_aligned_zeroed_and_capped(void **state)
{
	(void)state;
	lk_arena *a = lk_arena_new(0);
	assert_non_null(a);
	for (int i = 1; i < 5000; i++) {
		unsigned char *p = lk_arena_alloc(a, (size_t)(i % 97) + 1);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		assert_int_equal(p[0], 0);
	}
	char *big = lk_arena_alloc(a, 1 << 20);
	assert_non_null(big);
	memset(big, 'x', 1 << 20);
	assert_string_equal(lk_arena_strdup(a, "Пхеньян"), "Пхеньян");
	assert_string_equal(lk_arena_printf(a, "%s-%d", "ofac", 35096), "ofac-35096");
	int *arr = lk_arena_grow(a, NULL, 0, 4, sizeof(int));
	arr[3] = 7;
	int *arr2 = lk_arena_grow(a, arr, 4, 8, sizeof(int));
	assert_int_equal(arr2[3], 7);
	assert_null(lk_arena_grow(a, arr2, 8, SIZE_MAX / 2, sizeof(int)));
	assert_int_equal(lk_error_last()->code, LK_ETOOBIG);
	lk_arena_free(a);
	lk_arena_free(NULL);

	lk_arena *small = lk_arena_new(1000);
	assert_non_null(lk_arena_alloc(small, 500));
	assert_null(lk_arena_alloc(small, 600));
	assert_int_equal(lk_error_last()->code, LK_ETOOBIG);
	lk_arena_free(small);
}

static void test_core_buf__grows_and_stops_at_its_maximum(void **state)
{
	(void)state;
	lk_buf b;
	lk_buf_init(&b, 10);
	assert_string_equal(lk_buf_cstr(&b), "");
	assert_int_equal(lk_buf_puts(&b, "hello"), 0);
	assert_int_equal(lk_buf_printf(&b, "%d", 1234), 0);
	assert_string_equal(lk_buf_cstr(&b), "hello1234");
	assert_int_equal(lk_buf_putc(&b, 'x'), 0);
	assert_int_equal(lk_buf_putc(&b, 'y'), LK_ETOOBIG);
	assert_int_equal(lk_buf_puts(&b, "more"), LK_ETOOBIG);
	assert_int_equal(b.len, 10);
	lk_buf_truncate(&b, 5);
	assert_string_equal(lk_buf_cstr(&b), "hello");
	char *d = lk_buf_detach(&b);
	assert_string_equal(d, "hello");
	free(d);
	assert_int_equal(b.len, 0);
	lk_buf_dispose(&b);
}

static void test_core_utf8__validation_rejects_malformed_sequences(void **state)
{
	(void)state;
	size_t bad = 0;
	assert_true(lk_utf8_valid("LAVROV Лавров 김정은 🙂", strlen("LAVROV Лавров 김정은 🙂"), NULL));
	assert_false(lk_utf8_valid("ab\xC0\xAF", 4, &bad)); /* overlong '/' */
	assert_int_equal(bad, 2);
	assert_false(lk_utf8_valid("\xED\xA0\x80", 3, &bad)); /* surrogate */
	assert_false(lk_utf8_valid("\xF4\x90\x80\x80", 4, &bad)); /* > U+10FFFF */
	assert_false(lk_utf8_valid("x\xE2\x82", 3, &bad)); /* truncated */
	assert_int_equal(bad, 1);
	assert_true(lk_utf8_valid("\xEF\xBF\xBD", 3, NULL)); /* a real U+FFFD */
	uint32_t cp;
	assert_int_equal(lk_utf8_decode("\xE2\x82\xAC", 3, &cp), 3);
	assert_int_equal(cp, 0x20AC);
}

static void test_core_utf8__windows_1252_is_not_latin1(void **state)
{
	(void)state;
	lk_buf b;
	lk_buf_init(&b, 0);
	/* "Š" is 0x8A in Windows-1252, "é" 0xE9, the euro sign 0x80. */
	assert_int_equal(lk_utf8_from_cp1252(&b, "\x8Aor\xE9 \x80", 6), 0);
	assert_string_equal(lk_buf_cstr(&b), "Šoré €");
	assert_int_equal(lk_cp1252_to_unicode(0x81), 0xFFFD);
	lk_buf_dispose(&b);
}

static void test_core_hash__sha256_matches_fips_vectors(void **state)
{
	(void)state;
	char hex[LK_SHA256_HEX_LEN];
	lk_sha256_hex(hex, "", 0);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	lk_sha256_hex(hex, "abc", 3);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	lk_sha256_hex(hex, two, strlen(two));
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	/* Incremental updates of odd sizes give the same digest as one shot. */
	char *m = malloc(1000000);
	memset(m, 'a', 1000000);
	lk_sha256 h;
	lk_sha256_init(&h);
	for (size_t off = 0, step = 1; off < 1000000; off += step, step = step * 7 % 1013 + 1)
		lk_sha256_update(&h, m + off, off + step > 1000000 ? 1000000 - off : step);
	unsigned char d[32];
	lk_sha256_final(&h, d);
	lk_hex(hex, d, 32);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(m);
	assert_int_not_equal(lk_hash_str("ofac-1"), lk_hash_str("ofac-2"));
}

static void test_core_strmap__put_get_replace_iterate(void **state)
{
	(void)state;
	lk_strmap *m = lk_strmap_new();
	char keys[5000][16];
	for (int i = 0; i < 5000; i++) {
		snprintf(keys[i], sizeof keys[i], "%d", i * 7);
		assert_int_equal(lk_strmap_put(m, keys[i], keys[i]), 0);
	}
	assert_int_equal(lk_strmap_count(m), 5000);
	assert_ptr_equal(lk_strmap_get(m, "35"), keys[5]);
	assert_null(lk_strmap_get(m, "36"));
	assert_int_equal(lk_strmap_put(m, "35", keys[0]), 0);
	assert_ptr_equal(lk_strmap_get(m, "35"), keys[0]);
	assert_int_equal(lk_strmap_count(m), 5000);
	size_t it = 0, n = 0;
	const char *k;
	void *v;
	while (lk_strmap_next(m, &it, &k, &v))
		n++;
	assert_int_equal(n, 5000);
	lk_strmap_free(m);
	lk_strmap_free(NULL);
}

static int values_freed;

static void count_free(void *v)
{
	values_freed++;
	free(v);
}

static void test_core_strmap__free_with_releases_every_value(void **state)
{
	(void)state;
	lk_strmap *m = lk_strmap_new();
	for (int i = 0; i < 300; i++) {
		char key[16];
		snprintf(key, sizeof key, "k%d", i % 200); /* 100 keys replaced (the old value freed here) */
		int *v = malloc(sizeof *v);
		assert_non_null(v);
		*v = i;
		void *old = lk_strmap_get(m, key);
		assert_int_equal(lk_strmap_put(m, key, v), 0);
		free(old);
	}
	values_freed = 0;
	lk_strmap_free_with(m, count_free); /* ASan reports a value left behind */
	assert_int_equal(values_freed, 200);
	lk_strmap_free_with(NULL, count_free);
	assert_int_equal(values_freed, 200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_core_error__message_names_file_and_line),
		cmocka_unit_test(test_core_error__codes_have_names_and_exit_codes),
		cmocka_unit_test(test_core_arena__allocations_are_aligned_zeroed_and_capped),
		cmocka_unit_test(test_core_buf__grows_and_stops_at_its_maximum),
		cmocka_unit_test(test_core_utf8__validation_rejects_malformed_sequences),
		cmocka_unit_test(test_core_utf8__windows_1252_is_not_latin1),
		cmocka_unit_test(test_core_hash__sha256_matches_fips_vectors),
		cmocka_unit_test(test_core_strmap__put_get_replace_iterate),
		cmocka_unit_test(test_core_strmap__free_with_releases_every_value),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
