/* SPDX-License-Identifier: MIT */
/* Unit tests of the arm64 Image header reader (boot/guest/guest_image.c), on hostile headers. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "abi/guest_layout.h"
#include "boot/guest/guest_image.h"

static void put_le(unsigned char *at, uint64_t value, unsigned int count)
{
	for (unsigned int i = 0; i < count; i++) {
		at[i] = (unsigned char)(value >> (8 * i));
	}
}

/* A header as a Linux kernel writes it, with the fields given. */
static void make_header(unsigned char header[64], uint64_t text_offset, uint64_t image_size,
			uint64_t flags)
{
	memset(header, 0, 64);
	put_le(header + 8, text_offset, 8);
	put_le(header + 16, image_size, 8);
	put_le(header + 24, flags, 8);
	put_le(header + 56, GUEST_IMAGE_MAGIC, 4);
}

static void test_no_magic_is_raw_binary(void **state)
{
	unsigned char header[64];
	struct guest_image image;

	(void)state;
	make_header(header, 0x80000, 0x300000, 0);
	header[56] ^= 1;
	assert_int_equal(guest_image_read(header, sizeof(header), 70000, &image), 0);
	assert_false(image.has_header);
	assert_int_equal(image.text_offset, 0);
	assert_int_equal(image.span, 70000);
}

/* A file shorter than a header cannot have one, even if its bytes look like one's start. */
static void test_short_file_has_no_header(void **state)
{
	unsigned char header[64];
	struct guest_image image;

	(void)state;
	make_header(header, 0x80000, 0x300000, 0);
	assert_int_equal(guest_image_read(header, 63, 63, &image), 0);
	assert_false(image.has_header);
	assert_int_equal(image.span, 63);
	assert_int_equal(guest_image_read(header, 1, 1, &image), 0);
	assert_int_equal(image.span, 1);
}

static void test_header_fields(void **state)
{
	unsigned char header[64];
	struct guest_image image;

	(void)state;
	make_header(header, 0x80000, 0x300000, GUEST_IMAGE_FLAG_ANYWHERE | 0x2);
	assert_int_equal(guest_image_read(header, sizeof(header), 100000, &image), 0);
	assert_true(image.has_header);
	assert_int_equal(image.text_offset, 0x80000);
	assert_int_equal(image.image_size, 0x300000);
	assert_int_equal(image.flags, 0xa);
	assert_int_equal(image.span, 0x300000);
}

/* image_size smaller than the file (a file with padding or an appended payload): the file wins. */
static void test_file_larger_than_image_size(void **state)
{
	unsigned char header[64];
	struct guest_image image;

	(void)state;
	make_header(header, 0, 0x1000, 0);
	assert_int_equal(guest_image_read(header, sizeof(header), 0x5000, &image), 0);
	assert_int_equal(image.span, 0x5000);
}

/* Before Linux 3.17 image_size is 0 and text_offset may be big-endian: 0x80000 is assumed. */
static void test_old_kernel_text_offset(void **state)
{
	unsigned char header[64];
	struct guest_image image;

	(void)state;
	make_header(header, 0x0000080000000000ull, 0, 0);
	assert_int_equal(guest_image_read(header, sizeof(header), 4096, &image), 0);
	assert_int_equal(image.text_offset, GUEST_IMAGE_OLD_TEXT_OFFSET);
	assert_int_equal(image.span, 4096);
}

static void test_text_offset_bounded(void **state)
{
	unsigned char header[64];
	struct guest_image image;

	(void)state;
	make_header(header, GUEST_RAM_MAX, 0x1000, 0);
	assert_int_equal(guest_image_read(header, sizeof(header), 4096, &image), -E2BIG);
	assert_int_equal(image.text_offset, GUEST_RAM_MAX);
	make_header(header, UINT64_MAX & ~0xfffull, 0x1000, 0);
	assert_int_equal(guest_image_read(header, sizeof(header), 4096, &image), -E2BIG);
	make_header(header, GUEST_RAM_MAX - 0x1000, 0x1000, 0);
	assert_int_equal(guest_image_read(header, sizeof(header), 4096, &image), 0);
}

