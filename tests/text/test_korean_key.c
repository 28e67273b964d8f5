/*
 * test_korean_key.c - one key for the romanisations of a Korean syllable.
 */
#include "lk_test.h"
#include "text/text_int.h"

#include <string.h>

static const char *key(const char *tok)
{
	static char out[4][16];
	static int i;
	char *o = out[i++ % 4];
	if (!lk_text__korean_key(o, tok, strlen(tok)))
		return NULL;
	return o;
}

static void same(const char *a, const char *b)
{
	const char *ka = key(a), *kb = key(b);
	if (!ka || !kb || strcmp(ka, kb) != 0)
		fail_msg("%s (%s) and %s (%s) should share a key", a, ka ? ka : "-", b,
		         kb ? kb : "-");
}

static void differ(const char *a, const char *b)
{
	const char *ka = key(a), *kb = key(b);
	if (ka && kb && strcmp(ka, kb) == 0)
		fail_msg("%s and %s should not share a key (%s)", a, b, ka);
}

static void test_text_korean_key__systems_meet(void **state)
{
	(void)state;
	same("jeong", "chong"); /* RR, MR */
	same("jeong", "jong");  /* DPRK */
	same("eun", "un");
	same("cheol", "chol");
	same("cheol", "chul");  /* ROK passport spelling */
	same("byeong", "pyong");
	same("hyeok", "hyok");
	same("gwang", "kwang");
	same("ryong", "yong");  /* DPRK keeps the initial r the ROK drops */
}

static void test_text_korean_key__family_names_by_convention(void **state)
{
	(void)state;
	same("kim", "gim");
	same("park", "pak");
	same("lee", "ri");
	same("yi", "rhee");
	same("choi", "choe");
	assert_true(lk_text__is_korean_surname("kim", 3));
	assert_true(lk_text__is_korean_surname("choe", 4));
	assert_false(lk_text__is_korean_surname("putin", 5));
	assert_false(lk_text__is_korean_surname("i", 1)); /* too short to tell */
}

static void test_text_korean_key__different_syllables_differ(void **state)
{
	(void)state;
	differ("yang", "chang");
	differ("kim", "park");
	differ("song", "sang");
	differ("il", "in");
	/* Not one syllable: no key. */
	assert_null(key("vladimir"));
	assert_null(key("john"));
	assert_null(key("jongun"));
}

/* A syllable in Cyrillic meets its Latin spellings through its key set; the set covers what
 * the Russian spelling leaves open (final н: ㄴ or ㅇ; е: ㅓ ㅕ ㅔ) and nothing else. */
static bool cyr_meets(const char *cyr, const char *latin)
{
	char set[LK_TEXT__KOR_KEY], guess[16], key[16];
	if (!lk_text__cyrillic_korean_keys(set, guess, cyr, strlen(cyr)))
		fail_msg("%s is not read as a Korean syllable", cyr);
	if (!lk_text__korean_key(key, latin, strlen(latin)))
		fail_msg("%s has no key", latin);
	return lk_text__korean_keys_meet(set, key);
}

static void test_text_korean_key__cyrillic_spellings(void **state)
{
	(void)state;
	assert_true(cyr_meets("Чен", "jong"));   /* 정, older press usage */
	assert_true(cyr_meets("Чжон", "jong"));  /* Kontsevich */
	assert_true(cyr_meets("Чжон", "jeong"));
	assert_true(cyr_meets("Чон", "jon"));    /* 전: final н is ㄴ too */
	assert_true(cyr_meets("Ын", "eun"));
	assert_true(cyr_meets("Ын", "un"));
	assert_true(cyr_meets("Ир", "il"));
	assert_true(cyr_meets("Сен", "song"));
	assert_true(cyr_meets("Хён", "hyon"));   /* 현 */
	assert_true(cyr_meets("Ён", "yong"));    /* 영 */
	assert_true(cyr_meets("Цой", "choe"));   /* 최 as Koreans in the USSR wrote it */
	assert_true(cyr_meets("Чхве", "choi"));
	assert_true(cyr_meets("Ли", "lee"));
	assert_true(cyr_meets("Ыном", "un"));    /* a Russian case ending */
	assert_false(cyr_meets("Ын", "il"));
	assert_false(cyr_meets("Ир", "un"));
	assert_false(cyr_meets("Чен", "jang"));
	assert_false(cyr_meets("Ким", "pak"));
	char set[LK_TEXT__KOR_KEY], guess[16];
	assert_false(lk_text__cyrillic_korean_keys(set, guess, "Путин", strlen("Путин")));
	assert_false(lk_text__cyrillic_korean_syllable("Владимир", strlen("Владимир")));
	assert_true(lk_text__cyrillic_korean_only("Чжон", strlen("Чжон")));
	assert_true(lk_text__cyrillic_korean_only("Ын", strlen("Ын")));
	assert_false(lk_text__cyrillic_korean_only("Чен", strlen("Чен"))); /* also Russian-like */
	assert_false(lk_text__cyrillic_korean_only("Мир", strlen("Мир")));
	assert_true(lk_text__korean_keys_meet("S1|JONG", "JONG"));
	assert_false(lk_text__korean_keys_meet("S1|JONG", "JON|ON"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_korean_key__systems_meet),
		cmocka_unit_test(test_text_korean_key__family_names_by_convention),
		cmocka_unit_test(test_text_korean_key__different_syllables_differ),
		cmocka_unit_test(test_text_korean_key__cyrillic_spellings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
