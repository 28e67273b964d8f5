/*
 * import.c - importing a customer file (CSV with a header, or JSON lines) into the customer
 * base: rows upserted by ref in batches, each batch one transaction with its audit records;
 * bad rows reported with their row number and skipped; with `full`, the customers the file
 * does not name are marked removed once the whole file has been read.
 *
 * A kill at any point loses at most the batch in flight (nothing of it is written), and
 * importing the same file again completes the import: upserts of unchanged rows write nothing.
 */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "lookout/csv.h"
#include "lookout/error.h"
#include "monitor/monitor_int.h"

#define MAX_LINE (4u << 20)

enum { COL_REF, COL_NAME, COL_SCHEMA, COL_DOB, COL_COUNTRY, COL_ID, COL_ALIASES, NCOLS };
static const char *const col_names[NCOLS] = {"ref", "name", "schema", "dob", "country", "id",
                                             "aliases"};

typedef struct importer {
	lk_store *s;
	const lk_customer_import_opts *o;
	lk_customer_import_result *r;
	upsert_stmts u;
	sqlite3_stmt *seen;     /* INSERT OR IGNORE INTO temp.lk_seen */
	size_t in_batch, batch;
	bool open;
	bool own;
} importer;

static void report(importer *im, size_t row, const char *msg)
{
	im->r->bad++;
	if (im->o->bad_row)
		im->o->bad_row(im->o->ctx, row, msg);
}

static int batch_begin(importer *im)
{
	if (im->open)
		return 0;
	int ret = lk_store__tx_open(im->s, "lk_cimport", &im->own);
	if (ret == 0)
		im->open = true;
	return ret;
}

static int batch_end(importer *im, int ret)
{
	if (!im->open)
		return ret;
	im->open = false;
	im->in_batch = 0;
	return lk_store__tx_close(im->s, "lk_cimport", im->own, ret);
}

static int mark_seen(importer *im, const char *ref)
{
	if (!im->seen || !ref || !*ref)
		return 0;
	sqlite3_bind_text(im->seen, 1, ref, -1, SQLITE_STATIC);
	return lk_mon__step_done(im->s, im->seen, "recording a ref");
}

/* Upsert one parsed row; a row the checks refuse is reported, not an error. */
static int one_row(importer *im, size_t row, const lk_customer_in *c)
{
	int ret;
	im->r->rows++;
	if ((ret = batch_begin(im)) < 0)
		return ret;
	if ((ret = mark_seen(im, c->ref)) < 0)
		return ret;
	if (lk_customer_check(c) < 0) {
		report(im, row, lk_error_last()->message);
		return 0;
	}
	lk_upsert_change ch;
	if ((ret = lk_mon__upsert(im->s, &im->u, c, im->o->actor, &ch)) < 0)
		return ret;
	if (ch == LK_UPSERT_ADDED)
		im->r->added++;
	else if (ch == LK_UPSERT_UPDATED)
		im->r->updated++;
	else
		im->r->unchanged++;
	if (++im->in_batch >= im->batch)
		ret = batch_end(im, 0);
	return ret;
}

