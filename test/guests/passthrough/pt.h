/* SPDX-License-Identifier: MIT */
/* Shared by the pass-through cases: the virtio-mmio transports the domain's DT names. */
#ifndef TEST_GUESTS_PASSTHROUGH_PT_H
#define TEST_GUESTS_PASSTHROUGH_PT_H

#include <libos/virtio_mmio.h>

/* Transports a domain of this test may be given. */
#define PT_DEVICE_MAX 8u
#define PT_PAGE_SIZE 0x1000u

/**
 * The virtio,mmio nodes of the DT, read once: *devs points at them. Returns
 * how many there are, or the error of virtio_mmio_find.
 */
int pt_devices(const struct virtio_mmio_dev **devs);

/**
 * Whether dev's registers answer a load rather than abort (as they would if
 * the core had not mapped them).
 */
bool pt_mapped(const struct virtio_mmio_dev *dev);

/** The first mapped transport whose DeviceID is VIRTIO_ID_ENTROPY, or NULL. */
const struct virtio_mmio_dev *pt_entropy_device(void);

/** Whether some page of [address, address + size) is under one of the transports. */
bool pt_ours(uintptr_t address, uint64_t size);

#endif
