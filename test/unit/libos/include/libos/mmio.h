/* SPDX-License-Identifier: MIT */
/* The host's stand-in for libos/mmio.h: "registers" are host memory a test lays out. */
#ifndef LIBOS_MMIO_H
#define LIBOS_MMIO_H

#include <stdint.h>

static inline uint8_t mmio_read8(uintptr_t addr)
{
	return *(volatile uint8_t *)addr;
}

static inline uint16_t mmio_read16(uintptr_t addr)
{
	return *(volatile uint16_t *)addr;
}

static inline uint32_t mmio_read32(uintptr_t addr)
{
	return *(volatile uint32_t *)addr;
}

static inline void mmio_write32(uintptr_t addr, uint32_t value)
{
	*(volatile uint32_t *)addr = value;
}

#endif
