/*
 * csv.h - reading CSV records: the library's streaming reader, for programs built on Lookout
 * (the `lookout` command's batch screening, services that screen customer files).
 *
 * Reads one record at a time with bounded memory: a field may not exceed
 * LK_CSV_READER_MAX_FIELD bytes, a record LK_CSV_READER_MAX_RECORD bytes or
 * LK_CSV_READER_MAX_FIELDS fields. Handles RFC 4180 quoting ("" inside quoted fields, line
 * breaks inside them), CRLF and LF line ends, a UTF-8 byte-order mark and a trailing Ctrl-Z.
 * Fields come out as UTF-8: LK_CSV_READER_UTF8 refuses a record that is not valid UTF-8,
 * LK_CSV_READER_AUTO reads such a record as Windows-1252 (what spreadsheets export), and
 * LK_CSV_READER_CP1252 reads every record as Windows-1252.
 *
 * Memory: the reader is released with lk_csv_reader_free(); fields are borrowed and valid
 * until the next lk_csv_reader_next(). A reader is used by one thread at a time.
 */
#ifndef LOOKOUT_CSV_H
#define LOOKOUT_CSV_H

#include <stdio.h>

#include "common.h"

#define LK_CSV_READER_MAX_FIELD (1u << 20)
#define LK_CSV_READER_MAX_RECORD (4u << 20)
#define LK_CSV_READER_MAX_FIELDS 1024

typedef enum lk_csv_reader_encoding {
	LK_CSV_READER_UTF8,   /* invalid UTF-8 in a record is an error (LK_EENCODING) */
	LK_CSV_READER_AUTO,   /* a record that is not valid UTF-8 is read as Windows-1252 */
	LK_CSV_READER_CP1252  /* every record is Windows-1252 */
} lk_csv_reader_encoding;

typedef struct lk_csv_reader_options {
	unsigned version;                /* LK_CSV_READER_OPTIONS_VERSION */
	char separator;                  /* ',' (default when 0), ';', '\t', ... */
	lk_csv_reader_encoding encoding; /* default LK_CSV_READER_UTF8 */
} lk_csv_reader_options;

#define LK_CSV_READER_OPTIONS_VERSION 1
#define LK_CSV_READER_OPTIONS_INIT {LK_CSV_READER_OPTIONS_VERSION, ',', LK_CSV_READER_UTF8}

typedef struct lk_csv_reader lk_csv_reader;

/*
 * Open the file at path for reading; the reader closes it. opts may be NULL (defaults).
 * Returns 0, LK_EIO with a message naming the path, or LK_ENOMEM.
 */
LK_EXTERN(int) lk_csv_reader_open(lk_csv_reader **out, const char *path,
                                  const lk_csv_reader_options *opts);

/*
 * Read from an open stream, which the reader does not close. name is used in error messages
 * ("customers.csv", "<stdin>"). opts may be NULL. Returns 0 or LK_ENOMEM.
 */
LK_EXTERN(int) lk_csv_reader_new(lk_csv_reader **out, FILE *f, const char *name,
                                 const lk_csv_reader_options *opts);

/* Release the reader (closing the file if lk_csv_reader_open opened it). NULL is a no-op. */
LK_EXTERN(void) lk_csv_reader_free(lk_csv_reader *r);

/*
 * Read the next record. Returns 1 when a record is available, 0 at the end of the input, or a
 * negative error recorded with the name and line ("customers.csv: line 12: ..."):
 *   LK_EENCODING  the record is not valid UTF-8 (LK_CSV_READER_UTF8). The record has been
 *                 read in full: the caller may report it and read on.
 *   LK_ETOOBIG    a field, the record or the field count exceeds its maximum;
 *   LK_ETRUNCATED a quoted field is not closed at the end of the input;
 *   LK_EINVALID   bytes after a Ctrl-Z end-of-file marker;
 *   LK_EIO        a read error.
 * After an error other than LK_EENCODING the reader's position inside the input is
 * undefined: stop reading.
 */
LK_EXTERN(int) lk_csv_reader_next(lk_csv_reader *r);

/* Number of fields of the current record (an empty line is one empty field). */
LK_EXTERN(size_t) lk_csv_reader_nfields(const lk_csv_reader *r);

/*
 * Field i of the current record: UTF-8, NUL-terminated, untrimmed; "" if i is out of range.
 * len (may be NULL) receives its length in bytes. Borrowed until the next
 * lk_csv_reader_next().
 */
LK_EXTERN(const char *) lk_csv_reader_field(const lk_csv_reader *r, size_t i, size_t *len);

/* True if field i of the current record was quoted in the input. */
LK_EXTERN(bool) lk_csv_reader_quoted(const lk_csv_reader *r, size_t i);

/* The line (1-based) on which the current record starts. */
LK_EXTERN(long) lk_csv_reader_line(const lk_csv_reader *r);

/* Bytes of input consumed so far (for progress). */
LK_EXTERN(uint64_t) lk_csv_reader_consumed(const lk_csv_reader *r);

#endif
