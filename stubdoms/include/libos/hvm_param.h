/* SPDX-License-Identifier: MIT */
/* HVM parameters of the calling domain: where its console and xenstore rings are. */
#ifndef LIBOS_HVM_PARAM_H
#define LIBOS_HVM_PARAM_H

#include <stdint.h>

/** HVMOP_get_param (DOMID_SELF): *value = parameter index. Returns 0 or -XEN_E*. */
long hvm_param_get(uint32_t index, uint64_t *value);

/** HVMOP_set_param (DOMID_SELF): returns 0 or -XEN_E* (-XEN_EPERM for a plain guest). */
long hvm_param_set(uint32_t index, uint64_t value);

#endif
