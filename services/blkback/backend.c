// SPDX-License-Identifier: MIT
/* blkback's xenbus side: its vbd backend directories, and each device's state (backend.h). */
#include <abi/errno.h>
#include <abi/hypercall.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "backend.h"
#include "backend_front.h"
#include "vbd_target.h"

#define SECTOR_SIZE 512u
#define TX_RETRIES 8u         /* commits the store may refuse (-XEN_EAGAIN) before we give up */
#define NAMES_SIZE 1024u      /* a directory listing of ids */
#define VALUE_SIZE 128u       /* a value we write (a number, or the error message), with its NUL */
#define DEVID_MAX 0x7fffffffu /* xl's devids are non-negative ints */

/* The `info` bits of the blkif protocol (Xen's VDISK_CDROM, VDISK_READONLY). */
#define INFO_CDROM 1u
#define INFO_READONLY 4u

/* One backend key and its value, written together with the others. */
struct key {
	const char *name;
	char value[VALUE_SIZE];
};

/* One log line naming the device: "vbd <frontend-id>/<devid>: ...". */
static void say(const struct backend_device *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(const struct backend_device *d, const char *fmt, ...)
{
	char line[160];
	int len;
	va_list ap;

	len = snprintf(line, sizeof(line), "vbd %u/%u: ", d->frontend_id, d->devid);
	va_start(ap, fmt);
	vsnprintf(line + len, sizeof(line) - (size_t)len, fmt, ap);
	va_end(ap);
	d->owner->store->log(line);
}

/* dir/key into out; false if it does not fit (never for the ids we bound). */
static bool join(char out[BACKEND_PATH_MAX], const char *dir, const char *key)
{
	size_t dir_len = strlen(dir), key_len = strlen(key);

	if (dir_len + 1 + key_len >= BACKEND_PATH_MAX) {
		return false;
	}
	memcpy(out, dir, dir_len);
	out[dir_len] = '/';
	memcpy(out + dir_len + 1, key, key_len + 1);
	return true;
}

/* Whether path exists: 1, 0, or the store's error. */
static long exists(const struct backend_store *s, uint32_t tx, const char *path)
{
	char value[1];
	long rc = s->read(tx, path, value, sizeof(value));

	if (rc >= 0 || rc == -XEN_ERANGE) {
		return 1;
	}
	return rc == -XEN_ENOENT ? 0 : rc;
}

/*
 * Write keys under d's directory in one transaction, but only while the
 * directory is there (its state node, as Linux checks): the toolstack may
 * have removed it, and a write would make it again. Returns 0, -XEN_ENOENT
 * when it is gone, or the store's error.
 */
static long put_once(struct backend_device *d, const struct key *keys, size_t count)
{
	const struct backend_store *s = d->owner->store;
	char path[BACKEND_PATH_MAX];
	uint32_t tx;
	long rc;

	rc = s->transaction_start(&tx);
	if (rc < 0) {
		return rc;
	}
	rc = join(path, d->back, "state") ? exists(s, tx, path) : -XEN_EINVAL;
	if (rc == 0) {
		rc = -XEN_ENOENT;
	}
	for (size_t i = 0; rc > 0 && i < count; i++) {
		rc = join(path, d->back, keys[i].name) ? s->write(tx, path, keys[i].value)
						       : -XEN_EINVAL;
		rc = rc < 0 ? rc : 1;
	}
	if (rc < 0) {
		(void)s->transaction_end(tx, false);
		return rc;
	}
	return s->transaction_end(tx, true);
}

static long put(struct backend_device *d, const struct key *keys, size_t count)
{
	long rc = -XEN_EAGAIN;

	for (unsigned int i = 0; i < TX_RETRIES && rc == -XEN_EAGAIN; i++) {
		rc = put_once(d, keys, count);
	}
	return rc;
}

/*
 * Move our state to state, writing it only if the store holds another value
 * (the toolstack writes our state node too): a write that changes nothing
 * would wake our own watch for nothing.
 */
static long switch_state(struct backend_device *d, unsigned int state)
{
	const struct backend_store *s = d->owner->store;
	struct key key = { .name = "state" };
	char path[BACKEND_PATH_MAX], now[VALUE_SIZE];
	long rc;

	snprintf(key.value, sizeof(key.value), "%u", state);
	rc = join(path, d->back, "state") ? s->read(0, path, now, sizeof(now)) : -XEN_EINVAL;
	if (rc >= 0 && strcmp(now, key.value) == 0) {
		d->state = state;
		return 0;
	}
	rc = put(d, &key, 1);
	if (rc == 0) {
		d->state = state;
	}
	return rc;
}

/* Stop serving the frontend, if we were. */
static void disconnect(struct backend_device *d)
{
	if (d->conn) {
		blk_conn_stop(d->conn);
		d->conn = NULL;
	}
}

/* Write the error node as xenbus_dev_fatal does ("<errno> <message>") and log it. */
static void report(struct backend_device *d, int err, const char *why)
{
	struct key key = { .name = "error" };

	snprintf(key.value, sizeof(key.value), "%d %s", err < 0 ? -err : err, why);
	(void)put(d, &key, 1);
	say(d, "%s (error %d)", why, err < 0 ? -err : err);
}

/* Something went wrong on a connection: say so, stop it, Closing then Closed. */
static void fail(struct backend_device *d, int err, const char *why)
{
	report(d, err, why);
	disconnect(d);
	(void)switch_state(d, XENBUS_STATE_CLOSING);
	(void)switch_state(d, XENBUS_STATE_CLOSED);
}

/* The device's configuration is wrong: say so and stay Closed until it is removed. */
static void refuse(struct backend_device *d, int err, const char *why)
{
	d->dead = true;
	fail(d, err, why);
}

/* A string key of our directory: its length, or the store's error. */
static long read_back(struct backend_device *d, const char *key, char *buf, size_t size)
{
	char path[BACKEND_PATH_MAX];

	if (!join(path, d->back, key)) {
		return -XEN_EINVAL;
	}
	return d->owner->store->read(0, path, buf, size);
}

/*
 * The toolstack's frontend and frontend-id must name the frontend our path
 * names. Returns 0, or -XEN_EINVAL with *why set.
 */
static int check_frontend(struct backend_device *d, const char **why)
{
	char path[BACKEND_PATH_MAX], front[BACKEND_PATH_MAX];
	uint64_t id;
	long len;

	if (!join(path, d->back, "frontend-id") ||
	    backend_front_number(d->owner->store, path, DOMID_FIRST_RESERVED - 1, &id) != 0 ||
	    id != d->frontend_id) {
		*why = "frontend-id does not name the frontend domain";
		return -XEN_EINVAL;
	}
	len = read_back(d, "frontend", front, sizeof(front));
	if (len < 0 || (size_t)len != strlen(front) || strcmp(front, d->front) != 0) {
		*why = "frontend is not that domain's device/vbd/<devid>";
		return -XEN_EINVAL;
	}
	return 0;
}

/*
 * params and mode: which disk and extent, and whether the guest may write
 * it, into d->vbd. Returns 0, or -XEN_EINVAL, -XEN_ENODEV or -XEN_ERANGE
 * with *why set.
 */
static int read_target(struct backend_device *d, const char **why)
{
	char params[VBD_TARGET_MAX + 2], mode[4];
	struct vbd_target target;
	long len, mode_len;
	int rc;

	mode_len = read_back(d, "mode", mode, sizeof(mode));
	if (mode_len != 1 || (mode[0] != 'r' && mode[0] != 'w')) {
		*why = "mode is neither r nor w";
		return -XEN_EINVAL;
	}
	len = read_back(d, "params", params, sizeof(params));
	if (len < 0 || vbd_target_parse(params, (size_t)len, &target) != 0) {
		*why = "params is not vdX or vdX:FIRST+COUNT";
		return -XEN_EINVAL;
	}
	rc = vbd_target_resolve(&target, d->owner->disks, mode[0] == 'r', &d->vbd);
	if (rc == -XEN_ENODEV) {
		*why = "params names a disk blkback does not have";
	} else if (rc != 0) {
		*why = "params names sectors outside the disk or off its blocks";
	}
	return rc;
}

static void set_number(struct key *key, const char *name, uint64_t value)
{
	key->name = name;
	snprintf(key->value, sizeof(key->value), "%llu", (unsigned long long)value);
}

/* The discard keys for the VBD: granule, and where the first one starts in it. */
static unsigned int discard_keys(struct backend_device *d, const struct blk_disk_info *info,
				 struct key *keys)
{
	uint64_t granule = info->discard_granularity_bytes;
	uint64_t per_granule, offset;
	char enable[4];
	long len;

	/* The toolstack's discard-enable = 0 (xl's no-discard) turns it off, as in Linux. */
	len = read_back(d, "discard-enable", enable, sizeof(enable));
	if (!info->discard || d->vbd.readonly || (len == 1 && enable[0] == '0')) {
		set_number(&keys[0], "feature-discard", 0);
		return 1;
	}
	if (granule == 0 || granule % SECTOR_SIZE != 0) {
		granule = info->logical_block_size;
	}
	per_granule = granule / SECTOR_SIZE;
	/* Bytes from the VBD's first sector to the first granule boundary of the disk. */
	offset = (per_granule - d->vbd.first % per_granule) % per_granule * SECTOR_SIZE;
	set_number(&keys[0], "feature-discard", 1);
	set_number(&keys[1], "discard-granularity", granule);
	set_number(&keys[2], "discard-alignment", offset);
	set_number(&keys[3], "discard-secure", 0);
	return 4;
}

static long put_discard(struct backend_device *d)
{
	struct key keys[4];

	return put(d, keys, discard_keys(d, d->owner->disks->info(d->vbd.disk), keys));
}

/*
 * What blkfront reads of us, then InitWait. The discard keys wait for the
 * connection (serve), as in Linux: the toolstack's discard-enable may come
 * after the rest, and blkfront reads them only once we are Connected.
 */
static int advertise(struct backend_device *d, bool cdrom)
{
	const struct blk_disk_info *info = d->owner->disks->info(d->vbd.disk);
	uint32_t physical = info->physical_block_size;
	struct key keys[10];
	unsigned int n = 0;
	long rc;

	/* A physical block smaller than the logical one, or not a power of two, is no hint. */
	if (physical < info->logical_block_size || (physical & (physical - 1)) != 0) {
		physical = info->logical_block_size;
	}
	set_number(&keys[n++], "feature-flush-cache", info->flush ? 1 : 0);
	set_number(&keys[n++], "feature-max-indirect-segments", BACKEND_INDIRECT_SEGMENTS);
	set_number(&keys[n++], "feature-persistent", 1);
	set_number(&keys[n++], "max-ring-page-order", 4);
	set_number(&keys[n++], "multi-queue-max-queues", BLK_QUEUES_MAX);
	set_number(&keys[n++], "sectors", d->vbd.sectors);
	set_number(&keys[n++], "sector-size", info->logical_block_size);
	set_number(&keys[n++], "physical-sector-size", physical);
	set_number(&keys[n++], "info",
		   (cdrom ? INFO_CDROM : 0) | (d->vbd.readonly ? INFO_READONLY : 0));
	rc = put(d, keys, n);
	if (rc == 0) {
		rc = switch_state(d, XENBUS_STATE_INIT_WAIT);
	}
	if (rc != 0 && rc != -XEN_ENOENT) {
		refuse(d, (int)rc, "the store refused the backend's keys");
	}
	return (int)rc;
}

static void frontend_changed(const char *path, const char *token, void *arg);

/* root/fe/devid: always fits, as root, fe and devid are bounded. */
static void device_dir(char out[BACKEND_PATH_MAX], const struct backend *b, uint16_t fe,
		       uint32_t devid)
{
	char ids[24];

	snprintf(ids, sizeof(ids), "%u/%u", fe, devid);
	(void)join(out, b->root, ids);
}

/* A new device directory: check it, advertise it, and follow its frontend. */
static void take_on(struct backend *b, struct backend_device *d, uint16_t fe, uint32_t devid)
{
	char type[8], path[BACKEND_PATH_MAX];
	const char *why = NULL;
	long rc;

	*d = (struct backend_device){ .owner = b,
				      .used = true,
				      .frontend_id = fe,
				      .devid = devid,
				      .state = XENBUS_STATE_INITIALISING };
	device_dir(d->back, b, fe, devid);
	snprintf(d->front, sizeof(d->front), "/local/domain/%u/device/vbd/%u", fe, devid);
	snprintf(d->token, sizeof(d->token), "vbd/%u/%u", fe, devid);
	rc = check_frontend(d, &why);
	if (rc == 0) {
		rc = read_target(d, &why);
	}
	if (rc != 0) {
		refuse(d, (int)rc, why);
		return;
	}
	rc = read_back(d, "device-type", type, sizeof(type));
	if (advertise(d, rc == 5 && strcmp(type, "cdrom") == 0) != 0) {
		return;
	}
	rc = join(path, d->front, "state") ? b->store->watch(path, d->token, frontend_changed, d)
					   : -XEN_EINVAL;
	if (rc != 0) {
		refuse(d, (int)rc, "cannot watch the frontend's state");
		return;
	}
	d->watching = true;
}

/* The directory is gone: stop everything of the device and free its slot. */
static void drop(struct backend_device *d)
{
	char path[BACKEND_PATH_MAX];

	if (d->watching && join(path, d->front, "state")) {
		(void)d->owner->store->unwatch(path, d->token);
	}
	disconnect(d);
	*d = (struct backend_device){ 0 };
}

/* The engine ended the connection: the frontend broke the protocol. */
static void conn_broken(void *arg)
{
	struct backend_device *d = arg;

	if (d->used && d->conn) {
		fail(d, -XEN_EIO, "the frontend broke the blkif protocol");
	}
}

/* The frontend is Initialised: read its rings and ports, start serving, Connected. */
static void serve(struct backend_device *d)
{
	struct blk_conn_params p = { .frontend_id = d->frontend_id, .vbd = d->vbd };
	char why[96];
	long rc;

	rc = backend_front_read(d->owner->store, d->front, &p, why, sizeof(why));
	if (rc != 0) {
		fail(d, (int)rc, why);
		return;
	}
	rc = put_discard(d);
	if (rc != 0) {
		if (rc != -XEN_ENOENT) {
			fail(d, (int)rc, "the store refused the discard keys");
		}
		return;
	}
	rc = blk_conn_start(&p, conn_broken, d, &d->conn);
	if (rc != 0) {
		d->conn = NULL;
		fail(d, (int)rc, "cannot map the frontend's rings or bind its ports");
		return;
	}
	rc = switch_state(d, XENBUS_STATE_CONNECTED);
	if (rc != 0 && rc != -XEN_ENOENT) {
		fail(d, (int)rc, "the store refused the Connected state");
	}
}

/* What the frontend's new state asks of us (Linux's blkback frontend_changed). */
static void follow(struct backend_device *d, uint64_t state)
{
	switch (state) {
	case XENBUS_STATE_INITIALISING:
		if (d->state == XENBUS_STATE_CLOSED) {
			(void)switch_state(d, XENBUS_STATE_INIT_WAIT);
		}
		break;
	case XENBUS_STATE_INITIALISED:
	case XENBUS_STATE_CONNECTED:
		/* Only from InitWait: a frontend that skipped it has not read our keys. */
		if (d->state == XENBUS_STATE_INIT_WAIT) {
			serve(d);
		}
		break;
	case XENBUS_STATE_CLOSING:
		disconnect(d);
		(void)switch_state(d, XENBUS_STATE_CLOSING);
		(void)switch_state(d, XENBUS_STATE_CLOSED);
		break;
	case XENBUS_STATE_UNKNOWN: /* gone, or never there */
	case XENBUS_STATE_CLOSED:
		disconnect(d);
		(void)switch_state(d, XENBUS_STATE_CLOSED);
		break;
	default:
		fail(d, -XEN_EINVAL, "the frontend is in a state blkif does not use");
		break;
	}
}

/* The watch on the frontend's state node fired. */
static void frontend_changed(const char *path, const char *token, void *arg)
{
	struct backend_device *d = arg;
	char state_path[BACKEND_PATH_MAX];
	uint64_t state;
	long rc;

	(void)path;
	(void)token;
	if (!d->used || d->dead || d->detached) {
		return;
	}
	rc = join(state_path, d->front, "state")
		     ? backend_front_number(d->owner->store, state_path, XENBUS_STATE_RECONFIGURED,
					    &state)
		     : -XEN_EINVAL;
	if (rc == -XEN_ENOENT || rc == -XEN_EACCES) {
		/* Gone, or its domain is and the store took our access away with it. */
		state = XENBUS_STATE_UNKNOWN;
	} else if (rc != 0) {
		fail(d, -XEN_EINVAL, "the frontend's state is not a xenbus state");
		return;
	}
	follow(d, state);
}

/* online 0 and our state Closing or Closed, written by the toolstack: it takes the device away. */
static void check_detach(struct backend_device *d)
{
	char path[BACKEND_PATH_MAX], online[4];
	uint64_t state;

	if (d->detached || read_back(d, "online", online, sizeof(online)) != 1 ||
	    online[0] != '0') {
		return;
	}
	if (!join(path, d->back, "state") ||
	    backend_front_number(d->owner->store, path, XENBUS_STATE_RECONFIGURED, &state) != 0 ||
	    (state != XENBUS_STATE_CLOSING && state != XENBUS_STATE_CLOSED)) {
		return;
	}
	d->detached = true;
	disconnect(d);
	(void)switch_state(d, XENBUS_STATE_CLOSED);
}

static struct backend_device *find(struct backend *b, uint16_t fe, uint32_t devid)
{
	for (unsigned int i = 0; i < BACKEND_DEVICES_MAX; i++) {
		struct backend_device *d = &b->devices[i];

		if (d->used && d->frontend_id == fe && d->devid == devid) {
			return d;
		}
	}
	return NULL;
}

static struct backend_device *free_slot(struct backend *b)
{
	for (unsigned int i = 0; i < BACKEND_DEVICES_MAX; i++) {
		if (!b->devices[i].used) {
			return &b->devices[i];
		}
	}
	return NULL;
}

/*
 * Whether the toolstack has written every key we read at take-on: it writes
 * them one at a time, and we may look in the middle. device-type is its
 * last; a directory without them is not a device yet.
 */
static bool complete(struct backend *b, const char *dir)
{
	static const char *const keys[] = { "frontend", "frontend-id", "params", "mode",
					    "device-type" };
	char path[BACKEND_PATH_MAX];

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (!join(path, dir, keys[i]) || exists(b->store, 0, path) != 1) {
			return false;
		}
	}
	return true;
}

