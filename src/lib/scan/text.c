/*
 * text.c - mentions of listed entities in free text.
 *
 * One pass over the words between ICU's word boundaries (text_break.c: byte offsets; plain
 * lines broken without ICU, with the same result). Name-like words are analysed
 * (text_words.c); consecutive name words separated only by spaces or hyphens make a run. A
 * run ends at any other word, at punctuation, at a title, or at a blank line, and is then
 * resolved:
 *   - a hyphenated compound ending in a place noun or an unknown word is not a name
 *     ("Kim-Il-Sung-Platz", "Dongguk-Universität");
 *   - adjacent words are linked when some listed name has both (their keys share a posting);
 *     spans of 1-4 linked words with two name parts or more are screened with
 *     lk_match_screen (each distinct span once per scan, and the thread keeps screenings
 *     across texts: text_screen.c), the word inflected last in each of its forms;
 *   - the matching spans are taken best first, dropping those that overlap a better one;
 *   - a word standing alone is a mention when it is the family name of a person already
 *     found in the text (coreference), or, for organisations and vessels, when it is their
 *     one distinctive name word, spelled exactly.
 * "IMO" followed by seven digits is looked up among the listed IMO numbers.
 *
 * The index is only read; everything the scan allocates is its own, so scans run in
 * parallel on one index. The words come from text_break.c (ICU's boundaries, plain lines
 * broken without ICU).
 */
#include "text_scan.h"
#include "lookout/error.h"
#include "lookout/hash.h"
#include "lookout/strmap.h"
#include "lookout/utf8.h"

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>

static _Thread_local bool caching_off;

void lk_scan__set_caching(bool on)
{
	caching_off = !on;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Record a mention; the query string and results are copied. */
static lk_scan_mention *add_mention(scan *s, size_t start, size_t end, lk_scan_how how,
                                    const char *query, const lk_match_result *items, size_t n)
{
	if (s->nmentions == LK_SCAN_MAX_MENTIONS) {
		s->rc = lk_error_set(LK_ETOOBIG, "scan: more than %d mentions", LK_SCAN_MAX_MENTIONS);
		return NULL;
	}
	if (s->nmentions == s->cap_mentions) {
		size_t nc = s->cap_mentions ? s->cap_mentions * 2 : 16;
		lk_scan_mention *p = realloc(s->mentions, nc * sizeof *p);
		if (!p) {
			s->rc = lk_error_set(LK_ENOMEM, "scan: out of memory");
			return NULL;
		}
		s->mentions = p;
		s->cap_mentions = nc;
	}
	lk_scan_mention *m = &s->mentions[s->nmentions];
	memset(m, 0, sizeof *m);
	m->start = start;
	m->end = end;
	m->how = how;
	m->query = strdup(query);
	m->results = malloc((n ? n : 1) * sizeof *m->results);
	if (!m->query || !m->results) {
		free((void *)m->query);
		free(m->results);
		s->rc = lk_error_set(LK_ENOMEM, "scan: out of memory");
		return NULL;
	}
	memcpy(m->results, items, n * sizeof *items);
	for (size_t i = 0; i < n; i++)
		m->results[i].explanation.query_name = m->query;
	m->nresults = n;
	s->nmentions++;
	return m;
}

/* Remember the family names of a person just found, for later mentions by surname alone. */
static void learn_coref(scan *s, const lk_match_result *r)
{
	if (r->entity->schema != LK_SCHEMA_PERSON)
		return;
	const lk_explanation *x = &r->explanation;
	for (size_t i = 0; i < x->nparts; i++) {
		const lk_part_match *p = &x->parts[i];
		if (!p->role || strcmp(p->role, "family") != 0 || p->how == LK_PART_UNMATCHED ||
		    !p->query[0])
			continue;
		char canon[TOKEN_CAP];
		lk_text__canon(canon, sizeof canon, p->query, strlen(p->query));
		size_t k = 0;
		while (k < s->ncorefs && strcmp(s->corefs[k].canon, canon) != 0)
			k++;
		if (k == s->ncorefs) {
			if (s->ncorefs == MAX_COREF)
				return;
			if (s->ncorefs == s->cap_corefs) {
				size_t nc = s->cap_corefs ? s->cap_corefs * 2 : 4;
				coref *grown = realloc(s->corefs, (nc < MAX_COREF ? nc : MAX_COREF) * sizeof *grown);
				if (!grown) {
					s->rc = lk_error_set(LK_ENOMEM, "scan: out of memory");
					return;
				}
				s->corefs = grown;
				s->cap_corefs = nc < MAX_COREF ? nc : MAX_COREF;
			}
			s->ncorefs++;
		}
		/* The latest full mention wins: "Kim" after "Kim Yo Jong" is her, not him. */
		memcpy(s->corefs[k].canon, canon, sizeof canon);
		s->corefs[k].result = *r;
		s->corefs[k].result.explanation.query_name = NULL;
	}
}

static const coref *find_coref(const scan *s, const scan_word *w)
{
	for (size_t f = 0; f < w->nforms; f++) {
		if (w->form[f].nparts != 1 || !w->form[f].canon[0])
			continue;
		for (size_t k = 0; k < s->ncorefs; k++)
			if (strcmp(s->corefs[k].canon, w->form[f].canon) == 0)
				return &s->corefs[k];
	}
	return NULL;
}

/* ---- resolving a run ---- */

/* Is every letter of s[0..n) a capital, or is the word in a caseless script? */
static bool capitals(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += lk_utf8_decode(s + i, n - i, &cp);
		if (u_islower((UChar32)cp))
			return false;
	}
	return true;
}

typedef struct span {
	size_t first, last;   /* word indexes in the run */
	uint8_t ff, lf;       /* the forms of the first and the last word */
	const cached *hit;
	double score;
} span;

/* Build the query of words first..last (the first in form ff, the last in form lf, the
 * others in their best form) into s->query. */
static void span_query(scan *s, const scan_word *run, size_t first, size_t last, size_t ff,
                       size_t lf)
{
	lk_buf_clear(&s->query);
	for (size_t i = first; i <= last; i++) {
		if (i > first)
			lk_buf_putc(&s->query, ' ');
		lk_buf_puts(&s->query, run[i].form[i == last ? lf : i == first ? ff : 0].s);
	}
}

