/*
 * cmd_entity.c - `lookout entity ID`: one entity of an active list version, with every
 * property value, where each value was read from (its provenance), and the version it
 * belongs to.
 *
 * The store keeps entities as canonical JSON (lk_entity_to_json), so this command reads
 * that document back with jansson rather than rebuilding an lk_entity: the JSON is the
 * record of what was imported, and --json prints it as stored plus the version.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char cli_help_entity[] =
	"usage: lookout entity ID [--json] [--db PATH]\n"
	"\n"
	"Show one entity of the active list versions by its Lookout id (such as ofac-35096,\n"
	"un-6908555, uk-hmt-12345; see 'lookout lists diff' for ids): its schema, its source and\n"
	"list-native id, the version it comes from, and every property value with its\n"
	"provenance (the file and line, or the field, the value was read from).\n"
	"\n"
	"Options:\n"
	"      --json     print the entity's canonical JSON plus \"version\" (below)\n"
	"      --db PATH  the store (default: $LOOKOUT_DB, else ./lookout.db)\n"
	"  -q, --quiet    accepted; this command writes only errors to stderr\n"
	"  -h, --help     show this help\n"
	"\n"
	"JSON output:\n"
	"  {\"id\": \"ofac-35096\", \"schema\": \"Person\", \"caption\": \"...\",\n"
	"   \"source\": \"ofac_sdn\", \"native_id\": \"35096\",\n"
	"   \"properties\": {\"name\": [...], \"birthDate\": [\"1952-10-07\"]},\n"
	"   \"provenance\": {\"name\": [\"sdn.csv:1234\"], ...},\n"
	"   \"version\": {\"source\": \"ofac_sdn\", \"version\": 3, \"active\": true, ...}}\n"
	"  \"provenance\" lists, per property, the origin of each value (\"\" where unknown); it\n"
	"  is absent when no value has one. \"version\" is as in 'lookout lists show --json'.\n"
	"\n"
	"Examples:\n"
	"  lookout entity ofac-35096\n"
	"  lookout entity ofac-35096 --json | jq '.properties.birthDate'\n"
	"\n"
	"Exit codes:\n"
	"   0  success\n"
	"   2  invalid usage\n"
	"   3  no active version has an entity with this id (or there is no store)\n"
	"  65  the stored JSON cannot be read\n"
	"  75  store error\n";

/* The text of a JSON scalar for a table cell (strings as they are, others dumped). */
static char *cell_text(const json_t *v)
{
	if (json_is_string(v))
		return strdup(json_string_value(v));
	return json_dumps(v, JSON_ENCODE_ANY);
}

static int print_human(const json_t *root, const lk_version_info *v)
{
	const json_t *props = json_object_get(root, "properties");
	const json_t *prov = json_object_get(root, "provenance");
	const char *caption = json_string_value(json_object_get(root, "caption"));
	const char *key;
	json_t *values;
	char line[256];
	char hash[13];
	cli_table t;
	int rc;

	printf("%s  %s\n\n", json_string_value(json_object_get(root, "id")),
	       caption ? caption : "");
	cli_table_init(&t, 2, 0);
	cli_table_addv(&t, "schema", json_string_value(json_object_get(root, "schema")));
	cli_table_addv(&t, "source", json_string_value(json_object_get(root, "source")));
	cli_table_addv(&t, "native id", json_string_value(json_object_get(root, "native_id")));
	snprintf(line, sizeof(line), "%lld (%s, hash %s, imported %s%s%s)", (long long)v->id,
	         v->active ? "active" : "inactive", cli_short_hash(v->hash, hash),
	         v->imported_at, v->published[0] ? ", published " : "", v->published);
	cli_table_addv(&t, "version", line);
	rc = cli_table_print(&t, stdout);
	cli_table_dispose(&t);
	if (rc < 0 || !json_is_object(props))
		return rc;

	putchar('\n');
	/* values can be long (notes, addresses): do not pad the origin column past 60 */
	cli_table_init(&t, 3, 60);
	cli_table_addv(&t, "PROPERTY", "VALUE", "ORIGIN");
	json_object_foreach((json_t *)props, key, values) {
		const json_t *origins = json_object_get(prov, key);
		size_t i;
		json_t *value;

		json_array_foreach(values, i, value) {
			char *text = cell_text(value);
			const char *origin = json_string_value(json_array_get(origins, i));

			cli_table_addv(&t, i == 0 ? key : "", text ? text : "",
			               origin && origin[0] ? origin : "-");
			free(text);
		}
	}
	rc = cli_table_print(&t, stdout);
	cli_table_dispose(&t);
	return rc;
}

int cmd_entity(cli_ctx *ctx, int argc, char **argv)
{
	static const char cmd[] = "lookout entity";
	const cli_option opts[] = {
		{"json", 0, NULL, &ctx->json},
		{NULL, 0, NULL, NULL},
	};
	lk_version_info version;
	lk_store *store = NULL;
	json_t *root = NULL;
	json_error_t jerr;
	char *json = NULL;
	int npos;
	int rc;

	rc = cli_parse(ctx, cmd, opts, argc, argv, &npos);
	if (rc < 0)
		goto done;
	if (ctx->help) {
		rc = cli_print_help(cli_help_entity);
		goto done;
	}
	if (npos != 1) {
		rc = cli_usage_error(cmd, npos ? "only one ID is expected" : "ID is required");
		goto done;
	}
	rc = cli_store_open(ctx, false, &store);
	if (rc == LK_ENOTFOUND)
		rc = lk_error_set(LK_ENOTFOUND, "entity '%s' not found: %s", argv[1],
		                  lk_error_last()->message);
	if (rc < 0)
		goto done;
	memset(&version, 0, sizeof(version));
	rc = lk_store_entity_json(store, argv[1], &json, &version);
	if (rc < 0)
		goto done;
	root = json_loads(json, 0, &jerr);
	if (!json_is_object(root)) {
		rc = lk_error_set(LK_EINVALID, "entity '%s': stored JSON unreadable: %s", argv[1],
		                  root ? "not an object" : jerr.text);
		goto done;
	}
	if (ctx->json) {
		json_object_set_new(root, "version", cli_json_version(&version));
		rc = cli_json_print(root);
		root = NULL; /* cli_json_print released it */
	} else {
		rc = print_human(root, &version);
	}
done:
	json_decref(root);
	free(json);
	lk_store_close(store);
	return rc;
}
