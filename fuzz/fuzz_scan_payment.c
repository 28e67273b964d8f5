/*
 * fuzz_scan_payment.c - arbitrary bytes through scan-payment as the server runs it:
 * lk_scan_payments_json reads the messages, screens every party and free-text field, and
 * writes each record as JSON itself (payment_screen.c does not build it with jansson).
 *
 * The first byte picks the format (MT103 or pacs.008), whether explanations are written and
 * whether a source filter is set; the rest is the message stream. The index (fuzz_index.h)
 * lets parties and remittance lines reach the screening and the text scanner. The output must
 * be one valid JSON document whose counts agree with the stats; the same input scanned again
 * (warm per-thread caches) must give the same bytes.
 */
#include "fuzz_index.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static lk_index *ix;

/* Built before the first input, outside libFuzzer's per-input timeout. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	ix = fuzz_sdn_index("fuzz_scan_payment");
	return 0;
}

/* Scan data into out; abort unless the output is valid JSON agreeing with the stats. */
static int scan(lk_buf *out, const char *data, size_t size, lk_payment_format format,
                const lk_scan_options *o)
{
	lk_scan_payment_stats st = {0};
	int rc = lk_scan_payments_json(out, ix, data, size, "fuzz", format, o, &st);
	if (rc != 0) {
		if (out->len != 0) /* a failed scan appends nothing */
			abort();
		return rc;
	}
	json_error_t err;
	json_t *doc = json_loadb(out->ptr, out->len, 0, &err);
	if (!doc) {
		fprintf(stderr, "fuzz_scan_payment: invalid JSON at %d: %s\n", err.position, err.text);
		abort();
	}
	json_t *msgs = json_object_get(doc, "messages"), *errs = json_object_get(doc, "errors");
	if (!json_is_array(msgs) || !json_is_array(errs) || json_array_size(msgs) != st.messages ||
	    json_array_size(errs) != st.errors)
		abort();
	size_t hits = 0;
	for (size_t i = 0; i < json_array_size(msgs); i++) {
		const char *v = json_string_value(json_object_get(json_array_get(msgs, i), "verdict"));
		if (!v || (strcmp(v, "hit") != 0 && strcmp(v, "clear") != 0))
			abort();
		hits += strcmp(v, "hit") == 0;
	}
	if (hits != st.hits)
		abort();
	json_decref(doc);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 1 << 16)
		return 0;
	unsigned flags = data[0];
	lk_payment_format format = flags & 1 ? LK_PAYMENT_FORMAT_PACS008 : LK_PAYMENT_FORMAT_MT103;
	lk_scan_options o = LK_SCAN_OPTIONS_INIT;
	o.explain = (flags & 2) != 0;
	const char *sources[] = {"us_ofac_sdn"};
	if (flags & 4) {
		o.sources = sources;
		o.nsources = 1;
	}
	lk_buf a, b;
	lk_buf_init(&a, 0);
	lk_buf_init(&b, 0);
	int ra = scan(&a, (const char *)data + 1, size - 1, format, &o);
	int rb = scan(&b, (const char *)data + 1, size - 1, format, &o);
	if (ra != rb || a.len != b.len || (a.len && memcmp(a.ptr, b.ptr, a.len) != 0))
		abort();
	lk_buf_dispose(&a);
	lk_buf_dispose(&b);
	return 0;
}
