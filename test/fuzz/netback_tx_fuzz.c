// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for netback's VIF engine (services/netback), its
 * transmit path first: the input sets up a connection (queues, split
 * channels, what the frontend takes), then drives a script: the frontend
 * publishing tx slots (raw bytes, or frames mostly well formed so that the
 * later checks are reached), rewriting ring bytes or its req_prod,
 * revoking grants, posting rx pages; the switch pulling frames and pushing
 * frames of any shape; stop. Whatever the frontend does, the engine must
 * keep its promises: every copy within a page and between a grant and its
 * own memory, every frame it hands the switch 14..NET_FRAME_MAX bytes with
 * a GSO size when it has a GSO type, never more responses than requests
 * published, and after stop every frame, mapping and port given back.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gso_cut_fake.h"
#include "net_frame.h"
#include "net_platform.h"
#include "net_switch.h"
#include "vif_conn.h"
#include <abi/errno.h>
#include <abi/hypercall.h>
#include <abi/netif.h>
#include <libos/ring.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define DOMID 3
#define DATA_PAGES 8u
#define GRANTS 64u
#define PORTS 8u
#define MAX_QUEUES 2u

static void require(bool condition)
{
	if (!condition) {
		__builtin_trap();
	}
}

/* The input, read front to back; zeros once it runs out. */
static const uint8_t *in;
static size_t in_left;

static uint8_t byte(void)
{
	if (in_left == 0) {
		return 0;
	}
	in_left--;
	return *in++;
}

static uint16_t half(void)
{
	uint16_t v = byte();

	return (uint16_t)(v | byte() << 8);
}

static uint32_t word(void)
{
	uint32_t v = half();

	return v | (uint32_t)half() << 16;
}

struct grant {
	uint8_t *page;
	bool granted, readonly;
	unsigned int maps;
};

static struct {
	struct grant grants[GRANTS];
	uint8_t *rings; /* MAX_QUEUES pairs of pages: tx, rx */
	uint8_t *data;  /* DATA_PAGES frontend pages */
	struct {
		bool bound, pending;
		net_event_fn fn;
		void *arg;
	} ports[PORTS];
	bool forged; /* the script wrote a ring header: the frontend's own checks may object */
	bool added, ready;
	const struct net_port_ops *ops;
	void *arg;
	uint64_t frames_live;
	struct vif_conn *conn;
	struct vif_conn_params p;
	struct ring_front tx[MAX_QUEUES], rx[MAX_QUEUES];
} m;

static struct grant *lookup(uint64_t ref, domid_t domid)
{
	if (domid != DOMID || ref >= GRANTS || !m.grants[ref].granted) {
		return NULL;
	}
	return &m.grants[ref];
}

static int grant_copy(struct gnttab_copy *ops, unsigned int count)
{
	require(count >= 1 && count <= NET_COPY_BATCH_MAX);
	for (unsigned int i = 0; i < count; i++) {
		struct gnttab_copy *op = &ops[i];
		bool to_gref = op->flags & GNTCOPY_dest_gref;
		bool from_gref = op->flags & GNTCOPY_source_gref;
		struct grant *g;
		uint8_t *src, *dst;

		/* The promise: a grant and our own memory, never across a page. */
		require(to_gref != from_gref && op->len > 0);
		require(op->source.offset + op->len <= 4096u && op->dest.offset + op->len <= 4096u);
		require((to_gref ? op->source.domid : op->dest.domid) == DOMID_SELF);
		g = to_gref ? lookup(op->dest.ref_or_gfn, op->dest.domid)
			    : lookup(op->source.ref_or_gfn, op->source.domid);
		if (g == NULL || (to_gref && g->readonly)) {
			op->status = GNTST_bad_gntref;
			continue;
		}
		src = from_gref ? g->page : (uint8_t *)(uintptr_t)(op->source.ref_or_gfn << 12);
		dst = to_gref ? g->page : (uint8_t *)(uintptr_t)(op->dest.ref_or_gfn << 12);
		memcpy(dst + op->dest.offset, src + op->source.offset, op->len);
		op->status = GNTST_okay;
	}
	return 0;
}

