/*
 * cmd_customers.c - `lookout customers import|list|show|remove`: the customer base under
 * monitoring (monitor.h). The work is in the library; this file parses options and prints.
 */
#include <stdlib.h>
#include <string.h>

#include "cli_monitor.h"

const char cli_help_customers[] =
	"usage: lookout customers <command> [<args>]\n"
	"\n"
	"The customers (counterparties) under monitoring: import them from a file, list them,\n"
	"show one, remove one. Removed customers are kept, flagged, for the audit trail.\n";

static const char help_import[] =
	"usage: lookout customers import FILE [--full] [--actor NAME] [--json] [--db PATH]\n"
	"\n"
	"Import customers from FILE: CSV with a header row naming the columns ref, name, schema\n"
	"and optionally dob, country, id, aliases (aliases separated by ';'), or JSON lines (one\n"
	"object per line with the same keys, \"aliases\" an array of strings). Customers are\n"
	"upserted by ref; what changed goes to the audit trail. A bad row is reported on stderr\n"
	"with its row number and skipped; nothing already stored is lost. A progress bar shows on\n"
	"a terminal; a summary ends the import.\n"
	"\n"
	"Options:\n"
	"      --full        FILE is the whole customer base: customers it does not name are\n"
	"                    marked removed (kept for the audit trail)\n"
	"      --actor NAME  who imports, for the audit trail (default: cli)\n"
	"      --json        print the summary as {\"rows\",\"added\",\"updated\",\"unchanged\",\n"
	"                    \"removed\",\"bad\"}\n"
	"      --db PATH     the store (default: $LOOKOUT_DB, else ./lookout.db)\n"
	"  -q, --quiet       no progress bar\n"
	"  -h, --help        show this help\n"
	"\n"
	"Examples:\n"
	"  lookout customers import customers.csv\n"
	"  lookout customers import export.jsonl --full --json\n"
	"\n"
	"Exit codes:\n"
	"   0  success: every row imported\n"
	"   2  invalid usage\n"
	"   6  imported, but some rows were bad and skipped\n"
	"  65  invalid input (no ref/name/schema header)\n"
	"  74  the file cannot be read\n"
	"  75  store error\n";

static const char help_list[] =
	"usage: lookout customers list [--all] [--json] [--db PATH]\n"
	"\n"
	"List the customers by ref: ref, schema, name, whether screened with their current\n"
	"content, and (with --all) removed ones.\n"
	"\n"
	"Options:\n"
	"      --all      include removed customers\n"
	"      --json     print an array of {\"ref\",\"name\",\"schema\",\"dob\",\"country\",\"id\",\n"
	"                 \"aliases\",\"removed\",\"screened\",\"updated_at\"}\n"
	"      --db PATH  the store (default: $LOOKOUT_DB, else ./lookout.db)\n"
	"  -q, --quiet    accepted; this command writes only errors to stderr\n"
	"  -h, --help     show this help\n"
	"\n"
	"Examples:\n"
	"  lookout customers list\n"
	"  lookout customers list --all --json\n"
	"\n"
	"Exit codes:\n"
	"   0  success\n"
	"   2  invalid usage\n"
	"   3  there is no store\n"
	"  75  store error\n";

static const char help_show[] =
	"usage: lookout customers show REF [--json] [--db PATH]\n"
	"\n"
	"Show one customer with every field, its content hash and its alerts.\n"
	"\n"
	"Options:\n"
	"      --json     print the customer as a JSON object with its \"alerts\"\n"
	"      --db PATH  the store (default: $LOOKOUT_DB, else ./lookout.db)\n"
	"  -q, --quiet    accepted; this command writes only errors to stderr\n"
	"  -h, --help     show this help\n"
	"\n"
	"Examples:\n"
	"  lookout customers show C-1001\n"
	"\n"
	"Exit codes:\n"
	"   0  success\n"
	"   2  invalid usage\n"
	"   3  no such customer (or no store)\n"
	"  75  store error\n";

