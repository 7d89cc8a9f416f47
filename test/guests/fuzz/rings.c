// SPDX-License-Identifier: MIT
/*
 * Random and mutated bytes from the fuzzer into its own xenstore and console
 * rings (the pages the HVM params name), and kicks of their ports. Most
 * store messages are framed, of a known type, with path-like payloads
 * mutated here and there, so the store parses them; now and then a length
 * other than the payload's, raw bytes, or an index no well-behaved client
 * writes. The store may mark the ring dead (its error field) for that and
 * stop serving the fuzzer; the console may stop serving its ring: both must
 * go on serving the witness. The console gets few bytes, as they all end
 * up on the serial line. A ring page the fuzzer's own calls gave back is left
 * alone.
 */
#include <abi/console_focus.h>
#include <abi/console_ring.h>
#include <abi/event_channel.h>
#include <abi/grant_table.h>
#include <abi/hvm.h>
#include <abi/xs_wire.h>
#include <libos/hvm_param.h>
#include <libos/hypercall.h>
#include <libos/memmap.h>
#include <stdio.h>
#include <string.h>

#include "fuzz.h"

#define STORE_BYTES_MAX 96u   /* payload of one framed message */
#define CONSOLE_BYTES_MAX 24u /* bytes written to the console at once */

/** One of the fuzzer's rings: where it is, and the indexes the fuzzer writes. */
struct fuzz_ring {
	volatile uint8_t *page;
	evtchn_port_t port;
	uint32_t prod; /* ours: req_prod or out_prod */
	uint32_t cons; /* ours: rsp_cons or in_cons */
};

static struct fuzz_ring store;
static struct fuzz_ring console;

static bool ring_find(struct fuzz_ring *r, uint32_t pfn_index, uint32_t port_index)
{
	uint64_t pfn;
	uint64_t port;

	if (hvm_param_ring(pfn_index, port_index, &pfn, &port) != 0 ||
	    !memmap_normal(pfn * FUZZ_PAGE, FUZZ_PAGE)) {
		return false;
	}
	r->page = (volatile uint8_t *)(uintptr_t)(pfn * FUZZ_PAGE);
	r->port = (evtchn_port_t)port;
	return true;
}

bool fuzz_rings_init(void)
{
	bool found_store = ring_find(&store, HVM_PARAM_STORE_PFN, HVM_PARAM_STORE_EVTCHN);
	bool found_console = ring_find(&console, HVM_PARAM_CONSOLE_PFN, HVM_PARAM_CONSOLE_EVTCHN);

	if (found_store) {
		const volatile struct xs_ring *x = (const volatile struct xs_ring *)store.page;

		store.prod = x->req_prod;
		store.cons = x->rsp_cons;
	}
	if (found_console) {
		const volatile struct console_ring *c =
			(const volatile struct console_ring *)console.page;

		console.prod = c->out_prod;
		console.cons = c->in_cons;
	}
	printf("fuzz: rings: store %s, console %s\n", found_store ? "yes" : "no",
	       found_console ? "yes" : "no");
	return found_store || found_console;
}

/* Copy len bytes into a byte ring of size bytes at data, from index at on. */
static void ring_copy(volatile char *data, uint32_t size, uint32_t at, const uint8_t *bytes,
		      uint32_t len)
{
	for (uint32_t i = 0; i < len; i++) {
		data[(at + i) & (size - 1)] = (char)bytes[i];
	}
}

/* Flip, overwrite or cut a few bytes of buf (len bytes, room for max). */
static uint32_t mutate(uint8_t *buf, uint32_t len, uint32_t max)
{
	unsigned int edits = (unsigned int)fuzz_below(4);

	for (unsigned int i = 0; i < edits && len > 0; i++) {
		uint32_t at = (uint32_t)fuzz_below(len);

		switch (fuzz_below(4)) {
		case 0:
			buf[at] ^= (uint8_t)(1u << fuzz_below(8));
			break;
		case 1:
			buf[at] = (uint8_t)fuzz_value();
			break;
		case 2:
			len = at; /* cut */
			break;
		default:
			if (len < max) {
				buf[len++] = (uint8_t)fuzz_next(); /* grow */
			}
			break;
		}
	}
	return len;
}

