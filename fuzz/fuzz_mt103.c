/*
 * fuzz_mt103.c - libFuzzer target for the MT103 reader: any bytes are read as a stream of FIN
 * messages to the end; each call returns a message or a recorded error, never a crash, a read
 * past the buffer (the input is not NUL-terminated) or a leak.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include "lookout/payment.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static lk_payment m;
	lk_payment_reader *r = NULL;
	if (lk_payment_reader_new(&r, (const char *)data, size, "fuzz", LK_PAYMENT_FORMAT_MT103) < 0)
		return 0;
	/* each call consumes at least one byte, so the loop ends */
	for (long i = 0; lk_payment_reader_next(r, &m) != 0; i++)
		if (i > (long)size + 1)
			abort();
	lk_payment_reader_free(r);
	return 0;
}
