// SPDX-License-Identifier: MIT
/* The uplink port: received frames queued for the switch, pushed ones sent, offloaded or not. */
#include "uplink.h"
#include "net_csum.h"
#include <abi/errno.h>
#include <stdlib.h>
#include <string.h>

/*
 * Locking: none (uplink.h). Frames in the receive queue and the backlog
 * hold one reference each, which passes to the switch (pull) or to a
 * transmit slot (sent); a slot's reference is dropped when the device is
 * done with the frame.
 */

#define UPLINK_ETH_HLEN 14u
#define UPLINK_TCP_HLEN_MIN 20u
#define UPLINK_NO_SLOT 0xffffu

/** A frame ready to go, its header made, waiting for room in the device. */
struct uplink_pending {
	struct net_frame *f;
	struct virtio_net_hdr hdr;
};

/** A frame the device holds; f is NULL for a free slot. */
struct uplink_slot {
	struct uplink *u;
	struct net_frame *f;
	uint16_t next_free;
};

struct uplink {
	const struct uplink_ops *ops;
	void *arg;
	bool attached;
	struct uplink_offloads offloads;
	struct uplink_stats stats;
	struct net_frame *rx[UPLINK_RX_QUEUE_MAX]; /* a ring from rx_head, rx_count long */
	unsigned int rx_head;
	unsigned int rx_count;
	struct uplink_pending backlog[UPLINK_TX_BACKLOG_MAX]; /* a ring likewise */
	unsigned int tx_head;
	unsigned int tx_count;
	struct uplink_slot slots[UPLINK_TX_IN_FLIGHT_MAX];
	uint16_t free_slot;
	unsigned int in_flight;
};

/* A count that logs at 1, 2, 4, 8...: a device or peer that keeps misbehaving cannot flood. */
static bool uplink_count_and_tell(uint64_t *count)
{
	(*count)++;
	return (*count & (*count - 1u)) == 0;
}

struct uplink *uplink_create(const struct uplink_ops *ops, void *arg)
{
	struct uplink *u = calloc(1, sizeof(*u));

	if (u == NULL) {
		return NULL;
	}
	u->ops = ops;
	u->arg = arg;
	for (uint16_t i = 0; i < UPLINK_TX_IN_FLIGHT_MAX; i++) {
		u->slots[i] = (struct uplink_slot){ .u = u, .next_free = (uint16_t)(i + 1u) };
	}
	u->slots[UPLINK_TX_IN_FLIGHT_MAX - 1u].next_free = UPLINK_NO_SLOT;
	u->free_slot = 0;
	return u;
}

void uplink_attach(struct uplink *u, const struct uplink_offloads *offloads)
{
	u->offloads = *offloads;
	/* Segmentation offloads need the checksum one (virtio's rule): without it, none. */
	u->offloads.tso4 = offloads->csum && offloads->tso4;
	u->offloads.tso6 = offloads->csum && offloads->tso6;
	u->attached = true;
}

/* --- receive --- */

void uplink_receive(void *arg, const uint8_t *frame, uint32_t len)
{
	struct uplink *u = arg;
	struct net_frame *f;

	if (len < UPLINK_ETH_HLEN || len > NET_FRAME_MTU_MAX) {
		return; /* the driver gives none such; nothing to count it against */
	}
	if (u->rx_count == UPLINK_RX_QUEUE_MAX) {
		u->stats.rx_full_drops++;
		return;
	}
	f = net_frame_alloc(len);
	if (f == NULL) {
		if (uplink_count_and_tell(&u->stats.rx_nomem_drops)) {
			u->ops->log("uplink: no memory for received frames (%llu dropped)",
				    (unsigned long long)u->stats.rx_nomem_drops);
		}
		return;
	}
	memcpy(f->data, frame, len);
	u->rx[(u->rx_head + u->rx_count) % UPLINK_RX_QUEUE_MAX] = f;
	u->rx_count++;
	u->stats.rx_frames++;
	/* The switch asks again after an empty pull only once told. */
	if (u->rx_count == 1u) {
		u->ops->ready(u->arg);
	}
}

