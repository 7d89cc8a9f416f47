/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the domain builder's shared code (boot/guest): a
 * kernel's Image header and sizes from the input, as a user's bundle may
 * give them to the toolstack, go through guest_image_read(), guest_place(),
 * guest_dt_write() and guest_place_check(), in the toolstack's order. Every
 * value may be hostile; whatever is accepted must obey the placement rules,
 * and the DTB written must read back with libfdt as the config said.
 *
 * Input: one control byte (bit 0: write the magic, so that most inputs have
 * a header; bit 1: a ramdisk; bit 2: dma-ranges), the 64 header bytes, the
 * file size, ramdisk size, RAM size (8 bytes each, little-endian), the vCPU
 * count (1 byte), then bootargs up to the first NUL. A short input reads as
 * if padded with zeros.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "abi/guest_layout.h"
#include "boot/guest/guest_dt.h"
#include "boot/guest/guest_image.h"
#include "boot/guest/guest_place.h"

#define CONTROL_MAGIC 0x1u
#define CONTROL_RAMDISK 0x2u
#define CONTROL_DMA 0x4u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct input {
	const uint8_t *data;
	size_t size, pos;
};

static void take(struct input *in, void *out, size_t count)
{
	size_t have = in->pos < in->size ? in->size - in->pos : 0;
	size_t copied = have < count ? have : count;

	memset(out, 0, count);
	memcpy(out, in->data + in->pos, copied);
	in->pos += count;
}

static uint64_t take_u64(struct input *in)
{
	uint8_t bytes[8];
	uint64_t value = 0;

	take(in, bytes, sizeof(bytes));
	for (unsigned int i = 8; i > 0; i--) {
		value = (value << 8) | bytes[i - 1];
	}
	return value;
}

/* Bootargs: the rest of the input up to its first NUL, as a string. */
static char *take_string(struct input *in)
{
	size_t have = in->pos < in->size ? in->size - in->pos : 0;
	const uint8_t *start = in->data + (in->pos < in->size ? in->pos : in->size);
	const uint8_t *nul = memchr(start, 0, have);
	size_t length = nul ? (size_t)(nul - start) : have;
	char *text = malloc(length + 1);

	if (!text) {
		abort();
	}
	memcpy(text, start, length);
	text[length] = '\0';
	return text;
}

static void require(bool condition)
{
	if (!condition) {
		abort();
	}
}

/* What guest_image_read() accepted is in range, and spans at least the file. */
static void check_image(const struct guest_image *image, uint64_t file_size)
{
	require(image->text_offset < GUEST_RAM_MAX && image->span < GUEST_RAM_MAX);
	require(image->text_offset % GUEST_IMAGE_TEXT_ALIGN == 0);
	require(image->span >= file_size && image->span >= image->image_size);
	require((image->flags & ~GUEST_IMAGE_FLAGS_KNOWN) == 0);
}

/* The placement rules of boot/README.md: in order, aligned, never overlapping. */
static void check_layout(const struct guest_layout *layout, const struct guest_image *image,
			 uint64_t ramdisk_size)
{
	const struct guest_region *kernel = &layout->module[GUEST_MODULE_KERNEL];
	const struct guest_region *dtb = &layout->module[GUEST_MODULE_DTB];
	const struct guest_region *ramdisk = &layout->module[GUEST_MODULE_RAMDISK];

	require(kernel->load_ipa == GUEST_RAM_BASE + image->text_offset);
	require(dtb->load_ipa % GUEST_MODULE_ALIGN == 0);
	require(dtb->load_ipa >= kernel->load_ipa + kernel->span);
	require(dtb->load_ipa - (kernel->load_ipa + kernel->span) < GUEST_MODULE_ALIGN);
	require(ramdisk->span == ramdisk_size);
	if (ramdisk_size != 0) {
		require(ramdisk->load_ipa == dtb->load_ipa + GUEST_DTB_MAX);
	}
}

