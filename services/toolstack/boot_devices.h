/* SPDX-License-Identifier: MIT */
/* The disks and vifs of the boot domains this toolstack controls, from their device lists. */
#ifndef TOOLSTACK_BOOT_DEVICES_H
#define TOOLSTACK_BOOT_DEVICES_H

#include <stdio.h>

#include "platform.h"

/*
 * A boot domain's disk and vif properties (boot/README.md, "Disks and vifs of
 * boot domains") reach its controller as a file of the controller's bundle,
 * boot.<name>.cfg, which tessera-pack wrote and checked with the same
 * parser: xl.cfg syntax with only name, disk and vif (xl_device_list_parse).
 */

/** Room for a device list's file name, its NUL included. */
#define BOOT_DEVICES_FILE_MAX 48u

/** The name of the device list of the boot domain called name: "boot.<name>.cfg". */
void boot_devices_file(const char *name, char out[BOOT_DEVICES_FILE_MAX]);

/**
 * Write the frontend and backend entries of each disk and vif in the device
 * list of boot domain info (one this toolstack controls), if the bundle has
 * one, through devices_add_disk and devices_add_vif; each back end is looked
 * up as it is written, so it must exist by then. Says on out, a line each,
 * which devices were written and which not and why (a list refused, a back
 * end that does not exist, the store's refusal); one device failing does not
 * keep the others from being written. A device whose frontend directory is
 * there already (a toolstack that restarted wrote it before) is left as it
 * is. Returns how many failed (0: all written or there, or no list).
 */
unsigned int boot_devices_add(const struct platform *pf, const struct domain_info *info, FILE *out);

#endif
