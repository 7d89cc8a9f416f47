/* SPDX-License-Identifier: MIT */
/* Checking the boot description tessera-pack made (abi/boot_desc.h) against the machine. */
#ifndef BOOT_DESC_H
#define BOOT_DESC_H

#include <abi/boot_desc.h>
#include <boot_info.h>

/**
 * A description that passed every check. Its records stay where the boot
 * loader put them: the module is reserved from the allocator for good and is
 * in no domain's memory, so nothing but the core can change it after the
 * check, and the count needs no table of the core's.
 */
struct boot_desc {
	unsigned int count;
	const struct boot_desc_domain *domains;
};

/**
 * Check the size bytes at blob (8-byte aligned, reserved for good) against
 * the machine bi (RAM, reserved ranges, UART, GIC, CPUs, VMIDs) and point out
 * at its records. Has no other effect. Returns 0, or -EINVAL after printing
 * each problem on a line starting "boot description: ".
 */
int boot_desc_check(const void *blob, uint64_t size, const struct boot_info *bi,
		    struct boot_desc *out);

/** Add the modules and RAM blocks of a checked description to bi's reserved ranges.
 * -ENOSPC (after printing why) when they do not fit the list. */
int boot_desc_reserve(const struct boot_desc *desc, struct boot_info *bi);

#endif
