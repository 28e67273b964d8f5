/*
 * test_payment_pacs008.c - the pacs.008 reader on fixtures written from the published ISO 20022
 * message layouts (tests/fixtures/payments/pacs008_*.xml: versions 02, 08 and 10, a document
 * inside a head.001 envelope with namespace prefixes, two transactions in one message) and on
 * broken documents: truncation, a wrong namespace, invalid UTF-8, a DOCTYPE, missing parts.
 * The messages carry the same parties as the MT103 fixtures.
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

static void test_payment_pacs008__sovcomflot_creditor_is_parsed(void **state)
{
	(void)state;
	char *buf;
	lk_payment_reader *r = open_fixture("payments/pacs008_sovcomflot.xml", &buf);
	next_ok(r, M);
	assert_int_equal(M->type, LK_PAYMENT_PACS008);
	assert_int_equal(M->index, 1);
	assert_int_equal(M->line, 11);
	assert_string_equal(M->reference, "LK-SCF-0001");
	assert_string_equal(M->end_to_end_id, "E2E-SCF-0001");
	assert_string_equal(M->currency, "USD");
	assert_string_equal(M->amount, "250000.00");
	assert_string_equal(M->value_date, "2024-05-06");
	assert_int_equal(M->nparties, 4);
	const lk_payment_party *p = &M->parties[0];
	assert_party(p, LK_PAYMENT_ORDERING_CUSTOMER, "Dbtr", "NORDSEE HANDELS GMBH", "DE", "HAMBURG",
	             "DE89370400440532013000", "");
	assert_int_equal(p->naddress, 1);
	assert_string_equal(p->address[0], "HAFENSTRASSE 12");
	assert_party(&M->parties[1], LK_PAYMENT_ORDERING_INSTITUTION, "DbtrAgt", "", "", "", "",
	             "COBADEFFXXX");
	assert_party(&M->parties[2], LK_PAYMENT_ACCOUNT_WITH, "CdtrAgt", "", "", "", "", "SABRRUMM");
	p = &M->parties[3];
	assert_party(p, LK_PAYMENT_BENEFICIARY, "Cdtr", "SOVCOMFLOT", "RU", "", "40702810900000001234",
	             "");
	assert_int_equal(p->naddress, 2);
	assert_string_equal(p->address[0], "6 GASHEKA STREET");
	assert_string_equal(p->address[1], "MOSCOW 125047 RUSSIA");
	assert_int_equal(M->ntexts, 1);
	assert_int_equal(M->texts[0].role, LK_PAYMENT_REMITTANCE);
	assert_string_equal(M->texts[0].tag, "Ustrd");
	assert_string_equal(M->texts[0].text, "CHARTER HIRE INV 2024-117");
	at_end(r, M);
	assert_int_equal(lk_payment_reader_count(r), 1);
	lk_payment_reader_free(r);
	free(buf);
}

/* Version 02: FinInstnId/BIC and OrgId/BICOrBEI; a debtor with date and place of birth. */
static void test_payment_pacs008__version_02_structured_addresses(void **state)
{
	(void)state;
	char *buf;
	lk_payment_reader *r = open_fixture("payments/pacs008_structured.xml", &buf);
	next_ok(r, M);
	assert_int_equal(M->line, 12);
	assert_string_equal(M->reference, "LK-STR-0002");
	assert_string_equal(M->end_to_end_id, "E2E-STR-0002");
	assert_string_equal(M->currency, "EUR");
	assert_string_equal(M->amount, "1000000");
	assert_string_equal(M->value_date, "2024-05-07");
	assert_int_equal(M->nparties, 4);
	const lk_payment_party *p = &M->parties[0];
	assert_party(p, LK_PAYMENT_ORDERING_CUSTOMER, "Dbtr", "HANS MUELLER", "DE",
	             "FRANKFURT AM MAIN", "DE44500105175407324931", "");
	assert_int_equal(p->naddress, 1);
	assert_string_equal(p->address[0], "GOETHESTRASSE 7");
	assert_string_equal(p->birth_date, "1970-03-15");
	assert_string_equal(p->birth_place, "DE/KASSEL");
	assert_party(&M->parties[1], LK_PAYMENT_ORDERING_INSTITUTION, "DbtrAgt", "", "", "", "",
	             "DEUTDEFF");
	assert_party(&M->parties[2], LK_PAYMENT_ACCOUNT_WITH, "CdtrAgt", "", "", "", "", "SABRRUMM");
	p = &M->parties[3];
	assert_party(p, LK_PAYMENT_BENEFICIARY, "Cdtr", "JOINT STOCK COMPANY SOVCOMFLOT", "RU",
	             "SAINT PETERSBURG", "RU0440702810500000004321", "SCFLRUMM");
	assert_int_equal(p->naddress, 1);
	assert_string_equal(p->address[0], "MOIKA EMBANKMENT 3A");
	assert_int_equal(M->ntexts, 0);
	at_end(r, M);
	lk_payment_reader_free(r);
	free(buf);
}

