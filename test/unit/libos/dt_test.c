// SPDX-License-Identifier: MIT
/*
 * Unit tests of the library OS's initrd lookup (dt_initrd in stubdoms/dt.c)
 * over device trees written here with libfdt: an initrd inside RAM is found
 * in either cell width; one absent, half-named, malformed, empty, outside
 * RAM, wrapping or over the device tree itself is refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <libfdt.h>
#include <libos/dt.h>

#define RAM_BASE 0x40000000ull
#define RAM_SIZE 0x1000000ull
#define DT_SIZE 4096

/* A /chosen property to write: its cells (1 or 2 a number) or raw bytes of another length. */
struct prop {
	const char *name;
	uint64_t value;
	int length; /* 4, 8, or another length of zeros */
};

static uint8_t dt[DT_SIZE] __attribute__((aligned(8)));

static void put_prop(const struct prop *p)
{
	uint8_t bytes[16] = { 0 };

	assert_true(p->length <= (int)sizeof(bytes));
	if (p->length == 4) {
		fdt32_t cell = cpu_to_fdt32((uint32_t)p->value);

		memcpy(bytes, &cell, 4);
	} else if (p->length == 8) {
		fdt64_t cells = cpu_to_fdt64(p->value);

		memcpy(bytes, &cells, 8);
	}
	assert_int_equal(fdt_property(dt, p->name, bytes, p->length), 0);
}

/*
 * A domain DT as tessera-pack writes one, cut to what dt_initrd reads: the
 * root's cells, /chosen with the given properties (none: no /chosen), and
 * /memory covering [ram_base, ram_base + ram_size). dt_init takes it up.
 */
static void make_dt(const struct prop *props, unsigned int count, uint64_t ram_base,
		    uint64_t ram_size)
{
	fdt64_t reg[2] = { cpu_to_fdt64(ram_base), cpu_to_fdt64(ram_size) };

	assert_int_equal(fdt_create(dt, DT_SIZE), 0);
	assert_int_equal(fdt_finish_reservemap(dt), 0);
	assert_int_equal(fdt_begin_node(dt, ""), 0);
	assert_int_equal(fdt_property_u32(dt, "#address-cells", 2), 0);
	assert_int_equal(fdt_property_u32(dt, "#size-cells", 2), 0);
	if (count > 0) {
		assert_int_equal(fdt_begin_node(dt, "chosen"), 0);
		for (unsigned int i = 0; i < count; i++) {
			put_prop(&props[i]);
		}
		assert_int_equal(fdt_end_node(dt), 0);
	}
	assert_int_equal(fdt_begin_node(dt, "memory@40000000"), 0);
	assert_int_equal(fdt_property_string(dt, "device_type", "memory"), 0);
	assert_int_equal(fdt_property(dt, "reg", reg, sizeof(reg)), 0);
	assert_int_equal(fdt_end_node(dt), 0);
	assert_int_equal(fdt_end_node(dt), 0);
	assert_int_equal(fdt_finish(dt), 0);
	assert_int_equal(dt_init(dt), 0);
}

/* dt_initrd over an initrd [start, end) of cells cells each, in the usual RAM. */
static int initrd_of(uint64_t start, uint64_t end, int length)
{
	const struct prop props[] = { { "linux,initrd-start", start, length },
				      { "linux,initrd-end", end, length } };
	uint64_t got_start = 1;
	uint64_t got_end = 1;
	int rc;

	make_dt(props, 2, RAM_BASE, RAM_SIZE);
	rc = dt_initrd(&got_start, &got_end);
	if (rc == 0) {
		assert_int_equal(got_start, start);
		assert_int_equal(got_end, end);
	} else {
		/* Nothing is written on a refusal. */
		assert_int_equal(got_start, 1);
		assert_int_equal(got_end, 1);
	}
	return rc;
}

static void without_a_tree(void **state)
{
	uint64_t start;
	uint64_t end;

	(void)state;
	/* Runs first: no dt_init has succeeded yet. */
	assert_int_equal(dt_initrd(&start, &end), -FDT_ERR_BADMAGIC);
}

static void found_inside_ram(void **state)
{
	(void)state;
	/* Where tessera-pack puts a ramdisk: 2 MiB after a DTB at 2 MiB. */
	assert_int_equal(initrd_of(0x40400000, 0x40404388, 8), 0);
	assert_int_equal(initrd_of(0x40400000, 0x40404388, 4), 0);
	/* The whole of RAM, and the last byte of it. */
	assert_int_equal(initrd_of(RAM_BASE, RAM_BASE + RAM_SIZE, 8), 0);
	assert_int_equal(initrd_of(RAM_BASE + RAM_SIZE - 1, RAM_BASE + RAM_SIZE, 8), 0);
}

