/*
 * test_payment_mt103.c - the MT103 reader on fixtures written from the published FIN message
 * format (tests/fixtures/payments/mt103_*.txt) and on small broken messages: every parsed field
 * of every party, and every error with its line, byte offset and message number.
 */
#include "payment_test.h"

static lk_payment *M;

static int setup(void **state)
{
	(void)state;
	M = calloc(1, sizeof *M);
	return M ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(M);
	return 0;
}

/* Check the SOVCOMFLOT message (mt103_sovcomflot.txt, also first in mt103_stream.txt). */
static void check_sovcomflot(const lk_payment *m)
{
	assert_int_equal(m->type, LK_PAYMENT_MT103);
	assert_string_equal(m->reference, "LK-SCF-0001");
	assert_string_equal(m->end_to_end_id, "");
	assert_string_equal(m->currency, "USD");
	assert_string_equal(m->amount, "250000.00");
	assert_string_equal(m->value_date, "2024-05-06");
	assert_int_equal(m->nparties, 4);
	const lk_payment_party *p = &m->parties[0];
	assert_party(p, LK_PAYMENT_ORDERING_CUSTOMER, "50K", "NORDSEE HANDELS GMBH", "", "",
	             "DE89370400440532013000", "");
	assert_int_equal(p->naddress, 2);
	assert_string_equal(p->address[0], "HAFENSTRASSE 12");
	assert_string_equal(p->address[1], "20457 HAMBURG");
	assert_party(&m->parties[1], LK_PAYMENT_ORDERING_INSTITUTION, "52A", "", "", "", "",
	             "COBADEFFXXX");
	assert_party(&m->parties[2], LK_PAYMENT_ACCOUNT_WITH, "57A", "", "", "", "", "SABRRUMM");
	p = &m->parties[3];
	assert_party(p, LK_PAYMENT_BENEFICIARY, "59", "SOVCOMFLOT", "", "", "40702810900000001234",
	             "");
	assert_int_equal(p->naddress, 2);
	assert_string_equal(p->address[0], "6 GASHEKA STREET");
	assert_string_equal(p->address[1], "MOSCOW 125047 RUSSIA");
	assert_int_equal(m->ntexts, 1);
	assert_int_equal(m->texts[0].role, LK_PAYMENT_REMITTANCE);
	assert_string_equal(m->texts[0].tag, "70");
	assert_string_equal(m->texts[0].text, "CHARTER HIRE INV 2024-117");
}

static void check_clear(const lk_payment *m)
{
	assert_string_equal(m->reference, "LK-CLR-0003");
	assert_string_equal(m->currency, "EUR");
	assert_string_equal(m->amount, "1250.50");
	assert_string_equal(m->value_date, "2024-05-10");
	assert_int_equal(m->nparties, 5);
	const lk_payment_party *p = &m->parties[0];
	assert_party(p, LK_PAYMENT_ORDERING_CUSTOMER, "50F", "ANNA SCHMIDT", "DE", "BERLIN", "", "");
	assert_string_equal(p->identifier, "NIDN/DE/T22000129");
	assert_string_equal(p->birth_date, "1985-07-04");
	assert_string_equal(p->birth_place, "DE/POTSDAM");
	assert_int_equal(p->naddress, 0);
	assert_party(&m->parties[1], LK_PAYMENT_ORDERING_INSTITUTION, "52A", "", "", "", "",
	             "BNPAFRPP");
	assert_party(&m->parties[2], LK_PAYMENT_INTERMEDIARY, "56A", "", "", "",
	             "FR7630006000011234567890189", "COBADEFF");
	p = &m->parties[3];
	assert_party(p, LK_PAYMENT_ACCOUNT_WITH, "57D", "DEUTSCHE BANK AG", "", "", "", "");
	assert_int_equal(p->naddress, 2);
	assert_string_equal(p->address[0], "TAUNUSANLAGE 12");
	assert_string_equal(p->address[1], "FRANKFURT");
	p = &m->parties[4];
	assert_party(p, LK_PAYMENT_BENEFICIARY, "59", "JEAN DUPONT", "", "",
	             "FR1420041010050500013M02606", "");
	assert_int_equal(p->naddress, 2);
	assert_string_equal(p->address[1], "75002 PARIS");
	assert_int_equal(m->ntexts, 2);
	assert_int_equal(m->texts[0].role, LK_PAYMENT_REMITTANCE);
	assert_string_equal(m->texts[0].text, "INVOICE 2024-0042\nGARDEN FURNITURE");
	assert_int_equal(m->texts[1].role, LK_PAYMENT_SENDER_TO_RECEIVER);
	assert_string_equal(m->texts[1].tag, "72");
	assert_string_equal(m->texts[1].text, "/ACC/PLEASE ADVISE BENEFICIARY\n//BY PHONE");
}

