// SPDX-License-Identifier: MIT
/*
 * Drive the entropy device passed through: virtio initialisation, one split
 * virtqueue in the domain's RAM, and 100 requests of 64 bytes, each completed
 * with an interrupt that comes through the vGIC.
 */
#include <libos/counter.h>
#include <libos/gic.h>
#include <libos/irq.h>
#include <libos/test.h>
#include <libos/virtio_mmio.h>
#include <libos/wait.h>
#include <stdio.h>
#include <string.h>

#include "../common/irq_setup.h"
#include "pt.h"

#define RNG_QUEUE 0u /* the entropy device's only queue: requests */
#define RNG_QUEUE_SIZE 8u
#define RNG_BYTES 64u
#define RNG_ROUNDS 100
#define RNG_WAIT_NS 2000000000ull

/* The queue's areas and the request buffer: RAM the device reaches by DMA. */
static uint8_t rng_area[4096] __attribute__((aligned(4096)));
static uint8_t rng_buffer[RNG_BYTES] __attribute__((aligned(64)));
static uint8_t rng_previous[RNG_BYTES];
static struct virtq rng_queue;

/* Written by the interrupt handler, read by the test on the same vCPU. */
static volatile uint64_t rng_interrupts;   /* every interrupt of the device */
static volatile uint64_t rng_used_signals; /* those whose status had the used-buffer bit */
static volatile uint32_t rng_other_status; /* status bits other than used-buffer, or-ed */

static void rng_interrupt(unsigned int intid, void *arg)
{
	const struct virtio_mmio_dev *dev = arg;
	uint32_t status = virtio_mmio_interrupt_ack(dev);

	(void)intid;
	rng_interrupts++;
	if (status & VIRTIO_MMIO_INT_USED_BUFFER) {
		rng_used_signals++;
	}
	rng_other_status |= status & ~VIRTIO_MMIO_INT_USED_BUFFER;
}

static bool rng_signalled(void *arg)
{
	const uint64_t *before = arg;

	return rng_used_signals != *before;
}

/* Reset, negotiate VERSION_1 alone, give queue 0 its ring. Returns whether all of it worked. */
static bool rng_start_device(const struct virtio_mmio_dev *dev)
{
	uint64_t accepted = 0;

	if (!CHECK_EQ(virtio_mmio_reset(dev), 0) ||
	    !CHECK_EQ(virtio_mmio_negotiate(dev, VIRTIO_FEATURE(VIRTIO_F_VERSION_1), &accepted),
		      0)) {
		return false;
	}
	CHECK_EQ(accepted, VIRTIO_FEATURE(VIRTIO_F_VERSION_1));
	if (!CHECK(virtio_mmio_queue_max(dev, RNG_QUEUE) >= RNG_QUEUE_SIZE) ||
	    !CHECK(virtq_area_size(RNG_QUEUE_SIZE) <= sizeof(rng_area)) ||
	    !CHECK_EQ(virtq_init(&rng_queue, rng_area, sizeof(rng_area), RNG_QUEUE_SIZE,
				 dev->dma_offset),
		      0)) {
		return false;
	}
	return CHECK_EQ(virtio_mmio_queue_setup(dev, RNG_QUEUE, &rng_queue), 0);
}

/* Its SPI: handled, edge or level as the DT says, routed to vCPU 0 (GICD_IROUTER), enabled. */
static bool rng_enable_interrupt(const struct virtio_mmio_dev *dev)
{
	return CHECK(dev->intid >= GIC_SPI_BASE) &&
	       CHECK_EQ(irq_set_handler(dev->intid, rng_interrupt, (void *)dev), 0) &&
	       CHECK_EQ(gic_irq_set_edge(dev->intid, dev->edge), 0) &&
	       CHECK_EQ(gic_spi_route(dev->intid, 0), 0) && CHECK_EQ(gic_irq_enable(dev->intid), 0);
}

/* Some byte of what the device wrote is not zero, and it differs from the previous answer. */
static void rng_check_bytes(uint32_t len, int round)
{
	bool any = false;

	for (uint32_t i = 0; i < len; i++) {
		any = any || rng_buffer[i] != 0;
	}
	CHECK(any);
	if (round > 0) {
		CHECK(memcmp(rng_buffer, rng_previous, len) != 0);
	}
	memcpy(rng_previous, rng_buffer, sizeof(rng_previous));
}

/* One request: post the buffer, notify, sleep until the interrupt, take the used entry. */
static bool rng_request(const struct virtio_mmio_dev *dev, int round)
{
	struct virtq_buf buf = { .addr = rng_buffer, .len = RNG_BYTES, .device_writes = true };
	uint64_t before = rng_used_signals;
	uint32_t len = 0;
	int head;

	test_context("request %d of %d", round + 1, RNG_ROUNDS);
	memset(rng_buffer, 0, sizeof(rng_buffer));
	head = virtq_add(&rng_queue, &buf, 1);
	if (!CHECK(head >= 0)) {
		return false;
	}
	virtio_mmio_notify(dev, RNG_QUEUE);
	if (!CHECK(wait_event_until(rng_signalled, &before,
				    counter_read() + counter_from_ns(RNG_WAIT_NS)))) {
		return false;
	}
	if (!CHECK_EQ(virtq_get_used(&rng_queue, &len), head)) {
		return false;
	}
	CHECK(len > 0 && len <= RNG_BYTES);
	rng_check_bytes(len, round);
	return true;
}

TEST(passthrough, virtio_rng)
{
	const struct virtio_mmio_dev *dev = pt_entropy_device();
	uint32_t status;
	int round;

	REQUIRE(dev != NULL);
	/* Queue and buffers are in this domain's RAM: the DT must say where the device sees it. */
	test_context("no dma-ranges in the domain DT: where the device sees this RAM is unknown");
	REQUIRE(dev->dma_known);
	test_context(NULL);
	REQUIRE(irq_setup_boot());
	REQUIRE(rng_start_device(dev));
	REQUIRE(rng_enable_interrupt(dev));
	virtio_mmio_set_status(dev, VIRTIO_STATUS_DRIVER_OK);
	status = virtio_mmio_read(dev, VIRTIO_MMIO_STATUS);
	CHECK_EQ(status & (VIRTIO_STATUS_DRIVER_OK | VIRTIO_STATUS_FEATURES_OK),
		 VIRTIO_STATUS_DRIVER_OK | VIRTIO_STATUS_FEATURES_OK);
	CHECK_EQ(status & (VIRTIO_STATUS_NEEDS_RESET | VIRTIO_STATUS_FAILED), 0);

	for (round = 0; round < RNG_ROUNDS; round++) {
		if (!rng_request(dev, round)) {
			break;
		}
	}
	test_context(NULL);
	CHECK_EQ(round, RNG_ROUNDS);
	CHECK(rng_interrupts >= (uint64_t)round);
	CHECK_EQ(rng_other_status, 0);
	CHECK_EQ(irq_unhandled_count(), 0);
	printf("passthrough: %d requests of %u bytes, %lu interrupts on INTID %u\n", round,
	       RNG_BYTES, (unsigned long)rng_interrupts, dev->intid);

	CHECK_EQ(gic_irq_disable(dev->intid), 0);
	CHECK_EQ(virtio_mmio_reset(dev), 0);
}
