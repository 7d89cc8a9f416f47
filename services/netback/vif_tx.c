// SPDX-License-Identifier: MIT
/* netif transmit: frames taken off a queue's tx ring, copied in, answered, pulled by the switch. */
#include "net_platform.h"
#include "vif_conn_internal.h"
#include <abi/errno.h>
#include <string.h>

/* Locking: none (vif_conn_internal.h). */

/* Answer one slot. Cannot fail: every slot taken has its response slot. */
static void vif_tx_respond(struct vif_queue *q, uint16_t id, int16_t status)
{
	struct netif_tx_response rsp = { .id = id, .status = status };

	(void)ring_back_put_response(&q->tx, &rsp, sizeof(rsp));
}

/* Answer every slot of pkt in ring order: the first data slot, its extras, the other data. */
static void vif_tx_answer(struct vif_queue *q, const struct netif_tx_packet *pkt, int16_t status)
{
	vif_tx_respond(q, pkt->data[0].id, status);
	for (unsigned int i = 0; i < pkt->extra_count; i++) {
		vif_tx_respond(q, 0, NETIF_RSP_NULL);
	}
	for (unsigned int i = 1; i < pkt->data_count; i++) {
		vif_tx_respond(q, pkt->data[i].id, status);
	}
}

/* Our copy of the next tx slot: 0, -XEN_EAGAIN (none published), -XEN_EIO (a broken index). */
static int vif_tx_slot(struct vif_queue *q, uint8_t *slot, bool first)
{
	int rc = ring_back_get_request(&q->tx, slot, NETIF_TX_SLOT_SIZE);

	/* Only between frames may the ring be empty: netfront publishes a frame's slots at once. */
	if (rc == -XEN_EAGAIN && first && ring_back_final_check(&q->tx)) {
		rc = ring_back_get_request(&q->tx, slot, NETIF_TX_SLOT_SIZE);
	}
	return rc;
}

/*
 * Gather the next frame into pkt, each slot copied once, then checked.
 * Returns 1 (pkt complete and checked), 0 (the ring is drained and the
 * frontend asked to notify), or -1 (the connection ended).
 */
static int vif_tx_gather(struct vif_queue *q, struct netif_tx_packet *pkt)
{
	uint8_t slot[NETIF_TX_SLOT_SIZE];
	const char *why = "?";
	int rc = vif_tx_slot(q, slot, true);

	if (rc == -XEN_EAGAIN) {
		return 0;
	}
	netif_tx_begin(pkt);
	while (rc == 0) {
		rc = netif_tx_add(pkt, slot, q->tx.count, &why);
		if (rc == 0) {
			return 1;
		}
		if (rc < 0) {
			vif_conn_break(q->conn, why);
			return -1;
		}
		rc = vif_tx_slot(q, slot, false);
	}
	vif_conn_break(q->conn, rc == -XEN_EAGAIN
					? "a frame's slots run past the requests it published"
					: "its tx request index ran past the ring or moved back");
	return -1;
}

/* Whether the frame's Ethernet and IP headers say what its GSO type says (TCP over IPvN). */
static bool vif_tx_gso_matches(const struct net_frame *f)
{
	uint32_t at = 12;
	uint16_t type;

	if (f->gso_type == NET_GSO_NONE) {
		return true;
	}
	type = (uint16_t)(f->data[at] << 8 | f->data[at + 1u]);
	if (type == 0x8100u && f->len >= 18u) {
		at += 4u; /* one VLAN tag */
		type = (uint16_t)(f->data[at] << 8 | f->data[at + 1u]);
	}
	at += 2u;
	if (f->gso_type == NET_GSO_TCPV4) {
		return type == 0x0800u && f->len >= at + 20u && f->data[at + 9u] == 6u;
	}
	return type == 0x86ddu && f->len >= at + 40u && f->data[at + 6u] == 6u;
}

/* The frame's metadata from the first slot's flags and the GSO extra. */
static void vif_tx_meta(struct net_frame *f, const struct netif_tx_packet *pkt)
{
	f->flags = 0;
	if (pkt->flags & NETTXF_csum_blank) {
		f->flags |= NET_FRAME_CSUM_BLANK;
	}
	if (pkt->flags & NETTXF_data_validated) {
		f->flags |= NET_FRAME_DATA_VALIDATED;
	}
	f->gso_type = pkt->gso_type == XEN_NETIF_GSO_TYPE_TCPV4   ? NET_GSO_TCPV4
		      : pkt->gso_type == XEN_NETIF_GSO_TYPE_TCPV6 ? NET_GSO_TCPV6
								  : NET_GSO_NONE;
	f->gso_size = f->gso_type == NET_GSO_NONE ? 0 : pkt->gso_size;
}

