/*
 * sim_int.h - what the simulator's files share: the parsed scenario (sim_scenario.c), the
 * great-circle helpers and the random generator (sim_geo.c), the
 * streaming generator (sim.c) and the ground truth (sim_truth.c).
 *
 * Times inside the simulator are whole seconds from the scenario's start.
 */
#ifndef LK_AIS_SIM_INT_H
#define LK_AIS_SIM_INT_H

#include "lookout/ais.h"
#include "lookout/ais_sim.h"
#include "lookout/ais_detect.h"
#include "lookout/error.h"

/* Thresholds the scenarios must clearly meet or clearly avoid (Global Fishing Watch's
 * detector defaults, with margins). */
#define SIM_KN 0.514444                 /* metres per second in a knot */
#define SIM_MAX_LEG_KN 25.0             /* faster legs would split tracks */
#define SIM_MIN_LEG_KN 5.0              /* slower legs must be declared holds */
#define SIM_MAX_DRIFT_KN 1.5            /* holds drift below 2 kn */
#define SIM_ENCOUNTER_MIN_H 2.5         /* encounters: >= 2 h */
#define SIM_LOITER_MIN_H 4.5            /* loitering: >= 4 h; holds in [3.5, 4.5) refused */
#define SIM_LOITER_NONE_H 3.5
#define SIM_DARK_MIN_H 12.5             /* dark: >= 12 h; gaps in (11, 12.5) refused */
#define SIM_DARK_NONE_H 11.0
#define SIM_MERGE_GAP_H 6.0             /* encounters of a pair: merged below 4 h */
#define SIM_SPOOF_MIN_M 20000.0         /* spoofed positions are far: > 50 kn implied */

/* ---- random numbers: splitmix64, deterministic for a seed ---- */
typedef struct sim_rng {
	uint64_t s;
} sim_rng;

uint64_t lk_ais__rng_next(sim_rng *r);
/* Uniform in [0, 1). */
double lk_ais__rng_unit(sim_rng *r);
/* Uniform integer in [lo, hi]. */
long lk_ais__rng_range(sim_rng *r, long lo, long hi);

/* ---- great circles (sim_geo.c) ---- */
/* Initial bearing from 1 to 2 in degrees [0, 360). */
double lk_ais__bearing(double lat1, double lon1, double lat2, double lon2);
/* The point at fraction f of the great circle from 1 to 2. */
void lk_ais__gc_interp(double lat1, double lon1, double lat2, double lon2, double f,
                       double *lat, double *lon);
/* The point dist_m from (lat, lon) on bearing deg. */
void lk_ais__destination(double lat, double lon, double deg, double dist_m, double *olat,
                         double *olon);

/* ---- the zone (lk_ais_zone of ais_detect.h) ---- */
/* Margin background traffic keeps from the zone, and the distance within which a dark
 * period's end counts as near the zone (docs/AIS.md: zone_near_km). */
#define SIM_ZONE_CLEAR_M 10000.0
#define SIM_ZONE_NEAR_M 50000.0
/* true when the great circle from 1 to 2, sampled every step_m, comes within margin_m of
 * the zone. */
bool lk_ais__zone_crossed(const lk_ais_zone *z, double lat1, double lon1, double lat2,
                          double lon2, double step_m, double margin_m);

/* ---- the scenario ---- */

/* One fix of a scripted vessel's path: the vessel is at (lat, lon) at time t; it moves
 * along the great circle to the next fix. hold: the leg from this fix is a declared slow
 * drift (encounter or loitering), not a transit. */
typedef struct sim_fix {
	int64_t t;
	double lat, lon;
	bool hold;
} sim_fix;

/* Identity from time t on (the first one from the vessel's start). */
typedef struct sim_ident {
	int64_t t;
	uint32_t mmsi, imo;
	char name[21], callsign[8];
} sim_ident;

typedef struct sim_span {
	int64_t t0, t1;
} sim_span;

typedef struct sim_spoof {
	int64_t t;
	double lat, lon;
	int reports;
} sim_spoof;

typedef struct sim_vessel {
	char id[32];
	bool designated;
	unsigned shiptype, to_bow, to_stern, to_port, to_starboard, draught;
	char destination[21];
	sim_fix *fix;
	size_t nfix;
	sim_ident *ident;
	size_t nident;
	sim_span *dark;               /* sorted, disjoint */
	size_t ndark;
	sim_spoof *spoof;             /* sorted */
	size_t nspoof;
} sim_vessel;

/* A declared hold that is an encounter (b >= 0) or a loitering (b < 0) event. */
typedef struct sim_hold {
	int a, b;                     /* vessel indices */
	int64_t t0, t1;
	double lat, lon;
	bool loiter;                  /* long enough to be loitering too */
} sim_hold;

