// SPDX-License-Identifier: MIT
/* blkif requests: decoding our copy of a slot and checking every field. */
#include "blk_req.h"
#include <abi/errno.h>
#include <string.h>

/* Check one segment and add it to req. */
static int blk_req_add_seg(struct blk_req *req, const struct blkif_request_segment *seg,
			   const char **why)
{
	if (seg->first_sect > seg->last_sect) {
		*why = "a segment's first_sect is past its last_sect";
		return -XEN_EINVAL;
	}
	if (seg->last_sect >= BLKIF_SECTORS_PER_PAGE) {
		*why = "a segment's last_sect is past its page (> 7)";
		return -XEN_EINVAL;
	}
	req->segs[req->seg_count].gref = seg->gref;
	req->segs[req->seg_count].first_sect = seg->first_sect;
	req->segs[req->seg_count].last_sect = seg->last_sect;
	req->seg_count++;
	req->sectors += (uint64_t)(seg->last_sect - seg->first_sect) + 1u;
	return 0;
}

/* READ, WRITE and FLUSH_DISKCACHE: segments in the slot. */
static int blk_req_decode_direct(const struct blkif_request *r, struct blk_req *req,
				 const char **why)
{
	unsigned int min = req->kind == BLK_REQ_FLUSH ? 0u : 1u;

	if (r->nr_segments < min || r->nr_segments > BLKIF_MAX_SEGMENTS_PER_REQUEST) {
		*why = "a request's segment count is out of range";
		return -XEN_EINVAL;
	}
	req->sector = r->sector_number;
	for (unsigned int i = 0; i < r->nr_segments; i++) {
		int rc = blk_req_add_seg(req, &r->seg[i], why);

		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

static int blk_req_decode_indirect(const struct blkif_request_indirect *r, struct blk_req *req,
				   const char **why)
{
	if (r->indirect_op == BLKIF_OP_READ) {
		req->kind = BLK_REQ_READ;
	} else if (r->indirect_op == BLKIF_OP_WRITE) {
		req->kind = BLK_REQ_WRITE;
	} else {
		*why = "an indirect request's indirect_op is neither READ nor WRITE";
		return -XEN_EINVAL;
	}
	if (r->nr_segments < 1u || r->nr_segments > BLK_MAX_INDIRECT_SEGMENTS) {
		*why = "an indirect request's segment count is out of range";
		return -XEN_EINVAL;
	}
	req->rsp_operation = r->indirect_op;
	req->sector = r->sector_number;
	req->indirect_pages = (r->nr_segments + BLKIF_SEGMENTS_PER_INDIRECT_PAGE - 1u) /
			      BLKIF_SEGMENTS_PER_INDIRECT_PAGE;
	memcpy(req->indirect_grefs, r->indirect_grefs,
	       req->indirect_pages * sizeof(req->indirect_grefs[0]));
	/* seg_count stays 0 until blk_req_set_indirect fills it. */
	req->indirect_segs = r->nr_segments;
	return 0;
}

static void blk_req_decode_discard(const struct blkif_request_discard *r, struct blk_req *req)
{
	req->sector = r->sector_number;
	req->sectors = r->nr_sectors;
}

int blk_req_decode(const void *slot, struct blk_req *req, const char **why)
{
	/* The slot's kinds share their first 24 bytes' layout: operation, then id at 8. */
	struct blkif_request direct;
	struct blkif_request_indirect indirect;
	struct blkif_request_discard discard;

	memcpy(&direct, slot, sizeof(direct));
	req->id = direct.id;
	req->rsp_operation = direct.operation;
	req->sector = 0;
	req->sectors = 0;
	req->seg_count = 0;
	req->indirect_pages = 0;
	req->indirect_segs = 0;
	switch (direct.operation) {
	case BLKIF_OP_READ:
		req->kind = BLK_REQ_READ;
		return blk_req_decode_direct(&direct, req, why);
	case BLKIF_OP_WRITE:
		req->kind = BLK_REQ_WRITE;
		return blk_req_decode_direct(&direct, req, why);
	case BLKIF_OP_FLUSH_DISKCACHE:
		req->kind = BLK_REQ_FLUSH;
		return blk_req_decode_direct(&direct, req, why);
	case BLKIF_OP_DISCARD:
		req->kind = BLK_REQ_DISCARD;
		memcpy(&discard, slot, sizeof(discard));
		blk_req_decode_discard(&discard, req);
		return 0;
	case BLKIF_OP_INDIRECT:
		memcpy(&indirect, slot, sizeof(indirect));
		return blk_req_decode_indirect(&indirect, req, why);
	case BLKIF_OP_WRITE_BARRIER:
		/* Known, but never advertised (feature-barrier): a frontend may try it. */
		req->kind = BLK_REQ_UNSUPPORTED;
		return 0;
	default:
		*why = "an unknown operation";
		return -XEN_EINVAL;
	}
}

int blk_req_set_indirect(struct blk_req *req, const struct blkif_request_segment *segs,
			 const char **why)
{
	/* blk_req_decode_indirect checked the count against the maximum. */
	unsigned int count = req->indirect_segs;

	if (req->indirect_pages == 0 || count == 0 || count > BLK_MAX_INDIRECT_SEGMENTS) {
		*why = "indirect segments without an indirect request";
		return -XEN_EINVAL;
	}
	req->sectors = 0;
	req->seg_count = 0;
	req->indirect_pages = 0;
	req->indirect_segs = 0;
	for (unsigned int i = 0; i < count; i++) {
		int rc = blk_req_add_seg(req, &segs[i], why);

		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

int blk_req_check(const struct blk_req *req, const struct vbd *vbd, const char **why)
{
	bool writes = req->kind == BLK_REQ_WRITE || req->kind == BLK_REQ_DISCARD ||
		      (req->kind == BLK_REQ_FLUSH && req->seg_count > 0);

	if (req->kind == BLK_REQ_UNSUPPORTED ||
	    (req->kind == BLK_REQ_FLUSH && req->seg_count == 0)) {
		/* No sectors to check: a flush without data names none. */
		return 0;
	}
	if (req->indirect_pages != 0) {
		*why = "an indirect request checked before its segments";
		return -XEN_EINVAL;
	}
	if (!vbd_contains(vbd, req->sector, req->sectors)) {
		*why = "a request's sectors lie outside the virtual disk";
		return -XEN_EINVAL;
	}
	if (writes && vbd->readonly) {
		return -XEN_EACCES;
	}
	return 0;
}
