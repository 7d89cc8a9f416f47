// SPDX-License-Identifier: MIT
/* blkif requests in flight: bounce pages, grant copies, disk I/Os and their completion. */
#include "blk_conn_internal.h"
#include "blk_platform.h"
#include <abi/errno.h>
#include <abi/hypercall.h>
#include <stdlib.h>
#include <string.h>

/* Locking: none (blk_conn_internal.h). */

/* What moving one request's data found. */
#define BLK_MOVE_OK 0
#define BLK_MOVE_FRONTEND 1 /* a grant of the frontend's failed: it broke the protocol */
#define BLK_MOVE_OURS 2     /* the copy call itself failed: answer ERROR */

static int16_t blk_io_rsp_status(int status)
{
	if (status == 0) {
		return BLKIF_RSP_OKAY;
	}
	return status == -XEN_EOPNOTSUPP ? BLKIF_RSP_EOPNOTSUPP : BLKIF_RSP_ERROR;
}

/* Answer a request at once (it needs no disk, or is refused) and free nothing. */
static void blk_io_answer(struct blk_queue *q, const struct blk_req *req, int16_t status)
{
	blk_conn_respond(q, req->id, req->rsp_operation, status);
}

/* A bounce page: one a request before gave back, or a new one. NULL if there is none. */
static void *blk_io_page_get(struct blk_queue *q)
{
	if (q->cached > 0) {
		return q->cache[--q->cached];
	}
	return blk_platform()->page_alloc();
}

/*
 * Give a bounce page back: kept for the next request while the connection
 * serves (the allocator is spared a page in, a page out for every segment),
 * else freed.
 */
static void blk_io_page_put(struct blk_queue *q, void *page)
{
	if (!blk_conn_dead(q->conn) && q->cached < BLK_QUEUE_BOUNCE_PAGES) {
		q->cache[q->cached++] = page;
	} else {
		blk_platform()->page_free(page);
	}
}

void blk_io_free(struct blk_pending *p)
{
	struct blk_queue *q = p->q;

	for (unsigned int i = 0; i < p->page_count; i++) {
		if (p->pages[i] != NULL) {
			blk_io_page_put(q, p->pages[i]);
		}
	}
	q->pages_in_use -= p->pages_held;
	q->pending_count--;
	free(p);
}

/*
 * The persistent mapping of ref, mapping it now if the table has room; NULL
 * when it must be moved by grant copy (no persistent grants, table full, or
 * the map failed: the copy will tell whether the ref is any good).
 */
static const struct blk_pgrant *blk_io_pgrant(struct blk_queue *q, grant_ref_t ref)
{
	const struct blk_platform *plat = blk_platform();
	const struct blk_pgrant *g;
	grant_handle_t handle;
	uint64_t bus = 0;
	void *va;

	if (q->pgrants == NULL) {
		return NULL;
	}
	g = blk_pgrant_find(q->pgrants, ref);
	if (g != NULL || !blk_pgrant_room(q->pgrants)) {
		return g;
	}
	if (plat->grant_map(q->conn->p.frontend_id, ref, false, &va, &handle, &bus) != GNTST_okay) {
		return NULL;
	}
	if (bus != 0) {
		blk_conn_note_in_place(q->conn);
	}
	return blk_pgrant_add(q->pgrants, ref, va, handle, bus);
}

/* Where ref's persistent mapping is, NULL as blk_io_pgrant. */
static unsigned char *blk_io_pgrant_va(struct blk_queue *q, grant_ref_t ref)
{
	const struct blk_pgrant *g = blk_io_pgrant(q, ref);

	return g != NULL ? g->va : NULL;
}

/* Fill op: len bytes at offset of the frontend's ref and of our page, either way. */
static void blk_io_copy_op(struct gnttab_copy *op, domid_t domid, grant_ref_t ref, void *page,
			   uint16_t offset, uint16_t len, bool to_frontend)
{
	struct gnttab_copy_ptr theirs = { .ref_or_gfn = ref, .domid = domid, .offset = offset };
	struct gnttab_copy_ptr ours = { .ref_or_gfn = blk_platform()->gfn_of(page),
					.domid = DOMID_SELF,
					.offset = offset };

	memset(op, 0, sizeof(*op));
	op->source = to_frontend ? ours : theirs;
	op->dest = to_frontend ? theirs : ours;
	op->len = len;
	op->flags = (uint16_t)(to_frontend ? GNTCOPY_dest_gref : GNTCOPY_source_gref);
}

