// SPDX-License-Identifier: MIT
/* The virtio-mmio transport, version 2: devices found in the domain's DT, their registers. */
#include <errno.h>
#include <libfdt.h>
#include <libos/counter.h>
#include <libos/dt.h>
#include <libos/mmio.h>
#include <libos/virtio_mmio.h>
#include <string.h>

/*
 * Locking: none. A transport belongs to one driver; its interrupt handler
 * only touches InterruptStatus and InterruptACK.
 */

/* The GIC binding's interrupt specifier: <type number flags>. */
#define VIRTIO_MMIO_DT_SPI 0u
#define VIRTIO_MMIO_DT_SPI_BASE 32u
#define VIRTIO_MMIO_DT_EDGE_MASK 0x3u /* flags 1 and 2: rising and falling edge */

/* How long a reset may take before the device is deemed stuck. */
#define VIRTIO_MMIO_RESET_NS 100000000ull

uint32_t virtio_mmio_read(const struct virtio_mmio_dev *dev, uint32_t reg)
{
	return mmio_read32(dev->base + reg);
}

void virtio_mmio_write(const struct virtio_mmio_dev *dev, uint32_t reg, uint32_t value)
{
	mmio_write32(dev->base + reg, value);
}

/* A number of cells (1 or 2) from a DT property; advances *cells. */
static uint64_t virtio_mmio_cells(const fdt32_t **cells, int count)
{
	uint64_t value = 0;

	for (int i = 0; i < count; i++) {
		value = value << 32 | fdt32_to_cpu(**cells);
		(*cells)++;
	}
	return value;
}

static bool virtio_mmio_cells_ok(int count)
{
	return count == 1 || count == 2;
}

/*
 * dma-ranges of bus: one (device address, CPU address, size) entry that
 * takes in all of the domain's RAM gives the offset; empty means none.
 */
static int virtio_mmio_dma_ranges(const void *fdt, int bus, const fdt32_t *ranges, int length,
				  uint64_t *offset)
{
	int parent = bus == 0 ? 0 : fdt_parent_offset(fdt, bus);
	int child_cells = fdt_address_cells(fdt, bus);
	int parent_cells = parent < 0 ? -1 : fdt_address_cells(fdt, parent);
	int size_cells = fdt_size_cells(fdt, bus);
	uint64_t device_address;
	uint64_t cpu_address;
	uint64_t size;
	uint64_t ram_base;
	uint64_t ram_size;

	if (length == 0) {
		*offset = 0;
		return 0;
	}
	if (!virtio_mmio_cells_ok(child_cells) || !virtio_mmio_cells_ok(parent_cells) ||
	    !virtio_mmio_cells_ok(size_cells) ||
	    length != (child_cells + parent_cells + size_cells) * 4 ||
	    dt_memory(&ram_base, &ram_size) != 0) {
		return -EINVAL;
	}
	device_address = virtio_mmio_cells(&ranges, child_cells);
	cpu_address = virtio_mmio_cells(&ranges, parent_cells);
	size = virtio_mmio_cells(&ranges, size_cells);
	if (ram_base < cpu_address || ram_base - cpu_address > size ||
	    ram_size > size - (ram_base - cpu_address)) {
		return -EINVAL;
	}
	*offset = device_address - cpu_address;
	return 0;
}

/* The DMA offset for dev: from the nearest enclosing dma-ranges; unknown without one. */
static int virtio_mmio_dma_offset(const void *fdt, int node, struct virtio_mmio_dev *dev)
{
	int bus = node;

	dev->dma_known = false;
	dev->dma_offset = 0;
	while (bus > 0) {
		int length;
		const fdt32_t *ranges;

		bus = fdt_parent_offset(fdt, bus);
		if (bus < 0) {
			return -EINVAL;
		}
		ranges = fdt_getprop(fdt, bus, "dma-ranges", &length);
		if (ranges != NULL) {
			int err =
				virtio_mmio_dma_ranges(fdt, bus, ranges, length, &dev->dma_offset);

			dev->dma_known = err == 0;
			return err;
		}
	}
	return 0;
}

