/*
 * http_client.h - what the server tests share: a small blocking HTTP/1.1 client over
 * loopback sockets (chunked responses decoded), and starting `lookout serve` as a child
 * process on a free port.
 *
 * Memory: ht_response bodies are malloc'd; release with ht_free().
 */
#ifndef LK_TEST_HTTP_CLIENT_H
#define LK_TEST_HTTP_CLIENT_H

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct ht_response {
	int status;    /* 0 when the exchange failed (connection refused, reset, timeout) */
	char *headers; /* raw header block */
	char *body;    /* NUL-terminated */
	size_t len;
} ht_response;

static inline double ht_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline int ht_connect(int port)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static inline bool ht_send_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/* Decode a chunked body in place; returns the decoded length. */
static inline size_t ht_dechunk(char *b, size_t len)
{
	size_t in = 0, out = 0;

	while (in < len) {
		char *end = NULL;
		unsigned long n = strtoul(b + in, &end, 16);
		char *crlf = strstr(b + in, "\r\n");

		if (!crlf || n == 0)
			break;
		in = (size_t)(crlf - b) + 2;
		if (in + n > len)
			n = len - in;
		memmove(b + out, b + in, n);
		out += n;
		in += n + 2;
	}
	b[out] = '\0';
	return out;
}

/* Read a whole response (the server closes: requests say Connection: close). */
static inline void ht_read_response(int fd, ht_response *r, double timeout)
{
	size_t cap = 65536, len = 0;
	char *buf = malloc(cap + 1);
	double until = ht_now() + timeout;

	memset(r, 0, sizeof *r);
	for (;;) {
		struct pollfd p = {fd, POLLIN, 0};
		int left = (int)((until - ht_now()) * 1000);

		if (left <= 0 || poll(&p, 1, left) <= 0)
			break;
		if (len == cap) {
			cap *= 2;
			buf = realloc(buf, cap + 1);
		}
		ssize_t n = recv(fd, buf + len, cap - len, 0);

		if (n <= 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	char *sep = strstr(buf, "\r\n\r\n");

	if (len < 12 || strncmp(buf, "HTTP/1.", 7) != 0 || !sep) {
		free(buf);
		return;
	}
	r->status = atoi(buf + 9);
	*sep = '\0';
	r->headers = strdup(buf);
	r->len = len - (size_t)(sep + 4 - buf);
	r->body = malloc(r->len + 1);
	memcpy(r->body, sep + 4, r->len);
	r->body[r->len] = '\0';
	if (strstr(r->headers, "Transfer-Encoding: chunked") || strstr(r->headers, "transfer-encoding: chunked"))
		r->len = ht_dechunk(r->body, r->len);
	free(buf);
}

/* One request; extra_headers are complete lines ("Authorization: Bearer x\r\n") or NULL. */
static inline ht_response ht_request(int port, const char *method, const char *path,
                                     const char *extra_headers, const char *body,
                                     size_t body_len)
{
	ht_response r;
	char head[4096];
	int fd = ht_connect(port);

	memset(&r, 0, sizeof r);
	if (fd < 0)
		return r;
	snprintf(head, sizeof head,
	         "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n%s"
	         "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
	         method, path, extra_headers ? extra_headers : "", body ? body_len : 0);
	if (ht_send_all(fd, head, strlen(head)) && (!body || ht_send_all(fd, body, body_len)))
		ht_read_response(fd, &r, 180); /* generous: ASan on a loaded machine */
	close(fd);
	return r;
}

static inline ht_response ht_get(int port, const char *path)
{
	return ht_request(port, "GET", path, NULL, NULL, 0);
}

static inline ht_response ht_post(int port, const char *path, const char *json)
{
	return ht_request(port, "POST", path, NULL, json, strlen(json));
}

static inline void ht_free(ht_response *r)
{
	free(r->headers);
	free(r->body);
	memset(r, 0, sizeof *r);
}

/* A response header's value (static buffer), or NULL. */
static inline const char *ht_header(const ht_response *r, const char *name)
{
	static char val[512];
	const char *p = r->headers;
	size_t n = strlen(name);

	while (p && (p = strstr(p, "\r\n")) != NULL) {
		p += 2;
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			const char *v = p + n + 1, *e = strstr(v, "\r\n");
			size_t l = e ? (size_t)(e - v) : strlen(v);

			while (*v == ' ' && l > 0) {
				v++;
				l--;
			}
			snprintf(val, sizeof val, "%.*s", (int)l, v);
			return val;
		}
	}
	return NULL;
}

/* ---- the server under test ---- */

typedef struct ht_server {
	pid_t pid;
	int port;
	char ready[4200];
} ht_server;

/*
 * Start `$LOOKOUT_BIN --db db serve --port 0 ... extra` (extra: more arguments, split on
 * spaces) and wait until /readyz answers 200. Returns false if it did not come up in 120 s.
 */
static inline bool ht_server_start(ht_server *s, const char *db, const char *dir,
                                   const char *extra)
{
	const char *bin = getenv("LOOKOUT_BIN");
	char args[2048];
	char *argv[64];
	int argc = 0;

	memset(s, 0, sizeof *s);
	snprintf(s->ready, sizeof s->ready, "%s/port", dir);
	unlink(s->ready);
	snprintf(args, sizeof args,
	         "--db %s serve --port 0 --quiet --poll 0.2 --ready-file %s %s", db, s->ready,
	         extra ? extra : "");
	argv[argc++] = (char *)bin;
	for (char *t = strtok(args, " "); t && argc < 63; t = strtok(NULL, " "))
		argv[argc++] = t;
	argv[argc] = NULL;
	s->pid = fork();
	if (s->pid == 0) {
		execv(bin, argv);
		_exit(127);
	}
	for (double until = ht_now() + 120; ht_now() < until; usleep(20000)) {
		FILE *f = fopen(s->ready, "r");

		if (f) {
			if (fscanf(f, "%d", &s->port) != 1)
				s->port = 0;
			fclose(f);
		}
		if (s->port > 0) {
			ht_response r = ht_get(s->port, "/readyz");
			int st = r.status;

			ht_free(&r);
			if (st == 200)
				return true;
		}
		if (waitpid(s->pid, NULL, WNOHANG) == s->pid)
			return false;
	}
	return false;
}

/* SIGTERM the server and wait; returns its exit status (-1: killed by a signal, or hung
 * more than 30 s and killed). */
static inline int ht_server_stop(ht_server *s)
{
	int st = 0;

	if (s->pid <= 0)
		return -1;
	kill(s->pid, SIGTERM);
	for (double until = ht_now() + 30; ht_now() < until; usleep(10000)) {
		if (waitpid(s->pid, &st, WNOHANG) == s->pid) {
			s->pid = 0;
			return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
		}
	}
	kill(s->pid, SIGKILL);
	waitpid(s->pid, &st, 0);
	s->pid = 0;
	return -1;
}

#endif
