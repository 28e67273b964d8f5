/*
 * cmd_ais.c - the `lookout ais` group: its dispatch table and its help. Each subcommand
 * lives in cmd_ais_<name>.c with a page docs/cli/ais-<name>.md.
 */
#include "cli_ais.h"

const char cli_help_ais[] =
	"usage: lookout ais <command> [<args>]\n"
	"\n"
	"Decode AIS (ship position and identity) messages from NMEA 0183 logs, detect\n"
	"sanctions-evasion indicators in them, and simulate AIS traffic for tests and\n"
	"demonstrations.\n";

const cli_command cli_ais_commands[] = {
	{"decode", "Decode AIS NMEA sentences to gpsd-compatible JSON", cmd_ais_decode, NULL,
	 cli_help_ais_decode},
	{"analyze", "Detect encounters, dark periods, identity changes, designated vessels",
	 cmd_ais_analyze, NULL, cli_help_ais_analyze},
	{"simulate", "Simulate AIS traffic from a scenario, with its ground truth", cmd_ais_simulate,
	 NULL, cli_help_ais_simulate},
	{NULL, NULL, NULL, NULL, NULL},
};
