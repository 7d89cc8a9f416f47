/* SPDX-License-Identifier: MIT */
/* EL1 exceptions: expected faults for tests, everything else reported and fatal. */
#ifndef LIBOS_EXC_H
#define LIBOS_EXC_H

#include <stdbool.h>
#include <stdint.h>

/** What the hardware reported for one exception. */
struct exc_record {
	uint64_t esr; /* ESR_EL1 */
	uint64_t far; /* FAR_EL1 (UNKNOWN for exceptions that do not set it) */
	uint64_t elr; /* ELR_EL1: the instruction that took the exception */
};

/** The interrupted state, as exc_entry.S saves it on the stack. */
struct exc_frame {
	uint64_t x[31];
	uint64_t elr;
	uint64_t spsr;
	uint64_t pad;
};
_Static_assert(sizeof(struct exc_frame) == 272, "exc_entry.S FRAME_SIZE");
_Static_assert(__builtin_offsetof(struct exc_frame, elr) == 248, "exc_entry.S FRAME_X30 + 8");
_Static_assert(__builtin_offsetof(struct exc_frame, spsr) == 256, "exc_entry.S FRAME_SPSR");

/**
 * Arm an expectation on the calling vCPU: the next synchronous exception
 * taken from EL1 must have exception class ec. When it comes, it is recorded
 * and execution resumes at resume, or at ELR + 4 if resume is 0. An
 * exception of another class is reported as UNEXPECTED and crashes the
 * domain. One expectation is consumed by one exception.
 */
void exc_expect(uint32_t ec, uintptr_t resume);

/**
 * Disarm the calling vCPU's expectation. Returns true and fills *record if
 * the expected exception was taken since exc_expect, false otherwise.
 */
bool exc_taken(struct exc_record *record);

/** Called by exc_entry.S for every exception; kind is the vector index 0..15. */
void exc_handle(struct exc_frame *frame, uint64_t kind);

#endif
