// SPDX-License-Identifier: MIT
/* virtio-net over virtio-mmio: configuration, receive buffers, transmit chains, in the loop. */
#include <abi/errno.h>
#include <errno.h>
#include <libos/dt.h>
#include <libos/gic.h>
#include <libos/irq.h>
#include <libos/loop.h>
#include <libos/mmio.h>
#include <libos/virtio_net.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

/*
 * Locking: none. Everything is thread context on the boot vCPU but
 * stats.interrupts, config_changed and the loop source, which the
 * interrupt handler touches (atomics; loop_source_raise is atomic).
 *
 * Memory the device reaches (queue areas, receive buffers, each transmit
 * slot's header) comes from the heap, which is the domain's own RAM; the
 * DT's dma-ranges give the device's view of it (dev.dma_offset). The
 * device is coherent (QEMU virt): no cache maintenance, as virtq.c.
 */

/* Offsets in the configuration space (virtio 1.x struct virtio_net_config). */
#define VIRTIO_NET_CFG_MAC 0x00u    /* u8[6] */
#define VIRTIO_NET_CFG_STATUS 0x06u /* le16 */
#define VIRTIO_NET_CFG_END 0x08u    /* the transport must cover this much */

#define VIRTIO_NET_RX_QUEUE 0u
#define VIRTIO_NET_TX_QUEUE 1u
#define VIRTIO_NET_QUEUE_MIN 4u
#define VIRTIO_NET_CONFIG_TRIES 16
#define VIRTIO_NET_NO_SLOT 0xffffu

/* A receive buffer: the header and the longest frame, rounded up to keep buffers aligned. */
#define VIRTIO_NET_RX_LEN ((uint32_t)sizeof(struct virtio_net_hdr) + VIRTIO_NET_FRAME_MAX)
#define VIRTIO_NET_RX_STRIDE 1536u
_Static_assert(VIRTIO_NET_RX_LEN <= VIRTIO_NET_RX_STRIDE, "receive buffer stride");

#define VIRTIO_NET_WANTED                                                            \
	(VIRTIO_FEATURE(VIRTIO_F_VERSION_1) | VIRTIO_FEATURE(VIRTIO_NET_F_CSUM) |    \
	 VIRTIO_FEATURE(VIRTIO_NET_F_MAC) | VIRTIO_FEATURE(VIRTIO_NET_F_HOST_TSO4) | \
	 VIRTIO_FEATURE(VIRTIO_NET_F_HOST_TSO6) | VIRTIO_FEATURE(VIRTIO_NET_F_STATUS))

/** The driver's own record of a frame in flight; done is NULL for a free slot. */
struct virtio_net_slot {
	virtio_net_tx_done_fn done;
	void *arg;
	uint16_t next_free;
};

struct virtio_net {
	struct virtio_mmio_dev dev;
	struct virtio_net_info info;
	struct virtio_net_stats stats;
	uint64_t features;
	uint64_t ram_base; /* the domain's RAM: the only memory buffers may be in */
	uint64_t ram_size;
	bool broken;          /* the device broke the ring protocol and was reset */
	bool link_up;         /* the status bit, as last read */
	uint32_t config_seen; /* set by the interrupt handler: re-read the status */
	virtio_net_rx_fn rx;
	void *rx_arg;
	struct virtq rxq;
	struct virtq txq;
	void *rx_area; /* the queues' areas (heap) */
	void *tx_area;
	uint8_t *rx_bufs;                                /* one VIRTIO_NET_RX_STRIDE a buffer */
	uint16_t rx_head_buf[VIRTQ_SIZE_MAX];            /* chain head -> receive buffer */
	struct virtio_net_hdr *tx_hdrs;                  /* one a slot (heap) */
	struct virtio_net_slot tx_slots[VIRTQ_SIZE_MAX]; /* as many as descriptors */
	uint16_t tx_head_slot[VIRTQ_SIZE_MAX];           /* chain head -> slot */
	uint16_t tx_free_slot;
	unsigned int tx_in_flight;
	struct loop_source source;
	struct virtq_buf chain[VIRTIO_NET_TX_BUFS_MAX + 1u]; /* scratch for one transmit chain */
};

static int virtio_net_xen_errno(int err)
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

