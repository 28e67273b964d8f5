/*
 * normalize.c - names in any script to one matching form: lower-case ASCII words.
 *
 * Latin text (by far the most common) takes a fast path: a table strips diacritics from the
 * Latin-1 and Latin Extended-A letters. Hangul and Han characters take our own romanisers
 * (ICU's Hangul transliteration is a letter-by-letter scheme nobody writes names in, and its
 * Han transliteration knows only Mandarin), in the variant the caller asks for. Arabic script
 * takes our own reader too (arabic.c: ICU reads every و and ي as a consonant), and Cyrillic
 * words that are Korean syllables take the Korean reading in that variant
 * (korean_cyrillic.c). Everything else goes through ICU's "Any-Latin; Latin-ASCII"
 * transliterator, one instance per thread since instances carry state, with a small
 * per-thread memo of its results.
 */
#include "lookout/text.h"
#include "lookout/error.h"
#include "lookout/utf8.h"
#include "text_int.h"

#include <pthread.h>
#include <string.h>
#include <unicode/uversion.h>
#include <unicode/utrans.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <stdlib.h>

/* ASCII for U+00C0..U+017F (Latin-1 Supplement letters and Latin Extended-A). */
static const char *const latin_ext[] = {
	/* C0 */ "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	/* D0 */ "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
	/* E0 */ "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	/* F0 */ "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
	/* 100 */ "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
	/* 110 */ "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
	/* 120 */ "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
	/* 130 */ "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
	/* 140 */ "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
	/* 150 */ "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
	/* 160 */ "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
	/* 170 */ "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};

static pthread_key_t trans_key;
static pthread_once_t trans_once = PTHREAD_ONCE_INIT;

static void trans_destroy(void *p)
{
	utrans_close(p);
}

static void trans_key_init(void)
{
	pthread_key_create(&trans_key, trans_destroy);
}

static UTransliterator *transliterator(void)
{
	pthread_once(&trans_once, trans_key_init);
	UTransliterator *t = pthread_getspecific(trans_key);
	if (t)
		return t;
	static const UChar id[] = u"Any-Latin; Latin-ASCII";
	UErrorCode err = U_ZERO_ERROR;
	t = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
	if (U_FAILURE(err) || !t)
		return NULL;
	pthread_setspecific(trans_key, t);
	return t;
}

static bool is_hangul(uint32_t cp)
{
	return (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x1100 && cp <= 0x11FF) ||
	       (cp >= 0x3131 && cp <= 0x318E);
}

static bool is_han(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3134F);
}

static bool is_cyrillic(uint32_t cp)
{
	return cp >= 0x0400 && cp <= 0x045F;
}

/* End of the run of Cyrillic letters that starts at s[i]. */
static size_t cyrillic_end(const char *s, size_t i, size_t len)
{
	while (i < len) {
		uint32_t cp;
		size_t m = lk_utf8_decode(s + i, len - i, &cp);
		if (!is_cyrillic(cp))
			break;
		i += m;
	}
	return i;
}

unsigned lk_text_translit_variants(const char *s, size_t len)
{
	/* ASCII has no Hangul, Han or Cyrillic: the default reading only. */
	size_t k = 0;
	while (k < len && (unsigned char)s[k] < 0x80)
		k++;
	if (k == len)
		return 0;
	bool hangul = false, han = false;
	/* Cyrillic: every word one Korean syllable (cyr_words > 0, cyr_korean). */
	size_t cyr_words = 0, word_start = 0;
	bool in_cyr = false, cyr_korean = true;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t at = i;
		i += lk_utf8_decode(s + i, len - i, &cp);
		hangul |= is_hangul(cp);
		han |= is_han(cp);
		if (is_cyrillic(cp) && !in_cyr) {
			in_cyr = true;
			word_start = at;
		} else if (!is_cyrillic(cp) && in_cyr) {
			in_cyr = false;
			cyr_words++;
			cyr_korean &= lk_text__cyrillic_korean_syllable(s + word_start, at - word_start);
		}
	}
	if (in_cyr) {
		cyr_words++;
		cyr_korean &= lk_text__cyrillic_korean_syllable(s + word_start, len - word_start);
	}
	unsigned m = 0;
	if (cyr_words > 0 && cyr_korean)
		m |= 1u << LK_TRANSLIT_CYRILLIC_KOREAN;
	if (hangul || han)
		m |= 1u << LK_TRANSLIT_HANGUL_MR | 1u << LK_TRANSLIT_HANGUL_DPRK;
	if (hangul)
		m |= 1u << LK_TRANSLIT_HANGUL_LOANWORD;
	if (han)
		m |= 1u << LK_TRANSLIT_HAN_MANDARIN | 1u << LK_TRANSLIT_HAN_JAPANESE;
	return m;
}

