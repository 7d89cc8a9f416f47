// SPDX-License-Identifier: MIT
/*
 * stubdoms/virtio_net.c and virtq.c on the host, with the test as the
 * device: it fills the receive buffers the driver posts and takes the
 * frames it sends, properly or not (ids not in flight, impossible lengths,
 * a used index that runs ahead), over stand-ins for the transport, the GIC
 * and the loop.
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
#include <libos/virtio_net.h>

#define QUEUE_MAX 16u
#define INTID 57u
#define HDR 12u

/* The transport: its registers (config space at 0x100) and what the driver did to it. */
static uint8_t regs[0x200] __attribute__((aligned(8)));
static struct virtio_mmio_dev dev;
static uint64_t offered;
static uint64_t accepted;
static uint32_t status_bits;
static unsigned int resets;
static unsigned int notifies[2];
static uint32_t interrupt_status;
static const struct virtq *device_vq[2];
static uint16_t device_avail[2]; /* the next available entry the "device" takes, a queue */

/* The interrupt and the loop source the driver installed. */
static irq_handler_fn handler;
static void *handler_arg;
static struct loop_source *source;

/* What the receive callback was given. */
static unsigned int rx_calls;
static uint32_t rx_len;
static uint8_t rx_frame[2048];
static bool rx_refill; /* the callback has the device receive the next frame */

static uint16_t device_receive(uint32_t len, uint8_t seed, uint32_t used_len);

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

static void rx(void *arg, const uint8_t *frame, uint32_t len)
{
	assert_ptr_equal(arg, &rx_calls);
	rx_calls++;
	rx_len = len;
	memcpy(rx_frame, frame, len < sizeof(rx_frame) ? len : sizeof(rx_frame));
	if (rx_refill) {
		(void)device_receive(60, (uint8_t)rx_calls, HDR + 60);
	}
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
	return (int)virtio_mmio_read(d, VIRTIO_MMIO_DEVICE_ID);
}

int virtio_mmio_reset(const struct virtio_mmio_dev *d)
{
	(void)d;
	resets++;
	status_bits = 0;
	return 0;
}

int virtio_mmio_negotiate(const struct virtio_mmio_dev *d, uint64_t wanted, uint64_t *out)
{
	(void)d;
	if ((offered & wanted & VIRTIO_FEATURE(VIRTIO_F_VERSION_1)) == 0) {
		return -ENOTSUP;
	}
	accepted = offered & wanted;
	*out = accepted;
	return 0;
}

uint32_t virtio_mmio_queue_max(const struct virtio_mmio_dev *d, unsigned int index)
{
	(void)d;
	return index < 2 ? QUEUE_MAX : 0;
}

int virtio_mmio_queue_setup(const struct virtio_mmio_dev *d, unsigned int index,
			    const struct virtq *vq)
{
	(void)d;
	assert_true(index < 2);
	device_vq[index] = vq;
	device_avail[index] = 0;
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
	assert_true(index < 2);
	notifies[index]++;
}

