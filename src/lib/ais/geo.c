/*
 * geo.c - zones (polygons read from GeoJSON) and ports (points read from CSV) for the AIS
 * detectors: is a position inside the DPRK EEZ, how far is it from it, how far from the
 * nearest port.
 *
 * A zone is a set of rings (outer boundaries and holes alike) tested with the even-odd rule,
 * so that holes and multipolygons need no special case. Point-in-polygon is the classic
 * crossing test (W. R. Franklin's PNPOLY): count the edges a ray towards +longitude crosses.
 * Positions are many and the zone is one, so two prechecks keep the cost low: the bounding box,
 * then a grid of cells over it whose state (outside, inside, or crossed by an edge) is computed
 * once; only points in cells an edge crosses run the full test.
 *
 * Ports are bucketed by cells of 0.5 degree (about 55 km of latitude) sorted by cell, so that a
 * nearest-port query within 50 km looks at three rows of a few cells each.
 *
 * Both readers take untrusted text with hard limits (size, vertices, ports) and report the first
 * problem with where it is; neither crashes on any input (fuzz/fuzz_ais_geo.c).
 */
#include <assert.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lookout/ais_detect.h"
#include "lookout/error.h"

#define EARTH_R 6371008.8
#define DEG (M_PI / 180.0)
#define ZONE_GRID 256
#define PORTS_MAX ((size_t)1000000)
#define PORT_CELL 0.5

enum { CELL_OUT = 0, CELL_IN = 1, CELL_EDGE = 2 };

struct lk_ais_zone {
	char name[32];
	double *lon, *lat;            /* all vertices, ring after ring */
	size_t *ring_start;           /* nrings + 1 offsets into lon/lat */
	size_t nrings, nverts, vcap, rcap;
	double min_lat, max_lat, min_lon, max_lon;
	int gw, gh;                   /* grid columns and rows over the bounding box */
	double cw, ch;                /* cell width and height in degrees */
	uint8_t *cells;
};

/* ---- reading files ---- */

static int read_file(const char *path, size_t max, char **out, size_t *len)
{
	*out = NULL;
	FILE *f = fopen(path, "rb");
	if (!f)
		return lk_error_set(LK_EIO, "%s: %s", path, strerror(errno));
	int rc = 0;
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap);
	if (!buf) {
		rc = lk_error_set(LK_ENOMEM, "%s: out of memory", path);
		goto done;
	}
	for (;;) {
		if (n == cap) {
			if (cap > max) {
				rc = lk_error_set(LK_ETOOBIG, "%s: larger than %zu bytes", path, max);
				goto done;
			}
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				rc = lk_error_set(LK_ENOMEM, "%s: out of memory", path);
				goto done;
			}
			buf = nb;
			cap *= 2;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		rc = lk_error_set(LK_EIO, "%s: read error", path);
		goto done;
	}
	if (n > max) {
		rc = lk_error_set(LK_ETOOBIG, "%s: larger than %zu bytes", path, max);
		goto done;
	}
	*out = buf;
	*len = n;
	buf = NULL;
done:
	free(buf);
	fclose(f);
	return rc;
}

/* ---- zones ---- */

void lk_ais_zone_free(lk_ais_zone *z)
{
	if (!z)
		return;
	free(z->lon);
	free(z->lat);
	free(z->ring_start);
	free(z->cells);
	free(z);
}

const char *lk_ais_zone_name(const lk_ais_zone *z)
{
	return z->name;
}

static int zone_add_vertex(lk_ais_zone *z, double lon, double lat)
{
	if (z->nverts >= LK_AIS_ZONE_MAX_VERTICES)
		return lk_error_set(LK_ETOOBIG, "geojson: more than %zu vertices",
		                    LK_AIS_ZONE_MAX_VERTICES);
	if (z->nverts == z->vcap) {
		size_t ncap = z->vcap ? z->vcap * 2 : 1024;
		double *a = realloc(z->lon, ncap * sizeof(*a));
		if (!a)
			return lk_error_set(LK_ENOMEM, "geojson: out of memory");
		z->lon = a;
		double *b = realloc(z->lat, ncap * sizeof(*b));
		if (!b)
			return lk_error_set(LK_ENOMEM, "geojson: out of memory");
		z->lat = b;
		z->vcap = ncap;
	}
	z->lon[z->nverts] = lon;
	z->lat[z->nverts] = lat;
	z->nverts++;
	return 0;
}

