// SPDX-License-Identifier: MIT
/* The fuzzer's random numbers: xorshift64*, and values of interest drawn from it. */
#include "fuzz.h"

static uint64_t state = 1;

void fuzz_seed(uint64_t seed)
{
	/* Mixed once so that seeds 1, 2, 3 do not start out alike. */
	state = (seed ^ 0x9e3779b97f4a7c15ull) * 0xbf58476d1ce4e5b9ull;
	if (state == 0) {
		state = 0x2545f4914f6cdd1dull;
	}
}

uint64_t fuzz_next(void)
{
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return state * 0x2545f4914f6cdd1dull;
}

uint64_t fuzz_below(uint64_t n)
{
	return fuzz_next() % n;
}

bool fuzz_one_in(unsigned int n)
{
	return fuzz_below(n) == 0;
}

uint64_t fuzz_value(void)
{
	static const uint64_t edges[] = {
		0,
		1,
		2,
		7,
		8,
		63,
		64,
		255,
		4095,
		4096,
		4097,
		0x7FEF,
		0x7FF0,
		0x7FF4,
		0xFFFF,
		0x10000,
		0x7FFFFFFF,
		0x80000000,
		0xFFFFFFFF,
		0x100000000ull,
		0x7FFFFFFFFFFFFFFFull,
		0x8000000000000000ull,
		~0ull,
	};

	switch (fuzz_below(4)) {
	case 0:
		return fuzz_below(16);
	case 1: {
		uint64_t edge = edges[fuzz_below(sizeof(edges) / sizeof(edges[0]))];

		return edge + (uint64_t)((int64_t)fuzz_below(3) - 1); /* on it, or a near miss */
	}
	case 2:
		return fuzz_next() & ((1ull << fuzz_below(64)) - 1); /* garbage of some width */
	default:
		return fuzz_next();
	}
}

uint64_t fuzz_pick(const uint64_t *values, size_t count)
{
	if (fuzz_one_in(8)) {
		return fuzz_value();
	}
	return values[fuzz_below(count)];
}

void fuzz_fill(void *buf, size_t len)
{
	uint8_t *bytes = buf;

	for (size_t i = 0; i < len; i++) {
		bytes[i] = (uint8_t)fuzz_next();
	}
}
