/*
 * test_scan_readings.c - Hangul and Han words are keyed character by character exactly as
 * they are keyed from their whole reading (issue 6, throughput).
 *
 * The scanner keys a word of Hangul syllables (default, MR and DPRK readings) or of CJK
 * unified ideographs (every reading) from what it knows of each character's reading, kept
 * per thread (text_words.c, char_keys). That holds if such a word's reading is its
 * characters' readings one by one, space-separated: checked here with lk_text_latinize on
 * every syllable and ideograph in each of those readings, alone, with another character on
 * either side, and in random words of two to eight characters. Then scans of Chinese and
 * Korean texts, with names in Han and Hangul inserted, are compared with the scanner's
 * caches on (this cache among them; cold, then warm) and off (every word read whole).
 */
#include "lk_test.h"
#include "scan_test.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void lk_scan__set_caching(bool on); /* src/lib/scan/scan_int.h */

/* ---- words read as their characters ---- */

#define HANGUL_FIRST 0xAC00u
#define HANGUL_LAST 0xD7A3u
#define HAN_FIRST 0x4E00u
#define HAN_LAST 0x9FFFu

static const lk_translit hangul_variants[] = {LK_TRANSLIT_DEFAULT, LK_TRANSLIT_HANGUL_MR,
                                              LK_TRANSLIT_HANGUL_DPRK};
static const lk_translit han_variants[] = {LK_TRANSLIT_DEFAULT, LK_TRANSLIT_HANGUL_MR,
                                           LK_TRANSLIT_HANGUL_DPRK, LK_TRANSLIT_HAN_MANDARIN,
                                           LK_TRANSLIT_HAN_JAPANESE};

static size_t failures, checked;

/* The reading of one character (malloc'd). */
static char *reading(uint32_t cp, lk_translit v)
{
	char in[4];
	size_t n = lk_test_put_utf8(in, cp);
	lk_buf b;
	lk_buf_init(&b, 1 << 16);
	assert_int_equal(lk_text_latinize(&b, in, n, v), 0);
	char *r = strdup(lk_buf_cstr(&b));
	assert_non_null(r);
	lk_buf_dispose(&b);
	return r;
}

/* The word cps[0..n) reads in v as its characters' readings (singles[cp - first]) joined by
 * single spaces, the empty ones left out. */
