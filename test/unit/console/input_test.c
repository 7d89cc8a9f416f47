// SPDX-License-Identifier: MIT
/* Serial input: routing to the focus, the Ctrl-a x3 switch, passthrough, removal, full rings. */
#include <string.h>
#include "fixture.h"

#define SEC 1000000000ull

static void expect_read(unsigned int ring, const char *want, size_t len)
{
	char got[CONSOLE_RING_IN_SIZE];

	assert_int_equal(guest_read(ring, got, sizeof(got)), len);
	assert_memory_equal(got, want, len);
}

static void test_no_domain_no_focus(void **state)
{
	(void)state;
	assert_int_equal(console_input_focus(&svc), CONSOLE_NO_DOMAIN);
	console_input(&svc, "abc", 3, 0);
	console_input(&svc, "\001\001\001", 3, 0);
	assert_string_equal(serial_text(), "[console: input to nobody]\n");
}

static void test_first_added_gets_focus(void **state)
{
	(void)state;
	assert_int_equal(console_service_add(&svc, 4, "shell", 0, &rings[0]), 0);
	assert_string_equal(serial_text(), "[console: input to d4 (shell)]\n");
	assert_int_equal(console_service_add(&svc, 2, "other", 0, &rings[1]), 0);
	assert_int_equal(console_input_focus(&svc), 4);
	console_input(&svc, "ls\r", 3, 0);
	expect_read(0, "ls\r", 3);
	expect_read(1, "", 0);
	assert_int_equal(fixture_notified(4), 1);
	assert_int_equal(fixture_notified(2), 0);
}

static void test_switch_cycles_in_domid_order(void **state)
{
	(void)state;
	fixture_add(7, "seven", 0);
	fixture_add(2, "two", 1);
	fixture_add(5, "five", 2);
	console_input(&svc, "a\001\001\001b", 5, 0);
	assert_int_equal(console_input_focus(&svc), 2);
	console_input(&svc, "\001\001\001c", 4, 1);
	assert_int_equal(console_input_focus(&svc), 5);
	console_input(&svc, "\001\001\001d", 4, 2);
	assert_int_equal(console_input_focus(&svc), 7);
	expect_read(0, "ad", 2);
	expect_read(1, "b", 1);
	expect_read(2, "c", 1);
	assert_string_equal(serial_text(), "[console: input to d2 (two)]\n"
					   "[console: input to d5 (five)]\n"
					   "[console: input to d7 (seven)]\n");
}

static void test_switch_split_across_reads(void **state)
{
	(void)state;
	fixture_add(1, "one", 0);
	fixture_add(2, "two", 1);
	console_input(&svc, "\001", 1, 0);
	console_input(&svc, "\001", 1, 1);
	expect_read(0, "", 0);
	console_input(&svc, "\001x", 2, 2);
	assert_int_equal(console_input_focus(&svc), 2);
	expect_read(0, "", 0);
	expect_read(1, "x", 1);
}

static void test_one_or_two_ctrl_a_pass_through(void **state)
{
	(void)state;
	fixture_add(1, "one", 0);
	fixture_add(2, "two", 1);
	console_input(&svc, "\001x\001\001y", 5, 0);
	expect_read(0, "\001x\001\001y", 5);
	/* Four in a row: three switch, the fourth is held and goes to the new focus. */
	console_input(&svc, "\001\001\001\001z", 5, 1);
	assert_int_equal(console_input_focus(&svc), 2);
	expect_read(1, "\001z", 2);
	expect_read(0, "", 0);
	assert_int_equal(serial_count("[console:"), 1);
}

static void test_held_ctrl_a_released_after_timeout(void **state)
{
	(void)state;
	fixture_add(1, "one", 0);
	fixture_add(2, "two", 1);
	console_input(&svc, "\001\001", 2, 0);
	assert_int_equal(console_service_deadline(&svc), CONSOLE_ESCAPE_NS);
	console_service_poll(&svc, CONSOLE_ESCAPE_NS - 1);
	expect_read(0, "", 0);
	console_service_poll(&svc, CONSOLE_ESCAPE_NS);
	expect_read(0, "\001\001", 2);
	assert_int_equal(fixture_notified(1), 1);
	assert_int_equal(console_service_deadline(&svc), UINT64_MAX);
}

