// SPDX-License-Identifier: MIT
/* The request engine's platform: the one set of machine calls every connection uses. */
#include "blk_platform.h"

/* Locking: none; set before the first connection starts (blk_platform.h). */
static const struct blk_platform *blk_platform_current;

void blk_platform_set(const struct blk_platform *p)
{
	blk_platform_current = p;
}

const struct blk_platform *blk_platform(void)
{
	return blk_platform_current;
}
