// SPDX-License-Identifier: MIT
/* Unit tests of blkback's connections (blk_conn.c, blk_io.c): requests served end to end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <abi/errno.h>
#include "fixture.h"

static int setup(void **state)
{
	(void)state;
	fx_init();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_fini();
	return 0;
}

/* Fill a frontend page with a pattern of seed. */
static void fill(uint32_t ref, uint8_t seed)
{
	uint8_t *p = fx_page(ref);

	for (unsigned int i = 0; i < 4096; i++) {
		p[i] = (uint8_t)(seed + i * 7u);
	}
}

static void expect_response(unsigned int q, uint64_t id, uint8_t op, int16_t status)
{
	struct blkif_response rsp;

	assert_int_equal(fx_response(q, &rsp), 0);
	assert_true(rsp.id == id);
	assert_int_equal(rsp.operation, op);
	assert_int_equal(rsp.status, status);
}

static void expect_no_response(unsigned int q)
{
	struct blkif_response rsp;

	assert_int_equal(fx_response(q, &rsp), -1);
}

static void test_start_refused(void **state)
{
	(void)state;
	assert_int_equal(fx_start(0, 1, false, 0, 100, false), -XEN_EINVAL);
	assert_int_equal(fx_start(5, 1, false, 0, 100, false), -XEN_EINVAL);
	assert_int_equal(fx_start(1, 3, false, 0, 100, false), -XEN_EINVAL);
	assert_int_equal(fx_start(1, 32, false, 0, 100, false), -XEN_EINVAL);
	/* An extent past the disk's end. */
	assert_int_equal(fx_start(1, 1, false, FX_DISK_SECTORS - 10, 11, false), -XEN_EINVAL);
	assert_non_null(strstr(fx.last_log, "cannot connect"));
	assert_non_null(strstr(fx.last_log, "domain 7"));
	assert_int_equal(fx.logs, 5);
	/* Nothing left: fx_fini checks pages, mappings and ports. */
}

static int fail_second_bind(domid_t domid, evtchn_port_t remote_port, blk_event_fn fn, void *arg,
			    evtchn_port_t *port)
{
	if (remote_port == 51) {
		return -XEN_EINVAL;
	}
	return fx_platform.evtchn_bind(domid, remote_port, fn, arg, port);
}

static void test_start_undone(void **state)
{
	struct blk_platform plat = fx_platform;

	(void)state;
	plat.evtchn_bind = fail_second_bind;
	blk_platform_set(&plat);
	/* Queue 0 is made, queue 1's port cannot be bound: queue 0 is undone. */
	assert_int_equal(fx_start(2, 2, true, 0, 100, false), -XEN_EINVAL);
	assert_non_null(strstr(fx.last_log, "event channel"));
	blk_platform_set(&fx_platform);
	/* fx_fini: no page, mapping or port left. */
}

static void test_write_then_read(void **state)
{
	uint32_t w[11], r[11];
	struct blkif_request req;

	(void)state;
	assert_int_equal(fx_start(1, 1, false, 1000, 2000, false), 0);
	for (unsigned int i = 0; i < 11; i++) {
		w[i] = fx_grant_page(true); /* a write's pages may be granted read-only */
		r[i] = fx_grant_page(false);
		fill(w[i], (uint8_t)i);
	}
	req = fx_rw(BLKIF_OP_WRITE, 0x1122334455667788ull, 16, w, 11, 0, 7);
	fx_put(0, &req, sizeof(req));
	fx_run();
	/* Not acknowledged before the disk is done. */
	assert_int_equal(fx_disk_queued(), 1);
	expect_no_response(0);
	assert_int_equal(fx_disk_complete(1), 1);
	expect_response(0, 0x1122334455667788ull, BLKIF_OP_WRITE, BLKIF_RSP_OKAY);
	/* On the disk at the extent's start + 16. */
	for (unsigned int i = 0; i < 11; i++) {
		assert_memory_equal(fx.disk + (1000u + 16u + 8u * i) * 512u, fx_page(w[i]), 4096);
	}
	/* Read the middle sectors back. */
	req = fx_rw(BLKIF_OP_READ, 2, 16, r, 11, 2, 5);
	fx_put(0, &req, sizeof(req));
	fx_run();
	expect_no_response(0);
	fx_disk_complete(1);
	expect_response(0, 2, BLKIF_OP_READ, BLKIF_RSP_OKAY);
	/* Segment i got sectors 16 + 4i.. of the VBD, at its sectors 2..5; the rest untouched. */
	for (unsigned int i = 0; i < 11; i++) {
		uint64_t disk_sector = 1000u + 16u + 4u * i;
		const uint8_t *page = fx_page(r[i]);

		assert_memory_equal(page + 2 * 512, fx.disk + disk_sector * 512u, 4 * 512);
		assert_int_equal(page[0], 0);
		assert_int_equal(page[6 * 512], 0);
	}
	assert_int_equal(fx.copy_calls, 2); /* one batch a request */
	assert_int_equal(fx.copy_ops, 22);
}

