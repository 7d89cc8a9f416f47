// SPDX-License-Identifier: MIT
/* A fake machine for netback's VIF engine: a frontend's grants and rings, a fake switch. */
#include "fixture.h"
#include "gso_cut_fake.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <abi/errno.h>
#include <abi/hypercall.h>

struct fx fx;

/* Grant table of the frontend. */

static struct fx_grant *fx_lookup(uint64_t ref, domid_t domid)
{
	if (domid != FX_DOMID || ref >= fx.grant_count || !fx.grants[ref].granted) {
		return NULL;
	}
	return &fx.grants[ref];
}

uint32_t fx_grant_page(bool readonly)
{
	uint32_t ref = fx.grant_count++;
	void *page = aligned_alloc(4096, 4096);

	assert_true(ref < FX_GRANTS);
	assert_non_null(page);
	memset(page, 0, 4096);
	fx.grants[ref] = (struct fx_grant){ .page = page, .granted = true, .readonly = readonly };
	return ref;
}

uint8_t *fx_page(uint32_t ref)
{
	assert_true(ref < fx.grant_count);
	return fx.grants[ref].page;
}

void fx_revoke(uint32_t ref)
{
	assert_true(ref < fx.grant_count);
	fx.grants[ref].granted = false;
}

/* One side of a copy: the frontend's granted page or our own gfn; NULL (and *status) if bad. */
static uint8_t *fx_copy_side(const struct gnttab_copy_ptr *ptr, bool gref, bool dest,
			     int16_t *status)
{
	struct fx_grant *g;

	if (!gref) {
		assert_int_equal(ptr->domid, DOMID_SELF);
		return (uint8_t *)(uintptr_t)(ptr->ref_or_gfn << 12);
	}
	g = fx_lookup(ptr->ref_or_gfn, ptr->domid);
	if (g == NULL) {
		*status = GNTST_bad_gntref;
		return NULL;
	}
	if (dest && g->readonly) {
		*status = GNTST_permission_denied;
		return NULL;
	}
	return g->page;
}

static int fx_grant_copy(struct gnttab_copy *ops, unsigned int count)
{
	assert_true(count >= 1 && count <= NET_COPY_BATCH_MAX);
	fx.copy_calls++;
	if (fx.copy_call_fails) {
		return -XEN_EFAULT;
	}
	for (unsigned int i = 0; i < count; i++) {
		struct gnttab_copy *op = &ops[i];
		int16_t status = GNTST_okay;
		bool src_gref = op->flags & GNTCOPY_source_gref;
		bool dst_gref = op->flags & GNTCOPY_dest_gref;
		uint8_t *src, *dst;

		/* Between a grant of the frontend's and our memory, never across a page. */
		assert_true(src_gref != dst_gref);
		assert_true(op->len > 0);
		assert_true(op->source.offset + op->len <= 4096 &&
			    op->dest.offset + op->len <= 4096);
		src = fx_copy_side(&op->source, src_gref, false, &status);
		dst = fx_copy_side(&op->dest, dst_gref, true, &status);
		fx.copy_ops++;
		if (status == GNTST_okay) {
			memcpy(dst + op->dest.offset, src + op->source.offset, op->len);
		}
		op->status = status;
	}
	return 0;
}

static int16_t fx_grant_map_pages(domid_t domid, const grant_ref_t *refs, unsigned int count,
				  void **va, grant_handle_t *handles)
{
	struct fx_grant *g;

	assert_int_equal(count, 1);
	g = fx_lookup(refs[0], domid);
	if (g == NULL || g->readonly) {
		return GNTST_bad_gntref;
	}
	g->maps++;
	handles[0] = refs[0];
	*va = g->page;
	return GNTST_okay;
}

static void fx_grant_unmap_pages(void *va, const grant_handle_t *handles, unsigned int count)
{
	assert_int_equal(count, 1);
	assert_true(handles[0] < fx.grant_count);
	assert_ptr_equal(va, fx.grants[handles[0]].page);
	assert_true(fx.grants[handles[0]].maps > 0);
	fx.grants[handles[0]].maps--;
}

/* Event channels: the frontend's port r is our port r - FX_REMOTE_PORT + 1. */

unsigned int fx_local(uint32_t remote)
{
	return remote - FX_REMOTE_PORT + 1u;
}

