/*
 * detect_json.c - detector events as JSON lines and GeoJSON features.
 *
 * Every event has "type", "mmsi", "start", "end" (UTC, "YYYY-MM-DDTHH:MM:SSZ"), "lat" and
 * "lon" (null when no position is known); the other keys depend on the type (docs/AIS.md).
 * AIS text may hold '"' and '\' (both are in the sixbit alphabet) and list names are UTF-8, so
 * every string is escaped.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "lookout/error.h"
#include "detect_int.h"

static const char *const type_names[LK_AIS_EV__COUNT] = {
	"designated", "encounter", "loitering", "dark", "identity_change",
	"bad_imo",    "shared_imo", "spoofing", "zone_entry",
};

const char *lk_ais_event_type_name(lk_ais_event_type t)
{
	return (unsigned)t < LK_AIS_EV__COUNT ? type_names[t] : "unknown";
}

static int put_str(lk_buf *out, const char *s)
{
	int rc = lk_buf_putc(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p && rc == 0; p++) {
		if (*p == '"' || *p == '\\')
			rc = lk_buf_printf(out, "\\%c", *p);
		else if (*p < 0x20)
			rc = lk_buf_printf(out, "\\u%04x", *p);
		else
			rc = lk_buf_putc(out, (char)*p);
	}
	return rc ? rc : lk_buf_putc(out, '"');
}

static int put_key_str(lk_buf *out, const char *key, const char *s)
{
	int rc = lk_buf_printf(out, ",\"%s\":", key);
	if (rc == 0)
		rc = s ? put_str(out, s) : lk_buf_puts(out, "null");
	return rc;
}

static int put_time(lk_buf *out, const char *key, int64_t t)
{
	struct tm tm;
	time_t tt = (time_t)t;
	char buf[32];
	if (!gmtime_r(&tt, &tm) || strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return lk_buf_printf(out, ",\"%s\":null", key);
	return lk_buf_printf(out, ",\"%s\":\"%s\"", key, buf);
}

/* The territory of a zone named "PRK_EEZ": "PRK". */
static int put_near(lk_buf *out, const char *zone)
{
	if (!zone)
		return lk_buf_puts(out, ",\"near_eez\":null");
	size_t n = strlen(zone);
	if (n > 4 && strcmp(zone + n - 4, "_EEZ") == 0)
		n -= 4;
	char code[32];
	snprintf(code, sizeof(code), "%.*s", (int)n, zone);
	return put_key_str(out, "near_eez", code);
}