/* Version 10 with prefixes, inside an envelope after a head.001 header. */
static void test_payment_pacs008__vessel_and_imo_in_remittance(void **state)
{
	(void)state;
	char *buf;
	lk_payment_reader *r = open_fixture("payments/pacs008_vessel.xml", &buf);
	next_ok(r, M);
	assert_int_equal(M->line, 20);
	assert_string_equal(M->reference, "LK-VSL-0004");
	assert_string_equal(M->end_to_end_id, "E2E-VSL-0004");
	assert_string_equal(M->amount, "98000");
	assert_string_equal(M->currency, "USD");
	assert_string_equal(M->value_date, "2024-05-15");
	assert_int_equal(M->nparties, 4);
	assert_party(&M->parties[0], LK_PAYMENT_ORDERING_CUSTOMER, "Dbtr",
	             "ORIENT MARINE SERVICES LTD", "HK", "", "", "");
	assert_int_equal(M->parties[0].naddress, 2);
	assert_string_equal(M->parties[0].address[1], "WAN CHAI HONG KONG");
	assert_party(&M->parties[1], LK_PAYMENT_ORDERING_INSTITUTION, "DbtrAgt", "", "", "", "",
	             "HSBCHKHH");
	assert_party(&M->parties[2], LK_PAYMENT_ACCOUNT_WITH, "CdtrAgt", "", "", "", "", "SCBLSGSG");
	assert_party(&M->parties[3], LK_PAYMENT_BENEFICIARY, "Cdtr", "", "", "", "SG0123456789",
	             "SCBLSGSG");
	assert_int_equal(M->ntexts, 1);
	assert_string_equal(M->texts[0].text, "BUNKER SUPPLY MT SUN RISE\nIMO 9413559 PORT LOUIS");
	at_end(r, M);
	lk_payment_reader_free(r);
	free(buf);
}

