// SPDX-License-Identifier: MIT
/*
 * A hostile blkif frontend beside a well-behaved one, on the same back end:
 * VBD xvda is used properly throughout; VBD xvdb is connected, broken in one
 * way, and connected again, for every way the protocol can be broken. Each
 * abuse must end xvdb's connection (the backend leaves Connected for
 * Closing or Closed) and nothing else: xvda keeps reading back what it
 * wrote, and xvdb can connect again afterwards.
 *
 * The abuses run in rounds, each through the whole list, for at least
 * bootarg rounds=N (default 1) rounds and, with bootarg witness=D, until the
 * Linux guest D beside it has said its own work on the same back end is
 * done (../common/abuse_window.h); "blkfront: abuse round R (at least N)"
 * starts each round and "blkfront: abuse rounds done" follows the last, for a
 * test to order them against that guest's lines.
 */
#include <abi/errno.h>
#include <libos/gnttab.h>
#include <libos/test.h>
#include <stdio.h>
#include <string.h>

#include "../common/abuse_window.h"
#include "../xenstore/xs_test.h"
#include "front.h"

#define XVDA 51712u
#define XVDB 51728u
#define VERDICT_SECONDS 10u

static struct front good, bad;

/* Whether xvda still writes and reads back a page at sector, tagged with tag. */
static bool good_still_serves(uint64_t sector, uint8_t tag)
{
	if (!good.connected && !front_connect(&good, XVDA)) {
		return false;
	}
	memset(front_data(0), tag, 4096);
	memset(front_data(1), 0, 4096);
	return CHECK_EQ(front_rw(&good, BLKIF_OP_WRITE, sector, 0), BLKIF_RSP_OKAY) &&
	       CHECK_EQ(front_rw(&good, BLKIF_OP_READ, sector, 1), BLKIF_RSP_OKAY) &&
	       CHECK_EQ(memcmp(front_data(0), front_data(1), 4096), 0);
}

/* Connect xvdb, let abuse break it, check the verdict, tidy up, check xvda. */
static void try_abuse(const char *what, void (*abuse)(struct front *f), uint8_t tag)
{
	test_context("abuse: %s", what);
	REQUIRE(good_still_serves(16, tag));
	REQUIRE(front_connect(&bad, XVDB));
	abuse(&bad);
	CHECK(xenbus_front_wait_ended(&bad.xb, VERDICT_SECONDS));
	CHECK(front_disconnect(&bad));
	CHECK(good_still_serves(24, (uint8_t)(tag + 1)));
}

/* One request of `op` with the given segments, as it is. */
static void send(struct front *f, uint8_t op, uint8_t nr, uint64_t sector, uint8_t first,
		 uint8_t last, grant_ref_t ref)
{
	struct blkif_request req = { .operation = op,
				     .nr_segments = nr,
				     .handle = (uint16_t)f->devid,
				     .id = 7,
				     .sector_number = sector };

	for (unsigned int i = 0; i < BLKIF_MAX_SEGMENTS_PER_REQUEST; i++) {
		req.seg[i] = (struct blkif_request_segment){ .gref = ref,
							     .first_sect = first,
							     .last_sect = last };
	}
	front_put_raw(f, &req, sizeof(req));
	front_push(f);
}

static void too_many_segments(struct front *f)
{
	send(f, BLKIF_OP_READ, BLKIF_MAX_SEGMENTS_PER_REQUEST + 1, 0, 0, 7, f->data_ref[0]);
}

static void first_after_last(struct front *f)
{
	send(f, BLKIF_OP_READ, 1, 0, 5, 2, f->data_ref[0]);
}

static void last_past_page(struct front *f)
{
	send(f, BLKIF_OP_READ, 1, 0, 0, 8, f->data_ref[0]);
}

static void past_the_end(struct front *f)
{
	send(f, BLKIF_OP_READ, 1, f->sectors, 0, 0, f->data_ref[0]);
}

static void across_the_end(struct front *f)
{
	send(f, BLKIF_OP_WRITE, 1, f->sectors - 1, 0, 7, f->data_ref[0]);
}

