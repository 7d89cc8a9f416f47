// SPDX-License-Identifier: MIT
/* virtio-blk over virtio-mmio: configuration, asynchronous requests, completions in the loop. */
#include <abi/errno.h>
#include <errno.h>
#include <libos/dt.h>
#include <libos/gic.h>
#include <libos/irq.h>
#include <libos/loop.h>
#include <libos/mmio.h>
#include <libos/virtio_blk.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

/*
 * Locking: none. Everything is thread context on the boot vCPU but
 * stats.interrupts and the loop source, which the interrupt handler
 * touches (its own counter; loop_source_raise is atomic).
 *
 * Memory the device reaches (queue areas, each request's header, discard
 * segment and status byte) comes from the heap, which is the domain's own
 * RAM; the DT's dma-ranges give the device's view of it (dev.dma_offset).
 * The device is coherent (QEMU virt): no cache maintenance, as virtq.c.
 */

/* Offsets in the configuration space (virtio 1.x struct virtio_blk_config). */
#define VIRTIO_BLK_CFG_CAPACITY 0x00u        /* le64, 512-byte sectors */
#define VIRTIO_BLK_CFG_SIZE_MAX 0x08u        /* le32 */
#define VIRTIO_BLK_CFG_SEG_MAX 0x0cu         /* le32 */
#define VIRTIO_BLK_CFG_BLK_SIZE 0x14u        /* le32 */
#define VIRTIO_BLK_CFG_PHYS_BLOCK_EXP 0x18u  /* u8: physical = logical << exp */
#define VIRTIO_BLK_CFG_MAX_DISCARD 0x24u     /* le32: max_discard_sectors */
#define VIRTIO_BLK_CFG_MAX_DISCARD_SEG 0x28u /* le32 */
#define VIRTIO_BLK_CFG_DISCARD_ALIGN 0x2cu   /* le32: discard_sector_alignment, sectors */
#define VIRTIO_BLK_CFG_END 0x3cu             /* the transport must cover this much */

#define VIRTIO_BLK_QUEUE 0u
#define VIRTIO_BLK_QUEUE_MIN 4u /* room for one request of one buffer, and some */
#define VIRTIO_BLK_CONFIG_TRIES 16
#define VIRTIO_BLK_BLOCK_MIN 512u
#define VIRTIO_BLK_BLOCK_MAX 65536u
#define VIRTIO_BLK_PHYS_BLOCK_MAX (1u << 20)
#define VIRTIO_BLK_BUF_LEN_MIN 4096u
#define VIRTIO_BLK_STATUS_UNSET 0xffu /* what the status byte holds until the device writes it */
#define VIRTIO_BLK_NO_SLOT 0xffffu

#define VIRTIO_BLK_WANTED                                                             \
	(VIRTIO_FEATURE(VIRTIO_F_VERSION_1) | VIRTIO_FEATURE(VIRTIO_BLK_F_SIZE_MAX) | \
	 VIRTIO_FEATURE(VIRTIO_BLK_F_SEG_MAX) | VIRTIO_FEATURE(VIRTIO_BLK_F_RO) |     \
	 VIRTIO_FEATURE(VIRTIO_BLK_F_BLK_SIZE) | VIRTIO_FEATURE(VIRTIO_BLK_F_FLUSH) | \
	 VIRTIO_FEATURE(VIRTIO_BLK_F_TOPOLOGY) | VIRTIO_FEATURE(VIRTIO_BLK_F_DISCARD))

/** The header the device reads first (struct virtio_blk_req's start). */
struct virtio_blk_header {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};
_Static_assert(sizeof(struct virtio_blk_header) == 16, "virtio_blk_header layout");

/** A DISCARD's one segment (struct virtio_blk_discard_write_zeroes). */
struct virtio_blk_segment {
	uint64_t sector;
	uint32_t num_sectors;
	uint32_t flags; /* unmap: WRITE_ZEROES only, 0 here */
};
_Static_assert(sizeof(struct virtio_blk_segment) == 16, "virtio_blk_segment layout");

/** One request's bytes the device reaches: read-only for it but the status byte. */
struct virtio_blk_dma {
	struct virtio_blk_header header;
	struct virtio_blk_segment segment;
	uint8_t status;
	uint8_t unused[31];
};
_Static_assert(sizeof(struct virtio_blk_dma) == 64, "virtio_blk_dma layout");

