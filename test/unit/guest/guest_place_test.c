/* SPDX-License-Identifier: MIT */
/* Unit tests of module placement inside a domain (boot/guest/guest_place.c). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "abi/guest_layout.h"
#include "boot/guest/guest_place.h"

#define MIB 0x100000ull

static struct guest_image kernel(uint64_t text_offset, uint64_t span)
{
	return (struct guest_image){ .has_header = true,
				     .file_size = span,
				     .text_offset = text_offset,
				     .image_size = span,
				     .span = span };
}

static uint64_t ipa(const struct guest_layout *layout, enum guest_module module)
{
	return layout->module[module].load_ipa;
}

static void test_kernel_dtb_ramdisk(void **state)
{
	struct guest_image image = kernel(0x80000, 0x300000);
	struct guest_layout layout;

	(void)state;
	assert_int_equal(guest_place(&image, 5000, &layout), 0);
	assert_int_equal(ipa(&layout, GUEST_MODULE_KERNEL), GUEST_RAM_BASE + 0x80000);
	assert_int_equal(layout.module[GUEST_MODULE_KERNEL].span, 0x300000);
	/* The kernel ends at 0x380000 past RAM's start, a page boundary: the DTB starts there. */
	assert_int_equal(ipa(&layout, GUEST_MODULE_DTB), GUEST_RAM_BASE + 0x380000);
	assert_int_equal(layout.module[GUEST_MODULE_DTB].span, 0);
	assert_int_equal(ipa(&layout, GUEST_MODULE_RAMDISK), GUEST_RAM_BASE + 0x580000);
	assert_int_equal(layout.module[GUEST_MODULE_RAMDISK].span, 5000);
}

static void test_kernel_ending_on_boundary(void **state)
{
	struct guest_image image = kernel(0, 2 * MIB);
	struct guest_layout layout;

	(void)state;
	assert_int_equal(guest_place(&image, 0, &layout), 0);
	assert_int_equal(ipa(&layout, GUEST_MODULE_DTB), GUEST_RAM_BASE + 2 * MIB);
	image = kernel(0, 2 * MIB + 1);
	assert_int_equal(guest_place(&image, 0, &layout), 0);
	assert_int_equal(ipa(&layout, GUEST_MODULE_DTB), GUEST_RAM_BASE + 2 * MIB + 0x1000);
}

static void test_no_ramdisk(void **state)
{
	struct guest_image image = kernel(0, 70000);
	struct guest_layout layout;
	enum guest_module which;
	uint64_t needed;

	(void)state;
	assert_int_equal(guest_place(&image, 0, &layout), 0);
	assert_int_equal(ipa(&layout, GUEST_MODULE_RAMDISK), 0);
	assert_int_equal(layout.module[GUEST_MODULE_RAMDISK].span, 0);
	assert_int_equal(guest_place_set_dtb(&layout, 0x42d), 0);
	/* No ramdisk: only kernel and DTB need to fit, 70,000 bytes, then 0x42d from 0x12000. */
	assert_int_equal(guest_place_check(&layout, 0x13000, &which, &needed), 0);
	assert_int_equal(guest_place_check(&layout, 0x12000, &which, &needed), -ENOMEM);
	assert_int_equal(which, GUEST_MODULE_DTB);
}

static void test_dtb_size(void **state)
{
	struct guest_image image = kernel(0, 70000);
	struct guest_layout layout;

	(void)state;
	assert_int_equal(guest_place(&image, 100, &layout), 0);
	assert_int_equal(guest_place_set_dtb(&layout, 0), -EINVAL);
	assert_int_equal(guest_place_set_dtb(&layout, GUEST_DTB_MAX + 1), -E2BIG);
	assert_int_equal(guest_place_set_dtb(&layout, UINT64_MAX), -E2BIG);
	assert_int_equal(layout.module[GUEST_MODULE_DTB].span, 0);
	assert_int_equal(guest_place_set_dtb(&layout, GUEST_DTB_MAX), 0);
	/* A DTB of the largest size ends exactly where the ramdisk starts. */
	assert_int_equal(ipa(&layout, GUEST_MODULE_DTB) + GUEST_DTB_MAX,
			 ipa(&layout, GUEST_MODULE_RAMDISK));
}

