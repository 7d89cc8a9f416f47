// SPDX-License-Identifier: MIT
/*
 * Building a domain: RAM at GUEST_RAM_BASE, one frame per page, and the
 * kernel, DTB and ramdisk modules copied to the IPAs the boot set names
 * (dt.c has checked that each lies inside the RAM). The modules stay in host
 * memory, so a rebooting domain is built again from them.
 */
#include <abi/guest_layout.h>
#include <arch.h>
#include <domain_build.h>
#include <errno.h>
#include <frame.h>
#include <lib.h>
#include <sched.h>
#include <service_rings.h>

/* Every mapping of RAM holds a reference on its frame; devices are not RAM. */
void domain_build_release_page(paddr_t pa, enum stage2_type type)
{
	if (type != STAGE2_DEVICE) {
		frame_put(pa);
	}
}

/*
 * A domain with its own host block (boot.ram_pa) gets that block page for
 * page. The block is reserved at boot: never the allocator's to hand out, and
 * references to it are not counted.
 */
static int populate_ram(struct domain *d)
{
	uint64_t pages = d->boot.ram_bytes >> PAGE_SHIFT;

	for (uint64_t i = 0; i < pages; i++) {
		paddr_t pa = pa_add(d->boot.ram_pa, i << PAGE_SHIFT);
		enum stage2_type type = d->boot.ram_pa.pa ? STAGE2_RAM_FIXED : STAGE2_RAM;
		int err;

		if (d->boot.ram_pa.pa) {
			memset(arch_pa_to_va(pa), 0, PAGE_SIZE);
			arch_dcache_clean(arch_pa_to_va(pa), PAGE_SIZE);
			frame_get(pa); /* the mapping's reference: not counted, as it is reserved */
		} else if (!frame_alloc(&pa)) {
			return -ENOMEM;
		}
		err = stage2_map(&d->s2, ipa_make(GUEST_RAM_BASE + (i << PAGE_SHIFT)), pa, type);
		if (err) {
			frame_put(pa);
			return err;
		}
		d->ram_pages++;
		d->max_gpfn = (GUEST_RAM_BASE >> PAGE_SHIFT) + i;
	}
	return 0;
}

/* Copy a module into the domain and clean it to the point of coherency: the
 * guest starts with its MMU and caches off. */
static void load_module(struct domain *d, const struct boot_module *m)
{
	const uint8_t *src = arch_pa_to_va(m->host.base);
	uint64_t done = 0;

	while (done < m->host.size) {
		ipa_t ipa = ipa_add(m->load, done);
		uint64_t chunk = MIN(PAGE_SIZE - (ipa.ipa & ~PAGE_MASK), m->host.size - done);
		paddr_t pa;
		void *dst;

		if (!stage2_lookup(&d->s2, ipa, &pa, NULL)) {
			panic("d%u: module target %#lx not mapped", d->domid,
			      (unsigned long)ipa.ipa);
		}
		dst = arch_pa_to_va(pa);
		memcpy(dst, src + done, chunk);
		arch_dcache_clean(dst, chunk);
		done += chunk;
	}
}

/* Passed-through devices appear at IPA == PA: their DT nodes need no rewriting. */
static int map_devices(struct domain *d)
{
	for (unsigned int i = 0; i < d->boot.mmio_count; i++) {
		const struct mem_range *r = &d->boot.mmio[i];

		for (uint64_t off = 0; off < r->size; off += PAGE_SIZE) {
			int err = stage2_map(&d->s2, ipa_make(r->base.pa + off),
					     pa_add(r->base, off), STAGE2_DEVICE);

			if (err && err != -EEXIST) { /* two of its devices may share a page */
				return err;
			}
		}
	}
	return 0;
}

int domain_build(struct domain *d)
{
	int err;

	d->generation++;
	d->max_pages = d->boot.ram_bytes >> PAGE_SHIFT;
	err = populate_ram(d);
	if (!err) {
		err = map_devices(d);
	}
	if (err) {
		return err;
	}
	load_module(d, &d->boot.kernel);
	load_module(d, &d->boot.dtb);
	load_module(d, &d->boot.ramdisk);
	arch_icache_invalidate();
	return 0;
}

void domain_build_start(struct domain *d)
{
	uint64_t dtb = d->boot.dtb.host.size ? d->boot.dtb.load.ipa : 0;

	sched_vcpu_start(d->vcpus[0], d->boot.kernel.load, dtb);
}

int domain_rebuild(struct domain *d)
{
	uint16_t vmid = d->s2.vmid;

	/* Grants and placed frames first: they are undone through the old tables. */
	if (domain_reset_abi(d) < 0) {
		return -ENOMEM;
	}
	stage2_destroy(&d->s2, domain_build_release_page);
	d->ram_pages = 0;
	if (stage2_init(&d->s2, vmid) < 0) {
		return -ENOMEM;
	}
	d->s2.tables_left = stage2_tables_for(d->boot.ram_bytes);
	if (domain_build(d) < 0 || service_rings_offer(d) < 0) {
		return -ENOMEM;
	}
	arch_domain_init(d);
	domain_assign_irqs(d);
	sched_domain_revive(d);
	domain_build_start(d);
	return 0;
}
