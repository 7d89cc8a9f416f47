// SPDX-License-Identifier: MIT
/*
 * The witness beside the fuzzer: grants it a page and offers it a port, then
 * keeps running rounds of small work 50 times a second until the fuzzer
 * copies its end mark into that page. Every round must come within 10 s of
 * the last, and at least one a second on average; after the end mark, the
 * page must be mapped by no one and its grant revocable.
 */
#include <abi/grant_table.h>
#include <abi/version.h>
#include <libos/counter.h>
#include <libos/dt.h>
#include <libos/gnttab.h>
#include <libos/hypercall.h>
#include <libos/test.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../xen_common/xen_test.h"
#include "fuzz.h"

#define FUZZER_DOMID 1
#define ROUND_MS 20u
#define REPORT_NS 10000000000ull /* a progress line every 10 s */
#define GAP_LIMIT_MS 10000u
#define DEADLINE_S 220u /* unless bootargs say "wait=S" */

static uint8_t page[FUZZ_PAGE] __attribute__((aligned(4096)));
static uint64_t events;
static bool offered;

static void count_event(evtchn_port_t port, void *arg)
{
	(void)port;
	(void)arg;
	__atomic_add_fetch(&events, 1, __ATOMIC_RELAXED);
}

/* "key=N" from the bootargs (decimal), or fallback. */
static uint64_t bootarg(const char *key, uint64_t fallback)
{
	const char *args = dt_bootargs();
	const char *at = args != NULL ? strstr(args, key) : NULL;

	return at != NULL ? strtoull(at + strlen(key), NULL, 10) : fallback;
}

TEST(fuzz_witness, offers)
{
	grant_ref_t ref = 0;
	evtchn_port_t port = 0;

	REQUIRE(xen_test_events_up());
	REQUIRE_EQ(gnttab_init(0), 0);
	REQUIRE_EQ(gnttab_grant_access(FUZZER_DOMID, (uintptr_t)page / FUZZ_PAGE, false, &ref), 0);
	CHECK_EQ(ref, FUZZ_WITNESS_REF);
	REQUIRE_EQ(xen_test_offer_port(FUZZER_DOMID, count_event, NULL, &port, 10), 0);
	offered = true;
}

/* A little work each round: some arithmetic, and a hypercall. */
static uint64_t work(uint64_t round)
{
	uint64_t sum = 0;

	for (uint64_t i = 0; i < 2000; i++) {
		sum += (round * 2654435761u + i) % 97;
	}
	return sum + (uint64_t)hypercall_xen_version(XENVER_version, NULL);
}

TEST(fuzz_witness, keeps_running_until_fuzzer_ends)
{
	uint64_t mark = FUZZ_DONE_MAGIC ^ bootarg("seed=", 1);
	uint64_t deadline_s = bootarg("wait=", DEADLINE_S);
	uint64_t start = counter_ns();
	uint64_t last = start;
	uint64_t next_report = start + REPORT_NS;
	uint64_t longest = 0;
	uint64_t rounds = 0;
	uint64_t sink = 0;
	bool ended = false;

	REQUIRE(offered);
	while (counter_ns() - start < deadline_s * 1000000000ull) {
		uint64_t now;

		xen_test_sleep_ms(ROUND_MS);
		sink += work(rounds);
		rounds++;
		now = counter_ns();
		longest = now - last > longest ? now - last : longest;
		last = now;
		if (now >= next_report) {
			printf("fuzz_witness: round %llu, longest gap %llu ms\n",
			       (unsigned long long)rounds, (unsigned long long)(longest / 1000000));
			next_report += REPORT_NS;
		}
		if (__atomic_load_n((const uint64_t *)page, __ATOMIC_ACQUIRE) == mark) {
			ended = true;
			break;
		}
	}
	printf("fuzz_witness: %llu rounds in %llu ms, longest gap %llu ms, %llu events (%llu)\n",
	       (unsigned long long)rounds, (unsigned long long)((last - start) / 1000000),
	       (unsigned long long)(longest / 1000000), (unsigned long long)events,
	       (unsigned long long)(sink & 1));
	CHECK(ended);
	CHECK(longest < GAP_LIMIT_MS * 1000000ull);
	CHECK(rounds >= (last - start) / 1000000000ull);
}

TEST(fuzz_witness, grant_left_unmapped)
{
	REQUIRE(offered);
	CHECK_EQ(gnttab_entries()[FUZZ_WITNESS_REF].flags & (GTF_reading | GTF_writing), 0);
	CHECK_EQ(gnttab_end_access_ref(FUZZ_WITNESS_REF), 0);
}
