/* SPDX-License-Identifier: MIT */
/* A virtio-blk driver over virtio-mmio: one queue, asynchronous requests completed in the loop. */
#ifndef LIBOS_VIRTIO_BLK_H
#define LIBOS_VIRTIO_BLK_H

#include <libos/virtio_mmio.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * Numbers from the virtio 1.x specification, "Block Device".
 */

/* Feature bits. */
#define VIRTIO_BLK_F_SIZE_MAX 1u  /* size_max: the largest buffer of a request */
#define VIRTIO_BLK_F_SEG_MAX 2u   /* seg_max: the most data buffers a request */
#define VIRTIO_BLK_F_RO 5u        /* the device is read-only */
#define VIRTIO_BLK_F_BLK_SIZE 6u  /* blk_size: the logical block size */
#define VIRTIO_BLK_F_FLUSH 9u     /* VIRTIO_BLK_T_FLUSH works */
#define VIRTIO_BLK_F_TOPOLOGY 10u /* physical_block_exp and the rest of topology */
#define VIRTIO_BLK_F_DISCARD 13u  /* VIRTIO_BLK_T_DISCARD and its limits */

/* Request types (the header's type field). */
#define VIRTIO_BLK_T_IN 0u       /* read */
#define VIRTIO_BLK_T_OUT 1u      /* write */
#define VIRTIO_BLK_T_FLUSH 4u    /* make every completed write durable */
#define VIRTIO_BLK_T_DISCARD 11u /* the data of the segments' sectors may go */

/* The status byte the device writes last. */
#define VIRTIO_BLK_S_OK 0u
#define VIRTIO_BLK_S_IOERR 1u
#define VIRTIO_BLK_S_UNSUPP 2u

/* Sectors of the protocol are 512 bytes whatever the device's block size. */
#define VIRTIO_BLK_SECTOR_SIZE 512u

/*
 * The driver keeps one split virtqueue (queue 0) of up to VIRTQ_SIZE_MAX
 * descriptors. A request takes its header, its buffers (or one discard
 * segment) and its status byte, one descriptor each; the header, segment
 * and status byte are the driver's own, in its heap. The device is not
 * trusted: a used entry naming no request in flight is dropped and counted,
 * one with an impossible length fails its request with -XEN_EIO, and a
 * used index that runs ahead of the requests out resets the device and
 * fails every request in flight with -XEN_EIO (later submissions get
 * -XEN_EIO too).
 *
 * Completions run in thread context: the device's interrupt handler only
 * acknowledges and raises a loop source (loop.h); the loop's dispatch
 * takes the used entries and calls each request's done. The loop's
 * preconditions hold: gic_init, timer_init, IRQs unmasked on the boot vCPU,
 * which the device's SPI is routed to.
 *
 * Locking: none. A device is used from thread context on the boot vCPU.
 */

/** What a disk can do; field for field struct blk_disk_info, plus max_buf_len. */
struct virtio_blk_info {
	uint64_t sectors;             /* capacity in 512-byte sectors */
	uint32_t logical_block_size;  /* bytes: blk_size, or 512 */
	uint32_t physical_block_size; /* bytes: logical << physical_block_exp */
	bool readonly;                /* VIRTIO_BLK_F_RO: writes are refused */
	bool flush;                   /* VIRTIO_BLK_F_FLUSH: the device has a cache to flush */
	bool discard;                 /* VIRTIO_BLK_F_DISCARD */
	uint32_t discard_granularity_bytes; /* discard_sector_alignment in bytes (discard only) */
	uint32_t max_discard_sectors;       /* the most sectors one DISCARD may name */
	uint32_t max_bufs;                  /* the most buffers of one READ or WRITE */
	uint32_t max_buf_len; /* the longest buffer (size_max, at least 4096; else UINT32_MAX) */
};

enum virtio_blk_op {
	VIRTIO_BLK_OP_READ,
	VIRTIO_BLK_OP_WRITE,
	VIRTIO_BLK_OP_FLUSH,
	VIRTIO_BLK_OP_DISCARD,
};

/** A buffer of a READ or WRITE: in the domain's own RAM, as the device reaches nothing else. */
struct virtio_blk_buf {
	void *addr; /* in this domain's RAM, unless bus says where the device finds it */
	uint32_t len;
	uint64_t bus; /* non-zero: the data's device address (a granted page's, from
		       * gnttab_map_page_dma): the core vouched for it, so it is not checked */
};

