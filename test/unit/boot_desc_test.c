// SPDX-License-Identifier: MIT
/*
 * Unit tests of the boot description's checks (kernel/common/boot_desc.c):
 * a valid description built in memory passes and its records are used where
 * they lie; every field put out of range, alone, makes the whole description
 * refused with a line naming it; truncation at every length is refused
 * without reading past the module; a count of domains takes no table of the
 * core's, up to what the VMIDs and the scheduler allow; a packed layout of
 * many domains takes few reserved ranges.
 */
#include <host_arch.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <abi/grant_table.h>
#include <abi/guest_layout.h>
#include <abi/hypercall.h>
#include <boot_desc.h>
#include <errno.h>

#define MIB (1ull << 20)
#define PREFIX "tessera: boot description: "

/* The blob tessera-pack writes: the header, then the records (room for TEST_RECORDS here; the
 * tests of many domains build theirs with many_domains()). */
#define TEST_RECORDS 16
struct desc {
	struct boot_desc_header h;
	struct boot_desc_domain d[TEST_RECORDS];
};
_Static_assert(sizeof(struct desc) == 32 + 16 * 328, "no padding between header and records");

#define R0 (b->d[0]) /* "xenstore": a service domain, controller and device model of R1 */
#define R1 (b->d[1]) /* "guest_1.a+b-c": a guest with a RAM block, devices and modules */
#define VALID_SIZE (sizeof(struct boot_desc_header) + 2 * sizeof(struct boot_desc_domain))

static struct boot_info bi;
static struct desc valid;
static void *checked; /* the last blob checked: the records the core's out points at */

/* CRC-32 as zlib computes it (reflected, polynomial 0xEDB88320), table-driven. */
static uint32_t crc32_zlib(const void *data, size_t len)
{
	static uint32_t table[256];
	const uint8_t *p = data;
	uint32_t crc = ~0u;

	if (!table[1]) {
		for (uint32_t n = 0; n < 256; n++) {
			uint32_t c = n;

			for (int k = 0; k < 8; k++) {
				c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
			}
			table[n] = c;
		}
	}
	for (size_t i = 0; i < len; i++) {
		crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
	}
	return ~crc;
}

/* The checksum over total_size bytes with the checksum field 0 (clamped to the blob). */
static void seal(struct desc *b)
{
	size_t len = b->h.total_size < sizeof(*b) ? b->h.total_size : sizeof(*b);

	b->h.checksum = 0;
	b->h.checksum = crc32_zlib(b, len);
}

static struct boot_desc_module module(uint64_t host_pa, uint64_t size, uint64_t load_ipa)
{
	return (struct boot_desc_module){ host_pa, size, load_ipa };
}

static void header(struct desc *b, uint32_t count)
{
	b->h.magic = BOOT_DESC_MAGIC;
	b->h.version = BOOT_DESC_VERSION;
	b->h.header_size = sizeof(struct boot_desc_header);
	b->h.record_size = sizeof(struct boot_desc_domain);
	b->h.domain_count = count;
	b->h.total_size = (uint32_t)(sizeof(struct boot_desc_header) +
				     count * sizeof(struct boot_desc_domain));
	b->h.reserved = 0;
}

static void record_store(struct boot_desc_domain *r)
{
	strcpy(r->name, "xenstore");
	r->domid = 1;
	r->vcpu_count = 1;
	r->rights = RIGHT_XENSTORE | RIGHT_TOOLSTACK | RIGHT_DEVEMU;
	r->ram_bytes = 16 * MIB;
	r->weight = 256;
	r->affinity = 1;
	r->grant_frames = GRANT_FRAMES_DEFAULT;
	r->kernel = module(0x50000000, 0x11000, GUEST_RAM_BASE);
	r->dtb = module(0x50020000, 0x1000, GUEST_RAM_BASE + 0x200000);
}

static void record_guest(struct boot_desc_domain *r)
{
	strcpy(r->name, "guest_1.a+b-c");
	r->domid = 5;
	r->vcpu_count = 2;
	r->ram_bytes = 32 * MIB;
	r->ram_pa = 0x60000000;
	r->weight = 512;
	r->cap = 200; /* the most two vCPUs may have */
	r->affinity = 3;
	r->grant_frames = GRANT_FRAMES_MAX;
	r->on_reboot = BOOT_DESC_ACTION_RESTART;
	r->controller = 1;
	r->device_model = 1;
	r->mmio_count = 2;
	r->mmio[0] = (struct boot_desc_range){ 0x0a000000, 0x1000 };
	r->mmio[1] = (struct boot_desc_range){ 0x0a000000, 0x2000 }; /* repeats a page: allowed */
	r->irq_count = 2;
	r->irqs[0] = 48;
	r->irqs[1] = GUEST_SPI_LAST;
	r->kernel = module(0x58000000, 0x2000, GUEST_RAM_BASE);
	r->ramdisk = module(0x58100000, 0x3000, GUEST_RAM_BASE + 0x400000);
}

static void build_valid(struct desc *b)
{
	memset(b, 0, sizeof(*b));
	header(b, 2);
	record_store(&b->d[0]);
	record_guest(&b->d[1]);
	seal(b);
}

