/* SPDX-License-Identifier: MIT */
/* Virtual block devices: a whole disk of the driver domain, or an extent of one. */
#ifndef BLKBACK_VBD_H
#define BLKBACK_VBD_H

#include <stdbool.h>
#include <stdint.h>

/** A virtual block device: a whole disk of the driver domain or an extent of it. */
struct vbd {
	unsigned int disk; /* which of blkback's disks (0 = vda, 1 = vdb, ...) */
	uint64_t first;    /* first sector of the extent on that disk (512-byte sectors) */
	uint64_t sectors;  /* its length in sectors; the frontend sees sectors 0..sectors-1 */
	bool readonly;
};

/** Whether [sector, sector + count) lies inside vbd (overflow-safe). */
bool vbd_contains(const struct vbd *vbd, uint64_t sector, uint64_t count);

#endif
