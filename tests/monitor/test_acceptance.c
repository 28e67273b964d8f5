/*
 * test_acceptance.c - issue 4's acceptance for monitoring, on real data: 2,000 customers
 * (yente benchmark negatives seeded with variants of OFAC names) monitored against OFAC 2019,
 * then against OFAC 2021; decisions, suppression and re-opening; removed customers; the audit
 * trail stays intact throughout.
 *
 * The expected alerts are computed independently of the monitor: each customer screened
 * forward (lk_match_screen) against an index of the store's active lists, as `lookout screen`
 * does. Run 1 must raise exactly those; run 2 exactly the new pairs whose entity was added or
 * changed in 2021 (found through the customers' stored retrieval keys, not by screening
 * everyone again).
 */
#include <jansson.h>

#include "lookout/monitor.h"
#include "monitor_fixture.h"

#define CUSTOMERS 2000

typedef struct pair {
	char ref[32];
	char entity[64];
} pair;

typedef struct pairs {
	pair *v;
	size_t n, cap;
} pairs;

static void pairs_add(pairs *p, const char *ref, const char *entity)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->v = realloc(p->v, p->cap * sizeof *p->v);
		assert_non_null(p->v);
	}
	snprintf(p->v[p->n].ref, sizeof p->v[p->n].ref, "%s", ref);
	snprintf(p->v[p->n].entity, sizeof p->v[p->n].entity, "%s", entity);
	p->n++;
}

static int cmp_pair(const void *a, const void *b)
{
	const pair *x = a, *y = b;
	int c = strcmp(x->ref, y->ref);
	return c ? c : strcmp(x->entity, y->entity);
}

static bool pairs_has(const pairs *p, const char *ref, const char *entity)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].ref, ref) == 0 && strcmp(p->v[i].entity, entity) == 0)
			return true;
	return false;
}

static void assert_same_pairs(pairs *got, pairs *want, const char *what)
{
	qsort(got->v, got->n, sizeof *got->v, cmp_pair);
	qsort(want->v, want->n, sizeof *want->v, cmp_pair);
	for (size_t i = 0; i < want->n; i++)
		if (!pairs_has(got, want->v[i].ref, want->v[i].entity))
			fail_msg("%s: expected alert %s ~ %s is missing", what, want->v[i].ref,
			         want->v[i].entity);
	for (size_t i = 0; i < got->n; i++)
		if (!pairs_has(want, got->v[i].ref, got->v[i].entity))
			fail_msg("%s: unexpected alert %s ~ %s", what, got->v[i].ref, got->v[i].entity);
	assert_int_equal(got->n, want->n);
}

/* Forward screening of every stored customer against the store's active lists. */
typedef struct expect_ctx {
	pairs *out;
	const char *ref;
	const lk_strmap *only;   /* entity ids to keep, or NULL for all */
} expect_ctx;

static void expect_fn(void *ctx, const lk_entity *e, double score)
{
	(void)score;
	expect_ctx *x = ctx;
	if (!x->only || lk_strmap_get(x->only, e->id))
		pairs_add(x->out, x->ref, e->id);
}

static void forward_expected(lk_store *s, pairs *out, const lk_strmap *only)
{
	lk_index *ix = NULL;
	assert_int_equal(lk_index_build_from_store(&ix, s), 0);
	lk_customer *c = NULL;
	size_t n = 0;
	assert_int_equal(lk_customers_list(s, false, &c, &n), 0);
	for (size_t i = 0; i < n; i++) {
		expect_ctx x = {out, c[i].ref, only};
		mf_screen(ix, c[i].name, c[i].schema, c[i].dob, c[i].country, expect_fn, &x);
	}
	lk_customers_free(c, n);
	lk_index_unref(ix);
}

static void alert_pairs(lk_store *s, pairs *out, int64_t run_id)
{
	lk_alert *a = NULL;
	size_t n = 0;
	size_t by[LK_ALERT__COUNT] = {0}, counted[LK_ALERT__COUNT];
	assert_int_equal(lk_alerts_list(s, -1, &a, &n), 0);
	for (size_t i = 0; i < n; i++) {
		if (run_id == 0 || a[i].run_id == run_id)
			pairs_add(out, a[i].customer_ref, a[i].entity_id);
		by[a[i].status]++;
	}
	lk_alerts_free(a, n);
	/* the counts /metrics reports agree with the alerts themselves */
	assert_int_equal(lk_alerts_count(s, counted), 0);
	for (int i = 0; i < LK_ALERT__COUNT; i++)
		assert_int_equal(counted[i], by[i]);
}