static void test_payment_mt103__sovcomflot_beneficiary_is_parsed(void **state)
{
	(void)state;
	char *buf;
	lk_payment_reader *r = open_fixture("payments/mt103_sovcomflot.txt", &buf);
	next_ok(r, M);
	assert_int_equal(M->index, 1);
	assert_int_equal(M->line, 1);
	assert_int_equal(M->offset, 0);
	check_sovcomflot(M);
	at_end(r, M);
	assert_int_equal(lk_payment_reader_count(r), 1);
	lk_payment_reader_free(r);
	free(buf);
}

static void test_payment_mt103__structured_50f_and_59f_are_split_into_parts(void **state)
{
	(void)state;
	char *buf;
	lk_payment_reader *r = open_fixture("payments/mt103_structured.txt", &buf);
	next_ok(r, M);
	assert_string_equal(M->reference, "LK-STR-0002");
	assert_string_equal(M->currency, "EUR");
	assert_string_equal(M->amount, "1000000");  /* "1000000," */
	assert_string_equal(M->value_date, "2024-05-07");
	assert_int_equal(M->nparties, 2);
	const lk_payment_party *p = &M->parties[0];
	assert_party(p, LK_PAYMENT_ORDERING_CUSTOMER, "50F", "HANS MUELLER", "DE",
	             "FRANKFURT AM MAIN", "DE44500105175407324931", "");
	assert_int_equal(p->naddress, 1);
	assert_string_equal(p->address[0], "GOETHESTRASSE 7");
	assert_string_equal(p->identifier, "DE/DEUTDEFF/998877");
	assert_string_equal(p->birth_date, "");
	p = &M->parties[1];
	/* two "1/" lines are one name */
	assert_party(p, LK_PAYMENT_BENEFICIARY, "59F", "JOINT STOCK COMPANY SOVCOMFLOT", "RU",
	             "SAINT PETERSBURG", "RU0440702810500000004321", "");
	assert_int_equal(p->naddress, 1);
	assert_string_equal(p->address[0], "3A MOIKA EMBANKMENT");
	assert_int_equal(M->ntexts, 0);
	at_end(r, M);
	lk_payment_reader_free(r);
	free(buf);
}

static void test_payment_mt103__vessel_and_imo_in_field_70(void **state)
{
	(void)state;
	char *buf;
	lk_payment_reader *r = open_fixture("payments/mt103_vessel.txt", &buf);
	next_ok(r, M);
	assert_string_equal(M->reference, "LK-VSL-0004");
	assert_string_equal(M->amount, "98000");
	assert_string_equal(M->currency, "USD");
	assert_string_equal(M->value_date, "2024-05-15");
	assert_int_equal(M->nparties, 2);
	assert_party(&M->parties[0], LK_PAYMENT_ORDERING_CUSTOMER, "50K",
	             "ORIENT MARINE SERVICES LTD", "", "", "", "");
	assert_int_equal(M->parties[0].naddress, 2);
	assert_string_equal(M->parties[0].address[1], "WAN CHAI HONG KONG");
	assert_party(&M->parties[1], LK_PAYMENT_BENEFICIARY, "59A", "", "", "", "SG0123456789",
	             "SCBLSGSG");
	assert_int_equal(M->ntexts, 1);
	assert_string_equal(M->texts[0].text, "BUNKER SUPPLY MT SUN RISE\nIMO 9413559 PORT LOUIS");
	at_end(r, M);
	lk_payment_reader_free(r);
	free(buf);
}

