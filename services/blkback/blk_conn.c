// SPDX-License-Identifier: MIT
/* blkif connections: mapping the rings, binding the ports, taking requests turn by turn. */
#include "blk_conn.h"
#include "blk_conn_internal.h"
#include "blk_platform.h"
#include <abi/errno.h>
#include <stdlib.h>
#include <string.h>

/* Locking: none (blk_conn_internal.h). */

/* Every connection not yet freed, for blk_conn_kick_waiting. */
static struct blk_conn *blk_conn_list;

/* The VBD's name in log lines: the domain, the disk and the extent. */
static void blk_conn_say(const struct blk_conn *c, const char *what, const char *tail)
{
	const struct blk_platform *plat = blk_platform();
	const struct vbd *v = &c->p.vbd;

	if (c->p.quiet) {
		return;
	}
	plat->log("blkback: domain %u, vbd on disk %u sectors %llu+%llu: %s%s",
		  (unsigned int)c->p.frontend_id, v->disk, (unsigned long long)v->first,
		  (unsigned long long)v->sectors, what, tail);
}

void blk_conn_log(struct blk_conn *c, const char *what)
{
	if (c->logs < BLK_CONN_LOGS_MAX) {
		c->logs++;
		blk_conn_say(c, what, c->logs == BLK_CONN_LOGS_MAX ? " (no more of these)" : "");
	}
}

void blk_conn_note_in_place(struct blk_conn *c)
{
	if (!c->said_in_place) {
		c->said_in_place = true;
		blk_conn_say(c, "persistent grants: the disk reaches their pages in place", "");
	}
}

/* Free what start made of q; safe on a queue half made. */
static void blk_queue_teardown(struct blk_queue *q)
{
	const struct blk_platform *plat = blk_platform();
	struct blk_conn *c = q->conn;

	if (q->port_bound) {
		plat->evtchn_close(q->port);
		q->port_bound = false;
	}
	/* Not while a disk may still move data in or out of a persistent grant's page in place:
	 * the last I/O's done comes back here (blk_conn_leave). */
	if (q->pgrants != NULL && c->ios == 0) {
		for (unsigned int i = 0; i < BLK_PGRANT_SLOTS; i++) {
			struct blk_pgrant *g = &q->pgrants->slots[i];

			if (g->va != NULL) {
				(void)plat->grant_unmap(g->va, g->handle);
				g->va = NULL;
			}
		}
		free(q->pgrants);
		q->pgrants = NULL;
	}
	while (q->cached > 0) {
		plat->page_free(q->cache[--q->cached]);
	}
	for (unsigned int i = 0; i < BLK_INDIRECT_PAGES_MAX; i++) {
		if (q->scratch[i] != NULL) {
			plat->page_free(q->scratch[i]);
			q->scratch[i] = NULL;
		}
	}
	if (q->ring_va != NULL) {
		plat->grant_unmap_pages(q->ring_va, q->ring_handles, c->p.ring_pages);
		q->ring_va = NULL;
	}
}

static void blk_conn_unlink(struct blk_conn *c)
{
	struct blk_conn **pp = &blk_conn_list;

	while (*pp != NULL && *pp != c) {
		pp = &(*pp)->next;
	}
	if (*pp == c) {
		*pp = c->next;
	}
}

static void blk_conn_free(struct blk_conn *c)
{
	for (unsigned int i = 0; i < c->p.queue_count; i++) {
		blk_queue_teardown(&c->queues[i]);
	}
	blk_conn_unlink(c);
	free(c);
}

void blk_conn_enter(struct blk_conn *c)
{
	c->busy++;
}

/*
 * A dead connection lets go of everything of the frontend's at once: its
 * rings, ports and, once no I/O is in flight, its persistent grants (a disk
 * may be reaching their pages in place). Only bounce pages of I/Os still in
 * flight stay (their dones touch nothing else of a dead connection). So by
 * the time the back end says Closed, every grant of the frontend can be
 * revoked, but for pages under an I/O that has not come back.
 */
static void blk_conn_let_go(struct blk_conn *c)
{
	for (unsigned int i = 0; i < c->p.queue_count; i++) {
		blk_queue_teardown(&c->queues[i]);
	}
}

void blk_conn_leave(struct blk_conn *c)
{
	/* The outermost engine call on c is ending: nothing of it is on the stack any more. */
	if (c->busy == 1 && blk_conn_dead(c)) {
		blk_conn_let_go(c);
		if (c->broken && !c->broken_told) {
			c->broken_told = true;
			/* It may call blk_conn_stop: nested, so c is freed below, not in there. */
			c->broken_fn(c->broken_arg);
		}
	}
	c->busy--;
	if (c->busy == 0 && c->stopped && c->ios == 0) {
		blk_conn_free(c);
	}
}

