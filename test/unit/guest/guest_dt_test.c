/* SPDX-License-Identifier: MIT */
/* Unit tests of the domain DTB writer (boot/guest/guest_dt.c): its blobs read back with libfdt. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libfdt.h>

#include "abi/guest_layout.h"
#include "boot/guest/guest_dt.h"
#include "boot/guest/guest_place.h"

#define MIB 0x100000ull

/* A domain as a boot config might give it: two vCPUs, 16 MiB, bootargs and a ramdisk. */
static struct guest_dt_config sample(void)
{
	return (struct guest_dt_config){
		.name = "linux1",
		.vcpu_count = 2,
		.ram_bytes = 16 * MIB,
		.bootargs = "console=hvc0 earlycon=xen",
		.initrd_ipa = GUEST_RAM_BASE + 6 * MIB,
		.initrd_size = 5000,
	};
}

/* Write config into a buffer of the size guest_dt_size_bound() asks; NULL if refused. */
static void *build(const struct guest_dt_config *config, int *err)
{
	size_t capacity = guest_dt_size_bound(config);
	void *blob = malloc(capacity);

	assert_non_null(blob);
	*err = guest_dt_write(config, blob, capacity);
	if (*err != 0) {
		free(blob);
		return NULL;
	}
	assert_int_equal(fdt_check_header(blob), 0);
	assert_true(fdt_totalsize(blob) <= capacity);
	return blob;
}

static void *build_ok(const struct guest_dt_config *config)
{
	int err;
	void *blob = build(config, &err);

	assert_int_equal(err, 0);
	return blob;
}

static int node(const void *blob, const char *path)
{
	int offset = fdt_path_offset(blob, path);

	if (offset < 0) {
		fail_msg("no node %s: %s", path, fdt_strerror(offset));
	}
	return offset;
}

/* Property PROP of PATH as 32-bit cells: checks its length is count cells. */
static const fdt32_t *cells(const void *blob, const char *path, const char *prop, int count)
{
	int length = -1;
	const fdt32_t *value = fdt_getprop(blob, node(blob, path), prop, &length);

	if (!value) {
		fail_msg("no %s in %s", prop, path);
	}
	assert_int_equal(length, count * 4);
	return value;
}

static uint32_t cell(const void *blob, const char *path, const char *prop)
{
	return fdt32_to_cpu(cells(blob, path, prop, 1)[0]);
}

static uint64_t pair(const fdt32_t *at)
{
	return ((uint64_t)fdt32_to_cpu(at[0]) << 32) | fdt32_to_cpu(at[1]);
}

static void assert_string(const void *blob, const char *path, const char *prop,
			  const char *expected, int length)
{
	int got = -1;
	const char *value = fdt_getprop(blob, node(blob, path), prop, &got);

	assert_non_null(value);
	assert_int_equal(got, length);
	assert_memory_equal(value, expected, (size_t)length);
}

static void test_root_and_chosen(void **state)
{
	struct guest_dt_config config = sample();
	void *blob = build_ok(&config);

	(void)state;
	assert_int_equal(cell(blob, "/", "#address-cells"), 2);
	assert_int_equal(cell(blob, "/", "#size-cells"), 2);
	assert_int_equal(cell(blob, "/", "interrupt-parent"), GUEST_DT_GIC_PHANDLE);
	assert_string(blob, "/", "model", "Tessera domain linux1", 22);
	assert_string(blob, "/", "compatible", "xen,xenvm-4.17\0xen,xenvm", 25);
	assert_null(fdt_getprop(blob, 0, "dma-ranges", NULL));
	assert_string(blob, "/chosen", "bootargs", config.bootargs,
		      (int)strlen(config.bootargs) + 1);
	assert_int_equal(pair(cells(blob, "/chosen", "linux,initrd-start", 2)),
			 GUEST_RAM_BASE + 6 * MIB);
	/* The end is exclusive. */
	assert_int_equal(pair(cells(blob, "/chosen", "linux,initrd-end", 2)),
			 GUEST_RAM_BASE + 6 * MIB + 5000);
	free(blob);
}

static void test_chosen_empty_without_bootargs_or_initrd(void **state)
{
	struct guest_dt_config config = sample();
	void *blob;

	(void)state;
	config.bootargs = NULL;
	config.initrd_size = 0;
	blob = build_ok(&config);
	assert_null(fdt_getprop(blob, node(blob, "/chosen"), "bootargs", NULL));
	assert_null(fdt_getprop(blob, node(blob, "/chosen"), "linux,initrd-start", NULL));
	assert_null(fdt_getprop(blob, node(blob, "/chosen"), "linux,initrd-end", NULL));
	free(blob);
}

