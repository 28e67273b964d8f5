/*
 * cmd_alerts.c - `lookout alerts list|show|decide`: the alerts of monitoring runs and the
 * decisions taken on them (monitor.h).
 */
#include <stdlib.h>
#include <string.h>

#include "cli_monitor.h"

const char cli_help_alerts[] =
	"usage: lookout alerts <command> [<args>]\n"
	"\n"
	"Review the alerts of monitoring runs and record decisions on them. A decision is an\n"
	"immutable record; a later one supersedes it.\n";

static const char help_list[] =
	"usage: lookout alerts list [--status open|escalated|true-match|false-positive|closed]\n"
	"                           [--json] [--db PATH]\n"
	"\n"
	"List alerts by id: customer, list entity, source, score, status, when raised.\n"
	"\n"
	"Options:\n"
	"      --status S  only alerts with status S\n"
	"      --json      print an array of {\"id\",\"customer_ref\",\"entity_id\",\"source\",\n"
	"                  \"score\",\"status\",\"created_at\"}\n"
	"      --db PATH   the store (default: $LOOKOUT_DB, else ./lookout.db)\n"
	"  -q, --quiet     accepted; this command writes only errors to stderr\n"
	"  -h, --help      show this help\n"
	"\n"
	"Examples:\n"
	"  lookout alerts list --status open\n"
	"  lookout alerts list --json\n"
	"\n"
	"Exit codes:\n"
	"   0  success\n"
	"   2  invalid usage\n"
	"   3  there is no store\n"
	"  75  store error\n";

static const char help_show[] =
	"usage: lookout alerts show ID [--json] [--db PATH]\n"
	"\n"
	"Show one alert: the customer, the list entity (as the active list has it), the score\n"
	"with its explanation, and every decision taken on it.\n"
	"\n"
	"Options:\n"
	"      --json     print {\"alert\", \"customer\", \"entity\", \"explanation\", \"decisions\"}\n"
	"      --db PATH  the store (default: $LOOKOUT_DB, else ./lookout.db)\n"
	"  -q, --quiet    accepted; this command writes only errors to stderr\n"
	"  -h, --help     show this help\n"
	"\n"
	"Examples:\n"
	"  lookout alerts show 12\n"
	"\n"
	"Exit codes:\n"
	"   0  success\n"
	"   2  invalid usage\n"
	"   3  no such alert (or no store)\n"
	"  75  store error\n";

static const char help_decide[] =
	"usage: lookout alerts decide ID --decision true-match|false-positive|escalate\n"
	"                             --reason TEXT --by NAME [--actor NAME] [--db PATH]\n"
	"\n"
	"Record a decision on an alert. The decision is kept forever; a later decision\n"
	"supersedes it. A false positive is not raised again until the customer or the listed\n"
	"entity changes materially (name, birth date, country, identifiers).\n"
	"\n"
	"Options:\n"
	"      --decision D  true-match, false-positive or escalate\n"
	"      --reason TEXT why (required)\n"
	"      --by NAME     who decided (required)\n"
	"      --actor NAME  the channel, for the audit trail (default: cli)\n"
	"      --db PATH     the store (default: $LOOKOUT_DB, else ./lookout.db)\n"
	"  -q, --quiet       accepted; this command writes only errors to stderr\n"
	"  -h, --help        show this help\n"
	"\n"
	"Examples:\n"
	"  lookout alerts decide 12 --decision false-positive --reason \"different birth date\" \\\n"
	"      --by \"A. Reviewer\"\n"
	"\n"
	"Exit codes:\n"
	"   0  success\n"
	"   2  invalid usage\n"
	"   3  no such alert (or no store)\n"
	"  65  invalid input (empty reason or name)\n"
	"  75  store error\n";

