/*
 * cmd_ais_analyze.c - `lookout ais analyze`: stream NMEA files through the AIS decoder and the
 * detectors (ais_detect.h) and write the events as JSON lines (and a GeoJSON FeatureCollection
 * when asked). Messages are timed by their NMEA 4.0 tag block (c:); the files are read in the
 * order given, which should be time order.
 *
 * The DPRK EEZ comes from --eez, else from $LOOKOUT_DATA/geo/eez_prk.geojson when it exists;
 * the designated-vessel check uses the lists in the store (--db) and is skipped, with a note,
 * when there is no store or it holds no lists. Memory is bounded by the detector's time window
 * and the decoder's limits, whatever the size of the input.
 *
 * Two threads share the work: this one reads and decodes, a worker runs the detectors (and
 * writes the events). Decoded messages pass between them in batches through a bounded queue
 * of QUEUE_BATCHES buffers, so memory stays fixed and the two cores of a small machine are
 * both busy. Only the worker touches the detector until it is joined.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lookout/ais_detect.h"
#include "cli_ais.h"
#include "cli_match.h"

const char cli_help_ais_analyze[] =
	"usage: lookout ais analyze [options] FILE...\n"
	"\n"
	"Detect sanctions-evasion indicators in AIS NMEA logs (timed by NMEA 4.0 tag blocks):\n"
	"designated vessels, encounters (possible ship-to-ship transfers), loitering, dark\n"
	"periods, identity changes, bad and shared IMO numbers, spoofed positions and entries into\n"
	"the DPRK EEZ. Events are written as JSON lines; see docs/AIS.md for each type.\n"
	"\n"
	"Options:\n"
	"      --since T        ignore messages before T (YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ or\n"
	"                       Unix seconds)\n"
	"      --until T        ignore messages after T\n"
	"      --out FILE       write the events (JSON lines) to FILE instead of stdout\n"
	"      --geojson FILE   also write the events as a GeoJSON FeatureCollection\n"
	"      --ports FILE     ports and anchorages, CSV lat,lon[,name]: encounters and\n"
	"                       loitering within port_distance_km of one are dropped\n"
	"      --eez FILE       the zone (GeoJSON polygon) for zone entries and dark periods;\n"
	"                       default $LOOKOUT_DATA/geo/eez_prk.geojson; 'none' for no zone\n"
	"      --param K=V      set a detector parameter (repeatable); --param help lists them\n"
	"      --json           print the events as JSON lines on stdout (the default is a\n"
	"                       text line: type, MMSI, start, end, latitude, longitude)\n"
	"      --db PATH        the store whose lists are screened for designated vessels\n"
	"  -q, --quiet          no summary on stderr\n"
	"  -h, --help           show this help\n"
	"\n"
	"Examples:\n"
	"  lookout ais analyze --json day1.nmea day2.nmea > events.jsonl\n"
	"  lookout ais analyze --out events.jsonl --geojson events.geojson \\\n"
	"      --ports ports.csv --param enc_distance_m=300 feed.nmea\n"
	"\n"
	"Exit codes:\n"
	"   0  the input was analysed\n"
	"   2  invalid usage (an unknown parameter, a bad time)\n"
	"   6  the input was analysed to the end, but some lines were errors (see stderr)\n"
	"  65  the ports or zone file is malformed\n"
	"  74  a file cannot be read or written\n";

#define MAX_PARAMS 64
#define MAX_LISTED 20

typedef struct analyze_run {
	FILE *out;                    /* JSON lines, or NULL */
	bool text;                    /* text lines on stdout */
	FILE *geo;                    /* GeoJSON, or NULL */
	long nfeatures;
	lk_buf buf;
	int err;                      /* first write error */
	long listed;
	const char *path;
} analyze_run;

