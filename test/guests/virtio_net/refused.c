// SPDX-License-Identifier: MIT
/* Frames the driver refuses before the device sees them: each error exact, done never called. */
#include <abi/errno.h>
#include <libos/test.h>
#include <stdint.h>
#include <string.h>

#include "net_test.h"

static unsigned int done_calls;

static void count_done(void *arg, int status)
{
	(void)arg;
	(void)status;
	done_calls++;
}

/* Submit one buffer at addr of len bytes with hdr; it must be refused with want. */
static void refused(const void *addr, uint32_t len, struct virtio_net_hdr hdr, int want)
{
	struct virtio_net_buf buf = { .addr = addr, .len = len };
	struct virtio_net_tx tx = { .hdr = hdr, .bufs = &buf, .buf_count = 1, .done = count_done };

	CHECK_EQ(virtio_net_submit(net_device(), &tx), want);
}

TEST(virtio_net, malformed_frames_are_refused)
{
	static uint8_t frame[2048] __attribute__((aligned(64)));
	const struct virtio_net_hdr plain = { 0 };
	const struct virtio_net_info *info;
	struct virtio_net_hdr h;

	REQUIRE(net_device() != NULL);
	info = virtio_net_info(net_device());
	done_calls = 0;
	refused(frame, 13, plain, -XEN_EINVAL);   /* shorter than an Ethernet header */
	refused(frame, 1519, plain, -XEN_EINVAL); /* longer than a frame without GSO */
	refused(frame, 0, plain, -XEN_EINVAL);
	/* Outside RAM: the GIC, the physmap window, the top of memory. */
	refused((const void *)0x08000000, 60, plain, -XEN_EINVAL);
	refused((const void *)0xF0000000, 60, plain, -XEN_EINVAL);
	refused((const void *)(UINTPTR_MAX - 31u), 60, plain, -XEN_EINVAL);
	h = (struct virtio_net_hdr){ .flags = 0x80 };
	refused(frame, 60, h, -XEN_EINVAL);
	/* Offloads the device did not take on. */
	h = (struct virtio_net_hdr){ .flags = VIRTIO_NET_HDR_F_NEEDS_CSUM,
				     .csum_start = 34,
				     .csum_offset = 16 };
	if (!info->csum) {
		refused(frame, 60, h, -XEN_EOPNOTSUPP);
	}
	h.gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
	h.gso_size = 1448;
	h.hdr_len = 54;
	if (!info->tso4) {
		refused(frame, 2000, h, -XEN_EOPNOTSUPP);
	}
	h.gso_type = VIRTIO_NET_HDR_GSO_UDP;
	refused(frame, 2000, h, -XEN_EOPNOTSUPP);
	CHECK_EQ(done_calls, 0);
	CHECK_EQ(virtio_net_tx_in_flight(net_device()), 0);
}
