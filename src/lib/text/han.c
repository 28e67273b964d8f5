/*
 * han.c - readings of Han characters: Korean (as Hangul), Mandarin (ASCII pinyin) and
 * Japanese on'yomi (romaji), looked up in the table generated from the Unihan database.
 *
 * A name written in Han characters may be Korean (金正恩, Kim Jong Un), Chinese (习近平, Xi
 * Jinping) or Japanese, and nothing in the characters says which; the matcher reads it all
 * three ways. The table is compiled in (han_readings.c, made by scripts/gen_han_readings.py)
 * so that the library never reads data files at run time.
 */
#include "text/text_int.h"

#include <assert.h>
#include <pthread.h>
#include <string.h>

/*
 * The rows of the characters of U+3400..U+9FFF (CJK extension A and the unified ideographs:
 * nearly every Han character of real text) by code point, row + 1 (0: none), built once from
 * the table: the scanner reads a character's readings for every reading of every new word,
 * and a binary search of the table's 40,000 rows touches a dozen cache lines.
 */
#define DIRECT_FIRST 0x3400u
#define DIRECT_LAST 0x9FFFu

static uint16_t direct[DIRECT_LAST - DIRECT_FIRST + 1];
static bool direct_ok;
static pthread_once_t direct_once = PTHREAD_ONCE_INIT;

static void direct_init(void)
{
	for (size_t i = 0; i < lk_text__han_count; i++) {
		uint32_t cp = lk_text__han_table[i].cp;
		if (cp > DIRECT_LAST)
			break; /* (sorted) */
		if (cp < DIRECT_FIRST)
			continue;
		if (i + 1 > UINT16_MAX)
			return; /* (a table this long is searched) */
		direct[cp - DIRECT_FIRST] = (uint16_t)(i + 1);
	}
	direct_ok = true;
}

static const lk_text__han_entry *find(uint32_t cp)
{
	if (cp >= DIRECT_FIRST && cp <= DIRECT_LAST) {
		pthread_once(&direct_once, direct_init);
		if (direct_ok) {
			uint16_t row = direct[cp - DIRECT_FIRST];
			return row ? &lk_text__han_table[row - 1] : NULL;
		}
	}
	size_t lo = 0, hi = lk_text__han_count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint32_t c = lk_text__han_table[mid].cp;

		if (c == cp)
			return &lk_text__han_table[mid];
		if (c < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *lk_text__han_reading(uint32_t cp, lk_text__han_lang lang, size_t n)
{
	const lk_text__han_entry *e = find(cp);
	const char *p;
	size_t off;

	if (!e)
		return NULL;
	switch (lang) {
	case LK_TEXT__HAN_KOREAN:
		off = e->korean;
		break;
	case LK_TEXT__HAN_MANDARIN:
		off = e->mandarin;
		break;
	case LK_TEXT__HAN_JAPANESE:
		off = e->japanese;
		break;
	default:
		assert(!"unknown Han reading language");
		return NULL;
	}
	assert(off < lk_text__han_pool_size);
	/* The list ends with an empty string; offset 0 is the empty list itself. */
	for (p = lk_text__han_pool + off; *p; p += strlen(p) + 1) {
		if (n-- == 0)
			return p;
	}
	return NULL;
}

const char *lk_text_han_korean(uint32_t cp)
{
	return lk_text__han_reading(cp, LK_TEXT__HAN_KOREAN, 0);
}

const char *lk_text_han_mandarin(uint32_t cp)
{
	return lk_text__han_reading(cp, LK_TEXT__HAN_MANDARIN, 0);
}

const char *lk_text_han_japanese(uint32_t cp)
{
	return lk_text__han_reading(cp, LK_TEXT__HAN_JAPANESE, 0);
}
