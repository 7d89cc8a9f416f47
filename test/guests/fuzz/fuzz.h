/* SPDX-License-Identifier: MIT */
/* The hypercall fuzzer's random source, its safe targets, and what each family of calls shares. */
#ifndef TEST_GUESTS_FUZZ_FUZZ_H
#define TEST_GUESTS_FUZZ_FUZZ_H

#include <abi/grant_table.h>
#include <abi/hypercall.h>
#include <abi/xen.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The fuzzer (domain 1) issues random calls with one vCPU and interrupts
 * masked, so nothing it does to its own GIC or event channels can reach it.
 * Whatever the core may write through a pointer the fuzzer passes lands in
 * memory the fuzzer never relies on: the argument buffer (rewritten before
 * every call), the pool (pages it may give back and take again), pages of
 * its physmap window, or nowhere (bad addresses). Pages it gives back are
 * only ever from those places, so it never loses its own code or stack.
 * A grant batch told it is longer than the ops written runs on into what
 * lies after them: zeros (fuzz_batch_clear), never ops an earlier call left
 * there, whose fields later calls' results may have rewritten into one of the
 * fuzzer's own gfns (once a copy's destination became its first code page).
 * Only query_size and set_version, which write nothing but their own ops,
 * may run from stale memory elsewhere. Copy batches lie in page 1 of the
 * argument buffer, which no copy writes, so no op is rewritten before its turn.
 * The witness (domain 2, fuzz_witness.img) grants it FUZZ_WITNESS_REF and
 * offers it a port; the fuzzer copies FUZZ_DONE_MAGIC ^ seed there when it
 * has finished.
 */
#define FUZZ_PAGE 4096ull
#define FUZZ_WITNESS_DOMID 2
#define FUZZ_WITNESS_REF 8u
#define FUZZ_DONE_MAGIC 0x5a17e55d0e11f00dull
#define FUZZ_ARG_BYTES (2 * FUZZ_PAGE)
#define FUZZ_POOL_PAGES 512u    /* 2 MiB, aligned to it: orders up to 9 stay inside */
#define FUZZ_ABOVE_PAGES 1024u  /* gfns past the end of RAM that populate may fill */
#define FUZZ_MISC_PAGES 16u     /* physmap window pages for maps, moves and populates */
#define FUZZ_PARK_PAGES 65u     /* window pages the core frames are placed in first */
#define FUZZ_BATCH_MAX 1024u    /* the core refuses a longer grant batch unread (grant_op.c) */
#define FUZZ_OP_BYTES_MAX 40u   /* the largest grant op, struct gnttab_copy */
#define FUZZ_COPY_OPS FUZZ_PAGE /* where in the argument buffer copy batches go */

/** Start the generator from seed (0 is replaced by a fixed non-zero value). */
void fuzz_seed(uint64_t seed);

/** The next 64 random bits (xorshift64*). */
uint64_t fuzz_next(void);

/** A random number below n (n > 0). */
uint64_t fuzz_below(uint64_t n);

/** True once in n calls, on average. */
bool fuzz_one_in(unsigned int n);

/** A value of interest: small, a boundary, a near miss of one, or garbage. */
uint64_t fuzz_value(void);

/** Pick one of count values, or (one time in 8) fuzz_value(). */
uint64_t fuzz_pick(const uint64_t *values, size_t count);

/** Fill len bytes with random bytes. */
void fuzz_fill(void *buf, size_t len);

/** Find the safe targets (once, before the first call); false if the layout does not allow it. */
bool fuzz_targets_init(void);

/** The argument buffer (FUZZ_ARG_BYTES, page-aligned). */
uint8_t *fuzz_arg(void);

/**
 * Zero what the core may read of a batch at ops (in the argument buffer) past
 * the written bytes, when the call gives it the count passed: as far as
 * FUZZ_BATCH_MAX ops of the largest size. Every grant op with all fields zero
 * fails (domain 0 is neither the fuzzer nor the witness).
 */
void fuzz_batch_clear(void *ops, size_t written, uint64_t passed);

