// SPDX-License-Identifier: MIT
/*
 * Unit tests of the boot builder (kernel/common/boot_builder.c) over real
 * domains through the host arch: a boot domain is filled at boot, and one
 * that restarts is made again cheaply where the old one stopped, its RAM and
 * modules filled by its own vCPU 0 a bounded step a turn.
 */
#include <host_arch.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include <abi/guest_layout.h>
#include <abi/sched.h>
#include <boot_builder.h>
#include <domain.h>
#include <frame.h>
#include <lib.h>
#include <sched.h>

#include "domain_fixture.h"

#define MIB (1ull << 20)
#define RAM_SIZE (32 * MIB)
#define MODULES_PA (HOST_RAM_BASE + 24 * MIB) /* reserved: the modules in host RAM */
#define MODULES_SIZE (4 * MIB)
#define GUEST_RAM (6 * MIB)
#define KERNEL_SIZE (MIB + MIB / 2 + 8) /* two steps, the second short */
#define DTB_SIZE 4096
#define STEP_PAGES 256 /* what one step may populate at most: 1 MiB */

static struct boot_desc desc;
static struct boot_desc_domain records[2]; /* what desc points at */

/* The arch's interrupt controller and clock, and the guest copies, are not under test. */
void arch_domain_init(struct domain *d)
{
	(void)d;
}

void arch_domain_assign_irq(struct domain *d, uint32_t intid)
{
	(void)d;
	(void)intid;
}

void arch_domain_release_irq(struct domain *d, uint32_t intid)
{
	(void)d;
	(void)intid;
}

void arch_wallclock(uint32_t *sec, uint32_t *nsec, uint32_t *sec_hi)
{
	*sec = 1700000000;
	*nsec = 0;
	*sec_hi = 0;
}

void arch_vcpu_raise_upcall(struct vcpu *v)
{
	(void)v;
}

int copy_to_guest(struct vcpu *v, gva_t gva, const void *src, size_t len)
{
	(void)v;
	(void)gva;
	(void)src;
	(void)len;
	return 0;
}

static void module(struct boot_desc_module *m, uint64_t offset, uint64_t size, uint64_t ipa,
		   uint8_t fill)
{
	m->host_pa = MODULES_PA + offset;
	m->size = size;
	m->load_ipa = ipa;
	memset(arch_pa_to_va(pa_make(m->host_pa)), fill, size);
}

static struct boot_desc_domain *record(unsigned int i, const char *name, uint16_t domid)
{
	struct boot_desc_domain *r = &records[i];

	strlcpy(r->name, name, sizeof(r->name));
	r->domid = domid;
	r->vcpu_count = 1;
	r->ram_bytes = GUEST_RAM;
	r->weight = 256;
	r->affinity = 1;
	r->grant_frames = 1;
	r->on_reboot = BOOT_DESC_ACTION_RESTART;
	r->on_poweroff = BOOT_DESC_ACTION_DESTROY;
	r->on_crash = BOOT_DESC_ACTION_DESTROY;
	return r;
}

static int setup(void **state)
{
	struct mem_range bank = { pa_make(HOST_RAM_BASE), RAM_SIZE };
	struct mem_range modules = { pa_make(MODULES_PA), MODULES_SIZE };
	struct boot_desc_domain *r;

	(void)state;
	host_ram_init(RAM_SIZE);
	host_reset_logs();
	assert_int_equal(frame_init(&bank, 1, &modules, 1), 0);
	memset(pcpus, 0, sizeof(pcpus));
	pcpu_count = 1;
	pcpus[0].online = true;
	host_cpu = 0;
	host_now = 1000000000ull;
	memset(records, 0, sizeof(records));
	desc.count = 2;
	desc.domains = records;
	r = record(0, "guest", 5);
	module(&r->kernel, 0, KERNEL_SIZE, GUEST_RAM_BASE + 2 * MIB, 0xa5);
	module(&r->dtb, 2 * MIB, DTB_SIZE, GUEST_RAM_BASE + MIB, 0x5a);
	r = record(1, "other", 6); /* keeps the machine on while the guest restarts */
	module(&r->kernel, 3 * MIB, DTB_SIZE, GUEST_RAM_BASE, 0x11);
	return 0;
}

/* Take every vCPU off the pCPU (paused, nothing runs), then destroy them all. */
static int teardown(void **state)
{
	struct domain *d;

	(void)state;
	for (uint16_t next = 0; (d = domain_get_next(next)) != NULL;) {
		next = (uint16_t)(d->domid + 1);
		(void)domain_pause(d);
		domain_put(d);
	}
	assert_null(sched_next(&pcpus[0]));
	domain_fixture_destroy_all();
	return 0;
}

static struct domain *domain_by_id(uint16_t domid)
{
	struct domain *d = domain_get_next(domid);

	assert_non_null(d);
	assert_int_equal(d->domid, domid);
	domain_put(d); /* the registry's reference keeps it */
	return d;
}

