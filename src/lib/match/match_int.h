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
	uint8_t first;             /* text[0] and canon[0] (0 when empty), so that the scorer's */
	uint8_t canon_first;       /* quick test reads no string (score.c, may_meet) */
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

/* Tests: analyse without the thread's memo of words (names.c) while off is true (this
 * thread only): every part worked out afresh. */
void lk_match__words_off(bool off);

/* The weight of a role before rarity. */
float lk_match__role_weight(uint8_t r);

/* Role name for explanations. */
const char *lk_match__role_name(uint8_t r);

/* ---- scoring ---- */

/* Jaro-Winkler similarity of two byte strings, cut at 64 bytes (0..1; 1 for equal strings, 0
 * if one is empty); score.c. */
double lk_match__jaro_winkler(const char *a, size_t an, const char *b, size_t bn);

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
 * A query's memo of token credits (score.c). The candidates of one query share many listed
 * tokens (the strings of the index are interned, and aliases of one entity repeat their
 * parts), so what a listed token earns against each part of a query form is worked out once
 * per query: the credit bounds and joined tests for lk_match__score_bound_ctx, the exact
 * credits for lk_match__score_names_ctx. A listed token is known by everything these read of
 * it: its string pointers (equal pointers, equal strings), lengths, letters, role and
 * looseness. Kept per thread by the caller (screen.c's scratch) and reset per query; when
 * it is full, credits are worked out without it, with the same results.
 */
#define LK_MATCH__MEMO_FORMS 16    /* query forms it keeps (more: not memoised) */
#define LK_MATCH__MEMO_SLOTS 512   /* listed tokens per query (a power of two) */
#define LK_MATCH__MEMO_POOL 8192   /* credits per query */

/* What the bound needs of one token for Jaro-Winkler, counted when first needed: bytes per
 * class (a..z, a digit, anything else) of its text and of its canonical spelling (first 64
 * bytes). */
typedef struct lk_match__tokinfo {
	uint8_t count[32];
	uint8_t canon_count[32];
	bool canon_differs;        /* canon is not the text */
	bool ready;                /* counted */
} lk_match__tokinfo;

typedef struct lk_match__memo_slot {
	const char *text, *canon, *skel, *kor; /* the listed token (key) */
	uint64_t shape;            /* its letters, len, canon_len, role and loose (key) */
	uint32_t rarity;           /* the bits of its rarity (key) */
	uint32_t stamp;            /* the reset it was filled after (another: empty) */
	double weight;             /* its weight aligned, and unaligned */
	double unaligned;
	uint32_t may;              /* query parts whose credit with it may be above 0 */
	uint32_t joined;           /* bit i: query parts i and i + 1 may be joined into it */
	uint16_t at;               /* its credits in the pool: nq bounds, their maximum, nq
	                              exact credits */
	uint8_t form;              /* the query form (key) */
	uint8_t row;               /* credit bounds and joined filled */
	uint8_t exact;             /* exact credits filled */
} lk_match__memo_slot;

typedef struct lk_match__memo_form {
	const mname *m;            /* the form (must not change until the next reset) */
	uint32_t stamp;            /* the reset it was seen after */
	double weight[MAX_TOKENS];
	double weight_sum;
	lk_match__tokinfo info[MAX_TOKENS];
	/* For the quick bound (score.c, quick_bound), sets of parts as bits: */
	uint32_t by_len[TOKEN_CAP];        /* that long (the last: or longer) */
	uint32_t by_first[64];             /* first byte, modulo 64 */
	uint32_t by_canon_len[TOKEN_CAP];  /* the same of the canonical spelling */
	uint32_t by_canon_first[64];
	uint32_t len_near[TOKEN_CAP + 2];  /* as long as that, give or take 2 */
	uint32_t pair_near[2 * TOKEN_CAP + 2]; /* bit i: parts i and i + 1, no number, as long
	                                          together as that, give or take 2 */
	uint32_t long_tokens;              /* longer than TOKEN_CAP - 1 (never, as analysed) */
	uint32_t always;                   /* Korean, one byte long, loose or long (or in a
	                                      pair too long for pair_near) */
	uint32_t lettered;                 /* longer than 3, no number */
	uint32_t letters[MAX_TOKENS];
	uint32_t qid[MAX_TOKENS];          /* each part's number among the query tokens (0: its
	                                      credits are not kept across queries; UINT32_MAX:
	                                      not numbered yet) */
	uint32_t pair_letters[MAX_TOKENS]; /* of parts i and i + 1 */
	int nletters[MAX_TOKENS];
} lk_match__memo_form;

/*
 * Across the queries of one index, the exact credits themselves (token_credit): the spans of
 * a stretch of text share words ("Hajji Muhammad", "Hajji Muhammad Al", "Muhammad Al", ...)
 * and their candidates share listed tokens, so that about half the credits a scan works out
 * were worked out for an earlier span. A query token is known by everything token_credit
 * reads of it (its strings, lengths, letters, role and looseness), interned to a number; a
 * listed token as in a memo slot. Both tables are direct-mapped: a token or a credit that
 * meets another's place replaces it (and is worked out again when next needed).
 */
#define LK_MATCH__QTOKS 512        /* query tokens known (a power of two) */
#define LK_MATCH__PAIRS 8192       /* credits kept (a power of two) */

typedef struct lk_match__qtok {
	uint32_t id;               /* its number in pairs (0: empty) */
	uint32_t letters;
	uint8_t role, loose, len, canon_len, kor_len, skel_len;
	bool has_kor, has_skel;    /* kor and skel not NULL */
	char text[TOKEN_CAP];      /* the first len bytes, then a NUL */
	char canon[TOKEN_CAP];     /* the first canon_len bytes, then a NUL */
	char kor[LK_TEXT__KOR_KEY];
	char skel[32];
} lk_match__qtok;

typedef struct lk_match__pair {
	const char *text, *canon, *skel, *kor; /* the listed token (key) */
	uint64_t shape;            /* its letters, len, canon_len, role and loose (key) */
	uint32_t qid;              /* the query token's number (key; 0: empty) */
	uint8_t how;               /* how they met (lk_part_how) */
	double credit;             /* token_credit */
} lk_match__pair;

typedef struct lk_match__score_ctx {
	uint32_t stamp;            /* 0: never reset */
	uint32_t nslots;           /* slots filled since the reset */
	uint32_t used;             /* pool entries used since the reset */
	float role_weight[ROLE__COUNT];
	/* The slots of the last name whose bound was worked out in full (lk_match__score_names_ctx
	 * most often scores that very name next): its form, name and tokens, NULL after a reset. */
	const mname *last_c;
	const mtoken *last_tok;
	unsigned last_form;
	lk_match__memo_slot *last_slots[MAX_TOKENS];
	lk_match__memo_form forms[LK_MATCH__MEMO_FORMS];
	lk_match__memo_slot slots[LK_MATCH__MEMO_SLOTS];
	double pool[LK_MATCH__MEMO_POOL];
	uint8_t how[LK_MATCH__MEMO_POOL];
	/* across queries (kept by resets): the index's serial (0: none, and nothing kept), the
	 * next query token number, the query tokens and the credits */
	uint64_t serial;
	uint32_t next_qid;
	lk_match__qtok qtoks[LK_MATCH__QTOKS];
	lk_match__pair pairs[LK_MATCH__PAIRS];
} lk_match__score_ctx;

/*
 * The index whose names ctx will score until the next call, by its serial (lk_index.serial):
 * the credits worked out are then also kept across resets, for the queries that follow, and
 * forgotten when another index comes. A ctx never told (0) keeps them for one query only.
 */
void lk_match__score_ctx_index(lk_match__score_ctx *ctx, uint64_t serial);

/* Forget everything memoised: before each query (a zeroed ctx is ready for this). */
void lk_match__score_ctx_reset(lk_match__score_ctx *ctx);

/*
 * lk_match__score_bound(q, c) and lk_match__score_names(q, c, x), exactly (the same bits),
 * with the credits of c's tokens against query form number `form` memoised in ctx. q must
 * be the same unchanged name for the same form number until the next reset.
 *
 * lk_match__score_bound_ctx may stop early where the bound is below `need`: it then returns
 * an upper bound of lk_match__score_bound(q, c) that is below need (a cheaper one: from which
 * parts could meet at all). At or above need, it is lk_match__score_bound(q, c) exactly.
 */
double lk_match__score_bound_ctx(lk_match__score_ctx *ctx, unsigned form, const mname *q,
                                 const mname *c, double need);
double lk_match__score_names_ctx(lk_match__score_ctx *ctx, unsigned form, const mname *q,
                                 const mname *c, lk_explanation *x);

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

/* A posting: a name that has a key. The postings of one key are contiguous and in name
 * order; the key itself is only in the key table (4 bytes a posting, not 16: retrieval reads
 * a few thousand scattered ones per query, and the fewer cache lines they fill the better). */
typedef struct posting {
	uint32_t name;
} posting;

/* A posting with its key, while an index is built or read. */
typedef struct key_posting {
	uint64_t key;
	uint32_t name;
} key_posting;

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

/* The postings (ix->postings, ix->npostings) and the key table from kp[0..n), sorted by key
 * then name; sets stats.keys. kp stays the caller's. */
int lk_match__build_keys(lk_index *ix, const key_posting *kp, size_t n);

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

/*
 * lk_match__screen (names NULL) for a caller that screens the same names again and again with
 * and without countries (scan-payment): the results are the same, but the name stage (the
 * candidates, and each entity's best name and score) of a query is kept per thread, for the
 * index, and shared by every later query that differs from it at most in its countries; only
 * the features are applied again. Queries with birth dates or a gender do not share it.
 * Without explain, the results' explanations are left empty (zeroed): working them out
 * (aligning the best name again, formatting every part and feature) was a few per cent of a
 * payment party's screening, for a record that does not show them.
 */
int lk_match__screen_memo(lk_match_results **out, const lk_index *ix, const lk_query *q,
                          double floor, bool explain);

/* The name of a transliteration variant as explanations give it ("hangul-mr"); "default"
 * for LK_TRANSLIT_DEFAULT or an unknown value. */
const char *lk_match__translit_name(unsigned v);

/* Postings of a key: sets *first and returns the count (0 if none). */
size_t lk_match__postings(const lk_index *ix, uint64_t key, const posting **first);

/* Start loading the key table's slot of key (lk_match__postings reads it first): a hint. */
static inline void lk_match__postings_prefetch(const lk_index *ix, uint64_t key)
{
	if (ix->keys)
		__builtin_prefetch(&ix->keys[(size_t)(key ^ (key >> 29)) & ix->key_mask]);
}

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
