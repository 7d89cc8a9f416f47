// SPDX-License-Identifier: MIT
/*
 * Unit tests of the core's console (kernel/common/console.c) through the host
 * arch: a domain's output goes out a whole tagged line at a time, within its
 * budget of the serial line; what is over budget is dropped and said so once.
 */
#include <host_arch.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <console.h>
#include <abi/console_io.h>

#define LINE_BYTES 64 /* the text lines below, newline included */
#define START_NS 1000000000ull

static struct console_line line_a, line_b;
static char flood[CONSOLEIO_MAX_WRITE];

static int setup(void **state)
{
	(void)state;
	host_reset_logs();
	host_now = START_NS;
	memset(&line_a, 0, sizeof(line_a));
	memset(&line_b, 0, sizeof(line_b));
	/* Whole lines of 63 characters and a newline, as a chatty guest writes them. */
	for (size_t i = 0; i < sizeof(flood); i++) {
		flood[i] = (i + 1) % LINE_BYTES == 0 ? '\n' : (char)('a' + i % 26);
	}
	return 0;
}

/* How many text lines (not notes) with this tag the console shows. */
static unsigned int lines_of(const char *tag)
{
	unsigned int n = 0;
	size_t len = strlen(tag);

	for (const char *p = host_console; (p = strstr(p, tag)) != NULL; p += len) {
		if (p[len] != '[') {
			n++;
		}
	}
	return n;
}

static unsigned int count_of(const char *needle)
{
	unsigned int n = 0;

	for (const char *p = host_console; (p = strstr(p, needle)) != NULL; p++) {
		n++;
	}
	return n;
}

/* Write bytes as CONSOLEIO_write calls of at most the ABI's size do. */
static void write_bytes(struct console_line *line, uint16_t domid, size_t bytes)
{
	while (bytes) {
		size_t n = bytes < sizeof(flood) ? bytes : sizeof(flood);

		console_domain_write(line, domid, flood, n);
		bytes -= n;
	}
}

/* A boot test's whole output, written at once, comes out whole: the budget is generous. */
static void test_normal_output_is_never_dropped(void **state)
{
	(void)state;
	write_bytes(&line_a, 3, 8192);
	assert_int_equal(lines_of("(d3) "), 8192 / LINE_BYTES);
	assert_null(strstr(host_console, "dropped"));
	/* And again a second later, with the budget back. */
	host_now += 1000000000ull;
	write_bytes(&line_a, 3, CONSOLE_BURST);
	assert_int_equal(lines_of("(d3) "), (8192 + CONSOLE_BURST) / LINE_BYTES);
	assert_null(strstr(host_console, "dropped"));
}

/* A flood at one instant prints one burst, and the next line printed says what was lost. */
static void test_flood_is_cut_at_the_burst(void **state)
{
	char note[64];

	(void)state;
	write_bytes(&line_a, 5, 64 * 1024);
	assert_int_equal(lines_of("(d5) "), CONSOLE_BURST / LINE_BYTES);
	assert_null(strstr(host_console, "dropped")); /* nothing said while the budget is spent */
	host_now += CONSOLE_PERIOD_NS;
	console_domain_write(&line_a, 5, "after\n", 6);
	snprintf(note, sizeof(note), "(d5) [%u bytes dropped]\r\n(d5) after\r\n",
		 64 * 1024 - CONSOLE_BURST);
	assert_non_null(strstr(host_console, note));
	host_now += CONSOLE_PERIOD_NS;
	console_domain_write(&line_a, 5, "later\n", 6);
	assert_int_equal(count_of("dropped"), 1); /* said once */
	assert_non_null(strstr(host_console, "(d5) later\r\n"));
}

