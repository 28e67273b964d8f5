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

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- per-thread cache of party screenings ----
 *
 * A payment stream names the same parties again and again (a company's suppliers, a bank's
 * correspondents). A party's screening depends only on its query (name, country, BICs), the
 * index and the options, so its matching results are kept per thread, for the index they
 * were made with (lk_index.serial) and the options; a full map is emptied. */

#define PARTIES_CACHED 16384

typedef struct party_hit {
	lk_match_result *items;     /* the matching results (explanation.query_name cleared) */
	bool *named;                /* items[i] explained a query name (set it back) */
	size_t count;
	bool failed;                /* the engine refused the query (nothing to match) */
} party_hit;

typedef struct party_cache {
	uint64_t serial;
	char *options;
	lk_strmap *map;             /* query key -> party_hit */
} party_cache;

static void free_hits(lk_strmap *m)
{
	size_t it = 0;
	const char *k;
	void *v;
	while (m && lk_strmap_next(m, &it, &k, &v)) {
		party_hit *h = v;
		free(h->items);
		free(h->named);
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
	free(pc->options);
	free(pc);
}

static pthread_key_t pc_key;
static pthread_once_t pc_once = PTHREAD_ONCE_INIT;

static void pc_key_init(void)
{
	pthread_key_create(&pc_key, pc_destroy);
}

/* The thread's party cache for ix and these options, or NULL (out of memory: no cache). */
static lk_strmap *party_cache_get(const lk_index *ix, const lk_scan_options *o)
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
	lk_buf b;
	lk_buf_init(&b, 64);
	lk_buf_printf(&b, "%.17g\x1f%zu\x1f%d", o->threshold, o->max_results, (int)o->schema);
	for (size_t i = 0; o->sources && i < o->nsources; i++)
		lk_buf_printf(&b, "\x1f%s", o->sources[i] ? o->sources[i] : "\x1e");
	bool same = pc->serial == ix->serial && pc->options &&
	            strcmp(pc->options, lk_buf_cstr(&b)) == 0;
	if (!same || (pc->map && lk_strmap_count(pc->map) >= PARTIES_CACHED)) {
		free_hits(pc->map);
		pc->map = NULL;
	}
	if (!same) {
		free(pc->options);
		pc->options = strdup(lk_buf_cstr(&b));
		pc->serial = ix->serial;
	}
	lk_buf_dispose(&b);
	if (!pc->options) {
		pc->serial = 0;
		return NULL;
	}
	if (!pc->map)
		pc->map = lk_strmap_new();
	return pc->map;
}

/* Keep the matching results of r (NULL: the engine refused the query) under key. */
static void party_cache_put(lk_strmap *m, const char *key, const lk_match_results *r)
{
	party_hit *h = calloc(1, sizeof *h);
	if (!h)
		return;
	size_t n = 0;
	while (r && n < r->count && r->items[n].match)
		n++;
	h->failed = !r;
	if (n) {
		h->items = malloc(n * sizeof *h->items);
		h->named = malloc(n * sizeof *h->named);
		if (!h->items || !h->named) {
			free(h->items);
			free(h->named);
			free(h);
			return;
		}
		memcpy(h->items, r->items, n * sizeof *h->items);
		for (size_t i = 0; i < n; i++) {
			h->named[i] = h->items[i].explanation.query_name != NULL;
			h->items[i].explanation.query_name = NULL;
		}
		h->count = n;
	}
	if (lk_strmap_put(m, key, h)) {
		free(h->items);
		free(h->named);
		free(h);
	}
}

