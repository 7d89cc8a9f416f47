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
#define WAIT_STEP_MS 20u
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

/* Our frontend's node devid/key into buf. */
static long front_read(const struct front *f, const char *key, char *buf, size_t size)
{
	char path[64];

	snprintf(path, sizeof(path), "device/vbd/%u/%s", f->devid, key);
	return xenbus_read(XENBUS_TX_NONE, path, buf, size);
}

static long front_write(const struct front *f, const char *key, const char *value)
{
	char path[64];

	snprintf(path, sizeof(path), "device/vbd/%u/%s", f->devid, key);
	return xenbus_write(XENBUS_TX_NONE, path, value);
}

static long front_write_u(const struct front *f, const char *key, unsigned long value)
{
	char text[24];

	snprintf(text, sizeof(text), "%lu", value);
	return front_write(f, key, text);
}

/* The backend's node key as an unsigned number, or -1. */
static long long backend_number(const struct front *f, const char *key)
{
	char path[160], value[32], *end;
	long n;

	snprintf(path, sizeof(path), "%s/%s", f->backend, key);
	n = xenbus_read(XENBUS_TX_NONE, path, value, sizeof(value));
	if (n <= 0) {
		return -1;
	}
	unsigned long long v = strtoull(value, &end, 10);
	return *end == '\0' && end != value ? (long long)v : -1;
}

int front_backend_state(const struct front *f)
{
	long long state = backend_number(f, "state");

	return state >= 0 && state <= 8 ? (int)state : -1;
}

bool front_wait_backend_state(const struct front *f, int want, unsigned int seconds)
{
	for (unsigned int waited = 0; waited <= seconds * 1000u; waited += WAIT_STEP_MS) {
		if (front_backend_state(f) == want) {
			return true;
		}
		xs_test_serve_for(WAIT_STEP_MS);
	}
	return false;
}

static void port_fired(evtchn_port_t port, void *arg)
{
	(void)port;
	(void)arg;
}

/* Where the backend is: our frontend's backend and backend-id nodes. */
static bool find_backend(struct front *f)
{
	char id[16];

	/* The toolstack may write our device entries after we started. */
	for (unsigned int waited = 0; waited < CONNECT_SECONDS * 1000u; waited += WAIT_STEP_MS) {
		if (front_read(f, "backend-id", id, sizeof(id)) > 0) {
			break;
		}
		xs_test_serve_for(WAIT_STEP_MS);
	}
	if (!CHECK(front_read(f, "backend", f->backend, sizeof(f->backend)) > 0) ||
	    !CHECK(front_read(f, "backend-id", id, sizeof(id)) > 0)) {
		return false;
	}
	f->backend_id = (domid_t)strtoul(id, NULL, 10);
	return true;
}

/* Ring page, data pages and event channel offered to the backend. */
static bool offer(struct front *f)
{
	void *page = f->ring_page;

	memset(page, 0, PAGE);
	if (!CHECK_EQ(ring_front_init(&f->ring, page, BLKIF_SLOT_SIZE), 0) ||
	    !CHECK_EQ(gnttab_grant_access(f->backend_id, gfn_of(page), false, &f->ring_ref), 0)) {
		return false;
	}
	for (unsigned int i = 0; i < FRONT_DATA_PAGES; i++) {
		if (!CHECK_EQ(gnttab_grant_access(f->backend_id, gfn_of(data_pages[i]), false,
						  &f->data_ref[i]),
			      0)) {
			return false;
		}
	}
	return CHECK_EQ(evtchn_alloc_unbound(f->backend_id, port_fired, f, &f->port), 0) &&
	       CHECK_EQ(loop_port_add(f->port, port_fired, f), 0);
}

bool front_connect(struct front *f, unsigned int devid)
{
	memset(f, 0, sizeof(*f));
	f->devid = devid;
	f->next_id = 1;
	if (!front_up() || !find_backend(f)) {
		return false;
	}
	test_context("VBD %u: backend %s in state %d", devid, f->backend, front_backend_state(f));
	if (!CHECK(front_wait_backend_state(f, FRONT_INIT_WAIT, CONNECT_SECONDS)) || !offer(f)) {
		return false;
	}
	if (!CHECK_EQ(front_write_u(f, "ring-ref", f->ring_ref), 0) ||
	    !CHECK_EQ(front_write_u(f, "event-channel", f->port), 0) ||
	    !CHECK_EQ(front_write(f, "protocol", "arm-abi"), 0) ||
	    !CHECK_EQ(front_write_u(f, "state", FRONT_INITIALISED), 0)) {
		return false;
	}
	if (!CHECK(front_wait_backend_state(f, FRONT_CONNECTED, CONNECT_SECONDS))) {
		return false;
	}
	long long sectors = backend_number(f, "sectors");
	long long info = backend_number(f, "info");

	f->sectors = sectors > 0 ? (uint64_t)sectors : 0;
	f->info = info > 0 ? (unsigned int)info : 0;
	f->connected =
		CHECK(sectors > 0) && CHECK_EQ(front_write_u(f, "state", FRONT_CONNECTED), 0);
	return f->connected;
}

bool front_disconnect(struct front *f)
{
	bool closed;

	(void)front_write_u(f, "state", FRONT_CLOSING);
	closed = front_wait_backend_state(f, FRONT_CLOSED, CONNECT_SECONDS);
	(void)front_write_u(f, "state", FRONT_CLOSED);
	(void)loop_port_remove(f->port);
	(void)evtchn_close(f->port);
	/* The backend unmapped everything when it closed: every grant ends at once. */
	CHECK_EQ(gnttab_end_access(f->ring_ref), 0);
	for (unsigned int i = 0; i < FRONT_DATA_PAGES; i++) {
		CHECK_EQ(gnttab_end_access(f->data_ref[i]), 0);
	}
	f->connected = false;
	return CHECK(closed) && CHECK_EQ(front_write_u(f, "state", FRONT_INITIALISING), 0);
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
