/*
 * test_payment_cache.c - the per-thread caches of scan-payment (parties and free-text fields)
 * never change what is reported, on UN 2026, OFAC sdn-2024-05-03 and UK 2018:
 *   - a stream scanned with warm caches gives byte for byte the document a fresh thread gives;
 *   - explanations asked for after a scan without them are there (cached text or not);
 *   - options that differ only beyond a long list of sources do not share a cache (their key
 *     was cut at 64 bytes: a party screened for other sources was then reported as clear).
 *
 * Facts from the lists: SOVCOMFLOT (the beneficiary of mt103_sovcomflot.txt) and Sberbank
 * (SABRRUMM, its 57A) are on OFAC's SDN list, source "ofac_sdn"; NS ANTARCTIC, IMO 9413559
 * (field 70 of mt103_vessel.txt), is too.
 */
#include "lk_test.h"

#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct scan_job {
	const char *data;
	size_t len;
	const lk_scan_options *o;
	lk_buf out;
	int rc;
} scan_job;

static void *scan_main(void *p)
{
	scan_job *j = p;
	lk_buf_init(&j->out, 0);
	j->rc = lk_scan_payments_json(&j->out, lk_test_ix, j->data, j->len, "stream",
	                              LK_PAYMENT_FORMAT_AUTO, j->o, NULL);
	return NULL;
}

/* Scan data on this thread (fresh = false) or on a new one, whose caches are empty. */
static void scan(scan_job *j, const char *data, size_t len, const lk_scan_options *o,
                 bool fresh)
{
	j->data = data;
	j->len = len;
	j->o = o;
	if (fresh) {
		pthread_t th;
		assert_int_equal(pthread_create(&th, NULL, scan_main, j), 0);
		assert_int_equal(pthread_join(th, NULL), 0);
	} else {
		scan_main(j);
	}
	if (j->rc)
		fail_msg("scan: %s", lk_error_last()->message);
}

/* Three fixtures, each twice, as one stream: parties and texts repeat. */
static char *stream(size_t *len)
{
	static const char *const rel[] = {"payments/mt103_sovcomflot.txt",
	                                  "payments/mt103_vessel.txt", "payments/mt103_clear.txt"};
	lk_buf b;
	lk_buf_init(&b, 0);
	for (int rep = 0; rep < 2; rep++)
		for (size_t i = 0; i < sizeof rel / sizeof *rel; i++) {
			size_t n;
			char *d = lk_test_read_file(lk_test_fixture(rel[i]), &n);
			assert_non_null(d);
			assert_int_equal(lk_buf_put(&b, d, n), 0);
			assert_int_equal(lk_buf_puts(&b, "\r\n"), 0);
			free(d);
		}
	*len = b.len;
	return lk_buf_detach(&b);
}

static void test_payment_cache__warm_equals_fresh(void **state)
{
	(void)state;
	size_t len;
	char *data = stream(&len);
	for (int explain = 0; explain < 2; explain++) {
		lk_scan_options o = LK_SCAN_OPTIONS_INIT;
		o.explain = explain;
		scan_job warm1, warm2, fresh;
		scan(&warm1, data, len, &o, false);
		scan(&warm2, data, len, &o, false);
		scan(&fresh, data, len, &o, true);
		assert_int_equal(warm1.out.len, fresh.out.len);
		assert_memory_equal(warm1.out.ptr, fresh.out.ptr, fresh.out.len);
		assert_int_equal(warm2.out.len, fresh.out.len);
		assert_memory_equal(warm2.out.ptr, fresh.out.ptr, fresh.out.len);
		/* the hits are there, with explanations when asked for */
		json_t *doc = json_loads(lk_buf_cstr(&fresh.out), 0, NULL);
		assert_non_null(doc);
		json_t *msgs = json_object_get(doc, "messages");
		assert_int_equal(json_array_size(msgs), 6);
		json_t *vessel = json_array_get(msgs, 4);
		assert_string_equal(json_string_value(json_object_get(vessel, "verdict")), "hit");
		json_t *mention = json_array_get(
			json_object_get(json_array_get(json_object_get(vessel, "texts"), 0), "mentions"), 0);
		json_t *res = json_array_get(json_object_get(mention, "results"), 0);
		assert_non_null(res);
		assert_int_equal(json_object_get(res, "explanation") != NULL, explain);
		json_decref(doc);
		lk_buf_dispose(&warm1.out);
		lk_buf_dispose(&warm2.out);
		lk_buf_dispose(&fresh.out);
	}
	free(data);
}

static void test_payment_cache__long_source_lists_do_not_share(void **state)
{
	(void)state;
	size_t len;
	char *data = lk_test_read_file(lk_test_fixture("payments/mt103_sovcomflot.txt"), &len);
	assert_non_null(data);
	/* More than 64 bytes of options before the source that differs. */
	const char *others[] = {"a_source_no_list_has_aaaaaaaaaaaaaaa",
	                        "a_source_no_list_has_bbbbbbbbbbbbbbb", "ofac_sdn"};
	lk_scan_options o = LK_SCAN_OPTIONS_INIT;
	o.sources = others;
	o.nsources = 2;
	scan_job a, b;
	scan(&a, data, len, &o, false);
	o.nsources = 3;
	scan(&b, data, len, &o, false);
	json_t *da = json_loads(lk_buf_cstr(&a.out), 0, NULL), *db = json_loads(lk_buf_cstr(&b.out), 0, NULL);
	assert_non_null(da);
	assert_non_null(db);
	json_t *ma = json_array_get(json_object_get(da, "messages"), 0);
	json_t *mb = json_array_get(json_object_get(db, "messages"), 0);
	assert_string_equal(json_string_value(json_object_get(ma, "verdict")), "clear");
	assert_string_equal(json_string_value(json_object_get(mb, "verdict")), "hit");
	json_decref(da);
	json_decref(db);
	lk_buf_dispose(&a.out);
	lk_buf_dispose(&b.out);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_payment_cache__warm_equals_fresh),
		cmocka_unit_test(test_payment_cache__long_source_lists_do_not_share),
	};
	return cmocka_run_group_tests(tests, lk_test_acceptance_setup,
	                              lk_test_acceptance_teardown);
}
