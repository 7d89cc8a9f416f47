// SPDX-License-Identifier: MIT
/* The switch: learning, ageing, flooding, fair turns, anti-spoofing, rules, rates, full sinks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "abi/errno.h"
#include "net_hdr.h"
#include "net_switch.h"
#include "net_test_frames.h"

#define FAKE_FRAMES 128u

/* A port of the test: frames queued for the switch to pull, frames it was given. */
struct fake_port {
	struct net_port *port;
	struct net_frame *out[FAKE_FRAMES]; /* to be pulled, from out_head */
	unsigned int out_head, out_count;
	struct net_frame *in[FAKE_FRAMES]; /* pushed to it */
	unsigned int in_count;
	unsigned int room;   /* pushes it still takes */
	bool remove_on_push; /* removes itself from inside push */
};

static struct net_switch *sw;
static unsigned int kicks, log_lines;
static char last_log[200];

static void host_kick(void *arg)
{
	(void)arg;
	kicks++;
}

static void host_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_log, sizeof(last_log), fmt, ap);
	va_end(ap);
	log_lines++;
}

static const struct net_switch_host host = { .kick = host_kick, .log = host_log };

static struct net_frame *fake_pull(void *arg)
{
	struct fake_port *fp = arg;

	if (fp->out_head == fp->out_count) {
		return NULL;
	}
	return fp->out[fp->out_head++];
}

static bool fake_push(void *arg, struct net_frame *f)
{
	struct fake_port *fp = arg;

	if (fp->remove_on_push) {
		net_switch_port_remove(sw, fp->port);
		fp->port = NULL;
		return false;
	}
	if (fp->in_count >= fp->room || fp->in_count == FAKE_FRAMES) {
		return false;
	}
	fp->in[fp->in_count++] = f;
	return true;
}

static const struct net_port_ops fake_ops = { .pull = fake_pull, .push = fake_push };

static const uint8_t mac_a[6] = { 0x00, 0x16, 0x3e, 0, 0, 0x0a };
static const uint8_t mac_b[6] = { 0x00, 0x16, 0x3e, 0, 0, 0x0b };
static const uint8_t mac_x[6] = { 0x52, 0x54, 0x00, 0, 0, 0x01 }; /* beyond the uplink */
static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static struct fake_port a, b, u;

static void add(struct fake_port *fp, const char *name, const uint8_t *mac, bool antispoof,
		const struct net_rules *rules)
{
	struct net_port_config c;

	memset(&c, 0, sizeof(c));
	memset(fp, 0, sizeof(*fp));
	snprintf(c.name, sizeof(c.name), "%s", name);
	if (mac != NULL) {
		memcpy(c.mac, mac, 6);
	}
	c.antispoof = antispoof;
	c.ips[0] = TF_IP(10, 0, 0, mac != NULL ? mac[5] : 1);
	c.ip_count = antispoof ? 1 : 0;
	c.rules = rules;
	fp->room = FAKE_FRAMES;
	assert_int_equal(net_switch_port_add(sw, &c, &fake_ops, fp, &fp->port), 0);
}

/* A VIF A (10.0.0.10), a VIF B (10.0.0.11), both anti-spoofed, and an uplink U. */
static int setup(void **state)
{
	(void)state;
	kicks = 0;
	log_lines = 0;
	sw = net_switch_create(&host);
	assert_non_null(sw);
	add(&a, "vif1.0", mac_a, true, NULL);
	add(&b, "vif2.0", mac_b, true, NULL);
	add(&u, "uplink", NULL, false, NULL);
	return 0;
}

static void drain(struct fake_port *fp)
{
	while (fp->in_count > 0) {
		net_frame_put(fp->in[--fp->in_count]);
	}
	while (fp->out_head < fp->out_count) {
		net_frame_put(fp->out[fp->out_head++]);
	}
}

static int teardown(void **state)
{
	(void)state;
	drain(&a);
	drain(&b);
	drain(&u);
	if (a.port != NULL) {
		net_switch_port_remove(sw, a.port);
	}
	net_switch_port_remove(sw, b.port);
	net_switch_port_remove(sw, u.port);
	net_switch_destroy(sw);
	assert_int_equal(net_frame_live(), 0);
	return 0;
}

