// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the disk target syntax of a vbd's `params`
 * (services/blkback/vbd_target.c), the text a toolstack writes to the store
 * and blkback reads back. Each input is parsed as a target: a refusal must be
 * -XEN_EINVAL and leave the result zeroed; an accepted target must name a
 * disk a name can reach and a non-empty extent, and print back to text that
 * parses to the same target. It is then checked against disks whose sizes
 * and block sizes come from the input's own bytes: a VBD accepted must lie
 * wholly inside its disk (no wrap), start and end on the disk's blocks, and
 * be read-only whenever the disk or the mode is; a refusal must be one of
 * the documented errors and leave the VBD zeroed. The input is also read as
 * one decimal number against a bound it chooses.
 */
#include <abi/errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "vbd_target.h"

#define DISKS 4u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct blk_disk_info infos[DISKS];

static void require(int condition)
{
	if (!condition) {
		__builtin_trap();
	}
}

static const struct blk_disk_info *info_of(unsigned int disk)
{
	require(disk < DISKS);
	return &infos[disk];
}

static const struct blk_disks disks = { .count = DISKS, .info = info_of };

/* Eight bytes of the input from the end (zero past its start), to size the disks. */
static uint64_t word(const uint8_t *data, size_t size, size_t index)
{
	uint64_t value = 0;

	for (size_t i = 0; i < 8; i++) {
		size_t at = index * 8 + i;

		value = value << 8 | (at < size ? data[size - 1 - at] : 0);
	}
	return value;
}

/* Disks of sizes and block sizes from the input: edge cases come up quickly. */
static void make_disks(const uint8_t *data, size_t size)
{
	static const uint32_t block_sizes[] = { 512, 4096, 0, 1000, 65536, 131072, 2048, 512 };

	for (unsigned int i = 0; i < DISKS; i++) {
		uint64_t w = word(data, size, i);

		infos[i] = (struct blk_disk_info){
			.sectors = i == 3 ? UINT64_MAX - (w & 0xff) : w >> 3,
			.logical_block_size = block_sizes[w & 7],
			.readonly = (w >> 8 & 1) != 0,
		};
	}
}

static void check_zero_vbd(const struct vbd *v)
{
	require(v->disk == 0 && v->first == 0 && v->sectors == 0 && !v->readonly);
}

static void check_resolved(const struct vbd_target *t, const struct vbd *v, bool readonly)
{
	const struct blk_disk_info *info = &infos[t->disk];
	uint64_t per_block = info->logical_block_size / 512;

	require(v->disk == t->disk && v->sectors >= 1);
	require(v->first < info->sectors && v->sectors <= info->sectors - v->first);
	require(!t->extent || (v->first == t->first && v->sectors == t->count));
	require(t->extent || (v->first == 0 && v->sectors == info->sectors));
	require(per_block >= 1 && v->first % per_block == 0 && v->sectors % per_block == 0);
	require(v->readonly == (readonly || info->readonly));
}

/* Print t back as text: it must parse to the same target. */
static void check_round_trip(const struct vbd_target *t)
{
	char text[96], name[3] = { 0 };
	struct vbd_target again;
	int len;

	if (t->disk < 26) {
		name[0] = (char)('a' + t->disk);
	} else {
		name[0] = (char)('a' + t->disk / 26 - 1);
		name[1] = (char)('a' + t->disk % 26);
	}
	if (t->extent) {
		len = snprintf(text, sizeof(text), "vd%s:%" PRIu64 "+%" PRIu64, name, t->first,
			       t->count);
	} else {
		len = snprintf(text, sizeof(text), "vd%s", name);
	}
	require(len > 0 && (size_t)len < sizeof(text));
	require(vbd_target_parse(text, (size_t)len, &again) == 0);
	require(again.disk == t->disk && again.extent == t->extent && again.first == t->first &&
		again.count == t->count);
}

static void check_decimal(const uint8_t *data, size_t size)
{
	uint64_t max = word(data, size, 0), value = 0;
	int rc = vbd_target_decimal((const char *)data, size, max, &value);

	require(rc == 0 || rc == -XEN_EINVAL);
	if (rc == 0) {
		require(size >= 1 && size <= 20 && value <= max);
		for (size_t i = 0; i < size; i++) {
			require(data[i] >= '0' && data[i] <= '9');
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vbd_target t;
	struct vbd v;
	int rc;

	memset(&t, 0xa5, sizeof(t));
	rc = vbd_target_parse((const char *)data, size, &t);
	require(rc == 0 || rc == -XEN_EINVAL);
	check_decimal(data, size);
	if (rc != 0) {
		require(t.disk == 0 && !t.extent && t.first == 0 && t.count == 0);
		return 0;
	}
	require(size <= VBD_TARGET_MAX && t.disk < VBD_TARGET_DISKS_MAX);
	require(!t.extent || t.count >= 1);
	check_round_trip(&t);
	make_disks(data, size);
	for (int readonly = 0; readonly <= 1; readonly++) {
		memset(&v, 0x5a, sizeof(v));
		rc = vbd_target_resolve(&t, &disks, readonly != 0, &v);
		require(rc == 0 || rc == -XEN_ENODEV || rc == -XEN_ERANGE);
		if (rc == 0) {
			check_resolved(&t, &v, readonly != 0);
		} else {
			check_zero_vbd(&v);
		}
	}
	return 0;
}
