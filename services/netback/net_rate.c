/* SPDX-License-Identifier: MIT */
/* A port's rate limit: a credit of bytes renewed, not accumulated, at the start of each interval.
 */
#include "net_rate.h"

/*
 * xl's rate= says "RATE per second, replenished every INTERVAL": the credit
 * is the bytes one interval may carry. An unused credit is not carried over
 * (so a quiet port cannot save up a burst), as Linux netback's credit is
 * capped. Intervals start when the port first sends after an idle spell,
 * not on a fixed grid, so an idle port's first frame never waits.
 */

/** See net_rate.h. */
void net_rate_init(struct net_rate *r, uint64_t bytes, uint32_t interval_us)
{
	r->bytes = bytes;
	r->interval_us = interval_us != 0 ? interval_us : 1;
	r->credit = 0;
	r->renew_us = 0;
	r->started = false;
}

static void renew(struct net_rate *r, uint64_t now_us)
{
	if (!r->started || now_us >= r->renew_us) {
		r->credit = r->bytes;
		r->renew_us = now_us + r->interval_us;
		r->started = true;
	}
}

/** See net_rate.h. */
bool net_rate_take(struct net_rate *r, uint32_t len, uint64_t now_us)
{
	if (r->bytes == 0) {
		return true;
	}
	renew(r, now_us);
	if (len <= r->credit) {
		r->credit -= len;
		return true;
	}
	if (len > r->bytes && r->credit == r->bytes) {
		r->credit = 0;
		return true;
	}
	return false;
}

/** See net_rate.h. */
uint64_t net_rate_when(const struct net_rate *r)
{
	return r->renew_us;
}
