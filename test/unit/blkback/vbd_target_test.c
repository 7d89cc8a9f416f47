// SPDX-License-Identifier: MIT
/* The disk target syntax of a vbd's `params` and its checks (services/blkback/vbd_target.c). */
#include <abi/errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vbd_target.h"

static const struct blk_disk_info infos[] = {
	{ .sectors = 2097152, .logical_block_size = 512, .physical_block_size = 512 },
	{ .sectors = 8192, .logical_block_size = 4096, .readonly = true },
	{ .sectors = 100, .logical_block_size = 0 },   /* a block size we cannot use */
	{ .sectors = 100, .logical_block_size = 768 }, /* not a power of two */
	{ .sectors = UINT64_MAX, .logical_block_size = 512 },
};

static bool info_missing;

static const struct blk_disk_info *info_of(unsigned int disk)
{
	return info_missing || disk >= 5 ? NULL : &infos[disk];
}

static const struct blk_disks disks = { .count = 5, .info = info_of };

static int parse(const char *text, struct vbd_target *t)
{
	return vbd_target_parse(text, strlen(text), t);
}

static void test_names(void **state)
{
	struct vbd_target t;

	(void)state;
	assert_int_equal(parse("vda", &t), 0);
	assert_int_equal(t.disk, 0);
	assert_false(t.extent);
	assert_int_equal(parse("vdz", &t), 0);
	assert_int_equal(t.disk, 25);
	assert_int_equal(parse("vdaa", &t), 0);
	assert_int_equal(t.disk, 26);
	assert_int_equal(parse("vdzz", &t), 0);
	assert_int_equal(t.disk, VBD_TARGET_DISKS_MAX - 1);
}

static void test_extents(void **state)
{
	struct vbd_target t;

	(void)state;
	assert_int_equal(parse("vdb:0+1", &t), 0);
	assert_int_equal(t.disk, 1);
	assert_true(t.extent);
	assert_int_equal(t.first, 0);
	assert_int_equal(t.count, 1);
	assert_int_equal(parse("vda:18446744073709551615+18446744073709551615", &t), 0);
	assert_int_equal(t.first, UINT64_MAX);
	assert_int_equal(t.count, UINT64_MAX);
	assert_int_equal(parse("vda:007+10", &t), 0);
	assert_int_equal(t.first, 7);
}

static void test_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"v",
		"vd",
		"vdA",
		"vd1",
		"sda",
		"xvda",
		"vdaaa",
		"vda ",
		" vda",
		"vda:",
		"vda:1",
		"vda:1+",
		"vda:+1",
		"vda:1+0",
		"vda:-1+2",
		"vda:1+-2",
		"vda:+1+2",
		"vda:1++2",
		"vda:1+2+3",
		"vda:1+2:",
		"vda::1+2",
		"vda:0x10+1",
		"vda:1 +2",
		"vda:18446744073709551616+1",
		"vda:1+18446744073709551616",
		"vda:000000000000000000001+1",
		"vd{",
		"vd`",
		"vda:1+2\n",
	};
	struct vbd_target t;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		t.disk = 99;
		assert_int_equal(parse(bad[i], &t), -XEN_EINVAL);
		assert_int_equal(t.disk, 0); /* zeroed on refusal */
	}
}

static void test_nul_and_length(void **state)
{
	char text[VBD_TARGET_MAX + 2];
	struct vbd_target t;

	(void)state;
	assert_int_equal(vbd_target_parse("vda\0", 4, &t), -XEN_EINVAL);
	assert_int_equal(vbd_target_parse("vda:1\0+2", 8, &t), -XEN_EINVAL);
	/* Only len bytes are read: the rest of the buffer is not the target. */
	assert_int_equal(vbd_target_parse("vdbXXXX", 3, &t), 0);
	assert_int_equal(t.disk, 1);
	memset(text, '0', sizeof(text));
	memcpy(text, "vda:1+", 6);
	assert_int_equal(vbd_target_parse(text, VBD_TARGET_MAX + 1, &t), -XEN_EINVAL);
}

