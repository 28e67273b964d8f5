/*
 * transfer.c - getting one published file onto the local disk, within limits: over HTTP(S)
 * with libcurl, or by copying from a directory (a mirror, a USB stick, a test), so that both
 * go through the same size limit and the same verification afterwards.
 *
 * What can go wrong on the network is named for the operator, per file: the HTTP status, a
 * refused connection, a timeout, a body shorter than its Content-Length (the server or a
 * proxy closed the connection early: curl reports CURLE_PARTIAL_FILE, and we compare the
 * byte count with the announced length ourselves as well), a file over the size limit.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>

#include "lookout/error.h"
#include "lookout/fetch.h"

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc = CURLE_OK;

static void curl_init(void)
{
	curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

typedef struct sink {
	FILE *f;
	uint64_t bytes;
	uint64_t max;
	bool toobig;
	bool write_failed;
	lk_progress_fn progress;
	void *progress_ctx;
} sink;

static size_t on_data(char *data, size_t size, size_t nmemb, void *ctx)
{
	sink *s = ctx;
	size_t n = size * nmemb;

	if (s->bytes + n > s->max) {
		s->toobig = true;
		return 0; /* curl aborts the transfer with CURLE_WRITE_ERROR */
	}
	if (fwrite(data, 1, n, s->f) != n) {
		s->write_failed = true;
		return 0;
	}
	s->bytes += n;
	return n;
}

static int on_progress(void *ctx, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
	sink *s = ctx;

	if (s->progress && dlnow > 0)
		s->progress(s->progress_ctx, (uint64_t)dlnow, dltotal > 0 ? (uint64_t)dltotal : 0);
	return 0;
}

static int fetch_http(const lk_fetch_config *cfg, const lk_fetch_file *file, FILE *out,
                      uint64_t *bytes, lk_progress_fn progress, void *progress_ctx)
{
	const char *url = file->location;
	char errbuf[CURL_ERROR_SIZE] = "";
	sink s = {out, 0, cfg->max_bytes, false, false, progress, progress_ctx};
	curl_off_t announced = -1;
	long status = 0;
	CURLcode cc;
	CURL *h;
	int rc = 0;

	pthread_once(&curl_once, curl_init);
	if (curl_init_rc != CURLE_OK)
		return lk_error_set(LK_EIO, "%s: libcurl: %s", url, curl_easy_strerror(curl_init_rc));
	h = curl_easy_init();
	if (!h)
		return lk_error_set(LK_ENOMEM, "%s: libcurl could not start a transfer", url);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	/* only the schemes we mean, also after a redirect (no file://, no gopher://) */
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, cfg->connect_timeout_s);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, cfg->timeout_s);
	/* refused up front when the server announces more than the limit */
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)cfg->max_bytes);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "lookout/" "0.1 (sanctions list update)");
	/* the content hash must be over the bytes the publisher serves, undecoded: ask for
	 * identity encoding (no Accept-Encoding header) */
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &s);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(h, CURLOPT_XFERINFODATA, &s);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);

	cc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced);
	*bytes = s.bytes;

	if (s.toobig || cc == CURLE_FILESIZE_EXCEEDED) {
		rc = lk_error_set(LK_ETOOBIG, "%s: larger than the limit of %llu bytes (max-size)", url,
		                  (unsigned long long)cfg->max_bytes);
	} else if (s.write_failed) {
		rc = lk_error_set(LK_EIO, "%s: cannot write the download: %s", url, strerror(errno));
	} else if (cc == CURLE_OPERATION_TIMEDOUT) {
		rc = lk_error_set(LK_EIO, "%s: timed out after %ld s (timeout) with %llu bytes received",
		                  url, s.bytes > 0 || status ? cfg->timeout_s : cfg->connect_timeout_s,
		                  (unsigned long long)s.bytes);
	} else if (cc == CURLE_PARTIAL_FILE) {
		rc = lk_error_set(LK_ETRUNCATED,
		                  "%s: truncated download: %llu of %lld announced bytes received "
		                  "(the connection closed early)",
		                  url, (unsigned long long)s.bytes, (long long)announced);
	} else if (cc == CURLE_COULDNT_CONNECT || cc == CURLE_COULDNT_RESOLVE_HOST ||
	           cc == CURLE_COULDNT_RESOLVE_PROXY) {
		rc = lk_error_set(LK_EIO, "%s: cannot connect: %s", url,
		                  errbuf[0] ? errbuf : curl_easy_strerror(cc));
	} else if (cc != CURLE_OK) {
		rc = lk_error_set(LK_EIO, "%s: download failed: %s", url,
		                  errbuf[0] ? errbuf : curl_easy_strerror(cc));
	} else if (status == 404 && file->optional) {
		rc = 1;
	} else if (status != 200) {
		rc = lk_error_set(LK_EIO, "%s: HTTP %ld from the server; expected 200", url, status);
	} else if (announced >= 0 && (uint64_t)announced != s.bytes) {
		rc = lk_error_set(LK_ETRUNCATED,
		                  "%s: truncated download: %llu of %lld announced bytes received", url,
		                  (unsigned long long)s.bytes, (long long)announced);
	}
	curl_easy_cleanup(h);
	return rc;
}

static int fetch_path(const lk_fetch_config *cfg, const lk_fetch_file *file, FILE *out,
                      uint64_t *bytes)
{
	const char *path = file->location;
	char buf[65536];
	struct stat st;
	FILE *in;
	size_t n;
	int rc = 0;

	*bytes = 0;
	in = fopen(path, "rb");
	if (!in) {
		if (errno == ENOENT && file->optional)
			return 1;
		return lk_error_set(LK_EIO, "%s: cannot open: %s", path, strerror(errno));
	}
	if (fstat(fileno(in), &st) == 0 && !S_ISREG(st.st_mode)) {
		fclose(in);
		return lk_error_set(LK_EIO, "%s: not a regular file", path);
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0) {
		if (*bytes + n > cfg->max_bytes) {
			rc = lk_error_set(LK_ETOOBIG, "%s: larger than the limit of %llu bytes (max-size)",
			                  path, (unsigned long long)cfg->max_bytes);
			break;
		}
		if (fwrite(buf, 1, n, out) != n) {
			rc = lk_error_set(LK_EIO, "%s: cannot write the copy: %s", path, strerror(errno));
			break;
		}
		*bytes += n;
	}
	if (rc == 0 && ferror(in))
		rc = lk_error_set(LK_EIO, "%s: read error", path);
	fclose(in);
	return rc;
}

int lk_fetch_file_to(const lk_fetch_config *cfg, const lk_fetch_file *file, const char *dest,
                     uint64_t *bytes, lk_progress_fn progress, void *progress_ctx)
{
	FILE *out = fopen(dest, "wb");
	uint64_t got = 0;
	int rc;

	if (bytes)
		*bytes = 0;
	if (!out)
		return lk_error_set(LK_EIO, "%s: cannot create: %s", dest, strerror(errno));
	if (lk_fetch_is_url(file->location))
		rc = fetch_http(cfg, file, out, &got, progress, progress_ctx);
	else if (strstr(file->location, "://"))
		rc = lk_error_set(LK_EINVALID, "%s: unsupported URL scheme (http and https only)",
		                  file->location);
	else
		rc = fetch_path(cfg, file, out, &got);
	if (fclose(out) != 0 && rc == 0)
		rc = lk_error_set(LK_EIO, "%s: cannot write: %s", dest, strerror(errno));
	if (rc != 0)
		unlink(dest);
	if (bytes)
		*bytes = got;
	return rc;
}
