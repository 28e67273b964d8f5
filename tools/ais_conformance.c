/*
 * ais_conformance.c - the AIS conformance report for docs/EVALUATION.md (`make eval` appends
 * it): decodes gpsd's regression logs and libais' type examples and prints, per file, the
 * messages and fields compared with the expected outputs and how many are equal.
 *
 * The comparison (and what is not compared, and why) is tests/ais/ais_conformance.h, shared
 * with the test that asserts 100 %. Usage: ais_conformance [DATA_DIR] (default
 * $LOOKOUT_DATA, else ../shared/data).
 */
#include <stdio.h>
#include <stdlib.h>

#include "../tests/ais/ais_conformance.h"

static void row(const conf_result *r)
{
	double pct = r->fields ? 100.0 * (double)r->equal / (double)r->fields : 0.0;
	printf("| %s | %ld | %ld | %ld | %ld | %ld | %ld | %.2f %% |\n", r->name, r->sentences,
	       r->messages, r->scope_messages, r->fields, r->equal, r->not_compared, pct);
	if (r->misaligned || r->equal != r->fields)
		printf("|  | first difference: %s (%ld messages misaligned) | | | | | | |\n",
		       r->first_diff, r->misaligned);
}

int main(int argc, char **argv)
{
	const char *data = argc > 1 ? argv[1] : getenv("LOOKOUT_DATA");
	if (!data)
		data = "../shared/data";
	static const char *const logs[] = {
		"ais-18-27.log", "ais-nmea-type6-fid55.log", "ais-nmea.log", "ais-raw-messages.log",
		"ais_unpack_sixbit.log", "ait250.log", "saab-r4.log",
	};
	char in[1024], chk[1024], chk2[1024];
	conf_result r;
	long fields = 0, equal = 0;
	int status = 0;

	printf("\n## AIS conformance (gpsd / libais)\n\n");
	printf("`tools/ais_conformance` decodes each input with `lk_ais_decoder` and prints it with "
	       "`lk_ais_to_json`, then compares every field with gpsd's expected JSON-AIS (same "
	       "digits) or libais' JSON (within float32 precision). In scope: types 1, 2, 3, 4, "
	       "5, 9, 11, 18, 19, 21, 24, 27 in full and the header of 6 and 8 (with `data` when "
	       "gpsd prints it raw). Not compared (counted): the fields of 6/8 subtypes gpsd "
	       "decodes, the bodies of other types, libais' own fields and vocabularies. gpsd's "
	       "daemon logs repeat the last AIS object after GPS sentences; those repeats are "
	       "skipped. Details: `tests/ais/ais_conformance.h`.\n\n");
	printf("| file | sentences | messages | in scope | fields compared | equal | "
	       "not compared | equal %% |\n");
	printf("|---|---:|---:|---:|---:|---:|---:|---:|\n");

	snprintf(in, sizeof(in), "%s/ais/gpsd/sample.aivdm", data);
	snprintf(chk, sizeof(chk), "%s/ais/gpsd/sample.aivdm.js.chk", data);
	snprintf(chk2, sizeof(chk2), "%s/ais/gpsd/sample.aivdm.ju.chk", data);
	const struct {
		const char *name, *chk;
		bool scaled;
	} samples[] = {
		{"gpsd sample.aivdm (scaled, .js.chk)", chk, true},
		{"gpsd sample.aivdm (unscaled, .ju.chk)", chk2, false},
	};
	for (int i = 0; i < 2; i++) {
		if (conf_run_gpsd(&r, samples[i].name, in, samples[i].chk, samples[i].scaled,
		                  false) < 0) {
			fprintf(stderr, "ais_conformance: cannot read %s\n", samples[i].chk);
			return 1;
		}
		row(&r);
		fields += r.fields, equal += r.equal;
		status |= r.misaligned != 0;
	}
	for (size_t i = 0; i < sizeof(logs) / sizeof(logs[0]); i++) {
		char name[128];
		snprintf(in, sizeof(in), "%s/ais/gpsd/%s", data, logs[i]);
		snprintf(chk, sizeof(chk), "%s.chk", in);
		snprintf(name, sizeof(name), "gpsd %s", logs[i]);
		if (conf_run_gpsd(&r, name, in, chk, false, true) < 0) {
			fprintf(stderr, "ais_conformance: cannot read %s\n", in);
			return 1;
		}
		row(&r);
		fields += r.fields, equal += r.equal;
		status |= r.misaligned != 0;
	}
	snprintf(in, sizeof(in), "%s/ais/libais/typeexamples.nmea", data);
	snprintf(chk, sizeof(chk), "%s/ais/libais/typeexamples.json", data);
	if (conf_run_libais(&r, in, chk) < 0) {
		fprintf(stderr, "ais_conformance: cannot read %s\n", in);
		return 1;
	}
	row(&r);
	fields += r.fields, equal += r.equal;
	status |= r.misaligned != 0;
	printf("\nAll files: %ld of %ld fields equal (%.2f %%).\n", equal, fields,
	       fields ? 100.0 * (double)equal / (double)fields : 0.0);
	return status || equal != fields;
}