static bool virtio_net_has(const struct virtio_net *net, unsigned int bit)
{
	return (net->features & VIRTIO_FEATURE(bit)) != 0;
}

/** The configuration fields, as the device gave them in one generation. */
struct virtio_net_config {
	uint8_t mac[6];
	uint16_t status;
};

static void virtio_net_read_fields(const struct virtio_net *net, struct virtio_net_config *c)
{
	uintptr_t config = net->dev.base + VIRTIO_MMIO_CONFIG;

	for (unsigned int i = 0; i < sizeof(c->mac); i++) {
		c->mac[i] = mmio_read8(config + VIRTIO_NET_CFG_MAC + i);
	}
	c->status = mmio_read16(config + VIRTIO_NET_CFG_STATUS);
}

/* The fields read over one generation: the MAC is six bytes the device may change meanwhile. */
static int virtio_net_read_config(const struct virtio_net *net, struct virtio_net_config *c)
{
	for (int i = 0; i < VIRTIO_NET_CONFIG_TRIES; i++) {
		uint32_t generation = virtio_mmio_read(&net->dev, VIRTIO_MMIO_CONFIG_GENERATION);

		virtio_net_read_fields(net, c);
		if (virtio_mmio_read(&net->dev, VIRTIO_MMIO_CONFIG_GENERATION) == generation) {
			return 0;
		}
	}
	return -XEN_EIO;
}

/* Without VIRTIO_NET_F_MAC: a locally administered unicast MAC from the transport's address. */
static void virtio_net_made_mac(const struct virtio_net *net, uint8_t mac[6])
{
	uint64_t slot = (uint64_t)net->dev.base >> 9; /* transports are 0x200 apart */

	mac[0] = 0x02;
	mac[1] = 0x54;
	mac[2] = 0x53;
	mac[3] = (uint8_t)(slot >> 16);
	mac[4] = (uint8_t)(slot >> 8);
	mac[5] = (uint8_t)slot;
}

/* The link bit; a device without VIRTIO_NET_F_STATUS is always up. */
static bool virtio_net_status_up(const struct virtio_net *net, uint16_t status)
{
	return !virtio_net_has(net, VIRTIO_NET_F_STATUS) || (status & VIRTIO_NET_S_LINK_UP) != 0;
}

/* Read and check the configuration into net->info: a device's MAC must be unicast, not zero. */
static int virtio_net_configure(struct virtio_net *net)
{
	static const uint8_t zero[6];
	struct virtio_net_config c;
	bool csum = virtio_net_has(net, VIRTIO_NET_F_CSUM);

	if (virtio_net_read_config(net, &c) != 0) {
		return -XEN_EIO;
	}
	net->info.mac_from_device = virtio_net_has(net, VIRTIO_NET_F_MAC);
	if (net->info.mac_from_device) {
		if ((c.mac[0] & 1u) != 0 || memcmp(c.mac, zero, sizeof(zero)) == 0) {
			return -XEN_EIO;
		}
		memcpy(net->info.mac, c.mac, sizeof(c.mac));
	} else {
		virtio_net_made_mac(net, net->info.mac);
	}
	/* Segmentation needs the checksum offload: without it the TSO bits are not used. */
	net->info.csum = csum;
	net->info.tso4 = csum && virtio_net_has(net, VIRTIO_NET_F_HOST_TSO4);
	net->info.tso6 = csum && virtio_net_has(net, VIRTIO_NET_F_HOST_TSO6);
	net->info.status = virtio_net_has(net, VIRTIO_NET_F_STATUS);
	net->link_up = virtio_net_status_up(net, c.status);
	return 0;
}

/* The largest power of two the device and virtq.c both allow, at least VIRTIO_NET_QUEUE_MIN. */
static uint16_t virtio_net_queue_size(const struct virtio_net *net, unsigned int index)
{
	uint32_t max = virtio_mmio_queue_max(&net->dev, index);
	uint32_t size = VIRTQ_SIZE_MAX;

	while (size > max) {
		size /= 2u;
	}
	return size < VIRTIO_NET_QUEUE_MIN ? 0 : (uint16_t)size;
}

