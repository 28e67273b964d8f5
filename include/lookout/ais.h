/*
 * ais.h - decoding AIS (Automatic Identification System) messages from NMEA 0183 sentences.
 *
 * A decoder takes lines one at a time (`!AIVDM`/`!AIVDO` sentences, optionally behind an
 * NMEA 4.0 tag block `\c:...,s:...*hh\`), checks checksums, reassembles multipart messages
 * per channel and sequence id, and decodes the payload into a caller-provided lk_ais_msg.
 * Field layouts follow ITU-R M.1371; field names follow gpsd's AIVDM documentation so that
 * lk_ais_to_json() emits gpsd-compatible JSON-AIS.
 *
 * Values a transmitter marks as unavailable are kept raw and named by the LK_AIS_*_NA
 * constants below (lat 91, lon 181, speed 102.3, heading 511, ...); use lk_ais_has_position()
 * rather than testing numbers.
 *
 * Memory: the decoder is allocated by lk_ais_decoder_new() and released with
 * lk_ais_decoder_free(); it holds at most `max_groups` pending multipart groups, so memory
 * stays bounded whatever the input. Messages are plain structs with fixed-size strings.
 */
#ifndef LOOKOUT_AIS_H
#define LOOKOUT_AIS_H

#include "common.h"

/* Raw values meaning "not available" (positions in 1/10000 minute). */
#define LK_AIS_LON_NA 108600000   /* 181 degrees */
#define LK_AIS_LAT_NA 54600000    /* 91 degrees */
#define LK_AIS_SPEED_NA 1023      /* 102.3 knots (types 1-3, 18, 19); type 9: 1023 knots */
#define LK_AIS_COURSE_NA 3600     /* 360.0 degrees */
#define LK_AIS_HEADING_NA 511
#define LK_AIS_TURN_NA (-128)
#define LK_AIS_LON27_NA 108600    /* type 27: 1/10 minute */
#define LK_AIS_LAT27_NA 54600

/* Kinds of counted input errors. */
typedef enum lk_ais_error_kind {
	LK_AIS_ERR_CHECKSUM = 0,  /* sentence or tag block checksum does not match */
	LK_AIS_ERR_ORPHAN,        /* fragment without its group, mismatched or timed out */
	LK_AIS_ERR_BITCOUNT,      /* payload too short or too long for its message type */
	LK_AIS_ERR_UNKNOWN_TYPE,  /* message type 0 or above 27 */
	LK_AIS_ERR_MALFORMED,     /* bad framing: fields, characters, line too long */
	LK_AIS_ERR_COUNT
} lk_ais_error_kind;

/* A short name for an error kind ("checksum", "orphan", ...); never NULL. */
LK_EXTERN(const char *) lk_ais_error_name(lk_ais_error_kind kind);

/* Called for every counted error: line is the 1-based line where the problem lies. */
typedef void (*lk_ais_error_fn)(void *ud, lk_ais_error_kind kind, long line, const char *msg);

typedef struct lk_ais_options {
	int max_groups;        /* pending multipart groups kept at most (oldest dropped) */
	int group_timeout;     /* a group unfinished after this many lines is an orphan */
	lk_ais_error_fn on_error;  /* may be NULL */
	void *ud;
} lk_ais_options;

#define LK_AIS_OPTIONS_INIT {64, 50, NULL, NULL}

/* Decoded fields. Which union member is valid depends on `type` (see lk_ais_msg). */
typedef struct lk_ais_pos {       /* types 1, 2, 3 */
	unsigned status, speed, course, heading, second, maneuver;
	int turn;
	bool accuracy, raim;
	int32_t lon, lat;             /* 1/10000 minute */
	uint32_t radio;
} lk_ais_pos;

typedef struct lk_ais_base {      /* types 4, 11 */
	unsigned year, month, day, hour, minute, second, epfd;
	bool accuracy, raim;
	int32_t lon, lat;
	uint32_t radio;
} lk_ais_base;

typedef struct lk_ais_static {    /* type 5 */
	unsigned ais_version, shiptype, to_bow, to_stern, to_port, to_starboard, epfd;
	unsigned month, day, hour, minute, draught, dte;
	uint32_t imo;
	char callsign[8], shipname[21], destination[21];
} lk_ais_static;

