// SPDX-License-Identifier: MIT
/* A small netif frontend for test guests (front.h). */
#include <abi/errno.h>
#include <abi/io_ring.h>
#include <libos/evtchn.h>
#include <libos/gnttab.h>
#include <libos/loop.h>
#include <libos/test.h>
#include <libos/xenbus.h>
#include <stdio.h>
#include <string.h>

#include "../xenstore/xs_test.h"
#include "front.h"

#define PAGE 4096u
#define CONNECT_SECONDS 20u
#define RESPONSE_SECONDS 10u
/* Our frames: the Ethernet header, "TSRA", the tag; padded to Ethernet's minimum. */
#define FRAME_LEN 60u
#define MAGIC_AT 14u
#define TAG_AT 18u

static uint8_t tx_data[2][FRONT_TX_PAGES][PAGE] __attribute__((aligned(PAGE)));
static uint8_t rx_data[2][FRONT_RX_PAGES][PAGE] __attribute__((aligned(PAGE)));
static bool up_tried, up_ok;

static uint64_t gfn_of(const void *p)
{
	return (uint64_t)(uintptr_t)p / PAGE;
}

uint8_t *front_tx_data(struct front *f, unsigned int page)
{
	return tx_data[f->index % 2u][page % FRONT_TX_PAGES];
}

bool front_up(void)
{
	if (!up_tried) {
		up_tried = true;
		up_ok = xs_test_up() && CHECK_EQ(gnttab_init(0), 0);
	}
	return up_ok;
}

static void port_fired(evtchn_port_t port, void *arg)
{
	(void)port;
	(void)arg;
}

/* Our MAC, from the mac node the toolstack wrote in our directory. */
static bool read_mac(struct front *f)
{
	char text[24];
	unsigned int b[6];

	/* The toolstack writes our entries one at a time: mac may come after backend-id. */
	for (unsigned int waited = 0; waited < CONNECT_SECONDS * 1000u &&
				      xenbus_front_read(&f->xb, "mac", text, sizeof(text)) <= 0;
	     waited += 20u) {
		xs_test_serve_for(20u);
	}
	if (!CHECK(xenbus_front_read(&f->xb, "mac", text, sizeof(text)) > 0) ||
	    !CHECK_EQ(sscanf(text, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]),
		      6)) {
		return false;
	}
	for (unsigned int i = 0; i < 6; i++) {
		f->mac[i] = (uint8_t)b[i];
	}
	return true;
}

/* Rings, data pages and the event channel offered to the backend. */
static bool offer(struct front *f)
{
	domid_t be = f->xb.backend_id;
	unsigned int ix = f->index % 2u;

	memset(f->tx_page, 0, PAGE);
	memset(f->rx_page, 0, PAGE);
	if (!CHECK_EQ(ring_front_init(&f->tx, f->tx_page, NETIF_TX_SLOT_SIZE), 0) ||
	    !CHECK_EQ(ring_front_init(&f->rx, f->rx_page, NETIF_RX_SLOT_SIZE), 0) ||
	    !CHECK_EQ(gnttab_grant_access(be, gfn_of(f->tx_page), false, &f->tx_ref), 0) ||
	    !CHECK_EQ(gnttab_grant_access(be, gfn_of(f->rx_page), false, &f->rx_ref), 0)) {
		return false;
	}
	for (unsigned int i = 0; i < FRONT_TX_PAGES; i++) {
		if (!CHECK_EQ(gnttab_grant_access(be, gfn_of(tx_data[ix][i]), true,
						  &f->tx_data_ref[i]),
			      0)) {
			return false;
		}
	}
	for (unsigned int i = 0; i < FRONT_RX_PAGES; i++) {
		if (!CHECK_EQ(gnttab_grant_access(be, gfn_of(rx_data[ix][i]), false,
						  &f->rx_data_ref[i]),
			      0)) {
			return false;
		}
	}
	return CHECK_EQ(evtchn_alloc_unbound(be, port_fired, f, &f->port), 0) &&
	       CHECK_EQ(loop_port_add(f->port, port_fired, f), 0);
}

