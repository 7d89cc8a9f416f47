// SPDX-License-Identifier: MIT
/* Only the pages of the devices named in the boot config are mapped: their neighbours abort. */
#include <libos/arm64.h>
#include <libos/exc.h>
#include <libos/probe.h>
#include <libos/test.h>

#include "pt.h"

/* A 32-bit load from va must be a synchronous external abort, as for any unmapped IPA. */
static void check_unmapped(uintptr_t va)
{
	struct exc_record rec;

	test_context("32-bit load from 0x%lx, beside a device passed through", (unsigned long)va);
	exc_expect(ESR_EC_DABT_CUR, (uintptr_t)probe_read32_resume);
	(void)probe_read32(va);
	if (CHECK(exc_taken(&rec))) {
		CHECK_EQ(ESR_FSC(rec.esr), ESR_FSC_SYNC_EXTERNAL);
		CHECK_EQ(rec.far, va);
	}
}

TEST(passthrough, isolation)
{
	const struct virtio_mmio_dev *devs;
	int count = pt_devices(&devs);

	REQUIRE(count >= 1);
	for (int i = 0; i < count; i++) {
		uintptr_t first = devs[i].base & ~(uintptr_t)(PT_PAGE_SIZE - 1u);
		uintptr_t end = (devs[i].base + devs[i].size + PT_PAGE_SIZE - 1u) &
				~(uintptr_t)(PT_PAGE_SIZE - 1u);

		/* Other transports of the machine sit there, given to no one. */
		if (!pt_ours(first - PT_PAGE_SIZE, PT_PAGE_SIZE)) {
			check_unmapped(first - PT_PAGE_SIZE);
		}
		if (!pt_ours(end, PT_PAGE_SIZE)) {
			check_unmapped(end);
		}
	}
	test_context(NULL);
}
