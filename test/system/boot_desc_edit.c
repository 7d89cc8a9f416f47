/* SPDX-License-Identifier: MIT */
/* Spoils a packed boot description as a NAME.mangle script says, for the refusal tests. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "abi/boot_desc.h"

/*
 * usage: boot_desc_edit BOOT-DESC.bin MACHINE.dtb SCRIPT
 *
 * SCRIPT has one edit a line, applied in order to the description's bytes
 * (numbers in C form: 42, 0x2a, 052); blank lines and lines from '#' are
 * skipped:
 *   byte OFFSET VALUE   the byte at OFFSET becomes VALUE
 *   u16 OFFSET VALUE    the little-endian 16-bit field at OFFSET becomes VALUE
 *   u32 OFFSET VALUE    the same, 32 bits
 *   truncate SIZE       the file ends after SIZE bytes (no more than it has)
 *   fix-checksum        the header's checksum fits the first total_size bytes again
 * Then the file is written back, and the reg size of the machine DTB's
 * boot description node becomes the file's size: the core is told of as many
 * bytes as QEMU loads, as a boot loader would tell of a short file.
 * A mistake in the script changes nothing and exits 1.
 */

#define DESC_MAX (64 * 1024)
#define CHECKSUM_AT offsetof(struct boot_desc_header, checksum)
#define TOTAL_SIZE_AT offsetof(struct boot_desc_header, total_size)

struct desc {
	uint8_t bytes[DESC_MAX];
	size_t size;
};

static int fail(const char *what, unsigned int line, const char *why)
{
	if (line) {
		fprintf(stderr, "boot_desc_edit: %s line %u: %s\n", what, line, why);
	} else {
		fprintf(stderr, "boot_desc_edit: %s: %s\n", what, why);
	}
	return -1;
}

/* CRC-32 of IEEE 802.3 (zlib's crc32()), written apart from tessera-pack's on purpose. */
static uint32_t crc32_ieee(const uint8_t *bytes, size_t size)
{
	uint32_t crc = ~0u;

	for (size_t i = 0; i < size; i++) {
		crc ^= bytes[i];
		for (unsigned int bit = 0; bit < 8; bit++) {
			crc = crc & 1u ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
		}
	}
	return ~crc;
}

static void put_le(uint8_t *at, uint64_t value, unsigned int width)
{
	for (unsigned int i = 0; i < width; i++) {
		at[i] = (uint8_t)(value >> (8 * i));
	}
}

static uint32_t get_le32(const uint8_t *at)
{
	return (uint32_t)at[0] | (uint32_t)at[1] << 8 | (uint32_t)at[2] << 16 |
	       (uint32_t)at[3] << 24;
}

/* A whole word of the script as a number; false if it is not one. */
static bool number(const char *word, uint64_t *value)
{
	char *end;

	if (!word || word[0] == '-') {
		return false;
	}
	errno = 0;
	*value = strtoull(word, &end, 0);
	return errno == 0 && end != word && *end == '\0';
}

static int set_field(struct desc *d, const char *script, unsigned int line, unsigned int width,
		     const char *offset_word, const char *value_word)
{
	uint64_t offset;
	uint64_t value;

	if (!number(offset_word, &offset) || !number(value_word, &value)) {
		return fail(script, line, "wants OFFSET VALUE, two numbers");
	}
	if (offset >= d->size || d->size - offset < width) {
		return fail(script, line, "OFFSET lies beyond the description");
	}
	if (width < 8 && value >> (8 * width) != 0) {
		return fail(script, line, "VALUE does not fit the field");
	}
	put_le(d->bytes + offset, value, width);
	return 0;
}

static int fix_checksum(struct desc *d, const char *script, unsigned int line)
{
	uint32_t total;

	if (d->size < sizeof(struct boot_desc_header)) {
		return fail(script, line, "fix-checksum: the header is cut short");
	}
	total = get_le32(d->bytes + TOTAL_SIZE_AT);
	if (total > d->size || total < CHECKSUM_AT + 4) {
		return fail(script, line, "fix-checksum: total_size does not fit the file");
	}
	put_le(d->bytes + CHECKSUM_AT, 0, 4);
	put_le(d->bytes + CHECKSUM_AT, crc32_ieee(d->bytes, total), 4);
	return 0;
}

/* Bytes of the field an edit sets: 1, 2 or 4, or 0 when it is no such edit. */
static unsigned int field_width(const char *edit)
{
	if (strcmp(edit, "byte") == 0) {
		return 1;
	}
	if (strcmp(edit, "u16") == 0) {
		return 2;
	}
	return strcmp(edit, "u32") == 0 ? 4 : 0;
}

