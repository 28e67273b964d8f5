/*
 * report.c - lk_report_write(): check the options, gather the model from the store (lists,
 * then the audit trail and alerts where the store has them), render it.
 */
#include <string.h>
#include <time.h>

#include "lookout/error.h"
#include "report_int.h"

bool lk_report_since_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	int y, m, d;

	if (n != 10 && n != 20)
		return false;
	for (size_t i = 0; i < n; i++) {
		static const char pat[] = "dddd-dd-ddTdd:dd:ddZ";
		char want = pat[i];

		if (want == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != want)
			return false;
	}
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	if (n == 20 && ((s[11] - '0') * 10 + (s[12] - '0') > 23 ||
	                (s[14] - '0') * 10 + (s[15] - '0') > 59 ||
	                (s[17] - '0') * 10 + (s[18] - '0') > 60))
		return false;
	return true;
}

int lk_report_write(lk_store *s, const lk_report_opts *opts, FILE *out)
{
	rp_report r;
	int rc;

	if (!opts || !lk_report_since_valid(opts->since))
		return lk_error_set(LK_EINVALID,
		                    "since: expected a date YYYY-MM-DD or a time YYYY-MM-DDTHH:MM:SSZ "
		                    "(UTC), got '%s'",
		                    opts && opts->since ? opts->since : "");
	memset(&r, 0, sizeof(r));
	r.arena = lk_arena_new(1u << 30);
	if (!r.arena)
		return lk_error_set(LK_ENOMEM, "out of memory");
	r.title = opts->title && *opts->title ? opts->title : "Sanctions monitoring report";
	r.max_names = opts->max_names ? opts->max_names : 100;
	snprintf(r.since, sizeof(r.since), "%s", opts->since);
	if (opts->generated_at) {
		snprintf(r.generated_at, sizeof(r.generated_at), "%s", opts->generated_at);
	} else {
		time_t now = time(NULL);
		struct tm tm;

		gmtime_r(&now, &tm);
		strftime(r.generated_at, sizeof(r.generated_at), "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	rc = lk_report__gather_lists(&r, s);
	if (rc == 0)
		rc = lk_report__gather_audit(&r, s);
	if (rc == 0)
		rc = lk_report__gather_alerts(&r, s);
	if (rc == 0)
		rc = opts->format == LK_REPORT_CSV ? lk_report__render_csv(&r, out)
		                                   : lk_report__render_html(&r, out);
	lk_arena_free(r.arena);
	return rc;
}
