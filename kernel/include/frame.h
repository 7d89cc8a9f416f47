/* SPDX-License-Identifier: MIT */
/* The frame allocator: 4 KiB frames of RAM for domains and core tables. */
#ifndef FRAME_H
#define FRAME_H

#include <types.h>

#define FRAME_BANKS_MAX 8

/** A range of physical memory, in bytes. */
struct mem_range {
	paddr_t base;
	uint64_t size;
};

/**
 * Take every RAM bank and hand out all of it except the reserved ranges
 * (the core image, the DTB, boot modules). The allocator keeps its own
 * bitmaps in the first free frames of the banks. Returns 0, or -ENOMEM
 * when the bitmaps do not fit.
 */
int frame_init(const struct mem_range *banks, unsigned int bank_count,
	       const struct mem_range *reserved, unsigned int reserved_count);

/** Allocate one zeroed frame; returns false when memory is exhausted. */
bool frame_alloc(paddr_t *out);

/**
 * Allocate one zeroed frame a guest will see (its RAM, ring pages, grant
 * table frames, shared info): zero also in DRAM, cleaned to the point of
 * coherency. Returns false when memory is exhausted.
 */
bool frame_alloc_for_guest(paddr_t *out);

/** Zero a frame that is not the allocator's (a fixed RAM block) and clean it as above. */
void frame_clear_for_guest(paddr_t pa);

/** One zeroed frame for the core's own use, by its address in the core's map; NULL when memory
 * is exhausted. */
void *frame_alloc_va(void);

/** Free a frame frame_alloc_va gave; NULL is ignored. */
void frame_free_va(void *va);

/** Allocate count zeroed contiguous frames aligned to align_frames frames. */
bool frame_alloc_contig(unsigned int count, unsigned int align_frames, paddr_t *out);

/** Drop the reference frame_alloc* gave; freeing a free frame is a core bug. */
void frame_free(paddr_t pa);

/** Take one more reference on an allocated frame; false if it is free or not RAM. */
bool frame_get(paddr_t pa);

/** Drop a reference; the frame is free when the last one goes. */
void frame_put(paddr_t pa);

/** Number of frames the allocator manages, used or not (the core's own included). */
uint64_t frame_total_count(void);

/** Number of free frames. */
uint64_t frame_free_count(void);

#endif
