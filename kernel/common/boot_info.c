// SPDX-License-Identifier: MIT
/* The machine's memory as the boot path sees it: RAM banks and ranges the allocator must skip. */
#include <boot_info.h>
#include <lib.h>

bool boot_ram_holds(const struct boot_info *bi, uint64_t base, uint64_t size)
{
	for (unsigned int i = 0; i < bi->ram_count; i++) {
		if (range_inside(base, size, bi->ram[i].base.pa, bi->ram[i].size)) {
			return true;
		}
	}
	return false;
}

bool boot_reserved_overlaps(const struct boot_info *bi, uint64_t base, uint64_t size)
{
	for (unsigned int i = 0; i < bi->reserved_count; i++) {
		if (range_overlaps(base, size, bi->reserved[i].base.pa, bi->reserved[i].size)) {
			return true;
		}
	}
	return false;
}

/* Ranges this close are kept as one: tessera-pack lays modules side by side, 64 KiB aligned,
 * so the modules of hundreds of domains take one entry of the list. */
#define RESERVE_GAP 0x10000

bool boot_reserve(struct boot_info *bi, uint64_t base, uint64_t size)
{
	if (size == 0) {
		return true;
	}
	for (unsigned int i = 0; i < bi->reserved_count; i++) {
		struct mem_range *r = &bi->reserved[i];

		if (base >= r->base.pa && base - r->base.pa <= r->size + RESERVE_GAP) {
			r->size = MAX(r->size, base - r->base.pa + size);
			return true;
		}
	}
	if (bi->reserved_count == BOOT_RESERVED_MAX) {
		log_info("more than %u reserved memory ranges", BOOT_RESERVED_MAX);
		return false;
	}
	bi->reserved[bi->reserved_count++] = (struct mem_range){ pa_make(base), size };
	return true;
}

bool domain_name_valid(const char *name)
{
	size_t len = strnlen(name, DOMAIN_NAME_MAX);

	for (size_t i = 0; i < len; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '.' || c == '+' || c == '-')) {
			return false;
		}
	}
	return len > 0 && len < DOMAIN_NAME_MAX;
}