/** The driver's own record of a request in flight; done is NULL for a free slot. */
struct virtio_blk_slot {
	virtio_blk_done_fn done;
	void *arg;
	uint16_t next_free;
};

struct virtio_blk {
	struct virtio_mmio_dev dev;
	struct virtio_blk_info info;
	struct virtio_blk_stats stats;
	uint64_t features;
	uint64_t ram_base; /* the domain's RAM: the only memory buffers may be in */
	uint64_t ram_size;
	bool broken; /* the device broke the ring protocol and was reset */
	struct virtq vq;
	void *area;                                   /* the queue's areas (heap) */
	struct virtio_blk_dma *dma;                   /* one a slot (heap) */
	struct virtio_blk_slot slots[VIRTQ_SIZE_MAX]; /* as many as descriptors: always enough */
	uint16_t head_slot[VIRTQ_SIZE_MAX];           /* chain head -> slot, for chains out */
	uint16_t free_slot;
	unsigned int in_flight;
	struct loop_source source;
	struct virtq_buf chain[VIRTQ_SIZE_MAX]; /* scratch for building one chain */
};

static int virtio_blk_xen_errno(int err)
{
	switch (err) {
	case -ENOTSUP:
		return -XEN_EOPNOTSUPP;
	case -EFAULT:
		return -XEN_EFAULT;
	case -ENOMEM:
		return -XEN_ENOMEM;
	default:
		return -XEN_EIO;
	}
}

static uint32_t virtio_blk_cfg32(const struct virtio_blk *blk, uint32_t offset)
{
	return mmio_read32(blk->dev.base + VIRTIO_MMIO_CONFIG + offset);
}

static uint8_t virtio_blk_cfg8(const struct virtio_blk *blk, uint32_t offset)
{
	return mmio_read8(blk->dev.base + VIRTIO_MMIO_CONFIG + offset);
}

static bool virtio_blk_has(const struct virtio_blk *blk, unsigned int bit)
{
	return (blk->features & VIRTIO_FEATURE(bit)) != 0;
}

/** The configuration fields, as the device gave them in one generation. */
struct virtio_blk_config {
	uint64_t capacity;
	uint32_t size_max;
	uint32_t seg_max;
	uint32_t blk_size;
	uint8_t physical_block_exp;
	uint32_t max_discard_sectors;
	uint32_t max_discard_seg;
	uint32_t discard_alignment;
};

static void virtio_blk_read_fields(const struct virtio_blk *blk, struct virtio_blk_config *c)
{
	c->capacity = virtio_blk_cfg32(blk, VIRTIO_BLK_CFG_CAPACITY) |
		      (uint64_t)virtio_blk_cfg32(blk, VIRTIO_BLK_CFG_CAPACITY + 4u) << 32;
	c->size_max = virtio_blk_cfg32(blk, VIRTIO_BLK_CFG_SIZE_MAX);
	c->seg_max = virtio_blk_cfg32(blk, VIRTIO_BLK_CFG_SEG_MAX);
	c->blk_size = virtio_blk_cfg32(blk, VIRTIO_BLK_CFG_BLK_SIZE);
	c->physical_block_exp = virtio_blk_cfg8(blk, VIRTIO_BLK_CFG_PHYS_BLOCK_EXP);
	c->max_discard_sectors = virtio_blk_cfg32(blk, VIRTIO_BLK_CFG_MAX_DISCARD);
	c->max_discard_seg = virtio_blk_cfg32(blk, VIRTIO_BLK_CFG_MAX_DISCARD_SEG);
	c->discard_alignment = virtio_blk_cfg32(blk, VIRTIO_BLK_CFG_DISCARD_ALIGN);
}

/* The fields read twice over one generation: capacity is two words the device may change. */
static int virtio_blk_read_config(const struct virtio_blk *blk, struct virtio_blk_config *c)
{
	for (int i = 0; i < VIRTIO_BLK_CONFIG_TRIES; i++) {
		uint32_t generation = virtio_mmio_read(&blk->dev, VIRTIO_MMIO_CONFIG_GENERATION);

		virtio_blk_read_fields(blk, c);
		if (virtio_mmio_read(&blk->dev, VIRTIO_MMIO_CONFIG_GENERATION) == generation) {
			return 0;
		}
	}
	return -XEN_EIO;
}

