// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the console service's ring input path. The input is
 * a script for four domains' console ring pages (domain 1 holds the
 * toolstack right, so its focus requests count): output written into a
 * ring as a guest writes it (focus requests among it, whole or cut),
 * hostile producer and consumer indexes, input consumed or left, polls at
 * times the script advances, serial input (Ctrl-a's among it), and domains
 * removed and added again at indexes the script picks. Checks after every
 * step: the service writes only its own indexes (out_cons, in_prod), never
 * takes more than the guest produced, counts what it took, and breaks only
 * a domain whose ring the script made hostile. Until a domain holding the
 * input has had raw output passed through, every serial byte is printable
 * ASCII, a tab or a newline, on lines of at most a tag and
 * CONSOLE_LINE_MAX bytes.
 */
#include <abi/console_focus.h>
#include <abi/console_ring.h>
#include <abi/domain_info.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"

#define DOMAINS 4u
/* "(d65535) " and a line of text. */
#define SERIAL_LINE_MAX (9u + CONSOLE_LINE_MAX)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/** What the script knows of one domain: its page, and the indexes it, the guest, wrote. */
struct guest {
	uint16_t domid;
	bool attached;
	bool hostile; /* the script wrote an index no well-behaved guest would */
	uint32_t out_prod;
	uint32_t in_cons;
	uint32_t out_cons_seen; /* the service's, as last checked */
	uint32_t in_prod_seen;
	uint64_t taken; /* bytes the service consumed since this attachment */
	uint64_t put;   /* bytes the service produced since this attachment */
};

struct script {
	const uint8_t *data;
	size_t size, pos;
};

static struct console_service svc;
static struct console_ring rings[DOMAINS] __attribute__((aligned(4096)));
static struct guest guests[DOMAINS];
static uint64_t now_ns;
static bool raw_seen; /* some holder's raw output has gone to the serial line */
static uint32_t serial_col;

static void fail(void)
{
	abort();
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

/* Every serial byte while no raw output has passed: tagged lines of printable text. */
static void serial_write(void *ctx, const char *buf, size_t len)
{
	(void)ctx;
	if (buf == NULL || len == 0) {
		fail();
	}
	for (size_t i = 0; i < len && !raw_seen; i++) {
		unsigned char ch = (unsigned char)buf[i];

		if (ch == '\n') {
			serial_col = 0;
			continue;
		}
		if ((ch < 0x20 && ch != '\t') || ch > 0x7e || ++serial_col > SERIAL_LINE_MAX) {
			fail();
		}
	}
}

static void notify(void *ctx, uint16_t domid)
{
	(void)ctx;
	if (domid == 0 || domid > DOMAINS) {
		fail();
	}
}

/* The guest's indexes are its own: the service must not have written them. */
static void check_guest(unsigned int i)
{
	struct guest *g = &guests[i];
	volatile struct console_ring *r = &rings[i];
	struct console_stats st;
	uint32_t out_cons = r->out_cons;
	uint32_t in_prod = r->in_prod;

	if (r->out_prod != g->out_prod || r->in_cons != g->in_cons) {
		fail();
	}
	if (!g->attached) {
		if (out_cons != g->out_cons_seen || in_prod != g->in_prod_seen) {
			fail(); /* touched after console_service_remove */
		}
		return;
	}
	if (console_service_stats(&svc, g->domid, &st) != 0) {
		fail();
	}
	if (st.broken && !g->hostile) {
		fail();
	}
	g->taken += out_cons - g->out_cons_seen;
	g->put += in_prod - g->in_prod_seen;
	g->out_cons_seen = out_cons;
	g->in_prod_seen = in_prod;
	if (!g->hostile && (g->out_prod - out_cons > CONSOLE_RING_OUT_SIZE ||
			    in_prod - g->in_cons > CONSOLE_RING_IN_SIZE)) {
		fail(); /* took more than was written, or wrote over unread input */
	}
	if (st.bytes_out != g->taken || st.bytes_in != g->put) {
		fail();
	}
}

static void check_all(void)
{
	for (unsigned int i = 0; i < DOMAINS; i++) {
		check_guest(i);
	}
}

static void attach(struct script *s, unsigned int i)
{
	struct guest *g = &guests[i];
	volatile struct console_ring *r = &rings[i];
	uint32_t out = next_u32(s);
	uint32_t in = next_u32(s);
	uint32_t rights = g->domid == 1 ? DOMAIN_RIGHT_TOOLSTACK : 0;

	/* Where the page says the rings are, empty both ways, as a fresh guest leaves them. */
	r->out_prod = r->out_cons = out;
	r->in_cons = r->in_prod = in;
	*g = (struct guest){ .domid = g->domid,
			     .attached = true,
			     .out_prod = out,
			     .in_cons = in,
			     .out_cons_seen = out,
			     .in_prod_seen = in };
	if (console_service_add(&svc, g->domid, "fuzzed", rights, r) != 0) {
		fail();
	}
}

/* Output as a guest writes it: what fits, the producer index after. */
static void op_write(struct script *s, struct guest *g, volatile struct console_ring *r)
{
	size_t len = next_byte(s);
	uint32_t room = CONSOLE_RING_OUT_SIZE - (g->out_prod - r->out_cons);

	if (g->hostile || room > CONSOLE_RING_OUT_SIZE) {
		room = CONSOLE_RING_OUT_SIZE; /* a guest that broke the rules writes anyway */
	}
	len = len > s->size - s->pos ? s->size - s->pos : len;
	len = len > room ? room : len;
	for (size_t k = 0; k < len; k++) {
		r->out[(g->out_prod + k) & (CONSOLE_RING_OUT_SIZE - 1)] = (char)s->data[s->pos + k];
	}
	s->pos += len;
	g->out_prod += (uint32_t)len;
	r->out_prod = g->out_prod;
}

/* A focus request, well-formed or not, for a domain the script picks. */
static void op_focus(struct script *s, struct guest *g, volatile struct console_ring *r)
{
	static const char *const domids[] = { "1", "2", "3", "4", "9", "0", "65535", "01", "" };
	const char *id = domids[next_byte(s) % (sizeof(domids) / sizeof(domids[0]))];
	char req[64];
	size_t len = 0;

	memcpy(req, CONSOLE_FOCUS_PREFIX, sizeof(CONSOLE_FOCUS_PREFIX) - 1);
	len += sizeof(CONSOLE_FOCUS_PREFIX) - 1;
	memcpy(req + len, id, strlen(id));
	len += strlen(id);
	memcpy(req + len, CONSOLE_FOCUS_END, sizeof(CONSOLE_FOCUS_END) - 1);
	len += sizeof(CONSOLE_FOCUS_END) - 1;
	len -= next_byte(s) % 4 == 0 ? next_byte(s) % len : 0; /* cut short, sometimes */
	if (!g->hostile && len > CONSOLE_RING_OUT_SIZE - (g->out_prod - r->out_cons)) {
		return; /* a guest waits for room */
	}
	for (size_t k = 0; k < len; k++) {
		r->out[(g->out_prod + k) & (CONSOLE_RING_OUT_SIZE - 1)] = req[k];
	}
	g->out_prod += (uint32_t)len;
	r->out_prod = g->out_prod;
}

static void op_hostile(struct script *s, struct guest *g, volatile struct console_ring *r)
{
	g->hostile = true;
	if (next_byte(s) & 1) {
		g->out_prod = next_u32(s);
		r->out_prod = g->out_prod;
	} else {
		g->in_cons = next_u32(s);
		r->in_cons = g->in_cons;
	}
}

/* Whether the domain holding the input has output waiting: the next poll passes it on raw. */
static void note_raw(void)
{
	int focus = console_input_focus(&svc);

	for (unsigned int i = 0; i < DOMAINS; i++) {
		if (guests[i].attached && guests[i].domid == focus &&
		    rings[i].out_prod != rings[i].out_cons) {
			raw_seen = true;
		}
	}
}

static void op_poll(struct script *s)
{
	now_ns += (uint64_t)next_byte(s) << 20; /* about a millisecond a step */
	note_raw();
	for (unsigned int i = 0; i < 4 && console_service_poll(&svc, now_ns); i++) {
		note_raw();
	}
}

static void op_input(struct script *s)
{
	uint8_t buf[64];
	size_t len = next_byte(s) % sizeof(buf);

	for (size_t k = 0; k < len; k++) {
		uint8_t b = next_byte(s);

		buf[k] = b < 0x30 ? CONSOLE_ESCAPE_CHAR : b; /* Ctrl-a often, to move the focus */
	}
	console_input(&svc, (const char *)buf, len, now_ns);
}

static void op_cycle(struct script *s, unsigned int i)
{
	struct guest *g = &guests[i];

	if (!g->attached) {
		attach(s, i);
		return;
	}
	if (console_service_remove(&svc, g->domid) != 0) {
		fail();
	}
	g->attached = false;
	g->out_cons_seen = rings[i].out_cons;
	g->in_prod_seen = rings[i].in_prod;
}

static void step(struct script *s)
{
	uint8_t op = next_byte(s);
	unsigned int i = op % DOMAINS;
	struct guest *g = &guests[i];
	volatile struct console_ring *r = &rings[i];

	switch ((op / DOMAINS) % 8u) {
	case 0:
	case 1:
		op_write(s, g, r);
		break;
	case 2:
		op_focus(s, g, r);
		break;
	case 3:
		op_hostile(s, g, r);
		break;
	case 4:
		g->in_cons = r->in_prod; /* the guest reads all its input */
		r->in_cons = g->in_cons;
		break;
	case 5:
		op_input(s);
		break;
	case 6:
		op_cycle(s, i);
		break;
	default:
		op_poll(s);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct console_ops ops = { .serial_write = serial_write, .notify = notify };
	struct script s = { data, size, 0 };

	memset(rings, 0, sizeof(rings));
	now_ns = 0;
	raw_seen = false;
	serial_col = 0;
	console_service_init(&svc, &ops, DOMAINS);
	for (unsigned int i = 0; i < DOMAINS; i++) {
		guests[i].domid = (uint16_t)(i + 1);
		attach(&s, i);
	}
	while (s.pos < s.size) {
		step(&s);
		check_all();
	}
	op_poll(&s);
	check_all();
	for (unsigned int i = 0; i < DOMAINS; i++) {
		if (guests[i].attached && console_service_remove(&svc, guests[i].domid) != 0) {
			fail();
		}
	}
	console_service_free(&svc);
	return 0;
}
