/* SPDX-License-Identifier: MIT */
/* sched_op hypercall: yield, block and shutdown. */
#ifndef ABI_SCHED_H
#define ABI_SCHED_H

#include <stdint.h>

/*
 * sched_op(cmd, arg). Unknown commands return -XEN_ENOSYS.
 */

/* Give up the pCPU to another runnable vCPU; arg ignored; returns 0. */
#define SCHEDOP_yield 0
/* Sleep until an event is pending for this vCPU; arg ignored; returns 0. */
#define SCHEDOP_block 1
/* End the calling domain; arg: guest VA of struct sched_shutdown. Does not return
 * on success; -XEN_EFAULT for an unreadable arg, -XEN_EINVAL for a bad reason. */
#define SCHEDOP_shutdown 2

/** Argument of SCHEDOP_shutdown (4 bytes). */
struct sched_shutdown {
	uint32_t reason; /* IN: one of SHUTDOWN_* */
};
_Static_assert(sizeof(struct sched_shutdown) == 4, "sched_shutdown size");

/* Shutdown reasons. */
#define SHUTDOWN_poweroff 0 /* the domain is destroyed */
#define SHUTDOWN_reboot 1   /* asks to be restarted; its maker decides (boot: on_reboot) */
#define SHUTDOWN_suspend 2  /* not supported: -XEN_EOPNOTSUPP */
#define SHUTDOWN_crash 3    /* the domain is destroyed and reported as crashed */
#define SHUTDOWN_watchdog 4 /* as crash */

#endif