/* Each module in turn is the one that does not fit, and the RAM it needs is said exactly. */
static void test_ram_too_small(void **state)
{
	struct guest_image image = kernel(0x80000, 0x300000);
	struct guest_layout layout;
	enum guest_module which;
	uint64_t needed;
	uint64_t ram;

	(void)state;
	assert_int_equal(guest_place(&image, 5000, &layout), 0);
	assert_int_equal(guest_place_set_dtb(&layout, 0x500), 0);

	assert_int_equal(guest_place_check(&layout, 2 * MIB, &which, &needed), -ENOMEM);
	assert_int_equal(which, GUEST_MODULE_KERNEL);
	assert_int_equal(needed, 0x380000);

	assert_int_equal(guest_place_check(&layout, 0x380000, &which, &needed), -ENOMEM);
	assert_int_equal(which, GUEST_MODULE_DTB);
	assert_int_equal(needed, 0x381000);

	assert_int_equal(guest_place_check(&layout, 0x580000, &which, &needed), -ENOMEM);
	assert_int_equal(which, GUEST_MODULE_RAMDISK);
	assert_int_equal(needed, 0x582000);

	/* The RAM it said is enough, and a page less is not. */
	ram = needed;
	assert_int_equal(guest_place_check(&layout, ram, &which, &needed), 0);
	assert_int_equal(guest_place_check(&layout, 0x581000, &which, &needed), -ENOMEM);
}

/* Hostile values a caller may have put in the image itself: refused, never wrapped. */
static void test_forged_image_refused(void **state)
{
	struct guest_image image = kernel(GUEST_RAM_MAX, 0x1000);
	struct guest_layout layout;

	(void)state;
	assert_int_equal(guest_place(&image, 0, &layout), -E2BIG);
	image = kernel(0, UINT64_MAX);
	assert_int_equal(guest_place(&image, 0, &layout), -E2BIG);
	image = kernel(UINT64_MAX, UINT64_MAX);
	assert_int_equal(guest_place(&image, 0, &layout), -E2BIG);
	image = kernel(0, 0x1000);
	assert_int_equal(guest_place(&image, GUEST_RAM_MAX, &layout), -E2BIG);
	assert_int_equal(guest_place(&image, UINT64_MAX, &layout), -E2BIG);
}

/* The largest values accepted place without overflow, and cannot fit any domain. */
static void test_largest_values(void **state)
{
	struct guest_image image = kernel(GUEST_RAM_MAX - 0x1000, GUEST_RAM_MAX - 1);
	struct guest_layout layout;
	enum guest_module which;
	uint64_t needed;

	(void)state;
	assert_int_equal(guest_place(&image, GUEST_RAM_MAX - 1, &layout), 0);
	assert_true(ipa(&layout, GUEST_MODULE_DTB) > ipa(&layout, GUEST_MODULE_KERNEL));
	assert_true(ipa(&layout, GUEST_MODULE_RAMDISK) > ipa(&layout, GUEST_MODULE_DTB));
	assert_int_equal(guest_place_set_dtb(&layout, GUEST_DTB_MAX), 0);
	assert_int_equal(guest_place_check(&layout, GUEST_RAM_MAX, &which, &needed), -ENOMEM);
	assert_int_equal(which, GUEST_MODULE_KERNEL);
	assert_true(needed > GUEST_RAM_MAX);
}

static void test_hand_made_layout_refused(void **state)
{
	struct guest_layout layout;
	enum guest_module which;
	uint64_t needed;

	(void)state;
	memset(&layout, 0, sizeof(layout));
	layout.module[GUEST_MODULE_KERNEL] = (struct guest_region){ GUEST_RAM_BASE - 0x1000, 1 };
	assert_int_equal(guest_place_check(&layout, GUEST_RAM_MAX, &which, &needed), -EINVAL);
	layout.module[GUEST_MODULE_KERNEL] = (struct guest_region){ UINT64_MAX - 10, 11 };
	assert_int_equal(guest_place_check(&layout, GUEST_RAM_MAX, &which, &needed), -EINVAL);
	layout.module[GUEST_MODULE_KERNEL] = (struct guest_region){ GUEST_RAM_BASE, UINT64_MAX };
	assert_int_equal(guest_place_check(&layout, GUEST_RAM_MAX, &which, &needed), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kernel_dtb_ramdisk),
		cmocka_unit_test(test_kernel_ending_on_boundary),
		cmocka_unit_test(test_no_ramdisk),
		cmocka_unit_test(test_dtb_size),
		cmocka_unit_test(test_ram_too_small),
		cmocka_unit_test(test_forged_image_refused),
		cmocka_unit_test(test_largest_values),
		cmocka_unit_test(test_hand_made_layout_refused),
	};

	return cmocka_run_group_tests_name("guest_place", tests, NULL, NULL);
}
