/* SPDX-License-Identifier: MIT */
/* tessera-pack: place each module inside its domain and in host RAM. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libfdt.h>

#include "abi/guest_layout.h"
#include "pack.h"

/*
 * The arm64 Image header (Linux Documentation/arm64/booting.rst), all fields
 * little-endian: code0 and code1 (4 bytes each), text_offset (8 bytes at 8),
 * image_size (8 bytes at 16), flags, three reserved words, then the magic
 * "ARM\x64" (4 bytes at 56) and the PE header offset (4 bytes at 60).
 */
#define IMAGE_HEADER_SIZE 64
#define IMAGE_TEXT_OFFSET_AT 8
#define IMAGE_SIZE_AT 16
#define IMAGE_MAGIC_AT 56
#define IMAGE_MAGIC 0x644d5241u

static uint64_t get_le(const unsigned char *bytes, unsigned int count)
{
	uint64_t value = 0;

	for (unsigned int i = count; i > 0; i--) {
		value = (value << 8) | bytes[i - 1];
	}
	return value;
}

/* Resolve name inside image_dir to an absolute path and the size of a non-empty regular file. */
static int find_module_file(const char *image_dir, const char *domain, const char *name,
			    struct module *module)
{
	char *joined = join_path(image_dir, name);
	struct stat st;
	int ret = -1;

	if (!joined) {
		return -1;
	}
	if (stat(joined, &st) != 0) {
		pack_error("domain %s: %s %s: %s", domain, module->role, joined, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode) || st.st_size == 0) {
		pack_error("domain %s: %s %s is not a non-empty file", domain, module->role,
			   joined);
		goto out;
	}
	module->path = realpath(joined, NULL);
	if (!module->path) {
		pack_error("domain %s: %s %s: %s", domain, module->role, joined, strerror(errno));
		goto out;
	}
	if (strchr(module->path, '\n')) {
		pack_error("domain %s: %s: a path with a line break cannot be passed to QEMU",
			   domain, module->path);
		goto out;
	}
	module->size = (uint64_t)st.st_size;
	ret = 0;
out:
	free(joined);
	return ret;
}

/* The kernel's offset from the start of RAM and the bytes it occupies there. */
static int read_image_header(struct module *kernel, uint64_t *text_offset)
{
	unsigned char header[IMAGE_HEADER_SIZE];
	FILE *f = fopen(kernel->path, "rb");
	size_t got;

	if (!f) {
		pack_error("cannot open %s: %s", kernel->path, strerror(errno));
		return -1;
	}
	got = fread(header, 1, sizeof(header), f);
	fclose(f);

	*text_offset = 0;
	kernel->span = kernel->size;
	if (got == sizeof(header) && get_le(header + IMAGE_MAGIC_AT, 4) == IMAGE_MAGIC) {
		uint64_t image_size = get_le(header + IMAGE_SIZE_AT, 8);

		*text_offset = get_le(header + IMAGE_TEXT_OFFSET_AT, 8);
		if (image_size > kernel->span) {
			kernel->span = image_size;
		}
	}
	if (*text_offset >= GUEST_RAM_MAX || kernel->span >= GUEST_RAM_MAX) {
		pack_error("%s: Image header asks for more than a domain's RAM", kernel->path);
		return -1;
	}
	return 0;
}

/**
 * Find every domain's kernel and ramdisk in image_dir and choose the IPAs of
 * kernel, DTB and ramdisk (boot/README.md "Placement inside a domain"). The
 * DTB is built afterwards; as it is at most DOMAIN_DTB_MAX (2 MiB) long and
 * starts on a 2 MiB boundary, the ramdisk always goes 2 MiB after it.
 * Returns 0 or -1 after printing why.
 */
int place_in_domains(struct boot_set *set, const char *image_dir)
{
	for (unsigned int i = 0; i < set->domain_count; i++) {
		struct domain *domain = &set->domains[i];
		uint64_t text_offset;

		if (find_module_file(image_dir, domain->name, domain->kernel_file,
				     &domain->kernel) < 0 ||
		    read_image_header(&domain->kernel, &text_offset) < 0) {
			return -1;
		}
		domain->kernel.load_ipa = GUEST_RAM_BASE + text_offset;
		domain->dtb.load_ipa = align_up(domain->kernel.load_ipa + domain->kernel.span,
						DOMAIN_MODULE_ALIGN);
		if (!domain->ramdisk_file) {
			continue;
		}
		/* A bundle is in the boot set already: bundle_pack_all() set its path and size. */
		if (!domain->ramdisk.path &&
		    find_module_file(image_dir, domain->name, domain->ramdisk_file,
				     &domain->ramdisk) < 0) {
			return -1;
		}
		domain->ramdisk.load_ipa = domain->dtb.load_ipa + DOMAIN_MODULE_ALIGN;
		domain->ramdisk.span = domain->ramdisk.size;
	}
	return 0;
}

