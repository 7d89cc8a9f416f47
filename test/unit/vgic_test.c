// SPDX-License-Identifier: MIT
/*
 * Unit tests of the virtual GICv3 (kernel/arch/arm64/vgic.c and vgic_mmio.c,
 * reached through mmio_trap.c as trapped accesses are):
 * register emulation from the syndrome of a trapped access, the list
 * register logic against a model of the ICH registers, and the physical
 * interrupts of devices (irq.c) against a model of the GIC's CPU interface.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <abi/guest_layout.h>
#include <domain.h>
#include <errno.h>
#include <irq.h>
#include <pcpu.h>
#include <traps.h>
#include <vgic.h>
#include <vgic_hw.h>

#define LRS 4
#define GICD(off) (GUEST_GICD_BASE + (off))
#define GICR(cpu, off) (GUEST_GICR_BASE + (cpu)*GUEST_GICR_STRIDE + (off))
#define SGI_BASE 0x10000

/* --- models of what vgic.c touches ------------------------------------------------ */

static uint64_t hw_lr[LRS], hw_hcr;
static unsigned int kicks[DOMAIN_VCPUS_MAX];
static bool spi_unmasked[GUEST_SPI_LAST + 1];

/* The physical GIC as irq.c sees it: a device's level (line), the distributor's
 * mask (spi_unmasked) and the active state set by acknowledging. */
#define ACK_STORM 1000 /* acknowledged in one call: irq_handle never came back */
static bool line[GUEST_SPI_LAST + 1], active[GUEST_SPI_LAST + 1];
static bool kick_storm; /* SGI 0 pending again as soon as it is taken */
static unsigned int acks, logs;

struct pcpu pcpus[BOOT_CPUS_MAX];

unsigned int vgic_hw_lr_count(void)
{
	return LRS;
}
uint64_t vgic_hw_lr_read(unsigned int n)
{
	return hw_lr[n];
}
void vgic_hw_lr_write(unsigned int n, uint64_t value)
{
	hw_lr[n] = value;
}
void vgic_hw_set_hcr(uint64_t hcr)
{
	hw_hcr = hcr;
}
void vgic_hw_save(uint64_t *vmcr, uint64_t apr[2][4])
{
	*vmcr = 0;
	apr[1][0] = 0;
}
void vgic_hw_restore(uint64_t vmcr, const uint64_t apr[2][4], uint64_t hcr)
{
	(void)vmcr;
	(void)apr;
	hw_hcr = hcr;
}
bool gic_ppi_active(unsigned int intid)
{
	(void)intid;
	return false;
}
void gic_ppi_set_active(unsigned int intid, bool active)
{
	(void)intid;
	(void)active;
}
void gic_spi_enable(unsigned int intid, bool enable)
{
	spi_unmasked[intid] = enable;
}
unsigned int gic_ack(void)
{
	if (++acks > ACK_STORM) {
		fail_msg("irq_handle keeps taking interrupts");
	}
	if (kick_storm) {
		return 0;
	}
	for (unsigned int i = 32; i <= GUEST_SPI_LAST; i++) {
		if (line[i] && spi_unmasked[i] && !active[i]) {
			active[i] = true;
			return i;
		}
	}
	return 1023;
}
void gic_priority_drop(unsigned int intid)
{
	(void)intid;
}
void gic_deactivate(unsigned int intid)
{
	if (intid <= GUEST_SPI_LAST) {
		active[intid] = false;
	}
}
void gic_spi_setup(unsigned int intid, uint64_t target_mpidr)
{
	(void)target_mpidr;
	spi_unmasked[intid] = true;
}
void sched_timer_expired(void)
{
}
void domain_put(struct domain *d)
{
	d->refs--;
}
void log_info(const char *fmt, ...)
{
	(void)fmt;
	logs++;
}
void sched_vcpu_kick(struct vcpu *v)
{
	kicks[v->id]++;
}
static bool upcall; /* the guest's evtchn_upcall_pending, as the fake reports it */
bool evtchn_upcall_pending(struct vcpu *v)
{
	(void)v;
	return upcall;
}
unsigned int arch_cpu_index(void)
{
	return 0;
}
struct pcpu *this_pcpu(void)
{
	static struct pcpu only; /* the test runs on one CPU */

