// SPDX-License-Identifier: MIT
/*
 * Writes the seed corpus and dictionary of bundle_fuzz: small valid bundles
 * (abi/bundle.h) of the shapes the toolstack meets, so the fuzzer starts from
 * inputs every check accepts.
 * Usage: bundle_seeds <corpus-dir> <dictionary-file>
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "bundle.h"

#define SEED_MAX (64u * 1024u)

struct seed_file {
	const char *name;
	const char *text; /* the data, or NULL for size bytes of a pattern */
	size_t size;
};

static uint8_t seed[SEED_MAX];

/* Lay the files (in name order) out as a writer does; returns the bundle's size. */
static size_t build(const struct seed_file *files, uint32_t count)
{
	struct bundle_header h = {
		.magic = BUNDLE_MAGIC,
		.version = BUNDLE_VERSION,
		.header_size = sizeof(struct bundle_header),
		.entry_size = sizeof(struct bundle_entry),
		.file_count = count,
	};
	size_t table_end = sizeof(h) + count * sizeof(struct bundle_entry);
	size_t cursor = table_end;

	memset(seed, 0, sizeof(seed));
	for (uint32_t i = 0; i < count; i++) {
		struct bundle_entry e = { .size = files[i].text ? strlen(files[i].text)
								: files[i].size };

		e.offset = (cursor + BUNDLE_ALIGN - 1) & ~(uint64_t)(BUNDLE_ALIGN - 1);
		for (size_t j = 0; j < e.size; j++) {
			seed[e.offset + j] =
				files[i].text ? (uint8_t)files[i].text[j] : (uint8_t)(j * 13u);
		}
		strncpy(e.name, files[i].name, sizeof(e.name) - 1);
		e.crc32 = bundle_crc32(0, seed + e.offset, e.size);
		memcpy(seed + sizeof(h) + i * sizeof(e), &e, sizeof(e));
		cursor = e.offset + e.size;
	}
	h.total_size = cursor;
	memcpy(seed, &h, sizeof(h));
	h.checksum = bundle_crc32(0, seed, table_end);
	memcpy(seed, &h, sizeof(h));
	return cursor;
}

static int write_file(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	int err;

	if (!f) {
		perror(path);
		return 1;
	}
	err = fwrite(data, 1, size, f) != size;
	return (fclose(f) != 0) | err;
}

/* Byte strings the fields hold, in libFuzzer's dictionary syntax. */
static int write_dict(const char *path)
{
	static const char dict[] = "magic=\"TBND\"\n"
				   "version_sizes=\"\\x01\\x00\\x20\\x00\\x58\\x00\\x00\\x00\"\n"
				   "align=\"\\x00\\x10\\x00\\x00\\x00\\x00\\x00\\x00\"\n"
				   "name_cfg=\".cfg\"\n"
				   "name_kernel=\"vmlinuz\"\n";

	return write_file(path, dict, sizeof(dict) - 1);
}

int main(int argc, char **argv)
{
	static const struct seed_file one[] = { { "guest.cfg", "name = \"guest\"\n", 0 } };
	static const struct seed_file three[] = {
		{ "debian.cfg", "kernel = \"vmlinuz\"\nmemory = 256\n", 0 },
		{ "empty", "", 0 },
		{ "vmlinuz", NULL, 5000 },
	};
	static const struct seed_file empties[] = { { "a", "", 0 }, { "b", "", 0 } };
	const struct {
		const struct seed_file *files;
		uint32_t count;
	} seeds[] = { { one, 1 }, { three, 3 }, { empties, 2 } };
	char path[4096];
	int err = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: %s <corpus-dir> <dictionary-file>\n", argv[0]);
		return 2;
	}
	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		size_t size = build(seeds[i].files, seeds[i].count);

		snprintf(path, sizeof(path), "%s/seed-%zu", argv[1], i);
		err |= write_file(path, seed, size);
	}
	return err | write_dict(argv[2]);
}