/* Queue a UDP frame src -> dst on fp, from IPv4 address ip. */
static void send_udp(struct fake_port *fp, const uint8_t *src, const uint8_t *dst, uint32_t ip,
		     uint32_t payload)
{
	struct tf_spec s = { .src_ip = ip,
			     .dst_ip = TF_IP(10, 0, 0, 99),
			     .proto = 17,
			     .src_port = 5000,
			     .dst_port = 6000,
			     .payload = payload };

	memcpy(s.src_mac, src, 6);
	memcpy(s.dst_mac, dst, 6);
	fp->out[fp->out_count] = tf_make(&s);
	assert_non_null(fp->out[fp->out_count]);
	fp->out_count++;
}

static void send_spec(struct fake_port *fp, const struct tf_spec *s)
{
	fp->out[fp->out_count++] = tf_make(s);
}

static uint64_t run_ready(struct fake_port *fp, uint64_t now)
{
	net_switch_ready(sw, fp->port);
	return net_switch_run(sw, now);
}

static void stats(const struct fake_port *fp, struct net_port_stats *s)
{
	net_switch_port_stats(fp->port, s);
}

static void learning(void **state)
{
	struct net_port_stats s;

	(void)state;
	send_udp(&a, mac_a, mac_b, TF_IP(10, 0, 0, 10), 20); /* B unknown yet: flooded */
	assert_int_equal(run_ready(&a, 1000), 0);
	assert_int_equal(b.in_count, 1);
	assert_int_equal(u.in_count, 1);
	assert_int_equal(a.in_count, 0);                     /* never back to its source */
	send_udp(&b, mac_b, mac_a, TF_IP(10, 0, 0, 11), 20); /* A learned: to A only */
	run_ready(&b, 2000);
	assert_int_equal(a.in_count, 1);
	assert_int_equal(u.in_count, 1);
	send_udp(&a, mac_a, mac_b, TF_IP(10, 0, 0, 10), 20); /* B learned now */
	run_ready(&a, 3000);
	assert_int_equal(b.in_count, 2);
	assert_int_equal(u.in_count, 1);
	send_udp(&u, mac_x, mac_a, TF_IP(10, 0, 0, 50), 20);
	run_ready(&u, 4000);
	assert_int_equal(a.in_count, 2);
	assert_int_equal(b.in_count, 2);
	stats(&a, &s);
	assert_int_equal(s.rx_frames, 2);
	assert_int_equal(s.tx_frames, 2);
	assert_int_equal(s.rx_bytes, 2 * (14 + 20 + 8 + 20));
	/* The same frame went to two ports at once, then everyone let it go. */
	drain(&a);
	drain(&b);
	drain(&u);
	assert_int_equal(net_frame_live(), 0);
}

static void ageing(void **state)
{
	(void)state;
	send_udp(&b, mac_b, bcast, TF_IP(10, 0, 0, 11), 0);
	run_ready(&b, 1000);
	send_udp(&a, mac_a, mac_b, TF_IP(10, 0, 0, 10), 0);
	run_ready(&a, 1000 + NET_SWITCH_MAC_AGE_US - 1); /* still known */
	assert_int_equal(u.in_count, 1);
	send_udp(&a, mac_a, mac_b, TF_IP(10, 0, 0, 10), 0);
	run_ready(&a, 1000 + NET_SWITCH_MAC_AGE_US); /* forgotten: flooded */
	assert_int_equal(u.in_count, 2);
	assert_int_equal(b.in_count, 2);
}

static void flooding(void **state)
{
	static const uint8_t multicast[6] = { 0x01, 0x00, 0x5e, 0, 0, 1 };

	(void)state;
	send_udp(&u, mac_x, bcast, TF_IP(10, 0, 0, 50), 0);
	send_udp(&u, mac_x, multicast, TF_IP(10, 0, 0, 50), 0);
	run_ready(&u, 1);
	assert_int_equal(a.in_count, 2);
	assert_int_equal(b.in_count, 2);
	assert_int_equal(u.in_count, 0);
	/* A unicast to an address learned on the sender's own port goes nowhere. */
	send_udp(&u, mac_b, mac_x, TF_IP(10, 0, 0, 50), 0);
	run_ready(&u, 2);
	assert_int_equal(a.in_count + b.in_count + u.in_count, 4);
}

