// SPDX-License-Identifier: MIT
/* The xenstore client's requests: framing, req_ids, waiting for replies, watch events. */
#include <abi/hvm.h>
#include <abi/xs_wire.h>
#include <libos/counter.h>
#include <libos/hvm_param.h>
#include <libos/loop.h>
#include <libos/smp.h>
#include <string.h>
#include "xenbus_internal.h"

/*
 * Locking: none (xenbus_internal.h). xq.busy refuses a request made while
 * another is being sent or awaited.
 *
 * Bytes come from the transport already copied out of the ring; a message
 * is assembled in xq.in, checked (its length bounded) and routed: a watch
 * event to the queue, the awaited reply to xq.reply, anything else counted
 * and dropped.
 */

#define XENBUS_HEADER ((uint32_t)sizeof(struct xs_msg_header))
#define XENBUS_MSG_MAX (XENBUS_HEADER + XS_PAYLOAD_MAX)
#define XENBUS_TIMEOUT_DEFAULT_MS 5000u
/* While waiting, notify the store again this often: it may have bound its port after our
 * first notification went nowhere. A store drains everything on each wake, so extra
 * notifications cost it nothing. */
#define XENBUS_RENOTIFY_NS 100000000ull
#define XENBUS_TEST_WRITE_MAX 65536u

/** A queued watch event: its payload, NUL-terminated after len bytes. */
struct xenbus_event {
	uint32_t len;
	char body[XS_PAYLOAD_MAX + 1];
};

/** The request layer's state. */
struct xenbus_requests {
	bool up;
	bool busy; /* a request is in flight */
	uint32_t next_id;
	unsigned int timeout_ms;
	/* The reply awaited: req_id want_id; replied once it is in reply_hdr / reply. */
	bool waiting;
	bool replied;
	uint32_t want_id;
	struct xs_msg_header reply_hdr;
	char reply[XS_PAYLOAD_MAX];
	/* The message being received: in_got bytes of header and payload so far. */
	uint8_t in[XENBUS_MSG_MAX];
	uint32_t in_got;
	uint8_t chunk[XS_RING_SIZE]; /* bytes just taken from the ring */
	uint8_t out[XENBUS_MSG_MAX]; /* the request being sent */
	struct xenbus_event events[XENBUS_EVENT_QUEUE];
	unsigned int event_head;
	unsigned int event_count;
	struct xenbus_event delivering;
	struct xenbus_watch_slot watches[XENBUS_MAX_WATCHES];
	struct xenbus_stats stats;
};

static struct xenbus_requests xq;

/** The store's error names and our numbers for them. */
static const struct {
	const char *name;
	int number;
} xenbus_errors[] = {
	{ "EINVAL", XEN_EINVAL }, { "EACCES", XEN_EACCES },   { "EEXIST", XEN_EEXIST },
	{ "EISDIR", XEN_EISDIR }, { "ENOENT", XEN_ENOENT },   { "ENOMEM", XEN_ENOMEM },
	{ "ENOSPC", XEN_ENOSPC }, { "EIO", XEN_EIO },         { "ENOTEMPTY", XEN_ENOTEMPTY },
	{ "ENOSYS", XEN_ENOSYS }, { "EROFS", XEN_EROFS },     { "EBUSY", XEN_EBUSY },
	{ "EAGAIN", XEN_EAGAIN }, { "EISCONN", XEN_EISCONN }, { "E2BIG", XEN_E2BIG },
	{ "EPERM", XEN_EPERM },   { "ERANGE", XEN_ERANGE },
};

/* ---- Watch slots ---- */

struct xenbus_watch_slot *xenbus_watch_find(const char *token)
{
	for (unsigned int i = 0; i < XENBUS_MAX_WATCHES; i++) {
		struct xenbus_watch_slot *w = &xq.watches[i];

		if (w->fn != NULL && strcmp(w->token, token) == 0) {
			return w;
		}
	}
	return NULL;
}

struct xenbus_watch_slot *xenbus_watch_free_slot(void)
{
	for (unsigned int i = 0; i < XENBUS_MAX_WATCHES; i++) {
		if (xq.watches[i].fn == NULL) {
			return &xq.watches[i];
		}
	}
	return NULL;
}

/* ---- Receiving ---- */