/* Romanise Hangul s[0..len) per the variant. */
static int hangul_run(lk_buf *tmp, const char *s, size_t len, lk_translit v)
{
	switch (v) {
	case LK_TRANSLIT_HANGUL_MR:
		return lk_text__hangul_syllables(tmp, s, len, LK_TEXT__HANGUL_MR);
	case LK_TRANSLIT_HANGUL_DPRK:
		return lk_text__hangul_syllables(tmp, s, len, LK_TEXT__HANGUL_DPRK);
	case LK_TRANSLIT_HANGUL_LOANWORD:
		return lk_text__hangul_loanword(tmp, s, len);
	default:
		return lk_text__hangul_syllables(tmp, s, len, LK_TEXT__HANGUL_RR);
	}
}

/* Transliterate s[0..len) (no Hangul/Han) with ICU into raw (UTF-8, mostly ASCII). */
static int icu_run_uncached(lk_buf *raw, const char *s, size_t len)
{
	UTransliterator *t = transliterator();
	if (!t)
		return lk_error_set(LK_ERROR, "text: ICU transliterator unavailable");
	UChar stackbuf[512];
	UChar *u = stackbuf;
	int32_t cap = (int32_t)LK_ARRAY_SIZE(stackbuf), ulen = 0;
	UErrorCode err = U_ZERO_ERROR;
	int rc = 0;
	if (len > 65536)
		return lk_error_set(LK_ETOOBIG, "text: name longer than 64 KiB");
	/* Transliteration can grow the text (one Han or Devanagari letter to several Latin ones). */
	int32_t need = (int32_t)len * 4 + 16;
	if (need > cap) {
		u = malloc((size_t)need * sizeof *u);
		if (!u)
			return lk_error_set(LK_ENOMEM, "text: out of memory");
		cap = need;
	}
	u_strFromUTF8(u, cap, &ulen, s, (int32_t)len, &err);
	if (U_FAILURE(err)) {
		rc = lk_error_set(LK_EENCODING, "text: invalid UTF-8");
		goto done;
	}
	int32_t limit = ulen;
	utrans_transUChars(t, u, &ulen, cap, 0, &limit, &err);
	if (U_FAILURE(err)) {
		rc = lk_error_set(LK_ERROR, "text: transliteration failed: %s", u_errorName(err));
		goto done;
	}
	char out[2048];
	char *o = out;
	int32_t olen = 0;
	err = U_ZERO_ERROR;
	u_strToUTF8(o, (int32_t)sizeof out, &olen, u, ulen, &err);
	if (err == U_BUFFER_OVERFLOW_ERROR) {
		o = malloc((size_t)olen + 1);
		if (!o) {
			rc = lk_error_set(LK_ENOMEM, "text: out of memory");
			goto done;
		}
		err = U_ZERO_ERROR;
		u_strToUTF8(o, olen + 1, &olen, u, ulen, &err);
	}
	if (U_FAILURE(err))
		rc = lk_error_set(LK_ERROR, "text: conversion failed");
	else
		rc = lk_buf_put(raw, o, (size_t)olen);
	if (o != out)
		free(o);
done:
	if (u != stackbuf)
		free(u);
	return rc;
}

