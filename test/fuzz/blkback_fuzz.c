// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for blkback's request engine (services/blkback): the
 * input sets up a connection (queues, ring pages, persistent grants, a VBD
 * extent of a small memory disk, what the disk can do), fills the
 * frontend's ring pages and granted pages, and then drives a script:
 * events on the queues' ports, disk completions with a status, the
 * frontend rewriting ring bytes or its req_prod, grants revoked, the
 * device's queue full, stop. Whatever the frontend does, the engine must
 * keep its promises: no disk I/O outside the VBD's extent, no write to a
 * read-only VBD, never more responses than requests published, and after
 * stop and the last completion every page, mapping and port given back.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "blk_conn.h"
#include "blk_platform.h"
#include "blk_req.h"
#include <abi/blkif.h>
#include <abi/errno.h>
#include <abi/hypercall.h>
#include <libos/ring.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define DOMID 3
#define DISK_SECTORS 512u
#define DATA_PAGES 8u
#define GRANTS 64u
#define PORTS 8u
#define IOS 512u
#define MAX_QUEUES 2u
#define MAX_RING_PAGES 4u

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

static uint32_t word(void)
{
	uint32_t v = byte();

	v |= (uint32_t)byte() << 8;
	v |= (uint32_t)byte() << 16;
	return v | (uint32_t)byte() << 24;
}

struct grant {
	uint8_t *page;
	bool granted, readonly;
	unsigned int maps;
};

struct io {
	struct blk_disk_io io;
	struct blk_disk_buf bufs[BLK_SEGMENTS_MAX];
};

/* The disk's queue: outside m, so that clearing m for each input stays cheap. */
static struct io ios[IOS];

static struct {
	struct grant grants[GRANTS];
	uint8_t *rings; /* MAX_QUEUES rings of MAX_RING_PAGES pages, side by side */
	uint8_t *data;  /* DATA_PAGES frontend pages */
	struct {
		bool bound, pending;
		blk_event_fn fn;
		void *arg;
	} ports[PORTS];
	struct blk_disk_info info;
	uint8_t disk[DISK_SECTORS * 512u];
	unsigned int io_count;
	unsigned int eagain;
	unsigned int pages_out;
	bool forged; /* a ring header was written by the script, or by a read the frontend asked
		      * for into its own ring page: the frontend's own checks may object */
	bool dma;    /* grant_map gives a bus address: the disk reaches mapped pages in place */
	struct blk_conn *conn;
	struct blk_conn_params p;
	struct ring_front front[MAX_QUEUES];
} m;

static struct grant *lookup(uint64_t ref, domid_t domid)
{
	if (domid != DOMID || ref >= GRANTS || !m.grants[ref].granted) {
		return NULL;
	}
	return &m.grants[ref];
}

static bool is_ring_page(const struct grant *g)
{
	return g->page >= m.rings && g->page < m.rings + MAX_QUEUES * MAX_RING_PAGES * 4096u;
}

static int grant_copy(struct gnttab_copy *ops, unsigned int count)
{
	require(count >= 1 && count <= BLK_COPY_BATCH_MAX);
	for (unsigned int i = 0; i < count; i++) {
		struct gnttab_copy *op = &ops[i];
		bool to_gref = op->flags & GNTCOPY_dest_gref;
		bool from_gref = op->flags & GNTCOPY_source_gref;
		struct grant *g = NULL;
		uint8_t *src, *dst;

		/* The engine copies between a grant and its own page, never grant to grant. */
		require(to_gref != from_gref);
		require(op->source.offset + op->len <= 4096u && op->dest.offset + op->len <= 4096u);
		g = to_gref ? lookup(op->dest.ref_or_gfn, op->dest.domid)
			    : lookup(op->source.ref_or_gfn, op->source.domid);
		if (g == NULL || (to_gref && g->readonly)) {
			op->status = GNTST_bad_gntref;
			continue;
		}
		require((to_gref ? op->source.domid : op->dest.domid) == DOMID_SELF);
		src = from_gref ? g->page : (uint8_t *)(uintptr_t)(op->source.ref_or_gfn << 12);
		dst = to_gref ? g->page : (uint8_t *)(uintptr_t)(op->dest.ref_or_gfn << 12);
		memcpy(dst + op->dest.offset, src + op->source.offset, op->len);
		op->status = GNTST_okay;
		/* A segment may name the grant of a ring page: the frontend's own page to spoil. */
		m.forged = m.forged || (to_gref && is_ring_page(g));
	}
	return 0;
}

