/* SPDX-License-Identifier: MIT */
/* Per-domain stage-2 translation tables: IPA -> PA, 4 KiB pages, 40-bit IPA. */
#ifndef STAGE2_H
#define STAGE2_H

#include <types.h>

#define STAGE2_IPA_BITS 40

/** How a page is mapped for the guest. */
enum stage2_type {
	STAGE2_RAM,      /* Normal write-back, read/write, executable */
	STAGE2_RAM_RO,   /* Normal write-back, read-only, executable */
	STAGE2_DEVICE,   /* Device-nGnRE, read/write, never executable */
};

struct stage2 {
	paddr_t root;   /* two concatenated level-1 tables, 8 KiB aligned */
	uint16_t vmid;  /* the VMID its TLB entries are tagged with */
};

/** Allocate an empty table; returns 0 or -ENOMEM. */
int stage2_init(struct stage2 *s2, uint16_t vmid);

/**
 * Map one page. Returns 0, -EINVAL for an unaligned or out-of-range address,
 * -EEXIST if the IPA is already mapped, -ENOMEM if a table could not be had.
 */
int stage2_map(struct stage2 *s2, ipa_t ipa, paddr_t pa, enum stage2_type type);

/** Unmap one page and flush its TLB entries; returns 0 or -ENOENT. Sets *old. */
int stage2_unmap(struct stage2 *s2, ipa_t ipa, paddr_t *old);

/** Translate; returns false when the IPA is not mapped. */
bool stage2_lookup(const struct stage2 *s2, ipa_t ipa, paddr_t *pa, enum stage2_type *type);

/** Free every table, calling release() on each mapped page first. */
void stage2_destroy(struct stage2 *s2, void (*release)(paddr_t pa, enum stage2_type type));

/** VTTBR_EL2 value for this table. */
uint64_t stage2_vttbr(const struct stage2 *s2);

#endif