/*
 * A per-thread memo of icu_run(): ICU's transliteration of a run costs some 25,000
 * instructions, and the same words come back again and again (a word of a text, each of its
 * forms, then the span that holds it screened as a name; the same names in many queries).
 * Direct-mapped on a hash of the run, each slot keyed by the whole run; short runs and
 * results only. The transliteration depends on the run alone, so a hit returns what ICU
 * would.
 */
#define MEMO_SLOTS 1024
#define MEMO_IN 64
#define MEMO_OUT 192

typedef struct memo_slot {
	uint8_t inlen; /* 0: empty slot */
	uint8_t outlen;
	char in[MEMO_IN];
	char out[MEMO_OUT];
} memo_slot;

static pthread_key_t memo_key;
static pthread_once_t memo_once = PTHREAD_ONCE_INIT;

static void memo_key_init(void)
{
	pthread_key_create(&memo_key, free);
}

/* The slot for s[0..len), or NULL (run too long, no memory). */
static memo_slot *memo_slot_for(const char *s, size_t len)
{
	if (len == 0 || len > MEMO_IN)
		return NULL;
	pthread_once(&memo_once, memo_key_init);
	memo_slot *m = pthread_getspecific(memo_key);
	if (!m) {
		m = calloc(MEMO_SLOTS, sizeof *m);
		if (!m || pthread_setspecific(memo_key, m)) {
			free(m);
			return NULL;
		}
	}
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return &m[h % MEMO_SLOTS];
}

/* Transliterate s[0..len) (no Hangul/Han) with ICU into raw (UTF-8, mostly ASCII); memo:
 * through the memo. */
static int icu_run(lk_buf *raw, const char *s, size_t len, bool memo)
{
	memo_slot *m = memo ? memo_slot_for(s, len) : NULL;
	if (m && m->inlen == len && memcmp(m->in, s, len) == 0)
		return lk_buf_put(raw, m->out, m->outlen);
	size_t at = raw->len;
	int rc = icu_run_uncached(raw, s, len);
	if (rc == 0 && m && raw->len - at <= MEMO_OUT) {
		m->inlen = (uint8_t)len;
		m->outlen = (uint8_t)(raw->len - at);
		memcpy(m->in, s, len);
		memcpy(m->out, raw->ptr ? raw->ptr + at : "", m->outlen);
	}
	return rc;
}

/*
 * Cyrillic without ICU. ICU's Cyrillic-Latin rules write each letter of U+0400..U+045F the
 * same whatever surrounds it (ISO 9 letters, case as written: Ж -> Ž, then Latin-ASCII: Z),
 * so the ASCII of a run of such letters is the ASCII of its letters one by one, as ICU writes
 * them alone. The table holds that, from ICU itself; a test compares the two on every pair and
 * triple of letters and on real text. (Only the ASCII counts: latinize drops the rest.)
 */
static char cyr_ascii[0x60][4];
static bool cyr_ready;
static pthread_once_t cyr_once = PTHREAD_ONCE_INIT;

static int icu_run_uncached(lk_buf *raw, const char *s, size_t len);

static void cyr_init(void)
{
	lk_buf b = LK_BUF_INIT;
	lk_buf_init(&b, 256);
	for (uint32_t cp = 0x400; cp < 0x460; cp++) {
		char in[2] = {(char)(0xC0 | (cp >> 6)), (char)(0x80 | (cp & 0x3F))};
		lk_buf_clear(&b);
		if (icu_run_uncached(&b, in, 2))
			goto done;
		size_t k = 0;
		for (size_t i = 0; i < b.len; i++)
			if ((unsigned char)b.ptr[i] < 0x80) {
				if (k + 1 >= sizeof cyr_ascii[0])
					goto done; /* (not so with ICU 72: one letter, or a quote) */
				cyr_ascii[cp - 0x400][k++] = b.ptr[i];
			}
		cyr_ascii[cp - 0x400][k] = 0;
	}
	cyr_ready = lk_text__icu_checked();
done:
	lk_buf_dispose(&b);
}

