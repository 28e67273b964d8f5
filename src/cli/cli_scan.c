/*
 * cli_scan.c - reading a whole input for the scan commands.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli_scan.h"

int cli_read_all(const char *path, size_t max, char **out, size_t *len)
{
	bool is_stdin = strcmp(path, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	*out = NULL;
	*len = 0;
	if (!f)
		return lk_error_set(LK_EIO, "%s: %s", path, strerror(errno));
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap + 1);
	int rc = 0;
	while (buf) {
		if (n == cap) {
			if (cap > max) {
				rc = lk_error_set(LK_ETOOBIG, "%s: longer than %zu bytes", path, max);
				break;
			}
			char *p = realloc(buf, cap * 2 + 1);
			if (!p) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = p;
			cap *= 2;
		}
		size_t k = fread(buf + n, 1, cap - n, f);
		n += k;
		if (k == 0) {
			if (ferror(f))
				rc = lk_error_set(LK_EIO, "%s: read error", path);
			break;
		}
	}
	if (!is_stdin)
		fclose(f);
	if (!buf)
		return lk_error_set(LK_ENOMEM, "%s: out of memory", path);
	if (!rc && n > max)
		rc = lk_error_set(LK_ETOOBIG, "%s: longer than %zu bytes", path, max);
	if (rc) {
		free(buf);
		return rc;
	}
	buf[n] = 0;
	*out = buf;
	*len = n;
	return 0;
}
