/*
 * test_latinize_cyrillic.c - Cyrillic is latinised without ICU exactly as with it (issue 6,
 * throughput).
 *
 * lk_text_latinize writes a run of letters of U+0400..U+045F from a table of what ICU's
 * "Any-Latin; Latin-ASCII" makes of each letter alone (only the ASCII of it counts), instead
 * of asking ICU for the run. That holds if ICU writes each of these letters the same whatever
 * surrounds it: compared here with lk_text__latinize_general (ICU for every run) on every
 * letter, every pair of letters, every triple of the Russian alphabet, and words in every
 * variant, alone and next to other scripts, digits, punctuation and combining marks.
 */
#include "lk_test.h"
#include "text/text_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t failures;

static void same(const char *s, size_t n, lk_translit v)
{
	lk_buf a = LK_BUF_INIT, b = LK_BUF_INIT;
	lk_buf_init(&a, 1 << 16);
	lk_buf_init(&b, 1 << 16);
	int ra = lk_text_latinize(&a, s, n, v), rb = lk_text__latinize_general(&b, s, n, v);
	bool eq = ra == rb && a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
	if (!eq && failures++ < 10)
		fprintf(stderr, "\"%.*s\" (variant %d): fast \"%s\" (%d), ICU \"%s\" (%d)\n", (int)n, s,
		        (int)v, a.len ? a.ptr : "", ra, b.len ? b.ptr : "", rb);
	lk_buf_dispose(&a);
	lk_buf_dispose(&b);
}

static void same_str(const char *s, lk_translit v)
{
	same(s, strlen(s), v);
}

static void test_letters_pairs_and_triples(void **state)
{
	(void)state;
	char buf[16];
	for (uint32_t a = 0x400; a < 0x460; a++) {
		size_t n = lk_test_put_utf8(buf, a);
		same(buf, n, LK_TRANSLIT_DEFAULT);
		for (uint32_t b = 0x400; b < 0x460; b++) {
			size_t m = n + lk_test_put_utf8(buf + n, b);
			same(buf, m, LK_TRANSLIT_DEFAULT);
		}
	}
	/* the Russian alphabet: А..я, Ё, ё */
	uint32_t ru[66];
	size_t nru = 0;
	for (uint32_t c = 0x410; c < 0x450; c++)
		ru[nru++] = c;
	ru[nru++] = 0x401;
	ru[nru++] = 0x451;
	for (size_t i = 0; i < nru; i++)
		for (size_t j = 0; j < nru; j++)
			for (size_t k = 0; k < nru; k++) {
				size_t n = lk_test_put_utf8(buf, ru[i]);
				n += lk_test_put_utf8(buf + n, ru[j]);
				n += lk_test_put_utf8(buf + n, ru[k]);
				same(buf, n, LK_TRANSLIT_DEFAULT);
			}
	assert_int_equal(failures, 0);
}

static void test_words_in_context(void **state)
{
	(void)state;
	static const char *const words[] = {
		"Путин", "ПУТИН", "Путина", "Лавровым", "Сергей", "Объект", "ОБЪЕКТ", "Подъячев",
		"Шевченко", "Щукин", "Ёлкин", "Юрьевич", "Ярослав", "Хрущёв", "Цой", "Чжон", "Ким Чен Ын",
		"Їжак", "Ђорђе Љубић", "Џеф", "Ґалаґан", "Ўладзімір", "Ѕвезда", "Ѓорѓи", "Ќерка",
		"Путин-Lavrov", "Путин2024", "Путин’а", "Пу\xCC\x81тин", "Пу\xC2\xADтин",
		"ΑθήναМосква", "Москва\xD7\x90", "Мос ква", "Île-Москва", "Ѐ\xD1\xA0\xD1\xA1",
		"ЁЖИК", "ёжик", "ЪЬ", "ъь",
	};
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		for (int v = 0; v < LK_TRANSLIT__COUNT; v++)
			same_str(words[i], (lk_translit)v);
	assert_int_equal(failures, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_letters_pairs_and_triples),
		cmocka_unit_test(test_words_in_context),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
