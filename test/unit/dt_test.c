// SPDX-License-Identifier: MIT
/* Unit tests of boot DTB parsing (kernel/common/dt.c) on blobs dtc makes from test/unit/dt. */
#include <host_arch.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <boot_info.h>
#include <errno.h>

static struct boot_info bi;

static void *load_blob(const char *name)
{
	char path[256];
	FILE *f;
	long size;
	void *blob;

	snprintf(path, sizeof(path), "dt/%s.dtb", name);
	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	blob = malloc((size_t)size);
	assert_non_null(blob);
	assert_int_equal(fread(blob, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	return blob;
}

static bool reserved(uint64_t base, uint64_t size)
{
	for (unsigned int i = 0; i < bi.reserved_count; i++) {
		if (bi.reserved[i].base.pa == base && bi.reserved[i].size == size) {
			return true;
		}
	}
	return false;
}

static void test_machine(void **state)
{
	void *blob = load_blob("machine");

	(void)state;
	host_reset_logs();
	assert_int_equal(dt_parse(blob, &bi), 0);
	assert_int_equal(bi.ram_count, 1);
	assert_int_equal(bi.ram[0].base.pa, 0x40000000);
	assert_int_equal(bi.ram[0].size, 0x80000000);
	assert_int_equal(bi.uart.pa, 0x09000000);
	assert_int_equal(bi.gicd.base.pa, 0x08000000);
	assert_int_equal(bi.gicd.size, 0x10000);
	assert_int_equal(bi.gicr.base.pa, 0x080a0000);
	assert_int_equal(bi.gicr.size, 0xf60000);
	assert_int_equal(bi.cpu_count, 2);
	assert_int_equal(bi.cpu_mpidr[1], 1);
	assert_true(reserved(0x7f000000, 0x10000));
	assert_true(reserved(0x7e000000, 0x200000));
	free(blob);
}

static void test_description_found_and_reserved(void **state)
{
	void *blob = load_blob("machine");

	(void)state;
	host_reset_logs();
	assert_int_equal(dt_parse(blob, &bi), 0);
	assert_int_equal(bi.desc.base.pa, 0x48000000);
	assert_int_equal(bi.desc.size, 0x2000);
	assert_true(reserved(0x48000000, 0x2000));
	/* The memreserve, the reserved-memory region, and the description: nothing else. */
	assert_int_equal(bi.reserved_count, 3);
	assert_string_equal(host_console, "");
	free(blob);
}

static void test_no_description(void **state)
{
	void *blob = load_blob("no_description");

	(void)state;
	host_reset_logs();
	assert_int_equal(dt_parse(blob, &bi), 0);
	assert_int_equal(bi.desc.base.pa, 0);
	assert_int_equal(bi.desc.size, 0);
	assert_int_equal(bi.reserved_count, 2);
	assert_int_equal(bi.cpu_count, 2); /* the machine is read all the same */
	free(blob);
}

static void test_two_descriptions_refused(void **state)
{
	void *blob = load_blob("two_descriptions");

	(void)state;
	host_reset_logs();
	assert_int_equal(dt_parse(blob, &bi), -EINVAL);
	assert_non_null(strstr(host_console, "DTB: more than one boot description"));
	free(blob);
}

static void test_description_outside_ram_refused(void **state)
{
	void *blob = load_blob("description_outside_ram");

	(void)state;
	host_reset_logs();
	assert_int_equal(dt_parse(blob, &bi), -EINVAL);
	assert_non_null(strstr(host_console, "DTB: the boot description module lies outside RAM"));
	free(blob);
}

static void test_machine_without_gic(void **state)
{
	void *blob = load_blob("no_gic");

	(void)state;
	host_reset_logs();
	assert_int_equal(dt_parse(blob, &bi), -EINVAL);
	assert_non_null(strstr(host_console, "no GICv3"));
	free(blob);
}

static void test_machine_without_memory(void **state)
{
	void *blob = load_blob("no_memory");

	(void)state;
	host_reset_logs();
	assert_int_equal(dt_parse(blob, &bi), -EINVAL);
	assert_non_null(strstr(host_console, "no memory"));
	free(blob);
}

static void test_not_a_dtb(void **state)
{
	static uint8_t junk[256] = { 0xd0, 0x0d, 0xfe, 0xed, 0xff, 0xff, 0xff, 0xff };

	(void)state;
	host_reset_logs();
	assert_int_equal(dt_parse(junk, &bi), -EINVAL);
	assert_non_null(strstr(host_console, "bad header"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_machine),
		cmocka_unit_test(test_description_found_and_reserved),
		cmocka_unit_test(test_no_description),
		cmocka_unit_test(test_two_descriptions_refused),
		cmocka_unit_test(test_description_outside_ram_refused),
		cmocka_unit_test(test_machine_without_gic),
		cmocka_unit_test(test_machine_without_memory),
		cmocka_unit_test(test_not_a_dtb),
	};

	return cmocka_run_group_tests_name("dt", tests, NULL, NULL);
}
