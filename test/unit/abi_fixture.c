// SPDX-License-Identifier: MIT
/* The fixture of abi_fixture.h, and the stand-ins for what the tested files call. */
#include "abi_fixture.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include <grant.h>

struct domain fixture_dom[FIXTURE_DOMAINS];
static struct vcpu fixture_vcpu[FIXTURE_DOMAINS][2];
unsigned int fixture_upcalls[FIXTURE_DOMAINS][2];

struct domain *domain_get(struct domain *self, uint16_t domid)
{
	if (domid == DOMID_SELF || domid == self->domid) {
		self->refs++;
		return self;
	}
	for (unsigned int i = 0; i < FIXTURE_DOMAINS; i++) {
		if (fixture_dom[i].domid == domid && fixture_dom[i].state == DOMAIN_ACTIVE) {
			fixture_dom[i].refs++;
			return &fixture_dom[i];
		}
	}
	return NULL;
}

void domain_put(struct domain *d)
{
	assert_true(d->refs > 0);
	d->refs--;
}

void arch_vcpu_raise_upcall(struct vcpu *v)
{
	fixture_upcalls[v->domain->domid - 1][v->id]++;
}

/* As domain.c releases a mapped page when a domain's stage 2 goes (that file needs the whole
 * core): RAM mappings hold a frame reference, device pages do not. */
void fixture_release_page(paddr_t pa, enum stage2_type type)
{
	if (type != STAGE2_DEVICE) {
		frame_put(pa);
	}
}

void *fixture_page(struct domain *d, uint64_t gfn)
{
	paddr_t pa;

	assert_true(stage2_lookup(&d->s2, ipa_make(gfn << PAGE_SHIFT), &pa, NULL));
	return arch_pa_to_va(pa);
}

void fixture_setup(void)
{
	struct mem_range bank = { pa_make(HOST_RAM_BASE), 24ull << 20 };
	paddr_t pa;

	host_ram_init(32ull << 20);
	host_reset_logs();
	assert_int_equal(frame_init(&bank, 1, NULL, 0), 0);
	memset(fixture_dom, 0, sizeof(fixture_dom));
	memset(fixture_vcpu, 0, sizeof(fixture_vcpu));
	memset(fixture_upcalls, 0, sizeof(fixture_upcalls));
	for (unsigned int i = 0; i < FIXTURE_DOMAINS; i++) {
		struct domain *d = &fixture_dom[i];

		d->domid = (uint16_t)(i + 1);
		d->state = DOMAIN_ACTIVE;
		d->refs = 1;
		d->vcpu_count = 2;
		for (unsigned int v = 0; v < 2; v++) {
			d->vcpus[v] = &fixture_vcpu[i][v];
			d->vcpus[v]->domain = d;
			d->vcpus[v]->id = v;
		}
		assert_true(frame_alloc(&pa));
		d->shared_info = arch_pa_to_va(pa);
		d->vcpus[0]->vcpu_info = &d->shared_info->vcpu_info[0];
		assert_int_equal(stage2_init(&d->s2, (uint16_t)(i + 1)), 0);
		d->max_pages = FIXTURE_RAM_PAGES + 4;
		for (unsigned int p = 0; p < FIXTURE_RAM_PAGES; p++) {
			assert_true(frame_alloc(&pa));
			assert_int_equal(stage2_map(&d->s2,
						    ipa_make(GUEST_RAM_BASE + p * PAGE_SIZE), pa,
						    STAGE2_RAM),
					 0);
			d->ram_pages++;
		}
		assert_int_equal(grant_domain_init(d), 0);
	}
}

void fixture_teardown(void)
{
	host_ram_free();
}
