// SPDX-License-Identifier: MIT
/*
 * Fuzz target of the boot description's checks (kernel/common/boot_desc.c),
 * built with the host arch. The input's first byte says how to read the rest:
 * bit 0 seals it (the header's checksum is computed over it, as tessera-pack
 * writes it, so mutations reach the records), bit 1 picks the machine with
 * two RAM banks and eight pCPUs. The rest is the module. A description the
 * checks accept must keep every promise abi/boot_desc.h makes, judged here on
 * the blob itself; reserving it must cover each of its modules and RAM blocks.
 */
#include <host_arch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <abi/grant_table.h>
#include <abi/guest_layout.h>
#include <abi/hypercall.h>
#include <boot_desc.h>
#include <errno.h>

#define MIB (1ull << 20)
#define GIB (1ull << 30)

/* A broken promise: say which, and stop with a crash libFuzzer keeps the input of. */
#define CHECK(cond)                                                                        \
	do {                                                                               \
		if (!(cond)) {                                                             \
			fprintf(stderr, "%s:%d: broken: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                           \
		}                                                                          \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Overflow-safe: [a, a + alen) and [b, b + blen) share a byte. */
static bool overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	if (!alen || !blen) {
		return false;
	}
	return a <= b ? b - a < alen : a - b < blen;
}

static bool inside(uint64_t base, uint64_t len, uint64_t lo, uint64_t size)
{
	return base >= lo && len <= size && base - lo <= size - len;
}

/* QEMU virt: one bank of 2 GiB and two pCPUs, or two banks of 1 GiB and eight. */
static void machine(struct boot_info *bi, bool two_banks)
{
	memset(bi, 0, sizeof(*bi));
	bi->ram[0] = (struct mem_range){ pa_make(0x40000000), two_banks ? GIB : 2 * GIB };
	bi->ram_count = 1;
	if (two_banks) {
		bi->ram[1] = (struct mem_range){ pa_make(0x100000000), GIB };
		bi->ram_count = 2;
	}
	bi->reserved[0] = (struct mem_range){ pa_make(0x40000000), 2 * MIB };  /* the core */
	bi->reserved[1] = (struct mem_range){ pa_make(0x48000000), MIB };      /* the DTB */
	bi->reserved[2] = (struct mem_range){ pa_make(0x49000000), 64 << 10 }; /* this module */
	bi->reserved_count = 3;
	bi->uart = pa_make(0x09000000);
	bi->gicd = (struct mem_range){ pa_make(0x08000000), 0x10000 };
	bi->gicr = (struct mem_range){ pa_make(0x080a0000), 0xf60000 };
	bi->cpu_count = two_banks ? 8 : 2;
	bi->desc = bi->reserved[2];
}

/* CRC-32 (IEEE 802.3, reflected), as the header's checksum is defined. */
static uint32_t crc32(const uint8_t *p, size_t len)
{
	uint32_t crc = ~0u;

	for (size_t i = 0; i < len; i++) {
		crc ^= p[i];
		for (int bit = 0; bit < 8; bit++) {
			crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
		}
	}
	return ~crc;
}

/* What tessera-pack does last: the checksum over total_size bytes, the field 0. */
static void seal(uint8_t *blob, size_t size)
{
	struct boot_desc_header h;
	size_t len;

	if (size < sizeof(h)) {
		return;
	}
	memcpy(&h, blob, sizeof(h));
	len = h.total_size < size ? h.total_size : size;
	h.checksum = 0;
	memcpy(blob, &h, sizeof(h));
	h.checksum = crc32(blob, len);
	memcpy(blob, &h, sizeof(h));
}

static bool name_valid(const char *name)
{
	size_t len = strnlen(name, BOOT_DESC_NAME_MAX);

	if (len == 0 || len == BOOT_DESC_NAME_MAX) {
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.+-",
			    name[i])) {
			return false;
		}
	}
	return true;
}

static bool in_ram(const struct boot_info *bi, uint64_t base, uint64_t size)
{
	for (unsigned int i = 0; i < bi->ram_count; i++) {
		if (inside(base, size, bi->ram[i].base.pa, bi->ram[i].size)) {
			return true;
		}
	}
	return false;
}

static bool hits_reserved(const struct boot_info *bi, uint64_t base, uint64_t size)
{
	for (unsigned int i = 0; i < bi->reserved_count; i++) {
		if (overlap(base, size, bi->reserved[i].base.pa, bi->reserved[i].size)) {
			return true;
		}
	}
	return false;
}

static bool module_present(const struct boot_desc_module *m)
{
	return m->host_pa || m->size || m->load_ipa;
}

