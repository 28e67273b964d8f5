/*
 * monitor_fixture.h - what the monitor's tests share: the OFAC 2019 and 2021 sets, a customer
 * file of yente benchmark negatives seeded with variants of real list names, and forward
 * screening the way a user would do it (lk_match_screen), to compare the monitor's alerts with.
 *
 * Seeds: variants ("First Last" for "LAST, First", title case) of OFAC entities in three
 * groups: listed in 2019 and still in 2021 (stable), listed in 2019 and removed by 2021
 * (removed), and added between 2019 and 2021 (added). Only variants that forward screening
 * matches with their entity are used, and only negatives that match nothing in either
 * version, so that every alert has a known reason to exist.
 */
#ifndef LK_TESTS_MONITOR_FIXTURE_H
#define LK_TESTS_MONITOR_FIXTURE_H

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_test.h"

#define MF_STABLE 20
#define MF_REMOVED 6
#define MF_ADDED 24
#define MF_SEEDS (MF_STABLE + MF_REMOVED + MF_ADDED)

typedef struct mf_seed {
	char ref[32];
	char name[256];
	char entity_id[64];
	int group;            /* 0 stable, 1 removed, 2 added */
} mf_seed;

typedef struct mf_data {
	lk_list *l2019, *l2021;
	lk_index *ix2019, *ix2021;
	mf_seed seeds[MF_SEEDS];
	size_t nseeds;
} mf_data;

static inline lk_list *mf_parse(const char *dir)
{
	char p[3][512];
	const char *paths[3];
	const char *names[3] = {"sdn.csv", "add.csv", "alt.csv"};
	for (int i = 0; i < 3; i++) {
		snprintf(p[i], sizeof p[i], "%s/%s", lk_test_data(dir), names[i]);
		paths[i] = p[i];
	}
	lk_list *l = NULL;
	lk_parse_opts o = LK_PARSE_OPTS_INIT;
	if (lk_list_parse(&l, paths, 3, &o) != 0)
		fail_msg("parse %s: %s", dir, lk_error_last()->message);
	return l;
}

/* Forward screening of one customer as the monitor does it; calls fn for each match. */
static inline void mf_screen(const lk_index *ix, const char *name, lk_schema schema,
                             const char *dob, const char *country,
                             void (*fn)(void *ctx, const lk_entity *e, double score), void *ctx)
{
	const char *names[1] = {name}, *dobs[1] = {dob}, *cs[1] = {country};
	lk_query q = LK_QUERY_INIT;
	q.schema = schema;
	q.names = names;
	q.nnames = 1;
	if (dob && *dob) {
		q.birth_dates = dobs;
		q.nbirth_dates = 1;
	}
	if (country && *country) {
		q.countries = cs;
		q.ncountries = 1;
	}
	q.threshold = LK_MATCH_DEFAULT_THRESHOLD;
	q.limit = 50;
	lk_match_results *r = NULL;
	int rc = lk_match_screen(&r, ix, &q);
	if (rc == LK_EINVALID)
		return;
	assert_int_equal(rc, 0);
	for (size_t i = 0; i < r->count; i++)
		if (r->items[i].match)
			fn(ctx, r->items[i].entity, r->items[i].score);
	lk_match_results_free(r);
}

static inline void mf_count(void *ctx, const lk_entity *e, double score)
{
	(void)e;
	(void)score;
	(*(size_t *)ctx)++;
}

typedef struct mf_find {
	const char *id;
	bool found;
} mf_find;

static inline void mf_find_fn(void *ctx, const lk_entity *e, double score)
{
	(void)score;
	mf_find *f = ctx;
	if (strcmp(e->id, f->id) == 0)
		f->found = true;
}

/* "LAST, First Middle" -> "First Middle Last", in title case. */
static inline void mf_variant(const lk_entity *e, char *out, size_t size)
{
	char tmp[256];
	const char *cap = e->caption;
	const char *comma = strchr(cap, ',');
	if (e->schema == LK_SCHEMA_PERSON && comma)
		snprintf(tmp, sizeof tmp, "%s %.*s", comma + 2 <= cap + strlen(cap) ? comma + 1 : "",
		         (int)(comma - cap), cap);
	else
		snprintf(tmp, sizeof tmp, "%s", cap);
	bool start = true;
	size_t j = 0;
	for (size_t i = 0; tmp[i] && j + 1 < size; i++) {
		unsigned char c = (unsigned char)tmp[i];
		if (c == ' ' && (j == 0 || out[j - 1] == ' '))
			continue;
		out[j++] = (char)(start ? toupper(c) : tolower(c));
		start = !isalpha(c);
	}
	while (j > 0 && out[j - 1] == ' ')
		j--;
	out[j] = '\0';
}

static inline bool mf_plain(const lk_entity *e)
{
	if (!e->caption || strlen(e->caption) < 8 || strlen(e->caption) > 60)
		return false;
	if (e->schema != LK_SCHEMA_PERSON && e->schema != LK_SCHEMA_ORGANIZATION)
		return false;
	for (const char *p = e->caption; *p; p++)
		if ((unsigned char)*p >= 0x80 || *p == '"' || *p == ';')
			return false;
	return true;
}

