/*
 * ais_detect.h - detection of sanctions-evasion indicators in a stream of decoded AIS
 * messages: designated vessels, encounters (possible ship-to-ship transfers), loitering, dark
 * periods, identity changes, bad and shared IMO numbers, spoofed positions and entries into a
 * zone (the DPRK EEZ).
 *
 * A detector takes decoded messages (lk_ais_msg) in time order, one at a time, and reports
 * events through a callback as soon as they are certain; lk_ais_detect_finish() reports what
 * is still open at the end of the input. Events are plain structs (lk_ais_event); the library
 * writes them as JSON lines (lk_ais_event_to_json) and GeoJSON features
 * (lk_ais_event_to_geojson).
 *
 * Memory is bounded by a time window, not by the input: per-vessel state older than
 * window_h hours of stream time is evicted (counted), candidate pairs and IMO records likewise,
 * and the number of vessels, pairs and IMO records has hard caps with counted drops.
 *
 * Parameters default to those Global Fishing Watch publishes for its encounter and loitering
 * events (500 m for 2 h at a median speed below 2 kn, 10 km from ports, merge within 4 h;
 * loitering below 2 kn for 4 h; gaps of 12 h); see docs/AIS.md.
 *
 * Zones and ports: lk_ais_zone (a polygon set read from GeoJSON) and lk_ais_ports (points read
 * from CSV) are built once, are immutable, and are borrowed by the detector, which must not
 * outlive them. The screening index for designated vessels is borrowed likewise.
 */
#ifndef LOOKOUT_AIS_DETECT_H
#define LOOKOUT_AIS_DETECT_H

#include "common.h"
#include "ais.h"
#include "buf.h"
#include "match.h"

/* ---- zones: polygons from GeoJSON ---- */

typedef struct lk_ais_zone lk_ais_zone;

/* Largest GeoJSON document lk_ais_zone_parse() accepts, and most vertices overall. */
#define LK_AIS_ZONE_MAX_BYTES ((size_t)64 << 20)
#define LK_AIS_ZONE_MAX_VERTICES ((size_t)4 << 20)

/*
 * Read a zone from GeoJSON text (a FeatureCollection, a Feature or a bare geometry; Polygon
 * and MultiPolygon geometries, holes honoured; longitude/latitude in degrees, WGS 84). name is
 * the zone's name in events ("PRK_EEZ"), copied. Returns 0, LK_EFORMAT / LK_EINVALID with a
 * message saying what is wrong and where, LK_ETOOBIG or LK_ENOMEM. Free with
 * lk_ais_zone_free().
 */
LK_EXTERN(int) lk_ais_zone_parse(lk_ais_zone **out, const char *text, size_t len,
                                 const char *name);

/* lk_ais_zone_parse() on a file; LK_EIO when it cannot be read. */
LK_EXTERN(int) lk_ais_zone_load(lk_ais_zone **out, const char *path, const char *name);

/* Free a zone; NULL is a no-op. */
LK_EXTERN(void) lk_ais_zone_free(lk_ais_zone *z);

/* The zone's name (borrowed). */
LK_EXTERN(const char *) lk_ais_zone_name(const lk_ais_zone *z);

/* true when (lat, lon) lies inside the zone (even-odd rule over all rings, after a bounding box
 * precheck and a cell lookup). */
LK_EXTERN(bool) lk_ais_zone_contains(const lk_ais_zone *z, double lat, double lon);

/* Distance in metres from (lat, lon) to the zone: 0 inside, else to the nearest edge (local
 * equirectangular projection per edge; exact enough below a few hundred km). Points farther
 * than limit_m from the bounding box return a value > limit_m without looking at edges. */
LK_EXTERN(double) lk_ais_zone_distance_m(const lk_ais_zone *z, double lat, double lon,
                                         double limit_m);

/* ---- ports and anchorages ---- */

typedef struct lk_ais_ports lk_ais_ports;

/*
 * Read ports from CSV text: one "lat,lon[,name]" per line, degrees; an optional header line
 * (whose first field is not a number), '#' comments and blank lines are skipped. A malformed
 * line is an LK_EINVALID error naming the line. At most 10^6 ports. Free with
 * lk_ais_ports_free().
 */
LK_EXTERN(int) lk_ais_ports_parse(lk_ais_ports **out, const char *text, size_t len);
LK_EXTERN(int) lk_ais_ports_load(lk_ais_ports **out, const char *path);
LK_EXTERN(void) lk_ais_ports_free(lk_ais_ports *p);
LK_EXTERN(size_t) lk_ais_ports_count(const lk_ais_ports *p);

/* Distance in metres to the nearest port, if it is within limit_m (<= 50 km); otherwise a
 * value > limit_m. The name of that port (borrowed) goes to *name when name is not NULL. */
