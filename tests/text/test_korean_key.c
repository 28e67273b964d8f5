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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_korean_key__systems_meet),
		cmocka_unit_test(test_text_korean_key__family_names_by_convention),
		cmocka_unit_test(test_text_korean_key__different_syllables_differ),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
