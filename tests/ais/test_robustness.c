/*
 * test_robustness.c - bad AIS input yields counted errors with line numbers, never a crash,
 * never a position out of range: Global Fishing Watch's malformed samples, and adversarial
 * input (bad checksums, orphan fragments, overlong payloads, random bytes from a
 * deterministic PRNG, truncation at every byte, a 1 MB line).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "lk_test.h"
#include "lookout/ais.h"

#define MAX_ERRS 64

typedef struct errlog {
	int n;
	lk_ais_error_kind kind[MAX_ERRS];
	long line[MAX_ERRS];
} errlog;

static void on_error(void *ud, lk_ais_error_kind kind, long line, const char *msg)
{
	errlog *e = ud;
	assert_non_null(msg);
	assert_true(line >= 1);
	if (e->n < MAX_ERRS) {
		e->kind[e->n] = kind;
		e->line[e->n] = line;
	}
	e->n++;
}

/* Raw positions are either marked unavailable or in range; JSON always fits and parses. */
static void check_msg(const lk_ais_msg *m)
{
	int32_t lat = 0, lon = 0;
	bool pos = true;
	switch (m->type) {
	case 1: case 2: case 3: lat = m->u.pos.lat, lon = m->u.pos.lon; break;
	case 4: case 11: lat = m->u.base.lat, lon = m->u.base.lon; break;
	case 9: lat = m->u.sar.lat, lon = m->u.sar.lon; break;
	case 18: case 19: lat = m->u.cb.lat, lon = m->u.cb.lon; break;
	case 21: lat = m->u.aton.lat, lon = m->u.aton.lon; break;
	default: pos = false;
	}
	double la, lo;
	if (lk_ais_has_position(m, &la, &lo)) {
		assert_true(la >= -90 && la <= 90 && lo >= -180 && lo <= 180);
	} else if (pos && m->decoded) {
		/* not a usable position: then it is out of range, and printed only raw */
		assert_true(lat < -54000000 || lat > 54000000 || lon < -108000000 ||
		            lon > 108000000);
	}
	char buf[8192];
	int n = lk_ais_to_json(buf, sizeof(buf), m, "x", LK_AIS_JSON_SCALED | LK_AIS_JSON_PARTS);
	assert_true(n > 0);
	json_t *j = json_loads(buf, 0, NULL);
	assert_non_null(j);
	json_decref(j);
}

/* Decode a whole file; returns the number of messages. */
static long decode_file(const char *path, errlog *e, lk_ais_stats *st)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	lk_ais_options o = LK_AIS_OPTIONS_INIT;
	o.on_error = on_error;
	o.ud = e;
	lk_ais_decoder *d;
	assert_int_equal(lk_ais_decoder_new(&d, &o), 0);
	char line[4096];
	lk_ais_msg m;
	long n = 0;
	while (fgets(line, sizeof(line), f)) {
		if (lk_ais_decoder_line(d, &m, line, strlen(line)) == 1) {
			check_msg(&m);
			n++;
		}
	}
	lk_ais_decoder_finish(d);
	*st = *lk_ais_decoder_stats(d);
	lk_ais_decoder_free(d);
	fclose(f);
	return n;
}