static void on_event(void *ud, const lk_ais_event *ev)
{
	analyze_run *r = ud;
	if (r->out) {
		lk_buf_clear(&r->buf);
		if (lk_ais_event_to_json(ev, &r->buf) == 0) {
			fputs(lk_buf_cstr(&r->buf), r->out);
			fputc('\n', r->out);
		}
	}
	if (r->text) {
		lk_buf_clear(&r->buf);
		lk_buf_printf(&r->buf, "%s\t%09u\t", lk_ais_event_type_name(ev->type),
		              (unsigned)ev->mmsi);
		char t[2][32];
		for (int i = 0; i < 2; i++) {
			time_t tt = (time_t)(i ? ev->end : ev->start);
			struct tm tm;
			if (!gmtime_r(&tt, &tm) || !strftime(t[i], sizeof(t[i]), "%Y-%m-%dT%H:%M:%SZ", &tm))
				snprintf(t[i], sizeof(t[i]), "?");
		}
		if (ev->has_position)
			printf("%s%s\t%s\t%.6f\t%.6f\n", lk_buf_cstr(&r->buf), t[0], t[1], ev->lat,
			       ev->lon);
		else
			printf("%s%s\t%s\t\t\n", lk_buf_cstr(&r->buf), t[0], t[1]);
	}
	if (r->geo) {
		lk_buf_clear(&r->buf);
		if (lk_ais_event_to_geojson(ev, &r->buf) == 0) {
			fputs(r->nfeatures++ ? ",\n" : "\n", r->geo);
			fputs(lk_buf_cstr(&r->buf), r->geo);
		}
	}
}

static void on_error(void *ud, lk_ais_error_kind kind, long line, const char *msg)
{
	analyze_run *r = ud;
	if (r->listed++ < MAX_LISTED)
		fprintf(stderr, "lookout ais analyze: %s: line %ld: %s: %s\n", r->path, line,
		        lk_ais_error_name(kind), msg);
}

/* YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS[Z] or Unix seconds. */
static bool parse_time(const char *s, int64_t *out)
{
	int y, mo, d, h = 0, mi = 0, se = 0, n = 0;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &se, &n) == 6 ||
	    (n = 0, sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) == 3)) {
		const char *rest = s + n;
		if (*rest == 'Z')
			rest++;
		if (*rest != '\0' || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
		    se > 60)
			return false;
		struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h,
		                .tm_min = mi, .tm_sec = se};
		*out = (int64_t)timegm(&tm);
		return true;
	}
	return cli_parse_int64(s, out);
}

static int print_params(void)
{
	lk_ais_detect_params p = LK_AIS_DETECT_PARAMS_INIT;
	lk_buf b;
	lk_buf_init(&b, 1 << 16);
	int rc = lk_ais_detect_params_print(&p, &b);
	if (rc == 0)
		fputs(lk_buf_cstr(&b), stdout);
	lk_buf_dispose(&b);
	return rc;
}

static void print_summary(const lk_ais_stats *ds, long lines_err, const lk_ais_detect_stats *st)
{
	fprintf(stderr, "lookout ais analyze: %ld lines, %ld messages, %ld decode errors; "
	                "%ld positions, %ld static reports, %ld untimed, %ld out of order; "
	                "vessels %zu peak, %ld evicted; peak memory %.1f MB\n",
	        ds->lines, ds->messages, lines_err, st->positions, st->statics, st->untimed,
	        st->out_of_order, st->peak_vessels, st->evicted_vessels,
	        (double)st->peak_bytes / 1048576.0);
	fprintf(stderr, "lookout ais analyze: events:");
	for (int t = 0; t < LK_AIS_EV__COUNT; t++)
		fprintf(stderr, " %s %ld", lk_ais_event_type_name((lk_ais_event_type)t), st->events[t]);
	fprintf(stderr, "\n");
}

/* ---- the decoder -> detector queue ---- */

#define BATCH_MSGS 2048
#define QUEUE_BATCHES 4

typedef struct batch {
	lk_ais_msg m[BATCH_MSGS];
	size_t n;
} batch;

