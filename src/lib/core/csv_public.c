/*
 * csv_public.c - the public CSV reader (include/lookout/csv.h) as a thin wrapper of the
 * internal one (csv.h).
 *
 * The list parsers use the internal reader directly; programs outside the library (the CLI's
 * batch screening) may only use the public API, so this file gives them the same reader
 * under public names, with the file handling and option defaults they need. The internal
 * header stays free to change.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "lookout/csv.h"
#include "lookout/error.h"

/* The public limits are promises about the internal reader: keep them in step. */
_Static_assert(LK_CSV_READER_MAX_FIELD == LK_CSV_MAX_FIELD, "CSV field limit differs");
_Static_assert(LK_CSV_READER_MAX_RECORD == LK_CSV_MAX_RECORD, "CSV record limit differs");
_Static_assert(LK_CSV_READER_MAX_FIELDS == LK_CSV_MAX_FIELDS, "CSV field count differs");

struct lk_csv_reader {
	lk_csv *csv;
	FILE *owned; /* closed by lk_csv_reader_free, or NULL */
};

static lk_csv_encoding internal_encoding(lk_csv_reader_encoding e)
{
	switch (e) {
	case LK_CSV_READER_AUTO:
		return LK_CSV_AUTO;
	case LK_CSV_READER_CP1252:
		return LK_CSV_CP1252;
	case LK_CSV_READER_UTF8:
	default:
		return LK_CSV_UTF8;
	}
}

int lk_csv_reader_new(lk_csv_reader **out, FILE *f, const char *name,
                      const lk_csv_reader_options *opts)
{
	const lk_csv_reader_options defaults = LK_CSV_READER_OPTIONS_INIT;
	lk_csv_reader *r;

	if (!opts)
		opts = &defaults;
	*out = NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return lk_error_set(LK_ENOMEM, "csv: out of memory");
	r->csv = lk_csv_new(f, name, opts->separator ? opts->separator : ',',
	                    internal_encoding(opts->encoding));
	if (!r->csv) {
		free(r);
		return lk_error_set(LK_ENOMEM, "csv: out of memory");
	}
	*out = r;
	return 0;
}

int lk_csv_reader_open(lk_csv_reader **out, const char *path,
                       const lk_csv_reader_options *opts)
{
	FILE *f;
	int rc;

	*out = NULL;
	f = fopen(path, "rb");
	if (!f)
		return lk_error_set(LK_EIO, "%s: cannot open: %s", path, strerror(errno));
	rc = lk_csv_reader_new(out, f, path, opts);
	if (rc < 0) {
		fclose(f);
		return rc;
	}
	(*out)->owned = f;
	return 0;
}

void lk_csv_reader_free(lk_csv_reader *r)
{
	if (!r)
		return;
	lk_csv_free(r->csv);
	if (r->owned)
		fclose(r->owned);
	free(r);
}

int lk_csv_reader_next(lk_csv_reader *r)
{
	return lk_csv_next(r->csv);
}

size_t lk_csv_reader_nfields(const lk_csv_reader *r)
{
	return lk_csv_nfields(r->csv);
}

const char *lk_csv_reader_field(const lk_csv_reader *r, size_t i, size_t *len)
{
	if (len)
		*len = lk_csv_field_len(r->csv, i);
	return lk_csv_field(r->csv, i);
}

bool lk_csv_reader_quoted(const lk_csv_reader *r, size_t i)
{
	return lk_csv_field_quoted(r->csv, i);
}

long lk_csv_reader_line(const lk_csv_reader *r)
{
	return lk_csv_line(r->csv);
}

uint64_t lk_csv_reader_consumed(const lk_csv_reader *r)
{
	return lk_csv_consumed(r->csv);
}