/* A VIF with a long queue gets NET_SWITCH_TURN_FRAMES a turn; the others get theirs. */
static void fair_turns(void **state)
{
	unsigned int i;

	(void)state;
	for (i = 0; i < 40; i++) {
		send_udp(&a, mac_a, bcast, TF_IP(10, 0, 0, 10), 0);
	}
	for (i = 0; i < 3; i++) {
		send_udp(&b, mac_b, bcast, TF_IP(10, 0, 0, 11), 0);
	}
	net_switch_ready(sw, a.port);
	net_switch_ready(sw, b.port);
	kicks = 0;
	assert_int_equal(net_switch_run(sw, 10), 0);
	assert_int_equal(a.out_head, NET_SWITCH_TURN_FRAMES);
	assert_int_equal(b.out_head, 3);
	assert_int_equal(kicks, 1); /* A has more: run again */
	send_udp(&b, mac_b, bcast, TF_IP(10, 0, 0, 11), 0);
	net_switch_ready(sw, b.port);
	net_switch_run(sw, 20);
	assert_int_equal(a.out_head, 2 * NET_SWITCH_TURN_FRAMES);
	assert_int_equal(b.out_head, 4);
	kicks = 0;
	net_switch_run(sw, 30);
	assert_int_equal(a.out_head, 40);
	net_switch_run(sw, 40); /* A said it had none left: not asked again */
	assert_int_equal(kicks, 0);
	assert_int_equal(u.in_count, 44);
}

static void spoof_expect(struct fake_port *fp, const struct tf_spec *s, uint64_t drops)
{
	struct net_port_stats st;

	send_spec(fp, s);
	run_ready(fp, 100);
	stats(fp, &st);
	assert_int_equal(st.spoof_drops, drops);
}

/* An ARP packet from a's MAC whose sender hardware address is mac instead. */
static void arp_sender_mac_expect(const struct tf_spec *s, const uint8_t *mac, uint64_t drops)
{
	struct net_frame *f = tf_make(s);
	struct net_port_stats st;

	memcpy(f->data + 14 + 8, mac, 6); /* after the Ethernet header, ARP's sender MAC */
	a.out[a.out_count++] = f;
	run_ready(&a, 100);
	stats(&a, &st);
	assert_int_equal(st.spoof_drops, drops);
}

static void anti_spoofing(void **state)
{
	struct tf_spec s = { .src_ip = TF_IP(10, 0, 0, 10),
			     .dst_ip = TF_IP(10, 0, 0, 1),
			     .proto = 17,
			     .src_port = 68,
			     .dst_port = 67 };
	struct net_port_stats st;

	(void)state;
	memcpy(s.dst_mac, bcast, 6);
	memcpy(s.src_mac, mac_b, 6);
	spoof_expect(&a, &s, 1); /* B's MAC */
	assert_int_equal(log_lines, 1);
	assert_string_equal(last_log,
			    "vif1.0: dropped a frame: source MAC or IPv4 address not the port's "
			    "(1 so far)");
	memcpy(s.src_mac, mac_a, 6);
	spoof_expect(&a, &s, 1); /* its own MAC and address */
	s.src_ip = TF_IP(10, 0, 0, 11);
	spoof_expect(&a, &s, 2);        /* B's address */
	assert_int_equal(log_lines, 1); /* counted, not logged again so soon */
	s.src_ip = 0;
	s.dst_ip = 0xffffffffu;
	spoof_expect(&a, &s, 2); /* DHCP asking for an address */
	s.dst_port = 68;
	spoof_expect(&a, &s, 3); /* 0.0.0.0 for anything else */
	s.dst_port = 67;
	s.dst_ip = TF_IP(10, 0, 0, 1);
	spoof_expect(&a, &s, 4);
	s.ethertype = 0x0806;
	s.src_ip = TF_IP(10, 0, 0, 11);
	spoof_expect(&a, &s, 5); /* ARP claiming B's address */
	s.src_ip = TF_IP(10, 0, 0, 10);
	spoof_expect(&a, &s, 5);
	arp_sender_mac_expect(&s, mac_b, 6); /* its own address said to be at B's MAC */
	s.ethertype = 0x86dd;                /* IPv6: the MAC is what is checked */
	spoof_expect(&a, &s, 6);
	memcpy(s.src_mac, mac_x, 6);
	spoof_expect(&a, &s, 7);
	stats(&a, &st);
	assert_int_equal(st.rx_frames, 4);
	assert_int_equal(b.in_count, 4);
	/* The uplink is not anti-spoofed. */
	spoof_expect(&u, &s, 0);
	assert_int_equal(b.in_count, 5);
}

