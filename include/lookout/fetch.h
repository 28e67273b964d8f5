/*
 * fetch.h - keeping the lists current: where each source's official files are published,
 * fetching them (HTTP(S) through libcurl, or a local directory), verifying them and importing
 * a new version only when it passes.
 *
 * A source (un_sc, ofac_sdn, ...) is a set of files, each with a local name (the name it is
 * stored and hashed under: "sdn.csv") and a location (an http:// or https:// URL, or a path).
 * The built-in table holds the official URLs; a sources file (lk_fetch_config_parse), the
 * environment ($LOOKOUT_LISTS_URL) and the command line (lk_fetch_config_set_location) change
 * them. A location given for a source or for all sources is a BASE: a URL or directory that
 * serves the files under their local names (BASE/sdn.csv), so one flat mirror directory serves
 * every source (the local names do not collide).
 *
 * lk_lists_update() takes one source through: fetch every file into a private temporary
 * directory (size limit per file, connect and total timeouts, HTTP status, Content-Length
 * against the bytes received), parse the set fully (lk_list_parse: the content hash is the
 * same as `lists import` of the same files), refuse a version whose entity count falls by more
 * than max_drop against the active version unless forced, then lk_store_import() (identical
 * content is a no-op there). Any failure leaves the store as it was.
 *
 * Memory: lk_fetch_config is allocated by lk_fetch_config_new() and released with
 * lk_fetch_config_free(); results are caller-provided structs.
 */
#ifndef LOOKOUT_FETCH_H
#define LOOKOUT_FETCH_H

#include "common.h"
#include "hash.h"
#include "lists.h"
#include "store.h"

#define LK_FETCH_MAX_SOURCES 32
#define LK_FETCH_MAX_FILES 8
#define LK_FETCH_NAME_MAX 64       /* source and file names, with the NUL */
#define LK_FETCH_LOCATION_MAX 1024 /* URLs and paths, with the NUL */

/* One published file of a source. */
typedef struct lk_fetch_file {
	char name[LK_FETCH_NAME_MAX];         /* local base name ("sdn.csv"); part of the hash */
	char location[LK_FETCH_LOCATION_MAX]; /* URL (http/https) or path of the file */
	bool optional; /* absent (HTTP 404, no such file) is not an error: the set goes without */
} lk_fetch_file;

typedef struct lk_fetch_source {
	char name[LK_FETCH_NAME_MAX]; /* the store's source name */
	lk_fetch_file files[LK_FETCH_MAX_FILES];
	size_t nfiles;
	bool enabled; /* updated when no source is named explicitly */
} lk_fetch_source;

typedef struct lk_fetch_config {
	lk_fetch_source sources[LK_FETCH_MAX_SOURCES];
	size_t nsources;
	uint64_t max_bytes;     /* per file; larger files are refused (default 512 MiB) */
	long timeout_s;         /* whole transfer of one file (default 600) */
	long connect_timeout_s; /* connection set-up (default 30) */
	double max_drop;        /* refuse a version with this share fewer entities (0.10) */
} lk_fetch_config;

/* A new configuration holding the built-in official sources and default limits. */
LK_EXTERN(int) lk_fetch_config_new(lk_fetch_config **out);

/* Release. NULL is a no-op. */
LK_EXTERN(void) lk_fetch_config_free(lk_fetch_config *cfg);

/*
 * Apply a sources file (name is used in messages). Lines; '#' starts a comment:
 *
 *   max-size = 256M            per-file limit: bytes, or a K, M or G suffix (binary)
 *   timeout = 600              seconds for one file's transfer
 *   connect-timeout = 30       seconds to connect
 *   max-drop = 10%             or 0.10: the entity-count fall that is refused
 *   location = URL-or-DIR      a base serving every source's files under their names
 *
 *   [source ofac_sdn]          a source (built-in or new); the lines below apply to it
 *   file = sdn.csv https://sanctionslistservice.ofac.treas.gov/.../SDN.CSV
 *   file = add.csv? https://...   '?' marks an optional file; the first `file` line of a
 *                                 section replaces the source's built-in files
 *   location = URL-or-DIR      a base for this source's files (BASE/NAME)
 *   enabled = no               leave it out unless it is named
 *
 * Everything is checked (names, numbers, lengths, at most LK_FETCH_MAX_SOURCES sources and
 * LK_FETCH_MAX_FILES files); on error LK_EINVALID names the line, and cfg may be partly
 * changed (callers discard it).
 */
LK_EXTERN(int) lk_fetch_config_parse(lk_fetch_config *cfg, const char *name, const char *data,
                                     size_t len);

/*
 * Set one global setting of the sources file ("max-size", "timeout", "connect-timeout",
 * "max-drop", "location") from its text, with the same checks ("max-drop", "5%"). For
 * command-line options. LK_EINVALID with a message naming the setting.
 */
