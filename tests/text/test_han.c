/*
 * test_han.c - readings of Han characters from the compiled Unihan table: Korean (Hangul),
 * Mandarin (ASCII pinyin), Japanese on (romaji); the table's shape; names read three ways.
 */
#include "lk_test.h"
#include "text/text_int.h"

#include <string.h>

/* Read every character of s with fn, joined by spaces ("?" where there is no reading). */
static void read_all(lk_buf *out, const char *s, const char *(*fn)(uint32_t))
{
	size_t len = strlen(s);

	for (size_t i = 0; i < len;) {
		uint32_t cp;
		const char *r;

		i += lk_utf8_decode(s + i, len - i, &cp);
		r = fn(cp);
		if (out->len)
			assert_int_equal(lk_buf_putc(out, ' '), 0);
		assert_int_equal(lk_buf_puts(out, r ? r : "?"), 0);
	}
}

static void check_reading(const char *s, const char *(*fn)(uint32_t), const char *want)
{
	lk_buf b;

	lk_buf_init(&b, 0);
	read_all(&b, s, fn);
	assert_string_equal(lk_buf_cstr(&b), want);
	lk_buf_dispose(&b);
}

static bool has_reading(uint32_t cp, lk_text__han_lang lang, const char *want)
{
	const char *r;

	for (size_t n = 0; (r = lk_text__han_reading(cp, lang, n)) != NULL; n++) {
		if (strcmp(r, want) == 0)
			return true;
	}
	return false;
}

static void test_text_han__korean_names_in_hanja(void **state)
{
	lk_buf hangul, latin;

	(void)state;
	/* 金 is 금 in words but 김 as a family name: the name reading comes first. */
	assert_string_equal(lk_text_han_korean(0x91D1), "김");
	assert_true(has_reading(0x91D1, LK_TEXT__HAN_KOREAN, "금"));
	check_reading("金正恩", lk_text_han_korean, "김 정 은");
	check_reading("崔龍海", lk_text_han_korean, "최 룡 해");
	check_reading("朴", lk_text_han_korean, "박");

	/* Han -> Hangul -> the Latin the lists write. */
	lk_buf_init(&hangul, 0);
	lk_buf_init(&latin, 0);
	read_all(&hangul, "金正恩", lk_text_han_korean);
	assert_int_equal(lk_text__hangul_syllables(&latin, hangul.ptr, hangul.len,
						   LK_TEXT__HANGUL_DPRK), 0);
	assert_string_equal(latin.ptr, "kim jong un");
	lk_buf_dispose(&hangul);
	lk_buf_dispose(&latin);
}

static void test_text_han__mandarin_pinyin_is_ascii(void **state)
{
	(void)state;
	assert_string_equal(lk_text_han_mandarin(0x91D1), "jin");
	check_reading("习近平", lk_text_han_mandarin, "xi jin ping");
	check_reading("毛泽东", lk_text_han_mandarin, "mao ze dong");
	/* ü becomes u: 女 nǚ, 吕 lǚ. */
	assert_string_equal(lk_text_han_mandarin(0x5973), "nu");
	assert_string_equal(lk_text_han_mandarin(0x5415), "lu");
}

static void test_text_han__japanese_on_readings(void **state)
{
	(void)state;
	assert_string_equal(lk_text_han_japanese(0x91D1), "kin");
	assert_true(has_reading(0x91D1, LK_TEXT__HAN_JAPANESE, "kon"));
	check_reading("東京", lk_text_han_japanese, "tou kyou");
	assert_null(lk_text__han_reading(0x91D1, LK_TEXT__HAN_JAPANESE, 2));
}

static void test_text_han__not_han_or_no_reading(void **state)
{
	(void)state;
	assert_null(lk_text_han_korean('A'));
	assert_null(lk_text_han_mandarin(0xAC00));
	assert_null(lk_text_han_japanese(0));
	assert_null(lk_text_han_mandarin(0x10FFFF));
	assert_null(lk_text_han_mandarin(0xFFFFFFFFu));
	/* Extension A has Mandarin readings; 㐀 U+3400 qiū. */
	assert_string_equal(lk_text_han_mandarin(0x3400), "qiu");
	/* Compatibility ideographs with readings: U+F900 豈 (Korean 개). */
	assert_non_null(lk_text_han_korean(0xF900));
}

/* The generated table: sorted, every reading list well-formed, plain readings. */
static void test_text_han__table_is_sorted_and_well_formed(void **state)
{
	size_t uro = 0;

	(void)state;
	assert_true(lk_text__han_count > 40000);
	assert_int_equal(lk_text__han_pool[0], '\0');
	for (size_t i = 0; i < lk_text__han_count; i++) {
		const lk_text__han_entry *e = &lk_text__han_table[i];

		if (i)
			assert_true(lk_text__han_table[i - 1].cp < e->cp);
		assert_true(e->korean || e->mandarin || e->japanese);
		assert_true(e->korean < lk_text__han_pool_size);
		assert_true(e->mandarin < lk_text__han_pool_size);
		assert_true(e->japanese < lk_text__han_pool_size);
		if (e->cp >= 0x4E00 && e->cp <= 0x9FFF)
			uro++;
		for (int lang = 0; lang < 3; lang++) {
			const char *r;

			for (size_t n = 0; (r = lk_text__han_reading(e->cp, lang, n)); n++) {
				if (lang == LK_TEXT__HAN_KOREAN) {
					uint32_t cp;

					assert_int_equal(strlen(r), 3);
					assert_int_equal(lk_utf8_decode(r, 3, &cp), 3);
					assert_true(cp >= 0xAC00 && cp <= 0xD7A3);
				} else {
					assert_true(*r);
					for (const char *p = r; *p; p++)
						assert_true(*p >= 'a' && *p <= 'z');
				}
			}
		}
	}
	/* Nearly every CJK Unified Ideograph in the basic block has a reading. */
	assert_true(uro > 20000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_han__korean_names_in_hanja),
		cmocka_unit_test(test_text_han__mandarin_pinyin_is_ascii),
		cmocka_unit_test(test_text_han__japanese_on_readings),
		cmocka_unit_test(test_text_han__not_han_or_no_reading),
		cmocka_unit_test(test_text_han__table_is_sorted_and_well_formed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
