/*
 * test_scan_words.c - the scanner's word boundaries are ICU's (issue 6, throughput).
 *
 * text_break.c breaks lines of plain text (letters, digits, spaces, common punctuation)
 * itself and gives every other line to ICU's word break iterator. Here both are compared
 * with ICU alone (lk_scan__words_init with LK_SCAN__WORDS_ICU) on: every code point below U+3000 in
 * many contexts (each kind of neighbour, both sides, at the ends of the text); every sequence
 * of up to three characters drawn from one of each kind, and of five from the kinds that
 * join and separate words; random texts that mix covered and
 * uncovered characters (combining marks, format characters, Hebrew, Han, Hangul, Thai,
 * emoji) across lines; and real text, the seed news page and paragraphs in other scripts.
 * Every segment must match: its bytes and its rule status; and so must the words alone
 * (segments of status UBRK_WORD_NUMBER and above), which is what the scanner asks for.
 */
#include "lk_test.h"
#include "scan/scan_int.h"
#include "words_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uversion.h>

/* Both ways give the same segments of text[0..len) (flags: LK_SCAN__WORDS_ONLY or 0). */
static void same_segments(const char *text, size_t len, unsigned flags)
{
	same_segments_as_icu(text, len, flags);
}

/* All segments, and the words alone (as the scanner takes them). */
static void same(const char *text, size_t len)
{
	same_segments(text, len, 0);
	same_segments(text, len, LK_SCAN__WORDS_ONLY);
}

static void same_str(const char *s)
{
	same(s, strlen(s));
}

/* One character of each kind, and some of each kind in other scripts. */
static const char *const reps[] = {
	"a", "Z", "\xC3\xA9" /* é */, "\xD0\xB6" /* ж */, "\xD8\xB9" /* Arabic ain */,
	"\xCE\xB1" /* alpha */, "1", "\xD9\xA3" /* Arabic-Indic 3 */, "_",
	"\xE2\x80\xAF" /* narrow no-break space: ExtendNumLet */, ".", ",", ";", ":", "'",
	"\xE2\x80\x99" /* right single quote */, "\xC2\xB7" /* middle dot: MidLetter */, "\"",
	" ", "\xE3\x80\x80" /* ideographic space (not covered) */, "\t", "!", "-", "\xC2\xA0", "@",
	"\n", "\r", "\x0C", "\xE2\x80\xA8" /* line separator */,
};
#define NREPS (sizeof reps / sizeof *reps)

/* Characters the fast path does not cover, for the mixed texts. */
static const char *const uncovered[] = {
	"\xCC\x81" /* combining acute */, "\xC2\xAD" /* soft hyphen */,
	"\xE2\x80\x8D" /* ZWJ */, "\xD7\x90" /* alef */, "\xE4\xB8\xAD" /* Han */,
	"\xEA\xB9\x80" /* Hangul */, "\xE0\xB8\x81" /* Thai */, "\xF0\x9F\x98\x80" /* emoji */,
	"\xE3\x82\xA2" /* katakana */, "\xC2\xA9" /* copyright sign: pictographic */,
	"\xEF\xBB\xBF" /* BOM */, "\xF0\x9F\x87\xA9" /* regional indicator */,
};

static void test_every_code_point_in_context(void **state)
{
	(void)state;
	failures = 0;
	static const char *const around[] = {"a", "\xD0\xB6", "1", "_", ".", ",", "'", " ", "!",
	                                     "\n", "\xC2\xB7", "\r", ":"};
	char x[4], buf[64];
	for (uint32_t cp = 0; cp < 0x3000; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		size_t xl = lk_test_put_utf8(x, cp);
		x[xl] = 0;
		snprintf(buf, sizeof buf, "%s", x);
		same_str(buf);
		snprintf(buf, sizeof buf, "%s%s%s", x, x, x);
		same_str(buf);
		for (size_t i = 0; i < sizeof around / sizeof *around; i++) {
			const char *p = around[i];
			/* (all segments; the words alone in one context, for time) */
			snprintf(buf, sizeof buf, "%s%s", p, x);
			same_segments(buf, strlen(buf), 0);
			snprintf(buf, sizeof buf, "%s%s", x, p);
			same_segments(buf, strlen(buf), 0);
			snprintf(buf, sizeof buf, "%s%s%s", p, x, p);
			same_str(buf);
			snprintf(buf, sizeof buf, "a%s%sb", p, x);
			same_segments(buf, strlen(buf), 0);
			snprintf(buf, sizeof buf, "1%s%s2", x, p);
			same_segments(buf, strlen(buf), 0);
		}
		static const char *const pats[] = {"ab%sc", "12%s3", "a%s1", "1%sa", "x.%sy", "%s.y",
		                                   "9,%s", "%s,9", "a'%s", "%s'a", "a %s b"};
		for (size_t i = 0; i < sizeof pats / sizeof *pats; i++) {
			snprintf(buf, sizeof buf, pats[i], x);
			same_segments(buf, strlen(buf), 0);
		}
	}
	assert_int_equal(failures, 0);
}

/* Every sequence of n characters drawn from set[0..nset), appended to buf[0..o). */
static void sequences(char *buf, size_t o, size_t n, const char *const *set, size_t nset)
{
	if (n == 0) {
		same(buf, o);
		return;
	}
	for (size_t i = 0; i < nset; i++) {
		size_t l = strlen(set[i]);
		memcpy(buf + o, set[i], l);
		sequences(buf, o + l, n - 1, set, nset);
	}
}

/* Every sequence of up to three representatives, and of four and five of the kinds that
 * join words (a letter, a digit, ExtendNumLet, the Mid kinds) and that separate them. */
