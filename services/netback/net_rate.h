/* SPDX-License-Identifier: MIT */
/* A port's rate limit, as xl's rate=: a credit of bytes renewed each interval. */
#ifndef NETBACK_NET_RATE_H
#define NETBACK_NET_RATE_H

#include <stdbool.h>
#include <stdint.h>

struct net_rate {
	uint64_t bytes;       /* the credit each interval; 0: no limit */
	uint32_t interval_us; /* the interval */
	uint64_t credit;      /* bytes left this interval */
	uint64_t debt;        /* bytes a frame over the whole credit took beyond it, owed by the
				 intervals that follow */
	uint64_t renew_us;    /* when the credit is next renewed */
	bool started;         /* an interval has begun (credit and renew_us are set) */
};

/** A limit of bytes per interval_us (bytes 0: none; interval 0 is taken as 1 us). */
void net_rate_init(struct net_rate *r, uint64_t bytes, uint32_t interval_us);

/**
 * May a frame of len bytes go now? If so its bytes are spent. A frame over
 * the whole credit goes once the credit is whole (so it cannot wait for
 * ever), spending all of it; what it took beyond is owed, and the intervals
 * that follow pay it back before their credit is spent again, so big frames
 * keep to the rate too.
 */
bool net_rate_take(struct net_rate *r, uint32_t len, uint64_t now_us);

/** When the credit is next renewed: after net_rate_take said no, the time to try again. */
uint64_t net_rate_when(const struct net_rate *r);

#endif
