// SPDX-License-Identifier: MIT
/*
 * services/netback/uplink.c on the host over a fake virtio-net device that
 * takes frames up to a capacity and completes them when the test says,
 * with stand-ins for net_frame.c and the checksum helpers that record what
 * they were asked to do.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <abi/errno.h>

#include "net_csum.h"
#include "uplink.h"

#define DEVICE_MAX 512u

/* --- stand-ins: frames --- */

static uint64_t frames_live;

struct net_frame *net_frame_alloc(uint32_t len)
{
	struct net_frame *f;

	if (len < 14u || len > NET_FRAME_MAX) {
		return NULL;
	}
	f = calloc(1, sizeof(*f) + len);
	if (f != NULL) {
		f->refs = 1;
		f->len = len;
		frames_live++;
	}
	return f;
}

struct net_frame *net_frame_get(struct net_frame *f)
{
	f->refs++;
	return f;
}

void net_frame_put(struct net_frame *f)
{
	if (f == NULL) {
		return;
	}
	assert_true(f->refs > 0);
	if (--f->refs == 0) {
		frames_live--;
		free(f);
	}
}

uint64_t net_frame_live(void)
{
	return frames_live;
}

/* --- stand-ins: checksums and segmentation (TCP over IPv4 without options: L4 at 34) --- */

#define L4_START 34u
#define TCP_CSUM 16u
#define HEADERS 54u /* Ethernet, IPv4, TCP */
#define FILLED 0xc5u

static unsigned int csum_fills;
static unsigned int segmentations;

int net_csum_offsets(const struct net_frame *f, uint16_t *start, uint16_t *offset)
{
	if (f->len < HEADERS) {
		return -XEN_EINVAL;
	}
	*start = L4_START;
	*offset = TCP_CSUM;
	return 0;
}

int net_csum_fill(struct net_frame *f)
{
	if (f->len < HEADERS) {
		return -XEN_EINVAL;
	}
	f->data[L4_START + TCP_CSUM] = FILLED;
	f->flags = (uint16_t)((f->flags & ~NET_FRAME_CSUM_BLANK) | NET_FRAME_DATA_VALIDATED);
	csum_fills++;
	return 0;
}

int net_gso_segment(const struct net_frame *f, struct net_frame **out, unsigned int max,
		    unsigned int *count)
{
	uint32_t payload = f->len - HEADERS;

	*count = 0;
	if (f->len <= HEADERS || f->gso_size == 0) {
		return -XEN_EINVAL;
	}
	segmentations++;
	for (uint32_t at = 0; at < payload; at += f->gso_size) {
		uint32_t chunk = payload - at < f->gso_size ? payload - at : f->gso_size;
		struct net_frame *s;

		if (*count == max) {
			while (*count > 0) {
				net_frame_put(out[--*count]);
			}
			return -XEN_ENOSPC;
		}
		s = net_frame_alloc(HEADERS + chunk);
		memcpy(s->data, f->data, HEADERS);
		memcpy(s->data + HEADERS, f->data + HEADERS + at, chunk);
		s->data[L4_START + TCP_CSUM] = FILLED;
		s->flags = NET_FRAME_DATA_VALIDATED;
		out[(*count)++] = s;
	}
	return 0;
}

/* --- the fake device and host --- */

/** A frame the device took. */
struct sent {
	struct virtio_net_hdr hdr;
	const uint8_t *data;
	uint32_t len;
	uint8_t first; /* data[0] when it was sent (data goes with the frame once done) */
	virtio_net_tx_done_fn done;
	void *arg;
	bool completed;
};

static struct sent sent[DEVICE_MAX];
static unsigned int sent_count;
static unsigned int device_room; /* frames the device takes before -XEN_EAGAIN */
static int device_refuses;       /* a submit error other than -XEN_EAGAIN, or 0 */
static unsigned int ready_calls;
static unsigned int log_lines;
static struct uplink *u;

static int fake_submit(void *arg, const struct virtio_net_tx *tx)
{
	assert_ptr_equal(arg, &sent);
	assert_int_equal(tx->buf_count, 1);
	assert_non_null(tx->done);
	if (device_refuses != 0) {
		return device_refuses;
	}
	if (device_room == 0) {
		return -XEN_EAGAIN;
	}
	assert_true(sent_count < DEVICE_MAX);
	device_room--;
	sent[sent_count++] = (struct sent){ .hdr = tx->hdr,
					    .data = tx->bufs[0].addr,
					    .len = tx->bufs[0].len,
					    .first = ((const uint8_t *)tx->bufs[0].addr)[0],
					    .done = tx->done,
					    .arg = tx->arg };
	return 0;
}

