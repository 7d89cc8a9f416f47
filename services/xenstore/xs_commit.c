/* SPDX-License-Identifier: MIT */
/* Xenstore commits: a view checked against the tree, then applied whole. */
#include <errno.h>
#include <string.h>
#include "xs_internal.h"

/*
 * Commit first decides (generations, quotas, and the domain records the new
 * owners need: the only allocations), then applies, which cannot fail: the
 * view's private nodes are moved into the tree, not copied. The committed
 * subtrees it replaces or removes are kept, out of the tree and the
 * accounts, until the events have been fired: watchers below a removed node
 * are judged by what they could read there.
 */

static int validate(const struct xs_txn *txn)
{
	const struct xs_entry *e;
	const struct xs_node *live;

	for (e = txn->entries; e; e = e->next) {
		if (!e->checked) {
			continue;
		}
		live = xs_tree_lookup(txn->store->root, e->path, e->path_len);
		if ((live ? live->gen : 0) != e->base_gen) {
			return -EAGAIN;
		}
	}
	return 0;
}

/* Every owner the commit will charge has a record before anything changes. */
static int reserve_owners(const struct xs_txn *txn)
{
	const struct xs_entry *e;

	for (e = txn->entries; e; e = e->next) {
		if (e->modified && e->exists &&
		    !xs_domain_get(txn->store, xs_perms_owner(&e->node->perms))) {
			return -ENOMEM;
		}
	}
	return 0;
}

/* Adds @bytes to the pending change of @domid's node bytes (its record exists). */
static void pend(struct xs_store *store, uint16_t domid, int64_t bytes)
{
	struct xs_domain *dom = xs_domain_find(store, domid);

	if (dom) {
		dom->pending += bytes;
	}
}

/*
 * Each owner's nodes, as the commit would leave them, fit its byte quota.
 * What the commit removes is not counted, erring on the side of refusing.
 * A privileged caller (the toolstack describing a domain) is not refused,
 * as for the node quota: the bound is on what unprivileged domains can do.
 */
static int check_bytes(const struct xs_txn *txn)
{
	struct xs_store *store = txn->store;
	const struct xs_entry *e;
	const struct xs_node *live;
	struct xs_domain *dom;
	int err = 0;

	if (txn->caller.privileged) {
		return 0;
	}
	for (e = txn->entries; e; e = e->next) {
		if (!e->modified || !e->exists) {
			continue;
		}
		pend(store, xs_perms_owner(&e->node->perms), (int64_t)xs_tree_node_bytes(e->node));
		live = e->fresh ? NULL : xs_tree_lookup(store->root, e->path, e->path_len);
		if (live) {
			pend(store, xs_perms_owner(&live->perms),
			     -(int64_t)xs_tree_node_bytes(live));
		}
	}
	for (dom = store->domains; dom; dom = dom->next) {
		if (!err && xs_domain_bytes_room(store, dom, txn, dom->pending) < 0) {
			err = -ENOSPC;
		}
		dom->pending = 0;
	}
	return err;
}

/* Gives @live the value and perms of @copy (which takes the old ones). */
static void replace_content(struct xs_store *store, struct xs_node *live, struct xs_node *copy)
{
	struct xs_perms perms = live->perms;
	char *value = live->value;
	uint32_t value_len = live->value_len;
	xs_domain_uncharge(store, live);
	live->value = copy->value;
	live->value_len = copy->value_len;
	live->perms = copy->perms;
	copy->value = value;
	copy->value_len = value_len;
	copy->perms = perms;
	xs_domain_charge(store, live);
	live->gen = xs_store_next_gen(store);
}

/* Takes @e's committed node, and what is below, out of the tree (not the root). */
static void drop(struct xs_store *store, struct xs_entry *e, struct xs_node *live)
{
	struct xs_node *parent = live->parent;

	xs_store_detach_subtree(store, live);
	parent->gen = xs_store_next_gen(store);
	e->dropped = live;
}