static const char help_remove[] =
	"usage: lookout customers remove REF [--actor NAME] [--db PATH]\n"
	"\n"
	"Mark a customer removed. It stays in the store, flagged, with its alerts and decisions,\n"
	"for the audit trail; the next monitoring run closes its open alerts. Importing it again\n"
	"brings it back.\n"
	"\n"
	"Options:\n"
	"      --actor NAME  who removes it, for the audit trail (default: cli)\n"
	"      --db PATH     the store (default: $LOOKOUT_DB, else ./lookout.db)\n"
	"  -q, --quiet       accepted; this command writes only errors to stderr\n"
	"  -h, --help        show this help\n"
	"\n"
	"Examples:\n"
	"  lookout customers remove C-1001\n"
	"\n"
	"Exit codes:\n"
	"   0  success\n"
	"   2  invalid usage\n"
	"   3  no such customer (or no store)\n"
	"  75  store error\n";

/* What the import's callbacks share: the progress bar and the file name. */
typedef struct import_ctx {
	cli_progress progress;
	const char *file;
} import_ctx;

static void on_progress(void *ctx, uint64_t done, uint64_t total)
{
	cli_progress_update(&((import_ctx *)ctx)->progress, done, total);
}

static void on_bad_row(void *ctx, size_t row, const char *msg)
{
	import_ctx *c = ctx;
	cli_progress_done(&c->progress); /* the message starts on a clean line */
	fprintf(stderr, "lookout: %s: row %zu: %s (skipped)\n", c->file, row, msg);
}

static int cmd_import(cli_ctx *ctx, int argc, char **argv)
{
	static const char cmd[] = "lookout customers import";
	bool full = false;
	const char *actor = "cli";
	const cli_option opts[] = {
		{"full", 0, NULL, &full},
		{"actor", 0, &actor, NULL},
		{"json", 0, NULL, &ctx->json},
		{NULL, 0, NULL, NULL},
	};
	lk_store *store = NULL;
	int rc = cli_begin(ctx, cmd, opts, help_import, "FILE", argc, argv);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	if ((rc = cli_store_open(ctx, true, &store)) < 0)
		return rc;
	import_ctx ic = {.file = argv[1]};
	cli_progress_init(&ic.progress, ctx, "importing");
	lk_customer_import_opts o = {.full = full, .actor = actor, .progress = on_progress,
	                             .bad_row = on_bad_row, .ctx = &ic};
	lk_customer_import_result r;
	rc = lk_customers_import(store, argv[1], &o, &r);
	cli_progress_done(&ic.progress);
	if (rc == 0) {
		if (ctx->json) {
			rc = cli_json_print(json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "rows",
			                              (json_int_t)r.rows, "added", (json_int_t)r.added,
			                              "updated", (json_int_t)r.updated, "unchanged",
			                              (json_int_t)r.unchanged, "removed",
			                              (json_int_t)r.removed, "bad", (json_int_t)r.bad));
		} else {
			printf("%s: %zu rows: %zu added, %zu updated, %zu unchanged, %zu removed, %zu bad\n",
			       argv[1], r.rows, r.added, r.updated, r.unchanged, r.removed, r.bad);
		}
		if (rc == 0 && r.bad > 0)
			rc = CLI_EXIT_ROW_ERRORS;
	}
	lk_store_close(store);
	return rc;
}

static json_t *customer_json(const lk_customer *c)
{
	json_t *al = json_array();
	for (size_t i = 0; i < c->naliases; i++)
		json_array_append_new(al, json_string(c->aliases[i]));
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:b, s:b, s:s, s:s, s:s}", "ref",
	                      c->ref, "name", c->name, "schema", lk_schema_name(c->schema), "dob",
	                      c->dob, "country", c->country, "id", c->ident, "aliases", al,
	                      "removed", c->removed, "screened", c->screened, "hash", c->hash,
	                      "created_at", c->created_at, "updated_at", c->updated_at);
	return o;
}

static int cmd_list(cli_ctx *ctx, int argc, char **argv)
{
	static const char cmd[] = "lookout customers list";
	bool all = false;
	const cli_option opts[] = {
		{"all", 0, NULL, &all},
		{"json", 0, NULL, &ctx->json},
		{NULL, 0, NULL, NULL},
	};
	lk_store *store = NULL;
	lk_customer *v = NULL;
	size_t n = 0;
	int rc = cli_begin(ctx, cmd, opts, help_list, NULL, argc, argv);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	if ((rc = cli_store_open(ctx, false, &store)) < 0)
		return rc;
	if ((rc = lk_customers_list(store, all, &v, &n)) < 0)
		goto done;
	if (ctx->json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, customer_json(&v[i]));
		rc = cli_json_print(arr);
	} else {
		cli_table t;
		cli_table_init(&t, 5, 40);
		cli_table_addv(&t, "REF", "SCHEMA", "NAME", "SCREENED", "REMOVED");
		for (size_t i = 0; i < n; i++)
			cli_table_addv(&t, v[i].ref, lk_schema_name(v[i].schema), v[i].name,
			               v[i].screened ? "yes" : "no", v[i].removed ? "yes" : "");
		rc = cli_table_print(&t, stdout);
		cli_table_dispose(&t);
		if (rc == 0 && n == 0)
			printf("no customers yet (see lookout customers import)\n");
	}
