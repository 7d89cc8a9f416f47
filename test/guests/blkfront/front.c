// SPDX-License-Identifier: MIT
/* A small blkif frontend for test guests (front.h). */
#include <abi/errno.h>
#include <abi/io_ring.h>
#include <libos/evtchn.h>
#include <libos/gnttab.h>
#include <libos/loop.h>
#include <libos/test.h>
#include <libos/xenbus.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../xen_common/xen_test.h"
#include "../xenstore/xs_test.h"
#include "front.h"

#define PAGE 4096u
#define CONNECT_SECONDS 20u

static uint8_t data_pages[FRONT_DATA_PAGES][PAGE] __attribute__((aligned(PAGE)));
static bool up_tried, up_ok;

static uint64_t gfn_of(const void *p)
{
	return (uint64_t)(uintptr_t)p / PAGE;
}

uint8_t *front_data(unsigned int page)
{
	return data_pages[page % FRONT_DATA_PAGES];
}

bool front_up(void)
{
	if (!up_tried) {
		up_tried = true;
		up_ok = xs_test_up() && CHECK_EQ(gnttab_init(0), 0);
	}
	return up_ok;
}

int front_backend_state(const struct front *f)
{
	return xenbus_front_backend_state(&f->xb);
}

bool front_wait_backend_state(const struct front *f, int want, unsigned int seconds)
{
	return xenbus_front_wait_state(&f->xb, want, seconds);
}

static void port_fired(evtchn_port_t port, void *arg)
{
	(void)port;
	(void)arg;
}

/* Ring page, data pages and event channel offered to the backend. */
static bool offer(struct front *f)
{
	void *page = f->ring_page;

	memset(page, 0, PAGE);
	if (!CHECK_EQ(ring_front_init(&f->ring, page, BLKIF_SLOT_SIZE), 0) ||
	    !CHECK_EQ(gnttab_grant_access(f->xb.backend_id, gfn_of(page), false, &f->ring_ref),
		      0)) {
		return false;
	}
	for (unsigned int i = 0; i < FRONT_DATA_PAGES; i++) {
		if (!CHECK_EQ(gnttab_grant_access(f->xb.backend_id, gfn_of(data_pages[i]), false,
						  &f->data_ref[i]),
			      0)) {
			return false;
		}
	}
	return CHECK_EQ(evtchn_alloc_unbound(f->xb.backend_id, port_fired, f, &f->port), 0) &&
	       CHECK_EQ(loop_port_add(f->port, port_fired, f), 0);
}

bool front_connect(struct front *f, unsigned int devid)
{
	memset(f, 0, sizeof(*f));
	f->devid = devid;
	f->next_id = 1;
	if (!front_up() || !xenbus_front_find(&f->xb, "vbd", devid, CONNECT_SECONDS)) {
		return false;
	}
	test_context("VBD %u: backend %s in state %d", devid, f->xb.backend,
		     front_backend_state(f));
	if (!CHECK(front_wait_backend_state(f, FRONT_INIT_WAIT, CONNECT_SECONDS)) || !offer(f)) {
		return false;
	}
	if (!CHECK_EQ(xenbus_front_write_u(&f->xb, "ring-ref", f->ring_ref), 0) ||
	    !CHECK_EQ(xenbus_front_write_u(&f->xb, "event-channel", f->port), 0) ||
	    !CHECK_EQ(xenbus_front_write(&f->xb, "protocol", "arm-abi"), 0) ||
	    !CHECK_EQ(xenbus_front_write_u(&f->xb, "state", FRONT_INITIALISED), 0)) {
		return false;
	}
	if (!CHECK(front_wait_backend_state(f, FRONT_CONNECTED, CONNECT_SECONDS))) {
		return false;
	}
	long long sectors = xenbus_front_backend_number(&f->xb, "sectors");
	long long info = xenbus_front_backend_number(&f->xb, "info");

	f->sectors = sectors > 0 ? (uint64_t)sectors : 0;
	f->info = info > 0 ? (unsigned int)info : 0;
	f->connected = CHECK(sectors > 0) &&
		       CHECK_EQ(xenbus_front_write_u(&f->xb, "state", FRONT_CONNECTED), 0);
	return f->connected;
}

bool front_disconnect(struct front *f)
{
	bool closed;

	(void)xenbus_front_write_u(&f->xb, "state", FRONT_CLOSING);
	closed = front_wait_backend_state(f, FRONT_CLOSED, CONNECT_SECONDS);
	(void)xenbus_front_write_u(&f->xb, "state", FRONT_CLOSED);
	(void)loop_port_remove(f->port);
	(void)evtchn_close(f->port);
	/* The backend unmapped everything when it closed: every grant ends at once. */
	CHECK_EQ(gnttab_end_access(f->ring_ref), 0);
	for (unsigned int i = 0; i < FRONT_DATA_PAGES; i++) {
		CHECK_EQ(gnttab_end_access(f->data_ref[i]), 0);
	}
	f->connected = false;
	return CHECK(closed) &&
	       CHECK_EQ(xenbus_front_write_u(&f->xb, "state", FRONT_INITIALISING), 0);
}

void front_put_raw(struct front *f, const void *bytes, uint32_t len)
{
	uint8_t slot[BLKIF_SLOT_SIZE] = { 0 };

	memcpy(slot, bytes, len < sizeof(slot) ? len : sizeof(slot));
	(void)ring_front_put_request(&f->ring, slot, sizeof(slot));
}

void front_push(struct front *f)
{
	(void)ring_front_push_requests(&f->ring);
	(void)evtchn_send(f->port);
}

void front_set_req_prod(struct front *f, uint32_t value)
{
	struct io_ring_header *h = f->ring.page;

	__atomic_store_n(&h->req_prod, value, __ATOMIC_RELEASE);
	(void)evtchn_send(f->port);
}

struct response_wait {
	struct front *f;
	struct blkif_response *out;
	int rc;
};

static bool response_came(void *arg)
{
	struct response_wait *w = arg;

	w->rc = ring_front_get_response(&w->f->ring, w->out, sizeof(*w->out));
	return w->rc != -XEN_EAGAIN;
}

int front_wait_response(struct front *f, struct blkif_response *out, unsigned int seconds)
{
	struct response_wait w = { f, out, -XEN_EAGAIN };

	if (!xs_test_serve(response_came, &w, seconds * 1000u) || w.rc != 0) {
		return 1;
	}
	return out->status;
}

int front_rw(struct front *f, uint8_t op, uint64_t sector, unsigned int page)
{
	struct blkif_request req = {
		.operation = op,
		.nr_segments = 1,
		.handle = (uint16_t)f->devid,
		.id = f->next_id++,
		.sector_number = sector,
	};
	struct blkif_response rsp;
	int status;

	req.seg[0] = (struct blkif_request_segment){ .gref = f->data_ref[page % FRONT_DATA_PAGES],
						     .first_sect = 0,
						     .last_sect = 7 };
	front_put_raw(f, &req, sizeof(req));
	front_push(f);
	status = front_wait_response(f, &rsp, 10);
	if (status != 1 && rsp.id != req.id) {
		return 1;
	}
	return status;
}