static char *trim(char *s)
{
	while (*s && isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

static void progress(importer *im, FILE *f, uint64_t total)
{
	if (!im->o->progress || !f)
		return;
	long pos = ftell(f);
	if (pos >= 0)
		im->o->progress(im->o->ctx, (uint64_t)pos, total);
}

/* ---- CSV ---- */

static int read_csv(importer *im, FILE *f, const char *path, uint64_t total)
{
	lk_csv_reader *rd = NULL;
	int ret = lk_csv_reader_new(&rd, f, path, NULL);
	if (ret < 0)
		return ret;
	int col[NCOLS];
	for (int i = 0; i < NCOLS; i++)
		col[i] = -1;
	ret = lk_csv_reader_next(rd);
	if (ret <= 0) {
		if (ret == 0)
			ret = lk_error_set(LK_EINVALID, "%s: empty file: expected a header row", path);
		goto done;
	}
	for (size_t i = 0; i < lk_csv_reader_nfields(rd); i++) {
		char name[64];
		snprintf(name, sizeof name, "%s", lk_csv_reader_field(rd, i, NULL));
		char *t = trim(name);
		for (int k = 0; k < NCOLS; k++)
			if (strcasecmp(t, col_names[k]) == 0 && col[k] < 0)
				col[k] = (int)i;
	}
	if (col[COL_REF] < 0 || col[COL_NAME] < 0 || col[COL_SCHEMA] < 0) {
		ret = lk_error_set(LK_EINVALID, "%s: the header row must name the columns ref, name "
		                   "and schema (optional: dob, country, id, aliases)", path);
		goto done;
	}
	char *fields[NCOLS];
	const char *aliases[LK_CUSTOMER_MAX_ALIASES + 1];
	for (size_t row = 1;; row++) {
		ret = lk_csv_reader_next(rd);
		if (ret == 0)
			break;
		if (ret == LK_EENCODING) {
			report(im, row, lk_error_last()->message);
			ret = 0;
			continue;
		}
		if (ret < 0)
			goto done;
		ret = 0;
		if (lk_csv_reader_nfields(rd) == 1 &&
		    lk_csv_reader_field(rd, 0, NULL)[0] == '\0') { /* a blank line */
			row--;
			continue;
		}
		memset(fields, 0, sizeof fields);
		for (int k = 0; k < NCOLS && ret == 0; k++) {
			if (col[k] < 0)
				continue;
			fields[k] = strdup(lk_csv_reader_field(rd, (size_t)col[k], NULL));
			if (!fields[k])
				ret = lk_error_set(LK_ENOMEM, "monitor: out of memory");
		}
		lk_customer_in c = {0};
		size_t na = 0;
		bool too_many = false;
		if (ret == 0) {
			c.ref = trim(fields[COL_REF]);
			c.name = trim(fields[COL_NAME]);
			const char *sch = trim(fields[COL_SCHEMA]);
			c.schema = lk_schema_from_name(sch);
			c.dob = fields[COL_DOB] ? trim(fields[COL_DOB]) : NULL;
			c.country = fields[COL_COUNTRY] ? trim(fields[COL_COUNTRY]) : NULL;
			c.id = fields[COL_ID] ? trim(fields[COL_ID]) : NULL;
			if (fields[COL_ALIASES]) {
				char *save = NULL;
				for (char *t = strtok_r(fields[COL_ALIASES], ";", &save); t;
				     t = strtok_r(NULL, ";", &save)) {
					t = trim(t);
					if (!*t)
						continue;
					if (na == LK_CUSTOMER_MAX_ALIASES) {
						too_many = true;
						break;
					}
					aliases[na++] = t;
				}
			}
			c.aliases = aliases;
			c.naliases = na;
			if (too_many) {
				im->r->rows++;
				(void)mark_seen(im, c.ref);
				char msg[96];
				snprintf(msg, sizeof msg, "customer: more than %d aliases",
				         LK_CUSTOMER_MAX_ALIASES);
				report(im, row, msg);
			} else {
				ret = one_row(im, row, &c);
			}
		}
		for (int k = 0; k < NCOLS; k++)
			free(fields[k]);
		if (ret < 0)
			goto done;
		if (row % 1024 == 0)
			progress(im, f, total);
	}
done:
	lk_csv_reader_free(rd);
	return ret;
}

/* ---- JSON lines ---- */

static const char *json_str(json_t *o, const char *key, bool *bad)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return NULL;
	if (json_is_string(v))
		return json_string_value(v);
	*bad = true;
	return NULL;
}

static int read_jsonl(importer *im, FILE *f, const char *path, uint64_t total)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int ret = 0;
	const char *aliases[LK_CUSTOMER_MAX_ALIASES + 1];
	size_t row = 0;
	while ((len = getline(&line, &cap, f)) >= 0) {
		row++;
		char *t = trim(line);
		if (!*t)
			continue;
		if ((size_t)len > MAX_LINE) {
			im->r->rows++;
			report(im, row, "the line is longer than 4 MiB");
			continue;
		}
		json_error_t err;
		json_t *o = json_loads(t, JSON_REJECT_DUPLICATES, &err);
		if (!json_is_object(o)) {
			im->r->rows++;
			char msg[256];
			snprintf(msg, sizeof msg, "not a JSON object: %s", o ? "another JSON value" : err.text);
			report(im, row, msg);
			json_decref(o);
			continue;
		}
		bool bad = false;
		lk_customer_in c = {0};
		c.ref = json_str(o, "ref", &bad);
		c.name = json_str(o, "name", &bad);
		const char *sch = json_str(o, "schema", &bad);
		c.schema = sch ? lk_schema_from_name(sch) : LK_SCHEMA_UNKNOWN;
		c.dob = json_str(o, "dob", &bad);
		c.country = json_str(o, "country", &bad);
		c.id = json_str(o, "id", &bad);
		json_t *al = json_object_get(o, "aliases");
		size_t na = 0;
		if (json_is_array(al)) {
			if (json_array_size(al) > LK_CUSTOMER_MAX_ALIASES)
				bad = true;
			for (size_t i = 0; !bad && i < json_array_size(al); i++) {
				const char *a = json_string_value(json_array_get(al, i));
				if (!a)
					bad = true;
				else
					aliases[na++] = a;
			}
		} else if (al && !json_is_null(al)) {
			bad = true;
		}
		c.aliases = aliases;
		c.naliases = na;
		if (bad) {
			im->r->rows++;
			(void)mark_seen(im, c.ref);
			report(im, row, "a field has the wrong type (strings, and an array of strings for "
			                "aliases, at most 64)");
		} else {
			ret = one_row(im, row, &c);
		}
		json_decref(o);
		if (ret < 0)
			break;
		if (row % 1024 == 0)
			progress(im, f, total);
	}
	if (ret == 0 && ferror(f))
		ret = lk_error_set(LK_EIO, "%s: read error: %s", path, strerror(errno));
	free(line);
	return ret;
}