int lk_ais_event_to_json(const lk_ais_event *ev, lk_buf *out)
{
	int rc = lk_buf_printf(out, "{\"type\":\"%s\",\"mmsi\":%u", lk_ais_event_type_name(ev->type),
	                       (unsigned)ev->mmsi);
	if (rc == 0)
		rc = put_time(out, "start", ev->start);
	if (rc == 0)
		rc = put_time(out, "end", ev->end);
	if (rc == 0 && ev->has_position)
		rc = lk_buf_printf(out, ",\"lat\":%.6f,\"lon\":%.6f", ev->lat, ev->lon);
	else if (rc == 0)
		rc = lk_buf_puts(out, ",\"lat\":null,\"lon\":null");
	if (rc)
		return rc;
	double dur_h = (double)(ev->end - ev->start) / 3600.0;
	switch (ev->type) {
	case LK_AIS_EV_DESIGNATED:
		rc = ev->imo ? lk_buf_printf(out, ",\"imo\":%u", (unsigned)ev->imo)
		             : lk_buf_puts(out, ",\"imo\":null");
		if (rc == 0)
			rc = put_key_str(out, "name", ev->name[0] ? ev->name : NULL);
		if (rc == 0)
			rc = put_key_str(out, "callsign", ev->callsign[0] ? ev->callsign : NULL);
		if (rc == 0)
			rc = put_key_str(out, "entity_id", ev->entity_id);
		if (rc == 0)
			rc = put_key_str(out, "entity_name", ev->entity_name);
		if (rc == 0)
			rc = put_key_str(out, "matched_by", ev->matched_by);
		if (rc == 0)
			rc = lk_buf_printf(out, ",\"score\":%.3f", ev->score);
		if (rc == 0)
			rc = put_key_str(out, "explanation", ev->explanation);
		break;
	case LK_AIS_EV_ENCOUNTER:
		rc = lk_buf_printf(out, ",\"other_mmsi\":%u,\"distance_m\":%.1f,"
		                   "\"median_speed_kn\":%.3f,\"duration_h\":%.2f",
		                   (unsigned)ev->other_mmsi, ev->distance_m, ev->median_speed_kn, dur_h);
		break;
	case LK_AIS_EV_LOITERING:
		rc = lk_buf_printf(out, ",\"duration_h\":%.2f,\"mean_speed_kn\":%.2f", dur_h,
		                   ev->speed_kn);
		break;
	case LK_AIS_EV_DARK:
		rc = lk_buf_printf(out, ",\"gap_h\":%.2f,\"start_lat\":%.6f,\"start_lon\":%.6f,"
		                   "\"end_lat\":%.6f,\"end_lon\":%.6f", ev->gap_h, ev->start_lat,
		                   ev->start_lon, ev->end_lat, ev->end_lon);
		if (rc == 0)
			rc = put_near(out, ev->near_zone);
		break;
	case LK_AIS_EV_IDENTITY_CHANGE:
		rc = put_key_str(out, "field", ev->field);
		if (rc == 0)
			rc = put_key_str(out, "from", ev->from);
		if (rc == 0)
			rc = put_key_str(out, "to", ev->to);
		if (rc == 0 && ev->other_mmsi)
			rc = lk_buf_printf(out, ",\"other_mmsi\":%u", (unsigned)ev->other_mmsi);
		if (rc == 0 && ev->imo)
			rc = lk_buf_printf(out, ",\"imo\":%u", (unsigned)ev->imo);
		break;
	case LK_AIS_EV_BAD_IMO:
		rc = lk_buf_printf(out, ",\"imo\":%u", (unsigned)ev->imo);
		break;
	case LK_AIS_EV_SHARED_IMO:
		rc = lk_buf_printf(out, ",\"imo\":%u,\"mmsis\":[", (unsigned)ev->imo);
		for (size_t i = 0; i < ev->nmmsis && rc == 0; i++)
			rc = lk_buf_printf(out, "%s%u", i ? "," : "", (unsigned)ev->mmsis[i]);
		if (rc == 0)
			rc = lk_buf_putc(out, ']');
		break;
	case LK_AIS_EV_SPOOFING:
		rc = lk_buf_printf(out, ",\"speed_kn\":%.1f,\"start_lat\":%.6f,\"start_lon\":%.6f,"
		                   "\"end_lat\":%.6f,\"end_lon\":%.6f", ev->speed_kn, ev->start_lat,
		                   ev->start_lon, ev->end_lat, ev->end_lon);
		break;
	case LK_AIS_EV_ZONE_ENTRY:
		rc = put_key_str(out, "zone", ev->zone);
		break;
	default:
		break;
	}
	return rc ? rc : lk_buf_putc(out, '}');
}

int lk_ais_event_to_geojson(const lk_ais_event *ev, lk_buf *out)
{
	int rc = lk_buf_puts(out, "{\"type\":\"Feature\",\"geometry\":");
	if (rc)
		return rc;
	if (ev->type == LK_AIS_EV_DARK || ev->type == LK_AIS_EV_SPOOFING)
		rc = lk_buf_printf(out, "{\"type\":\"LineString\",\"coordinates\":[[%.6f,%.6f],"
		                   "[%.6f,%.6f]]}", ev->start_lon, ev->start_lat, ev->end_lon,
		                   ev->end_lat);
	else if (ev->has_position)
		rc = lk_buf_printf(out, "{\"type\":\"Point\",\"coordinates\":[%.6f,%.6f]}", ev->lon,
		                   ev->lat);
	else
		rc = lk_buf_puts(out, "null");
	if (rc == 0)
		rc = lk_buf_puts(out, ",\"properties\":");
	if (rc == 0)
		rc = lk_ais_event_to_json(ev, out);
	return rc ? rc : lk_buf_putc(out, '}');
}
