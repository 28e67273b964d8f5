/*
 * fuzz_api_key.c - arbitrary bytes as the token of an "Authorization: Bearer" header, checked
 * against a set of key records (lk_keys_check). The check must never read past the token or
 * a record, and must accept only a token whose id and secret digest match a valid record:
 * the fuzzer also mutates a real token, so near-misses (one byte off, truncated, revoked) are
 * explored.
 */
#include "lookout/lookout.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A record for the token lk_0123456789ab_<64 x 'a'>: salt of zeros. */
static void make_record(lk_key_info *k, const char *id, bool revoked)
{
	unsigned char salt[16] = {0};
	unsigned char d[LK_SHA256_LEN];
	lk_sha256 h;
	char secret[65];

	memset(k, 0, sizeof *k);
	snprintf(k->id, sizeof k->id, "%s", id);
	k->role = LK_ROLE_READ;
	memset(k->salt, '0', 32);
	memset(secret, 'a', 64);
	secret[64] = '\0';
	lk_sha256_init(&h);
	lk_sha256_update(&h, salt, sizeof salt);
	lk_sha256_update(&h, secret, 64);
	lk_sha256_final(&h, d);
	lk_hex(k->digest, d, sizeof d);
	if (revoked)
		snprintf(k->revoked_at, sizeof k->revoked_at, "2026-01-01T00:00:00Z");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lk_key_info keys[2];
	char *token;
	const lk_key_info *k;

	if (size > 256)
		return 0;
	token = malloc(size + 1);
	if (!token)
		return 0;
	memcpy(token, data, size);
	token[size] = '\0';
	make_record(&keys[0], "0123456789ab", false);
	make_record(&keys[1], "ba9876543210", true);
	k = lk_keys_check(keys, 2, token);
	/* only the exact valid token passes */
	if (k) {
		char want[LK_KEY_TOKEN_LEN];

		snprintf(want, sizeof want, "lk_0123456789ab_%064d", 0);
		memset(want + 16, 'a', 64);
		if (k != &keys[0] || strcmp(token, want) != 0)
			abort();
	}
	free(token);
	return 0;
}
