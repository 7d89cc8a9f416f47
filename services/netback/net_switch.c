/* SPDX-License-Identifier: MIT */
/* The virtual switch: ports, the ready queue and its fair turns, learning, forwarding, flooding. */
#include "abi/errno.h"
#include "net_switch_internal.h"
#include <stdlib.h>
#include <string.h>

/*
 * Ports that have frames wait on a FIFO ready queue; net_switch_run gives
 * each port queued when it starts (or readied while it runs) one turn of at
 * most NET_SWITCH_TURN_FRAMES frames, and a port that used its whole turn
 * goes to the back of the queue for the next run. A port over its rate
 * keeps the frame it pulled (held) and leaves the queue until its credit
 * comes back. A port removed while net_switch_run runs (by one of the ops
 * it calls) is only marked: it is freed when the run ends, so no loop here
 * ever follows a freed port.
 */

/** See net_switch.h. */
struct net_switch *net_switch_create(const struct net_switch_host *host)
{
	struct net_switch *sw = calloc(1, sizeof(*sw));

	if (sw == NULL) {
		return NULL;
	}
	sw->host = host;
	net_mac_table_init(&sw->macs);
	return sw;
}

/** See net_switch.h. Also -XEN_EINVAL for ip_count over NET_PORT_IPS_MAX. */
int net_switch_port_add(struct net_switch *sw, const struct net_port_config *config,
			const struct net_port_ops *ops, void *arg, struct net_port **out)
{
	struct net_port *p;
	unsigned int slot;

	if (config->ip_count > NET_PORT_IPS_MAX) {
		return -XEN_EINVAL;
	}
	for (slot = 0; slot < NET_SWITCH_PORTS_MAX && sw->port[slot] != NULL; slot++) {
	}
	if (slot == NET_SWITCH_PORTS_MAX) {
		return -XEN_ENOSPC;
	}
	p = calloc(1, sizeof(*p));
	if (p == NULL) {
		return -XEN_ENOMEM;
	}
	p->config = *config;
	p->config.name[sizeof(p->config.name) - 1] = '\0';
	p->ops = ops;
	p->arg = arg;
	p->slot = slot;
	net_rate_init(&p->rate, config->rate_bytes, config->rate_interval_us);
	sw->port[slot] = p;
	*out = p;
	return 0;
}

static void queue_push(struct net_switch *sw, struct net_port *p)
{
	p->next_ready = NULL;
	p->queued = true;
	if (sw->ready_tail != NULL) {
		sw->ready_tail->next_ready = p;
	} else {
		sw->ready_head = p;
	}
	sw->ready_tail = p;
}

static struct net_port *queue_pop(struct net_switch *sw)
{
	struct net_port *p = sw->ready_head;

	if (p != NULL) {
		sw->ready_head = p->next_ready;
		if (sw->ready_head == NULL) {
			sw->ready_tail = NULL;
		}
		p->queued = false;
		p->next_ready = NULL;
	}
	return p;
}

static void queue_unlink(struct net_switch *sw, struct net_port *p)
{
	struct net_port **link = &sw->ready_head, *prev = NULL;

	while (*link != NULL && *link != p) {
		prev = *link;
		link = &(*link)->next_ready;
	}
	if (*link == p) {
		*link = p->next_ready;
		if (sw->ready_tail == p) {
			sw->ready_tail = prev;
		}
	}
	p->queued = false;
	p->next_ready = NULL;
}

/** See net_switch.h. */
void net_switch_port_remove(struct net_switch *sw, struct net_port *p)
{
	if (p == NULL || p->removed) {
		return;
	}
	p->removed = true;
	if (p->queued) {
		queue_unlink(sw, p);
	}
	net_mac_table_forget_port(&sw->macs, p);
	net_frame_put(p->held);
	p->held = NULL;
	p->waiting = false;
	if (!sw->running) {
		sw->port[p->slot] = NULL;
		free(p);
	}
}

/** See net_switch.h. */
void net_switch_ready(struct net_switch *sw, struct net_port *p)
{
	if (p->removed || p->queued || p->waiting) {
		return; /* a waiting port is queued again when its credit comes back */
	}
	queue_push(sw, p);
	if (!sw->running && sw->host->kick != NULL) {
		sw->host->kick(sw->host->arg); /* a running switch kicks itself when it ends */
	}
}

/* Give f to d, if d's rules take it and d has room. The caller keeps its own reference. */
static void deliver(struct net_switch *sw, struct net_port *d, struct net_frame *f, uint64_t now_us)
{
	if (!net_port_egress_ok(sw, d, f, now_us)) {
		return;
	}
	if (!d->ops->push(d->arg, net_frame_get(f))) {
		net_frame_put(f); /* the port kept no reference */
		net_port_drop(sw, d, NET_DROP_FULL, now_us);
		return;
	}
	d->stats.tx_frames++;
	d->stats.tx_bytes += f->len;
}