/* f with a second 802.1Q tag (VLAN 7) inside its first: a new frame; f is let go. */
static struct net_frame *stack_tag(struct net_frame *f)
{
	struct net_frame *g = net_frame_alloc(f->len + 4u);

	assert_non_null(g);
	memcpy(g->data, f->data, 16);
	g->data[16] = 0x81;
	g->data[17] = 0x00;
	g->data[18] = 0x00;
	g->data[19] = 0x07;
	memcpy(g->data + 20, f->data + 16, f->len - 16u);
	net_frame_put(f);
	return g;
}

/* Anti-spoofing sees through an 802.1ad tag as through an 802.1Q one, and a frame with a tag
 * inside its tag (which a switch beyond may strip to the spoofed frame) does not go at all. */
static void vlan_tags_hide_nothing(void **state)
{
	struct tf_spec s = { .vlan = 5,
			     .src_ip = TF_IP(10, 0, 0, 66), /* not A's */
			     .dst_ip = TF_IP(10, 0, 0, 1),
			     .proto = 17,
			     .src_port = 5000,
			     .dst_port = 6000 };
	struct net_port_stats st;
	struct net_frame *f;

	(void)state;
	memcpy(s.dst_mac, bcast, 6);
	memcpy(s.src_mac, mac_a, 6);
	send_spec(&a, &s); /* 802.1Q */
	f = tf_make(&s);
	f->data[12] = 0x88;
	f->data[13] = 0xa8;
	a.out[a.out_count++] = f; /* 802.1ad */
	a.out[a.out_count++] = stack_tag(tf_make(&s));
	s.src_ip = TF_IP(10, 0, 0, 10);
	a.out[a.out_count++] = stack_tag(tf_make(&s)); /* its own address, stacked all the same */
	run_ready(&a, 1);
	stats(&a, &st);
	assert_int_equal(st.spoof_drops, 2);
	assert_int_equal(st.bad_drops, 2);
	assert_int_equal(st.rx_frames, 0);
	assert_int_equal(b.in_count, 0);
	assert_int_equal(u.in_count, 0);
}

static void bad_frames(void **state)
{
	struct tf_spec s = { .proto = 17 };
	struct net_port_stats st;
	struct net_frame *f;

	(void)state;
	memcpy(s.src_mac, mac_x, 6);
	memcpy(s.dst_mac, bcast, 6);
	f = tf_make(&s);
	f->len = 30; /* says IPv4, cut inside its header */
	u.out[u.out_count++] = f;
	s.src_mac[0] = 0x01; /* a multicast source */
	send_spec(&u, &s);
	run_ready(&u, 5);
	stats(&u, &st);
	assert_int_equal(st.bad_drops, 2);
	assert_int_equal(st.rx_frames, 0);
	assert_int_equal(a.in_count + b.in_count, 0);
	assert_int_equal(log_lines, 1);
}

static void rules_both_ways(void **state)
{
	static struct net_rules rules;
	struct tf_spec s = { .src_ip = TF_IP(10, 0, 0, 50),
			     .dst_ip = TF_IP(10, 0, 0, 12),
			     .proto = 6,
			     .src_port = 40000,
			     .dst_port = 22 };
	struct fake_port c;
	struct net_port_stats st;
	static const uint8_t mac_c[6] = { 0x00, 0x16, 0x3e, 0, 0, 0x0c };
	static const char text[] = "drop proto=tcp dst-port=22; drop proto=udp src-ip=10.0.0.12";

	(void)state;
	assert_int_equal(net_rules_parse(text, strlen(text), &rules, NULL, 0), 0);
	add(&c, "vif3.0", mac_c, true, &rules);
	memcpy(s.src_mac, mac_x, 6);
	memcpy(s.dst_mac, bcast, 6);
	send_spec(&u, &s); /* into C: refused by C's rules, taken by A and B */
	s.dst_port = 80;
	send_spec(&u, &s); /* allowed */
	run_ready(&u, 1);
	assert_int_equal(c.in_count, 1);
	assert_int_equal(a.in_count, 2);
	net_switch_port_stats(c.port, &st);
	assert_int_equal(st.rule_drops, 1);
	assert_int_equal(st.tx_frames, 1);
	/* Out of C: its own UDP is refused before it reaches anyone. */
	send_udp(&c, mac_c, bcast, TF_IP(10, 0, 0, 12), 0);
	run_ready(&c, 2);
	net_switch_port_stats(c.port, &st);
	assert_int_equal(st.rule_drops, 2);
	assert_int_equal(st.rx_frames, 0);
	assert_int_equal(a.in_count, 2);
	drain(&c);
	net_switch_port_remove(sw, c.port);
}

