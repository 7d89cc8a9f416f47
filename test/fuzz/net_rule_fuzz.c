// SPDX-License-Identifier: MIT
/* Fuzz target: a VIF's rule text, and a frame matched against it and checksummed or cut. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "abi/errno.h"
#include "net_csum.h"
#include "net_rule.h"

/*
 * The input is the rule text, a NUL, and a frame's bytes (no NUL: the text
 * alone, matched against nothing). The parser must keep what net_rule.h says
 * of a list it accepts and say why it refuses; the frame goes through
 * matching, checksum filling and GSO cutting, which must never read past it.
 */

static void check_rules(const struct net_rules *r)
{
	unsigned int i;

	if (r->count > NET_RULES_MAX) {
		abort();
	}
	for (i = 0; i < r->count; i++) {
		const struct net_rule *x = &r->rule[i];

		if (x->action > NET_RULE_DROP || x->src_port_lo > x->src_port_hi ||
		    x->dst_port_lo > x->dst_port_hi || (x->src_ip & ~x->src_mask) != 0 ||
		    (x->dst_ip & ~x->dst_mask) != 0 || (x->match & ~0xffu) != 0) {
			abort();
		}
	}
}

static void frame_checks(const struct net_rules *r, const uint8_t *data, size_t len)
{
	struct net_frame *f, *seg[8];
	unsigned int count = 0;
	uint16_t start, offset;

	if (len < 16 || len - 2 > NET_FRAME_MAX) {
		return;
	}
	(void)net_rules_decide(r, data + 2, (uint32_t)(len - 2));
	f = net_frame_alloc((uint32_t)(len - 2));
	if (f == NULL) {
		return;
	}
	memcpy(f->data, data + 2, len - 2);
	f->gso_type = data[0] % 4;
	f->gso_size = (uint16_t)(data[1] * 8u);
	if (net_gso_segment(f, seg, 8, &count) == 0) {
		while (count > 0) {
			net_frame_put(seg[--count]);
		}
	} else if (count != 0) {
		abort();
	}
	if (net_csum_offsets(f, &start, &offset) == 0 && (start >= f->len || offset > 16)) {
		abort();
	}
	(void)net_csum_fill(f);
	net_frame_put(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t text_len = nul != NULL ? (size_t)(nul - data) : size;
	static struct net_rules rules;
	char why[128];

	if (net_rules_parse((const char *)data, text_len, &rules, why, sizeof(why)) == 0) {
		check_rules(&rules);
	} else if (why[0] == '\0' || rules.count != 0) {
		abort();
	}
	if (nul != NULL) {
		frame_checks(&rules, nul + 1, size - text_len - 1);
	}
	if (net_frame_live() != 0) {
		abort();
	}
	return 0;
}
