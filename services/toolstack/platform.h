/* SPDX-License-Identifier: MIT */
/* What the toolstack's logic asks of the machine: the core's calls and the store, as functions. */
#ifndef TOOLSTACK_PLATFORM_H
#define TOOLSTACK_PLATFORM_H

#include <abi/domain_info.h>
#include <abi/domctl.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The commands (xl.c and friends) reach the hypervisor and the store only
 * through these, so that they build and run on the host against fakes (the
 * unit tests) exactly as in the domain against the libOS (main.c). Each
 * returns 0 or a count, or -XEN_E* as the call it stands for.
 */
struct platform {
	/* domain_info: the domain with the lowest id >= info->domid. */
	long (*domain_info)(struct domain_info *info);
	/* domain_control ops without an argument: destroy, pause, unpause, offer_rings. */
	long (*domctl_on)(uint32_t cmd, uint16_t domid);
	long (*set_limits)(uint16_t domid, uint64_t max_pages, uint32_t weight, uint32_t cap);
	long (*physinfo)(struct domctl_physinfo *out);
	/* The store, outside any transaction; paths absolute. */
	long (*xs_read)(const char *path, char *buf, size_t size);
	long (*xs_write)(const char *path, const char *value);
	/* The hypervisor's version as xl info shows it: "4.17" and its extra ".0-tessera". */
	long (*version)(char *buf, size_t size);
	/* End the toolstack domain (the shell's poweroff); NULL: the shell has none. */
	void (*poweroff)(void);
};

#endif