/* QEMU virt with 2 GiB of RAM at 1 GiB, two CPUs, a reserved range and the description. */
static void build_machine(struct boot_info *m)
{
	memset(m, 0, sizeof(*m));
	m->ram[0] = (struct mem_range){ pa_make(0x40000000), 0x80000000 };
	m->ram_count = 1;
	m->uart = pa_make(0x09000000);
	m->gicd = (struct mem_range){ pa_make(0x08000000), 0x10000 };
	m->gicr = (struct mem_range){ pa_make(0x080a0000), 0xf60000 };
	m->cpu_mpidr[0] = 0;
	m->cpu_mpidr[1] = 1;
	m->cpu_count = 2;
	m->reserved[0] = (struct mem_range){ pa_make(0x7e000000), 0x200000 };
	m->desc = (struct mem_range){ pa_make(0x48000000), 0x2000 };
	m->reserved[1] = m->desc;
	m->reserved_count = 2;
}

/*
 * Check size bytes of b, from a heap copy of exactly that size (ASan sees any
 * read past it), kept until the next check: out points into it, as the core's
 * points into the module.
 */
static int check(const void *b, size_t size, struct boot_desc *out)
{
	free(checked);
	checked = malloc(size ? size : 1);
	assert_non_null(checked);
	memcpy(checked, b, size);
	host_reset_logs();
	return boot_desc_check(checked, size, &bi, out);
}

/*
 * Every line printed is the description's, and one of them names the record
 * (who: "" for the header) and the field.
 */
static void assert_logged(const char *who, const char *field)
{
	const char *line = host_console;
	bool found = false;

	assert_true(strlen(host_console) > 0);
	while (*line) {
		const char *end = strchr(line, '\n');
		const char *rest = line + strlen(PREFIX);

		if (!end || strncmp(line, PREFIX, strlen(PREFIX)) != 0) {
			fail_msg("a line not the description's: %s", line);
		}
		if (strncmp(rest, who, strlen(who)) == 0) {
			const char *hit = strstr(rest + strlen(who), field);

			found |= hit && hit < end;
		}
		line = end + 1;
	}
	if (!found) {
		fail_msg("no line names \"%s\" and \"%s\":\n%s", who, field, host_console);
	}
}

static int setup(void **state)
{
	(void)state;
	build_machine(&bi);
	build_valid(&valid);
	host_vmid_bits = 8;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(checked);
	checked = NULL;
	return 0;
}

static void test_crc_is_zlibs(void **state)
{
	(void)state;
	assert_int_equal(crc32_zlib("123456789", 9), 0xCBF43926u); /* the standard check value */
}

static void test_valid_passes_and_is_used_in_place(void **state)
{
	struct boot_desc *out = malloc(sizeof(*out));

	(void)state;
	assert_non_null(out);
	memset(out, 0xa5, sizeof(*out));
	assert_int_equal(check(&valid, VALID_SIZE, out), 0);
	assert_string_equal(host_console, "");
	assert_int_equal(out->count, 2);
	assert_ptr_equal(out->domains, (uint8_t *)checked + sizeof(struct boot_desc_header));
	assert_memory_equal(out->domains, valid.d, 2 * sizeof(valid.d[0]));
	assert_string_equal(out->domains[1].name, "guest_1.a+b-c");
	assert_int_equal(out->domains[1].ram_pa, 0x60000000);
	/* A module bigger than the description is fine: the rest is not read. */
	assert_int_equal(check(&valid, sizeof(valid), out), 0);
	free(out);
}

/* The edges of every range, all at once: 16 domains, each at some limit. */
static void test_limits_pass(void **state)
{
	struct desc *b = malloc(sizeof(*b));
	struct boot_desc *out = malloc(sizeof(*out));

	(void)state;
	assert_non_null(b);
	assert_non_null(out);
	memset(b, 0, sizeof(*b));
	header(b, TEST_RECORDS);
	record_store(&b->d[0]);
	for (unsigned int i = 1; i < TEST_RECORDS; i++) {
		struct boot_desc_domain *r = &b->d[i];

		snprintf(r->name, sizeof(r->name), "d%02u-012345678901234567890123456", i);
		r->domid = (uint16_t)(DOMID_FIRST_RESERVED - i); /* 0x7fef is the highest */
		r->vcpu_count = BOOT_DESC_VCPUS_MAX;
		r->rights = i == 1 ? RIGHTS_ALL : 0;
		r->ram_bytes = i == 1 ? GUEST_RAM_MAX : PAGE_SIZE;
		r->weight = i == 2 ? 1 : 65535;
		r->cap = 100 * BOOT_DESC_VCPUS_MAX;
		r->affinity = i == 3 ? 2 : ~0u; /* CPUs beyond the machine's may be named too */
		r->grant_frames = i == 4 ? 1 : GRANT_FRAMES_MAX;
		r->on_poweroff = r->on_reboot = r->on_crash = BOOT_DESC_ACTION_RESTART;
		r->controller = 1;
		r->device_model = i == 1 ? 1 : (uint16_t)(DOMID_FIRST_RESERVED - 1);
		r->kernel = module(0x50100000 + i * 0x10000, PAGE_SIZE, GUEST_RAM_BASE);
	}
	b->d[5].mmio_count = BOOT_DESC_MMIO_MAX;
	for (unsigned int m = 0; m < BOOT_DESC_MMIO_MAX; m++) {
		b->d[5].mmio[m] = (struct boot_desc_range){ 0x0a000000 + m * PAGE_SIZE, PAGE_SIZE };
	}
	b->d[6].irq_count = BOOT_DESC_IRQS_MAX;
	for (unsigned int q = 0; q < BOOT_DESC_IRQS_MAX; q++) {
		b->d[6].irqs[q] = q == 0 ? 32 : GUEST_SPI_LAST - q + 1;
	}
	/* A block that ends where RAM ends, and a module that fills its domain's RAM. */
	b->d[7].ram_bytes = 16 * MIB;
	b->d[7].ram_pa = 0xC0000000 - 16 * MIB;
	b->d[8].kernel = module(0x51000000, PAGE_SIZE, GUEST_RAM_BASE + GUEST_RAM_MAX - PAGE_SIZE);
	b->d[8].ram_bytes = GUEST_RAM_MAX;
	seal(b);
	assert_int_equal(check(b, b->h.total_size, out), 0);
	assert_string_equal(host_console, "");
	assert_int_equal(out->count, TEST_RECORDS);
	free(b);
	free(out);
}