/* Run q's batch of count copy ops; BLK_MOVE_*. */
static int blk_io_copy_batch(struct blk_queue *q, unsigned int count)
{
	if (count == 0) {
		return BLK_MOVE_OK;
	}
	if (blk_platform()->grant_copy(q->ops, count) != 0) {
		return BLK_MOVE_OURS;
	}
	for (unsigned int i = 0; i < count; i++) {
		if (q->ops[i].status != GNTST_okay) {
			return BLK_MOVE_FRONTEND;
		}
	}
	return BLK_MOVE_OK;
}

/*
 * Move the sectors of every segment of p that has a bounce page between the
 * frontend's pages and those (the same offsets in both): memcpy through a
 * persistent grant, else one grant copy batch for the rest. The disk moves
 * the others in place. BLK_MOVE_*.
 */
static int blk_io_move(struct blk_pending *p, bool to_frontend)
{
	struct blk_queue *q = p->q;
	unsigned int count = 0;

	for (unsigned int i = 0; i < p->req.seg_count; i++) {
		const struct blk_seg *s = &p->req.segs[i];
		uint16_t offset = (uint16_t)(s->first_sect * BLKIF_SECTOR_SIZE);
		uint16_t len = (uint16_t)((s->last_sect - s->first_sect + 1u) * BLKIF_SECTOR_SIZE);
		unsigned char *mine, *theirs;

		if (p->pages[i] == NULL) {
			continue;
		}
		mine = (unsigned char *)p->pages[i] + offset;
		theirs = blk_io_pgrant_va(q, s->gref);
		if (theirs == NULL) {
			blk_io_copy_op(&q->ops[count++], q->conn->p.frontend_id, s->gref,
				       p->pages[i], offset, len, to_frontend);
		} else if (to_frontend) {
			memcpy(theirs + offset, mine, len);
		} else {
			memcpy(mine, theirs + offset, len);
		}
	}
	return blk_io_copy_batch(q, count);
}

/*
 * Copy an INDIRECT request's segment pages into q->segs (once: only that
 * copy is checked and used), then take its segments from it. 0, or
 * -XEN_EINVAL with *why (a break), or -XEN_EIO (ours).
 */
static int blk_io_fetch_indirect(struct blk_queue *q, struct blk_req *req, const char **why)
{
	unsigned int left = req->indirect_segs;
	unsigned int count = 0;
	uint16_t lens[BLK_INDIRECT_PAGES_MAX];

	for (unsigned int i = 0; i < req->indirect_pages && i < BLK_INDIRECT_PAGES_MAX; i++) {
		unsigned int n = left < BLKIF_SEGMENTS_PER_INDIRECT_PAGE
					 ? left
					 : BLKIF_SEGMENTS_PER_INDIRECT_PAGE;
		uint16_t len = (uint16_t)(n * sizeof(struct blkif_request_segment));
		void *theirs = blk_io_pgrant_va(q, req->indirect_grefs[i]);

		if (theirs != NULL) {
			memcpy(q->scratch[i], theirs, len);
		} else {
			blk_io_copy_op(&q->ops[count++], q->conn->p.frontend_id,
				       req->indirect_grefs[i], q->scratch[i], 0, len, false);
		}
		lens[i] = len;
		left -= n;
	}
	switch (blk_io_copy_batch(q, count)) {
	case BLK_MOVE_OK:
		break;
	case BLK_MOVE_FRONTEND:
		*why = "an indirect request's segment page cannot be copied (grant not given?)";
		return -XEN_EINVAL;
	default:
		return -XEN_EIO;
	}
	for (unsigned int i = 0; i < req->indirect_pages && i < BLK_INDIRECT_PAGES_MAX; i++) {
		memcpy(&q->segs[i * BLKIF_SEGMENTS_PER_INDIRECT_PAGE], q->scratch[i], lens[i]);
	}
	return blk_req_set_indirect(req, q->segs, why);
}

/*
 * Decode and check slot fully. Returns 0 (go on with *req), 1 (answered or
 * the connection ended: nothing more to do).
 */
