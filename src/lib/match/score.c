/*
 * score.c - how alike two names are, part by part: the exact score, its bounds, and the
 * memo of token credits.
 *
 * Name parts are aligned greedily by similarity (so "LAVROV, Sergei" meets "Sergej Lawrow"
 * whatever the order), two parts may meet one ("Jong Un" ~ "Jongun"), and the name score is
 * the weighted share of the parts that met:
 *
 *     sum over aligned pairs of credit * (w_query + w_candidate)
 *     ---------------------------------------------------------------------------
 *     sum of w_query + sum of aligned w_candidate + LAMBDA * unaligned w_candidate
 *
 * so an unmatched query part costs its full weight and an unmatched listed part (a missing
 * patronymic, a legal form) costs LAMBDA of its weight. Weights are role weights (family >
 * given > patronymic > legal form) times rarity in the lists. What birth dates, countries,
 * gender and identifiers do with the name score is features.c.
 */
#include "match_int.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define LAMBDA 0.6          /* share of an unmatched candidate part's weight that counts */
#define LAMBDA_CORE 0.75    /* the same for a candidate's given, family and main name parts */
#define UNMATCHED_RARITY_FLOOR 0.75
#define FUZZY_FLOOR 0.85    /* Jaro-Winkler below this is no match at all */
#define SKELETON_CREDIT 0.85 /* credit of loose tokens with the same consonant skeleton */

const char *lk_part_how_name(lk_part_how h)
{
	static const char *const n[] = {"exact", "phonetic", "fuzzy", "initial", "joined",
	                                "unmatched"};
	return (unsigned)h < LK_ARRAY_SIZE(n) ? n[h] : "unmatched";
}

uint32_t lk_match__letters(const char *text, size_t len)
{
	uint32_t m = 0;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (c >= 'a' && c <= 'z')
			m |= 1u << (c - 'a');
		else if (c >= '0' && c <= '9')
			m |= 1u << 26;
	}
	return m;
}

/* Bits set in x (portable: no POPCNT instruction assumed). */
static inline int bits(uint32_t x)
{
	x = x - ((x >> 1) & 0x55555555u);
	x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
	return (int)((((x + (x >> 4)) & 0x0F0F0F0Fu) * 0x01010101u) >> 24);
}

/*
 * The quick bound (quick_bound, may_meet) counts bits a dozen times a name, and is the engine's
 * busiest code: it is compiled twice, once with the POPCNT instruction for the processors that
 * have it (chosen once, at run time), once portable. hw is a constant in either copy.
 */
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__)) && !defined(__POPCNT__)
#define POPCNT_COPY 1
#else
#define POPCNT_COPY 0
#endif

static inline __attribute__((always_inline)) int bits_hw(uint32_t x, bool hw)
{
#if POPCNT_COPY || defined(__POPCNT__)
	if (hw)
		return __builtin_popcount(x);
#endif
	(void)hw;
	return bits(x);
}

/* Parts of a person's name, which initials may stand for. */
static bool personal(uint8_t r)
{
	return r == ROLE_NAME || r == ROLE_GIVEN || r == ROLE_FAMILY || r == ROLE_PATRONYMIC ||
	       r == ROLE_INITIAL;
}

/*
 * Do two tokens meet by consonant skeleton? Only when one side's vowels are unreliable.
 * Arabic/Hebrew script leaves vowels out, so lengths differ (mhmd ~ mohamed, msh ~ moshe) and
 * two consonant classes are enough; a Hangul reading keeps vowels, so lengths must be close
 * (or Putin would meet Potanin) and three classes are needed.
 */
/* The consonants of a token (a doubled letter and the digraphs kh sh th gh ch dh ph count
 * once: mohammed has four, like mhmd) and its vowel groups (runs of vowel letters; y is a
 * vowel, as in the skeleton). */
static void shape(const mtoken *t, int *consonants, int *vowel_groups)
{
	*consonants = *vowel_groups = 0;
	bool prev_vowel = false;
	for (size_t i = 0; i < t->len; i++) {
		char c = t->text[i];
		bool v = strchr("aeiouy", c) != NULL;
		if (!v && i > 0 && (t->text[i - 1] == c || (c == 'h' && strchr("kstgcdp", t->text[i - 1]))))
			continue;
		*consonants += !v;
		*vowel_groups += v && !prev_vowel;
		prev_vowel = v;
	}
}

static bool skeleton_meets(const mtoken *a, const mtoken *b)
{
	if ((!a->loose && !b->loose) || !a->skel || !b->skel || strcmp(a->skel, b->skel) != 0)
		return false;
	size_t sl = strlen(a->skel);
	if (a->loose == LOOSE_ABJAD || b->loose == LOOSE_ABJAD) {
		/* Arabic script writes long vowels (و ي ا as u i a) but no short ones: the other
		 * side has at least as many vowels as the abjad spelling shows (kanu is not khan,
		 * ijani not osin). */
		const mtoken *abjad = a->loose == LOOSE_ABJAD ? a : b, *other = abjad == a ? b : a;
		int ac, av, oc, ov;
		shape(abjad, &ac, &av);
		shape(other, &oc, &ov);
		if (av > ov)
			return false;
		if (sl >= 3)
			return true;
		/* Two consonant classes say little (wly ~ fowler): only for words that start alike
		 * and whose consonants correspond one to one: mhmd ~ mohamed (m h m d), hsn ~
		 * hassan, but not wly ~ fowler, lurin ~ luna or saud ~ shayesteh. */
		return sl == 2 && a->text[0] == b->text[0] && ac == oc;
	}
	if (a->loose == LOOSE_LOANWORD || b->loose == LOOSE_LOANWORD)
		return sl >= 3 && abs((int)a->len - (int)b->len) <= 1;
	return false;
}

/*
 * Jaro-Winkler, the same number as its plain definition (tests/match/test_jaro_winkler.c
 * compares them) in fewer steps (it was a twentieth of a payment party's screening): the
 * same greedy matching, each byte of a taking the first unmatched
 * equal byte of b within the window, but the window is searched as a bit mask: the positions
 * of each letter a..z in b are marked once, and a byte of a reads its letter's mask (any
 * other byte is compared along the window); then the same transpositions and the same
 * formula, so the same bits.
 */
double lk_match__jaro_winkler(const char *a, size_t an, const char *b, size_t bn)
{
	if (an == 0 || bn == 0)
		return 0.0;
	if (an == bn && memcmp(a, b, an) == 0)
		return 1.0;
	if (an > 64)
		an = 64;
	if (bn > 64)
		bn = 64;
	size_t range = (an > bn ? an : bn) / 2;
	range = range > 0 ? range - 1 : 0;
	uint64_t at[26] = {0}; /* bit j: b[j] is that letter */
	for (size_t j = 0; j < bn; j++) {
		unsigned c = (unsigned char)b[j] - 'a';
		if (c < 26)
			at[c] |= 1ull << j;
	}
	uint64_t am = 0, bm = 0;
	size_t m = 0;
	for (size_t i = 0; i < an; i++) {
		size_t lo = i > range ? i - range : 0, hi = i + range + 1 < bn ? i + range + 1 : bn;
		if (lo >= hi)
			continue;
		uint64_t eq;
		unsigned c = (unsigned char)a[i] - 'a';
		if (c < 26) {
			eq = at[c];
		} else {
			eq = 0;
			for (size_t j = lo; j < hi; j++)
				eq |= (uint64_t)(a[i] == b[j]) << j;
		}
		eq &= (hi == 64 ? UINT64_MAX : (1ull << hi) - 1) & ~((1ull << lo) - 1) & ~bm;
		if (eq) {
			bm |= eq & (0 - eq); /* the first */
			am |= 1ull << i;
			m++;
		}
	}
	if (m == 0)
		return 0.0;
	size_t t = 0;
	for (uint64_t x = am, y = bm; x; x &= x - 1, y &= y - 1)
		t += a[__builtin_ctzll(x)] != b[__builtin_ctzll(y)];
	double md = (double)m;
	double jaro = (md / (double)an + md / (double)bn + (md - (double)t / 2.0) / md) / 3.0;
	size_t prefix = 0;
	while (prefix < 4 && prefix < an && prefix < bn && a[prefix] == b[prefix])
		prefix++;
	return jaro + (double)prefix * 0.1 * (1.0 - jaro);
}

