/*
 * text_break.c - the text's word boundaries, as ICU's word break iterator gives them, cheaply.
 *
 * ICU's rule-based iterator (UBRK_WORD, through a UTF-8 UText) costs about as much as all the
 * rest of a scan of plain prose: it decodes every character into UTF-16 and runs its state
 * machine through several layers of calls. Most text is plain: letters, digits, spaces and
 * common punctuation, where the word break rules of UAX #29 come down to a few pairs. So a
 * text is taken line by line (a line ends after a line break, where every rule set breaks
 * whatever follows, and from a boundary ICU's forward iteration depends only on what follows
 * it), and a line whose every character is of a kind these few pairs cover is broken here;
 * any other line (an extending or format character, a Hebrew letter, Han, kana, Thai, emoji,
 * a character outside the BMP's first 12K but Hangul syllables) is given to ICU, lines in a
 * row together.
 *
 * A character's kind is its Word_Break property as ICU reads it, with ICU's root tailoring
 * (the colons are no MidLetter, @ is an ALetter). What is covered, WB rule by rule: CR x LF; a break after and
 * before CR, LF and Newline; WSegSpace x WSegSpace; no break between ALetters, Numerics and
 * ExtendNumLets in any order (WB5, WB8-10, WB13a-b); ALetter (MidLetter | MidNumLet |
 * Single_Quote) ALetter and Numeric (MidNum | MidNumLet | Single_Quote) Numeric (WB6-7,
 * WB11-12); a break everywhere else. A segment's status is ICU's: one of its rules' tags,
 * which with these rules is that of its last pair (ending in a letter: UBRK_WORD_LETTER, in a
 * digit: UBRK_WORD_NUMBER, in an ExtendNumLet: as the character before it, a letter if that
 * is one too), 0 for spaces and punctuation, and for a lone ExtendNumLet. Hangul syllables
 * (U+AC00..U+D7A3) are a kind of their own: ICU's root rules join a syllable to syllables
 * only (not to letters, digits, ExtendNumLets or across MidLetters), with the status of a
 * letter. Tests compare both on every covered character in many contexts (every syllable next
 * to every other kind), on every short sequence of the kinds, and on real text. The rules
 * are ICU 72's: with another ICU major version every line goes to ICU (lk_text__icu_checked).
 */
#include "scan_int.h"
#include "lookout/error.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>

/* ---- per-thread ICU word breaker ---- */

static pthread_key_t brk_key;
static pthread_once_t brk_once = PTHREAD_ONCE_INIT;

static void brk_destroy(void *p)
{
	ubrk_close(p);
}

static void brk_key_init(void)
{
	pthread_key_create(&brk_key, brk_destroy);
}

static UBreakIterator *word_breaker(void)
{
	pthread_once(&brk_once, brk_key_init);
	UBreakIterator *b = pthread_getspecific(brk_key);
	if (b)
		return b;
	UErrorCode err = U_ZERO_ERROR;
	b = ubrk_open(UBRK_WORD, "", NULL, 0, &err);
	if (U_FAILURE(err) || !b)
		return NULL;
	pthread_setspecific(brk_key, b);
	return b;
}

/* ---- the kinds of characters ---- */

enum {
	K_NONE = 0, /* not covered: the line goes to ICU */
	K_OTHER,
	K_CR,
	K_LF,
	K_NEWLINE,
	K_SPACE,    /* WSegSpace */
	K_LETTER,   /* ALetter */
	K_DIGIT,    /* Numeric */
	K_MIDLET,   /* MidLetter */
	K_MIDNUM,   /* MidNum */
	K_MIDBOTH,  /* MidNumLet, Single_Quote */
	K_EXTEND,   /* ExtendNumLet */
	K_HANGUL,   /* a Hangul syllable (U+AC00..U+D7A3) */
};

#define COVERED_LIMIT 0x3000 /* code points from here on are not covered */

static uint8_t kinds[COVERED_LIMIT];
static pthread_once_t kinds_once = PTHREAD_ONCE_INIT;
static bool kinds_checked; /* this ICU is the one the rules here were checked against */

