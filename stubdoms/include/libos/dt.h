/* SPDX-License-Identifier: MIT */
/* The domain's device tree (x0 at boot), read through libfdt. */
#ifndef LIBOS_DT_H
#define LIBOS_DT_H

#include <stdint.h>

/** Remember the device tree at fdt if its header is valid. Returns 0 or a -FDT_ERR_* code. */
int dt_init(const void *fdt);

/** The device tree given to dt_init, or NULL if there is none. */
const void *dt_blob(void);

/** /chosen/bootargs if present and NUL-terminated, else NULL. */
const char *dt_bootargs(void);

/** The number of /cpus/cpu@* nodes, or a negative -FDT_ERR_* code. */
int dt_cpu_count(void);

/**
 * The first (address, size) pair of /memory's reg, decoded with the root's
 * #address-cells and #size-cells. Returns 0 or a negative -FDT_ERR_* code.
 */
int dt_memory(uint64_t *base, uint64_t *size);

/**
 * The initrd the boot tooling gave the domain (a service domain's file
 * bundle, abi/bundle.h): /chosen linux,initrd-start and linux,initrd-end,
 * each one or two cells, the end exclusive. The range is checked before it
 * is returned: not empty, wholly inside the RAM dt_memory() gives, clear of
 * the device tree itself. Its contents are not: check them before use.
 * Returns 0 with [*start, *end) set, -FDT_ERR_NOTFOUND when the domain has no
 * initrd, -FDT_ERR_BADVALUE when one is named but malformed or outside RAM,
 * or another -FDT_ERR_* code of the tree.
 */
int dt_initrd(uint64_t *start, uint64_t *end);

#endif
