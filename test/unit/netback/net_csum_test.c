// SPDX-License-Identifier: MIT
/* Checksums filled in software (known answers), their offsets, and GSO frames cut into segments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "abi/errno.h"
#include "net_csum.h"
#include "net_test_frames.h"

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

static struct tf_spec udp4(void)
{
	struct tf_spec s = { .src_ip = TF_IP(192, 168, 0, 1),
			     .dst_ip = TF_IP(192, 168, 0, 199),
			     .proto = 17,
			     .src_port = 1234,
			     .dst_port = 53,
			     .payload = 10 };

	return s;
}

static struct tf_spec tcp6(void)
{
	struct tf_spec s = { .ethertype = 0x86dd,
			     .src_ip = TF_IP(10, 0, 0, 2),
			     .dst_ip = TF_IP(10, 0, 0, 1),
			     .proto = 6,
			     .src_port = 40000,
			     .dst_port = 443,
			     .seq = 0x01020304,
			     .tcp_flags = 0x18,
			     .payload = 11 };

	return s;
}

static int fill(struct net_frame *f)
{
	f->flags = NET_FRAME_CSUM_BLANK;
	return net_csum_fill(f);
}

/* Answers worked out apart from this code: UDP over IPv4 (RFC 768), TCP over IPv6 (RFC 8200),
 * an odd payload length among them. */
static void known_answers(void **state)
{
	struct tf_spec s = udp4();
	struct net_frame *f = tf_make(&s);

	(void)state;
	assert_int_equal(fill(f), 0);
	assert_int_equal(get16(f->data + 14 + 20 + 6), 0xdceb);
	assert_int_equal(f->flags, NET_FRAME_DATA_VALIDATED);
	net_frame_put(f);

	s = tcp6();
	f = tf_make(&s);
	assert_int_equal(fill(f), 0);
	assert_int_equal(get16(f->data + 14 + 40 + 16), 0xb98c);
	assert_true(tf_l4_ok(f->data, 14, true, 54, f->len - 54, 6));
	net_frame_put(f);
	assert_int_equal(net_frame_live(), 0);
}

/* Whatever the field held (a frontend leaves the pseudo-header sum there), the answer is the
 * same; Ethernet padding after the packet and a VLAN tag change nothing. */
static void field_and_padding_do_not_matter(void **state)
{
	struct tf_spec s = udp4();
	struct net_frame *f;

	(void)state;
	s.pad = 7;
	s.vlan = 12;
	f = tf_make(&s);
	f->data[18 + 20 + 6] = 0xab;
	f->data[18 + 20 + 7] = 0xcd;
	assert_int_equal(fill(f), 0);
	assert_int_equal(get16(f->data + 18 + 20 + 6), 0xdceb);
	net_frame_put(f);
}

/* A UDP sum that comes to zero is sent as 0xffff: zero would say "no checksum". */
static void udp_zero_is_sent_as_ffff(void **state)
{
	struct tf_spec s = udp4();
	struct net_frame *f;
	uint8_t *last;

	(void)state;
	f = tf_make(&s);
	last = f->data + f->len - 2; /* the payload's last 16-bit word, zeroed */
	last[0] = 0;
	last[1] = 0;
	assert_int_equal(fill(f), 0);
	/* That word set to the checksum makes the sum 0xffff: the checksum would be zero. */
	memcpy(last, f->data + 14 + 20 + 6, 2);
	assert_int_equal(fill(f), 0);
	assert_int_equal(get16(f->data + 14 + 20 + 6), 0xffff);
	net_frame_put(f);
}

/* Bytes whose sums carry often: runs of 0xff and 0xfe among pseudo-random ones. */
static void carry_heavy(uint8_t *p, uint32_t len, uint32_t *seed)
{
	for (uint32_t i = 0; i < len; i++) {
		*seed = *seed * 1103515245u + 12345u;
		p[i] = (*seed >> 16) % 3u == 0 ? (uint8_t)(*seed >> 24)
					       : (uint8_t)(0xfe | (i & 1u));
	}
}

/* The sum is taken eight bytes at a time: every length of the tail and every alignment of the
 * segment (a VLAN tag moves it by four, IPv6 by twenty) checks against the reference sum. */
