// SPDX-License-Identifier: MIT
/*
 * Guest copies, a page at a time: each page is translated through the guest's
 * stage 1 by the hardware, then looked up in its stage 2 and its bytes moved
 * under the domain's lock, so a guest can never point the core at a device, at
 * memory it does not map, or at a page it gives back on another vCPU during the
 * copy: every stage-2 entry is removed under that lock, and the page's
 * reference is dropped only after its entry is gone.
 */
#include <arch.h>
#include <domain.h>
#include <errno.h>
#include <guest_copy.h>
#include <lib.h>
#include <pcpu.h>

/* Move chunk bytes (within one page) between buf and the guest's RAM at gva. */
static int copy_page(struct domain *d, gva_t gva, void *buf, size_t chunk, bool to_guest)
{
	enum stage2_type type;
	paddr_t pa;
	ipa_t ipa;
	int err = -EFAULT;

	if (arch_gva_to_ipa(gva, to_guest, &ipa) < 0 || ipa.ipa >= (1ull << STAGE2_IPA_BITS)) {
		return -EFAULT;
	}
	spin_lock(&d->lock);
	if (stage2_lookup(&d->s2, ipa, &pa, &type) && type != STAGE2_DEVICE &&
	    !(to_guest && (type == STAGE2_RAM_RO || type == STAGE2_GRANT_RO))) {
		void *page = arch_pa_to_va(pa);

		memcpy(to_guest ? page : buf, to_guest ? buf : page, chunk);
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

		if (copy_page(v->domain, gva, p, chunk, to_guest) < 0) {
			return -EFAULT;
		}
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
