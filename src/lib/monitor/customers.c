/*
 * customers.c - the customer base: checking, upserting by ref with an audit record of what
 * changed, removing (a flag, never a delete), reading back, and the customer as an entity.
 *
 * The material hash covers exactly what screening looks at (name, schema, birth date,
 * country, identifier, aliases - the aliases sorted, so their order does not count), so that
 * an edit elsewhere cannot re-open a suppressed alert.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "lookout/error.h"
#include "lookout/utf8.h"
#include "monitor/monitor_int.h"

/* ---- helpers shared by the monitor's files ---- */

int lk_mon__prepare(lk_store *s, const char *sql, sqlite3_stmt **st)
{
	int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);
	if (rc != SQLITE_OK)
		return lk_store__sqlerr(s, rc, "preparing a statement");
	return 0;
}

int lk_mon__step_done(lk_store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : lk_store__sqlerr(s, rc, what);
}

const char *lk_mon__col(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	return t ? t : "";
}

int lk_mon__audit(lk_store *s, const char *action, const char *actor, const char *subject,
                  json_t *d)
{
	char *txt = d ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(d);
	if (!txt)
		return lk_error_set(LK_ENOMEM, "monitor: out of memory");
	int ret = lk_audit_append(s, action, actor, subject, txt, NULL);
	free(txt);
	return ret;
}

/* ---- the customer record ---- */

void lk_customer_dispose(lk_customer *c)
{
	if (!c)
		return;
	free(c->ref);
	free(c->name);
	free(c->dob);
	free(c->country);
	free(c->ident);
	for (size_t i = 0; i < c->naliases; i++)
		free(c->aliases[i]);
	free(c->aliases);
	memset(c, 0, sizeof *c);
}

void lk_customers_free(lk_customer *v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		lk_customer_dispose(&v[i]);
	free(v);
}

int lk_mon__read_customer(sqlite3_stmt *st, lk_customer *out)
{
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	out->ref = strdup(lk_mon__col(st, 1));
	out->name = strdup(lk_mon__col(st, 2));
	out->schema = lk_schema_from_name(lk_mon__col(st, 3));
	out->dob = strdup(lk_mon__col(st, 4));
	out->country = strdup(lk_mon__col(st, 5));
	out->ident = strdup(lk_mon__col(st, 6));
	snprintf(out->hash, sizeof out->hash, "%s", lk_mon__col(st, 8));
	out->removed = sqlite3_column_int(st, 9) != 0;
	out->screened = sqlite3_column_int(st, 10) != 0;
	snprintf(out->created_at, sizeof out->created_at, "%s", lk_mon__col(st, 11));
	snprintf(out->updated_at, sizeof out->updated_at, "%s", lk_mon__col(st, 12));
	int ret = 0;
	if (!out->ref || !out->name || !out->dob || !out->country || !out->ident)
		ret = lk_error_set(LK_ENOMEM, "monitor: out of memory reading customers");
	json_t *a = json_loads(lk_mon__col(st, 7), 0, NULL);
	if (ret == 0 && json_is_array(a) && json_array_size(a) > 0) {
		out->aliases = calloc(json_array_size(a), sizeof *out->aliases);
		if (!out->aliases)
			ret = lk_error_set(LK_ENOMEM, "monitor: out of memory reading customers");
		for (size_t i = 0; ret == 0 && i < json_array_size(a); i++) {
			const char *v = json_string_value(json_array_get(a, i));
			if (!v)
				continue;
			if (!(out->aliases[out->naliases++] = strdup(v)))
				ret = lk_error_set(LK_ENOMEM, "monitor: out of memory reading customers");
		}
	}
	json_decref(a);
	if (ret < 0)
		lk_customer_dispose(out);
	return ret;
}