/* Something changed at or below root/fe/devid: take it on, follow it, or drop it. */
static void device_event(struct backend *b, uint16_t fe, uint32_t devid)
{
	struct backend_device *d = find(b, fe, devid), probe = { .owner = b };
	char path[BACKEND_PATH_MAX];
	long present;

	device_dir(path, b, fe, devid);
	present = exists(b->store, 0, path);
	if (present < 0) {
		return; /* the store failed us: the next event tries again */
	}
	if (!present) {
		if (d) {
			drop(d);
		}
		return;
	}
	if (d) {
		check_detach(d);
		return;
	}
	if (!complete(b, path)) {
		return; /* the next of the toolstack's writes brings us back */
	}
	d = free_slot(b);
	if (!d) {
		probe.frontend_id = fe;
		probe.devid = devid;
		say(&probe, "not served: %u devices are already", BACKEND_DEVICES_MAX);
		return;
	}
	take_on(b, d, fe, devid);
}

/* An id named in the store: a decimal number up to max, the whole of name. */
static bool parse_id(const char *name, size_t len, uint64_t max, uint64_t *out)
{
	return vbd_target_decimal(name, len, max, out) == 0;
}

/* Every device under root/fe (a frontend domain's directory). */
static void scan_frontend(struct backend *b, const char *fe_name, uint16_t fe)
{
	char path[BACKEND_PATH_MAX], names[NAMES_SIZE];
	uint64_t devid;
	long count;
	size_t at = 0;

	if (!join(path, b->root, fe_name)) {
		return;
	}
	count = b->store->directory(0, path, names, sizeof(names));
	for (long i = 0; i < count && at < sizeof(names); i++) {
		size_t len = strnlen(names + at, sizeof(names) - at);

		if (parse_id(names + at, len, DEVID_MAX, &devid)) {
			device_event(b, fe, (uint32_t)devid);
		}
		at += len + 1;
	}
}

