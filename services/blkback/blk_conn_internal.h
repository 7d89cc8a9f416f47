/* SPDX-License-Identifier: MIT */
/* What blk_conn.c (connections, queues, rings) and blk_io.c (requests in flight) share. */
#ifndef BLKBACK_BLK_CONN_INTERNAL_H
#define BLKBACK_BLK_CONN_INTERNAL_H

#include "blk_conn.h"
#include "blk_disk.h"
#include "blk_pgrant.h"
#include "blk_req.h"
#include <abi/blkif.h>
#include <abi/event_channel.h>
#include <abi/grant_table.h>
#include <libos/ring.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * Locking: none. Everything here is reached from one thread of control
 * (blk_platform.h); the only re-entry is the broken callback, which may
 * call blk_conn_stop from inside the engine: a connection is therefore
 * freed only when nothing of the engine is running on it (busy == 0).
 *
 * Life of a request: taken from the ring and checked (blk_conn_take,
 * blk_io_take); if it needs the disk it becomes the queue's `stalled`
 * request while it gets bounce pages, its data copied in (WRITE) and its
 * disk I/Os submitted; a queue takes no new request while one is stalled
 * (waiting for bounce pages, for room in the device's queue, or for the
 * flush that must come before its data). Once every I/O is submitted it
 * waits only for its dones; after the last, data is copied out (READ), the
 * response is put and the request freed. A dead connection (broken or
 * stopped) frees each request at its last done, without a response.
 */

struct blk_queue;

/** A request taken from the ring that needs the disk. */
struct blk_pending {
	struct blk_queue *q;
	struct blk_req req;            /* the checked copy: nothing else is read */
	void *pages[BLK_SEGMENTS_MAX]; /* a bounce page per segment; NULL: the disk reaches it */
	uint64_t direct[BLK_SEGMENTS_MAX]; /* ... at this device address, in the frontend's page */
	unsigned int page_count;           /* segments given a page or a direct address so far */
	unsigned int pages_held;           /* bounce pages among them */
	bool pages_ready;                  /* pages got and, for a write, filled */
	bool flush_first;                  /* FLUSH: the flush step is not complete yet */
	bool flush_submitted;              /* ... and it has been submitted */
	unsigned int next_seg;             /* READ/WRITE: the first segment not yet submitted */
	uint64_t next_sector;              /* VBD-relative sector of next_seg / of the discard */
	uint64_t discard_left;             /* DISCARD: sectors not yet submitted */
	unsigned int ios;                  /* disk I/Os submitted, not yet done */
	int status;                        /* 0, or the first error: -XEN_EIO, -XEN_EOPNOTSUPP */
	struct blk_disk_buf bufs[BLK_SEGMENTS_MAX]; /* the I/O being submitted */
};

/** One queue: a ring and its event channel. */
struct blk_queue {
	struct blk_conn *conn;
	unsigned int index;
	void *ring_va; /* NULL: not mapped */
	grant_handle_t ring_handles[BLK_RING_PAGES_MAX];
	struct ring_back ring;
	evtchn_port_t port;
	bool port_bound;
	struct blk_pending *stalled;         /* taken, not fully submitted (see above) */
	bool stalled_on_disk;                /* ... because the device's queue was full */
	unsigned int pending_count;          /* requests taken and not yet freed */
	unsigned int pages_in_use;           /* bounce pages those hold */
	void *cache[BLK_QUEUE_BOUNCE_PAGES]; /* bounce pages given back, kept for the next requests
					      */
	unsigned int cached;
	void *scratch[BLK_INDIRECT_PAGES_MAX];               /* indirect pages are copied here */
	struct blkif_request_segment segs[BLK_SEGMENTS_MAX]; /* ... and gathered here */
	struct gnttab_copy ops[BLK_SEGMENTS_MAX];            /* one request's copy batch */
	struct blk_pgrants *pgrants;                         /* NULL without feature-persistent */
};

struct blk_conn {
	struct blk_conn_params p;
	const struct blk_disk_info *disk;
	blk_conn_broken_fn broken_fn;
	void *broken_arg;
	bool broken;        /* the frontend broke the protocol (logged) */
	bool broken_told;   /* broken_fn was called (by the outermost blk_conn_leave) */
	bool stopped;       /* blk_conn_stop was called */
	unsigned int busy;  /* engine calls running on it (see Locking) */
	unsigned int logs;  /* lines blk_conn_log has written (it stops at BLK_CONN_LOGS_MAX) */
	bool said_in_place; /* blk_conn_note_in_place has said its line */
	unsigned int ios;   /* disk I/Os in flight, every queue */
	struct blk_queue queues[BLK_QUEUES_MAX];
	struct blk_conn *next; /* every live connection (blk_conn.c's list) */
};

/** Whether c serves no more: broken or stopped. */
static inline bool blk_conn_dead(const struct blk_conn *c)
{
	return c->broken || c->stopped;
}

/**
 * End c because its frontend broke the protocol: log why once; broken is
 * called when the outermost engine call on c returns, after the frontend's
 * rings, grants and ports were let go.
 */
void blk_conn_break(struct blk_conn *c, const char *why);

/** Lines of blk_conn_log a connection writes at most: a frontend cannot flood the log. */
#define BLK_CONN_LOGS_MAX 8u

/**
 * Log one line about c (not a protocol break: a refused request, an error of
 * ours), up to BLK_CONN_LOGS_MAX a connection.
 */
void blk_conn_log(struct blk_conn *c, const char *what);

/** Say, once a connection, that its disk reaches persistent grants' pages in place. */
void blk_conn_note_in_place(struct blk_conn *c);

/** Put the response to (id, operation) with status (BLKIF_RSP_*) on q's ring. */
void blk_conn_respond(struct blk_queue *q, uint64_t id, uint8_t operation, int16_t status);

/** Publish q's responses, and notify the frontend if it asked for it. */
void blk_conn_push(struct blk_queue *q);

/** Mark c busy (see Locking); blk_conn_leave may free it. */
void blk_conn_enter(struct blk_conn *c);
void blk_conn_leave(struct blk_conn *c);

/** Have every queue waiting for room in a device's queue try again. */
void blk_conn_kick_waiting(void);

/**
 * Handle our copy of a slot: decode, check, answer at once or start it.
 * Returns 0; the connection may be dead or the queue stalled afterwards.
 */
void blk_io_take(struct blk_queue *q, const void *slot);

/** Carry q's stalled request on as far as it goes. */
void blk_io_resume(struct blk_queue *q);

/** Free p (its pages too), no response; the queue's counts follow. */
void blk_io_free(struct blk_pending *p);

#endif
