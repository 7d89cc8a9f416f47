// SPDX-License-Identifier: MIT
/* The xl commands that change a domain: pause, unpause, destroy, shutdown, reboot, memory,
 * scheduling, pinning (xl.h). */
#include <abi/errno.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "created.h"
#include "domains.h"
#include "xl.h"
#include "xlcfg.h"

/* "xl CMD DOM": the domain, or false after saying what is wrong. */
static bool one_domain(struct shell_call *c, const char *usage, struct domain_info *info)
{
	if (c->argc != 2) {
		fprintf(c->err, "Usage: xl %s\n", usage);
		return false;
	}
	return domain_find(c->pf, c->argv[1], info, c->err);
}

static const char *reason(long rc)
{
	switch (rc) {
	case -XEN_EPERM:
		return "not controlled by this toolstack";
	case -XEN_ESRCH:
		return "no such domain (or it is going away)";
	case -XEN_EINVAL:
		return "invalid argument";
	case -XEN_EBUSY:
		return "busy";
	default:
		return "failed";
	}
}

/* domain_control cmd on the domain the command names; xl's message when it fails. */
static int control(struct shell_call *c, uint32_t cmd, const char *usage, const char *what)
{
	struct domain_info info;
	long rc;

	if (!one_domain(c, usage, &info)) {
		return 1;
	}
	rc = c->pf->domctl_on(cmd, info.domid);
	if (rc != 0) {
		fprintf(c->err, "libxl: error: %s domain %u: %s (%ld)\n", what, info.domid,
			reason(rc), rc);
		return 1;
	}
	return 0;
}

int xl_pause(struct shell_call *c)
{
	return control(c, DOMCTL_pause, "pause <Domain>", "pausing");
}

int xl_unpause(struct shell_call *c)
{
	return control(c, DOMCTL_unpause, "unpause <Domain>", "unpausing");
}

/* Its /vm entry goes with it, and this toolstack forgets it made it. */
int xl_destroy(struct shell_call *c)
{
	struct domain_info info;
	long rc;

	if (!one_domain(c, "destroy <Domain>", &info)) {
		return 1;
	}
	rc = build_destroy(c->pf, info.domid);
	if (rc != 0) {
		fprintf(c->err, "libxl: error: destroying domain %u: %s (%ld)\n", info.domid,
			reason(rc), rc);
		return 1;
	}
	created_forget(info.domid);
	return 0;
}

/* shutdown and reboot: the guest's PV control node, as xl writes it; the guest obeys. */
/* This incarnation of the domain (its generation) is gone or has shut down. */
static bool ended(const struct platform *pf, const struct domain_info *was)
{
	struct domain_info now = { .domid = was->domid };

	return pf->domain_info(&now) != 0 || now.domid != was->domid ||
	       now.generation != was->generation || (now.flags & DOMAIN_INFO_DYING);
}

/* -w: xl waits until each guest asked has done it (a reboot's restart is a new incarnation). */
static int wait_for(struct shell_call *c, const struct domain_info *asked, unsigned int count)
{
	unsigned int left = count;

	fprintf(c->out, "Waiting for %u domains\n", count);
	for (unsigned int ms = 0; left > 0; ms += XL_WAIT_STEP_MS) {
		left = 0;
		for (unsigned int i = 0; i < count; i++) {
			left += !ended(c->pf, &asked[i]);
		}
		if (left > 0 && (ms >= XL_WAIT_MAX_MS || !c->pf->sleep_ms)) {
			fprintf(c->err, "%u domain(s) did not shut down within %u s\n", left,
				XL_WAIT_MAX_MS / 1000);
			return 1;
		}
		if (left > 0) {
			c->pf->sleep_ms(XL_WAIT_STEP_MS);
		}
	}
	for (unsigned int i = 0; i < count; i++) {
		fprintf(c->out, "Domain %u has been shut down\n", asked[i].domid);
	}
	return 0;
}

/* The live domains this toolstack controls, for -a: xl's "all guest domains". */
struct guests {
	uint16_t self;
	struct domain_info *list;
	unsigned int count, room;
};

static bool add_guest(const struct domain_info *info, void *arg)
{
	struct guests *g = arg;

	if (info->controller != g->self || (info->flags & DOMAIN_INFO_DYING)) {
		return true;
	}
	if (g->count == g->room) {
		struct domain_info *more =
			realloc(g->list, (g->room ? 2 * g->room : 16) * sizeof(*more));

		if (!more) {
			return false;
		}
		g->list = more;
		g->room = g->room ? 2 * g->room : 16;
	}
	g->list[g->count++] = *info;
	return true;
}

/* Write request into one guest's PV control node, as xl does; the guest obeys. */
static bool ask_one(struct shell_call *c, const struct domain_info *info, const char *request,
		    const char *doing)
{
	char path[64];
	long rc;

	snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown", info->domid);
	fprintf(c->out, "%s domain %u\n", doing, info->domid);
	rc = c->pf->xs_write(path, request);
	if (rc != 0) {
		fprintf(c->err, "libxl: error: writing %s: %ld\n", path, rc);
	}
	return rc == 0;
}

