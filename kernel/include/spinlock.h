/* SPDX-License-Identifier: MIT */
/*
 * Spinlocks: test and test-and-set. Not first-come first-served, on purpose:
 * when the pCPUs are themselves time-shared (emulated CPUs on fewer host
 * cores, or a nested hypervisor), a queue lock hands the lock to a waiter that
 * may not be running and everyone stalls behind it; here whoever runs takes it.
 * Critical sections are short and pCPUs few, so nobody starves in practice.
 * No nesting of one lock on one pCPU.
 */
#ifndef SPINLOCK_H
#define SPINLOCK_H

#include <types.h>

struct spinlock {
	uint32_t locked; /* 0 free, 1 held */
};

#define SPINLOCK_INIT \
	{             \
		0     \
	}

static inline void spin_lock(struct spinlock *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE)) {
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED)) {
		}
	}
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

#endif
