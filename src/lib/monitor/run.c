/*
 * run.c - a monitoring run (monitor.h): what to screen, screening it on several threads, and
 * recording the alerts in one transaction.
 *
 * Read phase (a read transaction, so that the lists, the customers and the diffs are one
 * snapshot): the active versions and the versions the last run saw; the list index; for each
 * source whose active version moved, the entities added or changed (lk_store_diff) and those
 * removed (a source the last run did not see contributes all its entities as added); then the
 * customers:
 *   - those new or changed since they were last screened (the partial index
 *     customers_to_screen) are loaded to be screened forward;
 *   - when entities were added or changed, the stored retrieval keys of every other customer
 *     (customer_keys, one pass in id order) go to the ranker (rank.c), which scores customer
 *     names against each such entity as screen.c scores indexed names against a query (role
 *     and rarity weights among the customers' names) and keeps the best of each of the
 *     entity's query forms; only those candidates are loaded. A blob of another format sends
 *     its customer forward.
 *
 * Screening phase (threads, nothing locked: the index is immutable):
 *   forward  - each customer to screen forward, as a query against the list index; its
 *              retrieval keys (the keys a list index would post for its names) are computed
 *              on the way, to be stored with its screened mark;
 *   delta    - each candidate is screened forward too, and its matches with added or changed
 *              entities are kept. Scoring forward makes the score the one `lookout screen`
 *              gives.
 *
 * Write phase (BEGIN IMMEDIATE): if the active versions moved meanwhile, nothing is written
 * (LK_EBUSY). Otherwise the alerts are created, re-opened or left alone (monitor.h), alerts of
 * removed entities and customers closed, the screened customers marked and their keys
 * stored, the versions seen recorded, the run logged and audited, and all of it committed at
 * once: a customer's keys are always those of the content its screened mark names.
 */
#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lookout/error.h"
#include "lookout/strmap.h"
#include "match/keys.h"
#include "match/match_int.h"
#include "monitor/monitor_int.h"

#define DEFAULT_LIMIT 50
#define MAX_THREADS 16
/* The delta run keeps this many times the names lk_match_screen would score per query form:
 * the reverse index this ranking replaced kept that many per part of the index and then
 * filtered them by a reverse score; a wider net costs a few more forward screenings. */
#define RANK_KEEP_FACTOR 2
#define MAX_QUERY_NAMES 64

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- material hash of an entity ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void lk_entity_material_hash(const lk_entity *e, char out[LK_SHA256_HEX_LEN])
{
	lk_sha256 h;
	unsigned char d[LK_SHA256_LEN];
	lk_sha256_init(&h);
	lk_sha256_update(&h, lk_schema_name(e->schema),
	                 strlen(lk_schema_name(e->schema)));
	lk_buf b;
	lk_buf_init(&b, 0);
	const char **v = malloc((e->nvalues + 1) * sizeof *v);
	size_t *off = malloc((e->nvalues + 1) * sizeof *off);
	size_t n = 0;
	for (size_t i = 0; v && off && i < e->nvalues; i++) {
		lk_prop p = e->values[i].prop;
		lk_prop_kind k = lk_prop_kind_of(p);
		if (k == LK_KIND_TEXT || (k == LK_KIND_DATE && p != LK_PROP_BIRTH_DATE))
			continue;
		off[n++] = b.len;
		if (lk_buf_printf(&b, "%s=%s", lk_prop_name(p), e->values[i].value) < 0 ||
		    lk_buf_putc(&b, '\0') < 0) {
			n = 0;
			break;
		}
	}
	if (v && off) {
		for (size_t i = 0; i < n; i++)
			v[i] = b.ptr + off[i];
		qsort(v, n, sizeof *v, cmp_str);
		for (size_t i = 0; i < n; i++) {
			char pre[32];
			size_t len = strlen(v[i]);
			int m = snprintf(pre, sizeof pre, "\n%zu:", len);
			lk_sha256_update(&h, pre, (size_t)m);
			lk_sha256_update(&h, v[i], len);
		}
	}
	free(v);
	free(off);
	lk_buf_dispose(&b);
	lk_sha256_final(&h, d);
	lk_hex(out, d, sizeof d);
}

/* ---- the run's state ---- */

typedef struct hit {
	size_t cust;               /* index into run.cust */
	const lk_entity *entity;   /* borrowed from the list index */
	double score;
	char *explanation;
} hit;

typedef struct hits {
	hit *v;
	size_t n, cap;
} hits;

