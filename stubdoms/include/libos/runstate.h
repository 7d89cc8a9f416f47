/* SPDX-License-Identifier: MIT */
/* How a vCPU's time has been spent (running, runnable, blocked, offline), as the core counts it. */
#ifndef LIBOS_RUNSTATE_H
#define LIBOS_RUNSTATE_H

#include <abi/vcpu.h>
#include <stdint.h>

/**
 * Fill *info with the runstate of vCPU vcpu of this domain (VCPUOP_get_runstate_info).
 * Returns 0, -XEN_EINVAL for a vCPU id the domain does not have, -XEN_EFAULT
 * if info cannot be written, or another -XEN_E* error of the core.
 */
long runstate_get(unsigned int vcpu, struct vcpu_runstate_info *info);

/** The sum of the four state times: how long the vCPU has existed, as the core counts it. */
uint64_t runstate_total_ns(const struct vcpu_runstate_info *info);

#endif
