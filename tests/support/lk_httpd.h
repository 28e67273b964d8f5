/*
 * lk_httpd.h - a small HTTP server for tests (libmicrohttpd), bound to 127.0.0.1 only on a
 * port the kernel picks, serving the files under one directory, with fault modes chosen by
 * the first path component so that one run can mix good and bad sources:
 *
 *   /PATH            the file (200), or 404
 *   /500/PATH        HTTP 500 with a short body
 *   /truncated/PATH  Content-Length of the whole file, half of its bytes, then the
 *                    connection is closed (a download cut short)
 *   /slow/PATH       the file at about 40 KiB/s (for timeouts)
 *   /half/PATH       the file with every second line after the first left out: for line-based
 *                    lists (OFAC sdn.csv) half the entities (a generated file, served whole)
 *
 * Paths containing ".." are refused (403). The server runs in its own threads; stop it with
 * lk_httpd_stop(), which waits for them.
 */
#ifndef LK_HTTPD_H
#define LK_HTTPD_H

typedef struct lk_httpd lk_httpd;

/* Start serving root. Asserts (cmocka) on failure. */
lk_httpd *lk_httpd_start(const char *root);

/* "http://127.0.0.1:PORT" (no trailing slash). Borrowed. */
const char *lk_httpd_url(const lk_httpd *h);

/* Requests answered so far (any status). */
unsigned lk_httpd_requests(const lk_httpd *h);

/* Stop and free. NULL is a no-op. */
void lk_httpd_stop(lk_httpd *h);

#endif
