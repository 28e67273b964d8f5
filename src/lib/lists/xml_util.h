/*
 * xml_util.h - safe streaming XML for the list parsers (libxml2 xmlTextReader).
 *
 * Lists are read record by record: the reader is advanced to each record element and the
 * record is expanded into a small subtree (xmlTextReaderExpand), so memory stays bounded by
 * the largest record, not the file. The reader never touches the network, never loads
 * external DTDs or entities, and refuses any DOCTYPE (the official lists have none; a DOCTYPE
 * is how entity-expansion bombs arrive).
 */
#ifndef LK_LISTS_XML_UTIL_H
#define LK_LISTS_XML_UTIL_H

#include <libxml/xmlreader.h>
#include "parse_int.h"

typedef struct lk_xml {
	xmlTextReaderPtr reader;
	const lk_input *in;
	const char *parser;   /* parser name for messages ("un_xml") */
	int failed;           /* an error was recorded by the error handler */
	char errmsg[512];
	long errline;
} lk_xml;

/* Open the input. Returns 0 or an error (recorded). Close with lk_xml__close(). */
int lk_xml__open(lk_xml *x, const lk_input *in, const char *parser);
void lk_xml__close(lk_xml *x);

/*
 * The prologue every XML list parser shares: refuse an empty input, open it, advance to the
 * first element and check that its local name is `root`. On success the reader is on the root
 * element (its attributes can be read) and 0 is returned; on failure the error is recorded
 * ("<parser>: empty file", "no root element (empty document)", "root element is <x>, expected
 * <root>", or the reader's own error) and the reader is closed. Close with lk_xml__close().
 */
int lk_xml__open_root(lk_xml *x, const lk_input *in, const char *parser, const char *root);

/*
 * Advance to the next start tag at any depth. Returns 1 with the reader on an element,
 * 0 at the end of the document, or a negative error (recorded, with the line). Refuses DOCTYPE.
 */
int lk_xml__next_element(lk_xml *x);

/* Local name of the current node (borrowed from the reader), or "". */
const char *lk_xml__name(lk_xml *x);

/* Current line number in the input. */
long lk_xml__line(lk_xml *x);

/*
 * Expand the current element into a subtree (owned by the reader; valid until the reader
 * moves) and skip past it. Returns the node, or NULL with an error recorded.
 */
xmlNodePtr lk_xml__expand(lk_xml *x);

/* Advance the reader past the current (expanded) subtree. Returns as lk_xml__next_element. */
int lk_xml__skip(lk_xml *x);

/*
 * The record loop every XML list parser runs once it has read the root element: advance from
 * the current position to each element whose local name is one of records[0..nrecords),
 * expand it (lk_xml__expand) and call fn(ctx, node, name), with `name` the matching
 * records[] entry (not the reader's string); other elements are walked through. After fn the
 * reader skips past the subtree. fn returns 0 for a record read (progress is then reported
 * with lk_list__progress from the bytes the reader has consumed), a positive value for an
 * element read that is not a record (no progress report; OFAC's publshInformation), or a
 * negative error, which stops the loop and is returned as is. Scratch memory per record,
 * line numbers and error prefixes are fn's business. Returns 0 at the end of the document
 * or a negative error (recorded; a failed expansion keeps the reader's error).
 */
int lk_xml__each(lk_xml *x, lk_list *l, const char *const *records, size_t nrecords,
                 int (*fn)(void *ctx, xmlNodePtr node, const char *name), void *ctx);

/* First child element of n with local name `name`, or NULL. */
xmlNodePtr lk_xml__child(xmlNodePtr n, const char *name);

/* Next sibling element after c with the same local name as c, or NULL. */
xmlNodePtr lk_xml__next_same(xmlNodePtr c);

/* Text content of n, trimmed and copied into the arena. NULL for a missing node or empty
 * text. */
char *lk_xml__text(lk_arena *a, xmlNodePtr n);

/* Text of the first child `name` of n (see lk_xml__text). */
char *lk_xml__child_text(lk_arena *a, xmlNodePtr n, const char *name);

/* Attribute value of n, copied into the arena, or NULL. */
char *lk_xml__attr(lk_arena *a, xmlNodePtr n, const char *name);

/* Record an error at the reader's current line ("<parser>: <path>: line N: ..."). */
int lk_xml__fail(lk_xml *x, int code, const char *fmt, ...) LK_PRINTF(3, 4);

#endif