static lk_alert *find_alert(lk_store *s, const char *ref, const char *entity)
{
	lk_alert *a = NULL, *found = NULL;
	size_t n = 0;
	assert_int_equal(lk_alerts_list(s, -1, &a, &n), 0);
	for (size_t i = 0; i < n; i++)
		if (strcmp(a[i].customer_ref, ref) == 0 && strcmp(a[i].entity_id, entity) == 0) {
			assert_int_equal(lk_alert_get(s, a[i].id, &found), 0);
			break;
		}
	lk_alerts_free(a, n);
	return found;
}

static void verify_audit(lk_store *s)
{
	lk_audit_verify_result v;
	assert_int_equal(lk_audit_verify(s, &v), 0);
	if (!v.ok)
		fail_msg("audit broken at %lld: %s", (long long)v.first_bad, v.reason);
}

static void test_monitor__acceptance_ofac_2019_to_2021(void **state)
{
	(void)state;
	mf_data d;
	mf_load(&d);
	char *dir = lk_test_tmpdir();
	char db[512], csv[512];
	snprintf(db, sizeof db, "%s/m.db", dir);
	snprintf(csv, sizeof csv, "%s/customers.csv", dir);
	size_t neg = mf_write_customers(&d, csv, CUSTOMERS);
	assert_true(neg > 1900);

	lk_store *s = NULL;
	assert_int_equal(lk_store_open(&s, db), 0);
	mf_import(s, d.l2019);
	lk_customer_import_result ir;
	lk_customer_import_opts io = {.actor = "test"};
	assert_int_equal(lk_customers_import(s, csv, &io, &ir), 0);
	assert_int_equal(ir.rows, CUSTOMERS);
	assert_int_equal(ir.added, CUSTOMERS);
	assert_int_equal(ir.bad, 0);

	/* run 1 against OFAC 2019: exactly what forward screening finds, which is the seeds */
	lk_monitor_opts mo = {.threshold = -1, .actor = "test", .threads = 2};
	lk_monitor_result r1;
	assert_int_equal(lk_monitor_run(s, &mo, &r1), 0);
	assert_int_equal(r1.screened, CUSTOMERS);
	pairs got1 = {0}, want1 = {0};
	alert_pairs(s, &got1, 0);
	forward_expected(s, &want1, NULL);
	assert_same_pairs(&got1, &want1, "run 1");
	assert_int_equal(r1.alerts_new, got1.n);
	for (size_t i = 0; i < got1.n; i++)
		assert_int_equal(strncmp(got1.v[i].ref, "SEED-", 5), 0);
	for (size_t i = 0; i < d.nseeds; i++) {
		const mf_seed *sd = &d.seeds[i];
		bool has = pairs_has(&got1, sd->ref, sd->entity_id);
		if (sd->group < 2 && !has)
			fail_msg("seed %s (%s) has no alert for %s", sd->ref, sd->name, sd->entity_id);
		if (sd->group == 2)
			assert_false(has); /* not listed yet */
	}

	/* run 1 built the index from the new lists and saved it: the next process loads it */
	lk_index *ix = NULL;
	assert_int_equal(lk_index_load_or_build(&ix, s, 0), 0);
	assert_int_equal(lk_index_origin_of(ix), LK_INDEX_ORIGIN_SNAPSHOT);
	lk_index_unref(ix);

	/* nothing changed: nothing screened, nothing new */
	lk_monitor_result r;
	assert_int_equal(lk_monitor_run(s, &mo, &r), 0);
	assert_int_equal(r.screened, 0);
	assert_int_equal(r.alerts_new, 0);

	/* decisions: a false positive, and an escalation superseded by a true match */
	const mf_seed *fp = &d.seeds[0], *tm = &d.seeds[1];
	lk_alert *a = find_alert(s, fp->ref, fp->entity_id);
	assert_non_null(a);
	int64_t fp_alert = a->id;
	lk_alerts_free(a, 1);
	assert_int_equal(lk_alert_decide(s, fp_alert, LK_DECISION_FALSE_POSITIVE,
	                                 "different person: other birth date", "Reviewer A", "test",
	                                 NULL), 0);
	a = find_alert(s, tm->ref, tm->entity_id);
	int64_t tm_alert = a->id;
	lk_alerts_free(a, 1);
	assert_int_equal(lk_alert_decide(s, tm_alert, LK_DECISION_ESCALATE, "needs a second look",
	                                 "Reviewer A", "test", NULL), 0);
	int64_t did = 0;
	assert_int_equal(lk_alert_decide(s, tm_alert, LK_DECISION_TRUE_MATCH, "confirmed",
	                                 "Reviewer B", "test", &did), 0);
	assert_int_equal(lk_alert_decide(s, tm_alert, LK_DECISION_TRUE_MATCH, "", "B", NULL, NULL),
	                 LK_EINVALID);
	assert_int_equal(lk_alert_decide(s, 999999, LK_DECISION_TRUE_MATCH, "x", "B", NULL, NULL),
	                 LK_ENOTFOUND);
	lk_decision *dec = NULL;
	size_t nd = 0;
	assert_int_equal(lk_alert_decisions(s, tm_alert, &dec, &nd), 0);
	assert_int_equal(nd, 2);
	assert_int_equal(dec[1].supersedes, dec[0].id);
	assert_int_equal(dec[1].id, did);
	assert_string_equal(dec[1].by, "Reviewer B");
	lk_decisions_free(dec, nd);
	a = NULL;
	assert_int_equal(lk_alert_get(s, tm_alert, &a), 0);
	assert_int_equal(a->status, LK_ALERT_TRUE_MATCH);
	lk_alerts_free(a, 1);

	/* OFAC 2021 arrives */
	mf_import(s, d.l2021);
	lk_diff *diff = NULL;
	assert_int_equal(lk_store_diff(&diff, s, "ofac_sdn", 0, 0), 0);
	lk_strmap *delta = lk_strmap_new();
	for (size_t i = 0; i < diff->nadded; i++)
		lk_strmap_put(delta, diff->added[i], (void *)1);
	for (size_t i = 0; i < diff->nchanged; i++)
		lk_strmap_put(delta, diff->changed[i].id, (void *)1);
	lk_strmap *gone = lk_strmap_new();
	for (size_t i = 0; i < diff->nremoved; i++)
		lk_strmap_put(gone, diff->removed[i], (void *)1);

	lk_monitor_result r2;
	assert_int_equal(lk_monitor_run(s, &mo, &r2), 0);
	printf("run 2: %zu delta entities, %zu removed, %zu customers screened as candidates, "
	       "%zu new alerts, %zu closed\n", r2.delta_entities, r2.removed_entities, r2.screened,
	       r2.alerts_new, r2.alerts_closed);
	assert_int_equal(r2.forward, 0);                       /* nobody new or changed */
	assert_int_equal(r2.delta_entities, diff->nadded + diff->nchanged);
	assert_true(r2.screened < CUSTOMERS);                   /* only reverse candidates */

	/* new alerts: exactly the forward matches with added or changed entities, less the
	 * pairs that already had an alert */
	pairs want2all = {0}, want2 = {0}, all2 = {0};
	forward_expected(s, &want2all, delta);
	for (size_t i = 0; i < want2all.n; i++)
		if (!pairs_has(&got1, want2all.v[i].ref, want2all.v[i].entity))
			pairs_add(&want2, want2all.v[i].ref, want2all.v[i].entity);
	alert_pairs(s, &all2, 0);
	pairs got2 = {0};
	for (size_t i = 0; i < all2.n; i++)
		if (!pairs_has(&got1, all2.v[i].ref, all2.v[i].entity))
			pairs_add(&got2, all2.v[i].ref, all2.v[i].entity);
	assert_same_pairs(&got2, &want2, "run 2");
	for (size_t i = 0; i < d.nseeds; i++)
		if (d.seeds[i].group == 2 && !pairs_has(&got2, d.seeds[i].ref, d.seeds[i].entity_id))
			fail_msg("added seed %s has no alert for %s", d.seeds[i].ref, d.seeds[i].entity_id);
	/* no pair twice */
	qsort(all2.v, all2.n, sizeof *all2.v, cmp_pair);
	for (size_t i = 1; i < all2.n; i++)
		assert_int_not_equal(cmp_pair(&all2.v[i - 1], &all2.v[i]), 0);

	/* alerts of removed entities are closed with the reason; the others are not */
	lk_alert *al = NULL;
	size_t nal = 0, closed = 0;
	assert_int_equal(lk_alerts_list(s, -1, &al, &nal), 0);
	for (size_t i = 0; i < nal; i++) {
		bool removed = lk_strmap_get(gone, al[i].entity_id) != NULL;
		if (al[i].id == fp_alert || al[i].id == tm_alert)
			continue;
		if (removed) {
			assert_int_equal(al[i].status, LK_ALERT_CLOSED);
			assert_non_null(strstr(al[i].closed_reason, al[i].entity_id));
			closed++;
		} else {
			assert_int_equal(al[i].status, LK_ALERT_OPEN);
		}
	}
	lk_alerts_free(al, nal);
	assert_true(closed >= MF_REMOVED);
	assert_int_equal(r2.alerts_closed, closed);

	/* the decided alerts keep their status (unless their entity went away) */
	a = NULL;
	assert_int_equal(lk_alert_get(s, tm_alert, &a), 0);
	assert_int_equal(a->status, LK_ALERT_TRUE_MATCH);
	lk_alerts_free(a, 1);
	a = NULL;
	assert_int_equal(lk_alert_get(s, fp_alert, &a), 0);
	lk_alert_status fp_status = a->status;
	lk_alerts_free(a, 1);
	/* suppressed unless its entity changed materially in 2021 */
	const lk_entity *e19 = NULL, *e21 = NULL;
	for (size_t i = 0; i < d.l2019->count; i++)
		if (strcmp(d.l2019->entities[i]->id, fp->entity_id) == 0)
			e19 = d.l2019->entities[i];
	for (size_t i = 0; i < d.l2021->count; i++)
		if (strcmp(d.l2021->entities[i]->id, fp->entity_id) == 0)
			e21 = d.l2021->entities[i];
	assert_non_null(e19);
	assert_non_null(e21);
	char h19[LK_SHA256_HEX_LEN], h21[LK_SHA256_HEX_LEN];
	lk_entity_material_hash(e19, h19);
	lk_entity_material_hash(e21, h21);
	bool fp_reopened = strcmp(h19, h21) != 0;
	assert_int_equal(fp_status, fp_reopened ? LK_ALERT_OPEN : LK_ALERT_FALSE_POSITIVE);
	assert_int_equal(r2.alerts_new, got2.n + (fp_reopened ? 1 : 0));
	if (fp_reopened) /* decide it again, for the name change below */
		assert_int_equal(lk_alert_decide(s, fp_alert, LK_DECISION_FALSE_POSITIVE,
		                                 "still not him", "Reviewer A", "test", NULL), 0);

	/* a third run finds nothing new */
	assert_int_equal(lk_monitor_run(s, &mo, &r), 0);
	assert_int_equal(r.screened, 0);
	assert_int_equal(r.alerts_new, 0);
	assert_int_equal(r.alerts_closed, 0);

	/* a material change of the false positive's name re-opens it; its decision stays */
	lk_customer c;
	assert_int_equal(lk_customer_get(s, fp->ref, &c), 0);
	char changed[300];
	snprintf(changed, sizeof changed, "%s", c.name);
	for (char *p = changed; *p; p++)
		if (*p == ' ') {
			*p = '-';
			break;
		}
	if (strcmp(changed, c.name) == 0)
		snprintf(changed, sizeof changed, "%s.", c.name);
	lk_customer_in in = {.ref = fp->ref, .name = changed, .schema = c.schema};
	lk_upsert_change ch;
	assert_int_equal(lk_customer_upsert(s, &in, "test", &ch), 0);
	assert_int_equal(ch, LK_UPSERT_UPDATED);
	lk_customer_dispose(&c);
	assert_int_equal(lk_monitor_run(s, &mo, &r), 0);
	assert_int_equal(r.forward, 1);
	a = NULL;
	assert_int_equal(lk_alert_get(s, fp_alert, &a), 0);
	assert_int_equal(a->status, LK_ALERT_OPEN);
	assert_int_equal(a->run_id, r.run_id);
	lk_alerts_free(a, 1);
	assert_int_equal(r.alerts_new, 1);
	assert_int_equal(lk_alert_decisions(s, fp_alert, &dec, &nd), 0);
	assert_int_equal(nd, fp_reopened ? 2 : 1);
	lk_decisions_free(dec, nd);

	/* a removed customer's open alerts close at the next run */
	const mf_seed *rm = &d.seeds[2];
	assert_int_equal(lk_customer_remove(s, rm->ref, "test"), 0);
	assert_int_equal(lk_monitor_run(s, &mo, &r), 0);
	a = find_alert(s, rm->ref, rm->entity_id);
	assert_non_null(a);
	assert_int_equal(a->status, LK_ALERT_CLOSED);
	assert_non_null(strstr(a->closed_reason, "customer was removed"));
	lk_alerts_free(a, 1);
	assert_int_equal(lk_customer_get(s, rm->ref, &c), 0);
	assert_true(c.removed);
	lk_customer_dispose(&c);

	verify_audit(s);

	lk_strmap_free(delta);
	lk_strmap_free(gone);
	lk_diff_free(diff);
	free(got1.v);
	free(want1.v);
	free(want2all.v);
	free(want2.v);
	free(all2.v);
	free(got2.v);
	lk_store_close(s);
	mf_free(&d);
	lk_test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_monitor__acceptance_ofac_2019_to_2021),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
