// SPDX-License-Identifier: MIT
/* The hostile GIC cases' partner vCPU, interrupt counters and fault-expecting accesses. */
#include <abi/psci.h>
#include <libos/arm64.h>
#include <libos/dt.h>
#include <libos/exc.h>
#include <libos/irq.h>
#include <libos/probe.h>
#include <libos/smccc.h>
#include <libos/smp.h>
#include <libos/test.h>
#include <libos/wait.h>

#include "../common/irq_setup.h"
#include "hg.h"

#define HG_VCPUS_MAX 8
#define HG_WAIT_SECONDS 5
#define HG_START_SECONDS 10

static uint64_t hg_counts[HG_VCPUS_MAX][GIC_SPI_BASE + 32];
static unsigned int hg_vcpu_count;
static uint32_t hg_partner_ready;
static bool hg_started;
static bool hg_start_ok;

/* Every interrupt the cases use lands here: count, and vCPU 1 answers pings. */
static void hg_take(unsigned int intid, void *unused)
{
	unsigned int cpu = smp_cpu_id();

	(void)unused;
	__atomic_add_fetch(&hg_counts[cpu][intid], 1, __ATOMIC_RELEASE);
	if (cpu != 0 && intid == HG_SGI_PING) {
		(void)gic_sgi_send(HG_SGI_PONG, 1);
	}
}

static bool hg_enable_sgis(void)
{
	for (unsigned int intid = 0; intid < GIC_SGI_COUNT; intid++) {
		if (gic_irq_enable(intid) != 0) {
			return false;
		}
	}
	return true;
}

static bool hg_never(void *unused)
{
	(void)unused;
	return false;
}

static void hg_partner_main(uint64_t context)
{
	(void)context;
	if (irq_setup_secondary() && hg_enable_sgis()) {
		__atomic_store_n(&hg_partner_ready, 1, __ATOMIC_RELEASE);
	}
	(void)wait_event(hg_never, NULL);
}

static bool hg_partner_up(void *unused)
{
	(void)unused;
	return __atomic_load_n(&hg_partner_ready, __ATOMIC_ACQUIRE) != 0;
}

static bool hg_start_once(void)
{
	int vcpus = dt_cpu_count();

	if (!CHECK(vcpus >= 2 && vcpus <= HG_VCPUS_MAX) || !CHECK(irq_setup_boot())) {
		return false;
	}
	hg_vcpu_count = (unsigned int)vcpus;
	for (unsigned int intid = 0; intid < GIC_SGI_COUNT; intid++) {
		(void)irq_set_handler(intid, hg_take, NULL);
	}
	(void)irq_set_handler(HG_SPI, hg_take, NULL);
	if (!CHECK(hg_enable_sgis())) {
		return false;
	}
	smp_set_secondary_main(hg_partner_main);
	return CHECK_EQ(psci_cpu_on(GUEST_MPIDR(1), smp_secondary_entry(), 0), PSCI_SUCCESS) &&
	       CHECK(test_wait_until(hg_partner_up, NULL, HG_START_SECONDS));
}

bool hg_start(void)
{
	if (!hg_started) {
		hg_started = true;
		hg_start_ok = hg_start_once();
	}
	return hg_start_ok;
}

unsigned int hg_vcpus(void)
{
	return hg_vcpu_count;
}

uint64_t hg_taken(unsigned int vcpu, unsigned int intid)
{
	return __atomic_load_n(&hg_counts[vcpu][intid], __ATOMIC_ACQUIRE);
}

/** What hg_wait_taken waits for. */
struct hg_want {
	unsigned int vcpu;
	unsigned int intid;
	uint64_t count;
};

static bool hg_reached(void *arg)
{
	const struct hg_want *want = arg;

	return hg_taken(want->vcpu, want->intid) >= want->count;
}

bool hg_wait_taken(unsigned int vcpu, unsigned int intid, uint64_t count)
{
	struct hg_want want = { vcpu, intid, count };

	/* Polling, not WFI: a GIC broken by these cases could not deliver the timeout either. */
	return test_wait_until(hg_reached, &want, HG_WAIT_SECONDS);
}

bool hg_alive(void)
{
	uint64_t self = hg_taken(0, HG_SGI_PROBE);
	uint64_t pongs = hg_taken(0, HG_SGI_PONG);

	(void)gic_sgi_send(HG_SGI_PROBE, 1);
	if (!CHECK(hg_wait_taken(0, HG_SGI_PROBE, self + 1))) {
		return false;
	}
	(void)gic_sgi_send(HG_SGI_PING, 2);
	return CHECK(hg_wait_taken(0, HG_SGI_PONG, pongs + 1));
}

