// SPDX-License-Identifier: MIT
/* Guest output to serial lines: tags, whole lines, long lines, unsafe bytes, removal. */
#include <errno.h>
#include <string.h>
#include "fixture.h"

static void test_line_is_tagged(void **state)
{
	struct console_stats st;

	(void)state;
	fixture_add(3, "web", 0);
	guest_puts(0, "hello\n\nworld\n");
	assert_false(console_service_poll(&svc, 0));
	assert_string_equal(serial_text(), "(d3) hello\n(d3) \n(d3) world\n");
	assert_int_equal(rings[0].out_cons, rings[0].out_prod);
	assert_int_equal(console_service_stats(&svc, 3, &st), 0);
	assert_int_equal(st.bytes_out, 13);
	assert_int_equal(st.lines, 3);
	assert_false(st.broken);
}

static void test_notify_only_after_consuming(void **state)
{
	(void)state;
	fixture_add(3, "web", 0);
	fixture_add(4, "db", 1);
	assert_false(console_service_poll(&svc, 0));
	assert_int_equal(fixture_notified(3), 0);
	assert_int_equal(fixture_notified(4), 0);
	guest_puts(1, "x\n");
	console_service_poll(&svc, 0);
	assert_int_equal(fixture_notified(3), 0);
	assert_int_equal(fixture_notified(4), 1);
}

static void test_three_domains_interleave_by_line(void **state)
{
	(void)state;
	fixture_add(1, "a", 0);
	fixture_add(2, "b", 1);
	fixture_add(3, "c", 2);
	guest_puts(0, "one-a\ntwo-");
	guest_puts(1, "one-b\ntwo-");
	guest_puts(2, "one-c\ntwo-");
	console_service_poll(&svc, 0);
	guest_puts(0, "a\n");
	guest_puts(2, "c\n");
	guest_puts(1, "b\n");
	console_service_poll(&svc, FIXTURE_MS);
	assert_int_equal(serial_count("(d1) one-a\n"), 1);
	assert_int_equal(serial_count("(d2) one-b\n"), 1);
	assert_int_equal(serial_count("(d3) one-c\n"), 1);
	assert_int_equal(serial_count("(d1) two-a\n"), 1);
	assert_int_equal(serial_count("(d2) two-b\n"), 1);
	assert_int_equal(serial_count("(d3) two-c\n"), 1);
	assert_int_equal(strlen(serial_text()), 6 * strlen("(d1) one-a\n"));
}

static void test_overlong_line_is_cut(void **state)
{
	char line[CONSOLE_LINE_MAX * 2 + 10 + 1];
	char want[CONSOLE_LINE_MAX + 8];

	(void)state;
	fixture_add(7, "long", 0);
	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 2] = '\n';
	line[sizeof(line) - 1] = '\0';
	guest_puts(0, line);
	console_service_poll(&svc, 0);
	console_service_poll(&svc, 0);
	console_service_poll(&svc, 0);
	strcpy(want, "(d7) ");
	memset(want + 5, 'x', CONSOLE_LINE_MAX);
	strcpy(want + 5 + CONSOLE_LINE_MAX, "\n");
	assert_int_equal(serial_count(want), 2);
	assert_int_equal(serial_count("(d7) xxxxxxxxx\n"), 1);
	assert_int_equal(serial_count("\n"), 3);
}

static void test_unsafe_bytes_are_replaced(void **state)
{
	static const char raw[] = "a\033[2Jb\bc\td\r\ne\x80\xff\x7f\rf\n";

	(void)state;
	fixture_add(2, "esc", 0);
	guest_write(0, raw, sizeof(raw) - 1);
	console_service_poll(&svc, 0);
	assert_string_equal(serial_text(), "(d2) a?[2Jb?c\td\n(d2) e???f\n");
}

static void test_remove_ends_partial_line(void **state)
{
	(void)state;
	fixture_add(5, "gone", 0);
	guest_puts(0, "half a line");
	console_service_poll(&svc, 0);
	assert_string_equal(serial_text(), "");
	assert_int_equal(console_service_remove(&svc, 5), 0);
	assert_int_equal(serial_count("(d5) half a line\n"), 1);
	assert_int_equal(console_service_remove(&svc, 5), -ENOENT);
	/* Nothing more is read from the page of a removed console. */
	guest_puts(0, "after\n");
	serial_clear();
	console_service_poll(&svc, FIXTURE_MS);
	assert_string_equal(serial_text(), "");
}

static void test_add_checks(void **state)
{
	static struct console_ring extra[FIXTURE_DOMAINS];
	struct console_stats st;

	(void)state;
	assert_int_equal(console_service_add(&svc, 1, "a", 0, NULL), -EINVAL);
	assert_int_equal(console_service_add(&svc, 1, NULL, 0, &rings[0]), -EINVAL);
	assert_int_equal(console_service_add(&svc, 1, "a", 0, &rings[0]), 0);
	assert_int_equal(console_service_add(&svc, 1, "a", 0, &rings[1]), -EEXIST);
	for (uint16_t i = 2; i <= FIXTURE_DOMAINS; i++) {
		assert_int_equal(console_service_add(&svc, i, "n", 0, &extra[i - 1]), 0);
	}
	assert_int_equal(console_service_add(&svc, 1000, "n", 0, &rings[1]), -ENOSPC);
	assert_int_equal(console_service_stats(&svc, 1000, &st), -ENOENT);
	assert_int_equal(console_service_remove(&svc, 9), 0);
	assert_int_equal(console_service_add(&svc, 1000, "n", 0, &rings[1]), 0);
}

static void test_name_is_made_safe(void **state)
{
	(void)state;
	assert_int_equal(console_service_add(&svc, 9, "a\033b-very-long-name-indeed", 0, &rings[0]),
			 0);
	assert_string_equal(serial_text(), "[console: input to d9 (a?b-very-long-n)]\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_line_is_tagged, fixture_setup_held),
		cmocka_unit_test_setup(test_notify_only_after_consuming, fixture_setup_held),
		cmocka_unit_test_setup(test_three_domains_interleave_by_line, fixture_setup_held),
		cmocka_unit_test_setup(test_overlong_line_is_cut, fixture_setup_held),
		cmocka_unit_test_setup(test_unsafe_bytes_are_replaced, fixture_setup_held),
		cmocka_unit_test_setup(test_remove_ends_partial_line, fixture_setup_held),
		cmocka_unit_test_setup(test_add_checks, fixture_setup),
		cmocka_unit_test_setup(test_name_is_made_safe, fixture_setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