static void sector_wraps(struct front *f)
{
	send(f, BLKIF_OP_READ, 1, UINT64_MAX - 3, 0, 7, f->data_ref[0]);
}

static void unknown_operation(struct front *f)
{
	send(f, 0x7e, 1, 0, 0, 7, f->data_ref[0]);
}

static void ungranted_ref(struct front *f)
{
	send(f, BLKIF_OP_WRITE, 1, 0, 0, 7, 4000);
}

static void revoked_grant(struct front *f)
{
	grant_ref_t ref = f->data_ref[2];

	/* Granted when the ring was offered, revoked before the request names it. */
	CHECK_EQ(gnttab_end_access_ref(ref), 0);
	send(f, BLKIF_OP_WRITE, 1, 0, 0, 7, ref);
}

static void index_runs_ahead(struct front *f)
{
	front_set_req_prod(f, f->ring.count + 1u);
}

static void index_moves_back(struct front *f)
{
	/* One honest request, answered; then a producer index behind the one seen. */
	CHECK_EQ(front_rw(f, BLKIF_OP_READ, 0, 3), BLKIF_RSP_OKAY);
	front_set_req_prod(f, 0);
	/* Moving back alone is seen only once there is a reason to look: a new request. */
	front_set_req_prod(f, UINT32_MAX);
}

static void indirect_too_many(struct front *f)
{
	struct blkif_request_indirect req = { .operation = BLKIF_OP_INDIRECT,
					      .indirect_op = BLKIF_OP_READ,
					      .nr_segments = 0xffff,
					      .id = 9,
					      .sector_number = 0,
					      .handle = (uint16_t)f->devid };

	req.indirect_grefs[0] = f->data_ref[3];
	front_put_raw(f, &req, sizeof(req));
	front_push(f);
}

TEST(blkfront, good_vbd_serves)
{
	REQUIRE(front_up());
	REQUIRE(front_connect(&good, XVDA));
	CHECK(good.sectors > 32);
	CHECK(good_still_serves(8, 0x5a));
}

TEST(blkfront, hostile_requests_end_only_their_vbd)
{
	static const struct {
		const char *what;
		void (*abuse)(struct front *f);
	} abuses[] = {
		{ "more segments than a request holds", too_many_segments },
		{ "first sector after the last", first_after_last },
		{ "last sector past the page", last_past_page },
		{ "a sector past the VBD's end", past_the_end },
		{ "a write across the VBD's end", across_the_end },
		{ "a sector range that wraps", sector_wraps },
		{ "an unknown operation", unknown_operation },
		{ "a grant ref never granted", ungranted_ref },
		{ "a revoked grant", revoked_grant },
		{ "req_prod running ahead of the ring", index_runs_ahead },
		{ "req_prod moving back", index_moves_back },
		{ "an indirect request over the segment limit", indirect_too_many },
	};

	REQUIRE(front_up());
	REQUIRE(abuse_window_open());
	for (unsigned long round = 1; abuse_window_goes_on(round); round++) {
		printf("blkfront: abuse round %lu (at least %lu)\n", round, abuse_window_rounds());
		for (unsigned int i = 0; i < sizeof(abuses) / sizeof(abuses[0]); i++) {
			try_abuse(abuses[i].what, abuses[i].abuse, (uint8_t)(0x10 + 2 * i));
		}
	}
	printf("blkfront: abuse rounds done\n");
}

TEST(blkfront, hostile_vbd_connects_again)
{
	REQUIRE(front_connect(&bad, XVDB));
	memset(front_data(0), 0xc3, 4096);
	CHECK_EQ(front_rw(&bad, BLKIF_OP_WRITE, 0, 0), BLKIF_RSP_OKAY);
	CHECK_EQ(front_rw(&bad, BLKIF_OP_READ, 0, 1), BLKIF_RSP_OKAY);
	CHECK_EQ(memcmp(front_data(0), front_data(1), 4096), 0);
	CHECK(front_disconnect(&bad));
	CHECK(good_still_serves(32, 0xee));
}