/* An IPv6/TCP frame from mac to everyone, to dst_port, behind depth destination options
 * headers of 8 bytes each. */
static struct net_frame *ipv6_tcp_behind(const uint8_t *mac, unsigned int depth, uint16_t dst_port)
{
	uint32_t l4 = 54u + 8u * depth;
	struct net_frame *f = net_frame_alloc(l4 + 20u);
	unsigned int i;

	assert_non_null(f);
	memset(f->data, 0, f->len);
	memcpy(f->data, bcast, 6);
	memcpy(f->data + 6, mac, 6);
	f->data[12] = 0x86;
	f->data[13] = 0xdd;
	f->data[14] = 0x60;
	f->data[19] = (uint8_t)(8u * depth + 20u); /* payload length */
	f->data[20] = depth > 0 ? 60 : 6;
	f->data[21] = 64;
	for (i = 0; i < depth; i++) {
		f->data[54u + 8u * i] = i + 1u < depth ? 60 : 6;
	}
	f->data[l4] = 0x9c; /* source port 40000 */
	f->data[l4 + 1u] = 0x40;
	f->data[l4 + 2u] = (uint8_t)(dst_port >> 8);
	f->data[l4 + 3u] = (uint8_t)dst_port;
	f->data[l4 + 12u] = 0x50;
	return f;
}

/* A port rule cannot be passed by hiding the TCP header behind IPv6 extension headers: a chain
 * the switch follows is matched to its end, one deeper than it follows is refused. */
static void ipv6_ext_chain(void **state)
{
	static struct net_rules rules;
	static const char text[] = "drop proto=tcp dst-port=22";
	static const uint8_t mac_c[6] = { 0x00, 0x16, 0x3e, 0, 0, 0x0c };
	struct net_port_stats st;
	struct fake_port c;

	(void)state;
	assert_int_equal(net_rules_parse(text, strlen(text), &rules, NULL, 0), 0);
	add(&c, "vif3.0", mac_c, false, &rules);
	c.out[c.out_count++] = ipv6_tcp_behind(mac_c, 5, 22);
	c.out[c.out_count++] = ipv6_tcp_behind(mac_c, 5, 80);
	c.out[c.out_count++] = ipv6_tcp_behind(mac_c, NET_HDR_IPV6_EXT_MAX + 1u, 22);
	run_ready(&c, 1);
	net_switch_port_stats(c.port, &st);
	assert_int_equal(st.rule_drops, 1);
	assert_int_equal(st.bad_drops, 1);
	assert_int_equal(st.rx_frames, 1); /* port 80 only */
	assert_int_equal(u.in_count, 1);
	assert_int_equal(a.in_count, 1);
	drain(&c);
	net_switch_port_remove(sw, c.port);
}

static void full_sink(void **state)
{
	struct net_port_stats st;

	(void)state;
	b.room = 1;
	send_udp(&a, mac_a, bcast, TF_IP(10, 0, 0, 10), 0);
	send_udp(&a, mac_a, bcast, TF_IP(10, 0, 0, 10), 0);
	run_ready(&a, 1);
	stats(&b, &st);
	assert_int_equal(st.tx_frames, 1);
	assert_int_equal(st.full_drops, 1);
	assert_int_equal(u.in_count, 2);
	assert_string_equal(last_log, "vif2.0: dropped a frame: the port had no room (1 so far)");
	drain(&a);
	drain(&b);
	drain(&u);
	assert_int_equal(net_frame_live(), 0); /* the refused reference was let go */
}