/* One queue's areas in the heap, given to the device as queue index. */
static int virtio_net_queue_init(struct virtio_net *net, unsigned int index, struct virtq *vq,
				 void **area)
{
	uint16_t size = virtio_net_queue_size(net, index);
	int err;

	if (size == 0) {
		return -XEN_EIO;
	}
	*area = memalign(4096, virtq_area_size(size));
	if (*area == NULL) {
		return -XEN_ENOMEM;
	}
	err = virtq_init(vq, *area, virtq_area_size(size), size, net->dev.dma_offset);
	if (err == 0) {
		err = virtio_mmio_queue_setup(&net->dev, index, vq);
	}
	return err == 0 ? 0 : virtio_net_xen_errno(err);
}

static void virtio_net_tx_slots_init(struct virtio_net *net)
{
	for (uint16_t i = 0; i < net->txq.size; i++) {
		net->tx_slots[i] = (struct virtio_net_slot){ .next_free = (uint16_t)(i + 1u) };
		net->tx_head_slot[i] = VIRTIO_NET_NO_SLOT;
	}
	net->tx_free_slot = 0;
}

/* Both queues, the receive buffers and the transmit headers. */
static int virtio_net_queues_init(struct virtio_net *net)
{
	int err = virtio_net_queue_init(net, VIRTIO_NET_RX_QUEUE, &net->rxq, &net->rx_area);

	if (err == 0) {
		err = virtio_net_queue_init(net, VIRTIO_NET_TX_QUEUE, &net->txq, &net->tx_area);
	}
	if (err != 0) {
		return err;
	}
	net->rx_bufs = memalign(64, (size_t)VIRTIO_NET_RX_STRIDE * net->rxq.size);
	net->tx_hdrs = memalign(64, sizeof(*net->tx_hdrs) * net->txq.size);
	if (net->rx_bufs == NULL || net->tx_hdrs == NULL) {
		return -XEN_ENOMEM;
	}
	memset(net->tx_hdrs, 0, sizeof(*net->tx_hdrs) * net->txq.size);
	for (uint16_t i = 0; i < VIRTQ_SIZE_MAX; i++) {
		net->rx_head_buf[i] = VIRTIO_NET_NO_SLOT;
	}
	virtio_net_tx_slots_init(net);
	net->info.rx_buffers = net->rxq.size;
	net->info.tx_slots = net->txq.size;
	return 0;
}

/* Give receive buffer index to the device (not notified). 0 or -XEN_EIO if there is no room. */
static int virtio_net_post_rx(struct virtio_net *net, uint16_t index)
{
	struct virtq_buf buf = {
		.addr = net->rx_bufs + (size_t)index * VIRTIO_NET_RX_STRIDE,
		.len = VIRTIO_NET_RX_LEN,
		.device_writes = true,
	};
	int head = virtq_add(&net->rxq, &buf, 1);

	if (head < 0) {
		return -XEN_EIO;
	}
	net->rx_head_buf[head] = index;
	return 0;
}

static int virtio_net_fill_rx(struct virtio_net *net)
{
	for (uint16_t i = 0; i < net->rxq.size; i++) {
		if (virtio_net_post_rx(net, i) != 0) {
			return -XEN_EIO;
		}
	}
	return 0;
}

/* IRQ context: acknowledge, count, hand the used entries and status changes to thread context. */
static void virtio_net_interrupt(unsigned int intid, void *arg)
{
	struct virtio_net *net = arg;
	uint32_t status = virtio_mmio_interrupt_ack(&net->dev);

	(void)intid;
	__atomic_add_fetch(&net->stats.interrupts, 1, __ATOMIC_RELAXED);
	if ((status & VIRTIO_MMIO_INT_CONFIG) != 0) {
		__atomic_store_n(&net->config_seen, 1u, __ATOMIC_RELAXED);
	}
	if ((status & (VIRTIO_MMIO_INT_USED_BUFFER | VIRTIO_MMIO_INT_CONFIG)) != 0) {
		loop_source_raise(&net->source);
	}
}

static int virtio_net_irq_init(struct virtio_net *net)
{
	unsigned int intid = net->dev.intid;

	if (irq_set_handler(intid, virtio_net_interrupt, net) != 0 ||
	    gic_irq_set_edge(intid, net->dev.edge) != 0 || gic_spi_route(intid, 0) != 0 ||
	    gic_irq_enable(intid) != 0) {
		(void)irq_set_handler(intid, NULL, NULL);
		return -XEN_EIO;
	}
	return 0;
}

