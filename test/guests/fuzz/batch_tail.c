// SPDX-License-Identifier: MIT
/* A grant batch told it is longer than its ops runs what lies after them too: cleared first. */
#include <abi/grant_table.h>
#include <libos/hypercall.h>
#include <libos/test.h>
#include <string.h>

#include "fuzz.h"

#define WRITTEN 2u /* ops the call writes */
#define PASSED 15u /* the count it gives */
#define STALE 7u   /* an op an earlier call left, between the two */
#define CANARY_BYTE 0x5A
#define SOURCE_BYTE 0xA5

/* A page of the fuzzer's own that no call names: it stands for the code page. */
static uint8_t canary[FUZZ_PAGE] __attribute__((aligned(4096)));

/*
 * The batch seed 1 once made at its call 659582, in small: two copy ops
 * that fail, a count of 15, and at op 7 a copy an earlier call left, that
 * now names an own page as its destination (the other ops past the two are
 * zeros). With clear, fuzz_batch_clear runs first, as it does for every
 * batch of the fuzzer's. Returns the call's result.
 */
static long stale_copy_batch(bool clear, struct gnttab_copy *ops)
{
	struct gnttab_copy stale = {
		.source = { .ref_or_gfn = fuzz_arg_gfn(), .domid = DOMID_SELF },
		.dest = { .ref_or_gfn = (uintptr_t)canary / FUZZ_PAGE, .domid = DOMID_SELF },
		.len = 8,
	};

	memset(canary, CANARY_BYTE, sizeof(canary));
	memset(fuzz_arg(), SOURCE_BYTE, 8);
	memset(ops, 0, PASSED * sizeof(ops[0]));
	ops[STALE] = stale;
	for (unsigned int i = 0; i < WRITTEN; i++) {
		ops[i].source = (struct gnttab_copy_ptr){ .ref_or_gfn = 0, .domid = DOMID_SELF };
		ops[i].dest = (struct gnttab_copy_ptr){ .ref_or_gfn = 0, .domid = DOMID_SELF };
		ops[i].len = 8;
	}
	if (clear) {
		fuzz_batch_clear(ops, WRITTEN * sizeof(ops[0]), PASSED);
	}
	for (unsigned int i = 0; i < PASSED; i++) {
		ops[i].status = 1; /* only the core writes a status of 0 or less */
	}
	return hypercall_grant_table_op(GNTTABOP_copy, ops, PASSED);
}

TEST(fuzz, batch_tail)
{
	struct gnttab_copy *ops = (struct gnttab_copy *)(fuzz_arg() + FUZZ_COPY_OPS);

	/* Left as it is, the stale op runs and writes the page: what the fuzzer once did. */
	test_context("stale op left");
	CHECK_EQ(stale_copy_batch(false, ops), 0);
	CHECK_EQ(ops[0].status, GNTST_bad_page);
	CHECK_EQ(ops[STALE].status, GNTST_okay);
	CHECK_EQ(canary[0], SOURCE_BYTE);
	CHECK_EQ(canary[8], CANARY_BYTE);

	/* Cleared, the core still runs every op up to the count, and each past the two fails. */
	test_context("stale op cleared");
	CHECK_EQ(stale_copy_batch(true, ops), 0);
	CHECK_EQ(ops[STALE].status, GNTST_permission_denied);
	CHECK_EQ(ops[PASSED - 1].status, GNTST_permission_denied);
	CHECK_EQ(canary[0], CANARY_BYTE);
	test_context(NULL);
}
