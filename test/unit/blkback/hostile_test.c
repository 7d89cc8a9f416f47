// SPDX-License-Identifier: MIT
/* Unit tests of blkback's engine against a hostile frontend: each abuse ends only its connection.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <abi/errno.h>
#include "blk_conn_internal.h"
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

static void expect_response(uint64_t id, uint8_t op, int16_t status)
{
	struct blkif_response rsp;

	assert_int_equal(fx_response(0, &rsp), 0);
	assert_true(rsp.id == id);
	assert_int_equal(rsp.operation, op);
	assert_int_equal(rsp.status, status);
}

static void expect_no_response(void)
{
	struct blkif_response rsp;

	assert_int_equal(fx_response(0, &rsp), -1);
}

/* The connection ended for the frontend's fault: once, with one line naming it. */
static void expect_broken(const char *why)
{
	assert_int_equal(fx.broken, 1);
	assert_null(fx.conn); /* the fixture's broken callback stopped it */
	assert_non_null(strstr(fx.last_log, "domain 7"));
	assert_non_null(strstr(fx.last_log, "disk 0"));
	assert_non_null(strstr(fx.last_log, why));
	assert_non_null(strstr(fx.last_log, "connection ended"));
}

/* A read that works: the connection still serves. */
static void expect_serving(uint64_t id)
{
	uint32_t ref = fx_grant_page(false);
	struct blkif_request req = fx_rw(BLKIF_OP_READ, id, 0, &ref, 1, 0, 7);

	fx_put(0, &req, sizeof(req));
	fx_run();
	fx_disk_complete(UINT32_MAX);
	expect_response(id, BLKIF_OP_READ, BLKIF_RSP_OKAY);
	assert_int_equal(fx.broken, 0);
}

static void put_run(const void *req, size_t len)
{
	fx_put(0, req, len);
	fx_run();
}

static void test_ids_are_echoed(void **state)
{
	uint32_t ref = fx_grant_page(false);
	const uint64_t ids[] = { 0, UINT64_MAX, 0x8000000000000000ull, 5, 5 };
	struct blkif_request req;

	(void)state;
	assert_int_equal(fx_start(1, 1, false, 0, 100, false), 0);
	/* Any id, repeated ones too: only echoed, never used to find anything. */
	for (unsigned int i = 0; i < 5; i++) {
		req = fx_rw(BLKIF_OP_READ, ids[i], 0, &ref, 1, 0, 7);
		fx_put(0, &req, sizeof(req));
	}
	fx_run();
	fx_disk_complete(UINT32_MAX);
	for (unsigned int i = 0; i < 5; i++) {
		expect_response(ids[i], BLKIF_OP_READ, BLKIF_RSP_OKAY);
	}
	expect_serving(6);
}

static void test_unknown_op(void **state)
{
	uint32_t ref = fx_grant_page(false);
	struct blkif_request req = fx_rw(4, 3, 0, &ref, 1, 0, 7);

	(void)state;
	assert_int_equal(fx_start(1, 1, false, 0, 100, false), 0);
	/* Defined but not advertised: answered, and serving goes on. */
	req.operation = BLKIF_OP_WRITE_BARRIER;
	put_run(&req, sizeof(req));
	expect_response(3, BLKIF_OP_WRITE_BARRIER, BLKIF_RSP_EOPNOTSUPP);
	/* Not defined by the protocol (4 is reserved): the connection ends, unanswered. */
	req.operation = 4;
	put_run(&req, sizeof(req));
	expect_no_response();
	expect_broken("unknown operation");
	assert_int_equal(fx_disk_queued(), 0);
}

static void test_bad_segment_count(void **state)
{
	uint32_t refs[11] = { 0 };
	struct blkif_request req = fx_rw(BLKIF_OP_READ, 1, 0, refs, 11, 0, 7);

	(void)state;
	assert_int_equal(fx_start(1, 1, false, 0, 100, false), 0);
	req.nr_segments = 12;
	put_run(&req, sizeof(req));
	expect_no_response();
	expect_broken("segment count");
	assert_int_equal(fx_disk_queued(), 0);
}

