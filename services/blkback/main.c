// SPDX-License-Identifier: MIT
/*
 * The block back end's domain: binds the request engine (blk_conn.h) and
 * the xenbus side (backend.h) to the library OS. It owns the virtio-blk
 * devices its DT lists (vda, vdb, ... in that order), serves the VBDs the
 * toolstack writes under backend/vbd of its home, and ends once only
 * service and driver domains are left.
 */
#include <abi/domain_info.h>
#include <abi/errno.h>
#include <abi/event_channel.h>
#include <abi/hypercall.h>
#include <libos/backend_mem.h>
#include <libos/backend_port.h>
#include <libos/evtchn.h>
#include <libos/gnttab.h>
#include <libos/loop.h>
#include <libos/peers.h>
#include <libos/service.h>
#include <libos/virtio_blk.h>
#include <libos/virtio_mmio.h>
#include <libos/xenbus.h>
#include <stdarg.h>
#include <stdio.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "blk_platform.h"

#define PAGE 4096u
#define DISKS_MAX 8u
/* Transports the DT may list: each driver domain's devices sit in their own pages. */
#define TRANSPORTS_MAX 32u
/* Rights of the domains blkback does not wait for: the services, and driver domains. */
#define SERVICE_RIGHTS (DOMAIN_RIGHT_CONSOLE | DOMAIN_RIGHT_XENSTORE | DOMAIN_RIGHT_DRIVER)

static struct virtio_blk *disks[DISKS_MAX];
static struct blk_disk_info disk_info[DISKS_MAX];
static struct blk_disks disk_set;
static struct backend backend;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("blkback: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	fflush(stdout);
}

static void say_line(const char *line)
{
	say("%s", line);
}

