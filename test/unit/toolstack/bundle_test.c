// SPDX-License-Identifier: MIT
/*
 * Unit tests of the toolstack's file bundle reader (services/toolstack/bundle.c):
 * bundles built here, apart from tessera-pack, open and list; every field put
 * out of line, alone, is refused with its errno and a reason naming it; a
 * bundle cut short at every length is refused without a read past its end
 * (ASan watches); entries changed after opening cannot lead outside it.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bundle.h"

#define HEADER_SIZE sizeof(struct bundle_header)
#define ENTRY_SIZE sizeof(struct bundle_entry)
#define BUF_SIZE (1u << 20)

/* A file to build into a bundle: its name and size; its bytes are a pattern of its index. */
struct spec {
	const char *name;
	size_t size;
};

static uint8_t buf[BUF_SIZE] __attribute__((aligned(8)));
static size_t total;

/* CRC-32 as zlib defines it, bit by bit: written apart from the reader's table-driven one. */
static uint32_t crc_bitwise(const void *data, size_t size)
{
	const uint8_t *bytes = data;
	uint32_t crc = 0xFFFFFFFFu;

	for (size_t i = 0; i < size; i++) {
		crc ^= bytes[i];
		for (int bit = 0; bit < 8; bit++) {
			crc = crc & 1u ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
		}
	}
	return ~crc;
}

static struct bundle_header *header(void)
{
	return (struct bundle_header *)buf;
}

static struct bundle_entry *entry(unsigned int index)
{
	return (struct bundle_entry *)(buf + HEADER_SIZE + index * ENTRY_SIZE);
}

/* The header's checksum again, after a test changed the header or an entry on purpose. */
static void reseal(void)
{
	size_t table_end = HEADER_SIZE + header()->file_count * ENTRY_SIZE;

	header()->checksum = 0;
	header()->checksum = crc_bitwise(buf, table_end);
}

/* Rename an entry, the rest of its name field 0 as a writer leaves it. */
static void set_name(unsigned int index, const char *name)
{
	memset(entry(index)->name, 0, BUNDLE_NAME_MAX);
	strcpy(entry(index)->name, name);
}

static uint8_t pattern(unsigned int file, size_t i)
{
	return (uint8_t)(file * 31u + i * 7u + 1u);
}

/* Build a bundle of the files (given in name order) into buf, as abi/bundle.h lays one out. */
static void build(const struct spec *files, unsigned int count)
{
	size_t cursor = HEADER_SIZE + count * ENTRY_SIZE;

	memset(buf, 0, sizeof(buf));
	for (unsigned int i = 0; i < count; i++) {
		struct bundle_entry *e = entry(i);

		cursor = (cursor + BUNDLE_ALIGN - 1) & ~(size_t)(BUNDLE_ALIGN - 1);
		assert_true(cursor + files[i].size <= sizeof(buf));
		strcpy(e->name, files[i].name);
		e->offset = cursor;
		e->size = files[i].size;
		for (size_t j = 0; j < files[i].size; j++) {
			buf[cursor + j] = pattern(i, j);
		}
		e->crc32 = crc_bitwise(buf + cursor, files[i].size);
		cursor += files[i].size;
	}
	*header() = (struct bundle_header){
		.magic = BUNDLE_MAGIC,
		.version = BUNDLE_VERSION,
		.header_size = HEADER_SIZE,
		.entry_size = ENTRY_SIZE,
		.file_count = count,
		.total_size = cursor,
	};
	total = cursor;
	reseal();
}

static const struct spec three[] = {
	{ "debian.cfg", 300 },
	{ "initrd.gz", 5000 },
	{ "vmlinuz", 8192 },
};

static int setup_three(void **state)
{
	(void)state;
	build(three, 3);
	return 0;
}

/* bundle_open must refuse buf with err, and say something containing what. */
static void expect_refused(int err, const char *what)
{
	struct bundle b;

	assert_int_equal(bundle_open(buf, total, &b), err);
	if (!strstr(b.why, what)) {
		fail_msg("reason '%s' lacks '%s'", b.why, what);
	}
	assert_int_equal(b.file_count, 0);
	assert_null(b.blob);
}

static void crc_is_zlibs(void **state)
{
	(void)state;
	assert_int_equal(bundle_crc32(0, "123456789", 9), 0xCBF43926u); /* the check value */
	assert_int_equal(bundle_crc32(0, "", 0), 0);
	assert_int_equal(bundle_crc32(bundle_crc32(0, "1234", 4), "56789", 5), 0xCBF43926u);
	assert_int_equal(bundle_crc32(0, buf, 4096), crc_bitwise(buf, 4096));
}

