// SPDX-License-Identifier: MIT
/* A stand-in xenstore for the xenbus back ends' unit tests (fake_store.h). */
#include <abi/errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fake_store.h"

#define NODES_MAX 2048
#define WATCHES_MAX 40
#define EVENTS_MAX 4096
#define EVENTS_PER_RUN 20000 /* far more than any test needs: more is an endless loop */
#define PATH_SIZE 160
#define VALUE_SIZE 1200 /* a whole rules value, NET_RULES_TEXT_MAX and more */

struct node {
	bool used;
	char path[PATH_SIZE];
	char value[VALUE_SIZE];
};

struct watch {
	bool used;
	char path[PATH_SIZE];
	char token[64];
	xenbus_backend_watch_fn fn;
	void *arg;
};

struct event {
	char path[PATH_SIZE];
	char token[64];
};

struct write_record {
	char path[PATH_SIZE];
	char value[VALUE_SIZE];
};

static struct node nodes[NODES_MAX];
static struct watch watches[WATCHES_MAX];
static struct event events[EVENTS_MAX];
static unsigned int event_head, event_count;
static struct write_record history[FAKE_HISTORY_MAX];
static unsigned int history_count;
static long watch_error;
static uint32_t next_tx = 1;

char fake_log[FAKE_LOG_MAX][256];
unsigned int fake_log_count;

void fake_store_reset(void)
{
	memset(nodes, 0, sizeof(nodes));
	memset(watches, 0, sizeof(watches));
	memset(history, 0, sizeof(history));
	memset(fake_log, 0, sizeof(fake_log));
	event_head = event_count = history_count = 0;
	fake_log_count = 0;
	watch_error = 0;
}

static struct node *find(const char *path)
{
	for (unsigned int i = 0; i < NODES_MAX; i++) {
		if (nodes[i].used && strcmp(nodes[i].path, path) == 0) {
			return &nodes[i];
		}
	}
	return NULL;
}

/* Whether a is b or above it (a component-wise prefix). */
static bool at_or_above(const char *a, const char *b)
{
	size_t len = strlen(a);

	return strncmp(a, b, len) == 0 && (b[len] == '\0' || b[len] == '/');
}

static void queue(const char *path, const char *token)
{
	struct event *e;

	assert_true(event_count < EVENTS_MAX);
	e = &events[(event_head + event_count++) % EVENTS_MAX];
	snprintf(e->path, sizeof(e->path), "%s", path);
	snprintf(e->token, sizeof(e->token), "%s", token);
}

static void fire(const char *path, bool removed)
{
	for (unsigned int i = 0; i < WATCHES_MAX; i++) {
		if (!watches[i].used) {
			continue;
		}
		if (at_or_above(watches[i].path, path)) {
			queue(path, watches[i].token);
		} else if (removed && at_or_above(path, watches[i].path)) {
			queue(watches[i].path, watches[i].token);
		}
	}
}

/* path = value; its missing parents are made empty, as xenstored makes them (no event). */
static void set(const char *path, const char *value, bool notify)
{
	struct node *n = find(path);
	char parent[PATH_SIZE];
	char *slash;

	assert_true(strlen(path) < PATH_SIZE && strlen(value) < VALUE_SIZE);
	snprintf(parent, sizeof(parent), "%s", path);
	slash = strrchr(parent, '/');
	if (slash && slash != parent) {
		*slash = '\0';
		if (!find(parent)) {
			set(parent, "", false);
		}
	}
	for (unsigned int i = 0; !n && i < NODES_MAX; i++) {
		if (!nodes[i].used) {
			n = &nodes[i];
			n->used = true;
			snprintf(n->path, sizeof(n->path), "%s", path);
		}
	}
	assert_non_null(n);
	snprintf(n->value, sizeof(n->value), "%s", value);
	if (!notify) {
		return;
	}
	if (history_count < FAKE_HISTORY_MAX) {
		snprintf(history[history_count].path, PATH_SIZE, "%s", path);
		snprintf(history[history_count].value, VALUE_SIZE, "%s", value);
		history_count++;
	}
	fire(path, false);
}

void fake_store_put(const char *path, const char *value)
{
	set(path, value, true);
}

const char *fake_store_get(const char *path)
{
	struct node *n = find(path);

	return n ? n->value : NULL;
}

void fake_store_remove(const char *path)
{
	bool any = false;

	for (unsigned int i = 0; i < NODES_MAX; i++) {
		if (nodes[i].used && at_or_above(path, nodes[i].path)) {
			nodes[i].used = false;
			any = true;
		}
	}
	if (any) {
		fire(path, true);
	}
}

unsigned int fake_store_watches(void)
{
	unsigned int count = 0;

	for (unsigned int i = 0; i < WATCHES_MAX; i++) {
		count += watches[i].used ? 1u : 0u;
	}
	return count;
}

