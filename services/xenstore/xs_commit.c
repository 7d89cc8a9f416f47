/* SPDX-License-Identifier: MIT */
/* Xenstore commits: a view checked against the tree, then applied whole. */
#include <errno.h>
#include "xs_internal.h"

/*
 * Commit first decides (generations, quotas, and the domain records the new
 * owners need: the only allocations), then applies, which cannot fail: the
 * view's private nodes are moved into the tree, not copied.
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

/*
 * New nodes count against the global cap and, for an unprivileged caller
 * (who owns everything it creates), its node quota. Removals are credited
 * only once applied, so this errs on the side of refusing.
 */
static int check_quota(const struct xs_txn *txn)
{
	const struct xs_store *store = txn->store;
	const struct xs_domain *dom;
	uint32_t quota, owned;

	if ((uint64_t)store->node_count + txn->created > store->limits.nodes_total) {
		return -ENOSPC;
	}
	if (txn->caller.privileged || txn->created == 0) {
		return 0;
	}
	dom = xs_domain_find(store, txn->caller.domid);
	owned = dom ? dom->nodes_owned : 0;
	quota = xs_domain_quota(store, dom, XS_QUOTA_NODES);
	if ((uint64_t)owned + txn->created > quota) {
		return -ENOSPC;
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

/* Gives @live the value and perms of @copy (which takes the old ones). */
static void replace_content(struct xs_store *store, struct xs_node *live, struct xs_node *copy)
{
	struct xs_perms perms = live->perms;
	char *value = live->value;
	uint32_t value_len = live->value_len;
	uint16_t old_owner = xs_perms_owner(&live->perms);

	live->value = copy->value;
	live->value_len = copy->value_len;
	live->perms = copy->perms;
	copy->value = value;
	copy->value_len = value_len;
	copy->perms = perms;
	if (old_owner != xs_perms_owner(&live->perms)) {
		xs_domain_charge(store, old_owner, -1);
		xs_domain_charge(store, xs_perms_owner(&live->perms), 1);
	}
	live->gen = xs_store_next_gen(store);
}

static void drop(struct xs_store *store, struct xs_node *live)
{
	struct xs_node *parent = live->parent;

	if (!parent) {
		return; /* the root stays: requests cannot remove it */
	}
	xs_store_drop_subtree(store, live);
	parent->gen = xs_store_next_gen(store);
}

static void apply_entry(struct xs_store *store, struct xs_entry *e)
{
	struct xs_node *live = xs_tree_lookup(store->root, e->path, e->path_len);
	struct xs_node *parent;

	if (live && live->parent && (!e->exists || e->fresh)) {
		drop(store, live);
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
	xs_domain_charge(store, xs_perms_owner(&e->node->perms), 1);
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
 * something it read changed since, -ENOSPC past a node quota, -ENOMEM, or
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
		err = check_quota(txn);
	}
	if (!err) {
		err = reserve_owners(txn);
	}
	if (err) {
		xs_domain_gc(txn->store);
		return err;
	}
	apply(txn);
	xs_domain_gc(txn->store);
	return 0;
}

/** Fires the watch events of committed @txn. */
void xs_commit_fire(struct xs_txn *txn)
{
	const struct xs_event *ev;

	for (ev = txn->events; ev; ev = ev->next) {
		xs_watch_fire(txn->store, ev->path, ev->removal, &ev->perms);
	}
}
