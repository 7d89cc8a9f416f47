// SPDX-License-Identifier: MIT
/* grant_table_op itself: unknown commands, op counts, op array pointers, set_version, sizes. */
#include <abi/errno.h>
#include <abi/hypercall.h>
#include <libos/test.h>

#include "hostile_abi.h"

TEST(hostile_abi, gnttab_unknown_commands)
{
	static const unsigned long cmds[] = { 3, 4, 7, 9, 11, 12, 99, 0xFFFFFFFFul, ~0ul };
	uint64_t buf[8] = { 0 };

	for (unsigned int i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		test_context("cmd 0x%lx", cmds[i]);
		CHECK_EQ(hostile_gnttab_op(cmds[i], buf, 1), -XEN_ENOSYS);
	}
	test_context(NULL);
}

TEST(hostile_abi, gnttab_op_counts_and_arrays)
{
	static const unsigned long huge[] = { 1025, 0x10000, 0xFFFFFFFFul, 1ul << 63, ~0ul };
	struct gnttab_query_size q[2] = { { .dom = DOMID_SELF }, { .dom = DOMID_SELF } };
	uint64_t end = hostile_ram_end();

	for (unsigned int i = 0; i < sizeof(huge) / sizeof(huge[0]); i++) {
		test_context("count 0x%lx", huge[i]);
		CHECK_EQ(hostile_gnttab_op(GNTTABOP_query_size, q, huge[i]), -XEN_EINVAL);
		CHECK_EQ(hostile_gnttab_op(GNTTABOP_copy, q, huge[i]), -XEN_EINVAL);
	}
	test_context(NULL);
	/* Nothing to do is done. */
	CHECK_EQ(hostile_gnttab_op(GNTTABOP_map_grant_ref, (void *)HOSTILE_UNMAPPED_VA, 0), 0);
	/* Arrays that cannot be read. */
	CHECK_EQ(hostile_gnttab_op(GNTTABOP_query_size, NULL, 1), -XEN_EFAULT);
	CHECK_EQ(hostile_gnttab_op(GNTTABOP_map_grant_ref, (void *)HOSTILE_UNMAPPED_VA, 1),
		 -XEN_EFAULT);
	CHECK_EQ(hostile_gnttab_op(GNTTABOP_copy, (void *)HOSTILE_HOLE_IPA, 1), -XEN_EFAULT);
	/* An array whose second op lies past the end of RAM: the first is done, then -EFAULT. */
	REQUIRE(end != 0);
	{
		struct gnttab_query_size *at_end =
			(struct gnttab_query_size *)(uintptr_t)(end - sizeof(*at_end));

		*at_end = (struct gnttab_query_size){ .dom = DOMID_SELF, .status = 99 };
		CHECK_EQ(hostile_gnttab_op(GNTTABOP_query_size, at_end, 2), -XEN_EFAULT);
		CHECK_EQ(at_end->status, GNTST_okay);
	}
	/* Two good ops in one call. */
	CHECK_EQ(hostile_gnttab_op(GNTTABOP_query_size, q, 2), 0);
	CHECK_EQ(q[0].status, GNTST_okay);
	CHECK_EQ(q[1].status, GNTST_okay);
}

/* Batches over the 64 ops the core does per entry: every op is done, and a
 * fault in a later part ends the call with the ops before it done. */
TEST(hostile_abi, gnttab_batches_done_in_parts)
{
	static struct gnttab_query_size q[1024];
	static struct gnttab_set_version v[1024];
	uint64_t end = hostile_ram_end();
	unsigned int okay = 0;
	struct gnttab_query_size *tail;

	for (unsigned int i = 0; i < 1024; i++) {
		q[i] = (struct gnttab_query_size){ .dom = DOMID_SELF, .status = 99 };
		v[i].version = 1;
	}
	CHECK_EQ(hostile_gnttab_op(GNTTABOP_query_size, q, 1024), 0);
	for (unsigned int i = 0; i < 1024; i++) {
		okay += q[i].status == GNTST_okay && q[i].nr_frames >= 1;
	}
	CHECK_EQ(okay, 1024);
	/* set_version takes one op a call, as in Xen. */
	CHECK_EQ(hostile_gnttab_op(GNTTABOP_set_version, v, 1024), -XEN_EINVAL);
	/* 100 ops of which the last 30 lie past the end of RAM. */
	REQUIRE(end != 0);
	tail = (struct gnttab_query_size *)(uintptr_t)(end - 70 * sizeof(*tail));
	for (unsigned int i = 0; i < 70; i++) {
		tail[i] = (struct gnttab_query_size){ .dom = DOMID_SELF, .status = 99 };
	}
	CHECK_EQ(hostile_gnttab_op(GNTTABOP_query_size, tail, 100), -XEN_EFAULT);
	okay = 0;
	for (unsigned int i = 0; i < 70; i++) {
		okay += tail[i].status == GNTST_okay;
	}
	CHECK_EQ(okay, 70);
}

/* As Xen on Arm answers: version 1 only, 2 -ENOSYS (never offered), others
 * -EINVAL, the version in force written back each time. */
