// SPDX-License-Identifier: MIT
/*
 * Events between the vCPUs of one domain: IPI ports to another vCPU, and a
 * loopback interdomain channel moved between vCPUs with bind_vcpu. Each
 * vCPU registered its own vcpu_info, so this also checks that events for
 * vCPU 1 are signalled there and handled there.
 */
#include <abi/errno.h>
#include <abi/hypercall.h>
#include <abi/guest_layout.h>
#include <abi/psci.h>
#include <libos/config.h>
#include <libos/dt.h>
#include <libos/evtchn.h>
#include <libos/smccc.h>
#include <libos/smp.h>
#include <libos/test.h>
#include <libos/vcpu_info.h>
#include <libos/wait.h>

#include "../common/irq_setup.h"
#include "../xen_common/xen_test.h"

#define VCPU_IPI_ROUNDS 1000u
#define VCPU_IPI_WAIT_SECONDS 5u

/* Shared between the vCPUs; atomics. */
static uint64_t second_state; /* 0 starting, 1 ready, 2 failed, 3 stopped */
static bool second_stop;
static evtchn_port_t answer_port;      /* vCPU 1 answers on this port */
static uint64_t taken[LIBOS_MAX_CPUS]; /* events taken, per vCPU */
static uint64_t misrouted;             /* events a handler took on the wrong vCPU */

static bool stop_asked(void *unused)
{
	(void)unused;
	return __atomic_load_n(&second_stop, __ATOMIC_ACQUIRE);
}

/* vCPU 1: interrupts, its own vcpu_info and PPI 31, then sleep until told to stop. */
static void second_main(uint64_t context)
{
	(void)context;
	if (!irq_setup_secondary() || evtchn_cpu_init() != 0) {
		__atomic_store_n(&second_state, 2, __ATOMIC_RELEASE);
		return;
	}
	__atomic_store_n(&second_state, 1, __ATOMIC_RELEASE);
	(void)wait_event(stop_asked, NULL);
	__atomic_store_n(&second_state, 3, __ATOMIC_RELEASE);
}

static bool second_settled(void *unused)
{
	(void)unused;
	return __atomic_load_n(&second_state, __ATOMIC_ACQUIRE) != 0;
}

/* Start vCPU 1 once; true when it is up and takes events. */
static bool second_up(void)
{
	static bool started;

	if (!started) {
		started = true;
		smp_set_secondary_main(second_main);
		if (!CHECK_EQ(psci_cpu_on(GUEST_MPIDR(1), smp_secondary_entry(), 0),
			      PSCI_SUCCESS)) {
			return false;
		}
		CHECK(xen_test_wait(second_settled, NULL, VCPU_IPI_WAIT_SECONDS));
	}
	return __atomic_load_n(&second_state, __ATOMIC_ACQUIRE) == 1;
}

/* Count the event on the vCPU that took it; arg is the vCPU it should have been. */
static void count_event(evtchn_port_t port, void *arg)
{
	unsigned int cpu = smp_cpu_id();

	(void)port;
	if (cpu != (unsigned int)(uintptr_t)arg) {
		__atomic_add_fetch(&misrouted, 1, __ATOMIC_RELAXED);
	}
	__atomic_add_fetch(&taken[cpu], 1, __ATOMIC_RELEASE);
}

/* On vCPU 1: count, then answer vCPU 0. */
static void answer_event(evtchn_port_t port, void *arg)
{
	count_event(port, arg);
	(void)evtchn_send(__atomic_load_n(&answer_port, __ATOMIC_ACQUIRE));
}

