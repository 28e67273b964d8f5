/*
 * scan_int.h - internals of the text scanner shared between its files: a word of the text
 * with the forms it may take as a name (inflection endings, particles and prefixes stripped)
 * and their retrieval keys in the index.
 */
#ifndef LK_SCAN_INT_H
#define LK_SCAN_INT_H

#include "lookout/scan.h"
#include "lookout/strmap.h"
#include "match/match_int.h"

#define SCAN_FORM_CAP 160   /* bytes of one form (longer words are not names) */
#define SCAN_MAX_FORMS 3    /* forms kept per word */
#define SCAN_MAX_PARTS 6    /* matching-form parts of one word (Hangul: one per syllable) */

/* One form of a word: a UTF-8 string to screen and the index keys of its parts. */
typedef struct scan_form {
	char s[SCAN_FORM_CAP];
	uint8_t nparts;
	bool exact;                     /* every part's canonical spelling is a key (else only
	                                   its consonant skeleton is) */
	uint64_t key[SCAN_MAX_PARTS];   /* per part: canonical key if known, else skeleton key */
	uint64_t skel[SCAN_MAX_PARTS][2]; /* per part: up to two skeleton keys the index knows
	                                     (j, ch, w read two ways), else 0 */
	bool linked;                    /* the parts are linked to each other (one listed name
	                                   has them all; true for one part) */
	char canon[TOKEN_CAP];          /* canonical spelling of a one-part form, for coreference */
} scan_form;

typedef struct scan_word {
	size_t start, end;          /* bytes in the input (end may cut off glued debris) */
	size_t raw_end;             /* end of the word as the word breaker gave it */
	uint8_t script;             /* lk_script */
	bool hyphen_prev;           /* joined to the previous word by a hyphen only */
	bool title;                 /* a title or office ("Präsident", "Mr", "위원장") */
	bool place;                 /* a place noun ("Platz", "Straße") */
	bool glued;                 /* split off glued debris with the previous word's help (the
	                               analysis depends on that word) */
	bool may_glue;              /* a Latin word without a listed spelling: a listed spelling
	                               glued to debris may be split off it, if it goes with the
	                               previous word (lk_scan__glue) */
	uint8_t korean;             /* reads as one syllable of a Korean name: 0 not yet known,
	                               1 no, 2 yes (text.c, korean_syllable) */
	uint8_t begins_name;        /* a Hangul or Han word whose first syllable, as read, can
	                               begin a listed name: 0 not yet known, 1 no, 2 yes
	                               (text.c, first_syllable) */
	scan_form form[SCAN_MAX_FORMS];
	uint8_t nforms;             /* 0: not a name word */
} scan_word;

/* Scratch shared by the word analysis of one scan. */
typedef struct scan_ctx {
	const lk_index *ix;
	lk_buf latin;               /* latinised text */
	size_t stop_df;             /* keys on more names than this do not count as name keys */
	bool char_cache;            /* key Hangul and Han words character by character, through
	                               the thread's cache (text_words.c; off when the scanner's
	                               caches are) */
} scan_ctx;

/* A prefix of a word that is a listed spelling (its form and length in bytes). */
typedef struct scan_prefix {
	scan_form f;
	uint16_t len;
} scan_prefix;

#define SCAN_MAX_PREFIXES 46  /* prefixes of one word (at most 40 bytes; 3 letters or more) */

/*
 * Analyse word w (w->start..w->end of text, script set): decide whether it is a title or a
 * place noun and find its forms whose parts are name keys (best first). Glued debris
 * ("PutinWHO") is cut off by moving w->end. prev is the previous name word in the same run
 * (or NULL), for splitting a known name off the front of a glued word.
 */
void lk_scan__analyse_word(scan_ctx *c, const char *text, scan_word *w, const scan_word *prev);

/*
 * lk_scan__analyse_word in two steps, so that the first can be kept per word: the analysis
 * that depends on the word alone (sets w->may_glue when the second step may apply), ...
 */
void lk_scan__analyse_base(scan_ctx *c, const char *text, scan_word *w);

/* ... the prefixes of a may_glue word that are listed spellings, longest first (at most max;
 * they depend on the word alone), ... */
