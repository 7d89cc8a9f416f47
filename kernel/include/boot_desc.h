/* SPDX-License-Identifier: MIT */
/* Checking the boot description tessera-pack made (abi/boot_desc.h) against the machine. */
#ifndef BOOT_DESC_H
#define BOOT_DESC_H

#include <abi/boot_desc.h>
#include <boot_info.h>

/** A description that passed every check: the core's own copy of its records. */
struct boot_desc {
	unsigned int count;
	struct boot_desc_domain domains[BOOT_DESC_DOMAINS_MAX];
};

/**
 * Check the size bytes at blob against the machine bi (RAM, reserved ranges,
 * UART, GIC, CPUs) and copy its records into out. Reads each byte of blob
 * once; has no other effect. Returns 0, or -EINVAL after printing each
 * problem on a line starting "boot description: ".
 */
int boot_desc_check(const void *blob, uint64_t size, const struct boot_info *bi,
		    struct boot_desc *out);

/** Add the modules and RAM blocks of a checked description to bi's reserved ranges.
 * -ENOSPC (after printing why) when they do not fit the list. */
int boot_desc_reserve(const struct boot_desc *desc, struct boot_info *bi);

#endif