bool lk_text__icu_checked(void)
{
	UVersionInfo v;
	u_getVersion(v);
	return v[0] == LK_TEXT__ICU_CHECKED_MAJOR;
}

/* Is s[0..len) (valid UTF-8) all letters of U+0400..U+045F, and is the table ready? */
static bool cyrillic_letters(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i += 2) {
		unsigned char c = (unsigned char)s[i];
		if ((c != 0xD0 && c != 0xD1) || i + 1 >= len ||
		    (c == 0xD1 && (unsigned char)s[i + 1] >= 0xA0))
			return false;
	}
	pthread_once(&cyr_once, cyr_init);
	return cyr_ready;
}

/* The ASCII of ICU's transliteration of such a run, into raw. */
static int cyrillic_run(lk_buf *raw, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i += 2) {
		uint32_t cp = (((unsigned char)s[i] & 0x1Fu) << 6) | ((unsigned char)s[i + 1] & 0x3Fu);
		int rc = lk_buf_puts(raw, cyr_ascii[cp - 0x400]);
		if (rc)
			return rc;
	}
	return 0;
}

/* Append ASCII text, lower-cased, with punctuation to spaces and apostrophes dropped. */
static int emit_ascii_slow(lk_buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int rc;
		if (c >= 'A' && c <= 'Z')
			rc = lk_buf_putc(out, (char)(c | 0x20));
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			rc = lk_buf_putc(out, (char)c);
		else if (c == '\'' || c == '`')
			rc = 0; /* O'Brien, Mu'ammar, ICU's Georgian p' */
		else if (out->len && out->ptr[out->len - 1] != ' ')
			rc = lk_buf_putc(out, ' ');
		else
			rc = 0;
		if (rc)
			return rc;
	}
	return 0;
}

/* The same, written straight into the buffer when n more bytes fit (the output is never
 * longer than the input); the byte-by-byte version otherwise, for its error. */
static int emit_ascii(lk_buf *out, const char *s, size_t n)
{
	if (n == 0)
		return 0;
	if (n > out->max || out->len > out->max - n || lk_buf_reserve(out, n))
		return emit_ascii_slow(out, s, n);
	char *p = out->ptr, *o = p + out->len;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			*o++ = (char)(c | 0x20);
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			*o++ = (char)c;
		else if (c == '\'' || c == '`')
			; /* O'Brien, Mu'ammar, ICU's Georgian p' */
		else if (o > p && o[-1] != ' ')
			*o++ = ' ';
	}
	*o = 0;
	out->len = (size_t)(o - p);
	return 0;
}

static int space(lk_buf *out)
{
	return out->len && out->ptr[out->len - 1] != ' ' ? lk_buf_putc(out, ' ') : 0;
}

/*
 * NFKC of s into out: composes base letters with their combining marks (so that "e" + U+0301
 * is one letter) and folds compatibility forms (fullwidth letters, ligatures, circled digits).
 */
