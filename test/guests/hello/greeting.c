// SPDX-License-Identifier: MIT
/* The domain reads its bootargs from the device tree and greets with them. */
#include <libos/dt.h>
#include <libos/test.h>
#include <stdio.h>

TEST(hello, greeting)
{
	const char *args = dt_bootargs();

	REQUIRE(args != NULL);
	printf("hello from %s\n", args);
}