done:
	lk_customers_free(v, n);
	lk_store_close(store);
	return rc;
}

static int cmd_show(cli_ctx *ctx, int argc, char **argv)
{
	static const char cmd[] = "lookout customers show";
	const cli_option opts[] = {
		{"json", 0, NULL, &ctx->json},
		{NULL, 0, NULL, NULL},
	};
	lk_store *store = NULL;
	lk_customer c = {0};
	lk_alert *alerts = NULL;
	size_t na = 0;
	int rc = cli_begin(ctx, cmd, opts, help_show, "REF", argc, argv);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	if ((rc = cli_store_open(ctx, false, &store)) < 0)
		return rc;
	if ((rc = lk_customer_get(store, argv[1], &c)) < 0)
		goto done;
	if ((rc = lk_alerts_list(store, -1, &alerts, &na)) < 0)
		goto done;
	if (ctx->json) {
		json_t *o = customer_json(&c);
		json_t *arr = json_array();
		for (size_t i = 0; i < na; i++)
			if (alerts[i].customer_id == c.id)
				json_array_append_new(arr, json_pack("{s:I, s:s, s:f, s:s}", "id",
				                                     (json_int_t)alerts[i].id, "entity_id",
				                                     alerts[i].entity_id, "score",
				                                     alerts[i].score, "status",
				                                     lk_alert_status_name(alerts[i].status)));
		json_object_set_new(o, "alerts", arr);
		rc = cli_json_print(o);
	} else {
		printf("ref:        %s%s\nname:       %s\nschema:     %s\n", c.ref,
		       c.removed ? " (removed)" : "", c.name, lk_schema_name(c.schema));
		if (*c.dob)
			printf("dob:        %s\n", c.dob);
		if (*c.country)
			printf("country:    %s\n", c.country);
		if (*c.ident)
			printf("id:         %s\n", c.ident);
		for (size_t i = 0; i < c.naliases; i++)
			printf("alias:      %s\n", c.aliases[i]);
		printf("hash:       %s\nscreened:   %s\ncreated:    %s\nupdated:    %s\n", c.hash,
		       c.screened ? "yes" : "no (the next monitoring run screens it)", c.created_at,
		       c.updated_at);
		for (size_t i = 0; i < na; i++)
			if (alerts[i].customer_id == c.id)
				printf("alert %-4lld %s  %.2f  %s  %s\n", (long long)alerts[i].id,
				       alerts[i].entity_id, alerts[i].score,
				       lk_alert_status_name(alerts[i].status), alerts[i].entity_caption);
	}
done:
	lk_alerts_free(alerts, na);
	lk_customer_dispose(&c);
	lk_store_close(store);
	return rc;
}

static int cmd_remove(cli_ctx *ctx, int argc, char **argv)
{
	static const char cmd[] = "lookout customers remove";
	const char *actor = "cli";
	const cli_option opts[] = {
		{"actor", 0, &actor, NULL},
		{NULL, 0, NULL, NULL},
	};
	lk_store *store = NULL;
	int rc = cli_begin(ctx, cmd, opts, help_remove, "REF", argc, argv);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	if ((rc = cli_store_open(ctx, false, &store)) < 0)
		return rc;
	rc = lk_customer_remove(store, argv[1], actor);
	if (rc == 0)
		printf("customer %s removed (kept for the audit trail)\n", argv[1]);
	lk_store_close(store);
	return rc;
}

const cli_command cli_customers_commands[] = {
	{"import", "Import customers from CSV or JSON lines (upsert by ref)", cmd_import, NULL,
	 help_import},
	{"list", "List the customers under monitoring", cmd_list, NULL, help_list},
	{"show", "Show one customer and its alerts", cmd_show, NULL, help_show},
	{"remove", "Mark a customer removed (kept for the audit trail)", cmd_remove, NULL,
	 help_remove},
	{NULL, NULL, NULL, NULL, NULL},
};