static void same_as_characters(const uint32_t *cps, size_t n, lk_translit v, char **singles,
                               uint32_t first)
{
	char word[64];
	size_t wn = 0;
	lk_buf want;
	lk_buf_init(&want, 1 << 16);
	for (size_t i = 0; i < n; i++) {
		wn += lk_test_put_utf8(word + wn, cps[i]);
		const char *r = singles[cps[i] - first];
		if (!*r)
			continue;
		if (want.len)
			lk_buf_putc(&want, ' ');
		lk_buf_puts(&want, r);
	}
	lk_buf got;
	lk_buf_init(&got, 1 << 16);
	assert_int_equal(lk_text_latinize(&got, word, wn, v), 0);
	checked++;
	if (strcmp(lk_buf_cstr(&got), lk_buf_cstr(&want)) != 0 && failures++ < 10)
		fprintf(stderr, "\"%.*s\" (variant %d): \"%s\", its characters \"%s\"\n", (int)wn, word,
		        (int)v, lk_buf_cstr(&got), lk_buf_cstr(&want));
	lk_buf_dispose(&got);
	lk_buf_dispose(&want);
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static void words_of(uint32_t first, uint32_t last, const lk_translit *vs, size_t nv)
{
	size_t count = last - first + 1;
	char **singles = calloc(count, sizeof *singles);
	assert_non_null(singles);
	for (size_t k = 0; k < nv; k++) {
		for (uint32_t cp = first; cp <= last; cp++)
			singles[cp - first] = reading(cp, vs[k]);
		for (uint32_t cp = first; cp <= last; cp++) {
			/* alone, then with a random neighbour on each side */
			uint32_t w[3] = {cp, first + (uint32_t)(lk_test_rand(&rng) % count), cp};
			same_as_characters(w, 1, vs[k], singles, first);
			same_as_characters(w, 2, vs[k], singles, first);
			same_as_characters(w + 1, 2, vs[k], singles, first);
		}
		for (size_t t = 0; t < 20000; t++) {
			uint32_t w[8];
			size_t n = 2 + (size_t)(lk_test_rand(&rng) % 7);
			for (size_t i = 0; i < n; i++)
				w[i] = first + (uint32_t)(lk_test_rand(&rng) % count);
			same_as_characters(w, n, vs[k], singles, first);
		}
		for (uint32_t cp = first; cp <= last; cp++)
			free(singles[cp - first]);
	}
	free(singles);
}

static void test_hangul_words_read_as_their_syllables(void **state)
{
	(void)state;
	words_of(HANGUL_FIRST, HANGUL_LAST, hangul_variants,
	         sizeof hangul_variants / sizeof *hangul_variants);
	assert_int_equal(failures, 0);
	assert_true(checked > 3 * 11172);
}

static void test_han_words_read_as_their_characters(void **state)
{
	(void)state;
	words_of(HAN_FIRST, HAN_LAST, han_variants, sizeof han_variants / sizeof *han_variants);
	assert_int_equal(failures, 0);
}

/* ---- scans with and without the caches ---- */

/* Texts written for this test: listed and unlisted people in Chinese and Korean, with
 * titles, particles, and words of both scripts mixed with Latin letters and digits. */
static const char *const texts[] = {
	"俄罗斯总统普京抵达平壤，与朝鲜领导人金正恩举行会谈。俄罗斯外交部长拉夫罗夫和国防部长别洛乌索夫"
	"陪同普京访问。专家高有焕表示，两国签署了全面战略伙伴关系条约。金正恩委员长在金日成广场迎接普京。",
	"习近平主席会见了来访的客人。李强总理和王毅外长出席。会谈在人民大会堂举行，双方就共同关心的问题"
	"交换了意见。据新华社报道，双方同意加强合作。",
	"블라디미르 푸틴 러시아 대통령은 평양에서 김정은 국무위원장과 회담했다. 세르게이 라브로프 "
	"외무장관과 안드레이 벨로우소프 국방장관이 푸틴 대통령을 수행했다. 고유환 교수는 "
	"김일성광장에서 말했다. 金正恩 위원장은 普京 대통령을 맞이했다.",
	"김여정 부부장은 담화를 발표했다. 최선희 외무상과 리선권 통일전선부장이 참석했다. 기자 "
	"홍길동은 KCNA 보도를 인용해 2024년 6월 19일 조약이 체결되었다고 전했다.",
	"東京で金正恩氏とプーチン大統領の会談について報じた。北朝鮮の崔善姫外相も同席した。",
};

/* Han and Hangul paragraphs of this test, each with names from the yente negatives
 * (those written in Han or Hangul) and a listed name or two inserted at random places. */
/* The first CSV column of each line whose first byte starts a three-byte character (Han,
 * Hangul, kana), without its spaces (as the names are written in running text). */
static void cjk_names(const char *rel, lk_test_strs *out)
{
	size_t len;
	char *b = lk_test_read_file(lk_test_data(rel), &len);
	char *line = strchr(b, '\n');
	while (line && *++line) {
		char *end = strchr(line, '\n');
		char *comma = strchr(line, ',');
		if (comma && (!end || comma < end) && ((unsigned char)*line & 0xF0) == 0xE0) {
			char *name = malloc((size_t)(comma - line) + 1);
			assert_non_null(name);
			size_t k = 0;
			for (const char *p = line; p < comma; p++)
				if (*p != ' ')
					name[k++] = *p;
			name[k] = 0;
			lk_test_strs_push(out, name);
		}
		line = end;
	}
	free(b);
}

static const char *const listed[] = {"金正恩", "김정은", "普京", "푸틴", "拉夫罗夫", "라브로프",
                                     "崔善姬", "최선희", "김여정", "金與正"};

/* ndocs texts: the texts above with names inserted after one character in twenty, and a
 * space after one character in forty. */
static void corpus(lk_test_strs *docs, size_t ndocs)
{
	lk_test_strs neg = {0};
	cjk_names("eval/yente_benchmark/negatives_global.csv", &neg);
	assert_true(neg.n > 1000);
	size_t ntexts = sizeof texts / sizeof *texts;
	for (size_t d = 0; d < ndocs; d++) {
		const char *p = texts[lk_test_rand(&rng) % ntexts];
		size_t n = strlen(p);
		lk_buf b;
		lk_buf_init(&b, 0);
		for (size_t i = 0; i < n;) {
			size_t m = ((unsigned char)p[i] & 0xF0) == 0xE0 ? 3 : 1;
			lk_buf_put(&b, p + i, m);
			i += m;
			uint64_t r = lk_test_rand(&rng) % 40;
			if (m == 3 && r == 0)
				lk_buf_puts(&b, neg.v[lk_test_rand(&rng) % neg.n]);
			else if (m == 3 && r == 1)
				lk_buf_puts(&b, listed[lk_test_rand(&rng) % (sizeof listed / sizeof *listed)]);
			else if (r == 2)
				lk_buf_puts(&b, " ");
		}
		lk_test_strs_push(docs, lk_buf_detach(&b));
	}
	lk_test_strs_free(&neg);
}

static void test_cjk_cached_equals_uncached(void **state)
{
	(void)state;
	lk_test_strs all = {0};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		lk_test_strs_push(&all, strdup(texts[i]));
	corpus(&all, 150);
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		lk_test_strs_push(&all, strdup(texts[i]));

	lk_scan_result **off = scan_cold_warm_off((const char *const *)all.v, all.n);
	size_t mentions = 0, name_words = 0;
	for (size_t i = 0; i < all.n; i++) {
		mentions += off[i]->count;
		name_words += off[i]->stats.name_words;
	}
	scan_results_free(off, all.n);
	/* The texts do exercise the readings: many words with forms, some mentions. */
	assert_true(mentions > 20);
	assert_true(name_words > 1000);
	lk_test_strs_free(&all);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hangul_words_read_as_their_syllables),
		cmocka_unit_test(test_han_words_read_as_their_characters),
		cmocka_unit_test_setup_teardown(test_cjk_cached_equals_uncached,
		                                lk_test_acceptance_setup, lk_test_acceptance_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
