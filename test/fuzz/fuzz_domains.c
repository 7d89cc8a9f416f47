// SPDX-License-Identifier: MIT
/*
 * The domains of the core's fuzz targets (fuzz_domains.h): made and destroyed
 * with the control verbs (domain.c), called through the hypercall fixture, so
 * what a target does to them is what a guest's hypercalls do. The host RAM and
 * a keeper domain outlive the inputs; each input must leave them as it found
 * them.
 */
#include "fuzz_domains.h"
#include <string.h>
#include <abi/hypercall.h>
#include <abi/memory.h>
#include <frame.h>
#include <host_arch.h>
#include <lib.h>
#include <pcpu.h>

#include "../unit/hypercall_fixture.h"

#define HOST_RAM_SIZE (8ull << 20)

static struct domain *live[FUZZ_DOMAINS];
static uint64_t free_at_start; /* frames free with only the keeper made */

/* What domain.c asks of the arch's interrupt controller and clock: nothing to model here. */
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

uint8_t fuzz_byte(struct fuzz_input *in)
{
	if (!in->left) {
		return 0;
	}
	in->left--;
	return *in->p++;
}

uint64_t fuzz_bytes(struct fuzz_input *in, unsigned int bytes)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < bytes && i < 8; i++) {
		v |= (uint64_t)fuzz_byte(in) << (8 * i);
	}
	return v;
}

static struct domain *make(uint16_t domid, uint32_t rights, uint16_t controller)
{
	struct domain_config cfg;
	struct domain *d = NULL;

	memset(&cfg, 0, sizeof(cfg));
	snprintf(cfg.name, sizeof(cfg.name), "fuzz%u", domid);
	cfg.domid = domid;
	cfg.vcpu_count = 2;
	cfg.max_pages = 32;
	cfg.rights = rights;
	cfg.weight = 256;
	cfg.affinity = 1;
	cfg.grant_frames = 4;
	cfg.controller = controller;
	FUZZ_CHECK(domain_create(&cfg, &d) == 0);
	return d;
}

/* Once: host RAM, one pCPU and the keeper. */
static void world_init(void)
{
	struct mem_range bank = { pa_make(HOST_RAM_BASE), HOST_RAM_SIZE };

	host_ram_init(HOST_RAM_SIZE);
	FUZZ_CHECK(frame_init(&bank, 1, NULL, 0) == 0);
	pcpu_count = 1;
	pcpus[0].online = true;
	make(FUZZ_KEEPER, 0, 0);
	free_at_start = frame_free_count();
}

/* Domain i as its creator leaves it: RAM, and grant frame 0 where its guest would put it. */
static void make_fuzz_domain(unsigned int i)
{
	struct xen_add_to_physmap xatp = { .domid = DOMID_SELF,
					   .space = XENMAPSPACE_grant_table,
					   .idx = 0,
					   .gpfn = GUEST_GRANT_BASE >> PAGE_SHIFT };
	struct domain *d = make((uint16_t)(i + 1), i == 0 ? RIGHT_TOOLSTACK : 0, i == 0 ? 0 : 1);

	FUZZ_CHECK(domain_populate(d, ipa_make(GUEST_RAM_BASE), FUZZ_RAM_PAGES) == 0);
	FUZZ_CHECK(fuzz_call(d, 0, __HYPERVISOR_memory_op, XENMEM_add_to_physmap, &xatp,
			     sizeof(xatp), 0) == 0);
	live[i] = d;
}

void fuzz_domains_start(void)
{
	static bool started;

	if (!started) {
		world_init();
		started = true;
	}
	host_reset_logs();
	for (unsigned int i = 0; i < FUZZ_DOMAINS; i++) {
		make_fuzz_domain(i);
	}
}

struct domain *fuzz_domain(unsigned int i)
{
	return i < FUZZ_DOMAINS ? live[i] : NULL;
}

void fuzz_domain_toggle(unsigned int i)
{
	if (i >= FUZZ_DOMAINS) {
		return;
	}
	if (live[i]) {
		domain_destroy(live[i]);
		live[i] = NULL;
		while (domain_reap_some()) { /* what idle pCPUs do, before the id is made again */
		}
	} else {
		make_fuzz_domain(i);
	}
}

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

void fuzz_domains_end(void)
{
	for (unsigned int i = 0; i < FUZZ_DOMAINS; i++) {
		if (live[i]) {
			fuzz_domain_toggle(i);
		}
	}
	/* No mapping, port, table or struct outlives its domains: each held a frame. */
	FUZZ_CHECK(frame_free_count() == free_at_start);
	FUZZ_CHECK(domains_listed() == 1);
}

void *fuzz_guest_ptr(struct domain *d, uint64_t gpa)
{
	enum stage2_type type;
	paddr_t pa;

	if (gpa >= (1ull << STAGE2_IPA_BITS) ||
	    !stage2_lookup(&d->s2, ipa_make(gpa & PAGE_MASK), &pa, &type) ||
	    type == STAGE2_DEVICE || type == STAGE2_RAM_RO || type == STAGE2_GRANT_RO) {
		return NULL;
	}
	return (uint8_t *)arch_pa_to_va(pa_make(pa.pa & PAGE_MASK)) + (gpa & ~PAGE_MASK);
}

long fuzz_hvc(struct domain *d, unsigned int vcpu, uint64_t nr, uint64_t a0, uint64_t a1,
	      uint64_t a2)
{
	struct vcpu *v = d->vcpus[vcpu % d->vcpu_count];

	fixture_run(v);
	fixture_hvc(v, nr, a0, a1, a2);
	this_pcpu()->current = NULL; /* the domain may be destroyed before its next call */
	return (long)v->regs.x[0];
}

long fuzz_call(struct domain *d, unsigned int vcpu, uint64_t nr, uint64_t a0, void *arg, size_t len,
	       uint64_t a2)
{
	void *args = fuzz_guest_ptr(d, FUZZ_ARGS_GPA);
	long ret;

	FUZZ_CHECK(args && len <= PAGE_SIZE);
	memcpy(args, arg, len);
	ret = fuzz_hvc(d, vcpu, nr, a0, FUZZ_ARGS_GPA, a2);
	memcpy(arg, args, len);
	return ret;
}

uint16_t fuzz_pick_domid(struct fuzz_input *in)
{
	uint8_t b = fuzz_byte(in);

	switch (b % 8) {
	case 0:
	case 1:
	case 2:
		return (uint16_t)(b % 8 + 1);
	case 3:
		return DOMID_SELF;
	case 4:
		return FUZZ_KEEPER;
	case 5:
		return 0;
	case 6:
		return (uint16_t)(b >> 3); /* 0..31: ids nearby, most of them unused */
	default:
		return (uint16_t)fuzz_bytes(in, 2);
	}
}
