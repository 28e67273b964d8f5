/*
 * render_html.c - the report as one self-contained HTML page for a compliance officer:
 * summary, alerts and decisions, list changes, list update attempts.
 *
 * No script, no external stylesheet, font or image: the file can be mailed, archived and
 * opened years later as it was. The CSS has print rules (A4 margins, no break inside an
 * alert, table headers repeated on each page) so that "print to PDF" gives a usable record.
 * Every text from the store is escaped: list names and decision reasons are input.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "lookout/error.h"
#include "report_int.h"

static const char css[] =
	"body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif;"
	"color:#1a1a1a;margin:2rem auto;max-width:62rem;padding:0 1.5rem;line-height:1.45}"
	"h1{font-size:1.7rem;margin:0 0 .3rem}h2{font-size:1.3rem;border-bottom:2px solid #1f3b5a;"
	"padding-bottom:.2rem;margin-top:2.2rem;color:#1f3b5a}h3{font-size:1.08rem;margin:1.4rem 0 .4rem}"
	"h4{font-size:.95rem;margin:.9rem 0 .3rem}"
	".meta{color:#555;font-size:.9rem}"
	"table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem;font-size:.92rem}"
	"th,td{border:1px solid #c8ced6;padding:.3rem .5rem;text-align:left;vertical-align:top}"
	"thead th{background:#e9eef4}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}"
	"table.summary th{width:60%;background:#f5f7fa;font-weight:600}"
	"ul.names{columns:2;column-gap:2rem;margin:.2rem 0 .6rem;padding-left:1.2rem;font-size:.9rem}"
	"ul.names li{break-inside:avoid}"
	".added{color:#0b6b2b}.removed{color:#a01616}.changed{color:#8a5a00}"
	".status{display:inline-block;padding:0 .45rem;border-radius:.6rem;font-size:.82rem;"
	"border:1px solid #888}"
	".status-open{background:#fff4d6}.status-escalated{background:#ffe0cc}"
	".status-true-match{background:#ffd6d6}.status-false-positive{background:#e3f4e3}"
	".status-closed{background:#eee}"
	"article{border:1px solid #c8ced6;border-radius:4px;padding:.2rem 1rem .6rem;margin:1rem 0}"
	"p.explanation{white-space:pre-wrap;background:#f7f7f7;padding:.5rem;font-size:.88rem}"
	".empty{color:#555;font-style:italic}"
	"footer{margin-top:3rem;color:#666;font-size:.8rem;border-top:1px solid #ccc;padding-top:.5rem}"
	"@media print{body{margin:0;max-width:none}article,table.summary{break-inside:avoid}"
	"thead{display:table-header-group}h2{break-after:avoid}h3{break-after:avoid}"
	"a{color:inherit;text-decoration:none}}"
	"@page{size:A4;margin:15mm}";

typedef struct out {
	FILE *f;
	bool failed;
} out;

static void put(out *o, const char *s)
{
	if (fputs(s, o->f) == EOF)
		o->failed = true;
}

static void putf(out *o, const char *fmt, ...) LK_PRINTF(2, 3);
static void putf(out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (vfprintf(o->f, fmt, ap) < 0)
		o->failed = true;
	va_end(ap);
}

/* Text escaped for element content and attribute values. */
static void esc(out *o, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': put(o, "&amp;"); break;
		case '<': put(o, "&lt;"); break;
		case '>': put(o, "&gt;"); break;
		case '"': put(o, "&quot;"); break;
		case '\'': put(o, "&#39;"); break;
		default:
			if (fputc(*s, o->f) == EOF)
				o->failed = true;
		}
	}
}

static const char *kind_title[RP__KINDS] = {"Added", "Removed", "Changed"};
static const char *kind_class[RP__KINDS] = {"added", "removed", "changed"};