static uint8_t kind_of(UChar32 c)
{
	UErrorCode err = U_ZERO_ERROR;
	UScriptCode sc = uscript_getScript(c, &err);
	/* ICU's dictionary scripts and rules of their own: Han, kana, Hangul, complex context
	 * (Thai, Lao, Myanmar, Khmer ...), emoji (WB3c) */
	if (U_FAILURE(err) || sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA ||
	    sc == USCRIPT_KATAKANA || sc == USCRIPT_HANGUL ||
	    u_getIntPropertyValue(c, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT ||
	    u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) ||
	    u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC) || !u_isdefined(c))
		return K_NONE;
	if (c == 0x3A || c == 0xFE55 || c == 0xFF1A)
		return K_OTHER; /* ICU's root rules take the colons out of MidLetter ... */
	if (c == '@')
		return K_LETTER; /* ... and make @ a letter (e-mail addresses) */
	switch (u_getIntPropertyValue(c, UCHAR_WORD_BREAK)) {
	case U_WB_OTHER:
	case U_WB_DOUBLE_QUOTE: /* joins only Hebrew letters, which are not covered */
		return K_OTHER;
	case U_WB_CR: return K_CR;
	case U_WB_LF: return K_LF;
	case U_WB_NEWLINE: return K_NEWLINE;
	case U_WB_WSEGSPACE: return K_SPACE;
	case U_WB_ALETTER: return K_LETTER;
	case U_WB_NUMERIC: return K_DIGIT;
	case U_WB_MIDLETTER: return K_MIDLET;
	case U_WB_MIDNUM: return K_MIDNUM;
	case U_WB_MIDNUMLET:
	case U_WB_SINGLE_QUOTE: return K_MIDBOTH;
	case U_WB_EXTENDNUMLET: return K_EXTEND;
	default: return K_NONE; /* Extend, Format, ZWJ, Hebrew_Letter, Katakana, RI ... */
	}
}

/* The characters of the Basic Multilingual Plane ICU breaks with the dictionaries of the
 * complex-context scripts (Line_Break Complex_Context: Thai, Lao, Myanmar, Khmer ...), one bit
 * each: a range that holds one is given to ICU in UTF-8 (icu_range). */
static uint8_t complex_bmp[0x10000 / 8];

