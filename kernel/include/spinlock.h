/* SPDX-License-Identifier: MIT */
/* Ticket spinlocks: fair between pCPUs, no nesting on one pCPU. */
#ifndef SPINLOCK_H
#define SPINLOCK_H

#include <types.h>

struct spinlock {
	uint16_t next;  /* ticket handed to the next locker */
	uint16_t owner; /* ticket now served */
};

#define SPINLOCK_INIT { 0, 0 }

static inline void spin_lock(struct spinlock *l)
{
	uint16_t ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket) {
	}
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->owner, (uint16_t)(l->owner + 1), __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(struct spinlock *l)
{
	return __atomic_load_n(&l->owner, __ATOMIC_RELAXED) !=
	       __atomic_load_n(&l->next, __ATOMIC_RELAXED);
}

#endif
