/*
 * cli_ais.h - the `lookout ais` commands (declared here rather than in cli.h, which other
 * commands own).
 */
#ifndef LOOKOUT_CLI_AIS_H
#define LOOKOUT_CLI_AIS_H

#include "cli.h"

extern const cli_command cli_ais_commands[];
extern const char cli_help_ais[];
extern const char cli_help_ais_decode[];
extern const char cli_help_ais_analyze[];
extern const char cli_help_ais_simulate[];

int cmd_ais_decode(cli_ctx *ctx, int argc, char **argv);
int cmd_ais_analyze(cli_ctx *ctx, int argc, char **argv);
int cmd_ais_simulate(cli_ctx *ctx, int argc, char **argv);

#endif
