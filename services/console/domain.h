/* SPDX-License-Identifier: MIT */
/* The service's table of attached consoles. */
#ifndef CONSOLE_DOMAIN_H
#define CONSOLE_DOMAIN_H

#include <stdbool.h>
#include "console.h"

/** The slot of domid's console, or CONSOLE_NO_DOMAIN. */
int domain_find(const struct console_service *svc, uint16_t domid);

/** A free slot, the table grown if need be: its index, -ENOSPC at the limit, or -ENOMEM. */
int domain_free_slot(struct console_service *svc);

/** Whether slot holds an attached console. */
bool domain_attached(const struct console_service *svc, int slot);

/** Whether slot holds an attached console whose ring may still be used. */
bool domain_live(const struct console_service *svc, int slot);

/**
 * Stop using d's ring for good: its buffered output is written, the breakage
 * reported once on the serial line and in its statistics.
 */
void domain_break(struct console_service *svc, struct console_domain *d);

/** Send the notifications owed, once a domain. */
void domain_notify_owed(struct console_service *svc);

#endif
