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
	uint64_t seen = passed < FUZZ_BATCH_MAX ? passed : FUZZ_BATCH_MAX;

	fuzz_batch_clear(ops, 0, passed);
	/* Only a status the core wrote can be okay (a cleared op's reads as okay). */
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
	 * Past the ops given the core finds cleared ones, which fail; should one
	 * report success all the same, noting it costs at most a failed unmap.
	 */
	for (uint64_t i = 0; i < seen; i++) {
		if (ops[i].status == GNTST_okay) {
			fuzz_note_map(ops[i].host_addr, ops[i].handle);
		}
	}
}

static void unmap_call(unsigned int count)
{
	struct gnttab_unmap_grant_ref *ops = (struct gnttab_unmap_grant_ref *)fuzz_arg();
	uint64_t passed;

	for (unsigned int i = 0; i < count; i++) {
		memset(&ops[i], 0, sizeof(ops[i]));
		ops[i].host_addr = fuzz_map_addr();
		ops[i].handle = (grant_handle_t)fuzz_value();
		ops[i].dev_bus_addr = fuzz_one_in(4) ? fuzz_value() : 0;
	}
	passed = fuzz_one_in(8) ? fuzz_value() : count;
	fuzz_batch_clear(ops, count * sizeof(ops[0]), passed);
	(void)hypercall_grant_table_op(GNTTABOP_unmap_grant_ref, ops, passed);
}

static void copy_side(struct gnttab_copy_ptr *side, bool gref)
{
	side->ref_or_gfn = gref ? random_ref() : fuzz_copy_gfn();
	side->domid = gref ? fuzz_domid() : (fuzz_one_in(8) ? fuzz_domid() : DOMID_SELF);
	side->offset = (uint16_t)(fuzz_one_in(4) ? fuzz_value() : fuzz_below(FUZZ_PAGE));
	side->pad = fuzz_one_in(16) ? (uint32_t)fuzz_next() : 0;
}

/* In page 1: a copy may write the argument page, never the ops still to run. */
static void copy_call(unsigned int count)
{
	struct gnttab_copy *ops = (struct gnttab_copy *)(fuzz_arg() + FUZZ_COPY_OPS);
	uint64_t passed;

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
	passed = fuzz_one_in(8) ? fuzz_value() : count;
	fuzz_batch_clear(ops, count * sizeof(ops[0]), passed);
	(void)hypercall_grant_table_op(GNTTABOP_copy, ops, passed);
}

/* A batch of written bytes at where; at the argument buffer, the ops past them are cleared. */
static void batch_call(uint64_t cmd, void *where, size_t written, uint64_t passed)
{
	if (where == fuzz_arg()) {
		fuzz_batch_clear(where, written, passed);
	}
	(void)hypercall_grant_table_op(cmd, where, passed);
}

static void table_call(void)
{
	uint8_t *arg = fuzz_arg();
	static const uint64_t frames[] = { 0, 1, 32, 63, 64, 65, 0xFFFFFFFF };
	uint64_t cmd, passed;
	void *where;

	switch (fuzz_below(4)) {
	case 0: {
		struct gnttab_setup_table *s = (struct gnttab_setup_table *)arg;

		memset(s, 0, sizeof(*s));
		s->dom = fuzz_domid();
		s->nr_frames = (uint32_t)fuzz_pick(frames, sizeof(frames) / sizeof(frames[0]));
		s->frame_list = fuzz_one_in(2) ? (uint64_t)(uintptr_t)(arg + 64) : fuzz_pointer();
		passed = fuzz_one_in(4) ? fuzz_value() : 1;
		fuzz_batch_clear(s, sizeof(*s), passed);
		(void)hypercall_grant_table_op(GNTTABOP_setup_table, s, passed);
		break;
	}
	case 1: {
		struct gnttab_query_size *q = (struct gnttab_query_size *)arg;

		memset(q, 0, sizeof(*q));
		q->dom = fuzz_domid();
		where = fuzz_one_in(8) ? (void *)fuzz_pointer() : q;
		batch_call(GNTTABOP_query_size, where, sizeof(*q),
			   fuzz_one_in(4) ? fuzz_value() : 1);
		break;
	}
	case 2: {
		struct gnttab_set_version *v = (struct gnttab_set_version *)arg;

		v->version = (uint32_t)(fuzz_one_in(2) ? 1 : fuzz_value());
		batch_call(GNTTABOP_set_version, v, sizeof(*v), fuzz_one_in(4) ? fuzz_value() : 1);
		break;
	}
	default:
		fuzz_fill(arg, 64);
		cmd = fuzz_one_in(2) ? GNTTABOP_get_version : fuzz_value();
		where = fuzz_one_in(2) ? (void *)arg : (void *)fuzz_pointer();
		/* Only ops that write nothing but themselves run from stale memory elsewhere. */
		if (cmd != GNTTABOP_query_size && cmd != GNTTABOP_set_version) {
			where = arg;
		}
		batch_call(cmd, where, 64, fuzz_value());
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
		void *where;

		fuzz_fill(fuzz_arg(), MAX_OPS * FUZZ_OP_BYTES_MAX);
		if (cmd == GNTTABOP_map_grant_ref || cmd == GNTTABOP_copy) {
			/* Garbage is no real address; it may still map, so it is noted if it does.
			 */
			map_call(count);
			break;
		}
		where = fuzz_one_in(2) ? (void *)fuzz_arg() : (void *)fuzz_unreadable_pointer();
		batch_call(cmd, where, MAX_OPS * FUZZ_OP_BYTES_MAX, fuzz_value());
		break;
	}
	}
}