static int cmd_list(cli_ctx *ctx, int argc, char **argv)
{
	static const char cmd[] = "lookout alerts list";
	const char *status = NULL;
	const cli_option opts[] = {
		{"status", 0, &status, NULL},
		{"json", 0, NULL, &ctx->json},
		{NULL, 0, NULL, NULL},
	};
	lk_store *store = NULL;
	lk_alert *v = NULL;
	size_t n = 0;
	int rc = cli_begin(ctx, cmd, opts, help_list, NULL, argc, argv);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	int st = -1;
	if (status && (st = lk_alert_status_from_name(status)) < 0)
		return cli_usage_error(cmd, "unknown --status '%s' (open, escalated, true-match, "
		                       "false-positive, closed)", status);
	if ((rc = cli_store_open(ctx, false, &store)) < 0)
		return rc;
	if ((rc = lk_alerts_list(store, st, &v, &n)) < 0)
		goto done;
	if (ctx->json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:f, s:s, s:s}", "id",
			                                     (json_int_t)v[i].id, "customer_ref",
			                                     v[i].customer_ref, "entity_id", v[i].entity_id,
			                                     "source", v[i].source, "score", v[i].score,
			                                     "status", lk_alert_status_name(v[i].status),
			                                     "created_at", v[i].created_at));
		rc = cli_json_print(arr);
	} else {
		cli_table t;
		cli_table_init(&t, 7, 40);
		cli_table_addv(&t, "ID", "STATUS", "SCORE", "CUSTOMER", "ENTITY", "NAME", "CREATED");
		for (size_t i = 0; i < n; i++) {
			char id[24], score[16];
			snprintf(id, sizeof id, "%lld", (long long)v[i].id);
			snprintf(score, sizeof score, "%.2f", v[i].score);
			cli_table_addv(&t, id, lk_alert_status_name(v[i].status), score, v[i].customer_ref,
			               v[i].entity_id, v[i].entity_caption, v[i].created_at);
		}
		rc = cli_table_print(&t, stdout);
		cli_table_dispose(&t);
	}
done:
	lk_alerts_free(v, n);
	lk_store_close(store);
	return rc;
}

static int parse_id(const char *cmd, int npos, char **argv, int64_t *id)
{
	if (npos != 1)
		return cli_usage_error(cmd, npos ? "only one ID is expected" : "ID is required");
	if (!cli_parse_int64(argv[1], id))
		return cli_usage_error(cmd, "ID must be an alert number, not '%s'", argv[1]);
	return 0;
}

static int cmd_show(cli_ctx *ctx, int argc, char **argv)
{
	static const char cmd[] = "lookout alerts show";
	const cli_option opts[] = {
		{"json", 0, NULL, &ctx->json},
		{NULL, 0, NULL, NULL},
	};
	lk_store *store = NULL;
	lk_alert *a = NULL;
	lk_decision *d = NULL;
	size_t nd = 0;
	lk_customer c = {0};
	char *entity = NULL;
	int64_t id;
	int npos;
	int rc = cli_parse(ctx, cmd, opts, argc, argv, &npos);
	if (rc < 0)
		return rc;
	if (ctx->help)
		return cli_print_help(help_show);
	if ((rc = parse_id(cmd, npos, argv, &id)) < 0)
		return rc;
	if ((rc = cli_store_open(ctx, false, &store)) < 0)
		return rc;
	if ((rc = lk_alert_get(store, id, &a)) < 0 ||
	    (rc = lk_customer_get(store, a->customer_ref, &c)) < 0 ||
	    (rc = lk_alert_decisions(store, id, &d, &nd)) < 0)
		goto done;
	if (lk_store_entity_json(store, a->entity_id, &entity, NULL) < 0)
		entity = NULL; /* no longer listed */
	json_t *ent = entity ? json_loads(entity, 0, NULL) : NULL;
	json_t *expl = json_loads(a->explanation, 0, NULL);
	if (ctx->json) {
		json_t *ds = json_array();
		for (size_t i = 0; i < nd; i++)
			json_array_append_new(ds, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I}", "id",
			                                    (json_int_t)d[i].id, "decision",
			                                    lk_decision_name(d[i].decision), "reason",
			                                    d[i].reason, "by", d[i].by, "actor",
			                                    d[i].actor, "at", d[i].at, "supersedes",
			                                    (json_int_t)d[i].supersedes));
		json_t *al = json_pack("{s:I, s:s, s:s, s:s, s:f, s:s, s:s, s:s, s:s}", "id",
		                       (json_int_t)a->id, "customer_ref", a->customer_ref, "entity_id",
		                       a->entity_id, "source", a->source, "score", a->score, "status",
		                       lk_alert_status_name(a->status), "created_at", a->created_at,
		                       "updated_at", a->updated_at, "closed_reason", a->closed_reason);
		json_t *cj = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "ref", c.ref, "name",
		                       c.name, "schema", lk_schema_name(c.schema), "dob", c.dob,
		                       "country", c.country, "id", c.ident, "removed", c.removed);
		rc = cli_json_print(json_pack("{s:o, s:o, s:o, s:o, s:o}", "alert", al, "customer", cj,
		                              "entity", ent ? ent : json_null(), "explanation",
		                              expl ? expl : json_object(), "decisions", ds));
		ent = expl = NULL;
	} else {
		printf("alert %lld: %s, score %.2f, raised %s, updated %s\n", (long long)a->id,
		       lk_alert_status_name(a->status), a->score, a->created_at, a->updated_at);
		if (*a->closed_reason)
			printf("closed: %s\n", a->closed_reason);
		printf("\ncustomer %s%s: %s (%s)", c.ref, c.removed ? " (removed)" : "", c.name,
		       lk_schema_name(c.schema));
		if (*c.dob)
			printf(", born %s", c.dob);
		if (*c.country)
			printf(", %s", c.country);
		if (*c.ident)
			printf(", id %s", c.ident);
		printf("\nentity   %s (%s): %s\n", a->entity_id, a->source, a->entity_caption);
		json_t *props = json_object_get(ent, "properties");
		const char *key;
		json_t *vals;
		json_object_foreach(props, key, vals) {
			size_t i;
			json_t *val;
			json_array_foreach(vals, i, val) printf("  %-18s %s\n", key, json_string_value(val));
		}
		if (!ent)
			printf("  (no longer in the active lists)\n");
		printf("\nexplanation:\n");
		json_t *nm = json_object_get(expl, "matched_name");
		json_t *qn = json_object_get(expl, "query_name");
		if (json_is_string(qn) && json_is_string(nm))
			printf("  name '%s' ~ listed '%s' (name score %.2f)\n", json_string_value(qn),
			       json_string_value(nm), json_number_value(json_object_get(expl, "name_score")));
		json_t *parts = json_object_get(expl, "parts");
		size_t i;
		json_t *p;
		json_array_foreach(parts, i, p) {
			printf("  part %-16s ~ %-16s %s %.2f\n", json_string_value(json_object_get(p, "query")),
			       json_string_value(json_object_get(p, "candidate")),
			       json_string_value(json_object_get(p, "how")),
			       json_number_value(json_object_get(p, "similarity")));
		}
		json_t *feats = json_object_get(expl, "features");
		json_array_foreach(feats, i, p) {
			printf("  %+.2f %s\n", json_number_value(json_object_get(p, "delta")),
			       json_string_value(json_object_get(p, "detail")));
		}
		printf("\ndecisions:%s\n", nd ? "" : " none yet");
		for (size_t k = 0; k < nd; k++)
			printf("  #%lld %s  %s by %s (%s): %s%s\n", (long long)d[k].id, d[k].at,
			       lk_decision_name(d[k].decision), d[k].by, d[k].actor, d[k].reason,
			       k + 1 < nd ? "  [superseded]" : "");
	}
	json_decref(ent);
	json_decref(expl);
