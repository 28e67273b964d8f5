/*
 * match_int.h - internals of the screening engine shared between its files.
 *
 * A name (of a query or of a listed entity) becomes an mname: its tokens in matching form
 * (lk_text_latinize), each with its canonical spelling, consonant skeletons, a role (family,
 * given, patronymic, legal form, ...) and a weight. The index keeps the mnames of every listed
 * entity and a sorted array of (key hash, name) postings for candidate retrieval; the scorer
 * aligns a query mname with a candidate mname.
 */
#ifndef LK_MATCH_INT_H
#define LK_MATCH_INT_H

#include "lookout/match.h"
#include "lookout/text.h"
#include "lookout/buf.h"
#include "text/text_int.h"

#define MAX_TOKENS 24         /* tokens of one name; the rest is ignored */
#define TOKEN_CAP 49          /* LK_TEXT__MAX_TOKEN + NUL */

typedef enum role {
	ROLE_NAME = 0,   /* a part of a person's name whose position is unknown */
	ROLE_FAMILY,
	ROLE_GIVEN,
	ROLE_PATRONYMIC,
	ROLE_PARTICLE,   /* al, bin, van, de, ... */
	ROLE_TITLE,      /* mr, haji, sheikh, general, ... */
	ROLE_INITIAL,
	ROLE_LEGAL,      /* llc, ooo, jsc, gmbh, jusikhoesa, ... */
	ROLE_GENERIC,    /* trading, international, group, ... */
	ROLE_NUMBER,
	ROLE_WORD,       /* a word of an organisation's or vessel's name */
	ROLE__COUNT
} role;

/* A token while a name is analysed (inline buffers). */
typedef struct wtoken {
	char text[TOKEN_CAP];      /* transliterated token */
	char canon[TOKEN_CAP];     /* canonical spelling */
	char skel[LK_TEXT__MAX_SKELETONS][32];
	char kor[LK_TEXT__KOR_KEY]; /* Korean syllable key(s) if the name reads as Korean, else
	                               "" (several, '|'-separated, from Cyrillic) */
	uint8_t loose;             /* LOOSE_* */
	uint8_t nskel;
	uint8_t role;
	uint8_t len;
	uint8_t canon_len;
} wtoken;

/* Why a token's vowels are unreliable. */
enum { LOOSE_NONE = 0, LOOSE_ABJAD = 1, LOOSE_LOANWORD = 2 };

/* A token as kept by the index and the scorer (strings interned in an arena). */
typedef struct mtoken {
	const char *text;
	const char *canon;
	const char *skel;          /* primary skeleton */
	const char *kor;           /* Korean syllable key(s), or NULL */
	uint8_t role;
	uint8_t len;
	uint8_t canon_len;
	uint32_t letters;          /* bit per letter a-z and one for digits: a cheap prefilter */
	uint8_t loose;             /* LOOSE_*: vowels unreliable (from Arabic/Hebrew script, or
	                              Hangul read as a foreign name): skeletons count for more */
	float rarity;              /* 0.4..1: common tokens count less (1 without an index) */
} mtoken;

typedef struct mname {
	mtoken *tok;
	uint8_t ntok;
	uint8_t translit;          /* lk_translit used */
	uint16_t prop;             /* lk_prop of the value it came from */
	uint32_t entity;           /* index of the entity (index names only) */
	const char *orig;          /* the value as listed (borrowed) */
} mname;

/* What kind of thing a name names, for role classification. */
typedef enum name_kind { KIND_PERSON, KIND_ORG, KIND_VESSEL, KIND_ANY } name_kind;

name_kind lk_match__kind(lk_schema s);

/*
 * Analyse a name: transliterate with `variant`, split into tokens, classify roles for `kind`
 * ("LAST, First" marks the family name for persons; family_hint, if not NULL, is a set of
 * transliterated family-name tokens from the entity's lastName values). Tokens are written to
 * toks (MAX_TOKENS); returns the number of tokens (0 for a name with nothing to match), or a
 * negative error.
 */
int lk_match__analyse(wtoken *toks, const char *name, size_t len, lk_translit variant,
                      name_kind kind, const char *const *family_hint, size_t nfamily);

/* lk_match__analyse without its fast path for ASCII names: the same result; for tests. */
int lk_match__analyse_general(wtoken *toks, const char *name, size_t len, lk_translit variant,
                              name_kind kind, const char *const *family_hint, size_t nfamily);

/* The weight of a role before rarity. */
float lk_match__role_weight(uint8_t r);

/* Role name for explanations. */
const char *lk_match__role_name(uint8_t r);

/* ---- scoring ---- */

/* Align query name q with candidate name c; fill the name part of x (parts, name_score). */
double lk_match__score_names(const mname *q, const mname *c, lk_explanation *x);

/*
 * An upper bound of lk_match__score_names(q, c, NULL), much cheaper: what each part could at
 * best align with, from exact and canonical equality, lengths and letters, without
 * Jaro-Winkler or the alignment. A name whose bound is below what is needed can be skipped
 * without changing any result.
 */
double lk_match__score_bound(const mname *q, const mname *c);