static void test_image_size_bounded(void **state)
{
	unsigned char header[64];
	struct guest_image image;

	(void)state;
	make_header(header, 0, GUEST_RAM_MAX, 0);
	assert_int_equal(guest_image_read(header, sizeof(header), 4096, &image), -E2BIG);
	make_header(header, 0, UINT64_MAX, 0);
	assert_int_equal(guest_image_read(header, sizeof(header), 4096, &image), -E2BIG);
	assert_int_equal(image.image_size, UINT64_MAX);
	make_header(header, 0, GUEST_RAM_MAX - 1, 0);
	assert_int_equal(guest_image_read(header, sizeof(header), 4096, &image), 0);
	assert_int_equal(image.span, GUEST_RAM_MAX - 1);
}

static void test_file_size_bounded(void **state)
{
	unsigned char header[64];
	struct guest_image image;

	(void)state;
	memset(header, 0, sizeof(header));
	assert_int_equal(guest_image_read(header, sizeof(header), GUEST_RAM_MAX, &image), -E2BIG);
	assert_int_equal(guest_image_read(header, sizeof(header), UINT64_MAX, &image), -E2BIG);
}

static void test_text_offset_misaligned(void **state)
{
	unsigned char header[64];
	struct guest_image image;

	(void)state;
	make_header(header, 0x80004, 0x1000, 0);
	assert_int_equal(guest_image_read(header, sizeof(header), 4096, &image), -ENOEXEC);
	assert_int_equal(image.text_offset, 0x80004);
	make_header(header, 0x801, 0x1000, 0);
	assert_int_equal(guest_image_read(header, sizeof(header), 4096, &image), -ENOEXEC);
	make_header(header, 0x1000, 0x1000, 0);
	assert_int_equal(guest_image_read(header, sizeof(header), 4096, &image), 0);
}

/* Every defined flag value is accepted; any reserved bit is refused, and the value kept. */
static void test_flags(void **state)
{
	unsigned char header[64];
	struct guest_image image;

	(void)state;
	for (uint64_t flags = 0; flags <= GUEST_IMAGE_FLAGS_KNOWN; flags++) {
		make_header(header, 0, 0x1000, flags);
		assert_int_equal(guest_image_read(header, sizeof(header), 4096, &image), 0);
		assert_int_equal(image.flags, flags);
	}
	for (unsigned int bit = 4; bit < 64; bit++) {
		make_header(header, 0, 0x1000, 1ull << bit);
		assert_int_equal(guest_image_read(header, sizeof(header), 4096, &image), -ENOTSUP);
		assert_int_equal(image.flags, 1ull << bit);
	}
	make_header(header, 0, 0x1000, UINT64_MAX);
	assert_int_equal(guest_image_read(header, sizeof(header), 4096, &image), -ENOTSUP);
}

/* Reserved words and code words hold anything a kernel likes: they change nothing. */
static void test_reserved_words_ignored(void **state)
{
	unsigned char header[64];
	struct guest_image image;

	(void)state;
	make_header(header, 0x200000, 0x400000, 0);
	memset(header, 0xff, 8);
	memset(header + 32, 0xff, 24);
	memset(header + 60, 0xff, 4);
	assert_int_equal(guest_image_read(header, sizeof(header), 4096, &image), 0);
	assert_int_equal(image.text_offset, 0x200000);
	assert_int_equal(image.span, 0x400000);
}

static void test_bad_calls(void **state)
{
	unsigned char header[64];
	struct guest_image image;

	(void)state;
	make_header(header, 0, 0x1000, 0);
	assert_int_equal(guest_image_read(header, sizeof(header), 0, &image), -EINVAL);
	assert_int_equal(guest_image_read(NULL, 0, 4096, &image), -EINVAL);
	/* Fewer bytes than the header for a file that has 64: refused, not read past. */
	assert_int_equal(guest_image_read(header, 63, 4096, &image), -EINVAL);
	assert_int_equal(guest_image_read(header, 10, 20, &image), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_magic_is_raw_binary),
		cmocka_unit_test(test_short_file_has_no_header),
		cmocka_unit_test(test_header_fields),
		cmocka_unit_test(test_file_larger_than_image_size),
		cmocka_unit_test(test_old_kernel_text_offset),
		cmocka_unit_test(test_text_offset_bounded),
		cmocka_unit_test(test_image_size_bounded),
		cmocka_unit_test(test_file_size_bounded),
		cmocka_unit_test(test_text_offset_misaligned),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_reserved_words_ignored),
		cmocka_unit_test(test_bad_calls),
	};

	return cmocka_run_group_tests_name("guest_image", tests, NULL, NULL);
}
