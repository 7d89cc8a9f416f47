// SPDX-License-Identifier: MIT
/*
 * stubdoms/virtio_blk.c and virtq.c on the host, with the test as the
 * device: it reads the chains the driver posts and answers them, properly
 * or not (ids not in flight, impossible lengths, a used index that runs
 * ahead, a status byte never written), over stand-ins for the transport,
 * the GIC and the loop.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <abi/errno.h>
#include <errno.h>
#include <libos/dt.h>
#include <libos/gic.h>
#include <libos/irq.h>
#include <libos/loop.h>
#include <libos/virtio_blk.h>

#define QUEUE_MAX 16u
#define INTID 56u

/* The transport: its registers (config space at 0x100) and what the driver did to it. */
static uint8_t regs[0x200] __attribute__((aligned(8)));
static struct virtio_mmio_dev dev;
static uint64_t offered;
static uint32_t status_bits;
static unsigned int resets;
static unsigned int notifies;
static const struct virtq *device_vq;
static uint16_t device_avail; /* the next available entry the "device" takes */

/* The interrupt and the loop source the driver installed. */
static irq_handler_fn handler;
static void *handler_arg;
static struct loop_source *source;

/** One request as the device saw it. */
struct seen {
	uint16_t head;
	uint32_t type;
	uint64_t sector;
	unsigned int data_count;
	uint32_t writable; /* device-writable bytes, the status byte included */
	const void *segment;
	uint8_t *status;
};

/** One completion as the driver's caller saw it. */
struct result {
	unsigned int calls;
	int status;
};

static void done(void *arg, int status)
{
	struct result *r = arg;

	r->calls++;
	r->status = status;
}

/* --- stand-ins for the transport, the GIC, the IRQ table, the loop, the DT --- */

uint32_t virtio_mmio_read(const struct virtio_mmio_dev *d, uint32_t reg)
{
	(void)d;
	return *(uint32_t *)(void *)&regs[reg];
}

void virtio_mmio_write(const struct virtio_mmio_dev *d, uint32_t reg, uint32_t value)
{
	(void)d;
	*(uint32_t *)(void *)&regs[reg] = value;
}

int virtio_mmio_find(struct virtio_mmio_dev *devs, unsigned int max)
{
	(void)devs;
	(void)max;
	return 0;
}

int virtio_mmio_probe(const struct virtio_mmio_dev *d)
{
	(void)d;
	return (int)virtio_mmio_read(d, VIRTIO_MMIO_DEVICE_ID);
}

int virtio_mmio_reset(const struct virtio_mmio_dev *d)
{
	(void)d;
	resets++;
	status_bits = 0;
	return 0;
}

int virtio_mmio_negotiate(const struct virtio_mmio_dev *d, uint64_t wanted, uint64_t *accepted)
{
	(void)d;
	if ((offered & wanted & VIRTIO_FEATURE(VIRTIO_F_VERSION_1)) == 0) {
		return -ENOTSUP;
	}
	*accepted = offered & wanted;
	return 0;
}

uint32_t virtio_mmio_queue_max(const struct virtio_mmio_dev *d, unsigned int index)
{
	(void)d;
	return index == 0 ? QUEUE_MAX : 0;
}

int virtio_mmio_queue_setup(const struct virtio_mmio_dev *d, unsigned int index,
			    const struct virtq *vq)
{
	(void)d;
	assert_int_equal(index, 0);
	device_vq = vq;
	device_avail = 0;
	return 0;
}

void virtio_mmio_set_status(const struct virtio_mmio_dev *d, uint32_t bits)
{
	(void)d;
	status_bits |= bits;
}

void virtio_mmio_notify(const struct virtio_mmio_dev *d, unsigned int index)
{
	(void)d;
	(void)index;
	notifies++;
}

uint32_t virtio_mmio_interrupt_ack(const struct virtio_mmio_dev *d)
{
	(void)d;
	return VIRTIO_MMIO_INT_USED_BUFFER;
}

int irq_set_handler(unsigned int intid, irq_handler_fn fn, void *arg)
{
	assert_int_equal(intid, INTID);
	handler = fn;
	handler_arg = arg;
	return 0;
}

int gic_irq_set_edge(unsigned int intid, bool edge)
{
	(void)intid;
	(void)edge;
	return 0;
}

