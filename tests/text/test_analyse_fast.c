/*
 * test_analyse_fast.c - the fast paths of name analysis give exactly what the general paths
 * give.
 *
 * lk_text_latinize skips NFKC for Latin text and writes ASCII runs at once; lk_match__analyse
 * splits ASCII names straight from their bytes; the canonical spelling, the Korean syllable
 * key and the Korean family-name lookup were rewritten for speed. Each is compared here with
 * the general path (lk_text__latinize_general, lk_match__analyse_general) or with the
 * previous implementation kept below as the reference, on real names (the yente benchmark
 * sets and the names of the UN, OFAC and UK lists) and on generated ones.
 */
#include "lk_test.h"
#include "match/match_int.h"
#include "text/text_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>

/* ---- names ---- */

typedef struct names {
	char **v;
	size_t n, cap;
} names;

static void push(names *ns, const char *s, size_t len)
{
	if (ns->n == ns->cap) {
		ns->cap = ns->cap ? ns->cap * 2 : 1024;
		ns->v = realloc(ns->v, ns->cap * sizeof *ns->v);
		assert_non_null(ns->v);
	}
	char *c = malloc(len + 1);
	assert_non_null(c);
	memcpy(c, s, len);
	c[len] = 0;
	ns->v[ns->n++] = c;
}

static void names_free(names *ns)
{
	for (size_t i = 0; i < ns->n; i++)
		free(ns->v[i]);
	free(ns->v);
}

/* The first column (full_name) of every step-th row of a yente benchmark CSV. */
static void load_csv(names *ns, const char *rel, size_t step)
{
	size_t len;
	char *data = lk_test_read_file(lk_test_data(rel), &len);
	char field[4096];
	size_t row = 0;
	const char *p = strchr(data, '\n'); /* skip the header */
	while (p && *++p) {
		size_t f = 0;
		if (*p == '"') {
			for (p++; *p && f + 1 < sizeof field; p++) {
				if (*p == '"' && p[1] == '"')
					field[f++] = *p++;
				else if (*p == '"')
					break;
				else
					field[f++] = *p;
			}
		} else {
			while (*p && *p != ',' && *p != '\n' && f + 1 < sizeof field)
				field[f++] = *p++;
		}
		if (f > 0 && row++ % step == 0)
			push(ns, field, f);
		p = strchr(p, '\n');
	}
	free(data);
}

/* Every name value of a list. */
static void load_list(names *ns, const char *rel)
{
	const char *path = lk_test_data(rel);
	lk_list *l = NULL;
	assert_int_equal(lk_list_parse(&l, &path, 1, NULL), 0);
	for (size_t e = 0; e < l->count; e++)
		for (size_t v = 0; v < l->entities[e]->nvalues; v++) {
			const lk_value *val = &l->entities[e]->values[v];
			if (lk_prop_kind_of(val->prop) == LK_KIND_NAME)
				push(ns, val->value, strlen(val->value));
		}
	lk_list_free(l);
}

static names real_names(void)
{
	names ns = {0};
	load_csv(&ns, "eval/yente_benchmark/positives_un_treated.csv", 1);
	load_csv(&ns, "eval/yente_benchmark/positives_un_untreated.csv", 1);
	load_csv(&ns, "eval/yente_benchmark/positives_us_congress_untreated.csv", 1);
	load_csv(&ns, "eval/yente_benchmark/negatives_global.csv", 5);
	load_csv(&ns, "eval/yente_benchmark/negatives_us.csv", 10);
	load_list(&ns, "lists/un/un_consolidated_20260227.xml");
	load_list(&ns, "lists/ofac/sdn-2024-05-03/sdn.csv");
	load_list(&ns, "lists/uk/hmt_ofsi_ConList_20180413.csv");
	return ns;
}

/* A small deterministic generator (xorshift). */
static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint32_t next(uint32_t n)
{
	return (uint32_t)(lk_test_rand(&rng) % n);
}

