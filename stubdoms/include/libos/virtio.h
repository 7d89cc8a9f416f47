/* SPDX-License-Identifier: MIT */
/* Virtio 1.x for drivers: device status, feature bits and the split virtqueue. */
#ifndef LIBOS_VIRTIO_H
#define LIBOS_VIRTIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Numbers from the virtio 1.x specification. Every field the device reads
 * or writes is little-endian, as this CPU is: no conversions.
 */

/* Device IDs (the transport's DeviceID register; 0 means no device). */
#define VIRTIO_ID_NET 1u
#define VIRTIO_ID_BLOCK 2u
#define VIRTIO_ID_CONSOLE 3u
#define VIRTIO_ID_ENTROPY 4u

/* Device status bits, set by the driver in this order as initialisation goes on. */
#define VIRTIO_STATUS_ACKNOWLEDGE 0x01u /* the driver has noticed the device */
#define VIRTIO_STATUS_DRIVER 0x02u      /* and knows how to drive it */
#define VIRTIO_STATUS_DRIVER_OK 0x04u   /* the driver is ready: the device may start */
#define VIRTIO_STATUS_FEATURES_OK 0x08u /* feature negotiation is over */
#define VIRTIO_STATUS_NEEDS_RESET 0x40u /* set by the device: it has hit an error */
#define VIRTIO_STATUS_FAILED 0x80u      /* the driver gave up on the device */

/* Feature bits common to all devices (device-specific ones are 0-23). */
#define VIRTIO_F_INDIRECT_DESC 28u
#define VIRTIO_F_EVENT_IDX 29u
#define VIRTIO_F_VERSION_1 32u /* a virtio 1.x device, not a legacy one */
#define VIRTIO_F_ACCESS_PLATFORM 33u
#define VIRTIO_F_RING_PACKED 34u
#define VIRTIO_FEATURE(bit) (1ull << (bit))

/*
 * A split virtqueue is three areas in driver memory that the device reaches
 * by DMA:
 *   descriptor table  16 bytes a buffer, 16-byte aligned: address, length,
 *                     flags and the index of the next descriptor of a chain
 *   available ring    2-byte aligned: flags, idx, then one descriptor chain
 *                     head a slot; written by the driver only
 *   used ring         4-byte aligned: flags, idx, then (head, bytes written)
 *                     a slot; written by the device only
 * idx fields run freely over 16 bits; slot = idx % size, size a power of two.
 */
#define VIRTQ_DESC_F_NEXT 1u  /* the chain goes on at next */
#define VIRTQ_DESC_F_WRITE 2u /* the device writes this buffer (else reads it) */
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1u
#define VIRTQ_USED_F_NO_NOTIFY 1u /* set by the device: it will look at the queue without one */
#define VIRTQ_SIZE_MAX 256u       /* the largest queue this library sets up */

struct virtq_desc {
	uint64_t addr; /* the buffer, as the device addresses it */
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};
_Static_assert(sizeof(struct virtq_desc) == 16, "virtq_desc layout");

struct virtq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[]; /* size entries, then used_event (unused without EVENT_IDX) */
};

struct virtq_used_elem {
	uint32_t id;  /* head of the chain the device is done with */
	uint32_t len; /* bytes it wrote into the chain's device-writable buffers */
};
_Static_assert(sizeof(struct virtq_used_elem) == 8, "virtq_used_elem layout");

struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[]; /* size entries, then avail_event */
};

/** One buffer of a request: device-readable, or device-writable when device_writes is set. */
struct virtq_buf {
	void *addr;
	uint32_t len;
	bool device_writes;
	uint64_t bus; /* non-zero: the device's address of the data, which is not at addr in
		       * this domain's RAM (a page granted to it, see gnttab_map_page_dma) */
};

/*
 * Driver state of one split virtqueue. The shared areas are only written
 * (descriptors, available ring) or only read (used ring) through this state;
 * what the driver needs to trust, chain links and lengths, it keeps in its
 * own arrays, so a device scribbling over the shared areas cannot lead it
 * astray.
 */
struct virtq {
	uint16_t size;
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	volatile struct virtq_used *used;
	uint64_t dma_offset; /* added to a CPU address to get the device's (mod 2^64) */
	uint16_t avail_idx;  /* the next available-ring index to publish */
	uint16_t used_idx;   /* the next used-ring index to consume */
	uint16_t free_head;  /* first free descriptor, chained through next_free */
	uint16_t free_count;
	uint16_t next_free[VIRTQ_SIZE_MAX];
	uint16_t chain_count[VIRTQ_SIZE_MAX];    /* descriptors in the chain headed here; 0: free */
	uint32_t chain_writable[VIRTQ_SIZE_MAX]; /* device-writable bytes in that chain */
};

/** Bytes a split virtqueue of size entries needs (desc, avail and used areas, aligned). */
size_t virtq_area_size(uint16_t size);

/**
 * Lay out a queue of size entries (a power of two, at most VIRTQ_SIZE_MAX)
 * in area (16-byte aligned, virtq_area_size(size) bytes, zeroed here), all
 * descriptors free. dma_offset: what to add to a CPU address to get the
 * address the device uses for it (0 when they are the same).
 * Returns 0 or -EINVAL.
 */
int virtq_init(struct virtq *vq, void *area, size_t area_size, uint16_t size, uint64_t dma_offset);

/** The device-side addresses of the three areas, for the transport. */
uint64_t virtq_desc_addr(const struct virtq *vq);
uint64_t virtq_avail_addr(const struct virtq *vq);
uint64_t virtq_used_addr(const struct virtq *vq);

/**
 * Chain count buffers (device-readable ones first, as the specification
 * asks) and make the chain available to the device. The caller then
 * notifies the device through its transport. Returns the chain's head
 * (what the used ring will name), -EINVAL for an empty request or a
 * writable buffer before a readable one, -ENOSPC if too few descriptors are
 * free.
 */
int virtq_add(struct virtq *vq, const struct virtq_buf *bufs, unsigned int count);

/**
 * Whether the device wants to be notified of the chains virtq_add made
 * available: false while it says it is already going to look at the queue
 * (VIRTQ_USED_F_NO_NOTIFY, read after the available index is out). A
 * notification costs the device's transport a trap, so a driver adding
 * several chains asks once, after the last.
 */
bool virtq_notify_wanted(const struct virtq *vq);

/** Whether the device has returned a chain not yet taken with virtq_get_used. */
bool virtq_has_used(const struct virtq *vq);

/**
 * Take the next chain the device has returned and free its descriptors.
 * Returns its head and sets *len to the bytes the device says it wrote;
 * -EAGAIN when there is none; -EIO when the device's used ring makes no
 * sense (more entries than the queue holds, a head that is not in flight,
 * a length beyond the chain's writable bytes): the queue is then unusable.
 */
int virtq_get_used(struct virtq *vq, uint32_t *len);

/**
 * Take the next chain the device has returned, consuming an entry that
 * makes no sense rather than leaving it in place, so one bad entry does not
 * stall a queue that is otherwise fine. Returns 0 with *head and *len (the
 * bytes the device says it wrote) for a proper entry; -EAGAIN when there is
 * none; -ENOENT for an entry naming a head that is not in flight (dropped:
 * nothing was freed); -EMSGSIZE for an entry naming chain *head with a
 * length beyond its writable bytes (the chain is freed: the caller fails
 * its request); -EIO when the used index ran ahead of the chains that are
 * out (nothing consumed: the queue is unusable, reset the device).
 */
int virtq_next_used(struct virtq *vq, uint16_t *head, uint32_t *len);

#endif
