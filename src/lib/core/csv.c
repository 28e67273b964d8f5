/*
 * csv.c - streaming CSV records with bounded memory (see csv.h).
 *
 * Official CSV lists are not quite RFC 4180: OFAC files end with a Ctrl-Z byte after the last
 * CRLF, HM Treasury files mix CRLF and LF, and all of them are Windows-1252 rather than UTF-8.
 * The reader assembles one record at a time into a buffer (fields NUL-separated), then
 * converts it to UTF-8 as a whole, so parsers only ever see valid UTF-8.
 */
#include "csv.h"
#include "lookout/buf.h"
#include "lookout/error.h"
#include "lookout/utf8.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct lk_csv {
	FILE *f;
	char *path;
	char sep;
	lk_csv_encoding enc;
	lk_buf raw;                   /* current record, fields NUL-separated */
	lk_buf conv;                  /* the record converted from Windows-1252 */
	size_t start[LK_CSV_MAX_FIELDS];
	size_t len[LK_CSV_MAX_FIELDS];
	bool quoted[LK_CSV_MAX_FIELDS];
	size_t nfields;
	bool use_conv;
	long line;                    /* current line (1-based) */
	long rec_line;
	long long rec_offset;
	uint64_t consumed;
	bool at_start;                /* nothing read yet (for the BOM) */
	bool eof_marker;
	bool unterminated;
	bool done;
	int pending;                  /* a byte pushed back, or EOF-1 for none */
};

#define NO_PENDING (-2)

lk_csv *lk_csv_new(FILE *f, const char *path, char sep, lk_csv_encoding enc)
{
	lk_csv *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->path = strdup(path ? path : "");
	if (!c->path) {
		free(c);
		return NULL;
	}
	c->f = f;
	c->sep = sep;
	c->enc = enc;
	lk_buf_init(&c->raw, LK_CSV_MAX_RECORD + LK_CSV_MAX_FIELDS);
	lk_buf_init(&c->conv, 3 * (LK_CSV_MAX_RECORD + LK_CSV_MAX_FIELDS));
	c->line = 1;
	c->at_start = true;
	c->pending = NO_PENDING;
	return c;
}

void lk_csv_free(lk_csv *c)
{
	if (!c)
		return;
	lk_buf_dispose(&c->raw);
	lk_buf_dispose(&c->conv);
	free(c->path);
	free(c);
}

static int get(lk_csv *c)
{
	int ch;
	if (c->pending != NO_PENDING) {
		ch = c->pending;
		c->pending = NO_PENDING;
	} else {
		ch = getc_unlocked(c->f);
	}
	if (ch != EOF) {
		c->consumed++;
		if (ch == '\n')
			c->line++;
	}
	return ch;
}

static void unget(lk_csv *c, int ch)
{
	if (ch == EOF)
		return;
	c->pending = ch;
	c->consumed--;
	if (ch == '\n')
		c->line--;
}

static int end_field(lk_csv *c, size_t fstart, bool quoted)
{
	if (c->nfields >= LK_CSV_MAX_FIELDS)
		return lk_error_set_at(LK_ETOOBIG, c->path, c->rec_line, c->rec_offset,
		                       "more than %d fields in a record", LK_CSV_MAX_FIELDS);
	c->start[c->nfields] = fstart;
	c->len[c->nfields] = c->raw.len - fstart;
	c->quoted[c->nfields] = quoted;
	c->nfields++;
	int rc = lk_buf_putc(&c->raw, 0);
	if (rc)
		return lk_error_set_at(LK_ETOOBIG, c->path, c->rec_line, c->rec_offset,
		                       "record longer than %u bytes", LK_CSV_MAX_RECORD);
	return 0;
}

static int put(lk_csv *c, int ch, size_t fstart)
{
	if (c->raw.len - fstart >= LK_CSV_MAX_FIELD)
		return lk_error_set_at(LK_ETOOBIG, c->path, c->rec_line, c->rec_offset,
		                       "field %zu longer than %u bytes", c->nfields + 1,
		                       LK_CSV_MAX_FIELD);
	if (lk_buf_putc(&c->raw, (char)ch))
		return lk_error_set_at(LK_ETOOBIG, c->path, c->rec_line, c->rec_offset,
		                       "record longer than %u bytes", LK_CSV_MAX_RECORD);
	return 0;
}

/* Convert the record to UTF-8 per the encoding mode. */
static int convert(lk_csv *c)
{
	c->use_conv = false;
	bool ascii = true;
	for (size_t i = 0; i < c->raw.len; i++)
		if ((unsigned char)c->raw.ptr[i] >= 0x80) {
			ascii = false;
			break;
		}
	if (ascii)
		return 0;
	size_t bad = 0;
	if (c->enc != LK_CSV_CP1252 && lk_utf8_valid(c->raw.ptr, c->raw.len, &bad))
		return 0;
	if (c->enc == LK_CSV_UTF8)
		return lk_error_set_at(LK_EENCODING, c->path, c->rec_line, c->rec_offset,
		                       "invalid UTF-8 at byte %zu of the record", bad);
	lk_buf_clear(&c->conv);
	for (size_t i = 0; i < c->nfields; i++) {
		size_t s = c->conv.len;
		int rc = lk_utf8_from_cp1252(&c->conv, c->raw.ptr + c->start[i], c->len[i]);
		if (!rc)
			rc = lk_buf_putc(&c->conv, 0);
		if (rc)
			return lk_error_set_at(LK_ETOOBIG, c->path, c->rec_line, c->rec_offset,
			                       "record too long after conversion to UTF-8");
		c->start[i] = s;
		c->len[i] = c->conv.len - s - 1;
	}
	c->use_conv = true;
	return 0;
}

