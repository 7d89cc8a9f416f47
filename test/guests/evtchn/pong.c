// SPDX-License-Identifier: MIT
/*
 * The pong side of an interdomain channel: binds the port its peer (domain
 * 1, or bootargs "peer=N") offers, answers each event with one, and watches
 * its end go back to unbound when the peer closes. See pingpong.h.
 */
#include <abi/errno.h>
#include <abi/sched.h>
#include <libos/counter.h>
#include <libos/evtchn.h>
#include <libos/hypercall.h>
#include <libos/shared_info.h>
#include <libos/test.h>
#include <stdio.h>

#include "../xen_common/xen_test.h"
#include "pingpong.h"

static evtchn_port_t pong_port;
static bool pong_armed;        /* answering; before, events are leftovers of the binding */
static uint64_t pong_received; /* events taken while armed */
static uint64_t pong_early;    /* events taken before */
static uint64_t pong_send_errors;

/* IRQ context: count the ping and answer it. */
static void pong_event(evtchn_port_t port, void *unused)
{
	(void)unused;
	if (!__atomic_load_n(&pong_armed, __ATOMIC_ACQUIRE)) {
		__atomic_add_fetch(&pong_early, 1, __ATOMIC_RELAXED);
		return;
	}
	__atomic_add_fetch(&pong_received, 1, __ATOMIC_RELEASE);
	if (evtchn_send(port) != 0) {
		__atomic_add_fetch(&pong_send_errors, 1, __ATOMIC_RELAXED);
	}
}

/* Bind the peer's port, retrying (yield between tries) until offered; the last error or 0. */
static long pong_bind(domid_t peer)
{
	uint64_t deadline =
		counter_read() + counter_from_ns(PINGPONG_CONNECT_SECONDS * 1000000000ull);
	long rc;

	do {
		rc = evtchn_bind_interdomain(peer, PINGPONG_PORT, pong_event, NULL, &pong_port);
		if (rc == 0) {
			break;
		}
		(void)hypercall_sched_op(SCHEDOP_yield, NULL);
	} while (counter_read() < deadline);
	return rc;
}

static bool port_idle(void *unused)
{
	struct shared_info *s = shared_info_get();

	(void)unused;
	return (__atomic_load_n(&s->evtchn_pending[pong_port / 64], __ATOMIC_ACQUIRE) &
		(1ull << (pong_port % 64))) == 0;
}

TEST(evtchn, pong_binds)
{
	domid_t peer = xen_test_peer(PINGPONG_PING_DOMID);
	struct evtchn_status st;

	REQUIRE(xen_test_events_up());
	test_context("binding port %u of domain %u", PINGPONG_PORT, peer);
	REQUIRE_EQ(pong_bind(peer), 0);
	test_context(NULL);
	CHECK_EQ(pong_port, PINGPONG_PORT);
	REQUIRE_EQ(evtchn_status(pong_port, &st), 0);
	CHECK_EQ(st.status, EVTCHNSTAT_interdomain);
	CHECK_EQ(st.u.interdomain.dom, peer);
	CHECK_EQ(st.u.interdomain.port, PINGPONG_PORT);
	/* Whatever the binding left pending is taken before answering starts. */
	REQUIRE(xen_test_wait(port_idle, NULL, 1));
	CHECK(__atomic_load_n(&pong_early, __ATOMIC_RELAXED) <= 1);
	__atomic_store_n(&pong_armed, true, __ATOMIC_RELEASE);
	REQUIRE_EQ(evtchn_send(pong_port), 0); /* ready */
}

TEST(evtchn, pong_answers_every_ping)
{
	REQUIRE(pong_port != 0);
	test_context("pings answered so far: %lu",
		     (unsigned long)__atomic_load_n(&pong_received, __ATOMIC_RELAXED));
	REQUIRE(xen_test_wait_count(&pong_received, PINGPONG_ROUNDS, PINGPONG_CONNECT_SECONDS * 2));
	test_context(NULL);
	xen_test_sleep_ms(PINGPONG_QUIET_MS);
	CHECK_EQ(__atomic_load_n(&pong_received, __ATOMIC_ACQUIRE), PINGPONG_ROUNDS);
	CHECK_EQ(pong_send_errors, 0);
	CHECK_EQ(evtchn_unhandled_count(0), 0);
}

/** The status the peer's close should leave our port in. */
static bool port_unbound(void *unused)
{
	struct evtchn_status st;

	(void)unused;
	return evtchn_status(pong_port, &st) == 0 && st.status == EVTCHNSTAT_unbound;
}

TEST(evtchn, pong_sees_peer_close)
{
	domid_t peer = xen_test_peer(PINGPONG_PING_DOMID);
	struct evtchn_status st;

	REQUIRE(pong_port != 0);
	REQUIRE(xen_test_wait(port_unbound, NULL, PINGPONG_CONNECT_SECONDS));
	REQUIRE_EQ(evtchn_status(pong_port, &st), 0);
	/* Offered back to the domain that closed. */
	CHECK_EQ(st.u.unbound.dom, peer);
	/* Sending on an unbound port is allowed and goes nowhere. */
	__atomic_store_n(&pong_armed, false, __ATOMIC_RELEASE);
	CHECK_EQ(evtchn_send(pong_port), 0);
	CHECK_EQ(evtchn_close(pong_port), 0);
	printf("evtchn_pong: %lu pings answered\n",
	       (unsigned long)__atomic_load_n(&pong_received, __ATOMIC_ACQUIRE));
}
