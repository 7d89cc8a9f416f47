// SPDX-License-Identifier: MIT
/*
 * Unit tests of the control verbs (kernel/common/domain.c, the registry in
 * domain_registry.c) through the host arch: create, populate, copy in, vCPU
 * context, pause, shutdown, destroy, and that every failure and every
 * destroy leaves no frame, port or grant behind, and that every frame a
 * guest can see was cleaned to the point of coherency before it could; VMIDs
 * held one a domain, refused when all are, 16 bits where the CPU has them.
 */
#include <host_arch.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include <abi/grant_table.h>
#include <abi/guest_layout.h>
#include <abi/hypercall.h>
#include <abi/sched.h>
#include <domain.h>
#include <errno.h>
#include <evtchn.h>
#include <frame.h>
#include <grant.h>
#include <lib.h>
#include <physmap.h>
#include <sched.h>
#include <service_rings.h>

#include "domain_fixture.h"

#define MIB (1ull << 20)
#define RAM_SIZE (16 * MIB)
#define BLOCK_PA (HOST_RAM_BASE + 12 * MIB) /* reserved: a domain's RAM block */
#define BLOCK_SIZE (1 * MIB)
#define KEEPER_ID 0x7fe0 /* kept alive so that no test's last destroy powers off */
#define RAM_IPA GUEST_RAM_BASE
#define MAP_AT 0x80000000ull /* where a grant is mapped: no RAM of the test domains */

static struct domain *keeper;

/* What the stand-ins for the arch's interrupt controller saw. */
static struct domain *inited[32];
static unsigned int inited_count;
static uint32_t assigned[16], released[16];
static unsigned int assigned_count, released_count;
static unsigned int upcalls;

void arch_domain_init(struct domain *d)
{
	if (inited_count < ARRAY_SIZE(inited)) {
		inited[inited_count] = d;
	}
	inited_count++;
}

void arch_domain_assign_irq(struct domain *d, uint32_t intid)
{
	(void)d;
	assert_true(assigned_count < ARRAY_SIZE(assigned));
	assigned[assigned_count++] = intid;
}

void arch_domain_release_irq(struct domain *d, uint32_t intid)
{
	(void)d;
	assert_true(released_count < ARRAY_SIZE(released));
	released[released_count++] = intid;
}

static uint32_t wc_version_while_written; /* what a reader would have seen meanwhile */

void arch_wallclock(uint32_t *sec, uint32_t *nsec, uint32_t *sec_hi)
{
	const struct shared_info *si =
		(const void *)((uint8_t *)sec - offsetof(struct shared_info, wc_sec));

	wc_version_while_written = si->wc_version;
	*sec = 1700000000;
	*nsec = 5;
	*sec_hi = 0;
}

void arch_vcpu_raise_upcall(struct vcpu *v)
{
	(void)v;
	upcalls++;
}

int copy_to_guest(struct vcpu *v, gva_t gva, const void *src, size_t len)
{
	(void)v;
	(void)gva;
	(void)src;
	(void)len;
	return 0;
}

static struct domain_config config(const char *name, uint16_t domid)
{
	struct domain_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	strlcpy(cfg.name, name, sizeof(cfg.name));
	cfg.domid = domid;
	cfg.vcpu_count = 2;
	cfg.max_pages = 64;
	cfg.weight = 256;
	cfg.affinity = 1;
	cfg.grant_frames = 4;
	return cfg;
}

static struct domain *create(const char *name, uint16_t domid)
{
	struct domain_config cfg = config(name, domid);
	struct domain *d = NULL;

	assert_int_equal(domain_create(&cfg, &d), 0);
	assert_non_null(d);
	return d;
}

static int setup(void **state)
{
	struct mem_range bank = { pa_make(HOST_RAM_BASE), RAM_SIZE };
	struct mem_range block = { pa_make(BLOCK_PA), BLOCK_SIZE };

	(void)state;
	host_ram_init(RAM_SIZE);
	host_reset_logs();
	assert_int_equal(frame_init(&bank, 1, &block, 1), 0);
	memset(pcpus, 0, sizeof(pcpus));
	pcpu_count = 1;
	pcpus[0].online = true;
	inited_count = assigned_count = released_count = upcalls = 0;
	host_vmid_bits = 8;
	keeper = create("keeper", KEEPER_ID);
	return 0;
}

/* Destroy whatever is left; the last destroy powers the machine off. */
static int teardown(void **state)
{
	(void)state;
	domain_fixture_destroy_all();
	return 0;
}

/* The domain with id domid, ending or not, holding a reference (through the walk). */
static struct domain *domain_get_any(uint16_t domid)
{
	struct domain *d = domain_get_next(domid);

	if (d && d->domid != domid) {
		domain_put(d);
		d = NULL;
	}
	return d;
}

/* How many domains the registry lists for lookups, the keeper included. */
static unsigned int domains_listed(void)
{
	unsigned int n = 0;
	struct domain *d;

	for (uint16_t next = 0; (d = domain_get_next(next)) != NULL; n++) {
		next = (uint16_t)(d->domid + 1);
		domain_put(d);
	}
	return n;
}