/* The first non-blank byte, without consuming it. */
static int first_byte(FILE *f)
{
	int c;
	while ((c = fgetc(f)) != EOF && (isspace(c) || c == 0xEF || c == 0xBB || c == 0xBF))
		;
	rewind(f);
	return c;
}

static int remove_missing(importer *im)
{
	sqlite3_stmt *st = NULL;
	int ret = lk_mon__prepare(im->s, "SELECT ref FROM customers WHERE removed = 0 AND ref NOT IN"
	                                 " (SELECT ref FROM temp.lk_seen) ORDER BY ref", &st);
	if (ret < 0)
		return ret;
	char **refs = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **nr = realloc(refs, cap * sizeof *nr);
			if (!nr) {
				ret = lk_error_set(LK_ENOMEM, "monitor: out of memory");
				break;
			}
			refs = nr;
		}
		if (!(refs[n] = strdup(lk_mon__col(st, 0)))) {
			ret = lk_error_set(LK_ENOMEM, "monitor: out of memory");
			break;
		}
		n++;
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = lk_store__sqlerr(im->s, rc, "finding removed customers");
	sqlite3_finalize(st);
	for (size_t i = 0; i < n; i++) {
		bool done = false;
		if (ret == 0)
			ret = lk_mon__remove(im->s, refs[i], im->o->actor,
			                     "not in a full import of the customer base", &done);
		if (ret == 0 && done)
			im->r->removed++;
		free(refs[i]);
	}
	free(refs);
	return ret;
}

int lk_customers_import(lk_store *s, const char *path, const lk_customer_import_opts *opts,
                        lk_customer_import_result *result)
{
	assert(s && path);
	lk_customer_import_opts defaults = {0};
	if (!opts)
		opts = &defaults;
	lk_customer_import_result res = {0};
	importer im = {.s = s, .o = opts, .r = &res, .batch = opts->batch ? opts->batch : 5000};
	FILE *f = fopen(path, "rb");
	if (!f)
		return lk_error_set(LK_EIO, "%s: cannot open: %s", path, strerror(errno));
	struct stat sb;
	uint64_t total = fstat(fileno(f), &sb) == 0 ? (uint64_t)sb.st_size : 0;
	int ret;
	if (lk_store_in_transaction(s)) {
		fclose(f);
		return lk_error_set(LK_EUSAGE, "customers: an import runs its own transactions");
	}
	if ((ret = lk_mon__upsert_prepare(s, &im.u)) < 0)
		goto done;
	if (opts->full) {
		if ((ret = lk_store__exec(s, "CREATE TEMP TABLE IF NOT EXISTS lk_seen"
		                             " (ref TEXT PRIMARY KEY); DELETE FROM temp.lk_seen")) < 0 ||
		    (ret = lk_mon__prepare(s, "INSERT OR IGNORE INTO temp.lk_seen(ref) VALUES (?1)",
		                           &im.seen)) < 0)
			goto done;
	}
	int c = first_byte(f);
	if (c == '{')
		ret = read_jsonl(&im, f, path, total);
	else
		ret = read_csv(&im, f, path, total);
	if (ret == 0 && opts->full) {
		if ((ret = batch_begin(&im)) == 0)
			ret = remove_missing(&im);
	}
	if (ret == 0 && (ret = batch_begin(&im)) == 0) {
		const char *base = strrchr(path, '/');
		ret = lk_mon__audit(s, "customers.import", opts->actor, base ? base + 1 : path,
		                    json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:b}", "rows",
		                              (json_int_t)res.rows, "added", (json_int_t)res.added,
		                              "updated", (json_int_t)res.updated, "unchanged",
		                              (json_int_t)res.unchanged, "removed",
		                              (json_int_t)res.removed, "bad", (json_int_t)res.bad,
		                              "full", opts->full));
	}
	ret = batch_end(&im, ret);
	if (ret == 0 && opts->progress)
		opts->progress(opts->ctx, total, total);
done:
	if (im.open)
		batch_end(&im, -1);
	sqlite3_finalize(im.seen);
	lk_mon__upsert_finalize(&im.u);
	if (opts->full)
		sqlite3_exec(s->db, "DROP TABLE IF EXISTS temp.lk_seen", NULL, NULL, NULL);
	fclose(f);
	if (result)
		*result = res;
	return ret;
}
