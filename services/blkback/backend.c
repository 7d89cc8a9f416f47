// SPDX-License-Identifier: MIT
/* blkback's xenbus side: the vbd class of the xenbus backend machine (backend.h). */
#include <abi/errno.h>
#include <stdio.h>
#include <string.h>

#include "backend.h"
#include "backend_front.h"
#include "vbd_target.h"

#define SECTOR_SIZE 512u

/* The `info` bits of the blkif protocol (Xen's VDISK_CDROM, VDISK_READONLY). */
#define INFO_CDROM 1u
#define INFO_READONLY 4u

static struct backend_vbd *vbd_of(struct backend *b, const struct xenbus_backend_device *d)
{
	return &b->vbds[d->slot];
}

/*
 * params and mode: which disk and extent, and whether the guest may write
 * it, into vbd. Returns 0, or -XEN_EINVAL, -XEN_ENODEV or -XEN_ERANGE
 * with why set.
 */
static int read_target(struct backend *b, struct xenbus_backend_device *d, struct vbd *vbd,
		       char *why, size_t why_size)
{
	char params[VBD_TARGET_MAX + 2], mode[4];
	struct vbd_target target;
	long len, mode_len;
	int rc;

	mode_len = xenbus_backend_read(d, "mode", mode, sizeof(mode));
	if (mode_len != 1 || (mode[0] != 'r' && mode[0] != 'w')) {
		snprintf(why, why_size, "mode is neither r nor w");
		return -XEN_EINVAL;
	}
	len = xenbus_backend_read(d, "params", params, sizeof(params));
	if (len < 0 || vbd_target_parse(params, (size_t)len, &target) != 0) {
		snprintf(why, why_size, "params is not vdX or vdX:FIRST+COUNT");
		return -XEN_EINVAL;
	}
	rc = vbd_target_resolve(&target, b->disks, mode[0] == 'r', vbd);
	if (rc == -XEN_ENODEV) {
		snprintf(why, why_size, "params names a disk blkback does not have");
	} else if (rc != 0) {
		snprintf(why, why_size, "params names sectors outside the disk or off its blocks");
	}
	return rc;
}

/* The discard keys for the VBD: granule, and where the first one starts in it. */
static unsigned int discard_keys(struct xenbus_backend_device *d, const struct vbd *vbd,
				 const struct blk_disk_info *info, struct xenbus_backend_key *keys)
{
	uint64_t granule = info->discard_granularity_bytes;
	uint64_t per_granule, offset;
	char enable[4];
	long len;

	/* The toolstack's discard-enable = 0 (xl's no-discard) turns it off, as in Linux. */
	len = xenbus_backend_read(d, "discard-enable", enable, sizeof(enable));
	if (!info->discard || vbd->readonly || (len == 1 && enable[0] == '0')) {
		xenbus_backend_key_number(&keys[0], "feature-discard", 0);
		return 1;
	}
	if (granule == 0 || granule % SECTOR_SIZE != 0) {
		granule = info->logical_block_size;
	}
	per_granule = granule / SECTOR_SIZE;
	/* Bytes from the VBD's first sector to the first granule boundary of the disk. */
	offset = (per_granule - vbd->first % per_granule) % per_granule * SECTOR_SIZE;
	xenbus_backend_key_number(&keys[0], "feature-discard", 1);
	xenbus_backend_key_number(&keys[1], "discard-granularity", granule);
	xenbus_backend_key_number(&keys[2], "discard-alignment", offset);
	xenbus_backend_key_number(&keys[3], "discard-secure", 0);
	return 4;
}

static long put_discard(struct backend *b, struct xenbus_backend_device *d)
{
	const struct vbd *vbd = &vbd_of(b, d)->vbd;
	struct xenbus_backend_key keys[4];

	return xenbus_backend_put(d, keys, discard_keys(d, vbd, b->disks->info(vbd->disk), keys));
}

/*
 * What blkfront reads of us (the machine then writes InitWait). The discard
 * keys wait for the connection, as in Linux: the toolstack's discard-enable
 * may come after the rest, and blkfront reads them only once we are
 * Connected.
 */
