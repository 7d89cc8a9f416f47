/* SPDX-License-Identifier: MIT */
/* Reading an arm64 Linux Image header, every field of it untrusted. */
#ifndef GUEST_IMAGE_H
#define GUEST_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The arm64 Image header (Linux Documentation/arm64/booting.rst) is the first
 * 64 bytes of the kernel file, every field little-endian:
 *
 *   0  code0, code1   4 + 4 bytes, the first instructions
 *   8  text_offset    8 bytes: where the kernel goes above a 2 MiB aligned base
 *  16  image_size     8 bytes: the bytes it occupies there, .bss included;
 *                     0 in kernels older than 3.17
 *  24  flags          8 bytes, below
 *  32  res2..res4     3 x 8 bytes, reserved
 *  56  magic          4 bytes, "ARM\x64"
 *  60  res5           4 bytes, the PE header's offset for EFI
 *
 * flags: bit 0 the kernel's endianness (1 big), bits 1-2 its page size (0
 * unspecified, 1 4 KiB, 2 16 KiB, 3 64 KiB), bit 3 whether it may lie
 * anywhere in RAM (1) or as near its start as it can (0), bits 4-63
 * reserved. A file without the magic is taken as a raw binary run from its
 * first byte.
 */
#define GUEST_IMAGE_HEADER_SIZE 64u
#define GUEST_IMAGE_MAGIC 0x644d5241u

#define GUEST_IMAGE_FLAG_BE 0x1ull
#define GUEST_IMAGE_FLAG_PAGE_SHIFT 1
#define GUEST_IMAGE_FLAG_PAGE_MASK 0x6ull
#define GUEST_IMAGE_FLAG_ANYWHERE 0x8ull
#define GUEST_IMAGE_FLAGS_KNOWN 0xfull

/* What booting.rst says to assume for a kernel whose header has no image_size. */
#define GUEST_IMAGE_OLD_TEXT_OFFSET 0x80000ull

/* Linux's text_offset has always been whole 4 KiB pages (0x80000, or 0 since Linux 5.8). */
#define GUEST_IMAGE_TEXT_ALIGN 0x1000ull

/** A kernel as its header (or the lack of one) describes it. */
struct guest_image {
	bool has_header;      /* the magic was there */
	uint64_t file_size;   /* bytes in the kernel file */
	uint64_t text_offset; /* from the start of RAM; 0 without a header */
	uint64_t image_size;  /* the header's image_size; 0 without a header or in an old one */
	uint64_t flags;       /* the header's flags; 0 without a header */
	uint64_t span;        /* bytes the kernel occupies: max(image_size, file_size) */
};

/**
 * guest_image_read() - decode and check a kernel's Image header.
 * @start:     the kernel file's first bytes
 * @start_len: how many: min(file_size, GUEST_IMAGE_HEADER_SIZE) or more
 * @file_size: bytes in the whole file
 * @image:     OUT: the kernel's text_offset and span; filled in as far as
 *             the header was read even when it is refused, so that a message
 *             can quote the value at fault
 *
 * Without a header (fewer than 64 bytes, or no magic) the kernel goes at the
 * start of RAM and spans the file. With one, it goes at text_offset (0x80000
 * when image_size is 0, as booting.rst says for kernels before 3.17, whose
 * text_offset may be in their own byte order) and spans the larger of
 * image_size and the file.
 *
 * Return: 0; -EINVAL if start is NULL, start_len is short of both the file
 * and the header, or file_size is 0; -E2BIG if the file, text_offset or
 * image_size reaches GUEST_RAM_MAX (no domain has that much RAM); -ENOEXEC
 * if text_offset is not a multiple of GUEST_IMAGE_TEXT_ALIGN; -ENOTSUP if
 * the flags set a reserved bit (a boot protocol newer than this one).
 */
int guest_image_read(const void *start, size_t start_len, uint64_t file_size,
		     struct guest_image *image);

#endif
