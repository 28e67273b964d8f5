/*
 * lk_kill.c - the kill -9 harness (see lk_kill.h).
 *
 * The child is `sh -c "exec env NAME=VALUE... $LOOKOUT_BIN ARGS"`: exec makes the lookout
 * process the child itself, and the child leads its own process group, so the SIGKILL lands
 * on the process doing the work and on anything it might have started.
 */
#include "lk_kill.h"

#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

unsigned lk_kill_seed(void)
{
	const char *se = getenv("LOOKOUT_CRASH_SEED");
	unsigned seed = se && *se ? (unsigned)strtoul(se, NULL, 10)
	                          : (unsigned)time(NULL) ^ ((unsigned)getpid() << 8);

	print_message("crash test seed %u (replay with LOOKOUT_CRASH_SEED=%u)\n", seed, seed);
	srand(seed);
	return seed;
}

unsigned lk_kill_rounds(unsigned dflt)
{
	const char *r = getenv("LOOKOUT_CRASH_ROUNDS");

	return r && *r ? (unsigned)strtoul(r, NULL, 10) : dflt;
}

unsigned lk_kill_pick_ms(unsigned max_ms)
{
	return (unsigned)((double)rand() / ((double)RAND_MAX + 1.0) * (double)(max_ms + 1));
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static pid_t spawn(const char *env, const char *args)
{
	const char *bin = getenv("LOOKOUT_BIN");
	char cmd[9000];
	pid_t pid;

	snprintf(cmd, sizeof cmd, "exec env %s %s %s", env ? env : "",
	         bin && *bin ? bin : "build/lookout", args);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);

		setpgid(0, 0);
		if (devnull >= 0) {
			dup2(devnull, 1);
			dup2(devnull, 2);
		}
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	setpgid(pid, pid); /* also here: no race with the kill below */
	return pid;
}

static int code_of(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return WIFSIGNALED(status) ? -WTERMSIG(status) : -1;
}

bool lk_kill_cli_after(unsigned delay_ms, int *exit_code, const char *env, const char *args_fmt,
                       ...)
{
	char args[8192];
	va_list ap;
	double deadline;
	int status = 0;
	pid_t pid;

	va_start(ap, args_fmt);
	vsnprintf(args, sizeof args, args_fmt, ap);
	va_end(ap);
	pid = spawn(env, args);
	deadline = now_ms() + delay_ms;
	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);

		if (w == pid) {
			if (exit_code)
				*exit_code = code_of(status);
			return false;
		}
		if (now_ms() >= deadline)
			break;
		{
			struct timespec ts = {0, 1000 * 1000};

			nanosleep(&ts, NULL);
		}
	}
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (exit_code)
		*exit_code = code_of(status);
	/* it may have finished in the last instant: then it was not killed */
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

unsigned lk_kill_time_cli(int *exit_code, const char *env, const char *args_fmt, ...)
{
	char args[8192];
	va_list ap;
	double t0 = now_ms();
	int status = 0;
	pid_t pid;

	va_start(ap, args_fmt);
	vsnprintf(args, sizeof args, args_fmt, ap);
	va_end(ap);
	pid = spawn(env, args);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (exit_code)
		*exit_code = code_of(status);
	return (unsigned)(now_ms() - t0);
}