static int check_text(const char *field, const char *v, bool required)
{
	if (!v || !*v) {
		if (required)
			return lk_error_set(LK_EINVALID, "customer: the %s is missing", field);
		return 0;
	}
	size_t len = strlen(v);
	if (len > LK_CUSTOMER_MAX_FIELD)
		return lk_error_set(LK_ETOOBIG, "customer: the %s is longer than %d bytes", field,
		                    LK_CUSTOMER_MAX_FIELD);
	if (!lk_utf8_valid(v, len, NULL))
		return lk_error_set(LK_EENCODING, "customer: the %s is not valid UTF-8", field);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)v[i] < 0x20 && v[i] != '\t')
			return lk_error_set(LK_EINVALID, "customer: the %s holds a control character",
			                    field);
	return 0;
}

int lk_customer_check(const lk_customer_in *c)
{
	int ret;
	if ((ret = check_text("ref", c->ref, true)) < 0 || (ret = check_text("name", c->name, true)) < 0 ||
	    (ret = check_text("dob", c->dob, false)) < 0 ||
	    (ret = check_text("country", c->country, false)) < 0 ||
	    (ret = check_text("id", c->id, false)) < 0)
		return ret;
	if ((int)c->schema <= LK_SCHEMA_UNKNOWN || c->schema >= LK_SCHEMA__COUNT)
		return lk_error_set(LK_EINVALID, "customer: unknown schema (Person, Organization, "
		                    "Company, LegalEntity, PublicBody, Vessel or Airplane)");
	if (c->naliases > LK_CUSTOMER_MAX_ALIASES)
		return lk_error_set(LK_ETOOBIG, "customer: more than %d aliases",
		                    LK_CUSTOMER_MAX_ALIASES);
	for (size_t i = 0; i < c->naliases; i++)
		if ((ret = check_text("alias", c->aliases[i], false)) < 0)
			return ret;
	if (c->dob && *c->dob) {
		lk_date d;
		if (lk_date_parse(&d, c->dob) < 0)
			return lk_error_set(LK_EINVALID, "customer: the dob '%s' is not a date", c->dob);
	}
	return 0;
}

/* The normalised fields as stored. */
typedef struct norm {
	char dob[11];
	const char *name, *country, *id;
	char *aliases_json;          /* JSON array, in the given order, empties dropped */
	char hash[LK_SHA256_HEX_LEN];
} norm;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void put_field(lk_sha256 *h, const char *s)
{
	char pre[32];
	size_t len = strlen(s);
	int n = snprintf(pre, sizeof pre, "%zu:", len);
	lk_sha256_update(h, pre, (size_t)n);
	lk_sha256_update(h, s, len);
}

static int normalise(const lk_customer_in *c, norm *n)
{
	memset(n, 0, sizeof *n);
	n->name = c->name;
	n->country = c->country ? c->country : "";
	n->id = c->id ? c->id : "";
	if (c->dob && *c->dob && !lk_date_normalize(c->dob, n->dob))
		snprintf(n->dob, sizeof n->dob, "%.10s", c->dob);
	json_t *a = json_array();
	const char **sorted = calloc(c->naliases + 1, sizeof *sorted);
	size_t ns = 0;
	if (!a || !sorted) {
		json_decref(a);
		free(sorted);
		return lk_error_set(LK_ENOMEM, "customer: out of memory");
	}
	for (size_t i = 0; i < c->naliases; i++) {
		if (!c->aliases[i] || !*c->aliases[i])
			continue;
		json_array_append_new(a, json_string(c->aliases[i]));
		sorted[ns++] = c->aliases[i];
	}
	n->aliases_json = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	qsort(sorted, ns, sizeof *sorted, cmp_str);
	lk_sha256 h;
	unsigned char d[LK_SHA256_LEN];
	lk_sha256_init(&h);
	put_field(&h, n->name);
	put_field(&h, lk_schema_name(c->schema));
	put_field(&h, n->dob);
	put_field(&h, n->country);
	put_field(&h, n->id);
	for (size_t i = 0; i < ns; i++)
		put_field(&h, sorted[i]);
	lk_sha256_final(&h, d);
	lk_hex(n->hash, d, sizeof d);
	free(sorted);
	if (!n->aliases_json)
		return lk_error_set(LK_ENOMEM, "customer: out of memory");
	return 0;
}