LK_EXTERN(int) lk_fetch_config_set(lk_fetch_config *cfg, const char *key, const char *value);

/* lk_fetch_config_parse on a file (at most 1 MiB). LK_EIO if it cannot be read. */
LK_EXTERN(int) lk_fetch_config_load(lk_fetch_config *cfg, const char *path);

/*
 * Set a base location: every file of the source (or of every source when source is NULL)
 * becomes BASE/NAME. base is an http:// or https:// URL or a directory path. A named source
 * that does not exist yet is an error (LK_ENOTFOUND). LK_EINVALID for an unsupported URL
 * scheme or a location too long.
 */
LK_EXTERN(int) lk_fetch_config_set_location(lk_fetch_config *cfg, const char *source,
                                            const char *base);

/* The source of that name, or NULL. Borrowed. */
LK_EXTERN(lk_fetch_source *) lk_fetch_config_find(lk_fetch_config *cfg, const char *name);

/* Whether a location is a URL (http:// or https://) rather than a path. */
LK_EXTERN(bool) lk_fetch_is_url(const char *location);

typedef enum lk_update_outcome {
	LK_UPDATE_IMPORTED = 0, /* a new version is active */
	LK_UPDATE_UNCHANGED,    /* identical to the active version: nothing written */
	LK_UPDATE_REACTIVATED,  /* identical to an older version, active again */
	LK_UPDATE_FAILED,       /* the files could not be fetched */
	LK_UPDATE_REFUSED       /* fetched, but they did not pass verification */
} lk_update_outcome;

/* "imported", "unchanged", "reactivated", "failed", "refused". */
LK_EXTERN(const char *) lk_update_outcome_name(lk_update_outcome o);

typedef struct lk_update_opts {
	unsigned version;        /* LK_UPDATE_OPTS_VERSION */
	bool force;              /* import even if the entity count falls by more than max_drop */
	lk_progress_fn progress; /* bytes fetched of the current file; may be NULL */
	void *progress_ctx;
	const char *actor;       /* who runs the update, for the audit trail ("cli"); may be NULL */
} lk_update_opts;

#define LK_UPDATE_OPTS_VERSION 1
#define LK_UPDATE_OPTS_INIT {LK_UPDATE_OPTS_VERSION, false, NULL, NULL, NULL}

typedef struct lk_update_result {
	char source[LK_FETCH_NAME_MAX];
	lk_update_outcome outcome;
	int error;                   /* the lk_error_code of a failure or refusal, else 0 */
	char message[1024];          /* why it failed or was refused ("" otherwise) */
	int64_t version_id;          /* the version active afterwards (0: none) */
	int64_t previous_version_id; /* the version active before (0: none) */
	size_t entities;             /* entities of the fetched version (0 if not parsed) */
	size_t previous_entities;    /* entities of the version active before */
	char hash[LK_SHA256_HEX_LEN]; /* content hash of the fetched set ("" if not parsed) */
	uint64_t bytes;              /* bytes fetched over all files */
	size_t nfiles;               /* files fetched (optional absent ones not counted) */
	double seconds;              /* wall time of fetch, parse and import */
} lk_update_result;

/*
 * Fetch, verify and import one source of cfg. Returns 0 when the source ends imported,
 * unchanged or reactivated, else the negative error of the failure or refusal (message also
 * in out->message, prefixed by the file it concerns). The store's lists are unchanged unless
 * a version was imported or reactivated. out is always filled.
 *
 * Every attempt appends a "list.update" record to the audit trail (audit.h), subject the
 * source, detail {"outcome", "reason", "files": [{"name", "location"}], "entities",
 * "previous_entities", "version_id", "previous_version_id", "hash", "bytes", "forced"}. An
 * accepted version is imported and recorded in one transaction (joining the caller's if one
 * is open), so a crash leaves both or neither. If recording a refusal fails, the refusal
 * stands and out->message says that it was not recorded.
 */
LK_EXTERN(int) lk_lists_update(lk_store *s, const lk_fetch_config *cfg, const char *source,
                               const lk_update_opts *opts, lk_update_result *out);

/*
 * Fetch one file to dest (created or truncated) with cfg's limits: a URL through libcurl, a
 * path by copying. *bytes receives the size fetched. Returns 0; 1 if the file is optional
 * and absent (dest is removed); LK_EIO (connection, timeout, HTTP status, read error),
 * LK_ETRUNCATED (fewer bytes than announced), LK_ETOOBIG (over max_bytes), LK_EINVALID
 * (unsupported URL). progress may be NULL.
 */
LK_EXTERN(int) lk_fetch_file_to(const lk_fetch_config *cfg, const lk_fetch_file *file,
                                const char *dest, uint64_t *bytes, lk_progress_fn progress,
                                void *progress_ctx);

#endif
