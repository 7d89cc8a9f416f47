// SPDX-License-Identifier: MIT
/*
 * Changes to a domain's physical map after it was built. The stage-2
 * descriptors say what each page is (stage2.h), so a domain can give back
 * only its own RAM, never a frame of the core's or a page another domain
 * granted it; every mapping holds a reference on its frame.
 */
#include <abi/guest_layout.h>
#include <errno.h>
#include <frame.h>
#include <lib.h>
#include <physmap.h>

static bool gfn_valid(gfn_t gfn)
{
	return gfn.gfn < (1ull << (STAGE2_IPA_BITS - PAGE_SHIFT));
}

/* A page of a domain's fixed block leaves its map only to make room for a
 * frame of the core's; it is not given back to the allocator. */
static int drop_fixed(struct domain *d, gfn_t gfn)
{
	if (stage2_unmap(&d->s2, gfn_to_ipa(gfn), NULL) < 0) {
		return -EINVAL;
	}
	d->ram_pages--;
	return 0;
}

int physmap_place(struct domain *d, uint64_t *placed, gfn_t gfn, paddr_t pa)
{
	enum stage2_type type;
	int err;

	spin_assert_held(&d->lock);
	if (*placed) {
		/* Placed once: elsewhere is -EBUSY, as on Xen, so no hole opens where it was. */
		return *placed == gfn.gfn ? 0 : -EBUSY;
	}
	if (!gfn_valid(gfn) || gfn.gfn == 0) { /* gfn 0 stands for "not placed" */
		return -EINVAL;
	}
	if (stage2_lookup(&d->s2, gfn_to_ipa(gfn), NULL, &type)) {
		if (type == STAGE2_DEVICE) {
			return -EINVAL;
		}
		/* A granted page, or another frame of the core's (move that one first). */
		if (type == STAGE2_GRANT || type == STAGE2_GRANT_RO || type == STAGE2_SPECIAL) {
			return -EBUSY;
		}
		err = type == STAGE2_RAM_FIXED ? drop_fixed(d, gfn) : physmap_release(d, gfn);
		if (err) {
			return err;
		}
	}
	if (!frame_get(pa)) {
		panic("placing a frame the core does not hold");
	}
	err = stage2_map(&d->s2, gfn_to_ipa(gfn), pa, STAGE2_SPECIAL);
	if (err) {
		frame_put(pa);
		return err;
	}
	d->max_gpfn = MAX(d->max_gpfn, gfn.gfn);
	*placed = gfn.gfn;
	return 0;
}

void physmap_unplace(struct domain *d, gfn_t gfn, paddr_t pa)
{
	enum stage2_type type;
	paddr_t there;

	spin_assert_held(&d->lock);
	if (stage2_lookup(&d->s2, gfn_to_ipa(gfn), &there, &type) && type == STAGE2_SPECIAL &&
	    there.pa == pa.pa && stage2_unmap(&d->s2, gfn_to_ipa(gfn), NULL) == 0) {
		frame_put(pa);
	}
}

int physmap_populate(struct domain *d, gfn_t gfn)
{
	paddr_t pa;
	int err;

	spin_assert_held(&d->lock);
	if (gfn.gfn < (GUEST_RAM_BASE >> PAGE_SHIFT) ||
	    gfn.gfn - (GUEST_RAM_BASE >> PAGE_SHIFT) >= (GUEST_RAM_MAX >> PAGE_SHIFT)) {
		return -EINVAL;
	}
	if (d->ram_pages >= d->max_pages) {
		return -ENOMEM;
	}
	if (stage2_lookup(&d->s2, gfn_to_ipa(gfn), NULL, NULL)) {
		return -EEXIST;
	}
	if (!frame_alloc_for_guest(&pa)) {
		return -ENOMEM;
	}
	err = stage2_map(&d->s2, gfn_to_ipa(gfn), pa, STAGE2_RAM);
	if (err) {
		frame_free(pa);
		return err;
	}
	d->ram_pages++;
	d->max_gpfn = MAX(d->max_gpfn, gfn.gfn);
	return 0;
}

int physmap_release_deferred(struct domain *d, gfn_t gfn, paddr_t *pa)
{
	enum stage2_type type;

	spin_assert_held(&d->lock);
	if (!gfn_valid(gfn) || !stage2_lookup(&d->s2, gfn_to_ipa(gfn), NULL, &type) ||
	    (type != STAGE2_RAM && type != STAGE2_RAM_RO)) {
		return -EINVAL;
	}
	if (stage2_unmap_deferred(&d->s2, gfn_to_ipa(gfn), pa) < 0) {
		return -EINVAL;
	}
	d->ram_pages--;
	return 0;
}

void physmap_release_finish(struct domain *d, const paddr_t *pa, unsigned int count)
{
	spin_assert_held(&d->lock);
	if (count == 0) {
		return;
	}
	stage2_flush(&d->s2); /* no pCPU may reach a page once it is free */
	for (unsigned int i = 0; i < count; i++) {
		frame_put(pa[i]); /* free, and zeroed before its next use, unless the core holds it
				     too */
	}
}

int physmap_release(struct domain *d, gfn_t gfn)
{
	paddr_t pa;
	int err = physmap_release_deferred(d, gfn, &pa);

	if (!err) {
		physmap_release_finish(d, &pa, 1);
	}
	return err;
}