/* Similarity of two tokens as credit 0..1 and how they met. */
static double token_credit(const mtoken *a, const mtoken *b, lk_part_how *how)
{
	*how = LK_PART_UNMATCHED;
	if (a->role == ROLE_NUMBER || b->role == ROLE_NUMBER) {
		/* Numbers must agree exactly ("Sea Star 3" is not "Sea Star 5"). */
		if (a->len == b->len && memcmp(a->text, b->text, a->len) == 0) {
			*how = LK_PART_EXACT;
			return 1.0;
		}
		return 0.0;
	}
	if (a->len == b->len && memcmp(a->text, b->text, a->len) == 0) {
		*how = LK_PART_EXACT;
		return 1.0;
	}
	if (a->canon_len == b->canon_len && memcmp(a->canon, b->canon, a->canon_len) == 0) {
		*how = LK_PART_PHONETIC;
		return 0.97;
	}
	if (a->kor && b->kor) {
		/* Two romanised Korean syllables are the same syllable (Jeong, Chong, Jong) or two
		 * different ones: Yang is not Chang however close the letters. */
		if (!lk_text__korean_keys_meet(a->kor, b->kor))
			return 0.0;
		*how = LK_PART_PHONETIC;
		return 0.93;
	}
	if (((a->len == 1 && b->len > 1 && b->text[0] == a->text[0]) ||
	     (b->len == 1 && a->len > 1 && a->text[0] == b->text[0])) &&
	    personal(a->role) && personal(b->role)) {
		*how = LK_PART_INITIAL;
		return 0.7;
	}
	size_t shortest = a->len < b->len ? a->len : b->len;
	bool skel = skeleton_meets(a, b);
	if (shortest <= 3) {
		/* Short parts (Kim, Ali, Li) are equal or different, never "close" — except an
		 * unvowelled spelling and its vowelled reading (msh ~ moshe). */
		if (!skel)
			return 0.0;
		*how = LK_PART_PHONETIC;
		return SKELETON_CREDIT;
	}
	/* Cheap prefilter: spellings of one name share most of their letters. */
	uint32_t both = a->letters & b->letters, either = a->letters | b->letters;
	if (bits(both) * 2 < bits(either) && !a->loose && !b->loose)
		return 0.0;
	double jw = lk_match__jaro_winkler(a->text, a->len, b->text, b->len);
	bool canon_differs = a->canon_len != a->len || b->canon_len != b->len ||
	                     memcmp(a->canon, a->text, a->len) != 0 ||
	                     memcmp(b->canon, b->text, b->len) != 0;
	if (canon_differs) {
		double jc = lk_match__jaro_winkler(a->canon, a->canon_len, b->canon, b->canon_len);
		if (jc > jw)
			jw = jc;
	}
	/* The same consonant skeleton survives what spelling does not: vowels Arabic script does
	 * not write (bwtyn ~ putin), Hangul's missing b/v and r/l distinctions. Only for tokens
	 * whose vowels are known to be unreliable: between two Latin spellings the skeleton is too
	 * coarse (Putin and Potanin share one). */
	if (skel) {
		/* Among spellings with the same consonants, the closer one ranks first (bilusuf is
		 * nearer belousov than poursafi): up to 0.03 either way by Jaro-Winkler. */
		double sc = SKELETON_CREDIT + 0.1 * (jw - 0.7);
		sc = sc < SKELETON_CREDIT - 0.03 ? SKELETON_CREDIT - 0.03
		     : sc > SKELETON_CREDIT + 0.03 ? SKELETON_CREDIT + 0.03 : sc;
		if (1.0 - 3.0 * (1.0 - jw) < sc) {
			*how = LK_PART_PHONETIC;
			return sc;
		}
	}
	if (jw < FUZZY_FLOOR)
		return 0.0;
	*how = LK_PART_FUZZY;
	return 1.0 - 3.0 * (1.0 - jw);
}

static inline bool joined_possible(const mtoken *x, const mtoken *y, const mtoken *one);

/* Credit for two tokens written as one ("jong" "un" ~ "jongun"), or 0. */
static double joined_credit(const mtoken *x, const mtoken *y, const mtoken *one)
{
	size_t tl = (size_t)x->len + y->len;
	if (tl + 2 < one->len || tl > (size_t)one->len + 2 || x->role == ROLE_NUMBER ||
	    y->role == ROLE_NUMBER)
		return 0.0;
	if (bits((x->letters | y->letters) ^ one->letters) > 2)
		return 0.0; /* letters differ too much for any spelling of the same word */
	char t[2 * TOKEN_CAP], c[2 * TOKEN_CAP];
	memcpy(t, x->text, x->len);
	memcpy(t + x->len, y->text, y->len);
	t[tl] = 0;
	if (tl == one->len && memcmp(t, one->text, tl) == 0)
		return 1.0;
	size_t cl = (size_t)x->canon_len + y->canon_len;
	memcpy(c, x->canon, x->canon_len);
	memcpy(c + x->canon_len, y->canon, y->canon_len);
	c[cl] = 0;
	if (cl == one->canon_len && memcmp(c, one->canon, cl) == 0)
		return 0.95;
	if (tl >= 6 && one->len >= 6) {
		double jw = lk_match__jaro_winkler(t, tl, one->text, one->len);
		if (jw >= 0.93)
			return 1.0 - 3.0 * (1.0 - jw);
	}
	return 0.0;
}

typedef struct pair {
	double credit;
	double weight;
	uint8_t qi, qj;   /* query tokens (qj == qi unless joined on the query side) */
	uint8_t ci, cj;   /* candidate tokens */
	lk_part_how how;
} pair;

static int cmp_pair(const void *a, const void *b)
{
	const pair *x = a, *y = b;
	if (x->credit != y->credit)
		return x->credit < y->credit ? 1 : -1;
	if (x->weight != y->weight)
		return x->weight < y->weight ? 1 : -1;
	if (x->qi != y->qi)
		return x->qi - y->qi;
	return x->ci - y->ci;
}

static double weight(const mtoken *t)
{
	return (double)lk_match__role_weight(t->role) * (double)t->rarity;
}

/* s into dst of cap bytes, cut short if need be and always ended: what snprintf(dst, cap,
 * "%s", s) writes, without the formatting (explanations are made for every result). */
static void copy_str(char *dst, size_t cap, const char *s)
{
	size_t n = strnlen(s, cap - 1);
	memcpy(dst, s, n);
	dst[n] = 0;
}

/* a and b with a space between into dst of cap bytes (cap > 2 * TOKEN_CAP: never cut). */
static void join_str(char *dst, size_t cap, const char *a, const char *b)
{
	size_t an = strnlen(a, cap - 1);
	memcpy(dst, a, an);
	if (an + 1 < cap) {
		dst[an++] = ' ';
		size_t bn = strnlen(b, cap - 1 - an);
		memcpy(dst + an, b, bn);
		an += bn;
	}
	dst[an] = 0;
}

