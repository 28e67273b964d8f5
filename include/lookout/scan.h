/*
 * scan.h - finding listed persons, organisations and vessels in free text and in payment
 * messages.
 *
 * Text scanning (lk_scan_text): the text is split into words with ICU's word break rules
 * (any script). Name-like words (capitalised in cased scripts; every word in Hangul, Han,
 * Arabic, Hebrew and other caseless scripts) are brought to their matching form, with
 * inflection endings, Korean particles and Arabic prefix letters stripped as alternatives;
 * only words whose keys are name keys of the index go on. Adjacent name words that occur
 * together in some listed name form candidate spans of 1-4 words, which are screened with
 * lk_match_screen(); overlapping and contained spans give way to the best. A family name
 * standing alone after a full mention of a listed person ("Lawrow" after "Sergej Lawrow")
 * is reported as another mention of that person, and "IMO 9413559" is looked up among the
 * listed IMO numbers. Titles ("Präsident", "Mr.", "위원장") are skipped; a name glued by
 * hyphens to a place noun ("Kim-Il-Sung-Platz") is not a person. Offsets are UTF-8 byte
 * offsets into the input.
 *
 * Payment scanning (lk_scan_payment_json): each party of a message read by the payment
 * readers (payment.h) is screened with its country and its BIC, and its free-text fields
 * are scanned as text; the message is a "hit" when anything matched.
 *
 * Thread safety: every function may be called from any number of threads at once with one
 * shared lk_index (scratch state is per call or per thread). Inputs are borrowed; outputs
 * are owned by the caller.
 */
#ifndef LOOKOUT_SCAN_H
#define LOOKOUT_SCAN_H

#include "common.h"
#include "buf.h"
#include "match.h"
#include "payment.h"

#define LK_SCAN_MAX_TEXT (256u << 20) /* longer texts are refused (LK_ETOOBIG) */
#define LK_SCAN_MAX_MENTIONS 100000   /* more mentions than this: LK_ETOOBIG */
#define LK_SCAN_DEFAULT_RESULTS 3     /* results kept per mention */

typedef struct lk_scan_options {
	unsigned version;              /* LK_SCAN_OPTIONS_VERSION */
	lk_schema schema;              /* only entities of this schema (UNKNOWN: any) */
	double threshold;              /* < 0: LK_MATCH_DEFAULT_THRESHOLD */
	size_t max_results;            /* results per mention (0: LK_SCAN_DEFAULT_RESULTS) */
	const char *const *sources;    /* only these sources (NULL: all) */
	size_t nsources;
	bool explain;                  /* JSON output includes each result's explanation */
} lk_scan_options;

#define LK_SCAN_OPTIONS_VERSION 1
#define LK_SCAN_OPTIONS_INIT {LK_SCAN_OPTIONS_VERSION, LK_SCHEMA_UNKNOWN, -1.0, 0, NULL, 0, false}

/* How a mention was found. */
typedef enum lk_scan_how {
	LK_SCAN_NAME = 0,     /* a span of words screened as a name */
	LK_SCAN_COREFERENCE,  /* a family name alone, after a full mention of the person */
	LK_SCAN_IDENTIFIER    /* an identifier ("IMO 9413559") equal to a listed one */
} lk_scan_how;

typedef struct lk_scan_mention {
	size_t start, end;         /* byte offsets of the span in the input */
	lk_scan_how how;
	const char *query;         /* what was screened (the span without inflection endings,
	                              titles or glued debris); owned by the scan */
	lk_match_result *results;  /* matches, best first (entities borrowed from the index) */
	size_t nresults;
} lk_scan_mention;

typedef struct lk_scan_stats {
	size_t bytes;      /* input length */
	size_t words;      /* words the word breaker found */
	size_t name_words; /* words whose keys are name keys of the index */
	size_t spans;      /* candidate spans */
	size_t screened;   /* spans screened with the full engine (the rest came from the cache) */
	size_t mentions;
	double seconds;
} lk_scan_stats;

typedef struct lk_scan_result {
	lk_scan_mention *mentions;  /* in text order */
	size_t count;
	lk_scan_stats stats;
} lk_scan_result;

/*
 * Scan text[0..len) for mentions of listed entities. Returns 0 and *out (release with
 * lk_scan_result_free), LK_EENCODING for invalid UTF-8 (the message gives the byte offset),
 * LK_ETOOBIG for more than LK_SCAN_MAX_TEXT bytes, LK_EINVALID for bad options, LK_ENOMEM.
 * The results of a mention borrow entities from ix: keep ix alive while using them.
 */
LK_EXTERN(int) lk_scan_text(lk_scan_result **out, const lk_index *ix, const char *text,
                            size_t len, const lk_scan_options *o);

LK_EXTERN(void) lk_scan_result_free(lk_scan_result *r);

/* Name of an lk_scan_how: "name", "coreference", "identifier". */
LK_EXTERN(const char *) lk_scan_how_name(lk_scan_how h);

/*
 * A match result as the JSON object `lookout screen --json` prints:
 * {"id","caption","schema","source","names","score","match"[,"explanation"]}, appended to out.
 */
LK_EXTERN(int) lk_scan_result_item_json(lk_buf *out, const lk_match_result *r, bool explain);

/*
 * Scan text and append the JSON document
 *   {"mentions":[{"start","end","text","how","query","results":[...]}],
 *    "stats":{"bytes","words","name_words","spans","screened","mentions","seconds"}}
 * to out (for `lookout scan-text --json` and POST /scan/text). Errors as lk_scan_text.
 */
LK_EXTERN(int) lk_scan_text_json(lk_buf *out, const lk_index *ix, const char *text, size_t len,
                                 const lk_scan_options *o);

/*
 * Screen one payment message: each party (its name with its country, its BIC and other
 * identifiers) with lk_match_screen, and each free-text field with lk_scan_text. Appends the
 * record
 *   {"index","line","type","reference","end_to_end_id","currency","amount","value_date",
 *    "verdict":"hit"|"clear","hits":N,
 *    "parties":[{"role","tag","name","address","country","town","account","bic",
 *                "results":[...]}],
 *    "texts":[{"role","tag","text","mentions":[...]}]}
 * to out. *hit (may be NULL) says whether anything matched. Returns 0 or an error.
 */
LK_EXTERN(int) lk_scan_payment_json(lk_buf *out, const lk_index *ix, const lk_payment *p,
                                    const lk_scan_options *o, bool *hit);

typedef struct lk_scan_payment_stats {
	size_t messages;  /* read and screened */
	size_t hits;
	size_t errors;    /* malformed messages, skipped */
} lk_scan_payment_stats;

/*
 * Read every message of data[0..len) (payment.h; name labels errors) and screen each.
 * Appends {"messages":[record...],"errors":[{"index","line","offset","code","message"}],
 * "stats":{"messages","hits","clear","errors"}} to out (for POST /scan/payment). A malformed
 * message is listed under "errors" and skipped; the others go on. stats may be NULL.
 * Returns 0 (even with malformed messages), or an error that stopped the whole scan.
 */
LK_EXTERN(int) lk_scan_payments_json(lk_buf *out, const lk_index *ix, const char *data,
                                     size_t len, const char *name, lk_payment_format format,
                                     const lk_scan_options *o, lk_scan_payment_stats *stats);

#endif
