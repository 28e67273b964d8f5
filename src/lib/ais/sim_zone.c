/*
 * sim_zone.c - the zone the simulator scripts entries into and keeps background traffic out
 * of (the DPRK EEZ): Polygon and MultiPolygon geometries read from GeoJSON, a point-in-
 * polygon test (even-odd over all rings, so holes count) behind a bounding-box check, and a
 * sampled test of whether a great-circle leg touches the zone.
 *
 * Kept small and private to the simulator: it only needs "inside or not" for a few thousand
 * vertices. Inputs are bounded: at most 4 million vertices, nesting as GeoJSON defines it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "sim_int.h"

#define MAX_VERTICES ((size_t)4 << 20)

typedef struct zbuild {
	sim_zone *z;
	size_t cap_v, cap_r;
} zbuild;

static int add_vertex(zbuild *b, double lon, double lat)
{
	sim_zone *z = b->z;
	if (z->nvert >= MAX_VERTICES)
		return lk_error_set(LK_ETOOBIG, "zone: more than %zu vertices", MAX_VERTICES);
	if (z->nvert == b->cap_v) {
		size_t cap = b->cap_v ? b->cap_v * 2 : 1024;
		double *x = realloc(z->x, cap * sizeof(double));
		if (!x)
			return lk_error_set(LK_ENOMEM, "zone: out of memory");
		z->x = x;
		double *y = realloc(z->y, cap * sizeof(double));
		if (!y)
			return lk_error_set(LK_ENOMEM, "zone: out of memory");
		z->y = y;
		b->cap_v = cap;
	}
	z->x[z->nvert] = lon;
	z->y[z->nvert] = lat;
	z->nvert++;
	if (lat < z->min_lat)
		z->min_lat = lat;
	if (lat > z->max_lat)
		z->max_lat = lat;
	if (lon < z->min_lon)
		z->min_lon = lon;
	if (lon > z->max_lon)
		z->max_lon = lon;
	return 0;
}

static int end_ring(zbuild *b)
{
	sim_zone *z = b->z;
	if (z->nrings == b->cap_r) {
		size_t cap = b->cap_r ? b->cap_r * 2 : 16;
		size_t *r = realloc(z->ring_end, cap * sizeof(size_t));
		if (!r)
			return lk_error_set(LK_ENOMEM, "zone: out of memory");
		z->ring_end = r;
		b->cap_r = cap;
	}
	z->ring_end[z->nrings++] = z->nvert;
	return 0;
}

static int read_ring(zbuild *b, json_t *ring)
{
	if (!json_is_array(ring) || json_array_size(ring) < 4)
		return lk_error_set(LK_EFORMAT, "zone: a ring is not an array of 4 or more points");
	size_t i;
	json_t *pt;
	json_array_foreach(ring, i, pt) {
		json_t *x = json_array_get(pt, 0), *y = json_array_get(pt, 1);
		if (!json_is_number(x) || !json_is_number(y))
			return lk_error_set(LK_EFORMAT, "zone: point %zu of a ring is not [lon, lat]",
			                    i);
		double lon = json_number_value(x), lat = json_number_value(y);
		if (!(lon >= -180.0 && lon <= 180.0 && lat >= -90.0 && lat <= 90.0))
			return lk_error_set(LK_EINVALID, "zone: point %zu out of range", i);
		int rc = add_vertex(b, lon, lat);
		if (rc < 0)
			return rc;
	}
	return end_ring(b);
}

static int read_polygon(zbuild *b, json_t *rings)
{
	if (!json_is_array(rings))
		return lk_error_set(LK_EFORMAT, "zone: polygon coordinates are not an array");
	size_t i;
	json_t *r;
	json_array_foreach(rings, i, r) {
		int rc = read_ring(b, r);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int read_geometry(zbuild *b, json_t *g)
{
	const char *type = json_string_value(json_object_get(g, "type"));
	json_t *coords = json_object_get(g, "coordinates");
	if (!type)
		return lk_error_set(LK_EFORMAT, "zone: geometry without a type");
	if (strcmp(type, "Polygon") == 0)
		return read_polygon(b, coords);
	if (strcmp(type, "MultiPolygon") == 0) {
		if (!json_is_array(coords))
			return lk_error_set(LK_EFORMAT, "zone: coordinates are not an array");
		size_t i;
		json_t *p;
		json_array_foreach(coords, i, p) {
			int rc = read_polygon(b, p);
			if (rc < 0)
				return rc;
		}
		return 0;
	}
	return lk_error_set(LK_EFORMAT, "zone: geometry type %s is not a polygon", type);
}

int lk_ais__zone_parse(sim_zone *z, const char *text, size_t len, const char *name)
{
	char keep[sizeof(z->name)];
	snprintf(keep, sizeof(keep), "%s", name);  /* name may be z->name itself */
	memset(z, 0, sizeof(*z));
	z->min_lat = z->min_lon = 1e9;
	z->max_lat = z->max_lon = -1e9;
	memcpy(z->name, keep, sizeof(z->name));
	json_error_t jerr;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return lk_error_set(LK_EFORMAT, "zone: line %d: %s", jerr.line, jerr.text);
	zbuild b = {z, 0, 0};
	int rc = 0;
	const char *type = json_string_value(json_object_get(root, "type"));
	if (type && strcmp(type, "FeatureCollection") == 0) {
		json_t *features = json_object_get(root, "features");
		size_t i;
		json_t *f;
		if (!json_is_array(features))
			rc = lk_error_set(LK_EFORMAT, "zone: features is not an array");
		else
			json_array_foreach(features, i, f) {
				rc = read_geometry(&b, json_object_get(f, "geometry"));
				if (rc < 0)
					break;
			}
	} else if (type && strcmp(type, "Feature") == 0) {
		rc = read_geometry(&b, json_object_get(root, "geometry"));
	} else {
		rc = read_geometry(&b, root);
	}
	json_decref(root);
	if (rc == 0 && z->nrings == 0)
		rc = lk_error_set(LK_EINVALID, "zone: no polygon");
	if (rc < 0)
		lk_ais__zone_dispose(z);
	return rc;
}

