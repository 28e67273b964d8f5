/*
 * test_ident.c - IMO, MMSI, BIC and LEI checks and identifier normalisation.
 */
#include "lk_test.h"
#include "core/csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_model_ident__imo_check_digit(void **state)
{
	(void)state;
	/* GRACEFUL (OFAC RUSSIA-EO14024): 1*7+0*6+1*5+1*4+5*3+5*2 = 41, check digit 1 */
	assert_true(lk_imo_valid("1011551"));
	assert_true(lk_imo_valid("9176187"));
	assert_true(lk_imo_valid("IMO 9176187"));
	assert_true(lk_imo_valid("IMO: 8937675")); /* as EU remarks write it */
	assert_true(lk_imo_valid("imo9176187"));
	assert_true(lk_imo_valid(" 917 6187 "));
	assert_false(lk_imo_valid("1011552"));
	assert_false(lk_imo_valid("9176188"));
	assert_false(lk_imo_valid("101155"));
	assert_false(lk_imo_valid("10115511"));
	assert_false(lk_imo_valid("1O11551"));
	assert_false(lk_imo_valid("IMO"));
	assert_false(lk_imo_valid(""));
	assert_false(lk_imo_valid(NULL));
	assert_false(lk_imo_valid("0000000"));
	assert_false(lk_imo_valid("1011551x"));

	char d[8];
	assert_true(lk_imo_digits("IMO 9176187", d));
	assert_string_equal(d, "9176187");
	/* digits come out even when the check digit is wrong (company numbers, typos) */
	assert_true(lk_imo_digits("5342883", d));
	assert_string_equal(d, "5342883");
	assert_false(lk_imo_digits("IMO 12345678", d));
	assert_false(lk_imo_digits("Vessel 1011551", d));
}

/* Every vessel in OFAC's 2024 SDN list that has an IMO number (842 of 851) has a valid one;
 * the "IMO" numbers of shipping companies (a different numbering) are mostly not. */
static void test_model_ident__every_real_ofac_vessel_imo_validates(void **state)
{
	(void)state;
	FILE *f = fopen(lk_test_data("lists/ofac/sdn-2024-05-03/sdn.csv"), "rb");
	assert_non_null(f);
	lk_csv *c = lk_csv_new(f, "sdn.csv", ',', LK_CSV_AUTO);
	assert_non_null(c);
	size_t vessels = 0, with_imo = 0, valid = 0, invalid = 0;
	bool graceful = false;
	int rc;
	while ((rc = lk_csv_next(c)) == 1) {
		if (strncmp(lk_csv_field(c, 2), "vessel", 6) != 0)
			continue;
		vessels++;
		const char *r = lk_csv_field(c, 11);
		/* "Vessel Registration Identification IMO 9176187"; skip "IMO " not followed by a
		 * number */
		const char *p = r;
		while ((p = strstr(p, "IMO ")) && !(p[4] >= '0' && p[4] <= '9'))
			p += 4;
		if (!p)
			continue;
		with_imo++;
		char num[16] = {0};
		size_t n = strspn(p + 4, "0123456789");
		assert_true(n < sizeof num);
		memcpy(num, p + 4, n);
		if (lk_imo_valid(num))
			valid++;
		else
			invalid++;
		if (strcmp(lk_csv_field(c, 1), "GRACEFUL") == 0) {
			assert_string_equal(num, "1011551");
			graceful = true;
		}
	}
	assert_int_equal(rc, 0);
	assert_int_equal(vessels, 851);
	assert_int_equal(with_imo, 842);
	assert_int_equal(valid, 842);
	assert_int_equal(invalid, 0);
	assert_true(graceful);
	lk_csv_free(c);
	fclose(f);
}

