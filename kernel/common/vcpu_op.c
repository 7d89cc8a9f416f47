// SPDX-License-Identifier: MIT
/* vcpu_op: what a domain may ask about its own vCPUs. */
#include <abi/vcpu.h>
#include <arch.h>
#include <domain.h>
#include <frame.h>
#include <errno.h>
#include <evtchn.h>
#include <guest_copy.h>
#include <hypercall.h>
#include <sched.h>

/*
 * The vcpu_info moves into a page of the guest's own RAM. The core keeps a
 * reference on that frame, so giving the page back cannot pull it from under
 * the core's writes; once registered it stays (as with Xen).
 */
static long register_vcpu_info(struct vcpu *v, struct vcpu *target, gva_t arg)
{
	struct domain *d = v->domain;
	struct vcpu_register_vcpu_info info;
	struct vcpu_info *old, *new;
	enum stage2_type type;
	paddr_t pa;
	long err = 0;

	if (copy_from_guest(v, &info, arg, sizeof(info)) < 0) {
		return -EFAULT;
	}
	if (info.rsvd || info.offset > PAGE_SIZE - sizeof(struct vcpu_info) || (info.offset & 7) ||
	    info.mfn >= (1ull << (40 - PAGE_SHIFT))) {
		return -EINVAL;
	}
	spin_lock(&d->lock);
	/* Once only; and in its own RAM, held for as long as it is registered. */
	if (target->vcpu_info_page.pa ||
	    !stage2_lookup(&d->s2, gfn_to_ipa(gfn_make(info.mfn)), &pa, &type) ||
	    (type != STAGE2_RAM && type != STAGE2_RAM_FIXED) || !frame_get(pa)) {
		err = -EINVAL;
		goto out;
	}
	new = (struct vcpu_info *)((uint8_t *)arch_pa_to_va(pa) + info.offset);
	old = target->vcpu_info;
	if (old) {
		memcpy(new, old, sizeof(*new));
	} else {
		memset(new, 0, sizeof(*new));
	}
	/* Everything pending, as Xen marks it: an event sent while the area
	 * moved is found by the rescan this causes, at the cost of a spurious one. */
	new->evtchn_upcall_pending = 1;
	new->evtchn_pending_sel = ~0ull;
	target->vcpu_info_page = pa;
	__atomic_store_n(&target->vcpu_info, new, __ATOMIC_RELEASE);
out:
	spin_unlock(&d->lock);
	if (!err) {
		arch_vcpu_raise_upcall(target);
	}
	return err;
}

/* The area is a guest virtual address, written whenever the vCPU is switched
 * in (sched.c) while its own translation regime is live. Only a vCPU's own
 * area can be checked now; another's is checked when it next runs. */
static long register_runstate(struct vcpu *v, struct vcpu *target, gva_t arg)
{
	struct vcpu_register_runstate_memory_area area;
	struct vcpu_runstate_info info;

	if (copy_from_guest(v, &area, arg, sizeof(area)) < 0) {
		return -EFAULT;
	}
	if (area.addr && target == v) {
		sched_runstate(v, &info);
		if (copy_to_guest(v, gva_make(area.addr), &info, sizeof(info)) < 0) {
			return -EFAULT;
		}
	}
	__atomic_store_n(&target->runstate_gva, area.addr, __ATOMIC_RELEASE);
	return 0;
}

long do_vcpu_op(struct vcpu *v, const struct hypercall_args *args)
{
	struct vcpu *target = domain_vcpu(v->domain, args->a[1]);
	struct vcpu_runstate_info info;
	gva_t arg = gva_make(args->a[2]);

	if (!target) {
		return -EINVAL;
	}
	switch (args->a[0]) {
	case VCPUOP_get_runstate_info:
		sched_runstate(target, &info);
		return copy_to_guest(v, arg, &info, sizeof(info));
	case VCPUOP_register_vcpu_info:
		return register_vcpu_info(v, target, arg);
	case VCPUOP_register_runstate_memory_area:
		return register_runstate(v, target, arg);
	default:
		return -ENOSYS;
	}
}
