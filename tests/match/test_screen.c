/*
 * test_screen.c - screening on the real lists: the acceptance cases, decoys,
 * corroborating and contradicting features, explanations, bad queries.
 *
 * One index of UN 2026, OFAC sdn-2024-05-03 and UK 2018 serves every test (built in the group
 * setup, as a server would build it once).
 */
#include "lk_test.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct opts {
	lk_schema schema;
	const char *dob;
	const char *id;
} opts;

static lk_match_results *screen(const char *name, opts o)
{
	lk_query q = LK_QUERY_INIT;
	q.schema = o.schema;
	if (name) {
		q.names = &name;
		q.nnames = 1;
	}
	if (o.dob) {
		q.birth_dates = &o.dob;
		q.nbirth_dates = 1;
	}
	if (o.id) {
		q.identifiers = &o.id;
		q.nidentifiers = 1;
	}
	lk_match_results *r = NULL;
	if (lk_match_screen(&r, lk_test_ix, &q) != 0)
		fail_msg("screen(%s): %s", name ? name : "-", lk_error_last()->message);
	return r;
}

/* The top result is a match whose caption starts with `caption` (case-insensitive). */
static double expect_top(const char *name, opts o, const char *caption)
{
	lk_match_results *r = screen(name, o);
	if (r->count == 0)
		fail_msg("%s: no results, expected %s", name, caption);
	const lk_match_result *top = &r->items[0];
	if (strncasecmp(top->entity->caption, caption, strlen(caption)) != 0 || !top->match)
		fail_msg("%s: top is %s (%.3f, match=%d), expected %s", name, top->entity->caption,
		         top->score, top->match, caption);
	double s = top->score;
	lk_match_results_free(r);
	return s;
}

static void expect_no_match(const char *name)
{
	lk_match_results *r = screen(name, (opts){0});
	for (size_t i = 0; i < r->count; i++)
		if (r->items[i].match)
			fail_msg("%s: unexpected match %s (%.3f)", name, r->items[i].entity->caption,
			         r->items[i].score);
	lk_match_results_free(r);
}

static void test_match_screen__putin_in_three_scripts(void **state)
{
	(void)state;
	expect_top("Wladimir Putin", (opts){0}, "PUTIN, Vladimir");
	expect_top("Владимир Путин", (opts){0}, "PUTIN, Vladimir");
	expect_top("블라디미르 푸틴", (opts){0}, "PUTIN, Vladimir");
}

static void test_match_screen__german_spellings_of_russian_names(void **state)
{
	(void)state;
	expect_top("Sergej Lawrow", (opts){0}, "LAVROV, Sergei");
	expect_top("Andrei Beloussow", (opts){0}, "BELOUSOV, Andrey");
}

static void test_match_screen__relatives_and_namesakes_do_not_outrank(void **state)
{
	(void)state;
	lk_match_results *r = screen("Andrei Beloussow", (opts){0});
	assert_true(r->count > 0);
	assert_string_equal(r->items[0].entity->caption, "BELOUSOV, Andrey Removich");
	for (size_t i = 1; i < r->count; i++) {
		const char *c = r->items[i].entity->caption;
		if (strncmp(c, "BELOUSOV", 8) == 0 && r->items[i].match)
			fail_msg("decoy %s is a match (%.3f)", c, r->items[i].score);
	}
	lk_match_results_free(r);
	r = screen("Sergei Shoigu", (opts){0});
	assert_string_equal(r->items[0].entity->caption, "SHOIGU, Sergei Kuzhugetovich");
	for (size_t i = 1; i < r->count; i++)
		if (strstr(r->items[i].entity->caption, "Irina") ||
		    strstr(r->items[i].entity->caption, "Yuliya"))
			assert_false(r->items[i].match);
	lk_match_results_free(r);
}