static bool virtio_blk_power_of_two(uint32_t value)
{
	return value != 0 && (value & (value - 1u)) == 0;
}

/* Block sizes: the logical one a power of two, 512 B to 64 KiB; the physical one up to 1 MiB. */
static int virtio_blk_block_sizes(struct virtio_blk *blk, const struct virtio_blk_config *c)
{
	uint32_t logical = VIRTIO_BLK_BLOCK_MIN;
	uint32_t exp = 0;

	if (virtio_blk_has(blk, VIRTIO_BLK_F_BLK_SIZE)) {
		logical = c->blk_size;
	}
	if (!virtio_blk_power_of_two(logical) || logical < VIRTIO_BLK_BLOCK_MIN ||
	    logical > VIRTIO_BLK_BLOCK_MAX) {
		return -XEN_EIO;
	}
	if (virtio_blk_has(blk, VIRTIO_BLK_F_TOPOLOGY)) {
		exp = c->physical_block_exp;
	}
	if (exp > 11u || (logical << exp) > VIRTIO_BLK_PHYS_BLOCK_MAX) {
		return -XEN_EIO;
	}
	blk->info.logical_block_size = logical;
	blk->info.physical_block_size = logical << exp;
	return 0;
}

/* Buffers: how many a request (seg_max, and the queue: header and status take two) and how long. */
static int virtio_blk_buffer_limits(struct virtio_blk *blk, const struct virtio_blk_config *c)
{
	uint32_t max_bufs = (uint32_t)blk->vq.size - 2u;

	if (virtio_blk_has(blk, VIRTIO_BLK_F_SEG_MAX)) {
		if (c->seg_max == 0) {
			return -XEN_EIO;
		}
		max_bufs = c->seg_max < max_bufs ? c->seg_max : max_bufs;
	}
	blk->info.max_bufs = max_bufs;
	blk->info.max_buf_len = UINT32_MAX;
	if (virtio_blk_has(blk, VIRTIO_BLK_F_SIZE_MAX)) {
		if (c->size_max < VIRTIO_BLK_BUF_LEN_MIN) {
			return -XEN_EIO;
		}
		blk->info.max_buf_len = c->size_max;
	}
	return 0;
}

/* Discard: offered, with room for a sector and a segment; the alignment in bytes must fit. */
static int virtio_blk_discard_limits(struct virtio_blk *blk, const struct virtio_blk_config *c)
{
	uint32_t alignment = c->discard_alignment;

	blk->info.discard = false;
	blk->info.discard_granularity_bytes = 0;
	blk->info.max_discard_sectors = 0;
	if (!virtio_blk_has(blk, VIRTIO_BLK_F_DISCARD) || c->max_discard_sectors == 0 ||
	    c->max_discard_seg == 0) {
		return 0;
	}
	if (alignment > UINT32_MAX / VIRTIO_BLK_SECTOR_SIZE) {
		return -XEN_EIO;
	}
	blk->info.discard = true;
	blk->info.max_discard_sectors = c->max_discard_sectors;
	blk->info.discard_granularity_bytes =
		alignment != 0 ? alignment * VIRTIO_BLK_SECTOR_SIZE : blk->info.logical_block_size;
	return 0;
}

/* Read and check the configuration into blk->info (the queue is set up: its size counts). */
static int virtio_blk_configure(struct virtio_blk *blk)
{
	struct virtio_blk_config c;
	int err = virtio_blk_read_config(blk, &c);

	if (err == 0) {
		err = virtio_blk_block_sizes(blk, &c);
	}
	if (err == 0) {
		err = virtio_blk_buffer_limits(blk, &c);
	}
	if (err == 0) {
		err = virtio_blk_discard_limits(blk, &c);
	}
	if (err != 0) {
		return err;
	}
	blk->info.sectors = c.capacity;
	blk->info.readonly = virtio_blk_has(blk, VIRTIO_BLK_F_RO);
	blk->info.flush = virtio_blk_has(blk, VIRTIO_BLK_F_FLUSH);
	return 0;
}

