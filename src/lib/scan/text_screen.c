/*
 * text_screen.c - the thread's caches of a text scan, and the screening of a span's query by
 * the engine through them (lk_scan__screen): each distinct query is screened once per text,
 * and the thread keeps screenings by query and candidates across its texts.
 */
#include "text_scan.h"
#include "lookout/error.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define SCREENS_CACHED 16384   /* screenings kept per thread */

static _Thread_local int best_mode; /* lk_scan__set_best_mode */

void lk_scan__set_best_mode(int mode)
{
	best_mode = mode;
}

static void tc_destroy(void *p)
{
	thread_cache *tc = p;
	if (!tc)
		return;
	lk_scan__words_free(tc->words);
	lk_scan__pairs_free(tc->pairs);
	if (tc->screens)
		lk_scan__screens_free(tc->screens);
	free(tc->options);
	free(tc->spare);
	lk_scan__tables_free(tc->tables);
	free(tc);
}

static pthread_key_t tc_key;
static pthread_once_t tc_once = PTHREAD_ONCE_INIT;

static void tc_key_init(void)
{
	pthread_key_create(&tc_key, tc_destroy);
}

/* The options a screening depends on, as a string. NULL if out of memory. */
static char *options_key(const lk_scan_options *o, double threshold, size_t max_results)
{
	lk_buf b;
	lk_buf_init(&b, 64);
	lk_buf_printf(&b, "%.17g\x1f%zu", threshold, max_results);
	for (size_t i = 0; o->sources && i < o->nsources; i++)
		lk_buf_printf(&b, "\x1f%s", o->sources[i] ? o->sources[i] : "\x1e");
	char *k = strdup(lk_buf_cstr(&b));
	lk_buf_dispose(&b);
	return k;
}

thread_cache *lk_scan__thread_caches(const lk_index *ix, const lk_scan_options *o,
                                     double threshold, size_t max_results)
{
	pthread_once(&tc_once, tc_key_init);
	thread_cache *tc = pthread_getspecific(tc_key);
	if (!tc) {
		tc = calloc(1, sizeof *tc);
		if (!tc || pthread_setspecific(tc_key, tc)) {
			free(tc);
			return NULL;
		}
	}
	char *ok = options_key(o, threshold, max_results);
	if (!ok)
		return NULL;
	bool same_ix = tc->serial == ix->serial;
	if (!same_ix || (tc->words && (lk_scan__words_count(tc->words) >= WORDS_CACHED ||
	                               tc->word_bytes >= WORD_BYTES_CACHED))) {
		lk_scan__words_free(tc->words);
		tc->words = NULL;
		tc->word_bytes = 0;
	}
	if (!same_ix || (tc->pairs && (lk_scan__pairs_count(tc->pairs) >= PAIRS_CACHED ||
	                               tc->pair_bytes >= PAIR_BYTES_CACHED))) {
		lk_scan__pairs_free(tc->pairs);
		tc->pairs = NULL;
		tc->pair_bytes = 0;
	}
	if (!same_ix || !tc->options || strcmp(tc->options, ok) != 0 ||
	    (tc->screens && lk_strmap_count(tc->screens) >= SCREENS_CACHED)) {
		if (tc->screens)
			lk_scan__screens_free(tc->screens);
		tc->screens = NULL;
	}
	free(tc->options);
	tc->options = ok;
	if (!same_ix) {
		lk_scan__tables_free(tc->tables);
		tc->tables = NULL;
	}
	tc->serial = ix->serial;
	if (!tc->words)
		tc->words = lk_scan__words_new();
	if (!tc->pairs)
		tc->pairs = lk_scan__pairs_new();
	if (!tc->screens)
		tc->screens = lk_strmap_new();
	if (!tc->words || !tc->screens || !tc->pairs)
		return NULL;
	return tc;
}

void lk_scan__screens_free(lk_strmap *m)
{
	size_t it = 0;
	const char *k;
	void *v;
	while (lk_strmap_next(m, &it, &k, &v)) {
		for (cached *c = v, *next; c; c = next) {
			next = c->next;
			free(c->items);
			free(c);
		}
	}
	lk_strmap_free(m);
}

/* The engine's query for a span: one name (or one identifier) with the scan's options. name
 * and ident must outlive q. */