done:
	free(entity);
	lk_customer_dispose(&c);
	lk_decisions_free(d, nd);
	lk_alerts_free(a, a ? 1 : 0);
	lk_store_close(store);
	return rc;
}

static int cmd_decide(cli_ctx *ctx, int argc, char **argv)
{
	static const char cmd[] = "lookout alerts decide";
	const char *decision = NULL, *reason = NULL, *by = NULL, *actor = "cli";
	const cli_option opts[] = {
		{"decision", 0, &decision, NULL},
		{"reason", 0, &reason, NULL},
		{"by", 0, &by, NULL},
		{"actor", 0, &actor, NULL},
		{NULL, 0, NULL, NULL},
	};
	lk_store *store = NULL;
	int64_t id;
	int npos;
	int rc = cli_parse(ctx, cmd, opts, argc, argv, &npos);
	if (rc < 0)
		return rc;
	if (ctx->help)
		return cli_print_help(help_decide);
	if ((rc = parse_id(cmd, npos, argv, &id)) < 0)
		return rc;
	if (!decision || !reason || !by)
		return cli_usage_error(cmd, "--decision, --reason and --by are required");
	int k = lk_decision_from_name(decision);
	if (k < 0)
		return cli_usage_error(cmd, "unknown --decision '%s' (true-match, false-positive, "
		                       "escalate)", decision);
	if ((rc = cli_store_open(ctx, false, &store)) < 0)
		return rc;
	int64_t did = 0;
	rc = lk_alert_decide(store, id, (lk_decision_kind)k, reason, by, actor, &did);
	if (rc == 0)
		printf("alert %lld: decision #%lld %s by %s recorded\n", (long long)id, (long long)did,
		       decision, by);
	lk_store_close(store);
	return rc;
}

const cli_command cli_alerts_commands[] = {
	{"list", "List alerts, optionally by status", cmd_list, NULL, help_list},
	{"show", "Show an alert: customer, entity, explanation, decisions", cmd_show, NULL,
	 help_show},
	{"decide", "Record a decision on an alert", cmd_decide, NULL, help_decide},
	{NULL, NULL, NULL, NULL, NULL},
};