/* The largest power of two the device and virtq.c both allow, at least VIRTIO_BLK_QUEUE_MIN. */
static uint16_t virtio_blk_queue_size(const struct virtio_blk *blk)
{
	uint32_t max = virtio_mmio_queue_max(&blk->dev, VIRTIO_BLK_QUEUE);
	uint32_t size = VIRTQ_SIZE_MAX;

	while (size > max) {
		size /= 2u;
	}
	return size < VIRTIO_BLK_QUEUE_MIN ? 0 : (uint16_t)size;
}

static void virtio_blk_slots_init(struct virtio_blk *blk)
{
	for (uint16_t i = 0; i < blk->vq.size; i++) {
		blk->slots[i] = (struct virtio_blk_slot){ .next_free = (uint16_t)(i + 1u) };
		blk->head_slot[i] = VIRTIO_BLK_NO_SLOT;
	}
	blk->free_slot = 0;
}

/* The queue's areas and the requests' DMA bytes in the heap; queue 0 given to the device. */
static int virtio_blk_queue_init(struct virtio_blk *blk)
{
	uint16_t size = virtio_blk_queue_size(blk);
	int err;

	if (size == 0) {
		return -XEN_EIO;
	}
	blk->area = memalign(4096, virtq_area_size(size));
	blk->dma = memalign(64, sizeof(*blk->dma) * size);
	if (blk->area == NULL || blk->dma == NULL) {
		return -XEN_ENOMEM;
	}
	memset(blk->dma, 0, sizeof(*blk->dma) * size);
	err = virtq_init(&blk->vq, blk->area, virtq_area_size(size), size, blk->dev.dma_offset);
	if (err == 0) {
		err = virtio_mmio_queue_setup(&blk->dev, VIRTIO_BLK_QUEUE, &blk->vq);
	}
	if (err != 0) {
		return virtio_blk_xen_errno(err);
	}
	virtio_blk_slots_init(blk);
	return 0;
}

/* IRQ context: acknowledge, count, hand the used entries to thread context. */
static void virtio_blk_interrupt(unsigned int intid, void *arg)
{
	struct virtio_blk *blk = arg;
	uint32_t status = virtio_mmio_interrupt_ack(&blk->dev);

	(void)intid;
	__atomic_add_fetch(&blk->stats.interrupts, 1, __ATOMIC_RELAXED);
	if ((status & VIRTIO_MMIO_INT_USED_BUFFER) != 0) {
		loop_source_raise(&blk->source);
	}
}

static int virtio_blk_irq_init(struct virtio_blk *blk)
{
	unsigned int intid = blk->dev.intid;

	if (irq_set_handler(intid, virtio_blk_interrupt, blk) != 0 ||
	    gic_irq_set_edge(intid, blk->dev.edge) != 0 || gic_spi_route(intid, 0) != 0 ||
	    gic_irq_enable(intid) != 0) {
		(void)irq_set_handler(intid, NULL, NULL);
		return -XEN_EIO;
	}
	return 0;
}

static void virtio_blk_irq_fini(struct virtio_blk *blk)
{
	(void)gic_irq_disable(blk->dev.intid);
	(void)irq_set_handler(blk->dev.intid, NULL, NULL);
}

static void virtio_blk_free(struct virtio_blk *blk)
{
	free(blk->area);
	free(blk->dma);
	free(blk);
}

static void virtio_blk_drain(struct loop_source *source, void *arg);

/* Checks before any set-up: a block device with an SPI whose DMA view of RAM is known. */
static int virtio_blk_check_dev(const struct virtio_mmio_dev *dev)
{
	if (dev->size < VIRTIO_MMIO_CONFIG + VIRTIO_BLK_CFG_END ||
	    virtio_mmio_probe(dev) != (int)VIRTIO_ID_BLOCK || dev->intid < GIC_SPI_BASE) {
		return -XEN_ENODEV;
	}
	return dev->dma_known ? 0 : -XEN_EFAULT;
}

/* Everything up to DRIVER_OK but the interrupt. */
static int virtio_blk_start(struct virtio_blk *blk)
{
	int err = virtio_mmio_reset(&blk->dev);

	if (err == 0) {
		err = virtio_mmio_negotiate(&blk->dev, VIRTIO_BLK_WANTED, &blk->features);
	}
	if (err != 0) {
		return virtio_blk_xen_errno(err);
	}
	err = virtio_blk_queue_init(blk);
	if (err == 0) {
		err = virtio_blk_configure(blk);
	}
	return err;
}