int lk_csv_next(lk_csv *c)
{
	enum { FIELD_START, UNQUOTED, QUOTED, AFTER_QUOTE } st = FIELD_START;
	int rc;
	if (c->done)
		return 0;
	lk_buf_clear(&c->raw);
	c->nfields = 0;
	c->use_conv = false;
	c->unterminated = false;

	if (c->at_start) {
		c->at_start = false;
		int a = get(c);
		if (a == 0xEF) {
			int b = get(c), d = get(c);
			if (!(b == 0xBB && d == 0xBF)) {
				/* Not a BOM: rewind is impossible on a stream, so refuse rather than guess. */
				if (fseek(c->f, 0, SEEK_SET) != 0)
					return lk_error_set_at(LK_EINVALID, c->path, 1, 0,
					                       "unexpected bytes at start of file");
				c->consumed = 0;
				c->line = 1;
			}
		} else {
			unget(c, a);
		}
	}
	c->rec_line = c->line;
	c->rec_offset = (long long)c->consumed;
	size_t fstart = 0;
	bool any = false;
	for (;;) {
		int ch = get(c);
		if (ch == EOF) {
			if (ferror(c->f))
				return lk_error_set_at(LK_EIO, c->path, c->line, -1, "read error: %s",
				                       strerror(errno));
			c->done = true;
			if (st == QUOTED)
				return lk_error_set_at(LK_ETRUNCATED, c->path, c->rec_line, c->rec_offset,
				                       "quoted field not closed at end of file "
				                       "(the file is truncated or malformed)");
			if (!any)
				return 0;
			c->unterminated = true;
			if ((rc = end_field(c, fstart, st == AFTER_QUOTE)) || (rc = convert(c)))
				return rc;
			return 1;
		}
		if (ch == 0x1A && !any) {
			/* Ctrl-Z: DOS end-of-file marker; only whitespace may follow. */
			c->eof_marker = true;
			int n;
			while ((n = get(c)) != EOF)
				if (n != '\r' && n != '\n' && n != ' ' && n != '\t' && n != 0x1A)
					return lk_error_set_at(LK_EINVALID, c->path, c->line, -1,
					                       "data after the end-of-file marker (Ctrl-Z)");
			c->done = true;
			return 0;
		}
		any = true;
		switch (st) {
		case FIELD_START:
			if (ch == '"') {
				st = QUOTED;
				break;
			}
			/* fall through */
		case UNQUOTED:
			if (ch == c->sep) {
				if ((rc = end_field(c, fstart, false)))
					return rc;
				fstart = c->raw.len;
				st = FIELD_START;
			} else if (ch == '\n' || ch == '\r') {
				if (ch == '\r') {
					int n = get(c);
					if (n != '\n')
						unget(c, n);
				}
				if ((rc = end_field(c, fstart, false)) || (rc = convert(c)))
					return rc;
				return 1;
			} else {
				if ((rc = put(c, ch, fstart)))
					return rc;
				st = UNQUOTED;
			}
			break;
		case QUOTED:
			if (ch == '"') {
				int n = get(c);
				if (n == '"') {
					if ((rc = put(c, '"', fstart)))
						return rc;
				} else {
					unget(c, n);
					st = AFTER_QUOTE;
				}
			} else if ((rc = put(c, ch, fstart))) {
				return rc;
			}
			break;
		case AFTER_QUOTE:
			if (ch == c->sep) {
				if ((rc = end_field(c, fstart, true)))
					return rc;
				fstart = c->raw.len;
				st = FIELD_START;
			} else if (ch == '\n' || ch == '\r') {
				if (ch == '\r') {
					int n = get(c);
					if (n != '\n')
						unget(c, n);
				}
				if ((rc = end_field(c, fstart, true)) || (rc = convert(c)))
					return rc;
				return 1;
			} else {
				/* Text after a closing quote ("abc"def): keep it, as spreadsheet tools do. */
				if ((rc = put(c, ch, fstart)))
					return rc;
			}
			break;
		}
	}
}

size_t lk_csv_nfields(const lk_csv *c)
{
	return c->nfields;
}

const char *lk_csv_field(const lk_csv *c, size_t i)
{
	if (i >= c->nfields)
		return "";
	return (c->use_conv ? c->conv.ptr : c->raw.ptr) + c->start[i];
}

size_t lk_csv_field_len(const lk_csv *c, size_t i)
{
	return i < c->nfields ? c->len[i] : 0;
}

bool lk_csv_field_quoted(const lk_csv *c, size_t i)
{
	return i < c->nfields && c->quoted[i];
}

long lk_csv_line(const lk_csv *c)
{
	return c->rec_line;
}

long long lk_csv_offset(const lk_csv *c)
{
	return c->rec_offset;
}

uint64_t lk_csv_consumed(const lk_csv *c)
{
	return c->consumed;
}

bool lk_csv_saw_eof_marker(const lk_csv *c)
{
	return c->eof_marker;
}

bool lk_csv_last_unterminated(const lk_csv *c)
{
	return c->unterminated;
}

bool lk_csv_record_was_cp1252(const lk_csv *c)
{
	return c->use_conv;
}
