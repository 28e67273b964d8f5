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

#include <stdlib.h>
#include <string.h>

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
		int src = lk_match_screen(&r, ix, &q);
		if (src == LK_ENOMEM) {
			*rc = src;
			json_decref(res);
			json_decref(j);
			return NULL;
		}
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

int lk_scan_payments_json(lk_buf *out, const lk_index *ix, const char *data, size_t len,
                          const char *name, lk_payment_format format, const lk_scan_options *o,
                          lk_scan_payment_stats *stats)
{
	lk_scan_options d;
	lk_scan_payment_stats st = {0, 0, 0};
	lk_payment_reader *rd = NULL;
	lk_payment *p = NULL;
	o = options(o, &d);
	int rc = lk_payment_reader_new(&rd, data, len, name, format);
	if (rc)
		return rc;
	json_t *doc = json_object(), *msgs = json_array(), *errs = json_array();
	p = malloc(sizeof *p);
	if (!doc || !msgs || !errs || !p) {
		rc = lk_error_set(LK_ENOMEM, "scan: out of memory");
		goto done;
	}
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
		json_array_append_new(msgs, x);
		st.messages++;
		st.hits += hit;
	}
	json_object_set_new(doc, "messages", msgs);
	json_object_set_new(doc, "errors", errs);
	msgs = errs = NULL;
	json_object_set_new(doc, "stats",
	                    json_pack("{s:I,s:I,s:I,s:I}", "messages", (json_int_t)st.messages,
	                              "hits", (json_int_t)st.hits, "clear",
	                              (json_int_t)(st.messages - st.hits), "errors",
	                              (json_int_t)st.errors));
	rc = lk_scan__dump(doc, out);
	doc = NULL;
	if (stats)
		*stats = st;
done:
	json_decref(doc);
	json_decref(msgs);
	json_decref(errs);
	free(p);
	lk_payment_reader_free(rd);
	return rc;
}