static void test_multi_page_multi_queue(void **state)
{
	const unsigned int queues = 4, pages = 4, per_queue = 128;
	uint32_t ref;
	struct blkif_request req;

	(void)state;
	assert_int_equal(fx_start(queues, pages, false, 0, FX_DISK_SECTORS, false), 0);
	assert_int_equal(fx.front[0].count, 128);
	ref = fx_grant_page(false);
	for (unsigned int q = 0; q < queues; q++) {
		for (unsigned int i = 0; i < per_queue; i++) {
			req = fx_rw(BLKIF_OP_READ, q * 1000u + i, i * 8u, &ref, 1, 0, 7);
			fx_put(q, &req, sizeof(req));
		}
	}
	fx_run();
	fx_disk_complete(UINT32_MAX);
	for (unsigned int q = 0; q < queues; q++) {
		for (unsigned int i = 0; i < per_queue; i++) {
			expect_response(q, q * 1000u + i, BLKIF_OP_READ, BLKIF_RSP_OKAY);
		}
		expect_no_response(q);
	}
	assert_int_equal(fx.reads, queues * per_queue);
}

static void test_turns_are_bounded(void **state)
{
	struct blkif_request req;
	unsigned int count = 0;
	struct blkif_response rsp;

	(void)state;
	assert_int_equal(fx_start(2, 4, false, 0, 100, false), 0);
	/* 128 requests answered at once (barriers, never advertised) on queue 0, one on queue 1. */
	for (unsigned int i = 0; i < 128; i++) {
		req = fx_rw(BLKIF_OP_WRITE_BARRIER, i, 0, NULL, 0, 0, 0);
		fx_put(0, &req, sizeof(req));
	}
	req = fx_rw(BLKIF_OP_WRITE_BARRIER, 999, 0, NULL, 0, 0, 0);
	fx_put(1, &req, sizeof(req));
	/* One callback of queue 0 takes one turn's worth and raises itself for the rest. */
	fx.ports[1].pending = false;
	fx.ports[1].fn(fx.ports[1].arg);
	while (fx_response(0, &rsp) == 0) {
		count++;
	}
	assert_int_equal(count, BLK_TURN_REQUESTS);
	assert_true(fx.ports[1].pending);
	/* Queue 1 is served on its own event meanwhile. */
	assert_true(fx.ports[2].pending);
	fx_run();
	expect_response(1, 999, BLKIF_OP_WRITE_BARRIER, BLKIF_RSP_EOPNOTSUPP);
	while (fx_response(0, &rsp) == 0) {
		count++;
	}
	assert_int_equal(count, 128);
}

static void test_flush(void **state)
{
	uint32_t ref = fx_grant_page(true);
	struct blkif_request req;

	(void)state;
	assert_int_equal(fx_start(1, 1, false, 0, 100, false), 0);
	req = fx_rw(BLKIF_OP_FLUSH_DISKCACHE, 5, 0, NULL, 0, 0, 0);
	fx_put(0, &req, sizeof(req));
	fx_run();
	expect_no_response(0);
	fx_disk_complete(1);
	expect_response(0, 5, BLKIF_OP_FLUSH_DISKCACHE, BLKIF_RSP_OKAY);
	assert_int_equal(fx.flushes, 1);

	/* With data: the flush first, then the write, then the answer. */
	fill(ref, 3);
	req = fx_rw(BLKIF_OP_FLUSH_DISKCACHE, 6, 8, &ref, 1, 0, 7);
	fx_put(0, &req, sizeof(req));
	fx_run();
	assert_int_equal(fx_disk_queued(), 1); /* the write waits for the flush */
	fx_disk_complete(1);
	expect_no_response(0);
	assert_int_equal(fx_disk_queued(), 1);
	fx_disk_complete(1);
	expect_response(0, 6, BLKIF_OP_FLUSH_DISKCACHE, BLKIF_RSP_OKAY);
	assert_string_equal(fx.order, "FFW");
	assert_memory_equal(fx.disk + 8 * 512, fx_page(ref), 4096);

	/* A disk without a flush: EOPNOTSUPP, the disk untouched. */
	fx.info.flush = false;
	req = fx_rw(BLKIF_OP_FLUSH_DISKCACHE, 7, 0, NULL, 0, 0, 0);
	fx_put(0, &req, sizeof(req));
	fx_run();
	expect_response(0, 7, BLKIF_OP_FLUSH_DISKCACHE, BLKIF_RSP_EOPNOTSUPP);
	assert_int_equal(fx_disk_queued(), 0);
}

