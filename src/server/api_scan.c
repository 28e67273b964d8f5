/*
 * api_scan.c - scanning over HTTP, mounted when the library has it (scan.h): POST /scan/text
 * finds listed parties mentioned in free text; POST /scan/payment screens the parties and
 * free-text fields of SWIFT MT103 or ISO 20022 pacs.008 messages. The JSON is the library's
 * (lk_scan_text_json, lk_scan_payments_json), the same as `lookout scan-text --json`.
 */
#include "server.h"

#ifdef SRV_HAVE_SCAN

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api_query.h"
#include "lookout/scan.h"

/* Options from the query string: threshold, dataset, schema, explain. false after a 4xx. */
static bool scan_options(srv_state *s, srv_req *r, lk_scan_options *o, srv_query *ds)
{
	const char *th = srv_arg(r, "threshold"), *schema = srv_arg(r, "schema");
	const char *ex = srv_arg(r, "explain"), *dataset = srv_arg(r, "dataset");

	memset(ds, 0, sizeof *ds);
	if (th && *th) {
		char *end = NULL;

		o->threshold = strtod(th, &end);
		if (*end || !(o->threshold >= 0 && o->threshold <= 1)) {
			srv_error(r, 400, "invalid_parameter", "'threshold' must be a number from 0 to 1");
			return false;
		}
	}
	if (schema && *schema && !srv_schema(schema, &o->schema)) {
		srv_error(r, 400, "unknown_schema", "unknown schema '%.64s'", schema);
		return false;
	}
	o->explain = ex && (strcmp(ex, "true") == 0 || strcmp(ex, "1") == 0);
	if (!srv_dataset(s, r, dataset && *dataset ? dataset : "default", ds))
		return false;
	o->sources = ds->q.sources;
	o->nsources = ds->q.nsources;
	return true;
}

/* Send the library's JSON document in b (taking it). */
static void send_buf(srv_req *r, lk_buf *b)
{
	lk_buf_dispose(&r->out);
	r->out = *b;
	lk_buf_init(b, 0);
	r->status = 200;
	r->ctype = "application/json";
}

void api_scan_text(srv_state *s, srv_req *r)
{
	lk_scan_options o = LK_SCAN_OPTIONS_INIT;
	const char *ct = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Content-Type");
	const char *text = r->body.ptr ? r->body.ptr : "";
	size_t len = r->body.len;
	json_t *body = NULL;
	srv_query ds;
	lk_index *ix;
	lk_buf b;
	int rc;

	if (!scan_options(s, r, &o, &ds))
		return;
	/* JSON {"text": "..."} or the text itself (text/plain and anything else) */
	if (ct && strncasecmp(ct, "application/json", 16) == 0) {
		json_t *t;

		if (!(body = srv_body_json(r)))
			return;
		t = json_object_get(body, "text");
		if (!json_is_string(t)) {
			srv_error(r, 400, "invalid_request", "the body needs \"text\": a string");
			goto done;
		}
		text = json_string_value(t);
		len = json_string_length(t);
	}
	if (!(ix = srv_need_index(r)))
		goto done;
	lk_buf_init(&b, 0);
	rc = lk_scan_text_json(&b, ix, text, len, &o);
	if (rc < 0)
		srv_lk_error(r, rc);
	else
		send_buf(r, &b);
	lk_buf_dispose(&b);
done:
	json_decref(body);
}

void api_scan_payment(srv_state *s, srv_req *r)
{
	lk_scan_options o = LK_SCAN_OPTIONS_INIT;
	const char *fmt = srv_arg(r, "format");
	lk_payment_format f = LK_PAYMENT_FORMAT_AUTO;
	srv_query ds;
	lk_index *ix;
	lk_buf b;
	int rc;

	if (!scan_options(s, r, &o, &ds))
		return;
	if (fmt && *fmt) {
		if (strcasecmp(fmt, "mt103") == 0)
			f = LK_PAYMENT_FORMAT_MT103;
		else if (strcasecmp(fmt, "pacs008") == 0 || strcasecmp(fmt, "pacs.008") == 0)
			f = LK_PAYMENT_FORMAT_PACS008;
		else if (strcasecmp(fmt, "auto") != 0) {
			srv_error(r, 400, "invalid_parameter", "'format' must be mt103, pacs008 or auto");
			return;
		}
	}
	if (r->body.len == 0) {
		srv_error(r, 400, "invalid_request", "the body must hold MT103 or pacs.008 messages");
		return;
	}
	if (!(ix = srv_need_index(r)))
		return;
	lk_buf_init(&b, 0);
	rc = lk_scan_payments_json(&b, ix, r->body.ptr, r->body.len, "request body", f, &o, NULL);
	if (rc < 0)
		srv_lk_error(r, rc);
	else
		send_buf(r, &b);
	lk_buf_dispose(&b);
}

#endif