static void test_payment_mt103__clear_message_with_all_party_options(void **state)
{
	(void)state;
	char *buf;
	lk_payment_reader *r = open_fixture("payments/mt103_clear.txt", &buf);
	next_ok(r, M);
	check_clear(M);
	at_end(r, M);
	lk_payment_reader_free(r);
	free(buf);
}

static void test_payment_mt103__missing_block_4_is_reported(void **state)
{
	(void)state;
	char *buf;
	lk_payment_reader *r = open_fixture("payments/mt103_missing_block4.txt", &buf);
	next_err(r, M, LK_EINVALID, 1, 1, "no block 4");
	at_end(r, M);
	lk_payment_reader_free(r);
	free(buf);
}

static void test_payment_mt103__wrong_field_tag_is_reported_with_its_line(void **state)
{
	(void)state;
	char *buf;
	lk_payment_reader *r = open_fixture("payments/mt103_wrong_tag.txt", &buf);
	next_err(r, M, LK_EINVALID, 1, 6, "field tag :21: is not an MT103 field");
	at_end(r, M);
	lk_payment_reader_free(r);
	free(buf);
}

/* Six messages separated by '$', by nothing and by line breaks: good, wrong tag, no block 4,
 * a byte outside the X set, no field 59, good. Each bad one is reported, the rest go on. */
static void test_payment_mt103__stream_goes_on_after_malformed_messages(void **state)
{
	(void)state;
	char *buf;
	lk_payment_reader *r = open_fixture("payments/mt103_stream.txt", &buf);
	next_ok(r, M);
	assert_int_equal(M->index, 1);
	check_sovcomflot(M);
	next_err(r, M, LK_EINVALID, 2, 22, "field tag :21: is not an MT103 field");
	assert_int_equal(M->line, 17);
	assert_int_equal(M->offset, 389);
	next_err(r, M, LK_EINVALID, 3, 27, "no block 4");
	assert_int_equal(M->offset, 576);
	next_err(r, M, LK_EENCODING, 4, 30, "byte 0xDC is outside the SWIFT X character set");
	assert_int_equal(M->line, 27);
	assert_int_equal(M->offset, 667);
	assert_int_equal(lk_error_last()->offset, 667 + 100);
	next_err(r, M, LK_EINVALID, 5, 34, "mandatory field 59a is missing");
	next_ok(r, M);
	assert_int_equal(M->index, 6);
	assert_int_equal(M->line, 40);
	check_clear(M);
	at_end(r, M);
	assert_int_equal(lk_payment_reader_count(r), 6);
	lk_payment_reader_free(r);
	free(buf);
}

#define HDR "{1:F01COBADEFFAXXX0000000009}{2:I103SABRRUMMXXXXN}{4:\r\n"
#define BODY ":20:REF1\r\n:32A:240506EUR100,00\r\n:50K:ACME LTD\r\n:59:JOHN SMITH\r\n"