/*
 * Look at the whole of root again (its first event, or a frontend domain's
 * directory made or removed at once): take on what is new, drop what went.
 */
static void rescan(struct backend *b)
{
	char names[NAMES_SIZE];
	uint64_t fe;
	long count;
	size_t at = 0;

	count = b->store->directory(0, b->root, names, sizeof(names));
	for (long i = 0; i < count && at < sizeof(names); i++) {
		size_t len = strnlen(names + at, sizeof(names) - at);

		if (parse_id(names + at, len, DOMID_FIRST_RESERVED - 1, &fe)) {
			scan_frontend(b, names + at, (uint16_t)fe);
		}
		at += len + 1;
	}
	if (count < 0 && count != -XEN_ENOENT) {
		return; /* the store failed us: keep what we have */
	}
	for (unsigned int i = 0; i < BACKEND_DEVICES_MAX; i++) {
		struct backend_device *d = &b->devices[i];

		if (d->used) {
			device_event(b, d->frontend_id, d->devid);
		}
	}
}

/*
 * The next component of a path at *rest ("/<name>..."): its start and
 * length, *rest moved past it. False at the end or for an empty name.
 */
static bool next_name(const char **rest, const char **name, size_t *len)
{
	const char *end;

	if ((*rest)[0] != '/') {
		return false;
	}
	*name = *rest + 1;
	end = strchr(*name, '/');
	*len = end ? (size_t)(end - *name) : strlen(*name);
	*rest = *name + *len;
	return *len > 0;
}