typedef struct lk_ais_binary {    /* types 6 and 8 */
	unsigned seqno, dac, fid;     /* seqno: type 6 only */
	uint32_t dest_mmsi;           /* type 6 only */
	bool retransmit;              /* type 6 only */
	unsigned bitcount;            /* bits of application data after the FID */
	uint8_t data[128];
} lk_ais_binary;

typedef struct lk_ais_sar {       /* type 9 */
	unsigned alt, speed, course, second, regional, dte;
	bool accuracy, assigned, raim;
	int32_t lon, lat;
	uint32_t radio;
} lk_ais_sar;

typedef struct lk_ais_classb {    /* types 18 and 19 */
	unsigned reserved, speed, course, heading, second, regional;
	bool accuracy, cs, display, dsc, band, msg22, assigned, raim;
	int32_t lon, lat;
	uint32_t radio;               /* type 18 */
	/* type 19 only */
	unsigned shiptype, to_bow, to_stern, to_port, to_starboard, epfd, dte;
	char shipname[21];
} lk_ais_classb;

typedef struct lk_ais_aton {      /* type 21 */
	unsigned aid_type, to_bow, to_stern, to_port, to_starboard, epfd, second, regional;
	bool accuracy, off_position, raim, virtual_aid, assigned;
	int32_t lon, lat;
	char name[35];                /* name and name extension, joined */
} lk_ais_aton;

typedef struct lk_ais_static24 {  /* type 24 */
	unsigned partno;              /* 0 = part A (name), 1 = part B */
	unsigned shiptype, model, to_bow, to_stern, to_port, to_starboard;
	uint32_t serial, mothership_mmsi;
	bool has_shipname;            /* part B: the name from a matching part A is known */
	bool auxiliary;               /* part B: MMSI 98xxxxxxx, mothership_mmsi is valid */
	char shipname[21], vendorid[8], callsign[8];
} lk_ais_static24;

typedef struct lk_ais_long {      /* type 27 */
	unsigned status, speed, course;
	bool accuracy, raim, gnss;
	int32_t lon, lat;             /* 1/10 minute */
} lk_ais_long;

/* One decoded message. */
typedef struct lk_ais_msg {
	unsigned type, repeat;
	uint32_t mmsi;
	bool decoded;                 /* false: a valid type whose body is not decoded (7, 10, ...) */
	long line;                    /* line of the last sentence of the message */
	int64_t tag_time;             /* tag block c: (Unix seconds), or -1 */
	char tag_source[32];          /* tag block s:, or "" */
	char channel;                 /* 'A', 'B', ... or 0 */
	union {
		lk_ais_pos pos;
		lk_ais_base base;
		lk_ais_static stat;
		lk_ais_binary bin;
		lk_ais_sar sar;
		lk_ais_classb cb;
		lk_ais_aton aton;
		lk_ais_static24 t24;
		lk_ais_long lr;
	} u;
} lk_ais_msg;

typedef struct lk_ais_decoder lk_ais_decoder;

/* Statistics kept by a decoder. */
typedef struct lk_ais_stats {
	long lines;                   /* lines fed */
	long sentences;               /* AIS sentences with a valid checksum */
	long messages;                /* messages decoded (returned) */
	long skipped;                 /* non-AIS lines and comments, not errors */
	long errors[LK_AIS_ERR_COUNT];
} lk_ais_stats;

/*
 * Create a decoder. opts may be NULL (LK_AIS_OPTIONS_INIT). Returns 0 or LK_ENOMEM.
 * Free with lk_ais_decoder_free().
 */
LK_EXTERN(int) lk_ais_decoder_new(lk_ais_decoder **out, const lk_ais_options *opts);

/* Free a decoder; NULL is a no-op. */
LK_EXTERN(void) lk_ais_decoder_free(lk_ais_decoder *d);

/*
 * Feed one line (with or without its trailing "\r\n"; need not be NUL-terminated).
 * Returns 1 when a message was completed into *out, 0 otherwise (a fragment was stored, the
 * line was not AIS, or it was an error: errors are counted and reported through on_error,
 * never returned, so that a stream goes on after bad lines).
 */
