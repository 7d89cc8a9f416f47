// SPDX-License-Identifier: MIT
/* The console service's entry points: attaching consoles, polling, statistics. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "conring.h"
#include "domain.h"
#include "input.h"
#include "lines.h"
#include "output.h"

void console_service_init(struct console_service *svc, const struct console_ops *ops,
			  uint32_t limit)
{
	memset(svc, 0, sizeof(*svc));
	svc->ops = *ops;
	svc->dom_limit = limit;
	svc->focus = CONSOLE_NO_DOMAIN;
	svc->owner = CONSOLE_NO_DOMAIN;
}

void console_service_free(struct console_service *svc)
{
	free(svc->dom);
	svc->dom = NULL;
	svc->dom_count = 0;
}

/* The name goes on the serial line in notices: it gets the same care as guest output. */
static void copy_name(char *dst, const char *src)
{
	size_t i;

	for (i = 0; i + 1 < CONSOLE_NAME_MAX && src[i] != '\0'; i++) {
		unsigned char c = (unsigned char)src[i];

		dst[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	dst[i] = '\0';
}

int console_service_add(struct console_service *svc, uint16_t domid, const char *name,
			uint32_t rights, volatile struct console_ring *ring)
{
	struct console_domain *d;
	int slot;

	if (ring == NULL || name == NULL) {
		return -EINVAL;
	}
	if (domain_find(svc, domid) != CONSOLE_NO_DOMAIN) {
		return -EEXIST;
	}
	slot = domain_free_slot(svc);
	if (slot < 0) {
		return slot;
	}
	d = &svc->dom[slot];
	memset(d, 0, sizeof(*d));
	d->domid = domid;
	d->rights = rights;
	copy_name(d->name, name);
	conring_attach(ring, &d->idx);
	d->ring = ring;
	console_input_attached(svc, slot);
	return 0;
}

int console_service_remove(struct console_service *svc, uint16_t domid)
{
	int slot = domain_find(svc, domid);
	struct console_domain *d;

	if (slot == CONSOLE_NO_DOMAIN) {
		return -ENOENT;
	}
	d = &svc->dom[slot];
	lines_end(svc, d);
	d->ring = NULL;
	d->notify = false;
	console_input_detached(svc, domid, slot);
	return 0;
}

bool console_service_poll(struct console_service *svc, uint64_t now_ns)
{
	bool more = output_round(svc, now_ns);

	console_input_release_due(svc, now_ns);
	domain_notify_owed(svc);
	return more;
}

uint64_t console_service_deadline(const struct console_service *svc)
{
	uint64_t due = console_input_due(svc);

	for (int slot = 0; slot < (int)svc->dom_count; slot++) {
		uint64_t line_due;

		if (!domain_live(svc, slot) || slot == svc->focus) {
			continue;
		}
		line_due = lines_due(&svc->dom[slot]);
		due = line_due < due ? line_due : due;
	}
	return due;
}

int console_service_stats(const struct console_service *svc, uint16_t domid,
			  struct console_stats *out)
{
	int slot = domain_find(svc, domid);

	if (slot == CONSOLE_NO_DOMAIN) {
		return -ENOENT;
	}
	*out = svc->dom[slot].stats;
	return 0;
}
