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
#include "boot/guest/guest_image.h"
#include "boot/guest/guest_place.h"
#include "pack.h"

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

/* Why the shared code refused a kernel's Image header, in the boot configuration's words. */
static void image_error(const struct module *kernel, const struct guest_image *image, int err)
{
	if (err == -ENOEXEC) {
		pack_error("%s: Image header's text_offset 0x%llx is not a multiple of 4 KiB",
			   kernel->path, (unsigned long long)image->text_offset);
	} else if (err == -ENOTSUP) {
		pack_error("%s: Image header's flags 0x%llx set bits 4-63, which the arm64 boot "
			   "protocol reserves",
			   kernel->path, (unsigned long long)image->flags);
	} else {
		pack_error("%s: Image header asks for more than a domain's RAM", kernel->path);
	}
}

/* Read the kernel's Image header: where it goes and the bytes it occupies there. */
static int read_image_header(struct module *kernel, struct guest_image *image)
{
	unsigned char header[GUEST_IMAGE_HEADER_SIZE];
	FILE *f = fopen(kernel->path, "rb");
	size_t got;
	int err;

	if (!f) {
		pack_error("cannot open %s: %s", kernel->path, strerror(errno));
		return -1;
	}
	got = fread(header, 1, sizeof(header), f);
	fclose(f);

	err = guest_image_read(header, got, kernel->size, image);
	if (err == -EINVAL) {
		/* Short of its first bytes: the file shrank since it was found. */
		pack_error("cannot read %s", kernel->path);
		return -1;
	}
	if (err != 0) {
		image_error(kernel, image, err);
		return -1;
	}
	kernel->span = image->span;
	return 0;
}

/* Copy the shared placement into the domain's modules. */
static void take_layout(struct domain *domain, const struct guest_layout *layout)
{
	domain->kernel.load_ipa = layout->module[GUEST_MODULE_KERNEL].load_ipa;
	domain->dtb.load_ipa = layout->module[GUEST_MODULE_DTB].load_ipa;
	if (domain->ramdisk_file) {
		domain->ramdisk.load_ipa = layout->module[GUEST_MODULE_RAMDISK].load_ipa;
		domain->ramdisk.span = domain->ramdisk.size;
	}
}

/**
 * Find every domain's kernel and ramdisk in image_dir and choose the IPAs of
 * kernel, DTB and ramdisk by the shared rules (boot/guest/guest_place.h,
 * boot/README.md "Placement inside a domain"). The DTB is built afterwards,
 * with the ramdisk's IPA in it. Returns 0 or -1 after printing why.
 */
int place_in_domains(struct boot_set *set, const char *image_dir)
{
	for (unsigned int i = 0; i < set->domain_count; i++) {
		struct domain *domain = &set->domains[i];
		struct guest_image image;
		struct guest_layout layout;

		if (find_module_file(image_dir, domain->name, domain->kernel_file,
				     &domain->kernel) < 0 ||
		    read_image_header(&domain->kernel, &image) < 0) {
			return -1;
		}
		/* A bundle is in the boot set already: bundle_pack_all() set its path and size. */
		if (domain->ramdisk_file && !domain->ramdisk.path &&
		    find_module_file(image_dir, domain->name, domain->ramdisk_file,
				     &domain->ramdisk) < 0) {
			return -1;
		}
		if (guest_place(&image, domain->ramdisk_file ? domain->ramdisk.size : 0, &layout) !=
		    0) {
			pack_error("domain %s: ramdisk %s is larger than a domain's RAM can be",
				   domain->name, domain->ramdisk.path);
			return -1;
		}
		take_layout(domain, &layout);
	}
	return 0;
}

/* Every module must lie wholly inside the domain's RAM, as the core will refuse it otherwise. */
static int check_domain_fit(const struct domain *domain)
{
	const struct module *modules[GUEST_MODULE_COUNT] = { &domain->kernel, &domain->dtb,
							     &domain->ramdisk };
	struct guest_layout layout = { 0 };
	uint64_t ram_end = GUEST_RAM_BASE + domain->memory_kib * KIB;
	enum guest_module which = GUEST_MODULE_KERNEL;
	uint64_t needed = 0;
	int err;

	for (unsigned int i = 0; i < GUEST_MODULE_COUNT; i++) {
		if (i != GUEST_MODULE_RAMDISK || domain->ramdisk_file) {
			layout.module[i].load_ipa = modules[i]->load_ipa;
			layout.module[i].span = modules[i]->span;
		}
	}
	err = guest_place_check(&layout, domain->memory_kib * KIB, &which, &needed);
	if (err == 0) {
		return 0;
	}
	if (err != -ENOMEM) {
		pack_error("domain %s: its modules cannot be placed", domain->name);
		return -1;
	}
	pack_error("domain %s: memory too small: its %s needs IPA 0x%llx-0x%llx, "
		   "RAM ends at 0x%llx; give it at least %llu KiB",
		   domain->name, modules[which]->role, (unsigned long long)modules[which]->load_ipa,
		   (unsigned long long)(modules[which]->load_ipa + modules[which]->span),
		   (unsigned long long)ram_end, (unsigned long long)(needed / KIB));
	return -1;
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
 * The frames the core takes for a domain besides its RAM, at most: its struct,
 * its vCPUs, the stage-2 root (2) and tables (one per 2 MiB and per GiB of RAM,
 * 4 for the fixed ranges), shared info and the two ring pages, and its grant
 * table at its largest.
 */
static uint64_t core_bytes(const struct domain *domain)
{
	uint64_t ram = domain->memory_kib * KIB;

	return (1 + domain->vcpu_count + 2 + (ram >> 21) + (ram >> 30) + 4 + 3 +
		domain->grant_frames) *
	       4 * KIB;
}

/*
 * The domains' RAM (a whole block for those with devices), the core's frames
 * for them and the modules cannot need more than the machine has: name the
 * first domain that does not fit.
 */
static int check_ram_budget(const struct boot_set *set, uint64_t modules_end)
{
	uint64_t machine = set->ram_end - set->ram_base, modules = modules_end - HOST_MODULE_BASE;
	uint64_t domains_ram = 0, core = 0;

	for (unsigned int i = 0; i < set->domain_count; i++) {
		const struct domain *domain = &set->domains[i];

		domains_ram +=
			domain->ram_block_size ? domain->ram_block_size : domain->memory_kib * KIB;
		core += core_bytes(domain);
		if (domains_ram + core + modules > machine) {
			pack_error("machine memory too small: up to domain %s (%u of %u), the "
				   "domains need %llu MiB of RAM, the core's tables for them %llu "
				   "KiB and their modules %llu MiB, the machine has %llu MiB",
				   domain->name, i + 1, set->domain_count,
				   (unsigned long long)(domains_ram / MIB),
				   (unsigned long long)(core / KIB),
				   (unsigned long long)(modules / MIB),
				   (unsigned long long)(machine / MIB));
			return -1;
		}
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
