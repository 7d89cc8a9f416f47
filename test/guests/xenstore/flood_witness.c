// SPDX-License-Identifier: MIT
/*
 * The witness of the store flood test (flood.h), on the store's pCPU: once
 * the hostile client is flooding, FLOOD_ROUNDS rounds of a write and a read
 * of its own node and a read of the hostile client's data/n, each a whole
 * round trip; the store may let the flood overtake each read by at most
 * FLOOD_OVERTAKE_MAX requests. Bootargs "domid=<own id> peer=<hostile's id>".
 */
#include <abi/errno.h>
#include <abi/sched.h>
#include <libos/counter.h>
#include <libos/gnttab.h>
#include <libos/hypercall.h>
#include <libos/test.h>
#include <libos/xenbus.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flood.h"
#include "xs_test.h"

#define FLOOD_ROUNDS 100u
#define FLOOD_WAIT_SECONDS 60u /* for the hostile client to set up and start */
#define FLOOD_POLL_MS 20u
#define FLOOD_REPLY_SECONDS 60u /* a reply later than this is taken as none */

static domid_t flood_peer = DOMID_INVALID;
static volatile struct flood_page *shared;
static grant_handle_t shared_handle;
static char peer_counter[48];

/* The grant ref the hostile client published, once it has. */
static bool flood_peer_ref(grant_ref_t *ref)
{
	char path[48];
	char value[16];

	snprintf(path, sizeof(path), "/local/domain/%u/data/flood-ref", (unsigned int)flood_peer);
	for (unsigned int i = 0; i < FLOOD_WAIT_SECONDS * 1000u / FLOOD_POLL_MS; i++) {
		if (xenbus_read(XENBUS_TX_NONE, path, value, sizeof(value)) > 0) {
			*ref = (grant_ref_t)strtoul(value, NULL, 10);
			return true;
		}
		xs_test_serve_for(FLOOD_POLL_MS);
	}
	return false;
}

static bool flood_started(void)
{
	for (unsigned int i = 0; i < FLOOD_WAIT_SECONDS * 1000u / FLOOD_POLL_MS; i++) {
		if (__atomic_load_n(&shared->written, __ATOMIC_ACQUIRE) > 0) {
			return true;
		}
		xs_test_serve_for(FLOOD_POLL_MS);
	}
	return false;
}

TEST(xenstore_flood_witness, setup)
{
	grant_ref_t ref = 0;
	void *va;

	REQUIRE(xs_test_up());
	flood_peer = (domid_t)xs_test_bootarg("peer", DOMID_INVALID);
	test_context("bootargs must give domid=N peer=M");
	REQUIRE(flood_peer < DOMID_FIRST_RESERVED);
	test_context(NULL);
	snprintf(peer_counter, sizeof(peer_counter), "/local/domain/%u/data/n",
		 (unsigned int)flood_peer);
	REQUIRE(flood_peer_ref(&ref));
	REQUIRE_EQ(gnttab_map_page(flood_peer, ref, false, &va, &shared_handle), GNTST_okay);
	shared = va;
	REQUIRE(flood_started());
}

/** One round trip: what was sent, and what came back. */
struct trip {
	uint32_t type;
	const char *payload;
	uint32_t len;
	struct xs_msg_header hdr;
	char reply[FLOOD_REPLY_MAX + 1];
	uint64_t written_at_kick; /* the hostile client's requests written just after our kick */
};

static uint32_t trip_id;

/* Send, kick, note the flood's count, and wait for the reply (yielding to the store). */
static bool round_trip(struct flood_client *c, struct trip *t)
{
	uint64_t start = counter_ns();
	long rc;

	t->hdr.req_id = 0;
	if (flood_send(c, t->type, ++trip_id, t->payload, t->len) != 1) {
		return false; /* nothing else is in flight: the ring has room */
	}
	flood_kick(c);
	t->written_at_kick = __atomic_load_n(&shared->written, __ATOMIC_ACQUIRE);
	while ((rc = flood_receive(c, &t->hdr, t->reply)) == 0) {
		if (counter_ns() - start > FLOOD_REPLY_SECONDS * 1000000000ull) {
			return false;
		}
		(void)hypercall_sched_op(SCHEDOP_yield, NULL);
	}
	return rc == 1 && t->hdr.req_id == trip_id;
}

/* A write and a read back of our own node: the store still works for us. */
static bool own_node_round(struct flood_client *c, unsigned int round)
{
	char payload[32];
	int len = snprintf(payload, sizeof(payload), "data/w%c%u", '\0', round);
	struct trip w = { .type = XS_WRITE, .payload = payload, .len = (uint32_t)len };
	struct trip r = { .type = XS_READ, .payload = "data/w", .len = sizeof("data/w") };

	if (!round_trip(c, &w) || w.hdr.type != XS_WRITE || !round_trip(c, &r) ||
	    r.hdr.type != XS_READ) {
		return false;
	}
	return strtoul(r.reply, NULL, 10) == round;
}

/* The flood goes on: wait until the hostile client has written more since we last looked, so
 * every round competes with it however the host happens to run the machine's pCPUs. */
static void wait_for_flood(uint64_t *seen)
{
	uint64_t written;

	while ((written = __atomic_load_n(&shared->written, __ATOMIC_ACQUIRE)) <= *seen) {
		(void)hypercall_sched_op(SCHEDOP_yield, NULL);
	}
	*seen = written;
}

TEST(xenstore_flood_witness, round_trips_while_flooded)
{
	struct flood_client c;
	uint64_t first = 0;
	uint64_t last = 0;
	uint64_t most = 0;
	uint64_t seen = 0;

	REQUIRE(shared != NULL);
	REQUIRE_EQ(flood_client_take(&c), 0);
	for (unsigned int round = 1; round <= FLOOD_ROUNDS; round++) {
		struct trip t = { .type = XS_READ,
				  .payload = peer_counter,
				  .len = (uint32_t)strlen(peer_counter) + 1 };
		uint64_t served;

		test_context("round %u", round);
		wait_for_flood(&seen);
		REQUIRE(own_node_round(&c, round));
		REQUIRE(round_trip(&c, &t));
		REQUIRE_EQ(t.hdr.type, XS_READ);
		served = strtoull(t.reply, NULL, 10);
		first = round == 1 ? served : first;
		last = served;
		if (served > t.written_at_kick && served - t.written_at_kick > most) {
			most = served - t.written_at_kick;
		}
	}
	test_context(NULL);
	__atomic_store_n(&shared->witness_done, 1u, __ATOMIC_RELEASE);
	printf("xenstore_flood_witness: %u rounds (%u round trips) while the flood made %llu "
	       "requests; a read overtaken by %llu of them at most (allowed %u)\n",
	       FLOOD_ROUNDS, 3 * FLOOD_ROUNDS, (unsigned long long)(last - first),
	       (unsigned long long)most, FLOOD_OVERTAKE_MAX);
	CHECK(last > first); /* the flood went on throughout */
	CHECK(most <= FLOOD_OVERTAKE_MAX);
	CHECK_EQ(gnttab_unmap_page((void *)(uintptr_t)shared, shared_handle), GNTST_okay);
}
