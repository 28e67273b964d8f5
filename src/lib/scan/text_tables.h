/*
 * text_tables.h - the judges' tables (text_judge.c) and the names a Han or Hangul span can be
 * (text_cjk.c), which share them; private to those two files.
 */
#ifndef LK_SCAN_TEXT_TABLES_H
#define LK_SCAN_TEXT_TABLES_H

#include "scan_int.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cjk_set cjk_set;
typedef struct key_table key_table;

#define FIRSTS_KNOWN 0x30000u  /* code points whose first-syllable answers are kept */
typedef struct cjk_names cjk_names;

/* What the judges look up in the index (lk_scan__tables_new). */
struct scan_tables {
	const lk_index *ix;
	cjk_set *cjk;             /* made when first needed (cjk_set_new) */
	key_table *firsts;        /* likewise (name_firsts) */
	uint8_t *first_known;     /* per code point below FIRSTS_KNOWN: lk_scan__first_syllable's
	                             answers */
	cjk_names *names;         /* likewise (cjk_names_new) */
	lk_strmap *cands;         /* span query -> its candidates (cjk_cached) */
	uint32_t *stamp;          /* per index name: the last lookup that checked it */
	uint32_t clock;
	lk_strmap *readings;      /* variant and word -> its reading (word_reading) */
	struct span_keys *keys;   /* the keys of the span being looked up (cjk_candidates) */
	uint32_t *got;            /* its candidates as worked out (CJK_MAX_CANDS) */
	uint32_t *ents;           /* lk_scan__cjk_narrow's set of entities ... */
	size_t ent_cap;           /* ... and its slots */
	uint64_t *links;          /* lk_scan__parts_linked's answers (made when first needed) */
	size_t nlinks;
};

/* Is code point c a Han character or a Hangul syllable or letter? */
static inline bool cjk_cp(uint32_t c)
{
	return (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x1100 && c <= 0x11FF) ||
	       (c >= 0x3130 && c <= 0x318F) || (c >= 0x4E00 && c <= 0x9FFF) ||
	       (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0x20000 && c <= 0x2FFFF);
}

/* Might s (NUL-terminated) have a Han or Hangul character? Every one is encoded in three or
 * four bytes led by 0xE1 or more; most listed names have none, and are passed over without
 * decoding them. Returns the length of s if so, else 0. */
static inline size_t may_be_cjk(const char *s)
{
	size_t n = 0;
	bool high = false;
	for (; s && s[n]; n++)
		high |= (unsigned char)s[n] >= 0xE1;
	return high ? n : 0;
}

/* Free what text_cjk.c keeps in t (its names table, readings and candidates). */
void lk_scan__cjk_tables_free(scan_tables *t);

/* lk_scan__set_cjk_shortcuts(false) was called in this thread (text_judge.c). */
extern _Thread_local bool lk_scan__cjk_shortcuts_off;

#endif
