/*
 * cli_scan.h - what `lookout scan-text` and `lookout scan-payment` share: reading a whole
 * input file (or standard input) with a size limit.
 */
#ifndef LOOKOUT_CLI_SCAN_H
#define LOOKOUT_CLI_SCAN_H

#include "cli_match.h"

/*
 * Read the file at path ('-': standard input) into a malloc'd buffer (NUL-terminated; free
 * it). More than max bytes is LK_ETOOBIG; a file that cannot be read is LK_EIO. The message
 * names the file.
 */
int cli_read_all(const char *path, size_t max, char **out, size_t *len);

extern const char cli_help_scan_text[];
extern const char cli_help_scan_payment[];

int cmd_scan_text(cli_ctx *ctx, int argc, char **argv);
int cmd_scan_payment(cli_ctx *ctx, int argc, char **argv);

#endif
