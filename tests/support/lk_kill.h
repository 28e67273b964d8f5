/*
 * lk_kill.h - the kill -9 harness shared by the crash-safety tests of the CLI (list update,
 * and any other command that must survive SIGKILL at any point: import, monitor).
 *
 * A test runs a command in a child process, SIGKILLs it after a random delay, then checks the
 * store and reruns the command. lk_kill_seed() prints the seed (LOOKOUT_CRASH_SEED replays a
 * failure); lk_kill_rounds() lets a soak run (`make soak`, LOOKOUT_CRASH_ROUNDS=200) raise the
 * number of kills.
 */
#ifndef LK_KILL_H
#define LK_KILL_H

#include <stdbool.h>

/* Seed rand() from $LOOKOUT_CRASH_SEED, else from the time and pid; prints and returns it. */
unsigned lk_kill_seed(void);

/* $LOOKOUT_CRASH_ROUNDS if set, else dflt. */
unsigned lk_kill_rounds(unsigned dflt);

/* A uniformly random delay in [0, max_ms] milliseconds (from rand()). */
unsigned lk_kill_pick_ms(unsigned max_ms);

/*
 * Run `$LOOKOUT_BIN ARGS` (ARGS shell-quoted; env is a list of NAME=VALUE words, may be NULL)
 * with stdout and stderr discarded, and SIGKILL it (its whole process group) after delay_ms
 * milliseconds unless it has ended by then. Returns true if it was killed; *exit_code (may be
 * NULL) receives the exit code when it ended by itself, or -SIGNAL.
 */
bool lk_kill_cli_after(unsigned delay_ms, int *exit_code, const char *env, const char *args_fmt,
                       ...) __attribute__((format(printf, 4, 5)));

/* Run the command to its end the same way; returns its wall time in milliseconds and its exit
 * code in *exit_code (may be NULL). For choosing the range of kill points. */
unsigned lk_kill_time_cli(int *exit_code, const char *env, const char *args_fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
