/* SPDX-License-Identifier: MIT */
/* What the virtio-blk test guest and the host's set-up and check scripts agree on. */
#ifndef TEST_GUESTS_VIRTIO_BLK_BLK_TEST_H
#define TEST_GUESTS_VIRTIO_BLK_BLK_TEST_H

#include <libos/virtio_blk.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * test/system/virtio_blk.setup makes two raw images: vda.img, 8 MiB of
 * zeros (read-write), and vdb.img, 1 MiB whose first BLK_RO_SECTORS sectors
 * hold the pattern for sectors 0.. (read-only, readonly=on). The guest
 * writes the pattern over vda's sectors BLK_PATTERN_FIRST ..
 * BLK_PATTERN_FIRST + BLK_PATTERN_SECTORS - 1; virtio_blk.check finds it
 * there and zeros around it, and vdb unchanged.
 *
 * The pattern of sector s: the 32-byte line "tessera sector %012u ok.\n"
 * sixteen times (so the host makes it with printf).
 */
#define BLK_VDA_SECTORS 16384u /* 8 MiB */
#define BLK_VDB_SECTORS 2048u  /* 1 MiB */
#define BLK_RO_SECTORS 8u
#define BLK_PATTERN_FIRST 2048u   /* 1 MiB in */
#define BLK_PATTERN_SECTORS 4096u /* 2 MiB */
#define BLK_LINE_BYTES 32u

/** Fill buf (a whole number of sectors) with the pattern of the sectors from first on. */
void blk_pattern_fill(uint8_t *buf, uint64_t first, uint32_t sectors);

/** Whether buf holds the pattern of sectors first.. (false at the first sector that does not). */
bool blk_pattern_check(const uint8_t *buf, uint64_t first, uint32_t sectors);

/** The opened block devices, in DT order (vda, vdb), or NULL; opened on the first call. */
struct virtio_blk *blk_device(unsigned int index);

/** One request's outcome, filled in by blk_done. */
struct blk_result {
	bool done;
	int status;
	unsigned int calls; /* done must be called exactly once */
};

/** A virtio_blk_done_fn for an arg that is a struct blk_result. */
void blk_done(void *arg, int status);

/**
 * Submit req (done = blk_done, arg = r) and run the loop until it
 * completes (bounded). Returns the submit's error, or the completion's
 * status; -XEN_ETIMEDOUT-like -1000 if it never completed.
 */
int blk_sync(struct virtio_blk *blk, struct virtio_blk_request *req, struct blk_result *r);

/** Run the loop until cond(arg) or the bound; returns whether cond held. */
bool blk_serve_until(bool (*cond)(void *), void *arg);

#define BLK_NEVER_COMPLETED (-1000)

#endif