static void every_length_and_alignment(void **state)
{
	uint32_t seed = 7;

	(void)state;
	for (uint32_t payload = 0; payload <= 300; payload++) {
		for (unsigned int shape = 0; shape < 4; shape++) {
			struct tf_spec s = shape & 1u ? tcp6() : udp4();
			uint32_t l3 = shape & 2u ? 18u : 14u;
			uint32_t l4 = l3 + (shape & 1u ? 40u : 20u);
			struct net_frame *f;

			s.vlan = shape & 2u ? 5 : 0;
			s.payload = payload;
			f = tf_make(&s);
			carry_heavy(f->data + l4 + (s.proto == 6 ? 20u : 8u), payload, &seed);
			assert_int_equal(fill(f), 0);
			assert_true(tf_l4_ok(f->data, l3, shape & 1u, l4, f->len - l4, s.proto));
			net_frame_put(f);
		}
	}
	assert_int_equal(net_frame_live(), 0);
}

static void refused(void **state)
{
	struct tf_spec arp = { .ethertype = 0x0806 };
	struct tf_spec icmp = udp4();
	struct tf_spec frag = udp4();
	struct tf_spec s = udp4();
	struct net_frame *f;

	(void)state;
	icmp.proto = 1;
	frag.frag = 0x2000; /* the first of several fragments: the sum covers them all */
	f = tf_make(&arp);
	assert_int_equal(fill(f), -XEN_EINVAL);
	net_frame_put(f);
	f = tf_make(&icmp);
	assert_int_equal(fill(f), -XEN_EINVAL);
	net_frame_put(f);
	f = tf_make(&frag);
	assert_int_equal(fill(f), -XEN_EINVAL);
	assert_int_equal(f->flags, NET_FRAME_CSUM_BLANK); /* left as it was */
	net_frame_put(f);
	f = tf_make(&s);
	f->len -= 1; /* the IP length now says more than the frame has */
	assert_int_equal(fill(f), -XEN_EINVAL);
	net_frame_put(f);
	assert_int_equal(net_frame_live(), 0);
}

static void offsets(void **state)
{
	struct tf_spec s = udp4();
	struct net_frame *f;
	uint16_t start = 0, offset = 0;

	(void)state;
	f = tf_make(&s);
	assert_int_equal(net_csum_offsets(f, &start, &offset), 0);
	assert_int_equal(start, 34);
	assert_int_equal(offset, 6);
	net_frame_put(f);
	s.vlan = 3;
	f = tf_make(&s);
	assert_int_equal(net_csum_offsets(f, &start, &offset), 0);
	assert_int_equal(start, 38);
	net_frame_put(f);
	s = tcp6();
	f = tf_make(&s);
	assert_int_equal(net_csum_offsets(f, &start, &offset), 0);
	assert_int_equal(start, 54);
	assert_int_equal(offset, 16);
	net_frame_put(f);
	s.proto = 58; /* ICMPv6 */
	f = tf_make(&s);
	assert_int_equal(net_csum_offsets(f, &start, &offset), -XEN_EINVAL);
	net_frame_put(f);
}

static struct net_frame *gso_frame(bool ipv6, uint32_t payload, uint16_t mss)
{
	struct tf_spec s = tcp6();
	struct net_frame *f;

	if (!ipv6) {
		s.ethertype = 0;
	}
	s.payload = payload;
	s.tcp_flags = 0x80 | 0x18 | 0x01; /* CWR, ACK, PSH, FIN */
	s.seq = 0xfffffc00u;              /* wraps within the frame */
	s.pad = 3;
	f = tf_make(&s);
	f->gso_type = ipv6 ? NET_GSO_TCPV6 : NET_GSO_TCPV4;
	f->gso_size = mss;
	f->flags = NET_FRAME_CSUM_BLANK;
	return f;
}

