/* SPDX-License-Identifier: MIT */
/* The arm64 part of a domain. */
#ifndef ARCH_DOMAIN_H
#define ARCH_DOMAIN_H

#include <vgic.h>

struct domain_arch {
	struct vgic_dist vgic;
};

#endif