/*
 * Refusals: each a change to the valid description that breaks one field;
 * the checksum is made again after it, so only the change is wrong.
 */
struct refusal {
	const char *what;
	void (*mutate)(struct desc *b);
	const char *who;   /* how the line names the record: "" for the header */
	const char *field; /* the field it names */
};

#define MUTATOR(fn, ...)               \
	static void fn(struct desc *b) \
	{                              \
		__VA_ARGS__;           \
		(void)b;               \
	}

MUTATOR(bad_magic, b->h.magic = 0x12345678)
MUTATOR(version_0, b->h.version = 0)
MUTATOR(version_2, b->h.version = 2)
MUTATOR(header_size_33, b->h.header_size = 33)
MUTATOR(header_size_0, b->h.header_size = 0)
MUTATOR(record_size_327, b->h.record_size = 327)
MUTATOR(record_size_336, b->h.record_size = 336)
MUTATOR(count_0, b->h.domain_count = 0)
MUTATOR(count_over_max, b->h.domain_count = BOOT_DESC_DOMAINS_MAX + 1)
MUTATOR(count_3_size_for_2, b->h.domain_count = 3)
MUTATOR(total_huge, b->h.total_size = 0xffffffffu)
MUTATOR(total_short, b->h.total_size = (uint32_t)VALID_SIZE - 1)
MUTATOR(header_reserved, b->h.reserved = 1ull << 63)
MUTATOR(name_empty, R1.name[0] = '\0')
MUTATOR(name_unterminated, memset(R1.name, 'a', sizeof(R1.name)))
MUTATOR(name_space, strcpy(R1.name, "guest 1"))
MUTATOR(name_slash, strcpy(R1.name, "guest/1"))
MUTATOR(name_high_byte, strcpy(R1.name, "gu\xc3\xa9st"))
MUTATOR(name_duplicate, strcpy(R1.name, "xenstore"))
MUTATOR(domid_0, R1.domid = 0)
MUTATOR(domid_self, R1.domid = DOMID_FIRST_RESERVED)
MUTATOR(domid_ffff, R1.domid = 0xffff)
MUTATOR(domid_duplicate, R1.domid = 1)
MUTATOR(vcpus_0, R1.vcpu_count = 0)
MUTATOR(vcpus_9, R1.vcpu_count = BOOT_DESC_VCPUS_MAX + 1)
MUTATOR(rights_unknown, R1.rights = RIGHTS_ALL + 1)
MUTATOR(rights_top_bit, R0.rights |= 1u << 31)
MUTATOR(ram_0, R1.ram_bytes = 0)
MUTATOR(ram_unaligned, R1.ram_bytes = 32 * MIB + 1)
MUTATOR(ram_too_big, R0.ram_bytes = GUEST_RAM_MAX + PAGE_SIZE)
MUTATOR(ram_pa_unaligned, R1.ram_pa = 0x60000800)
MUTATOR(ram_pa_past_ram, R1.ram_pa = 0xC0000000 - 16 * MIB)
MUTATOR(ram_pa_beyond_ram, R1.ram_pa = 0x100000000)
MUTATOR(ram_pa_below_ram, R1.ram_pa = 0x3f000000)
MUTATOR(ram_pa_wraps, R1.ram_pa = 0xfffffffffe000000)
MUTATOR(ram_pa_reserved, R1.ram_pa = 0x7d000000)
MUTATOR(ram_pa_description, R1.ram_pa = 0x47000000)
MUTATOR(ram_pa_own_module, R1.ram_pa = 0x58000000)
MUTATOR(ram_pa_other_module, R1.ram_pa = 0x4ff00000)
MUTATOR(ram_pa_other_block, R0.ram_pa = 0x61000000)
MUTATOR(weight_0, R1.weight = 0)
MUTATOR(weight_65536, R1.weight = 65536)
MUTATOR(cap_over, R1.cap = 201)
MUTATOR(cap_over_one_vcpu, R0.cap = 101)
MUTATOR(affinity_0, R1.affinity = 0)
MUTATOR(affinity_beyond_machine, R1.affinity = 0xfffffffc)
MUTATOR(grant_0, R1.grant_frames = 0)
MUTATOR(grant_65, R1.grant_frames = GRANT_FRAMES_MAX + 1)
MUTATOR(on_poweroff_2, R1.on_poweroff = 2)
MUTATOR(on_reboot_2, R1.on_reboot = 2)
MUTATOR(on_crash_2, R1.on_crash = 2)
MUTATOR(reserved0, R1.reserved0 = 1)
MUTATOR(reserved1, R1.reserved1 = 1ull << 40)
MUTATOR(controller_nobody, R1.controller = 9)
MUTATOR(controller_without_right, R0.rights &= ~RIGHT_TOOLSTACK)
MUTATOR(controller_itself, R1.controller = 5; R1.rights = RIGHT_TOOLSTACK)
MUTATOR(device_model_nobody, R1.device_model = 9)
MUTATOR(device_model_without_right, R0.rights &= ~RIGHT_DEVEMU)
MUTATOR(device_model_itself, R1.device_model = 5; R1.rights = RIGHT_DEVEMU)
MUTATOR(mmio_count_9, R1.mmio_count = BOOT_DESC_MMIO_MAX + 1)
MUTATOR(irq_count_9, R1.irq_count = BOOT_DESC_IRQS_MAX + 1)
MUTATOR(mmio_base_unaligned, R1.mmio[1].base = 0x0a000800)
MUTATOR(mmio_size_unaligned, R1.mmio[1].size = 0x1800)
MUTATOR(mmio_size_0, R1.mmio[1].size = 0)
MUTATOR(mmio_beyond_ipa, R1.mmio[1].base = 1ull << GUEST_IPA_BITS)
MUTATOR(mmio_wraps, R1.mmio[1].base = 0xfffffffffffff000; R1.mmio[1].size = 0x2000)
MUTATOR(mmio_ram, R1.mmio[1].base = 0x40000000)
MUTATOR(mmio_ram_end, R1.mmio[1].base = 0xBFFFF000; R1.mmio[1].size = 0x2000)
MUTATOR(mmio_uart, R1.mmio[1].base = 0x09000000)
MUTATOR(mmio_gicd, R1.mmio[1].base = 0x08000000)
MUTATOR(mmio_gicr, R1.mmio[1].base = 0x08ff0000; R1.mmio[1].size = 0x10000)
MUTATOR(mmio_other_domain, R0.mmio_count = 1;
	R0.mmio[0] = (struct boot_desc_range){ 0x0a001000, 0x1000 })
