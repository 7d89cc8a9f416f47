// SPDX-License-Identifier: MIT
/* The window of IPAs for frames that are not the domain's RAM, and XENMEM_add_to_physmap. */
#include <abi/hypercall.h>
#include <abi/memory.h>
#include <libos/dt.h>
#include <libos/hypercall.h>
#include <libos/physmap.h>
#include <libos/spinlock.h>
#include <stdbool.h>

/*
 * Locking: physmap_lock protects everything here (physmap_count is also
 * read without it, as a statistic). A set
 * bit is a reserved page; physmap_hint is a word before which every word is
 * full, so single-page allocations do not rescan the start every time.
 */

#define PHYSMAP_WORDS (PHYSMAP_WINDOW_PAGES / 64u)

static struct spinlock physmap_lock;
static uint64_t physmap_bits[PHYSMAP_WORDS]; /* protected by physmap_lock */
static size_t physmap_hint;                  /* protected by physmap_lock */
static size_t physmap_count;                 /* protected by physmap_lock */
static int physmap_state; /* 0 unchecked, 1 usable, -1 RAM overlaps; protected by physmap_lock */

/* Whether the domain's RAM (per its DT) stays below the window; asked once. */
static bool physmap_usable(void)
{
	uint64_t base;
	uint64_t size;

	if (physmap_state == 0) {
		bool ok = dt_memory(&base, &size) == 0 && base + size >= base &&
			  base + size <= PHYSMAP_WINDOW_BASE;

		physmap_state = ok ? 1 : -1;
	}
	return physmap_state > 0;
}

static bool physmap_bit(size_t page)
{
	return (physmap_bits[page / 64u] >> (page % 64u)) & 1u;
}

static void physmap_set_range(size_t first, size_t count, bool reserve)
{
	for (size_t page = first; page < first + count; page++) {
		uint64_t bit = 1ull << (page % 64u);

		if (reserve) {
			physmap_bits[page / 64u] |= bit;
		} else {
			physmap_bits[page / 64u] &= ~bit;
		}
	}
}

/* First free page at or after page, or PHYSMAP_WINDOW_PAGES; skips full words whole. */
static size_t physmap_next_free(size_t page)
{
	while (page < PHYSMAP_WINDOW_PAGES) {
		uint64_t free_bits = ~physmap_bits[page / 64u] & (~0ull << (page % 64u));

		if (free_bits != 0) {
			return page / 64u * 64u + (size_t)__builtin_ctzll(free_bits);
		}
		page = (page / 64u + 1u) * 64u;
	}
	return PHYSMAP_WINDOW_PAGES;
}

/* First-fit search for count free pages; PHYSMAP_WINDOW_PAGES if none. */
static size_t physmap_find(size_t count)
{
	size_t first = physmap_next_free(physmap_hint * 64u);

	while (first + count <= PHYSMAP_WINDOW_PAGES) {
		size_t run = 1;

		while (run < count && !physmap_bit(first + run)) {
			run++;
		}
		if (run == count) {
			return first;
		}
		first = physmap_next_free(first + run);
	}
	return PHYSMAP_WINDOW_PAGES;
}

uint64_t physmap_alloc(size_t count)
{
	uint64_t daif;
	uint64_t ipa = 0;
	size_t first;

	if (count == 0 || count > PHYSMAP_WINDOW_PAGES) {
		return 0;
	}
	daif = spin_lock_irqsave(&physmap_lock);
	first = physmap_usable() ? physmap_find(count) : PHYSMAP_WINDOW_PAGES;
	if (first < PHYSMAP_WINDOW_PAGES) {
		physmap_set_range(first, count, true);
		physmap_count += count;
		while (physmap_hint < PHYSMAP_WORDS && physmap_bits[physmap_hint] == ~0ull) {
			physmap_hint++;
		}
		ipa = PHYSMAP_WINDOW_BASE + first * PHYSMAP_PAGE_SIZE;
	}
	spin_unlock_irqrestore(&physmap_lock, daif);
	return ipa;
}

void physmap_free(uint64_t ipa, size_t count)
{
	uint64_t daif;
	size_t first;

	if (ipa < PHYSMAP_WINDOW_BASE || ipa % PHYSMAP_PAGE_SIZE != 0) {
		return;
	}
	first = (size_t)((ipa - PHYSMAP_WINDOW_BASE) / PHYSMAP_PAGE_SIZE);
	if (first >= PHYSMAP_WINDOW_PAGES || count > PHYSMAP_WINDOW_PAGES - first) {
		return;
	}
	daif = spin_lock_irqsave(&physmap_lock);
	for (size_t page = first; page < first + count; page++) {
		if (physmap_bit(page)) {
			physmap_count--;
		}
	}
	physmap_set_range(first, count, false);
	if (first / 64u < physmap_hint) {
		physmap_hint = first / 64u;
	}
	spin_unlock_irqrestore(&physmap_lock, daif);
}

size_t physmap_used(void)
{
	return __atomic_load_n(&physmap_count, __ATOMIC_RELAXED);
}

long physmap_add(unsigned int space, uint64_t idx, uint64_t gfn)
{
	struct xen_add_to_physmap arg = {
		.domid = DOMID_SELF,
		.size = 0,
		.space = space,
		.idx = idx,
		.gpfn = gfn,
	};

	return hypercall_memory_op(XENMEM_add_to_physmap, &arg);
}