static void add_part(lk_explanation *x, const char *q, const char *c, lk_part_how how,
                     double sim, double w, uint8_t r)
{
	if (!x || x->nparts >= LK_EXPLAIN_MAX_PARTS)
		return;
	lk_part_match *p = &x->parts[x->nparts++];
	copy_str(p->query, sizeof p->query, q ? q : "");
	copy_str(p->candidate, sizeof p->candidate, c ? c : "");
	p->how = how;
	p->similarity = sim;
	p->weight = w;
	p->role = lk_match__role_name(r);
}

/*
 * Korean personal names keep their syllables in order: the family name may move to the end
 * (Jong Un Kim), but the given name's syllables may not swap (Eun Jeong is not Jeong Eun).
 * Among pairs of Korean-keyed parts, the listed positions read in query order must be a
 * rotation of an increasing sequence (at most one descent, counted cyclically); if not,
 * those pairs' credit is halved.
 */
static void korean_order(const mname *q, const mname *c, pair **chosen, size_t n)
{
	uint8_t pos[MAX_TOKENS];
	pair *kp[MAX_TOKENS];
	size_t m = 0;
	for (uint8_t i = 0; i < q->ntok; i++)
		for (size_t k = 0; k < n; k++)
			if (chosen[k]->qi == i && chosen[k]->qj == i && chosen[k]->ci == chosen[k]->cj &&
			    q->tok[i].kor && c->tok[chosen[k]->ci].kor) {
				pos[m] = chosen[k]->ci;
				kp[m++] = chosen[k];
			}
	if (m < 3)
		return; /* two syllables in either order are a rotation */
	size_t descents = 0;
	for (size_t k = 0; k < m; k++)
		if (pos[(k + 1) % m] < pos[k])
			descents++;
	if (descents <= 1)
		return;
	for (size_t k = 0; k < m; k++)
		kp[k]->credit *= 0.5;
}

/*
 * The name score; credit[j] and how[j], if credit is not NULL, are token_credit of every query
 * part with listed part j and how they met, worked out before (the memo), and joined[j] has
 * bit i where query parts i and i + 1 may be joined into listed part j (joined_possible).
 */
static double score_names(const mname *q, const mname *c, lk_explanation *x,
                          const double *const *credit, const uint8_t *const *how_met,
                          const uint32_t *joined)
{
	size_t nq = q->ntok, nc = c->ntok;
	if (nq == 0 || nc == 0)
		return 0.0;
	/* Each part's weight once (the same bits as weight() gives each time). */
	double wq[MAX_TOKENS], wc[MAX_TOKENS];
	for (size_t i = 0; i < nq; i++)
		wq[i] = weight(&q->tok[i]);
	for (size_t j = 0; j < nc; j++)
		wc[j] = weight(&c->tok[j]);
	pair pairs[MAX_TOKENS * MAX_TOKENS + 2 * MAX_TOKENS * MAX_TOKENS];
	size_t np = 0;
	for (size_t i = 0; i < nq; i++)
		for (size_t j = 0; j < nc; j++) {
			lk_part_how how;
			double cr;
			if (credit) {
				cr = credit[j][i];
				how = (lk_part_how)how_met[j][i];
			} else {
				cr = token_credit(&q->tok[i], &c->tok[j], &how);
			}
			if (cr <= 0)
				continue;
			/* A patronymic is built from the father's given name (Sergeyevna from Sergei):
			 * a query's given name meeting it is weak evidence of the same person. */
			if (c->tok[j].role == ROLE_PATRONYMIC && q->tok[i].role != ROLE_PATRONYMIC &&
			    how != LK_PART_EXACT)
				cr *= 0.5;
			pairs[np++] = (pair){cr, wq[i] + wc[j], (uint8_t)i, (uint8_t)i, (uint8_t)j,
			                     (uint8_t)j, how};
		}
	for (size_t i = 0; i + 1 < nq; i++)
		for (size_t j = 0; j < nc; j++) {
			if (joined ? !(joined[j] >> i & 1)
			           : !joined_possible(&q->tok[i], &q->tok[i + 1], &c->tok[j]))
				continue; /* joined_credit's first tests fail */
			double cr = joined_credit(&q->tok[i], &q->tok[i + 1], &c->tok[j]);
			if (cr > 0)
				pairs[np++] = (pair){cr, wq[i] + wq[i + 1] + wc[j], (uint8_t)i,
				                     (uint8_t)(i + 1), (uint8_t)j, (uint8_t)j, LK_PART_JOINED};
		}
	for (size_t j = 0; j + 1 < nc; j++)
		for (size_t i = 0; i < nq; i++) {
			if (!joined_possible(&c->tok[j], &c->tok[j + 1], &q->tok[i]))
				continue; /* joined_credit's first tests fail */
			double cr = joined_credit(&c->tok[j], &c->tok[j + 1], &q->tok[i]);
			if (cr > 0)
				pairs[np++] = (pair){cr, wq[i] + wc[j] + wc[j + 1], (uint8_t)i, (uint8_t)i,
				                     (uint8_t)j, (uint8_t)(j + 1), LK_PART_JOINED};
		}
	/* Few pairs: insertion sort beats qsort's call overhead. */
	for (size_t i = 1; i < np; i++) {
		pair t = pairs[i];
		size_t j = i;
		while (j > 0 && cmp_pair(&pairs[j - 1], &t) > 0) {
			pairs[j] = pairs[j - 1];
			j--;
		}
		pairs[j] = t;
	}

	bool qused[MAX_TOKENS] = {0}, cused[MAX_TOKENS] = {0};
	double matched = 0, wq_total = 0, wc_matched = 0, wc_unmatched = 0;
	for (size_t i = 0; i < nq; i++)
		wq_total += wq[i];
	pair *chosen[MAX_TOKENS];
	size_t nchosen = 0;
	for (size_t k = 0; k < np && nchosen < MAX_TOKENS; k++) {
		pair *p = &pairs[k];
		if (qused[p->qi] || qused[p->qj] || cused[p->ci] || cused[p->cj])
			continue;
		qused[p->qi] = qused[p->qj] = true;
		cused[p->ci] = cused[p->cj] = true;
		chosen[nchosen++] = p;
	}
	korean_order(q, c, chosen, nchosen);
	for (size_t k = 0; k < nchosen; k++) {
		pair *p = chosen[k];
		double wcp = wc[p->ci] + (p->cj != p->ci ? wc[p->cj] : 0);
		matched += p->credit * p->weight;
		wc_matched += wcp;
		if (x) {
			char qs[TOKEN_CAP * 2 + 1], cs[TOKEN_CAP * 2 + 1];
			if (p->qj != p->qi)
				join_str(qs, sizeof qs, q->tok[p->qi].text, q->tok[p->qj].text);
			else
				copy_str(qs, sizeof qs, q->tok[p->qi].text);
			if (p->cj != p->ci)
				join_str(cs, sizeof cs, c->tok[p->ci].text, c->tok[p->cj].text);
			else
				copy_str(cs, sizeof cs, c->tok[p->ci].text);
			add_part(x, qs, cs, p->how, p->credit, p->weight, c->tok[p->ci].role);
		}
	}
	/* Two Korean names (every part a Korean syllable): the syllables of a given name are
	 * one name, so a syllable either side lacks counts in full, however common (Kim Il Song
	 * is not Kim Song). */
	bool korean = true;
	for (size_t i = 0; i < nq && korean; i++)
		korean = q->tok[i].kor != NULL;
	for (size_t j = 0; j < nc && korean; j++)
		korean = c->tok[j].kor != NULL;
	for (size_t i = 0; i < nq; i++)
		if (!qused[i]) {
			double w = wq[i];
			if (korean) {
				wq_total += lk_match__role_weight(q->tok[i].role) - w;
				w = lk_match__role_weight(q->tok[i].role);
			}
			if (x)
				add_part(x, q->tok[i].text, NULL, LK_PART_UNMATCHED, 0, w, q->tok[i].role);
		}
	for (size_t j = 0; j < nc; j++)
		if (!cused[j]) {
			/* A listed person's given or family name that the query lacks costs more than
			 * a missing patronymic or legal form: "Putin" alone is not "Vladimir Putin". */
			uint8_t r = c->tok[j].role;
			double lambda = r == ROLE_GIVEN || r == ROLE_FAMILY || r == ROLE_NAME ||
			                        r == ROLE_WORD
			                    ? LAMBDA_CORE
			                    : LAMBDA;
			/* A common part that is missing is still missing: rarity discounts it only
			 * down to UNMATCHED_RARITY_FLOOR. */
			double rar = c->tok[j].rarity < UNMATCHED_RARITY_FLOOR ? UNMATCHED_RARITY_FLOOR
			                                                       : c->tok[j].rarity;
			if (korean)
				rar = 1.0, lambda = 1.0;
			double w = lambda * lk_match__role_weight(r) * rar;
			wc_unmatched += w;
			if (x)
				add_part(x, NULL, c->tok[j].text, LK_PART_UNMATCHED, 0, w, r);
		}
	double den = wq_total + wc_matched + wc_unmatched;
	double s = den > 0 ? matched / den : 0.0;
	if (s > 1.0)
		s = 1.0;
	if (x)
		x->name_score = s;
	return s;
}

