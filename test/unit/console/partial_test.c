// SPDX-License-Identifier: MIT
/* Partial lines: written after CONSOLE_PARTIAL_NS, and when their continuation may go untagged. */
#include <string.h>
#include "fixture.h"

#define WAIT (CONSOLE_PARTIAL_NS)

static void test_prompt_waits_then_shows(void **state)
{
	(void)state;
	fixture_add(3, "sh", 0);
	assert_int_equal(console_service_deadline(&svc), UINT64_MAX);
	guest_puts(0, "login: ");
	console_service_poll(&svc, 100);
	assert_string_equal(serial_text(), "");
	assert_int_equal(console_service_deadline(&svc), 100 + WAIT);
	console_service_poll(&svc, 100 + WAIT - 1);
	assert_string_equal(serial_text(), "");
	console_service_poll(&svc, 100 + WAIT);
	assert_string_equal(serial_text(), "(d3) login: ");
	assert_int_equal(console_service_deadline(&svc), UINT64_MAX);
}

static void test_own_continuation_is_untagged(void **state)
{
	(void)state;
	fixture_add(3, "sh", 0);
	guest_puts(0, "$ ");
	console_service_poll(&svc, 0);
	console_service_poll(&svc, WAIT);
	guest_puts(0, "l");
	console_service_poll(&svc, 2 * WAIT);
	console_service_poll(&svc, 3 * WAIT);
	guest_puts(0, "s\n");
	console_service_poll(&svc, 4 * WAIT);
	assert_string_equal(serial_text(), "(d3) $ ls\n");
}

static void test_other_output_forces_new_tag(void **state)
{
	(void)state;
	fixture_add(3, "sh", 0);
	fixture_add(4, "log", 1);
	guest_puts(0, "$ ");
	console_service_poll(&svc, 0);
	console_service_poll(&svc, WAIT);
	guest_puts(1, "disk ok\n");
	console_service_poll(&svc, WAIT + 1);
	guest_puts(0, "ls\n");
	console_service_poll(&svc, WAIT + 2);
	assert_string_equal(serial_text(), "(d3) $ \n(d4) disk ok\n(d3) ls\n");
}

static void test_other_partial_forces_new_tag(void **state)
{
	(void)state;
	fixture_add(3, "sh", 0);
	fixture_add(4, "sh2", 1);
	guest_puts(0, "a> ");
	guest_puts(1, "b> ");
	console_service_poll(&svc, 0);
	console_service_poll(&svc, WAIT);
	guest_puts(0, "x\n");
	console_service_poll(&svc, WAIT + 1);
	guest_puts(1, "y\n");
	console_service_poll(&svc, WAIT + 2);
	assert_int_equal(serial_count("(d3) a> \n"), 1);
	assert_int_equal(serial_count("(d4) b> \n"), 1);
	assert_int_equal(serial_count("(d3) x\n"), 1);
	assert_int_equal(serial_count("(d4) y\n"), 1);
}

static void test_notice_forces_new_tag(void **state)
{
	(void)state;
	fixture_add(3, "sh", 0);
	fixture_add(2, "other", 1);
	guest_puts(0, "$ ");
	console_service_poll(&svc, 0);
	console_service_poll(&svc, WAIT);
	console_input(&svc, "\001\001\001", 3, WAIT);
	guest_puts(0, "ls\n");
	console_service_poll(&svc, WAIT + 1);
	assert_string_equal(serial_text(), "(d3) $ \n[console: input to d2 (other)]\n(d3) ls\n");
}

static void test_continuation_counts_towards_line_limit(void **state)
{
	char text[CONSOLE_LINE_MAX];
	char want[CONSOLE_LINE_MAX + 16];

	(void)state;
	fixture_add(3, "sh", 0);
	memset(text, 'p', 100);
	text[100] = '\0';
	guest_puts(0, text);
	console_service_poll(&svc, 0);
	console_service_poll(&svc, WAIT);
	memset(text, 'q', 200);
	text[200] = '\0';
	guest_puts(0, text);
	console_service_poll(&svc, WAIT + 1);
	/* 100 shown + 156 more fill the serial line; the other 44 begin a new tagged one. */
	strcpy(want, "(d3) ");
	memset(want + 5, 'p', 100);
	memset(want + 105, 'q', CONSOLE_LINE_MAX - 100);
	strcpy(want + 5 + CONSOLE_LINE_MAX, "\n");
	assert_int_equal(serial_count(want), 1);
	assert_int_equal(strlen(serial_text()), strlen(want));
	console_service_poll(&svc, 2 * WAIT + 1);
	assert_int_equal(strlen(serial_text()), strlen(want) + 5 + 44);
}

static void test_removal_ends_shown_partial(void **state)
{
	(void)state;
	fixture_add(3, "sh", 0);
	fixture_add(4, "other", 1);
	guest_puts(0, "$ ");
	console_service_poll(&svc, 0);
	console_service_poll(&svc, WAIT);
	assert_int_equal(console_service_remove(&svc, 3), 0);
	guest_puts(1, "next\n");
	console_service_poll(&svc, WAIT + 1);
	assert_string_equal(serial_text(), "(d3) $ \n(d4) next\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_prompt_waits_then_shows, fixture_setup_held),
		cmocka_unit_test_setup(test_own_continuation_is_untagged, fixture_setup_held),
		cmocka_unit_test_setup(test_other_output_forces_new_tag, fixture_setup_held),
		cmocka_unit_test_setup(test_other_partial_forces_new_tag, fixture_setup_held),
		cmocka_unit_test_setup(test_notice_forces_new_tag, fixture_setup_held),
		cmocka_unit_test_setup(test_continuation_counts_towards_line_limit,
				       fixture_setup_held),
		cmocka_unit_test_setup(test_removal_ends_shown_partial, fixture_setup_held),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
