/* SPDX-License-Identifier: MIT */
/* Xenstore domains: connections, privilege, targets, quotas and node charges. */
#include <errno.h>
#include <stdlib.h>
#include "xs_internal.h"

struct xs_domain *xs_domain_find(const struct xs_store *store, uint16_t domid)
{
	struct xs_domain *dom;

	for (dom = store->domains; dom; dom = dom->next) {
		if (dom->domid == domid) {
			return dom;
		}
	}
	return NULL;
}

/** @domid's record, created if need be. NULL when out of memory. */
struct xs_domain *xs_domain_get(struct xs_store *store, uint16_t domid)
{
	struct xs_domain *dom = xs_domain_find(store, domid);

	if (dom) {
		return dom;
	}
	dom = calloc(1, sizeof(*dom));
	if (!dom) {
		return NULL;
	}
	dom->domid = domid;
	dom->next = store->domains;
	store->domains = dom;
	return dom;
}

/*
 * @node, now in the tree, counts for its owner. Commits reserve the record of
 * every owner they charge, and an owner of nodes keeps its record, so it
 * exists.
 */
void xs_domain_charge(struct xs_store *store, const struct xs_node *node)
{
	struct xs_domain *dom = xs_domain_find(store, xs_perms_owner(&node->perms));

	if (dom) {
		dom->nodes_owned++;
		dom->node_bytes += xs_tree_node_bytes(node);
	}
}

/* @node, leaving the tree or about to change, no longer counts for its owner. */
void xs_domain_uncharge(struct xs_store *store, const struct xs_node *node)
{
	struct xs_domain *dom = xs_domain_find(store, xs_perms_owner(&node->perms));
	uint64_t bytes = xs_tree_node_bytes(node);

	if (dom && dom->nodes_owned) {
		dom->nodes_owned--;
		dom->node_bytes = bytes < dom->node_bytes ? dom->node_bytes - bytes : 0;
	}
}

/*
 * What @dom makes the store hold beyond its connection's fixed part: the
 * nodes it owns, its watches and its open transactions (all but @except).
 */
uint64_t xs_domain_bytes(const struct xs_domain *dom, const struct xs_txn *except)
{
	uint64_t bytes = dom->node_bytes;
	const struct xs_txn *txn;

	if (!dom->conn) {
		return bytes;
	}
	bytes += dom->conn->watch_bytes;
	for (txn = dom->conn->txns; txn; txn = txn->next) {
		if (txn != except) {
			bytes += sizeof(*txn) + txn->bytes;
		}
	}
	return bytes;
}

/*
 * 0 if @more bytes (may be negative) fit @dom's byte quota, else -ENOSPC.
 * Privileged domains and the store's own are not bound.
 */
int xs_domain_bytes_room(const struct xs_store *store, const struct xs_domain *dom,
			 const struct xs_txn *except, int64_t more)
{
	uint64_t used;

	if (!dom || dom->privileged || dom->domid == store->domid || more <= 0) {
		return 0;
	}
	used = xs_domain_bytes(dom, except);
	return used + (uint64_t)more > xs_domain_quota(store, dom, XS_QUOTA_BYTES) ? -ENOSPC : 0;
}

static bool domain_idle(const struct xs_domain *dom)
{
	return !dom->conn && !dom->nodes_owned && !dom->privileged && !dom->has_target &&
	       !dom->quota_set;
}

/** Frees the records nothing needs any more. */
void xs_domain_gc(struct xs_store *store)
{
	struct xs_domain **link = &store->domains, *dom;

	while ((dom = *link)) {
		if (domain_idle(dom)) {
			*link = dom->next;
			free(dom);
		} else {
			link = &dom->next;
		}
	}
}

/** The value of quota @which for @dom (NULL: a domain without a record). */
uint32_t xs_domain_quota(const struct xs_store *store, const struct xs_domain *dom,
			 enum xs_quota which)
{
	if (dom && (dom->quota_set & (1u << which))) {
		return dom->quota[which];
	}
	return xs_store_quota(store, which);
}

void xs_domain_caller(const struct xs_domain *dom, struct xs_caller *caller)
{
	caller->domid = dom->domid;
	caller->privileged = dom->privileged;
	caller->has_target = dom->has_target;
	caller->target = dom->target;
}

/*
 * Creates /local/domain/<domid>, owned by @owner and readable by the domain
 * (libxl's home: the domain may not rename itself), unless it exists.
 */
static int make_dir(struct xs_store *store, uint16_t domid, uint16_t owner)
{
	struct xs_perm entries[2] = { { owner, 0 }, { domid, XS_ACCESS_READ } };
	const struct xs_perms perms = { owner == domid ? 1u : 2u, entries };
	struct xs_caller caller;
	struct xs_entry *e;
	struct xs_txn *txn;
	char path[32];
	int len = xs_path_of_domain(domid, path, sizeof(path)), err;

	xs_store_caller(store, &caller);
	txn = xs_txn_new(store, &caller, 0, 0);
	if (!txn) {
		return -ENOMEM;
	}
	err = xs_txn_find(txn, path, (size_t)len, &e);
	if (!err && e && e->exists) {
		goto out;
	}
	err = err ? err : xs_node_ensure(txn, path, (size_t)len, 0, &e);
	err = err ? err : xs_txn_set_perms(txn, e, &perms);
	err = err ? err : xs_txn_event(txn, path, NULL);
	err = err ? err : xs_commit_apply(txn);
	if (!err) {
		xs_commit_fire(txn);
	}
out:
	xs_txn_free(txn);
	return err;
}