static void test_every_short_sequence(void **state)
{
	(void)state;
	failures = 0;
	static const char *const core[] = {"a", "1", "_", ".", ",", "'", "\xC2\xB7", " ", "!"};
	char buf[64];
	for (size_t n = 1; n <= 3; n++)
		sequences(buf, 0, n, reps, NREPS);
	for (size_t n = 4; n <= 5; n++)
		sequences(buf, 0, n, core, sizeof core / sizeof *core);
	assert_int_equal(failures, 0);
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint64_t next_rand(void)
{
	return lk_test_rand(&rng);
}

/* Random texts: runs of letters and digits with the punctuation that joins and separates
 * them, some uncovered characters, several lines. */
static void test_random_texts(void **state)
{
	(void)state;
	failures = 0;
	char buf[1024];
	for (size_t t = 0; t < 40000; t++) {
		size_t o = 0, chars = 1 + next_rand() % 80;
		bool mixed = t % 3 == 0;
		for (size_t c = 0; c < chars && o + 8 < sizeof buf; c++) {
			uint64_t r = next_rand();
			const char *p;
			if (mixed && r % 23 == 0)
				p = uncovered[(r >> 8) % (sizeof uncovered / sizeof *uncovered)];
			else if (r % 3 == 0)
				p = reps[(r >> 8) % 6]; /* letters */
			else
				p = reps[(r >> 8) % NREPS];
			size_t l = strlen(p);
			memcpy(buf + o, p, l);
			o += l;
		}
		same(buf, o);
	}
	assert_int_equal(failures, 0);
}

/* Real text: the seed page, whole and line by line, and paragraphs in other scripts. */
static void test_real_text(void **state)
{
	(void)state;
	failures = 0;
	size_t len;
	char *page = lk_test_read_file(lk_test_data("text/news_de_russia_dprk_pact_2024-06-19.txt"),
	                               &len);
	for (size_t from = 0; from < len;) {
		size_t to = from + 3000 < len ? from + 3000 : len;
		while (to < len && page[to] != '\n')
			to++;
		same(page + from, to - from);
		from = to;
	}
	for (char *line = page; *line;) {
		char *nl = strchr(line, '\n');
		size_t l = nl ? (size_t)(nl - line) : strlen(line);
		same(line, l);
		line += l + (nl != NULL);
	}
	free(page);
	static const char *const texts[] = {
		"Президент России Владимир Путин прибыл в Пхеньян. Путина сопровождали министр "
		"иностранных дел Сергей Лавров (МИД РФ) и т.д., 1,5 млн. руб.; «Ким Ир Сен» — "
		"площадь.\r\nЁлка-палка, д'Артаньян, 3.14 и 2,718.",
		"블라디미르 푸틴 러시아 대통령은 평양에서 김정은 국무위원장과 회담했다. Kim Jong-un, "
		"金正恩, プーチン大統領.",
		"وصل الرئيس الروسي فلاديمير بوتين إلى بيونغ يانغ. وَرافق بوتين وزير ٢٠٢٤ لافروف.",
		"O'Brien's e.g. U.S.A. 1,000.50 $12.5m foo_bar __init__ x\xE2\x80\xAFy a.b.c. "
		"l'\xC3\xA9t\xC3\xA9 \xC3\xA0 S\xC3\xA3o Paulo co\xC3\xB6perate na\xC3\xAFve "
		"\xCE\x91\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1 \xD4\xB1\xD5\xA2 \xE1\x83\x97 \xCB\x88x",
		"PutinWHO Shappswarnte IMO 9413559 IMO9413559 Kim-Il-Sung-Platz \xE2\x80\x93 a\xC2\xA0" "b "
		"\xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x80\xA6 50% 10:30 a:b 5\xC2\xB7" "6 \xD7\x90\xD7\x91",
		"line one\nline two \xE4\xB8\xAD\xE6\x96\x87\nline three\n\nsoft\xC2\xADhyphen\nend",
	};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		same_str(texts[i]);
	assert_true(compared > 100);
	assert_int_equal(failures, 0);
}

/* What the word analysis assumes of ASCII and basic Cyrillic instead of asking ICU
 * (name_like in text.c, camel_break in text_words.c): upper case is A-Z and U+0400..U+042F,
 * lower case a-z, and none of them is title case. */
static void test_ascii_case_as_icu(void **state)
{
	(void)state;
	for (UChar32 c = 0; c < 0x80; c++) {
		assert_int_equal(u_isupper(c) != 0, c >= 'A' && c <= 'Z');
		assert_int_equal(u_islower(c) != 0, c >= 'a' && c <= 'z');
		assert_false(u_istitle(c));
	}
	for (UChar32 c = 0x400; c < 0x460; c++) {
		assert_int_equal(u_isupper(c) != 0, c < 0x430);
		assert_false(u_istitle(c));
	}
}

/* The fast breaker only runs with the ICU its rules were checked against; with another one the
 * comparisons above compare ICU with itself, and this says so instead of passing quietly. */
static void test_checked_icu(void **state)
{
	(void)state;
	UVersionInfo v;
	u_getVersion(v);
	if (!lk_text__icu_checked()) {
		print_message("ICU %u is not ICU %d: the fast word breaker is off, every line goes "
		              "to ICU\n", v[0], LK_TEXT__ICU_CHECKED_MAJOR);
		skip();
	}
	assert_int_equal(v[0], LK_TEXT__ICU_CHECKED_MAJOR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_code_point_in_context),
		cmocka_unit_test(test_every_short_sequence),
		cmocka_unit_test(test_random_texts),
		cmocka_unit_test(test_real_text),
		cmocka_unit_test(test_ascii_case_as_icu),
		cmocka_unit_test(test_checked_icu),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