unsigned int fake_store_writes(const char *path, const char *value)
{
	unsigned int count = 0;

	for (unsigned int i = 0; i < history_count; i++) {
		if (strcmp(history[i].path, path) == 0 && strcmp(history[i].value, value) == 0) {
			count++;
		}
	}
	return count;
}

const char *fake_store_history(const char *path)
{
	static char out[512];
	size_t at = 0;

	out[0] = '\0';
	for (unsigned int i = 0; i < history_count; i++) {
		if (strcmp(history[i].path, path) == 0 && at < sizeof(out)) {
			at += (size_t)snprintf(out + at, sizeof(out) - at, "%s%s", at ? "," : "",
					       history[i].value);
		}
	}
	return out;
}

void fake_store_fail_watch(long err)
{
	watch_error = err;
}

void fake_store_run(void)
{
	for (unsigned int n = 0; event_count > 0; n++) {
		struct event e = events[event_head];

		assert_true(n < EVENTS_PER_RUN);
		event_head = (event_head + 1) % EVENTS_MAX;
		event_count--;
		for (unsigned int i = 0; i < WATCHES_MAX; i++) {
			if (watches[i].used && strcmp(watches[i].token, e.token) == 0) {
				watches[i].fn(e.path, e.token, watches[i].arg);
				break;
			}
		}
	}
}

/* The ops. */

static long store_read(uint32_t tx, const char *path, char *buf, size_t size)
{
	struct node *n = find(path);
	size_t len;

	(void)tx;
	if (!n) {
		return -XEN_ENOENT;
	}
	len = strlen(n->value);
	if (len + 1 > size) {
		return -XEN_ERANGE;
	}
	memcpy(buf, n->value, len + 1);
	return (long)len;
}

static long store_write(uint32_t tx, const char *path, const char *value)
{
	(void)tx;
	set(path, value, true);
	return 0;
}

static long store_directory(uint32_t tx, const char *path, char *names, size_t size)
{
	size_t len = strlen(path), at = 0;
	long count = 0;

	(void)tx;
	if (!find(path)) {
		return -XEN_ENOENT;
	}
	for (unsigned int i = 0; i < NODES_MAX; i++) {
		const char *child = nodes[i].path + len + 1;
		size_t child_len;

		if (!nodes[i].used || strncmp(nodes[i].path, path, len) != 0 ||
		    nodes[i].path[len] != '/' || strchr(child, '/')) {
			continue;
		}
		child_len = strlen(child);
		if (at + child_len + 1 > size) {
			return -XEN_ERANGE;
		}
		memcpy(names + at, child, child_len + 1);
		at += child_len + 1;
		count++;
	}
	return count;
}

static long store_watch(const char *path, const char *token, xenbus_backend_watch_fn fn, void *arg)
{
	long err = watch_error;

	if (err) {
		watch_error = 0;
		return err;
	}
	for (unsigned int i = 0; i < WATCHES_MAX; i++) {
		if (watches[i].used && strcmp(watches[i].token, token) == 0) {
			return -XEN_EEXIST;
		}
	}
	for (unsigned int i = 0; i < WATCHES_MAX; i++) {
		if (!watches[i].used) {
			watches[i] = (struct watch){ .used = true, .fn = fn, .arg = arg };
			snprintf(watches[i].path, sizeof(watches[i].path), "%s", path);
			snprintf(watches[i].token, sizeof(watches[i].token), "%s", token);
			queue(path, token); /* the event the store sends at once */
			return 0;
		}
	}
	return -XEN_ENOSPC;
}

static long store_unwatch(const char *path, const char *token)
{
	for (unsigned int i = 0; i < WATCHES_MAX; i++) {
		if (watches[i].used && strcmp(watches[i].token, token) == 0 &&
		    strcmp(watches[i].path, path) == 0) {
			watches[i].used = false;
			return 0;
		}
	}
	fail_msg("unwatch of %s (%s), which is not watched", path, token);
	return -XEN_ENOENT;
}

static long store_tx_start(uint32_t *tx)
{
	*tx = next_tx++;
	return 0;
}

static long store_tx_end(uint32_t tx, bool commit)
{
	(void)tx;
	(void)commit;
	return 0;
}

static void store_log(const char *line)
{
	if (fake_log_count < FAKE_LOG_MAX) {
		snprintf(fake_log[fake_log_count], sizeof(fake_log[0]), "%s", line);
	}
	fake_log_count++;
}

const struct xenbus_backend_store fake_store = {
	.read = store_read,
	.write = store_write,
	.directory = store_directory,
	.watch = store_watch,
	.unwatch = store_unwatch,
	.transaction_start = store_tx_start,
	.transaction_end = store_tx_end,
	.log = store_log,
};
