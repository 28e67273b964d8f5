/*
 * cli_monitor.h - the monitoring commands: `lookout customers`, `monitor`, `alerts` and
 * `audit` (declared here rather than in cli.h, which other commands own).
 */
#ifndef LOOKOUT_CLI_MONITOR_H
#define LOOKOUT_CLI_MONITOR_H

#include "cli.h"
#include "lookout/monitor.h"

extern const cli_command cli_customers_commands[];
extern const cli_command cli_monitor_commands[];
extern const cli_command cli_alerts_commands[];
extern const cli_command cli_audit_commands[];
extern const char cli_help_customers[];
extern const char cli_help_monitor[];
extern const char cli_help_alerts[];
extern const char cli_help_audit[];

#endif
