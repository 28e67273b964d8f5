/*
 * api_scan.c - POST /scan/text and POST /scan/payment: the scanners of `lookout scan-text`
 * and `lookout scan-payment` over HTTP (include/lookout/scan.h, docs/SCANNING.md). Both run on
 * a worker with the request's reference to the current index.
 */
#include <stdlib.h>
#include <string.h>

#include "api_query.h"
#include "server.h"

/* Options common to both: schema, threshold, explain, from a JSON object or the query
 * string. false after setting a 400 response. */
static bool scan_options(srv_req *r, json_t *obj, lk_scan_options *o)
{
	json_t *v;
	const char *a;

	*o = (lk_scan_options)LK_SCAN_OPTIONS_INIT;
	v = json_object_get(obj, "schema");
	a = v ? json_string_value(v) : srv_arg(r, "schema");
	if ((v && !json_is_string(v)) || (a && strcmp(a, "Any") != 0 && !srv_schema(a, &o->schema))) {
		srv_error(r, 400, "invalid_query", "'schema' must be a schema name (Person, Vessel, ...)");
		return false;
	}
	v = json_object_get(obj, "threshold");
	a = srv_arg(r, "threshold");
	if (v || a) {
		double t = v ? json_number_value(v) : strtod(a, NULL);
		if ((v && !json_is_number(v)) || t < 0 || t > 1) {
			srv_error(r, 400, "invalid_query", "'threshold' must be a number from 0 to 1");
			return false;
		}
		o->threshold = t;
	}
	v = json_object_get(obj, "explain");
	a = srv_arg(r, "explain");
	if (v && !json_is_boolean(v)) {
		srv_error(r, 400, "invalid_query", "'explain' must be true or false");
		return false;
	}
	o->explain = v ? json_is_true(v) : a && strcmp(a, "true") == 0;
	return true;
}

/* Answer with the JSON document in b (released). */
static void reply(srv_req *r, int rc, lk_buf *b)
{
	if (rc < 0)
		srv_lk_error(r, rc);
	else
		srv_json(r, 200, json_loadb(b->ptr ? b->ptr : "", b->len, 0, NULL));
	lk_buf_dispose(b);
}

/* POST /scan/text {"text": "...", "schema"?, "threshold"?, "explain"?} */
void api_scan_text(srv_state *s, srv_req *r)
{
	json_t *body = srv_body_json(r), *text;
	lk_scan_options o;
	lk_index *ix;
	lk_buf b;

	(void)s;
	if (!body)
		return;
	text = json_object_get(body, "text");
	if (!json_is_string(text)) {
		srv_error(r, 400, "invalid_query", "'text' must be a string");
		goto done;
	}
	if (!scan_options(r, body, &o) || !(ix = srv_need_index(r)))
		goto done;
	lk_buf_init(&b, 0);
	reply(r, lk_scan_text_json(&b, ix, json_string_value(text), json_string_length(text), &o),
	      &b);
done:
	json_decref(body);
}

/* POST /scan/payment: the body is one or more MT103 messages or a pacs.008 document;
 * ?schema=, ?threshold=, ?explain=true as options. Malformed messages are listed under
 * "errors" (the others are screened), so the status is 200 whenever the body was read. */
void api_scan_payment(srv_state *s, srv_req *r)
{
	lk_scan_options o;
	lk_index *ix;
	lk_buf b;

	(void)s;
	if (!scan_options(r, NULL, &o) || !(ix = srv_need_index(r)))
		return;
	lk_buf_init(&b, 0);
	reply(r, lk_scan_payments_json(&b, ix, r->body.ptr ? r->body.ptr : "", r->body.len,
	                               "request", LK_PAYMENT_FORMAT_AUTO, &o, NULL),
	      &b);
}