/* One cpu node a vCPU, reg its MPIDR affinity, PSCI to start it; the GIC grows with them. */
static void test_cpus_and_gic(void **state)
{
	struct guest_dt_config config = sample();
	const fdt32_t *reg;
	void *blob;
	int count = 0;
	int child;

	(void)state;
	config.vcpu_count = GUEST_DT_VCPUS_MAX;
	blob = build_ok(&config);
	fdt_for_each_subnode(child, blob, node(blob, "/cpus")) {
		count++;
	}
	assert_int_equal(count, GUEST_DT_VCPUS_MAX);
	assert_int_equal(cell(blob, "/cpus/cpu@7", "reg"), 7);
	assert_string(blob, "/cpus/cpu@0", "enable-method", "psci", 5);
	assert_string(blob, "/cpus/cpu@0", "device_type", "cpu", 4);
	assert_string(blob, "/psci", "method", "hvc", 4);

	reg = cells(blob, "/interrupt-controller@3001000", "reg", 8);
	assert_int_equal(pair(reg), GUEST_GICD_BASE);
	assert_int_equal(pair(reg + 2), GUEST_GICD_SIZE);
	assert_int_equal(pair(reg + 4), GUEST_GICR_BASE);
	assert_int_equal(pair(reg + 6), GUEST_DT_VCPUS_MAX * GUEST_GICR_STRIDE);
	assert_int_equal(cell(blob, "/interrupt-controller@3001000", "phandle"),
			 GUEST_DT_GIC_PHANDLE);
	assert_int_equal(cell(blob, "/interrupt-controller@3001000", "#interrupt-cells"), 3);
	assert_string(blob, "/interrupt-controller@3001000", "compatible", "arm,gic-v3", 11);
	free(blob);
}

static void test_memory_timer_hypervisor(void **state)
{
	struct guest_dt_config config = sample();
	void *blob = build_ok(&config);
	const fdt32_t *reg = cells(blob, "/memory@40000000", "reg", 4);
	const fdt32_t *irq;

	(void)state;
	assert_int_equal(pair(reg), GUEST_RAM_BASE);
	assert_int_equal(pair(reg + 2), 16 * MIB);
	assert_string(blob, "/memory@40000000", "device_type", "memory", 7);

	/* Secure, non-secure, virtual and hyp timer PPIs: INTIDs 29, 30, 27, 26. */
	irq = cells(blob, "/timer", "interrupts", 12);
	assert_int_equal(fdt32_to_cpu(irq[1]), 13);
	assert_int_equal(fdt32_to_cpu(irq[4]), 14);
	assert_int_equal(fdt32_to_cpu(irq[7]), GUEST_VTIMER_PPI - 16);
	assert_int_equal(fdt32_to_cpu(irq[10]), 10);

	assert_string(blob, "/hypervisor", "compatible", "xen,xen-4.17\0xen,xen", 21);
	/* The grant region, then one extended region: above the RAM range, all of stage 2. */
	reg = cells(blob, "/hypervisor", "reg", 8);
	assert_int_equal(pair(reg), GUEST_GRANT_BASE);
	assert_int_equal(pair(reg + 2), GUEST_GRANT_SIZE);
	assert_int_equal(pair(reg + 4), GUEST_RAM_BASE + GUEST_RAM_MAX);
	assert_int_equal(pair(reg + 6), (1ull << GUEST_IPA_BITS) - GUEST_RAM_BASE - GUEST_RAM_MAX);
	irq = cells(blob, "/hypervisor", "interrupts", 3);
	assert_int_equal(fdt32_to_cpu(irq[0]), 1);
	assert_int_equal(fdt32_to_cpu(irq[1]), GUEST_EVTCHN_PPI - 16);
	assert_int_equal(fdt32_to_cpu(irq[2]), 0xf08);
	free(blob);
}

