/*
 * fuzz_pacs008.c - libFuzzer target for the pacs.008 reader: any bytes are read as an ISO 20022
 * document to the end; each call returns a transaction or a recorded error, never a crash, a
 * leak or unbounded memory.
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
	if (lk_payment_reader_new(&r, (const char *)data, size, "fuzz", LK_PAYMENT_FORMAT_PACS008) < 0)
		return 0;
	/* every transaction and every error takes at least one byte of the document */
	for (long i = 0; lk_payment_reader_next(r, &m) != 0; i++)
		if (i > (long)size + 1)
			abort();
	lk_payment_reader_free(r);
	return 0;
}