static int fx_evtchn_bind(domid_t domid, evtchn_port_t remote, net_event_fn fn, void *arg,
			  evtchn_port_t *port)
{
	unsigned int local;

	assert_int_equal(domid, FX_DOMID);
	if (remote < FX_REMOTE_PORT || remote >= FX_REMOTE_PORT + FX_PORTS - 1u) {
		return -XEN_EINVAL;
	}
	local = fx_local(remote);
	if (fx.ports[local].bound) {
		return -XEN_EBUSY;
	}
	fx.ports[local] = (struct fx_port){ .bound = true, .fn = fn, .arg = arg };
	*port = local;
	return 0;
}

static void fx_evtchn_close(evtchn_port_t port)
{
	assert_true(port < FX_PORTS && fx.ports[port].bound);
	fx.ports[port].bound = false;
	fx.ports[port].pending = false;
}

static void fx_evtchn_notify(evtchn_port_t port)
{
	assert_true(port < FX_PORTS && fx.ports[port].bound);
	fx.ports[port].notifies++;
}

static void fx_evtchn_raise(evtchn_port_t port)
{
	assert_true(port < FX_PORTS && fx.ports[port].bound);
	fx.ports[port].pending = true;
	fx.ports[port].raises++;
}

static uint64_t fx_gfn_of(const void *va)
{
	assert_int_equal((uintptr_t)va & 4095u, 0);
	return (uint64_t)(uintptr_t)va >> 12;
}

static void fx_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(fx.last_log, sizeof(fx.last_log), fmt, ap);
	va_end(ap);
	fx.logs++;
	if (getenv("FX_LOG") != NULL) {
		fprintf(stderr, "%s\n", fx.last_log);
	}
}

/* The switch: one port, driven by the test. */

int net_switch_port_add(struct net_switch *sw, const struct net_port_config *config,
			const struct net_port_ops *ops, void *arg, struct net_port **out)
{
	assert_ptr_equal(sw, (struct net_switch *)&fx.sw);
	assert_false(fx.sw.added);
	if (fx.adds_to_fail > 0) {
		fx.adds_to_fail--;
		return -XEN_ENOSPC;
	}
	fx.sw = (struct fx_switch_port){ .added = true, .config = *config, .ops = ops, .arg = arg };
	*out = (struct net_port *)&fx.sw;
	return 0;
}

void net_switch_port_remove(struct net_switch *sw, struct net_port *p)
{
	assert_ptr_equal(sw, (struct net_switch *)&fx.sw);
	assert_ptr_equal(p, (struct net_port *)&fx.sw);
	assert_true(fx.sw.added);
	fx.sw.added = false;
	fx.sw.ready = false;
}

void net_switch_ready(struct net_switch *sw, struct net_port *p)
{
	assert_ptr_equal(sw, (struct net_switch *)&fx.sw);
	assert_ptr_equal(p, (struct net_port *)&fx.sw);
	assert_true(fx.sw.added);
	fx.sw.ready = true;
}

void net_switch_port_stats(const struct net_port *p, struct net_port_stats *out)
{
	assert_ptr_equal(p, (const struct net_port *)&fx.sw);
	*out = fx.sw.stats;
}

struct net_frame *fx_pull(void)
{
	assert_true(fx.sw.added);
	return fx.sw.ops->pull(fx.sw.arg);
}

bool fx_push(struct net_frame *f)
{
	assert_true(fx.sw.added);
	return fx.sw.ops->push(fx.sw.arg, f);
}

/* Frames: plain allocations, counted. */

static uint64_t fx_frames_live;

struct net_frame *net_frame_alloc(uint32_t len)
{
	struct net_frame *f;

	if (len < 14u || len > NET_FRAME_MAX) {
		return NULL;
	}
	if (fx.allocs_to_fail > 0) {
		fx.allocs_to_fail--;
		return NULL;
	}
	f = malloc(sizeof(*f) + len);
	assert_non_null(f);
	memset(f, 0, sizeof(*f));
	f->refs = 1;
	f->len = len;
	fx_frames_live++;
	return f;
}

struct net_frame *net_frame_get(struct net_frame *f)
{
	f->refs++;
	return f;
}

void net_frame_put(struct net_frame *f)
{
	if (f == NULL) {
		return;
	}
	assert_true(f->refs > 0);
	if (--f->refs == 0) {
		fx_frames_live--;
		free(f);
	}
}

/* Stands in for net_csum.c's segmenter (gso_cut_fake.h), counting the calls. */
int net_gso_segment(const struct net_frame *f, struct net_frame **out, unsigned int max,
		    unsigned int *count)
{
	fx.gso_calls++;
	return gso_cut_fake(f, out, max, count);
}

uint64_t net_frame_live(void)
{
	return fx_frames_live;
}

