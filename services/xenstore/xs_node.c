/* SPDX-License-Identifier: MIT */
/* Xenstore node requests: READ, WRITE, MKDIR, RM, GET_PERMS, SET_PERMS. */
#include <errno.h>
#include <string.h>
#include "xs_internal.h"

/**
 * Resolves client path @in (relative to the caller's home, or absolute; no
 * special names) into the connection's path buffer. 0 with its length in
 * *@len, or -EINVAL.
 */
int xs_node_resolve(struct xs_req *req, const char *in, size_t *len)
{
	int n = xs_path_resolve(in, &req->caller, req->store->limits.path_max, false,
				req->conn->path);

	if (n < 0) {
		return n;
	}
	*len = (size_t)n;
	return 0;
}

static int one_path(struct xs_req *req, size_t *len)
{
	const char *argv[1];
	int err = xs_msg_args(req, argv, 1);

	return err ? err : xs_node_resolve(req, argv[0], len);
}

/* A node's value size and its permission entries bind unprivileged callers only, as in Xen. */
static uint32_t caller_quota(const struct xs_req *req, enum xs_quota which)
{
	if (req->caller.privileged) {
		return UINT32_MAX; /* the message's size bounds both */
	}
	return xs_domain_quota(req->store, xs_domain_find(req->store, req->caller.domid), which);
}

/* The nearest ancestor of @path that exists in the view (the root at worst). */
static int nearest_existing(struct xs_txn *txn, const char *path, size_t len, struct xs_entry **out,
			    uint32_t *missing)
{
	struct xs_entry *e = NULL;
	int err;

	*missing = 0;
	do {
		len = xs_path_parent_len(path, len);
		err = xs_txn_find(txn, path, len, &e);
		if (err) {
			return err;
		}
		(*missing)++;
	} while (!(e && e->exists) && len > 1);
	if (!e || !e->exists) {
		return -ENOENT;
	}
	*out = e;
	return 0;
}

/*
 * The error for @path absent from the view: ENOENT if the caller may read
 * its nearest existing ancestor, else EACCES, so that probing a directory one
 * may not read tells nothing of what it holds.
 */
static int absent_error(struct xs_req *req, const char *path, size_t len)
{
	struct xs_entry *e;
	uint32_t missing;
	int err = nearest_existing(req->txn, path, len, &e, &missing);

	if (err) {
		return err;
	}
	return (xs_perms_access(&e->node->perms, &req->caller) & XS_ACCESS_READ) ? -ENOENT
										 : -EACCES;
}

/**
 * @path's entry in the request's view, if it exists and the caller has every
 * right in @need. Returns 0, -EACCES, -ENOENT (see absent_error), -ENOMEM.
 */
int xs_node_get(struct xs_req *req, const char *path, size_t len, unsigned int need,
		struct xs_entry **out)
{
	struct xs_entry *e;
	int err = xs_txn_find(req->txn, path, len, &e);

	if (err) {
		return err;
	}
	if (!e || !e->exists) {
		return absent_error(req, path, len);
	}
	if ((xs_perms_access(&e->node->perms, &req->caller) & need) != need) {
		return -EACCES;
	}
	*out = e;
	return 0;
}

/*
 * Room for @missing new nodes on a path of @len bytes with perms of
 * @perms_count entries, plus an event and @then more bytes.
 */
static int creation_room(const struct xs_txn *txn, uint32_t missing, size_t len,
			 uint32_t perms_count, uint64_t then)
{
	int err = xs_txn_node_room(txn, missing);

	return err ? err
		   : xs_txn_room(txn, missing + 1,
				 missing * xs_txn_create_cost(len, perms_count) + then);
}

/*
 * New nodes take their parent's perms; an unprivileged creator becomes
 * the owner (and pays for them), a privileged one leaves the owner be.
 */
static int inherit(struct xs_perms *out, const struct xs_perms *parent,
		   const struct xs_caller *caller)
{
	int err = xs_perms_copy(out, parent);

	if (!err && !caller->privileged && out->count) {
		out->entries[0].domid = caller->domid;
	}
	return err;
}