static void test_model_ident__mmsi(void **state)
{
	(void)state;
	assert_true(lk_mmsi_valid("273349220")); /* 273: Russia */
	assert_true(lk_mmsi_valid("445539000")); /* 445: DPRK, from an EU remark */
	assert_true(lk_mmsi_valid("MMSI 445539000"));
	assert_true(lk_mmsi_valid(" 636 012345 "));
	assert_false(lk_mmsi_valid("123456789")); /* 1: SAR aircraft */
	assert_false(lk_mmsi_valid("970123456")); /* 9: SART/AtoN */
	assert_false(lk_mmsi_valid("012345678"));
	assert_false(lk_mmsi_valid("27334922"));
	assert_false(lk_mmsi_valid("2733492201"));
	assert_false(lk_mmsi_valid("27334922X"));
	assert_false(lk_mmsi_valid(""));
	assert_false(lk_mmsi_valid(NULL));
}

static void test_model_ident__bic(void **state)
{
	(void)state;
	assert_true(lk_bic_valid("DEUTDEFF"));
	assert_true(lk_bic_valid("DEUTDEFF500"));
	assert_true(lk_bic_valid("BKCHCNBJ"));    /* Bank of China, in OFAC remarks */
	assert_true(lk_bic_valid("KBTBKPPY"));
	assert_true(lk_bic_valid("BKCHCNBJ300")); /* branch */
	assert_false(lk_bic_valid("DEUTDEF"));
	assert_false(lk_bic_valid("DEUTDEFF5"));
	assert_false(lk_bic_valid("DEU1DEFF"));   /* bank code must be letters */
	assert_false(lk_bic_valid("DEUTD1FF"));   /* so must the country */
	assert_false(lk_bic_valid("DEUTDEF-"));
	assert_false(lk_bic_valid("DEUT DEFF"));
	assert_false(lk_bic_valid(""));
	assert_false(lk_bic_valid(NULL));
}

static void test_model_ident__lei_mod_97_10(void **state)
{
	(void)state;
	assert_true(lk_lei_valid("5493001KJTIIGC8Y1R12"));
	assert_true(lk_lei_valid("529900T8BM49AURSDO55"));
	assert_true(lk_lei_valid("HWUPKR0MPOU8FGXBT394"));
	assert_false(lk_lei_valid("5493001KJTIIGC8Y1R13")); /* wrong check digits */
	assert_false(lk_lei_valid("5493001KJTIIGC8Y1R21")); /* transposed */
	assert_false(lk_lei_valid("5493001KJTIIGD8Y1R12")); /* one letter changed */
	assert_false(lk_lei_valid("5493001KJTIIGC8Y1R1"));
	assert_false(lk_lei_valid("5493001KJTIIGC8Y1R1A"));
	assert_false(lk_lei_valid("5493001KJTIIGC8Y1-12"));
	assert_false(lk_lei_valid(NULL));
}

static void expect_norm(const char *in, const char *want)
{
	lk_buf b;
	lk_buf_init(&b, 0);
	assert_int_equal(lk_ident_normalize(&b, in), 0);
	assert_string_equal(lk_buf_cstr(&b), want);
	lk_buf_dispose(&b);
}

static void test_model_ident__normalize(void **state)
{
	(void)state;
	expect_norm("A-123 456", "A123456");
	expect_norm("  ab.12/34 ", "AB1234");
	expect_norm("\xD0\x90\xD0\x92 123", "AB123");          /* Cyrillic АВ */
	expect_norm("\xE2\x84\x96 12\xE2\x80\x93" "34", "1234"); /* № 12–34 */
	expect_norm("\xEF\xBC\xA1\xEF\xBC\x91", "A1");          /* full-width Ａ１ */
	expect_norm("\xD0\x96" "12", "\xD0\x96" "12");          /* Ж has no Latin twin */
	expect_norm("", "");
	expect_norm(NULL, "");
	/* bounded: a buffer with a small maximum fails cleanly */
	lk_buf b;
	lk_buf_init(&b, 4);
	assert_int_equal(lk_ident_normalize(&b, "123456789"), LK_ETOOBIG);
	lk_buf_dispose(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_ident__imo_check_digit),
		cmocka_unit_test(test_model_ident__every_real_ofac_vessel_imo_validates),
		cmocka_unit_test(test_model_ident__mmsi),
		cmocka_unit_test(test_model_ident__bic),
		cmocka_unit_test(test_model_ident__lei_mod_97_10),
		cmocka_unit_test(test_model_ident__normalize),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
