/*
 * scan_json.h - the JSON pieces text and payment scanning share (jansson values; the caller
 * owns what is returned, NULL when out of memory).
 */
#ifndef LK_SCAN_JSON_H
#define LK_SCAN_JSON_H

#include "lookout/scan.h"

#include <jansson.h>

/* Is values[i] of e a name whose text no earlier name value has? (A result's "names" list each
 * name-kind value once, in order.) */
bool lk_scan__first_name(const lk_entity *e, size_t i);

/* A match result as `lookout screen --json` writes it. */
json_t *lk_scan__result_json(const lk_match_result *r, bool explain);

/* The mentions of a scan of text: [{"start","end","text","how","query","results"}]. */
json_t *lk_scan__mentions_json(const lk_scan_result *r, const char *text, bool explain);

/* The scan's statistics. */
json_t *lk_scan__stats_json(const lk_scan_stats *st);

/* Append o compactly to out and release it (o NULL: LK_ENOMEM). */
int lk_scan__dump(json_t *o, lk_buf *out);

#endif