MUTATOR(irq_31, R1.irqs[1] = 31)
MUTATOR(irq_0, R1.irqs[0] = 0)
MUTATOR(irq_96, R1.irqs[1] = GUEST_SPI_LAST + 1)
MUTATOR(irq_other_domain, R0.irq_count = 1; R0.irqs[0] = GUEST_SPI_LAST)
MUTATOR(kernel_missing, R1.kernel = module(0, 0, 0))
MUTATOR(kernel_size_0, R1.kernel.size = 0)
MUTATOR(dtb_outside_ram, R0.dtb.host_pa = 0x09000000)
MUTATOR(ramdisk_past_ram, R1.ramdisk.host_pa = 0xC0000000 - 0x2000)
MUTATOR(module_size_0_present, R1.dtb = module(0, 0, GUEST_RAM_BASE + 0x200000))
MUTATOR(kernel_reserved, R1.kernel.host_pa = 0x7e1ff000)
MUTATOR(kernel_description, R0.kernel.host_pa = 0x47ff0000)
MUTATOR(ramdisk_past_domain_ram, R1.ramdisk.load_ipa = GUEST_RAM_BASE + 32 * MIB - 0x2000)
MUTATOR(ramdisk_below_domain_ram, R1.ramdisk.load_ipa = GUEST_RAM_BASE - 0x1000)
MUTATOR(ramdisk_load_wraps, R1.ramdisk.load_ipa = 0xfffffffffffff000)
MUTATOR(kernel_bigger_than_ram, R0.kernel.size = 16 * MIB + PAGE_SIZE)
MUTATOR(modules_overlap, R1.ramdisk.load_ipa = GUEST_RAM_BASE + 0x1000)
MUTATOR(dtb_overlaps_kernel, R0.dtb.load_ipa = GUEST_RAM_BASE + 0x10000)

#define GUEST "guest_1.a+b-c: "
#define STORE "xenstore: "

