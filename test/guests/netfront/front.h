/* SPDX-License-Identifier: MIT */
/* A small netif frontend for test guests: connect a VIF, send and receive frames, or break it. */
#ifndef TEST_GUESTS_NETFRONT_FRONT_H
#define TEST_GUESTS_NETFRONT_FRONT_H

#include <abi/event_channel.h>
#include <abi/grant_table.h>
#include <abi/netif.h>
#include <libos/ring.h>
#include <stdbool.h>
#include <stdint.h>

#include "../common/xenbus_front.h"

/*
 * The frontend side of one VIF, driven by hand so that a test can break
 * every rule a real frontend keeps. It connects as Linux's xen-netfront
 * does with one queue and one event channel: wait for the backend's
 * InitWait, grant a transmit and a receive ring page, offer an event
 * channel, write the ring refs, event-channel and request-rx-copy, say
 * Connected, wait for the backend's Connected, post receive pages. It
 * offers no feature (no scatter-gather, no GSO, full checksums), so every
 * frame the backend gives it must fit one page.
 *
 * Bad slots go in through front_put_tx_raw / front_put_rx_raw (any bytes
 * in the next slot) and front_set_tx_prod / front_set_rx_prod (any
 * producer index); the verdict is then read from the backend's state.
 */

/** Pages of frame data for transmit, granted read-only to the backend while connected. */
#define FRONT_TX_PAGES 4
/** Receive pages posted to the backend. */
#define FRONT_RX_PAGES 16

/** The ethertype of the test's own frames (IEEE's for local experiments). */
#define FRONT_ETHERTYPE 0x88b5u

struct front {
	/* The ring pages, granted to the backend while connected: nothing else may share them. */
	uint8_t tx_page[4096] __attribute__((aligned(4096)));
	uint8_t rx_page[4096] __attribute__((aligned(4096)));
	struct xenbus_front xb; /* our directory and the backend's */
	uint8_t mac[6];         /* ours, from our mac node */
	evtchn_port_t port;
	grant_ref_t tx_ref, rx_ref;
	grant_ref_t tx_data_ref[FRONT_TX_PAGES];
	grant_ref_t rx_data_ref[FRONT_RX_PAGES];
	struct ring_front tx, rx;
	bool connected;
	uint16_t next_id;
	unsigned int index; /* which of the two fronts' pages are ours (0 or 1) */
};

/** Events, store and grant table up; once. Reports failures through CHECK. */
bool front_up(void);

/** Connect f (using page set index 0 or 1) to VIF devid. Reports what failed through CHECK. */
bool front_connect(struct front *f, unsigned int index, unsigned int devid);

/** Closing, the backend's Closed, Closed; grants revoked and the port closed; then
 *  Initialising, so that the backend waits for a new connection. */
bool front_disconnect(struct front *f);

/** Send one broadcast frame of our ethertype holding tag in one slot; whether its response
 *  came back NETIF_RSP_OKAY. */
bool front_send_tag(struct front *f, uint32_t tag);

/** Wait (at most seconds) for a frame of our ethertype holding tag, reposting every page the
 *  backend filled; other frames (Linux's ARP, say) are skipped. */
bool front_receive_tag(struct front *f, uint32_t tag, unsigned int seconds);

/** The CPU address of transmit data page `page` of f. */
uint8_t *front_tx_data(struct front *f, unsigned int page);

/** Put len bytes as they are in the next transmit slot (not yet published). */
void front_put_tx_raw(struct front *f, const void *bytes, uint32_t len);

/** Put len bytes as they are in the next receive slot (not yet published). */
void front_put_rx_raw(struct front *f, const void *bytes, uint32_t len);

/** Publish the slots put so far on both rings and notify the backend. */
void front_push(struct front *f);

/** Store any value in the shared transmit req_prod and notify (a broken frontend). */
void front_set_tx_prod(struct front *f, uint32_t value);

/** Store any value in the shared receive req_prod and notify. */
void front_set_rx_prod(struct front *f, uint32_t value);

#endif
