// SPDX-License-Identifier: MIT
/* VIF rule lists: the text form accepted and refused (with why), and frames matched against it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "abi/errno.h"
#include "net_hdr.h"
#include "net_rule.h"
#include "net_test_frames.h"

static struct net_rules rules;
static char why[160];

static int parse(const char *text)
{
	return net_rules_parse(text, strlen(text), &rules, why, sizeof(why));
}

/* text is refused, why says msg, and the list is left empty. */
static void refuses(const char *text, const char *msg)
{
	static const struct net_rules empty;

	assert_int_equal(parse(text), -XEN_EINVAL);
	assert_string_equal(why, msg);
	assert_memory_equal(&rules, &empty, sizeof(rules));
}

static void empty_texts_are_empty_lists(void **state)
{
	(void)state;
	assert_int_equal(parse(""), 0);
	assert_int_equal(rules.count, 0);
	assert_int_equal(parse("   "), 0);
	assert_int_equal(rules.count, 0);
	assert_int_equal(parse(" ; ;"), 0); /* empty rules are skipped */
	assert_int_equal(rules.count, 0);
	assert_string_equal(why, "");
}

static void every_match(void **state)
{
	static const uint8_t mac[6] = { 0x00, 0x16, 0x3e, 0xaa, 0xbb, 0x0c };
	const struct net_rule *r = &rules.rule[0];

	(void)state;
	assert_int_equal(parse("drop src-mac=00:16:3E:aa:bb:0c dst-mac=00:16:3e:AA:BB:0C "
			       "src-ip=10.1.2.3/8 dst-ip=192.168.0.7 ethertype=0x0800 proto=udp "
			       "src-port=1000-2000 dst-port=53;  accept  "),
			 0);
	assert_int_equal(rules.count, 2);
	assert_int_equal(r->action, NET_RULE_DROP);
	assert_int_equal(r->match, 0xff);
	assert_memory_equal(r->src_mac, mac, 6);
	assert_memory_equal(r->dst_mac, mac, 6);
	assert_int_equal(r->src_ip, TF_IP(10, 0, 0, 0)); /* bits outside the mask cleared */
	assert_int_equal(r->src_mask, 0xff000000u);
	assert_int_equal(r->dst_ip, TF_IP(192, 168, 0, 7));
	assert_int_equal(r->dst_mask, 0xffffffffu);
	assert_int_equal(r->ethertype, 0x0800);
	assert_int_equal(r->proto, 17);
	assert_int_equal(r->src_port_lo, 1000);
	assert_int_equal(r->src_port_hi, 2000);
	assert_int_equal(r->dst_port_lo, 53);
	assert_int_equal(r->dst_port_hi, 53);
	assert_int_equal(rules.rule[1].action, NET_RULE_ACCEPT);
	assert_int_equal(rules.rule[1].match, 0);
}

static void named_values(void **state)
{
	(void)state;
	assert_int_equal(parse("accept ethertype=arp proto=tcp; drop ethertype=ipv6 proto=icmp; "
			       "drop ethertype=ipv4 proto=255 src-ip=0.0.0.0/0 dst-port=0-65535"),
			 0);
	assert_int_equal(rules.rule[0].ethertype, 0x0806);
	assert_int_equal(rules.rule[0].proto, 6);
	assert_int_equal(rules.rule[1].ethertype, 0x86dd);
	assert_int_equal(rules.rule[1].proto, 1);
	assert_int_equal(rules.rule[2].ethertype, 0x0800);
	assert_int_equal(rules.rule[2].proto, 255);
	assert_int_equal(rules.rule[2].src_mask, 0);
	assert_int_equal(rules.rule[2].dst_port_hi, 65535);
}

