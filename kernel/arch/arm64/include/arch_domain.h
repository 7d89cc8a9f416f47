/* SPDX-License-Identifier: MIT */
/* The arm64 part of a domain. */
#ifndef ARCH_DOMAIN_H
#define ARCH_DOMAIN_H

#include <mmio.h>
#include <vgic.h>

struct domain_arch {
	struct vgic_dist vgic;
	struct mmio_table mmio; /* its emulated devices, the vGIC's windows first */
};

#endif
