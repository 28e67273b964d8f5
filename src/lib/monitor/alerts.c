/*
 * alerts.c - alerts and decisions: reading alerts, recording a decision (an immutable row
 * that supersedes the previous one) with the alert's new status and an audit record, in one
 * transaction.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "lookout/error.h"
#include "lookout/utf8.h"
#include "monitor/monitor_int.h"

static const char *const status_names[LK_ALERT__COUNT] = {
	"open", "escalated", "true-match", "false-positive", "closed"};

const char *lk_alert_status_name(lk_alert_status s)
{
	return (unsigned)s < LK_ALERT__COUNT ? status_names[s] : "?";
}

int lk_alert_status_from_name(const char *name)
{
	for (int i = 0; name && i < LK_ALERT__COUNT; i++)
		if (strcmp(name, status_names[i]) == 0)
			return i;
	return -1;
}

static const char *const decision_names[] = {"true-match", "false-positive", "escalate"};

const char *lk_decision_name(lk_decision_kind k)
{
	return (unsigned)k < LK_ARRAY_SIZE(decision_names) ? decision_names[k] : "?";
}

int lk_decision_from_name(const char *name)
{
	for (size_t i = 0; name && i < LK_ARRAY_SIZE(decision_names); i++)
		if (strcmp(name, decision_names[i]) == 0)
			return (int)i;
	return -1;
}

void lk_alerts_free(lk_alert *v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++) {
		free(v[i].customer_ref);
		free(v[i].entity_id);
		free(v[i].source);
		free(v[i].entity_caption);
		free(v[i].closed_reason);
		free(v[i].explanation);
	}
	free(v);
}

void lk_decisions_free(lk_decision *v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++) {
		free(v[i].reason);
		free(v[i].by);
		free(v[i].actor);
	}
	free(v);
}

#define ALERT_COLS                                                                          \
	"a.id, a.customer_id, c.ref, a.entity_id, a.source, a.caption, a.score, a.status,"       \
	" a.created_at, a.updated_at, a.closed_reason, a.explanation, a.run_id"

static int read_alert(sqlite3_stmt *st, lk_alert *a)
{
	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(st, 0);
	a->customer_id = sqlite3_column_int64(st, 1);
	a->customer_ref = strdup(lk_mon__col(st, 2));
	a->entity_id = strdup(lk_mon__col(st, 3));
	a->source = strdup(lk_mon__col(st, 4));
	a->entity_caption = strdup(lk_mon__col(st, 5));
	a->score = sqlite3_column_double(st, 6);
	int status = lk_alert_status_from_name(lk_mon__col(st, 7));
	a->status = status < 0 ? LK_ALERT_OPEN : (lk_alert_status)status;
	snprintf(a->created_at, sizeof a->created_at, "%s", lk_mon__col(st, 8));
	snprintf(a->updated_at, sizeof a->updated_at, "%s", lk_mon__col(st, 9));
	a->closed_reason = strdup(lk_mon__col(st, 10));
	a->explanation = strdup(lk_mon__col(st, 11));
	a->run_id = sqlite3_column_int64(st, 12);
	if (!a->customer_ref || !a->entity_id || !a->source || !a->entity_caption ||
	    !a->closed_reason || !a->explanation)
		return lk_error_set(LK_ENOMEM, "monitor: out of memory reading alerts");
	return 0;
}

static int collect_alerts(lk_store *s, sqlite3_stmt *st, lk_alert **out, size_t *n)
{
	lk_alert *v = NULL;
	size_t len = 0, cap = 0;
	int rc, ret = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			size_t nc = cap ? cap * 2 : 32;
			lk_alert *nv = realloc(v, nc * sizeof *nv);
			if (!nv) {
				ret = lk_error_set(LK_ENOMEM, "monitor: out of memory reading alerts");
				break;
			}
			v = nv;
			cap = nc;
		}
		ret = read_alert(st, &v[len++]);
		if (ret < 0)
			break;
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = lk_store__sqlerr(s, rc, "reading alerts");
	if (ret < 0) {
		lk_alerts_free(v, len);
		return ret;
	}
	*out = v;
	*n = len;
	return 0;
}

int lk_alerts_list(lk_store *s, int status, lk_alert **out, size_t *n)
{
	assert(s && out && n);
	*out = NULL;
	*n = 0;
	if (status >= LK_ALERT__COUNT)
		return lk_error_set(LK_EINVALID, "alerts: unknown status %d", status);
	sqlite3_stmt *st = NULL;
	int ret = lk_mon__prepare(s, status < 0
	                                 ? "SELECT " ALERT_COLS " FROM alerts a JOIN customers c"
	                                   " ON c.id = a.customer_id ORDER BY a.id"
	                                 : "SELECT " ALERT_COLS " FROM alerts a JOIN customers c"
	                                   " ON c.id = a.customer_id WHERE a.status = ?1"
	                                   " ORDER BY a.id",
	                          &st);
	if (ret < 0)
		return ret;
	if (status >= 0)
		sqlite3_bind_text(st, 1, status_names[status], -1, SQLITE_STATIC);
	ret = collect_alerts(s, st, out, n);
	sqlite3_finalize(st);
	return ret;
}

int lk_alerts_count(lk_store *s, size_t counts[LK_ALERT__COUNT])
{
	assert(s && counts);
	memset(counts, 0, LK_ALERT__COUNT * sizeof *counts);
	sqlite3_stmt *st = NULL;
	int ret = lk_mon__prepare(s, "SELECT status, count(*) FROM alerts GROUP BY status", &st);
	if (ret < 0)
		return ret;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		for (int i = 0; name && i < LK_ALERT__COUNT; i++)
			if (strcmp(name, status_names[i]) == 0)
				counts[i] = (size_t)sqlite3_column_int64(st, 1);
	}
	if (rc != SQLITE_DONE)
		ret = lk_store__sqlerr(s, rc, "counting alerts");
	sqlite3_finalize(st);
	return ret;
}

int lk_alert_get(lk_store *s, int64_t id, lk_alert **out)
{
	assert(s && out);
	*out = NULL;
	sqlite3_stmt *st = NULL;
	int ret = lk_mon__prepare(s, "SELECT " ALERT_COLS " FROM alerts a JOIN customers c"
	                             " ON c.id = a.customer_id WHERE a.id = ?1", &st);
	if (ret < 0)
		return ret;
	sqlite3_bind_int64(st, 1, id);
	size_t n = 0;
	ret = collect_alerts(s, st, out, &n);
	sqlite3_finalize(st);
	if (ret == 0 && n == 0)
		ret = lk_error_set(LK_ENOTFOUND, "alerts: no alert %lld", (long long)id);
	return ret;
}

static int decide_locked(lk_store *s, int64_t alert_id, lk_decision_kind decision,
                         const char *reason, const char *by, const char *actor, int64_t *id_out)
{
	sqlite3_stmt *st = NULL;
	int ret = lk_mon__prepare(s, "SELECT a.status, a.customer_hash, a.entity_hash, c.ref,"
	                             " a.entity_id, (SELECT max(d.id) FROM decisions d"
	                             " WHERE d.alert_id = a.id) FROM alerts a JOIN customers c"
	                             " ON c.id = a.customer_id WHERE a.id = ?1", &st);
	if (ret < 0)
		return ret;
	sqlite3_bind_int64(st, 1, alert_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_finalize(st);
		return lk_error_set(LK_ENOTFOUND, "alerts: no alert %lld", (long long)alert_id);
	}
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return lk_store__sqlerr(s, rc, "reading an alert");
	}
	char old_status[32], chash[LK_SHA256_HEX_LEN], ehash[LK_SHA256_HEX_LEN];
	char *ref = strdup(lk_mon__col(st, 3)), *eid = strdup(lk_mon__col(st, 4));
	snprintf(old_status, sizeof old_status, "%s", lk_mon__col(st, 0));
	snprintf(chash, sizeof chash, "%s", lk_mon__col(st, 1));
	snprintf(ehash, sizeof ehash, "%s", lk_mon__col(st, 2));
	int64_t prev = sqlite3_column_int64(st, 5);
	sqlite3_finalize(st);
	st = NULL;
	if (!ref || !eid) {
		ret = lk_error_set(LK_ENOMEM, "monitor: out of memory");
		goto done;
	}
	char now[32];
	lk_store__now(now, sizeof now);
	if ((ret = lk_mon__prepare(s, "INSERT INTO decisions(alert_id, decision, reason, reviewer,"
	                              " actor, at, supersedes, customer_hash, entity_hash)"
	                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", &st)) < 0)
		goto done;
	sqlite3_bind_int64(st, 1, alert_id);
	sqlite3_bind_text(st, 2, lk_decision_name(decision), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, by, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, actor ? actor : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
	if (prev > 0)
		sqlite3_bind_int64(st, 7, prev);
	sqlite3_bind_text(st, 8, chash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, ehash, -1, SQLITE_STATIC);
	if ((ret = lk_mon__step_done(s, st, "recording a decision")) < 0)
		goto done;
	int64_t did = sqlite3_last_insert_rowid(s->db);
	sqlite3_finalize(st);
	st = NULL;
	const char *status = decision == LK_DECISION_TRUE_MATCH      ? "true-match"
	                     : decision == LK_DECISION_FALSE_POSITIVE ? "false-positive"
	                                                              : "escalated";
	if ((ret = lk_mon__prepare(s, "UPDATE alerts SET status = ?2, updated_at = ?3 WHERE id = ?1",
	                           &st)) < 0)
		goto done;
	sqlite3_bind_int64(st, 1, alert_id);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	if ((ret = lk_mon__step_done(s, st, "updating an alert")) < 0)
		goto done;
	char subject[48];
	snprintf(subject, sizeof subject, "alert:%lld", (long long)alert_id);
	ret = lk_mon__audit(s, "alert.decide", actor, subject,
	                    json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:I}", "decision_id",
	                              (json_int_t)did, "decision", lk_decision_name(decision),
	                              "reason", reason, "by", by, "customer_ref", ref, "entity_id",
	                              eid, "previous_status", old_status, "supersedes",
	                              (json_int_t)prev));
	if (ret == 0 && id_out)
		*id_out = did;
done:
	sqlite3_finalize(st);
	free(ref);
	free(eid);
	return ret;
}

int lk_alert_decide(lk_store *s, int64_t alert_id, lk_decision_kind decision,
                    const char *reason, const char *by, const char *actor, int64_t *id_out)
{
	assert(s);
	if ((unsigned)decision >= LK_ARRAY_SIZE(decision_names))
		return lk_error_set(LK_EINVALID, "alerts: unknown decision");
	if (!reason || !*reason)
		return lk_error_set(LK_EINVALID, "alerts: a decision needs a reason");
	if (!by || !*by)
		return lk_error_set(LK_EINVALID, "alerts: a decision needs the name of who took it");
	if (strlen(reason) > 4096 || strlen(by) > 256 || (actor && strlen(actor) > 256))
		return lk_error_set(LK_ETOOBIG, "alerts: the reason (4096 bytes) or a name (256) is "
		                    "too long");
	if (!lk_utf8_valid(reason, strlen(reason), NULL) || !lk_utf8_valid(by, strlen(by), NULL))
		return lk_error_set(LK_EENCODING, "alerts: the reason or the name is not valid UTF-8");
	bool own;
	int ret = lk_store__tx_open(s, "lk_decide", &own);
	if (ret == 0) {
		ret = decide_locked(s, alert_id, decision, reason, by, actor, id_out);
		ret = lk_store__tx_close(s, "lk_decide", own, ret);
	}
	return ret;
}

int lk_alert_decisions(lk_store *s, int64_t alert_id, lk_decision **out, size_t *n)
{
	assert(s && out && n);
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = NULL;
	int ret = lk_mon__prepare(s, "SELECT id, alert_id, decision, reason, reviewer, actor, at,"
	                             " supersedes FROM decisions WHERE alert_id = ?1 ORDER BY id",
	                          &st);
	if (ret < 0)
		return ret;
	sqlite3_bind_int64(st, 1, alert_id);
	lk_decision *v = NULL;
	size_t len = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			size_t nc = cap ? cap * 2 : 8;
			lk_decision *nv = realloc(v, nc * sizeof *nv);
			if (!nv) {
				ret = lk_error_set(LK_ENOMEM, "monitor: out of memory");
				break;
			}
			v = nv;
			cap = nc;
		}
		lk_decision *d = &v[len++];
		memset(d, 0, sizeof *d);
		d->id = sqlite3_column_int64(st, 0);
		d->alert_id = sqlite3_column_int64(st, 1);
		int k = lk_decision_from_name(lk_mon__col(st, 2));
		d->decision = k < 0 ? LK_DECISION_ESCALATE : (lk_decision_kind)k;
		d->reason = strdup(lk_mon__col(st, 3));
		d->by = strdup(lk_mon__col(st, 4));
		d->actor = strdup(lk_mon__col(st, 5));
		snprintf(d->at, sizeof d->at, "%s", lk_mon__col(st, 6));
		d->supersedes = sqlite3_column_int64(st, 7);
		if (!d->reason || !d->by || !d->actor) {
			ret = lk_error_set(LK_ENOMEM, "monitor: out of memory");
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = lk_store__sqlerr(s, rc, "reading decisions");
	sqlite3_finalize(st);
	if (ret < 0) {
		lk_decisions_free(v, len);
		return ret;
	}
	*out = v;
	*n = len;
	return 0;
}