static const struct refusal refusals[] = {
	{ "magic", bad_magic, "", "magic 0x12345678" },
	{ "version 0", version_0, "", "version 0" },
	{ "version 2", version_2, "", "version 2" },
	{ "header_size 33", header_size_33, "", "header_size 33" },
	{ "header_size 0", header_size_0, "", "header_size 0," },
	{ "record_size 327", record_size_327, "", "record_size 327" },
	{ "record_size 336", record_size_336, "", "record_size 336" },
	{ "domain_count 0", count_0, "", "domain_count 0" },
	{ "domain_count over the maximum", count_over_max, "",
	  "domain_count 65536 is not 1..65535" },
	{ "domain_count past total_size", count_3_size_for_2, "", "total_size 688: 3 domains" },
	{ "total_size huge", total_huge, "", "total_size 4294967295" },
	{ "total_size short", total_short, "", "total_size 687" },
	{ "header reserved", header_reserved, "", "reserved field" },
	{ "name empty", name_empty, "domain 1: ", "name" },
	{ "name unterminated", name_unterminated, "domain 1: ", "name" },
	{ "name with a space", name_space, "domain 1: ", "name" },
	{ "name with a slash", name_slash, "domain 1: ", "name" },
	{ "name not ASCII", name_high_byte, "domain 1: ", "name" },
	{ "name twice", name_duplicate, STORE, "name" },
	{ "domid 0", domid_0, GUEST, "domid 0 " },
	{ "domid DOMID_SELF", domid_self, GUEST, "domid 32752" },
	{ "domid 0xffff", domid_ffff, GUEST, "domid 65535" },
	{ "domid twice", domid_duplicate, GUEST, "domid 1 " },
	{ "vcpu_count 0", vcpus_0, GUEST, "vcpu_count 0" },
	{ "vcpu_count 9", vcpus_9, GUEST, "vcpu_count 9" },
	{ "unknown right", rights_unknown, GUEST, "rights 0x20" },
	{ "top right bit", rights_top_bit, STORE, "rights 0x8000000e" },
	{ "ram_bytes 0", ram_0, GUEST, "ram_bytes 0 " },
	{ "ram_bytes unaligned", ram_unaligned, GUEST, "ram_bytes 0x2000001" },
	{ "ram_bytes too big", ram_too_big, STORE, "ram_bytes 3221229568" },
	{ "ram_pa unaligned", ram_pa_unaligned, GUEST, "ram_pa 0x60000800" },
	{ "ram_pa past RAM", ram_pa_past_ram, GUEST, "ram_pa 0xbf000000" },
	{ "ram_pa beyond RAM", ram_pa_beyond_ram, GUEST, "ram_pa 0x100000000" },
	{ "ram_pa below RAM", ram_pa_below_ram, GUEST, "ram_pa 0x3f000000" },
	{ "ram_pa wraps", ram_pa_wraps, GUEST, "ram_pa 0xfffffffffe000000" },
	{ "ram_pa reserved", ram_pa_reserved, GUEST, "ram_pa 0x7d000000" },
	{ "ram_pa over the description", ram_pa_description, GUEST, "ram_pa 0x47000000" },
	{ "ram_pa over its module", ram_pa_own_module, GUEST, "ram_pa" },
	{ "ram_pa over a module of another", ram_pa_other_module, GUEST, "ram_pa" },
	{ "ram_pa over another block", ram_pa_other_block, STORE, "ram_pa" },
	{ "weight 0", weight_0, GUEST, "weight 0 " },
	{ "weight 65536", weight_65536, GUEST, "weight 65536" },
	{ "cap over 100 per vCPU", cap_over, GUEST, "cap 201" },
	{ "cap over one vCPU", cap_over_one_vcpu, STORE, "cap 101" },
	{ "affinity 0", affinity_0, GUEST, "affinity 0 " },
	{ "affinity beyond the machine", affinity_beyond_machine, GUEST, "affinity 0xfffffffc" },
	{ "grant_frames 0", grant_0, GUEST, "grant_frames 0 " },
	{ "grant_frames 65", grant_65, GUEST, "grant_frames 65" },
	{ "on_poweroff 2", on_poweroff_2, GUEST, "on_poweroff 2" },
	{ "on_reboot 2", on_reboot_2, GUEST, "on_reboot 2" },
	{ "on_crash 2", on_crash_2, GUEST, "on_crash 2" },
	{ "reserved0", reserved0, GUEST, "reserved0 1" },
	{ "reserved1", reserved1, GUEST, "reserved1 1099511627776" },
	{ "controller nobody", controller_nobody, GUEST, "controller 9" },
	{ "controller without the right", controller_without_right, GUEST, "controller 1 " },
	{ "controller itself", controller_itself, GUEST, "controller 5" },
	{ "device_model nobody", device_model_nobody, GUEST, "device_model 9" },
	{ "device_model without the right", device_model_without_right, GUEST, "device_model 1 " },
	{ "device_model itself", device_model_itself, GUEST, "device_model 5" },
	{ "mmio_count 9", mmio_count_9, GUEST, "mmio_count 9" },
	{ "irq_count 9", irq_count_9, GUEST, "irq_count 9" },
	{ "mmio base unaligned", mmio_base_unaligned, GUEST, "mmio 1 (0xa000800," },
	{ "mmio size unaligned", mmio_size_unaligned, GUEST, "mmio 1 (0xa000000, 0x1800" },
	{ "mmio size 0", mmio_size_0, GUEST, "mmio 1 (0xa000000, 0 bytes" },
	{ "mmio beyond the IPA space", mmio_beyond_ipa, GUEST, "mmio 1 (0x10000000000," },
	{ "mmio wraps", mmio_wraps, GUEST, "mmio 1 (0xfffffffffffff000," },
	{ "mmio over RAM", mmio_ram, GUEST, "mmio 1 (0x40000000," },
	{ "mmio over the end of RAM", mmio_ram_end, GUEST, "mmio 1 (0xbffff000," },
	{ "mmio the UART", mmio_uart, GUEST, "mmio 1 (0x9000000," },
	{ "mmio the GIC distributor", mmio_gicd, GUEST, "mmio 1 (0x8000000," },
	{ "mmio the GIC redistributors", mmio_gicr, GUEST, "mmio 1 (0x8ff0000," },
	{ "mmio of another domain", mmio_other_domain, GUEST, "device page" },
	{ "irq 31", irq_31, GUEST, "irq 31" },
	{ "irq 0", irq_0, GUEST, "irq 0" },
	{ "irq 96", irq_96, GUEST, "irq 96" },
	{ "irq of another domain", irq_other_domain, GUEST, "irq" },
	{ "no kernel", kernel_missing, GUEST, "kernel module" },
	{ "kernel of 0 bytes", kernel_size_0, GUEST, "kernel module" },
	{ "dtb outside RAM", dtb_outside_ram, STORE, "dtb module at 0x9000000" },
	{ "ramdisk past RAM", ramdisk_past_ram, GUEST, "ramdisk module at 0xbfffe000" },
	{ "dtb of 0 bytes with a load address", module_size_0_present, GUEST, "dtb module at 0 " },
	{ "kernel over reserved memory", kernel_reserved, GUEST, "kernel module at 0x7e1ff000" },
	{ "kernel over the description", kernel_description, STORE, "kernel module at 0x47ff0000" },
	{ "ramdisk past the domain's RAM", ramdisk_past_domain_ram, GUEST,
	  "ramdisk module load_ipa 0x41ffe000" },
	{ "ramdisk below the domain's RAM", ramdisk_below_domain_ram, GUEST,
	  "ramdisk module load_ipa 0x3ffff000" },
	{ "ramdisk load wraps", ramdisk_load_wraps, GUEST,
	  "ramdisk module load_ipa 0xfffffffffffff000" },
	{ "kernel bigger than the domain's RAM", kernel_bigger_than_ram, STORE,
	  "kernel module load_ipa 0x40000000" },
	{ "kernel and ramdisk overlap", modules_overlap, GUEST, "modules kernel and ramdisk" },
	{ "kernel and dtb overlap", dtb_overlaps_kernel, STORE, "modules kernel and dtb" },
};

