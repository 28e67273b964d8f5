/*
 * audit.c - the hash-chained audit trail (audit.h): appending, verifying, exporting.
 *
 * A record's hash covers its canonical serialisation (audit.h), which includes the previous
 * record's hash, so a change anywhere breaks every later link and verification names the
 * first record that no longer recomputes. Appending reads the last record and inserts the
 * next one inside one write transaction (the caller's, or one of its own), so two writers -
 * two processes - cannot both chain onto the same record: the second waits for the write
 * lock and then sees the first's record.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lookout/audit.h"
#include "lookout/buf.h"
#include "lookout/error.h"
#include "store/store_int.h"

static const char zero_hash[LK_SHA256_HEX_LEN] =
	"0000000000000000000000000000000000000000000000000000000000000000";

/* Feed "<len>:<bytes>\n" to the hash. */
static void put_field(lk_sha256 *h, const char *s, size_t len)
{
	char pre[32];
	int n = snprintf(pre, sizeof pre, "%zu:", len);
	lk_sha256_update(h, pre, (size_t)n);
	lk_sha256_update(h, s, len);
	lk_sha256_update(h, "\n", 1);
}

static void record_hash(char out[LK_SHA256_HEX_LEN], int64_t seq, const char *at,
                        const char *action, const char *actor, const char *subject,
                        const char *detail, const char *prev)
{
	lk_sha256 h;
	unsigned char d[LK_SHA256_LEN];
	char num[32];
	lk_sha256_init(&h);
	snprintf(num, sizeof num, "%lld", (long long)seq);
	put_field(&h, num, strlen(num));
	put_field(&h, at, strlen(at));
	put_field(&h, action, strlen(action));
	put_field(&h, actor, strlen(actor));
	put_field(&h, subject, strlen(subject));
	put_field(&h, detail, strlen(detail));
	put_field(&h, prev, strlen(prev));
	lk_sha256_final(&h, d);
	lk_hex(out, d, sizeof d);
}

/* The canonical form of a detail object: compact, keys sorted. malloc'd. */
static int canonical_detail(const char *json, char **out)
{
	*out = NULL;
	if (!json || !*json) {
		*out = strdup("{}");
		return *out ? 0 : lk_error_set(LK_ENOMEM, "audit: out of memory");
	}
	if (strlen(json) > LK_AUDIT_MAX_DETAIL)
		return lk_error_set(LK_ETOOBIG, "audit: the detail is longer than %u bytes",
		                    LK_AUDIT_MAX_DETAIL);
	json_error_t err;
	json_t *v = json_loads(json, JSON_REJECT_DUPLICATES, &err);
	if (!v)
		return lk_error_set(LK_EINVALID, "audit: the detail is not valid JSON: %s",
		                    err.text);
	int ret = 0;
	if (!json_is_object(v)) {
		ret = lk_error_set(LK_EINVALID, "audit: the detail must be a JSON object");
	} else {
		*out = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
		if (!*out)
			ret = lk_error_set(LK_ENOMEM, "audit: out of memory");
	}
	json_decref(v);
	return ret;
}

static int check_field(const char *what, const char *v)
{
	if (v && strlen(v) > LK_AUDIT_MAX_FIELD)
		return lk_error_set(LK_ETOOBIG, "audit: the %s is longer than %d bytes", what,
		                    LK_AUDIT_MAX_FIELD);
	return 0;
}

static int append_locked(lk_store *s, const char *action, const char *actor,
                         const char *subject, const char *detail, int64_t *seq_out)
{
	sqlite3_stmt *st;
	int ret = lk_store__stmt(s, LK_STMT_AUDIT_LAST, &st);
	if (ret < 0)
		return ret;
	int64_t seq = 1;
	char prev[LK_SHA256_HEX_LEN];
	memcpy(prev, zero_hash, sizeof prev);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		seq = sqlite3_column_int64(st, 0) + 1;
		const char *h = (const char *)sqlite3_column_text(st, 1);
		snprintf(prev, sizeof prev, "%s", h ? h : "");
	} else if (rc != SQLITE_DONE) {
		ret = lk_store__sqlerr(s, rc, "reading the audit trail");
	}
	sqlite3_reset(st);
	if (ret < 0)
		return ret;

	char at[32], hash[LK_SHA256_HEX_LEN];
	lk_store__now(at, sizeof at);
	record_hash(hash, seq, at, action, actor, subject, detail, prev);
	if ((ret = lk_store__stmt(s, LK_STMT_AUDIT_INSERT, &st)) < 0)
		return ret;
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, detail, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return lk_store__sqlerr(s, rc, "appending to the audit trail");
	if (seq_out)
		*seq_out = seq;
	return 0;
}