/*
 * Keep the SPAN_CANDS most likely of n candidate names (a name that has several adjacent
 * pairs of the span is listed once per pair): names met by more pairs first, then names with
 * as many parts as the span, then lower name numbers. Returns the new count; v[0..count)
 * holds them, each once, in no particular order: the engine sorts the names it is given, and
 * what it finds depends only on which they are (the thread's cache compares the lists as
 * given, and best_cands gives one list the same way every time). The scorer then sees about
 * as many names as the engine's own retrieval gives it (CANDIDATE_NAMES in screen.c).
 *
 * Spans are screened by the thousand per MB of text: the names are counted in a small hash
 * table (open addressing, sized to n); when there are more than SPAN_CANDS, the best are kept
 * in a min-heap. Nothing is sorted.
 */
_Static_assert(MAX_CANDS < UINT16_MAX, "best_cands counts and numbers names in 16 bits");

static size_t best_cands(const lk_index *ix, uint32_t *v, size_t n, size_t parts)
{
	uint16_t slot[2 * MAX_CANDS]; /* index into names + 1; 0: empty */
	uint32_t names[MAX_CANDS];
	uint16_t count[MAX_CANDS];    /* n <= MAX_CANDS */
	size_t size = 64;
	while (size < 2 * n)
		size *= 2;
	memset(slot, 0, size * sizeof *slot);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		size_t h = (size_t)((v[i] * 0x9E3779B1u) >> 7) & (size - 1);
		while (slot[h] && names[slot[h] - 1] != v[i])
			h = (h + 1) & (size - 1);
		if (slot[h]) {
			count[slot[h] - 1]++;
		} else {
			names[m] = v[i];
			count[m] = 1;
			slot[h] = (uint16_t)++m;
		}
	}
	if (m <= SPAN_CANDS) {
		memcpy(v, names, m * sizeof *v); /* all of them, in the order first met */
		return m;
	}
	/* A name's order: (rank, then the lower name number) as one number, larger is better. */
	uint64_t heap[SPAN_CANDS];
	size_t nh = 0;
	for (size_t k = 0; k < m; k++) {
		size_t nt = ix->names[names[k]].ntok, off = nt > parts ? nt - parts : parts - nt;
		uint64_t rank = (uint64_t)count[k] * 16u + 15u - (off < 15 ? off : 15);
		uint64_t key = rank << 32 | (uint64_t)(UINT32_MAX - names[k]);
		size_t at;
		if (nh < SPAN_CANDS) {
			at = nh++; /* sift up */
			while (at > 0 && heap[(at - 1) / 2] > key) {
				heap[at] = heap[(at - 1) / 2];
				at = (at - 1) / 2;
			}
		} else if (key > heap[0]) {
			at = 0; /* replace the least, sift down */
			for (;;) {
				size_t c = 2 * at + 1;
				if (c >= nh)
					break;
				if (c + 1 < nh && heap[c + 1] < heap[c])
					c++;
				if (heap[c] >= key)
					break;
				heap[at] = heap[c];
				at = c;
			}
		} else {
			continue;
		}
		heap[at] = key;
	}
	for (size_t k = 0; k < nh; k++)
		v[k] = UINT32_MAX - (uint32_t)heap[k];
	return nh;
}

size_t lk_scan__best_cands(const lk_index *ix, uint32_t *v, size_t n, size_t parts)
{
	return best_cands(ix, v, n, parts);
}

static int cmp_span(const void *a, const void *b)
{
	const span *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	size_t lx = x->last - x->first, ly = y->last - y->first;
	if (lx != ly)
		return lx < ly ? 1 : -1;
	return x->first < y->first ? -1 : x->first > y->first;
}

/* The index names two adjacent parts share (lk_scan__shared_names from an empty list): n of
 * them (up to MAX_CANDS + 1: more than MAX_CANDS), the first min(n, MAX_CANDS) at s->pool +
 * off. Each is collected once per stretch, however many spans contain the pair. */
typedef struct cand_list {
	size_t off, n;
	bool done;
} cand_list;

/* Collect the names part i of a and part j of b share into l. false if out of memory. */
static bool collect_list(scan *s, const scan_form *a, size_t i, const scan_form *b, size_t j,
                         cand_list *l)
{
	/* The names depend only on the two parts' keys (and the index): the thread keeps them. */
	const uint64_t key[PAIR_KEYS] = {a->key[i], a->skel[i][0], a->skel[i][1],
	                                 b->key[j], b->skel[j][0], b->skel[j][1]};
	uint64_t h = lk_scan__pair_hash(key);
	pair_entry *e = s->pairs ? lk_scan__pairs_get(s->pairs, key, h) : NULL;
	uint32_t got[MAX_CANDS]; /* not s->cands: a span may be assembling there */
	const uint32_t *names = got;
	size_t n;
	if (e) {
		n = e->n;
		names = e->names;
	} else {
		n = lk_scan__shared_names(s->c.ix, a, i, b, j, got, 0, MAX_CANDS);
	}
	size_t kept = n < MAX_CANDS ? n : MAX_CANDS;
	if (!e && s->pairs && lk_scan__pairs_count(s->pairs) < PAIRS_CACHED &&
	    *s->pair_bytes < PAIR_BYTES_CACHED) {
		size_t size = sizeof *e + kept * sizeof *got;
		e = malloc(size);
		if (e) {
			memcpy(e->key, key, sizeof e->key);
			e->n = n;
			if (kept)
				memcpy(e->names, got, kept * sizeof *got);
			if (lk_scan__pairs_put(s->pairs, e, h))
				free(e); /* an optimisation: go on without it */
			else
				*s->pair_bytes += size + 2 * sizeof(pair_slot);
		}
	}
	if (s->npool + kept > s->cap_pool) {
		size_t nc = s->cap_pool ? s->cap_pool : 1024;
		while (nc < s->npool + kept)
			nc *= 2;
		uint32_t *p = realloc(s->pool, nc * sizeof *p);
		if (!p) {
			s->rc = lk_error_set(LK_ENOMEM, "scan: out of memory");
			return false;
		}
		s->pool = p;
		s->cap_pool = nc;
	}
	if (kept)
		memcpy(s->pool + s->npool, names, kept * sizeof *names);
	l->off = s->npool;
	l->n = n;
	l->done = true;
	s->npool += kept;
	return true;
}

