// SPDX-License-Identifier: MIT
/* VIF connections: mapping the rings, binding the ports, the switch port, start and stop. */
#include "vif_conn.h"
#include "net_platform.h"
#include "vif_conn_internal.h"
#include <abi/errno.h>
#include <stdlib.h>
#include <string.h>

/* Locking: none (vif_conn_internal.h). */

/* The VIF's name in log lines: vif<domain>.<handle>, as xl names it. */
static void vif_conn_say(const struct vif_conn_params *p, const char *what, const char *tail)
{
	if (p->quiet) {
		return;
	}
	net_platform()->log("vif%u.%u: %s%s", (unsigned int)p->frontend_id, (unsigned int)p->handle,
			    what, tail);
}

void vif_conn_log(struct vif_conn *c, const char *what)
{
	if (c->logs < VIF_CONN_LOGS_MAX) {
		c->logs++;
		vif_conn_say(&c->p, what,
			     c->logs == VIF_CONN_LOGS_MAX ? " (no more of these)" : "");
	}
}

/* Free what start made of q; safe on a queue half made. */
static void vif_queue_teardown(struct vif_queue *q)
{
	const struct net_platform *plat = net_platform();

	if (q->rx_bound && q->rx_port != q->tx_port) {
		plat->evtchn_close(q->rx_port);
	}
	if (q->tx_bound) {
		plat->evtchn_close(q->tx_port);
	}
	q->tx_bound = false;
	q->rx_bound = false;
	if (q->tx_va != NULL) {
		plat->grant_unmap_pages(q->tx_va, &q->tx_handle, 1);
		q->tx_va = NULL;
	}
	if (q->rx_va != NULL) {
		plat->grant_unmap_pages(q->rx_va, &q->rx_handle, 1);
		q->rx_va = NULL;
	}
	vif_fifo_fini(&q->tx_out);
	vif_fifo_fini(&q->rx_in);
	/* Pages taken off the rx ring are the frontend's: with the ring gone, nothing answers. */
	q->posted_count = 0;
}

/*
 * Let go of everything: the switch port first (no more pulls or pushes),
 * then each queue's ports, rings and frames. By the time the back end says
 * Closed, every grant of the frontend can be revoked.
 */
static void vif_conn_let_go(struct vif_conn *c)
{
	if (c->port != NULL) {
		net_switch_port_stats(c->port, &c->last_stats);
		net_switch_port_remove(net_platform()->sw, c->port);
		c->port = NULL;
	}
	for (unsigned int i = 0; i < c->p.queue_count; i++) {
		vif_queue_teardown(&c->queues[i]);
	}
	c->rx_in_bytes = 0;
}

void vif_conn_enter(struct vif_conn *c)
{
	c->busy++;
}

void vif_conn_leave(struct vif_conn *c)
{
	/* The outermost engine call on c is ending: nothing of it is on the stack any more. */
	if (c->busy == 1 && vif_conn_dead(c)) {
		vif_conn_let_go(c);
		if (c->broken && !c->broken_told) {
			c->broken_told = true;
			/* It may call vif_conn_stop: nested, so c is freed below, not in there. */
			c->broken_fn(c->broken_arg);
		}
	}
	c->busy--;
	if (c->busy == 0 && c->stopped) {
		free(c);
	}
}

void vif_conn_break(struct vif_conn *c, const char *why)
{
	if (vif_conn_dead(c)) {
		return;
	}
	vif_conn_enter(c);
	c->broken = true;
	vif_conn_say(&c->p, why, "; connection ended");
	vif_conn_leave(c);
}

void vif_conn_stop(struct vif_conn *c)
{
	if (c->stopped) {
		return;
	}
	vif_conn_enter(c);
	c->stopped = true;
	vif_conn_leave(c);
}

void vif_conn_stats(const struct vif_conn *c, struct net_port_stats *out)
{
	if (c->port != NULL) {
		net_switch_port_stats(c->port, out);
	} else {
		*out = c->last_stats;
	}
	/* Frames the switch gave us that the frontend cannot take are ours to count. */
	out->bad_drops += c->rx_unfit;
}

/* The queue's tx port fired (or was raised); with one port for both rings, rx too. */
static void vif_queue_tx_event(void *arg)
{
	struct vif_queue *q = arg;
	struct vif_conn *c = q->conn;

	vif_conn_enter(c);
	if (!vif_conn_dead(c)) {
		vif_tx_turn(q);
	}
	if (!vif_conn_dead(c) && q->rx_port == q->tx_port) {
		vif_rx_turn(q);
	}
	vif_conn_leave(c);
}

/* The queue's rx port fired (split channels only). */
static void vif_queue_rx_event(void *arg)
{
	struct vif_queue *q = arg;
	struct vif_conn *c = q->conn;

	vif_conn_enter(c);
	if (!vif_conn_dead(c)) {
		vif_rx_turn(q);
	}
	vif_conn_leave(c);
}

/* Map one ring page of the frontend's. */
static int vif_ring_map(struct vif_conn *c, uint32_t ref, uint32_t slot_size, void **va,
			grant_handle_t *handle, struct ring_back *ring)
{
	grant_ref_t refs[1] = { ref };

	if (net_platform()->grant_map_pages(c->p.frontend_id, refs, 1, va, handle) != GNTST_okay) {
		*va = NULL;
		return -XEN_EINVAL;
	}
	return ring_back_init(ring, *va, slot_size);
}

