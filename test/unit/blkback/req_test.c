// SPDX-License-Identifier: MIT
/* Unit tests of blkif request decoding and checking (blk_req.c) and of VBD extents (vbd.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <abi/errno.h>
#include "blk_req.h"
#include "fixture.h"

static const struct vbd vbd_rw = { .disk = 0, .first = 100, .sectors = 1000, .readonly = false };
static const struct vbd vbd_ro = { .disk = 0, .first = 100, .sectors = 1000, .readonly = true };

static struct blk_req req;

static int decode(const void *slot)
{
	uint8_t copy[BLKIF_SLOT_SIZE];
	const char *why = NULL;
	int rc;

	memset(copy, 0, sizeof(copy));
	memcpy(copy, slot, sizeof(copy));
	rc = blk_req_decode(copy, &req, &why);
	if (rc != 0) {
		assert_non_null(why);
	}
	return rc;
}

static int check(const struct vbd *v)
{
	const char *why = NULL;

	return blk_req_check(&req, v, &why);
}

static void test_vbd_contains(void **state)
{
	struct vbd v = { .sectors = 100 };

	(void)state;
	assert_true(vbd_contains(&v, 0, 100));
	assert_true(vbd_contains(&v, 99, 1));
	assert_true(vbd_contains(&v, 100, 0));
	assert_false(vbd_contains(&v, 100, 1));
	assert_false(vbd_contains(&v, 101, 0));
	assert_false(vbd_contains(&v, 0, 101));
	/* sector + count wraps to a small number: still outside. */
	assert_false(vbd_contains(&v, 50, UINT64_MAX - 10));
	assert_false(vbd_contains(&v, UINT64_MAX, 2));
	v.sectors = UINT64_MAX;
	assert_true(vbd_contains(&v, UINT64_MAX - 1, 1));
	assert_false(vbd_contains(&v, UINT64_MAX - 1, 2));
}

static void test_read_write(void **state)
{
	uint32_t refs[11] = { 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 };
	struct blkif_request r = fx_rw(BLKIF_OP_WRITE, 0xdeadbeefcafef00dull, 8, refs, 11, 0, 7);

	(void)state;
	assert_int_equal(decode(&r), 0);
	assert_int_equal(req.kind, BLK_REQ_WRITE);
	assert_int_equal(req.rsp_operation, BLKIF_OP_WRITE);
	assert_true(req.id == 0xdeadbeefcafef00dull);
	assert_int_equal(req.sector, 8);
	assert_int_equal(req.sectors, 88);
	assert_int_equal(req.seg_count, 11);
	assert_int_equal(req.segs[10].gref, 20);
	assert_int_equal(check(&vbd_rw), 0);
	/* Read-only: the write is refused (answered ERROR), not a protocol break. */
	assert_int_equal(check(&vbd_ro), -XEN_EACCES);

	r = fx_rw(BLKIF_OP_READ, 1, 0, refs, 2, 3, 5);
	assert_int_equal(decode(&r), 0);
	assert_int_equal(req.kind, BLK_REQ_READ);
	assert_int_equal(req.sectors, 6);
	assert_int_equal(check(&vbd_ro), 0);
}

static void test_segment_counts(void **state)
{
	uint32_t refs[11] = { 0 };
	struct blkif_request r = fx_rw(BLKIF_OP_READ, 1, 0, refs, 1, 0, 7);

	(void)state;
	r.nr_segments = 0;
	assert_int_equal(decode(&r), -XEN_EINVAL);
	r.nr_segments = 12;
	assert_int_equal(decode(&r), -XEN_EINVAL);
	r.nr_segments = 255;
	assert_int_equal(decode(&r), -XEN_EINVAL);
	r.operation = BLKIF_OP_WRITE;
	r.nr_segments = 0;
	assert_int_equal(decode(&r), -XEN_EINVAL);
	/* A flush may carry none, and then names no sectors at all. */
	r.operation = BLKIF_OP_FLUSH_DISKCACHE;
	r.sector_number = UINT64_MAX;
	assert_int_equal(decode(&r), 0);
	assert_int_equal(req.kind, BLK_REQ_FLUSH);
	assert_int_equal(check(&vbd_ro), 0);
	r.nr_segments = 12;
	assert_int_equal(decode(&r), -XEN_EINVAL);
}

static void test_segment_sectors(void **state)
{
	uint32_t refs[2] = { 1, 2 };
	struct blkif_request r = fx_rw(BLKIF_OP_READ, 1, 0, refs, 2, 0, 7);

	(void)state;
	r.seg[1].first_sect = 5;
	r.seg[1].last_sect = 4;
	assert_int_equal(decode(&r), -XEN_EINVAL);
	r.seg[1].first_sect = 0;
	r.seg[1].last_sect = 8;
	assert_int_equal(decode(&r), -XEN_EINVAL);
	r.seg[1].first_sect = 8;
	r.seg[1].last_sect = 8;
	assert_int_equal(decode(&r), -XEN_EINVAL);
	r.seg[1].first_sect = 7;
	r.seg[1].last_sect = 7;
	assert_int_equal(decode(&r), 0);
	assert_int_equal(req.sectors, 9);
}

static void test_sectors_outside(void **state)
{
	uint32_t refs[2] = { 1, 2 };
	struct blkif_request r = fx_rw(BLKIF_OP_READ, 1, 984, refs, 2, 0, 7);

	(void)state;
	assert_int_equal(decode(&r), 0);
	assert_int_equal(check(&vbd_rw), 0); /* 984..999 */
	r.sector_number = 985;
	assert_int_equal(decode(&r), 0);
	assert_int_equal(check(&vbd_rw), -XEN_EINVAL);
	r.sector_number = UINT64_MAX - 3;
	assert_int_equal(decode(&r), 0);
	assert_int_equal(check(&vbd_rw), -XEN_EINVAL);
}