/* Append list l to the n names in s->cands, as lk_scan__shared_names would have: the count
 * goes past MAX_CANDS at most by one, and then stays. */
static size_t append_list(scan *s, size_t n, const cand_list *l)
{
	if (n > MAX_CANDS)
		return n;
	size_t room = MAX_CANDS - n, kept = l->n < MAX_CANDS ? l->n : MAX_CANDS;
	if (kept && room)
		memcpy(s->cands + n, s->pool + l->off, (kept < room ? kept : room) * sizeof *s->cands);
	return n + l->n > MAX_CANDS ? MAX_CANDS + 1 : n + l->n;
}


/* Does the word read as one syllable of a Korean name: romanised, as Russian writes it, or
 * read from Arabic script (إيل, سونغ)? */
static bool read_korean_syllable(const scan *s, const scan_word *w)
{
	if (w->nforms == 0 || w->form[0].nparts != 1)
		return false;
	const char *word = s->text + w->start;
	size_t n = w->end - w->start;
	if (w->script == LK_SCRIPT_CYRILLIC)
		return lk_text__cyrillic_korean_syllable(word, n);
	char low[16], key[16];
	if (w->script == LK_SCRIPT_ARABIC) {
		lk_buf b;
		lk_buf_init(&b, 64);
		bool ok = n < 64 && lk_text_latinize(&b, word, n, LK_TRANSLIT_DEFAULT) == 0 &&
		          b.len < sizeof low;
		if (ok)
			memcpy(low, lk_buf_cstr(&b), b.len + 1);
		lk_buf_dispose(&b);
		return ok && lk_text__korean_key(key, low, strlen(low));
	}
	if (w->script != LK_SCRIPT_LATIN || n >= sizeof low)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)word[i];
		low[i] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
	}
	low[n] = 0;
	return lk_text__korean_key(key, low, n);
}

/* read_korean_syllable, remembered in the word (it depends only on the word's bytes). */
static bool korean_syllable(const scan *s, scan_word *w)
{
	if (!w->korean)
		w->korean = read_korean_syllable(s, w) ? 2 : 1;
	return w->korean == 2;
}

/* Is every word of run[first..last] a Korean syllable? */
static bool korean_span(const scan *s, scan_word *run, size_t first, size_t last)
{
	for (size_t i = first; i <= last; i++)
		if (!korean_syllable(s, &run[i]))
			return false;
	return true;
}

/* Does every span with words w and x take its candidates from the keys of its readings
 * (resolve_stretch: a Han word, or a Hangul word of several parts)? Then only whether the
 * two are linked counts, not the names they share. */
static bool readings_pair(const scan_word *w, const scan_word *x)
{
	return w->script == LK_SCRIPT_HAN || x->script == LK_SCRIPT_HAN ||
	       (w->script == LK_SCRIPT_HANGUL && w->form[0].nparts > 1) ||
	       (x->script == LK_SCRIPT_HANGUL && x->form[0].nparts > 1);
}

/* Resolve words [a, b) of the run: a stretch without compounds or titles; title_follows: a
 * title follows word b - 1. */
