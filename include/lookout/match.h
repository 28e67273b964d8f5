/*
 * match.h - screening: find the listed entities a name (and its birth date, country,
 * identifiers) refers to, score each candidate and explain the score.
 *
 * An lk_index is built once from the active list versions in the store (or from parsed
 * lists) and is immutable afterwards: any number of threads may screen against it at once
 * without locks. When lists change, build a new index and swap the pointer; readers holding
 * the old one keep it alive with lk_index_ref()/lk_index_unref().
 *
 * Scores are calibrated to 0..1. A result is a match when its score reaches the threshold
 * (LK_MATCH_DEFAULT_THRESHOLD unless the query says otherwise). A perfect name alone scores
 * below 1.0; corroborating birth dates, countries and identifiers raise the score,
 * contradicting ones lower it, so that an exact name with a contradicting birth date scores
 * below the same name without one.
 */
#ifndef LOOKOUT_MATCH_H
#define LOOKOUT_MATCH_H

#include "common.h"
#include "entity.h"
#include "lists.h"
#include "store.h"

#define LK_MATCH_DEFAULT_THRESHOLD 0.70
#define LK_MATCH_DEFAULT_LIMIT 10
#define LK_MATCH_MAX_LIMIT 500

typedef struct lk_index lk_index;

typedef struct lk_index_stats {
	size_t entities;
	size_t names;       /* name forms indexed (names, aliases, their transliteration variants) */
	size_t keys;        /* distinct retrieval keys */
	size_t postings;    /* key -> name postings */
	size_t identifiers; /* exact identifier keys (IMO, MMSI, call sign, passport, ...) */
	size_t bytes;       /* memory held by the index */
	double build_seconds;
} lk_index_stats;

/*
 * Build an index of the entities of every source's active version in the store. Returns 0 or
 * an error (LK_ESTORE, LK_ENOMEM). *out has one reference; release with lk_index_unref().
 */
LK_EXTERN(int) lk_index_build_from_store(lk_index **out, lk_store *store);

/*
 * Index snapshots. Analysing every name of the lists (transliteration, skeletons, postings)
 * is most of an index build. The built index can be persisted in the store as one binary
 * snapshot, valid for exactly the active list versions (ids and content hashes), this build of
 * the library (its GNU build id) and the ICU it runs with; a process that finds a valid
 * snapshot loads it instead of analysing the lists again. A snapshot that is stale, for
 * another build, or fails any check (magic, format version, checksum, bounds of every offset)
 * is ignored and the index is built from the store, so the result is always the index of the
 * active versions. Without a GNU build id (or with LOOKOUT_INDEX_CACHE=off in the
 * environment) no snapshot is read or written.
 */
typedef enum lk_index_origin {
	LK_INDEX_ORIGIN_LISTS = 0,  /* built from parsed lists or entities */
	LK_INDEX_ORIGIN_STORE,      /* built from the store's active versions */
	LK_INDEX_ORIGIN_SNAPSHOT    /* loaded from the store's index snapshot */
} lk_index_origin;

#define LK_INDEX_NO_SNAPSHOT 1u   /* build from the store; read and write no snapshot */
#define LK_INDEX_SAVE_SNAPSHOT 2u /* after a build, save the snapshot before returning (a
                                     failure to save is not an error of the call) */

/*
 * The index of the store's active versions: loaded from the store's snapshot when a valid one
 * exists, else built (as lk_index_build_from_store). flags: LK_INDEX_* above. The read runs in
 * one read transaction (or in the caller's), so the index and its key see the same versions.
 * Returns 0 or an error of the build; *out has one reference.
 */
LK_EXTERN(int) lk_index_load_or_build(lk_index **out, lk_store *store, unsigned flags);

/*
 * Save ix as the store's index snapshot, replacing any other, if ix was built from the store by
 * lk_index_load_or_build() with snapshots on and the store's active versions are still those
 * it was built from (else nothing is written and 0 is returned). Runs its own write
 * transaction; call it after the index is in use (it takes a few hundred ms for large lists).
 * It waits at most 200 ms for another writer's lock (an import), then gives up with LK_EBUSY:
 * the next build saves it. Returns 0 or a store error.
 */
LK_EXTERN(int) lk_index_save_snapshot(const lk_index *ix, lk_store *store);

/* Where the index came from. */
LK_EXTERN(lk_index_origin) lk_index_origin_of(const lk_index *ix);

/*
 * Why no snapshot was used for an index built by lk_index_load_or_build() ("no snapshot",
 * "snapshot is for other lists or another build", "snapshot rejected: checksum mismatch", ...),
 * or "" when one was loaded or none was tried. Borrowed; lives as long as the index.
 */
LK_EXTERN(const char *) lk_index_snapshot_note(const lk_index *ix);

/* Remove the store's index snapshot (the next load builds from the lists). */
LK_EXTERN(int) lk_index_snapshot_clear(lk_store *store);

/* Build an index of the entities of parsed lists (copied; the lists may be freed after). */
LK_EXTERN(int) lk_index_build_from_lists(lk_index **out, const lk_list *const *lists, size_t n);

/*
 * Build an index of any entities (copied; they may be freed after), with the same keys and
 * scoring as the list index.
 */
LK_EXTERN(int) lk_index_build_from_entities(lk_index **out, const lk_entity *const *entities,
                                            size_t n);

/* Take another reference (returns ix). Thread-safe. */
LK_EXTERN(lk_index *) lk_index_ref(lk_index *ix);

/* Drop a reference; the index is freed with the last one. NULL is a no-op. Thread-safe. */
LK_EXTERN(void) lk_index_unref(lk_index *ix);

