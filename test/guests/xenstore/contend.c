// SPDX-License-Identifier: MIT
/*
 * Two domains increment one counter node in transactions, retrying on
 * EAGAIN, until each has done it CONTEND_ROUNDS times: the total must be
 * exact. Boot both with "domid=<own id> peer=<other's id>" (and the same
 * "rounds=N" if not the default).
 *
 * Convention: a guest's home is closed to others, so the counter lives in
 * the home of the lower domid: /local/domain/<low>/contend/counter, created
 * by that domain in one transaction with the permissions
 * { n<low>, b<high> } on contend/ and on counter. Each domain reports in
 * its own home, in contend-done (readable by the peer: { n<self>, r<peer> }):
 * "done" after its increments and "checked" after its final read of the
 * counter. Neither powers off before it has seen the other's "checked" (or
 * the other's flag gone once it had seen it), so the lower domain's home,
 * and the counter in it, stay until both have read it.
 */
#include <abi/errno.h>
#include <abi/xs_wire.h>
#include <libos/test.h>
#include <libos/xenbus.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs_test.h"

#define CONTEND_HOLD_MS 4u
#define CONTEND_ROUNDS 50u
#define CONTEND_TRIES 1000u      /* attempts at one increment before giving up */
#define CONTEND_WAIT_SECONDS 60u /* for the peer to come, finish, or check */
#define CONTEND_POLL_MS 100u

static domid_t contend_self = DOMID_INVALID;
static domid_t contend_peer = DOMID_INVALID;
static unsigned long contend_rounds = CONTEND_ROUNDS;
static char contend_dir[48];
static char contend_counter[64];
static char contend_peer_flag[64];
static bool contend_ready;
static bool contend_incremented;

static bool contend_is_low(void)
{
	return contend_self < contend_peer;
}

/* The counter directory and its node, with both domains' rights, created in one go. */
static long contend_create_once(void)
{
	domid_t high = contend_peer;
	struct xenbus_perm perms[2] = { { contend_self, XS_PERM_NONE }, { high, XS_PERM_BOTH } };
	uint32_t tx;
	long rc = xenbus_transaction_start(&tx);

	if (rc != 0) {
		return rc;
	}
	rc = xenbus_write(tx, contend_counter, "0");
	if (rc == 0) {
		rc = xenbus_set_perms(tx, contend_dir, perms, 2);
	}
	if (rc == 0) {
		rc = xenbus_set_perms(tx, contend_counter, perms, 2);
	}
	if (rc != 0) {
		(void)xenbus_transaction_end(tx, false);
		return rc;
	}
	return xenbus_transaction_end(tx, true);
}

static long contend_create(void)
{
	long rc;

	/* Left over from an earlier run of this domain, if the store kept its home. */
	(void)xenbus_rm(XENBUS_TX_NONE, contend_dir);
	do {
		rc = contend_create_once();
	} while (rc == -XEN_EAGAIN);
	return rc;
}

/* The higher domain waits until the counter exists and is open to it. */
static bool contend_wait_counter(void)
{
	char value[16];

	for (unsigned int i = 0; i < CONTEND_WAIT_SECONDS * 1000u / CONTEND_POLL_MS; i++) {
		if (xenbus_read(XENBUS_TX_NONE, contend_counter, value, sizeof(value)) >= 0) {
			return true;
		}
		xs_test_serve_for(CONTEND_POLL_MS);
	}
	return false;
}

/* Write our contend-done flag, readable by the peer. */
static long contend_flag(const char *value)
{
	struct xenbus_perm perms[2] = { { contend_self, XS_PERM_NONE },
					{ contend_peer, XS_PERM_READ } };
	long rc = xenbus_write(XENBUS_TX_NONE, "data/contend-done", value);

	return rc != 0 ? rc : xenbus_set_perms(XENBUS_TX_NONE, "data/contend-done", perms, 2);
}

TEST(contend, setup)
{
	char home[32];

	REQUIRE(xs_test_up());
	contend_self = xs_test_self();
	contend_peer = (domid_t)xs_test_bootarg("peer", DOMID_INVALID);
	contend_rounds = xs_test_bootarg("rounds", CONTEND_ROUNDS);
	test_context("bootargs must give domid=N peer=M");
	REQUIRE(contend_self < DOMID_FIRST_RESERVED && contend_peer < DOMID_FIRST_RESERVED);
	REQUIRE(contend_self != contend_peer);
	xs_test_home_of(contend_is_low() ? contend_self : contend_peer, home, sizeof(home));
	snprintf(contend_dir, sizeof(contend_dir), "%s/data/contend", home);
	snprintf(contend_counter, sizeof(contend_counter), "%s/counter", contend_dir);
	xs_test_home_of(contend_peer, home, sizeof(home));
	snprintf(contend_peer_flag, sizeof(contend_peer_flag), "%s/data/contend-done", home);
	test_context("counter %s", contend_counter);
	(void)xenbus_rm(XENBUS_TX_NONE, "data/contend-done");
	if (contend_is_low()) {
		REQUIRE_EQ(contend_create(), 0);
	} else {
		REQUIRE(contend_wait_counter());
	}
	contend_ready = true;
}

