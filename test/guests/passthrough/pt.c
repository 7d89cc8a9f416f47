// SPDX-License-Identifier: MIT
/* The virtio-mmio transports of the pass-through test, found once in the DT. */
#include <libos/arm64.h>
#include <libos/exc.h>
#include <libos/probe.h>
#include <stdbool.h>

#include "pt.h"

static struct virtio_mmio_dev pt_devs[PT_DEVICE_MAX];
static int pt_count;
static bool pt_found;

int pt_devices(const struct virtio_mmio_dev **devs)
{
	if (!pt_found) {
		pt_count = virtio_mmio_find(pt_devs, PT_DEVICE_MAX);
		pt_found = true;
	}
	*devs = pt_devs;
	return pt_count;
}

bool pt_mapped(const struct virtio_mmio_dev *dev)
{
	struct exc_record rec;

	exc_expect(ESR_EC_DABT_CUR, (uintptr_t)probe_read32_resume);
	(void)probe_read32(dev->base + VIRTIO_MMIO_MAGIC);
	return !exc_taken(&rec);
}

const struct virtio_mmio_dev *pt_entropy_device(void)
{
	const struct virtio_mmio_dev *devs;
	int count = pt_devices(&devs);

	for (int i = 0; i < count; i++) {
		if (pt_mapped(&devs[i]) && virtio_mmio_probe(&devs[i]) == (int)VIRTIO_ID_ENTROPY) {
			return &devs[i];
		}
	}
	return NULL;
}

bool pt_ours(uintptr_t address, uint64_t size)
{
	const struct virtio_mmio_dev *devs;
	int count = pt_devices(&devs);
	uintptr_t first = address & ~(uintptr_t)(PT_PAGE_SIZE - 1u);

	for (int i = 0; i < count; i++) {
		uintptr_t dev_first = devs[i].base & ~(uintptr_t)(PT_PAGE_SIZE - 1u);

		if (first < devs[i].base + devs[i].size && dev_first < address + size) {
			return true;
		}
	}
	return false;
}