size_t lk_scan__glue_prefixes(scan_ctx *c, const char *text, const scan_word *w,
                              scan_prefix *out, size_t max);

/* ... and the split with prev's help: the longest prefix that goes with prev (linked) becomes
 * the word's only form and glued debris is cut off. true if it split. Then
 * analyse_word(w, prev) == glue(analyse_base(w), glue_prefixes(w), prev). */
bool lk_scan__glue(const lk_index *ix, scan_word *w, const scan_prefix *p, size_t n,
                   const scan_word *prev);

/*
 * The segments of a text between its word boundaries, exactly as ICU's word break iterator
 * (UBRK_WORD, root rules) gives them with their rule status, the lines of plain text broken
 * without ICU (text_break.c).
 */
typedef struct scan_words {
	const char *text;
	size_t len;
	size_t pos;                 /* where the next segment starts */
	size_t line_to;             /* end of the covered line being broken here */
	size_t next_to;             /* end of the covered line found after ICU's, or 0 */
	size_t icu_from, icu_to;    /* the text ICU is breaking (icu_to 0: none) */
	int32_t icu_at;             /* ICU's last boundary (relative to icu_from) */
	bool icu_only, words_only;
	struct UBreakIterator *bi;  /* the thread's, once needed */
	struct UText *ut;
	uint16_t *u16;              /* the text ICU is breaking in UTF-16 (text_break.c) ... */
	uint32_t *u16_at;           /* ... each unit's byte offset from icu_from (NULL: ICU
	                               reads the UTF-8 itself, its offsets are bytes) */
	size_t u16_cap;             /* units u16 holds (u16_at one more) */
} scan_words;

#define LK_SCAN__WORDS_ICU 1u  /* every line by ICU (for tests) */
#define LK_SCAN__WORDS_ONLY 2u /* only the segments of status UBRK_WORD_NUMBER and above */

/* Start on text[0..len) (valid UTF-8) with LK_SCAN__WORDS_* flags. Returns 0. */
int lk_scan__words_init(scan_words *w, const char *text, size_t len, unsigned flags);

/* The next segment: 1 and its bytes and status (UBRK_WORD_NONE for spaces and punctuation,
 * else UBRK_WORD_NUMBER, _LETTER, _KANA or _IDEO, as ICU's), 0 at the end, or an error code
 * (ICU cannot break). */
int lk_scan__words_next(scan_words *w, size_t *start, size_t *end, int *status);

/* Release what the iterator holds (not the thread's ICU iterator). */
void lk_scan__words_dispose(scan_words *w);

/* Per-thread switch of the scanner's caches (on by default): with them off, every word is
 * analysed and every span screened afresh, as the tests compare. */
void lk_scan__set_caching(bool on);

/* Per-thread switch for tests of the screening floors: 0 (the default) screens down to the
 * near-miss floor only where a span's near-miss score decides whether its other forms are
 * tried; 1 every screening, as if every near-miss score were wanted (the same mentions); -1
 * none (screenings then kept without a near-miss score; the mentions may lack names found
 * only in another form). */
void lk_scan__set_best_mode(int mode);

/* Do two forms share a listed name (some part key of each on one indexed name)? */
bool lk_scan__linked(const lk_index *ix, const scan_form *a, const scan_form *b);

/*
 * Append to out[n..] the index names that have both part i of a and part j of b (by spelling
 * or by skeleton); returns the new count, which exceeds max when there are more than max
 * (out then holds the first max).
 */
size_t lk_scan__shared_names(const lk_index *ix, const scan_form *a, size_t i,
                             const scan_form *b, size_t j, uint32_t *out, size_t n, size_t max);

/* Are the parts of a multi-part form (a Hangul name in one word) linked to each other? */
bool lk_scan__self_linked(const lk_index *ix, const scan_form *f);

/* Is the word a title/office word (latinised, no spaces)? */
bool lk_scan__is_title(const char *latin);

/* ---- what counts in running text (text_judge.c) ---- */

/* What the judges look up in an index (its Han and Hangul, what its names begin with), made
 * when first needed; one per thread (text.c keeps it with the thread's caches), never shared. */