/** A byte string with NULs inside it, and its length with the last NUL. */
struct shape {
	const char *bytes;
	uint32_t len;
};

#define SHAPE(text)                          \
	{                                    \
		text, (uint32_t)sizeof(text) \
	}

/* Copy one of count shapes (at most max bytes) into buf; its length. */
static uint32_t shape_copy(uint8_t *buf, const struct shape *shapes, size_t count, uint32_t max)
{
	const struct shape *sh = &shapes[fuzz_below(count)];
	uint32_t len = sh->len < max ? sh->len : max;

	memcpy(buf, sh->bytes, len);
	return len;
}

/* A payload for a store request: a real shape (paths, values, tokens, ids), mutated. */
static uint32_t store_payload(uint8_t *buf)
{
	static const struct shape shapes[] = {
		SHAPE("data/x"),
		SHAPE("data/x\0value"),
		SHAPE("/local/domain/2/data/w"),
		SHAPE("/local/domain/1\0r2"),
		SHAPE("data\0b1\0r2"),
		SHAPE("@introduceDomain\0tok"),
		SHAPE("data/x\0tok"),
		SHAPE("T"),
		SHAPE("F"),
		SHAPE("1\0"
		      "4096\0"
		      "3"),
		SHAPE("2"),
		SHAPE("/"),
		SHAPE(""),
	};
	uint32_t len = shape_copy(buf, shapes, sizeof(shapes) / sizeof(shapes[0]), STORE_BYTES_MAX);

	if (fuzz_one_in(8)) {
		len = (uint32_t)fuzz_below(STORE_BYTES_MAX + 1);
		fuzz_fill(buf, len);
	}
	return mutate(buf, len, STORE_BYTES_MAX);
}

/* One message (or raw bytes) into the store's request ring, as much as fits. */
static void store_write(volatile struct xs_ring *x)
{
	static const uint64_t types[] = { XS_READ,
					  XS_WRITE,
					  XS_DIRECTORY,
					  XS_MKDIR,
					  XS_RM,
					  XS_WATCH,
					  XS_UNWATCH,
					  XS_GET_PERMS,
					  XS_SET_PERMS,
					  XS_TRANSACTION_START,
					  XS_TRANSACTION_END,
					  XS_INTRODUCE,
					  XS_RELEASE,
					  XS_GET_DOMAIN_PATH,
					  XS_IS_DOMAIN_INTRODUCED,
					  XS_RESET_WATCHES,
					  XS_DIRECTORY_PART,
					  XS_CONTROL,
					  XS_WATCH_EVENT,
					  XS_ERROR };
	uint8_t msg[sizeof(struct xs_msg_header) + STORE_BYTES_MAX];
	struct xs_msg_header hdr;
	uint32_t payload = store_payload(msg + sizeof(hdr));
	uint32_t room = XS_RING_SIZE - (store.prod - x->req_cons);
	uint32_t len = (uint32_t)sizeof(hdr) + payload;

	hdr.type = (uint32_t)fuzz_pick(types, sizeof(types) / sizeof(types[0]));
	hdr.req_id = (uint32_t)fuzz_next();
	hdr.tx_id = fuzz_one_in(4) ? (uint32_t)fuzz_below(4) : 0;
	/* Rarely a length that is not the payload's: framing lost, the ring dead soon after (the
	 * store then stops serving the fuzzer, so these come seldom). */
	hdr.len = fuzz_one_in(4096) ? (uint32_t)fuzz_value() : payload;
	memcpy(msg, &hdr, sizeof(hdr));
	if (fuzz_one_in(4096)) {
		len = (uint32_t)fuzz_below(sizeof(msg) + 1); /* raw bytes, or a message cut */
		fuzz_fill(msg, len);
	}
	if (room > XS_RING_SIZE || len > room) {
		return; /* no room (or the store's index is not one we could have caused) */
	}
	ring_copy(x->req, XS_RING_SIZE, store.prod, msg, len);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	store.prod += len;
	x->req_prod = store.prod;
}