static int16_t grant_map(domid_t domid, grant_ref_t ref, bool readonly, void **va,
			 grant_handle_t *handle, uint64_t *bus)
{
	struct grant *g = lookup(ref, domid);

	if (g == NULL || (g->readonly && !readonly)) {
		return GNTST_bad_gntref;
	}
	g->maps++;
	*va = g->page;
	/* Mapped as a persistent segment, a ring page may take the data of reads. */
	m.forged = m.forged || is_ring_page(g);
	*handle = ref;
	*bus = m.dma ? (uint64_t)(uintptr_t)g->page : 0;
	return GNTST_okay;
}

static int16_t grant_unmap(void *va, grant_handle_t handle)
{
	require(handle < GRANTS && m.grants[handle].maps > 0 && va == m.grants[handle].page);
	m.grants[handle].maps--;
	return GNTST_okay;
}

static int16_t grant_map_pages(domid_t domid, const grant_ref_t *refs, unsigned int count,
			       void **va, grant_handle_t *handles)
{
	for (unsigned int i = 0; i < count; i++) {
		struct grant *g = lookup(refs[i], domid);

		if (g == NULL || g->page != m.grants[refs[0]].page + (size_t)i * 4096u) {
			return GNTST_bad_gntref;
		}
	}
	for (unsigned int i = 0; i < count; i++) {
		m.grants[refs[i]].maps++;
		handles[i] = refs[i];
	}
	*va = m.grants[refs[0]].page;
	return GNTST_okay;
}

static void grant_unmap_pages(void *va, const grant_handle_t *handles, unsigned int count)
{
	require(va == m.grants[handles[0]].page);
	for (unsigned int i = 0; i < count; i++) {
		(void)grant_unmap(m.grants[handles[i]].page, handles[i]);
	}
}