LK_EXTERN(int) lk_ais_decoder_line(lk_ais_decoder *d, lk_ais_msg *out, const char *line,
                                   size_t len);

/* End of input: pending multipart groups are counted as orphans. */
LK_EXTERN(void) lk_ais_decoder_finish(lk_ais_decoder *d);

/* The decoder's counters (borrowed, live as long as the decoder). */
LK_EXTERN(const lk_ais_stats *) lk_ais_decoder_stats(const lk_ais_decoder *d);

/*
 * Decode an armored payload (the sixbit characters of one whole message, fill bits
 * removed) into *out. Returns 0, or a negative code with an error kind in *kind and a message
 * through lk_error_set(): LK_EINVALID (bad character, bit count) or LK_EFORMAT (type).
 */
LK_EXTERN(int) lk_ais_decode_payload(lk_ais_msg *out, const char *payload, size_t len,
                                     unsigned fill, lk_ais_error_kind *kind);

/* true when the message carries a position that is available and in range. */
LK_EXTERN(bool) lk_ais_has_position(const lk_ais_msg *m, double *lat, double *lon);

/* JSON output flags. */
#define LK_AIS_JSON_SCALED 1u     /* gpsd's scaled form (degrees, knots, vocabulary) */
#define LK_AIS_JSON_PARTS 2u      /* type 24: print every part on its own, with "partno" */

/*
 * Write gpsd-compatible JSON-AIS for m (one object, no newline) into buf of size cap,
 * with "device":device when device is not NULL. Returns the length written, 0 when gpsd
 * would print nothing for this message (a type 24 part A, or a part B without a waiting
 * part A: gpsd prints one object when part B completes part A; with LK_AIS_JSON_PARTS each
 * part is printed), or LK_ETOOBIG when cap is too small (8192 bytes always suffice).
 */
LK_EXTERN(int) lk_ais_to_json(char *buf, size_t cap, const lk_ais_msg *m, const char *device,
                              unsigned flags);

/* gpsd's vocabulary ("Under way using engine", "GPS", ...); never NULL. */
LK_EXTERN(const char *) lk_ais_status_text(unsigned status);
LK_EXTERN(const char *) lk_ais_shiptype_text(unsigned shiptype);
LK_EXTERN(const char *) lk_ais_epfd_text(unsigned epfd);
LK_EXTERN(const char *) lk_ais_aid_type_text(unsigned aid_type);

/* ---- encoding (encode.c, encode_nmea.c) ---- */

/*
 * Encode m (types 1, 2, 3, 4, 5, 9, 11, 18, 19, 21, 24 parts A and B, 27) into its armored
 * sixbit payload, NUL-terminated, in out of size cap, and the number of fill bits into
 * *fill. The inverse of lk_ais_decode_payload(): decoding the result gives m's fields back.
 * Spare bits are zero and text is '@'-padded (ITU-R M.1371); text characters outside the
 * sixbit table become '?', lower case is folded to upper case; numbers are truncated to
 * their field width. Returns the payload length in characters, LK_ETOOBIG when cap is too
 * small (LK_AIS_MAX_PAYLOAD + 1 always suffices) or LK_EINVALID (type not supported).
 */
#define LK_AIS_MAX_PAYLOAD 200
LK_EXTERN(int) lk_ais_encode_payload(char *out, size_t cap, const lk_ais_msg *m,
                                     unsigned *fill);

/* How lk_ais_encode_nmea() frames sentences. */
typedef struct lk_ais_nmea_options {
	const char *talker;           /* two characters: "AI" (NULL or other lengths: "AI") */
	bool own;                     /* !xxVDO (own vessel) instead of !xxVDM */
	char channel;                 /* 'A', 'B', ... or 0 for an empty channel field */
	int seqid;                    /* sequence id 0-9 of multipart messages */
	int64_t tag_time;             /* >= 0: an NMEA 4.0 tag block with c:<tag_time> */
	const char *tag_source;       /* with tag_time: s:<source> too (NULL or "": none) */
	unsigned max_chars;           /* payload characters per sentence, 1-80 (60) */
} lk_ais_nmea_options;