/* Post receive page id (its slot's id is the page's number). */
static void post_rx(struct front *f, uint16_t id)
{
	struct netif_rx_request req = { .id = id, .gref = f->rx_data_ref[id % FRONT_RX_PAGES] };

	(void)ring_front_put_request(&f->rx, &req, sizeof(req));
}

bool front_connect(struct front *f, unsigned int index, unsigned int devid)
{
	memset(f, 0, sizeof(*f));
	f->index = index;
	if (!front_up() || !xenbus_front_find(&f->xb, "vif", devid, CONNECT_SECONDS) ||
	    !read_mac(f)) {
		return false;
	}
	test_context("VIF %u: backend %s in state %d", devid, f->xb.backend,
		     xenbus_front_backend_state(&f->xb));
	if (!CHECK(xenbus_front_wait_state(&f->xb, FRONT_INIT_WAIT, CONNECT_SECONDS)) ||
	    !offer(f)) {
		return false;
	}
	if (!CHECK_EQ(xenbus_front_write_u(&f->xb, "tx-ring-ref", f->tx_ref), 0) ||
	    !CHECK_EQ(xenbus_front_write_u(&f->xb, "rx-ring-ref", f->rx_ref), 0) ||
	    !CHECK_EQ(xenbus_front_write_u(&f->xb, "event-channel", f->port), 0) ||
	    !CHECK_EQ(xenbus_front_write(&f->xb, "request-rx-copy", "1"), 0) ||
	    !CHECK_EQ(xenbus_front_write(&f->xb, "feature-rx-notify", "1"), 0) ||
	    !CHECK_EQ(xenbus_front_write_u(&f->xb, "state", FRONT_CONNECTED), 0) ||
	    !CHECK(xenbus_front_wait_state(&f->xb, FRONT_CONNECTED, CONNECT_SECONDS))) {
		return false;
	}
	for (uint16_t i = 0; i < FRONT_RX_PAGES; i++) {
		post_rx(f, i);
	}
	front_push(f);
	f->connected = true;
	return true;
}

bool front_disconnect(struct front *f)
{
	bool closed;

	(void)xenbus_front_write_u(&f->xb, "state", FRONT_CLOSING);
	closed = xenbus_front_wait_state(&f->xb, FRONT_CLOSED, CONNECT_SECONDS);
	(void)xenbus_front_write_u(&f->xb, "state", FRONT_CLOSED);
	(void)loop_port_remove(f->port);
	(void)evtchn_close(f->port);
	/* The backend unmapped everything when it closed: every grant ends at once. */
	CHECK_EQ(gnttab_end_access(f->tx_ref), 0);
	CHECK_EQ(gnttab_end_access(f->rx_ref), 0);
	for (unsigned int i = 0; i < FRONT_TX_PAGES; i++) {
		CHECK_EQ(gnttab_end_access(f->tx_data_ref[i]), 0);
	}
	for (unsigned int i = 0; i < FRONT_RX_PAGES; i++) {
		CHECK_EQ(gnttab_end_access(f->rx_data_ref[i]), 0);
	}
	f->connected = false;
	return CHECK(closed) &&
	       CHECK_EQ(xenbus_front_write_u(&f->xb, "state", FRONT_INITIALISING), 0);
}

void front_put_tx_raw(struct front *f, const void *bytes, uint32_t len)
{
	uint8_t slot[NETIF_TX_SLOT_SIZE] = { 0 };

	memcpy(slot, bytes, len < sizeof(slot) ? len : sizeof(slot));
	(void)ring_front_put_request(&f->tx, slot, sizeof(slot));
}

void front_put_rx_raw(struct front *f, const void *bytes, uint32_t len)
{
	uint8_t slot[NETIF_RX_SLOT_SIZE] = { 0 };

	memcpy(slot, bytes, len < sizeof(slot) ? len : sizeof(slot));
	(void)ring_front_put_request(&f->rx, slot, sizeof(slot));
}

void front_push(struct front *f)
{
	(void)ring_front_push_requests(&f->tx);
	(void)ring_front_push_requests(&f->rx);
	(void)evtchn_send(f->port);
}

