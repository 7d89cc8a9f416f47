// SPDX-License-Identifier: MIT
/* The read-only disk (vdb, readonly=on): it says so, reads work, writes and discards are refused.
 */
#include <abi/errno.h>
#include <libos/test.h>
#include <stdio.h>
#include <string.h>

#include "blk_test.h"

TEST(virtio_blk, read_only_disk)
{
	static uint8_t buf[BLK_RO_SECTORS * VIRTIO_BLK_SECTOR_SIZE] __attribute__((aligned(4096)));
	struct virtio_blk *vdb = blk_device(1);
	const struct virtio_blk_info *info;
	struct virtio_blk_buf b = { .addr = buf, .len = sizeof(buf) };
	struct virtio_blk_request req = { .sector = 0, .bufs = &b, .buf_count = 1 };
	struct blk_result r = { 0 };

	REQUIRE(vdb != NULL);
	info = virtio_blk_info(vdb);
	CHECK(info->readonly);
	CHECK_EQ(info->sectors, BLK_VDB_SECTORS);

	req.op = VIRTIO_BLK_OP_READ;
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(blk_sync(vdb, &req, &r), 0);
	CHECK(blk_pattern_check(buf, 0, BLK_RO_SECTORS));

	/* A write of the wrong data would show on the host: vdb.img is checked unchanged. */
	memset(buf, 0xee, sizeof(buf));
	r = (struct blk_result){ 0 };
	req = (struct virtio_blk_request){
		.op = VIRTIO_BLK_OP_WRITE, .bufs = &b, .buf_count = 1, .done = blk_done, .arg = &r
	};
	CHECK_EQ(virtio_blk_submit(vdb, &req), -XEN_EACCES);
	req.op = VIRTIO_BLK_OP_DISCARD;
	req.discard_sectors = 8;
	CHECK_EQ(virtio_blk_submit(vdb, &req), -XEN_EACCES);
	CHECK_EQ(r.calls, 0);
	CHECK_EQ(virtio_blk_in_flight(vdb), 0);
	printf("virtio_blk: vdb read-only, %lu sectors, writes refused\n",
	       (unsigned long)info->sectors);
}