/** A pointer the core may read or write: arg buffer, pool, window, device, hole or garbage. */
uint64_t fuzz_pointer(void);

/** A pointer the core cannot use, or that is not the domain's (never its RAM). */
uint64_t fuzz_bad_pointer(void);

/** The gfn of the argument buffer's page 0. */
uint64_t fuzz_arg_gfn(void);

/**
 * An own gfn for a grant copy, either side: argument page 0, pool, window or
 * a bad one. Never the rest of the domain's RAM, so that no copy of its
 * stack or data (with addresses of its own) turns up where the core reads
 * arguments from.
 */
uint64_t fuzz_copy_gfn(void);

/** Whether a memory_op command could give pages back or move frames (decrease, add_to_physmap). */
bool fuzz_memop_loses(uint64_t cmd);

/** A pointer to nothing the core can read (a page of zeros is a valid argument to some). */
uint64_t fuzz_unreadable_pointer(void);

/** A pointer for the console to print from: the text buffer (128 bytes), or an unreadable one. */
uint64_t fuzz_text_pointer(void);

/** A gfn the fuzzer may lose: pool, window or past RAM, or one that is not the domain's. */
uint64_t fuzz_gfn_to_lose(void);

/** Any gfn: fuzz_gfn_to_lose, or one of the domain's own RAM (to read, or fill again). */
uint64_t fuzz_gfn_any(void);

/** An IPA to map a grant at (page-aligned or not). */
uint64_t fuzz_map_addr(void);

/** A domain id: self, the witness, none, reserved ones, garbage. */
domid_t fuzz_domid(void);

/** The first gfn of the pool, of the misc window pages, of the parking pages, past RAM. */
uint64_t fuzz_pool_gfn(void);
uint64_t fuzz_misc_gfn(void);
uint64_t fuzz_park_gfn(void);
uint64_t fuzz_above_gfn(void);

/** Whether calls are being traced (bootargs "trace=K", from call K on). */
extern bool fuzz_tracing;

/**
 * True for the first half of the calls: ring bytes go to the store and the
 * console among the calls, and the two ring pages are never among the gfns
 * the calls may give back. In the second half they may be, and ring bytes
 * stop.
 */
extern bool fuzz_keep_rings;

/* One random call of each family (hypercalls.c, grant_calls.c, ...). */
void fuzz_memory_op(void);
void fuzz_grant_op(void);
void fuzz_evtchn_op(void);
void fuzz_small_ops(void);
void fuzz_raw_hypercall(void);
void fuzz_psci(void);
void fuzz_gic_mmio(void);
void fuzz_sysreg(void);

/**
 * Find the fuzzer's own xenstore and console rings (HVM params); false if it
 * has neither, and fuzz_rings() then does nothing.
 */
bool fuzz_rings_init(void);

/** How many of the two ring pages are still in the fuzzer's physmap. */
unsigned int fuzz_rings_present(void);

/** Random and mutated bytes into one of those rings, and a kick of its port (rings.c). */
void fuzz_rings(void);

/** Note a grant mapping that succeeded, so the cleanup unmaps it. */
void fuzz_note_map(uint64_t host_addr, grant_handle_t handle);

/** What the core shows of the domain: ports open, grant frames, pages owned. */
struct fuzz_view {
	uint32_t open_ports;
	uint32_t grant_frames;
	long reservation;
	uint64_t open_bits[4096 / 64];
};

/** Take the view; false if a query failed. */
bool fuzz_view_take(struct fuzz_view *view);

/** Close ports not open in start, unmap noted maps, refill the pool. */
void fuzz_cleanup(const struct fuzz_view *start);

/** Place shared info and grant frames 0 to @grant_frames - 1 in the park window, where not placed.
 */
void fuzz_park_core_frames(uint32_t grant_frames);

/** Pool pages that cannot be read after the cleanup (each named on the console). */
unsigned int fuzz_pool_holes(void);

/** Tell the witness the fuzzer has ended (copy into its granted page); the copy's status. */
int16_t fuzz_tell_witness(uint64_t seed);

#endif