static void summary(out *o, const rp_report *r)
{
	size_t totals[RP__KINDS] = {0};
	size_t decided[3] = {0}, open = 0, ndecisions = 0, refused = 0;

	for (size_t i = 0; i < r->nversions; i++) {
		for (int k = 0; k < RP__KINDS; k++) {
			if (r->versions[i].has_prev)
				totals[k] += r->versions[i].nchanges[k];
		}
	}
	for (size_t i = 0; i < r->nupdates; i++) {
		if (strcmp(r->updates[i].outcome, "refused") == 0 ||
		    strcmp(r->updates[i].outcome, "failed") == 0)
			refused++;
	}
	for (size_t i = 0; i < r->nalerts; i++) {
		const rp_alert *a = &r->alerts[i];

		ndecisions += a->ndecisions;
		if (strcmp(a->status, "true-match") == 0)
			decided[0]++;
		else if (strcmp(a->status, "false-positive") == 0)
			decided[1]++;
		else if (strcmp(a->status, "escalated") == 0)
			decided[2]++;
		else if (strcmp(a->status, "open") == 0)
			open++;
	}
	put(o, "<section id=\"summary\"><h2>Summary</h2>\n<table class=\"summary\"><tbody>\n");
	putf(o, "<tr><th>List versions imported</th><td class=\"num\">%zu</td></tr>\n",
	     r->nversions);
	putf(o,
	     "<tr><th>Entities added / removed / changed on the lists</th><td class=\"num\">"
	     "<span class=\"added\">+%zu</span> / <span class=\"removed\">&minus;%zu</span> / "
	     "<span class=\"changed\">%zu</span></td></tr>\n",
	     totals[RP_ADDED], totals[RP_REMOVED], totals[RP_CHANGED]);
	putf(o, "<tr><th>List updates refused or failed</th><td class=\"num\">%zu</td></tr>\n",
	     refused);
	if (r->have_alerts) {
		putf(o, "<tr><th>Alerts raised or decided in the period</th><td class=\"num\">%zu</td>"
		        "</tr>\n", r->nalerts);
		putf(o, "<tr><th>&hellip; of which now true match / false positive / escalated</th>"
		        "<td class=\"num\">%zu / %zu / %zu</td></tr>\n", decided[0], decided[1],
		     decided[2]);
		putf(o, "<tr><th>&hellip; of which still open</th><td class=\"num\">%zu</td></tr>\n",
		     open);
		putf(o, "<tr><th>Decisions recorded</th><td class=\"num\">%zu</td></tr>\n", ndecisions);
	} else {
		put(o, "<tr><th>Alerts</th><td class=\"empty\">this store keeps no alerts</td></tr>\n");
	}
	put(o, "</tbody></table>\n");

	if (r->nversions > 0) {
		put(o, "<h3>Versions imported</h3>\n<table><thead><tr><th>Source</th><th>Version</th>"
		       "<th>Imported (UTC)</th><th>Published</th><th class=\"num\">Entities</th>"
		       "<th class=\"num\">Added</th><th class=\"num\">Removed</th>"
		       "<th class=\"num\">Changed</th></tr></thead><tbody>\n");
		for (size_t i = 0; i < r->nversions; i++) {
			const rp_version *v = &r->versions[i];

			put(o, "<tr><td>");
			esc(o, v->v.source);
			putf(o, "</td><td><a href=\"#v%" PRId64 "\">%" PRId64 "</a></td><td>", v->v.id,
			     v->v.id);
			esc(o, v->v.imported_at);
			put(o, "</td><td>");
			esc(o, v->v.published[0] ? v->v.published : "-");
			putf(o, "</td><td class=\"num\">%zu</td>", v->v.entities);
			if (v->has_prev)
				putf(o, "<td class=\"num\">%zu</td><td class=\"num\">%zu</td>"
				        "<td class=\"num\">%zu</td></tr>\n",
				     v->nchanges[RP_ADDED], v->nchanges[RP_REMOVED], v->nchanges[RP_CHANGED]);
			else
				put(o, "<td colspan=\"3\" class=\"empty\">first version of the source</td>"
				       "</tr>\n");
		}
		put(o, "</tbody></table>\n");
	}
	put(o, "</section>\n");
}