static void put_discard(unsigned int q, uint64_t id, uint64_t sector, uint64_t count)
{
	struct blkif_request_discard d;

	memset(&d, 0, sizeof(d));
	d.operation = BLKIF_OP_DISCARD;
	d.id = id;
	d.sector_number = sector;
	d.nr_sectors = count;
	fx_put(q, &d, sizeof(d));
	fx_run();
}

static void test_discard(void **state)
{
	(void)state;
	memset(fx.disk, 0xff, (size_t)FX_DISK_SECTORS * 512u);
	fx.info.max_discard_sectors = 100;
	assert_int_equal(fx_start(1, 1, false, 1000, 1000, false), 0);
	put_discard(0, 1, 10, 250);
	assert_int_equal(fx_disk_queued(), 3); /* 100 + 100 + 50 */
	fx_disk_complete(2);
	expect_no_response(0);
	fx_disk_complete(1);
	expect_response(0, 1, BLKIF_OP_DISCARD, BLKIF_RSP_OKAY);
	assert_int_equal(fx.disk[1010 * 512], 0);
	assert_int_equal(fx.disk[1260 * 512 - 1], 0);
	assert_int_equal(fx.disk[1010 * 512 - 1], 0xff);
	assert_int_equal(fx.disk[1260 * 512], 0xff);
	/* Nothing to discard: answered at once. */
	put_discard(0, 2, 10, 0);
	expect_response(0, 2, BLKIF_OP_DISCARD, BLKIF_RSP_OKAY);
	/* A disk without discard. */
	fx.info.discard = false;
	put_discard(0, 3, 10, 10);
	expect_response(0, 3, BLKIF_OP_DISCARD, BLKIF_RSP_EOPNOTSUPP);
	assert_int_equal(fx_disk_queued(), 0);
}

/* How put_indirect grants its segment page (a frontend may grant it either way). */
static bool indirect_read_only = true;

/* An indirect request of count segments, all in the indirect page granted as *ind. */
static void put_indirect(uint8_t op, uint64_t id, uint64_t sector, const uint32_t *refs,
			 unsigned int count, uint32_t *ind)
{
	struct blkif_request_indirect r;
	struct blkif_request_segment *segs;

	*ind = fx_grant_page(indirect_read_only);
	segs = (struct blkif_request_segment *)fx_page(*ind);
	for (unsigned int i = 0; i < count; i++) {
		segs[i].gref = refs[i];
		segs[i].first_sect = 0;
		segs[i].last_sect = 7;
	}
	memset(&r, 0, sizeof(r));
	r.operation = BLKIF_OP_INDIRECT;
	r.indirect_op = op;
	r.nr_segments = (uint16_t)count;
	r.id = id;
	r.sector_number = sector;
	r.indirect_grefs[0] = *ind;
	fx_put(0, &r, sizeof(r));
	fx_run();
}

static void test_indirect(void **state)
{
	uint32_t w[BLK_MAX_INDIRECT_SEGMENTS], r[BLK_MAX_INDIRECT_SEGMENTS], ind;

	(void)state;
	assert_int_equal(fx_start(1, 1, false, 0, FX_DISK_SECTORS, false), 0);
	for (unsigned int i = 0; i < BLK_MAX_INDIRECT_SEGMENTS; i++) {
		w[i] = fx_grant_page(true);
		r[i] = fx_grant_page(false);
		fill(w[i], (uint8_t)(i * 3u));
	}
	put_indirect(BLKIF_OP_WRITE, 40, 64, w, BLK_MAX_INDIRECT_SEGMENTS, &ind);
	fx_disk_complete(UINT32_MAX);
	expect_response(0, 40, BLKIF_OP_WRITE, BLKIF_RSP_OKAY);
	put_indirect(BLKIF_OP_READ, 41, 64, r, BLK_MAX_INDIRECT_SEGMENTS, &ind);
	fx_disk_complete(UINT32_MAX);
	expect_response(0, 41, BLKIF_OP_READ, BLKIF_RSP_OKAY);
	for (unsigned int i = 0; i < BLK_MAX_INDIRECT_SEGMENTS; i++) {
		assert_memory_equal(fx_page(r[i]), fx_page(w[i]), 4096);
	}
	assert_int_equal(fx.writes, 1);
	assert_int_equal(fx.reads, 1);
}

