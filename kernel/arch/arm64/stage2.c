// SPDX-License-Identifier: MIT
/*
 * Stage-2 tables. VTCR_EL2 selects a 4 KiB granule, T0SZ = 24 (40-bit IPA)
 * and a walk starting at level 1, which needs 1024 level-1 entries: two
 * concatenated 4 KiB tables, aligned to 8 KiB. An IPA splits as
 *
 *   39..30  level-1 index (0..1023)  -> table of level 2
 *   29..21  level-2 index (0..511)   -> table of level 3
 *   20..12  level-3 index (0..511)   -> page descriptor
 *   11..0   offset in the page
 *
 * Only page descriptors are used for guest memory, so every mapping can be
 * taken back one page at a time. Tables belong to the domain and are
 * changed under its lock.
 */
#include <arch.h>
#include <errno.h>
#include <frame.h>
#include <stage2.h>

#define DESC_VALID (1ull << 0)
#define DESC_TABLE (1ull << 1) /* at level 1 and 2: next-level table; at level 3: page */
#define DESC_ADDR_MASK 0x0000FFFFFFFFF000ull
#define S2_MEMATTR_DEVICE_nGnRE (0x1ull << 2)
#define S2_MEMATTR_NORMAL_WB (0xFull << 2)
#define S2_AP_RO (0x1ull << 6)
#define S2_AP_RW (0x3ull << 6)
#define S2_SH_INNER (0x3ull << 8)
#define S2_AF (1ull << 10)
#define S2_XN (1ull << 54)
#define S2_SW_SHIFT 55 /* bits 58:55 are ignored by the walk: they hold the type */
#define S2_SW_MASK (0xfull << S2_SW_SHIFT)

#define ENTRIES 512

static uint64_t *table_va(uint64_t desc)
{
	return arch_pa_to_va(pa_make(desc & DESC_ADDR_MASK));
}

static unsigned int index_at(ipa_t ipa, unsigned int level)
{
	unsigned int shift = 39 - 9 * level; /* level 1: 30, 2: 21, 3: 12 */

	return (unsigned int)((ipa.ipa >> shift) & (level == 1 ? 1023 : 511));
}

#define S2_NORMAL (S2_MEMATTR_NORMAL_WB | S2_SH_INNER)

/* How each type is mapped: memory type, access, execute-never. */
static const uint64_t type_attrs[] = {
	[STAGE2_RAM] = S2_NORMAL | S2_AP_RW,
	[STAGE2_RAM_RO] = S2_NORMAL | S2_AP_RO,
	[STAGE2_DEVICE] = S2_MEMATTR_DEVICE_nGnRE | S2_AP_RW | S2_XN,
	[STAGE2_SPECIAL] = S2_NORMAL | S2_AP_RW,
	[STAGE2_GRANT] = S2_NORMAL | S2_AP_RW | S2_XN,
	[STAGE2_GRANT_RO] = S2_NORMAL | S2_AP_RO | S2_XN,
	[STAGE2_RAM_FIXED] = S2_NORMAL | S2_AP_RW,
};
_Static_assert(ARRAY_SIZE(type_attrs) == STAGE2_RAM_FIXED + 1, "every type has its attributes");

static uint64_t page_desc(paddr_t pa, enum stage2_type type)
{
	return pa.pa | DESC_VALID | DESC_TABLE | S2_AF | ((uint64_t)type << S2_SW_SHIFT) |
	       type_attrs[type];
}

static enum stage2_type desc_type(uint64_t d)
{
	return (enum stage2_type)((d & S2_SW_MASK) >> S2_SW_SHIFT);
}

int stage2_init(struct stage2 *s2, uint16_t vmid)
{
	if (!frame_alloc_contig(2, 2, &s2->root)) {
		return -ENOMEM;
	}
	s2->vmid = vmid;
	s2->tables_left = STAGE2_TABLES_DEFAULT;
	s2->destroy_at = 0;
	return 0;
}

static bool ipa_valid(ipa_t ipa)
{
	return (ipa.ipa & ~PAGE_MASK) == 0 && ipa.ipa < (1ull << STAGE2_IPA_BITS);
}

/* The level-3 entry for ipa; tables on the way are made, out of *tables_left,
 * when tables_left is not NULL. A stage 2 without a root (its domain torn down,
 * its tables the reaper's) has no entry and gets none. */
static ALWAYS_INLINE uint64_t *walk(const struct stage2 *s2, ipa_t ipa, uint32_t *tables_left)
{
	uint64_t *table = s2->root.pa ? arch_pa_to_va(s2->root) : NULL;

	for (unsigned int level = 1; table && level < 3; level++) {
		uint64_t *e = &table[index_at(ipa, level)];

		if (!(*e & DESC_VALID)) {
			paddr_t t;

			if (!tables_left || !*tables_left || !frame_alloc(&t)) {
				return NULL;
			}
			(*tables_left)--;
			arch_dcache_clean(arch_pa_to_va(t), PAGE_SIZE);
			__atomic_store_n(e, t.pa | DESC_VALID | DESC_TABLE, __ATOMIC_RELEASE);
		}
		table = table_va(*e);
	}
	return table ? &table[index_at(ipa, 3)] : NULL;
}

