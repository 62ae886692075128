/*
 * A log mapped and read in place, and cut while it is (logrotate's
 * copytruncate): the bytes before the cut are read, what is gone ends the
 * file or reads as zeros, the reader is told, and nothing crashes.
 */
#include "input/filemap.h"
#include "log/readahead.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#define MIB (1u << 20)
#define FILE_SIZE (3 * MIB + 123)
#define CUT (MIB + MIB / 2)

struct fixture {
	char path[64];
	int fd;
	char *want;                  /* what the file holds */
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	const char *tmp = getenv("TMPDIR");

	snprintf(fx->path, sizeof(fx->path), "%s/filemap-XXXXXX", tmp && strlen(tmp) < 40 ? tmp : "/tmp");
	fx->fd = mkstemp(fx->path);
	assert_true(fx->fd >= 0);
	fx->want = malloc(FILE_SIZE);
	for (size_t i = 0; i < FILE_SIZE; i++)
		fx->want[i] = i % 61 == 60 ? '\n' : (char)('a' + i % 26);
	assert_int_equal(write(fx->fd, fx->want, FILE_SIZE), FILE_SIZE);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	close(fx->fd);
	unlink(fx->path);
	free(fx->want);
	free(fx);
	return 0;
}

/* Every byte made ready, block by block, as the reader goes (past @cut: zeros); the count. */
static uint64_t read_all(struct file_map *fm, const char *want, uint64_t from, uint64_t cut)
{
	uint64_t off = from;
	size_t n;

	while ((n = file_map_avail(fm, off, MIB)) > 0) {
		for (size_t i = 0; i < n; i++, off++) {
			if (fm->base[off] != (off < cut ? want[off] : '\0'))
				fail_msg("byte %llu: %d", (unsigned long long)off, fm->base[off]);
		}
	}
	return off;
}

static void test_whole(void **state)
{
	struct fixture *fx = *state;
	struct file_map fm;

	assert_true(file_map_open(&fm, fx->fd, FILE_SIZE));
	assert_int_equal(read_all(&fm, fx->want, 0, FILE_SIZE), FILE_SIZE);
	assert_memory_equal(fm.base, fx->want, FILE_SIZE);
	assert_int_equal(file_map_avail(&fm, FILE_SIZE, MIB), 0);
	file_map_drop_before(&fm, FILE_SIZE);
	assert_memory_equal(fm.base + FILE_SIZE - 100, fx->want + FILE_SIZE - 100, 100);
	assert_null(file_map_trouble(&fm));
	file_map_close(&fm);
	assert_false(file_map_open(&fm, fx->fd, 0));
}

/* Cut past the bytes made ready: the next ones end at the cut (or read as zeros). */
static void test_cut_ahead(void **state)
{
	struct fixture *fx = *state;
	struct file_map fm;
	uint64_t got;

	assert_true(file_map_open(&fm, fx->fd, FILE_SIZE));
	assert_int_equal(file_map_avail(&fm, 0, MIB), MIB);
	assert_int_equal(ftruncate(fx->fd, CUT), 0);
	got = read_all(&fm, fx->want, MIB, CUT);
	assert_true(got >= CUT);
	assert_non_null(file_map_trouble(&fm));
	file_map_close(&fm);
}

/* Cut after the bytes were made ready: the pages gone read as zeros, through the handler. */
static void test_cut_under_foot(void **state)
{
	struct fixture *fx = *state;
	struct file_map fm;
	volatile char *p;

	assert_true(file_map_open(&fm, fx->fd, FILE_SIZE));
	assert_int_equal(file_map_avail(&fm, 0, FILE_SIZE), FILE_SIZE);
	assert_int_equal(ftruncate(fx->fd, CUT + 100), 0);
	p = fm.base;
	assert_int_equal(p[CUT + 50], fx->want[CUT + 50]);
	assert_int_equal(p[CUT + 200], 0); /* the rest of the last page: zeros, no fault */
	assert_null(file_map_trouble(&fm));
	assert_int_equal(p[2 * MIB], 0); /* a page past the end: the handler's zeros */
	assert_int_equal(p[2 * MIB + 1], 0);
	assert_non_null(strstr(file_map_trouble(&fm), "read as zeros"));
	file_map_close(&fm);
}

/* The reading ahead ends a mapped stream at a cut, with the error the reader reports. */
static void test_readahead_cut(void **state)
{
	struct fixture *fx = *state;
	struct file_map fm;
	struct byte_reader src = { .map = &fm };
	struct readahead ra;
	const char *err = NULL;
	char *p;

	assert_true(file_map_open(&fm, fx->fd, FILE_SIZE));
	readahead_init(&ra);
	readahead_start(&ra, &src, 0, MIB, UINT64_MAX, NULL, NULL);
	assert_int_equal(ra.rd.next_block(ra.rd.handle, &p, &err), MIB);
	assert_ptr_equal(p, fm.base);
	assert_int_equal(ftruncate(fx->fd, CUT), 0);
	assert_int_equal(ra.rd.next_block(ra.rd.handle, &p, &err), CUT - MIB);
	assert_ptr_equal(p, fm.base + MIB);
	assert_int_equal(ra.rd.next_block(ra.rd.handle, &p, &err), -1);
	assert_non_null(strstr(err, "shrank"));
	readahead_release(&ra);
	file_map_close(&fm);
}

/* A SIGBUS that is not a mapped file's still kills the process. */
static void test_other_sigbus(void **state)
{
	struct fixture *fx = *state;
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (!pid) {
		struct file_map fm;

		signal(SIGBUS, SIG_DFL); /* not the test harness's */
		if (file_map_open(&fm, fx->fd, FILE_SIZE))
			raise(SIGBUS);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	/* killed by it, or stopped by the sanitizer's handler that was there first */
	assert_true((WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS) ||
		    (WIFEXITED(status) && WEXITSTATUS(status) != 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cut_ahead, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cut_under_foot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readahead_cut, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_sigbus, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
