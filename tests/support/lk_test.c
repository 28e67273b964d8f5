/*
 * lk_test.c - shared test helpers (see lk_test.h).
 */
#include "lk_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

static char rot[8][4096];
static int rot_i;

static const char *join(const char *base, const char *rel)
{
	char *b = rot[rot_i++ % 8];
	snprintf(b, sizeof(rot[0]), "%s/%s", base, rel);
	return b;
}

const char *lk_test_data(const char *rel)
{
	const char *d = getenv("LOOKOUT_DATA");
	return join(d && *d ? d : "../shared/data", rel);
}

const char *lk_test_fixture(const char *rel)
{
	const char *d = getenv("LOOKOUT_FIXTURES");
	return join(d && *d ? d : "tests/fixtures", rel);
}

/* The index of the lists at paths[0..n) (resolved paths), or NULL if one does not parse. */
static lk_index *index_of(const char *const *paths, int n)
{
	lk_list *lists[4] = {NULL, NULL, NULL, NULL};
	lk_index *ix = NULL;
	bool ok = n <= 4;
	for (int i = 0; i < n && ok; i++)
		ok = lk_list_parse(&lists[i], &paths[i], 1, NULL) == 0;
	if (ok && lk_index_build_from_lists(&ix, (const lk_list *const *)lists, (size_t)n) != 0)
		ix = NULL;
	for (int i = 0; i < n && i < 4; i++)
		lk_list_free(lists[i]);
	return ix;
}

lk_index *lk_test_acceptance_index(void)
{
	const char *paths[3] = {lk_test_data("lists/un/un_consolidated_20260227.xml"),
	                        lk_test_data("lists/ofac/sdn-2024-05-03/sdn.csv"),
	                        lk_test_data("lists/uk/hmt_ofsi_ConList_20180413.csv")};
	return index_of(paths, 3);
}

void lk_test_strs_push(lk_test_strs *s, char *x)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = realloc(s->v, s->cap * sizeof *s->v);
		assert_non_null(s->v);
	}
	s->v[s->n++] = x;
}

void lk_test_strs_free(lk_test_strs *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	*s = (lk_test_strs){0};
}

uint64_t lk_test_rand(uint64_t *state)
{
	uint64_t x = *state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *state = x;
}

lk_index *lk_test_ix;

int lk_test_acceptance_setup(void **state)
{
	(void)state;
	lk_test_ix = lk_test_acceptance_index();
	return lk_test_ix ? 0 : -1;
}

int lk_test_acceptance_teardown(void **state)
{
	(void)state;
	lk_index_unref(lk_test_ix);
	lk_test_ix = NULL;
	return 0;
}

lk_index *lk_test_scripts_index(void)
{
	const char *paths[3] = {lk_test_data("lists/un/un_consolidated_20260227.xml"),
	                        lk_test_data("lists/ofac/cons-2025-12-19"),
	                        lk_test_fixture("lists/ftm_scripts.json")};
	return index_of(paths, 3);
}

size_t lk_test_put_utf8(char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	o[0] = (char)(0xE0 | (cp >> 12));
	o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[2] = (char)(0x80 | (cp & 0x3F));
	return 3;
}

char *lk_test_tmpdir(void)
{
	const char *t = getenv("TMPDIR");
	char tmpl[4096];
	snprintf(tmpl, sizeof tmpl, "%s/lookout-test-XXXXXX", t && *t ? t : "/tmp");
	char *p = mkdtemp(tmpl);
	assert_non_null(p);
	return strdup(p);
}

void lk_test_rmtree(const char *path)
{
	if (!path || !*path || strcmp(path, "/") == 0)
		return;
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
	int rc = system(cmd);
	(void)rc;
}

void lk_test_write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

char *lk_test_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = 0;
	fclose(f);
	if (len)
		*len = (size_t)n;
	return buf;
}

void lk_test_copy_prefix(const char *src, const char *dst, size_t len)
{
	size_t n;
	char *data = lk_test_read_file(src, &n);
	if (len > n)
		len = n;
	lk_test_write_file(dst, data, len);
	free(data);
}

int lk_test_run_cli(char **out, const char *env, const char *args_fmt, ...)
{
	char args[8192], cmd[9000];
	va_list ap;
	va_start(ap, args_fmt);
	vsnprintf(args, sizeof args, args_fmt, ap);
	va_end(ap);
	const char *bin = getenv("LOOKOUT_BIN");
	snprintf(cmd, sizeof cmd, "%s %s %s", env ? env : "", bin && *bin ? bin : "build/lookout", args);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t cap = 65536, len = 0;
	char *buf = malloc(cap);
	assert_non_null(buf);
	size_t k;
	while ((k = fread(buf + len, 1, cap - len - 1, p)) > 0) {
		len += k;
		if (cap - len < 4096) {
			cap *= 2;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
	}
	buf[len] = 0;
	int st = pclose(p);
	if (out)
		*out = buf;
	else
		free(buf);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

lk_scan_result *lk_test_scan(const char *text)
{
	lk_scan_result *r = NULL;
	if (lk_scan_text(&r, lk_test_ix, text, strlen(text), NULL) != 0)
		fail_msg("scan: %s", lk_error_last()->message);
	return r;
}

void lk_test_expect_same_scan(const lk_scan_result *a, const lk_scan_result *b,
                              const char *what)
{
	if (a->count != b->count)
		fail_msg("%s: %zu mentions cached, %zu uncached", what, a->count, b->count);
	for (size_t i = 0; i < a->count; i++) {
		const lk_scan_mention *x = &a->mentions[i], *y = &b->mentions[i];
		if (x->start != y->start || x->end != y->end || x->how != y->how ||
		    strcmp(x->query, y->query) != 0 || x->nresults != y->nresults)
			fail_msg("%s: mention %zu differs: %zu-%zu \"%s\" (%zu results) cached, "
			         "%zu-%zu \"%s\" (%zu) uncached",
			         what, i, x->start, x->end, x->query, x->nresults, y->start, y->end,
			         y->query, y->nresults);
		for (size_t k = 0; k < x->nresults; k++) {
			const lk_match_result *p = &x->results[k], *q = &y->results[k];
			if (p->entity != q->entity || p->score != q->score || p->match != q->match ||
			    p->explanation.name_score != q->explanation.name_score)
				fail_msg("%s: mention %zu result %zu differs: %s %.3f cached, %s %.3f uncached",
				         what, i, k, p->entity->id, p->score, q->entity->id, q->score);
		}
	}
	const lk_scan_stats *s = &a->stats, *t = &b->stats;
	if (s->words != t->words || s->name_words != t->name_words || s->spans != t->spans ||
	    s->screened != t->screened || s->mentions != t->mentions || s->bytes != t->bytes)
		fail_msg("%s: stats differ: words %zu/%zu name words %zu/%zu spans %zu/%zu "
		         "screened %zu/%zu",
		         what, s->words, t->words, s->name_words, t->name_words, s->spans, t->spans,
		         s->screened, t->screened);
}
