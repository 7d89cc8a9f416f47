/* SPDX-License-Identifier: MIT */
/* A small blkif frontend for test guests: connect a VBD, send requests (good or bad), reconnect. */
#ifndef TEST_GUESTS_BLKFRONT_FRONT_H
#define TEST_GUESTS_BLKFRONT_FRONT_H

#include <abi/blkif.h>
#include <abi/event_channel.h>
#include <abi/grant_table.h>
#include <libos/ring.h>
#include <stdbool.h>
#include <stdint.h>

#include "../common/xenbus_front.h"

/*
 * The frontend side of one VBD, driven by hand so that a test can break
 * every rule a real frontend keeps. The toolstack wrote the two
 * directories (device/vbd/<devid> here, the backend's elsewhere); this
 * connects as Linux's xen-blkfront does: wait for the backend's InitWait,
 * grant a ring page, offer an event channel, write ring-ref, event-channel
 * and protocol, say Initialised, wait for Connected, read the disk's size.
 *
 * Bad requests go in through front_put_raw (any bytes in the next slot)
 * and front_set_req_prod (any producer index); the backend's verdict is
 * then read with front_wait_backend_state.
 */

/** A data page for requests, granted to the backend while the VBD is connected. */
#define FRONT_DATA_PAGES 4

struct front {
	/* The ring page, granted to the backend while connected: nothing else may share it. */
	uint8_t ring_page[4096] __attribute__((aligned(4096)));
	unsigned int devid;
	struct xenbus_front xb; /* our directory and the backend's */
	evtchn_port_t port;
	grant_ref_t ring_ref;
	grant_ref_t data_ref[FRONT_DATA_PAGES];
	struct ring_front ring;
	uint64_t sectors; /* the VBD's size in 512-byte sectors, from the backend */
	unsigned int info;
	bool connected;
	uint64_t next_id;
};

/** Events, store and grant table up; once. Reports failures through CHECK. */
bool front_up(void);

/** The xenbus state the backend of f wrote, or -1 if it has none or it does not parse. */
int front_backend_state(const struct front *f);

/** Wait (at most seconds) until the backend's state is want; whether it got there. */
bool front_wait_backend_state(const struct front *f, int want, unsigned int seconds);

/** Connect f to VBD devid (the whole handshake). Reports what failed through CHECK. */
bool front_connect(struct front *f, unsigned int devid);

/**
 * Take f down as a frontend does (Closing, wait for the backend's Closed,
 * Closed), revoke its grants and close its port, then start again at
 * Initialising so that the backend waits for a new connection.
 */
bool front_disconnect(struct front *f);

/** The ring slot of the next request: len bytes copied in as they are. */
void front_put_raw(struct front *f, const void *bytes, uint32_t len);

/** Publish the requests put so far and notify the backend. */
void front_push(struct front *f);

/** Store any value in the shared req_prod and notify (a broken frontend). */
void front_set_req_prod(struct front *f, uint32_t value);

/**
 * One READ or WRITE of one whole data page (data page `page`, 8 sectors at
 * sector) and its response: the response's status, or 1 if none came in
 * time (or the ring broke).
 */
int front_rw(struct front *f, uint8_t op, uint64_t sector, unsigned int page);

/** The CPU address of data page `page` (4 KiB). */
uint8_t *front_data(unsigned int page);

/** Wait for one response (at most seconds); its status, or 1 if none came. */
int front_wait_response(struct front *f, struct blkif_response *out, unsigned int seconds);

#endif
