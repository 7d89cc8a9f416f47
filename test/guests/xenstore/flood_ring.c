// SPDX-License-Identifier: MIT
/* The store flood test's raw client of the store ring: messages in, replies out, no waiting. */
#include <abi/errno.h>
#include <abi/hvm.h>
#include <libos/evtchn.h>
#include <libos/hvm_param.h>
#include <libos/memmap.h>
#include <string.h>

#include "flood.h"

#define HEADER ((uint32_t)sizeof(struct xs_msg_header))
#define SEND_MAX 64u /* payload bytes of any request the test sends */

long flood_client_take(struct flood_client *c)
{
	uint64_t pfn;
	uint64_t port;
	long rc = hvm_param_ring(HVM_PARAM_STORE_PFN, HVM_PARAM_STORE_EVTCHN, &pfn, &port);

	if (rc != 0) {
		return rc;
	}
	if (!memmap_normal(pfn << 12, sizeof(struct xs_ring))) {
		return -XEN_EINVAL;
	}
	*c = (struct flood_client){ .port = (evtchn_port_t)port };
	c->ring = (volatile struct xs_ring *)(uintptr_t)(pfn << 12);
	/* Our own indexes as the xenbus client left them: it is the only one to have written them.
	 */
	byte_ring_producer(&c->req, c->ring->req, XS_RING_SIZE, &c->ring->req_prod,
			   &c->ring->req_cons, c->ring->req_prod);
	byte_ring_consumer(&c->rsp, c->ring->rsp, XS_RING_SIZE, &c->ring->rsp_prod,
			   &c->ring->rsp_cons, c->ring->rsp_cons);
	return 0;
}

long flood_send(struct flood_client *c, uint32_t type, uint32_t req_id, const void *payload,
		uint32_t len)
{
	struct xs_msg_header hdr = { .type = type, .req_id = req_id, .tx_id = 0, .len = len };
	uint8_t msg[HEADER + SEND_MAX];
	long room;

	if (len > SEND_MAX) {
		return -XEN_EINVAL;
	}
	room = byte_ring_refresh(&c->req);
	if (room < 0) {
		return room;
	}
	if ((uint32_t)room < HEADER + len) {
		return 0;
	}
	memcpy(msg, &hdr, HEADER);
	memcpy(msg + HEADER, payload, len);
	(void)byte_ring_push(&c->req, msg, HEADER + len);
	return 1;
}

void flood_kick(const struct flood_client *c)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	(void)evtchn_send(c->port);
}

/* How many bytes the reply being read still needs: its header first, then its payload. */
static uint32_t flood_wanted(const struct flood_client *c)
{
	struct xs_msg_header hdr;

	if (c->reply_len < HEADER) {
		return HEADER - c->reply_len;
	}
	memcpy(&hdr, c->reply, HEADER);
	return HEADER + hdr.len - c->reply_len;
}

long flood_receive(struct flood_client *c, struct xs_msg_header *hdr, char *payload)
{
	for (;;) {
		uint32_t want = flood_wanted(c);
		long n;

		if (want == 0) {
			break;
		}
		n = byte_ring_read(&c->rsp, c->reply + c->reply_len, want);
		if (n <= 0) {
			return n;
		}
		c->reply_len += (uint32_t)n;
		if (c->reply_len == HEADER) {
			memcpy(hdr, c->reply, HEADER);
			if (hdr->len > FLOOD_REPLY_MAX) {
				return -XEN_EIO;
			}
		}
	}
	memcpy(hdr, c->reply, HEADER);
	memcpy(payload, c->reply + HEADER, hdr->len);
	payload[hdr->len] = '\0';
	c->reply_len = 0;
	return 1;
}
