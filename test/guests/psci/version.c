// SPDX-License-Identifier: MIT
/* PSCI reports version 1.1 and which functions it implements. */
#include <abi/psci.h>
#include <libos/smccc.h>
#include <libos/test.h>

TEST(psci, version)
{
	CHECK_EQ(psci_version(), 0x10001);
	CHECK_EQ(psci_version(), PSCI_VERSION_REPORTED);
}

TEST(psci, features)
{
	CHECK_EQ(psci_features(PSCI_0_2_CPU_ON_64), PSCI_SUCCESS);
	CHECK_EQ(psci_features(0x8400FFFFu), PSCI_NOT_SUPPORTED);
}
