// SPDX-License-Identifier: MIT
/*
 * The read-write disk (vda): what it reports, many writes in flight at once
 * (more than the queue holds, so submissions are refused with -XEN_EAGAIN
 * until completions make room), a flush, the data read back, reads past
 * the end, requests the driver refuses, and a discard.
 */
#include <abi/errno.h>
#include <libos/test.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "blk_test.h"

#define WRITE_BUFS 8u /* 4 KiB buffers a write: 32 KiB, 10 descriptors */
#define READ_BUFS 4u  /* a read: 16 KiB, 6 descriptors */
#define BUF_BYTES 4096u
#define PATTERN_BYTES (BLK_PATTERN_SECTORS * VIRTIO_BLK_SECTOR_SIZE)
#define REQUEST_MAX (PATTERN_BYTES / (READ_BUFS * BUF_BYTES))

/** A batch of same-sized requests over the pattern area, and what became of them. */
struct batch {
	enum virtio_blk_op op;
	uint8_t *data;
	unsigned int bufs_each;
	unsigned int count;
	struct virtio_blk_buf bufs[REQUEST_MAX][WRITE_BUFS];
	struct blk_result results[REQUEST_MAX];
	unsigned int completed; /* results with done set */
	unsigned int eagain;    /* submissions refused for want of room */
	unsigned int most_in_flight;
};

static struct batch batch;

static void batch_done(void *arg, int status)
{
	blk_done(arg, status);
	batch.completed++;
}

static bool batch_progressed(void *arg)
{
	const unsigned int *before = arg;

	return batch.completed != *before;
}

static bool batch_finished(void *unused)
{
	(void)unused;
	return batch.completed == batch.count;
}

static void batch_prepare(enum virtio_blk_op op, uint8_t *data, unsigned int bufs_each)
{
	memset(&batch, 0, sizeof(batch));
	batch.op = op;
	batch.data = data;
	batch.bufs_each = bufs_each;
	batch.count = PATTERN_BYTES / (bufs_each * BUF_BYTES);
	for (unsigned int i = 0; i < batch.count; i++) {
		for (unsigned int b = 0; b < bufs_each; b++) {
			batch.bufs[i][b] = (struct virtio_blk_buf){
				.addr = data + ((size_t)i * bufs_each + b) * BUF_BYTES,
				.len = BUF_BYTES,
			};
		}
	}
}

/* Submit request i, running the loop while the queue is full. Returns the submit's error. */
static int batch_submit_one(struct virtio_blk *blk, unsigned int i)
{
	struct virtio_blk_request req = {
		.op = batch.op,
		.sector = BLK_PATTERN_FIRST +
			  (uint64_t)i * batch.bufs_each * BUF_BYTES / VIRTIO_BLK_SECTOR_SIZE,
		.bufs = batch.bufs[i],
		.buf_count = batch.bufs_each,
		.done = batch_done,
		.arg = &batch.results[i],
	};

	for (;;) {
		unsigned int before = batch.completed;
		int err = virtio_blk_submit(blk, &req);

		if (err != -XEN_EAGAIN) {
			return err;
		}
		batch.eagain++;
		/* Room comes back only with a completion: there must be one in flight. */
		if (virtio_blk_in_flight(blk) == 0 || !blk_serve_until(batch_progressed, &before)) {
			return -XEN_EAGAIN;
		}
	}
}

/* Submit the whole batch, then wait for it; each request completed once, with status 0. */
static bool batch_run(struct virtio_blk *blk)
{
	unsigned int i;

	for (i = 0; i < batch.count; i++) {
		test_context("request %u of %u", i + 1, batch.count);
		if (!CHECK_EQ(batch_submit_one(blk, i), 0)) {
			break;
		}
		if (virtio_blk_in_flight(blk) > batch.most_in_flight) {
			batch.most_in_flight = virtio_blk_in_flight(blk);
		}
	}
	batch.count = i;
	test_context("waiting for %u completions (%u so far)", batch.count, batch.completed);
	if (!CHECK(blk_serve_until(batch_finished, NULL))) {
		return false;
	}
	test_context(NULL);
	for (i = 0; i < batch.count; i++) {
		test_context("request %u of %u", i + 1, batch.count);
		if (!CHECK_EQ(batch.results[i].calls, 1) || !CHECK_EQ(batch.results[i].status, 0)) {
			return false;
		}
	}
	test_context(NULL);
	return batch.count == PATTERN_BYTES / (batch.bufs_each * BUF_BYTES);
}