#define LK_AIS_NMEA_OPTIONS_INIT {"AI", false, 'A', 0, -1, NULL, 60}

/*
 * Encode m as one or more NMEA sentences, each ending in "\n", into out of size cap
 * (NUL-terminated). A payload longer than max_chars is split into numbered fragments with
 * opts->seqid as sequence id (type 5 takes two sentences); a single sentence has an empty
 * sequence id. The tag block, when asked for, is written before every fragment. opts may be
 * NULL (LK_AIS_NMEA_OPTIONS_INIT). Returns the length written, or LK_ETOOBIG (512 bytes
 * always suffice with the defaults), or LK_EINVALID (unsupported type, bad source/channel).
 */
LK_EXTERN(int) lk_ais_encode_nmea(char *out, size_t cap, const lk_ais_msg *m,
                                  const lk_ais_nmea_options *opts);

/* ---- flags (mid.c) ---- */

/* The MID (Maritime Identification Digits) of a ship station MMSI: the first three digits of a
 * 9-digit MMSI whose first digit is 2..7; 0 for any other MMSI. */
LK_EXTERN(unsigned) lk_ais_mid(uint32_t mmsi);

/* The ISO 3166-1 alpha-2 code (lower case, static) of the country the ITU allocated the
 * MMSI's MID to ("kp" for 445...), or NULL when the MMSI is not a ship station or its MID is
 * not allocated. */
LK_EXTERN(const char *) lk_ais_mid_country(uint32_t mmsi);

/* ---- tracks and identities (track.c, identity.c) ---- */

/*
 * A track store keeps, per MMSI, the positions of a vessel (in order received) and its
 * identity from static reports (types 5, 19, 24). Positions come from the vessel position
 * reports (types 1, 2, 3, 18, 19, 27) that lk_ais_has_position() accepts; base stations,
 * aids to navigation and SAR aircraft are not vessels and are not tracked.
 *
 * A track is split into segments when the speed implied by two consecutive positions
 * (great-circle distance over time, with at least one second between them) exceeds
 * max_speed_kn, as Global Fishing Watch's segmenter does: the later position starts a new
 * segment. Segment ids are per vessel, counting from 0.
 *
 * Memory is bounded: at most max_vessels vessels (further MMSIs are counted and ignored), at
 * most max_points_per_vessel positions per vessel and max_points overall (the oldest received
 * are dropped first, and counted), and at most max_changes identity changes per vessel.
 */
typedef struct lk_ais_tracks lk_ais_tracks;

typedef struct lk_ais_tracks_options {
	double max_speed_kn;          /* implied speed that splits a segment (25) */
	size_t max_points_per_vessel; /* positions kept per vessel (10000) */
	size_t max_points;            /* positions kept overall (10000000) */
	size_t max_vessels;           /* vessels kept (1000000) */
	size_t max_changes;           /* identity changes kept per vessel (32) */
} lk_ais_tracks_options;

#define LK_AIS_TRACKS_OPTIONS_INIT {25.0, 10000, 10000000, 1000000, 32}

/* One position. sog, cog are -1 and heading -1 when not available. */
typedef struct lk_ais_point {
	int64_t time;                 /* Unix seconds */
	double lat, lon;              /* degrees */
	float sog, cog;               /* knots, degrees */
	int16_t heading;              /* degrees */
	uint8_t type;                 /* message type the position came from */
	uint32_t segment;             /* segment id within the vessel's track */
} lk_ais_point;

/* A run of consecutive points of one segment: points [first, first + count). */
typedef struct lk_ais_segment {
	uint32_t id;
	size_t first, count;
} lk_ais_segment;

/* A vessel's identity as last broadcast. Empty strings and 0 mean "never broadcast". */
typedef struct lk_ais_identity {
	uint32_t mmsi;
	const char *flag;             /* lk_ais_mid_country(mmsi), may be NULL */
	char name[21], callsign[8];
	uint32_t imo;
	bool imo_valid;               /* lk_imo_valid() on imo */
	unsigned shiptype, to_bow, to_stern, to_port, to_starboard;
	int64_t first_seen, last_seen;  /* any message from this MMSI; -1 before the first */
} lk_ais_identity;

