// SPDX-License-Identifier: MIT
/*
 * The final EL2 stage-1 map (the early one in head.S maps everything as
 * 1 GiB blocks). TCR_EL2.T0SZ = 25 gives a 39-bit VA walked from level 1:
 *
 *   38..30 level-1 index -> 1 GiB, 29..21 level-2 index -> 2 MiB block or
 *   table, 20..12 level-3 index -> 4 KiB page.
 *
 * Descriptor bits used: AttrIndx [4:2] (0 Device, 1 Normal WB, see MAIR in
 * asm.h), AP[2] (bit 7, read-only), AP[1] (bit 6, RES1 at EL2), SH [9:8],
 * AF (bit 10), XN (bit 54). WXN in SCTLR_EL2 makes every writable page
 * non-executable whatever its descriptor says.
 */
#include <arch.h>
#include <errno.h>
#include <frame.h>
#include <mmu.h>
#include <sysreg.h>

#define D_VALID (1ull << 0)
#define D_TABLE (1ull << 1) /* table at levels 1-2, page at level 3 */
#define D_ATTR_DEVICE (0ull << 2)
#define D_ATTR_NORMAL (1ull << 2)
#define D_AP_RES1 (1ull << 6)
#define D_RO (1ull << 7)
#define D_SH_INNER (3ull << 8)
#define D_AF (1ull << 10)
#define D_XN (1ull << 54)
#define D_ADDR 0x0000FFFFFFFFF000ull

#define P_RAM (D_ATTR_NORMAL | D_AP_RES1 | D_SH_INNER | D_AF | D_XN)
#define P_TEXT (D_ATTR_NORMAL | D_AP_RES1 | D_SH_INNER | D_AF | D_RO)
#define P_RODATA (P_RAM | D_RO)
#define P_DEVICE (D_ATTR_DEVICE | D_AP_RES1 | D_AF | D_XN)

#define SCTLR_WXN (1ull << 19)
#define VA_LIMIT (1ull << 39)
#define BLOCK_2M (1ull << 21)

uint64_t el2_ttbr0;
static uint64_t *root;

extern char __image_start[], __text_end[], __rodata_end[], __image_end[];

static uint64_t *next_table(uint64_t *entry)
{
	paddr_t t;

	if (*entry & D_VALID) {
		return arch_pa_to_va(pa_make(*entry & D_ADDR));
	}
	if (!frame_alloc(&t)) {
		return NULL;
	}
	*entry = t.pa | D_VALID | D_TABLE;
	return arch_pa_to_va(t);
}

/* The entry that maps pa: at level 2 for a 2 MiB block, else at level 3 for a
 * page; tables are made on the way. NULL when there is no frame for one. */
static uint64_t *leaf_entry(uint64_t pa, bool block)
{
	uint64_t *l2 = next_table(&root[(pa >> 30) & 511]), *l3;

	if (!l2) {
		return NULL;
	}
	if (block) {
		return &l2[(pa >> 21) & 511];
	}
	l3 = next_table(&l2[(pa >> 21) & 511]);
	return l3 ? &l3[(pa >> 12) & 511] : NULL;
}

static uint64_t image_pa(const char *sym)
{
	return arch_va_to_pa(sym).pa;
}

/* Whether pa lies in the 2 MiB blocks holding the image: those are mapped page
 * by page, so that map_image can give its pages their own permissions. */
static bool near_image(uint64_t pa)
{
	return pa >= ALIGN_DOWN(image_pa(__image_start), BLOCK_2M) &&
	       pa < ALIGN_UP(image_pa(__image_end), BLOCK_2M);
}

/* Map [base, base + size) with prot: if blocks, 2 MiB blocks where they fit and
 * not near the image; pages elsewhere. */
static int map_range(paddr_t base, uint64_t size, uint64_t prot, bool blocks)
{
	uint64_t pa = ALIGN_DOWN(base.pa, PAGE_SIZE), end = ALIGN_UP(base.pa + size, PAGE_SIZE);

	if (end > VA_LIMIT || end < pa) {
		return -EINVAL;
	}
	while (pa < end) {
		bool block = blocks && (pa & (BLOCK_2M - 1)) == 0 && end - pa >= BLOCK_2M &&
			     !near_image(pa);
		uint64_t *entry = leaf_entry(pa, block);

		if (!entry) {
			return -ENOMEM;
		}
		/* D_TABLE at level 3 marks a page; a block has it clear. */
		*entry = pa | prot | D_VALID | (block ? 0 : D_TABLE);
		pa += block ? BLOCK_2M : PAGE_SIZE;
	}
	return 0;
}

static int map_ram(const struct boot_info *bi)
{
	int err = 0;

	for (unsigned int i = 0; i < bi->ram_count && !err; i++) {
		err = map_range(bi->ram[i].base, bi->ram[i].size, P_RAM, true);
	}
	return err;
}

static int map_image(void)
{
	uint64_t text = image_pa(__image_start), rodata = image_pa(__text_end);
	uint64_t data = image_pa(__rodata_end), end = image_pa(__image_end);
	int err = map_range(pa_make(text), rodata - text, P_TEXT, false);

	if (!err) {
		err = map_range(pa_make(rodata), data - rodata, P_RODATA, false);
	}
	if (!err) {
		err = map_range(pa_make(data), end - data, P_RAM, false);
	}
	return err;
}

int mmu_init(const struct boot_info *bi)
{
	/* The devices the core drives itself; no RTC: size 0, nothing mapped. */
	const struct mem_range devices[] = {
		{ bi->uart, PAGE_SIZE },
		{ bi->rtc, bi->rtc.pa ? PAGE_SIZE : 0 },
		bi->gicd,
		bi->gicr,
	};
	paddr_t r;
	int err;

	if (!frame_alloc(&r)) {
		return -ENOMEM;
	}
	root = arch_pa_to_va(r);
	err = map_ram(bi);
	if (!err) {
		err = map_image();
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(devices) && !err; i++) {
		err = map_range(devices[i].base, devices[i].size, P_DEVICE, false);
	}
	if (err) {
		return err;
	}
	dsb_sy();
	write_sysreg(ttbr0_el2, r.pa);
	isb();
	__asm__ volatile("tlbi alle2" : : : "memory");
	dsb_sy();
	write_sysreg(sctlr_el2, read_sysreg(sctlr_el2) | SCTLR_WXN);
	isb();
	el2_ttbr0 = r.pa;
	arch_dcache_clean(&el2_ttbr0, sizeof(el2_ttbr0));
	return 0;
}