/*
 * c has just died: drop each queue's stalled request. One with I/Os in flight
 * is freed by its last done (blk_io.c); one without is freed now.
 */
static void blk_conn_drop_stalled(struct blk_conn *c)
{
	for (unsigned int i = 0; i < c->p.queue_count; i++) {
		struct blk_queue *q = &c->queues[i];
		struct blk_pending *p = q->stalled;

		/* And the pages kept for requests to come: none will. */
		while (q->cached > 0) {
			blk_platform()->page_free(q->cache[--q->cached]);
		}
		q->stalled = NULL;
		q->stalled_on_disk = false;
		if (p != NULL && p->ios == 0) {
			blk_io_free(p);
		}
	}
}

void blk_conn_break(struct blk_conn *c, const char *why)
{
	if (blk_conn_dead(c)) {
		return;
	}
	blk_conn_enter(c);
	c->broken = true;
	blk_conn_say(c, why, "; connection ended");
	blk_conn_drop_stalled(c);
	/* broken_fn is called once the engine's calls on c have returned (blk_conn_leave). */
	blk_conn_leave(c);
}

void blk_conn_stop(struct blk_conn *c)
{
	bool was_dead;

	if (c->stopped) {
		return;
	}
	blk_conn_enter(c);
	was_dead = blk_conn_dead(c);
	/* Dead first, so that the pages of what is dropped are freed, not kept. */
	c->stopped = true;
	if (!was_dead) {
		blk_conn_drop_stalled(c);
	}
	blk_conn_leave(c);
}

void blk_conn_respond(struct blk_queue *q, uint64_t id, uint8_t operation, int16_t status)
{
	struct blkif_response rsp;

	memset(&rsp, 0, sizeof(rsp));
	rsp.id = id;
	rsp.operation = operation;
	rsp.status = status;
	/* Cannot fail: every request taken has its slot for the response. */
	(void)ring_back_put_response(&q->ring, &rsp, sizeof(rsp));
}

void blk_conn_push(struct blk_queue *q)
{
	if (ring_back_push_responses(&q->ring)) {
		blk_platform()->evtchn_notify(q->port);
	}
}

void blk_conn_kick_waiting(void)
{
	for (struct blk_conn *c = blk_conn_list; c != NULL; c = c->next) {
		for (unsigned int i = 0; i < c->p.queue_count && !blk_conn_dead(c); i++) {
			struct blk_queue *q = &c->queues[i];

			if (q->stalled_on_disk) {
				q->stalled_on_disk = false;
				blk_platform()->evtchn_raise(q->port);
			}
		}
	}
}

/*
 * Take the next request of q, if there is one: 1 if one was taken (or the
 * connection died trying), 0 if the ring is drained (and the frontend has
 * been asked to notify at its next request).
 */
static int blk_conn_take(struct blk_queue *q)
{
	uint8_t slot[BLKIF_SLOT_SIZE];
	int rc = ring_back_get_request(&q->ring, slot, sizeof(slot));

	if (rc == -XEN_EAGAIN && ring_back_final_check(&q->ring)) {
		rc = ring_back_get_request(&q->ring, slot, sizeof(slot));
	}
	if (rc == -XEN_EAGAIN) {
		return 0;
	}
	if (rc != 0) {
		blk_conn_break(q->conn, "its request index ran past the ring or moved back");
		return 1;
	}
	blk_io_take(q, slot);
	return 1;
}

/* One turn of q: carry its stalled request on, then take up to BLK_TURN_REQUESTS more. */
static void blk_queue_turn(struct blk_queue *q)
{
	struct blk_conn *c = q->conn;
	unsigned int taken = 0;

	if (q->stalled != NULL) {
		blk_io_resume(q);
	}
	while (!blk_conn_dead(c) && q->stalled == NULL && taken < BLK_TURN_REQUESTS) {
		if (blk_conn_take(q) == 0) {
			break;
		}
		taken++;
	}
	if (blk_conn_dead(c)) {
		return;
	}
	blk_conn_push(q);
	if (taken == BLK_TURN_REQUESTS && q->stalled == NULL) {
		/* More may wait: let the other queues have their turn first. */
		blk_platform()->evtchn_raise(q->port);
	}
}

/* A queue's port fired (or was raised). */
static void blk_queue_event(void *arg)
{
	struct blk_queue *q = arg;
	struct blk_conn *c = q->conn;

	blk_conn_enter(c);
	if (!blk_conn_dead(c)) {
		blk_queue_turn(q);
	}
	blk_conn_leave(c);
}

