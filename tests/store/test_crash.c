/*
 * test_crash.c - the store survives kill -9 in the middle of imports.
 *
 * A child process imports new versions in a loop and reports each committed version id
 * through a pipe; the parent SIGKILLs it at a random moment (mid-transaction most of the
 * time, since that is where the child spends it), then opens the store and checks that the
 * file is intact (integrity_check, foreign_key_check), that every version the child saw
 * committed is there, and that the active version and every other version is complete:
 * its version_entities rows match its recorded count and each entity's blob is present and
 * parses. The seed is printed so that a failure can be replayed (LOOKOUT_CRASH_SEED);
 * LOOKOUT_CRASH_ROUNDS raises the number of rounds for a soak run.
 */
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "store_fixture.h"

#define ENTITIES 3000

/* The list of iteration `it` of the child: mostly the same entities, some changed. */
static lk_list *make_list(unsigned it, unsigned salt)
{
	char seed[64], native[16], name[64], note[64];
	snprintf(seed, sizeof seed, "crash %u %u", salt, it);
	lk_list *l = tl_new("crash", seed);
	for (unsigned i = 0; i < ENTITIES; i++) {
		snprintf(native, sizeof native, "%u", i);
		snprintf(name, sizeof name, "Entity Name %u", i);
		/* every 7th entity changes each time, so each version adds new blobs */
		snprintf(note, sizeof note, "revision %u", i % 7 == 0 ? it : 0);
		tl_add(l, LK_SCHEMA_ORGANIZATION, native, LK_PROP_NAME, name, LK_PROP_NOTES, note,
		       -1);
	}
	return l;
}

/* The child: import forever, writing each committed version id to fd. Never returns. */
static void child_loop(const char *path, int fd, unsigned salt)
{
	lk_store *s = NULL;
	if (lk_store_open(&s, path) != 0)
		_exit(3);
	for (unsigned it = 1;; it++) {
		lk_list *l = make_list(it, salt);
		lk_import_result r;
		if (lk_store_import(s, l, &r) != 0) {
			fprintf(stderr, "child: %s\n", lk_error_last()->message);
			_exit(4);
		}
		tl_free(l);
		int64_t id = r.version_id;
		if (write(fd, &id, sizeof id) != (ssize_t)sizeof id)
			_exit(5);
	}
}

typedef struct check_ctx {
	size_t n;
	bool ok;
} check_ctx;

static int check_entity(void *ctx, const char *id, const char *json, size_t len)
{
	check_ctx *c = ctx;
	json_t *doc = json_loadb(json, len, 0, NULL);
	const char *jid = json_string_value(json_object_get(doc, "id"));
	if (!jid || strcmp(jid, id) != 0)
		c->ok = false;
	json_decref(doc);
	c->n++;
	return 0;
}

static void check_store(const char *path, const int64_t *committed, size_t ncommitted)
{
	lk_store *s = NULL;
	if (lk_store_open(&s, path) != 0)
		fail_msg("reopen after kill: %s", lk_error_last()->message);
	char *ic = ts_sql_text(s, "PRAGMA integrity_check");
	assert_string_equal(ic, "ok");
	free(ic);
	assert_int_equal(ts_sql_int(s, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	/* versions whose entity rows do not add up to their count */
	assert_int_equal(ts_sql_int(s, "SELECT count(*) FROM versions v WHERE v.entities <> "
	                               "(SELECT count(*) FROM version_entities ve"
	                               " WHERE ve.version_id = v.id)"),
	                 0);
	for (size_t i = 0; i < ncommitted; i++) {
		lk_version_info v;
		if (lk_store_version(s, committed[i], &v) != 0)
			fail_msg("committed version %lld lost", (long long)committed[i]);
	}
	lk_version_info *act = NULL;
	size_t n = 0;
	assert_int_equal(lk_store_active_versions(s, &act, &n), 0);
	if (ncommitted > 0) {
		assert_int_equal(n, 1);
		/* the last reported one, or one committed after it before the kill */
		assert_true(act[0].id >= committed[ncommitted - 1]);
		assert_int_equal(act[0].entities, ENTITIES);
		check_ctx c = {0, true};
		assert_int_equal(lk_store_foreach_entity(s, act[0].id, check_entity, &c), 0);
		assert_int_equal(c.n, ENTITIES);
		assert_true(c.ok);
	}
	free(act);
	lk_store_close(s);
}

static unsigned rounds(void)
{
	const char *r = getenv("LOOKOUT_CRASH_ROUNDS");
	return r && *r ? (unsigned)strtoul(r, NULL, 10) : 4;
}

static void test_store_crash__kill_9_during_imports_loses_nothing_committed(void **state)
{
	const char *se = getenv("LOOKOUT_CRASH_SEED");
	unsigned seed = se && *se ? (unsigned)strtoul(se, NULL, 10)
	                          : (unsigned)time(NULL) ^ (unsigned)getpid();
	print_message("crash test seed %u (LOOKOUT_CRASH_SEED)\n", seed);
	srand(seed);
	char *dir = lk_test_tmpdir();
	char path[4200];
	snprintf(path, sizeof path, "%s/crash.db", dir);
	int64_t *committed = NULL;
	size_t ncommitted = 0, cap = 0;
	unsigned n = rounds();
	for (unsigned round = 0; round < n; round++) {
		int fds[2];
		assert_int_equal(pipe(fds), 0);
		fflush(NULL);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			close(fds[0]);
			child_loop(path, fds[1], seed + round);
		}
		close(fds[1]);
		/* Later rounds start on a bigger store; the first kill may come before the first
		 * commit, or even before the schema exists. */
		long ms = 20 + rand() % 900;
		struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
		nanosleep(&ts, NULL);
		assert_int_equal(kill(pid, SIGKILL), 0);
		int status = 0;
		assert_int_equal(waitpid(pid, &status, 0), pid);
		if (!WIFSIGNALED(status))
			fail_msg("child exited by itself with status %d", WEXITSTATUS(status));
		int64_t id;
		size_t before = ncommitted;
		while (read(fds[0], &id, sizeof id) == (ssize_t)sizeof id) {
			if (ncommitted == cap) {
				cap = cap ? cap * 2 : 64;
				committed = realloc(committed, cap * sizeof *committed);
				assert_non_null(committed);
			}
			committed[ncommitted++] = id;
		}
		close(fds[0]);
		print_message("round %u: killed after %ld ms, %zu imports committed\n", round, ms,
		              ncommitted - before);
		check_store(path, committed, ncommitted);
	}
	free(committed);
	lk_test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store_crash__kill_9_during_imports_loses_nothing_committed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
