// SPDX-License-Identifier: MIT
/*
 * The hypervisor's hot paths, each timed by the virtual counter over
 * HOT_PATH_CALLS calls, after HOT_PATH_WARM_UP untimed ones. Under QEMU's
 * -icount shift=0 the counter follows the instructions run, one nanosecond
 * each, so "N instructions" below is the counter's time per call in ns:
 * reproducible, whatever the host's load. Only the Xen ABI and the DT a Xen
 * domU gets are used; the grants name the domain's own id, bootargs
 * "domid=N".
 *
 * Lines: "bench: PATH: N instructions" for each path, then the test result.
 *
 * With bootargs "peer=M" it also times a round trip with domain M, which
 * runs this same binary with "peer=N echo=1": it binds the port this domain
 * offers it (the first it finds among the low ports: no xenstore to say
 * which), greets, and answers each event from its handler, until it has
 * answered every round this domain makes. Both domains on one pCPU, a round
 * is two sends, two upcalls and two switches between the domains' vCPUs.
 * A bind notifies the port it makes (Xen does, for what the unbound port may
 * have missed), which the echo answers as any other: each side counts from
 * where its port has gone quiet. Then the echo yields in a loop, so each
 * SCHEDOP_yield this domain makes is two switches between the domains'
 * vCPUs, until this domain's last event ends it.
 */
#include <abi/errno.h>
#include <abi/grant_table.h>
#include <abi/hypercall.h>
#include <abi/psci.h>
#include <abi/sched.h>
#include <abi/version.h>
#include <libos/counter.h>
#include <libos/evtchn.h>
#include <libos/gnttab.h>
#include <libos/hypercall.h>
#include <libos/smccc.h>
#include <libos/wait.h>
#include <libos/test.h>
#include <stdio.h>
#include <string.h>

#include "../xen_common/xen_test.h"
#include "../xenstore/xs_test.h"

#define HOT_PATH_CALLS 2000u
#define HOT_PATH_WARM_UP 50u
#define PAGE 4096u
#define ROUNDS (HOT_PATH_WARM_UP + HOT_PATH_CALLS) /* what measure() makes of a path */
#define PEER_PORTS_TRIED 64u                       /* where the echo looks for its port */
#define PEER_WAIT_S 30u
#define QUIET_NS 10000000ull /* no event for this long: the set-up's are all in */

static uint8_t granted[PAGE] __attribute__((aligned(PAGE)));
static uint8_t landing[PAGE] __attribute__((aligned(PAGE)));
static uint64_t delivered;
static uint64_t replies; /* the peer's events here: its greeting, then one a round */
static uint64_t pings;   /* in the echo: events answered */

/* Report the counter's time since start, per call, to a tenth of an instruction. */
static void report(const char *path, uint64_t start)
{
	uint64_t tenths = counter_to_ns(counter_read() - start) * 10u / HOT_PATH_CALLS;

	printf("bench: %s: %lu.%lu instructions\n", path, (unsigned long)(tenths / 10),
	       (unsigned long)(tenths % 10));
}

static long null_hypercall(void *unused)
{
	(void)unused;
	return hypercall_xen_version(XENVER_version, NULL) > 0 ? 0 : -XEN_EINVAL;
}

static long psci_version_call(void *unused)
{
	(void)unused;
	return psci_version() == PSCI_VERSION_REPORTED ? 0 : -XEN_EINVAL;
}

static long query_size(void *unused)
{
	uint32_t frames = 0, max_frames = 0;

	(void)unused;
	return gnttab_query_size(&frames, &max_frames);
}

/* 64 bytes of the domain's own grant into another of its pages. */
static long grant_copy_64(void *ref)
{
	struct gnttab_copy op = {
		.source = { .ref_or_gfn = *(grant_ref_t *)ref, .domid = DOMID_SELF },
		.dest = { .ref_or_gfn = (uintptr_t)landing / PAGE, .domid = DOMID_SELF },
		.len = 64,
		.flags = GNTCOPY_source_gref,
	};

	return gnttab_copy(&op) == GNTST_okay ? 0 : -XEN_EIO;
}

static void on_event(evtchn_port_t port, void *unused)
{
	(void)port;
	(void)unused;
	__atomic_add_fetch(&delivered, 1, __ATOMIC_RELEASE);
}

/* A send on port, until the handler that counts in *counter has counted once more: the
 * other end's, on a loopback pair; this domain's, for the peer's answer. */
static long send_until_counted(evtchn_port_t port, uint64_t *counter)
{
	uint64_t want = __atomic_load_n(counter, __ATOMIC_ACQUIRE) + 1;
	long rc = evtchn_send(port);

	if (rc == 0 && !xen_test_wait_count(counter, want, 5)) {
		rc = -XEN_EAGAIN;
	}
	return rc;
}

static long loopback_send(void *port)
{
	return send_until_counted(*(evtchn_port_t *)port, &delivered);
}

static void on_reply(evtchn_port_t port, void *unused)
{
	(void)port;
	(void)unused;
	__atomic_add_fetch(&replies, 1, __ATOMIC_RELEASE);
}

/* The echo's handler: each event is answered at once, on the same port. */
static void on_ping(evtchn_port_t port, void *unused)
{
	(void)unused;
	if (evtchn_send(port) == 0) {
		__atomic_add_fetch(&pings, 1, __ATOMIC_RELEASE);
	}
}

