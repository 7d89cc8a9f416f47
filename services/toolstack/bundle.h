/* SPDX-License-Identifier: MIT */
/* Reading the file bundle (abi/bundle.h) the toolstack gets as its boot module. */
#ifndef TOOLSTACK_BUNDLE_H
#define TOOLSTACK_BUNDLE_H

#include <stddef.h>
#include <stdint.h>

#include "abi/bundle.h"

/* Room for what bundle_open() says is wrong, its NUL included. */
#define BUNDLE_WHY_MAX 160u

/** A bundle that bundle_open() checked whole; nothing in it is allocated. */
struct bundle {
	const uint8_t *blob;      /* the bundle's first byte */
	uint64_t size;            /* its total_size, checked against the module */
	uint32_t file_count;      /* its entries */
	char why[BUNDLE_WHY_MAX]; /* after bundle_open() failed: what is wrong, for people */
};

/** One file of a bundle, as bundle_file_at() and bundle_find() copy it out. */
struct bundle_file {
	char name[BUNDLE_NAME_MAX]; /* NUL-terminated */
	const uint8_t *data;        /* size bytes inside the bundle; read-only */
	uint64_t size;
};

/**
 * Check the size bytes at blob as a bundle before anything uses it: magic,
 * version, header and entry sizes, the entry count, total_size inside size,
 * the checksum, and every entry (a valid name, strictly above the one before,
 * reserved 0, data aligned, after the table and the previous file's data,
 * inside total_size, matching its CRC-32), and total_size ending where the
 * last file does. Nothing at blob is written.
 * Returns 0 and fills *out, or -EINVAL (not a bundle, or breaks a rule of
 * abi/bundle.h) or -EBADMSG (a checksum does not match), with out->why saying
 * which field of which file is wrong.
 */
int bundle_open(const void *blob, size_t size, struct bundle *out);

/**
 * Copy out file index (0 .. file_count - 1, in name order). The entry is read
 * again and bounds-checked against what bundle_open() found, so bytes changed
 * since then cannot lead outside the bundle. Returns 0, -ENOENT (no such
 * index) or -EIO (the entry no longer lies inside the bundle).
 */
int bundle_file_at(const struct bundle *bundle, uint32_t index, struct bundle_file *out);

/**
 * Find the file called name (a binary search over the sorted entries) and
 * copy it out as bundle_file_at() does. Returns 0, -EINVAL (name is no valid
 * bundle name), -ENOENT (no such file) or -EIO.
 */
int bundle_find(const struct bundle *bundle, const char *name, struct bundle_file *out);

/**
 * Whether name may name a file of a bundle: 1 to BUNDLE_NAME_MAX - 1 of
 * [A-Za-z0-9_.+-], starting with a letter or digit. Returns 0, -ENAMETOOLONG
 * or -EINVAL (empty, or a character or first character not allowed).
 */
int bundle_name_check(const char *name);

/**
 * Continue a CRC-32 as zlib's crc32(crc, data, size) does (IEEE 802.3:
 * polynomial 0xEDB88320 bit-reversed, all-ones start and final XOR): start
 * from 0, and pass each result on for the next piece.
 */
uint32_t bundle_crc32(uint32_t crc, const void *data, size_t size);

#endif
