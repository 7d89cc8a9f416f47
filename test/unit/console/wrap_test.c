// SPDX-License-Identifier: MIT
/* Free-running indexes across 2^32, on both rings. */
#include <string.h>
#include "fixture.h"

static void test_output_across_wrap(void **state)
{
	char text[200];
	char want[300];

	(void)state;
	rings[0].out_cons = 0xffffff80u;
	rings[0].out_prod = 0xffffff80u;
	fixture_add(3, "wrap", 0);
	memset(text, 'w', sizeof(text));
	text[sizeof(text) - 1] = '\n';
	guest_write(0, text, sizeof(text));
	assert_int_equal(rings[0].out_prod, 0x48u);
	assert_false(console_service_poll(&svc, 0));
	assert_int_equal(rings[0].out_cons, 0x48u);
	strcpy(want, "(d3) ");
	memset(want + 5, 'w', sizeof(text) - 1);
	strcpy(want + 5 + sizeof(text) - 1, "\n");
	assert_string_equal(serial_text(), want);
}

static void test_full_ring_across_wrap(void **state)
{
	char page[CONSOLE_RING_OUT_SIZE];
	struct console_stats st;

	(void)state;
	rings[0].out_cons = 0u - 100u;
	rings[0].out_prod = 0u - 100u;
	fixture_add(3, "wrap", 0);
	memset(page, 'p', sizeof(page));
	guest_write(0, page, sizeof(page));
	while (console_service_poll(&svc, 0)) {
	}
	assert_int_equal(rings[0].out_cons, CONSOLE_RING_OUT_SIZE - 100u);
	assert_int_equal(console_service_stats(&svc, 3, &st), 0);
	assert_false(st.broken);
	assert_int_equal(st.bytes_out, CONSOLE_RING_OUT_SIZE);
}

static void test_input_across_wrap(void **state)
{
	char got[64];
	struct console_stats st;

	(void)state;
	rings[0].in_cons = 0xfffffff0u;
	rings[0].in_prod = 0xfffffff0u;
	fixture_add(3, "wrap", 0);
	console_input(&svc, "0123456789abcdefghijklmnopqrstuvwxyz", 36, 0);
	assert_int_equal(rings[0].in_prod, 36u - 16u);
	assert_int_equal(guest_read(0, got, sizeof(got)), 36);
	assert_memory_equal(got, "0123456789abcdefghijklmnopqrstuvwxyz", 36);
	assert_int_equal(console_service_stats(&svc, 3, &st), 0);
	assert_false(st.broken);
	assert_int_equal(st.input_dropped, 0);
}

static void test_full_input_ring_across_wrap(void **state)
{
	char big[CONSOLE_RING_IN_SIZE + 1];
	struct console_stats st;

	(void)state;
	rings[0].in_cons = 0u - 5u;
	rings[0].in_prod = 0u - 5u;
	fixture_add(3, "wrap", 0);
	memset(big, 'b', sizeof(big));
	console_input(&svc, big, sizeof(big), 0);
	assert_int_equal(rings[0].in_prod, CONSOLE_RING_IN_SIZE - 5u);
	assert_int_equal(console_service_stats(&svc, 3, &st), 0);
	assert_false(st.broken);
	assert_int_equal(st.input_dropped, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_output_across_wrap, fixture_setup_held),
		cmocka_unit_test_setup(test_full_ring_across_wrap, fixture_setup_held),
		cmocka_unit_test_setup(test_input_across_wrap, fixture_setup),
		cmocka_unit_test_setup(test_full_input_ring_across_wrap, fixture_setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