static void check_clear_first(const lk_payment *m)
{
	assert_int_equal(m->index, 1);
	assert_int_equal(m->line, 13);
	assert_string_equal(m->reference, "LK-CLR-0003");
	assert_string_equal(m->end_to_end_id, "E2E-CLR-0003");
	assert_string_equal(m->currency, "EUR");
	assert_string_equal(m->amount, "1250.50");
	assert_string_equal(m->value_date, "2024-05-10");
	assert_int_equal(m->nparties, 6);
	const lk_payment_party *p = &m->parties[0];
	assert_party(p, LK_PAYMENT_ORDERING_CUSTOMER, "Dbtr", "ANNA SCHMIDT", "DE", "BERLIN", "", "");
	assert_string_equal(p->identifier, "T22000129");
	assert_string_equal(p->address[0], "LINDENALLEE 5");
	assert_party(&m->parties[1], LK_PAYMENT_ULTIMATE_DEBTOR, "UltmtDbtr", "SCHMIDT HOLDING GMBH",
	             "", "", "", "");
	assert_party(&m->parties[2], LK_PAYMENT_ORDERING_INSTITUTION, "DbtrAgt", "", "", "", "",
	             "BNPAFRPP");
	assert_party(&m->parties[3], LK_PAYMENT_INTERMEDIARY, "IntrmyAgt1", "", "", "",
	             "FR7630006000011234567890189", "COBADEFF");
	p = &m->parties[4];
	assert_party(p, LK_PAYMENT_ACCOUNT_WITH, "CdtrAgt", "DEUTSCHE BANK AG", "", "", "", "");
	assert_string_equal(p->identifier, "50070010");
	assert_int_equal(p->naddress, 2);
	assert_string_equal(p->address[0], "TAUNUSANLAGE 12");
	assert_string_equal(p->address[1], "FRANKFURT");
	p = &m->parties[5];
	/* CtryOfRes stands in for a missing PstlAdr/Ctry */
	assert_party(p, LK_PAYMENT_BENEFICIARY, "Cdtr", "JEAN DUPONT", "FR", "",
	             "FR1420041010050500013M02606", "");
	assert_int_equal(p->naddress, 2);
	assert_string_equal(p->address[1], "75002 PARIS");
	assert_int_equal(m->ntexts, 1);
	assert_string_equal(m->texts[0].text, "INVOICE 2024-0042\nGARDEN FURNITURE");
}

static void test_payment_pacs008__two_transactions_share_the_group_header(void **state)
{
	(void)state;
	char *buf;
	lk_payment_reader *r = open_fixture("payments/pacs008_clear.xml", &buf);
	next_ok(r, M);
	check_clear_first(M);
	next_ok(r, M);
	assert_int_equal(M->index, 2);
	assert_int_equal(M->line, 42);
	assert_string_equal(M->reference, "LK-CLR-0003");
	assert_string_equal(M->end_to_end_id, "E2E-CLR-0004");
	assert_string_equal(M->amount, "75");
	assert_string_equal(M->value_date, "2024-05-11");  /* from GrpHdr */
	assert_int_equal(M->nparties, 5);
	assert_party(&M->parties[0], LK_PAYMENT_ORDERING_CUSTOMER, "Dbtr", "ANNA SCHMIDT", "", "", "",
	             "");
	assert_party(&M->parties[2], LK_PAYMENT_ACCOUNT_WITH, "CdtrAgt", "", "", "", "",
	             "DEUTDEFF500");
	assert_party(&M->parties[3], LK_PAYMENT_BENEFICIARY, "Cdtr", "GARTENBAU KLEIN KG", "DE",
	             "KOELN", "", "");
	assert_party(&M->parties[4], LK_PAYMENT_ULTIMATE_CREDITOR, "UltmtCdtr",
	             "KLEIN FAMILIENSTIFTUNG", "", "", "", "");
	assert_int_equal(M->ntexts, 0);
	at_end(r, M);
	assert_int_equal(lk_payment_reader_count(r), 2);
	lk_payment_reader_free(r);
	free(buf);
}

static void test_payment_pacs008__truncated_document_keeps_earlier_transactions(void **state)
{
	(void)state;
	char *buf;
	lk_payment_reader *r = open_fixture("payments/pacs008_truncated.xml", &buf);
	next_ok(r, M);
	check_clear_first(M);
	next_err(r, M, LK_ETRUNCATED, 2, 49, "the document is truncated");
	at_end(r, M);
	lk_payment_reader_free(r);
	free(buf);
}

static void test_payment_pacs008__wrong_namespace_is_reported(void **state)
{
	(void)state;
	char *buf;
	lk_payment_reader *r = open_fixture("payments/pacs008_wrong_ns.xml", &buf);
	next_err(r, M, LK_EINVALID, 1, 4,
	         "FIToFICstmrCdtTrf in namespace 'urn:iso:std:iso:20022:tech:xsd:pacs.009.001.08'");
	at_end(r, M);
	lk_payment_reader_free(r);
	free(buf);
}

