// SPDX-License-Identifier: MIT
/* netif receive: frames from the switch queued by flow, copied into the pages a frontend posted. */
#include "net_csum.h"
#include "net_platform.h"
#include "vif_conn_internal.h"
#include <abi/errno.h>
#include <stdlib.h>
#include <string.h>

/* Locking: none (vif_conn_internal.h). */

#define VIF_ETH_IPV4 0x0800u
#define VIF_ETH_IPV6 0x86ddu
#define VIF_ETH_VLAN 0x8100u

/* The frame's ethertype past one VLAN tag, and where its network header starts. */
static uint16_t vif_rx_ethertype(const struct net_frame *f, uint32_t *l3)
{
	uint16_t type = (uint16_t)(f->data[12] << 8 | f->data[13]);

	*l3 = 14;
	if (type == VIF_ETH_VLAN && f->len >= 18u) {
		type = (uint16_t)(f->data[16] << 8 | f->data[17]);
		*l3 = 18;
	}
	return type;
}

/* Mix n bytes of the frame from at (those present) into h (FNV-1a). */
static uint32_t vif_rx_mix(uint32_t h, const struct net_frame *f, uint32_t at, uint32_t n)
{
	for (uint32_t i = at; i < at + n && i < f->len; i++) {
		h = (h ^ f->data[i]) * 16777619u;
	}
	return h;
}

/*
 * A hash of the frame's flow: its addresses, IP protocol and ports, so that
 * one TCP connection's frames all go to one queue, in order.
 */
static uint32_t vif_rx_flow_hash(const struct net_frame *f)
{
	uint32_t l3;
	uint16_t type = vif_rx_ethertype(f, &l3);
	uint32_t h = vif_rx_mix(2166136261u, f, 0, 12);

	if (type == VIF_ETH_IPV4 && f->len >= l3 + 20u) {
		uint32_t l4 = l3 + (f->data[l3] & 0xfu) * 4u;

		h = vif_rx_mix(h, f, l3 + 9u, 1);  /* protocol */
		h = vif_rx_mix(h, f, l3 + 12u, 8); /* addresses */
		h = vif_rx_mix(h, f, l4, 4);       /* ports, if there */
	} else if (type == VIF_ETH_IPV6 && f->len >= l3 + 40u) {
		h = vif_rx_mix(h, f, l3 + 6u, 1);  /* next header */
		h = vif_rx_mix(h, f, l3 + 8u, 32); /* addresses */
		h = vif_rx_mix(h, f, l3 + 40u, 4); /* ports, if there */
	}
	return h;
}

/* Data slots a frame takes: one a page. */
static uint32_t vif_rx_data_slots(const struct net_frame *f)
{
	return (f->len + NETIF_PAGE_SIZE - 1u) / NETIF_PAGE_SIZE;
}

/*
 * Whether the frontend can take f as it is: its size and GSO type. A GSO
 * frame's checksum is blank and stays so (each segment gets its own), so a
 * frontend takes GSO only with scatter-gather and the blank checksums of its
 * IP version, as Linux ties TSO to both.
 */
static bool vif_rx_fits(const struct vif_conn *c, const struct net_frame *f)
{
	if (vif_rx_data_slots(f) > 1u && !c->p.sg) {
		return false;
	}
	if (f->gso_type == NET_GSO_TCPV4) {
		return c->p.gso_tcpv4 && c->p.sg && c->p.csum;
	}
	if (f->gso_type == NET_GSO_TCPV6) {
		return c->p.gso_tcpv6 && c->p.sg && c->p.ipv6_csum;
	}
	return f->gso_type == NET_GSO_NONE;
}

/* Whether the frontend takes f's blank checksum as it is (feature-no-csum-offload, -ipv6-). */
static bool vif_rx_takes_blank(const struct vif_conn *c, const struct net_frame *f)
{
	uint32_t l3;
	uint16_t type = vif_rx_ethertype(f, &l3);

	if (type == VIF_ETH_IPV4) {
		return c->p.csum;
	}
	return type == VIF_ETH_IPV6 && c->p.ipv6_csum;
}

