// SPDX-License-Identifier: MIT
/*
 * memory_op: the caller's physical map (the core's frames placed at its
 * gfns) and its reservation (pages given back and taken again, the
 * ballooning Linux does). Only DOMID_SELF: controlling another domain's
 * memory is the toolstack's, through domain control.
 */
#include <abi/guest_layout.h>
#include <abi/hypercall.h>
#include <abi/memory.h>
#include <arch.h>
#include <errno.h>
#include <grant.h>
#include <guest_copy.h>
#include <hypercall.h>
#include <physmap.h>

#define EXTENTS_PER_CALL (1u << 16) /* bounds the time one call may take */

static bool is_self(const struct vcpu *v, uint16_t dom)
{
	return dom == DOMID_SELF || dom == v->domain->domid;
}

static long add_to_physmap(struct vcpu *v, gva_t arg)
{
	struct domain *d = v->domain;
	struct xen_add_to_physmap xatp;
	gfn_t gfn;
	long err;

	if (copy_from_guest(v, &xatp, arg, sizeof(xatp)) < 0) {
		return -EFAULT;
	}
	if (!is_self(v, xatp.domid)) {
		return -EPERM;
	}
	gfn = gfn_make(xatp.gpfn);
	spin_lock(&d->lock);
	switch (xatp.space) {
	case XENMAPSPACE_shared_info:
		if (xatp.idx != 0) {
			err = -EINVAL;
			break;
		}
		if (d->shared_info_gfn == gfn.gfn) {
			err = 0;
			break;
		}
		err = physmap_place(d, gfn, arch_va_to_pa(d->shared_info));
		if (!err && d->shared_info_gfn) {
			physmap_unplace(d, gfn_make(d->shared_info_gfn),
					arch_va_to_pa(d->shared_info));
		}
		if (!err) {
			d->shared_info_gfn = gfn.gfn;
		}
		break;
	case XENMAPSPACE_grant_table:
		err = grant_place_frame(d, xatp.idx, gfn);
		break;
	default:
		err = -EINVAL;
		break;
	}
	spin_unlock(&d->lock);
	return err;
}

/* populate_physmap and decrease_reservation: one gfn at a time, as far as they go. */
static long reservation(struct vcpu *v, uint64_t cmd, gva_t arg)
{
	struct domain *d = v->domain;
	struct xen_memory_reservation r;
	uint64_t done;

	if (copy_from_guest(v, &r, arg, sizeof(r)) < 0) {
		return -EFAULT;
	}
	if (!is_self(v, r.domid)) {
		return -EPERM;
	}
	if (r.extent_order != 0 || r.nr_extents > EXTENTS_PER_CALL) {
		return -EINVAL;
	}
	for (done = 0; done < r.nr_extents; done++) {
		uint64_t gfn;
		int err;

		if (copy_from_guest(v, &gfn, gva_add(gva_make(r.extent_start), done * sizeof(gfn)),
				    sizeof(gfn)) < 0) {
			break;
		}
		spin_lock(&d->lock);
		err = cmd == XENMEM_populate_physmap ? physmap_populate(d, gfn_make(gfn))
						     : physmap_release(d, gfn_make(gfn));
		spin_unlock(&d->lock);
		if (err) {
			break;
		}
	}
	return (long)done;
}

/* current_reservation, maximum_reservation, maximum_gpfn: a number about the caller. */
static long query(struct vcpu *v, uint64_t cmd, gva_t arg)
{
	struct domain *d = v->domain;
	domid_t dom;
	long n;

	if (copy_from_guest(v, &dom, arg, sizeof(dom)) < 0) {
		return -EFAULT;
	}
	if (!is_self(v, dom)) {
		return -EPERM;
	}
	spin_lock(&d->lock);
	n = (long)(cmd == XENMEM_current_reservation   ? d->ram_pages
		   : cmd == XENMEM_maximum_reservation ? d->max_pages
						       : d->max_gpfn);
	spin_unlock(&d->lock);
	return n;
}

long do_memory_op(struct vcpu *v, const struct hypercall_args *args)
{
	switch (args->a[0]) {
	case XENMEM_add_to_physmap:
		return add_to_physmap(v, gva_make(args->a[1]));
	case XENMEM_populate_physmap:
	case XENMEM_decrease_reservation:
		return reservation(v, args->a[0], gva_make(args->a[1]));
	case XENMEM_current_reservation:
	case XENMEM_maximum_reservation:
	case XENMEM_maximum_gpfn:
		return query(v, args->a[0], gva_make(args->a[1]));
	default:
		return -ENOSYS;
	}
}