TEST(virtio_blk, reports_the_disk)
{
	struct virtio_blk *vda = blk_device(0);
	const struct virtio_blk_info *info;

	REQUIRE(vda != NULL);
	info = virtio_blk_info(vda);
	CHECK_EQ(info->sectors, BLK_VDA_SECTORS);
	CHECK_EQ(info->logical_block_size, VIRTIO_BLK_SECTOR_SIZE);
	CHECK(info->physical_block_size >= info->logical_block_size);
	CHECK(!info->readonly);
	CHECK(info->flush);
	CHECK(info->max_bufs >= WRITE_BUFS);
	CHECK(info->max_buf_len >= BUF_BYTES);
	printf("virtio_blk: vda %lu sectors, blocks %u/%u, flush %d, discard %d (%u sectors, by "
	       "%u bytes), %u buffers a request\n",
	       (unsigned long)info->sectors, info->logical_block_size, info->physical_block_size,
	       info->flush, info->discard, info->max_discard_sectors,
	       info->discard_granularity_bytes, info->max_bufs);
}

TEST(virtio_blk, writes_in_flight_flushes_and_reads_back)
{
	struct virtio_blk *vda = blk_device(0);
	uint8_t *written = memalign(BUF_BYTES, PATTERN_BYTES);
	uint8_t *read = memalign(BUF_BYTES, PATTERN_BYTES);
	struct virtio_blk_request flush = { .op = VIRTIO_BLK_OP_FLUSH };
	struct virtio_blk_stats stats;
	struct blk_result r;
	unsigned int writes;
	unsigned int eagain;

	REQUIRE(vda != NULL);
	REQUIRE(written != NULL && read != NULL);
	blk_pattern_fill(written, BLK_PATTERN_FIRST, BLK_PATTERN_SECTORS);
	batch_prepare(VIRTIO_BLK_OP_WRITE, written, WRITE_BUFS);
	REQUIRE(batch_run(vda));
	/* More requests than the queue holds were out at once: some waited for room. */
	CHECK(batch.eagain > 0);
	CHECK(batch.most_in_flight > 1);
	writes = batch.count;
	eagain = batch.eagain;
	CHECK_EQ(blk_sync(vda, &flush, &r), 0);
	CHECK_EQ(r.calls, 1);

	memset(read, 0, PATTERN_BYTES);
	batch_prepare(VIRTIO_BLK_OP_READ, read, READ_BUFS);
	REQUIRE(batch_run(vda));
	CHECK(blk_pattern_check(read, BLK_PATTERN_FIRST, BLK_PATTERN_SECTORS));
	virtio_blk_get_stats(vda, &stats);
	CHECK_EQ(stats.completed, stats.submitted);
	CHECK_EQ(stats.bad_used + stats.bad_length + stats.bad_status + stats.ring_broken, 0);
	CHECK(stats.interrupts > 0);
	printf("virtio_blk: %u writes of %u KiB (%u refused for room first), flushed, %u reads "
	       "match\n",
	       writes, WRITE_BUFS * BUF_BYTES / 1024u, eagain, batch.count);
	free(written);
	free(read);
}

/* Read count sectors from sector into buf; returns the outcome. */
static int read_sectors(struct virtio_blk *blk, uint64_t sector, void *buf, uint32_t count)
{
	struct virtio_blk_buf b = { .addr = buf, .len = count * VIRTIO_BLK_SECTOR_SIZE };
	struct virtio_blk_request req = {
		.op = VIRTIO_BLK_OP_READ, .sector = sector, .bufs = &b, .buf_count = 1
	};
	struct blk_result r;
	int status = blk_sync(blk, &req, &r);

	CHECK(r.calls <= 1);
	return status;
}

TEST(virtio_blk, read_past_the_end_fails)
{
	static uint8_t buf[2 * VIRTIO_BLK_SECTOR_SIZE] __attribute__((aligned(64)));
	struct virtio_blk *vda = blk_device(0);

	REQUIRE(vda != NULL);
	CHECK_EQ(read_sectors(vda, BLK_VDA_SECTORS - 1u, buf, 1), 0);
	CHECK_EQ(read_sectors(vda, BLK_VDA_SECTORS, buf, 1), -XEN_EIO);
	CHECK_EQ(read_sectors(vda, BLK_VDA_SECTORS - 1u, buf, 2), -XEN_EIO);
	CHECK_EQ(read_sectors(vda, UINT64_MAX, buf, 1), -XEN_EIO);
	CHECK_EQ(virtio_blk_in_flight(vda), 0);
}

