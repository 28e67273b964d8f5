/*
 * test_normalize.c - names in any script to matching form; script detection.
 */
#include "lk_test.h"
#include "lookout/text.h"

#include <string.h>

static void check(const char *in, lk_translit v, const char *want)
{
	lk_buf b;
	lk_buf_init(&b, 0);
	int rc = lk_text_latinize(&b, in, strlen(in), v);
	if (rc != 0)
		fail_msg("latinize(%s): %s", in, lk_error_last()->message);
	if (strcmp(lk_buf_cstr(&b), want) != 0)
		fail_msg("latinize(%s, %d) = \"%s\", expected \"%s\"", in, v, lk_buf_cstr(&b), want);
	lk_buf_dispose(&b);
}

static void test_text_latinize__latin_names(void **state)
{
	(void)state;
	check("LAVROV, Sergei Viktorovich", 0, "lavrov sergei viktorovich");
	check("  Kim Jong-un  ", 0, "kim jong un");
	check("O'Brien", 0, "obrien");
	check("Ma\xca\xbcruf", 0, "maruf"); /* modifier letter apostrophe */
	check("Łukasz Müller-Straße", 0, "lukasz muller strasse");
	check("Kim Chŏng-ŭn", 0, "kim chong un");
	check("Nguyễn Phú Trọng", 0, "nguyen phu trong");
	check("Uschakow / Ouchakov", 0, "uschakow ouchakov");
	check("e\xcc\x81t\xc3\xa9", 0, "ete"); /* combining acute is composed, then stripped */
	check("ＡＢＣ　ｄｅｆ", 0, "abc def");  /* fullwidth */
	check("ﬁnance", 0, "finance");         /* ligature */
	check("...", 0, "");
	check("", 0, "");
}

static void test_text_latinize__other_scripts(void **state)
{
	(void)state;
	check("Владимир Путин", 0, "vladimir putin");
	check("Сергей Лавров", 0, "sergej lavrov");
	check("Ушаков", 0, "usakov");
	check("ΑΛΕΞΗΣ ΤΣΙΠΡΑΣ", 0, "alexes tsipras");
	check("ヴラジーミル・プーチン", 0, "vurajimiru puchin");
	/* Arabic script is written without short vowels, but و and ي spell long vowels. */
	check("فلاديمير بوتين", 0, "fladimir butin");
}

static void test_text_latinize__arabic_long_vowels_and_hamza(void **state)
{
	(void)state;
	check("بيلوسوف", 0, "bilusuf");           /* و ي between consonants are vowels */
	check("أندريه بيلوسوف", 0, "andrih bilusuf");
	check("كيم جونغ أون", 0, "kim jong un");  /* نغ is ng; أ before a vowel و is silent */
	check("كيم إيل سونغ", 0, "kim il song");  /* إ before a vowel ي likewise */
	check("كيم جونغ اون", 0, "kim jong un");  /* a bare alif seat too */
	check("بيونغ يانغ", 0, "byong yang");      /* ي before و is a glide */
	check("يوري", 0, "yuri");                 /* و ي at the start are consonants */
	check("وليد", 0, "wlid");
	check("الوليد", 0, "alwlid");             /* ... also after the article */
	check("ريابكوف", 0, "ryabkuf");           /* ... and before a vowel letter */
	check("داود", 0, "dawd");                 /* ... and after one */
	check("علييف", 0, "aliyf");               /* ... and after a long vowel */
	check("أيمن", 0, "aymn");                 /* أي is ay */
	check("موسى", 0, "musa");                 /* alif maqsura */
	check("أسامة", 0, "asamt");               /* ta marbuta stays t */
	check("مؤمن رائد", 0, "mumn raid");        /* hamza on waw, on yeh */
	check("عمر علي", 0, "amr ali");            /* ayn as a vowel */
	check("مُوسَى", 0, "musa");                 /* vowel signs: one vowel with the long one */
	check("بِيل بَيت", 0, "bil bayt");          /* fatha before ي: a diphthong */
	check("چنگیز", 0, "chngiz");              /* Persian letters */
}