static void test_each_field_out_of_range_refused(void **state)
{
	struct boot_desc *out = malloc(sizeof(*out));

	(void)state;
	assert_non_null(out);
	for (unsigned int i = 0; i < ARRAY_SIZE(refusals); i++) {
		const struct refusal *c = &refusals[i];
		struct desc b;
		int rc;

		build_valid(&b);
		c->mutate(&b);
		seal(&b);
		rc = check(&b, VALID_SIZE, out);
		if (rc != -EINVAL) {
			fail_msg("%s: boot_desc_check returned %d, log:\n%s", c->what, rc,
				 host_console);
		}
		assert_logged(c->who, c->field);
	}
	free(out);
}

/* total_size must be what the records take, even when the module holds more. */
static void test_total_size_longer_than_records(void **state)
{
	struct boot_desc *out = malloc(sizeof(*out));
	struct desc b = valid;

	(void)state;
	assert_non_null(out);
	b.h.total_size = (uint32_t)VALID_SIZE + 8;
	seal(&b);
	assert_int_equal(check(&b, VALID_SIZE + 8, out), -EINVAL);
	assert_logged("", "total_size 696");
	free(out);
}

/* Every length short of the whole is refused, none read past its end (ASan). */
static void test_truncation_at_every_length(void **state)
{
	struct boot_desc *out = malloc(sizeof(*out));

	(void)state;
	assert_non_null(out);
	for (size_t size = 0; size < VALID_SIZE; size++) {
		assert_int_equal(check(&valid, size, out), -EINVAL);
		assert_logged("", size < sizeof(struct boot_desc_header) ? "less than a header"
									 : "total_size 688");
	}
	assert_int_equal(check(&valid, VALID_SIZE, out), 0);
	free(out);
}

/* A changed byte anywhere is caught by the checksum (when nothing else catches it first). */
static void test_checksum_covers_every_byte(void **state)
{
	struct boot_desc *out = malloc(sizeof(*out));

	(void)state;
	assert_non_null(out);
	for (size_t at = 0; at < VALID_SIZE; at++) {
		struct desc b = valid;

		((uint8_t *)&b)[at] ^= 0x40;
		assert_int_equal(check(&b, VALID_SIZE, out), -EINVAL);
		if (at >= offsetof(struct boot_desc_header, checksum) &&
		    at < offsetof(struct boot_desc_header, domain_count)) {
			assert_logged("", "checksum");
		}
		if (at >= sizeof(struct boot_desc_header)) {
			assert_logged("", "checksum"); /* records: the checksum is checked first */
		}
	}
	free(out);
}