/*
 * Removes /local/domain/<domid> and everything below, if there. Watchers
 * below it are judged by their own nodes' perms (see xs_commit_perms_below),
 * so a backend that could read its device's node hears that it went.
 */
static int remove_dir(struct xs_store *store, uint16_t domid)
{
	struct xs_caller caller;
	struct xs_entry *e;
	struct xs_txn *txn;
	char path[32];
	int len = xs_path_of_domain(domid, path, sizeof(path)), err;

	xs_store_caller(store, &caller);
	txn = xs_txn_new(store, &caller, 0, 0);
	if (!txn) {
		return -ENOMEM;
	}
	err = xs_txn_find(txn, path, (size_t)len, &e);
	if (!err && e && e->exists) {
		err = xs_txn_event(txn, path, &e->node->perms);
		err = err ? err : xs_txn_remove(txn, e);
		err = err ? err : xs_commit_apply(txn);
		if (!err) {
			xs_commit_fire(txn);
		}
	}
	xs_txn_free(txn);
	return err;
}

struct xs_conn *xs_domain_introduce(struct xs_store *store, uint16_t domid)
{
	return xs_domain_introduce_by(store, domid, store->domid);
}

/** xs_domain_introduce with a home, if it must be made, owned by @owner. */
struct xs_conn *xs_domain_introduce_by(struct xs_store *store, uint16_t domid, uint16_t owner)
{
	struct xs_domain *dom;
	struct xs_conn *conn;

	if (domid > XS_DOMID_MAX || xs_domain_introduced(store, domid)) {
		return NULL;
	}
	dom = xs_domain_get(store, domid);
	conn = dom ? xs_conn_new(store, dom) : NULL;
	if (!conn) {
		xs_domain_gc(store);
		return NULL;
	}
	/* Linked first, so that the commit's clean-up keeps the record. */
	dom->conn = conn;
	dom->by_request = false;
	if (make_dir(store, domid, owner) < 0) {
		dom->conn = NULL;
		xs_conn_free(conn);
		xs_domain_gc(store);
		return NULL;
	}
	xs_watch_fire_special(store, "@introduceDomain");
	return conn;
}

/*
 * Leaves nothing of @domid for the next domain with its id (Xen's XSA-322):
 * the nodes it owns go to the store's own domain, whose record the skeleton
 * keeps, and the entries naming it leave every permission list. A changed
 * node gets a new generation, so a transaction that read it does not commit.
 */
static void disown(struct xs_store *store, uint16_t domid)
{
	struct xs_node *node;

	if (domid == store->domid) {
		return;
	}
	for (node = store->root; node; node = xs_tree_next(node, store->root)) {
		/* Forgetting needs no memory: the same entries, fewer of them. */
		xs_domain_uncharge(store, node);
		if (xs_perms_forget(&node->perms, domid, store->domid)) {
			node->gen = xs_store_next_gen(store);
		}
		xs_domain_charge(store, node);
	}
}

int xs_domain_release(struct xs_store *store, uint16_t domid)
{
	struct xs_domain *dom = xs_domain_find(store, domid);
	int err;

	if (!dom || !dom->conn) {
		return -ENOENT;
	}
	xs_conn_free(dom->conn);
	dom->conn = NULL;
	err = remove_dir(store, domid);
	disown(store, domid);
	for (dom = store->domains; dom; dom = dom->next) {
		if (dom->domid == domid) {
			dom->privileged = dom->has_target = false;
			dom->quota_set = 0;
		}
		/* Nor its controller's right: what it introduced is the main loop's now. */
		if (dom->by_request && dom->controller == domid) {
			dom->by_request = false;
		}
		/* A later domain with this id must not inherit a stand-in. */
		if (dom->has_target && dom->target == domid) {
			dom->has_target = false;
		}
	}
	xs_domain_gc(store);
	xs_watch_fire_special(store, "@releaseDomain");
	return err;
}

int xs_domain_set_privileged(struct xs_store *store, uint16_t domid, bool privileged)
{
	struct xs_domain *dom;

	if (domid > XS_DOMID_MAX) {
		return -EINVAL;
	}
	dom = privileged ? xs_domain_get(store, domid) : xs_domain_find(store, domid);
	if (privileged && !dom) {
		return -ENOMEM;
	}
	if (dom) {
		dom->privileged = privileged;
	}
	xs_domain_gc(store);
	return 0;
}

bool xs_domain_introduced(const struct xs_store *store, uint16_t domid)
{
	return xs_domain_conn(store, domid) != NULL;
}

struct xs_conn *xs_domain_conn(const struct xs_store *store, uint16_t domid)
{
	const struct xs_domain *dom = xs_domain_find(store, domid);

	return dom ? dom->conn : NULL;
}
