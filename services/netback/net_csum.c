/* SPDX-License-Identifier: MIT */
/* Internet checksums (RFC 1071) of TCP and UDP over IPv4 and IPv6, and TCP segmentation. */
#include "net_csum.h"
#include "abi/errno.h"
#include "net_hdr.h"
#include <string.h>

#define TCP_CSUM_OFFSET 16u
#define UDP_CSUM_OFFSET 6u
#define TCP_FLAGS_OFFSET 13u
#define TCP_FIN 0x01u
#define TCP_PSH 0x08u
#define TCP_CWR 0x80u
#define IPV4_CSUM_OFFSET 10u

/*
 * The one's complement sum of len bytes as big-endian 16-bit words, added
 * to sum. Eight bytes at a time: the sum does not depend on byte order
 * (RFC 1071, 2(B)), so the words are added in the machine's order into 128
 * bits, whose carries count as ones, folded to 16 bits and swapped once.
 * The last bytes are padded with zeros, an odd byte included (RFC 1071's
 * pad). Every segment the uplink cuts is summed here, so it is the
 * uplink's per-byte cost.
 */
static uint64_t sum_words(const uint8_t *p, uint32_t len, uint64_t sum)
{
	unsigned __int128 acc = 0;
	uint64_t word, folded;

	for (; len >= 8u; p += 8, len -= 8u) {
		memcpy(&word, p, sizeof(word));
		acc += word;
	}
	if (len > 0) {
		word = 0;
		memcpy(&word, p, len);
		acc += word;
	}
	folded = (uint64_t)acc + (uint64_t)(acc >> 64);
	folded += folded < (uint64_t)(acc >> 64); /* 2^64 is one more in one's complement */
	folded = (folded & 0xffffffffu) + (folded >> 32);
	folded = (folded & 0xffffu) + (folded >> 16);
	folded = (folded & 0xffffu) + (folded >> 16);
	folded = (folded & 0xffffu) + (folded >> 16);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	folded = (uint64_t)__builtin_bswap16((uint16_t)folded);
#endif
	return sum + folded;
}

static uint16_t fold(uint64_t sum)
{
	while (sum >> 16) {
		sum = (sum & 0xffffu) + (sum >> 16);
	}
	return (uint16_t)sum;
}

/* TCP and UDP over IPv4 or IPv6, whole and unfragmented: what the checksums here handle. */
static int parse_l4(const uint8_t *data, uint32_t len, struct net_hdr *h)
{
	if (net_hdr_parse(data, len, h) < 0 || !(h->have & NET_HDR_L4) ||
	    (h->ethertype != NET_ETHERTYPE_IPV4 && h->ethertype != NET_ETHERTYPE_IPV6)) {
		return -XEN_EINVAL;
	}
	return 0;
}

static uint32_t csum_offset(const struct net_hdr *h)
{
	return h->proto == NET_PROTO_TCP ? TCP_CSUM_OFFSET : UDP_CSUM_OFFSET;
}

/*
 * Write the checksum of the TCP or UDP segment at [l4_off, l3_end): the
 * pseudo-header (RFC 793 for IPv4; RFC 8200, 8.1 for IPv6, whose
 * destination is the packet's own: a routing header's final destination
 * is not looked for) and the segment with its checksum field as zero.
 */
static void write_l4_csum(uint8_t *data, const struct net_hdr *h)
{
	uint32_t l4_len = h->l3_end - h->l4_off;
	uint8_t *field = data + h->l4_off + csum_offset(h);
	uint64_t sum;
	uint16_t csum;

	if (h->ethertype == NET_ETHERTYPE_IPV4) {
		sum = sum_words(data + h->l3_off + 12, 8, 0); /* source and destination */
	} else {
		sum = sum_words(data + h->l3_off + 8, 32, 0);
	}
	sum += h->proto;
	sum += l4_len; /* IPv4's 16-bit and IPv6's 32-bit lengths sum alike */
	net_put_be16(field, 0);
	csum = (uint16_t)~fold(sum_words(data + h->l4_off, l4_len, sum));
	if (csum == 0 && h->proto == NET_PROTO_UDP) {
		csum = 0xffffu; /* UDP's zero means "no checksum": its complement says the same */
	}
	net_put_be16(field, csum);
}

/** See net_csum.h. */
int net_csum_fill(struct net_frame *f)
{
	struct net_hdr h;

	if (parse_l4(f->data, f->len, &h) < 0) {
		return -XEN_EINVAL;
	}
	write_l4_csum(f->data, &h);
	f->flags = (uint16_t)((f->flags & ~NET_FRAME_CSUM_BLANK) | NET_FRAME_DATA_VALIDATED);
	return 0;
}