void lk_ais__zone_dispose(sim_zone *z)
{
	free(z->x);
	free(z->y);
	free(z->ring_end);
	z->x = z->y = NULL;
	z->ring_end = NULL;
	z->nvert = z->nrings = 0;
}

bool lk_ais__zone_contains(const sim_zone *z, double lat, double lon)
{
	if (z->nrings == 0 || lat < z->min_lat || lat > z->max_lat || lon < z->min_lon ||
	    lon > z->max_lon)
		return false;
	bool in = false;
	size_t begin = 0;
	for (size_t r = 0; r < z->nrings; r++) {
		size_t end = z->ring_end[r];
		for (size_t i = begin, j = end - 1; i < end; j = i++) {
			double yi = z->y[i], yj = z->y[j];
			if ((yi > lat) != (yj > lat)) {
				double x = z->x[j] + (lat - yj) * (z->x[i] - z->x[j]) / (yi - yj);
				if (lon < x)
					in = !in;
			}
		}
		begin = end;
	}
	return in;
}

bool lk_ais__zone_crossed(const sim_zone *z, double lat1, double lon1, double lat2,
                          double lon2, double step_m)
{
	if (z->nrings == 0)
		return false;
	double d = lk_ais_distance_m(lat1, lon1, lat2, lon2);
	int n = (int)(d / step_m) + 1;
	if (n > 100000)
		n = 100000;
	for (int i = 0; i <= n; i++) {
		double lat, lon;
		lk_ais__gc_interp(lat1, lon1, lat2, lon2, (double)i / n, &lat, &lon);
		/* a margin of about 0.2 degrees around the box keeps legs well clear */
		if (lat < z->min_lat - 0.2 || lat > z->max_lat + 0.2 || lon < z->min_lon - 0.2 ||
		    lon > z->max_lon + 0.2)
			continue;
		if (lk_ais__zone_contains(z, lat, lon))
			return true;
		/* near the zone: look around the sample too, so legs pass at a distance */
		for (int k = 0; k < 8; k++) {
			double la, lo;
			lk_ais__destination(lat, lon, k * 45.0, 10000.0, &la, &lo);
			if (lk_ais__zone_contains(z, la, lo))
				return true;
		}
	}
	return false;
}
