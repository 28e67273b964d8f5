/*
 * update.c - one source's update: fetch its files into a private temporary directory, parse
 * them fully, check the entity count against the active version, import.
 *
 * Nothing touches the store before the whole set is on disk and parsed, and the import is the
 * store's one transaction, so every way out before lk_store_import() leaves the active
 * version as it was. The files are fetched under their local names, so the content hash of
 * an update equals that of `lists import` of the same files, and an update identical to the
 * active version is the store's no-op.
 *
 * The temporary directory is named lookout-update-<pid>-XXXXXX. An update that is killed
 * (kill -9, power loss) cannot remove it, so each update first removes those left by
 * processes of the same user that no longer exist.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "lookout/audit.h"
#include "lookout/error.h"
#include "lookout/fetch.h"

const char *lk_update_outcome_name(lk_update_outcome o)
{
	switch (o) {
	case LK_UPDATE_IMPORTED: return "imported";
	case LK_UPDATE_UNCHANGED: return "unchanged";
	case LK_UPDATE_REACTIVATED: return "reactivated";
	case LK_UPDATE_FAILED: return "failed";
	case LK_UPDATE_REFUSED: return "refused";
	}
	return "unknown";
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Remove what a dead update left in tmp: lookout-update-<pid>-XXXXXX directories of this user
 * whose process is gone, and the plain files in them (an update writes nothing else there).
 * Best effort: anything unexpected (a live or foreign owner, a subdirectory) is left alone. */
static void sweep_stale_dirs(const char *tmp)
{
	DIR *d = opendir(tmp);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		long pid = 0;
		int end = 0;

		if (sscanf(de->d_name, "lookout-update-%ld-%n", &pid, &end) != 1 || end == 0 ||
		    strlen(de->d_name + end) != 6 || pid <= 0 || pid == (long)getpid())
			continue;
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue; /* alive, or not ours to ask about */
		int fd = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		struct stat st;

		if (fd < 0)
			continue;
		if (fstat(fd, &st) != 0 || st.st_uid != getuid()) {
			close(fd);
			continue;
		}
		DIR *sub = fdopendir(fd);
		struct dirent *f;

		if (!sub) {
			close(fd);
			continue;
		}
		while ((f = readdir(sub)) != NULL)
			if (strcmp(f->d_name, ".") != 0 && strcmp(f->d_name, "..") != 0)
				unlinkat(dirfd(sub), f->d_name, 0); /* fails on a subdirectory: kept */
		closedir(sub);
		unlinkat(dirfd(d), de->d_name, AT_REMOVEDIR);
	}
	closedir(d);
}

/* Record the outcome of a failure in out, keeping the message of the last error. */
static int finish_error(lk_update_result *out, lk_update_outcome outcome, int rc)
{
	out->outcome = outcome;
	out->error = rc;
	snprintf(out->message, sizeof(out->message), "%s", lk_error_last()->message);
	return rc;
}

/* The active version of source, if any (found false otherwise). */
static int active_version(lk_store *s, const char *source, lk_version_info *out, bool *found)
{
	lk_version_info *vs = NULL;
	size_t n = 0;
	int rc = lk_store_active_versions(s, &vs, &n);

	*found = false;
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(vs[i].source, source) == 0) {
			*out = vs[i];
			*found = true;
			break;
		}
	}
	free(vs);
	return 0;
}

/* The attempt's "list.update" audit record (in the caller's transaction if one is open). */
static int audit_update(lk_store *s, const lk_update_opts *opts, const lk_fetch_source *src,
                        const lk_update_result *out)
{
	json_t *d = json_object(), *files = json_array();
	char *txt = NULL;
	int rc;

	if (!d || !files) {
		json_decref(d);
		json_decref(files);
		return lk_error_set(LK_ENOMEM, "out of memory");
	}
	for (size_t i = 0; src && i < src->nfiles; i++)
		json_array_append_new(files, json_pack("{s:s, s:s}", "name", src->files[i].name,
		                                       "location", src->files[i].location));
	json_object_set_new(d, "outcome", json_string(lk_update_outcome_name(out->outcome)));
	json_object_set_new(d, "reason", out->message[0] ? json_string(out->message) : json_null());
	json_object_set_new(d, "files", files);
	json_object_set_new(d, "entities", json_integer((json_int_t)out->entities));
	json_object_set_new(d, "previous_entities", json_integer((json_int_t)out->previous_entities));
	json_object_set_new(d, "version_id", json_integer(out->version_id));
	json_object_set_new(d, "previous_version_id", json_integer(out->previous_version_id));
	json_object_set_new(d, "hash", out->hash[0] ? json_string(out->hash) : json_null());
	json_object_set_new(d, "bytes", json_integer((json_int_t)out->bytes));
	json_object_set_new(d, "forced", json_boolean(opts->force));
	txt = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(d);
	if (!txt)
		return lk_error_set(LK_ENOMEM, "out of memory");
	rc = lk_audit_append(s, "list.update", opts->actor, out->source, txt, NULL);
	free(txt);
	return rc;
}

