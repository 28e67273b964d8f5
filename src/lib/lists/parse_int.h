/*
 * parse_int.h - internals shared by the list parsers (not part of the public API).
 *
 * lk_list_parse() (list.c) expands paths, detects formats, hashes the inputs and hands each
 * file, as an lk_input, to the parser of its format. Parsers append entities to the list with
 * lk_list__add_entity(), report non-fatal problems with lk_list__warn(), call
 * lk_list__progress() now and then, and fail with lk_error_set_at() naming the input's path
 * and the line or byte offset.
 */
#ifndef LK_LISTS_PARSE_INT_H
#define LK_LISTS_PARSE_INT_H

#include <stdio.h>
#include "lookout/lists.h"
#include "lookout/error.h"

typedef struct lk_input {
	const char *path;   /* path for messages (the file name, or a label for buffers) */
	const char *name;   /* base name of path */
	const char *data;   /* if not NULL, the input is data[0..len) in memory */
	size_t len;
	uint64_t size;      /* size in bytes */
	lk_format format;
	lk_ofac_role role;  /* for OFAC CSV files */
} lk_input;

/* Open the input as a stdio stream (fopen or fmemopen). NULL with an error recorded. */
FILE *lk_input__open(const lk_input *in);

/* Create an entity in the list's arena and append it. NULL on allocation failure (error set). */
lk_entity *lk_list__add_entity(lk_list *l, lk_schema schema, const char *id_prefix,
                               const char *native_id);

/* Record a warning ("uk_csv: file.csv: line 12: ..."). Returns 0 or LK_ENOMEM. */
int lk_list__warn(lk_list *l, const char *fmt, ...) LK_PRINTF(2, 3);

/* Report progress: bytes of input consumed so far, over all the list's inputs (an OFAC set's
 * parser adds up its files). Cheap; call per record. */
void lk_list__progress(lk_list *l, uint64_t done);

/*
 * Set the list's source name, for formats that name their own dataset (FtM). Takes effect only
 * if the caller gave no source name and no entity has been added yet; returns 0 either way, or
 * LK_ENOMEM.
 */
int lk_list__set_source(lk_list *l, const char *name);

/* Set the list's publication date (ISO partial date, copied). */
int lk_list__set_published(lk_list *l, const char *iso);

/* The parsers. Each returns 0 or a negative lk_error_code with the error recorded. */
int lk_lists__parse_un_xml(lk_list *l, const lk_input *in);
int lk_lists__parse_ofac_xml(lk_list *l, const lk_input *in);
int lk_lists__parse_ofac_csv(lk_list *l, const lk_input *const *ins, size_t n);
int lk_lists__parse_eu_xml_legacy(lk_list *l, const lk_input *in);
int lk_lists__parse_eu_xml(lk_list *l, const lk_input *in);
int lk_lists__parse_eu_csv(lk_list *l, const lk_input *in);
int lk_lists__parse_uk_csv(lk_list *l, const lk_input *in);
int lk_lists__parse_ftm_json(lk_list *l, const lk_input *in);

#endif
