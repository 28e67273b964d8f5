/*
 * test_scan_cjk_shortcuts.c - the shortcuts of the Han and Hangul span path give the answers
 * worked out afresh (issue 6, scan-text throughput), on the real lists (UN 2026, OFAC
 * sdn-2024-05-03, UK 2018 in one index).
 *
 * Whether two adjacent words of a Han or Hangul run are linked (some listed name has both)
 * is kept per thread by their parts' keys (lk_scan__parts_linked), and is what
 * lk_scan__shared_names says; with the shortcuts off (lk_scan__set_cjk_shortcuts) it is
 * worked out every time. Whole scans must give the same mentions and counts either way, and
 * the span candidates (lk_scan__cjk_candidates, whose key sets are hash tables) must be what
 * they are for the listed persons.
 */
#include "lk_test.h"
#include "scan/scan_int.h"

#include "lookout/text.h"

#include <stdlib.h>
#include <string.h>

/* Chinese and Korean prose with listed persons among ordinary words, as the word breaker
 * cuts them (Chinese) or as written (Korean). */
static const char *const zh_words[] = {
	"之后", "用户", "安装", "了", "新", "的", "进程", "金", "正恩", "委员长", "会见",
	"了", "代表团", "金正恩", "与", "崔", "龙海", "李", "炳哲", "在", "平壤", "举行",
	"会谈", "普京", "总统", "和", "拉夫罗夫", "外长", "知", "注意", "衣衫", "颜色",
};

static const char *const ko_words[] = {
	"김정은", "위원장과", "최룡해와", "김여정", "부부장이", "담화를", "발표했다",
	"블라디미르", "푸틴", "대통령과", "세르게이", "라브로프", "장관이", "일부", "버전은",
	"서명이", "필요합니다", "미영", "현우", "양이", "리병철", "김", "정은", "설정을",
};

/* Word text analysed alone, as the scanner would. */
static scan_word analysed(const char *text)
{
	scan_ctx c = {.ix = lk_test_ix};
	c.stop_df = lk_test_ix->nnames / 20 > 1000 ? lk_test_ix->nnames / 20 : 1000;
	lk_buf_init(&c.latin, 1 << 16);
	scan_word w;
	memset(&w, 0, sizeof w);
	w.end = w.raw_end = strlen(text);
	w.script = (uint8_t)lk_text_script(text, w.end);
	lk_scan__analyse_word(&c, text, &w, NULL);
	lk_buf_dispose(&c.latin);
	return w;
}

/* Every ordered pair of the name words: lk_scan__parts_linked, asked twice (worked out, then
 * kept) and with the shortcuts off, says what lk_scan__shared_names says; some pairs are
 * linked (金 正恩, 김 정은), most are not. */
static void check_links(const char *const *words, size_t nwords)
{
	scan_word *w = calloc(nwords, sizeof *w);
	assert_non_null(w);
	for (size_t i = 0; i < nwords; i++)
		w[i] = analysed(words[i]);
	scan_tables *t = lk_scan__tables_new(lk_test_ix);
	assert_non_null(t);
	uint32_t *names = malloc(4096 * sizeof *names);
	assert_non_null(names);
	size_t pairs = 0, linked = 0;
	for (int round = 0; round < 3; round++)
		for (size_t i = 0; i < nwords; i++)
			for (size_t j = 0; j < nwords; j++) {
				const scan_form *a = &w[i].form[0], *b = &w[j].form[0];
				if (w[i].nforms == 0 || w[j].nforms == 0)
					continue;
				bool want = lk_scan__shared_names(lk_test_ix, a, a->nparts - 1u, b, 0,
				                                  names, 0, 4096) > 0;
				lk_scan__set_cjk_shortcuts(round < 2);
				bool got = lk_scan__parts_linked(t, a, a->nparts - 1u, b, 0);
				lk_scan__set_cjk_shortcuts(true);
				if (got != want)
					fail_msg("%s %s: linked %d, shared names say %d", words[i], words[j],
					         got, want);
				pairs++;
				linked += got;
			}
	assert_true(linked > 0 && linked < pairs);
	free(names);
	lk_scan__tables_free(t);
	free(w);
}

static void test_links_zh(void **state)
{
	(void)state;
	check_links(zh_words, LK_ARRAY_SIZE(zh_words));
}

static void test_links_ko(void **state)
{
	(void)state;
	check_links(ko_words, LK_ARRAY_SIZE(ko_words));
}

/* Whole scans: the same mentions and stats (as many spans tried and screened: the links
 * decide which spans there are), with and without the shortcuts; twice with them (the thread's
 * kept links and candidates answer the second time). */
static void test_scans(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"金正恩委员长会见了代表团。之后用户安装了新的进程。崔龙海与李炳哲在平壤举行会谈，"
		"普京总统和拉夫罗夫外长也参加了。注意衣衫的颜色，何以知之？",
		"김정은 위원장과 최룡해와 김여정 부부장이 담화를 발표했다. 블라디미르 푸틴 대통령과 "
		"세르게이 라브로프 장관이 리병철을 만났다. 일부 버전은 서명이 필요합니다. 미영 현우 "
		"양이 왔다. 김 위원장은 설정을 변경했다.",
		"金正恩 김정은 Kim Jong Un 위원장 委员长 平壤 평양 普京 푸틴",
	};
	static const size_t least[] = {1, 3, 1}; /* mentions (金正恩; 김정은, 푸틴, 라브로프 ...) */
	for (size_t i = 0; i < LK_ARRAY_SIZE(texts); i++) {
		lk_scan__set_cjk_shortcuts(false);
		lk_scan_result *full = lk_test_scan(texts[i]);
		lk_scan__set_cjk_shortcuts(true);
		for (int round = 0; round < 2; round++) {
			lk_scan_result *r = lk_test_scan(texts[i]);
			lk_test_expect_same_scan(r, full, "scan with the shortcuts");
			lk_scan_result_free(r);
		}
		size_t n = full->count;
		lk_scan_result_free(full);
		if (n < least[i])
			fail_msg("text %zu: %zu mentions, expected %zu or more", i, n, least[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_links_zh),
		cmocka_unit_test(test_links_ko),
		cmocka_unit_test(test_scans),
	};
	return cmocka_run_group_tests(tests, lk_test_acceptance_setup,
	                              lk_test_acceptance_teardown);
}
