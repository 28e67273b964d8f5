/*
 * test_scan_cjk_narrow.c - the candidates of a Han or Hangul screening that the judge can take
 * nothing from are left out first (issue 6, scan-text throughput), on the real lists (UN 2026,
 * OFAC sdn-2024-05-03, UK 2018 in one index).
 *
 * A result for a span written in Han or Hangul is a mention only if the judge reads it as the
 * whole listed name (lk_scan__text_match). lk_scan__cjk_narrow keeps, of a screening's
 * candidates, the entities one of whose names some reading of the span can meet part by part,
 * and screen() scores those first. This checks the claim it rests on: every result of a
 * screening with all the candidates that the judge takes, at any score, is of an entity kept;
 * that it keeps whole entities, in order; that it leaves out most candidates of ordinary
 * words and keeps the listed persons of their writings; and that whole scans are the same
 * with it and without it (lk_scan__set_cjk_shortcuts).
 */
#include "lk_test.h"
#include "scan/scan_int.h"

#include <stdlib.h>
#include <string.h>

#define KIM "ofac-20157"            /* KIM, Jong Un */
#define PUTIN "ofac-35096"
#define CHOE_RYONG_HAE "ofac-23213" /* CHOE, Ryong Hae */

/* Spans of Korean and Chinese prose (LibreOffice's and the Debian FAQ's Korean, as the
 * benchmark's news corpus has it), and the writings of listed persons. */
static const char *const queries[] = {
	"기존 자동", "있는 자동", "있는 자동 서식", "회전 설정합니다", "읽기 전용", "위치 지정",
	"일정 기간의 선형", "사용자 환경에서", "영어 아닌 언어", "이 정보", "초래할 수",
	"유지할 것임을", "데는 허가가", "서명에", "여러", "값 각을", "대해 미리", "이 상자",
	"김정은", "김 정은", "최룡해", "블라디미르 푸틴", "푸틴", "세르게이 라브로프",
	"金正恩", "金 正恩", "崔龙海", "用户 安装", "之后 用户", "进程", "普京", "注意 衣衫",
	"理 无力", "有人", "手持 绿", "安易 持", "里 运行", "马 穿山", "檀郎 唾", "学者 也",
};

/* The entity of index name i. */
static uint32_t entity_of(uint32_t i)
{
	return lk_test_ix->names[i].entity;
}

static bool has_entity(const uint32_t *v, size_t n, uint32_t e)
{
	for (size_t i = 0; i < n; i++)
		if (entity_of(v[i]) == e)
			return true;
	return false;
}

static bool has_id(const uint32_t *v, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(lk_test_ix->entities[entity_of(v[i])]->id, id) == 0)
			return true;
	return false;
}

/* out[0..m) is v[0..n) without the names of some entities: in order, every name of an entity
 * kept. */
static void expect_whole_entities(const uint32_t *v, size_t n, const uint32_t *out, size_t m,
                                  const char *q)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		bool kept = has_entity(out, m, entity_of(v[i]));
		if (kept && (k == m || out[k] != v[i]))
			fail_msg("%s: name %u of a kept entity left out, or out of order", q, v[i]);
		k += kept;
	}
	assert_int_equal(k, m);
}

/* Every result of the screening of q with all of v that the judge takes, whatever its score
 * (down to the engine's floor, as many as it gives), is of an entity narrow kept. Returns how
 * many results the judge took. */
static size_t expect_judged_kept(const char *q, const uint32_t *v, size_t n, const uint32_t *out,
                                 size_t m)
{
	lk_query query = LK_QUERY_INIT;
	query.names = &q;
	query.nnames = 1;
	query.limit = LK_MATCH_MAX_LIMIT;
	lk_match_results *r = NULL;
	assert_int_equal(lk_match__screen(&r, lk_test_ix, &query, v, n, LK_MATCH_REPORT_FLOOR), 0);
	size_t judged = 0;
	for (size_t i = 0; i < r->count; i++) {
		if (!lk_scan__text_match(q, &r->items[i]))
			continue;
		judged++;
		uint32_t e = UINT32_MAX;
		for (size_t k = 0; k < n && e == UINT32_MAX; k++)
			if (lk_test_ix->entities[entity_of(v[k])] == r->items[i].entity)
				e = entity_of(v[k]);
		assert_true(e != UINT32_MAX);
		if (!has_entity(out, m, e))
			fail_msg("%s: %s (%s, %.3f) passes the judge, but its entity was left out", q,
			         r->items[i].entity->id, r->items[i].entity->caption, r->items[i].score);
	}
	lk_match_results_free(r);
	return judged;
}

/* Each query with its own candidates (lk_scan__cjk_candidates) and with those of all the
 * others (names unrelated to it, as a span's pairs of words may give). */
