// SPDX-License-Identifier: MIT
/* Focus on request: the toolstack holding the input moves it (abi/console_focus.h); nobody else. */
#include <string.h>
#include <abi/console_focus.h>
#include <abi/domain_info.h>
#include "fixture.h"

#define REQUEST(digits) CONSOLE_FOCUS_PREFIX digits CONSOLE_FOCUS_END

static void expect_read(unsigned int ring, const char *want)
{
	char got[CONSOLE_RING_IN_SIZE];
	size_t len = strlen(want);

	assert_int_equal(guest_read(ring, got, sizeof(got)), len);
	assert_memory_equal(got, want, len);
}

/* d5 "xl" on ring 0, the toolstack, holds the input; d7 "guest" on ring 1 and d9 "other" on 2. */
static void setup_toolstack(void)
{
	fixture_add_rights(5, "xl", DOMAIN_RIGHT_TOOLSTACK, 0);
	fixture_add(7, "guest", 1);
	fixture_add(9, "other", 2);
	assert_int_equal(console_input_focus(&svc), 5);
}

static void test_toolstack_moves_input(void **state)
{
	(void)state;
	setup_toolstack();
	guest_puts(0, "xl console 7\r\n" REQUEST("7"));
	console_service_poll(&svc, 0);
	assert_string_equal(serial_text(), "xl console 7\r\n[console: input to d7 (guest)]\n");
	assert_int_equal(console_input_focus(&svc), 7);
	console_input(&svc, "ls\r", 3, 1);
	expect_read(1, "ls\r");
	expect_read(0, "");
	/* Ctrl-a three times goes on from the new holder, in domid order. */
	console_input(&svc, "\001\001\001", 3, 2);
	assert_int_equal(console_input_focus(&svc), 9);
	console_input(&svc, "\001\001\001", 3, 3);
	assert_int_equal(console_input_focus(&svc), 5);
}

static void test_request_split_across_polls(void **state)
{
	(void)state;
	setup_toolstack();
	guest_puts(0, "\033_tessera:fo");
	console_service_poll(&svc, 0);
	guest_puts(1, "between\n");
	console_service_poll(&svc, 1);
	guest_puts(0, "cus:9\033\\");
	console_service_poll(&svc, 2);
	assert_int_equal(console_input_focus(&svc), 9);
	assert_string_equal(serial_text(), "(d7) between\n[console: input to d9 (other)]\n");
}

static void test_rest_after_request_is_tagged(void **state)
{
	(void)state;
	setup_toolstack();
	guest_puts(0, REQUEST("7") "\033[1mafter\n");
	console_service_poll(&svc, 0);
	assert_string_equal(serial_text(), "[console: input to d7 (guest)]\n(d5) ?[1mafter\n");
}

static void test_request_from_others_is_refused(void **state)
{
	(void)state;
	fixture_add(3, "sh", 0);
	fixture_add(7, "guest", 1);
	guest_puts(0, "x" REQUEST("7") "y\r\n");
	console_service_poll(&svc, 0);
	/* Never reaches the terminal, never acted on. */
	assert_string_equal(serial_text(), "x\n[console: d3 (sh) may not move the input; ignored]\n"
					   "y\r\n");
	assert_int_equal(console_input_focus(&svc), 3);
}

static void test_request_without_input_is_filtered(void **state)
{
	(void)state;
	fixture_add(3, "sh", 0);
	fixture_add_rights(5, "xl", DOMAIN_RIGHT_TOOLSTACK, 1);
	fixture_add(7, "guest", 2);
	guest_puts(1, "go" REQUEST("7") "\n");
	console_service_poll(&svc, 0);
	assert_string_equal(serial_text(), "(d5) go?_tessera:focus:7?\\\n");
	assert_int_equal(console_input_focus(&svc), 3);
}

static void test_request_to_missing_domain_refused(void **state)
{
	(void)state;
	setup_toolstack();
	guest_puts(0, REQUEST("8"));
	console_service_poll(&svc, 0);
	assert_string_equal(serial_text(), "[console: no console d8; input stays with d5 (xl)]\n");
	assert_int_equal(console_input_focus(&svc), 5);
}

static void test_request_to_broken_domain_refused(void **state)
{
	(void)state;
	setup_toolstack();
	rings[1].out_prod = rings[1].out_cons + CONSOLE_RING_OUT_SIZE + 1;
	console_service_poll(&svc, 0);
	serial_clear();
	guest_puts(0, REQUEST("7"));
	console_service_poll(&svc, 1);
	assert_string_equal(serial_text(), "[console: no console d7; input stays with d5 (xl)]\n");
	assert_int_equal(console_input_focus(&svc), 5);
}

static void test_bad_requests_refused(void **state)
{
	static const char *const bad[] = {
		REQUEST(""),
		REQUEST("07"),
		REQUEST("7x"),
		REQUEST("-7"),
		REQUEST("32752"), /* DOMID_FIRST_RESERVED */
		REQUEST("123456"),
		CONSOLE_FOCUS_PREFIX "7\007",
		CONSOLE_FOCUS_PREFIX "7\033X\033\\",
	};

	(void)state;
	setup_toolstack();
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		serial_clear();
		guest_puts(0, bad[i]);
		console_service_poll(&svc, i);
		assert_string_equal(serial_text(),
				    "[console: d5 (xl) sent a bad focus request; ignored]\n");
		assert_int_equal(console_input_focus(&svc), 5);
	}
}

static void test_request_to_self_and_zero(void **state)
{
	(void)state;
	setup_toolstack();
	guest_puts(0, REQUEST("5") REQUEST("0"));
	console_service_poll(&svc, 0);
	assert_string_equal(serial_text(), "[console: input to d5 (xl)]\n"
					   "[console: no console d0; input stays with d5 (xl)]\n");
	assert_int_equal(console_input_focus(&svc), 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_toolstack_moves_input, fixture_setup),
		cmocka_unit_test_setup(test_request_split_across_polls, fixture_setup),
		cmocka_unit_test_setup(test_rest_after_request_is_tagged, fixture_setup),
		cmocka_unit_test_setup(test_request_from_others_is_refused, fixture_setup),
		cmocka_unit_test_setup(test_request_without_input_is_filtered, fixture_setup),
		cmocka_unit_test_setup(test_request_to_missing_domain_refused, fixture_setup),
		cmocka_unit_test_setup(test_request_to_broken_domain_refused, fixture_setup),
		cmocka_unit_test_setup(test_bad_requests_refused, fixture_setup),
		cmocka_unit_test_setup(test_request_to_self_and_zero, fixture_setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
