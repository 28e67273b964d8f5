/*
 * config.c - where the official lists are published (the built-in table), and the sources
 * file that changes it: limits, locations, files, sources switched off.
 *
 * The sources file is read from a configuration the operator writes, but it is still input:
 * the parser checks every name, number and length, keeps to fixed-size fields and never
 * reads past `len` (it has a fuzz target, fuzz/fuzz_fetch_config.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lookout/error.h"
#include "lookout/fetch.h"

#define OFAC_EXPORTS "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"

/* The official publication points (see /work/shared/data/README.md and each publisher's
 * page). The EU file needs a token in its URL; the one below is the public token the EU's
 * own download page uses. The local names are what the files are stored and hashed under;
 * they are distinct across sources so that one mirror directory can serve all of them. */
static const struct {
	const char *source;
	const char *name;
	const char *url;
	bool optional;
} builtin[] = {
	{"un_sc", "consolidated.xml", "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
	 false},
	{"ofac_sdn", "sdn.csv", OFAC_EXPORTS "SDN.CSV", false},
	{"ofac_sdn", "add.csv", OFAC_EXPORTS "ADD.CSV", false},
	{"ofac_sdn", "alt.csv", OFAC_EXPORTS "ALT.CSV", false},
	{"ofac_sdn", "sdn_comments.csv", OFAC_EXPORTS "SDN_COMMENTS.CSV", true},
	{"ofac_cons", "cons_prim.csv", OFAC_EXPORTS "CONS_PRIM.CSV", false},
	{"ofac_cons", "cons_add.csv", OFAC_EXPORTS "CONS_ADD.CSV", false},
	{"ofac_cons", "cons_alt.csv", OFAC_EXPORTS "CONS_ALT.CSV", false},
	{"ofac_cons", "cons_comments.csv", OFAC_EXPORTS "CONS_COMMENTS.CSV", true},
	{"eu_fsf", "eu_fsf.xml",
	 "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/"
	 "content?token=dG9rZW4tMjAxNw",
	 false},
	{"uk_hmt", "ConList.csv",
	 "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv", false},
};

/* Source and file names: letters, digits, '_', '-', '.', not starting with '.'. They become
 * path components of the temporary directory and appear in URLs. */
static bool name_ok(const char *s, size_t n)
{
	if (n == 0 || n >= LK_FETCH_NAME_MAX || s[0] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-' || c == '.'))
			return false;
	}
	return true;
}

bool lk_fetch_is_url(const char *location)
{
	return strncmp(location, "http://", 7) == 0 || strncmp(location, "https://", 8) == 0;
}

/* A location must be a URL we fetch or a path; "ftp://..." and friends are refused rather
 * than taken for a relative directory. */
static int location_ok(const char *loc, size_t n, const char *where)
{
	const char *colon = memchr(loc, ':', n);

	if (n == 0)
		return lk_error_set(LK_EINVALID, "%s: empty location", where);
	if (n >= LK_FETCH_LOCATION_MAX)
		return lk_error_set(LK_EINVALID, "%s: location longer than %d bytes", where,
		                    LK_FETCH_LOCATION_MAX - 1);
	for (size_t i = 0; i < n; i++) {
		if ((unsigned char)loc[i] < 0x20 || loc[i] == 0x7f)
			return lk_error_set(LK_EINVALID, "%s: control character in location", where);
	}
	if (colon && colon + 2 < loc + n && colon[1] == '/' && colon[2] == '/') {
		char tmp[LK_FETCH_LOCATION_MAX];

		memcpy(tmp, loc, n);
		tmp[n] = 0;
		if (!lk_fetch_is_url(tmp))
			return lk_error_set(LK_EINVALID,
			                    "%s: unsupported URL scheme in '%.*s' (http and https only)",
			                    where, (int)(colon - loc), loc);
	}
	return 0;
}

lk_fetch_source *lk_fetch_config_find(lk_fetch_config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->nsources; i++) {
		if (strcmp(cfg->sources[i].name, name) == 0)
			return &cfg->sources[i];
	}
	return NULL;
}

static lk_fetch_source *add_source(lk_fetch_config *cfg, const char *name, size_t n)
{
	char tmp[LK_FETCH_NAME_MAX];
	lk_fetch_source *src;

	memcpy(tmp, name, n);
	tmp[n] = 0;
	src = lk_fetch_config_find(cfg, tmp);
	if (src)
		return src;
	if (cfg->nsources == LK_FETCH_MAX_SOURCES)
		return NULL;
	src = &cfg->sources[cfg->nsources++];
	memset(src, 0, sizeof(*src));
	memcpy(src->name, tmp, n + 1);
	src->enabled = true;
	return src;
}