/* Copy pkt's data into f by one grant copy batch: NETIF_RSP_OKAY or NETIF_RSP_ERROR. */
static int16_t vif_tx_copy(struct vif_queue *q, const struct netif_tx_packet *pkt,
			   struct net_frame *f)
{
	const struct net_platform *plat = net_platform();
	unsigned int count = 0;
	uint32_t pos = 0;

	for (unsigned int i = 0; i < pkt->data_count; i++) {
		const struct netif_tx_request *r = &pkt->data[i];

		count += vif_copy_span(&q->ops[count], q->conn->p.frontend_id, r->gref, r->offset,
				       f->data + pos, r->size, false);
		pos += r->size;
	}
	if (count == 0) {
		return NETIF_RSP_OKAY;
	}
	if (plat->grant_copy(q->ops, count) != 0) {
		vif_conn_log(q->conn, "a transmit copy failed");
		return NETIF_RSP_ERROR;
	}
	for (unsigned int i = 0; i < count; i++) {
		if (q->ops[i].status != GNTST_okay) {
			/* A grant never given or taken back while named: the frontend broke the
			 * protocol, and its VIF ends (Linux only answers ERROR). */
			vif_conn_break(q->conn, "a transmit request names a grant that cannot be "
						"copied from");
			return NETIF_RSP_ERROR;
		}
	}
	return NETIF_RSP_OKAY;
}

/* Make pkt's frame, answer its slots and queue the frame for the switch. */
static void vif_tx_make(struct vif_queue *q, const struct netif_tx_packet *pkt)
{
	struct net_frame *f = net_frame_alloc(pkt->total);
	int16_t status;

	if (f == NULL) {
		vif_conn_log(q->conn, "out of memory for a transmitted frame (dropped)");
		vif_tx_answer(q, pkt, NETIF_RSP_ERROR);
		return;
	}
	status = vif_tx_copy(q, pkt, f);
	if (vif_conn_dead(q->conn)) {
		net_frame_put(f);
		return;
	}
	vif_tx_answer(q, pkt, status);
	vif_tx_meta(f, pkt);
	if (status != NETIF_RSP_OKAY) {
		net_frame_put(f);
		return;
	}
	if (!vif_tx_gso_matches(f)) {
		vif_conn_log(q->conn,
			     "a GSO frame whose headers are not of its GSO type (dropped)");
		net_frame_put(f);
		return;
	}
	/* Cannot fail: the turn takes a frame only while tx_out has room. */
	(void)vif_fifo_put(&q->tx_out, f);
}

void vif_tx_turn(struct vif_queue *q)
{
	struct vif_conn *c = q->conn;
	struct netif_tx_packet pkt;
	unsigned int taken = 0;

	q->tx_waiting = false;
	while (!vif_conn_dead(c) && taken < VIF_TX_TURN_FRAMES) {
		if (q->tx_out.count >= q->tx_out.size) {
			/* The switch has not pulled yet: the next pull raises us again. */
			q->tx_waiting = true;
			break;
		}
		if (vif_tx_gather(q, &pkt) != 1) {
			break;
		}
		vif_tx_make(q, &pkt);
		taken++;
	}
	if (vif_conn_dead(c)) {
		return;
	}
	if (ring_back_push_responses(&q->tx)) {
		net_platform()->evtchn_notify(q->tx_port);
	}
	if (q->tx_out.count > 0) {
		net_switch_ready(net_platform()->sw, c->port);
	}
	if (taken == VIF_TX_TURN_FRAMES && !q->tx_waiting) {
		/* More may wait: let the other queues and VIFs have their turn first. */
		net_platform()->evtchn_raise(q->tx_port);
	}
}

struct net_frame *vif_tx_pull(struct vif_conn *c)
{
	for (unsigned int i = 0; i < c->p.queue_count; i++) {
		unsigned int index = (c->pull_next + i) % c->p.queue_count;
		struct vif_queue *q = &c->queues[index];
		struct net_frame *f = vif_fifo_take(&q->tx_out);

		if (f == NULL) {
			continue;
		}
		/* The next pull starts at the next queue: each queue gets its turn. */
		c->pull_next = (index + 1u) % c->p.queue_count;
		if (q->tx_waiting) {
			q->tx_waiting = false;
			net_platform()->evtchn_raise(q->tx_port);
		}
		return f;
	}
	return NULL;
}
