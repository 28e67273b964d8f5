/*
 * test_scan_cjk.c - Han and Hangul spans in running text (issue 6, scan-text throughput), on
 * the real lists (UN 2026, OFAC sdn-2024-05-03, UK 2018 in one index).
 *
 * A span written in Han or Hangul is a mention only if some reading of it has every core part
 * of the listed name (docs/SCANNING.md), so its candidates are the names whose parts its
 * readings' keys meet (lk_scan__cjk_candidates), and a span without any is not screened. This
 * checks that the listed persons are still found in all their writings (Hangul with and
 * without particles, Hanja, other romanisations of the same syllables, foreign names in
 * Hangul), that the candidates are what the judge can take, and that ordinary words are
 * neither screened nor reported.
 */
#include "lk_test.h"
#include "scan/scan_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define PUTIN "ofac-35096"
#define KIM "ofac-20157"
#define LAVROV "ofac-35233"
#define KIM_YO_JONG "ofac-21444"   /* KIM, Yo Jong */
#define CHOE_RYONG_HAE "ofac-23213" /* CHOE, Ryong Hae */
#define RI_PYONG_CHOL "ofac-23215" /* RI, Pyong Chol */

/* The mention whose text is exactly `word` at its first occurrence in text, or a failure. */
static const lk_scan_mention *mention_of(const lk_scan_result *r, const char *text,
                                         const char *word)
{
	const char *p = strstr(text, word);
	assert_non_null(p);
	size_t at = (size_t)(p - text);
	for (size_t i = 0; i < r->count; i++)
		if (r->mentions[i].start == at && r->mentions[i].end == at + strlen(word))
			return &r->mentions[i];
	fail_msg("'%s' at byte %zu: no mention of exactly it", word, at);
	return NULL;
}

static void expect_mention(const lk_scan_result *r, const char *text, const char *word,
                           const char *id)
{
	const lk_scan_mention *m = mention_of(r, text, word);
	if (strcmp(m->results[0].entity->id, id) != 0)
		fail_msg("'%s': %s (%s), expected %s", word, m->results[0].entity->id,
		         m->results[0].entity->caption, id);
	assert_true(m->results[0].match);
}

static void expect_no_mention(const lk_scan_result *r)
{
	if (r->count)
		fail_msg("unexpected mention %zu-%zu: %s (%s)", r->mentions[0].start,
		         r->mentions[0].end, r->mentions[0].results[0].entity->id,
		         r->mentions[0].results[0].entity->caption);
}

/* Does the candidate list hold a name of entity id? */
static bool has_entity(const uint32_t *names, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(lk_test_ix->entities[lk_test_ix->names[names[i]].entity]->id, id) == 0)
			return true;
	return false;
}

/* Listed Korean persons written in Hangul (with particles after them, and with a title) and
 * in Hanja: their syllables read as the lists romanise them (RR jeong, MR chong, DPRK jong;
 * 리 as Ri), the given name joined or not. */
static void test_korean_persons(void **state)
{
	(void)state;
	const char *text = "김정은은 평양에서 최룡해와 만났다. 김여정 부부장이 담화를 발표했다. "
	                   "리병철 위원장도 참석했다. 金正恩 委员长 会见了 代表团.";
	lk_scan_result *r = lk_test_scan(text);
	expect_mention(r, text, "김정은은", KIM);
	expect_mention(r, text, "최룡해와", CHOE_RYONG_HAE);
	expect_mention(r, text, "김여정", KIM_YO_JONG);
	expect_mention(r, text, "리병철", RI_PYONG_CHOL);
	expect_mention(r, text, "金正恩", KIM);
	lk_scan_result_free(r);
}

/* Foreign names transcribed in Hangul keep their way (the pairs of the words, read as
 * foreign names), and are still found alongside a Korean one. */
static void test_foreign_names_in_hangul(void **state)
{
	(void)state;
	const char *text = "블라디미르 푸틴 대통령과 세르게이 라브로프 장관이 김정은 위원장을 만났다.";
	lk_scan_result *r = lk_test_scan(text);
	expect_mention(r, text, "블라디미르 푸틴", PUTIN);
	expect_mention(r, text, "세르게이 라브로프", LAVROV);
	expect_mention(r, text, "김정은", KIM);
	lk_scan_result_free(r);
}

/*
 * The candidates of a span: the names whose every core part its readings meet. 김정은 has KIM
 * Jong Un among them, in every reading (Hangul, Hanja; with the family name first); ordinary
 * words have none, and a name whose family name is not the first syllable is none (정은김).
 */