static int nfkc(lk_buf *out, const char *s, size_t len)
{
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *n2 = unorm2_getNFKCInstance(&err);
	if (U_FAILURE(err))
		return lk_error_set(LK_ERROR, "text: ICU NFKC unavailable");
	if (len > 65536)
		return lk_error_set(LK_ETOOBIG, "text: name longer than 64 KiB");
	int rc = 0;
	int32_t ulen = 0, cap = (int32_t)len + 1, ncap = 2 * (int32_t)len + 16, nlen = 0, olen = 0;
	UChar *u = malloc((size_t)cap * sizeof *u), *v = malloc((size_t)ncap * sizeof *v);
	if (!u || !v) {
		rc = lk_error_set(LK_ENOMEM, "text: out of memory");
		goto done;
	}
	u_strFromUTF8(u, cap, &ulen, s, (int32_t)len, &err);
	if (!U_FAILURE(err))
		nlen = unorm2_normalize(n2, u, ulen, v, ncap, &err);
	if (U_FAILURE(err)) {
		rc = lk_error_set(LK_EINVALID, "text: normalisation failed: %s", u_errorName(err));
		goto done;
	}
	u_strToUTF8(NULL, 0, &olen, v, nlen, &err);
	err = U_ZERO_ERROR;
	if ((rc = lk_buf_reserve(out, (size_t)olen + 1)))
		goto done;
	u_strToUTF8(out->ptr + out->len, olen + 1, &olen, v, nlen, &err);
	if (U_FAILURE(err)) {
		rc = lk_error_set(LK_ERROR, "text: conversion failed");
		goto done;
	}
	out->len += (size_t)olen;
	out->ptr[out->len] = 0;
done:
	free(u);
	free(v);
	return rc;
}

/*
 * Letters NFKC leaves alone whatever surrounds them: precomposed or plain starters (no
 * combining class) with NFKC quick check "yes" (never "maybe": none can join a letter before
 * it). A string of such letters and ASCII is normalised as it is (UAX #15, quick check), so
 * nfkc() would return it unchanged. The Latin letters of latin_ext but the six that NFKC
 * rewrites (Ĳ ĳ -> IJ ij, Ŀ ŀ -> L· l·, ŉ -> ʼn, ſ -> s), the basic Cyrillic and Arabic
 * letters, Hangul syllables (not the conjoining jamo, which compose) and the CJK unified
 * ideographs (not the compatibility ones). A test checks each against ICU.
 */
static bool nfkc_stable_letter(uint32_t cp)
{
	if (cp >= 0xC0 && cp <= 0x17F)
		return cp != 0x132 && cp != 0x133 && cp != 0x13F && cp != 0x140 && cp != 0x149 &&
		       cp != 0x17F;
	return (cp >= 0x400 && cp <= 0x45F) || (cp >= 0x621 && cp <= 0x63A) ||
	       (cp >= 0x641 && cp <= 0x64A) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
	       (cp >= 0x4E00 && cp <= 0x9FFF);
}

/* Is s[0..len) (valid UTF-8) already in NFKC for certain: ASCII and nfkc_stable_letter()s? */
static bool nfkc_stable(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		i += lk_utf8_decode(s + i, len - i, &cp);
		if (!nfkc_stable_letter(cp))
			return false;
	}
	return true;
}

bool lk_text__nfkc_stable_letter(uint32_t cp)
{
	return nfkc_stable_letter(cp);
}

/* One Han character cp, read as variant says, into out between spaces (tmp: scratch). */
static int han_char(lk_buf *out, lk_buf *tmp, uint32_t cp, lk_translit variant)
{
	const char *r = NULL;
	int rc = 0;
	lk_buf_clear(tmp);
	if (variant == LK_TRANSLIT_HAN_JAPANESE && (r = lk_text_han_japanese(cp)))
		rc = lk_buf_puts(tmp, r);
	else if (variant == LK_TRANSLIT_HAN_MANDARIN && (r = lk_text_han_mandarin(cp)))
		rc = lk_buf_puts(tmp, r);
	else if ((r = lk_text_han_korean(cp)))
		rc = hangul_run(tmp, r, strlen(r),
		                variant == LK_TRANSLIT_HANGUL_LOANWORD ? LK_TRANSLIT_DEFAULT : variant);
	else if ((r = lk_text_han_mandarin(cp)))
		rc = lk_buf_puts(tmp, r);
	if (!rc && !(rc = space(out)))
		rc = emit_ascii(out, tmp->ptr ? tmp->ptr : "", tmp->len);
	if (!rc)
		rc = space(out);
	return rc;
}

