// SPDX-License-Identifier: MIT
/* Virtual block devices: the range check every request's sectors go through. */
#include "vbd.h"

bool vbd_contains(const struct vbd *vbd, uint64_t sector, uint64_t count)
{
	/* Both tests, so that sector + count cannot wrap: xv6's form. */
	return sector <= vbd->sectors && count <= vbd->sectors - sector;
}
