/*
 * ais_int.h - what the AIS decoder's files share: the bit buffer of a de-armored payload,
 * one parsed NMEA sentence, and the multipart groups.
 */
#ifndef LK_AIS_INT_H
#define LK_AIS_INT_H

#include "lookout/ais.h"
#include "lookout/error.h"

/* Longest payload of a whole message we accept: 5 slots are 1008 bits = 168 characters;
 * a little slack for transmitters that pad. Longer is an error, never a bigger buffer. */
#define LK_AIS__MAX_CHARS 200
#define LK_AIS__MAX_BITS (LK_AIS__MAX_CHARS * 6)
/* Longest line (tag block + sentence) we read; NMEA says 82 characters per sentence. */
#define LK_AIS__MAX_LINE 1024

typedef struct lk_ais__bits {
	uint8_t b[LK_AIS__MAX_BITS / 8 + 8];  /* zero-padded beyond nbits */
	size_t nbits;
} lk_ais__bits;

/* De-armor len sixbit characters minus fill bits. 0, or LK_EINVALID (bad char, too long). */
int lk_ais__unarmor(lk_ais__bits *out, const char *s, size_t len, unsigned fill);
/* Unsigned / signed field at bit offset (the caller checked nbits first). */
uint32_t lk_ais__u(const lk_ais__bits *b, size_t off, unsigned width);
int32_t lk_ais__s(const lk_ais__bits *b, size_t off, unsigned width);
/* Sixbit text of nchars characters into out (size cap), gpsd-style: stops at '@',
 * trailing spaces and '@' trimmed. Characters beyond nbits are not read. */
void lk_ais__text(const lk_ais__bits *b, size_t off, unsigned nchars, char *out, size_t cap);

/* One parsed sentence. Pointers point into the caller's line. */
typedef struct lk_ais__sentence {
	unsigned count, num;          /* fragment count and number, 1-based */
	int seqid;                    /* -1 when empty */
	char channel;                 /* 0 when empty */
	const char *payload;
	size_t payload_len;
	unsigned fill;
	int64_t tag_time;
	char tag_source[32];
} lk_ais__sentence;

/* Parse one line. Returns 1 for an AIS sentence, 0 for a non-AIS line (skipped), or a
 * negative code with *kind set and a message recorded. */
int lk_ais__parse_sentence(lk_ais__sentence *out, const char *line, size_t len,
                           lk_ais_error_kind *kind);

/* Decoders of message bodies, by family (decode.c, decode_static.c, decode_binary.c).
 * Each checks the bit count before reading any field. */
int lk_ais__decode_position(lk_ais_msg *m, const lk_ais__bits *b);
int lk_ais__decode_static(lk_ais_msg *m, const lk_ais__bits *b);
int lk_ais__decode_binary(lk_ais_msg *m, const lk_ais__bits *b);
/* Record a bit count error for type m->type. */
int lk_ais__bad_bits(const lk_ais_msg *m, size_t nbits, const char *want);

#endif

/* ---- multipart reassembly (reassembly.c) ---- */

typedef struct lk_ais__group {
	bool used;
	char channel;
	int seqid;
	unsigned count, next;         /* fragments expected, next fragment number */
	long first_line;
	size_t len;
	char payload[LK_AIS__MAX_CHARS];
} lk_ais__group;

typedef struct lk_ais__reasm {
	lk_ais__group *groups;
	int ngroups, timeout;
	int nused;                    /* groups in use */
	lk_ais_error_fn on_error;
	void *ud;
	long *errors;                 /* the decoder's error counters */
} lk_ais__reasm;

/* Report and count one error. */
void lk_ais__report(lk_ais__reasm *r, lk_ais_error_kind kind, long line, const char *msg);

/* Add a sentence read at `line`. Returns 1 with the whole payload in payload and len (valid
 * until the next call) when a message is complete, 0 otherwise (errors reported). */
int lk_ais__reasm_add(lk_ais__reasm *r, const lk_ais__sentence *s, long line,
                      const char **payload, size_t *len);

/* Report groups begun more than `timeout` lines before `line` (all when line < 0). */
void lk_ais__reasm_expire(lk_ais__reasm *r, long line);
