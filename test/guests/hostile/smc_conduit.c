// SPDX-License-Identifier: MIT
/* SMC #0 is trapped and answered like HVC #0, and execution goes on at the next instruction. */
#include <abi/psci.h>
#include <libos/test.h>

#include "hostile.h"

TEST(hostile, smc_conduit)
{
	uint64_t steps = 0;

	CHECK_EQ(probe_smc_psci_version(&steps), 0x10001);
	CHECK_EQ(steps, 3);
}
