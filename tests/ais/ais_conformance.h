/*
 * ais_conformance.h - comparing Lookout's AIS decoding with gpsd's and libais' expected
 * outputs, field by field. Shared (as static functions) by tests/ais/test_conformance.c,
 * which asserts the results, and tools/ais_conformance.c, which prints them for
 * docs/EVALUATION.md.
 *
 * gpsd files: the input is decoded with lk_ais_decoder and printed with lk_ais_to_json (the
 * scaled or unscaled form of the .chk); the expected AIS objects are taken in order from the
 * .chk. gpsd's daemon regression files (.log.chk) interleave the input sentences with the
 * output and, after non-AIS sentences (GPS fixes), gpsd re-reports the last AIS object: an
 * AIS object with no AIS sentence since the previous one is such a repeat and is counted,
 * not compared. Other classes (TPV, SKY, ...) are counted as non-AIS.
 *
 * In scope (every field compared, extra fields count as unequal): types 1, 2, 3, 4, 5, 9, 11,
 * 18, 19, 21, 24 and 27, and the header of 6 and 8 (seqno, dest_mmsi, retransmit, dac, fid)
 * with "data" when gpsd prints it. Explicit exceptions, counted as "not compared":
 *  - the fields of the 6/8 application subtypes gpsd decodes (meteo 1/31, inland 200/10,
 *    ...): we keep those payloads raw;
 *  - the bodies of the types out of scope (7, 10, 12-17, 20, 22, 23, 25, 26): only their
 *    header (type, repeat, mmsi) is compared.
 *
 * libais' typeexamples.json is libais' own JSON, not gpsd's: only the fields both print under
 * the same name are compared, floats within libais' float32 precision, "imo" as a number,
 * libais' "turn":null as gpsd's "n/a", "part_num" as "partno"; the *_text vocabularies are
 * worded differently and are not compared. Known libais departures from the ITU tables and
 * gpsd, normalised explicitly: "retransmit" (type 6) and "gnss" (type 27) inverted, type 9
 * speed divided by ten, sixbit characters 31 and 39 printed as '-' and '`'.
 */
#ifndef LK_AIS_CONFORMANCE_H
#define LK_AIS_CONFORMANCE_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "lookout/ais.h"

typedef struct conf_result {
	char name[64];
	long sentences;       /* AIS sentences read */
	long messages;        /* expected AIS objects compared */
	long repeats;         /* gpsd re-reports, not compared */
	long non_ais;         /* other JSON classes in the .chk */
	long misaligned;      /* expected objects whose type/MMSI differ from ours, or missing */
	long fields, equal;   /* fields compared and equal (in scope) */
	long not_compared;    /* fields of documented exceptions */
	long scope_messages;  /* messages of the listed types */
	char first_diff[256]; /* the first difference, for the report */
} conf_result;

static bool conf_in_scope(long type)
{
	switch (type) {
	case 1: case 2: case 3: case 4: case 5: case 6: case 8: case 9: case 11: case 18:
	case 19: case 21: case 24: case 27:
		return true;
	default:
		return false;
	}
}

static bool conf_header_key(const char *k)
{
	static const char *const keys[] = {"type", "repeat", "mmsi", "scaled", "seqno",
	                                   "dest_mmsi", "retransmit", "dac", "fid", NULL};
	for (int i = 0; keys[i]; i++)
		if (strcmp(k, keys[i]) == 0)
			return true;
	return false;
}

/* Equal as gpsd prints them: both strings from the same format, or numbers equal within
 * tol (0 for gpsd: the same digits printed give the same double). */
static bool conf_value_equal(json_t *a, json_t *b, double tol)
{
	if (json_is_number(a) && json_is_number(b)) {
		double x = json_number_value(a), y = json_number_value(b);
		return fabs(x - y) <= tol * (fabs(y) > 1 ? fabs(y) : 1) + 1e-9;
	}
	return json_equal(a, b);
}

static void conf_diff(conf_result *r, const char *what, const char *key, json_t *mine,
                      json_t *exp)
{
	if (r->first_diff[0] && !getenv("LK_AIS_CONFORMANCE_VERBOSE"))
		return;
	char *a = mine ? json_dumps(mine, JSON_ENCODE_ANY) : NULL;
	char *b = exp ? json_dumps(exp, JSON_ENCODE_ANY) : NULL;
	if (!r->first_diff[0])
		snprintf(r->first_diff, sizeof(r->first_diff), "%s: %s: ours %s, expected %s", what, key,
	         a ? a : "(none)", b ? b : "(none)");
	if (getenv("LK_AIS_CONFORMANCE_VERBOSE"))
		fprintf(stderr, "%s: %s: %s: ours %s, expected %s\n", r->name, what, key,
		        a ? a : "(none)", b ? b : "(none)");
	free(a);
	free(b);
}