static void fake_ready(void *arg)
{
	assert_ptr_equal(arg, &sent);
	ready_calls++;
}

static void fake_log(const char *fmt, ...)
{
	(void)fmt;
	log_lines++;
}

static const struct uplink_ops ops = {
	.submit = fake_submit,
	.ready = fake_ready,
	.log = fake_log,
};

/* The device is done with sent frame i: it has room again and says so. */
static void device_complete(unsigned int i, int status)
{
	assert_false(sent[i].completed);
	sent[i].completed = true;
	device_room++;
	sent[i].done(sent[i].arg, status);
}

static const struct uplink_offloads all_offloads = { .csum = true, .tso4 = true, .tso6 = true };
static const struct uplink_offloads no_offloads;

static int setup(void **state)
{
	(void)state;
	memset(sent, 0, sizeof(sent));
	sent_count = 0;
	device_room = 64;
	device_refuses = 0;
	ready_calls = 0;
	log_lines = 0;
	csum_fills = 0;
	segmentations = 0;
	u = uplink_create(&ops, &sent);
	assert_non_null(u);
	return 0;
}

/* Nothing is left behind: every frame the uplink held is freed with it. */
static int teardown(void **state)
{
	(void)state;
	uplink_destroy(u);
	assert_int_equal(net_frame_live(), 0);
	return 0;
}

/* A TCP/IPv4 frame of len bytes: byte i = seed + i, TCP header of 20 bytes (data offset 5). */
static struct net_frame *tcp_frame(uint32_t len, uint8_t seed)
{
	struct net_frame *f = net_frame_alloc(len);

	assert_non_null(f);
	for (uint32_t i = 0; i < len; i++) {
		f->data[i] = (uint8_t)(seed + i);
	}
	if (len > L4_START + 12u) {
		f->data[L4_START + 12u] = 0x50;
	}
	return f;
}

static bool push(struct net_frame *f)
{
	return uplink_port_ops.push(u, f);
}

static struct net_frame *pull(void)
{
	return uplink_port_ops.pull(u);
}

/* --- receive --- */

static void test_received_frames_queue_for_the_switch(void **state)
{
	uint8_t bytes[1514];
	struct net_frame *f;
	struct uplink_stats stats;

	(void)state;
	for (unsigned int i = 0; i < sizeof(bytes); i++) {
		bytes[i] = (uint8_t)(i * 7u);
	}
	uplink_receive(u, bytes, 60);
	uplink_receive(u, bytes, 1514);
	/* Told once, when the first frame came: the switch keeps asking until an empty pull. */
	assert_int_equal(ready_calls, 1);
	f = pull();
	assert_non_null(f);
	assert_int_equal(f->len, 60);
	assert_int_equal(f->flags, 0);
	assert_int_equal(f->gso_type, NET_GSO_NONE);
	assert_int_equal(f->refs, 1);
	assert_memory_equal(f->data, bytes, 60);
	net_frame_put(f);
	f = pull();
	assert_non_null(f);
	assert_int_equal(f->len, 1514);
	assert_memory_equal(f->data, bytes, 1514);
	net_frame_put(f);
	assert_null(pull());
	/* After the empty pull, the next frame tells the switch again. */
	uplink_receive(u, bytes, 100);
	assert_int_equal(ready_calls, 2);
	/* What the driver never gives is not taken either. */
	uplink_receive(u, bytes, 13);
	assert_int_equal(uplink_rx_queued(u), 1);
	uplink_get_stats(u, &stats);
	assert_int_equal(stats.rx_frames, 3);
}

static void test_receive_queue_is_bounded(void **state)
{
	uint8_t bytes[64] = { 0 };
	struct uplink_stats stats;

	(void)state;
	for (unsigned int i = 0; i < UPLINK_RX_QUEUE_MAX + 10u; i++) {
		bytes[20] = (uint8_t)i;
		uplink_receive(u, bytes, sizeof(bytes));
	}
	assert_int_equal(uplink_rx_queued(u), UPLINK_RX_QUEUE_MAX);
	assert_int_equal(net_frame_live(), UPLINK_RX_QUEUE_MAX);
	uplink_get_stats(u, &stats);
	assert_int_equal(stats.rx_frames, UPLINK_RX_QUEUE_MAX);
	assert_int_equal(stats.rx_full_drops, 10);
	/* The oldest come out first; the frames over the bound were the ones dropped. */
	for (unsigned int i = 0; i < 3; i++) {
		struct net_frame *f = pull();

		assert_int_equal(f->data[20], i);
		net_frame_put(f);
	}
	/* The rest are freed with the uplink (teardown). */
}