/* Each broken record is reported, not only the first. */
static void test_every_broken_record_reported(void **state)
{
	struct boot_desc *out = malloc(sizeof(*out));
	struct desc b = valid;

	(void)state;
	assert_non_null(out);
	b.d[0].weight = 0;
	b.d[1].vcpu_count = 0;
	seal(&b);
	assert_int_equal(check(&b, VALID_SIZE, out), -EINVAL);
	assert_logged(STORE, "weight");
	assert_logged(GUEST, "vcpu_count");
	free(out);
}

static bool reserved_has(uint64_t base, uint64_t size)
{
	for (unsigned int i = 0; i < bi.reserved_count; i++) {
		if (bi.reserved[i].base.pa == base && bi.reserved[i].size == size) {
			return true;
		}
	}
	return false;
}

static void test_reserve_adds_modules_and_blocks(void **state)
{
	struct boot_desc *out = malloc(sizeof(*out));

	(void)state;
	assert_non_null(out);
	assert_int_equal(check(&valid, VALID_SIZE, out), 0);
	assert_int_equal(boot_desc_reserve(out, &bi), 0);
	/* Two before; xenstore's kernel and dtb, 60 KiB apart, as one; the guest's kernel, ramdisk
	 * (1 MiB further) and RAM block. */
	assert_int_equal(bi.reserved_count, 2 + 1 + 3);
	assert_true(reserved_has(0x7e000000, 0x200000));
	assert_true(reserved_has(0x48000000, 0x2000));
	assert_true(reserved_has(0x50000000, 0x21000));
	assert_true(reserved_has(0x58000000, 0x2000));
	assert_true(reserved_has(0x58100000, 0x3000));
	assert_true(reserved_has(0x60000000, 32 * MIB));
	/* Absent modules (xenstore's ramdisk, the guest's dtb) add nothing. */
	assert_false(reserved_has(0, 0));
	assert_string_equal(host_console, "");
	free(out);
}

static void test_reserve_full_list_refused(void **state)
{
	struct boot_desc *out = malloc(sizeof(*out));

	(void)state;
	assert_non_null(out);
	assert_int_equal(check(&valid, VALID_SIZE, out), 0);
	bi.reserved_count = BOOT_RESERVED_MAX - 3; /* room for 3 of the 4 */
	assert_int_equal(boot_desc_reserve(out, &bi), -ENOSPC);
	assert_int_equal(bi.reserved_count, BOOT_RESERVED_MAX);
	assert_non_null(strstr(host_console, "more than 48 reserved"));
	assert_non_null(strstr(host_console, PREFIX "guest_1.a+b-c: its modules or RAM block lie"));
	free(out);
}

/*
 * A record refused for its mmio_count or irq_count must not make a later
 * record's comparison with it read past its arrays (UBSan/ASan would stop
 * the test here).
 */
static void test_refused_counts_not_followed(void **state)
{
	struct boot_desc *out = malloc(sizeof(*out));
	struct desc b = valid;

	(void)state;
	assert_non_null(out);
	b.d[0].irq_count = 0x10000000;
	seal(&b);
	assert_int_equal(check(&b, VALID_SIZE, out), -EINVAL);
	assert_logged(STORE, "irq_count");
	b = valid;
	b.d[0].mmio_count = 0x10000000;
	seal(&b);
	assert_int_equal(check(&b, VALID_SIZE, out), -EINVAL);
	assert_logged(STORE, "mmio_count");
	free(out);
}

/* A name printed for another record must be bounded even when that record's name is not. */
static void test_unterminated_name_of_another_not_printed_past(void **state)
{
	struct boot_desc *out = malloc(sizeof(*out));
	struct desc *b = malloc(sizeof(*b));

	(void)state;
	assert_non_null(out);
	assert_non_null(b);
	memset(b, 0x41, sizeof(*b)); /* no NUL anywhere in the records but the first */
	header(b, TEST_RECORDS);
	memset(&b->d[0], 0, sizeof(b->d[0]));
	record_store(&b->d[0]);
	b->d[0].domid = 0x4141; /* the same domid as every other record */
	seal(b);
	assert_int_equal(check(b, b->h.total_size, out), -EINVAL);
	assert_logged(STORE, "domid");
	free(b);
	free(out);
}

/*
 * count domains as tessera-pack lays them out: record 0 the store, then small
 * guests of vcpus vCPUs each, their kernels and DTBs side by side, 64 KiB
 * aligned, from 0x50100000. Returns a blob of its total_size (caller frees).
 */
static struct boot_desc_header *many_domains(unsigned int count, unsigned int vcpus)
{
	size_t size = sizeof(struct boot_desc_header) + count * sizeof(struct boot_desc_domain);
	struct boot_desc_header *h = calloc(1, size);
	struct boot_desc_domain *d = (struct boot_desc_domain *)(h + 1);

	assert_non_null(h);
	header((struct desc *)h, count);
	record_store(&d[0]);
	for (unsigned int i = 1; i < count; i++) {
		uint64_t at = 0x50100000 + (uint64_t)i * 0x20000;

		snprintf(d[i].name, sizeof(d[i].name), "guest%u", i);
		d[i].domid = (uint16_t)(i + 1);
		d[i].vcpu_count = (uint16_t)vcpus;
		d[i].ram_bytes = 4 * MIB;
		d[i].weight = 256;
		d[i].affinity = 3;
		d[i].grant_frames = 1;
		d[i].kernel = module(at, 0x8000, GUEST_RAM_BASE);
		d[i].dtb = module(at + 0x10000, 0x800, GUEST_RAM_BASE + 0x200000);
	}
	h->checksum = crc32_zlib(h, size);
	return h;
}

