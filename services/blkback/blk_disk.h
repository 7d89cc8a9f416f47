/* SPDX-License-Identifier: MIT */
/* The disks blkback serves from, as the request engine sees them (main.c implements them). */
#ifndef BLKBACK_BLK_DISK_H
#define BLKBACK_BLK_DISK_H

#include <stdbool.h>
#include <stdint.h>

/* What an I/O does. */
enum blk_disk_op { BLK_DISK_READ, BLK_DISK_WRITE, BLK_DISK_FLUSH, BLK_DISK_DISCARD };

/** A piece of an I/O's data: blkback's own memory (the device may reach it), or a frontend's
 *  page the device reaches in place. */
struct blk_disk_buf {
	void *addr;   /* blkback's memory; NULL when bus is set */
	uint32_t len; /* bytes, a multiple of 512 */
	uint64_t bus; /* non-zero: the data's device address (a persistent grant's page) */
};

/** Called once per submitted I/O, in thread context: 0, -XEN_EIO or -XEN_EOPNOTSUPP. */
typedef void (*blk_disk_done_fn)(void *arg, int status);

/** One I/O on one disk. */
struct blk_disk_io {
	enum blk_disk_op op;
	uint64_t sector;          /* absolute on the disk, 512-byte units */
	uint32_t discard_sectors; /* DISCARD only */
	const struct blk_disk_buf *bufs;
	unsigned int buf_count; /* READ/WRITE; copied by submit */
	blk_disk_done_fn done;
	void *arg;
};

/** What one disk can do (from virtio-blk's config). */
struct blk_disk_info {
	uint64_t sectors; /* 512-byte units */
	uint32_t logical_block_size, physical_block_size;
	bool readonly, flush, discard;
	uint32_t discard_granularity_bytes, max_discard_sectors, max_bufs;
};

/** The disks, given to the engine by main.c. */
struct blk_disks {
	unsigned int count;
	/** The disk's description (disk < count), valid while blkback runs. */
	const struct blk_disk_info *(*info)(unsigned int disk);
	/** Start io on disk; 0 (done is called later, exactly once), -XEN_EAGAIN (the device's
	 *  queue is full: try again after any done), or another error (done is not called). */
	int (*submit)(unsigned int disk, const struct blk_disk_io *io);
};

#endif