static void test_dma_ranges(void **state)
{
	struct guest_dt_config config = sample();
	const fdt32_t *ranges;
	void *blob;
	uint32_t size;

	(void)state;
	config.dma_ranges = true;
	blob = build_ok(&config);
	size = fdt_totalsize(blob);
	ranges = cells(blob, "/", "dma-ranges", 6);
	assert_int_equal(pair(ranges), 0);
	assert_int_equal(pair(ranges + 2), GUEST_RAM_BASE);
	assert_int_equal(pair(ranges + 4), 16 * MIB);

	assert_int_equal(guest_dt_set_dma_base(blob, 0x50200000, 16 * MIB), 0);
	ranges = cells(blob, "/", "dma-ranges", 6);
	assert_int_equal(pair(ranges), 0x50200000);
	assert_int_equal(fdt_totalsize(blob), size);
	assert_int_equal(guest_dt_set_dma_base(blob, UINT64_MAX - 10, 16 * MIB), -EINVAL);
	free(blob);

	config.dma_ranges = false;
	blob = build_ok(&config);
	assert_int_equal(guest_dt_set_dma_base(blob, 0x50200000, 16 * MIB), -EINVAL);
	free(blob);
}

/* A caller's hook adds nodes inside the root, after the fixed ones. */
static int add_device(void *fdt, void *arg)
{
	int err = fdt_begin_node(fdt, "virtio_mmio@a000000");

	(*(int *)arg)++;
	err |= fdt_property_u32(fdt, "interrupt-parent", GUEST_DT_GIC_PHANDLE);
	return err | fdt_end_node(fdt);
}

static int refuse(void *fdt, void *arg)
{
	(void)fdt;
	(void)arg;
	return -FDT_ERR_BADVALUE;
}

static void test_extra_nodes(void **state)
{
	struct guest_dt_config config = sample();
	int calls = 0;
	int err;
	void *blob;

	(void)state;
	config.extra = add_device;
	config.extra_arg = &calls;
	config.extra_bytes = 256;
	blob = build_ok(&config);
	assert_int_equal(calls, 1);
	assert_int_equal(cell(blob, "/virtio_mmio@a000000", "interrupt-parent"),
			 GUEST_DT_GIC_PHANDLE);
	free(blob);

	config.extra = refuse;
	assert_null(build(&config, &err));
	assert_int_equal(err, -EIO);
}

/* A hook that adds a property of *(size_t *)arg bytes. */
static int add_blob(void *fdt, void *arg)
{
	size_t size = *(size_t *)arg;
	char *bytes = calloc(1, size);
	int err;

	assert_non_null(bytes);
	err = fdt_property(fdt, "big", bytes, (int)size);
	free(bytes);
	return err;
}

/* A hook writing far past the bytes it said: refused for want of room, not written past. */
static void test_extra_overruns_its_bound(void **state)
{
	struct guest_dt_config config = sample();
	size_t size = 64 * 1024;
	int err;

	(void)state;
	config.extra = add_blob;
	config.extra_arg = &size;
	config.extra_bytes = 0;
	assert_null(build(&config, &err));
	/* libfdt's own refusal reaches the hook, which passes it on: the hook failed. */
	assert_int_equal(err, -EIO);
}

/* The boot protocol takes a DTB of 2 MiB at most. */
static void test_too_big(void **state)
{
	struct guest_dt_config config = sample();
	size_t size = GUEST_DTB_MAX;
	int err;

	(void)state;
	config.extra = add_blob;
	config.extra_arg = &size;
	config.extra_bytes = size + 64;
	assert_null(build(&config, &err));
	assert_int_equal(err, -E2BIG);
}

static void test_small_buffer(void **state)
{
	struct guest_dt_config config = sample();
	size_t bound = guest_dt_size_bound(&config);
	char *buf = malloc(bound);
	size_t needed;

	(void)state;
	assert_non_null(buf);
	assert_int_equal(guest_dt_write(&config, buf, bound), 0);
	needed = fdt_totalsize(buf);
	assert_int_equal(guest_dt_write(&config, buf, needed - 1), -ENOSPC);
	assert_int_equal(guest_dt_write(&config, buf, 8), -ENOSPC);
	assert_int_equal(guest_dt_write(&config, buf, needed), 0);
	free(buf);
}

/* Write config, which must be refused with -EINVAL. */
static void assert_refused(const struct guest_dt_config *config);

/* Devices passed through (IPA == PA) are left out of the extended regions; gaps under
 * 64 MiB are none, and the regions are 2 MiB aligned inwards. */
