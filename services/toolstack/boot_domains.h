/* SPDX-License-Identifier: MIT */
/* The boot domains this toolstack controls, followed from one incarnation to the next. */
#ifndef TOOLSTACK_BOOT_DOMAINS_H
#define TOOLSTACK_BOOT_DOMAINS_H

#include <stdio.h>

#include "platform.h"

/**
 * boot_domains_follow() - bring the store in step with the boot domains this
 * toolstack controls (those the boot configuration gives it, not those it
 * made: created.h has those). The core builds a boot domain, and builds it
 * again under the same id when its configuration says to restart it; the
 * xenstore domain serves each incarnation only once its controller has
 * written its home and introduced it. So each incarnation first seen here
 * gets its home and INTRODUCE (build_store_home), then its disks and vifs
 * (boot_devices_add); and when an incarnation this toolstack followed ends,
 * what it had is taken down first, in an order that keeps the store from
 * removing the next one's home: its devices (xenbus order), the back ends'
 * directories left of them, then XS_RELEASE. Call it at start and on every
 * VIRQ_DOM_EXC. Says on out, a line each, what it did.
 */
void boot_domains_follow(const struct platform *pf, FILE *out);

#endif
