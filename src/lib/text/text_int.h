/*
 * text_int.h - internals of the text module shared between its files (not public API).
 *
 * Korean: syllable-by-syllable romanisation in three systems and the conventional
 * romanisations of Korean family names, for the matcher's keys. Han: the compiled Unihan
 * reading table (generated into han_readings.c) and access to every reading of a character,
 * not only the first one the public functions return.
 */
#ifndef LK_TEXT_INT_H
#define LK_TEXT_INT_H

#include "lookout/text.h"

/* ---- matching form (normalize.c) ---- */

/*
 * lk_text_latinize without its fast paths (every non-ASCII text through NFKC, ASCII byte by
 * byte, ICU without the memo of its results): the same result by construction; tests compare
 * the two.
 */
int lk_text__latinize_general(lk_buf *out, const char *s, size_t len, lk_translit variant);

/*
 * lk_text_latinize of the one character cp, a Hangul syllable (U+AC00..U+D7A3) or a CJK
 * unified ideograph (U+4E00..U+9FFF), appended to out: what lk_text_latinize appends for its
 * UTF-8, without the steps a string needs (validation, NFKC, decoding, buffers of its own).
 * tmp is scratch (the caller keeps it, so that no call allocates). Returns 0, LK_EINVALID
 * for any other cp, or an error of out.
 */
int lk_text__latinize_cjk_char(lk_buf *out, lk_buf *tmp, uint32_t cp, lk_translit variant);

/*
 * lk_text_latinize of s[0..len), a word of Hangul syllables (U+AC00..U+D7A3) only, appended
 * to out, without the steps of a general string (tmp is scratch, as above). LK_EINVALID if
 * s holds anything else (or nothing).
 */
int lk_text__latinize_hangul(lk_buf *out, lk_buf *tmp, const char *s, size_t len,
                             lk_translit variant);

/* Is cp a letter that lk_text_latinize takes to be in NFKC in any context? (For tests.) */
bool lk_text__nfkc_stable_letter(uint32_t cp);

/*
 * The ICU major version whose rules our fast paths were checked against: text_break.c breaks
 * plain lines as ICU 72's word break rules do, and the Cyrillic table below assumes ICU 72's
 * Cyrillic-Latin writes each letter the same whatever surrounds it. Tests prove both against
 * the ICU they run with; at run time, with any other ICU, the fast paths step aside and ICU
 * itself is used (slower, never different from ICU).
 */
#define LK_TEXT__ICU_CHECKED_MAJOR 72

/* Is the ICU this process runs with the one the fast paths were checked against? */
bool lk_text__icu_checked(void);

/* ---- Korean (hangul.c, hangul_jamo.c, hangul_loan.c, hangul_names.c) ---- */

/* Romanisation systems for lk_text__hangul_syllables(). */
enum {
	LK_TEXT__HANGUL_RR = 0,   /* Revised Romanization: 김정은 -> "gim jeong eun" */
	LK_TEXT__HANGUL_MR = 1,   /* McCune-Reischauer, no diacritics: "kim chong un" */
	LK_TEXT__HANGUL_DPRK = 2, /* DPRK usage in Latin script: "kim jong un", "choe ryong hae" */
	LK_TEXT__HANGUL__COUNT
};

/*
 * Romanise each Hangul syllable of s[0..len) on its own, as personal names are written
 * ("Kim Jong Un", "Kim Chong-un"): no sound change across syllables, each syllable as if it
 * began a word, one space between consecutive syllables (and between a syllable and a
 * following or preceding syllable only: other characters are copied as they are). Lower
 * case. system is one of LK_TEXT__HANGUL_*. Returns 0, or LK_ETOOBIG / LK_ENOMEM from out.
 *
 * DPRK usage is the system of DPRK official media and the UN/OFAC list entries of DPRK
 * persons: MR's vowels without breves, ㅈ always "j", aspirates with "h" (ㅌ "th", ㅍ "ph",
 * ㅋ "kh"), ㅊ "ch", ㄱ/ㄷ/ㅂ always "k"/"t"/"p" at the start of a syllable.
 */
int lk_text__hangul_syllables(lk_buf *out, const char *s, size_t len, int system);

/*
 * Read back a foreign name transcribed into Hangul by the Foreign Word Notation, undoing its
 * conventions (hangul_loan.c): 블라디미르 푸틴 -> "bladimir putin", 세르게이 -> "sergei",
 * 카밀라 -> "kamila". Lower case; other characters are copied. Hangul cannot tell b from v,
 * p from f, r from l, so the result needs phonetic keys that fold those. Returns 0, or
 * LK_ETOOBIG / LK_ENOMEM from out.
 */
int lk_text__hangul_loanword(lk_buf *out, const char *s, size_t len);

/*
 * The conventional Latin spellings of a Korean family name given as one Hangul syllable in
 * UTF-8 (exactly that syllable, NUL-terminated): 김 -> {"kim", "gim", NULL}. The list
 * includes the syllable's RR, MR and DPRK forms and the spellings in common use in the ROK,
 * the DPRK and abroad, lower case, most common first. NULL if the syllable is not a known
 * family name (or s is not one syllable). Static storage.
 */
const char *const *lk_text__korean_surname_variants(const char *hangul_syllable_utf8);

/* ---- Korean names in Cyrillic (korean_cyrillic.c) ---- */

#define LK_TEXT__KOR_KEY 48 /* a Korean syllable key, or several separated by '|' */

/*
 * Is the Cyrillic word s[0..n) one Korean syllable as Russian writes it (Ким, Чен, Чжон, Ын,
 * Ир, Сен, Ё, Чхве, Цой)? Any letter that is not Cyrillic makes it false.
 */