/**
 * Makes @path exist in @txn's view, creating it and any missing ancestor
 * (write access to the nearest existing one required). Checks that the
 * budgets leave room for an event and @then more bytes besides, which the
 * caller adds once it exists. Returns 0 with *@out, -EACCES, -ENOSPC
 * (quota, budget), -ENOMEM.
 */
int xs_node_ensure(struct xs_txn *txn, const char *path, size_t len, uint64_t then,
		   struct xs_entry **out)
{
	struct xs_perms perms = { 0, NULL };
	struct xs_entry *e, *top;
	uint32_t missing;
	size_t pos;
	int err = xs_txn_find(txn, path, len, &e);

	if (err || (e && e->exists)) {
		*out = e;
		return err;
	}
	err = nearest_existing(txn, path, len, &top, &missing);
	if (err) {
		return err;
	}
	if (!(xs_perms_access(&top->node->perms, &txn->caller) & XS_ACCESS_WRITE)) {
		return -EACCES;
	}
	err = creation_room(txn, missing, len, top->node->perms.count, then);
	if (!err) {
		err = inherit(&perms, &top->node->perms, &txn->caller);
	}
	for (pos = top->path_len; !err && pos < len;) {
		pos++;
		while (pos < len && path[pos] != '/') {
			pos++;
		}
		err = xs_txn_create(txn, path, pos, &perms, out);
	}
	xs_perms_free(&perms);
	return err;
}

int xs_node_read(struct xs_req *req)
{
	struct xs_entry *e;
	size_t len;
	int err = one_path(req, &len);

	if (!err) {
		err = xs_node_get(req, req->conn->path, len, XS_ACCESS_READ, &e);
	}
	return err ? err : xs_msg_reply(req, e->node->value, e->node->value_len);
}

/* The path, then the value: everything after the path's NUL, maybe empty. */
int xs_node_write(struct xs_req *req)
{
	const char *nul = memchr(req->payload, '\0', req->len);
	const char *path = req->conn->path, *value;
	struct xs_entry *e;
	uint32_t value_len;
	uint64_t then;
	size_t len;
	int err;

	if (!nul) {
		return -EINVAL;
	}
	value = nul + 1;
	value_len = req->len - (uint32_t)(value - req->payload);
	if (value_len > caller_quota(req, XS_QUOTA_NODE_SIZE)) {
		return -E2BIG;
	}
	err = xs_node_resolve(req, req->payload, &len);
	if (err) {
		return err;
	}
	then = value_len + xs_txn_event_cost(len, NULL);
	err = xs_txn_find(req->txn, path, len, &e);
	if (!err && e && e->exists) {
		/* Room for the value and the event; xs_node_ensure checks new nodes'. */
		err = (xs_perms_access(&e->node->perms, &req->caller) & XS_ACCESS_WRITE)
			      ? xs_txn_room(req->txn, 1, then)
			      : -EACCES;
	}
	err = err ? err : xs_node_ensure(req->txn, path, len, then, &e);
	err = err ? err : xs_txn_set_value(req->txn, e, value, value_len);
	err = err ? err : xs_txn_event(req->txn, path, NULL);
	return err ? err : xs_msg_reply_str(req, "OK");
}

/* An existing node is fine (no event) if the caller could have written it. */
int xs_node_mkdir(struct xs_req *req)
{
	const char *path = req->conn->path;
	struct xs_entry *e;
	size_t len;
	int err = one_path(req, &len);

	err = err ? err : xs_txn_find(req->txn, path, len, &e);
	if (!err && e && e->exists) {
		if (!(xs_perms_access(&e->node->perms, &req->caller) & XS_ACCESS_WRITE)) {
			return -EACCES;
		}
		return xs_msg_reply_str(req, "OK");
	}
	err = err ? err : xs_node_ensure(req->txn, path, len, xs_txn_event_cost(len, NULL), &e);
	err = err ? err : xs_txn_event(req->txn, path, NULL);
	return err ? err : xs_msg_reply_str(req, "OK");
}

