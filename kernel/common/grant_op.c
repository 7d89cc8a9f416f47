// SPDX-License-Identifier: MIT
/*
 * grant_table_op: a batch of ops, each copied in, done and its status copied
 * out on its own, so one bad op does not spoil the others. One table gives
 * each sub-op its argument size and its handler.
 */
#include <errno.h>
#include <grant.h>
#include <guest_copy.h>
#include <hypercall.h>

#define OPS_MAX 1024u    /* a batch asking for more is refused */
#define OPS_PER_PART 64u /* bounds the time the core spends on one entry */

_Static_assert(sizeof(gfn_t) == sizeof(uint64_t), "frame_list is an array of uint64_t gfns");

/* Any op's argument, copied in whole before it is looked at. */
union grant_op_arg {
	struct gnttab_map_grant_ref map;
	struct gnttab_unmap_grant_ref unmap;
	struct gnttab_copy copy;
	struct gnttab_setup_table setup;
	struct gnttab_query_size query;
	struct gnttab_set_version version;
	struct gnttab_get_version get_version;
};

/* A sub-op: sets its status in op; a negative errno ends the whole batch
 * (after op is copied out). */
typedef long (*grant_op_fn)(struct vcpu *v, union grant_op_arg *op);

static long op_map(struct vcpu *v, union grant_op_arg *op)
{
	op->map.status = grant_map(v->domain, &op->map);
	return 0;
}

static long op_unmap(struct vcpu *v, union grant_op_arg *op)
{
	op->unmap.status = grant_unmap(v->domain, &op->unmap);
	return 0;
}

static long op_copy(struct vcpu *v, union grant_op_arg *op)
{
	op->copy.status = grant_copy(v->domain, &op->copy);
	return 0;
}

static long op_setup_table(struct vcpu *v, union grant_op_arg *op)
{
	struct gnttab_setup_table *st = &op->setup;
	gfn_t gfns[GRANT_FRAMES_MAX];

	if (!domain_is_self(v->domain, st->dom)) {
		st->status = GNTST_permission_denied;
		return 0;
	}
	st->status = grant_setup_table(v->domain, st->nr_frames, gfns);
	if (st->status == GNTST_okay &&
	    copy_to_guest(v, gva_make(st->frame_list), gfns, st->nr_frames * sizeof(gfns[0])) < 0) {
		st->status = GNTST_bad_virt_addr;
	}
	return 0;
}

static long op_query_size(struct vcpu *v, union grant_op_arg *op)
{
	struct gnttab_query_size *q = &op->query;

	q->status = domain_is_self(v->domain, q->dom)
			    ? grant_query_size(v->domain, &q->nr_frames, &q->max_nr_frames)
			    : GNTST_permission_denied;
	return 0;
}

/* Version 1 is the only one, and always in force; it is written back even
 * when the call fails, as Xen on Arm (which offers no version 2) does. */
static long op_set_version(struct vcpu *v, union grant_op_arg *op)
{
	uint32_t asked = op->version.version;

	(void)v;
	op->version.version = 1;
	return asked == 1 ? 0 : asked == 2 ? -ENOSYS : -EINVAL;
}

/* Only the caller's own version (Xen lets the control domain ask for others'). */
static long op_get_version(struct vcpu *v, union grant_op_arg *op)
{
	struct domain *d = domain_get(v->domain, op->get_version.dom);

	if (!d) {
		return -ESRCH;
	}
	domain_put(d);
	if (d != v->domain) {
		return -EPERM;
	}
	op->get_version.version = 1;
	return 0;
}

static const struct {
	size_t size;
	grant_op_fn handle;
	bool single; /* takes exactly one op (count 1), as in Xen */
} grant_ops[] = {
	[GNTTABOP_map_grant_ref] = { sizeof(struct gnttab_map_grant_ref), op_map, false },
	[GNTTABOP_unmap_grant_ref] = { sizeof(struct gnttab_unmap_grant_ref), op_unmap, false },
	[GNTTABOP_setup_table] = { sizeof(struct gnttab_setup_table), op_setup_table, false },
	[GNTTABOP_copy] = { sizeof(struct gnttab_copy), op_copy, false },
	[GNTTABOP_query_size] = { sizeof(struct gnttab_query_size), op_query_size, false },
	[GNTTABOP_set_version] = { sizeof(struct gnttab_set_version), op_set_version, true },
	[GNTTABOP_get_version] = { sizeof(struct gnttab_get_version), op_get_version, true },
};

/* Up to OPS_PER_PART ops of the batch at uop; with more left, the guest
 * re-enters for the rest: uop advanced, count reduced, as Xen does. */
long do_grant_table_op(struct vcpu *v, const struct hypercall_args *args)
{
	uint64_t cmd = args->a[0], count = args->a[2], part;
	gva_t uop = gva_make(args->a[1]);
	grant_op_fn handle;
	size_t size;

	if (cmd >= ARRAY_SIZE(grant_ops) || !grant_ops[cmd].handle) {
		return -ENOSYS;
	}
	cmd = index_nospec(cmd, ARRAY_SIZE(grant_ops));
	size = grant_ops[cmd].size;
	handle = grant_ops[cmd].handle;
	if (count > OPS_MAX || (grant_ops[cmd].single && count != 1)) {
		return -EINVAL;
	}
	part = MIN(count, OPS_PER_PART);
	for (uint64_t i = 0; i < part; i++) {
		union grant_op_arg op;
		long err;

		if (copy_from_guest(v, &op, gva_add(uop, i * size), size) < 0) {
			return -EFAULT;
		}
		err = handle(v, &op); /* what an op wrote is copied out even when it fails */
		if (copy_to_guest(v, gva_add(uop, i * size), &op, size) < 0) {
			return -EFAULT;
		}
		if (err) {
			return err;
		}
	}
	if (part < count) {
		struct hypercall_args next = *args;

		next.a[1] = gva_add(uop, part * size).gva;
		next.a[2] = count - part;
		return hypercall_continue(v, &next);
	}
	return 0;
}