static long advertise(struct backend *b, struct xenbus_backend_device *d, bool cdrom)
{
	const struct vbd *vbd = &vbd_of(b, d)->vbd;
	const struct blk_disk_info *info = b->disks->info(vbd->disk);
	uint32_t physical = info->physical_block_size;
	struct xenbus_backend_key keys[10];
	unsigned int n = 0;

	/* A physical block smaller than the logical one, or not a power of two, is no hint. */
	if (physical < info->logical_block_size || (physical & (physical - 1)) != 0) {
		physical = info->logical_block_size;
	}
	xenbus_backend_key_number(&keys[n++], "feature-flush-cache", info->flush ? 1 : 0);
	xenbus_backend_key_number(&keys[n++], "feature-max-indirect-segments",
				  BACKEND_INDIRECT_SEGMENTS);
	xenbus_backend_key_number(&keys[n++], "feature-persistent", 1);
	xenbus_backend_key_number(&keys[n++], "max-ring-page-order", 4);
	xenbus_backend_key_number(&keys[n++], "multi-queue-max-queues", BLK_QUEUES_MAX);
	xenbus_backend_key_number(&keys[n++], "sectors", vbd->sectors);
	xenbus_backend_key_number(&keys[n++], "sector-size", info->logical_block_size);
	xenbus_backend_key_number(&keys[n++], "physical-sector-size", physical);
	xenbus_backend_key_number(&keys[n++], "info",
				  (cdrom ? INFO_CDROM : 0) | (vbd->readonly ? INFO_READONLY : 0));
	return xenbus_backend_put(d, keys, n);
}

/* The class's take_on: params and mode checked, the keys blkfront reads written. */
static int vbd_take_on(void *arg, struct xenbus_backend_device *d, char *why, size_t why_size)
{
	struct backend *b = arg;
	struct backend_vbd *v = vbd_of(b, d);
	char type[8];
	long rc;

	*v = (struct backend_vbd){ 0 };
	rc = read_target(b, d, &v->vbd, why, why_size);
	if (rc != 0) {
		return (int)rc;
	}
	rc = xenbus_backend_read(d, "device-type", type, sizeof(type));
	rc = advertise(b, d, rc == 5 && strcmp(type, "cdrom") == 0);
	if (rc != 0) {
		snprintf(why, why_size, "the store refused the backend's keys");
	}
	return (int)rc;
}

/* The engine ended the connection: the frontend broke the protocol. */
static void conn_broken(void *arg)
{
	xenbus_backend_broken(arg, "the frontend broke the blkif protocol");
}

/* The class's connect: the frontend's rings and ports, the discard keys, the engine. */
static int vbd_connect(void *arg, struct xenbus_backend_device *d, char *why, size_t why_size)
{
	struct backend *b = arg;
	struct backend_vbd *v = vbd_of(b, d);
	struct blk_conn_params p = { .frontend_id = d->frontend_id, .vbd = v->vbd };
	long rc;

	rc = backend_front_read(b->machine.store, d->front, &p, why, why_size);
	if (rc != 0) {
		return (int)rc;
	}
	rc = put_discard(b, d);
	if (rc != 0) {
		snprintf(why, why_size, "the store refused the discard keys");
		return (int)rc;
	}
	p.quiet = xenbus_backend_quiet(d);
	rc = blk_conn_start(&p, conn_broken, d, &v->conn);
	if (rc != 0) {
		v->conn = NULL;
		snprintf(why, why_size, "cannot map the frontend's rings or bind its ports");
	}
	return (int)rc;
}

static void vbd_disconnect(void *arg, struct xenbus_backend_device *d)
{
	struct backend_vbd *v = vbd_of(arg, d);

	if (v->conn) {
		blk_conn_stop(v->conn);
		v->conn = NULL;
	}
}

/* Written by the toolstack before we look: device-type is its last. */
static const char *const vbd_keys[] = { "params", "mode", "device-type" };

static const struct xenbus_backend_class vbd_class = {
	.name = "vbd",
	.keys = vbd_keys,
	.key_count = sizeof(vbd_keys) / sizeof(vbd_keys[0]),
	.take_on = vbd_take_on,
	.connect = vbd_connect,
	.disconnect = vbd_disconnect,
};

int backend_start(struct backend *b, const struct xenbus_backend_store *store,
		  const struct blk_disks *disks, uint16_t own_id)
{
	memset(b->vbds, 0, sizeof(b->vbds));
	b->disks = disks;
	return xenbus_backend_start(&b->machine, store, &vbd_class, b, own_id);
}

void backend_stop(struct backend *b)
{
	xenbus_backend_stop(&b->machine);
}

unsigned int backend_connections(const struct backend *b)
{
	return xenbus_backend_connections(&b->machine);
}