int virtio_blk_find(struct virtio_mmio_dev *devs, unsigned int max)
{
	struct virtio_mmio_dev all[VIRTIO_BLK_FIND_MAX];
	int found = virtio_mmio_find(all, VIRTIO_BLK_FIND_MAX);
	unsigned int count = 0;

	if (found < 0) {
		return found == -ENODEV ? -XEN_ENODEV : -XEN_EINVAL;
	}
	for (int i = 0; i < found && count < max; i++) {
		if (virtio_mmio_probe(&all[i]) == (int)VIRTIO_ID_BLOCK) {
			devs[count++] = all[i];
		}
	}
	return (int)count;
}

int virtio_blk_open(const struct virtio_mmio_dev *dev, struct virtio_blk **out)
{
	struct virtio_blk *blk;
	int err = virtio_blk_check_dev(dev);

	if (err != 0) {
		return err;
	}
	blk = calloc(1, sizeof(*blk));
	if (blk == NULL) {
		return -XEN_ENOMEM;
	}
	blk->dev = *dev;
	if (dt_memory(&blk->ram_base, &blk->ram_size) != 0) {
		err = -XEN_ENODEV;
		goto out_free;
	}
	err = virtio_blk_start(blk);
	if (err == 0) {
		err = virtio_blk_irq_init(blk);
	}
	if (err != 0) {
		goto out_fail;
	}
	loop_source_init(&blk->source, virtio_blk_drain, blk);
	loop_source_add(&blk->source);
	virtio_mmio_set_status(&blk->dev, VIRTIO_STATUS_DRIVER_OK);
	*out = blk;
	return 0;

out_fail:
	virtio_mmio_set_status(&blk->dev, VIRTIO_STATUS_FAILED);
	(void)virtio_mmio_reset(&blk->dev);
out_free:
	virtio_blk_free(blk);
	return err;
}

const struct virtio_blk_info *virtio_blk_info(const struct virtio_blk *blk)
{
	return &blk->info;
}

unsigned int virtio_blk_in_flight(const struct virtio_blk *blk)
{
	return blk->in_flight;
}

void virtio_blk_get_stats(const struct virtio_blk *blk, struct virtio_blk_stats *out)
{
	*out = blk->stats;
	out->interrupts = __atomic_load_n(&blk->stats.interrupts, __ATOMIC_RELAXED);
}

/* Whether [addr, addr + len) is a non-empty range inside the domain's RAM. */
static bool virtio_blk_in_ram(const struct virtio_blk *blk, const void *addr, uint32_t len)
{
	uint64_t start = (uint64_t)(uintptr_t)addr;

	return len != 0 && start >= blk->ram_base && start - blk->ram_base < blk->ram_size &&
	       len <= blk->ram_size - (start - blk->ram_base);
}

/* READ and WRITE: 1..max_bufs buffers in RAM, each at most max_buf_len, whole sectors in all. */
static int virtio_blk_check_bufs(const struct virtio_blk *blk, const struct virtio_blk_request *req)
{
	uint64_t total = 0;

	if (req->bufs == NULL || req->buf_count == 0 || req->buf_count > blk->info.max_bufs) {
		return -XEN_EINVAL;
	}
	for (unsigned int i = 0; i < req->buf_count; i++) {
		const struct virtio_blk_buf *b = &req->bufs[i];

		if (b->len > blk->info.max_buf_len ||
		    (b->bus == 0 && !virtio_blk_in_ram(blk, b->addr, b->len))) {
			return -XEN_EINVAL;
		}
		total += b->len;
	}
	return total % VIRTIO_BLK_SECTOR_SIZE == 0 && total < UINT32_MAX ? 0 : -XEN_EINVAL;
}

