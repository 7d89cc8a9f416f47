/* SPDX-License-Identifier: MIT */
/* A fake machine for blkback's request engine: a frontend's grants and rings, a memory disk. */
#ifndef TEST_BLKBACK_FIXTURE_H
#define TEST_BLKBACK_FIXTURE_H

#include "blk_conn.h"
#include "blk_disk.h"
#include "blk_platform.h"
#include "blk_req.h"
#include <abi/blkif.h>
#include <libos/ring.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FX_DOMID 7
#define FX_DISK_SECTORS 8192u /* 4 MiB */
#define FX_GRANTS 4096u
#define FX_PORTS 8u
#define FX_IOS 4096u

/* A frontend grant: a page of its memory, granted to blkback. */
struct fx_grant {
	void *page;
	bool granted;
	bool readonly;
	bool owned;        /* the page is the fixture's to free */
	unsigned int maps; /* blkback's mappings of it */
};

/* A disk I/O the fake disk holds until the test completes it. */
struct fx_io {
	struct blk_disk_io io;
	struct blk_disk_buf bufs[BLK_SEGMENTS_MAX];
};

struct fx_port {
	bool bound;
	bool pending;
	blk_event_fn fn;
	void *arg;
	unsigned int notifies; /* events blkback sent the frontend */
};

struct fx {
	struct fx_grant grants[FX_GRANTS];
	unsigned int grant_count;
	struct fx_port ports[FX_PORTS];
	/* The disk. */
	struct blk_disk_info info;
	uint8_t *disk;
	struct fx_io ios[FX_IOS];
	unsigned int io_head, io_tail; /* queued I/Os: [head, tail) */
	unsigned int eagain_left;      /* submits still to refuse with -XEN_EAGAIN */
	unsigned int eagain_skip;      /* ... after accepting this many more */
	int next_status;               /* status of the next completion */
	unsigned int flushes, discards, writes, reads;
	char order[64]; /* the ops as completed: R W F D */
	/* Memory. */
	unsigned int pages_out;  /* page_alloc pages not given back */
	unsigned int page_limit; /* page_alloc fails beyond this many out (0: no limit) */
	/* Grant copies. */
	unsigned int copy_calls, copy_ops;
	bool copy_call_fails;
	bool disk_reaches_grants; /* grant_map gives a bus address: the disk moves data in place */
	/* The connection. */
	struct blk_conn *conn;
	unsigned int queue_count, ring_pages;
	void *rings[BLK_QUEUES_MAX];
	struct ring_front front[BLK_QUEUES_MAX];
	unsigned int broken;
	unsigned int logs;
	char last_log[256];
};

extern struct fx fx;

/** A fresh fake machine, and blk_platform_set on it. */
void fx_init(void);
/** After a test: the connection (if any) stopped and freed, nothing of ours left behind. */
void fx_fini(void);

/** A frontend page, granted (readonly or not): its ref. */
uint32_t fx_grant_page(bool readonly);
/** The page behind ref. */
uint8_t *fx_page(uint32_t ref);
/** The frontend ends its grant of ref (its page stays the frontend's). */
void fx_revoke(uint32_t ref);

/** Start a connection; returns blk_conn_start's result. */
int fx_start(unsigned int queues, unsigned int ring_pages, bool persistent, uint64_t first,
	     uint64_t sectors, bool readonly);
/** Stop it (blk_conn_stop); fx.conn is then NULL (it may still be freed later). */
void fx_stop(void);

/**
 * A second connection beside fx.conn, on sectors first..first+sectors-1 of
 * the disk: one queue, one ring page (*ring, the caller frees it), the
 * frontend's port 52 (ours 3), broken calling broken(arg). Its frontend end
 * is *front.
 */
struct blk_conn *fx_start_other(struct ring_front *front, void **ring, uint64_t first,
				uint64_t sectors, blk_conn_broken_fn broken, void *arg);

/** Put a request of len bytes on queue q's ring, publish it and send the event if asked. */
void fx_put(unsigned int q, const void *req, size_t len);
/** Run the engine's pending port callbacks until none is left. */
void fx_run(void);
/** Take queue q's next response: 0, or -1 if there is none. */
int fx_response(unsigned int q, struct blkif_response *rsp);
/** Complete up to n queued disk I/Os in order (then fx_run); returns how many. */
unsigned int fx_disk_complete(unsigned int n);
/** Disk I/Os waiting for completion. */
unsigned int fx_disk_queued(void);

/** A READ/WRITE/FLUSH request of seg_count segments, sectors first..last of each page. */
struct blkif_request fx_rw(uint8_t op, uint64_t id, uint64_t sector, const uint32_t *refs,
			   unsigned int seg_count, uint8_t first, uint8_t last);

/** The platform, for tests that change one call. */
extern struct blk_platform fx_platform;

#endif