static void test_create_assigns_ids_paused_registered(void **state)
{
	uint64_t before = frame_free_count();
	struct domain *a, *b, *c, *found;
	uint16_t a_id;
	char line[64];

	(void)state;
	a = create("a", 0);
	b = create("b", 0);
	c = create("c", 9);
	assert_int_not_equal(a->domid, 0); /* the next free after the last handed out */
	assert_true(b->domid > a->domid);
	assert_int_equal(c->domid, 9);
	assert_string_equal(a->name, "a");
	/* VMIDs: each its own, never 0. */
	assert_int_not_equal(a->s2.vmid, 0);
	assert_int_not_equal(a->s2.vmid, b->s2.vmid);
	assert_int_not_equal(a->s2.vmid, c->s2.vmid);
	assert_int_not_equal(b->s2.vmid, c->s2.vmid);
	assert_int_not_equal(a->s2.vmid, keeper->s2.vmid);
	assert_true(b->generation > a->generation);
	/* Paused, without RAM, its vCPUs offline. */
	assert_int_equal(a->state, DOMAIN_ACTIVE);
	assert_int_equal(a->pause_count, 1);
	assert_int_equal(a->ram_pages, 0);
	assert_int_equal(a->max_pages, 64);
	assert_int_equal(a->vcpu_count, 2);
	for (unsigned int i = 0; i < 2; i++) {
		assert_ptr_equal(a->vcpus[i]->domain, a);
		assert_int_equal(a->vcpus[i]->id, i);
		assert_int_equal(a->vcpus[i]->state, VCPU_OFFLINE);
		assert_int_equal(a->vcpus[i]->mpidr, GUEST_MPIDR(i));
	}
	assert_null(a->vcpus[2]);
	assert_non_null(a->shared_info);
	assert_int_equal(a->shared_info->wc_sec, 1700000000);
	assert_int_equal(wc_version_while_written, 1);   /* a sequence lock: odd meanwhile, */
	assert_int_equal(a->shared_info->wc_version, 2); /* then even and not 0 */
	assert_ptr_equal(a->vcpus[0]->vcpu_info, &a->shared_info->vcpu_info[0]);
	assert_non_null(a->grant);
	assert_ptr_equal(inited[1], a); /* the keeper was first */
	assert_int_equal(a->refs, 1);
	/* Registered: others find it, by id and in the walk. */
	found = domain_get(keeper, a->domid);
	assert_ptr_equal(found, a);
	assert_int_equal(a->refs, 2);
	domain_put(found);
	found = domain_get_next((uint16_t)(b->domid + 1));
	assert_ptr_equal(found, c);
	domain_put(found);
	assert_int_equal(domains_listed(), 4);
	a_id = a->domid;
	domain_fixture_destroy(a);
	domain_fixture_destroy(b);
	domain_fixture_destroy(c);
	assert_null(domain_get(keeper, a_id));
	assert_null(domain_get_any(9));
	assert_int_equal(domains_listed(), 1);
	assert_int_equal(frame_free_count(), before);
	snprintf(line, sizeof(line), "d%u (a) powered off", a_id);
	assert_non_null(strstr(host_console, line));
}

static void test_create_refused_for_a_taken_domid(void **state)
{
	struct domain_config cfg = config("second", 5);
	struct domain *first = create("first", 5), *d = NULL, *found;
	uint64_t before = frame_free_count();

	(void)state;
	assert_int_equal(domain_create(&cfg, &d), -EEXIST);
	assert_null(d);
	cfg.domid = KEEPER_ID;
	assert_int_equal(domain_create(&cfg, &d), -EEXIST);
	cfg.domid = DOMID_FIRST_RESERVED; /* out of range: the registry says taken */
	assert_int_equal(domain_create(&cfg, &d), -EEXIST);
	cfg.domid = DOMID_SELF + 1;
	assert_int_equal(domain_create(&cfg, &d), -EEXIST);
	assert_int_equal(frame_free_count(), before);
	found = domain_get(keeper, 5);
	assert_ptr_equal(found, first);
	domain_put(found);
	assert_int_equal(domains_listed(), 2);
	domain_fixture_destroy(first);
}

/* One broken field each; none may leave a frame or an id behind. */
static void test_create_refuses_invalid_configs(void **state)
{
	struct domain_config base = config("bad", 6), cfg;
	uint64_t before = frame_free_count();
	struct domain *d = NULL;
	struct domain *made;

#define REFUSED(change)                                             \
	do {                                                        \
		cfg = base;                                         \
		change;                                             \
		assert_int_equal(domain_create(&cfg, &d), -EINVAL); \
		assert_null(d);                                     \
		assert_int_equal(frame_free_count(), before);       \
	} while (0)

	(void)state;
	REFUSED(cfg.vcpu_count = 0);
	REFUSED(cfg.vcpu_count = DOMAIN_VCPUS_MAX + 1);
	REFUSED(cfg.mmio_count = DOMAIN_MMIO_MAX + 1);
	REFUSED(cfg.irq_count = DOMAIN_IRQS_MAX + 1);
	REFUSED(cfg.grant_frames = 0);
	REFUSED(cfg.grant_frames = GRANT_FRAMES_MAX + 1);
	REFUSED(cfg.weight = 0);
	REFUSED(cfg.weight = 65536);
	REFUSED(cfg.affinity = 0);
	REFUSED(cfg.rights = RIGHTS_ALL + 1);
	REFUSED(cfg.ram_block = ((struct mem_range){ pa_make(BLOCK_PA + 0x800), PAGE_SIZE }));
	REFUSED(cfg.ram_block = ((struct mem_range){ pa_make(BLOCK_PA), PAGE_SIZE + 1 }));
	REFUSED(cfg.mmio_count = 1;
		cfg.mmio[0] = ((struct mem_range){ pa_make(0x0a000800), PAGE_SIZE }));
#undef REFUSED
	assert_int_equal(domains_listed(), 1);
	/* Nothing of id 6 was kept: the valid config makes it. */
	made = create("good", 6);
	assert_int_equal(made->domid, 6);
	domain_fixture_destroy(made);
}

/*
 * A device interrupt must be an SPI a domain's GIC has (32..GUEST_SPI_LAST):
 * the arch indexes its SPI owners by it. The creator checked it; domain_create
 * checks again what the core's safety rests on.
 */