/* The payload length of the message being received; its header must be complete. */
static uint32_t xenbus_in_len(void)
{
	struct xs_msg_header h;

	memcpy(&h, xq.in, sizeof(h));
	return h.len;
}

/* Bytes still missing from the header, or once it is complete, from the payload. */
static uint32_t xenbus_in_wanted(void)
{
	if (xq.in_got < XENBUS_HEADER) {
		return XENBUS_HEADER - xq.in_got;
	}
	return XENBUS_HEADER + xenbus_in_len() - xq.in_got;
}

/* A watch event's payload is "path\0token\0"; anything after the token is ignored. */
static bool xenbus_parse_event(const char *body, uint32_t len, const char **path,
			       const char **token)
{
	size_t path_len = strnlen(body, len);
	size_t token_len;

	if (path_len == len) {
		return false;
	}
	token_len = strnlen(body + path_len + 1, len - path_len - 1);
	if (path_len + 1 + token_len == len || token_len > XENBUS_TOKEN_MAX) {
		return false;
	}
	*path = body;
	*token = body + path_len + 1;
	return true;
}

static void xenbus_queue_event(const uint8_t *body, uint32_t len)
{
	const char *path;
	const char *token;
	struct xenbus_watch_slot *w;
	struct xenbus_event *e;

	if (!xenbus_parse_event((const char *)body, len, &path, &token) ||
	    (w = xenbus_watch_find(token)) == NULL) {
		xq.stats.events_unknown++;
		return;
	}
	if (xq.event_count == XENBUS_EVENT_QUEUE) {
		/* Its watcher hears of it later, as an event on the watched path itself. */
		w->missed = true;
		xq.stats.events_dropped++;
		return;
	}
	e = &xq.events[(xq.event_head + xq.event_count) % XENBUS_EVENT_QUEUE];
	memcpy(e->body, body, len);
	e->body[len] = '\0';
	e->len = len;
	xq.event_count++;
}

/* A whole message has arrived (copied out of the ring): route it. */
static void xenbus_received(const struct xs_msg_header *h, const uint8_t *body)
{
	if (h->type == XS_WATCH_EVENT) {
		xenbus_queue_event(body, h->len);
		return;
	}
	if (xq.waiting && !xq.replied && h->req_id == xq.want_id) {
		xq.reply_hdr = *h;
		memcpy(xq.reply, body, h->len);
		xq.replied = true;
		return;
	}
	xq.stats.replies_ignored++;
}

/* After bytes were added to the message being received: check its header, finish it. */
static long xenbus_message_step(void)
{
	struct xs_msg_header h;

	if (xq.in_got < XENBUS_HEADER) {
		return 0;
	}
	memcpy(&h, xq.in, sizeof(h));
	if (h.len > XS_PAYLOAD_MAX) {
		return -XEN_EIO; /* cannot be skipped: where the next message starts is unknown */
	}
	if (xq.in_got < XENBUS_HEADER + h.len) {
		return 0;
	}
	xenbus_received(&h, xq.in + XENBUS_HEADER);
	xq.in_got = 0;
	return 0;
}

/* Add up to len bytes to the message being received; returns how many it took. */
static uint32_t xenbus_absorb(const uint8_t *bytes, uint32_t len)
{
	uint32_t wanted = xenbus_in_wanted();
	uint32_t n = wanted < len ? wanted : len;

	memcpy(xq.in + xq.in_got, bytes, n);
	xq.in_got += n;
	return n;
}

/* Take every byte the store has produced. Returns 0 or -XEN_EIO (connection broken). */
static long xenbus_pump(void)
{
	long got = xenbus_transport_take(xq.chunk, sizeof(xq.chunk));
	uint32_t done = 0;

	if (got < 0) {
		return got;
	}
	while (done < (uint32_t)got) {
		done += xenbus_absorb(xq.chunk + done, (uint32_t)got - done);
		if (xenbus_message_step() != 0) {
			return xenbus_transport_break();
		}
	}
	return 0;
}

/* ---- Sending and waiting ---- */

/* Wait conditions: they drain the response ring themselves, as no callback runs meanwhile. */
static bool xenbus_has_room(void *unused)
{
	(void)unused;
	return xenbus_pump() != 0 || xenbus_transport_has_room();
}