double lk_match__score_names(const mname *q, const mname *c, lk_explanation *x)
{
	return score_names(q, c, x, NULL, NULL, NULL);
}

/* ---- a cheap upper bound of the name score ---- */

/* The class of a byte for counting: a..z, a digit, anything else. */
static inline unsigned byte_class(char c)
{
	return c >= 'a' && c <= 'z' ? (unsigned)(c - 'a') : c >= '0' && c <= '9' ? 26u : 27u;
}

/* Bytes per class among the first 64 of s (Jaro-Winkler reads no more). */
static void count_classes(uint8_t count[32], const char *s, size_t n)
{
	memset(count, 0, 32);
	if (n > 64)
		n = 64;
	for (size_t i = 0; i < n; i++)
		count[byte_class(s[i])]++;
}

static void token_info(lk_match__tokinfo *ti, const mtoken *t)
{
	count_classes(ti->count, t->text, t->len);
	ti->canon_differs = t->canon_len != t->len || memcmp(t->canon, t->text, t->len) != 0;
	if (ti->canon_differs)
		count_classes(ti->canon_count, t->canon, t->canon_len);
	ti->ready = true;
}

/* Are n bytes at a and b equal? (Mostly they differ in the first: no call then.) */
static inline bool same_bytes(const char *a, const char *b, size_t n)
{
	return n == 0 || (a[0] == b[0] && memcmp(a, b, n) == 0);
}

/*
 * How many bytes of one string can equal a byte of the other, at most: a byte is matched with
 * an equal one, so per class at most the fewer of the two counts. (Counts are at most 64, so
 * two of them add up in a byte.)
 */
static inline size_t common_bytes(const uint8_t *a, const uint8_t *b)
{
#if defined(__SSE2__)
	__m128i lo = _mm_min_epu8(_mm_loadu_si128((const __m128i *)a),
	                          _mm_loadu_si128((const __m128i *)b));
	__m128i hi = _mm_min_epu8(_mm_loadu_si128((const __m128i *)(a + 16)),
	                          _mm_loadu_si128((const __m128i *)(b + 16)));
	__m128i s = _mm_sad_epu8(_mm_add_epi8(lo, hi), _mm_setzero_si128());
	return (size_t)_mm_cvtsi128_si32(s) + (size_t)_mm_extract_epi16(s, 4);
#else
	size_t m = 0;
	for (size_t k = 0; k < 32; k++)
		m += a[k] < b[k] ? a[k] : b[k];
	return m;
#endif
}

/*
 * An upper bound of lk_match__jaro_winkler(a, an, b, bn), from the class counts ac and bc of
 * either string: the matches m are at most common_bytes; with no transpositions and the
 * common prefix (at most 4) the formula's terms are each at least as large.
 */
static double jaro_winkler_bound(const char *a, size_t an, const uint8_t *ac, const char *b,
                                 size_t bn, const uint8_t *bc)
{
	if (an == 0 || bn == 0)
		return 0.0;
	if (an > 64)
		an = 64;
	if (bn > 64)
		bn = 64;
	size_t m = common_bytes(ac, bc);
	if (m == 0)
		return 0.0;
	double md = (double)m;
	double jaro = (md / (double)an + md / (double)bn + 1.0) / 3.0;
	size_t prefix = 0;
	while (prefix < 4 && prefix < an && prefix < bn && a[prefix] == b[prefix])
		prefix++;
	return jaro + (double)prefix * 0.1 * (1.0 - jaro);
}

/*
 * An upper bound of token_credit(a, b): the same tests in the same order, except that the
 * credit that Jaro-Winkler would decide is bounded by jaro_winkler_bound, and a skeleton or
 * Korean syllable test that might pass is taken to pass. So where it is 0, token_credit is 0
 * too. ai and bi: the tokens' counts, made when first needed.
 */
static double credit_bound(const mtoken *a, lk_match__tokinfo *ai, const mtoken *b,
                           lk_match__tokinfo *bi)
{
	if (a->role == ROLE_NUMBER || b->role == ROLE_NUMBER)
		return a->len == b->len && same_bytes(a->text, b->text, a->len) ? 1.0 : 0.0;
	if (a->len == b->len && same_bytes(a->text, b->text, a->len))
		return 1.0;
	if (a->canon_len == b->canon_len && same_bytes(a->canon, b->canon, a->canon_len))
		return 0.97;
	if (a->kor && b->kor)
		return 0.93;
	if (((a->len == 1 && b->len > 1 && b->text[0] == a->text[0]) ||
	     (b->len == 1 && a->len > 1 && a->text[0] == b->text[0])) &&
	    personal(a->role) && personal(b->role))
		return 0.7;
	size_t shortest = a->len < b->len ? a->len : b->len;
	bool loose = a->loose || b->loose; /* skeleton_meets needs one loose side */
	if (shortest <= 3)
		return loose ? SKELETON_CREDIT : 0.0;
	uint32_t both = a->letters & b->letters, either = a->letters | b->letters;
	if (bits(both) * 2 < bits(either) && !loose)
		return 0.0;
	if (!ai->ready)
		token_info(ai, a);
	if (!bi->ready)
		token_info(bi, b);
	double jw = jaro_winkler_bound(a->text, a->len, ai->count, b->text, b->len, bi->count);
	if (ai->canon_differs || bi->canon_differs) {
		const uint8_t *ac = ai->canon_differs ? ai->canon_count : ai->count;
		const uint8_t *bc = bi->canon_differs ? bi->canon_count : bi->count;
		double jc = jaro_winkler_bound(a->canon, a->canon_len, ac, b->canon, b->canon_len, bc);
		if (jc > jw)
			jw = jc;
	}
	if (jw > 1.0)
		jw = 1.0;
	double fuzzy = jw >= FUZZY_FLOOR - 1e-9 ? 1.0 - 3.0 * (1.0 - jw) : 0.0;
	if (loose && fuzzy < SKELETON_CREDIT + 0.03)
		return SKELETON_CREDIT + 0.03;
	return fuzzy;
}

