// SPDX-License-Identifier: MIT
/*
 * Ballooning: the domain gives pages of its RAM back to the core, finds
 * them gone (accesses fault), takes them again (zeroed), and cannot take
 * more than its maximum reservation.
 */
#include <abi/guest_layout.h>
#include <libfdt.h>
#include <libos/arm64.h>
#include <libos/dt.h>
#include <abi/memory.h>
#include <abi/hypercall.h>
#include <libos/exc.h>
#include <libos/hypercall.h>
#include <libos/probe.h>
#include <libos/reservation.h>
#include <libos/test.h>
#include <stdio.h>

#define PAGE 4096ull
#define BALLOON_PAGES 256u
#define BALLOON_EXTRA 8u           /* gfns past the maximum in the partial populate */
#define BALLOON_MAX_HEADROOM 4096u /* a larger max - current is not tried page by page */
#define BALLOON_MANY 3000u         /* extents in one call: many parts of the core's 64 */
#define BALLOON_SKIPPED 100u       /* the guest's own progress bits skip all but these */

extern const char _image_end[];

static uint64_t gfns[BALLOON_PAGES + BALLOON_MAX_HEADROOM + BALLOON_EXTRA];

/* The first IPA past the domain's RAM; 0 if the DT does not say. */
static uint64_t ram_end(void)
{
	uint64_t base;
	uint64_t size;

	return dt_memory(&base, &size) == 0 ? base + size : 0;
}

/*
 * The lowest gfn of the top `count` pages of RAM, if they lie wholly above
 * the image (with its stacks and heap) and the DTB; 0 otherwise.
 */
static uint64_t top_of_ram(unsigned int count)
{
	uint64_t end = ram_end();
	uint64_t used = (uint64_t)(uintptr_t)_image_end;
	const void *dtb = dt_blob();

	if (dtb != NULL && (uint64_t)(uintptr_t)dtb + fdt_totalsize(dtb) > used) {
		used = (uint64_t)(uintptr_t)dtb + fdt_totalsize(dtb);
	}
	if (end < count * PAGE || end - count * PAGE < used) {
		return 0;
	}
	return end / PAGE - count;
}

/* Accesses to the page at gfn must fault: a load and a store, both external aborts. */
static bool page_gone(uint64_t gfn)
{
	uintptr_t va = (uintptr_t)(gfn * PAGE + 8);
	struct exc_record rec;
	bool ok;

	test_context("touching given-back gfn 0x%lx", (unsigned long)gfn);
	exc_expect(ESR_EC_DABT_CUR, (uintptr_t)probe_read64_resume);
	(void)probe_read64(va);
	ok = CHECK(exc_taken(&rec)) && CHECK_EQ(ESR_FSC(rec.esr), ESR_FSC_SYNC_EXTERNAL) &&
	     CHECK_EQ(rec.far, va);
	exc_expect(ESR_EC_DABT_CUR, (uintptr_t)probe_write64_resume);
	probe_write64(va, 1);
	ok = CHECK(exc_taken(&rec)) && CHECK(rec.esr & ESR_DABT_WNR) && ok;
	test_context(NULL);
	return ok;
}

static bool page_is(uint64_t gfn, uint64_t value)
{
	const uint64_t *p = (const uint64_t *)(uintptr_t)(gfn * PAGE);

	for (unsigned int i = 0; i < PAGE / 8; i++) {
		if (p[i] != value) {
			return false;
		}
	}
	return true;
}

static void fill_page(uint64_t gfn, uint64_t value)
{
	uint64_t *p = (uint64_t *)(uintptr_t)(gfn * PAGE);

	for (unsigned int i = 0; i < PAGE / 8; i++) {
		p[i] = value;
	}
}

TEST(balloon, reservation_numbers)
{
	long current = reservation_current();
	long maximum = reservation_maximum();
	long max_gpfn = reservation_maximum_gpfn();
	uint64_t end = ram_end();

	printf("balloon: current %ld pages, maximum %ld, maximum gpfn 0x%lx\n", current, maximum,
	       max_gpfn);
	REQUIRE(end > GUEST_RAM_BASE);
	/* Nothing given back yet: the domain owns all the RAM its DT describes. */
	CHECK_EQ(current, (long)((end - GUEST_RAM_BASE) / PAGE));
	CHECK(maximum >= current);
	CHECK(max_gpfn >= (long)(end / PAGE - 1));
}

