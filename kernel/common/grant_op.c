// SPDX-License-Identifier: MIT
/*
 * grant_table_op: a batch of ops, each copied in, done and its status copied
 * out on its own, so one bad op does not spoil the others.
 */
#include <abi/hypercall.h>
#include <errno.h>
#include <grant.h>
#include <guest_copy.h>
#include <hypercall.h>

#define OPS_PER_CALL 1024u /* bounds the time one call may take */

static bool is_self(const struct vcpu *v, uint16_t dom)
{
	return dom == DOMID_SELF || dom == v->domain->domid;
}

static int16_t setup_table(struct vcpu *v, struct gnttab_setup_table *op)
{
	uint64_t gfns[GRANT_FRAMES_MAX];
	int16_t st;

	if (!is_self(v, op->dom)) {
		return GNTST_permission_denied;
	}
	st = grant_setup_table(v->domain, op->nr_frames, gfns);
	if (st == GNTST_okay &&
	    copy_to_guest(v, op->frame_list, gfns, op->nr_frames * sizeof(gfns[0])) < 0) {
		st = GNTST_bad_virt_addr;
	}
	return st;
}

/* One op of the batch: size bytes at va, handled in place. */
static long one_op(struct vcpu *v, uint64_t cmd, uint64_t va)
{
	union {
		struct gnttab_map_grant_ref map;
		struct gnttab_unmap_grant_ref unmap;
		struct gnttab_copy copy;
		struct gnttab_setup_table setup;
		struct gnttab_query_size query;
		struct gnttab_set_version version;
	} op;
	size_t size = cmd == GNTTABOP_map_grant_ref     ? sizeof(op.map)
		      : cmd == GNTTABOP_unmap_grant_ref ? sizeof(op.unmap)
		      : cmd == GNTTABOP_copy            ? sizeof(op.copy)
		      : cmd == GNTTABOP_setup_table     ? sizeof(op.setup)
		      : cmd == GNTTABOP_query_size      ? sizeof(op.query)
							: sizeof(op.version);

	if (copy_from_guest(v, &op, va, size) < 0) {
		return -EFAULT;
	}
	switch (cmd) {
	case GNTTABOP_map_grant_ref:
		op.map.status = grant_map(v->domain, &op.map);
		break;
	case GNTTABOP_unmap_grant_ref:
		op.unmap.status = grant_unmap(v->domain, &op.unmap);
		break;
	case GNTTABOP_copy:
		op.copy.status = grant_copy(v->domain, &op.copy);
		break;
	case GNTTABOP_setup_table:
		op.setup.status = setup_table(v, &op.setup);
		break;
	case GNTTABOP_query_size:
		op.query.status = is_self(v, op.query.dom)
					  ? grant_query_size(v->domain, &op.query.nr_frames,
							     &op.query.max_nr_frames)
					  : GNTST_permission_denied;
		break;
	default: /* set_version: version 1 is the only one, and always in force */
		if (op.version.version != 1) {
			return -EINVAL;
		}
		op.version.version = 1;
		break;
	}
	return copy_to_guest(v, va, &op, size);
}

long do_grant_table_op(struct vcpu *v, const struct hypercall_args *args)
{
	uint64_t cmd = args->a[0], uop = args->a[1], count = args->a[2];
	size_t size;

	switch (cmd) {
	case GNTTABOP_map_grant_ref:
		size = sizeof(struct gnttab_map_grant_ref);
		break;
	case GNTTABOP_unmap_grant_ref:
		size = sizeof(struct gnttab_unmap_grant_ref);
		break;
	case GNTTABOP_copy:
		size = sizeof(struct gnttab_copy);
		break;
	case GNTTABOP_setup_table:
		size = sizeof(struct gnttab_setup_table);
		break;
	case GNTTABOP_query_size:
		size = sizeof(struct gnttab_query_size);
		break;
	case GNTTABOP_set_version:
		size = sizeof(struct gnttab_set_version);
		break;
	default:
		return -ENOSYS;
	}
	if (count > OPS_PER_CALL) {
		return -EINVAL;
	}
	for (uint64_t i = 0; i < count; i++) {
		long err = one_op(v, cmd, uop + i * size);

		if (err) {
			return err;
		}
	}
	return 0;
}
