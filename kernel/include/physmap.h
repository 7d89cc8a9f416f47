/* SPDX-License-Identifier: MIT */
/* A domain's guest-physical map beyond its boot-time RAM: pages given back and
 * taken again, and the core's frames placed where the guest asks. */
#ifndef PHYSMAP_H
#define PHYSMAP_H

#include <domain.h>

/**
 * Map the core's frame pa (shared info, a grant frame) at gfn of d, taking a
 * reference for the mapping, and note gfn in *placed (0: not placed yet). A
 * frame is placed once: again at the same gfn is 0, elsewhere -EBUSY. Own RAM
 * at gfn is given back first (Linux puts its shared info over a page of its
 * RAM). Returns 0, -EINVAL for gfn 0, a gfn beyond the IPA space or one
 * holding a device, -EBUSY for one holding a granted page or another of the
 * core's frames. d->lock held.
 */
int physmap_place(struct domain *d, uint64_t *placed, gfn_t gfn, paddr_t pa);

/** Unmap the core's frame pa from gfn, if that is what is there. d->lock held. */
void physmap_unplace(struct domain *d, gfn_t gfn, paddr_t pa);

/** Give one zeroed page of RAM to d at gfn; -ENOMEM at its maximum or when
 * memory runs out, -EINVAL for a gfn outside the RAM range, -EEXIST if used. d->lock held. */
int physmap_populate(struct domain *d, gfn_t gfn);

/** Take the RAM page at gfn back from d; -EINVAL unless it is d's own RAM that
 * may go (a domain's fixed block for DMA stays). d->lock held. */
int physmap_release(struct domain *d, gfn_t gfn);

/** As physmap_release, but the page's TLB entries and its frame (*pa) stay
 * until physmap_release_finish: a batch of releases costs one TLB flush. */
int physmap_release_deferred(struct domain *d, gfn_t gfn, paddr_t *pa);

/** Flush d's TLB entries, then put the count frames deferred releases left. d->lock held. */
void physmap_release_finish(struct domain *d, const paddr_t *pa, unsigned int count);

#endif
