/*
 * crash_harness.h - kill -9 the `lookout` CLI at random points of a command, for the crash
 * tests of monitoring (and of list updates: reuse ch_kill_run/ch_run with other arguments).
 *
 *   ch_config_from_env()  the number of kill points (LOOKOUT_CRASH_POINTS, default given by
 *                         the test; `make soak` sets 200) and the seed (LOOKOUT_CRASH_SEED,
 *                         printed so that a failing sequence can be replayed)
 *   ch_run()              run the CLI to completion; its exit code
 *   ch_kill_run()         start the CLI and SIGKILL it after `delay` seconds unless it ended
 *                         first; true if it was killed
 *   ch_calibrate()        how long a command takes (to spread the kill delays over it)
 *
 * The CLI is $LOOKOUT_BIN, run with LOOKOUT_DB set to the test's store and its stdout and
 * stderr sent to a log file in the test's directory (shown on failure).
 */
#ifndef LK_TESTS_MONITOR_CRASH_HARNESS_H
#define LK_TESTS_MONITOR_CRASH_HARNESS_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lk_test.h"

typedef struct ch_config {
	int points;
	unsigned seed;
	char db[512];
	char log[512];
} ch_config;

static inline void ch_config_from_env(ch_config *c, int default_points, const char *dir)
{
	const char *p = getenv("LOOKOUT_CRASH_POINTS");
	if (!p || !*p)
		p = getenv("LOOKOUT_CRASH_ROUNDS"); /* what make soak sets */
	c->points = p && atoi(p) > 0 ? atoi(p) : default_points;
	const char *s = getenv("LOOKOUT_CRASH_SEED");
	c->seed = s && *s ? (unsigned)strtoul(s, NULL, 10) : (unsigned)time(NULL) ^ (unsigned)getpid();
	snprintf(c->db, sizeof c->db, "%s/crash.db", dir);
	snprintf(c->log, sizeof c->log, "%s/cli.log", dir);
	print_message("crash harness: %d kill points, seed %u (LOOKOUT_CRASH_POINTS, "
	              "LOOKOUT_CRASH_SEED)\n", c->points, c->seed);
}

static inline double ch_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline pid_t ch_spawn(const ch_config *c, char *const *args)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		setenv("LOOKOUT_DB", c->db, 1);
		int fd = open(c->log, O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		const char *bin = getenv("LOOKOUT_BIN");
		char *argv[32];
		int n = 0;
		argv[n++] = (char *)(bin ? bin : "lookout");
		for (int i = 0; args[i] && n < 31; i++)
			argv[n++] = args[i];
		argv[n] = NULL;
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

/* Run to completion; the exit code (or 128 + signal). */
static inline int ch_run(const ch_config *c, char *const *args)
{
	pid_t pid = ch_spawn(c, args);
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Start, SIGKILL after delay seconds unless it ended; true if killed. If it ended by itself,
 * *rc is its exit code and *took the seconds it ran. */
static inline bool ch_kill_run(const ch_config *c, char *const *args, double delay, int *rc,
                               double *took)
{
	double start = ch_now();
	pid_t pid = ch_spawn(c, args);
	double end = start + delay;
	int st = 0;
	for (;;) {
		pid_t w = waitpid(pid, &st, WNOHANG);
		if (w == pid) {
			*rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
			*took = ch_now() - start;
			return false;
		}
		if (ch_now() >= end)
			break;
		struct timespec ts = {0, 2 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	*rc = -1;
	*took = delay;
	return true;
}

/* Seconds a command takes to complete (it is run for real: mind its effects). */
static inline double ch_calibrate(const ch_config *c, char *const *args, int *rc)
{
	double t0 = ch_now();
	*rc = ch_run(c, args);
	return ch_now() - t0;
}

/* A pseudo-random delay in [0, max) from the harness's seed sequence. */
static inline double ch_delay(unsigned *state, double max)
{
	*state = *state * 1103515245u + 12345u;
	return max * (double)((*state >> 8) & 0xffff) / 65536.0;
}

/* Print the CLI's log (after a failure). */
static inline void ch_dump_log(const ch_config *c)
{
	FILE *f = fopen(c->log, "r");
	if (!f)
		return;
	char line[512];
	int n = 0;
	while (fgets(line, sizeof line, f) && n++ < 200)
		fputs(line, stderr);
	fclose(f);
}

#endif
