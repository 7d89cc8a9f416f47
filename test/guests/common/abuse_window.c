// SPDX-License-Identifier: MIT
/* The abuse window a hostile test guest agrees with its Linux witness (abuse_window.h). */
#include <abi/xen.h>
#include <abi/xs_wire.h>
#include <libos/test.h>
#include <libos/xenbus.h>
#include <string.h>

#include "../xenstore/xs_test.h"
#include "abuse_window.h"

#define ABUSE_NODE "data/abuse"

/* Idle time between rounds once the witness decides how many there are. */
#define ABUSE_PAUSE_MS 500u

static unsigned long min_rounds;
static domid_t witness = DOMID_INVALID;

bool abuse_window_open(void)
{
	unsigned long id = xs_test_bootarg("witness", DOMID_INVALID);
	domid_t self;

	min_rounds = xs_test_bootarg("rounds", 1);
	/* A bootarg of 0 or past the bound would make the test vacuous or endless. */
	if (!CHECK(min_rounds >= 1 && min_rounds <= ABUSE_ROUNDS_MAX)) {
		return false;
	}
	if (id == DOMID_INVALID) {
		return true;
	}
	self = xs_test_self();
	if (!CHECK(id < DOMID_FIRST_RESERVED) || !CHECK(self != DOMID_INVALID) || !xs_test_up()) {
		return false;
	}
	witness = (domid_t)id;
	/* Owned by this domain and closed to others, but for the witness. */
	const struct xenbus_perm perms[] = {
		{ .domid = self, .access = XS_PERM_NONE },
		{ .domid = witness, .access = XS_PERM_BOTH },
	};
	return CHECK_EQ(xenbus_write(XENBUS_TX_NONE, ABUSE_NODE, "on"), 0) &&
	       CHECK_EQ(xenbus_set_perms(XENBUS_TX_NONE, ABUSE_NODE, perms, 2), 0);
}

/* Whether the witness wrote "done"; a store that does not answer counts as not yet. */
static bool witness_done(void)
{
	char value[8];
	long len = xenbus_read(XENBUS_TX_NONE, ABUSE_NODE, value, sizeof(value));

	return len == 4 && memcmp(value, "done", 4) == 0;
}

bool abuse_window_goes_on(unsigned long round)
{
	if (round <= min_rounds) {
		return true;
	}
	if (witness == DOMID_INVALID) {
		return false;
	}
	/*
	 * A round breaks the back end's connection a dozen times in a row; back
	 * to back they would leave the witness little of the machine, so that
	 * its work (and the test) would last minutes.
	 */
	xs_test_serve_for(ABUSE_PAUSE_MS);
	if (witness_done()) {
		return false;
	}
	test_context("d%u never wrote \"done\" to " ABUSE_NODE, (unsigned int)witness);
	return CHECK(round <= ABUSE_ROUNDS_MAX);
}

unsigned long abuse_window_rounds(void)
{
	return min_rounds;
}