typedef struct run {
	lk_store *s;
	const lk_monitor_opts *o;
	double threshold;
	size_t limit;
	lk_index *ix;              /* the lists */
	lk_customer *cust;         /* the customers loaded: to screen forward, then candidates */
	size_t ncust, cap_cust;
	size_t *fwd;               /* customers screened forward (indexes into cust) */
	size_t nfwd, cap_fwd;
	lk_buf *fkeys;             /* per forward customer: its keys blob, to store */
	size_t nkeyed;             /* customers with stored keys (not screened forward) */
	int64_t *keyed_ids;        /* their row ids, for the ranker's candidates */
	size_t cap_keyed;
	lk_mon__ranker *ranker;    /* when entities were added or changed */
	lk_strmap *delta;          /* ids of entities added or changed */
	char **delta_ids;
	size_t ndelta, cap_delta;
	char **removed;            /* ids of entities removed */
	size_t nremoved, cap_removed;
	size_t *cands;             /* candidates of the delta (indexes into cust) */
	size_t ncands;
	size_t rank_hits;
	lk_version_info *active;
	size_t nactive;
	hits *per_thread;
	unsigned nthreads;
	/* work distribution */
	size_t next;               /* atomic */
	size_t done;               /* atomic */
	size_t total_work;
	int phase;                 /* 0 forward, 1 delta candidates */
	int error;                 /* atomic: first error code */
	char errmsg[512];
	pthread_mutex_t lock;
} run;

static int push_str(char ***v, size_t *n, size_t *cap, const char *s)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		char **nv = realloc(*v, nc * sizeof *nv);
		if (!nv)
			return lk_error_set(LK_ENOMEM, "monitor: out of memory");
		*v = nv;
		*cap = nc;
	}
	if (!((*v)[*n] = strdup(s)))
		return lk_error_set(LK_ENOMEM, "monitor: out of memory");
	(*n)++;
	return 0;
}

static int add_delta(run *r, const char *id)
{
	if (lk_strmap_get(r->delta, id))
		return 0;
	int ret = push_str(&r->delta_ids, &r->ndelta, &r->cap_delta, id);
	if (ret == 0)
		ret = lk_strmap_put(r->delta, id, (void *)1);
	return ret;
}

/* ---- read phase ---- */

static int push_customer(run *r, sqlite3_stmt *st, size_t *index)
{
	if (r->ncust == r->cap_cust) {
		size_t nc = r->cap_cust ? r->cap_cust * 2 : 1024;
		lk_customer *nv = realloc(r->cust, nc * sizeof *nv);
		if (!nv)
			return lk_error_set(LK_ENOMEM, "monitor: out of memory loading customers");
		r->cust = nv;
		r->cap_cust = nc;
	}
	int ret = lk_mon__read_customer(st, &r->cust[r->ncust]);
	if (ret == 0)
		*index = r->ncust++;
	return ret;
}

static int push_index(size_t **v, size_t *n, size_t *cap, size_t x)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 1024;
		size_t *nv = realloc(*v, nc * sizeof *nv);
		if (!nv)
			return lk_error_set(LK_ENOMEM, "monitor: out of memory");
		*v = nv;
		*cap = nc;
	}
	(*v)[(*n)++] = x;
	return 0;
}

/* Load customer id (active) into cust. LK_ENOTFOUND if it is not there (removed). */
static int load_one(run *r, sqlite3_stmt *st, int64_t id, size_t *index)
{
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	int ret = 0;
	if (rc == SQLITE_ROW)
		ret = push_customer(r, st, index);
	else if (rc == SQLITE_DONE)
		ret = LK_ENOTFOUND;
	else
		ret = lk_store__sqlerr(r->s, rc, "loading a customer");
	sqlite3_reset(st);
	return ret;
}

#define ONE_CUSTOMER_SQL                                                                  \
	"SELECT " LK_MON__CUSTOMER_COLS " FROM customers c WHERE c.id = ?1 AND c.removed = 0"

/* The customers to screen forward: new or changed since they were last screened (the partial
 * index customers_to_screen holds exactly them, so the table is not read in full). */
static int load_forward(run *r)
{
	sqlite3_stmt *st = NULL;
	int ret = lk_mon__prepare(r->s, "SELECT " LK_MON__CUSTOMER_COLS " FROM customers c"
	                                " INDEXED BY customers_to_screen"
	                                " WHERE c.removed = 0 AND c.screened_hash IS NOT c.hash"
	                                " ORDER BY c.id",
	                          &st);
	if (ret < 0)
		return ret;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		size_t i = 0;
		if ((ret = push_customer(r, st, &i)) < 0 ||
		    (ret = push_index(&r->fwd, &r->nfwd, &r->cap_fwd, i)) < 0)
			break;
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = lk_store__sqlerr(r->s, rc, "loading customers");
	sqlite3_finalize(st);
	return ret;
}

/* Is row id among the first nfwd customers loaded to screen forward (in id order)? */
static bool is_forward(const run *r, size_t nfwd, int64_t id)
{
	size_t lo = 0, hi = nfwd;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->cust[r->fwd[mid]].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < nfwd && r->cust[r->fwd[lo]].id == id;
}

/*
 * The stored keys of every other customer (a row exists only for an active customer screened
 * with its current content: the run writes it with the screened mark, a change or removal
 * drops it), read in id order into the ranker. A blob the ranker cannot read (another
 * format) sends its customer forward, which stores new keys.
 */
