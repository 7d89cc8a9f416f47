// SPDX-License-Identifier: MIT
/* 8-, 16- and 64-bit accesses where the ABI does not allow them abort and change nothing. */
#include <libos/test.h>

#include "hg.h"

/* Registers that take 32-bit accesses only, and in the 64-bit list 8-byte aligned ones too. */
static const uint32_t dist_words[] = {
	GICD_CTLR,          GICD_TYPER,         GICD_IIDR,        GICD_IGROUPR + 4,
	GICD_ISENABLER + 4, GICD_ICENABLER + 4, GICD_ISPENDR + 4, GICD_ICPENDR + 4,
	GICD_ISACTIVER + 4, GICD_ICACTIVER + 4, GICD_ICFGR + 8,   GICD_ICFGR + 12,
	GICD_PIDR2,
};
static const uint32_t dist_dwords[] = {
	GICD_CTLR, GICD_IPRIORITYR + 32, GICD_IPRIORITYR + 40, GICD_ICFGR + 8, GICD_PIDR2,
};
static const uint32_t rd_words[] = { GICR_IIDR, GICR_WAKER, GICR_PIDR2 };
static const uint32_t rd_dwords[] = { GICR_PIDR2 };
static const uint32_t sgi_words[] = {
	GICR_IGROUPR0,   GICR_ISENABLER0, GICR_ICENABLER0, GICR_ISPENDR0, GICR_ICPENDR0,
	GICR_ISACTIVER0, GICR_ICACTIVER0, GICR_ICFGR0,     GICR_ICFGR1,
};
static const uint32_t sgi_dwords[] = {
	GICR_IGROUPR0,    GICR_ISENABLER0,      GICR_ICPENDR0,
	GICR_IPRIORITYR0, GICR_IPRIORITYR0 + 8, GICR_ICFGR0,
};

/* Every byte and halfword of the word at va aborts, read and written; the word is unchanged. */
static void check_narrow(uintptr_t va)
{
	uint64_t before = hg_read_ok(va, 4);

	for (unsigned int byte = 0; byte < 4; byte++) {
		hg_read_aborts(va + byte, 1);
		hg_write_aborts(va + byte, 1, 0xff);
	}
	for (unsigned int half = 0; half < 4; half += 2) {
		hg_read_aborts(va + half, 2);
		hg_write_aborts(va + half, 2, 0xffff);
	}
	hg_read_is(va, 4, before);
}

/* A 64-bit read and write at va abort; the two words there are unchanged. */
static void check_wide(uintptr_t va)
{
	uint64_t low = hg_read_ok(va, 4);
	uint64_t high = hg_read_ok(va + 4, 4);

	hg_read_aborts(va, 8);
	hg_write_aborts(va, 8, ~0ull);
	hg_write_aborts(va, 8, 0);
	hg_read_is(va, 4, low);
	hg_read_is(va + 4, 4, high);
}

TEST(hostile_gic, wrong_widths)
{
	REQUIRE(hg_start());
	for (unsigned int i = 0; i < HG_COUNT(dist_words); i++) {
		check_narrow(HG_GICD + dist_words[i]);
	}
	for (unsigned int i = 0; i < HG_COUNT(dist_dwords); i++) {
		check_wide(HG_GICD + dist_dwords[i]);
	}
	/* IROUTER: 32 or 64 bits, not 8 or 16. */
	check_narrow(HG_GICD + GICD_IROUTER + 8 * HG_SPI);
	check_narrow(HG_GICD + GICD_IROUTER + 8 * HG_SPI + 4);
	for (unsigned int vcpu = 0; vcpu < hg_vcpus(); vcpu++) {
		test_context("vCPU %u", vcpu);
		for (unsigned int i = 0; i < HG_COUNT(rd_words); i++) {
			check_narrow(HG_RD(vcpu) + rd_words[i]);
		}
		for (unsigned int i = 0; i < HG_COUNT(rd_dwords); i++) {
			check_wide(HG_RD(vcpu) + rd_dwords[i]);
		}
		/* GICR_TYPER: 32 or 64 bits. */
		check_narrow(HG_RD(vcpu) + GICR_TYPER);
		check_narrow(HG_RD(vcpu) + GICR_TYPER + 4);
		for (unsigned int i = 0; i < HG_COUNT(sgi_words); i++) {
			check_narrow(HG_SGI(vcpu) + sgi_words[i]);
		}
		for (unsigned int i = 0; i < HG_COUNT(sgi_dwords); i++) {
			check_wide(HG_SGI(vcpu) + sgi_dwords[i]);
		}
	}
	test_context(NULL);
	/* The widths that are allowed do not abort. */
	(void)hg_read_ok(HG_GICD + GICD_IPRIORITYR + HG_SPI, 1);
	(void)hg_read_ok(HG_SGI(0) + GICR_IPRIORITYR0 + 3, 1);
	(void)hg_read_ok(HG_GICD + GICD_IROUTER + 8 * HG_SPI, 8);
	(void)hg_read_ok(HG_RD(0) + GICR_TYPER, 8);
	CHECK(hg_alive());
}
