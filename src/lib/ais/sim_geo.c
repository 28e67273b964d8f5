/*
 * sim_geo.c - small helpers of the simulator: a seeded random generator (splitmix64, so that
 * a seed gives the same traffic on every machine), great-circle geometry on the sphere the
 * track store uses (lk_ais_distance_m), UTC times, IMO check digits, and the position of a
 * scripted vessel along its fixes.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sim_int.h"

#define EARTH_R 6371008.8
#define RAD (M_PI / 180.0)

uint64_t lk_ais__rng_next(sim_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

double lk_ais__rng_unit(sim_rng *r)
{
	return (double)(lk_ais__rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

long lk_ais__rng_range(sim_rng *r, long lo, long hi)
{
	if (hi <= lo)
		return lo;
	return lo + (long)(lk_ais__rng_next(r) % (uint64_t)(hi - lo + 1));
}

double lk_ais__bearing(double lat1, double lon1, double lat2, double lon2)
{
	double p1 = lat1 * RAD, p2 = lat2 * RAD, dl = (lon2 - lon1) * RAD;
	double y = sin(dl) * cos(p2);
	double x = cos(p1) * sin(p2) - sin(p1) * cos(p2) * cos(dl);
	double b = atan2(y, x) / RAD;
	b = fmod(b + 360.0, 360.0);
	return b >= 360.0 ? 0.0 : b;
}

void lk_ais__gc_interp(double lat1, double lon1, double lat2, double lon2, double f,
                       double *lat, double *lon)
{
	double p1 = lat1 * RAD, l1 = lon1 * RAD, p2 = lat2 * RAD, l2 = lon2 * RAD;
	double ax = cos(p1) * cos(l1), ay = cos(p1) * sin(l1), az = sin(p1);
	double bx = cos(p2) * cos(l2), by = cos(p2) * sin(l2), bz = sin(p2);
	double dot = ax * bx + ay * by + az * bz;
	if (dot > 1.0)
		dot = 1.0;
	if (dot < -1.0)
		dot = -1.0;
	double d = acos(dot);
	double wa, wb;
	if (d < 1e-12) {
		wa = 1.0 - f, wb = f;
	} else {
		wa = sin((1.0 - f) * d) / sin(d);
		wb = sin(f * d) / sin(d);
	}
	double x = wa * ax + wb * bx, y = wa * ay + wb * by, z = wa * az + wb * bz;
	*lat = atan2(z, sqrt(x * x + y * y)) / RAD;
	*lon = atan2(y, x) / RAD;
}

void lk_ais__destination(double lat, double lon, double deg, double dist_m, double *olat,
                         double *olon)
{
	double p1 = lat * RAD, l1 = lon * RAD, b = deg * RAD, d = dist_m / EARTH_R;
	double p2 = asin(sin(p1) * cos(d) + cos(p1) * sin(d) * cos(b));
	double l2 = l1 + atan2(sin(b) * sin(d) * cos(p1), cos(d) - sin(p1) * sin(p2));
	*olat = p2 / RAD;
	*olon = fmod(l2 / RAD + 540.0, 360.0) - 180.0;
}

void lk_ais__vessel_at(const sim_vessel *v, int64_t t, double *lat, double *lon, double *sog,
                       double *cog)
{
	size_t i = 0;
	/* binary search for the leg [fix[i].t, fix[i+1].t] holding t */
	size_t lo = 0, hi = v->nfix - 1;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (v->fix[mid].t <= t)
			lo = mid;
		else
			hi = mid;
	}
	i = lo;
	const sim_fix *a = &v->fix[i];
	if (v->nfix == 1 || t <= a->t) {
		*lat = a->lat, *lon = a->lon, *sog = 0.0, *cog = 0.0;
		if (v->nfix > 1) {
			*cog = lk_ais__bearing(a->lat, a->lon, v->fix[1].lat, v->fix[1].lon);
			*sog = lk_ais_distance_m(a->lat, a->lon, v->fix[1].lat, v->fix[1].lon) /
			       (double)(v->fix[1].t - a->t) / SIM_KN;
		}
		return;
	}
	if (i + 1 >= v->nfix) {
		*lat = a->lat, *lon = a->lon, *sog = 0.0, *cog = 0.0;
		return;
	}
	const sim_fix *b = &v->fix[i + 1];
	double f = (double)(t - a->t) / (double)(b->t - a->t);
	if (f > 1.0)
		f = 1.0;
	lk_ais__gc_interp(a->lat, a->lon, b->lat, b->lon, f, lat, lon);
	double dist = lk_ais_distance_m(a->lat, a->lon, b->lat, b->lon);
	*sog = dist / (double)(b->t - a->t) / SIM_KN;
	*cog = dist > 0.5 ? lk_ais__bearing(*lat, *lon, b->lat, b->lon)
	                  : lk_ais__bearing(a->lat, a->lon, b->lat, b->lon);
}

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	/* proleptic Gregorian days since 1970-01-01 */
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

bool lk_ais__parse_utc(const char *s, int64_t *out)
{
	unsigned y, mo, d, h, mi, se;
	char z, end;
	if (strlen(s) != 20 || sscanf(s, "%4u-%2u-%2uT%2u:%2u:%2u%c%c", &y, &mo, &d, &h, &mi, &se,
	                              &z, &end) != 7 || z != 'Z')
		return false;
	static const unsigned mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1970 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 ||
	    mi > 59 || se > 59)
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (mo == 2 && d == 29 && !leap)
		return false;
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
	return true;
}

void lk_ais__format_utc(int64_t t, char out[21])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

bool lk_ais__imo_ok(uint32_t imo)
{
	if (imo < 1000000 || imo > 9999999)
		return false;
	unsigned sum = 0, n = imo / 10;
	for (unsigned w = 2; w <= 7; w++, n /= 10)
		sum += (n % 10) * w;
	return sum % 10 == imo % 10;
}

bool lk_ais__zone_crossed(const lk_ais_zone *z, double lat1, double lon1, double lat2,
                          double lon2, double step_m, double margin_m)
{
	if (!z)
		return false;
	double d = lk_ais_distance_m(lat1, lon1, lat2, lon2);
	int n = (int)(d / step_m) + 1;
	if (n > 100000)
		n = 100000;
	for (int i = 0; i <= n; i++) {
		double lat, lon;
		lk_ais__gc_interp(lat1, lon1, lat2, lon2, (double)i / n, &lat, &lon);
		if (lk_ais_zone_distance_m(z, lat, lon, margin_m) < margin_m)
			return true;
	}
	return false;
}