/* The fields of one record on their own, against the machine. */
static void check_fields(const struct boot_desc_domain *r, const struct boot_info *bi)
{
	uint32_t cpus = (1u << bi->cpu_count) - 1;

	CHECK(name_valid(r->name));
	CHECK(r->domid >= 1 && r->domid < DOMID_FIRST_RESERVED);
	CHECK(r->vcpu_count >= 1 && r->vcpu_count <= BOOT_DESC_VCPUS_MAX);
	CHECK(!(r->rights & ~RIGHTS_ALL));
	CHECK(r->ram_bytes >= PAGE_SIZE && r->ram_bytes <= GUEST_RAM_MAX);
	CHECK(!(r->ram_bytes & ~PAGE_MASK));
	CHECK(r->weight >= 1 && r->weight <= 65535);
	CHECK(r->cap <= 100u * r->vcpu_count);
	CHECK(r->affinity & cpus);
	CHECK(r->grant_frames >= 1 && r->grant_frames <= GRANT_FRAMES_MAX);
	CHECK(r->on_poweroff <= BOOT_DESC_ACTION_RESTART);
	CHECK(r->on_reboot <= BOOT_DESC_ACTION_RESTART);
	CHECK(r->on_crash <= BOOT_DESC_ACTION_RESTART);
	CHECK(r->reserved0 == 0 && r->reserved1 == 0);
	CHECK(r->mmio_count <= BOOT_DESC_MMIO_MAX && r->irq_count <= BOOT_DESC_IRQS_MAX);
}

/* Modules in free RAM, loaded inside the domain's RAM, apart from each other there. */
static void check_modules(const struct boot_desc_domain *r, const struct boot_info *bi)
{
	const struct boot_desc_module *m[] = { &r->kernel, &r->dtb, &r->ramdisk };

	CHECK(r->kernel.size != 0);
	for (unsigned int i = 0; i < 3; i++) {
		if (!module_present(m[i])) {
			continue;
		}
		CHECK(m[i]->size != 0);
		CHECK(in_ram(bi, m[i]->host_pa, m[i]->size));
		CHECK(!hits_reserved(bi, m[i]->host_pa, m[i]->size));
		CHECK(inside(m[i]->load_ipa, m[i]->size, GUEST_RAM_BASE, r->ram_bytes));
		for (unsigned int j = 0; j < i; j++) {
			CHECK(!overlap(m[i]->load_ipa, m[i]->size, m[j]->load_ipa, m[j]->size));
		}
	}
	if (r->ram_pa) {
		CHECK(!(r->ram_pa & ~PAGE_MASK));
		CHECK(in_ram(bi, r->ram_pa, r->ram_bytes));
		CHECK(!hits_reserved(bi, r->ram_pa, r->ram_bytes));
	}
}

/* What every domain has at fixed guest addresses, where a device at IPA == PA cannot be. */
static bool hits_guest_layout(uint64_t base, uint64_t size)
{
	return overlap(base, size, GUEST_GICD_BASE, GUEST_GICD_SIZE) ||
	       overlap(base, size, GUEST_GICR_BASE, GUEST_GICR_STRIDE * BOOT_DESC_VCPUS_MAX) ||
	       overlap(base, size, GUEST_GRANT_BASE, GUEST_GRANT_SIZE) ||
	       overlap(base, size, GUEST_MAGIC_BASE, 2 * PAGE_SIZE) ||
	       overlap(base, size, GUEST_RAM_BASE, GUEST_RAM_MAX);
}

static void check_devices(const struct boot_desc_domain *r, const struct boot_info *bi)
{
	for (unsigned int i = 0; i < r->mmio_count; i++) {
		uint64_t base = r->mmio[i].base, size = r->mmio[i].size;

		CHECK(size && !((base | size) & ~PAGE_MASK));
		CHECK(inside(base, size, 0, 1ull << GUEST_IPA_BITS));
		for (unsigned int b = 0; b < bi->ram_count; b++) {
			CHECK(!overlap(base, size, bi->ram[b].base.pa, bi->ram[b].size));
		}
		CHECK(!hits_guest_layout(base, size));
		CHECK(!overlap(base, size, bi->uart.pa & PAGE_MASK, PAGE_SIZE));
		CHECK(!overlap(base, size, bi->gicd.base.pa, bi->gicd.size));
		CHECK(!overlap(base, size, bi->gicr.base.pa, bi->gicr.size));
	}
	for (unsigned int i = 0; i < r->irq_count; i++) {
		CHECK(r->irqs[i] >= 32 && r->irqs[i] <= GUEST_SPI_LAST);
	}
}

