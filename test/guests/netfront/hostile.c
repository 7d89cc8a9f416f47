// SPDX-License-Identifier: MIT
/*
 * A hostile netif frontend beside a well-behaved one, on the same back end:
 * VIF 0 is used properly throughout; VIF 1 is connected, shown to work (a
 * broadcast it sends reaches VIF 0 through the switch), broken in one way,
 * and connected again, for every way the protocol can be broken. Each abuse
 * must end VIF 1's connection (the backend leaves Connected for Closing or
 * Closed) and nothing else: VIF 0 still sends, and VIF 1 can connect again
 * afterwards.
 *
 * The abuses run in rounds, each through the whole list, for at least
 * bootarg rounds=N (default 1) rounds and, with bootarg witness=D, until the
 * Linux guest D beside it has said its own work on the same back end is
 * done (../common/abuse_window.h); "netfront: abuse round R (at least N)"
 * starts each round and "netfront: abuse rounds done" follows the last, for a
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

#define VERDICT_SECONDS 10u
#define DELIVERY_SECONDS 10u

static struct front good, bad;
static uint32_t next_tag = 1;

/* A frame bad sends reaches good, and good can still send. */
static bool switch_still_serves(void)
{
	uint32_t tag = next_tag++;

	if (!good.connected && !front_connect(&good, 0, 0)) {
		return false;
	}
	return CHECK(front_send_tag(&bad, tag)) &&
	       CHECK(front_receive_tag(&good, tag, DELIVERY_SECONDS)) &&
	       CHECK(front_send_tag(&good, next_tag++));
}

/* Connect VIF 1, show it works, let abuse break it, check the verdict, tidy up. */
static void try_abuse(const char *what, void (*abuse)(struct front *f))
{
	test_context("abuse: %s", what);
	REQUIRE(front_connect(&bad, 1, 1));
	CHECK(switch_still_serves());
	abuse(&bad);
	CHECK(xenbus_front_wait_ended(&bad.xb, VERDICT_SECONDS));
	CHECK(front_disconnect(&bad));
	CHECK(front_send_tag(&good, next_tag++));
}

/* One transmit slot, as it is. */
static void tx(struct front *f, grant_ref_t ref, uint16_t offset, uint16_t flags, uint16_t id,
	       uint16_t size)
{
	struct netif_tx_request req = {
		.gref = ref, .offset = offset, .flags = flags, .id = id, .size = size
	};

	front_put_tx_raw(f, &req, sizeof(req));
}

static void tx_index_runs_ahead(struct front *f)
{
	front_set_tx_prod(f, f->tx.req_pushed + f->tx.count + 1u);
}

static void rx_index_runs_ahead(struct front *f)
{
	front_set_rx_prod(f, f->rx.req_pushed + f->rx.count + 1u);
}

static void too_many_slots(struct front *f)
{
	/* NETIF_TX_SLOTS_MAX + 1 slots of 100 bytes, every one but the last with more_data. */
	unsigned int slots = NETIF_TX_SLOTS_MAX + 1u;

	memset(front_tx_data(f, 0), 0xff, 4096);
	for (unsigned int i = 0; i < slots; i++) {
		uint16_t flags = i + 1u < slots ? NETTXF_more_data : 0;

		tx(f, f->tx_data_ref[0], 0, flags, (uint16_t)i,
		   (uint16_t)(i == 0 ? 100u * slots : 100u));
	}
	front_push(f);
}

static void slot_past_its_page(struct front *f)
{
	tx(f, f->tx_data_ref[0], 4000, 0, 1, 200);
	front_push(f);
}

static void oversized_frame(struct front *f)
{
	/* The later slots hold more than the first slot says the whole frame is. */
	tx(f, f->tx_data_ref[0], 0, NETTXF_more_data, 1, 100);
	tx(f, f->tx_data_ref[1], 0, 0, 2, 1000);
	front_push(f);
}

