/* SPDX-License-Identifier: MIT */
/* Building a domain's memory from its boot modules. */
#ifndef DOMAIN_BUILD_H
#define DOMAIN_BUILD_H

#include <domain.h>

/** Give d its RAM and copy its modules in; -ENOMEM when memory runs out. */
int domain_build(struct domain *d);

/** Start vCPU 0 at the kernel with x0 = the DTB, per the arm64 boot protocol. */
void domain_build_start(struct domain *d);

/** Throw away d's memory and build it again from its modules, then start it. */
int domain_rebuild(struct domain *d);

/** Release callback for stage2_destroy: frees the domain's own RAM pages. */
void domain_build_release_page(paddr_t pa, enum stage2_type type);

#endif
