// SPDX-License-Identifier: MIT
/*
 * The frame allocator. One bitmap per RAM bank, a set bit meaning "in use",
 * and a reference count per frame: every user of a frame (a stage-2 mapping,
 * the core's own use) holds one, and the frame is free again when the last
 * is dropped, so a page granted to another domain outlives its owner.
 * Frames are handed out zeroed so that no domain sees what an earlier owner
 * left behind; those a guest will see are also clean to the point of
 * coherency, so that it sees the zeroes even with its caches off.
 *
 * Locking: frame_lock protects every bank's bitmap and the search hints.
 * It is a leaf lock: nothing else is taken while it is held.
 */
#include <arch.h>
#include <errno.h>
#include <frame.h>
#include <lib.h>
#include <spinlock.h>

struct frame_bank {
	uint64_t base_pfn;  /* first frame of the bank */
	uint64_t pfn_count; /* frames in the bank */
	uint64_t *used;     /* bitmap, protected by frame_lock */
	uint16_t *refs;     /* references per frame, protected by frame_lock */
	uint64_t hint;      /* where the next search starts, protected by frame_lock */
};

/* The count of a reserved frame (the core, the DTB, modules, a domain's fixed
 * block): references to it are not counted and it is never freed. */
#define FRAME_PINNED UINT16_MAX

static struct frame_bank banks[FRAME_BANKS_MAX];
static unsigned int bank_total;
static uint64_t free_frames;
static uint64_t total_frames; /* set once, by frame_init */
static struct spinlock frame_lock = SPINLOCK_INIT;

static bool bit_test(const uint64_t *map, uint64_t i)
{
	return (map[i / 64] >> (i % 64)) & 1;
}

static void bit_set(uint64_t *map, uint64_t i)
{
	map[i / 64] |= 1ull << (i % 64);
}

static void bit_clear(uint64_t *map, uint64_t i)
{
	map[i / 64] &= ~(1ull << (i % 64));
}

static void mark_used(const struct mem_range *r)
{
	for (unsigned int b = 0; b < bank_total; b++) {
		struct frame_bank *bank = &banks[b];
		uint64_t lo = bank->base_pfn, hi = bank->base_pfn + bank->pfn_count;
		uint64_t first = r->base.pa >> PAGE_SHIFT;
		uint64_t last = (r->base.pa + r->size + PAGE_SIZE - 1) >> PAGE_SHIFT;

		for (uint64_t pfn = MAX(first, lo); pfn < MIN(last, hi); pfn++) {
			if (!bit_test(bank->used, pfn - lo)) {
				bit_set(bank->used, pfn - lo);
				free_frames--;
			}
			bank->refs[pfn - lo] = FRAME_PINNED;
		}
	}
}

/* Find room for a bank's bitmap: the first frames of RAM that nothing reserves. */
static bool place_bitmap(uint64_t bytes, const struct mem_range *reserved,
			 unsigned int reserved_count, struct mem_range *out)
{
	for (unsigned int b = 0; b < bank_total; b++) {
		uint64_t pos = banks[b].base_pfn << PAGE_SHIFT;
		uint64_t end = pos + (banks[b].pfn_count << PAGE_SHIFT);
		bool moved = true;

		while (moved && pos + bytes <= end) {
			moved = false;
			for (unsigned int r = 0; r < reserved_count; r++) {
				if (range_overlaps(pos, bytes, reserved[r].base.pa,
						   reserved[r].size)) {
					pos = ALIGN_UP(reserved[r].base.pa + reserved[r].size,
						       PAGE_SIZE);
					moved = true;
				}
			}
		}
		if (!moved && pos + bytes <= end) {
			out->base = pa_make(pos);
			out->size = bytes;
			return true;
		}
	}
	return false;
}

int frame_init(const struct mem_range *bank_list, unsigned int bank_count,
	       const struct mem_range *reserved, unsigned int reserved_count)
{
	bank_total = 0;
	free_frames = 0;
	total_frames = 0;
	for (unsigned int i = 0; i < bank_count && bank_total < FRAME_BANKS_MAX; i++) {
		uint64_t first = (bank_list[i].base.pa + PAGE_SIZE - 1) >> PAGE_SHIFT;
		uint64_t last = (bank_list[i].base.pa + bank_list[i].size) >> PAGE_SHIFT;

		if (last <= first) {
			continue;
		}
		banks[bank_total] =
			(struct frame_bank){ .base_pfn = first, .pfn_count = last - first };
		total_frames += last - first;
		bank_total++;
	}

	/* Each bank's bitmap and counts, clear of the reserved ranges and of each other. */
	struct mem_range taken[FRAME_BANKS_MAX * 2 + 64];
	unsigned int taken_count = 0;

	for (unsigned int r = 0; r < reserved_count && taken_count < ARRAY_SIZE(taken); r++) {
		taken[taken_count++] = reserved[r];
	}
	for (unsigned int b = 0; b < bank_total; b++) {
		uint64_t words = (banks[b].pfn_count + 63) / 64;
		uint64_t bytes =
			ALIGN_UP(words * 8 + banks[b].pfn_count * sizeof(uint16_t), PAGE_SIZE);
		struct mem_range *map = &taken[taken_count];

		if (taken_count >= ARRAY_SIZE(taken) ||
		    !place_bitmap(bytes, taken, taken_count, map)) {
			return -ENOMEM;
		}
		taken_count++;
		banks[b].used = arch_pa_to_va(map->base);
		memset(banks[b].used, 0, bytes);
		banks[b].refs = (uint16_t *)(banks[b].used + words);
		free_frames += banks[b].pfn_count;
	}
	for (unsigned int t = 0; t < taken_count; t++) {
		mark_used(&taken[t]);
	}
	return 0;
}

