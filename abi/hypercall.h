/* SPDX-License-Identifier: MIT */
/* Hypercall numbers and the arm64 calling convention. */
#ifndef ABI_HYPERCALL_H
#define ABI_HYPERCALL_H

/*
 * Calling convention (arm64): the guest executes HVC #XEN_HVC_IMM from EL1
 * with the hypercall number in x16 and up to five arguments in x0..x4. The
 * result comes back in x0: >= 0 on success, -XEN_E* on failure. The
 * hypervisor may clobber x16 and the argument registers the call uses; all
 * other registers are preserved. Pointer arguments are guest virtual
 * addresses, translated through the caller's stage 1 and stage 2.
 *
 * HVC #0 is the SMCCC/PSCI conduit (see psci.h); any other immediate is
 * answered with an UNDEF exception.
 */
#define XEN_HVC_IMM 0xEA1
#define SMCCC_HVC_IMM 0x0

#define __HYPERVISOR_platform_op 7
#define __HYPERVISOR_memory_op 12
#define __HYPERVISOR_multicall 13
#define __HYPERVISOR_xen_version 17
#define __HYPERVISOR_console_io 18
#define __HYPERVISOR_grant_table_op 20
#define __HYPERVISOR_vm_assist 21
#define __HYPERVISOR_vcpu_op 24
#define __HYPERVISOR_sched_op 29
#define __HYPERVISOR_event_channel_op 32
#define __HYPERVISOR_physdev_op 33
#define __HYPERVISOR_hvm_op 34
#define __HYPERVISOR_dm_op 41

/* One past the largest hypercall number the dispatch table covers. */
#define HYPERCALL_COUNT 64

/* The domain id a guest passes to mean "the calling domain". */
#define DOMID_SELF 0x7FF0u
/* Domain ids at or above this value are reserved for special meanings. */
#define DOMID_FIRST_RESERVED 0x7FF0u
/* No domain at all. */
#define DOMID_INVALID 0x7FF4u

#endif
