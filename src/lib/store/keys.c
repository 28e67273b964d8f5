/*
 * keys.c - API keys in the store (api_keys table, schema version 2): creation with a random
 * secret shown once, salted SHA-256 digests, listing, revocation, constant-time checks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "lookout/error.h"
#include "lookout/keys.h"
#include "store/store_int.h"

const char *lk_key_role_name(lk_key_role r)
{
	switch (r) {
	case LK_ROLE_READ: return "read";
	case LK_ROLE_WRITE: return "write";
	case LK_ROLE_ADMIN: return "admin";
	}
	return "?";
}

lk_key_role lk_key_role_from_name(const char *s)
{
	if (!s)
		return 0;
	if (strcmp(s, "read") == 0)
		return LK_ROLE_READ;
	if (strcmp(s, "write") == 0)
		return LK_ROLE_WRITE;
	if (strcmp(s, "admin") == 0)
		return LK_ROLE_ADMIN;
	return 0;
}

static int random_bytes(unsigned char *out, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = getrandom(out + got, n - got, 0);

		if (r < 0)
			return lk_error_set(LK_EIO, "keys: no random bytes from the kernel");
		got += (size_t)r;
	}
	return 0;
}

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* digest = hex SHA-256(salt bytes || secret text) */
static void key_digest(const char *salt_hex, const char *secret, size_t secret_len,
                       char out[LK_SHA256_HEX_LEN])
{
	unsigned char salt[16] = {0};
	unsigned char d[LK_SHA256_LEN];
	lk_sha256 h;

	for (size_t i = 0; i < 16 && salt_hex[2 * i] && salt_hex[2 * i + 1]; i++) {
		int hi = hex_value(salt_hex[2 * i]), lo = hex_value(salt_hex[2 * i + 1]);

		salt[i] = (unsigned char)((hi < 0 ? 0 : hi) << 4 | (lo < 0 ? 0 : lo));
	}
	lk_sha256_init(&h);
	lk_sha256_update(&h, salt, sizeof salt);
	lk_sha256_update(&h, secret, secret_len);
	lk_sha256_final(&h, d);
	lk_hex(out, d, sizeof d);
}

int lk_keys_create(lk_store *s, lk_key_role role, const char *name,
                   char token[LK_KEY_TOKEN_LEN], lk_key_info *info)
{
	unsigned char raw[6 + 32 + 16];
	char secret[65];
	lk_key_info k;
	sqlite3_stmt *st = NULL;
	int rc;

	memset(&k, 0, sizeof k);
	if (!lk_key_role_name(role) || strcmp(lk_key_role_name(role), "?") == 0)
		return lk_error_set(LK_EINVALID, "keys: role must be read, write or admin");
	if (name && strlen(name) >= sizeof k.name)
		return lk_error_set(LK_EINVALID, "keys: the name is longer than %zu bytes",
		                    sizeof k.name - 1);
	if ((rc = random_bytes(raw, sizeof raw)) < 0)
		return rc;
	lk_hex(k.id, raw, 6);
	lk_hex(secret, raw + 6, 32);
	lk_hex(k.salt, raw + 38, 16);
	snprintf(k.name, sizeof k.name, "%s", name ? name : "");
	k.role = role;
	lk_store__now(k.created_at, sizeof k.created_at);
	key_digest(k.salt, secret, 64, k.digest);

	rc = sqlite3_prepare_v2(s->db,
	                        "INSERT INTO api_keys(id, name, role, salt, digest, created_at) "
	                        "VALUES (?, ?, ?, ?, ?, ?)",
	                        -1, &st, NULL);
	if (rc != SQLITE_OK)
		return lk_store__sqlerr(s, rc, "keys: preparing the insert");
	sqlite3_bind_text(st, 1, k.id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, k.name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, lk_key_role_name(role), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, k.salt, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, k.digest, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, k.created_at, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return lk_store__sqlerr(s, rc, "keys: storing the key");
	snprintf(token, LK_KEY_TOKEN_LEN, "lk_%s_%s", k.id, secret);
	if (info)
		*info = k;
	return 0;
}

static void copy_col(sqlite3_stmt *st, int col, char *dst, size_t size)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	snprintf(dst, size, "%s", t ? (const char *)t : "");
}

int lk_keys_list(lk_store *s, lk_key_info **out, size_t *n)
{
	sqlite3_stmt *st = NULL;
	lk_key_info *v = NULL;
	size_t len = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	rc = sqlite3_prepare_v2(s->db,
	                        "SELECT id, name, role, salt, digest, created_at, revoked_at "
	                        "FROM api_keys ORDER BY created_at, id",
	                        -1, &st, NULL);
	if (rc != SQLITE_OK)
		return lk_store__sqlerr(s, rc, "keys: listing");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			lk_key_info *nv = realloc(v, ncap * sizeof *nv);

			if (!nv) {
				sqlite3_finalize(st);
				free(v);
				return lk_error_set(LK_ENOMEM, "keys: out of memory");
			}
			v = nv;
			cap = ncap;
		}
		lk_key_info *k = &v[len++];

		memset(k, 0, sizeof *k);
		copy_col(st, 0, k->id, sizeof k->id);
		copy_col(st, 1, k->name, sizeof k->name);
		k->role = lk_key_role_from_name((const char *)sqlite3_column_text(st, 2));
		copy_col(st, 3, k->salt, sizeof k->salt);
		copy_col(st, 4, k->digest, sizeof k->digest);
		copy_col(st, 5, k->created_at, sizeof k->created_at);
		copy_col(st, 6, k->revoked_at, sizeof k->revoked_at);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return lk_store__sqlerr(s, rc, "keys: listing");
	}
	*out = v;
	*n = len;
	return 0;
}

int lk_keys_revoke(lk_store *s, const char *id)
{
	sqlite3_stmt *st = NULL;
	char now[32];
	int rc;

	lk_store__now(now, sizeof now);
	rc = sqlite3_prepare_v2(s->db,
	                        "UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) "
	                        "WHERE id = ?",
	                        -1, &st, NULL);
	if (rc != SQLITE_OK)
		return lk_store__sqlerr(s, rc, "keys: revoking");
	sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return lk_store__sqlerr(s, rc, "keys: revoking");
	if (sqlite3_changes(s->db) == 0)
		return lk_error_set(LK_ENOTFOUND, "keys: no key with id '%s'", id);
	return 0;
}

const lk_key_info *lk_keys_check(const lk_key_info *keys, size_t n, const char *token)
{
	char id[LK_KEY_ID_LEN];
	char digest[LK_SHA256_HEX_LEN];
	const char *secret;
	unsigned char diff = 0;

	/* lk_<12 hex>_<64 hex> */
	if (!token || strncmp(token, "lk_", 3) != 0 || strlen(token) != LK_KEY_TOKEN_LEN - 1 ||
	    token[15] != '_')
		return NULL;
	memcpy(id, token + 3, 12);
	id[12] = '\0';
	secret = token + 16;
	for (size_t i = 0; i < n; i++) {
		const lk_key_info *k = &keys[i];

		if (strcmp(k->id, id) != 0)
			continue;
		key_digest(k->salt, secret, 64, digest);
		/* constant time in the secret: every byte of the digests is compared */
		for (size_t j = 0; j < LK_SHA256_HEX_LEN - 1; j++)
			diff |= (unsigned char)(digest[j] ^ k->digest[j]);
		if (diff != 0 || k->revoked_at[0])
			return NULL;
		return k;
	}
	return NULL;
}
