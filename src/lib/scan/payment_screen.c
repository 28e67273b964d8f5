/*
 * payment_screen.c - screening payment messages: every party with its role, country and BIC,
 * every free-text field scanned as text, and a verdict per message.
 *
 * A party is one query: its name (50F/59F "1/" lines, or the name line of 50K/59, or Nm), its
 * country (3/CC/town, Ctry) to corroborate, and its BIC as an identifier, so that a bank is
 * found by the swiftBic the lists give it ("SABRRUMM" is Sberbank) with or without a name.
 * A BIC with the primary-office branch code "XXX" is also looked up as its 8-character form.
 */
#include "scan_int.h"
#include "scan_json.h"
#include "lookout/error.h"
#include "lookout/strmap.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- per-thread cache of party screenings and free-text scans ----
 *
 * A payment stream names the same parties again and again (a company's suppliers, a bank's
 * correspondents), and repeats remittance lines ("SALARY", "RENT MAY"). A party's screening
 * depends only on its query (name, country, BICs), the index and the options, so its
 * matching results are kept per thread, for the index they were made with (lk_index.serial)
 * and the options; so are the mentions found in a free-text field, which depend only on the
 * text, the index and the options (explain too: they are kept as JSON). A full map is
 * emptied. */

#define PARTIES_CACHED 16384
#define TEXTS_CACHED 4096
#define TEXTS_CACHED_BYTES (8u << 20) /* their JSON (explanations make it long) */

typedef struct party_hit {
	lk_match_result *items;     /* the matching results (explanation.query_name cleared) */
	bool *named;                /* items[i] explained a query name (set it back) */
	size_t count;
	bool failed;                /* the engine refused the query (nothing to match) */
	bool explained;             /* items have their explanations (screened for explain) */
	char *json;                 /* the results as a record gives them ("[...]"), or NULL */
	size_t json_len;
	bool json_explain;          /* json has explanations */
} party_hit;

typedef struct party_cache {
	uint64_t serial;
	char *options;
	/* options without sources, as values: the same options are known without formatting
	 * them (a double formatted per party was a few per cent of a payment pass) */
	bool bare;
	double threshold;
	size_t max_results;
	lk_schema schema;
	lk_strmap *map;             /* query key -> party_hit */
	lk_strmap *texts;           /* explain flag and text -> text_hit */
	size_t text_bytes;          /* the JSON the text_hits hold */
} party_cache;

typedef struct text_hit {
	bool hit;                   /* anything found */
	size_t len;
	char json[];                /* the mentions, as a record gives them */
} text_hit;

static void free_hits(lk_strmap *m)
{
	size_t it = 0;
	const char *k;
	void *v;
	while (m && lk_strmap_next(m, &it, &k, &v)) {
		party_hit *h = v;
		free(h->items);
		free(h->named);
		free(h->json);
		free(h);
	}
	lk_strmap_free(m);
}

static void pc_destroy(void *p)
{
	party_cache *pc = p;
	if (!pc)
		return;
	free_hits(pc->map);
	lk_strmap_free_with(pc->texts, free);
	free(pc->options);
	free(pc);
}

static pthread_key_t pc_key;
static pthread_once_t pc_once = PTHREAD_ONCE_INIT;

static void pc_key_init(void)
{
	pthread_key_create(&pc_key, pc_destroy);
}

