// SPDX-License-Identifier: MIT
/* CPU-bound work: a sieve of Eratosthenes below one million, repeated, must count 78498 primes. */
#include <libos/test.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIMIT 1000000u
#define ROUNDS 4

/* The number of primes below limit, with composite[] as scratch (limit bytes). */
static unsigned int sieve(unsigned char *composite, unsigned int limit)
{
	unsigned int count = 0;

	memset(composite, 0, limit);
	for (unsigned int n = 2; n < limit; n++) {
		if (composite[n]) {
			continue;
		}
		count++;
		for (unsigned long multiple = (unsigned long)n * n; multiple < limit;
		     multiple += n) {
			composite[multiple] = 1;
		}
	}
	return count;
}

TEST(worker, primes)
{
	unsigned char *composite = malloc(LIMIT);
	unsigned int count = 0;

	REQUIRE(composite != NULL);
	for (int round = 0; round < ROUNDS; round++) {
		count = sieve(composite, LIMIT);
		test_context("round %d", round);
		CHECK_EQ(count, 78498);
	}
	test_context(NULL);
	free(composite);
	printf("worker: %u primes below %u\n", count, LIMIT);
}
