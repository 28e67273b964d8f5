/*
 * respond.c - building responses: JSON bodies, errors in one shape, query-string arguments,
 * the request body as JSON, and the audit hook for writes.
 *
 * Every error is {"error": {"status": 400, "code": "invalid_json", "message": "..."}} with
 * a message that says what was wrong and where, so that a client's log line is enough.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

#if defined(__has_include)
#if __has_include("lookout/audit.h")
#include "lookout/audit.h"
#define SRV_HAVE_AUDIT 1
#endif
#endif

void srv_json(srv_req *r, int status, json_t *v)
{
	char *text;

	if (!v) {
		srv_error(r, 500, "out_of_memory", "out of memory building the response");
		return;
	}
	text = json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(6));
	json_decref(v);
	if (!text) {
		srv_error(r, 500, "out_of_memory", "out of memory building the response");
		return;
	}
	lk_buf_clear(&r->out);
	if (lk_buf_puts(&r->out, text) < 0 || lk_buf_putc(&r->out, '\n') < 0) {
		free(text);
		srv_error(r, 500, "out_of_memory", "out of memory building the response");
		return;
	}
	free(text);
	r->status = status;
	r->ctype = "application/json";
}

void srv_error(srv_req *r, int status, const char *code, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	json_t *v;
	char *text = NULL;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* the message may quote input: json_string refuses invalid UTF-8, so fall back */
	json_t *m = json_string(msg);

	if (!m)
		m = json_string("(the message quoted invalid UTF-8)");
	v = json_pack("{s:{s:i,s:s,s:o}}", "error", "status", status, "code", code, "message", m);
	if (v)
		text = json_dumps(v, JSON_COMPACT);
	json_decref(v);
	lk_buf_clear(&r->out);
	if (text) {
		lk_buf_puts(&r->out, text);
		lk_buf_putc(&r->out, '\n');
		free(text);
	}
	r->status = status;
	r->ctype = "application/json";
	r->cache_control = NULL;
}

void srv_lk_error(srv_req *r, int rc)
{
	const char *msg = lk_error_last()->message[0] ? lk_error_last()->message : lk_strerror(rc);

	switch (rc) {
	case LK_EINVALID:
	case LK_EENCODING:
	case LK_EFORMAT:
	case LK_EUSAGE:
	case LK_ETRUNCATED:
		srv_error(r, 400, "invalid_request", "%s", msg);
		break;
	case LK_ETOOBIG:
		srv_error(r, 413, "too_large", "%s", msg);
		break;
	case LK_ENOTFOUND:
		srv_error(r, 404, "not_found", "%s", msg);
		break;
	case LK_EBUSY:
		srv_error(r, 503, "busy", "%s", msg);
		break;
	default:
		srv_error(r, 500, "internal", "%s", msg);
	}
}

const char *srv_arg(srv_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

bool srv_arg_int(srv_req *r, const char *name, long def, long min, long max, long *out)
{
	const char *v = srv_arg(r, name);
	char *end = NULL;
	long n;

	*out = def;
	if (!v || !*v)
		return true;
	n = strtol(v, &end, 10);
	if (*end || n < min || n > max) {
		srv_error(r, 400, "invalid_parameter", "'%s' must be an integer from %ld to %ld",
		          name, min, max);
		return false;
	}
	*out = n;
	return true;
}

json_t *srv_body_json(srv_req *r)
{
	json_error_t err;
	json_t *v;

	if (r->body.len == 0) {
		srv_error(r, 400, "invalid_json", "the request needs a JSON body");
		return NULL;
	}
	v = json_loadb(r->body.ptr, r->body.len, JSON_REJECT_DUPLICATES, &err);
	if (!v) {
		srv_error(r, 400, "invalid_json", "the body is not valid JSON: %s (line %d, column %d)",
		          err.text, err.line, err.column);
		return NULL;
	}
	if (!json_is_object(v)) {
		json_decref(v);
		srv_error(r, 400, "invalid_json", "the body must be a JSON object");
		return NULL;
	}
	return v;
}

void srv_audit(srv_state *s, srv_req *r, const char *action, const char *subject,
               json_t *detail)
{
#ifdef SRV_HAVE_AUDIT
	lk_store *store = srv_store(r);
	char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char actor[32];
	int64_t id = 0;

	snprintf(actor, sizeof actor, "key:%s", r->key_id[0] ? r->key_id : "anonymous");
	if (store && lk_audit_append(store, action, actor, subject, text ? text : "{}", &id) < 0)
		fprintf(stderr, "lookout serve: audit: %s\n", lk_error_last()->message);
	free(text);
#else
	(void)s;
	(void)r;
	(void)action;
	(void)subject;
#endif
	json_decref(detail);
}