TEST(evtchn, ipi_between_vcpus)
{
	evtchn_port_t to_second = 0;
	struct evtchn_status st;

	REQUIRE(xen_test_events_up());
	if (dt_cpu_count() < 2) {
		return;
	}
	REQUIRE(second_up());
	/* vCPU 1 registered its own vcpu_info: that is where its events are signalled. */
	CHECK(vcpu_info_of(1) == vcpu_info_slot(1));
	CHECK(vcpu_info_of(0) == vcpu_info_slot(0));

	REQUIRE_EQ(evtchn_bind_ipi(0, count_event, (void *)0, &answer_port), 0);
	REQUIRE_EQ(evtchn_bind_ipi(1, answer_event, (void *)1, &to_second), 0);
	REQUIRE_EQ(evtchn_status(to_second, &st), 0);
	CHECK_EQ(st.status, EVTCHNSTAT_ipi);
	CHECK_EQ(st.vcpu, 1);
	/* An IPI port belongs to its vCPU for good. */
	CHECK_EQ(evtchn_bind_vcpu(to_second, 0), -XEN_EINVAL);

	for (uint64_t n = 1; n <= VCPU_IPI_ROUNDS; n++) {
		test_context("round %lu", (unsigned long)n);
		REQUIRE_EQ(evtchn_send(to_second), 0);
		REQUIRE(xen_test_wait_count(&taken[0], n, VCPU_IPI_WAIT_SECONDS));
	}
	test_context(NULL);
	xen_test_sleep_ms(50);
	CHECK_EQ(__atomic_load_n(&taken[1], __ATOMIC_ACQUIRE), VCPU_IPI_ROUNDS);
	CHECK_EQ(__atomic_load_n(&taken[0], __ATOMIC_ACQUIRE), VCPU_IPI_ROUNDS);
	CHECK_EQ(__atomic_load_n(&misrouted, __ATOMIC_RELAXED), 0);
	CHECK_EQ(evtchn_close(to_second), 0);
	CHECK_EQ(evtchn_close(answer_port), 0);
}

TEST(evtchn, loopback_moves_between_vcpus)
{
	evtchn_port_t offered = 0;
	evtchn_port_t bound = 0;
	struct evtchn_status st;
	uint64_t before0;
	uint64_t before1;

	REQUIRE(xen_test_events_up());
	if (dt_cpu_count() < 2) {
		return;
	}
	REQUIRE(second_up());
	/* A channel from the domain to itself: both ends are ours. */
	REQUIRE_EQ(evtchn_alloc_unbound(DOMID_SELF, count_event, (void *)0, &offered), 0);
	REQUIRE_EQ(evtchn_bind_interdomain(DOMID_SELF, offered, NULL, NULL, &bound), 0);
	REQUIRE_EQ(evtchn_status(offered, &st), 0);
	CHECK_EQ(st.status, EVTCHNSTAT_interdomain);
	CHECK_EQ(st.u.interdomain.port, bound);

	before0 = __atomic_load_n(&taken[0], __ATOMIC_ACQUIRE);
	CHECK_EQ(evtchn_send(bound), 0);
	CHECK(xen_test_wait_count(&taken[0], before0 + 1, VCPU_IPI_WAIT_SECONDS));

	/* Moved to vCPU 1: the next event is handled there. */
	REQUIRE_EQ(evtchn_set_handler(offered, count_event, (void *)1), 0);
	REQUIRE_EQ(evtchn_bind_vcpu(offered, 1), 0);
	REQUIRE_EQ(evtchn_status(offered, &st), 0);
	CHECK_EQ(st.vcpu, 1);
	before1 = __atomic_load_n(&taken[1], __ATOMIC_ACQUIRE);
	CHECK_EQ(evtchn_send(bound), 0);
	CHECK(xen_test_wait_count(&taken[1], before1 + 1, VCPU_IPI_WAIT_SECONDS));
	CHECK_EQ(__atomic_load_n(&misrouted, __ATOMIC_RELAXED), 0);
	/* A vCPU the domain does not have. */
	CHECK_EQ(evtchn_bind_vcpu(offered, LIBOS_MAX_CPUS - 1), -XEN_ENOENT);

	/* Closing one end offers the other back to its own domain. */
	CHECK_EQ(evtchn_close(offered), 0);
	REQUIRE_EQ(evtchn_status(bound, &st), 0);
	CHECK_EQ(st.status, EVTCHNSTAT_unbound);
	CHECK_EQ(evtchn_close(bound), 0);
}

static bool second_stopped(void *unused)
{
	(void)unused;
	return __atomic_load_n(&second_state, __ATOMIC_ACQUIRE) == 3;
}

TEST(evtchn, vcpus_stop)
{
	evtchn_port_t wake = 0;

	if (dt_cpu_count() < 2 || !second_up()) {
		return;
	}
	/* Ask vCPU 1 to stop, and wake it with an event so it looks. */
	__atomic_store_n(&second_stop, true, __ATOMIC_RELEASE);
	REQUIRE_EQ(evtchn_bind_ipi(1, count_event, (void *)1, &wake), 0);
	CHECK_EQ(evtchn_send(wake), 0);
	CHECK(xen_test_wait(second_stopped, NULL, VCPU_IPI_WAIT_SECONDS));
	CHECK_EQ(evtchn_close(wake), 0);
}