static void test_create_refuses_irqs_not_spis(void **state)
{
	static const uint32_t bad[] = { 0, 27, 31, GUEST_SPI_LAST + 1, 1020, 0xffffffffu };
	uint64_t before = frame_free_count();

	(void)state;
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		struct domain_config cfg = config("irq", 0);
		struct domain *d = NULL;

		cfg.irq_count = 1;
		cfg.irqs[0] = bad[i];
		if (domain_create(&cfg, &d) != -EINVAL) {
			fail_msg("irq %u accepted", bad[i]);
		}
		assert_int_equal(assigned_count, 0);
		assert_int_equal(frame_free_count(), before);
	}
}

/* Devices: mapped at IPA == PA as device pages, their SPIs given to the domain. */
static void test_create_maps_devices_and_irqs(void **state)
{
	struct domain_config cfg = config("dev", 0);
	uint64_t before = frame_free_count();
	enum stage2_type type;
	struct domain *d;
	paddr_t pa;

	(void)state;
	cfg.mmio_count = 2;
	cfg.mmio[0] = (struct mem_range){ pa_make(0x0a000000), 2 * PAGE_SIZE };
	cfg.mmio[1] = (struct mem_range){ pa_make(0x0a001000), PAGE_SIZE }; /* shares a page */
	cfg.irq_count = 2;
	cfg.irqs[0] = 48;
	cfg.irqs[1] = 50;
	assert_int_equal(domain_create(&cfg, &d), 0);
	assert_true(stage2_lookup(&d->s2, ipa_make(0x0a001000), &pa, &type));
	assert_int_equal(pa.pa, 0x0a001000);
	assert_int_equal(type, STAGE2_DEVICE);
	assert_false(stage2_lookup(&d->s2, ipa_make(0x0a002000), NULL, NULL));
	assert_false(domain_ipa_is_ram(d, ipa_make(0x0a000000)));
	assert_int_equal(assigned_count, 2);
	assert_int_equal(assigned[0], 48);
	assert_int_equal(assigned[1], 50);
	domain_fixture_destroy(d);
	assert_int_equal(released_count, 2); /* its shutdown stopped them */
	assert_int_equal(released[0], 48);
	assert_int_equal(released[1], 50);
	assert_int_equal(frame_free_count(), before);
}

static void test_populate_maps_ram(void **state)
{
	struct domain *d = create("ram", 0);
	uint64_t before = frame_free_count();
	enum stage2_type type;
	paddr_t pa;

	(void)state;
	assert_int_equal(domain_populate(d, ipa_make(RAM_IPA), 16), 0);
	assert_int_equal(d->ram_pages, 16);
	/* 16 pages and the two tables below the root that reach them. */
	assert_int_equal(before - frame_free_count(), 16 + 2);
	for (unsigned int i = 0; i < 16; i++) {
		assert_true(domain_ipa_is_ram(d, ipa_make(RAM_IPA + i * PAGE_SIZE)));
	}
	assert_false(domain_ipa_is_ram(d, ipa_make(RAM_IPA + 16 * PAGE_SIZE)));
	assert_false(domain_ipa_is_ram(d, ipa_make(RAM_IPA - PAGE_SIZE)));
	assert_true(stage2_lookup(&d->s2, ipa_make(RAM_IPA + 5 * PAGE_SIZE), &pa, &type));
	assert_int_equal(type, STAGE2_RAM);
	assert_true(pa.pa >= HOST_RAM_BASE && pa.pa < HOST_RAM_BASE + RAM_SIZE);
	assert_int_equal(d->max_gpfn, (RAM_IPA >> PAGE_SHIFT) + 15);
	domain_fixture_destroy(d);
}

static void test_populate_over_max_pages_gives_back(void **state)
{
	struct domain *d = create("quota", 0);
	uint64_t after_first;

	(void)state;
	assert_int_equal(domain_populate(d, ipa_make(RAM_IPA), 60), 0);
	after_first = frame_free_count();
	/* 4 pages fit under max_pages 64; the fifth does not: all 4 go back. (domain.h
	 * says -EDQUOT, which errno.h lacks: the code says -ENOMEM.) */
	assert_int_equal(domain_populate(d, ipa_make(RAM_IPA + 60 * PAGE_SIZE), 8), -ENOMEM);
	assert_int_equal(d->ram_pages, 60);
	assert_int_equal(frame_free_count(), after_first);
	for (unsigned int i = 60; i < 68; i++) {
		assert_false(domain_ipa_is_ram(d, ipa_make(RAM_IPA + i * PAGE_SIZE)));
	}
	assert_true(domain_ipa_is_ram(d, ipa_make(RAM_IPA + 59 * PAGE_SIZE)));
	/* Exactly up to the limit is fine. */
	assert_int_equal(domain_populate(d, ipa_make(RAM_IPA + 60 * PAGE_SIZE), 4), 0);
	assert_int_equal(d->ram_pages, 64);
	domain_fixture_destroy(d);
}

static void test_populate_bad_ranges(void **state)
{
	struct domain *d = create("ranges", 0);
	uint64_t before = frame_free_count();

	(void)state;
	assert_int_equal(domain_populate(d, ipa_make(RAM_IPA + 1), 1), -EINVAL);
	assert_int_equal(domain_populate(d, ipa_make(RAM_IPA + 0x800), 1), -EINVAL);
	assert_int_equal(domain_populate(d, ipa_make(1ull << STAGE2_IPA_BITS), 1), -EINVAL);
	assert_int_equal(domain_populate(d, ipa_make((1ull << STAGE2_IPA_BITS) - PAGE_SIZE), 2),
			 -EINVAL);
	assert_int_equal(domain_populate(d, ipa_make(RAM_IPA), 1ull << 52), -EINVAL);
	assert_int_equal(domain_populate(d, ipa_make(RAM_IPA), UINT64_MAX), -EINVAL);
	assert_int_equal(domain_populate(d, ipa_make(0xfffffffffffff000), 2), -EINVAL);
	assert_int_equal(d->ram_pages, 0);
	assert_int_equal(frame_free_count(), before);
	domain_fixture_destroy(d);
}

