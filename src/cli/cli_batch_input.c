/*
 * cli_batch_input.c - reading the rows of a batch file: CSV with a header, or JSON lines,
 * told apart by the first character of the content (see cli_batch.h).
 *
 * The input may be a pipe (`lookout screen --batch -`), so detection must not seek: it reads
 * past a byte-order mark and blank space one byte at a time and pushes the first significant
 * byte back (stdio guarantees one byte of push-back). A CSV separator other than ',' is
 * recognised from the header itself: a header read with ',' that comes back as one field
 * holding ';' or tabs is split by hand, and the rest of the file is read with that separator
 * by a second reader. Line numbers stay those of the file: the lines skipped before the
 * header and read by the first reader are added to what the reader counts.
 *
 * A malformed row never stops the run: it comes back with row->error set, and its values
 * are dropped.
 */
#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli_batch.h"
#include "lookout/csv.h"

struct cli_batch_reader {
	FILE *f;
	bool close_f;
	char name[512];             /* for messages */
	cli_batch_format format;
	const cli_batch_column *cols;
	size_t ncols;
	uint64_t size;              /* 0 if unknown (a pipe) */
	uint64_t skipped;           /* bytes read before the first reader started */
	long line_offset;           /* file line = reader line + line_offset */
	long rows;                  /* rows returned so far */

	/* CSV */
	lk_csv_reader *csv;
	uint64_t csv_base;          /* bytes consumed by a reader replaced after the header */
	size_t nheader;             /* fields of the header */
	int map[LK_CSV_READER_MAX_FIELDS]; /* header field -> column, or -1 */

	/* JSON lines */
	long line;                  /* lines read */
	uint64_t consumed;
	lk_buf linebuf;

	/* the row being assembled: value offsets into data, until it is complete */
	lk_buf data;
	size_t off[CLI_BATCH_MAX_COLUMNS][CLI_BATCH_MAX_VALUES];
};

/* ---- assembling a row ---- */

static void row_start(cli_batch_reader *r, cli_batch_row *row, long line)
{
	memset(row, 0, sizeof(*row));
	row->row = ++r->rows;
	row->line = line;
	lk_buf_clear(&r->data);
}

/* Mark the row malformed ("line N: <why>"); the first error is kept. Returns LK_EINVALID. */
static int row_error(cli_batch_row *row, const char *fmt, ...) LK_PRINTF(2, 3);
static int row_error(cli_batch_row *row, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	if (row->error[0])
		return LK_EINVALID;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(row->error, sizeof(row->error), "line %ld: %s", row->line, msg);
	return LK_EINVALID;
}

/* Add one value of column col, trimmed; empty values are no value. */
static int row_add(cli_batch_reader *r, cli_batch_row *row, size_t col, const char *s,
                   size_t len)
{
	const char *name = r->cols[col].name;

	if (row->error[0])
		return LK_EINVALID;
	if (memchr(s, '\0', len))
		return row_error(row, "'%s' holds a NUL byte", name);
	while (len > 0 && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' ||
	                   s[len - 1] == '\n'))
		len--;
	if (len == 0)
		return 0;
	if (len > CLI_BATCH_MAX_FIELD)
		return row_error(row, "'%s' is %zu bytes long, more than %d", name, len,
		                 CLI_BATCH_MAX_FIELD);
	if (row->n[col] >= CLI_BATCH_MAX_VALUES)
		return row_error(row, "more than %d values of '%s'", CLI_BATCH_MAX_VALUES, name);
	r->off[col][row->n[col]] = r->data.len;
	if (lk_buf_put(&r->data, s, len) < 0 || lk_buf_putc(&r->data, '\0') < 0)
		return row_error(row, "the row is longer than %d bytes", CLI_BATCH_MAX_ROW);
	row->n[col]++;
	return 0;
}

/* Hand the values to the row (pointers into its own copy), or drop them if malformed. */
static int row_finish(cli_batch_reader *r, cli_batch_row *row)
{
	if (row->error[0] || r->data.len == 0) {
		memset(row->n, 0, sizeof(row->n));
		return 1;
	}
	row->data = lk_buf_detach(&r->data);
	if (!row->data)
		return lk_error_set(LK_ENOMEM, "out of memory reading %s", r->name);
	for (size_t c = 0; c < r->ncols; c++) {
		for (size_t k = 0; k < row->n[c]; k++)
			row->v[c][k] = row->data + r->off[c][k];
	}
	return 1;
}

