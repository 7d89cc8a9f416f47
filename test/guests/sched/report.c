// SPDX-License-Identifier: MIT
/* The runstate lines of the spin and idle guests. */
#include <stdio.h>

#include "report.h"

static void report_line(const char *tag, const uint64_t *times, uint64_t elapsed_ns)
{
	printf("%s running_ns=%lu runnable_ns=%lu blocked_ns=%lu offline_ns=%lu elapsed_ns=%lu\n",
	       tag, (unsigned long)times[RUNSTATE_running], (unsigned long)times[RUNSTATE_runnable],
	       (unsigned long)times[RUNSTATE_blocked], (unsigned long)times[RUNSTATE_offline],
	       (unsigned long)elapsed_ns);
}

void report_runstate(const struct vcpu_runstate_info *info, uint64_t elapsed_ns)
{
	report_line("runstate", info->time, elapsed_ns);
}

void report_runstate_window(const struct vcpu_runstate_info *from,
			    const struct vcpu_runstate_info *to, uint64_t elapsed_ns)
{
	uint64_t grown[4];

	for (int state = RUNSTATE_running; state <= RUNSTATE_offline; state++) {
		grown[state] = to->time[state] - from->time[state];
	}
	report_line("runstate_window", grown, elapsed_ns);
}
