/*
 * test_scan_payment.c - screening payment messages (issue 6) on UN 2026, OFAC
 * sdn-2024-05-03 and UK 2018: verdicts of the MT103 fixtures and of the same messages as
 * pacs.008, which party or text field hit and why, malformed messages reported with their
 * position and skipped.
 *
 * Facts from the lists the fixtures rely on: JOINT STOCK COMPANY SOVCOMFLOT is ofac-34741;
 * its tanker NS ANTARCTIC is ofac-46972 with IMO 9413559; SABRRUMM is the swiftBic of
 * Sberbank (ofac-17018). The clear messages name banks and people on none of the lists.
 */
#include "lk_test.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Scan a fixture; returns the parsed document. */
static json_t *scan_fixture(const char *rel, lk_scan_payment_stats *st)
{
	size_t len;
	char *data = lk_test_read_file(lk_test_fixture(rel), &len);
	lk_buf b;
	lk_buf_init(&b, 0);
	int rc = lk_scan_payments_json(&b, lk_test_ix, data, len, rel, LK_PAYMENT_FORMAT_AUTO, NULL,
	                               st);
	if (rc)
		fail_msg("%s: %s", rel, lk_error_last()->message);
	json_t *doc = json_loads(lk_buf_cstr(&b), 0, NULL);
	assert_non_null(doc);
	lk_buf_dispose(&b);
	free(data);
	return doc;
}

static const char *verdict(json_t *m)
{
	return json_string_value(json_object_get(m, "verdict"));
}

/* The ids of the results of the party with this tag, comma-separated into out. */
static const char *party_hits(json_t *m, const char *tag, char *out, size_t size)
{
	size_t i, k;
	json_t *p, *r;
	out[0] = 0;
	json_array_foreach(json_object_get(m, "parties"), i, p) {
		if (strcmp(json_string_value(json_object_get(p, "tag")), tag) != 0)
			continue;
		json_array_foreach(json_object_get(p, "results"), k, r) {
			if (out[0])
				strncat(out, ",", size - strlen(out) - 1);
			strncat(out, json_string_value(json_object_get(r, "id")), size - strlen(out) - 1);
		}
	}
	return out;
}

/* The first mention of the text field with this tag: its text and its best result's id. */
static void text_hit(json_t *m, const char *tag, const char *text, const char *id)
{
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(m, "texts"), i, t) {
		if (strcmp(json_string_value(json_object_get(t, "tag")), tag) != 0)
			continue;
		json_t *mention = json_array_get(json_object_get(t, "mentions"), 0);
		assert_non_null(mention);
		assert_string_equal(json_string_value(json_object_get(mention, "text")), text);
		json_t *r = json_array_get(json_object_get(mention, "results"), 0);
		assert_string_equal(json_string_value(json_object_get(r, "id")), id);
		return;
	}
	fail_msg("no text field %s", tag);
}

static void test_sovcomflot_beneficiary(void **state)
{
	(void)state;
	char buf[256];
	lk_scan_payment_stats st;
	json_t *doc = scan_fixture("payments/mt103_sovcomflot.txt", &st);
	json_t *m = json_array_get(json_object_get(doc, "messages"), 0);
	assert_string_equal(verdict(m), "hit");
	assert_string_equal(party_hits(m, "59", buf, sizeof buf), "ofac-34741");
	/* the account-with institution is Sberbank, by its BIC */
	assert_string_equal(party_hits(m, "57A", buf, sizeof buf), "ofac-17018");
	assert_string_equal(party_hits(m, "50K", buf, sizeof buf), "");
	assert_string_equal(party_hits(m, "52A", buf, sizeof buf), "");
	assert_int_equal(json_integer_value(json_object_get(m, "hits")), 2);
	assert_int_equal(st.messages, 1);
	assert_int_equal(st.hits, 1);
	assert_int_equal(st.errors, 0);
	json_decref(doc);

	/* The same payment as pacs.008: the same verdict and parties. */
	doc = scan_fixture("payments/pacs008_sovcomflot.xml", &st);
	m = json_array_get(json_object_get(doc, "messages"), 0);
	assert_string_equal(verdict(m), "hit");
	assert_string_equal(party_hits(m, "Cdtr", buf, sizeof buf), "ofac-34741");
	assert_string_equal(party_hits(m, "CdtrAgt", buf, sizeof buf), "ofac-17018");
	assert_string_equal(party_hits(m, "Dbtr", buf, sizeof buf), "");
	json_decref(doc);
}

/* 59F/Cdtr structured: the full legal name with its country. */
static void test_structured(void **state)
{
	(void)state;
	char buf[256];
	json_t *doc = scan_fixture("payments/mt103_structured.txt", NULL);
	json_t *m = json_array_get(json_object_get(doc, "messages"), 0);
	assert_string_equal(verdict(m), "hit");
	assert_string_equal(party_hits(m, "59F", buf, sizeof buf), "ofac-34741");
	json_decref(doc);
	doc = scan_fixture("payments/pacs008_structured.xml", NULL);
	m = json_array_get(json_object_get(doc, "messages"), 0);
	assert_string_equal(verdict(m), "hit");
	assert_string_equal(party_hits(m, "Cdtr", buf, sizeof buf), "ofac-34741");
	json_decref(doc);
}

/* Field 70 / Ustrd names the tanker NS ANTARCTIC by its IMO number; the parties are clean. */
static void test_vessel_by_imo(void **state)
{
	(void)state;
	char buf[256];
	const char *files[] = {"payments/mt103_vessel.txt", "payments/pacs008_vessel.xml"};
	for (size_t f = 0; f < 2; f++) {
		json_t *doc = scan_fixture(files[f], NULL);
		json_t *m = json_array_get(json_object_get(doc, "messages"), 0);
		assert_string_equal(verdict(m), "hit");
		assert_int_equal(json_integer_value(json_object_get(m, "hits")), 1);
		text_hit(m, f == 0 ? "70" : "Ustrd", "IMO 9413559", "ofac-46972");
		assert_string_equal(party_hits(m, f == 0 ? "50K" : "Dbtr", buf, sizeof buf), "");
		json_decref(doc);
	}
}

