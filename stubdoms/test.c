// SPDX-License-Identifier: MIT
/* The guest test runner and the failure reporting behind CHECK and REQUIRE. */
#include <abi/sched.h>
#include <libos/counter.h>
#include <libos/hypercall.h>
#include <libos/test.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Locking: none. Test cases and their checks run on the boot vCPU only. */

/* The test_cases section, delimited by the linker script. */
extern const struct test_case __test_cases_start[];
extern const struct test_case __test_cases_end[];

#define TEST_MAX_CASES 256
#define TEST_WAIT_MAX_TRIES 100000000u

static const struct test_case *test_current;
static const char *test_skipped_why; /* set by test_skip for the current case */
static bool test_current_failed;
static char test_context_text[160];

/* Small values read best in decimal, addresses and bit masks in hexadecimal. */
static void test_format_value(char *buf, size_t size, int64_t value)
{
	if (value > -4096 && value < 4096) {
		snprintf(buf, size, "%lld", (long long)value);
	} else {
		snprintf(buf, size, "0x%llx", (unsigned long long)value);
	}
}

static void test_fail_header(void)
{
	test_current_failed = true;
	printf("FAIL %s.%s: ", test_current->area, test_current->behaviour);
}

static void test_fail_context(void)
{
	if (test_context_text[0] != '\0') {
		printf("  context: %s\n", test_context_text);
	}
}

bool test_check_eq(int64_t actual, int64_t expected, bool want_equal, const char *expr,
		   const char *file, int line)
{
	char actual_text[24];
	char expected_text[24];

	if ((actual == expected) == want_equal) {
		return true;
	}
	test_format_value(actual_text, sizeof(actual_text), actual);
	test_format_value(expected_text, sizeof(expected_text), expected);
	test_fail_header();
	printf("%s = %s, expected %s%s (%s:%d)\n", expr, actual_text,
	       want_equal ? "" : "anything but ", expected_text, file, line);
	test_fail_context();
	return false;
}

bool test_check(bool cond, const char *expr, const char *file, int line)
{
	if (cond) {
		return true;
	}
	test_fail_header();
	printf("%s is false (%s:%d)\n", expr, file, line);
	test_fail_context();
	return false;
}

void test_context(const char *fmt, ...)
{
	va_list ap;

	if (fmt == NULL) {
		test_context_text[0] = '\0';
		return;
	}
	va_start(ap, fmt);
	vsnprintf(test_context_text, sizeof(test_context_text), fmt, ap);
	va_end(ap);
}

bool test_wait_until(bool (*cond)(void *arg), void *arg, unsigned int seconds)
{
	uint64_t freq = counter_frequency();
	uint64_t start = counter_read();

	for (unsigned int tries = 0; tries < TEST_WAIT_MAX_TRIES; tries++) {
		if (cond(arg)) {
			return true;
		}
		if (freq != 0 && counter_read() - start > freq * seconds) {
			break;
		}
		(void)hypercall_sched_op(SCHEDOP_yield, NULL);
	}
	return cond(arg);
}

/* Order: source file name, then line; independent of link order. */
static bool test_before(const struct test_case *a, const struct test_case *b)
{
	int c = strcmp(a->file, b->file);

	return c < 0 || (c == 0 && a->line < b->line);
}

/* The number of registered cases; addresses compared as integers, as they bound no C object. */
static size_t test_case_count(void)
{
	uintptr_t start = (uintptr_t)__test_cases_start;
	uintptr_t end = (uintptr_t)__test_cases_end;

	return (end - start) / sizeof(struct test_case);
}

/* Insertion sort of pointers to the first total cases; returns how many fit in capacity. */
static size_t test_sorted(const struct test_case **sorted, size_t total, size_t capacity)
{
	size_t count = total < capacity ? total : capacity;

	for (size_t n = 0; n < count; n++) {
		const struct test_case *t = &__test_cases_start[n];
		size_t i;

		for (i = n; i > 0 && test_before(t, sorted[i - 1]); i--) {
			sorted[i] = sorted[i - 1];
		}
		sorted[i] = t;
	}
	return count;
}

void test_skip(const char *why)
{
	test_skipped_why = why;
}

int test_run_all(void)
{
	static const struct test_case *sorted[TEST_MAX_CASES];
	size_t total = test_case_count();
	size_t count = test_sorted(sorted, total, TEST_MAX_CASES);
	bool all_passed = count > 0 && count == total;

	if (count == 0) {
		printf("no test cases linked into this image\n");
	}
	if (count < total) {
		printf("only %u of %u test cases fit the runner's table\n", (unsigned int)count,
		       (unsigned int)total);
	}
	for (size_t i = 0; i < count; i++) {
		test_current = sorted[i];
		test_current_failed = false;
		test_skipped_why = NULL;
		test_context_text[0] = '\0';
		test_current->run();
		if (test_skipped_why != NULL && !test_current_failed) {
			printf("TEST %s.%s skipped: %s\n", test_current->area,
			       test_current->behaviour, test_skipped_why);
			continue;
		}
		printf("TEST %s.%s %s\n", test_current->area, test_current->behaviour,
		       test_current_failed ? "FAIL" : "ok");
		all_passed = all_passed && !test_current_failed;
	}
	printf("RESULT %s\n", all_passed ? "PASS" : "FAIL");
	fflush(stdout);
	return all_passed ? 0 : 1;
}
