/* SPDX-License-Identifier: MIT */
/*
 * Scheduling of vCPUs on pCPUs. This first scheduler keeps a FIFO run queue
 * per pCPU, places a vCPU on the least loaded pCPU when it starts and switches
 * when the running vCPU yields, blocks, stops or its domain ends.
 */
#ifndef SCHED_H
#define SCHED_H

#include <pcpu.h>

struct domain;
#include <vcpu.h>

/** Start an offline vCPU at pc with x0 (PSCI CPU_ON, domain build). -EBUSY if not offline. */
int sched_vcpu_start(struct vcpu *v, uint64_t pc, uint64_t x0);

/** The running vCPU stops (PSCI CPU_OFF); true if no vCPU of its domain is left running. */
bool sched_vcpu_stop(struct vcpu *v);

/** The running vCPU gives way at the next trap exit. */
void sched_yield(struct vcpu *v);

/** The running vCPU sleeps until sched_wake. */
void sched_block(struct vcpu *v);

/** Wake a blocked vCPU. */
void sched_wake(struct vcpu *v);

/** true if the vCPU is neither offline nor dead, or a pCPU still has it loaded. */
bool sched_vcpu_online(struct vcpu *v);

/**
 * Mark a domain dying for reason, its vCPUs dead, and take them off the
 * pCPUs. Returns true if none is loaded any more, so the caller must finalize
 * the domain now; false if a pCPU still has one loaded (that pCPU finalizes
 * it when it switches away) or the domain was already dying.
 */
bool sched_domain_stop(struct domain *d, unsigned int reason);

/** Bring a finalized dying domain back to life with all vCPUs offline (reboot). */
void sched_domain_revive(struct domain *d);

/** Pick what the calling pCPU runs next; idles until there is something. */
struct vcpu *sched_next(struct pcpu *p);

#endif