int gic_spi_route(unsigned int intid, unsigned int vcpu)
{
	(void)intid;
	assert_int_equal(vcpu, 0);
	return 0;
}

int gic_irq_enable(unsigned int intid)
{
	(void)intid;
	return 0;
}

int gic_irq_disable(unsigned int intid)
{
	(void)intid;
	return 0;
}

int dt_memory(uint64_t *base, uint64_t *size)
{
	*base = 0; /* host memory is anywhere: all of it counts as RAM */
	*size = 1ull << 47;
	return 0;
}

void loop_source_init(struct loop_source *s, loop_source_fn fn, void *arg)
{
	*s = (struct loop_source){ .fn = fn, .arg = arg };
}

void loop_source_add(struct loop_source *s)
{
	s->added = true;
	source = s;
}

void loop_source_remove(struct loop_source *s)
{
	s->added = false;
	source = NULL;
}

void loop_source_raise(struct loop_source *s)
{
	s->pending = 1;
}

/* --- the test as the device --- */

static void reg32(uint32_t offset, uint32_t value)
{
	memcpy(&regs[offset], &value, sizeof(value));
}

static void config32(uint32_t offset, uint32_t value)
{
	reg32(VIRTIO_MMIO_CONFIG + offset, value);
}

/* A 64 MiB disk of 4 KiB blocks (32 KiB physical), every feature on offer. */
static int setup(void **state)
{
	(void)state;
	memset(regs, 0, sizeof(regs));
	reg32(VIRTIO_MMIO_DEVICE_ID, VIRTIO_ID_BLOCK);
	config32(0x00, 131072);              /* capacity */
	config32(0x08, 65536);               /* size_max */
	config32(0x0c, 126);                 /* seg_max */
	config32(0x14, 4096);                /* blk_size */
	regs[VIRTIO_MMIO_CONFIG + 0x18] = 3; /* physical_block_exp */
	config32(0x24, 1000);                /* max_discard_sectors */
	config32(0x28, 1);                   /* max_discard_seg */
	config32(0x2c, 8);                   /* discard_sector_alignment */
	offered = VIRTIO_FEATURE(VIRTIO_F_VERSION_1) | VIRTIO_FEATURE(VIRTIO_BLK_F_SIZE_MAX) |
		  VIRTIO_FEATURE(VIRTIO_BLK_F_SEG_MAX) | VIRTIO_FEATURE(VIRTIO_BLK_F_BLK_SIZE) |
		  VIRTIO_FEATURE(VIRTIO_BLK_F_TOPOLOGY) | VIRTIO_FEATURE(VIRTIO_BLK_F_FLUSH) |
		  VIRTIO_FEATURE(VIRTIO_BLK_F_DISCARD);
	dev = (struct virtio_mmio_dev){
		.base = (uintptr_t)regs, .size = sizeof(regs), .intid = INTID, .dma_known = true
	};
	status_bits = 0;
	resets = 0;
	notifies = 0;
	device_vq = NULL;
	handler = NULL;
	source = NULL;
	return 0;
}

static struct virtio_blk *open_blk(void)
{
	struct virtio_blk *blk = NULL;

	assert_int_equal(virtio_blk_open(&dev, &blk), 0);
	assert_non_null(blk);
	assert_non_null(device_vq);
	assert_true(status_bits & VIRTIO_STATUS_DRIVER_OK);
	return blk;
}

/* Take the next chain the driver made available; false if there is none. */
static bool device_take(struct seen *s)
{
	const struct virtq *vq = device_vq;
	uint16_t index;
	const struct virtq_desc *d;

	if (__atomic_load_n(&vq->avail->idx, __ATOMIC_ACQUIRE) == device_avail) {
		return false;
	}
	memset(s, 0, sizeof(*s));
	index = vq->avail->ring[device_avail++ % vq->size];
	s->head = index;
	d = &vq->desc[index];
	assert_int_equal(d->len, 16);
	s->type = ((const uint32_t *)(uintptr_t)d->addr)[0];
	s->sector = ((const uint64_t *)(uintptr_t)d->addr)[1];
	while (d->flags & VIRTQ_DESC_F_NEXT) {
		d = &vq->desc[d->next];
		if (d->flags & VIRTQ_DESC_F_WRITE) {
			s->writable += d->len;
		}
		if (!(d->flags & VIRTQ_DESC_F_NEXT)) {
			break;
		}
		if (s->type == VIRTIO_BLK_T_DISCARD) {
			s->segment = (const void *)(uintptr_t)d->addr;
		} else {
			s->data_count++;
		}
	}
	assert_int_equal(d->len, 1);
	assert_true(d->flags & VIRTQ_DESC_F_WRITE);
	s->status = (uint8_t *)(uintptr_t)d->addr;
	return true;
}

