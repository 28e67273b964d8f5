/*
 * hangul_names.c - the Latin spellings in use for common Korean family names.
 *
 * Korean family names are rarely written in any one system: 김 is "Kim" everywhere although
 * RR says "Gim", 이 is "Lee" in the ROK and abroad, "Yi" or "Rhee" in older usage and "Ri" in
 * the DPRK (which writes the syllable 리), 박 is "Park" in the ROK and "Pak" in the DPRK. The
 * matcher needs all of them as keys. Each row lists the conventional spellings, most common
 * first, and always the syllable's RR, MR and DPRK forms (a test checks that), so a caller
 * can rely on this list alone for a known family name.
 *
 * Syllables that are spelt differently north and south because of the ROK's initial-sound
 * rule (이/리, 임/림, 양/량, 노/로, 유/류, 염/렴, 여/려, 용/룡, 육/륙, 나/라) list the other
 * side's spellings too: the same person is 리 in Pyongyang and 이 in a Seoul newspaper.
 */
#include "text/text_int.h"

#include <string.h>

#define MAX_VARIANTS 8

typedef struct surname {
	const char *hangul;
	const char *const latin[MAX_VARIANTS + 1]; /* NULL-terminated */
} surname;

static const surname surnames[] = {
	{"김", {"kim", "gim", NULL}},
	{"이", {"lee", "yi", "rhee", "ri", "i", "li", "rhie", NULL}},
	{"리", {"ri", "lee", "yi", "rhee", "li", "i", NULL}},
	{"박", {"park", "pak", "bak", "bahk", NULL}},
	{"최", {"choi", "choe", "chwe", NULL}},
	{"정", {"jung", "chung", "jeong", "jong", "chong", "cheong", NULL}},
	{"강", {"kang", "gang", NULL}},
	{"조", {"cho", "jo", "joe", NULL}},
	{"윤", {"yoon", "yun", "youn", NULL}},
	{"장", {"jang", "chang", NULL}},
	{"임", {"lim", "im", "rim", "yim", NULL}},
	{"림", {"rim", "lim", "im", "yim", NULL}},
	{"한", {"han", NULL}},
	{"오", {"oh", "o", NULL}},
	{"서", {"seo", "suh", "so", NULL}},
	{"신", {"shin", "sin", NULL}},
	{"권", {"kwon", "gwon", "kweon", NULL}},
	{"황", {"hwang", NULL}},
	{"안", {"ahn", "an", NULL}},
	{"송", {"song", NULL}},
	{"류", {"ryu", "yoo", "yu", "ryoo", "lyu", "you", NULL}},
	{"유", {"yoo", "yu", "ryu", "you", "ryoo", NULL}},
	{"홍", {"hong", NULL}},
	{"전", {"jeon", "chun", "jon", "chon", "jun", NULL}},
	{"고", {"ko", "go", "koh", NULL}},
	{"문", {"moon", "mun", NULL}},
	{"양", {"yang", "ryang", NULL}},
	{"량", {"ryang", "yang", NULL}},
	{"손", {"son", "sohn", NULL}},
	{"배", {"bae", "pae", NULL}},
	{"백", {"baek", "paek", "baik", "paik", NULL}},
	{"허", {"heo", "hur", "ho", "huh", NULL}},
	{"남", {"nam", NULL}},
	{"노", {"roh", "no", "noh", "ro", NULL}},
	{"로", {"ro", "roh", "no", "noh", NULL}},
	{"하", {"ha", NULL}},
	{"곽", {"kwak", "gwak", NULL}},
	{"성", {"sung", "song", "seong", NULL}},
	{"차", {"cha", NULL}},
	{"주", {"ju", "joo", "chu", "choo", NULL}},
	{"우", {"woo", "u", "wu", NULL}},
	{"구", {"koo", "ku", "gu", NULL}},
	{"민", {"min", NULL}},
	{"진", {"jin", "chin", NULL}},
	{"지", {"ji", "chi", NULL}},
	{"엄", {"um", "eom", "om", NULL}},
	{"채", {"chae", NULL}},
	{"원", {"won", NULL}},
	{"천", {"chun", "cheon", "chon", NULL}},
	{"방", {"bang", "pang", NULL}},
	{"공", {"kong", "gong", NULL}},
	{"현", {"hyun", "hyon", "hyeon", NULL}},
	{"함", {"ham", NULL}},
	{"변", {"byun", "pyon", "byeon", "pyun", NULL}},
	{"염", {"yeom", "yom", "yum", "ryom", NULL}},
	{"렴", {"ryom", "yeom", "yom", "ryeom", NULL}},
	{"여", {"yeo", "yo", "ryo", "yuh", NULL}},
	{"려", {"ryo", "yeo", "yo", "ryeo", NULL}},
	{"추", {"choo", "chu", NULL}},
	{"도", {"do", "to", "doh", NULL}},
	{"소", {"so", NULL}},
	{"석", {"seok", "sok", "suk", NULL}},
	{"선", {"sun", "son", "seon", NULL}},
	{"설", {"seol", "sol", "sul", NULL}},
	{"마", {"ma", NULL}},
	{"길", {"gil", "kil", NULL}},
	{"연", {"yeon", "yon", "youn", NULL}},
	{"위", {"wi", "wee", NULL}},
	{"표", {"pyo", "phyo", NULL}},
	{"명", {"myung", "myong", "myeong", NULL}},
	{"기", {"ki", "gi", NULL}},
	{"반", {"ban", "pan", NULL}},
	{"왕", {"wang", NULL}},
	{"금", {"keum", "kum", "geum", NULL}},
	{"옥", {"ok", NULL}},
	{"육", {"yuk", "ryuk", "yook", NULL}},
	{"륙", {"ryuk", "yuk", NULL}},
	{"인", {"in", NULL}},
	{"맹", {"maeng", NULL}},
	{"제", {"je", "che", "jae", NULL}},
	{"모", {"mo", NULL}},
	{"탁", {"tak", "thak", NULL}},
	{"국", {"kook", "kuk", "guk", NULL}},
	{"어", {"eo", "o", "uh", NULL}},
	{"은", {"eun", "un", NULL}},
	{"편", {"pyun", "pyon", "pyeon", "phyon", NULL}},
	{"용", {"yong", "ryong", NULL}},
	{"룡", {"ryong", "yong", NULL}},
	{"심", {"shim", "sim", NULL}},
	{"나", {"na", "ra", "nah", NULL}},
	{"라", {"ra", "na", "la", NULL}},
	{"봉", {"bong", "pong", NULL}},
	{"경", {"kyung", "kyeong", "kyong", "gyeong", NULL}},
	{"계", {"kye", "gye", NULL}},
	{"두", {"doo", "du", "tu", NULL}},
	{"태", {"tae", "thae", NULL}},
	{"피", {"pi", "phi", "pee", NULL}},
	{"사", {"sa", NULL}},
	{"시", {"si", "shi", "see", NULL}},
	{"가", {"ka", "ga", NULL}},
	{"감", {"kam", "gam", NULL}},
	{"빈", {"bin", "pin", NULL}},
	{"팽", {"paeng", "phaeng", NULL}},
	{"동", {"dong", "tong", NULL}},
};

const char *const *lk_text__korean_surname_variants(const char *hangul_syllable_utf8)
{
	const char *s = hangul_syllable_utf8;

	/* Every precomposed syllable is three bytes in UTF-8; anything else cannot match. */
	if (!s || strlen(s) != 3)
		return NULL;
	for (size_t i = 0; i < LK_ARRAY_SIZE(surnames); i++) {
		if (memcmp(surnames[i].hangul, s, 3) == 0)
			return surnames[i].latin;
	}
	return NULL;
}