static void test_zero_segment_write(void **state)
{
	struct blkif_request req = fx_rw(BLKIF_OP_WRITE, 1, 0, NULL, 0, 0, 0);

	(void)state;
	assert_int_equal(fx_start(1, 1, false, 0, 100, false), 0);
	put_run(&req, sizeof(req));
	expect_broken("segment count");
}

static void test_first_after_last(void **state)
{
	uint32_t ref = fx_grant_page(false);
	struct blkif_request req = fx_rw(BLKIF_OP_READ, 1, 0, &ref, 1, 4, 3);

	(void)state;
	assert_int_equal(fx_start(1, 1, false, 0, 100, false), 0);
	put_run(&req, sizeof(req));
	expect_broken("first_sect is past its last_sect");
}

static void test_last_past_page(void **state)
{
	uint32_t ref = fx_grant_page(false);
	struct blkif_request req = fx_rw(BLKIF_OP_WRITE, 1, 0, &ref, 1, 0, 8);

	(void)state;
	assert_int_equal(fx_start(1, 1, false, 0, 100, false), 0);
	put_run(&req, sizeof(req));
	expect_broken("last_sect is past its page");
}

static void test_outside_vbd(void **state)
{
	uint32_t ref = fx_grant_page(false);
	struct blkif_request req = fx_rw(BLKIF_OP_WRITE, 1, 96, &ref, 1, 0, 7);

	(void)state;
	memset(fx.disk, 0x5a, (size_t)FX_DISK_SECTORS * 512u);
	memset(fx_page(ref), 0x11, 4096);
	/* An extent of 100 sectors from 1000: 96..103 runs 4 sectors past it. */
	assert_int_equal(fx_start(1, 1, false, 1000, 100, false), 0);
	put_run(&req, sizeof(req));
	expect_broken("outside the virtual disk");
	assert_int_equal(fx_disk_queued(), 0);
	for (size_t i = 0; i < (size_t)FX_DISK_SECTORS * 512u; i++) {
		assert_int_equal(fx.disk[i], 0x5a);
	}
}

static void test_discard_outside_vbd(void **state)
{
	struct blkif_request_discard d;

	(void)state;
	memset(&d, 0, sizeof(d));
	d.operation = BLKIF_OP_DISCARD;
	d.sector_number = 50;
	d.nr_sectors = UINT64_MAX - 20; /* wraps past 2^64 */
	assert_int_equal(fx_start(1, 1, false, 1000, 100, false), 0);
	put_run(&d, sizeof(d));
	expect_broken("outside the virtual disk");
}

static void test_write_read_only(void **state)
{
	uint32_t ref = fx_grant_page(false);
	struct blkif_request req = fx_rw(BLKIF_OP_WRITE, 1, 0, &ref, 1, 0, 7);
	struct blkif_request_discard d;

	(void)state;
	memset(fx_page(ref), 0x77, 4096);
	assert_int_equal(fx_start(1, 1, false, 0, 100, true), 0);
	put_run(&req, sizeof(req));
	expect_response(1, BLKIF_OP_WRITE, BLKIF_RSP_ERROR);
	memset(&d, 0, sizeof(d));
	d.operation = BLKIF_OP_DISCARD;
	d.id = 2;
	d.nr_sectors = 8;
	put_run(&d, sizeof(d));
	expect_response(2, BLKIF_OP_DISCARD, BLKIF_RSP_ERROR);
	assert_int_equal(fx_disk_queued(), 0);
	assert_int_equal(fx.disk[0], 0);
	assert_non_null(strstr(fx.last_log, "read-only"));
	/* Refused, not a break: reads go on. */
	expect_serving(3);
	/* A frontend cannot flood the log: a connection says it a few times only. */
	for (unsigned int i = 0; i < 20; i++) {
		put_run(&req, sizeof(req));
		expect_response(1, BLKIF_OP_WRITE, BLKIF_RSP_ERROR);
	}
	assert_int_equal(fx.logs, BLK_CONN_LOGS_MAX);
	assert_non_null(strstr(fx.last_log, "no more"));
}