/* The first interrupt of node, if it is an SPI given in the GIC's three cells. */
static void virtio_mmio_interrupt(const void *fdt, int node, struct virtio_mmio_dev *dev)
{
	int length;
	const fdt32_t *cells = fdt_getprop(fdt, node, "interrupts", &length);

	dev->intid = 0;
	dev->edge = false;
	if (cells == NULL || length < 12 || fdt32_to_cpu(cells[0]) != VIRTIO_MMIO_DT_SPI ||
	    fdt32_to_cpu(cells[1]) > 987u) {
		return;
	}
	dev->intid = VIRTIO_MMIO_DT_SPI_BASE + fdt32_to_cpu(cells[1]);
	dev->edge = (fdt32_to_cpu(cells[2]) & VIRTIO_MMIO_DT_EDGE_MASK) != 0;
}

/* Fill in dev from node: reg (its first range), interrupt, DMA offset. */
static int virtio_mmio_read_node(const void *fdt, int node, struct virtio_mmio_dev *dev)
{
	int parent = fdt_parent_offset(fdt, node);
	int address_cells = parent < 0 ? -1 : fdt_address_cells(fdt, parent);
	int size_cells = parent < 0 ? -1 : fdt_size_cells(fdt, parent);
	int length;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &length);

	if (reg == NULL || !virtio_mmio_cells_ok(address_cells) ||
	    !virtio_mmio_cells_ok(size_cells) || length < (address_cells + size_cells) * 4) {
		return -EINVAL;
	}
	memset(dev, 0, sizeof(*dev));
	dev->node = node;
	dev->base = (uintptr_t)virtio_mmio_cells(&reg, address_cells);
	dev->size = virtio_mmio_cells(&reg, size_cells);
	if (dev->size < VIRTIO_MMIO_CONFIG) {
		return -EINVAL;
	}
	virtio_mmio_interrupt(fdt, node, dev);
	return virtio_mmio_dma_offset(fdt, node, dev);
}

int virtio_mmio_find(struct virtio_mmio_dev *devs, unsigned int max)
{
	const void *fdt = dt_blob();
	unsigned int count = 0;
	int node;

	if (fdt == NULL) {
		return -ENODEV;
	}
	for (node = fdt_node_offset_by_compatible(fdt, -1, "virtio,mmio"); node >= 0 && count < max;
	     node = fdt_node_offset_by_compatible(fdt, node, "virtio,mmio")) {
		int err = virtio_mmio_read_node(fdt, node, &devs[count]);

		if (err != 0) {
			return err;
		}
		count++;
	}
	return (int)count;
}

int virtio_mmio_probe(const struct virtio_mmio_dev *dev)
{
	if (virtio_mmio_read(dev, VIRTIO_MMIO_MAGIC) != VIRTIO_MMIO_MAGIC_VALUE) {
		return -ENODEV;
	}
	if (virtio_mmio_read(dev, VIRTIO_MMIO_VERSION) != VIRTIO_MMIO_VERSION_MODERN) {
		return -EPROTONOSUPPORT;
	}
	return (int)(virtio_mmio_read(dev, VIRTIO_MMIO_DEVICE_ID) & 0x7fffffffu);
}

int virtio_mmio_reset(const struct virtio_mmio_dev *dev)
{
	uint64_t deadline = counter_read() + counter_from_ns(VIRTIO_MMIO_RESET_NS);

	virtio_mmio_write(dev, VIRTIO_MMIO_STATUS, 0);
	while (virtio_mmio_read(dev, VIRTIO_MMIO_STATUS) != 0) {
		if (counter_read() >= deadline) {
			return -ETIMEDOUT;
		}
	}
	return 0;
}

void virtio_mmio_set_status(const struct virtio_mmio_dev *dev, uint32_t bits)
{
	uint32_t status = virtio_mmio_read(dev, VIRTIO_MMIO_STATUS);

	virtio_mmio_write(dev, VIRTIO_MMIO_STATUS, status | bits);
}