/* Screen one party; returns its JSON record (NULL when out of memory) and sets *hit. */
static json_t *party_json(const lk_index *ix, const lk_payment_party *p,
                          const lk_scan_options *o, bool *hit, int *rc)
{
	json_t *j = json_object(), *addr = json_array(), *res = json_array();
	if (!j || !addr || !res) {
		json_decref(j);
		json_decref(addr);
		json_decref(res);
		return NULL;
	}
	json_object_set_new(j, "role", json_string(lk_payment_role_name(p->role)));
	json_object_set_new(j, "tag", json_string(p->tag));
#define STR(key, v) json_object_set_new(j, key, (v)[0] ? json_string(v) : json_null())
	STR("name", p->name);
	for (int i = 0; i < p->naddress; i++)
		json_array_append_new(addr, json_string(p->address[i]));
	json_object_set_new(j, "address", addr);
	STR("country", p->country);
	STR("town", p->town);
	STR("account", p->account);
	STR("bic", p->bic);
	STR("birth_date", p->birth_date);
	STR("identifier", p->identifier);
#undef STR
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
	if (name[0] || nids) {
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
		lk_match_results *r = NULL;
		lk_strmap *cache = party_cache_get(ix, o);
		lk_buf key;
		lk_buf_init(&key, 128);
		lk_buf_printf(&key, "%s\x1f%s\x1f%s\x1f%s", name, country, nids > 0 ? ids[0] : "",
		              nids > 1 ? ids[1] : "");
		const party_hit *h = cache ? lk_strmap_get(cache, lk_buf_cstr(&key)) : NULL;
		if (h) {
			/* The cached results, as the screening gave them. */
			for (size_t i = 0; i < h->count; i++) {
				lk_match_result it = h->items[i];
				it.explanation.query_name = h->named[i] ? name : NULL;
				json_t *x = lk_scan__result_json(&it, o->explain);
				if (!x) {
					lk_buf_dispose(&key);
					json_decref(res);
					json_decref(j);
					return NULL;
				}
				json_array_append_new(res, x);
				*hit = true;
			}
			lk_buf_dispose(&key);
			json_object_set_new(j, "results", res);
			return j;
		}
		/* Only the matches are kept: the engine need not score what cannot reach them. */
		int src = lk_match__screen(&r, ix, &q, NULL, 0,
		                           q.threshold >= 0 ? q.threshold : LK_MATCH_DEFAULT_THRESHOLD);
		if (src == LK_ENOMEM) {
			lk_buf_dispose(&key);
			*rc = src;
			json_decref(res);
			json_decref(j);
			return NULL;
		}
		if (cache)
			party_cache_put(cache, lk_buf_cstr(&key), src ? NULL : r);
		lk_buf_dispose(&key);
		/* Anything else (a name with nothing to match, like "1") screens as nothing. */
		for (size_t i = 0; r && i < r->count && r->items[i].match; i++) {
			json_t *x = lk_scan__result_json(&r->items[i], o->explain);
			if (!x) {
				lk_match_results_free(r);
				json_decref(res);
				json_decref(j);
				return NULL;
			}
			json_array_append_new(res, x);
			*hit = true;
		}
		lk_match_results_free(r);
	}
	json_object_set_new(j, "results", res);
	return j;
}

static json_t *text_json(const lk_index *ix, const lk_payment_text *t, const lk_scan_options *o,
                         bool *hit, int *rc)
{
	lk_scan_result *r = NULL;
	json_t *j = json_object();
	if (!j)
		return NULL;
	json_object_set_new(j, "role", json_string(lk_payment_text_role_name(t->role)));
	json_object_set_new(j, "tag", json_string(t->tag));
	json_object_set_new(j, "text", json_string(t->text));
	*rc = lk_scan_text(&r, ix, t->text, strlen(t->text), o);
	if (*rc) {
		json_decref(j);
		return NULL;
	}
	json_t *m = lk_scan__mentions_json(r, t->text, o->explain);
	if (r->count)
		*hit = true;
	lk_scan_result_free(r);
	if (!m) {
		json_decref(j);
		return NULL;
	}
	json_object_set_new(j, "mentions", m);
	return j;
}

