/*
 * arabic.c - Arabic-script words to Latin, with the long vowels that the script does write.
 *
 * Arabic script leaves short vowels out but writes long ones with the letters that are also
 * the consonants w and y (و ي) and with alif (ا ى). A letter-by-letter transliteration (ICU's,
 * which this replaced) reads و and ي always as w and y, so بيلوسوف (Belousov) became "bylwswf"
 * and كيم جونغ أون (Kim Jong Un) "kym jwngh awn": their consonant skeletons no longer matched
 * the romanised names. Here, within one word:
 *
 * - و and ي are vowels (u, i) after a consonant, and consonants (w, y) at the start of a word
 *   (after the article too), before a vowel letter (ا ى ة), after a vowel letter or another
 *   long vowel, and when they carry a vowel sign or shadda themselves. ي before و is a
 *   consonant (بيونغ, Byong), as in foreign names with a glide.
 * - Hamza seats: أ is "a", إ "i", but both are silent before و/ي read as a vowel (أون -> "un",
 *   إيل -> "il"), as is a bare ا at the start of a word (اولسن -> "ulsn"); آ is "a", ؤ "u",
 *   ئ "i"; a lone hamza ء is dropped.
 * - ى (alif maqsura) ends names as the vowel "a" (موسى -> "musa", مصطفى -> "mstfa"). ة (ta
 *   marbuta) stays "t", as ICU wrote it: read as "a" (أسامة -> "asama") it matched about one
 *   Arabic/English pair in a hundred more in the evaluation, but its two-class skeletons
 *   (زيارة -> "zyara", S L) also met far more unrelated listed names, in screening and in
 *   the text scanner's links between words.
 * - غ after ن, not before a vowel letter, is the g of "ng" (يانغ -> "yang"): how Arabic writes
 *   the velar nasal of Korean, Chinese and Vietnamese names. Before it, و is "o": -ong is far
 *   more common than -ung in those names (جونغ -> "jong", سونغ -> "song", هونغ كونغ ->
 *   "hong kong"); a Korean syllable key makes Jung and Jong one syllable anyway.
 * - ع, which romanised names render as a vowel (Ali, Abd, Omar), is "a".
 * - Vowel signs, where written, are vowels; shadda, sukun and tatweel add nothing.
 *
 * Consonants keep the usual romanisation (ث th, خ kh, ذ dh, ش sh, غ gh, ق q; Persian پ چ ژ گ).
 */
#include "text_int.h"
#include "lookout/error.h"
#include "lookout/utf8.h"

#include <string.h>

/* Plain consonants, by code point - U+0600 (U+0621..U+064A); NULL where the letter needs context (or is no letter). */
static const char *const consonants[0x4B] = {
	[0x28] = "b", [0x2A] = "t", [0x2B] = "th", [0x2C] = "j", [0x2D] = "h", [0x2E] = "kh",
	[0x2F] = "d", [0x30] = "dh", [0x31] = "r", [0x32] = "z", [0x33] = "s", [0x34] = "sh",
	[0x35] = "s", [0x36] = "d", [0x37] = "t", [0x38] = "z", [0x3A] = "gh", [0x41] = "f",
	[0x42] = "q", [0x43] = "k", [0x44] = "l", [0x45] = "m", [0x46] = "n", [0x47] = "h",
};

enum {
	ALIF = 0x0627, ALIF_MADDA = 0x0622, ALIF_HAMZA = 0x0623, ALIF_HAMZA_BELOW = 0x0625,
	WAW_HAMZA = 0x0624, YEH_HAMZA = 0x0626, HAMZA = 0x0621, TEH_MARBUTA = 0x0629,
	ALIF_MAQSURA = 0x0649, WAW = 0x0648, YEH = 0x064A, FARSI_YEH = 0x06CC, AIN = 0x0639,
	GHAIN = 0x063A, NOON = 0x0646, LAM = 0x0644, ALIF_WASLA = 0x0671, TATWEEL = 0x0640,
	HEH_HAMZA = 0x06C0,
};

bool lk_text__is_arabic_letter(uint32_t cp)
{
	return (cp >= 0x0621 && cp <= 0x063A) || (cp >= 0x0640 && cp <= 0x0652) || cp == 0x0670 ||
	       cp == ALIF_WASLA || cp == 0x067E || cp == 0x0686 || cp == 0x0698 || cp == 0x06A9 ||
	       cp == 0x06AF || cp == FARSI_YEH || cp == HEH_HAMZA;
}

static bool is_mark(uint32_t cp)
{
	return (cp >= 0x064B && cp <= 0x0652) || cp == 0x0670;
}

static bool is_wy(uint32_t cp)
{
	return cp == WAW || cp == YEH || cp == FARSI_YEH;
}

/* Letters that are always vowels. */
static bool is_vowel_letter(uint32_t cp)
{
	return cp == ALIF || cp == ALIF_MADDA || cp == ALIF_MAQSURA || cp == TEH_MARBUTA ||
	       cp == ALIF_WASLA || cp == HEH_HAMZA;
}

/* A seat that is silent before a long vowel: أ إ, and a bare alif opening the word. */
static bool is_seat(const uint32_t *l, size_t i)
{
	return l[i] == ALIF_HAMZA || l[i] == ALIF_HAMZA_BELOW || (l[i] == ALIF && i == 0);
}

#define MAX_LETTERS 128