static void store_ring(void)
{
	volatile struct xs_ring *x = (volatile struct xs_ring *)store.page;

	if (fuzz_one_in(8192)) {
		x->req_prod = (uint32_t)fuzz_value(); /* an index out of the contract */
	} else if (fuzz_one_in(8192)) {
		x->rsp_cons = (uint32_t)fuzz_value();
	} else {
		store_write(x);
	}
	if (fuzz_one_in(2)) {
		store.cons = x->rsp_prod; /* the replies read, whatever they are */
		x->rsp_cons = store.cons;
	}
}

/* A few bytes: random, a line end, an escape sequence, a focus request (refused: no right). */
static uint32_t console_bytes(uint8_t *buf)
{
	static const struct shape shapes[] = {
		SHAPE("fuzz\n"),
		SHAPE("\r"),
		SHAPE("\033[2J"),
		SHAPE("\033[31m"),
		SHAPE("\033]0;t\007"),
		SHAPE("\t\b\n"),
		SHAPE(CONSOLE_FOCUS_PREFIX "2" CONSOLE_FOCUS_END),
		SHAPE(CONSOLE_FOCUS_PREFIX "99999" CONSOLE_FOCUS_END),
	};
	uint32_t len;

	if (fuzz_one_in(2)) {
		len = (uint32_t)fuzz_below(CONSOLE_BYTES_MAX + 1);
		fuzz_fill(buf, len);
		return len;
	}
	/* Without the terminating NUL: it would show as a filtered byte. */
	len = shape_copy(buf, shapes, sizeof(shapes) / sizeof(shapes[0]), CONSOLE_BYTES_MAX);
	return mutate(buf, len - 1, CONSOLE_BYTES_MAX);
}

static void console_ring(void)
{
	volatile struct console_ring *c = (volatile struct console_ring *)console.page;
	uint8_t buf[CONSOLE_BYTES_MAX];
	uint32_t room = CONSOLE_RING_OUT_SIZE - (console.prod - c->out_cons);
	uint32_t len = console_bytes(buf);

	if (fuzz_one_in(1024)) {
		c->out_prod = (uint32_t)fuzz_value(); /* an index out of the contract */
	} else if (room <= CONSOLE_RING_OUT_SIZE && len <= room) {
		ring_copy(c->out, CONSOLE_RING_OUT_SIZE, console.prod, buf, len);
		__atomic_thread_fence(__ATOMIC_RELEASE);
		console.prod += len;
		c->out_prod = console.prod;
	}
	if (fuzz_one_in(2)) {
		console.cons = c->in_prod; /* typed input read */
		c->in_cons = console.cons;
	}
}

/*
 * Whether the ring's page is still in the fuzzer's physmap: its memory_op
 * calls may have given it back (the magic pages are among the gfns they
 * lose), and a plain access would then fault. A one-byte grant copy from
 * it tells without touching it.
 */
static bool ring_present(const struct fuzz_ring *r)
{
	struct gnttab_copy op = {
		.source = { .ref_or_gfn = (uintptr_t)r->page / FUZZ_PAGE, .domid = DOMID_SELF },
		.dest = { .ref_or_gfn = fuzz_arg_gfn(), .domid = DOMID_SELF },
		.len = 1,
	};

	return hypercall_grant_table_op(GNTTABOP_copy, &op, 1) == 0 && op.status == GNTST_okay;
}

void fuzz_rings(void)
{
	struct fuzz_ring *r = fuzz_one_in(16) ? &console : &store;
	struct evtchn_port_arg send;

	if (r->page == NULL || !ring_present(r)) {
		return;
	}
	if (r == &store) {
		store_ring();
	} else {
		console_ring();
	}
	if (!fuzz_one_in(8)) {
		send.port = r->port;
		(void)hypercall_event_channel_op(EVTCHNOP_send, &send);
	}
}

unsigned int fuzz_rings_present(void)
{
	unsigned int present = 0;

	present += store.page != NULL && ring_present(&store) ? 1u : 0u;
	present += console.page != NULL && ring_present(&console) ? 1u : 0u;
	return present;
}