static void virtio_net_irq_fini(struct virtio_net *net)
{
	(void)gic_irq_disable(net->dev.intid);
	(void)irq_set_handler(net->dev.intid, NULL, NULL);
}

static void virtio_net_free(struct virtio_net *net)
{
	free(net->rx_area);
	free(net->tx_area);
	free(net->rx_bufs);
	free(net->tx_hdrs);
	free(net);
}

static void virtio_net_drain(struct loop_source *source, void *arg);

/* Checks before any set-up: a network device with an SPI whose DMA view of RAM is known. */
static int virtio_net_check_dev(const struct virtio_mmio_dev *dev)
{
	if (dev->size < VIRTIO_MMIO_CONFIG + VIRTIO_NET_CFG_END ||
	    virtio_mmio_probe(dev) != (int)VIRTIO_ID_NET || dev->intid < GIC_SPI_BASE) {
		return -XEN_ENODEV;
	}
	return dev->dma_known ? 0 : -XEN_EFAULT;
}

/* Everything up to DRIVER_OK but the interrupt. */
static int virtio_net_start(struct virtio_net *net)
{
	int err = virtio_mmio_reset(&net->dev);

	if (err == 0) {
		err = virtio_mmio_negotiate(&net->dev, VIRTIO_NET_WANTED, &net->features);
	}
	if (err != 0) {
		return virtio_net_xen_errno(err);
	}
	err = virtio_net_configure(net);
	if (err == 0) {
		err = virtio_net_queues_init(net);
	}
	if (err == 0) {
		err = virtio_net_fill_rx(net);
	}
	return err;
}

int virtio_net_find(struct virtio_mmio_dev *devs, unsigned int max)
{
	struct virtio_mmio_dev all[VIRTIO_NET_FIND_MAX];
	int found = virtio_mmio_find(all, VIRTIO_NET_FIND_MAX);
	unsigned int count = 0;

	if (found < 0) {
		return found == -ENODEV ? -XEN_ENODEV : -XEN_EINVAL;
	}
	for (int i = 0; i < found && count < max; i++) {
		if (virtio_mmio_probe(&all[i]) == (int)VIRTIO_ID_NET) {
			devs[count++] = all[i];
		}
	}
	return (int)count;
}

int virtio_net_open(const struct virtio_mmio_dev *dev, virtio_net_rx_fn rx, void *rx_arg,
		    struct virtio_net **out)
{
	struct virtio_net *net;
	int err = rx == NULL ? -XEN_EINVAL : virtio_net_check_dev(dev);

	if (err != 0) {
		return err;
	}
	net = calloc(1, sizeof(*net));
	if (net == NULL) {
		return -XEN_ENOMEM;
	}
	net->dev = *dev;
	net->rx = rx;
	net->rx_arg = rx_arg;
	if (dt_memory(&net->ram_base, &net->ram_size) != 0) {
		err = -XEN_ENODEV;
		goto out_free;
	}
	err = virtio_net_start(net);
	if (err == 0) {
		err = virtio_net_irq_init(net);
	}
	if (err != 0) {
		goto out_fail;
	}
	loop_source_init(&net->source, virtio_net_drain, net);
	loop_source_add(&net->source);
	virtio_mmio_set_status(&net->dev, VIRTIO_STATUS_DRIVER_OK);
	virtio_mmio_notify(&net->dev, VIRTIO_NET_RX_QUEUE);
	*out = net;
	return 0;

out_fail:
	virtio_mmio_set_status(&net->dev, VIRTIO_STATUS_FAILED);
	(void)virtio_mmio_reset(&net->dev);
out_free:
	virtio_net_free(net);
	return err;
}

const struct virtio_net_info *virtio_net_info(const struct virtio_net *net)
{
	return &net->info;
}

bool virtio_net_link_up(const struct virtio_net *net)
{
	return net->link_up && !net->broken;
}

unsigned int virtio_net_tx_in_flight(const struct virtio_net *net)
{
	return net->tx_in_flight;
}

