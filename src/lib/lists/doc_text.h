/*
 * doc_text.h - reading the free-text fields of official lists (internal).
 *
 * Several lists pack several values into one text field with enumeration markers
 * ("(1) German (2) Moroccan", "1) Saudi Arabia 2) Qatar", "a) French, b) Tunisian") and write
 * identity documents as prose ("Passport No: 592667 (Qatari passport issued on 3 May 2007)").
 * These helpers split such fields and pick out the document numbers, so parsers can store
 * the numbers as identifiers and keep the prose as notes.
 */
#ifndef LK_LISTS_DOC_TEXT_H
#define LK_LISTS_DOC_TEXT_H

#include "lookout/common.h"

/* Called with each part found: s[0..n) (not NUL-terminated). Return 0 to go on, or a
 * negative error to stop (it is passed back to the caller). */
typedef int (*lk_lists__part_fn)(void *ctx, const char *s, size_t n);

/*
 * Split s at enumeration markers ("(1)", "1)", "(a)", "a)" at the start of the text or after
 * a space or punctuation) and call fn for each non-empty part, trimmed of spaces and of
 * separators (",;-"). Text without markers is one part. Returns 0 or fn's error.
 */
int lk_lists__split_enum(const char *s, lk_lists__part_fn fn, void *ctx);

/* Called with each document number found; id_like is true when the text around it says it
 * is an identity card or national number rather than a passport. */
typedef int (*lk_lists__doc_fn)(void *ctx, const char *num, size_t n, bool id_like);

/*
 * Find the document numbers in a free-text document field. Each enumerated part (see
 * lk_lists__split_enum) gives every number introduced by a keyword ("No", "No.", "Nr",
 * "number", "passport", "#"), or if there is none the first token that looks like a document
 * number (letters, digits and '-' with at least four digits, not a year). Returns 0 or fn's
 * error.
 */
int lk_lists__doc_numbers(const char *s, lk_lists__doc_fn fn, void *ctx);

#endif