/* Every module must lie wholly inside the domain's RAM, as the core will refuse it otherwise. */
static int check_domain_fit(const struct domain *domain)
{
	const struct module *modules[] = { &domain->kernel, &domain->dtb, &domain->ramdisk };
	unsigned int count = domain->ramdisk_file ? 3 : 2;
	uint64_t ram_end = GUEST_RAM_BASE + domain->memory_kib * KIB;

	for (unsigned int i = 0; i < count; i++) {
		uint64_t end = modules[i]->load_ipa + modules[i]->span;
		uint64_t needed_kib = align_up(end - GUEST_RAM_BASE, 4 * KIB) / KIB;

		if (end > ram_end) {
			pack_error("domain %s: memory too small: its %s needs IPA 0x%llx-0x%llx, "
				   "RAM ends at 0x%llx; give it at least %llu KiB",
				   domain->name, modules[i]->role,
				   (unsigned long long)modules[i]->load_ipa,
				   (unsigned long long)end, (unsigned long long)ram_end,
				   (unsigned long long)needed_kib);
			return -1;
		}
	}
	return 0;
}

/* Find the bank of the machine's /memory that holds HOST_MODULE_BASE. */
static int find_ram_bank(const void *machine, uint64_t *base, uint64_t *end)
{
	int address_cells = fdt_address_cells(machine, 0);
	int size_cells = fdt_size_cells(machine, 0);
	int node;

	if (address_cells < 1 || address_cells > 2 || size_cells < 1 || size_cells > 2) {
		pack_error("machine DTB: unsupported root #address-cells/#size-cells");
		return -1;
	}
	fdt_for_each_subnode(node, machine, 0) {
		const char *type = fdt_getprop(machine, node, "device_type", NULL);
		int length;
		const fdt32_t *reg = fdt_getprop(machine, node, "reg", &length);
		int entry_cells = address_cells + size_cells;

		if (!type || strcmp(type, "memory") != 0 || !reg) {
			continue;
		}
		for (int i = 0; (i + entry_cells) * 4 <= length; i += entry_cells) {
			uint64_t start = get_cells(reg + i, address_cells);
			uint64_t size = get_cells(reg + i + address_cells, size_cells);

			if (start <= HOST_MODULE_BASE && HOST_MODULE_BASE - start < size) {
				*base = start;
				*end = start + size;
				return 0;
			}
		}
	}
	pack_error("machine DTB: no /memory bank holds 0x%llx, where modules start (is -m at "
		   "least 1280M?)",
		   (unsigned long long)HOST_MODULE_BASE);
	return -1;
}

/* Put one module of domain (NULL: of the whole set) at the next 64 KiB boundary at or above
 * *cursor. */
static int place_module(struct boot_set *set, const char *domain, struct module *module,
			uint64_t *cursor)
{
	module->host_addr = align_up(*cursor, HOST_MODULE_ALIGN);
	*cursor = module->host_addr + module->size;
	if (*cursor > set->ram_end) {
		pack_error("machine RAM ends at 0x%llx: no room for the %s%s%s (%llu bytes)",
			   (unsigned long long)set->ram_end, module->role,
			   domain ? " of domain " : "", domain ? domain : "",
			   (unsigned long long)module->size);
		return -1;
	}
	return 0;
}

/* Modules must not touch the firmware's /memreserve/ entries. */
static int check_reserved(const void *machine, const struct module *module)
{
	int count = fdt_num_mem_rsv(machine);

	for (int i = 0; i < count; i++) {
		uint64_t address;
		uint64_t size;

		if (fdt_get_mem_rsv(machine, i, &address, &size) == 0 && size != 0 &&
		    ranges_overlap(module->host_addr, module->size, address, size)) {
			pack_error("%s at 0x%llx overlaps reserved memory 0x%llx-0x%llx",
				   module->path, (unsigned long long)module->host_addr,
				   (unsigned long long)address,
				   (unsigned long long)(address + size));
			return -1;
		}
	}
	return 0;
}

/*
 * If [base, base + size) touches QEMU's part of host RAM or a /memreserve/
 * entry, return true and set *end to where that area ends.
 */
static bool block_obstacle(const void *machine, uint64_t base, uint64_t size, uint64_t *end)
{
	int count = fdt_num_mem_rsv(machine);

	if (ranges_overlap(base, size, HOST_QEMU_BASE, HOST_QEMU_END - HOST_QEMU_BASE)) {
		*end = HOST_QEMU_END;
		return true;
	}
	for (int i = 0; i < count; i++) {
		uint64_t address;
		uint64_t length;

		if (fdt_get_mem_rsv(machine, i, &address, &length) == 0 && length != 0 &&
		    ranges_overlap(base, size, address, length)) {
			*end = address + length < address ? UINT64_MAX : address + length;
			return true;
		}
	}
	return false;
}