static void test_slow_ctrl_a_do_not_switch(void **state)
{
	(void)state;
	fixture_add(1, "one", 0);
	fixture_add(2, "two", 1);
	console_input(&svc, "\001", 1, 0);
	console_input(&svc, "\001", 1, 2 * SEC);
	console_input(&svc, "\001", 1, 4 * SEC);
	assert_int_equal(console_input_focus(&svc), 1);
	expect_read(0, "\001\001", 2);
	console_input(&svc, "\001\001", 2, 4 * SEC + 1);
	assert_int_equal(console_input_focus(&svc), 2);
}

static void test_removal_moves_focus(void **state)
{
	(void)state;
	fixture_add(3, "three", 0);
	fixture_add(1, "one", 1);
	fixture_add(6, "six", 2);
	assert_int_equal(console_service_remove(&svc, 3), 0);
	assert_int_equal(console_input_focus(&svc), 6);
	assert_int_equal(console_service_remove(&svc, 1), 0);
	assert_int_equal(console_input_focus(&svc), 6);
	assert_int_equal(console_service_remove(&svc, 6), 0);
	assert_int_equal(console_input_focus(&svc), CONSOLE_NO_DOMAIN);
	assert_string_equal(serial_text(), "[console: input to d6 (six)]\n"
					   "[console: input to nobody]\n");
	fixture_add(9, "nine", 3);
	assert_int_equal(console_input_focus(&svc), 9);
}

static void test_removal_cycles_to_lowest(void **state)
{
	(void)state;
	fixture_add(8, "eight", 0);
	fixture_add(4, "four", 1);
	assert_int_equal(console_service_remove(&svc, 8), 0);
	assert_int_equal(console_input_focus(&svc), 4);
}

static void test_full_input_ring_drops(void **state)
{
	char big[CONSOLE_RING_IN_SIZE + 100];
	struct console_stats st;

	(void)state;
	fixture_add(1, "slow", 0);
	memset(big, 'k', sizeof(big));
	console_input(&svc, big, sizeof(big), 0);
	assert_int_equal(rings[0].in_prod, CONSOLE_RING_IN_SIZE);
	console_input(&svc, "more", 4, 1);
	assert_int_equal(rings[0].in_prod, CONSOLE_RING_IN_SIZE);
	assert_int_equal(console_service_stats(&svc, 1, &st), 0);
	assert_int_equal(st.bytes_in, CONSOLE_RING_IN_SIZE);
	assert_int_equal(st.input_dropped, 104);
	assert_false(st.broken);
	assert_int_equal(fixture_notified(1), 1);
	/* Once the guest reads, input flows again. */
	assert_int_equal(guest_read(0, big, 10), 10);
	console_input(&svc, "0123456789AB", 12, 2);
	assert_int_equal(rings[0].in_prod, CONSOLE_RING_IN_SIZE + 10);
	assert_int_equal(console_service_stats(&svc, 1, &st), 0);
	assert_int_equal(st.input_dropped, 106);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_no_domain_no_focus, fixture_setup),
		cmocka_unit_test_setup(test_first_added_gets_focus, fixture_setup),
		cmocka_unit_test_setup(test_switch_cycles_in_domid_order, fixture_setup),
		cmocka_unit_test_setup(test_switch_split_across_reads, fixture_setup),
		cmocka_unit_test_setup(test_one_or_two_ctrl_a_pass_through, fixture_setup),
		cmocka_unit_test_setup(test_held_ctrl_a_released_after_timeout, fixture_setup),
		cmocka_unit_test_setup(test_slow_ctrl_a_do_not_switch, fixture_setup),
		cmocka_unit_test_setup(test_removal_moves_focus, fixture_setup),
		cmocka_unit_test_setup(test_removal_cycles_to_lowest, fixture_setup),
		cmocka_unit_test_setup(test_full_input_ring_drops, fixture_setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
