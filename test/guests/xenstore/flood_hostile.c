// SPDX-License-Identifier: MIT
/*
 * The hostile side of the store flood test (flood.h): small writes of
 * data/n, the request ring refilled whenever it has room, replies read by
 * polling the ring, without a pause, until the witness says it is done.
 * Bootargs "domid=<own id> peer=<witness's id>".
 */
#include <abi/errno.h>
#include <abi/sched.h>
#include <libos/gnttab.h>
#include <libos/hypercall.h>
#include <libos/test.h>
#include <libos/xenbus.h>
#include <stdio.h>
#include <string.h>

#include "flood.h"
#include "xs_test.h"

/* The flood gives up, failing, after this many requests without the witness done. */
#define FLOOD_REQUESTS_MAX 4000000ull
/* Polls with nothing moved before the store is kicked: it went idle and waits for an event. */
#define FLOOD_IDLE_POLLS 256u
#define FLOOD_PATH "data/n"
#define FLOOD_DIGITS 10u

/*
 * Every request is a write of data/n with its own number in FLOOD_DIGITS
 * decimal digits (leading zeros): the same size every time, made by
 * changing the digits only, so the ring is refilled quickly.
 */
struct flood_request {
	struct xs_msg_header hdr;
	char path[sizeof(FLOOD_PATH)];
	char digits[FLOOD_DIGITS];
} __attribute__((packed));

_Static_assert(sizeof(struct flood_request) == FLOOD_REQUEST_BYTES, "flood.h's request size");

/** What the flood did. */
struct flood_count {
	uint64_t written;
	uint64_t replies;
	uint64_t errors; /* replies other than a write's */
};

static struct flood_page shared __attribute__((aligned(4096)));
static domid_t flood_peer = DOMID_INVALID;
static bool flood_ready;

/* A node of ours the peer may read. */
static long flood_publish(const char *path, const char *value)
{
	struct xenbus_perm perms[2] = { { xs_test_self(), XS_PERM_NONE },
					{ flood_peer, XS_PERM_READ } };
	long rc = xenbus_write(XENBUS_TX_NONE, path, value);

	return rc != 0 ? rc : xenbus_set_perms(XENBUS_TX_NONE, path, perms, 2);
}

TEST(xenstore_flood, setup)
{
	grant_ref_t ref;
	char value[16];

	REQUIRE(xs_test_up());
	flood_peer = (domid_t)xs_test_bootarg("peer", DOMID_INVALID);
	test_context("bootargs must give domid=N peer=M");
	REQUIRE(xs_test_self() < DOMID_FIRST_RESERVED && flood_peer < DOMID_FIRST_RESERVED);
	test_context(NULL);
	REQUIRE_EQ(gnttab_init(0), 0);
	REQUIRE_EQ(gnttab_grant_access(flood_peer, (uintptr_t)&shared / 4096u, false, &ref), 0);
	REQUIRE_EQ(flood_publish(FLOOD_PATH, "0"), 0);
	snprintf(value, sizeof(value), "%u", (unsigned int)ref);
	REQUIRE_EQ(flood_publish("data/flood-ref", value), 0);
	flood_ready = true;
}

static void flood_number(struct flood_request *r, uint64_t n)
{
	r->hdr.req_id = (uint32_t)n;
	for (unsigned int i = FLOOD_DIGITS; i > 0; i--) {
		r->digits[i - 1] = (char)('0' + n % 10);
		n /= 10;
	}
}

/* Put the next request in the ring if it has room: 1 if put, 0 if not, -XEN_EIO if broken. */
static long flood_put(struct flood_client *c, struct flood_request *r, struct flood_count *n)
{
	long room = byte_ring_refresh(&c->req);

	if (room < (long)sizeof(*r)) {
		return room < 0 ? room : 0;
	}
	flood_number(r, n->written + 1);
	(void)byte_ring_push(&c->req, r, sizeof(*r));
	n->written++;
	__atomic_store_n(&shared.written, n->written, __ATOMIC_RELEASE);
	return 1;
}

/* Read every reply that has come: 1 if one did, 0 if none, -XEN_EIO if broken. */
static long flood_take_replies(struct flood_client *c, struct flood_count *n)
{
	struct xs_msg_header hdr;
	char payload[FLOOD_REPLY_MAX + 1];
	long rc;
	long any = 0;

	while ((rc = flood_receive(c, &hdr, payload)) == 1) {
		n->replies++;
		n->errors += hdr.type != XS_WRITE;
		any = 1;
	}
	return rc < 0 ? rc : any;
}

static bool witness_done(void)
{
	return __atomic_load_n(&shared.witness_done, __ATOMIC_ACQUIRE) != 0;
}

/*
 * Requests first, whenever there is room, so the ring is refilled as soon
 * as the store takes from it; replies when there is none. The store is
 * kicked only after it has left the ring alone a while. False if the ring
 * broke.
 */
static bool flood_run(struct flood_client *c, struct flood_count *n)
{
	struct flood_request r = {
		.hdr = { .type = XS_WRITE, .len = sizeof(r) - sizeof(struct xs_msg_header) },
		.path = FLOOD_PATH,
	};
	unsigned int idle = 0;

	while (n->written < FLOOD_REQUESTS_MAX && !witness_done()) {
		long put = flood_put(c, &r, n);
		long got = put == 0 ? flood_take_replies(c, n) : 0;

		if (put < 0 || got < 0) {
			return false;
		}
		idle = put || got ? 0 : idle + 1;
		if (idle == FLOOD_IDLE_POLLS) {
			flood_kick(c);
			idle = 0;
		}
	}
	return true;
}

/* The replies still owed once the flood has stopped, however long the store takes. */
static bool flood_finish(struct flood_client *c, struct flood_count *n)
{
	for (uint64_t polls = 0; n->replies < n->written && polls < FLOOD_REQUESTS_MAX; polls++) {
		if (flood_take_replies(c, n) < 0) {
			return false;
		}
		flood_kick(c);
		(void)hypercall_sched_op(SCHEDOP_yield, NULL);
	}
	return true;
}

TEST(xenstore_flood, floods_until_witness_done)
{
	struct flood_client c;
	struct flood_count n = { 0 };
	bool intact;
	bool done;

	REQUIRE(flood_ready);
	REQUIRE_EQ(flood_client_take(&c), 0);
	/* Nothing else runs here while the flood lasts: no loop, no interrupts. */
	__asm__ volatile("msr daifset, #2" ::: "memory");
	intact = flood_run(&c, &n);
	done = witness_done();
	intact = intact && flood_finish(&c, &n);
	__asm__ volatile("msr daifclr, #2" ::: "memory");
	printf("xenstore_flood: %llu requests, %llu replies, %llu errors, witness done: %s\n",
	       (unsigned long long)n.written, (unsigned long long)n.replies,
	       (unsigned long long)n.errors, done ? "yes" : "no");
	CHECK(intact);
	CHECK(done);
	CHECK_EQ(n.replies, n.written);
	CHECK_EQ(n.errors, 0);
}