static int load_keys(run *r)
{
	sqlite3_stmt *st = NULL, *one = NULL;
	int ret = lk_mon__prepare(r->s, "SELECT customer_id, keys FROM customer_keys"
	                                " ORDER BY customer_id", &st);
	if (ret == 0)
		ret = lk_mon__prepare(r->s, ONE_CUSTOMER_SQL, &one);
	size_t nfwd = r->nfwd;
	int rc = SQLITE_DONE;
	while (ret == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (is_forward(r, nfwd, id))
			continue;
		/* made at the first keys: a first run has none, and plans nothing */
		if (!r->ranker && (ret = lk_mon__ranker_new(&r->ranker, r->ix, r->delta_ids,
		                                            r->ndelta, RANK_KEEP_FACTOR)) < 0)
			break;
		const void *blob = sqlite3_column_blob(st, 1);
		size_t len = (size_t)sqlite3_column_bytes(st, 1);
		int k = lk_mon__ranker_add(r->ranker, (uint32_t)r->nkeyed, blob, len);
		if (k == LK_EINVALID) {
			size_t i = 0;
			k = load_one(r, one, id, &i);
			if (k == 0)
				k = push_index(&r->fwd, &r->nfwd, &r->cap_fwd, i);
			else if (k == LK_ENOTFOUND)
				k = 0;
			if ((ret = k) < 0)
				break;
			continue;
		}
		if ((ret = k) < 0)
			break;
		if (r->nkeyed == r->cap_keyed) {
			size_t nc = r->cap_keyed ? r->cap_keyed * 2 : 4096;
			int64_t *nv = realloc(r->keyed_ids, nc * sizeof *nv);
			if (!nv) {
				ret = lk_error_set(LK_ENOMEM, "monitor: out of memory");
				break;
			}
			r->keyed_ids = nv;
			r->cap_keyed = nc;
		}
		r->keyed_ids[r->nkeyed++] = id;
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = lk_store__sqlerr(r->s, rc, "reading customer keys");
	sqlite3_finalize(st);
	sqlite3_finalize(one);
	return ret;
}

/* Rank the keyed customers against the delta and load the candidates. */
static int load_candidates(run *r)
{
	uint32_t *c = NULL;
	size_t n = 0, cap = 0;
	r->rank_hits = lk_mon__ranker_hits(r->ranker);
	int ret = lk_mon__ranker_finish(r->ranker, &c, &n);
	lk_mon__ranker_free(r->ranker);
	r->ranker = NULL;
	sqlite3_stmt *st = NULL;
	if (ret == 0)
		ret = lk_mon__prepare(r->s, ONE_CUSTOMER_SQL, &st);
	for (size_t k = 0; ret == 0 && k < n; k++) {
		size_t i = 0;
		ret = load_one(r, st, r->keyed_ids[c[k]], &i);
		if (ret == 0)
			ret = push_index(&r->cands, &r->ncands, &cap, i);
		else if (ret == LK_ENOTFOUND)
			ret = 0;
	}
	sqlite3_finalize(st);
	free(c);
	return ret;
}

/* The version of source the last run saw, or 0. */
static int last_seen(run *r, const char *source, int64_t *out)
{
	sqlite3_stmt *st = NULL;
	*out = 0;
	int ret = lk_mon__prepare(r->s, "SELECT version_id FROM monitor_sources WHERE source = ?1",
	                          &st);
	if (ret < 0)
		return ret;
	sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		ret = lk_store__sqlerr(r->s, rc, "reading the last run's versions");
	sqlite3_finalize(st);
	return ret;
}

static int load_delta(run *r)
{
	int ret = 0;
	for (size_t v = 0; ret == 0 && v < r->nactive; v++) {
		const lk_version_info *a = &r->active[v];
		int64_t last = 0;
		if ((ret = last_seen(r, a->source, &last)) < 0)
			break;
		if (last == a->id)
			continue;
		if (last == 0) {
			for (size_t i = 0; ret == 0 && i < lk_index_count(r->ix); i++) {
				const lk_entity *e = lk_index_entity(r->ix, i);
				if (e->source && strcmp(e->source, a->source) == 0)
					ret = add_delta(r, e->id);
			}
			continue;
		}
		lk_diff *d = NULL;
		if ((ret = lk_store_diff(&d, r->s, a->source, last, a->id)) < 0)
			break;
		for (size_t i = 0; ret == 0 && i < d->nadded; i++)
			ret = add_delta(r, d->added[i]);
		for (size_t i = 0; ret == 0 && i < d->nchanged; i++)
			ret = add_delta(r, d->changed[i].id);
		for (size_t i = 0; ret == 0 && i < d->nremoved; i++)
			ret = push_str(&r->removed, &r->nremoved, &r->cap_removed, d->removed[i]);
		lk_diff_free(d);
	}
	return ret;
}

/* ---- screening ---- */

static void set_error(run *r, int code)
{
	pthread_mutex_lock(&r->lock);
	if (r->error == 0) {
		r->error = code;
		snprintf(r->errmsg, sizeof r->errmsg, "%s", lk_error_last()->message);
	}
	pthread_mutex_unlock(&r->lock);
}

static int push_hit(hits *h, size_t cust, const lk_match_result *m)
{
	if (h->n == h->cap) {
		size_t nc = h->cap ? h->cap * 2 : 64;
		hit *nv = realloc(h->v, nc * sizeof *nv);
		if (!nv)
			return lk_error_set(LK_ENOMEM, "monitor: out of memory");
		h->v = nv;
		h->cap = nc;
	}
	lk_buf b;
	lk_buf_init(&b, 1u << 20);
	int ret = lk_explanation_to_json(&m->explanation, &b);
	if (ret < 0) {
		lk_buf_dispose(&b);
		return ret;
	}
	h->v[h->n++] = (hit){cust, m->entity, m->score, lk_buf_detach(&b)};
	return 0;
}

/* Screen customer i forward; keep matches (only those with delta entities if only_delta). */
static int screen_customer(run *r, hits *h, size_t i, bool only_delta)
{
	const lk_customer *c = &r->cust[i];
	const char *names[MAX_QUERY_NAMES];
	size_t nn = 0;
	names[nn++] = c->name;
	for (size_t k = 0; k < c->naliases && nn < MAX_QUERY_NAMES; k++)
		names[nn++] = c->aliases[k];
	const char *dob[1] = {c->dob}, *country[1] = {c->country}, *ident[1] = {c->ident};
	lk_query q = LK_QUERY_INIT;
	q.schema = c->schema;
	q.names = names;
	q.nnames = nn;
	if (*c->dob) {
		q.birth_dates = dob;
		q.nbirth_dates = 1;
	}
	if (*c->country) {
		q.countries = country;
		q.ncountries = 1;
	}
	if (*c->ident) {
		q.identifiers = ident;
		q.nidentifiers = 1;
	}
	q.threshold = r->threshold;
	q.limit = r->limit;
	lk_match_results *res = NULL;
	/* Only the matches raise alerts: the engine need not score what cannot reach them. */
	int ret = lk_match__screen(&res, r->ix, &q, NULL, 0,
	                           q.threshold >= 0 ? q.threshold : LK_MATCH_DEFAULT_THRESHOLD);
	if (ret == LK_EINVALID) /* nothing matchable in the name: no match, not a failure */
		return 0;
	if (ret < 0)
		return ret;
	for (size_t k = 0; ret == 0 && k < res->count; k++) {
		const lk_match_result *m = &res->items[k];
		if (!m->match)
			continue;
		if (only_delta && !lk_strmap_get(r->delta, m->entity->id))
			continue;
		ret = push_hit(h, i, m);
	}
	lk_match_results_free(res);
	return ret;
}

/* The keys blob of forward customer k (the keys a list index would post for its names). */
static int customer_keys(run *r, size_t k)
{
	const lk_customer *c = &r->cust[r->fwd[k]];
	const char *names[1 + LK_CUSTOMER_MAX_ALIASES];
	size_t nn = 0;
	names[nn++] = c->name;
	for (size_t i = 0; i < c->naliases && nn < LK_ARRAY_SIZE(names); i++)
		names[nn++] = c->aliases[i];
	lk_buf *b = &r->fkeys[k];
	lk_buf_init(b, 0);
	int ret = lk_match__names_keys(b, c->schema, names, nn, NULL, 0);
	if (ret == 0 && b->cap > b->len + 1) { /* kept until the write phase: trim */
		char *p = realloc(b->ptr, b->len + 1);
		if (p) {
			b->ptr = p;
			b->cap = b->len + 1;
		}
	}
	return ret;
}

typedef struct worker {
	run *r;
	unsigned t;
} worker;

static void *work(void *arg)
{
	worker *w = arg;
	run *r = w->r;
	hits *h = &r->per_thread[w->t];
	for (;;) {
		if (__atomic_load_n(&r->error, __ATOMIC_RELAXED))
			break;
		size_t i = __atomic_fetch_add(&r->next, 1, __ATOMIC_RELAXED);
		if (i >= r->total_work)
			break;
		int ret;
		if (r->phase == 0) {
			ret = screen_customer(r, h, r->fwd[i], false);
			if (ret == 0)
				ret = customer_keys(r, i);
		} else {
			ret = screen_customer(r, h, r->cands[i], true);
		}
		if (ret < 0) {
			set_error(r, ret);
			break;
		}
		size_t d = __atomic_add_fetch(&r->done, 1, __ATOMIC_RELAXED);
		if (w->t == 0 && r->o->progress && (d & 255) == 0)
			r->o->progress(r->o->ctx, d, r->total_work);
	}
	return NULL;
}

static int run_phase(run *r, int phase, size_t total)
{
	r->phase = phase;
	r->next = 0;
	r->done = 0;
	r->total_work = total;
	if (total == 0)
		return 0;
	unsigned nt = r->nthreads;
	if (nt > total)
		nt = (unsigned)total;
	pthread_t th[MAX_THREADS];
	worker w[MAX_THREADS];
	unsigned started = 1;
	for (unsigned t = 0; t < nt; t++)
		w[t] = (worker){r, t};
	for (unsigned t = 1; t < nt; t++) {
		if (pthread_create(&th[t], NULL, work, &w[t]) != 0)
			break;
		started++;
	}
	work(&w[0]);
	for (unsigned t = 1; t < started; t++)
		pthread_join(th[t], NULL);
	if (r->o->progress)
		r->o->progress(r->o->ctx, total, total);
	if (r->error)
		return lk_error_set(r->error, "%s", r->errmsg);
	return 0;
}

static int cmp_hit(const void *x, const void *y)
{
	const hit *a = x, *b = y;
	if (a->cust != b->cust)
		return a->cust < b->cust ? -1 : 1;
	return strcmp(a->entity->id, b->entity->id);
}

/* ---- write phase ---- */

typedef struct writer {
	run *r;
	int64_t run_id;
	char now[32];
	sqlite3_stmt *get, *ins, *reopen;
	size_t alerts_new, alerts_closed;
} writer;

static int write_hit(writer *w, const hit *h)
{
	run *r = w->r;
	lk_store *s = r->s;
	const lk_customer *c = &r->cust[h->cust];
	char ehash[LK_SHA256_HEX_LEN];
	lk_entity_material_hash(h->entity, ehash);
	sqlite3_bind_int64(w->get, 1, c->id);
	sqlite3_bind_text(w->get, 2, h->entity->id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(w->get);
	int ret = 0;
	bool exists = rc == SQLITE_ROW;
	int64_t aid = 0;
	char status[32] = "", chash[LK_SHA256_HEX_LEN] = "", old_ehash[LK_SHA256_HEX_LEN] = "";
	if (exists) {
		aid = sqlite3_column_int64(w->get, 0);
		snprintf(status, sizeof status, "%s", lk_mon__col(w->get, 1));
		snprintf(chash, sizeof chash, "%s", lk_mon__col(w->get, 2));
		snprintf(old_ehash, sizeof old_ehash, "%s", lk_mon__col(w->get, 3));
	} else if (rc != SQLITE_DONE) {
		ret = lk_store__sqlerr(s, rc, "reading alerts");
	}
	sqlite3_reset(w->get);
	if (ret < 0)
		return ret;
	const char *reason = NULL;
	if (exists) {
		if (strcmp(status, "closed") == 0)
			reason = "the pair matches again after its alert was closed";
		else if (strcmp(status, "false-positive") == 0 && strcmp(chash, c->hash) != 0)
			reason = "the customer changed materially since the false-positive decision";
		else if (strcmp(status, "false-positive") == 0 && strcmp(old_ehash, ehash) != 0)
			reason = "the list entity changed materially since the false-positive decision";
		if (!reason)
			return 0; /* open, escalated, decided and unchanged: nothing new */
	}
	sqlite3_stmt *st = exists ? w->reopen : w->ins;
	if (exists) {
		sqlite3_bind_int64(st, 1, aid);
	} else {
		sqlite3_bind_int64(st, 1, c->id);
		sqlite3_bind_text(st, 2, h->entity->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, h->entity->source ? h->entity->source : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, h->entity->caption ? h->entity->caption : "", -1,
		                  SQLITE_STATIC);
	}
	sqlite3_bind_double(st, 5, h->score);
	sqlite3_bind_text(st, 6, c->hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, ehash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, h->explanation, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, w->run_id);
	sqlite3_bind_text(st, 10, w->now, -1, SQLITE_STATIC);
	if ((ret = lk_mon__step_done(s, st, "recording an alert")) < 0)
		return ret;
	if (!exists)
		aid = sqlite3_last_insert_rowid(s->db);
	w->alerts_new++;
	char subject[48];
	snprintf(subject, sizeof subject, "alert:%lld", (long long)aid);
	json_t *d = json_pack("{s:s, s:s, s:s, s:f, s:I}", "customer_ref", c->ref, "entity_id",
	                      h->entity->id, "source", h->entity->source ? h->entity->source : "",
	                      "score", h->score, "run_id", (json_int_t)w->run_id);
	if (d && reason) {
		json_object_set_new(d, "reason", json_string(reason));
		json_object_set_new(d, "previous_status", json_string(status));
	}
	return lk_mon__audit(s, exists ? "alert.reopen" : "alert.create", r->o->actor, subject, d);
}

/* Close the open and escalated alerts selected by sql (?1 bound to key), with a reason. */
static int close_alerts(writer *w, const char *sql, const char *key, const char *reason)
{
	lk_store *s = w->r->s;
	sqlite3_stmt *st = NULL, *up = NULL;
	int ret = lk_mon__prepare(s, sql, &st);
	if (ret < 0)
		return ret;
	if (key)
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			int64_t *ni = realloc(ids, cap * sizeof *ni);
			if (!ni) {
				ret = lk_error_set(LK_ENOMEM, "monitor: out of memory");
				break;
			}
			ids = ni;
		}
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = lk_store__sqlerr(s, rc, "reading alerts");
	sqlite3_finalize(st);
	if (ret == 0 && n > 0)
		ret = lk_mon__prepare(s, "UPDATE alerts SET status = 'closed', closed_reason = ?2,"
		                         " updated_at = ?3 WHERE id = ?1", &up);
	for (size_t i = 0; ret == 0 && i < n; i++) {
		sqlite3_bind_int64(up, 1, ids[i]);
		sqlite3_bind_text(up, 2, reason, -1, SQLITE_STATIC);
		sqlite3_bind_text(up, 3, w->now, -1, SQLITE_STATIC);
		if ((ret = lk_mon__step_done(s, up, "closing an alert")) < 0)
			break;
		char subject[48];
		snprintf(subject, sizeof subject, "alert:%lld", (long long)ids[i]);
		ret = lk_mon__audit(s, "alert.close", w->r->o->actor, subject,
		                    json_pack("{s:s, s:I}", "reason", reason, "run_id",
		                              (json_int_t)w->run_id));
		w->alerts_closed++;
	}
	sqlite3_finalize(up);
	free(ids);
	return ret;
}

static int versions_unchanged(run *r)
{
	lk_version_info *now = NULL;
	size_t n = 0;
	int ret = lk_store_active_versions(r->s, &now, &n);
	if (ret < 0)
		return ret;
	bool same = n == r->nactive;
	for (size_t i = 0; same && i < n; i++)
		same = now[i].id == r->active[i].id;
	free(now);
	if (!same)
		return lk_error_set(LK_EBUSY, "monitor: the lists changed while the run was screening; "
		                    "nothing was recorded, run it again");
	return 0;
}

static int write_all(run *r, hits *all, lk_monitor_result *res)
{
	lk_store *s = r->s;
	writer w = {.r = r};
	lk_store__now(w.now, sizeof w.now);
	int ret;
	sqlite3_stmt *st = NULL;
	if ((ret = versions_unchanged(r)) < 0)
		return ret;
	if ((ret = lk_mon__prepare(s, "INSERT INTO monitor_runs(at, screened, forward,"
	                              " delta_entities, alerts_new, alerts_closed, duration_s)"
	                              " VALUES (?1, 0, 0, 0, 0, 0, 0)", &st)) < 0)
		return ret;
	sqlite3_bind_text(st, 1, w.now, -1, SQLITE_STATIC);
	ret = lk_mon__step_done(s, st, "logging the run");
	sqlite3_finalize(st);
	st = NULL;
	if (ret < 0)
		return ret;
	w.run_id = sqlite3_last_insert_rowid(s->db);

	if ((ret = lk_mon__prepare(s, "SELECT id, status, customer_hash, entity_hash FROM alerts"
	                              " WHERE customer_id = ?1 AND entity_id = ?2", &w.get)) < 0 ||
	    (ret = lk_mon__prepare(s, "INSERT INTO alerts(customer_id, entity_id, source, caption,"
	                              " score, status, customer_hash, entity_hash, explanation,"
	                              " run_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5,"
	                              " 'open', ?6, ?7, ?8, ?9, ?10, ?10)", &w.ins)) < 0 ||
	    (ret = lk_mon__prepare(s, "UPDATE alerts SET status = 'open', closed_reason = '',"
	                              " score = ?5, customer_hash = ?6, entity_hash = ?7,"
	                              " explanation = ?8, run_id = ?9, updated_at = ?10"
	                              " WHERE id = ?1", &w.reopen)) < 0)
		goto done;
	for (size_t i = 0; ret == 0 && i < all->n; i++) {
		if (i > 0 && all->v[i].cust == all->v[i - 1].cust &&
		    all->v[i].entity == all->v[i - 1].entity)
			continue; /* found both forward and in reverse */
		ret = write_hit(&w, &all->v[i]);
	}
	for (size_t i = 0; ret == 0 && i < r->nremoved; i++) {
		if (lk_index_get(r->ix, r->removed[i]))
			continue; /* still listed by another source */
		char reason[256];
		snprintf(reason, sizeof reason, "entity %s was removed from its list", r->removed[i]);
		ret = close_alerts(&w, "SELECT id FROM alerts WHERE entity_id = ?1 AND status IN"
		                       " ('open', 'escalated') ORDER BY id", r->removed[i], reason);
	}
	if (ret == 0)
		ret = close_alerts(&w, "SELECT a.id FROM alerts a JOIN customers c ON"
		                       " c.id = a.customer_id WHERE c.removed = 1 AND a.status IN"
		                       " ('open', 'escalated') ORDER BY a.id", NULL,
		                   "the customer was removed");
	/* mark the forward-screened customers with the content they were screened with, and
	 * store the retrieval keys of that content */
	sqlite3_stmt *keys = NULL;
	if (ret == 0 && (ret = lk_mon__prepare(s, "UPDATE customers SET screened_hash = ?2"
	                                          " WHERE id = ?1", &st)) == 0 &&
	    (ret = lk_mon__prepare(s, "INSERT OR REPLACE INTO customer_keys(customer_id, keys)"
	                              " SELECT id, ?2 FROM customers WHERE id = ?1 AND hash = ?3"
	                              " AND removed = 0", &keys)) == 0) {
		for (size_t i = 0; ret == 0 && i < r->nfwd; i++) {
			const lk_customer *c = &r->cust[r->fwd[i]];
			sqlite3_bind_int64(st, 1, c->id);
			sqlite3_bind_text(st, 2, c->hash, -1, SQLITE_STATIC);
			ret = lk_mon__step_done(s, st, "marking screened customers");
			if (ret < 0)
				break;
			sqlite3_bind_int64(keys, 1, c->id);
			sqlite3_bind_blob(keys, 2, r->fkeys[i].ptr, (int)r->fkeys[i].len, SQLITE_STATIC);
			/* only if the customer did not change or go meanwhile: a row in customer_keys
			 * always holds the keys of its customer's current, screened content */
			sqlite3_bind_text(keys, 3, c->hash, -1, SQLITE_STATIC);
			ret = lk_mon__step_done(s, keys, "storing customer keys");
		}
	}
	sqlite3_finalize(keys);
	sqlite3_finalize(st);
	st = NULL;
	json_t *versions = json_object();
	if (ret == 0 && (ret = lk_mon__prepare(s, "INSERT OR REPLACE INTO monitor_sources(source,"
	                                          " version_id) VALUES (?1, ?2)", &st)) == 0) {
		for (size_t i = 0; ret == 0 && i < r->nactive; i++) {
			sqlite3_bind_text(st, 1, r->active[i].source, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 2, r->active[i].id);
			ret = lk_mon__step_done(s, st, "recording the versions seen");
			json_object_set_new(versions, r->active[i].source, json_integer(r->active[i].id));
		}
		sqlite3_finalize(st);
		st = NULL;
	}
	res->alerts_new = w.alerts_new;
	res->alerts_closed = w.alerts_closed;
	res->run_id = w.run_id;
	if (ret == 0 && (ret = lk_mon__prepare(s, "UPDATE monitor_runs SET screened = ?2, forward = ?3,"
	                                          " delta_entities = ?4, alerts_new = ?5,"
	                                          " alerts_closed = ?6, versions = ?7,"
	                                          " duration_s = ?8 WHERE id = ?1",
	                                       &st)) == 0) {
		char *vtxt = json_dumps(versions, JSON_COMPACT | JSON_SORT_KEYS);
		sqlite3_bind_int64(st, 1, w.run_id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)res->screened);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)res->forward);
		sqlite3_bind_int64(st, 4, (sqlite3_int64)res->delta_entities);
		sqlite3_bind_int64(st, 5, (sqlite3_int64)w.alerts_new);
		sqlite3_bind_int64(st, 6, (sqlite3_int64)w.alerts_closed);
		sqlite3_bind_text(st, 7, vtxt ? vtxt : "{}", -1, SQLITE_TRANSIENT);
		sqlite3_bind_double(st, 8, res->duration_s);
		ret = lk_mon__step_done(s, st, "logging the run");
		free(vtxt);
	}
	if (ret == 0) {
		char subject[48];
		snprintf(subject, sizeof subject, "run:%lld", (long long)w.run_id);
		ret = lk_mon__audit(s, "monitor.run", r->o->actor, subject,
		                    json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:O}", "screened",
		                              (json_int_t)res->screened, "forward",
		                              (json_int_t)res->forward, "delta_entities",
		                              (json_int_t)res->delta_entities, "removed_entities",
		                              (json_int_t)res->removed_entities, "alerts_new",
		                              (json_int_t)w.alerts_new, "alerts_closed",
		                              (json_int_t)w.alerts_closed, "versions", versions));
	}
	json_decref(versions);
