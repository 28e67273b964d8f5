/*
 * cli_output.c - how `lookout` writes: JSON documents for scripts (jansson), aligned tables
 * for people, and a progress bar on stderr.
 *
 * Tables align by display width, not bytes: list names come in Cyrillic, Arabic, Hangul and
 * Han, and a byte count would push every row with a non-Latin name out of line. The progress
 * bar is drawn only when stderr is a terminal, so that logs and pipes never get carriage
 * returns; it is allowed together with --json because the JSON goes to stdout.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* ---- JSON ---- */

int cli_json_print(json_t *v)
{
	int rc = 0;

	if (!v)
		return lk_error_set(LK_ENOMEM, "out of memory building JSON output");
	if (json_dumpf(v, stdout, JSON_INDENT(2)) != 0 || fputc('\n', stdout) == EOF)
		rc = lk_error_set(LK_EIO, "cannot write JSON to standard output");
	json_decref(v);
	return rc;
}

json_t *cli_json_by_schema(const size_t counts[LK_SCHEMA__COUNT])
{
	json_t *o = json_object();

	for (int s = 0; o && s < LK_SCHEMA__COUNT; s++) {
		if (counts[s])
			json_object_set_new(o, lk_schema_name((lk_schema)s),
			                    json_integer((json_int_t)counts[s]));
	}
	return o;
}

void cli_json_set_str(json_t *obj, const char *key, const char *s)
{
	json_object_set_new(obj, key, (s && s[0]) ? json_string(s) : json_null());
}

json_t *cli_json_version(const lk_version_info *v)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	json_object_set_new(o, "source", json_string(v->source));
	json_object_set_new(o, "version", json_integer(v->id));
	json_object_set_new(o, "active", json_boolean(v->active));
	json_object_set_new(o, "format", json_string(v->format));
	json_object_set_new(o, "hash", json_string(v->hash));
	cli_json_set_str(o, "imported_at", v->imported_at);
	cli_json_set_str(o, "published", v->published);
	json_object_set_new(o, "entities", json_integer((json_int_t)v->entities));
	json_object_set_new(o, "by_schema", cli_json_by_schema(v->by_schema));
	json_object_set_new(o, "names", json_integer((json_int_t)v->names));
	json_object_set_new(o, "warnings", json_integer((json_int_t)v->nwarnings));
	json_object_set_new(o, "sanctions", json_boolean(v->sanctions));
	return o;
}

/* ---- versions (lists show, lists versions) ---- */

static int print_versions_json(const char *source, const lk_version_info *vs, size_t n)
{
	json_t *o = json_object();
	json_t *arr = json_array();

	if (!o || !arr) {
		json_decref(o);
		json_decref(arr);
		return cli_json_print(NULL);
	}
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, cli_json_version(&vs[i]));
	if (source)
		json_object_set_new(o, "source", json_string(source));
	json_object_set_new(o, source ? "versions" : "sources", arr);
	return cli_json_print(o);
}

/* history: one source's versions (ACTIVE and WARNINGS columns) rather than one version of
 * each source (SOURCE column). */
static int print_versions_table(bool history, const lk_version_info *vs, size_t n)
{
	cli_table t;
	int rc;

	cli_table_init(&t, 10, 0);
	if (history)
		cli_table_addv(&t, "VERSION", "ACTIVE", "FORMAT", "HASH", "IMPORTED", "PUBLISHED",
		               "ENTITIES", "NAMES", "WARNINGS", "SCHEMAS");
	else
		cli_table_addv(&t, "SOURCE", "VERSION", "FORMAT", "SANCTIONS", "HASH", "IMPORTED",
		               "PUBLISHED", "ENTITIES", "NAMES", "SCHEMAS");
	for (size_t i = 0; i < n; i++) {
		const lk_version_info *v = &vs[i];
		char id[24], ents[24], names[24], warns[24], hash[13], schemas[256];
		const char *cells[10];
		size_t c = 0;

		snprintf(id, sizeof(id), "%lld", (long long)v->id);
		snprintf(ents, sizeof(ents), "%zu", v->entities);
		snprintf(names, sizeof(names), "%zu", v->names);
		snprintf(warns, sizeof(warns), "%zu", v->nwarnings);
		if (!history)
			cells[c++] = v->source;
		cells[c++] = id;
		if (history)
			cells[c++] = v->active ? "*" : "";
		cells[c++] = v->format;
		if (!history)
			cells[c++] = v->sanctions ? "yes" : "-";
		cells[c++] = cli_short_hash(v->hash, hash);
		cells[c++] = v->imported_at;
		cells[c++] = v->published[0] ? v->published : "-";
		cells[c++] = ents;
		cells[c++] = names;
		if (history)
			cells[c++] = warns;
		cells[c++] = cli_schema_summary(v->by_schema, schemas, sizeof(schemas));
		cli_table_add(&t, cells);
	}
	rc = cli_table_print(&t, stdout);
	cli_table_dispose(&t);
	return rc;
}

int cli_print_versions(bool json, const char *source, const lk_version_info *vs, size_t n)
{
	return json ? print_versions_json(source, vs, n)
	            : print_versions_table(source != NULL, vs, n);
}

