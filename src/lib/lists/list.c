/*
 * list.c - lk_list_parse(): from paths to one parsed list version.
 *
 * Expands directories, detects each file's format from its content, checks that the files
 * form one list (one format; for OFAC CSV, one file per role), hashes them in a fixed order so
 * that identical input always has the identical hash, and dispatches to the format's parser.
 * Also holds the small helpers parsers use to add entities, warnings and progress.
 */
#include "parse_int.h"
#include "lookout/buf.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define HEAD_BYTES 65536
#define DEFAULT_MAX_ARENA ((size_t)1 << 30)

/* The public lk_list plus private parsing state; every lk_list is one of these. */
typedef struct list_priv {
	lk_list pub;
	const lk_parse_opts *opts;
	bool source_given;
	uint64_t total;
	uint64_t last_report;
} list_priv;

static list_priv *priv(lk_list *l)
{
	return (list_priv *)l;
}

static int add_string(lk_list *l, char ***arr, size_t *n, size_t *cap, const char *s)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		char **p = lk_arena_grow(l->arena, *arr, *n, nc, sizeof *p);
		if (!p)
			return lk_error_last()->code;
		*arr = p;
		*cap = nc;
	}
	char *c = lk_arena_strdup(l->arena, s);
	if (!c)
		return lk_error_last()->code;
	(*arr)[(*n)++] = c;
	return 0;
}

lk_entity *lk_list__add_entity(lk_list *l, lk_schema schema, const char *id_prefix,
                               const char *native_id)
{
	if (l->count == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 1024;
		lk_entity **p = lk_arena_grow(l->arena, l->entities, l->count, nc, sizeof *p);
		if (!p)
			return NULL;
		l->entities = p;
		l->cap = nc;
	}
	lk_entity *e = lk_entity_new(l->arena, schema, l->source, id_prefix, native_id);
	if (!e)
		return NULL;
	l->entities[l->count++] = e;
	return e;
}

int lk_list__warn(lk_list *l, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* A pathological input must not produce millions of warnings. */
	if (l->nwarnings == 1000)
		return add_string(l, &l->warnings, &l->nwarnings, &l->cap_warnings,
		                  "further warnings suppressed");
	if (l->nwarnings > 1000)
		return 0;
	return add_string(l, &l->warnings, &l->nwarnings, &l->cap_warnings, msg);
}

void lk_list__progress(lk_list *l, uint64_t done)
{
	list_priv *p = priv(l);
	if (!p->opts || !p->opts->progress)
		return;
	if (done - p->last_report < 256 * 1024 && done < p->total)
		return;
	p->last_report = done;
	p->opts->progress(p->opts->progress_ctx, done, p->total);
}

int lk_list__set_source(lk_list *l, const char *name)
{
	if (priv(l)->source_given || l->count > 0 || !name || !*name)
		return 0;
	char *s = lk_arena_strdup(l->arena, name);
	if (!s)
		return lk_error_last()->code;
	l->source = s;
	return 0;
}

int lk_list__set_published(lk_list *l, const char *iso)
{
	char *s = lk_arena_strdup(l->arena, iso);
	if (!s)
		return lk_error_last()->code;
	l->published = s;
	return 0;
}

FILE *lk_input__open(const lk_input *in)
{
	FILE *f;
	if (in->data)
		f = in->len ? fmemopen((void *)in->data, in->len, "rb") : fopen("/dev/null", "rb");
	else
		f = fopen(in->path, "rb");
	if (!f)
		lk_error_set_at(LK_EIO, in->path, 0, -1, "cannot open: %s", strerror(errno));
	return f;
}

void lk_list_free(lk_list *list)
{
	if (!list)
		return;
	lk_arena_free(list->arena);
	free(priv(list));
}

static list_priv *list_new(const lk_parse_opts *opts)
{
	list_priv *p = calloc(1, sizeof *p);
	if (!p) {
		lk_error_set(LK_ENOMEM, "out of memory");
		return NULL;
	}
	p->opts = opts;
	p->pub.arena = lk_arena_new(opts && opts->max_bytes ? opts->max_bytes : DEFAULT_MAX_ARENA);
	if (!p->pub.arena) {
		free(p);
		lk_error_set(LK_ENOMEM, "out of memory");
		return NULL;
	}
	return p;
}

