/* SPDX-License-Identifier: MIT */
/* Where a domain's kernel, DTB and ramdisk go inside its RAM. */
#ifndef GUEST_PLACE_H
#define GUEST_PLACE_H

#include <stdint.h>

#include "guest_image.h"

/* Inside a domain, the DTB starts on the page after the kernel: the arm64 boot protocol asks
 * only that no 2 MiB region it shares need attributes of its own, and a domain's RAM has none,
 * so a small domain keeps the rest of its first 2 MiB. */
#define GUEST_MODULE_ALIGN 0x1000ull
/* The largest DTB the arm64 boot protocol accepts: the ramdisk goes this far past the DTB. */
#define GUEST_DTB_MAX 0x200000ull

/** One module inside a domain: [load_ipa, load_ipa + span). span 0: no such module. */
struct guest_region {
	uint64_t load_ipa;
	uint64_t span;
};

/** The modules of one domain, in the order they lie in its RAM. */
enum guest_module {
	GUEST_MODULE_KERNEL,
	GUEST_MODULE_DTB,
	GUEST_MODULE_RAMDISK,
	GUEST_MODULE_COUNT,
};

/** Where every module of a domain goes. */
struct guest_layout {
	struct guest_region module[GUEST_MODULE_COUNT];
};

/**
 * guest_place() - choose the IPA of each module of a domain.
 * @image:        the kernel, as guest_image_read() accepted it
 * @ramdisk_size: bytes of the ramdisk, 0 for none
 * @layout:       OUT: where kernel, DTB and ramdisk go
 *
 * The rules (boot/README.md "Placement inside a domain"): the kernel at
 * GUEST_RAM_BASE + text_offset, spanning image->span; the DTB at the next
 * page boundary after it; the ramdisk GUEST_DTB_MAX after the DTB, so the
 * DTB can be built after the placement, with the ramdisk's IPA in it. The
 * DTB's span is left 0 for guest_place_set_dtb(), once it is built.
 *
 * Return: 0; -E2BIG if the kernel's text_offset or span, or the ramdisk,
 * reach GUEST_RAM_MAX (no domain has that much RAM, and no sum below can
 * overflow).
 */
int guest_place(const struct guest_image *image, uint64_t ramdisk_size,
		struct guest_layout *layout);

/**
 * guest_place_set_dtb() - record the size of the DTB built for the layout.
 * Return: 0; -E2BIG if dtb_size is above GUEST_DTB_MAX (then the ramdisk
 * would overlap it); -EINVAL if it is 0.
 */
int guest_place_set_dtb(struct guest_layout *layout, uint64_t dtb_size);

/**
 * guest_place_check() - check that every module lies inside the domain's RAM.
 * @layout:    from guest_place(), the DTB's span set
 * @ram_bytes: the domain's RAM at GUEST_RAM_BASE
 * @which:     OUT on -ENOMEM: the first module that does not fit
 * @needed:    OUT on -ENOMEM: the RAM it needs, in bytes, rounded up to 4 KiB
 *
 * Return: 0; -ENOMEM if a module ends past the RAM (ram_bytes is then too
 * small: *needed is the least that would hold that module); -EINVAL if a
 * module lies below GUEST_RAM_BASE or wraps around, which guest_place()
 * never makes.
 */
int guest_place_check(const struct guest_layout *layout, uint64_t ram_bytes,
		      enum guest_module *which, uint64_t *needed);

#endif
