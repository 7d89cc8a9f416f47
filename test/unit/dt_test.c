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

static const struct boot_domain *domain_named(const char *name)
{
	for (unsigned int i = 0; i < bi.domain_count; i++) {
		if (strcmp(bi.domains[i].name, name) == 0) {
			return &bi.domains[i];
		}
	}
	return NULL;
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
	assert_int_equal(bi.psci, PSCI_CONDUIT_SMC);
	assert_true(reserved(0x7f000000, 0x10000));
	assert_true(reserved(0x7e000000, 0x200000));
	free(blob);
}

static void test_good_domains(void **state)
{
	void *blob = load_blob("machine");
	const struct boot_domain *d;

	(void)state;
	host_reset_logs();
	assert_int_equal(dt_parse(blob, &bi), 0);
	assert_int_equal(bi.domain_count, 2);

	d = domain_named("good");
	assert_non_null(d);
	assert_int_equal(d->domid, 5);
	assert_int_equal(d->vcpu_count, 2);
	assert_int_equal(d->ram_bytes, 0x8000ull << 10);
	assert_int_equal(d->rights, RIGHT_CONSOLE | RIGHT_XENSTORE);
	assert_int_equal(d->weight, 512);
	assert_int_equal(d->cap, 150);
	assert_int_equal(d->affinity, 3);
	assert_int_equal(d->grant_frames, 64);
	assert_int_equal(d->mmio_count, 1);
	assert_int_equal(d->mmio[0].base.pa, 0x0a000000);
	assert_int_equal(d->mmio[0].size, 0x1000); /* whole pages */
	assert_int_equal(d->irq_count, 1);
	assert_int_equal(d->irqs[0], 48);
	assert_int_equal(d->kernel.host.base.pa, 0x50000000);
	assert_int_equal(d->kernel.host.size, 0x11000);
	assert_int_equal(d->kernel.load.ipa, 0x40000000);
	assert_int_equal(d->dtb.load.ipa, 0x40200000);
	assert_int_equal(d->ramdisk.host.base.pa, 0x50030000);
	assert_int_equal(d->ramdisk.load.ipa, 0x40400000);
	assert_true(reserved(0x50000000, 0x11000));
	assert_true(reserved(0x50020000, 0x1000));
	assert_true(reserved(0x50030000, 0x2000));

	d = domain_named("minimal");
	assert_non_null(d);
	assert_int_equal(d->domid, 0); /* assigned when created */
	assert_int_equal(d->rights, 0);
	assert_int_equal(d->weight, 256);
	assert_int_equal(d->cap, 0);
	assert_int_equal(d->affinity, ~0u);
	assert_int_equal(d->grant_frames, 32);
	assert_int_equal(d->dtb.host.size, 0);
	assert_int_equal(d->ramdisk.host.size, 0);
	free(blob);
}

static void test_broken_domains_refused_with_reason(void **state)
{
	static const char *const refused[] = {
		"no-cpus",
		"too-many-cpus",
		"odd-memory",
		"huge-memory",
		"reserved-domid",
		"bad-right",
		"device-taken",
		"device-is-console",
		"device-is-gic",
		"device-missing",
		"device-ppi",
		"device-is-ram",
		"too-many-grant-frames",
		"zero-weight",
		"cap-over-vcpus",
		"cpu-out-of-range",
		"no-kernel",
		"load-past-ram",
		"load-wraps",
		"module-not-in-ram",
		"modules-overlap",
		"two-kernels",
		"module-without-load-ipa",
	};
	void *blob = load_blob("machine");

	(void)state;
	host_reset_logs();
	assert_int_equal(dt_parse(blob, &bi), 0);
	for (unsigned int i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		char line[96];

		assert_null(domain_named(refused[i]));
		snprintf(line, sizeof(line), "domain %s: not started", refused[i]);
		assert_non_null(strstr(host_console, line));
	}
	assert_non_null(strstr(host_console, "unknown right \"everything\""));
	assert_non_null(strstr(host_console, "device /virtio_mmio@a000000 is taken"));
	assert_non_null(strstr(host_console, "device /nothing@0 does not exist"));
	assert_non_null(strstr(host_console, "device /virtio_mmio@a001000 cannot be passed"));
	assert_null(domain_named("not-a-domain"));
	assert_int_equal(bi.domain_count, 2);
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
		cmocka_unit_test(test_good_domains),
		cmocka_unit_test(test_broken_domains_refused_with_reason),
		cmocka_unit_test(test_machine_without_gic),
		cmocka_unit_test(test_machine_without_memory),
		cmocka_unit_test(test_not_a_dtb),
	};

	return cmocka_run_group_tests_name("dt", tests, NULL, NULL);
}
