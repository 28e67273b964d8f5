/*
 * test_scan_words_cjk.c - the lines the scanner gives ICU are broken as ICU breaks them in
 * UTF-8 (issue 6, throughput).
 *
 * text_break.c gives ICU's word break iterator the lines it does not break itself (Han, kana,
 * Hangul, emoji, combining marks ...) in UTF-16, with a map back to byte offsets, unless they
 * hold a character of the complex-context scripts (Thai, Lao, Myanmar, Khmer), whose ICU
 * dictionaries break UTF-8 otherwise. Compared here with ICU alone on the whole text in UTF-8
 * (LK_SCAN__WORDS_ICU), segment by segment (bytes and rule status): every code point from
 * U+2E80 to U+FFFF and a sample of the supplementary planes, each in several contexts
 * (doubled, tripled, between Han characters, after Hangul, before a Latin word and a line
 * break); random texts of Han words, kana, Hangul, CJK punctuation, full-width forms,
 * supplementary ideographs, emoji, Latin, digits, spaces and line breaks; and Chinese,
 * Japanese and Korean sentences.
 */
#include "lk_test.h"
#include "scan/scan_int.h"
#include "words_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Both ways give the same segments of text[0..len), all of them and the words alone. */
static void same_segments(const char *text, size_t len)
{
	same_segments_as_icu(text, len, 0);
	same_segments_as_icu(text, len, LK_SCAN__WORDS_ONLY);
}