/* --- transmit --- */

static void test_refused_until_attached(void **state)
{
	struct net_frame *f = tcp_frame(60, 0);

	(void)state;
	assert_false(push(f));
	assert_int_equal(f->refs, 1); /* still ours */
	assert_int_equal(sent_count, 0);
	net_frame_put(f);
}

static void test_blank_checksum_goes_to_the_device(void **state)
{
	struct net_frame *f = tcp_frame(200, 3);

	(void)state;
	uplink_attach(u, &all_offloads);
	f->flags = NET_FRAME_CSUM_BLANK;
	net_frame_get(f); /* the test's own, to see the frame is held */
	assert_true(push(f));
	assert_int_equal(sent_count, 1);
	assert_int_equal(sent[0].hdr.flags, VIRTIO_NET_HDR_F_NEEDS_CSUM);
	assert_int_equal(sent[0].hdr.csum_start, L4_START);
	assert_int_equal(sent[0].hdr.csum_offset, TCP_CSUM);
	assert_int_equal(sent[0].hdr.gso_type, VIRTIO_NET_HDR_GSO_NONE);
	assert_ptr_equal(sent[0].data, f->data);
	assert_int_equal(sent[0].len, 200);
	assert_int_equal(csum_fills, 0);
	/* Held until the device is done. */
	assert_int_equal(f->refs, 2);
	assert_int_equal(uplink_tx_in_flight(u), 1);
	device_complete(0, 0);
	assert_int_equal(f->refs, 1);
	assert_int_equal(uplink_tx_in_flight(u), 0);
	net_frame_put(f);
	/* A frame with its checksum in place goes with no flags. */
	assert_true(push(tcp_frame(60, 0)));
	assert_int_equal(sent[1].hdr.flags, 0);
	device_complete(1, 0);
}

static void test_blank_checksum_filled_here_on_a_copy_if_shared(void **state)
{
	struct net_frame *f = tcp_frame(300, 5);
	struct uplink_stats stats;
	uint8_t before = f->data[L4_START + TCP_CSUM];

	(void)state;
	uplink_attach(u, &no_offloads);
	f->flags = NET_FRAME_CSUM_BLANK;
	net_frame_get(f); /* shared: another port holds it too */
	assert_true(push(f));
	assert_int_equal(sent_count, 1);
	assert_int_equal(sent[0].hdr.flags, 0);
	assert_ptr_not_equal(sent[0].data, f->data);
	assert_int_equal(sent[0].data[L4_START + TCP_CSUM], FILLED);
	assert_memory_equal(sent[0].data, f->data, L4_START + TCP_CSUM);
	/* The shared frame is untouched, and the uplink's reference to it is gone. */
	assert_int_equal(f->data[L4_START + TCP_CSUM], before);
	assert_true(f->flags & NET_FRAME_CSUM_BLANK);
	assert_int_equal(f->refs, 1);
	net_frame_put(f);
	device_complete(0, 0);
	/* Unshared: filled in place. */
	f = tcp_frame(300, 5);
	f->flags = NET_FRAME_CSUM_BLANK;
	assert_true(push(f));
	assert_ptr_equal(sent[1].data, f->data);
	assert_int_equal(sent[1].data[L4_START + TCP_CSUM], FILLED);
	device_complete(1, 0);
	uplink_get_stats(u, &stats);
	assert_int_equal(stats.tx_csum_filled, 2);
	assert_int_equal(stats.tx_frames, 2);
	assert_int_equal(stats.tx_done, 2);
}