static int blk_io_decode(struct blk_queue *q, const void *slot, struct blk_req *req)
{
	struct blk_conn *c = q->conn;
	const char *why = "?";
	int rc = blk_req_decode(slot, req, &why);

	if (rc == 0 && req->indirect_pages != 0) {
		rc = blk_io_fetch_indirect(q, req, &why);
	}
	if (rc == 0) {
		rc = blk_req_check(req, &c->p.vbd, &why);
	}
	if (rc == -XEN_EINVAL) {
		blk_conn_break(c, why);
		return 1;
	}
	if (rc == -XEN_EACCES) {
		blk_conn_log(c, "a write to a read-only virtual disk refused");
		blk_io_answer(q, req, BLKIF_RSP_ERROR);
		return 1;
	}
	if (rc != 0) {
		blk_conn_log(c, "cannot copy an indirect request's segments");
		blk_io_answer(q, req, BLKIF_RSP_ERROR);
		return 1;
	}
	return 0;
}

/* Answer what needs no disk (or cannot have it); 1 if answered. */
static int blk_io_answer_early(struct blk_queue *q, const struct blk_req *req)
{
	const struct blk_disk_info *disk = q->conn->disk;

	if (req->kind == BLK_REQ_UNSUPPORTED || (req->kind == BLK_REQ_FLUSH && !disk->flush) ||
	    (req->kind == BLK_REQ_DISCARD && !disk->discard)) {
		blk_io_answer(q, req, BLKIF_RSP_EOPNOTSUPP);
		return 1;
	}
	if (req->kind == BLK_REQ_DISCARD && req->sectors == 0) {
		blk_io_answer(q, req, BLKIF_RSP_OKAY);
		return 1;
	}
	return 0;
}

/* Answer ERROR to a request we cannot even hold: its id and operation are all it needs. */
static void blk_io_answer_unread(struct blk_queue *q, const void *slot)
{
	struct blkif_request_indirect head;
	uint8_t op;

	memcpy(&head, slot, sizeof(head));
	op = head.operation == BLKIF_OP_INDIRECT ? head.indirect_op : head.operation;
	blk_conn_respond(q, head.id, op, BLKIF_RSP_ERROR);
}

void blk_io_take(struct blk_queue *q, const void *slot)
{
	struct blk_pending *p = malloc(sizeof(*p));

	if (p == NULL) {
		blk_io_answer_unread(q, slot);
		blk_conn_log(q->conn, "out of memory for a request");
		return;
	}
	if (blk_io_decode(q, slot, &p->req) != 0 || blk_io_answer_early(q, &p->req) != 0) {
		free(p);
		return;
	}
	p->q = q;
	p->page_count = 0;
	p->pages_held = 0;
	p->pages_ready = false;
	p->flush_first = p->req.kind == BLK_REQ_FLUSH;
	p->flush_submitted = false;
	p->next_seg = 0;
	p->next_sector = p->req.sector;
	p->discard_left = p->req.kind == BLK_REQ_DISCARD ? p->req.sectors : 0;
	p->ios = 0;
	p->status = 0;
	q->pending_count++;
	q->stalled = p;
	blk_io_resume(q);
}

/*
 * Give each segment of p the disk's way to its data: in place, in a
 * persistent grant's page the disk reaches (a direct address), else a bounce
 * page, within the queue's budget, filled for a write. Returns 0 (ready), 1
 * (stalled: wait for pages to free), or 2 (give up: either the frontend broke
 * the protocol, and p went with its connection's stalled request, or there is
 * no page and nothing to wait for, and the caller answers ERROR).
 */