/* f, or a copy of it (refs > 1: others read it), that is ours to write; NULL if none. */
static struct net_frame *vif_rx_own(struct net_frame *f)
{
	struct net_frame *copy;

	if (f->refs == 1u) {
		return f;
	}
	copy = net_frame_alloc(f->len);
	if (copy != NULL) {
		memcpy(copy->data, f->data, f->len);
		copy->flags = f->flags;
		copy->gso_type = f->gso_type;
		copy->gso_size = f->gso_size;
	}
	net_frame_put(f);
	return copy;
}

/*
 * Fill in f's checksum if it is blank and the frontend cannot take it so.
 * Returns the frame to queue (f or its copy), or NULL (dropped: no memory,
 * or not a frame whose checksum can be filled).
 */
static struct net_frame *vif_rx_csum(const struct vif_conn *c, struct net_frame *f)
{
	if (!(f->flags & NET_FRAME_CSUM_BLANK) || vif_rx_takes_blank(c, f)) {
		return f;
	}
	f = vif_rx_own(f);
	if (f == NULL) {
		return NULL;
	}
	if (net_csum_fill(f) != 0) {
		net_frame_put(f);
		return NULL;
	}
	f->flags = (uint16_t)((f->flags & ~NET_FRAME_CSUM_BLANK) | NET_FRAME_DATA_VALIDATED);
	return f;
}

/* Queue f (which fits, and for which there is room) on q, its checksum as the frontend takes
 * it; false if it was dropped. */
static bool vif_rx_queue(struct vif_conn *c, struct vif_queue *q, struct net_frame *f)
{
	f = vif_rx_csum(c, f);
	if (f == NULL) {
		c->rx_unfit++;
		return false;
	}
	(void)vif_fifo_put(&q->rx_in, f);
	c->rx_in_bytes += f->len;
	return true;
}

/*
 * A GSO frame for a frontend that does not take its GSO type: cut here into
 * frames the frontend takes, as the uplink does for a device without
 * offloads, and queue them all or none. Returns vif_rx_push's answer.
 */
static bool vif_rx_push_segments(struct vif_conn *c, struct vif_queue *q, struct net_frame *f)
{
	struct net_frame *segs[VIF_RX_GSO_SEGS_MAX];
	unsigned int count = 0, queued = 0;
	uint64_t bytes = 0;

	if (net_gso_segment(f, segs, VIF_RX_GSO_SEGS_MAX, &count) != 0) {
		c->rx_unfit++; /* not a frame that can be cut, or too many pieces */
		net_frame_put(f);
		return true;
	}
	for (unsigned int i = 0; i < count; i++) {
		bytes += segs[i]->len;
	}
	if (q->rx_in.count + count > q->rx_in.size ||
	    c->rx_in_bytes + bytes > VIF_RX_IN_BYTES_MAX) {
		for (unsigned int i = 0; i < count; i++) {
			net_frame_put(segs[i]);
		}
		return false; /* no room for all: the switch drops f and counts it */
	}
	net_frame_put(f);
	for (unsigned int i = 0; i < count; i++) {
		if (vif_rx_fits(c, segs[i])) {
			queued += vif_rx_queue(c, q, segs[i]);
		} else {
			c->rx_unfit++; /* a segment over a page to a frontend without sg */
			net_frame_put(segs[i]);
		}
	}
	if (queued) {
		net_platform()->evtchn_raise(q->rx_port);
	}
	return true;
}

bool vif_rx_push(struct vif_conn *c, struct net_frame *f)
{
	struct vif_queue *q = &c->queues[vif_rx_flow_hash(f) % c->p.queue_count];

	if (!vif_rx_fits(c, f) && f->gso_type != NET_GSO_NONE) {
		return vif_rx_push_segments(c, q, f);
	}
	if (!vif_rx_fits(c, f)) {
		/* Taken and dropped here: the switch's full_drops are for want of room. */
		c->rx_unfit++;
		net_frame_put(f);
		return true;
	}
	if (q->rx_in.count >= q->rx_in.size || c->rx_in_bytes + f->len > VIF_RX_IN_BYTES_MAX) {
		/* No room: the switch drops it (and its reference) and counts it. */
		return false;
	}
	if (vif_rx_queue(c, q, f)) {
		/* Copied out from the queue's turn: frames pushed meanwhile share one notify. */
		net_platform()->evtchn_raise(q->rx_port);
	}
	return true;
}