static void test_match_screen__korean_leader_in_latin_hangul_and_hanja(void **state)
{
	(void)state;
	expect_top("Kim Jong-un", (opts){0}, "KIM, Jong Un");
	expect_top("김정은", (opts){0}, "KIM, Jong Un");
	expect_top("金正恩", (opts){0}, "KIM, Jong Un");
	expect_top("Kim Chŏng-ŭn", (opts){0}, "KIM, Jong Un"); /* McCune-Reischauer */
	expect_top("Kim Jeong-eun", (opts){0}, "KIM, Jong Un"); /* Revised Romanization */
	expect_top("Choi Ryong-hae", (opts){0}, "CHOE, Ryong Hae");
	expect_top("최룡해", (opts){0}, "CHOE, Ryong Hae");
}

/* No result for name is a match on an entity whose caption starts with caption. */
static void expect_not_matched_to(const char *name, const char *caption)
{
	lk_match_results *r = screen(name, (opts){0});
	for (size_t i = 0; i < r->count; i++)
		if (r->items[i].match &&
		    strncasecmp(r->items[i].entity->caption, caption, strlen(caption)) == 0)
			fail_msg("%s: matched %s (%.3f)", name, r->items[i].entity->caption,
			         r->items[i].score);
	lk_match_results_free(r);
}

/* Russian press spellings of Korean names: the older usage (Чен for 정, Ын for 은, Ир for 일,
 * Цой for 최), Kontsevich (Чжон, Чхве), a case ending; Arabic with its long vowels and نغ. */
static void test_match_screen__korean_names_in_cyrillic_and_arabic(void **state)
{
	(void)state;
	expect_top("Ким Чен Ын", (opts){0}, "KIM, Jong Un");
	expect_top("Ким Чжон Ын", (opts){0}, "KIM, Jong Un"); /* Kontsevich */
	expect_top("Ким Чон Ын", (opts){0}, "KIM, Jong Un");
	expect_top("Ким Чен Ына", (opts){0}, "KIM, Jong Un");  /* genitive */
	expect_top("Ким Ё Чжон", (opts){0}, "KIM, Yo Jong");
	expect_top("Чхве Рён Хэ", (opts){0}, "CHOE, Ryong Hae");
	expect_top("Цой Рён Хэ", (opts){0}, "CHOE, Ryong Hae");
	expect_top("كيم جونغ أون", (opts){0}, "KIM, Jong Un");
	expect_top("كيم جونغ اون", (opts){0}, "KIM, Jong Un"); /* no hamza on the seat */
	/* The father and the grandfather are not him: the last syllable differs. */
	static const char *const others[] = {"Ким Чен Ир", "Ким Ир Сен", "Ким Чжон Ир",
	                                     "كيم جونغ إيل", "كيم إيل سونغ"};
	for (size_t i = 0; i < LK_ARRAY_SIZE(others); i++)
		expect_not_matched_to(others[i], "KIM, Jong Un");
	expect_no_match("Ким Чен Ир");
	expect_no_match("كيم جونغ إيل");
	/* Kim Il Sung is no more KIM, Song than Kim Jong Un is KIM, Jong: in a Korean name a
	 * missing syllable counts in full, in every script. */
	expect_no_match("Kim Il Song");
	expect_no_match("Ким Ир Сен");
	expect_no_match("كيم إيل سونغ");
	/* 이 read as "i" is the family name Lee (and Yi, Ri). */
	lk_match_result m;
	assert_int_equal(lk_match_compare(&m, "이민호", "Lee Min Ho", LK_SCHEMA_UNKNOWN, -1), 0);
	assert_true(m.match);
	/* Russian words that happen to be Korean syllables stay Russian names. */
	expect_top("Владимир Путин", (opts){0}, "PUTIN, Vladimir");
}

/* Russian names in Arabic script: و and ي spell the vowels (بيلوسوف is Belousov, not
 * b-y-l-w-s-w-f). A surname alone is not a match in any script; unlisted lookalikes stay
 * below the threshold. */