int lk_mon__upsert_prepare(lk_store *s, upsert_stmts *u)
{
	memset(u, 0, sizeof *u);
	int ret;
	if ((ret = lk_mon__prepare(s, "SELECT id, hash, removed, name, schema, dob, country, ident,"
	                              " aliases FROM customers WHERE ref = ?1", &u->get)) < 0 ||
	    (ret = lk_mon__prepare(s, "INSERT INTO customers(ref, name, schema, dob, country, ident,"
	                              " aliases, hash, created_at, updated_at)"
	                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
	                           &u->insert)) < 0 ||
	    (ret = lk_mon__prepare(s, "UPDATE customers SET name = ?2, schema = ?3, dob = ?4,"
	                              " country = ?5, ident = ?6, aliases = ?7, hash = ?8,"
	                              " updated_at = ?9, removed = 0, screened_hash = NULL"
	                              " WHERE ref = ?1",
	                           &u->update)) < 0 ||
	    (ret = lk_mon__prepare(s, "DELETE FROM customer_keys WHERE customer_id = ?1",
	                           &u->drop_keys)) < 0)
		lk_mon__upsert_finalize(u);
	return ret;
}

void lk_mon__upsert_finalize(upsert_stmts *u)
{
	sqlite3_finalize(u->get);
	sqlite3_finalize(u->insert);
	sqlite3_finalize(u->update);
	sqlite3_finalize(u->drop_keys);
	memset(u, 0, sizeof *u);
}

/* Add "field": {"old": a, "new": b} to changes when they differ. */
static void diff_field(json_t *changes, const char *field, const char *a, const char *b)
{
	if (strcmp(a, b) != 0)
		json_object_set_new(changes, field, json_pack("{s:s, s:s}", "old", a, "new", b));
}

/* Write one customer; the caller holds the transaction. */
int lk_mon__upsert(lk_store *s, upsert_stmts *u, const lk_customer_in *c, const char *actor,
                   lk_upsert_change *change)
{
	int ret = lk_customer_check(c);
	if (ret < 0)
		return ret;
	norm n;
	if ((ret = normalise(c, &n)) < 0)
		return ret;
	char now[32];
	lk_store__now(now, sizeof now);
	const char *schema = lk_schema_name(c->schema);
	sqlite3_bind_text(u->get, 1, c->ref, -1, SQLITE_STATIC);
	int rc = sqlite3_step(u->get);
	lk_upsert_change what = LK_UPSERT_ADDED;
	json_t *detail = NULL;
	int64_t id = 0;
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(u->get, 0);
		bool removed = sqlite3_column_int(u->get, 2) != 0;
		if (!removed && strcmp(lk_mon__col(u->get, 1), n.hash) == 0) {
			what = LK_UPSERT_UNCHANGED;
		} else {
			what = LK_UPSERT_UPDATED;
			json_t *ch = json_object();
			diff_field(ch, "name", lk_mon__col(u->get, 3), n.name);
			diff_field(ch, "schema", lk_mon__col(u->get, 4), schema);
			diff_field(ch, "dob", lk_mon__col(u->get, 5), n.dob);
			diff_field(ch, "country", lk_mon__col(u->get, 6), n.country);
			diff_field(ch, "id", lk_mon__col(u->get, 7), n.id);
			diff_field(ch, "aliases", lk_mon__col(u->get, 8), n.aliases_json);
			if (removed)
				json_object_set_new(ch, "removed", json_pack("{s:b, s:b}", "old", 1, "new", 0));
			detail = json_pack("{s:o, s:s}", "changes", ch, "hash", n.hash);
		}
	} else if (rc != SQLITE_DONE) {
		ret = lk_store__sqlerr(s, rc, "reading a customer");
	}
	sqlite3_reset(u->get);
	if (ret < 0 || what == LK_UPSERT_UNCHANGED)
		goto done;
	sqlite3_stmt *w = what == LK_UPSERT_ADDED ? u->insert : u->update;
	sqlite3_bind_text(w, 1, c->ref, -1, SQLITE_STATIC);
	sqlite3_bind_text(w, 2, n.name, -1, SQLITE_STATIC);
	sqlite3_bind_text(w, 3, schema, -1, SQLITE_STATIC);
	sqlite3_bind_text(w, 4, n.dob, -1, SQLITE_STATIC);
	sqlite3_bind_text(w, 5, n.country, -1, SQLITE_STATIC);
	sqlite3_bind_text(w, 6, n.id, -1, SQLITE_STATIC);
	sqlite3_bind_text(w, 7, n.aliases_json, -1, SQLITE_STATIC);
	sqlite3_bind_text(w, 8, n.hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(w, 9, now, -1, SQLITE_STATIC);
	if ((ret = lk_mon__step_done(s, w, "storing a customer")) < 0)
		goto done;
	/* The retrieval keys of the old content go with it (and the screened mark, for a
	 * customer that comes back unchanged after its removal dropped its keys); the next run
	 * screens the customer forward and stores the new ones. */
	if (what == LK_UPSERT_UPDATED) {
		sqlite3_bind_int64(u->drop_keys, 1, id);
		if ((ret = lk_mon__step_done(s, u->drop_keys, "dropping a customer's keys")) < 0)
			goto done;
	}
	if (what == LK_UPSERT_ADDED)
		detail = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "name", n.name, "schema",
		                   schema, "dob", n.dob, "country", n.country, "id", n.id, "aliases",
		                   n.aliases_json, "hash", n.hash);
	ret = lk_mon__audit(s, what == LK_UPSERT_ADDED ? "customer.add" : "customer.update", actor,
	                    c->ref, detail);
	detail = NULL;