static void test_discard(void **state)
{
	struct blkif_request_discard d;

	(void)state;
	memset(&d, 0, sizeof(d));
	d.operation = BLKIF_OP_DISCARD;
	d.id = 9;
	d.sector_number = 10;
	d.nr_sectors = 990;
	assert_int_equal(decode(&d), 0);
	assert_int_equal(req.kind, BLK_REQ_DISCARD);
	assert_int_equal(req.sectors, 990);
	assert_int_equal(check(&vbd_rw), 0);
	assert_int_equal(check(&vbd_ro), -XEN_EACCES);
	d.nr_sectors = 991;
	assert_int_equal(decode(&d), 0);
	assert_int_equal(check(&vbd_rw), -XEN_EINVAL);
	d.nr_sectors = UINT64_MAX;
	assert_int_equal(decode(&d), 0);
	assert_int_equal(check(&vbd_rw), -XEN_EINVAL);
}

static void test_unknown_ops(void **state)
{
	uint32_t refs[1] = { 1 };
	struct blkif_request r = fx_rw(4, 77, 0, refs, 1, 0, 7);

	(void)state;
	/* An operation the protocol does not define breaks it (4 is reserved). */
	assert_int_equal(decode(&r), -XEN_EINVAL);
	r.operation = 255;
	assert_int_equal(decode(&r), -XEN_EINVAL);
	/* Barriers are defined but not advertised: answered EOPNOTSUPP, echoed, not a break. */
	r.operation = BLKIF_OP_WRITE_BARRIER;
	assert_int_equal(decode(&r), 0);
	assert_int_equal(req.kind, BLK_REQ_UNSUPPORTED);
	assert_int_equal(req.rsp_operation, BLKIF_OP_WRITE_BARRIER);
	assert_true(req.id == 77);
	assert_int_equal(check(&vbd_rw), 0);
}

static void test_indirect(void **state)
{
	struct blkif_request_indirect r;
	struct blkif_request_segment segs[BLK_MAX_INDIRECT_SEGMENTS];
	const char *why = NULL;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.operation = BLKIF_OP_INDIRECT;
	r.indirect_op = BLKIF_OP_WRITE;
	r.nr_segments = BLK_MAX_INDIRECT_SEGMENTS;
	r.id = 5;
	r.sector_number = 0;
	r.indirect_grefs[0] = 33;
	r.indirect_grefs[1] = 34; /* not used: one page holds 256 segments */
	assert_int_equal(decode(&r), 0);
	assert_int_equal(req.kind, BLK_REQ_WRITE);
	assert_int_equal(req.rsp_operation, BLKIF_OP_WRITE);
	assert_int_equal(req.indirect_pages, 1);
	assert_int_equal(req.indirect_grefs[0], 33);
	/* Not checkable before its segments are in. */
	assert_int_equal(check(&vbd_rw), -XEN_EINVAL);
	for (unsigned int i = 0; i < BLK_MAX_INDIRECT_SEGMENTS; i++) {
		segs[i].gref = 100 + i;
		segs[i].first_sect = 0;
		segs[i].last_sect = 3;
	}
	assert_int_equal(blk_req_set_indirect(&req, segs, &why), 0);
	assert_int_equal(req.seg_count, BLK_MAX_INDIRECT_SEGMENTS);
	assert_int_equal(req.sectors, 4 * BLK_MAX_INDIRECT_SEGMENTS);
	assert_int_equal(check(&vbd_rw), -XEN_EINVAL); /* 1024 sectors > 1000 */
	struct vbd big = vbd_rw;

	big.sectors = 1024;
	assert_int_equal(check(&big), 0);
	/* A second call finds no indirect request to fill. */
	assert_int_equal(blk_req_set_indirect(&req, segs, &why), -XEN_EINVAL);

	/* A bad segment in the page. */
	assert_int_equal(decode(&r), 0);
	segs[200].last_sect = 8;
	assert_int_equal(blk_req_set_indirect(&req, segs, &why), -XEN_EINVAL);

	/* Counts and inner operations. */
	r.nr_segments = 0;
	assert_int_equal(decode(&r), -XEN_EINVAL);
	r.nr_segments = BLK_MAX_INDIRECT_SEGMENTS + 1;
	assert_int_equal(decode(&r), -XEN_EINVAL);
	r.nr_segments = 0xffff;
	assert_int_equal(decode(&r), -XEN_EINVAL);
	r.nr_segments = 1;
	r.indirect_op = BLKIF_OP_FLUSH_DISKCACHE;
	assert_int_equal(decode(&r), -XEN_EINVAL);
	r.indirect_op = BLKIF_OP_INDIRECT;
	assert_int_equal(decode(&r), -XEN_EINVAL);
	r.indirect_op = BLKIF_OP_READ;
	assert_int_equal(decode(&r), 0);
	assert_int_equal(req.rsp_operation, BLKIF_OP_READ);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vbd_contains),    cmocka_unit_test(test_read_write),
		cmocka_unit_test(test_segment_counts),  cmocka_unit_test(test_segment_sectors),
		cmocka_unit_test(test_sectors_outside), cmocka_unit_test(test_discard),
		cmocka_unit_test(test_unknown_ops),     cmocka_unit_test(test_indirect),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