static void test_payment_mt103__broken_messages_are_reported(void **state)
{
	(void)state;
	lk_payment_format f = LK_PAYMENT_FORMAT_MT103;
	string_err(HDR ":32A:240506EUR100,00\r\n:50K:ACME LTD\r\n:59:JOHN SMITH\r\n-}", f,
	           LK_EINVALID, 1, "mandatory field 20 is missing");
	string_err(HDR ":20:REF1\r\n:50K:ACME LTD\r\n:59:JOHN SMITH\r\n-}", f, LK_EINVALID, 1,
	           "mandatory field 32A is missing");
	string_err(HDR ":20:REF1\r\n:32A:240506EUR100,00\r\n:59:JOHN SMITH\r\n-}", f, LK_EINVALID, 1,
	           "mandatory field 50a is missing");
	string_err(HDR BODY, f, LK_ETRUNCATED, 6, "block 4 ends without its '-}' terminator");
	string_err(HDR BODY "-", f, LK_ETRUNCATED, 6, "block 4 ends without");
	string_err(HDR ":2O:REF1\r\n-}", f, LK_EINVALID, 2, "malformed field tag ':2O:'");
	string_err(HDR BODY ":20:REF2\r\n-}", f, LK_EINVALID, 6, "field 20: a second field 20");
	string_err(HDR BODY ":57A:NOT1BICX\r\n-}", f, LK_EINVALID, 6,
	           "field 57A: 'NOT1BICX' is not a valid BIC");
	string_err(HDR BODY ":70:" "123456789012345678901234567890123456\r\n-}", f, LK_ETOOBIG, 6,
	           "field 70: line of 36 characters, at most 35");
	string_err(HDR BODY ":70:A\r\nB\r\nC\r\nD\r\nE\r\n-}", f, LK_ETOOBIG, 10,
	           "field 70: more than 4 lines");
	string_err(HDR ":20:REF1\r\n:32A:241306EUR100,00\r\n-}", f, LK_EINVALID, 3,
	           "field 32A: '241306' is not a valid date");
	string_err(HDR ":20:REF1\r\n:32A:240506EUR100.00\r\n-}", f, LK_EINVALID, 3,
	           "amount '100.00' must be digits with one decimal comma");
	string_err(HDR ":20:REF1\r\n:50F:/123\r\nHANS\r\n-}", f, LK_EINVALID, 3,
	           "field 50F: line 2 'HANS' does not start with a line number 1-8 and '/'");
	string_err(HDR ":20:REF1\r\n:59F:1/HANS\r\n3/Germany\r\n-}", f, LK_EINVALID, 3,
	           "does not start with a country code");
	string_err(HDR ":20:REF1\r\n:59F:1/HANS\r\n4/19700101\r\n-}", f, LK_EINVALID, 3,
	           "line number 1-3");
	string_err(HDR "REF1\r\n-}", f, LK_EINVALID, 2, "text before the first field tag");
	string_err(HDR BODY ":70:ABC}\r\n-}", f, LK_EINVALID, 6, "'}' inside block 4");
	string_err("{1:F01COBADEFFAXXX0000000009}{2:I202SABRRUMMXXXXN}{4:\r\n" BODY "-}", f,
	           LK_EFORMAT, 1, "block 2 'I202SABRRUMMXXXXN' is not an MT103");
	string_err("{1:F01COBADEFFAXXX0000000009}{2:I103SABR", f, LK_ETRUNCATED, 1,
	           "block 2 is not closed");
	string_err("{1:F01COBADEFFAXXX0000000009}\r\n{3:{108:X\xff}}", f, LK_EENCODING, 2,
	           "byte 0xFF in block 3");
	string_err("hello", f, LK_EINVALID, 1, "unexpected 'h' outside a block");
	string_err(HDR ":20:REF1\r\n:50K:\xc3\xa9\r\n-}", f, LK_EENCODING, 3,
	           "byte 0xC3 is outside the SWIFT X character set");
}