static struct net_frame *uplink_pull(void *arg)
{
	struct uplink *u = arg;
	struct net_frame *f;

	if (u->rx_count == 0) {
		return NULL;
	}
	f = u->rx[u->rx_head];
	u->rx[u->rx_head] = NULL;
	u->rx_head = (u->rx_head + 1u) % UPLINK_RX_QUEUE_MAX;
	u->rx_count--;
	return f;
}

/* --- transmit: to the device --- */

static void uplink_tx_done(void *arg, int status);

/* Hand the backlog's first frame to the device. 0, -XEN_EAGAIN (no room: it stays), or the
 * device refused it for good (dropped and counted). */
static int uplink_send_first(struct uplink *u)
{
	struct uplink_pending *p = &u->backlog[u->tx_head];
	uint16_t slot = u->free_slot;
	struct virtio_net_buf buf = { .addr = p->f->data, .len = p->f->len };
	struct virtio_net_tx tx = {
		.hdr = p->hdr, .bufs = &buf, .buf_count = 1, .done = uplink_tx_done
	};
	int err;

	if (slot == UPLINK_NO_SLOT) {
		return -XEN_EAGAIN;
	}
	tx.arg = &u->slots[slot];
	err = u->ops->submit(u->arg, &tx);
	if (err == -XEN_EAGAIN) {
		return err;
	}
	if (err == 0) {
		u->free_slot = u->slots[slot].next_free;
		u->slots[slot].f = p->f;
		u->in_flight++;
		u->stats.tx_frames++;
	} else {
		if (uplink_count_and_tell(&u->stats.tx_errors)) {
			u->ops->log(
				"uplink: the device refused a frame of %u bytes (%d; %llu so far)",
				(unsigned)p->f->len, err, (unsigned long long)u->stats.tx_errors);
		}
		net_frame_put(p->f);
	}
	p->f = NULL;
	u->tx_head = (u->tx_head + 1u) % UPLINK_TX_BACKLOG_MAX;
	u->tx_count--;
	return err;
}

/* Send from the backlog until it is empty or the device has no room. */
static void uplink_pump(struct uplink *u)
{
	while (u->tx_count > 0 && uplink_send_first(u) != -XEN_EAGAIN) {
	}
}

/* The device is done with a slot's frame: let it go, and send what waits. */
static void uplink_tx_done(void *arg, int status)
{
	struct uplink_slot *s = arg;
	struct uplink *u = s->u;

	net_frame_put(s->f);
	s->f = NULL;
	s->next_free = u->free_slot;
	u->free_slot = (uint16_t)(s - u->slots);
	u->in_flight--;
	u->stats.tx_done++;
	if (status != 0) {
		u->stats.tx_errors++;
	}
	uplink_pump(u);
}

/* Queue f (its reference passes) with hdr behind what waits; the caller checked for room. */
static void uplink_enqueue(struct uplink *u, struct net_frame *f, const struct virtio_net_hdr *hdr)
{
	struct uplink_pending *p = &u->backlog[(u->tx_head + u->tx_count) % UPLINK_TX_BACKLOG_MAX];

	p->f = f;
	p->hdr = *hdr;
	u->tx_count++;
}

/* --- transmit: making frames fit the device --- */

static void uplink_bad(struct uplink *u, const struct net_frame *f, const char *why)
{
	if (uplink_count_and_tell(&u->stats.tx_bad)) {
		u->ops->log("uplink: dropped a frame of %u bytes: %s (%llu so far)",
			    (unsigned)f->len, why, (unsigned long long)u->stats.tx_bad);
	}
}

/* A frame of our own to write into: f itself when unshared, else a copy (f's reference goes). */
static struct net_frame *uplink_own(struct net_frame *f)
{
	struct net_frame *copy;

