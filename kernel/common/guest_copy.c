// SPDX-License-Identifier: MIT
/*
 * Guest copies, a page at a time: each page is translated through the guest's
 * stage 1 by the hardware, then looked up in its stage 2 under the domain's
 * lock and held by a frame reference while the bytes move, so a guest can
 * never point the core at a device, at memory it does not map, or at a page
 * it gives back on another vCPU during the copy.
 */
#include <arch.h>
#include <domain.h>
#include <errno.h>
#include <frame.h>
#include <guest_copy.h>
#include <lib.h>
#include <pcpu.h>

/* The RAM page behind gva, with a reference held; -EFAULT if there is none. */
static int hold_page(struct domain *d, gva_t gva, bool write, paddr_t *pa)
{
	enum stage2_type type;
	ipa_t ipa;
	int err = -EFAULT;

	if (arch_gva_to_ipa(gva, write, &ipa) < 0 || ipa.ipa >= (1ull << STAGE2_IPA_BITS)) {
		return -EFAULT;
	}
	spin_lock(&d->lock);
	if (stage2_lookup(&d->s2, ipa, pa, &type) && type != STAGE2_DEVICE &&
	    !(write && (type == STAGE2_RAM_RO || type == STAGE2_GRANT_RO)) &&
	    frame_get(pa_make(pa->pa & PAGE_MASK))) { /* only RAM frames can be held */
		err = 0;
	}
	spin_unlock(&d->lock);
	return err;
}

static int copy_guest(struct vcpu *v, gva_t gva, void *buf, size_t len, bool to_guest)
{
	uint8_t *p = buf;

	if (v != this_pcpu()->current) {
		panic("guest copy for a vCPU that is not running here");
	}
	if (gva.gva + len < gva.gva) {
		return -EFAULT;
	}
	while (len) {
		size_t chunk = MIN(len, PAGE_SIZE - (gva.gva & ~PAGE_MASK));
		paddr_t pa;

		if (hold_page(v->domain, gva, to_guest, &pa) < 0) {
			return -EFAULT;
		}
		if (to_guest) {
			memcpy(arch_pa_to_va(pa), p, chunk);
		} else {
			memcpy(p, arch_pa_to_va(pa), chunk);
		}
		frame_put(pa_make(pa.pa & PAGE_MASK));
		gva = gva_add(gva, chunk);
		p += chunk;
		len -= chunk;
	}
	return 0;
}

int copy_from_guest(struct vcpu *v, void *dst, gva_t gva, size_t len)
{
	return copy_guest(v, gva, dst, len, false);
}

int copy_to_guest(struct vcpu *v, gva_t gva, const void *src, size_t len)
{
	return copy_guest(v, gva, (void *)src, len, true);
}