static void test_indirect_persistent(void **state)
{
	uint32_t w[40], r[40], ind;

	(void)state;
	assert_int_equal(fx_start(1, 1, true, 0, FX_DISK_SECTORS, false), 0);
	for (unsigned int i = 0; i < 40; i++) {
		w[i] = fx_grant_page(false);
		r[i] = fx_grant_page(false);
		fill(w[i], (uint8_t)(i * 5u));
	}
	/* A read-only segment page cannot be kept mapped writable: it is copied. */
	put_indirect(BLKIF_OP_WRITE, 1, 8, w, 40, &ind);
	fx_disk_complete(UINT32_MAX);
	expect_response(0, 1, BLKIF_OP_WRITE, BLKIF_RSP_OKAY);
	assert_int_equal(fx.grants[ind].maps, 0);
	assert_int_equal(fx.copy_ops, 1);
	/* A writable one is kept mapped like the data pages. */
	indirect_read_only = false;
	put_indirect(BLKIF_OP_READ, 2, 8, r, 40, &ind);
	indirect_read_only = true;
	assert_int_equal(fx.grants[ind].maps, 1);
	fx_disk_complete(UINT32_MAX);
	expect_response(0, 2, BLKIF_OP_READ, BLKIF_RSP_OKAY);
	for (unsigned int i = 0; i < 40; i++) {
		assert_memory_equal(fx_page(r[i]), fx_page(w[i]), 4096);
		assert_int_equal(fx.grants[w[i]].maps, 1);
	}
	/* Only the read-only segment page went by grant copy. */
	assert_int_equal(fx.copy_ops, 1);
}

static void test_disk_max_bufs(void **state)
{
	uint32_t w[11];
	struct blkif_request req;

	(void)state;
	fx.info.max_bufs = 4;
	assert_int_equal(fx_start(1, 1, false, 0, 1000, false), 0);
	for (unsigned int i = 0; i < 11; i++) {
		w[i] = fx_grant_page(true);
		fill(w[i], (uint8_t)(i + 50u));
	}
	req = fx_rw(BLKIF_OP_WRITE, 1, 0, w, 11, 0, 7);
	fx_put(0, &req, sizeof(req));
	fx_run();
	assert_int_equal(fx_disk_queued(), 3);
	assert_int_equal(fx.ios[0].io.buf_count, 4);
	assert_int_equal(fx.ios[1].io.sector, 32);
	assert_int_equal(fx.ios[2].io.buf_count, 3);
	fx_disk_complete(2);
	expect_no_response(0);
	fx_disk_complete(1);
	expect_response(0, 1, BLKIF_OP_WRITE, BLKIF_RSP_OKAY);
	for (unsigned int i = 0; i < 11; i++) {
		assert_memory_equal(fx.disk + i * 4096u, fx_page(w[i]), 4096);
	}
}

static void test_disk_errors(void **state)
{
	uint32_t ref = fx_grant_page(false);
	struct blkif_request req;

	(void)state;
	assert_int_equal(fx_start(1, 1, false, 0, 1000, false), 0);
	req = fx_rw(BLKIF_OP_READ, 1, 0, &ref, 1, 0, 7);
	fx_put(0, &req, sizeof(req));
	fx_run();
	fx.next_status = -XEN_EIO;
	fx_disk_complete(1);
	expect_response(0, 1, BLKIF_OP_READ, BLKIF_RSP_ERROR);
	req = fx_rw(BLKIF_OP_FLUSH_DISKCACHE, 2, 0, NULL, 0, 0, 0);
	fx_put(0, &req, sizeof(req));
	fx_run();
	fx.next_status = -XEN_EOPNOTSUPP;
	fx_disk_complete(1);
	expect_response(0, 2, BLKIF_OP_FLUSH_DISKCACHE, BLKIF_RSP_EOPNOTSUPP);
	/* Our grant copy call failing is ours: ERROR, the connection goes on. */
	fx.copy_call_fails = true;
	req = fx_rw(BLKIF_OP_WRITE, 3, 0, &ref, 1, 0, 7);
	fx_put(0, &req, sizeof(req));
	fx_run();
	expect_response(0, 3, BLKIF_OP_WRITE, BLKIF_RSP_ERROR);
	assert_int_equal(fx_disk_queued(), 0);
	fx.copy_call_fails = false;
	assert_int_equal(fx.broken, 0);
	assert_non_null(fx.conn);
}

