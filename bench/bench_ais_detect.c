/*
 * bench_ais_detect.c - the AIS detection pipeline on a long synthetic stream: messages per
 * second, peak memory, and the extrapolation to a global day of 5 x 10^8 messages.
 *
 * The stream is generated here as decoded messages (lk_ais_msg), in time order, so that the
 * detectors alone are measured (decoding has its own benchmark). Traffic model: V vessels
 * (default 100,000) spread over latitudes -65..65, 95 % under way at 5-20 kn on straight
 * courses, 5 % anchored in clusters of 5 within about a kilometre (so that the spatial grid
 * sees close pairs, and encounters and loitering are found); each reports its position every
 * 10-180 s and a type 5 static report every 6 minutes; 1 % of vessels per hour leave and are
 * replaced by new MMSIs (so that the time window has vessels to forget). The generator alone is
 * timed too (--gen-only) so that its share can be subtracted.
 *
 * Usage: bench_ais_detect [--messages N] [--vessels V] [--window-h H] [--eez FILE]
 *                         [--lists FILE...] [--gen-only] [--single] [--events FILE]
 *                         [--seed S]
 * Messages go to the detector 1024 at a time through lk_ais_detect_add_batch(), or one call
 * each with --single.
 * Prints one JSON line.
 */
#include "lookout/lookout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define WHEEL 256           /* seconds; longer than any report interval */
#define T_START 1767225600  /* 2026-01-01T00:00:00Z */