	return &only;
}
void arch_wait_until_zero(const uint32_t *word)
{
	fail_msg("a spinlock held at %p: the test runs on one CPU", (const void *)word);
}
void panic(const char *fmt, ...)
{
	mock_assert(0, fmt, __FILE__, __LINE__);
	abort();
}

/* --- a domain with two vCPUs --------------------------------------------------------- */

static struct domain dom;
static struct vcpu cpus[2];

static int setup(void **state)
{
	(void)state;
	memset(&dom, 0, sizeof(dom));
	memset(cpus, 0, sizeof(cpus));
	memset(hw_lr, 0, sizeof(hw_lr));
	memset(kicks, 0, sizeof(kicks));
	memset(spi_unmasked, 0, sizeof(spi_unmasked));
	memset(line, 0, sizeof(line));
	memset(active, 0, sizeof(active));
	kick_storm = false;
	acks = 0;
	logs = 0;
	dom.vcpu_count = 2;
	for (unsigned int i = 0; i < 2; i++) {
		cpus[i].domain = &dom;
		cpus[i].id = i;
		cpus[i].mpidr = GUEST_MPIDR(i);
		dom.vcpus[i] = &cpus[i];
		vgic_vcpu_reset(&cpus[i]);
	}
	arch_domain_init(&dom);
	return 0;
}

/* A trapped data abort's syndrome: valid, size, register x1, direction. */
static uint64_t esr(unsigned int size, bool write)
{
	unsigned int sas = size == 1 ? 0 : size == 2 ? 1 : size == 4 ? 2 : 3;

	return (1ull << 24) | ((uint64_t)sas << 22) | (1ull << 16) | (size == 8 ? 1ull << 15 : 0) |
	       (write ? 1ull << 6 : 0);
}

static bool mmio_write(unsigned int cpu, uint64_t ipa, unsigned int size, uint64_t value)
{
	cpus[cpu].regs.x[1] = value;
	return mmio_trap(&cpus[cpu], ipa_make(ipa), esr(size, true));
}

static uint64_t mmio_read(unsigned int cpu, uint64_t ipa, unsigned int size)
{
	cpus[cpu].regs.x[1] = 0xdeadbeefdeadbeef;
	assert_true(mmio_trap(&cpus[cpu], ipa_make(ipa), esr(size, false)));
	return cpus[cpu].regs.x[1];
}

/* --- register emulation ---------------------------------------------------------------- */

static void test_identification(void **state)
{
	(void)state;
	assert_int_equal(mmio_read(0, GICD(0x0004), 4), (9u << 19) | 2);
	assert_int_equal(mmio_read(0, GICD(0xffe8), 4), 0x3b);
	assert_int_equal(mmio_read(0, GICR(1, 0xffe8), 4), 0x3b);
	assert_int_equal(mmio_read(0, GICD(0x0008), 4), 0x43b);
}

static void test_ctlr_enable_and_fixed_bits(void **state)
{
	(void)state;
	assert_int_equal(mmio_read(0, GICD(0), 4), 0x50);
	assert_true(mmio_write(0, GICD(0), 4, 0xffffffff));
	assert_int_equal(mmio_read(1, GICD(0), 4), 0x52);
	assert_true(dom.arch.vgic.enabled);
}

static void test_redistributor_typer(void **state)
{
	(void)state;
	assert_int_equal(mmio_read(0, GICR(0, 0x8), 8), 0x0ull << 32 | 0 << 8);
	assert_int_equal(mmio_read(0, GICR(1, 0x8), 8), 1ull << 32 | 1 << 8 | 1 << 4);
	assert_int_equal(mmio_read(0, GICR(1, 0x8), 4), 1 << 8 | 1 << 4);
	assert_int_equal(mmio_read(0, GICR(1, 0xc), 4), 1);
	assert_true(mmio_write(0, GICR(1, 0x8), 8, 0)); /* read-only: ignored */
	assert_int_equal(mmio_read(0, GICR(1, 0x8), 8), 1ull << 32 | 1 << 8 | 1 << 4);
}

