// SPDX-License-Identifier: MIT
/* The xenstore client: framing on the store ring, replies by req_id, watches, transactions. */
#include <abi/event_channel.h>
#include <abi/hvm.h>
#include <abi/xs_wire.h>
#include <libos/counter.h>
#include <libos/evtchn.h>
#include <libos/hvm_param.h>
#include <libos/loop.h>
#include <libos/mmio.h>
#include <libos/smp.h>
#include <libos/xenbus.h>
#include <stddef.h>
#include <string.h>

/*
 * Locking: none. The client runs in thread context on the boot vCPU only;
 * its port's interrupt handler is the loop's, which only records. xb.busy
 * refuses a request made while another is being sent or awaited.
 *
 * The ring page is Device memory under the libOS's stage-1 map (it lies
 * below 1 GiB), so it is only touched with single aligned loads and stores
 * (mmio.h): bytes for data, 32-bit words for indexes. Our own indexes
 * (req_prod, rsp_cons) are kept here and only ever written to the page,
 * never read back: the store could change them under us.
 */

#define XENBUS_HEADER ((uint32_t)sizeof(struct xs_msg_header))
#define XENBUS_MSG_MAX (XENBUS_HEADER + XS_PAYLOAD_MAX)
#define XENBUS_TIMEOUT_DEFAULT_MS 5000u
/* While waiting, notify the store again this often: it may have bound its port after our
 * first notification went nowhere. A store drains everything on each wake, so extra
 * notifications cost it nothing. */
#define XENBUS_RENOTIFY_NS 100000000ull
/* The libOS maps guest physical memory up to 4 GiB; a ring beyond could not be reached. */
#define XENBUS_TEST_WRITE_MAX 65536u
#define XENBUS_DECIMAL_MAX 11 /* digits of a uint32_t, and a NUL */

#define XENBUS_RING_MASK (XS_RING_SIZE - 1u)
#define XENBUS_OFF_REQ offsetof(struct xs_ring, req)
#define XENBUS_OFF_RSP offsetof(struct xs_ring, rsp)
#define XENBUS_OFF_REQ_CONS offsetof(struct xs_ring, req_cons)
#define XENBUS_OFF_REQ_PROD offsetof(struct xs_ring, req_prod)
#define XENBUS_OFF_RSP_CONS offsetof(struct xs_ring, rsp_cons)
#define XENBUS_OFF_RSP_PROD offsetof(struct xs_ring, rsp_prod)
#define XENBUS_OFF_ERROR offsetof(struct xs_ring, error)

/** A watch with a callback; fn is NULL for a free slot. */
struct xenbus_watch_slot {
	xenbus_watch_fn fn;
	void *arg;
	char token[XENBUS_TOKEN_MAX + 1];
};

/** A queued watch event: its payload, NUL-terminated after len bytes. */
struct xenbus_event {
	uint32_t len;
	char body[XS_PAYLOAD_MAX + 1];
};

/** The client's state. */
struct xenbus_client {
	uintptr_t ring; /* the ring page's address */
	evtchn_port_t port;
	bool up;
	bool broken; /* framing lost or the ring's indexes invalid: nothing more goes out */
	bool busy;   /* a request is in flight */
	uint32_t req_prod;
	uint32_t rsp_cons;
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
	uint8_t out[XENBUS_MSG_MAX];  /* the request being sent */
	char payload[XS_PAYLOAD_MAX]; /* built by the typed calls */
	char scratch[XS_PAYLOAD_MAX]; /* their replies */
	struct xenbus_event events[XENBUS_EVENT_QUEUE];
	unsigned int event_head;
	unsigned int event_count;
	struct xenbus_event delivering;
	struct xenbus_watch_slot watches[XENBUS_MAX_WATCHES];
	struct xenbus_stats stats;
};

static struct xenbus_client xb;

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

/* Orders ring accesses against the store, which maps the page as Normal memory. */
static void xenbus_barrier(void)
{
	__asm__ volatile("dmb sy" ::: "memory");
}

static uint32_t xenbus_read32(size_t offset)
{
	return mmio_read32(xb.ring + offset);
}

static void xenbus_write32(size_t offset, uint32_t value)
{
	mmio_write32(xb.ring + offset, value);
}

static long xenbus_break(void)
{
	xb.broken = true;
	return -XEN_EIO;
}

/* ---- Receiving ---- */

/* The payload length of the message being received; its header must be complete. */
static uint32_t xenbus_in_len(void)
{
	struct xs_msg_header h;

	memcpy(&h, xb.in, sizeof(h));
	return h.len;
}

