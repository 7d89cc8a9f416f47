/* SPDX-License-Identifier: MIT */
/* A small test framework for guests: TEST() cases, CHECK/REQUIRE macros, one RESULT line. */
#ifndef LIBOS_TEST_H
#define LIBOS_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * TEST(area, behaviour) { ... } defines a test case and registers it in the
 * test_cases section; the runner (test_run_all, called by the default
 * main) runs every case linked into the image, ordered by source file name
 * then line, and prints on the console:
 *
 *   TEST area.behaviour ok                     for a case without failures
 *   FAIL area.behaviour: <expr> = <actual>, expected <expected> (file:line)
 *   TEST area.behaviour FAIL                   after a case with failures
 *   TEST area.behaviour skipped: <why>         for a case that called TEST_SKIP
 *   RESULT PASS  or  RESULT FAIL               once, at the end
 *
 * then powers the domain off. Test cases run on vCPU 0, one after another.
 */

/** One registered test case (the test_cases section is an array of these). */
struct test_case {
	const char *area;
	const char *behaviour;
	const char *file;
	int line;
	void (*run)(void);
};

#define TEST(area, behaviour)                                                             \
	static void test_##area##_##behaviour(void);                                      \
	static const struct test_case test_case_##area##_##behaviour                      \
		__attribute__((used, section("test_cases"), aligned(8))) = {              \
			#area, #behaviour, __FILE__, __LINE__, test_##area##_##behaviour, \
		};                                                                        \
	static void test_##area##_##behaviour(void)

/*
 * Both sides of CHECK_EQ are converted to 64-bit integers: signed values
 * keep their sign, pointers and unsigned values their bits. Values print in
 * decimal when small, in hexadecimal otherwise.
 */
#define TEST_VALUE(v) ((int64_t)(uint64_t)(v))

/** Record a failure unless actual == expected; the test goes on. */
#define CHECK_EQ(actual, expected) \
	test_check_eq(TEST_VALUE(actual), TEST_VALUE(expected), true, #actual, __FILE__, __LINE__)

/** Record a failure unless actual != unexpected; the test goes on. */
#define CHECK_NE(actual, unexpected)                                                        \
	test_check_eq(TEST_VALUE(actual), TEST_VALUE(unexpected), false, #actual, __FILE__, \
		      __LINE__)

/** Record a failure unless cond holds; the test goes on. */
#define CHECK(cond) test_check((cond) ? true : false, #cond, __FILE__, __LINE__)

/* The REQUIRE forms end the test case (return) when they fail. */
#define REQUIRE_EQ(actual, expected)               \
	do {                                       \
		if (!CHECK_EQ(actual, expected)) { \
			return;                    \
		}                                  \
	} while (0)

#define REQUIRE(cond)               \
	do {                        \
		if (!CHECK(cond)) { \
			return;     \
		}                   \
	} while (0)

/**
 * End the test case without running it: for cases that apply to one role of
 * an image run as several domains. The runner says "skipped", never "ok".
 */
#define TEST_SKIP(why)          \
	do {                    \
		test_skip(why); \
		return;         \
	} while (0)

/** Implementation of TEST_SKIP: record that the current case did not run, and why. */
void test_skip(const char *why);

/** Implementation of CHECK_EQ (want_equal) and CHECK_NE; returns whether the check passed. */
bool test_check_eq(int64_t actual, int64_t expected, bool want_equal, const char *expr,
		   const char *file, int line);

/** Implementation of CHECK; returns cond. */
bool test_check(bool cond, const char *expr, const char *file, int line);

/**
 * Describe what the current test case is doing, printf-style; printed as
 * "  context: ..." under each later FAIL line of the case. NULL clears it.
 */
void test_context(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/**
 * Wait until cond(arg) holds, calling SCHEDOP_yield between tries, for at
 * most the given number of seconds of the virtual counter (and at most
 * 10^8 tries, should the counter not run). Returns whether cond held.
 */
bool test_wait_until(bool (*cond)(void *arg), void *arg, unsigned int seconds);

/**
 * Run every registered test case and print the RESULT line. Returns 0 if all
 * passed (and there was at least one), 1 otherwise.
 */
int test_run_all(void);

#endif