static void names(void **state)
{
	static const char *const good[] = {
		"a",     "Z",
		"0",     "vmlinuz-6.1.0-arm64",
		"x.cfg", "a+b_c-d.e",
		"9..",   "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789a"
	};
	static const char *const bad[] = { "",      ".",   "..",  ".hidden", "-opt", "_x",
					   "+x",    "a b", "a/b", "a\\b",    "a:b",  "na\xc3\xafve",
					   "tab\t", "a\n" };

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (bundle_name_check(good[i]) != 0) {
			fail_msg("'%s' refused", good[i]);
		}
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (bundle_name_check(bad[i]) != -EINVAL) {
			fail_msg("'%s' accepted", bad[i]);
		}
	}
	assert_int_equal(
		bundle_name_check(
			"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ab"),
		-ENAMETOOLONG);
}

static void opens_and_lists(void **state)
{
	struct bundle b;
	struct bundle_file f;

	(void)state;
	assert_int_equal(bundle_open(buf, total, &b), 0);
	assert_ptr_equal(b.blob, buf);
	assert_int_equal(b.size, total);
	assert_int_equal(b.file_count, 3);
	for (uint32_t i = 0; i < 3; i++) {
		assert_int_equal(bundle_file_at(&b, i, &f), 0);
		assert_string_equal(f.name, three[i].name);
		assert_int_equal(f.size, three[i].size);
		assert_ptr_equal(f.data, buf + entry(i)->offset);
		assert_int_equal(f.data[three[i].size - 1], pattern(i, three[i].size - 1));
	}
	assert_int_equal(bundle_file_at(&b, 3, &f), -ENOENT);
	assert_int_equal(bundle_file_at(&b, UINT32_MAX, &f), -ENOENT);
}

static void finds(void **state)
{
	struct bundle b;
	struct bundle_file f;

	(void)state;
	assert_int_equal(bundle_open(buf, total, &b), 0);
	for (uint32_t i = 0; i < 3; i++) {
		memset(&f, 0, sizeof(f));
		assert_int_equal(bundle_find(&b, three[i].name, &f), 0);
		assert_string_equal(f.name, three[i].name);
		assert_ptr_equal(f.data, buf + entry(i)->offset);
	}
	/* Before the first, between two, after the last, a prefix, a longer name. */
	assert_int_equal(bundle_find(&b, "a.cfg", &f), -ENOENT);
	assert_int_equal(bundle_find(&b, "foo", &f), -ENOENT);
	assert_int_equal(bundle_find(&b, "zz", &f), -ENOENT);
	assert_int_equal(bundle_find(&b, "vmlinu", &f), -ENOENT);
	assert_int_equal(bundle_find(&b, "vmlinuz2", &f), -ENOENT);
	assert_int_equal(bundle_find(&b, "../vmlinuz", &f), -EINVAL);
	assert_int_equal(bundle_find(&b, "", &f), -EINVAL);
}

/* A loader may round the module up, and the blob need not be aligned in memory. */
static void larger_module_and_unaligned(void **state)
{
	uint8_t *copy = malloc(total + 4097);
	struct bundle b;
	struct bundle_file f;

	(void)state;
	assert_non_null(copy);
	memcpy(copy + 1, buf, total);
	memset(copy + 1 + total, 0xAA, 4096);
	assert_int_equal(bundle_open(copy + 1, total + 4096, &b), 0);
	assert_int_equal(b.size, total);
	assert_int_equal(bundle_find(&b, "initrd.gz", &f), 0);
	assert_ptr_equal(f.data, copy + 1 + entry(1)->offset);
	free(copy);
}

/* Every length short of the whole is refused, and never read past (ASan). */
static void truncated_everywhere(void **state)
{
	struct bundle b;

	(void)state;
	assert_int_equal(bundle_open(NULL, 0, &b), -EINVAL);
	for (size_t size = 0; size < total; size++) {
		uint8_t *copy = malloc(size ? size : 1);

		assert_non_null(copy);
		memcpy(copy, buf, size);
		if (bundle_open(copy, size, &b) != -EINVAL) {
			fail_msg("a bundle cut to %zu of %zu bytes is not refused", size, total);
		}
		free(copy);
	}
}

