/* SPDX-License-Identifier: MIT */
/*
 * Scheduling vCPUs on pCPUs: a credit scheduler. Each pCPU has a run queue.
 * Every accounting period the time of the pCPUs is shared between all the
 * competing vCPUs in proportion to their domains' weights, as credit; a pCPU
 * runs the waiting vCPU with the most credit, its own or one it takes from
 * another pCPU's queue, for at most a slice, burning credit as it runs, so
 * equal vCPUs get equal time however they are spread over the pCPUs.
 * Blocked vCPUs earn their share too, and one that wakes with credit left is
 * boosted: it preempts unboosted vCPUs and keeps its pCPU against them for
 * up to SCHED_BOOST_NS, so a back end answers at once rather than after a
 * busy guest's slice; its time is charged as ever, so blocking often buys no
 * more than its share. A turn that ran over (a late timer, a long trap, the
 * host stalling a virtual machine's CPU) is paid back as debt, up to
 * SCHED_DEBT_MAX_NS, so overrunning gains a vCPU nothing; the limit bounds
 * how long one waits after a freak overrun (its debt over its share of the
 * pCPUs). A domain with a cap stops for the rest of a period once it used its
 * share. vCPUs move only within their hard affinity.
 */
#ifndef SCHED_H
#define SCHED_H

#include <pcpu.h>
#include <vcpu.h>

struct domain;

#define SCHED_PERIOD_NS 30000000ull             /* credit accounting period */
#define SCHED_SLICE_NS 10000000ull              /* longest turn while others wait */
#define SCHED_BOOST_NS 2000000ull               /* longest turn a wake-up's boost buys */
#define SCHED_DEBT_MAX_NS (8 * SCHED_PERIOD_NS) /* most overrun a vCPU pays back */
#define SCHED_PAUSES_MAX 255                    /* pauses a domain may hold at once */

/** Register a domain's vCPUs with the scheduler (offline). */
void sched_domain_add(struct domain *d);

/** Forget a finalized domain's vCPUs. */
void sched_domain_remove(struct domain *d);

/**
 * Let v run only on the pCPUs in affinity (bit i: pCPU i) from now on, moving
 * it to one of them if it waits elsewhere. Its domain must be paused (the move
 * takes effect as unpausing makes the pCPUs decide). -EINVAL: no online pCPU
 * in affinity; -EBUSY: a pCPU still holds v (it stopped a moment ago: ask again).
 */
int sched_vcpu_pin(struct vcpu *v, uint32_t affinity);

/** Start an offline vCPU at pc with x0 (PSCI CPU_ON, domain build). -EBUSY if not offline. */
int sched_vcpu_start(struct vcpu *v, ipa_t pc, uint64_t x0);

/** The running vCPU stops (PSCI CPU_OFF); true if no vCPU of its domain is left running. */
bool sched_vcpu_stop(struct vcpu *v);

/** The running vCPU gives way at the next trap exit. */
void sched_vcpu_yield(struct vcpu *v);

/**
 * The running vCPU sleeps until an interrupt is pending for it (WFI,
 * SCHEDOP_block) or until deadline_ns (0: none). Returns at once, leaving it
 * running, if an interrupt is already pending.
 */
void sched_vcpu_block(struct vcpu *v, uint64_t deadline_ns);

/** Something changed for v's interrupts: wake it if blocked, or make its pCPU look. */
void sched_vcpu_kick(struct vcpu *v);

/** true if the vCPU is neither offline nor dead, or a pCPU still has it loaded. */
bool sched_vcpu_online(struct vcpu *v);

/** The vCPU's runstate, brought up to now. */
void sched_runstate(struct vcpu *v, struct vcpu_runstate_info *out);

/**
 * Mark a domain dying for reason, its vCPUs dead, and take them off the
 * pCPUs. Returns true if none is loaded any more, so the caller must finalize
 * the domain now; false if a pCPU still has one loaded (that pCPU finalizes
 * it when it switches away) or the domain was already dying.
 */
bool sched_domain_stop(struct domain *d, unsigned int reason);

/**
 * Keep d's vCPUs off the pCPUs until as many sched_domain_unpause calls.
 * -EBUSY, and no pause, if d already holds SCHED_PAUSES_MAX.
 */
int sched_domain_pause(struct domain *d);

/** Whether d is paused now. */
bool sched_domain_paused(struct domain *d);

/** Set d's weight (1..65535) and cap (% of a pCPU, 0: none); checked by the caller. */
void sched_domain_set(struct domain *d, unsigned int weight, unsigned int cap);

/** Undo one pause; -EINVAL if d is not paused. */
int sched_domain_unpause(struct domain *d);

/** The scheduling timer fired on this pCPU. */
void sched_timer_expired(void);

/**
 * Pick what the calling pCPU runs next, loading it; NULL when there is
 * nothing to run (the caller waits for an interrupt and asks again).
 */
struct vcpu *sched_next(struct pcpu *p);

#endif