static void test_read_only_disk(void **state)
{
	uint32_t ref = fx_grant_page(false);
	struct blkif_request req = fx_rw(BLKIF_OP_WRITE, 1, 0, &ref, 1, 0, 7);

	(void)state;
	/* The VBD says read-write, its disk is read-only: the disk wins. */
	fx.info.readonly = true;
	assert_int_equal(fx_start(1, 1, false, 0, 100, false), 0);
	put_run(&req, sizeof(req));
	expect_response(1, BLKIF_OP_WRITE, BLKIF_RSP_ERROR);
	assert_int_equal(fx_disk_queued(), 0);
}

static void test_req_prod_runs_ahead(void **state)
{
	struct io_ring_header *h;
	uint32_t ref = fx_grant_page(false);
	struct blkif_request req = fx_rw(BLKIF_OP_READ, 1, 0, &ref, 1, 0, 7);

	(void)state;
	assert_int_equal(fx_start(1, 1, false, 0, 100, false), 0);
	h = (struct io_ring_header *)fx.rings[0];
	fx_put(0, &req, sizeof(req));
	/* 33 requests on a ring of 32 slots. */
	h->req_prod = 33;
	fx.ports[1].pending = true;
	fx_run();
	expect_broken("ran past the ring or moved back");
	assert_int_equal(fx_disk_queued(), 0);
}

static void test_req_prod_moves_back(void **state)
{
	struct io_ring_header *h;
	uint32_t ref = fx_grant_page(false);
	struct blkif_request req = fx_rw(BLKIF_OP_READ, 1, 0, &ref, 1, 0, 7);

	(void)state;
	assert_int_equal(fx_start(1, 1, false, 0, 100, false), 0);
	h = (struct io_ring_header *)fx.rings[0];
	fx_put(0, &req, sizeof(req));
	fx_put(0, &req, sizeof(req));
	fx_run();
	assert_int_equal(fx_disk_queued(), 2);
	h->req_prod = 1;
	fx.ports[1].pending = true;
	fx_run();
	expect_broken("ran past the ring or moved back");
	/* The two in flight complete into nothing: no response, nothing leaks (fx_fini). */
	fx_disk_complete(UINT32_MAX);
	expect_no_response();
}

static void test_request_rewritten_after_taken(void **state)
{
	uint32_t ref = fx_grant_page(false), other = fx_grant_page(false);
	struct blkif_request req = fx_rw(BLKIF_OP_WRITE, 10, 8, &ref, 1, 0, 7);
	struct blkif_request evil = fx_rw(BLKIF_OP_READ, 99, 80, &other, 1, 0, 7);
	uint8_t *slot;

	(void)state;
	memset(fx_page(ref), 0x42, 4096);
	assert_int_equal(fx_start(1, 1, false, 0, 100, false), 0);
	put_run(&req, sizeof(req));
	assert_int_equal(fx_disk_queued(), 1);
	/* The frontend rewrites the slot and the data page while the write is in flight. */
	slot = (uint8_t *)fx.rings[0] + IO_RING_HEADER_SIZE;
	memcpy(slot, &evil, sizeof(evil));
	memset(fx_page(ref), 0x66, 4096);
	fx_disk_complete(UINT32_MAX);
	/* What was done is what was taken: sector 8, the data as it was, the id it had. */
	expect_response(10, BLKIF_OP_WRITE, BLKIF_RSP_OKAY);
	assert_int_equal(fx.disk[8 * 512], 0x42);
	assert_int_equal(fx.disk[16 * 512 - 1], 0x42);
	assert_int_equal(fx.disk[80 * 512], 0);
	assert_int_equal(fx.writes, 1);
	assert_int_equal(fx.reads, 0);
}