int lk_audit_append(lk_store *s, const char *action, const char *actor, const char *subject,
                    const char *detail_json, int64_t *id_out)
{
	assert(s);
	if (!action || !*action)
		return lk_error_set(LK_EINVALID, "audit: a record needs an action");
	int ret;
	if ((ret = check_field("action", action)) < 0 || (ret = check_field("actor", actor)) < 0 ||
	    (ret = check_field("subject", subject)) < 0)
		return ret;
	char *detail = NULL;
	if ((ret = canonical_detail(detail_json, &detail)) < 0)
		return ret;
	bool own;
	if ((ret = lk_store__tx_open(s, "lk_audit", &own)) == 0) {
		ret = append_locked(s, action, actor ? actor : "", subject ? subject : "", detail,
		                    id_out);
		ret = lk_store__tx_close(s, "lk_audit", own, ret);
	}
	free(detail);
	if (ret < 0)
		lk_error_prefix("audit: recording '%s'", action);
	return ret;
}

/* ---- reading ---- */

#define RECORD_COLS "seq, at, action, actor, subject, detail, prev_hash, hash"

static const char *col(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	return t ? t : "";
}

int lk_audit_verify(lk_store *s, lk_audit_verify_result *out)
{
	assert(s && out);
	memset(out, 0, sizeof *out);
	out->ok = true;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, "SELECT " RECORD_COLS " FROM audit ORDER BY seq", -1,
	                            &st, NULL);
	if (rc != SQLITE_OK)
		return lk_store__sqlerr(s, rc, "reading the audit trail");
	char prev[LK_SHA256_HEX_LEN];
	memcpy(prev, zero_hash, sizeof prev);
	int64_t expect = 1;
	int ret = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(st, 0);
		out->records++;
		const char *reason = NULL;
		char hash[LK_SHA256_HEX_LEN];
		record_hash(hash, seq, col(st, 1), col(st, 2), col(st, 3), col(st, 4), col(st, 5),
		            col(st, 6));
		if (seq != expect)
			reason = expect == 1 ? "the trail does not start at record 1"
			                     : "records are missing before this one";
		else if (strcmp(col(st, 6), prev) != 0)
			reason = "its previous-record hash does not match the record before it";
		else if (strcmp(hash, col(st, 7)) != 0)
			reason = "its contents do not match its hash (the record was altered)";
		if (reason) {
			out->ok = false;
			out->first_bad = seq;
			snprintf(out->reason, sizeof out->reason, "%s", reason);
			break;
		}
		snprintf(prev, sizeof prev, "%s", col(st, 7));
		snprintf(out->head, sizeof out->head, "%s", prev);
		expect = seq + 1;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = lk_store__sqlerr(s, rc, "reading the audit trail");
	sqlite3_finalize(st);
	return ret;
}

/* Accept "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ". */
static bool valid_since(const char *v)
{
	static const char date[] = "dddd-dd-dd", full[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t n = strlen(v);
	const char *pat = n == sizeof date - 1 ? date : n == sizeof full - 1 ? full : NULL;
	if (!pat)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (pat[i] == 'd' ? (v[i] < '0' || v[i] > '9') : v[i] != pat[i])
			return false;
	}
	return true;
}

