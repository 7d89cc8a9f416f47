/* SPDX-License-Identifier: MIT */
/* vdev names (xvda, sdb2, hdc, d0p1, 51712) to the virtual device numbers blkfront reads. */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include "xl_disk.h"
#include "xlcfg.h"

#define XVD_DISKS (1u << 20) /* the extended form's disks: 0..2^20-1 */
#define XVD_PARTITIONS 256u  /* and partitions 0..255 */
#define XVD_MAJOR 202u       /* Linux's major for xvd, the form for small numbers */
#define VDEV_EXTENDED (1u << 28)
#define SD_MAJOR 8u
#define HD_MAJOR_01 3u  /* IDE disks 0 and 1 */
#define HD_MAJOR_23 22u /* IDE disks 2 and 3 */

/* Decimal digits only, at least one, at most 9 (no overflow): the value, or -1. */
static int64_t decimal(const char *s, size_t len)
{
	int64_t v = 0;
	size_t i;

	if (len == 0 || len > 9) {
		return -1;
	}
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9') {
			return -1;
		}
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/*
 * PREFIX, letters, an optional partition: xl counts the letters as a-z = 0-25,
 * aa = 26, ab = 27 ... and takes a partition in decimal without a leading 0.
 */
static bool lettered(const char *s, size_t len, const char *prefix, uint32_t disks,
		     uint32_t partitions, uint32_t *disk, uint32_t *partition)
{
	size_t i = strlen(prefix);
	int64_t index = -1, part = 0;

	if (len <= i || memcmp(s, prefix, i) != 0) {
		return false;
	}
	for (; i < len && s[i] >= 'a' && s[i] <= 'z'; i++) {
		index = (index + 1) * 26 + (s[i] - 'a');
		if (index >= disks) {
			return false;
		}
	}
	if (index < 0) {
		return false;
	}
	if (i < len) {
		part = s[i] == '0' ? -1 : decimal(s + i, len - i);
		if (part < 0 || part >= partitions) {
			return false;
		}
	}
	*disk = (uint32_t)index;
	*partition = (uint32_t)part;
	return true;
}

/* dDpP: disk and partition in decimal, in the xvd space. */
static bool numbered(const char *s, size_t len, uint32_t *disk, uint32_t *partition)
{
	const char *p = len > 1 && s[0] == 'd' ? memchr(s + 1, 'p', len - 1) : NULL;
	int64_t d, q;

	if (p == NULL) {
		return false;
	}
	d = decimal(s + 1, (size_t)(p - s - 1));
	q = decimal(p + 1, len - (size_t)(p + 1 - s));
	if (d < 0 || q < 0 || d >= XVD_DISKS || q >= XVD_PARTITIONS) {
		return false;
	}
	*disk = (uint32_t)d;
	*partition = (uint32_t)q;
	return true;
}

static uint32_t xvd_number(uint32_t disk, uint32_t partition)
{
	if (disk < 16 && partition < 16) {
		return XVD_MAJOR << 8 | disk << 4 | partition;
	}
	return VDEV_EXTENDED | disk << 8 | partition;
}

/** xl_vdev_devid() - see xl_disk.h; the forms are tried in libxl's order. */
int xl_vdev_devid(const char *vdev, size_t len, uint32_t *devid)
{
	uint32_t disk, part;
	uint64_t n;

	if (numbered(vdev, len, &disk, &part) ||
	    lettered(vdev, len, "xvd", XVD_DISKS, XVD_PARTITIONS, &disk, &part)) {
		*devid = xvd_number(disk, part);
		return 0;
	}
	if (len > 0 && vdev[0] >= '0' && vdev[0] <= '9') {
		if (xl_number(vdev, len, &n) < 0 || n > INT32_MAX) {
			return -EINVAL;
		}
		*devid = (uint32_t)n;
		return 0;
	}
	if (lettered(vdev, len, "hd", 4, 64, &disk, &part)) {
		*devid = (disk < 2 ? HD_MAJOR_01 : HD_MAJOR_23) << 8 | (disk & 1) << 6 | part;
		return 0;
	}
	if (lettered(vdev, len, "sd", 16, 16, &disk, &part)) {
		*devid = SD_MAJOR << 8 | disk << 4 | part;
		return 0;
	}
	return -EINVAL;
}
