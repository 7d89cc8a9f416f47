// SPDX-License-Identifier: MIT
/* Random grant_table_op calls: maps (noted for the cleanup), unmaps, copies, sizes, versions. */
#include <abi/grant_table.h>
#include <libos/hypercall.h>
#include <string.h>

#include "fuzz.h"

#define MAX_OPS 8u

static grant_ref_t random_ref(void)
{
	static const uint64_t refs[] = {
		FUZZ_WITNESS_REF, FUZZ_WITNESS_REF, 0, 7, 9, 511, 512, 32767, 32768, 0xFFFFFFFF
	};

	return (grant_ref_t)fuzz_pick(refs, sizeof(refs) / sizeof(refs[0]));
}

static uint32_t random_map_flags(void)
{
	static const uint64_t flags[] = { GNTMAP_host_map, GNTMAP_host_map | GNTMAP_readonly,
					  GNTMAP_device_map, 0, 0xFFFFFFFF };

	return (uint32_t)fuzz_pick(flags, sizeof(flags) / sizeof(flags[0]));
}

static void map_call(unsigned int count)
{
	struct gnttab_map_grant_ref *ops = (struct gnttab_map_grant_ref *)fuzz_arg();
	uint64_t passed = fuzz_one_in(8) ? fuzz_value() : count;
	uint64_t seen = FUZZ_ARG_BYTES / sizeof(ops[0]);

	/* Only a status the core wrote can be okay. */
	for (uint64_t i = 0; i < seen; i++) {
		ops[i].status = 1;
	}
	for (unsigned int i = 0; i < count; i++) {
		memset(&ops[i], 0, sizeof(ops[i]));
		ops[i].host_addr = fuzz_map_addr();
		ops[i].flags = random_map_flags();
		ops[i].ref = random_ref();
		ops[i].dom = fuzz_domid();
		ops[i].status = 1;
	}
	(void)hypercall_grant_table_op(GNTTABOP_map_grant_ref, ops, passed);
	/*
	 * A count past the ops given makes the core read what lies after them:
	 * any op there reporting success may be a mapping too. Noting one that
	 * is not costs only a failed unmap in the cleanup.
	 */
	for (uint64_t i = 0; i < passed && i < seen; i++) {
		if (ops[i].status == GNTST_okay) {
			fuzz_note_map(ops[i].host_addr, ops[i].handle);
		}
	}
}

static void unmap_call(unsigned int count)
{
	struct gnttab_unmap_grant_ref *ops = (struct gnttab_unmap_grant_ref *)fuzz_arg();

	for (unsigned int i = 0; i < count; i++) {
		memset(&ops[i], 0, sizeof(ops[i]));
		ops[i].host_addr = fuzz_map_addr();
		ops[i].handle = (grant_handle_t)fuzz_value();
		ops[i].dev_bus_addr = fuzz_one_in(4) ? fuzz_value() : 0;
	}
	(void)hypercall_grant_table_op(GNTTABOP_unmap_grant_ref, ops,
				       fuzz_one_in(8) ? fuzz_value() : count);
}

static void copy_side(struct gnttab_copy_ptr *side, bool gref)
{
	side->ref_or_gfn = gref ? random_ref() : fuzz_copy_gfn();
	side->domid = gref ? fuzz_domid() : (fuzz_one_in(8) ? fuzz_domid() : DOMID_SELF);
	side->offset = (uint16_t)(fuzz_one_in(4) ? fuzz_value() : fuzz_below(FUZZ_PAGE));
	side->pad = fuzz_one_in(16) ? (uint32_t)fuzz_next() : 0;
}

static void copy_call(unsigned int count)
{
	struct gnttab_copy *ops = (struct gnttab_copy *)fuzz_arg();

	for (unsigned int i = 0; i < count; i++) {
		uint16_t flags = (uint16_t)fuzz_below(4);

		memset(&ops[i], 0, sizeof(ops[i]));
		copy_side(&ops[i].source, (flags & GNTCOPY_source_gref) != 0);
		copy_side(&ops[i].dest, (flags & GNTCOPY_dest_gref) != 0);
		ops[i].flags = fuzz_one_in(16) ? (uint16_t)fuzz_next() : flags;
		ops[i].len = (uint16_t)(fuzz_one_in(3) ? fuzz_value() : fuzz_below(FUZZ_PAGE + 1));
		if (ops[i].flags & ~(GNTCOPY_source_gref | GNTCOPY_dest_gref)) {
			ops[i].flags &= GNTCOPY_source_gref | GNTCOPY_dest_gref;
		}
	}
	(void)hypercall_grant_table_op(GNTTABOP_copy, ops, fuzz_one_in(8) ? fuzz_value() : count);
}

static void table_call(void)
{
	uint8_t *arg = fuzz_arg();
	static const uint64_t frames[] = { 0, 1, 32, 63, 64, 65, 0xFFFFFFFF };

	switch (fuzz_below(4)) {
	case 0: {
		struct gnttab_setup_table *s = (struct gnttab_setup_table *)arg;

		memset(s, 0, sizeof(*s));
		s->dom = fuzz_domid();
		s->nr_frames = (uint32_t)fuzz_pick(frames, sizeof(frames) / sizeof(frames[0]));
		s->frame_list = fuzz_one_in(2) ? (uint64_t)(uintptr_t)(arg + 64) : fuzz_pointer();
		(void)hypercall_grant_table_op(GNTTABOP_setup_table, s,
					       fuzz_one_in(4) ? fuzz_value() : 1);
		break;
	}
	case 1: {
		struct gnttab_query_size *q = (struct gnttab_query_size *)arg;

		memset(q, 0, sizeof(*q));
		q->dom = fuzz_domid();
		(void)hypercall_grant_table_op(GNTTABOP_query_size,
					       fuzz_one_in(8) ? (void *)fuzz_pointer() : q,
					       fuzz_one_in(4) ? fuzz_value() : 1);
		break;
	}
	case 2: {
		struct gnttab_set_version *v = (struct gnttab_set_version *)arg;

		v->version = (uint32_t)(fuzz_one_in(2) ? 1 : fuzz_value());
		(void)hypercall_grant_table_op(GNTTABOP_set_version, v,
					       fuzz_one_in(4) ? fuzz_value() : 1);
		break;
	}
	default:
		fuzz_fill(arg, 64);
		(void)hypercall_grant_table_op(
			fuzz_one_in(2) ? GNTTABOP_get_version : fuzz_value(),
			fuzz_one_in(2) ? (void *)arg : (void *)fuzz_pointer(), fuzz_value());
		break;
	}
}

void fuzz_grant_op(void)
{
	unsigned int count = (unsigned int)fuzz_below(MAX_OPS) + 1;

	switch (fuzz_below(5)) {
	case 0:
		map_call(count);
		break;
	case 1:
		unmap_call(count);
		break;
	case 2:
		copy_call(count);
		break;
	case 3:
		table_call();
		break;
	default: {
		/* Every op with garbage, or nothing readable (a core frame may hold anything). */
		uint64_t cmd = fuzz_below(12);

		fuzz_fill(fuzz_arg(), MAX_OPS * 40);
		if (cmd == GNTTABOP_map_grant_ref || cmd == GNTTABOP_copy) {
			/* Garbage is no real address; it may still map, so it is noted if it does.
			 */
			map_call(count);
			break;
		}
		(void)hypercall_grant_table_op(cmd,
					       fuzz_one_in(2) ? (void *)fuzz_arg()
							      : (void *)fuzz_unreadable_pointer(),
					       fuzz_value());
		break;
	}
	}
}
