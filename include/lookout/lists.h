/*
 * lists.h - reading official sanctions lists in their native formats.
 *
 * lk_list_parse() takes one or more paths (files, or directories holding a set such as an
 * OFAC CSV folder), detects each file's format from its content (never from its name),
 * parses it with bounded memory per record and returns an lk_list: the entities of one list
 * version, in one arena, with the content hash of the inputs and any warnings.
 *
 * Formats:
 *   UN Security Council Consolidated List XML
 *   OFAC legacy CSV sets: sdn.csv + add.csv + alt.csv + sdn_comments.csv (and cons_*)
 *   OFAC sdnList XML (sdn.xml, consolidated.xml)
 *   EU Financial Sanctions File: legacy XML (WHOLE/ENTITY), CSV v1.0, current XML export
 *   UK HMT/OFSI ConList.csv (2014, 2018, 2020 header variants)
 *   OpenSanctions FollowTheMoney JSON lines
 */
#ifndef LOOKOUT_LISTS_H
#define LOOKOUT_LISTS_H

#include "common.h"
#include "arena.h"
#include "entity.h"
#include "hash.h"

/* X(enum suffix, short name, default source name, description) */
#define LK_FORMAT_MAP(X)                                                              \
	X(UNKNOWN, "unknown", "unknown", "unrecognised")                                   \
	X(UN_XML, "un_xml", "un_sc", "UN Security Council Consolidated List XML")          \
	X(OFAC_CSV, "ofac_csv", "ofac_sdn", "OFAC legacy CSV set")                         \
	X(OFAC_XML, "ofac_xml", "ofac_sdn", "OFAC sdnList XML")                            \
	X(EU_XML_LEGACY, "eu_xml_legacy", "eu_fsf", "EU financial sanctions legacy XML")   \
	X(EU_XML, "eu_xml", "eu_fsf", "EU financial sanctions XML export")                 \
	X(EU_CSV, "eu_csv", "eu_fsf", "EU financial sanctions CSV v1.0")                   \
	X(UK_CSV, "uk_csv", "uk_hmt", "UK HMT/OFSI consolidated list CSV")                 \
	X(FTM_JSON, "ftm_json", "ftm", "FollowTheMoney JSON lines")

typedef enum lk_format {
#define LK__FMT_ENUM(e, s, src, d) LK_FORMAT_##e,
	LK_FORMAT_MAP(LK__FMT_ENUM)
#undef LK__FMT_ENUM
	LK_FORMAT__COUNT
} lk_format;

/* Role of one file within an OFAC CSV set (detected from its column count). */
typedef enum lk_ofac_role {
	LK_OFAC_NONE = 0,
	LK_OFAC_PRIMARY,  /* sdn.csv / cons_prim.csv: 12 columns */
	LK_OFAC_ADDRESS,  /* add.csv: 6 columns */
	LK_OFAC_ALIAS,    /* alt.csv: 5 columns */
	LK_OFAC_COMMENTS  /* sdn_comments.csv: 2 columns */
} lk_ofac_role;

LK_EXTERN(const char *) lk_format_name(lk_format f);
LK_EXTERN(const char *) lk_format_description(lk_format f);
LK_EXTERN(const char *) lk_format_default_source(lk_format f);

/*
 * Detect the format of a file from its first bytes. For OFAC CSV also reports the file's role
 * (role may be NULL). Returns LK_FORMAT_UNKNOWN if nothing fits.
 */
LK_EXTERN(lk_format) lk_format_detect(const char *head, size_t len, lk_ofac_role *role);

/* Progress: called now and then with bytes read so far and total bytes of all inputs. */
typedef void (*lk_progress_fn)(void *ctx, uint64_t done, uint64_t total);

typedef struct lk_parse_opts {
	unsigned version;        /* LK_PARSE_OPTS_VERSION */
	const char *source;      /* source name to record (NULL: from the format, see above) */
	lk_progress_fn progress; /* may be NULL */
	void *progress_ctx;
	size_t max_bytes;        /* cap on the arena of the parsed list (0: 1 GiB) */
} lk_parse_opts;

#define LK_PARSE_OPTS_VERSION 1
#define LK_PARSE_OPTS_INIT {LK_PARSE_OPTS_VERSION, NULL, NULL, NULL, 0}

/* One parsed list version. Everything in it lives in its arena. */
typedef struct lk_list {
	lk_arena *arena;
	lk_format format;
	const char *source;       /* source name */
	const char *published;    /* the date the list says it was generated (ISO), or NULL */
	char hash[LK_SHA256_HEX_LEN]; /* SHA-256 over the input files (see lk_list_parse) */
	lk_entity **entities;
	size_t count;
	size_t cap;
	char **warnings;          /* human-readable warnings, e.g. missing alt.csv */
	size_t nwarnings;
	size_t cap_warnings;
	char **files;             /* the input files actually read, in hashing order */
	size_t nfiles;
} lk_list;

/*
 * Parse the list at paths (files or directories; a directory stands for the regular files in
 * it). All files must belong to one list version of one format (an OFAC set may mix roles).
 * The content hash is SHA-256 over, for each file in name order, its base name, a NUL, its
 * size as 8 bytes big-endian and its bytes, so that identical input gives the identical hash.
 *
 * On success *out is a new list; release it with lk_list_free(). On failure *out is NULL and
 * the error (lk_error_last()) names the file and the line or byte offset:
 * LK_EFORMAT (unrecognised or mixed formats), LK_EINCOMPLETE (an OFAC set without its primary
 * file), LK_EINVALID / LK_EENCODING / LK_ETRUNCATED / LK_ETOOBIG (bad content), LK_EIO.
 */
LK_EXTERN(int) lk_list_parse(lk_list **out, const char *const *paths, size_t npaths,
                             const lk_parse_opts *opts);

/* Parse a single in-memory buffer of a known format (for fuzzing and tests). name is used in
 * error messages. OFAC CSV buffers are taken as a lone primary file. */
LK_EXTERN(int) lk_list_parse_buffer(lk_list **out, lk_format format, const char *name,
                                    const char *data, size_t len, const lk_parse_opts *opts);

/* Release a list and its arena. NULL is a no-op. */
LK_EXTERN(void) lk_list_free(lk_list *list);

/* Count the entities of each schema into counts[LK_SCHEMA__COUNT]. */
LK_EXTERN(void) lk_list_count_schemas(const lk_list *list, size_t counts[LK_SCHEMA__COUNT]);

/* Number of NAME-kind values over all entities. */
LK_EXTERN(size_t) lk_list_count_names(const lk_list *list);

/* The entity with this native id, or NULL (linear scan; for tests and tools). */
LK_EXTERN(const lk_entity *) lk_list_find_native(const lk_list *list, const char *native_id);

#endif