/* Compare one gpsd object with ours. */
static void conf_compare_gpsd(conf_result *r, json_t *mine, json_t *exp)
{
	long type = (long)json_integer_value(json_object_get(exp, "type"));
	bool scope = conf_in_scope(type);
	bool binary = type == 6 || type == 8;
	bool raw_data = json_object_get(exp, "data") != NULL;
	const char *k;
	json_t *v;
	if (scope)
		r->scope_messages++;
	json_object_foreach(exp, k, v) {
		if (strcmp(k, "class") == 0 || strcmp(k, "device") == 0)
			continue;
		bool compare = scope ? (!binary || conf_header_key(k) || raw_data)
		                     : (strcmp(k, "type") == 0 || strcmp(k, "repeat") == 0 ||
		                        strcmp(k, "mmsi") == 0);
		if (!compare) {
			r->not_compared++;
			continue;
		}
		r->fields++;
		json_t *m = json_object_get(mine, k);
		if (m && conf_value_equal(m, v, 0))
			r->equal++;
		else
			conf_diff(r, "field", k, m, v);
	}
	if (!scope || (binary && !raw_data))
		return;
	/* fields we print that gpsd does not are differences too */
	json_object_foreach(mine, k, v) {
		if (strcmp(k, "class") == 0 || strcmp(k, "device") == 0)
			continue;
		if (!json_object_get(exp, k)) {
			r->fields++;
			conf_diff(r, "extra field", k, v, NULL);
		}
	}
}

/* Decode path into JSON objects (flags for lk_ais_to_json). */
static int conf_decode_file(const char *path, unsigned flags, json_t *out, long *sentences)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	lk_ais_decoder *d = NULL;
	if (lk_ais_decoder_new(&d, NULL) < 0) {
		fclose(f);
		return -1;
	}
	char line[2048], buf[8192];
	lk_ais_msg m;
	while (fgets(line, sizeof(line), f)) {
		if (lk_ais_decoder_line(d, &m, line, strlen(line)) != 1)
			continue;
		int n = lk_ais_to_json(buf, sizeof(buf), &m, NULL, flags);
		if (n > 0)
			json_array_append_new(out, json_loads(buf, 0, NULL));
	}
	lk_ais_decoder_finish(d);
	*sentences = lk_ais_decoder_stats(d)->sentences;
	lk_ais_decoder_free(d);
	fclose(f);
	return 0;
}

/*
 * Compare the decoding of input with the AIS objects of chk. daemon: chk is a gpsd daemon
 * regression file (sentences and output interleaved). Returns 0, -1 if a file is missing.
 */
static int conf_run_gpsd(conf_result *r, const char *name, const char *input, const char *chk,
                         bool scaled, bool daemon)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->name, sizeof(r->name), "%s", name);
	json_t *mine = json_array();
	int rc = conf_decode_file(input, scaled ? LK_AIS_JSON_SCALED : 0, mine, &r->sentences);
	FILE *f = rc == 0 ? fopen(chk, "rb") : NULL;
	if (!f) {
		json_decref(mine);
		return -1;
	}
	char line[16384];
	size_t next = 0;
	bool fresh = !daemon;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '!') {
			fresh = true;
			continue;
		}
		if (line[0] != '{')
			continue;
		json_t *exp = json_loads(line, 0, NULL);
		const char *cls = json_string_value(json_object_get(exp, "class"));
		if (!cls || strcmp(cls, "AIS") != 0) {
			r->non_ais++;
		} else if (!fresh) {
			r->repeats++;
		} else {
			fresh = !daemon;
			r->messages++;
			json_t *m = json_array_get(mine, next);
			if (m && json_equal(json_object_get(m, "type"), json_object_get(exp, "type")) &&
			    json_equal(json_object_get(m, "mmsi"), json_object_get(exp, "mmsi"))) {
				next++;
				conf_compare_gpsd(r, m, exp);
			} else {
				r->misaligned++;
				conf_diff(r, "message", "type/mmsi", m, exp);
			}
		}
		json_decref(exp);
	}
	/* messages we decoded that gpsd did not print */
	if (r->misaligned == 0)
		r->misaligned = (long)(json_array_size(mine) - next);
	fclose(f);
	json_decref(mine);
	return 0;
}