/* Join base and name into out ("BASE/NAME", one slash). */
static int join(char out[LK_FETCH_LOCATION_MAX], const char *base, const char *name)
{
	size_t n = strlen(base);
	int w = snprintf(out, LK_FETCH_LOCATION_MAX, "%s%s%s", base,
	                 n > 0 && base[n - 1] == '/' ? "" : "/", name);

	if (w < 0 || w >= LK_FETCH_LOCATION_MAX)
		return lk_error_set(LK_EINVALID, "location %s/%s is longer than %d bytes", base, name,
		                    LK_FETCH_LOCATION_MAX - 1);
	return 0;
}

static int set_base(lk_fetch_source *src, const char *base)
{
	for (size_t i = 0; i < src->nfiles; i++) {
		int rc = join(src->files[i].location, base, src->files[i].name);

		if (rc < 0)
			return rc;
	}
	return 0;
}

int lk_fetch_config_set_location(lk_fetch_config *cfg, const char *source, const char *base)
{
	int rc = location_ok(base, strlen(base), "location");

	if (rc < 0)
		return rc;
	if (source) {
		lk_fetch_source *src = lk_fetch_config_find(cfg, source);

		if (!src)
			return lk_error_set(LK_ENOTFOUND, "no source named '%s'", source);
		return set_base(src, base);
	}
	for (size_t i = 0; i < cfg->nsources; i++) {
		rc = set_base(&cfg->sources[i], base);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int lk_fetch_config_new(lk_fetch_config **out)
{
	lk_fetch_config *cfg = calloc(1, sizeof(*cfg));

	*out = NULL;
	if (!cfg)
		return lk_error_set(LK_ENOMEM, "out of memory");
	cfg->max_bytes = (uint64_t)512 << 20;
	cfg->timeout_s = 600;
	cfg->connect_timeout_s = 30;
	cfg->max_drop = 0.10;
	for (size_t i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++) {
		lk_fetch_source *src = add_source(cfg, builtin[i].source, strlen(builtin[i].source));
		lk_fetch_file *f = &src->files[src->nfiles++];

		snprintf(f->name, sizeof(f->name), "%s", builtin[i].name);
		snprintf(f->location, sizeof(f->location), "%s", builtin[i].url);
		f->optional = builtin[i].optional;
	}
	*out = cfg;
	return 0;
}

void lk_fetch_config_free(lk_fetch_config *cfg)
{
	free(cfg);
}

/* ---- the sources file ---- */

typedef struct parser {
	lk_fetch_config *cfg;
	const char *name;
	long line;
	lk_fetch_source *section; /* NULL: the global part */
	bool section_has_files;   /* the section's first `file` line replaces the old files */
} parser;

static int perr(const parser *p, const char *fmt, const char *a, int alen)
{
	char msg[256];

	snprintf(msg, sizeof(msg), fmt, alen, a);
	if (p->line == 0) /* a single setting (lk_fetch_config_set) */
		return lk_error_set(LK_EINVALID, "%s", msg);
	return lk_error_set_at(LK_EINVALID, p->name, p->line, -1, "%s", msg);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static void trim(const char **s, size_t *n)
{
	while (*n > 0 && is_space(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_space((*s)[*n - 1]))
		(*n)--;
}

static bool eq(const char *s, size_t n, const char *lit)
{
	return n == strlen(lit) && memcmp(s, lit, n) == 0;
}

/* An unsigned number with an optional K/M/G suffix (binary), at most 2^40. */
static bool parse_size(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0, mul = 1;
	size_t i = 0;

	if (n > 0 && (s[n - 1] == 'K' || s[n - 1] == 'k' || s[n - 1] == 'M' || s[n - 1] == 'm' ||
	              s[n - 1] == 'G' || s[n - 1] == 'g')) {
		char c = s[n - 1];

		mul = (c == 'K' || c == 'k') ? 1024u : (c == 'M' || c == 'm') ? 1u << 20 : 1u << 30;
		n--;
	}
	if (n == 0 || n > 13)
		return false;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v == 0 || v > ((uint64_t)1 << 40) / mul)
		return false;
	*out = v * mul;
	return true;
}

static bool parse_seconds(const char *s, size_t n, long *out)
{
	long v = 0;

	if (n == 0 || n > 6)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	if (v <= 0)
		return false;
	*out = v;
	return true;
}

/* "10%", "12.5%" or "0.1": a share in [0, 1]. */
static bool parse_share(const char *s, size_t n, double *out)
{
	char tmp[32];
	char *end = NULL;
	bool pct = false;
	double v;

	if (n > 0 && s[n - 1] == '%') {
		pct = true;
		n--;
	}
	if (n == 0 || n >= sizeof(tmp))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
			return false;
	}
	memcpy(tmp, s, n);
	tmp[n] = 0;
	errno = 0;
	v = strtod(tmp, &end);
	if (errno || end != tmp + n)
		return false;
	if (pct)
		v /= 100.0;
	if (!(v >= 0.0 && v <= 1.0))
		return false;
	*out = v;
	return true;
}

static int do_file(parser *p, const char *v, size_t vn)
{
	lk_fetch_source *src = p->section;
	const char *sp;
	const char *name = v, *loc;
	size_t nn, ln;
	bool optional = false;
	lk_fetch_file *f;
	int rc;

	if (!src)
		return perr(p, "'file' outside a [source NAME] section%.*s", "", 0);
	sp = v;
	while (sp < v + vn && !is_space(*sp))
		sp++;
	nn = (size_t)(sp - v);
	loc = sp;
	ln = vn - nn;
	trim(&loc, &ln);
	if (nn > 0 && name[nn - 1] == '?') {
		optional = true;
		nn--;
	}
	if (!name_ok(name, nn))
		return perr(p, "invalid file name '%.*s'", name, (int)nn);
	if (ln == 0)
		return perr(p, "file '%.*s' has no location", name, (int)nn);
	rc = location_ok(loc, ln, "file");
	if (rc < 0)
		return lk_error_set_at(LK_EINVALID, p->name, p->line, -1, "%s",
		                       lk_error_last()->message);
	if (!p->section_has_files) {
		src->nfiles = 0;
		p->section_has_files = true;
	}
	for (size_t i = 0; i < src->nfiles; i++) {
		if (eq(name, nn, src->files[i].name))
			return perr(p, "file '%.*s' given twice", name, (int)nn);
	}
	if (src->nfiles == LK_FETCH_MAX_FILES)
		return perr(p, "more than 8 files in source '%.*s'", src->name, (int)strlen(src->name));
	f = &src->files[src->nfiles++];
	memset(f, 0, sizeof(*f));
	memcpy(f->name, name, nn);
	memcpy(f->location, loc, ln);
	f->optional = optional;
	return 0;
}

static int do_setting(parser *p, const char *k, size_t kn, const char *v, size_t vn)
{
	lk_fetch_config *cfg = p->cfg;

	if (eq(k, kn, "file"))
		return do_file(p, v, vn);
	if (eq(k, kn, "location")) {
		char tmp[LK_FETCH_LOCATION_MAX];
		int rc = location_ok(v, vn, "location");

		if (rc < 0)
			return lk_error_set_at(LK_EINVALID, p->name, p->line, -1, "%s",
			                       lk_error_last()->message);
		memcpy(tmp, v, vn);
		tmp[vn] = 0;
		if (p->section)
			rc = set_base(p->section, tmp);
		else
			rc = lk_fetch_config_set_location(cfg, NULL, tmp);
		if (rc < 0)
			return lk_error_set_at(LK_EINVALID, p->name, p->line, -1, "%s",
			                       lk_error_last()->message);
		return 0;
	}
	if (eq(k, kn, "enabled")) {
		if (!p->section)
			return perr(p, "'enabled' outside a [source NAME] section%.*s", "", 0);
		if (eq(v, vn, "yes") || eq(v, vn, "true") || eq(v, vn, "1"))
			p->section->enabled = true;
		else if (eq(v, vn, "no") || eq(v, vn, "false") || eq(v, vn, "0"))
			p->section->enabled = false;
		else
			return perr(p, "enabled: expected yes or no, got '%.*s'", v, (int)vn);
		return 0;
	}
	if (p->section)
		return perr(p, "'%.*s' is not a source setting (file, location, enabled)", k, (int)kn);
	if (eq(k, kn, "max-size")) {
		if (!parse_size(v, vn, &cfg->max_bytes))
			return perr(p, "max-size: expected a size such as 256M, got '%.*s'", v, (int)vn);
	} else if (eq(k, kn, "timeout")) {
		if (!parse_seconds(v, vn, &cfg->timeout_s))
			return perr(p, "timeout: expected seconds (1-999999), got '%.*s'", v, (int)vn);
	} else if (eq(k, kn, "connect-timeout")) {
		if (!parse_seconds(v, vn, &cfg->connect_timeout_s))
			return perr(p, "connect-timeout: expected seconds, got '%.*s'", v, (int)vn);
	} else if (eq(k, kn, "max-drop")) {
		if (!parse_share(v, vn, &cfg->max_drop))
			return perr(p, "max-drop: expected a share such as 10%% or 0.1, got '%.*s'", v,
			            (int)vn);
	} else {
		return perr(p, "unknown setting '%.*s'", k, (int)kn);
	}
	return 0;
}

static int do_line(parser *p, const char *s, size_t n)
{
	const char *hash = memchr(s, '#', n);
	const char *eqs;

	if (hash)
		n = (size_t)(hash - s);
	trim(&s, &n);
	if (n == 0)
		return 0;
	if (s[0] == '[') {
		const char *name;
		size_t nn;

		if (s[n - 1] != ']' || n < 9 || memcmp(s, "[source", 7) != 0 || !is_space(s[7]))
			return perr(p, "expected a section '[source NAME]', got '%.*s'", s, (int)n);
		name = s + 8;
		nn = n - 9;
		trim(&name, &nn);
		if (!name_ok(name, nn))
			return perr(p, "invalid source name '%.*s'", name, (int)nn);
		p->section = add_source(p->cfg, name, nn);
		if (!p->section)
			return perr(p, "more than 32 sources%.*s", "", 0);
		p->section_has_files = false;
		return 0;
	}
	eqs = memchr(s, '=', n);
	if (!eqs)
		return perr(p, "expected 'key = value', got '%.*s'", s, (int)(n > 80 ? 80 : n));
	{
		const char *k = s, *v = eqs + 1;
		size_t kn = (size_t)(eqs - s), vn = n - kn - 1;

		trim(&k, &kn);
		trim(&v, &vn);
		if (vn == 0)
			return perr(p, "'%.*s' has no value", k, (int)kn);
		return do_setting(p, k, kn, v, vn);
	}
}

int lk_fetch_config_parse(lk_fetch_config *cfg, const char *name, const char *data, size_t len)
{
	parser p = {cfg, name ? name : "sources", 0, NULL, false};
	size_t i = 0;

	while (i < len) {
		const char *nl = memchr(data + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (data + i)) : len - i;
		int rc;

		p.line++;
		if (memchr(data + i, '\0', n))
			return lk_error_set_at(LK_EINVALID, p.name, p.line, -1, "NUL byte in line");
		rc = do_line(&p, data + i, n);
		if (rc < 0)
			return rc;
		i += n + (nl ? 1 : 0);
	}
	for (size_t k = 0; k < cfg->nsources; k++) {
		if (cfg->sources[k].nfiles == 0)
			return lk_error_set(LK_EINVALID, "%s: source '%s' has no 'file' line", p.name,
			                    cfg->sources[k].name);
	}
	return 0;
}

int lk_fetch_config_load(lk_fetch_config *cfg, const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n;
	int rc;

	if (!f)
		return lk_error_set(LK_EIO, "%s: cannot open: %s", path, strerror(errno));
	buf = malloc((1u << 20) + 1);
	if (!buf) {
		fclose(f);
		return lk_error_set(LK_ENOMEM, "out of memory");
	}
	n = fread(buf, 1, (1u << 20) + 1, f);
	if (ferror(f)) {
		rc = lk_error_set(LK_EIO, "%s: read error", path);
	} else if (n > (1u << 20)) {
		rc = lk_error_set(LK_ETOOBIG, "%s: a sources file is at most 1 MiB", path);
	} else {
		rc = lk_fetch_config_parse(cfg, path, buf, n);
	}
	fclose(f);
	free(buf);
	return rc;
}

int lk_fetch_config_set(lk_fetch_config *cfg, const char *key, const char *value)
{
	parser p = {cfg, key, 0, NULL, false};
	const char *v = value;
	size_t vn = strlen(value);

	trim(&v, &vn);
	if (eq(key, strlen(key), "file") || eq(key, strlen(key), "enabled") || vn == 0)
		return lk_error_set(LK_EINVALID, "%s: not a global setting, or no value", key);
	return do_setting(&p, key, strlen(key), v, vn);
}