static void apply_entry(struct xs_store *store, struct xs_entry *e)
{
	struct xs_node *live = xs_tree_lookup(store->root, e->path, e->path_len);
	struct xs_node *parent;

	if (live && live->parent && (!e->exists || e->fresh)) {
		drop(store, e, live);
		live = NULL;
	}
	if (!e->exists) {
		return;
	}
	if (live) {
		replace_content(store, live, e->node);
		return;
	}
	parent = xs_tree_lookup(store->root, e->path, xs_path_parent_len(e->path, e->path_len));
	if (!parent) {
		return; /* validation and depth order rule this out */
	}
	e->node->gen = xs_store_next_gen(store);
	xs_tree_link(parent, e->node);
	parent->gen = xs_store_next_gen(store);
	store->node_count++;
	xs_domain_charge(store, e->node);
	e->node = NULL;
}

/* Parents before children, so a node is created before what goes below it. */
static void apply(struct xs_txn *txn)
{
	uint32_t depth, max = 0;
	struct xs_entry *e;

	for (e = txn->entries; e; e = e->next) {
		if (e->modified && e->depth > max) {
			max = e->depth;
		}
	}
	for (depth = 0; depth <= max; depth++) {
		for (e = txn->entries; e; e = e->next) {
			if (e->modified && e->depth == depth) {
				apply_entry(txn->store, e);
			}
		}
	}
}

/**
 * Makes @txn's changes the tree's, all or nothing. Returns 0, -EAGAIN if
 * something it read changed since, -ENOSPC past a node or byte quota, -ENOMEM, or
 * the error that spoiled the view earlier. Events stay queued in @txn for
 * xs_commit_fire.
 */
int xs_commit_apply(struct xs_txn *txn)
{
	int err = txn->error;

	if (!err) {
		err = validate(txn);
	}
	if (!err) {
		err = xs_txn_node_room(txn, 0);
	}
	if (!err) {
		err = reserve_owners(txn);
	}
	if (!err) {
		err = check_bytes(txn);
	}
	if (err) {
		xs_domain_gc(txn->store);
		return err;
	}
	apply(txn);
	xs_domain_gc(txn->store);
	return 0;
}

/**
 * Fires the watch events of committed @txn, in the order its requests
 * queued them. A change is shown to those who may read the node as the
 * commit left it; a node the transaction changed and then removed has only
 * its removal's event to show.
 */
void xs_commit_fire(struct xs_txn *txn)
{
	const struct xs_event *ev;
	const struct xs_node *node;

	for (ev = txn->events; ev; ev = ev->next) {
		if (ev->removal) {
			xs_watch_fire_removal(txn, ev);
			continue;
		}
		node = xs_tree_lookup(txn->store->root, ev->path, strlen(ev->path));
		if (node) {
			xs_watch_fire(txn->store, ev->path, &node->perms);
		}
	}
}

/**
 * The perms that decide whether a watch on @watched, strictly below removed
 * event @ev's path, hears of the removal: those of @watched's node, or of its
 * nearest ancestor, as committed before @txn removed it. When @txn had
 * created that part of the tree itself, nobody else could read it: the
 * removed node's own perms decide then. Valid until @txn is freed.
 */
const struct xs_perms *xs_commit_perms_below(const struct xs_txn *txn, const struct xs_event *ev,
					     const char *watched)
{
	size_t len = strlen(watched), reached;
	const struct xs_entry *e;
	const struct xs_node *node;

	for (e = txn->entries; e; e = e->next) {
		if (!e->dropped || !xs_path_is_under(watched, len, e->path, e->path_len)) {
			continue;
		}
		/* Dropped subtrees are disjoint: this is the only one holding it. */
		node = xs_tree_nearest(e->dropped, watched + e->path_len, len - e->path_len,
				       &reached);
		if (e->path_len + reached >= strlen(ev->path)) {
			return &node->perms;
		}
		break;
	}
	return &ev->perms;
}
