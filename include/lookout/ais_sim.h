/*
 * ais_sim.h - simulated AIS traffic: scripted vessels and events (ship-to-ship rendezvous,
 * dark periods, identity changes, designated vessels under new names, zone entries, bad and
 * shared IMO numbers, spoofed positions) against background traffic, encoded as NMEA with
 * lk_ais_encode_nmea(), together with the ground-truth events the detectors must find.
 *
 * A scenario (JSON, described in docs/AIS.md, "Simulation") is parsed into an immutable
 * lk_ais_scenario. A simulator (lk_ais_sim) then streams the scenario's messages in time
 * order, one message at a time, deterministically for a seed: the same scenario and seed give
 * the same bytes. Memory is bounded by the number of vessels, not by the duration or the
 * number of messages, so the stream can be as long as a benchmark needs (10^8 messages and
 * more). Ground truth is collected while streaming and read at the end.
 *
 * Background vessels never trigger a detector by construction: they sail great-circle legs at
 * 8-15 kn (never slow, so no encounter or loitering), report every interval without gaps (no
 * dark period), keep unique MMSIs and valid unique IMOs from a range no list in the shared
 * data holds (2xxxxxx), never jump, and avoid the scenario's zone (the DPRK EEZ) when one is
 * given.
 *
 * Memory: lk_ais_scenario_* and lk_ais_sim_new allocate; free with the matching _free. The
 * scenario must outlive the simulators made from it.
 */
#ifndef LOOKOUT_AIS_SIM_H
#define LOOKOUT_AIS_SIM_H

#include "common.h"
#include "ais.h"

typedef struct lk_ais_scenario lk_ais_scenario;
typedef struct lk_ais_sim lk_ais_sim;

/* Largest scenario document accepted, and most scripted vessels and events. */
#define LK_AIS_SCENARIO_MAX_BYTES ((size_t)4 << 20)
#define LK_AIS_SCENARIO_MAX_VESSELS 1000
#define LK_AIS_SCENARIO_MAX_EVENTS 10000
/* Most background vessels and longest duration. */
#define LK_AIS_SCENARIO_MAX_BACKGROUND 10000000
#define LK_AIS_SCENARIO_MAX_HOURS (24 * 366)

/*
 * Parse a scenario from JSON text. The zone file named by "zone" is read relative to
 * base_dir, then to $LOOKOUT_DATA, when base_dir is not NULL; with base_dir NULL the zone is
 * not read (scenarios are then checked without it: fuzzing, unit tests). Every error says
 * what and where ("scenario: vessels[2].route[1]: ...") and comes back as LK_EFORMAT (not
 * JSON, wrong types), LK_EINVALID (impossible or ambiguous kinematics: a leg faster than
 * 25 kn, an encounter shorter than 2.5 h, a dark period between 11 and 12.5 h, ...), LK_EIO
 * (zone file), LK_ETOOBIG or LK_ENOMEM. Free with lk_ais_scenario_free().
 */
LK_EXTERN(int) lk_ais_scenario_parse(lk_ais_scenario **out, const char *text, size_t len,
                                     const char *base_dir);

/* lk_ais_scenario_parse() on a file, with the file's directory as base_dir. */
LK_EXTERN(int) lk_ais_scenario_load(lk_ais_scenario **out, const char *path);

/* Free a scenario; NULL is a no-op. */
LK_EXTERN(void) lk_ais_scenario_free(lk_ais_scenario *sc);

/* The scenario's start (Unix seconds) and duration (seconds). */
LK_EXTERN(int64_t) lk_ais_scenario_start(const lk_ais_scenario *sc);
LK_EXTERN(int64_t) lk_ais_scenario_duration(const lk_ais_scenario *sc);

/* Options of a simulator. */
typedef struct lk_ais_sim_options {
	uint64_t seed;               /* random seed: same seed, same output */
	long background;             /* >= 0: override the scenario's background vessel count */
	double hours;                /* > 0: override the scenario's duration */
	bool tag_blocks;             /* NMEA 4.0 tag block with c:<time> on every sentence */
} lk_ais_sim_options;

#define LK_AIS_SIM_OPTIONS_INIT {1, -1, 0.0, true}

/*
 * Create a simulator for scenario sc (borrowed; must outlive the simulator). opts may be NULL
 * (LK_AIS_SIM_OPTIONS_INIT). Returns 0, LK_EINVALID (bad options) or LK_ENOMEM. Free with
 * lk_ais_sim_free().
 */
LK_EXTERN(int) lk_ais_sim_new(lk_ais_sim **out, const lk_ais_scenario *sc,
                              const lk_ais_sim_options *opts);

/* Free a simulator; NULL is a no-op. */
LK_EXTERN(void) lk_ais_sim_free(lk_ais_sim *s);

/*
 * The next message in time order into *out (with out->tag_time set to its time, Unix
 * seconds, and out->channel). Returns 1, or 0 at the end of the scenario.
 */
LK_EXTERN(int) lk_ais_sim_next(lk_ais_sim *s, lk_ais_msg *out);

/*
 * The next message as NMEA lines (lk_ais_encode_nmea(): one line, two for type 5, each
 * ending in "\n", with a tag block when the options ask for one) into buf of size cap.
 * Returns the length written, 0 at the end, or LK_ETOOBIG (512 bytes always suffice).
 * The message itself goes to *msg when msg is not NULL.
 */
LK_EXTERN(int) lk_ais_sim_next_nmea(lk_ais_sim *s, char *buf, size_t cap, lk_ais_msg *msg);

/* Messages and NMEA sentences produced so far. */
LK_EXTERN(long) lk_ais_sim_messages(const lk_ais_sim *s);
LK_EXTERN(long) lk_ais_sim_sentences(const lk_ais_sim *s);

/*
 * The ground-truth events of the scripted vessels, as JSON lines (one event per line, sorted
 * by start, type and MMSI; the format is in docs/AIS.md), into *out (malloc'd,
 * NUL-terminated, caller frees) and its length into *len (may be NULL). Call it after
 * lk_ais_sim_next() returned 0: events still open (a designated vessel's period) close at
 * the last message. Returns 0 or LK_ENOMEM.
 */
LK_EXTERN(int) lk_ais_sim_truth(lk_ais_sim *s, char **out, size_t *len);

#endif