/* Pick seeds of one group from list `from`, every `step`-th entity that qualifies. */
static inline void mf_pick(mf_data *d, int group, const lk_list *from, const lk_list *other,
                           bool in_other, const lk_index *ix, size_t want, size_t step)
{
	size_t got = 0, seen = 0;
	for (size_t i = 0; i < from->count && got < want; i++) {
		const lk_entity *e = from->entities[i];
		if (!mf_plain(e))
			continue;
		bool present = false;
		for (size_t k = 0; k < other->count; k++)
			if (strcmp(other->entities[k]->id, e->id) == 0) {
				present = true;
				break;
			}
		if (present != in_other)
			continue;
		if (seen++ % step != 0)
			continue;
		mf_seed *s = &d->seeds[d->nseeds];
		mf_variant(e, s->name, sizeof s->name);
		mf_find f = {e->id, false};
		mf_screen(ix, s->name, e->schema, NULL, NULL, mf_find_fn, &f);
		if (!f.found)
			continue;
		snprintf(s->ref, sizeof s->ref, "SEED-%d-%02zu", group, got);
		snprintf(s->entity_id, sizeof s->entity_id, "%s", e->id);
		s->group = group;
		d->nseeds++;
		got++;
	}
	assert_int_equal(got, want);
}

static inline const lk_entity *mf_seed_entity(const mf_data *d, const mf_seed *s)
{
	const lk_list *l = s->group == 2 ? d->l2021 : d->l2019;
	for (size_t i = 0; i < l->count; i++)
		if (strcmp(l->entities[i]->id, s->entity_id) == 0)
			return l->entities[i];
	return NULL;
}

static inline void mf_load(mf_data *d)
{
	memset(d, 0, sizeof *d);
	d->l2019 = mf_parse("lists/ofac/sdn-2019-01");
	d->l2021 = mf_parse("lists/ofac/sdn-2021-07");
	const lk_list *a[1] = {d->l2019}, *b[1] = {d->l2021};
	assert_int_equal(lk_index_build_from_lists(&d->ix2019, a, 1), 0);
	assert_int_equal(lk_index_build_from_lists(&d->ix2021, b, 1), 0);
	mf_pick(d, 0, d->l2019, d->l2021, true, d->ix2019, MF_STABLE, 97);
	mf_pick(d, 1, d->l2019, d->l2021, false, d->ix2019, MF_REMOVED, 7);
	mf_pick(d, 2, d->l2021, d->l2019, false, d->ix2021, MF_ADDED, 23);
}

static inline void mf_free(mf_data *d)
{
	lk_index_unref(d->ix2019);
	lk_index_unref(d->ix2021);
	lk_list_free(d->l2019);
	lk_list_free(d->l2021);
}

static inline void mf_csv_field(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/*
 * Write a customer CSV of `total` customers: the seeds, then negatives from the yente
 * benchmark that match nothing in either version. Returns the number of negatives written.
 */
static inline size_t mf_write_customers(const mf_data *d, const char *path, size_t total)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "ref,name,schema,dob,country,id,aliases\n");
	for (size_t i = 0; i < d->nseeds; i++) {
		const lk_entity *e = mf_seed_entity(d, &d->seeds[i]);
		assert_non_null(e);
		fprintf(f, "%s,", d->seeds[i].ref);
		mf_csv_field(f, d->seeds[i].name);
		fprintf(f, ",%s,,,,\n", lk_schema_name(e->schema));
	}
	lk_csv_reader *rd = NULL;
	assert_int_equal(
		lk_csv_reader_open(&rd, lk_test_data("eval/yente_benchmark/negatives_global.csv"), NULL),
		0);
	assert_int_equal(lk_csv_reader_next(rd), 1); /* header */
	size_t n = 0;
	while (d->nseeds + n < total && lk_csv_reader_next(rd) == 1) {
		const char *name = lk_csv_reader_field(rd, 0, NULL);
		const char *dob = lk_csv_reader_field(rd, 5, NULL);
		const char *country = lk_csv_reader_field(rd, 7, NULL);
		size_t hits = 0;
		mf_screen(d->ix2019, name, LK_SCHEMA_PERSON, dob, country, mf_count, &hits);
		mf_screen(d->ix2021, name, LK_SCHEMA_PERSON, dob, country, mf_count, &hits);
		if (hits > 0)
			continue;
		fprintf(f, "NEG-%05zu,", n);
		mf_csv_field(f, name);
		fprintf(f, ",Person,%s,", dob);
		mf_csv_field(f, country);
		fprintf(f, ",,\n");
		n++;
	}
	lk_csv_reader_free(rd);
	assert_int_equal(d->nseeds + n, total);
	assert_int_equal(fclose(f), 0);
	return n;
}

/* Import a parsed list into the store (the lists update path ends the same way). */
static inline void mf_import(lk_store *s, const lk_list *l)
{
	lk_import_result r;
	if (lk_store_import(s, l, &r) != 0)
		fail_msg("import: %s", lk_error_last()->message);
	assert_false(r.unchanged);
}

#endif
