/*
 * lk_httpd.c - the loopback HTTP server of the list-update tests (see lk_httpd.h).
 *
 * One thread per connection, so that a slow body does not hold up the other requests of a
 * run. Files are read whole into memory (the lists are a few MB) and served from there, which
 * makes the fault modes simple byte arithmetic.
 */
#include "lk_httpd.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <microhttpd.h>

struct lk_httpd {
	struct MHD_Daemon *daemon;
	char root[4096];
	char url[64];
	atomic_uint requests;
	atomic_bool stopping;
};

typedef enum mode { MODE_PLAIN, MODE_500, MODE_TRUNCATED, MODE_SLOW, MODE_HALF } mode;

/* A body served by callback: the truncated and slow modes. */
typedef struct body {
	lk_httpd *h;
	char *data;
	size_t len;  /* bytes to serve */
	size_t cut;  /* stop with an error after this many (truncated), or len */
	bool slow;
} body;

static ssize_t body_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	body *b = cls;
	size_t n;

	if (atomic_load(&b->h->stopping))
		return MHD_CONTENT_READER_END_WITH_ERROR;
	if (pos >= b->cut)
		return pos >= b->len ? MHD_CONTENT_READER_END_OF_STREAM
		                     : MHD_CONTENT_READER_END_WITH_ERROR;
	n = b->cut - (size_t)pos;
	if (n > max)
		n = max;
	if (b->slow) {
		struct timespec ts = {0, 100 * 1000 * 1000};

		if (n > 4096)
			n = 4096;
		nanosleep(&ts, NULL);
	}
	memcpy(buf, b->data + pos, n);
	return (ssize_t)n;
}

static void body_free(void *cls)
{
	body *b = cls;

	free(b->data);
	free(b);
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, k;

	if (!f)
		return NULL;
	do {
		if (cap - n < 65536) {
			char *nb = realloc(buf, cap = cap * 2 + 65536);

			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		k = fread(buf + n, 1, cap - n, f);
		n += k;
	} while (k > 0);
	fclose(f);
	*len = n;
	return buf;
}

/* Keep the first line and every second line after it. */
static size_t halve_lines(char *data, size_t len)
{
	size_t r = 0, w = 0, line = 0;

	while (r < len) {
		char *nl = memchr(data + r, '\n', len - r);
		size_t n = nl ? (size_t)(nl - (data + r)) + 1 : len - r;

		if (line == 0 || line % 2 == 1) {
			memmove(data + w, data + r, n);
			w += n;
		}
		r += n;
		line++;
	}
	return w;
}

static enum MHD_Result reply_text(struct MHD_Connection *c, unsigned status, const char *text)
{
	struct MHD_Response *r =
		MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret = MHD_queue_response(c, status, r);

	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
	static const struct {
		const char *prefix;
		mode m;
	} prefixes[] = {{"/500/", MODE_500},
	                {"/truncated/", MODE_TRUNCATED},
	                {"/slow/", MODE_SLOW},
	                {"/half/", MODE_HALF}};
	lk_httpd *h = cls;
	mode m = MODE_PLAIN;
	char path[8192];
	struct MHD_Response *r;
	enum MHD_Result ret;
	char *data;
	size_t len;

	(void)version;
	(void)upload_data;
	(void)upload_data_size;
	(void)con_cls;
	atomic_fetch_add(&h->requests, 1);
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return reply_text(c, 405, "method not allowed\n");
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t n = strlen(prefixes[i].prefix);

		if (strncmp(url, prefixes[i].prefix, n) == 0) {
			m = prefixes[i].m;
			url += n - 1;
			break;
		}
	}
	if (strstr(url, ".."))
		return reply_text(c, 403, "forbidden\n");
	if (m == MODE_500)
		return reply_text(c, 500, "internal server error (lk_httpd fault mode)\n");
	snprintf(path, sizeof(path), "%s%s", h->root, url);
	data = read_all(path, &len);
	if (!data)
		return reply_text(c, 404, "not found\n");
	if (m == MODE_HALF)
		len = halve_lines(data, len);
	if (m == MODE_PLAIN || m == MODE_HALF) {
		r = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
	} else {
		body *b = calloc(1, sizeof(*b));

		if (!b) {
			free(data);
			return MHD_NO;
		}
		b->h = h;
		b->data = data;
		b->len = len;
		b->cut = m == MODE_TRUNCATED ? len / 2 : len;
		b->slow = m == MODE_SLOW;
		r = MHD_create_response_from_callback(len, 65536, body_read, b, body_free);
	}
	ret = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	return ret;
}

lk_httpd *lk_httpd_start(const char *root)
{
	lk_httpd *h = calloc(1, sizeof(*h));
	struct sockaddr_in addr;
	const union MHD_DaemonInfo *info;

	assert_non_null(h);
	snprintf(h->root, sizeof(h->root), "%s", root);
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = 0;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	h->daemon = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD,
	                             0, NULL, NULL, on_request, h, MHD_OPTION_SOCK_ADDR, &addr,
	                             MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_END);
	if (!h->daemon)
		fail_msg("lk_httpd: cannot start the test HTTP server on 127.0.0.1");
	info = MHD_get_daemon_info(h->daemon, MHD_DAEMON_INFO_BIND_PORT);
	assert_non_null(info);
	snprintf(h->url, sizeof(h->url), "http://127.0.0.1:%u", (unsigned)info->port);
	return h;
}

const char *lk_httpd_url(const lk_httpd *h)
{
	return h->url;
}

unsigned lk_httpd_requests(const lk_httpd *h)
{
	return atomic_load(&((lk_httpd *)h)->requests);
}

void lk_httpd_stop(lk_httpd *h)
{
	if (!h)
		return;
	atomic_store(&h->stopping, true);
	MHD_stop_daemon(h->daemon);
	free(h);
}