LK_EXTERN(double) lk_ais_ports_nearest_m(const lk_ais_ports *p, double lat, double lon,
                                         double limit_m, const char **name);

/* ---- events ---- */

typedef enum lk_ais_event_type {
	LK_AIS_EV_DESIGNATED = 0,
	LK_AIS_EV_ENCOUNTER,
	LK_AIS_EV_LOITERING,
	LK_AIS_EV_DARK,
	LK_AIS_EV_IDENTITY_CHANGE,
	LK_AIS_EV_BAD_IMO,
	LK_AIS_EV_SHARED_IMO,
	LK_AIS_EV_SPOOFING,
	LK_AIS_EV_ZONE_ENTRY,
	LK_AIS_EV__COUNT
} lk_ais_event_type;

/* The event's "type" string ("encounter", ...); never NULL. */
LK_EXTERN(const char *) lk_ais_event_type_name(lk_ais_event_type t);

/* MMSIs listed at most in one shared_imo event. */
#define LK_AIS_EV_MAX_MMSIS 8

/*
 * One event. Which fields are meaningful depends on type (see docs/AIS.md and the JSON
 * writer); the strings are inline or static, so an event can be copied as a value.
 */
typedef struct lk_ais_event {
	lk_ais_event_type type;
	uint32_t mmsi;                /* encounter: the smaller MMSI */
	uint32_t other_mmsi;          /* encounter: the larger; identity_change (flag): the MMSI
	                                 that broadcast the IMO before; else 0 */
	int64_t start, end;           /* Unix seconds */
	bool has_position;            /* lat, lon are known */
	double lat, lon;              /* where: the mean position of an encounter or loitering,
	                                 the position at a change, the first position inside */
	/* encounter, loitering */
	double distance_m;            /* encounter: median distance */
	double median_speed_kn;       /* encounter: both vessels; loitering: the vessel */
	/* dark, spoofing */
	double gap_h;
	double start_lat, start_lon, end_lat, end_lon;
	const char *near_zone;        /* dark: the zone an end is in or near (static), or NULL */
	double speed_kn;              /* spoofing: the highest implied speed; loitering: the mean
	                                 speed */
	/* identity_change */
	const char *field;            /* "name", "imo", "callsign", "flag" (static) */
	char from[24], to[24];
	/* bad_imo, shared_imo, designated */
	uint32_t imo;
	uint32_t mmsis[LK_AIS_EV_MAX_MMSIS];  /* shared_imo, ascending */
	size_t nmmsis;
	/* zone_entry */
	const char *zone;             /* the zone's name (borrowed from the zone) */
	/* designated */
	char entity_id[64], entity_name[96], matched_by[16];
	double score;
	char explanation[384];
	char name[21], callsign[8];   /* designated: the vessel's identity when matched */
} lk_ais_event;

/* Append the event as one JSON object (no newline) to out: the keys of docs/AIS.md, times
 * as "YYYY-MM-DDTHH:MM:SSZ". Returns 0 or LK_ENOMEM / LK_ETOOBIG (from the buffer). */
LK_EXTERN(int) lk_ais_event_to_json(const lk_ais_event *ev, lk_buf *out);

/* Append the event as one GeoJSON Feature (a LineString from start to end position for dark
 * periods and spoofing jumps, a Point otherwise; the event's keys as properties). Events
 * without a position are written with a null geometry. */
LK_EXTERN(int) lk_ais_event_to_geojson(const lk_ais_event *ev, lk_buf *out);

/* ---- the detector ---- */

typedef void (*lk_ais_event_fn)(void *ud, const lk_ais_event *ev);

typedef struct lk_ais_detect_params {
	/* encounters */
	double enc_distance_m;        /* 500: the vessels within this distance */
	double enc_min_h;             /* 2: for at least this long */
	double enc_speed_kn;          /* 2: median speed of both vessels below this */
	double enc_merge_h;           /* 4: same-pair encounters closer than this are merged */
	double step_s;                /* 600: positions are interpolated onto this time step */
	double interp_max_gap_s;      /* 3600: no interpolation between positions further apart */
	/* ports (when a ports set is given) */
	double port_distance_km;      /* 10: encounters and loitering nearer a port are dropped */
	/* loitering */
	double loiter_speed_kn;       /* 2 */
	double loiter_min_h;          /* 4 */
	/* dark periods */
	double dark_h;                /* 12: gaps of at least this long */
	double zone_near_km;          /* 50: a dark end within this of the zone marks it */
	/* identity */
	double spoof_speed_kn;        /* 50: implied speeds above this are spoofing */
	double spoof_min_m;           /* 1000: jumps shorter than this are GPS noise, not spoofing */
	double spoof_merge_h;         /* 1: jumps of one MMSI closer than this are one event */
	double shared_imo_h;          /* 24: MMSIs broadcasting one IMO within this window */
	double designated_name_score; /* 0.90: least score of a match by name alone */
	/* memory */
	double window_h;              /* 72: state of vessels silent this long is evicted */
	size_t max_vessels;           /* 4000000; also the most IMO numbers followed */
	size_t max_pairs;             /* 200000: candidate encounter pairs held at once */
} lk_ais_detect_params;

