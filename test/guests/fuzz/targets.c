// SPDX-License-Identifier: MIT
/* Where the fuzzer's pointers, gfns and domain ids come from: safe places, bad ones, garbage. */
#include <abi/guest_layout.h>
#include <libos/dt.h>
#include <libos/physmap.h>
#include <string.h>

#include "fuzz.h"

/* Outside the libOS stage-1 map: the core cannot translate it. */
#define UNMAPPED_VA 0x7FFF0000000ull
/* Below RAM, nothing at stage 2. */
#define HOLE_IPA 0x10000000ull

/*
 * Page 0 holds the call's argument, page 1 a gfn list or a copy batch; the
 * zeros after it are what the core reads when a list's count runs past the
 * page (65,536 extents at most), so it never reads a stale gfn of the
 * domain's own RAM. fuzz_pointer never points past page 0; only a batch
 * running past its ops makes the core write further (their statuses).
 */
#define ARG_TAIL_PAGES 128u
#define POOL_SLACK 0x10000u
static uint8_t arg_buf[FUZZ_ARG_BYTES + ARG_TAIL_PAGES * FUZZ_PAGE] __attribute__((aligned(4096)));
/* Never touched by the fuzzer itself: pages here may be given back at any time. */
static uint8_t pool[FUZZ_POOL_PAGES * FUZZ_PAGE] __attribute__((aligned(2 << 20)));
static char text[256];
static uint64_t misc_ipa;
static uint64_t park_ipa;
static uint64_t ram_base;
static uint64_t ram_end;

bool fuzz_targets_init(void)
{
	uint64_t size;

	if (dt_memory(&ram_base, &size) != 0) {
		return false;
	}
	ram_end = ram_base + size;
	misc_ipa = physmap_alloc(FUZZ_MISC_PAGES);
	park_ipa = physmap_alloc(FUZZ_PARK_PAGES);
	for (size_t i = 0; i < sizeof(text); i++) {
		text[i] = (i % 61 == 60) ? '\n' : (char)('a' + i % 26);
	}
	return misc_ipa != 0 && park_ipa != 0;
}

uint8_t *fuzz_arg(void)
{
	return arg_buf;
}

_Static_assert(FUZZ_COPY_OPS + FUZZ_BATCH_MAX * FUZZ_OP_BYTES_MAX <= sizeof(arg_buf),
	       "the longest batch the core takes stays in the argument buffer");

void fuzz_batch_clear(void *ops, size_t written, uint64_t passed)
{
	uint64_t reach = (passed < FUZZ_BATCH_MAX ? passed : FUZZ_BATCH_MAX) * FUZZ_OP_BYTES_MAX;

	if (reach > written) {
		memset((uint8_t *)ops + written, 0, reach - written);
	}
}

uint64_t fuzz_pool_gfn(void)
{
	return (uint64_t)(uintptr_t)pool / FUZZ_PAGE;
}

uint64_t fuzz_misc_gfn(void)
{
	return misc_ipa / FUZZ_PAGE;
}

uint64_t fuzz_park_gfn(void)
{
	return park_ipa / FUZZ_PAGE;
}

uint64_t fuzz_above_gfn(void)
{
	return ram_end / FUZZ_PAGE;
}

uint64_t fuzz_bad_pointer(void)
{
	static const uint64_t bad[] = {
		0,
		8,
		HOLE_IPA,
		GUEST_GICD_BASE,
		GUEST_GICR_BASE + 0x10000,
		GUEST_GRANT_BASE,
		GUEST_GRANT_BASE + GUEST_GRANT_SIZE - 8,
		GUEST_MAGIC_BASE,
		UNMAPPED_VA,
		1ull << GUEST_IPA_BITS,
		0xFFFF000000000000ull,
		~0ull - 7,
	};

	if (fuzz_one_in(4)) {
		/* Running off the last misc page (the end of RAM may hold the DTB or a stack). */
		return misc_ipa + FUZZ_MISC_PAGES * FUZZ_PAGE - 1 - fuzz_below(16);
	}
	/* Never fuzz_value(): a small garbage value may be an address of the domain's own RAM. */
	return bad[fuzz_below(sizeof(bad) / sizeof(bad[0]))];
}

uint64_t fuzz_pointer(void)
{
	uint64_t base = (uint64_t)(uintptr_t)arg_buf;

	switch (fuzz_below(8)) {
	case 0:
	case 1:
	case 2:
		return base;
	case 3:
		return base + fuzz_below(FUZZ_PAGE - 64); /* unaligned; clear of the gfn list */
	case 4:
		/* Batches of ops run on past their first: 64 KiB stays inside the pool. */
		return (uint64_t)(uintptr_t)pool + fuzz_below(sizeof(pool) - POOL_SLACK);
	case 5:
		return misc_ipa + fuzz_below(FUZZ_MISC_PAGES * FUZZ_PAGE);
	default:
		return fuzz_bad_pointer();
	}
}