/* Submit req as it is (done = blk_done); it must be refused with want and done never called. */
static void refused(struct virtio_blk *blk, struct virtio_blk_request req, int want)
{
	struct blk_result r = { 0 };

	if (req.done != NULL) {
		req.done = blk_done;
	}
	req.arg = &r;
	CHECK_EQ(virtio_blk_submit(blk, &req), want);
	CHECK_EQ(r.calls, 0);
}

TEST(virtio_blk, malformed_requests_are_refused)
{
	static uint8_t buf[BUF_BYTES] __attribute__((aligned(BUF_BYTES)));
	struct virtio_blk *vda = blk_device(0);
	struct virtio_blk_buf one = { .addr = buf, .len = BUF_BYTES };
	struct virtio_blk_buf many[257];
	struct virtio_blk_request read = {
		.op = VIRTIO_BLK_OP_READ, .bufs = &one, .buf_count = 1, .done = blk_done
	};
	struct virtio_blk_request req;
	struct virtio_blk_buf bad;

	REQUIRE(vda != NULL);
	for (unsigned int i = 0; i < 257; i++) {
		many[i] = (struct virtio_blk_buf){ .addr = buf, .len = VIRTIO_BLK_SECTOR_SIZE };
	}
	req = read, req.buf_count = 0;
	refused(vda, req, -XEN_EINVAL);
	req = read, req.bufs = many, req.buf_count = virtio_blk_info(vda)->max_bufs + 1u;
	refused(vda, req, -XEN_EINVAL);
	req = read, req.bufs = NULL;
	refused(vda, req, -XEN_EINVAL);
	req = read, req.done = NULL;
	refused(vda, req, -XEN_EINVAL);
	req = read, req.op = (enum virtio_blk_op)99;
	refused(vda, req, -XEN_EINVAL);
	/* Not whole sectors; empty; outside RAM (the GIC, the physmap window, the top of memory).
	 */
	bad = (struct virtio_blk_buf){ .addr = buf, .len = 100 };
	req = read, req.bufs = &bad;
	refused(vda, req, -XEN_EINVAL);
	bad = (struct virtio_blk_buf){ .addr = buf, .len = 0 };
	refused(vda, req, -XEN_EINVAL);
	bad = (struct virtio_blk_buf){ .addr = (void *)0x08000000, .len = BUF_BYTES };
	refused(vda, req, -XEN_EINVAL);
	bad = (struct virtio_blk_buf){ .addr = (void *)0xF0000000, .len = BUF_BYTES };
	refused(vda, req, -XEN_EINVAL);
	bad = (struct virtio_blk_buf){ .addr = (void *)(UINTPTR_MAX - 511u), .len = BUF_BYTES };
	refused(vda, req, -XEN_EINVAL);
	CHECK_EQ(virtio_blk_in_flight(vda), 0);
}

TEST(virtio_blk, discard)
{
	struct virtio_blk *vda = blk_device(0);
	const struct virtio_blk_info *info;
	struct virtio_blk_request req = { .op = VIRTIO_BLK_OP_DISCARD };
	struct blk_result r;
	uint32_t granule;

	REQUIRE(vda != NULL);
	info = virtio_blk_info(vda);
	REQUIRE(info->discard);
	granule = info->discard_granularity_bytes / VIRTIO_BLK_SECTOR_SIZE;
	REQUIRE(granule >= 1 && granule <= 256);
	/* Past the pattern: sectors the host check does not look at. */
	req.sector = BLK_VDA_SECTORS - 512u;
	req.discard_sectors = 256u / granule * granule;
	CHECK_EQ(blk_sync(vda, &req, &r), 0);
	CHECK_EQ(r.calls, 1);
	req.discard_sectors = 0;
	refused(vda, req, -XEN_EINVAL);
	if (info->max_discard_sectors < UINT32_MAX) {
		req.discard_sectors = info->max_discard_sectors + 1u;
		refused(vda, req, -XEN_EINVAL);
	}
}