static int zone_end_ring(lk_ais_zone *z)
{
	if (z->nrings + 2 > z->rcap) {
		size_t ncap = z->rcap ? z->rcap * 2 : 16;
		size_t *r = realloc(z->ring_start, ncap * sizeof(*r));
		if (!r)
			return lk_error_set(LK_ENOMEM, "geojson: out of memory");
		z->ring_start = r;
		z->rcap = ncap;
	}
	if (z->nrings == 0)
		z->ring_start[0] = 0;
	z->nrings++;
	z->ring_start[z->nrings] = z->nverts;
	return 0;
}

/* One linear ring: an array of [lon, lat(, alt)] positions, at least 3 distinct corners. */
static int read_ring(lk_ais_zone *z, json_t *ring, const char *where)
{
	if (!json_is_array(ring))
		return lk_error_set(LK_EFORMAT, "geojson: %s: a ring is not an array", where);
	size_t n = json_array_size(ring);
	if (n < 3)
		return lk_error_set(LK_EINVALID, "geojson: %s: a ring has %zu positions, at least "
		                    "3 needed", where, n);
	for (size_t i = 0; i < n; i++) {
		json_t *p = json_array_get(ring, i);
		if (!json_is_array(p) || json_array_size(p) < 2 ||
		    !json_is_number(json_array_get(p, 0)) || !json_is_number(json_array_get(p, 1)))
			return lk_error_set(LK_EFORMAT, "geojson: %s: position %zu is not "
			                    "[longitude, latitude]", where, i + 1);
		double lon = json_number_value(json_array_get(p, 0));
		double lat = json_number_value(json_array_get(p, 1));
		if (!(lon >= -180.0 && lon <= 180.0 && lat >= -90.0 && lat <= 90.0))
			return lk_error_set(LK_EINVALID, "geojson: %s: position %zu (%g, %g) is out "
			                    "of range", where, i + 1, lon, lat);
		/* the closing position repeats the first: not needed by the crossing test */
		if (i == n - 1 && n > 3 && lon == json_number_value(json_array_get(
		                                json_array_get(ring, 0), 0)) &&
		    lat == json_number_value(json_array_get(json_array_get(ring, 0), 1)))
			break;
		int rc = zone_add_vertex(z, lon, lat);
		if (rc < 0)
			return rc;
	}
	return zone_end_ring(z);
}

