/*
 * test_latinize_chars.c - the shortcuts of the scanner's word analysis in the text module
 * give exactly what the general functions give (issue 6, throughput).
 *
 * - lk_text__latinize_cjk_char, one Hangul syllable or CJK unified ideograph read without
 *   lk_text_latinize's steps for a string: compared with lk_text_latinize of the character's
 *   UTF-8 for every syllable and ideograph in every transliteration, into an empty buffer and
 *   after text already there; other code points are refused.
 * - lk_text_latinize of Latin text (ASCII and the letters of U+00C0..U+017F) in one step:
 *   compared with lk_text__latinize_general (the same without any fast path) on generated
 *   text (letters, digits, punctuation, spaces, apostrophes, control bytes, accented
 *   letters, the six that NFKC rewrites, other scripts, broken UTF-8) and on the edge cases
 *   (empty, spaces only, leading and trailing punctuation), into an empty buffer and after
 *   text already there.
 * - lk_text__latinize_hangul, a word of Hangul syllables read without those steps: compared
 *   with lk_text_latinize on random words in every variant; anything else is refused.
 * - lk_text__han_reading, which finds the rows of most characters by code point: compared
 *   with a binary search of the table for every character the table may hold.
 * - lk_text__hangul_put3, a syllable's three strings in one write: as three lk_buf_puts,
 *   results and bytes, into buffers too small for them too.
 * - lk_text_translit_variants of words of Hangul syllables only and of CJK ideographs only,
 *   which the scanner takes as known: every character alone and random words.
 * - lk_text_script, which stops counting when a string has one script: compared with the
 *   majority vote worked out here from the script of each character alone.
 */
#include "lk_test.h"
#include "lookout/utf8.h"
#include "text/hangul_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 0x243F6A8885A308D3ull;

static uint32_t next(uint32_t n)
{
	return (uint32_t)(lk_test_rand(&rng) % n);
}

/* ---- one Hangul syllable or Han character ---- */

/* lk_text__latinize_cjk_char(cp, v) appended to prefix is lk_text_latinize's; the number of
 * differences (the first few printed). */
static size_t compare_char(uint32_t cp, lk_translit v, const char *prefix, lk_buf *tmp)
{
	char in[4];
	size_t n = lk_test_put_utf8(in, cp);
	lk_buf want, got;
	lk_buf_init(&want, 1 << 16);
	lk_buf_init(&got, 1 << 16);
	assert_int_equal(lk_buf_puts(&want, prefix), 0);
	assert_int_equal(lk_buf_puts(&got, prefix), 0);
	assert_int_equal(lk_text_latinize(&want, in, n, v), 0);
	assert_int_equal(lk_text__latinize_cjk_char(&got, tmp, cp, v), 0);
	size_t bad = want.len != got.len || strcmp(lk_buf_cstr(&want), lk_buf_cstr(&got)) != 0;
	if (bad)
		fprintf(stderr, "U+%04X variant %d after \"%s\": \"%s\", lk_text_latinize \"%s\"\n",
		        (unsigned)cp, (int)v, prefix, lk_buf_cstr(&got), lk_buf_cstr(&want));
	lk_buf_dispose(&want);
	lk_buf_dispose(&got);
	return bad;
}

static void every_char(uint32_t first, uint32_t last)
{
	static const char *const prefixes[] = {"", "kim ", "kim", " "};
	lk_buf tmp;
	lk_buf_init(&tmp, 1 << 16);
	size_t failures = 0, checked = 0;
	for (unsigned v = 0; v < LK_TRANSLIT__COUNT; v++)
		for (uint32_t cp = first; cp <= last && failures < 10; cp++) {
			/* every character into an empty buffer, one in seven after other text */
			failures += compare_char(cp, (lk_translit)v, "", &tmp);
			if (cp % 7 == v)
				failures += compare_char(cp, (lk_translit)v, prefixes[1 + cp % 3], &tmp);
			checked++;
		}
	lk_buf_dispose(&tmp);
	assert_true(checked >= (size_t)(last - first + 1) * LK_TRANSLIT__COUNT || failures);
	assert_int_equal(failures, 0);
}