static void test_populate_already_mapped(void **state)
{
	struct domain *d = create("twice", 0);
	uint64_t after_first;

	(void)state;
	assert_int_equal(domain_populate(d, ipa_make(RAM_IPA + 4 * PAGE_SIZE), 4), 0);
	after_first = frame_free_count();
	/* Pages 0..3 are new, page 4 is mapped: the call fails and takes back 0..3 only. */
	assert_int_equal(domain_populate(d, ipa_make(RAM_IPA), 6), -EEXIST);
	assert_int_equal(d->ram_pages, 4);
	assert_int_equal(frame_free_count(), after_first);
	for (unsigned int i = 0; i < 4; i++) {
		assert_false(domain_ipa_is_ram(d, ipa_make(RAM_IPA + i * PAGE_SIZE)));
		assert_true(domain_ipa_is_ram(d, ipa_make(RAM_IPA + (4 + i) * PAGE_SIZE)));
	}
	domain_fixture_destroy(d);
}

/* A domain whose RAM is a reserved host block gets that block, page for page. */
static void test_populate_from_ram_block(void **state)
{
	struct domain_config cfg = config("block", 0);
	uint64_t before = frame_free_count();
	enum stage2_type type;
	struct domain *d;
	paddr_t pa;

	(void)state;
	cfg.ram_block = (struct mem_range){ pa_make(BLOCK_PA), 8 * PAGE_SIZE };
	cfg.max_pages = 16; /* the block, not max_pages, is what stops it */
	memset(arch_pa_to_va(pa_make(BLOCK_PA + 3 * PAGE_SIZE)), 0xee, PAGE_SIZE);
	assert_int_equal(domain_create(&cfg, &d), 0);
	assert_int_equal(domain_populate(d, ipa_make(RAM_IPA), 8), 0);
	assert_true(stage2_lookup(&d->s2, ipa_make(RAM_IPA + 3 * PAGE_SIZE), &pa, &type));
	assert_int_equal(pa.pa, BLOCK_PA + 3 * PAGE_SIZE);
	assert_int_equal(type, STAGE2_RAM_FIXED);
	assert_int_equal(*(uint8_t *)arch_pa_to_va(pa), 0); /* cleared for the domain */
	assert_int_equal(domain_populate(d, ipa_make(RAM_IPA + 8 * PAGE_SIZE), 1), -EINVAL);
	assert_int_equal(domain_populate(d, ipa_make(RAM_IPA - PAGE_SIZE), 1), -EINVAL);
	assert_int_equal(d->ram_pages, 8);
	domain_fixture_destroy(d);
	assert_int_equal(frame_free_count(), before); /* block pages were never the allocator's */
}

static uint8_t *ram_byte(struct domain *d, uint64_t ipa)
{
	paddr_t pa;

	assert_true(stage2_lookup(&d->s2, ipa_make(ipa & PAGE_MASK), &pa, NULL));
	return (uint8_t *)arch_pa_to_va(pa) + (ipa & ~PAGE_MASK);
}

static void test_copy_in(void **state)
{
	struct domain *d = create("copy", 0);
	static uint8_t src[5000];

	(void)state;
	for (unsigned int i = 0; i < sizeof(src); i++) {
		src[i] = (uint8_t)(i * 7 + 1);
	}
	assert_int_equal(domain_populate(d, ipa_make(RAM_IPA), 4), 0);
	assert_int_equal(domain_copy_in(d, ipa_make(RAM_IPA + 100), src, sizeof(src)), 0);
	for (unsigned int i = 0; i < sizeof(src); i++) {
		assert_int_equal(*ram_byte(d, RAM_IPA + 100 + i), src[i]);
	}
	assert_int_equal(*ram_byte(d, RAM_IPA + 99), 0);
	assert_int_equal(*ram_byte(d, RAM_IPA + 100 + sizeof(src)), 0);
	assert_int_equal(domain_copy_in(d, ipa_make(RAM_IPA), src, 0), 0);
	domain_fixture_destroy(d);
}

static void test_copy_in_outside_ram_copies_nothing(void **state)
{
	struct domain *d = create("fault", 0);
	static const uint8_t src[64] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	const uint64_t end = RAM_IPA + 4 * PAGE_SIZE;

	(void)state;
	assert_int_equal(domain_populate(d, ipa_make(RAM_IPA), 4), 0);
	assert_int_equal(domain_populate(d, ipa_make(end + PAGE_SIZE), 1), 0); /* a hole between */
	/* Straddling the end of RAM: the 8 bytes that would fit are not written either. */
	assert_int_equal(domain_copy_in(d, ipa_make(end - 8), src, sizeof(src)), -EFAULT);
	/* Across the hole, with RAM on both sides. */
	assert_int_equal(domain_copy_in(d, ipa_make(end - 8), src, PAGE_SIZE + 16), -EFAULT);
	assert_int_equal(domain_copy_in(d, ipa_make(RAM_IPA - 8), src, 16), -EFAULT);
	assert_int_equal(domain_copy_in(d, ipa_make(0xfffffffffffffff0), src, 32), -EFAULT);
	assert_int_equal(domain_copy_in(d, ipa_make(1ull << STAGE2_IPA_BITS), src, 1), -EFAULT);
	for (unsigned int i = 0; i < 8; i++) {
		assert_int_equal(*ram_byte(d, end - 8 + i), 0);
		assert_int_equal(*ram_byte(d, end + PAGE_SIZE + i), 0);
	}
	domain_fixture_destroy(d);
}