/* Bind q's ports: one for both rings, or one each (split event channels). */
static int vif_queue_bind(struct vif_conn *c, struct vif_queue *q)
{
	const struct net_platform *plat = net_platform();
	uint32_t tx = c->p.tx_ports[q->index], rx = c->p.rx_ports[q->index];

	if (plat->evtchn_bind(c->p.frontend_id, tx, vif_queue_tx_event, q, &q->tx_port) != 0) {
		return -XEN_EINVAL;
	}
	q->tx_bound = true;
	if (rx == tx) {
		q->rx_port = q->tx_port;
	} else if (plat->evtchn_bind(c->p.frontend_id, rx, vif_queue_rx_event, q, &q->rx_port) !=
		   0) {
		return -XEN_EINVAL;
	}
	q->rx_bound = true;
	return 0;
}

/* Map q's rings, make its FIFOs, bind its ports. */
static int vif_queue_setup(struct vif_conn *c, struct vif_queue *q, const char **why)
{
	const struct vif_conn_params *p = &c->p;

	if (vif_ring_map(c, p->tx_ring_refs[q->index], NETIF_TX_SLOT_SIZE, &q->tx_va, &q->tx_handle,
			 &q->tx) != 0 ||
	    vif_ring_map(c, p->rx_ring_refs[q->index], NETIF_RX_SLOT_SIZE, &q->rx_va, &q->rx_handle,
			 &q->rx) != 0) {
		*why = "cannot map a ring (are its tx-ring-ref and rx-ring-ref keys right?)";
		return -XEN_EINVAL;
	}
	if (vif_fifo_init(&q->tx_out, VIF_TX_OUT_MAX) != 0 ||
	    vif_fifo_init(&q->rx_in, VIF_RX_IN_MAX) != 0) {
		*why = "out of memory";
		return -XEN_ENOMEM;
	}
	if (vif_queue_bind(c, q) != 0) {
		*why = "cannot bind an event channel (are its event-channel keys right?)";
		return -XEN_EINVAL;
	}
	return 0;
}

/* The switch's calls on the port. */
static struct net_frame *vif_conn_port_pull(void *arg)
{
	struct vif_conn *c = arg;

	return vif_conn_dead(c) ? NULL : vif_tx_pull(c);
}

static bool vif_conn_port_push(void *arg, struct net_frame *f)
{
	struct vif_conn *c = arg;

	return vif_conn_dead(c) ? false : vif_rx_push(c, f);
}

static const struct net_port_ops vif_conn_port_ops = {
	.pull = vif_conn_port_pull,
	.push = vif_conn_port_push,
};

static struct vif_conn *vif_conn_alloc(const struct vif_conn_params *p, vif_conn_broken_fn broken,
				       void *arg)
{
	struct vif_conn *c = calloc(1, sizeof(*c));

	if (c == NULL) {
		return NULL;
	}
	c->p = *p;
	/* The port keeps the rules by reference: ours, which live as long as it. */
	c->p.port.rules = &c->p.rules;
	c->broken_fn = broken;
	c->broken_arg = arg;
	for (unsigned int i = 0; i < VIF_QUEUES_MAX; i++) {
		c->queues[i].conn = c;
		c->queues[i].index = i;
	}
	return c;
}

/* Make c's queues and its switch port. */
static int vif_conn_setup(struct vif_conn *c, const char **why)
{
	int rc = 0;

	for (unsigned int i = 0; rc == 0 && i < c->p.queue_count; i++) {
		rc = vif_queue_setup(c, &c->queues[i], why);
	}
	if (rc == 0) {
		rc = net_switch_port_add(net_platform()->sw, &c->p.port, &vif_conn_port_ops, c,
					 &c->port);
		if (rc != 0) {
			c->port = NULL;
			*why = "cannot add a port to the switch";
		}
	}
	return rc;
}

int vif_conn_start(const struct vif_conn_params *p, vif_conn_broken_fn broken, void *arg,
		   struct vif_conn **out)
{
	const char *why = "out of memory";
	struct vif_conn *c = NULL;
	int rc = -XEN_ENOMEM;

	if (p->queue_count < 1 || p->queue_count > VIF_QUEUES_MAX) {
		rc = -XEN_EINVAL;
		why = "bad queue count";
	} else {
		c = vif_conn_alloc(p, broken, arg);
	}
	if (c != NULL) {
		rc = vif_conn_setup(c, &why);
	}
	if (rc != 0) {
		vif_conn_say(p, "cannot connect: ", why);
		if (c != NULL) {
			vif_conn_let_go(c);
			free(c);
		}
		return rc;
	}
	*out = c;
	/* Frames and pages may already wait: the frontend published them before we were bound. */
	for (unsigned int i = 0; i < p->queue_count; i++) {
		net_platform()->evtchn_raise(c->queues[i].tx_port);
		if (c->queues[i].rx_port != c->queues[i].tx_port) {
			net_platform()->evtchn_raise(c->queues[i].rx_port);
		}
	}
	return 0;
}