static void test_persistent(void **state)
{
	uint32_t w[11], r[11];
	struct blkif_request req;

	(void)state;
	assert_int_equal(fx_start(1, 1, true, 0, 1000, false), 0);
	for (unsigned int i = 0; i < 11; i++) {
		w[i] = fx_grant_page(false);
		r[i] = fx_grant_page(false);
		fill(w[i], (uint8_t)(i + 9u));
	}
	for (unsigned int round = 0; round < 3; round++) {
		req = fx_rw(BLKIF_OP_WRITE, round, 0, w, 11, 0, 7);
		fx_put(0, &req, sizeof(req));
		fx_run();
		fx_disk_complete(1);
		expect_response(0, round, BLKIF_OP_WRITE, BLKIF_RSP_OKAY);
		req = fx_rw(BLKIF_OP_READ, 100 + round, 0, r, 11, 0, 7);
		fx_put(0, &req, sizeof(req));
		fx_run();
		fx_disk_complete(1);
		expect_response(0, 100 + round, BLKIF_OP_READ, BLKIF_RSP_OKAY);
	}
	for (unsigned int i = 0; i < 11; i++) {
		assert_memory_equal(fx_page(r[i]), fx_page(w[i]), 4096);
		/* Mapped once, kept. */
		assert_int_equal(fx.grants[w[i]].maps, 1);
		assert_int_equal(fx.grants[r[i]].maps, 1);
	}
	assert_int_equal(fx.copy_calls, 0);
	/* A read-only grant cannot be kept mapped writable: it is copied instead. */
	uint32_t ro = fx_grant_page(true);

	req = fx_rw(BLKIF_OP_WRITE, 7, 0, &ro, 1, 0, 7);
	fx_put(0, &req, sizeof(req));
	fx_run();
	fx_disk_complete(1);
	expect_response(0, 7, BLKIF_OP_WRITE, BLKIF_RSP_OKAY);
	assert_int_equal(fx.copy_calls, 1);
	fx_stop();
	fx_disk_complete(UINT32_MAX);
	/* Unmapped when the connection went. */
	for (unsigned int i = 0; i < 11; i++) {
		assert_int_equal(fx.grants[w[i]].maps, 0);
	}
}

/* With a disk that reaches the frontend's pages (a driver domain's device mapping), persistent
 * segments take no bounce page and no copy: the data moves in place. Their pages stay mapped until
 * the I/O under them is done, even when the connection ends first. */
static void test_persistent_in_place(void **state)
{
	uint32_t w[11], r[11];
	struct blkif_request req;
	unsigned int pages;

	(void)state;
	fx.disk_reaches_grants = true;
	assert_int_equal(fx_start(1, 1, true, 0, 1000, false), 0);
	for (unsigned int i = 0; i < 11; i++) {
		w[i] = fx_grant_page(false);
		r[i] = fx_grant_page(false);
		fill(w[i], (uint8_t)(i + 3u));
	}
	pages = fx.pages_out;
	req = fx_rw(BLKIF_OP_WRITE, 1, 0, w, 11, 0, 7);
	fx_put(0, &req, sizeof(req));
	fx_run();
	assert_int_equal(fx_disk_queued(), 1);
	assert_int_equal(fx.pages_out, pages); /* no bounce page */
	assert_non_null(strstr(fx.last_log, "the disk reaches their pages in place"));
	fx_disk_complete(1);
	expect_response(0, 1, BLKIF_OP_WRITE, BLKIF_RSP_OKAY);
	req = fx_rw(BLKIF_OP_READ, 2, 0, r, 11, 0, 7);
	fx_put(0, &req, sizeof(req));
	fx_run();
	fx_disk_complete(1);
	expect_response(0, 2, BLKIF_OP_READ, BLKIF_RSP_OKAY);
	for (unsigned int i = 0; i < 11; i++) {
		assert_memory_equal(fx_page(r[i]), fx_page(w[i]), 4096);
	}
	assert_int_equal(fx.copy_calls, 0);
	/* A read under way when the connection ends: its pages stay mapped until it is done. */
	req = fx_rw(BLKIF_OP_READ, 3, 0, r, 11, 0, 7);
	fx_put(0, &req, sizeof(req));
	fx_run();
	assert_int_equal(fx_disk_queued(), 1);
	fx_stop();
	assert_int_equal(fx.grants[r[0]].maps, 1);
	assert_int_equal(fx.grants[w[0]].maps, 1); /* all of the queue's, with them */
	fx_disk_complete(UINT32_MAX);
	for (unsigned int i = 0; i < 11; i++) {
		assert_int_equal(fx.grants[r[i]].maps, 0);
		assert_int_equal(fx.grants[w[i]].maps, 0);
	}
	assert_int_equal(fx.pages_out, 0);
}

