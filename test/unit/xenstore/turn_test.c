// SPDX-License-Identifier: MIT
/* Xenstore unit tests: a client's turn is bounded, so a flooding client cannot keep the store. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "fixture.h"
#include "xs_turn.h"

#define RING_BYTES 1024u
#define TAKES_MAX 256u /* far past any bounded turn: a turn still going here never ends */

/* A client's ring as the turn sees it: requests waiting, and replies read at once. */
struct fake_ring {
	struct client *c;
	uint8_t req[RING_BYTES];
	size_t req_len;
	bool flood;           /* writes a new request whenever there is room */
	unsigned int to_send; /* otherwise: requests left, one after each reply */
	unsigned int sent;    /* requests written */
	unsigned int replies; /* replies read */
	unsigned int takes;   /* take calls over all turns */
};

static void put_read(struct fake_ring *r)
{
	static const char path[] = "data";
	struct xs_msg_header h = { XS_READ, 1, 0, sizeof(path) };

	memcpy(r->req + r->req_len, &h, sizeof(h));
	memcpy(r->req + r->req_len + sizeof(h), path, sizeof(path));
	r->req_len += sizeof(h) + sizeof(path);
	r->sent++;
}

static void client_writes(struct fake_ring *r)
{
	size_t one = sizeof(struct xs_msg_header) + sizeof("data");

	if (r->flood) {
		while (r->req_len + one <= sizeof(r->req)) {
			put_read(r);
		}
	} else if (r->to_send && r->sent == r->replies && r->req_len + one <= sizeof(r->req)) {
		put_read(r);
		r->to_send--;
	}
}

static size_t take(void *arg)
{
	struct fake_ring *r = arg;
	size_t n;

	if (++r->takes > TAKES_MAX) {
		fail_msg("one client's turn has run %u rounds and is still going", r->takes);
	}
	client_writes(r);
	n = xs_conn_input(r->c->conn, r->req, r->req_len);
	memmove(r->req, r->req + n, r->req_len - n);
	r->req_len -= n;
	return n;
}

/* Whole replies only: every request here has a short one. */
static size_t give(void *arg)
{
	struct fake_ring *r = arg;
	uint8_t buf[RING_BYTES];
	size_t n = xs_conn_output(r->c->conn, buf, sizeof(buf)), at = 0;
	struct xs_msg_header h;

	while (at + sizeof(h) <= n) {
		memcpy(&h, buf + at, sizeof(h));
		at += sizeof(h) + h.len;
		r->replies++;
	}
	return n;
}

static const struct xs_turn_ops ops = { take, give };

static void test_flood_turn_is_bounded(void **state)
{
	struct fake_ring hostile = { .c = &fx.a, .flood = true };
	struct xs_turn turn;

	(void)state;
	assert_int_equal(xs_write(&fx.a, 0, "data", "x"), 0);
	turn = xs_turn_run(&ops, &hostile);
	assert_int_equal(turn.rounds, XS_TURN_ROUNDS);
	assert_int_equal(hostile.takes, XS_TURN_ROUNDS);
	assert_true(turn.moved);
	/* It still has work: it must be come back to, not forgotten. */
	assert_true(turn.unfinished);
	assert_true(hostile.replies > 0);
	/* The next turn carries on where this one stopped, bounded the same. */
	turn = xs_turn_run(&ops, &hostile);
	assert_int_equal(turn.rounds, XS_TURN_ROUNDS);
	assert_true(turn.unfinished);
}

static void test_quiet_client_finishes(void **state)
{
	struct fake_ring quiet = { .c = &fx.b, .to_send = 2 };
	struct xs_turn turn;

	(void)state;
	turn = xs_turn_run(&ops, &quiet);
	/* Request 1 and its reply, request 2 and its reply, then a round that moves nothing. */
	assert_int_equal(quiet.replies, 2);
	assert_int_equal(turn.rounds, 3);
	assert_true(turn.moved);
	assert_false(turn.unfinished);
	turn = xs_turn_run(&ops, &quiet);
	assert_int_equal(turn.rounds, 1);
	assert_false(turn.moved);
	assert_false(turn.unfinished);
}

/*
 * The store's loop as main.c uses it: each dispatch gives every pending
 * client one turn, in order, and a client whose turn was unfinished is
 * pending again. A flooding client ahead of a polite one costs the polite
 * one at most one hostile turn per dispatch.
 */
static void test_round_robin_serves_the_other(void **state)
{
	struct fake_ring hostile = { .c = &fx.a, .flood = true };
	struct fake_ring polite = { .c = &fx.b, .to_send = 20 };
	struct fake_ring *rings[] = { &hostile, &polite };
	bool pending[] = { true, true };
	unsigned int dispatches = 0;

	(void)state;
	while (polite.replies < 20) {
		assert_true(++dispatches <= 20);
		for (unsigned int i = 0; i < 2; i++) {
			if (pending[i]) {
				pending[i] = xs_turn_run(&ops, rings[i]).unfinished;
			}
		}
		/* The polite client notifies whenever it writes; the hostile one always has. */
		pending[1] = pending[1] || polite.to_send != 0;
	}
	/* Twenty requests, eight a turn: three turns, with three hostile turns between. */
	assert_int_equal(dispatches, 3);
	assert_int_equal(hostile.takes, 3 * XS_TURN_ROUNDS);
	assert_true(pending[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_flood_turn_is_bounded, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_quiet_client_finishes, fx_cmocka_setup,
						fx_cmocka_teardown),
		cmocka_unit_test_setup_teardown(test_round_robin_serves_the_other, fx_cmocka_setup,
						fx_cmocka_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
