/*
 * api_meta.c - /metrics (Prometheus text format), /openapi.json, and the web UI's static
 * files.
 *
 * Static files: the path is checked segment by segment (no "..", no ".", no hidden files,
 * no backslashes or NULs) and must resolve inside the web root; "/" and directories serve
 * their index.html. HTML is revalidated on every load (no-cache) so that a new UI shows at
 * once; other files may be cached for five minutes; every file carries an ETag made of its
 * size and modification time, and If-None-Match answers 304.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "server.h"
#ifdef SRV_HAVE_MONITOR
#include "lookout/monitor.h"
#endif

/* upper bounds of the latency buckets, seconds */
static const double lat_bounds[SRV_LAT_BUCKETS] = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                   0.025,  0.05,  0.1,    0.25,  0.5,
                                                   1,      2.5,   5,      10};

void srv_metrics_observe(srv_state *s, int route_index, int status, double seconds)
{
	srv_route_metrics *m =
		&s->route_metrics[route_index >= 0 && route_index < SRV_MAX_ROUTES ? route_index
		                                                                   : SRV_MAX_ROUTES];
	int cls = status / 100;
	size_t b = 0;

	if (cls < 1 || cls > 5)
		cls = 5;
	atomic_fetch_add(&m->count[cls], 1);
	while (b < SRV_LAT_BUCKETS && seconds > lat_bounds[b])
		b++;
	atomic_fetch_add(&m->buckets[b], 1);
	atomic_fetch_add(&m->sum_us, (unsigned long long)(seconds * 1e6));
}

/* seconds since an ISO 8601 UTC time ("2026-11-29T10:00:00Z"), or -1 */
static double age_of(const char *iso)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	if (sscanf(iso, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
	           &tm.tm_min, &tm.tm_sec) != 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return difftime(time(NULL), timegm(&tm));
}

static void route_metrics(lk_buf *b, const char *route, const srv_route_metrics *m)
{
	unsigned long long cum = 0, total = 0;

	for (int c = 1; c <= 5; c++) {
		unsigned long long n = atomic_load(&m->count[c]);

		total += n;
		if (n)
			lk_buf_printf(b, "lookout_http_requests_total{route=\"%s\",code=\"%dxx\"} %llu\n",
			              route, c, n);
	}
	if (!total)
		return;
	for (size_t i = 0; i <= SRV_LAT_BUCKETS; i++) {
		cum += atomic_load(&m->buckets[i]);
		if (i < SRV_LAT_BUCKETS)
			lk_buf_printf(b,
			              "lookout_http_request_duration_seconds_bucket{route=\"%s\","
			              "le=\"%g\"} %llu\n",
			              route, lat_bounds[i], cum);
		else
			lk_buf_printf(b,
			              "lookout_http_request_duration_seconds_bucket{route=\"%s\","
			              "le=\"+Inf\"} %llu\n",
			              route, cum);
	}
	lk_buf_printf(b, "lookout_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n", route,
	              (double)atomic_load(&m->sum_us) / 1e6);
	lk_buf_printf(b, "lookout_http_request_duration_seconds_count{route=\"%s\"} %llu\n", route,
	              cum);
}

