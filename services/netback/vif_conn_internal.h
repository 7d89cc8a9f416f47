/* SPDX-License-Identifier: MIT */
/* What vif_conn.c (connections, queues), vif_tx.c and vif_rx.c (the two rings) share. */
#ifndef NETBACK_VIF_CONN_INTERNAL_H
#define NETBACK_VIF_CONN_INTERNAL_H

#include "net_frame.h"
#include "net_switch.h"
#include "netif_req.h"
#include "vif_conn.h"
#include <abi/event_channel.h>
#include <abi/grant_table.h>
#include <abi/netif.h>
#include <libos/ring.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * Locking: none. Everything here is reached from one thread of control
 * (net_platform.h); the only re-entry is the broken callback, which may
 * call vif_conn_stop from inside the engine: a connection is therefore
 * freed only when nothing of the engine is running on it (busy == 0).
 *
 * Transmit: a queue's tx turn takes whole frames off its ring (each slot
 * copied once, then checked: netif_req.h), copies their data into a frame
 * by grant copy, answers their slots and puts the frame on the queue's
 * tx_out, which the switch pulls from (vif_conn_pull, the queues in
 * turn). A full tx_out stops the queue taking frames until a pull makes
 * room (back pressure: the switch's fair turns reach the frontend).
 *
 * Receive: frames the switch pushes go to one queue's rx_in by a hash of
 * their flow; the queue's rx turn (raised by the push) copies them into
 * the pages the frontend posted, which it takes off the ring into
 * rx_posted first (copied once), since a frame may need several.
 */

/** Frames a queue takes off its tx ring a turn before it lets other queues run. */
#define VIF_TX_TURN_FRAMES 32u
/** Frames of a queue waiting for the switch to pull them. */
#define VIF_TX_OUT_MAX 64u
/** Frames a queue copies to its frontend a turn. */
#define VIF_RX_TURN_FRAMES 64u
/** Frames waiting for a queue's frontend to post pages; more are refused. */
#define VIF_RX_IN_MAX 256u
/** Bytes of frames waiting on all of a VIF's queues; more are refused. */
#define VIF_RX_IN_BYTES_MAX (4u * 1024u * 1024u)
/**
 * Segments a GSO frame is cut into for a frontend that does not take its GSO
 * type: 64 KiB of payload at an MSS of 1 KiB. A frame that would need more
 * (a tiny gso_size) is dropped rather than cost a segment per byte.
 */
#define VIF_RX_GSO_SEGS_MAX 64u
/** Lines of vif_conn_log a connection writes at most: a frontend cannot flood the log. */
#define VIF_CONN_LOGS_MAX 8u

/** Receive slots a frame of NET_FRAME_MAX bytes needs, and its extra. */
#define VIF_RX_SLOTS_MAX ((NET_FRAME_MAX + NETIF_PAGE_SIZE - 1u) / NETIF_PAGE_SIZE + 1u)

/** Copy ops one frame needs at most: each slot's data may span two of our pages. */
#define VIF_COPY_OPS_MAX \
	(2u * (NETIF_TX_SLOTS_MAX > VIF_RX_SLOTS_MAX ? NETIF_TX_SLOTS_MAX : VIF_RX_SLOTS_MAX))

/** A FIFO of frames (a ring of pointers; size a power of two). */
struct vif_fifo {
	struct net_frame **frames;
	uint32_t size; /* slots of frames[] */
	uint32_t head; /* the next to take */
	uint32_t count;
};

struct vif_queue {
	struct vif_conn *conn;
	unsigned int index;
	void *tx_va, *rx_va; /* the rings; NULL: not mapped */
	grant_handle_t tx_handle, rx_handle;
	struct ring_back tx, rx;
	evtchn_port_t tx_port, rx_port; /* equal when the frontend's channels are not split */
	bool tx_bound, rx_bound;
	bool tx_waiting;        /* stopped taking frames: tx_out was full */
	struct vif_fifo tx_out; /* frames for the switch */
	struct vif_fifo rx_in;  /* frames for the frontend */
	struct netif_rx_request rx_posted[NETIF_RX_RING_COUNT]; /* pages taken off the ring,
								   not yet filled (FIFO) */
	uint32_t posted_head, posted_count;
	struct gnttab_copy ops[VIF_COPY_OPS_MAX]; /* one frame's copy batch */
};

struct vif_conn {
	struct vif_conn_params p;
	vif_conn_broken_fn broken_fn;
	void *broken_arg;
	bool broken;           /* the frontend broke the protocol (logged) */
	bool broken_told;      /* broken_fn was called (by the outermost vif_conn_leave) */
	bool stopped;          /* vif_conn_stop was called */
	unsigned int busy;     /* engine calls running on it (see Locking) */
	unsigned int logs;     /* lines vif_conn_log has written */
	struct net_port *port; /* NULL once removed */
	struct net_port_stats last_stats; /* the port's counts when it was removed */
	unsigned int pull_next;           /* the queue the next pull looks at first */
	uint64_t rx_in_bytes;             /* bytes of frames on every queue's rx_in */
	uint64_t rx_unfit;                /* frames dropped: the frontend cannot take them */
	struct vif_queue queues[VIF_QUEUES_MAX];
};

/** Whether c serves no more: broken or stopped. */
static inline bool vif_conn_dead(const struct vif_conn *c)
{
	return c->broken || c->stopped;
}

/** End c because its frontend broke the protocol: log why once; broken is called when the
 *  outermost engine call on c returns, after its rings, ports and switch port were let go. */
void vif_conn_break(struct vif_conn *c, const char *why);

/** Log one line about c (not a protocol break), up to VIF_CONN_LOGS_MAX a connection. */
void vif_conn_log(struct vif_conn *c, const char *what);

/** Mark c busy (see Locking); vif_conn_leave may free it. */
void vif_conn_enter(struct vif_conn *c);
void vif_conn_leave(struct vif_conn *c);

/** The FIFO: allocate size (a power of two) slots; 0 or -XEN_ENOMEM. */
int vif_fifo_init(struct vif_fifo *q, uint32_t size);
/** Add f; false when full. */
bool vif_fifo_put(struct vif_fifo *q, struct net_frame *f);
/** The oldest frame, left in place; NULL when empty. */
struct net_frame *vif_fifo_peek(const struct vif_fifo *q);
/** Take the oldest frame, NULL when empty. */
struct net_frame *vif_fifo_take(struct vif_fifo *q);
/** Drop every frame and the slots. */
void vif_fifo_fini(struct vif_fifo *q);

/**
 * Fill ops for len bytes between the frontend's page ref (from their_offset
 * on) and our memory at ours, which may span two of our pages: one op per
 * page of ours. Returns the ops written (0 for len 0, at most 2; len is at
 * most a page).
 */
unsigned int vif_copy_span(struct gnttab_copy *ops, domid_t domid, grant_ref_t ref,
			   uint16_t their_offset, uint8_t *ours, uint32_t len, bool to_frontend);

/** The tx ring's event: take frames for a turn. */
void vif_tx_turn(struct vif_queue *q);

/** The switch pulls: the next frame of c's queues in turn, or NULL. */
struct net_frame *vif_tx_pull(struct vif_conn *c);

/** The switch pushes f (a reference passes): queued for a queue, or false (none kept). */
bool vif_rx_push(struct vif_conn *c, struct net_frame *f);

/** The rx ring's event: copy queued frames into posted pages for a turn. */
void vif_rx_turn(struct vif_queue *q);

#endif
