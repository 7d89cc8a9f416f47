// SPDX-License-Identifier: MIT
/* The libOS's stage-1 map: ring pages and the grant window are Normal memory, devices Device. */
#include <abi/guest_layout.h>
#include <libos/memmap.h>
#include <libos/test.h>
#include <stdint.h>

/* PAR_EL1 after a translation: F (bit 0) set on a fault, else SH in 8:7, MAIR attribute in 63:56.
 */
#define PAR_F 1ull
#define PAR_SH(par) (((par) >> 7) & 3u)
#define PAR_ATTR(par) ((par) >> 56)
#define ATTR_NORMAL_WB 0xffu /* MAIR attribute 1 of start.S */
#define ATTR_DEVICE_NGNRE 0x04u
#define SH_INNER 3u

/* Ask the MMU what the stage-1 map says of va (AT S1E1R: a read at EL1). */
static uint64_t stage1_par(uintptr_t va)
{
	uint64_t par;

	__asm__ volatile("at s1e1r, %1\n\tisb\n\tmrs %0, par_el1" : "=r"(par) : "r"(va) : "memory");
	return par;
}

/* va is mapped Normal write-back, inner shareable; and memmap.h says so. */
static void check_normal(uint64_t va)
{
	uint64_t par = stage1_par((uintptr_t)va);

	test_context("va 0x%lx par 0x%lx", (unsigned long)va, (unsigned long)par);
	CHECK_EQ(par & PAR_F, 0);
	CHECK_EQ(PAR_ATTR(par), ATTR_NORMAL_WB);
	CHECK_EQ(PAR_SH(par), SH_INNER);
	CHECK(memmap_normal(va, 4096));
}

/* va is mapped Device-nGnRE; and memmap.h does not call it Normal. */
static void check_device(uint64_t va)
{
	uint64_t par = stage1_par((uintptr_t)va);

	test_context("va 0x%lx par 0x%lx", (unsigned long)va, (unsigned long)par);
	CHECK_EQ(par & PAR_F, 0);
	CHECK_EQ(PAR_ATTR(par), ATTR_DEVICE_NGNRE);
	CHECK(!memmap_normal(va, 4096));
}

TEST(libos, shared_pages_are_normal_memory)
{
	static uint64_t in_ram;

	check_normal(GUEST_CONSOLE_PFN << 12);
	check_normal(GUEST_XENSTORE_PFN << 12);
	check_normal(GUEST_GRANT_BASE);
	check_normal(GUEST_GRANT_BASE + GUEST_GRANT_SIZE - 4096);
	check_normal((uintptr_t)&in_ram);
}

TEST(libos, devices_stay_device_memory)
{
	check_device(0);
	check_device(GUEST_GICD_BASE);
	check_device(GUEST_GICR_BASE);
	check_device(0x0a000000); /* where QEMU's virtio-mmio transports lie */
	check_device(GUEST_GRANT_BASE - 4096);
	check_device(GUEST_MAGIC_BASE + MEMMAP_MAGIC_PAGES * 4096ull);
	check_device(GUEST_MAGIC_BASE + 0x1ff000);
	check_device(GUEST_RAM_BASE - 4096);
	/* A range that starts Normal and runs past the magic pages is not Normal as a whole. */
	CHECK(!memmap_normal(GUEST_MAGIC_BASE, (MEMMAP_MAGIC_PAGES + 1) * 4096ull));
}