static void test_waker_handshake(void **state)
{
	(void)state;
	assert_int_equal(mmio_read(0, GICR(0, 0x14), 4), 6);
	assert_true(mmio_write(0, GICR(0, 0x14), 4, 0));
	assert_int_equal(mmio_read(0, GICR(0, 0x14), 4), 0);
	assert_int_equal(mmio_read(0, GICR(1, 0x14), 4), 6); /* each vCPU its own */
}

static void test_enable_pending_active_bits(void **state)
{
	(void)state;
	assert_true(mmio_write(0, GICR(1, SGI_BASE + 0x100), 4, 0x08000005));
	assert_int_equal(mmio_read(0, GICR(1, SGI_BASE + 0x100), 4), 0x08000005);
	assert_true(cpus[1].arch.vgic.priv[27].enabled);
	assert_false(cpus[0].arch.vgic.priv[27].enabled);
	assert_true(mmio_write(1, GICR(1, SGI_BASE + 0x180), 4, 0x1));
	assert_int_equal(mmio_read(1, GICR(1, SGI_BASE + 0x180), 4), 0x08000004);
	assert_true(mmio_write(0, GICR(0, SGI_BASE + 0x200), 4, 0x2)); /* pend SGI 1 */
	assert_int_equal(mmio_read(0, GICR(0, SGI_BASE + 0x200), 4), 0x2);
	assert_true(mmio_write(0, GICR(0, SGI_BASE + 0x280), 4, 0x2));
	assert_int_equal(mmio_read(0, GICR(0, SGI_BASE + 0x200), 4), 0);
	/* The forwarded timer cannot be pended or activated by software. */
	assert_true(mmio_write(0, GICR(0, SGI_BASE + 0x200), 4, 1u << 27));
	assert_true(mmio_write(0, GICR(0, SGI_BASE + 0x300), 4, 1u << 27));
	assert_false(cpus[0].arch.vgic.priv[27].pending);
	assert_false(cpus[0].arch.vgic.priv[27].active);
	/* SPIs at the distributor, INTIDs 32..95. */
	assert_true(mmio_write(0, GICD(0x104), 4, 0x80000001));
	assert_true(mmio_write(0, GICD(0x108), 4, 0x80000000));
	assert_true(dom.arch.vgic.spi[0].enabled && dom.arch.vgic.spi[31].enabled &&
		    dom.arch.vgic.spi[63].enabled);
	assert_int_equal(mmio_read(0, GICD(0x10c), 4), 0); /* beyond the SPIs */
	assert_int_equal(mmio_read(0, GICD(0x100), 4), 0); /* private ones are in the GICR */
}

static void test_priorities_bytes_and_words(void **state)
{
	(void)state;
	assert_true(mmio_write(0, GICR(0, SGI_BASE + 0x400 + 27), 1, 0xff));
	assert_int_equal(cpus[0].arch.vgic.priv[27].priority, 0xf8);
	assert_true(mmio_write(0, GICR(0, SGI_BASE + 0x404), 4, 0x11223344));
	assert_int_equal(mmio_read(0, GICR(0, SGI_BASE + 0x404), 4), 0x10203040);
	assert_true(mmio_write(0, GICD(0x420), 4, 0xa0a0a0a0));
	assert_int_equal(dom.arch.vgic.spi[3].priority, 0xa0);
	assert_int_equal(mmio_read(0, GICD(0x400), 4), 0); /* SGIs: not in the GICD */
	assert_int_equal(mmio_read(0, GICD(0x460), 4), 0); /* beyond the SPIs */
}

