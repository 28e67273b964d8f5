/*
 * cmd_report.c - `lookout report`: the compliance report of a period as HTML or CSV
 * (lk_report_write() builds it).
 *
 * With --out the report is written to FILE.tmp and renamed over FILE when complete, so a
 * failure never leaves a half report where a complete one is expected.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

const char cli_help_report[] =
	"usage: lookout report --since DATE [--format html|csv] [--out FILE] [--title TEXT]\n"
	"                      [--max-names N] [--db PATH]\n"
	"\n"
	"Write the compliance report of the period since DATE: what changed on the lists (each\n"
	"version imported, with the entities added, removed and changed, by name), which alerts\n"
	"were raised, and what was decided on them, by whom and why.\n"
	"\n"
	"HTML (the default) is one self-contained page for people: a summary table, the list\n"
	"changes, the details of each alert; it prints on A4. CSV has one row per fact for\n"
	"spreadsheets and scripts (columns: section, at, source, version, entity_id,\n"
	"entity_name, schema, change, detail, alert_id, customer_ref, score, status, by, reason).\n"
	"\n"
	"Options:\n"
	"      --since DATE     the start of the period, UTC: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ\n"
	"                       (required)\n"
	"      --format FMT     html (default) or csv\n"
	"  -o, --out FILE       write to FILE (replaced only when the report is complete)\n"
	"                       instead of stdout\n"
	"      --title TEXT     the report's title (default \"Sanctions monitoring report\")\n"
	"      --max-names N    HTML: names listed per kind of change and version (default 100;\n"
	"                       the CSV lists all)\n"
	"      --db PATH        the store (default: $LOOKOUT_DB, else ./lookout.db)\n"
	"  -q, --quiet          accepted; this command writes only errors to stderr\n"
	"  -h, --help           show this help\n"
	"\n"
	"Examples:\n"
	"  lookout report --since 2026-11-01 --out report.html\n"
	"  lookout report --since 2026-11-01 --format csv > changes.csv\n"
	"\n"
	"Exit codes:\n"
	"   0  the report was written\n"
	"   2  invalid usage (no --since, a malformed date, an unknown format)\n"
	"   3  no store at the path\n"
	"  74  the report cannot be written\n"
	"  75  store error\n";

int cmd_report(cli_ctx *ctx, int argc, char **argv)
{
	static const char cmd[] = "lookout report";
	const char *since = NULL, *format = NULL, *outpath = NULL, *title = NULL, *max_names = NULL;
	const cli_option opts[] = {
		{"since", 0, &since, NULL},
		{"format", 0, &format, NULL},
		{"out", 'o', &outpath, NULL},
		{"title", 0, &title, NULL},
		{"max-names", 0, &max_names, NULL},
		{NULL, 0, NULL, NULL},
	};
	lk_report_opts ropts = LK_REPORT_OPTS_INIT;
	lk_store *store = NULL;
	char tmp[4200] = "";
	FILE *out = stdout;
	int npos;
	int rc;

	rc = cli_parse(ctx, cmd, opts, argc, argv, &npos);
	if (rc < 0)
		goto done;
	if (ctx->help) {
		rc = cli_print_help(cli_help_report);
		goto done;
	}
	if (npos > 0) {
		rc = cli_usage_error(cmd, "unexpected argument '%s'", argv[1]);
		goto done;
	}
	if (!since) {
		rc = cli_usage_error(cmd, "--since DATE is required");
		goto done;
	}
	if (!lk_report_since_valid(since)) {
		rc = cli_usage_error(cmd, "--since: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, got '%s'",
		                     since);
		goto done;
	}
	if (!format || strcmp(format, "html") == 0) {
		ropts.format = LK_REPORT_HTML;
	} else if (strcmp(format, "csv") == 0) {
		ropts.format = LK_REPORT_CSV;
	} else {
		rc = cli_usage_error(cmd, "--format: expected html or csv, got '%s'", format);
		goto done;
	}
	if (max_names) {
		int64_t n;

		if (!cli_parse_int64(max_names, &n) || n < 1 || n > 1000000) {
			rc = cli_usage_error(cmd, "--max-names: expected a number from 1 to 1000000");
			goto done;
		}
		ropts.max_names = (size_t)n;
	}
	ropts.since = since;
	ropts.title = title;
	rc = cli_store_open(ctx, false, &store);
	if (rc < 0)
		goto done;
	if (outpath) {
		snprintf(tmp, sizeof(tmp), "%s.tmp", outpath);
		out = fopen(tmp, "wb");
		if (!out) {
			out = NULL;
			rc = lk_error_set(LK_EIO, "%s: cannot create: %s", tmp, strerror(errno));
			tmp[0] = 0;
			goto done;
		}
	}
	rc = lk_report_write(store, &ropts, out);
	if (outpath) {
		if (fclose(out) != 0 && rc == 0)
			rc = lk_error_set(LK_EIO, "%s: cannot write: %s", tmp, strerror(errno));
		out = NULL;
		if (rc == 0 && rename(tmp, outpath) != 0)
			rc = lk_error_set(LK_EIO, "%s: cannot write: %s", outpath, strerror(errno));
		if (rc == 0)
			tmp[0] = 0;
	}
done:
	if (tmp[0])
		unlink(tmp);
	lk_store_close(store);
	return rc;
}
