/*
 * xml_util.c - safe, streaming XML reading for the list parsers (see xml_util.h).
 *
 * libxml2's text reader gives us a pull parser with bounded memory; each record element is
 * expanded into a small subtree, read, and skipped. Security: no network (XML_PARSE_NONET), no
 * entity substitution, no DTD loading, and any DOCTYPE is refused outright, which also stops
 * "billion laughs" entity-expansion bombs before any expansion happens. Errors from libxml2 are
 * caught by a structured handler and reported with the input's path and line.
 */
#include "xml_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void on_error(void *arg, xmlErrorPtr err)
{
	lk_xml *x = arg;
	if (!err || err->level < XML_ERR_ERROR || x->failed)
		return;
	x->failed = 1;
	x->errline = err->line;
	snprintf(x->errmsg, sizeof x->errmsg, "%s", err->message ? err->message : "XML error");
	size_t n = strlen(x->errmsg);
	while (n && (x->errmsg[n - 1] == '\n' || x->errmsg[n - 1] == ' '))
		x->errmsg[--n] = 0;
}

int lk_xml__open(lk_xml *x, const lk_input *in, const char *parser)
{
	memset(x, 0, sizeof *x);
	x->in = in;
	x->parser = parser;
	int opts = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT;
	if (in->data)
		x->reader = xmlReaderForMemory(in->data, (int)(in->len > 0x7fffffff ? 0x7fffffff : in->len),
		                               in->path, NULL, opts);
	else
		x->reader = xmlReaderForFile(in->path, NULL, opts);
	if (!x->reader)
		return lk_error_set_at(LK_EIO, in->path, 0, -1, "%s: cannot open XML input", parser);
	xmlTextReaderSetStructuredErrorHandler(x->reader, on_error, x);
	return 0;
}

int lk_xml__open_root(lk_xml *x, const lk_input *in, const char *parser, const char *root)
{
	memset(x, 0, sizeof *x);
	x->in = in;
	x->parser = parser;
	if (in->size == 0)
		return lk_error_set_at(LK_EINVALID, in->path, 0, -1, "%s: empty file", parser);
	int rc = lk_xml__open(x, in, parser);
	if (rc < 0)
		return rc;
	rc = lk_xml__next_element(x);
	if (rc == 0)
		rc = lk_xml__fail(x, LK_EINVALID, "no root element (empty document)");
	else if (rc > 0 && strcmp(lk_xml__name(x), root) != 0)
		rc = lk_xml__fail(x, LK_EFORMAT, "root element is <%s>, expected <%s>",
		                  lk_xml__name(x), root);
	if (rc < 0) {
		lk_xml__close(x);
		return rc;
	}
	return 0;
}

void lk_xml__close(lk_xml *x)
{
	if (x->reader)
		xmlFreeTextReader(x->reader);
	x->reader = NULL;
}

long lk_xml__line(lk_xml *x)
{
	return x->reader ? xmlTextReaderGetParserLineNumber(x->reader) : 0;
}

int lk_xml__fail(lk_xml *x, int code, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	long line = x->failed && x->errline > 0 ? x->errline : lk_xml__line(x);
	return lk_error_set_at(code, x->in->path, line, -1, "%s: %s", x->parser, msg);
}

/* Turn a libxml2 failure into our error, with a hint for the common cases. */
static int parse_failure(lk_xml *x)
{
	const char *m = x->failed ? x->errmsg : "malformed XML";
	int code = LK_EINVALID;
	if (strstr(m, "Premature end") || strstr(m, "EndTag") || strstr(m, "not finished") ||
	    strstr(m, "end of data"))
		code = LK_ETRUNCATED;
	if (strstr(m, "encoding") || strstr(m, "UTF-8") || strstr(m, "Char 0x"))
		code = LK_EENCODING;
	if (code == LK_ETRUNCATED)
		return lk_xml__fail(x, code, "%s (the file is truncated or malformed)", m);
	return lk_xml__fail(x, code, "%s", m);
}

