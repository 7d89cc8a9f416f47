/* SPDX-License-Identifier: MIT */
/* A test-and-set spinlock that also keeps IRQs out on the holding vCPU. */
#ifndef LIBOS_SPINLOCK_H
#define LIBOS_SPINLOCK_H

#include <libos/intr.h>
#include <stdint.h>

/*
 * For short critical sections shared between vCPUs, or between a vCPU's
 * thread context and its interrupt handlers: taking the lock masks IRQs on
 * the calling vCPU first, so a handler cannot spin on a lock its own vCPU
 * holds. Not recursive. Zero-initialised means unlocked.
 */
struct spinlock {
	uint32_t locked;
};

#define SPINLOCK_INIT \
	{             \
		0     \
	}

/** Take lock; returns the caller's DAIF for spin_unlock_irqrestore. */
static inline uint64_t spin_lock_irqsave(struct spinlock *lock)
{
	uint64_t daif = intr_save();

	while (__atomic_exchange_n(&lock->locked, 1u, __ATOMIC_ACQUIRE) != 0) {
		while (__atomic_load_n(&lock->locked, __ATOMIC_RELAXED) != 0) {
			__asm__ volatile("yield");
		}
	}
	return daif;
}

/** Release lock and put back the IRQ mask spin_lock_irqsave returned. */
static inline void spin_unlock_irqrestore(struct spinlock *lock, uint64_t daif)
{
	__atomic_store_n(&lock->locked, 0u, __ATOMIC_RELEASE);
	intr_restore(daif);
}

#endif