static void test_decimal(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(vbd_target_decimal("0", 1, 0, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(vbd_target_decimal("4", 1, 4, &v), 0);
	assert_int_equal(vbd_target_decimal("5", 1, 4, &v), -XEN_EINVAL);
	assert_int_equal(vbd_target_decimal("4294967295", 10, UINT32_MAX, &v), 0);
	assert_int_equal(v, UINT32_MAX);
	assert_int_equal(vbd_target_decimal("4294967296", 10, UINT32_MAX, &v), -XEN_EINVAL);
	assert_int_equal(vbd_target_decimal("18446744073709551615", 20, UINT64_MAX, &v), 0);
	assert_int_equal(v, UINT64_MAX);
	assert_int_equal(vbd_target_decimal("18446744073709551616", 20, UINT64_MAX, &v),
			 -XEN_EINVAL);
	assert_int_equal(vbd_target_decimal("99999999999999999999", 20, UINT64_MAX, &v),
			 -XEN_EINVAL);
	assert_int_equal(vbd_target_decimal("", 0, 10, &v), -XEN_EINVAL);
	assert_int_equal(vbd_target_decimal("1a", 2, 100, &v), -XEN_EINVAL);
	assert_int_equal(vbd_target_decimal("+1", 2, 100, &v), -XEN_EINVAL);
	assert_int_equal(vbd_target_decimal("\xb1", 1, 100, &v), -XEN_EINVAL);
}

static int resolve(const char *text, bool readonly, struct vbd *vbd)
{
	struct vbd_target t;

	assert_int_equal(parse(text, &t), 0);
	return vbd_target_resolve(&t, &disks, readonly, vbd);
}

static void test_resolve(void **state)
{
	struct vbd vbd;

	(void)state;
	assert_int_equal(resolve("vda", false, &vbd), 0);
	assert_int_equal(vbd.disk, 0);
	assert_int_equal(vbd.first, 0);
	assert_int_equal(vbd.sectors, 2097152);
	assert_false(vbd.readonly);
	assert_int_equal(resolve("vda", true, &vbd), 0);
	assert_true(vbd.readonly);
	assert_int_equal(resolve("vda:2097151+1", false, &vbd), 0);
	assert_int_equal(vbd.first, 2097151);
	assert_int_equal(vbd.sectors, 1);
	assert_int_equal(resolve("vdb", false, &vbd), 0);
	assert_true(vbd.readonly); /* the disk is */
	assert_int_equal(resolve("vdb:8+8184", false, &vbd), 0);
	assert_int_equal(resolve("vde:18446744073709551614+1", false, &vbd), 0);
}

static void test_resolve_refused(void **state)
{
	struct vbd vbd;

	(void)state;
	assert_int_equal(resolve("vda:2097152+1", false, &vbd), -XEN_ERANGE);
	assert_int_equal(resolve("vda:2097151+2", false, &vbd), -XEN_ERANGE);
	assert_int_equal(resolve("vda:1+18446744073709551615", false, &vbd), -XEN_ERANGE);
	assert_int_equal(resolve("vda:18446744073709551615+1", false, &vbd), -XEN_ERANGE);
	assert_int_equal(resolve("vde:18446744073709551615+1", false, &vbd), -XEN_ERANGE);
	assert_int_equal(resolve("vdb:1+8", false, &vbd), -XEN_ERANGE);
	assert_int_equal(resolve("vdb:0+9", false, &vbd), -XEN_ERANGE);
	assert_int_equal(resolve("vdc", false, &vbd), -XEN_ENODEV);
	assert_int_equal(resolve("vdd", false, &vbd), -XEN_ENODEV);
	assert_int_equal(resolve("vdf", false, &vbd), -XEN_ENODEV);
	assert_int_equal(resolve("vdzz", false, &vbd), -XEN_ENODEV);
	info_missing = true;
	assert_int_equal(resolve("vda", false, &vbd), -XEN_ENODEV);
	info_missing = false;
	assert_int_equal(vbd.sectors, 0); /* zeroed on refusal */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),           cmocka_unit_test(test_extents),
		cmocka_unit_test(test_malformed),       cmocka_unit_test(test_nul_and_length),
		cmocka_unit_test(test_decimal),         cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_resolve_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