/* UTF-8 of any code point. */
static size_t put(char *o, uint32_t cp)
{
	if (cp < 0x10000)
		return lk_test_put_utf8(o, cp);
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

static bool is_scalar(uint32_t cp)
{
	return cp < 0xD800 || (cp > 0xDFFF && cp <= 0x10FFFF);
}

/* cp in contexts of Han, Hangul, Latin and line breaks. */
static void in_contexts(uint32_t cp)
{
	static const char *const before[] = {"", "中国", "김정은", "Putin ", "\n", "東京で"};
	static const char *const after[] = {"", "人民", "위원장", " Lawrow\n", "。", "です"};
	char c[8];
	size_t n = put(c, cp);
	for (size_t b = 0; b < sizeof before / sizeof *before; b++) {
		char buf[128];
		size_t k = strlen(before[b]);
		memcpy(buf, before[b], k);
		size_t reps = 1 + (cp + b) % 3; /* alone, doubled or tripled */
		for (size_t r = 0; r < reps; r++) {
			memcpy(buf + k, c, n);
			k += n;
		}
		const char *a = after[(cp + b) % (sizeof after / sizeof *after)];
		memcpy(buf + k, a, strlen(a));
		k += strlen(a);
		same_segments(buf, k);
	}
}

static void test_every_cjk_code_point_in_context(void **state)
{
	(void)state;
	for (uint32_t cp = 0x2E80; cp < 0x10000; cp++)
		if (is_scalar(cp))
			in_contexts(cp);
	for (uint32_t cp = 0x10000; cp < 0x32000; cp += 7)
		in_contexts(cp);
	assert_int_equal(failures, 0);
	assert_true(compared > 100000);
}

/* Every Hangul syllable next to each kind of character text_break.c breaks itself, on
 * either side and on both: it breaks lines of Hangul, letters, digits, spaces and common
 * punctuation without ICU, where a syllable joins syllables only. */
static void test_hangul_next_to_every_kind(void **state)
{
	(void)state;
	static const char *const next[] = {
		"a", "Z", "\xC3\xA9", "\xD0\xB6", "\xD8\xB9", "1", "\xD9\xA3", "_", "\xE2\x80\xBF", "'",
		"\xE2\x80\x99", ".", ":", ",", ";", "\xC2\xB7", "-", " ", "\xC2\xA0", "\xE3\x80\x80", "\t",
		"\n", "\r\n", "\x0C", "\xE2\x80\xA8", "\"", "!", "@", "\xEA\xB9\x80", "a1", "1a", "a'b",
		"1.2", "_a", "a_",
	};
	size_t nn = sizeof next / sizeof *next;
	for (uint32_t cp = 0xAC00; cp <= 0xD7A3; cp++) {
		char c[4], buf[64];
		size_t n = lk_test_put_utf8(c, cp);
		const char *a = next[cp % nn], *b = next[(cp / nn) % nn];
		size_t k = 0;
		/* a, syllable, b; syllable, a; b, syllable; a, syllable, a, syllable */
		k = 0;
		memcpy(buf + k, a, strlen(a)), k += strlen(a);
		memcpy(buf + k, c, n), k += n;
		memcpy(buf + k, b, strlen(b)), k += strlen(b);
		same_segments(buf, k);
		k = 0;
		memcpy(buf + k, c, n), k += n;
		memcpy(buf + k, a, strlen(a)), k += strlen(a);
		same_segments(buf, k);
		k = 0;
		memcpy(buf + k, b, strlen(b)), k += strlen(b);
		memcpy(buf + k, c, n), k += n;
		same_segments(buf, k);
		k = 0;
		for (int r = 0; r < 2; r++) {
			memcpy(buf + k, a, strlen(a)), k += strlen(a);
			memcpy(buf + k, c, n), k += n;
		}
		same_segments(buf, k);
	}
	/* every kind on both sides of a word of two syllables */
	for (size_t i = 0; i < nn; i++)
		for (size_t j = 0; j < nn; j++) {
			char buf[64];
			int k = snprintf(buf, sizeof buf, "%s\xEA\xB9\x80\xEC\xA0\x95%s", next[i], next[j]);
			same_segments(buf, (size_t)k);
		}
	assert_int_equal(failures, 0);
}

static uint64_t rng = 0xC0FFEE1234567ull;

static uint32_t pick(uint32_t lo, uint32_t hi)
{
	return lo + (uint32_t)(lk_test_rand(&rng) % (hi - lo + 1));
}

static void test_random_cjk_texts(void **state)
{
	(void)state;
	static const char *const words[] = {
		"中华人民共和国", "习近平", "金正恩", "普京", "北京", "委员长", "的", "了", "在",
		"東京", "ソウル", "プーチン", "です", "ました", "김정은", "위원장", "대통령은", "평양에서",
		"。", "，", "、", "「", "」", "（", "）", "！", "？", "：", "・", "ー", "々", "〇",
		"Ａｂｃ", "１２３", "2024", "Putin", "IMO 9413559", " ", " ", "\n", "\r\n", "-", "'",
		"😀", "👍🏽", "\xE2\x80\x8D", "\xCC\x81", "\xF0\xA0\x80\x80", "\xF0\xAA\x9A\xB2",
	};
	char *buf = malloc(8192);
	assert_non_null(buf);
	for (int t = 0; t < 3000; t++) {
		size_t k = 0, n = 1 + (size_t)(lk_test_rand(&rng) % 60);
		for (size_t i = 0; i < n && k < 8000; i++) {
			uint64_t r = lk_test_rand(&rng) % 10;
			if (r < 5) {
				const char *w = words[lk_test_rand(&rng) % (sizeof words / sizeof *words)];
				memcpy(buf + k, w, strlen(w));
				k += strlen(w);
			} else if (r < 7) {
				k += put(buf + k, pick(0x4E00, 0x9FFF));
			} else if (r < 8) {
				k += put(buf + k, pick(0xAC00, 0xD7A3));
			} else if (r < 9) {
				k += put(buf + k, pick(0x3040, 0x30FF));
			} else {
				k += put(buf + k, pick(0x20000, 0x2A6DF));
			}
		}
		same_segments(buf, k);
	}
	free(buf);
	assert_int_equal(failures, 0);
}

static void test_sentences(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"俄罗斯总统普京抵达平壤，与朝鲜领导人金正恩举行会谈。俄罗斯外交部长拉夫罗夫和国防部长"
		"别洛乌索夫陪同普京访问。\n专家表示，两国签署了全面战略伙伴关系条约（2024年6月19日）。",
		"東京で金正恩氏とプーチン大統領の会談について報じた。北朝鮮の崔善姫外相も同席した。",
		"블라디미르 푸틴 러시아 대통령은 평양에서 김정은 국무위원장과 회담했다.\r\n세르게이 "
		"라브로프 외무장관과 안드레이 벨로우소프 국방장관이 푸틴 대통령을 수행했다.",
		"中文English한국어日本語ไทยລາວ混合\n中文，下一行",
		/* ICU breaks these otherwise in UTF-8 than in UTF-16: given to it in UTF-8 */
		"金正恩ຂຂຂ普京", "김정은 ခခခ 위원장\n中国", "ຄຄຄ\n習近平",
		"金正恩\xE2\x80\x8B委员长和\xE2\x80\x8D普京\xCC\x81。",
	};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		same_segments(texts[i], strlen(texts[i]));
	assert_int_equal(failures, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_cjk_code_point_in_context),
		cmocka_unit_test(test_hangul_next_to_every_kind),
		cmocka_unit_test(test_random_cjk_texts),
		cmocka_unit_test(test_sentences),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
