/* SPDX-License-Identifier: MIT */
/* Virtual CPUs. */
#ifndef VCPU_H
#define VCPU_H

#include <abi/vcpu.h>
#include <arch_vcpu.h>
#include <types.h>

struct domain;

/** General-purpose state, saved on every trap. The layout is known to the trap entry code. */
struct vcpu_regs {
	uint64_t x[31];
	uint64_t pc;     /* ELR_EL2 */
	uint64_t pstate; /* SPSR_EL2 */
};
_Static_assert(__builtin_offsetof(struct vcpu_regs, pc) == 248, "trap entry layout");
_Static_assert(__builtin_offsetof(struct vcpu_regs, pstate) == 256, "trap entry layout");

enum vcpu_state {
	VCPU_OFFLINE,  /* never started, or stopped by PSCI CPU_OFF */
	VCPU_RUNNABLE, /* waiting in its pCPU's run queue */
	VCPU_RUNNING,  /* loaded on its pCPU */
	VCPU_BLOCKED,  /* waiting for an event */
	VCPU_DEAD,     /* its domain is ending */
};

struct vcpu {
	struct vcpu_regs regs; /* first member: the trap entry saves into it */
	struct vcpu_arch arch; /* EL1 system registers, FP/SIMD: switched with the vCPU */
	struct domain *domain;
	unsigned int id;
	uint64_t mpidr; /* what the guest reads in MPIDR_EL1 */

	/* Protected by sched_lock. */
	enum vcpu_state state;
	unsigned int pcpu;       /* the pCPU whose queue it is on: always one of affinity */
	uint32_t affinity;       /* pCPUs it may run on (bit i: pCPU i) */
	bool yield;              /* switch away at the next trap exit */
	bool loaded;             /* its state is on a pCPU, not in this struct */
	struct vcpu *rq_next;    /* run queue link */
	struct vcpu *sched_next; /* the scheduler's list of all vCPUs */
	int64_t credit;          /* ns it may still run this period before others */
	bool boost;              /* woke with credit left: runs before unboosted vCPUs */
	uint64_t boost_end;      /* ns its boosted turn ends; 0: not begun */
	uint64_t wake_deadline;  /* ns since boot a blocked vCPU wakes at; 0: none */
	struct vcpu_runstate_info runstate;

	/* Where its events are signalled: vcpu_info in shared_info for vCPU 0, or the
	 * page VCPUOP_register_vcpu_info named (holding a reference on it). Set once. */
	struct vcpu_info *vcpu_info;
	paddr_t vcpu_info_page;
	uint64_t runstate_gva;  /* where the guest wants its runstate kept current; 0: nowhere */
	uint16_t virq_port[24]; /* port bound to each VIRQ for this vCPU; 0: none */
};

/** Put a vCPU in the architectural reset state: EL1h, MMU off, DAIF masked, at pc with x0. */
void arch_vcpu_reset(struct vcpu *v, ipa_t pc, uint64_t x0);

/** Save the vCPU's EL1 system registers and FP/SIMD state from the pCPU. */
void arch_vcpu_save(struct vcpu *v);

/** Load the vCPU's state and its domain's stage 2 onto the pCPU. */
void arch_vcpu_load(struct vcpu *v);

/** When v's virtual timer will interrupt it, in ns since boot; 0 if it cannot. */
uint64_t arch_vcpu_timer_deadline(struct vcpu *v);

/** true if v has an interrupt pending that would end a WFI. */
bool arch_vcpu_irq_pending(struct vcpu *v);

#endif