/* The DTB says what the config said: its RAM and its initrd. */
static void check_dtb(const void *blob, const struct guest_dt_config *config)
{
	int memory = fdt_path_offset(blob, "/memory@40000000");
	int length = 0;
	const fdt32_t *reg;

	require(fdt_check_full(blob, fdt_totalsize(blob)) == 0);
	require(memory >= 0);
	reg = fdt_getprop(blob, memory, "reg", &length);
	require(reg && length == 16);
	require((((uint64_t)fdt32_to_cpu(reg[2]) << 32) | fdt32_to_cpu(reg[3])) ==
		config->ram_bytes);
	require((fdt_getprop(blob, fdt_path_offset(blob, "/chosen"), "linux,initrd-start", NULL) !=
		 NULL) == (config->initrd_size != 0));
}

/* The DTB for the placement; 0 and its size in *dtb_size, or the error. */
static int write_dtb(const struct guest_dt_config *config, uint64_t *dtb_size)
{
	size_t capacity = guest_dt_size_bound(config);
	void *blob = malloc(capacity);
	int err;

	if (!blob) {
		abort();
	}
	err = guest_dt_write(config, blob, capacity);
	if (err == 0) {
		check_dtb(blob, config);
		*dtb_size = fdt_totalsize(blob);
	}
	free(blob);
	return err;
}

/* After a successful check, every module lies inside the RAM; after a refusal, one does not. */
static void check_fit(const struct guest_layout *layout, uint64_t ram_bytes)
{
	enum guest_module which;
	uint64_t needed;
	int err = guest_place_check(layout, ram_bytes, &which, &needed);

	require(err == 0 || err == -ENOMEM);
	for (unsigned int i = 0; err == 0 && i < GUEST_MODULE_COUNT; i++) {
		const struct guest_region *region = &layout->module[i];

		require(region->span == 0 ||
			region->load_ipa + region->span <= GUEST_RAM_BASE + ram_bytes);
	}
	if (err == -ENOMEM) {
		require(which < GUEST_MODULE_COUNT && needed > ram_bytes);
		require(needed % 0x1000 == 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { .data = data, .size = size };
	unsigned char header[GUEST_IMAGE_HEADER_SIZE];
	struct guest_dt_config config = { .name = "fuzz" };
	struct guest_image image;
	struct guest_layout layout;
	uint8_t control = 0;
	uint8_t vcpus = 0;
	uint64_t file_size, ramdisk_size, dtb_size = 0;
	char *bootargs;
	int err;

	take(&in, &control, 1);
	take(&in, header, sizeof(header));
	if (control & CONTROL_MAGIC) {
		memcpy(header + 56, "ARMd", 4);
	}
	file_size = take_u64(&in);
	ramdisk_size = control & CONTROL_RAMDISK ? take_u64(&in) : 0;
	config.ram_bytes = take_u64(&in);
	take(&in, &vcpus, 1);
	bootargs = take_string(&in);

	err = guest_image_read(header, sizeof(header), file_size, &image);
	require(err == 0 || err == -EINVAL || err == -E2BIG || err == -ENOEXEC || err == -ENOTSUP);
	if (err == 0) {
		check_image(&image, file_size);
		err = guest_place(&image, ramdisk_size, &layout);
		require(err == 0 || (err == -E2BIG && ramdisk_size >= GUEST_RAM_MAX));
	}
	if (err == 0) {
		check_layout(&layout, &image, ramdisk_size);
		config.vcpu_count = vcpus;
		config.bootargs = bootargs;
		config.initrd_ipa = layout.module[GUEST_MODULE_RAMDISK].load_ipa;
		config.initrd_size = ramdisk_size;
		config.dma_ranges = (control & CONTROL_DMA) != 0;
		err = write_dtb(&config, &dtb_size);
		require(err == 0 || err == -EINVAL);
	}
	if (err == 0) {
		require(guest_place_set_dtb(&layout, dtb_size) == 0);
		check_fit(&layout, config.ram_bytes);
	}
	free(bootargs);
	return 0;
}