/* The probe instruction and its resume point for one width and direction. */
struct hg_probe {
	const char *insn;
	const char *resume;
};

static struct hg_probe hg_probe_of(unsigned int width, bool write)
{
	switch (width) {
	case 1:
		return write ? (struct hg_probe){ probe_write8_insn, probe_write8_resume }
			     : (struct hg_probe){ probe_read8_insn, probe_read8_resume };
	case 2:
		return write ? (struct hg_probe){ probe_write16_insn, probe_write16_resume }
			     : (struct hg_probe){ probe_read16_insn, probe_read16_resume };
	case 4:
		return write ? (struct hg_probe){ probe_write32_insn, probe_write32_resume }
			     : (struct hg_probe){ probe_read32_insn, probe_read32_resume };
	default:
		return write ? (struct hg_probe){ probe_write64_insn, probe_write64_resume }
			     : (struct hg_probe){ probe_read64_insn, probe_read64_resume };
	}
}

static uint64_t hg_probe_read(uintptr_t va, unsigned int width)
{
	switch (width) {
	case 1:
		return probe_read8(va);
	case 2:
		return probe_read16(va);
	case 4:
		return probe_read32(va);
	default:
		return probe_read64(va);
	}
}

static void hg_probe_write(uintptr_t va, unsigned int width, uint64_t value)
{
	switch (width) {
	case 1:
		probe_write8(va, (uint8_t)value);
		break;
	case 2:
		probe_write16(va, (uint16_t)value);
		break;
	case 4:
		probe_write32(va, (uint32_t)value);
		break;
	default:
		probe_write64(va, value);
		break;
	}
}

/* One access; returns whether it took a data abort, filling *rec and *value (reads). */
static bool hg_access(uintptr_t va, unsigned int width, bool write, uint64_t *value,
		      struct exc_record *rec)
{
	struct hg_probe p = hg_probe_of(width, write);

	exc_expect(ESR_EC_DABT_CUR, (uintptr_t)p.resume);
	if (write) {
		hg_probe_write(va, width, *value);
	} else {
		*value = hg_probe_read(va, width);
	}
	return exc_taken(rec);
}

static void hg_expect_ok(uintptr_t va, unsigned int width, bool write, uint64_t *value)
{
	struct exc_record rec;

	if (hg_access(va, width, write, value, &rec)) {
		test_context("%u-bit %s of 0x%lx: ESR 0x%lx", width * 8, write ? "write" : "read",
			     (unsigned long)va, (unsigned long)rec.esr);
		CHECK(!"access aborted");
		test_context(NULL);
	}
}

static void hg_expect_abort(uintptr_t va, unsigned int width, bool write, uint64_t value)
{
	struct hg_probe p = hg_probe_of(width, write);
	struct exc_record rec;
	bool aborted = hg_access(va, width, write, &value, &rec);

	if (aborted && ESR_EC(rec.esr) == ESR_EC_DABT_CUR &&
	    ESR_FSC(rec.esr) == ESR_FSC_SYNC_EXTERNAL && rec.far == va &&
	    rec.elr == (uintptr_t)p.insn) {
		return;
	}
	test_context("%u-bit %s of 0x%lx", width * 8, write ? "write" : "read", (unsigned long)va);
	if (CHECK(aborted)) {
		CHECK_EQ(ESR_FSC(rec.esr), ESR_FSC_SYNC_EXTERNAL);
		CHECK_EQ(rec.far, va);
		CHECK_EQ(rec.elr, p.insn);
	}
	test_context(NULL);
}

bool hg_try_read(uintptr_t va, unsigned int width, uint64_t *value)
{
	struct exc_record rec;

	return !hg_access(va, width, false, value, &rec);
}

bool hg_try_write(uintptr_t va, unsigned int width, uint64_t value)
{
	struct exc_record rec;

	return !hg_access(va, width, true, &value, &rec);
}

uint64_t hg_read_ok(uintptr_t va, unsigned int width)
{
	uint64_t value = 0;

	hg_expect_ok(va, width, false, &value);
	return value;
}

void hg_write_ok(uintptr_t va, unsigned int width, uint64_t value)
{
	hg_expect_ok(va, width, true, &value);
}

void hg_read_aborts(uintptr_t va, unsigned int width)
{
	hg_expect_abort(va, width, false, 0);
}

void hg_write_aborts(uintptr_t va, unsigned int width, uint64_t value)
{
	hg_expect_abort(va, width, true, value);
}

void hg_read_is(uintptr_t va, unsigned int width, uint64_t expected)
{
	uint64_t value = hg_read_ok(va, width);

	if (value != expected) {
		test_context("%u-bit read of 0x%lx", width * 8, (unsigned long)va);
		CHECK_EQ(value, expected);
		test_context(NULL);
	}
}
