/* SPDX-License-Identifier: MIT */
/* The console and store rings the core builds into each domain (service_rings.c). */
#ifndef SERVICE_RINGS_H
#define SERVICE_RINGS_H

#include <domain.h>

/**
 * Give d a console ring for the domain holding the console right and a store
 * ring for the one holding the xenstore right, those that exist: the pages,
 * grants, unbound ports and HVM params. Call once per build, before d runs.
 * Returns 0 or -ENOMEM / -ENOSPC (after logging which); on 0 the services hear of it
 * (VIRQ_DOM_EXC).
 */
int service_rings_offer(struct domain *d);

#endif