/*
 * Give every domain with devices its RAM block: memory_kib rounded up to
 * 2 MiB, at the lowest 2 MiB boundary at or above *cursor (the end of the
 * modules, then of the block before) that keeps clear of QEMU's part of RAM
 * and of /memreserve/, inside the RAM bank. Domains go in boot config order.
 */
static int place_ram_blocks(struct boot_set *set, const void *machine, uint64_t cursor)
{
	for (unsigned int i = 0; i < set->domain_count; i++) {
		struct domain *domain = &set->domains[i];
		uint64_t size = align_up(domain->memory_kib * KIB, HOST_RAM_BLOCK_ALIGN);
		uint64_t base = align_up(cursor, HOST_RAM_BLOCK_ALIGN);
		uint64_t end;

		if (!domain->devices) {
			continue;
		}
		while (base < set->ram_end && block_obstacle(machine, base, size, &end)) {
			base = end >= set->ram_end ? set->ram_end
						   : align_up(end, HOST_RAM_BLOCK_ALIGN);
		}
		if (base >= set->ram_end || set->ram_end - base < size) {
			pack_error(
				"domain %s: no room for the %llu MiB host block its RAM must be, "
				"2 MiB aligned, for its devices' DMA: none is left between 0x%llx, "
				"where the modules and earlier blocks end, and 0x%llx, where RAM "
				"ends; give it less memory or the machine more",
				domain->name, (unsigned long long)(size / MIB),
				(unsigned long long)cursor, (unsigned long long)set->ram_end);
			return -1;
		}
		domain->ram_pa = base;
		domain->ram_block_size = size;
		cursor = base + size;
	}
	return 0;
}

/*
 * The domains' RAM (a whole block for those with devices) and the modules
 * cannot need more than the machine has.
 */
static int check_ram_budget(const struct boot_set *set, uint64_t modules_end)
{
	uint64_t domains_ram = 0;

	for (unsigned int i = 0; i < set->domain_count; i++) {
		const struct domain *domain = &set->domains[i];

		domains_ram +=
			domain->ram_block_size ? domain->ram_block_size : domain->memory_kib * KIB;
	}
	if (domains_ram + (modules_end - HOST_MODULE_BASE) > set->ram_end - set->ram_base) {
		pack_error("machine memory too small: the domains need %llu MiB of RAM and their "
			   "modules %llu MiB, the machine has %llu MiB",
			   (unsigned long long)(domains_ram / MIB),
			   (unsigned long long)((modules_end - HOST_MODULE_BASE) / MIB),
			   (unsigned long long)((set->ram_end - set->ram_base) / MIB));
		return -1;
	}
	return 0;
}

/**
 * Check that every domain's modules fit its RAM (the DTBs must be built), then
 * lay the modules out in host RAM from HOST_MODULE_BASE upward, 64 KiB
 * aligned, domain by domain (kernel, DTB, ramdisk), then the boot description
 * (set->desc, its size set), below the end of the machine DTB's RAM bank;
 * after them, choose the RAM block of each domain with devices
 * (domain->ram_pa). Returns 0 or -1 after printing why.
 */
int place_in_host(struct boot_set *set, const void *machine)
{
	uint64_t cursor = HOST_MODULE_BASE;

	if (find_ram_bank(machine, &set->ram_base, &set->ram_end) < 0) {
		return -1;
	}
	for (unsigned int i = 0; i < set->domain_count; i++) {
		struct domain *domain = &set->domains[i];

		if (check_domain_fit(domain) < 0 ||
		    place_module(set, domain->name, &domain->kernel, &cursor) < 0 ||
		    place_module(set, domain->name, &domain->dtb, &cursor) < 0 ||
		    check_reserved(machine, &domain->kernel) < 0 ||
		    check_reserved(machine, &domain->dtb) < 0) {
			return -1;
		}
		if (domain->ramdisk_file &&
		    (place_module(set, domain->name, &domain->ramdisk, &cursor) < 0 ||
		     check_reserved(machine, &domain->ramdisk) < 0)) {
			return -1;
		}
	}
	/* The boot description's size is known before its contents, which need the placement. */
	if (place_module(set, NULL, &set->desc, &cursor) < 0 ||
	    check_reserved(machine, &set->desc) < 0) {
		return -1;
	}
	if (place_ram_blocks(set, machine, cursor) < 0) {
		return -1;
	}
	return check_ram_budget(set, cursor);
}
