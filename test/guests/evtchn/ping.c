// SPDX-License-Identifier: MIT
/*
 * The ping side of an interdomain channel: it offers port 1 to its peer
 * (domain 2, or bootargs "peer=N"), waits for the peer's "ready" event, then
 * sends PINGPONG_ROUNDS events one at a time, each answered by exactly one,
 * and closes its end. See pong.c for the other side.
 */
#include <abi/errno.h>
#include <libos/counter.h>
#include <libos/evtchn.h>
#include <libos/test.h>
#include <stdio.h>

#include "../xen_common/xen_test.h"
#include "pingpong.h"

static evtchn_port_t ping_port;
static uint64_t ping_received; /* events on ping_port; the first is pong's "ready" */

static void ping_event(evtchn_port_t port, void *unused)
{
	(void)port;
	(void)unused;
	__atomic_add_fetch(&ping_received, 1, __ATOMIC_RELEASE);
}

TEST(evtchn, ping_offers_port_1)
{
	domid_t peer = xen_test_peer(PINGPONG_PONG_DOMID);
	struct evtchn_status st;

	REQUIRE(xen_test_events_up());
	REQUIRE_EQ(
		xen_test_offer_port(peer, ping_event, NULL, &ping_port, PINGPONG_CONNECT_SECONDS),
		0);
	/* The lowest free port of a fresh domain: what the peer relies on. */
	CHECK_EQ(ping_port, PINGPONG_PORT);
	REQUIRE_EQ(evtchn_status(ping_port, &st), 0);
	/* Offered to the peer, which may have bound it already. */
	if (st.status == EVTCHNSTAT_unbound) {
		CHECK_EQ(st.u.unbound.dom, peer);
	} else {
		CHECK_EQ(st.status, EVTCHNSTAT_interdomain);
		CHECK_EQ(st.u.interdomain.dom, peer);
	}
	CHECK_EQ(st.vcpu, 0);
}

TEST(evtchn, ping_round_trips)
{
	domid_t peer = xen_test_peer(PINGPONG_PONG_DOMID);
	struct evtchn_status st;
	uint64_t start;
	uint64_t sent = 0;

	REQUIRE(ping_port != 0);
	test_context("waiting for the peer's ready event");
	REQUIRE(xen_test_wait_count(&ping_received, 1, PINGPONG_CONNECT_SECONDS));
	REQUIRE_EQ(evtchn_status(ping_port, &st), 0);
	CHECK_EQ(st.status, EVTCHNSTAT_interdomain);
	CHECK_EQ(st.u.interdomain.dom, peer);
	CHECK_EQ(st.u.interdomain.port, PINGPONG_PORT);

	start = counter_read();
	for (uint64_t round = 1; round <= PINGPONG_ROUNDS; round++) {
		test_context("round %lu of %u", (unsigned long)round, PINGPONG_ROUNDS);
		REQUIRE_EQ(evtchn_send(ping_port), 0);
		sent++;
		/* Exactly one answer per ping: the next ping goes only once it came. */
		REQUIRE(xen_test_wait_count(&ping_received, 1 + round, PINGPONG_ROUND_SECONDS));
	}
	test_context(NULL);
	printf("evtchn_ping: %u round trips in %lu ms\n", PINGPONG_ROUNDS,
	       (unsigned long)(counter_to_ns(counter_read() - start) / 1000000u));
	/* No stray or doubled answer arrives after the last one. */
	xen_test_sleep_ms(PINGPONG_QUIET_MS);
	CHECK_EQ(sent, PINGPONG_ROUNDS);
	CHECK_EQ(__atomic_load_n(&ping_received, __ATOMIC_ACQUIRE), 1 + PINGPONG_ROUNDS);
	CHECK_EQ(evtchn_unhandled_count(0), 0);
}

TEST(evtchn, ping_closes)
{
	struct evtchn_status st;

	REQUIRE(ping_port != 0);
	REQUIRE_EQ(evtchn_close(ping_port), 0);
	REQUIRE_EQ(evtchn_status(ping_port, &st), 0);
	CHECK_EQ(st.status, EVTCHNSTAT_closed);
	CHECK_EQ(evtchn_send(ping_port), -XEN_EINVAL);
	CHECK_EQ(evtchn_close(ping_port), -XEN_EINVAL);
	ping_port = 0;
}