static void test_persistent_bound(void **state)
{
	struct blkif_request req;
	uint32_t refs[11];
	unsigned int mapped = 0;

	(void)state;
	assert_int_equal(fx_start(1, 1, true, 0, 1000, false), 0);
	/* 1100 different refs: the first 1056 are kept, the rest copied. */
	for (unsigned int n = 0; n < 100; n++) {
		for (unsigned int i = 0; i < 11; i++) {
			refs[i] = fx_grant_page(false);
		}
		req = fx_rw(BLKIF_OP_READ, n, 0, refs, 11, 0, 7);
		fx_put(0, &req, sizeof(req));
		fx_run();
		fx_disk_complete(1);
		expect_response(0, n, BLKIF_OP_READ, BLKIF_RSP_OKAY);
	}
	for (unsigned int i = 0; i < fx.grant_count; i++) {
		mapped += fx.grants[i].maps > 0 && i >= 1; /* ref 0 is the ring */
	}
	assert_int_equal(mapped, 1056);
	assert_int_equal(fx.copy_ops, 1100 - 1056);
}

static void test_notify_hold_off(void **state)
{
	uint32_t ref = fx_grant_page(false);
	struct blkif_request req;
	struct blkif_response rsp;
	struct io_ring_header *h;

	(void)state;
	assert_int_equal(fx_start(1, 1, false, 0, 1000, false), 0);
	h = (struct io_ring_header *)fx.rings[0];
	for (unsigned int i = 0; i < 4; i++) {
		req = fx_rw(BLKIF_OP_READ, i, 0, &ref, 1, 0, 7);
		fx_put(0, &req, sizeof(req));
	}
	fx_run();
	fx_disk_complete(UINT32_MAX);
	/* rsp_event was 1: the first response notifies, the three after it do not. */
	assert_int_equal(fx.ports[1].notifies, 1);
	for (unsigned int i = 0; i < 4; i++) {
		assert_int_equal(fx_response(0, &rsp), 0);
	}
	/* The frontend asks for the next one again. */
	assert_false(ring_front_final_check(&fx.front[0]));
	req = fx_rw(BLKIF_OP_READ, 4, 0, &ref, 1, 0, 7);
	fx_put(0, &req, sizeof(req));
	fx_run();
	fx_disk_complete(UINT32_MAX);
	assert_int_equal(fx.ports[1].notifies, 2);
	assert_int_equal(fx_response(0, &rsp), 0);
	/* It says not to notify until far ahead: no event. */
	h->rsp_event = fx.front[0].rsp_cons + 1000;
	req = fx_rw(BLKIF_OP_READ, 5, 0, &ref, 1, 0, 7);
	fx_put(0, &req, sizeof(req));
	fx_run();
	fx_disk_complete(UINT32_MAX);
	assert_int_equal(fx.ports[1].notifies, 2);
	expect_response(0, 5, BLKIF_OP_READ, BLKIF_RSP_OKAY);
	/* And the backend asked to be told of the next request (final check). */
	assert_int_equal(h->req_event, fx.front[0].req_prod_pvt + 1);
}

static void test_bounce_budget(void **state)
{
	uint32_t refs[BLK_MAX_INDIRECT_SEGMENTS], ind[3];

	(void)state;
	assert_int_equal(fx_start(1, 1, false, 0, FX_DISK_SECTORS, false), 0);
	for (unsigned int i = 0; i < BLK_MAX_INDIRECT_SEGMENTS; i++) {
		refs[i] = fx_grant_page(false);
	}
	/* Three requests of 256 pages: two fit the 512-page budget, the third waits. */
	for (unsigned int i = 0; i < 3; i++) {
		put_indirect(BLKIF_OP_READ, i, 0, refs, BLK_MAX_INDIRECT_SEGMENTS, &ind[i]);
	}
	assert_int_equal(fx_disk_queued(), 2);
	assert_true(fx.pages_out <= BLK_QUEUE_BOUNCE_PAGES + BLK_INDIRECT_PAGES_MAX);
	fx_disk_complete(1);
	expect_response(0, 0, BLKIF_OP_READ, BLKIF_RSP_OKAY);
	assert_int_equal(fx_disk_queued(), 2);
	fx_disk_complete(UINT32_MAX);
	expect_response(0, 1, BLKIF_OP_READ, BLKIF_RSP_OKAY);
	expect_response(0, 2, BLKIF_OP_READ, BLKIF_RSP_OKAY);
	/* The pages are kept for the next requests, within the budget. */
	assert_int_equal(fx.pages_out, BLK_QUEUE_BOUNCE_PAGES + BLK_INDIRECT_PAGES_MAX);
	put_indirect(BLKIF_OP_READ, 3, 0, refs, BLK_MAX_INDIRECT_SEGMENTS, &ind[0]);
	assert_int_equal(fx.pages_out, BLK_QUEUE_BOUNCE_PAGES + BLK_INDIRECT_PAGES_MAX);
	fx_disk_complete(UINT32_MAX);
	expect_response(0, 3, BLKIF_OP_READ, BLKIF_RSP_OKAY);
}

