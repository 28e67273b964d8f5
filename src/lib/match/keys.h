/*
 * keys.h - the screening index's retrieval keys outside an index (internal to the library).
 *
 * Two halves of retrieval, for a caller that keeps the keys itself (the monitor persists its
 * customers' keys so that a delta run need not index every customer again):
 *   - the keys an index built by index.c would post for an entity's names, as a compact blob
 *     (one group of sorted, distinct 64-bit key hashes per indexed name);
 *   - the keys a query retrieves with, in the order and with the weights screen.c gives them,
 *     so that the caller can rank the names it holds as screen.c ranks indexed names.
 * Both must follow index.c (token_postings, add_name) and screen.c (query_forms, retrieve):
 * tests/monitor/test_keys.c checks the blobs against a real index, and the monitor's delta
 * tests and benchmark check the ranking by its results. A change to either, or to the
 * text analysis, must bump LK_MATCH__KEYS_VERSION so that persisted blobs are recomputed.
 */
#ifndef LK_MATCH_KEYS_H
#define LK_MATCH_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lookout/buf.h"
#include "lookout/entity.h"

#define LK_MATCH__KEYS_VERSION 1
#define LK_MATCH__KEYS_MAX_GROUP 4096   /* keys of one name; a blob with more is refused */

/* Retrieval constants of screen.c, for callers that rank as it does. */
#define LK_MATCH__CANDIDATE_NAMES 40     /* names scored per query, shared by its forms */
#define LK_MATCH__MIN_PER_FORM 24        /* ... but at least this many per form */
#define LK_MATCH__STOP_DF_SHARE 0.05     /* keys on more names than this share (and more */
#define LK_MATCH__STOP_DF_MIN 1000       /* than this) retrieve nothing */
#define LK_MATCH__SUBST_MIN_CLASSES 5    /* a deletion of the query's skeleton meets listed
                                            deletions (D keys) only from this length */

/*
 * Append to out the keys blob of an entity with these names (the entity's name-like values
 * in order; a customer's name then its aliases), its schema and family-name hints (its
 * lastName values; may be NULL). Format: 'K', LK_MATCH__KEYS_VERSION, then per indexed name
 * (every transliteration variant the index keeps) a little-endian uint16 count and that many
 * little-endian uint64 keys, ascending and distinct. Returns 0 or LK_ENOMEM/LK_ETOOBIG.
 */
int lk_match__names_keys(lk_buf *out, lk_schema schema, const char *const *names,
                         size_t nnames, const char *const *last_names, size_t nlast);

/* The same for an entity (its name, alias, weakAlias and previousName values, in order). */
int lk_match__entity_keys(lk_buf *out, const lk_entity *e);

/* Reading a blob: open checks the header (LK_EINVALID if it is not a blob of this version),
 * next gives one name's keys at a time (1), the end (0) or LK_EINVALID for a truncated or
 * malformed blob; get decodes key i of a group. */
typedef struct lk_match__keys_reader {
	const unsigned char *p, *end;
} lk_match__keys_reader;

int lk_match__keys_open(lk_match__keys_reader *r, const void *blob, size_t len);
int lk_match__keys_next(lk_match__keys_reader *r, const unsigned char **keys, size_t *n);
uint64_t lk_match__keys_get(const unsigned char *keys, size_t i);

/* ---- the query side ---- */

/* A part of a query form that retrieves (screen.c skips titles and legal forms). */
typedef struct lk_match__qtoken {
	uint64_t canon;     /* its canonical key: its rarity, and whether typo keys are tried */
	float weight;       /* role weight; screen.c multiplies it by the rarity */
	uint32_t form;      /* the form it belongs to */
} lk_match__qtoken;

/* One key of a part. A name is credited once per part, by the first key (lowest pos) it has
 * that is not stopped; typo keys count only when no indexed name has the canonical key. */
typedef struct lk_match__qkey {
	uint64_t key;
	uint32_t token;     /* index into the plan's tokens */
	uint16_t pos;
	bool typo;
	float factor;       /* share of the part's weight */
} lk_match__qkey;

typedef struct lk_match__qplan {
	lk_match__qtoken *tokens;
	size_t ntokens, cap_tokens;
	lk_match__qkey *keys;
	size_t nkeys, cap_keys;
	size_t nforms;
} lk_match__qplan;

/*
 * Append the forms of a query with these names and schema (as lk_match_screen analyses them:
 * at most its 8 names, every transliteration, substantive and distinct forms only) with their
 * parts and keys. Returns the number of forms added (0: nothing to retrieve with) or
 * LK_ENOMEM / LK_EINVALID (a name that is not UTF-8 or too long, as lk_match_screen).
 */
int lk_match__qplan_add(lk_match__qplan *p, const char *const *names, size_t nnames,
                        lk_schema schema);
void lk_match__qplan_dispose(lk_match__qplan *p);

/* screen.c's rarity factor of a part from its key's document frequency. */
float lk_match__key_rarity(size_t df, size_t nnames);

#endif
