/*
 * script.c - which writing system a string is in.
 *
 * Used to pick a transliteration path and to report evaluation results per script. ICU's
 * script property does the per-character work; "Common" and "Inherited" characters (digits,
 * punctuation, combining marks) do not count.
 */
#include "lookout/text.h"
#include "lookout/utf8.h"

#include <pthread.h>
#include <unicode/uscript.h>

static const char *const names[LK_SCRIPT__COUNT] = {
	"none", "latin", "cyrillic", "greek", "armenian", "georgian", "hebrew", "arabic",
	"hangul", "han", "kana", "devanagari", "thai", "other",
};

const char *lk_script_name(lk_script s)
{
	return (unsigned)s < LK_SCRIPT__COUNT ? names[s] : "other";
}

static lk_script classify(uint32_t cp)
{
	UErrorCode err = U_ZERO_ERROR;
	UScriptCode sc = uscript_getScript((UChar32)cp, &err);
	if (U_FAILURE(err))
		return LK_SCRIPT_NONE;
	switch (sc) {
	case USCRIPT_COMMON:
	case USCRIPT_INHERITED:
	case USCRIPT_UNKNOWN: return LK_SCRIPT_NONE;
	case USCRIPT_LATIN: return LK_SCRIPT_LATIN;
	case USCRIPT_CYRILLIC: return LK_SCRIPT_CYRILLIC;
	case USCRIPT_GREEK: return LK_SCRIPT_GREEK;
	case USCRIPT_ARMENIAN: return LK_SCRIPT_ARMENIAN;
	case USCRIPT_GEORGIAN: return LK_SCRIPT_GEORGIAN;
	case USCRIPT_HEBREW: return LK_SCRIPT_HEBREW;
	case USCRIPT_ARABIC:
	case USCRIPT_SYRIAC:
	case USCRIPT_THAANA: return LK_SCRIPT_ARABIC;
	case USCRIPT_HANGUL: return LK_SCRIPT_HANGUL;
	case USCRIPT_HAN: return LK_SCRIPT_HAN;
	case USCRIPT_HIRAGANA:
	case USCRIPT_KATAKANA: return LK_SCRIPT_KANA;
	case USCRIPT_DEVANAGARI: return LK_SCRIPT_DEVANAGARI;
	case USCRIPT_THAI: return LK_SCRIPT_THAI;
	default: return LK_SCRIPT_OTHER;
	}
}

/* classify() of the code points of the Basic Multilingual Plane (Latin, Greek, Cyrillic,
 * Arabic, Hangul, Han ...), looked up rather than asked of ICU for every letter: built from
 * classify() itself, once, so it says what classify() says. */
static uint8_t bmp[0x10000];
static pthread_once_t bmp_once = PTHREAD_ONCE_INIT;

static void bmp_init(void)
{
	for (uint32_t cp = 0; cp < 0x10000; cp++)
		bmp[cp] = (uint8_t)classify(cp);
}

lk_script lk_text_script(const char *s, size_t len)
{
	pthread_once(&bmp_once, bmp_init);
	size_t counts[LK_SCRIPT__COUNT] = {0};
	lk_script first = LK_SCRIPT_NONE;
	bool mixed = false;
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		unsigned char c = u[i];
		if (c >= 0xC2 && c < 0xE0 && i + 1 < len && (u[i + 1] & 0xC0) == 0x80) {
			cp = ((c & 0x1Fu) << 6) | (u[i + 1] & 0x3Fu); /* (two bytes) */
			i += 2;
		} else if (c >= 0xE0 && c < 0xF0 && i + 2 < len && (u[i + 1] & 0xC0) == 0x80 &&
		           (u[i + 2] & 0xC0) == 0x80 &&
		           (cp = ((c & 0x0Fu) << 12) | ((u[i + 1] & 0x3Fu) << 6) | (u[i + 2] & 0x3Fu)) >=
		               0x800 &&
		           (cp < 0xD800 || cp > 0xDFFF)) {
			i += 3; /* (three bytes, well formed: what lk_utf8_decode reads) */
		} else {
			i += lk_utf8_decode(s + i, len - i, &cp);
		}
		lk_script sc;
		if (cp < 0x80)
			sc = (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z' ? LK_SCRIPT_LATIN : LK_SCRIPT_NONE;
		else
			sc = cp < 0x10000 ? (lk_script)bmp[cp] : classify(cp);
		if (sc == LK_SCRIPT_NONE)
			continue;
		counts[sc]++;
		if (!first)
			first = sc;
		mixed |= sc != first;
	}
	/* (one script: its count is the only one, so it is the best) */
	if (!mixed)
		return first;
	lk_script best = first;
	for (int k = 1; k < LK_SCRIPT__COUNT; k++)
		if (counts[k] > counts[best])
			best = (lk_script)k;
	return best;
}
