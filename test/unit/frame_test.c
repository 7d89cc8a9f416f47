// SPDX-License-Identifier: MIT
/* Unit tests of the frame allocator (kernel/common/frame.c). */
#include <host_arch.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include <errno.h>
#include <frame.h>

#define MIB (1ull << 20)

static int setup(void **state)
{
	(void)state;
	host_ram_init(16 * MIB);
	host_reset_logs();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	host_ram_free();
	return 0;
}

static struct mem_range range(uint64_t base, uint64_t size)
{
	return (struct mem_range){ pa_make(base), size };
}

static void test_counts_exclude_reserved_and_bitmap(void **state)
{
	struct mem_range bank = range(HOST_RAM_BASE, 8 * MIB);
	struct mem_range rsv = range(HOST_RAM_BASE, 64 * 1024);

	(void)state;
	assert_int_equal(frame_init(&bank, 1, &rsv, 1), 0);
	/* 2048 frames, 16 reserved, two frames of bitmap and reference counts. */
	assert_int_equal(frame_free_count(), 2048 - 16 - 2);
}

static void test_alloc_is_zeroed_in_ram_and_never_reserved(void **state)
{
	struct mem_range bank = range(HOST_RAM_BASE, 1 * MIB);
	struct mem_range rsv = range(HOST_RAM_BASE + 0x10000, 0x3000);
	uint8_t *ram = arch_pa_to_va(pa_make(HOST_RAM_BASE));
	paddr_t pa;

	(void)state;
	memset(ram, 0xa5, 1 * MIB);
	assert_int_equal(frame_init(&bank, 1, &rsv, 1), 0);
	while (frame_alloc(&pa)) {
		const uint8_t *p = arch_pa_to_va(pa);

		assert_true(pa.pa >= HOST_RAM_BASE && pa.pa < HOST_RAM_BASE + 1 * MIB);
		assert_false(pa.pa >= rsv.base.pa && pa.pa < rsv.base.pa + rsv.size);
		for (unsigned int i = 0; i < PAGE_SIZE; i++) {
			assert_int_equal(p[i], 0);
		}
	}
	assert_int_equal(frame_free_count(), 0);
}

static void test_exhaustion_and_reuse(void **state)
{
	struct mem_range bank = range(HOST_RAM_BASE, 64 * 1024);
	paddr_t frames[16], again;
	unsigned int n = 0;

	(void)state;
	assert_int_equal(frame_init(&bank, 1, NULL, 0), 0);
	while (n < 16 && frame_alloc(&frames[n])) {
		n++;
	}
	assert_int_equal(n, 15); /* one frame holds the bitmap */
	assert_false(frame_alloc(&again));
	frame_free(frames[7]);
	assert_true(frame_alloc(&again));
	assert_int_equal(again.pa, frames[7].pa);
}

static void test_contiguous_and_aligned(void **state)
{
	struct mem_range bank = range(HOST_RAM_BASE, 1 * MIB);
	paddr_t one, two;

	(void)state;
	assert_int_equal(frame_init(&bank, 1, NULL, 0), 0);
	assert_true(frame_alloc(&one)); /* leaves the next 8 KiB boundary odd */
	assert_true(frame_alloc_contig(2, 2, &two));
	assert_int_equal(two.pa % (2 * PAGE_SIZE), 0);
	assert_false(frame_alloc_contig(0, 1, &two));
	assert_false(frame_alloc_contig(1, 0, &two));
	assert_false(frame_alloc_contig(1024, 1, &two)); /* more than the bank */
}

static void test_banks_and_unaligned_edges(void **state)
{
	struct mem_range banks[2] = { range(HOST_RAM_BASE + 0x800, 0x4000),
				      range(HOST_RAM_BASE + 2 * MIB, 0x3000) };

	(void)state;
	assert_int_equal(frame_init(banks, 2, NULL, 0), 0);
	/* First bank: frames 1..3 whole (0x1000-0x4000); one holds its bitmap.
	 * Second bank: 3 frames, one for its bitmap. */
	assert_int_equal(frame_free_count(), (3 - 1) + (3 - 1));
	/* Every frame handed out lies wholly inside a bank. */
	for (paddr_t pa; frame_alloc(&pa);) {
		assert_true((pa.pa >= HOST_RAM_BASE + 0x1000 && pa.pa < HOST_RAM_BASE + 0x4000) ||
			    (pa.pa >= HOST_RAM_BASE + 2 * MIB &&
			     pa.pa < HOST_RAM_BASE + 2 * MIB + 0x3000));
	}
}