static void rate_limit(void **state)
{
	struct net_port_config c;
	struct fake_port r;
	static const uint8_t mac_r[6] = { 0x00, 0x16, 0x3e, 0, 0, 0x0d };
	unsigned int i;

	(void)state;
	memset(&c, 0, sizeof(c));
	memset(&r, 0, sizeof(r));
	memcpy(c.mac, mac_r, 6);
	c.rate_bytes = 250;
	c.rate_interval_us = 10000;
	r.room = FAKE_FRAMES;
	assert_int_equal(net_switch_port_add(sw, &c, &fake_ops, &r, &r.port), 0);
	for (i = 0; i < 5; i++) {
		send_udp(&r, mac_r, bcast, 0, 100 - 42); /* 100-byte frames */
	}
	assert_int_equal(run_ready(&r, 1000), 11000); /* two fit in 250; the third waits */
	assert_int_equal(u.in_count, 2);
	net_switch_ready(sw, r.port);
	assert_int_equal(net_switch_run(sw, 10999), 11000);
	assert_int_equal(u.in_count, 2);
	assert_int_equal(net_switch_run(sw, 11000), 21000);
	assert_int_equal(u.in_count, 4);
	assert_int_equal(net_switch_run(sw, 25000), 0); /* the last goes; nothing waits */
	assert_int_equal(u.in_count, 5);

	/* A frame bigger than the whole credit goes when the credit is whole. */
	send_udp(&r, mac_r, bcast, 0, 400);
	send_udp(&r, mac_r, bcast, 0, 400);
	assert_int_equal(run_ready(&r, 40000), 50000);
	assert_int_equal(u.in_count, 6);
	/* It took 192 bytes beyond the credit: the next interval owes them, 58 are left. */
	assert_int_equal(net_switch_run(sw, 50000), 60000);
	assert_int_equal(u.in_count, 6);
	assert_int_equal(net_switch_run(sw, 60000), 0);
	assert_int_equal(u.in_count, 7);

	/* A port removed while it waits lets its held frame go. An idle interval paid its debt. */
	send_udp(&r, mac_r, bcast, 0, 400);
	send_udp(&r, mac_r, bcast, 0, 400);
	assert_int_equal(run_ready(&r, 80000), 90000);
	assert_int_equal(u.in_count, 8);
	net_switch_port_remove(sw, r.port);
	assert_int_equal(net_switch_run(sw, 90000), 0);
	assert_int_equal(u.in_count, 8);
}

/* Frames each over the whole credit keep to the rate on average: one may go when the credit is
 * whole, and the intervals after pay back what it took beyond. */
static void rate_big_frames(void **state)
{
	struct net_port_config c;
	struct fake_port r;
	static const uint8_t mac_r[6] = { 0x00, 0x16, 0x3e, 0, 0, 0x0e };
	uint64_t t;
	unsigned int i;

	(void)state;
	memset(&c, 0, sizeof(c));
	memset(&r, 0, sizeof(r));
	memcpy(c.mac, mac_r, 6);
	c.rate_bytes = 1000;
	c.rate_interval_us = 1000;
	r.room = FAKE_FRAMES;
	assert_int_equal(net_switch_port_add(sw, &c, &fake_ops, &r, &r.port), 0);
	for (i = 0; i < 40; i++) {
		send_udp(&r, mac_r, bcast, 0, 1500 - 42); /* 1500-byte frames */
	}
	net_switch_ready(sw, r.port);
	for (t = 0; t <= 20000; t += 500) {
		(void)net_switch_run(sw, t);
	}
	/* 21 intervals began by 20000 us: 21000 bytes, and one frame's overshoot, at most. */
	assert_true(u.in_count * 1500u <= 21000u + 1500u);
	assert_true(u.in_count >= 10u); /* and it was not stalled */
	net_switch_port_remove(sw, r.port);
	drain(&r);
}