static void test_clear(void **state)
{
	(void)state;
	lk_scan_payment_stats st;
	json_t *doc = scan_fixture("payments/mt103_clear.txt", &st);
	json_t *m = json_array_get(json_object_get(doc, "messages"), 0);
	assert_string_equal(verdict(m), "clear");
	assert_int_equal(json_integer_value(json_object_get(m, "hits")), 0);
	/* every party was there to screen: 50F with its structured parts, 52A, 56A, 57D, 59 */
	assert_int_equal(json_array_size(json_object_get(m, "parties")), 5);
	json_t *p = json_array_get(json_object_get(m, "parties"), 0);
	assert_string_equal(json_string_value(json_object_get(p, "name")), "ANNA SCHMIDT");
	assert_string_equal(json_string_value(json_object_get(p, "country")), "DE");
	assert_string_equal(json_string_value(json_object_get(p, "role")), "ordering_customer");
	assert_int_equal(st.hits, 0);
	json_decref(doc);
	doc = scan_fixture("payments/pacs008_clear.xml", &st);
	size_t i;
	json_array_foreach(json_object_get(doc, "messages"), i, m)
		assert_string_equal(verdict(m), "clear");
	assert_int_equal(st.messages, 2);
	json_decref(doc);
}

/* A file mixing good and malformed messages: each malformed one is listed with its line and
 * skipped, the good ones are screened. */
static void test_malformed(void **state)
{
	(void)state;
	lk_scan_payment_stats st;
	json_t *doc = scan_fixture("payments/mt103_stream.txt", &st);
	assert_int_equal(st.messages, 2);
	assert_int_equal(st.errors, 4);
	json_t *msgs = json_object_get(doc, "messages");
	assert_string_equal(verdict(json_array_get(msgs, 0)), "hit");
	assert_string_equal(verdict(json_array_get(msgs, 1)), "clear");
	json_t *e = json_array_get(json_object_get(doc, "errors"), 0);
	assert_int_equal(json_integer_value(json_object_get(e, "index")), 2);
	assert_int_equal(json_integer_value(json_object_get(e, "line")), 22);
	assert_non_null(strstr(json_string_value(json_object_get(e, "message")), ":21:"));
	json_decref(doc);

	doc = scan_fixture("payments/pacs008_wrong_ns.xml", &st);
	assert_int_equal(st.messages, 0);
	assert_int_equal(st.errors, 1);
	json_decref(doc);
	doc = scan_fixture("payments/mt103_missing_block4.txt", &st);
	assert_int_equal(st.errors, 1);
	e = json_array_get(json_object_get(doc, "errors"), 0);
	assert_non_null(strstr(json_string_value(json_object_get(e, "message")), "block 4"));
	json_decref(doc);
}

/* One message built in code: a vessel named in the remittance text, and a bank by an
 * 11-character BIC with branch XXX. */
static void test_single_message(void **state)
{
	(void)state;
	lk_payment *p = calloc(1, sizeof *p);
	p->type = LK_PAYMENT_MT103;
	p->index = 1;
	p->line = 1;
	strcpy(p->reference, "REF1");
	p->nparties = 2;
	p->parties[0].role = LK_PAYMENT_BENEFICIARY;
	strcpy(p->parties[0].tag, "59");
	strcpy(p->parties[0].name, "HANSEATIC SHIP SUPPLY KG");
	p->parties[1].role = LK_PAYMENT_ACCOUNT_WITH;
	strcpy(p->parties[1].tag, "57A");
	strcpy(p->parties[1].bic, "SABRRUMMXXX");
	p->ntexts = 1;
	p->texts[0].role = LK_PAYMENT_REMITTANCE;
	strcpy(p->texts[0].tag, "70");
	strcpy(p->texts[0].text, "BUNKERS FOR MT NS ANTARCTIC\nVOYAGE 24-117");
	lk_buf b;
	lk_buf_init(&b, 0);
	bool hit = false;
	assert_int_equal(lk_scan_payment_json(&b, lk_test_ix, p, NULL, &hit), 0);
	assert_true(hit);
	json_t *m = json_loads(lk_buf_cstr(&b), 0, NULL);
	char buf[256];
	assert_string_equal(party_hits(m, "57A", buf, sizeof buf), "ofac-17018");
	assert_string_equal(party_hits(m, "59", buf, sizeof buf), "");
	text_hit(m, "70", "NS ANTARCTIC", "ofac-46972");
	json_decref(m);

	/* Without the vessel and the bank it is clear. */
	strcpy(p->texts[0].text, "BUNKERS FOR MT SUN RISE\nVOYAGE 24-117");
	strcpy(p->parties[1].bic, "COBADEFFXXX");
	lk_buf_clear(&b);
	assert_int_equal(lk_scan_payment_json(&b, lk_test_ix, p, NULL, &hit), 0);
	assert_false(hit);
	m = json_loads(lk_buf_cstr(&b), 0, NULL);
	assert_string_equal(verdict(m), "clear");
	json_decref(m);
	lk_buf_dispose(&b);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sovcomflot_beneficiary),
		cmocka_unit_test(test_structured),
		cmocka_unit_test(test_vessel_by_imo),
		cmocka_unit_test(test_clear),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_single_message),
	};
	return cmocka_run_group_tests(tests, lk_test_acceptance_setup,
	                              lk_test_acceptance_teardown);
}