static void version_details(out *o, const rp_report *r, const rp_version *v)
{
	putf(o, "<article id=\"v%" PRId64 "\"><h3>", v->v.id);
	esc(o, v->v.source);
	putf(o, " &mdash; version %" PRId64, v->v.id);
	if (v->has_prev)
		putf(o, " replaces version %" PRId64, v->prev.id);
	put(o, "</h3>\n<p class=\"meta\">Imported ");
	esc(o, v->v.imported_at);
	if (v->v.published[0]) {
		put(o, " &middot; published ");
		esc(o, v->v.published);
	}
	putf(o, " &middot; format %s &middot; %zu entities &middot; content hash <code>",
	     v->v.format, v->v.entities);
	esc(o, v->v.hash);
	put(o, "</code></p>\n");
	if (!v->has_prev) {
		putf(o, "<p>The first version of this source: all %zu entities are new.</p>\n",
		     v->v.entities);
		put(o, "</article>\n");
		return;
	}
	putf(o, "<p><span class=\"added\">%zu added</span>, <span class=\"removed\">%zu removed"
	        "</span>, <span class=\"changed\">%zu changed</span>, %zu unchanged.</p>\n",
	     v->nchanges[RP_ADDED], v->nchanges[RP_REMOVED], v->nchanges[RP_CHANGED], v->unchanged);
	for (int k = 0; k < RP__KINDS; k++) {
		size_t n = v->nchanges[k];
		size_t shown = n < r->max_names ? n : r->max_names;

		if (n == 0)
			continue;
		putf(o, "<h4 class=\"%s\">%s (%zu)</h4>\n<ul class=\"names\">\n", kind_class[k],
		     kind_title[k], n);
		for (size_t i = 0; i < shown; i++) {
			const rp_change *c = &v->changes[k][i];

			put(o, "<li>");
			esc(o, c->name);
			put(o, " <span class=\"meta\">");
			if (c->schema[0]) {
				esc(o, c->schema);
				put(o, " &middot; ");
			}
			esc(o, c->id);
			if (c->detail[0]) {
				put(o, " &middot; ");
				esc(o, c->detail);
			}
			put(o, "</span></li>\n");
		}
		put(o, "</ul>\n");
		if (shown < n)
			putf(o, "<p class=\"meta\">&hellip; and %zu more (the CSV report lists all of "
			        "them).</p>\n", n - shown);
	}
	put(o, "</article>\n");
}

static void alert_details(out *o, const rp_alert *a)
{
	putf(o, "<article id=\"a%" PRId64 "\"><h3>Alert %" PRId64 " <span class=\"status "
	        "status-", a->id, a->id);
	esc(o, a->status);
	put(o, "\">");
	esc(o, a->status);
	put(o, "</span></h3>\n<table><tbody>\n<tr><th>Customer</th><td>");
	esc(o, a->customer_name);
	put(o, " <span class=\"meta\">(ref ");
	esc(o, a->customer_ref);
	put(o, ")</span></td></tr>\n<tr><th>Listed entity</th><td>");
	esc(o, a->entity_name);
	put(o, " <span class=\"meta\">(");
	esc(o, a->entity_id);
	put(o, ", ");
	esc(o, a->source);
	putf(o, ")</span></td></tr>\n<tr><th>Score</th><td>%.2f</td></tr>\n"
	        "<tr><th>Raised (UTC)</th><td>", a->score);
	esc(o, a->created_at);
	put(o, "</td></tr>\n");
	if (a->closed_reason && a->closed_reason[0]) {
		put(o, "<tr><th>Closed because</th><td>");
		esc(o, a->closed_reason);
		put(o, "</td></tr>\n");
	}
	put(o, "</tbody></table>\n");
	if (a->explanation && a->explanation[0]) {
		put(o, "<h4>Why it matched</h4>\n<p class=\"explanation\">");
		esc(o, a->explanation);
		put(o, "</p>\n");
	}
	put(o, "<h4>Decisions</h4>\n");
	if (a->ndecisions == 0) {
		put(o, "<p class=\"empty\">No decision yet.</p>\n");
	} else {
		put(o, "<table><thead><tr><th>When (UTC)</th><th>Decision</th><th>By</th>"
		       "<th>Reason</th></tr></thead><tbody>\n");
		for (size_t i = 0; i < a->ndecisions; i++) {
			const rp_decision *d = &a->decisions[i];

			put(o, "<tr><td>");
			esc(o, d->at);
			put(o, "</td><td>");
			esc(o, d->decision);
			put(o, "</td><td>");
			esc(o, d->by);
			put(o, "</td><td>");
			esc(o, d->reason);
			put(o, "</td></tr>\n");
		}
		put(o, "</tbody></table>\n");
	}
	put(o, "</article>\n");
}

