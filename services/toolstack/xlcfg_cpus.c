/* SPDX-License-Identifier: MIT */
/* xl.cfg cpus=: xl's CPU list syntax ("0-3,^1", "all", "node:0"), for all vCPUs or each. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "xlcfg_internal.h"

#define ALL_CPUS ((1u << XL_CPUS_MAX) - 1u)

/* One item's text within the atom: [start, start + len). */
struct cpus_item {
	size_t start, len;
};

/* A decimal number at @s (at most 9 digits, so it cannot overflow); bytes read, or 0. */
static size_t read_decimal(const char *s, size_t len, uint32_t *value)
{
	size_t i = 0;

	*value = 0;
	while (i < len && i < 9 && s[i] >= '0' && s[i] <= '9') {
		*value = *value * 10 + (uint32_t)(s[i] - '0');
		i++;
	}
	return i;
}

/* "A" or "A-B" with A <= B, and nothing after it. */
static int read_range(const char *s, size_t len, uint32_t *a, uint32_t *b)
{
	size_t n = read_decimal(s, len, a);

	if (n == 0) {
		return -EINVAL;
	}
	*b = *a;
	if (n < len && s[n] == '-') {
		size_t m = read_decimal(s + n + 1, len - n - 1, b);

		if (m == 0 || *b < *a) {
			return -EINVAL;
		}
		n += 1 + m;
	}
	return n == len ? 0 : -EINVAL;
}

static bool skip_prefix(const char **s, size_t *len, const char *prefix)
{
	size_t n = strlen(prefix);

	if (*len < n || memcmp(*s, prefix, n) != 0) {
		return false;
	}
	*s += n;
	*len -= n;
	return true;
}

/* The pCPUs one item names: CPUs, a range, all, or NUMA nodes (Tessera's machine has node 0). */
static int item_cpus(struct xlp *p, const struct xlp_token *atom, const struct cpus_item *item,
		     bool *negate, uint32_t *cpus)
{
	const char *s = atom->text + item->start;
	size_t len = item->len;
	uint32_t a, b;
	bool nodes;

	*negate = skip_prefix(&s, &len, "^");
	nodes = skip_prefix(&s, &len, "nodes:") || skip_prefix(&s, &len, "node:");
	if (len == 3 && memcmp(s, "all", 3) == 0) {
		if (*negate) {
			xlp_error_at(p, atom, item->start, "Can't combine \"^\" and \"all\".");
			return -EINVAL;
		}
		*cpus = ALL_CPUS;
		return 0;
	}
	if (read_range(s, len, &a, &b) < 0) {
		char echo[XL_ECHO_MAX + 1];

		xl_echo(echo, sizeof(echo), atom->text + item->start, item->len);
		xlp_error_at(p, atom, item->start, "Invalid pcpu range: %s.", echo);
		return -EINVAL;
	}
	if (nodes && b > 0) {
		xlp_error_at(p, atom, item->start,
			     "NUMA node %u does not exist (Tessera's machine is one node, 0)",
			     (unsigned)b);
		return -EINVAL;
	}
	if (!nodes && b >= XL_CPUS_MAX) {
		xlp_error_at(p, atom, item->start, "pCPU %u is beyond the %u Tessera can have",
			     (unsigned)b, XL_CPUS_MAX);
		return -EINVAL;
	}
	*cpus = nodes ? ALL_CPUS : ((ALL_CPUS >> (XL_CPUS_MAX - 1 - b)) & (ALL_CPUS << a));
	return 0;
}

/* A whole CPU list: items separated by commas (empty ones skipped, as xl does), left to right. */
static int cpu_list(struct xlp *p, const struct xlp_token *atom, uint32_t *mask)
{
	struct cpus_item item;
	size_t i = 0, end;
	uint32_t cpus;
	bool negate;

	*mask = 0;
	while (i < atom->len) {
		end = i;
		while (end < atom->len && atom->text[end] != ',') {
			end++;
		}
		item.start = i;
		item.len = end - i;
		if (item.len > 0) {
			if (item_cpus(p, atom, &item, &negate, &cpus) < 0) {
				return -EINVAL;
			}
			*mask = negate ? (*mask & ~cpus) : (*mask | cpus);
		}
		i = end + 1;
	}
	if (*mask == 0) {
		xlp_error_tok(p, atom, "cpus leaves a vCPU no pCPU to run on");
		return -EINVAL;
	}
	return 0;
}

/* Entry @index of a cpus list: vCPU @index's pCPUs. */
static int cpus_element(struct xlp *p, const struct xlp_token *atom, uint32_t index, void *arg)
{
	(void)arg;
	if (index >= XL_VCPUS_MAX) {
		xlp_error_tok(p, atom, "cpus lists more than the %u vCPUs a domain may have",
			      XL_VCPUS_MAX);
		return -EINVAL;
	}
	p->cpus_count = index + 1;
	return cpu_list(p, atom, &p->out->affinity[index]);
}

/**
 * xlp_cpus() - cpus = "LIST" (every vCPU may run on the pCPUs LIST names), or
 * cpus = [ "LIST0", "LIST1", ... ] (vCPU i on those of LISTi; vCPUs past the
 * list are not pinned, entries past maxvcpus are ignored, as in xl).
 */
int xlp_cpus(struct xlp *p, bool append)
{
	struct xlp_token tok;
	uint32_t i, mask;

	xlp_next(p, &tok);
	if (append && tok.kind != XLP_ERROR) {
		xlp_error_tok(p, &tok, "can't use += with cpus");
		return -EINVAL;
	}
	memset(p->out->affinity, 0, sizeof(p->out->affinity));
	p->cpus_count = 0;
	p->cpus_list = tok.kind == XLP_LBRACKET;
	if (p->cpus_list) {
		return xlp_list_after_open(p, "cpus", cpus_element, NULL);
	}
	if (tok.kind != XLP_STRING && tok.kind != XLP_NUMBER) {
		return xlp_not_a_value(p, &tok, "cpus", "a quoted CPU list or a list of them");
	}
	if (cpu_list(p, &tok, &mask) < 0) {
		return -EINVAL;
	}
	for (i = 0; i < XL_VCPUS_MAX; i++) {
		p->out->affinity[i] = mask;
	}
	return 0;
}

int xl_cpu_list(const char *what, const char *text, uint32_t *mask, char *error)
{
	static struct xl_config scratch; /* only its error is written */
	struct xlp p = { .out = &scratch, .file_name = what };
	struct xlp_token atom = { .kind = XLP_STRING, .text = text, .len = strlen(text) };
	int rc;

	scratch.error[0] = '\0';
	xlp_set_label(&p, 0);
	rc = cpu_list(&p, &atom, mask);
	snprintf(error, XL_MSG_MAX, "%s", scratch.error);
	return rc;
}