void cli_batch_row_dispose(cli_batch_row *row)
{
	free(row->data);
	memset(row, 0, sizeof(*row));
}

/* ---- CSV ---- */

static int column_of(const cli_batch_reader *r, const char *name, size_t len)
{
	while (len > 0 && (*name == ' ' || *name == '\t')) {
		name++;
		len--;
	}
	while (len > 0 && (name[len - 1] == ' ' || name[len - 1] == '\t' || name[len - 1] == '\r'))
		len--;
	/* a header written by a spreadsheet with "..." around a name split by hand */
	if (len >= 2 && name[0] == '"' && name[len - 1] == '"') {
		name++;
		len -= 2;
	}
	for (size_t c = 0; c < r->ncols; c++) {
		if (strlen(r->cols[c].name) == len && strncasecmp(r->cols[c].name, name, len) == 0)
			return (int)c;
	}
	return -1;
}

/* A message of the CSV reader without the leading "name: " (rows say only their line). */
static const char *reader_message(const cli_batch_reader *r)
{
	const char *m = lk_error_last()->message;
	size_t n = strlen(r->name);

	if (strncmp(m, r->name, n) == 0 && m[n] == ':' && m[n + 1] == ' ')
		return m + n + 2;
	return m;
}

/* Map the header's fields to columns; check the required ones are there. */
static int map_header(cli_batch_reader *r, const char *const *fields, const size_t *lens,
                      size_t n)
{
	bool seen[CLI_BATCH_MAX_COLUMNS] = {false};

	r->nheader = n;
	for (size_t i = 0; i < n; i++) {
		r->map[i] = column_of(r, fields[i], lens[i]);
		if (r->map[i] >= 0)
			seen[r->map[i]] = true;
	}
	for (size_t c = 0; c < r->ncols; c++) {
		if (r->cols[c].required && !seen[c])
			return lk_error_set(LK_EINVALID,
			                    "%s: line %ld: the CSV header has no '%s' column (the "
			                    "first line must name the columns)",
			                    r->name, 1 + r->line_offset, r->cols[c].name);
	}
	return 0;
}

/* Split a header line by sep by hand (it was read as one field). */
static int split_header(cli_batch_reader *r, const char *h, char sep)
{
	const char *fields[LK_CSV_READER_MAX_FIELDS];
	size_t lens[LK_CSV_READER_MAX_FIELDS];
	size_t n = 0;
	const char *p = h;

	for (;;) {
		const char *end = strchr(p, sep);
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (n == LK_CSV_READER_MAX_FIELDS)
			return lk_error_set(LK_ETOOBIG, "%s: the header has too many fields",
			                    r->name);
		fields[n] = p;
		lens[n++] = len;
		if (!end)
			break;
		p = end + 1;
	}
	return map_header(r, fields, lens, n);
}

static int csv_open(cli_batch_reader *r)
{
	lk_csv_reader_options o = LK_CSV_READER_OPTIONS_INIT;
	const char *fields[LK_CSV_READER_MAX_FIELDS];
	size_t lens[LK_CSV_READER_MAX_FIELDS];
	const char *h;
	char sep = 0;
	size_t n;
	int rc;

	rc = lk_csv_reader_new(&r->csv, r->f, r->name, &o);
	if (rc < 0)
		return rc;
	rc = lk_csv_reader_next(r->csv);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return lk_error_set(LK_EINVALID, "%s: empty input: no header", r->name);
	n = lk_csv_reader_nfields(r->csv);
	h = lk_csv_reader_field(r->csv, 0, NULL);
	if (n == 1 && strchr(h, ';'))
		sep = ';';
	else if (n == 1 && strchr(h, '\t'))
		sep = '\t';
	if (!sep) {
		for (size_t i = 0; i < n; i++)
			fields[i] = lk_csv_reader_field(r->csv, i, &lens[i]);
		return map_header(r, fields, lens, n);
	}
	rc = split_header(r, h, sep);
	if (rc < 0)
		return rc;
	/* the rest of the file with the right separator; lines and bytes carry on */
	r->line_offset += lk_csv_reader_line(r->csv);
	r->csv_base = lk_csv_reader_consumed(r->csv);
	lk_csv_reader_free(r->csv);
	r->csv = NULL;
	o.separator = sep;
	return lk_csv_reader_new(&r->csv, r->f, r->name, &o);
}