static void test_router(void **state)
{
	(void)state;
	assert_true(mmio_write(0, GICD(0x6000 + 8 * 40), 8, 0xffffffffffffffffull));
	assert_int_equal(mmio_read(0, GICD(0x6000 + 8 * 40), 8), 0xff80ffffffull);
	assert_true(mmio_write(0, GICD(0x6000 + 8 * 41), 4, 0x1));
	assert_true(mmio_write(0, GICD(0x6000 + 8 * 41 + 4), 4, 0x0));
	assert_int_equal(mmio_read(0, GICD(0x6000 + 8 * 41), 8), 1);
	assert_int_equal(mmio_read(0, GICD(0x6000 + 8 * 20), 8), 0); /* a PPI: no router */
	assert_int_equal(mmio_read(0, GICD(0x6000 + 8 * 1000), 8), 0);
}

static void test_bad_accesses(void **state)
{
	(void)state;
	assert_false(mmio_write(0, GICD(0), 2, 1));      /* 16-bit */
	assert_false(mmio_write(0, GICD(0), 8, 1));      /* 64-bit to a 32-bit register */
	assert_false(mmio_write(0, GICD(0), 1, 1));      /* byte to a word register */
	assert_false(mmio_write(0, GICD(0x102), 4, 1));  /* unaligned */
	assert_false(mmio_write(0, GICD(0x6004), 8, 1)); /* unaligned 64-bit */
	assert_false(mmio_write(0, GICR(0, 0x14), 8, 0));
	assert_false(mmio_write(0, GICR(2, 0), 4, 0)); /* no third redistributor */
	assert_false(mmio_trap(&cpus[0], ipa_make(GICR(1, 0)), 1ull << 22 /* ISV clear */));
	assert_false(
		mmio_trap(&cpus[0], ipa_make(0x08000000), esr(4, false))); /* not a GIC window */
	assert_int_equal(mmio_read(0, GICD(0x0040), 4), 0);                /* reserved: RAZ */
	assert_true(mmio_write(0, GICD(0x0040), 4, 1));                    /* and WI */
	assert_int_equal(mmio_read(0, GICR(0, 0x8000), 4), 0);
	assert_true(mmio_write(0, GICR(0, SGI_BASE + 0xc00), 4, 0)); /* ICFGR0 read-only */
	assert_int_equal(mmio_read(0, GICR(0, SGI_BASE + 0xc00), 4), 0xaaaaaaaa);
	assert_int_equal(cpus[0].regs.pc, 5 * 4); /* only the emulated accesses advanced pc */
}

static void test_read_into_xzr_and_sign_extension(void **state)
{
	uint64_t e = esr(1, false) | (1ull << 21); /* LDRSB into a W register */

	(void)state;
	assert_true(mmio_write(0, GICR(0, SGI_BASE + 0x400), 1, 0x80));
	cpus[0].regs.x[1] = 0;
	assert_true(mmio_trap(&cpus[0], ipa_make(GICR(0, SGI_BASE + 0x400)), e));
	assert_int_equal(cpus[0].regs.x[1], 0xffffff80);
	e = esr(4, false) & ~(31ull << 16);
	e |= 31ull << 16; /* Rt = xzr: nothing written */
	assert_true(mmio_trap(&cpus[0], ipa_make(GICD(0)), e));
}

/* --- another device in the same table ------------------------------------------------ */

#define UART 0x09000000ull

static struct mmio_access seen;
static unsigned int seen_count;

/* Records what it is handed; reads return 0x8001, and offset 0xff0 is refused. */
static bool fake_uart(struct vcpu *v, struct mmio_access *a)
{
	assert_ptr_equal(v, &cpus[0]);
	seen = *a;
	seen_count++;
	if (!a->write) {
		a->value = 0x8001;
	}
	return a->offset != 0xff0;
}

