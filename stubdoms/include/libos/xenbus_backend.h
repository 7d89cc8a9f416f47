/* SPDX-License-Identifier: MIT */
/* The xenbus backend state machine a driver domain runs for each device of one class. */
#ifndef LIBOS_XENBUS_BACKEND_H
#define LIBOS_XENBUS_BACKEND_H

#include <abi/xenbus_state.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A driver domain serves the devices of a class ("vbd", "vif") that the
 * toolstack writes under its own home,
 *   /local/domain/<own>/backend/<class>/<frontend-id>/<devid>
 * (frontend, frontend-id, online, state and the class's own keys), and
 * follows them by a watch on backend/<class>: a new directory is taken on,
 * a removed one dropped. Per device it runs the xenbus backend state
 * machine as Linux's back ends do with Linux's frontends
 * (abi/xenbus_state.h); the class (struct xenbus_backend_class) says what
 * its keys mean:
 *
 *   taken on      once the toolstack has written frontend, frontend-id and
 *                 the class's keys (it writes one key at a time): check
 *                 frontend/frontend-id, the class's take_on (check its keys,
 *                 write what the frontend reads), -> InitWait
 *   frontend Initialised or Connected (we are InitWait)
 *                 the class's connect (read the frontend's keys, start the
 *                 connection), -> Connected. blkfront goes Initialised
 *                 first; netfront goes from Initialising to Connected
 *   frontend Closing        stop the connection, -> Closing -> Closed
 *   frontend Closed         stop, -> Closed
 *   frontend Initialising (we are Closed)   -> InitWait (it reconnects)
 *   frontend gone (no state node)           stop, -> Closed
 *   online 0 and state Closing (the toolstack detaches)   stop, -> Closed
 *   xenbus_backend_broken (the engine ended it)   -> Closing -> Closed, error
 *
 * Every refusal writes the backend's `error` node ("<errno> <message>", as
 * Linux's xenbus_dev_fatal does) and logs one line naming the class, the
 * frontend domain and the devid (at most XENBUS_BACKEND_LINES_MAX a device). A device whose
 * configuration is wrong (its frontend path, or what take_on refuses) stays Closed until it is
 * removed; one whose frontend broke the protocol may connect again when
 * the frontend comes back to Initialising. The store is hostile too: every
 * id in a path and every value is parsed strictly and bounded; a state is
 * written only while the device's directory exists (checked in the same
 * transaction), so a directory the toolstack removed is never made again.
 *
 * Plain C over the store ops below: it builds on the host for unit tests.
 *
 * Locking: none. Everything runs in thread context from the library OS's
 * loop (watch callbacks and the engine's broken callback), which never
 * nests callbacks.
 */

/** Devices served at once; each takes one watch (on its frontend's state). */
#define XENBUS_BACKEND_DEVICES_MAX 16

/** Longest store path the backend builds or accepts, with its NUL. */
#define XENBUS_BACKEND_PATH_MAX 128

/** Longest value written through xenbus_backend_put, with its NUL. */
#define XENBUS_BACKEND_VALUE_MAX 128

/** Log lines one device may cause: a frontend that keeps failing to connect and coming back
 *  cannot flood the log. */
#define XENBUS_BACKEND_LINES_MAX 16u

/** Longest class name ("vbd", "vif"), without its NUL. */
#define XENBUS_BACKEND_CLASS_MAX 7

/** Called for each event of a watch: the path that changed and the watch's token. */
typedef void (*xenbus_backend_watch_fn)(const char *path, const char *token, void *arg);

/**
 * How the backend reaches the store: the signatures of libos/xenbus.h, so
 * main.c fills it with xenbus_read, xenbus_write, ... Each returns what the
 * xenbus call would: >= 0 on success (a length or a count), or -XEN_E*
 * (-XEN_ENOENT for a missing node, -XEN_EAGAIN from a commit to retry).
 * tx is 0 outside a transaction. directory writes the children's names,
 * each NUL-terminated, and returns how many. A watch's fn runs later, from
 * the caller's loop, never inside one of these calls; once unwatch returns
 * it is not called again. The backend's watch tokens are "backend/<class>"
 * and "<class>/<frontend-id>/<devid>" (1 + XENBUS_BACKEND_DEVICES_MAX
 * watches at most).
 */
struct xenbus_backend_store {
	long (*read)(uint32_t tx, const char *path, char *buf, size_t size);
	long (*write)(uint32_t tx, const char *path, const char *value);
	long (*directory)(uint32_t tx, const char *path, char *names, size_t size);
	long (*watch)(const char *path, const char *token, xenbus_backend_watch_fn fn, void *arg);
	long (*unwatch)(const char *path, const char *token);
	long (*transaction_start)(uint32_t *tx);
	long (*transaction_end)(uint32_t tx, bool commit);
	/** One log line (no newline), e.g. printed with a "blkback: " prefix. */
	void (*log)(const char *line);
};

/**
 * The store of a back end on the library OS: libos/xenbus.h's calls (include
 * it where this is used), with log for the machine's lines. For
 *   static const struct xenbus_backend_store store = XENBUS_BACKEND_LIBOS_STORE(say_line);
 */
#define XENBUS_BACKEND_LIBOS_STORE(log_fn)                                                 \
	{                                                                                  \
		.read = xenbus_read, .write = xenbus_write, .directory = xenbus_directory, \
		.watch = xenbus_watch, .unwatch = xenbus_unwatch,                          \
		.transaction_start = xenbus_transaction_start,                             \
		.transaction_end = xenbus_transaction_end, .log = (log_fn)                 \
	}

struct xenbus_backend;
struct xenbus_backend_device;

/**
 * What one class of device adds to the machine. Each op gets the arg given
 * to xenbus_backend_start and the device; the class keeps its own state of
 * a device in a table of XENBUS_BACKEND_DEVICES_MAX entries indexed by
 * d->slot. An op that fails returns -XEN_E* and says why in why (why_size
 * bytes); -XEN_ENOENT means the device's directory is gone (the machine
 * then says nothing and writes nothing).
 */
struct xenbus_backend_class {
	/** The directory under backend/ and the frontend's under device/: "vbd", "vif". */
	const char *name;
	/** The toolstack's keys that must all be there before a device is taken on (it writes
	 *  them one at a time: the last it writes belongs here); frontend and frontend-id are
	 *  always checked. */
	const char *const *keys;
	unsigned int key_count;
	/** Check the device's configuration and write the keys its frontend reads. A failure
	 *  other than -XEN_ENOENT leaves the device Closed until it is removed. */
	int (*take_on)(void *arg, struct xenbus_backend_device *d, char *why, size_t why_size);
	/** The frontend published its keys: read them and start the connection. */
	int (*connect)(void *arg, struct xenbus_backend_device *d, char *why, size_t why_size);
	/** Stop the connection connect started (called once for each connect that succeeded). */
	void (*disconnect)(void *arg, struct xenbus_backend_device *d);
};

/** One served device; its fields are the backend's, to read for the class's ops. */
struct xenbus_backend_device {
	struct xenbus_backend *owner;
	unsigned int slot; /* index in owner->devices, for the class's own table */
	bool used;
	uint16_t frontend_id;
	uint32_t devid;
	char back[XENBUS_BACKEND_PATH_MAX];  /* our directory */
	char front[XENBUS_BACKEND_PATH_MAX]; /* the frontend's, as it must be */
	char token[32];                      /* of the watch on the frontend's state */
	bool watching;                       /* that watch is set */
	bool dead;                           /* wrong configuration: stays Closed until removed */
	bool detached;                       /* the toolstack took it away: stays Closed */
	bool connected;     /* the class's connect succeeded and disconnect is owed */
	unsigned int state; /* what we last wrote to our state node */
	unsigned int lines; /* log lines said of it, up to XENBUS_BACKEND_LINES_MAX */
};

/** The machine for one class; the caller places it (static) and start fills it. */
struct xenbus_backend {
	const struct xenbus_backend_store *store;
	const struct xenbus_backend_class *cls;
	void *arg;
	bool watching;
	char root[XENBUS_BACKEND_PATH_MAX];             /* /local/domain/<own>/backend/<class> */
	char root_token[XENBUS_BACKEND_CLASS_MAX + 10]; /* backend/<class> */
	struct xenbus_backend_device devices[XENBUS_BACKEND_DEVICES_MAX];
};

/** One backend key and its value, for xenbus_backend_put. */
struct xenbus_backend_key {
	const char *name;
	char value[XENBUS_BACKEND_VALUE_MAX];
};

/**
 * Start following /local/domain/<own_id>/backend/<cls->name>: set the
 * watch, whose first event (from the caller's loop) takes on the devices
 * already there. store, cls and arg must outlive b. Returns 0, -XEN_EINVAL
 * for an own_id that is no domain's or a class name that is empty, too long
 * or has a '/', or the watch's error.
 */
int xenbus_backend_start(struct xenbus_backend *b, const struct xenbus_backend_store *store,
			 const struct xenbus_backend_class *cls, void *arg, uint16_t own_id);

/**
 * Stop following: remove the watches, stop every connection, and tell each
 * frontend (Closed) while its directory is there. Nothing of b is used
 * afterwards.
 */
void xenbus_backend_stop(struct xenbus_backend *b);

/** How many connections are running (for tests and diagnostics). */
unsigned int xenbus_backend_connections(const struct xenbus_backend *b);

/**
 * The engine ended d's connection because the frontend broke the protocol
 * (why says how): error node, disconnect, Closing, Closed. No log line: the
 * engine logged the one that says how, and it counts against d's lines
 * (xenbus_backend_quiet). Nothing happens unless d is connected, so a late
 * call is harmless.
 */
void xenbus_backend_broken(struct xenbus_backend_device *d, const char *why);

/**
 * Whether d has said all the lines it may (XENBUS_BACKEND_LINES_MAX, the
 * engine's lines of broken connections counted too): an engine starts d's
 * next connection without logging, so a frontend that breaks and reconnects
 * in a loop cannot flood the log.
 */
bool xenbus_backend_quiet(const struct xenbus_backend_device *d);

/**
 * Write count keys under d's directory in one transaction, but only while
 * the directory is there (a write would make it again). Returns 0,
 * -XEN_ENOENT when it is gone, -XEN_EINVAL for a path too long, or the
 * store's error (after retrying commits it refused).
 */
long xenbus_backend_put(struct xenbus_backend_device *d, const struct xenbus_backend_key *keys,
			size_t count);

/** Set key to name = the decimal value (for xenbus_backend_put). */
void xenbus_backend_key_number(struct xenbus_backend_key *key, const char *name, uint64_t value);

/**
 * Read key of d's own directory (NUL-terminated into buf): its length, or
 * the store's error (-XEN_ENOENT, -XEN_ERANGE when longer than size - 1).
 */
long xenbus_backend_read(struct xenbus_backend_device *d, const char *key, char *buf, size_t size);

/**
 * A decimal number: len bytes of digits only (at least one, at most 20),
 * no sign or space, whose value is at most max. Returns 0 with *out set, or
 * -XEN_EINVAL.
 */
int xenbus_backend_decimal(const char *s, size_t len, uint64_t max, uint64_t *out);

/**
 * Read the number at path (as xenbus_backend_decimal takes it). Returns 0
 * with *out set, -XEN_ENOENT if there is no such node, -XEN_EINVAL if its
 * value is not such a number, or the store's error.
 */
long xenbus_backend_number(const struct xenbus_backend_store *s, const char *path, uint64_t max,
			   uint64_t *out);

/** dir/key into out; false if it does not fit (out is then not a path). */
bool xenbus_backend_join(char out[XENBUS_BACKEND_PATH_MAX], const char *dir, const char *key);

#endif