/* Each refusal names the rule (counting from 1, empty ones too) and what is wrong. */
static void refusals(void **state)
{
	(void)state;
	refuses("allow", "rule 1: starts with `allow', not accept or drop");
	refuses("accept; deny proto=tcp", "rule 2: starts with `deny', not accept or drop");
	refuses("drop port=22", "rule 1: unknown match `port=22' (src-mac, dst-mac, src-ip, "
				"dst-ip, ethertype, proto, src-port, dst-port)");
	refuses("drop proto", "rule 1: proto needs a value (proto=...)");
	refuses("drop proto=tcp proto=udp", "rule 1: proto given twice");
	refuses("drop proto=sctp", "rule 1: bad proto `sctp' (tcp, udp, icmp or 0..255)");
	refuses("drop proto=256", "rule 1: bad proto `256' (tcp, udp, icmp or 0..255)");
	refuses("drop dst-port=22-21", "rule 1: bad dst-port `22-21' (N or N-M, 0..65535, N <= M)");
	refuses("drop dst-port=65536", "rule 1: bad dst-port `65536' (N or N-M, 0..65535, N <= M)");
	refuses("drop src-port=-1", "rule 1: bad src-port `-1' (N or N-M, 0..65535, N <= M)");
	refuses("drop src-ip=10.0.0.256",
		"rule 1: bad src-ip `10.0.0.256' (A.B.C.D or A.B.C.D/N, N 0..32)");
	refuses("drop src-ip=10.0.0.1/33",
		"rule 1: bad src-ip `10.0.0.1/33' (A.B.C.D or A.B.C.D/N, N 0..32)");
	refuses("drop dst-ip=10.0.0",
		"rule 1: bad dst-ip `10.0.0' (A.B.C.D or A.B.C.D/N, N 0..32)");
	refuses("drop dst-ip=10.0.0.01", /* a leading zero could be read as octal */
		"rule 1: bad dst-ip `10.0.0.01' (A.B.C.D or A.B.C.D/N, N 0..32)");
	refuses("drop src-mac=00:16:3e:00:00", "rule 1: bad src-mac `00:16:3e:00:00' "
					       "(XX:XX:XX:XX:XX:XX)");
	refuses("drop dst-mac=00-16-3e-00-00-01", "rule 1: bad dst-mac `00-16-3e-00-00-01' "
						  "(XX:XX:XX:XX:XX:XX)");
	refuses("drop ethertype=0x05dc", /* an 802.3 length, not a type */
		"rule 1: bad ethertype `0x05dc' (0xHHHH from 0x0600, ipv4, ipv6 or arp)");
	refuses("drop ethertype=0x10000",
		"rule 1: bad ethertype `0x10000' (0xHHHH from 0x0600, ipv4, ipv6 or arp)");
	refuses("drop proto=tcp,dst-port=22",
		"rule 1: bad proto `tcp,dst-port=22' (tcp, udp, icmp or 0..255)");
	refuses("drop\tproto=tcp", "byte 4 is not printable ASCII");
}