int lk_report__render_html(const rp_report *r, FILE *f)
{
	out o = {f, false};

	put(&o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	        "<meta name=\"generator\" content=\"lookout report\">\n<title>");
	esc(&o, r->title);
	put(&o, " since ");
	esc(&o, r->since);
	put(&o, "</title>\n<style>");
	put(&o, css);
	put(&o, "</style>\n</head>\n<body>\n<header><h1>");
	esc(&o, r->title);
	put(&o, "</h1>\n<p class=\"meta\">Period: since <strong>");
	esc(&o, r->since);
	put(&o, "</strong> (UTC) &middot; generated ");
	esc(&o, r->generated_at);
	put(&o, "</p></header>\n");

	summary(&o, r);

	/* alerts first: they are what a reviewer acts on; the list changes explain them */
	put(&o, "<section id=\"alerts\"><h2>Alerts and decisions</h2>\n");
	if (!r->have_alerts)
		put(&o, "<p class=\"empty\">This store keeps no alerts (no monitoring has run).</p>\n");
	else if (r->nalerts == 0)
		put(&o, "<p class=\"empty\">No alert was raised or decided in the period.</p>\n");
	for (size_t i = 0; i < r->nalerts; i++)
		alert_details(&o, &r->alerts[i]);
	put(&o, "</section>\n");

	put(&o, "<section id=\"lists\"><h2>List changes</h2>\n");
	if (r->nversions == 0)
		put(&o, "<p class=\"empty\">No list version was imported in the period.</p>\n");
	for (size_t i = 0; i < r->nversions; i++)
		version_details(&o, r, &r->versions[i]);
	put(&o, "</section>\n");

	if (r->nupdates > 0) {
		put(&o, "<section id=\"updates\"><h2>List update attempts</h2>\n<table><thead><tr>"
		        "<th>When (UTC)</th><th>Source</th><th>Outcome</th><th>Details</th></tr>"
		        "</thead><tbody>\n");
		for (size_t i = 0; i < r->nupdates; i++) {
			const rp_update *u = &r->updates[i];

			put(&o, "<tr><td>");
			esc(&o, u->at);
			put(&o, "</td><td>");
			esc(&o, u->source);
			put(&o, "</td><td>");
			esc(&o, u->outcome);
			put(&o, "</td><td>");
			esc(&o, u->reason);
			put(&o, "</td></tr>\n");
		}
		put(&o, "</tbody></table></section>\n");
	}
	put(&o, "<footer>Generated by Lookout from its store. List versions are identified by the "
	        "SHA-256 of their files; the audit trail (lookout audit verify) holds every import, "
	        "alert and decision in a hash chain.</footer>\n</body>\n</html>\n");
	if (o.failed || fflush(f) != 0)
		return lk_error_set(LK_EIO, "cannot write the report");
	return 0;
}
