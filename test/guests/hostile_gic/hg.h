/* SPDX-License-Identifier: MIT */
/* Shared by the hostile GIC cases: a partner vCPU, SGI counters, and accesses that may abort. */
#ifndef TEST_GUESTS_HOSTILE_GIC_HG_H
#define TEST_GUESTS_HOSTILE_GIC_HG_H

#include <abi/guest_layout.h>
#include <libos/gic.h>
#include <stdbool.h>
#include <stdint.h>

/* The frames under test. */
#define HG_GICD ((uintptr_t)GUEST_GICD_BASE)
#define HG_RD(vcpu) gic_redist_frame(vcpu)
#define HG_SGI(vcpu) (gic_redist_frame(vcpu) + GICR_SGI_BASE)
#define HG_FRAME_SIZE 0x10000u

#define HG_COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* SGIs: vCPU 1 answers HG_SGI_PING with HG_SGI_PONG; the others are only counted. */
#define HG_SGI_PING 1
#define HG_SGI_PONG 2
#define HG_SGI_PROBE 3    /* to self, to see delivery still works */
#define HG_SGI_MASKED 11  /* priority tests */
#define HG_SGI_ODD 12     /* odd encodings whose delivery the ABI leaves open */
#define HG_SGI_OTHERS 13  /* IRM = 1 with junk in the ignored fields */
#define HG_SGI_NOWHERE 14 /* only to targets that do not exist */
/* An SPI the routing tests pend by hand. */
#define HG_SPI 40
/* One past the last SPI the domain's distributor has (abi/guest_layout.h). */
#define HG_SPI_LIMIT (GUEST_SPI_LAST + 1u)
/* Its GICD_TYPER.ITLinesNumber: 32 * (N + 1) INTIDs. */
#define HG_ITLINES (HG_SPI_LIMIT / 32u - 1u)

/**
 * Set up the GIC and timer, the SGI handlers, and start vCPU 1 (once).
 * Returns whether the domain has at least 2 vCPUs and all of it worked.
 */
bool hg_start(void);

/** The domain's vCPU count (after hg_start). */
unsigned int hg_vcpus(void);

/** How many times vCPU vcpu took interrupt intid (SGIs and HG_SPI). */
uint64_t hg_taken(unsigned int vcpu, unsigned int intid);

/**
 * Check the GIC still works for this domain: an SGI to self and a ping-pong
 * with vCPU 1 each arrive within 5 s. Records failures; returns whether all held.
 */
bool hg_alive(void);

/** Wait (at most 5 s, polling) until vCPU vcpu has taken intid `count` times. */
bool hg_wait_taken(unsigned int vcpu, unsigned int intid, uint64_t count);

/*
 * Accesses of width 1, 2, 4 or 8 bytes through the fault-expecting probes.
 * The _ok forms record a failure if the access aborts; the _aborts forms
 * record one unless it takes a synchronous external abort (data abort from
 * EL1, DFSC 0x10) with FAR = va and ELR at the access.
 */
uint64_t hg_read_ok(uintptr_t va, unsigned int width);
void hg_write_ok(uintptr_t va, unsigned int width, uint64_t value);
void hg_read_aborts(uintptr_t va, unsigned int width);
void hg_write_aborts(uintptr_t va, unsigned int width, uint64_t value);

/** A read / write that returns false if it aborted, recording nothing: for sweeps. */
bool hg_try_read(uintptr_t va, unsigned int width, uint64_t *value);
bool hg_try_write(uintptr_t va, unsigned int width, uint64_t value);

/** Record a failure unless a width-byte read of va gives expected (no abort either). */
void hg_read_is(uintptr_t va, unsigned int width, uint64_t expected);

#endif