static void runt_frame(struct front *f)
{
	/* Shorter than an Ethernet header. */
	tx(f, f->tx_data_ref[0], 0, 0, 1, 6);
	front_push(f);
}

static void ungranted_ref(struct front *f)
{
	tx(f, 4000, 0, 0, 1, 60);
	front_push(f);
}

static void revoked_grant(struct front *f)
{
	grant_ref_t ref = f->tx_data_ref[2];

	/* Granted when the rings were offered, revoked before a slot names it. */
	CHECK_EQ(gnttab_end_access_ref(ref), 0);
	tx(f, ref, 0, 0, 1, 60);
	front_push(f);
}

static void bad_extra_type(struct front *f)
{
	struct netif_extra_info extra = { .type = XEN_NETIF_EXTRA_TYPE_MAX + 3u };

	tx(f, f->tx_data_ref[0], 0, NETTXF_extra_info, 1, 60);
	front_put_tx_raw(f, &extra, sizeof(extra));
	front_push(f);
}

static void bad_gso(struct front *f)
{
	struct netif_extra_info extra = { .type = XEN_NETIF_EXTRA_TYPE_GSO };

	/* A GSO extra with no segment size and an unknown GSO type. */
	extra.u.gso.type = 9;
	tx(f, f->tx_data_ref[0], 0, NETTXF_extra_info, 1, 60);
	front_put_tx_raw(f, &extra, sizeof(extra));
	front_push(f);
}

static void tx_id_out_of_range(struct front *f)
{
	tx(f, f->tx_data_ref[0], 0, 0, (uint16_t)(NETIF_TX_RING_COUNT + 5u), 60);
	front_push(f);
}

static void rx_ungranted_page(struct front *f)
{
	/* After the pages posted at connect (one of them already filled), a page never granted:
	 * good's broadcasts fill them all, and then the backend's copy into it fails. */
	struct netif_rx_request req = { .id = 3, .gref = 4001 };

	front_put_rx_raw(f, &req, sizeof(req));
	front_push(f);
	for (unsigned int i = 0; i <= FRONT_RX_PAGES; i++) {
		(void)front_send_tag(&good, next_tag++);
	}
}

TEST(netfront, good_vif_serves)
{
	REQUIRE(front_up());
	REQUIRE(front_connect(&good, 0, 0));
	CHECK(front_send_tag(&good, next_tag++));
}

TEST(netfront, hostile_slots_end_only_their_vif)
{
	static const struct {
		const char *what;
		void (*abuse)(struct front *f);
	} abuses[] = {
		{ "tx req_prod running ahead of the ring", tx_index_runs_ahead },
		{ "rx req_prod running ahead of the ring", rx_index_runs_ahead },
		{ "more slots than a frame may have", too_many_slots },
		{ "a slot past the end of its page", slot_past_its_page },
		{ "slots holding more than the frame's size", oversized_frame },
		{ "a frame shorter than an Ethernet header", runt_frame },
		{ "a grant ref never granted", ungranted_ref },
		{ "a revoked grant", revoked_grant },
		{ "an extra-info slot of unknown type", bad_extra_type },
		{ "a GSO extra that makes no sense", bad_gso },
		{ "a tx id past the ring", tx_id_out_of_range },
		{ "a receive page never granted", rx_ungranted_page },
	};
	REQUIRE(front_up());
	REQUIRE(abuse_window_open());
	for (unsigned long round = 1; abuse_window_goes_on(round); round++) {
		printf("netfront: abuse round %lu (at least %lu)\n", round, abuse_window_rounds());
		for (unsigned int i = 0; i < sizeof(abuses) / sizeof(abuses[0]); i++) {
			try_abuse(abuses[i].what, abuses[i].abuse);
		}
	}
	printf("netfront: abuse rounds done\n");
}

TEST(netfront, hostile_vif_connects_again)
{
	REQUIRE(front_connect(&bad, 1, 1));
	CHECK(switch_still_serves());
	CHECK(front_disconnect(&bad));
	CHECK(front_send_tag(&good, next_tag++));
}