static void header_fields(void **state)
{
	(void)state;
	header()->magic ^= 1;
	expect_refused(-EINVAL, "not a bundle: magic 0x444e4255");
	build(three, 3);
	header()->version = 2;
	expect_refused(-EINVAL, "bundle version 2");
	build(three, 3);
	header()->header_size = 40;
	expect_refused(-EINVAL, "header_size 40");
	build(three, 3);
	header()->entry_size = 80;
	expect_refused(-EINVAL, "entry_size 80");
	build(three, 3);
	header()->reserved = 1;
	expect_refused(-EINVAL, "header reserved field is 0x1");
	build(three, 3);
	header()->file_count = 0;
	expect_refused(-EINVAL, "file_count 0 is not 1 to 256");
	build(three, 3);
	header()->file_count = BUNDLE_FILES_MAX + 1;
	expect_refused(-EINVAL, "file_count 257");
	build(three, 3);
	header()->total_size = total + 1;
	expect_refused(-EINVAL, "runs past the end of the module");
	build(three, 3);
	header()->total_size = UINT64_MAX;
	expect_refused(-EINVAL, "runs past the end of the module");
	build(three, 3);
	header()->total_size = HEADER_SIZE + 3 * ENTRY_SIZE - 1;
	expect_refused(-EINVAL, "ends inside the 3 entries");
	build(three, 3);
	header()->checksum ^= 0x100;
	expect_refused(-EBADMSG, "does not match the header and entries");
	/* A byte of the table changed, the checksum not made again. */
	build(three, 3);
	entry(2)->name[0] = 'w';
	expect_refused(-EBADMSG, "does not match the header and entries");
}

/* total_size ends exactly where the last file does: neither short of it nor beyond. */
static void total_size_is_exact(void **state)
{
	(void)state;
	header()->total_size = total - 1;
	reseal();
	expect_refused(-EINVAL, "file 2 'vmlinuz': data 0x4000+0x2000 runs past total_size 0x5fff");
	build(three, 3);
	header()->total_size = total + 1;
	reseal();
	total++;
	expect_refused(-EINVAL, "is not where the last file's data ends");
}

static void entry_names(void **state)
{
	(void)state;
	memset(entry(1)->name, 0, BUNDLE_NAME_MAX);
	reseal();
	expect_refused(-EINVAL, "file 1: name is not 1 to 63");
	build(three, 3);
	memset(entry(1)->name, 'a', BUNDLE_NAME_MAX);
	reseal();
	expect_refused(-EINVAL, "file 1: name has no NUL within 64 bytes");
	build(three, 3);
	set_name(1, ".initrd");
	reseal();
	expect_refused(-EINVAL, "file 1: name is not");
	build(three, 3);
	set_name(1, "in/itrd");
	reseal();
	expect_refused(-EINVAL, "file 1: name is not");
	build(three, 3);
	entry(1)->name[BUNDLE_NAME_MAX - 1] = 'x';
	reseal();
	expect_refused(-EINVAL, "file 1 'initrd.gz': bytes after the name's NUL");
	build(three, 3);
	set_name(1, "debian.cfg");
	reseal();
	expect_refused(-EINVAL, "file 1 'debian.cfg': not after 'debian.cfg'");
	build(three, 3);
	set_name(2, "abc");
	reseal();
	expect_refused(-EINVAL, "file 2 'abc': not after 'initrd.gz'");
	build(three, 3);
	set_name(0, "debian.cfg2"); /* longer than file 1's name's prefix: sorts after */
	set_name(1, "debian.cfg");
	reseal();
	expect_refused(-EINVAL, "file 1 'debian.cfg': not after 'debian.cfg2'");
}

static void entry_data(void **state)
{
	(void)state;
	entry(0)->reserved = 7;
	reseal();
	expect_refused(-EINVAL, "file 0 'debian.cfg': reserved field is 0x7");
	build(three, 3);
	entry(1)->offset += 8;
	reseal();
	expect_refused(-EINVAL,
		       "file 1 'initrd.gz': data offset 0x2008 is not a multiple of 0x1000");
	/* Into the entry table. */
	build(three, 3);
	entry(0)->offset = 0;
	reseal();
	expect_refused(-EINVAL, "file 0 'debian.cfg': data offset 0x0 is not a multiple of 0x1000 "
				"at or after 0x128");
	/* Overlapping the file before, or out of entry order. */
	build(three, 3);
	entry(2)->offset = entry(1)->offset;
	reseal();
	expect_refused(-EINVAL, "file 2 'vmlinuz': data offset 0x2000 is not a multiple of 0x1000 "
				"at or after 0x3388");
	build(three, 3);
	entry(2)->offset = 0x1000;
	reseal();
	expect_refused(-EINVAL, "file 2 'vmlinuz': data offset 0x1000");
	/* Past the end, and sizes that wrap. */
	build(three, 3);
	entry(2)->size += 1;
	reseal();
	expect_refused(-EINVAL, "file 2 'vmlinuz': data 0x4000+0x2001 runs past total_size 0x6000");
	build(three, 3);
	entry(2)->size = UINT64_MAX;
	reseal();
	expect_refused(-EINVAL, "runs past total_size");
	build(three, 3);
	entry(2)->offset = UINT64_MAX - 0xFFF;
	entry(2)->size = 0x2000;
	reseal();
	expect_refused(-EINVAL, "runs past total_size");
	/* A byte of data changed. */
	build(three, 3);
	buf[entry(1)->offset + 4999] ^= 0x80;
	expect_refused(-EBADMSG, "file 1 'initrd.gz': data does not match its CRC-32");
}

