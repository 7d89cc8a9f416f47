/* SPDX-License-Identifier: MIT */
/* The virtio-mmio transport (version 2): finding devices in the DT and driving their registers. */
#ifndef LIBOS_VIRTIO_MMIO_H
#define LIBOS_VIRTIO_MMIO_H

#include <stdbool.h>
#include <stdint.h>

#include <libos/virtio.h>

/*
 * Registers of a virtio-mmio transport (virtio 1.x, "MMIO Device Register
 * Layout"), offsets from its base, all 32 bits wide and accessed as such.
 * R: the driver reads it; W: the driver writes it.
 */
#define VIRTIO_MMIO_MAGIC 0x000u               /* R: 0x74726976, "virt" in little-endian */
#define VIRTIO_MMIO_VERSION 0x004u             /* R: 2 (1 is the legacy interface) */
#define VIRTIO_MMIO_DEVICE_ID 0x008u           /* R: VIRTIO_ID_*, 0 for an empty transport */
#define VIRTIO_MMIO_VENDOR_ID 0x00cu           /* R */
#define VIRTIO_MMIO_DEVICE_FEATURES 0x010u     /* R: the 32 bits DEVICE_FEATURES_SEL picks */
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014u /* W: 0 for bits 0-31, 1 for bits 32-63 */
#define VIRTIO_MMIO_DRIVER_FEATURES 0x020u     /* W: the bits the driver accepts, likewise */
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024u /* W */
#define VIRTIO_MMIO_QUEUE_SEL 0x030u           /* W: the queue QUEUE_* act on */
#define VIRTIO_MMIO_QUEUE_NUM_MAX 0x034u    /* R: its largest size; 0 if there is no such queue */
#define VIRTIO_MMIO_QUEUE_NUM 0x038u        /* W: the size the driver chose */
#define VIRTIO_MMIO_QUEUE_READY 0x044u      /* RW: 1 once the driver has set the queue up */
#define VIRTIO_MMIO_QUEUE_NOTIFY 0x050u     /* W: a queue index: it has new buffers */
#define VIRTIO_MMIO_INTERRUPT_STATUS 0x060u /* R: why the interrupt is asserted */
#define VIRTIO_MMIO_INTERRUPT_ACK 0x064u    /* W: the bits of INTERRUPT_STATUS handled */
#define VIRTIO_MMIO_STATUS 0x070u           /* RW: VIRTIO_STATUS_*; writing 0 resets */
#define VIRTIO_MMIO_QUEUE_DESC_LOW 0x080u   /* W: descriptor table address, low and high words */
#define VIRTIO_MMIO_QUEUE_DESC_HIGH 0x084u
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW 0x090u /* W: available ring address */
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH 0x094u
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW 0x0a0u /* W: used ring address */
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH 0x0a4u
#define VIRTIO_MMIO_CONFIG_GENERATION 0x0fcu /* R */
#define VIRTIO_MMIO_CONFIG 0x100u            /* device-specific configuration space */

#define VIRTIO_MMIO_MAGIC_VALUE 0x74726976u
#define VIRTIO_MMIO_VERSION_MODERN 2u

/* INTERRUPT_STATUS bits. */
#define VIRTIO_MMIO_INT_USED_BUFFER 0x1u /* a queue has new used buffers */
#define VIRTIO_MMIO_INT_CONFIG 0x2u      /* the configuration space changed */

/** A virtio-mmio transport as the domain's DT describes it. */
struct virtio_mmio_dev {
	uintptr_t base;      /* its registers (the libOS maps low IPAs 1:1 as Device memory) */
	uint64_t size;       /* bytes of reg */
	unsigned int intid;  /* its interrupt (32 + the SPI number), 0 if it has none */
	bool edge;           /* whether the interrupt is edge-triggered (else level) */
	bool dma_known;      /* whether the DT says how the device addresses RAM (dma-ranges) */
	uint64_t dma_offset; /* add to a CPU address to get the device's, from dma-ranges */
	int node;            /* its DT node offset */
};

/**
 * Find up to max nodes compatible with "virtio,mmio" in the domain's DT, in
 * DT order, and fill in devs. How a device addresses the domain's RAM comes
 * from the nearest dma-ranges of an enclosing node, the root included: empty
 * means as the CPU does, one (device address, CPU address, size) entry that
 * takes in all of the RAM gives the offset. Without dma-ranges the DT does
 * not say (the device sees host physical addresses, which a domain's IPAs
 * need not be): dma_known is false and no queue can be set up. Returns how
 * many were found, -ENODEV without a DT, -EINVAL for a node whose reg or
 * dma-ranges this cannot use (a node whose interrupts it cannot read is
 * given intid 0).
 */
int virtio_mmio_find(struct virtio_mmio_dev *devs, unsigned int max);

uint32_t virtio_mmio_read(const struct virtio_mmio_dev *dev, uint32_t reg);
void virtio_mmio_write(const struct virtio_mmio_dev *dev, uint32_t reg, uint32_t value);

/**
 * Check that the transport speaks virtio-mmio version 2. Returns its
 * DeviceID (0: no device behind it), -ENODEV if the magic value is wrong,
 * -EPROTONOSUPPORT for another version (1: legacy).
 */
int virtio_mmio_probe(const struct virtio_mmio_dev *dev);

/** Reset the device (status 0) and wait until it reads back 0. Returns 0 or -ETIMEDOUT. */
int virtio_mmio_reset(const struct virtio_mmio_dev *dev);

/**
 * The first steps of initialisation, after a reset: ACKNOWLEDGE and DRIVER,
 * then accept the features both wanted and offered (VIRTIO_F_VERSION_1 must
 * be among them) and set FEATURES_OK. *accepted gets what was accepted.
 * Returns 0; -ENOTSUP if the device does not offer VERSION_1 or the caller
 * does not want it; -EIO if the device does not keep FEATURES_OK. On error
 * the device is marked FAILED.
 */
int virtio_mmio_negotiate(const struct virtio_mmio_dev *dev, uint64_t wanted, uint64_t *accepted);

/**
 * Give queue index the ring vq (set up with virtq_init with dev's
 * dma_offset, of a size up to what the device allows) and mark it ready.
 * Returns 0; -EFAULT if the DT does not say how the device addresses RAM
 * (dma_known is false: the device would read and write the wrong memory);
 * -ENOENT if the device has no such queue; -EBUSY if it is ready already;
 * -EINVAL if vq is larger than the device allows.
 */
int virtio_mmio_queue_setup(const struct virtio_mmio_dev *dev, unsigned int index,
			    const struct virtq *vq);

/** The largest queue size the device allows for queue index (0: no such queue). */
uint32_t virtio_mmio_queue_max(const struct virtio_mmio_dev *dev, unsigned int index);

/** Add bits to the device status (DRIVER_OK to finish initialisation, FAILED to give up). */
void virtio_mmio_set_status(const struct virtio_mmio_dev *dev, uint32_t bits);

/** Tell the device queue index has new buffers; earlier memory writes are seen first. */
void virtio_mmio_notify(const struct virtio_mmio_dev *dev, unsigned int index);

/** Read InterruptStatus and acknowledge what it shows; returns it. For the interrupt handler. */
uint32_t virtio_mmio_interrupt_ack(const struct virtio_mmio_dev *dev);

#endif