void virtio_net_get_stats(const struct virtio_net *net, struct virtio_net_stats *out)
{
	*out = net->stats;
	out->interrupts = __atomic_load_n(&net->stats.interrupts, __ATOMIC_RELAXED);
}

/* Whether [addr, addr + len) is a non-empty range inside the domain's RAM. */
static bool virtio_net_in_ram(const struct virtio_net *net, const void *addr, uint32_t len)
{
	uint64_t start = (uint64_t)(uintptr_t)addr;

	return len != 0 && start >= net->ram_base && start - net->ram_base < net->ram_size &&
	       len <= net->ram_size - (start - net->ram_base);
}

/* 1..VIRTIO_NET_TX_BUFS_MAX buffers (and room for the header in the queue), all in RAM. */
static int virtio_net_check_bufs(const struct virtio_net *net, const struct virtio_net_tx *tx,
				 uint64_t *total)
{
	*total = 0;
	if (tx->bufs == NULL || tx->buf_count == 0 || tx->buf_count > VIRTIO_NET_TX_BUFS_MAX ||
	    tx->buf_count >= net->txq.size) {
		return -XEN_EINVAL;
	}
	for (unsigned int i = 0; i < tx->buf_count; i++) {
		if (!virtio_net_in_ram(net, tx->bufs[i].addr, tx->bufs[i].len)) {
			return -XEN_EINVAL;
		}
		*total += tx->bufs[i].len;
	}
	return *total >= VIRTIO_NET_FRAME_MIN ? 0 : -XEN_EINVAL;
}

/* NEEDS_CSUM: offered, and the two checksum bytes inside the frame. */
static int virtio_net_check_csum(const struct virtio_net *net, const struct virtio_net_hdr *h,
				 uint64_t total)
{
	if ((h->flags & ~VIRTIO_NET_HDR_F_NEEDS_CSUM) != 0) {
		return -XEN_EINVAL;
	}
	if ((h->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) == 0) {
		return 0;
	}
	if (!net->info.csum) {
		return -XEN_EOPNOTSUPP;
	}
	return (uint64_t)h->csum_start + h->csum_offset + 2u <= total ? 0 : -XEN_EINVAL;
}

/* GSO: a type the device took on, with NEEDS_CSUM, a segment size and headers inside the frame. */
static int virtio_net_check_gso(const struct virtio_net *net, const struct virtio_net_hdr *h,
				uint64_t total)
{
	bool taken;

	switch (h->gso_type) {
	case VIRTIO_NET_HDR_GSO_NONE:
		return total <= VIRTIO_NET_FRAME_MAX ? 0 : -XEN_EINVAL;
	case VIRTIO_NET_HDR_GSO_TCPV4:
		taken = net->info.tso4;
		break;
	case VIRTIO_NET_HDR_GSO_TCPV6:
		taken = net->info.tso6;
		break;
	case VIRTIO_NET_HDR_GSO_UDP:
	case VIRTIO_NET_HDR_GSO_TCPV4 | VIRTIO_NET_HDR_GSO_ECN:
	case VIRTIO_NET_HDR_GSO_TCPV6 | VIRTIO_NET_HDR_GSO_ECN:
		return -XEN_EOPNOTSUPP;
	default:
		return -XEN_EINVAL;
	}
	if (!taken) {
		return -XEN_EOPNOTSUPP;
	}
	if ((h->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) == 0 || h->gso_size == 0 ||
	    h->hdr_len > total || total > VIRTIO_NET_GSO_FRAME_MAX) {
		return -XEN_EINVAL;
	}
	return 0;
}

static int virtio_net_check_tx(const struct virtio_net *net, const struct virtio_net_tx *tx)
{
	uint64_t total;
	int err;

	if (tx->done == NULL) {
		return -XEN_EINVAL;
	}
	err = virtio_net_check_bufs(net, tx, &total);
	if (err == 0) {
		err = virtio_net_check_csum(net, &tx->hdr, total);
	}
	if (err == 0) {
		err = virtio_net_check_gso(net, &tx->hdr, total);
	}
	return err;
}