static void limits(void **state)
{
	char text[NET_RULES_TEXT_MAX + 2];
	unsigned int i;

	(void)state;
	text[0] = '\0';
	for (i = 0; i < NET_RULES_MAX; i++) {
		strcat(text, "accept;");
	}
	assert_int_equal(parse(text), 0);
	assert_int_equal(rules.count, NET_RULES_MAX);
	strcat(text, "drop");
	refuses(text, "rule 33: more than 32 rules");

	memset(text, ' ', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	memcpy(text, "accept", 6);
	refuses(text, "the rules are 1024 bytes, more than 1023");
	text[sizeof(text) - 2] = '\0';
	assert_int_equal(parse(text), 0);

	/* A NUL inside the length is refused, not taken as the end. */
	assert_int_equal(net_rules_parse("accept\0drop", 11, &rules, why, sizeof(why)),
			 -XEN_EINVAL);
	/* why may be absent, or too small for the whole message. */
	assert_int_equal(net_rules_parse("bogus", 5, &rules, NULL, 0), -XEN_EINVAL);
	assert_int_equal(net_rules_parse("bogus", 5, &rules, why, 4), -XEN_EINVAL);
	assert_string_equal(why, "rul");
}

static const uint8_t mac_a[6] = { 0x00, 0x16, 0x3e, 0, 0, 0x0a };
static const uint8_t mac_b[6] = { 0x00, 0x16, 0x3e, 0, 0, 0x0b };

static enum net_rule_action decide(const char *text, const struct tf_spec *s)
{
	struct net_frame *f = tf_make(s);
	enum net_rule_action a;

	assert_non_null(f);
	assert_int_equal(parse(text), 0);
	a = net_rules_decide(&rules, f->data, f->len);
	net_frame_put(f);
	return a;
}

static struct tf_spec tcp_to(uint16_t port)
{
	struct tf_spec s = { .src_ip = TF_IP(10, 0, 0, 2),
			     .dst_ip = TF_IP(10, 0, 0, 1),
			     .proto = 6,
			     .src_port = 40000,
			     .dst_port = port,
			     .payload = 10 };

	memcpy(s.src_mac, mac_a, 6);
	memcpy(s.dst_mac, mac_b, 6);
	return s;
}

static void decide_first_match_wins(void **state)
{
	struct tf_spec s = tcp_to(22);

	(void)state;
	assert_int_equal(decide("", &s), NET_RULE_ACCEPT);
	assert_int_equal(decide("drop proto=tcp dst-port=22; accept", &s), NET_RULE_DROP);
	assert_int_equal(decide("accept src-ip=10.0.0.0/24; drop", &s), NET_RULE_ACCEPT);
	assert_int_equal(decide("drop dst-port=23; drop proto=udp", &s), NET_RULE_ACCEPT);
	assert_int_equal(decide("drop dst-port=20-30", &s), NET_RULE_DROP);
	assert_int_equal(decide("drop src-port=40001-50000", &s), NET_RULE_ACCEPT);
	assert_int_equal(decide("drop src-mac=00:16:3e:00:00:0a dst-mac=00:16:3e:00:00:0b", &s),
			 NET_RULE_DROP);
	assert_int_equal(decide("drop src-mac=00:16:3e:00:00:0b", &s), NET_RULE_ACCEPT);
	assert_int_equal(decide("drop dst-ip=10.0.0.1 ethertype=ipv4", &s), NET_RULE_DROP);
	assert_int_equal(decide("drop dst-ip=10.0.0.2", &s), NET_RULE_ACCEPT);
	assert_int_equal(decide("drop ethertype=ipv6", &s), NET_RULE_ACCEPT);
}

/* Fields a frame lacks never match: ARP has no ports, a later fragment has none either. */
static void decide_absent_fields(void **state)
{
	struct tf_spec arp = { .ethertype = 0x0806,
			       .src_ip = TF_IP(10, 0, 0, 2),
			       .dst_ip = TF_IP(10, 0, 0, 1) };
	struct tf_spec frag = tcp_to(22);

	(void)state;
	memcpy(arp.src_mac, mac_a, 6);
	memset(arp.dst_mac, 0xff, 6);
	assert_int_equal(decide("drop dst-port=0-65535", &arp), NET_RULE_ACCEPT);
	assert_int_equal(decide("drop proto=6", &arp), NET_RULE_ACCEPT);
	/* ARP's sender and target are its source and destination. */
	assert_int_equal(decide("drop src-ip=10.0.0.2 dst-ip=10.0.0.1 ethertype=arp", &arp),
			 NET_RULE_DROP);

	frag.frag = 100; /* offset 800: a later fragment */
	assert_int_equal(decide("drop dst-port=22", &frag), NET_RULE_ACCEPT);
	assert_int_equal(decide("drop proto=tcp", &frag), NET_RULE_DROP);
	frag.frag = 0x2000; /* more fragments, offset 0: the first, ports there */
	assert_int_equal(decide("drop dst-port=22", &frag), NET_RULE_DROP);
}

static void decide_vlan_and_ipv6(void **state)
{
	struct tf_spec s = tcp_to(80);
	struct tf_spec v6 = tcp_to(443);

	(void)state;
	s.vlan = 5;
	assert_int_equal(decide("drop ethertype=ipv4 proto=tcp dst-port=80", &s), NET_RULE_DROP);
	v6.ethertype = 0x86dd;
	v6.proto = 17;
	assert_int_equal(decide("drop ethertype=ipv6 proto=udp dst-port=443", &v6), NET_RULE_DROP);
	/* IPv4 address matches never hold for IPv6. */
	assert_int_equal(decide("drop src-ip=0.0.0.0/0", &v6), NET_RULE_ACCEPT);
}

/* An IPv6 packet whose TCP header follows extension headers: hop-by-hop options, then more. */
static struct net_frame *ipv6_ext(unsigned int ext_count, uint8_t ext_len_field)
{
	struct tf_spec s = tcp_to(0);
	struct net_frame *f;
	uint8_t *p;
	unsigned int i;

	s.ethertype = 0x86dd;
	s.proto = 0; /* hop-by-hop first */
	s.payload = ext_count * 8u + 20u;
	f = tf_make(&s);
	p = f->data + 54;
	for (i = 0; i < ext_count; i++, p += 8) {
		p[0] = i + 1 < ext_count ? 60 : 6; /* destination options, then TCP */
		p[1] = ext_len_field;
		memset(p + 2, 0, 6);
	}
	memset(p, 0, 20);
	p[2] = 0;
	p[3] = 22; /* destination port 22 */
	p[12] = 5u << 4;
	return f;
}

static void decide_ipv6_extension_headers(void **state)
{
	struct net_frame *f;

	(void)state;
	assert_int_equal(parse("drop proto=tcp dst-port=22"), 0);
	f = ipv6_ext(2, 0);
	assert_int_equal(net_rules_decide(&rules, f->data, f->len), NET_RULE_DROP);
	net_frame_put(f);
	f = ipv6_ext(NET_HDR_IPV6_EXT_MAX, 0); /* as deep as they are followed */
	assert_int_equal(net_rules_decide(&rules, f->data, f->len), NET_RULE_DROP);
	net_frame_put(f);
	/* Deeper: the header past the last followed is taken as the protocol, no ports are read
	 * (the switch refuses such a frame as malformed before its rules are asked). */
	f = ipv6_ext(NET_HDR_IPV6_EXT_MAX + 1u, 0);
	assert_int_equal(net_rules_decide(&rules, f->data, f->len), NET_RULE_ACCEPT);
	assert_int_equal(parse("drop proto=60"), 0);
	assert_int_equal(net_rules_decide(&rules, f->data, f->len), NET_RULE_DROP);
	net_frame_put(f);
	/* A header whose length runs past the packet: nothing after it is read. */
	assert_int_equal(parse("drop proto=tcp"), 0);
	f = ipv6_ext(1, 200);
	assert_int_equal(net_rules_decide(&rules, f->data, f->len), NET_RULE_ACCEPT);
	net_frame_put(f);
}

/* Frames cut short: matched on what there is, never read past their end (ASan watches). */
static void decide_truncated(void **state)
{
	struct tf_spec s = tcp_to(22);
	struct net_frame *f = tf_make(&s);
	uint32_t len;

	(void)state;
	assert_int_equal(parse("drop dst-port=22; drop src-ip=10.0.0.2; accept"), 0);
	for (len = 0; len <= f->len; len++) {
		uint8_t *copy = malloc(len > 0 ? len : 1);
		enum net_rule_action a;

		memcpy(copy, f->data, len);
		a = net_rules_decide(&rules, copy, len);
		/* The IP total length says 50 bytes: until all are there, nothing is IPv4. */
		if (len < 14) {
			assert_int_equal(a,
					 NET_RULE_DROP); /* no Ethernet header: no rule can allow */
		} else {
			assert_int_equal(a, len < f->len ? NET_RULE_ACCEPT : NET_RULE_DROP);
		}
		free(copy);
	}
	net_frame_put(f);
	assert_int_equal(net_frame_live(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_texts_are_empty_lists),
		cmocka_unit_test(every_match),
		cmocka_unit_test(named_values),
		cmocka_unit_test(refusals),
		cmocka_unit_test(limits),
		cmocka_unit_test(decide_first_match_wins),
		cmocka_unit_test(decide_absent_fields),
		cmocka_unit_test(decide_vlan_and_ipv6),
		cmocka_unit_test(decide_ipv6_extension_headers),
		cmocka_unit_test(decide_truncated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