static lk_query span_engine_query(const scan *s, const char *const *name,
                                  const char *const *ident, lk_schema schema)
{
	lk_query q = LK_QUERY_INIT;
	q.schema = schema;
	if (*name) {
		q.names = name;
		q.nnames = 1;
	} else {
		q.identifiers = ident;
		q.nidentifiers = 1;
	}
	q.threshold = s->threshold;
	q.limit = s->max_results;
	q.sources = s->o->sources;
	q.nsources = s->o->nsources;
	return q;
}

/*
 * Screen the query of c (names or one identifier) with the engine, scoring c's candidates
 * (SCREEN_GIVEN) or those the engine retrieves, down to floor. 0 and *r, or the engine's error.
 */
static int run_engine(scan *s, const char *name, const char *ident, lk_schema schema,
                      const cached *c, double floor, lk_match_results **r)
{
	lk_query q = span_engine_query(s, &name, &ident, schema);
	bool given = c->how == SCREEN_GIVEN;
	return lk_match__screen(r, s->c.ix, &q, given ? c->cands : NULL, given ? c->ncands : 0,
	                        floor);
}

/*
 * c, screened down to the threshold only, when its best score below the threshold is wanted
 * and not known (nothing reached the threshold): screened again down to the near-miss floor
 * with the same candidates, for its best score. Its matches stay (none: the results at or
 * above the threshold do not depend on the floor). NULL if out of memory.
 */
static const cached *with_best(scan *s, const char *name, const char *ident, lk_schema schema,
                               cached *c)
{
	if (!c->matches_only || c->best > 0)
		return c;
	c->matches_only = false;
	lk_match_results *r = NULL;
	if (run_engine(s, name, ident, schema, c, s->threshold - NEAR_MISS, &r) != 0)
		return c;
	c->best = r->count ? r->items[0].score : 0;
	lk_match_results_free(r);
	return c;
}

/*
 * Does the screening of query name, written in Han or Hangul, with candidates c->cands give no
 * result the judge takes (lk_scan__text_match)? The entities none of whose candidates can be
 * read as the whole listed name are left out (lk_scan__cjk_narrow) and the rest screened: if
 * none of their matches passes, none would with them all (the engine scores each entity
 * alone, and one that passes ranks no lower among fewer). false: not known, or some does.
 */
static bool no_cjk_match(scan *s, const char *name, lk_schema schema, const cached *c)
{
	if (!lk_scan__cjk_text(name))
		return false;
	size_t m = lk_scan__cjk_narrow(s->tables, name, c->cands, c->ncands, s->narrowed);
	if (m == c->ncands)
		return false;
	if (m == 0)
		return true;
	const char *no_ident = NULL;
	lk_query q = span_engine_query(s, &name, &no_ident, schema);
	lk_match_results *r = NULL;
	if (lk_match__screen(&r, s->c.ix, &q, s->narrowed, m, s->threshold) != 0)
		return false;
	bool any = false;
	for (size_t i = 0; i < r->count && r->items[i].match && !any; i++)
		any = lk_scan__text_match(name, &r->items[i]);
	lk_match_results_free(r);
	return !any;
}

/*
 * Screen a query (names or one identifier) and return the matching results, cached: the first
 * screening of a query in this text decides for the rest of it, and the thread keeps
 * screenings by query and candidates. With cands (n index names, n <= MAX_CANDS), only those
 * names are scored: the names that have two parts of the span, which the postings give
 * directly (lk_match__screen_names); with n above MAX_CANDS the engine retrieves its
 * candidates itself.
 *
 * want_best: the best score is wanted even below the threshold, down to threshold - NEAR_MISS
 * (a span's words as written, whose other forms are tried when they came close). Otherwise
 * the engine scores down to the threshold only: the matches are the same (the engine gives
 * every result at or above its floor as it would with a lower one), and it skips the names
 * that cannot reach the threshold and explains no near miss.
 */