static void resolve_stretch(scan *s, scan_word *run, size_t a, size_t b, bool title_follows)
{

	bool link[MAX_RUN];   /* link[i]: word i and word i + 1 share a listed name */
	bool covered[MAX_RUN] = {false};
	/* pairs[i]: the names word i's last part and word i + 1's first part share (they are
	 * linked when there is one: lk_scan__linked); inner[i][p]: those parts p and p + 1 of a
	 * word of several parts share (a Hangul name), collected when a span needs them. */
	cand_list pairs[MAX_RUN], inner[MAX_RUN][SCAN_MAX_PARTS];
	s->npool = 0;
	for (size_t i = a; i < b; i++)
		for (size_t p = 0; p < SCAN_MAX_PARTS; p++)
			inner[i][p].done = false;
	for (size_t i = a; i + 1 < b; i++) {
		const scan_form *x = &run[i].form[0];
		pairs[i].done = false;
		/* Two Hangul words read as transcribed foreign words, neither of them a listed
		 * spelling, met only through their consonant skeletons, which Korean loanword
		 * readings make loose: ordinary words (파일 내용이, 확률 밀도) meet so all the time.
		 * A foreign name has a word the lists spell (블라디미르, 세르게이 라브로프). Such
		 * words are never linked: what they share is not looked up. */
		if (run[i].script == LK_SCRIPT_HANGUL && run[i + 1].script == LK_SCRIPT_HANGUL &&
		    x->nparts == 1 && run[i + 1].form[0].nparts == 1 && !x->exact &&
		    !run[i + 1].form[0].exact) {
			link[i] = false;
		} else if (readings_pair(&run[i], &run[i + 1])) {
			link[i] = lk_scan__parts_linked(s->tables, x, x->nparts - 1u,
			                                &run[i + 1].form[0], 0);
		} else {
			if (!collect_list(s, x, x->nparts - 1u, &run[i + 1].form[0], 0, &pairs[i]))
				return;
			link[i] = pairs[i].n > 0;
		}
	}
	span spans[MAX_RUN * MAX_SPAN * SCAN_MAX_FORMS * SCAN_MAX_FORMS];
	size_t nspans = 0;
	for (size_t i = a; i < b; i++) {
		size_t parts = 0;
		for (size_t j = i; j < b && j < i + MAX_SPAN; j++) {
			if (j > i && !link[j - 1])
				break;
			parts += run[j].form[0].nparts;
			if (parts < 2)
				continue;
			if (j == i && !lk_scan__self_linked(s->c.ix, &run[i].form[0]))
				continue;
			/* Initials alone ("S. E.", "Д.С") meet the abbreviations some companies are
			 * also listed as, and say nothing about who is meant. */
			bool initials = true;
			for (size_t k = i; k <= j && initials; k++)
				initials = lk_scan__letter_run(s->text + run[k].start,
				                               run[k].end - run[k].start) <= 1;
			if (initials)
				continue;
			/* Hangul and Han have several readings (a Korean name, a foreign name, Chinese,
			 * Japanese); the keys of one reading give too narrow a set: the candidates come
			 * from the keys of every reading (lk_scan__cjk_candidates) or the engine's own
			 * retrieval. Not for Hangul words kept in one part each: they were read as
			 * transcribed foreign names (블라디미르 푸틴), whose pairs give the candidates as
			 * in Latin script. */
			bool readings = false;
			for (size_t k = i; k <= j; k++)
				readings |= run[k].script == LK_SCRIPT_HAN ||
				            (run[k].script == LK_SCRIPT_HANGUL &&
				             (i == j || run[k].form[0].nparts > 1));
			/* The listed names that have two adjacent parts of the span: the only names
			 * that can match it (the span's words are linked pairwise), and far fewer than
			 * the engine would retrieve for the parts one by one. */
			size_t nc = 0;
			for (size_t k = i; k <= j && !readings; k++) {
				const scan_form *f = &run[k].form[0];
				for (size_t p = 1; p < f->nparts; p++) {
					if (!inner[k][p - 1].done &&
					    !collect_list(s, f, p - 1, f, p, &inner[k][p - 1]))
						return;
					nc = append_list(s, nc, &inner[k][p - 1]);
				}
				if (k > i && !pairs[k - 1].done &&
				    !collect_list(s, &run[k - 1].form[0], run[k - 1].form[0].nparts - 1u,
				                  &run[k].form[0], 0, &pairs[k - 1]))
					return;
				if (k > i)
					nc = append_list(s, nc, &pairs[k - 1]);
			}
			/* Han, or one Hangul word read as Korean syllables: read as a Korean or Chinese
			 * name, whose first syllable must begin a listed name. */
			bool han_span = true;
			for (size_t k = i; k <= j; k++)
				han_span &= run[k].script == LK_SCRIPT_HAN;
			if ((han_span || (i == j && run[i].script == LK_SCRIPT_HANGUL &&
			                  run[i].form[0].nparts > 1)) &&
			    !lk_scan__first_syllable(s->tables, s->text, &run[i]))
				continue;
			if (readings)
				nc = MAX_CANDS + 1;
			else if (nc <= MAX_CANDS)
				nc = best_cands(s->c.ix, s->cands, nc, parts);
			/* Inflection is tried on the first and the last word: "Siergieja Ławrowa". */
			size_t nff = j > i ? run[i].nforms : 1;
			bool near = true;
			for (size_t ff = 0; ff < nff && near; ff++)
				for (size_t f = 0; f < run[j].nforms && near; f++) {
					span_query(s, run, i, j, ff, f);
					const char *q = lk_buf_cstr(&s->query);
					if (!lk_scan__worth_screening(s->tables, q, j + 1 == b && title_follows))
						continue;
					s->stats.spans++;
					/* A span written in Han or Hangul can only be a mention of a name whose
					 * every core part some reading of it meets (the judge): those names,
					 * found from the keys of its readings, are its candidates, instead of
					 * the engine's retrieval over every reading; without any, it is not
					 * screened. Each form is then tried that has some (the near miss below
					 * saves screenings this needs not). */
					size_t ncq = nc;
					bool exact = false;
					if (readings && lk_scan__cjk_text(q)) {
						size_t k = lk_scan__cjk_candidates(s->tables, q, s->o->schema,
						                                   s->cands, MAX_CANDS);
						if (k == 0)
							continue;
						if (k <= MAX_CANDS) {
							ncq = k;
							exact = true;
						}
					}
					/* The best score below the threshold decides whether the other forms
					 * are tried: wanted for the words as written, when there are others. */
					bool want_best = ff == 0 && f == 0 && !exact && nff * run[j].nforms > 1;
					const cached *c = lk_scan__screen(s, q, NULL, s->o->schema, s->cands,
					                                  ncq, want_best);
					if (!c)
						return;
					/* The words as written first; their other forms only when that came
					 * close: stripping an ending moves a score by a few hundredths
					 * (Siergieja Ławrowa 0.66, Siergiej Ławrow 0.72), and most spans are
					 * unlisted names far below the threshold. */
					if (ff == 0 && f == 0 && !exact)
						near = c->best >= s->threshold - NEAR_MISS;
					if (c->count == 0 || nspans == LK_ARRAY_SIZE(spans))
						continue;
					if (lk_scan__cjk_text(lk_buf_cstr(&s->query)) &&
					    lk_scan__cjk_two_syllables(&c->items[0]) &&
					    !(j + 1 == b && title_follows))
						continue;
					spans[nspans++] = (span){i, j, (uint8_t)ff, (uint8_t)f, c,
					                         c->items[0].score};
				}
		}
	}
	qsort(spans, nspans, sizeof *spans, cmp_span);
	for (size_t k = 0; k < nspans; k++) {
		const span *sp = &spans[k];
		bool free_ = true;
		for (size_t i = sp->first; i <= sp->last; i++)
			free_ &= !covered[i];
		/* A Korean name is all of its syllables: a span of syllables that leaves out a
		 * syllable next to it, which no better span took, is a longer name cut short
		 * ("Kim Il" of "Kim Il Sung Square" meets KIM Kwang Il; "Kim Jong" of "Kim Jong Il",
		 * KIM Jung Jong). Other names are not judged so: the words of a sentence next to a
		 * name are often linked to it through some listed name ("Wizyta Siergieja Ławrowa"). */
		if (free_ && ((sp->first > a && !covered[sp->first - 1] &&
		               korean_span(s, run, sp->first - 1, sp->last)) ||
		              (sp->last + 1 < b && !covered[sp->last + 1] &&
		               korean_span(s, run, sp->first, sp->last + 1))))
			free_ = false;
		if (!free_)
			continue;
		for (size_t i = sp->first; i <= sp->last; i++)
			covered[i] = true;
		span_query(s, run, sp->first, sp->last, sp->ff, sp->lf);
		/* Report the words as written, up to the end of the last word (inflection
		 * included, glued debris not). */
		if (!add_mention(s, run[sp->first].start, run[sp->last].end, LK_SCAN_NAME,
		                 lk_buf_cstr(&s->query), sp->hit->items, sp->hit->count))
			return;
		learn_coref(s, &sp->hit->items[0]);
	}
	/* Words alone: not linked to a neighbour, not part of a mention. */
	for (size_t i = a; i < b; i++) {
		if (covered[i] || (i > a && link[i - 1]) || (i + 1 < b && link[i]) ||
		    run[i].form[0].nparts != 1)
			continue;
		const scan_word *w = &run[i];
		/* A Korean family name followed by another syllable begins another person's name,
		 * however loosely the two are linked: "Ким" of "площади Ким Ир Сена" after Ким Чен Ын
		 * is not him. */
		const coref *cr = find_coref(s, w);
		if (cr && i + 1 < b && korean_span(s, run, i, i + 1))
			cr = NULL;
		/* A lone Han or Hangul syllable is a common word far more often than a family name
		 * standing for someone: only before a title ("김 위원장"). */
		if (cr && (w->script == LK_SCRIPT_HANGUL || w->script == LK_SCRIPT_HAN) &&
		    lk_scan__code_points(s->text + w->start, w->end - w->start) == 1 &&
		    !(i + 1 == b && title_follows))
			cr = NULL;
		if (cr) {
			if (!add_mention(s, w->start, w->end, LK_SCAN_COREFERENCE, w->form[0].s,
			                 &cr->result, 1))
				return;
			continue;
		}
		/* An organisation or vessel named by one distinctive word, written as the lists
		 * write it: "SOVCOMFLOT". In running text a capitalised word alone is too often an
		 * ordinary word that some company is also called ("September", "Washington"), so
		 * in cased scripts the word must be in capitals. */
		const posting *p;
		size_t df = lk_match__postings(s->c.ix, w->form[0].key[0], &p);
		if (!w->form[0].exact || df > SINGLE_MAX_DF || strlen(w->form[0].canon) < 4 ||
		    w->end - w->start != strlen(w->form[0].s) || !capitals(s->text + w->start,
		                                                             w->end - w->start))
			continue;
		s->stats.spans++;
		/* A Han or Hangul word names a listed organisation only if some reading of it has
		 * every core part of the name (the judge): most have none. */
		if ((w->script == LK_SCRIPT_HAN || w->script == LK_SCRIPT_HANGUL) &&
		    lk_scan__cjk_text(w->form[0].s) &&
		    lk_scan__cjk_candidates(s->tables, w->form[0].s, s->o->schema, s->cands, 0) == 0)
			continue;
		uint32_t names[SINGLE_MAX_DF];
		for (size_t k = 0; k < df; k++)
			names[k] = p[k].name;
		const cached *c = lk_scan__screen(s, w->form[0].s, NULL, s->o->schema, names, df,
		                                  false);
		if (!c)
			return;
		if (c->count == 0 || c->items[0].entity->schema == LK_SCHEMA_PERSON)
			continue;
		const lk_explanation *x = &c->items[0].explanation;
		bool exact = x->name_score >= 0.9;
		for (size_t k = 0; k < x->nparts; k++)
			if (x->parts[k].query[0] && x->parts[k].how != LK_PART_EXACT)
				exact = false;
		if (exact && !add_mention(s, w->start, w->end, LK_SCAN_NAME, w->form[0].s, c->items,
		                          c->count))
			return;
	}
}