static int csv_next(cli_batch_reader *r, cli_batch_row *row)
{
	size_t n;
	int rc;

	for (;;) {
		rc = lk_csv_reader_next(r->csv);
		if (rc == LK_EENCODING) {
			/* the record was read in full: report it as a row and read on */
			const char *why = strstr(reader_message(r), "invalid UTF-8");

			row_start(r, row, lk_csv_reader_line(r->csv) + r->line_offset);
			row_error(row, "%s", why ? why : reader_message(r));
			return row_finish(r, row);
		}
		if (rc <= 0)
			return rc;
		n = lk_csv_reader_nfields(r->csv);
		/* blank lines are not rows */
		if (n == 1 && !lk_csv_reader_quoted(r->csv, 0)) {
			size_t len;
			const char *s = lk_csv_reader_field(r->csv, 0, &len);

			if (strspn(s, " \t\r") == len)
				continue;
		}
		break;
	}
	row_start(r, row, lk_csv_reader_line(r->csv) + r->line_offset);
	if (n != r->nheader) {
		row_error(row, "%zu field%s, expected %zu as in the header", n, n == 1 ? "" : "s",
		          r->nheader);
		return row_finish(r, row);
	}
	for (size_t i = 0; i < n; i++) {
		size_t len;
		const char *s;

		if (r->map[i] < 0)
			continue;
		s = lk_csv_reader_field(r->csv, i, &len);
		if (row_add(r, row, (size_t)r->map[i], s, len) < 0)
			break;
	}
	return row_finish(r, row);
}

/* ---- JSON lines ---- */

/* Read one line into linebuf (without its line end). 1, 0 at the end, or LK_EIO. *too_long
 * is set when the line exceeded CLI_BATCH_MAX_LINE (the rest of it is skipped). */
static int read_line(cli_batch_reader *r, bool *too_long)
{
	int ch = EOF;
	bool any = false;

	*too_long = false;
	lk_buf_clear(&r->linebuf);
	while ((ch = getc_unlocked(r->f)) != EOF) {
		r->consumed++;
		any = true;
		if (ch == '\n')
			break;
		if (*too_long)
			continue;
		if (lk_buf_putc(&r->linebuf, (char)ch) < 0)
			*too_long = true;
	}
	if (ch == EOF && ferror(r->f))
		return lk_error_set(LK_EIO, "%s: line %ld: read error: %s", r->name, r->line + 1,
		                    strerror(errno));
	if (!any)
		return 0;
	r->line++;
	if (r->linebuf.len > 0 && r->linebuf.ptr[r->linebuf.len - 1] == '\r')
		lk_buf_truncate(&r->linebuf, r->linebuf.len - 1);
	return 1;
}

/* Add the value(s) of one JSON member. */
static int json_add(cli_batch_reader *r, cli_batch_row *row, size_t col, json_t *v)
{
	const char *name = r->cols[col].name;
	char num[64];
	size_t i;
	json_t *e;

	switch (json_typeof(v)) {
	case JSON_NULL:
		return 0;
	case JSON_STRING:
		return row_add(r, row, col, json_string_value(v), json_string_length(v));
	case JSON_INTEGER:
		if (!r->cols[col].numbers)
			return row_error(row, "'%s' must be a string, not a number", name);
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return row_add(r, row, col, num, strlen(num));
	case JSON_ARRAY:
		if (!r->cols[col].multi)
			return row_error(row, "'%s' must be a string, not an array", name);
		json_array_foreach(v, i, e) {
			if (!json_is_string(e))
				return row_error(row, "'%s' must be an array of strings", name);
			if (row_add(r, row, col, json_string_value(e), json_string_length(e)) < 0)
				return LK_EINVALID;
		}
		return 0;
	default:
		return row_error(row, "'%s' must be a string%s", name,
		                 r->cols[col].multi ? " or an array of strings" : "");
	}
}

static int jsonl_next(cli_batch_reader *r, cli_batch_row *row)
{
	json_error_t jerr;
	json_t *obj = NULL;
	bool too_long;
	size_t bad;
	int rc;

	for (;;) {
		rc = read_line(r, &too_long);
		if (rc <= 0)
			return rc;
		if (too_long || strspn(r->linebuf.ptr, " \t\r") != r->linebuf.len)
			break;
	}
	row_start(r, row, r->line + r->line_offset);
	if (too_long) {
		row_error(row, "the line is longer than %u bytes", CLI_BATCH_MAX_LINE);
		return row_finish(r, row);
	}
	if (!lk_utf8_valid(r->linebuf.ptr, r->linebuf.len, &bad)) {
		row_error(row, "invalid UTF-8 at byte %zu of the line", bad + 1);
		return row_finish(r, row);
	}
	obj = json_loadb(r->linebuf.ptr, r->linebuf.len, JSON_DECODE_ANY, &jerr);
	if (!obj) {
		row_error(row, "invalid JSON at column %d: %s", jerr.column, jerr.text);
		return row_finish(r, row);
	}
	if (!json_is_object(obj)) {
		row_error(row, "not a JSON object");
	} else {
		for (size_t c = 0; c < r->ncols; c++) {
			json_t *v = json_object_get(obj, r->cols[c].name);

			if (v && json_add(r, row, c, v) < 0)
				break;
		}
	}
	json_decref(obj);
	return row_finish(r, row);
}

