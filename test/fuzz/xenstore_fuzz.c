// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the xenstore logic. The input is a script for four
 * clients (domain 0 privileged, 5, 6 and 7): raw bytes or framed requests
 * (some with a length other than their payload's, past XS_PAYLOAD_MAX too)
 * into each one's request ring, partial and whole reads of its output,
 * releases, re-introductions (each with libxl's home, as the main loop
 * writes it) and privilege changes. A client writes into its
 * ring what fits and keeps the rest of a message until the store has taken
 * enough, as a guest does, so whole messages of any size arrive. After every
 * step the output each client reads must be well-formed messages, each reply
 * echoing the request it answers (in the order the store took them); once a
 * client has read everything, it must have had exactly one reply per request
 * the store took; the store's own invariants and its bounds must hold
 * throughout.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <abi/xs_wire.h>
#include "xenstore.h"

#define CLIENTS 4u
#define HEADER ((uint32_t)sizeof(struct xs_msg_header))
#define NODES_TOTAL 256u
#define OUTPUT_MESSAGES 16u
/* Requests awaiting their reply: the store stops taking input past its output limit. */
#define UNANSWERED_MAX 64u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Bytes framed as messages: what the store took from a client, or gave it. */
struct framer {
	uint8_t buf[HEADER + XS_PAYLOAD_MAX];
	uint32_t len;
};

struct client {
	uint16_t domid;
	struct xs_conn *conn;
	/* Request bytes the store has not taken: the first XS_RING_SIZE are in the ring. */
	uint8_t ring[XS_RING_SIZE + HEADER + XS_PAYLOAD_MAX];
	size_t ring_len;
	struct framer taken, given;
	struct xs_msg_header unanswered[UNANSWERED_MAX]; /* taken, in order */
	uint32_t unanswered_head, unanswered_count;
	uint64_t requests, replies;
	uint32_t last_txn;
	bool released;   /* by a RELEASE request: the connection is gone */
	bool introduced; /* by an INTRODUCE request: a new connection */
};

struct script {
	const uint8_t *data;
	size_t size, pos;
};

static struct xs_store *store;
static struct client clients[CLIENTS];
static const uint16_t domids[CLIENTS] = { 0, 5, 6, 7 };

static void fail(void)
{
	abort();
}

static bool known_error(const char *name)
{
	static const char *const names[] = { "EINVAL",    "EACCES",  "EEXIST", "EISDIR",
					     "ENOENT",    "ENOMEM",  "ENOSPC", "EIO",
					     "ENOTEMPTY", "ENOSYS",  "EROFS",  "EBUSY",
					     "EAGAIN",    "EISCONN", "E2BIG",  "EPERM" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(name, names[i]) == 0) {
			return true;
		}
	}
	return false;
}

static struct client *client_of(uint16_t domid)
{
	for (unsigned int i = 0; i < CLIENTS; i++) {
		if (clients[i].domid == domid) {
			return &clients[i];
		}
	}
	return NULL;
}

static int hook_introduce(void *ctx, uint16_t domid, uint64_t gfn, uint32_t port)
{
	struct client *c = client_of(domid);

	(void)ctx;
	(void)port;
	if (gfn == 13) {
		return -EBUSY; /* the main loop may fail too */
	}
	if (c) {
		c->introduced = true;
	}
	return 0;
}

/* The main loop's check against the core: here, port 7 is never the domain's, and 8 not ours. */
static int hook_check(void *ctx, uint16_t caller, uint16_t domid, uint64_t gfn, uint32_t port)
{
	(void)ctx;
	(void)caller;
	(void)domid;
	(void)gfn;
	return port == 7 ? -EINVAL : port == 8 ? -EPERM : 0;
}

static void hook_release(void *ctx, uint16_t domid)
{
	struct client *c = client_of(domid);

	(void)ctx;
	if (c) {
		c->released = true;
	}
}

static uint8_t next_byte(struct script *s)
{
	return s->pos < s->size ? s->data[s->pos++] : 0;
}

static uint32_t next_u32(struct script *s)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++) {
		v = v << 8 | next_byte(s);
	}
	return v;
}

/*
 * Feeds one byte stream through @f; calls @msg for each whole message. A
 * header past XS_PAYLOAD_MAX ends the stream: the store breaks a client's
 * connection there, and must never send one (@strict).
 */
