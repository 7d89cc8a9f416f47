// SPDX-License-Identifier: MIT
/*
 * Serial input: delivery to the domain with the focus, and the Ctrl-a
 * escape that moves the focus.
 *
 * Input is never queued here: what does not fit in the focus domain's ring
 * at the moment it is typed is dropped and counted, so a guest that stops
 * reading costs nothing but its own input.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "conring.h"
#include "domain.h"
#include "input.h"
#include "lines.h"
#include "raw.h"

#define ESCAPES_TO_SWITCH 3u

/* The live console with the lowest domid above from, cycling to the lowest; or none. */
static int next_after(const struct console_service *svc, int from)
{
	int best = CONSOLE_NO_DOMAIN;
	int lowest = CONSOLE_NO_DOMAIN;

	for (int slot = 0; slot < (int)svc->dom_count; slot++) {
		int id;

		if (!domain_live(svc, slot)) {
			continue;
		}
		id = svc->dom[slot].domid;
		if (lowest == CONSOLE_NO_DOMAIN || id < svc->dom[lowest].domid) {
			lowest = slot;
		}
		if (id > from && (best == CONSOLE_NO_DOMAIN || id < svc->dom[best].domid)) {
			best = slot;
		}
	}
	return best != CONSOLE_NO_DOMAIN ? best : lowest;
}

/*
 * The terminal changes hands: the old holder's raw output is ended and the
 * terminal restored (a holder that keeps the input only has its state undone,
 * so a sequence it has not finished may still complete), and the new holder's
 * tagged partial line is ended, before its output starts going out raw.
 */
static void hand_over(struct console_service *svc, int slot)
{
	int old = svc->focus;

	if (slot == old) {
		lines_break(svc);
		return;
	}
	if (domain_attached(svc, old)) {
		raw_leave(svc, &svc->dom[old]);
	}
	if (domain_attached(svc, slot)) {
		lines_end(svc, &svc->dom[slot]);
	}
	memset(&svc->term, 0, sizeof(svc->term));
	svc->focus = slot;
}

/* Whoever types must see where the keys go next. */
static void set_focus(struct console_service *svc, int slot)
{
	char notice[64];

	hand_over(svc, slot);
	if (slot == CONSOLE_NO_DOMAIN) {
		lines_notice(svc, "[console: input to nobody]");
		return;
	}
	snprintf(notice, sizeof(notice), "[console: input to d%u (%s)]",
		 (unsigned int)svc->dom[slot].domid, svc->dom[slot].name);
	lines_notice(svc, notice);
}

static void deliver(struct console_service *svc, const char *bytes, size_t n)
{
	struct console_domain *d;
	uint32_t want = n < CONSOLE_RING_IN_SIZE ? (uint32_t)n : CONSOLE_RING_IN_SIZE;
	int put;

	if (!domain_attached(svc, svc->focus)) {
		return;
	}
	d = &svc->dom[svc->focus];
	if (d->stats.broken) {
		d->stats.input_dropped += n;
		return;
	}
	put = conring_in_put(&d->idx, bytes, want);
	if (put < 0) {
		domain_break(svc, d);
		d->stats.input_dropped += n;
		return;
	}
	d->stats.bytes_in += (uint32_t)put;
	d->stats.input_dropped += n - (uint32_t)put;
	d->notify = d->notify || put > 0;
}

static void release_held(struct console_service *svc)
{
	static const char held[ESCAPES_TO_SWITCH] = { CONSOLE_ESCAPE_CHAR, CONSOLE_ESCAPE_CHAR,
						      CONSOLE_ESCAPE_CHAR };
	uint32_t n = svc->escapes;

	svc->escapes = 0;
	if (n > 0) {
		deliver(svc, held, n);
	}
}

/* Ctrl-a's count towards a switch only while each follows the last within CONSOLE_ESCAPE_NS. */
static void escape(struct console_service *svc, uint64_t now_ns)
{
	if (svc->escapes > 0 && now_ns - svc->escape_ns >= CONSOLE_ESCAPE_NS) {
		release_held(svc);
	}
	svc->escapes++;
	svc->escape_ns = now_ns;
	if (svc->escapes == ESCAPES_TO_SWITCH) {
		int from = svc->focus == CONSOLE_NO_DOMAIN ? -1 : svc->dom[svc->focus].domid;

		svc->escapes = 0;
		set_focus(svc, next_after(svc, from));
	}
}

void console_input(struct console_service *svc, const char *bytes, size_t len, uint64_t now_ns)
{
	size_t i = 0;

	while (i < len) {
		size_t run = 0;

		if (bytes[i] == CONSOLE_ESCAPE_CHAR) {
			escape(svc, now_ns);
			i++;
			continue;
		}
		while (i + run < len && bytes[i + run] != CONSOLE_ESCAPE_CHAR) {
			run++;
		}
		release_held(svc);
		deliver(svc, bytes + i, run);
		i += run;
	}
	domain_notify_owed(svc);
}

int console_input_focus(const struct console_service *svc)
{
	if (!domain_attached(svc, svc->focus)) {
		return CONSOLE_NO_DOMAIN;
	}
	return svc->dom[svc->focus].domid;
}

int console_input_request(struct console_service *svc, uint16_t domid)
{
	int slot = domain_find(svc, domid);
	char notice[96];

	if (domain_live(svc, slot)) {
		set_focus(svc, slot);
		return 0;
	}
	if (domain_attached(svc, svc->focus)) {
		snprintf(notice, sizeof(notice),
			 "[console: no console d%u; input stays with d%u (%s)]",
			 (unsigned int)domid, (unsigned int)svc->dom[svc->focus].domid,
			 svc->dom[svc->focus].name);
	} else {
		snprintf(notice, sizeof(notice), "[console: no console d%u]", (unsigned int)domid);
	}
	lines_notice(svc, notice);
	return -ENOENT;
}

void console_input_attached(struct console_service *svc, int slot)
{
	if (svc->focus == CONSOLE_NO_DOMAIN) {
		set_focus(svc, slot);
	}
}

void console_input_detached(struct console_service *svc, uint16_t domid, int slot)
{
	if (svc->focus == slot) {
		set_focus(svc, next_after(svc, domid));
	}
}

void console_input_release_due(struct console_service *svc, uint64_t now_ns)
{
	if (svc->escapes > 0 && now_ns - svc->escape_ns >= CONSOLE_ESCAPE_NS) {
		release_held(svc);
	}
}

uint64_t console_input_due(const struct console_service *svc)
{
	if (svc->escapes == 0 || svc->escape_ns > UINT64_MAX - CONSOLE_ESCAPE_NS) {
		return UINT64_MAX;
	}
	return svc->escape_ns + CONSOLE_ESCAPE_NS;
}
