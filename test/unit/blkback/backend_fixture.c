// SPDX-License-Identifier: MIT
/* Stand-ins for blkback's unit tests (fixture.h). */
#include <abi/errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "backend_fixture.h"

static int conn_error;
struct fake_conn fake_conns[FAKE_CONN_MAX];
unsigned int fake_conn_starts, fake_conn_stops;

void fake_reset(void)
{
	fake_store_reset();
	memset(fake_conns, 0, sizeof(fake_conns));
	fake_conn_starts = fake_conn_stops = 0;
	conn_error = 0;
}

/* The engine's connections. */

struct blk_conn {
	unsigned int index;
};

static struct blk_conn handles[FAKE_CONN_MAX];

void fake_conn_fail(int err)
{
	conn_error = err;
}

int blk_conn_start(const struct blk_conn_params *p, blk_conn_broken_fn broken, void *arg,
		   struct blk_conn **out)
{
	struct fake_conn *c;

	if (conn_error) {
		return conn_error;
	}
	assert_true(fake_conn_starts < FAKE_CONN_MAX);
	c = &fake_conns[fake_conn_starts];
	*c = (struct fake_conn){ .live = true, .params = *p, .broken = broken, .arg = arg };
	handles[fake_conn_starts].index = fake_conn_starts;
	*out = &handles[fake_conn_starts];
	fake_conn_starts++;
	return 0;
}

void blk_conn_stop(struct blk_conn *c)
{
	assert_true(c >= handles && c < handles + fake_conn_starts);
	assert_true(fake_conns[c->index].live); /* stopped once only */
	fake_conns[c->index].live = false;
	fake_conn_stops++;
}

unsigned int fake_conn_live(void)
{
	unsigned int count = 0;

	for (unsigned int i = 0; i < fake_conn_starts; i++) {
		count += fake_conns[i].live ? 1u : 0u;
	}
	return count;
}

struct fake_conn *fake_conn_last(void)
{
	assert_true(fake_conn_starts > 0);
	return &fake_conns[fake_conn_starts - 1];
}

/* The disks. */

static const struct blk_disk_info disk_info[] = {
	{ .sectors = 2097152,
	  .logical_block_size = 512,
	  .physical_block_size = 4096,
	  .flush = true,
	  .discard = true,
	  .discard_granularity_bytes = 4096,
	  .max_discard_sectors = 65536,
	  .max_bufs = 128 },
	{ .sectors = 8192,
	  .logical_block_size = 4096,
	  .physical_block_size = 4096,
	  .readonly = true,
	  .max_bufs = 128 },
};

static const struct blk_disk_info *disk_info_of(unsigned int disk)
{
	return disk < 2 ? &disk_info[disk] : NULL;
}

static int disk_submit(unsigned int disk, const struct blk_disk_io *io)
{
	(void)disk;
	(void)io;
	fail_msg("the xenbus side submits no I/O");
	return -XEN_EIO;
}

const struct blk_disks fake_disks = { .count = 2, .info = disk_info_of, .submit = disk_submit };