int lk_audit_export(lk_store *s, const char *since, FILE *f)
{
	assert(s && f);
	if (since && *since && !valid_since(since))
		return lk_error_set(LK_EINVALID, "audit: '%s' is not a date (YYYY-MM-DD) or a UTC time"
		                    " (YYYY-MM-DDTHH:MM:SSZ)", since);
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT " RECORD_COLS " FROM audit WHERE at >= ?1 ORDER BY seq",
	                            -1, &st, NULL);
	if (rc != SQLITE_OK)
		return lk_store__sqlerr(s, rc, "reading the audit trail");
	sqlite3_bind_text(st, 1, since ? since : "", -1, SQLITE_STATIC);
	int ret = 0;
	while (ret == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *o = json_object();
		json_t *detail = json_loads(col(st, 5), 0, NULL);
		if (!o) {
			json_decref(detail);
			ret = lk_error_set(LK_ENOMEM, "audit: out of memory");
			break;
		}
		json_object_set_new(o, "seq", json_integer(sqlite3_column_int64(st, 0)));
		json_object_set_new(o, "at", json_string(col(st, 1)));
		json_object_set_new(o, "action", json_string(col(st, 2)));
		json_object_set_new(o, "actor", json_string(col(st, 3)));
		json_object_set_new(o, "subject", json_string(col(st, 4)));
		/* A detail that no longer parses (a tampered row) is exported as the string. */
		json_object_set_new(o, "detail", detail ? detail : json_string(col(st, 5)));
		json_object_set_new(o, "prev_hash", json_string(col(st, 6)));
		json_object_set_new(o, "hash", json_string(col(st, 7)));
		if (json_dumpf(o, f, JSON_COMPACT | JSON_PRESERVE_ORDER) < 0 || fputc('\n', f) == EOF)
			ret = lk_error_set(LK_EIO, "audit: writing the export failed");
		json_decref(o);
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = lk_store__sqlerr(s, rc, "reading the audit trail");
	sqlite3_finalize(st);
	if (ret == 0 && fflush(f) != 0)
		ret = lk_error_set(LK_EIO, "audit: writing the export failed");
	return ret;
}

void lk_audit_records_free(lk_audit_record *r, size_t n)
{
	if (!r)
		return;
	for (size_t i = 0; i < n; i++) {
		free(r[i].action);
		free(r[i].actor);
		free(r[i].subject);
		free(r[i].detail);
	}
	free(r);
}

int lk_audit_records(lk_store *s, int64_t after_seq, size_t limit, lk_audit_record **out,
                     size_t *n)
{
	assert(s && out && n);
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT " RECORD_COLS " FROM audit WHERE seq > ?1 ORDER BY seq"
	                            " LIMIT ?2",
	                            -1, &st, NULL);
	if (rc != SQLITE_OK)
		return lk_store__sqlerr(s, rc, "reading the audit trail");
	sqlite3_bind_int64(st, 1, after_seq);
	sqlite3_bind_int64(st, 2, limit ? (sqlite3_int64)limit : -1);
	lk_audit_record *v = NULL;
	size_t len = 0, cap = 0;
	int ret = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			lk_audit_record *nv = realloc(v, ncap * sizeof *nv);
			if (!nv) {
				ret = lk_error_set(LK_ENOMEM, "audit: out of memory");
				break;
			}
			v = nv;
			cap = ncap;
		}
		lk_audit_record *r = &v[len++];
		memset(r, 0, sizeof *r);
		r->seq = sqlite3_column_int64(st, 0);
		snprintf(r->at, sizeof r->at, "%s", col(st, 1));
		r->action = strdup(col(st, 2));
		r->actor = strdup(col(st, 3));
		r->subject = strdup(col(st, 4));
		r->detail = strdup(col(st, 5));
		snprintf(r->prev_hash, sizeof r->prev_hash, "%s", col(st, 6));
		snprintf(r->hash, sizeof r->hash, "%s", col(st, 7));
		if (!r->action || !r->actor || !r->subject || !r->detail) {
			ret = lk_error_set(LK_ENOMEM, "audit: out of memory");
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = lk_store__sqlerr(s, rc, "reading the audit trail");
	sqlite3_finalize(st);
	if (ret < 0) {
		lk_audit_records_free(v, len);
		return ret;
	}
	*out = v;
	*n = len;
	return 0;
}
