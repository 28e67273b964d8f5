/*
 * features.c - what birth dates, countries, gender and identifiers add to a name score or
 * take away from it (lk_match__features), and so the least name score that can still be
 * reported above a floor (lk_match__reportable_name_score).
 *
 * A perfect name alone scores NAME_CEILING; the rest is left to corroboration.
 */
#include "match_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_CEILING 0.92   /* a perfect name alone; the rest is left to corroboration */

double lk_match__reportable_name_score(const lk_query *q, double floor)
{
	if (q->nidentifiers > 0)
		return 0.0; /* an identifier alone can make any name score reportable */
	/* The features can add at most a birth date's and a country's bonus. */
	double most = (q->nbirth_dates > 0 ? 0.06 : 0.0) + (q->ncountries > 0 ? 0.03 : 0.0);
	/* Scores are rounded to 3 decimals before the floor applies. */
	double t = (floor - 0.001 - most) / NAME_CEILING;
	return t > 0 ? t : 0.0;
}

static void add_feature(lk_explanation *x, const char *feature, double delta, const char *fmt,
                        ...) LK_PRINTF(4, 5);

static void add_feature(lk_explanation *x, const char *feature, double delta, const char *fmt,
                        ...)
{
	if (!x || x->nfeatures >= LK_EXPLAIN_MAX_FEATURES)
		return;
	lk_feature_effect *f = &x->features[x->nfeatures++];
	f->feature = feature;
	f->delta = delta;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->detail, sizeof f->detail, fmt, ap);
	va_end(ap);
}

enum dob_rel { DOB_NONE, DOB_CONTRADICT, DOB_CLOSE, DOB_SWAPPED, DOB_PARTIAL, DOB_EXACT };

static enum dob_rel dob_relation(const lk_date *a, const lk_date *b)
{
	if (a->year != b->year) {
		if (a->month && b->month && a->day && b->day && abs(a->year - b->year) <= 1)
			return DOB_CLOSE;
		return abs(a->year - b->year) <= 1 && (!a->month || !b->month) ? DOB_CLOSE
		                                                                : DOB_CONTRADICT;
	}
	if (a->month && b->month && a->month != b->month) {
		if (a->day && b->day && a->day == b->month && a->month == b->day)
			return DOB_SWAPPED;
		return DOB_CONTRADICT;
	}
	if (a->day && b->day && a->day != b->day)
		return DOB_CONTRADICT;
	if (a->month && b->month && a->day && b->day)
		return DOB_EXACT;
	return DOB_PARTIAL;
}

static double birth_dates(const lk_query *q, const lk_entity *e, lk_explanation *x)
{
	if (q->nbirth_dates == 0)
		return 0.0;
	enum dob_rel best = DOB_NONE;
	char qb[11] = "", eb[11] = "";
	bool any_entity = false;
	for (size_t v = 0; v < e->nvalues; v++) {
		if (e->values[v].prop != LK_PROP_BIRTH_DATE)
			continue;
		lk_date ed;
		if (lk_date_parse(&ed, e->values[v].value))
			continue;
		any_entity = true;
		for (size_t i = 0; i < q->nbirth_dates; i++) {
			lk_date qd;
			if (lk_date_parse(&qd, q->birth_dates[i]))
				continue;
			enum dob_rel r = dob_relation(&qd, &ed);
			if (r > best || best == DOB_NONE) {
				best = r;
				lk_date_format(&qd, qb);
				lk_date_format(&ed, eb);
			}
		}
	}
	if (!any_entity || best == DOB_NONE)
		return 0.0;
	switch (best) {
	case DOB_EXACT:
		add_feature(x, "birthDate", 0.06, "birth date %s equals the listed %s", qb, eb);
		return 0.06;
	case DOB_PARTIAL:
		add_feature(x, "birthDate", 0.03, "birth date %s agrees with the listed %s", qb, eb);
		return 0.03;
	case DOB_SWAPPED:
		add_feature(x, "birthDate", 0.01,
		            "birth date %s is the listed %s with day and month swapped", qb, eb);
		return 0.01;
	case DOB_CLOSE:
		add_feature(x, "birthDate", -0.05, "birth date %s is close to the listed %s", qb, eb);
		return -0.05;
	default:
		add_feature(x, "birthDate", -0.30, "birth date %s contradicts the listed %s", qb, eb);
		return -0.30;
	}
}

static bool is_country_prop(lk_prop p)
{
	return p == LK_PROP_NATIONALITY || p == LK_PROP_CITIZENSHIP || p == LK_PROP_COUNTRY ||
	       p == LK_PROP_JURISDICTION || p == LK_PROP_FLAG;
}

