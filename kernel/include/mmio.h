/* SPDX-License-Identifier: MIT */
/*
 * A domain's emulated MMIO: ranges of its guest-physical space that are not
 * RAM, each answered by a device model (the vGIC, later ioreq forwarding). A
 * stage-2 data abort inside a range goes to its handler, the syndrome decoded
 * once by the arch's trap code; outside every range the guest gets an
 * external abort, as on hardware with nothing there.
 */
#ifndef MMIO_H
#define MMIO_H

#include <types.h>

#define MMIO_RANGES_MAX 8

struct vcpu;

/** One trapped access, decoded for every device alike. */
struct mmio_access {
	ipa_t addr;        /* the address the guest accessed */
	uint64_t offset;   /* addr less the range's base */
	unsigned int size; /* bytes: 1, 2, 4 or 8 */
	bool write;
	uint64_t value; /* write: the register, cut to size; read: 0 in, the device's answer out */
};

/** A device's handling of an access; false gives the guest an external abort. */
typedef bool (*mmio_handler)(struct vcpu *v, struct mmio_access *a);

struct mmio_range {
	ipa_t base;
	uint64_t size;        /* 0: a free slot */
	mmio_handler handler; /* finds its device's state through the vCPU's domain */
};

/**
 * A domain's ranges. Filled while the domain is built, before any of its
 * vCPUs runs, and only read after that, so lookups take no lock.
 */
struct mmio_table {
	struct mmio_range range[MMIO_RANGES_MAX];
};

/** Forget every range (a domain being rebuilt). */
void mmio_reset(struct mmio_table *t);

/**
 * Send accesses to [base, base + size) to handler. Returns 0, -EINVAL for an
 * empty range or one that wraps, -EEXIST if it overlaps a range already
 * there, -ENOSPC when all MMIO_RANGES_MAX are taken.
 */
int mmio_register(struct mmio_table *t, ipa_t base, uint64_t size, mmio_handler handler);

/** The range holding addr, or NULL if none does. */
const struct mmio_range *mmio_find(const struct mmio_table *t, ipa_t addr);

#endif
