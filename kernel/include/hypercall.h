/* SPDX-License-Identifier: MIT */
/* The hypercall table and its handlers. */
#ifndef HYPERCALL_H
#define HYPERCALL_H

#include <vcpu.h>

/** The five argument registers x0..x4 of a hypercall, as the guest left them. */
struct hypercall_args {
	uint64_t a[5];
};

/** A handler: returns the value for x0 (>= 0, or -XEN_E*). */
typedef long (*hypercall_fn)(struct vcpu *v, const struct hypercall_args *args);

/** A handler's return when it stopped after a bounded part of its work (never seen by a guest). */
#define HYPERCALL_CONTINUED (-1000l)

/** Run the hypercall in x16 for the calling vCPU and put the result in x0. */
void hypercall_dispatch(struct vcpu *v);

/**
 * Continue a call later, as Xen does: the vCPU's PC goes back to its HVC and
 * x0..x4 become next's, so the guest issues the call again once it has run
 * (taking its interrupts, letting others run) and the handler resumes where
 * next says. Returns HYPERCALL_CONTINUED, for the handler to return.
 */
long hypercall_continue(struct vcpu *v, const struct hypercall_args *next);

long do_xen_version(struct vcpu *v, const struct hypercall_args *args);
long do_console_io(struct vcpu *v, const struct hypercall_args *args);
long do_sched_op(struct vcpu *v, const struct hypercall_args *args);
long do_vcpu_op(struct vcpu *v, const struct hypercall_args *args);
long do_event_channel_op(struct vcpu *v, const struct hypercall_args *args);
long do_memory_op(struct vcpu *v, const struct hypercall_args *args);
long do_grant_table_op(struct vcpu *v, const struct hypercall_args *args);
long do_hvm_op(struct vcpu *v, const struct hypercall_args *args);
long do_domain_info(struct vcpu *v, const struct hypercall_args *args);
long do_domain_control(struct vcpu *v, const struct hypercall_args *args);

/** Handle a PSCI/SMCCC call (HVC #0 or trapped SMC #0): function in w0, result in x0. */
void vpsci_call(struct vcpu *v);

#endif