static int read_polygon(lk_ais_zone *z, json_t *rings, const char *where)
{
	if (!json_is_array(rings) || json_array_size(rings) == 0)
		return lk_error_set(LK_EFORMAT, "geojson: %s: polygon coordinates are not an array "
		                    "of rings", where);
	for (size_t i = 0; i < json_array_size(rings); i++) {
		int rc = read_ring(z, json_array_get(rings, i), where);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int read_geometry(lk_ais_zone *z, json_t *g, const char *where, int depth)
{
	if (json_is_null(g))
		return 0;  /* a feature without geometry adds nothing */
	if (!json_is_object(g))
		return lk_error_set(LK_EFORMAT, "geojson: %s: geometry is not an object", where);
	const char *type = json_string_value(json_object_get(g, "type"));
	if (!type)
		return lk_error_set(LK_EFORMAT, "geojson: %s: geometry without \"type\"", where);
	json_t *c = json_object_get(g, "coordinates");
	if (strcmp(type, "Polygon") == 0)
		return read_polygon(z, c, where);
	if (strcmp(type, "MultiPolygon") == 0) {
		if (!json_is_array(c))
			return lk_error_set(LK_EFORMAT, "geojson: %s: MultiPolygon coordinates are "
			                    "not an array", where);
		for (size_t i = 0; i < json_array_size(c); i++) {
			int rc = read_polygon(z, json_array_get(c, i), where);
			if (rc < 0)
				return rc;
		}
		return 0;
	}
	if (strcmp(type, "GeometryCollection") == 0 && depth < 4) {
		json_t *gs = json_object_get(g, "geometries");
		if (!json_is_array(gs))
			return lk_error_set(LK_EFORMAT, "geojson: %s: GeometryCollection without "
			                    "\"geometries\"", where);
		for (size_t i = 0; i < json_array_size(gs); i++) {
			int rc = read_geometry(z, json_array_get(gs, i), where, depth + 1);
			if (rc < 0)
				return rc;
		}
		return 0;
	}
	/* points and lines enclose nothing */
	return 0;
}

static bool pip_full(const lk_ais_zone *z, double lat, double lon)
{
	bool in = false;
	for (size_t r = 0; r < z->nrings; r++) {
		size_t a = z->ring_start[r], b = z->ring_start[r + 1];
		for (size_t i = a, j = b - 1; i < b; j = i++) {
			double yi = z->lat[i], yj = z->lat[j];
			if ((yi > lat) != (yj > lat)) {
				double x = z->lon[i] + (lat - yi) * (z->lon[j] - z->lon[i]) / (yj - yi);
				if (lon < x)
					in = !in;
			}
		}
	}
	return in;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static int zone_build_grid(lk_ais_zone *z)
{
	z->min_lat = z->max_lat = z->lat[0];
	z->min_lon = z->max_lon = z->lon[0];
	for (size_t i = 1; i < z->nverts; i++) {
		z->min_lat = fmin(z->min_lat, z->lat[i]);
		z->max_lat = fmax(z->max_lat, z->lat[i]);
		z->min_lon = fmin(z->min_lon, z->lon[i]);
		z->max_lon = fmax(z->max_lon, z->lon[i]);
	}
	z->gw = z->gh = ZONE_GRID;
	z->cw = (z->max_lon - z->min_lon) / z->gw;
	z->ch = (z->max_lat - z->min_lat) / z->gh;
	if (!(z->cw > 0) || !(z->ch > 0)) {
		z->gw = z->gh = 0;  /* degenerate: no area, nothing is inside */
		return 0;
	}
	z->cells = calloc((size_t)z->gw * (size_t)z->gh, 1);
	if (!z->cells)
		return lk_error_set(LK_ENOMEM, "geojson: out of memory");
	/* cells an edge's bounding box touches are edge cells */
	for (size_t r = 0; r < z->nrings; r++) {
		size_t a = z->ring_start[r], b = z->ring_start[r + 1];
		for (size_t i = a, j = b - 1; i < b; j = i++) {
			int x0 = (int)floor((fmin(z->lon[i], z->lon[j]) - z->min_lon) / z->cw);
			int x1 = (int)floor((fmax(z->lon[i], z->lon[j]) - z->min_lon) / z->cw);
			int y0 = (int)floor((fmin(z->lat[i], z->lat[j]) - z->min_lat) / z->ch);
			int y1 = (int)floor((fmax(z->lat[i], z->lat[j]) - z->min_lat) / z->ch);
			x0 = x0 < 0 ? 0 : x0, y0 = y0 < 0 ? 0 : y0;
			x1 = x1 >= z->gw ? z->gw - 1 : x1, y1 = y1 >= z->gh ? z->gh - 1 : y1;
			for (int y = y0; y <= y1; y++)
				for (int x = x0; x <= x1; x++)
					z->cells[(size_t)y * (size_t)z->gw + (size_t)x] = CELL_EDGE;
		}
	}
	/* any other cell lies wholly on one side, and its centre tells which: one scan line per
	 * row through the centres, crossing counts taken as in pip_full() */
	double *xs = malloc(z->nverts * sizeof(*xs));
	if (!xs)
		return lk_error_set(LK_ENOMEM, "geojson: out of memory");
	for (int y = 0; y < z->gh; y++) {
		double lat = z->min_lat + (y + 0.5) * z->ch;
		size_t n = 0;
		for (size_t r = 0; r < z->nrings; r++) {
			size_t a = z->ring_start[r], b = z->ring_start[r + 1];
			for (size_t i = a, j = b - 1; i < b; j = i++) {
				double yi = z->lat[i], yj = z->lat[j];
				if ((yi > lat) != (yj > lat))
					xs[n++] = z->lon[i] + (lat - yi) * (z->lon[j] - z->lon[i]) / (yj - yi);
			}
		}
		qsort(xs, n, sizeof(*xs), cmp_double);
		size_t k = 0;  /* crossings at or west of the cell centre */
		for (int x = 0; x < z->gw; x++) {
			double lon = z->min_lon + (x + 0.5) * z->cw;
			while (k < n && xs[k] <= lon)
				k++;
			uint8_t *c = &z->cells[(size_t)y * (size_t)z->gw + (size_t)x];
			if (*c != CELL_EDGE)
				*c = (n - k) % 2 ? CELL_IN : CELL_OUT;
		}
	}
	free(xs);
	return 0;
}

int lk_ais_zone_parse(lk_ais_zone **out, const char *text, size_t len, const char *name)
{
	assert(out && (text || len == 0));
	*out = NULL;
	if (len > LK_AIS_ZONE_MAX_BYTES)
		return lk_error_set(LK_ETOOBIG, "geojson: larger than %zu bytes",
		                    LK_AIS_ZONE_MAX_BYTES);
	json_error_t err;
	json_t *root = json_loadb(text ? text : "", len, 0, &err);
	if (!root)
		return lk_error_set(LK_EFORMAT, "geojson: line %d, column %d: %s", err.line,
		                    err.column, err.text);
	int rc = 0;
	lk_ais_zone *z = calloc(1, sizeof(*z));
	if (!z) {
		rc = lk_error_set(LK_ENOMEM, "geojson: out of memory");
		goto done;
	}
	snprintf(z->name, sizeof(z->name), "%s", name ? name : "zone");
	const char *type = json_is_object(root) ? json_string_value(json_object_get(root, "type"))
	                                        : NULL;
	if (!type) {
		rc = lk_error_set(LK_EFORMAT, "geojson: the document is not an object with a "
		                  "\"type\"");
		goto done;
	}
	if (strcmp(type, "FeatureCollection") == 0) {
		json_t *fs = json_object_get(root, "features");
		if (!json_is_array(fs)) {
			rc = lk_error_set(LK_EFORMAT, "geojson: FeatureCollection without \"features\"");
			goto done;
		}
		for (size_t i = 0; i < json_array_size(fs) && rc == 0; i++) {
			char where[32];
			snprintf(where, sizeof(where), "feature %zu", i + 1);
			json_t *f = json_array_get(fs, i);
			if (!json_is_object(f))
				rc = lk_error_set(LK_EFORMAT, "geojson: %s is not an object", where);
			else
				rc = read_geometry(z, json_object_get(f, "geometry"), where, 0);
		}
	} else if (strcmp(type, "Feature") == 0) {
		rc = read_geometry(z, json_object_get(root, "geometry"), "feature", 0);
	} else {
		rc = read_geometry(z, root, "geometry", 0);
	}
	if (rc < 0)
		goto done;
	if (z->nverts == 0) {
		rc = lk_error_set(LK_EINVALID, "geojson: no Polygon or MultiPolygon in the document");
		goto done;
	}
	if ((rc = zone_build_grid(z)) < 0)
		goto done;
	*out = z;
	z = NULL;
done:
	lk_ais_zone_free(z);
	json_decref(root);
	return rc;
}

int lk_ais_zone_load(lk_ais_zone **out, const char *path, const char *name)
{
	char *text = NULL;
	size_t len = 0;
	*out = NULL;
	int rc = read_file(path, LK_AIS_ZONE_MAX_BYTES, &text, &len);
	if (rc < 0)
		return rc;
	rc = lk_ais_zone_parse(out, text, len, name);
	if (rc < 0)
		lk_error_prefix("%s", path);
	free(text);
	return rc;
}

bool lk_ais_zone_contains(const lk_ais_zone *z, double lat, double lon)
{
	if (!(lat >= z->min_lat && lat <= z->max_lat && lon >= z->min_lon && lon <= z->max_lon))
		return false;
	if (z->gw == 0)
		return false;
	int x = (int)((lon - z->min_lon) / z->cw), y = (int)((lat - z->min_lat) / z->ch);
	x = x >= z->gw ? z->gw - 1 : x;
	y = y >= z->gh ? z->gh - 1 : y;
	uint8_t c = z->cells[(size_t)y * (size_t)z->gw + (size_t)x];
	if (c != CELL_EDGE)
		return c == CELL_IN;
	return pip_full(z, lat, lon);
}

/* Distance from p to segment ab in a plane (metres). */
static double seg_dist(double px, double py, double ax, double ay, double bx, double by)
{
	double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
	double t = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0.0;
	t = t < 0 ? 0 : t > 1 ? 1 : t;
	double ex = ax + t * dx - px, ey = ay + t * dy - py;
	return sqrt(ex * ex + ey * ey);
}

double lk_ais_zone_distance_m(const lk_ais_zone *z, double lat, double lon, double limit_m)
{
	/* distance to the bounding box first: a lower bound of the distance to the zone */
	double blat = lat < z->min_lat ? z->min_lat : lat > z->max_lat ? z->max_lat : lat;
	double blon = lon < z->min_lon ? z->min_lon : lon > z->max_lon ? z->max_lon : lon;
	double box = lk_ais_distance_m(lat, lon, blat, blon);
	if (box > limit_m)
		return box;
	if (lk_ais_zone_contains(z, lat, lon))
		return 0.0;
	/* project around the point: x east, y north, in metres */
	double kx = EARTH_R * DEG * cos(lat * DEG), ky = EARTH_R * DEG;
	double best = INFINITY;
	for (size_t r = 0; r < z->nrings; r++) {
		size_t a = z->ring_start[r], b = z->ring_start[r + 1];
		for (size_t i = a, j = b - 1; i < b; j = i++) {
			double d = seg_dist(0, 0, (z->lon[j] - lon) * kx, (z->lat[j] - lat) * ky,
			                    (z->lon[i] - lon) * kx, (z->lat[i] - lat) * ky);
			if (d < best)
				best = d;
		}
	}
	return best;
}

/* ---- ports ---- */

typedef struct port {
	int64_t cell;
	double lat, lon;
	uint32_t name;                /* offset into names */
} port;

struct lk_ais_ports {
	port *p;
	size_t n;
	char *names;
};

static int64_t port_cell(int row, int col)
{
	return (int64_t)row * 4096 + col;
}

static int port_row(double lat)
{
	return (int)floor((lat + 90.0) / PORT_CELL);
}

static int port_col(double lon)
{
	int c = (int)floor((lon + 180.0) / PORT_CELL);
	int ncol = (int)(360.0 / PORT_CELL);
	return ((c % ncol) + ncol) % ncol;
}

static int cmp_port(const void *a, const void *b)
{
	const port *x = a, *y = b;
	return x->cell < y->cell ? -1 : x->cell > y->cell;
}

void lk_ais_ports_free(lk_ais_ports *p)
{
	if (!p)
		return;
	free(p->p);
	free(p->names);
	free(p);
}

size_t lk_ais_ports_count(const lk_ais_ports *p)
{
	return p->n;
}

/* Parse a number that fills the field [s, e) (spaces around allowed). */
static bool field_number(const char *s, const char *e, double *out)
{
	char tmp[64];
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	size_t n = (size_t)(e - s);
	if (n == 0 || n >= sizeof(tmp))
		return false;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	char *end;
	errno = 0;
	double v = strtod(tmp, &end);
	if (*end != '\0' || errno != 0 || !isfinite(v))
		return false;
	*out = v;
	return true;
}

int lk_ais_ports_parse(lk_ais_ports **out, const char *text, size_t len)
{
	assert(out && (text || len == 0));
	*out = NULL;
	int rc = 0;
	size_t cap = 0, ncap = 0, nlen = 0;
	lk_ais_ports *ps = calloc(1, sizeof(*ps));
	if (!ps)
		return lk_error_set(LK_ENOMEM, "ports: out of memory");
	const char *s = text, *end = text + len;
	long line = 0;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *le = nl ? nl : end;
		line++;
		const char *ls = s;
		s = nl ? nl + 1 : end;
		while (ls < le && (*ls == ' ' || *ls == '\t'))
			ls++;
		if (ls == le || *ls == '#' || (le - ls == 1 && *ls == '\r'))
			continue;
		const char *c1 = memchr(ls, ',', (size_t)(le - ls));
		const char *c2 = c1 ? memchr(c1 + 1, ',', (size_t)(le - c1 - 1)) : NULL;
		double lat, lon;
		bool ok = c1 && field_number(ls, c1, &lat) && field_number(c1 + 1, c2 ? c2 : le, &lon);
		if (!ok && line == 1 && !(c1 && field_number(ls, c1, &lat)))
			continue;  /* a header line */
		if (!ok) {
			rc = lk_error_set(LK_EINVALID, "ports: line %ld: expected lat,lon[,name]", line);
			goto done;
		}
		if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) {
			rc = lk_error_set(LK_EINVALID, "ports: line %ld: position (%g, %g) out of range",
			                  line, lat, lon);
			goto done;
		}
		if (ps->n >= PORTS_MAX) {
			rc = lk_error_set(LK_ETOOBIG, "ports: more than %zu ports", PORTS_MAX);
			goto done;
		}
		if (ps->n == cap) {
			cap = cap ? cap * 2 : 256;
			port *np = realloc(ps->p, cap * sizeof(*np));
			if (!np) {
				rc = lk_error_set(LK_ENOMEM, "ports: out of memory");
				goto done;
			}
			ps->p = np;
		}
		/* the name: the rest of the line, at most 63 bytes, quotes and CR stripped */
		const char *ns = c2 ? c2 + 1 : le, *ne = le;
		while (ne > ns && (ne[-1] == '\r' || ne[-1] == ' '))
			ne--;
		if (ne - ns >= 2 && *ns == '"' && ne[-1] == '"')
			ns++, ne--;
		size_t nn = (size_t)(ne - ns) > 63 ? 63 : (size_t)(ne - ns);
		if (nlen + nn + 1 > ncap) {
			size_t nc = ncap ? ncap * 2 : 4096;
			while (nc < nlen + nn + 1)
				nc *= 2;
			char *nb = realloc(ps->names, nc);
			if (!nb) {
				rc = lk_error_set(LK_ENOMEM, "ports: out of memory");
				goto done;
			}
			ps->names = nb;
			ncap = nc;
		}
		memcpy(ps->names + nlen, ns, nn);
		ps->names[nlen + nn] = '\0';
		ps->p[ps->n] = (port){port_cell(port_row(lat), port_col(lon)), lat, lon,
		                      (uint32_t)nlen};
		nlen += nn + 1;
		ps->n++;
	}
	if (ps->n > 1)
		qsort(ps->p, ps->n, sizeof(*ps->p), cmp_port);
	*out = ps;
	ps = NULL;
done:
	lk_ais_ports_free(ps);
	return rc;
}

int lk_ais_ports_load(lk_ais_ports **out, const char *path)
{
	char *text = NULL;
	size_t len = 0;
	*out = NULL;
	int rc = read_file(path, (size_t)256 << 20, &text, &len);
	if (rc < 0)
		return rc;
	rc = lk_ais_ports_parse(out, text, len);
	if (rc < 0)
		lk_error_prefix("%s", path);
	free(text);
	return rc;
}

double lk_ais_ports_nearest_m(const lk_ais_ports *p, double lat, double lon, double limit_m,
                              const char **name)
{
	double best = INFINITY;
	const port *bp = NULL;
	if (name)
		*name = NULL;
	if (!p || p->n == 0)
		return best;
	if (limit_m > 50000.0)
		limit_m = 50000.0;
	int row = port_row(lat), ncol = (int)(360.0 / PORT_CELL);
	double c = cos(fmin(fabs(lat) + PORT_CELL, 90.0) * DEG);
	double dlon = c > 1e-6 ? limit_m / (EARTH_R * DEG * c) : 360.0;
	int span = (int)ceil(dlon / PORT_CELL);
	if (span > ncol / 2)
		span = ncol / 2;
	int col = port_col(lon);
	for (int r = row - 1; r <= row + 1; r++) {
		for (int dc = -span; dc <= span; dc++) {
			if (span == ncol / 2 && dc == span)
				break;  /* the whole row once */
			int cc = ((col + dc) % ncol + ncol) % ncol;
			int64_t key = port_cell(r, cc);
			size_t lo = 0, hi = p->n;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (p->p[mid].cell < key)
					lo = mid + 1;
				else
					hi = mid;
			}
			for (; lo < p->n && p->p[lo].cell == key; lo++) {
				double d = lk_ais_distance_m(lat, lon, p->p[lo].lat, p->p[lo].lon);
				if (d < best) {
					best = d;
					bp = &p->p[lo];
				}
			}
		}
	}
	if (name && bp)
		*name = p->names + bp->name;
	return best;
}