/* Two domains never share an id, a name, a device page, an SPI or host memory of a block. */
static void check_pair(const struct boot_desc_domain *a, const struct boot_desc_domain *b)
{
	const struct boot_desc_module *m[] = { &b->kernel, &b->dtb, &b->ramdisk };

	CHECK(a->domid != b->domid);
	CHECK(strncmp(a->name, b->name, BOOT_DESC_NAME_MAX) != 0);
	for (unsigned int i = 0; i < a->mmio_count; i++) {
		for (unsigned int j = 0; j < b->mmio_count; j++) {
			CHECK(!overlap(a->mmio[i].base, a->mmio[i].size, b->mmio[j].base,
				       b->mmio[j].size));
		}
	}
	for (unsigned int i = 0; i < a->irq_count; i++) {
		for (unsigned int j = 0; j < b->irq_count; j++) {
			CHECK(a->irqs[i] != b->irqs[j]);
		}
	}
	if (a->ram_pa) {
		CHECK(!b->ram_pa || !overlap(a->ram_pa, a->ram_bytes, b->ram_pa, b->ram_bytes));
		for (unsigned int i = 0; i < 3; i++) {
			CHECK(!overlap(a->ram_pa, a->ram_bytes, m[i]->host_pa, m[i]->size));
		}
	}
}

/* A controller or device model is another domain of the description holding the right. */
static bool held_by_other(const struct boot_desc *d, unsigned int self, uint16_t domid,
			  uint32_t right)
{
	for (unsigned int i = 0; i < d->count; i++) {
		if (i != self && d->domains[i].domid == domid && (d->domains[i].rights & right)) {
			return true;
		}
	}
	return false;
}

static void check_accepted(const uint8_t *blob, size_t size, const struct boot_desc *d,
			   const struct boot_info *bi)
{
	struct boot_desc_header h;

	memcpy(&h, blob, sizeof(h));
	CHECK(d->count == h.domain_count && d->count >= 1 && d->count <= BOOT_DESC_DOMAINS_MAX);
	CHECK(h.total_size == sizeof(h) + d->count * sizeof(d->domains[0]) && h.total_size <= size);
	CHECK(memcmp(d->domains, blob + sizeof(h), d->count * sizeof(d->domains[0])) == 0);
	for (unsigned int i = 0; i < d->count; i++) {
		const struct boot_desc_domain *r = &d->domains[i];

		check_fields(r, bi);
		check_modules(r, bi);
		check_devices(r, bi);
		/* Both orders: a's block against b's modules and b's against a's. */
		for (unsigned int j = 0; j < d->count; j++) {
			if (j != i) {
				check_pair(r, &d->domains[j]);
			}
		}
		CHECK(!r->controller || held_by_other(d, i, r->controller, RIGHT_TOOLSTACK));
		CHECK(!r->device_model || held_by_other(d, i, r->device_model, RIGHT_DEVEMU));
	}
}

/* Whether one reserved range of bi holds all of [base, base + size): reserving may join a
 * range to one it starts in or close after (pack lays modules side by side). */
static bool reserved_whole(const struct boot_info *bi, uint64_t base, uint64_t size)
{
	for (unsigned int i = 0; i < bi->reserved_count; i++) {
		uint64_t start = bi->reserved[i].base.pa, end = start + bi->reserved[i].size;

		if (base >= start && base + size <= end) {
			return true;
		}
	}
	return false;
}

/* Reserving keeps the machine's own ranges and adds each module and block, or says -ENOSPC. */
static void check_reserve(const struct boot_desc *d, const struct boot_info *bi)
{
	struct boot_info after = *bi;
	int err = boot_desc_reserve(d, &after);

	CHECK(err == 0 || err == -ENOSPC);
	CHECK(after.reserved_count <= BOOT_RESERVED_MAX);
	for (unsigned int i = 0; i < bi->reserved_count; i++) {
		CHECK(reserved_whole(&after, bi->reserved[i].base.pa, bi->reserved[i].size));
	}
	if (err) {
		CHECK(after.reserved_count == BOOT_RESERVED_MAX);
		return;
	}
	for (unsigned int i = 0; i < d->count; i++) {
		const struct boot_desc_domain *r = &d->domains[i];
		const struct boot_desc_module *m[] = { &r->kernel, &r->dtb, &r->ramdisk };

		for (unsigned int k = 0; k < 3; k++) {
			CHECK(!m[k]->size || reserved_whole(&after, m[k]->host_pa, m[k]->size));
		}
		CHECK(!r->ram_pa || reserved_whole(&after, r->ram_pa, r->ram_bytes));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct boot_desc desc;
	struct boot_info bi;
	uint8_t *blob;
	int err;

	if (size < 1) {
		return 0;
	}
	machine(&bi, data[0] & 2);
	/* A copy of exactly the module's bytes: ASan sees any read past it. */
	blob = malloc(size - 1 ? size - 1 : 1);
	CHECK(blob);
	memcpy(blob, data + 1, size - 1);
	if (data[0] & 1) {
		seal(blob, size - 1);
	}
	host_reset_logs();
	err = boot_desc_check(blob, size - 1, &bi, &desc);
	CHECK(err == 0 || err == -EINVAL);
	if (err) {
		CHECK(strstr(host_console, "boot description: ") != NULL); /* says why */
	} else {
		check_accepted(blob, size - 1, &desc, &bi);
		check_reserve(&desc, &bi);
	}
	free(blob);
	return 0;
}
