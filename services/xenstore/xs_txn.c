/* SPDX-License-Identifier: MIT */
/* Xenstore transactions: a private, optimistic view of the tree. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "xs_internal.h"

/*
 * Every request works on a view (a single request's view commits as soon as
 * it is built). The first time the view touches a path it copies the
 * committed node, or records its absence, with the committed generation:
 * later reads see that copy and the view's own changes, and commit refuses
 * (EAGAIN) if any of those generations moved meanwhile. A node's generation
 * changes with its value, its perms and its set of children, so a listing
 * read is checked too.
 *
 * A path is looked up top-down: the nearest recorded ancestor decides. A
 * removed ancestor makes it absent; an ancestor created in the view
 * ("fresh") hides everything committed below it; otherwise the committed tree
 * answers and the answer is recorded.
 *
 * A view counts what it holds twice: entries and events (the transaction
 * nodes quota) and bytes (the transaction bytes quota): the entries with
 * their paths, the private nodes with their names, values and perms, and
 * the events with their paths and perms. Requests check for room before
 * changing anything, so a refusal leaves the view as it was.
 */

static uint64_t hash_bytes(uint64_t h, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (uint8_t)s[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

#define HASH_SEED 0xcbf29ce484222325ull

static struct xs_entry *entry_lookup(const struct xs_txn *txn, const char *path, size_t len,
				     uint64_t hash)
{
	struct xs_entry *e;

	for (e = txn->buckets[hash % XS_TXN_BUCKETS]; e; e = e->hash_next) {
		if (e->hash == hash && e->path_len == len && memcmp(e->path, path, len) == 0) {
			return e;
		}
	}
	return NULL;
}

/**
 * -ENOSPC unless @more entries or events and @bytes more bytes fit in the
 * transaction's budgets.
 */
int xs_txn_room(const struct xs_txn *txn, uint32_t more, uint64_t bytes)
{
	if (txn->budget && (more > txn->budget || txn->used > txn->budget - more)) {
		return -ENOSPC;
	}
	if (txn->byte_budget && txn->bytes + bytes > txn->byte_budget) {
		return -ENOSPC;
	}
	if (txn->payer && bytes > INT64_MAX) {
		return -ENOSPC;
	}
	return txn->payer ? xs_domain_bytes_room(txn->store, txn->payer, NULL, (int64_t)bytes) : 0;
}

/* Counts @bytes more in the view, if they fit. 0 or -ENOSPC. */
static int grow(struct xs_txn *txn, uint64_t bytes)
{
	if (xs_txn_room(txn, 0, bytes) < 0) {
		return -ENOSPC;
	}
	txn->bytes += bytes;
	return 0;
}

static void shrink(struct xs_txn *txn, uint64_t bytes)
{
	txn->bytes = bytes < txn->bytes ? txn->bytes - bytes : 0;
}

static uint64_t perms_cost(uint32_t count)
{
	return (uint64_t)count * sizeof(struct xs_perm);
}

/* What a private node holds: itself, its name, its value and its perms. */
static uint64_t node_cost(const struct xs_node *node)
{
	return xs_tree_node_bytes(node);
}

static uint64_t entry_cost(size_t path_len)
{
	return sizeof(struct xs_entry) + path_len + 1;
}

/**
 * At most what creating a node at a path of @path_len bytes with
 * @perms_count perms entries adds to a view: an entry and an empty node.
 */
uint64_t xs_txn_create_cost(size_t path_len, uint32_t perms_count)
{
	return entry_cost(path_len) + sizeof(struct xs_node) + path_len + 1 +
	       perms_cost(perms_count);
}

/** What queueing an event for a path of @path_len bytes adds to a view. */
uint64_t xs_txn_event_cost(size_t path_len, const struct xs_perms *removed)
{
	return sizeof(struct xs_event) + path_len + 1 + (removed ? perms_cost(removed->count) : 0);
}

/**
 * -ENOSPC unless the nodes committing would add, and @more besides, fit the
 * store's cap and, for an unprivileged caller (who owns what it creates),
 * its node quota. Removals count only once committed, so this errs on the
 * side of refusing.
 */
int xs_txn_node_room(const struct xs_txn *txn, uint32_t more)
{
	const struct xs_store *store = txn->store;
	const struct xs_domain *dom;
	uint64_t adding = (uint64_t)txn->created + more, owned;

	if (adding == 0) {
		return 0;
	}
	if (store->node_count + adding > store->limits.nodes_total) {
		return -ENOSPC;
	}
	if (txn->caller.privileged) {
		return 0;
	}
	dom = xs_domain_find(store, txn->caller.domid);
	owned = dom ? dom->nodes_owned : 0;
	return owned + adding > xs_domain_quota(store, dom, XS_QUOTA_NODES) ? -ENOSPC : 0;
}

/* A new entry for @path, recording @live (NULL: absent) as committed state. */
static int entry_add(struct xs_txn *txn, const char *path, size_t len, uint64_t hash,
		     const struct xs_node *live, struct xs_entry **out)
{
	uint64_t cost = entry_cost(len) + (live ? node_cost(live) : 0);
	struct xs_entry *e;

	if (xs_txn_room(txn, 1, cost) < 0) {
		return -ENOSPC;
	}
	e = calloc(1, sizeof(*e));
	if (!e) {
		return -ENOMEM;
	}
	e->path = malloc(len + 1);
	if (!e->path || (live && !(e->node = xs_tree_node_copy(live)))) {
		free(e->path);
		free(e);
		return -ENOMEM;
	}
	memcpy(e->path, path, len);
	e->path[len] = '\0';
	e->path_len = (uint32_t)len;
	e->depth = xs_path_depth(path, len);
	e->hash = hash;
	e->exists = live != NULL;
	e->base_gen = e->gen = live ? live->gen : 0;
	e->checked = true;
	e->hash_next = txn->buckets[hash % XS_TXN_BUCKETS];
	txn->buckets[hash % XS_TXN_BUCKETS] = e;
	*txn->entries_tail = e;
	txn->entries_tail = &e->next;
	txn->used++;
	txn->bytes += cost;
	*out = e;
	return 0;
}

/* End of the component that starts at @start. */
static size_t component_end(const char *path, size_t len, size_t start)
{
	while (start < len && path[start] != '/') {
		start++;
	}
	return start;
}

/**
 * Looks @path (@len bytes, absolute and well-formed) up in the view. On 0,
 * *@out is its entry (check ->exists), or NULL when it is absent because an
 * ancestor was removed or created in this view (nothing to record then).
 * Returns -ENOSPC (budget) or -ENOMEM.
 */
int xs_txn_find(struct xs_txn *txn, const char *path, size_t len, struct xs_entry **out)
{
	const struct xs_node *live = txn->store->root;
	uint64_t hash = hash_bytes(HASH_SEED, path, 1);
	struct xs_entry *e;
	bool shadow = false;
	size_t end = 1, start, next;

	*out = NULL;
	for (;;) {
		e = entry_lookup(txn, path, end, hash);
		if (end >= len) {
			break;
		}
		if (e && !e->exists) {
			return 0;
		}
		shadow = shadow || (e && e->fresh);
		start = end == 1 ? 1 : end + 1;
		next = component_end(path, len, start);
		if (live && !shadow) {
			live = xs_tree_child(live, path + start, next - start);
		}
		hash = hash_bytes(hash, path + end, next - end);
		end = next;
	}
	if (e || shadow) {
		*out = e;
		return 0;
	}
	return entry_add(txn, path, len, hash, live, out);
}

struct child_walk {
	struct xs_txn *txn;
	const struct xs_entry *dir;
	int (*fn)(void *arg, const char *name, size_t len);
	void *arg;
	char *buf; /* dir's path, a slash, and room for a name */
};

/*
 * Whether committed child @name of the directory was removed in this view,
 * or replaced by a node created in it (walk_created lists those).
 */
static bool child_replaced(struct child_walk *w, const char *name)
{
	size_t dir_len = w->dir->path_len, name_len = strlen(name);
	size_t base = dir_len == 1 ? 1 : dir_len + 1;
	const struct xs_entry *e;

	if (base + name_len > XS_PATH_MAX) {
		return false;
	}
	memcpy(w->buf + base, name, name_len);
	e = entry_lookup(w->txn, w->buf, base + name_len,
			 hash_bytes(HASH_SEED, w->buf, base + name_len));
	return e && (!e->exists || e->created);
}

static int walk_committed(struct child_walk *w)
{
	const struct xs_node *live, *child;
	int err;

	live = xs_tree_lookup(w->txn->store->root, w->dir->path, w->dir->path_len);
	if (!live) {
		return 0;
	}
	for (child = live->first_child; child; child = child->next) {
		if (child_replaced(w, child->name)) {
			continue;
		}
		err = w->fn(w->arg, child->name, strlen(child->name));
		if (err) {
			return err;
		}
	}
	return 0;
}

/* Entries that exist in the view, directly below the directory, and are new. */
static int walk_created(struct child_walk *w)
{
	const struct xs_entry *dir = w->dir, *e;
	const char *name;
	int err;

	for (e = w->txn->entries; e; e = e->next) {
		if (!e->exists || !e->created || e->depth != dir->depth + 1 ||
		    !xs_path_is_under(e->path, e->path_len, dir->path, dir->path_len)) {
			continue;
		}
		name = strrchr(e->path, '/') + 1;
		err = w->fn(w->arg, name, strlen(name));
		if (err) {
			return err;
		}
	}
	return 0;
}

/**
 * Calls @fn for each child name of @dir (an existing entry) in the view:
 * committed children first, in creation order, then those created in the
 * view. Stops at, and returns, @fn's first non-zero result; or -ENOMEM.
 */
int xs_txn_children(struct xs_txn *txn, const struct xs_entry *dir,
		    int (*fn)(void *arg, const char *name, size_t len), void *arg)
{
	struct child_walk w = { txn, dir, fn, arg, NULL };
	int err;

	w.buf = malloc(XS_PATH_MAX + 2);
	if (!w.buf) {
		return -ENOMEM;
	}
	memcpy(w.buf, dir->path, dir->path_len);
	w.buf[dir->path_len] = '/';
	err = dir->fresh ? 0 : walk_committed(&w);
	if (!err) {
		err = walk_created(&w);
	}
	free(w.buf);
	return err;
}

/**
 * A view for @caller; @budget bounds its entries and events, @byte_budget the
 * bytes they hold (0: no bound).
 */
struct xs_txn *xs_txn_new(struct xs_store *store, const struct xs_caller *caller, uint32_t budget,
			  uint32_t byte_budget)
{
	struct xs_txn *txn = calloc(1, sizeof(*txn));

	if (!txn) {
		return NULL;
	}
	txn->store = store;
	txn->caller = *caller;
	txn->budget = budget;
	txn->byte_budget = byte_budget;
	txn->entries_tail = &txn->entries;
	txn->events_tail = &txn->events;
	return txn;
}

void xs_txn_free(struct xs_txn *txn)
{
	struct xs_entry *e, *next_e;
	struct xs_event *ev, *next_ev;

	if (!txn) {
		return;
	}
	for (e = txn->entries; e; e = next_e) {
		next_e = e->next;
		xs_tree_node_free(e->node);
		if (e->dropped) {
			xs_tree_free_subtree(e->dropped);
		}
		free(e->path);
		free(e);
	}
	for (ev = txn->events; ev; ev = next_ev) {
		next_ev = ev->next;
		xs_perms_free(&ev->perms);
		free(ev->path);
		free(ev);
	}
	free(txn);
}

/*
 * Running out of memory halfway through a request leaves the view half
 * changed; the transaction can then only fail.
 */
static int doom(struct xs_txn *txn, int err)
{
	if (!txn->error) {
		txn->error = err;
	}
	return err;
}

static void touch(struct xs_txn *txn, struct xs_entry *e)
{
	e->gen = xs_store_next_gen(txn->store);
}

static int find_parent(struct xs_txn *txn, const char *path, size_t len, struct xs_entry **out)
{
	return xs_txn_find(txn, path, xs_path_parent_len(path, len), out);
}

/**
 * Creates @path in the view with a copy of @perms and an empty value.
 * The caller has checked that @path is absent, its parent present, and that
 * the budgets have room (xs_txn_create_cost). Returns 0 with *@out, or
 * -ENOMEM (or -ENOSPC if the check was missed; the view is spoilt then).
 */
int xs_txn_create(struct xs_txn *txn, const char *path, size_t len, const struct xs_perms *perms,
		  struct xs_entry **out)
{
	struct xs_entry *parent, *e;
	size_t name_at = len;
	int err;

	while (name_at > 0 && path[name_at - 1] != '/') {
		name_at--;
	}

	err = find_parent(txn, path, len, &parent);
	if (!err) {
		err = xs_txn_find(txn, path, len, &e);
	}
	if (err) {
		return err;
	}
	if (!parent || !parent->exists || (e && e->exists) || len <= 1) {
		return -EINVAL;
	}
	if (!e) {
		/* Below a node created here: nothing committed to check. */
		err = entry_add(txn, path, len, hash_bytes(HASH_SEED, path, len), NULL, &e);
		if (err) {
			return doom(txn, err);
		}
		e->checked = false;
	}
	e->node = xs_tree_node_new(path + name_at, len - name_at);
	if (!e->node || xs_perms_copy(&e->node->perms, perms) < 0) {
		xs_tree_node_free(e->node);
		e->node = NULL;
		return doom(txn, -ENOMEM);
	}
	if (grow(txn, node_cost(e->node)) < 0) {
		xs_tree_node_free(e->node);
		e->node = NULL;
		return doom(txn, -ENOSPC);
	}
	e->exists = e->fresh = e->modified = e->created = true;
	txn->created++;
	touch(txn, e);
	touch(txn, parent);
	*out = e;
	return 0;
}

/** Replaces the value of existing @entry. 0, -ENOSPC (past the byte budget) or -ENOMEM. */
int xs_txn_set_value(struct xs_txn *txn, struct xs_entry *entry, const char *value, uint32_t len)
{
	uint32_t old = entry->node->value_len;
	char *copy = NULL;

	if (len > old && grow(txn, len - old) < 0) {
		return doom(txn, -ENOSPC);
	}
	if (len) {
		copy = malloc(len);
		if (!copy) {
			return doom(txn, -ENOMEM);
		}
		memcpy(copy, value, len);
	}
	if (len < old) {
		shrink(txn, old - len);
	}
	free(entry->node->value);
	entry->node->value = copy;
	entry->node->value_len = len;
	entry->modified = true;
	touch(txn, entry);
	return 0;
}

/** Gives existing @entry a copy of @perms. 0, -ENOSPC (byte budget) or -ENOMEM. */
int xs_txn_set_perms(struct xs_txn *txn, struct xs_entry *entry, const struct xs_perms *perms)
{
	uint64_t was = perms_cost(entry->node->perms.count), will = perms_cost(perms->count);
	struct xs_perms copy;

	if (will > was && grow(txn, will - was) < 0) {
		return doom(txn, -ENOSPC);
	}
	if (xs_perms_copy(&copy, perms) < 0) {
		return doom(txn, -ENOMEM);
	}
	if (will < was) {
		shrink(txn, was - will);
	}
	xs_perms_free(&entry->node->perms);
	entry->node->perms = copy;
	entry->modified = true;
	touch(txn, entry);
	return 0;
}

/* The view no longer has @e: removed itself, or with an ancestor. */
static void forget(struct xs_txn *txn, struct xs_entry *e)
{
	if (e->node) {
		shrink(txn, node_cost(e->node));
	}
	xs_tree_node_free(e->node);
	e->node = NULL;
	if (e->created) {
		e->created = false;
		txn->created--;
	}
	e->exists = e->fresh = e->modified = false;
}

/**
 * Removes existing @entry and everything below it from the view. Returns 0,
 * or -ENOSPC/-ENOMEM from recording its parent (nothing changed then).
 */
int xs_txn_remove(struct xs_txn *txn, struct xs_entry *entry)
{
	struct xs_entry *parent, *e;
	int err;

	err = find_parent(txn, entry->path, entry->path_len, &parent);
	if (err) {
		return err;
	}
	for (e = txn->entries; e; e = e->next) {
		if (e != entry &&
		    xs_path_is_under(e->path, e->path_len, entry->path, entry->path_len)) {
			forget(txn, e);
		}
	}
	forget(txn, entry);
	entry->modified = true;
	touch(txn, entry);
	if (parent) {
		touch(txn, parent);
	}
	return 0;
}

/**
 * Queues a watch event for commit: @path changed, or, with @removed (its
 * perms as it goes), was removed. Who may see a change is decided once it
 * is committed (see xs_commit_fire). Returns 0, -ENOSPC (budget) or -ENOMEM.
 */
int xs_txn_event(struct xs_txn *txn, const char *path, const struct xs_perms *removed)
{
	size_t len = strlen(path);
	uint64_t cost = xs_txn_event_cost(len, removed);
	struct xs_event *ev;

	if (xs_txn_room(txn, 1, cost) < 0) {
		return doom(txn, -ENOSPC);
	}
	ev = calloc(1, sizeof(*ev));
	if (!ev) {
		return doom(txn, -ENOMEM);
	}
	ev->path = malloc(len + 1);
	if (!ev->path || (removed && xs_perms_copy(&ev->perms, removed) < 0)) {
		free(ev->path);
		free(ev);
		return doom(txn, -ENOMEM);
	}
	memcpy(ev->path, path, len + 1);
	ev->removal = removed != NULL;
	*txn->events_tail = ev;
	txn->events_tail = &ev->next;
	txn->used++;
	txn->bytes += cost;
	return 0;
}