/* One increment in a transaction; *retries counts the commits refused with EAGAIN. */
static long contend_increment(unsigned long *retries)
{
	for (unsigned int attempt = 0; attempt < CONTEND_TRIES; attempt++) {
		char value[16];
		char next[16];
		uint32_t tx;
		long rc = xenbus_transaction_start(&tx);

		if (rc != 0) {
			return rc;
		}
		rc = xenbus_read(tx, contend_counter, value, sizeof(value));
		if (rc < 0) {
			(void)xenbus_transaction_end(tx, false);
			return rc;
		}
		snprintf(next, sizeof(next), "%lu", strtoul(value, NULL, 10) + 1);
		/* Hold the transaction open a while, so the peer's commits overlap ours. */
		xs_test_serve_for(CONTEND_HOLD_MS);
		rc = xenbus_write(tx, contend_counter, next);
		if (rc != 0) {
			(void)xenbus_transaction_end(tx, false);
			return rc;
		}
		rc = xenbus_transaction_end(tx, true);
		if (rc != -XEN_EAGAIN) {
			return rc;
		}
		(*retries)++;
	}
	return -XEN_EAGAIN;
}

TEST(contend, increments_in_transactions)
{
	unsigned long retries = 0;

	REQUIRE(contend_ready);
	for (unsigned long i = 0; i < contend_rounds; i++) {
		test_context("increment %lu", i);
		REQUIRE_EQ(contend_increment(&retries), 0);
	}
	printf("contend: %lu increments, %lu retries after EAGAIN\n", contend_rounds, retries);
	REQUIRE_EQ(contend_flag("done"), 0);
	contend_incremented = true;
}

/** What contend_peer_says waits for. */
struct contend_wait {
	const char *want;
	bool gone_counts; /* the peer's home having gone counts as a yes */
};

/* Poll the peer's flag; the watch callback only shortens the wait. */
static bool contend_peer_says(const struct contend_wait *w)
{
	char value[16];
	long rc = xenbus_read(XENBUS_TX_NONE, contend_peer_flag, value, sizeof(value));

	if (rc >= 0) {
		return strcmp(value, w->want) == 0 || strcmp(value, "checked") == 0;
	}
	return w->gone_counts && (rc == -XEN_ENOENT || rc == -XEN_EACCES);
}

static unsigned int contend_events;

static void contend_watch_fired(const char *path, const char *token, void *arg)
{
	(void)path;
	(void)token;
	(void)arg;
	contend_events++;
}

static bool contend_event_came(void *seen)
{
	return contend_events != *(unsigned int *)seen;
}

static bool contend_wait_peer(const char *want, bool gone_counts)
{
	struct contend_wait w = { want, gone_counts };

	for (unsigned int i = 0; i < CONTEND_WAIT_SECONDS * 1000u / CONTEND_POLL_MS; i++) {
		unsigned int seen = contend_events;

		if (contend_peer_says(&w)) {
			return true;
		}
		(void)xs_test_serve(contend_event_came, &seen, CONTEND_POLL_MS);
	}
	return false;
}

TEST(contend, total_is_exact)
{
	char value[16];
	bool watching;

	REQUIRE(contend_incremented);
	watching = xenbus_watch(contend_peer_flag, "peer-done", contend_watch_fired, NULL) == 0;
	test_context("waiting for %s", contend_peer_flag);
	REQUIRE(contend_wait_peer("done", false));
	test_context("reading %s", contend_counter);
	REQUIRE(xenbus_read(XENBUS_TX_NONE, contend_counter, value, sizeof(value)) > 0);
	CHECK_EQ(strtoul(value, NULL, 10), 2 * contend_rounds);
	printf("contend: counter %s\n", value);
	/* Neither leaves before the other has read the counter: the lower one's home holds it,
	 * and a peer may only vanish once it has seen our "checked", i.e. after we saw its "done".
	 */
	CHECK_EQ(contend_flag("checked"), 0);
	test_context("waiting for the peer's final read");
	CHECK(contend_wait_peer("checked", true));
	if (watching) {
		(void)xenbus_unwatch(contend_peer_flag, "peer-done");
	}
}