static void test_extended_regions_avoid_devices(void **state)
{
	static const struct boot_desc_range mmio[] = {
		{ 0x09000000, 0x1000 },         /* below the RAM range: no matter */
		{ 0x8000000000, 0x8000000000 }, /* the top half, listed first */
		{ 0x4010000000, 0x10000000 },
		{ 0x4030001000, 0x1000 }, /* 256 MiB + 4 KiB above the last: 256 MiB aligned */
		{ 0x4031FFF000, 0x1000 }, /* 28 MiB aligned above the last: no region */
		{ 0x4030001000, 0x800 },  /* overlapping another */
	};
	static const struct boot_desc_range past_top[] = { { 0xFFFFFFFFF000, 0x2000 } };
	struct guest_dt_config config = sample();
	const fdt32_t *reg;
	void *blob;

	(void)state;
	config.mmio = mmio;
	config.mmio_count = sizeof(mmio) / sizeof(mmio[0]);
	blob = build_ok(&config);
	reg = cells(blob, "/hypervisor", "reg", 4 * 4);
	assert_int_equal(pair(reg), GUEST_GRANT_BASE);
	assert_int_equal(pair(reg + 4), 0x100000000);
	assert_int_equal(pair(reg + 6), 0x4010000000 - 0x100000000);
	assert_int_equal(pair(reg + 8), 0x4020000000);
	assert_int_equal(pair(reg + 10), 0x10000000);
	assert_int_equal(pair(reg + 12), 0x4032000000);
	assert_int_equal(pair(reg + 14), 0x8000000000 - 0x4032000000);
	free(blob);
	/* More ranges than a domain has, or one past the top of stage 2: refused. */
	config.mmio_count = GUEST_DT_MMIO_MAX + 1;
	assert_refused(&config);
	config.mmio = past_top;
	config.mmio_count = 1;
	assert_refused(&config);
	config.mmio = NULL;
	assert_refused(&config);
}

static void assert_refused(const struct guest_dt_config *config)
{
	int err;

	assert_null(build(config, &err));
	assert_int_equal(err, -EINVAL);
}

static void test_hostile_config(void **state)
{
	char long_name[GUEST_DT_NAME_MAX + 2];
	struct guest_dt_config config;

	(void)state;
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	config = sample();
	config.name = NULL;
	assert_refused(&config);
	config.name = "";
	assert_refused(&config);
	config.name = long_name;
	assert_refused(&config);
	long_name[GUEST_DT_NAME_MAX] = '\0';
	free(build_ok(&config));

	config = sample();
	config.vcpu_count = 0;
	assert_refused(&config);
	config.vcpu_count = GUEST_DT_VCPUS_MAX + 1;
	assert_refused(&config);
	config.vcpu_count = UINT32_MAX;
	assert_refused(&config);

	config = sample();
	config.ram_bytes = 0;
	assert_refused(&config);
	config.ram_bytes = 16 * MIB + 1;
	assert_refused(&config);
	config.ram_bytes = GUEST_RAM_MAX + 0x1000;
	assert_refused(&config);
	config.ram_bytes = GUEST_RAM_MAX;
	free(build_ok(&config));

	config = sample();
	config.initrd_ipa = UINT64_MAX - 100;
	assert_refused(&config);
	config = sample();
	config.dma_ranges = true;
	config.ram_pa = UINT64_MAX - 0x1000;
	assert_refused(&config);
}

static void test_bootargs_bound(void **state)
{
	char *bootargs = malloc(GUEST_DT_BOOTARGS_MAX + 2);
	struct guest_dt_config config = sample();
	void *blob;

	(void)state;
	assert_non_null(bootargs);
	memset(bootargs, 'x', GUEST_DT_BOOTARGS_MAX + 1);
	bootargs[GUEST_DT_BOOTARGS_MAX + 1] = '\0';
	config.bootargs = bootargs;
	assert_refused(&config);
	bootargs[GUEST_DT_BOOTARGS_MAX] = '\0';
	blob = build_ok(&config);
	assert_string(blob, "/chosen", "bootargs", bootargs, GUEST_DT_BOOTARGS_MAX + 1);
	free(blob);
	free(bootargs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root_and_chosen),
		cmocka_unit_test(test_chosen_empty_without_bootargs_or_initrd),
		cmocka_unit_test(test_cpus_and_gic),
		cmocka_unit_test(test_memory_timer_hypervisor),
		cmocka_unit_test(test_extended_regions_avoid_devices),
		cmocka_unit_test(test_dma_ranges),
		cmocka_unit_test(test_extra_nodes),
		cmocka_unit_test(test_extra_overruns_its_bound),
		cmocka_unit_test(test_too_big),
		cmocka_unit_test(test_small_buffer),
		cmocka_unit_test(test_hostile_config),
		cmocka_unit_test(test_bootargs_bound),
	};

	return cmocka_run_group_tests_name("guest_dt", tests, NULL, NULL);
}