static int virtio_blk_check_request(const struct virtio_blk *blk,
				    const struct virtio_blk_request *req)
{
	if (req->done == NULL) {
		return -XEN_EINVAL;
	}
	switch (req->op) {
	case VIRTIO_BLK_OP_READ:
		return virtio_blk_check_bufs(blk, req);
	case VIRTIO_BLK_OP_WRITE:
		return blk->info.readonly ? -XEN_EACCES : virtio_blk_check_bufs(blk, req);
	case VIRTIO_BLK_OP_FLUSH:
		return blk->info.flush ? 0 : -XEN_EOPNOTSUPP;
	case VIRTIO_BLK_OP_DISCARD:
		if (blk->info.readonly) {
			return -XEN_EACCES;
		}
		if (!blk->info.discard) {
			return -XEN_EOPNOTSUPP;
		}
		return req->discard_sectors != 0 &&
				       req->discard_sectors <= blk->info.max_discard_sectors
			       ? 0
			       : -XEN_EINVAL;
	default:
		return -XEN_EINVAL;
	}
}

static uint32_t virtio_blk_type(enum virtio_blk_op op)
{
	switch (op) {
	case VIRTIO_BLK_OP_READ:
		return VIRTIO_BLK_T_IN;
	case VIRTIO_BLK_OP_WRITE:
		return VIRTIO_BLK_T_OUT;
	case VIRTIO_BLK_OP_FLUSH:
		return VIRTIO_BLK_T_FLUSH;
	default:
		return VIRTIO_BLK_T_DISCARD;
	}
}

/*
 * Fill slot's DMA bytes and blk->chain for req: header, then the buffers
 * (device-writable for a READ) or the discard segment, then the status
 * byte. Returns the chain's length.
 */
static unsigned int virtio_blk_build(struct virtio_blk *blk, uint16_t slot,
				     const struct virtio_blk_request *req)
{
	struct virtio_blk_dma *d = &blk->dma[slot];
	struct virtq_buf *chain = blk->chain;
	unsigned int n = 0;
	bool data = req->op == VIRTIO_BLK_OP_READ || req->op == VIRTIO_BLK_OP_WRITE;

	d->header = (struct virtio_blk_header){
		.type = virtio_blk_type(req->op),
		.sector = req->op == VIRTIO_BLK_OP_FLUSH ? 0 : req->sector,
	};
	d->status = VIRTIO_BLK_STATUS_UNSET;
	chain[n++] = (struct virtq_buf){ .addr = &d->header, .len = sizeof(d->header) };
	if (req->op == VIRTIO_BLK_OP_DISCARD) {
		d->segment = (struct virtio_blk_segment){ .sector = req->sector,
							  .num_sectors = req->discard_sectors };
		chain[n++] = (struct virtq_buf){ .addr = &d->segment, .len = sizeof(d->segment) };
	}
	for (unsigned int i = 0; data && i < req->buf_count; i++) {
		chain[n++] = (struct virtq_buf){ .addr = req->bufs[i].addr,
						 .len = req->bufs[i].len,
						 .device_writes = req->op == VIRTIO_BLK_OP_READ,
						 .bus = req->bufs[i].bus };
	}
	chain[n++] = (struct virtq_buf){ .addr = &d->status, .len = 1, .device_writes = true };
	return n;
}

static uint16_t virtio_blk_chain_length(const struct virtio_blk_request *req)
{
	switch (req->op) {
	case VIRTIO_BLK_OP_READ:
	case VIRTIO_BLK_OP_WRITE:
		return (uint16_t)(req->buf_count + 2u);
	case VIRTIO_BLK_OP_DISCARD:
		return 3;
	default:
		return 2;
	}
}

int virtio_blk_submit(struct virtio_blk *blk, const struct virtio_blk_request *req)
{
	int err = blk->broken ? -XEN_EIO : virtio_blk_check_request(blk, req);
	uint16_t slot = blk->free_slot;
	unsigned int count;
	int head;

	if (err != 0) {
		return err;
	}
	if (blk->vq.free_count < virtio_blk_chain_length(req) || slot >= blk->vq.size) {
		return -XEN_EAGAIN;
	}
	count = virtio_blk_build(blk, slot, req);
	head = virtq_add(&blk->vq, blk->chain, count);
	if (head < 0) {
		return head == -ENOSPC ? -XEN_EAGAIN : -XEN_EINVAL;
	}
	blk->free_slot = blk->slots[slot].next_free;
	blk->slots[slot].done = req->done;
	blk->slots[slot].arg = req->arg;
	blk->head_slot[head] = slot;
	blk->in_flight++;
	blk->stats.submitted++;
	if (virtq_notify_wanted(&blk->vq)) {
		virtio_mmio_notify(&blk->dev, VIRTIO_BLK_QUEUE);
	}
	return 0;
}

