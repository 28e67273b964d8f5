/*
 * cmd_audit.c - `lookout audit verify|export`: check and export the hash-chained audit
 * trail (audit.h).
 */
#include "cli_monitor.h"

const char cli_help_audit[] =
	"usage: lookout audit <command> [<args>]\n"
	"\n"
	"The audit trail: every import, list update, customer change, monitoring run, alert and\n"
	"decision, each record holding the hash of the one before it.\n";

static const char help_verify[] =
	"usage: lookout audit verify [--json] [--db PATH]\n"
	"\n"
	"Recompute the hash chain from the first record and name the first record that does\n"
	"not match (edited, inserted or with records missing before it).\n"
	"\n"
	"Options:\n"
	"      --json     print {\"ok\",\"records\",\"first_bad\",\"reason\",\"head\"}\n"
	"      --db PATH  the store (default: $LOOKOUT_DB, else ./lookout.db)\n"
	"  -q, --quiet    accepted; this command writes only errors to stderr\n"
	"  -h, --help     show this help\n"
	"\n"
	"Examples:\n"
	"  lookout audit verify\n"
	"\n"
	"Exit codes:\n"
	"   0  the chain is intact\n"
	"   2  invalid usage\n"
	"   3  there is no store\n"
	"   7  the chain is broken (the first broken record is named)\n"
	"  75  store error\n";

static const char help_export[] =
	"usage: lookout audit export [--since DATE] [--db PATH]\n"
	"\n"
	"Print the audit records as JSON lines, oldest first: {\"seq\",\"at\",\"action\",\"actor\",\n"
	"\"subject\",\"detail\",\"prev_hash\",\"hash\"}.\n"
	"\n"
	"Options:\n"
	"      --since DATE  only records at or after DATE (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, UTC)\n"
	"      --db PATH     the store (default: $LOOKOUT_DB, else ./lookout.db)\n"
	"  -q, --quiet       accepted; this command writes only errors to stderr\n"
	"  -h, --help        show this help\n"
	"\n"
	"Examples:\n"
	"  lookout audit export --since 2026-01-01 > audit.jsonl\n"
	"\n"
	"Exit codes:\n"
	"   0  success\n"
	"   2  invalid usage\n"
	"   3  there is no store\n"
	"  65  invalid DATE\n"
	"  74  output error\n"
	"  75  store error\n";

enum { EXIT_BROKEN = 7 };

static int cmd_verify(cli_ctx *ctx, int argc, char **argv)
{
	static const char cmd[] = "lookout audit verify";
	const cli_option opts[] = {
		{"json", 0, NULL, &ctx->json},
		{NULL, 0, NULL, NULL},
	};
	lk_store *store = NULL;
	int rc = cli_begin(ctx, cmd, opts, help_verify, NULL, argc, argv);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	if ((rc = cli_store_open(ctx, false, &store)) < 0)
		return rc;
	lk_audit_verify_result r;
	if ((rc = lk_audit_verify(store, &r)) == 0) {
		if (ctx->json)
			rc = cli_json_print(json_pack("{s:b, s:I, s:I, s:s, s:s}", "ok", r.ok, "records",
			                              (json_int_t)r.records, "first_bad",
			                              (json_int_t)r.first_bad, "reason", r.reason, "head",
			                              r.head));
		else if (r.ok)
			printf("audit trail intact: %lld records, head %s\n", (long long)r.records,
			       *r.head ? r.head : "(empty)");
		if (!r.ok) {
			fprintf(stderr, "lookout: audit trail broken at record %lld: %s\n",
			        (long long)r.first_bad, r.reason);
			if (rc == 0)
				rc = EXIT_BROKEN;
		}
	}
	lk_store_close(store);
	return rc;
}

static int cmd_export(cli_ctx *ctx, int argc, char **argv)
{
	static const char cmd[] = "lookout audit export";
	const char *since = NULL;
	const cli_option opts[] = {
		{"since", 0, &since, NULL},
		{NULL, 0, NULL, NULL},
	};
	lk_store *store = NULL;
	int rc = cli_begin(ctx, cmd, opts, help_export, NULL, argc, argv);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	if ((rc = cli_store_open(ctx, false, &store)) < 0)
		return rc;
	rc = lk_audit_export(store, since, stdout);
	lk_store_close(store);
	return rc;
}

const cli_command cli_audit_commands[] = {
	{"verify", "Recompute the audit trail's hash chain", cmd_verify, NULL, help_verify},
	{"export", "Export the audit trail as JSON lines", cmd_export, NULL, help_export},
	{NULL, NULL, NULL, NULL, NULL},
};