/** See net_csum.h. */
int net_csum_offsets(const struct net_frame *f, uint16_t *start, uint16_t *offset)
{
	struct net_hdr h;

	if (parse_l4(f->data, f->len, &h) < 0 || h.l4_off > UINT16_MAX) {
		return -XEN_EINVAL;
	}
	*start = (uint16_t)h.l4_off;
	*offset = (uint16_t)csum_offset(&h);
	return 0;
}

/* The IP header of segment seg of a frame cut at gso_size: its lengths, id and checksum. */
static void segment_ip(uint8_t *data, const struct net_hdr *h, uint32_t seg_len, uint16_t index)
{
	uint8_t *ip = data + h->l3_off;
	uint32_t ihl = h->l4_off - h->l3_off;

	if (h->ethertype == NET_ETHERTYPE_IPV6) {
		net_put_be16(ip + 4, (uint16_t)(seg_len - h->l3_off - 40u));
		return;
	}
	net_put_be16(ip + 2, (uint16_t)(seg_len - h->l3_off));
	net_put_be16(ip + 4, (uint16_t)(net_be16(ip + 4) + index));
	net_put_be16(ip + IPV4_CSUM_OFFSET, 0);
	net_put_be16(ip + IPV4_CSUM_OFFSET, (uint16_t)~fold(sum_words(ip, ihl, 0)));
}

/* The TCP header of segment index of count: sequence number and flags. */
static void segment_tcp(uint8_t *data, const struct net_hdr *h, uint32_t seq_advance,
			unsigned int index, unsigned int count)
{
	uint8_t *tcp = data + h->l4_off;
	uint8_t flags = tcp[TCP_FLAGS_OFFSET];

	net_put_be32(tcp + 4, net_be32(tcp + 4) + seq_advance);
	if (index + 1 < count) {
		flags = (uint8_t)(flags & ~(TCP_FIN | TCP_PSH));
	}
	if (index > 0) {
		flags = (uint8_t)(flags & ~TCP_CWR);
	}
	tcp[TCP_FLAGS_OFFSET] = flags;
}

/* Segment index of count: f's headers, then payload bytes [index * gso_size, + chunk). */
static struct net_frame *segment_make(const struct net_frame *f, const struct net_hdr *h,
				      unsigned int index, unsigned int count, uint32_t chunk)
{
	uint32_t hdr_len = h->l4_off + h->l4_hlen;
	uint32_t skip = (uint32_t)index * f->gso_size;
	struct net_frame *seg = net_frame_alloc(hdr_len + chunk);
	struct net_hdr seg_h;

	if (seg == NULL) {
		return NULL;
	}
	memcpy(seg->data, f->data, hdr_len);
	memcpy(seg->data + hdr_len, f->data + hdr_len + skip, chunk);
	segment_ip(seg->data, h, seg->len, (uint16_t)index);
	segment_tcp(seg->data, h, skip, index, count);
	seg_h = *h;
	seg_h.l3_end = seg->len;
	write_l4_csum(seg->data, &seg_h);
	seg->flags = NET_FRAME_DATA_VALIDATED;
	return seg;
}

/* The headers of a GSO frame that can be cut: TCP over the IP version its type says. */
static int gso_check(const struct net_frame *f, struct net_hdr *h)
{
	uint16_t want;

	if (f->gso_type == NET_GSO_TCPV4) {
		want = NET_ETHERTYPE_IPV4;
	} else if (f->gso_type == NET_GSO_TCPV6) {
		want = NET_ETHERTYPE_IPV6;
	} else {
		return -XEN_EINVAL;
	}
	if (f->gso_size == 0 || parse_l4(f->data, f->len, h) < 0 || h->ethertype != want ||
	    h->proto != NET_PROTO_TCP) {
		return -XEN_EINVAL;
	}
	return 0;
}

/** See net_csum.h. */
int net_gso_segment(const struct net_frame *f, struct net_frame **out, unsigned int max,
		    unsigned int *count)
{
	struct net_hdr h;
	uint32_t payload, n, i;

	*count = 0;
	if (gso_check(f, &h) < 0) {
		return -XEN_EINVAL;
	}
	payload = h.l3_end - (h.l4_off + h.l4_hlen);
	n = payload == 0 ? 1 : (payload + f->gso_size - 1u) / f->gso_size;
	if (n > max) {
		return -XEN_ENOSPC;
	}
	for (i = 0; i < n; i++) {
		uint32_t left = payload - i * f->gso_size;

		out[i] = segment_make(f, &h, i, n, left < f->gso_size ? left : f->gso_size);
		if (out[i] == NULL) {
			while (i > 0) {
				net_frame_put(out[--i]);
			}
			return -XEN_ENOMEM;
		}
	}
	*count = n;
	return 0;
}