/* Stands in for net_csum.c's filler: counts the calls, marks the frame, fails when told. */
int net_csum_fill(struct net_frame *f)
{
	assert_int_equal(f->refs, 1);
	assert_true(f->flags & NET_FRAME_CSUM_BLANK);
	fx.csum_calls++;
	if (fx.csum_rc != 0) {
		return fx.csum_rc;
	}
	f->data[f->len - 1u] = 0xcc;
	return 0;
}

struct net_platform fx_platform;

void fx_init(void)
{
	memset(&fx, 0, sizeof(fx));
	fx_frames_live = 0;
	fx_platform = (struct net_platform){
		.grant_copy = fx_grant_copy,
		.grant_map_pages = fx_grant_map_pages,
		.grant_unmap_pages = fx_grant_unmap_pages,
		.evtchn_bind = fx_evtchn_bind,
		.evtchn_close = fx_evtchn_close,
		.evtchn_notify = fx_evtchn_notify,
		.evtchn_raise = fx_evtchn_raise,
		.gfn_of = fx_gfn_of,
		.log = fx_log,
		.sw = (struct net_switch *)&fx.sw,
	};
	net_platform_set(&fx_platform);
}

void fx_stop(void)
{
	if (fx.conn != NULL) {
		struct vif_conn *c = fx.conn;

		fx.conn = NULL;
		vif_conn_stop(c);
	}
}

void fx_fini(void)
{
	fx_stop();
	/* Everything of ours is back: frames, mappings, ports, the switch port. */
	assert_int_equal(net_frame_live(), 0);
	assert_false(fx.sw.added);
	for (unsigned int i = 0; i < fx.grant_count; i++) {
		assert_int_equal(fx.grants[i].maps, 0);
		free(fx.grants[i].page);
	}
	for (unsigned int i = 0; i < FX_PORTS; i++) {
		assert_false(fx.ports[i].bound);
	}
}

static void fx_broken(void *arg)
{
	assert_ptr_equal(arg, &fx);
	fx.broken++;
	/* As the xenbus back end does: stop it from inside the callback. */
	fx_stop();
}

struct vif_conn_params fx_params(unsigned int queues, bool split)
{
	struct vif_conn_params p;

	memset(&p, 0, sizeof(p));
	p.frontend_id = FX_DOMID;
	p.handle = 0;
	p.queue_count = queues;
	for (unsigned int q = 0; q < VIF_QUEUES_MAX; q++) {
		p.tx_ports[q] = FX_REMOTE_PORT + 2u * q;
		p.rx_ports[q] = split ? FX_REMOTE_PORT + 2u * q + 1u : p.tx_ports[q];
	}
	p.sg = p.gso_tcpv4 = p.gso_tcpv6 = p.csum = p.ipv6_csum = p.rx_notify = true;
	snprintf(p.port.name, sizeof(p.port.name), "vif%u.0", FX_DOMID);
	return p;
}

int fx_start_with(struct vif_conn_params *p)
{
	int rc;

	for (unsigned int q = 0; q < p->queue_count && q < VIF_QUEUES_MAX; q++) {
		p->tx_ring_refs[q] = fx_grant_page(false);
		p->rx_ring_refs[q] = fx_grant_page(false);
		fx.tx_rings[q] = fx_page(p->tx_ring_refs[q]);
		fx.rx_rings[q] = fx_page(p->rx_ring_refs[q]);
		assert_int_equal(ring_front_init(&fx.tx[q], fx.tx_rings[q], NETIF_TX_SLOT_SIZE), 0);
		assert_int_equal(ring_front_init(&fx.rx[q], fx.rx_rings[q], NETIF_RX_SLOT_SIZE), 0);
	}
	fx.params = *p;
	rc = vif_conn_start(p, fx_broken, &fx, &fx.conn);
	if (rc != 0) {
		fx.conn = NULL;
	}
	fx_run();
	return rc;
}

int fx_start(unsigned int queues, bool split)
{
	struct vif_conn_params p = fx_params(queues, split);

	return fx_start_with(&p);
}

void fx_run(void)
{
	for (unsigned int round = 0; round < 100000; round++) {
		bool ran = false;

		for (unsigned int i = 0; i < FX_PORTS; i++) {
			if (fx.ports[i].bound && fx.ports[i].pending) {
				fx.ports[i].pending = false;
				fx.ports[i].fn(fx.ports[i].arg);
				ran = true;
			}
		}
		if (!ran) {
			return;
		}
	}
	fail_msg("the engine keeps raising its ports");
}

/* The frontend's side of the rings. */

static void fx_tx_kick(unsigned int q)
{
	unsigned int local = fx_local(fx.params.tx_ports[q]);

	if (ring_front_push_requests(&fx.tx[q]) && fx.ports[local].bound) {
		fx.ports[local].pending = true;
	}
}