static void test_text_latinize__korean_names_in_cyrillic(void **state)
{
	(void)state;
	/* Only the Korean variant reads ambiguous syllables as Korean; words no Russian word can
	 * be (Чжон, Ын) are Korean in every variant. */
	check("Ким Чен Ын", LK_TRANSLIT_DEFAULT, "kim cen un");
	check("Ким Чен Ын", LK_TRANSLIT_CYRILLIC_KOREAN, "kim jong un");
	check("Ким Чжон Ын", LK_TRANSLIT_DEFAULT, "kim jong un");
	check("Ким Ир Сен", LK_TRANSLIT_CYRILLIC_KOREAN, "kim il song");
	check("Ким Ен Нам", LK_TRANSLIT_CYRILLIC_KOREAN, "kim yong nam");
	check("Чхве Рён Хэ", LK_TRANSLIT_CYRILLIC_KOREAN, "chwe ryong hae");
	check("Цой", LK_TRANSLIT_CYRILLIC_KOREAN, "choe");
	check("Ким Чен Ыном", LK_TRANSLIT_CYRILLIC_KOREAN, "kim jong un"); /* case ending */
	check("Путин", LK_TRANSLIT_CYRILLIC_KOREAN, "putin"); /* not a syllable: ICU */
	unsigned m = lk_text_translit_variants("Ким Чен Ын", strlen("Ким Чен Ын"));
	assert_true(m & (1u << LK_TRANSLIT_CYRILLIC_KOREAN));
	m = lk_text_translit_variants("Владимир Путин", strlen("Владимир Путин"));
	assert_false(m & (1u << LK_TRANSLIT_CYRILLIC_KOREAN));
	m = lk_text_translit_variants("Ким Путин", strlen("Ким Путин"));
	assert_false(m & (1u << LK_TRANSLIT_CYRILLIC_KOREAN));
}

static void test_text_latinize__korean_and_han_variants(void **state)
{
	(void)state;
	check("김정은", LK_TRANSLIT_DEFAULT, "gim jeong eun");
	check("김정은", LK_TRANSLIT_HANGUL_MR, "kim chong un");
	check("김정은", LK_TRANSLIT_HANGUL_DPRK, "kim jong un");
	check("블라디미르 푸틴", LK_TRANSLIT_HANGUL_LOANWORD, "bladimir putin");
	check("金正恩", LK_TRANSLIT_DEFAULT, "gim jeong eun");
	check("金正恩", LK_TRANSLIT_HANGUL_DPRK, "kim jong un");
	check("金正恩", LK_TRANSLIT_HAN_MANDARIN, "jin zheng en");
	check("习近平", LK_TRANSLIT_HAN_MANDARIN, "xi jin ping");
	check("Kim 김정은 Jr", LK_TRANSLIT_DEFAULT, "kim gim jeong eun jr");
	assert_int_equal(lk_text_translit_variants("Putin", 5), 0);
	unsigned m = lk_text_translit_variants("金正恩", strlen("金正恩"));
	assert_true(m & (1u << LK_TRANSLIT_HAN_MANDARIN));
	assert_true(m & (1u << LK_TRANSLIT_HANGUL_DPRK));
	assert_false(m & (1u << LK_TRANSLIT_HANGUL_LOANWORD));
	m = lk_text_translit_variants("김정은", strlen("김정은"));
	assert_true(m & (1u << LK_TRANSLIT_HANGUL_LOANWORD));
	assert_false(m & (1u << LK_TRANSLIT_HAN_MANDARIN));
}

static void test_text_latinize__invalid_input_is_an_error(void **state)
{
	(void)state;
	lk_buf b;
	lk_buf_init(&b, 0);
	assert_int_equal(lk_text_latinize(&b, "Put\xffin", 6, 0), LK_EENCODING);
	assert_int_equal(b.len, 0);
	lk_buf_dispose(&b);
	lk_buf_init(&b, 4);
	assert_int_equal(lk_text_latinize(&b, "Vladimir", 8, 0), LK_ETOOBIG);
	lk_buf_dispose(&b);
}

static void test_text_script__dominant_script(void **state)
{
	(void)state;
	assert_int_equal(lk_text_script("Путин", strlen("Путин")), LK_SCRIPT_CYRILLIC);
	assert_int_equal(lk_text_script("김정은", strlen("김정은")), LK_SCRIPT_HANGUL);
	assert_int_equal(lk_text_script("金正恩", strlen("金正恩")), LK_SCRIPT_HAN);
	assert_int_equal(lk_text_script("بوتين", strlen("بوتين")), LK_SCRIPT_ARABIC);
	assert_int_equal(lk_text_script("Putin 1952", 10), LK_SCRIPT_LATIN);
	assert_int_equal(lk_text_script("1952-10-07", 10), LK_SCRIPT_NONE);
	assert_int_equal(lk_text_script("Ivan Путин", strlen("Ivan Путин")), LK_SCRIPT_CYRILLIC);
	assert_string_equal(lk_script_name(LK_SCRIPT_HANGUL), "hangul");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_latinize__latin_names),
		cmocka_unit_test(test_text_latinize__other_scripts),
		cmocka_unit_test(test_text_latinize__korean_and_han_variants),
		cmocka_unit_test(test_text_latinize__arabic_long_vowels_and_hamza),
		cmocka_unit_test(test_text_latinize__korean_names_in_cyrillic),
		cmocka_unit_test(test_text_latinize__invalid_input_is_an_error),
		cmocka_unit_test(test_text_script__dominant_script),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
