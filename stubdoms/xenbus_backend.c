// SPDX-License-Identifier: MIT
/* The xenbus backend state machine of a driver domain, for one class of device (xenbus_backend.h).
 */
#include <abi/errno.h>
#include <abi/hypercall.h>
#include <libos/xenbus_backend.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define TX_RETRIES 8u    /* commits the store may refuse (-XEN_EAGAIN) before we give up */
#define NAMES_SIZE 1024u /* a directory listing of ids */
#define NUMBER_SIZE 24u  /* the longest number read, with its NUL, and room to see it is longer */
#define DECIMAL_DIGITS_MAX 20 /* UINT64_MAX has 20 */
#define DEVID_MAX 0x7fffffffu /* xl's devids are non-negative ints */
#define WHY_SIZE 96u

/* One log line naming the device: "<class> <frontend-id>/<devid>: ...", up to
 * XENBUS_BACKEND_LINES_MAX of them, the last saying so. */
static void say(struct xenbus_backend_device *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(struct xenbus_backend_device *d, const char *fmt, ...)
{
	char line[192];
	int len;
	va_list ap;

	if (d->lines >= XENBUS_BACKEND_LINES_MAX) {
		return;
	}
	d->lines++;
	len = snprintf(line, sizeof(line), "%s %u/%u: ", d->owner->cls->name, d->frontend_id,
		       d->devid);
	va_start(ap, fmt);
	vsnprintf(line + len, sizeof(line) - (size_t)len, fmt, ap);
	va_end(ap);
	if (d->lines == XENBUS_BACKEND_LINES_MAX) {
		len = (int)strlen(line);
		snprintf(line + len, sizeof(line) - (size_t)len, " (no more of these)");
	}
	d->owner->store->log(line);
}

bool xenbus_backend_join(char out[XENBUS_BACKEND_PATH_MAX], const char *dir, const char *key)
{
	size_t dir_len = strlen(dir), key_len = strlen(key);

	if (dir_len + 1 + key_len >= XENBUS_BACKEND_PATH_MAX) {
		out[0] = '\0';
		return false;
	}
	memcpy(out, dir, dir_len);
	out[dir_len] = '/';
	memcpy(out + dir_len + 1, key, key_len + 1);
	return true;
}

int xenbus_backend_decimal(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t value = 0;

	if (len == 0 || len > DECIMAL_DIGITS_MAX) {
		return -XEN_EINVAL;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned int digit = (unsigned int)(unsigned char)s[i] - '0';

		if (digit > 9) {
			return -XEN_EINVAL;
		}
		/* value * 10 + digit > max, without overflowing (nor max - digit wrapping). */
		if (digit > max || value > (max - digit) / 10) {
			return -XEN_EINVAL;
		}
		value = value * 10 + digit;
	}
	*out = value;
	return 0;
}

long xenbus_backend_number(const struct xenbus_backend_store *s, const char *path, uint64_t max,
			   uint64_t *out)
{
	char value[NUMBER_SIZE];
	long len = s->read(0, path, value, sizeof(value));

	if (len == -XEN_ERANGE) {
		return -XEN_EINVAL; /* longer than any number we take */
	}
	if (len < 0) {
		return len;
	}
	if ((size_t)len >= sizeof(value) || strlen(value) != (size_t)len) {
		return -XEN_EINVAL; /* a NUL inside: not the whole value */
	}
	return xenbus_backend_decimal(value, (size_t)len, max, out);
}

/* Whether path exists: 1, 0, or the store's error. */
static long exists(const struct xenbus_backend_store *s, uint32_t tx, const char *path)
{
	char value[1];
	long rc = s->read(tx, path, value, sizeof(value));

	if (rc >= 0 || rc == -XEN_ERANGE) {
		return 1;
	}
	return rc == -XEN_ENOENT ? 0 : rc;
}

/* One try of xenbus_backend_put: the check of the state node and the writes, in one transaction. */
static long put_once(struct xenbus_backend_device *d, const struct xenbus_backend_key *keys,
		     size_t count)
{
	const struct xenbus_backend_store *s = d->owner->store;
	char path[XENBUS_BACKEND_PATH_MAX];
	uint32_t tx;
	long rc;

	rc = s->transaction_start(&tx);
	if (rc < 0) {
		return rc;
	}
	/* Our state node stands for the directory, as Linux checks it. */
	rc = xenbus_backend_join(path, d->back, "state") ? exists(s, tx, path) : -XEN_EINVAL;
	if (rc == 0) {
		rc = -XEN_ENOENT;
	}
	for (size_t i = 0; rc > 0 && i < count; i++) {
		rc = xenbus_backend_join(path, d->back, keys[i].name)
			     ? s->write(tx, path, keys[i].value)
			     : -XEN_EINVAL;
		rc = rc < 0 ? rc : 1;
	}
	if (rc < 0) {
		(void)s->transaction_end(tx, false);
		return rc;
	}
	return s->transaction_end(tx, true);
}

long xenbus_backend_put(struct xenbus_backend_device *d, const struct xenbus_backend_key *keys,
			size_t count)
{
	long rc = -XEN_EAGAIN;

	for (unsigned int i = 0; i < TX_RETRIES && rc == -XEN_EAGAIN; i++) {
		rc = put_once(d, keys, count);
	}
	return rc;
}

void xenbus_backend_key_number(struct xenbus_backend_key *key, const char *name, uint64_t value)
{
	key->name = name;
	snprintf(key->value, sizeof(key->value), "%llu", (unsigned long long)value);
}

long xenbus_backend_read(struct xenbus_backend_device *d, const char *key, char *buf, size_t size)
{
	char path[XENBUS_BACKEND_PATH_MAX];

	if (!xenbus_backend_join(path, d->back, key)) {
		return -XEN_EINVAL;
	}
	return d->owner->store->read(0, path, buf, size);
}

/*
 * Move our state to state, writing it only if the store holds another value
 * (the toolstack writes our state node too): a write that changes nothing
 * would wake our own watch for nothing.
 */
static long switch_state(struct xenbus_backend_device *d, unsigned int state)
{
	struct xenbus_backend_key key;
	char now[XENBUS_BACKEND_VALUE_MAX];
	long rc;

	xenbus_backend_key_number(&key, "state", state);
	rc = xenbus_backend_read(d, "state", now, sizeof(now));
	if (rc >= 0 && strcmp(now, key.value) == 0) {
		d->state = state;
		return 0;
	}
	rc = xenbus_backend_put(d, &key, 1);
	if (rc == 0) {
		d->state = state;
	}
	return rc;
}

/* Stop serving the frontend, if we were. */
static void disconnect(struct xenbus_backend_device *d)
{
	if (d->connected) {
		d->connected = false;
		d->owner->cls->disconnect(d->owner->arg, d);
	}
}

/* Write the error node as xenbus_dev_fatal does ("<errno> <message>") and log it. */
static void report(struct xenbus_backend_device *d, int err, const char *why)
{
	struct xenbus_backend_key key = { .name = "error" };
	int number = err < 0 ? -err : err;

	snprintf(key.value, sizeof(key.value), "%d %s", number, why);
	(void)xenbus_backend_put(d, &key, 1);
	say(d, "%s (error %d)", why, number);
}

/* Something went wrong on a connection: say so, stop it, Closing then Closed. */
static void fail(struct xenbus_backend_device *d, int err, const char *why)
{
	report(d, err, why);
	disconnect(d);
	(void)switch_state(d, XENBUS_STATE_CLOSING);
	(void)switch_state(d, XENBUS_STATE_CLOSED);
}

/* The device's configuration is wrong: say so and stay Closed until it is removed. */
static void refuse(struct xenbus_backend_device *d, int err, const char *why)
{
	d->dead = true;
	fail(d, err, why);
}

bool xenbus_backend_quiet(const struct xenbus_backend_device *d)
{
	return d->lines >= XENBUS_BACKEND_LINES_MAX;
}

void xenbus_backend_broken(struct xenbus_backend_device *d, const char *why)
{
	struct xenbus_backend_key key = { .name = "error" };

	if (!d->used || !d->connected) {
		return;
	}
	/* The engine logged the one line saying how the frontend broke the protocol: the error
	 * node tells the toolstack, the log is not told twice. That line counts against the
	 * device's, so a frontend that breaks one connection after another cannot fill the log:
	 * once they are used up, the device says so and its connections start quiet. */
	if (d->lines + 1u < XENBUS_BACKEND_LINES_MAX) {
		d->lines++;
	} else {
		say(d, "its connections keep breaking: they are not logged any more");
	}
	snprintf(key.value, sizeof(key.value), "%d %s", XEN_EIO, why);
	(void)xenbus_backend_put(d, &key, 1);
	disconnect(d);
	(void)switch_state(d, XENBUS_STATE_CLOSING);
	(void)switch_state(d, XENBUS_STATE_CLOSED);
}

/*
 * The toolstack's frontend and frontend-id must name the frontend our path
 * names. Returns 0, or -XEN_EINVAL with *why set.
 */
static int check_frontend(struct xenbus_backend_device *d, const char **why)
{
	char path[XENBUS_BACKEND_PATH_MAX], front[XENBUS_BACKEND_PATH_MAX];
	uint64_t id;
	long len;

	if (!xenbus_backend_join(path, d->back, "frontend-id") ||
	    xenbus_backend_number(d->owner->store, path, DOMID_FIRST_RESERVED - 1, &id) != 0 ||
	    id != d->frontend_id) {
		*why = "frontend-id does not name the frontend domain";
		return -XEN_EINVAL;
	}
	len = xenbus_backend_read(d, "frontend", front, sizeof(front));
	if (len < 0 || (size_t)len != strlen(front) || strcmp(front, d->front) != 0) {
		*why = "frontend is not that domain's device directory";
		return -XEN_EINVAL;
	}
	return 0;
}

static void frontend_changed(const char *path, const char *token, void *arg);

/* root/fe/devid: always fits, as root, fe and devid are bounded. */
static void device_dir(char out[XENBUS_BACKEND_PATH_MAX], const struct xenbus_backend *b,
		       uint16_t fe, uint32_t devid)
{
	char ids[24];

	snprintf(ids, sizeof(ids), "%u/%u", fe, devid);
	(void)xenbus_backend_join(out, b->root, ids);
}

/* The class's checks and keys, then InitWait. 0, or the failure (reported unless ENOENT). */
static int advertise(struct xenbus_backend_device *d)
{
	struct xenbus_backend *b = d->owner;
	const char *fixed = NULL;
	char why[WHY_SIZE] = "";
	int rc;

	rc = check_frontend(d, &fixed);
	if (rc != 0) {
		refuse(d, rc, fixed);
		return rc;
	}
	rc = b->cls->take_on(b->arg, d, why, sizeof(why));
	if (rc == 0) {
		rc = (int)switch_state(d, XENBUS_STATE_INIT_WAIT);
		if (rc != 0) {
			snprintf(why, sizeof(why), "the store refused the InitWait state");
		}
	}
	if (rc != 0 && rc != -XEN_ENOENT) {
		refuse(d, rc, why[0] ? why : "the device cannot be taken on");
	}
	return rc;
}

/* A new device directory: check it, advertise it, and follow its frontend. */
static void take_on(struct xenbus_backend *b, struct xenbus_backend_device *d, uint16_t fe,
		    uint32_t devid)
{
	char path[XENBUS_BACKEND_PATH_MAX];
	long rc;

	*d = (struct xenbus_backend_device){ .owner = b,
					     .slot = (unsigned int)(d - b->devices),
					     .used = true,
					     .frontend_id = fe,
					     .devid = devid,
					     .state = XENBUS_STATE_INITIALISING };
	device_dir(d->back, b, fe, devid);
	snprintf(d->front, sizeof(d->front), "/local/domain/%u/device/%s/%u", fe, b->cls->name,
		 devid);
	snprintf(d->token, sizeof(d->token), "%s/%u/%u", b->cls->name, fe, devid);
	if (advertise(d) != 0) {
		return;
	}
	rc = xenbus_backend_join(path, d->front, "state")
		     ? b->store->watch(path, d->token, frontend_changed, d)
		     : -XEN_EINVAL;
	if (rc != 0) {
		refuse(d, (int)rc, "cannot watch the frontend's state");
		return;
	}
	d->watching = true;
}

/* The directory is gone: stop everything of the device and free its slot. */
static void drop(struct xenbus_backend_device *d)
{
	char path[XENBUS_BACKEND_PATH_MAX];

	if (d->watching && xenbus_backend_join(path, d->front, "state")) {
		(void)d->owner->store->unwatch(path, d->token);
	}
	disconnect(d);
	*d = (struct xenbus_backend_device){ 0 };
}

/* The frontend published its keys: the class starts the connection, then Connected. */
static void serve(struct xenbus_backend_device *d)
{
	struct xenbus_backend *b = d->owner;
	char why[WHY_SIZE] = "";
	long rc;

	rc = b->cls->connect(b->arg, d, why, sizeof(why));
	if (rc != 0) {
		if (rc != -XEN_ENOENT) {
			fail(d, (int)rc, why[0] ? why : "cannot connect to the frontend");
		}
		return;
	}
	d->connected = true;
	rc = switch_state(d, XENBUS_STATE_CONNECTED);
	if (rc != 0 && rc != -XEN_ENOENT) {
		fail(d, (int)rc, "the store refused the Connected state");
	}
}

/* What the frontend's new state asks of us (Linux's back ends' frontend_changed). */
static void follow(struct xenbus_backend_device *d, uint64_t state)
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
		fail(d, -XEN_EINVAL, "the frontend is in a state the device does not use");
		break;
	}
}