/* A yield while the echo yields too: a switch to its vCPU and one back. */
static long yield_to_peer(void *unused)
{
	(void)unused;
	return hypercall_sched_op(SCHEDOP_yield, NULL);
}

/* One round with the peer: a send, and the wait for its answer. */
static long round_trip(void *port)
{
	return send_until_counted(*(evtchn_port_t *)port, &replies);
}

/* Until *counter has not moved for QUIET_NS. */
static void settle(const uint64_t *counter)
{
	uint64_t seen;

	do {
		seen = __atomic_load_n(counter, __ATOMIC_ACQUIRE);
		wait_sleep_until(counter_read() + counter_from_ns(QUIET_NS));
	} while (__atomic_load_n(counter, __ATOMIC_ACQUIRE) != seen);
}

/* The echo: bind the port peer offers (retried while the peer has not offered it yet), let
 * the bind's own event pass, greet, answer ROUNDS events. */
static void echo(domid_t peer)
{
	uint64_t deadline = counter_read() + counter_from_ns(PEER_WAIT_S * 1000000000ull);
	evtchn_port_t local = 0;
	long rc = -XEN_EINVAL;

	while (rc != 0 && counter_read() < deadline) {
		for (evtchn_port_t p = 1; p < PEER_PORTS_TRIED && rc != 0; p++) {
			rc = evtchn_bind_interdomain(peer, p, on_ping, NULL, &local);
		}
		if (rc != 0) {
			(void)hypercall_sched_op(SCHEDOP_yield, NULL);
		}
	}
	test_context("echo for d%u", (unsigned int)peer);
	if (CHECK_EQ(rc, 0)) {
		uint64_t base;

		settle(&pings);
		base = __atomic_load_n(&pings, __ATOMIC_ACQUIRE);
		if (CHECK_EQ(evtchn_send(local), 0) &&
		    CHECK(xen_test_wait_count(&pings, base + ROUNDS, PEER_WAIT_S))) {
			while (__atomic_load_n(&pings, __ATOMIC_ACQUIRE) == base + ROUNDS) {
				(void)hypercall_sched_op(SCHEDOP_yield, NULL);
			}
		}
	}
	test_context(NULL);
}

/* Map the domain's own grant and unmap it again. */
static long map_unmap(void *ref)
{
	grant_handle_t handle;
	void *va;
	int16_t st = gnttab_map_page(xs_test_self(), *(grant_ref_t *)ref, false, &va, &handle);

	if (st != GNTST_okay) {
		return -XEN_EIO;
	}
	return gnttab_unmap_page(va, handle) == GNTST_okay ? 0 : -XEN_EIO;
}

/* Warm up, then time HOT_PATH_CALLS calls of fn; false (after a FAIL) if one failed. */
static bool measure(const char *path, long (*fn)(void *), void *arg)
{
	uint64_t start;

	test_context("%s", path);
	for (unsigned int i = 0; i < HOT_PATH_WARM_UP; i++) {
		if (!CHECK_EQ(fn(arg), 0)) {
			return false;
		}
	}
	start = counter_read();
	for (unsigned int i = 0; i < HOT_PATH_CALLS; i++) {
		if (fn(arg) != 0) {
			return CHECK(false);
		}
	}
	report(path, start);
	return true;
}

TEST(bench, hot_paths)
{
	domid_t self = xs_test_self();
	unsigned long peer = xs_test_bootarg("peer", DOMID_INVALID);
	evtchn_port_t a = 0, b = 0, to_peer = 0;
	grant_ref_t ref;

	REQUIRE(self != DOMID_INVALID); /* bootargs "domid=N" */
	REQUIRE(xen_test_events_up());
	if (peer < DOMID_FIRST_RESERVED && xs_test_bootarg("echo", 0)) {
		echo((domid_t)peer);
		return;
	}
	if (peer < DOMID_FIRST_RESERVED) { /* offered first: the echo looks among the low ports */
		REQUIRE_EQ(evtchn_alloc_unbound((domid_t)peer, on_reply, NULL, &to_peer), 0);
		REQUIRE(xen_test_wait_count(&replies, 1, PEER_WAIT_S)); /* bound */
		settle(&replies);
	}
	REQUIRE_EQ(gnttab_init(1), 0);
	REQUIRE_EQ(gnttab_grant_access(self, (uintptr_t)granted / PAGE, false, &ref), 0);
	REQUIRE_EQ(evtchn_alloc_unbound(DOMID_SELF, on_event, NULL, &a), 0);
	REQUIRE_EQ(evtchn_bind_interdomain(DOMID_SELF, a, on_event, NULL, &b), 0);

	measure("null hypercall (xen_version)", null_hypercall, NULL);
	measure("EVTCHNOP_send to a loopback port, with delivery", loopback_send, &b);
	measure("GNTTABOP_copy of 64 bytes", grant_copy_64, &ref);
	measure("GNTTABOP_query_size", query_size, NULL);
	measure("PSCI VERSION (SMCCC over HVC)", psci_version_call, NULL);
	measure("grant map and unmap of its own grant", map_unmap, &ref);
	if (peer < DOMID_FIRST_RESERVED) {
		measure("event round trip with another domain on the same pCPU", round_trip,
			&to_peer);
		measure("SCHEDOP_yield to another domain and back (2 switches)", yield_to_peer,
			NULL);
		(void)evtchn_send(to_peer); /* the echo's end */
	}
	test_context(NULL);
}