bool lk_text__cyrillic_korean_syllable(const char *s, size_t n);

/*
 * Is the Cyrillic word s[0..n) a Korean syllable that no Russian word could be: one that
 * starts with ы (Ын) or with чж кх тх пх чх (Чжон, Пхё, Чхве)? Such words are read as Korean
 * in every variant.
 */
bool lk_text__cyrillic_korean_only(const char *s, size_t n);

/*
 * Append the Latin spelling (DPRK usage, the likeliest reading) of the Cyrillic word s[0..n)
 * read as one Korean syllable: Чен -> "jong", Ын -> "un", Ир -> "il", Цой -> "choe".
 * Returns 0, LK_EINVALID if the word is not one such syllable, or an error from out.
 */
int lk_text__cyrillic_korean(lk_buf *out, const char *s, size_t n);

/*
 * The Korean syllable keys of the Cyrillic word s[0..n) (see lk_text__korean_key): one per
 * Korean syllable the spelling may stand for (final н is ㄴ or ㅇ, е is ㅓ ㅕ or ㅔ),
 * '|'-separated, into out; the likeliest Latin spelling into latin. false if the word is not
 * one Korean syllable.
 */
bool lk_text__cyrillic_korean_keys(char out[LK_TEXT__KOR_KEY], char latin[16], const char *s,
                                   size_t n);

/* Do two Korean key sets (one key, or several '|'-separated) share a key? */
bool lk_text__korean_keys_meet(const char *a, const char *b);

/* ---- Arabic script (arabic.c) ---- */

/* Is cp a letter or vowel sign that lk_text__arabic reads (Arabic and Persian letters)? */
bool lk_text__is_arabic_letter(uint32_t cp);

/*
 * Append the Latin form of the Arabic-script run s[0..len) (letters and vowel signs only, as
 * lk_text__is_arabic_letter accepts; one word): consonants as usually romanised, و ي as the
 * vowels u i where they spell long vowels, hamza seats, ta marbuta and alif maqsura as vowels,
 * نغ as "ng". Lower-case ASCII. Returns 0 or an error from out.
 */
int lk_text__arabic(lk_buf *out, const char *s, size_t len);

/* ---- Han readings (han.c, han_readings.c) ---- */

/* One row of the generated table: offsets into lk_text__han_pool of three reading lists. */
typedef struct lk_text__han_entry {
	uint32_t cp;
	uint16_t korean;   /* kHangul (kKorean fallback), name reading first */
	uint16_t mandarin; /* kMandarin, ASCII pinyin */
	uint16_t japanese; /* kJapaneseOn, lower-case romaji */
} lk_text__han_entry;

/* The generated table (han_readings.c), sorted by cp. */
extern const lk_text__han_entry lk_text__han_table[];
extern const size_t lk_text__han_count;
/* Reading lists: readings each NUL-terminated, then "" ; offset 0 is the empty list. */
extern const char lk_text__han_pool[];
extern const size_t lk_text__han_pool_size;

/* Which reading lk_text__han_reading() returns. */
typedef enum lk_text__han_lang {
	LK_TEXT__HAN_KOREAN = 0,
	LK_TEXT__HAN_MANDARIN,
	LK_TEXT__HAN_JAPANESE
} lk_text__han_lang;

/*
 * The n-th (0-based) reading of cp in a language, or NULL if there are not that many.
 * n = 0 is what the public lk_text_han_* functions return. Static storage.
 */
const char *lk_text__han_reading(uint32_t cp, lk_text__han_lang lang, size_t n);

/* ---- phonetic forms of one token (phonetic.c) ---- */

#define LK_TEXT__MAX_TOKEN 48  /* longer tokens are compared by their first 48 bytes */
#define LK_TEXT__MAX_SKELETONS 4

/*
 * The canonical spelling of a token (lower-case ASCII, as lk_text_latinize writes): the
 * spelling differences between romanisation systems folded to one form (Lawrow, Lavrov ->
 * "lavrov"; Uschakow, Ushakov, Ouchakov -> "ushakov"; Sergej, Sergey -> "sergei"; Jeong,
 * Jong -> "iong"). Writes at most cap-1 bytes and a NUL into out; returns the length.
 */
size_t lk_text__canon(char *out, size_t cap, const char *tok, size_t n);

/*
 * The consonant skeletons of a token, for candidate retrieval: consonants folded into sound
 * classes (b p f v w -> B, t d -> T, k g c q -> K, s z sh ch j ... -> S, l r -> L, m, n),
 * vowels dropped except a leading one (A), repeats collapsed. Letters whose sound depends on
 * the language (j, ch, w) give alternative skeletons. Fills keys[0..] (each NUL-terminated,
 * at most 31 characters); returns how many (1..LK_TEXT__MAX_SKELETONS). keys[0] is the
 * primary one.
 */
size_t lk_text__skeletons(char keys[][32], const char *tok, size_t n);

/*
 * A key for a Latin token that reads as one romanised Korean syllable, the same for its RR,
 * McCune-Reischauer and DPRK spellings (jeong, chong, jong -> one key; eun, un -> one key;
 * kim, gim -> one key). Known family-name spellings (park, lee, choi, ri, and the one-letter
 * i and o of 이 and 오) key to their family name, so that Lee, Yi, Ri and I meet. Returns false if the token cannot be one
 * syllable. out holds at least 16 bytes.
 */
bool lk_text__korean_key(char out[16], const char *tok, size_t n);

/* True if the token (two letters or more) is a conventional spelling of a Korean family name. */
bool lk_text__is_korean_surname(const char *tok, size_t n);

#endif