/* Replace "DIR/NAME" by the file's location in text (arena copy), or NULL if absent. */
static char *replace_paths(lk_list *list, const lk_fetch_source *src, const char *dir,
                           const char *text)
{
	for (size_t i = 0; i < src->nfiles; i++) {
		char tmp[4200];
		const char *at;

		snprintf(tmp, sizeof(tmp), "%s/%s", dir, src->files[i].name);
		at = strstr(text, tmp);
		if (at) {
			char *r = lk_arena_printf(list->arena, "%.*s%s%s", (int)(at - text), text,
			                          src->files[i].location, at + strlen(tmp));

			return r ? replace_paths(list, src, dir, r) : NULL;
		}
	}
	return (char *)text;
}

/* The same in a fixed buffer (the parser's error message), truncating if need be. */
static void message_origins(char *msg, size_t size, const lk_fetch_source *src, const char *dir)
{
	for (size_t i = 0; i < src->nfiles; i++) {
		char tmp[4200], copy[1024];
		char *at;

		snprintf(tmp, sizeof(tmp), "%s/%s", dir, src->files[i].name);
		at = strstr(msg, tmp);
		if (!at)
			continue;
		snprintf(copy, sizeof(copy), "%s", at + strlen(tmp));
		*at = 0;
		snprintf(at, size - (size_t)(at - msg), "%s%s", src->files[i].location, copy);
	}
}

static int name_origins(lk_list *list, const lk_fetch_source *src, const char *dir)
{
	for (size_t i = 0; i < list->nfiles; i++) {
		char *r = replace_paths(list, src, dir, list->files[i]);

		if (!r)
			return lk_error_set(LK_ENOMEM, "out of memory");
		list->files[i] = r;
	}
	for (size_t i = 0; i < list->nwarnings; i++) {
		char *r = replace_paths(list, src, dir, list->warnings[i]);

		if (!r)
			return lk_error_set(LK_ENOMEM, "out of memory");
		list->warnings[i] = r;
	}
	return 0;
}