/* Take slot's request off the books and tell its owner; the slot is free before done runs. */
static void virtio_blk_complete(struct virtio_blk *blk, uint16_t slot, int status)
{
	virtio_blk_done_fn done = blk->slots[slot].done;
	void *arg = blk->slots[slot].arg;

	blk->slots[slot] = (struct virtio_blk_slot){ .next_free = blk->free_slot };
	blk->free_slot = slot;
	blk->in_flight--;
	blk->stats.completed++;
	done(arg, status);
}

/* What the status byte says; anything but the three values (ours included) is an error. */
static int virtio_blk_status(struct virtio_blk *blk, uint16_t slot)
{
	uint8_t status = __atomic_load_n(&blk->dma[slot].status, __ATOMIC_RELAXED);

	switch (status) {
	case VIRTIO_BLK_S_OK:
		return 0;
	case VIRTIO_BLK_S_IOERR:
		return -XEN_EIO;
	case VIRTIO_BLK_S_UNSUPP:
		return -XEN_EOPNOTSUPP;
	default:
		blk->stats.bad_status++;
		return -XEN_EIO;
	}
}

/* Reset the device, so it stops reaching our memory, then fail everything in flight. */
static void virtio_blk_fail_all(struct virtio_blk *blk)
{
	(void)virtio_mmio_reset(&blk->dev);
	for (uint16_t head = 0; head < blk->vq.size; head++) {
		uint16_t slot = blk->head_slot[head];

		if (slot != VIRTIO_BLK_NO_SLOT) {
			blk->head_slot[head] = VIRTIO_BLK_NO_SLOT;
			virtio_blk_complete(blk, slot, -XEN_EIO);
		}
	}
}

/* The device broke the ring protocol: the queue is not used again. */
static void virtio_blk_break(struct virtio_blk *blk)
{
	blk->broken = true;
	blk->stats.ring_broken++;
	virtio_blk_fail_all(blk);
}

/* One used entry: 1 if a request completed or the entry was dropped, 0 if none, -1 broken. */
static int virtio_blk_take_one(struct virtio_blk *blk)
{
	uint16_t head = 0;
	uint32_t len = 0;
	uint16_t slot;
	int status;
	int err = virtq_next_used(&blk->vq, &head, &len);

	if (err == -EAGAIN) {
		return 0;
	}
	if (err == -EIO) {
		virtio_blk_break(blk);
		return -1;
	}
	if (err == -ENOENT || blk->head_slot[head] == VIRTIO_BLK_NO_SLOT) {
		blk->stats.bad_used++;
		return 1;
	}
	slot = blk->head_slot[head];
	blk->head_slot[head] = VIRTIO_BLK_NO_SLOT;
	/* The status byte is written on every completion: a length of 0 cannot be right. */
	if (err == -EMSGSIZE || len == 0) {
		blk->stats.bad_length++;
		status = -XEN_EIO;
	} else {
		status = virtio_blk_status(blk, slot);
	}
	virtio_blk_complete(blk, slot, status);
	return 1;
}

/*
 * Loop callback (thread context): complete the requests the device has
 * returned. At most two queues' worth of entries a round, so a device that
 * keeps writing entries cannot hold the loop: with more left, the source is
 * raised again for the next round.
 */
static void virtio_blk_drain(struct loop_source *source, void *arg)
{
	struct virtio_blk *blk = arg;
	unsigned int budget = 2u * blk->vq.size;

	(void)source;
	while (!blk->broken && virtio_blk_take_one(blk) > 0) {
		if (--budget == 0) {
			loop_source_raise(&blk->source);
			return;
		}
	}
}

void virtio_blk_close(struct virtio_blk *blk)
{
	virtio_blk_irq_fini(blk);
	loop_source_remove(&blk->source);
	/* What the device finished counts; the rest fails after the reset. */
	while (!blk->broken && virtio_blk_take_one(blk) > 0) {
	}
	/* Reset first: the device must be done with the buffers before their owners hear. */
	blk->broken = true;
	virtio_blk_fail_all(blk);
	virtio_blk_free(blk);
}