/* Look for count free frames aligned to align in one bank; frame_lock held. */
static bool find_run(struct frame_bank *bank, unsigned int count, unsigned int align,
		     uint64_t *out_index)
{
	uint64_t n = bank->pfn_count;

	spin_assert_held(&frame_lock);
	for (uint64_t pass = 0; pass < 2; pass++) {
		uint64_t start = pass == 0 ? bank->hint : 0;
		uint64_t stop = pass == 0 ? n : bank->hint;

		for (uint64_t i = start; i + count <= n && i < stop;) {
			uint64_t pfn = bank->base_pfn + i;
			uint64_t aligned = ALIGN_UP(pfn, (uint64_t)align) - bank->base_pfn;
			uint64_t j;

			if (aligned != i) {
				i = aligned;
				continue;
			}
			for (j = 0; j < count && !bit_test(bank->used, i + j); j++) {
			}
			if (j == count) {
				*out_index = i;
				return true;
			}
			i += j + 1;
		}
	}
	return false;
}

bool frame_alloc_contig(unsigned int count, unsigned int align_frames, paddr_t *out)
{
	bool found = false;
	uint64_t index = 0;
	unsigned int b;

	if (count == 0 || align_frames == 0) {
		return false;
	}
	spin_lock(&frame_lock);
	for (b = 0; b < bank_total && !found; b++) {
		found = find_run(&banks[b], count, align_frames, &index);
	}
	if (found) {
		struct frame_bank *bank = &banks[b - 1];

		for (unsigned int j = 0; j < count; j++) {
			bit_set(bank->used, index + j);
			bank->refs[index + j] = 1;
		}
		bank->hint = index + count;
		free_frames -= count;
		*out = pa_make((bank->base_pfn + index) << PAGE_SHIFT);
	}
	spin_unlock(&frame_lock);
	if (found) {
		memset(arch_pa_to_va(*out), 0, (size_t)count << PAGE_SHIFT);
	}
	return found;
}

bool frame_alloc(paddr_t *out)
{
	return frame_alloc_contig(1, 1, out);
}

void frame_clear_for_guest(paddr_t pa)
{
	void *va = arch_pa_to_va(pa);

	memset(va, 0, PAGE_SIZE);
	/* The zeroes are in the cache: a guest reading DRAM with its caches off,
	 * or through a non-cacheable mapping, would see the last owner's data. */
	arch_dcache_clean(va, PAGE_SIZE);
}

void *frame_alloc_va(void)
{
	paddr_t pa;

	return frame_alloc(&pa) ? arch_pa_to_va(pa) : NULL;
}

void frame_free_va(void *va)
{
	if (va) {
		frame_free(arch_va_to_pa(va));
	}
}

bool frame_alloc_for_guest(paddr_t *out)
{
	if (!frame_alloc(out)) {
		return false;
	}
	arch_dcache_clean(arch_pa_to_va(*out), PAGE_SIZE); /* zeroed already */
	return true;
}

/* The bank holding the frame at pa, and the frame's index in it; NULL if none. */
static struct frame_bank *bank_of(paddr_t pa, uint64_t *index)
{
	uint64_t pfn = pa.pa >> PAGE_SHIFT;

	for (unsigned int b = 0; b < bank_total; b++) {
		*index = pfn - banks[b].base_pfn;
		if (pfn >= banks[b].base_pfn && *index < banks[b].pfn_count) {
			return &banks[b];
		}
	}
	return NULL;
}

bool frame_get(paddr_t pa)
{
	struct frame_bank *bank;
	uint64_t i;
	bool ok;

	spin_lock(&frame_lock);
	bank = bank_of(pa, &i);
	ok = bank && bit_test(bank->used, i) && bank->refs[i] < FRAME_PINNED - 1;
	if (ok) {
		bank->refs[i]++;
	} else if (bank && bank->refs[i] == FRAME_PINNED) {
		ok = true;
	}
	spin_unlock(&frame_lock);
	return ok;
}

void frame_put(paddr_t pa)
{
	struct frame_bank *bank;
	uint64_t i;

	spin_lock(&frame_lock);
	bank = bank_of(pa, &i);
	if (!bank || !bit_test(bank->used, i)) {
		spin_unlock(&frame_lock);
		panic("frame_put of a frame not allocated: %#lx", (unsigned long)pa.pa);
	}
	if (bank->refs[i] != FRAME_PINNED && --bank->refs[i] == 0) {
		bit_clear(bank->used, i);
		free_frames++;
	}
	spin_unlock(&frame_lock);
}

void frame_free(paddr_t pa)
{
	if (pa.pa & ~PAGE_MASK) {
		panic("frame_free of an unaligned address: %#lx", (unsigned long)pa.pa);
	}
	frame_put(pa);
}

uint64_t frame_total_count(void)
{
	return total_frames;
}

uint64_t frame_free_count(void)
{
	return __atomic_load_n(&free_frames, __ATOMIC_RELAXED);
}