/* ---- opening and detection ---- */

/* Skip a byte-order mark and blank space; push the first other byte back. Returns it, or
 * EOF; -2 for a start that is neither a BOM nor UTF-8 text. */
static int skip_to_content(cli_batch_reader *r)
{
	int ch = getc(r->f);

	if (ch == 0xEF) {
		if (getc(r->f) != 0xBB || getc(r->f) != 0xBF)
			return -2;
		r->skipped += 3;
		ch = getc(r->f);
	}
	while (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
		r->skipped++;
		if (ch == '\n')
			r->line_offset++;
		ch = getc(r->f);
	}
	if (ch != EOF)
		ungetc(ch, r->f);
	return ch;
}

int cli_batch_open(cli_batch_reader **out, const char *path, const cli_batch_column *cols,
                   size_t ncols)
{
	cli_batch_reader *r;
	struct stat st;
	int first;
	int rc = 0;

	assert(ncols <= CLI_BATCH_MAX_COLUMNS);
	*out = NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return lk_error_set(LK_ENOMEM, "out of memory opening %s", path);
	r->cols = cols;
	r->ncols = ncols;
	lk_buf_init(&r->data, CLI_BATCH_MAX_ROW);
	lk_buf_init(&r->linebuf, CLI_BATCH_MAX_LINE);
	if (strcmp(path, "-") == 0) {
		snprintf(r->name, sizeof(r->name), "<stdin>");
		r->f = stdin;
	} else {
		snprintf(r->name, sizeof(r->name), "%s", path);
		r->f = fopen(path, "rb");
		if (!r->f) {
			rc = lk_error_set(LK_EIO, "%s: cannot open: %s", path, strerror(errno));
			goto done;
		}
		r->close_f = true;
	}
	if (fstat(fileno(r->f), &st) == 0 && S_ISREG(st.st_mode))
		r->size = (uint64_t)st.st_size;
	first = skip_to_content(r);
	if (first == -2) {
		rc = lk_error_set(LK_EENCODING, "%s: byte 1: not UTF-8 text", r->name);
		goto done;
	}
	if (first == EOF) {
		rc = ferror(r->f) ? lk_error_set(LK_EIO, "%s: read error", r->name)
		                  : lk_error_set(LK_EINVALID, "%s: empty input", r->name);
		goto done;
	}
	r->consumed = r->skipped;
	r->line = 0;
	if (first == '{') {
		r->format = CLI_BATCH_JSONL;
	} else {
		r->format = CLI_BATCH_CSV;
		rc = csv_open(r);
		if (rc == LK_EENCODING)
			rc = lk_error_set(LK_EENCODING, "%s: the header is not UTF-8 text",
			                  r->name);
	}
done:
	if (rc < 0) {
		cli_batch_close(r);
		return rc;
	}
	*out = r;
	return 0;
}

void cli_batch_close(cli_batch_reader *r)
{
	if (!r)
		return;
	lk_csv_reader_free(r->csv);
	if (r->close_f)
		fclose(r->f);
	lk_buf_dispose(&r->data);
	lk_buf_dispose(&r->linebuf);
	free(r);
}

cli_batch_format cli_batch_format_of(const cli_batch_reader *r)
{
	return r->format;
}

uint64_t cli_batch_size(const cli_batch_reader *r)
{
	return r->size;
}

uint64_t cli_batch_consumed(const cli_batch_reader *r)
{
	if (r->format == CLI_BATCH_JSONL)
		return r->consumed;
	return r->skipped + r->csv_base + (r->csv ? lk_csv_reader_consumed(r->csv) : 0);
}

int cli_batch_next(cli_batch_reader *r, cli_batch_row *row)
{
	memset(row, 0, sizeof(*row));
	if (r->format == CLI_BATCH_JSONL)
		return jsonl_next(r, row);
	return csv_next(r, row);
}
