// SPDX-License-Identifier: MIT
/* Hostile rings: a guest that breaks its indexes stops only its own console, reported once. */
#include <string.h>
#include "fixture.h"

#define BROKEN_NOTICE "[console: d6 (evil) broke its console ring; ignored]\n"

static void setup_pair(void)
{
	fixture_add(5, "good", 0);
	fixture_add(6, "evil", 1);
}

/* The good domain is unaffected: its line goes out and nothing more from d6. */
static void check_good_still_served(void)
{
	/* Holding the input, d5 writes raw; else a tagged line. */
	const char *want = console_input_focus(&svc) == 5 ? "still fine\n" : "(d5) still fine\n";
	struct console_stats st;

	serial_clear();
	guest_puts(0, "still fine\n");
	console_service_poll(&svc, 10 * FIXTURE_MS);
	/* A "\n" first only ends a partial line d6 left on the serial line. */
	if (serial_text()[0] == '\n') {
		assert_string_equal(serial_text() + 1, want);
	} else {
		assert_string_equal(serial_text(), want);
	}
	assert_int_equal(console_service_stats(&svc, 5, &st), 0);
	assert_false(st.broken);
}

static void test_prod_beyond_ring_size(void **state)
{
	struct console_stats st;

	(void)state;
	setup_pair();
	guest_puts(1, "partial before ");
	console_service_poll(&svc, 0);
	rings[1].out_prod = rings[1].out_cons + CONSOLE_RING_OUT_SIZE + 1;
	console_service_poll(&svc, 1);
	assert_string_equal(serial_text(), "(d6) partial before \n" BROKEN_NOTICE);
	assert_int_equal(console_service_stats(&svc, 6, &st), 0);
	assert_true(st.broken);
	assert_int_equal(fixture_notified(6), 1);
	check_good_still_served();
	assert_int_equal(fixture_notified(6), 0);
}

static void test_prod_moved_backwards(void **state)
{
	struct console_stats st;
	uint32_t cons;

	(void)state;
	setup_pair();
	memset(rings[1].out, 'a', CONSOLE_POLL_BUDGET + 100);
	rings[1].out_prod = CONSOLE_POLL_BUDGET + 100;
	console_service_poll(&svc, 0);
	cons = rings[1].out_cons;
	assert_int_equal(cons, CONSOLE_POLL_BUDGET);
	/* Still ahead of out_cons, but behind an out_prod the service already saw. */
	rings[1].out_prod = CONSOLE_POLL_BUDGET + 10;
	serial_clear();
	console_service_poll(&svc, 1);
	assert_string_equal(serial_text(), BROKEN_NOTICE);
	assert_int_equal(rings[1].out_cons, cons);
	assert_int_equal(console_service_stats(&svc, 6, &st), 0);
	assert_true(st.broken);
	check_good_still_served();
}

static void test_prod_behind_cons(void **state)
{
	(void)state;
	setup_pair();
	guest_puts(1, "x\n");
	console_service_poll(&svc, 0);
	rings[1].out_prod -= 1;
	serial_clear();
	console_service_poll(&svc, 1);
	assert_string_equal(serial_text(), BROKEN_NOTICE);
	check_good_still_served();
}

static void test_broken_reported_once_and_left_alone(void **state)
{
	(void)state;
	setup_pair();
	rings[1].out_prod = 0x80000000u;
	console_service_poll(&svc, 0);
	console_service_poll(&svc, 1);
	assert_int_equal(serial_count(BROKEN_NOTICE), 1);
	/* Repairing the indexes afterwards does not bring the console back. */
	rings[1].out_prod = rings[1].out_cons + 3;
	memcpy(rings[1].out, "ok\n", 3);
	console_service_poll(&svc, 2);
	assert_int_equal(serial_count("(d6)"), 0);
	assert_int_equal(rings[1].out_cons, 0);
	check_good_still_served();
}