typedef enum lk_ais_field {
	LK_AIS_FIELD_NAME = 0,
	LK_AIS_FIELD_CALLSIGN,
	LK_AIS_FIELD_IMO,
	LK_AIS_FIELD_SHIPTYPE
} lk_ais_field;

/* A change of identity: the field went from old_value to new_value at time (both as text;
 * IMO and ship type in decimal). */
typedef struct lk_ais_change {
	lk_ais_field field;
	int64_t time;
	char old_value[21], new_value[21];
} lk_ais_change;

typedef struct lk_ais_tracks_stats {
	long messages;                /* messages fed */
	long positions;               /* positions accepted */
	long splits;                  /* segments started by an implied speed over the limit */
	long dropped_points;          /* positions dropped by the caps (oldest first) */
	long dropped_vessels;         /* messages ignored because max_vessels was reached */
	long dropped_changes;         /* identity changes dropped by max_changes (oldest first) */
	size_t points;                /* positions held now */
	size_t bytes;                 /* memory held by the store, approximately */
} lk_ais_tracks_stats;

/* The short name of a field ("name", "callsign", "imo", "shiptype"); never NULL. */
LK_EXTERN(const char *) lk_ais_field_name(lk_ais_field field);

/* Great-circle distance in metres between two points in degrees (haversine, mean Earth
 * radius 6371008.8 m). */
LK_EXTERN(double) lk_ais_distance_m(double lat1, double lon1, double lat2, double lon2);

/* Create a store; opts may be NULL (LK_AIS_TRACKS_OPTIONS_INIT). Returns 0 or LK_ENOMEM.
 * Free with lk_ais_tracks_free(). */
LK_EXTERN(int) lk_ais_tracks_new(lk_ais_tracks **out, const lk_ais_tracks_options *opts);

/* Free a store; NULL is a no-op. */
LK_EXTERN(void) lk_ais_tracks_free(lk_ais_tracks *t);

/*
 * Feed one decoded message received at m->tag_time when the tag block gave one (>= 0),
 * otherwise at `now` (the caller's clock, Unix seconds). Returns 0 (also for messages that
 * carry nothing tracked) or LK_ENOMEM.
 */
LK_EXTERN(int) lk_ais_tracks_add(lk_ais_tracks *t, const lk_ais_msg *m, int64_t now);

/* The store's counters (borrowed, updated by every call). */
LK_EXTERN(const lk_ais_tracks_stats *) lk_ais_tracks_stats_get(lk_ais_tracks *t);

/* Number of vessels; vessels are numbered 0..count-1 in the order first seen. */
LK_EXTERN(size_t) lk_ais_tracks_count(const lk_ais_tracks *t);

/* The vessel number of an MMSI, or -1. */
LK_EXTERN(long) lk_ais_tracks_find(const lk_ais_tracks *t, uint32_t mmsi);

/* Vessel v's identity (borrowed, valid until the next lk_ais_tracks_add()). */
LK_EXTERN(const lk_ais_identity *) lk_ais_tracks_identity(const lk_ais_tracks *t, size_t v);

/* Number of positions held for vessel v, and position i of them (0 = oldest held; borrowed,
 * valid until the next lk_ais_tracks_add()). */
LK_EXTERN(size_t) lk_ais_tracks_npoints(const lk_ais_tracks *t, size_t v);
LK_EXTERN(const lk_ais_point *) lk_ais_tracks_point(const lk_ais_tracks *t, size_t v,
                                                   size_t i);

/*
 * Iterate over vessel v's segments: start with *pos = 0; each call fills *out with the next
 * run of points of one segment and returns true, or returns false at the end.
 */
LK_EXTERN(bool) lk_ais_tracks_next_segment(const lk_ais_tracks *t, size_t v, size_t *pos,
                                           lk_ais_segment *out);

/* Number of identity changes kept for vessel v, and change i of them (0 = oldest kept). */
LK_EXTERN(size_t) lk_ais_tracks_nchanges(const lk_ais_tracks *t, size_t v);
LK_EXTERN(const lk_ais_change *) lk_ais_tracks_change(const lk_ais_tracks *t, size_t v,
                                                     size_t i);

#endif
