// SPDX-License-Identifier: MIT
/* The platform the VIF engine runs on: set once by main.c (or a test), read by the engine. */
#include "net_platform.h"

/* Locking: none; set before the first connection, read-only afterwards. */
static const struct net_platform *net_platform_current;

void net_platform_set(const struct net_platform *p)
{
	net_platform_current = p;
}

const struct net_platform *net_platform(void)
{
	return net_platform_current;
}