const cached *lk_scan__screen(scan *s, const char *name, const char *ident, lk_schema schema,
                              const uint32_t *cands, size_t ncands, bool want_best)
{
	/* The key: 'N' or 'I', the schema, 0x1f, the query (as "%c%d\x1f%s" would print it,
	 * without printf: screen runs for every span). */
	want_best = best_mode > 0 || (best_mode == 0 && want_best);
	char key[SCAN_FORM_CAP * MAX_SPAN + 16];
	{
		char *p = key;
		*p++ = name ? 'N' : 'I';
		int sc = (int)schema;
		unsigned u = sc < 0 ? 0u - (unsigned)sc : (unsigned)sc;
		char d[12];
		size_t nd = 0;
		do {
			d[nd++] = (char)('0' + u % 10);
			u /= 10;
		} while (u);
		if (sc < 0)
			*p++ = '-';
		while (nd)
			*p++ = d[--nd];
		*p++ = '\x1f';
		const char *q = name ? name : ident;
		size_t room = sizeof key - 1 - (size_t)(p - key), n = strlen(q);
		n = n < room ? n : room;
		memcpy(p, q, n);
		p[n] = 0;
	}
	cached *c = lk_strmap_get(s->text_screens, key);
	if (c)
		return want_best ? with_best(s, name, ident, schema, c) : c;
	/* The thread's cache: the result depends on the candidates too. A query's screenings are
	 * chained, one per list of candidates (a query comes from few words: short chains). */
	uint8_t how = !name ? SCREEN_IDENT : cands && ncands <= MAX_CANDS ? SCREEN_GIVEN
	                                                                  : SCREEN_RETRIEVE;
	uint32_t ngiven = how == SCREEN_GIVEN ? (uint32_t)ncands : 0;
	s->stats.screened++;
	cached *head = lk_strmap_get(s->cache, key);
	for (c = head; c; c = c->next)
		if (c->how == how && c->ncands == ngiven &&
		    (!ngiven || memcmp(c->cands, cands, ngiven * sizeof *cands) == 0))
			break;
	if (c) {
		if (lk_strmap_put(s->text_screens, key, c)) {
			s->rc = lk_error_set(LK_ENOMEM, "scan: out of memory");
			return NULL;
		}
		return want_best ? with_best(s, name, ident, schema, c) : c;
	}
	c = calloc(1, sizeof *c + ngiven * sizeof *cands);
	if (!c || (!head && lk_strmap_put(s->cache, key, c))) {
		free(c);
		s->rc = lk_error_set(LK_ENOMEM, "scan: out of memory");
		return NULL;
	}
	c->how = how;
	c->ncands = ngiven;
	if (ngiven)
		memcpy(c->cands, cands, ngiven * sizeof *cands);
	if (head) {
		c->next = head->next;
		head->next = c;
	}
	if (lk_strmap_put(s->text_screens, key, c)) {
		s->rc = lk_error_set(LK_ENOMEM, "scan: out of memory");
		return NULL;
	}
	/* Only matches are kept, and a near miss's best score when wanted (resolve_stretch):
	 * results below that floor are not needed, and the engine skips the names that cannot
	 * reach it. A query in Han or Hangul without a result the judge takes keeps none (its
	 * best score, if later wanted, is worked out then: with_best). */
	if (how == SCREEN_GIVEN && !want_best && no_cjk_match(s, name, schema, c)) {
		c->matches_only = true;
		return c;
	}
	lk_match_results *r = NULL;
	int rc = run_engine(s, name, ident, schema, c, want_best ? s->threshold - NEAR_MISS
	                                                         : s->threshold, &r);
	if (rc != 0)
		return c; /* a span the engine cannot read (nothing substantive): no match */
	c->matches_only = !want_best;
	c->best = r->count ? r->items[0].score : 0; /* 0 if below the floor: no near miss */
	size_t n = 0;
	while (n < r->count && r->items[n].match)
		n++;
	if (n) {
		c->items = malloc(n * sizeof *c->items);
		if (!c->items) {
			lk_match_results_free(r);
			s->rc = lk_error_set(LK_ENOMEM, "scan: out of memory");
			return NULL;
		}
		for (size_t i = 0; i < n; i++) {
			if (name && !lk_scan__text_match(name, &r->items[i]))
				continue;
			c->items[c->count] = r->items[i];
			c->items[c->count++].explanation.query_name = NULL; /* pointed into the query */
		}
	}
	lk_match_results_free(r);
	return c;
}