/* Might joined_credit(x, y, one) be above 0? (Its first tests, which need no spelling.) */
static inline bool joined_possible(const mtoken *x, const mtoken *y, const mtoken *one)
{
	size_t tl = (size_t)x->len + y->len;
	if (tl + 2 < one->len || tl > (size_t)one->len + 2 || x->role == ROLE_NUMBER ||
	    y->role == ROLE_NUMBER)
		return false;
	return bits((x->letters | y->letters) ^ one->letters) <= 2;
}

/* What a listed part adds to the bound's denominator unaligned (LAMBDA's share of its
 * weight; see lk_match__score_names), with its role's weight rw. */
static inline double unaligned_weight(const mtoken *t, double rw)
{
	/* by table and maximum rather than by tests on the role and rarity: the quick bound
	 * asks this of every listed part, and the tests' outcomes were not predictable */
	static const double lambda_of[ROLE__COUNT] = {
		[ROLE_NAME] = LAMBDA_CORE,  [ROLE_FAMILY] = LAMBDA_CORE, [ROLE_GIVEN] = LAMBDA_CORE,
		[ROLE_PATRONYMIC] = LAMBDA, [ROLE_PARTICLE] = LAMBDA,    [ROLE_TITLE] = LAMBDA,
		[ROLE_INITIAL] = LAMBDA,    [ROLE_LEGAL] = LAMBDA,       [ROLE_GENERIC] = LAMBDA,
		[ROLE_NUMBER] = LAMBDA,     [ROLE_WORD] = LAMBDA_CORE,
	};
	uint8_t r = t->role;
	double lambda = r < ROLE__COUNT ? lambda_of[r] : LAMBDA;
	double rarity = t->rarity;
	double rar = rarity < UNMATCHED_RARITY_FLOOR ? UNMATCHED_RARITY_FLOOR : rarity;
	return lambda * rw * rar;
}

/* c ? a : b by a mask on the bits: the same value, and no branch to mispredict. */
static inline double pick(bool c, double a, double b)
{
	uint64_t x, y, m = 0 - (uint64_t)c;
	memcpy(&x, &a, sizeof x);
	memcpy(&y, &b, sizeof y);
	x = (x & m) | (y & ~m);
	double r;
	memcpy(&r, &x, sizeof r);
	return r;
}

/*
 * The bound from the best credit each part can have in any pair (mq, mc) and the parts'
 * weights (wq: the query's; wc and uc: the listed parts' aligned and unaligned): the credit of
 * a chosen pair times its weight (the sum of its parts' weights) is at most the sum of each
 * part's weight times its own best credit.
 */
static double bound_sum(size_t nq, size_t nc, const double *mq, const double *mc,
                        const double *wq, const double *wc, const double *uc)
{
	/* The denominator is at least every query weight, plus for each listed part the least
	 * of what it adds aligned (its weight) and unaligned (LAMBDA's share; Korean names only
	 * add more), and the unaligned share for a part no pair can align. */
	double num = 0, den = 0;
	for (size_t i = 0; i < nq; i++) {
		num += mq[i] * wq[i];
		den += wq[i];
	}
	for (size_t j = 0; j < nc; j++) {
		num += mc[j] * wc[j];
		den += mc[j] > 0 && wc[j] < uc[j] ? wc[j] : uc[j];
	}
	if (num <= 0)
		return 0.0;
	double s = den > 0 ? num / den : 1.0;
	/* Room for rounding: the sums above add in another order than the scorer's. */
	s = s * (1.0 + 1e-9) + 1e-9;
	return s > 1.0 ? 1.0 : s;
}

double lk_match__score_bound(const mname *q, const mname *c)
{
	size_t nq = q->ntok, nc = c->ntok;
	if (nq == 0 || nc == 0)
		return 0.0;
	lk_match__tokinfo qi[MAX_TOKENS], ci[MAX_TOKENS];
	double mq[MAX_TOKENS] = {0}, mc[MAX_TOKENS] = {0}, wq[MAX_TOKENS], wc[MAX_TOKENS],
	       uc[MAX_TOKENS];
	for (size_t i = 0; i < nq; i++) {
		qi[i].ready = false;
		wq[i] = weight(&q->tok[i]);
	}
	for (size_t j = 0; j < nc; j++) {
		ci[j].ready = false;
		double rw = lk_match__role_weight(c->tok[j].role);
		wc[j] = rw * (double)c->tok[j].rarity;
		uc[j] = unaligned_weight(&c->tok[j], rw);
	}
	for (size_t i = 0; i < nq; i++)
		for (size_t j = 0; j < nc; j++) {
			double u = credit_bound(&q->tok[i], &qi[i], &c->tok[j], &ci[j]);
			if (u > mq[i])
				mq[i] = u;
			if (u > mc[j])
				mc[j] = u;
		}
	/* Two parts written as one: joined_credit is at most 1. */
	for (size_t i = 0; i + 1 < nq; i++)
		for (size_t j = 0; j < nc; j++)
			if (joined_possible(&q->tok[i], &q->tok[i + 1], &c->tok[j]))
				mq[i] = mq[i + 1] = mc[j] = 1.0;
	for (size_t j = 0; j + 1 < nc; j++)
		for (size_t i = 0; i < nq; i++)
			if (joined_possible(&c->tok[j], &c->tok[j + 1], &q->tok[i]))
				mc[j] = mc[j + 1] = mq[i] = 1.0;
	return bound_sum(nq, nc, mq, mc, wq, wc, uc);
}

/* ---- the memo of token credits for one query ---- */

#define QUICK_SLACK 1e-7

/* A length as an index of the memo's length sets (the last: that long or longer). */
static inline size_t len_slot(size_t len)
{
	return len < TOKEN_CAP ? len : TOKEN_CAP - 1;
}

/* The first byte of a string of n bytes, modulo 64 (0 if empty). */
static inline size_t first_byte(const char *s, size_t n)
{
	return n ? (size_t)(unsigned char)s[0] & 63 : 0;
}

void lk_match__score_ctx_reset(lk_match__score_ctx *ctx)
{
	if (++ctx->stamp == 0) {
		/* After 2^32 resets: forget every stamp, so that none is taken for the new one. */
		for (size_t k = 0; k < LK_MATCH__MEMO_SLOTS; k++)
			ctx->slots[k].stamp = 0;
		for (size_t f = 0; f < LK_MATCH__MEMO_FORMS; f++)
			ctx->forms[f].stamp = 0;
		ctx->stamp = 1;
	}
	ctx->nslots = 0;
	ctx->used = 0;
	ctx->last_c = NULL;
	ctx->last_tok = NULL;
	for (uint8_t r = 0; r < ROLE__COUNT; r++)
		ctx->role_weight[r] = lk_match__role_weight(r);
}

#define QID_UNKNOWN UINT32_MAX /* a query part not numbered yet (never a number: qtok_id) */

void lk_match__score_ctx_index(lk_match__score_ctx *ctx, uint64_t serial)
{
	if (ctx->serial == serial && ctx->next_qid != 0)
		return;
	for (size_t k = 0; k < LK_MATCH__QTOKS; k++)
		ctx->qtoks[k].id = 0;
	for (size_t k = 0; k < LK_MATCH__PAIRS; k++)
		ctx->pairs[k].qid = 0;
	ctx->serial = serial;
	ctx->next_qid = 1;
}

/* The number of query token a among those ctx knows (a new one if it is not known), or 0:
 * its credits are not kept (no index told, or a string too long to be kept). */
