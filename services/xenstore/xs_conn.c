/* SPDX-License-Identifier: MIT */
/* Xenstore connections: message framing in, bounded queue of messages out. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "xs_internal.h"

/* Makes sure @conn's reply reserve is there. 0 or -ENOMEM. */
static int refill_reserve(struct xs_conn *conn)
{
	if (!conn->reserve) {
		conn->reserve = malloc(sizeof(*conn->reserve) + XS_OUT_MAX);
		if (!conn->reserve) {
			return -ENOMEM;
		}
		conn->reserve->reserve = true;
	}
	return 0;
}

struct xs_conn *xs_conn_new(struct xs_store *store, struct xs_domain *dom)
{
	struct xs_conn *conn = calloc(1, sizeof(*conn));

	if (!conn) {
		return NULL;
	}
	conn->store = store;
	conn->dom = dom;
	conn->txn_next = 1;
	if (refill_reserve(conn) < 0) {
		free(conn);
		return NULL;
	}
	return conn;
}

/** Ends every open transaction of @conn, committing nothing. */
void xs_conn_end_txns(struct xs_conn *conn)
{
	struct xs_txn *txn, *next;

	for (txn = conn->txns; txn; txn = next) {
		next = txn->next;
		xs_txn_free(txn);
	}
	conn->txns = NULL;
	conn->txn_count = 0;
}

/** Frees @conn with its watches, transactions and queued output. */
void xs_conn_free(struct xs_conn *conn)
{
	struct xs_out *out, *next_out;

	if (!conn) {
		return;
	}
	xs_watch_reset(conn);
	xs_conn_end_txns(conn);
	for (out = conn->out_head; out; out = next_out) {
		next_out = out->next;
		free(out);
	}
	free(conn->reserve);
	free(conn);
}

/* Past either limit the connection takes no new request. */
static bool output_full(const struct xs_conn *conn)
{
	const struct xs_limits *limits = &conn->store->limits;

	return conn->out_count >= limits->output_messages ||
	       conn->out_bytes >= limits->output_bytes;
}

/** Whether an event of @payload_len bytes fits within the output limits. */
bool xs_conn_room(const struct xs_conn *conn, uint32_t payload_len)
{
	const struct xs_limits *limits = &conn->store->limits;
	uint64_t bytes = (uint64_t)conn->out_bytes + XS_HEADER_SIZE + payload_len;

	return conn->out_count < limits->output_messages && bytes <= limits->output_bytes;
}

/* Appends @out, filled with @h (its len set) and the payload @a then @b, to the queue. */
static void queue(struct xs_conn *conn, struct xs_out *out, const struct xs_msg_header *h,
		  const void *a, uint32_t a_len, const void *b, uint32_t b_len)
{
	bool was_empty = conn->out_head == NULL;

	out->next = NULL;
	out->len = XS_HEADER_SIZE + h->len;
	memcpy(out->data, h, XS_HEADER_SIZE);
	if (a_len) {
		memcpy(out->data + XS_HEADER_SIZE, a, a_len);
	}
	if (b_len) {
		memcpy(out->data + XS_HEADER_SIZE + a_len, b, b_len);
	}
	if (conn->out_tail) {
		conn->out_tail->next = out;
	} else {
		conn->out_head = out;
	}
	conn->out_tail = out;
	conn->out_count++;
	conn->out_bytes += out->len;
	if (was_empty && conn->store->hooks.wake) {
		conn->store->hooks.wake(conn->store->ctx, conn->dom->domid);
	}
}

/**
 * Queues one message: @hdr (its len is set here) and the payload @a then @b.
 * Returns 0, -E2BIG past XS_PAYLOAD_MAX, or -ENOMEM.
 */
int xs_conn_send(struct xs_conn *conn, const struct xs_msg_header *hdr, const void *a,
		 uint32_t a_len, const void *b, uint32_t b_len)
{
	struct xs_msg_header h = *hdr;
	struct xs_out *out;

	if (a_len > XS_PAYLOAD_MAX || b_len > XS_PAYLOAD_MAX - a_len) {
		return -E2BIG;
	}
	h.len = a_len + b_len;
	out = malloc(sizeof(*out) + XS_HEADER_SIZE + h.len);
	if (!out) {
		return -ENOMEM;
	}
	out->reserve = false;
	queue(conn, out, &h, a, a_len, b, b_len);
	return 0;
}