	if (f->refs == 1u) {
		return f;
	}
	copy = net_frame_alloc(f->len);
	if (copy != NULL) {
		copy->flags = f->flags;
		copy->gso_type = f->gso_type;
		copy->gso_size = f->gso_size;
		memcpy(copy->data, f->data, f->len);
	}
	net_frame_put(f);
	return copy;
}

/* A frame of at most the MTU: its checksum to the device (NEEDS_CSUM) or filled in here. 0 with
 * *fp (the frame to send, maybe a copy) and *hdr; -XEN_EINVAL after dropping it. */
static int uplink_prepare_one(struct uplink *u, struct net_frame **fp, struct virtio_net_hdr *hdr)
{
	struct net_frame *f = *fp;
	uint16_t start, offset;

	*hdr = (struct virtio_net_hdr){ 0 };
	if (f->len > NET_FRAME_MTU_MAX) {
		uplink_bad(u, f, "longer than the MTU without GSO");
		return -XEN_EINVAL;
	}
	if ((f->flags & NET_FRAME_CSUM_BLANK) == 0) {
		return 0;
	}
	if (u->offloads.csum) {
		if (net_csum_offsets(f, &start, &offset) != 0) {
			uplink_bad(u, f, "no checksum place");
			return -XEN_EINVAL;
		}
		hdr->flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
		hdr->csum_start = start;
		hdr->csum_offset = offset;
		return 0;
	}
	*fp = uplink_own(f);
	if (*fp == NULL) {
		u->stats.tx_bad++; /* no memory for the copy to fill in */
		return -XEN_ENOMEM;
	}
	if (net_csum_fill(*fp) != 0) {
		uplink_bad(u, *fp, "its checksum cannot be filled in");
		return -XEN_EINVAL;
	}
	u->stats.tx_csum_filled++;
	return 0;
}

/* Send f (its reference passes) if it can go as it is, else drop it. */
static void uplink_send_one(struct uplink *u, struct net_frame *f)
{
	struct virtio_net_hdr hdr;
	int err = uplink_prepare_one(u, &f, &hdr);

	if (err != 0) {
		net_frame_put(f);
		return;
	}
	uplink_enqueue(u, f, &hdr);
}

/* The virtio header of a GSO frame the device segments: checksum place, type, sizes. */
static int uplink_gso_header(const struct net_frame *f, struct virtio_net_hdr *hdr)
{
	uint16_t start, offset;
	uint32_t tcp_hlen;

	if (net_csum_offsets(f, &start, &offset) != 0 || (uint32_t)start + 13u > f->len ||
	    f->gso_size == 0) {
		return -XEN_EINVAL;
	}
	/* The TCP header's data offset (high nibble of byte 12): its length in 32-bit words. */
	tcp_hlen = (uint32_t)(f->data[start + 12u] >> 4) * 4u;
	if (tcp_hlen < UPLINK_TCP_HLEN_MIN || start + tcp_hlen > f->len) {
		return -XEN_EINVAL;
	}
	*hdr = (struct virtio_net_hdr){
		.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM,
		.gso_type = f->gso_type == NET_GSO_TCPV4 ? VIRTIO_NET_HDR_GSO_TCPV4
							 : VIRTIO_NET_HDR_GSO_TCPV6,
		.hdr_len = (uint16_t)(start + tcp_hlen),
		.gso_size = f->gso_size,
		.csum_start = start,
		.csum_offset = offset,
	};
	return 0;
}

/*
 * Whether the device's segments of f would be what a cut here may make: each
 * within the MTU, and at most UPLINK_GSO_SEGS_MAX of them. The segment size
 * is the guest's: a tiny one would have the device send thousands of frames,
 * mostly headers, for one frame the rate limit counted once.
 */
static bool uplink_gso_bounded(const struct net_frame *f, const struct virtio_net_hdr *hdr)
{
	uint32_t payload = f->len - hdr->hdr_len;

	return (uint32_t)hdr->hdr_len + hdr->gso_size <= NET_FRAME_MTU_MAX &&
	       (payload + hdr->gso_size - 1u) / hdr->gso_size <= UPLINK_GSO_SEGS_MAX;
}

