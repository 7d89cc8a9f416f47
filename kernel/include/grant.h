/* SPDX-License-Identifier: MIT */
/*
 * Grant tables, version 1. A domain's table lives in frames of the core's
 * that the domain maps into its physical map and writes its grants into. The
 * core reads a grant when a domain (another, or the granter itself) maps or
 * copies it, sets the reading/writing flags while it is in use, and keeps the
 * granted frame referenced until the last mapping of it is gone.
 */
#ifndef GRANT_H
#define GRANT_H

#include <abi/grant_table.h>
#include <domain.h>

#define MAPTRACK_PAGES 16 /* 128 handles a page: 2048 grants mapped at once */

/** Give d its table (one frame to start, growing to GRANT_FRAMES_DEFAULT). */
int grant_domain_init(struct domain *d);

/** Undo every mapping d made of others' grants, then free d's table. */
void grant_domain_destroy(struct domain *d);

/** Place grant frame idx (growing the table to it) at gfn of d. d->lock held. */
int grant_place_frame(struct domain *d, uint64_t idx, gfn_t gfn);

/**
 * Fill d's entry ref so grantee may map frame gfn read/write, as the guest
 * itself would (the core offers the console and store rings this way).
 * Returns 0, or -EINVAL for a ref beyond the table or a gfn too wide.
 */
int grant_offer(struct domain *d, grant_ref_t ref, uint16_t grantee, gfn_t gfn);

/* One op each; the result is a GNTST_* status. */
int16_t grant_map(struct domain *d, struct gnttab_map_grant_ref *op);
int16_t grant_unmap(struct domain *d, struct gnttab_unmap_grant_ref *op);
int16_t grant_copy(struct domain *d, struct gnttab_copy *op);
int16_t grant_setup_table(struct domain *d, uint32_t nr_frames, gfn_t gfns[GRANT_FRAMES_MAX]);
int16_t grant_query_size(struct domain *d, uint32_t *nr_frames, uint32_t *max_frames);

#endif