static void test_narrow_keeps_what_the_judge_takes(void **state)
{
	(void)state;
	scan_tables *t = lk_scan__tables_new(lk_test_ix);
	assert_non_null(t);
	uint32_t *own = malloc(4096 * sizeof *own), *all = malloc(4096 * sizeof *all),
	         *out = malloc(4096 * sizeof *out);
	assert_true(own && all && out);
	size_t nall = 0;
	for (size_t i = 0; i < LK_ARRAY_SIZE(queries); i++) {
		size_t n = lk_scan__cjk_candidates(t, queries[i], LK_SCHEMA_UNKNOWN, own, 4096);
		for (size_t k = 0; n <= 4096 && k < n && nall < 4096; k++)
			if (!has_entity(all, nall, entity_of(own[k])))
				all[nall++] = own[k];
	}
	size_t narrowed = 0, lists = 0, judged = 0;
	for (size_t i = 0; i < LK_ARRAY_SIZE(queries); i++) {
		const char *q = queries[i];
		size_t n = lk_scan__cjk_candidates(t, q, LK_SCHEMA_UNKNOWN, own, 4096);
		for (int which = 0; which < 2; which++) {
			const uint32_t *v = which ? all : own;
			size_t nv = which ? nall : n;
			if (nv == 0 || nv > 4096)
				continue;
			size_t m = lk_scan__cjk_narrow(t, q, v, nv, out);
			assert_true(m <= nv);
			expect_whole_entities(v, nv, out, m, q);
			judged += expect_judged_kept(q, v, nv, out, m);
			lists++;
			narrowed += m < nv;
		}
	}
	/* not vacuous: most lists lose candidates, and the judge takes some results */
	if (narrowed * 2 < lists || judged == 0)
		fail_msg("%zu of %zu lists narrowed, %zu results judged", narrowed, lists, judged);
	free(own);
	free(all);
	free(out);
	lk_scan__tables_free(t);
}

/* The listed persons are kept in their writings; an ordinary word's candidates all go. */
static void test_narrow_keeps_listed_persons(void **state)
{
	(void)state;
	static const struct {
		const char *q, *id;
	} named[] = {
		{"김정은", KIM}, {"金正恩", KIM}, {"김 정은", KIM}, {"최룡해", CHOE_RYONG_HAE},
		{"블라디미르 푸틴", PUTIN},
	};
	scan_tables *t = lk_scan__tables_new(lk_test_ix);
	assert_non_null(t);
	uint32_t *v = malloc(4096 * sizeof *v), *out = malloc(4096 * sizeof *out);
	assert_true(v && out);
	for (size_t i = 0; i < LK_ARRAY_SIZE(named); i++) {
		size_t n = lk_scan__cjk_candidates(t, named[i].q, LK_SCHEMA_UNKNOWN, v, 4096);
		assert_true(n > 0 && n <= 4096);
		size_t m = lk_scan__cjk_narrow(t, named[i].q, v, n, out);
		if (!has_id(out, m, named[i].id))
			fail_msg("%s: %s left out (%zu of %zu kept)", named[i].q, named[i].id, m, n);
	}
	/* 대해 미리 "about ... in advance": candidates whose parts its syllables meet only across
	 * readings, or with more listed parts than a reading has */
	size_t n = lk_scan__cjk_candidates(t, "대해 미리", LK_SCHEMA_UNKNOWN, v, 4096);
	assert_true(n > 0 && n <= 4096);
	assert_int_equal(lk_scan__cjk_narrow(t, "대해 미리", v, n, out), 0);
	/* with the shortcuts off, every candidate is kept */
	lk_scan__set_cjk_shortcuts(false);
	assert_int_equal(lk_scan__cjk_narrow(t, "대해 미리", v, n, out), n);
	lk_scan__set_cjk_shortcuts(true);
	free(v);
	free(out);
	lk_scan__tables_free(t);
}

/* Whole scans of Korean and Chinese prose with listed persons: the same mentions and stats
 * with the narrowing and without it (every span screened afresh: the scanner's caches off),
 * and with the caches on, cold and warm. */
static void test_scans_same_without_narrowing(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"기존 자동 서식을 있는 자동 서식으로 바꿉니다. 회전 설정합니다. 읽기 전용 위치 지정을 "
		"사용자 환경에서 변경할 수 있습니다. 일정 기간의 선형 추세. 영어 아닌 언어를 초래할 수 "
		"있음을 유지할 것임을 밝혔다. 김정은 위원장과 최룡해가 블라디미르 푸틴 대통령을 "
		"만났다. 김 위원장은 서명에 동의했다.",
		"金正恩委员长会见了代表团。之后用户安装了新的进程。崔龙海在平壤举行会谈，普京总统也参加了。"
		"注意衣衫的颜色。",
	};
	for (size_t i = 0; i < LK_ARRAY_SIZE(texts); i++) {
		lk_scan__set_caching(false);
		lk_scan__set_cjk_shortcuts(false);
		lk_scan_result *full = lk_test_scan(texts[i]);
		lk_scan__set_cjk_shortcuts(true);
		lk_scan_result *r = lk_test_scan(texts[i]);
		lk_test_expect_same_scan(r, full, "scan with the narrowing");
		lk_scan_result_free(r);
		lk_scan__set_caching(true);
		for (int round = 0; round < 2; round++) {
			r = lk_test_scan(texts[i]);
			lk_test_expect_same_scan(r, full, "cached scan with the narrowing");
			lk_scan_result_free(r);
		}
		if (full->count == 0)
			fail_msg("text %zu: no mention", i);
		lk_scan_result_free(full);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_narrow_keeps_what_the_judge_takes),
		cmocka_unit_test(test_narrow_keeps_listed_persons),
		cmocka_unit_test(test_scans_same_without_narrowing),
	};
	return cmocka_run_group_tests(tests, lk_test_acceptance_setup,
	                              lk_test_acceptance_teardown);
}
