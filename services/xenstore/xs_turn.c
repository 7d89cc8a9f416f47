/* SPDX-License-Identifier: MIT */
/* One client's turn at the store (xs_turn.h). */
#include "xs_turn.h"

struct xs_turn xs_turn_run(const struct xs_turn_ops *ops, void *arg)
{
	struct xs_turn turn = { 0 };
	bool moving = true;

	while (moving && turn.rounds < XS_TURN_ROUNDS) {
		size_t in = ops->take(arg);
		size_t out = ops->give(arg);

		turn.rounds++;
		moving = in || out;
		turn.moved |= moving;
	}
	/* A round that moved bytes may have left more: only an idle round says there is none. */
	turn.unfinished = moving;
	return turn;
}