/*
 * Have at least need posted pages in rx_posted, each request copied once
 * off the ring and its id checked. Returns 1 (there are), 0 (not yet: the
 * frontend is asked to notify when it posts more), -1 (the connection
 * ended).
 */
static int vif_rx_posted(struct vif_queue *q, uint32_t need)
{
	while (q->posted_count < need) {
		struct netif_rx_request req;
		int rc = ring_back_get_request(&q->rx, &req, sizeof(req));

		if (rc == -XEN_EAGAIN && ring_back_final_check(&q->rx)) {
			rc = ring_back_get_request(&q->rx, &req, sizeof(req));
		}
		if (rc == -XEN_EAGAIN) {
			return 0;
		}
		if (rc != 0) {
			vif_conn_break(q->conn,
				       "its rx request index ran past the ring or moved back");
			return -1;
		}
		if (req.id >= NETIF_RX_RING_COUNT) {
			vif_conn_break(q->conn,
				       "a receive request's id is not below the ring's count");
			return -1;
		}
		q->rx_posted[(q->posted_head + q->posted_count) % NETIF_RX_RING_COUNT] = req;
		q->posted_count++;
	}
	return 1;
}

/* The oldest posted page, taken. */
static struct netif_rx_request vif_rx_take_posted(struct vif_queue *q)
{
	struct netif_rx_request req = q->rx_posted[q->posted_head];

	q->posted_head = (q->posted_head + 1u) % NETIF_RX_RING_COUNT;
	q->posted_count--;
	return req;
}

/* The flags of f's first response, before more_data and extra_info. */
static uint16_t vif_rx_first_flags(const struct net_frame *f)
{
	if (f->flags & NET_FRAME_CSUM_BLANK) {
		return NETRXF_csum_blank | NETRXF_data_validated;
	}
	return (f->flags & NET_FRAME_DATA_VALIDATED) ? NETRXF_data_validated : 0;
}

/* Answer the slot after f's first with its GSO extra (that slot's page was taken unfilled). */
static void vif_rx_put_extra(struct vif_queue *q, const struct net_frame *f)
{
	struct netif_extra_info x;

	memset(&x, 0, sizeof(x));
	x.type = XEN_NETIF_EXTRA_TYPE_GSO;
	x.u.gso.size = f->gso_size;
	x.u.gso.type =
		f->gso_type == NET_GSO_TCPV4 ? XEN_NETIF_GSO_TYPE_TCPV4 : XEN_NETIF_GSO_TYPE_TCPV6;
	(void)ring_back_put_response(&q->rx, &x, sizeof(x));
}

/* A frame's responses, and which response each copy op fills. */
struct vif_rx_plan {
	struct netif_rx_response rsp[VIF_RX_SLOTS_MAX];
	unsigned int op_slot[VIF_COPY_OPS_MAX];
	unsigned int op_count;
	uint32_t slots; /* data slots: responses in rsp[] */
};

/*
 * Take f's pages off rx_posted in ring order (the first, the extra's if f
 * has one, the others) and make the copy ops and responses of its data.
 */