/* The end of latinize(): no leading or trailing space in what it wrote from start on. */
static void trim(lk_buf *out, size_t start)
{
	while (out->len > start && out->ptr[out->len - 1] == ' ')
		lk_buf_truncate(out, out->len - 1);
	if (out->len > start && out->ptr[start] == ' ') {
		memmove(out->ptr + start, out->ptr + start + 1, out->len - start - 1);
		lk_buf_truncate(out, out->len - 1);
	}
}

int lk_text__latinize_cjk_char(lk_buf *out, lk_buf *tmp, uint32_t cp, lk_translit variant)
{
	size_t start = out->len;
	int rc;
	if (cp >= 0xAC00 && cp <= 0xD7A3) {
		/* latinize()'s Hangul run, of one syllable */
		char s[3] = {(char)(0xE0 | (cp >> 12)), (char)(0x80 | ((cp >> 6) & 0x3F)),
		             (char)(0x80 | (cp & 0x3F))};
		lk_buf_clear(tmp);
		if (!(rc = space(out)) && !(rc = hangul_run(tmp, s, 3, variant)))
			rc = emit_ascii(out, tmp->ptr ? tmp->ptr : "", tmp->len);
		if (!rc)
			rc = space(out);
	} else if (cp >= 0x4E00 && cp <= 0x9FFF) {
		rc = han_char(out, tmp, cp, variant);
	} else {
		return lk_error_set(LK_EINVALID, "text: U+%04X is no Hangul syllable or CJK ideograph",
		                    (unsigned)cp);
	}
	if (rc) {
		lk_buf_truncate(out, start);
		return rc;
	}
	trim(out, start);
	return 0;
}

/*
 * Latin text in one step: text of ASCII and of the letters of latin_ext that NFKC leaves
 * alone (most words of Latin-script text) is written as latinize() writes it (no NFKC, each
 * ASCII run and each letter's latin_ext spelling through emit_ascii(), which looks back at
 * the output only, so one call per piece writes what one call for all of it would), without
 * its buffers and decoding. 1 if written, 0 if the text is not such (nothing written), or
 * an error of out.
 */
static int latin_in_one_step(lk_buf *out, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, start = out->len;
	bool ascii = true;
	while (i < len) {
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		/* two bytes for U+00C0..U+017F: lead 0xC3..0xC5 */
		if (u[i] < 0xC3 || u[i] > 0xC5 || i + 1 >= len || (u[i + 1] & 0xC0) != 0x80 ||
		    !nfkc_stable_letter(((u[i] & 0x1Fu) << 6) | (u[i + 1] & 0x3Fu)))
			return 0;
		ascii = false;
		i += 2;
	}
	if (!ascii && len > 65536)
		return 0; /* (latinize() refuses NFKC of longer text) */
	int rc = 0;
	for (i = 0; i < len && !rc;) {
		size_t j = i;
		while (j < len && u[j] < 0x80)
			j++;
		if (j > i) {
			rc = emit_ascii(out, s + i, j - i);
			i = j;
			continue;
		}
		const char *a = latin_ext[(((u[i] & 0x1Fu) << 6) | (u[i + 1] & 0x3Fu)) - 0xC0];
		rc = emit_ascii(out, a, strlen(a));
		i += 2;
	}
	if (rc) {
		lk_buf_truncate(out, start);
		return rc;
	}
	trim(out, start);
	return 1;
}

