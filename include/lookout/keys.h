/*
 * keys.h - API keys for the HTTP server, kept in the store.
 *
 * A key is shown once, when it is created: "lk_<id>_<secret>", where id is 12 hex digits
 * (public: it names the key in lists, logs and the audit trail) and secret is 64 hex digits
 * from the kernel's random source. The store keeps only the id, a random 16-byte salt and
 * SHA-256(salt || secret); checking a key recomputes that digest and compares it in constant
 * time. Revoked keys stay in the store (revoked_at set) so that audit records keep naming
 * them.
 *
 * Roles are ordered: admin can do what write can, write what read can.
 */
#ifndef LOOKOUT_KEYS_H
#define LOOKOUT_KEYS_H

#include "common.h"
#include "hash.h"
#include "store.h"

typedef enum lk_key_role { LK_ROLE_READ = 1, LK_ROLE_WRITE = 2, LK_ROLE_ADMIN = 3 } lk_key_role;

#define LK_KEY_ID_LEN 13      /* 12 hex digits and a NUL */
#define LK_KEY_TOKEN_LEN 81   /* "lk_" + 12 + "_" + 64 and a NUL */

typedef struct lk_key_info {
	char id[LK_KEY_ID_LEN];
	char name[64];
	lk_key_role role;
	char created_at[32];          /* UTC ISO 8601 */
	char revoked_at[32];          /* "" while valid */
	char salt[33];                /* hex */
	char digest[LK_SHA256_HEX_LEN]; /* hex SHA-256(salt bytes || secret text) */
} lk_key_info;

/* "read", "write", "admin"; and back (0 if not one of them). */
LK_EXTERN(const char *) lk_key_role_name(lk_key_role r);
LK_EXTERN(lk_key_role) lk_key_role_from_name(const char *s);

/*
 * Create a key with a role and a name (may be NULL or ""; at most 63 bytes). The full token is
 * written to token (shown once; never stored) and the stored record to *info (may be NULL).
 */
LK_EXTERN(int) lk_keys_create(lk_store *s, lk_key_role role, const char *name,
                              char token[LK_KEY_TOKEN_LEN], lk_key_info *info);

/* Every key, oldest first, revoked ones included. *out is malloc'd (free()). */
LK_EXTERN(int) lk_keys_list(lk_store *s, lk_key_info **out, size_t *n);

/* Revoke a key by id. LK_ENOTFOUND if there is none; revoking twice is a no-op. */
LK_EXTERN(int) lk_keys_revoke(lk_store *s, const char *id);

/*
 * Check a token against a set of key records (as lk_keys_list returns): the matching valid
 * key, or NULL (unknown id, wrong secret, malformed token, revoked). Constant time in the
 * secret.
 */
LK_EXTERN(const lk_key_info *) lk_keys_check(const lk_key_info *keys, size_t n,
                                             const char *token);

#endif
