/* SPDX-License-Identifier: MIT */
/* Domain control (abi/domctl.h), for a domain holding the toolstack right. */
#ifndef LIBOS_DOMCTL_H
#define LIBOS_DOMCTL_H

#include <abi/domctl.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Each returns 0 or -XEN_E* as abi/domctl.h documents. The ones that move
 * more than one call may carry (populate, copy_in) split the work into calls
 * of the ABI's largest size and stop at the first error.
 */

/** DOMCTL_cmd on domid with no argument: destroy, pause, unpause, offer_rings. */
long domctl_on(uint32_t cmd, uint16_t domid);

/** Make a domain from cfg; *domid is its id. */
long domctl_create(const struct domctl_create *cfg, uint16_t *domid);

/** Give domid count pages of RAM from gfn on. */
long domctl_populate(uint16_t domid, uint64_t gfn, uint64_t count);

/** Copy len bytes at src into domid's RAM at gpa (domid paused). */
long domctl_copy_in(uint16_t domid, uint64_t gpa, const void *src, size_t len);

/** Where vCPU vcpu of domid starts: pc, with x0 (domid paused, the vCPU offline). */
long domctl_vcpu_context(uint16_t domid, uint32_t vcpu, uint64_t pc, uint64_t x0);

/** Set domid's memory limit, weight and cap. */
long domctl_set_limits(uint16_t domid, uint64_t max_pages, uint32_t weight, uint32_t cap);

/** The pCPUs vCPU vcpu of domid may run on (bit i: pCPU i; domid paused). */
long domctl_vcpu_affinity(uint16_t domid, uint32_t vcpu, uint32_t affinity);

/** What the machine has: pCPUs, pages, free pages, uptime. */
long domctl_physinfo(struct domctl_physinfo *out);

/**
 * Copy up to size (1..DOMCTL_LOG_READ_MAX) bytes of the core's log from byte
 * *from on into buf; *from becomes the first byte copied (abi/domctl.h).
 * Returns the count, 0 at the log's end, or -XEN_E*.
 */
long domctl_read_log(uint64_t *from, char *buf, uint32_t size);

#endif
