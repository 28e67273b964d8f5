/*
 * ofac_remarks.h - the remarks mini-language of OFAC's legacy CSV files (internal to the OFAC
 * CSV parser; also used by its tests and fuzz target).
 *
 * The Remarks column of sdn.csv / cons_prim.csv packs everything that has no column of its
 * own into semicolon-separated clauses: "DOB 07 Oct 1952; POB Leningrad, Russia; nationality
 * Russia; Gender Male; Passport 123 (Russia); a.k.a. 'X'; Linked To: Y." The file's field is
 * cut at 1,000 characters; sdn_comments.csv carries the rest, to be appended before parsing.
 */
#ifndef LK_LISTS_OFAC_REMARKS_H
#define LK_LISTS_OFAC_REMARKS_H

#include "ofac_common.h"

/* Counters over all clauses parsed (for the parser's warnings and the tests). */
typedef struct lk_ofac_remarks_stats {
	size_t clauses;    /* non-empty clauses seen */
	size_t recognised; /* clauses whose key was known and whose value was used */
} lk_ofac_remarks_stats;

/*
 * Parse the remarks text[0..len) of one record into properties of e (values in arena a).
 * origin ("sdn.csv:1234") is recorded with each value, followed by the clause's key.
 * Clauses that are not recognised are kept whole in notes (nothing is dropped). stats may be
 * NULL. Returns 0 or a negative error (allocation failure, a value over a limit).
 */
int lk_ofac__parse_remarks(lk_entity *e, lk_arena *a, const char *text, size_t len,
                           const char *origin, lk_ofac_remarks_stats *stats);

#endif