static json_t *payment_record(const lk_index *ix, const lk_payment *p, const lk_scan_options *o,
                              bool *hit, int *rc)
{
	json_t *j = json_object(), *parties = json_array(), *texts = json_array();
	size_t hits = 0;
	*hit = false;
	*rc = 0;
	if (!j || !parties || !texts)
		goto oom;
	json_object_set_new(j, "index", json_integer(p->index));
	json_object_set_new(j, "line", json_integer(p->line));
	json_object_set_new(j, "type", json_string(lk_payment_type_name(p->type)));
	json_object_set_new(j, "reference", json_string(p->reference));
	json_object_set_new(j, "end_to_end_id", p->end_to_end_id[0] ? json_string(p->end_to_end_id)
	                                                            : json_null());
	json_object_set_new(j, "currency", json_string(p->currency));
	json_object_set_new(j, "amount", json_string(p->amount));
	json_object_set_new(j, "value_date", json_string(p->value_date));
	for (int i = 0; i < p->nparties; i++) {
		bool h = false;
		json_t *x = party_json(ix, &p->parties[i], o, &h, rc);
		if (!x)
			goto oom;
		hits += h;
		json_array_append_new(parties, x);
	}
	for (int i = 0; i < p->ntexts; i++) {
		bool h = false;
		json_t *x = text_json(ix, &p->texts[i], o, &h, rc);
		if (!x)
			goto oom;
		hits += h;
		json_array_append_new(texts, x);
	}
	*hit = hits > 0;
	json_object_set_new(j, "verdict", json_string(*hit ? "hit" : "clear"));
	json_object_set_new(j, "hits", json_integer((json_int_t)hits));
	json_object_set_new(j, "parties", parties);
	json_object_set_new(j, "texts", texts);
	return j;
oom:
	json_decref(j);
	json_decref(parties);
	json_decref(texts);
	if (!*rc)
		*rc = lk_error_set(LK_ENOMEM, "scan: out of memory");
	return NULL;
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
	int rc;
	o = options(o, &d);
	json_t *j = payment_record(ix, p, o, &h, &rc);
	if (!j)
		return rc;
	if (hit)
		*hit = h;
	return lk_scan__dump(j, out);
}

/*
 * Writing a stream's document as it is screened: each message record is written out as soon
 * as it is made, not kept in one tree of every message until the end (for a large file that
 * tree, dumped, copied and freed at the end, cost as much as a third of the screening). The
 * text is the one lk_scan__dump gives for the whole document: the same flags, so the same
 * compact JSON.
 */
#define DUMP_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6))

typedef struct dump_sink {
	lk_buf *out;
	int rc;
} dump_sink;

static int sink_put(const char *p, size_t n, void *data)
{
	dump_sink *s = data;
	if (!s->rc)
		s->rc = lk_buf_put(s->out, p, n);
	return s->rc ? -1 : 0;
}

/* Append o's JSON to out and release o (NULL: out of memory). */
static int dump_part(lk_buf *out, json_t *o)
{
	if (!o)
		return lk_error_set(LK_ENOMEM, "scan: out of memory building JSON");
	dump_sink s = {out, 0};
	int r = json_dump_callback(o, sink_put, &s, DUMP_FLAGS);
	json_decref(o);
	if (s.rc)
		return s.rc;
	return r ? lk_error_set(LK_ENOMEM, "scan: out of memory building JSON") : 0;
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
	if ((rc = lk_buf_puts(out, "{\"messages\":[")) != 0)
		goto done;
	for (;;) {
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
		json_t *x = payment_record(ix, p, o, &hit, &rc);
		if (!x)
			goto done;
		if (st.messages > 0 && (rc = lk_buf_putc(out, ',')) != 0) {
			json_decref(x);
			goto done;
		}
		if ((rc = dump_part(out, x)) != 0)
			goto done;
		st.messages++;
		st.hits += hit;
	}
	if ((rc = lk_buf_puts(out, "],\"errors\":")) != 0)
		goto done;
	rc = dump_part(out, errs);
	errs = NULL;
	if (rc || (rc = lk_buf_puts(out, ",\"stats\":")) != 0)
		goto done;
	rc = dump_part(out, json_pack("{s:I,s:I,s:I,s:I}", "messages", (json_int_t)st.messages,
	                              "hits", (json_int_t)st.hits, "clear",
	                              (json_int_t)(st.messages - st.hits), "errors",
	                              (json_int_t)st.errors));
	if (rc || (rc = lk_buf_putc(out, '}')) != 0)
		goto done;
	if (stats)
		*stats = st;
done:
	if (rc)
		lk_buf_truncate(out, start);
	json_decref(errs);
	free(p);
	lk_payment_reader_free(rd);
	return rc;
}
