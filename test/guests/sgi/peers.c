// SPDX-License-Identifier: MIT
/* The answering vCPUs of the SGI tests and the per-vCPU, per-SGI receive counters. */
#include <abi/guest_layout.h>
#include <abi/psci.h>
#include <libos/config.h>
#include <libos/counter.h>
#include <libos/dt.h>
#include <libos/gic.h>
#include <libos/irq.h>
#include <libos/mmio.h>
#include <libos/runstate.h>
#include <libos/smccc.h>
#include <libos/smp.h>
#include <libos/test.h>
#include <libos/wait.h>
#include <stdio.h>

#include "../common/irq_setup.h"
#include "peers.h"

#define START_SECONDS 10
#define WAIT_NS 5000000000ull

/* Counters: written by the handler on the receiving vCPU, read anywhere (atomics). */
static uint64_t sgi_counts[LIBOS_MAX_CPUS][GIC_SGI_COUNT];
static unsigned int sgi_vcpus;
static uint32_t sgi_ready; /* secondaries up and answering */
static bool sgi_started;

/* Every SGI lands here: count it, then answer as peers.h says. */
static void sgi_take(unsigned int intid, void *unused)
{
	unsigned int cpu = smp_cpu_id();

	(void)unused;
	__atomic_add_fetch(&sgi_counts[cpu][intid], 1, __ATOMIC_RELEASE);
	if (cpu == 0) {
		return;
	}
	switch (intid) {
	case SGI_PING:
		(void)gic_sgi_send(SGI_PONG, 1);
		break;
	case SGI_BROADCAST:
	case SGI_MULTICAST:
	case SGI_PEER_BROADCAST:
		(void)gic_sgi_send(SGI_ACK(cpu), 1);
		break;
	case SGI_ASK:
		(void)gic_sgi_send_others(SGI_PEER_BROADCAST);
		break;
	default:
		break;
	}
}

static bool enable_sgis(void)
{
	for (unsigned int intid = 0; intid < GIC_SGI_COUNT; intid++) {
		if (gic_irq_enable(intid) != 0) {
			return false;
		}
	}
	return true;
}

static bool never(void *unused)
{
	(void)unused;
	return false;
}

/* A secondary: set up, say so, then sleep; all its work is in sgi_take. */
static void peer_main(uint64_t context)
{
	(void)context;
	if (irq_setup_secondary() && enable_sgis()) {
		__atomic_add_fetch(&sgi_ready, 1, __ATOMIC_RELEASE);
	}
	(void)wait_event(never, NULL);
}

static bool all_ready(void *unused)
{
	(void)unused;
	return __atomic_load_n(&sgi_ready, __ATOMIC_ACQUIRE) == sgi_vcpus - 1;
}

bool sgi_peers_start(void)
{
	int count = dt_cpu_count();

	if (sgi_started) {
		return all_ready(NULL);
	}
	sgi_started = true;
	if (!CHECK(count >= 2 && count <= LIBOS_MAX_CPUS) || !CHECK(irq_setup_boot())) {
		return false;
	}
	sgi_vcpus = (unsigned int)count;
	for (unsigned int intid = 0; intid < GIC_SGI_COUNT; intid++) {
		(void)irq_set_handler(intid, sgi_take, NULL);
	}
	if (!CHECK(enable_sgis())) {
		return false;
	}
	smp_set_secondary_main(peer_main);
	for (unsigned int vcpu = 1; vcpu < sgi_vcpus; vcpu++) {
		if (!CHECK_EQ(psci_cpu_on(GUEST_MPIDR(vcpu), smp_secondary_entry(), vcpu),
			      PSCI_SUCCESS)) {
			return false;
		}
	}
	if (!CHECK(test_wait_until(all_ready, NULL, START_SECONDS))) {
		return false;
	}
	printf("sgi: %u vCPUs answering\n", sgi_vcpus);
	return true;
}

unsigned int sgi_peers_count(void)
{
	return sgi_vcpus;
}

uint64_t sgi_received(unsigned int vcpu, unsigned int intid)
{
	return __atomic_load_n(&sgi_counts[vcpu][intid], __ATOMIC_ACQUIRE);
}

/** What sgi_wait_own waits for. */
struct own_count {
	unsigned int intid;
	uint64_t count;
};

static bool own_count_reached(void *arg)
{
	const struct own_count *want = arg;

	return sgi_received(0, want->intid) >= want->count;
}

/* After a wait that timed out: where each vCPU is, and what its redistributor holds. */
static void sgi_report_vcpus(unsigned int intid, uint64_t count)
{
	printf("sgi: vCPU 0 waited for SGI %u number %lu, has %lu\n", intid, (unsigned long)count,
	       (unsigned long)sgi_received(0, intid));
	for (unsigned int vcpu = 0; vcpu < sgi_vcpus; vcpu++) {
		uintptr_t sgi_frame = gic_redist_frame(vcpu) + GICR_SGI_BASE;
		struct vcpu_runstate_info info = { .state = -1 };
		long rc = runstate_get(vcpu, &info);

		printf("sgi: vCPU %u: runstate %d (rc %ld), SGIs pending 0x%04lx active 0x%04lx "
		       "enabled 0x%04lx\n",
		       vcpu, (int)info.state, rc,
		       (unsigned long)(mmio_read32(sgi_frame + GICR_ISPENDR0) & 0xffffu),
		       (unsigned long)(mmio_read32(sgi_frame + GICR_ISACTIVER0) & 0xffffu),
		       (unsigned long)(mmio_read32(sgi_frame + GICR_ISENABLER0) & 0xffffu));
	}
}

bool sgi_wait_own(unsigned int intid, uint64_t count)
{
	struct own_count want = { intid, count };

	if (wait_event_until(own_count_reached, &want, counter_read() + counter_from_ns(WAIT_NS))) {
		return true;
	}
	sgi_report_vcpus(intid, count);
	return false;
}