#define NS "urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"
#define GRP "<GrpHdr><MsgId>M1</MsgId></GrpHdr>\n"
#define TX(body) "<CdtTrfTxInf>\n<PmtId><EndToEndId>E1</EndToEndId></PmtId>\n" body \
                 "</CdtTrfTxInf>\n"
#define AMT "<IntrBkSttlmAmt Ccy=\"EUR\">10</IntrBkSttlmAmt>\n"
#define PARTIES "<Dbtr><Nm>A</Nm></Dbtr>\n<Cdtr><Nm>B</Nm></Cdtr>\n"
#define DOC(body) "<Document xmlns=\"" NS "\"><FIToFICstmrCdtTrf>\n" body \
                  "</FIToFICstmrCdtTrf></Document>\n"

static void test_payment_pacs008__broken_documents_are_reported(void **state)
{
	(void)state;
	lk_payment_format f = LK_PAYMENT_FORMAT_AUTO;
	string_err("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">"
	           "<BkToCstmrStmt/></Document>", f, LK_EFORMAT, 0, "no FIToFICstmrCdtTrf element");
	string_err(DOC(GRP TX(AMT "<Dbtr><Nm>A\xff</Nm></Dbtr>\n")), f, LK_EENCODING, 6,
	           "not proper UTF-8");
	string_err("<!DOCTYPE x [<!ENTITY a \"b\">]>\n" DOC(GRP TX(AMT PARTIES)), f, LK_EINVALID, -1,
	           "DOCTYPE");  /* xml_util reports the reader's line, which runs ahead */
	string_err(DOC(TX(AMT PARTIES)), f, LK_EINVALID, 2, "without a GrpHdr/MsgId");
	string_err(DOC(GRP TX(PARTIES)), f, LK_EINVALID, 3, "without IntrBkSttlmAmt");
	string_err(DOC(GRP TX("<IntrBkSttlmAmt>10</IntrBkSttlmAmt>\n" PARTIES)), f, LK_EINVALID, 5,
	           "IntrBkSttlmAmt without a currency code");
	string_err(DOC(GRP TX("<IntrBkSttlmAmt Ccy=\"EUR\">1,5</IntrBkSttlmAmt>\n" PARTIES)), f,
	           LK_EINVALID, 5, "IntrBkSttlmAmt '1,5' is not a decimal amount");
	string_err(DOC(GRP TX(AMT "<Cdtr><Nm>B</Nm></Cdtr>\n")), f, LK_EINVALID, 3,
	           "CdtTrfTxInf without Dbtr");
	string_err(DOC(GRP TX(AMT "<Dbtr><Nm>A</Nm></Dbtr>\n")), f, LK_EINVALID, 3,
	           "CdtTrfTxInf without Cdtr");
	string_err(DOC(GRP TX(AMT PARTIES "<CdtrAgt><FinInstnId><BICFI>12345678</BICFI>"
	                                   "</FinInstnId></CdtrAgt>\n")), f, LK_EINVALID, 8,
	           "CdtrAgt: '12345678' is not a valid BIC");
	string_err(DOC(GRP TX(AMT "<Dbtr><Nm>A</Nm><PstlAdr><Ctry>Germany</Ctry></PstlAdr></Dbtr>\n"
	                          "<Cdtr><Nm>B</Nm></Cdtr>\n")), f, LK_EINVALID, 6,
	           "Ctry 'Germany' is not an ISO 3166 country code");
	string_err(DOC(GRP), f, LK_EINVALID, 1, "FIToFICstmrCdtTrf without CdtTrfTxInf");
	string_err(DOC(GRP TX(AMT "<Dbtr><Nm>"
	    "0123456789012345678901234567890123456789012345678901234567890123456789"
	    "0123456789012345678901234567890123456789012345678901234567890123456789X"
	    "</Nm></Dbtr>\n<Cdtr><Nm>B</Nm></Cdtr>\n")), f, LK_ETOOBIG, 6,
	    "Nm: 141 bytes, at most 140");
	string_err("<Document xmlns=\"" NS "\"><FIToFICstmrCdtTrf>\n" GRP "<CdtTrf", f,
	           LK_ETRUNCATED, 3, "truncated");
	string_err(" \n", LK_PAYMENT_FORMAT_PACS008, LK_EINVALID, 0, "the input is empty");
}

