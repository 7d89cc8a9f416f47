/* SPDX-License-Identifier: MIT */
/* The uplink: the switch port that puts frames on, and takes them off, one virtio-net device. */
#ifndef NETBACK_UPLINK_H
#define NETBACK_UPLINK_H

#include "net_frame.h"
#include "net_switch.h"
#include <libos/virtio_net.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * Receive: each frame the device gives (uplink_receive, the driver's
 * receive callback) is copied into a net_frame of its own, with no flags
 * (the driver takes no receive offloads: checksums are filled in, frames
 * are whole), and queued for the switch to pull; at most
 * UPLINK_RX_QUEUE_MAX wait, frames beyond are dropped and counted.
 *
 * Transmit: a frame pushed by the switch is sent as it is if the device
 * took on its offloads: a blank checksum becomes NEEDS_CSUM with its
 * place, a GSO frame gets its type, segment size and header length.
 * Otherwise the uplink does the work (net_csum.h): it fills the checksum
 * in (on a copy if the frame is shared) or cuts the GSO frame into
 * segments. Each frame keeps its reference until the device is done with
 * it. Frames the device has no room for wait in a backlog of
 * UPLINK_TX_BACKLOG_MAX, sent as completions make room; a push beyond it
 * is refused. A frame that cannot be sent as it says (a bad checksum place,
 * too long without GSO, GSO segments over the MTU or more than
 * UPLINK_GSO_SEGS_MAX) is dropped and counted.
 *
 * The device is reached through ops, so the uplink builds and is tested on
 * the host; main.c binds them to virtio_net.h and the switch.
 *
 * Locking: none. Thread context, one call at a time (the library OS's
 * loop): the driver's callbacks and the switch's port ops both run there.
 */

/** Received frames waiting for the switch. */
#define UPLINK_RX_QUEUE_MAX 256u
/** Frames (or segments) waiting for room in the device. */
#define UPLINK_TX_BACKLOG_MAX 256u
/** Frames the device may hold at once (its transmit queue holds no more). */
#define UPLINK_TX_IN_FLIGHT_MAX 256u
/** Segments one GSO frame may be cut into, here or by the device: 64 KiB at a segment size of
 *  536 (IPv4's least MSS) and more; a frame that would take more is dropped and counted. */
#define UPLINK_GSO_SEGS_MAX 128u

/** What the uplink needs of its host (main.c; a fake device in the tests). */
struct uplink_ops {
	/** Send a frame (virtio_net_submit): 0, then done is called once; -XEN_EAGAIN: no room. */
	int (*submit)(void *arg, const struct virtio_net_tx *tx);
	/** The uplink has frames to pull (net_switch_ready on its port). */
	void (*ready)(void *arg);
	/** One log line (printf format, no newline). */
	void (*log)(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
};

/** Which transmit offloads the device took on (virtio_net_info). */
struct uplink_offloads {
	bool csum; /* NEEDS_CSUM */
	bool tso4; /* GSO_TCPV4 */
	bool tso6; /* GSO_TCPV6 */
};

/** What the uplink counted. */
struct uplink_stats {
	uint64_t rx_frames;      /* received and queued for the switch */
	uint64_t rx_full_drops;  /* received while UPLINK_RX_QUEUE_MAX waited */
	uint64_t rx_nomem_drops; /* received with no memory for a frame */
	uint64_t tx_frames;      /* frames (software segments each) handed to the device */
	uint64_t tx_done;        /* of those, done (any status) */
	uint64_t tx_errors;      /* done with an error, or refused by the device */
	uint64_t tx_full;        /* pushes refused: the backlog was full */
	uint64_t tx_bad;         /* frames dropped: not sendable as their metadata says */
	uint64_t tx_csum_filled; /* checksums filled in here */
	uint64_t tx_segmented;   /* GSO frames cut into segments here */
};

struct uplink;

/** The switch port ops; their arg is the struct uplink. */
extern const struct net_port_ops uplink_port_ops;

/** An uplink with nothing attached (pushes refused until uplink_attach); NULL if out of memory.
 *  ops and arg are kept and must outlive it. */
struct uplink *uplink_create(const struct uplink_ops *ops, void *arg);

/** The device is open: frames may go out, with the offloads it took on. */
void uplink_attach(struct uplink *u, const struct uplink_offloads *offloads);

/** A virtio_net_rx_fn (arg is the struct uplink): copy and queue one received frame. */
void uplink_receive(void *arg, const uint8_t *frame, uint32_t len);

/** A copy of the counts. */
void uplink_get_stats(const struct uplink *u, struct uplink_stats *out);

/** Frames waiting for the switch, for room in the device, and in the device. */
unsigned int uplink_rx_queued(const struct uplink *u);
unsigned int uplink_tx_backlog(const struct uplink *u);
unsigned int uplink_tx_in_flight(const struct uplink *u);

/** Free u and every frame it holds. The device must be closed first (every done called) and
 *  the port removed from the switch. */
void uplink_destroy(struct uplink *u);

#endif