TEST(hostile_abi, gnttab_set_version)
{
	static const uint32_t bad[] = { 0, 3, 0x80000001u, 0xFFFFFFFFu };
	struct gnttab_set_version v = { .version = 1 };

	CHECK_EQ(hostile_gnttab_op(GNTTABOP_set_version, &v, 1), 0);
	CHECK_EQ(v.version, 1);
	v.version = 2;
	CHECK_EQ(hostile_gnttab_op(GNTTABOP_set_version, &v, 1), -XEN_ENOSYS);
	CHECK_EQ(v.version, 1);
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		test_context("version 0x%x", bad[i]);
		v.version = bad[i];
		CHECK_EQ(hostile_gnttab_op(GNTTABOP_set_version, &v, 1), -XEN_EINVAL);
		CHECK_EQ(v.version, 1);
	}
	test_context(NULL);
	CHECK_EQ(hostile_gnttab_op(GNTTABOP_set_version, &v, 2), -XEN_EINVAL);
	CHECK_EQ(hostile_gnttab_op(GNTTABOP_set_version, (void *)HOSTILE_UNMAPPED_VA, 1),
		 -XEN_EFAULT);
}

TEST(hostile_abi, gnttab_get_version)
{
	struct gnttab_get_version g = { .dom = DOMID_SELF, .version = 0x55 };

	CHECK_EQ(hostile_gnttab_op(GNTTABOP_get_version, &g, 1), 0);
	CHECK_EQ(g.version, 1);
	g = (struct gnttab_get_version){ .dom = (domid_t)hostile_peer(), .version = 0x55 };
	CHECK_EQ(hostile_gnttab_op(GNTTABOP_get_version, &g, 1), -XEN_EPERM);
	CHECK_EQ(g.version, 0x55);
	g = (struct gnttab_get_version){ .dom = HOSTILE_NO_SUCH_DOMID, .version = 0x55 };
	CHECK_EQ(hostile_gnttab_op(GNTTABOP_get_version, &g, 1), -XEN_ESRCH);
	g.dom = DOMID_SELF;
	CHECK_EQ(hostile_gnttab_op(GNTTABOP_get_version, &g, 0), -XEN_EINVAL);
	CHECK_EQ(hostile_gnttab_op(GNTTABOP_get_version, &g, 2), -XEN_EINVAL);
	CHECK_EQ(hostile_gnttab_op(GNTTABOP_get_version, (void *)HOSTILE_UNMAPPED_VA, 1),
		 -XEN_EFAULT);
}

TEST(hostile_abi, gnttab_query_and_setup_table)
{
	static uint64_t frames[GRANT_FRAMES_MAX + 1];
	struct gnttab_query_size q = { .dom = DOMID_SELF };
	struct gnttab_setup_table s = { .dom = DOMID_SELF };

	REQUIRE_EQ(hostile_gnttab_op(GNTTABOP_query_size, &q, 1), 0);
	REQUIRE_EQ(q.status, GNTST_okay);
	CHECK(q.nr_frames >= 1 && q.nr_frames <= q.max_nr_frames);
	CHECK(q.max_nr_frames <= GRANT_FRAMES_MAX);

	/* Another domain's table is not ours to size or learn. */
	q.dom = (domid_t)hostile_peer();
	CHECK_EQ(hostile_gnttab_op(GNTTABOP_query_size, &q, 1), 0);
	CHECK_EQ(q.status, GNTST_permission_denied);
	s = (struct gnttab_setup_table){ .dom = (domid_t)hostile_peer(),
					 .nr_frames = 1,
					 .frame_list = (uint64_t)(uintptr_t)frames };
	CHECK_EQ(hostile_gnttab_op(GNTTABOP_setup_table, &s, 1), 0);
	CHECK_EQ(s.status, GNTST_permission_denied);

	/* More frames than the maximum. */
	q.dom = DOMID_SELF;
	REQUIRE_EQ(hostile_gnttab_op(GNTTABOP_query_size, &q, 1), 0);
	s = (struct gnttab_setup_table){ .dom = DOMID_SELF,
					 .nr_frames = q.max_nr_frames + 1,
					 .frame_list = (uint64_t)(uintptr_t)frames };
	CHECK_EQ(hostile_gnttab_op(GNTTABOP_setup_table, &s, 1), 0);
	CHECK_EQ(s.status, GNTST_general_error);
	s.nr_frames = 0xFFFFFFFFu;
	CHECK_EQ(hostile_gnttab_op(GNTTABOP_setup_table, &s, 1), 0);
	CHECK_EQ(s.status, GNTST_general_error);
	/* A frame list that cannot be written. */
	s = (struct gnttab_setup_table){ .dom = DOMID_SELF,
					 .nr_frames = q.nr_frames,
					 .frame_list = HOSTILE_UNMAPPED_VA };
	CHECK_EQ(hostile_gnttab_op(GNTTABOP_setup_table, &s, 1), 0);
	CHECK_EQ(s.status, GNTST_bad_virt_addr);
	/* Nothing of that changed the table. */
	REQUIRE_EQ(hostile_gnttab_op(GNTTABOP_query_size, &q, 1), 0);
	CHECK(q.nr_frames >= 1 && q.nr_frames <= q.max_nr_frames);
}