done:
	sqlite3_finalize(st);
	sqlite3_finalize(w.get);
	sqlite3_finalize(w.ins);
	sqlite3_finalize(w.reopen);
	return ret;
}

static unsigned default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	return n > MAX_THREADS ? MAX_THREADS : (unsigned)n;
}

int lk_monitor_run(lk_store *s, const lk_monitor_opts *opts, lk_monitor_result *result)
{
	assert(s);
	lk_monitor_opts defaults = {.threshold = -1.0};
	if (!opts)
		opts = &defaults;
	if (lk_store_in_transaction(s))
		return lk_error_set(LK_EUSAGE, "monitor: a run uses its own transactions");
	double t0 = now_s();
	lk_monitor_result res = {0};
	run r = {.s = s, .o = opts};
	r.threshold = opts->threshold < 0 ? LK_MATCH_DEFAULT_THRESHOLD : opts->threshold;
	r.limit = opts->limit ? opts->limit : DEFAULT_LIMIT;
	if (r.limit > LK_MATCH_MAX_LIMIT)
		r.limit = LK_MATCH_MAX_LIMIT;
	r.nthreads = opts->threads ? opts->threads : default_threads();
	if (r.nthreads > MAX_THREADS)
		r.nthreads = MAX_THREADS;
	pthread_mutex_init(&r.lock, NULL);
	hits all = {0};
	int ret = 0;
	r.delta = lk_strmap_new();
	r.per_thread = calloc(r.nthreads, sizeof *r.per_thread);
	if (!r.delta || !r.per_thread) {
		ret = lk_error_set(LK_ENOMEM, "monitor: out of memory");
		goto done;
	}

	/* read phase: one snapshot */
	if ((ret = lk_store__exec(s, "BEGIN")) < 0)
		goto done;
	if ((ret = lk_store_active_versions(s, &r.active, &r.nactive)) == 0) {
		double ti = now_s();
		ret = lk_index_load_or_build(&r.ix, s, 0);
		res.index_s = now_s() - ti;
	}
	if (ret == 0)
		ret = load_delta(&r);
	double tr = now_s();
	if (ret == 0)
		ret = load_forward(&r);
	if (ret == 0 && r.ndelta > 0)
		ret = load_keys(&r);
	if (ret == 0 && r.ranker)
		ret = load_candidates(&r);
	res.reverse_s = now_s() - tr;
	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	if (ret < 0)
		goto done;
	res.delta_entities = r.ndelta;
	res.removed_entities = r.nremoved;

	/* screening */
	r.fkeys = calloc(r.nfwd + 1, sizeof *r.fkeys);
	if (!r.fkeys) {
		ret = lk_error_set(LK_ENOMEM, "monitor: out of memory");
		goto done;
	}
	if ((ret = run_phase(&r, 0, r.nfwd)) < 0)
		goto done;
	res.forward = r.nfwd;
	res.screened = r.nfwd;
	if ((ret = run_phase(&r, 1, r.ncands)) < 0)
		goto done;
	res.screened += r.ncands;
	res.candidates = r.ncands;
	res.rank_hits = r.rank_hits;

	/* gather the hits in a deterministic order */
	for (unsigned t = 0; t < r.nthreads; t++) {
		hits *h = &r.per_thread[t];
		if (h->n == 0)
			continue;
		hit *nv = realloc(all.v, (all.n + h->n) * sizeof *nv);
		if (!nv) {
			ret = lk_error_set(LK_ENOMEM, "monitor: out of memory");
			goto done;
		}
		all.v = nv;
		memcpy(all.v + all.n, h->v, h->n * sizeof *nv);
		all.n += h->n;
		h->n = 0;
	}
	if (all.n > 1)
		qsort(all.v, all.n, sizeof *all.v, cmp_hit);

	/* write phase (the run's log row gets the time until here) */
	res.duration_s = now_s() - t0;
	bool own;
	if ((ret = lk_store__tx_open(s, "lk_monitor", &own)) < 0)
		goto done;
	ret = write_all(&r, &all, &res);
	ret = lk_store__tx_close(s, "lk_monitor", own, ret);
	/* An index built from the lists (they changed since the last snapshot) is saved for the
	 * next run and the other processes, in its own transaction, after the alerts are safe
	 * (a failure to save costs only the next build). */
	if (ret == 0)
		(void)lk_index_save_snapshot(r.ix, s);
done:
	res.duration_s = now_s() - t0;
	for (size_t i = 0; i < all.n; i++)
		free(all.v[i].explanation);
	free(all.v);
	for (unsigned t = 0; r.per_thread && t < r.nthreads; t++) {
		for (size_t i = 0; i < r.per_thread[t].n; i++)
			free(r.per_thread[t].v[i].explanation);
		free(r.per_thread[t].v);
	}
	free(r.per_thread);
	lk_index_unref(r.ix);
	lk_mon__ranker_free(r.ranker);
	for (size_t i = 0; r.fkeys && i < r.nfwd; i++)
		lk_buf_dispose(&r.fkeys[i]);
	free(r.fkeys);
	free(r.keyed_ids);
	lk_customers_free(r.cust, r.ncust);
	free(r.fwd);
	free(r.cands);
	lk_strmap_free(r.delta);
	for (size_t i = 0; i < r.ndelta; i++)
		free(r.delta_ids[i]);
	free(r.delta_ids);
	for (size_t i = 0; i < r.nremoved; i++)
		free(r.removed[i]);
	free(r.removed);
	free(r.active);
	pthread_mutex_destroy(&r.lock);
	if (ret == 0 && result)
		*result = res;
	return ret;
}
