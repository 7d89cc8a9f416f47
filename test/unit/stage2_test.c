// SPDX-License-Identifier: MIT
/* Unit tests of the stage-2 tables (kernel/arch/arm64/stage2.c), down to descriptor bits. */
#include <host_arch.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include <errno.h>
#include <frame.h>
#include <stage2.h>

#define MIB (1ull << 20)
#define RAM(off) pa_make(HOST_RAM_BASE + 8 * MIB + (off))

static struct stage2 s2;
static unsigned int released;

static int setup(void **state)
{
	struct mem_range bank = { pa_make(HOST_RAM_BASE), 8 * MIB };

	(void)state;
	host_ram_init(16 * MIB);
	host_reset_logs();
	released = 0;
	assert_int_equal(frame_init(&bank, 1, NULL, 0), 0);
	assert_int_equal(stage2_init(&s2, 7), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	host_ram_free();
	return 0;
}

static void count_release(paddr_t pa, enum stage2_type type)
{
	(void)pa;
	(void)type;
	released++;
}

/* The level-3 descriptor for ipa, read the way the hardware walks. */
static uint64_t descriptor(uint64_t ipa)
{
	const uint64_t *l1 = arch_pa_to_va(s2.root);
	uint64_t d = l1[(ipa >> 30) & 1023];
	const uint64_t *l2, *l3;

	assert_int_equal(d & 3, 3);
	l2 = arch_pa_to_va(pa_make(d & 0xFFFFFFFFF000ull));
	d = l2[(ipa >> 21) & 511];
	assert_int_equal(d & 3, 3);
	l3 = arch_pa_to_va(pa_make(d & 0xFFFFFFFFF000ull));
	return l3[(ipa >> 12) & 511];
}

static void test_root_is_two_aligned_pages(void **state)
{
	(void)state;
	assert_int_equal(s2.root.pa % (2 * PAGE_SIZE), 0);
	assert_int_equal(stage2_vttbr(&s2), (7ull << 48) | s2.root.pa);
}

static void test_map_lookup_with_offset(void **state)
{
	paddr_t pa;
	enum stage2_type type;

	(void)state;
	assert_int_equal(stage2_map(&s2, ipa_make(0x40000000), RAM(0x3000), STAGE2_RAM), 0);
	assert_true(stage2_lookup(&s2, ipa_make(0x40000123), &pa, &type));
	assert_int_equal(pa.pa, RAM(0x3123).pa);
	assert_int_equal(type, STAGE2_RAM);
	assert_false(stage2_lookup(&s2, ipa_make(0x40001000), &pa, &type));
	assert_false(stage2_lookup(&s2, ipa_make(0x10000000), &pa, &type));
}

static void test_descriptor_bits(void **state)
{
	uint64_t d;

	(void)state;
	assert_int_equal(stage2_map(&s2, ipa_make(0x40000000), RAM(0), STAGE2_RAM), 0);
	assert_int_equal(stage2_map(&s2, ipa_make(0x40001000), RAM(0x1000), STAGE2_RAM_RO), 0);
	assert_int_equal(stage2_map(&s2, ipa_make(0x09000000), pa_make(0x09000000), STAGE2_DEVICE),
			 0);

	d = descriptor(0x40000000);
	assert_int_equal(d & 0xFFFFFFFFF000ull, RAM(0).pa);
	assert_int_equal((d >> 2) & 0xf, 0xf); /* MemAttr: Normal write-back */
	assert_int_equal((d >> 6) & 3, 3);     /* S2AP: read/write */
	assert_int_equal((d >> 8) & 3, 3);     /* inner shareable */
	assert_true(d & (1ull << 10));         /* AF */
	assert_false(d & (1ull << 54));        /* executable */

	d = descriptor(0x40001000);
	assert_int_equal((d >> 6) & 3, 1); /* S2AP: read-only */

	d = descriptor(0x09000000);
	assert_int_equal((d >> 2) & 0xf, 0x1); /* Device-nGnRE */
	assert_true(d & (1ull << 54));         /* never executable */
}

static void test_types_kept_and_grants_not_executable(void **state)
{
	static const enum stage2_type types[] = { STAGE2_RAM,     STAGE2_RAM_RO, STAGE2_DEVICE,
						  STAGE2_SPECIAL, STAGE2_GRANT,  STAGE2_GRANT_RO };
	enum stage2_type got;

	(void)state;
	for (unsigned int i = 0; i < 6; i++) {
		ipa_t ipa = ipa_make(0x40000000 + i * PAGE_SIZE);

		assert_int_equal(stage2_map(&s2, ipa, RAM(i * PAGE_SIZE), types[i]), 0);
		assert_true(stage2_lookup(&s2, ipa, NULL, &got));
		assert_int_equal(got, types[i]);
	}
	assert_true(descriptor(0x40004000) & (1ull << 54));
	assert_int_equal((descriptor(0x40004000) >> 6) & 3, 3);
	assert_true(descriptor(0x40005000) & (1ull << 54));
	assert_int_equal((descriptor(0x40005000) >> 6) & 3, 1);
	assert_false(descriptor(0x40003000) & (1ull << 54));
	assert_int_equal(stage2_map(&s2, ipa_make(0x50000000), RAM(0), (enum stage2_type)9),
			 -EINVAL);
}

static void test_bad_arguments(void **state)
{
	(void)state;
	assert_int_equal(stage2_map(&s2, ipa_make(0x40000010), RAM(0), STAGE2_RAM), -EINVAL);
	assert_int_equal(stage2_map(&s2, ipa_make(0x40000000), RAM(0x10), STAGE2_RAM), -EINVAL);
	assert_int_equal(stage2_map(&s2, ipa_make(1ull << 40), RAM(0), STAGE2_RAM), -EINVAL);
	assert_int_equal(stage2_map(&s2, ipa_make(~0ull & PAGE_MASK), RAM(0), STAGE2_RAM), -EINVAL);
	assert_int_equal(stage2_map(&s2, ipa_make(0x40000000), pa_make(1ull << 50), STAGE2_RAM),
			 -EINVAL);
	assert_false(stage2_lookup(&s2, ipa_make(~0ull), NULL, NULL));
	assert_int_equal(stage2_unmap(&s2, ipa_make(0x40000001), NULL), -EINVAL);
}

static void test_double_map_refused(void **state)
{
	paddr_t pa;

	(void)state;
	assert_int_equal(stage2_map(&s2, ipa_make(0x40000000), RAM(0), STAGE2_RAM), 0);
	assert_int_equal(stage2_map(&s2, ipa_make(0x40000000), RAM(0x1000), STAGE2_RAM), -EEXIST);
	assert_true(stage2_lookup(&s2, ipa_make(0x40000000), &pa, NULL));
	assert_int_equal(pa.pa, RAM(0).pa);
}

static void test_top_of_ipa_space_uses_second_root_page(void **state)
{
	uint64_t top = (1ull << 40) - PAGE_SIZE;
	const uint64_t *l1 = arch_pa_to_va(s2.root);
	paddr_t pa;

	(void)state;
	assert_int_equal(stage2_map(&s2, ipa_make(top), RAM(0), STAGE2_RAM), 0);
	assert_true(l1[1023] & 1);
	assert_true(stage2_lookup(&s2, ipa_make(top + 0xfff), &pa, NULL));
	assert_int_equal(pa.pa, RAM(0xfff).pa);
}

static void test_unmap_flushes_tlb(void **state)
{
	paddr_t old;

	(void)state;
	assert_int_equal(stage2_map(&s2, ipa_make(0x40005000), RAM(0x5000), STAGE2_RAM), 0);
	assert_int_equal(stage2_unmap(&s2, ipa_make(0x40005000), &old), 0);
	assert_int_equal(old.pa, RAM(0x5000).pa);
	assert_int_equal(host_tlb.ipa_flushes, 1);
	assert_int_equal(host_tlb.last_vmid, 7);
	assert_int_equal(host_tlb.last_ipa, 0x40005000);
	assert_false(stage2_lookup(&s2, ipa_make(0x40005000), NULL, NULL));
	assert_int_equal(stage2_unmap(&s2, ipa_make(0x40005000), &old), -ENOENT);
	assert_int_equal(stage2_unmap(&s2, ipa_make(0x80000000), &old), -ENOENT);
	assert_int_equal(host_tlb.ipa_flushes, 1);
}

static void test_destroy_returns_every_frame(void **state)
{
	uint64_t before;

	(void)state;
	stage2_destroy(&s2, NULL);
	before = frame_free_count();
	assert_int_equal(stage2_init(&s2, 7), 0);
	for (uint64_t i = 0; i < 600; i++) { /* crosses a level-3 table */
		assert_int_equal(stage2_map(&s2, ipa_make(0x40000000 + i * PAGE_SIZE),
					    RAM(i * PAGE_SIZE), STAGE2_RAM),
				 0);
	}
	assert_int_equal(stage2_map(&s2, ipa_make(0x80000000), RAM(0), STAGE2_RAM), 0);
	stage2_destroy(&s2, count_release);
	assert_int_equal(released, 601);
	assert_int_equal(frame_free_count(), before);
	assert_int_equal(host_tlb.vmid_flushes, 2);
}

/* Destroyed in steps, each gives back at most one level-3 table's pages; the TLB is
 * flushed once, in the first, before any page goes; the last frees the root. */
static void test_destroy_steps_are_bounded(void **state)
{
	unsigned int steps = 0;
	uint64_t before;

	(void)state;
	stage2_destroy(&s2, NULL);
	before = frame_free_count();
	assert_int_equal(stage2_init(&s2, 7), 0);
	for (uint64_t i = 0; i < 3 * 512 + 5; i++) { /* four level-3 tables, one nearly empty */
		assert_int_equal(stage2_map(&s2, ipa_make(0x40000000 + i * PAGE_SIZE),
					    RAM((i % 64) * PAGE_SIZE), STAGE2_RAM),
				 0);
	}
	assert_int_equal(stage2_map(&s2, ipa_make(0x8000000000 - PAGE_SIZE), RAM(0), STAGE2_RAM),
			 0); /* the last level-1 entry's last page */
	host_tlb.vmid_flushes = 0;
	for (bool done = false; !done; steps++) {
		unsigned int at = released;

		done = stage2_destroy_step(&s2, count_release);
		assert_in_range(released - at, 0, 512);
		assert_int_equal(host_tlb.vmid_flushes, 1); /* the first step's, and only that */
	}
	assert_int_equal(released, 3 * 512 + 5 + 1);
	/* 4 + 1 tables with pages, 1024 + 2 x 512 entries walked at 512 a step */
	assert_in_range(steps, 5, 5 + 4 + 2);
	assert_int_equal(frame_free_count(), before);
	assert_true(stage2_destroy_step(&s2, count_release)); /* again: nothing left */
}

static void test_out_of_memory_is_reported(void **state)
{
	paddr_t pa;
	int err = 0;

	(void)state;
	while (frame_alloc(&pa)) {
	}
	/* No frame left for a new level-2 or level-3 table. */
	err = stage2_map(&s2, ipa_make(0x100000000), RAM(0), STAGE2_RAM);
	assert_int_equal(err, -ENOMEM);
	assert_false(stage2_lookup(&s2, ipa_make(0x100000000), NULL, NULL));
}

static void test_table_budget_holds(void **state)
{
	(void)state;
	s2.tables_left = 2; /* one level-2 and one level-3 table */
	assert_int_equal(stage2_map(&s2, ipa_make(0x40000000), RAM(0), STAGE2_RAM), 0);
	assert_int_equal(stage2_map(&s2, ipa_make(0x40001000), RAM(0), STAGE2_RAM), 0);
	assert_int_equal(stage2_map(&s2, ipa_make(0x40200000), RAM(0), STAGE2_RAM), -ENOMEM);
	assert_int_equal(stage2_map(&s2, ipa_make(0x80000000), RAM(0), STAGE2_RAM), -ENOMEM);
	assert_int_equal(s2.tables_left, 0);
	assert_true(stage2_tables_for(256ull << 20) >= 128 + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_root_is_two_aligned_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_map_lookup_with_offset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_descriptor_bits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_types_kept_and_grants_not_executable, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bad_arguments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_double_map_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_top_of_ipa_space_uses_second_root_page, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unmap_flushes_tlb, setup, teardown),
		cmocka_unit_test_setup_teardown(test_destroy_returns_every_frame, setup, teardown),
		cmocka_unit_test_setup_teardown(test_destroy_steps_are_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_memory_is_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table_budget_holds, setup, teardown),
	};

	return cmocka_run_group_tests_name("stage2", tests, NULL, NULL);
}