static uint32_t qtok_id(lk_match__score_ctx *ctx, const mtoken *a)
{
	if (!ctx->serial || ctx->next_qid == 0 || a->len >= TOKEN_CAP ||
	    a->canon_len >= TOKEN_CAP)
		return 0;
	size_t kl = a->kor ? strlen(a->kor) : 0, sl = a->skel ? strlen(a->skel) : 0;
	if (kl >= LK_TEXT__KOR_KEY || sl >= 32)
		return 0;
	/* the text eight bytes at a time, its length, role and looseness */
	uint64_t h = (uint64_t)a->len | (uint64_t)a->role << 8 | (uint64_t)a->loose << 16;
	for (size_t i = 0; i < a->len; i += 8) {
		uint64_t w = 0;
		memcpy(&w, a->text + i, a->len - i < 8 ? a->len - i : 8);
		h = (h ^ w) * 0x9E3779B97F4A7C15ull;
		h ^= h >> 29;
	}
	h *= 0xC2B2AE3D27D4EB4Full;
	lk_match__qtok *t = &ctx->qtoks[(h >> 40) & (LK_MATCH__QTOKS - 1)];
	if (t->id && t->role == a->role && t->loose == a->loose && t->len == a->len &&
	    t->canon_len == a->canon_len && t->letters == a->letters && t->kor_len == kl &&
	    t->skel_len == sl && t->has_kor == (a->kor != NULL) &&
	    t->has_skel == (a->skel != NULL) && memcmp(t->text, a->text, a->len) == 0 &&
	    memcmp(t->canon, a->canon, a->canon_len) == 0 && (kl == 0 || memcmp(t->kor, a->kor, kl) == 0) &&
	    (sl == 0 || memcmp(t->skel, a->skel, sl) == 0))
		return t->id;
	if (ctx->next_qid == UINT32_MAX)
		return 0; /* numbers run out (after 2^32 query tokens): nothing more is kept (a
		             number given again could be taken for another token's by the forms
		             analysed before) until another index comes */
	t->id = ctx->next_qid++;
	t->role = a->role;
	t->loose = a->loose;
	t->len = a->len;
	t->canon_len = a->canon_len;
	t->letters = a->letters;
	t->has_kor = a->kor != NULL;
	t->has_skel = a->skel != NULL;
	memcpy(t->text, a->text, a->len);
	t->text[a->len] = 0;
	memcpy(t->canon, a->canon, a->canon_len);
	t->canon[a->canon_len] = 0;
	t->kor_len = (uint8_t)kl;
	t->skel_len = (uint8_t)sl;
	memcpy(t->kor, a->kor ? a->kor : "", kl + 1);
	memcpy(t->skel, a->skel ? a->skel : "", sl + 1);
	return t->id;
}

/* token_credit(a, b, how) for part i of form fm (a) and listed token b, whose slot s is (its
 * key fields are b's): kept across queries where the part has a number. */
static double kept_credit(lk_match__score_ctx *ctx, lk_match__memo_form *fm, size_t i,
                          const mtoken *a, const mtoken *b, const lk_match__memo_slot *s,
                          lk_part_how *how)
{
	if (fm->qid[i] == QID_UNKNOWN)
		fm->qid[i] = qtok_id(ctx, a);
	uint32_t qid = fm->qid[i];
	if (!qid)
		return token_credit(a, b, how);
	uint64_t h = ((uint64_t)qid * 0x9E3779B97F4A7C15ull) ^
	             ((uint64_t)(uintptr_t)s->text * 0xC2B2AE3D27D4EB4Full) ^
	             ((uint64_t)(uintptr_t)s->canon * 0x165667B19E3779F9ull) ^
	             (s->shape * 0x27D4EB2F165667C5ull);
	lk_match__pair *p = &ctx->pairs[(h >> 40) & (LK_MATCH__PAIRS - 1)];
	if (p->qid == qid && p->text == s->text && p->canon == s->canon && p->shape == s->shape &&
	    p->skel == s->skel && p->kor == s->kor) {
		*how = (lk_part_how)p->how;
		return p->credit;
	}
	double cr = token_credit(a, b, how);
	p->qid = qid;
	p->text = s->text;
	p->canon = s->canon;
	p->skel = s->skel;
	p->kor = s->kor;
	p->shape = s->shape;
	p->how = (uint8_t)*how;
	p->credit = cr;
	return cr;
}

/* The memo's entry for query form `form`, which is q (NULL: not memoised). */
static lk_match__memo_form *memo_form(lk_match__score_ctx *ctx, unsigned form, const mname *q)
{
	if (ctx->stamp == 0)
		lk_match__score_ctx_reset(ctx); /* never reset: a zeroed ctx */
	if (form >= LK_MATCH__MEMO_FORMS)
		return NULL;
	lk_match__memo_form *fm = &ctx->forms[form];
	if (fm->stamp == ctx->stamp) {
		if (fm->m == q)
			return fm;
		/* Another name under the same number: what was learnt may not hold for it. */
		lk_match__score_ctx_reset(ctx);
	}
	fm->m = q;
	fm->stamp = ctx->stamp;
	memset(fm->by_len, 0, sizeof fm->by_len);
	memset(fm->by_first, 0, sizeof fm->by_first);
	memset(fm->by_canon_len, 0, sizeof fm->by_canon_len);
	memset(fm->by_canon_first, 0, sizeof fm->by_canon_first);
	memset(fm->len_near, 0, sizeof fm->len_near);
	memset(fm->pair_near, 0, sizeof fm->pair_near);
	fm->long_tokens = fm->always = fm->lettered = 0;
	for (size_t i = 0; i < q->ntok; i++) {
		const mtoken *a = &q->tok[i];
		uint32_t bit = 1u << i;
		fm->info[i].ready = false; /* counted when credit_bound first needs it */
		fm->weight[i] = weight(a);
		fm->by_len[len_slot(a->len)] |= bit;
		fm->by_first[first_byte(a->text, a->len)] |= bit;
		fm->by_canon_len[len_slot(a->canon_len)] |= bit;
		fm->by_canon_first[first_byte(a->canon, a->canon_len)] |= bit;
		if (a->len < TOKEN_CAP) {
			for (size_t l = a->len > 2 ? a->len - 2u : 0; l <= a->len + 2u; l++)
				fm->len_near[l] |= bit;
		} else {
			fm->long_tokens |= bit;
		}
		if (i + 1 < q->ntok && a->role != ROLE_NUMBER && a[1].role != ROLE_NUMBER) {
			size_t tl = (size_t)a->len + a[1].len;
			if (tl < 2 * TOKEN_CAP) {
				for (size_t l = tl > 2 ? tl - 2 : 0; l <= tl + 2; l++)
					fm->pair_near[l] |= bit;
			} else {
				fm->always |= 3u << i; /* never so long: taken to meet anything */
			}
		}
		if (a->kor || a->len == 1 || a->loose)
			fm->always |= bit;
		if (a->len > 3 && a->role != ROLE_NUMBER)
			fm->lettered |= bit;
		fm->letters[i] = a->letters;
		fm->qid[i] = QID_UNKNOWN; /* numbered when a credit is first wanted */
		fm->pair_letters[i] = i + 1 < q->ntok ? a->letters | a[1].letters : 0;
		fm->nletters[i] = bits(a->letters);
	}
	fm->weight_sum = 0;
	for (size_t i = 0; i < q->ntok; i++)
		fm->weight_sum += fm->weight[i]; /* in bound_sum's order */
	fm->always |= fm->long_tokens;
	return fm;
}

