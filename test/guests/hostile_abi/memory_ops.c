// SPDX-License-Identifier: MIT
/* Reservation calls with bad gfns, orders, counts, domains and pointers; nothing changes. */
#include <abi/errno.h>
#include <abi/hypercall.h>
#include <abi/memory.h>
#include <libos/physmap.h>
#include <libos/reservation.h>
#include <libos/shared_info.h>
#include <libos/test.h>

#include "hostile_abi.h"

#define PAGE 4096ull

static long list_op(unsigned int cmd, const uint64_t *gfns, uint64_t count, uint32_t order,
		    domid_t domid)
{
	struct xen_memory_reservation r = {
		.extent_start = (uint64_t)(uintptr_t)gfns,
		.nr_extents = count,
		.extent_order = order,
		.domid = domid,
	};

	return hypercall_memory_op(cmd, &r);
}

static long query(unsigned int cmd, domid_t domid)
{
	return hypercall_memory_op(cmd, &domid);
}

TEST(hostile_abi, memory_decrease_bad_gfns)
{
	struct shared_info *shared = shared_info_get();
	uint64_t end = hostile_ram_end() / PAGE;
	long before = reservation_current();
	const uint64_t bad[] = {
		0,
		HOSTILE_HOLE_IPA / PAGE,
		GUEST_GICD_BASE / PAGE,
		end,
		end + 1000,
		(GUEST_RAM_BASE + GUEST_RAM_MAX) / PAGE,
		1ull << 28,
		1ull << 52,
		~0ull,
		(uint64_t)(uintptr_t)shared / PAGE,
	};

	REQUIRE(before > 0);
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		test_context("gfn 0x%lx", (unsigned long)bad[i]);
		CHECK_EQ(list_op(XENMEM_decrease_reservation, &bad[i], 1, 0, DOMID_SELF), 0);
	}
	test_context(NULL);
	CHECK_EQ(reservation_current(), before);
}

TEST(hostile_abi, memory_populate_bad_gfns)
{
	long before = reservation_current();
	long maximum = reservation_maximum();
	uint64_t own_page = (uint64_t)(uintptr_t)&before / PAGE;
	const uint64_t bad[] = {
		0,
		HOSTILE_HOLE_IPA / PAGE,
		GUEST_RAM_BASE / PAGE - 1,
		(GUEST_RAM_BASE + GUEST_RAM_MAX) / PAGE,
		1ull << 28,
		~0ull,
		own_page,
		GUEST_RAM_BASE / PAGE,
	};
	uint64_t above = hostile_ram_end() / PAGE;

	REQUIRE(before > 0 && maximum >= before);
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		test_context("gfn 0x%lx", (unsigned long)bad[i]);
		CHECK_EQ(list_op(XENMEM_populate_physmap, &bad[i], 1, 0, DOMID_SELF), 0);
	}
	test_context(NULL);
	/* Within the RAM range but past the maximum: nothing. */
	if (maximum == before) {
		CHECK_EQ(list_op(XENMEM_populate_physmap, &above, 1, 0, DOMID_SELF), 0);
	}
	CHECK_EQ(reservation_current(), before);
}

TEST(hostile_abi, memory_bad_orders_counts_domains)
{
	static const uint32_t orders[] = { 1, 9, 18, 0x80000000u, 0xFFFFFFFFu };
	static const uint64_t counts[] = { 65537, 1ull << 32, 1ull << 63, ~0ull };
	static const domid_t domids[] = { HOSTILE_PEER_DOMID, HOSTILE_NO_SUCH_DOMID, 0, 0x7FF1,
					  0xFFFF };
	static const unsigned int cmds[] = { XENMEM_populate_physmap, XENMEM_decrease_reservation };
	uint64_t gfn = hostile_ram_end() / PAGE - 1;
	long before = reservation_current();

	for (unsigned int c = 0; c < 2; c++) {
		for (unsigned int i = 0; i < sizeof(orders) / sizeof(orders[0]); i++) {
			test_context("cmd %u order %u", cmds[c], orders[i]);
			CHECK_EQ(list_op(cmds[c], &gfn, 1, orders[i], DOMID_SELF), -XEN_EINVAL);
		}
		for (unsigned int i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
			test_context("cmd %u count 0x%lx", cmds[c], (unsigned long)counts[i]);
			CHECK_EQ(list_op(cmds[c], &gfn, counts[i], 0, DOMID_SELF), -XEN_EINVAL);
		}
		for (unsigned int i = 0; i < sizeof(domids) / sizeof(domids[0]); i++) {
			test_context("cmd %u domid 0x%x", cmds[c], domids[i]);
			CHECK_EQ(list_op(cmds[c], &gfn, 1, 0, domids[i]), -XEN_EPERM);
		}
		test_context("cmd %u, no extents", cmds[c]);
		CHECK_EQ(list_op(cmds[c], &gfn, 0, 0, DOMID_SELF), 0);
	}
	for (unsigned int i = 0; i < sizeof(domids) / sizeof(domids[0]); i++) {
		test_context("queries of domid 0x%x", domids[i]);
		CHECK_EQ(query(XENMEM_current_reservation, domids[i]), -XEN_EPERM);
		CHECK_EQ(query(XENMEM_maximum_reservation, domids[i]), -XEN_EPERM);
		CHECK_EQ(query(XENMEM_maximum_gpfn, domids[i]), -XEN_EPERM);
	}
	test_context(NULL);
	CHECK_EQ(reservation_current(), before);
}

TEST(hostile_abi, memory_bad_pointers_and_commands)
{
	static const unsigned long unknown[] = {
		XENMEM_increase_reservation, 2, 5, 8, 13, 99, 0xFFFFFFFFul, ~0ul
	};
	uint64_t end = hostile_ram_end();
	long before = reservation_current();

	/* The argument itself unreadable. */
	CHECK_EQ(hypercall_memory_op(XENMEM_populate_physmap, NULL), -XEN_EFAULT);
	CHECK_EQ(hypercall_memory_op(XENMEM_decrease_reservation, (void *)HOSTILE_UNMAPPED_VA),
		 -XEN_EFAULT);
	CHECK_EQ(hypercall_memory_op(XENMEM_current_reservation, (void *)HOSTILE_UNMAPPED_VA),
		 -XEN_EFAULT);
	CHECK_EQ(hypercall_memory_op(XENMEM_add_to_physmap, (void *)HOSTILE_HOLE_IPA), -XEN_EFAULT);
	/* An unreadable gfn list: nothing is done (the count done, 0). */
	CHECK_EQ(list_op(XENMEM_decrease_reservation, (const uint64_t *)HOSTILE_UNMAPPED_VA, 4, 0,
			 DOMID_SELF),
		 0);
	CHECK_EQ(list_op(XENMEM_populate_physmap, NULL, 4, 0, DOMID_SELF), 0);
	/* A list running off the end of RAM: the readable part only (here a bad gfn, so 0). */
	REQUIRE(end != 0);
	*(volatile uint64_t *)(uintptr_t)(end - 8) = 0;
	CHECK_EQ(list_op(XENMEM_decrease_reservation, (const uint64_t *)(uintptr_t)(end - 8), 2, 0,
			 DOMID_SELF),
		 0);
	for (unsigned int i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		uint64_t buf[4] = { 0 };

		test_context("cmd 0x%lx", unknown[i]);
		CHECK_EQ(hypercall_memory_op(unknown[i], buf), -XEN_ENOSYS);
	}
	test_context(NULL);
	CHECK_EQ(reservation_current(), before);
}