/* The watch on the frontend's state node fired. */
static void frontend_changed(const char *path, const char *token, void *arg)
{
	struct xenbus_backend_device *d = arg;
	char state_path[XENBUS_BACKEND_PATH_MAX];
	uint64_t state;
	long rc;

	(void)path;
	(void)token;
	if (!d->used || d->dead || d->detached) {
		return;
	}
	rc = xenbus_backend_join(state_path, d->front, "state")
		     ? xenbus_backend_number(d->owner->store, state_path, XENBUS_STATE_RECONFIGURED,
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
static void check_detach(struct xenbus_backend_device *d)
{
	char path[XENBUS_BACKEND_PATH_MAX], online[4];
	uint64_t state;

	if (d->detached || xenbus_backend_read(d, "online", online, sizeof(online)) != 1 ||
	    online[0] != '0') {
		return;
	}
	if (!xenbus_backend_join(path, d->back, "state") ||
	    xenbus_backend_number(d->owner->store, path, XENBUS_STATE_RECONFIGURED, &state) != 0 ||
	    (state != XENBUS_STATE_CLOSING && state != XENBUS_STATE_CLOSED)) {
		return;
	}
	d->detached = true;
	disconnect(d);
	(void)switch_state(d, XENBUS_STATE_CLOSED);
}

/*
 * Whether the toolstack has written d's directory anew: the state it holds
 * is Initialising, which only the toolstack writes (the machine moves on to
 * InitWait when it takes a device on), while the machine is past it. It
 * does so for a frontend domain built again under its id (a boot domain
 * restarting), removing the old directory first; when both reach us as one
 * event the slot must not stay bound to the old device.
 */
static bool made_anew(struct xenbus_backend_device *d)
{
	char path[XENBUS_BACKEND_PATH_MAX];
	uint64_t state;

	return d->state != XENBUS_STATE_INITIALISING &&
	       xenbus_backend_join(path, d->back, "state") &&
	       xenbus_backend_number(d->owner->store, path, XENBUS_STATE_RECONFIGURED, &state) ==
		       0 &&
	       state == XENBUS_STATE_INITIALISING;
}

static struct xenbus_backend_device *find(struct xenbus_backend *b, uint16_t fe, uint32_t devid)
{
	for (unsigned int i = 0; i < XENBUS_BACKEND_DEVICES_MAX; i++) {
		struct xenbus_backend_device *d = &b->devices[i];

		if (d->used && d->frontend_id == fe && d->devid == devid) {
			return d;
		}
	}
	return NULL;
}

static struct xenbus_backend_device *free_slot(struct xenbus_backend *b)
{
	for (unsigned int i = 0; i < XENBUS_BACKEND_DEVICES_MAX; i++) {
		if (!b->devices[i].used) {
			return &b->devices[i];
		}
	}
	return NULL;
}

/* Whether path/key exists (1), is missing (0), or the store failed us (< 0). */
static long has_key(const struct xenbus_backend *b, const char *dir, const char *key)
{
	char path[XENBUS_BACKEND_PATH_MAX];

	return xenbus_backend_join(path, dir, key) ? exists(b->store, 0, path) : 0;
}

/*
 * Whether the toolstack has written every key we read at take-on: it writes
 * them one at a time, and we may look in the middle. A directory without
 * them is not a device yet.
 */
static bool complete(const struct xenbus_backend *b, const char *dir)
{
	if (has_key(b, dir, "frontend") != 1 || has_key(b, dir, "frontend-id") != 1) {
		return false;
	}
	for (unsigned int i = 0; i < b->cls->key_count; i++) {
		if (has_key(b, dir, b->cls->keys[i]) != 1) {
			return false;
		}
	}
	return true;
}

/* A device the table has no room for: said, not written. */
static void no_room(struct xenbus_backend *b, uint16_t fe, uint32_t devid)
{
	struct xenbus_backend_device probe = { .owner = b, .frontend_id = fe, .devid = devid };

	say(&probe, "not served: %u devices are already", XENBUS_BACKEND_DEVICES_MAX);
}

/* Something changed at or below root/fe/devid: take it on, follow it, or drop it. */
static void device_event(struct xenbus_backend *b, uint16_t fe, uint32_t devid)
{
	struct xenbus_backend_device *d = find(b, fe, devid);
	char path[XENBUS_BACKEND_PATH_MAX];
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
	if (d && made_anew(d)) {
		drop(d); /* the old device's removal and the new one's writes came as one event */
		d = NULL;
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
		no_room(b, fe, devid);
		return;
	}
	take_on(b, d, fe, devid);
}

/* An id named in the store: a decimal number up to max, the whole of name. */
static bool parse_id(const char *name, size_t len, uint64_t max, uint64_t *out)
{
	return xenbus_backend_decimal(name, len, max, out) == 0;
}

/* Every device under root/fe (a frontend domain's directory). */
static void scan_frontend(struct xenbus_backend *b, const char *fe_name, uint16_t fe)
{
	char path[XENBUS_BACKEND_PATH_MAX], names[NAMES_SIZE];
	uint64_t devid;
	long count;
	size_t at = 0;

	if (!xenbus_backend_join(path, b->root, fe_name)) {
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
static void rescan(struct xenbus_backend *b)
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
	for (unsigned int i = 0; i < XENBUS_BACKEND_DEVICES_MAX; i++) {
		struct xenbus_backend_device *d = &b->devices[i];

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
	struct xenbus_backend *b = arg;
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

/* A class name fit for a path component and a token. */
static bool class_ok(const struct xenbus_backend_class *cls)
{
	size_t len = cls->name ? strlen(cls->name) : 0;

	return len > 0 && len <= XENBUS_BACKEND_CLASS_MAX && !strchr(cls->name, '/');
}

int xenbus_backend_start(struct xenbus_backend *b, const struct xenbus_backend_store *store,
			 const struct xenbus_backend_class *cls, void *arg, uint16_t own_id)
{
	long rc;

	if (own_id >= DOMID_FIRST_RESERVED || !class_ok(cls)) {
		return -XEN_EINVAL;
	}
	*b = (struct xenbus_backend){ .store = store, .cls = cls, .arg = arg };
	snprintf(b->root, sizeof(b->root), "/local/domain/%u/backend/%s", own_id, cls->name);
	snprintf(b->root_token, sizeof(b->root_token), "backend/%s", cls->name);
	rc = store->watch(b->root, b->root_token, root_changed, b);
	if (rc != 0) {
		return (int)rc;
	}
	b->watching = true;
	return 0;
}

void xenbus_backend_stop(struct xenbus_backend *b)
{
	if (b->watching) {
		(void)b->store->unwatch(b->root, b->root_token);
		b->watching = false;
	}
	for (unsigned int i = 0; i < XENBUS_BACKEND_DEVICES_MAX; i++) {
		struct xenbus_backend_device *d = &b->devices[i];

		if (d->used) {
			disconnect(d);
			if (!d->dead) {
				(void)switch_state(d, XENBUS_STATE_CLOSED);
			}
			drop(d);
		}
	}
}

unsigned int xenbus_backend_connections(const struct xenbus_backend *b)
{
	unsigned int count = 0;

	for (unsigned int i = 0; i < XENBUS_BACKEND_DEVICES_MAX; i++) {
		count += b->devices[i].used && b->devices[i].connected ? 1u : 0u;
	}
	return count;
}