#define LK_AIS_DETECT_PARAMS_INIT                                                          \
	{                                                                                      \
		500.0, 2.0, 2.0, 4.0, 600.0, 3600.0, 10.0, 2.0, 4.0, 12.0, 50.0, 50.0, 1000.0,    \
		1.0, 24.0, 0.90, 72.0, 4000000, 200000                                             \
	}

/*
 * Set one parameter from "key=value" text (the names of the struct members above, e.g.
 * "enc_distance_m=300"). Returns 0, or LK_EINVALID with a message (unknown key, bad or out of
 * range value).
 */
LK_EXTERN(int) lk_ais_detect_param_set(lk_ais_detect_params *p, const char *kv);

/* Write every parameter as "key=value\n" to out (for --help and docs). */
LK_EXTERN(int) lk_ais_detect_params_print(const lk_ais_detect_params *p, lk_buf *out);

typedef struct lk_ais_detect_options {
	lk_ais_detect_params params;
	const lk_ais_zone *zone;      /* zone entries and dark marks; NULL: neither */
	const lk_ais_ports *ports;    /* NULL: no port filter */
	const lk_index *index;        /* designated vessels; NULL: not checked */
	lk_ais_event_fn on_event;     /* called for every event (required) */
	void *ud;
} lk_ais_detect_options;

typedef struct lk_ais_detect_stats {
	long messages;                /* messages fed */
	long positions;               /* vessel positions used */
	long statics;                 /* static reports used */
	long untimed;                 /* messages without a time (ignored) */
	long out_of_order;            /* positions older than the vessel's last (ignored) */
	long late_steps;              /* interpolated points for steps already closed (ignored) */
	long evicted_vessels;         /* vessels forgotten after window_h of silence */
	long dropped_vessels;         /* messages of new vessels ignored at max_vessels */
	long dropped_pairs;           /* pair observations ignored at max_pairs */
	long dropped_imos;            /* IMO numbers not followed at max_vessels records */
	long screened;                /* identities screened against the index */
	long near_port;               /* encounters and loitering dropped for a nearby port */
	long events[LK_AIS_EV__COUNT];
	size_t vessels, peak_vessels; /* vessels held now, and at most */
	size_t pairs, peak_pairs;     /* candidate pairs held now, and at most */
	size_t bytes, peak_bytes;     /* memory held by the detector, approximately */
} lk_ais_detect_stats;

typedef struct lk_ais_detect lk_ais_detect;

/* Create a detector. Returns 0, LK_EINVALID (a parameter out of range, no on_event) or
 * LK_ENOMEM. Free with lk_ais_detect_free(). */
LK_EXTERN(int) lk_ais_detect_new(lk_ais_detect **out, const lk_ais_detect_options *opts);

/* Free a detector (without reporting what is open; call lk_ais_detect_finish() first for
 * that). NULL is a no-op. */
LK_EXTERN(void) lk_ais_detect_free(lk_ais_detect *d);

/*
 * Feed one decoded message received at `time` (Unix seconds; callers pass m->tag_time when
 * the tag block gave one; a negative time is counted as untimed and ignored). Messages should
 * come in time order: a position older than its vessel's last is ignored (counted), and
 * interpolated points older than interp_max_gap_s behind the newest time are late (counted).
 * Events are reported through on_event before the call returns. Returns 0 or LK_ENOMEM (or an
 * error of the screening index).
 */
LK_EXTERN(int) lk_ais_detect_add(lk_ais_detect *d, const lk_ais_msg *m, int64_t time);

/*
 * lk_ais_detect_add() for n messages at once, message i received at times[i] (or at
 * msgs[i].tag_time when times is NULL). The same events in the same order as n single calls;
 * faster on large streams, because the state of the vessels a few messages ahead is fetched
 * from memory while the current one is processed. Returns 0 or the first error.
 */
LK_EXTERN(int) lk_ais_detect_add_batch(lk_ais_detect *d, const lk_ais_msg *msgs,
                                       const int64_t *times, size_t n);

/* End of input: close every open step, pair, loitering run and spoofing event, and report
 * those that qualify. The detector may be fed again afterwards. Returns 0 or LK_ENOMEM. */
LK_EXTERN(int) lk_ais_detect_finish(lk_ais_detect *d);

/* Counters (borrowed, updated by every call). */
LK_EXTERN(const lk_ais_detect_stats *) lk_ais_detect_stats_get(const lk_ais_detect *d);

#endif
