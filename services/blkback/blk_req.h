/* SPDX-License-Identifier: MIT */
/* blkif requests: decoding our copy of a ring slot, and checking it against the VBD. */
#ifndef BLKBACK_BLK_REQ_H
#define BLKBACK_BLK_REQ_H

#include "vbd.h"
#include <abi/blkif.h>
#include <abi/grant_table.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * The engine copies a slot out of the shared ring once (ring.h does), then
 * decodes and checks only that copy; an indirect request's segment pages
 * are likewise copied once into blkback's memory before their segments are
 * checked. Nothing here reads shared memory.
 *
 * What the checks decide:
 *   - a request the protocol forbids (a segment count out of range, a
 *     segment's sectors out of order or past the page, sectors outside the
 *     VBD, an INDIRECT whose indirect_op is not READ or WRITE, an operation
 *     code the protocol does not define) is a broken frontend: -XEN_EINVAL,
 *     and the connection ends;
 *   - an operation the protocol defines but we do not advertise
 *     (WRITE_BARRIER) is answered BLKIF_RSP_EOPNOTSUPP and serving goes on:
 *     a frontend may try a feature (so do FLUSH and DISCARD on a disk
 *     without them);
 *   - a write or discard on a read-only VBD is answered BLKIF_RSP_ERROR
 *     (blk_req_check's -XEN_EACCES), as Linux's blkback does;
 *   - ids are the frontend's own: echoed, never used as an index.
 */

/** feature-max-indirect-segments: the segments an INDIRECT request may carry (256 = 1 MiB). */
#define BLK_MAX_INDIRECT_SEGMENTS 256u

/** Indirect pages an INDIRECT request of at most BLK_MAX_INDIRECT_SEGMENTS has. */
#define BLK_INDIRECT_PAGES_MAX                                                 \
	((BLK_MAX_INDIRECT_SEGMENTS + BLKIF_SEGMENTS_PER_INDIRECT_PAGE - 1u) / \
	 BLKIF_SEGMENTS_PER_INDIRECT_PAGE)

/** The most segments any request has. */
#define BLK_SEGMENTS_MAX BLK_MAX_INDIRECT_SEGMENTS

_Static_assert(BLK_MAX_INDIRECT_SEGMENTS >= BLKIF_MAX_SEGMENTS_PER_REQUEST, "indirect is larger");
_Static_assert(BLK_INDIRECT_PAGES_MAX <= BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST, "fits the ABI");

/** What a request asks for. */
enum blk_req_kind {
	BLK_REQ_READ,
	BLK_REQ_WRITE,
	BLK_REQ_FLUSH,      /* FLUSH_DISKCACHE: a flush, then its segments written, if any */
	BLK_REQ_DISCARD,    /* sectors..sectors + count */
	BLK_REQ_UNSUPPORTED /* answered BLKIF_RSP_EOPNOTSUPP */
};

/** One checked segment: sectors first..last (0..7, first <= last) of the page gref. */
struct blk_seg {
	grant_ref_t gref;
	uint8_t first_sect;
	uint8_t last_sect;
};

/** A request as decoded from our copy of its slot. */
struct blk_req {
	uint64_t id;           /* the frontend's, echoed */
	uint8_t rsp_operation; /* the operation the response names */
	enum blk_req_kind kind;
	uint64_t sector;             /* first sector, VBD-relative, 512-byte units */
	uint64_t sectors;            /* READ/WRITE/FLUSH: sum over segments; DISCARD: its count */
	unsigned int seg_count;      /* 0..BLK_SEGMENTS_MAX */
	unsigned int indirect_pages; /* pages of segments still to fetch (INDIRECT), else 0 */
	unsigned int indirect_segs;  /* the segments those pages hold (INDIRECT), else 0 */
	grant_ref_t indirect_grefs[BLK_INDIRECT_PAGES_MAX];
	struct blk_seg segs[BLK_SEGMENTS_MAX];
};

/**
 * Decode slot (our copy of a ring slot, BLKIF_SLOT_SIZE bytes) into req.
 * Direct requests get their segments; an INDIRECT gets seg_count and the
 * refs of its indirect_pages pages, whose contents go to
 * blk_req_set_indirect. Returns 0, or -XEN_EINVAL for a request the
 * protocol forbids, with *why saying what (a static string).
 */
int blk_req_decode(const void *slot, struct blk_req *req, const char **why);

/**
 * Take an INDIRECT request's segments from segs[0..req->seg_count) (our copy
 * of its indirect pages) and check each. 0 or -XEN_EINVAL (*why set).
 */
int blk_req_set_indirect(struct blk_req *req, const struct blkif_request_segment *segs,
			 const char **why);

/**
 * Check a decoded request against vbd: its sectors inside the VBD, no write
 * or discard on a read-only one. Returns 0, -XEN_EINVAL for sectors outside
 * (*why set), or -XEN_EACCES for a write or discard on a read-only VBD.
 */
int blk_req_check(const struct blk_req *req, const struct vbd *vbd, const char **why);

#endif