static void test_candidates(void **state)
{
	(void)state;
	scan_tables *t = lk_scan__tables_new(lk_test_ix);
	assert_non_null(t);
	uint32_t *names = malloc(4096 * sizeof *names);
	assert_non_null(names);
	static const char *const kim[] = {"김정은", "金正恩", "김 정은", "김정 은"};
	for (size_t i = 0; i < LK_ARRAY_SIZE(kim); i++) {
		size_t n = lk_scan__cjk_candidates(t, kim[i], LK_SCHEMA_UNKNOWN, names, 4096);
		assert_true(n > 0 && n <= 4096);
		if (!has_entity(names, n, KIM))
			fail_msg("%s: KIM Jong Un is no candidate", kim[i]);
	}
	size_t n = lk_scan__cjk_candidates(t, "정은김", LK_SCHEMA_UNKNOWN, names, 4096);
	assert_true(n <= 4096);
	assert_false(has_entity(names, n, KIM));
	/* "install", "user", "some", "the version", "install the process" */
	static const char *const words[] = {"安装", "用户", "일부", "버전은", "安装 了 新 的 进程"};
	for (size_t i = 0; i < LK_ARRAY_SIZE(words); i++) {
		n = lk_scan__cjk_candidates(t, words[i], LK_SCHEMA_UNKNOWN, names, 4096);
		if (n != 0)
			fail_msg("%s: %zu candidates, the first %s (%s)", words[i], n,
			         lk_test_ix->entities[lk_test_ix->names[names[0]].entity]->id,
			         lk_test_ix->entities[lk_test_ix->names[names[0]].entity]->caption);
	}
	/* asked again: the kept answer, the same */
	size_t a = lk_scan__cjk_candidates(t, "김정은", LK_SCHEMA_UNKNOWN, names, 4096);
	uint32_t first = names[0];
	size_t b = lk_scan__cjk_candidates(t, "김정은", LK_SCHEMA_UNKNOWN, names, 4096);
	assert_int_equal(a, b);
	assert_int_equal(first, names[0]);
	/* fewer asked for than there are: max + 1 */
	assert_int_equal(lk_scan__cjk_candidates(t, "김정은", LK_SCHEMA_UNKNOWN, names, 0), 1);
	free(names);
	lk_scan__tables_free(t);
}

/*
 * Ordinary Chinese and Korean prose is neither reported nor, for the most part, screened:
 * its spans meet no listed name in every core part. Common words whose readings meet parts
 * of listed names under the canonical spelling only (知 read ji ~ the II of HAI II, 注 zhu ~
 * ZHOU), or read as a foreign word by skeleton (somyongi ~ SO Myong), or unlisted Korean
 * given names read as a foreign name (미영 현우 양 ~ Hyon U JANG) are no mentions.
 */
static void test_ordinary_prose(void **state)
{
	(void)state;
	const char *zh = "之后用户安装了新的进程。何以知之？注意衣衫的颜色，有人说之乎者也。"
	                 "在命令行中输入以下内容，然后按回车键。";
	lk_scan_result *r = lk_test_scan(zh);
	expect_no_mention(r);
	assert_true(r->stats.screened < r->stats.spans); /* most spans have no candidate */
	lk_scan_result_free(r);

	const char *ko = "일부 버전은 서명이 필요합니다. 이 수는 정수이다. 있는 주소록을 다른 데비안 "
	                 "자료가 있나요. 미영 현우 양이 왔다. 설정을 변경하려면 다음 단계를 따르십시오.";
	r = lk_test_scan(ko);
	expect_no_mention(r);
	lk_scan_result_free(r);
}

/* The same text scanned by two threads' caches and without caches gives the same mentions:
 * the key table is shared by the threads of an index, the readings are the thread's. */
static void *scan_thread(void *p)
{
	const char *text = p;
	lk_scan_result *r = NULL;
	if (lk_scan_text(&r, lk_test_ix, text, strlen(text), NULL) != 0)
		return NULL;
	return r;
}

static void test_threads_and_caches(void **state)
{
	(void)state;
	const char *text = "김정은 위원장과 金正恩, 최룡해와 김여정. 之后用户安装了新的进程。";
	pthread_t th[3];
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(pthread_create(&th[i], NULL, scan_thread, (void *)text), 0);
	lk_scan_result *res[3];
	for (size_t i = 0; i < 3; i++) {
		void *p;
		assert_int_equal(pthread_join(th[i], &p), 0);
		assert_non_null(p);
		res[i] = p;
	}
	lk_scan__set_caching(false);
	lk_scan_result *plain = lk_test_scan(text);
	lk_scan__set_caching(true);
	assert_true(plain->count >= 4);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(res[i]->count, plain->count);
		for (size_t k = 0; k < plain->count; k++) {
			assert_int_equal(res[i]->mentions[k].start, plain->mentions[k].start);
			assert_int_equal(res[i]->mentions[k].end, plain->mentions[k].end);
			assert_string_equal(res[i]->mentions[k].results[0].entity->id,
			                    plain->mentions[k].results[0].entity->id);
		}
		lk_scan_result_free(res[i]);
	}
	lk_scan_result_free(plain);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_korean_persons),
		cmocka_unit_test(test_foreign_names_in_hangul),
		cmocka_unit_test(test_candidates),
		cmocka_unit_test(test_ordinary_prose),
		cmocka_unit_test(test_threads_and_caches),
	};
	return cmocka_run_group_tests(tests, lk_test_acceptance_setup,
	                              lk_test_acceptance_teardown);
}
