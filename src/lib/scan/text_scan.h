/*
 * text_scan.h - the state of one scan of a text and the thread's caches, shared by text.c
 * (the pass over the words, span resolution, mentions) and text_screen.c (the thread's caches
 * and the cached screening of span queries).
 */
#ifndef LK_SCAN_TEXT_SCAN_H
#define LK_SCAN_TEXT_SCAN_H

#include "scan_int.h"
#include "lookout/strmap.h"

#include <stddef.h>

#define MAX_RUN 16        /* words of one run (longer runs are resolved in pieces) */
#define MAX_SPAN 4        /* words of one candidate span */
#define SINGLE_MAX_DF 16  /* a word alone is screened only if its key is this rare */
#define MAX_COREF 256     /* family names remembered per text */
#define NEAR_MISS 0.15    /* a span's other forms are tried when its words as written score
                             at least threshold - NEAR_MISS */
#define MAX_CANDS 4096    /* names collected per span (more: the engine retrieves itself) */
#define SPAN_CANDS 48     /* candidate names scored per span */


/* ---- per-thread caches ----
 *
 * A word's analysis depends only on its bytes and the index, unless it split glued debris off
 * with the previous word's help (scan_word.glued; analyse() keeps those for the text only and
 * never keeps an analysis that may depend on the previous word); a screening depends only on
 * the query, its candidate names, the index and the options. Both recur across the texts of a
 * thread (the words of a language, the names in the news, the remittance lines of payments).
 * They are kept per thread, for the index they were made with (lk_index.serial: an address
 * may be reused by a later index) and, for the screenings, the options. They are bounded: at
 * the start of a scan a full map is emptied (not during one: the scan holds pointers into the
 * screenings). Results are those of an uncached scan. */

#define WORDS_CACHED 131072    /* analysed words kept per thread ... */
#define WORD_BYTES_CACHED (24u << 20) /* ... and their bytes (a word without forms takes
                                         about 100, one with three some 700) */
#define PAIRS_CACHED 65536         /* pairs of parts kept per thread ... */
#define PAIR_BYTES_CACHED (16u << 20) /* ... and their bytes */

typedef struct cached cached;

typedef struct thread_cache {
	uint64_t serial;           /* the index's serial (0: none yet) */
	char *options;             /* the screening options the screenings were made with */
	word_map *words;    /* word bytes -> word_entry */
	size_t word_bytes;         /* bytes the entries of words take */
	pair_map *pairs;           /* two parts' keys -> pair_entry: the names they share */
	size_t pair_bytes;
	lk_strmap *screens;        /* query key -> cached */
	struct scan *spare;        /* the last scan's state, for the next scan of the thread */
	scan_tables *tables;       /* what text_judge.c looks up in the index */
} thread_cache;

typedef struct coref {
	char canon[TOKEN_CAP];      /* the family name's canonical spelling */
	lk_match_result result;     /* the full mention's best result (query_name cleared) */
} coref;

/* A cached screening: the matching results of one query string with one set of candidates.
 * The thread's cache maps a query to a chain of them, one per set of candidates met. */
typedef struct cached {
	lk_match_result *items;
	size_t count;
	double best;     /* the best score, match or not (0 if no result) */
	struct cached *next; /* the same query with other candidates */
	uint8_t how;     /* SCREEN_IDENT, SCREEN_GIVEN (cands[0..ncands)) or SCREEN_RETRIEVE */
	bool matches_only; /* screened down to the threshold only: a best below it is not
	                      known (best 0) */
	uint32_t ncands;
	uint32_t cands[]; /* the names scored (SCREEN_GIVEN) */
} cached;

enum { SCREEN_IDENT, SCREEN_GIVEN, SCREEN_RETRIEVE };

/* A word as the breaking loop found it, with the hash analyse() takes if worked out ahead. */
typedef struct segment {
	size_t start, end;
	int status;
	uint64_t hash;
	bool hashed;
} segment;

typedef struct scan {
	scan_ctx c;
	const char *text;
	size_t len;
	const lk_scan_options *o;
	double threshold;
	size_t max_results;
	lk_strmap *cache;          /* the thread's screenings by query and candidates
	                              (thread_cache) */
	lk_strmap *text_screens;   /* query -> the screening this text used for it first (not
	                              owned): a query is screened once per text, whatever the
	                              candidates of its later occurrences */
	lk_buf query;
	lk_scan_mention *mentions;
	size_t nmentions, cap_mentions;
	coref *corefs;             /* grown on demand: one is almost 5 KB, and most texts (a
	                              payment's remittance line) name nobody */
	size_t ncorefs, cap_corefs;
	uint32_t *pool;            /* the names shared by adjacent parts of the stretch being
	                              resolved (cand_list), grown on demand */
	size_t npool, cap_pool;
	word_map *words;    /* the thread's analysed words (thread_cache) */
	size_t *word_bytes;        /* and the bytes they take */
	pair_map *pairs;           /* the thread's shared names of pairs of parts (thread_cache) */
	size_t *pair_bytes;
	lk_strmap *text_words;     /* analyses that depended on the previous word (glued
	                              debris), kept for this text only */
	uint64_t text_word_bits;   /* bit (hash & 63) of each word of text_words (analyse():
	                              a word whose bit is clear is not there) */
	const segment *hint;       /* the word being analysed, with its hash if known (the
	                              breaking loop's, while word() runs) */
	lk_strmap *own_screens;    /* the screenings of this scan when caching is off */
	thread_cache *tc;          /* the thread's caches (NULL when caching is off) */
	scan_tables *tables;       /* the thread's (own when caching is off) */
	lk_scan_stats stats;
	int rc;
	size_t nrun;               /* words in run */
	/* an "IMO" word waiting for its number */
	size_t imo_start, imo_end;
	bool imo_pending;
	bool title_after;          /* the run being flushed is followed by a title */
	/* Not cleared when a scan starts (35 KB, most of the state: a remittance line of a
	 * payment would spend more time clearing it than scanning): each word of the run is
	 * cleared as it is added, and the candidates are written before they are read. */
	uint32_t cands[MAX_CANDS]; /* candidate names of the span being screened */
	uint32_t narrowed[MAX_CANDS]; /* those that may pass the judge (no_cjk_match) */
	scan_word run[MAX_RUN];    /* the current run */
} scan;
#define SCAN_CLEARED offsetof(scan, cands) /* the bytes cleared when a scan starts */

/* The thread's caches, made ready for a scan on ix with these options; NULL if out of
 * memory (text_screen.c). */
thread_cache *lk_scan__thread_caches(const lk_index *ix, const lk_scan_options *o,
                                     double threshold, size_t max_results);

/* Free a map of screenings (query -> chain of cached). */
void lk_scan__screens_free(lk_strmap *m);

/* The cached screening of a span's query (text_screen.c: see there). NULL if out of memory
 * (s->rc says so). */
const cached *lk_scan__screen(scan *s, const char *name, const char *ident, lk_schema schema,
                              const uint32_t *cands, size_t ncands, bool want_best);

#endif