struct lk_ais_scenario {
	int64_t start, duration;
	double south, west, north, east;
	long background;
	double bg_speed[2];           /* knots */
	int interval[2];              /* seconds between position reports */
	int static_interval;          /* seconds between static reports */
	sim_vessel *v;
	size_t nv;
	sim_hold *hold;
	size_t nhold;
	lk_ais_zone *zone;            /* NULL: none */
	char zone_name[32];
};

/* Position (and speed in knots, course in degrees) of scripted vessel v at time t, which
 * lies within its fixes. */
void lk_ais__vessel_at(const sim_vessel *v, int64_t t, double *lat, double *lon, double *sog,
                       double *cog);

/* Parse "YYYY-MM-DDTHH:MM:SSZ" into Unix seconds; false when malformed. */
bool lk_ais__parse_utc(const char *s, int64_t *out);
/* Format Unix seconds as "YYYY-MM-DDTHH:MM:SSZ" (21 bytes). */
void lk_ais__format_utc(int64_t t, char out[21]);

/* IMO check digit: the 7-digit number is valid. */
bool lk_ais__imo_ok(uint32_t imo);

/* ---- the simulator's state (sim.c), shared with the ground truth (sim_truth.c) ---- */

/* A background vessel: one great-circle leg at a time. */
typedef struct sim_bg {
	double lat0, lon0, lat1, lon1;
	int64_t t0, t1;
	int64_t next_pos, next_static;
	uint32_t mmsi, imo, index;
	float speed_kn;
	uint16_t interval, to_bow, to_stern;
	uint8_t shiptype, to_port, to_starboard, draught, dest;
} sim_bg;

/* A scripted vessel's progress. */
typedef struct sim_sv {
	int64_t next_pos, next_static, end;
	size_t spoof_i;
	int spoof_left;
	int interval;
	bool done;
} sim_sv;

typedef struct sim_heap_item {
	int64_t t;
	uint32_t idx;                 /* < nbg: background; else scripted idx - nbg */
} sim_heap_item;

/* Ground truth kept per scripted MMSI. */
typedef struct tr_mmsi {
	uint32_t mmsi;
	int vessel;
	int64_t first, last;          /* any message */
	bool has_pos;
	int64_t pos_t;                /* last position */
	double lat, lon;
	bool in_zone;
	bool in_spoof;
	int64_t spoof_from;
	double spoof_lat, spoof_lon;  /* the last good position before the jump */
	bool slow;                    /* in a run of reports below 2 kn */
	int64_t slow_t0, slow_t1;
	double slow_lat, slow_lon;    /* sums, for the mean position */
	long slow_n;
	bool has_static;
	int64_t static_t;             /* last static report */
	char name[21], callsign[8];
	uint32_t imo;
	struct {
		uint32_t imo;
		int64_t first, last;
	} imos[8];
	size_t nimos;
} tr_mmsi;

typedef enum tr_type {
	TR_DESIGNATED = 0, TR_ENCOUNTER, TR_LOITERING, TR_DARK, TR_IDENTITY, TR_BAD_IMO,
	TR_SHARED_IMO, TR_SPOOFING, TR_ZONE_ENTRY
} tr_type;

typedef struct tr_event {
	tr_type type;
	int vessel;
	uint32_t mmsi, other;
	int64_t start, end;
	const char *field;
	char from[24], to[24];
	uint32_t imo;
	double lat, lon, lat2, lon2, value;
	bool zone;
	uint32_t mmsis[8];
	size_t nmmsis;
} tr_event;

struct lk_ais_sim {
	const lk_ais_scenario *sc;
	lk_ais_sim_options o;
	sim_rng rng;
	int64_t duration;
	sim_bg *bg;
	size_t nbg;
	sim_sv *sv;
	sim_heap_item *heap;
	size_t nheap;
	long messages, sentences;
	unsigned seqid;
	/* ground truth */
	tr_mmsi *tm;
	size_t ntm, captm;
	tr_event *ev;
	size_t nev, capev;
	uint32_t shared_done[16];     /* IMOs already reported as shared */
	size_t nshared_done;
	bool truth_failed, truth_finished;
};

/* Truth hooks, called for every message of a scripted vessel (sim_truth.c). */
void lk_ais__truth_position(lk_ais_sim *s, int vessel, uint32_t mmsi, int64_t t, double lat,
                            double lon, double sog, bool spoofed);
void lk_ais__truth_static(lk_ais_sim *s, int vessel, const sim_ident *id, int64_t t);
/* The events known from the script itself (encounters). */
void lk_ais__truth_script(lk_ais_sim *s);

#endif
