/*
 * detect_support.h - what the detector tests share: hand-made decoded messages and an event
 * collector.
 */
#ifndef LK_TEST_DETECT_SUPPORT_H
#define LK_TEST_DETECT_SUPPORT_H

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lookout/ais_detect.h"

#define MAX_EVENTS 512
#define M_PER_DEG_LAT 111195.0797  /* metres per degree on the 6371008.8 m sphere */

typedef struct events {
	lk_ais_event e[MAX_EVENTS];
	size_t n;
} events;

static inline void collect(void *ud, const lk_ais_event *ev)
{
	events *s = ud;
	if (s->n < MAX_EVENTS)
		s->e[s->n++] = *ev;
}

/* Events of one type. */
static inline size_t count_type(const events *s, lk_ais_event_type t)
{
	size_t n = 0;
	for (size_t i = 0; i < s->n; i++)
		n += s->e[i].type == t;
	return n;
}

static inline const lk_ais_event *first_type(const events *s, lk_ais_event_type t)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->e[i].type == t)
			return &s->e[i];
	return NULL;
}

/* A class A position report (type 1) at (lat, lon) degrees, sog knots (< 0: unavailable). */
static inline lk_ais_msg pos_msg(uint32_t mmsi, double lat, double lon, double sog)
{
	lk_ais_msg m;
	memset(&m, 0, sizeof(m));
	m.type = 1;
	m.mmsi = mmsi;
	m.decoded = true;
	m.tag_time = -1;
	m.u.pos.lat = (int32_t)lround(lat * 600000.0);
	m.u.pos.lon = (int32_t)lround(lon * 600000.0);
	m.u.pos.speed = sog < 0 ? LK_AIS_SPEED_NA : (unsigned)lround(sog * 10.0);
	m.u.pos.course = LK_AIS_COURSE_NA;
	m.u.pos.heading = LK_AIS_HEADING_NA;
	return m;
}

/* A type 5 static report. */
static inline lk_ais_msg static_msg(uint32_t mmsi, const char *name, const char *callsign,
                                    uint32_t imo)
{
	lk_ais_msg m;
	memset(&m, 0, sizeof(m));
	m.type = 5;
	m.mmsi = mmsi;
	m.decoded = true;
	m.tag_time = -1;
	snprintf(m.u.stat.shipname, sizeof(m.u.stat.shipname), "%s", name);
	snprintf(m.u.stat.callsign, sizeof(m.u.stat.callsign), "%s", callsign);
	m.u.stat.imo = imo;
	m.u.stat.shiptype = 80;
	return m;
}

static inline int feed_pos(lk_ais_detect *d, uint32_t mmsi, int64_t t, double lat, double lon,
                           double sog)
{
	lk_ais_msg m = pos_msg(mmsi, lat, lon, sog);
	return lk_ais_detect_add(d, &m, t);
}

static inline int feed_static(lk_ais_detect *d, uint32_t mmsi, int64_t t, const char *name,
                              const char *callsign, uint32_t imo)
{
	lk_ais_msg m = static_msg(mmsi, name, callsign, imo);
	return lk_ais_detect_add(d, &m, t);
}

#endif