/*
 * A generated name: ASCII letters, digits, punctuation, apostrophes, commas and spaces,
 * Latin letters with diacritics, and now and then what the fast paths must not take (the
 * six Latin letters NFKC rewrites, combining marks, other Latin-1 signs, Cyrillic, Hangul).
 * Long words and many words test the token limits.
 */
static size_t gen_name(char *out, size_t cap, bool ascii_only)
{
	static const char ascii[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	                            "      ,,..--''``/()&@#\t";
	static const uint32_t odd[] = {0x132, 0x133, 0x13F, 0x140, 0x149, 0x17F, 0x301, 0x308,
	                               0xA0,  0xAA,  0xB2,  0xB7,  0xBD,  0xD7,  0xF7,  0x2019,
	                               0x41F, 0x443, 0x419, 0x418, 0x306, 0xAE40, 0x5F20, 0x627,
	                               0x654, 0x64E, 0x1100, 0x1161, 0x11A8, 0xF900, 0xFB01, 0xFF21};
	size_t n = 0, len = 1 + next(next(4) == 0 ? 160 : 30);
	while (n < len && n + 4 < cap) {
		uint32_t k = next(100);
		if (ascii_only || k < 75)
			out[n++] = ascii[next(sizeof ascii - 1)];
		else if (k < 95)
			n += lk_test_put_utf8(out + n, 0xC0 + next(0xC0));
		else
			n += lk_test_put_utf8(out + n, odd[next(LK_ARRAY_SIZE(odd))]);
	}
	out[n] = 0;
	return n;
}

/* ---- latinize: fast against general ---- */

static void same_latin(const char *s, size_t len, lk_translit v)
{
	lk_buf a, b;
	lk_buf_init(&a, 0);
	lk_buf_init(&b, 0);
	int ra = lk_text_latinize(&a, s, len, v), rb = lk_text__latinize_general(&b, s, len, v);
	if (ra != rb || strcmp(lk_buf_cstr(&a), lk_buf_cstr(&b)) != 0)
		fail_msg("latinize(\"%s\", %d): fast %d \"%s\", general %d \"%s\"", s, v, ra,
		         lk_buf_cstr(&a), rb, lk_buf_cstr(&b));
	lk_buf_dispose(&a);
	lk_buf_dispose(&b);
}

static void test_text_latinize__fast_path_is_exact(void **state)
{
	names *ns = *state;
	for (size_t i = 0; i < ns->n; i++) {
		const char *s = ns->v[i];
		unsigned m = 1u | lk_text_translit_variants(s, strlen(s));
		for (unsigned v = 0; v < LK_TRANSLIT__COUNT; v++)
			if (m & (1u << v))
				same_latin(s, strlen(s), (lk_translit)v);
	}
	/* Every code point up to U+017F and some of each script NFKC is skipped for, alone and
	 * between letters and marks (U+0301, U+0306 and U+0308 compose with what precedes). */
	for (uint32_t cp = 1; cp < 0xE000; cp += cp < 0x180 ? 1 : cp < 0x700 ? 3 : 97) {
		static const char *const ctx[][2] = {
			{"", ""}, {"a", "b"}, {"A ", "-"}, {"e", "\xcc\x81"}, {"\xc3\xa9", "\xcc\x88x"},
			{"\xd0\x98", "\xcc\x86"}, {"", "\xcc\x86"}, {"\xea\xb9\x80", "\xe1\x86\xa8"},
		};
		for (size_t c = 0; c < LK_ARRAY_SIZE(ctx); c++) {
			char buf[32];
			size_t n = strlen(ctx[c][0]);
			memcpy(buf, ctx[c][0], n);
			n += lk_test_put_utf8(buf + n, cp);
			strcpy(buf + n, ctx[c][1]);
			same_latin(buf, strlen(buf), LK_TRANSLIT_DEFAULT);
		}
	}
	/* Generated names, and an output buffer that is nearly full. */
	for (int i = 0; i < 8000; i++) {
		char buf[1024];
		size_t n = gen_name(buf, sizeof buf, i % 3 == 0);
		same_latin(buf, n, (lk_translit)next(LK_TRANSLIT__COUNT));
		for (size_t max = 1; max < 12; max += 5) {
			lk_buf a, b;
			lk_buf_init(&a, max);
			lk_buf_init(&b, max);
			int ra = lk_text_latinize(&a, buf, n, 0), rb = lk_text__latinize_general(&b, buf, n, 0);
			assert_int_equal(ra, rb);
			assert_string_equal(lk_buf_cstr(&a), lk_buf_cstr(&b));
			lk_buf_dispose(&a);
			lk_buf_dispose(&b);
		}
	}
}

/* The letters the fast path keeps out of NFKC are in NFKC in any context, by ICU's own
 * reckoning (quick check "yes", no combining class), and the Latin letters NFKC rewrites are
 * not among them. */
static void test_text_latinize__stable_letters_are_nfkc(void **state)
{
	(void)state;
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *n2 = unorm2_getNFKCInstance(&err);
	assert_false(U_FAILURE(err));
	size_t count = 0;
	for (uint32_t cp = 0x80; cp <= 0xFFFF; cp++) {
		if (!lk_text__nfkc_stable_letter(cp))
			continue;
		count++;
		UChar c = (UChar)cp;
		if (unorm2_quickCheck(n2, &c, 1, &err) != UNORM_YES || U_FAILURE(err) ||
		    unorm2_getCombiningClass(n2, c) != 0)
			fail_msg("U+%04X is taken as NFKC-stable but is not", cp);
	}
	assert_true(count > 20000);
	static const uint32_t rewritten[] = {0x132, 0x133, 0x13F, 0x140, 0x149, 0x17F};
	for (size_t i = 0; i < LK_ARRAY_SIZE(rewritten); i++)
		assert_false(lk_text__nfkc_stable_letter(rewritten[i]));
}

/* ---- analyse: fast against general ---- */

static void same_tokens(const char *name, size_t len, lk_translit v, name_kind kind,
                        const char *const *fam, size_t nfam)
{
	wtoken a[MAX_TOKENS], b[MAX_TOKENS];
	int na = lk_match__analyse(a, name, len, v, kind, fam, nfam);
	int nb = lk_match__analyse_general(b, name, len, v, kind, fam, nfam);
	if (na != nb)
		fail_msg("analyse(\"%s\", %d, kind %d): %d tokens fast, %d general", name, v, kind, na,
		         nb);
	for (int t = 0; t < na; t++) {
		bool ok = strcmp(a[t].text, b[t].text) == 0 && strcmp(a[t].canon, b[t].canon) == 0 &&
		          strcmp(a[t].kor, b[t].kor) == 0 && a[t].len == b[t].len &&
		          a[t].canon_len == b[t].canon_len && a[t].role == b[t].role &&
		          a[t].loose == b[t].loose && a[t].nskel == b[t].nskel;
		for (int k = 0; ok && k < a[t].nskel; k++)
			ok = strcmp(a[t].skel[k], b[t].skel[k]) == 0;
		if (!ok)
			fail_msg("analyse(\"%s\", %d, kind %d): token %d differs: fast \"%s\"/\"%s\"/%d, "
			         "general \"%s\"/\"%s\"/%d",
			         name, v, kind, t, a[t].text, a[t].canon, a[t].role, b[t].text, b[t].canon,
			         b[t].role);
	}
}

static void same_analysis(const char *name, size_t len)
{
	/* Only ASCII names take the fast path of the analysis itself: the other names are
	 * compared as persons (their latinization has its own test above). */
	bool ascii = true;
	for (size_t i = 0; i < len; i++)
		ascii &= (unsigned char)name[i] < 0x80;
	unsigned m = 1u | lk_text_translit_variants(name, len);
	for (unsigned v = 0; v < LK_TRANSLIT__COUNT; v++) {
		if (!(m & (1u << v)))
			continue;
		for (int kind = KIND_PERSON; kind <= (ascii ? KIND_ANY : KIND_PERSON); kind++)
			same_tokens(name, len, (lk_translit)v, (name_kind)kind, NULL, 0);
	}
	/* With a family-name hint, as the index gives one: the last latinized word. */
	lk_buf b;
	lk_buf_init(&b, 0);
	if (lk_text_latinize(&b, name, len, 0) == 0 && b.len > 0) {
		const char *last = strrchr(lk_buf_cstr(&b), ' ');
		const char *fam[1] = {last ? last + 1 : lk_buf_cstr(&b)};
		same_tokens(name, len, LK_TRANSLIT_DEFAULT, KIND_PERSON, fam, 1);
	}
	lk_buf_dispose(&b);
}

static void test_match_analyse__fast_path_is_exact(void **state)
{
	names *ns = *state;
	for (size_t i = 0; i < ns->n; i++)
		same_analysis(ns->v[i], strlen(ns->v[i]));
	static const char *const edge[] = {
		"", " ", ",", "LAVROV,", ", Sergei", "O'Brien, Pat", "'", "a'b c`d", "--x--",
		"MV ATLANTIC STAR", "Alpha Trading LLC", "123 456", "AL-ZAWAHIRI, Ayman",
		"KIM, Jong Un", "Ri Chol Man", "Choe Ryong Hae", "Sergeevich Ivan Petrovich",
		"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz0123",
		"a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e",
	};
	for (size_t i = 0; i < LK_ARRAY_SIZE(edge); i++)
		same_analysis(edge[i], strlen(edge[i]));
	for (int i = 0; i < 8000; i++) {
		char buf[1024];
		size_t n = gen_name(buf, sizeof buf, i % 2 == 0);
		same_analysis(buf, n);
	}
}

/* ---- the rewritten token functions against their previous implementations ---- */

/* The canonical spelling as it was: every rule tried in table order at each position. */
static size_t canon_ref(char *out, size_t cap, const char *tok, size_t n)
{
	static const struct {
		const char *from, *to;
	} rules[] = {
		{"schtsch", "shch"}, {"shtch", "shch"}, {"szcz", "shch"}, {"tsch", "ch"}, {"dzh", "j"},
		{"sch", "sh"},       {"tch", "ch"},     {"ckh", "kh"},    {"sz", "sh"},   {"cz", "ch"},
		{"ck", "k"},         {"ph", "f"},       {"th", "t"},      {"dh", "d"},    {"gh", "g"},
		{"ou", "u"},         {"oo", "u"},       {"ee", "i"},      {"eo", "o"},    {"eu", "u"},
		{"ey", "ei"},        {"ej", "ei"},      {"ij", "i"},      {"iy", "i"},    {"yy", "i"},
		{"dj", "j"},         {"kw", "kv"},      {"ow", "ov"},     {"ew", "ev"},   {"x", "ks"},
		{"q", "k"},          {"w", "v"},        {"y", "i"},       {"j", "i"},
	};
	size_t o = 0;
	if (n > LK_TEXT__MAX_TOKEN)
		n = LK_TEXT__MAX_TOKEN;
	for (size_t i = 0; i < n && o + 1 < cap;) {
		const char *to = NULL;
		size_t used = 1;
		for (size_t r = 0; r < LK_ARRAY_SIZE(rules); r++) {
			size_t fl = strlen(rules[r].from);
			if (fl <= n - i && memcmp(tok + i, rules[r].from, fl) == 0) {
				to = rules[r].to;
				used = fl;
				break;
			}
		}
		const char *w = to ? to : (const char[]){tok[i], 0};
		for (; *w && o + 1 < cap; w++) {
			if (o > 0 && out[o - 1] == *w && !(*w >= '0' && *w <= '9'))
				continue;
			out[o++] = *w;
		}
		i += used;
	}
	out[o] = 0;
	return o;
}

/* The Korean family-name row as it was: a linear search of the spellings in row order. */
static int surname_row_ref(const char *tok, size_t n)
{
	static char spelling[1024][12];
	static uint16_t row_of[1024];
	static size_t count;
	if (count == 0) {
		uint16_t row = 0;
		for (uint32_t cp = 0xAC00; cp <= 0xD7A3; cp++) {
			char utf8[4] = {(char)(0xE0 | (cp >> 12)), (char)(0x80 | ((cp >> 6) & 0x3F)),
			                (char)(0x80 | (cp & 0x3F)), 0};
			const char *const *v = lk_text__korean_surname_variants(utf8);
			if (!v)
				continue;
			row++;
			for (; *v; v++) {
				size_t len = strlen(*v);
				bool seen = len >= sizeof spelling[0];
				for (size_t k = 0; k < count && !seen; k++)
					seen = strcmp(spelling[k], *v) == 0;
				if (seen || count >= 1024)
					continue;
				memcpy(spelling[count], *v, len + 1);
				row_of[count++] = row;
			}
		}
	}
	if (n < 1 || n >= sizeof spelling[0])
		return -1;
	for (size_t k = 0; k < count; k++)
		if (strncmp(spelling[k], tok, n) == 0 && spelling[k][n] == 0)
			return row_of[k];
	return -1;
}

/* The Korean syllable key as it was: every onset, vowel and coda tried in table order. */
static bool korean_key_ref(char out[16], const char *tok, size_t n)
{
	typedef struct {
		const char *latin, *key;
	} part;
	static const part onsets[] = {
		{"tch", "J"}, {"kk", "K"}, {"gg", "K"}, {"kh", "K"}, {"tt", "T"}, {"th", "T"},
		{"pp", "P"},  {"ph", "P"}, {"jj", "J"}, {"ch", "J"}, {"ss", "S"}, {"sh", "S"},
		{"g", "K"},   {"k", "K"},  {"d", "T"},  {"t", "T"},  {"b", "P"},  {"p", "P"},
		{"j", "J"},   {"s", "S"},  {"h", "H"},  {"m", "M"},  {"n", "N"},  {"r", "L"},
		{"l", "L"},   {"", ""},
	};
	static const part vowels[] = {
		{"yeo", "YO"}, {"yae", "YE"}, {"wae", "WE"}, {"weo", "WO"}, {"yeu", "YO"}, {"eo", "O"},
		{"eu", "O"},   {"ae", "E"},   {"oe", "WE"},  {"ui", "I"},   {"ya", "YA"},  {"yo", "YO"},
		{"yu", "YO"},  {"ye", "YE"},  {"wa", "WA"},  {"we", "WE"},  {"wo", "WO"},  {"wi", "WI"},
		{"oo", "O"},   {"ee", "I"},   {"a", "A"},    {"e", "E"},    {"i", "I"},    {"o", "O"},
		{"u", "O"},
	};
	static const part codas[] = {
		{"ng", "NG"}, {"n", "N"}, {"m", "M"}, {"k", "K"}, {"g", "K"}, {"t", "T"}, {"d", "T"},
		{"s", "T"},   {"p", "P"}, {"b", "P"}, {"l", "L"}, {"r", "L"}, {"", ""},
	};
	int row = surname_row_ref(tok, n);
	if (row >= 0) {
		snprintf(out, 16, "S%d", row);
		return true;
	}
	if (n == 0 || n > 7)
		return false;
	for (size_t o = 0; o < LK_ARRAY_SIZE(onsets); o++) {
		size_t ol = strlen(onsets[o].latin);
		if (ol > n || memcmp(tok, onsets[o].latin, ol) != 0)
			continue;
		for (size_t v = 0; v < LK_ARRAY_SIZE(vowels); v++) {
			size_t vl = strlen(vowels[v].latin);
			if (ol + vl > n || memcmp(tok + ol, vowels[v].latin, vl) != 0)
				continue;
			size_t rest = n - ol - vl;
			for (size_t c = 0; c < LK_ARRAY_SIZE(codas); c++)
				if (strlen(codas[c].latin) == rest &&
				    memcmp(tok + ol + vl, codas[c].latin, rest) == 0) {
					snprintf(out, 16, "%s%s%s", onsets[o].key, vowels[v].key, codas[c].key);
					return true;
				}
		}
	}
	return false;
}

static void same_token(const char *tok, size_t n)
{
	char a[TOKEN_CAP], b[TOKEN_CAP];
	for (size_t cap = 1; cap <= TOKEN_CAP; cap += cap < 8 ? 1 : 20) {
		size_t la = lk_text__canon(a, cap, tok, n), lb = canon_ref(b, cap, tok, n);
		if (la != lb || strcmp(a, b) != 0)
			fail_msg("canon(\"%.*s\", cap %zu): \"%s\", previously \"%s\"", (int)n, tok, cap, a,
			         b);
	}
	char ka[16] = "", kb[16] = "";
	bool ra = lk_text__korean_key(ka, tok, n), rb = korean_key_ref(kb, tok, n);
	if (ra != rb || (ra && strcmp(ka, kb) != 0))
		fail_msg("korean_key(\"%.*s\"): %d \"%s\", previously %d \"%s\"", (int)n, tok, ra, ka, rb,
		         kb);
	bool sa = lk_text__is_korean_surname(tok, n), sb = n >= 2 && surname_row_ref(tok, n) >= 0;
	if (sa != sb)
		fail_msg("is_korean_surname(\"%.*s\"): %d, previously %d", (int)n, tok, sa, sb);
}

static void test_text_token_forms__same_as_before(void **state)
{
	names *ns = *state;
	/* Every token of the real names. */
	for (size_t i = 0; i < ns->n; i++) {
		lk_buf b;
		lk_buf_init(&b, 0);
		if (lk_text_latinize(&b, ns->v[i], strlen(ns->v[i]), 0) == 0)
			for (const char *p = lk_buf_cstr(&b); *p;) {
				size_t n = strcspn(p, " ");
				same_token(p, n);
				p += n;
				p += *p == ' ';
			}
		lk_buf_dispose(&b);
	}
	/* Every spelling of every Korean syllable in the three systems and of the family names,
	 * and the syllables with one letter changed, dropped or added. */
	for (uint32_t cp = 0xAC00; cp <= 0xD7A3; cp += 7) {
		char utf8[4] = {0};
		lk_test_put_utf8(utf8, cp);
		for (int sys = 0; sys < LK_TEXT__HANGUL__COUNT; sys++) {
			lk_buf b;
			lk_buf_init(&b, 0);
			assert_int_equal(lk_text__hangul_syllables(&b, utf8, 3, sys), 0);
			char t[16];
			size_t n = b.len < 12 ? b.len : 12;
			memcpy(t, b.ptr, n);
			same_token(t, n);
			for (size_t k = 0; k <= n; k++) {
				char u[16];
				memcpy(u, t, k);
				u[k] = (char)('a' + next(26));
				memcpy(u + k + 1, t + k, n - k);
				same_token(u, n + 1);
				if (k < n) {
					memcpy(u + k, t + k + 1, n - k - 1);
					same_token(u, n - 1);
				}
			}
			lk_buf_dispose(&b);
		}
		const char *const *v = lk_text__korean_surname_variants(utf8);
		for (; v && *v; v++)
			same_token(*v, strlen(*v));
	}
	/* Generated tokens, of letters that rules start with and others, digits, a NUL. */
	static const char alpha[] = "abcdeghijklmnoprstuwyzqxfv0123456789schtzejwy";
	for (int i = 0; i < 60000; i++) {
		char t[64];
		size_t n = 1 + next(i % 10 == 0 ? 60 : 8);
		for (size_t k = 0; k < n; k++)
			t[k] = alpha[next(sizeof alpha - 1)];
		if (i % 101 == 0)
			t[next((uint32_t)n)] = 0;
		same_token(t, n);
	}
}

static int setup(void **state)
{
	names *ns = malloc(sizeof *ns);
	assert_non_null(ns);
	*ns = real_names();
	*state = ns;
	return 0;
}

static int teardown(void **state)
{
	names *ns = *state;
	if (ns)
		names_free(ns);
	free(ns);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_latinize__stable_letters_are_nfkc),
		cmocka_unit_test(test_text_latinize__fast_path_is_exact),
		cmocka_unit_test(test_match_analyse__fast_path_is_exact),
		cmocka_unit_test(test_text_token_forms__same_as_before),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
