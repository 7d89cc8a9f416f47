// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the toolstack's file bundle reader
 * (services/toolstack/bundle.c). Each input is tried twice: as it is, and
 * with its checksums made right (every entry's CRC-32 whose data lies inside
 * the input, then the header's), so mutations reach the checks behind them.
 * A refusal must come with a documented errno and a reason. A bundle
 * accepted must keep every promise of abi/bundle.h: each file inside the
 * input and total_size, aligned, after the one before, named validly in
 * strictly ascending order, and found by its name; each of its bytes is read,
 * so ASan sees any reach past the input.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int condition)
{
	if (!condition) {
		__builtin_trap();
	}
}

/* Read every byte of a file, so an out-of-bounds range faults under ASan. */
static uint8_t touch(const struct bundle_file *f)
{
	uint8_t sum = 0;

	for (uint64_t i = 0; i < f->size; i++) {
		sum = (uint8_t)(sum + f->data[i]);
	}
	return sum;
}

/* The promises of an accepted bundle, file by file. */
static void check_accepted(const struct bundle *b, const uint8_t *blob, size_t size)
{
	char previous[BUNDLE_NAME_MAX] = "";
	uint64_t previous_end = 0;
	volatile uint8_t sink = 0;

	require(b->blob == blob && b->size <= size);
	require(b->file_count >= 1 && b->file_count <= BUNDLE_FILES_MAX);
	for (uint32_t i = 0; i < b->file_count; i++) {
		struct bundle_file f;
		struct bundle_file found;
		uint64_t offset;

		require(bundle_file_at(b, i, &f) == 0);
		offset = (uint64_t)(f.data - blob);
		require(f.data >= blob && offset <= b->size && f.size <= b->size - offset);
		require(offset % BUNDLE_ALIGN == 0 && offset >= previous_end);
		require(bundle_name_check(f.name) == 0);
		require(i == 0 || strcmp(previous, f.name) < 0);
		require(bundle_find(b, f.name, &found) == 0 && found.data == f.data &&
			found.size == f.size);
		sink = (uint8_t)(sink + touch(&f));
		memcpy(previous, f.name, sizeof(previous));
		previous_end = offset + f.size;
	}
	require(previous_end == b->size);
}

static void try_input(const uint8_t *blob, size_t size)
{
	struct bundle b;
	int err = bundle_open(blob, size, &b);

	if (err != 0) {
		require(err == -EINVAL || err == -EBADMSG);
		require(b.why[0] != '\0' && memchr(b.why, '\0', sizeof(b.why)) != NULL);
		return;
	}
	check_accepted(&b, blob, size);
}

/* Make the input's CRCs right where its fields let them be found inside it. */
static void fix_checksums(uint8_t *blob, size_t size)
{
	struct bundle_header h;
	uint64_t table_end;

	if (size < sizeof(h)) {
		return;
	}
	memcpy(&h, blob, sizeof(h));
	if (h.file_count > BUNDLE_FILES_MAX) {
		return;
	}
	table_end = sizeof(h) + (uint64_t)h.file_count * sizeof(struct bundle_entry);
	if (table_end > size) {
		return;
	}
	for (uint32_t i = 0; i < h.file_count; i++) {
		struct bundle_entry e;
		uint8_t *at = blob + sizeof(h) + (size_t)i * sizeof(e);

		memcpy(&e, at, sizeof(e));
		if (e.offset <= size && e.size <= size - e.offset) {
			e.crc32 = bundle_crc32(0, blob + e.offset, (size_t)e.size);
			memcpy(at, &e, sizeof(e));
		}
	}
	h.checksum = 0;
	memcpy(blob, &h, sizeof(h));
	h.checksum = bundle_crc32(0, blob, (size_t)table_end);
	memcpy(blob, &h, sizeof(h));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);

	try_input(data, size);
	if (!copy) {
		return 0;
	}
	memcpy(copy, data, size);
	fix_checksums(copy, size);
	try_input(copy, size);
	free(copy);
	return 0;
}