static void test_match_screen__russian_names_in_arabic_script(void **state)
{
	(void)state;
	expect_top("أندريه بيلوسوف", (opts){0}, "BELOUSOV, Andrey");
	expect_top("اندريه بيلوسوف", (opts){0}, "BELOUSOV, Andrey");
	expect_top("فلاديمير بوتين", (opts){0}, "PUTIN, Vladimir");
	expect_top("سيرغي لافروف", (opts){0}, "LAVROV, Sergei");
	expect_no_match("بيلوسوف");
	expect_no_match("يوري أوشاكوف");  /* Yuri Ushakov */
	expect_no_match("سيرغي ريابكوف"); /* Sergei Ryabkov */
	expect_no_match("Юрий Ушаков");
	expect_no_match("Сергей Рябков");
}

static void test_match_screen__vessel_by_name_and_by_imo(void **state)
{
	(void)state;
	expect_top("GRACEFUL", (opts){.schema = LK_SCHEMA_VESSEL}, "GRACEFUL");
	lk_match_results *r = screen(NULL, (opts){.id = "1011551"});
	assert_true(r->count >= 1);
	assert_string_equal(r->items[0].entity->caption, "GRACEFUL");
	assert_true(r->items[0].match);
	assert_int_equal(r->items[0].entity->schema, LK_SCHEMA_VESSEL);
	lk_match_results_free(r);
	/* Schema filters: no person is called GRACEFUL, no vessel is Putin. */
	r = screen("Vladimir Putin", (opts){.schema = LK_SCHEMA_VESSEL});
	for (size_t i = 0; i < r->count; i++)
		assert_int_equal(r->items[i].entity->schema, LK_SCHEMA_VESSEL);
	lk_match_results_free(r);
}

static void test_match_screen__unlisted_people_do_not_match(void **state)
{
	(void)state;
	expect_no_match("Grant Shapps");
	expect_no_match("Juri Uschakow");
	expect_no_match("Wladimir Klitschko");
	expect_no_match("Olaf Scholz");
	expect_no_match("Nguyen Phu Trong");
}

static void test_match_screen__birth_date_moves_the_score(void **state)
{
	(void)state;
	double plain = expect_top("Wladimir Putin", (opts){0}, "PUTIN, Vladimir");
	double same = expect_top("Wladimir Putin", (opts){.dob = "1952-10-07"}, "PUTIN, Vladimir");
	assert_true(same > plain);
	assert_true(plain < 1.0); /* a name alone never reaches certainty */
	lk_match_results *r = screen("Wladimir Putin", (opts){.dob = "1960-01-01"});
	for (size_t i = 0; i < r->count; i++)
		if (strncmp(r->items[i].entity->caption, "PUTIN", 5) == 0) {
			assert_false(r->items[i].match);
			assert_true(r->items[i].score < plain);
			bool said = false;
			for (size_t f = 0; f < r->items[i].explanation.nfeatures; f++)
				said |= strcmp(r->items[i].explanation.features[f].feature, "birthDate") == 0 &&
				        r->items[i].explanation.features[f].delta < 0;
			assert_true(said);
		}
	lk_match_results_free(r);
}

static void test_match_screen__explanation_names_the_aligned_parts(void **state)
{
	(void)state;
	lk_match_results *r = screen("Sergej Lawrow", (opts){0});
	const lk_explanation *x = &r->items[0].explanation;
	assert_string_equal(x->matched_name, "LAVROV, Sergei Viktorovich");
	assert_string_equal(x->matched_prop, "name");
	bool lavrov = false, patronymic = false;
	for (size_t i = 0; i < x->nparts; i++) {
		if (strcmp(x->parts[i].query, "lawrow") == 0 &&
		    strcmp(x->parts[i].candidate, "lavrov") == 0 && x->parts[i].how == LK_PART_PHONETIC)
			lavrov = true;
		if (strcmp(x->parts[i].candidate, "viktorovich") == 0 &&
		    x->parts[i].how == LK_PART_UNMATCHED && strcmp(x->parts[i].role, "patronymic") == 0)
			patronymic = true;
	}
	assert_true(lavrov);
	assert_true(patronymic);
	lk_buf b;
	lk_buf_init(&b, 0);
	assert_int_equal(lk_explanation_to_json(x, &b), 0);
	assert_non_null(strstr(lk_buf_cstr(&b), "\"how\":\"phonetic\""));
	lk_buf_dispose(&b);
	lk_match_results_free(r);
}