static uint64_t virtio_mmio_device_features(const struct virtio_mmio_dev *dev)
{
	uint64_t features;

	virtio_mmio_write(dev, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	features = (uint64_t)virtio_mmio_read(dev, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	virtio_mmio_write(dev, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	return features | virtio_mmio_read(dev, VIRTIO_MMIO_DEVICE_FEATURES);
}

int virtio_mmio_negotiate(const struct virtio_mmio_dev *dev, uint64_t wanted, uint64_t *accepted)
{
	uint64_t features;

	virtio_mmio_set_status(dev, VIRTIO_STATUS_ACKNOWLEDGE);
	virtio_mmio_set_status(dev, VIRTIO_STATUS_DRIVER);
	features = virtio_mmio_device_features(dev) & wanted;
	if ((features & VIRTIO_FEATURE(VIRTIO_F_VERSION_1)) == 0) {
		virtio_mmio_set_status(dev, VIRTIO_STATUS_FAILED);
		return -ENOTSUP;
	}
	virtio_mmio_write(dev, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	virtio_mmio_write(dev, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)features);
	virtio_mmio_write(dev, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	virtio_mmio_write(dev, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(features >> 32));
	virtio_mmio_set_status(dev, VIRTIO_STATUS_FEATURES_OK);
	if ((virtio_mmio_read(dev, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK) == 0) {
		virtio_mmio_set_status(dev, VIRTIO_STATUS_FAILED);
		return -EIO;
	}
	*accepted = features;
	return 0;
}

uint32_t virtio_mmio_queue_max(const struct virtio_mmio_dev *dev, unsigned int index)
{
	virtio_mmio_write(dev, VIRTIO_MMIO_QUEUE_SEL, index);
	return virtio_mmio_read(dev, VIRTIO_MMIO_QUEUE_NUM_MAX);
}

/* Write a 64-bit address into a LOW/HIGH register pair. */
static void virtio_mmio_write_address(const struct virtio_mmio_dev *dev, uint32_t low,
				      uint64_t address)
{
	virtio_mmio_write(dev, low, (uint32_t)address);
	virtio_mmio_write(dev, low + 4u, (uint32_t)(address >> 32));
}

int virtio_mmio_queue_setup(const struct virtio_mmio_dev *dev, unsigned int index,
			    const struct virtq *vq)
{
	uint32_t max;

	if (!dev->dma_known) {
		return -EFAULT;
	}
	max = virtio_mmio_queue_max(dev, index);
	if (max == 0) {
		return -ENOENT;
	}
	if (virtio_mmio_read(dev, VIRTIO_MMIO_QUEUE_READY) != 0) {
		return -EBUSY;
	}
	if (vq->size > max) {
		return -EINVAL;
	}
	virtio_mmio_write(dev, VIRTIO_MMIO_QUEUE_NUM, vq->size);
	virtio_mmio_write_address(dev, VIRTIO_MMIO_QUEUE_DESC_LOW, virtq_desc_addr(vq));
	virtio_mmio_write_address(dev, VIRTIO_MMIO_QUEUE_DRIVER_LOW, virtq_avail_addr(vq));
	virtio_mmio_write_address(dev, VIRTIO_MMIO_QUEUE_DEVICE_LOW, virtq_used_addr(vq));
	virtio_mmio_write(dev, VIRTIO_MMIO_QUEUE_READY, 1);
	return 0;
}

void virtio_mmio_notify(const struct virtio_mmio_dev *dev, unsigned int index)
{
	/* The ring writes (Normal memory) must reach the device before the doorbell does. */
	__asm__ volatile("dsb st" ::: "memory");
	virtio_mmio_write(dev, VIRTIO_MMIO_QUEUE_NOTIFY, index);
}

uint32_t virtio_mmio_interrupt_ack(const struct virtio_mmio_dev *dev)
{
	uint32_t status = virtio_mmio_read(dev, VIRTIO_MMIO_INTERRUPT_STATUS);

	if (status != 0) {
		virtio_mmio_write(dev, VIRTIO_MMIO_INTERRUPT_ACK, status);
	}
	return status;
}
