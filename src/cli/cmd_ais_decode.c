/*
 * cmd_ais_decode.c - `lookout ais decode`: stream NMEA lines from a file or stdin through the
 * AIS decoder and print one gpsd-compatible JSON-AIS object per message (or a short text
 * line), with a summary of the errors by kind and their line numbers on stderr.
 *
 * Memory is bounded: lines are read into a fixed buffer (a longer line is reported and
 * skipped), and the decoder keeps a bounded number of pending multipart groups.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lookout/ais.h"
#include "cli_ais.h"

const char cli_help_ais_decode[] =
	"usage: lookout ais decode [--json] [--scaled] [--device NAME] FILE|-\n"
	"\n"
	"Decode AIS messages from NMEA 0183 sentences (!AIVDM/!AIVDO, optionally behind NMEA 4.0\n"
	"tag blocks), one sentence per line; '-' reads stdin. Multipart messages are\n"
	"reassembled; other lines are skipped. Output goes to stdout, one line per message;\n"
	"a summary of bad lines (bad checksum, orphan fragment, bad bit count, unknown type,\n"
	"malformed) with their line numbers goes to stderr.\n"
	"\n"
	"Options:\n"
	"      --json         print gpsd-compatible JSON-AIS (the default is a text line:\n"
	"                     line, type, MMSI, latitude and longitude when available)\n"
	"      --scaled       JSON in gpsd's scaled form (degrees, knots, vocabulary);\n"
	"                     the default is unscaled raw integers like 'gpsdecode -u'\n"
	"      --device NAME  add \"device\":NAME to every JSON object (gpsdecode prints\n"
	"                     \"stdin\")\n"
	"  -h, --help         show this help\n"
	"\n"
	"Examples:\n"
	"  lookout ais decode --json --scaled --device stdin sample.aivdm\n"
	"  nc feed 1234 | lookout ais decode --json -\n"
	"\n"
	"Exit codes:\n"
	"   0  every AIS line decoded\n"
	"   2  invalid usage\n"
	"   6  the input was read to the end, but some lines were errors (see stderr)\n"
	"  74  the file cannot be read\n";

/* Errors listed individually on stderr at most; the rest are only counted. */
#define MAX_LISTED 50

typedef struct decode_run {
	long listed;
} decode_run;

static void on_error(void *ud, lk_ais_error_kind kind, long line, const char *msg)
{
	decode_run *r = ud;
	if (r->listed++ < MAX_LISTED)
		fprintf(stderr, "lookout ais decode: line %ld: %s: %s\n", line,
		        lk_ais_error_name(kind), msg);
}

static void print_text(const lk_ais_msg *m)
{
	double lat, lon;
	if (lk_ais_has_position(m, &lat, &lon))
		printf("%ld\t%u\t%09u\t%.6f\t%.6f\n", m->line, m->type, m->mmsi, lat, lon);
	else
		printf("%ld\t%u\t%09u\t\t\n", m->line, m->type, m->mmsi);
}

int cmd_ais_decode(cli_ctx *ctx, int argc, char **argv)
{
	static const char cmd[] = "lookout ais decode";
	const char *device = NULL;
	bool scaled = false;
	const cli_option opts[] = {
		{"json", 0, NULL, &ctx->json},
		{"scaled", 0, NULL, &scaled},
		{"device", 0, &device, NULL},
		{NULL, 0, NULL, NULL},
	};
	lk_ais_decoder *d = NULL;
	FILE *f = NULL;
	decode_run run = {0};
	int npos, rc;

	rc = cli_parse(ctx, cmd, opts, argc, argv, &npos);
	if (rc < 0)
		return rc;
	if (ctx->help)
		return cli_print_help(cli_help_ais_decode);
	if (npos != 1)
		return cli_usage_error(cmd, "expected one FILE (or '-' for stdin)");
	const char *path = argv[1];
	f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f)
		return lk_error_set(LK_EIO, "%s: %s", path, strerror(errno));
	lk_ais_options o = LK_AIS_OPTIONS_INIT;
	o.on_error = on_error;
	o.ud = &run;
	rc = lk_ais_decoder_new(&d, &o);
	if (rc < 0)
		goto done;

	char line[2048], json[8192];
	lk_ais_msg m;
	while (fgets(line, sizeof(line), f)) {
		size_t len = strlen(line);
		if (len == sizeof(line) - 1 && line[len - 1] != '\n') {
			/* too long for any sentence: skip the rest, let the decoder count it */
			int c;
			while ((c = getc(f)) != EOF && c != '\n')
				;
		}
		if (lk_ais_decoder_line(d, &m, line, len) != 1)
			continue;
		if (!ctx->json) {
			print_text(&m);
			continue;
		}
		int n = lk_ais_to_json(json, sizeof(json) - 1, &m, device,
		                       scaled ? LK_AIS_JSON_SCALED : 0);
		if (n > 0) {
			json[n] = '\n';
			fwrite(json, 1, (size_t)n + 1, stdout);
		}
	}
	if (ferror(f)) {
		rc = lk_error_set(LK_EIO, "%s: read error", path);
		goto done;
	}
	lk_ais_decoder_finish(d);
	const lk_ais_stats *st = lk_ais_decoder_stats(d);
	long total = 0;
	for (int k = 0; k < LK_AIS_ERR_COUNT; k++)
		total += st->errors[k];
	if (run.listed > MAX_LISTED)
		fprintf(stderr, "lookout ais decode: ... %ld more errors not listed\n",
		        run.listed - MAX_LISTED);
	if (total > 0 || !ctx->quiet) {
		fprintf(stderr, "lookout ais decode: %ld lines, %ld sentences, %ld messages, "
		                "%ld skipped, %ld errors",
		        st->lines, st->sentences, st->messages, st->skipped, total);
		for (int k = 0; k < LK_AIS_ERR_COUNT; k++)
			if (st->errors[k])
				fprintf(stderr, ", %s %ld", lk_ais_error_name(k), st->errors[k]);
		fprintf(stderr, "\n");
	}
	rc = total > 0 ? CLI_EXIT_ROW_ERRORS : 0;
done:
	if (fflush(stdout) != 0 && rc >= 0)
		rc = lk_error_set(LK_EIO, "cannot write the output");
	lk_ais_decoder_free(d);
	if (f && f != stdin)
		fclose(f);
	return rc;
}
