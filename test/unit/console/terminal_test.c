// SPDX-License-Identifier: MIT
/* The input holder's real terminal: raw output, others filtered, the terminal restored between. */
#include <string.h>
#include "fixture.h"

#define WAIT CONSOLE_PARTIAL_NS

/* d3 "sh" on ring 0 holds the input; d4 "other" on ring 1 does not. */
static void setup_holder_and_other(void)
{
	fixture_add(3, "sh", 0);
	fixture_add(4, "other", 1);
	assert_int_equal(console_input_focus(&svc), 3);
}

/* Poll until the rings are empty. */
static void poll_at(uint64_t now_ns)
{
	while (console_service_poll(&svc, now_ns)) {
	}
}

static void test_holder_output_is_raw(void **state)
{
	static const char raw[] = "\033[1;32mok\033[0m\r\n/ # \033[6n\b\t\033]0;title\007";

	(void)state;
	setup_holder_and_other();
	guest_puts(0, raw);
	poll_at(0);
	/* At once, untagged, byte for byte: a prompt waits for nothing. */
	assert_string_equal(serial_text(), raw);
	poll_at(10 * WAIT);
	assert_string_equal(serial_text(), raw);
}

static void test_others_are_filtered(void **state)
{
	(void)state;
	setup_holder_and_other();
	guest_puts(1, "\033[2Jevil\033]0;x\007\r\b\n");
	poll_at(0);
	assert_string_equal(serial_text(), "(d4) ?[2Jevil?]0;x??\n");
}

static void test_others_line_after_holder_colour_is_plain(void **state)
{
	(void)state;
	setup_holder_and_other();
	guest_puts(0, "\033[31mred");
	poll_at(0);
	guest_puts(1, "plain\n");
	poll_at(1);
	/* Attributes reset and the holder's line ended before the tag. */
	assert_string_equal(serial_text(), "\033[31mred\033[0m\n(d4) plain\n");
	/* The holder's text follows untagged; at the start of a line nothing needs ending. */
	guest_puts(0, "more\r\n");
	poll_at(2);
	guest_puts(1, "again\n");
	poll_at(3);
	assert_string_equal(serial_text(), "\033[31mred\033[0m\n(d4) plain\nmore\r\n(d4) again\n");
}

static void test_holder_ends_others_partial_line(void **state)
{
	(void)state;
	setup_holder_and_other();
	guest_puts(1, "login: ");
	poll_at(0);
	poll_at(WAIT);
	guest_puts(0, "abc");
	poll_at(WAIT + 1);
	guest_puts(1, "x\n");
	poll_at(WAIT + 2);
	assert_string_equal(serial_text(), "(d4) login: \nabc\n(d4) x\n");
}

static void test_sequence_is_never_split(void **state)
{
	(void)state;
	setup_holder_and_other();
	guest_puts(0, "abc\033[3");
	poll_at(0);
	assert_string_equal(serial_text(), "abc");
	guest_puts(1, "x\n");
	poll_at(1);
	guest_puts(0, "1mred\r\n");
	poll_at(2);
	guest_puts(1, "y\n");
	poll_at(3);
	assert_string_equal(serial_text(), "abc\n(d4) x\n\033[31mred\r\n\033[0m(d4) y\n");
}

static void test_switch_restores_terminal(void **state)
{
	(void)state;
	setup_holder_and_other();
	guest_puts(0, "\033[?1049h\033[?25l\033[7m\033(0\033[5;20rfull");
	poll_at(0);
	serial_clear();
	console_input(&svc, "\001\001\001", 3, 1);
	assert_int_equal(console_input_focus(&svc), 4);
	assert_string_equal(serial_text(), "\033[0m\017\033(B\033[?1049l\0337\033[r\0338\033[?25h\n"
					   "[console: input to d4 (other)]\n");
	/* Roles swap: d3 is filtered now, d4 raw. */
	serial_clear();
	guest_puts(0, "\033[31mafter\n");
	poll_at(2);
	guest_puts(1, "\033[32mraw\r\n");
	poll_at(3);
	assert_int_equal(serial_count("(d3) ?[31mafter\n"), 1);
	assert_int_equal(serial_count("\033[32mraw\r\n"), 1);
}

static void test_modes_left_as_they_were_need_no_reset(void **state)
{
	(void)state;
	setup_holder_and_other();
	guest_puts(0, "\033[1mb\033[0m \033[?2004h\033[?2004l\033[?1049h\033[?1049l\r\n");
	poll_at(0);
	serial_clear();
	console_input(&svc, "\001\001\001", 3, 1);
	assert_string_equal(serial_text(), "[console: input to d4 (other)]\n");
}

static void test_mouse_and_keys_reset(void **state)
{
	(void)state;
	setup_holder_and_other();
	guest_puts(0, "\033[?1;1000;1006h\033=\033[4h\r\n");
	poll_at(0);
	serial_clear();
	console_input(&svc, "\001\001\001", 3, 1);
	assert_string_equal(serial_text(),
			    "\033>\033[?1l\033[?1000;1002;1003;1005;1006;1015l\033[4l"
			    "[console: input to d4 (other)]\n");
}

static void test_unfinished_sequence_dropped_on_switch(void **state)
{
	(void)state;
	setup_holder_and_other();
	guest_puts(0, "ok\033]0;ti");
	poll_at(0);
	console_input(&svc, "\001\001\001", 3, 1);
	guest_puts(0, "tle\007more\n");
	poll_at(2);
	assert_string_equal(serial_text(), "ok\n[console: input to d4 (other)]\n(d3) tle?more\n");
}