static int evtchn_bind(domid_t domid, evtchn_port_t remote, blk_event_fn fn, void *arg,
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

static void *page_alloc(void)
{
	void *page = m.pages_out < 4096u ? aligned_alloc(4096, 4096) : NULL;

	m.pages_out += page != NULL;
	return page;
}

static void page_free(void *page)
{
	require(m.pages_out > 0);
	m.pages_out--;
	free(page);
}

static void log_line(const char *fmt, ...)
{
	(void)fmt;
}

static const struct blk_disk_info *disk_info(unsigned int disk)
{
	require(disk == 0);
	return &m.info;
}

static int disk_submit(unsigned int disk, const struct blk_disk_io *io)
{
	uint64_t len = io->op == BLK_DISK_DISCARD ? (uint64_t)io->discard_sectors * 512u : 0;
	uint64_t first = m.p.vbd.first * 512u, end = (m.p.vbd.first + m.p.vbd.sectors) * 512u;

	require(disk == 0 && io->buf_count <= BLK_SEGMENTS_MAX);
	if (m.eagain > 0) {
		m.eagain--;
		return -XEN_EAGAIN;
	}
	if (m.io_count == IOS) {
		return -XEN_EAGAIN;
	}
	for (unsigned int i = 0; i < io->buf_count; i++) {
		require(io->bufs[i].len > 0 && io->bufs[i].len % 512u == 0);
		len += io->bufs[i].len;
	}
	/* The promise: inside the extent, and no write to a read-only one. */
	if (io->op != BLK_DISK_FLUSH) {
		require(io->sector * 512u >= first && io->sector * 512u <= end &&
			len <= end - io->sector * 512u);
	}
	require(!m.p.vbd.readonly || io->op == BLK_DISK_READ || io->op == BLK_DISK_FLUSH);
	require(io->op != BLK_DISK_FLUSH || m.info.flush);
	require(io->op != BLK_DISK_DISCARD || m.info.discard);
	ios[m.io_count].io = *io;
	if (io->buf_count > 0) {
		memcpy(ios[m.io_count].bufs, io->bufs, io->buf_count * sizeof(io->bufs[0]));
	}
	ios[m.io_count].io.bufs = ios[m.io_count].bufs;
	m.io_count++;
	return 0;
}

/* Where the disk finds a buffer's data. In place, it must be a frontend page still mapped: the
 * engine keeps persistent grants until their last I/O is done, even past the connection's end. */
static uint8_t *buf_data(const struct blk_disk_buf *b)
{
	uint8_t *page = (uint8_t *)(uintptr_t)(b->bus & ~4095ull);
	unsigned int maps = 0;

	if (b->bus == 0) {
		require(b->addr != NULL);
		return b->addr;
	}
	require(m.dma && b->addr == NULL && (b->bus & 4095u) + b->len <= 4096u);
	for (unsigned int i = 0; i < GRANTS; i++) {
		maps += m.grants[i].page == page ? m.grants[i].maps : 0; /* refs may share a page */
	}
	require(maps > 0);
	return (uint8_t *)(uintptr_t)b->bus;
}

/* Complete the oldest I/O: its buffers are touched (ASan sees a freed one). */
static void disk_complete(int status)
{
	struct io io;
	uint64_t at;

	if (m.io_count == 0) {
		return;
	}
	io = ios[0];
	memmove(&ios[0], &ios[1], (m.io_count - 1) * sizeof(ios[0]));
	m.io_count--;
	at = io.io.sector * 512u;
	for (unsigned int i = 0; i < io.io.buf_count; i++) {
		if (io.io.op == BLK_DISK_READ) {
			memcpy(buf_data(&io.bufs[i]), m.disk + at, io.bufs[i].len);
		} else {
			memcpy(m.disk + at, buf_data(&io.bufs[i]), io.bufs[i].len);
		}
		at += io.bufs[i].len;
	}
	io.io.done(io.io.arg, status);
}

static const struct blk_disks disks = { .count = 1, .info = disk_info, .submit = disk_submit };

static const struct blk_platform platform = {
	.grant_copy = grant_copy,
	.grant_map = grant_map,
	.grant_unmap = grant_unmap,
	.grant_map_pages = grant_map_pages,
	.grant_unmap_pages = grant_unmap_pages,
	.evtchn_bind = evtchn_bind,
	.evtchn_close = evtchn_close,
	.evtchn_notify = evtchn_notify,
	.evtchn_raise = evtchn_raise,
	.gfn_of = gfn_of,
	.page_alloc = page_alloc,
	.page_free = page_free,
	.log = log_line,
	.disks = &disks,
};

static void broken(void *arg)
{
	(void)arg;
	require(m.conn != NULL);
	blk_conn_stop(m.conn);
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

/* Grants: the rings' pages first, then the data pages. */
static void make_grants(void)
{
	unsigned int ref = 0;

	for (unsigned int q = 0; q < MAX_QUEUES; q++) {
		for (unsigned int i = 0; i < MAX_RING_PAGES; i++, ref++) {
			m.grants[ref].page = m.rings + ((size_t)q * MAX_RING_PAGES + i) * 4096u;
			m.grants[ref].granted = true;
		}
	}
	/* The rest: data pages, granted read-write but every fifth read-only (the script changes
	 * them). */
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
	m.p.ring_pages = 1u << ((shape >> 1) & 3u); /* 8 is refused: fine */
	m.p.persistent = (shape & 0x10) != 0;
	m.dma = (shape & 0x08) != 0;
	m.p.vbd.readonly = (shape & 0x20) != 0;
	m.p.vbd.first = byte();
	m.p.vbd.sectors = (uint64_t)byte() + byte();
	m.info.sectors = DISK_SECTORS;
	m.info.flush = (shape & 0x40) != 0;
	m.info.discard = (shape & 0x80) != 0;
	m.info.max_bufs = byte() % 16u;
	m.info.max_discard_sectors = byte();
	for (unsigned int q = 0; q < MAX_QUEUES; q++) {
		for (unsigned int i = 0; i < MAX_RING_PAGES; i++) {
			m.p.ring_refs[q][i] = q * MAX_RING_PAGES + i;
		}
		m.p.ports[q] = 1u + q;
	}
}

/* A request mostly well formed, so that the checks behind the first ones are reached. */
static void shaped_request(uint8_t *slot)
{
	static const uint8_t ops[8] = { BLKIF_OP_READ,    BLKIF_OP_WRITE,
					BLKIF_OP_READ,    BLKIF_OP_FLUSH_DISKCACHE,
					BLKIF_OP_DISCARD, BLKIF_OP_INDIRECT,
					BLKIF_OP_WRITE,   BLKIF_OP_WRITE_BARRIER };
	struct blkif_request r;
	struct blkif_request_indirect *ind = (struct blkif_request_indirect *)&r;
	struct blkif_request_discard *dis = (struct blkif_request_discard *)&r;
	uint8_t shape = byte();

	memset(&r, 0, sizeof(r));
	r.operation = ops[shape & 7u];
	r.nr_segments = (uint8_t)(byte() % 13u);
	r.id = byte();
	r.sector_number = byte();
	for (unsigned int i = 0; i < BLKIF_MAX_SEGMENTS_PER_REQUEST; i++) {
		r.seg[i].gref = byte() % GRANTS;
		r.seg[i].first_sect = (uint8_t)(shape & 0x80 ? byte() % 9u : 0u);
		r.seg[i].last_sect = (uint8_t)(shape & 0x80 ? byte() % 9u : 7u);
	}
	if (r.operation == BLKIF_OP_DISCARD) {
		dis->nr_sectors = byte();
	} else if (r.operation == BLKIF_OP_INDIRECT) {
		ind->indirect_op = (uint8_t)((shape >> 3) & 3u);
		ind->nr_segments = (uint16_t)(byte() + ((shape & 0x40) ? 1u : 0u));
		ind->indirect_grefs[0] = byte() % GRANTS;
	}
	memcpy(slot, &r, sizeof(r));
}

/* The frontend publishes n requests on queue q's ring: shaped ones, or raw bytes. */
static void put_requests(unsigned int q, unsigned int n, bool raw)
{
	uint8_t slot[BLKIF_SLOT_SIZE];

	for (unsigned int i = 0; i < n; i++) {
		if (raw) {
			for (unsigned int b = 0; b < sizeof(slot); b++) {
				slot[b] = byte();
			}
		} else {
			shaped_request(slot);
		}
		if (ring_front_put_request(&m.front[q], slot, sizeof(slot)) != 0) {
			break;
		}
	}
	(void)ring_front_push_requests(&m.front[q]);
	m.ports[1 + q].pending = true;
}

/* One step of the script. */
static void step(void)
{
	uint8_t op = byte();
	unsigned int q = (op >> 4) % MAX_QUEUES;
	struct io_ring_header *h = (struct io_ring_header *)(m.rings + q * MAX_RING_PAGES * 4096u);
	struct blkif_response rsp;
	int rc;

	switch (op & 7u) {
	case 0:
		put_requests(q, 1u + byte() % 8u, (op & 8u) != 0);
		break;
	case 1:
		disk_complete(byte() & 1 ? -XEN_EIO : 0);
		break;
	case 2: /* the frontend writes any req_prod */
		h->req_prod = word();
		m.forged = true;
		m.ports[1 + q].pending = true;
		break;
	case 3: /* the frontend revokes a grant, or makes it read-only */
		if (op & 8u) {
			m.grants[byte() % GRANTS].readonly = true;
		} else {
			m.grants[byte() % GRANTS].granted = false;
		}
		break;
	case 4: /* rewrite ring bytes (in flight or not), or 8 bytes of a data page */
		if (op & 8u) {
			uint32_t at = word() % (DATA_PAGES * 4096u / 8u) * 8u;

			for (unsigned int b = 0; b < 8; b++) {
				m.data[at + b] = byte();
			}
		} else {
			uint32_t at = word() % (MAX_QUEUES * MAX_RING_PAGES * 4096u);

			m.forged = m.forged || at % (MAX_RING_PAGES * 4096u) < IO_RING_HEADER_SIZE;
			m.rings[at] = byte();
		}
		break;
	case 5:
		m.eagain = byte() % 4u;
		break;
	case 6: /* take responses, as a frontend does: never more than requests published */
		do {
			rc = ring_front_get_response(&m.front[q], &rsp, sizeof(rsp));
		} while (rc == 0);
		require(rc == -XEN_EAGAIN || m.forged);
		(void)ring_front_final_check(&m.front[q]);
		break;
	default:
		if (m.conn != NULL && byte() == 0xff) {
			blk_conn_stop(m.conn);
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
	m.rings = aligned_alloc(4096, MAX_QUEUES * MAX_RING_PAGES * 4096u);
	m.data = aligned_alloc(4096, DATA_PAGES * 4096u);
	require(m.rings != NULL && m.data != NULL);
	memset(m.rings, 0, MAX_QUEUES * MAX_RING_PAGES * 4096u);
	blk_platform_set(&platform);
	make_params();
	make_grants();
	/* Data pages: a pattern; the script writes what matters (segment descriptors) into them. */
	for (unsigned int i = 0; i < DATA_PAGES * 4096u; i++) {
		m.data[i] = (uint8_t)(i * 13u);
	}
	for (unsigned int q = 0; q < MAX_QUEUES; q++) {
		(void)ring_front_init_pages(&m.front[q], m.rings + q * MAX_RING_PAGES * 4096u,
					    m.p.ring_pages <= MAX_RING_PAGES ? m.p.ring_pages : 1,
					    BLKIF_SLOT_SIZE);
	}
	if (m.p.ring_pages <= MAX_RING_PAGES && blk_conn_start(&m.p, broken, NULL, &m.conn) == 0) {
		run_ports();
		for (unsigned int n = 0; n < 256 && in_left > 0; n++) {
			step();
		}
		if (m.conn != NULL) {
			blk_conn_stop(m.conn);
			m.conn = NULL;
		}
		while (m.io_count > 0) {
			disk_complete(0);
		}
	}
	/* Everything given back. */
	require(m.pages_out == 0);
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
