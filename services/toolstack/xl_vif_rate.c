/* SPDX-License-Identifier: MIT */
/* xl's vif rate limits: RATE/s[@INTERVAL] to credit bytes per replenishment interval. */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include "xl_vif.h"

#define RATE_INTERVAL_DEFAULT_US 50000u /* xl's default: 50 ms */
#define US_PER_S 1000000u

struct rate_error {
	uint32_t *offset;
	const char **what;
};

static int rate_fail(const struct rate_error *e, size_t offset, const char *what)
{
	*e->offset = (uint32_t)offset;
	*e->what = what;
	return -EINVAL;
}

/* Leading decimal digits (at least one); 0 if there are none or they pass 2^32 - 1. */
static size_t digits(const char *s, size_t len, uint64_t *value, bool *overflow)
{
	size_t i = 0;

	*value = 0;
	*overflow = false;
	while (i < len && s[i] >= '0' && s[i] <= '9') {
		*value = *value * 10 + (uint64_t)(s[i] - '0');
		if (*value > UINT32_MAX) {
			*overflow = true;
			*value = UINT32_MAX + 1ull; /* stays put: no wrap however many digits */
		}
		i++;
	}
	return i;
}

/* RATE: digits, [GMK], B or b, "/s"; bytes per second. */
static int bytes_per_sec(const char *s, size_t len, const struct rate_error *e, uint64_t *bps)
{
	static const char units[] = "GMK";
	static const uint64_t scale[] = { 1000000000ull, 1000000ull, 1000ull };
	const char *unit;
	bool overflow;
	size_t n = digits(s, len, bps, &overflow);

	if (n == 0) {
		return rate_fail(e, 0, "invalid rate");
	}
	if (overflow || *bps == 0) {
		return rate_fail(e, 0, "rate overflow");
	}
	unit = n < len && s[n] != '\0' ? strchr(units, s[n]) : NULL;
	if (unit != NULL) {
		*bps *= scale[unit - units];
		n++;
	}
	if (len - n != 3 || (s[n] != 'B' && s[n] != 'b') || s[n + 1] != '/' || s[n + 2] != 's') {
		return rate_fail(e, n, "invalid rate");
	}
	if (s[n] == 'b') {
		*bps /= 8;
	}
	return 0;
}

/* INTERVAL: digits, then us, ms, s or nothing (seconds, as xl reads it); microseconds. */
static int interval_usecs(const char *s, size_t len, const struct rate_error *e, size_t at,
			  uint32_t *usecs)
{
	uint64_t v, mul = US_PER_S;
	bool overflow;
	size_t n = digits(s, len, &v, &overflow);

	if (n == 0) {
		return rate_fail(e, at, "invalid replenishment interval");
	}
	if (overflow || v == 0) {
		return rate_fail(e, at, "replenishment interval overflow");
	}
	if (n < len && (s[n] == 'm' || s[n] == 'u')) {
		mul = s[n] == 'm' ? 1000u : 1u;
		n++;
	}
	if (n < len && s[n] == 's') {
		n++;
	}
	if (n != len) {
		return rate_fail(e, at + n, "invalid replenishment interval");
	}
	if (v * mul > UINT32_MAX) {
		return rate_fail(e, at, "replenishment interval overflow");
	}
	*usecs = (uint32_t)(v * mul);
	return 0;
}

/** xl_vif_rate() - see xl_vif.h. */
int xl_vif_rate(const char *text, size_t len, uint64_t *bytes_per_interval,
		uint32_t *interval_usecs_out, uint32_t *err_offset, const char **what)
{
	const struct rate_error e = { err_offset, what };
	const char *at = memchr(text, '@', len);
	size_t rate_len = at != NULL ? (size_t)(at - text) : len;
	uint32_t usecs = RATE_INTERVAL_DEFAULT_US;
	uint64_t bps, credit;

	if (rate_len == 0) {
		return rate_fail(&e, 0, "no rate specified");
	}
	if (bytes_per_sec(text, rate_len, &e, &bps) < 0) {
		return -EINVAL;
	}
	if (at != NULL &&
	    interval_usecs(at + 1, len - rate_len - 1, &e, rate_len + 1, &usecs) < 0) {
		return -EINVAL;
	}
	/* bps (up to 2^32 * 10^9) times usecs can pass 2^64: refused, as xl does */
	if (bps > UINT64_MAX / usecs) {
		return rate_fail(&e, 0, "rate overflow");
	}
	credit = bps * usecs / US_PER_S;
	if (credit == 0) {
		return rate_fail(&e, 0, "rate gives no credit in an interval");
	}
	*bytes_per_interval = credit;
	*interval_usecs_out = usecs;
	return 0;
}