static int16_t grant_map_pages(domid_t domid, const grant_ref_t *refs, unsigned int count,
			       void **va, grant_handle_t *handles)
{
	struct grant *g = lookup(refs[0], domid);

	require(count == 1);
	if (g == NULL) {
		return GNTST_bad_gntref;
	}
	g->maps++;
	handles[0] = refs[0];
	*va = g->page;
	return GNTST_okay;
}

static void grant_unmap_pages(void *va, const grant_handle_t *handles, unsigned int count)
{
	require(count == 1 && handles[0] < GRANTS && m.grants[handles[0]].maps > 0);
	require(va == m.grants[handles[0]].page);
	m.grants[handles[0]].maps--;
}

static int evtchn_bind(domid_t domid, evtchn_port_t remote, net_event_fn fn, void *arg,
		       evtchn_port_t *port)
{
	if (domid != DOMID || remote == 0 || remote >= PORTS || m.ports[remote].bound) {
		return -XEN_EINVAL;
	}
	m.ports[remote].bound = true;
	m.ports[remote].pending = false;
	m.ports[remote].fn = fn;
	m.ports[remote].arg = arg;
	*port = remote;
	return 0;
}

static void evtchn_close(evtchn_port_t port)
{
	require(port < PORTS && m.ports[port].bound);
	m.ports[port].bound = false;
}

static void evtchn_notify(evtchn_port_t port)
{
	require(port < PORTS && m.ports[port].bound);
}

static void evtchn_raise(evtchn_port_t port)
{
	require(port < PORTS && m.ports[port].bound);
	m.ports[port].pending = true;
}

static uint64_t gfn_of(const void *va)
{
	require(((uintptr_t)va & 4095u) == 0);
	return (uintptr_t)va >> 12;
}

static void log_line(const char *fmt, ...)
{
	(void)fmt;
}

/* The switch: one port, pulled and pushed by the script. */

static int switch_token;

int net_switch_port_add(struct net_switch *sw, const struct net_port_config *config,
			const struct net_port_ops *ops, void *arg, struct net_port **out)
{
	require(sw == (struct net_switch *)&switch_token && !m.added && config->rules != NULL);
	m.added = true;
	m.ops = ops;
	m.arg = arg;
	*out = (struct net_port *)&switch_token;
	return 0;
}

void net_switch_port_remove(struct net_switch *sw, struct net_port *p)
{
	require(sw == (struct net_switch *)&switch_token && p == (struct net_port *)&switch_token);
	require(m.added);
	m.added = false;
	m.ready = false;
}

void net_switch_ready(struct net_switch *sw, struct net_port *p)
{
	require(sw == (struct net_switch *)&switch_token && p == (struct net_port *)&switch_token);
	require(m.added);
	m.ready = true;
}

void net_switch_port_stats(const struct net_port *p, struct net_port_stats *out)
{
	require(p == (const struct net_port *)&switch_token);
	memset(out, 0, sizeof(*out));
}

struct net_frame *net_frame_alloc(uint32_t len)
{
	struct net_frame *f;

	if (len < 14u || len > NET_FRAME_MAX) {
		return NULL;
	}
	f = malloc(sizeof(*f) + len);
	require(f != NULL);
	memset(f, 0, sizeof(*f));
	f->refs = 1;
	f->len = len;
	m.frames_live++;
	return f;
}

struct net_frame *net_frame_get(struct net_frame *f)
{
	f->refs++;
	return f;
}

void net_frame_put(struct net_frame *f)
{
	if (f != NULL && --f->refs == 0) {
		m.frames_live--;
		free(f);
	}
}

uint64_t net_frame_live(void)
{
	return m.frames_live;
}

/* net_csum.c's filler stands here as one that fails on odd lengths. */
int net_csum_fill(struct net_frame *f)
{
	require(f->refs == 1);
	return f->len % 2u == 0 ? 0 : -XEN_EINVAL;
}

/* net_csum.c's segmenter stands here as one that cuts the bytes into gso_size pieces. */
int net_gso_segment(const struct net_frame *f, struct net_frame **out, unsigned int max,
		    unsigned int *count)
{
	return gso_cut_fake(f, out, max, count);
}