static void test_write_grant_not_given(void **state)
{
	uint32_t refs[3] = { 0, 0, 12345 };
	struct blkif_request req;

	(void)state;
	refs[0] = fx_grant_page(false);
	refs[1] = fx_grant_page(false);
	assert_int_equal(fx_start(1, 1, false, 0, 100, false), 0);
	req = fx_rw(BLKIF_OP_WRITE, 1, 0, refs, 3, 0, 7);
	put_run(&req, sizeof(req));
	expect_broken("cannot be copied");
	assert_int_equal(fx_disk_queued(), 0);
}

static void test_grant_revoked_mid_read(void **state)
{
	uint32_t refs[4];
	struct blkif_request req;

	(void)state;
	for (unsigned int i = 0; i < 4; i++) {
		refs[i] = fx_grant_page(false);
	}
	assert_int_equal(fx_start(1, 1, false, 0, 100, false), 0);
	req = fx_rw(BLKIF_OP_READ, 1, 0, refs, 4, 0, 7);
	put_run(&req, sizeof(req));
	req = fx_rw(BLKIF_OP_READ, 2, 0, refs, 1, 0, 7);
	put_run(&req, sizeof(req));
	assert_int_equal(fx_disk_queued(), 2);
	/* Revoked while the disk reads: the copy out fails, the connection ends. */
	fx_revoke(refs[2]);
	fx_disk_complete(1);
	expect_broken("revoked");
	/* The other read completes into nothing; every bounce page is back (fx_fini). */
	fx_disk_complete(1);
	expect_no_response();
	assert_int_equal(fx.pages_out, 0);
}

static void test_read_into_read_only_grant(void **state)
{
	uint32_t ref = fx_grant_page(true);
	struct blkif_request req = fx_rw(BLKIF_OP_READ, 1, 0, &ref, 1, 0, 7);

	(void)state;
	assert_int_equal(fx_start(1, 1, false, 0, 100, false), 0);
	put_run(&req, sizeof(req));
	fx_disk_complete(UINT32_MAX);
	expect_broken("cannot be copied");
}

static void test_indirect_page_not_given(void **state)
{
	struct blkif_request_indirect r;

	(void)state;
	assert_int_equal(fx_start(1, 1, false, 0, 100, false), 0);
	memset(&r, 0, sizeof(r));
	r.operation = BLKIF_OP_INDIRECT;
	r.indirect_op = BLKIF_OP_READ;
	r.nr_segments = 20;
	r.indirect_grefs[0] = 4000;
	put_run(&r, sizeof(r));
	expect_broken("segment page");
}

static void test_indirect_bad_segment(void **state)
{
	struct blkif_request_indirect r;
	uint32_t ind = fx_grant_page(false), data = fx_grant_page(false);
	struct blkif_request_segment *segs = (struct blkif_request_segment *)fx_page(ind);

	(void)state;
	for (unsigned int i = 0; i < 20; i++) {
		segs[i].gref = data;
		segs[i].first_sect = 0;
		segs[i].last_sect = 7;
	}
	segs[19].first_sect = 9;
	segs[19].last_sect = 9;
	assert_int_equal(fx_start(1, 1, true, 0, 1000, false), 0);
	memset(&r, 0, sizeof(r));
	r.operation = BLKIF_OP_INDIRECT;
	r.indirect_op = BLKIF_OP_WRITE;
	r.nr_segments = 20;
	r.indirect_grefs[0] = ind;
	put_run(&r, sizeof(r));
	expect_broken("past its page");
	assert_int_equal(fx_disk_queued(), 0);
}

static void test_indirect_too_many(void **state)
{
	struct blkif_request_indirect r;

	(void)state;
	assert_int_equal(fx_start(1, 1, false, 0, 100, false), 0);
	memset(&r, 0, sizeof(r));
	r.operation = BLKIF_OP_INDIRECT;
	r.indirect_op = BLKIF_OP_READ;
	r.nr_segments = BLK_MAX_INDIRECT_SEGMENTS + 1;
	put_run(&r, sizeof(r));
	expect_broken("segment count");
}