/* Put (id, len) in the used ring as the device would, and publish it. */
static void device_used(uint32_t id, uint32_t len)
{
	volatile struct virtq_used *used = device_vq->used;
	uint16_t idx = used->idx;

	used->ring[idx % device_vq->size].id = id;
	used->ring[idx % device_vq->size].len = len;
	__atomic_store_n(&used->idx, (uint16_t)(idx + 1u), __ATOMIC_RELEASE);
}

static void device_complete(const struct seen *s, uint8_t status)
{
	*s->status = status;
	device_used(s->head, s->writable);
}

/* The interrupt (it only raises the source), then the loop's dispatch. */
static void interrupt_and_dispatch(void)
{
	assert_non_null(handler);
	handler(INTID, handler_arg);
	assert_non_null(source);
	if (source->pending) {
		source->pending = 0;
		source->fn(source, source->arg);
	}
}

static int submit_read(struct virtio_blk *blk, uint64_t sector, unsigned int bufs, struct result *r)
{
	static uint8_t data[16][4096];
	struct virtio_blk_buf b[16];
	struct virtio_blk_request req = { .op = VIRTIO_BLK_OP_READ,
					  .sector = sector,
					  .bufs = b,
					  .buf_count = bufs,
					  .done = done,
					  .arg = r };

	for (unsigned int i = 0; i < bufs; i++) {
		b[i] = (struct virtio_blk_buf){ .addr = data[i], .len = 4096 };
	}
	return virtio_blk_submit(blk, &req);
}

/* --- the cases --- */

static void test_reports_the_configuration(void **state)
{
	struct virtio_blk *blk;
	const struct virtio_blk_info *info;

	(void)state;
	blk = open_blk();
	info = virtio_blk_info(blk);
	assert_int_equal(info->sectors, 131072);
	assert_int_equal(info->logical_block_size, 4096);
	assert_int_equal(info->physical_block_size, 32768);
	assert_false(info->readonly);
	assert_true(info->flush);
	assert_true(info->discard);
	assert_int_equal(info->discard_granularity_bytes, 4096);
	assert_int_equal(info->max_discard_sectors, 1000);
	assert_int_equal(info->max_bufs, QUEUE_MAX - 2u); /* the queue is smaller than seg_max */
	assert_int_equal(info->max_buf_len, 65536);
	virtio_blk_close(blk);
}

/* Open must fail with want, leaving the device FAILED or untouched, and nothing installed. */
static void open_fails(int want)
{
	struct virtio_blk *blk = NULL;

	assert_int_equal(virtio_blk_open(&dev, &blk), want);
	assert_null(blk);
	assert_false(status_bits & VIRTIO_STATUS_DRIVER_OK);
}

static void test_refuses_configurations_that_make_no_sense(void **state)
{
	(void)state;
	config32(0x14, 1000); /* not a power of two */
	open_fails(-XEN_EIO);
	config32(0x14, 256);
	open_fails(-XEN_EIO);
	config32(0x14, 4096);
	regs[VIRTIO_MMIO_CONFIG + 0x18] = 12; /* 16 MiB physical blocks */
	open_fails(-XEN_EIO);
	regs[VIRTIO_MMIO_CONFIG + 0x18] = 0;
	config32(0x08, 512); /* size_max under a page */
	open_fails(-XEN_EIO);
	config32(0x08, 65536);
	config32(0x0c, 0); /* seg_max */
	open_fails(-XEN_EIO);
	config32(0x0c, 126);
	offered &= ~VIRTIO_FEATURE(VIRTIO_F_VERSION_1);
	open_fails(-XEN_EOPNOTSUPP);
	offered |= VIRTIO_FEATURE(VIRTIO_F_VERSION_1);
	dev.dma_known = false;
	open_fails(-XEN_EFAULT);
	dev.dma_known = true;
	dev.intid = 0;
	open_fails(-XEN_ENODEV);
	dev.intid = INTID;
	reg32(VIRTIO_MMIO_DEVICE_ID, VIRTIO_ID_ENTROPY);
	open_fails(-XEN_ENODEV);
}

