/*
 * cmd_serve.c - `lookout serve`: run the HTTP API and the web UI (src/server/).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "server.h"

const char cli_help_serve[] =
	"usage: lookout serve [--bind ADDR] [--port N] [--web DIR] [--threads N] [--queue N]\n"
	"                     [--max-connections N] [--timeout S] [--max-body BYTES]\n"
	"                     [--key-concurrency N] [--poll S] [--require-key-for-read]\n"
	"                     [--ready-file PATH] [--routes] [--db PATH] [--quiet]\n"
	"\n"
	"Serve the HTTP API (yente-compatible /match, /search, /entities, /catalog, plus\n"
	"Lookout's /screen, /compare, /screen/batch, /lists, /metrics, /openapi.json) and the\n"
	"web UI. The index is built from the store's active list versions at start; the server\n"
	"answers /healthz at once and /readyz once the index is loaded. When a list version\n"
	"becomes active (lookout lists import in another process), a new index is built and\n"
	"swapped in; requests in flight finish on the old one. SIGTERM or SIGINT stops accepting\n"
	"connections, lets the requests in flight finish (up to 10 s) and exits 0.\n"
	"\n"
	"Screening requests run on --threads worker threads behind a queue of --queue requests;\n"
	"beyond that the server answers 503 with Retry-After at once. An API key may have at\n"
	"most --key-concurrency requests in flight (429 beyond). Keys: 'lookout keys create'.\n"
	"\n"
	"Options:\n"
	"      --bind ADDR          IPv4 address to listen on (default 127.0.0.1)\n"
	"      --port N             TCP port (default 8080; 0 picks a free one)\n"
	"      --web DIR            web root served at / (default: $LOOKOUT_WEB, else the\n"
	"                           source tree's web/, else the installed share/lookout/web)\n"
	"      --threads N          worker threads (default: the number of CPUs)\n"
	"      --queue N            requests waiting for a worker before 503 (default 64 per\n"
	"                           thread)\n"
	"      --max-connections N  open connections (default 4096)\n"
	"      --timeout S          close connections idle this many seconds (default 15)\n"
	"      --max-body BYTES     request body limit (default 4194304; 413 beyond)\n"
	"      --key-concurrency N  requests in flight per API key (default 32; 0: no cap)\n"
	"      --poll S             seconds between looks at the store for new versions\n"
	"                           (default 2)\n"
	"      --require-key-for-read\n"
	"                           read endpoints need a key too (default: open)\n"
	"      --ready-file PATH    write the bound port to PATH once listening (for scripts)\n"
	"      --routes             print the route table (method, path, role) and exit\n"
	"      --db PATH            the store (default: $LOOKOUT_DB, else ./lookout.db)\n"
	"  -q, --quiet              no startup lines\n"
	"  -h, --help               show this help\n"
	"\n"
	"Examples:\n"
	"  lookout serve\n"
	"  lookout serve --bind 0.0.0.0 --port 9000 --require-key-for-read\n"
	"  curl -s localhost:8080/match/default -d '{\"queries\":{\"q1\":{\"schema\":\"Person\",\n"
	"       \"properties\":{\"name\":[\"Wladimir Putin\"],\"birthDate\":[\"1952-10-07\"]}}}}'\n"
	"\n"
	"Exit codes:\n"
	"   0  stopped by SIGTERM or SIGINT\n"
	"   2  invalid usage\n"
	"  74  cannot listen on the address and port\n"
	"  75  store error\n";

static bool parse_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
	char *end = NULL;
	unsigned long v;

	if (!s || !*s || *s == '-')
		return false;
	v = strtoul(s, &end, 10);
	if (*end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static bool is_dir(const char *p)
{
	struct stat sb;

	return p && stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

int cmd_serve(cli_ctx *ctx, int argc, char **argv)
{
	const char *bind = NULL, *port = NULL, *web = NULL, *threads = NULL, *queue = NULL,
		   *maxconn = NULL, *timeout = NULL, *maxbody = NULL, *keycap = NULL, *poll = NULL,
		   *ready = NULL;
	bool require_key = false, routes = false;
	const cli_option opts[] = {
		{"bind", 0, &bind, NULL},
		{"port", 0, &port, NULL},
		{"web", 0, &web, NULL},
		{"threads", 0, &threads, NULL},
		{"queue", 0, &queue, NULL},
		{"max-connections", 0, &maxconn, NULL},
		{"timeout", 0, &timeout, NULL},
		{"max-body", 0, &maxbody, NULL},
		{"key-concurrency", 0, &keycap, NULL},
		{"poll", 0, &poll, NULL},
		{"ready-file", 0, &ready, NULL},
		{"require-key-for-read", 0, NULL, &require_key},
		{"routes", 0, NULL, &routes},
		{NULL, 0, NULL, NULL},
	};
	const char *cmd = "lookout serve";
	srv_config cfg;
	unsigned long v;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int npos, rc;

	rc = cli_parse(ctx, cmd, opts, argc, argv, &npos);
	if (rc < 0)
		return rc;
	if (ctx->help)
		return cli_print_help(cli_help_serve);
	if (npos > 0)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[1]);
	if (routes) {
		for (size_t i = 0; srv_routes[i].method; i++) {
			static const char *const roles[] = {"open", "read", "write", "admin"};

			printf("%-6s %-26s %-5s %s\n", srv_routes[i].method, srv_routes[i].pattern,
			       roles[srv_routes[i].role], srv_routes[i].summary);
		}
		return 0;
	}

	memset(&cfg, 0, sizeof cfg);
	cfg.db = cli_db_path(ctx);
	cfg.bind = bind ? bind : "127.0.0.1";
	cfg.port = 8080;
	cfg.threads = ncpu > 0 ? (unsigned)ncpu : 2;
	cfg.max_connections = 4096;
	cfg.timeout = 15;
	cfg.max_body = 4u << 20;
	cfg.key_concurrency = 32;
	cfg.poll_interval = 2;
	cfg.require_key_for_read = require_key;
	cfg.quiet = ctx->quiet;
	cfg.ready_file = ready;
#define NUM(opt, name, lo, hi, field)                                                      \
	if (opt) {                                                                             \
		if (!parse_uint(opt, lo, hi, &v))                                                  \
			return cli_usage_error(cmd, "--" name " must be a whole number from %lu to %lu", \
			                       (unsigned long)(lo), (unsigned long)(hi));              \
		cfg.field = v;                                                                     \
	}
	NUM(port, "port", 0, 65535, port)
	NUM(threads, "threads", 1, 256, threads)
	cfg.queue = 64 * cfg.threads;
	NUM(queue, "queue", 1, 1000000, queue)
	NUM(maxconn, "max-connections", 16, 1000000, max_connections)
	NUM(timeout, "timeout", 1, 3600, timeout)
	NUM(maxbody, "max-body", 1024, 1UL << 30, max_body)
	NUM(keycap, "key-concurrency", 0, 100000, key_concurrency)
#undef NUM
	if (poll) {
		char *end = NULL;
		double p = strtod(poll, &end);

		if (*end || !(p >= 0.05 && p <= 3600))
			return cli_usage_error(cmd, "--poll must be a number of seconds from 0.05 to 3600");
		cfg.poll_interval = p;
	}
	if (!web)
		web = getenv("LOOKOUT_WEB");
	if (web && *web) {
		if (!is_dir(web))
			return cli_usage_error(cmd, "--web: '%s' is not a directory", web);
	} else if (is_dir(LK_WEB_SOURCE_DIR)) {
		web = LK_WEB_SOURCE_DIR;
	} else if (is_dir(LK_WEB_INSTALL_DIR)) {
		web = LK_WEB_INSTALL_DIR;
	} else {
		web = NULL;
	}
	cfg.web = web;
	return srv_run(&cfg);
}
