// SPDX-License-Identifier: MIT
/* The service's table of attached consoles: lookups, breakage, owed notifications. */
#include <stdio.h>
#include "domain.h"
#include "lines.h"

int domain_find(const struct console_service *svc, uint16_t domid)
{
	for (int i = 0; i < (int)CONSOLE_DOMAINS_MAX; i++) {
		if (domain_attached(svc, i) && svc->dom[i].domid == domid) {
			return i;
		}
	}
	return CONSOLE_NO_DOMAIN;
}

int domain_free_slot(const struct console_service *svc)
{
	for (int i = 0; i < (int)CONSOLE_DOMAINS_MAX; i++) {
		if (!domain_attached(svc, i)) {
			return i;
		}
	}
	return CONSOLE_NO_DOMAIN;
}

bool domain_attached(const struct console_service *svc, int slot)
{
	if (slot < 0 || slot >= (int)CONSOLE_DOMAINS_MAX) {
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
	for (uint32_t i = 0; i < CONSOLE_DOMAINS_MAX; i++) {
		struct console_domain *d = &svc->dom[i];

		if (d->ring != NULL && d->notify) {
			d->notify = false;
			svc->ops.notify(svc->ops.ctx, d->domid);
		}
	}
}
