/* SPDX-License-Identifier: MIT */
/* The host stand-in for a vCPU's architectural state: the unit tests need none. */
#ifndef ARCH_VCPU_H
#define ARCH_VCPU_H

struct vcpu_arch {
	int unused;
};

#endif