int lk_xml__next_element(lk_xml *x)
{
	for (;;) {
		int r = xmlTextReaderRead(x->reader);
		if (r < 0 || x->failed)
			return parse_failure(x);
		if (r == 0) {
			if (x->failed)
				return parse_failure(x);
			return 0;
		}
		int t = xmlTextReaderNodeType(x->reader);
		if (t == XML_READER_TYPE_DOCUMENT_TYPE)
			return lk_xml__fail(x, LK_EINVALID,
			                    "DOCTYPE declarations are not accepted "
			                    "(they can carry entity-expansion attacks)");
		if (t == XML_READER_TYPE_ENTITY_REFERENCE)
			return lk_xml__fail(x, LK_EINVALID, "undeclared or external entity reference");
		if (t == XML_READER_TYPE_ELEMENT)
			return 1;
	}
}

const char *lk_xml__name(lk_xml *x)
{
	const xmlChar *n = xmlTextReaderConstLocalName(x->reader);
	return n ? (const char *)n : "";
}

xmlNodePtr lk_xml__expand(lk_xml *x)
{
	xmlNodePtr n = xmlTextReaderExpand(x->reader);
	if (!n || x->failed) {
		parse_failure(x);
		return NULL;
	}
	return n;
}

int lk_xml__skip(lk_xml *x)
{
	int r = xmlTextReaderNext(x->reader);
	if (r < 0 || x->failed)
		return parse_failure(x);
	if (r == 0)
		return 0;
	if (xmlTextReaderNodeType(x->reader) == XML_READER_TYPE_ELEMENT)
		return 1;
	return lk_xml__next_element(x);
}

/* The records[] entry equal to name, or NULL. */
static const char *record_name(const char *name, const char *const *records, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(name, records[i]) == 0)
			return records[i];
	return NULL;
}

int lk_xml__each(lk_xml *x, lk_list *l, const char *const *records, size_t nrecords,
                 int (*fn)(void *ctx, xmlNodePtr node, const char *name), void *ctx)
{
	int r = lk_xml__next_element(x);
	while (r == 1) {
		const char *name = record_name(lk_xml__name(x), records, nrecords);
		if (!name) {
			r = lk_xml__next_element(x);
			continue;
		}
		xmlNodePtr node = lk_xml__expand(x);
		if (!node)
			return lk_error_last()->code < 0 ? lk_error_last()->code : LK_EINVALID;
		int rc = fn(ctx, node, name);
		if (rc < 0)
			return rc;
		if (rc == 0)
			lk_list__progress(l, (uint64_t)xmlTextReaderByteConsumed(x->reader));
		r = lk_xml__skip(x);
	}
	return r;
}

static bool is_named(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->name && strcmp((const char *)n->name, name) == 0;
}

xmlNodePtr lk_xml__child(xmlNodePtr n, const char *name)
{
	if (!n)
		return NULL;
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (is_named(c, name))
			return c;
	return NULL;
}

xmlNodePtr lk_xml__next_same(xmlNodePtr c)
{
	if (!c)
		return NULL;
	for (xmlNodePtr s = c->next; s; s = s->next)
		if (is_named(s, (const char *)c->name))
			return s;
	return NULL;
}

static char *trimmed_copy(lk_arena *a, const char *s)
{
	if (!s)
		return NULL;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return n ? lk_arena_strndup(a, s, n) : NULL;
}

char *lk_xml__text(lk_arena *a, xmlNodePtr n)
{
	if (!n)
		return NULL;
	xmlChar *t = xmlNodeGetContent(n);
	if (!t)
		return NULL;
	char *r = trimmed_copy(a, (const char *)t);
	xmlFree(t);
	return r;
}

char *lk_xml__child_text(lk_arena *a, xmlNodePtr n, const char *name)
{
	return lk_xml__text(a, lk_xml__child(n, name));
}

char *lk_xml__attr(lk_arena *a, xmlNodePtr n, const char *name)
{
	if (!n)
		return NULL;
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	if (!v)
		return NULL;
	char *r = trimmed_copy(a, (const char *)v);
	xmlFree(v);
	return r;
}