static void set_prod(void *page, uint32_t value, evtchn_port_t port)
{
	struct io_ring_header *h = page;

	__atomic_store_n(&h->req_prod, value, __ATOMIC_RELEASE);
	(void)evtchn_send(port);
}

void front_set_tx_prod(struct front *f, uint32_t value)
{
	set_prod(f->tx_page, value, f->port);
}

void front_set_rx_prod(struct front *f, uint32_t value)
{
	set_prod(f->rx_page, value, f->port);
}

struct tx_wait {
	struct front *f;
	struct netif_tx_response rsp;
	int rc;
};

static bool tx_answered(void *arg)
{
	struct tx_wait *w = arg;

	w->rc = ring_front_get_response(&w->f->tx, &w->rsp, sizeof(w->rsp));
	return w->rc != -XEN_EAGAIN;
}

bool front_send_tag(struct front *f, uint32_t tag)
{
	uint8_t *frame = front_tx_data(f, 0);
	struct netif_tx_request req = { .gref = f->tx_data_ref[0],
					.id = (uint16_t)(f->next_id++ % NETIF_TX_RING_COUNT),
					.size = FRAME_LEN };
	struct tx_wait w = { .f = f, .rc = -XEN_EAGAIN };

	memset(frame, 0, FRAME_LEN);
	memset(frame, 0xff, 6);
	memcpy(frame + 6, f->mac, 6);
	frame[12] = (uint8_t)(FRONT_ETHERTYPE >> 8);
	frame[13] = (uint8_t)FRONT_ETHERTYPE;
	memcpy(frame + MAGIC_AT, "TSRA", 4);
	memcpy(frame + TAG_AT, &tag, sizeof(tag));
	front_put_tx_raw(f, &req, sizeof(req));
	front_push(f);
	return CHECK(xs_test_serve(tx_answered, &w, RESPONSE_SECONDS * 1000u)) &&
	       CHECK_EQ(w.rc, 0) && CHECK_EQ(w.rsp.id, req.id) &&
	       CHECK_EQ(w.rsp.status, NETIF_RSP_OKAY);
}

struct rx_wait {
	struct front *f;
	uint32_t tag;
	bool seen;
	bool broken; /* a response no page of ours explains */
};

/* Whether the filled page id holds our frame with the tag. */
static bool holds_tag(struct front *f, const struct netif_rx_response *rsp, uint32_t tag)
{
	const uint8_t *frame = rx_data[f->index % 2u][rsp->id % FRONT_RX_PAGES] + rsp->offset;

	return rsp->status >= (int16_t)FRAME_LEN && rsp->offset <= PAGE - FRAME_LEN &&
	       frame[12] == (uint8_t)(FRONT_ETHERTYPE >> 8) &&
	       frame[13] == (uint8_t)FRONT_ETHERTYPE && memcmp(frame + MAGIC_AT, "TSRA", 4) == 0 &&
	       memcmp(frame + TAG_AT, &tag, sizeof(tag)) == 0;
}

static bool rx_seen(void *arg)
{
	struct rx_wait *w = arg;
	struct netif_rx_response rsp;
	bool reposted = false;

	while (!w->broken && ring_front_get_response(&w->f->rx, &rsp, sizeof(rsp)) == 0) {
		/* We offered no feature: every frame is one page, with no extra slot. */
		if (rsp.id >= FRONT_RX_PAGES ||
		    (rsp.flags & (NETRXF_more_data | NETRXF_extra_info))) {
			w->broken = true;
			break;
		}
		w->seen = w->seen || holds_tag(w->f, &rsp, w->tag);
		post_rx(w->f, rsp.id);
		reposted = true;
	}
	if (reposted) {
		front_push(w->f);
	}
	return w->seen || w->broken;
}

bool front_receive_tag(struct front *f, uint32_t tag, unsigned int seconds)
{
	struct rx_wait w = { .f = f, .tag = tag };

	(void)xs_test_serve(rx_seen, &w, seconds * 1000u);
	return CHECK(!w.broken) && CHECK(w.seen);
}
