/* SPDX-License-Identifier: MIT */
/* Frames made to order for the netback unit tests. */
#include "net_test_frames.h"
#include <string.h>

static void be16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void be32(uint8_t *p, uint32_t v)
{
	be16(p, v >> 16);
	be16(p + 2, v & 0xffffu);
}

/** See net_test_frames.h. */
uint16_t tf_sum(const uint8_t *p, uint32_t len, uint32_t start)
{
	uint32_t sum = start, i;

	for (i = 0; i + 1 < len; i += 2) {
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	}
	if (len & 1u) {
		sum += (uint32_t)p[len - 1] << 8;
	}
	while (sum >> 16) {
		sum = (sum & 0xffffu) + (sum >> 16);
	}
	return (uint16_t)sum;
}

/** See net_test_frames.h. */
bool tf_l4_ok(const uint8_t *data, uint32_t l3, bool ipv6, uint32_t l4, uint32_t len, uint8_t proto)
{
	uint32_t start = proto + len;

	start = ipv6 ? tf_sum(data + l3 + 8, 32, start) : tf_sum(data + l3 + 12, 8, start);
	return tf_sum(data + l4, len, start) == 0xffffu;
}

static uint32_t l4_hlen(const struct tf_spec *s)
{
	return s->proto == 6 ? 20u : s->proto == 17 ? 8u : 0u;
}

static void put_l4(uint8_t *p, const struct tf_spec *s)
{
	uint32_t i, h = l4_hlen(s);

	if (h != 0) {
		be16(p, s->src_port);
		be16(p + 2, s->dst_port);
	}
	if (s->proto == 6) {
		be32(p + 4, s->seq);
		p[12] = 5u << 4;
		p[13] = s->tcp_flags;
		be16(p + 14, 65535);
	} else if (s->proto == 17) {
		be16(p + 4, h + s->payload);
	}
	for (i = 0; i < s->payload; i++) {
		p[h + i] = (uint8_t)(i * 7u + 3u);
	}
}

static uint32_t put_ipv4(uint8_t *p, const struct tf_spec *s)
{
	uint32_t total = 20u + l4_hlen(s) + s->payload;

	p[0] = 0x45;
	be16(p + 2, total);
	be16(p + 4, 0x1234);
	be16(p + 6, s->frag);
	p[8] = 64;
	p[9] = s->proto;
	be32(p + 12, s->src_ip);
	be32(p + 16, s->dst_ip);
	be16(p + 10, (uint16_t)~tf_sum(p, 20, 0));
	put_l4(p + 20, s);
	return total;
}

static uint32_t put_ipv6(uint8_t *p, const struct tf_spec *s)
{
	uint32_t plen = l4_hlen(s) + s->payload;

	p[0] = 0x60;
	be16(p + 4, plen);
	p[6] = s->proto;
	p[7] = 64;
	be16(p + 8, 0x2001);
	be16(p + 10, 0x0db8);
	be32(p + 20, s->src_ip);
	be16(p + 24, 0x2001);
	be16(p + 26, 0x0db8);
	be32(p + 36, s->dst_ip);
	put_l4(p + 40, s);
	return 40u + plen;
}

static uint32_t put_arp(uint8_t *p, const struct tf_spec *s)
{
	be16(p, 1);
	be16(p + 2, 0x0800);
	p[4] = 6;
	p[5] = 4;
	be16(p + 6, 1);
	memcpy(p + 8, s->src_mac, 6);
	be32(p + 14, s->src_ip);
	be32(p + 24, s->dst_ip);
	return 28;
}

static uint32_t l3_len(const struct tf_spec *s)
{
	switch (s->ethertype) {
	case 0:
	case 0x0800:
		return 20u + l4_hlen(s) + s->payload;
	case 0x86dd:
		return 40u + l4_hlen(s) + s->payload;
	case 0x0806:
		return 28u;
	default:
		return s->payload;
	}
}

/** See net_test_frames.h. */
struct net_frame *tf_make(const struct tf_spec *s)
{
	uint32_t l2 = s->vlan != 0 ? 18u : 14u;
	uint16_t type = s->ethertype != 0 ? s->ethertype : 0x0800;
	struct net_frame *f = net_frame_alloc(l2 + l3_len(s) + s->pad);
	uint8_t *p;

	if (f == NULL) {
		return NULL;
	}
	p = f->data;
	memset(p, 0, f->len);
	memcpy(p, s->dst_mac, 6);
	memcpy(p + 6, s->src_mac, 6);
	if (s->vlan != 0) {
		be16(p + 12, 0x8100);
		be16(p + 14, s->vlan);
	}
	be16(p + l2 - 2, type);
	if (type == 0x0800) {
		put_ipv4(p + l2, s);
	} else if (type == 0x86dd) {
		put_ipv6(p + l2, s);
	} else if (type == 0x0806) {
		put_arp(p + l2, s);
	}
	return f;
}
