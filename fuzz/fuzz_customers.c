/*
 * fuzz_customers.c - libFuzzer target for the customer file reader (CSV with a header, or
 * JSON lines): any bytes are imported into an in-memory store, in both modes (--full or
 * not); the result must be customers and counted bad rows, never a crash or a leak, and the
 * audit trail must still verify.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "lookout/lookout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/lk_fuzz_customers.XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	lk_store *s = NULL;
	if (lk_store_open(&s, ":memory:") == 0) {
		lk_customer_import_opts o = {.full = size % 2 == 1, .batch = 3};
		lk_customer_import_result r;
		(void)lk_customers_import(s, path, &o, &r);
		(void)lk_customers_import(s, path, &o, &r); /* again: all unchanged */
		lk_audit_verify_result v;
		if (lk_audit_verify(s, &v) == 0 && !v.ok)
			abort();
		lk_store_close(s);
	}
	unlink(path);
	return 0;
}
