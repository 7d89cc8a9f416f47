// SPDX-License-Identifier: MIT
/*
 * The witness beside the fuzzer: grants it a page and offers it a port, then
 * keeps running rounds of small work 50 times a second until the fuzzer
 * copies its end mark into that page. Every round must come within 10 s of
 * the last, and at least one a second on average; every STORE_EVERY rounds
 * a store round trip and every CONSOLE_EVERY a console line must go
 * through (witness_services.c), and once more each after the end mark; the
 * page must then be mapped by no one and its grant revocable.
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
#include "witness.h"

#define FUZZER_DOMID 1
#define ROUND_MS 20u
#define REPORT_NS 10000000000ull /* a progress line every 10 s */
#define GAP_LIMIT_MS 10000u
#define DEADLINE_S 220u /* unless bootargs say "wait=S" */
#define STORE_EVERY 10u
#define CONSOLE_EVERY 50u

static uint8_t page[FUZZ_PAGE] __attribute__((aligned(4096)));
static uint64_t events;
static bool offered;
static bool services;

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
	services = witness_services_up();
	CHECK(services);
}

/** How the services served the witness. */
struct served {
	uint64_t store_trips;
	uint64_t store_failed;
	uint64_t console_lines;
	uint64_t console_failed;
};

/* Every so many rounds, from the first on, a store round trip and a console line. */
static void use_services(uint64_t round, struct served *sv)
{
	char line[64];

	if (!services) {
		return;
	}
	if (round % STORE_EVERY == 1) {
		sv->store_trips++;
		sv->store_failed += !witness_store_round_trip(round);
	}
	if (round % CONSOLE_EVERY == 1) {
		snprintf(line, sizeof(line), "fuzz_witness: console round %llu\n",
			 (unsigned long long)round);
		sv->console_lines++;
		sv->console_failed += !witness_console_line(line);
	}
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
	struct served sv = { 0 };

	REQUIRE(offered);
	while (counter_ns() - start < deadline_s * 1000000000ull) {
		uint64_t now;

		xen_test_sleep_ms(ROUND_MS);
		sink += work(rounds);
		rounds++;
		use_services(rounds, &sv);
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
	printf("fuzz_witness: %llu store round trips, %llu failed; %llu console lines, %llu not "
	       "taken\n",
	       (unsigned long long)sv.store_trips, (unsigned long long)sv.store_failed,
	       (unsigned long long)sv.console_lines, (unsigned long long)sv.console_failed);
	CHECK(ended);
	CHECK(longest < GAP_LIMIT_MS * 1000000ull);
	CHECK(rounds >= (last - start) / 1000000000ull);
	CHECK(sv.store_trips > 0 && sv.console_lines > 0);
	CHECK_EQ(sv.store_failed, 0);
	CHECK_EQ(sv.console_failed, 0);
}

TEST(fuzz_witness, services_serve_after_fuzzer)
{
	REQUIRE(services);
	CHECK(witness_store_round_trip(~0ull));
	CHECK(witness_console_line("fuzz_witness: console served after the fuzzer ended\n"));
}

TEST(fuzz_witness, grant_left_unmapped)
{
	REQUIRE(offered);
	CHECK_EQ(gnttab_entries()[FUZZ_WITNESS_REF].flags & (GTF_reading | GTF_writing), 0);
	CHECK_EQ(gnttab_end_access_ref(FUZZ_WITNESS_REF), 0);
}