int stage2_map(struct stage2 *s2, ipa_t ipa, paddr_t pa, enum stage2_type type)
{
	uint64_t *e;

	if (!ipa_valid(ipa) || (pa.pa & ~PAGE_MASK) || (pa.pa & ~DESC_ADDR_MASK) ||
	    type >= ARRAY_SIZE(type_attrs)) {
		return -EINVAL;
	}
	e = walk(s2, ipa, &s2->tables_left);
	if (!e) {
		return -ENOMEM;
	}
	if (*e & DESC_VALID) {
		return -EEXIST;
	}
	__atomic_store_n(e, page_desc(pa, type), __ATOMIC_RELEASE);
	arch_dcache_clean(e, sizeof(*e));
	return 0;
}

int stage2_unmap_deferred(struct stage2 *s2, ipa_t ipa, paddr_t *old)
{
	uint64_t *e;

	if (!ipa_valid(ipa)) {
		return -EINVAL;
	}
	e = walk(s2, ipa, NULL);
	if (!e || !(*e & DESC_VALID)) {
		return -ENOENT;
	}
	if (old) {
		*old = pa_make(*e & DESC_ADDR_MASK);
	}
	__atomic_store_n(e, 0, __ATOMIC_RELEASE);
	arch_dcache_clean(e, sizeof(*e));
	return 0;
}

int stage2_unmap(struct stage2 *s2, ipa_t ipa, paddr_t *old)
{
	int err = stage2_unmap_deferred(s2, ipa, old);

	/* Break before the page is reused: no pCPU may keep a stale entry. */
	if (!err) {
		arch_tlb_flush_ipa(s2->vmid, ipa);
	}
	return err;
}

void stage2_flush(const struct stage2 *s2)
{
	arch_tlb_flush_vmid(s2->vmid);
}

ALWAYS_INLINE bool stage2_lookup(const struct stage2 *s2, ipa_t ipa, paddr_t *pa,
				 enum stage2_type *type)
{
	const uint64_t *e;
	uint64_t d;

	if (ipa.ipa >= (1ull << STAGE2_IPA_BITS)) {
		return false;
	}
	e = walk(s2, ipa_make(ipa.ipa & PAGE_MASK), NULL);
	if (!e) {
		return false;
	}
	d = __atomic_load_n(e, __ATOMIC_ACQUIRE);
	if (!(d & DESC_VALID)) {
		return false;
	}
	if (pa) {
		*pa = pa_make((d & DESC_ADDR_MASK) | (ipa.ipa & ~PAGE_MASK));
	}
	if (type) {
		*type = desc_type(d);
	}
	return true;
}

static void release_level3(uint64_t *table, void (*release)(paddr_t, enum stage2_type))
{
	for (unsigned int i = 0; i < ENTRIES; i++) {
		if ((table[i] & DESC_VALID) && release) {
			release(pa_make(table[i] & DESC_ADDR_MASK), desc_type(table[i]));
		}
	}
}

/*
 * The walk goes through the level-2 entries in order (destroy_at counts those
 * passed, 1024 x 512 of them). A step ends after one level-3 table (512 pages)
 * or 512 entries with nothing under them, whichever comes first, so a domain
 * of any size goes in steps of bounded work.
 */
bool stage2_destroy_step(struct stage2 *s2, void (*release)(paddr_t pa, enum stage2_type type))
{
	uint64_t *l1;
	int budget = ENTRIES;

	if (!s2->root.pa) {
		return true; /* never built, or already destroyed */
	}
	l1 = arch_pa_to_va(s2->root);
	if (s2->destroy_at == 0) {
		arch_tlb_flush_vmid(s2->vmid); /* before any page it maps is given back */
	}
	while (s2->destroy_at < 2 * ENTRIES * ENTRIES && budget > 0) {
		unsigned int i = s2->destroy_at / ENTRIES, j = s2->destroy_at % ENTRIES;
		uint64_t *l2;

		if (!(l1[i] & DESC_VALID)) {
			s2->destroy_at = (i + 1) * ENTRIES; /* no table under this level-1 entry */
			budget--;
			continue;
		}
		l2 = table_va(l1[i]);
		budget -= (l2[j] & DESC_VALID) ? ENTRIES : 1;
		if (l2[j] & DESC_VALID) {
			release_level3(table_va(l2[j]), release);
			frame_free(pa_make(l2[j] & DESC_ADDR_MASK));
		}
		if (j == ENTRIES - 1) {
			frame_free(pa_make(l1[i] & DESC_ADDR_MASK));
		}
		s2->destroy_at++;
	}
	if (s2->destroy_at < 2 * ENTRIES * ENTRIES) {
		return false;
	}
	frame_free(s2->root);
	frame_free(pa_add(s2->root, PAGE_SIZE));
	s2->root = pa_make(0);
	return true;
}

void stage2_destroy(struct stage2 *s2, void (*release)(paddr_t pa, enum stage2_type type))
{
	while (!stage2_destroy_step(s2, release)) {
	}
}

uint64_t stage2_vttbr(const struct stage2 *s2)
{
	return ((uint64_t)s2->vmid << 48) | s2->root.pa;
}