LK_EXTERN(void) lk_index_stats_get(const lk_index *ix, lk_index_stats *out);

/* Number of entities, and entity i (borrowed; lives as long as the index). */
LK_EXTERN(size_t) lk_index_count(const lk_index *ix);
LK_EXTERN(const lk_entity *) lk_index_entity(const lk_index *ix, size_t i);

/* The entity with this Lookout id, or NULL. */
LK_EXTERN(const lk_entity *) lk_index_get(const lk_index *ix, const char *id);

/* ---- queries ---- */

typedef struct lk_query {
	unsigned version;                 /* LK_QUERY_VERSION */
	lk_schema schema;                 /* LK_SCHEMA_UNKNOWN: any schema */
	const char *const *names;         /* one or more names of the one party sought */
	size_t nnames;
	const char *const *birth_dates;   /* ISO partial dates or anything lk_date_parse reads */
	size_t nbirth_dates;
	const char *const *countries;     /* names or ISO codes: nationality, citizenship, country */
	size_t ncountries;
	const char *const *identifiers;   /* IMO, MMSI, call sign, passport, tax or registration no. */
	size_t nidentifiers;
	const char *gender;               /* "male"/"female" or NULL */
	const char *const *sources;       /* only entities of these sources (NULL: all) */
	size_t nsources;
	double threshold;                 /* < 0: LK_MATCH_DEFAULT_THRESHOLD */
	size_t limit;                     /* 0: LK_MATCH_DEFAULT_LIMIT; at most LK_MATCH_MAX_LIMIT */
} lk_query;

#define LK_QUERY_VERSION 1
#define LK_QUERY_INIT                                                                      \
	{                                                                                      \
		LK_QUERY_VERSION, LK_SCHEMA_UNKNOWN, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL,     \
		NULL, 0, -1.0, 0                                                                   \
	}

/* ---- explanations ---- */

#define LK_EXPLAIN_MAX_PARTS 16
#define LK_EXPLAIN_MAX_FEATURES 12

/* How a query name part met a candidate name part. */
typedef enum lk_part_how {
	LK_PART_EXACT,     /* the same after transliteration */
	LK_PART_PHONETIC,  /* the same sound in another romanisation (Lawrow ~ Lavrov) */
	LK_PART_FUZZY,     /* close spelling (typo, variant) */
	LK_PART_INITIAL,   /* an initial and a name (S. ~ Sergei) */
	LK_PART_JOINED,    /* two parts written as one (Jong Un ~ Jongun) */
	LK_PART_UNMATCHED  /* no counterpart */
} lk_part_how;

typedef struct lk_part_match {
	char query[64];      /* the query part (transliterated), "" if unmatched candidate part */
	char candidate[64];  /* the candidate part, "" if unmatched query part */
	lk_part_how how;
	double similarity;   /* 0..1 */
	double weight;       /* how much this part counts (family names more, legal forms less) */
	const char *role;    /* "family", "given", "patronymic", "particle", "legal form",
	                        "generic", "number", "initial", "name" */
} lk_part_match;

typedef struct lk_feature_effect {
	const char *feature; /* "birthDate", "country", "identifier", "gender", "schema", ... */
	double delta;        /* added to the score (negative lowers it) */
	char detail[160];    /* in words: "birth date 1952-10-07 equals the listed 1952-10-07" */
} lk_feature_effect;

typedef struct lk_explanation {
	const char *query_name;     /* the query name that matched best (borrowed from the query) */
	const char *matched_name;   /* the entity's name that matched best (borrowed) */
	const char *matched_prop;   /* "name", "alias", "weakAlias", "previousName", ... */
	const char *translit;       /* transliteration used, e.g. "latin", "hangul-dprk" */
	double name_score;          /* 0..1, the name alignment alone */
	lk_part_match parts[LK_EXPLAIN_MAX_PARTS];
	size_t nparts;
	lk_feature_effect features[LK_EXPLAIN_MAX_FEATURES];
	size_t nfeatures;
} lk_explanation;

typedef struct lk_match_result {
	const lk_entity *entity; /* borrowed from the index */
	double score;            /* 0..1 */
	bool match;              /* score >= threshold */
	lk_explanation explanation;
} lk_match_result;

typedef struct lk_match_results {
	lk_match_result *items;  /* best first */
	size_t count;
	double threshold;
	size_t candidates;       /* entities scored */
} lk_match_results;

/*
 * Screen a query. Results with a score of at least LK_MATCH_REPORT_FLOOR, best first, at most
 * q->limit of them. LK_EINVALID for a query without a usable name or identifier, or with
 * invalid UTF-8 (message says which field). Release with lk_match_results_free().
 */
#define LK_MATCH_REPORT_FLOOR 0.30
LK_EXTERN(int) lk_match_screen(lk_match_results **out, const lk_index *ix, const lk_query *q);
LK_EXTERN(void) lk_match_results_free(lk_match_results *r);

/*
 * Compare two names directly, with the same scorer (rarity weights are those of a typical
 * name; without an index no list-specific rarity is known). schema may be LK_SCHEMA_UNKNOWN.
 * Fills *out (entity NULL). Returns 0 or LK_EINVALID.
 */
LK_EXTERN(int) lk_match_compare(lk_match_result *out, const char *name1, const char *name2,
                                lk_schema schema, double threshold);

/* The explanation as JSON (an object), appended to out. */
LK_EXTERN(int) lk_explanation_to_json(const lk_explanation *x, lk_buf *out);

/* Name of an lk_part_how ("phonetic"). */
LK_EXTERN(const char *) lk_part_how_name(lk_part_how h);

#endif