static const struct net_platform platform = {
	.grant_copy = grant_copy,
	.grant_map_pages = grant_map_pages,
	.grant_unmap_pages = grant_unmap_pages,
	.evtchn_bind = evtchn_bind,
	.evtchn_close = evtchn_close,
	.evtchn_notify = evtchn_notify,
	.evtchn_raise = evtchn_raise,
	.gfn_of = gfn_of,
	.log = log_line,
	.sw = (struct net_switch *)&switch_token,
};

static void broken(void *arg)
{
	(void)arg;
	require(m.conn != NULL);
	vif_conn_stop(m.conn);
	m.conn = NULL;
}

static void run_ports(void)
{
	for (unsigned int round = 0; round < 1000; round++) {
		bool ran = false;

		for (unsigned int i = 0; i < PORTS; i++) {
			if (m.ports[i].bound && m.ports[i].pending) {
				m.ports[i].pending = false;
				m.ports[i].fn(m.ports[i].arg);
				ran = true;
			}
		}
		if (!ran) {
			return;
		}
	}
}

/* Grants: the rings' pages first (tx, rx of each queue), then data pages, every fifth
 * read-only. */
static void make_grants(void)
{
	unsigned int ref = 0;

	for (; ref < 2u * MAX_QUEUES; ref++) {
		m.grants[ref].page = m.rings + (size_t)ref * 4096u;
		m.grants[ref].granted = true;
	}
	for (; ref < GRANTS; ref++) {
		m.grants[ref].page = m.data + (size_t)(ref % DATA_PAGES) * 4096u;
		m.grants[ref].granted = true;
		m.grants[ref].readonly = ref % 5u == 0;
	}
}

static void make_params(void)
{
	uint8_t shape = byte();

	m.p.frontend_id = DOMID;
	m.p.queue_count = 1u + (shape & 1u);
	for (unsigned int q = 0; q < MAX_QUEUES; q++) {
		m.p.tx_ring_refs[q] = 2u * q;
		m.p.rx_ring_refs[q] = 2u * q + 1u;
		m.p.tx_ports[q] = 1u + 2u * q;
		m.p.rx_ports[q] = (shape & 2u) ? 2u + 2u * q : m.p.tx_ports[q];
	}
	m.p.sg = (shape & 4u) != 0;
	m.p.gso_tcpv4 = (shape & 8u) != 0;
	m.p.gso_tcpv6 = (shape & 16u) != 0;
	m.p.csum = (shape & 32u) != 0;
	m.p.ipv6_csum = (shape & 64u) != 0;
}

/* The extra after a frame's first slot: mostly a sound GSO one, sometimes anything. */
static void shaped_extra(unsigned int q, uint8_t shape)
{
	uint8_t slot[NETIF_TX_SLOT_SIZE];
	struct netif_extra_info x = { .type = XEN_NETIF_EXTRA_TYPE_GSO };

	x.u.gso.type = (uint8_t)(1u + byte() % 2u);
	x.u.gso.size = (uint16_t)(1u + byte() * 8u);
	if (shape & 0x10) {
		x.type = (uint8_t)(byte() % 7u);
		x.flags = (uint8_t)(byte() & 1u);
		x.u.gso.type = (uint8_t)(byte() % 4u);
		x.u.gso.size = half();
	}
	memset(slot, 0, sizeof(slot));
	memcpy(slot, &x, sizeof(x));
	(void)ring_front_put_request(&m.tx[q], slot, sizeof(slot));
}

/*
 * A frame mostly well formed (sizes that add up, offsets inside, a sound
 * extra), so that the checks behind the first ones and the copies are
 * reached; each bit of shape breaks one rule.
 */