static void test_latinize_cjk_char__every_hangul_syllable(void **state)
{
	(void)state;
	every_char(0xAC00, 0xD7A3);
}

static void test_latinize_cjk_char__every_han_ideograph(void **state)
{
	(void)state;
	every_char(0x4E00, 0x9FFF);
}

static void test_latinize_cjk_char__refuses_other_characters(void **state)
{
	(void)state;
	static const uint32_t other[] = {'a', 0xE9, 0x41F, 0x1100, 0x3131, 0x3400, 0x4DFF, 0xABFF,
	                                 0xD7A4, 0xF900, 0x20000};
	lk_buf out, tmp;
	lk_buf_init(&out, 1 << 16);
	lk_buf_init(&tmp, 1 << 16);
	assert_int_equal(lk_buf_puts(&out, "kept"), 0);
	for (size_t i = 0; i < LK_ARRAY_SIZE(other); i++) {
		assert_int_equal(lk_text__latinize_cjk_char(&out, &tmp, other[i], LK_TRANSLIT_DEFAULT),
		                 LK_EINVALID);
		assert_string_equal(lk_buf_cstr(&out), "kept");
	}
	lk_buf_dispose(&out);
	lk_buf_dispose(&tmp);
}

/* ---- a word of Hangul syllables ---- */

static void test_latinize_hangul__as_lk_text_latinize(void **state)
{
	(void)state;
	lk_buf tmp;
	lk_buf_init(&tmp, 1 << 16);
	char s[64];
	size_t failures = 0;
	for (size_t t = 0; t < 30000 && failures < 10; t++) {
		size_t n = 0, len = 1 + next(t % 10 == 0 ? 20 : 6);
		for (size_t i = 0; i < len; i++)
			n += lk_test_put_utf8(s + n, 0xAC00 + next(0xD7A4 - 0xAC00));
		lk_translit v = (lk_translit)(t % LK_TRANSLIT__COUNT);
		const char *prefix = t % 3 == 0 ? "kim" : "";
		lk_buf want, got;
		lk_buf_init(&want, 1 << 16);
		lk_buf_init(&got, 1 << 16);
		assert_int_equal(lk_buf_puts(&want, prefix), 0);
		assert_int_equal(lk_buf_puts(&got, prefix), 0);
		assert_int_equal(lk_text_latinize(&want, s, n, v), 0);
		assert_int_equal(lk_text__latinize_hangul(&got, &tmp, s, n, v), 0);
		if (strcmp(lk_buf_cstr(&want), lk_buf_cstr(&got)) != 0 && failures++ < 10)
			fprintf(stderr, "\"%.*s\" variant %d: \"%s\", lk_text_latinize \"%s\"\n", (int)n,
			        s, (int)v, lk_buf_cstr(&got), lk_buf_cstr(&want));
		lk_buf_dispose(&want);
		lk_buf_dispose(&got);
	}
	assert_int_equal(failures, 0);
	/* anything but syllables is refused */
	static const char *const other[] = {"", "a", "\xEA\xB0", "\xE1\x84\x80", "\xE4\xB8\x80",
	                                    "\xEA\xB0\x80" "a", "\xED\x9E\xA4"};
	for (size_t i = 0; i < LK_ARRAY_SIZE(other); i++)
		assert_int_equal(lk_text__latinize_hangul(&tmp, &tmp, other[i], strlen(other[i]),
		                                          LK_TRANSLIT_DEFAULT),
		                 LK_EINVALID);
	lk_buf_dispose(&tmp);
}

/* ---- a Han character's row ---- */

