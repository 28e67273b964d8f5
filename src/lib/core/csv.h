/*
 * csv.h - a streaming CSV record reader (RFC 4180 plus the quirks of official lists).
 *
 * Reads one record at a time from a stdio stream with bounded memory: a field may not exceed
 * LK_CSV_MAX_FIELD bytes, a record LK_CSV_MAX_RECORD bytes or LK_CSV_MAX_FIELDS fields.
 * Handles quoted fields with "" escapes and embedded newlines, CRLF and LF line ends, a UTF-8
 * byte-order mark, and the Ctrl-Z (0x1A) end-of-file byte OFAC files end with. Fields are
 * converted to UTF-8: in LK_CSV_CP1252 mode from Windows-1252; in LK_CSV_AUTO mode each
 * record that is valid UTF-8 is kept, others are read as Windows-1252; in LK_CSV_UTF8 mode
 * invalid UTF-8 is an error (LK_EENCODING).
 */
#ifndef LK_CORE_CSV_H
#define LK_CORE_CSV_H

#include <stdio.h>
#include "lookout/common.h"

#define LK_CSV_MAX_FIELD (1u << 20)
#define LK_CSV_MAX_RECORD (4u << 20)
#define LK_CSV_MAX_FIELDS 1024

typedef enum lk_csv_encoding { LK_CSV_AUTO, LK_CSV_UTF8, LK_CSV_CP1252 } lk_csv_encoding;

typedef struct lk_csv lk_csv;

/*
 * Start reading f (not closed by the reader). path is used in error messages. sep is the field
 * separator (',' or ';'). Returns NULL on allocation failure.
 */
lk_csv *lk_csv_new(FILE *f, const char *path, char sep, lk_csv_encoding enc);
void lk_csv_free(lk_csv *c);

/*
 * Read the next record. Returns 1 with the record available, 0 at end of input, or a negative
 * error recorded with the path and line: LK_ETRUNCATED (a quoted field not closed at end of
 * input), LK_ETOOBIG, LK_EENCODING, LK_EIO.
 */
int lk_csv_next(lk_csv *c);

/* Number of fields in the current record. */
size_t lk_csv_nfields(const lk_csv *c);

/* Field i of the current record (UTF-8, NUL-terminated, untrimmed), or "" if i is out of
 * range. Borrowed until the next lk_csv_next(). */
const char *lk_csv_field(const lk_csv *c, size_t i);

/* Length in bytes of field i. */
size_t lk_csv_field_len(const lk_csv *c, size_t i);

/* True if field i was quoted in the input. */
bool lk_csv_field_quoted(const lk_csv *c, size_t i);

/* Line on which the current record started (1-based), and its byte offset. */
long lk_csv_line(const lk_csv *c);
long long lk_csv_offset(const lk_csv *c);

/* Bytes consumed so far. */
uint64_t lk_csv_consumed(const lk_csv *c);

/* True if the input ended with the Ctrl-Z end-of-file byte. Valid after lk_csv_next() == 0. */
bool lk_csv_saw_eof_marker(const lk_csv *c);

/* True if the last record was not terminated by a line end (input ended inside it). */
bool lk_csv_last_unterminated(const lk_csv *c);

/* True if the current record was decoded from Windows-1252. */
bool lk_csv_record_was_cp1252(const lk_csv *c);

#endif
