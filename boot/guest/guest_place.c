/* SPDX-License-Identifier: MIT */
/* Where a domain's kernel, DTB and ramdisk go inside its RAM. */
#include <errno.h>

#include "abi/guest_layout.h"
#include "guest_place.h"

#define PAGE_BYTES 0x1000ull

static uint64_t align_up(uint64_t value, uint64_t align)
{
	return (value + align - 1) & ~(align - 1);
}

int guest_place(const struct guest_image *image, uint64_t ramdisk_size, struct guest_layout *layout)
{
	struct guest_region *kernel = &layout->module[GUEST_MODULE_KERNEL];
	struct guest_region *dtb = &layout->module[GUEST_MODULE_DTB];
	struct guest_region *ramdisk = &layout->module[GUEST_MODULE_RAMDISK];

	*layout = (struct guest_layout){ 0 };
	/* The caller may have filled image itself: bound it again, which keeps every sum small. */
	if (image->text_offset >= GUEST_RAM_MAX || image->span >= GUEST_RAM_MAX ||
	    ramdisk_size >= GUEST_RAM_MAX) {
		return -E2BIG;
	}
	kernel->load_ipa = GUEST_RAM_BASE + image->text_offset;
	kernel->span = image->span;
	dtb->load_ipa = align_up(kernel->load_ipa + kernel->span, GUEST_MODULE_ALIGN);
	if (ramdisk_size != 0) {
		ramdisk->load_ipa = dtb->load_ipa + GUEST_DTB_MAX;
		ramdisk->span = ramdisk_size;
	}
	return 0;
}

int guest_place_set_dtb(struct guest_layout *layout, uint64_t dtb_size)
{
	if (dtb_size == 0) {
		return -EINVAL;
	}
	if (dtb_size > GUEST_DTB_MAX) {
		return -E2BIG;
	}
	layout->module[GUEST_MODULE_DTB].span = dtb_size;
	return 0;
}

int guest_place_check(const struct guest_layout *layout, uint64_t ram_bytes,
		      enum guest_module *which, uint64_t *needed)
{
	for (unsigned int i = 0; i < GUEST_MODULE_COUNT; i++) {
		const struct guest_region *region = &layout->module[i];
		uint64_t end;

		if (region->span == 0) {
			continue;
		}
		/* A layout made by hand may hold anything: refuse what guest_place() cannot make.
		 */
		if (region->load_ipa < GUEST_RAM_BASE ||
		    region->load_ipa > UINT64_MAX - region->span) {
			return -EINVAL;
		}
		end = region->load_ipa + region->span;
		if (end - GUEST_RAM_BASE > ram_bytes) {
			*which = (enum guest_module)i;
			*needed = align_up(end - GUEST_RAM_BASE, PAGE_BYTES);
			return -ENOMEM;
		}
	}
	return 0;
}