TEST(balloon, give_back_and_take_again)
{
	uint64_t first = top_of_ram(BALLOON_PAGES);
	long current = reservation_current();
	bool zero = true;

	REQUIRE(first != 0);
	REQUIRE(current > (long)BALLOON_PAGES);
	for (unsigned int i = 0; i < BALLOON_PAGES; i++) {
		gfns[i] = first + i;
		fill_page(gfns[i], 0x0123456789abcdefull + i);
	}
	CHECK(page_is(first, 0x0123456789abcdefull));

	CHECK_EQ(reservation_decrease(gfns, BALLOON_PAGES), BALLOON_PAGES);
	CHECK_EQ(reservation_current(), current - (long)BALLOON_PAGES);
	CHECK(page_gone(gfns[0]));
	CHECK(page_gone(gfns[BALLOON_PAGES / 2]));
	CHECK(page_gone(gfns[BALLOON_PAGES - 1]));
	/* What is gone cannot be given back twice. */
	CHECK_EQ(reservation_decrease(gfns, 1), 0);
	CHECK_EQ(reservation_current(), current - (long)BALLOON_PAGES);

	CHECK_EQ(reservation_populate(gfns, BALLOON_PAGES), BALLOON_PAGES);
	CHECK_EQ(reservation_current(), current);
	for (unsigned int i = 0; i < BALLOON_PAGES; i++) {
		zero = zero && page_is(gfns[i], 0);
	}
	CHECK(zero); /* fresh pages, nothing of what was there before */
	fill_page(gfns[BALLOON_PAGES - 1], 42);
	CHECK(page_is(gfns[BALLOON_PAGES - 1], 42));
	/* What is there cannot be populated again. */
	CHECK_EQ(reservation_populate(gfns, 1), 0);
	CHECK_EQ(reservation_current(), current);
}

TEST(balloon, maximum_limits_populate)
{
	long current = reservation_current();
	long maximum = reservation_maximum();
	uint64_t first = top_of_ram(BALLOON_PAGES);
	uint64_t above = ram_end() / PAGE;
	unsigned int headroom;
	unsigned int listed;
	long done;

	REQUIRE(first != 0);
	REQUIRE(current > 0 && maximum >= current);
	if (maximum - current > BALLOON_MAX_HEADROOM) {
		printf("balloon: maximum %ld leaves more than %u pages of headroom: not tried\n",
		       maximum, BALLOON_MAX_HEADROOM);
		return;
	}
	headroom = (unsigned int)(maximum - current);
	/* Give back BALLOON_PAGES, then ask for them, the headroom and some more past RAM. */
	for (unsigned int i = 0; i < BALLOON_PAGES; i++) {
		gfns[i] = first + i;
	}
	REQUIRE_EQ(reservation_decrease(gfns, BALLOON_PAGES), BALLOON_PAGES);
	listed = BALLOON_PAGES;
	for (unsigned int i = 0; i < headroom + BALLOON_EXTRA; i++) {
		gfns[listed++] = above + i;
	}
	done = reservation_populate(gfns, listed);
	/* Populated in list order up to the maximum, and no further. */
	CHECK_EQ(done, (long)BALLOON_PAGES + headroom);
	CHECK_EQ(reservation_current(), maximum);
	if (done >= 0 && (unsigned long)done < listed) {
		CHECK(page_gone(gfns[done]));
	}
	/* Back to where it started: the pages past RAM go again. */
	if (headroom != 0) {
		CHECK_EQ(reservation_decrease(gfns + BALLOON_PAGES, headroom), headroom);
	}
	CHECK_EQ(reservation_current(), current);
}

/* Pages of gfns[from, to) that are gone (fault), or that are there and read
 * as zeros, each counted. */
static unsigned int count_gone(unsigned int from, unsigned int to)
{
	unsigned int n = 0;

	for (unsigned int i = from; i < to; i++) {
		n += page_gone(gfns[i]);
	}
	return n;
}

static unsigned int count_fresh(unsigned int from, unsigned int to)
{
	unsigned int n = 0;

	for (unsigned int i = from; i < to; i++) {
		n += page_is(gfns[i], 0);
		fill_page(gfns[i], i);
		n -= !page_is(gfns[i], i); /* and writable */
	}
	return n;
}

/*
 * Thousands of extents in one call: the core does them in parts, returning to
 * the guest in between with its PC on the HVC, and the guest sees one call
 * doing them all, every page given back or taken, the return value the count.
 * A guest may also start a call part-way itself, with the progress bits Xen
 * defines in cmd.
 */
TEST(balloon, many_extents_in_one_call)
{
	uint64_t first = top_of_ram(BALLOON_MANY);
	long current = reservation_current();
	struct xen_memory_reservation r = { .extent_start = (uint64_t)(uintptr_t)gfns,
					    .nr_extents = BALLOON_MANY,
					    .domid = DOMID_SELF };
	unsigned int from = BALLOON_MANY - BALLOON_SKIPPED;

	REQUIRE(first != 0);
	for (unsigned int i = 0; i < BALLOON_MANY; i++) {
		gfns[i] = first + i;
		fill_page(gfns[i], 0xfeedull + i);
	}
	CHECK_EQ(reservation_decrease(gfns, BALLOON_MANY), BALLOON_MANY);
	CHECK_EQ(reservation_current(), current - (long)BALLOON_MANY);
	CHECK_EQ(count_gone(0, BALLOON_MANY), BALLOON_MANY);

	/* Pages not populated would fault below: stop here if the call did not do them. */
	REQUIRE_EQ(hypercall_memory_op(XENMEM_populate_physmap |
					       ((unsigned long)from << MEMOP_EXTENT_SHIFT),
				       &r),
		   BALLOON_MANY);
	CHECK_EQ(reservation_current(), current - (long)from);
	CHECK(page_gone(gfns[from - 1]));
	CHECK_EQ(count_fresh(from, BALLOON_MANY), BALLOON_SKIPPED);

	REQUIRE_EQ(reservation_populate(gfns, from), (long)from);
	CHECK_EQ(reservation_current(), current);
	CHECK_EQ(count_fresh(0, from), from);
}