static void frame(struct framer *f, const uint8_t *bytes, size_t len, struct client *c, bool strict,
		  void (*msg)(struct client *c, const struct xs_msg_header *hdr,
			      const char *payload))
{
	struct xs_msg_header hdr;
	size_t want, n;

	while (len) {
		if (f->len < HEADER) {
			want = HEADER;
		} else {
			memcpy(&hdr, f->buf, HEADER);
			want = HEADER + (size_t)hdr.len;
		}
		n = want - f->len < len ? want - f->len : len;
		memcpy(f->buf + f->len, bytes, n);
		f->len += (uint32_t)n;
		bytes += n;
		len -= n;
		if (f->len < HEADER) {
			continue;
		}
		memcpy(&hdr, f->buf, HEADER);
		if (hdr.len > XS_PAYLOAD_MAX) {
			if (strict) {
				fail();
			}
			return;
		}
		if (f->len == HEADER + hdr.len) {
			msg(c, &hdr, (const char *)f->buf + HEADER);
			f->len = 0;
		}
	}
}

static void count_request(struct client *c, const struct xs_msg_header *hdr, const char *payload)
{
	(void)payload;
	c->requests++;
	if (c->unanswered_count == UNANSWERED_MAX) {
		fail();
	}
	c->unanswered[(c->unanswered_head + c->unanswered_count) % UNANSWERED_MAX] = *hdr;
	c->unanswered_count++;
}

/* A reply answers the oldest request still unanswered, and echoes its header. */
static void match_request(struct client *c, const struct xs_msg_header *hdr)
{
	const struct xs_msg_header *req = &c->unanswered[c->unanswered_head];

	if (c->unanswered_count == 0 || hdr->req_id != req->req_id || hdr->tx_id != req->tx_id ||
	    (hdr->type != req->type && hdr->type != XS_ERROR)) {
		fail();
	}
	c->unanswered_head = (c->unanswered_head + 1) % UNANSWERED_MAX;
	c->unanswered_count--;
}

static bool two_strings(const char *p, uint32_t len)
{
	size_t first = strnlen(p, len);

	return first < len && first + 1 + strnlen(p + first + 1, len - first - 1) + 1 == len;
}

static void check_reply(struct client *c, const struct xs_msg_header *hdr, const char *payload)
{
	if (hdr->type == XS_WATCH_EVENT) {
		if (hdr->req_id || hdr->tx_id || !two_strings(payload, hdr->len)) {
			fail();
		}
		return;
	}
	c->replies++;
	match_request(c, hdr);
	if (hdr->type == XS_ERROR) {
		if (hdr->len == 0 || payload[hdr->len - 1] || !known_error(payload)) {
			fail();
		}
	} else if (hdr->type >= XS_TYPE_COUNT) {
		fail();
	} else if (hdr->type == XS_TRANSACTION_START) {
		c->last_txn = (uint32_t)strtoul(payload, NULL, 10);
	}
	if (hdr->len > XS_PAYLOAD_MAX) {
		fail();
	}
}

static void attach(struct client *c);

/* Clients whose domain a request released or introduced follow suit. */
static void sync_clients(void)
{
	for (unsigned int i = 0; i < CLIENTS; i++) {
		struct client *c = &clients[i];

		if (c->released) {
			c->released = false;
			c->conn = NULL;
		}
		if (c->introduced) {
			attach(c);
			c->conn = xs_domain_conn(store, c->domid);
		}
	}
}

/*
 * Moves ring bytes into the store, as the main loop does, and refills the
 * ring from what the client still holds while the store takes them.
 */
static void push(struct client *c)
{
	size_t offered, taken;

	while (c->conn && c->ring_len) {
		offered = c->ring_len < XS_RING_SIZE ? c->ring_len : XS_RING_SIZE;
		taken = xs_conn_input(c->conn, c->ring, offered);
		if (taken > offered) {
			fail();
		}
		frame(&c->taken, c->ring, taken, c, false, count_request);
		memmove(c->ring, c->ring + taken, c->ring_len - taken);
		c->ring_len -= taken;
		sync_clients();
		if (taken == 0) {
			break;
		}
	}
}

/*
 * Queues @len bytes for the store. A message (@whole) that cannot be held
 * entirely is not sent at all, as a guest would wait; raw bytes are cut.
 */
static void write_ring(struct client *c, const void *bytes, size_t len, bool whole)
{
	size_t room = sizeof(c->ring) - c->ring_len;

	if (len > room) {
		if (whole) {
			return;
		}
		len = room;
	}
	memcpy(c->ring + c->ring_len, bytes, len);
	c->ring_len += len;
	push(c);
}

static void drain(struct client *c, size_t max)
{
	uint8_t buf[XS_RING_SIZE];
	size_t n, total = 0;

	while (c->conn && (!max || total < max)) {
		n = xs_conn_output(c->conn, buf,
				   max && max - total < sizeof(buf) ? max - total : sizeof(buf));
		if (n == 0) {
			break;
		}
		total += n;
		frame(&c->given, buf, n, c, true, check_reply);
		push(c);
	}
}

/* Everything read: one reply per request the store took (a broken one may owe). */
static void check_all_read(const struct client *c)
{
	if (c->conn && xs_conn_has_output(c->conn)) {
		return;
	}
	if (c->conn && !xs_conn_broken(c->conn) && c->replies != c->requests) {
		fail();
	}
	if (c->replies > c->requests) {
		fail();
	}
}

