/* SPDX-License-Identifier: MIT */
/* Reading an arm64 Linux Image header, every field of it untrusted. */
#include <errno.h>

#include "abi/guest_layout.h"
#include "guest_image.h"

#define TEXT_OFFSET_AT 8
#define IMAGE_SIZE_AT 16
#define FLAGS_AT 24
#define MAGIC_AT 56

static uint64_t get_le(const unsigned char *bytes, unsigned int count)
{
	uint64_t value = 0;

	for (unsigned int i = count; i > 0; i--) {
		value = (value << 8) | bytes[i - 1];
	}
	return value;
}

/* Take the header's fields; only text_offset depends on another (image_size). */
static void decode_header(const unsigned char *header, struct guest_image *image)
{
	image->has_header = true;
	image->image_size = get_le(header + IMAGE_SIZE_AT, 8);
	image->flags = get_le(header + FLAGS_AT, 8);
	if (image->image_size == 0) {
		image->text_offset = GUEST_IMAGE_OLD_TEXT_OFFSET;
	} else {
		image->text_offset = get_le(header + TEXT_OFFSET_AT, 8);
	}
	if (image->image_size > image->span) {
		image->span = image->image_size;
	}
}

int guest_image_read(const void *start, size_t start_len, uint64_t file_size,
		     struct guest_image *image)
{
	const unsigned char *bytes = start;
	uint64_t wanted = file_size < GUEST_IMAGE_HEADER_SIZE ? file_size : GUEST_IMAGE_HEADER_SIZE;

	*image = (struct guest_image){ .file_size = file_size, .span = file_size };
	if (!start || file_size == 0 || start_len < wanted) {
		return -EINVAL;
	}
	if (wanted == GUEST_IMAGE_HEADER_SIZE && get_le(bytes + MAGIC_AT, 4) == GUEST_IMAGE_MAGIC) {
		decode_header(bytes, image);
	}
	/* Each below GUEST_RAM_MAX, so that text_offset + span cannot overflow either. */
	if (image->text_offset >= GUEST_RAM_MAX || image->span >= GUEST_RAM_MAX) {
		return -E2BIG;
	}
	if (image->text_offset % GUEST_IMAGE_TEXT_ALIGN != 0) {
		return -ENOEXEC;
	}
	if ((image->flags & ~GUEST_IMAGE_FLAGS_KNOWN) != 0) {
		return -ENOTSUP;
	}
	return 0;
}