/* Resolve the current run and empty it. */
static void flush_run(scan *s)
{
	scan_word *run = s->run;
	size_t n = s->nrun;
	s->nrun = 0;
	if (n == 0 || s->rc)
		return;
	/* Hyphenated compounds: a chain of words joined by hyphens that contains a place noun,
	 * or a word that is no name, is a compound noun ("Kim-Il-Sung-Platz"): none of its words
	 * is a name. bad[i] marks words that cannot be part of a name. */
	bool bad[MAX_RUN];
	for (size_t i = 0; i < n; i++)
		bad[i] = run[i].nforms == 0;
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && run[j].hyphen_prev)
			j++;
		bool compound = false;
		for (size_t k = i; k < j; k++)
			compound |= run[k].nforms == 0;
		if (compound)
			for (size_t k = i; k < j; k++)
				bad[k] = true;
		i = j;
	}
	for (size_t i = 0; i < n;) {
		while (i < n && bad[i])
			i++;
		size_t j = i;
		while (j < n && !bad[j])
			j++;
		if (j > i)
			resolve_stretch(s, run, i, j, j == n && s->title_after);
		i = j;
	}
}

/* ---- words ---- */

/* Is every byte of s[0..n) in set (ASCII)? */
static bool only(const char *s, size_t n, const char *set)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr(set, s[i]))
			return false;
	return true;
}

/* May the gap s[0..n) between two words lie inside a name? Spaces, hyphens (ASCII, U+2010,
 * U+2011), no-break spaces, at most one line break. Returns 0: no, 1: yes, 2: a hyphen only. */
static int gap_kind(const char *s, size_t n)
{
	if (n == 1 && s[0] == '-')
		return 2;
	if ((n == 3 && (memcmp(s, "\xE2\x80\x90", 3) == 0 || memcmp(s, "\xE2\x80\x91", 3) == 0)))
		return 2;
	int newlines = 0;
	for (size_t i = 0; i < n;) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == ' ' || ch == '\t') {
			i++;
		} else if (ch == '\n' || ch == '\r') {
			if (ch == '\n' && ++newlines > 1)
				return 0;
			i++;
		} else if (ch == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
			i += 2;
		} else {
			return 0;
		}
	}
	return 1;
}

/*
 * lk_scan__function_word, remembered per thread for short words (direct-mapped on a hash of
 * the bytes, each slot keyed by the whole word): it compares the word with every function
 * word, twice with a leading wa- or fa-, and every Arabic word of a text asks it. The answer
 * depends on the bytes alone, so a remembered one is what it would say. (Not with the
 * scanner's caches off, as the tests compare.)
 */