static void test_other_device_gets_decoded_accesses(void **state)
{
	(void)state;
	assert_int_equal(mmio_register(&dom.arch.mmio, ipa_make(UART), 0x1000, fake_uart), 0);
	/* The vGIC's windows are taken: nobody else may claim them. */
	assert_int_equal(mmio_register(&dom.arch.mmio, ipa_make(GICD(0x1000)), 8, fake_uart),
			 -EEXIST);
	assert_true(mmio_write(0, UART + 0x12, 2, 0xabcd1234)); /* STRH: the low half only */
	assert_int_equal(seen.addr.ipa, UART + 0x12);
	assert_int_equal(seen.offset, 0x12);
	assert_int_equal(seen.size, 2);
	assert_true(seen.write);
	assert_int_equal(seen.value, 0x1234);
	cpus[0].regs.x[1] = 0;
	assert_true(mmio_trap(&cpus[0], ipa_make(UART + 0x20), esr(2, false) | (1ull << 21)));
	assert_false(seen.write);
	assert_int_equal(cpus[0].regs.x[1], 0xffff8001);  /* LDRSH into a W register */
	assert_false(mmio_write(0, UART + 0xff0, 4, 0));  /* the device refuses: an abort */
	assert_false(mmio_write(0, UART + 0x1000, 4, 0)); /* past its range: nobody's */
	assert_int_equal(seen_count, 3);
	assert_int_equal(cpus[0].regs.pc, 2 * 4); /* only the emulated accesses advanced pc */
}

/* --- delivery through list registers ------------------------------------------------ */

static void enable_all(void)
{
	dom.arch.vgic.enabled = true;
	for (unsigned int c = 0; c < 2; c++) {
		for (unsigned int i = 0; i < VGIC_PRIVATE; i++) {
			cpus[c].arch.vgic.priv[i].enabled = true;
		}
	}
}

static void test_sgi_targets(void **state)
{
	(void)state;
	vgic_sgi(&cpus[0], (3ull << 24) | 0x2); /* vCPU 1 */
	assert_true(cpus[1].arch.vgic.priv[3].pending);
	assert_false(cpus[0].arch.vgic.priv[3].pending);
	vgic_sgi(&cpus[1], (4ull << 24) | (1ull << 40)); /* all but self */
	assert_true(cpus[0].arch.vgic.priv[4].pending);
	assert_false(cpus[1].arch.vgic.priv[4].pending);
	vgic_sgi(&cpus[0], (5ull << 24) | (1ull << 16) | 0xffff); /* Aff1 = 1: nobody */
	vgic_sgi(&cpus[0], (5ull << 24) | 0xfffc);                /* vCPUs 2..15: none exist */
	assert_false(cpus[0].arch.vgic.priv[5].pending || cpus[1].arch.vgic.priv[5].pending);
	assert_int_equal(kicks[0], 1);
	assert_int_equal(kicks[1], 1);
}

static void test_flush_by_priority_and_overflow(void **state)
{
	struct vgic_cpu *c = &cpus[0].arch.vgic;

	(void)state;
	enable_all();
	for (unsigned int i = 0; i < 6; i++) {
		c->priv[i].priority = (uint8_t)(0xf0 - 0x10 * i);
		vgic_inject(&cpus[0], i);
	}
	vgic_flush(&cpus[0]);
	/* The four most urgent (SGIs 5, 4, 3, 2) are listed, pending, Group 1. */
	for (unsigned int n = 0; n < LRS; n++) {
		assert_int_equal(hw_lr[n] & 0xffffffff, 5 - n);
		assert_int_equal(hw_lr[n] >> 62, 1);
		assert_true(hw_lr[n] & (1ull << 60));
		assert_int_equal((hw_lr[n] >> 48) & 0xff, c->priv[5 - n].priority);
	}
	assert_true(hw_hcr & 2); /* underflow interrupt wanted: two are left */
	assert_true(vgic_pending(&cpus[0]));
}

static void test_sync_frees_completed(void **state)
{
	(void)state;
	enable_all();
	vgic_inject(&cpus[0], 7);
	vgic_flush(&cpus[0]);
	assert_int_equal(cpus[0].arch.vgic.priv[7].lr, 0);
	hw_lr[0] = 7; /* the guest acknowledged and completed it */
	vgic_sync(&cpus[0]);
	assert_int_equal(cpus[0].arch.vgic.priv[7].lr, -1);
	assert_int_equal(cpus[0].arch.vgic.lr_used, 0);
	assert_int_equal(hw_lr[0], 7); /* left empty as it is: rewritten whole when reused */
	assert_false(vgic_pending(&cpus[0]));
	assert_false(hw_hcr & 2);
}