static int blk_io_prepare(struct blk_pending *p)
{
	struct blk_queue *q = p->q;
	unsigned int need = p->req.seg_count;
	unsigned int others = q->pages_in_use - p->pages_held; /* held by requests before p */
	int rc;

	/* Within the budget, unless nothing else holds pages (a request is never refused). */
	if (others > 0 && q->pages_in_use + (need - p->page_count) > BLK_QUEUE_BOUNCE_PAGES) {
		return 1;
	}
	while (p->page_count < need) {
		const struct blk_seg *s = &p->req.segs[p->page_count];
		const struct blk_pgrant *g = blk_io_pgrant(q, s->gref);
		void *page = NULL;

		p->direct[p->page_count] =
			g != NULL && g->bus != 0 ? g->bus + s->first_sect * BLKIF_SECTOR_SIZE : 0;
		if (p->direct[p->page_count] == 0) {
			page = blk_io_page_get(q);
			if (page == NULL) {
				/* Wait for the requests before p to give pages back, if any. */
				return others > 0 ? 1 : 2;
			}
			p->pages_held++;
			q->pages_in_use++;
		}
		p->pages[p->page_count++] = page;
	}
	rc = p->req.kind == BLK_REQ_READ ? BLK_MOVE_OK : blk_io_move(p, false);
	if (rc == BLK_MOVE_FRONTEND) {
		blk_conn_break(q->conn,
			       "a grant of a write cannot be copied (revoked or not given)");
		return 2;
	}
	if (rc == BLK_MOVE_OURS) {
		p->status = -XEN_EIO;
	}
	p->pages_ready = true;
	return 0;
}

static void blk_io_done(void *arg, int status);

/* Submit one I/O of p; 0, -XEN_EAGAIN, or another error (then p is failed). */
static int blk_io_submit(struct blk_pending *p, struct blk_disk_io *io)
{
	struct blk_conn *c = p->q->conn;
	int rc;

	io->done = blk_io_done;
	io->arg = p;
	/* Counted before: submit never calls done itself, but the count holds even if it did. */
	p->ios++;
	c->ios++;
	rc = blk_platform()->disks->submit(c->p.vbd.disk, io);
	if (rc != 0) {
		p->ios--;
		c->ios--;
	}
	if (rc != 0 && rc != -XEN_EAGAIN) {
		blk_conn_log(c, "the disk refused an I/O");
		p->status = -XEN_EIO;
	}
	return rc;
}

/* The flush a FLUSH_DISKCACHE does before its data: 0 once it is complete. */
static int blk_io_submit_flush(struct blk_pending *p)
{
	struct blk_disk_io io = { .op = BLK_DISK_FLUSH, .sector = 0 };
	int rc;

	if (p->flush_submitted) {
		return -XEN_EBUSY; /* its done will carry on */
	}
	rc = blk_io_submit(p, &io);
	if (rc == 0) {
		p->flush_submitted = true;
		return -XEN_EBUSY;
	}
	return rc;
}

/* The next READ or WRITE I/O of p: up to the disk's max_bufs segments from next_seg on. */
static int blk_io_submit_rw(struct blk_pending *p)
{
	const struct blk_disk_info *disk = p->q->conn->disk;
	unsigned int max = disk->max_bufs != 0 && disk->max_bufs < BLK_SEGMENTS_MAX
				   ? disk->max_bufs
				   : BLK_SEGMENTS_MAX;
	struct blk_disk_io io = { .op = p->req.kind == BLK_REQ_READ ? BLK_DISK_READ
								    : BLK_DISK_WRITE,
				  .sector = p->q->conn->p.vbd.first + p->next_sector,
				  .bufs = p->bufs };
	uint64_t sectors = 0;
	int rc;

	while (io.buf_count < max && p->next_seg + io.buf_count < p->req.seg_count) {
		unsigned int i = p->next_seg + io.buf_count;
		const struct blk_seg *s = &p->req.segs[i];
		uint32_t n = (uint32_t)(s->last_sect - s->first_sect) + 1u;

		p->bufs[io.buf_count] = (struct blk_disk_buf){
			.addr = p->pages[i] == NULL ? NULL
						    : (unsigned char *)p->pages[i] +
							      s->first_sect * BLKIF_SECTOR_SIZE,
			.len = n * BLKIF_SECTOR_SIZE,
			.bus = p->direct[i],
		};
		sectors += n;
		io.buf_count++;
	}
	rc = blk_io_submit(p, &io);
	if (rc == 0) {
		p->next_seg += io.buf_count;
		p->next_sector += sectors;
	}
	return rc;
}

/* The next DISCARD I/O of p: as many sectors as the disk takes at once. */
static int blk_io_submit_discard(struct blk_pending *p)
{
	const struct blk_disk_info *disk = p->q->conn->disk;
	uint32_t max = disk->max_discard_sectors != 0 ? disk->max_discard_sectors : UINT32_MAX;
	uint32_t n = p->discard_left < max ? (uint32_t)p->discard_left : max;
	struct blk_disk_io io = { .op = BLK_DISK_DISCARD,
				  .sector = p->q->conn->p.vbd.first + p->next_sector,
				  .discard_sectors = n };
	int rc = blk_io_submit(p, &io);

	if (rc == 0) {
		p->next_sector += n;
		p->discard_left -= n;
	}
	return rc;
}

