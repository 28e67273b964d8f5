/*
 * detect_int.h - what the detector's files share: the detector struct, per-vessel state, the
 * small hash map they all use, and the entry points of each detector.
 *
 *   detect.c           the pipeline: vessels, time window, positions (dark, spoofing,
 *                      loitering, zone entry), parameters
 *   detect_map.c       an open-addressing map from 64-bit keys to dense-array indexes
 *   detect_encounter.c interpolation onto time steps, the spatial grid, pairs, merging
 *   detect_identity.c  identity changes, bad and shared IMO numbers, designated vessels
 *   detect_json.c      events as JSON lines and GeoJSON features
 */
#ifndef LK_AIS_DETECT_INT_H
#define LK_AIS_DETECT_INT_H

#include "lookout/ais_detect.h"

/* ---- map: uint64 key -> uint32 index, open addressing with tombstones ---- */

typedef struct lk_ais__slot {
	uint64_t key;
	uint32_t val;                 /* index, or MAP_EMPTY / MAP_TOMB */
} lk_ais__slot;

typedef struct lk_ais__map {
	lk_ais__slot *s;              /* key and value side by side: one cache miss a probe */
	size_t cap, n, tombs;
} lk_ais__map;

#define LK_AIS__MAP_NONE UINT32_MAX

/* The index stored for key, or LK_AIS__MAP_NONE. */
uint32_t lk_ais__map_get(const lk_ais__map *m, uint64_t key);
/* Insert key (absent) -> val, or update it when present. Returns 0 or LK_ENOMEM. */
int lk_ais__map_put(lk_ais__map *m, uint64_t key, uint32_t val, size_t *bytes);
/* A hint: the slot of key will be read soon. */
void lk_ais__map_prefetch(const lk_ais__map *m, uint64_t key);
/* Remove key (no-op when absent). */
void lk_ais__map_del(lk_ais__map *m, uint64_t key);
void lk_ais__map_free(lk_ais__map *m);

/* ---- per-vessel state ---- */

#define DESIGNATED_SEEN 4

typedef struct lk_ais__dvessel {
	uint32_t mmsi;
	int64_t first_seen, last_seen;
	/* last position */
	bool has_pos;
	int8_t zone_state;            /* -1 unknown, 0 outside, 1 inside */
	int64_t pt;
	double plat, plon;
	float psog;                   /* -1: not available */
	/* loitering run: lo_start < 0 when none */
	int64_t lo_start, lo_last;
	double lo_sum_lat, lo_sum_lon, lo_sum_speed;
	uint32_t lo_n;
	/* an open spoofing event */
	bool sp_open;
	int64_t sp_start, sp_end;
	double sp_speed, sp_slat, sp_slon, sp_elat, sp_elon;
	/* identity as last broadcast, and when each value was last seen */
	char name[21], callsign[8];
	uint32_t imo;
	int64_t name_t, callsign_t, imo_t;
	uint32_t bad_imo;             /* the last bad IMO reported */
	uint64_t screened;            /* hash of the identity last screened, 0: none */
	uint64_t designated[DESIGNATED_SEEN];  /* hashes of the entities reported */
} lk_ais__dvessel;

/* ---- encounters ---- */

#define SPEED_BINS 128            /* bins of enc_speed_kn / 8 */
#define DIST_BINS 64              /* bins of enc_distance_m / 64 */

typedef struct lk_ais__hist {
	uint16_t speed[SPEED_BINS];
	uint16_t dist[DIST_BINS];
	uint32_t n;                   /* steps */
	double sum_lat, sum_lon;
} lk_ais__hist;

typedef struct lk_ais__pair {
	uint64_t key;                 /* smaller MMSI << 32 | larger */
	int64_t run_start, run_last;  /* run_start < 0: no open run */
	lk_ais__hist run;
	bool has_ev;                  /* a qualified encounter waiting for a merge */
	int64_t ev_start, ev_end;
	lk_ais__hist ev;
} lk_ais__pair;

typedef struct lk_ais__spoint {
	uint32_t mmsi;
	float speed;
	double lat, lon;
} lk_ais__spoint;

typedef struct lk_ais__bucket {
	lk_ais__spoint *p;
	size_t n, cap;
} lk_ais__bucket;

/* ---- IMO records (shared IMO numbers, flag changes) ---- */

#define IMO_MEMBERS 4

typedef struct lk_ais__imo_member {
	uint32_t mmsi;
	int64_t first, last;
	bool reported;                /* already in a shared_imo event */
} lk_ais__imo_member;

typedef struct lk_ais__imo_rec {
	uint32_t imo;
	uint32_t n;
	lk_ais__imo_member m[IMO_MEMBERS];
} lk_ais__imo_rec;

/* ---- the detector ---- */

struct lk_ais_detect {
	lk_ais_detect_options o;
	lk_ais_detect_params p;
	lk_ais_detect_stats st;
	int64_t now;                  /* newest time seen; INT64_MIN before the first */
	int64_t next_evict;
	/* vessels: dense array, map MMSI -> index */
	lk_ais__dvessel *vs;
	size_t nv, vcap;
	lk_ais__map vmap;
	/* encounter steps: ring of nb buckets; steps < next_step are closed */
	int64_t step;                 /* seconds */
	lk_ais__bucket *buckets;
	size_t nb;
	int64_t next_step;            /* index of the oldest open step; INT64_MIN: none yet */
	/* the grid of one step, reused */
	uint32_t *ghead, *gnext;
	uint64_t *gkey;
	size_t gcap, gpcap;
	/* pairs: dense array, map key -> index */
	lk_ais__pair *pairs;
	size_t npairs, pcap;
	lk_ais__map pmap;
	/* IMO records: dense array, map IMO -> index */
	lk_ais__imo_rec *imos;
	size_t nimos, icap;
	lk_ais__map imap;
};

/* Report an event (counts it). */
void lk_ais__emit(lk_ais_detect *d, lk_ais_event *ev);
/* Account for a change in memory held. */
void lk_ais__bytes(lk_ais_detect *d, long long delta);
/* true when ports are given and (lat, lon) lies within port_distance_km of one. */
bool lk_ais__near_port(lk_ais_detect *d, double lat, double lon);

/* detect_encounter.c */
int lk_ais__enc_init(lk_ais_detect *d);
void lk_ais__enc_free(lk_ais_detect *d);
/* The vessel v moved from its last position to (t, lat, lon, sog): add its interpolated
 * points for the steps in (v->pt, t]. */
int lk_ais__enc_track(lk_ais_detect *d, const lk_ais__dvessel *v, int64_t t, double lat,
                      double lon, float sog);
/* Close the steps that no further position can reach (all of them when final). */
int lk_ais__enc_advance(lk_ais_detect *d, bool final);

/* detect_identity.c */
int lk_ais__ident_static(lk_ais_detect *d, lk_ais__dvessel *v, const lk_ais_msg *m,
                         int64_t t);
int lk_ais__ident_screen(lk_ais_detect *d, lk_ais__dvessel *v, int64_t t);
void lk_ais__imo_evict(lk_ais_detect *d);
void lk_ais__ident_free(lk_ais_detect *d);

#endif