/*
 * Removing what is not there succeeds when its parent exists (the caller
 * wanted it gone), as Xen's store does; the root cannot be removed.
 */
static int rm_absent(struct xs_req *req, const char *path, size_t len)
{
	struct xs_entry *parent;
	int err = xs_node_get(req, path, xs_path_parent_len(path, len), XS_ACCESS_READ, &parent);

	return err ? err : xs_msg_reply_str(req, "OK");
}

int xs_node_rm(struct xs_req *req)
{
	const char *path = req->conn->path;
	struct xs_entry *e, *parent;
	size_t len;
	int err = one_path(req, &len);

	if (!err && len == 1) {
		return -EINVAL;
	}
	err = err ? err : xs_txn_find(req->txn, path, len, &e);
	if (!err && !(e && e->exists)) {
		return rm_absent(req, path, len);
	}
	if (!err && !(xs_perms_access(&e->node->perms, &req->caller) & XS_ACCESS_WRITE)) {
		err = -EACCES;
	}
	/*
	 * Recording the parent and checking room before any change leaves the
	 * event only ENOMEM to fail on, and xs_txn_remove nothing.
	 */
	err = err ? err : xs_txn_find(req->txn, path, xs_path_parent_len(path, len), &parent);
	err = err ? err : xs_txn_room(req->txn, 1, xs_txn_event_cost(len, &e->node->perms));
	err = err ? err : xs_txn_event(req->txn, path, &e->node->perms);
	err = err ? err : xs_txn_remove(req->txn, e);
	return err ? err : xs_msg_reply_str(req, "OK");
}

int xs_node_get_perms(struct xs_req *req)
{
	struct xs_entry *e;
	uint32_t n;
	size_t len;
	int err = one_path(req, &len);

	err = err ? err : xs_node_get(req, req->conn->path, len, XS_ACCESS_READ, &e);
	if (err) {
		return err;
	}
	n = xs_perms_format(&e->node->perms, req->conn->reply, XS_PAYLOAD_MAX);
	if (n == 0) {
		return -E2BIG;
	}
	req->reply_len = n;
	return 0;
}

/* Bytes @e's node grows by taking @perms. */
static uint64_t perms_growth(const struct xs_entry *e, const struct xs_perms *perms)
{
	uint32_t was = e->node->perms.count;

	return perms->count > was ? (uint64_t)(perms->count - was) * sizeof(struct xs_perm) : 0;
}

/*
 * Only the owner (or a privileged caller) may change a node's perms, and only
 * a privileged caller may name a new owner: giving a node away would charge
 * another domain's quota without its consent.
 */
int xs_node_set_perms(struct xs_req *req)
{
	const char *nul = memchr(req->payload, '\0', req->len);
	struct xs_perms perms = { 0, NULL };
	struct xs_entry *e;
	size_t len, off;
	int err;

	if (!nul) {
		return -EINVAL;
	}
	off = (size_t)(nul - req->payload) + 1;
	err = xs_node_resolve(req, req->payload, &len);
	err = err ? err
		  : xs_perms_parse(req->payload + off, req->len - off,
				   caller_quota(req, XS_QUOTA_PERMS), &perms);
	err = err ? err : xs_node_get(req, req->conn->path, len, XS_ACCESS_OWNER, &e);
	if (!err && !req->caller.privileged &&
	    xs_perms_owner(&perms) != xs_perms_owner(&e->node->perms)) {
		err = -EPERM; /* Xen's answer */
	}
	err = err ? err
		  : xs_txn_room(req->txn, 1,
				perms_growth(e, &perms) + xs_txn_event_cost(len, NULL));
	err = err ? err : xs_txn_set_perms(req->txn, e, &perms);
	err = err ? err : xs_txn_event(req->txn, req->conn->path, NULL);
	xs_perms_free(&perms);
	return err ? err : xs_msg_reply_str(req, "OK");
}
