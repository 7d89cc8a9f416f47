// SPDX-License-Identifier: MIT
/*
 * The domain finds its file bundle through its DT (dt_initrd) and reads it
 * with the toolstack's reader, as the toolstack domain will: the bundle
 * packed from bundle-files/ (hello.cfg and a copy of hello.img) arrives
 * whole, its files are found by name, and the heap stays clear of it.
 */
#include <errno.h>
#include <libos/dt.h>
#include <libos/test.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "services/toolstack/bundle.h"

/* test/guests/bundle/hello.cfg, as the boot set packed it. */
#define CFG_TEXT "name = \"bundle\"\n"
#define HEAP_FILL (8u << 20)

static int open_own(struct bundle *bundle)
{
	uint64_t start;
	uint64_t end;
	int rc = dt_initrd(&start, &end);

	if (rc != 0) {
		printf("no initrd: %d\n", rc);
		return rc;
	}
	rc = bundle_open((const void *)(uintptr_t)start, (size_t)(end - start), bundle);
	if (rc != 0) {
		printf("bundle refused: %s\n", bundle->why);
	}
	return rc;
}

TEST(bundle, lists)
{
	struct bundle bundle;
	struct bundle_file file;
	uint64_t start;
	uint64_t end;

	REQUIRE_EQ(dt_initrd(&start, &end), 0);
	/* Where tessera-pack places a ramdisk: 2 MiB after the start of the DTB. */
	CHECK_EQ(start, (uintptr_t)dt_blob() + 0x200000u);
	REQUIRE_EQ(open_own(&bundle), 0);
	CHECK_EQ(bundle.size, end - start);
	CHECK_EQ(bundle.file_count, 2);
	for (uint32_t i = 0; bundle_file_at(&bundle, i, &file) == 0; i++) {
		printf("bundle: %s %lu\n", file.name, (unsigned long)file.size);
	}
}

TEST(bundle, finds)
{
	struct bundle bundle;
	struct bundle_file file;

	REQUIRE_EQ(open_own(&bundle), 0);
	REQUIRE_EQ(bundle_find(&bundle, "hello.cfg", &file), 0);
	CHECK_EQ(file.size, strlen(CFG_TEXT));
	CHECK(memcmp(file.data, CFG_TEXT, sizeof(CFG_TEXT) - 1) == 0);
	REQUIRE_EQ(bundle_find(&bundle, "hello.img", &file), 0);
	/* An arm64 Image: its magic "ARM\x64" at byte 56, and its data at a page boundary. */
	CHECK(file.size > 64 && memcmp(file.data + 56, "ARM\x64", 4) == 0);
	CHECK_EQ((uintptr_t)file.data % BUNDLE_ALIGN, 0);
	CHECK_EQ(bundle_find(&bundle, "missing.cfg", &file), -ENOENT);
	CHECK_EQ(bundle_find(&bundle, "../hello.cfg", &file), -EINVAL);
}

TEST(bundle, heap_clear)
{
	struct bundle bundle;
	uint64_t start;
	uint64_t end;
	uint8_t *fill = malloc(HEAP_FILL);

	REQUIRE(fill != NULL);
	REQUIRE_EQ(dt_initrd(&start, &end), 0);
	CHECK((uintptr_t)fill >= end || (uintptr_t)fill + HEAP_FILL <= start);
	/* Every byte of a large allocation written: the bundle must still check whole. */
	memset(fill, 0xA5, HEAP_FILL);
	/* The bytes are never read: without this the compiler may drop the memset before free. */
	__asm__ volatile("" : : "r"(fill) : "memory");
	CHECK_EQ(open_own(&bundle), 0);
	free(fill);
}
