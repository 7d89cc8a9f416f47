// SPDX-License-Identifier: MIT
/* Each transport given is a modern (version 2) virtio-mmio one; one of them is an entropy device.
 */
#include <libfdt.h>
#include <libos/dt.h>
#include <libos/test.h>

#include "pt.h"

TEST(passthrough, transport)
{
	const struct virtio_mmio_dev *devs;
	int count = pt_devices(&devs);
	int entropy = 0;

	REQUIRE(count >= 1);
	for (int i = 0; i < count; i++) {
		int id;

		test_context("%s", fdt_get_name(dt_blob(), devs[i].node, NULL));
		if (!CHECK(pt_mapped(&devs[i]))) {
			continue;
		}
		CHECK_EQ(virtio_mmio_read(&devs[i], VIRTIO_MMIO_MAGIC), VIRTIO_MMIO_MAGIC_VALUE);
		/* QEMU runs with virtio-mmio.force-legacy=false: version 1 would be legacy. */
		CHECK_EQ(virtio_mmio_read(&devs[i], VIRTIO_MMIO_VERSION),
			 VIRTIO_MMIO_VERSION_MODERN);
		id = virtio_mmio_probe(&devs[i]);
		CHECK(id >= 0);
		if (id == (int)VIRTIO_ID_ENTROPY) {
			entropy++;
		}
	}
	test_context(NULL);
	CHECK_EQ(entropy, 1);
	CHECK(pt_entropy_device() != NULL);
}
