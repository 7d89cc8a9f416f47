/* SPDX-License-Identifier: MIT */
/* A VIF's rule list in its text form (net_rule.h): parsed and checked, with why when refused. */
#include "net_rule.h"
#include "abi/errno.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/*
 * The text is split on ';' into rules and each rule on spaces into words.
 * Empty rules (nothing but spaces between two ';', or after the last) are
 * skipped, so "accept;" reads as "accept". A match named twice in one rule
 * is refused: the second would silently win otherwise.
 */

#define ETHERTYPE_MIN 0x0600u /* below it the field is an 802.3 length, not a type */

/* Where parsing is: which rule (from 1; 0 before the first, for the text as a whole). */
struct rule_ctx {
	unsigned int number;
	char *why;
	size_t why_size;
};

static int rule_fail(const struct rule_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int rule_fail(const struct rule_ctx *c, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (c->why != NULL && c->why_size > 0) {
		n = c->number > 0 ? snprintf(c->why, c->why_size, "rule %u: ", c->number) : 0;
		if (n >= 0 && (size_t)n < c->why_size) {
			va_start(ap, fmt);
			vsnprintf(c->why + n, c->why_size - (size_t)n, fmt, ap);
			va_end(ap);
		}
	}
	return -XEN_EINVAL;
}

static bool word_is(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && memcmp(s, word, len) == 0;
}

static int hex_value(char ch)
{
	if (ch >= '0' && ch <= '9') {
		return ch - '0';
	}
	if (ch >= 'a' && ch <= 'f') {
		return ch - 'a' + 10;
	}
	if (ch >= 'A' && ch <= 'F') {
		return ch - 'A' + 10;
	}
	return -1;
}

/* Decimal digits only, no leading zero but "0" itself, at most max. */
static bool parse_decimal(const char *s, size_t len, uint32_t max, uint32_t *out)
{
	uint32_t v = 0;
	size_t i;

	if (len == 0 || len > 10 || (len > 1 && s[0] == '0')) {
		return false;
	}
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9' || v > (max - (uint32_t)(s[i] - '0')) / 10u) {
			return false;
		}
		v = v * 10u + (uint32_t)(s[i] - '0');
	}
	*out = v;
	return true;
}

