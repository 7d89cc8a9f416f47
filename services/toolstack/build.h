/* SPDX-License-Identifier: MIT */
/* The domain builder: a domain made from an xl configuration and the files it names. */
#ifndef TOOLSTACK_BUILD_H
#define TOOLSTACK_BUILD_H

#include <stdio.h>

#include "platform.h"
#include "xlcfg.h"

/* Grant frames a domain made here may grow its table to (Xen 4.17's default, 64). */
#define BUILD_GRANT_FRAMES 64u

/**
 * Make cfg's domain, as Xen's toolstack does: the kernel (and ramdisk) read
 * from the bundle, its Image header checked, kernel, DTB and ramdisk placed
 * (boot/guest, the rules tessera-pack follows), a domain created with the
 * RAM and vCPUs asked for, filled, given its rings, its store home written,
 * the domain introduced to the xenstore domain, and the frontend and backend
 * entries of its disks and vifs written (devices.h). It is left paused.
 * Returns 0 with *domid; otherwise -1 after writing to err what went wrong,
 * with nothing of it left behind (domain, store nodes).
 */
int build_domain(const struct platform *pf, const struct xl_config *cfg, uint16_t *domid,
		 FILE *err);

/**
 * Undo what build_domain made of domid: its devices' entries (taken down in
 * xenbus order), its /vm entry and home, and the domain (which the xenstore
 * domain then releases). Returns the destroy's result.
 */
long build_destroy(const struct platform *pf, uint16_t domid);

/**
 * The store home of domid (controlled by this toolstack), libxl's layout
 * (abi/xs_home.h): name, domid, vm, memory, vCPUs and the guest's own
 * subtrees, then XS_INTRODUCE. Returns 0 or the first store error.
 */
long build_store_home(const struct platform *pf, uint16_t domid, const char *name,
		      unsigned int vcpus, unsigned int vcpus_online, uint64_t memory_kib);

#endif
