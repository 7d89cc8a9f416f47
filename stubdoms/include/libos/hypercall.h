/* SPDX-License-Identifier: MIT */
/* Hypercall stubs (hypercall.S): HVC #0xEA1 with the number in x16, see abi/hypercall.h. */
#ifndef LIBOS_HYPERCALL_H
#define LIBOS_HYPERCALL_H

#include <stddef.h>

/*
 * Every argument is a full 64-bit register so that nothing the hypervisor
 * reads is left undefined by the C calling convention. Results are the
 * hypervisor's x0: >= 0 on success, -XEN_E* (abi/errno.h) on failure.
 */

/** Any hypercall number with any five arguments; for hostile tests. */
long hypercall(unsigned long nr, unsigned long a0, unsigned long a1, unsigned long a2,
	       unsigned long a3, unsigned long a4);

/** xen_version(cmd, arg): see abi/version.h. */
long hypercall_xen_version(unsigned long cmd, void *arg);

/** console_io(cmd, count, buffer): see abi/console_io.h. */
long hypercall_console_io(unsigned long cmd, unsigned long count, void *buffer);

/** sched_op(cmd, arg): see abi/sched.h. */
long hypercall_sched_op(unsigned long cmd, void *arg);

/** vcpu_op(cmd, vcpu id, arg): see abi/vcpu.h. */
long hypercall_vcpu_op(unsigned long cmd, unsigned long vcpu, void *arg);

/** memory_op(cmd, arg): see abi/memory.h. */
long hypercall_memory_op(unsigned long cmd, void *arg);

/** grant_table_op(cmd, VA of an array of ops, count): see abi/grant_table.h. */
long hypercall_grant_table_op(unsigned long cmd, void *ops, unsigned long count);

/** event_channel_op(cmd, arg): see abi/event_channel.h. */
long hypercall_event_channel_op(unsigned long cmd, void *arg);

/** hvm_op(cmd, arg): see abi/hvm.h. */
long hypercall_hvm_op(unsigned long cmd, void *arg);

#endif