/* XX:XX:XX:XX:XX:XX, hex digits of either case. */
static bool parse_mac(const char *s, size_t len, uint8_t mac[6])
{
	size_t i;

	if (len != 17) {
		return false;
	}
	for (i = 0; i < 6; i++) {
		int hi = hex_value(s[3 * i]), lo = hex_value(s[3 * i + 1]);

		if (hi < 0 || lo < 0 || (i < 5 && s[3 * i + 2] != ':')) {
			return false;
		}
		mac[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

/* A.B.C.D[/N]: the address is kept with the bits outside the mask cleared. */
static bool parse_ip(const char *s, size_t len, uint32_t *ip, uint32_t *mask)
{
	const char *slash = memchr(s, '/', len);
	size_t ip_len = slash != NULL ? (size_t)(slash - s) : len;
	uint32_t part, bits = 32, v = 0;
	size_t i = 0, end;
	unsigned int n;

	if (slash != NULL && !parse_decimal(slash + 1, len - ip_len - 1, 32, &bits)) {
		return false;
	}
	for (n = 0; n < 4; n++) {
		for (end = i; end < ip_len && s[end] != '.'; end++) {
		}
		if (!parse_decimal(s + i, end - i, 255, &part) || (n < 3) != (end < ip_len)) {
			return false;
		}
		v = v << 8 | part;
		i = end + 1;
	}
	*mask = bits == 0 ? 0 : ~0u << (32 - bits);
	*ip = v & *mask;
	return true;
}

/* N or N-M, 0..65535, N <= M. */
static bool parse_ports(const char *s, size_t len, uint16_t *lo, uint16_t *hi)
{
	const char *dash = memchr(s, '-', len);
	size_t lo_len = dash != NULL ? (size_t)(dash - s) : len;
	uint32_t a, b;

	if (!parse_decimal(s, lo_len, 65535, &a)) {
		return false;
	}
	b = a;
	if (dash != NULL && (!parse_decimal(dash + 1, len - lo_len - 1, 65535, &b) || b < a)) {
		return false;
	}
	*lo = (uint16_t)a;
	*hi = (uint16_t)b;
	return true;
}

/* 0xHHHH (1 to 4 hex digits, at least 0x0600) or ipv4, ipv6, arp. */
static bool parse_ethertype(const char *s, size_t len, uint16_t *type)
{
	uint32_t v = 0;
	size_t i;

	if (word_is(s, len, "ipv4") || word_is(s, len, "ipv6") || word_is(s, len, "arp")) {
		*type = s[0] == 'a' ? 0x0806 : s[3] == '4' ? 0x0800 : 0x86dd;
		return true;
	}
	if (len < 3 || len > 6 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) {
		return false;
	}
	for (i = 2; i < len; i++) {
		int d = hex_value(s[i]);

		if (d < 0) {
			return false;
		}
		v = v << 4 | (uint32_t)d;
	}
	*type = (uint16_t)v;
	return v >= ETHERTYPE_MIN;
}

static bool parse_proto(const char *s, size_t len, uint8_t *proto)
{
	uint32_t v;

	if (word_is(s, len, "tcp") || word_is(s, len, "udp") || word_is(s, len, "icmp")) {
		*proto = s[0] == 't' ? 6 : s[0] == 'u' ? 17 : 1;
		return true;
	}
	if (!parse_decimal(s, len, 255, &v)) {
		return false;
	}
	*proto = (uint8_t)v;
	return true;
}

/* One KEY=VALUE match: its bit, and the value read into r. False if the value is bad. */
static bool parse_value(uint16_t bit, const char *v, size_t n, struct net_rule *r)
{
	switch (bit) {
	case NET_MATCH_SRC_MAC:
		return parse_mac(v, n, r->src_mac);
	case NET_MATCH_DST_MAC:
		return parse_mac(v, n, r->dst_mac);
	case NET_MATCH_SRC_IP:
		return parse_ip(v, n, &r->src_ip, &r->src_mask);
	case NET_MATCH_DST_IP:
		return parse_ip(v, n, &r->dst_ip, &r->dst_mask);
	case NET_MATCH_ETHERTYPE:
		return parse_ethertype(v, n, &r->ethertype);
	case NET_MATCH_PROTO:
		return parse_proto(v, n, &r->proto);
	case NET_MATCH_SRC_PORT:
		return parse_ports(v, n, &r->src_port_lo, &r->src_port_hi);
	default:
		return parse_ports(v, n, &r->dst_port_lo, &r->dst_port_hi);
	}
}

static const struct {
	const char *key;
	uint16_t bit;
	const char *form;
} match_keys[] = {
	{ "src-mac", NET_MATCH_SRC_MAC, "XX:XX:XX:XX:XX:XX" },
	{ "dst-mac", NET_MATCH_DST_MAC, "XX:XX:XX:XX:XX:XX" },
	{ "src-ip", NET_MATCH_SRC_IP, "A.B.C.D or A.B.C.D/N, N 0..32" },
	{ "dst-ip", NET_MATCH_DST_IP, "A.B.C.D or A.B.C.D/N, N 0..32" },
	{ "ethertype", NET_MATCH_ETHERTYPE, "0xHHHH from 0x0600, ipv4, ipv6 or arp" },
	{ "proto", NET_MATCH_PROTO, "tcp, udp, icmp or 0..255" },
	{ "src-port", NET_MATCH_SRC_PORT, "N or N-M, 0..65535, N <= M" },
	{ "dst-port", NET_MATCH_DST_PORT, "N or N-M, 0..65535, N <= M" },
};

static int parse_match(const struct rule_ctx *c, const char *w, size_t n, struct net_rule *r)
{
	const char *eq = memchr(w, '=', n);
	size_t key_len = eq != NULL ? (size_t)(eq - w) : n, i;

	for (i = 0; i < sizeof(match_keys) / sizeof(match_keys[0]); i++) {
		if (!word_is(w, key_len, match_keys[i].key)) {
			continue;
		}
		if (eq == NULL) {
			return rule_fail(c, "%s needs a value (%s=...)", match_keys[i].key,
					 match_keys[i].key);
		}
		if (r->match & match_keys[i].bit) {
			return rule_fail(c, "%s given twice", match_keys[i].key);
		}
		if (!parse_value(match_keys[i].bit, eq + 1, n - key_len - 1, r)) {
			return rule_fail(c, "bad %s `%.*s' (%s)", match_keys[i].key,
					 (int)(n - key_len - 1), eq + 1, match_keys[i].form);
		}
		r->match |= match_keys[i].bit;
		return 0;
	}
	return rule_fail(c,
			 "unknown match `%.*s' (src-mac, dst-mac, src-ip, dst-ip, ethertype, "
			 "proto, src-port, dst-port)",
			 (int)(n > 40 ? 40 : n), w);
}

/* The next space-separated word of s[*pos..end); false when there is none. */
static bool next_word(const char *s, size_t end, size_t *pos, const char **w, size_t *n)
{
	size_t i = *pos;

	while (i < end && s[i] == ' ') {
		i++;
	}
	if (i == end) {
		return false;
	}
	*w = s + i;
	while (i < end && s[i] != ' ') {
		i++;
	}
	*n = (size_t)(s + i - *w);
	*pos = i;
	return true;
}

/* One rule, s[0..len): the action, then matches. */
static int parse_rule(const struct rule_ctx *c, const char *s, size_t len, struct net_rule *r)
{
	size_t pos = 0, n = 0;
	const char *w = s;
	int rc = 0;

	memset(r, 0, sizeof(*r));
	if (!next_word(s, len, &pos, &w, &n)) {
		return rule_fail(c, "is empty"); /* the caller skips blank rules: not reached */
	}
	if (word_is(w, n, "accept") || word_is(w, n, "drop")) {
		r->action = w[0] == 'a' ? NET_RULE_ACCEPT : NET_RULE_DROP;
	} else {
		return rule_fail(c, "starts with `%.*s', not accept or drop",
				 (int)(n > 40 ? 40 : n), w);
	}
	while (rc == 0 && next_word(s, len, &pos, &w, &n)) {
		rc = parse_match(c, w, n, r);
	}
	return rc;
}

static int check_text(const struct rule_ctx *c, const char *text, size_t len)
{
	size_t i;

	if (len > NET_RULES_TEXT_MAX) {
		return rule_fail(c, "the rules are %zu bytes, more than %u", len,
				 NET_RULES_TEXT_MAX);
	}
	for (i = 0; i < len; i++) {
		if ((unsigned char)text[i] < ' ' || (unsigned char)text[i] >= 0x7f) {
			return rule_fail(c, "byte %zu is not printable ASCII", i);
		}
	}
	return 0;
}

static bool blank(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len && s[i] == ' '; i++) {
	}
	return i == len;
}

/** See net_rule.h. */
int net_rules_parse(const char *text, size_t len, struct net_rules *out, char *why, size_t why_size)
{
	struct rule_ctx c = { .number = 0, .why = why, .why_size = why_size };
	size_t pos = 0, end;
	int rc;

	memset(out, 0, sizeof(*out));
	if (why != NULL && why_size > 0) {
		why[0] = '\0';
	}
	rc = check_text(&c, text, len);
	while (rc == 0 && pos < len) {
		for (end = pos; end < len && text[end] != ';'; end++) {
		}
		c.number++;
		if (!blank(text + pos, end - pos)) {
			if (out->count == NET_RULES_MAX) {
				rc = rule_fail(&c, "more than %u rules", NET_RULES_MAX);
				break;
			}
			rc = parse_rule(&c, text + pos, end - pos, &out->rule[out->count++]);
		}
		pos = end + 1;
	}
	if (rc < 0) {
		memset(out, 0, sizeof(*out));
	}
	return rc;
}
