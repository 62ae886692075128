/* The task table's packed rows (oom/oom_event.c): what is put in is what is read back. */
#include "oom/oom_event.h"
#include "util/strbuf.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#define NCOLS 8

/*
 * Numbers of every width a column can take, small ones first so that each
 * column widens while rows are in the table: pgtables_bytes past 2 GiB, a
 * uid past INT32_MAX, negative oom_score_adj, the ends of int64.
 */
static const int64_t edge[] = {
	0, 1, -1, 127, -128, 128, -129, 32767, -32768, 32768, -32769, 2147483647,
	-2147483647 - 1, 2147483648, 4294967295, -2147483649, INT64_MAX, INT64_MIN + 1,
};

/* Row @i's value in column @c: every edge value in every column, in a different order. */
static int64_t value_of(size_t i, size_t c)
{
	if (c == 0)
		return (int64_t)i + 100; /* the pid: distinct */
	return edge[(i * (c + 3) / 2 + c) % ARRAY_SIZE(edge)];
}

static void check_rows(const struct oom_task_table *t, size_t nr, const char *const *names)
{
	for (size_t i = 0; i < nr; i++) {
		for (size_t c = 0; c < NCOLS; c++) {
			if (oom_task_val(t, i, c) != value_of(i, c))
				print_message("row %zu column %zu\n", i, c);
			assert_int_equal(oom_task_val(t, i, c), value_of(i, c));
		}
		assert_string_equal(oom_task_name(t, i), names[i % 5]);
	}
}

static void test_widths(void **state)
{
	static const char *const names[] = { "httpd", "http", "httpd-worker", "", "tmux: client" };
	struct oom_task_table t = { 0 };
	int64_t vals[NCOLS];
	size_t nr = 0, names_len;

	(void)state;
	for (size_t i = 0; i < 3 * ARRAY_SIZE(edge); i++) {
		for (size_t c = 0; c < NCOLS; c++)
			vals[c] = value_of(i, c);
		oom_task_add(&t, &nr, vals, NCOLS, names[i % 5], strlen(names[i % 5]));
		check_rows(&t, nr, names); /* each widening keeps the rows before */
	}
	/* each name once: "http" is not found inside "httpd", nor "httpd" inside "httpd-worker" */
	names_len = 0;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		names_len += strlen(names[i]) + 1;
	assert_int_equal(t.len_names, names_len);
	oom_task_table_fit(&t, nr);
	assert_null(t.index);
	check_rows(&t, nr, names);
	oom_task_table_release(&t);
}

static void test_pids(void **state)
{
	struct oom_task_table t = { 0 };
	int64_t vals[3] = { 0, 0, 0 };
	size_t nr = 0;

	(void)state;
	assert_false(oom_task_has_pid(&t, nr, 1));
	/* more rows than the first index holds, so that it is built again while rows come */
	for (int64_t pid = 1; pid <= 3000; pid += 3) {
		vals[0] = pid;
		assert_false(oom_task_has_pid(&t, nr, pid));
		oom_task_add(&t, &nr, vals, 3, "a", 1);
		assert_true(oom_task_has_pid(&t, nr, pid));
	}
	assert_int_equal(nr, 1000);
	for (int64_t pid = 0; pid <= 3002; pid++)
		assert_int_equal(oom_task_has_pid(&t, nr, pid), pid % 3 == 1 && pid < 3000);
	/* read, then grown again: the index is built again from the rows */
	oom_task_table_fit(&t, nr);
	assert_true(oom_task_has_pid(&t, nr, 2998));
	assert_false(oom_task_has_pid(&t, nr, 2999));
	vals[0] = 2999;
	oom_task_add(&t, &nr, vals, 3, "b", 1);
	assert_true(oom_task_has_pid(&t, nr, 2999));
	assert_string_equal(oom_task_name(&t, 0), "a");
	assert_string_equal(oom_task_name(&t, 1000), "b");
	assert_int_equal(t.len_names, 4);
	oom_task_table_release(&t);
}

/* A name is what a C string of it shows: up to a NUL in the line. */
static void test_name_with_nul(void **state)
{
	struct oom_task_table t = { 0 };
	int64_t vals[1] = { 7 };
	size_t nr = 0;

	(void)state;
	oom_task_add(&t, &nr, vals, 1, "ab\0cd", 5);
	vals[0] = 8;
	oom_task_add(&t, &nr, vals, 1, "ab", 2);
	assert_string_equal(oom_task_name(&t, 0), "ab");
	assert_string_equal(oom_task_name(&t, 1), "ab");
	assert_int_equal(t.len_names, 3);
	oom_task_table_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_widths),
		cmocka_unit_test(test_pids),
		cmocka_unit_test(test_name_with_nul),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
