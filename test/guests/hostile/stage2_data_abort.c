// SPDX-License-Identifier: MIT
/* Loads and stores to IPAs outside the domain's stage 2 get synchronous external aborts. */
#include <libos/arm64.h>
#include <libos/exc.h>
#include <libos/probe.h>
#include <libos/test.h>

#include "hostile.h"

/* One load and one store at va, each expected to be a data abort with DFSC 0x10 and FAR = va. */
static void check_data_aborts(uintptr_t va)
{
	struct exc_record rec;

	test_context("64-bit load from 0x%lx", (unsigned long)va);
	exc_expect(ESR_EC_DABT_CUR, (uintptr_t)probe_read64_resume);
	(void)probe_read64(va);
	if (CHECK(exc_taken(&rec))) {
		CHECK_EQ(ESR_EC(rec.esr), 0x25);
		CHECK_EQ(ESR_FSC(rec.esr), ESR_FSC_SYNC_EXTERNAL);
		CHECK_EQ(rec.far, va);
		CHECK_EQ(rec.elr, probe_read64_insn);
	}

	test_context("64-bit store to 0x%lx", (unsigned long)va);
	exc_expect(ESR_EC_DABT_CUR, (uintptr_t)probe_write64_resume);
	probe_write64(va, 0xbad0bad0bad0bad0ull);
	if (CHECK(exc_taken(&rec))) {
		CHECK_EQ(ESR_EC(rec.esr), 0x25);
		CHECK_EQ(ESR_FSC(rec.esr), ESR_FSC_SYNC_EXTERNAL);
		CHECK_EQ(rec.far, va);
		CHECK_EQ(rec.elr, probe_write64_insn);
	}
	test_context(NULL);
}

TEST(hostile, stage2_data_abort)
{
	uint64_t ram_end = hostile_ram_end();

	REQUIRE(ram_end > GUEST_RAM_BASE);
	check_data_aborts(HOSTILE_HOLE_IPA);
	check_data_aborts(ram_end);
	check_data_aborts(HOSTILE_TOP_IPA);
}