static void test_gso_goes_to_a_device_that_segments(void **state)
{
	struct net_frame *f = tcp_frame(9000, 1);

	(void)state;
	uplink_attach(u, &all_offloads);
	f->flags = NET_FRAME_CSUM_BLANK;
	f->gso_type = NET_GSO_TCPV4;
	f->gso_size = 1448;
	assert_true(push(f));
	assert_int_equal(sent_count, 1);
	assert_int_equal(sent[0].len, 9000);
	assert_int_equal(sent[0].hdr.flags, VIRTIO_NET_HDR_F_NEEDS_CSUM);
	assert_int_equal(sent[0].hdr.gso_type, VIRTIO_NET_HDR_GSO_TCPV4);
	assert_int_equal(sent[0].hdr.gso_size, 1448);
	assert_int_equal(sent[0].hdr.hdr_len, HEADERS);
	assert_int_equal(sent[0].hdr.csum_start, L4_START);
	assert_int_equal(segmentations, 0);
	device_complete(0, 0);
	/* A TCP header longer than the frame (data offset 15: 60 bytes) cannot be described. */
	f = tcp_frame(80, 1);
	f->gso_type = NET_GSO_TCPV6;
	f->gso_size = 10;
	f->data[L4_START + 12u] = 0xf0;
	assert_true(push(f));
	assert_int_equal(sent_count, 1);
}

/* The segment size is the guest's: the device is not asked to cut a frame into more segments
 * than the uplink would cut it into, nor into segments over the MTU. */
static void test_gso_to_the_device_is_bounded(void **state)
{
	struct uplink_stats st;
	struct net_frame *f;

	(void)state;
	uplink_attach(u, &all_offloads);
	f = tcp_frame(60000, 1);
	f->flags = NET_FRAME_CSUM_BLANK;
	f->gso_type = NET_GSO_TCPV4;
	f->gso_size = 8; /* 7494 segments of 62 bytes */
	assert_true(push(f));
	f = tcp_frame(20000, 2);
	f->flags = NET_FRAME_CSUM_BLANK;
	f->gso_type = NET_GSO_TCPV4;
	f->gso_size = 9000; /* segments of 9054 bytes */
	assert_true(push(f));
	assert_int_equal(sent_count, 0);
	uplink_get_stats(u, &st);
	assert_int_equal(st.tx_bad, 2);
	/* The largest segment that fits the MTU still goes. */
	f = tcp_frame(20000, 3);
	f->flags = NET_FRAME_CSUM_BLANK;
	f->gso_type = NET_GSO_TCPV4;
	f->gso_size = (uint16_t)(NET_FRAME_MTU_MAX - HEADERS);
	assert_true(push(f));
	assert_int_equal(sent_count, 1);
	device_complete(0, 0);
}

static void test_gso_segmented_here_without_tso(void **state)
{
	struct net_frame *f = tcp_frame(HEADERS + 3000u, 9);
	struct uplink_stats stats;

	(void)state;
	/* The device checksums but does not segment TCPv6. */
	uplink_attach(u, &(struct uplink_offloads){ .csum = true, .tso4 = true });
	f->flags = NET_FRAME_CSUM_BLANK;
	f->gso_type = NET_GSO_TCPV6;
	f->gso_size = 1000;
	assert_true(push(f));
	assert_int_equal(segmentations, 1);
	assert_int_equal(sent_count, 3);
	for (unsigned int i = 0; i < 3; i++) {
		assert_int_equal(sent[i].len, HEADERS + 1000u);
		assert_int_equal(sent[i].hdr.gso_type, VIRTIO_NET_HDR_GSO_NONE);
		/* The helper filled each segment's checksum: nothing left for the device. */
		assert_int_equal(sent[i].hdr.flags, 0);
		assert_int_equal(sent[i].data[L4_START + TCP_CSUM], FILLED);
		assert_int_equal(sent[i].data[HEADERS], (uint8_t)(9u + HEADERS + i * 1000u));
	}
	for (unsigned int i = 0; i < 3; i++) {
		device_complete(i, 0);
	}
	/* No offloads at all: TCPv4 segmented here too; the last segment shorter. */
	uplink_attach(u, &no_offloads);
	f = tcp_frame(HEADERS + 1500u, 2);
	f->flags = NET_FRAME_CSUM_BLANK;
	f->gso_type = NET_GSO_TCPV4;
	f->gso_size = 1000;
	assert_true(push(f));
	assert_int_equal(sent_count, 5);
	assert_int_equal(sent[4].len, HEADERS + 500u);
	assert_int_equal(sent[3].hdr.flags, 0);
	assert_int_equal(sent[4].data[L4_START + TCP_CSUM], FILLED);
	device_complete(3, 0);
	device_complete(4, 0);
	uplink_get_stats(u, &stats);
	assert_int_equal(stats.tx_segmented, 2);
	assert_int_equal(stats.tx_csum_filled, 0);
	assert_int_equal(csum_fills, 0);
	assert_int_equal(stats.tx_frames, 5);
}