static bool complex_context(uint32_t cp)
{
	if (cp < 0x10000)
		return complex_bmp[cp >> 3] >> (cp & 7) & 1;
	return u_getIntPropertyValue((UChar32)cp, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT;
}

/* The lead bytes of two-byte characters that are all covered and none a line break (Latin-1
 * letters, Cyrillic, Greek ...): a line is checked two bytes at a time through them. */
static bool lead_plain[256];

static void kinds_init(void)
{
	kinds_checked = lk_text__icu_checked();
	for (UChar32 c = 0; c < COVERED_LIMIT; c++)
		kinds[c] = kind_of(c);
	for (UChar32 c = 0; c < 0x10000; c++)
		if (u_getIntPropertyValue(c, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT)
			complex_bmp[c >> 3] |= (uint8_t)(1u << (c & 7));
	for (unsigned lead = 0xC2; lead < 0xE0; lead++) {
		bool plain = true;
		for (unsigned c = (lead & 0x1Fu) << 6, e = c + 64; c < e; c++)
			plain &= kinds[c] != K_NONE && kinds[c] != K_CR && kinds[c] != K_LF &&
			         kinds[c] != K_NEWLINE;
		lead_plain[lead] = plain;
	}
}

/* The kind of the character at s[i] (i < n, valid UTF-8) and its length in bytes. */
static inline unsigned kind_at(const unsigned char *s, size_t n, size_t i, size_t *len)
{
	unsigned char c = s[i];
	if (c < 0x80) {
		*len = 1;
		return kinds[c];
	}
	if (c < 0xE0 && i + 1 < n) {
		*len = 2;
		return kinds[((c & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu)];
	}
	if (c < 0xF0 && i + 2 < n) {
		*len = 3;
		uint32_t cp = ((c & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
		if (cp >= 0xAC00 && cp <= 0xD7A3)
			return K_HANGUL;
		return cp < COVERED_LIMIT ? kinds[cp] : K_NONE;
	}
	*len = 4;
	return K_NONE;
}

/* End of the line that starts at s[i] (after its line break, CR LF as one), and whether all
 * of it is covered. */
static size_t line_end(const unsigned char *s, size_t n, size_t i, bool *covered)
{
	*covered = true;
	while (i < n) {
		/* eight ASCII bytes at a time, none of them a line break (below 0x0E) */
		while (i + 8 <= n) {
			uint64_t x;
			memcpy(&x, s + i, 8);
			const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
			if ((x & highs) || ((x - ones * 0x0E) & ~x & highs))
				break;
			i += 8;
		}
		if (i >= n)
			break;
		unsigned char c = s[i];
		if (c >= 0x0E && c < 0x80) {
			i++;
			continue;
		}
		if (lead_plain[c] && i + 1 < n) {
			i += 2;
			continue;
		}
		size_t len;
		unsigned k = kind_at(s, n, i, &len);
		i += len;
		if (k == K_NONE) {
			*covered = false;
		} else if (k == K_CR) {
			if (i < n && s[i] == '\n')
				i++;
			return i;
		} else if (k == K_LF || k == K_NEWLINE) {
			return i;
		}
	}
	return n;
}

/* The segment that starts at s[i] in a covered line that ends at n: its end and status. */
static size_t segment(const unsigned char *s, size_t n, size_t i, int *status)
{
	size_t len;
	unsigned k = kind_at(s, n, i, &len);
	size_t j = i + len;
	*status = UBRK_WORD_NONE;
	switch (k) {
	case K_CR:
		return j < n && s[j] == '\n' ? j + 1 : j;
	case K_SPACE:
		while (j < n && kind_at(s, n, j, &len) == K_SPACE)
			j += len;
		return j;
	case K_HANGUL:
		while (j < n && kind_at(s, n, j, &len) == K_HANGUL)
			j += len;
		*status = UBRK_WORD_LETTER;
		return j;
	case K_LETTER:
	case K_DIGIT:
	case K_EXTEND:
		break;
	default:
		return j;
	}
	/* a word: the last two kinds decide its status */
	unsigned last = k, before = K_NONE;
	size_t chars = 1;
	while (j < n) {
		unsigned k1 = kind_at(s, n, j, &len);
		if (k1 == K_LETTER || k1 == K_DIGIT || k1 == K_EXTEND) {
			before = last;
			last = k1;
			j += len;
			chars++;
			continue;
		}
		if (k1 != K_MIDLET && k1 != K_MIDNUM && k1 != K_MIDBOTH)
			break;
		if (j + len >= n)
			break;
		size_t len2;
		unsigned k2 = kind_at(s, n, j + len, &len2);
		bool joins = (last == K_LETTER && k2 == K_LETTER && k1 != K_MIDNUM) ||
		             (last == K_DIGIT && k2 == K_DIGIT && k1 != K_MIDLET);
		if (!joins)
			break;
		before = k1;
		last = k2;
		j += len + len2;
		chars += 2;
	}
	if (last == K_LETTER)
		*status = UBRK_WORD_LETTER;
	else if (last == K_DIGIT)
		*status = UBRK_WORD_NUMBER;
	else if (chars > 1)
		*status = before == K_DIGIT ? UBRK_WORD_NUMBER : UBRK_WORD_LETTER;
	return j;
}

/* ---- the iterator ---- */

int lk_scan__words_init(scan_words *w, const char *text, size_t len, unsigned flags)
{
	memset(w, 0, sizeof *w);
	pthread_once(&kinds_once, kinds_init);
	w->text = text ? text : "";
	w->len = len;
	w->icu_only = (flags & LK_SCAN__WORDS_ICU) || !kinds_checked;
	w->words_only = flags & LK_SCAN__WORDS_ONLY;
	return 0;
}

void lk_scan__words_dispose(scan_words *w)
{
	if (w->bi) {
		UErrorCode err = U_ZERO_ERROR;
		ubrk_setText(w->bi, NULL, 0, &err); /* drop the reference to the UText */
	}
	if (w->ut)
		utext_close(w->ut);
	free(w->u16);
	free(w->u16_at);
	w->bi = NULL;
	w->ut = NULL;
	w->u16 = NULL;
	w->u16_at = NULL;
	w->u16_cap = 0;
}

/*
 * s[0..n) (valid UTF-8) in UTF-16 into w->u16, with each unit's byte offset in w->u16_at
 * (and n after the last); the number of units, 0 if s holds a complex-context character
 * (below), or -1 if out of memory.
 *
 * ICU reads UTF-16 directly, where a UTF-8 UText maps it chunk by chunk and the dictionary
 * engine of Han and kana copies a UTF-8 range into UTF-16 with a map of its own: the same
 * code points, so the same boundaries and rule statuses, at offsets mapped back here. Not so
 * the engines of Thai, Lao, Myanmar and Khmer, which break some UTF-8 text otherwise than
 * the same text in UTF-16 (ICU 72: three Lao letters ຂຂຂ are one word in UTF-16, three in
 * UTF-8): text with such characters stays in UTF-8, as ICU has always been given it here.
 */
static int32_t to_utf16(scan_words *w, const unsigned char *s, size_t n)
{
	if (n + 1 > w->u16_cap) {
		size_t cap = n + 1 > 256 ? n + 1 : 256;
		uint16_t *u = malloc(cap * sizeof *u);
		uint32_t *at = malloc(cap * sizeof *at);
		if (!u || !at) {
			free(u);
			free(at);
			return -1;
		}
		free(w->u16);
		free(w->u16_at);
		w->u16 = u;
		w->u16_at = at;
		w->u16_cap = cap;
	}
	uint16_t *u = w->u16;
	uint32_t *at = w->u16_at;
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		uint32_t cp;
		size_t len;
		if (c < 0x80) {
			cp = c;
			len = 1;
		} else if (c < 0xE0) {
			cp = ((c & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu);
			len = 2;
		} else if (c < 0xF0) {
			cp = ((c & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
			len = 3;
		} else {
			cp = ((c & 0x07u) << 18) | ((s[i + 1] & 0x3Fu) << 12) | ((s[i + 2] & 0x3Fu) << 6) |
			     (s[i + 3] & 0x3Fu);
			len = 4;
		}
		if (cp >= 0x80 && complex_context(cp))
			return 0;
		if (cp < 0x10000) {
			at[k] = (uint32_t)i;
			u[k++] = (uint16_t)cp;
		} else {
			at[k] = (uint32_t)i;
			u[k++] = (uint16_t)(0xD7C0 + (cp >> 10));
			at[k] = (uint32_t)i;
			u[k++] = (uint16_t)(0xDC00 | (cp & 0x3FF));
		}
		i += len;
	}
	at[k] = (uint32_t)n;
	return (int32_t)k;
}

/* Hand s[from..to) to ICU: in UTF-16 (to_utf16) unless breaking the whole text with ICU
 * alone, as the tests compare, or the range is too long for 32-bit offsets or holds a
 * complex-context character. */
static int icu_range(scan_words *w, size_t from, size_t to)
{
	if (!w->bi && !(w->bi = word_breaker()))
		return lk_error_set(LK_ENOMEM, "scan: out of memory (or no ICU word break rules)");
	UErrorCode err = U_ZERO_ERROR;
	int32_t n = 0;
	if (!w->icu_only && to - from < INT32_MAX / 2 &&
	    (n = to_utf16(w, (const unsigned char *)w->text + from, to - from)) < 0)
		return lk_error_set(LK_ENOMEM, "scan: out of memory");
	if (n > 0) {
		w->ut = utext_openUChars(w->ut, (const UChar *)w->u16, n, &err);
	} else {
		free(w->u16_at);
		w->u16_at = NULL; /* (offsets are bytes) */
		free(w->u16);
		w->u16 = NULL;
		w->u16_cap = 0;
		w->ut = utext_openUTF8(w->ut, w->text + from, (int64_t)(to - from), &err);
	}
	if (!U_FAILURE(err))
		ubrk_setUText(w->bi, w->ut, &err);
	if (U_FAILURE(err))
		return lk_error_set(LK_ERROR, "scan: ICU word breaker: %s", u_errorName(err));
	w->icu_from = from;
	w->icu_to = to;
	w->icu_at = ubrk_first(w->bi);
	return 0;
}

int lk_scan__words_next(scan_words *w, size_t *start, size_t *end, int *status)
{
	const unsigned char *s = (const unsigned char *)w->text;
	for (;;) {
		if (w->icu_to) {
			int32_t b = ubrk_next(w->bi);
			if (b != UBRK_DONE) {
				const uint32_t *at = w->u16_at;
				*start = w->icu_from + (at ? at[w->icu_at] : (size_t)w->icu_at);
				*end = w->icu_from + (at ? at[b] : (size_t)b);
				*status = ubrk_getRuleStatus(w->bi);
				w->icu_at = b;
				if (w->words_only && *status < UBRK_WORD_NUMBER)
					continue;
				return 1;
			}
			w->pos = w->icu_to;
			w->icu_to = 0;
		}
		if (w->pos >= w->len)
			return 0;
		if (w->pos < w->line_to) {
			if (w->words_only) {
				/* Spaces and punctuation are segments of their own: skip them to the
				 * next letter, digit or ExtendNumLet, which begins a segment. */
				size_t i = w->pos, len;
				unsigned k;
				while (i < w->line_to && (k = kind_at(s, w->line_to, i, &len)) != K_LETTER &&
				       k != K_DIGIT && k != K_EXTEND && k != K_HANGUL)
					i += len;
				w->pos = i;
				if (i == w->line_to)
					continue;
			}
			*start = w->pos;
			w->pos = *end = segment(s, w->line_to, w->pos, status);
			if (w->words_only && *status == UBRK_WORD_NONE)
				continue; /* a lone ExtendNumLet */
			return 1;
		}
		if (w->icu_only) {
			int rc = icu_range(w, 0, w->len);
			if (rc)
				return rc;
			continue;
		}
		/* The next line: covered, or ICU's with the uncovered lines after it. */
		bool covered = true;
		size_t to = w->next_to; /* the covered line found after ICU's lines */
		if (!to)
			to = line_end(s, w->len, w->pos, &covered);
		w->next_to = 0;
		if (covered) {
			w->line_to = to;
			continue;
		}
		while (to < w->len) {
			bool next_covered;
			size_t next = line_end(s, w->len, to, &next_covered);
			if (next_covered) {
				w->next_to = next;
				break;
			}
			to = next;
		}
		int rc = icu_range(w, w->pos, to);
		if (rc)
			return rc;
	}
}
