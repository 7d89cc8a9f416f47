/* SPDX-License-Identifier: MIT */
/* The host stand-in for a domain's architectural state. */
#ifndef ARCH_DOMAIN_H
#define ARCH_DOMAIN_H

struct domain_arch {
	int unused;
};

#endif