int lk_text__latinize_hangul(lk_buf *out, lk_buf *tmp, const char *s, size_t len,
                             lk_translit variant)
{
	const unsigned char *u = (const unsigned char *)s;
	if (len == 0 || len % 3)
		return lk_error_set(LK_EINVALID, "text: not Hangul syllables only");
	for (size_t i = 0; i < len; i += 3) {
		uint32_t cp = ((u[i] & 0x0Fu) << 12) | ((u[i + 1] & 0x3Fu) << 6) | (u[i + 2] & 0x3Fu);
		if ((u[i] & 0xF0) != 0xE0 || (u[i + 1] & 0xC0) != 0x80 || (u[i + 2] & 0xC0) != 0x80 ||
		    cp < 0xAC00 || cp > 0xD7A3)
			return lk_error_set(LK_EINVALID, "text: not Hangul syllables only");
	}
	if (len > 65536)
		return lk_text_latinize(out, s, len, variant); /* (its error: too long for NFKC) */
	/* latinize()'s Hangul run, the whole of the text */
	size_t start = out->len;
	int rc;
	lk_buf_clear(tmp);
	if (!(rc = space(out)) && !(rc = hangul_run(tmp, s, len, variant)))
		rc = emit_ascii(out, tmp->ptr ? tmp->ptr : "", tmp->len);
	if (!rc)
		rc = space(out);
	if (rc) {
		lk_buf_truncate(out, start);
		return rc;
	}
	trim(out, start);
	return 0;
}

/* The fast paths: Latin text in one step (latin_in_one_step), text that is in NFKC already
 * needs no NFKC (nfkc_stable), a run of ASCII is written in one emit_ascii() call, as byte by
 * byte it writes the same, and ICU's results come from the memo when it has them. */
