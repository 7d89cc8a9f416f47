// SPDX-License-Identifier: MIT
/* Random reads and writes of the virtual distributor and redistributors, aborts caught. */
#include <abi/guest_layout.h>
#include <libos/arm64.h>
#include <libos/exc.h>
#include <libos/probe.h>

#include "fuzz.h"

/* The distributor, the frames of the domain's vCPUs and a few past them. */
#define RD_FRAMES 3u

static uint64_t random_address(void)
{
	switch (fuzz_below(4)) {
	case 0:
	case 1:
		return GUEST_GICD_BASE + fuzz_below(GUEST_GICD_SIZE);
	case 2:
		return GUEST_GICR_BASE + fuzz_below(RD_FRAMES * GUEST_GICR_STRIDE);
	default:
		/* Just before and after each range. */
		return (fuzz_one_in(2) ? GUEST_GICD_BASE : GUEST_GICR_BASE) - 16 + fuzz_below(32);
	}
}

/* One access with the probe for its width. */
static void access_once(uint64_t va, unsigned int width, bool write, uint64_t value)
{
	switch (width) {
	case 1:
		write ? probe_write8(va, (uint8_t)value) : (void)probe_read8(va);
		break;
	case 2:
		write ? probe_write16(va, (uint16_t)value) : (void)probe_read16(va);
		break;
	case 4:
		write ? probe_write32(va, (uint32_t)value) : (void)probe_read32(va);
		break;
	default:
		write ? probe_write64(va, value) : (void)probe_read64(va);
		break;
	}
}

static uintptr_t resume_of(unsigned int width, bool write)
{
	switch (width) {
	case 1:
		return (uintptr_t)(write ? probe_write8_resume : probe_read8_resume);
	case 2:
		return (uintptr_t)(write ? probe_write16_resume : probe_read16_resume);
	case 4:
		return (uintptr_t)(write ? probe_write32_resume : probe_read32_resume);
	default:
		return (uintptr_t)(write ? probe_write64_resume : probe_read64_resume);
	}
}

void fuzz_gic_mmio(void)
{
	static const unsigned int widths[] = { 4, 4, 4, 8, 8, 1, 2 };
	unsigned int width = widths[fuzz_below(sizeof(widths) / sizeof(widths[0]))];
	uint64_t va = random_address();
	bool write = fuzz_one_in(2);
	struct exc_record rec;

	if (!fuzz_one_in(8)) {
		va &= ~(uint64_t)(width - 1); /* mostly aligned; sometimes not */
	}
	/* A data abort (external, or alignment on Device memory) resumes after the access. */
	exc_expect(ESR_EC_DABT_CUR, resume_of(width, write));
	access_once(va, width, write, fuzz_value());
	(void)exc_taken(&rec);
}