/* LF line endings, '$' separators and messages without blocks 1-3 are accepted. */
static void test_payment_mt103__lf_endings_and_dollar_separators(void **state)
{
	(void)state;
	const char *s = "{4:\n:20:A1\n:32A:240101GBP5,\n:50K:X\n:59:Y\n-}\n$\n"
	                "{4:\n:20:A2\n:32A:991231JPY0,5\n:50A:DEUTDEFF\n:59A:/1\nDEUTDEFF\n-}$$";
	lk_payment_reader *r = NULL;
	assert_int_equal(lk_payment_reader_new(&r, s, strlen(s), NULL, LK_PAYMENT_FORMAT_AUTO), 0);
	next_ok(r, M);
	assert_string_equal(M->reference, "A1");
	assert_string_equal(M->amount, "5");
	assert_string_equal(M->currency, "GBP");
	assert_string_equal(M->parties[1].name, "Y");
	next_ok(r, M);
	assert_int_equal(M->index, 2);
	assert_int_equal(M->line, 8);
	assert_string_equal(M->value_date, "2099-12-31");
	assert_string_equal(M->amount, "0.5");
	assert_party(&M->parties[0], LK_PAYMENT_ORDERING_CUSTOMER, "50A", "", "", "", "", "DEUTDEFF");
	assert_party(&M->parties[1], LK_PAYMENT_BENEFICIARY, "59A", "", "", "", "1", "DEUTDEFF");
	at_end(r, M);
	lk_payment_reader_free(r);

	assert_int_equal(lk_payment_reader_new(&r, "", 0, NULL, LK_PAYMENT_FORMAT_MT103), 0);
	at_end(r, M);
	lk_payment_reader_free(r);
	assert_int_equal(lk_payment_reader_new(&r, "$\r\n$ \n", 6, NULL, LK_PAYMENT_FORMAT_MT103), 0);
	at_end(r, M);
	lk_payment_reader_free(r);
}

/* Every prefix of a valid message is an error or a message, never a crash (ASan checks reads
 * past the end: the prefix is copied into a buffer of exactly its length). */
static void test_payment_mt103__every_truncation_is_an_error(void **state)
{
	(void)state;
	char *buf;
	size_t len;
	buf = lk_test_read_file(lk_test_fixture("payments/mt103_clear.txt"), &len);
	for (size_t n = 1; n < len; n++) {
		char *cut = malloc(n);
		assert_non_null(cut);
		memcpy(cut, buf, n);
		lk_payment_reader *r = NULL;
		assert_int_equal(lk_payment_reader_new(&r, cut, n, "cut", LK_PAYMENT_FORMAT_MT103), 0);
		int rc, msgs = 0;
		while ((rc = lk_payment_reader_next(r, M)) != 0)
			msgs += rc == 1;
		/* cut after "-}" the message is complete */
		assert_int_equal(msgs, n >= len - 2 ? 1 : 0);
		lk_payment_reader_free(r);
		free(cut);
	}
	free(buf);
}

static void test_payment_mt103__names(void **state)
{
	(void)state;
	assert_string_equal(lk_payment_type_name(LK_PAYMENT_MT103), "mt103");
	assert_string_equal(lk_payment_type_name(LK_PAYMENT_PACS008), "pacs.008");
	assert_string_equal(lk_payment_role_name(LK_PAYMENT_ORDERING_CUSTOMER), "ordering_customer");
	assert_string_equal(lk_payment_role_name(LK_PAYMENT_ACCOUNT_WITH), "account_with_institution");
	assert_string_equal(lk_payment_role_name(LK_PAYMENT_ROLE_COUNT), "unknown");
	assert_string_equal(lk_payment_text_role_name(LK_PAYMENT_SENDER_TO_RECEIVER),
	                    "sender_to_receiver");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_payment_mt103__sovcomflot_beneficiary_is_parsed),
		cmocka_unit_test(test_payment_mt103__structured_50f_and_59f_are_split_into_parts),
		cmocka_unit_test(test_payment_mt103__vessel_and_imo_in_field_70),
		cmocka_unit_test(test_payment_mt103__clear_message_with_all_party_options),
		cmocka_unit_test(test_payment_mt103__missing_block_4_is_reported),
		cmocka_unit_test(test_payment_mt103__wrong_field_tag_is_reported_with_its_line),
		cmocka_unit_test(test_payment_mt103__stream_goes_on_after_malformed_messages),
		cmocka_unit_test(test_payment_mt103__broken_messages_are_reported),
		cmocka_unit_test(test_payment_mt103__lf_endings_and_dollar_separators),
		cmocka_unit_test(test_payment_mt103__every_truncation_is_an_error),
		cmocka_unit_test(test_payment_mt103__names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
