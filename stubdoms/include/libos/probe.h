/* SPDX-License-Identifier: MIT */
/* Single-instruction probes (probe.S) for tests that expect a fault. */
#ifndef LIBOS_PROBE_H
#define LIBOS_PROBE_H

#include <stdint.h>

/** One 64-bit load from va; returns garbage if it faulted and was resumed. */
uint64_t probe_read64(uintptr_t va);
extern const char probe_read64_insn[];   /* the load */
extern const char probe_read64_resume[]; /* the instruction after it */

/** One 64-bit store of value to va. */
void probe_write64(uintptr_t va, uint64_t value);
extern const char probe_write64_insn[];
extern const char probe_write64_resume[];

/** Branch and link to va; resume at probe_exec_resume if the fetch faults. */
void probe_exec(uintptr_t va);
extern const char probe_exec_resume[];

#endif