static int set_source(list_priv *p, lk_format fmt, const lk_input *const *ins, size_t n)
{
	lk_list *l = &p->pub;
	const char *src = p->opts && p->opts->source && *p->opts->source ? p->opts->source : NULL;
	p->source_given = src != NULL;
	if (!src) {
		src = lk_format_default_source(fmt);
		/* OFAC publishes the SDN list and the consolidated non-SDN list in the same formats;
		 * the file names are the only thing telling them apart (cons_prim.csv,
		 * consolidated.xml). The format itself is still detected from content. */
		if (fmt == LK_FORMAT_OFAC_CSV || fmt == LK_FORMAT_OFAC_XML)
			for (size_t i = 0; i < n; i++)
				if (strncmp(ins[i]->name, "cons", 4) == 0 ||
				    strstr(ins[i]->name, "nonsdn") || strstr(ins[i]->name, "consolidated"))
					src = "ofac_cons";
	}
	l->source = lk_arena_strdup(l->arena, src);
	l->format = fmt;
	return l->source ? 0 : lk_error_last()->code;
}

static int dispatch(list_priv *p, lk_input *const *ins, size_t n)
{
	lk_list *l = &p->pub;
	int rc = 0;
	if (l->format == LK_FORMAT_OFAC_CSV)
		return lk_lists__parse_ofac_csv(l, (const lk_input *const *)ins, n);
	if (n != 1)
		return lk_error_set(LK_EFORMAT, "%s: one file per list version expected, got %zu "
		                    "(import them separately)", lk_format_name(l->format), n);
	const lk_input *in = ins[0];
	switch (l->format) {
	case LK_FORMAT_UN_XML: rc = lk_lists__parse_un_xml(l, in); break;
	case LK_FORMAT_OFAC_XML: rc = lk_lists__parse_ofac_xml(l, in); break;
	case LK_FORMAT_EU_XML_LEGACY: rc = lk_lists__parse_eu_xml_legacy(l, in); break;
	case LK_FORMAT_EU_XML: rc = lk_lists__parse_eu_xml(l, in); break;
	case LK_FORMAT_EU_CSV: rc = lk_lists__parse_eu_csv(l, in); break;
	case LK_FORMAT_UK_CSV: rc = lk_lists__parse_uk_csv(l, in); break;
	case LK_FORMAT_FTM_JSON: rc = lk_lists__parse_ftm_json(l, in); break;
	default:
		rc = lk_error_set_at(LK_EFORMAT, in->path, 0, -1, "unrecognised list format");
	}
	return rc;
}

/* Finish a parse: an input that yielded nothing is not a list. */
static int check_nonempty(lk_list *l, lk_input *const *ins, size_t n)
{
	if (l->count > 0)
		return 0;
	return lk_error_set_at(LK_EINVALID, n ? ins[0]->path : "", 0, -1,
	                       "%s: no entities found", lk_format_name(l->format));
}

int lk_list_parse_buffer(lk_list **out, lk_format format, const char *name, const char *data,
                         size_t len, const lk_parse_opts *opts)
{
	*out = NULL;
	list_priv *p = list_new(opts);
	if (!p)
		return LK_ENOMEM;
	lk_input in = {.path = name, .name = name, .data = data ? data : "", .len = len,
	               .size = len, .format = format, .role = LK_OFAC_PRIMARY};
	lk_input *ins[1] = {&in};
	const lk_input *cins[1] = {&in};
	int rc;
	if (format == LK_FORMAT_OFAC_CSV)
		lk_format_detect(data ? data : "", len < HEAD_BYTES ? len : HEAD_BYTES, &in.role);
	if (in.role == LK_OFAC_NONE)
		in.role = LK_OFAC_PRIMARY;
	p->total = len;
	if ((rc = set_source(p, format, cins, 1)) || (rc = dispatch(p, ins, 1)) ||
	    (rc = check_nonempty(&p->pub, ins, 1)))
		goto fail;
	lk_sha256_hex(p->pub.hash, data ? data : "", len);
	*out = &p->pub;
	return 0;
fail:
	lk_list_free(&p->pub);
	return rc;
}

/* ---- paths to inputs ---- */

typedef struct input_set {
	lk_input *items;
	size_t n, cap;
} input_set;

static void inputs_free(input_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		free((char *)s->items[i].path);
	free(s->items);
}

static int inputs_add(input_set *s, const char *path, uint64_t size)
{
	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 8;
		lk_input *p = realloc(s->items, nc * sizeof *p);
		if (!p)
			return lk_error_set(LK_ENOMEM, "out of memory");
		s->items = p;
		s->cap = nc;
	}
	char *copy = strdup(path);
	if (!copy)
		return lk_error_set(LK_ENOMEM, "out of memory");
	lk_input *in = &s->items[s->n++];
	memset(in, 0, sizeof *in);
	in->path = copy;
	const char *slash = strrchr(copy, '/');
	in->name = slash ? slash + 1 : copy;
	in->size = size;
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	const lk_input *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : strcmp(x->path, y->path);
}