static void shaped_frame(unsigned int q)
{
	uint8_t slot[NETIF_TX_SLOT_SIZE];
	uint8_t shape = byte();
	unsigned int count = 1u + byte() % (shape & 0x01 ? 20u : 6u);
	struct netif_tx_request r[20];
	uint32_t total = 0;

	for (unsigned int i = 0; i < count; i++) {
		r[i].gref = 2u * MAX_QUEUES + byte() % (GRANTS - 2u * MAX_QUEUES);
		r[i].size = (uint16_t)(half() % (shape & 0x02 ? 4097u : 2000u));
		r[i].offset = (uint16_t)(shape & 0x80 ? half() % 4097u : byte() * 8u);
		r[i].flags = (uint16_t)(i + 1u < count ? NETTXF_more_data : 0u);
		r[i].id = (uint16_t)(byte() + (shape & 0x40 ? 256u : 0u) * (i == 0));
		total += r[i].size;
	}
	total += 14u; /* the first slot's own part is at least a header */
	r[0].size = (uint16_t)(shape & 0x20 ? half() : total);
	r[0].flags = (uint16_t)(r[0].flags | (byte() & (shape & 0x04 ? 0x0fu : 0x03u)));
	if (shape & 0x08) {
		r[0].flags |= NETTXF_extra_info;
	}
	for (unsigned int i = 0; i < count; i++) {
		memcpy(slot, &r[i], sizeof(r[i]));
		(void)ring_front_put_request(&m.tx[q], slot, sizeof(slot));
		if (i == 0 && (r[0].flags & NETTXF_extra_info)) {
			shaped_extra(q, shape);
		}
	}
}

/* The frontend publishes on queue q's tx ring: shaped frames, or raw slots. */
static void put_tx(unsigned int q, bool raw)
{
	uint8_t slot[NETIF_TX_SLOT_SIZE];

	if (raw) {
		for (unsigned int i = 0, n = 1u + byte() % 8u; i < n; i++) {
			for (unsigned int b = 0; b < sizeof(slot); b++) {
				slot[b] = byte();
			}
			(void)ring_front_put_request(&m.tx[q], slot, sizeof(slot));
		}
	} else {
		shaped_frame(q);
	}
	(void)ring_front_push_requests(&m.tx[q]);
	m.ports[m.p.tx_ports[q]].pending = true;
}

/* The frontend posts pages on queue q's rx ring (an id past the ring's count when asked). */
static void post_rx(unsigned int q, bool bad_id)
{
	for (unsigned int i = 0, n = 1u + byte() % 20u; i < n; i++) {
		/* Data pages only: a ring's own page posted would have the copy write its header.
		 */
		struct netif_rx_request r = {
			.id = (uint16_t)(byte() + (bad_id && i == 0 ? 256u : 0u)),
			.gref = 2u * MAX_QUEUES + byte() % (GRANTS - 2u * MAX_QUEUES),
		};

		(void)ring_front_put_request(&m.rx[q], &r, sizeof(r));
	}
	(void)ring_front_push_requests(&m.rx[q]);
	m.ports[m.p.rx_ports[q]].pending = true;
}

/* The switch pushes a frame of any shape (shared with another port, sometimes). */
static void push_frame(void)
{
	uint8_t shape = byte();
	uint16_t len = half();
	/* Mostly an MTU's worth, so that frontends without feature-sg take them too. */
	struct net_frame *f =
		net_frame_alloc(14u + (shape & 0x80 ? len % (NET_FRAME_MAX - 13u) : len % 1500u));
	bool shared = (shape & 0x40) != 0;

	if (f == NULL || !m.added) {
		net_frame_put(f);
		return;
	}
	for (uint32_t i = 0; i < f->len; i++) {
		f->data[i] = (uint8_t)(i * 31u);
	}
	f->data[12] = shape & 1u ? 0x86 : 0x08;
	f->data[13] = shape & 1u ? 0xdd : 0x00;
	f->flags = (uint16_t)((shape >> 1) & 3u);
	f->gso_type = (uint8_t)(((shape >> 3) & 3u) % 3u);
	f->gso_size = f->gso_type != NET_GSO_NONE ? 1000 : 0;
	if (shared) {
		net_frame_get(f);
	}
	if (!m.ops->push(m.arg, f)) {
		net_frame_put(f);
	}
	if (shared) {
		net_frame_put(f);
	}
}

/* The switch pulls up to n frames: each one as promised. */
static void pull_frames(unsigned int n)
{
	for (unsigned int i = 0; i < n && m.added; i++) {
		struct net_frame *f = m.ops->pull(m.arg);

		if (f == NULL) {
			return;
		}
		require(f->refs == 1 && f->len >= 14u && f->len <= NET_FRAME_MAX);
		require(f->gso_type <= NET_GSO_TCPV6);
		require((f->gso_type == NET_GSO_NONE) == (f->gso_size == 0));
		net_frame_put(f);
	}
}