/* Tell the device of new buffers in queue vq (index), unless it says it will look anyway. */
static void virtio_net_notify(struct virtio_net *net, const struct virtq *vq, unsigned int index)
{
	if (virtq_notify_wanted(vq)) {
		virtio_mmio_notify(&net->dev, index);
		net->stats.notifies++;
	} else {
		net->stats.notifies_spared++;
	}
}

/* Fill slot's header and net->chain for tx: the header, then the buffers. Returns its length. */
static unsigned int virtio_net_build(struct virtio_net *net, uint16_t slot,
				     const struct virtio_net_tx *tx)
{
	struct virtio_net_hdr *h = &net->tx_hdrs[slot];
	unsigned int n = 0;

	*h = tx->hdr;
	h->num_buffers = 0;
	net->chain[n++] = (struct virtq_buf){ .addr = h, .len = sizeof(*h) };
	for (unsigned int i = 0; i < tx->buf_count; i++) {
		net->chain[n++] = (struct virtq_buf){ .addr = (void *)(uintptr_t)tx->bufs[i].addr,
						      .len = tx->bufs[i].len };
	}
	return n;
}

int virtio_net_submit(struct virtio_net *net, const struct virtio_net_tx *tx)
{
	int err = net->broken ? -XEN_EIO : virtio_net_check_tx(net, tx);
	uint16_t slot = net->tx_free_slot;
	unsigned int count;
	int head;

	if (err != 0) {
		return err;
	}
	if (net->txq.free_count < tx->buf_count + 1u || slot >= net->txq.size) {
		return -XEN_EAGAIN;
	}
	count = virtio_net_build(net, slot, tx);
	head = virtq_add(&net->txq, net->chain, count);
	if (head < 0) {
		return head == -ENOSPC ? -XEN_EAGAIN : -XEN_EINVAL;
	}
	net->tx_free_slot = net->tx_slots[slot].next_free;
	net->tx_slots[slot].done = tx->done;
	net->tx_slots[slot].arg = tx->arg;
	net->tx_head_slot[head] = slot;
	net->tx_in_flight++;
	net->stats.tx_frames++;
	virtio_net_notify(net, &net->txq, VIRTIO_NET_TX_QUEUE);
	return 0;
}

/* Take slot's frame off the books and tell its owner; the slot is free before done runs. */
static void virtio_net_complete(struct virtio_net *net, uint16_t slot, int status)
{
	virtio_net_tx_done_fn done = net->tx_slots[slot].done;
	void *arg = net->tx_slots[slot].arg;

	net->tx_slots[slot] = (struct virtio_net_slot){ .next_free = net->tx_free_slot };
	net->tx_free_slot = slot;
	net->tx_in_flight--;
	net->stats.tx_done++;
	done(arg, status);
}

/* Reset the device, so it stops reaching our memory, then fail every frame in flight. */
static void virtio_net_fail_all(struct virtio_net *net)
{
	(void)virtio_mmio_reset(&net->dev);
	for (uint16_t head = 0; head < net->txq.size; head++) {
		uint16_t slot = net->tx_head_slot[head];

		if (slot != VIRTIO_NET_NO_SLOT) {
			net->tx_head_slot[head] = VIRTIO_NET_NO_SLOT;
			virtio_net_complete(net, slot, -XEN_EIO);
		}
	}
}

/* The device broke the ring protocol: neither queue is used again. */
static void virtio_net_break(struct virtio_net *net)
{
	net->broken = true;
	net->stats.ring_broken++;
	virtio_net_fail_all(net);
}

/* One transmit entry: 1 if a frame completed or the entry was dropped, 0 if none, -1 broken. */
static int virtio_net_take_tx(struct virtio_net *net)
{
	uint16_t head = 0;
	uint32_t len = 0;
	uint16_t slot;
	int err = virtq_next_used(&net->txq, &head, &len);

	if (err == -EAGAIN) {
		return 0;
	}
	if (err == -EIO) {
		virtio_net_break(net);
		return -1;
	}
	if (err == -ENOENT || net->tx_head_slot[head] == VIRTIO_NET_NO_SLOT) {
		net->stats.bad_used++;
		return 1;
	}
	slot = net->tx_head_slot[head];
	net->tx_head_slot[head] = VIRTIO_NET_NO_SLOT;
	/* The chain has nothing for the device to write: any length but 0 is made up. */
	if (err == -EMSGSIZE) {
		net->stats.bad_length++;
		virtio_net_complete(net, slot, -XEN_EIO);
	} else {
		virtio_net_complete(net, slot, 0);
	}
	return 1;
}