static void test_active_stays_listed(void **state)
{
	(void)state;
	enable_all();
	vgic_inject(&cpus[0], 7);
	vgic_flush(&cpus[0]);
	hw_lr[0] = (2ull << 62) | 7; /* acknowledged, being handled */
	vgic_sync(&cpus[0]);
	assert_int_equal(cpus[0].arch.vgic.priv[7].lr, 0);
	vgic_inject(&cpus[0], 7); /* again while active: the same LR, pending and active */
	vgic_flush(&cpus[0]);
	assert_int_equal(hw_lr[0] >> 62, 3);
	assert_int_equal(hw_lr[1], 0);
	assert_false(cpus[0].arch.vgic.priv[7].pending);
	assert_false(vgic_pending(&cpus[0])); /* nothing a WFI could take before that EOI */
}

static void test_disabled_pending_withdrawn(void **state)
{
	(void)state;
	enable_all();
	vgic_inject(&cpus[0], 9);
	vgic_flush(&cpus[0]);
	assert_int_equal(hw_lr[0] & 0xffffffff, 9);
	cpus[0].arch.vgic.priv[9].enabled = false;
	vgic_flush(&cpus[0]);
	assert_int_equal(hw_lr[0], 0);
	assert_true(cpus[0].arch.vgic.priv[9].pending);
	assert_false(vgic_pending(&cpus[0]));
}

static void test_nothing_listed_while_distributor_off(void **state)
{
	(void)state;
	enable_all();
	dom.arch.vgic.enabled = false;
	vgic_inject(&cpus[0], 1);
	vgic_flush(&cpus[0]);
	assert_int_equal(hw_lr[0], 0);
	assert_false(vgic_pending(&cpus[0]));
}

static void test_timer_is_forwarded(void **state)
{
	(void)state;
	enable_all();
	vgic_inject(&cpus[0], VGIC_PPI_TIMER);
	vgic_flush(&cpus[0]);
	assert_int_equal(hw_lr[0] & 0xffffffff, 27);
	assert_true(hw_lr[0] & (1ull << 61));           /* HW */
	assert_int_equal((hw_lr[0] >> 32) & 0x3ff, 27); /* pINTID */
}

/* An entry that found nothing pending skips the scan of the private interrupts after it; each
 * way one becomes pending (injected, the timer, pended through the GICR by another vCPU, taken
 * back from a list register while disabled) makes the next entry look again. */
static void test_entries_after_nothing_pending_still_list(void **state)
{
	struct vgic_cpu *c = &cpus[0].arch.vgic;

	(void)state;
	enable_all();
	vgic_flush(&cpus[0]);
	assert_false(c->pending_hint);
	assert_int_equal(hw_lr[0], 0);
	vgic_inject(&cpus[0], 6);
	vgic_flush(&cpus[0]);
	assert_int_equal(hw_lr[0] & 0xffffffff, 6);
	vgic_inject(&cpus[0], VGIC_PPI_TIMER);
	vgic_flush(&cpus[0]);
	assert_int_equal(hw_lr[1] & 0xffffffff, 27);
	assert_true(mmio_write(1, GICR(0, SGI_BASE + 0x200), 4, 1u << 20)); /* PPI 20 */
	vgic_flush(&cpus[0]);
	assert_int_equal(hw_lr[2] & 0xffffffff, 20);
	/* SGI 6 disabled while listed: taken back, pending; enabled again: listed again. */
	c->priv[6].enabled = false;
	vgic_flush(&cpus[0]);
	assert_int_equal(hw_lr[0], 0);
	vgic_flush(&cpus[0]); /* an entry that finds it pending but disabled keeps looking */
	c->priv[6].enabled = true;
	vgic_flush(&cpus[0]);
	assert_int_equal(hw_lr[0] & 0xffffffff, 6);
	assert_false(c->pending_hint); /* all listed: nothing left to look for */
}

