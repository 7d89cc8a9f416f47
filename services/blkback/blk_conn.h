/* SPDX-License-Identifier: MIT */
/* One VBD's connection to its frontend: its rings, event channels and requests in flight. */
#ifndef BLKBACK_BLK_CONN_H
#define BLKBACK_BLK_CONN_H

#include "vbd.h"
#include <stdbool.h>
#include <stdint.h>

/*
 * The xenbus back end (backend.c) starts a connection once the frontend
 * has published its rings and ports, and stops it when either side leaves
 * Connected. In between, the engine serves each queue's ring: it takes
 * requests (copied out of the ring, then checked: blk_req.h), moves their
 * data between the frontend's granted pages and bounce pages of blkback's
 * own memory (grant copy, or memcpy through a persistent grant), submits
 * them to the disk (blk_disk.h) and answers each once the disk is done.
 *
 * A frontend that breaks the protocol ends its own connection: one log
 * line names the domain, the VBD and why, no response or request of it is
 * touched again, and broken is called. Other connections go on.
 *
 * All calls in thread context, one at a time (blk_platform.h).
 */

#define BLK_RING_PAGES_MAX 16 /* max-ring-page-order 4 */
#define BLK_QUEUES_MAX 4

/** Requests a queue takes per turn before it lets other queues run (then it raises itself). */
#define BLK_TURN_REQUESTS 32u

/** Bounce pages a queue may hold for requests in flight (2 MiB); more wait for some to free. */
#define BLK_QUEUE_BOUNCE_PAGES 512u

struct blk_conn_params {
	uint16_t frontend_id;
	struct vbd vbd;
	bool persistent;          /* the frontend said feature-persistent = 1 */
	unsigned int queue_count; /* 1..BLK_QUEUES_MAX */
	unsigned int ring_pages;  /* 1 << ring-page-order, 1..BLK_RING_PAGES_MAX */
	uint32_t ring_refs[BLK_QUEUES_MAX][BLK_RING_PAGES_MAX];
	uint32_t ports[BLK_QUEUES_MAX]; /* the frontend's event channel port of each queue */
	bool quiet; /* log nothing of this connection: its device has said all it may */
};

struct blk_conn;

/** Called (thread context) when the engine ended c itself because the frontend broke the
 *  protocol (it has logged one line why): C then moves the device to Closing/Closed and calls
 *  blk_conn_stop. */
typedef void (*blk_conn_broken_fn)(void *arg);

/** Map the rings, bind the ports, start serving. 0 or -XEN_E*; nothing left on failure.
 *  Logs one line saying why on failure. */
int blk_conn_start(const struct blk_conn_params *p, blk_conn_broken_fn broken, void *arg,
		   struct blk_conn **out);

/** Stop serving: no new request is taken, broken is not called again; the connection is freed
 *  (rings unmapped, ports closed, persistent grants unmapped) once every I/O in flight has
 *  completed. */
void blk_conn_stop(struct blk_conn *c);

#endif