/* Empty files take no room; a bundle of empty files ends at the first aligned offset. */
static void empty_files(void **state)
{
	static const struct spec empties[] = { { "a", 0 }, { "b", 10 }, { "c", 0 }, { "d", 0 } };
	struct bundle b;
	struct bundle_file f;

	(void)state;
	build(empties, 4);
	assert_int_equal(entry(2)->offset, 0x2000);
	assert_int_equal(entry(3)->offset, 0x2000);
	assert_int_equal(total, 0x2000);
	assert_int_equal(bundle_open(buf, total, &b), 0);
	assert_int_equal(bundle_find(&b, "c", &f), 0);
	assert_int_equal(f.size, 0);
	build(empties, 1);
	assert_int_equal(total, 0x1000);
	assert_int_equal(bundle_open(buf, total, &b), 0);
}

/* The most files a bundle holds, each findable. */
static void most_files(void **state)
{
	static char names_of[BUNDLE_FILES_MAX][8];
	static struct spec specs[BUNDLE_FILES_MAX];
	struct bundle b;
	struct bundle_file f;

	(void)state;
	for (unsigned int i = 0; i < BUNDLE_FILES_MAX; i++) {
		names_of[i][0] = 'f';
		names_of[i][1] = (char)('0' + i / 100);
		names_of[i][2] = (char)('0' + i / 10 % 10);
		names_of[i][3] = (char)('0' + i % 10);
		specs[i] = (struct spec){ names_of[i], i % 3 };
	}
	build(specs, BUNDLE_FILES_MAX);
	assert_int_equal(bundle_open(buf, total, &b), 0);
	for (unsigned int i = 0; i < BUNDLE_FILES_MAX; i++) {
		assert_int_equal(bundle_find(&b, names_of[i], &f), 0);
		assert_int_equal(f.size, i % 3);
	}
}

/* Entries changed after opening: lookups may miss, never lead outside the bundle. */
static void changed_after_open(void **state)
{
	struct bundle b;
	struct bundle_file f;

	(void)state;
	assert_int_equal(bundle_open(buf, total, &b), 0);
	entry(1)->offset = UINT64_MAX - 10;
	assert_int_equal(bundle_file_at(&b, 1, &f), -EIO);
	assert_int_equal(bundle_find(&b, "initrd.gz", &f), -EIO);
	entry(1)->offset = 0x2000;
	entry(1)->size = total;
	assert_int_equal(bundle_file_at(&b, 1, &f), -EIO);
	entry(1)->size = 5000;
	memset(entry(0)->name, 'x', BUNDLE_NAME_MAX);
	assert_int_equal(bundle_file_at(&b, 0, &f), -EIO);
	set_name(0, "zzz"); /* out of order: the search misses, in bounds */
	assert_int_equal(bundle_find(&b, "zzz", &f), -ENOENT);
	assert_int_equal(bundle_find(&b, "vmlinuz", &f), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(crc_is_zlibs, setup_three),
		cmocka_unit_test(names),
		cmocka_unit_test_setup(opens_and_lists, setup_three),
		cmocka_unit_test_setup(finds, setup_three),
		cmocka_unit_test_setup(larger_module_and_unaligned, setup_three),
		cmocka_unit_test_setup(truncated_everywhere, setup_three),
		cmocka_unit_test_setup(header_fields, setup_three),
		cmocka_unit_test_setup(total_size_is_exact, setup_three),
		cmocka_unit_test_setup(entry_names, setup_three),
		cmocka_unit_test_setup(entry_data, setup_three),
		cmocka_unit_test(empty_files),
		cmocka_unit_test(most_files),
		cmocka_unit_test_setup(changed_after_open, setup_three),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