/** Called once per request submitted with 0, in thread context: 0, -XEN_EIO or -XEN_EOPNOTSUPP. */
typedef void (*virtio_blk_done_fn)(void *arg, int status);

struct virtio_blk_request {
	enum virtio_blk_op op;
	uint64_t sector;                   /* first 512-byte sector (READ, WRITE, DISCARD) */
	uint32_t discard_sectors;          /* DISCARD: how many, 1..max_discard_sectors */
	const struct virtio_blk_buf *bufs; /* READ, WRITE: 1..max_bufs of them; copied by submit */
	unsigned int buf_count;
	virtio_blk_done_fn done;
	void *arg;
};

/** What the driver saw of the device; all counts since open. */
struct virtio_blk_stats {
	uint64_t submitted;   /* requests accepted by virtio_blk_submit */
	uint64_t completed;   /* done called (any status) */
	uint64_t interrupts;  /* interrupts taken */
	uint64_t bad_used;    /* used entries naming no request in flight: dropped */
	uint64_t bad_length;  /* used entries with an impossible length: failed with -XEN_EIO */
	uint64_t bad_status;  /* status bytes other than OK, IOERR, UNSUPP: failed with -XEN_EIO */
	uint64_t ring_broken; /* used index ran ahead: the device was reset */
};

struct virtio_blk;

/** The most virtio-mmio transports virtio_blk_find looks through. */
#define VIRTIO_BLK_FIND_MAX 32u

/**
 * The DT's virtio-mmio transports with a block device behind them, in DT
 * order (vda, vdb, ...), up to max of them into devs. The transports must
 * be mapped (given to the domain with tessera,devices). Returns how many,
 * -XEN_ENODEV without a DT, -XEN_EINVAL for a node virtio_mmio_find cannot
 * use.
 */
int virtio_blk_find(struct virtio_mmio_dev *devs, unsigned int max);

/**
 * Bring up the block device behind dev (a transport virtio_mmio_find
 * filled in; copied): reset, negotiate VERSION_1 and the features above,
 * read and check the configuration, set up queue 0 in the heap, install
 * the interrupt handler (routed to vCPU 0) and a loop source, DRIVER_OK.
 * Returns 0 and *out; -XEN_ENODEV if dev is not a block device or has no
 * SPI, -XEN_EFAULT if the DT does not say how the device reaches RAM,
 * -XEN_EOPNOTSUPP if it is not a virtio 1.x device, -XEN_EIO if it fails
 * initialisation or its configuration makes no sense (a block size that is
 * not a power of two from 512 to 64 KiB, size_max under 4096, seg_max 0),
 * -XEN_ENOMEM. On failure nothing is left (the device is marked FAILED).
 */
int virtio_blk_open(const struct virtio_mmio_dev *dev, struct virtio_blk **out);

/** The device's properties, read at open (a later capacity change is not followed). */
const struct virtio_blk_info *virtio_blk_info(const struct virtio_blk *blk);

/**
 * Start req. Returns 0: req->done(req->arg, status) is called exactly
 * once, later, from the loop. Otherwise done is not called: -XEN_EAGAIN
 * when the queue has no room now (try again after any completion);
 * -XEN_EINVAL for a malformed request (no or too many buffers, a buffer
 * empty, longer than max_buf_len or outside the domain's RAM, a total
 * length that is not a multiple of 512 bytes, a discard of 0 or more than
 * max_discard_sectors sectors, an unknown op, no done); -XEN_EACCES for a
 * write or discard on a read-only device; -XEN_EOPNOTSUPP for a flush or
 * discard the device does not offer; -XEN_EIO once the device has broken
 * the ring protocol. The device judges the sector range: a request past
 * the end completes with -XEN_EIO.
 */
int virtio_blk_submit(struct virtio_blk *blk, const struct virtio_blk_request *req);

/** Requests submitted and not yet completed. */
unsigned int virtio_blk_in_flight(const struct virtio_blk *blk);

/** A copy of the counts. */
void virtio_blk_get_stats(const struct virtio_blk *blk, struct virtio_blk_stats *out);

/**
 * Take the interrupt and the loop source away, complete what the device
 * has finished, reset it (it stops reaching memory), fail every request
 * still in flight with -XEN_EIO and free blk. Not from a done callback.
 */
void virtio_blk_close(struct virtio_blk *blk);

#endif