/* One line of the script, split into its words (at most three). */
static int apply(struct desc *d, const char *script, unsigned int line, char *text)
{
	char *words[4] = { NULL };
	unsigned int count = 0;
	uint64_t size;

	for (char *word = strtok(text, " \t\r\n"); word; word = strtok(NULL, " \t\r\n")) {
		if (word[0] == '#') {
			break;
		}
		if (count == 3) {
			return fail(script, line, "too many words");
		}
		words[count++] = word;
	}
	if (count == 0) {
		return 0;
	}
	if (field_width(words[0]) != 0) {
		if (count != 3) {
			return fail(script, line, "wants OFFSET VALUE");
		}
		return set_field(d, script, line, field_width(words[0]), words[1], words[2]);
	}
	if (strcmp(words[0], "truncate") == 0) {
		if (count != 2 || !number(words[1], &size) || size > d->size) {
			return fail(script, line, "truncate wants a SIZE no larger than the file");
		}
		d->size = (size_t)size;
		return 0;
	}
	if (strcmp(words[0], "fix-checksum") == 0 && count == 1) {
		return fix_checksum(d, script, line);
	}
	return fail(script, line, "unknown edit (byte, u16, u32, truncate, fix-checksum)");
}

static int run_script(struct desc *d, const char *script)
{
	FILE *f = fopen(script, "r");
	char text[256];
	unsigned int line = 0;
	int ret = 0;

	if (!f) {
		return fail(script, 0, strerror(errno));
	}
	while (ret == 0 && fgets(text, sizeof(text), f)) {
		line++;
		ret = apply(d, script, line, text);
	}
	fclose(f);
	return ret;
}

static int read_desc(struct desc *d, const char *path)
{
	FILE *f = fopen(path, "rb");

	if (!f) {
		return fail(path, 0, strerror(errno));
	}
	d->size = fread(d->bytes, 1, sizeof(d->bytes), f);
	if (ferror(f) || !feof(f)) {
		fclose(f);
		return fail(path, 0, "cannot read it, or larger than 64 KiB");
	}
	fclose(f);
	return 0;
}

static int write_bytes(const char *path, const void *bytes, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (!f) {
		return fail(path, 0, strerror(errno));
	}
	if (fwrite(bytes, 1, size, f) != size || fclose(f) != 0) {
		return fail(path, 0, "cannot write it");
	}
	return 0;
}

/* The size cells of the boot description's reg (two address, two size cells) become size. */
static int set_module_size(const char *path, size_t size)
{
	static uint8_t dtb[1024 * 1024];
	FILE *f = fopen(path, "rb");
	size_t length;
	int node;
	int reg_length;
	const fdt32_t *reg;
	fdt32_t cells[4];

	if (!f) {
		return fail(path, 0, strerror(errno));
	}
	length = fread(dtb, 1, sizeof(dtb), f);
	fclose(f);
	if (length < sizeof(struct fdt_header) || fdt_check_header(dtb) != 0 ||
	    fdt_totalsize(dtb) > length) {
		return fail(path, 0, "not a DTB");
	}
	node = fdt_node_offset_by_compatible(dtb, -1, BOOT_DESC_COMPATIBLE);
	reg = node < 0 ? NULL : fdt_getprop(dtb, node, "reg", &reg_length);
	if (!reg || reg_length != sizeof(cells)) {
		return fail(path, 0, "no boot description node with a 4-cell reg");
	}
	memcpy(cells, reg, sizeof(cells));
	cells[2] = cpu_to_fdt32((uint32_t)((uint64_t)size >> 32));
	cells[3] = cpu_to_fdt32((uint32_t)size);
	if (fdt_setprop_inplace(dtb, node, "reg", cells, sizeof(cells)) != 0) {
		return fail(path, 0, "cannot set reg");
	}
	return write_bytes(path, dtb, fdt_totalsize(dtb));
}

int main(int argc, char **argv)
{
	static struct desc d;

	if (argc != 4) {
		fprintf(stderr, "usage: boot_desc_edit BOOT-DESC.bin MACHINE.dtb SCRIPT\n");
		return 1;
	}
	if (read_desc(&d, argv[1]) < 0 || run_script(&d, argv[3]) < 0 ||
	    write_bytes(argv[1], d.bytes, d.size) < 0 || set_module_size(argv[2], d.size) < 0) {
		return 1;
	}
	return 0;
}