void fx_tx_put(unsigned int q, const void *slots, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		assert_int_equal(ring_front_put_request(
					 &fx.tx[q], (const uint8_t *)slots + i * NETIF_TX_SLOT_SIZE,
					 NETIF_TX_SLOT_SIZE),
				 0);
	}
	fx_tx_kick(q);
}

unsigned int fx_tx_frame(unsigned int q, const uint8_t *data, uint32_t len, uint32_t slot_max,
			 uint16_t flags, uint8_t gso_type, uint16_t gso_size, uint16_t id)
{
	uint8_t slots[64][NETIF_TX_SLOT_SIZE];
	unsigned int n = 0, data_n = 0;
	uint32_t pos = 0;

	memset(slots, 0, sizeof(slots));
	do {
		uint32_t size = len - pos < slot_max ? len - pos : slot_max;
		uint32_t ref = fx_grant_page(true);
		uint16_t offset = (uint16_t)((data_n * 100u + 36u) % (4096u - size + 1u));
		struct netif_tx_request r = { .gref = ref, .offset = offset, .id = id++ };

		memcpy(fx_page(ref) + offset, data + pos, size);
		r.size = (uint16_t)(data_n == 0 ? len : size);
		pos += size;
		r.flags = pos < len ? NETTXF_more_data : 0;
		if (data_n == 0) {
			r.flags |= flags | (gso_type != 0 ? NETTXF_extra_info : 0);
		}
		assert_true(n < 64);
		memcpy(slots[n++], &r, sizeof(r));
		if (data_n++ == 0 && gso_type != 0) {
			struct netif_extra_info x = { .type = XEN_NETIF_EXTRA_TYPE_GSO };

			x.u.gso.type = gso_type;
			x.u.gso.size = gso_size;
			memcpy(slots[n++], &x, sizeof(x));
		}
	} while (pos < len);
	fx_tx_put(q, slots, n);
	return n;
}

int fx_tx_response(unsigned int q, struct netif_tx_response *rsp)
{
	int rc = ring_front_get_response(&fx.tx[q], rsp, sizeof(*rsp));

	assert_true(rc == 0 || rc == -XEN_EAGAIN);
	if (rc != 0) {
		(void)ring_front_final_check(&fx.tx[q]);
	}
	return rc == 0 ? 0 : -1;
}

uint32_t fx_rx_post(unsigned int q, unsigned int n)
{
	uint32_t first = 0;
	unsigned int local = fx_local(fx.params.rx_ports[q]);

	for (unsigned int i = 0; i < n; i++) {
		struct netif_rx_request r = { .id = (uint16_t)(fx.next_rx_id[q]++ % 256u),
					      .gref = fx_grant_page(false) };

		first = i == 0 ? r.gref : first;
		assert_int_equal(ring_front_put_request(&fx.rx[q], &r, sizeof(r)), 0);
	}
	if (ring_front_push_requests(&fx.rx[q]) && fx.ports[local].bound) {
		fx.ports[local].pending = true;
	}
	return first;
}

int fx_rx_response(unsigned int q, void *slot8)
{
	int rc = ring_front_get_response(&fx.rx[q], slot8, NETIF_RX_SLOT_SIZE);

	assert_true(rc == 0 || rc == -XEN_EAGAIN);
	if (rc != 0) {
		(void)ring_front_final_check(&fx.rx[q]);
	}
	return rc == 0 ? 0 : -1;
}

/* Frames. */

void fx_fill(uint8_t *data, uint32_t len, bool ipv6, uint8_t seed)
{
	static const uint8_t macs[12] = { 0x00, 0x16, 0x3e, 0, 0, 2, 0x00, 0x16, 0x3e, 0, 0, 1 };
	for (uint32_t i = 0; i < len; i++) {
		data[i] = (uint8_t)(i * 7u + seed);
	}
	memcpy(data, macs, sizeof(macs));
	data[12] = ipv6 ? 0x86 : 0x08;
	data[13] = ipv6 ? 0xdd : 0x00;
	if (ipv6 && len >= 54u) {
		data[14] = 0x60;
		data[20] = 6; /* next header: TCP */
	} else if (!ipv6 && len >= 34u) {
		data[14] = 0x45;
		data[23] = 6; /* protocol: TCP */
	}
}

struct net_frame *fx_frame(uint32_t len, uint8_t seed)
{
	struct net_frame *f = net_frame_alloc(len);

	assert_non_null(f);
	fx_fill(f->data, len, false, seed);
	return f;
}