/**
 * Queues the reply to a request: in memory of its own if there is some, else
 * in the connection's reserve, which xs_conn_input made sure of before it
 * took the request. So a reply never fails, and the store's own shortage
 * costs the client nothing but a wait for its next request to be taken.
 */
void xs_conn_reply(struct xs_conn *conn, const struct xs_msg_header *hdr, const void *payload,
		   uint32_t len)
{
	struct xs_msg_header h = *hdr;
	struct xs_out *out;

	if (len > XS_PAYLOAD_MAX) {
		h.type = XS_ERROR;
		payload = "E2BIG";
		len = sizeof("E2BIG");
	}
	h.len = len;
	out = malloc(sizeof(*out) + XS_HEADER_SIZE + len);
	if (out) {
		out->reserve = false;
	} else {
		out = conn->reserve;
		conn->reserve = NULL;
	}
	if (!out) {
		return; /* a request taken without the reserve: a bug of ours, not the client's */
	}
	queue(conn, out, &h, payload, len, NULL, 0);
}

/** @conn's open transaction @id, or NULL (0 is never an id). */
struct xs_txn *xs_conn_txn(const struct xs_conn *conn, uint32_t id)
{
	struct xs_txn *txn;

	for (txn = conn->txns; txn && id; txn = txn->next) {
		if (txn->id == id) {
			return txn;
		}
	}
	return NULL;
}

static uint32_t header_len(const struct xs_conn *conn)
{
	struct xs_msg_header hdr;

	memcpy(&hdr, conn->in, sizeof(hdr));
	return hdr.len;
}

/* Bytes the message being received needs in all, as far as known. */
static uint32_t wanted(const struct xs_conn *conn)
{
	if (conn->in_len < XS_HEADER_SIZE) {
		return XS_HEADER_SIZE;
	}
	return XS_HEADER_SIZE + header_len(conn);
}

size_t xs_conn_input(struct xs_conn *conn, const void *bytes, size_t len)
{
	const uint8_t *src = bytes;
	size_t taken = 0, n;

	while (taken < len && !conn->broken) {
		/*
		 * Backpressure applies between messages, never within one: a full
		 * queue, or no reserve for the reply while memory is short.
		 */
		if (conn->in_len == 0 && (output_full(conn) || refill_reserve(conn) < 0)) {
			break;
		}
		n = wanted(conn) - conn->in_len;
		n = n < len - taken ? n : len - taken;
		memcpy(conn->in + conn->in_len, src + taken, n);
		conn->in_len += (uint32_t)n;
		taken += n;
		if (conn->in_len == XS_HEADER_SIZE && header_len(conn) > XS_PAYLOAD_MAX) {
			conn->broken = true;
			break;
		}
		if (conn->in_len >= XS_HEADER_SIZE && conn->in_len == wanted(conn)) {
			conn->in[conn->in_len] = 0;
			xs_dispatch_request(conn);
			conn->in_len = 0;
		}
	}
	xs_watch_flush_missed(conn);
	return taken;
}

size_t xs_conn_output(struct xs_conn *conn, void *buf, size_t max)
{
	uint8_t *dst = buf;
	struct xs_out *out;
	size_t done = 0, n;

	while (done < max && (out = conn->out_head)) {
		n = out->len - conn->out_off;
		n = n < max - done ? n : max - done;
		memcpy(dst + done, out->data + conn->out_off, n);
		done += n;
		conn->out_off += (uint32_t)n;
		if (conn->out_off == out->len) {
			conn->out_head = out->next;
			if (!conn->out_head) {
				conn->out_tail = NULL;
			}
			conn->out_count--;
			conn->out_bytes -= out->len;
			conn->out_off = 0;
			if (out->reserve && !conn->reserve) {
				conn->reserve = out;
			} else {
				free(out);
			}
		}
	}
	xs_watch_flush_missed(conn);
	return done;
}

bool xs_conn_has_output(const struct xs_conn *conn)
{
	return conn->out_head != NULL;
}

bool xs_conn_broken(const struct xs_conn *conn)
{
	return conn->broken;
}

uint16_t xs_conn_domid(const struct xs_conn *conn)
{
	return conn->dom->domid;
}