static void test_stop_while_stalled(void **state)
{
	uint32_t refs[BLK_MAX_INDIRECT_SEGMENTS], ind;

	(void)state;
	assert_int_equal(fx_start(1, 1, false, 0, FX_DISK_SECTORS, false), 0);
	for (unsigned int i = 0; i < BLK_MAX_INDIRECT_SEGMENTS; i++) {
		refs[i] = fx_grant_page(false);
	}
	for (unsigned int i = 0; i < 3; i++) {
		put_indirect(BLKIF_OP_READ, i, 0, refs, BLK_MAX_INDIRECT_SEGMENTS, &ind);
	}
	/*
	 * Two in flight, the third waits for pages. Stopped: it goes at once, with the queue's
	 * scratch page for indirect segments; the two in flight keep their pages until done.
	 */
	fx.eagain_left = 0;
	assert_int_equal(fx_disk_queued(), 2);
	fx_stop();
	assert_int_equal(fx.pages_out, 2 * BLK_MAX_INDIRECT_SEGMENTS);
	fx_disk_complete(1);
	assert_int_equal(fx.pages_out, BLK_MAX_INDIRECT_SEGMENTS);
	fx_disk_complete(1);
	assert_int_equal(fx.pages_out, 0);
	expect_no_response(0);
}

static void test_out_of_pages(void **state)
{
	uint32_t refs[20], ind;

	(void)state;
	assert_int_equal(fx_start(1, 1, false, 0, FX_DISK_SECTORS, false), 0);
	for (unsigned int i = 0; i < 20; i++) {
		refs[i] = fx_grant_page(false);
	}
	/* Out of memory with nothing in flight: ERROR, not a hang, and no page kept. */
	fx.page_limit = fx.pages_out + 10;
	put_indirect(BLKIF_OP_READ, 3, 0, refs, 20, &ind);
	expect_response(0, 3, BLKIF_OP_READ, BLKIF_RSP_ERROR);
	assert_int_equal(fx_disk_queued(), 0);
	/* With pages again it serves. */
	fx.page_limit = 0;
	put_indirect(BLKIF_OP_READ, 4, 0, refs, 20, &ind);
	fx_disk_complete(UINT32_MAX);
	expect_response(0, 4, BLKIF_OP_READ, BLKIF_RSP_OKAY);
}

static void test_disk_eagain(void **state)
{
	uint32_t ref = fx_grant_page(false), w[11];
	struct blkif_request req;

	(void)state;
	assert_int_equal(fx_start(1, 1, false, 0, 1000, false), 0);
	req = fx_rw(BLKIF_OP_READ, 1, 0, &ref, 1, 0, 7);
	fx_put(0, &req, sizeof(req));
	fx_run();
	/* The device's queue is full for the next: it waits, nothing is lost. */
	fx.eagain_left = 1;
	req = fx_rw(BLKIF_OP_READ, 2, 8, &ref, 1, 0, 7);
	fx_put(0, &req, sizeof(req));
	req = fx_rw(BLKIF_OP_READ, 3, 16, &ref, 1, 0, 7);
	fx_put(0, &req, sizeof(req));
	fx_run();
	assert_int_equal(fx_disk_queued(), 1);
	/* A done makes room: both go on, in order. */
	fx_disk_complete(1);
	expect_response(0, 1, BLKIF_OP_READ, BLKIF_RSP_OKAY);
	assert_int_equal(fx_disk_queued(), 2);
	assert_int_equal(fx.ios[fx.io_head].io.sector, 8);
	fx_disk_complete(UINT32_MAX);
	expect_response(0, 2, BLKIF_OP_READ, BLKIF_RSP_OKAY);
	expect_response(0, 3, BLKIF_OP_READ, BLKIF_RSP_OKAY);

	/* Full half way through a request of several I/Os. */
	fx.info.max_bufs = 4;
	for (unsigned int i = 0; i < 11; i++) {
		w[i] = fx_grant_page(false);
		fill(w[i], (uint8_t)i);
	}
	req = fx_rw(BLKIF_OP_WRITE, 4, 0, w, 11, 0, 7);
	fx.eagain_left = 0;
	fx_put(0, &req, sizeof(req));
	fx_run();
	assert_int_equal(fx_disk_queued(), 3);
	fx_disk_complete(UINT32_MAX);
	expect_response(0, 4, BLKIF_OP_WRITE, BLKIF_RSP_OKAY);
	req = fx_rw(BLKIF_OP_READ, 5, 0, &ref, 1, 0, 7);
	fx_put(0, &req, sizeof(req));
	fx_run();           /* in flight */
	fx.eagain_skip = 1; /* the first of 6's three I/Os goes, the second finds the queue full */
	fx.eagain_left = 1;
	req = fx_rw(BLKIF_OP_WRITE, 6, 100, w, 11, 0, 7);
	fx_put(0, &req, sizeof(req));
	fx_run();
	assert_int_equal(fx_disk_queued(), 2);
	fx_disk_complete(1); /* 5's done: 6 goes on where it stopped */
	expect_response(0, 5, BLKIF_OP_READ, BLKIF_RSP_OKAY);
	assert_int_equal(fx_disk_queued(), 3);
	expect_no_response(0);
	fx_disk_complete(UINT32_MAX);
	expect_response(0, 6, BLKIF_OP_WRITE, BLKIF_RSP_OKAY);
	assert_int_equal(fx.writes, 6);
	for (unsigned int i = 0; i < 11; i++) {
		assert_memory_equal(fx.disk + (100u * 512u) + i * 4096u, fx_page(w[i]), 4096);
	}
}