/* "xl shutdown|reboot [-a] [-w] [-F] [DOM]": DOM, or with -a every guest this toolstack controls.
 */
static int ask_guests(struct shell_call *c, const char *request, const char *usage,
		      const char *doing)
{
	struct guests g = { .self = c->pf->self };
	struct domain_info one;
	bool wait = false, all = false, ok = true;

	for (; c->argc > 1 && c->argv[1][0] == '-'; c->argc--, c->argv++) {
		wait |= strcmp(c->argv[1], "-w") == 0; /* -F (HVM's fallback) is ignored */
		all |= strcmp(c->argv[1], "-a") == 0;
	}
	if (all && c->argc == 1) {
		domain_each(c->pf, add_guest, &g);
	} else if (!all && one_domain(c, usage, &one)) {
		g.list = &one;
		g.count = 1;
	} else {
		if (all) {
			fprintf(c->err, "Usage: xl %s\n", usage);
		}
		return 1;
	}
	for (unsigned int i = 0; i < g.count; i++) {
		ok &= ask_one(c, &g.list[i], request, doing);
	}
	if (ok && wait && g.count > 0) {
		ok = wait_for(c, g.list, g.count) == 0;
	}
	if (g.list != &one) {
		free(g.list);
	}
	return ok ? 0 : 1;
}

int xl_shutdown(struct shell_call *c)
{
	return ask_guests(c, "poweroff", "shutdown [-a] [-w] <Domain>", "Shutting down");
}

int xl_reboot(struct shell_call *c)
{
	return ask_guests(c, "reboot", "reboot [-a] [-w] <Domain>", "Rebooting");
}

/*
 * xl's memory sizes: a number with an optional unit b, k, m, g or t (any
 * case), m when none is given. KiB in *kib; false for anything else.
 */
bool xl_parse_memory(const char *text, uint64_t *kib)
{
	char *end;
	unsigned long long n;
	unsigned int shift;

	if (text[0] < '0' || text[0] > '9') {
		return false;
	}
	n = strtoull(text, &end, 10);
	switch (*end | 0x20) {
	case 'b':
		shift = 0;
		break;
	case 'k':
		shift = 10;
		break;
	case ' ': /* the NUL, lowered */
	case 'm':
		shift = 20;
		break;
	case 'g':
		shift = 30;
		break;
	case 't':
		shift = 40;
		break;
	default:
		return false;
	}
	if ((*end != '\0' && end[1] != '\0') || n > (UINT64_MAX >> shift)) {
		return false;
	}
	*kib = (n << shift) >> 10;
	return true;
}

/* "xl mem-max DOM SIZE": the most RAM it may own; weight and cap stay as they are. */
int xl_mem_max(struct shell_call *c)
{
	struct domain_info info;
	uint64_t kib;
	long rc;

	if (c->argc != 3 || !xl_parse_memory(c->argv[2], &kib) || kib < 4) {
		fprintf(c->err, "Usage: xl mem-max <Domain> <MemKB>\n");
		return 1;
	}
	if (!domain_find(c->pf, c->argv[1], &info, c->err)) {
		return 1;
	}
	rc = c->pf->set_limits(info.domid, kib / 4, info.weight, info.cap);
	if (rc != 0) {
		fprintf(c->err, "cannot set domid %u static max memory to : %lukb (%s)\n",
			info.domid, (unsigned long)kib, reason(rc));
		return 1;
	}
	return 0;
}

/* "xl mem-set DOM SIZE": the balloon's target in the store; the limit grows to fit it. */
int xl_mem_set(struct shell_call *c)
{
	struct domain_info info;
	char path[64], value[24];
	uint64_t kib;
	long rc = 0;

	if (c->argc != 3 || !xl_parse_memory(c->argv[2], &kib) || kib < 4) {
		fprintf(c->err, "Usage: xl mem-set <Domain> <MemMB['b'[bytes]|'k'|'m'|'g']>\n");
		return 1;
	}
	if (!domain_find(c->pf, c->argv[1], &info, c->err)) {
		return 1;
	}
	if (kib / 4 > info.max_pages) {
		rc = c->pf->set_limits(info.domid, kib / 4, info.weight, info.cap);
	}
	snprintf(path, sizeof(path), "/local/domain/%u/memory/target", info.domid);
	snprintf(value, sizeof(value), "%lu", (unsigned long)kib);
	rc = rc ? rc : c->pf->xs_write(path, value);
	if (rc != 0) {
		fprintf(c->err, "cannot set domid %u memory target to %lukb (%s)\n", info.domid,
			(unsigned long)kib, reason(rc));
		return 1;
	}
	return 0;
}

static bool sched_row(const struct domain_info *info, void *arg)
{
	fprintf(arg, "%-32s %5u %6u %4u\n", info->name, info->domid, info->weight, info->cap);
	return true;
}

static bool parse_u32(const char *text, unsigned long max, uint32_t *out)
{
	char *end;
	unsigned long v = strtoul(text, &end, 10);

	if (*text < '0' || *text > '9' || *end != '\0' || v > max) {
		return false;
	}
	*out = (uint32_t)v;
	return true;
}