#define FUNCTION_SLOTS 8192
#define FUNCTION_BYTES 22

typedef struct function_slot {
	uint8_t n;                 /* 0: empty */
	bool yes;
	char s[FUNCTION_BYTES];
} function_slot;

static pthread_key_t function_key;
static pthread_once_t function_once = PTHREAD_ONCE_INIT;

static void function_key_init(void)
{
	pthread_key_create(&function_key, free);
}

static bool function_word(const char *s, size_t n)
{
	if (n == 0 || n > FUNCTION_BYTES || caching_off)
		return lk_scan__function_word(s, n);
	pthread_once(&function_once, function_key_init);
	function_slot *m = pthread_getspecific(function_key);
	if (!m) {
		m = calloc(FUNCTION_SLOTS, sizeof *m);
		if (!m || pthread_setspecific(function_key, m)) {
			free(m);
			return lk_scan__function_word(s, n);
		}
	}
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	function_slot *e = &m[h % FUNCTION_SLOTS];
	if (e->n == n && memcmp(e->s, s, n) == 0)
		return e->yes;
	e->n = (uint8_t)n;
	e->yes = lk_scan__function_word(s, n);
	memcpy(e->s, s, n);
	return e->yes;
}

/* Does the word start with a capital (cased scripts), or is it in a caseless script? */
static bool name_like(const char *s, size_t n, lk_script script)
{
	switch (script) {
	case LK_SCRIPT_ARABIC:
		return !function_word(s, n);
	case LK_SCRIPT_LATIN:
	case LK_SCRIPT_CYRILLIC:
	case LK_SCRIPT_GREEK:
	case LK_SCRIPT_ARMENIAN:
	case LK_SCRIPT_GEORGIAN: {
		if ((unsigned char)s[0] < 0x80) /* ASCII: what u_isupper and u_istitle say */
			return s[0] >= 'A' && s[0] <= 'Z';
		uint32_t cp;
		lk_utf8_decode(s, n, &cp);
		if (cp >= 0x400 && cp < 0x460) /* Cyrillic: the same */
			return cp < 0x430;
		return u_isupper((UChar32)cp) || u_istitle((UChar32)cp);
	}
	case LK_SCRIPT_NONE:
		return false;
	default:
		return true;
	}
}

/*
 * Analyse a word, or take its analysis from an earlier occurrence. The thread keeps the
 * analysis of each word alone (lk_scan__analyse_base) and, for a Latin word without a listed
 * spelling that followed a name word, its listed prefixes; whether glued debris is split off
 * such a word depends on the previous word (lk_scan__glue) and is decided every time. A split
 * that succeeded is kept for the rest of this text (a later occurrence of the word is split
 * the same way, whatever precedes it). The result is lk_scan__analyse_word's.
 */
static void analyse(scan *s, scan_word *x, const scan_word *prev)
{
	size_t n = x->end - x->start;
	char key[SCAN_FORM_CAP];
	if (n >= sizeof key || !s->text_words) {
		lk_scan__analyse_word(&s->c, s->text, x, prev);
		return;
	}
	memcpy(key, s->text + x->start, n);
	key[n] = 0;
	const segment *hint = s->hint;
	uint64_t h = hint && hint->hashed && hint->start == x->start && hint->end == x->end
	                 ? hint->hash
	                 : lk_scan__word_hash(key, n),
	         bit = 1ull << (h & 63);
	/* (most texts split no glued word, and the few that do one or two: nothing to look up
	 * for most words) */
	word_entry *e = s->text_word_bits & bit ? lk_strmap_get(s->text_words, key) : NULL;
	if (e) {
		lk_scan__word_entry_load(x, e);
		return;
	}
	if (!s->words) {
		/* caching off: the word analysed in one step, as written (lk_scan__analyse_word) */
		lk_scan__analyse_word(&s->c, s->text, x, prev);
		word_entry *g = x->glued && lk_strmap_count(s->text_words) < 65536
		                    ? lk_scan__word_entry_new(x, key, n)
		                    : NULL;
		if (g && lk_strmap_put(s->text_words, key, g))
			free(g);
		else if (g)
			s->text_word_bits |= bit;
		return;
	}
	e = lk_scan__words_get(s->words, key, n, h);
	if (e) {
		lk_scan__word_entry_load(x, e);
	} else {
		lk_scan__analyse_base(&s->c, s->text, x);
		if (lk_scan__words_count(s->words) < WORDS_CACHED && *s->word_bytes < WORD_BYTES_CACHED &&
		    (e = lk_scan__word_entry_new(x, key, n)) != NULL) {
			if (lk_scan__words_put(s->words, e, h)) {
				free(e);
				e = NULL; /* the cache is an optimisation: go on without it */
			} else {
				*s->word_bytes += e->bytes;
			}
		}
	}
	if (!x->may_glue || !prev || prev->nforms == 0)
		return;
	/* The word's listed prefixes, once per word. */
	scan_prefix local[SCAN_MAX_PREFIXES];
	const scan_prefix *p = local;
	size_t np;
	if (e && e->prefixes) {
		p = e->prefixes;
		np = e->nprefixes;
	} else {
		np = lk_scan__glue_prefixes(&s->c, s->text, x, local, SCAN_MAX_PREFIXES);
		if (e) {
			e->prefixes = malloc((np ? np : 1) * sizeof *e->prefixes);
			if (e->prefixes) {
				memcpy(e->prefixes, local, np * sizeof *local);
				e->nprefixes = (uint8_t)np;
				e->bytes += (np ? np : 1) * sizeof *local;
				*s->word_bytes += (np ? np : 1) * sizeof *local;
			}
		}
	}
	if (!lk_scan__glue(s->c.ix, x, p, np, prev) || lk_strmap_count(s->text_words) >= 65536)
		return;
	word_entry *g = lk_scan__word_entry_new(x, key, n);
	if (g && lk_strmap_put(s->text_words, key, g))
		free(g);
	else if (g)
		s->text_word_bits |= bit;
}

/* Ahead of analysing word q (stage 0: three words ahead, 1: the next one, hashed at stage 0),
 * fetch what reading it back from the thread's analysed words will read. Only words that may
 * be analysed: those beginning with a capital or a non-ASCII letter (a lower-case ASCII word
 * is no name word, or joins a run through a hyphen, rarely). */