static void test_long_string_cancelled_when_interrupted(void **state)
{
	char text[400];

	(void)state;
	setup_holder_and_other();
	memcpy(text, "\033]0;", 4);
	memset(text + 4, 'a', 300);
	text[304] = '\0';
	guest_puts(0, text);
	poll_at(0);
	/* Too long to hold: it went out as it came. */
	assert_string_equal(serial_text(), text);
	guest_puts(1, "x\n");
	poll_at(1);
	guest_puts(0, "bbb\007tail\r\n");
	poll_at(2);
	/* CAN ends it on the terminal, and the rest of it is dropped. */
	strcat(text, "\030(d4) x\ntail\r\n");
	assert_string_equal(serial_text(), text);
}

static void test_overlong_control_sequence_resets_everything(void **state)
{
	char text[400];

	(void)state;
	setup_holder_and_other();
	memcpy(text, "\033[", 2);
	memset(text + 2, ';', 300);
	strcpy(text + 302, "m");
	guest_puts(0, text);
	poll_at(0);
	assert_string_equal(serial_text(), text);
	serial_clear();
	guest_puts(1, "x\n");
	poll_at(1);
	/* What it set is unknown: every change is undone, and the line ended. */
	assert_string_equal(serial_text(), "\033[0m\017\033(B\033>\033[?1l"
					   "\033[?1000;1002;1003;1005;1006;1015l\033[?2004l\033[4l"
					   "\033[?1049l\0337\033[r\0338\033[?25h\n(d4) x\n");
}

static void test_holder_removed_restores_terminal(void **state)
{
	(void)state;
	setup_holder_and_other();
	guest_puts(0, "\033[1mbold\033[");
	poll_at(0);
	assert_int_equal(console_service_remove(&svc, 3), 0);
	assert_string_equal(serial_text(), "\033[1mbold\033[0m\n[console: input to d4 (other)]\n");
}

static void test_new_holder_partial_line_ended(void **state)
{
	(void)state;
	setup_holder_and_other();
	guest_puts(1, "login: ");
	poll_at(0);
	poll_at(WAIT);
	assert_string_equal(serial_text(), "(d4) login: ");
	console_input(&svc, "\001\001\001", 3, WAIT);
	guest_puts(1, "x");
	poll_at(WAIT + 1);
	assert_string_equal(serial_text(), "(d4) login: \n[console: input to d4 (other)]\nx");
}

static void test_typed_escapes_reach_holder(void **state)
{
	char got[32];

	(void)state;
	setup_holder_and_other();
	console_input(&svc, "\033[A\033[24;80R\t\b\r", 14, 0);
	assert_int_equal(guest_read(0, got, sizeof(got)), 14);
	assert_memory_equal(got, "\033[A\033[24;80R\t\b\r", 14);
	assert_string_equal(serial_text(), "");
}

/* Any bytes at all from the holder: nothing overflows, and a switch leaves a clean terminal. */
static void test_garbage_from_holder(void **state)
{
	static const char alphabet[] =
		"\033[]P_^X;?0123456789hlmr(B=>c\007\030\032\\\n\r\016\017a\377";
	static const char want[] = "[console: input to d4 (other)]\n(d3) x\n";
	uint32_t seed = 12345;
	const char *text;
	char chunk[200];

	(void)state;
	setup_holder_and_other();
	for (int round = 0; round < 2000; round++) {
		for (size_t i = 0; i < sizeof(chunk); i++) {
			seed = seed * 1103515245u + 12345u;
			chunk[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1u)];
		}
		guest_write(0, chunk, sizeof(chunk));
		poll_at((uint64_t)round);
		serial_clear();
	}
	console_input(&svc, "\001\001\001", 3, 5000);
	guest_puts(0, "x\n");
	poll_at(5001);
	/* Whatever the restore had to write, the notice and d3's first tagged line end the text. */
	text = serial_text();
	assert_true(strlen(text) >= strlen(want));
	assert_string_equal(text + strlen(text) - strlen(want), want);
	assert_int_equal(svc.term.changed, 0);
	assert_false(svc.term.open);
	assert_false(svc.term.skip);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_holder_output_is_raw, fixture_setup),
		cmocka_unit_test_setup(test_others_are_filtered, fixture_setup),
		cmocka_unit_test_setup(test_others_line_after_holder_colour_is_plain,
				       fixture_setup),
		cmocka_unit_test_setup(test_holder_ends_others_partial_line, fixture_setup),
		cmocka_unit_test_setup(test_sequence_is_never_split, fixture_setup),
		cmocka_unit_test_setup(test_switch_restores_terminal, fixture_setup),
		cmocka_unit_test_setup(test_modes_left_as_they_were_need_no_reset, fixture_setup),
		cmocka_unit_test_setup(test_mouse_and_keys_reset, fixture_setup),
		cmocka_unit_test_setup(test_unfinished_sequence_dropped_on_switch, fixture_setup),
		cmocka_unit_test_setup(test_long_string_cancelled_when_interrupted, fixture_setup),
		cmocka_unit_test_setup(test_overlong_control_sequence_resets_everything,
				       fixture_setup),
		cmocka_unit_test_setup(test_holder_removed_restores_terminal, fixture_setup),
		cmocka_unit_test_setup(test_new_holder_partial_line_ended, fixture_setup),
		cmocka_unit_test_setup(test_typed_escapes_reach_holder, fixture_setup),
		cmocka_unit_test_setup(test_garbage_from_holder, fixture_setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