/* The entries that skip the lock: a listed interrupt is still seen completed, and an upcall
 * flag raised with no injection (the guest's own, or one set before the vCPU ran) still lists. */
static void test_entries_without_work_skip_nothing(void **state)
{
	struct vgic_cpu *c = &cpus[0].arch.vgic;

	(void)state;
	enable_all();
	vgic_inject(&cpus[0], 6);
	vgic_flush(&cpus[0]);
	assert_int_equal(c->lr_used, 1);
	hw_lr[0] = 6; /* the guest took it and completed it: state 0 */
	vgic_sync(&cpus[0]);
	assert_int_equal(c->lr_used, 0);
	assert_int_equal(c->priv[6].lr, -1);
	vgic_flush(&cpus[0]);
	assert_int_equal(hw_lr[0] >> 62, 0); /* nothing listed again */
	assert_false(c->pending_hint);
	upcall = true;
	vgic_flush(&cpus[0]);
	upcall = false;
	assert_int_equal(hw_lr[0] & 0xffffffff, GUEST_EVTCHN_PPI);
	assert_int_equal(c->lr_used, 1);
}

/* The event upcall goes straight into a list register only as the one candidate: with another
 * interrupt pending both are listed, the more urgent first; a disabled upcall waits. */
static void test_upcall_shares_the_choice(void **state)
{
	struct vgic_cpu *c = &cpus[0].arch.vgic;

	(void)state;
	enable_all();
	c->priv[GUEST_EVTCHN_PPI].priority = 0xa0;
	c->priv[5].priority = 0x20;
	vgic_inject(&cpus[0], 5);
	upcall = true;
	vgic_flush(&cpus[0]);
	assert_int_equal(hw_lr[0] & 0xffffffff, 5);
	assert_int_equal(hw_lr[1] & 0xffffffff, GUEST_EVTCHN_PPI);
	assert_int_equal(c->lr_used, 3);
	hw_lr[0] &= ~(3ull << 62); /* both completed: empty, their INTIDs kept */
	hw_lr[1] &= ~(3ull << 62);
	vgic_sync(&cpus[0]);
	c->priv[GUEST_EVTCHN_PPI].enabled = false;
	vgic_flush(&cpus[0]);
	upcall = false;
	assert_int_equal(c->lr_used, 0);
	assert_true(c->priv[GUEST_EVTCHN_PPI].pending); /* listed once the guest enables it */
	/* Cleared by the guest (ICPENDR) with its flag down: its hint bit stays, nothing lists. */
	c->priv[GUEST_EVTCHN_PPI].enabled = true;
	assert_true(mmio_write(0, GICR(0, SGI_BASE + 0x280), 4, 1u << GUEST_EVTCHN_PPI));
	assert_int_equal(c->pending_hint, 1u << GUEST_EVTCHN_PPI);
	vgic_flush(&cpus[0]);
	assert_int_equal(c->lr_used, 0);
}

/* A trap's read-back takes no lock: another pCPU may hold this vCPU's (its redistributor's
 * registers, written by another vCPU) without stalling it. */
static void test_sync_needs_no_lock(void **state)
{
	struct vgic_cpu *c = &cpus[0].arch.vgic;

	(void)state;
	enable_all();
	vgic_inject(&cpus[0], 6);
	vgic_flush(&cpus[0]);
	hw_lr[0] = 6;
	spin_lock(&c->lock); /* held elsewhere: the stand-in for waiting fails the test */
	vgic_sync(&cpus[0]);
	spin_unlock(&c->lock);
	assert_int_equal(c->lr_used, 0);
	assert_int_equal(c->priv[6].lr, -1);
}