/*
 * A quick upper bound of lk_match__score_bound(q, c) (fm: the memo of form q): a credit of 1
 * for every pair of parts that credit_bound does not certainly rate 0, and every pair that may
 * be joined. credit_bound is 0 unless the texts or the canonical spellings are equal (so of
 * equal length and first byte), both parts are Korean syllables, one is a letter (an
 * initial), one is loose, or both are longer than 3, no number, with letters alike enough;
 * the name score only grows with the credits (see bound_sum). Nothing is spelt out: the sets
 * of query parts come from fm by length, first byte and kind.
 */
/* The query parts (bits) whose credit_bound with listed part b may be above 0. */
static inline __attribute__((always_inline)) uint32_t
may_meet_t(const lk_match__memo_form *fm, const mtoken *b, bool hw)
{
	uint32_t bl = b->letters;
	/* first_byte of text and canon, from the copies in the token (no string is read) */
	uint32_t m = (fm->by_len[len_slot(b->len)] & fm->by_first[b->first & 63]) |
	             (fm->by_canon_len[len_slot(b->canon_len)] & fm->by_canon_first[b->canon_first & 63]) |
	             fm->always;
	if (b->kor || b->len == 1 || b->loose)
		return UINT32_MAX;
	if (b->len > 3 && b->role != ROLE_NUMBER) {
		uint32_t r = fm->lettered & ~m;
		int nb = r ? bits_hw(bl, hw) : 0;
		for (; r; r &= r - 1) {
			unsigned i = (unsigned)__builtin_ctz(r);
			/* credit_bound's test: 2 * both < either (= na + nb - both) rules out */
			if (3 * bits_hw(fm->letters[i] & bl, hw) >= fm->nletters[i] + nb)
				m |= 1u << i;
		}
	}
	return m;
}

static uint32_t may_meet(const lk_match__memo_form *fm, const mtoken *b)
{
	return may_meet_t(fm, b, false);
}

/* Everything token_credit and credit_bound read of a listed token besides its strings. */
static inline uint64_t token_shape(const mtoken *t)
{
	return (uint64_t)t->letters | (uint64_t)t->len << 32 | (uint64_t)t->canon_len << 40 |
	       (uint64_t)t->role << 48 | (uint64_t)t->loose << 56;
}

/* Is s the slot of listed token b against form number form (memo_slot's test)? */
static inline bool slot_is(const lk_match__memo_slot *s, unsigned form, const mtoken *b)
{
	uint32_t rarity;
	memcpy(&rarity, &b->rarity, sizeof rarity);
	return s->text == b->text && s->canon == b->canon && s->shape == token_shape(b) &&
	       s->form == form && s->rarity == rarity && s->skel == b->skel && s->kor == b->kor;
}

/*
 * The memo's slot of listed token b against form fm (number form), with its weights and the
 * query parts it may meet (its credit bounds come when first needed, slot_row); NULL if the
 * memo is full.
 */
static lk_match__memo_slot *memo_slot(lk_match__score_ctx *ctx, unsigned form,
                                      lk_match__memo_form *fm, const mtoken *b)
{
	uint64_t shape = token_shape(b);
	uint32_t rarity;
	memcpy(&rarity, &b->rarity, sizeof rarity);
	uint64_t h = ((uint64_t)(uintptr_t)b->text * 0x9E3779B97F4A7C15ull) ^
	             ((uint64_t)(uintptr_t)b->canon * 0xC2B2AE3D27D4EB4Full) ^
	             (shape + form) * 0x165667B19E3779F9ull;
	for (size_t k = (size_t)(h >> 40);; k++) {
		lk_match__memo_slot *s = &ctx->slots[k & (LK_MATCH__MEMO_SLOTS - 1)];
		if (s->stamp == ctx->stamp) {
			if (s->text == b->text && s->canon == b->canon && s->shape == shape &&
			    s->form == form && s->rarity == rarity && s->skel == b->skel &&
			    s->kor == b->kor)
				return s;
			continue;
		}
		/* Not there: a new slot (a quarter stays empty, so that probing ends). */
		size_t nq = fm->m->ntok;
		if (ctx->nslots >= LK_MATCH__MEMO_SLOTS / 4 * 3 ||
		    ctx->used + 2 * nq + 1 > LK_MATCH__MEMO_POOL)
			return NULL;
		s->text = b->text;
		s->canon = b->canon;
		s->skel = b->skel;
		s->kor = b->kor;
		s->shape = shape;
		s->rarity = rarity;
		s->form = (uint8_t)form;
		s->stamp = ctx->stamp;
		s->at = (uint16_t)ctx->used;
		s->row = s->exact = 0;
		ctx->used += (uint32_t)(2 * nq + 1);
		ctx->nslots++;
		s->may = may_meet(fm, b) & (uint32_t)((1ull << nq) - 1);
		double rw = b->role < ROLE__COUNT ? (double)ctx->role_weight[b->role]
		                                  : (double)lk_match__role_weight(b->role);
		s->weight = rw * (double)b->rarity;
		s->unaligned = unaligned_weight(b, rw);
		return s;
	}
}

/* The credit bounds of slot s (listed token b) with every part of form fm, their maximum
 * after them, filled with the joined tests when first asked for. */
static const double *slot_row(lk_match__score_ctx *ctx, lk_match__memo_form *fm,
                              lk_match__memo_slot *s, const mtoken *b)
{
	double *u = ctx->pool + s->at;
	if (s->row)
		return u;
	const mname *q = fm->m;
	size_t nq = q->ntok;
	lk_match__tokinfo bi;
	bi.ready = false;
	double best = 0;
	for (size_t i = 0; i < nq; i++) {
		/* 0 where the quick test says so, as credit_bound would */
		u[i] = s->may >> i & 1 ? credit_bound(&q->tok[i], &fm->info[i], b, &bi) : 0.0;
		if (u[i] > best)
			best = u[i];
	}
	u[nq] = best;
	s->joined = 0;
	for (size_t i = 0; i + 1 < nq; i++)
		if (joined_possible(&q->tok[i], &q->tok[i + 1], b))
			s->joined |= 1u << i;
	s->row = 1;
	return u;
}

/*
 * A quick upper bound of lk_match__score_bound(q, c) (fm: the memo of form q): a credit of 1
 * for every pair of parts that credit_bound does not certainly rate 0 (may_meet), and every
 * pair that may be joined; the name score only grows with the credits (see bound_sum).
 * Worked out afresh for every name: cheaper than looking its parts up in the memo.
 */