typedef struct gvessel {
	uint32_t mmsi, imo;
	double lat, lon, cog, sog;
	double alat, alon;      /* anchored: the cluster's centre */
	bool anchored;
	int interval;
	int64_t next_static;
	uint32_t next;          /* next vessel in the same wheel slot */
} gvessel;

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static uint64_t next_u64(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double unif(void)
{
	return (double)(next_u64() >> 11) / 9007199254740992.0;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint32_t imo_with_check(uint32_t six)
{
	uint32_t d[6], sum = 0;
	for (int i = 5; i >= 0; i--) {
		d[i] = six % 10;
		six /= 10;
	}
	for (int i = 0; i < 6; i++)
		sum += d[i] * (uint32_t)(7 - i);
	uint32_t v = 0;
	for (int i = 0; i < 6; i++)
		v = v * 10 + d[i];
	return v * 10 + sum % 10;
}

static uint32_t next_mmsi = 200000000;
static uint32_t next_imo = 100000;

static void new_identity(gvessel *v)
{
	/* MIDs 201..775 cover real allocations; any 9-digit ship MMSI will do */
	next_mmsi += 1 + (uint32_t)(next_u64() % 97);
	if (next_mmsi > 775999999)
		next_mmsi = 200000000;
	v->mmsi = next_mmsi;
	/* unique IMO numbers: a shared one would be an event */
	v->imo = imo_with_check(next_imo);
	next_imo = next_imo >= 999999 ? 100000 : next_imo + 1;
}

static void place(gvessel *v, size_t i)
{
	new_identity(v);
	v->anchored = i % 20 == 0;
	if (v->anchored) {
		/* clusters of 5 anchored vessels share a centre */
		if (i % 100 == 0) {
			v->alat = -60.0 + unif() * 120.0;
			v->alon = -180.0 + unif() * 360.0;
		} else {
			v->alat = v[-20].alat;
			v->alon = v[-20].alon;
		}
		v->lat = v->alat + (unif() - 0.5) * 0.012;
		v->lon = v->alon + (unif() - 0.5) * 0.012;
		v->sog = unif() * 0.5;
	} else {
		v->lat = -65.0 + unif() * 130.0;
		v->lon = -180.0 + unif() * 360.0;
		v->sog = 5.0 + unif() * 15.0;
	}
	v->cog = unif() * 360.0;
	v->interval = 10 + (int)(next_u64() % 171);
}

static void move(gvessel *v, int dt)
{
	if (v->anchored) {
		v->lat = v->alat + (v->lat - v->alat) * 0.99 + (unif() - 0.5) * 1e-5;
		v->lon = v->alon + (v->lon - v->alon) * 0.99 + (unif() - 0.5) * 1e-5;
		return;
	}
	double nm = v->sog * dt / 3600.0, rad = v->cog * M_PI / 180.0;
	v->lat += nm * cos(rad) / 60.0;
	v->lon += nm * sin(rad) / (60.0 * cos(v->lat * M_PI / 180.0));
	if (v->lat > 65.0 || v->lat < -65.0)
		v->cog = fmod(540.0 - v->cog, 360.0);  /* turn back */
	if (v->lon > 180.0)
		v->lon -= 360.0;
	else if (v->lon < -180.0)
		v->lon += 360.0;
}

static void fill_pos(lk_ais_msg *m, const gvessel *v)
{
	memset(m, 0, offsetof(lk_ais_msg, u) + sizeof(m->u.pos));
	m->type = 1;
	m->mmsi = v->mmsi;
	m->decoded = true;
	m->tag_time = -1;
	m->u.pos.lat = (int32_t)lround(v->lat * 600000.0);
	m->u.pos.lon = (int32_t)lround(v->lon * 600000.0);
	m->u.pos.speed = (unsigned)lround(v->sog * 10.0);
	m->u.pos.course = (unsigned)lround(v->cog * 10.0) % 3600;
	m->u.pos.heading = (unsigned)lround(v->cog) % 360;
}

static void fill_static(lk_ais_msg *m, const gvessel *v)
{
	memset(m, 0, offsetof(lk_ais_msg, u) + sizeof(m->u.stat));
	m->type = 5;
	m->mmsi = v->mmsi;
	m->decoded = true;
	m->tag_time = -1;
	m->u.stat.imo = v->imo;
	snprintf(m->u.stat.shipname, sizeof(m->u.stat.shipname), "BENCH %u", v->mmsi % 1000000);
	snprintf(m->u.stat.callsign, sizeof(m->u.stat.callsign), "B%u", v->mmsi % 100000);
	m->u.stat.shiptype = 70;
}

static double cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#define BATCH 1024
static lk_ais_msg batch[BATCH];
static int64_t batch_t[BATCH];
static size_t nbatch;
static bool single;  /* --single: one lk_ais_detect_add() call per message */

static int flush(lk_ais_detect *d)
{
	int rc = 0;
	if (single) {
		for (size_t i = 0; i < nbatch && rc == 0; i++)
			rc = lk_ais_detect_add(d, &batch[i], batch_t[i]);
	} else {
		rc = lk_ais_detect_add_batch(d, batch, batch_t, nbatch);
	}
	nbatch = 0;
	return rc;
}

/* Queue a message for the detector (or drop it with --gen-only). */
static int feed(lk_ais_detect *d, const lk_ais_msg *m, int64_t t, bool gen_only)
{
	if (gen_only)
		return 0;
	batch[nbatch] = *m;
	batch_t[nbatch++] = t;
	return nbatch == BATCH ? flush(d) : 0;
}

static long events_total;
static FILE *events_out;  /* --events FILE: the events as JSON lines */
static void on_event(void *ud, const lk_ais_event *ev)
{
	(void)ud;
	events_total++;
	if (events_out) {
		lk_buf b;
		lk_buf_init(&b, 1 << 16);
		if (lk_ais_event_to_json(ev, &b) == 0)
			fprintf(events_out, "%s\n", lk_buf_cstr(&b));
		lk_buf_dispose(&b);
	}
}

int main(int argc, char **argv)
{
	long long nmsg = 100000000LL;
	size_t nv = 100000;
	double window_h = -1;
	const char *eez = NULL;
	const char *lists[8];
	size_t nlists = 0;
	bool gen_only = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--messages") == 0 && i + 1 < argc)
			nmsg = atoll(argv[++i]);
		else if (strcmp(argv[i], "--vessels") == 0 && i + 1 < argc)
			nv = (size_t)atol(argv[++i]);
		else if (strcmp(argv[i], "--window-h") == 0 && i + 1 < argc)
			window_h = atof(argv[++i]);
		else if (strcmp(argv[i], "--eez") == 0 && i + 1 < argc)
			eez = argv[++i];
		else if (strcmp(argv[i], "--lists") == 0 && i + 1 < argc && nlists < 8)
			lists[nlists++] = argv[++i];
		else if (strcmp(argv[i], "--gen-only") == 0)
			gen_only = true;
		else if (strcmp(argv[i], "--single") == 0)
			single = true;
		else if (strcmp(argv[i], "--events") == 0 && i + 1 < argc) {
			events_out = fopen(argv[++i], "w");
			if (!events_out) {
				perror(argv[i]);
				return 1;
			}
		}
		else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
			rng ^= (uint64_t)atoll(argv[++i]) * 0x2545F4914F6CDD1DULL;
		else {
			fprintf(stderr, "usage: bench_ais_detect [--messages N] [--vessels V] "
			                "[--window-h H] [--eez FILE] [--lists FILE...] [--gen-only] "
			                "[--single] [--events FILE] [--seed S]\n");
			return 2;
		}
	}
	if (nv < 100)
		nv = 100;

	lk_ais_zone *zone = NULL;
	if (eez && lk_ais_zone_load(&zone, eez, "PRK_EEZ") < 0) {
		fprintf(stderr, "bench_ais_detect: %s\n", lk_error_last()->message);
		return 1;
	}
	lk_list *lst[8] = {0};
	lk_index *ix = NULL;
	for (size_t i = 0; i < nlists; i++)
		if (lk_list_parse(&lst[i], &lists[i], 1, NULL) < 0) {
			fprintf(stderr, "bench_ais_detect: %s\n", lk_error_last()->message);
			return 1;
		}
	if (nlists && lk_index_build_from_lists(&ix, (const lk_list *const *)lst, nlists) < 0) {
		fprintf(stderr, "bench_ais_detect: %s\n", lk_error_last()->message);
		return 1;
	}
	lk_ais_detect_options o = {.params = LK_AIS_DETECT_PARAMS_INIT};
	if (window_h > 0)
		o.params.window_h = window_h;
	o.zone = zone;
	o.index = ix;
	o.on_event = on_event;
	lk_ais_detect *d = NULL;
	if (lk_ais_detect_new(&d, &o) < 0) {
		fprintf(stderr, "bench_ais_detect: %s\n", lk_error_last()->message);
		return 1;
	}

	gvessel *vs = calloc(nv, sizeof(*vs));
	uint32_t *wheel = malloc(WHEEL * sizeof(*wheel));
	if (!vs || !wheel)
		return 1;
	for (int s = 0; s < WHEEL; s++)
		wheel[s] = UINT32_MAX;
	for (size_t i = 0; i < nv; i++) {
		place(&vs[i], i);
		vs[i].next_static = T_START + (int64_t)(next_u64() % 360);
		int64_t first = T_START + (int64_t)(next_u64() % (uint64_t)vs[i].interval);
		size_t slot = (size_t)(first % WHEEL);
		vs[i].next = wheel[slot];
		wheel[slot] = (uint32_t)i;
	}
	/* a vessel leaves with probability 1 % per hour: per report, interval / 360000 */
	lk_ais_msg m;
	long long done = 0;
	long statics = 0, churn = 0;
	double t0 = now_s(), c0 = cpu_s();
	int64_t t = T_START;
	for (; done < nmsg; t++) {
		size_t slot = (size_t)(t % WHEEL);
		uint32_t i = wheel[slot];
		wheel[slot] = UINT32_MAX;
		while (i != UINT32_MAX) {
			gvessel *v = &vs[i];
			uint32_t nexti = v->next;
			if (unif() * 360000.0 < v->interval) {
				place(v, i);
				churn++;
			}
			move(v, v->interval);
			fill_pos(&m, v);
			if (feed(d, &m, t, gen_only) < 0) {
				fprintf(stderr, "bench_ais_detect: %s\n", lk_error_last()->message);
				return 1;
			}
			done++;
			if (t >= v->next_static) {
				fill_static(&m, v);
				if (feed(d, &m, t, gen_only) < 0) {
					fprintf(stderr, "bench_ais_detect: %s\n", lk_error_last()->message);
					return 1;
				}
				v->next_static += 360;
				statics++;
				done++;
			}
			size_t ns = (size_t)((t + v->interval) % WHEEL);
			v->next = wheel[ns];
			wheel[ns] = i;
			i = nexti;
		}
	}
	if (!gen_only && (flush(d) < 0 || lk_ais_detect_finish(d) < 0)) {
		fprintf(stderr, "bench_ais_detect: %s\n", lk_error_last()->message);
		return 1;
	}
	double secs = now_s() - t0, cpu = cpu_s() - c0;
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	const lk_ais_detect_stats *st = lk_ais_detect_stats_get(d);
	printf("{\"mode\":\"%s%s\",\"messages\":%lld,\"statics\":%ld,\"vessels\":%zu,"
	       "\"stream_hours\":%.2f,\"churned\":%ld,\"seconds\":%.3f,\"cpu_seconds\":%.3f,"
	       "\"msgs_per_cpu_s\":%.0f,\"day_5e8_cpu_s\":%.1f,\"peak_rss_mb\":%.1f,\"detector_peak_mb\":%.1f,"
	       "\"peak_vessels\":%zu,\"evicted\":%ld,\"peak_pairs\":%zu,\"screened\":%ld,"
	       "\"events\":%ld,\"by_type\":{",
	       gen_only ? "generate" : "detect", single ? "-single" : "", done, statics, nv, (double)(t - T_START) / 3600.0,
	       churn, secs, cpu, (double)done / cpu, 5e8 / ((double)done / cpu),
	       (double)ru.ru_maxrss / 1024.0, (double)st->peak_bytes / 1048576.0, st->peak_vessels,
	       st->evicted_vessels, st->peak_pairs, st->screened, events_total);
	for (int k = 0; k < LK_AIS_EV__COUNT; k++)
		printf("%s\"%s\":%ld", k ? "," : "", lk_ais_event_type_name((lk_ais_event_type)k),
		       st->events[k]);
	printf("}}\n");
	lk_ais_detect_free(d);
	lk_index_unref(ix);
	for (size_t i = 0; i < nlists; i++)
		lk_list_free(lst[i]);
	lk_ais_zone_free(zone);
	if (events_out)
		fclose(events_out);
	free(vs);
	free(wheel);
	return 0;
}