static void test_completions_run_from_the_loop_once(void **state)
{
	struct virtio_blk *blk;
	struct result r[3] = { 0 };
	struct seen s[3];

	(void)state;
	blk = open_blk();
	assert_int_equal(submit_read(blk, 80, 2, &r[0]), 0);
	assert_int_equal(submit_read(blk, 96, 1, &r[1]), 0);
	assert_int_equal(submit_read(blk, 104, 1, &r[2]), 0);
	assert_int_equal(notifies, 3);
	for (int i = 0; i < 3; i++) {
		assert_true(device_take(&s[i]));
		assert_int_equal(s[i].type, VIRTIO_BLK_T_IN);
	}
	assert_int_equal(s[0].sector, 80);
	assert_int_equal(s[0].data_count, 2);
	assert_int_equal(s[0].writable, 2 * 4096 + 1);
	device_complete(&s[1], VIRTIO_BLK_S_IOERR);
	device_complete(&s[0], VIRTIO_BLK_S_OK);
	/* The interrupt handler alone completes nothing. */
	handler(INTID, handler_arg);
	assert_int_equal(r[0].calls + r[1].calls, 0);
	source->pending = 0;
	source->fn(source, source->arg);
	assert_int_equal(r[0].calls, 1);
	assert_int_equal(r[0].status, 0);
	assert_int_equal(r[1].calls, 1);
	assert_int_equal(r[1].status, -XEN_EIO);
	device_complete(&s[2], VIRTIO_BLK_S_UNSUPP);
	interrupt_and_dispatch();
	interrupt_and_dispatch(); /* nothing new: nothing runs twice */
	assert_int_equal(r[2].calls, 1);
	assert_int_equal(r[2].status, -XEN_EOPNOTSUPP);
	assert_int_equal(r[0].calls + r[1].calls, 2);
	assert_int_equal(virtio_blk_in_flight(blk), 0);
	virtio_blk_close(blk);
}

/* While the device says it will look at the queue anyway (VIRTQ_USED_F_NO_NOTIFY), a request
 * goes without a notification, yet is in the available ring; with the flag clear it has one. */
static void test_notifies_only_when_wanted(void **state)
{
	struct virtio_blk *blk;
	struct result r[2] = { 0 };
	struct seen s;

	(void)state;
	blk = open_blk();
	((struct virtq_used *)device_vq->used)->flags = VIRTQ_USED_F_NO_NOTIFY;
	assert_int_equal(submit_read(blk, 8, 1, &r[0]), 0);
	assert_int_equal(notifies, 0);
	assert_true(device_take(&s));
	assert_int_equal(s.sector, 8);
	((struct virtq_used *)device_vq->used)->flags = 0;
	assert_int_equal(submit_read(blk, 16, 1, &r[1]), 0);
	assert_int_equal(notifies, 1);
	virtio_blk_close(blk);
}

/* A buffer the device reaches at a bus address (a page granted to a driver domain) goes to the
 * device as that address, not checked against RAM; one without must lie in RAM. */
static void test_bus_addressed_buffers(void **state)
{
	static uint8_t mine[4096];
	const uint64_t bus = (1ull << 48) + 0x2200; /* beyond RAM: no CPU address could be there */
	struct virtio_blk_buf b[2] = { { .addr = mine, .len = 4096 },
				       { .addr = NULL, .len = 512, .bus = bus } };
	struct virtio_blk_request req = {
		.op = VIRTIO_BLK_OP_WRITE, .sector = 8, .bufs = b, .buf_count = 2, .done = done
	};
	struct virtio_blk *blk;
	const struct virtq_desc *d;
	struct result r = { 0 };
	struct seen s;

	(void)state;
	blk = open_blk();
	req.arg = &r;
	assert_int_equal(virtio_blk_submit(blk, &req), 0);
	assert_true(device_take(&s));
	assert_int_equal(s.data_count, 2);
	d = &device_vq->desc[device_vq->desc[s.head].next];
	assert_int_equal(d->addr, (uint64_t)(uintptr_t)mine + device_vq->dma_offset);
	d = &device_vq->desc[d->next];
	assert_int_equal(d->addr, bus);
	assert_int_equal(d->len, 512);
	device_complete(&s, VIRTIO_BLK_S_OK);
	interrupt_and_dispatch();
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.status, 0);
	b[1] = (struct virtio_blk_buf){ .addr = (void *)(uintptr_t)bus, .len = 512 };
	assert_int_equal(virtio_blk_submit(blk, &req), -XEN_EINVAL); /* the same place, as memory */
	virtio_blk_close(blk);
}