static void test_set_vcpu_context(void **state)
{
	struct domain *d = create("ctx", 0);

	(void)state;
	assert_int_equal(domain_set_vcpu_context(d, 2, ipa_make(RAM_IPA), 0), -EINVAL);
	assert_int_equal(domain_set_vcpu_context(d, DOMAIN_VCPUS_MAX, ipa_make(RAM_IPA), 0),
			 -EINVAL);
	assert_int_equal(domain_set_vcpu_context(d, ~0u, ipa_make(RAM_IPA), 0), -EINVAL);
	assert_int_equal(domain_set_vcpu_context(d, 1, ipa_make(RAM_IPA + 0x80000), 0x1234), 0);
	assert_int_equal(d->vcpus[1]->regs.pc, RAM_IPA + 0x80000);
	assert_int_equal(d->vcpus[1]->regs.x[0], 0x1234);
	assert_int_not_equal(d->vcpus[1]->state, VCPU_OFFLINE);
	assert_int_equal(d->vcpus[0]->state, VCPU_OFFLINE);
	/* Not offline any more. */
	assert_int_equal(domain_set_vcpu_context(d, 1, ipa_make(RAM_IPA), 0), -EBUSY);
	domain_shutdown(d, SHUTDOWN_poweroff);
	assert_int_equal(domain_set_vcpu_context(d, 0, ipa_make(RAM_IPA), 0), -EBUSY); /* dying */
	domain_fixture_destroy(d);
}

static void test_pause_counts(void **state)
{
	struct domain *d = create("pause", 0);

	(void)state;
	assert_int_equal(d->pause_count, 1); /* created paused */
	domain_pause(d);
	domain_pause(d);
	assert_int_equal(d->pause_count, 3);
	assert_int_equal(domain_unpause(d), 0);
	assert_int_equal(domain_unpause(d), 0);
	assert_int_equal(d->pause_count, 1);
	assert_int_equal(domain_unpause(d), 0);
	assert_int_equal(d->pause_count, 0);
	assert_int_equal(domain_unpause(d), -EINVAL);
	assert_int_equal(d->pause_count, 0);
	domain_fixture_destroy(d);
}

/* A paused domain's vCPU is not run; unpaused, it is. */
static void test_pause_keeps_vcpus_off(void **state)
{
	struct domain *d = create("run", 0), *held;
	struct vcpu *v = d->vcpus[0];
	uint16_t id;

	(void)state;
	assert_int_equal(domain_set_vcpu_context(d, 0, ipa_make(RAM_IPA), 0), 0);
	host_cpu = 0;
	assert_ptr_not_equal(sched_next(&pcpus[0]), v); /* created paused */
	assert_int_equal(domain_unpause(d), 0);
	assert_ptr_equal(sched_next(&pcpus[0]), v);
	domain_pause(d);
	assert_true(pcpus[0].resched);
	assert_ptr_not_equal(sched_next(&pcpus[0]), v);
	assert_int_equal(domain_unpause(d), 0);
	assert_ptr_equal(sched_next(&pcpus[0]), v);
	/* Destroyed while loaded: it goes once the pCPU lets go of it. */
	id = d->domid;
	domain_fixture_destroy(d);
	held = domain_get_any(id);
	assert_ptr_equal(held, d);
	assert_int_equal(held->state, DOMAIN_DYING);
	assert_false(held->torn_down);
	domain_put(held);
	assert_ptr_not_equal(sched_next(&pcpus[0]), v);
	domain_fixture_reap();
	assert_null(domain_get_any(id));
}

static struct domain *ended_domain;
static unsigned int ended_calls, ended_reason;

static void ended(struct domain *d)
{
	ended_domain = d;
	ended_calls++;
	ended_reason = d->shutdown_reason;
}

static void test_shutdown_runs_ended_once(void **state)
{
	struct domain *d = create("ends", 0), *held;
	char line[64];

	(void)state;
	ended_domain = NULL;
	ended_calls = 0;
	d->ended = ended;
	domain_shutdown(d, SHUTDOWN_reboot);
	assert_int_equal(ended_calls, 1);
	assert_ptr_equal(ended_domain, d);
	assert_int_equal(ended_reason, SHUTDOWN_reboot);
	assert_int_equal(d->state, DOMAIN_DYING);
	assert_true(d->stopped);
	snprintf(line, sizeof(line), "d%u (ends) rebooting", d->domid);
	assert_non_null(strstr(host_console, line));
	domain_shutdown(d, SHUTDOWN_crash); /* only the first counts */
	assert_int_equal(ended_calls, 1);
	assert_int_equal(d->shutdown_reason, SHUTDOWN_reboot);
	/* Dying: lookups for live domains miss it, the others still see it. */
	assert_null(domain_get(keeper, d->domid));
	held = domain_get_any(d->domid);
	assert_ptr_equal(held, d);
	domain_put(held);
	domain_fixture_destroy(d);
	assert_int_equal(ended_calls, 1); /* destroy is not a second end */
}

static void test_shutdown_of_running_domain_ends_when_off(void **state)
{
	struct domain *d = create("busy", 0);

	(void)state;
	ended_calls = 0;
	d->ended = ended;
	assert_int_equal(domain_set_vcpu_context(d, 0, ipa_make(RAM_IPA), 0), 0);
	assert_int_equal(domain_unpause(d), 0);
	host_cpu = 0;
	assert_ptr_equal(sched_next(&pcpus[0]), d->vcpus[0]);
	domain_shutdown(d, SHUTDOWN_crash);
	assert_int_equal(ended_calls, 0); /* still loaded */
	sched_next(&pcpus[0]);
	assert_int_equal(ended_calls, 1);
	assert_int_equal(ended_reason, SHUTDOWN_crash);
	domain_fixture_destroy(d);
}

/* A maker's policy may destroy the domain and make it again, from inside its ended hook. */
static struct domain *remade;

static void restart(struct domain *d)
{
	struct domain_config cfg = config("again", d->domid);

	domain_fixture_destroy(d);
	assert_int_equal(domain_create(&cfg, &remade), 0);
}

