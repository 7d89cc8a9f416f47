// SPDX-License-Identifier: MIT
/* Shared by the virtio-blk cases: the devices opened once, the pattern, waiting in the loop. */
#include <abi/errno.h>
#include <libos/loop.h>
#include <libos/test.h>
#include <stdio.h>
#include <string.h>

#include "../common/irq_setup.h"
#include "blk_test.h"

#define BLK_DEVICE_MAX 2u
#define BLK_WAIT_NS 10000000000ull /* 10 s: QEMU's TCG on a busy host is slow */

static struct virtio_blk *blk_devs[BLK_DEVICE_MAX];
static bool blk_opened;

static void blk_line(char *line, uint64_t sector)
{
	char text[BLK_LINE_BYTES + 1];

	(void)snprintf(text, sizeof(text), "tessera sector %012lu ok.\n", (unsigned long)sector);
	memcpy(line, text, BLK_LINE_BYTES);
}

void blk_pattern_fill(uint8_t *buf, uint64_t first, uint32_t sectors)
{
	for (uint32_t s = 0; s < sectors; s++) {
		uint8_t *sector = buf + (size_t)s * VIRTIO_BLK_SECTOR_SIZE;

		blk_line((char *)sector, first + s);
		for (uint32_t i = 1; i < VIRTIO_BLK_SECTOR_SIZE / BLK_LINE_BYTES; i++) {
			memcpy(sector + i * BLK_LINE_BYTES, sector, BLK_LINE_BYTES);
		}
	}
}

bool blk_pattern_check(const uint8_t *buf, uint64_t first, uint32_t sectors)
{
	static uint8_t want[VIRTIO_BLK_SECTOR_SIZE];

	for (uint32_t s = 0; s < sectors; s++) {
		blk_pattern_fill(want, first + s, 1);
		if (memcmp(buf + (size_t)s * VIRTIO_BLK_SECTOR_SIZE, want, sizeof(want)) != 0) {
			test_context("sector %lu does not hold its pattern",
				     (unsigned long)(first + s));
			return false;
		}
	}
	return true;
}

/* Open every block transport of the DT, in order, once. */
static void blk_open_all(void)
{
	struct virtio_mmio_dev devs[BLK_DEVICE_MAX];
	int count = virtio_blk_find(devs, BLK_DEVICE_MAX);

	blk_opened = true;
	if (!CHECK_EQ(count, (int)BLK_DEVICE_MAX) || !irq_setup_boot()) {
		return;
	}
	for (int i = 0; i < count; i++) {
		test_context("opening the block device at %#lx", (unsigned long)devs[i].base);
		CHECK_EQ(virtio_blk_open(&devs[i], &blk_devs[i]), 0);
	}
	test_context(NULL);
}

struct virtio_blk *blk_device(unsigned int index)
{
	if (!blk_opened) {
		blk_open_all();
	}
	return index < BLK_DEVICE_MAX ? blk_devs[index] : NULL;
}

void blk_done(void *arg, int status)
{
	struct blk_result *r = arg;

	r->done = true;
	r->status = status;
	r->calls++;
}

bool blk_serve_until(bool (*cond)(void *), void *arg)
{
	return loop_serve_until(cond, arg, loop_deadline_ns(BLK_WAIT_NS)) == 1;
}

static bool blk_result_done(void *arg)
{
	const struct blk_result *r = arg;

	return r->done;
}

int blk_sync(struct virtio_blk *blk, struct virtio_blk_request *req, struct blk_result *r)
{
	int err;

	*r = (struct blk_result){ 0 };
	req->done = blk_done;
	req->arg = r;
	err = virtio_blk_submit(blk, req);
	if (err != 0) {
		return err;
	}
	if (!blk_serve_until(blk_result_done, r)) {
		return BLK_NEVER_COMPLETED;
	}
	return r->status;
}
