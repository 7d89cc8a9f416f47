// SPDX-License-Identifier: MIT
/* Fairness: a flooding guest gets a budget per poll; a quiet guest's line goes out in the same
 * poll. */
#include <string.h>
#include "fixture.h"

/* Fill ring's output completely with 63-byte lines and a tail. */
static void flood(unsigned int ring)
{
	char page[CONSOLE_RING_OUT_SIZE];

	memset(page, 'f', sizeof(page));
	for (size_t i = 63; i < sizeof(page); i += 64) {
		page[i] = '\n';
	}
	guest_write(ring, page, sizeof(page));
}

static void test_quiet_line_within_one_poll(void **state)
{
	(void)state;
	fixture_add(1, "flood", 0);
	fixture_add(2, "quiet", 1);
	flood(0);
	guest_puts(1, "I am here\n");
	assert_true(console_service_poll(&svc, 0));
	assert_int_equal(serial_count("(d2) I am here\n"), 1);
	assert_int_equal(rings[0].out_cons, CONSOLE_POLL_BUDGET);
	assert_int_equal(rings[1].out_cons, rings[1].out_prod);
	assert_int_equal(fixture_notified(1), 1);
	assert_int_equal(fixture_notified(2), 1);
}

static void test_flood_takes_budget_per_poll(void **state)
{
	unsigned int polls = 0;
	struct console_stats st;

	(void)state;
	fixture_add(1, "flood", 0);
	fixture_add(2, "quiet", 1);
	flood(0);
	while (console_service_poll(&svc, 0)) {
		polls++;
		assert_int_equal(rings[0].out_cons, polls * CONSOLE_POLL_BUDGET);
		/* The quiet guest speaks in the middle of the flood and is heard at once. */
		if (polls == 3) {
			guest_puts(1, "mid\n");
		}
		if (polls == 4) {
			assert_int_equal(serial_count("(d2) mid\n"), 1);
		}
	}
	assert_int_equal(polls + 1, CONSOLE_RING_OUT_SIZE / CONSOLE_POLL_BUDGET);
	assert_int_equal(
		serial_count("(d1) "
			     "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\n"),
		32);
	assert_int_equal(console_service_stats(&svc, 1, &st), 0);
	assert_int_equal(st.bytes_out, CONSOLE_RING_OUT_SIZE);
	assert_int_equal(st.lines, 32);
}

static void test_flood_cannot_stall_others(void **state)
{
	(void)state;
	fixture_add(1, "flood", 0);
	fixture_add(2, "quiet", 1);
	fixture_add(3, "quiet2", 2);
	for (unsigned int round = 0; round < 20; round++) {
		/* The flooder refills whatever space it got back; it never runs dry. */
		size_t space = CONSOLE_RING_OUT_SIZE - (rings[0].out_prod - rings[0].out_cons);
		char fill[CONSOLE_RING_OUT_SIZE];

		memset(fill, 'z', space);
		guest_write(0, fill, space);
		guest_puts(round % 2 ? 1 : 2, "tick\n");
		assert_true(console_service_poll(&svc, round));
		assert_int_equal(serial_count("tick\n"), round + 1);
	}
	assert_int_equal(serial_count("(d2) tick\n"), 10);
	assert_int_equal(serial_count("(d3) tick\n"), 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_quiet_line_within_one_poll, fixture_setup_held),
		cmocka_unit_test_setup(test_flood_takes_budget_per_poll, fixture_setup_held),
		cmocka_unit_test_setup(test_flood_cannot_stall_others, fixture_setup_held),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