uint64_t fuzz_unreadable_pointer(void)
{
	/* Not 0 nor a hole: a core frame may be moved to any gfn outside RAM (but 0). */
	static const uint64_t unreadable[] = { UNMAPPED_VA, 1ull << GUEST_IPA_BITS, ~0ull - 3 };

	return unreadable[fuzz_below(sizeof(unreadable) / sizeof(unreadable[0]))];
}

uint64_t fuzz_text_pointer(void)
{
	if (fuzz_one_in(3)) {
		return fuzz_unreadable_pointer();
	}
	return (uint64_t)(uintptr_t)text + fuzz_below(sizeof(text) / 2);
}

/* A gfn that is not the domain's RAM, nor anywhere it keeps anything. */
static uint64_t bad_gfn(void)
{
	static const uint64_t bad[] = {
		0,
		1,
		HOLE_IPA / FUZZ_PAGE,
		GUEST_GICD_BASE / FUZZ_PAGE,
		GUEST_GRANT_BASE / FUZZ_PAGE,
		GUEST_MAGIC_BASE / FUZZ_PAGE,
		GUEST_MAGIC_BASE / FUZZ_PAGE + 1,
		GUEST_RAM_BASE / FUZZ_PAGE - 1,
		(GUEST_RAM_BASE + GUEST_RAM_MAX) / FUZZ_PAGE,
		(1ull << GUEST_IPA_BITS) / FUZZ_PAGE,
		1ull << 52,
		~0ull,
	};

	uint64_t gfn;

	/* Uniform garbage is never near the domain's own pages. */
	if (fuzz_one_in(4)) {
		return fuzz_next() | (1ull << 40);
	}
	gfn = bad[fuzz_below(sizeof(bad) / sizeof(bad[0]))];
	/* While the rings are written to, their pages are not to be given back (see fuzz.h). */
	if (fuzz_keep_rings && gfn >= GUEST_MAGIC_BASE / FUZZ_PAGE &&
	    gfn < GUEST_MAGIC_BASE / FUZZ_PAGE + 2) {
		return 0;
	}
	return gfn;
}

uint64_t fuzz_gfn_to_lose(void)
{
	switch (fuzz_below(6)) {
	case 0:
	case 1:
		return fuzz_pool_gfn() + fuzz_below(FUZZ_POOL_PAGES);
	case 2:
		return fuzz_misc_gfn() + fuzz_below(FUZZ_MISC_PAGES);
	case 3:
		return fuzz_above_gfn() + fuzz_below(FUZZ_ABOVE_PAGES);
	default:
		return bad_gfn();
	}
}

uint64_t fuzz_gfn_any(void)
{
	if (fuzz_one_in(4)) {
		return ram_base / FUZZ_PAGE + fuzz_below((ram_end - ram_base) / FUZZ_PAGE + 1);
	}
	return fuzz_gfn_to_lose();
}

uint64_t fuzz_map_addr(void)
{
	uint64_t addr = fuzz_gfn_to_lose() * FUZZ_PAGE;

	if (fuzz_one_in(4)) {
		addr = GUEST_GRANT_BASE + fuzz_below(GUEST_GRANT_SIZE / FUZZ_PAGE) * FUZZ_PAGE;
	}
	if (fuzz_one_in(16)) {
		addr += 1 + fuzz_below(FUZZ_PAGE - 1);
	}
	return addr;
}

domid_t fuzz_domid(void)
{
	static const uint64_t ids[] = {
		DOMID_SELF,
		DOMID_SELF,
		1,
		FUZZ_WITNESS_DOMID,
		FUZZ_WITNESS_DOMID,
		0,
		3,
		77,
		0x7FEF,
		0x7FF1,
		DOMID_INVALID,
		0xFFFF,
	};

	return (domid_t)fuzz_pick(ids, sizeof(ids) / sizeof(ids[0]));
}

uint64_t fuzz_arg_gfn(void)
{
	return (uint64_t)(uintptr_t)arg_buf / FUZZ_PAGE;
}

uint64_t fuzz_copy_gfn(void)
{
	switch (fuzz_below(4)) {
	case 0:
		return fuzz_arg_gfn();
	case 1:
		return fuzz_pool_gfn() + fuzz_below(FUZZ_POOL_PAGES);
	case 2:
		return fuzz_misc_gfn() + fuzz_below(FUZZ_MISC_PAGES);
	default:
		return fuzz_gfn_to_lose();
	}
}
