// SPDX-License-Identifier: MIT
/*
 * A stand-in for net_rules_parse (services/netback/net_rule.h) until the
 * real one is there: each rule separated by ';' must be `accept` or `drop`
 * and whatever follows; nothing else of the text form is checked. The vif
 * back end's tests use only texts the real parser reads the same way.
 */
#include <abi/errno.h>
#include <stdio.h>
#include <string.h>

#include "net_rule.h"

/* Whether rule (len bytes, spaces around it allowed) starts with an action word. */
static bool rule_ok(const char *rule, size_t len)
{
	static const char *const actions[] = { "accept", "drop" };

	while (len > 0 && rule[0] == ' ') {
		rule++;
		len--;
	}
	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
		size_t n = strlen(actions[i]);

		if (len >= n && memcmp(rule, actions[i], n) == 0 && (len == n || rule[n] == ' ')) {
			return true;
		}
	}
	return false;
}

int net_rules_parse(const char *text, size_t len, struct net_rules *out, char *why, size_t why_size)
{
	size_t start = 0;

	memset(out, 0, sizeof(*out));
	if (memchr(text, '\0', len)) {
		snprintf(why, why_size, "a NUL in the rules");
		return -XEN_EINVAL;
	}
	while (start <= len) {
		const char *semi = memchr(text + start, ';', len - start);
		size_t end = semi ? (size_t)(semi - text) : len;

		if (out->count == NET_RULES_MAX || !rule_ok(text + start, end - start)) {
			snprintf(why, why_size, "rule %u is not accept or drop", out->count + 1);
			memset(out, 0, sizeof(*out));
			return -XEN_EINVAL;
		}
		out->count++;
		start = end + 1;
	}
	return 0;
}
