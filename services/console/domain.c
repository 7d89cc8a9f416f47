// SPDX-License-Identifier: MIT
/* The service's table of attached consoles: lookups, breakage, owed notifications. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain.h"

/* The table's first size; it then doubles up to the limit. */
#define DOMAIN_FIRST_SLOTS 16u
#include "lines.h"

int domain_find(const struct console_service *svc, uint16_t domid)
{
	for (int i = 0; i < (int)svc->dom_count; i++) {
		if (domain_attached(svc, i) && svc->dom[i].domid == domid) {
			return i;
		}
	}
	return CONSOLE_NO_DOMAIN;
}

/*
 * The table moves when it grows: callers keep slot numbers between calls,
 * never pointers into it.
 */
static int domain_grow(struct console_service *svc)
{
	uint32_t count = svc->dom_count == 0 ? DOMAIN_FIRST_SLOTS : svc->dom_count * 2u;
	struct console_domain *grown;

	count = count < svc->dom_limit ? count : svc->dom_limit;
	grown = realloc(svc->dom, count * sizeof(*grown));
	if (grown == NULL) {
		return -ENOMEM;
	}
	memset(grown + svc->dom_count, 0, (count - svc->dom_count) * sizeof(*grown));
	svc->dom = grown;
	svc->dom_count = count;
	return 0;
}

int domain_free_slot(struct console_service *svc)
{
	int err;

	for (int i = 0; i < (int)svc->dom_count; i++) {
		if (!domain_attached(svc, i)) {
			return i;
		}
	}
	if (svc->dom_count >= svc->dom_limit) {
		return -ENOSPC;
	}
	err = domain_grow(svc);
	return err ? err : domain_free_slot(svc);
}

bool domain_attached(const struct console_service *svc, int slot)
{
	if (slot < 0 || slot >= (int)svc->dom_count) {
		return false;
	}
	return svc->dom[slot].ring != NULL;
}

bool domain_live(const struct console_service *svc, int slot)
{
	return domain_attached(svc, slot) && !svc->dom[slot].stats.broken;
}

void domain_break(struct console_service *svc, struct console_domain *d)
{
	char notice[80];

	if (d->stats.broken) {
		return;
	}
	lines_end(svc, d);
	d->stats.broken = true;
	d->notify = false;
	snprintf(notice, sizeof(notice), "[console: d%u (%s) broke its console ring; ignored]",
		 (unsigned int)d->domid, d->name);
	lines_notice(svc, notice);
}

void domain_notify_owed(struct console_service *svc)
{
	for (uint32_t i = 0; i < svc->dom_count; i++) {
		struct console_domain *d = &svc->dom[i];

		if (d->ring != NULL && d->notify) {
			d->notify = false;
			svc->ops.notify(svc->ops.ctx, d->domid);
		}
	}
}