/* Whether len bytes of d's RAM at ipa all hold byte. */
static bool guest_holds(struct domain *d, uint64_t ipa, uint64_t len, uint8_t byte)
{
	for (uint64_t off = 0; off < len; off++) {
		paddr_t pa;

		if (!stage2_lookup(&d->s2, ipa_make((ipa + off) & PAGE_MASK), &pa, NULL) ||
		    ((uint8_t *)arch_pa_to_va(pa))[(ipa + off) & ~PAGE_MASK] != byte) {
			return false;
		}
	}
	return true;
}

/* The pCPU's next vCPU to enter its guest, as the arch's exit path asks:
 * each pick that does a step of a build instead counts in *steps. */
static struct vcpu *next_to_enter(struct domain *building, unsigned int *steps)
{
	struct vcpu *v;

	for (unsigned int picks = 0; picks < 1000; picks++) {
		uint64_t pages;

		if (host_timer[0] && host_timer[0] <= host_now) {
			sched_timer_expired(); /* its interrupt, taken between two steps */
		}
		v = sched_next(&pcpus[0]);
		assert_non_null(v);
		pages = v->domain->ram_pages;
		if (!domain_prepare_step(v)) {
			return v;
		}
		/* A step is done by the rebuilt domain's own vCPU 0, and is bounded. */
		assert_ptr_equal(v->domain, building);
		assert_int_equal(v->id, 0);
		assert_true(v->domain->ram_pages - pages <= STEP_PAGES);
		(*steps)++;
		host_now += 100000; /* the step's time, charged to v at the next pick */
	}
	fail_msg("the build never ended");
	return NULL;
}

static void test_boot_fills_at_once(void **state)
{
	struct domain *d;
	unsigned int steps = 0;

	(void)state;
	assert_int_equal(boot_builder_start(&desc), 0);
	d = domain_by_id(5);
	assert_int_equal(d->ram_pages, GUEST_RAM >> PAGE_SHIFT);
	assert_null(d->prepare);
	assert_true(guest_holds(d, GUEST_RAM_BASE + 2 * MIB, KERNEL_SIZE, 0xa5));
	assert_true(guest_holds(d, GUEST_RAM_BASE + MIB, DTB_SIZE, 0x5a));
	assert_int_equal(d->vcpus[0]->regs.pc, GUEST_RAM_BASE + 2 * MIB);
	assert_int_equal(d->vcpus[0]->regs.x[0], GUEST_RAM_BASE + MIB);
	assert_non_null(next_to_enter(NULL, &steps));
	assert_int_equal(steps, 0);
}

/* The old incarnation stops on a pCPU: that pCPU makes the new one without
 * filling it; the new one's vCPU 0 fills it on its own turns, 1 MiB a step. */
static void test_restart_is_filled_by_its_own_vcpu(void **state)
{
	struct domain *old, *again;
	unsigned int steps = 0;
	uint32_t generation;
	struct vcpu *v;

	(void)state;
	assert_int_equal(boot_builder_start(&desc), 0);
	old = domain_by_id(5);
	while (pcpus[0].current != old->vcpus[0]) {
		host_now += SCHED_SLICE_NS;
		(void)next_to_enter(NULL, &steps);
	}
	generation = old->generation;
	domain_shutdown(old, SHUTDOWN_reboot); /* from its own vCPU: still loaded */
	v = next_to_enter(NULL, &steps);       /* switching away finalizes it */
	again = domain_by_id(5);
	assert_int_not_equal(again->generation, generation);
	assert_int_equal(steps, 0);
	/* Where the old one stopped, the new one was only made: no RAM yet. */
	assert_int_equal(again->ram_pages, 0);
	assert_non_null(again->prepare);
	assert_int_equal(again->vcpus[0]->state, VCPU_RUNNABLE);
	assert_ptr_equal(v->domain, domain_by_id(6));
	while (!again->vcpus[0]->loaded || again->prepare) {
		host_now += SCHED_SLICE_NS; /* the other domain's turn ends */
		v = next_to_enter(again, &steps);
	}
	/* First the old incarnation's memory back, a level-3 table (or 512 empty entries) a
	 * step; then 6 MiB of RAM, the kernel in two pieces and the DTB in one. */
	assert_false(domain_reap_some()); /* nothing of the old one is left to give back */
	assert_in_range(steps, 3 + 6 + 2 + 1 + 1, 12 + 6 + 2 + 1 + 1);
	assert_ptr_equal(v, again->vcpus[0]);
	assert_int_equal(again->ram_pages, GUEST_RAM >> PAGE_SHIFT);
	assert_true(guest_holds(again, GUEST_RAM_BASE + 2 * MIB, KERNEL_SIZE, 0xa5));
	assert_true(guest_holds(again, GUEST_RAM_BASE + MIB, DTB_SIZE, 0x5a));
	assert_true(guest_holds(again, GUEST_RAM_BASE, MIB, 0));
	assert_int_equal(v->regs.pc, GUEST_RAM_BASE + 2 * MIB);
	assert_true(v->runstate.time[RUNSTATE_running] > 0); /* the steps were its time */
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_boot_fills_at_once),
		T(test_restart_is_filled_by_its_own_vcpu),
	};
#undef T

	return cmocka_run_group_tests_name("boot_builder", tests, NULL, NULL);
}
