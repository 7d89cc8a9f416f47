/* SPDX-License-Identifier: MIT */
/* Device register access: one load or store instruction of the named width per call. */
#ifndef LIBOS_MMIO_H
#define LIBOS_MMIO_H

#include <stdint.h>

/*
 * Emulated devices (the GIC, say) trap at stage 2 and the hypervisor decodes
 * the access from the syndrome, which only describes plain loads and stores
 * with a single base register: no pairs, no writeback. The compiler may pick
 * any of those for a volatile access, so each accessor is one instruction of
 * inline assembly. No barriers: Device-nGnRE mappings keep accesses to one
 * device in program order; order against Normal memory with a DSB.
 */

static inline uint8_t mmio_read8(uintptr_t addr)
{
	uint32_t value;

	__asm__ volatile("ldrb %w0, [%1]" : "=r"(value) : "r"(addr) : "memory");
	return (uint8_t)value;
}

static inline uint16_t mmio_read16(uintptr_t addr)
{
	uint32_t value;

	__asm__ volatile("ldrh %w0, [%1]" : "=r"(value) : "r"(addr) : "memory");
	return (uint16_t)value;
}

static inline uint32_t mmio_read32(uintptr_t addr)
{
	uint32_t value;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(value) : "r"(addr) : "memory");
	return value;
}

static inline uint64_t mmio_read64(uintptr_t addr)
{
	uint64_t value;

	__asm__ volatile("ldr %0, [%1]" : "=r"(value) : "r"(addr) : "memory");
	return value;
}

static inline void mmio_write8(uintptr_t addr, uint8_t value)
{
	__asm__ volatile("strb %w0, [%1]" ::"r"((uint32_t)value), "r"(addr) : "memory");
}

static inline void mmio_write16(uintptr_t addr, uint16_t value)
{
	__asm__ volatile("strh %w0, [%1]" ::"r"((uint32_t)value), "r"(addr) : "memory");
}

static inline void mmio_write32(uintptr_t addr, uint32_t value)
{
	__asm__ volatile("str %w0, [%1]" ::"r"(value), "r"(addr) : "memory");
}

static inline void mmio_write64(uintptr_t addr, uint64_t value)
{
	__asm__ volatile("str %0, [%1]" ::"r"(value), "r"(addr) : "memory");
}

#endif
