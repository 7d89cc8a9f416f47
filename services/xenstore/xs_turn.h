/* SPDX-License-Identifier: MIT */
/* One client's turn at the store: how many rounds of requests in and replies out it gets. */
#ifndef XENSTORE_XS_TURN_H
#define XENSTORE_XS_TURN_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The store has one vCPU for every client. A client that keeps writing
 * small requests and reading the replies would keep it for as long as it
 * liked if a turn lasted while bytes moved; so a turn is at most
 * XS_TURN_ROUNDS rounds, and a client with work left is come back to after
 * every other client with work has had its turn (round-robin).
 */
#define XS_TURN_ROUNDS 8

/** One client's ring ends, as a turn drives them; each returns the bytes it moved. */
struct xs_turn_ops {
	size_t (*take)(void *arg); /* requests from the ring into the logic */
	size_t (*give)(void *arg); /* replies and events from the logic into the ring */
};

/** What a turn did. */
struct xs_turn {
	unsigned int rounds; /* rounds run, at most XS_TURN_ROUNDS */
	bool moved;          /* some byte moved: the client is to be notified */
	bool unfinished;     /* the last round still moved bytes: come back to the client */
};

/**
 * Runs rounds of take then give for one client until a round moves nothing
 * or XS_TURN_ROUNDS rounds are done, and says what happened.
 */
struct xs_turn xs_turn_run(const struct xs_turn_ops *ops, void *arg);

#endif