static inline void lookahead(scan *s, segment *q, int stage)
{
	if (!s->words)
		return;
	if (stage == 0) {
		size_t n = q->end - q->start;
		unsigned char c = (unsigned char)s->text[q->start];
		if (n >= SCAN_FORM_CAP || (c < 0x80 && !(c >= 'A' && c <= 'Z')))
			return;
		q->hash = lk_scan__word_hash(s->text + q->start, n);
		q->hashed = true;
	}
	lk_scan__words_prefetch(s->words, q->hash, stage);
}

/* "IMO" then a seven-digit number: look the number up among the listed IMO numbers. */
static void imo_number(scan *s, size_t start, size_t end, const char *digits)
{
	const cached *c = lk_scan__screen(s, NULL, digits, LK_SCHEMA_UNKNOWN, NULL, 0, false);
	if (!c || c->count == 0)
		return;
	char q[16];
	snprintf(q, sizeof q, "IMO %s", digits);
	add_mention(s, start, end, LK_SCAN_IDENTIFIER, q, c->items, c->count);
}

/* A number word: an IMO number if an "IMO" word came just before. */
static void number_word(scan *s, size_t start, size_t end, size_t prev_end)
{
	const char *w = s->text + start;
	size_t n = end - start;
	if (!s->imo_pending || n != 7 || !only(w, n, "0123456789") ||
	    start - s->imo_end > 4 || !only(s->text + prev_end, start - prev_end, " :.#\t"))
		return;
	char num[12];
	memcpy(num, w, 7);
	num[7] = 0;
	if (lk_imo_valid(num))
		imo_number(s, s->imo_start, end, num);
}

static void word(scan *s, size_t start, size_t end, size_t prev_end, int status)
{
	const char *w = s->text + start;
	size_t n = end - start;
	s->stats.words++;
	/* "IMO9413559" is one word; "IMO" alone waits for its number. */
	if (n >= 3 && (w[0] | 0x20) == 'i' && (w[1] | 0x20) == 'm' && (w[2] | 0x20) == 'o') {
		if (n == 3) {
			flush_run(s);
			s->imo_pending = true;
			s->imo_start = start;
			s->imo_end = end;
			return;
		}
		if (n == 10 && only(w + 3, 7, "0123456789")) {
			char num[12];
			memcpy(num, w + 3, 7);
			num[7] = 0;
			flush_run(s);
			if (lk_imo_valid(num))
				imo_number(s, start, end, num);
			return;
		}
	}
	if (status < UBRK_WORD_LETTER) {
		flush_run(s);
		number_word(s, start, end, prev_end);
		s->imo_pending = false;
		return;
	}
	s->imo_pending = false;
	/* Most words of most texts are ASCII: lk_text_script reads an ASCII word as Latin if it
	 * has a letter (A-Z, a-z), else as no script; said here without decoding. */
	bool ascii = true, letter = false;
	for (size_t i = 0; i < n && ascii; i++) {
		unsigned char ch = (unsigned char)w[i];
		ascii = ch < 0x80;
		letter |= (ch | 0x20) >= 'a' && (ch | 0x20) <= 'z';
	}
	lk_script script = !ascii ? lk_text_script(w, n) : letter ? LK_SCRIPT_LATIN : LK_SCRIPT_NONE;
	int gap = s->nrun ? gap_kind(s->text + prev_end, start - prev_end) : 0;
	if (s->nrun && (gap == 0 || s->run[s->nrun - 1].raw_end != prev_end))
		flush_run(s);
	bool hyphen = s->nrun > 0 && gap == 2;
	/* Lower case joins a run only through a hyphen ("Kim Jong-un"). */
	if (!name_like(w, n, script) && !(hyphen && s->run[s->nrun - 1].nforms > 0)) {
		if (hyphen) {
			/* "Putin-freundlich": a compound; the run's last chain is no name. */
			scan_word *x = &s->run[s->nrun++];
			memset(x, 0, sizeof *x);
			x->start = start;
			x->end = x->raw_end = end;
			x->hyphen_prev = true;
			if (s->nrun == MAX_RUN)
				flush_run(s);
			return;
		}
		flush_run(s);
		return;
	}
	if (s->nrun == MAX_RUN)
		flush_run(s);
	scan_word *x = &s->run[s->nrun];
	memset(x, 0, sizeof *x);
	x->start = start;
	x->end = x->raw_end = end;
	x->script = (uint8_t)script;
	x->hyphen_prev = hyphen;
	const scan_word *prev = s->nrun ? &s->run[s->nrun - 1] : NULL;
	analyse(s, x, prev && prev->nforms ? prev : NULL);
	if (x->title) {
		s->title_after = true;
		flush_run(s);
		s->title_after = false;
		return;
	}
	if (x->nforms)
		s->stats.name_words++;
	if (x->nforms == 0 && !hyphen && !x->place) {
		/* an ordinary capitalised word ends the run */
		flush_run(s);
		return;
	}
	s->nrun++;
	if (x->end != x->raw_end)
		flush_run(s); /* glued debris follows the name */
}

/* ---- the API ---- */

void lk_scan_result_free(lk_scan_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->count; i++) {
		free((void *)r->mentions[i].query);
		free(r->mentions[i].results);
	}
	free(r->mentions);
	free(r);
}

const char *lk_scan_how_name(lk_scan_how h)
{
	switch (h) {
	case LK_SCAN_COREFERENCE: return "coreference";
	case LK_SCAN_IDENTIFIER: return "identifier";
	default: return "name";
	}
}