static void test_ended_may_destroy_and_make_again(void **state)
{
	uint64_t before = frame_free_count();
	struct domain *d = create("again", 0);
	uint32_t generation = d->generation;
	uint16_t domid = d->domid;

	(void)state;
	remade = NULL;
	d->ended = restart;
	assert_int_equal(domain_populate(d, ipa_make(RAM_IPA), 8), 0);
	domain_shutdown(d, SHUTDOWN_reboot);
	assert_non_null(remade);
	assert_int_equal(remade->domid, domid);       /* restarted under its own id */
	assert_true(remade->generation > generation); /* a new peer for the services */
	assert_int_equal(remade->state, DOMAIN_ACTIVE);
	assert_int_equal(remade->ram_pages, 0);
	domain_fixture_destroy(remade);
	assert_int_equal(frame_free_count(), before);
}

/* The service domains hear of a shutdown (VIRQ_DOM_EXC); others do not. */
static void test_shutdown_heard_by_services(void **state)
{
	struct domain_config cfg = config("store", 0);
	struct domain *store, *plain = create("plain", 0), *d = create("ends", 0);
	evtchn_port_t store_port, plain_port;

	(void)state;
	cfg.rights = RIGHT_XENSTORE;
	assert_int_equal(domain_create(&cfg, &store), 0);
	assert_int_equal(evtchn_bind_virq(store, VIRQ_DOM_EXC, 0, &store_port), 0);
	assert_int_equal(evtchn_bind_virq(plain, VIRQ_DOM_EXC, 0, &plain_port), 0);
	upcalls = 0;
	domain_shutdown(d, SHUTDOWN_poweroff);
	assert_true(store->shared_info->evtchn_pending[store_port / 64] &
		    (1ull << (store_port % 64)));
	assert_false(plain->shared_info->evtchn_pending[plain_port / 64] &
		     (1ull << (plain_port % 64)));
	assert_true(upcalls >= 1);
	domain_fixture_destroy(d);
	domain_fixture_destroy(plain);
	domain_fixture_destroy(store);
}

/* Every frame comes back: memory at destroy, the struct and vCPUs at the last put. */
static void test_destroy_gives_back_every_frame(void **state)
{
	uint64_t before = frame_free_count();
	struct domain *d = create("all", 0), *held;
	static const char text[] = "kernel image";

	(void)state;
	assert_int_equal(domain_populate(d, ipa_make(RAM_IPA), 32), 0);
	assert_int_equal(domain_copy_in(d, ipa_make(RAM_IPA + 0x1000), text, sizeof(text)), 0);
	assert_int_equal(domain_set_vcpu_context(d, 0, ipa_make(RAM_IPA), 0), 0);
	held = domain_get(keeper, d->domid);
	assert_ptr_equal(held, d);
	domain_destroy(d);
	/* A call that found it before its end may still reach it: it finds no RAM and can map
	 * none, while the tables it had are given back. */
	assert_false(stage2_lookup(&d->s2, ipa_make(RAM_IPA), NULL, NULL));
	assert_true(domain_populate(d, ipa_make(RAM_IPA + 32 * PAGE_SIZE), 1) < 0);
	assert_true(domain_copy_in(d, ipa_make(RAM_IPA + 0x1000), text, sizeof(text)) < 0);
	domain_fixture_reap();
	/* Its struct and 2 vCPUs wait for the reference held here. */
	assert_int_equal(frame_free_count(), before - 3);
	assert_true(d->torn_down);
	assert_null(domain_get_any(d->domid));
	domain_put(held);
	assert_int_equal(frame_free_count(), before);
}

/* Make frame_alloc fail at each allocation of domain_create in turn. */
static void test_every_create_failure_leaves_nothing(void **state)
{
	static paddr_t filler[RAM_SIZE >> PAGE_SHIFT];
	struct domain_config cfg = config("tight", 7);
	unsigned int filled = 0, succeeded_at = 0;
	uint64_t base = frame_free_count();

	(void)state;
	cfg.vcpu_count = 3;
	cfg.mmio_count = 1;
	cfg.mmio[0] = (struct mem_range){ pa_make(0x0a000000), PAGE_SIZE };
	while (frame_alloc(&filler[filled])) {
		filled++;
	}
	assert_int_equal(frame_free_count(), 0);
	for (unsigned int room = 0; room < 64 && !succeeded_at; room++) {
		struct domain *d = NULL;
		int err;

		if (room > 0) {
			frame_put(filler[--filled]); /* one more frame free */
		}
		err = domain_create(&cfg, &d);
		if (err == 0) {
			succeeded_at = room;
			domain_fixture_destroy(d);
		} else {
			assert_int_equal(err, -ENOMEM);
			assert_null(d);
			assert_null(domain_get_any(7));
		}
		assert_int_equal(frame_free_count(), room);
		assert_int_equal(domains_listed(), 1);
	}
	/* The struct, the stage-2 root (2), 3 vCPUs, shared info, the grant table (its
	 * struct, a frame of entries, a page of active entries), 2 tables to the device. */
	assert_int_equal(succeeded_at, 1 + 2 + 3 + 1 + 3 + 2);
	while (filled) {
		frame_put(filler[--filled]);
	}
	assert_int_equal(frame_free_count(), base);
}

