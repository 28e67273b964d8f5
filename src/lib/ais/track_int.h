/*
 * track_int.h - what track.c (positions, segments, caps) and identity.c (static reports,
 * changes) share: one vessel of the track store.
 */
#ifndef LK_AIS_TRACK_INT_H
#define LK_AIS_TRACK_INT_H

#include "lookout/ais.h"

typedef struct lk_ais__vessel {
	lk_ais_identity id;
	/* positions: a ring of cap slots, n used from head; seq numbers count every position
	 * ever added, so the oldest held has seq next_seq - n */
	lk_ais_point *pts;
	size_t cap, head, n;
	uint64_t next_seq;
	bool has_last;                /* last: the latest position, kept even when dropped */
	lk_ais_point last;
	uint32_t segment;
	/* identity changes: a ring of chg_cap slots, chg_n used from chg_head */
	lk_ais_change *chg;
	size_t chg_cap, chg_head, chg_n;
} lk_ais__vessel;

/* Update v's identity from a static report (types 5, 19, 24) received at time; other types
 * are ignored. Changes beyond max_changes drop the oldest (counted in *dropped). Returns 0 or
 * LK_ENOMEM. */
int lk_ais__identity_update(lk_ais__vessel *v, const lk_ais_msg *m, int64_t time,
                            size_t max_changes, long *dropped, size_t *bytes);

#endif
