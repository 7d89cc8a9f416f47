// SPDX-License-Identifier: MIT
/* The domain's DT describes the transports it was given: reg, an SPI, and its own GIC as parent. */
#include <abi/guest_layout.h>
#include <libfdt.h>
#include <libos/dt.h>
#include <libos/test.h>

#include "pt.h"

TEST(passthrough, dt_devices)
{
	const void *fdt = dt_blob();
	const struct virtio_mmio_dev *devs;
	int count = pt_devices(&devs);
	int cpus = dt_cpu_count();
	uint64_t gicr_end;
	int gic;

	REQUIRE(fdt != NULL);
	REQUIRE(cpus >= 1);
	gicr_end = GUEST_GICR_BASE + GUEST_GICR_STRIDE * (unsigned int)cpus;
	REQUIRE(count >= 1);
	gic = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");
	REQUIRE(gic >= 0);
	for (int i = 0; i < count; i++) {
		int length;
		const fdt32_t *parent = fdt_getprop(fdt, devs[i].node, "interrupt-parent", &length);

		test_context("%s", fdt_get_name(fdt, devs[i].node, NULL));
		/* Clear of the domain's own GIC frames and RAM (the core maps devices at IPA ==
		 * PA). */
		CHECK(devs[i].base + devs[i].size <= GUEST_GICD_BASE || devs[i].base >= gicr_end);
		CHECK(devs[i].base + devs[i].size <= GUEST_RAM_BASE);
		CHECK(devs[i].size >= 0x100);
		CHECK(devs[i].intid >= 32 && devs[i].intid <= GUEST_SPI_LAST);
		if (CHECK(parent != NULL && length == 4)) {
			CHECK_EQ(fdt32_to_cpu(*parent), fdt_get_phandle(fdt, gic));
		}
		CHECK(fdt_getprop(fdt, devs[i].node, "dma-coherent", NULL) != NULL);
		CHECK(fdt_getprop(fdt, devs[i].node, "phandle", NULL) == NULL);
	}
	test_context(NULL);
}
