/* SPDX-License-Identifier: MIT */
/* A virtio-net driver over virtio-mmio: a receive and a transmit queue, both served in the loop. */
#ifndef LIBOS_VIRTIO_NET_H
#define LIBOS_VIRTIO_NET_H

#include <libos/virtio_mmio.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * Numbers from the virtio 1.x specification, "Network Device".
 */

/* Feature bits. */
#define VIRTIO_NET_F_CSUM 0u       /* the device fills in checksums the driver leaves out */
#define VIRTIO_NET_F_GUEST_CSUM 1u /* the driver takes frames with a checksum left out */
#define VIRTIO_NET_F_MAC 5u        /* mac in the configuration space */
#define VIRTIO_NET_F_GUEST_TSO4 7u /* the driver takes TCPv4 frames above the MTU */
#define VIRTIO_NET_F_GUEST_TSO6 8u /* likewise TCPv6 */
#define VIRTIO_NET_F_HOST_TSO4 11u /* the device segments TCPv4 frames (needs CSUM) */
#define VIRTIO_NET_F_HOST_TSO6 12u /* likewise TCPv6 */
#define VIRTIO_NET_F_HOST_ECN 13u  /* the device segments frames with ECN set */
#define VIRTIO_NET_F_MRG_RXBUF 15u /* received frames may span several buffers */
#define VIRTIO_NET_F_STATUS 16u    /* status (link up) in the configuration space */

/* virtio_net_hdr flags. */
#define VIRTIO_NET_HDR_F_NEEDS_CSUM 1u /* sum from csum_start into csum_start + csum_offset */
#define VIRTIO_NET_HDR_F_DATA_VALID 2u /* receive only: the checksum was checked */

/* virtio_net_hdr gso_type values. */
#define VIRTIO_NET_HDR_GSO_NONE 0u
#define VIRTIO_NET_HDR_GSO_TCPV4 1u
#define VIRTIO_NET_HDR_GSO_UDP 3u
#define VIRTIO_NET_HDR_GSO_TCPV6 4u
#define VIRTIO_NET_HDR_GSO_ECN 0x80u

/* The status field's link bit (with VIRTIO_NET_F_STATUS). */
#define VIRTIO_NET_S_LINK_UP 1u

/** The longest frame without GSO: 1500 bytes of payload, a VLAN tag, the Ethernet header. */
#define VIRTIO_NET_FRAME_MAX 1518u
/** The longest GSO frame: a 64 KiB IP packet, a VLAN tag, the Ethernet header. */
#define VIRTIO_NET_GSO_FRAME_MAX (65535u + 18u)
/** The shortest frame: an Ethernet header. */
#define VIRTIO_NET_FRAME_MIN 14u
/** The most buffers one transmitted frame may have besides its header. */
#define VIRTIO_NET_TX_BUFS_MAX 18u

/**
 * The header before every frame either way (virtio 1.x layout: num_buffers
 * is always there, 12 bytes). On transmit the driver sets flags,
 * gso_type, hdr_len, gso_size, csum_start and csum_offset; num_buffers is 0.
 */
struct virtio_net_hdr {
	uint8_t flags;        /* VIRTIO_NET_HDR_F_* */
	uint8_t gso_type;     /* VIRTIO_NET_HDR_GSO_* */
	uint16_t hdr_len;     /* bytes of headers (Ethernet, IP, TCP) of a GSO frame */
	uint16_t gso_size;    /* payload bytes a segment of a GSO frame */
	uint16_t csum_start;  /* NEEDS_CSUM: where summing starts, from the Ethernet header */
	uint16_t csum_offset; /* NEEDS_CSUM: where the sum goes, from csum_start */
	uint16_t num_buffers; /* receive with MRG_RXBUF only: buffers of the frame */
};
_Static_assert(sizeof(struct virtio_net_hdr) == 12, "virtio_net_hdr layout");

/*
 * The driver keeps receive queue 0 full of buffers of its own (one
 * descriptor each: the header and up to VIRTIO_NET_FRAME_MAX bytes of
 * frame; no MRG_RXBUF, no guest offloads, so a frame arrives whole, its
 * checksums filled in) and builds each transmitted frame as a chain on
 * queue 1: its header (copied into the driver's memory), then the caller's
 * buffers. It offers the device's MAC, link status and transmit offloads
 * (CSUM, HOST_TSO4, HOST_TSO6) when the device has them, and says which it
 * got: a caller without them fills checksums in and segments frames itself.
 *
 * The device is not trusted: a used entry naming no chain in flight is
 * dropped and counted; a received frame shorter than an Ethernet header or
 * longer than VIRTIO_NET_FRAME_MAX is dropped, counted and its buffer
 * posted again; a transmit entry with an impossible length completes with
 * -XEN_EIO; a used index that runs ahead of the chains out resets the
 * device, fails every transmission in flight with -XEN_EIO and stops both
 * queues (later submissions get -XEN_EIO too).
 *
 * Completions and received frames are handled in thread context: the
 * interrupt handler only acknowledges and raises a loop source (loop.h);
 * the loop's dispatch takes the used entries of both queues. The loop's
 * preconditions hold: gic_init, timer_init, IRQs unmasked on the boot
 * vCPU, which the device's SPI is routed to.
 *
 * Locking: none. A device is used from thread context on the boot vCPU.
 */