/* The engine's lines name blkback themselves. */
static void say_plain(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void say_plain(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	fflush(stdout);
}

/* Disks: the engine's view of the virtio-blk devices. */

static const struct blk_disk_info *disk_info_of(unsigned int disk)
{
	return disk < disk_set.count ? &disk_info[disk] : NULL;
}

static int disk_submit(unsigned int disk, const struct blk_disk_io *io)
{
	static const enum virtio_blk_op ops[] = {
		[BLK_DISK_READ] = VIRTIO_BLK_OP_READ,
		[BLK_DISK_WRITE] = VIRTIO_BLK_OP_WRITE,
		[BLK_DISK_FLUSH] = VIRTIO_BLK_OP_FLUSH,
		[BLK_DISK_DISCARD] = VIRTIO_BLK_OP_DISCARD,
	};
	/* The two buffer structs have the same fields; each is copied, never cast. */
	struct virtio_blk_buf bufs[BACKEND_INDIRECT_SEGMENTS];
	struct virtio_blk_request req = {
		.sector = io->sector,
		.discard_sectors = io->discard_sectors,
		.bufs = bufs,
		.buf_count = io->buf_count,
		.done = io->done,
		.arg = io->arg,
	};

	if (disk >= disk_set.count || (unsigned int)io->op >= sizeof(ops) / sizeof(ops[0]) ||
	    io->buf_count > BACKEND_INDIRECT_SEGMENTS) {
		return -XEN_EINVAL;
	}
	req.op = ops[io->op];
	for (unsigned int i = 0; i < io->buf_count; i++) {
		bufs[i] = (struct virtio_blk_buf){ io->bufs[i].addr, io->bufs[i].len,
						   io->bufs[i].bus };
	}
	return virtio_blk_submit(disks[disk], &req);
}

static void disk_describe(unsigned int n, const struct virtio_blk_info *vi)
{
	disk_info[n] = (struct blk_disk_info){
		.sectors = vi->sectors,
		.logical_block_size = vi->logical_block_size,
		.physical_block_size = vi->physical_block_size,
		.readonly = vi->readonly,
		.flush = vi->flush,
		.discard = vi->discard,
		.discard_granularity_bytes = vi->discard_granularity_bytes,
		.max_discard_sectors = vi->max_discard_sectors,
		.max_bufs = vi->max_bufs,
	};
	say("vd%c: %llu sectors (%llu MiB), %s%s%s", 'a' + n, (unsigned long long)vi->sectors,
	    (unsigned long long)(vi->sectors >> 11), vi->readonly ? "read-only" : "read-write",
	    vi->flush ? ", flush" : "", vi->discard ? ", discard" : "");
}

/* Every virtio-blk device of the DT, in its order; other virtio devices are not ours. */
static void disks_open(void)
{
	static struct virtio_mmio_dev devs[TRANSPORTS_MAX];
	int found = virtio_mmio_find(devs, TRANSPORTS_MAX);

	for (int i = 0; i < found && disk_set.count < DISKS_MAX; i++) {
		unsigned int n = disk_set.count;
		int rc = virtio_blk_open(&devs[i], &disks[n]);

		if (rc == -XEN_ENODEV) {
			continue;
		}
		if (rc != 0) {
			say("the block device at %#lx cannot be used (%d)",
			    (unsigned long)devs[i].base, rc);
			continue;
		}
		disk_describe(n, virtio_blk_info(disks[n]));
		disk_set.count++;
	}
	disk_set.info = disk_info_of;
	disk_set.submit = disk_submit;
}

/* The engine's platform: grants, event channels and pages of the library OS. */

static int evtchn_bind(domid_t domid, evtchn_port_t remote_port, blk_event_fn fn, void *arg,
		       evtchn_port_t *port)
{
	return (int)backend_port_bind(domid, remote_port, fn, arg, port);
}

/* A frontend's page, mapped so that the disks reach it in place where the core says where it
 * is (a driver domain's device mapping); else mapped only, and copied through. */
static int16_t grant_map(domid_t domid, grant_ref_t ref, bool readonly, void **va,
			 grant_handle_t *handle, uint64_t *bus)
{
	*bus = 0;
	if (!readonly && gnttab_map_page_dma(domid, ref, va, handle, bus) == GNTST_okay) {
		return GNTST_okay;
	}
	*bus = 0;
	return gnttab_map_page(domid, ref, readonly, va, handle);
}

static void *page_alloc(void)
{
	return memalign(PAGE, PAGE);
}

static const struct blk_platform platform = {
	.grant_copy = backend_grant_copy,
	.grant_map = grant_map,
	.grant_unmap = gnttab_unmap_page,
	.grant_map_pages = backend_ring_map,
	.grant_unmap_pages = backend_ring_unmap,
	.evtchn_bind = evtchn_bind,
	.evtchn_close = backend_port_unbind,
	.evtchn_notify = backend_port_notify,
	.evtchn_raise = loop_port_raise,
	.gfn_of = backend_gfn_of,
	.page_alloc = page_alloc,
	.page_free = free,
	.log = say_plain,
	.disks = &disk_set,
};

static const struct xenbus_backend_store store = XENBUS_BACKEND_LIBOS_STORE(say_line);

/* The end: once every live domain is a service or a driver domain, nobody needs a disk (the
 * toolstack holds none of these rights: while it lives, a guest may come). */

static void domains_changed(evtchn_port_t port, void *arg)
{
	(void)port;
	(void)arg;
	if (!peers_only_holders_of(SERVICE_RIGHTS)) {
		return;
	}
	say("no domain left to serve");
	backend_stop(&backend);
	exit(0);
}

int main(void)
{
	evtchn_port_t dom_exc;
	char id[8];
	long rc;

	rc = service_events_start(domains_changed, &dom_exc);
	if (rc != 0) {
		say("no events (%ld): nothing to serve", rc);
		return 1;
	}
	disks_open();
	if (disk_set.count == 0) {
		say("no virtio-blk device in this domain's DT: nothing to serve");
		return 1;
	}
	if (xenbus_init() != 0 || xenbus_read(XENBUS_TX_NONE, "domid", id, sizeof(id)) <= 0) {
		say("no xenstore: no VBD can be found");
		return 1;
	}
	blk_platform_set(&platform);
	rc = backend_start(&backend, &store, &disk_set, (uint16_t)strtoul(id, NULL, 10));
	if (rc != 0) {
		say("cannot follow backend/vbd (%ld)", rc);
		return 1;
	}
	say("serving %u disk(s) as d%s", disk_set.count, id);
	loop_run();
}
