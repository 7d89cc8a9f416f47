/* SPDX-License-Identifier: MIT */
/*
 * Spinlocks: test and test-and-set. Not first-come first-served, on purpose:
 * when the pCPUs are themselves time-shared (emulated CPUs on fewer host
 * cores, or a nested hypervisor), a queue lock hands the lock to a waiter that
 * may not be running and everyone stalls behind it; here whoever runs takes it.
 * Critical sections are short and pCPUs few, so nobody starves in practice.
 * No nesting of one lock on one pCPU. Each lock records its holder, so a
 * function its caller must call with a lock held checks that it is
 * (spin_assert_held): a missing lock stops the core, or fails a unit test.
 */
#ifndef SPINLOCK_H
#define SPINLOCK_H

#include <arch.h>
#include <lib.h>

struct spinlock {
	uint32_t locked; /* 0 free, 1 held */
	uintptr_t owner; /* the holder's struct pcpu (never 0: see head.S); 0 when free */
};

#define SPINLOCK_INIT \
	{             \
		0, 0  \
	}

static inline void spin_lock(struct spinlock *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE)) {
		arch_wait_until_zero(&l->locked);
	}
	__atomic_store_n(&l->owner, (uintptr_t)this_pcpu(), __ATOMIC_RELAXED);
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->owner, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

/** Stop (panic) unless the calling pCPU holds l: a bug of the core, never a guest's. */
#define spin_assert_held(l) spin_check_held((l), __func__)

static inline void spin_check_held(const struct spinlock *l, const char *fn)
{
	if (__atomic_load_n(&l->owner, __ATOMIC_RELAXED) != (uintptr_t)this_pcpu()) {
		panic("%s: called without its lock", fn);
	}
}

#endif