static void test_full_queue_says_eagain(void **state)
{
	struct virtio_blk *blk;
	struct result r[3] = { 0 };
	struct seen s;

	(void)state;
	blk = open_blk();
	/* Six descriptors each: two fit sixteen, a third does not. */
	assert_int_equal(submit_read(blk, 0, 4, &r[0]), 0);
	assert_int_equal(submit_read(blk, 8, 4, &r[1]), 0);
	assert_int_equal(submit_read(blk, 16, 4, &r[2]), -XEN_EAGAIN);
	assert_int_equal(r[2].calls, 0);
	assert_true(device_take(&s));
	device_complete(&s, VIRTIO_BLK_S_OK);
	interrupt_and_dispatch();
	assert_int_equal(r[0].calls, 1);
	assert_int_equal(submit_read(blk, 16, 4, &r[2]), 0);
	assert_int_equal(virtio_blk_in_flight(blk), 2);
	/* Close fails what is still out, once each. */
	virtio_blk_close(blk);
	assert_int_equal(r[1].calls, 1);
	assert_int_equal(r[1].status, -XEN_EIO);
	assert_int_equal(r[2].calls, 1);
	assert_int_equal(r[2].status, -XEN_EIO);
	assert_true(resets >= 2);
}

static void test_bad_used_entries_are_dropped_or_failed(void **state)
{
	struct virtio_blk *blk;
	struct virtio_blk_stats stats;
	struct result r[3] = { 0 };
	struct seen s[3];

	(void)state;
	blk = open_blk();
	for (int i = 0; i < 3; i++) {
		assert_int_equal(submit_read(blk, (uint64_t)i * 8u, 1, &r[i]), 0);
		assert_true(device_take(&s[i]));
	}
	/* A head that heads no chain, and one beyond the queue: dropped. */
	device_used((uint32_t)s[0].head + 1u, 1);
	interrupt_and_dispatch();
	device_used(QUEUE_MAX + 7u, 1);
	interrupt_and_dispatch();
	assert_int_equal(r[0].calls + r[1].calls + r[2].calls, 0);
	/* More bytes than the chain can take, no bytes at all, a status never written. */
	*s[0].status = VIRTIO_BLK_S_OK;
	device_used(s[0].head, s[0].writable + 1u);
	*s[1].status = VIRTIO_BLK_S_OK;
	device_used(s[1].head, 0);
	device_used(s[2].head, s[2].writable);
	interrupt_and_dispatch();
	for (int i = 0; i < 3; i++) {
		assert_int_equal(r[i].calls, 1);
		assert_int_equal(r[i].status, -XEN_EIO);
	}
	/* The queue still works; a head completed before is not in flight any more. */
	assert_int_equal(submit_read(blk, 0, 1, &r[0]), 0);
	assert_true(device_take(&s[0]));
	device_used(s[0].head == s[1].head ? s[2].head : s[1].head, 1);
	interrupt_and_dispatch();
	assert_int_equal(r[0].calls, 1);
	device_complete(&s[0], VIRTIO_BLK_S_OK);
	interrupt_and_dispatch();
	assert_int_equal(r[0].calls, 2);
	assert_int_equal(r[0].status, 0);
	virtio_blk_get_stats(blk, &stats);
	assert_int_equal(stats.bad_used, 3);
	assert_int_equal(stats.bad_length, 2);
	assert_int_equal(stats.bad_status, 1);
	assert_int_equal(stats.ring_broken, 0);
	assert_int_equal(stats.completed, 4);
	virtio_blk_close(blk);
}