static int expand_dir(input_set *s, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return lk_error_set_at(LK_EIO, dir, 0, -1, "cannot open directory: %s",
		                       strerror(errno));
	struct dirent *de;
	int rc = 0;
	lk_buf path = LK_BUF_INIT;
	lk_buf_init(&path, 8192);
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue; /* hidden files, ".", ".." */
		lk_buf_clear(&path);
		if ((rc = lk_buf_printf(&path, "%s/%s", dir, de->d_name)))
			break;
		struct stat st;
		if (stat(path.ptr, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		const char *n = de->d_name;
		size_t nl = strlen(n);
		/* Documentation that travels with downloaded sets is not part of the list. */
		if ((nl > 3 && strcmp(n + nl - 3, ".md") == 0) ||
		    (nl > 4 && strcmp(n + nl - 4, ".txt") == 0) || strncmp(n, "README", 6) == 0 ||
		    strncmp(n, "LICENSE", 7) == 0)
			continue;
		if ((rc = inputs_add(s, path.ptr, (uint64_t)st.st_size)))
			break;
	}
	lk_buf_dispose(&path);
	closedir(d);
	return rc;
}

static int read_head(lk_input *in, char *buf, size_t cap, size_t *n)
{
	FILE *f = fopen(in->path, "rb");
	if (!f)
		return lk_error_set_at(LK_EIO, in->path, 0, -1, "cannot open: %s", strerror(errno));
	*n = fread(buf, 1, cap, f);
	int err = ferror(f);
	fclose(f);
	if (err)
		return lk_error_set_at(LK_EIO, in->path, 0, -1, "read error");
	return 0;
}

static int hash_inputs(lk_list *l, input_set *s)
{
	lk_sha256 h;
	lk_sha256_init(&h);
	l->files = lk_arena_alloc(l->arena, s->n * sizeof *l->files);
	if (!l->files)
		return lk_error_last()->code;
	unsigned char *buf = malloc(1 << 16);
	if (!buf)
		return lk_error_set(LK_ENOMEM, "out of memory");
	int rc = 0;
	for (size_t i = 0; i < s->n && !rc; i++) {
		lk_input *in = &s->items[i];
		unsigned char sz[8];
		for (int k = 0; k < 8; k++)
			sz[k] = (unsigned char)(in->size >> (56 - 8 * k));
		lk_sha256_update(&h, in->name, strlen(in->name) + 1);
		lk_sha256_update(&h, sz, 8);
		FILE *f = fopen(in->path, "rb");
		if (!f) {
			rc = lk_error_set_at(LK_EIO, in->path, 0, -1, "cannot open: %s", strerror(errno));
			break;
		}
		size_t k;
		uint64_t total = 0;
		while ((k = fread(buf, 1, 1 << 16, f)) > 0) {
			lk_sha256_update(&h, buf, k);
			total += k;
		}
		if (ferror(f) || total != in->size)
			rc = lk_error_set_at(LK_EIO, in->path, 0, -1,
			                     "read error (file changed while reading?)");
		fclose(f);
		if (!rc && !(l->files[l->nfiles++] = lk_arena_strdup(l->arena, in->path)))
			rc = lk_error_last()->code;
	}
	free(buf);
	if (rc)
		return rc;
	unsigned char d[LK_SHA256_LEN];
	lk_sha256_final(&h, d);
	lk_hex(l->hash, d, sizeof d);
	return 0;
}

int lk_list_parse(lk_list **out, const char *const *paths, size_t npaths,
                  const lk_parse_opts *opts)
{
	*out = NULL;
	input_set s = {0};
	list_priv *p = NULL;
	lk_input **ins = NULL;
	char *head = NULL;
	int rc = 0;
	bool from_dir = false;

	if (npaths == 0)
		return lk_error_set(LK_EUSAGE, "no input files given");
	for (size_t i = 0; i < npaths; i++) {
		struct stat st;
		if (stat(paths[i], &st) != 0) {
			rc = lk_error_set_at(LK_EIO, paths[i], 0, -1, "%s", strerror(errno));
			goto done;
		}
		if (S_ISDIR(st.st_mode)) {
			from_dir = true;
			if ((rc = expand_dir(&s, paths[i])))
				goto done;
		} else if ((rc = inputs_add(&s, paths[i], (uint64_t)st.st_size))) {
			goto done;
		}
	}
	if (s.n == 0) {
		rc = lk_error_set_at(LK_EINVALID, paths[0], 0, -1, "no list files found");
		goto done;
	}
	qsort(s.items, s.n, sizeof *s.items, cmp_name);

	head = malloc(HEAD_BYTES);
	if (!head) {
		rc = lk_error_set(LK_ENOMEM, "out of memory");
		goto done;
	}
	lk_format fmt = LK_FORMAT_UNKNOWN;
	size_t kept = 0;
	for (size_t i = 0; i < s.n; i++) {
		lk_input *in = &s.items[i];
		size_t n = 0;
		if ((rc = read_head(in, head, HEAD_BYTES, &n)))
			goto done;
		if (n == 0) {
			rc = lk_error_set_at(LK_EINVALID, in->path, 0, 0, "the file is empty");
			goto done;
		}
		in->format = lk_format_detect(head, n, &in->role);
		if (in->format == LK_FORMAT_UNKNOWN) {
			if (from_dir && s.n > 1) {
				free((char *)in->path);
				continue; /* stray files in a downloaded folder */
			}
			rc = lk_error_set_at(LK_EFORMAT, in->path, 1, -1,
			                     "unrecognised list format (not UN XML, OFAC CSV/XML, EU "
			                     "XML/CSV, UK CSV or FollowTheMoney JSON)");
			goto done;
		}
		if (fmt != LK_FORMAT_UNKNOWN && in->format != fmt) {
			rc = lk_error_set_at(LK_EFORMAT, in->path, 0, -1,
			                     "is %s but %s is %s: one list version per import",
			                     lk_format_name(in->format), s.items[0].path,
			                     lk_format_name(fmt));
			/* Keep the already-kept ones and the rest (all freed by inputs_free). */
			size_t total = s.n;
			free((char *)in->path);
			for (size_t j = i + 1; j < total; j++)
				s.items[kept++] = s.items[j];
			s.n = kept;
			goto done;
		}
		fmt = in->format;
		s.items[kept++] = *in;
	}
	s.n = kept;
	if (s.n == 0) {
		rc = lk_error_set_at(LK_EFORMAT, paths[0], 0, -1, "no recognisable list files found");
		goto done;
	}
	if (fmt == LK_FORMAT_OFAC_CSV) {
		for (size_t i = 0; i < s.n; i++)
			for (size_t j = i + 1; j < s.n; j++)
				if (s.items[i].role == s.items[j].role) {
					rc = lk_error_set_at(LK_EFORMAT, s.items[j].path, 0, -1,
					                     "same role as %s: one OFAC set per import",
					                     s.items[i].name);
					goto done;
				}
	}

	if (!(p = list_new(opts))) {
		rc = LK_ENOMEM;
		goto done;
	}
	ins = calloc(s.n, sizeof *ins);
	if (!ins) {
		rc = lk_error_set(LK_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < s.n; i++) {
		ins[i] = &s.items[i];
		p->total += s.items[i].size;
	}
	if ((rc = hash_inputs(&p->pub, &s)) ||
	    (rc = set_source(p, fmt, (const lk_input *const *)ins, s.n)) ||
	    (rc = dispatch(p, ins, s.n)) || (rc = check_nonempty(&p->pub, ins, s.n)))
		goto done;
	if (opts && opts->progress)
		opts->progress(opts->progress_ctx, p->total, p->total);
	*out = &p->pub;
	p = NULL;
done:
	if (p)
		lk_list_free(&p->pub);
	free(ins);
	free(head);
	inputs_free(&s);
	return rc;
}

void lk_list_count_schemas(const lk_list *list, size_t counts[LK_SCHEMA__COUNT])
{
	memset(counts, 0, sizeof(size_t) * LK_SCHEMA__COUNT);
	for (size_t i = 0; i < list->count; i++)
		counts[list->entities[i]->schema]++;
}

size_t lk_list_count_names(const lk_list *list)
{
	size_t n = 0;
	for (size_t i = 0; i < list->count; i++) {
		const lk_entity *e = list->entities[i];
		for (size_t j = 0; j < e->nvalues; j++)
			if (lk_prop_kind_of(e->values[j].prop) == LK_KIND_NAME)
				n++;
	}
	return n;
}

const lk_entity *lk_list_find_native(const lk_list *list, const char *native_id)
{
	for (size_t i = 0; i < list->count; i++)
		if (list->entities[i]->native_id && strcmp(list->entities[i]->native_id, native_id) == 0)
			return list->entities[i];
	return NULL;
}