/* Map q's ring, bind its port, get its scratch pages and persistent grant table. */
static int blk_queue_setup(struct blk_conn *c, struct blk_queue *q, const char **why)
{
	const struct blk_platform *plat = blk_platform();
	const struct blk_conn_params *p = &c->p;
	int16_t st;

	st = plat->grant_map_pages(p->frontend_id, p->ring_refs[q->index], p->ring_pages,
				   &q->ring_va, q->ring_handles);
	if (st != GNTST_okay) {
		q->ring_va = NULL;
		*why = "cannot map a ring (are its ring-ref keys right?)";
		return -XEN_EINVAL;
	}
	if (ring_back_init_pages(&q->ring, q->ring_va, p->ring_pages, BLKIF_SLOT_SIZE) != 0) {
		*why = "cannot use the ring";
		return -XEN_EINVAL;
	}
	for (unsigned int i = 0; i < BLK_INDIRECT_PAGES_MAX; i++) {
		q->scratch[i] = plat->page_alloc();
		if (q->scratch[i] == NULL) {
			*why = "out of memory";
			return -XEN_ENOMEM;
		}
	}
	if (p->persistent) {
		q->pgrants = calloc(1, sizeof(*q->pgrants));
		if (q->pgrants == NULL) {
			*why = "out of memory";
			return -XEN_ENOMEM;
		}
	}
	if (plat->evtchn_bind(p->frontend_id, p->ports[q->index], blk_queue_event, q, &q->port) !=
	    0) {
		*why = "cannot bind an event channel (is event-channel right?)";
		return -XEN_EINVAL;
	}
	q->port_bound = true;
	return 0;
}

/* The parameters C gives, checked: they come from the frontend's keys. */
static int blk_conn_check_params(const struct blk_conn_params *p, const char **why)
{
	const struct blk_platform *plat = blk_platform();
	const struct blk_disk_info *info;
	struct vbd whole;

	if (p->queue_count < 1 || p->queue_count > BLK_QUEUES_MAX) {
		*why = "bad queue count";
		return -XEN_EINVAL;
	}
	if (p->ring_pages < 1 || p->ring_pages > BLK_RING_PAGES_MAX ||
	    (p->ring_pages & (p->ring_pages - 1u)) != 0) {
		*why = "bad ring page count";
		return -XEN_EINVAL;
	}
	if (p->vbd.disk >= plat->disks->count) {
		*why = "no such disk";
		return -XEN_ENODEV;
	}
	info = plat->disks->info(p->vbd.disk);
	whole.sectors = info->sectors;
	if (!vbd_contains(&whole, p->vbd.first, p->vbd.sectors)) {
		*why = "the extent lies outside its disk";
		return -XEN_EINVAL;
	}
	return 0;
}

static struct blk_conn *blk_conn_alloc(const struct blk_conn_params *p, blk_conn_broken_fn broken,
				       void *arg)
{
	struct blk_conn *c = calloc(1, sizeof(*c));

	if (c == NULL) {
		return NULL;
	}
	c->p = *p;
	c->disk = blk_platform()->disks->info(p->vbd.disk);
	/* A read-only disk makes every VBD on it read-only. */
	c->p.vbd.readonly = p->vbd.readonly || c->disk->readonly;
	c->broken_fn = broken;
	c->broken_arg = arg;
	for (unsigned int i = 0; i < BLK_QUEUES_MAX; i++) {
		c->queues[i].conn = c;
		c->queues[i].index = i;
	}
	return c;
}

int blk_conn_start(const struct blk_conn_params *p, blk_conn_broken_fn broken, void *arg,
		   struct blk_conn **out)
{
	const char *why = "out of memory";
	struct blk_conn *c;
	int rc = blk_conn_check_params(p, &why);

	c = rc == 0 ? blk_conn_alloc(p, broken, arg) : NULL;
	if (rc == 0 && c == NULL) {
		rc = -XEN_ENOMEM;
	}
	for (unsigned int i = 0; rc == 0 && i < p->queue_count; i++) {
		rc = blk_queue_setup(c, &c->queues[i], &why);
	}
	if (rc != 0) {
		struct blk_conn tmp = { .p = *p };

		blk_conn_say(c != NULL ? c : &tmp, "cannot connect: ", why);
		if (c != NULL) {
			blk_conn_free(c);
		}
		return rc;
	}
	c->next = blk_conn_list;
	blk_conn_list = c;
	*out = c;
	/* Requests may already wait: the frontend published them before we were bound. */
	for (unsigned int i = 0; i < p->queue_count; i++) {
		blk_platform()->evtchn_raise(c->queues[i].port);
	}
	return 0;
}