static int latinize(lk_buf *out, const char *s, size_t len, lk_translit variant, bool fast)
{
	size_t start = out->len;
	if (fast) {
		int one = latin_in_one_step(out, s, len);
		if (one)
			return one < 0 ? one : 0;
	}
	size_t bad;
	if (!lk_utf8_valid(s, len, &bad))
		return lk_error_set(LK_EENCODING, "text: invalid UTF-8 at byte %zu", bad);
	lk_buf raw = LK_BUF_INIT, tmp = LK_BUF_INIT, norm = LK_BUF_INIT;
	lk_buf_init(&raw, 1 << 20);
	lk_buf_init(&tmp, 1 << 20);
	lk_buf_init(&norm, 1 << 20);
	int rc = 0;
	for (size_t k = 0; k < len; k++)
		if ((unsigned char)s[k] >= 0x80) {
			if (fast && len <= 65536 && nfkc_stable(s + k, len - k))
				break; /* (nfkc() refuses longer text) */
			if ((rc = nfkc(&norm, s, len)))
				goto finish;
			s = norm.ptr;
			len = norm.len;
			break;
		}
	size_t i = 0;
	while (i < len && !rc) {
		uint32_t cp;
		size_t n = lk_utf8_decode(s + i, len - i, &cp);
		if (cp < 0x80 && fast) {
			size_t j = i + 1;
			while (j < len && (unsigned char)s[j] < 0x80)
				j++;
			rc = emit_ascii(out, s + i, j - i);
			i = j;
		} else if (cp < 0x80) {
			rc = emit_ascii(out, s + i, 1);
			i += n;
		} else if (cp >= 0xC0 && cp <= 0x17F) {
			const char *a = latin_ext[cp - 0xC0];
			rc = emit_ascii(out, a, strlen(a));
			i += n;
		} else if (cp == 0x2019 || cp == 0x02BC || cp == 0x02BB || cp == 0x02B9 ||
		           cp == 0x30FC) {
			/* Typographic apostrophes and modifier letters (Ma'ruf, ʻAli) join words; the
			 * katakana prolonged-sound mark only lengthens a vowel. */
			i += n;
		} else if (lk_text__is_arabic_letter(cp)) {
			/* One word of Arabic script (letters and vowel signs). */
			size_t j = i;
			while (j < len) {
				uint32_t c2;
				size_t m = lk_utf8_decode(s + j, len - j, &c2);
				if (!lk_text__is_arabic_letter(c2))
					break;
				j += m;
			}
			lk_buf_clear(&tmp);
			if (!(rc = lk_text__arabic(&tmp, s + i, j - i)))
				rc = emit_ascii(out, tmp.ptr ? tmp.ptr : "", tmp.len);
			i = j;
		} else if (is_cyrillic(cp) &&
		           (variant == LK_TRANSLIT_CYRILLIC_KOREAN ||
		            lk_text__cyrillic_korean_only(s + i, cyrillic_end(s, i, len) - i))) {
			/* A Cyrillic word read as a Korean syllable (Чен -> "jong"); ICU if it is not
			 * one. Words only Korean can be (Чжон, Ын) read so in every variant. */
			size_t j = cyrillic_end(s, i, len);
			lk_buf_clear(&tmp);
			lk_buf_clear(&raw);
			if (lk_text__cyrillic_korean(&tmp, s + i, j - i) == 0)
				rc = emit_ascii(out, tmp.ptr ? tmp.ptr : "", tmp.len);
			else if (!(rc = icu_run(&raw, s + i, j - i, fast)))
				for (size_t k = 0; !rc && k < raw.len; k++)
					if ((unsigned char)raw.ptr[k] < 0x80)
						rc = emit_ascii(out, raw.ptr + k, 1);
			i = j;
		} else if (cp == 0x30FB || cp == 0xFF65 || cp == 0x00B7 || cp == 0x2027) {
			/* Middle dots separate the parts of foreign names written in katakana. */
			rc = space(out);
			i += n;
		} else if (is_hangul(cp)) {
			size_t j = i;
			while (j < len) {
				uint32_t c2;
				size_t m = lk_utf8_decode(s + j, len - j, &c2);
				if (!is_hangul(c2))
					break;
				j += m;
			}
			lk_buf_clear(&tmp);
			if (!(rc = space(out)) && !(rc = hangul_run(&tmp, s + i, j - i, variant)))
				rc = emit_ascii(out, tmp.ptr ? tmp.ptr : "", tmp.len);
			if (!rc)
				rc = space(out);
			i = j;
		} else if (is_han(cp)) {
			rc = han_char(out, &tmp, cp, variant);
			i += n;
		} else {
			/* A run of other non-ASCII text goes to ICU in one call (context matters for
			 * some scripts, e.g. Greek and Arabic vowel signs). */
			size_t j = i;
			while (j < len) {
				uint32_t c2;
				size_t m = lk_utf8_decode(s + j, len - j, &c2);
				if (c2 < 0x80 || (c2 >= 0xC0 && c2 <= 0x17F) || is_hangul(c2) || is_han(c2) ||
				    c2 == 0x30FB || c2 == 0xFF65 || c2 == 0x00B7 || c2 == 0x2027 ||
				    lk_text__is_arabic_letter(c2) ||
				    (variant == LK_TRANSLIT_CYRILLIC_KOREAN && is_cyrillic(c2)))
					break;
				j += m;
			}
			lk_buf_clear(&raw);
			if (fast && cyrillic_letters(s + i, j - i))
				rc = cyrillic_run(&raw, s + i, j - i);
			else
				rc = icu_run(&raw, s + i, j - i, fast);
			/* ICU's output may still hold non-ASCII (letters it has no rule for): drop it. */
			for (size_t k = 0; !rc && k < raw.len; k++) {
				unsigned char c = (unsigned char)raw.ptr[k];
				if (c < 0x80)
					rc = emit_ascii(out, raw.ptr + k, 1);
				/* anything ICU left non-ASCII is dropped: a letter it cannot romanise
				 * should not glue or split the words around it */
			}
			i = j;
		}
	}
finish:
	lk_buf_dispose(&raw);
	lk_buf_dispose(&tmp);
	lk_buf_dispose(&norm);
	if (rc) {
		lk_buf_truncate(out, start);
		return rc;
	}
	trim(out, start);
	return 0;
}

int lk_text_latinize(lk_buf *out, const char *s, size_t len, lk_translit variant)
{
	return latinize(out, s, len, variant, true);
}

int lk_text__latinize_general(lk_buf *out, const char *s, size_t len, lk_translit variant)
{
	return latinize(out, s, len, variant, false);
}
