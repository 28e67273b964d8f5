/*
 * score.c - how alike two names are, part by part, and what birth dates, countries, gender
 * and identifiers add or take away.
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
 * given > patronymic > legal form) times rarity in the lists.
 */
#include "match_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LAMBDA 0.6          /* share of an unmatched candidate part's weight that counts */
#define LAMBDA_CORE 0.75    /* the same for a candidate's given, family and main name parts */
#define UNMATCHED_RARITY_FLOOR 0.75
#define NAME_CEILING 0.92   /* a perfect name alone; the rest is left to corroboration */
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
	double jw = lk_text__jaro_winkler(a->text, a->len, b->text, b->len);
	bool canon_differs = a->canon_len != a->len || b->canon_len != b->len ||
	                     memcmp(a->canon, a->text, a->len) != 0 ||
	                     memcmp(b->canon, b->text, b->len) != 0;
	if (canon_differs) {
		double jc = lk_text__jaro_winkler(a->canon, a->canon_len, b->canon, b->canon_len);
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
		double jw = lk_text__jaro_winkler(t, tl, one->text, one->len);
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

static void add_part(lk_explanation *x, const char *q, const char *c, lk_part_how how,
                     double sim, double w, uint8_t r)
{
	if (!x || x->nparts >= LK_EXPLAIN_MAX_PARTS)
		return;
	lk_part_match *p = &x->parts[x->nparts++];
	snprintf(p->query, sizeof p->query, "%s", q ? q : "");
	snprintf(p->candidate, sizeof p->candidate, "%s", c ? c : "");
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

double lk_match__score_names(const mname *q, const mname *c, lk_explanation *x)
{
	size_t nq = q->ntok, nc = c->ntok;
	if (nq == 0 || nc == 0)
		return 0.0;
	pair pairs[MAX_TOKENS * MAX_TOKENS + 2 * MAX_TOKENS * MAX_TOKENS];
	size_t np = 0;
	for (size_t i = 0; i < nq; i++)
		for (size_t j = 0; j < nc; j++) {
			lk_part_how how;
			double cr = token_credit(&q->tok[i], &c->tok[j], &how);
			if (cr <= 0)
				continue;
			/* A patronymic is built from the father's given name (Sergeyevna from Sergei):
			 * a query's given name meeting it is weak evidence of the same person. */
			if (c->tok[j].role == ROLE_PATRONYMIC && q->tok[i].role != ROLE_PATRONYMIC &&
			    how != LK_PART_EXACT)
				cr *= 0.5;
			pairs[np++] = (pair){cr, weight(&q->tok[i]) + weight(&c->tok[j]), (uint8_t)i,
			                     (uint8_t)i, (uint8_t)j, (uint8_t)j, how};
		}
	for (size_t i = 0; i + 1 < nq; i++)
		for (size_t j = 0; j < nc; j++) {
			double cr = joined_credit(&q->tok[i], &q->tok[i + 1], &c->tok[j]);
			if (cr > 0)
				pairs[np++] = (pair){cr, weight(&q->tok[i]) + weight(&q->tok[i + 1]) +
				                             weight(&c->tok[j]),
				                     (uint8_t)i, (uint8_t)(i + 1), (uint8_t)j, (uint8_t)j,
				                     LK_PART_JOINED};
		}
	for (size_t j = 0; j + 1 < nc; j++)
		for (size_t i = 0; i < nq; i++) {
			double cr = joined_credit(&c->tok[j], &c->tok[j + 1], &q->tok[i]);
			if (cr > 0)
				pairs[np++] = (pair){cr, weight(&q->tok[i]) + weight(&c->tok[j]) +
				                             weight(&c->tok[j + 1]),
				                     (uint8_t)i, (uint8_t)i, (uint8_t)j, (uint8_t)(j + 1),
				                     LK_PART_JOINED};
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
		wq_total += weight(&q->tok[i]);
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
		double wc = weight(&c->tok[p->ci]) + (p->cj != p->ci ? weight(&c->tok[p->cj]) : 0);
		matched += p->credit * p->weight;
		wc_matched += wc;
		if (x) {
			char qs[TOKEN_CAP * 2 + 1], cs[TOKEN_CAP * 2 + 1];
			if (p->qj != p->qi)
				snprintf(qs, sizeof qs, "%s %s", q->tok[p->qi].text, q->tok[p->qj].text);
			else
				snprintf(qs, sizeof qs, "%s", q->tok[p->qi].text);
			if (p->cj != p->ci)
				snprintf(cs, sizeof cs, "%s %s", c->tok[p->ci].text, c->tok[p->cj].text);
			else
				snprintf(cs, sizeof cs, "%s", c->tok[p->ci].text);
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
			double w = weight(&q->tok[i]);
			if (korean) {
				wq_total += lk_match__role_weight(q->tok[i].role) - w;
				w = lk_match__role_weight(q->tok[i].role);
			}
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

/* ---- a cheap upper bound of the name score ---- */

/*
 * How many of the first n bytes of s may meet a byte of the other token, whose letters mask is
 * other (a byte that is neither a letter nor a digit is counted: the mask does not know it).
 */
static size_t meetable(const char *s, size_t n, uint32_t other)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		uint32_t bit = c >= 'a' && c <= 'z' ? 1u << (c - 'a')
		               : c >= '0' && c <= '9' ? 1u << 26
		                                      : 0;
		k += bit == 0 || (bit & other) != 0;
	}
	return k;
}

/*
 * An upper bound of lk_text__jaro_winkler(a, an, b, bn): every matched character of a is a
 * character of b and the other way round, so the matches m are at most the characters of
 * either that the other's letters allow; with no transpositions and the common prefix
 * (at most 4) the formula's terms are each at least as large.
 */
static double jaro_winkler_bound(const char *a, size_t an, uint32_t al, const char *b,
                                 size_t bn, uint32_t bl)
{
	if (an == 0 || bn == 0)
		return 0.0;
	if (an > 64)
		an = 64;
	if (bn > 64)
		bn = 64;
	size_t ma = meetable(a, an, bl), mb = meetable(b, bn, al);
	size_t m = ma < mb ? ma : mb;
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
 * Korean syllable test that might pass is taken to pass.
 */
static double credit_bound(const mtoken *a, const mtoken *b)
{
	if (a->role == ROLE_NUMBER || b->role == ROLE_NUMBER)
		return a->len == b->len && memcmp(a->text, b->text, a->len) == 0 ? 1.0 : 0.0;
	if (a->len == b->len && memcmp(a->text, b->text, a->len) == 0)
		return 1.0;
	if (a->canon_len == b->canon_len && memcmp(a->canon, b->canon, a->canon_len) == 0)
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
	double jw = jaro_winkler_bound(a->text, a->len, a->letters, b->text, b->len, b->letters);
	bool canon_differs = a->canon_len != a->len || b->canon_len != b->len ||
	                     memcmp(a->canon, a->text, a->len) != 0 ||
	                     memcmp(b->canon, b->text, b->len) != 0;
	if (canon_differs) {
		double jc = jaro_winkler_bound(a->canon, a->canon_len,
		                               lk_match__letters(a->canon, a->canon_len), b->canon,
		                               b->canon_len, lk_match__letters(b->canon, b->canon_len));
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
static bool joined_possible(const mtoken *x, const mtoken *y, const mtoken *one)
{
	size_t tl = (size_t)x->len + y->len;
	if (tl + 2 < one->len || tl > (size_t)one->len + 2 || x->role == ROLE_NUMBER ||
	    y->role == ROLE_NUMBER)
		return false;
	return bits((x->letters | y->letters) ^ one->letters) <= 2;
}

double lk_match__score_bound(const mname *q, const mname *c)
{
	size_t nq = q->ntok, nc = c->ntok;
	if (nq == 0 || nc == 0)
		return 0.0;
	/* The best credit each part can have in any pair: the credit of a chosen pair times its
	 * weight (the sum of its parts' weights) is at most the sum of each part's weight times
	 * its own best credit. */
	double mq[MAX_TOKENS] = {0}, mc[MAX_TOKENS] = {0};
	for (size_t i = 0; i < nq; i++)
		for (size_t j = 0; j < nc; j++) {
			double u = credit_bound(&q->tok[i], &c->tok[j]);
			if (u > mq[i])
				mq[i] = u;
			if (u > mc[j])
				mc[j] = u;
		}
	for (size_t i = 0; i + 1 < nq; i++)
		for (size_t j = 0; j < nc; j++)
			if (joined_possible(&q->tok[i], &q->tok[i + 1], &c->tok[j]))
				mq[i] = mq[i + 1] = mc[j] = 1.0;
	for (size_t j = 0; j + 1 < nc; j++)
		for (size_t i = 0; i < nq; i++)
			if (joined_possible(&c->tok[j], &c->tok[j + 1], &q->tok[i]))
				mc[j] = mc[j + 1] = mq[i] = 1.0;
	/* The denominator is at least every query weight, plus for each listed part the least
	 * of what it adds aligned (its weight) and unaligned (LAMBDA's share; Korean names only
	 * add more), and the unaligned share for a part no pair can align. */
	double num = 0, den = 0;
	for (size_t i = 0; i < nq; i++) {
		double w = weight(&q->tok[i]);
		num += mq[i] * w;
		den += w;
	}
	for (size_t j = 0; j < nc; j++) {
		uint8_t r = c->tok[j].role;
		double lambda = r == ROLE_GIVEN || r == ROLE_FAMILY || r == ROLE_NAME || r == ROLE_WORD
		                    ? LAMBDA_CORE
		                    : LAMBDA;
		double rar = c->tok[j].rarity < UNMATCHED_RARITY_FLOOR ? UNMATCHED_RARITY_FLOOR
		                                                       : c->tok[j].rarity;
		double unaligned = lambda * lk_match__role_weight(r) * rar;
		double w = weight(&c->tok[j]);
		num += mc[j] * w;
		den += mc[j] > 0 && w < unaligned ? w : unaligned;
	}
	if (num <= 0)
		return 0.0;
	double s = den > 0 ? num / den : 1.0;
	/* Room for rounding: the sums above add in another order than the scorer's. */
	s = s * (1.0 + 1e-9) + 1e-9;
	return s > 1.0 ? 1.0 : s;
}

double lk_match__reportable_name_score(const lk_query *q, double floor)
{
	if (q->nidentifiers > 0)
		return 0.0; /* an identifier alone can make any name score reportable */
	/* The features can add at most a birth date's and a country's bonus. */
	double most = (q->nbirth_dates > 0 ? 0.06 : 0.0) + (q->ncountries > 0 ? 0.03 : 0.0);
	/* Scores are rounded to 3 decimals before the floor applies. */
	double t = (floor - 0.001 - most) / NAME_CEILING;
	return t > 0 ? t : 0.0;
}

/* ---- secondary features ---- */

static void add_feature(lk_explanation *x, const char *feature, double delta, const char *fmt,
                        ...) LK_PRINTF(4, 5);

static void add_feature(lk_explanation *x, const char *feature, double delta, const char *fmt,
                        ...)
{
	if (!x || x->nfeatures >= LK_EXPLAIN_MAX_FEATURES)
		return;
	lk_feature_effect *f = &x->features[x->nfeatures++];
	f->feature = feature;
	f->delta = delta;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->detail, sizeof f->detail, fmt, ap);
	va_end(ap);
}

enum dob_rel { DOB_NONE, DOB_CONTRADICT, DOB_CLOSE, DOB_SWAPPED, DOB_PARTIAL, DOB_EXACT };

static enum dob_rel dob_relation(const lk_date *a, const lk_date *b)
{
	if (a->year != b->year) {
		if (a->month && b->month && a->day && b->day && abs(a->year - b->year) <= 1)
			return DOB_CLOSE;
		return abs(a->year - b->year) <= 1 && (!a->month || !b->month) ? DOB_CLOSE
		                                                                : DOB_CONTRADICT;
	}
	if (a->month && b->month && a->month != b->month) {
		if (a->day && b->day && a->day == b->month && a->month == b->day)
			return DOB_SWAPPED;
		return DOB_CONTRADICT;
	}
	if (a->day && b->day && a->day != b->day)
		return DOB_CONTRADICT;
	if (a->month && b->month && a->day && b->day)
		return DOB_EXACT;
	return DOB_PARTIAL;
}

static double birth_dates(const lk_query *q, const lk_entity *e, lk_explanation *x)
{
	if (q->nbirth_dates == 0)
		return 0.0;
	enum dob_rel best = DOB_NONE;
	char qb[11] = "", eb[11] = "";
	bool any_entity = false;
	for (size_t v = 0; v < e->nvalues; v++) {
		if (e->values[v].prop != LK_PROP_BIRTH_DATE)
			continue;
		lk_date ed;
		if (lk_date_parse(&ed, e->values[v].value))
			continue;
		any_entity = true;
		for (size_t i = 0; i < q->nbirth_dates; i++) {
			lk_date qd;
			if (lk_date_parse(&qd, q->birth_dates[i]))
				continue;
			enum dob_rel r = dob_relation(&qd, &ed);
			if (r > best || best == DOB_NONE) {
				best = r;
				lk_date_format(&qd, qb);
				lk_date_format(&ed, eb);
			}
		}
	}
	if (!any_entity || best == DOB_NONE)
		return 0.0;
	switch (best) {
	case DOB_EXACT:
		add_feature(x, "birthDate", 0.06, "birth date %s equals the listed %s", qb, eb);
		return 0.06;
	case DOB_PARTIAL:
		add_feature(x, "birthDate", 0.03, "birth date %s agrees with the listed %s", qb, eb);
		return 0.03;
	case DOB_SWAPPED:
		add_feature(x, "birthDate", 0.01,
		            "birth date %s is the listed %s with day and month swapped", qb, eb);
		return 0.01;
	case DOB_CLOSE:
		add_feature(x, "birthDate", -0.05, "birth date %s is close to the listed %s", qb, eb);
		return -0.05;
	default:
		add_feature(x, "birthDate", -0.30, "birth date %s contradicts the listed %s", qb, eb);
		return -0.30;
	}
}

static bool is_country_prop(lk_prop p)
{
	return p == LK_PROP_NATIONALITY || p == LK_PROP_CITIZENSHIP || p == LK_PROP_COUNTRY ||
	       p == LK_PROP_JURISDICTION || p == LK_PROP_FLAG;
}

static const char *country_of(const char *s)
{
	const char *c = lk_country_code(s);
	return c ? c : NULL;
}

static double countries(const lk_query *q, const lk_entity *e, lk_explanation *x)
{
	if (q->ncountries == 0)
		return 0.0;
	bool listed = false;
	const char *some = NULL;
	for (size_t v = 0; v < e->nvalues; v++) {
		if (!is_country_prop(e->values[v].prop))
			continue;
		const char *ec = country_of(e->values[v].value);
		if (!ec)
			continue;
		listed = true;
		some = ec;
		for (size_t i = 0; i < q->ncountries; i++) {
			const char *qc = country_of(q->countries[i]);
			if (qc && strcmp(qc, ec) == 0) {
				add_feature(x, "country", 0.03, "country %s is among the listed countries", qc);
				return 0.03;
			}
		}
	}
	if (!listed)
		return 0.0;
	const char *qc = country_of(q->countries[0]);
	add_feature(x, "country", -0.05, "country %s is not among the listed countries (e.g. %s)",
	            qc ? qc : q->countries[0], some);
	return -0.05;
}

static double gender(const lk_query *q, const lk_entity *e, lk_explanation *x)
{
	if (!q->gender || !*q->gender)
		return 0.0;
	const char *g = lk_entity_first(e, LK_PROP_GENDER);
	if (!g)
		return 0.0;
	char qg = (char)(q->gender[0] | 0x20), eg = (char)(g[0] | 0x20);
	if ((qg != 'm' && qg != 'f') || (eg != 'm' && eg != 'f'))
		return 0.0;
	if (qg == eg)
		return 0.0;
	add_feature(x, "gender", -0.20, "gender %s contradicts the listed %s", q->gender, g);
	return -0.20;
}

static bool ident_equal(const char *a, const char *b)
{
	char da[8], db[8];
	if (lk_imo_digits(a, da) && lk_imo_digits(b, db))
		return strcmp(da, db) == 0;
	lk_buf x = LK_BUF_INIT, y = LK_BUF_INIT;
	lk_buf_init(&x, 256);
	lk_buf_init(&y, 256);
	bool eq = !lk_ident_normalize(&x, a) && !lk_ident_normalize(&y, b) && x.len >= 4 &&
	          strcmp(lk_buf_cstr(&x), lk_buf_cstr(&y)) == 0;
	lk_buf_dispose(&x);
	lk_buf_dispose(&y);
	return eq;
}

static double identifiers(const lk_query *q, const lk_entity *e, lk_explanation *x,
                          bool *id_match)
{
	*id_match = false;
	if (q->nidentifiers == 0)
		return 0.0;
	for (size_t v = 0; v < e->nvalues; v++) {
		lk_prop p = e->values[v].prop;
		if (lk_prop_kind_of(p) != LK_KIND_IDENT)
			continue;
		for (size_t i = 0; i < q->nidentifiers; i++)
			if (ident_equal(q->identifiers[i], e->values[v].value)) {
				*id_match = true;
				add_feature(x, "identifier", 0.40, "identifier %s equals the listed %s %s",
				            q->identifiers[i], lk_prop_name(p), e->values[v].value);
				return 0.40;
			}
	}
	/* A vessel's IMO number is unique for life: a different valid one contradicts. */
	const char *imo = lk_entity_first(e, LK_PROP_IMO_NUMBER);
	if (imo && lk_imo_valid(imo))
		for (size_t i = 0; i < q->nidentifiers; i++)
			if (lk_imo_valid(q->identifiers[i])) {
				add_feature(x, "identifier", -0.25, "IMO number %s differs from the listed %s",
				            q->identifiers[i], imo);
				return -0.25;
			}
	return 0.0;
}

double lk_match__features(const lk_query *q, const lk_entity *e, double name_score,
                          lk_prop matched_prop, lk_explanation *x, bool *id_match)
{
	double s = NAME_CEILING * name_score;
	*id_match = false;
	if (matched_prop == LK_PROP_WEAK_ALIAS && name_score > 0) {
		add_feature(x, "weakAlias", -0.04, "matched a weak alias (the list rates it low "
		                                   "quality)");
		s -= 0.04;
	}
	s += birth_dates(q, e, x);
	s += countries(q, e, x);
	s += gender(q, e, x);
	s += identifiers(q, e, x, id_match);
	if (*id_match && name_score == 0)
		s = 0.95; /* found by identifier alone */
	if (s < 0)
		s = 0;
	if (s > 1)
		s = 1;
	return s;
}