/* In an envelope, a message in a wrong namespace is reported and the next one is read; a
 * message without transactions is reported and the next one is read. */
static void test_payment_pacs008__envelope_goes_on_after_a_bad_message(void **state)
{
	(void)state;
	const char *s =
		"<Env>\n"
		"<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001\">"
		"<FIToFICstmrCdtTrf>" GRP TX(AMT PARTIES) "</FIToFICstmrCdtTrf></Document>\n"
		"<Document xmlns=\"" NS "\"><FIToFICstmrCdtTrf>\n" GRP "</FIToFICstmrCdtTrf></Document>\n"
		"<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.12\"><FIToFICstmrCdtTrf>\n"
		GRP TX(AMT PARTIES) "</FIToFICstmrCdtTrf></Document>\n"
		"</Env>\n";
	lk_payment_reader *r = NULL;
	assert_int_equal(lk_payment_reader_new(&r, s, strlen(s), "env", LK_PAYMENT_FORMAT_AUTO), 0);
	next_err(r, M, LK_EINVALID, 1, 2, "expected urn:iso:std:iso:20022:tech:xsd:pacs.008.001.NN");
	next_err(r, M, LK_EINVALID, 2, 10, "FIToFICstmrCdtTrf without CdtTrfTxInf");
	next_ok(r, M);
	assert_int_equal(M->index, 3);
	assert_int_equal(M->line, 15);
	assert_string_equal(M->reference, "M1");
	assert_string_equal(M->end_to_end_id, "E1");
	assert_string_equal(M->parties[0].name, "A");
	assert_string_equal(M->parties[1].name, "B");
	at_end(r, M);
	lk_payment_reader_free(r);
}

/* Every prefix of a valid document gives at most its complete transactions and never
 * crashes (the prefix is copied into a buffer of exactly its length for ASan). */
static void test_payment_pacs008__every_truncation_is_handled(void **state)
{
	(void)state;
	size_t len;
	char *buf = lk_test_read_file(lk_test_fixture("payments/pacs008_clear.xml"), &len);
	for (size_t n = 1; n < len; n += 7) {
		char *cut = malloc(n);
		assert_non_null(cut);
		memcpy(cut, buf, n);
		lk_payment_reader *r = NULL;
		assert_int_equal(lk_payment_reader_new(&r, cut, n, "cut", LK_PAYMENT_FORMAT_PACS008), 0);
		int rc, msgs = 0, errs = 0;
		while ((rc = lk_payment_reader_next(r, M)) != 0) {
			msgs += rc == 1;
			errs += rc < 0;
		}
		assert_true(msgs <= 2);
		assert_true(errs >= 1 || n >= len - 12);
		lk_payment_reader_free(r);
		free(cut);
	}
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_payment_pacs008__sovcomflot_creditor_is_parsed),
		cmocka_unit_test(test_payment_pacs008__version_02_structured_addresses),
		cmocka_unit_test(test_payment_pacs008__vessel_and_imo_in_remittance),
		cmocka_unit_test(test_payment_pacs008__two_transactions_share_the_group_header),
		cmocka_unit_test(test_payment_pacs008__truncated_document_keeps_earlier_transactions),
		cmocka_unit_test(test_payment_pacs008__wrong_namespace_is_reported),
		cmocka_unit_test(test_payment_pacs008__broken_documents_are_reported),
		cmocka_unit_test(test_payment_pacs008__envelope_goes_on_after_a_bad_message),
		cmocka_unit_test(test_payment_pacs008__every_truncation_is_handled),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