/* Bytes still missing from the header, or once it is complete, from the payload. */
static uint32_t xenbus_in_wanted(void)
{
	if (xb.in_got < XENBUS_HEADER) {
		return XENBUS_HEADER - xb.in_got;
	}
	return XENBUS_HEADER + xenbus_in_len() - xb.in_got;
}

static struct xenbus_watch_slot *xenbus_watch_find(const char *token)
{
	for (unsigned int i = 0; i < XENBUS_MAX_WATCHES; i++) {
		struct xenbus_watch_slot *w = &xb.watches[i];

		if (w->fn != NULL && strcmp(w->token, token) == 0) {
			return w;
		}
	}
	return NULL;
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
	struct xenbus_event *e;

	if (!xenbus_parse_event((const char *)body, len, &path, &token) ||
	    xenbus_watch_find(token) == NULL) {
		xb.stats.events_unknown++;
		return;
	}
	if (xb.event_count == XENBUS_EVENT_QUEUE) {
		xb.stats.events_dropped++;
		return;
	}
	e = &xb.events[(xb.event_head + xb.event_count) % XENBUS_EVENT_QUEUE];
	memcpy(e->body, body, len);
	e->body[len] = '\0';
	e->len = len;
	xb.event_count++;
}

/* A whole message has arrived (copied out of the ring): route it. */
static void xenbus_received(const struct xs_msg_header *h, const uint8_t *body)
{
	if (h->type == XS_WATCH_EVENT) {
		xenbus_queue_event(body, h->len);
		return;
	}
	if (xb.waiting && !xb.replied && h->req_id == xb.want_id) {
		xb.reply_hdr = *h;
		memcpy(xb.reply, body, h->len);
		xb.replied = true;
		return;
	}
	xb.stats.replies_ignored++;
}

/* After bytes were added to the message being received: check its header, finish it. */
static long xenbus_message_step(void)
{
	struct xs_msg_header h;

	if (xb.in_got < XENBUS_HEADER) {
		return 0;
	}
	memcpy(&h, xb.in, sizeof(h));
	if (h.len > XS_PAYLOAD_MAX) {
		return -XEN_EIO; /* cannot be skipped: where the next message starts is unknown */
	}
	if (xb.in_got < XENBUS_HEADER + h.len) {
		return 0;
	}
	xenbus_received(&h, xb.in + XENBUS_HEADER);
	xb.in_got = 0;
	return 0;
}

/* Copy up to avail bytes of the response ring from index cons into the message; how many. */
static uint32_t xenbus_take(uint32_t cons, uint32_t avail)
{
	uint32_t wanted = xenbus_in_wanted();
	uint32_t n = wanted < avail ? wanted : avail;

	for (uint32_t i = 0; i < n; i++) {
		xb.in[xb.in_got + i] =
			mmio_read8(xb.ring + XENBUS_OFF_RSP + ((cons + i) & XENBUS_RING_MASK));
	}
	xb.in_got += n;
	return n;
}

/* The response ring's consumer index is ours: publish it and tell the store there is room. */
static void xenbus_publish_rsp_cons(void)
{
	xenbus_barrier(); /* our reads of the bytes are done before the store may reuse them */
	xenbus_write32(XENBUS_OFF_RSP_CONS, xb.rsp_cons);
	xenbus_barrier();
	(void)evtchn_send(xb.port);
}

/* Take every byte the store has produced. Returns 0 or -XEN_EIO (connection broken). */
static long xenbus_pump(void)
{
	uint32_t prod;
	uint32_t avail;
	uint32_t taken = 0;

	if (xb.broken) {
		return -XEN_EIO;
	}
	if (xenbus_read32(XENBUS_OFF_ERROR) != 0) {
		return xenbus_break(); /* the store gave up on this connection */
	}
	prod = xenbus_read32(XENBUS_OFF_RSP_PROD);
	xenbus_barrier(); /* the bytes are read after the index that published them */
	avail = prod - xb.rsp_cons;
	if (avail > XS_RING_SIZE) {
		return xenbus_break();
	}
	while (taken < avail) {
		taken += xenbus_take(xb.rsp_cons + taken, avail - taken);
		if (xenbus_message_step() != 0) {
			return xenbus_break();
		}
	}
	if (taken != 0) {
		xb.rsp_cons += taken;
		xenbus_publish_rsp_cons();
	}
	return 0;
}