/* One VMID a domain, 0 none's: 255 with 8-bit VMIDs, and the 256th is refused by name. */
static void test_domains_up_to_the_vmids_pass(void **state)
{
	struct boot_desc *out = malloc(sizeof(*out));
	struct boot_desc_header *h = many_domains(255, 1);

	(void)state;
	assert_non_null(out);
	assert_int_equal(check(h, h->total_size, out), 0);
	assert_string_equal(host_console, "");
	assert_int_equal(out->count, 255);
	assert_string_equal(out->domains[254].name, "guest254");
	free(h);
	h = many_domains(256, 1);
	assert_int_equal(check(h, h->total_size, out), -EINVAL);
	assert_logged("guest255: ", "domain 255 is over the 255 domains this CPU's VMIDs allow");
	/* With 16-bit VMIDs the same description passes. */
	host_vmid_bits = 16;
	assert_int_equal(check(h, h->total_size, out), 0);
	assert_int_equal(out->count, 256);
	free(h);
	free(out);
}

/* With 16-bit VMIDs a thousand domains pass: no table of the core's bounds the count. */
static void test_a_thousand_domains_pass(void **state)
{
	struct boot_desc *out = malloc(sizeof(*out));
	struct boot_desc_header *h = many_domains(1000, 1);

	(void)state;
	assert_non_null(out);
	host_vmid_bits = 16;
	assert_int_equal(check(h, h->total_size, out), 0);
	assert_int_equal(out->count, 1000);
	free(h);
	free(out);
}

/* vCPUs are bounded by memory alone: the store's one and 199 guests of 8 (1,593) pass. */
static void test_vcpus_in_total_unbounded(void **state)
{
	struct boot_desc *out = malloc(sizeof(*out));
	struct boot_desc_header *h = many_domains(200, 8);

	(void)state;
	assert_non_null(out);
	assert_int_equal(check(h, h->total_size, out), 0);
	assert_int_equal(out->count, 200);
	free(h);
	free(out);
}

/* A module that does not start on 8 bytes is refused before a field is read. */
static void test_unaligned_module_refused(void **state)
{
	struct boot_desc *out = malloc(sizeof(*out));
	uint8_t *blob = malloc(VALID_SIZE + 4);

	(void)state;
	assert_non_null(out);
	assert_non_null(blob);
	memcpy(blob + 4, &valid, VALID_SIZE);
	host_reset_logs();
	assert_int_equal(boot_desc_check(blob + 4, VALID_SIZE, &bi, out), -EINVAL);
	assert_logged("", "8-byte aligned");
	free(blob);
	free(out);
}

/* 300 domains laid out as tessera-pack does take one reserved range for all their modules. */
static void test_reserve_packed_modules_take_one_range(void **state)
{
	struct boot_desc *out = malloc(sizeof(*out));
	struct boot_desc_header *h = many_domains(300, 1);

	(void)state;
	assert_non_null(out);
	host_vmid_bits = 16;
	assert_int_equal(check(h, h->total_size, out), 0);
	assert_int_equal(boot_desc_reserve(out, &bi), 0);
	/* Two before; the store's kernel and dtb; the guests' modules, 1 MiB above them. */
	assert_int_equal(bi.reserved_count, 2 + 1 + 1);
	assert_true(reserved_has(0x50000000, 0x21000));
	assert_true(reserved_has(0x50120000, 299 * 0x20000 - 0x10000 + 0x800));
	free(h);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_crc_is_zlibs, setup),
		cmocka_unit_test_setup(test_valid_passes_and_is_used_in_place, setup),
		cmocka_unit_test_setup(test_limits_pass, setup),
		cmocka_unit_test_setup(test_each_field_out_of_range_refused, setup),
		cmocka_unit_test_setup(test_total_size_longer_than_records, setup),
		cmocka_unit_test_setup(test_truncation_at_every_length, setup),
		cmocka_unit_test_setup(test_checksum_covers_every_byte, setup),
		cmocka_unit_test_setup(test_every_broken_record_reported, setup),
		cmocka_unit_test_setup(test_reserve_adds_modules_and_blocks, setup),
		cmocka_unit_test_setup(test_reserve_full_list_refused, setup),
		cmocka_unit_test_setup(test_refused_counts_not_followed, setup),
		cmocka_unit_test_setup(test_unterminated_name_of_another_not_printed_past, setup),
		cmocka_unit_test_setup(test_domains_up_to_the_vmids_pass, setup),
		cmocka_unit_test_setup(test_a_thousand_domains_pass, setup),
		cmocka_unit_test_setup(test_vcpus_in_total_unbounded, setup),
		cmocka_unit_test_setup(test_unaligned_module_refused, setup),
		cmocka_unit_test_setup(test_reserve_packed_modules_take_one_range, setup),
	};

	return cmocka_run_group_tests_name("boot_desc", tests, NULL, teardown);
}