static void attach(struct client *c)
{
	uint16_t domid = c->domid;

	bool by_request = c->introduced;

	memset(c, 0, sizeof(*c));
	c->domid = domid;
	if (!by_request) {
		/* As the main loop does: libxl's home (it may fail once the store is full), then
		 * in. */
		const struct xs_home home = { .domid = domid,
					      .owner = 1,
					      .name = "fuzzed",
					      .vcpu_count = 2,
					      .memory_kib = 65536 };

		(void)xs_home_write(store, &home);
		c->conn = xs_domain_introduce(store, domid);
	}
}

static void op_message(struct script *s, struct client *c)
{
	uint8_t msg[HEADER + XS_PAYLOAD_MAX];
	struct xs_msg_header hdr;
	uint8_t tx_sel = next_byte(s);
	uint32_t announced;
	size_t len;

	hdr.type = next_byte(s);
	hdr.type = hdr.type == 0xff ? next_u32(s) : hdr.type % 32u;
	hdr.req_id = next_byte(s);
	hdr.tx_id = tx_sel % 4 == 1 ? c->last_txn : tx_sel % 4 == 2 ? next_u32(s) : 0;
	len = (size_t)next_byte(s) << 4 | next_byte(s) >> 4;
	/* A length of the script's own, up to UINT32_MAX, over the payload that follows: a
	 * message cut short, one run on into the next, or one past XS_PAYLOAD_MAX. */
	announced = tx_sel & 0x80 ? next_u32(s) : 0;
	len = len > s->size - s->pos ? s->size - s->pos : len;
	hdr.len = tx_sel & 0x80 ? announced : (uint32_t)len;
	memcpy(msg, &hdr, HEADER);
	memcpy(msg + HEADER, s->data + s->pos, len);
	s->pos += len;
	write_ring(c, msg, HEADER + len, true);
}

static void op_raw(struct script *s, struct client *c)
{
	size_t len = next_byte(s);

	len = len > s->size - s->pos ? s->size - s->pos : len;
	write_ring(c, s->data + s->pos, len, false);
	s->pos += len;
}

static void op_cycle(struct client *c)
{
	if (c->conn) {
		if (xs_domain_release(store, c->domid) == -ENOENT) {
			fail();
		}
		c->conn = NULL;
	} else {
		attach(c);
	}
}

static void step(struct script *s)
{
	uint8_t op = next_byte(s);
	struct client *c = &clients[op % CLIENTS];

	switch ((op / CLIENTS) % 8u) {
	case 0:
	case 1:
	case 2:
		if (c->conn) {
			op_message(s, c);
		}
		break;
	case 3:
		if (c->conn) {
			op_raw(s, c);
		}
		break;
	case 4:
		drain(c, next_byte(s));
		break;
	case 5:
		op_cycle(c);
		break;
	case 6:
		if (c->domid) {
			(void)xs_domain_set_privileged(store, c->domid, next_byte(s) & 1);
		}
		break;
	default:
		for (unsigned int i = 0; i < CLIENTS; i++) {
			drain(&clients[i], 0);
			check_all_read(&clients[i]);
		}
		break;
	}
}

static void check_store(void)
{
	if (xs_store_check(store) != 0 || xs_store_node_count(store) > NODES_TOTAL) {
		fail();
	}
}

static void setup(void)
{
	struct xs_limits limits;

	xs_limits_default(&limits);
	limits.nodes_total = NODES_TOTAL;
	limits.nodes_per_domain = 64;
	limits.watches_per_domain = 8;
	limits.transactions_per_domain = 3;
	limits.transaction_nodes = 64;
	limits.transaction_bytes = 16384;
	limits.output_messages = OUTPUT_MESSAGES;
	limits.output_bytes = 8192;
	static const struct xs_hooks hooks = { .introduce = hook_introduce,
					       .release = hook_release,
					       .check_introduce = hook_check };

	store = xs_store_create(&limits, 1, &hooks, NULL);
	if (!store) {
		fail();
	}
	for (unsigned int i = 0; i < CLIENTS; i++) {
		clients[i].domid = domids[i];
		attach(&clients[i]);
		if (!clients[i].conn) {
			fail();
		}
	}
	if (xs_domain_set_privileged(store, 0, true) != 0) {
		fail();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct script s = { data, size, 0 };
	unsigned int steps = 0;

	setup();
	while (s.pos < s.size) {
		step(&s);
		if (++steps % 16 == 0) {
			check_store();
		}
	}
	for (unsigned int i = 0; i < CLIENTS; i++) {
		drain(&clients[i], 0);
		check_all_read(&clients[i]);
	}
	check_store();
	xs_store_destroy(store);
	store = NULL;
	return 0;
}
