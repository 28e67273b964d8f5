/*
 * bench_export_names.c - write the screening benchmark's name universe as text, so that the
 * peers (PostgreSQL pg_trgm, thefuzz, a Jaro-Winkler + Soundex scan) search exactly the names
 * Lookout indexes.
 *
 * Usage: bench_export_names [--data DIR] [--out FILE]
 * Parses UN 2026, OFAC sdn-2024-05-03 and UK 2018 from DIR/lists (DIR defaults to
 * $LOOKOUT_DATA) with lk_list_parse() and writes one line per NAME-kind value of every entity:
 *   entity id <TAB> schema <TAB> property <TAB> name
 * Tabs and line breaks inside a name are written as spaces. A summary JSON line goes to
 * stderr. Only the lists API is used, so this runs before the matching engine exists.
 */
#include "lookout/lookout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The lists of the benchmark, relative to $LOOKOUT_DATA/lists (the "UN, OFAC 2024 and
 * UK 2018 loaded"). bench_screen.c uses the same three. */
static const char *const bench_lists[] = {
	"un/un_consolidated_20260227.xml",
	"ofac/sdn-2024-05-03",
	"uk/hmt_ofsi_ConList_20180413.csv",
};

static void put_field(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

int main(int argc, char **argv)
{
	const char *data = getenv("LOOKOUT_DATA");
	const char *out_path = NULL;
	int rc = 1;
	FILE *out = stdout;
	lk_list *lists[3] = {NULL, NULL, NULL};
	size_t nnames = 0, nentities = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--data") == 0 && i + 1 < argc) {
			data = argv[++i];
		} else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc) {
			out_path = argv[++i];
		} else {
			fprintf(stderr, "usage: bench_export_names [--data DIR] [--out FILE]\n");
			return 2;
		}
	}
	if (!data)
		data = "../shared/data";
	if (out_path && !(out = fopen(out_path, "w"))) {
		perror(out_path);
		return 1;
	}
	for (size_t l = 0; l < 3; l++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/lists/%s", data, bench_lists[l]);
		const char *paths[1] = {path};
		if (lk_list_parse(&lists[l], paths, 1, NULL)) {
			fprintf(stderr, "bench_export_names: %s\n", lk_error_last()->message);
			goto done;
		}
		for (size_t i = 0; i < lists[l]->count; i++) {
			const lk_entity *e = lists[l]->entities[i];
			nentities++;
			for (size_t v = 0; v < e->nvalues; v++) {
				const lk_value *val = &e->values[v];
				if (lk_prop_kind_of(val->prop) != LK_KIND_NAME)
					continue;
				fprintf(out, "%s\t%s\t%s\t", e->id, lk_schema_name(e->schema),
				        lk_prop_name(val->prop));
				put_field(out, val->value);
				fputc('\n', out);
				nnames++;
			}
		}
	}
	if (fflush(out) != 0) {
		perror("bench_export_names: write");
		goto done;
	}
	fprintf(stderr, "{\"entities\":%zu,\"names\":%zu}\n", nentities, nnames);
	rc = 0;
done:
	for (size_t l = 0; l < 3; l++)
		lk_list_free(lists[l]);
	if (out != stdout)
		fclose(out);
	return rc;
}
