// SPDX-License-Identifier: MIT
/* Parsing a vbd backend's `params` and checking it against blkback's disks (vbd_target.h). */
#include <abi/errno.h>
#include <string.h>

#include "vbd_target.h"

#define DECIMAL_DIGITS_MAX 20u /* UINT64_MAX has 20 digits */
#define SECTOR_SIZE 512u
#define BLOCK_SIZE_MAX 65536u

int vbd_target_decimal(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t value = 0;

	if (len == 0 || len > DECIMAL_DIGITS_MAX) {
		return -XEN_EINVAL;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned int digit = (unsigned int)(unsigned char)s[i] - '0';

		if (digit > 9) {
			return -XEN_EINVAL;
		}
		/* value * 10 + digit > max, without overflowing (nor max - digit wrapping). */
		if (digit > max || value > (max - digit) / 10) {
			return -XEN_EINVAL;
		}
		value = value * 10 + digit;
	}
	*out = value;
	return 0;
}

static bool is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

/* "vdX" or "vdXY": the disk's index, Linux's order (vdz, then vdaa). */
static int parse_name(const char *s, size_t len, unsigned int *disk)
{
	if (len < 3 || len > 4 || s[0] != 'v' || s[1] != 'd' || !is_lower(s[2])) {
		return -XEN_EINVAL;
	}
	if (len == 3) {
		*disk = (unsigned int)(s[2] - 'a');
		return 0;
	}
	if (!is_lower(s[3])) {
		return -XEN_EINVAL;
	}
	*disk = 26u * (unsigned int)(s[2] - 'a' + 1) + (unsigned int)(s[3] - 'a');
	return 0;
}

/* "FIRST+COUNT", COUNT >= 1. */
static int parse_extent(const char *s, size_t len, struct vbd_target *t)
{
	const char *plus = memchr(s, '+', len);
	size_t first_len;

	if (!plus) {
		return -XEN_EINVAL;
	}
	first_len = (size_t)(plus - s);
	if (vbd_target_decimal(s, first_len, UINT64_MAX, &t->first) != 0 ||
	    vbd_target_decimal(plus + 1, len - first_len - 1, UINT64_MAX, &t->count) != 0 ||
	    t->count == 0) {
		return -XEN_EINVAL;
	}
	t->extent = true;
	return 0;
}

int vbd_target_parse(const char *text, size_t len, struct vbd_target *out)
{
	struct vbd_target t = { 0 };
	const char *colon;
	size_t name_len;
	int rc;

	memset(out, 0, sizeof(*out));
	if (len == 0 || len > VBD_TARGET_MAX || memchr(text, '\0', len)) {
		return -XEN_EINVAL;
	}
	colon = memchr(text, ':', len);
	name_len = colon ? (size_t)(colon - text) : len;
	rc = parse_name(text, name_len, &t.disk);
	if (rc == 0 && colon) {
		rc = parse_extent(colon + 1, len - name_len - 1, &t);
	}
	if (rc == 0) {
		*out = t;
	}
	return rc;
}

/* A logical block size the extent checks can rely on. */
static bool block_size_ok(uint32_t size)
{
	return size >= SECTOR_SIZE && size <= BLOCK_SIZE_MAX && (size & (size - 1)) == 0;
}

int vbd_target_resolve(const struct vbd_target *t, const struct blk_disks *disks, bool readonly,
		       struct vbd *out)
{
	const struct blk_disk_info *info;
	uint64_t first = 0, count, per_block;

	memset(out, 0, sizeof(*out));
	if (t->disk >= disks->count) {
		return -XEN_ENODEV;
	}
	info = disks->info(t->disk);
	if (!info || !block_size_ok(info->logical_block_size)) {
		return -XEN_ENODEV;
	}
	count = info->sectors;
	if (t->extent) {
		first = t->first;
		count = t->count;
	}
	/* Both: a first sector past the end, and a count reaching past it. */
	if (count == 0 || first >= info->sectors || count > info->sectors - first) {
		return -XEN_ERANGE;
	}
	/* The device takes whole logical blocks: the extent must start and end on one. */
	per_block = info->logical_block_size / SECTOR_SIZE;
	if (first % per_block != 0 || count % per_block != 0) {
		return -XEN_ERANGE;
	}
	*out = (struct vbd){ .disk = t->disk,
			     .first = first,
			     .sectors = count,
			     .readonly = readonly || info->readonly };
	return 0;
}
