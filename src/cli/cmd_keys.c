/*
 * cmd_keys.c - `lookout keys create|list|revoke`: API keys for `lookout serve`.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char cli_help_keys[] =
	"usage: lookout keys <command> [<args>]\n"
	"\n"
	"Manage the API keys of 'lookout serve'. A key is sent as 'Authorization: Bearer KEY'.\n"
	"Roles are ordered: read (screening, lists), write (changes such as decisions), admin\n"
	"(keys). The store keeps only a salted SHA-256 digest: a key is shown once, when it\n"
	"is created. A running server sees new and revoked keys within its --poll interval.\n";

const char cli_help_keys_create[] =
	"usage: lookout keys create --role read|write|admin [--name NAME] [--json] [--db PATH]\n"
	"\n"
	"Create an API key and print it once (it cannot be shown again: store it now).\n"
	"\n"
	"Options:\n"
	"      --role ROLE  read, write or admin (required)\n"
	"      --name NAME  a label for people (\"billing service\"), at most 63 bytes\n"
	"      --json       print {\"id\",\"name\",\"role\",\"created_at\",\"key\"}\n"
	"      --db PATH    the store (default: $LOOKOUT_DB, else ./lookout.db)\n"
	"  -q, --quiet      accepted\n"
	"  -h, --help       show this help\n"
	"\n"
	"Examples:\n"
	"  lookout keys create --role read --name dashboard\n"
	"  KEY=$(lookout keys create --role write --json | jq -r .key)\n"
	"\n"
	"Exit codes:\n"
	"   0  success\n"
	"   2  invalid usage\n"
	"  75  store error\n";

const char cli_help_keys_list[] =
	"usage: lookout keys list [--json] [--db PATH]\n"
	"\n"
	"List the API keys: id, role, name, when created and (if so) revoked. Keys themselves\n"
	"are never shown: only their digests are stored.\n"
	"\n"
	"Options:\n"
	"      --json     print {\"keys\": [{\"id\",\"name\",\"role\",\"created_at\",\"revoked_at\"}]}\n"
	"      --db PATH  the store (default: $LOOKOUT_DB, else ./lookout.db)\n"
	"  -q, --quiet    accepted\n"
	"  -h, --help     show this help\n"
	"\n"
	"Examples:\n"
	"  lookout keys list\n"
	"  lookout keys list --json | jq -r '.keys[] | select(.revoked_at == null) | .id'\n"
	"\n"
	"Exit codes:\n"
	"   0  success\n"
	"   2  invalid usage\n"
	"   3  there is no store\n"
	"  75  store error\n";

const char cli_help_keys_revoke[] =
	"usage: lookout keys revoke ID [--db PATH]\n"
	"\n"
	"Revoke an API key by its id (the 12 hex digits after 'lk_'; see 'lookout keys list').\n"
	"The record stays, marked revoked, so that the audit trail keeps naming it.\n"
	"\n"
	"Options:\n"
	"      --db PATH  the store (default: $LOOKOUT_DB, else ./lookout.db)\n"
	"  -q, --quiet    accepted\n"
	"  -h, --help     show this help\n"
	"\n"
	"Examples:\n"
	"  lookout keys revoke 3f9a0c1d2e4b\n"
	"\n"
	"Exit codes:\n"
	"   0  revoked (or already revoked)\n"
	"   2  invalid usage\n"
	"   3  no key with this id, or there is no store\n"
	"  75  store error\n";

static json_t *key_json(const lk_key_info *k)
{
	json_t *o = json_pack("{s:s,s:s,s:s,s:s}", "id", k->id, "name", k->name, "role",
	                      lk_key_role_name(k->role), "created_at", k->created_at);

	if (o)
		cli_json_set_str(o, "revoked_at", k->revoked_at);
	return o;
}

static int cmd_keys_create(cli_ctx *ctx, int argc, char **argv)
{
	const char *role = NULL, *name = NULL;
	bool json = false;
	const cli_option opts[] = {
		{"role", 0, &role, NULL},
		{"name", 0, &name, NULL},
		{"json", 0, NULL, &json},
		{NULL, 0, NULL, NULL},
	};
	char token[LK_KEY_TOKEN_LEN];
	lk_key_info k;
	lk_store *store = NULL;
	int npos, rc;

	rc = cli_parse(ctx, "lookout keys create", opts, argc, argv, &npos);
	if (rc < 0)
		return rc;
	if (ctx->help)
		return cli_print_help(cli_help_keys_create);
	if (npos > 0)
		return cli_usage_error("lookout keys create", "unexpected argument '%s'", argv[1]);
	if (!role || !lk_key_role_from_name(role))
		return cli_usage_error("lookout keys create", "--role must be read, write or admin");
	if (name && strlen(name) > 63)
		return cli_usage_error("lookout keys create", "--name is longer than 63 bytes");
	rc = cli_store_open(ctx, true, &store);
	if (rc < 0)
		return rc;
	rc = lk_keys_create(store, lk_key_role_from_name(role), name, token, &k);
	lk_store_close(store);
	if (rc < 0)
		return rc;
	if (json) {
		json_t *o = key_json(&k);

		if (o)
			json_object_set_new(o, "key", json_string(token));
		return cli_json_print(o);
	}
	printf("%s\n", token);
	if (!ctx->quiet)
		fprintf(stderr, "key %s (%s%s%s) created; it is shown only this once\n", k.id, role,
		        k.name[0] ? ", " : "", k.name);
	return 0;
}

static int cmd_keys_list(cli_ctx *ctx, int argc, char **argv)
{
	bool json = false;
	const cli_option opts[] = {{"json", 0, NULL, &json}, {NULL, 0, NULL, NULL}};
	lk_store *store = NULL;
	lk_key_info *keys = NULL;
	size_t n = 0;
	int npos, rc;

	rc = cli_parse(ctx, "lookout keys list", opts, argc, argv, &npos);
	if (rc < 0)
		return rc;
	if (ctx->help)
		return cli_print_help(cli_help_keys_list);
	if (npos > 0)
		return cli_usage_error("lookout keys list", "unexpected argument '%s'", argv[1]);
	rc = cli_store_open(ctx, false, &store);
	if (rc < 0)
		return rc;
	rc = lk_keys_list(store, &keys, &n);
	lk_store_close(store);
	if (rc < 0)
		return rc;
	if (json) {
		json_t *a = json_array();

		for (size_t i = 0; a && i < n; i++)
			json_array_append_new(a, key_json(&keys[i]));
		free(keys);
		return cli_json_print(a ? json_pack("{s:o}", "keys", a) : NULL);
	}
	cli_table t;

	cli_table_init(&t, 5, 0);
	cli_table_addv(&t, "ID", "ROLE", "CREATED", "REVOKED", "NAME");
	for (size_t i = 0; i < n; i++)
		cli_table_addv(&t, keys[i].id, lk_key_role_name(keys[i].role), keys[i].created_at,
		               keys[i].revoked_at[0] ? keys[i].revoked_at : "-", keys[i].name);
	free(keys);
	rc = cli_table_print(&t, stdout);
	cli_table_dispose(&t);
	return rc;
}

static int cmd_keys_revoke(cli_ctx *ctx, int argc, char **argv)
{
	lk_store *store = NULL;
	int npos, rc;

	rc = cli_parse(ctx, "lookout keys revoke", NULL, argc, argv, &npos);
	if (rc < 0)
		return rc;
	if (ctx->help)
		return cli_print_help(cli_help_keys_revoke);
	if (npos != 1)
		return cli_usage_error("lookout keys revoke", "give one key id");
	rc = cli_store_open(ctx, false, &store);
	if (rc < 0)
		return rc;
	rc = lk_keys_revoke(store, argv[1]);
	lk_store_close(store);
	if (rc == 0 && !ctx->quiet)
		fprintf(stderr, "key %s revoked\n", argv[1]);
	return rc;
}

const cli_command cli_keys_commands[] = {
	{"create", "Create an API key (shown once)", cmd_keys_create, NULL, cli_help_keys_create},
	{"list", "List the API keys", cmd_keys_list, NULL, cli_help_keys_list},
	{"revoke", "Revoke an API key", cmd_keys_revoke, NULL, cli_help_keys_revoke},
	{NULL, NULL, NULL, NULL, NULL},
};