/* More domains come and go than there are VMIDs (255): ids and VMIDs are given back. */
static void test_ids_given_back(void **state)
{
	static paddr_t filler[RAM_SIZE >> PAGE_SHIFT];
	struct domain_config cfg = config("cycle", 0);
	struct domain *made;
	unsigned int filled = 0;
	uint64_t before = frame_free_count();

	(void)state;
	for (unsigned int i = 0, last = 0; i < 300; i++) {
		struct domain *d = create("cycle", 0);

		assert_int_not_equal(d->domid, last); /* ids move on; VMIDs are reused */
		last = d->domid;
		domain_fixture_destroy(d);
	}
	assert_int_equal(frame_free_count(), before);
	/* Creations that fail half-way give theirs back too. */
	while (frame_free_count() > 5 && frame_alloc(&filler[filled])) {
		filled++;
	}
	for (unsigned int i = 0; i < 300; i++) {
		struct domain *d = NULL;

		assert_int_equal(domain_create(&cfg, &d), -ENOMEM);
	}
	while (filled) {
		frame_put(filler[--filled]);
	}
	assert_int_equal(frame_free_count(), before);
	assert_int_equal(domain_create(&cfg, &made), 0);
	assert_int_not_equal(made->domid, 0);
	domain_fixture_destroy(made);
}

/* The scheduler keeps no table of its own: 640 vCPUs, more than the 512 its old table held, are
 * made and all given back. */
static void test_create_many_vcpus(void **state)
{
	struct domain *made[80];
	struct domain_config cfg = config("many", 0);
	uint64_t before = frame_free_count();

	(void)state;
	cfg.vcpu_count = DOMAIN_VCPUS_MAX;
	for (unsigned int n = 0; n < ARRAY_SIZE(made); n++) {
		assert_int_equal(domain_create(&cfg, &made[n]), 0);
	}
	for (unsigned int n = 0; n < ARRAY_SIZE(made); n++) {
		domain_fixture_destroy(made[n]);
	}
	assert_int_equal(frame_free_count(), before);
}

/* Make count domains of one vCPU (the scheduler has room for all): their VMIDs all differ. */
static void create_small(struct domain **made, unsigned int count)
{
	struct domain_config cfg = config("small", 0);

	cfg.vcpu_count = 1;
	for (unsigned int i = 0; i < count; i++) {
		assert_int_equal(domain_create(&cfg, &made[i]), 0);
		assert_int_not_equal(made[i]->s2.vmid, 0);
		assert_int_not_equal(made[i]->s2.vmid, keeper->s2.vmid);
		for (unsigned int j = 0; j < i; j++) {
			assert_int_not_equal(made[i]->s2.vmid, made[j]->s2.vmid);
		}
	}
}

/*
 * 8-bit VMIDs: 255 domains at once (the keeper and 254 more); the next is
 * refused with -ENOSPC and leaves nothing; once one is destroyed (its VMID's
 * TLB entries flushed) the next takes that VMID.
 */
static void test_vmids_held_and_refused_when_all_are(void **state)
{
	static struct domain *made[254];
	struct domain_config cfg = config("over", 0);
	struct domain *d = NULL;
	unsigned int listed;
	uint64_t before;
	uint16_t freed;

	(void)state;
	cfg.vcpu_count = 1;
	create_small(made, ARRAY_SIZE(made));
	listed = domains_listed();
	before = frame_free_count();
	host_reset_logs();
	assert_int_equal(domain_create(&cfg, &d), -ENOSPC);
	assert_null(d);
	assert_non_null(
		strstr(host_console, "domain over: refused: all 255 VMIDs of this CPU are held"));
	assert_int_equal(frame_free_count(), before);
	assert_int_equal(domains_listed(), listed);
	freed = made[100]->s2.vmid;
	host_tlb.vmid_flushes = 0;
	domain_fixture_destroy(made[100]);
	assert_true(host_tlb.vmid_flushes > 0);
	assert_int_equal(host_tlb.last_vmid, freed);
	assert_int_equal(domain_create(&cfg, &made[100]), 0);
	assert_int_equal(made[100]->s2.vmid, freed);
	for (unsigned int i = 0; i < ARRAY_SIZE(made); i++) {
		domain_fixture_destroy(made[i]);
	}
}

/* 16-bit VMIDs: 300 domains at once, VMIDs past 255 among them, all distinct. */
static void test_vmids_16_bit(void **state)
{
	static struct domain *made[300];
	uint16_t highest = 0;

	(void)state;
	host_vmid_bits = 16;
	create_small(made, ARRAY_SIZE(made));
	for (unsigned int i = 0; i < ARRAY_SIZE(made); i++) {
		highest = MAX(highest, made[i]->s2.vmid);
	}
	assert_true(highest > 255);
	assert_int_equal(stage2_vttbr(&made[299]->s2) >> 48, made[299]->s2.vmid);
	for (unsigned int i = 0; i < ARRAY_SIZE(made); i++) {
		domain_fixture_destroy(made[i]);
	}
}

/* Ports and grants a domain made, and others' uses of them, go with it. */
static void test_destroy_takes_ports_and_grants(void **state)
{
	uint64_t before = frame_free_count();
	struct domain *a = create("granter", 1), *b = create("mapper", 0);
	struct gnttab_map_grant_ref map = {
		.host_addr = MAP_AT, .flags = GNTMAP_host_map, .ref = 8, .dom = 1
	};
	struct gnttab_unmap_grant_ref unmap = { .host_addr = MAP_AT };
	evtchn_port_t pa_port, pb_port, spare;
	struct evtchn_status st;

	(void)state;
	assert_int_equal(a->domid, 1);
	assert_int_equal(domain_populate(a, ipa_make(RAM_IPA), 4), 0);
	assert_int_equal(domain_populate(b, ipa_make(RAM_IPA), 4), 0);
	/* A channel a <-> b, a spare unbound port, 300 ports to need a second bucket. */
	assert_int_equal(evtchn_alloc_unbound(a, b->domid, &pa_port), 0);
	assert_int_equal(evtchn_bind_interdomain(b, a->domid, pa_port, &pb_port), 0);
	for (unsigned int i = 0; i < 300; i++) {
		assert_int_equal(evtchn_alloc_unbound(a, b->domid, &spare), 0);
	}
	assert_non_null(a->evtchn_buckets[1]);
	/* A grant of a's page 2, mapped by b. */
	assert_int_equal(grant_offer(a, 8, b->domid, gfn_make((RAM_IPA >> PAGE_SHIFT) + 2)), 0);
	assert_int_equal(grant_map(b, &map), GNTST_okay);
	unmap.handle = map.handle;
	domain_fixture_destroy(a);
	/* b's end of the channel is left unbound (offered to a's id), pointing at nothing. */
	assert_int_equal(evtchn_status(b, pb_port, &st), 0);
	assert_int_equal(st.status, EVTCHNSTAT_unbound);
	assert_int_equal(st.u.unbound.dom, 1);
	/* The page b maps (and a's struct, which the mapping holds) outlive a. */
	assert_int_equal(grant_unmap(b, &unmap), GNTST_okay);
	assert_int_equal(evtchn_close(b, pb_port), 0);
	domain_fixture_destroy(b);
	assert_int_equal(frame_free_count(), before);
}

