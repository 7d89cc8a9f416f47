/* SPDX-License-Identifier: MIT */
/* Xenstore session requests: watches and transactions of one connection. */
#include <errno.h>
#include <string.h>
#include "xs_internal.h"

/* "path\0token\0": the path resolved into conn->path, and its relative prefix. */
static int watch_args(struct xs_req *req, const char **token, uint32_t *rel)
{
	const char *argv[2];
	int len, err = xs_msg_args(req, argv, 2);

	if (err) {
		return err;
	}
	/* Every event must fit a message: token and the longest path. */
	if (strlen(argv[1]) > XS_TOKEN_MAX) {
		return -E2BIG;
	}
	len = xs_path_resolve(argv[0], &req->caller, req->store->limits.path_max, true,
			      req->conn->path);
	if (len < 0) {
		return len;
	}
	*token = argv[1];
	*rel = argv[0][0] == '/' || argv[0][0] == '@' ? 0
						      : (uint32_t)((size_t)len - strlen(argv[0]));
	return 0;
}

/* The watch fires once right after the reply (see xs_dispatch.c). */
int xs_session_watch(struct xs_req *req)
{
	const char *token;
	uint32_t rel;
	int err = watch_args(req, &token, &rel);

	err = err ? err : xs_watch_add(req->conn, req->conn->path, token, rel, &req->new_watch);
	return err ? err : xs_msg_reply_str(req, "OK");
}

int xs_session_unwatch(struct xs_req *req)
{
	const char *token;
	uint32_t rel;
	int err = watch_args(req, &token, &rel);

	err = err ? err : xs_watch_remove(req->conn, req->conn->path, token);
	return err ? err : xs_msg_reply_str(req, "OK");
}

/*
 * Any payload: the request has no argument. As in Xen, a client resetting
 * its session (a kernel starting over after kexec, say) ends its open
 * transactions too: nobody is left to end them.
 */
int xs_session_reset_watches(struct xs_req *req)
{
	xs_watch_reset(req->conn);
	xs_conn_end_txns(req->conn);
	return xs_msg_reply_str(req, "OK");
}

/* A non-zero id no open transaction of the connection has. */
static uint32_t next_txn_id(struct xs_conn *conn)
{
	uint32_t id;

	do {
		id = conn->txn_next++;
	} while (id == 0 || xs_conn_txn(conn, id));
	return id;
}

/*
 * Transactions do not nest (EBUSY inside one). Each costs memory for what
 * it touches, bounded by the transaction-nodes and transaction-bytes quotas,
 * which bind privileged callers too (a quota of 0 leaves room for nothing).
 */
int xs_session_txn_start(struct xs_req *req)
{
	struct xs_conn *conn = req->conn;
	const struct xs_domain *dom = conn->dom;
	uint32_t budget = xs_domain_quota(req->store, dom, XS_QUOTA_TRANSACTION_NODES);
	uint32_t bytes = xs_domain_quota(req->store, dom, XS_QUOTA_TRANSACTION_BYTES);
	struct xs_txn *txn;

	if (req->hdr.tx_id) {
		return -EBUSY;
	}
	if (!dom->privileged &&
	    conn->txn_count >= xs_domain_quota(req->store, dom, XS_QUOTA_TRANSACTIONS)) {
		return -ENOSPC;
	}
	if (xs_domain_bytes_room(req->store, dom, NULL, (int64_t)sizeof(*txn)) < 0) {
		return -ENOSPC;
	}
	txn = xs_txn_new(req->store, &req->caller, budget ? budget : 1, bytes ? bytes : 1);
	if (!txn) {
		return -ENOMEM;
	}
	txn->payer = dom->privileged ? NULL : dom;
	txn->id = next_txn_id(conn);
	txn->next = conn->txns;
	conn->txns = txn;
	conn->txn_count++;
	return xs_msg_reply_u64(req, txn->id);
}

static void unlink_txn(struct xs_conn *conn, struct xs_txn *txn)
{
	struct xs_txn **link;

	for (link = &conn->txns; *link; link = &(*link)->next) {
		if (*link == txn) {
			*link = txn->next;
			conn->txn_count--;
			return;
		}
	}
}

/*
 * "T\0" commits, "F\0" aborts; either way the transaction is over, even
 * when the commit fails (EAGAIN: start again).
 */
int xs_session_txn_end(struct xs_req *req)
{
	struct xs_txn *txn = xs_conn_txn(req->conn, req->hdr.tx_id);
	const char *argv[1];
	int err;

	if (!txn) {
		return -ENOENT;
	}
	err = xs_msg_args(req, argv, 1);
	if (err || (strcmp(argv[0], "T") != 0 && strcmp(argv[0], "F") != 0)) {
		return -EINVAL;
	}
	unlink_txn(req->conn, txn);
	if (argv[0][0] == 'F') {
		xs_txn_free(txn);
		return xs_msg_reply_str(req, "OK");
	}
	txn->caller = req->caller;
	err = xs_commit_apply(txn);
	if (err) {
		xs_txn_free(txn);
		return err;
	}
	req->done_txn = txn;
	return xs_msg_reply_str(req, "OK");
}
