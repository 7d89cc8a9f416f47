/* SPDX-License-Identifier: MIT */
/* Physical CPUs. */
#ifndef PCPU_H
#define PCPU_H

#include <arch.h>
#include <boot_info.h>
#include <types.h>

struct vcpu;

struct pcpu {
	struct vcpu *current; /* first member: the trap entry reads it; NULL when idle */
	uint64_t stack_top;   /* second member: where the trap entry resets the stack */
	unsigned int index;
	uint64_t mpidr;
	bool online;
	/* Protected by sched_lock. */
	struct vcpu *rq_head, *rq_tail; /* runnable vCPUs, FIFO */
	unsigned int load;              /* vCPUs assigned here and not offline */
	bool resched;                   /* decide again at the next trap exit (the timer sets it) */
	uint64_t run_start;             /* ns when the current vCPU's turn began */
	uint64_t charged_to;            /* ns up to which it has been charged */
	uint64_t refill_period;         /* last period it saw credit handed out */
};

extern struct pcpu pcpus[BOOT_CPUS_MAX];
extern unsigned int pcpu_count;

/** Make a pCPU leave its guest and look at its run queue. */
void arch_pcpu_kick(unsigned int index);

/** Run v, which sched_next() has loaded on this pCPU. Does not return. */
__attribute__((noreturn)) void guest_enter(struct vcpu *v);

#endif