/* ---- Sending ---- */

/* Copy up to len bytes into the request ring and publish them. Returns how many, or -XEN_EIO. */
static long xenbus_put(const uint8_t *bytes, uint32_t len)
{
	uint32_t cons;
	uint32_t used;
	uint32_t n;

	if (xb.broken) {
		return -XEN_EIO;
	}
	cons = xenbus_read32(XENBUS_OFF_REQ_CONS);
	xenbus_barrier(); /* the store read those bytes before it moved cons: reuse them after */
	used = xb.req_prod - cons;
	if (used > XS_RING_SIZE) {
		return xenbus_break();
	}
	n = XS_RING_SIZE - used < len ? XS_RING_SIZE - used : len;
	if (n == 0) {
		return 0;
	}
	for (uint32_t i = 0; i < n; i++) {
		mmio_write8(xb.ring + XENBUS_OFF_REQ + ((xb.req_prod + i) & XENBUS_RING_MASK),
			    bytes[i]);
	}
	xenbus_barrier(); /* the bytes before the index that publishes them */
	xb.req_prod += n;
	xenbus_write32(XENBUS_OFF_REQ_PROD, xb.req_prod);
	xenbus_barrier();
	(void)evtchn_send(xb.port);
	return (long)n;
}

/* Wait conditions: they drain the response ring themselves, as no callback runs meanwhile. */
static bool xenbus_has_room(void *unused)
{
	(void)unused;
	if (xenbus_pump() != 0) {
		return true;
	}
	return xb.req_prod - xenbus_read32(XENBUS_OFF_REQ_CONS) != XS_RING_SIZE;
}

static bool xenbus_reply_came(void *unused)
{
	(void)unused;
	return xenbus_pump() != 0 || xb.replied;
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
		(void)evtchn_send(xb.port);
	}
}

/* Write len bytes, in pieces as the store makes room. Half a message left behind breaks. */
static long xenbus_send(const uint8_t *bytes, uint32_t len, uint64_t deadline)
{
	uint32_t done = 0;

	while (done < len) {
		long n = xenbus_put(bytes + done, len - done);

		if (n < 0) {
			return n;
		}
		done += (uint32_t)n;
		if (done < len && !xenbus_wait(xenbus_has_room, deadline)) {
			return done > 0 ? xenbus_break() : -XEN_EIO;
		}
	}
	return 0;
}

static uint64_t xenbus_deadline(void)
{
	return loop_deadline_ns((uint64_t)xb.timeout_ms * 1000000ull);
}

