// SPDX-License-Identifier: MIT
/* Shared by the event channel, grant and memory test guests: peers, set-up, bounded waits. */
#include <abi/errno.h>
#include <abi/hypercall.h>
#include <abi/sched.h>
#include <libos/counter.h>
#include <libos/dt.h>
#include <libos/evtchn.h>
#include <libos/hypercall.h>
#include <libos/test.h>
#include <libos/wait.h>
#include <stdlib.h>
#include <string.h>

#include "../common/irq_setup.h"
#include "xen_test.h"

#define POLL_NS 10000000ull

/* Set on the boot vCPU by the first xen_test_events_up. */
static bool events_tried;
static bool events_ok;

domid_t xen_test_peer(domid_t fallback)
{
	const char *args = dt_bootargs();
	const char *at = args != NULL ? strstr(args, "peer=") : NULL;
	char *end;
	unsigned long value;

	if (at == NULL) {
		return fallback;
	}
	value = strtoul(at + 5, &end, 10);
	if (end == at + 5 || value >= DOMID_FIRST_RESERVED) {
		return fallback;
	}
	return (domid_t)value;
}

bool xen_test_events_up(void)
{
	if (events_tried) {
		return events_ok;
	}
	events_tried = true;
	if (!CHECK(irq_setup_boot())) {
		return false;
	}
	events_ok = CHECK_EQ(evtchn_init(), 0);
	return events_ok;
}

bool xen_test_wait(wait_cond_fn cond, void *arg, unsigned int seconds)
{
	uint64_t deadline = counter_read() + counter_from_ns(seconds * 1000000000ull);

	for (;;) {
		uint64_t now = counter_read();
		uint64_t next = now + counter_from_ns(POLL_NS);

		if (cond(arg)) {
			return true;
		}
		if (now >= deadline) {
			return false;
		}
		if (wait_event_until(cond, arg, next < deadline ? next : deadline)) {
			return true;
		}
	}
}

/** What xen_test_wait_count waits for. */
struct count_goal {
	const uint64_t *counter;
	uint64_t target;
};

static bool count_reached(void *arg)
{
	const struct count_goal *goal = arg;

	return __atomic_load_n(goal->counter, __ATOMIC_ACQUIRE) >= goal->target;
}

bool xen_test_wait_count(const uint64_t *counter, uint64_t target, unsigned int seconds)
{
	struct count_goal goal = { counter, target };

	return xen_test_wait(count_reached, &goal, seconds);
}

long xen_test_offer_port(domid_t remote, evtchn_handler_fn fn, void *arg, evtchn_port_t *port,
			 unsigned int seconds)
{
	uint64_t deadline = counter_read() + counter_from_ns(seconds * 1000000000ull);
	long rc;

	for (;;) {
		rc = evtchn_alloc_unbound(remote, fn, arg, port);
		if (rc != -XEN_ESRCH || counter_read() >= deadline) {
			return rc;
		}
		(void)hypercall_sched_op(SCHEDOP_yield, NULL);
	}
}

static bool never(void *unused)
{
	(void)unused;
	return false;
}

void xen_test_sleep_ms(unsigned int ms)
{
	(void)wait_event_until(never, NULL, counter_read() + counter_from_ns(ms * 1000000ull));
}