static void broken_never(void *arg)
{
	(void)arg;
	fail_msg("a good frontend's connection broke");
}

static void test_disk_eagain_other_connection(void **state)
{
	uint32_t ref = fx_grant_page(false);
	struct blk_conn *b;
	struct ring_front front;
	struct blkif_request req;
	struct blkif_response rsp;
	void *ring;

	(void)state;
	assert_int_equal(fx_start(1, 1, false, 0, 100, false), 0);
	/* A second connection on the same disk, the frontend's queue port 52 (ours: 3). */
	b = fx_start_other(&front, &ring, 100, 100, broken_never, NULL);

	/* The first connection's read is in flight; the device is full for the second's. */
	req = fx_rw(BLKIF_OP_READ, 1, 0, &ref, 1, 0, 7);
	fx_put(0, &req, sizeof(req));
	fx_run();
	fx.eagain_left = 1;
	req = fx_rw(BLKIF_OP_READ, 2, 0, &ref, 1, 0, 7);
	assert_int_equal(ring_front_put_request(&front, &req, sizeof(req)), 0);
	assert_true(ring_front_push_requests(&front));
	fx.ports[3].pending = true;
	fx_run();
	assert_int_equal(fx_disk_queued(), 1);
	/* The first one's done wakes the second connection, which has nothing in flight. */
	fx_disk_complete(1);
	assert_int_equal(fx_disk_queued(), 1);
	fx_disk_complete(1);
	assert_int_equal(ring_front_get_response(&front, &rsp, sizeof(rsp)), 0);
	assert_true(rsp.id == 2);
	assert_int_equal(rsp.status, BLKIF_RSP_OKAY);
	expect_response(0, 1, BLKIF_OP_READ, BLKIF_RSP_OKAY);
	blk_conn_stop(b);
	free(ring);
}

static void test_stop_in_flight(void **state)
{
	uint32_t refs[11];
	struct blkif_request req;
	unsigned int pages_before;

	(void)state;
	assert_int_equal(fx_start(1, 1, false, 0, 1000, false), 0);
	for (unsigned int i = 0; i < 11; i++) {
		refs[i] = fx_grant_page(false);
	}
	for (unsigned int i = 0; i < 3; i++) {
		req = fx_rw(BLKIF_OP_READ, i, 0, refs, 11, 0, 7);
		fx_put(0, &req, sizeof(req));
	}
	fx_run();
	assert_int_equal(fx_disk_queued(), 3);
	fx_stop();
	/*
	 * The frontend's ring is let go at once, so it may revoke it when we say Closed; the
	 * bounce pages of the I/Os in flight stay ours until the device is done with them.
	 */
	assert_int_equal(fx.grants[0].maps, 0);
	assert_true(fx.pages_out >= 3 * 11);
	pages_before = fx.pages_out;
	fx_disk_complete(1);
	assert_true(fx.pages_out < pages_before);
	fx_disk_complete(UINT32_MAX);
	/* Freed after the last: no response was written, nothing was copied out. */
	assert_int_equal(fx.pages_out, 0);
	assert_int_equal(fx.grants[0].maps, 0);
	expect_no_response(0);
	assert_int_equal(fx.copy_calls, 0);
	assert_int_equal(fx.broken, 0);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_start_refused),
		T(test_start_undone),
		T(test_write_then_read),
		T(test_multi_page_multi_queue),
		T(test_turns_are_bounded),
		T(test_flush),
		T(test_discard),
		T(test_indirect),
		T(test_indirect_persistent),
		T(test_disk_max_bufs),
		T(test_disk_errors),
		T(test_persistent),
		T(test_persistent_in_place),
		T(test_persistent_bound),
		T(test_notify_hold_off),
		T(test_bounce_budget),
		T(test_out_of_pages),
		T(test_stop_while_stalled),
		T(test_disk_eagain),
		T(test_disk_eagain_other_connection),
		T(test_stop_in_flight),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
