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
 *
 * A frame longer than the whole credit must go some time, or the port
 * would stall: it goes when the credit is whole, and the bytes it took
 * beyond the credit are a debt. Without the debt a guest sending only such
 * frames (GSO frames of 64 KiB against a credit of a few KiB) would send
 * one a interval, many times its rate. Intervals pay the debt first, those
 * the port spent idle included, since their credit went unused.
 */

/** See net_rate.h. */
void net_rate_init(struct net_rate *r, uint64_t bytes, uint32_t interval_us)
{
	r->bytes = bytes;
	r->interval_us = interval_us != 0 ? interval_us : 1;
	r->credit = 0;
	r->debt = 0;
	r->renew_us = 0;
	r->started = false;
}

/* Pay up to n intervals' credit towards the debt. */
static void pay(struct net_rate *r, uint64_t n)
{
	if (n >= r->debt / r->bytes + 1u) {
		r->debt = 0;
	} else {
		r->debt -= n * r->bytes;
	}
}

static void renew(struct net_rate *r, uint64_t now_us)
{
	if (r->started && now_us < r->renew_us) {
		return;
	}
	if (r->started) {
		pay(r, (now_us - r->renew_us) / r->interval_us); /* whole intervals spent idle */
	}
	if (r->debt >= r->bytes) {
		r->debt -= r->bytes;
		r->credit = 0;
	} else {
		r->credit = r->bytes - r->debt;
		r->debt = 0;
	}
	r->renew_us = now_us + r->interval_us;
	r->started = true;
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
		r->debt = len - r->bytes;
		return true;
	}
	return false;
}

/** See net_rate.h. */
uint64_t net_rate_when(const struct net_rate *r)
{
	return r->renew_us;
}