/* Hand buffer index's frame of len bytes (header included) to the callback, if it can be one. */
static void virtio_net_deliver(struct virtio_net *net, uint16_t index, uint32_t len)
{
	const uint8_t *buf = net->rx_bufs + (size_t)index * VIRTIO_NET_RX_STRIDE;
	uint32_t hdr = (uint32_t)sizeof(struct virtio_net_hdr);

	if (len < hdr + VIRTIO_NET_FRAME_MIN || len > VIRTIO_NET_RX_LEN) {
		net->stats.bad_length++;
		return;
	}
	net->stats.rx_frames++;
	net->stats.rx_bytes += len - hdr;
	net->rx(net->rx_arg, buf + hdr, len - hdr);
}

/* One receive entry: 1 if a frame was delivered or dropped, 0 if none, -1 broken. */
static int virtio_net_take_rx(struct virtio_net *net, bool *reposted)
{
	uint16_t head = 0;
	uint32_t len = 0;
	uint16_t index;
	int err = virtq_next_used(&net->rxq, &head, &len);

	if (err == -EAGAIN) {
		return 0;
	}
	if (err == -EIO) {
		virtio_net_break(net);
		return -1;
	}
	if (err == -ENOENT || net->rx_head_buf[head] == VIRTIO_NET_NO_SLOT) {
		net->stats.bad_used++;
		return 1;
	}
	index = net->rx_head_buf[head];
	net->rx_head_buf[head] = VIRTIO_NET_NO_SLOT;
	if (err == -EMSGSIZE) {
		net->stats.bad_length++;
	} else {
		virtio_net_deliver(net, index, len);
	}
	/* The callback may have met a broken device (a submit after the break): leave it reset. */
	if (!net->broken && virtio_net_post_rx(net, index) == 0) {
		*reposted = true;
	}
	return 1;
}

/* The status bit again, after the device said its configuration changed. */
static void virtio_net_config_changed(struct virtio_net *net)
{
	struct virtio_net_config c;

	if (__atomic_exchange_n(&net->config_seen, 0u, __ATOMIC_RELAXED) == 0) {
		return;
	}
	if (virtio_net_read_config(net, &c) == 0) {
		net->link_up = virtio_net_status_up(net, c.status);
	}
}

/* Up to budget entries of one queue; whether entries may be left (budget spent). */
static bool virtio_net_take_some(struct virtio_net *net, bool rx, unsigned int budget,
				 bool *reposted)
{
	while (!net->broken) {
		int taken = rx ? virtio_net_take_rx(net, reposted) : virtio_net_take_tx(net);

		if (taken <= 0) {
			return false;
		}
		if (--budget == 0) {
			return true;
		}
	}
	return false;
}

/*
 * Loop callback (thread context): follow the link, deliver what was
 * received, complete what was sent. At most two queues' worth of entries
 * each a round, so a device that keeps writing entries cannot hold the
 * loop: with more left, the source is raised again for the next round.
 */
static void virtio_net_drain(struct loop_source *source, void *arg)
{
	struct virtio_net *net = arg;
	bool reposted = false;
	bool more;

	(void)source;
	virtio_net_config_changed(net);
	more = virtio_net_take_some(net, true, 2u * net->rxq.size, &reposted);
	more |= virtio_net_take_some(net, false, 2u * net->txq.size, &reposted);
	if (reposted && !net->broken) {
		virtio_net_notify(net, &net->rxq, VIRTIO_NET_RX_QUEUE);
	}
	if (more) {
		loop_source_raise(&net->source);
	}
}

void virtio_net_close(struct virtio_net *net)
{
	virtio_net_irq_fini(net);
	loop_source_remove(&net->source);
	/* What the device sent counts; the rest fails after the reset. */
	while (!net->broken && virtio_net_take_tx(net) > 0) {
	}
	/* Reset first: the device must be done with the buffers before their owners hear. */
	net->broken = true;
	virtio_net_fail_all(net);
	virtio_net_free(net);
}