static void test_used_index_running_ahead_resets_the_device(void **state)
{
	struct virtio_blk *blk;
	struct virtio_blk_stats stats;
	struct result r[2] = { 0 };
	unsigned int resets_before;

	(void)state;
	blk = open_blk();
	assert_int_equal(submit_read(blk, 0, 1, &r[0]), 0);
	assert_int_equal(submit_read(blk, 8, 1, &r[1]), 0);
	resets_before = resets;
	__atomic_store_n(&device_vq->used->idx, (uint16_t)5, __ATOMIC_RELEASE);
	interrupt_and_dispatch();
	assert_int_equal(resets, resets_before + 1u);
	assert_int_equal(r[0].calls, 1);
	assert_int_equal(r[0].status, -XEN_EIO);
	assert_int_equal(r[1].calls, 1);
	assert_int_equal(r[1].status, -XEN_EIO);
	virtio_blk_get_stats(blk, &stats);
	assert_int_equal(stats.ring_broken, 1);
	assert_int_equal(submit_read(blk, 0, 1, &r[0]), -XEN_EIO);
	interrupt_and_dispatch();
	assert_int_equal(r[0].calls + r[1].calls, 2);
	virtio_blk_close(blk);
	assert_int_equal(r[0].calls + r[1].calls, 2);
}

static void test_flush_discard_and_read_only(void **state)
{
	struct virtio_blk *blk;
	struct result r = { 0 };
	struct seen s;
	struct virtio_blk_segment {
		uint64_t sector;
		uint32_t num_sectors;
		uint32_t flags;
	} segment;
	struct virtio_blk_request req = { .op = VIRTIO_BLK_OP_FLUSH, .done = done, .arg = &r };
	static uint8_t data[4096];
	struct virtio_blk_buf b = { .addr = data, .len = sizeof(data) };

	(void)state;
	blk = open_blk();
	assert_int_equal(virtio_blk_submit(blk, &req), 0);
	assert_true(device_take(&s));
	assert_int_equal(s.type, VIRTIO_BLK_T_FLUSH);
	assert_int_equal(s.writable, 1);
	req = (struct virtio_blk_request){ .op = VIRTIO_BLK_OP_DISCARD,
					   .sector = 64,
					   .discard_sectors = 1000,
					   .done = done,
					   .arg = &r };
	assert_int_equal(virtio_blk_submit(blk, &req), 0);
	assert_true(device_take(&s));
	assert_int_equal(s.type, VIRTIO_BLK_T_DISCARD);
	assert_non_null(s.segment);
	memcpy(&segment, s.segment, sizeof(segment));
	assert_int_equal(segment.sector, 64);
	assert_int_equal(segment.num_sectors, 1000);
	assert_int_equal(segment.flags, 0);
	req.discard_sectors = 1001;
	assert_int_equal(virtio_blk_submit(blk, &req), -XEN_EINVAL);
	virtio_blk_close(blk);
	assert_int_equal(r.calls, 2); /* both failed by the close */

	offered &= ~(VIRTIO_FEATURE(VIRTIO_BLK_F_FLUSH) | VIRTIO_FEATURE(VIRTIO_BLK_F_DISCARD));
	offered |= VIRTIO_FEATURE(VIRTIO_BLK_F_RO);
	blk = open_blk();
	assert_true(virtio_blk_info(blk)->readonly);
	req = (struct virtio_blk_request){ .op = VIRTIO_BLK_OP_FLUSH, .done = done, .arg = &r };
	assert_int_equal(virtio_blk_submit(blk, &req), -XEN_EOPNOTSUPP);
	req = (struct virtio_blk_request){
		.op = VIRTIO_BLK_OP_WRITE, .bufs = &b, .buf_count = 1, .done = done, .arg = &r
	};
	assert_int_equal(virtio_blk_submit(blk, &req), -XEN_EACCES);
	req.op = VIRTIO_BLK_OP_DISCARD;
	req.discard_sectors = 8;
	assert_int_equal(virtio_blk_submit(blk, &req), -XEN_EACCES);
	assert_false(device_take(&s));
	virtio_blk_close(blk);
	assert_int_equal(r.calls, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_reports_the_configuration, setup),
		cmocka_unit_test_setup(test_refuses_configurations_that_make_no_sense, setup),
		cmocka_unit_test_setup(test_completions_run_from_the_loop_once, setup),
		cmocka_unit_test_setup(test_notifies_only_when_wanted, setup),
		cmocka_unit_test_setup(test_bus_addressed_buffers, setup),
		cmocka_unit_test_setup(test_full_queue_says_eagain, setup),
		cmocka_unit_test_setup(test_bad_used_entries_are_dropped_or_failed, setup),
		cmocka_unit_test_setup(test_used_index_running_ahead_resets_the_device, setup),
		cmocka_unit_test_setup(test_flush_discard_and_read_only, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
