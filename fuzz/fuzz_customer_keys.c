/*
 * fuzz_customer_keys.c - libFuzzer target for the reader of the customers' stored retrieval
 * keys (src/lib/match/keys.c, read back by the monitor's delta run from customer_keys): any
 * bytes are read as a keys blob; a blob is either refused (LK_EINVALID) or read to its end,
 * never read past. The blobs of the input's lines as names are written and read back too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lookout/lookout.h"
#include "match/keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_all(const void *blob, size_t len, int must)
{
	lk_match__keys_reader rd;
	if (lk_match__keys_open(&rd, blob, len) != 0) {
		if (must)
			abort();
		return;
	}
	const unsigned char *k;
	size_t n;
	uint64_t sum = 0;
	int rc;
	while ((rc = lk_match__keys_next(&rd, &k, &n)) == 1)
		for (size_t i = 0; i < n; i++)
			sum += lk_match__keys_get(k, i);
	if (must && rc != 0)
		abort();
	(void)sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the bytes as a blob, in a buffer of exactly their size */
	unsigned char *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	if (size)
		memcpy(copy, data, size);
	read_all(copy, size, 0);
	free(copy);

	/* the bytes as names (one a line, at most 8): what the run writes must read back */
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	const char *names[8];
	size_t nn = 0;
	for (char *p = text; p && *p && nn < 8;) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = 0;
		if (*p)
			names[nn++] = p;
		p = nl ? nl + 1 : NULL;
	}
	lk_buf b;
	lk_buf_init(&b, 0);
	if (lk_match__names_keys(&b, (lk_schema)(size % LK_SCHEMA__COUNT), names, nn, NULL, 0) == 0)
		read_all(b.ptr, b.len, 1);
	lk_buf_dispose(&b);
	free(text);
	return 0;
}
