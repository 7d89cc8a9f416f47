// SPDX-License-Identifier: MIT
/*
 * Taking guest output from the rings, fairly.
 *
 * Each round takes the same budget from every console, starting one slot
 * further each time, so a guest that floods its ring only fills its own ring
 * and waits for its next turn, while a quiet guest's line goes out in the
 * round that finds it. The input holder's output goes to the terminal raw,
 * everyone else's becomes tagged lines.
 */
#include "conring.h"
#include "domain.h"
#include "lines.h"
#include "output.h"
#include "raw.h"

/* Move one budget of d's output to its line. Returns true if its ring holds more. */
static bool drain(struct console_service *svc, struct console_domain *d, uint64_t now_ns)
{
	char bytes[CONSOLE_POLL_BUDGET];
	uint32_t left = 0;
	int n = conring_out_take(&d->idx, bytes, CONSOLE_POLL_BUDGET, &left);

	if (n < 0) {
		domain_break(svc, d);
		return false;
	}
	if (n > 0) {
		d->stats.bytes_out += (uint32_t)n;
		d->notify = true;
		if (svc->focus == (int)(d - svc->dom)) {
			raw_put(svc, d, bytes, (uint32_t)n, now_ns);
		} else {
			lines_put(svc, d, bytes, (uint32_t)n, now_ns);
		}
	}
	return left > 0;
}

bool output_round(struct console_service *svc, uint64_t now_ns)
{
	uint32_t count = svc->dom_count;
	uint32_t first = count;
	bool more = false;

	for (uint32_t i = 0; i < count; i++) {
		uint32_t slot = (svc->next + i) % count;

		if (domain_live(svc, (int)slot)) {
			first = first < count ? first : slot;
			more = drain(svc, &svc->dom[slot], now_ns) || more;
		}
	}
	/* The console after this round's first goes first next time, however sparse the table. */
	if (first < count) {
		svc->next = (first + 1u) % count;
	}
	/* The holder's line buffer holds an unfinished sequence, never text that comes due. */
	for (int slot = 0; slot < (int)count; slot++) {
		if (domain_live(svc, slot) && slot != svc->focus) {
			lines_flush_due(svc, &svc->dom[slot], now_ns);
		}
	}
	return more;
}
