/* SPDX-License-Identifier: MIT */
/* The runstate lines the scheduling system tests read from the console. */
#ifndef TEST_GUESTS_SCHED_REPORT_H
#define TEST_GUESTS_SCHED_REPORT_H

#include <abi/vcpu.h>
#include <stdint.h>

/*
 * The .check scripts of test/system parse these lines; all numbers are
 * decimal nanoseconds.
 */

/**
 * Print the four totals of info and the span of counter time the test
 * measured, as one line:
 *   runstate running_ns=<n> runnable_ns=<n> blocked_ns=<n> offline_ns=<n> elapsed_ns=<n>
 */
void report_runstate(const struct vcpu_runstate_info *info, uint64_t elapsed_ns);

/**
 * Print how much each total grew from `from` to `to`, and the counter time
 * between the two queries, as one line:
 *   runstate_window running_ns=<n> runnable_ns=<n> blocked_ns=<n> offline_ns=<n> elapsed_ns=<n>
 */
void report_runstate_window(const struct vcpu_runstate_info *from,
			    const struct vcpu_runstate_info *to, uint64_t elapsed_ns);

#endif