/* The watch on root fired: path is root, root/<fe>, or at or below root/<fe>/<devid>. */
static void root_changed(const char *path, const char *token, void *arg)
{
	struct backend *b = arg;
	size_t root_len = strlen(b->root), len;
	const char *rest = path + root_len, *name;
	uint64_t fe, devid;

	(void)token;
	if (strncmp(path, b->root, root_len) != 0 || (rest[0] != '\0' && rest[0] != '/')) {
		return;
	}
	if (!next_name(&rest, &name, &len)) {
		rescan(b);
		return;
	}
	if (!parse_id(name, len, DOMID_FIRST_RESERVED - 1, &fe)) {
		return; /* not a domain id: no device of ours */
	}
	if (!next_name(&rest, &name, &len)) {
		rescan(b);
		return;
	}
	if (parse_id(name, len, DEVID_MAX, &devid)) {
		device_event(b, (uint16_t)fe, (uint32_t)devid);
	}
}

int backend_start(struct backend *b, const struct backend_store *store,
		  const struct blk_disks *disks, uint16_t own_id)
{
	long rc;

	if (own_id >= DOMID_FIRST_RESERVED) {
		return -XEN_EINVAL;
	}
	*b = (struct backend){ .store = store, .disks = disks, .own_id = own_id };
	snprintf(b->root, sizeof(b->root), "/local/domain/%u/backend/vbd", own_id);
	rc = store->watch(b->root, "backend/vbd", root_changed, b);
	if (rc != 0) {
		return (int)rc;
	}
	b->watching = true;
	return 0;
}

void backend_stop(struct backend *b)
{
	if (b->watching) {
		(void)b->store->unwatch(b->root, "backend/vbd");
		b->watching = false;
	}
	for (unsigned int i = 0; i < BACKEND_DEVICES_MAX; i++) {
		struct backend_device *d = &b->devices[i];

		if (d->used) {
			disconnect(d);
			if (!d->dead) {
				(void)switch_state(d, XENBUS_STATE_CLOSED);
			}
			drop(d);
		}
	}
}

unsigned int backend_connections(const struct backend *b)
{
	unsigned int count = 0;

	for (unsigned int i = 0; i < BACKEND_DEVICES_MAX; i++) {
		count += b->devices[i].used && b->devices[i].conn ? 1u : 0u;
	}
	return count;
}