static void absent(void **state)
{
	const struct prop bootargs = { "bootargs", 0, 4 };
	const struct prop only_end = { "linux,initrd-end", 0x40404000, 8 };
	uint64_t start;
	uint64_t end;

	(void)state;
	make_dt(NULL, 0, RAM_BASE, RAM_SIZE);
	assert_int_equal(dt_initrd(&start, &end), -FDT_ERR_NOTFOUND);
	make_dt(&bootargs, 1, RAM_BASE, RAM_SIZE);
	assert_int_equal(dt_initrd(&start, &end), -FDT_ERR_NOTFOUND);
	/* No start: no initrd, whatever the end says. */
	make_dt(&only_end, 1, RAM_BASE, RAM_SIZE);
	assert_int_equal(dt_initrd(&start, &end), -FDT_ERR_NOTFOUND);
}

static void malformed(void **state)
{
	const struct prop only_start = { "linux,initrd-start", 0x40400000, 8 };
	const struct prop mixed[] = { { "linux,initrd-start", 0x40400000, 4 },
				      { "linux,initrd-end", 0x40404000, 12 } };
	uint64_t start;
	uint64_t end;

	(void)state;
	make_dt(&only_start, 1, RAM_BASE, RAM_SIZE);
	assert_int_equal(dt_initrd(&start, &end), -FDT_ERR_BADVALUE);
	make_dt(mixed, 2, RAM_BASE, RAM_SIZE);
	assert_int_equal(dt_initrd(&start, &end), -FDT_ERR_BADVALUE);
	assert_int_equal(initrd_of(0x40400000, 0x40404000, 3), -FDT_ERR_BADVALUE);
	assert_int_equal(initrd_of(0x40400000, 0x40404000, 0), -FDT_ERR_BADVALUE);
	assert_int_equal(initrd_of(0x40400000, 0x40404000, 16), -FDT_ERR_BADVALUE);
}

static void outside_ram(void **state)
{
	(void)state;
	assert_int_equal(initrd_of(0x40400000, 0x40400000, 8), -FDT_ERR_BADVALUE); /* empty */
	assert_int_equal(initrd_of(0x40404000, 0x40400000, 8), -FDT_ERR_BADVALUE); /* reversed */
	assert_int_equal(initrd_of(RAM_BASE - 1, RAM_BASE + 0x1000, 8), -FDT_ERR_BADVALUE);
	assert_int_equal(initrd_of(RAM_BASE + RAM_SIZE - 0x1000, RAM_BASE + RAM_SIZE + 1, 8),
			 -FDT_ERR_BADVALUE);
	assert_int_equal(initrd_of(RAM_BASE + RAM_SIZE, RAM_BASE + RAM_SIZE + 0x1000, 8),
			 -FDT_ERR_BADVALUE);
	assert_int_equal(initrd_of(0x1000, 0x2000, 4), -FDT_ERR_BADVALUE);
	/* Values that would wrap a sum. */
	assert_int_equal(initrd_of(0xFFFFFFFFFFFFF000ull, 0xFFFFFFFFFFFFFFFFull, 8),
			 -FDT_ERR_BADVALUE);
	assert_int_equal(initrd_of(RAM_BASE, 0xFFFFFFFFFFFFFFFFull, 8), -FDT_ERR_BADVALUE);
}

/* An initrd over the device tree itself, in a RAM that holds both, is refused. */
static void over_the_tree(void **state)
{
	uint64_t here = (uintptr_t)dt;
	const struct prop over[] = { { "linux,initrd-start", here + 16, 8 },
				     { "linux,initrd-end", here + 0x100, 8 } };
	const struct prop after[] = { { "linux,initrd-start", here + DT_SIZE, 8 },
				      { "linux,initrd-end", here + DT_SIZE + 0x100, 8 } };
	uint64_t start;
	uint64_t end;

	(void)state;
	make_dt(over, 2, here & ~0xFFFull, 0x100000);
	assert_int_equal(dt_initrd(&start, &end), -FDT_ERR_BADVALUE);
	make_dt(after, 2, here & ~0xFFFull, 0x100000);
	assert_int_equal(dt_initrd(&start, &end), 0);
	assert_int_equal(start, here + DT_SIZE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(without_a_tree), cmocka_unit_test(found_inside_ram),
		cmocka_unit_test(absent),         cmocka_unit_test(malformed),
		cmocka_unit_test(outside_ram),    cmocka_unit_test(over_the_tree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