/* Take responses, as a frontend does: never more than requests published. */
static void take_responses(unsigned int q)
{
	uint8_t rsp[NETIF_TX_SLOT_SIZE];
	int rc;

	do {
		rc = ring_front_get_response(&m.tx[q], rsp, sizeof(rsp));
	} while (rc == 0);
	require(rc == -XEN_EAGAIN || m.forged);
	(void)ring_front_final_check(&m.tx[q]);
	do {
		rc = ring_front_get_response(&m.rx[q], rsp, NETIF_RX_SLOT_SIZE);
	} while (rc == 0);
	require(rc == -XEN_EAGAIN || m.forged);
	(void)ring_front_final_check(&m.rx[q]);
}

/* One step of the script. */
static void step(void)
{
	uint8_t op = byte();
	unsigned int q = (op >> 4) % MAX_QUEUES;
	uint8_t *ring = m.rings + (size_t)q * 2u * 4096u;

	switch (op & 7u) {
	case 0:
		put_tx(q, (op & 8u) != 0);
		break;
	case 1:
		post_rx(q, (op & 8u) != 0);
		break;
	case 2: /* the frontend writes any req_prod */
		((struct io_ring_header *)(ring + ((op & 8u) ? 4096u : 0u)))->req_prod = word();
		m.forged = true;
		m.ports[m.p.tx_ports[q]].pending = true;
		break;
	case 3: /* the frontend revokes a grant, or makes it read-only */
		if (op & 8u) {
			m.grants[byte() % GRANTS].readonly = true;
		} else {
			m.grants[byte() % GRANTS].granted = false;
		}
		break;
	case 4: { /* rewrite ring bytes, or 8 bytes of a data page */
		uint32_t at = word() % (2u * MAX_QUEUES * 4096u);

		if (op & 8u) {
			m.data[at % (DATA_PAGES * 4096u)] = byte();
		} else {
			m.forged = m.forged || at % 4096u < IO_RING_HEADER_SIZE;
			m.rings[at] = byte();
		}
		break;
	}
	case 5:
		if (m.added) {
			push_frame();
		}
		break;
	case 6:
		pull_frames(byte() % 40u);
		take_responses(q);
		break;
	default:
		if (m.conn != NULL && byte() == 0xff) {
			vif_conn_stop(m.conn);
			m.conn = NULL;
		}
		break;
	}
	run_ports();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	memset(&m, 0, sizeof(m));
	in = data;
	in_left = size;
	m.rings = aligned_alloc(4096, 2u * MAX_QUEUES * 4096u);
	m.data = aligned_alloc(4096, DATA_PAGES * 4096u);
	require(m.rings != NULL && m.data != NULL);
	memset(m.rings, 0, 2u * MAX_QUEUES * 4096u);
	for (unsigned int i = 0; i < DATA_PAGES * 4096u; i++) {
		m.data[i] = (uint8_t)(i * 13u);
	}
	net_platform_set(&platform);
	make_params();
	make_grants();
	for (unsigned int q = 0; q < MAX_QUEUES; q++) {
		(void)ring_front_init(&m.tx[q], m.rings + (size_t)q * 2u * 4096u,
				      NETIF_TX_SLOT_SIZE);
		(void)ring_front_init(&m.rx[q], m.rings + ((size_t)q * 2u + 1u) * 4096u,
				      NETIF_RX_SLOT_SIZE);
	}
	if (vif_conn_start(&m.p, broken, NULL, &m.conn) == 0) {
		run_ports();
		for (unsigned int n = 0; n < 256 && in_left > 0; n++) {
			step();
		}
		if (m.conn != NULL) {
			vif_conn_stop(m.conn);
			m.conn = NULL;
		}
	}
	/* Everything given back. */
	require(m.frames_live == 0 && !m.added);
	for (unsigned int i = 0; i < GRANTS; i++) {
		require(m.grants[i].maps == 0);
	}
	for (unsigned int i = 0; i < PORTS; i++) {
		require(!m.ports[i].bound);
	}
	free(m.rings);
	free(m.data);
	return 0;
}
