/* SPDX-License-Identifier: MIT */
/* tessera-pack --dump-bundle: print a file bundle's fields as text, one a line, and check it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pack.h"
#include "services/toolstack/bundle.h"

/*
 * Output, for people and for the tests, as --dump-desc prints a boot
 * description: "FIELD VALUE" lines for the header, "fN.FIELD VALUE" lines for
 * entry N, named as in abi/bundle.h (offsets, sizes and CRCs in hex, counts in
 * decimal), as far as the file holds them; then "check ok", or "check
 * refused: WHY" with WHY also on stderr and exit status 1. The check is the
 * toolstack's own (services/toolstack/bundle.c), so the dump accepts exactly
 * what the domain will.
 */

/* The name up to its NUL, bytes other than printable ASCII as \xNN. */
static void print_name(unsigned int index, const char name[BUNDLE_NAME_MAX])
{
	size_t length = strnlen(name, BUNDLE_NAME_MAX);

	printf("f%u.name ", index);
	for (size_t i = 0; i < length; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c > ' ' && c < 0x7f && c != '\\') {
			putchar(c);
		} else {
			printf("\\x%02x", c);
		}
	}
	putchar('\n');
}

static void print_entry(unsigned int index, const struct bundle_entry *e)
{
	print_name(index, e->name);
	printf("f%u.offset 0x%llx\nf%u.size 0x%llx\nf%u.crc32 0x%08x\nf%u.reserved 0x%x\n", index,
	       (unsigned long long)e->offset, index, (unsigned long long)e->size, index, e->crc32,
	       index, e->reserved);
}

/* The entries the file holds, if the header says they have version 1's size. */
static void print_entries(const struct bundle_header *h, const uint8_t *data, size_t size)
{
	if (h->header_size != sizeof(*h) || h->entry_size != sizeof(struct bundle_entry)) {
		return;
	}
	for (uint32_t i = 0; i < h->file_count && i < BUNDLE_FILES_MAX; i++) {
		struct bundle_entry e;
		size_t at = sizeof(*h) + (size_t)i * sizeof(e);

		if (at + sizeof(e) > size) {
			break;
		}
		memcpy(&e, data + at, sizeof(e));
		print_entry(i, &e);
	}
}

static int dump(const char *path, const uint8_t *data, size_t size)
{
	struct bundle_header h;
	struct bundle bundle;

	if (size >= sizeof(h)) {
		memcpy(&h, data, sizeof(h));
		printf("magic 0x%08x\nversion %u\nheader_size %u\nentry_size %u\nfile_count %u\n",
		       h.magic, h.version, h.header_size, h.entry_size, h.file_count);
		printf("total_size 0x%llx\nchecksum 0x%08x\nreserved 0x%x\n",
		       (unsigned long long)h.total_size, h.checksum, h.reserved);
		print_entries(&h, data, size);
	}
	if (bundle_open(data, size, &bundle) != 0) {
		printf("check refused: %s\n", bundle.why);
		pack_error("%s: %s", path, bundle.why);
		return -1;
	}
	printf("check ok\n");
	return 0;
}

/**
 * Print the bundle in file path as text (see above). Returns 0, or -1 when it
 * cannot be read or the toolstack's check refuses it (said on stderr).
 */
int bundle_dump(const char *path)
{
	void *data;
	size_t size;
	int ret;

	if (read_file(path, &data, &size) < 0) {
		return -1;
	}
	ret = dump(path, data, size);
	free(data);
	return ret;
}