static void vif_rx_plan(struct vif_queue *q, const struct net_frame *f, struct vif_rx_plan *plan)
{
	bool extra = f->gso_type != NET_GSO_NONE;

	plan->slots = vif_rx_data_slots(f);
	plan->op_count = 0;
	plan->rsp[0] = (struct netif_rx_response){ 0 }; /* a frame has one slot at least */
	for (uint32_t i = 0; i < plan->slots; i++) {
		struct netif_rx_request req = vif_rx_take_posted(q);
		uint32_t at = i * NETIF_PAGE_SIZE;
		uint32_t n = f->len - at < NETIF_PAGE_SIZE ? f->len - at : NETIF_PAGE_SIZE;
		unsigned int made = vif_copy_span(&q->ops[plan->op_count], q->conn->p.frontend_id,
						  req.gref, 0, (uint8_t *)f->data + at, n, true);

		for (unsigned int k = 0; k < made; k++) {
			plan->op_slot[plan->op_count + k] = i;
		}
		plan->op_count += made;
		plan->rsp[i] = (struct netif_rx_response){
			.id = req.id,
			.offset = 0,
			.flags = (uint16_t)(i + 1u < plan->slots ? NETRXF_more_data : 0u),
			.status = (int16_t)n,
		};
		if (i == 0 && extra) {
			/* The extra's slot comes next: its page is taken now, not filled. */
			plan->rsp[0].flags |= NETRXF_extra_info;
			(void)vif_rx_take_posted(q);
		}
	}
	plan->rsp[0].flags |= vif_rx_first_flags(f);
}

/* Run the plan's copies; a response whose copy failed says NETIF_RSP_ERROR. Returns 1 when all
 * were done, 0 when a grant could not be copied to, -1 when the copy call itself failed. */
static int vif_rx_copy(struct vif_queue *q, struct vif_rx_plan *plan)
{
	bool call_failed;
	int rc = 1;

	if (plan->op_count == 0) {
		return 1;
	}
	call_failed = net_platform()->grant_copy(q->ops, plan->op_count) != 0;
	for (unsigned int k = 0; k < plan->op_count; k++) {
		if (call_failed || q->ops[k].status != GNTST_okay) {
			plan->rsp[plan->op_slot[k]].status = NETIF_RSP_ERROR;
			rc = call_failed ? -1 : 0;
		}
	}
	return rc;
}

/*
 * Copy f into the next posted pages (one grant copy batch) and answer them
 * in order, its GSO extra after the first. A posted page whose grant cannot
 * be copied to (never given, or taken back) ends the VIF: the frontend broke
 * the protocol (Linux only answers ERROR). A failed copy call is ours: the
 * pages are answered NETIF_RSP_ERROR and the frame is lost.
 */
static void vif_rx_send(struct vif_queue *q, const struct net_frame *f)
{
	struct vif_rx_plan plan;
	int rc;

	vif_rx_plan(q, f, &plan);
	rc = vif_rx_copy(q, &plan);
	if (rc == 0) {
		vif_conn_break(q->conn,
			       "a posted receive page names a grant that cannot be copied to");
		return;
	}
	if (rc < 0) {
		vif_conn_log(q->conn, "a receive copy failed (the frame is lost)");
	}
	for (uint32_t i = 0; i < plan.slots; i++) {
		(void)ring_back_put_response(&q->rx, &plan.rsp[i], sizeof(plan.rsp[i]));
		if (i == 0 && f->gso_type != NET_GSO_NONE) {
			vif_rx_put_extra(q, f);
		}
	}
}

void vif_rx_turn(struct vif_queue *q)
{
	struct vif_conn *c = q->conn;
	unsigned int sent = 0;
	struct net_frame *f;

	/* Take in every page posted so far, frames to give or not: a frontend that breaks the
	 * ring's indexes is seen at its first event, not at the next frame for it. */
	if (vif_rx_posted(q, NETIF_RX_RING_COUNT) < 0) {
		return;
	}
	while (!vif_conn_dead(c) && sent < VIF_RX_TURN_FRAMES &&
	       (f = vif_fifo_peek(&q->rx_in)) != NULL) {
		uint32_t need = vif_rx_data_slots(f) + (f->gso_type != NET_GSO_NONE ? 1u : 0u);

		if (vif_rx_posted(q, need) != 1) {
			break;
		}
		(void)vif_fifo_take(&q->rx_in);
		c->rx_in_bytes -= f->len;
		vif_rx_send(q, f);
		net_frame_put(f);
		sent++;
	}
	if (vif_conn_dead(c)) {
		return;
	}
	if (ring_back_push_responses(&q->rx)) {
		net_platform()->evtchn_notify(q->rx_port);
	}
	if (sent == VIF_RX_TURN_FRAMES && q->rx_in.count > 0) {
		net_platform()->evtchn_raise(q->rx_port);
	}
}
