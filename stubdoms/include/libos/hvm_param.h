/* SPDX-License-Identifier: MIT */
/* HVM parameters: where a domain's console and xenstore rings are. */
#ifndef LIBOS_HVM_PARAM_H
#define LIBOS_HVM_PARAM_H

#include <stdint.h>

/** HVMOP_get_param (DOMID_SELF): *value = parameter index. Returns 0 or -XEN_E*. */
long hvm_param_get(uint32_t index, uint64_t *value);

/**
 * HVMOP_get_param of another domain: one this domain controls, or serves the
 * ring of. Returns 0 or -XEN_E* (-XEN_EPERM for any other).
 */
long hvm_param_get_of(uint16_t domid, uint32_t index, uint64_t *value);

/**
 * Where one of the domain's rings is (abi/hvm.h: STORE_PFN and STORE_EVTCHN,
 * or CONSOLE_PFN and CONSOLE_EVTCHN), as the core set them. Returns 0;
 * -XEN_ENODEV if either is 0 (no such ring); -XEN_EINVAL for a page outside
 * the libOS's 4 GiB map or a port beyond EVTCHN_PORTS; or the call's error.
 */
long hvm_param_ring(uint32_t pfn_index, uint32_t port_index, uint64_t *pfn, uint64_t *port);

#endif