/* The thread's cache for ix and these options, or NULL (out of memory: no cache). */
static party_cache *cache_get(const lk_index *ix, const lk_scan_options *o)
{
	pthread_once(&pc_once, pc_key_init);
	party_cache *pc = pthread_getspecific(pc_key);
	if (!pc) {
		pc = calloc(1, sizeof *pc);
		if (!pc || pthread_setspecific(pc_key, pc)) {
			free(pc);
			return NULL;
		}
	}
	bool bare = !o->sources || o->nsources == 0;
	if (bare && pc->bare && pc->options && pc->serial == ix->serial &&
	    memcmp(&pc->threshold, &o->threshold, sizeof o->threshold) == 0 &&
	    pc->max_results == o->max_results && pc->schema == o->schema && pc->map && pc->texts &&
	    lk_strmap_count(pc->map) < PARTIES_CACHED && lk_strmap_count(pc->texts) < TEXTS_CACHED &&
	    pc->text_bytes < TEXTS_CACHED_BYTES)
		return pc;
	/* No limit: a key cut short (many sources) would let other options share it. */
	lk_buf b;
	lk_buf_init(&b, 0);
	int rc = lk_buf_printf(&b, "%.17g\x1f%zu\x1f%d", o->threshold, o->max_results,
	                       (int)o->schema);
	for (size_t i = 0; o->sources && i < o->nsources; i++)
		rc = rc ? rc : lk_buf_printf(&b, "\x1f%s", o->sources[i] ? o->sources[i] : "\x1e");
	if (rc) {
		lk_buf_dispose(&b);
		return NULL;
	}
	bool same = pc->serial == ix->serial && pc->options &&
	            strcmp(pc->options, lk_buf_cstr(&b)) == 0;
	if (!same || (pc->map && lk_strmap_count(pc->map) >= PARTIES_CACHED)) {
		free_hits(pc->map);
		pc->map = NULL;
	}
	if (!same || (pc->texts && (lk_strmap_count(pc->texts) >= TEXTS_CACHED ||
	                            pc->text_bytes >= TEXTS_CACHED_BYTES))) {
		lk_strmap_free_with(pc->texts, free);
		pc->texts = NULL;
		pc->text_bytes = 0;
	}
	if (!same) {
		free(pc->options);
		pc->options = strdup(lk_buf_cstr(&b));
		pc->serial = ix->serial;
	}
	pc->bare = bare;
	pc->threshold = o->threshold;
	pc->max_results = o->max_results;
	pc->schema = o->schema;
	lk_buf_dispose(&b);
	if (!pc->options) {
		pc->serial = 0;
		return NULL;
	}
	if (!pc->map)
		pc->map = lk_strmap_new();
	if (!pc->texts)
		pc->texts = lk_strmap_new();
	return pc;
}

/* The thread's party cache for ix and these options, or NULL (out of memory: no cache). */
static lk_strmap *party_cache_get(const lk_index *ix, const lk_scan_options *o)
{
	party_cache *pc = cache_get(ix, o);
	return pc ? pc->map : NULL;
}

/* Keep the matching results of r (NULL: the engine refused the query) under key, with their
 * explanations or not (explained); old: the entry under key, made without them, which is
 * filled again in place (kept as it was if memory runs out). */
static void party_cache_put(lk_strmap *m, const char *key, const lk_match_results *r,
                            bool explained, party_hit *old)
{
	size_t n = 0;
	while (r && n < r->count && r->items[n].match)
		n++;
	lk_match_result *items = NULL;
	bool *named = NULL;
	if (n) {
		items = malloc(n * sizeof *items);
		named = malloc(n * sizeof *named);
		if (!items || !named) {
			free(items);
			free(named);
			return;
		}
		memcpy(items, r->items, n * sizeof *items);
		for (size_t i = 0; i < n; i++) {
			named[i] = items[i].explanation.query_name != NULL;
			items[i].explanation.query_name = NULL;
		}
	}
	party_hit *h = old ? old : calloc(1, sizeof *h);
	if (!h) {
		free(items);
		free(named);
		return;
	}
	if (old) {
		free(old->items);
		free(old->named);
		free(old->json);
		old->json = NULL;
		old->json_len = 0;
	}
	h->items = items;
	h->named = named;
	h->count = n;
	h->failed = !r;
	h->explained = explained;
	if (!old && lk_strmap_put(m, key, h)) {
		free(h->items);
		free(h->named);
		free(h);
	}
}