int lk_lists_update(lk_store *s, const lk_fetch_config *cfg, const char *source,
                    const lk_update_opts *opts, lk_update_result *out)
{
	static const lk_update_opts defaults = LK_UPDATE_OPTS_INIT;
	const lk_fetch_source *src = NULL;
	char dir[4096] = "";
	char paths[LK_FETCH_MAX_FILES][4200];
	const char *parse_paths[LK_FETCH_MAX_FILES];
	size_t nparse = 0;
	lk_parse_opts popts = LK_PARSE_OPTS_INIT;
	lk_version_info active;
	bool has_active = false;
	lk_import_result ires = {0};
	lk_list *list = NULL;
	double t0 = now_s();
	bool own_tx = false, recorded = false;
	int rc = 0;

	if (!opts)
		opts = &defaults;
	memset(out, 0, sizeof(*out));
	snprintf(out->source, sizeof(out->source), "%s", source);
	for (size_t i = 0; i < cfg->nsources; i++) {
		if (strcmp(cfg->sources[i].name, source) == 0)
			src = &cfg->sources[i];
	}
	if (!src) {
		rc = lk_error_set(LK_ENOTFOUND, "no source named '%s'", source);
		rc = finish_error(out, LK_UPDATE_FAILED, rc);
		goto done;
	}

	rc = active_version(s, source, &active, &has_active);
	if (rc < 0) {
		rc = finish_error(out, LK_UPDATE_FAILED, rc);
		goto done;
	}
	if (has_active) {
		out->previous_version_id = active.id;
		out->version_id = active.id;
		out->previous_entities = active.entities;
	}

	{
		const char *tmp = getenv("TMPDIR");

		if (!tmp || !*tmp)
			tmp = "/tmp";
		sweep_stale_dirs(tmp);
		snprintf(dir, sizeof(dir), "%s/lookout-update-%ld-XXXXXX", tmp, (long)getpid());
		if (!mkdtemp(dir)) {
			rc = lk_error_set(LK_EIO, "cannot create a temporary directory under %s", tmp);
			dir[0] = 0;
			rc = finish_error(out, LK_UPDATE_FAILED, rc);
			goto done;
		}
	}

	/* 1. fetch every file; one failure fails the source */
	for (size_t i = 0; i < src->nfiles; i++) {
		const lk_fetch_file *f = &src->files[i];
		uint64_t bytes = 0;

		snprintf(paths[i], sizeof(paths[i]), "%s/%s", dir, f->name);
		rc = lk_fetch_file_to(cfg, f, paths[i], &bytes, opts->progress, opts->progress_ctx);
		if (rc == 1) { /* optional and absent */
			paths[i][0] = 0;
			rc = 0;
			continue;
		}
		if (rc < 0) {
			paths[i][0] = 0;
			/* the server answered but the file failed a check (cut short, too big): refused;
			 * no answer, or not a 200: failed */
			rc = finish_error(out,
			                  rc == LK_ETOOBIG || rc == LK_ETRUNCATED ? LK_UPDATE_REFUSED
			                                                          : LK_UPDATE_FAILED,
			                  rc);
			goto done;
		}
		out->bytes += bytes;
		out->nfiles++;
		parse_paths[nparse++] = paths[i];
	}

	/* 2. parse the whole set: a truncated or malformed file stops here */
	popts.source = source;
	rc = lk_list_parse(&list, parse_paths, nparse, &popts);
	if (rc < 0) {
		rc = finish_error(out, LK_UPDATE_REFUSED, rc);
		message_origins(out->message, sizeof(out->message), src, dir);
		goto done;
	}
	out->entities = list->count;
	memcpy(out->hash, list->hash, sizeof(out->hash));

	/* 3. the sanity check: a list does not lose a large share of its entities overnight;
	 * when it seems to, the file is more likely cut short or mangled than the list */
	if (!opts->force && !(has_active && strcmp(active.hash, list->hash) == 0)) {
		if (list->count == 0) {
			rc = lk_error_set(LK_EINVALID,
			                  "the fetched version has no entities (use --force to "
			                  "import it anyway)");
			rc = finish_error(out, LK_UPDATE_REFUSED, rc);
			goto done;
		}
		if (has_active && active.entities > 0 &&
		    (double)list->count < (double)active.entities * (1.0 - cfg->max_drop)) {
			double drop = 1.0 - (double)list->count / (double)active.entities;

			rc = lk_error_set(LK_EINVALID,
			                  "%zu entities, %.1f %% fewer than the active version %lld "
			                  "(%zu); the limit is %.1f %% (max-drop); use --force to import it "
			                  "anyway",
			                  list->count, drop * 100.0, (long long)active.id, active.entities,
			                  cfg->max_drop * 100.0);
			rc = finish_error(out, LK_UPDATE_REFUSED, rc);
			goto done;
		}
	}

	/* the version records where its files came from, not the temporary copies */
	rc = name_origins(list, src, dir);
	if (rc < 0) {
		rc = finish_error(out, LK_UPDATE_FAILED, rc);
		goto done;
	}

	/* 4. import and its audit record, in one transaction: identical content is a no-op in
	 * the store, and is recorded as an attempt all the same */
	own_tx = !lk_store_in_transaction(s);
	if (own_tx) {
		rc = lk_store_begin(s);
		if (rc < 0) {
			rc = finish_error(out, LK_UPDATE_FAILED, rc);
			goto done;
		}
	}
	rc = lk_store_import(s, list, &ires);
	if (rc == 0) {
		out->version_id = ires.version_id;
		out->outcome = ires.unchanged     ? LK_UPDATE_UNCHANGED
		               : ires.reactivated ? LK_UPDATE_REACTIVATED
		                                  : LK_UPDATE_IMPORTED;
		rc = audit_update(s, opts, src, out);
	}
	if (own_tx) {
		if (rc == 0)
			rc = lk_store_commit(s);
		if (rc < 0)
			lk_store_rollback(s);
	}
	if (rc < 0) {
		out->version_id = out->previous_version_id;
		rc = finish_error(out, LK_UPDATE_FAILED, rc);
		goto done;
	}
	recorded = true;
done:
	if (rc < 0 && src && !recorded) {
		char why[1024];

		snprintf(why, sizeof(why), "%s", out->message);
		if (audit_update(s, opts, src, out) < 0) {
			snprintf(out->message, sizeof(out->message),
			         "%.700s (not recorded in the audit trail: %.250s)", why,
			         lk_error_last()->message);
		}
		/* the error the caller sees is the update's, not the audit's */
		lk_error_set(out->error, "%s", out->message);
	}
	lk_list_free(list);
	if (dir[0]) {
		for (size_t i = 0; src && i < src->nfiles; i++) {
			char p[4200];

			snprintf(p, sizeof(p), "%s/%s", dir, src->files[i].name);
			unlink(p);
		}
		rmdir(dir);
	}
	out->seconds = now_s() - t0;
	return rc;
}
