// SPDX-License-Identifier: MIT
/* Memory-bound work: fill 8 MiB of free RAM with address-dependent patterns and read them back. */
#include <libos/dt.h>
#include <libos/test.h>
#include <stdio.h>
#include <string.h>
#include <libfdt.h>

#define FILL_SIZE (8ul << 20)
#define ALIGN_2M(x) (((x) + 0x1fffffull) & ~0x1fffffull)
#define PASSES 4

extern char _image_end[];

/* Free RAM starts at the 2 MiB boundary after both the image (with .bss) and the DTB. */
static uint64_t free_ram_start(void)
{
	const void *fdt = dt_blob();
	uint64_t image_end = (uint64_t)_image_end;
	uint64_t dtb_end = (uint64_t)fdt + fdt_totalsize(fdt);

	return ALIGN_2M(image_end > dtb_end ? image_end : dtb_end);
}

static uint64_t pattern(uint64_t address, unsigned int pass)
{
	return (address * 0x9e3779b97f4a7c15ull) ^ ((uint64_t)pass << 56 | 0xa5a5a5a5ull);
}

/* Returns the number of 64-bit words that did not read back as written. */
static unsigned long fill_and_verify(volatile uint64_t *words, unsigned long count,
				     unsigned int pass)
{
	unsigned long bad = 0;

	for (unsigned long i = 0; i < count; i++) {
		words[i] = pattern((uint64_t)&words[i], pass);
	}
	for (unsigned long i = 0; i < count; i++) {
		bad += words[i] != pattern((uint64_t)&words[i], pass);
	}
	return bad;
}

TEST(worker, memory_fill)
{
	uint64_t ram_base;
	uint64_t ram_size;
	uint64_t start;

	REQUIRE(dt_blob() != NULL);
	REQUIRE_EQ(dt_memory(&ram_base, &ram_size), 0);
	start = free_ram_start();
	REQUIRE(start >= ram_base);
	REQUIRE(start + FILL_SIZE <= ram_base + ram_size);
	for (unsigned int pass = 0; pass < PASSES; pass++) {
		test_context("pass %u over 0x%lx..0x%lx", pass, (unsigned long)start,
			     (unsigned long)(start + FILL_SIZE));
		CHECK_EQ(fill_and_verify((volatile uint64_t *)start, FILL_SIZE / 8, pass), 0);
	}
	test_context(NULL);
	printf("worker: %lu MiB of RAM filled and verified %d times\n", FILL_SIZE >> 20, PASSES);
}