static bool xenbus_reply_came(void *unused)
{
	(void)unused;
	return xenbus_pump() != 0 || xq.replied;
}

static uint64_t xenbus_min(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* Sleep until cond holds or deadline; notify the store again every XENBUS_RENOTIFY_NS. */
static bool xenbus_wait(loop_cond_fn cond, uint64_t deadline)
{
	for (;;) {
		uint64_t slice = xenbus_min(deadline, loop_deadline_ns(XENBUS_RENOTIFY_NS));

		if (loop_run_until(cond, NULL, slice)) {
			return true;
		}
		if (counter_read() >= deadline) {
			return false;
		}
		xenbus_transport_notify();
	}
}

/* Write len bytes, in pieces as the store makes room. Half a message left behind breaks. */
static long xenbus_send(const uint8_t *bytes, uint32_t len, uint64_t deadline)
{
	uint32_t done = 0;

	while (done < len) {
		long n = xenbus_transport_put(bytes + done, len - done);

		if (n < 0) {
			return n;
		}
		done += (uint32_t)n;
		if (done < len && !xenbus_wait(xenbus_has_room, deadline)) {
			return done > 0 ? xenbus_transport_break() : -XEN_EIO;
		}
	}
	return 0;
}

static uint64_t xenbus_deadline(void)
{
	return loop_deadline_ns((uint64_t)xq.timeout_ms * 1000000ull);
}

/* Send one message and wait for the reply to it (in xq.reply_hdr / xq.reply). */
static long xenbus_exchange(uint32_t type, uint32_t tx, const void *payload, uint32_t len)
{
	struct xs_msg_header h = { .type = type, .req_id = xq.next_id, .tx_id = tx, .len = len };
	uint64_t deadline = xenbus_deadline();
	long rc;

	/* req_id 0 is what watch events carry: never use it for a request. */
	xq.next_id = xq.next_id + 1u == 0 ? 1u : xq.next_id + 1u;
	memcpy(xq.out, &h, sizeof(h));
	if (len != 0) {
		memcpy(xq.out + XENBUS_HEADER, payload, len);
	}
	xq.want_id = h.req_id;
	xq.replied = false;
	xq.waiting = true;
	rc = xenbus_send(xq.out, XENBUS_HEADER + len, deadline);
	if (rc == 0 && !xenbus_wait(xenbus_reply_came, deadline)) {
		rc = -XEN_EIO; /* no reply in time; a late one will be ignored */
	}
	xq.waiting = false;
	if (rc == 0 && !xq.replied) {
		rc = -XEN_EIO; /* broken while waiting */
	}
	return rc;
}

static long xenbus_error_number(const char *text, uint32_t len)
{
	if (len > 0 && text[len - 1] == '\0') {
		len--;
	}
	for (size_t i = 0; i < sizeof(xenbus_errors) / sizeof(xenbus_errors[0]); i++) {
		const char *name = xenbus_errors[i].name;

		if (strlen(name) == len && memcmp(name, text, len) == 0) {
			return -xenbus_errors[i].number;
		}
	}
	return -XEN_EIO;
}

/* Hand the reply of a request of type type to the caller. */
static long xenbus_reply_out(uint32_t type, void *reply, size_t size)
{
	const struct xs_msg_header *h = &xq.reply_hdr;

	if (h->type == XS_ERROR) {
		return xenbus_error_number(xq.reply, h->len);
	}
	if (h->type != type) {
		return -XEN_EIO;
	}
	if (h->len > size) {
		return -XEN_ERANGE;
	}
	if (h->len != 0) {
		memcpy(reply, xq.reply, h->len);
	}
	return (long)h->len;
}

static long xenbus_usable(void)
{
	if (!xq.up) {
		return -XEN_ENODEV;
	}
	if (xenbus_transport_broken()) {
		return -XEN_EIO;
	}
	if (xq.busy) {
		return -XEN_EBUSY;
	}
	return smp_cpu_id() == 0 ? 0 : -XEN_EPERM;
}

long xenbus_request(uint32_t type, uint32_t tx, const void *payload, size_t len, void *reply,
		    size_t reply_size)
{
	long rc = xenbus_usable();

	if (rc != 0) {
		return rc;
	}
	if (len > XS_PAYLOAD_MAX) {
		return -XEN_E2BIG;
	}
	if ((payload == NULL && len != 0) || (reply == NULL && reply_size != 0)) {
		return -XEN_EINVAL;
	}
	xq.busy = true;
	rc = xenbus_exchange(type, tx, payload, (uint32_t)len);
	if (rc == 0) {
		rc = xenbus_reply_out(type, reply, reply_size);
	}
	xq.busy = false;
	/* Events that came with the reply are delivered by the loop's next dispatch. */
	if (xq.event_count != 0) {
		loop_port_raise(xenbus_transport_port());
	}
	return rc;
}

long xenbus_test_ring_write(const void *bytes, size_t len)
{
	long rc = xenbus_usable();

	if (rc != 0) {
		return rc;
	}
	if (len > XENBUS_TEST_WRITE_MAX) {
		return -XEN_E2BIG;
	}
	if (bytes == NULL && len != 0) {
		return -XEN_EINVAL;
	}
	xq.busy = true;
	rc = xenbus_send(bytes, (uint32_t)len, xenbus_deadline());
	xq.busy = false;
	return rc;
}

/* ---- Watch event delivery (loop callback) ---- */

/*
 * A watch whose events a full queue dropped gets one event on its own path
 * once the queue has drained: something at or below it changed, so its
 * watcher looks again, as it does for the first event of a watch.
 */
_Static_assert(sizeof(((struct xenbus_watch_slot *)0)->path) + XENBUS_TOKEN_MAX + 1 <=
		       sizeof(((struct xenbus_event *)0)->body),
	       "a watch's path and token fit an event");

static void xenbus_deliver_missed(void)
{
	for (unsigned int i = 0; i < XENBUS_MAX_WATCHES; i++) {
		struct xenbus_watch_slot *w = &xq.watches[i];

		if (w->fn != NULL && w->missed) {
			w->missed = false;
			/* Copied out: the callback may unwatch and free the slot. */
			memcpy(xq.delivering.body, w->path, sizeof(w->path));
			memcpy(xq.delivering.body + sizeof(w->path), w->token, sizeof(w->token));
			w->fn(xq.delivering.body, xq.delivering.body + sizeof(w->path), w->arg);
		}
	}
}

static void xenbus_deliver_events(void)
{
	while (xq.event_count > 0) {
		struct xenbus_watch_slot *w;
		const char *path;
		const char *token;

		/* Copied out: the callback may make requests that queue more events. */
		xq.delivering = xq.events[xq.event_head];
		xq.event_head = (xq.event_head + 1) % XENBUS_EVENT_QUEUE;
		xq.event_count--;
		if (!xenbus_parse_event(xq.delivering.body, xq.delivering.len, &path, &token)) {
			continue;
		}
		w = xenbus_watch_find(token);
		if (w != NULL) {
			w->fn(path, token, w->arg); /* unwatched meanwhile: dropped */
		}
	}
	xenbus_deliver_missed();
}

static void xenbus_port_event(evtchn_port_t port, void *unused)
{
	(void)port;
	(void)unused;
	(void)xenbus_pump();
	xenbus_deliver_events();
}

/* ---- Set-up ---- */

long xenbus_init(void)
{
	uint64_t pfn;
	uint64_t port;
	long rc;

	if (xq.up) {
		return 0;
	}
	rc = hvm_param_ring(HVM_PARAM_STORE_PFN, HVM_PARAM_STORE_EVTCHN, &pfn, &port);
	if (rc == 0) {
		rc = xenbus_transport_attach(pfn, (evtchn_port_t)port);
	}
	if (rc != 0) {
		return rc;
	}
	xq.next_id = 1;
	if (xq.timeout_ms == 0) {
		xq.timeout_ms = XENBUS_TIMEOUT_DEFAULT_MS;
	}
	rc = loop_port_add((evtchn_port_t)port, xenbus_port_event, NULL);
	if (rc != 0) {
		return rc;
	}
	xq.up = true;
	return 0;
}

bool xenbus_connected(void)
{
	return xq.up && !xenbus_transport_broken();
}

void xenbus_set_timeout_ms(unsigned int ms)
{
	xq.timeout_ms = ms != 0 ? ms : XENBUS_TIMEOUT_DEFAULT_MS;
}

void xenbus_get_stats(struct xenbus_stats *out)
{
	*out = xq.stats;
}
