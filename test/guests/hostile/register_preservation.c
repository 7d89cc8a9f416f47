// SPDX-License-Identifier: MIT
/* Hypercalls and PSCI calls leave every register the ABI does not hand over untouched. */
#include <libos/test.h>

#include "hostile.h"

TEST(hostile, register_preservation)
{
	/* abi/hypercall.h: only x16 and the argument registers (x0, x1 here) may change. */
	CHECK_EQ(probe_hypercall_clobbers(), 0);
	/* abi/psci.h: x1..x17 are preserved, and everything above as always. */
	CHECK_EQ(probe_psci_clobbers(), 0);
}