void api_metrics(srv_state *s, srv_req *r)
{
	lk_buf *b = &r->out;
	lk_index *ix = srv_index_get(s);
	lk_index_stats st;

	lk_buf_clear(b);
	lk_buf_puts(b, "# HELP lookout_http_requests_total HTTP requests by route and status "
	               "class.\n# TYPE lookout_http_requests_total counter\n"
	               "# HELP lookout_http_request_duration_seconds Time from the request's "
	               "headers to its completion.\n"
	               "# TYPE lookout_http_request_duration_seconds histogram\n");
	for (size_t i = 0; i < srv_route_count() && i < SRV_MAX_ROUTES; i++) {
		char route[96];

		snprintf(route, sizeof route, "%s %s", srv_routes[i].method, srv_routes[i].pattern);
		route_metrics(b, route, &s->route_metrics[i]);
	}
	route_metrics(b, "unmatched", &s->route_metrics[SRV_MAX_ROUTES]);
	lk_buf_printf(b,
	              "# HELP lookout_http_rejected_total Requests refused to protect the "
	              "server.\n# TYPE lookout_http_rejected_total counter\n"
	              "lookout_http_rejected_total{reason=\"overload\"} %llu\n"
	              "lookout_http_rejected_total{reason=\"key_concurrency\"} %llu\n"
	              "# TYPE lookout_http_requests_in_flight gauge\n"
	              "lookout_http_requests_in_flight %u\n",
	              atomic_load(&s->rejected_overload), atomic_load(&s->rejected_key_cap),
	              atomic_load(&s->inflight));
	pthread_mutex_lock(&s->qlock);
	lk_buf_printf(b, "# TYPE lookout_worker_queue_length gauge\nlookout_worker_queue_length %zu\n"
	              "# TYPE lookout_worker_queue_capacity gauge\n"
	              "lookout_worker_queue_capacity %zu\n",
	              s->qlen, s->qcap);
	pthread_mutex_unlock(&s->qlock);
	if (ix) {
		lk_index_stats_get(ix, &st);
		lk_buf_printf(b,
		              "# HELP lookout_index_entities Entities in the screening index.\n"
		              "# TYPE lookout_index_entities gauge\nlookout_index_entities %zu\n"
		              "# TYPE lookout_index_names gauge\nlookout_index_names %zu\n"
		              "# TYPE lookout_index_bytes gauge\nlookout_index_bytes %zu\n"
		              "# HELP lookout_index_from_snapshot 1 if the index was loaded from the "
		              "store's index snapshot, 0 if it was built from the lists.\n"
		              "# TYPE lookout_index_from_snapshot gauge\nlookout_index_from_snapshot %d\n",
		              st.entities, st.names, st.bytes,
		              lk_index_origin_of(ix) == LK_INDEX_ORIGIN_SNAPSHOT ? 1 : 0);
		lk_index_unref(ix);
	}
	lk_buf_printf(b,
	              "# TYPE lookout_index_swaps_total counter\nlookout_index_swaps_total %llu\n"
	              "# TYPE lookout_index_build_failures_total counter\n"
	              "lookout_index_build_failures_total %llu\n"
	              "# TYPE lookout_ready gauge\nlookout_ready %d\n"
	              "# TYPE lookout_startup_to_ready_seconds gauge\n"
	              "lookout_startup_to_ready_seconds %.6f\n"
	              "# TYPE lookout_index_build_seconds gauge\n"
	              "lookout_index_build_seconds %.6f\n"
	              "# TYPE lookout_index_build_cpu_seconds gauge\n"
	              "lookout_index_build_cpu_seconds %.6f\n",
	              atomic_load(&s->index_swaps), atomic_load(&s->index_failures),
	              atomic_load(&s->ready) ? 1 : 0, s->ready_seconds, s->build_seconds,
	              s->build_cpu_seconds);
	lk_buf_puts(b, "# HELP lookout_list_version Active version id of each list.\n"
	               "# TYPE lookout_list_version gauge\n"
	               "# HELP lookout_list_entities Entities in the active version of each list.\n"
	               "# TYPE lookout_list_entities gauge\n"
	               "# HELP lookout_list_age_seconds Time since the active version was "
	               "imported.\n# TYPE lookout_list_age_seconds gauge\n");
	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < s->nversions; i++) {
		const lk_version_info *v = &s->versions[i];

		lk_buf_printf(b, "lookout_list_version{source=\"%s\",hash=\"%.12s\"} %lld\n",
		              v->source, v->hash, (long long)v->id);
		lk_buf_printf(b, "lookout_list_entities{source=\"%s\"} %zu\n", v->source,
		              v->entities);
		lk_buf_printf(b, "lookout_list_age_seconds{source=\"%s\"} %.0f\n", v->source,
		              age_of(v->imported_at));
	}
	pthread_mutex_unlock(&s->lock);
#ifdef SRV_HAVE_MONITOR
	/* alerts by status, counted from the store at each scrape (a worker route) */
	lk_store *store = srv_store(r);
	size_t by[LK_ALERT__COUNT];

	if (!store)
		return;
	if (lk_alerts_count(store, by) == 0) {
		lk_buf_puts(b, "# HELP lookout_alerts Alerts by status.\n# TYPE lookout_alerts gauge\n");
		for (int i = 0; i < LK_ALERT__COUNT; i++)
			lk_buf_printf(b, "lookout_alerts{status=\"%s\"} %zu\n",
			              lk_alert_status_name((lk_alert_status)i), by[i]);
	}
#endif
	r->status = 200;
	r->ctype = "text/plain; version=0.0.4; charset=utf-8";
}

/* The document as served: docs/openapi.json without the paths of routes this build does not
 * mount (monitoring before it exists), so that clients can tell what is there. */
static char *served_doc;
static pthread_once_t served_once = PTHREAD_ONCE_INIT;