/*
 * Latin for the letters l[0..n) of one word (vowel signs in mark[i]: the sign after letter i,
 * or 0). Appends to out.
 */
static int word(lk_buf *out, const uint32_t *l, const uint32_t *mark, size_t n)
{
	bool vowel[MAX_LETTERS] = {false}; /* و/ي read as a long vowel */
	size_t start = 0;
	/* The article is written joined: what follows it starts the word (الوليد -> al-walid). */
	if (n >= 4 && (l[0] == ALIF || l[0] == ALIF_WASLA) && l[1] == LAM && !mark[1])
		start = 2;
	for (size_t i = start; i < n; i++) {
		if (!is_wy(l[i]))
			continue;
		bool v = i > start && !mark[i];
		if (v && i + 1 < n && (is_vowel_letter(l[i + 1]) || (l[i] != WAW && l[i + 1] == WAW)))
			v = false; /* a glide before a vowel */
		if (v) {
			uint32_t p = l[i - 1];
			if (p == ALIF_MADDA || p == ALIF_MAQSURA || p == TEH_MARBUTA || p == YEH_HAMZA ||
			    p == WAW_HAMZA || (p == ALIF && i - 1 != 0) || vowel[i - 1])
				v = false; /* after a vowel: aw, ay */
			else if (p == ALIF_HAMZA && l[i] != WAW)
				v = false; /* أي: Ayman, Ayyub */
			else if (mark[i - 1] == 0x064E || mark[i - 1] == 0x064B)
				v = false; /* after fatha: a diphthong */
		}
		vowel[i] = v;
	}
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		uint32_t c = l[i];
		const char *s = "";
		if (c >= 0x0621 && c <= 0x064A && consonants[c - 0x0600]) {
			s = consonants[c - 0x0600];
			/* the g of "ng": not before a vowel, which would make it the consonant gh */
			if (c == GHAIN && i > 0 && l[i - 1] == NOON &&
			    (i + 1 == n || !(is_vowel_letter(l[i + 1]) || vowel[i + 1])) && !mark[i])
				s = "g";
		} else if (c == WAW || c == YEH || c == FARSI_YEH) {
			s = vowel[i] ? (c == WAW ? "u" : "i") : (c == WAW ? "w" : "y");
			/* ونغ is -ong far more often than -ung (Jong, Song, Hong Kong, Dong) */
			if (c == WAW && vowel[i] && i + 2 < n && l[i + 1] == NOON &&
			    l[i + 2] == GHAIN && (i + 3 == n || !is_vowel_letter(l[i + 3])))
				s = "o";
		} else if (c == ALIF_HAMZA || c == ALIF_HAMZA_BELOW || c == ALIF) {
			if (is_seat(l, i) && i + 1 < n && vowel[i + 1])
				s = "";
			else
				s = c == ALIF_HAMZA_BELOW ? "i" : "a";
		} else {
			switch (c) {
			case ALIF_MADDA: case ALIF_WASLA: case ALIF_MAQSURA: case HEH_HAMZA:
				s = "a";
				break;
			case TEH_MARBUTA: s = "t"; break;
			case WAW_HAMZA: s = "u"; break;
			case YEH_HAMZA: s = "i"; break;
			case AIN: s = "a"; break;
			case 0x067E: s = "p"; break;
			case 0x0686: s = "ch"; break;
			case 0x0698: s = "zh"; break;
			case 0x06A9: s = "k"; break;
			case 0x06AF: s = "g"; break;
			default: s = ""; break; /* hamza alone, tatweel */
			}
		}
		rc = lk_buf_puts(out, s);
		const char *m = "";
		switch (mark[i]) {
		case 0x064E: case 0x064B: case 0x0670: m = "a"; break;
		case 0x064F: case 0x064C: m = "u"; break;
		case 0x0650: case 0x064D: m = "i"; break;
		default: break;
		}
		/* A vowel sign before the long vowel it spells (بُو, بِي, بَا) is one vowel. */
		bool long_vowel =
			i + 1 < n && ((vowel[i + 1] && ((*m == 'u' && l[i + 1] == WAW) ||
			                                (*m == 'i' && l[i + 1] != WAW))) ||
			              (*m == 'a' && (l[i + 1] == ALIF || l[i + 1] == ALIF_MAQSURA)));
		if (*m && !rc && !long_vowel)
			rc = lk_buf_puts(out, m);
	}
	return rc;
}

int lk_text__arabic(lk_buf *out, const char *s, size_t len)
{
	uint32_t letters[MAX_LETTERS], marks[MAX_LETTERS];
	size_t n = 0;
	int rc = 0;
	for (size_t i = 0; i < len && !rc;) {
		uint32_t cp;
		i += lk_utf8_decode(s + i, len - i, &cp);
		if (cp == TATWEEL)
			continue;
		if (is_mark(cp)) {
			/* the first sign on a letter counts (shadda + fatha: the fatha) */
			if (n > 0 && (marks[n - 1] == 0 || marks[n - 1] == 0x0651 ||
			              marks[n - 1] == 0x0652))
				marks[n - 1] = cp;
			continue;
		}
		if (n == MAX_LETTERS) {
			/* A "word" this long is no name: emit what we have and go on. */
			rc = word(out, letters, marks, n);
			n = 0;
		}
		letters[n] = cp;
		marks[n++] = 0;
	}
	if (!rc && n)
		rc = word(out, letters, marks, n);
	return rc;
}