/* ---- records, written as JSON straight into the output ----
 *
 * A record used to be built as a jansson tree and dumped: allocating, ordering and freeing
 * the nodes of every field of every message cost about as much as screening its parties.
 * The records are now written directly, in the same order and with the same compact
 * separators, so that the text is the one the tree dumped to (lk_scan__dump's flags). A
 * string of printable ASCII with nothing to escape is written as it is; any other goes
 * through jansson, which escapes it, and which refuses one that is not UTF-8: such a member
 * is left out, as json_object_set_new left out a NULL value. Results and mentions are still
 * jansson trees (text_json.c), dumped in place; a cached party keeps its results' text. */

#define DUMP_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6))

typedef struct jw {
	lk_buf *b;
	int rc;         /* the first error; nothing more is written after it */
} jw;

/* lk_buf_put, inline while the buffer has room (records are written a few bytes at a time) */
static inline void w_put(jw *w, const char *p, size_t n)
{
	lk_buf *b = w->b;
	if (w->rc || n == 0)
		return; /* p may be NULL then (an empty buffer's contents) */
	if (b->ptr && n < b->cap - b->len && (b->max == 0 || n <= b->max - b->len)) {
		memcpy(b->ptr + b->len, p, n);
		b->len += n;
		b->ptr[b->len] = 0;
		return;
	}
	w->rc = lk_buf_put(b, p, n);
}

static void w_lit(jw *w, const char *s)
{
	w_put(w, s, strlen(s));
}