/* Send one message and wait for the reply to it (in xb.reply_hdr / xb.reply). */
static long xenbus_exchange(uint32_t type, uint32_t tx, const void *payload, uint32_t len)
{
	struct xs_msg_header h = { .type = type, .req_id = xb.next_id, .tx_id = tx, .len = len };
	uint64_t deadline = xenbus_deadline();
	long rc;

	/* req_id 0 is what watch events carry: never use it for a request. */
	xb.next_id = xb.next_id + 1u == 0 ? 1u : xb.next_id + 1u;
	memcpy(xb.out, &h, sizeof(h));
	if (len != 0) {
		memcpy(xb.out + XENBUS_HEADER, payload, len);
	}
	xb.want_id = h.req_id;
	xb.replied = false;
	xb.waiting = true;
	rc = xenbus_send(xb.out, XENBUS_HEADER + len, deadline);
	if (rc == 0 && !xenbus_wait(xenbus_reply_came, deadline)) {
		rc = -XEN_EIO; /* no reply in time; a late one will be ignored */
	}
	xb.waiting = false;
	if (rc == 0 && !xb.replied) {
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
	const struct xs_msg_header *h = &xb.reply_hdr;

	if (h->type == XS_ERROR) {
		return xenbus_error_number(xb.reply, h->len);
	}
	if (h->type != type) {
		return -XEN_EIO;
	}
	if (h->len > size) {
		return -XEN_ERANGE;
	}
	if (h->len != 0) {
		memcpy(reply, xb.reply, h->len);
	}
	return (long)h->len;
}

static long xenbus_usable(void)
{
	if (!xb.up) {
		return -XEN_ENODEV;
	}
	if (xb.broken) {
		return -XEN_EIO;
	}
	if (xb.busy) {
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
	xb.busy = true;
	rc = xenbus_exchange(type, tx, payload, (uint32_t)len);
	if (rc == 0) {
		rc = xenbus_reply_out(type, reply, reply_size);
	}
	xb.busy = false;
	/* Events that came with the reply are delivered by the loop's next dispatch. */
	if (xb.event_count != 0) {
		loop_port_raise(xb.port);
	}
	return rc;
}

/* ---- Watch event delivery (loop callback) ---- */

static void xenbus_deliver_events(void)
{
	while (xb.event_count > 0) {
		struct xenbus_watch_slot *w;
		const char *path;
		const char *token;

		/* Copied out: the callback may make requests that queue more events. */
		xb.delivering = xb.events[xb.event_head];
		xb.event_head = (xb.event_head + 1) % XENBUS_EVENT_QUEUE;
		xb.event_count--;
		if (!xenbus_parse_event(xb.delivering.body, xb.delivering.len, &path, &token)) {
			continue;
		}
		w = xenbus_watch_find(token);
		if (w != NULL) {
			w->fn(path, token, w->arg); /* unwatched meanwhile: dropped */
		}
	}
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

	if (xb.up) {
		return 0;
	}
	rc = hvm_param_ring(HVM_PARAM_STORE_PFN, HVM_PARAM_STORE_EVTCHN, &pfn, &port);
	if (rc != 0) {
		return rc;
	}
	xb.ring = (uintptr_t)(pfn << 12);
	xb.port = (evtchn_port_t)port;
	/* The core hands over a fresh page; take its indexes as they are. */
	xb.req_prod = xenbus_read32(XENBUS_OFF_REQ_PROD);
	xb.rsp_cons = xenbus_read32(XENBUS_OFF_RSP_CONS);
	xb.next_id = 1;
	if (xb.timeout_ms == 0) {
		xb.timeout_ms = XENBUS_TIMEOUT_DEFAULT_MS;
	}
	rc = loop_port_add(xb.port, xenbus_port_event, NULL);
	if (rc != 0) {
		return rc;
	}
	xb.up = true;
	return 0;
}

bool xenbus_connected(void)
{
	return xb.up && !xb.broken;
}

void xenbus_set_timeout_ms(unsigned int ms)
{
	xb.timeout_ms = ms != 0 ? ms : XENBUS_TIMEOUT_DEFAULT_MS;
}

void xenbus_get_stats(struct xenbus_stats *out)
{
	*out = xb.stats;
}

/* ---- Typed requests ---- */

/* xb.payload = "path\0" and extra_len bytes of extra. Returns its length or -XEN_E*. */
static long xenbus_path_payload(const char *path, const void *extra, size_t extra_len)
{
	size_t path_len;

	if (path == NULL || (extra == NULL && extra_len != 0)) {
		return -XEN_EINVAL;
	}
	path_len = strnlen(path, XS_PATH_MAX + 1);
	if (path_len > XS_PATH_MAX) {
		return -XEN_EINVAL;
	}
	if (extra_len > XS_PAYLOAD_MAX - path_len - 1) {
		return -XEN_E2BIG;
	}
	memcpy(xb.payload, path, path_len + 1);
	if (extra_len != 0) {
		memcpy(xb.payload + path_len + 1, extra, extra_len);
	}
	return (long)(path_len + 1 + extra_len);
}

/* A request on path (plus extra) whose reply only says it worked. */
static long xenbus_path_op(uint32_t type, uint32_t tx, const char *path, const void *extra,
			   size_t extra_len)
{
	long rc = xenbus_path_payload(path, extra, extra_len);

	if (rc >= 0) {
		rc = xenbus_request(type, tx, xb.payload, (size_t)rc, xb.scratch,
				    sizeof(xb.scratch));
	}
	return rc < 0 ? rc : 0;
}

long xenbus_read(uint32_t tx, const char *path, char *buf, size_t size)
{
	long rc;

	if (buf == NULL || size == 0) {
		return -XEN_EINVAL;
	}
	rc = xenbus_path_payload(path, NULL, 0);
	if (rc >= 0) {
		rc = xenbus_request(XS_READ, tx, xb.payload, (size_t)rc, buf, size - 1);
	}
	if (rc >= 0) {
		buf[rc] = '\0';
	}
	return rc;
}

long xenbus_write_bytes(uint32_t tx, const char *path, const void *value, size_t len)
{
	return xenbus_path_op(XS_WRITE, tx, path, value, len);
}

long xenbus_write(uint32_t tx, const char *path, const char *value)
{
	if (value == NULL) {
		return -XEN_EINVAL;
	}
	return xenbus_write_bytes(tx, path, value, strnlen(value, XS_PAYLOAD_MAX + 1));
}

long xenbus_mkdir(uint32_t tx, const char *path)
{
	return xenbus_path_op(XS_MKDIR, tx, path, NULL, 0);
}

long xenbus_rm(uint32_t tx, const char *path)
{
	return xenbus_path_op(XS_RM, tx, path, NULL, 0);
}

long xenbus_directory(uint32_t tx, const char *path, char *names, size_t size)
{
	long rc = xenbus_path_payload(path, NULL, 0);
	long count = 0;

	if (rc >= 0) {
		rc = xenbus_request(XS_DIRECTORY, tx, xb.payload, (size_t)rc, names, size);
	}
	if (rc <= 0) {
		return rc;
	}
	if (names[rc - 1] != '\0') {
		return -XEN_EIO; /* every name must end in a NUL */
	}
	for (long i = 0; i < rc; i++) {
		count += names[i] == '\0';
	}
	return count;
}

static bool xenbus_access_ok(char access)
{
	return access == XS_PERM_NONE || access == XS_PERM_READ || access == XS_PERM_WRITE ||
	       access == XS_PERM_BOTH;
}

/* One "<letter><domid>" entry of len characters. */
static bool xenbus_parse_perm(const char *entry, size_t len, struct xenbus_perm *out)
{
	uint32_t domid = 0;

	/* Five digits at most, so the sum below cannot overflow. */
	if (len < 2 || len > 6 || !xenbus_access_ok(entry[0])) {
		return false;
	}
	for (size_t i = 1; i < len; i++) {
		if (entry[i] < '0' || entry[i] > '9') {
			return false;
		}
		domid = domid * 10u + (uint32_t)(entry[i] - '0');
	}
	if (domid > UINT16_MAX) {
		return false;
	}
	*out = (struct xenbus_perm){ .domid = (domid_t)domid, .access = entry[0] };
	return true;
}

static long xenbus_parse_perms(const char *text, size_t len, struct xenbus_perm *perms,
			       unsigned int max)
{
	unsigned int count = 0;
	size_t at = 0;

	if (len == 0 || text[len - 1] != '\0') {
		return -XEN_EIO;
	}
	while (at < len) {
		size_t entry_len = strlen(text + at); /* ends at the last NUL at the latest */
		struct xenbus_perm perm;

		if (!xenbus_parse_perm(text + at, entry_len, &perm)) {
			return -XEN_EIO;
		}
		if (count == max) {
			return -XEN_ERANGE;
		}
		perms[count++] = perm;
		at += entry_len + 1;
	}
	return (long)count;
}

long xenbus_get_perms(uint32_t tx, const char *path, struct xenbus_perm *perms, unsigned int max)
{
	long rc = xenbus_path_payload(path, NULL, 0);

	if (perms == NULL && max != 0) {
		return -XEN_EINVAL;
	}
	if (rc >= 0) {
		rc = xenbus_request(XS_GET_PERMS, tx, xb.payload, (size_t)rc, xb.scratch,
				    sizeof(xb.scratch));
	}
	if (rc < 0) {
		return rc;
	}
	return xenbus_parse_perms(xb.scratch, (size_t)rc, perms, max);
}

/* value in decimal at out, NUL-terminated; returns the length with the NUL. */
static size_t xenbus_decimal(char *out, uint32_t value)
{
	char digits[XENBUS_DECIMAL_MAX];
	size_t n = 0;
	size_t len;

	do {
		digits[n++] = (char)('0' + value % 10u);
		value /= 10u;
	} while (value != 0);
	len = n;
	for (size_t i = 0; i < len; i++) {
		out[i] = digits[--n];
	}
	out[len] = '\0';
	return len + 1;
}

long xenbus_set_perms(uint32_t tx, const char *path, const struct xenbus_perm *perms,
		      unsigned int count)
{
	/* Each entry: a letter, up to 5 digits, a NUL. */
	char list[XS_PAYLOAD_MAX];
	size_t len = 0;

	if (perms == NULL || count == 0) {
		return -XEN_EINVAL;
	}
	if (count > sizeof(list) / 7) {
		return -XEN_E2BIG;
	}
	for (unsigned int i = 0; i < count; i++) {
		if (!xenbus_access_ok(perms[i].access)) {
			return -XEN_EINVAL;
		}
		list[len++] = perms[i].access;
		len += xenbus_decimal(list + len, perms[i].domid);
	}
	return xenbus_path_op(XS_SET_PERMS, tx, path, list, len);
}

static struct xenbus_watch_slot *xenbus_watch_free_slot(void)
{
	for (unsigned int i = 0; i < XENBUS_MAX_WATCHES; i++) {
		if (xb.watches[i].fn == NULL) {
			return &xb.watches[i];
		}
	}
	return NULL;
}

long xenbus_watch(const char *path, const char *token, xenbus_watch_fn fn, void *arg)
{
	struct xenbus_watch_slot *w;
	size_t token_len;
	long rc;

	if (token == NULL || fn == NULL) {
		return -XEN_EINVAL;
	}
	token_len = strnlen(token, XENBUS_TOKEN_MAX + 1);
	if (token_len > XENBUS_TOKEN_MAX) {
		return -XEN_EINVAL;
	}
	if (xenbus_watch_find(token) != NULL) {
		return -XEN_EEXIST;
	}
	w = xenbus_watch_free_slot();
	if (w == NULL) {
		return -XEN_ENOSPC;
	}
	/* In place before the request: the store's first event may come before its reply. */
	memcpy(w->token, token, token_len + 1);
	w->arg = arg;
	w->fn = fn;
	rc = xenbus_path_op(XS_WATCH, XENBUS_TX_NONE, path, token, token_len + 1);
	if (rc != 0) {
		w->fn = NULL;
	}
	return rc;
}

long xenbus_unwatch(const char *path, const char *token)
{
	struct xenbus_watch_slot *w;
	long rc;

	if (token == NULL) {
		return -XEN_EINVAL;
	}
	rc = xenbus_path_op(XS_UNWATCH, XENBUS_TX_NONE, path, token,
			    strnlen(token, XENBUS_TOKEN_MAX + 1) + 1);
	w = xenbus_watch_find(token);
	if (w != NULL) {
		w->fn = NULL;
	}
	return rc;
}

/* A transaction id: decimal digits, optionally NUL-terminated, non-zero, within 32 bits. */
static long xenbus_parse_tx(const char *text, size_t len, uint32_t *tx)
{
	uint64_t value = 0;

	if (len > 0 && text[len - 1] == '\0') {
		len--;
	}
	if (len == 0 || len > XENBUS_DECIMAL_MAX - 1) {
		return -XEN_EIO;
	}
	for (size_t i = 0; i < len; i++) {
		if (text[i] < '0' || text[i] > '9') {
			return -XEN_EIO;
		}
		value = value * 10u + (uint64_t)(text[i] - '0');
	}
	if (value == 0 || value > UINT32_MAX) {
		return -XEN_EIO;
	}
	*tx = (uint32_t)value;
	return 0;
}

long xenbus_transaction_start(uint32_t *tx)
{
	long rc;

	if (tx == NULL) {
		return -XEN_EINVAL;
	}
	rc = xenbus_request(XS_TRANSACTION_START, XENBUS_TX_NONE, "", 1, xb.scratch,
			    sizeof(xb.scratch));
	if (rc < 0) {
		return rc;
	}
	return xenbus_parse_tx(xb.scratch, (size_t)rc, tx);
}

long xenbus_transaction_end(uint32_t tx, bool commit)
{
	long rc = xenbus_request(XS_TRANSACTION_END, tx, commit ? "T" : "F", 2, xb.scratch,
				 sizeof(xb.scratch));

	return rc < 0 ? rc : 0;
}

long xenbus_get_domain_path(domid_t domid, char *buf, size_t size)
{
	char number[XENBUS_DECIMAL_MAX];
	size_t number_len = xenbus_decimal(number, domid);
	long rc;
	size_t len;

	if (buf == NULL || size == 0) {
		return -XEN_EINVAL;
	}
	rc = xenbus_request(XS_GET_DOMAIN_PATH, XENBUS_TX_NONE, number, number_len, xb.scratch,
			    sizeof(xb.scratch));
	if (rc < 0) {
		return rc;
	}
	len = (size_t)rc;
	if (len > 0 && xb.scratch[len - 1] == '\0') {
		len--;
	}
	if (len == 0 || memchr(xb.scratch, '\0', len) != NULL) {
		return -XEN_EIO;
	}
	if (len >= size) {
		return -XEN_ERANGE;
	}
	memcpy(buf, xb.scratch, len);
	buf[len] = '\0';
	return (long)len;
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
	xb.busy = true;
	rc = xenbus_send(bytes, (uint32_t)len, xenbus_deadline());
	xb.busy = false;
	return rc;
}