/* The row of cp by binary search of the generated table, as han.c found it before. */
static const lk_text__han_entry *search_row(uint32_t cp)
{
	size_t lo = 0, hi = lk_text__han_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (lk_text__han_table[mid].cp == cp)
			return &lk_text__han_table[mid];
		if (lk_text__han_table[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The n-th reading in a row's list (as han.c reads it), or NULL. */
static const char *nth(const lk_text__han_entry *e, lk_text__han_lang lang, size_t n)
{
	if (!e)
		return NULL;
	size_t off = lang == LK_TEXT__HAN_KOREAN     ? e->korean
	             : lang == LK_TEXT__HAN_MANDARIN ? e->mandarin
	                                             : e->japanese;
	for (const char *p = lk_text__han_pool + off; *p; p += strlen(p) + 1)
		if (n-- == 0)
			return p;
	return NULL;
}

static void test_han_reading__direct_rows_are_the_searched_ones(void **state)
{
	(void)state;
	static const lk_text__han_lang langs[] = {LK_TEXT__HAN_KOREAN, LK_TEXT__HAN_MANDARIN,
	                                          LK_TEXT__HAN_JAPANESE};
	size_t failures = 0, found = 0;
	/* around and through the directly indexed range, and the rest of the table's */
	for (uint32_t cp = 0x3300; cp <= 0x2FFFF && failures < 10; cp++) {
		if (cp == 0xA100)
			cp = 0xF800;
		if (cp == 0xFB00)
			cp = 0x1FF00;
		const lk_text__han_entry *e = search_row(cp);
		found += e != NULL;
		for (size_t l = 0; l < LK_ARRAY_SIZE(langs); l++)
			for (size_t n = 0; n < 4; n++) {
				const char *want = nth(e, langs[l], n),
				           *got = lk_text__han_reading(cp, langs[l], n);
				if (want != got && failures++ < 10)
					fprintf(stderr, "U+%04X lang %d reading %zu: %s, searched %s\n",
					        (unsigned)cp, (int)langs[l], n, got ? got : "(none)",
					        want ? want : "(none)");
			}
	}
	assert_int_equal(failures, 0);
	assert_true(found > 30000);
	assert_string_equal(lk_text_han_mandarin(0x4E60), "xi"); /* 习 */
	assert_null(lk_text__han_reading(0x41, LK_TEXT__HAN_KOREAN, 0));
}

/* ---- the readings of a word of one kind ---- */

/* The scanner's key_form takes these masks for words of Hangul syllables only and of CJK
 * unified ideographs only without asking lk_text_translit_variants: they must be its. */
static void test_translit_variants__of_pure_words(void **state)
{
	(void)state;
	const unsigned hangul = 1u << LK_TRANSLIT_HANGUL_MR | 1u << LK_TRANSLIT_HANGUL_DPRK |
	                        1u << LK_TRANSLIT_HANGUL_LOANWORD,
	               han = 1u << LK_TRANSLIT_HANGUL_MR | 1u << LK_TRANSLIT_HANGUL_DPRK |
	                     1u << LK_TRANSLIT_HAN_MANDARIN | 1u << LK_TRANSLIT_HAN_JAPANESE;
	char s[64];
	for (uint32_t cp = 0xAC00; cp <= 0xD7A3; cp++) {
		size_t n = lk_test_put_utf8(s, cp);
		assert_int_equal(lk_text_translit_variants(s, n), hangul);
	}
	for (uint32_t cp = 0x4E00; cp <= 0x9FFF; cp++) {
		size_t n = lk_test_put_utf8(s, cp);
		assert_int_equal(lk_text_translit_variants(s, n), han);
	}
	for (size_t t = 0; t < 20000; t++) {
		size_t n = 0, len = 2 + next(8);
		bool is_han = t % 2;
		for (size_t i = 0; i < len; i++)
			n += lk_test_put_utf8(s + n, is_han ? 0x4E00 + next(0xA000 - 0x4E00)
			                                    : 0xAC00 + next(0xD7A4 - 0xAC00));
		assert_int_equal(lk_text_translit_variants(s, n), is_han ? han : hangul);
	}
}

/* ---- a syllable in one write ---- */

static void test_hangul_put3__as_three_puts(void **state)
{
	(void)state;
	static const char *const parts[] = {"", "k", "ng", "yeo", "ch", "wae"};
	/* every combination, into buffers of every small limit: the same bytes, the same result */
	for (size_t max = 1; max < 12; max++)
		for (size_t a = 0; a < LK_ARRAY_SIZE(parts); a++)
			for (size_t b = 0; b < LK_ARRAY_SIZE(parts); b++)
				for (size_t c = 0; c < LK_ARRAY_SIZE(parts); c++) {
					lk_buf x, y;
					lk_buf_init(&x, max);
					lk_buf_init(&y, max);
					assert_int_equal(lk_buf_puts(&x, "ab"), lk_buf_puts(&y, "ab"));
					int rx = lk_text__hangul_put3(&x, parts[a], parts[b], parts[c]);
					int ry = lk_buf_puts(&y, parts[a]);
					if (!ry)
						ry = lk_buf_puts(&y, parts[b]);
					if (!ry)
						ry = lk_buf_puts(&y, parts[c]);
					assert_int_equal(rx, ry);
					assert_int_equal(x.len, y.len);
					assert_string_equal(lk_buf_cstr(&x), lk_buf_cstr(&y));
					lk_buf_dispose(&x);
					lk_buf_dispose(&y);
				}
}

/* ---- ASCII in one step ---- */

static size_t compare_ascii(const char *s, size_t n, const char *prefix)
{
	size_t bad = 0;
	for (unsigned v = 0; v < LK_TRANSLIT__COUNT; v++) {
		lk_buf want, got;
		lk_buf_init(&want, 1 << 16);
		lk_buf_init(&got, 1 << 16);
		assert_int_equal(lk_buf_puts(&want, prefix), 0);
		assert_int_equal(lk_buf_puts(&got, prefix), 0);
		int rw = lk_text__latinize_general(&want, s, n, (lk_translit)v);
		int rg = lk_text_latinize(&got, s, n, (lk_translit)v);
		if (rw != rg || want.len != got.len ||
		    memcmp(lk_buf_cstr(&want), lk_buf_cstr(&got), want.len) != 0) {
			if (bad++ < 3)
				fprintf(stderr, "\"%.*s\" after \"%s\" (variant %u): \"%s\" (%d), general \"%s\" (%d)\n",
				        (int)n, s, prefix, v, lk_buf_cstr(&got), rg, lk_buf_cstr(&want), rw);
		}
		lk_buf_dispose(&want);
		lk_buf_dispose(&got);
	}
	return bad;
}

static void test_latinize__latin_in_one_step_is_exact(void **state)
{
	(void)state;
	static const char *const edges[] = {
		"", " ", "   ", "-", "'", "''", "a", "A", " a ", "-Putin-", "O'Brien", "Mu`ammar",
		"PutinWHO", "Kim Jong-un", "  Lavrov,  Sergei  ", "IMO9413559", "a\tb\nc", "x..y",
		"(Al-Qaida)", "e-mail@example.org", "___", "1 2 3", "ZZ top", "\x01\x02" "ab\x7f",
	};
	static const char chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	                            "     ,,..--''``/()&@#_!?;:\"\t\n\x01\x7f";
	size_t failures = 0;
	for (size_t i = 0; i < LK_ARRAY_SIZE(edges); i++) {
		failures += compare_ascii(edges[i], strlen(edges[i]), "");
		failures += compare_ascii(edges[i], strlen(edges[i]), "kim");
		failures += compare_ascii(edges[i], strlen(edges[i]), "kim ");
	}
	/* with a NUL byte inside: the whole of it counts */
	failures += compare_ascii("ab\0cd", 5, "");
	char s[800];
	for (size_t t = 0; t < 20000; t++) {
		size_t n = next(next(8) == 0 ? 200 : 24);
		for (size_t i = 0; i < n; i++)
			s[i] = chars[next(sizeof chars - 1)];
		failures += compare_ascii(s, n, t % 5 == 0 ? "x" : "");
	}
	/* Latin letters of U+00C0..U+017F among ASCII (the six NFKC rewrites too), now and then
	 * another letter, a combining mark, or a broken sequence (an error both ways) */
	static const uint32_t odd[] = {0x132, 0x133, 0x13F, 0x140, 0x149, 0x17F, 0x301, 0x308,
	                               0xA0,  0xB7,  0xBF,  0x180, 0x41F, 0x2019, 0xAC00, 0x4E00};
	for (size_t t = 0; t < 20000; t++) {
		size_t n = 0, len = next(next(8) == 0 ? 150 : 20);
		for (size_t i = 0; i < len; i++) {
			uint32_t k = next(100);
			if (k < 60)
				s[n++] = chars[next(sizeof chars - 1)];
			else if (k < 97)
				n += lk_test_put_utf8(s + n, 0xC0 + next(0xC0));
			else if (k < 99)
				n += lk_test_put_utf8(s + n, odd[next(LK_ARRAY_SIZE(odd))]);
			else
				s[n++] = (char)(next(2) ? 0xC4 : 0x80); /* a lone lead or continuation */
		}
		failures += compare_ascii(s, n, t % 5 == 0 ? "x" : "");
	}
	failures += compare_ascii("Stra\xC3\x9F" "e", 7, "");
	failures += compare_ascii("\xC3", 1, "");
	failures += compare_ascii("a\xC5\xBF", 3, ""); /* long s, which NFKC rewrites */
	assert_int_equal(failures, 0);
}

/* ---- the script of a string ---- */

/* The majority vote of lk_text_script, from each character's script alone: the script with
 * the most letters, the first seen on a tie. */
static lk_script reference_script(const char *s, size_t n)
{
	size_t counts[LK_SCRIPT__COUNT] = {0};
	lk_script first = LK_SCRIPT_NONE;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = lk_utf8_decode(s + i, n - i, &cp);
		lk_script sc = lk_text_script(s + i, k);
		i += k;
		if (sc == LK_SCRIPT_NONE)
			continue;
		counts[sc]++;
		if (first == LK_SCRIPT_NONE)
			first = sc;
	}
	lk_script best = first;
	for (int k = 1; k < LK_SCRIPT__COUNT; k++)
		if (counts[k] > counts[best])
			best = (lk_script)k;
	return best;
}

static void test_script__one_script_shortcut_is_exact(void **state)
{
	(void)state;
	/* letters of many scripts, digits and punctuation (no script), marks */
	static const uint32_t pool[] = {
		'a',    'Z',    '1',    '-',    ' ',    0xE9,   0x142,  0x41F,  0x44F,  0x3B1,  0x5D0,
		0x627,  0x64E,  0xAC00, 0xD7A3, 0x1100, 0x4E00, 0x9FFF, 0x3042, 0x30AB, 0x915,  0xE01,
		0x531,  0x10D0, 0x301,  0x2019, 0x3002, 0xFF21, 0x20000, 0x1F600, 0xB7,  0x30FC,
	};
	size_t failures = 0;
	char s[64];
	for (size_t t = 0; t < 50000; t++) {
		size_t n = 0, len = 1 + next(8);
		/* mostly one or two kinds of character, now and then any */
		uint32_t a = pool[next(LK_ARRAY_SIZE(pool))], b = pool[next(LK_ARRAY_SIZE(pool))];
		for (size_t i = 0; i < len; i++) {
			uint32_t r = next(10);
			uint32_t cp = r < 6 ? a : r < 9 ? b : pool[next(LK_ARRAY_SIZE(pool))];
			n += lk_test_put_utf8(s + n, cp);
		}
		lk_script got = lk_text_script(s, n), want = reference_script(s, n);
		if (got != want && failures++ < 5)
			fprintf(stderr, "\"%.*s\": %s, by its characters %s\n", (int)n, s,
			        lk_script_name(got), lk_script_name(want));
	}
	assert_int_equal(failures, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_latinize_cjk_char__every_hangul_syllable),
		cmocka_unit_test(test_latinize_cjk_char__every_han_ideograph),
		cmocka_unit_test(test_latinize_cjk_char__refuses_other_characters),
		cmocka_unit_test(test_latinize_hangul__as_lk_text_latinize),
		cmocka_unit_test(test_han_reading__direct_rows_are_the_searched_ones),
		cmocka_unit_test(test_hangul_put3__as_three_puts),
		cmocka_unit_test(test_translit_variants__of_pure_words),
		cmocka_unit_test(test_latinize__latin_in_one_step_is_exact),
		cmocka_unit_test(test_script__one_script_shortcut_is_exact),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