uint32_t virtio_mmio_interrupt_ack(const struct virtio_mmio_dev *d)
{
	(void)d;
	return interrupt_status;
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

static const uint8_t device_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

static void reg32(uint32_t offset, uint32_t value)
{
	memcpy(&regs[offset], &value, sizeof(value));
}

static void set_link(bool up)
{
	uint16_t status = up ? VIRTIO_NET_S_LINK_UP : 0;

	memcpy(&regs[VIRTIO_MMIO_CONFIG + 6], &status, sizeof(status));
}

/* A device with a MAC and a link, CSUM and both TSOs, and the guest offloads we never take. */
static int setup(void **state)
{
	(void)state;
	memset(regs, 0, sizeof(regs));
	reg32(VIRTIO_MMIO_DEVICE_ID, VIRTIO_ID_NET);
	memcpy(&regs[VIRTIO_MMIO_CONFIG], device_mac, sizeof(device_mac));
	set_link(true);
	offered = VIRTIO_FEATURE(VIRTIO_F_VERSION_1) | VIRTIO_FEATURE(VIRTIO_NET_F_MAC) |
		  VIRTIO_FEATURE(VIRTIO_NET_F_STATUS) | VIRTIO_FEATURE(VIRTIO_NET_F_CSUM) |
		  VIRTIO_FEATURE(VIRTIO_NET_F_HOST_TSO4) | VIRTIO_FEATURE(VIRTIO_NET_F_HOST_TSO6) |
		  VIRTIO_FEATURE(VIRTIO_NET_F_GUEST_CSUM) |
		  VIRTIO_FEATURE(VIRTIO_NET_F_GUEST_TSO4) | VIRTIO_FEATURE(VIRTIO_NET_F_MRG_RXBUF);
	dev = (struct virtio_mmio_dev){
		.base = (uintptr_t)regs, .size = sizeof(regs), .intid = INTID, .dma_known = true
	};
	accepted = 0;
	status_bits = 0;
	resets = 0;
	memset(notifies, 0, sizeof(notifies));
	interrupt_status = VIRTIO_MMIO_INT_USED_BUFFER;
	memset(device_vq, 0, sizeof(device_vq));
	handler = NULL;
	source = NULL;
	rx_calls = 0;
	rx_len = 0;
	rx_refill = false;
	return 0;
}

static struct virtio_net *open_net(void)
{
	struct virtio_net *net = NULL;

	assert_int_equal(virtio_net_open(&dev, rx, &rx_calls, &net), 0);
	assert_non_null(net);
	assert_non_null(device_vq[0]);
	assert_non_null(device_vq[1]);
	assert_true(status_bits & VIRTIO_STATUS_DRIVER_OK);
	return net;
}

/* The next chain the driver made available on queue q: its head and first descriptor. */
static bool device_take(unsigned int q, uint16_t *head, const struct virtq_desc **d)
{
	const struct virtq *vq = device_vq[q];

	if (__atomic_load_n(&vq->avail->idx, __ATOMIC_ACQUIRE) == device_avail[q]) {
		return false;
	}
	*head = vq->avail->ring[device_avail[q]++ % vq->size];
	*d = &vq->desc[*head];
	return true;
}

/* Put (id, len) in queue q's used ring as the device would, and publish it. */
static void device_used(unsigned int q, uint32_t id, uint32_t len)
{
	volatile struct virtq_used *used = device_vq[q]->used;
	uint16_t idx = used->idx;

	used->ring[idx % device_vq[q]->size].id = id;
	used->ring[idx % device_vq[q]->size].len = len;
	__atomic_store_n(&used->idx, (uint16_t)(idx + 1u), __ATOMIC_RELEASE);
}

/* Receive a frame of len bytes (byte i = seed + i) into the next posted buffer; its head. */
static uint16_t device_receive(uint32_t len, uint8_t seed, uint32_t used_len)
{
	uint16_t head;
	const struct virtq_desc *d;
	uint8_t *buf;

	assert_true(device_take(0, &head, &d));
	assert_true(d->flags & VIRTQ_DESC_F_WRITE);
	assert_false(d->flags & VIRTQ_DESC_F_NEXT);
	assert_true(d->len >= HDR + 1518u);
	buf = (uint8_t *)(uintptr_t)d->addr;
	memset(buf, 0, HDR);
	for (uint32_t i = 0; i < len && HDR + i < d->len; i++) {
		buf[HDR + i] = (uint8_t)(seed + i);
	}
	device_used(0, head, used_len);
	return head;
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

static uint8_t frame_data[4][2048];

static int send(struct virtio_net *net, uint32_t len, struct result *r, struct virtio_net_hdr h)
{
	struct virtio_net_buf b = { .addr = frame_data[0], .len = len };
	struct virtio_net_tx tx = { .hdr = h, .bufs = &b, .buf_count = 1, .done = done, .arg = r };

	return virtio_net_submit(net, &tx);
}

static const struct virtio_net_hdr plain;

/* --- the cases --- */

static void test_negotiates_and_reports(void **state)
{
	struct virtio_net *net;
	const struct virtio_net_info *info;

	(void)state;
	net = open_net();
	info = virtio_net_info(net);
	assert_memory_equal(info->mac, device_mac, 6);
	assert_true(info->mac_from_device);
	assert_true(info->csum);
	assert_true(info->tso4);
	assert_true(info->tso6);
	assert_true(info->status);
	assert_int_equal(info->rx_buffers, QUEUE_MAX);
	assert_int_equal(info->tx_slots, QUEUE_MAX);
	assert_true(virtio_net_link_up(net));
	/* No guest offloads and no merged buffers: frames come whole, checksums filled in. */
	assert_false(accepted & VIRTIO_FEATURE(VIRTIO_NET_F_GUEST_CSUM));
	assert_false(accepted & VIRTIO_FEATURE(VIRTIO_NET_F_GUEST_TSO4));
	assert_false(accepted & VIRTIO_FEATURE(VIRTIO_NET_F_MRG_RXBUF));
	/* Every receive buffer posted, and the device told once. */
	assert_int_equal(device_vq[0]->avail->idx, QUEUE_MAX);
	assert_int_equal(notifies[0], 1);
	virtio_net_close(net);
}

static void test_plain_device_made_mac_no_offloads(void **state)
{
	struct virtio_net *net;
	const struct virtio_net_info *info;
	struct result r = { 0 };
	struct virtio_net_hdr h = { .flags = VIRTIO_NET_HDR_F_NEEDS_CSUM, .csum_start = 34 };

	(void)state;
	/* TSO without CSUM is not something to use. */
	offered = VIRTIO_FEATURE(VIRTIO_F_VERSION_1) | VIRTIO_FEATURE(VIRTIO_NET_F_HOST_TSO4);
	net = open_net();
	info = virtio_net_info(net);
	assert_false(info->mac_from_device);
	assert_int_equal(info->mac[0], 0x02); /* locally administered, unicast */
	assert_false(info->csum || info->tso4 || info->tso6 || info->status);
	assert_true(virtio_net_link_up(net));
	assert_int_equal(send(net, 60, &r, h), -XEN_EOPNOTSUPP);
	h = (struct virtio_net_hdr){ .flags = VIRTIO_NET_HDR_F_NEEDS_CSUM,
				     .gso_type = VIRTIO_NET_HDR_GSO_TCPV4,
				     .gso_size = 1448 };
	assert_int_equal(send(net, 1000, &r, h), -XEN_EOPNOTSUPP);
	assert_int_equal(r.calls, 0);
	virtio_net_close(net);
}

/* Open must fail with want, leaving the device not DRIVER_OK and nothing installed. */
static void open_fails(int want)
{
	struct virtio_net *net = NULL;

	assert_int_equal(virtio_net_open(&dev, rx, NULL, &net), want);
	assert_null(net);
	assert_false(status_bits & VIRTIO_STATUS_DRIVER_OK);
}

static void test_refuses_devices_that_make_no_sense(void **state)
{
	struct virtio_net *net = NULL;

	(void)state;
	regs[VIRTIO_MMIO_CONFIG] = 0x01; /* a multicast MAC */
	open_fails(-XEN_EIO);
	memset(&regs[VIRTIO_MMIO_CONFIG], 0, 6); /* a zero MAC */
	open_fails(-XEN_EIO);
	memcpy(&regs[VIRTIO_MMIO_CONFIG], device_mac, 6);
	offered &= ~VIRTIO_FEATURE(VIRTIO_F_VERSION_1);
	open_fails(-XEN_EOPNOTSUPP);
	offered |= VIRTIO_FEATURE(VIRTIO_F_VERSION_1);
	dev.dma_known = false;
	open_fails(-XEN_EFAULT);
	dev.dma_known = true;
	dev.intid = 0;
	open_fails(-XEN_ENODEV);
	dev.intid = INTID;
	reg32(VIRTIO_MMIO_DEVICE_ID, VIRTIO_ID_BLOCK);
	open_fails(-XEN_ENODEV);
	reg32(VIRTIO_MMIO_DEVICE_ID, VIRTIO_ID_NET);
	assert_int_equal(virtio_net_open(&dev, NULL, NULL, &net), -XEN_EINVAL);
	assert_null(net);
}

static void test_frames_received_in_the_loop_and_reposted(void **state)
{
	struct virtio_net *net;
	struct virtio_net_stats stats;

	(void)state;
	net = open_net();
	(void)device_receive(60, 7, HDR + 60);
	(void)device_receive(1514, 9, HDR + 1514);
	/* The interrupt handler alone delivers nothing. */
	handler(INTID, handler_arg);
	assert_int_equal(rx_calls, 0);
	source->pending = 0;
	source->fn(source, source->arg);
	assert_int_equal(rx_calls, 2);
	assert_int_equal(rx_len, 1514);
	assert_int_equal(rx_frame[0], 9);
	assert_int_equal(rx_frame[1513], (uint8_t)(9 + 1513));
	/* Both buffers are back with the device, which was told. */
	assert_int_equal(device_vq[0]->avail->idx, QUEUE_MAX + 2u);
	assert_int_equal(notifies[0], 2);
	/* More frames than buffers over several rounds: the queue never runs dry. */
	for (unsigned int i = 0; i < 3u * QUEUE_MAX; i++) {
		(void)device_receive(100, (uint8_t)i, HDR + 100);
		interrupt_and_dispatch();
	}
	assert_int_equal(rx_calls, 2u + 3u * QUEUE_MAX);
	virtio_net_get_stats(net, &stats);
	assert_int_equal(stats.rx_frames, rx_calls);
	assert_int_equal(stats.rx_bytes, 60u + 1514u + 3u * QUEUE_MAX * 100u);
	assert_int_equal(stats.bad_used + stats.bad_length + stats.ring_broken, 0);
	virtio_net_close(net);
}

static void test_bad_receive_entries_are_dropped(void **state)
{
	struct virtio_net *net;
	struct virtio_net_stats stats;

	(void)state;
	net = open_net();
	(void)device_receive(10, 0, HDR + 10);     /* shorter than an Ethernet header */
	(void)device_receive(0, 0, 4);             /* shorter than the virtio header */
	(void)device_receive(1520, 0, HDR + 1520); /* longer than a frame may be */
	(void)device_receive(1600, 0, 1u << 20);   /* beyond the buffer */
	device_used(0, QUEUE_MAX + 3u, HDR + 60);  /* a head beyond the queue */
	interrupt_and_dispatch();
	assert_int_equal(rx_calls, 0);
	virtio_net_get_stats(net, &stats);
	assert_int_equal(stats.bad_length, 4);
	assert_int_equal(stats.bad_used, 1);
	assert_int_equal(stats.ring_broken, 0);
	/* The buffers of the bad frames went back: the queue still works. */
	assert_int_equal(device_vq[0]->avail->idx, QUEUE_MAX + 4u);
	(void)device_receive(64, 1, HDR + 64);
	interrupt_and_dispatch();
	assert_int_equal(rx_calls, 1);
	assert_int_equal(rx_len, 64);
	virtio_net_close(net);
}

static void test_transmit_chains_and_completions(void **state)
{
	struct virtio_net *net;
	struct result r[2] = { 0 };
	struct virtio_net_buf b[3] = { { frame_data[0], 14 },
				       { frame_data[1], 100 },
				       { frame_data[2], 1 } };
	struct virtio_net_hdr h = { .flags = VIRTIO_NET_HDR_F_NEEDS_CSUM,
				    .gso_type = VIRTIO_NET_HDR_GSO_TCPV4,
				    .hdr_len = 54,
				    .gso_size = 1448,
				    .csum_start = 34,
				    .csum_offset = 16,
				    .num_buffers = 77 };
	struct virtio_net_tx tx = {
		.hdr = h, .bufs = b, .buf_count = 3, .done = done, .arg = &r[0]
	};
	const struct virtq_desc *d;
	struct virtio_net_hdr seen;
	uint16_t head;

	(void)state;
	net = open_net();
	assert_int_equal(virtio_net_submit(net, &tx), 0);
	assert_int_equal(send(net, 60, &r[1], plain), 0);
	assert_int_equal(notifies[1], 2);
	assert_int_equal(virtio_net_tx_in_flight(net), 2);
	assert_true(device_take(1, &head, &d));
	/* The header (a copy, num_buffers 0), then the three buffers, all for the device to read.
	 */
	assert_int_equal(d->len, HDR);
	memcpy(&seen, (const void *)(uintptr_t)d->addr, sizeof(seen));
	assert_int_equal(seen.gso_size, 1448);
	assert_int_equal(seen.csum_offset, 16);
	assert_int_equal(seen.num_buffers, 0);
	for (unsigned int i = 0; i < 3; i++) {
		assert_true(d->flags & VIRTQ_DESC_F_NEXT);
		d = &device_vq[1]->desc[d->next];
		assert_false(d->flags & VIRTQ_DESC_F_WRITE);
		assert_ptr_equal((const void *)(uintptr_t)d->addr, b[i].addr);
		assert_int_equal(d->len, b[i].len);
	}
	assert_false(d->flags & VIRTQ_DESC_F_NEXT);
	device_used(1, head, 0);
	interrupt_and_dispatch();
	assert_int_equal(r[0].calls, 1);
	assert_int_equal(r[0].status, 0);
	assert_int_equal(r[1].calls, 0);
	/* A length for a chain the device only reads is made up: that frame fails. */
	assert_true(device_take(1, &head, &d));
	device_used(1, head, 5);
	interrupt_and_dispatch();
	assert_int_equal(r[1].calls, 1);
	assert_int_equal(r[1].status, -XEN_EIO);
	assert_int_equal(virtio_net_tx_in_flight(net), 0);
	virtio_net_close(net);
}

/* While the device says it will look at a queue anyway (VIRTQ_USED_F_NO_NOTIFY), frames and
 * reposted receive buffers go without a notification; once it clears the flag they have one
 * again. Nothing is held back: every frame is in the available ring either way. */
static void test_notifications_only_when_wanted(void **state)
{
	struct virtio_net *net;
	struct virtio_net_stats st;
	struct result r[3] = { 0 };

	(void)state;
	net = open_net();
	((struct virtq_used *)device_vq[1]->used)->flags = VIRTQ_USED_F_NO_NOTIFY;
	assert_int_equal(send(net, 60, &r[0], plain), 0);
	assert_int_equal(send(net, 60, &r[1], plain), 0);
	assert_int_equal(notifies[1], 0);
	assert_int_equal(device_vq[1]->avail->idx, 2);
	((struct virtq_used *)device_vq[1]->used)->flags = 0;
	assert_int_equal(send(net, 60, &r[2], plain), 0);
	assert_int_equal(notifies[1], 1);
	virtio_net_get_stats(net, &st);
	assert_int_equal(st.notifies_spared, 2);
	/* The receive queue likewise: a frame taken and its buffer reposted, unannounced. */
	((struct virtq_used *)device_vq[0]->used)->flags = VIRTQ_USED_F_NO_NOTIFY;
	(void)device_receive(60, 1, HDR + 60);
	interrupt_and_dispatch();
	assert_int_equal(notifies[0], 1); /* the one at open */
	virtio_net_get_stats(net, &st);
	assert_int_equal(st.rx_frames, 1);
	assert_int_equal(st.notifies_spared, 3);
	virtio_net_close(net);
}

static void test_full_queue_says_eagain(void **state)
{
	struct virtio_net *net;
	struct result r[QUEUE_MAX] = { 0 };
	const struct virtq_desc *d;
	uint16_t head;
	unsigned int sent = 0;

	(void)state;
	net = open_net();
	/* Two descriptors a frame: eight fit sixteen. */
	while (send(net, 60, &r[sent], plain) == 0) {
		sent++;
		assert_true(sent < QUEUE_MAX);
	}
	assert_int_equal(sent, QUEUE_MAX / 2u);
	assert_int_equal(send(net, 60, &r[sent], plain), -XEN_EAGAIN);
	assert_true(device_take(1, &head, &d));
	device_used(1, head, 0);
	interrupt_and_dispatch();
	assert_int_equal(r[0].calls, 1);
	assert_int_equal(send(net, 60, &r[sent], plain), 0);
	/* Close fails what is still out, once each, after resetting the device. */
	virtio_net_close(net);
	for (unsigned int i = 1; i <= sent; i++) {
		assert_int_equal(r[i].calls, 1);
		assert_int_equal(r[i].status, -XEN_EIO);
	}
	assert_true(resets >= 2);
}

static void test_malformed_frames_are_refused(void **state)
{
	struct virtio_net *net;
	struct result r = { 0 };
	struct virtio_net_buf many[VIRTIO_NET_TX_BUFS_MAX + 1u];
	struct virtio_net_tx tx = { .bufs = many, .done = done, .arg = &r };
	struct virtio_net_hdr h;

	(void)state;
	net = open_net();
	for (unsigned int i = 0; i <= VIRTIO_NET_TX_BUFS_MAX; i++) {
		many[i] = (struct virtio_net_buf){ frame_data[0], 64 };
	}
	tx.buf_count = 0;
	assert_int_equal(virtio_net_submit(net, &tx), -XEN_EINVAL);
	tx.buf_count = QUEUE_MAX; /* the header too would not fit the queue */
	assert_int_equal(virtio_net_submit(net, &tx), -XEN_EINVAL);
	tx.buf_count = 1;
	tx.done = NULL;
	assert_int_equal(virtio_net_submit(net, &tx), -XEN_EINVAL);
	many[0].len = 0;
	tx.done = done;
	assert_int_equal(virtio_net_submit(net, &tx), -XEN_EINVAL);
	assert_int_equal(send(net, 13, &r, plain), -XEN_EINVAL);
	assert_int_equal(send(net, 1519, &r, plain), -XEN_EINVAL);
	h = (struct virtio_net_hdr){ .flags = 0x4 };
	assert_int_equal(send(net, 60, &r, h), -XEN_EINVAL);
	h = (struct virtio_net_hdr){ .flags = VIRTIO_NET_HDR_F_NEEDS_CSUM,
				     .csum_start = 50,
				     .csum_offset = 9 };
	assert_int_equal(send(net, 60, &r, h), -XEN_EINVAL); /* the sum at 59..60 */
	h.csum_offset = 8;
	assert_int_equal(send(net, 60, &r, h), 0);
	h = (struct virtio_net_hdr){ .gso_type = VIRTIO_NET_HDR_GSO_TCPV4, .gso_size = 1448 };
	assert_int_equal(send(net, 2000, &r, h), -XEN_EINVAL); /* GSO without NEEDS_CSUM */
	h.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
	h.gso_size = 0;
	assert_int_equal(send(net, 2000, &r, h), -XEN_EINVAL);
	h.gso_size = 1448;
	h.hdr_len = 2001;
	assert_int_equal(send(net, 2000, &r, h), -XEN_EINVAL);
	h.hdr_len = 54;
	h.gso_type = VIRTIO_NET_HDR_GSO_UDP;
	assert_int_equal(send(net, 2000, &r, h), -XEN_EOPNOTSUPP);
	h.gso_type = 9;
	assert_int_equal(send(net, 2000, &r, h), -XEN_EINVAL);
	h.gso_type = VIRTIO_NET_HDR_GSO_TCPV6;
	assert_int_equal(send(net, 2000, &r, h), 0);
	/* Outside RAM. */
	many[0] = (struct virtio_net_buf){ (const void *)(uintptr_t)(1ull << 47), 64 };
	assert_int_equal(virtio_net_submit(net, &tx), -XEN_EINVAL);
	assert_int_equal(r.calls, 0);
	assert_int_equal(virtio_net_tx_in_flight(net), 2);
	virtio_net_close(net);
	assert_int_equal(r.calls, 2);
}

static void test_used_index_running_ahead_resets_the_device(void **state)
{
	struct virtio_net *net;
	struct virtio_net_stats stats;
	struct result r[2] = { 0 };
	unsigned int resets_before;

	(void)state;
	net = open_net();
	assert_int_equal(send(net, 60, &r[0], plain), 0);
	assert_int_equal(send(net, 60, &r[1], plain), 0);
	resets_before = resets;
	/* The receive queue's index claims more than the queue holds. */
	__atomic_store_n(&device_vq[0]->used->idx, (uint16_t)(QUEUE_MAX + 1u), __ATOMIC_RELEASE);
	interrupt_and_dispatch();
	assert_int_equal(resets, resets_before + 1u);
	assert_int_equal(rx_calls, 0);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(r[i].calls, 1);
		assert_int_equal(r[i].status, -XEN_EIO);
	}
	virtio_net_get_stats(net, &stats);
	assert_int_equal(stats.ring_broken, 1);
	assert_false(virtio_net_link_up(net));
	assert_int_equal(send(net, 60, &r[0], plain), -XEN_EIO);
	interrupt_and_dispatch();
	virtio_net_close(net);
	assert_int_equal(r[0].calls + r[1].calls, 2);
}

static void test_link_status_followed(void **state)
{
	struct virtio_net *net;

	(void)state;
	net = open_net();
	assert_true(virtio_net_link_up(net));
	set_link(false);
	interrupt_status = VIRTIO_MMIO_INT_CONFIG;
	interrupt_and_dispatch();
	assert_false(virtio_net_link_up(net));
	set_link(true);
	interrupt_and_dispatch();
	assert_true(virtio_net_link_up(net));
	virtio_net_close(net);
}

/* A device that keeps returning buffers cannot hold the loop: a round takes a bounded share. */
static void test_a_round_is_bounded(void **state)
{
	struct virtio_net *net;

	(void)state;
	net = open_net();
	/* Each frame delivered brings the next, as a device as fast as the driver would. */
	rx_refill = true;
	(void)device_receive(60, 0, HDR + 60);
	interrupt_and_dispatch();
	assert_int_equal(rx_calls, 2u * QUEUE_MAX);
	assert_true(source->pending);
	rx_refill = false;
	source->pending = 0;
	source->fn(source, source->arg);
	assert_int_equal(rx_calls, 2u * QUEUE_MAX + 1u);
	assert_false(source->pending);
	virtio_net_close(net);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_negotiates_and_reports, setup),
		cmocka_unit_test_setup(test_plain_device_made_mac_no_offloads, setup),
		cmocka_unit_test_setup(test_refuses_devices_that_make_no_sense, setup),
		cmocka_unit_test_setup(test_frames_received_in_the_loop_and_reposted, setup),
		cmocka_unit_test_setup(test_bad_receive_entries_are_dropped, setup),
		cmocka_unit_test_setup(test_transmit_chains_and_completions, setup),
		cmocka_unit_test_setup(test_notifications_only_when_wanted, setup),
		cmocka_unit_test_setup(test_full_queue_says_eagain, setup),
		cmocka_unit_test_setup(test_malformed_frames_are_refused, setup),
		cmocka_unit_test_setup(test_used_index_running_ahead_resets_the_device, setup),
		cmocka_unit_test_setup(test_link_status_followed, setup),
		cmocka_unit_test_setup(test_a_round_is_bounded, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
