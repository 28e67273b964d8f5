/*
 * text.h - text for matching: script detection, transliteration to Latin, romanisation of
 * Korean and readings of Han characters, tokens and phonetic keys.
 *
 * Names arrive in any script and in many romanisations of it. Everything that compares names
 * first brings them to one form: Latin letters, lower case, no diacritics, words separated by
 * single spaces ("LAVROV, Sergei" -> "lavrov sergei", "Лавров" -> "lavrov",
 * "김정은" -> "gim jeong eun"). Phonetic keys then fold the differences between romanisation
 * systems (see lk_text_phonetic).
 *
 * Thread safety: all functions may be called from several threads at once.
 */
#ifndef LOOKOUT_TEXT_H
#define LOOKOUT_TEXT_H

#include "common.h"
#include "buf.h"

typedef enum lk_script {
	LK_SCRIPT_NONE = 0, /* no letters */
	LK_SCRIPT_LATIN,
	LK_SCRIPT_CYRILLIC,
	LK_SCRIPT_GREEK,
	LK_SCRIPT_ARMENIAN,
	LK_SCRIPT_GEORGIAN,
	LK_SCRIPT_HEBREW,
	LK_SCRIPT_ARABIC,
	LK_SCRIPT_HANGUL,
	LK_SCRIPT_HAN,
	LK_SCRIPT_KANA,
	LK_SCRIPT_DEVANAGARI,
	LK_SCRIPT_THAI,
	LK_SCRIPT_OTHER,
	LK_SCRIPT__COUNT
} lk_script;

/* Lower-case name of a script ("cyrillic"). */
LK_EXTERN(const char *) lk_script_name(lk_script s);

/* The script of most letters in s (ties: the first seen). */
LK_EXTERN(lk_script) lk_text_script(const char *s, size_t len);

/*
 * Transliteration variants. A name in Hangul may be a Korean name (romanised in RR, MR or DPRK
 * usage) or a foreign name transcribed into Hangul (블라디미르 푸틴); a name in Han characters may
 * be Korean, Chinese or Japanese; a name in Cyrillic whose every word is one syllable may be a
 * Korean name in Russian transcription (Ким Чен Ын). Matching tries each variant that applies to a string
 * (lk_text_translit_variants) and keeps the best. For text in other scripts all variants give
 * the same result.
 */
typedef enum lk_translit {
	LK_TRANSLIT_DEFAULT = 0,      /* Hangul: RR by syllable; Han: Korean reading, RR */
	LK_TRANSLIT_HANGUL_MR,        /* Hangul (and Han read as Korean): McCune-Reischauer */
	LK_TRANSLIT_HANGUL_DPRK,      /* Hangul (and Han read as Korean): DPRK usage */
	LK_TRANSLIT_HANGUL_LOANWORD,  /* Hangul read back as a transcribed foreign name */
	LK_TRANSLIT_HAN_MANDARIN,     /* Han: Mandarin pinyin */
	LK_TRANSLIT_HAN_JAPANESE,     /* Han: Japanese on reading */
	LK_TRANSLIT_CYRILLIC_KOREAN,  /* Cyrillic words read as Korean syllables in Russian
	                                 transcription (Ким Чен Ын -> "kim jong un") */
	LK_TRANSLIT__COUNT
} lk_translit;

/*
 * Bring s to matching form and append it to out: lower-case ASCII letters and digits, words
 * separated by single spaces, no leading or trailing space. Compatibility forms are folded
 * (NFKC); Latin letters lose their diacritics (ł -> l, ß -> ss, æ -> ae); Hangul and Han are
 * romanised per `variant`, one word per syllable for Korean and Chinese; every other script
 * goes through ICU's Any-Latin. Apostrophes inside words are dropped ("O'Brien" -> "obrien");
 * other punctuation separates words ("Jong-un" -> "jong un").
 * Returns 0, LK_EENCODING for invalid UTF-8, or LK_ETOOBIG/LK_ENOMEM from out.
 */
LK_EXTERN(int) lk_text_latinize(lk_buf *out, const char *s, size_t len, lk_translit variant);

/*
 * The variants that can give a different result for s than LK_TRANSLIT_DEFAULT, as a bit mask
 * (bit v set for variant v); 0 for text without Hangul or Han, and without Cyrillic words
 * that all read as Korean syllables.
 */
LK_EXTERN(unsigned) lk_text_translit_variants(const char *s, size_t len);

/* ---- Korean ---- */

/*
 * Romanise the Hangul syllables in s with the Revised Romanization of Korean (2000), word by
 * word, applying the sound-change rules at syllable boundaries that RR applies (so 한국 ->
 * "hanguk", 신라 -> "silla"); other characters are copied. Lower case.
 */
LK_EXTERN(int) lk_text_hangul_rr(lk_buf *out, const char *s, size_t len);

/*
 * Romanise Hangul with McCune-Reischauer as commonly typed without diacritics (breves and
 * apostrophes dropped: 정은 -> "chongun"), as used by DPRK sources in Latin script. Lower case.
 */
LK_EXTERN(int) lk_text_hangul_mr(lk_buf *out, const char *s, size_t len);

/* ---- Han characters (from the Unihan database's readings, compiled in) ---- */

/*
 * The Korean reading of a Han character as Hangul (UTF-8), or NULL: the kHangul reading
 * Unihan marks as used in personal names when there is one, else the first kHangul reading
 * (kKorean where kHangul is missing). 金 -> "김" (not 금), 正 -> "정", 恩 -> "은". Borrowed
 * static string.
 */
LK_EXTERN(const char *) lk_text_han_korean(uint32_t cp);

/* The Mandarin reading (first kMandarin, pinyin without tone marks, lower case), or NULL. */
LK_EXTERN(const char *) lk_text_han_mandarin(uint32_t cp);

/* The Japanese on reading (first kJapaneseOn, lower case romaji), or NULL. */
LK_EXTERN(const char *) lk_text_han_japanese(uint32_t cp);

#endif
