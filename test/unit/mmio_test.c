// SPDX-License-Identifier: MIT
/* Unit tests of a domain's table of emulated MMIO ranges (kernel/common/mmio.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <mmio.h>

static bool handler_a(struct vcpu *v, struct mmio_access *a)
{
	(void)v;
	(void)a;
	return true;
}

static bool handler_b(struct vcpu *v, struct mmio_access *a)
{
	(void)v;
	(void)a;
	return false;
}

static const struct mmio_range *find(const struct mmio_table *t, uint64_t addr)
{
	return mmio_find(t, ipa_make(addr));
}

static void test_lookup_at_the_edges(void **state)
{
	struct mmio_table t;
	const struct mmio_range *r;

	(void)state;
	mmio_reset(&t);
	assert_int_equal(mmio_register(&t, ipa_make(0x8000000), 0x10000, handler_a), 0);
	assert_int_equal(mmio_register(&t, ipa_make(0x8010000), 0x1000, handler_b), 0);
	r = find(&t, 0x8000000);
	assert_non_null(r);
	assert_ptr_equal(r->handler, handler_a);
	assert_ptr_equal(find(&t, 0x800ffff), r);
	r = find(&t, 0x8010000); /* the next range starts right after */
	assert_non_null(r);
	assert_ptr_equal(r->handler, handler_b);
	assert_ptr_equal(find(&t, 0x8010fff), r);
	assert_null(find(&t, 0x8011000));
	assert_null(find(&t, 0x7ffffff));
	assert_null(find(&t, 0));
	assert_null(find(&t, ~0ull));
}

static void test_overlap_refused(void **state)
{
	struct mmio_table t;

	(void)state;
	mmio_reset(&t);
	assert_int_equal(mmio_register(&t, ipa_make(0x10000), 0x2000, handler_a), 0);
	assert_int_equal(mmio_register(&t, ipa_make(0x10000), 0x2000, handler_b), -EEXIST);
	assert_int_equal(mmio_register(&t, ipa_make(0x11fff), 1, handler_b), -EEXIST);
	assert_int_equal(mmio_register(&t, ipa_make(0xf000), 0x1001, handler_b), -EEXIST);
	assert_int_equal(mmio_register(&t, ipa_make(0x0), 0x100000, handler_b), -EEXIST);
	/* Touching is not overlapping. */
	assert_int_equal(mmio_register(&t, ipa_make(0xf000), 0x1000, handler_b), 0);
	assert_int_equal(mmio_register(&t, ipa_make(0x12000), 0x1000, handler_b), 0);
	assert_ptr_equal(find(&t, 0x10000)->handler, handler_a); /* the first one unchanged */
}

static void test_bad_ranges_refused(void **state)
{
	struct mmio_table t;

	(void)state;
	mmio_reset(&t);
	assert_int_equal(mmio_register(&t, ipa_make(0x1000), 0, handler_a), -EINVAL);
	assert_int_equal(mmio_register(&t, ipa_make(~0ull - 0xfff), 0x2000, handler_a), -EINVAL);
	assert_null(find(&t, 0x1000));
	assert_null(find(&t, ~0ull));
}

static void test_full_table(void **state)
{
	struct mmio_table t;

	(void)state;
	mmio_reset(&t);
	for (uint64_t i = 0; i < MMIO_RANGES_MAX; i++) {
		assert_int_equal(mmio_register(&t, ipa_make(i * 0x1000), 0x1000, handler_a), 0);
	}
	assert_int_equal(mmio_register(&t, ipa_make(0x100000), 0x1000, handler_a), -ENOSPC);
	assert_null(find(&t, 0x100000));
	assert_non_null(find(&t, (MMIO_RANGES_MAX - 1) * 0x1000));
	mmio_reset(&t); /* a rebuilt domain starts empty */
	assert_null(find(&t, 0));
	assert_int_equal(mmio_register(&t, ipa_make(0x100000), 0x1000, handler_a), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup_at_the_edges),
		cmocka_unit_test(test_overlap_refused),
		cmocka_unit_test(test_bad_ranges_refused),
		cmocka_unit_test(test_full_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