static void build_served_doc(void)
{
	json_t *doc = json_loadb((const char *)srv_openapi_json, srv_openapi_json_len, 0, NULL);
	json_t *paths = json_object_get(doc, "paths"), *keep = json_object(), *ops;
	const char *path;

	json_object_foreach(paths, path, ops) {
		bool mounted = false;

		for (size_t i = 0; srv_routes[i].method && !mounted; i++) {
			const char *pat = strcmp(srv_routes[i].pattern, "/{*}") == 0 ? "/{path}"
			                                                              : srv_routes[i].pattern;

			mounted = strcmp(pat, path) == 0;
		}
		if (mounted)
			json_object_set(keep, path, ops);
	}
	json_object_set_new(doc, "paths", keep);
	served_doc = doc ? json_dumps(doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(doc);
}

void api_openapi(srv_state *s, srv_req *r)
{
	(void)s;
	pthread_once(&served_once, build_served_doc);
	if (!served_doc) {
		srv_error(r, 500, "internal", "the OpenAPI document cannot be read");
		return;
	}
	lk_buf_clear(&r->out);
	lk_buf_puts(&r->out, served_doc);
	r->status = 200;
	r->ctype = "application/json";
	r->cache_control = "public, max-age=300";
}

static const struct {
	const char *ext;
	const char *type;
} content_types[] = {
	{".html", "text/html; charset=utf-8"},
	{".htm", "text/html; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".mjs", "text/javascript; charset=utf-8"},
	{".json", "application/json"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".jpg", "image/jpeg"},
	{".jpeg", "image/jpeg"},
	{".gif", "image/gif"},
	{".ico", "image/x-icon"},
	{".webp", "image/webp"},
	{".woff2", "font/woff2"},
	{".woff", "font/woff"},
	{".txt", "text/plain; charset=utf-8"},
	{".map", "application/json"},
	{".webmanifest", "application/manifest+json"},
};

static const char *content_type(const char *path)
{
	const char *dot = strrchr(path, '.');

	for (size_t i = 0; dot && i < LK_ARRAY_SIZE(content_types); i++)
		if (strcasecmp(dot, content_types[i].ext) == 0)
			return content_types[i].type;
	return "application/octet-stream";
}

/* Every segment a plain name: no "", ".", "..", hidden files, backslashes or control
 * characters. */
static bool safe_path(const char *p)
{
	if (*p != '/')
		return false;
	for (const char *seg = p + 1; *seg;) {
		const char *e = strchr(seg, '/');
		size_t n = e ? (size_t)(e - seg) : strlen(seg);

		if (n == 0 && e)
			return false;
		if (n > 0 && seg[0] == '.')
			return false;
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)seg[i] < 0x20 || seg[i] == '\\' || seg[i] == 0x7f)
				return false;
		if (!e)
			break;
		seg = e + 1;
	}
	return true;
}

void api_static(srv_state *s, srv_req *r)
{
	char path[PATH_MAX + 64], real[PATH_MAX], root[PATH_MAX];
	const char *inm;
	struct stat sb;
	int fd;

	if (!s->cfg.web) {
		srv_error(r, 404, "not_found", "no such endpoint (and no web UI: serve --web DIR)");
		return;
	}
	if (!safe_path(r->url)) {
		srv_error(r, 400, "bad_path", "the path has a forbidden segment");
		return;
	}
	snprintf(path, sizeof path, "%s%s", s->cfg.web, r->url);
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		size_t len = strlen(path);

		snprintf(path + len, sizeof path - len, "%sindex.html",
		         len && path[len - 1] == '/' ? "" : "/");
	}
	/* the file must resolve inside the root (symlinks included) */
	if (!realpath(s->cfg.web, root) || !realpath(path, real) ||
	    strncmp(real, root, strlen(root)) != 0 ||
	    (real[strlen(root)] != '/' && real[strlen(root)] != '\0')) {
		srv_error(r, 404, "not_found", "no such file or endpoint: %s", r->url);
		return;
	}
	fd = open(real, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		if (fd >= 0)
			close(fd);
		srv_error(r, 404, "not_found", "no such file or endpoint: %s", r->url);
		return;
	}
	snprintf(r->etag, sizeof r->etag, "\"%llx-%llx\"", (unsigned long long)sb.st_size,
	         (unsigned long long)sb.st_mtime);
	r->ctype = content_type(real);
	r->cache_control = strncmp(r->ctype, "text/html", 9) == 0 ? "no-cache"
	                                                          : "public, max-age=300";
	inm = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "If-None-Match");
	if (inm && strcmp(inm, r->etag) == 0) {
		close(fd);
		r->status = 304;
		return;
	}
	r->fd = fd;
	r->fd_size = (uint64_t)sb.st_size;
	r->status = 200;
}
