// SPDX-License-Identifier: MIT
/* A branch to an IPA past the domain's RAM gets a synchronous external instruction abort. */
#include <libos/arm64.h>
#include <libos/exc.h>
#include <libos/probe.h>
#include <libos/test.h>

#include "hostile.h"

TEST(hostile, stage2_instruction_abort)
{
	uint64_t target = hostile_ram_end();
	struct exc_record rec;

	/* Past RAM but below 4 GiB: Normal and executable in the libOS stage 1. */
	REQUIRE(target > GUEST_RAM_BASE);
	REQUIRE(target < 0x100000000ull);
	exc_expect(ESR_EC_IABT_CUR, (uintptr_t)probe_exec_resume);
	probe_exec(target);
	REQUIRE(exc_taken(&rec));
	CHECK_EQ(ESR_EC(rec.esr), 0x21);
	CHECK_EQ(ESR_FSC(rec.esr), ESR_FSC_SYNC_EXTERNAL);
	CHECK_EQ(rec.far, target);
	CHECK_EQ(rec.elr, target);
}