/*
 * The least name score with which an entity could reach the score floor (the least score
 * reported, LK_MATCH_REPORT_FLOOR for lk_match_screen) for query q, whatever its features add
 * (0 when the query has identifiers).
 */
double lk_match__reportable_name_score(const lk_query *q, double floor);

/*
 * The final score of entity e for query q from the name score: secondary features (birth
 * date, country, gender, identifiers, a weak alias as the matched property) adjust it. Their
 * effects are appended to x->features when x is not NULL.
 */
double lk_match__features(const lk_query *q, const lk_entity *e, double name_score,
                          lk_prop matched_prop, lk_explanation *x, bool *id_match);

/* Rarity factor of a token from its key's document frequency. */
float lk_match__rarity(size_t df, size_t nnames);

/* ---- index internals ---- */

typedef struct posting {
	uint64_t key;
	uint32_t name;
} posting;

/* Open-addressing table from a key hash to its run of postings. */
typedef struct key_slot {
	uint64_t key;     /* 0: empty (a real key hash of 0 is remapped to 1) */
	uint32_t first;   /* index of its first posting */
	uint32_t count;
} key_slot;

typedef struct ident_entry {
	uint64_t key;
	uint32_t entity;
} ident_entry;

struct lk_index {
	int refs;                  /* atomic */
	uint64_t serial;           /* unique per built index in this process (never 0), so that
	                              per-thread caches of index lookups know their index */
	lk_arena *arena;
	lk_entity **entities;
	size_t nentities;
	mname *names;
	size_t nnames;
	uint32_t *ent_names;       /* names of entity i: ent_names[i] .. ent_names[i + 1] - 1 */
	uint8_t *name_schema;      /* lk_schema of the entity of name i (a compact copy, so that
	                              the schema filter of retrieval needs no pointer chasing) */
	posting *postings;
	size_t npostings;
	key_slot *keys;
	size_t key_mask;           /* table size - 1 (a power of two) */
	ident_entry *idents;
	size_t nidents;
	struct lk_strmap *byid;
	lk_index_stats stats;
	/* snapshots (snapshot.c) */
	uint8_t origin;            /* LK_INDEX_ORIGIN_* */
	char *snap_key;            /* the key of the store content it was built from or loaded
	                              for, or NULL (not from the store, or snapshots off) */
	char snap_note[160];       /* why no snapshot was used, "" if none was tried */
	void *snap_mem[3];         /* memory of an index loaded from a snapshot (freed with it) */
};

/* A new empty index with one reference and a fresh serial (arena and byid made). */
lk_index *lk_match__index_new(void);

/* The key table over ix->postings (sorted by key); sets stats.keys. */
int lk_match__build_keys(lk_index *ix);

/*
 * Read a serialized index (snapshot.c): every offset, length, count and reference is checked
 * against the blob, the checksum too unless verify_checksum is false (the fuzz target), and
 * the key in the blob must equal key (NULL: any key; the fuzz target). Returns 0 and *out, or LK_EINVALID with the reason.
 */
int lk_match__snapshot_read(lk_index **out, const void *data, size_t len, const char *key,
                            bool verify_checksum);

/* Serialize ix, labelled with key, into out (appended). */
int lk_match__snapshot_write(const lk_index *ix, const char *key, lk_buf *out);

/*
 * Tests: pretend the library's build id is id (NULL: the real one again), to check that a
 * snapshot written by another build is not used.
 */
void lk_match__snapshot_set_build_id(const char *id);

/*
 * lk_match_screen for callers that need less:
 *   - floor: the least score reported (at least LK_MATCH_REPORT_FLOOR). A caller that keeps
 *     only the matches passes the query's threshold: the results at or above the floor are
 *     those lk_match_screen gives, in the same order, with the same scores and explanations,
 *     and the engine skips every name that cannot reach the floor (lk_match__score_bound);
 *   - names (n index name ids; NULL: retrieve by the query's keys): the candidate names, each
 *     scored against every reading of the query. For the text scanner, which finds the names
 *     that have two parts of a span from the postings.
 */
int lk_match__screen(lk_match_results **out, const lk_index *ix, const lk_query *q,
                     const uint32_t *names, size_t n, double floor);

/* Postings of a key: sets *first and returns the count (0 if none). */
size_t lk_match__postings(const lk_index *ix, uint64_t key, const posting **first);

/* The letters bitmask of a token. */
uint32_t lk_match__letters(const char *text, size_t len);

/* Hash of a retrieval key string with its kind byte (primary / deletion). */
uint64_t lk_match__key_hash(const char *key, char kind);

/* The retrieval keys of one analysed token, hashed (keys.c; index.c posts them, the monitor's
 * customer key blobs hold them): C canonical, P every skeleton, D the primary skeleton with
 * one class deleted; none for titles and legal forms. Returns how many. */
#define LK_MATCH__TOKEN_KEYS (1 + LK_TEXT__MAX_SKELETONS + 31)
size_t lk_match__token_keys(uint64_t out[LK_MATCH__TOKEN_KEYS], const wtoken *t);

/* Family-name hints (the transliterated tokens of lastName values), at most max (keys.c). */
size_t lk_match__family_hints(char hints[][TOKEN_CAP], size_t max, const char *const *last,
                              size_t nlast);

#endif