static void test_guest_written_out_cons_ignored(void **state)
{
	(void)state;
	setup_pair();
	guest_puts(1, "one\n");
	console_service_poll(&svc, 0);
	/* Pretend-consumed output must not make the service skip or repeat bytes. */
	guest_puts(1, "two\n");
	rings[1].out_cons = 1000;
	console_service_poll(&svc, 1);
	assert_int_equal(rings[1].out_cons, 8);
	guest_puts(1, "three\n");
	rings[1].out_cons = 0;
	console_service_poll(&svc, 2);
	assert_string_equal(serial_text(), "(d6) one\n(d6) two\n(d6) three\n");
}

static void test_garbage_bytes_are_shown_safely(void **state)
{
	char garbage[CONSOLE_RING_OUT_SIZE];
	struct console_stats st;
	const char *s;

	(void)state;
	setup_pair();
	for (size_t i = 0; i < sizeof(garbage); i++) {
		garbage[i] = (char)(i * 37u + 11u);
	}
	guest_write(1, garbage, sizeof(garbage));
	while (console_service_poll(&svc, 0)) {
	}
	console_service_poll(&svc, CONSOLE_PARTIAL_NS);
	for (s = serial_text(); *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		assert_true(c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f));
	}
	assert_int_equal(console_service_stats(&svc, 6, &st), 0);
	assert_false(st.broken);
	assert_int_equal(st.bytes_out, sizeof(garbage));
	check_good_still_served();
}

static void test_in_cons_beyond_in_prod(void **state)
{
	struct console_stats st;

	(void)state;
	fixture_add(6, "evil", 1);
	fixture_add(5, "good", 0);
	console_input(&svc, "ab", 2, 0);
	assert_int_equal(rings[1].in_prod, 2);
	rings[1].in_cons = 3;
	serial_clear();
	console_input(&svc, "cd", 2, 1);
	assert_string_equal(serial_text(), BROKEN_NOTICE);
	assert_int_equal(rings[1].in_prod, 2);
	assert_int_equal(console_service_stats(&svc, 6, &st), 0);
	assert_true(st.broken);
	assert_int_equal(st.bytes_in, 2);
	assert_int_equal(st.input_dropped, 2);
	/* The focus stays (typing does not silently go elsewhere); switching skips the broken one.
	 */
	assert_int_equal(console_input_focus(&svc), 6);
	console_input(&svc, "e", 1, 2);
	assert_int_equal(console_service_stats(&svc, 6, &st), 0);
	assert_int_equal(st.input_dropped, 3);
	console_input(&svc, "\001\001\001", 3, 3);
	assert_int_equal(console_input_focus(&svc), 5);
	console_input(&svc, "\001\001\001", 3, 4);
	assert_int_equal(console_input_focus(&svc), 5);
	check_good_still_served();
}

static void test_in_cons_far_behind(void **state)
{
	struct console_stats st;

	(void)state;
	fixture_add(6, "evil", 1);
	rings[1].in_cons = 0u - CONSOLE_RING_IN_SIZE - 1u;
	console_input(&svc, "a", 1, 0);
	assert_int_equal(console_service_stats(&svc, 6, &st), 0);
	assert_true(st.broken);
	assert_int_equal(rings[1].in_prod, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_prod_beyond_ring_size, fixture_setup_held),
		cmocka_unit_test_setup(test_prod_moved_backwards, fixture_setup_held),
		cmocka_unit_test_setup(test_prod_behind_cons, fixture_setup_held),
		cmocka_unit_test_setup(test_broken_reported_once_and_left_alone,
				       fixture_setup_held),
		cmocka_unit_test_setup(test_guest_written_out_cons_ignored, fixture_setup_held),
		cmocka_unit_test_setup(test_garbage_bytes_are_shown_safely, fixture_setup_held),
		cmocka_unit_test_setup(test_in_cons_beyond_in_prod, fixture_setup),
		cmocka_unit_test_setup(test_in_cons_far_behind, fixture_setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
