// SPDX-License-Identifier: MIT
/* A fake machine for blkback's request engine: a frontend's grants and rings, a memory disk. */
#include "fixture.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <abi/errno.h>
#include <abi/hypercall.h>

struct fx fx;

#define FX_REMOTE_PORT 50u

/* Grant table of the frontend. */

static struct fx_grant *fx_lookup(uint32_t ref)
{
	if (ref >= fx.grant_count || !fx.grants[ref].granted) {
		return NULL;
	}
	return &fx.grants[ref];
}

static uint32_t fx_grant(void *page, bool readonly)
{
	uint32_t ref = fx.grant_count++;

	assert_true(ref < FX_GRANTS);
	fx.grants[ref].page = page;
	fx.grants[ref].granted = true;
	fx.grants[ref].readonly = readonly;
	fx.grants[ref].owned = false;
	fx.grants[ref].maps = 0;
	return ref;
}

uint32_t fx_grant_page(bool readonly)
{
	void *page = aligned_alloc(4096, 4096);

	assert_non_null(page);
	memset(page, 0, 4096);
	uint32_t ref = fx_grant(page, readonly);

	fx.grants[ref].owned = true;
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

/* One side of a copy: the frontend's granted page or our own gfn. NULL: bad. */
static uint8_t *fx_copy_side(const struct gnttab_copy_ptr *ptr, bool gref, bool dest,
			     int16_t *status)
{
	struct fx_grant *g;

	if (!gref) {
		if (ptr->domid != DOMID_SELF) {
			*status = GNTST_bad_domain;
			return NULL;
		}
		return (uint8_t *)(uintptr_t)(ptr->ref_or_gfn << 12);
	}
	g = ptr->domid == FX_DOMID && ptr->ref_or_gfn <= UINT32_MAX
		    ? fx_lookup((uint32_t)ptr->ref_or_gfn)
		    : NULL;
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
	assert_true(count >= 1 && count <= BLK_COPY_BATCH_MAX);
	fx.copy_calls++;
	if (fx.copy_call_fails) {
		return -XEN_EFAULT;
	}
	for (unsigned int i = 0; i < count; i++) {
		struct gnttab_copy *op = &ops[i];
		int16_t status = GNTST_okay;
		uint8_t *src =
			fx_copy_side(&op->source, op->flags & GNTCOPY_source_gref, false, &status);
		uint8_t *dst =
			fx_copy_side(&op->dest, op->flags & GNTCOPY_dest_gref, true, &status);

		fx.copy_ops++;
		if (src != NULL && dst != NULL &&
		    (op->source.offset + op->len > 4096 || op->dest.offset + op->len > 4096)) {
			status = GNTST_bad_copy_arg;
		}
		if (status == GNTST_okay) {
			memcpy(dst + op->dest.offset, src + op->source.offset, op->len);
		}
		op->status = status;
	}
	return 0;
}

static int16_t fx_grant_map(domid_t domid, grant_ref_t ref, bool readonly, void **va,
			    grant_handle_t *handle, uint64_t *bus)
{
	struct fx_grant *g = domid == FX_DOMID ? fx_lookup(ref) : NULL;

	if (g == NULL) {
		return GNTST_bad_gntref;
	}
	if (g->readonly && !readonly) {
		return GNTST_permission_denied;
	}
	g->maps++;
	*va = g->page;
	*handle = ref;
	/* The fake disk reaches a page by its address in this process, when told it may. */
	*bus = fx.disk_reaches_grants ? (uint64_t)(uintptr_t)g->page : 0;
	return GNTST_okay;
}

static int16_t fx_grant_unmap(void *va, grant_handle_t handle)
{
	assert_true(handle < fx.grant_count);
	assert_ptr_equal(va, fx.grants[handle].page);
	assert_true(fx.grants[handle].maps > 0);
	fx.grants[handle].maps--;
	return GNTST_okay;
}

static int16_t fx_grant_map_pages(domid_t domid, const grant_ref_t *refs, unsigned int count,
				  void **va, grant_handle_t *handles)
{
	uint8_t *first;

	assert_true(count >= 1 && count <= 16);
	for (unsigned int i = 0; i < count; i++) {
		struct fx_grant *g = domid == FX_DOMID ? fx_lookup(refs[i]) : NULL;

		if (g == NULL || g->readonly) {
			return GNTST_bad_gntref;
		}
		/* The fake maps pages the frontend has side by side only. */
		first = fx.grants[refs[0]].page;
		if ((uint8_t *)g->page != first + (size_t)i * 4096u) {
			return GNTST_bad_gntref;
		}
	}
	for (unsigned int i = 0; i < count; i++) {
		fx.grants[refs[i]].maps++;
		handles[i] = refs[i];
	}
	*va = fx.grants[refs[0]].page;
	return GNTST_okay;
}

static void fx_grant_unmap_pages(void *va, const grant_handle_t *handles, unsigned int count)
{
	assert_ptr_equal(va, fx.grants[handles[0]].page);
	for (unsigned int i = 0; i < count; i++) {
		assert_true(fx.grants[handles[i]].maps > 0);
		fx.grants[handles[i]].maps--;
	}
}

/* Event channels. */

static int fx_evtchn_bind(domid_t domid, evtchn_port_t remote_port, blk_event_fn fn, void *arg,
			  evtchn_port_t *port)
{
	assert_int_equal(domid, FX_DOMID);
	if (remote_port < FX_REMOTE_PORT || remote_port >= FX_REMOTE_PORT + BLK_QUEUES_MAX) {
		return -XEN_EINVAL;
	}
	/* Our port of queue i is 1 + i: the remote port's offset. */
	evtchn_port_t local = 1u + (remote_port - FX_REMOTE_PORT);

	assert_false(fx.ports[local].bound);
	fx.ports[local].bound = true;
	fx.ports[local].pending = false;
	fx.ports[local].fn = fn;
	fx.ports[local].arg = arg;
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
}

/* Memory and log. */

static uint64_t fx_gfn_of(const void *va)
{
	assert_int_equal((uintptr_t)va & 4095u, 0);
	return (uint64_t)(uintptr_t)va >> 12;
}

static void *fx_page_alloc(void)
{
	void *page;

	if (fx.page_limit != 0 && fx.pages_out >= fx.page_limit) {
		return NULL;
	}
	page = aligned_alloc(4096, 4096);
	assert_non_null(page);
	memset(page, 0xa5, 4096);
	fx.pages_out++;
	return page;
}

static void fx_page_free(void *page)
{
	assert_true(fx.pages_out > 0);
	fx.pages_out--;
	free(page);
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

/* The disk. */

static const struct blk_disk_info *fx_disk_info(unsigned int disk)
{
	assert_int_equal(disk, 0);
	return &fx.info;
}

static int fx_disk_submit(unsigned int disk, const struct blk_disk_io *io)
{
	struct fx_io *q;

	assert_int_equal(disk, 0);
	if (fx.eagain_left > 0 && fx.eagain_skip > 0) {
		fx.eagain_skip--;
	} else if (fx.eagain_left > 0) {
		fx.eagain_left--;
		return -XEN_EAGAIN;
	}
	assert_true(fx.io_tail < FX_IOS);
	q = &fx.ios[fx.io_tail++];
	q->io = *io;
	assert_true(io->buf_count <= BLK_SEGMENTS_MAX);
	if (io->buf_count > 0) {
		memcpy(q->bufs, io->bufs, io->buf_count * sizeof(io->bufs[0]));
	}
	q->io.bufs = q->bufs;
	return 0;
}

static const struct blk_disks fx_disks = { .count = 1,
					   .info = fx_disk_info,
					   .submit = fx_disk_submit };

struct blk_platform fx_platform;

static const struct blk_platform fx_platform_initial = {
	.grant_copy = fx_grant_copy,
	.grant_map = fx_grant_map,
	.grant_unmap = fx_grant_unmap,
	.grant_map_pages = fx_grant_map_pages,
	.grant_unmap_pages = fx_grant_unmap_pages,
	.evtchn_bind = fx_evtchn_bind,
	.evtchn_close = fx_evtchn_close,
	.evtchn_notify = fx_evtchn_notify,
	.evtchn_raise = fx_evtchn_raise,
	.gfn_of = fx_gfn_of,
	.page_alloc = fx_page_alloc,
	.page_free = fx_page_free,
	.log = fx_log,
	.disks = &fx_disks,
};

/* Where a buffer's data is: blkback's memory, or a granted page the disk reaches in place. */
static void *fx_buf(const struct blk_disk_buf *b)
{
	assert_true((b->addr == NULL) == (b->bus != 0)); /* exactly one of them */
	assert_true(b->bus == 0 || fx.disk_reaches_grants);
	return b->bus != 0 ? (void *)(uintptr_t)b->bus : b->addr;
}

/* Do io on the memory disk; every byte must lie on it. */
static void fx_disk_do(const struct blk_disk_io *io)
{
	uint64_t at = io->sector * 512u;
	uint64_t len = 0;
	char op = '?';

	for (unsigned int i = 0; i < io->buf_count; i++) {
		len += io->bufs[i].len;
	}
	if (io->op == BLK_DISK_DISCARD) {
		len = (uint64_t)io->discard_sectors * 512u;
	}
	assert_true(at <= (uint64_t)FX_DISK_SECTORS * 512u);
	assert_true(len <= (uint64_t)FX_DISK_SECTORS * 512u - at);
	for (unsigned int i = 0; i < io->buf_count; i++) {
		if (io->op == BLK_DISK_READ) {
			memcpy(fx_buf(&io->bufs[i]), fx.disk + at, io->bufs[i].len);
		} else {
			memcpy(fx.disk + at, fx_buf(&io->bufs[i]), io->bufs[i].len);
		}
		at += io->bufs[i].len;
	}
	switch (io->op) {
	case BLK_DISK_READ:
		fx.reads++, op = 'R';
		break;
	case BLK_DISK_WRITE:
		fx.writes++, op = 'W';
		break;
	case BLK_DISK_FLUSH:
		fx.flushes++, op = 'F';
		break;
	case BLK_DISK_DISCARD:
		memset(fx.disk + at, 0, len);
		fx.discards++, op = 'D';
		break;
	}
	size_t n = strlen(fx.order);

	if (n + 1 < sizeof(fx.order)) {
		fx.order[n] = op;
	}
}

unsigned int fx_disk_queued(void)
{
	return fx.io_tail - fx.io_head;
}

unsigned int fx_disk_complete(unsigned int n)
{
	unsigned int done = 0;

	while (done < n && fx.io_head < fx.io_tail) {
		struct fx_io *q = &fx.ios[fx.io_head++];
		int status = fx.next_status;

		fx.next_status = 0;
		if (status == 0) {
			fx_disk_do(&q->io);
		}
		q->io.done(q->io.arg, status);
		done++;
	}
	if (fx.io_head == fx.io_tail) {
		fx.io_head = fx.io_tail = 0;
	}
	fx_run();
	return done;
}

/* The connection. */

void fx_init(void)
{
	memset(&fx, 0, sizeof(fx));
	fx.disk = calloc(FX_DISK_SECTORS, 512);
	assert_non_null(fx.disk);
	fx.info.sectors = FX_DISK_SECTORS;
	fx.info.logical_block_size = 512;
	fx.info.physical_block_size = 4096;
	fx.info.flush = true;
	fx.info.discard = true;
	fx.info.discard_granularity_bytes = 4096;
	fx.info.max_discard_sectors = 0;
	fx.info.max_bufs = 0;
	fx_platform = fx_platform_initial;
	blk_platform_set(&fx_platform);
}

void fx_stop(void)
{
	if (fx.conn != NULL) {
		struct blk_conn *c = fx.conn;

		fx.conn = NULL;
		blk_conn_stop(c);
	}
}

void fx_fini(void)
{
	fx_stop();
	(void)fx_disk_complete(UINT32_MAX);
	/* Everything of ours is back: pages, mappings, ports. */
	assert_int_equal(fx.pages_out, 0);
	for (unsigned int i = 0; i < fx.grant_count; i++) {
		assert_int_equal(fx.grants[i].maps, 0);
	}
	for (unsigned int i = 0; i < FX_PORTS; i++) {
		assert_false(fx.ports[i].bound);
	}
	for (unsigned int q = 0; q < BLK_QUEUES_MAX; q++) {
		free(fx.rings[q]);
	}
	for (unsigned int i = 0; i < fx.grant_count; i++) {
		if (fx.grants[i].owned) {
			free(fx.grants[i].page);
		}
	}
	free(fx.disk);
}

static void fx_broken(void *arg)
{
	assert_ptr_equal(arg, &fx);
	fx.broken++;
	/* As the xenbus back end does: stop it from inside the callback. */
	fx_stop();
}

int fx_start(unsigned int queues, unsigned int ring_pages, bool persistent, uint64_t first,
	     uint64_t sectors, bool readonly)
{
	struct blk_conn_params p;
	int rc;

	memset(&p, 0, sizeof(p));
	p.frontend_id = FX_DOMID;
	p.vbd.disk = 0;
	p.vbd.first = first;
	p.vbd.sectors = sectors;
	p.vbd.readonly = readonly;
	p.persistent = persistent;
	p.queue_count = queues;
	p.ring_pages = ring_pages;
	for (unsigned int q = 0; q < queues && q < BLK_QUEUES_MAX; q++) {
		size_t size = (size_t)(ring_pages ? ring_pages : 1) * 4096u;

		free(fx.rings[q]);
		fx.rings[q] = aligned_alloc(4096, size < 16u * 4096u ? 16u * 4096u : size);
		assert_non_null(fx.rings[q]);
		if (ring_pages >= 1 && ring_pages <= 16 && (ring_pages & (ring_pages - 1)) == 0) {
			assert_int_equal(ring_front_init_pages(&fx.front[q], fx.rings[q],
							       ring_pages, BLKIF_SLOT_SIZE),
					 0);
		}
		for (unsigned int i = 0; i < ring_pages && i < BLK_RING_PAGES_MAX; i++) {
			p.ring_refs[q][i] = fx_grant((uint8_t *)fx.rings[q] + i * 4096u, false);
		}
		p.ports[q] = FX_REMOTE_PORT + q;
	}
	fx.queue_count = queues;
	fx.ring_pages = ring_pages;
	rc = blk_conn_start(&p, fx_broken, &fx, &fx.conn);
	if (rc != 0) {
		fx.conn = NULL;
	}
	fx_run();
	return rc;
}

struct blk_conn *fx_start_other(struct ring_front *front, void **ring, uint64_t first,
				uint64_t sectors, blk_conn_broken_fn broken, void *arg)
{
	struct blk_conn_params p;
	struct blk_conn *c;

	memset(&p, 0, sizeof(p));
	p.frontend_id = FX_DOMID;
	p.vbd.first = first;
	p.vbd.sectors = sectors;
	p.queue_count = 1;
	p.ring_pages = 1;
	p.ports[0] = FX_REMOTE_PORT + 2;
	*ring = aligned_alloc(4096, 4096);
	assert_non_null(*ring);
	assert_int_equal(ring_front_init(front, *ring, BLKIF_SLOT_SIZE), 0);
	p.ring_refs[0][0] = fx_grant(*ring, false);
	assert_int_equal(blk_conn_start(&p, broken, arg, &c), 0);
	fx_run();
	return c;
}

void fx_put(unsigned int q, const void *req, size_t len)
{
	assert_int_equal(ring_front_put_request(&fx.front[q], req, len), 0);
	if (ring_front_push_requests(&fx.front[q]) && fx.ports[1 + q].bound) {
		fx.ports[1 + q].pending = true;
	}
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

int fx_response(unsigned int q, struct blkif_response *rsp)
{
	int rc = ring_front_get_response(&fx.front[q], rsp, sizeof(*rsp));

	assert_true(rc == 0 || rc == -XEN_EAGAIN);
	return rc == 0 ? 0 : -1;
}

struct blkif_request fx_rw(uint8_t op, uint64_t id, uint64_t sector, const uint32_t *refs,
			   unsigned int seg_count, uint8_t first, uint8_t last)
{
	struct blkif_request r;

	memset(&r, 0, sizeof(r));
	r.operation = op;
	r.nr_segments = (uint8_t)seg_count;
	r.handle = 51712;
	r.id = id;
	r.sector_number = sector;
	for (unsigned int i = 0; i < seg_count && i < BLKIF_MAX_SEGMENTS_PER_REQUEST; i++) {
		r.seg[i].gref = refs[i];
		r.seg[i].first_sect = first;
		r.seg[i].last_sect = last;
	}
	return r;
}