static paddr_t frame_at(struct domain *d, uint64_t gfn)
{
	paddr_t pa;

	assert_true(stage2_lookup(&d->s2, gfn_to_ipa(gfn_make(gfn)), &pa, NULL));
	return pa;
}

/* A guest with its caches off reads DRAM: what it is given must be zero there, not
 * only in the cache. Every path that gives a guest a frame cleans it: RAM at build,
 * RAM it asks for later, its ring pages, grant table frames and shared info. */
static void test_every_guest_frame_is_cleaned(void **state)
{
	struct domain_config scfg = config("services", 0);
	struct domain *service, *d;
	gfn_t gfns[GRANT_FRAMES_MAX];
	uint64_t ram = RAM_IPA >> PAGE_SHIFT, more = ram + 8, grants = ram + 16;

	(void)state;
	scfg.rights = RIGHT_CONSOLE | RIGHT_XENSTORE;
	assert_int_equal(domain_create(&scfg, &service), 0);
	host_reset_logs();
	d = create("guest", 0);
	assert_int_equal(domain_populate(d, ipa_make(RAM_IPA), 8), 0);
	assert_int_equal(service_rings_offer(d), 0);
	assert_int_equal(grant_setup_table(d, 2, gfns), GNTST_okay);
	spin_lock(&d->lock);
	assert_int_equal(physmap_populate(d, gfn_make(more)), 0);
	assert_int_equal(grant_place_frame(d, 0, gfn_make(grants)), 0);
	assert_int_equal(grant_place_frame(d, 1, gfn_make(grants + 1)), 0);
	spin_unlock(&d->lock);
	for (uint64_t i = 0; i < 8; i++) {
		assert_true(host_page_cleaned(frame_at(d, ram + i)));
	}
	assert_true(host_page_cleaned(frame_at(d, more)));
	assert_true(host_page_cleaned(frame_at(d, GUEST_CONSOLE_PFN)));
	assert_true(host_page_cleaned(frame_at(d, GUEST_XENSTORE_PFN)));
	assert_true(host_page_cleaned(frame_at(d, grants)));
	assert_true(host_page_cleaned(frame_at(d, grants + 1)));
	assert_true(host_page_cleaned(arch_va_to_pa(d->shared_info)));
	domain_fixture_destroy(d);
	domain_fixture_destroy(service);
}

/* A domain's fixed RAM block is reused in place at each restart: cleared and cleaned. */
static void test_ram_block_cleaned_at_every_build(void **state)
{
	struct domain_config cfg = config("block", 0);
	struct domain *d;

	(void)state;
	cfg.ram_block = (struct mem_range){ pa_make(BLOCK_PA), 4 * PAGE_SIZE };
	for (unsigned int round = 0; round < 2; round++) {
		memset(arch_pa_to_va(pa_make(BLOCK_PA)), 0xee, 4 * PAGE_SIZE);
		host_reset_logs();
		assert_int_equal(domain_create(&cfg, &d), 0);
		assert_int_equal(domain_populate(d, ipa_make(RAM_IPA), 4), 0);
		for (uint64_t i = 0; i < 4; i++) {
			assert_true(host_page_cleaned(pa_make(BLOCK_PA + i * PAGE_SIZE)));
			assert_int_equal(
				*(uint8_t *)arch_pa_to_va(pa_make(BLOCK_PA + i * PAGE_SIZE)), 0);
		}
		domain_fixture_destroy(d);
	}
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_create_assigns_ids_paused_registered),
		T(test_create_refused_for_a_taken_domid),
		T(test_create_refuses_invalid_configs),
		T(test_create_maps_devices_and_irqs),
		T(test_create_refuses_irqs_not_spis),
		T(test_populate_maps_ram),
		T(test_populate_over_max_pages_gives_back),
		T(test_populate_bad_ranges),
		T(test_populate_already_mapped),
		T(test_populate_from_ram_block),
		T(test_copy_in),
		T(test_copy_in_outside_ram_copies_nothing),
		T(test_set_vcpu_context),
		T(test_pause_counts),
		T(test_pause_keeps_vcpus_off),
		T(test_shutdown_runs_ended_once),
		T(test_shutdown_of_running_domain_ends_when_off),
		T(test_shutdown_heard_by_services),
		T(test_ended_may_destroy_and_make_again),
		T(test_destroy_gives_back_every_frame),
		T(test_every_create_failure_leaves_nothing),
		T(test_create_many_vcpus),
		T(test_ids_given_back),
		T(test_vmids_held_and_refused_when_all_are),
		T(test_vmids_16_bit),
		T(test_destroy_takes_ports_and_grants),
		T(test_every_guest_frame_is_cleaned),
		T(test_ram_block_cleaned_at_every_build),
	};
#undef T

	return cmocka_run_group_tests_name("domain", tests, NULL, NULL);
}