/* Once spent, the budget comes back at CONSOLE_RATE bytes a period, not faster. */
static void test_budget_comes_back_at_the_rate(void **state)
{
	unsigned int before;

	(void)state;
	write_bytes(&line_a, 5, CONSOLE_BURST);
	before = lines_of("(d5) ");
	write_bytes(&line_a, 5, LINE_BYTES);
	assert_int_equal(lines_of("(d5) "), before); /* spent */
	host_now += 10 * CONSOLE_PERIOD_NS - 1;      /* not quite ten periods: nine */
	write_bytes(&line_a, 5, 64 * LINE_BYTES);
	/* The first line pays for the note of the dropped one too. */
	assert_int_equal(lines_of("(d5) "),
			 before + (9 * CONSOLE_RATE - CONSOLE_NOTE_BYTES) / LINE_BYTES);
	assert_int_equal(count_of("dropped"), 1);
}

/* One domain's flood takes nothing from another's budget. */
static void test_budgets_are_per_domain(void **state)
{
	(void)state;
	write_bytes(&line_a, 5, 64 * 1024);
	write_bytes(&line_b, 6, 4096);
	assert_int_equal(lines_of("(d6) "), 4096 / LINE_BYTES);
}

/* A write without newlines goes out in bounded lines, each tagged; the rest waits. */
static void test_long_write_goes_out_in_bounded_lines(void **state)
{
	static char text[CONSOLEIO_MAX_WRITE];
	unsigned int lines = 0;

	(void)state;
	memset(text, 'x', sizeof(text));
	console_domain_write(&line_a, 7, text, sizeof(text));
	for (const char *p = host_console; *p; lines++) {
		const char *end = strchr(p, '\n');

		assert_non_null(end);
		assert_memory_equal(p, "(d7) ", 5);
		assert_true(end - p <= (long)(5 + CONSOLE_LINE_MAX));
		p = end + 1;
	}
	assert_int_equal(lines, sizeof(text) / (CONSOLE_LINE_MAX - 1));
	console_domain_flush(&line_a, 7);
	assert_int_equal(lines_of("(d7) "), lines + 1);
}

/* A domain that ends over budget still says what it lost, once. */
static void test_flush_reports_what_was_dropped(void **state)
{
	(void)state;
	write_bytes(&line_a, 5, CONSOLE_BURST + 10 * LINE_BYTES);
	console_domain_write(&line_a, 5, "tail", 4);
	console_domain_flush(&line_a, 5);
	assert_non_null(strstr(host_console, "(d5) [645 bytes dropped]\r\n"));
	assert_null(strstr(host_console, "tail"));
	console_domain_flush(&line_a, 5);
	assert_int_equal(count_of("dropped"), 1);
}

/* A clock a little behind (another pCPU's) neither refills nor breaks the budget. */
static void test_clock_behind_gives_nothing_back(void **state)
{
	unsigned int before;

	(void)state;
	write_bytes(&line_a, 5, CONSOLE_BURST);
	before = lines_of("(d5) ");
	host_now -= 5 * CONSOLE_PERIOD_NS;
	write_bytes(&line_a, 5, 4 * LINE_BYTES);
	assert_int_equal(lines_of("(d5) "), before);
	host_now += 5 * CONSOLE_PERIOD_NS + CONSOLE_PERIOD_NS; /* one period after the last */
	write_bytes(&line_a, 5, 8 * LINE_BYTES);
	assert_int_equal(lines_of("(d5) "),
			 before + (CONSOLE_RATE - CONSOLE_NOTE_BYTES) / LINE_BYTES);
}

/* Bytes that could drive a terminal print as '?'; carriage returns go. */
static void test_control_bytes_are_neutralised(void **state)
{
	(void)state;
	console_domain_write(&line_a, 2, "a\x1b[2Jb\r\x80\tc\n", 11);
	assert_string_equal(host_console, "(d2) a?[2Jb?\tc\r\n");
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup(fn, setup)
	const struct CMUnitTest tests[] = {
		T(test_normal_output_is_never_dropped),
		T(test_flood_is_cut_at_the_burst),
		T(test_budget_comes_back_at_the_rate),
		T(test_budgets_are_per_domain),
		T(test_long_write_goes_out_in_bounded_lines),
		T(test_flush_reports_what_was_dropped),
		T(test_clock_behind_gives_nothing_back),
		T(test_control_bytes_are_neutralised),
	};
#undef T

	return cmocka_run_group_tests_name("console", tests, NULL, NULL);
}