static void test_ais_robustness__gfw_samples_are_counted_with_line_numbers(void **state)
{
	(void)state;
	static const struct {
		const char *file;
		long messages, errors;
		lk_ais_error_kind kind;  /* of the first error */
		long line;               /* of the first error */
	} cases[] = {
		/* payloads cut short, checksum unchanged */
		{"ais/gfw/errors.nmea", 3, 2, LK_AIS_ERR_CHECKSUM, 2},
		/* both parts of a type 5 on one line: part 2 is lost, part 1 never completes */
		{"ais/gfw/bad-type5.nmea", 0, 3, LK_AIS_ERR_ORPHAN, 1},
		{"ais/gfw/sample.nmea", 2, 1, LK_AIS_ERR_BITCOUNT, 2},
		{"ais/gfw/single-message-type-5.nmea", 0, 1, LK_AIS_ERR_CHECKSUM, 1},
		{"ais/gfw/spire-test.nmea", 0, 2, LK_AIS_ERR_CHECKSUM, 1},
		{"ais/gfw/bad-tagblock-group.nmea", 1, 0, 0, 0},
		{"ais/gfw/ee-multiline.nmea", 8, 0, 0, 0},
		{"ais/gfw/mixed_types.nmea", 99, 0, 0, 0},
		{"ais/gfw/multi-part.nmea", 43, 0, 0, 0},
		/* 186-bit class A reports: gpsd decodes over-long ones, and so do we */
		{"ais/gfw/type1-bad-bitcount.nmea", 12, 0, 0, 0},
		{"ais/gfw/type8.nmea", 1, 0, 0, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		errlog e = {0};
		lk_ais_stats st;
		long n = decode_file(lk_test_data(cases[i].file), &e, &st);
		long total = 0;
		for (int k = 0; k < LK_AIS_ERR_COUNT; k++)
			total += st.errors[k];
		print_message("%-36s messages %3ld errors %ld\n", cases[i].file, n, total);
		assert_int_equal(n, cases[i].messages);
		assert_int_equal(total, cases[i].errors);
		assert_int_equal(e.n, cases[i].errors);
		if (cases[i].errors) {
			assert_int_equal(e.kind[0], cases[i].kind);
			assert_int_equal(e.line[0], cases[i].line);
		}
	}
}

/* Feed lines; return messages, errors recorded in e. */
static long feed(lk_ais_decoder *d, const char *const *lines, size_t n)
{
	lk_ais_msg m;
	long msgs = 0;
	for (size_t i = 0; i < n; i++)
		if (lk_ais_decoder_line(d, &m, lines[i], strlen(lines[i])) == 1) {
			check_msg(&m);
			msgs++;
		}
	return msgs;
}

static lk_ais_decoder *new_decoder(errlog *e)
{
	lk_ais_options o = LK_AIS_OPTIONS_INIT;
	o.on_error = on_error;
	o.ud = e;
	lk_ais_decoder *d;
	assert_int_equal(lk_ais_decoder_new(&d, &o), 0);
	return d;
}

static void test_ais_robustness__bad_checksums_and_framing(void **state)
{
	(void)state;
	static const char *const lines[] = {
		"!AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0*5C",   /* good */
		"!AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0*5D",   /* checksum off by one */
		"!AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0",      /* no checksum */
		"!AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0*ZZ",   /* not hex */
		"!AIVDM,1,1,,B,177KQJ5000G?tO`K,0*5C,extra",          /* wrong sum */
		"$GPGGA,213950.00,5250.53669,N,00542.34920,E,1,09*7B", /* not AIS: skipped */
		"# comment",
		"",
		"\\c:123*00\\!AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0*5C", /* bad tag sum */
		"\\c:123!AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0*5C",      /* open tag */
	};
	errlog e = {0};
	lk_ais_decoder *d = new_decoder(&e);
	assert_int_equal(feed(d, lines, LK_ARRAY_SIZE(lines)), 1);
	const lk_ais_stats *st = lk_ais_decoder_stats(d);
	assert_int_equal(st->errors[LK_AIS_ERR_CHECKSUM], 3);
	assert_int_equal(st->errors[LK_AIS_ERR_MALFORMED], 3);
	assert_int_equal(st->skipped, 3);
	assert_int_equal(e.line[0], 2);
	lk_ais_decoder_free(d);
}

static void test_ais_robustness__tag_block_gives_time_and_source(void **state)
{
	(void)state;
	const char *line = "\\s:rMT6214,t:marinetraffic,c:1699401689*40\\!AIVDM,1,1,,A,"
	                   "133g`DP000PCJC>MEj<pdo<l0<49Vm5,0*6A";
	errlog e = {0};
	lk_ais_decoder *d = new_decoder(&e);
	lk_ais_msg m;
	assert_int_equal(lk_ais_decoder_line(d, &m, line, strlen(line)), 1);
	assert_int_equal(m.tag_time, 1699401689);
	assert_string_equal(m.tag_source, "rMT6214");
	assert_int_equal(m.channel, 'A');
	assert_int_equal(m.type, 1);
	lk_ais_decoder_free(d);
}

static void test_ais_robustness__orphans_are_counted(void **state)
{
	(void)state;
	static const char *const lines[] = {
		/* part 2 without part 1 */
		"!AIVDM,2,2,9,B,`88888888888880,2*76",
		/* part 1 ... then part 1 again with the same id: the first is an orphan */
		"!AIVDM,2,1,9,B,55R3Vn82=ILTQ3KKS>1<D60Dq@E918U<F222221J1`?164vc03S1CCAD,0*2A",
		"!AIVDM,2,1,9,B,55R3Vn82=ILTQ3KKS>1<D60Dq@E918U<F222221J1`?164vc03S1CCAD,0*2A",
		"!AIVDM,2,2,9,B,`88888888888880,2*76",   /* completes the second: a type 5 */
		"!AIVDM,2,1,9,B,55R3Vn82=ILTQ3KKS>1<D60Dq@E918U<F222221J1`?164vc03S1CCAD,0*2A",
	};
	errlog e = {0};
	lk_ais_decoder *d = new_decoder(&e);
	assert_int_equal(feed(d, lines, LK_ARRAY_SIZE(lines)), 1);
	/* the pending group times out after 50 other sentences */
	const char *pos = "!AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0*5C";
	lk_ais_msg m;
	for (int i = 0; i < 60; i++)
		assert_int_equal(lk_ais_decoder_line(d, &m, pos, strlen(pos)), 1);
	const lk_ais_stats *st = lk_ais_decoder_stats(d);
	assert_int_equal(st->errors[LK_AIS_ERR_ORPHAN], 3);
	assert_int_equal(e.line[0], 1);
	assert_int_equal(e.line[1], 2);
	assert_int_equal(e.line[2], 5);
	lk_ais_decoder_finish(d);
	assert_int_equal(st->errors[LK_AIS_ERR_ORPHAN], 3);
	lk_ais_decoder_free(d);
}

/* Build a sentence with a correct checksum around payload. */
static void make_sentence(char *out, size_t cap, unsigned count, unsigned num,
                          const char *payload, unsigned fill)
{
	char body[2048];
	snprintf(body, sizeof(body), "AIVDM,%u,%u,%s,A,%s,%u", count, num, count > 1 ? "3" : "",
	         payload, fill);
	unsigned sum = 0;
	for (const char *p = body; *p; p++)
		sum ^= (unsigned char)*p;
	snprintf(out, cap, "!%s*%02X", body, sum);
}

static void test_ais_robustness__overlong_payloads_are_bit_count_errors(void **state)
{
	(void)state;
	char payload[400], line[1024];
	memset(payload, '1', 300);   /* type 1, 1800 bits */
	payload[300] = '\0';
	errlog e = {0};
	lk_ais_decoder *d = new_decoder(&e);
	lk_ais_msg m;
	make_sentence(line, sizeof(line), 1, 1, payload, 0);
	assert_int_equal(lk_ais_decoder_line(d, &m, line, strlen(line)), 0);
	/* five fragments of 60 characters: 1800 bits in all */
	payload[60] = '\0';
	for (unsigned k = 1; k <= 5; k++) {
		make_sentence(line, sizeof(line), 5, k, payload, 0);
		assert_int_equal(lk_ais_decoder_line(d, &m, line, strlen(line)), 0);
	}
	/* a type 5 of 300 bits is too short */
	memset(payload, '5', 50);
	payload[50] = '\0';
	make_sentence(line, sizeof(line), 1, 1, payload, 0);
	assert_int_equal(lk_ais_decoder_line(d, &m, line, strlen(line)), 0);
	/* type 0 and type 63 are unknown */
	make_sentence(line, sizeof(line), 1, 1, "0000000000000000000000000000", 0);
	assert_int_equal(lk_ais_decoder_line(d, &m, line, strlen(line)), 0);
	make_sentence(line, sizeof(line), 1, 1, "wwwwwwwwwwwwwwwwwwwwwwwwwwww", 0);
	assert_int_equal(lk_ais_decoder_line(d, &m, line, strlen(line)), 0);
	const lk_ais_stats *st = lk_ais_decoder_stats(d);
	assert_int_equal(st->errors[LK_AIS_ERR_BITCOUNT], 3);
	assert_int_equal(st->errors[LK_AIS_ERR_UNKNOWN_TYPE], 2);
	assert_int_equal(st->messages, 0);
	lk_ais_decoder_free(d);
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t xorshift(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void test_ais_robustness__random_bytes_never_crash(void **state)
{
	(void)state;
	static const char alphabet[] = "0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVW`abcdefghijklmnopqrstuvw";
	errlog e = {0};
	lk_ais_decoder *d = new_decoder(&e);
	lk_ais_msg m;
	char line[600], payload[300];
	long msgs = 0;
	for (int i = 0; i < 20000; i++) {
		size_t len;
		if (i % 2 == 0) {
			/* raw random bytes, NULs included */
			len = xorshift() % sizeof(line);
			for (size_t k = 0; k < len; k++)
				line[k] = (char)(xorshift() & 0xff);
		} else {
			/* well-framed sentences with random payloads: reach the decoders */
			size_t plen = 1 + xorshift() % 200;
			for (size_t k = 0; k < plen; k++)
				payload[k] = alphabet[xorshift() % (sizeof(alphabet) - 1)];
			payload[plen] = '\0';
			unsigned count = 1 + (unsigned)(xorshift() % 3);
			unsigned num = 1 + (unsigned)(xorshift() % count);
			make_sentence(line, sizeof(line), count, num, payload,
			              (unsigned)(xorshift() % 6));
			len = strlen(line);
		}
		if (lk_ais_decoder_line(d, &m, line, len) == 1) {
			check_msg(&m);
			msgs++;
		}
	}
	lk_ais_decoder_finish(d);
	const lk_ais_stats *st = lk_ais_decoder_stats(d);
	long errors = 0;
	for (int k = 0; k < LK_AIS_ERR_COUNT; k++)
		errors += st->errors[k];
	assert_int_equal(st->lines, 20000);
	assert_true(msgs > 100);
	assert_true(errors > 1000);
	lk_ais_decoder_free(d);
}

static void test_ais_robustness__truncation_at_every_byte(void **state)
{
	(void)state;
	const char *a = "\\g:1-2-1278,s:66,c:1661782369*43\\!AIVDM,2,1,3,A,56=nR7D00003A<I@E=@TmDh6"
	                "37OS60mA:222220N1@6427?P00888888,0*66";
	const char *b = "\\g:2-2-1278*51\\!AIVDM,2,2,3,A,888888888888880,2*27";
	for (size_t cut = 0; cut <= strlen(b); cut++) {
		errlog e = {0};
		lk_ais_decoder *d = new_decoder(&e);
		lk_ais_msg m;
		assert_int_equal(lk_ais_decoder_line(d, &m, a, strlen(a)), 0);
		int rc = lk_ais_decoder_line(d, &m, b, cut);
		if (rc == 1) {
			check_msg(&m);
			assert_int_equal(m.type, 5);
		}
		lk_ais_decoder_finish(d);
		lk_ais_decoder_free(d);
	}
}

static void test_ais_robustness__one_megabyte_line(void **state)
{
	(void)state;
	size_t n = 1 << 20;
	char *big = malloc(n);
	assert_non_null(big);
	memset(big, 'A', n);
	memcpy(big, "!AIVDM,1,1,,A,", 14);
	errlog e = {0};
	lk_ais_decoder *d = new_decoder(&e);
	lk_ais_msg m;
	assert_int_equal(lk_ais_decoder_line(d, &m, big, n), 0);
	assert_int_equal(lk_ais_decoder_stats(d)->errors[LK_AIS_ERR_MALFORMED], 1);
	lk_ais_decoder_free(d);

	/* the CLI reads it with a bounded buffer and goes on to the next line */
	char *dir = lk_test_tmpdir();
	char path[512];
	snprintf(path, sizeof(path), "%s/big.nmea", dir);
	big[n - 1] = '\n';
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fwrite(big, 1, n, f);
	fputs("!AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0*5C\n", f);
	fclose(f);
	char *out = NULL;
	int status = lk_test_run_cli(&out, "", "ais decode --json '%s'", path);
	assert_int_equal(status, 6);
	assert_non_null(strstr(out, "\"mmsi\":477553000"));
	free(out);
	free(big);
	lk_test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ais_robustness__gfw_samples_are_counted_with_line_numbers),
		cmocka_unit_test(test_ais_robustness__bad_checksums_and_framing),
		cmocka_unit_test(test_ais_robustness__tag_block_gives_time_and_source),
		cmocka_unit_test(test_ais_robustness__orphans_are_counted),
		cmocka_unit_test(test_ais_robustness__overlong_payloads_are_bit_count_errors),
		cmocka_unit_test(test_ais_robustness__random_bytes_never_crash),
		cmocka_unit_test(test_ais_robustness__truncation_at_every_byte),
		cmocka_unit_test(test_ais_robustness__one_megabyte_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