static void test_device_spi_routed_and_unmasked_on_completion(void **state)
{
	(void)state;
	enable_all();
	dom.arch.vgic.spi[48 - 32].enabled = true;
	dom.arch.vgic.route[48 - 32] = GUEST_MPIDR(1);
	arch_domain_assign_irq(&dom, 48);
	spi_unmasked[48] = false; /* as taking it left it */
	vgic_inject_spi(&dom, 48);
	assert_int_equal(kicks[1], 1);
	vgic_flush(&cpus[0]);
	assert_int_equal(hw_lr[0], 0); /* not vCPU 0's */
	vgic_flush(&cpus[1]);
	assert_int_equal(hw_lr[0] & 0xffffffff, 48);
	assert_true(hw_lr[0] & (1ull << 41));                     /* tell us when it is done */
	assert_int_equal(mmio_read(0, GICD(0x204), 4), 1u << 16); /* pending, seen by any vCPU */
	hw_lr[0] &= ~(3ull << 62); /* completed: empty, still asking for maintenance */
	vgic_sync(&cpus[1]);
	assert_int_equal(hw_lr[0], 0); /* which ends */
	assert_true(spi_unmasked[48]);
	assert_int_equal(dom.arch.vgic.spi[48 - 32].lr, -1);
	arch_domain_release_irq(&dom, 48);
}

/* --- physical device interrupts (irq.c) ------------------------------------------------ */

static void test_late_completion_after_release_stays_masked(void **state)
{
	(void)state;
	enable_all();
	dom.arch.vgic.spi[48 - 32].enabled = true;
	arch_domain_assign_irq(&dom, 48);
	line[48] = true; /* the device asserts its level and keeps it */
	irq_handle(NULL);
	assert_false(spi_unmasked[48]); /* masked while the guest handles it */
	assert_int_equal(dom.refs, 0);  /* the delivery's reference was given back */
	vgic_flush(&cpus[0]);
	assert_int_equal(hw_lr[0] & 0xffffffff, 48);
	arch_domain_release_irq(&dom, 48); /* the domain shuts down ... */
	hw_lr[0] = 48;                     /* ... and a vCPU not yet stopped completes it */
	vgic_sync(&cpus[0]);
	assert_false(spi_unmasked[48]);
	acks = 0;
	irq_handle(NULL);
	assert_int_equal(acks, 1); /* nothing to take */
}

static void test_unowned_spi_masked_and_reported_once(void **state)
{
	(void)state;
	spi_unmasked[50] = true; /* unmasked with no owner, still asserted */
	line[50] = true;
	irq_handle(NULL);
	assert_false(spi_unmasked[50]);
	assert_false(active[50]);
	assert_int_equal(acks, 2); /* SPI 50, then nothing */
	assert_int_equal(logs, 1);
	spi_unmasked[50] = true;
	irq_handle(NULL);
	assert_false(spi_unmasked[50]);
	assert_int_equal(logs, 1); /* reported once */
}

static void test_handler_takes_a_bounded_batch(void **state)
{
	(void)state;
	kick_storm = true;
	irq_handle(NULL);
	assert_true(acks > 0 && acks <= 64); /* back to the scheduler in between */
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, setup)
	const struct CMUnitTest tests[] = {
		T(test_identification),
		T(test_ctlr_enable_and_fixed_bits),
		T(test_redistributor_typer),
		T(test_waker_handshake),
		T(test_enable_pending_active_bits),
		T(test_priorities_bytes_and_words),
		T(test_router),
		T(test_bad_accesses),
		T(test_read_into_xzr_and_sign_extension),
		T(test_other_device_gets_decoded_accesses),
		T(test_sgi_targets),
		T(test_flush_by_priority_and_overflow),
		T(test_sync_frees_completed),
		T(test_active_stays_listed),
		T(test_disabled_pending_withdrawn),
		T(test_nothing_listed_while_distributor_off),
		T(test_timer_is_forwarded),
		T(test_entries_after_nothing_pending_still_list),
		T(test_entries_without_work_skip_nothing),
		T(test_upcall_shares_the_choice),
		T(test_sync_needs_no_lock),
		T(test_device_spi_routed_and_unmasked_on_completion),
		T(test_late_completion_after_release_stays_masked),
		T(test_unowned_spi_masked_and_reported_once),
		T(test_handler_takes_a_bounded_batch),
	};

	return cmocka_run_group_tests_name("vgic", tests, NULL, NULL);
}