static void test_reserved_start_moves_bitmap(void **state)
{
	struct mem_range bank = range(HOST_RAM_BASE, 1 * MIB);
	struct mem_range rsv = range(HOST_RAM_BASE, 0x5000);
	paddr_t pa;
	bool seen_low = false;

	(void)state;
	assert_int_equal(frame_init(&bank, 1, &rsv, 1), 0);
	assert_int_equal(frame_free_count(), 256 - 5 - 1);
	while (frame_alloc(&pa)) {
		seen_low |= pa.pa < HOST_RAM_BASE + 0x6000;
	}
	assert_false(seen_low); /* 0x5000 holds the bitmap */
}

static void test_no_room_for_bitmap(void **state)
{
	struct mem_range bank = range(HOST_RAM_BASE, 0x2000);
	struct mem_range rsv = range(HOST_RAM_BASE, 0x2000);

	(void)state;
	assert_int_equal(frame_init(&bank, 1, &rsv, 1), -ENOMEM);
}

static void test_double_free_panics(void **state)
{
	struct mem_range bank = range(HOST_RAM_BASE, 64 * 1024);
	paddr_t pa;

	(void)state;
	assert_int_equal(frame_init(&bank, 1, NULL, 0), 0);
	assert_true(frame_alloc(&pa));
	frame_free(pa);
	expect_assert_failure(frame_free(pa));
	expect_assert_failure(frame_free(pa_make(HOST_RAM_BASE + 8 * MIB)));
	expect_assert_failure(frame_free(pa_add(pa, 8)));
}

static void test_references_keep_a_frame(void **state)
{
	struct mem_range bank = range(HOST_RAM_BASE, 64 * 1024);
	uint64_t before;
	paddr_t pa, again;

	(void)state;
	assert_int_equal(frame_init(&bank, 1, NULL, 0), 0);
	before = frame_free_count();
	assert_true(frame_alloc(&pa));
	assert_true(frame_get(pa));
	assert_true(frame_get(pa));
	frame_put(pa);
	frame_free(pa);
	assert_int_equal(frame_free_count(), before - 1); /* one reference is left */
	frame_put(pa);
	assert_int_equal(frame_free_count(), before);
	assert_false(frame_get(pa)); /* free frames cannot be taken */
	assert_false(frame_get(pa_make(HOST_RAM_BASE + 8 * MIB)));
	for (bool seen = false; !seen;) { /* it is handed out again */
		assert_true(frame_alloc(&again));
		seen = again.pa == pa.pa;
	}
	expect_assert_failure(frame_put(pa_make(HOST_RAM_BASE + 1 * MIB))); /* not in the bank */
}

/* What a guest will see is zero in DRAM too: cleaned whole, after the zeroing. */
static void test_guest_frames_are_zeroed_and_cleaned(void **state)
{
	struct mem_range bank = range(HOST_RAM_BASE, 1 * MIB);
	struct mem_range block = range(HOST_RAM_BASE + 0x80000, 0x1000);
	uint8_t *ram = arch_pa_to_va(pa_make(HOST_RAM_BASE));
	paddr_t pa;

	(void)state;
	memset(ram, 0xa5, 1 * MIB);
	assert_int_equal(frame_init(&bank, 1, &block, 1), 0);
	host_reset_logs();
	assert_true(frame_alloc(&pa));
	assert_false(host_page_cleaned(pa)); /* the core's own frames need no clean */
	assert_true(frame_alloc_for_guest(&pa));
	assert_true(host_page_cleaned(pa));
	assert_int_equal(((uint8_t *)arch_pa_to_va(pa))[PAGE_SIZE - 1], 0);
	frame_clear_for_guest(block.base);
	assert_true(host_page_cleaned(block.base));
	assert_int_equal(ram[0x80000 + 17], 0);
	while (frame_alloc_for_guest(&pa)) {
	}
	assert_int_equal(frame_free_count(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_counts_exclude_reserved_and_bitmap, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_alloc_is_zeroed_in_ram_and_never_reserved,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_exhaustion_and_reuse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_contiguous_and_aligned, setup, teardown),
		cmocka_unit_test_setup_teardown(test_banks_and_unaligned_edges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reserved_start_moves_bitmap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_room_for_bitmap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_double_free_panics, setup, teardown),
		cmocka_unit_test_setup_teardown(test_references_keep_a_frame, setup, teardown),
		cmocka_unit_test_setup_teardown(test_guest_frames_are_zeroed_and_cleaned, setup,
						teardown),
	};

	return cmocka_run_group_tests_name("frame", tests, NULL, NULL);
}
