// SPDX-License-Identifier: MIT
/* Finding and describing domains (domains.h). */
#include <abi/hypercall.h>
#include <abi/sched.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "domains.h"

/* A decimal domid and nothing else; false for anything else. */
static bool parse_domid(const char *arg, uint16_t *out)
{
	char *end;
	unsigned long v;

	if (arg[0] < '0' || arg[0] > '9') {
		return false;
	}
	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno != 0 || *end != '\0' || v >= DOMID_FIRST_RESERVED) {
		return false;
	}
	*out = (uint16_t)v;
	return true;
}

struct by_name {
	const char *name;
	struct domain_info *info;
	bool found;
};

static bool match_name(const struct domain_info *info, void *arg)
{
	struct by_name *b = arg;

	if (strncmp(info->name, b->name, sizeof(info->name)) == 0) {
		*b->info = *info;
		b->found = true;
		return false;
	}
	return true;
}

bool domain_by_name(const struct platform *pf, const char *name, struct domain_info *info)
{
	struct by_name b = { name, info, false };

	domain_each(pf, match_name, &b);
	return b.found;
}

bool domain_find(const struct platform *pf, const char *arg, struct domain_info *info, FILE *err)
{
	uint16_t id;
	bool found;

	if (parse_domid(arg, &id)) {
		memset(info, 0, sizeof(*info));
		info->domid = id;
		found = pf->domain_info(info) == 0 && info->domid == id;
	} else {
		found = domain_by_name(pf, arg, info);
	}
	if (!found) {
		fprintf(err, "%s is an invalid domain identifier (rc=-6)\n", arg);
	}
	return found;
}

void domain_each(const struct platform *pf, bool (*fn)(const struct domain_info *, void *),
		 void *arg)
{
	struct domain_info info;
	uint16_t asked = 0;

	/* Each answer must be at or past the id asked for, or a bad one would loop forever. */
	for (;;) {
		memset(&info, 0, sizeof(info));
		info.domid = asked;
		if (pf->domain_info(&info) != 0 || info.domid < asked || !fn(&info, arg) ||
		    info.domid + 1u >= DOMID_FIRST_RESERVED) {
			return;
		}
		asked = (uint16_t)(info.domid + 1);
	}
}

void domain_state_letters(const struct domain_info *info, char out[7])
{
	bool dying = info->flags & DOMAIN_INFO_DYING;
	bool stopped = info->flags & DOMAIN_INFO_STOPPED;
	bool crashed = info->shutdown_reason == SHUTDOWN_crash ||
		       info->shutdown_reason == SHUTDOWN_watchdog;

	out[0] = !dying && (info->flags & DOMAIN_INFO_RUNNING) ? 'r' : '-';
	out[1] = !dying && (info->flags & DOMAIN_INFO_BLOCKED) ? 'b' : '-';
	out[2] = !dying && (info->flags & DOMAIN_INFO_PAUSED) ? 'p' : '-';
	out[3] = stopped && !crashed ? 's' : '-';
	out[4] = stopped && crashed ? 'c' : '-';
	out[5] = dying && !stopped ? 'd' : '-';
	out[6] = '\0';
}

unsigned long domain_mem_mib(const struct domain_info *info)
{
	return (unsigned long)(info->ram_pages * 4096 / (1024 * 1024));
}