static inline __attribute__((always_inline)) double
quick_bound_t(const lk_match__score_ctx *ctx, const lk_match__memo_form *fm, const mname *q,
              const mname *c, bool hw)
{
	size_t nq = q->ntok, nc = c->ntok;
	uint32_t meet[MAX_TOKENS];   /* per listed part, the query parts it may meet */
	double wc[MAX_TOKENS], uc[MAX_TOKENS];
	uint32_t all = (uint32_t)((1ull << nq) - 1);
	for (size_t j = 0; j < nc; j++) {
		const mtoken *b = &c->tok[j];
		uint32_t m = may_meet_t(fm, b, hw) & all;
		/* query parts i and i + 1 joined into b: joined_possible's letters test */
		for (uint32_t r = b->len < 2 * TOKEN_CAP + 2 ? fm->pair_near[b->len] : 0; r;
		     r &= r - 1) {
			unsigned i = (unsigned)__builtin_ctz(r);
			if (bits_hw(fm->pair_letters[i] ^ b->letters, hw) <= 2)
				m |= 3u << i;
		}
		meet[j] = m;
		double rw = b->role < ROLE__COUNT ? (double)ctx->role_weight[b->role]
		                                  : (double)lk_match__role_weight(b->role);
		wc[j] = rw * (double)b->rarity;
		uc[j] = unaligned_weight(b, rw);
	}
	/* listed parts j and j + 1 joined into a query part */
	for (size_t j = 0; j + 1 < nc; j++) {
		const mtoken *x = &c->tok[j], *y = &c->tok[j + 1];
		size_t tl = (size_t)x->len + y->len;
		if (x->role == ROLE_NUMBER || y->role == ROLE_NUMBER || tl >= TOKEN_CAP + 2)
			continue;
		uint32_t xy = x->letters | y->letters;
		for (uint32_t r = fm->len_near[tl]; r; r &= r - 1) {
			unsigned i = (unsigned)__builtin_ctz(r);
			if (bits_hw(xy ^ fm->letters[i], hw) <= 2) {
				meet[j] |= 1u << i;
				meet[j + 1] |= 1u << i;
			}
		}
	}
	/* bound_sum with credits of 1 and 0, the same sums in the same order (adding 0 or
	 * multiplying by 1 changes no bit) */
	uint32_t met = 0;
	for (size_t j = 0; j < nc; j++)
		met |= meet[j];
	double num = 0, den = fm->weight_sum;
	/* adding +0 for a part that does not meet changes no bit either; picked, not branched */
	for (size_t i = 0; i < nq; i++)
		num += pick(met >> i & 1, fm->weight[i], 0.0);
	for (size_t j = 0; j < nc; j++) {
		num += pick(meet[j] != 0, wc[j], 0.0);
		den += pick(meet[j] != 0, wc[j] < uc[j] ? wc[j] : uc[j], uc[j]);
	}
	if (num <= 0)
		return 0.0;
	double v = den > 0 ? num / den : 1.0;
	v = v * (1.0 + 1e-9) + 1e-9;
	return v > 1.0 ? 1.0 : v;
}

static double quick_bound_sw(const lk_match__score_ctx *ctx, const lk_match__memo_form *fm,
                             const mname *q, const mname *c)
{
	return quick_bound_t(ctx, fm, q, c, false);
}

#if POPCNT_COPY
__attribute__((target("popcnt"))) static double
quick_bound_hw(const lk_match__score_ctx *ctx, const lk_match__memo_form *fm, const mname *q,
               const mname *c)
{
	return quick_bound_t(ctx, fm, q, c, true);
}
#endif

/* The quick bound, with POPCNT where the processor has it (the same result either way). */
static double quick_bound(const lk_match__score_ctx *ctx, const lk_match__memo_form *fm,
                          const mname *q, const mname *c)
{
#if POPCNT_COPY
	static int hw = -1; /* the same value whichever thread sets it first */
	int h = __atomic_load_n(&hw, __ATOMIC_RELAXED);
	if (h < 0) {
		__builtin_cpu_init();
		h = __builtin_cpu_supports("popcnt") ? 1 : 0;
		__atomic_store_n(&hw, h, __ATOMIC_RELAXED);
	}
	if (h)
		return quick_bound_hw(ctx, fm, q, c);
#endif
	return quick_bound_sw(ctx, fm, q, c);
}

double lk_match__score_bound_ctx(lk_match__score_ctx *ctx, unsigned form, const mname *q,
                                 const mname *c, double need)
{
	size_t nq = q->ntok, nc = c->ntok;
	if (nq == 0 || nc == 0)
		return 0.0;
	lk_match__memo_form *fm = memo_form(ctx, form, q);
	if (!fm)
		return lk_match__score_bound(q, c);
	/* Most names are ruled out by which parts could meet at all. The quick bound adds in
	 * another order than lk_match__score_bound: QUICK_SLACK keeps it above it. */
	double quick = quick_bound(ctx, fm, q, c) + QUICK_SLACK;
	if (quick < need)
		return quick;
	double mq[MAX_TOKENS], mc[MAX_TOKENS], wc[MAX_TOKENS], uc[MAX_TOKENS];
	for (size_t i = 0; i < nq; i++)
		mq[i] = 0;
	ctx->last_c = NULL;
	for (size_t j = 0; j < nc; j++) {
		lk_match__memo_slot *s = memo_slot(ctx, form, fm, &c->tok[j]);
		if (!s)
			return lk_match__score_bound(q, c);
		ctx->last_slots[j] = s;
		/* The same maxima as lk_match__score_bound's, taken in another order. */
		const double *u = slot_row(ctx, fm, s, &c->tok[j]);
		for (size_t i = 0; i < nq; i++)
			if (u[i] > mq[i])
				mq[i] = u[i];
		mc[j] = u[nq];
		for (uint32_t m = s->joined; m; m &= m - 1) {
			unsigned i = (unsigned)__builtin_ctz(m);
			mq[i] = mq[i + 1] = mc[j] = 1.0;
		}
		wc[j] = s->weight;
		uc[j] = s->unaligned;
	}
	ctx->last_c = c;
	ctx->last_tok = c->tok;
	ctx->last_form = form;
	/* Two listed parts written as one: the query parts as long as the two together (give or
	 * take 2) are the only ones joined_possible may pass. */
	for (size_t j = 0; j + 1 < nc; j++) {
		const mtoken *x = &c->tok[j], *y = &c->tok[j + 1];
		if (x->role == ROLE_NUMBER || y->role == ROLE_NUMBER)
			continue;
		size_t tl = (size_t)x->len + y->len;
		uint32_t near = (tl < TOKEN_CAP + 2 ? fm->len_near[tl] : 0) | fm->long_tokens;
		for (; near; near &= near - 1) {
			unsigned i = (unsigned)__builtin_ctz(near);
			if (joined_possible(x, y, &q->tok[i]))
				mc[j] = mc[j + 1] = mq[i] = 1.0;
		}
	}
	return bound_sum(nq, nc, mq, mc, fm->weight, wc, uc);
}

double lk_match__score_names_ctx(lk_match__score_ctx *ctx, unsigned form, const mname *q,
                                 const mname *c, lk_explanation *x)
{
	size_t nq = q->ntok, nc = c->ntok;
	if (nq == 0 || nc == 0)
		return 0.0;
	lk_match__memo_form *fm = memo_form(ctx, form, q);
	if (!fm)
		return score_names(q, c, x, NULL, NULL, NULL);
	const double *credit[MAX_TOKENS];
	const uint8_t *how[MAX_TOKENS];
	uint32_t joined[MAX_TOKENS];
	/* The name whose bound was just worked out: its slots without the lookups (each still
	 * checked to be its token's). */
	bool last = ctx->last_c == c && ctx->last_tok == c->tok && ctx->last_form == form;
	for (size_t j = 0; j < nc; j++) {
		lk_match__memo_slot *s = last ? ctx->last_slots[j] : NULL;
		if (!s || !slot_is(s, form, &c->tok[j]))
			s = memo_slot(ctx, form, fm, &c->tok[j]);
		if (!s)
			return score_names(q, c, x, NULL, NULL, NULL);
		size_t at = s->at + nq + 1;
		if (!s->exact) {
			const double *u = slot_row(ctx, fm, s, &c->tok[j]);
			/* Where the bound is 0, so is the credit (credit_bound). */
			for (size_t i = 0; i < nq; i++) {
				lk_part_how h = LK_PART_UNMATCHED;
				ctx->pool[at + i] =
					u[i] > 0 ? kept_credit(ctx, fm, i, &q->tok[i], &c->tok[j], s, &h) : 0.0;
				ctx->how[at + i] = (uint8_t)h;
			}
			s->exact = 1;
		}
		credit[j] = ctx->pool + at;
		how[j] = ctx->how + at;
		joined[j] = s->joined;
	}
	return score_names(q, c, x, credit, how, joined);
}