/* ---- display width ---- */

/* Terminal columns of one code point: 0 for combining marks, 2 for East Asian wide. */
static int cp_width(uint32_t cp)
{
	if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F))
		return 0;
	if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
	    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	    (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD))
		return 2;
	return 1;
}

size_t cli_display_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0;

	while (*p) {
		uint32_t cp;
		int extra;

		if (*p < 0x80) {
			cp = *p;
			extra = 0;
		} else if ((*p & 0xE0) == 0xC0) {
			cp = *p & 0x1F;
			extra = 1;
		} else if ((*p & 0xF0) == 0xE0) {
			cp = *p & 0x0F;
			extra = 2;
		} else if ((*p & 0xF8) == 0xF0) {
			cp = *p & 0x07;
			extra = 3;
		} else {
			/* a stray byte: count it as one column and move on */
			p++;
			w++;
			continue;
		}
		p++;
		while (extra > 0 && (*p & 0xC0) == 0x80) {
			cp = (cp << 6) | (*p & 0x3F);
			p++;
			extra--;
		}
		w += (size_t)cp_width(cp);
	}
	return w;
}

/* ---- tables ---- */

void cli_table_init(cli_table *t, size_t ncols, size_t max_width)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols;
	t->max_width = max_width;
}

void cli_table_dispose(cli_table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}

void cli_table_add(cli_table *t, const char *const *cells)
{
	if (t->failed)
		return;
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		char **grown = realloc(t->cells, cap * t->ncols * sizeof(*grown));

		if (!grown) {
			t->failed = true;
			return;
		}
		t->cells = grown;
		t->cap = cap;
	}
	for (size_t c = 0; c < t->ncols; c++) {
		char *copy = strdup(cells[c] ? cells[c] : "");

		if (!copy)
			t->failed = true;
		t->cells[t->nrows * t->ncols + c] = copy;
	}
	t->nrows++;
}

void cli_table_addv(cli_table *t, ...)
{
	const char *cells[16];
	va_list ap;

	if (t->ncols > LK_ARRAY_SIZE(cells)) {
		t->failed = true;
		return;
	}
	va_start(ap, t);
	for (size_t c = 0; c < t->ncols; c++)
		cells[c] = va_arg(ap, const char *);
	va_end(ap);
	cli_table_add(t, cells);
}

int cli_table_print(const cli_table *t, FILE *f)
{
	size_t widths[16] = {0};

	if (t->failed || t->ncols > LK_ARRAY_SIZE(widths))
		return lk_error_set(LK_ENOMEM, "out of memory building a table");
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const char *cell = t->cells[r * t->ncols + c];
			size_t w = cell ? cli_display_width(cell) : 0;

			if (t->max_width && w > t->max_width)
				w = t->max_width;
			if (w > widths[c])
				widths[c] = w;
		}
	}
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const char *cell = t->cells[r * t->ncols + c];
			size_t w;

			cell = cell ? cell : "";
			fputs(cell, f);
			if (c + 1 == t->ncols)
				break;
			w = cli_display_width(cell);
			for (; w < widths[c]; w++)
				fputc(' ', f);
			fputs("  ", f);
		}
		fputc('\n', f);
	}
	return 0;
}

/* ---- progress ---- */

enum { BAR_WIDTH = 30 };

void cli_progress_init(cli_progress *p, const cli_ctx *ctx, const char *label)
{
	memset(p, 0, sizeof(*p));
	p->enabled = !ctx->quiet && isatty(STDERR_FILENO);
	p->label = label;
	p->last_permille = -1;
}

void cli_progress_update(void *ctx, uint64_t done, uint64_t total)
{
	cli_progress *p = ctx;
	char bar[BAR_WIDTH + 1];
	int permille;
	int filled;

	if (!p->enabled || total == 0)
		return;
	if (done > total)
		done = total;
	permille = (int)(done * 1000 / total);
	/* redraw at most once per percent: terminals are slow and imports are fast */
	if (p->last_permille >= 0 && permille / 10 == p->last_permille / 10)
		return;
	p->last_permille = permille;
	filled = permille * BAR_WIDTH / 1000;
	for (int i = 0; i < BAR_WIDTH; i++)
		bar[i] = i < filled ? '#' : '.';
	bar[BAR_WIDTH] = '\0';
	fprintf(stderr, "\r%s [%s] %3d%%  %.1f/%.1f MiB", p->label ? p->label : "", bar,
	        permille / 10, (double)done / 1048576.0, (double)total / 1048576.0);
	fflush(stderr);
	p->drawn = true;
}

void cli_progress_status(cli_progress *p, const char *fmt, ...)
{
	va_list ap;

	if (!p->enabled)
		return;
	fputs("\r\033[K", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fflush(stderr);
	p->drawn = true;
}

void cli_progress_done(cli_progress *p)
{
	if (p->drawn) {
		/* carriage return and erase to the end of the line */
		fputs("\r\033[K", stderr);
		fflush(stderr);
		p->drawn = false;
	}
}