/* Send f (the switch's reference, dropped here) from src to where its destination is. */
static void forward(struct net_switch *sw, struct net_port *src, struct net_frame *f,
		    uint64_t now_us)
{
	struct net_port *d = NULL;
	unsigned int i;

	if ((f->data[0] & 1u) == 0) {
		d = net_mac_table_lookup(&sw->macs, f->data, now_us);
	}
	if (d != NULL) {
		if (d != src && !d->removed) {
			deliver(sw, d, f, now_us);
		}
	} else {
		for (i = 0; i < NET_SWITCH_PORTS_MAX; i++) {
			d = sw->port[i];
			if (d != NULL && d != src && !d->removed) {
				deliver(sw, d, f, now_us);
			}
		}
	}
	net_frame_put(f);
}

/* How a port's frame went: on with its turn, out of frames, or waiting for its rate. */
enum turn {
	TURN_MORE,
	TURN_EMPTY,
	TURN_WAIT,
};

/* One frame from p through the switch: the one it held for its rate, or a new one. */
static enum turn serve_one(struct net_switch *sw, struct net_port *p, uint64_t now_us)
{
	struct net_frame *f = p->held;

	p->held = NULL;
	if (f == NULL) {
		f = p->ops->pull(p->arg);
		if (f == NULL || p->removed) {
			net_frame_put(f);
			return TURN_EMPTY;
		}
		if (!net_port_ingress_ok(sw, p, f, now_us)) {
			net_frame_put(f);
			return TURN_MORE; /* a refused frame still counts towards the turn */
		}
	}
	if (!net_rate_take(&p->rate, f->len, now_us)) {
		p->held = f;
		p->waiting = true;
		p->wake_us = net_rate_when(&p->rate);
		return TURN_WAIT;
	}
	p->stats.rx_frames++;
	p->stats.rx_bytes += f->len;
	net_mac_table_learn(&sw->macs, f->data + 6, p, now_us);
	forward(sw, p, f, now_us);
	return p->removed ? TURN_EMPTY : TURN_MORE;
}

/* p's turn: true if it sent a whole turn's frames and may have more. */
static bool serve_port(struct net_switch *sw, struct net_port *p, uint64_t now_us)
{
	unsigned int i;

	for (i = 0; i < NET_SWITCH_TURN_FRAMES; i++) {
		if (serve_one(sw, p, now_us) != TURN_MORE) {
			return false;
		}
	}
	return true;
}

/* Ports whose credit is back go on the queue again. */
static void wake_waiting(struct net_switch *sw, uint64_t now_us)
{
	unsigned int i;

	for (i = 0; i < NET_SWITCH_PORTS_MAX; i++) {
		struct net_port *p = sw->port[i];

		if (p != NULL && p->waiting && now_us >= p->wake_us) {
			p->waiting = false;
			queue_push(sw, p);
		}
	}
}

/* The earliest time a waiting port gets its credit back, 0 if none waits. */
static uint64_t next_wake(const struct net_switch *sw)
{
	uint64_t when = 0;
	unsigned int i;

	for (i = 0; i < NET_SWITCH_PORTS_MAX; i++) {
		const struct net_port *p = sw->port[i];

		if (p != NULL && p->waiting && (when == 0 || p->wake_us < when)) {
			when = p->wake_us;
		}
	}
	return when;
}

/* Free the ports removed while the switch ran. */
static void sweep_removed(struct net_switch *sw)
{
	unsigned int i;

	for (i = 0; i < NET_SWITCH_PORTS_MAX; i++) {
		if (sw->port[i] != NULL && sw->port[i]->removed) {
			free(sw->port[i]);
			sw->port[i] = NULL;
		}
	}
}

/** See net_switch.h. */
uint64_t net_switch_run(struct net_switch *sw, uint64_t now_us)
{
	struct net_port *p;

	sw->running = true;
	sw->round++;
	wake_waiting(sw, now_us);
	/* Ports served this round went back to the tail: meeting one ends the round. */
	while ((p = sw->ready_head) != NULL && p->served_round != sw->round) {
		queue_pop(sw);
		p->served_round = sw->round;
		if (serve_port(sw, p, now_us) && !p->removed && !p->queued && !p->waiting) {
			queue_push(sw, p);
		}
	}
	sweep_removed(sw);
	sw->running = false;
	if (sw->ready_head != NULL && sw->host->kick != NULL) {
		sw->host->kick(sw->host->arg);
	}
	return next_wake(sw);
}

/** See net_switch.h. */
void net_switch_port_stats(const struct net_port *p, struct net_port_stats *out)
{
	*out = p->stats;
}

/** See net_switch.h. Ports left are freed too, their ops not called. */
void net_switch_destroy(struct net_switch *sw)
{
	unsigned int i;

	if (sw == NULL) {
		return;
	}
	for (i = 0; i < NET_SWITCH_PORTS_MAX; i++) {
		if (sw->port[i] != NULL) {
			net_frame_put(sw->port[i]->held);
			free(sw->port[i]);
		}
	}
	free(sw);
}