/* Whether every I/O of p has been submitted (or p failed, so no more will be). */
static bool blk_io_all_submitted(const struct blk_pending *p)
{
	if (p->status != 0) {
		return true;
	}
	if (p->flush_first) {
		return false;
	}
	return p->req.kind == BLK_REQ_DISCARD ? p->discard_left == 0
					      : p->next_seg == p->req.seg_count;
}

/* Submit what p has left; 0 when all is submitted, else -XEN_EAGAIN or -XEN_EBUSY (wait). */
static int blk_io_submit_all(struct blk_pending *p)
{
	while (!blk_io_all_submitted(p)) {
		int rc;

		if (p->flush_first) {
			rc = blk_io_submit_flush(p);
		} else if (p->req.kind == BLK_REQ_DISCARD) {
			rc = blk_io_submit_discard(p);
		} else {
			rc = blk_io_submit_rw(p);
		}
		if (rc == -XEN_EAGAIN || rc == -XEN_EBUSY) {
			return rc;
		}
	}
	return 0;
}

/* Every I/O of p is done: copy a read's data out, answer, free. */
static void blk_io_complete(struct blk_pending *p)
{
	struct blk_queue *q = p->q;
	int status = p->status;

	if (status == 0 && p->req.kind == BLK_REQ_READ) {
		int rc = blk_io_move(p, true);

		if (rc == BLK_MOVE_FRONTEND) {
			blk_io_free(p);
			blk_conn_break(q->conn,
				       "a grant of a read cannot be copied (revoked or not given)");
			return;
		}
		status = rc == BLK_MOVE_OK ? 0 : -XEN_EIO;
	}
	blk_conn_respond(q, p->req.id, p->req.rsp_operation, blk_io_rsp_status(status));
	blk_io_free(p);
	if (q->stalled != NULL) {
		/* It may be waiting for the pages just freed. */
		blk_platform()->evtchn_raise(q->port);
	}
}

void blk_io_resume(struct blk_queue *q)
{
	struct blk_pending *p = q->stalled;
	int rc;

	q->stalled_on_disk = false;
	if (!p->pages_ready) {
		rc = blk_io_prepare(p);
		if (rc == 1) {
			return;
		}
		if (rc == 2) {
			/* Out of pages: ERROR. A break has already dropped p with the rest. */
			if (q->stalled == p) {
				q->stalled = NULL;
				blk_conn_respond(q, p->req.id, p->req.rsp_operation,
						 BLKIF_RSP_ERROR);
				blk_io_free(p);
			}
			return;
		}
	}
	rc = blk_io_submit_all(p);
	if (rc == -XEN_EAGAIN) {
		q->stalled_on_disk = true;
		return;
	}
	if (rc != 0) {
		return;
	}
	q->stalled = NULL;
	if (p->ios == 0) {
		blk_io_complete(p);
	}
}

/* A disk I/O of arg (a struct blk_pending) completed with status. */
static void blk_io_done(void *arg, int status)
{
	struct blk_pending *p = arg;
	struct blk_queue *q = p->q;
	struct blk_conn *c = q->conn;

	blk_conn_enter(c);
	p->ios--;
	c->ios--;
	if (status != 0 && p->status == 0) {
		p->status = status == -XEN_EOPNOTSUPP ? status : -XEN_EIO;
	}
	if (p->flush_first && p->flush_submitted && p->ios == 0) {
		p->flush_first = false;
	}
	if (blk_conn_dead(c)) {
		if (p->ios == 0 && q->stalled != p) {
			blk_io_free(p);
		}
	} else if (q->stalled == p) {
		/* Its next step (data after the flush) is the queue's to take. */
		blk_platform()->evtchn_raise(q->port);
	} else if (p->ios == 0) {
		blk_io_complete(p);
		if (!blk_conn_dead(c)) {
			blk_conn_push(q);
		}
	}
	blk_conn_kick_waiting();
	blk_conn_leave(c);
}
