/* SPDX-License-Identifier: MIT */
/* Each vCPU's vcpu_info: where the core signals the vCPU's events (VCPUOP_register_vcpu_info). */
#ifndef LIBOS_VCPU_INFO_H
#define LIBOS_VCPU_INFO_H

#include <abi/xen.h>

/*
 * Until a vCPU registers a vcpu_info of its own, vCPU 0's events are
 * signalled in shared_info.vcpu_info[0] and other vCPUs get none. The libOS
 * keeps one 64-byte aligned slot per vCPU in its .bss (identity mapped, so
 * VA = IPA) and registers it from the vCPU itself.
 */

/**
 * Register the calling vCPU's slot with the core. Returns 0, or the core's
 * -XEN_E* (-XEN_EINVAL if this vCPU registered one already).
 */
long vcpu_info_register(void);

/**
 * Where events for vCPU cpu are signalled: its registered slot; for vCPU 0
 * before registration, shared_info.vcpu_info[0] if the shared info page is
 * mapped; NULL otherwise (or for a vCPU id beyond LIBOS_MAX_CPUS).
 */
struct vcpu_info *vcpu_info_of(unsigned int cpu);

/** The slot vcpu_info_register registers for vCPU cpu (registered or not); NULL if none. */
struct vcpu_info *vcpu_info_slot(unsigned int cpu);

#endif
