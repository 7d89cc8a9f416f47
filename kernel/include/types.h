/* SPDX-License-Identifier: MIT */
/* Basic types of the core: fixed-width integers and typed addresses. */
#ifndef TYPES_H
#define TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE (1ull << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

#define ALIGN_UP(x, a) (((x) + ((a)-1)) & ~((__typeof__(x))(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
/* For the hot paths: what a trap runs inline, where a call would cost more than its body. */
#define ALWAYS_INLINE inline __attribute__((always_inline))

/*
 * Addresses are typed so that a physical address, a guest-physical
 * address (IPA), guest frame numbers and a guest
 * virtual address cannot be mixed up silently. Guest values arrive as
 * integers and are typed where the core takes them in.
 */
typedef struct {
	uint64_t pa;
} paddr_t;

typedef struct {
	uint64_t ipa;
} ipa_t;

typedef struct {
	uint64_t gfn; /* an IPA >> PAGE_SHIFT */
} gfn_t;

typedef struct {
	uint64_t gva; /* in the running vCPU's stage 1 */
} gva_t;

static inline paddr_t pa_make(uint64_t v)
{
	return (paddr_t){ v };
}

static inline ipa_t ipa_make(uint64_t v)
{
	return (ipa_t){ v };
}

static inline gfn_t gfn_make(uint64_t v)
{
	return (gfn_t){ v };
}

static inline gva_t gva_make(uint64_t v)
{
	return (gva_t){ v };
}

static inline ipa_t gfn_to_ipa(gfn_t g)
{
	return (ipa_t){ g.gfn << PAGE_SHIFT };
}

static inline gva_t gva_add(gva_t g, uint64_t off)
{
	return (gva_t){ g.gva + off };
}

static inline paddr_t pa_add(paddr_t p, uint64_t off)
{
	return (paddr_t){ p.pa + off };
}

static inline ipa_t ipa_add(ipa_t i, uint64_t off)
{
	return (ipa_t){ i.ipa + off };
}

/**
 * index if index < size, else 0, with no branch a mispredicting CPU could run
 * past: for indexes a guest chose, used after their bounds check.
 */
static inline uint64_t index_nospec(uint64_t index, uint64_t size)
{
	uint64_t mask;

#if defined(__aarch64__)
	/* mask = all ones when index < size: computed, and hidden from the optimiser. */
	__asm__("cmp %1, %2\n\tcsetm %0, lo" : "=r"(mask) : "r"(index), "r"(size) : "cc");
#else
	mask = (uint64_t)0 - (index < size); /* the host build of the unit tests */
#endif
	return index & mask;
}

/* true if [base, base + len) lies inside [lo, lo + size), without overflow */
static inline bool range_inside(uint64_t base, uint64_t len, uint64_t lo, uint64_t size)
{
	return base >= lo && len <= size && base - lo <= size - len;
}

/* true if [a, a + alen) and [b, b + blen) overlap; lengths may be 0 */
static inline bool range_overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

#endif
