/* SPDX-License-Identifier: MIT */
/* The `params` key of a vbd backend: which of blkback's disks, and which extent of it. */
#ifndef BLKBACK_VBD_TARGET_H
#define BLKBACK_VBD_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "blk_disk.h"
#include "vbd.h"

/*
 * Syntax (xl's `target=`, written by the toolstack as the backend's `params`):
 *
 *   vdX            the whole disk X: vda is blkback's first virtio-blk disk in
 *   vdXY           DT order, vdb the second, ..., vdz the 26th, then vdaa,
 *                  vdab, ... as Linux names them (two letters at most)
 *   vdX:FIRST+COUNT  sectors FIRST..FIRST+COUNT-1 of it (512-byte sectors,
 *                  decimal, no sign, no spaces, COUNT at least 1)
 *
 * The text comes through the store: it is parsed strictly, every number
 * bounded, and the extent checked against the disk without overflow.
 */

/** Longest `params` value accepted, without its NUL. */
#define VBD_TARGET_MAX 63

/** Disks a name can reach: vda..vdzz. */
#define VBD_TARGET_DISKS_MAX (26u + 26u * 26u)

/** A parsed target, before it is checked against the disks. */
struct vbd_target {
	unsigned int disk; /* 0 = vda */
	bool extent;       /* false: the whole disk */
	uint64_t first, count;
};

/**
 * Parse text (len bytes, no NUL needed; a NUL inside is refused) into *out.
 * Returns 0, or -XEN_EINVAL for anything outside the syntax above (then
 * *out is zeroed).
 */
int vbd_target_parse(const char *text, size_t len, struct vbd_target *out);

/**
 * The VBD target names on disks: the whole disk or the extent, read-only if
 * readonly (mode `r`) or the disk is. Returns 0; -XEN_ENODEV for a disk
 * blkback does not have, or one whose info is missing or has a logical block
 * size that is not a power of two from 512 to 64 KiB; -XEN_ERANGE for an
 * extent outside the disk or not aligned to its logical block size.
 */
int vbd_target_resolve(const struct vbd_target *t, const struct blk_disks *disks, bool readonly,
		       struct vbd *out);

/**
 * A decimal number: len bytes of digits only (at least one, at most 20),
 * no sign or space, whose value is at most max. Returns 0 with *out set, or
 * -XEN_EINVAL. Shared with the backend's reading of store values.
 */
int vbd_target_decimal(const char *s, size_t len, uint64_t max, uint64_t *out);

#endif