typedef struct scan_tables scan_tables;
scan_tables *lk_scan__tables_new(const lk_index *ix); /* NULL if out of memory */
void lk_scan__tables_free(scan_tables *t);

/* The code points of s[0..n) (valid UTF-8). */
size_t lk_scan__code_points(const char *s, size_t n);

/* The longest run of letters in s[0..n): 1 for initials ("S", "S.E.", "Д.С."). */
size_t lk_scan__letter_run(const char *s, size_t n);

/* Is the Arabic word s[0..n) a function word (في, التي, وكان, سيتم: never part of a name)? */
bool lk_scan__function_word(const char *s, size_t n);

/* Is every letter of s in Han or Hangul (and there is one)? */
bool lk_scan__cjk_text(const char *s);

/*
 * Is r, a match of the span query (as screened), a mention in running text? An organisation
 * or vessel needs every part of its name but generic words and legal forms; a span in Han or
 * Hangul must read as the whole listed name (docs/SCANNING.md).
 */
bool lk_scan__text_match(const char *query, const lk_match_result *r);

/* Is r a person met by only two Han or Hangul syllables read as a Korean or Chinese name (a
 * mention only before a title)? */
bool lk_scan__cjk_two_syllables(const lk_match_result *r);

/* Is the span query q worth screening? One or two Han or Hangul syllables are not, unless a
 * title follows or a listed name is written with their first character. */
bool lk_scan__worth_screening(scan_tables *t, const char *q, bool title_follows);

/* May the Hangul or Han word w of text begin a listed name (its first syllable, in some
 * reading, begins one)? Remembered in w->begins_name. */
bool lk_scan__first_syllable(scan_tables *t, const char *text, scan_word *w);

/* The candidates of a span (text.c): of the n <= 4096 names v lists (with repeats), the 48
 * best (names v lists most often, then names whose number of parts is nearest to parts,
 * then lower numbers), each once and in no particular order, written to v; returns their
 * count. For the tests. */
size_t lk_scan__best_cands(const lk_index *ix, uint32_t *v, size_t n, size_t parts);

/*
 * The index names a span query q written in Han or Hangul can be a mention of
 * (lk_scan__text_match): those whose every core part meets a part of some reading of q other
 * than fuzzily (text_cjk.c says how). Writes up to max name ids, sorted, to out and returns
 * how many there are (max + 1: more than max), or SIZE_MAX if it cannot tell (out of memory,
 * a query it cannot read): then the engine must retrieve. Kept per query.
 */
size_t lk_scan__cjk_candidates(scan_tables *t, const char *q, lk_schema schema, uint32_t *out,
                               size_t max);

/*
 * Of the n candidate names v of the span query q written in Han or Hangul, those of the
 * entities that may have a result the judge takes (lk_scan__text_match): an entity is left out
 * when none of its candidates can be read as the whole listed name by one reading of q (see
 * text_cjk.c). Writes them to out (n room; in the order of v) and returns how many. An entity
 * left out has no result the judge takes, whatever the engine scores it.
 */
size_t lk_scan__cjk_narrow(scan_tables *t, const char *q, const uint32_t *v, size_t n,
                           uint32_t *out);

/* Per-thread switch of the Han and Hangul path's shortcuts (on by default: the links of
 * lk_scan__parts_linked are kept, lk_scan__cjk_narrow leaves candidates out): with them off,
 * every answer is worked out afresh and every candidate kept, as the tests compare. */
void lk_scan__set_cjk_shortcuts(bool on);

/*
 * Do part i of a and part j of b share a listed name (lk_scan__shared_names finds one)? The
 * answer, kept per thread (by the parts' keys), for the adjacent words of a Han or Hangul run,
 * whose spans need no more than that (their candidates come from lk_scan__cjk_candidates).
 */
bool lk_scan__parts_linked(scan_tables *t, const scan_form *a, size_t i, const scan_form *b,
                           size_t j);

/* ---- the thread's analysed words (text_wordcache.c) ---- */

/* An analysed word as kept: the analysis of the word alone (lk_scan__analyse_base), and, once
 * the word has followed a name word, its listed prefixes for the glued-name split. The word
 * is kept up to its forms, and each form packed: its string up to the NUL, then only the
 * keys of the parts it has (text_wordcache.c; a scan_form takes 368 bytes, a form of one or
 * two parts some fifty as kept). */