/* libais' sixbit table prints 31 as '-' and 39 as '`' where the ITU table (and gpsd) has
 * '_' and '\''. */
static bool conf_libais_text_equal(const char *ours, const char *libais)
{
	size_t n = strlen(ours);
	if (n != strlen(libais))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = ours[i] == '_' ? '-' : ours[i] == '\'' ? '`' : ours[i];
		if (c != libais[i])
			return false;
	}
	return true;
}

/* Compare libais' typeexamples (one sentence and one object per line). */
static int conf_run_libais(conf_result *r, const char *nmea, const char *json_path)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->name, sizeof(r->name), "libais typeexamples");
	FILE *fn = fopen(nmea, "rb"), *fj = fopen(json_path, "rb");
	lk_ais_decoder *d = NULL;
	int rc = -1;
	if (!fn || !fj || lk_ais_decoder_new(&d, NULL) < 0)
		goto done;
	char line[2048], jl[16384], buf[8192];
	lk_ais_msg m;
	while (fgets(line, sizeof(line), fn) && fgets(jl, sizeof(jl), fj)) {
		json_t *exp = json_loads(jl, 0, NULL);
		json_t *mine = NULL;
		r->messages++;
		if (lk_ais_decoder_line(d, &m, line, strlen(line)) == 1 &&
		    lk_ais_to_json(buf, sizeof(buf), &m, NULL,
		                   LK_AIS_JSON_SCALED | LK_AIS_JSON_PARTS) > 0)
			mine = json_loads(buf, 0, NULL);
		long type = (long)json_integer_value(json_object_get(exp, "type"));
		if (!mine || !json_equal(json_object_get(mine, "mmsi"), json_object_get(exp, "mmsi"))) {
			r->misaligned++;
			conf_diff(r, "message", "type/mmsi", mine, exp);
		} else {
			bool scope = conf_in_scope(type), binary = type == 6 || type == 8;
			if (scope)
				r->scope_messages++;
			const char *k;
			json_t *v;
			json_object_foreach(exp, k, v) {
				const char *mk = strcmp(k, "part_num") == 0 ? "partno" : k;
				json_t *mv = json_object_get(mine, mk);
				bool header = strcmp(k, "type") == 0 || strcmp(k, "repeat") == 0 ||
				              strcmp(k, "mmsi") == 0;
				if (strcmp(k, "class") == 0 || strcmp(k, "device") == 0)
					continue;
				if (!mv || strstr(k, "_text") || (!scope && !header) ||
				    (binary && !conf_header_key(k))) {
					r->not_compared++;
					continue;
				}
				r->fields++;
				bool eq;
				if (json_is_boolean(v) && (strcmp(k, "retransmit") == 0 ||
				                           strcmp(k, "gnss") == 0))
					/* libais stores these two flags inverted */
					eq = json_is_boolean(mv) && json_is_true(mv) == json_is_false(v);
				else if (type == 9 && strcmp(k, "speed") == 0)
					/* type 9 speed is in whole knots (gpsd prints it raw); libais
					 * divides it by ten */
					eq = fabs(json_number_value(mv) / 10.0 - json_number_value(v)) < 1e-4;
				else if (json_is_string(v) && json_is_string(mv))
					eq = conf_libais_text_equal(json_string_value(mv),
					                            json_string_value(v));
				else if (json_is_string(v) && json_is_integer(mv))  /* "imo":"9383663" */
					eq = atoll(json_string_value(v)) == json_integer_value(mv);
				else if (json_is_null(v) && strcmp(k, "turn") == 0)
					eq = json_is_string(mv) && strcmp(json_string_value(mv), "n/a") == 0;
				else if (json_is_number(v) && json_is_string(mv))  /* turn 0.0: "0.00" */
					eq = fabs(atof(json_string_value(mv)) - json_number_value(v)) < 0.01;
				else
					eq = conf_value_equal(mv, v, 1e-6);
				if (eq)
					r->equal++;
				else
					conf_diff(r, "field", k, mv, v);
			}
		}
		r->sentences++;
		json_decref(mine);
		json_decref(exp);
	}
	rc = 0;
done:
	lk_ais_decoder_free(d);
	if (fn)
		fclose(fn);
	if (fj)
		fclose(fj);
	return rc;
}

#endif