static const char *country_of(const char *s)
{
	const char *c = lk_country_code(s);
	return c ? c : NULL;
}

static double countries(const lk_query *q, const lk_entity *e, lk_explanation *x)
{
	if (q->ncountries == 0)
		return 0.0;
	bool listed = false;
	const char *some = NULL;
	for (size_t v = 0; v < e->nvalues; v++) {
		if (!is_country_prop(e->values[v].prop))
			continue;
		const char *ec = country_of(e->values[v].value);
		if (!ec)
			continue;
		listed = true;
		some = ec;
		for (size_t i = 0; i < q->ncountries; i++) {
			const char *qc = country_of(q->countries[i]);
			if (qc && strcmp(qc, ec) == 0) {
				add_feature(x, "country", 0.03, "country %s is among the listed countries", qc);
				return 0.03;
			}
		}
	}
	if (!listed)
		return 0.0;
	const char *qc = country_of(q->countries[0]);
	add_feature(x, "country", -0.05, "country %s is not among the listed countries (e.g. %s)",
	            qc ? qc : q->countries[0], some);
	return -0.05;
}

static double gender(const lk_query *q, const lk_entity *e, lk_explanation *x)
{
	if (!q->gender || !*q->gender)
		return 0.0;
	const char *g = lk_entity_first(e, LK_PROP_GENDER);
	if (!g)
		return 0.0;
	char qg = (char)(q->gender[0] | 0x20), eg = (char)(g[0] | 0x20);
	if ((qg != 'm' && qg != 'f') || (eg != 'm' && eg != 'f'))
		return 0.0;
	if (qg == eg)
		return 0.0;
	add_feature(x, "gender", -0.20, "gender %s contradicts the listed %s", q->gender, g);
	return -0.20;
}

static bool ident_equal(const char *a, const char *b)
{
	char da[8], db[8];
	if (lk_imo_digits(a, da) && lk_imo_digits(b, db))
		return strcmp(da, db) == 0;
	lk_buf x = LK_BUF_INIT, y = LK_BUF_INIT;
	lk_buf_init(&x, 256);
	lk_buf_init(&y, 256);
	bool eq = !lk_ident_normalize(&x, a) && !lk_ident_normalize(&y, b) && x.len >= 4 &&
	          strcmp(lk_buf_cstr(&x), lk_buf_cstr(&y)) == 0;
	lk_buf_dispose(&x);
	lk_buf_dispose(&y);
	return eq;
}

static double identifiers(const lk_query *q, const lk_entity *e, lk_explanation *x,
                          bool *id_match)
{
	*id_match = false;
	if (q->nidentifiers == 0)
		return 0.0;
	for (size_t v = 0; v < e->nvalues; v++) {
		lk_prop p = e->values[v].prop;
		if (lk_prop_kind_of(p) != LK_KIND_IDENT)
			continue;
		for (size_t i = 0; i < q->nidentifiers; i++)
			if (ident_equal(q->identifiers[i], e->values[v].value)) {
				*id_match = true;
				add_feature(x, "identifier", 0.40, "identifier %s equals the listed %s %s",
				            q->identifiers[i], lk_prop_name(p), e->values[v].value);
				return 0.40;
			}
	}
	/* A vessel's IMO number is unique for life: a different valid one contradicts. */
	const char *imo = lk_entity_first(e, LK_PROP_IMO_NUMBER);
	if (imo && lk_imo_valid(imo))
		for (size_t i = 0; i < q->nidentifiers; i++)
			if (lk_imo_valid(q->identifiers[i])) {
				add_feature(x, "identifier", -0.25, "IMO number %s differs from the listed %s",
				            q->identifiers[i], imo);
				return -0.25;
			}
	return 0.0;
}

double lk_match__features(const lk_query *q, const lk_entity *e, double name_score,
                          lk_prop matched_prop, lk_explanation *x, bool *id_match)
{
	double s = NAME_CEILING * name_score;
	*id_match = false;
	if (matched_prop == LK_PROP_WEAK_ALIAS && name_score > 0) {
		add_feature(x, "weakAlias", -0.04, "matched a weak alias (the list rates it low "
		                                   "quality)");
		s -= 0.04;
	}
	s += birth_dates(q, e, x);
	s += countries(q, e, x);
	s += gender(q, e, x);
	s += identifiers(q, e, x, id_match);
	if (*id_match && name_score == 0)
		s = 0.95; /* found by identifier alone */
	if (s < 0)
		s = 0;
	if (s > 1)
		s = 1;
	return s;
}