/* The uplink shows more addresses than the table holds: the least recently seen go first. */
static void mac_table_bounded(void **state)
{
	uint8_t mac[6] = { 0x52, 0x54, 0, 0, 0, 0 };
	unsigned int i;

	(void)state;
	for (i = 0; i <= NET_SWITCH_MACS_MAX; i++) {
		mac[4] = (uint8_t)(i >> 8);
		mac[5] = (uint8_t)i;
		send_udp(&u, mac, mac_a, TF_IP(10, 0, 0, 50), 0);
		run_ready(&u, 1000 + i); /* one at a time: each is seen later than the last */
		drain(&a);
		drain(&b);
		u.out_head = u.out_count = 0;
	}
	/* 52:54:00:00:00:00 was seen first and is gone; learning A's address below pushes out
	 * :01 too, and :02 is still known. */
	mac[4] = 0;
	mac[5] = 0;
	send_udp(&a, mac_a, mac, TF_IP(10, 0, 0, 10), 0);
	run_ready(&a, 5000);
	assert_int_equal(b.in_count, 1);
	assert_int_equal(u.in_count, 1);
	mac[5] = 2;
	send_udp(&a, mac_a, mac, TF_IP(10, 0, 0, 10), 0);
	run_ready(&a, 5001);
	assert_int_equal(b.in_count, 1);
	assert_int_equal(u.in_count, 2);
}

/* A port's frames whose IPv6 extension headers run past the packet are malformed. */
static void bad_ipv6(void **state)
{
	struct tf_spec s = { .ethertype = 0x86dd, .proto = 0, .payload = 8 };
	struct net_port_stats st;
	struct net_frame *f;

	(void)state;
	memcpy(s.src_mac, mac_x, 6);
	memcpy(s.dst_mac, bcast, 6);
	f = tf_make(&s);
	f->data[54] = 6;
	f->data[55] = 1; /* 16 bytes in an 8-byte payload */
	u.out[u.out_count++] = f;
	run_ready(&u, 1);
	stats(&u, &st);
	assert_int_equal(st.bad_drops, 1);
	assert_int_equal(a.in_count, 0);
}

static void removal_forgets(void **state)
{
	(void)state;
	send_udp(&a, mac_a, bcast, TF_IP(10, 0, 0, 10), 0);
	run_ready(&a, 1);
	drain(&a);
	net_switch_port_remove(sw, a.port);
	a.port = NULL;
	send_udp(&u, mac_x, mac_a, TF_IP(10, 0, 0, 50), 0); /* A's MAC is unknown again */
	run_ready(&u, 2);
	assert_int_equal(b.in_count, 2);
}

/* A port that goes away from inside push (its connection ended) is never called again. */
static void removal_inside_run(void **state)
{
	(void)state;
	a.remove_on_push = true;
	send_udp(&u, mac_x, bcast, TF_IP(10, 0, 0, 50), 0);
	send_udp(&u, mac_x, bcast, TF_IP(10, 0, 0, 50), 0);
	run_ready(&u, 1);
	assert_null(a.port);
	assert_int_equal(b.in_count, 2);
}

static void port_limits(void **state)
{
	struct net_port_config c;
	struct net_port *p[NET_SWITCH_PORTS_MAX], *extra;
	unsigned int i;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.ip_count = NET_PORT_IPS_MAX + 1;
	assert_int_equal(net_switch_port_add(sw, &c, &fake_ops, NULL, &extra), -XEN_EINVAL);
	c.ip_count = 0;
	for (i = 0; i < NET_SWITCH_PORTS_MAX - 3; i++) {
		assert_int_equal(net_switch_port_add(sw, &c, &fake_ops, NULL, &p[i]), 0);
	}
	assert_int_equal(net_switch_port_add(sw, &c, &fake_ops, NULL, &extra), -XEN_ENOSPC);
	for (i = 0; i < NET_SWITCH_PORTS_MAX - 3; i++) {
		net_switch_port_remove(sw, p[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(learning, setup, teardown),
		cmocka_unit_test_setup_teardown(ageing, setup, teardown),
		cmocka_unit_test_setup_teardown(flooding, setup, teardown),
		cmocka_unit_test_setup_teardown(fair_turns, setup, teardown),
		cmocka_unit_test_setup_teardown(anti_spoofing, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_frames, setup, teardown),
		cmocka_unit_test_setup_teardown(vlan_tags_hide_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(rules_both_ways, setup, teardown),
		cmocka_unit_test_setup_teardown(full_sink, setup, teardown),
		cmocka_unit_test_setup_teardown(rate_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(rate_big_frames, setup, teardown),
		cmocka_unit_test_setup_teardown(mac_table_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_ipv6, setup, teardown),
		cmocka_unit_test_setup_teardown(ipv6_ext_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(removal_forgets, setup, teardown),
		cmocka_unit_test_setup_teardown(removal_inside_run, setup, teardown),
		cmocka_unit_test_setup_teardown(port_limits, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