typedef struct word_entry {
	scan_prefix *prefixes;     /* NULL until needed */
	uint8_t nprefixes;
	uint8_t nforms;            /* the word's nforms (which lies past the forms) */
	uint8_t klen;              /* the word's bytes as found (its key) */
	size_t bytes;              /* what the entry takes (for the cache's bound) */
	size_t len;                /* the word's end - start */
	unsigned char w[];         /* the key, the scan_word up to its forms, then the forms
	                              packed */
} word_entry;

/* Analysed words by their bytes as written, for one thread (text.c bounds and empties it). */
typedef struct word_map word_map;

/* An empty map, or NULL (out of memory). */
word_map *lk_scan__words_new(void);

/* Release m and its entries (their prefixes too). NULL is a no-op. */
void lk_scan__words_free(word_map *m);

/* Entries in m. */
size_t lk_scan__words_count(const word_map *m);

/* The hash lk_scan__words_get and lk_scan__words_put take for the word k[0..n). */
uint64_t lk_scan__word_hash(const char *k, size_t n);

/* The entry of the word k[0..n) (hash h), or NULL. */
word_entry *lk_scan__words_get(const word_map *m, const char *k, size_t n, uint64_t h);

/* Ask the processor to fetch what lk_scan__words_get(m, ..., h) will read: the slot where
 * hash h starts (stage 0), then, once that is near, the entry of the first slot there with
 * hash h (stage 1). Only a hint: nothing changes, and a wrong guess costs a fetch. */
void lk_scan__words_prefetch(const word_map *m, uint64_t h, int stage);

/* Add entry e, whose key (hash h) is not in m yet (m owns it then). Returns 0 or LK_ENOMEM. */
int lk_scan__words_put(word_map *m, word_entry *e, uint64_t h);

/* The names two parts share (lk_scan__shared_names from an empty list, at most MAX_CANDS
 * kept, n up to MAX_CANDS + 1), by the two parts' keys (the part's key and its two skeleton
 * keys, of either part: PAIR_KEYS, 0 for none). */
#define PAIR_KEYS 6
typedef struct pair_entry {
	uint64_t key[PAIR_KEYS];
	size_t n;
	uint32_t names[];
} pair_entry;

/* A slot of the pair map: an entry's hash (0: empty) and the entry. */
typedef struct pair_slot {
	uint64_t hash;
	pair_entry *e;
} pair_slot;

/* The pairs a thread keeps (text_paircache.c; text.c bounds and empties it). */
typedef struct pair_map pair_map;

/* An empty map, or NULL (out of memory). */
pair_map *lk_scan__pairs_new(void);

/* Release m and its entries. NULL is a no-op. */
void lk_scan__pairs_free(pair_map *m);

/* Entries in m. */
size_t lk_scan__pairs_count(const pair_map *m);

/* The hash lk_scan__pairs_get and lk_scan__pairs_put take for the keys (never 0). */
uint64_t lk_scan__pair_hash(const uint64_t key[PAIR_KEYS]);

/* The entry of the keys (hash h), or NULL. */
pair_entry *lk_scan__pairs_get(const pair_map *m, const uint64_t key[PAIR_KEYS], uint64_t h);

/* Add e (hash h, its keys not in m yet): m owns it then. 0, or LK_ENOMEM (e not added). */
int lk_scan__pairs_put(pair_map *m, pair_entry *e, uint64_t h);

/* A new entry holding the analysis x of the word key[0..klen) (klen < SCAN_FORM_CAP), or NULL
 * (out of memory). Its bytes are in e->bytes. */
word_entry *lk_scan__word_entry_new(const scan_word *x, const char *key, size_t klen);

/* Copy the analysis of entry e to x, which lies at x->start in the text (x->hyphen_prev is
 * kept). */
void lk_scan__word_entry_load(scan_word *x, const word_entry *e);

/* Release a string map of word entries (a text's own analyses) with its entries. */
void lk_scan__word_entries_free(lk_strmap *m);

#endif