/** What the device is and what it took on. */
struct virtio_net_info {
	uint8_t mac[6];       /* the device's (VIRTIO_NET_F_MAC), else one made from its address */
	bool mac_from_device; /* VIRTIO_NET_F_MAC */
	bool csum;            /* VIRTIO_NET_F_CSUM: NEEDS_CSUM may be set on transmit */
	bool tso4;            /* VIRTIO_NET_F_HOST_TSO4 (with CSUM): GSO_TCPV4 on transmit */
	bool tso6;            /* VIRTIO_NET_F_HOST_TSO6 (with CSUM): GSO_TCPV6 on transmit */
	bool status;          /* VIRTIO_NET_F_STATUS: link_up follows the device */
	unsigned int rx_buffers; /* receive buffers the device holds: the receive queue's size */
	unsigned int tx_slots;   /* transmit queue size: frames of one buffer in flight at most */
};

/** A buffer of a transmitted frame: in the domain's own RAM, as the device reaches nothing else. */
struct virtio_net_buf {
	const void *addr;
	uint32_t len;
};

/** Called once per frame submitted with 0, in thread context: 0 (sent) or -XEN_EIO. */
typedef void (*virtio_net_tx_done_fn)(void *arg, int status);

/**
 * Called in thread context for each frame received: len bytes from the
 * Ethernet header on (VIRTIO_NET_FRAME_MIN..VIRTIO_NET_FRAME_MAX), no FCS.
 * frame is the driver's buffer: valid during the call only (it is posted
 * to the device again after it returns). The callback may submit frames;
 * it must not close the device.
 */
typedef void (*virtio_net_rx_fn)(void *arg, const uint8_t *frame, uint32_t len);

/** One frame to send: its header and its bytes in 1..VIRTIO_NET_TX_BUFS_MAX buffers. */
struct virtio_net_tx {
	struct virtio_net_hdr hdr; /* copied by submit; num_buffers is ignored */
	const struct virtio_net_buf *bufs;
	unsigned int buf_count;
	virtio_net_tx_done_fn done;
	void *arg;
};

/** What the driver saw of the device; all counts since open. */
struct virtio_net_stats {
	uint64_t rx_frames; /* frames given to the receive callback */
	uint64_t rx_bytes;
	uint64_t tx_frames;       /* frames accepted by virtio_net_submit */
	uint64_t tx_done;         /* done called (any status) */
	uint64_t interrupts;      /* interrupts taken */
	uint64_t notifies;        /* queue notifications written to the device */
	uint64_t notifies_spared; /* not written: the device said it would look anyway */
	uint64_t bad_used;        /* used entries naming no chain in flight: dropped */
	uint64_t bad_length;      /* impossible lengths: frames dropped, transmissions failed */
	uint64_t ring_broken;     /* used index ran ahead: the device was reset */
};

struct virtio_net;

/** The most virtio-mmio transports virtio_net_find looks through. */
#define VIRTIO_NET_FIND_MAX 32u

/**
 * The DT's virtio-mmio transports with a network device behind them, in DT
 * order, up to max of them into devs. The transports must be mapped (given
 * to the domain with tessera,devices). Returns how many, -XEN_ENODEV
 * without a DT, -XEN_EINVAL for a node virtio_mmio_find cannot use.
 */
int virtio_net_find(struct virtio_mmio_dev *devs, unsigned int max);

/**
 * Bring up the network device behind dev (a transport virtio_mmio_find
 * filled in; copied): reset, negotiate VERSION_1 and the features above,
 * read and check the configuration, set up both queues in the heap and
 * fill the receive queue, install the interrupt handler (routed to vCPU 0)
 * and a loop source, DRIVER_OK. rx(rx_arg, ...) gets every frame received
 * from then on. Returns 0 and *out; -XEN_ENODEV if dev is not a network
 * device or has no SPI, -XEN_EFAULT if the DT does not say how the device
 * reaches RAM, -XEN_EOPNOTSUPP if it is not a virtio 1.x device, -XEN_EIO
 * if it fails initialisation, lacks a queue or gives a MAC that is
 * multicast or zero, -XEN_EINVAL for a NULL rx, -XEN_ENOMEM. On failure
 * nothing is left (the device is marked FAILED).
 */
int virtio_net_open(const struct virtio_mmio_dev *dev, virtio_net_rx_fn rx, void *rx_arg,
		    struct virtio_net **out);

/** What the device offers and took on, read at open. */
const struct virtio_net_info *virtio_net_info(const struct virtio_net *net);

/** Whether the link is up: the device's status bit, read again on each configuration change
 *  (always true without VIRTIO_NET_F_STATUS); false once the device broke the ring. */
bool virtio_net_link_up(const struct virtio_net *net);

/**
 * Send a frame. Returns 0: tx->done(tx->arg, status) is called exactly
 * once, later, from the loop, after which the device no longer reads the
 * buffers. Otherwise done is not called: -XEN_EAGAIN when the transmit
 * queue has no room now (try again after any completion); -XEN_EINVAL for
 * a malformed frame (no or too many buffers, a buffer empty or outside the
 * domain's RAM, a length under VIRTIO_NET_FRAME_MIN, over
 * VIRTIO_NET_FRAME_MAX without GSO or over VIRTIO_NET_GSO_FRAME_MAX with
 * it, a checksum place beyond the frame, unknown flags, no done);
 * -XEN_EOPNOTSUPP for NEEDS_CSUM or a GSO type the device did not take on;
 * -XEN_EIO once the device has broken the ring protocol.
 */
int virtio_net_submit(struct virtio_net *net, const struct virtio_net_tx *tx);

/** Frames submitted and not yet completed. */
unsigned int virtio_net_tx_in_flight(const struct virtio_net *net);

/** A copy of the counts. */
void virtio_net_get_stats(const struct virtio_net *net, struct virtio_net_stats *out);

/**
 * Take the interrupt and the loop source away, complete the transmissions
 * the device has finished, reset it (it stops reaching memory), fail every
 * one still in flight with -XEN_EIO and free net. Frames received meanwhile
 * are not delivered. Not from a callback of the driver.
 */
void virtio_net_close(struct virtio_net *net);

#endif
