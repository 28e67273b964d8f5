/*
 * hash.h - hashing: SHA-256 for content addressing (list versions, entity contents) and a
 * fast 64-bit hash for in-memory tables.
 */
#ifndef LOOKOUT_HASH_H
#define LOOKOUT_HASH_H

#include "common.h"

typedef struct lk_sha256 {
	uint32_t state[8];
	uint64_t bits;
	unsigned char block[64];
	size_t used;
} lk_sha256;

#define LK_SHA256_LEN 32
#define LK_SHA256_HEX_LEN 65 /* 64 hex digits and a NUL */

LK_EXTERN(void) lk_sha256_init(lk_sha256 *h);
LK_EXTERN(void) lk_sha256_update(lk_sha256 *h, const void *data, size_t len);
LK_EXTERN(void) lk_sha256_final(lk_sha256 *h, unsigned char out[LK_SHA256_LEN]);

/* One-shot SHA-256 of a buffer, as lower-case hex into out. */
LK_EXTERN(void) lk_sha256_hex(char out[LK_SHA256_HEX_LEN], const void *data, size_t len);

/* Lower-case hex of a digest. */
LK_EXTERN(void) lk_hex(char *out, const unsigned char *digest, size_t len);

/* A fast, well-mixed 64-bit hash for hash tables (not cryptographic). */
LK_EXTERN(uint64_t) lk_hash64(const void *data, size_t len, uint64_t seed);

/* lk_hash64 of a NUL-terminated string. */
LK_EXTERN(uint64_t) lk_hash_str(const char *s);

#endif