done:
	json_decref(detail);
	free(n.aliases_json);
	if (ret == 0 && change)
		*change = what;
	return ret;
}

int lk_customer_upsert(lk_store *s, const lk_customer_in *c, const char *actor,
                       lk_upsert_change *change)
{
	assert(s && c);
	int ret = lk_customer_check(c);
	if (ret < 0)
		return ret;
	upsert_stmts u;
	bool own;
	if ((ret = lk_mon__upsert_prepare(s, &u)) < 0)
		return ret;
	if ((ret = lk_store__tx_open(s, "lk_customer", &own)) == 0) {
		ret = lk_mon__upsert(s, &u, c, actor, change);
		ret = lk_store__tx_close(s, "lk_customer", own, ret);
	}
	lk_mon__upsert_finalize(&u);
	return ret;
}

int lk_mon__remove(lk_store *s, const char *ref, const char *actor, const char *why,
                   bool *done)
{
	sqlite3_stmt *st = NULL;
	int ret = lk_mon__prepare(s, "SELECT removed FROM customers WHERE ref = ?1", &st);
	if (ret < 0)
		return ret;
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	bool removed = rc == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
	if (rc == SQLITE_DONE)
		ret = lk_error_set(LK_ENOTFOUND, "customer: no customer with ref '%s'", ref);
	else if (rc != SQLITE_ROW)
		ret = lk_store__sqlerr(s, rc, "reading a customer");
	sqlite3_finalize(st);
	*done = false;
	if (ret < 0 || removed)
		return ret;
	char now[32];
	lk_store__now(now, sizeof now);
	if ((ret = lk_mon__prepare(s, "UPDATE customers SET removed = 1, updated_at = ?2"
	                              " WHERE ref = ?1", &st)) < 0)
		return ret;
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	ret = lk_mon__step_done(s, st, "removing a customer");
	sqlite3_finalize(st);
	st = NULL;
	if (ret == 0 && (ret = lk_mon__prepare(s, "DELETE FROM customer_keys WHERE customer_id ="
	                                          " (SELECT id FROM customers WHERE ref = ?1)",
	                                       &st)) == 0) {
		sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
		ret = lk_mon__step_done(s, st, "dropping a customer's keys");
		sqlite3_finalize(st);
	}
	if (ret == 0)
		ret = lk_mon__audit(s, "customer.remove", actor, ref, json_pack("{s:s}", "why", why));
	*done = ret == 0;
	return ret;
}

