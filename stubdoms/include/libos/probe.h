/* SPDX-License-Identifier: MIT */
/* Single-instruction probes (probe.S) for tests that expect a fault. */
#ifndef LIBOS_PROBE_H
#define LIBOS_PROBE_H

#include <stdint.h>

/*
 * One load of 8, 16, 32 or 64 bits from va (zero-extended); returns garbage
 * if it faulted and was resumed. Each has its _insn label (the load) and
 * _resume label (the instruction after it).
 */
uint8_t probe_read8(uintptr_t va);
uint16_t probe_read16(uintptr_t va);
uint32_t probe_read32(uintptr_t va);
uint64_t probe_read64(uintptr_t va);
extern const char probe_read8_insn[], probe_read8_resume[];
extern const char probe_read16_insn[], probe_read16_resume[];
extern const char probe_read32_insn[], probe_read32_resume[];
extern const char probe_read64_insn[], probe_read64_resume[];

/** One store of the low 8, 16, 32 or 64 bits of value to va, labelled the same way. */
void probe_write8(uintptr_t va, uint8_t value);
void probe_write16(uintptr_t va, uint16_t value);
void probe_write32(uintptr_t va, uint32_t value);
void probe_write64(uintptr_t va, uint64_t value);
extern const char probe_write8_insn[], probe_write8_resume[];
extern const char probe_write16_insn[], probe_write16_resume[];
extern const char probe_write32_insn[], probe_write32_resume[];
extern const char probe_write64_insn[], probe_write64_resume[];

/** Branch and link to va; resume at probe_exec_resume if the fetch faults. */
void probe_exec(uintptr_t va);
extern const char probe_exec_resume[];

#endif