static void test_match_screen__bad_queries_are_refused(void **state)
{
	(void)state;
	lk_match_results *r = NULL;
	lk_query q = LK_QUERY_INIT;
	assert_int_equal(lk_match_screen(&r, lk_test_ix, &q), LK_EINVALID); /* nothing to search */
	const char *bad = "Put\xffin";
	q.names = &bad;
	q.nnames = 1;
	assert_int_equal(lk_match_screen(&r, lk_test_ix, &q), LK_EINVALID);
	assert_non_null(strstr(lk_error_last()->message, "UTF-8"));
	char *longname = malloc(100001);
	memset(longname, 'a', 100000);
	longname[100000] = 0;
	const char *ln = longname;
	q.names = &ln;
	assert_int_equal(lk_match_screen(&r, lk_test_ix, &q), LK_EINVALID);
	free(longname);
	const char *name = "Putin", *dob = "31/31/1952";
	q.names = &name;
	q.birth_dates = &dob;
	q.nbirth_dates = 1;
	assert_int_equal(lk_match_screen(&r, lk_test_ix, &q), LK_EINVALID);
	assert_null(r);
	const char *punct = "-- ..";
	lk_query q2 = LK_QUERY_INIT;
	q2.names = &punct;
	q2.nnames = 1;
	assert_int_equal(lk_match_screen(&r, lk_test_ix, &q2), LK_EINVALID);
}

static void test_match_compare__typos_match_other_names_do_not(void **state)
{
	(void)state;
	lk_match_result m;
	assert_int_equal(lk_match_compare(&m, "Olaf Scholze", "Olaf Scholz", LK_SCHEMA_UNKNOWN, -1), 0);
	assert_true(m.match);
	assert_int_equal(lk_match_compare(&m, "Octavian Scholz", "Olaf Scholz", LK_SCHEMA_UNKNOWN, -1),
	                 0);
	assert_false(m.match);
	assert_int_equal(lk_match_compare(&m, "LAVROV, Sergei", "Sergej Lawrow", LK_SCHEMA_PERSON, -1),
	                 0);
	assert_true(m.match);
	assert_true(m.score < 1.0);
	/* Numbers must agree. */
	assert_int_equal(lk_match_compare(&m, "Sea Star 3", "Sea Star 5", LK_SCHEMA_VESSEL, -1), 0);
	assert_false(m.match);
	/* Legal forms say little: OOO and LLC are the same kind of company. */
	assert_int_equal(lk_match_compare(&m, "OOO Sovcomflot", "Sovcomflot LLC",
	                                  LK_SCHEMA_ORGANIZATION, -1), 0);
	assert_true(m.match);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match_screen__putin_in_three_scripts),
		cmocka_unit_test(test_match_screen__german_spellings_of_russian_names),
		cmocka_unit_test(test_match_screen__relatives_and_namesakes_do_not_outrank),
		cmocka_unit_test(test_match_screen__korean_leader_in_latin_hangul_and_hanja),
		cmocka_unit_test(test_match_screen__korean_names_in_cyrillic_and_arabic),
		cmocka_unit_test(test_match_screen__russian_names_in_arabic_script),
		cmocka_unit_test(test_match_screen__vessel_by_name_and_by_imo),
		cmocka_unit_test(test_match_screen__unlisted_people_do_not_match),
		cmocka_unit_test(test_match_screen__birth_date_moves_the_score),
		cmocka_unit_test(test_match_screen__explanation_names_the_aligned_parts),
		cmocka_unit_test(test_match_screen__bad_queries_are_refused),
		cmocka_unit_test(test_match_compare__typos_match_other_names_do_not),
	};
	return cmocka_run_group_tests(tests, lk_test_acceptance_setup,
	                              lk_test_acceptance_teardown);
}