int lk_customer_remove(lk_store *s, const char *ref, const char *actor)
{
	assert(s && ref);
	bool own, done;
	int ret = lk_store__tx_open(s, "lk_customer", &own);
	if (ret == 0) {
		ret = lk_mon__remove(s, ref, actor, "removed on request", &done);
		ret = lk_store__tx_close(s, "lk_customer", own, ret);
	}
	return ret;
}

int lk_customer_get(lk_store *s, const char *ref, lk_customer *out)
{
	assert(s && ref && out);
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = NULL;
	int ret = lk_mon__prepare(s, "SELECT " LK_MON__CUSTOMER_COLS " FROM customers c"
	                             " WHERE c.ref = ?1", &st);
	if (ret < 0)
		return ret;
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		ret = lk_mon__read_customer(st, out);
	else if (rc == SQLITE_DONE)
		ret = lk_error_set(LK_ENOTFOUND, "customer: no customer with ref '%s'", ref);
	else
		ret = lk_store__sqlerr(s, rc, "reading a customer");
	sqlite3_finalize(st);
	return ret;
}

int lk_customers_list(lk_store *s, bool include_removed, lk_customer **out, size_t *n)
{
	assert(s && out && n);
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = NULL;
	int ret = lk_mon__prepare(s, include_removed
	                                 ? "SELECT " LK_MON__CUSTOMER_COLS " FROM customers c"
	                                   " ORDER BY c.ref"
	                                 : "SELECT " LK_MON__CUSTOMER_COLS " FROM customers c"
	                                   " WHERE c.removed = 0 ORDER BY c.ref",
	                          &st);
	if (ret < 0)
		return ret;
	lk_customer *v = NULL;
	size_t len = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			size_t nc = cap ? cap * 2 : 64;
			lk_customer *nv = realloc(v, nc * sizeof *nv);
			if (!nv) {
				ret = lk_error_set(LK_ENOMEM, "monitor: out of memory listing customers");
				break;
			}
			v = nv;
			cap = nc;
		}
		if ((ret = lk_mon__read_customer(st, &v[len])) < 0)
			break;
		len++;
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = lk_store__sqlerr(s, rc, "listing customers");
	sqlite3_finalize(st);
	if (ret < 0) {
		lk_customers_free(v, len);
		return ret;
	}
	*out = v;
	*n = len;
	return 0;
}

int lk_customer_to_entity(const lk_customer *c, lk_arena *a, lk_entity **out)
{
	char native[32];
	snprintf(native, sizeof native, "%lld", (long long)c->id);
	lk_entity *e = lk_entity_new(a, c->schema, "customers", "cust", native);
	if (!e)
		return lk_error_set(LK_ENOMEM, "monitor: out of memory");
	int ret = lk_entity_add(e, a, LK_PROP_NAME, c->name, NULL);
	for (size_t i = 0; ret == 0 && i < c->naliases; i++)
		ret = lk_entity_add(e, a, LK_PROP_ALIAS, c->aliases[i], NULL);
	if (ret == 0 && *c->dob)
		ret = lk_entity_add_date(e, a, LK_PROP_BIRTH_DATE, c->dob, NULL, false);
	if (ret == 0 && *c->country)
		ret = lk_entity_add_country(e, a,
		                            c->schema == LK_SCHEMA_PERSON ? LK_PROP_NATIONALITY
		                                                          : LK_PROP_COUNTRY,
		                            c->country, NULL);
	if (ret == 0 && *c->ident)
		ret = lk_entity_add(e, a,
		                    c->schema == LK_SCHEMA_VESSEL && lk_imo_valid(c->ident)
		                        ? LK_PROP_IMO_NUMBER
		                        : LK_PROP_ID_NUMBER,
		                    c->ident, NULL);
	if (ret < 0)
		return ret;
	*out = e;
	return 0;
}