typedef struct pipeline {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	batch *slots[QUEUE_BATCHES];  /* all the buffers */
	size_t full[QUEUE_BATCHES];   /* indexes of filled buffers, in order: a ring */
	size_t fhead, fn;
	size_t empty[QUEUE_BATCHES];  /* indexes of free buffers: a stack */
	size_t en;
	bool done;                    /* the reader has no more */
	bool failed;                  /* the worker stopped on an error */
	lk_ais_detect *det;
	int rc;                       /* the worker's error, and its message */
	char msg[sizeof(((lk_error *)0)->message)];
} pipeline;

static void *detect_worker(void *arg)
{
	pipeline *p = arg;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->fn == 0 && !p->done)
			pthread_cond_wait(&p->cv, &p->mu);
		if (p->fn == 0)
			break;
		size_t i = p->full[p->fhead];
		p->fhead = (p->fhead + 1) % QUEUE_BATCHES;
		p->fn--;
		pthread_mutex_unlock(&p->mu);
		batch *b = p->slots[i];
		int rc = lk_ais_detect_add_batch(p->det, b->m, NULL, b->n);
		b->n = 0;
		pthread_mutex_lock(&p->mu);
		p->empty[p->en++] = i;
		if (rc < 0) {
			p->rc = rc;
			snprintf(p->msg, sizeof(p->msg), "%s", lk_error_last()->message);
			p->failed = true;
			pthread_cond_broadcast(&p->cv);
			break;
		}
		pthread_cond_broadcast(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* A free buffer for the reader, or NULL when the worker has failed. */
static batch *pipeline_take(pipeline *p, size_t *idx)
{
	pthread_mutex_lock(&p->mu);
	while (p->en == 0 && !p->failed)
		pthread_cond_wait(&p->cv, &p->mu);
	batch *b = NULL;
	if (!p->failed) {
		*idx = p->empty[--p->en];
		b = p->slots[*idx];
	}
	pthread_mutex_unlock(&p->mu);
	return b;
}

static void pipeline_give(pipeline *p, size_t idx)
{
	pthread_mutex_lock(&p->mu);
	p->full[(p->fhead + p->fn) % QUEUE_BATCHES] = idx;
	p->fn++;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

static void pipeline_end(pipeline *p)
{
	pthread_mutex_lock(&p->mu);
	p->done = true;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

int cmd_ais_analyze(cli_ctx *ctx, int argc, char **argv)
{
	static const char cmd[] = "lookout ais analyze";
	const char *since_s = NULL, *until_s = NULL, *out_path = NULL, *geo_path = NULL;
	const char *ports_path = NULL, *eez_path = NULL;
	const char *param_v[MAX_PARAMS];
	size_t nparams = 0;
	const cli_option opts[] = {
		{"since", 0, &since_s, NULL},     {"until", 0, &until_s, NULL},
		{"out", 0, &out_path, NULL},      {"geojson", 0, &geo_path, NULL},
		{"ports", 0, &ports_path, NULL},  {"eez", 0, &eez_path, NULL},
		{"json", 0, NULL, &ctx->json},    {NULL, 0, NULL, NULL},
	};
	const cli_list_option lists[] = {
		{"param", param_v, MAX_PARAMS, &nparams},
		{NULL, NULL, 0, NULL},
	};
	lk_ais_detect_options o = {.params = LK_AIS_DETECT_PARAMS_INIT};
	lk_ais_zone *zone = NULL;
	lk_ais_ports *ports = NULL;
	lk_index *ix = NULL;
	lk_ais_detect *det = NULL;
	lk_ais_decoder *dec = NULL;
	analyze_run run = {0};
	pipeline pl = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};
	pthread_t worker;
	bool started = false;
	FILE *f = NULL;
	int64_t since = INT64_MIN, until = INT64_MAX;
	long errors = 0;
	int npos, rc;

	lk_buf_init(&run.buf, 1 << 20);
	rc = cli_parse_lists(ctx, cmd, opts, lists, argc, argv, &npos);
	if (rc < 0)
		goto done;
	if (ctx->help) {
		rc = cli_print_help(cli_help_ais_analyze);
		goto done;
	}
	for (size_t i = 0; i < nparams; i++) {
		if (strcmp(param_v[i], "help") == 0) {
			rc = print_params();
			goto done;
		}
		if (lk_ais_detect_param_set(&o.params, param_v[i]) < 0) {
			char msg[sizeof(lk_error_last()->message)];
			snprintf(msg, sizeof(msg), "%s", lk_error_last()->message);
			rc = cli_usage_error(cmd, "%s", msg);
			goto done;
		}
	}
	if (npos < 1) {
		rc = cli_usage_error(cmd, "expected at least one FILE");
		goto done;
	}
	if ((since_s && !parse_time(since_s, &since)) || (until_s && !parse_time(until_s, &until))) {
		rc = cli_usage_error(cmd, "bad time '%s' (YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ or Unix "
		                     "seconds)", since_s && !parse_time(since_s, &since) ? since_s
		                                                                          : until_s);
		goto done;
	}

	/* the zone, the ports and the lists */
	char eez_default[4096];
	if (!eez_path) {
		const char *data = getenv("LOOKOUT_DATA");
		if (data && data[0]) {
			snprintf(eez_default, sizeof(eez_default), "%s/geo/eez_prk.geojson", data);
			FILE *probe = fopen(eez_default, "rb");
			if (probe) {
				fclose(probe);
				eez_path = eez_default;
			}
		}
		if (!eez_path && !ctx->quiet)
			fprintf(stderr, "lookout ais analyze: note: no EEZ file (--eez, or "
			                "$LOOKOUT_DATA/geo/eez_prk.geojson): no zone entries, dark "
			                "periods not marked\n");
	}
	if (eez_path && strcmp(eez_path, "none") != 0 &&
	    (rc = lk_ais_zone_load(&zone, eez_path, "PRK_EEZ")) < 0)
		goto done;
	if (ports_path && (rc = lk_ais_ports_load(&ports, ports_path)) < 0)
		goto done;
	rc = cli_index_open(ctx, NULL, NULL, &ix);
	if (rc == LK_ENOTFOUND) {
		if (!ctx->quiet)
			fprintf(stderr, "lookout ais analyze: note: designated vessels not checked: %s\n",
			        lk_error_last()->message);
		lk_error_clear();
		rc = 0;
	} else if (rc < 0) {
		goto done;
	}

	/* outputs */
	if (out_path) {
		run.out = fopen(out_path, "wb");
		if (!run.out) {
			rc = lk_error_set(LK_EIO, "%s: %s", out_path, strerror(errno));
			goto done;
		}
	} else if (ctx->json) {
		run.out = stdout;
	} else {
		run.text = true;
	}
	if (geo_path) {
		run.geo = fopen(geo_path, "wb");
		if (!run.geo) {
			rc = lk_error_set(LK_EIO, "%s: %s", geo_path, strerror(errno));
			goto done;
		}
		fputs("{\"type\":\"FeatureCollection\",\"features\":[", run.geo);
	}

	o.zone = zone;
	o.ports = ports;
	o.index = ix;
	o.on_event = on_event;
	o.ud = &run;
	if ((rc = lk_ais_detect_new(&det, &o)) < 0)
		goto done;

	lk_ais_options dopt = LK_AIS_OPTIONS_INIT;
	dopt.on_error = on_error;
	dopt.ud = &run;
	for (size_t k = 0; k < QUEUE_BATCHES; k++) {
		pl.slots[k] = malloc(sizeof(batch));
		if (!pl.slots[k]) {
			rc = lk_error_set(LK_ENOMEM, "out of memory");
			goto done;
		}
		pl.slots[k]->n = 0;
		pl.empty[pl.en++] = k;
	}
	pl.det = det;
	if (pthread_create(&worker, NULL, detect_worker, &pl) != 0) {
		rc = lk_error_set(LK_ERROR, "cannot start the detector thread");
		goto done;
	}
	started = true;
	char line[2048];
	lk_ais_stats total = {0};
	size_t bi = 0;
	batch *b = NULL;
	for (int i = 1; i <= npos; i++) {
		run.path = argv[i];
		f = strcmp(argv[i], "-") == 0 ? stdin : fopen(argv[i], "rb");
		if (!f) {
			rc = lk_error_set(LK_EIO, "%s: %s", argv[i], strerror(errno));
			goto done;
		}
		/* a decoder per file: multipart groups do not span files, line numbers restart */
		if ((rc = lk_ais_decoder_new(&dec, &dopt)) < 0)
			goto done;
		while (fgets(line, sizeof(line), f)) {
			size_t len = strlen(line);
			if (len == sizeof(line) - 1 && line[len - 1] != '\n') {
				int c;
				while ((c = getc(f)) != EOF && c != '\n')
					;
			}
			if (!b && !(b = pipeline_take(&pl, &bi))) {
				rc = lk_error_set(pl.rc, "%s", pl.msg);  /* the worker failed */
				goto done;
			}
			lk_ais_msg *m = &b->m[b->n];
			if (lk_ais_decoder_line(dec, m, line, len) != 1)
				continue;
			if (m->tag_time >= 0 && (m->tag_time < since || m->tag_time > until))
				continue;
			if (++b->n == BATCH_MSGS) {
				pipeline_give(&pl, bi);
				b = NULL;
			}
		}
		if (ferror(f)) {
			rc = lk_error_set(LK_EIO, "%s: read error", argv[i]);
			goto done;
		}
		lk_ais_decoder_finish(dec);
		const lk_ais_stats *ds = lk_ais_decoder_stats(dec);
		total.lines += ds->lines;
		total.messages += ds->messages;
		for (int k = 0; k < LK_AIS_ERR_COUNT; k++)
			errors += ds->errors[k];
		lk_ais_decoder_free(dec);
		dec = NULL;
		if (f != stdin)
			fclose(f);
		f = NULL;
	}
	if (b) {
		pipeline_give(&pl, bi);
		b = NULL;
	}
	pipeline_end(&pl);
	pthread_join(worker, NULL);
	started = false;
	if (pl.failed) {
		rc = lk_error_set(pl.rc, "%s", pl.msg);
		goto done;
	}
	if ((rc = lk_ais_detect_finish(det)) < 0)
		goto done;
	if (run.listed > MAX_LISTED)
		fprintf(stderr, "lookout ais analyze: ... %ld more decode errors not listed\n",
		        run.listed - MAX_LISTED);
	if (!ctx->quiet || errors > 0)
		print_summary(&total, errors, lk_ais_detect_stats_get(det));
	rc = errors > 0 ? CLI_EXIT_ROW_ERRORS : 0;
done:
	if (started) {
		pipeline_end(&pl);
		pthread_join(worker, NULL);
	}
	for (size_t k = 0; k < QUEUE_BATCHES; k++)
		free(pl.slots[k]);
	if (run.geo) {
		fputs("\n]}\n", run.geo);
		if (fclose(run.geo) != 0 && rc >= 0)
			rc = lk_error_set(LK_EIO, "%s: cannot write", geo_path);
	}
	if (run.out && run.out != stdout && fclose(run.out) != 0 && rc >= 0)
		rc = lk_error_set(LK_EIO, "%s: cannot write", out_path);
	if (fflush(stdout) != 0 && rc >= 0)
		rc = lk_error_set(LK_EIO, "cannot write the output");
	if (f && f != stdin)
		fclose(f);
	lk_ais_decoder_free(dec);
	lk_ais_detect_free(det);
	lk_index_unref(ix);
	lk_ais_ports_free(ports);
	lk_ais_zone_free(zone);
	lk_buf_dispose(&run.buf);
	return rc;
}
