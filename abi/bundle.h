/* SPDX-License-Identifier: MIT */
/* The file bundle: a read-only folder of files, packed by tessera-pack for the toolstack. */
#ifndef ABI_BUNDLE_H
#define ABI_BUNDLE_H

#include <stdint.h>

/*
 * A boot configuration may give a domain a host folder (tessera,bundle in
 * boot/README.md); tessera-pack packs its files (kernels, ramdisks, xl
 * configs) into one bundle, which reaches the domain as its ramdisk module:
 * the domain's DTB names it in /chosen linux,initrd-start and -end. The
 * toolstack reads its files from there and `ls` lists them.
 *
 * The reader trusts a bundle no further than any bytes in its own RAM that a
 * bug could have overwritten: it checks every field below before it uses
 * one, and refuses the whole bundle if any check fails.
 *
 * Layout: struct bundle_header at offset 0, then header.file_count entries of
 * header.entry_size bytes each (a struct bundle_entry), then the files' data.
 * Integers are little-endian; offsets and sizes are in bytes from the start
 * of the bundle; fields marked "reserved" are written 0 and refused otherwise.
 *
 * - Names form one flat namespace: no folders. A name is 1 to
 *   BUNDLE_NAME_MAX - 1 characters of [A-Za-z0-9_.+-], the first a letter or
 *   digit (so no ".", "..", hidden files or names that read as options).
 * - Entries are sorted by name, strictly ascending in byte order (strcmp), so
 *   names are unique, a lookup is a binary search and `ls` prints in order.
 * - Each file's data starts at a multiple of BUNDLE_ALIGN, so a kernel can
 *   be copied or mapped page by page, and lies after the entry table and
 *   after the end of the previous entry's data: data comes in entry order and
 *   no two files overlap. Bytes between files are written 0 and not read.
 */
#define BUNDLE_MAGIC 0x444e4254u /* "TBND" in memory order */
#define BUNDLE_VERSION 1u

/* Limits of version 1, the same on both sides. */
#define BUNDLE_FILES_MAX 256u /* entries in one bundle */
#define BUNDLE_NAME_MAX 64u   /* bytes of a name field, its NUL included */
#define BUNDLE_ALIGN 4096u    /* every file's data offset is a multiple of this */

/** The bundle's first bytes. */
struct bundle_header {
	uint32_t magic;       /* BUNDLE_MAGIC */
	uint16_t version;     /* BUNDLE_VERSION; any other is refused */
	uint16_t header_size; /* sizeof(struct bundle_header) */
	uint32_t entry_size;  /* sizeof(struct bundle_entry) */
	uint32_t file_count;  /* entries that follow the header: 1..BUNDLE_FILES_MAX */
	uint64_t total_size;  /* bytes of the bundle: header, entries and every file's data,
				 ending where the last file's data ends (or with the entries if
				 every file is empty); no more than the module holds (a loader
				 may round the module up) */
	uint32_t checksum;    /* CRC-32 (IEEE 802.3, zlib's crc32(), as abi/boot_desc.h) of the
				 header and the entry table, computed with this field 0 */
	uint32_t reserved;    /* 0 */
};
_Static_assert(sizeof(struct bundle_header) == 32, "bundle_header size");
_Static_assert(__builtin_offsetof(struct bundle_header, entry_size) == 8, "offset");
_Static_assert(__builtin_offsetof(struct bundle_header, file_count) == 12, "offset");
_Static_assert(__builtin_offsetof(struct bundle_header, total_size) == 16, "offset");
_Static_assert(__builtin_offsetof(struct bundle_header, checksum) == 24, "offset");
_Static_assert(__builtin_offsetof(struct bundle_header, reserved) == 28, "offset");

/** One file of the bundle. */
struct bundle_entry {
	char name[BUNDLE_NAME_MAX]; /* the name (rules above), then NUL; every byte after the
				       NUL is 0 too */
	uint64_t offset;            /* where the data starts: a multiple of BUNDLE_ALIGN, at or
				       after the end of the entry table and of the previous
				       entry's data */
	uint64_t size;              /* bytes of data; 0 for an empty file; offset + size is at
				       most header.total_size */
	uint32_t crc32;             /* CRC-32 (as header.checksum) of the size bytes of data */
	uint32_t reserved;          /* 0 */
};
_Static_assert(sizeof(struct bundle_entry) == 88, "bundle_entry size");
_Static_assert(__builtin_offsetof(struct bundle_entry, offset) == 64, "offset");
_Static_assert(__builtin_offsetof(struct bundle_entry, size) == 72, "offset");
_Static_assert(__builtin_offsetof(struct bundle_entry, crc32) == 80, "offset");
_Static_assert(__builtin_offsetof(struct bundle_entry, reserved) == 84, "offset");

#endif
