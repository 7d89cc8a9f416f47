// SPDX-License-Identifier: MIT
/* Every priority 0-255 keeps its top 5 bits, bytewise and wordwise; the CPU interface honours them.
 */
#include <libos/arm64.h>
#include <libos/counter.h>
#include <libos/gic.h>
#include <libos/test.h>

#include "../common/spin_wait.h"
#include "hg.h"

#define PRIORITY_BITS 0xf8u

/* Walk byte `byte` of the IPRIORITYR word at word through 0..255; the other bytes stay. */
static void check_priority_byte(uintptr_t word, unsigned int byte)
{
	uint32_t shift = byte * 8;
	uint64_t others = hg_read_ok(word, 4) & ~(0xffull << shift);

	for (unsigned int value = 0; value < 256; value++) {
		hg_write_ok(word + byte, 1, value);
		hg_read_is(word + byte, 1, value & PRIORITY_BITS);
	}
	hg_read_is(word, 4, others | (uint64_t)PRIORITY_BITS << shift);
}

/* Whole-word writes: each byte keeps its top bits. */
static void check_priority_word(uintptr_t word)
{
	hg_write_ok(word, 4, 0x07102f8fu);
	hg_read_is(word, 4, 0x00102888u);
	hg_write_ok(word, 4, 0xffffffffu);
	hg_read_is(word, 4, 0xf8f8f8f8u);
	hg_write_ok(word, 4, 0);
	hg_read_is(word, 4, 0);
}

static const uint64_t default_word = GIC_PRIORITY_DEFAULT * 0x01010101ull;

TEST(hostile_gic, priorities)
{
	uintptr_t spi_word = HG_GICD + GICD_IPRIORITYR + HG_SPI;
	uint64_t freq = counter_frequency();
	uint64_t before;

	REQUIRE(hg_start());
	for (unsigned int byte = 0; byte < 4; byte++) {
		test_context("SPIs %d.., byte %u", HG_SPI, byte);
		check_priority_byte(spi_word, byte);
		/* SGIs 8-11 of vCPU 0 and vCPU 1, from vCPU 0. */
		test_context("vCPU 0 SGIs 8.., byte %u", byte);
		check_priority_byte(HG_SGI(0) + GICR_IPRIORITYR0 + 8, byte);
		test_context("vCPU 1 SGIs 8.., byte %u", byte);
		check_priority_byte(HG_SGI(1) + GICR_IPRIORITYR0 + 8, byte);
	}
	test_context("whole words");
	check_priority_word(spi_word);
	check_priority_word(HG_SGI(0) + GICR_IPRIORITYR0 + 8);
	check_priority_word(HG_SGI(1) + GICR_IPRIORITYR0 + 8);
	hg_write_ok(spi_word, 4, default_word);
	hg_write_ok(HG_SGI(0) + GICR_IPRIORITYR0 + 8, 4, default_word);
	hg_write_ok(HG_SGI(1) + GICR_IPRIORITYR0 + 8, 4, default_word);

	/* Priority 0xf0 is not below the mask 0xf0: held back until the mask is raised. */
	test_context("priority against ICC_PMR_EL1");
	REQUIRE(freq > 0);
	REQUIRE_EQ(gic_irq_set_priority(HG_SGI_MASKED, 0xf0), 0);
	before = hg_taken(0, HG_SGI_MASKED);
	REQUIRE_EQ(gic_sgi_send(HG_SGI_MASKED, 1), 0);
	spin_wait_until(counter_read() + freq / 20);
	CHECK_EQ(hg_taken(0, HG_SGI_MASKED), before);
	WRITE_SYSREG(icc_pmr_el1, 0xf8);
	__asm__ volatile("isb" ::: "memory");
	CHECK(hg_wait_taken(0, HG_SGI_MASKED, before + 1));
	WRITE_SYSREG(icc_pmr_el1, GIC_PRIORITY_MASK);
	__asm__ volatile("isb" ::: "memory");
	REQUIRE_EQ(gic_irq_set_priority(HG_SGI_MASKED, GIC_PRIORITY_DEFAULT), 0);
	test_context(NULL);
	CHECK(hg_alive());
}