static bool uplink_device_segments(const struct uplink *u, const struct net_frame *f)
{
	return (f->gso_type == NET_GSO_TCPV4 && u->offloads.tso4) ||
	       (f->gso_type == NET_GSO_TCPV6 && u->offloads.tso6);
}

/* Cut f into segments here and queue each; false (f kept by the caller) if they do not fit. */
static bool uplink_segment(struct uplink *u, struct net_frame *f)
{
	struct net_frame *segs[UPLINK_GSO_SEGS_MAX];
	unsigned int room = UPLINK_TX_BACKLOG_MAX - u->tx_count;
	unsigned int count = 0;
	int err = net_gso_segment(f, segs, UPLINK_GSO_SEGS_MAX, &count);

	if (err != 0) {
		uplink_bad(u, f,
			   err == -XEN_ENOMEM ? "no memory to segment it"
					      : "it cannot be segmented");
		net_frame_put(f);
		return true;
	}
	if (count > room) {
		for (unsigned int i = 0; i < count; i++) {
			net_frame_put(segs[i]);
		}
		return false;
	}
	net_frame_put(f);
	u->stats.tx_segmented++;
	for (unsigned int i = 0; i < count; i++) {
		uplink_send_one(u, segs[i]);
	}
	return true;
}

/* Queue a GSO frame for the device to segment, or segment it here. */
static bool uplink_push_gso(struct uplink *u, struct net_frame *f)
{
	struct virtio_net_hdr hdr;

	if (f->gso_type != NET_GSO_TCPV4 && f->gso_type != NET_GSO_TCPV6) {
		uplink_bad(u, f, "unknown GSO type");
		net_frame_put(f);
		return true;
	}
	if (!uplink_device_segments(u, f)) {
		return uplink_segment(u, f);
	}
	if (uplink_gso_header(f, &hdr) != 0) {
		uplink_bad(u, f, "GSO headers out of place");
		net_frame_put(f);
		return true;
	}
	if (!uplink_gso_bounded(f, &hdr)) {
		uplink_bad(u, f, "its GSO segments would be over the MTU or too many");
		net_frame_put(f);
		return true;
	}
	uplink_enqueue(u, f, &hdr);
	return true;
}

/*
 * The switch's push: take f (its reference) towards the device, or refuse
 * it (false: the reference stays the caller's) when the backlog is full or
 * no device is attached. A frame dropped as unsendable counts as taken.
 */
static bool uplink_push(void *arg, struct net_frame *f)
{
	struct uplink *u = arg;
	bool taken = true;

	if (!u->attached || u->tx_count == UPLINK_TX_BACKLOG_MAX) {
		u->stats.tx_full++;
		return false;
	}
	if (f->gso_type != NET_GSO_NONE) {
		taken = uplink_push_gso(u, f);
		if (!taken) {
			u->stats.tx_full++;
		}
	} else {
		uplink_send_one(u, f);
	}
	uplink_pump(u);
	return taken;
}

const struct net_port_ops uplink_port_ops = {
	.pull = uplink_pull,
	.push = uplink_push,
};

/* --- the rest --- */

void uplink_get_stats(const struct uplink *u, struct uplink_stats *out)
{
	*out = u->stats;
}

unsigned int uplink_rx_queued(const struct uplink *u)
{
	return u->rx_count;
}

unsigned int uplink_tx_backlog(const struct uplink *u)
{
	return u->tx_count;
}

unsigned int uplink_tx_in_flight(const struct uplink *u)
{
	return u->in_flight;
}

void uplink_destroy(struct uplink *u)
{
	while (u->rx_count > 0) {
		net_frame_put(uplink_pull(u));
	}
	for (unsigned int i = 0; i < u->tx_count; i++) {
		net_frame_put(u->backlog[(u->tx_head + i) % UPLINK_TX_BACKLOG_MAX].f);
	}
	for (unsigned int i = 0; i < UPLINK_TX_IN_FLIGHT_MAX; i++) {
		net_frame_put(u->slots[i].f);
	}
	free(u);
}