static void test_unsendable_frames_dropped_and_counted(void **state)
{
	struct net_frame *f;
	struct uplink_stats stats;

	(void)state;
	uplink_attach(u, &all_offloads);
	/* Too long without GSO; a blank checksum with no place for it; an unknown GSO type. */
	assert_true(push(tcp_frame(NET_FRAME_MTU_MAX + 1u, 0)));
	f = tcp_frame(40, 0);
	f->flags = NET_FRAME_CSUM_BLANK;
	assert_true(push(f));
	f = tcp_frame(3000, 0);
	f->gso_type = 7;
	f->gso_size = 1000;
	assert_true(push(f));
	/* A GSO frame the helper cannot cut (no segment size), on a device without TSO. */
	uplink_attach(u, &no_offloads);
	f = tcp_frame(3000, 0);
	f->gso_type = NET_GSO_TCPV4;
	assert_true(push(f));
	assert_int_equal(sent_count, 0);
	uplink_get_stats(u, &stats);
	assert_int_equal(stats.tx_bad, 4);
	assert_int_equal(stats.tx_frames, 0);
	/* Logged at the 1st, 2nd and 4th: bounded however many come. */
	assert_int_equal(log_lines, 3);
	assert_int_equal(net_frame_live(), 0);
}

static void test_backlog_waits_for_room_and_is_bounded(void **state)
{
	struct net_frame *f;
	struct uplink_stats stats;
	unsigned int pushed = 0;

	(void)state;
	uplink_attach(u, &all_offloads);
	device_room = 2;
	while (pushed < 1000u) {
		f = tcp_frame(60, (uint8_t)pushed);
		if (!push(f)) {
			assert_int_equal(f->refs, 1); /* refused: the caller's still */
			net_frame_put(f);
			break;
		}
		pushed++;
	}
	assert_int_equal(pushed, 2u + UPLINK_TX_BACKLOG_MAX);
	assert_int_equal(sent_count, 2);
	assert_int_equal(uplink_tx_backlog(u), UPLINK_TX_BACKLOG_MAX);
	/* A GSO frame whose segments do not fit is refused whole, not half sent. */
	f = tcp_frame(HEADERS + 3000u, 0);
	f->gso_type = NET_GSO_TCPV4;
	f->gso_size = 1000;
	uplink_attach(u, &no_offloads);
	device_complete(0, 0);
	assert_int_equal(sent_count, 3); /* the first waiting frame went, in order */
	assert_int_equal(sent[2].first, 2);
	assert_false(push(f));
	assert_int_equal(f->refs, 1);
	net_frame_put(f);
	/* Completions drain the backlog in order; the last frame stays in the device. */
	for (unsigned int i = 1; i + 1u < pushed; i++) {
		device_complete(i, 0);
	}
	assert_int_equal(sent_count, pushed);
	assert_int_equal(uplink_tx_backlog(u), 0);
	for (unsigned int i = 0; i < pushed; i++) {
		assert_int_equal(sent[i].first, (uint8_t)i);
	}
	uplink_get_stats(u, &stats);
	assert_int_equal(stats.tx_full, 2);
	assert_int_equal(stats.tx_done, pushed - 1u);
	/* The last one is still in the device: destroy frees it (teardown). */
	assert_int_equal(uplink_tx_in_flight(u), 1);
}

static void test_device_errors_drop_and_count(void **state)
{
	struct uplink_stats stats;

	(void)state;
	uplink_attach(u, &all_offloads);
	assert_true(push(tcp_frame(60, 0)));
	device_complete(0, -XEN_EIO);
	device_refuses = -XEN_EIO; /* a broken device refuses everything */
	assert_true(push(tcp_frame(60, 0)));
	assert_int_equal(uplink_tx_backlog(u), 0);
	uplink_get_stats(u, &stats);
	assert_int_equal(stats.tx_frames, 1);
	assert_int_equal(stats.tx_done, 1);
	assert_int_equal(stats.tx_errors, 2);
	assert_int_equal(net_frame_live(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_received_frames_queue_for_the_switch, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_receive_queue_is_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_until_attached, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blank_checksum_goes_to_the_device, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_blank_checksum_filled_here_on_a_copy_if_shared,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_gso_goes_to_a_device_that_segments, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_gso_to_the_device_is_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gso_segmented_here_without_tso, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unsendable_frames_dropped_and_counted, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_backlog_waits_for_room_and_is_bounded, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_device_errors_drop_and_count, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
