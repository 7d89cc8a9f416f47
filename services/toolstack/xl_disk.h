/* SPDX-License-Identifier: MIT */
/* xl's disk specs (xl-disk-configuration(5)) and the virtual device numbers of vdev names. */
#ifndef XL_DISK_H
#define XL_DISK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "xlcfg_limits.h"

/** Disk formats xl names (format=, or the second positional parameter). */
enum xl_disk_format {
	XL_DISK_RAW = 0, /* the default */
	XL_DISK_QCOW,
	XL_DISK_QCOW2,
	XL_DISK_VHD,
	XL_DISK_QED,
	XL_DISK_EMPTY, /* a cdrom drive with nothing in it */
};

/** Back-end implementations xl names (backendtype=); the default lets the toolstack choose. */
enum xl_disk_backendtype {
	XL_BACKENDTYPE_DEFAULT = 0,
	XL_BACKENDTYPE_PHY,
	XL_BACKENDTYPE_TAP,
	XL_BACKENDTYPE_QDISK,
	XL_BACKENDTYPE_STANDALONE,
};

/** One entry of disk = [...]: xl-disk-configuration(5). */
struct xl_disk {
	char target[XL_PATH_MAX]; /* what backs it (a bundle file, a device); "" only for an
				     empty cdrom */
	char vdev[XL_VDEV_MAX];   /* as written: xvda, xvdb2, sdc, hda1, d0p1 or a number */
	uint32_t devid;           /* the virtual device number the guest's blkfront sees,
				     from vdev as libxl computes it (xl_disk.h); unique */
	bool readonly;            /* access=r/ro (default rw; cdroms are always read-only) */
	bool cdrom;               /* devtype=cdrom or the cdrom flag: removable, read-only */
	enum xl_disk_format format;
	enum xl_disk_backendtype backendtype;
	char backend[XL_NAME_MAX]; /* backend= domain name; "": the one driver domain */
	char script[XL_PATH_MAX];  /* script= (or a deprecated prefix's block-NAME); "" none */
	bool direct_io_safe;       /* the direct-io-safe flag */
	int8_t discard;            /* -1 not said, 0 no-discard, 1 discard */
	int8_t trusted;            /* -1 not said, 0 untrusted, 1 trusted */
};

/**
 * xl_disk_parse() - read one DISKSPEC: comma-separated KEY=VALUE parameters,
 * flags and positional ones (target, format, vdev, access, in that order, for
 * those not yet named), as xl reads it. target= takes the rest of the spec,
 * commas included. xl's deprecated prefixes (phy:, file:, tap:, aio:, raw:,
 * qcow2:, vhd:, nbd: and the like) are taken as xl takes them.
 * @spec: the spec's @len bytes (a NUL among them is refused)
 * @disk: the disk, filled in whole on success, zero on failure
 * @err:  on failure, which byte of @spec is wrong and what was expected
 *
 * Return: 0, or -EINVAL with @err set.
 */
int xl_disk_parse(const char *spec, size_t len, struct xl_disk *disk, struct xl_spec_error *err);

/**
 * xl_vdev_devid() - the virtual device number a vdev name stands for, as
 * libxl computes it and Linux's blkfront reads it (xen-vbd-interface(7)):
 *   xvdX[N], dDpP      disk < 16 and partition < 16: 202 << 8 | disk << 4 | partition
 *                      else (up to disk 2^20-1, partition 255): 1 << 28 | disk << 8 | partition
 *   sdX[N]             disk and partition up to 15: 8 << 8 | disk << 4 | partition
 *   hdX[N]             disks 0-1: 3 << 8, disks 2-3: 22 << 8; | (disk & 1) << 6 | partition (<= 63)
 *   a number           itself (decimal, 0x hex or 0 octal), up to INT32_MAX
 * The letters count as xl counts them: a-z are disks 0-25, aa is 26, ab 27,
 * and so on (xvdtq is disk 536). A partition is decimal without a leading 0.
 * @vdev: @len bytes
 * @devid: the number, on success
 *
 * Return: 0, or -EINVAL when @vdev is none of these.
 */
int xl_vdev_devid(const char *vdev, size_t len, uint32_t *devid);

#endif
