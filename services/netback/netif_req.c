// SPDX-License-Identifier: MIT
/* netif transmit requests: one frame's slots, gathered from our copies and checked. */
#include "netif_req.h"
#include <abi/errno.h>
#include <string.h>

void netif_tx_begin(struct netif_tx_packet *p)
{
	memset(p, 0, sizeof(*p));
}

/* An extra slot: only GSO is offered, once a frame, with a type and size that mean something. */
static int netif_tx_add_extra(struct netif_tx_packet *p, const struct netif_extra_info *x,
			      const char **why)
{
	if (x->type != XEN_NETIF_EXTRA_TYPE_GSO) {
		*why = "an extra-info slot of a type not offered";
		return -XEN_EINVAL;
	}
	if (p->extra_count >= NETIF_TX_EXTRAS_MAX) {
		*why = "a frame with two GSO extra-info slots";
		return -XEN_EINVAL;
	}
	if (x->u.gso.type != XEN_NETIF_GSO_TYPE_TCPV4 &&
	    x->u.gso.type != XEN_NETIF_GSO_TYPE_TCPV6) {
		*why = "a GSO extra-info slot of an unknown GSO type";
		return -XEN_EINVAL;
	}
	if (x->u.gso.size == 0) {
		*why = "a GSO extra-info slot of segment size 0";
		return -XEN_EINVAL;
	}
	p->extra_count++;
	p->gso_type = x->u.gso.type;
	p->gso_size = x->u.gso.size;
	p->want_extra = (x->flags & XEN_NETIF_EXTRA_FLAG_MORE) != 0;
	return 0;
}

/* A data slot: its id, its place in the page, the frame's slot budget. */
static int netif_tx_add_data(struct netif_tx_packet *p, const struct netif_tx_request *r,
			     uint32_t ring_count, const char **why)
{
	bool first = p->data_count == 0;

	if (r->id >= ring_count) {
		*why = "a transmit request's id is not below the ring's slot count";
		return -XEN_EINVAL;
	}
	if (p->data_count >= NETIF_TX_SLOTS_MAX) {
		*why = "a frame of more data slots than allowed (18)";
		return -XEN_EINVAL;
	}
	if (r->offset >= NETIF_PAGE_SIZE) {
		*why = "a transmit request's offset is past its page";
		return -XEN_EINVAL;
	}
	/* The first slot's own part is known only at the end (its size is the frame's). */
	if (!first && (uint32_t)r->offset + r->size > NETIF_PAGE_SIZE) {
		*why = "a transmit request's data passes the end of its page";
		return -XEN_EINVAL;
	}
	if (first && r->size < NETIF_TX_FRAME_MIN) {
		*why = "a frame shorter than an Ethernet header";
		return -XEN_EINVAL;
	}
	p->data[p->data_count++] = *r;
	if (first) {
		p->total = r->size;
		p->flags = r->flags;
		p->want_extra = (r->flags & NETTXF_extra_info) != 0;
	} else {
		p->rest += r->size;
	}
	p->want_data = (r->flags & NETTXF_more_data) != 0;
	return 0;
}

/* The frame is complete: the data slots after the first leave the first its own part. */
static int netif_tx_finish(struct netif_tx_packet *p, const char **why)
{
	struct netif_tx_request *first = &p->data[0];

	if (p->rest > p->total) {
		*why = "a frame's data slots hold more than its size says";
		return -XEN_EINVAL;
	}
	first->size = (uint16_t)(p->total - p->rest);
	if ((uint32_t)first->offset + first->size > NETIF_PAGE_SIZE) {
		*why = "a transmit request's data passes the end of its page";
		return -XEN_EINVAL;
	}
	return 0;
}

int netif_tx_add(struct netif_tx_packet *p, const void *slot, uint32_t ring_count, const char **why)
{
	int rc;

	if (p->data_count > 0 && p->want_extra) {
		struct netif_extra_info x;

		memcpy(&x, slot, sizeof(x));
		rc = netif_tx_add_extra(p, &x, why);
	} else {
		struct netif_tx_request r;

		memcpy(&r, slot, sizeof(r));
		rc = netif_tx_add_data(p, &r, ring_count, why);
	}
	if (rc != 0) {
		return rc;
	}
	if (p->want_extra || p->want_data) {
		return 1;
	}
	return netif_tx_finish(p, why);
}
