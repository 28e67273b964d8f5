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
#include <string.h>

static const lk_text__han_entry *find(uint32_t cp)
{
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