/* v in decimal, as "%lld" writes it (without snprintf: three numbers a message) */
static void w_int(jw *w, long long v)
{
	char t[24];
	size_t k = sizeof t;
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	do {
		t[--k] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		t[--k] = '-';
	w_put(w, t + k, sizeof t - k);
}

static int sink_put(const char *p, size_t n, void *data)
{
	jw *w = data;
	w_put(w, p, n);
	return w->rc ? -1 : 0;
}

/* Write o's JSON and release o (NULL: out of memory). */
static void w_json(jw *w, json_t *o, size_t flags)
{
	if (!o) {
		if (!w->rc)
			w->rc = lk_error_set(LK_ENOMEM, "scan: out of memory building JSON");
		return;
	}
	if (!w->rc && json_dump_callback(o, sink_put, w, DUMP_FLAGS | flags) && !w->rc)
		w->rc = lk_error_set(LK_ENOMEM, "scan: out of memory building JSON");
	json_decref(o);
}

/* The length of s if it is printable ASCII without '"' and '\\' (written between quotes as
 * it is), else SIZE_MAX. */
static size_t plain(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if ((unsigned char)s[n] < 0x20 || (unsigned char)s[n] > 0x7E || s[n] == '"' ||
		    s[n] == '\\')
			return SIZE_MAX;
	return n;
}

/* The separator before a member or an element (*more: one was written before). */
static void w_sep(jw *w, bool *more)
{
	if (*more)
		w_put(w, ",", 1);
	*more = true;
}

static void w_key(jw *w, bool *more, const char *key)
{
	char t[40]; /* ,"key": for the keys of this file */
	size_t n = strlen(key), k = 0;
	if (n > sizeof t - 4) {
		w_sep(w, more);
		w_put(w, "\"", 1);
		w_put(w, key, n);
		w_put(w, "\":", 2);
		return;
	}
	if (*more)
		t[k++] = ',';
	*more = true;
	t[k++] = '"';
	memcpy(t + k, key, n);
	k += n;
	t[k++] = '"';
	t[k++] = ':';
	w_put(w, t, k);
}

/* A string value with its key (key NULL: an array element), or nothing if s is not UTF-8. */
static void w_str(jw *w, bool *more, const char *key, const char *s)
{
	json_t *j = NULL;
	size_t n = plain(s);
	if (n == SIZE_MAX && !(j = json_string(s)))
		return;
	if (key)
		w_key(w, more, key);
	else
		w_sep(w, more);
	if (j) {
		w_json(w, j, JSON_ENCODE_ANY);
	} else {
		w_put(w, "\"", 1);
		w_put(w, s, n);
		w_put(w, "\"", 1);
	}
}

/* A string member, null when s is empty. */
static void w_opt(jw *w, bool *more, const char *key, const char *s)
{
	if (s[0]) {
		w_str(w, more, key, s);
	} else {
		w_key(w, more, key);
		w_put(w, "null", 4);
	}
}

/* A real as jansson writes it with JSON_REAL_PRECISION(6): "%.6g", the decimal point a '.'
 * whatever the locale, ".0" appended when it would read as an integer, and the exponent
 * without '+' and leading zeros. Returns false for a value jansson refuses (NaN, infinite). */
static bool w_real(jw *w, double v)
{
	if (!isfinite(v))
		return false;
	char t[40];
	int n = snprintf(t, sizeof t - 2, "%.6g", v);
	if (n <= 0 || (size_t)n >= sizeof t - 2)
		return false;
	for (int i = 0; i < n; i++)
		if (!((t[i] >= '0' && t[i] <= '9') || t[i] == '-' || t[i] == '+' || t[i] == 'e'))
			t[i] = '.'; /* the locale's decimal point (one byte in every C locale we know) */
	if (!strchr(t, '.') && !strchr(t, 'e')) {
		memcpy(t + n, ".0", 3);
		n += 2;
	}
	char *e = strchr(t, 'e');
	if (e) {
		char *d = e + 1, *s = e + 1;
		if (*s == '+')
			s++;
		else if (*s == '-')
			*d++ = *s++;
		while (*s == '0' && s[1])
			s++;
		memmove(d, s, strlen(s) + 1);
		n = (int)strlen(t);
	}
	w_put(w, t, (size_t)n);
	return true;
}

/* One result as lk_scan__result_json without an explanation dumps it (the same members in the
 * same order, left out where jansson would leave them out), written directly: building and
 * dumping the tree was most of the cost of writing a party with hits. */
static void w_result(jw *w, const lk_match_result *r)
{
	const lk_entity *e = r->entity;
	bool more = false;
	w_put(w, "{", 1);
	if (e->id)
		w_str(w, &more, "id", e->id);
	if (e->caption && *e->caption) {
		w_str(w, &more, "caption", e->caption);
	} else {
		w_key(w, &more, "caption");
		w_put(w, "null", 4);
	}
	w_str(w, &more, "schema", lk_schema_name(e->schema));
	if (e->source)
		w_str(w, &more, "source", e->source);
	/* every name-kind value once, as text_json.c's entity_names lists them */
	w_key(w, &more, "names");
	w_put(w, "[", 1);
	bool nmore = false;
	for (size_t i = 0; i < e->nvalues; i++)
		if (lk_scan__first_name(e, i))
			w_str(w, &nmore, NULL, e->values[i].value);
	w_put(w, "]", 1);
	size_t at = w->b->len;
	w_key(w, &more, "score");
	if (!w_real(w, r->score) && !w->rc)
		lk_buf_truncate(w->b, at); /* json_real refuses it: no member */
	w_key(w, &more, "match");
	w_lit(w, r->match ? "true" : "false");
	w_put(w, "}", 1);
}

/* The results array of a party from its matching results (as screened or cached). */
static void w_results(jw *w, const lk_match_result *items, const bool *named, size_t n,
                      const char *name, const lk_scan_options *o)
{
	bool more = false;
	w_put(w, "[", 1);
	for (size_t i = 0; i < n; i++) {
		lk_match_result it = items[i];
		if (named)
			it.explanation.query_name = named[i] ? name : NULL;
		w_sep(w, &more);
		if (o->explain)
			w_json(w, lk_scan__result_json(&it, true), 0);
		else
			w_result(w, &it);
	}
	w_put(w, "]", 1);
}

/* Screen one party and write its record; sets *hit. */
static void party_write(jw *w, const lk_index *ix, const lk_payment_party *p,
                        const lk_scan_options *o, bool *hit)
{
	bool more = false;
	w_put(w, "{", 1);
	w_str(w, &more, "role", lk_payment_role_name(p->role));
	w_str(w, &more, "tag", p->tag);
	w_opt(w, &more, "name", p->name);
	w_key(w, &more, "address");
	w_put(w, "[", 1);
	bool amore = false;
	for (int i = 0; i < p->naddress; i++)
		w_str(w, &amore, NULL, p->address[i]);
	w_put(w, "]", 1);
	w_opt(w, &more, "country", p->country);
	w_opt(w, &more, "town", p->town);
	w_opt(w, &more, "account", p->account);
	w_opt(w, &more, "bic", p->bic);
	w_opt(w, &more, "birth_date", p->birth_date);
	w_opt(w, &more, "identifier", p->identifier);
	w_key(w, &more, "results");
	const char *name = p->name;
	const char *country = p->country;
	const char *ids[2];
	size_t nids = 0;
	char bic8[9];
	if (p->bic[0]) {
		ids[nids++] = p->bic;
		if (strlen(p->bic) == 11 && strcmp(p->bic + 8, "XXX") == 0) {
			memcpy(bic8, p->bic, 8);
			bic8[8] = 0;
			ids[nids++] = bic8;
		}
	}
	if (!name[0] && !nids) {
		w_put(w, "[]}", 3);
		return;
	}
	lk_query q = LK_QUERY_INIT;
	q.schema = o->schema;
	if (name[0]) {
		q.names = &name;
		q.nnames = 1;
	}
	if (country[0]) {
		q.countries = &country;
		q.ncountries = 1;
	}
	q.identifiers = ids;
	q.nidentifiers = nids;
	q.threshold = o->threshold;
	q.limit = o->max_results ? o->max_results : LK_SCAN_DEFAULT_RESULTS;
	q.sources = o->sources;
	q.nsources = o->nsources;
	lk_strmap *cache = party_cache_get(ix, o);
	/* No limit: a key cut short (a long name) would let another party share it. */
	lk_buf key;
	lk_buf_init(&key, 0);
	/* name US country US id US id, put piece by piece (formatting it was a few per cent) */
	const char *parts[4] = {name, country, nids > 0 ? ids[0] : "", nids > 1 ? ids[1] : ""};
	for (int i = 0; i < 4 && cache; i++)
		if ((i && lk_buf_put(&key, "\x1f", 1)) || lk_buf_puts(&key, parts[i]))
			cache = NULL;
	party_hit *h = cache ? lk_strmap_get(cache, lk_buf_cstr(&key)) : NULL, *old = NULL;
	if (h && o->explain && !h->explained) {
		old = h; /* screened without explanations: again, with them */
		h = NULL;
	}
	if (h) {
		/* The cached results, as the screening gave them (their text, once made). */
		if (h->json && h->json_explain == o->explain) {
			w_put(w, h->json, h->json_len);
		} else {
			size_t at = w->b->len;
			w_results(w, h->items, h->named, h->count, name, o);
			if (!w->rc) {
				free(h->json);
				h->json = malloc(w->b->len - at);
				if (h->json) {
					memcpy(h->json, w->b->ptr + at, w->b->len - at);
					h->json_len = w->b->len - at;
					h->json_explain = o->explain;
				}
			}
		}
		*hit = *hit || h->count > 0;
		lk_buf_dispose(&key);
		w_put(w, "}", 1);
		return;
	}
	/* Only the matches are kept: the engine need not score what cannot reach them. */
	lk_match_results *r = NULL;
	int src = lk_match__screen_memo(&r, ix, &q,
	                                q.threshold >= 0 ? q.threshold : LK_MATCH_DEFAULT_THRESHOLD,
	                                o->explain);
	if (src == LK_ENOMEM) {
		lk_buf_dispose(&key);
		if (!w->rc)
			w->rc = src;
		return;
	}
	if (cache)
		party_cache_put(cache, lk_buf_cstr(&key), src ? NULL : r, o->explain, old);
	lk_buf_dispose(&key);
	/* Anything else (a name with nothing to match, like "1") screens as nothing. */
	size_t n = 0;
	while (r && n < r->count && r->items[n].match)
		n++;
	w_results(w, r ? r->items : NULL, NULL, n, name, o);
	*hit = *hit || n > 0;
	lk_match_results_free(r);
	w_put(w, "}", 1);
}

/* Scan one free-text field and write its record; sets *hit. */
static void text_write(jw *w, const lk_index *ix, const lk_payment_text *t,
                       const lk_scan_options *o, bool *hit)
{
	bool more = false;
	w_put(w, "{", 1);
	w_str(w, &more, "role", lk_payment_text_role_name(t->role));
	w_str(w, &more, "tag", t->tag);
	w_str(w, &more, "text", t->text);
	if (w->rc)
		return;
	party_cache *pc = cache_get(ix, o);
	lk_buf key;
	lk_buf_init(&key, 0);
	if (!pc || !pc->texts || lk_buf_put(&key, o->explain ? "x" : "-", 1) ||
	    lk_buf_puts(&key, t->text))
		pc = NULL;
	const text_hit *th = pc ? lk_strmap_get(pc->texts, lk_buf_cstr(&key)) : NULL;
	w_key(w, &more, "mentions");
	if (th) {
		w_put(w, th->json, th->len);
		*hit = *hit || th->hit;
	} else {
		lk_scan_result *r = NULL;
		int rc = lk_scan_text(&r, ix, t->text, strlen(t->text), o);
		if (rc) {
			lk_buf_dispose(&key);
			w->rc = rc;
			return;
		}
		bool found = r->count > 0;
		*hit = *hit || found;
		size_t at = w->b->len;
		w_json(w, lk_scan__mentions_json(r, t->text, o->explain), 0);
		lk_scan_result_free(r);
		text_hit *n = pc && !w->rc ? malloc(sizeof *n + (w->b->len - at)) : NULL;
		if (n) {
			n->hit = found;
			n->len = w->b->len - at;
			memcpy(n->json, w->b->ptr + at, n->len);
			if (lk_strmap_put(pc->texts, lk_buf_cstr(&key), n))
				free(n);
			else
				pc->text_bytes += n->len;
		}
	}
	lk_buf_dispose(&key);
	w_put(w, "}", 1);
}

/* Scratch of the records of one message: its parties and texts are written before its
 * verdict is known, which comes first. */
typedef struct record_bufs {
	lk_buf parties, texts;
} record_bufs;

/* Screen one message and append its record to w; sets *hit. */
static void payment_write(jw *w, const lk_index *ix, const lk_payment *p,
                          const lk_scan_options *o, record_bufs *rb, bool *hit)
{
	size_t hits = 0;
	*hit = false;
	lk_buf_clear(&rb->parties);
	lk_buf_clear(&rb->texts);
	jw pw = {&rb->parties, 0}, tw = {&rb->texts, 0};
	bool pmore = false, tmore = false;
	for (int i = 0; i < p->nparties && !pw.rc; i++) {
		bool h = false;
		w_sep(&pw, &pmore);
		party_write(&pw, ix, &p->parties[i], o, &h);
		hits += h;
	}
	for (int i = 0; i < p->ntexts && !pw.rc && !tw.rc; i++) {
		bool h = false;
		w_sep(&tw, &tmore);
		text_write(&tw, ix, &p->texts[i], o, &h);
		hits += h;
	}
	if (pw.rc || tw.rc) {
		if (!w->rc)
			w->rc = pw.rc ? pw.rc : tw.rc;
		return;
	}
	*hit = hits > 0;
	bool more = false;
	w_put(w, "{", 1);
	w_key(w, &more, "index");
	w_int(w, p->index);
	w_key(w, &more, "line");
	w_int(w, p->line);
	w_str(w, &more, "type", lk_payment_type_name(p->type));
	w_str(w, &more, "reference", p->reference);
	w_opt(w, &more, "end_to_end_id", p->end_to_end_id);
	w_str(w, &more, "currency", p->currency);
	w_str(w, &more, "amount", p->amount);
	w_str(w, &more, "value_date", p->value_date);
	w_str(w, &more, "verdict", *hit ? "hit" : "clear");
	w_key(w, &more, "hits");
	w_int(w, (long long)hits);
	w_key(w, &more, "parties");
	w_put(w, "[", 1);
	w_put(w, rb->parties.ptr, rb->parties.len);
	w_put(w, "],", 2);
	w_lit(w, "\"texts\":[");
	w_put(w, rb->texts.ptr, rb->texts.len);
	w_put(w, "]}", 2);
}

static const lk_scan_options *options(const lk_scan_options *o, lk_scan_options *defaults)
{
	*defaults = (lk_scan_options)LK_SCAN_OPTIONS_INIT;
	return o ? o : defaults;
}

int lk_scan_payment_json(lk_buf *out, const lk_index *ix, const lk_payment *p,
                         const lk_scan_options *o, bool *hit)
{
	lk_scan_options d;
	bool h;
	o = options(o, &d);
	record_bufs rb;
	lk_buf_init(&rb.parties, 0);
	lk_buf_init(&rb.texts, 0);
	size_t start = out->len; /* on failure nothing is appended */
	jw w = {out, 0};
	payment_write(&w, ix, p, o, &rb, &h);
	lk_buf_dispose(&rb.parties);
	lk_buf_dispose(&rb.texts);
	if (w.rc) {
		lk_buf_truncate(out, start);
		return w.rc;
	}
	if (hit)
		*hit = h;
	return 0;
}

int lk_scan_payments_json(lk_buf *out, const lk_index *ix, const char *data, size_t len,
                          const char *name, lk_payment_format format, const lk_scan_options *o,
                          lk_scan_payment_stats *stats)
{
	lk_scan_options d;
	lk_scan_payment_stats st = {0, 0, 0};
	lk_payment_reader *rd = NULL;
	lk_payment *p = NULL;
	size_t start = out->len; /* on failure nothing is appended */
	record_bufs rb;
	lk_buf_init(&rb.parties, 0);
	lk_buf_init(&rb.texts, 0);
	jw w = {out, 0};
	o = options(o, &d);
	int rc = lk_payment_reader_new(&rd, data, len, name, format);
	if (rc)
		return rc;
	json_t *errs = json_array();
	p = malloc(sizeof *p);
	if (!errs || !p) {
		rc = lk_error_set(LK_ENOMEM, "scan: out of memory");
		goto done;
	}
	/* {"messages":[...],"errors":[...],"stats":{...}} */
	w_lit(&w, "{\"messages\":[");
	for (bool more = false; !w.rc;) {
		int n = lk_payment_reader_next(rd, p);
		if (n == 0)
			break;
		if (n < 0) {
			const lk_error *e = lk_error_last();
			json_t *x = json_pack("{s:I,s:I,s:I,s:s,s:s}", "index", (json_int_t)p->index,
			                      "line", (json_int_t)e->line, "offset", (json_int_t)p->offset,
			                      "code", lk_error_name(n), "message", e->message);
			if (!x) {
				rc = lk_error_set(LK_ENOMEM, "scan: out of memory");
				goto done;
			}
			json_array_append_new(errs, x);
			st.errors++;
			continue;
		}
		bool hit;
		w_sep(&w, &more);
		payment_write(&w, ix, p, o, &rb, &hit);
		st.messages++;
		st.hits += hit;
	}
	w_lit(&w, "],\"errors\":");
	w_json(&w, errs, 0);
	errs = NULL;
	w_lit(&w, ",\"stats\":");
	w_json(&w, json_pack("{s:I,s:I,s:I,s:I}", "messages", (json_int_t)st.messages, "hits",
	                     (json_int_t)st.hits, "clear", (json_int_t)(st.messages - st.hits),
	                     "errors", (json_int_t)st.errors), 0);
	w_put(&w, "}", 1);
	rc = w.rc;
	if (!rc && stats)
		*stats = st;
done:
	if (rc)
		lk_buf_truncate(out, start);
	json_decref(errs);
	free(p);
	lk_buf_dispose(&rb.parties);
	lk_buf_dispose(&rb.texts);
	lk_payment_reader_free(rd);
	return rc;
}