/* One segment's headers, lengths and checksums against the frame it was cut from. */
static void check_segment(const struct net_frame *f, const struct net_frame *seg, bool ipv6,
			  unsigned int i, unsigned int n, uint32_t chunk)
{
	uint32_t l4 = ipv6 ? 54 : 34, hdr = l4 + 20;
	uint8_t flags = seg->data[l4 + 13];

	assert_int_equal(seg->len, hdr + chunk);
	assert_int_equal(seg->gso_type, NET_GSO_NONE);
	assert_int_equal(seg->flags, NET_FRAME_DATA_VALIDATED);
	assert_memory_equal(seg->data + hdr, f->data + hdr + i * f->gso_size, chunk);
	if (ipv6) {
		assert_int_equal(get16(seg->data + 18), 20 + chunk);
	} else {
		assert_int_equal(get16(seg->data + 16), 40 + chunk);
		assert_int_equal(get16(seg->data + 18), 0x1234 + i);
		assert_int_equal(tf_sum(seg->data + 14, 20, 0), 0xffff);
	}
	assert_int_equal(get32(seg->data + l4 + 4), 0xfffffc00u + i * f->gso_size);
	assert_int_equal(flags & 0x80, i == 0 ? 0x80 : 0);
	assert_int_equal(flags & 0x09, i + 1 == n ? 0x09 : 0);
	assert_int_equal(flags & 0x10, 0x10); /* ACK on every one */
	assert_true(tf_l4_ok(seg->data, 14, ipv6, l4, 20 + chunk, 6));
}

static void gso_cuts(bool ipv6, uint32_t payload, uint16_t mss, unsigned int want)
{
	struct net_frame *f = gso_frame(ipv6, payload, mss);
	struct net_frame *out[8];
	unsigned int n = 99, i;

	assert_int_equal(net_gso_segment(f, out, 8, &n), 0);
	assert_int_equal(n, want);
	for (i = 0; i < n; i++) {
		uint32_t left = payload - i * mss;

		check_segment(f, out[i], ipv6, i, n, left < mss ? left : mss);
		net_frame_put(out[i]);
	}
	net_frame_put(f);
	assert_int_equal(net_frame_live(), 0);
}

static void gso_segments(void **state)
{
	(void)state;
	gso_cuts(false, 3000, 1000, 3);
	gso_cuts(false, 2500, 1000, 3);
	gso_cuts(true, 4001, 1440, 3);
	gso_cuts(true, 1440, 1440, 1);
	gso_cuts(false, 0, 1000, 1);
	gso_cuts(false, 7, 1, 7);
}

static void gso_refused(void **state)
{
	struct net_frame *out[4];
	struct net_frame *f = gso_frame(false, 5000, 1000);
	unsigned int n = 99;

	(void)state;
	assert_int_equal(net_gso_segment(f, out, 4, &n), -XEN_ENOSPC);
	assert_int_equal(n, 0);
	assert_int_equal(net_frame_live(), 1); /* nothing left behind */
	f->gso_size = 0;
	assert_int_equal(net_gso_segment(f, out, 4, &n), -XEN_EINVAL);
	f->gso_size = 2000;
	f->gso_type = NET_GSO_TCPV6; /* over IPv4 */
	assert_int_equal(net_gso_segment(f, out, 4, &n), -XEN_EINVAL);
	f->gso_type = NET_GSO_NONE;
	assert_int_equal(net_gso_segment(f, out, 4, &n), -XEN_EINVAL);
	f->gso_type = 7;
	assert_int_equal(net_gso_segment(f, out, 4, &n), -XEN_EINVAL);
	f->gso_type = NET_GSO_TCPV4;
	f->data[34 + 12] = 0x40; /* a TCP data offset of 16 bytes */
	assert_int_equal(net_gso_segment(f, out, 4, &n), -XEN_EINVAL);
	f->data[34 + 12] = 0xf0; /* 60 bytes: fits, cut after 60 bytes of header */
	assert_int_equal(net_gso_segment(f, out, 4, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(out[0]->len, 34 + 60 + 2000);
	while (n > 0) {
		net_frame_put(out[--n]);
	}
	f->data[23] = 17; /* UDP */
	assert_int_equal(net_gso_segment(f, out, 4, &n), -XEN_EINVAL);
	net_frame_put(f);
	assert_int_equal(net_frame_live(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(known_answers),
		cmocka_unit_test(field_and_padding_do_not_matter),
		cmocka_unit_test(udp_zero_is_sent_as_ffff),
		cmocka_unit_test(every_length_and_alignment),
		cmocka_unit_test(refused),
		cmocka_unit_test(offsets),
		cmocka_unit_test(gso_segments),
		cmocka_unit_test(gso_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
