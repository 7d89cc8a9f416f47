// SPDX-License-Identifier: MIT
/*
 * memory_op: the caller's physical map (the core's frames placed at its
 * gfns) and its reservation (pages given back and taken again, the
 * ballooning Linux does). Only DOMID_SELF: controlling another domain's
 * memory is the toolstack's, through domain control.
 */
#include <abi/memory.h>
#include <arch.h>
#include <errno.h>
#include <grant.h>
#include <guest_copy.h>
#include <hypercall.h>
#include <physmap.h>

#define EXTENTS_MAX (1u << 16) /* a call asking for more is refused */
#define EXTENTS_PER_PART 64u   /* bounds the time the core spends on one entry */

static long add_to_physmap(struct vcpu *v, gva_t arg)
{
	struct domain *d = v->domain;
	struct xen_add_to_physmap xatp;
	gfn_t gfn;
	long err;

	if (copy_from_guest(v, &xatp, arg, sizeof(xatp)) < 0) {
		return -EFAULT;
	}
	if (!domain_is_self(v->domain, xatp.domid)) {
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
		err = physmap_place(d, &d->shared_info_gfn, gfn, arch_va_to_pa(d->shared_info));
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

/* One part of populate_physmap or decrease_reservation: up to count gfns from
 * list[start], copied in first (a guest copy takes d->lock). A decrease's pages
 * are freed after one TLB flush for them all. Returns how many were done. */
static unsigned int reservation_part(struct vcpu *v, uint64_t op, gva_t list, uint64_t start,
				     unsigned int count)
{
	struct domain *d = v->domain;
	uint64_t gfn[EXTENTS_PER_PART];
	paddr_t freed[EXTENTS_PER_PART];
	unsigned int got, done;

	for (got = 0; got < count; got++) {
		if (copy_from_guest(v, &gfn[got], gva_add(list, (start + got) * sizeof(gfn[0])),
				    sizeof(gfn[0])) < 0) {
			break;
		}
	}
	spin_lock(&d->lock);
	for (done = 0; done < got; done++) {
		int err = op == XENMEM_populate_physmap
				  ? physmap_populate(d, gfn_make(gfn[done]))
				  : physmap_release_deferred(d, gfn_make(gfn[done]), &freed[done]);

		if (err) {
			break;
		}
	}
	if (op == XENMEM_decrease_reservation) {
		physmap_release_finish(d, freed, done);
	}
	spin_unlock(&d->lock);
	return done;
}

/* populate_physmap and decrease_reservation: one gfn at a time, as far as they
 * go, EXTENTS_PER_PART of them per entry (see MEMOP_EXTENT_SHIFT). Returns how
 * many extents the whole call did; an error found on a later entry returns
 * the progress so far, which the guest could not learn otherwise. */
static long reservation(struct vcpu *v, const struct hypercall_args *args)
{
	uint64_t op = args->a[0] & MEMOP_CMD_MASK, start = args->a[0] >> MEMOP_EXTENT_SHIFT;
	struct xen_memory_reservation r;
	struct hypercall_args next = *args;
	unsigned int count, done;
	long err = 0;

	if (copy_from_guest(v, &r, gva_make(args->a[1]), sizeof(r)) < 0) {
		err = -EFAULT;
	} else if (!domain_is_self(v->domain, r.domid)) {
		err = -EPERM;
	} else if (r.extent_order != 0 || r.nr_extents > EXTENTS_MAX) {
		err = -EINVAL;
	}
	if (err || start >= r.nr_extents) {
		return start ? (long)start : err;
	}
	count = (unsigned int)MIN(r.nr_extents - start, EXTENTS_PER_PART);
	done = reservation_part(v, op, gva_make(r.extent_start), start, count);
	if (done == count && start + count < r.nr_extents) {
		next.a[0] = op | ((start + count) << MEMOP_EXTENT_SHIFT);
		return hypercall_continue(v, &next);
	}
	return (long)(start + done);
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
	if (!domain_is_self(v->domain, dom)) {
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
	uint64_t op = args->a[0] & MEMOP_CMD_MASK;

	if (op == XENMEM_populate_physmap || op == XENMEM_decrease_reservation) {
		return reservation(v, args);
	}
	switch (args->a[0]) { /* the other commands carry no progress bits */
	case XENMEM_add_to_physmap:
		return add_to_physmap(v, gva_make(args->a[1]));
	case XENMEM_current_reservation:
	case XENMEM_maximum_reservation:
	case XENMEM_maximum_gpfn:
		return query(v, args->a[0], gva_make(args->a[1]));
	default:
		return -ENOSYS;
	}
}