/* "xl sched-credit [-d DOM [-w W] [-c C]]": list, or set a domain's weight and cap. */
int xl_sched_credit(struct shell_call *c)
{
	struct domain_info info;
	const char *dom = NULL;
	uint32_t weight = 0, cap = UINT32_MAX;
	bool ok = true;
	long rc;

	for (int i = 1; i < c->argc && ok; i += 2) {
		ok = i + 1 < c->argc;
		if (ok && strcmp(c->argv[i], "-d") == 0) {
			dom = c->argv[i + 1];
		} else if (ok && strcmp(c->argv[i], "-w") == 0) {
			ok = parse_u32(c->argv[i + 1], 65535, &weight) && weight > 0;
		} else if (ok && strcmp(c->argv[i], "-c") == 0) {
			ok = parse_u32(c->argv[i + 1], 100u * DOMCTL_VCPUS_MAX, &cap);
		} else {
			ok = false;
		}
	}
	if (!ok || ((weight || cap != UINT32_MAX) && !dom)) {
		fprintf(c->err, "Usage: xl sched-credit [-d <Domain> [-w[=WEIGHT]|-c[=CAP]]]\n");
		return 1;
	}
	if (dom && !domain_find(c->pf, dom, &info, c->err)) {
		return 1;
	}
	if (dom && (weight || cap != UINT32_MAX)) {
		rc = c->pf->set_limits(info.domid, info.max_pages, weight ? weight : info.weight,
				       cap != UINT32_MAX ? cap : info.cap);
		if (rc != 0) {
			fprintf(c->err,
				"libxl: error: setting scheduler parameters of domain %u: %s\n",
				info.domid, reason(rc));
			return 1;
		}
		return 0;
	}
	fprintf(c->out, "Cpupool Pool-0: tslice=10ms ratelimit=0us migration-delay=0us\n");
	fprintf(c->out, "Name                                ID Weight  Cap\n");
	if (dom) {
		sched_row(&info, c->out);
	} else {
		domain_each(c->pf, sched_row, c->out);
	}
	return 0;
}

/* How often a vCPU still held by its pCPU just after the pause is asked again. */
#define PIN_TRIES 10

/* vCPUs first..last of a paused domain on the pCPUs in mask; 0 or the first failure. */
static long pin(const struct platform *pf, uint16_t domid, uint32_t first, uint32_t last,
		uint32_t mask)
{
	long rc = 0;

	for (uint32_t v = first; v <= last && rc == 0; v++) {
		rc = pf->vcpu_affinity(domid, v, mask);
		for (unsigned int t = 0; rc == -XEN_EBUSY && t < PIN_TRIES; t++) {
			pf->sleep_ms(XL_WAIT_STEP_MS);
			rc = pf->vcpu_affinity(domid, v, mask);
		}
	}
	return rc;
}

/*
 * "xl vcpu-pin DOM VCPU|all CPUS|-|all [SOFT]": the pCPUs a vCPU (or each) may
 * run on, its hard affinity. Tessera's scheduler has no soft affinity, so SOFT
 * may only leave it as it is ("-", or "all", which is what it is).
 */
int xl_vcpu_pin(struct shell_call *c)
{
	struct domain_info info;
	char error[XL_MSG_MAX];
	uint32_t first = 0, last, mask;
	long rc;

	if (c->argc != 4 && c->argc != 5) {
		fprintf(c->err, "Usage: xl vcpu-pin <Domain> <VCPU|all> <Hard affinity|-|all> "
				"<Soft affinity|-|all>\n");
		return 1;
	}
	if (c->argc == 5 && strcmp(c->argv[4], "-") != 0 && strcmp(c->argv[4], "all") != 0) {
		fprintf(c->err, "xl: soft affinity '%s': Tessera's scheduler has none, only hard\n",
			c->argv[4]);
		return 1;
	}
	if (!domain_find(c->pf, c->argv[1], &info, c->err)) {
		return 1;
	}
	last = info.vcpu_count - 1;
	if (strcmp(c->argv[2], "all") != 0 && !parse_u32(c->argv[2], last, &first)) {
		fprintf(c->err, "xl: vcpu '%s': domain %u has vCPUs 0 to %u\n", c->argv[2],
			info.domid, last);
		return 1;
	}
	last = strcmp(c->argv[2], "all") == 0 ? last : first;
	if (strcmp(c->argv[3], "-") == 0) {
		return 0; /* the hard affinity stays */
	}
	if (xl_cpu_list("hard affinity", c->argv[3], &mask, error) < 0) {
		fprintf(c->err, "xl: %s\n", error);
		return 1;
	}
	rc = c->pf->domctl_on(DOMCTL_pause, info.domid);
	if (rc == 0) {
		rc = pin(c->pf, info.domid, first, last, mask);
		(void)c->pf->domctl_on(DOMCTL_unpause, info.domid);
	}
	if (rc != 0) {
		fprintf(c->err, "libxl: error: setting vCPU affinity of domain %u: %s (%ld)\n",
			info.domid, rc == -XEN_EINVAL ? "no online pCPU in it" : reason(rc), rc);
		return 1;
	}
	return 0;
}
