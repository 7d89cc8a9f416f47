/* SPDX-License-Identifier: MIT */
/* Per-domain stage-2 translation tables: IPA -> PA, 4 KiB pages, 40-bit IPA. */
#ifndef STAGE2_H
#define STAGE2_H

#include <types.h>

#define STAGE2_IPA_BITS 40

/**
 * How a page is mapped for the guest, and what it is: the type is kept in the
 * descriptor's software bits, so the tables themselves say whether a page is
 * the domain's own RAM (which it may give back), a frame of the core's, or
 * another domain's granted page.
 */
enum stage2_type {
	STAGE2_RAM,       /* own RAM: Normal write-back, read/write, executable */
	STAGE2_RAM_RO,    /* own RAM, read-only */
	STAGE2_DEVICE,    /* a passed-through device: Device-nGnRE, never executable */
	STAGE2_SPECIAL,   /* a frame of the core's (shared info, grant table): Normal, read/write */
	STAGE2_GRANT,     /* another domain's granted page: Normal, read/write, not executable */
	STAGE2_GRANT_RO,  /* another domain's granted page, read-only, not executable */
	STAGE2_RAM_FIXED, /* own RAM in a host block reserved for it (DMA): never given back */
};

/* Level-2 and level-3 tables a stage 2 may grow to unless told otherwise. */
#define STAGE2_TABLES_DEFAULT 4096

struct stage2 {
	paddr_t root;         /* two concatenated level-1 tables, 8 KiB aligned */
	uint16_t vmid;        /* the VMID its TLB entries are tagged with */
	uint32_t tables_left; /* how many more tables it may allocate: a guest mapping
			       * things all over its IPA space cannot eat the core's memory */
	uint32_t destroy_at;  /* level-2 entries stage2_destroy_step has passed */
};

/** Tables a domain with ram_bytes of RAM may have: its RAM's, and room for
 * what it maps besides (grants, the core's frames, ballooned pages elsewhere). */
static inline uint32_t stage2_tables_for(uint64_t ram_bytes)
{
	return (uint32_t)((ram_bytes >> 21) + (ram_bytes >> 30) + 2 + 1024);
}

/** Allocate an empty table; returns 0 or -ENOMEM. */
int stage2_init(struct stage2 *s2, uint16_t vmid);

/**
 * Map one page. Returns 0, -EINVAL for an unaligned or out-of-range address,
 * -EEXIST if the IPA is already mapped, -ENOMEM if a table could not be had.
 */
int stage2_map(struct stage2 *s2, ipa_t ipa, paddr_t pa, enum stage2_type type);

/** Unmap one page and flush its TLB entries; returns 0 or -ENOENT. Sets *old. */
int stage2_unmap(struct stage2 *s2, ipa_t ipa, paddr_t *old);

/** Unmap one page as stage2_unmap does but leave its TLB entries: the page at
 * *old may be reused only after stage2_flush. For many pages, one flush. */
int stage2_unmap_deferred(struct stage2 *s2, ipa_t ipa, paddr_t *old);

/** Flush every TLB entry of this stage 2 on every pCPU (the VMID's). */
void stage2_flush(const struct stage2 *s2);

/** Translate; returns false when the IPA is not mapped. */
bool stage2_lookup(const struct stage2 *s2, ipa_t ipa, paddr_t *pa, enum stage2_type *type);

/**
 * One bounded step of stage2_destroy: the first flushes the VMID's TLB
 * entries, each gives back at most one level-3 table's pages (release() on
 * each, then the table). Returns true once every table is gone. Nothing may
 * run on or map through s2 once it has begun.
 */
bool stage2_destroy_step(struct stage2 *s2, void (*release)(paddr_t pa, enum stage2_type type));

/** Free every table, calling release() on each mapped page first: all steps at once. */
void stage2_destroy(struct stage2 *s2, void (*release)(paddr_t pa, enum stage2_type type));

/** VTTBR_EL2 value for this table. */
uint64_t stage2_vttbr(const struct stage2 *s2);

#endif