int lk_scan_text(lk_scan_result **out, const lk_index *ix, const char *text, size_t len,
                 const lk_scan_options *o)
{
	*out = NULL;
	lk_scan_options defaults = LK_SCAN_OPTIONS_INIT;
	if (!o)
		o = &defaults;
	if (o->version != LK_SCAN_OPTIONS_VERSION)
		return lk_error_set(LK_EINVALID, "scan: options not initialised with LK_SCAN_OPTIONS_INIT");
	if (o->threshold > 1.0)
		return lk_error_set(LK_EINVALID, "scan: threshold %.3f is above 1", o->threshold);
	if (!text && len)
		return lk_error_set(LK_EINVALID, "scan: no text");
	if (len > LK_SCAN_MAX_TEXT)
		return lk_error_set(LK_ETOOBIG, "scan: text of %zu bytes is longer than %u", len,
		                    LK_SCAN_MAX_TEXT);
	size_t bad;
	if (len && !lk_utf8_valid(text, len, &bad))
		return lk_error_set(LK_EENCODING, "scan: text is not valid UTF-8 (byte %zu)", bad);
	double t0 = now_s();
	double threshold = o->threshold >= 0 ? o->threshold : LK_MATCH_DEFAULT_THRESHOLD;
	size_t max_results = o->max_results ? o->max_results : LK_SCAN_DEFAULT_RESULTS;
	if (max_results > LK_MATCH_MAX_LIMIT)
		max_results = LK_MATCH_MAX_LIMIT;
	thread_cache *tc = caching_off ? NULL : lk_scan__thread_caches(ix, o, threshold, max_results);
	scan *s = tc && tc->spare ? tc->spare : malloc(sizeof *s);
	if (!s)
		return lk_error_set(LK_ENOMEM, "scan: out of memory");
	if (tc)
		tc->spare = NULL; /* a nested scan (none today) would take its own */
	memset(s, 0, SCAN_CLEARED);
	s->tc = tc;
	if (tc && !tc->tables)
		tc->tables = lk_scan__tables_new(ix);
	s->tables = tc ? tc->tables : lk_scan__tables_new(ix);
	s->c.ix = ix;
	s->c.stop_df = ix->nnames / 20 > 1000 ? ix->nnames / 20 : 1000;
	s->c.char_cache = !caching_off;
	lk_buf_init(&s->c.latin, 1 << 16);
	lk_buf_init(&s->query, 1 << 16);
	s->text = text;
	s->len = len;
	s->o = o;
	s->threshold = threshold;
	s->max_results = max_results;
	if (caching_off) {
		/* every word analysed and every span screened afresh (text_screens still makes
		 * the first screening of a query in a text decide for the rest of it) */
		s->own_screens = s->cache = lk_strmap_new();
	} else {
		if (tc) {
			s->cache = tc->screens;
			s->words = tc->words;
			s->word_bytes = &tc->word_bytes;
			s->pairs = tc->pairs;
			s->pair_bytes = &tc->pair_bytes;
		}
	}
	s->text_screens = lk_strmap_new();
	s->text_words = lk_strmap_new();
	int rc = 0;
	if (!s->cache || !s->text_screens || !s->tables) {
		rc = lk_error_set(LK_ENOMEM, "scan: out of memory");
		goto done;
	}
	scan_words ws;
	lk_scan__words_init(&ws, text, len, LK_SCAN__WORDS_ONLY);
	/*
	 * The words are taken three ahead of the one analysed: most words of a text were seen
	 * before, and reading one back from the thread's analysed words is two cache misses (its
	 * slot, then its entry), which the processor fetches meanwhile: the slot of the word
	 * three ahead and the entry of the next (lookahead()). Which words are analysed, and how,
	 * is as before: the words are the iterator's, taken in order.
	 */
	segment q[4]; /* a ring: q[head], then the words ahead */
	size_t head = 0, nq = 0, prev_end = 0;
	bool more = true;
	for (;;) {
		while (more && nq < 4) {
			segment *n = &q[(head + nq) & 3];
			if ((rc = lk_scan__words_next(&ws, &n->start, &n->end, &n->status)) != 1) {
				more = false;
				break;
			}
			if (n->status < UBRK_WORD_NUMBER)
				continue; /* spaces and punctuation */
			n->hashed = false;
			lookahead(s, n, 0);
			nq++;
		}
		if (nq == 0 || s->rc)
			break;
		if (nq > 1 && q[(head + 1) & 3].hashed)
			lookahead(s, &q[(head + 1) & 3], 1);
		const segment *w = &q[head];
		s->hint = w;
		word(s, w->start, w->end, prev_end, w->status);
		prev_end = w->end;
		head = (head + 1) & 3;
		nq--;
	}
	s->hint = NULL;
	if (s->rc)
		rc = 1; /* (as when the words were taken one at a time: s->rc is the error) */
	lk_scan__words_dispose(&ws);
	if (rc < 0)
		goto done;
	flush_run(s);
	rc = s->rc;
	if (rc)
		goto done;
	/* Mentions come out in text order per run; runs are in text order; IMO numbers and
	 * standalone words are interleaved by position: sort by start. */
	for (size_t i = 1; i < s->nmentions; i++) {
		lk_scan_mention m = s->mentions[i];
		size_t j = i;
		while (j > 0 && s->mentions[j - 1].start > m.start) {
			s->mentions[j] = s->mentions[j - 1];
			j--;
		}
		s->mentions[j] = m;
	}
	lk_scan_result *r = calloc(1, sizeof *r);
	if (!r) {
		rc = lk_error_set(LK_ENOMEM, "scan: out of memory");
		goto done;
	}
	r->mentions = s->mentions;
	r->count = s->nmentions;
	s->mentions = NULL;
	s->nmentions = 0;
	r->stats = s->stats;
	r->stats.bytes = len;
	r->stats.mentions = r->count;
	r->stats.seconds = now_s() - t0;
	*out = r;
done:
	for (size_t i = 0; i < s->nmentions; i++) {
		free((void *)s->mentions[i].query);
		free(s->mentions[i].results);
	}
	free(s->mentions);
	free(s->corefs);
	free(s->pool);
	lk_strmap_free(s->text_screens);
	if (s->own_screens)
		lk_scan__screens_free(s->own_screens);
	lk_scan__word_entries_free(s->text_words);
	lk_buf_dispose(&s->c.latin);
	lk_buf_dispose(&s->query);
	if (!s->tc)
		lk_scan__tables_free(s->tables);
	if (s->tc && !s->tc->spare)
		s->tc->spare = s;
	else
		free(s);
	return rc;
}