static void test_broken_is_quiet_after(void **state)
{
	uint32_t ref = fx_grant_page(false);
	struct blkif_request req = fx_rw(BLKIF_OP_READ, 1, 0, &ref, 1, 0, 7);
	struct blkif_request bad = fx_rw(BLKIF_OP_READ, 2, 0, &ref, 1, 5, 2);
	unsigned int logs;

	(void)state;
	assert_int_equal(fx_start(1, 1, false, 0, 100, false), 0);
	/* A good request in flight, then a bad one, then more: one line, one callback. */
	put_run(&req, sizeof(req));
	fx_put(0, &bad, sizeof(bad));
	fx_put(0, &bad, sizeof(bad));
	fx_put(0, &req, sizeof(req));
	fx_run();
	expect_broken("first_sect");
	logs = fx.logs;
	fx_disk_complete(UINT32_MAX);
	assert_int_equal(fx.logs, logs);
	assert_int_equal(fx.broken, 1);
	expect_no_response();
}

static void broken_never(void *arg)
{
	(void)arg;
	fail_msg("the good frontend's connection broke");
}

static void test_others_unaffected(void **state)
{
	uint32_t ref = fx_grant_page(false);
	struct blkif_request req = fx_rw(BLKIF_OP_WRITE, 1, 0, &ref, 1, 0, 7);
	struct blkif_request bad = fx_rw(BLKIF_OP_READ, 2, 0, &ref, 1, 0, 9);
	struct blk_conn *good;
	struct ring_front front;
	struct blkif_response rsp;
	void *ring;

	(void)state;
	memset(fx_page(ref), 0x3c, 4096);
	assert_int_equal(fx_start(1, 1, false, 0, 100, false), 0);
	good = fx_start_other(&front, &ring, 100, 100, broken_never, NULL);
	/* The good frontend's write is in flight when the other breaks the protocol. */
	assert_int_equal(ring_front_put_request(&front, &req, sizeof(req)), 0);
	(void)ring_front_push_requests(&front);
	fx.ports[3].pending = true;
	fx_run();
	put_run(&bad, sizeof(bad));
	expect_broken("past its page");
	/* The good one's write completes and is answered; it keeps serving. */
	fx_disk_complete(UINT32_MAX);
	assert_int_equal(ring_front_get_response(&front, &rsp, sizeof(rsp)), 0);
	assert_true(rsp.id == 1 && rsp.status == BLKIF_RSP_OKAY);
	assert_int_equal(fx.disk[100 * 512], 0x3c);
	req = fx_rw(BLKIF_OP_READ, 3, 0, &ref, 1, 0, 7);
	assert_int_equal(ring_front_put_request(&front, &req, sizeof(req)), 0);
	(void)ring_front_push_requests(&front);
	fx.ports[3].pending = true;
	fx_run();
	fx_disk_complete(UINT32_MAX);
	assert_int_equal(ring_front_get_response(&front, &rsp, sizeof(rsp)), 0);
	assert_true(rsp.id == 3 && rsp.status == BLKIF_RSP_OKAY);
	blk_conn_stop(good);
	free(ring);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_ids_are_echoed),
		T(test_unknown_op),
		T(test_bad_segment_count),
		T(test_zero_segment_write),
		T(test_first_after_last),
		T(test_last_past_page),
		T(test_outside_vbd),
		T(test_discard_outside_vbd),
		T(test_write_read_only),
		T(test_read_only_disk),
		T(test_req_prod_runs_ahead),
		T(test_req_prod_moves_back),
		T(test_request_rewritten_after_taken),
		T(test_write_grant_not_given),
		T(test_grant_revoked_mid_read),
		T(test_read_into_read_only_grant),
		T(test_indirect_page_not_given),
		T(test_indirect_bad_segment),
		T(test_indirect_too_many),
		T(test_broken_is_quiet_after),
		T(test_others_unaffected),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
